/**
 * Structural validation of instructions: the checks the kernel makes before verification
 * (kernel/bpf/verifier.c: check_subprogs, resolve_pseudo_ldimm64, do_check's "reserved fields"
 * and "unknown opcode" checks) that need no abstract state. RFC 9669 defines which opcodes exist.
 */
import { BpfError } from './errors.js';
import { type Instruction, LDDW, slotIndices } from './instruction.js';
import * as op from './opcodes.js';

/**
 * Check that an instruction is a defined opcode with sane registers and zero reserved fields.
 * Returns null when valid, else the reason (the kernel's wording where it has one).
 */
export function checkInstruction(i: Instruction): string | null {
  const { code, dst, src, off, imm } = i;
  if (dst > 10 || dst < 0) return `R${dst} is invalid`;
  if (src > 10 || src < 0) {
    // lddw and call use src as a pseudo tag, not a register
    if (!(code === LDDW || code === (op.BPF_JMP | op.BPF_CALL))) return `R${src} is invalid`;
  }
  const cls = code & 7;
  switch (cls) {
    case op.BPF_ALU:
    case op.BPF_ALU64: {
      const o = code & 0xf0;
      const x = (code & op.BPF_X) !== 0;
      if (o === op.BPF_END) {
        if (cls === op.BPF_ALU64 && x) return `unknown opcode ${hex(code)}`;
        if (src !== 0 || off !== 0 || (imm !== 16 && imm !== 32 && imm !== 64)) return 'BPF_END uses reserved fields';
        return null;
      }
      if (o === op.BPF_NEG) {
        if (x || src !== 0 || off !== 0 || imm !== 0) return 'BPF_NEG uses reserved fields';
        return null;
      }
      if (o > op.BPF_END) return `unknown opcode ${hex(code)}`;
      if (o === op.BPF_MOV) {
        if (x && cls === op.BPF_ALU64 && off === op.BPF_ADDR_SPACE_CAST) {
          // check_alu_op: addr_space_cast between address spaces 1 and 0 (arena pointers)
          if (imm !== 1 && imm !== 1 << 16) return 'addr_space_cast insn can only convert between address space 1 and 0';
        } else if (x) {
          if (imm !== 0) return 'BPF_MOV uses reserved fields';
          if (off !== 0 && !(off === 8 || off === 16 || (off === 32 && cls === op.BPF_ALU64))) return 'BPF_MOV uses reserved fields';
        } else if (src !== 0 || off !== 0) return 'BPF_MOV uses reserved fields';
        return null;
      }
      if (o === op.BPF_DIV || o === op.BPF_MOD) {
        if (off !== 0 && off !== 1) return 'BPF_ALU uses reserved fields';
      } else if (off !== 0) return 'BPF_ALU uses reserved fields';
      if (x ? imm !== 0 : src !== 0) return 'BPF_ALU uses reserved fields';
      return null;
    }
    case op.BPF_JMP:
    case op.BPF_JMP32: {
      const o = code & 0xf0;
      const x = (code & op.BPF_X) !== 0;
      if (o === op.BPF_CALL) {
        if (cls !== op.BPF_JMP) return `unknown opcode ${hex(code)}`;
        if (x) {
          // callx (RFC 9669 callx group): target in a register
          if (off !== 0 || src !== 0 || imm !== 0) return 'BPF_CALL uses reserved fields';
          return null;
        }
        if (off !== 0 || dst !== 0 || (src !== 0 && src !== op.BPF_PSEUDO_CALL && src !== op.BPF_PSEUDO_KFUNC_CALL)) return 'BPF_CALL uses reserved fields';
        return null;
      }
      if (o === op.BPF_EXIT) {
        if (cls !== op.BPF_JMP || x || imm !== 0 || src !== 0 || dst !== 0 || off !== 0) return 'BPF_EXIT uses reserved fields';
        return null;
      }
      if (o === op.BPF_JA) {
        if (x || src !== 0 || dst !== 0) return 'BPF_JA uses reserved fields';
        if (cls === op.BPF_JMP && imm !== 0) return 'BPF_JA uses reserved fields';
        if (cls === op.BPF_JMP32 && off !== 0) return 'BPF_JA uses reserved fields';
        return null;
      }
      if (o === op.BPF_JCOND) {
        // may_goto (Linux 6.9): BPF_JMP | BPF_JCOND | BPF_K with src_reg BPF_MAY_GOTO (0)
        if (cls !== op.BPF_JMP || x) return `unknown opcode ${hex(code)}`;
        if (src !== 0 || dst !== 0 || imm !== 0) return `invalid may_goto imm ${imm}`;
        return null;
      }
      if (o > op.BPF_JSLE) return `unknown opcode ${hex(code)}`;
      if (x ? imm !== 0 : src !== 0) return 'BPF_JMP/JMP32 uses reserved fields';
      return null;
    }
    case op.BPF_LD: {
      if (code === LDDW) {
        if (off !== 0) return 'invalid bpf_ld_imm64 insn';
        if (src > op.BPF_PSEUDO_MAP_IDX_VALUE) return 'unrecognized bpf_ld_imm64 insn';
        return null;
      }
      const mode = code & 0xe0;
      if ((mode === op.BPF_ABS || mode === op.BPF_IND) && (code & 0x18) !== op.BPF_DW) {
        if (off !== 0 || dst !== 0 || (mode === op.BPF_ABS && src !== 0)) return 'BPF_LD_[ABS|IND] uses reserved fields';
        return null;
      }
      return `unknown opcode ${hex(code)}`;
    }
    case op.BPF_LDX: {
      const mode = code & 0xe0;
      if (mode === op.BPF_MEM || (mode === op.BPF_MEMSX && (code & 0x18) !== op.BPF_DW)) {
        if (imm !== 0) return 'BPF_LDX uses reserved fields';
        return null;
      }
      return `unknown opcode ${hex(code)}`;
    }
    case op.BPF_ST: {
      if ((code & 0xe0) !== op.BPF_MEM) return `unknown opcode ${hex(code)}`;
      if (src !== 0) return 'BPF_ST uses reserved fields';
      return null;
    }
    case op.BPF_STX: {
      const mode = code & 0xe0;
      if (mode === op.BPF_MEM) {
        if (imm !== 0) return 'BPF_STX uses reserved fields';
        return null;
      }
      if (mode === op.BPF_ATOMIC) {
        const sz = code & 0x18;
        if (sz !== op.BPF_W && sz !== op.BPF_DW) return `unknown opcode ${hex(code)}`;
        if (!isAtomicOp(imm)) return `BPF_ATOMIC uses invalid atomic opcode ${hex(imm)}`;
        return null;
      }
      return `unknown opcode ${hex(code)}`;
    }
  }
  return `unknown opcode ${hex(code)}`;
}

