/**
 * The optimiser for compiled filters, in the spirit of libpcap's optimize.c, on the block graph:
 *  - value numbering: every block's statements are evaluated symbolically, so two loads of the
 *    same packet bytes (or the same arithmetic on them) have the same value number; constant
 *    operands fold;
 *  - jump threading: along every edge the facts known to hold (e.g. "P[12:2] != 0x800") are
 *    intersected over all paths; a block whose test those facts decide is bypassed — its loads
 *    too, as libpcap's opt_j skips them (what tcpdump selects depends on it);
 *  - libpcap's statement optimisations and opt_root afterwards (peephole.ts, finish());
 *  - redundant-load elimination at emission: a statement that recomputes what A or X already
 *    holds on every path into its block is dropped;
 *  - unreachable blocks vanish and identical blocks merge.
 */
import * as c from '../cbpf/opcodes.js';
import { Block, type Stmt } from './cfg.js';
import { peepholeBlock } from './peephole.js';

/** the symbolic effect of a block's statements */
interface Eff {
  a: string;
  x: string;
  /** writes scratch memory: never bypassed */
  store: boolean;
}

let fresh = 0;
const isConst = (vn: string): boolean => vn.startsWith('#');
const constOf = (vn: string): number => Number(vn.slice(1));

function aluVN(op: number, a: string, b: string): string {
  if (isConst(a) && isConst(b)) {
    const x = constOf(a);
    const y = constOf(b);
    let r: number;
    switch (op) {
      case c.BPF_ADD: r = x + y; break;
      case c.BPF_SUB: r = x - y; break;
      case c.BPF_MUL: r = Math.imul(x, y); break;
      case c.BPF_DIV: r = y === 0 ? 0 : Math.floor(x / y); break;
      case c.BPF_MOD: r = y === 0 ? 0 : x % y; break;
      case c.BPF_AND: r = x & y; break;
      case c.BPF_OR: r = x | y; break;
      case c.BPF_XOR: r = x ^ y; break;
      case c.BPF_LSH: r = y < 32 ? x << y : 0; break;
      case c.BPF_RSH: r = y < 32 ? x >>> y : 0; break;
      case c.BPF_NEG: r = -x; break;
      default: return `?${fresh++}`;
    }
    return `#${r >>> 0}`;
  }
  return `(${a} ${op} ${b})`;
}

/** evaluate statements from a state; returns the new state (and records scratch stores) */
export function evalStmts(stmts: Stmt[], a0: string, x0: string, eff?: Eff): [string, string] {
  let A = a0;
  let X = x0;
  for (const st of stmts) {
    const k = st.k >>> 0;
    switch (st.code) {
      case c.BPF_LD | c.BPF_IMM: A = `#${k}`; break;
      case c.BPF_LDX | c.BPF_IMM: X = `#${k}`; break;
      case c.BPF_LD | c.BPF_W | c.BPF_LEN: A = 'LEN'; break;
      case c.BPF_LDX | c.BPF_W | c.BPF_LEN: X = 'LEN'; break;
      case c.BPF_LD | c.BPF_MEM: A = `M${k}?${fresh++}`; break;
      case c.BPF_LDX | c.BPF_MEM: X = `M${k}?${fresh++}`; break;
      case c.BPF_ST: case c.BPF_STX: if (eff) eff.store = true; break;
      case c.BPF_LDX | c.BPF_MSH | c.BPF_B: X = `MSH[${k}]`; break;
      case c.BPF_MISC | c.BPF_TAX: X = A; break;
      case c.BPF_MISC | c.BPF_TXA: A = X; break;
      case c.BPF_ALU | c.BPF_NEG: A = aluVN(c.BPF_NEG, A, '#0'); break;
      default: {
        const cls = c.BPF_CLASS(st.code);
        if (cls === c.BPF_LD) {
          const mode = c.BPF_MODE(st.code);
          const sz = c.BPF_SIZE(st.code);
          A = mode === c.BPF_ABS ? `P${sz}[${k}]` : `P${sz}[${X}+${k}]`;
        } else if (cls === c.BPF_ALU) {
          const op = c.BPF_OP(st.code);
          const b = c.BPF_SRC(st.code) === c.BPF_X ? X : `#${k}`;
          A = aluVN(op, A, b);
        } else {
          A = `?${fresh++}`;
          X = `?${fresh++}`;
        }
      }
    }
  }
  return [A, X];
}

