/**
 * The control-flow graph the filter compiler builds, as libpcap's gencode.c does: a block is a
 * list of statements computing A (and X, and scratch words) followed by one conditional jump
 * on A; a boolean expression is a sub-graph with a head block and two lists of unresolved
 * exits (where "true" and "false" go), combined by back-patching (gen_and / gen_or / gen_not).
 */
import * as c from '../cbpf/opcodes.js';

export interface Stmt {
  code: number;
  k: number;
  /**
   * a jump among a block's statements (relative, as in the program; only gen_protochain's loop,
   * which libpcap builds the same way and never optimises): the targets of a conditional one
   */
  jt?: number;
  jf?: number;
}

export class Block {
  static nextId = 0;
  readonly id = Block.nextId++;
  jt: Block | null = null;
  jf: Block | null = null;
  /**
   * its test compares computed constants (`2 * 3 = 7`): libpcap folds those only in its second
   * optimiser pass, which no longer moves jumps, so jump threading must not decide it
   */
  late = false;
  /**
   * a relation's test (gen_relation): the value its A holds as libpcap's first optimiser pass —
   * the only one that moves jumps — numbers it, from gencode.c's unaltered statements
   * (codegen_arith.ts pass1VN): `ether[12:2] = 0x800` loads `ldh [x + 0]` with X = 12 there, a
   * value other than gen_cmp's `ldh [12]` until the second pass rewrites it, so libpcap does not
   * thread `vlan`'s `ldh [12]; jeq #0x8100` into it (and accepts `vlan and ether[12:2] = 0x800`)
   */
  vn1?: string;
  constructor(
    public stmts: Stmt[],
    /** BPF_JMP | op | src (JEQ/JGT/JGE/JSET, K or X); unused for a return */
    public jcode: number,
    public jk: number,
    /** set for the two leaves: the value returned */
    public ret?: number,
  ) {}
  get isLeaf(): boolean {
    return this.ret !== undefined;
  }
}

export interface Exit {
  b: Block;
  side: 'jt' | 'jf';
}

export interface Cond {
  head: Block;
  t: Exit[];
  f: Exit[];
}

export const s = (code: number, k = 0): Stmt => ({ code, k: k >>> 0 });

/** one block: the statements, then `jop #k` (or `jop x`) */
export function test(stmts: Stmt[], jop: number, k: number, src: number = c.BPF_K): Cond {
  const b = new Block(stmts, c.BPF_JMP | jop | src, k >>> 0);
  return { head: b, t: [{ b, side: 'jt' }], f: [{ b, side: 'jf' }] };
}

function patch(exits: Exit[], to: Block): void {
  for (const e of exits) e.b[e.side] = to;
}

/** appends in place (the operands are consumed): a long chain stays linear */
function concat(x: Exit[], y: Exit[]): Exit[] {
  // the order of exits does not matter: they are all patched to one block
  if (x.length < y.length) {
    for (const e of x) y.push(e);
    return y;
  }
  for (const e of y) x.push(e);
  return x;
}

export function and(a: Cond, b: Cond): Cond {
  patch(a.t, b.head);
  return { head: a.head, t: b.t, f: concat(a.f, b.f) };
}

export function or(a: Cond, b: Cond): Cond {
  patch(a.f, b.head);
  return { head: a.head, t: concat(a.t, b.t), f: b.f };
}

export function not(a: Cond): Cond {
  return { head: a.head, t: a.f, f: a.t };
}

/** libpcap's gen_true / gen_false: `ld #0; jeq #0` (folded away by the optimiser) */
export function constant(v: boolean): Cond {
  const r = test([s(c.BPF_LD | c.BPF_IMM, 0)], c.BPF_JEQ, 0);
  return v ? r : not(r);
}

export function andAll(cs: Cond[]): Cond {
  return cs.reduce((a, b) => and(a, b));
}

export function orAll(cs: Cond[]): Cond {
  return cs.reduce((a, b) => or(a, b));
}

/** resolve the exits to the two return leaves; returns the root */
export function finish(cond: Cond, accept: number): Block {
  const T = new Block([], 0, 0, accept);
  const F = new Block([], 0, 0, 0);
  patch(cond.t, T);
  patch(cond.f, F);
  return cond.head;
}
