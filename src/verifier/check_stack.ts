/**
 * The abstract interpreter's stack access (kernel/bpf/verifier.c check_stack_access_within_bounds,
 * check_stack_write_fixed_off / _var_off, check_stack_read_fixed_off, grow_stack_state): methods of
 * Checker (./check.ts), kept in their own module by what they check.
 */
import { Reg, RegType, markRegUnknown, markRegKnown, markRegKnownZero, isScalar, isPointer, regTnumConst, regTnumEqualsConst, regConstNum } from './reg.js';
import { tnumIsConst, tnumStr, tnumEqualsConst } from './tnum.js';
import { FuncState, STACK_INVALID, STACK_MISC, STACK_SPILL, STACK_ZERO, STACK_DYNPTR, STACK_ITER } from './state.js';
import { destroyIfDynptrStackSlot } from './dynptr.js';
import { markChainPrecision, stackAccess } from './precision.js';
import { BPF_MAX_VAR_OFF } from './check_util.js';
import type { Checker } from './check.js';
import { assignScalarIdBeforeMov } from './check_alu.js';
import { checkFastcallStackContract } from './fastcall.js';

/** get_reg_width: the bits needed for the register's largest unsigned value */
const regWidth = (r: Reg): number => (r.umax === 0n ? 0 : r.umax.toString(2).length);

/** stack read/write (check_stack_read / check_stack_write, fixed and variable offset) */
export function checkStackAccess(this: Checker, regno: number, reg: Reg, off: number, size: number, t: 'read' | 'write', valueRegno: number, stImm?: bigint): void {
  const frame = this.cur.frames[reg.frameno]!;
  const constOff = regTnumConst(reg);
  let minOff: number;
  let maxOff: number;
  if (constOff) {
    minOff = maxOff = off + regConstNum(reg);
  } else {
    if (reg.smax >= BPF_MAX_VAR_OFF || reg.smin <= -BPF_MAX_VAR_OFF) {
      this.err('EACCES', `invalid unbounded variable-offset${t === 'read' ? ' read from' : ' write to'} stack R${regno}`);
    }
    minOff = Number(reg.smin) + off;
    maxOff = Number(reg.smax) + off;
  }
  if (minOff < -512 || maxOff + size > 0 || size <= 0) {
    if (constOff) this.err('EACCES', `invalid${t === 'read' ? ' read from' : ' write to'} stack R${regno} off=${minOff} size=${size}`);
    this.err('EACCES', `invalid variable-offset${t === 'read' ? ' read from' : ' write to'} stack R${regno} var_off=${tnumStr(reg.varOff)} off=${off} size=${size}`);
  }
  this.growStack(frame, -minOff);
  if (this.env.fastcall) checkFastcallStackContract(this.env.fastcall, this.env.cfg, frame.subprogno, this.insnIdx, minOff);
  if (t === 'write') {
    const value = valueRegno >= 0 ? this.regs[valueRegno]! : null;
    if (constOff) this.stackWriteFixed(frame, minOff, size, value, stImm);
    else this.stackWriteVar(frame, minOff, maxOff + size, value, stImm);
    return;
  }
  const dst = valueRegno >= 0 ? this.regs[valueRegno]! : null;
  if (constOff) this.stackReadFixed(frame, minOff, size, dst);
  else {
    for (let o = minOff; o < maxOff + size; o++) {
      const slot = -o - 1;
      const ty = frame.slotType[((slot / 8) | 0) * 8 + (slot % 8)]!;
      if ((ty === STACK_INVALID && !this.allowUninitStack) || ty === STACK_DYNPTR || ty === STACK_ITER) this.err('EACCES', `invalid variable-offset read from stack R${regno} var_off=${tnumStr(reg.varOff)} off=${off} size=${size}`);
      if (ty === STACK_SPILL && frame.spilled[(slot / 8) | 0]?.type !== RegType.SCALAR_VALUE && !this.env.priv) {
        this.err('EACCES', `invalid variable-offset read from stack R${regno} var_off=${tnumStr(reg.varOff)} off=${off} size=${size}`);
      }
    }
    if (dst) markRegUnknown(dst);
  }
}

export function growStack(this: Checker, frame: FuncState, depth: number): void {
  const alloc = (depth + 7) & ~7;
  if (alloc > frame.allocated) frame.allocated = alloc;
  const sp = this.env.cfg.subprogs[frame.subprogno]!;
  if (depth > sp.stackDepth) sp.stackDepth = depth;
}