/**
 * How many facts and loaded values an edge carries forward: the most recent ones. Without a cap
 * a chain of n alternatives carries O(n) facts into each of its n blocks and the optimiser is
 * quadratic; dropping old facts only threads fewer jumps. With the cap, edges that share their
 * block's knowledge instead of copying it, threading sinks-first (path compression) and the
 * emitter's one-pass trampolines, compile time is linear in the expression.
 */
const MAX_KNOWN = 48;
/** what the cap keeps of a set that outgrew it: its newest entries */
const CAP_KEEP = MAX_KNOWN - 8;

interface Fact {
  vn: string;
  op: number;
  k: number;
  v: boolean;
}
const factKey = (f: Fact): string => `${f.vn}\u0001${f.op}\u0001${f.k}\u0001${f.v ? 1 : 0}`;

/** what holds on entry to a block, intersected over its incoming edges (owned by that block) */
interface Know {
  a: string | null;
  x: string | null;
  facts: Map<string, Fact>;
  /** the oldest entries an edge leaving the block drops (the cap), computed when first needed */
  dropFacts?: ReadonlySet<string>;
}

/** the oldest keys beyond the cap: an edge carries only the newest CAP_KEEP of a set past MAX_KNOWN */
const NONE: ReadonlySet<string> = new Set();
function dropped(keys: { size: number; keys(): IterableIterator<string> }): ReadonlySet<string> {
  if (keys.size <= MAX_KNOWN) return NONE;
  const d = new Set<string>();
  for (const k of keys.keys()) {
    if (keys.size - d.size <= CAP_KEEP) break;
    d.add(k);
  }
  return d;
}

/**
 * What holds along an edge: the block's entry knowledge (shared, not copied: a chain of n blocks
 * would otherwise copy n sets of up to MAX_KNOWN entries per round, which the garbage collector
 * then spends most of the compile on), less what the cap drops, plus what the block adds — the
 * values its loads proved loadable and the outcome of its test.
 */
interface EdgeKnow {
  a: string;
  x: string;
  base: Know;
  addFact: Fact | undefined;
  addKey: string | undefined;
}


function edgeHasFact(e: EdgeKnow, key: string): boolean {
  if (key === e.addKey) return true;
  if (!e.base.facts.has(key)) return false;
  e.base.dropFacts ??= dropped(e.base.facts);
  return !e.base.dropFacts.has(key);
}

/** `into` ∩ `e`; `into` (a block's own entry knowledge) is narrowed in place, or made from `e` */
function intersect(into: Know | undefined, e: EdgeKnow): Know {
  if (!into) {
    const base = e.base;
    base.dropFacts ??= dropped(base.facts);
    const facts = new Map<string, Fact>();
    for (const [k, f] of base.facts) if (!base.dropFacts.has(k)) facts.set(k, f);
    if (e.addFact) facts.set(e.addKey!, e.addFact);
    return { a: e.a, x: e.x, facts };
  }
  for (const k of into.facts.keys()) if (!edgeHasFact(e, k)) into.facts.delete(k);
  if (into.a !== e.a) into.a = null;
  if (into.x !== e.x) into.x = null;
  return into;
}

/**
 * what a fact says about `vn op k`: only what libpcap's fold_edge knows (optimize.c), so that the
 * same expressions reduce to "rejects all packets": the same test on the same value decides it;
 * having come down the true side of `jeq #k1`, a `jeq #k2` is false. No interval reasoning.
 */
function implies(f: Fact, op: number, k: number): boolean | undefined {
  if (f.op === op && f.k === k) return f.v;
  if (f.op === c.BPF_JEQ && f.v && op === c.BPF_JEQ) return f.k === k;
  return undefined;
}

function evalTest(op: number, a: number, k: number): boolean {
  switch (op) {
    case c.BPF_JEQ: return a === k;
    case c.BPF_JGT: return a > k;
    case c.BPF_JGE: return a >= k;
    default: return (a & k) >>> 0 !== 0;
  }
}

/**
 * a block both of whose ways lead to `ret #0`: whatever its loads do (a failing load returns 0
 * too), the packet is rejected, so the block is the reject leaf
 */
