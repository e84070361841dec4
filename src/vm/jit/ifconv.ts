/**
 * If-conversion of short one-sided branches ("triangles") into wasm `select`, which V8 turns into
 * x86 `cmov`: `if (cond) goto J; S: rX = ...; J:` (or the mirror, `if (cond) goto S; ... S: rX =
 * ...; J:`) computes S's values unconditionally and keeps them or the old ones by the condition.
 *
 * Why: clang compiles branchy integer code (an ilog2 binary search, min/max, clamps, saturating
 * steps) to such triangles, and when their condition depends on data, each one is a branch the CPU
 * mispredicts about half the time. The kernel's x86 JIT emits the branches as they are
 * (arch/x86/net/bpf_jit_comp.c do_jit: one jcc per BPF_JMP); for a JIT behind V8 they also cost
 * registers: every value merged at J is a phi, and V8's register allocator spills some of them
 * inside loops. With `select`, S is straight-line code and J no merge of values.
 *
 * Only side-effect-free ALU instructions that cannot trap qualify (mov, add, sub, mul, and, or,
 * xor, shifts, neg; not div/mod, not byte swaps, not addr_space_cast), at most MAX_INSNS of them
 * writing at most MAX_REGS registers, and only in code that does not count instructions (verified
 * programs run with `countInstructions: false`): counting a converted side's instructions takes a
 * data-dependent add to the count, and that made checked code slower than its branches (see
 * codegen_func.ts genCond).
 */
import * as op from '../../isa/opcodes.js';
import { type Block, type FuncCfg, type Program, Term, nextSlot } from './cfg.js';

/** longest side converted (instructions): both sides' work is done, so only short ones pay */
const MAX_INSNS = 4;
/** most registers a side writes (each needs a scratch local for its old value) */
export const MAX_REGS = 2;

export interface SelectSide {
  /** the side block executed when the condition holds (taken) or fails (fall) */
  side: Block;
  /** the condition's value for which the side runs: true when it is the taken successor */
  onTaken: boolean;
  /** the block both paths reach */
  join: number;
  /** registers the side writes (at most MAX_REGS) */
  regs: number[];
}

/** an ALU instruction that cannot trap or touch anything but its destination */
function isPureAlu(c: number, off: number): boolean {
  const cls = c & 7;
  if (cls !== op.BPF_ALU && cls !== op.BPF_ALU64) return false;
  switch (c & 0xf0) {
    case op.BPF_MOV:
      // (a 64-bit mov with off 1 is addr_space_cast, a call)
      return !(c & op.BPF_X) || cls === op.BPF_ALU || off === 0 || off === 8 || off === 16 || off === 32;
    case op.BPF_ADD: case op.BPF_SUB: case op.BPF_MUL: case op.BPF_AND: case op.BPF_OR: case op.BPF_XOR:
    case op.BPF_LSH: case op.BPF_RSH: case op.BPF_ARSH: case op.BPF_NEG:
      return true;
  }
  return false;
}

/**
 * The side of the conditional jump ending `blk` that can become a `select`, or null. `blk`'s
 * successors are [taken, fallthrough]; the side is the one whose only predecessor is `blk` and
 * whose only successor is the other.
 */
export function selectSide(prog: Program, cfg: FuncCfg, blk: Block): SelectSide | null {
  if (blk.succ.length !== 2) return null;
  const [taken, fall] = blk.succ as [number, number];
  if (taken === fall) return null;
  for (const onTaken of [false, true]) {
    const sideId = onTaken ? taken : fall;
    const join = onTaken ? fall : taken;
    const side = prog.blocks[sideId]!;
    // one predecessor (not a merge, not a loop header), one successor, the join
    if (cfg.isMerge[sideId] || cfg.isLoopHeader[sideId] || cfg.rpoOf[sideId]! < 0) continue;
    if ((side.term !== Term.Fall && side.term !== Term.Ja) || side.succ[0] !== join || side.len > MAX_INSNS) continue;
    const s = prog.slots;
    const end = side.term === Term.Fall ? nextSlot(s, side.last) : side.last;
    const regs: number[] = [];
    let ok = true;
    for (let p = side.start; p < end && ok; p = nextSlot(s, p)) {
      if (!isPureAlu(s.code[p]!, s.off[p]!)) ok = false;
      else if (!regs.includes(s.dst[p]!)) regs.push(s.dst[p]!);
    }
    if (ok && regs.length <= MAX_REGS) return { side, onTaken, join, regs };
  }
  return null;
}
