/**
 * Where the checked JIT compares the instruction count with the budget.
 *
 * The interpreter (vm/interpreter.ts) stops with ETIMEDOUT at the exact instruction that goes
 * over the budget, and the JIT must stop at the same one. The simple way — every basic block adds
 * its length to the count and compares it with the limit — costs a compare and a branch per block,
 * which in loops of short blocks (log2, switch) is a third of the run time.
 *
 * Instead, a function with a loop compares only at its *check points*: its entry, every loop
 * header (the target of a retreating edge in reverse postorder: every cycle of the CFG passes
 * through one, reducible or not) and every block after a call (a helper, a bpf_loop callback or a
 * subprogram may have counted any number of instructions). Every other block only adds its length.
 * At a check point the code compares `count + K` with the limit, K being the most instructions any
 * path can execute from the start of that block to the next check point (the longest path in the
 * acyclic graph of forward edges, each block weighed by its length). While the compare passes, no
 * block before the next check point can go over the limit, so no per-block compare could have
 * fired. When it fails, the function continues in its *exact copy* — the same function generated
 * with the per-block compare, entered at that block through a br_table dispatch — which stops at
 * the interpreter's instruction. A run that never comes within K of its budget never leaves the
 * fast code, and the exact copy (a wasm function of its own) is compiled by V8 only if one does.
 */
import { Term, type FuncCfg, type Program } from './cfg.js';
import { LDDW } from '../../isa/instruction.js';
import * as op from '../../isa/opcodes.js';
import { jumpTargetOf, isJmpClass } from './cfg.js';

/**
 * For each block id of the function: K (>= its length) when the block is a check point, else -1.
 * Sized by the program's block count; blocks of other functions are -1.
 */
export function checkPoints(prog: Program, cfg: FuncCfg): Int32Array {
  const blocks = prog.blocks;
  const { order, rpoOf, isLoopHeader } = cfg;
  const n = order.length;
  const isCheck = new Uint8Array(blocks.length);
  isCheck[order[0]!] = 1;
  for (let k = 0; k < n; k++) {
    const b = blocks[order[k]!]!;
    if (isLoopHeader[b.id]) isCheck[b.id] = 1;
    if ((b.term === Term.HelperCall || b.term === Term.LocalCall || b.term === Term.Callx) && b.succ.length > 0) isCheck[b.succ[0]!] = 1;
  }
  // longest path (in instructions) from each block's start to the next check point, walking the
  // order backwards: a successor that is not a check point is later in reverse postorder (an edge
  // to an earlier block is retreating and its target a loop header, i.e. a check point)
  const far = new Float64Array(blocks.length);
  const out = new Int32Array(blocks.length).fill(-1);
  for (let k = n - 1; k >= 0; k--) {
    const b = blocks[order[k]!]!;
    let best = 0;
    for (const s of b.succ) if (!isCheck[s] && rpoOf[s]! > k && far[s]! > best) best = far[s]!;
    far[b.id] = b.len + best;
    if (isCheck[b.id]) out[b.id] = Math.min(far[b.id]!, 0x7fffffff);
  }
  return out;
}

/**
 * Does the function starting at `entry` (its slots up to the next entry) jump backwards? Only
 * such functions get an exact copy: without a loop the per-block compare costs little, and the
 * copy would double the code.
 */
export function hasBackwardJump(prog: Program, entry: number, end: number): boolean {
  const s = prog.slots;
  for (let p = entry; p < end; p++) {
    if (!s.start[p]) continue;
    const c = s.code[p]!;
    if (!isJmpClass(c)) continue;
    const o = c & 0xf0;
    if (o === op.BPF_EXIT || o === op.BPF_CALL) continue;
    if (jumpTargetOf(s, p) <= p) return true;
  }
  return false;
}

const ALL_REGS = 0x7ff;
/** registers r0..r5: what a function's exit hands back (the interpreter leaves a callee's r1..r5 visible) */
const RET_REGS = 0x3f;

/**
 * The registers (bit r) each block of the function may read before writing them, at its start —
 * the registers a check point must hand to the exact copy (the others are dead there and go as 0,
 * so they do not stay alive through a loop only because its check point may leave it). Calls read
 * every register (bpf_loop callbacks start from the caller's registers, subprograms get r0..r9),
 * exits r0..r5, legacy packet loads every register (conservatively); r10 is always live.
 */
export function liveIn(prog: Program, cfg: FuncCfg): Uint16Array {
  const s = prog.slots;
  const blocks = prog.blocks;
  const { order } = cfg;
  const n = order.length;
  const use = new Uint16Array(blocks.length);
  const def = new Uint16Array(blocks.length);
  for (let k = 0; k < n; k++) {
    const b = blocks[order[k]!]!;
    let u = 0, d = 0;
    const read = (r: number): void => void (u |= (1 << r) & ~d);
    for (let p = b.start; p <= b.last && p < s.n; p++) {
      if (!s.start[p]) continue;
      const c = s.code[p]!;
      const cls = c & 7;
      const dst = s.dst[p]!, src = s.src[p]!;
      if (cls === op.BPF_ALU || cls === op.BPF_ALU64) {
        const o = c & 0xf0;
        if (c & op.BPF_X) read(src);
        if (o !== op.BPF_MOV) read(dst);
        d |= 1 << dst;
      } else if (cls === op.BPF_LDX) {
        read(src);
        d |= 1 << dst;
      } else if (cls === op.BPF_ST) read(dst);
      else if (cls === op.BPF_STX) {
        read(dst);
        read(src);
        if ((c & 0xe0) === op.BPF_ATOMIC) {
          read(0);
          if (s.imm[p]! === op.BPF_CMPXCHG) d |= 1;
          else if (s.imm[p]! & op.BPF_FETCH) d |= 1 << src;
        }
      } else if (cls === op.BPF_LD) {
        if (c === LDDW) d |= 1 << dst;
        else u |= ALL_REGS & ~d;
      } else if (isJmpClass(c)) {
        const o = c & 0xf0;
        if (o === op.BPF_CALL) u |= ALL_REGS & ~d;
        else if (o === op.BPF_EXIT) u |= RET_REGS & ~d;
        else if (o !== op.BPF_JA && c !== (op.BPF_JMP | op.BPF_JCOND)) {
          read(dst);
          if (c & op.BPF_X) read(src);
        }
      }
    }
    use[b.id] = u | (1 << 10);
    def[b.id] = d;
  }
  // backward fixpoint over the function's blocks (reverse of reverse postorder first)
  const live = new Uint16Array(blocks.length);
  for (let changed = true; changed; ) {
    changed = false;
    for (let k = n - 1; k >= 0; k--) {
      const b = blocks[order[k]!]!;
      let out = 0;
      for (const t of b.succ) out |= live[t]!;
      const v = use[b.id]! | (out & ~def[b.id]!);
      if (v !== live[b.id]) {
        live[b.id] = v;
        changed = true;
      }
    }
  }
  return live;
}