function rejects(b: Block): boolean {
  return !b.isLeaf && b.jt === b.jf && b.jt!.isLeaf && b.jt!.ret === 0;
}

interface Info {
  eff: Eff;
  op: number;
  src: number;
}

export class Optimizer {
  private info = new Map<Block, Info>();
  /** libpcap's first pass (jump threading, pull-ups), before finish() */
  private pass1 = true;
  constructor(public root: Block) {}

  private get(b: Block): Info {
    let i = this.info.get(b);
    if (!i) {
      const eff: Eff = { a: '', x: '', store: false };
      // a block's statements never depend on the incoming A/X (codegen makes them self-contained),
      // except through scratch memory, which gets fresh value numbers
      const [a, x] = evalStmts(b.stmts, `?${fresh++}`, `?${fresh++}`, eff);
      eff.a = a;
      eff.x = x;
      // while jumps move (run()), a relation's test is on the value libpcap's first pass sees
      if (this.pass1 && b.vn1 !== undefined) eff.a = b.vn1;
      i = { eff, op: c.BPF_OP(b.jcode), src: c.BPF_SRC(b.jcode) };
      this.info.set(b, i);
    }
    return i;
  }

  /**
   * decide b's test from what is known (undefined when unknown): the facts of `e` (all of them
   * when it is a block's entry knowledge), then `extra`, in the order they were learnt
   */
  private decide(b: Block, e: EdgeKnow | Know, extra: readonly Fact[]): boolean | undefined {
    if (b.isLeaf) return undefined;
    if (b.jt === b.jf) return true;
    const { eff, op, src } = this.get(b);
    if (b.late && (isConst(eff.a) || isConst(eff.x))) return undefined;
    if (src === c.BPF_X) {
      if (isConst(eff.a) && isConst(eff.x)) return evalTest(op, constOf(eff.a), constOf(eff.x));
      return undefined;
    }
    if (isConst(eff.a)) return evalTest(op, constOf(eff.a), b.jk >>> 0);
    const k = b.jk >>> 0;
    const isEdge = 'base' in e;
    const base = isEdge ? e.base : e;
    const drop = isEdge ? (base.dropFacts ??= dropped(base.facts)) : undefined;
    for (const [key, f] of base.facts) {
      if (f.vn !== eff.a || drop?.has(key)) continue;
      const r = implies(f, op, k);
      if (r !== undefined) return r;
    }
    if (isEdge && e.addFact && e.addFact.vn === eff.a) {
      const r = implies(e.addFact, op, k);
      if (r !== undefined) return r;
    }
    for (const f of extra) {
      if (f.vn !== eff.a) continue;
      const r = implies(f, op, k);
      if (r !== undefined) return r;
    }
    return undefined;
  }

  /**
   * whether an edge may skip b once it knows b's test: libpcap's opt_j asks only that no value
   * computed in b be needed after it (use_conflict) — not whether b's loads could have failed:
   * its loads have no effects, so a clause it proves false loses its loads, and a short packet
   * is not rejected by them. tsbpf's blocks compute only what their test uses, except scratch stores.
   */
  private bypassable(b: Block): boolean {
    if (b.isLeaf) return false;
    // use_conflict: a scratch word it stores matters only if some block reads it before
    // writing it (a relation's operand is stored and read back inside its own block)
    return !this.get(b).eff.store || !b.stmts.some((st) => (st.code === c.BPF_ST || st.code === c.BPF_STX) && this.liveScratch().has(st.k));
  }

  private live: Set<number> | undefined;
  /** the scratch words some block reads before writing them (blocks' statements do not change in run()) */
  private liveScratch(): Set<number> {
    if (this.live) return this.live;
    const live = new Set<number>();
    for (const b of this.order()) {
      const written = new Set<number>();
      for (const st of b.stmts) {
        const cls = c.BPF_CLASS(st.code);
        if ((cls === c.BPF_LD || cls === c.BPF_LDX) && c.BPF_MODE(st.code) === c.BPF_MEM && !written.has(st.k)) live.add(st.k);
        if (cls === c.BPF_ST || cls === c.BPF_STX) written.add(st.k);
      }
    }
    return (this.live = live);
  }

