/**
 * Loops and the marks that pruning inside them relies on (kernel/bpf/verifier.c of Linux 6.17+:
 * compute_scc, compute_scc_callchain, maybe_enter_scc, maybe_exit_scc, add_scc_backedge,
 * incomplete_read_marks, propagate_backedges).
 *
 * A checkpoint inside a loop may finish (every path from it explored) before the loop's other
 * paths have been: its precision marks are then incomplete, because a later path — another
 * iteration — can still make a scalar precise that flows back into it. Comparing a new state with
 * such a checkpoint on precise scalars only (NOT_EXACT) would prune a state whose imprecise scalar
 * the unexplored paths still depend on (the selftest iters.c:loop_state_deps2: `c = -25` reaches
 * `*(r10 + c)` only on a second iteration of a loop explored later). The kernel therefore:
 *  - computes the strongly connected components of the control-flow graph before verification
 *    (intraprocedurally: a call falls through to the next instruction);
 *  - names each visit of a loop by its call chain: the call sites of the frames above the outermost
 *    one whose current instruction is in a loop, and that loop's id;
 *  - records the first checkpoint made inside a visit as its entry state;
 *  - compares a state with a checkpoint of a visit that has collected backedges with RANGE_WITHIN
 *    (every scalar, precise or not), and records each such hit — and each loop-convergence hit of
 *    an iterator's next(), may_goto or a callback call — as a backedge: a copy of the pruned
 *    state with the checkpoint it matched;
 *  - when the entry state's paths are all explored, propagates precision from each backedge's
 *    checkpoint into the backedge state's history, again and again until nothing changes (at
 *    most 64 rounds, then every scalar precise), after which the visit's checkpoints compare
 *    NOT_EXACT again.
 */
import { insnSuccessors, type Slots } from './cfg.js';
import type { VState } from './state.js';
import { propagatePrecision, markAllScalarsPrecise, precisionMarks } from './precision.js';

/** MAX_BACKEDGE_ITERS */
const MAX_BACKEDGE_ITERS = 64;

/**
 * compute_scc: the loop id (1, 2, …) of each instruction, 0 for one in no loop. A component counts
 * when it has two or more instructions or one that jumps to itself. Tarjan's algorithm, iterative.
 */
export function computeScc(s: Slots): Int32Array {
  const n = s.n;
  const scc = new Int32Array(n);
  const pre = new Int32Array(n);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  const succ = new Int32Array(2);
  // the DFS: an instruction and how many of its successors were walked
  const dfsInsn = new Int32Array(n);
  const dfsNext = new Int32Array(n);
  let counter = 0;
  let nextId = 1;
  for (let root = 0; root < n; root++) {
    if (pre[root]) continue;
    let sp = 0;
    dfsInsn[0] = root;
    dfsNext[0] = 0;
    pre[root] = low[root] = ++counter;
    stack.push(root);
    onStack[root] = 1;
    while (sp >= 0) {
      const v = dfsInsn[sp]!;
      const k = insnSuccessors(s, v, succ);
      if (dfsNext[sp]! < k) {
        const w = succ[dfsNext[sp]++]!;
        if (!pre[w]) {
          pre[w] = low[w] = ++counter;
          stack.push(w);
          onStack[w] = 1;
          dfsInsn[++sp] = w;
          dfsNext[sp] = 0;
        } else if (onStack[w] && pre[w]! < low[v]!) low[v] = pre[w]!;
        continue;
      }
      sp--;
      if (sp >= 0) {
        const u = dfsInsn[sp]!;
        if (low[v]! < low[u]!) low[u] = low[v]!;
      }
      if (low[v] !== pre[v]) continue;
      // v roots a component: a loop when it has more than v, or v jumps to itself
      let loop = stack[stack.length - 1] !== v;
      for (let j = 0; j < k && !loop; j++) if (succ[j] === v) loop = true;
      const id = loop ? nextId++ : 0;
      for (;;) {
        const w = stack.pop()!;
        onStack[w] = 0;
        scc[w] = id;
        if (w === v) break;
      }
    }
  }
  return scc;
}

/** struct bpf_scc_visit: a visit of a loop by one call chain */
interface SccVisit {
  entry: VState | null;
  /** struct bpf_scc_backedge: a pruned state (a copy) and the checkpoint it matched (equal_state) */
  backedges: { st: VState; equal: VState }[];
}

export class SccVisits {
  private readonly visits = new Map<string, SccVisit>();
  /** visits holding backedges (none: no checkpoint needs the call-chain lookup of incomplete()) */
  private pending = 0;
  constructor(private readonly slots: Slots, private readonly scc: Int32Array, private readonly globalFunc: (target: number) => boolean) {}

  /**
   * compute_scc_callchain: the call sites of the frames above the outermost one whose instruction
   * is in a loop, and that loop (null: no frame of the state is in a loop)
   */
  private callchain(st: VState): string | null {
    let key = '';
    for (let i = 0; i <= st.curframe; i++) {
      const insn = i === st.curframe ? st.insnIdx : st.frames[i + 1]!.callsite;
      const id = this.scc[insn]!;
      if (id) return `${key}${id}`;
      key += `${insn},`;
    }
    return null;
  }

  private visit(st: VState): SccVisit | undefined {
    const k = this.callchain(st);
    return k === null ? undefined : this.visits.get(k);
  }

  /** maybe_enter_scc: a new checkpoint in a loop no path is visiting becomes the visit's entry */
  enter(st: VState): void {
    const k = this.callchain(st);
    if (k === null) return;
    let v = this.visits.get(k);
    if (!v) this.visits.set(k, (v = { entry: null, backedges: [] }));
    v.entry ??= st;
  }

  /** incomplete_read_marks: st is in a visit that has collected backedges */
  incomplete(st: VState): boolean {
    return this.pending > 0 && !!this.visit(st)?.backedges.length;
  }

  /** add_scc_backedge: `cur` (at `insn`) was pruned by checkpoint `equal` of a loop still being visited */
  addBackedge(equal: VState, cur: VState, insn: number): void {
    const v = this.visit(equal);
    if (!v) return;
    const st = cur.clone();
    st.insnIdx = insn;
    if (!v.backedges.length) this.pending++;
    v.backedges.push({ st, equal });
  }

  /**
   * maybe_exit_scc (from update_branch_counts, `st` has no paths left): when st entered its visit,
   * the visit is over — propagate_backedges, then its checkpoints compare NOT_EXACT again
   */
  exit(st: VState): void {
    const v = this.visit(st);
    if (!v || v.entry !== st) return;
    v.entry = null;
    for (let i = 0; ; i++) {
      if (i > MAX_BACKEDGE_ITERS) {
        for (const b of v.backedges) markAllScalarsPrecise(b.st);
        break;
      }
      const before = precisionMarks.n;
      for (const b of v.backedges) propagatePrecision(this.slots, b.equal, b.st, this.globalFunc);
      if (precisionMarks.n === before) break;
    }
    if (v.backedges.length) this.pending--;
    v.backedges = [];
  }
}
