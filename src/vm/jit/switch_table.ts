/**
 * Compare trees to `br_table`: BPF has no jump tables, so clang compiles a C `switch` to a tree of
 * `if rX s> K goto` / `if rX == K goto` blocks on one register. When every block of such a tree
 * is the lone compare of that register with a constant, the tree is a function of rX alone, and
 * its outcome for every value between the smallest and the largest constant (and for the values
 * below and above them, where no compare changes its answer) can be tabled at compile time: one
 * range check and one wasm `br_table` (an x86 jump table in TurboFan) instead of a walk down the
 * tree. The kernel's x86 JIT emits the tree as it is (a jcc per BPF_JMP).
 */
import * as op from '../../isa/opcodes.js';
import { type Block, type FuncCfg, type Program, Term } from './cfg.js';

/** most table entries (constants' span); a sparse switch keeps its tree */
const MAX_SPAN = 64;
/** fewest compares worth a table */
const MIN_NODES = 4;

export interface SwitchTable {
  /** the register compared */
  reg: number;
  /** signed order (s>, s<...) or unsigned (>, <...); equality compares fit either */
  signed: boolean;
  /** the smallest constant (64-bit) */
  min: bigint;
  /** per value min + i: the block the tree reaches */
  leaf: number[];
  /** the blocks for values below min and above min + leaf.length - 1 */
  below: number;
  above: number;
  /** the tree's blocks, root first */
  nodes: number[];
}

const U64 = (1n << 64n) - 1n;
const asS = (v: bigint): bigint => BigInt.asIntN(64, v);
const asU = (v: bigint): bigint => BigInt.asUintN(64, v);

/** a block that is only `if rX op K goto` (64-bit, K form, not JSET) */
function compareOf(prog: Program, blk: Block, lone: boolean): { reg: number; o: number; imm: bigint } | null {
  if (blk.term !== Term.Cond || blk.succ.length !== 2 || (lone && blk.len !== 1)) return null;
  const s = prog.slots;
  const c = s.code[blk.last]!;
  if ((c & 7) !== op.BPF_JMP || (c & op.BPF_X) || (c & 0xf0) === op.BPF_JSET || (c & 0xf0) === op.BPF_JA) return null;
  if (c === (op.BPF_JMP | op.BPF_JCOND)) return null;
  return { reg: s.dst[blk.last]!, o: c & 0xf0, imm: BigInt(s.imm[blk.last]!) };
}

function holds(o: number, v: bigint, k: bigint): boolean {
  const u = asU(v), uk = asU(k), sv = asS(v), sk = asS(k);
  switch (o) {
    case op.BPF_JEQ: return u === uk;
    case op.BPF_JNE: return u !== uk;
    case op.BPF_JGT: return u > uk;
    case op.BPF_JGE: return u >= uk;
    case op.BPF_JLT: return u < uk;
    case op.BPF_JLE: return u <= uk;
    case op.BPF_JSGT: return sv > sk;
    case op.BPF_JSGE: return sv >= sk;
    case op.BPF_JSLT: return sv < sk;
    case op.BPF_JSLE: return sv <= sk;
  }
  throw new Error(`jit: not a compare 0x${o.toString(16)}`);
}

const SIGNED = new Set([op.BPF_JSGT, op.BPF_JSGE, op.BPF_JSLT, op.BPF_JSLE]);
const UNSIGNED = new Set([op.BPF_JGT, op.BPF_JGE, op.BPF_JLT, op.BPF_JLE]);

/** the compare tree rooted at `root` (its last instruction a compare), or null */
export function switchTable(prog: Program, cfg: FuncCfg, root: Block): SwitchTable | null {
  const first = compareOf(prog, root, false);
  if (!first) return null;
  const reg = first.reg;
  const nodes = [root.id];
  const cmp = new Map<number, { o: number; imm: bigint }>([[root.id, first]]);
  for (let k = 0; k < nodes.length; k++) {
    for (const t of prog.blocks[nodes[k]!]!.succ) {
      if (cmp.has(t) || cfg.isMerge[t] || cfg.isLoopHeader[t] || cfg.rpoOf[t]! <= cfg.rpoOf[nodes[k]!]!) continue;
      const c = compareOf(prog, prog.blocks[t]!, true);
      if (!c || c.reg !== reg) continue;
      cmp.set(t, c);
      nodes.push(t);
    }
  }
  if (nodes.length < MIN_NODES) return null;
  let signed = false, unsigned = false;
  for (const c of cmp.values()) {
    if (SIGNED.has(c.o)) signed = true;
    if (UNSIGNED.has(c.o)) unsigned = true;
  }
  if (signed && unsigned) return null;
  // the constants in the compares' order
  const key = (v: bigint): bigint => (signed ? asS(v) : asU(v));
  let min = key(first.imm), max = min;
  for (const c of cmp.values()) {
    const v = key(c.imm);
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (max - min + 1n > BigInt(MAX_SPAN)) return null;
  const walk = (v: bigint): number => {
    let at = root.id;
    for (;;) {
      const c = cmp.get(at)!;
      const next = prog.blocks[at]!.succ[holds(c.o, v, c.imm) ? 0 : 1]!;
      if (!cmp.has(next)) return next;
      at = next;
    }
  };
  const leaf: number[] = [];
  for (let v = min; v <= max; v++) leaf.push(walk(v));
  const lowest = signed ? -(1n << 63n) : 0n;
  const highest = signed ? (1n << 63n) - 1n : U64;
  const below = min > lowest ? walk(min - 1n) : leaf[0]!;
  const above = max < highest ? walk(max + 1n) : leaf[leaf.length - 1]!;
  return { reg, signed, min, leaf, below, above, nodes };
}
