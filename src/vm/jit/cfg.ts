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
import { type Instruction, LDDW } from '../../isa/instruction.js';
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
  // one pass to size (lddw takes two slots), one to fill: this runs once per compile
  const m = insns.length;
  let n = m;
  for (let k = 0; k < m; k++) if (insns[k]!.code === LDDW) n++;
  // one buffer for all seven arrays: each typed array of its own is an allocation (and later a
  // sweep) of its own, which costs more than filling them for small programs
  const n4 = (n + 3) & ~3;
  const buf = new ArrayBuffer(n4 * 16);
  const s: Slots = {
    n,
    off: new Int32Array(buf, 0, n), imm: new Int32Array(buf, n4 * 4, n), imm2: new Int32Array(buf, n4 * 8, n),
    code: new Uint8Array(buf, n4 * 12, n), dst: new Uint8Array(buf, n4 * 13, n), src: new Uint8Array(buf, n4 * 14, n), start: new Uint8Array(buf, n4 * 15, n),
  };
  const { code, dst, src, off, imm, imm2, start } = s;
  for (let k = 0, p = 0; k < m; k++) {
    const i = insns[k]!;
    const c = i.code;
    code[p] = c; dst[p] = i.dst; src[p] = i.src; off[p] = i.off; imm[p] = i.imm; start[p] = 1;
    if (c === LDDW) {
      imm2[p] = i.imm2;
      p += 2;
    } else p++;
  }
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
  /** slot of its last instruction (its instructions are the instruction starts in start..last) */
  last: number;
  /** number of instructions */
  len: number;
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
  /** number of successor edges of all blocks (sizes the analysis scratch) */
  nEdges: number;
}

const NO_SUCC: number[] = [];

/** the slot after the instruction at p (lddw spans two) */
export const nextSlot = (s: Slots, p: number): number => p + (s.code[p] === LDDW ? 2 : 1);

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
      cur = { id: blocks.length, start: p, last: p, len: 0, term: Term.Fall, succ: NO_SUCC };
      blocks.push(cur);
      blockAt[p] = cur.id;
    }
    cur.last = p;
    cur.len++;
    const c = s.code[p]!;
    // only jumps and legacy packet loads end blocks
    if ((c & 7) === op.BPF_JMP || (c & 7) === op.BPF_JMP32 || ((c & 7) === op.BPF_LD && c !== LDDW)) {
      cur.term = termOf(s, p)!;
      cur = null;
    }
  }
  const off: Block = { id: blocks.length, start: n, last: n, len: 1, term: Term.FellOff, succ: NO_SUCC };
  blocks.push(off);
  blockAt[n] = off.id;
  // successors
  for (const b of blocks) {
    if (b.term === Term.FellOff) continue;
    const last = b.last;
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
  let nEdges = 0;
  for (const b of blocks) nEdges += b.succ.length;
  return { slots: s, blocks, blockAt, offBlock: off.id, funcEntries: [...entries].sort((a, b) => a - b), nEdges };
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
  /**
   * the dominator-tree children of each block that are merge nodes, highest reverse-postorder
   * number first (the order Ramsey's doTree nests their `block`s), by block id: block b's are
   * mergeList[mergeStart[b] .. mergeStart[b] + mergeCount[b])
   */
  mergeStart: Int32Array;
  mergeCount: Int32Array;
  mergeList: Int32Array;
  isLoopHeader: Uint8Array;
  isMerge: Uint8Array;
  reducible: boolean;
}

/**
 * Scratch arrays, reused by every function's analysis: a program with thousands of subprograms
 * must not allocate (and clear) arrays of the whole program's size per function, and a compile
 * should not allocate them at all. Only the entries of the previous analysis are reset.
 */
interface Scratch {
  rpoOf: Int32Array;
  idom: Int32Array;
  isLoopHeader: Uint8Array;
  isMerge: Uint8Array;
  /** DFS stack: block id and next successor index */
  stackB: Int32Array;
  stackI: Int32Array;
  /** predecessors in CSR form: count, then start offsets, then the list */
  predCnt: Int32Array;
  predStart: Int32Array;
  predList: Int32Array;
  /** merge children in CSR form */
  mergeStart: Int32Array;
  mergeCount: Int32Array;
  mergeList: Int32Array;
  last: number[];
}
/** one set of scratch arrays for every analysis (analyses never overlap), grown as programs need */
let SCRATCH: Scratch | null = null;

function scratch(prog: Program): Scratch {
  // (called once per function: nothing here may cost the program's size)
  const nb = prog.blocks.length;
  const ne = prog.nEdges;
  let sc = SCRATCH;
  if (!sc || sc.rpoOf.length < nb || sc.predList.length < ne) {
    const cap = Math.max(nb, 2 * (sc?.rpoOf.length ?? 0), 256);
    const ecap = Math.max(ne, 2 * cap);
    sc = SCRATCH = {
      rpoOf: new Int32Array(cap).fill(-1), idom: new Int32Array(cap).fill(-1), isLoopHeader: new Uint8Array(cap), isMerge: new Uint8Array(cap),
      stackB: new Int32Array(cap), stackI: new Int32Array(cap), predCnt: new Int32Array(cap), predStart: new Int32Array(cap + 1), predList: new Int32Array(ecap),
      mergeStart: new Int32Array(cap), mergeCount: new Int32Array(cap), mergeList: new Int32Array(cap), last: [],
    };
  } else {
    // only the previous analysis's entries are set (of this program or of an earlier one)
    for (const b of sc.last) {
      sc.rpoOf[b] = -1;
      sc.idom[b] = -1;
      sc.mergeCount[b] = 0;
      sc.isLoopHeader[b] = 0;
      sc.isMerge[b] = 0;
      sc.predCnt[b] = 0;
    }
  }
  return sc;
}