  /** topological order of the reachable blocks (jt subtree before jf subtree, as libpcap lays out) */
  order(): Block[] {
    const seen = new Set<Block>();
    const post: Block[] = [];
    const visit = (b: Block) => {
      // iterative DFS to stay off the call stack for big graphs
      const stack: Array<[Block, number]> = [[b, 0]];
      seen.add(b);
      while (stack.length) {
        const top = stack[stack.length - 1]!;
        const [blk, state] = top;
        const kids = blk.isLeaf ? [] : [blk.jf!, blk.jt!];
        if (state < kids.length) {
          top[1]++;
          const k = kids[state]!;
          if (!seen.has(k)) {
            seen.add(k);
            stack.push([k, 0]);
          }
        } else {
          stack.pop();
          post.push(blk);
        }
      }
    };
    visit(this.root);
    return post.reverse();
  }

  /** knowledge on entry of each block, for the current graph (and, when asked, along each edge) */
  knowledge(order: Block[], edges?: Map<Block, [EdgeKnow, EdgeKnow]>): Map<Block, Know> {
    const into = new Map<Block, Know>();
    into.set(this.root, { a: null, x: null, facts: new Map() });
    for (const b of order) {
      const k = into.get(b)!;
      if (b.isLeaf) continue;
      const et = this.edge(b, k, true);
      const ef = this.edge(b, k, false);
      into.set(b.jt!, intersect(into.get(b.jt!), et));
      into.set(b.jf!, intersect(into.get(b.jf!), ef));
      edges?.set(b, [et, ef]);
    }
    return into;
  }

  private edge(b: Block, k: Know, outcome: boolean): EdgeKnow {
    const { eff, op, src } = this.get(b);
    // after the block, A and X hold its values, computed from what they held on entry
    const [ea, ex] = evalStmts(b.stmts, k.a ?? `?${fresh++}`, k.x ?? `?${fresh++}`);
    const addFact: Fact | undefined = src === c.BPF_K && b.jt !== b.jf ? { vn: eff.a, op, k: b.jk >>> 0, v: outcome } : undefined;
    return { a: ea, x: ex, base: k, addFact, addKey: addFact && factKey(addFact) };
  }

  /** one round of threading; returns whether anything changed */
  private thread(): boolean {
    const order = this.order();
    const edges = new Map<Block, [EdgeKnow, EdgeKnow]>();
    const into = this.knowledge(order, edges);
    let changed = false;
    // the entry "edge"
    {
      const k0 = into.get(this.root)!;
      let t = this.root;
      for (let hops = 0; hops < 1000; hops++) {
        if (rejects(t)) {
          t = t.jt!;
          break;
        }
        // a root whose two ways lead to one block stays (opt_j moves edges, and no edge leads
        // to the root): opt_root replaces it at the end and keeps its statements, so its loads
        // still reject a short packet ('ip and vlan and tcp or …' keeps `ldh [12]`)
        if (t === this.root && t.jt === t.jf) break;
        const d = this.decide(t, k0, []);
        if (d === undefined || !this.bypassable(t)) break;
        t = d ? t.jt! : t.jf!;
      }
      if (t !== this.root) {
        this.root = t;
        return true;
      }
    }
    // sinks first: when b's edge reaches t, t's own edges are already threaded, so the walk
    // continues from where t's knowledge led (path compression: a chain of n alternatives takes
    // O(n) hops in all, not O(n) per edge). Sound in any order: a threaded edge goes where every
    // packet reaching its block would go, so the knowledge computed for the graph at the start of
    // the round stays true of the packets that reach each block.
    for (let i = order.length - 1; i >= 0; i--) {
      const b = order[i]!;
      if (b.isLeaf) continue;
      const be = edges.get(b)!;
      for (const side of ['jt', 'jf'] as const) {
        const e = be[side === 'jt' ? 0 : 1];
        // the outcomes of the tests the walk skips become facts too
        const extra: Fact[] = [];
        let t = b[side]!;
        for (let hops = 0; hops < 1000; hops++) {
          if (rejects(t)) {
            t = t.jt!;
            break;
          }
          const d = this.decide(t, e, extra);
          if (d === undefined || !this.bypassable(t)) break;
          // skipping t: its test outcome becomes a fact; A and X keep what b left
          const ti = this.get(t);
          if (ti.src === c.BPF_K && t.jt !== t.jf) extra.push({ vn: ti.eff.a, op: ti.op, k: t.jk >>> 0, v: d });
          t = d ? t.jt! : t.jf!;
        }
        if (t !== b[side]) {
          b[side] = t;
          changed = true;
        }
      }
    }
    return changed;
  }

