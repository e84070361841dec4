/**
 * Control-flow analysis for the JIT: basic blocks, subprograms (functions), reverse postorder,
 * dominators (Cooper, Harvey & Kennedy, "A Simple, Fast Dominance Algorithm", 2001), loop headers,
 * merge nodes and reducibility — what the structured-control-flow translation of Ramsey,
 * "Beyond Relooper" (ICFP 2022) needs.
 *
 * Blocks end at every jump, exit, call (helper, local, callx) and legacy packet load, so that a
 * block's instruction count can be charged to the budget once at its entry and a block never
 * leaves early except through its last instruction.
 */
import { type Instruction, LDDW, slotIndices } from '../../isa/instruction.js';
import * as op from '../../isa/opcodes.js';

/** per-slot decoded program (the shape the code generator reads) */
export interface Slots {
  /** number of slots */
  n: number;
  code: Uint8Array;
  dst: Uint8Array;
  src: Uint8Array;
  off: Int32Array;
  imm: Int32Array;
  /** lddw: imm of the second slot */
  imm2: Int32Array;
  /** 1 at the first slot of every instruction */
  start: Uint8Array;
}

export function toSlots(insns: readonly Instruction[]): Slots {
  const idx = slotIndices(insns);
  const n = idx[insns.length]!;
  const s: Slots = {
    n,
    code: new Uint8Array(n), dst: new Uint8Array(n), src: new Uint8Array(n),
    off: new Int32Array(n), imm: new Int32Array(n), imm2: new Int32Array(n), start: new Uint8Array(n),
  };
  insns.forEach((i, k) => {
    const p = idx[k]!;
    s.code[p] = i.code; s.dst[p] = i.dst; s.src[p] = i.src; s.off[p] = i.off; s.imm[p] = i.imm; s.imm2[p] = i.imm2;
    s.start[p] = 1;
  });
  return s;
}

export const enum Term {
  /** falls through into the next block */
  Fall,
  Ja,
  Cond,
  Exit,
  HelperCall,
  LocalCall,
  Callx,
  Kfunc,
  LdAbs,
  /** the pseudo block past the end of the program: executing it is "fell off the end" */
  FellOff,
}

export interface Block {
  id: number;
  /** first slot */
  start: number;
  /** slots of its instructions, in order */
  pcs: number[];
  term: Term;
  /** successor block ids within a function: [next] / [target] / [taken, fallthrough] */
  succ: number[];
}

export const isJmpClass = (c: number): boolean => (c & 7) === op.BPF_JMP || (c & 7) === op.BPF_JMP32;

/** the terminator kind of the instruction at slot p, or null when it does not end a block */
function termOf(s: Slots, p: number): Term | null {
  const c = s.code[p]!;
  const cls = c & 7;
  if (cls === op.BPF_LD && c !== LDDW) return Term.LdAbs;
  if (!isJmpClass(c)) return null;
  const o = c & 0xf0;
  if (o === op.BPF_EXIT) return Term.Exit;
  if (o === op.BPF_JA) return Term.Ja;
  if (o === op.BPF_CALL) {
    if (c & op.BPF_X) return Term.Callx;
    if (s.src[p] === op.BPF_PSEUDO_CALL) return Term.LocalCall;
    if (s.src[p] === op.BPF_PSEUDO_KFUNC_CALL) return Term.Kfunc;
    return Term.HelperCall;
  }
  return Term.Cond;
}

/** target slot of a jump at p */
export function jumpTargetOf(s: Slots, p: number): number {
  const c = s.code[p]!;
  if ((c & 7) === op.BPF_JMP32 && (c & 0xf0) === op.BPF_JA) return p + s.imm[p]! + 1; // gotol
  return p + s.off[p]! + 1;
}

export interface Program {
  slots: Slots;
  blocks: Block[];
  /** block id starting at each slot (-1 elsewhere) */
  blockAt: Int32Array;
  /** id of the fell-off pseudo block (starts at slot n) */
  offBlock: number;
  /** function entry slots: 0 and every local call target, sorted */
  funcEntries: number[];
}

