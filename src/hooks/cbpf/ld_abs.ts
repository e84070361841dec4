/**
 * Legacy packet loads (LD_ABS / LD_IND) of a converted classic filter as direct packet reads, so
 * the JIT runs the whole filter in WebAssembly instead of calling out to JavaScript for every
 * load. Linux does the same kind of rewrite before running such a program: the verifier's
 * do_misc_fixups replaces each LD_ABS/LD_IND with the program type's gen_ld_abs sequence
 * (net/core/filter.c bpf_gen_ld_abs), and the JITs inline the in-packet case.
 *
 * Each load becomes a bounds-checked read of the packet through `__sk_buff.data` /
 * `data_end` (loaded once, into r8 and r9, which the classic conversion never uses), followed by
 * a byte swap to host order; anything else (a negative offset, an offset too large for the
 * verifier's packet range, a read past data_end) falls through to the original instruction,
 * which gives the exact legacy semantics (the program ends with 0). r1 and r2 serve as
 * temporaries: LD_ABS/LD_IND clobber r1-r5, and the conversion writes them before every read.
 * The result must pass the verifier (as a tc program) before it may run unchecked.
 */
import * as e from '../../isa/opcodes.js';
import { insn, LDDW, type Instruction } from '../../isa/instruction.js';

/** offsetof(struct __sk_buff, data) and data_end (include/uapi/linux/bpf.h) */
const SKB_DATA = 76;
const SKB_DATA_END = 80;
/** MAX_PACKET_OFF (kernel/bpf/verifier.c): the largest packet offset the verifier tracks */
const MAX_PACKET_OFF = 0xffff;
const R_DATA = 8;
const R_END = 9;

const sizeOf = (code: number): number => ((code & 0x18) === e.BPF_W ? 4 : (code & 0x18) === e.BPF_H ? 2 : 1);

/** the fast path of one LD_ABS/LD_IND; the slow path (`orig`) follows it */
function expand(orig: Instruction): Instruction[] {
  const size = sizeOf(orig.code);
  const ind = (orig.code & 0xe0) === e.BPF_IND;
  const k = orig.imm | 0;
  const load = insn(e.BPF_LDX | e.BPF_MEM | (orig.code & 0x18), 0, 1, ind ? 0 : -size);
  const swap = size === 1 ? [] : [insn(e.BPF_ALU | e.BPF_END | e.BPF_TO_BE, 0, 0, 0, size * 8)];
  let head: Instruction[];
  if (!ind) {
    if (k < 0 || k + size > MAX_PACKET_OFF) return [orig];
    head = [
      insn(e.BPF_ALU64 | e.BPF_MOV | e.BPF_X, 1, R_DATA),
      insn(e.BPF_ALU64 | e.BPF_ADD | e.BPF_K, 1, 0, 0, k + size),
      // r1 = data + k + size > data_end: to the slow path
      insn(e.BPF_JMP | e.BPF_JGT | e.BPF_X, 1, R_END, 1 + swap.length + 1),
    ];
  } else {
    head = [
      // off = (u32)(X + k); a negative 32-bit offset is above the bound too
      insn(e.BPF_ALU | e.BPF_MOV | e.BPF_X, 1, orig.src),
      insn(e.BPF_ALU | e.BPF_ADD | e.BPF_K, 1, 0, 0, k),
      insn(e.BPF_JMP | e.BPF_JGT | e.BPF_K, 1, 0, 4 + 1 + swap.length + 1, MAX_PACKET_OFF - size),
      insn(e.BPF_ALU64 | e.BPF_ADD | e.BPF_X, 1, R_DATA),
      insn(e.BPF_ALU64 | e.BPF_MOV | e.BPF_X, 2, 1),
      insn(e.BPF_ALU64 | e.BPF_ADD | e.BPF_K, 2, 0, 0, size),
      insn(e.BPF_JMP | e.BPF_JGT | e.BPF_X, 2, R_END, 1 + swap.length + 1),
    ];
  }
  return [...head, load, ...swap, insn(e.BPF_JMP | e.BPF_JA, 0, 0, 1), orig];
}

const isJump = (code: number): boolean => {
  const cls = code & 7;
  if (cls !== e.BPF_JMP && cls !== e.BPF_JMP32) return false;
  const op = code & 0xf0;
  return op !== e.BPF_CALL && op !== e.BPF_EXIT;
};

/**
 * The program with its packet loads inlined, or null when it is not shaped like a converted
 * classic filter (uses r8/r9, lddw, local calls, backward jumps or the 32-bit `gotol`).
 */
export function inlinePacketLoads(insns: readonly Instruction[]): Instruction[] | null {
  let loads = 0;
  for (let i = 0; i < insns.length; i++) {
    const x = insns[i]!;
    if (x.code === LDDW || x.dst === R_DATA || x.dst === R_END || x.src === R_DATA || x.src === R_END) return null;
    if ((x.code & 7) === e.BPF_JMP && (x.code & 0xf0) === e.BPF_CALL && x.src !== 0) return null;
    if (isJump(x.code) && ((x.code & 7) === e.BPF_JMP32 && (x.code & 0xf0) === e.BPF_JA || x.off < 0)) return null;
    const mode = x.code & 0xe0;
    if ((x.code & 7) === e.BPF_LD && (mode === e.BPF_ABS || mode === e.BPF_IND)) loads++;
  }
  if (loads === 0) return null;
  // r1 is the context at entry: r8 = data, r9 = data_end
  const out: Instruction[] = [insn(e.BPF_LDX | e.BPF_MEM | e.BPF_W, R_DATA, 1, SKB_DATA), insn(e.BPF_LDX | e.BPF_MEM | e.BPF_W, R_END, 1, SKB_DATA_END)];
  const at: number[] = [];
  const jumps: Array<[number, number]> = [];
  for (let i = 0; i < insns.length; i++) {
    const x = insns[i]!;
    at.push(out.length);
    const mode = x.code & 0xe0;
    if ((x.code & 7) === e.BPF_LD && (mode === e.BPF_ABS || mode === e.BPF_IND)) {
      out.push(...expand(x));
    } else if (x.code === (e.BPF_ALU | e.BPF_XOR | e.BPF_X) && x.dst === x.src) {
      // the conversion clears A and X with `w ^= w`, which the verifier reads as a use of an
      // uninitialised register (classic filters never meet the eBPF verifier in Linux): `w = 0`
      out.push(insn(e.BPF_ALU | e.BPF_MOV | e.BPF_K, x.dst, 0, 0, 0));
    } else {
      if (isJump(x.code)) jumps.push([out.length, i + 1 + x.off]);
      out.push(x);
    }
  }
  at.push(out.length);
  for (const [pos, target] of jumps) {
    const t = at[target];
    if (t === undefined) return null;
    const off = t - pos - 1;
    if (off > 32767) return null;
    out[pos] = { ...out[pos]!, off };
  }
  return out;
}