  /** merge blocks with identical statements, test and successors */
  private merge(): boolean {
    const order = this.order();
    const byKey = new Map<string, Block>();
    const repl = new Map<Block, Block>();
    let changed = false;
    for (let i = order.length - 1; i >= 0; i--) {
      const b = order[i]!;
      if (b.jt && repl.has(b.jt)) b.jt = repl.get(b.jt)!;
      if (b.jf && repl.has(b.jf)) b.jf = repl.get(b.jf)!;
      const key = b.isLeaf ? `ret ${b.ret}` : `${b.stmts.map((s) => `${s.code}:${s.k}`).join(',')}|${b.jcode}:${b.jk}|${b.jt!.id}|${b.jf!.id}${this.pass1 && b.vn1 !== undefined ? `|${b.vn1}` : ''}`;
      const prev = byKey.get(key);
      if (prev && prev !== b) {
        repl.set(b, prev);
        changed = true;
      } else byKey.set(key, b);
    }
    if (repl.has(this.root)) this.root = repl.get(this.root)!;
    // a second pass to redirect edges into merged blocks from earlier blocks
    for (const b of this.order()) {
      if (b.jt && repl.has(b.jt)) b.jt = repl.get(b.jt)!;
      if (b.jf && repl.has(b.jf)) b.jf = repl.get(b.jf)!;
    }
    return changed;
  }

  /**
   * libpcap's statement optimisations on every block (peephole.ts). A scratch word is live after
   * a block when some block reads it before writing it (codegen's relations write theirs first).
   */
  private peephole(): void {
    this.live = undefined;
    const readFirst = this.liveScratch();
    for (const b of this.order()) peepholeBlock(b, (k) => readFirst.has(k));
  }

  /** jump threading, pull-ups and merging (libpcap's first optimiser pass, opt_loop without statements) */
  run(): Block {
    for (let round = 0; round < 100; round++) {
      const a = this.thread();
      const p = this.pullups();
      const b = this.merge();
      if (!a && !p && !b) break;
    }
    return this.root;
  }