/** INSN_F_STACK_ACCESS: the current instruction spilled to or filled from this slot */
export function recordStackAccess(this: Checker, frame: FuncState, spi: number): void {
  const h = this.cur.histStack;
  if (h.length) h[h.length - 1] = stackAccess(frame.frameno, spi);
}

/** mark_chain_precision: privileged programs only (unprivileged ones compare every scalar) */
export function markPrecise(this: Checker, regno: number): void {
  if (!this.env.priv) return;
  const r = this.regs[regno]!;
  if (r.type !== RegType.SCALAR_VALUE) return;
  markChainPrecision(this.env.slots, this.cur, 1 << regno, [], true, this.isGlobalFuncStart);
}

export function stackWriteFixed(this: Checker, frame: FuncState, off: number, size: number, value: Reg | null, stImm?: bigint): void {
  const spi = ((-off - 1) / 8) | 0;
  // overwriting part of a spilled pointer (unprivileged: the pointer would leak byte-wise)
  if (!this.env.priv && frame.slotType[spi * 8 + 7] === STACK_SPILL && size !== 8) {
    const sp = frame.spilled[spi];
    if (sp && isPointer(sp)) this.err('EACCES', 'attempt to corrupt spilled pointer on stack');
  }
  destroyIfDynptrStackSlot(this.host, frame, spi);
  if (value && isPointer(value)) {
    // a pointer is spilled whole or not at all (check_stack_write_fixed_off)
    if (size !== 8) this.err('EACCES', 'invalid size of register spill');
    if (frame !== this.cur.cur && value.type === RegType.PTR_TO_STACK) this.err('EINVAL', 'cannot spill pointers to stack into stack frame of the caller');
  }
  // check_stack_write_fixed_off: a scalar (or BPF_ST's immediate) written to the start of a
  // slot by a privileged program is spilled, 1 to 8 bytes (save_register_state: the written
  // bytes become STACK_SPILL, the others of the slot STACK_MISC unless zero or never written)
  const spillScalar = this.env.priv && off % 8 === 0 && ((value && isScalar(value)) || stImm !== undefined);
  if ((value && isPointer(value)) || spillScalar) {
    let v: Reg;
    if (value) {
      // assign_scalar_id_before_mov: the register and its spill stay tied (a later comparison of
      // one bounds the other), unless the spill narrows the value
      if (this.env.rules.spillScalarIds && isScalar(value) && regWidth(value) <= size * 8) assignScalarIdBeforeMov(this, value);
      v = value.clone();
      // a narrowing spill breaks the link to the register (get_reg_width > size * 8)
      if (size < 8 && regWidth(value) > size * 8) v.id = 0;
    } else {
      v = new Reg();
      markRegUnknown(v);
      markRegKnown(v, stImm!);
    }
    frame.spilled[spi] = v;
    for (let b = 0; b < 8; b++) {
      const idx = spi * 8 + b;
      if (b >= 8 - size) frame.slotType[idx] = STACK_SPILL;
      else if (frame.slotType[idx] !== STACK_ZERO && frame.slotType[idx] !== STACK_INVALID) frame.slotType[idx] = STACK_MISC;
    }
    this.recordStackAccess(frame, spi);
    return;
  }
  // a partial write: a spilled register in this slot is gone
  if (frame.slotType[spi * 8 + 7] === STACK_SPILL) {
    for (let k = 0; k < 8; k++) if (frame.slotType[spi * 8 + k] === STACK_SPILL) frame.slotType[spi * 8 + k] = STACK_MISC;
    frame.spilled[spi] = null;
  }
  const isZero = (value && isScalar(value) && regTnumEqualsConst(value, 0, 0)) || stImm === 0n;
  for (let k = 0; k < size; k++) {
    const slot = -off - 1 - k;
    const idx = ((slot / 8) | 0) * 8 + (slot % 8);
    frame.slotType[idx] = isZero ? STACK_ZERO : STACK_MISC;
  }
}