/**
 * The function's CFG in reverse postorder, its dominator tree (Cooper, Harvey & Kennedy, "A Simple,
 * Fast Dominance Algorithm"), loop headers and merge nodes. Linear in the function's blocks and
 * edges (plus CHK's iterations, few on the CFGs compilers emit); the arrays it returns are scratch
 * shared with the program's next function, valid until then.
 */
export function analyseFunction(prog: Program, entrySlot: number): FuncCfg {
  const blocks = prog.blocks;
  const entry = prog.blockAt[entrySlot]!;
  const sc = scratch(prog);
  const { rpoOf, idom, isLoopHeader, isMerge, stackB, stackI, predCnt, predStart, predList } = sc;
  // iterative DFS for postorder; rpoOf doubles as the visited mark (-2 = on the way)
  const post: number[] = [];
  let sp = 0;
  stackB[0] = entry;
  stackI[0] = 0;
  sp = 1;
  rpoOf[entry] = -2;
  while (sp > 0) {
    const b = blocks[stackB[sp - 1]!]!;
    const k = stackI[sp - 1]!;
    if (k < b.succ.length) {
      stackI[sp - 1] = k + 1;
      const nx = b.succ[k]!;
      if (rpoOf[nx] === -1) {
        rpoOf[nx] = -2;
        stackB[sp] = nx;
        stackI[sp] = 0;
        sp++;
      }
    } else {
      post.push(b.id);
      sp--;
    }
  }
  const order = post.reverse();
  sc.last = order;
  const n = order.length;
  for (let k = 0; k < n; k++) rpoOf[order[k]!] = k;
  // predecessors within the function (CSR)
  for (let k = 0; k < n; k++) for (const t of blocks[order[k]!]!.succ) predCnt[t]!++;
  let acc = 0;
  for (let k = 0; k < n; k++) {
    const b = order[k]!;
    predStart[b] = acc;
    acc += predCnt[b]!;
    predCnt[b] = 0;
  }
  for (let k = 0; k < n; k++) {
    const p = order[k]!;
    for (const t of blocks[p]!.succ) predList[predStart[t]! + predCnt[t]!++] = p;
  }
  // dominators (Cooper-Harvey-Kennedy)
  idom[entry] = entry;
  for (let changed = true; changed; ) {
    changed = false;
    for (let k = 1; k < n; k++) {
      const b = order[k]!;
      let nd = -1;
      const ps = predStart[b]!;
      const pe = ps + predCnt[b]!;
      for (let q = ps; q < pe; q++) {
        const p = predList[q]!;
        if (idom[p] === -1) continue;
        if (nd === -1) nd = p;
        else {
          let a = p;
          let c = nd;
          while (a !== c) {
            while (rpoOf[a]! > rpoOf[c]!) a = idom[a]!;
            while (rpoOf[c]! > rpoOf[a]!) c = idom[c]!;
          }
          nd = a;
        }
      }
      if (nd !== idom[b]) {
        idom[b] = nd;
        changed = true;
      }
    }
  }
  let reducible = true;
  for (let k = 0; k < n; k++) {
    const b = order[k]!;
    let forward = 0;
    const ps = predStart[b]!;
    const pe = ps + predCnt[b]!;
    for (let q = ps; q < pe; q++) {
      const p = predList[q]!;
      if (rpoOf[p]! >= k) {
        isLoopHeader[b] = 1;
        // a back edge whose target does not dominate its source: irreducible
        let x = p;
        while (x !== b && x !== entry) x = idom[x]!;
        if (x !== b) reducible = false;
      } else forward++;
    }
    if (forward >= 2) isMerge[b] = 1;
  }
  // merge children in decreasing rpo (CSR): count per parent, offsets, then fill walking the order backwards
  const { mergeStart, mergeCount, mergeList } = sc;
  for (let k = 1; k < n; k++) {
    const b = order[k]!;
    if (isMerge[b]) mergeCount[idom[b]!]!++;
  }
  let at = 0;
  for (let k = 0; k < n; k++) {
    const b = order[k]!;
    mergeStart[b] = at;
    at += mergeCount[b]!;
    mergeCount[b] = 0;
  }
  for (let k = n - 1; k >= 1; k--) {
    const b = order[k]!;
    if (!isMerge[b]) continue;
    const d = idom[b]!;
    mergeList[mergeStart[d]! + mergeCount[d]!++] = b;
  }
  return { entrySlot, order, rpoOf, idom, mergeStart, mergeCount, mergeList, isLoopHeader, isMerge, reducible };
}
