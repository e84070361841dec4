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
  const { order, isLoopHeader } = cfg;
  const n = order.length;
  const isCheck = new Uint8Array(blocks.length);
  isCheck[order[0]!] = 1;
  for (let k = 0; k < n; k++) {
    const b = blocks[order[k]!]!;
    if ((b.term === Term.HelperCall || b.term === Term.LocalCall || b.term === Term.Callx) && b.succ.length > 0) isCheck[b.succ[0]!] = 1;
  }
  // (loop headers that are not already check points for another reason: the ones that may go)
  const headers: number[] = [];
  for (let k = 0; k < n; k++) {
    const id = order[k]!;
    if (isLoopHeader[id] && !isCheck[id]) {
      headers.push(id);
      isCheck[id] = 1;
    }
  }
  // fewer check points: a loop header whose every cycle passes through another check point needs
  // no compare of its own (an inner loop whose header is not the outer loop's: one compare per
  // inner iteration instead of two), innermost (last in reverse postorder) first
  const far = new Float64Array(blocks.length).fill(-1);
  if (headers.length <= 32) {
    for (let k = headers.length - 1; k >= 0; k--) {
      const h = headers[k]!;
      isCheck[h] = 0;
      if (!longestPaths(prog, cfg, isCheck, far)) isCheck[h] = 1;
    }
  }
  // K per check point: the longest path (in instructions) from its start to the next check point
  if (!longestPaths(prog, cfg, isCheck, far)) throw new Error('jit: a cycle without a check point');
  const out = new Int32Array(blocks.length).fill(-1);
  for (let k = 0; k < n; k++) {
    const id = order[k]!;
    if (isCheck[id]) out[id] = Math.min(far[id]!, 0x7fffffff);
  }
  return out;
}

/**
 * far[b] = b's length plus the longest path through blocks that are not check points after it,
 * for every block of the function (an iterative depth-first walk, each block once); false when the
 * blocks that are not check points hold a cycle (a loop the count would never compare in)
 */
function longestPaths(prog: Program, cfg: FuncCfg, isCheck: Uint8Array, far: Float64Array): boolean {
  const blocks = prog.blocks;
  const { order } = cfg;
  // far = -1: not visited; -2: on the walk's stack
  for (const id of order) far[id] = -1;
  const stack: number[] = [];
  const next: number[] = [];
  for (const root of order) {
    if (far[root]! !== -1) continue;
    stack.push(root);
    next.push(0);
    far[root] = -2;
    while (stack.length) {
      const v = stack[stack.length - 1]!;
      const succ = blocks[v]!.succ;
      const i = next[next.length - 1]!;
      if (i < succ.length) {
        next[next.length - 1] = i + 1;
        const s = succ[i]!;
        if (isCheck[s] || cfg.rpoOf[s]! < 0) continue;
        if (far[s] === -2) return false;
        if (far[s] === -1) {
          far[s] = -2;
          stack.push(s);
          next.push(0);
        }
        continue;
      }
      let best = 0;
      for (const s of succ) if (!isCheck[s] && cfg.rpoOf[s]! >= 0 && far[s]! > best) best = far[s]!;
      far[v] = blocks[v]!.len + best;
      stack.pop();
      next.pop();
    }
  }
  return true;
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