export function isAtomicOp(imm: number): boolean {
  switch (imm) {
    case op.BPF_ADD: case op.BPF_OR: case op.BPF_AND: case op.BPF_XOR:
    case op.BPF_ADD | op.BPF_FETCH: case op.BPF_OR | op.BPF_FETCH:
    case op.BPF_AND | op.BPF_FETCH: case op.BPF_XOR | op.BPF_FETCH:
    case op.BPF_XCHG: case op.BPF_CMPXCHG:
      return true;
  }
  return false;
}

/** jump target (slot index) of a jump or local call at slot `pc` (possibly out of range), or null when not a jump */
export function jumpTarget(i: Instruction, pc: number): number | null {
  const cls = i.code & 7;
  if (cls !== op.BPF_JMP && cls !== op.BPF_JMP32) return null;
  const o = i.code & 0xf0;
  if (o === op.BPF_EXIT) return null;
  if (o === op.BPF_CALL) return i.src === op.BPF_PSEUDO_CALL && !(i.code & op.BPF_X) ? pc + i.imm + 1 : null;
  if (o === op.BPF_JA && cls === op.BPF_JMP32) return pc + i.imm + 1; // gotol
  return pc + i.off + 1;
}

/**
 * Validate a whole program: every instruction defined, every jump and local call inside the
 * program and not into the middle of an lddw. Throws BpfError(EINVAL) naming the slot index.
 */
export function validateInstructions(insns: readonly Instruction[]): void {
  const slots = slotIndices(insns);
  const total = slots[insns.length]!;
  if (insns.length === 0) throw new BpfError('EINVAL', 'empty program');
  const lddwSecond = new Uint8Array(total + 1);
  for (let k = 0; k < insns.length; k++) if (insns[k]!.code === LDDW) lddwSecond[slots[k]! + 1] = 1;
  for (let k = 0; k < insns.length; k++) {
    const i = insns[k]!;
    const pc = slots[k]!;
    const why = checkInstruction(i);
    if (why) throw new BpfError('EINVAL', why, { insn: pc });
    const t = jumpTarget(i, pc);
    if (t !== null) {
      // a target of -1 is out of range like any other (it is not a "no jump" sentinel)
      if (t < 0 || t >= total) throw new BpfError('EINVAL', `jump out of range from insn ${pc} to ${t}`, { insn: pc });
      if (lddwSecond[t]) throw new BpfError('EINVAL', `jump into the middle of ldimm64 insn ${t - 1}`, { insn: pc });
    }
  }
}

function hex(n: number): string {
  return '0x' + (n >>> 0).toString(16);
}