  /**
   * libpcap's or_pullup and and_pullup (optimize.c, after opt_j in opt_blks): in a chain of
   * tests that all share one exit (`port 1 or port 2 or …`: src 1, dst 1, src 2, dst 2, … all
   * jump to the accept on true), a test of the value the chain's predecessors left in A is pulled
   * up next to them, so that its load becomes redundant; repeated from the leaves up, the tests
   * of one value end up together (src 1, src 2, …, dst 1, dst 2, …), which is what shares the
   * protocol tests of a port chain and makes libpcap's programs for them a third of the size.
   * libpcap moves one node per call and walks the chain each time (quadratic: a 2,000-term chain
   * takes it over 30 s); here each maximal chain is regrouped at once to the fixpoint its pull-ups
   * reach — the value its predecessors left in A first (the pull-up at the top of the chain),
   * then the values in the order they first appear, each value's tests in their order — so a
   * round is linear. libpcap asks that the chain's head dominate the nodes it walks; here every
   * node past the head must have the one before it as its only predecessor, and blocks touching
   * scratch memory are never moved (libpcap's XXX: "no data dependencies … the code generator
   * will not produce such dependencies"; tsbpf's relations do use scratch words).
   */
  private pullups(): boolean {
    let changed = false;
    for (const down of ['jf', 'jt'] as const) {
      const order = this.order();
      const preds = new Map<Block, Block[]>();
      for (const b of order) {
        if (b.isLeaf) continue;
        for (const t of b.jt === b.jf ? [b.jt!] : [b.jt!, b.jf!]) {
          let l = preds.get(t);
          if (!l) preds.set(t, (l = []));
          l.push(b);
        }
      }
      const same = down === 'jf' ? 'jt' : 'jf';
      const member = (n: Block): boolean => !n.isLeaf && n.jt !== n.jf && !this.scratch(n);
      // n continues the chain of p: p's `down` side is n, n's only way in, with p's `same` exit
      const next = (p: Block): Block | undefined => {
        const n = p[down]!;
        return member(n) && n[same] === p[same] && preds.get(n)!.length === 1 ? n : undefined;
      };
      const done = new Set<Block>();
      for (const h of order) {
        if (!member(h) || done.has(h)) continue;
        const ins = preds.get(h) ?? [];
        // not a head when it continues a chain from its predecessor
        if (ins.length === 1 && member(ins[0]!) && ins[0]![down] === h && ins[0]![same] === h[same]) continue;
        const chain = [h];
        for (let n = next(h); n && !done.has(n); n = next(n)) chain.push(n);
        for (const n of chain) done.add(n);
        if (chain.length < 2) continue;
        const tail = chain[chain.length - 1]![down]!;
        // the values in the order the pull-ups leave them
        const groups = new Map<string, Block[]>();
        const top = ins.length ? this.get(ins[0]!).eff.a : undefined;
        if (top !== undefined && ins.every((p) => this.get(p).eff.a === top)) groups.set(top, []);
        for (const n of chain) {
          const v = this.get(n).eff.a;
          let g = groups.get(v);
          if (!g) groups.set(v, (g = []));
          g.push(n);
        }
        const sorted = [...groups.values()].flat();
        if (sorted.every((n, i) => n === chain[i])) continue;
        changed = true;
        for (let i = 0; i < sorted.length; i++) sorted[i]![down] = sorted[i + 1] ?? tail;
        if (sorted[0] !== h) {
          for (const p of ins) {
            if (p.jt === h) p.jt = sorted[0]!;
            if (p.jf === h) p.jf = sorted[0]!;
          }
          if (this.root === h) this.root = sorted[0]!;
        }
        // the preds of the moved nodes are stale now: this direction is done for this round
      }
    }
    return changed;
  }

  /** whether a block reads or writes scratch memory (its position then matters) */
  private scratch(b: Block): boolean {
    return b.stmts.some((st) => c.BPF_MODE(st.code) === c.BPF_MEM || st.code === c.BPF_ST || st.code === c.BPF_STX);
  }

  /**
   * libpcap's second pass (opt_loop with statements: no jump is moved any more), then opt_root:
   * while the root's two ways lead to one block, that block is the root, and it runs the
   * statements of the roots it replaced (none if it is a return).
   */
  finish(): Block {
    this.pass1 = false;
    this.info.clear();
    this.peephole();
    this.info.clear();
    this.merge();
    // opt_blk's second pass turns a load of what A or X already holds into a NOP, and then
    // intern_blocks merges blocks equal but for those NOPs: the same test on a register loaded
    // by different predecessors (`port 1 or port 2 or port 3`: the tails of the IPv4 and IPv6
    // chains compare A with 2 and 3 alike). Pruning first and merging after is sound: merged
    // blocks have the same successors, so no successor's entry knowledge changes.
    const order = this.order();
    const know = this.knowledge(order);
    for (const b of order) if (!b.isLeaf) b.stmts = this.pruneStmts(b, know.get(b));
    this.merge();
    // opt_root keeps the statements of the first root only, then the new root's own
    const first = this.root;
    while (!this.root.isLeaf && this.root.jt === this.root.jf) this.root = this.root.jt!;
    if (!this.root.isLeaf && this.root !== first) this.root.stmts = [...first.stmts, ...this.root.stmts];
    return this.root;
  }

  /** statements of b worth emitting, given what A and X hold on entry on every path */
  pruneStmts(b: Block, k: Know | undefined): Stmt[] {
    if (!k || (k.a === null && k.x === null)) return b.stmts;
    let A = k.a ?? `?${fresh++}`;
    let X = k.x ?? `?${fresh++}`;
    const out: Stmt[] = [];
    for (const st of b.stmts) {
      const [a2, x2] = evalStmts([st], A, X);
      const pure = st.code !== c.BPF_ST && st.code !== c.BPF_STX;
      // drop a statement that changes neither register (its value is already there)
      if (pure && a2 === A && x2 === X) continue;
      out.push(st);
      A = a2;
      X = x2;
    }
    return out;
  }
}
