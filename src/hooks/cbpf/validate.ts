/**
 * The kernel's checks on a classic program before it is attached (net/core/filter.c:
 * bpf_check_basics_ok, bpf_check_classic, chk_code_allowed, check_load_and_stores). All
 * failures are EINVAL, as SO_ATTACH_FILTER reports them.
 */
import { BpfError } from '../../isa/errors.js';
import * as c from './opcodes.js';
import type { SockFilter } from './program.js';

/** the opcodes chk_code_allowed() accepts */
const ALLOWED = new Set<number>([
  ...[c.BPF_ADD, c.BPF_SUB, c.BPF_MUL, c.BPF_DIV, c.BPF_MOD, c.BPF_AND, c.BPF_OR, c.BPF_XOR, c.BPF_LSH, c.BPF_RSH].flatMap((o) => [c.BPF_ALU | o | c.BPF_K, c.BPF_ALU | o | c.BPF_X]),
  c.BPF_ALU | c.BPF_NEG,
  ...[c.BPF_W, c.BPF_H, c.BPF_B].flatMap((s) => [c.BPF_LD | s | c.BPF_ABS, c.BPF_LD | s | c.BPF_IND]),
  c.BPF_LD | c.BPF_W | c.BPF_LEN, c.BPF_LDX | c.BPF_W | c.BPF_LEN,
  c.BPF_LD | c.BPF_IMM, c.BPF_LDX | c.BPF_IMM, c.BPF_LD | c.BPF_MEM, c.BPF_LDX | c.BPF_MEM,
  c.BPF_LDX | c.BPF_MSH | c.BPF_B, c.BPF_ST, c.BPF_STX,
  c.BPF_MISC | c.BPF_TAX, c.BPF_MISC | c.BPF_TXA,
  c.BPF_RET | c.BPF_K, c.BPF_RET | c.BPF_A,
  c.BPF_JMP | c.BPF_JA,
  ...[c.BPF_JEQ, c.BPF_JGT, c.BPF_JGE, c.BPF_JSET].flatMap((o) => [c.BPF_JMP | o | c.BPF_K, c.BPF_JMP | o | c.BPF_X]),
]);

/** ancillary offsets bpf_anc_helper() knows */
const ANCILLARY = new Set([
  c.SKF_AD_PROTOCOL, c.SKF_AD_PKTTYPE, c.SKF_AD_IFINDEX, c.SKF_AD_NLATTR, c.SKF_AD_NLATTR_NEST, c.SKF_AD_MARK,
  c.SKF_AD_QUEUE, c.SKF_AD_HATYPE, c.SKF_AD_RXHASH, c.SKF_AD_CPU, c.SKF_AD_ALU_XOR_X, c.SKF_AD_VLAN_TAG,
  c.SKF_AD_VLAN_TAG_PRESENT, c.SKF_AD_PAY_OFFSET, c.SKF_AD_RANDOM, c.SKF_AD_VLAN_TPID,
]);

const bad = (msg: string, insn?: number): BpfError => new BpfError('EINVAL', msg, insn === undefined ? {} : { insn });

export function checkClassic(prog: SockFilter[]): void {
  const flen = prog.length;
  if (flen === 0 || flen > c.BPF_MAXINSNS) throw bad(`classic program length ${flen} not in 1..${c.BPF_MAXINSNS}`);
  for (let pc = 0; pc < flen; pc++) {
    const { code, jt, jf } = prog[pc]!;
    const k = prog[pc]!.k >>> 0;
    if (!ALLOWED.has(code)) throw bad(`opcode 0x${code.toString(16)} is not allowed in a classic filter`, pc);
    switch (code) {
      case c.BPF_ALU | c.BPF_DIV | c.BPF_K:
      case c.BPF_ALU | c.BPF_MOD | c.BPF_K:
        if (k === 0) throw bad('division by constant zero', pc);
        break;
      case c.BPF_ALU | c.BPF_LSH | c.BPF_K:
      case c.BPF_ALU | c.BPF_RSH | c.BPF_K:
        if (k >= 32) throw bad(`shift by ${k} (>= 32)`, pc);
        break;
      case c.BPF_LD | c.BPF_MEM:
      case c.BPF_LDX | c.BPF_MEM:
      case c.BPF_ST:
      case c.BPF_STX:
        if (k >= c.BPF_MEMWORDS) throw bad(`scratch memory index ${k} out of range (0..${c.BPF_MEMWORDS - 1})`, pc);
        break;
      case c.BPF_JMP | c.BPF_JA:
        // "the large k might cause loops": unsigned, so a backward ja is rejected too
        if (k >= flen - pc - 1) throw bad(`ja ${k} jumps out of the program`, pc);
        break;
      case c.BPF_LD | c.BPF_W | c.BPF_ABS:
      case c.BPF_LD | c.BPF_H | c.BPF_ABS:
      case c.BPF_LD | c.BPF_B | c.BPF_ABS:
        if ((k | 0) >= c.SKF_AD_OFF && (k | 0) < 0 && !ANCILLARY.has((k | 0) - c.SKF_AD_OFF)) throw bad(`unknown ancillary load at SKF_AD_OFF + ${(k | 0) - c.SKF_AD_OFF}`, pc);
        break;
      default:
        if (c.BPF_CLASS(code) === c.BPF_JMP && (pc + jt + 1 >= flen || pc + jf + 1 >= flen)) throw bad('conditional jump out of the program', pc);
    }
  }
  const last = prog[flen - 1]!.code;
  if (last !== (c.BPF_RET | c.BPF_K) && last !== (c.BPF_RET | c.BPF_A)) throw bad('the last instruction is not a return', flen - 1);
  checkLoadAndStores(prog);
}

/** check_load_and_stores(): a scratch word must be written on every path before it is read */
function checkLoadAndStores(prog: SockFilter[]): void {
  const flen = prog.length;
  const masks = new Uint16Array(flen).fill(0xffff);
  let memvalid = 0;
  for (let pc = 0; pc < flen; pc++) {
    memvalid &= masks[pc]!;
    const { code, jt, jf, k } = prog[pc]!;
    switch (code) {
      case c.BPF_ST:
      case c.BPF_STX:
        memvalid |= 1 << k;
        break;
      case c.BPF_LD | c.BPF_MEM:
      case c.BPF_LDX | c.BPF_MEM:
        if (!(memvalid & (1 << k))) throw bad(`scratch word M[${k}] read before it is written`, pc);
        break;
      case c.BPF_JMP | c.BPF_JA:
        masks[pc + 1 + k] = masks[pc + 1 + k]! & memvalid;
        memvalid = 0xffff;
        break;
      default:
        if (c.BPF_CLASS(code) === c.BPF_JMP) {
          masks[pc + 1 + jt] = masks[pc + 1 + jt]! & memvalid;
          masks[pc + 1 + jf] = masks[pc + 1 + jf]! & memvalid;
          memvalid = 0xffff;
        }
    }
  }
}