export function stackWriteVar(this: Checker, frame: FuncState, lo: number, hi: number, value: Reg | null, stImm?: bigint): void {
  const isZero = (value && isScalar(value) && tnumEqualsConst(value.varOff, 0n)) || stImm === 0n;
  for (let o = lo; o < hi; o++) destroyIfDynptrStackSlot(this.host, frame, ((-o - 1) / 8) | 0);
  for (let o = lo; o < hi; o++) {
    const slot = -o - 1;
    const spi = (slot / 8) | 0;
    if (frame.slotType[spi * 8 + 7] === STACK_SPILL) {
      const sp = frame.spilled[spi];
      if (sp && isPointer(sp) && !this.env.priv) this.err('EACCES', `spilled ptr in range of var-offset stack write; insn ${this.insnIdx}, ptr off: ${-(spi + 1) * 8}`);
      for (let k = 0; k < 8; k++) if (frame.slotType[spi * 8 + k] === STACK_SPILL) frame.slotType[spi * 8 + k] = STACK_MISC;
      frame.spilled[spi] = null;
    }
    const idx = spi * 8 + (slot % 8);
    if (frame.slotType[idx] === STACK_INVALID && !this.env.priv) {
      this.err('EPERM', `uninit stack in range of var-offset write prohibited for !root; insn ${this.insnIdx}, off: ${o}`);
    }
    frame.slotType[idx] = isZero && frame.slotType[idx] === STACK_ZERO ? STACK_ZERO : STACK_MISC;
  }
}

export function stackReadFixed(this: Checker, frame: FuncState, off: number, size: number, dst: Reg | null): void {
  const spi = ((-off - 1) / 8) | 0;
  if (frame.slotType[spi * 8 + 7] === STACK_SPILL) {
    const sp = frame.spilled[spi];
    // check_stack_read_fixed_off: the spill's size is its run of STACK_SPILL bytes from the top
    let spillSize = 1;
    for (let b = 6; b >= 0 && frame.slotType[spi * 8 + b] === STACK_SPILL; b--) spillSize++;
    if (size === 8 && spillSize === 8) {
      if (off % 8 !== 0) this.err('EACCES', 'corrupted spill memory');
      if (dst && sp) dst.assign(sp);
      this.recordStackAccess(frame, spi);
      return;
    }
    if (sp && sp.type !== RegType.SCALAR_VALUE) this.err('EACCES', 'invalid size of register fill');
    if (!dst) return;
    if (size <= spillSize && off % 8 === 0) {
      // a narrow fill of a scalar spill (bpf_stack_narrow_access_ok): the spilled value,
      // truncated by the load (coerce_reg_to_size); a narrowing fill breaks the id link
      dst.assign(sp!);
      if (regWidth(sp!) > size * 8) dst.id = 0;
      this.recordStackAccess(frame, spi);
      return;
    }
    let spills = 0;
    let zeros = 0;
    for (let k = 0; k < size; k++) {
      const slot = -off - 1 - k;
      const ty = frame.slotType[((slot / 8) | 0) * 8 + (slot % 8)]!;
      if (ty === STACK_SPILL) spills++;
      else if (ty === STACK_ZERO) zeros++;
      else if (ty === STACK_INVALID && !this.allowUninitStack) this.err('EACCES', `invalid read from stack off ${off}+${k} size ${size}`);
    }
    if (spills === size && sp && tnumIsConst(sp.varOff) && sp.varOff.value === 0n) { markRegKnownZero(dst); this.recordStackAccess(frame, spi); }
    else if (zeros === size) markRegKnownZero(dst);
    else markRegUnknown(dst);
    return;
  }
  let zeros = 0;
  for (let k = 0; k < size; k++) {
    const slot = -off - 1 - k;
    const idx = ((slot / 8) | 0) * 8 + (slot % 8);
    const ty = frame.slotType[idx]!;
    if (ty === STACK_MISC) continue;
    if (ty === STACK_ZERO) { zeros++; continue; }
    if (ty === STACK_SPILL) {
      if (frame.spilled[(slot / 8) | 0]?.type !== RegType.SCALAR_VALUE) this.err('EACCES', 'invalid size of register fill');
      continue;
    }
    // check_stack_read_fixed_off: with allow_uninit_stack an uninitialised byte reads as unknown
    if (ty === STACK_INVALID && this.allowUninitStack) continue;
    this.err('EACCES', `invalid read from stack off ${off}+${k} size ${size}`);
  }
  if (dst) {
    if (zeros === size) markRegKnownZero(dst);
    else markRegUnknown(dst);
  }
}