/** split a validated program into basic blocks */
export function buildBlocks(insns: readonly Instruction[]): Program {
  const s = toSlots(insns);
  const n = s.n;
  const leader = new Uint8Array(n + 1);
  leader[0] = 1;
  leader[n] = 1;
  const entries = new Set<number>([0]);
  for (let p = 0; p < n; p++) {
    if (!s.start[p]) continue;
    const t = termOf(s, p);
    const next = p + (s.code[p] === LDDW ? 2 : 1);
    if (s.code[p] === LDDW && s.src[p] === op.BPF_PSEUDO_FUNC) {
      // a callback for bpf_loop & co.: after loading, imm is the callback's instruction index (the
      // loader's convention); before, the kernel's relative offset. Both become entries.
      for (const tgt of [s.imm[p]!, p + s.imm[p]! + 1]) {
        if (tgt >= 0 && tgt < n && s.start[tgt]) {
          leader[tgt] = 1;
          entries.add(tgt);
        }
      }
    }
    if (t === null) continue;
    leader[next] = 1;
    if (t === Term.Ja || t === Term.Cond) leader[jumpTargetOf(s, p)] = 1;
    if (t === Term.LocalCall) {
      const tgt = p + s.imm[p]! + 1;
      leader[tgt] = 1;
      entries.add(tgt);
    }
  }
  const blocks: Block[] = [];
  const blockAt = new Int32Array(n + 1).fill(-1);
  let cur: Block | null = null;
  for (let p = 0; p < n; p++) {
    if (!s.start[p]) continue;
    if (leader[p] || cur === null) {
      cur = { id: blocks.length, start: p, pcs: [], term: Term.Fall, succ: [] };
      blocks.push(cur);
      blockAt[p] = cur.id;
    }
    cur.pcs.push(p);
    const t = termOf(s, p);
    if (t !== null) {
      cur.term = t;
      cur = null;
    }
  }
  const off: Block = { id: blocks.length, start: n, pcs: [n], term: Term.FellOff, succ: [] };
  blocks.push(off);
  blockAt[n] = off.id;
  // successors
  for (const b of blocks) {
    if (b.term === Term.FellOff) continue;
    const last = b.pcs[b.pcs.length - 1]!;
    const next = last + (s.code[last] === LDDW ? 2 : 1);
    const nextId = blockAt[next]!;
    switch (b.term) {
      case Term.Exit: case Term.Kfunc: break;
      case Term.Ja: b.succ = [blockAt[jumpTargetOf(s, last)]!]; break;
      case Term.Cond: {
        const t = blockAt[jumpTargetOf(s, last)]!;
        b.succ = t === nextId ? [t] : [t, nextId];
        break;
      }
      default: b.succ = [nextId];
    }
  }
  return { slots: s, blocks, blockAt, offBlock: off.id, funcEntries: [...entries].sort((a, b) => a - b) };
}

/** the blocks of one function (reachable from its entry by intra-procedural edges), analysed */
export interface FuncCfg {
  entrySlot: number;
  /** block ids in reverse postorder; rpo[0] is the entry */
  order: number[];
  /** rpo number of each block id (-1 when not in this function) */
  rpoOf: Int32Array;
  /** immediate dominator (block id) of each block in the function, entry → itself */
  idom: Int32Array;
  /** dominator-tree children, by block id */
  children: Map<number, number[]>;
  isLoopHeader: Uint8Array;
  isMerge: Uint8Array;
  reducible: boolean;
}

export function analyseFunction(prog: Program, entrySlot: number): FuncCfg {
  const nb = prog.blocks.length;
  const entry = prog.blockAt[entrySlot]!;
  // iterative DFS for postorder
  const visited = new Uint8Array(nb);
  const post: number[] = [];
  const stack: Array<[number, number]> = [[entry, 0]];
  visited[entry] = 1;
  while (stack.length) {
    const top = stack[stack.length - 1]!;
    const b = prog.blocks[top[0]]!;
    if (top[1] < b.succ.length) {
      const nx = b.succ[top[1]++]!;
      if (!visited[nx]) {
        visited[nx] = 1;
        stack.push([nx, 0]);
      }
    } else {
      post.push(top[0]);
      stack.pop();
    }
  }
  const order = post.reverse();
  const rpoOf = new Int32Array(nb).fill(-1);
  order.forEach((b, k) => (rpoOf[b] = k));
  // predecessors within the function
  const preds: number[][] = Array.from({ length: nb }, () => []);
  for (const b of order) for (const t of prog.blocks[b]!.succ) preds[t]!.push(b);
  // dominators (Cooper-Harvey-Kennedy)
  const idom = new Int32Array(nb).fill(-1);
  idom[entry] = entry;
  const intersect = (a: number, b: number): number => {
    while (a !== b) {
      while (rpoOf[a]! > rpoOf[b]!) a = idom[a]!;
      while (rpoOf[b]! > rpoOf[a]!) b = idom[b]!;
    }
    return a;
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (let k = 1; k < order.length; k++) {
      const b = order[k]!;
      let nd = -1;
      for (const p of preds[b]!) {
        if (idom[p] === -1) continue;
        nd = nd === -1 ? p : intersect(p, nd);
      }
      if (nd !== idom[b]) {
        idom[b] = nd;
        changed = true;
      }
    }
  }
  const dominates = (a: number, b: number): boolean => {
    for (;;) {
      if (a === b) return true;
      if (b === entry) return false;
      b = idom[b]!;
    }
  };
  const isLoopHeader = new Uint8Array(nb);
  const isMerge = new Uint8Array(nb);
  let reducible = true;
  for (const b of order) {
    let forward = 0;
    for (const p of preds[b]!) {
      if (rpoOf[p]! >= rpoOf[b]!) {
        isLoopHeader[b] = 1;
        if (!dominates(b, p)) reducible = false;
      } else forward++;
    }
    if (forward >= 2) isMerge[b] = 1;
  }
  const children = new Map<number, number[]>();
  for (const b of order) {
    if (b === entry) continue;
    const d = idom[b]!;
    let c = children.get(d);
    if (!c) children.set(d, (c = []));
    c.push(b);
  }
  return { entrySlot, order, rpoOf, idom, children, isLoopHeader, isMerge, reducible };
}
