/**
 * Which memory accesses of an unverified program need no region check: a forward range analysis
 * of the registers over each function's CFG, the JIT's own (the verifier's facts do not carry
 * over: they assume the program type's context, and an unverified run does not promise one — a
 * branch the verifier prunes as dead may be taken here).
 *
 * It tracks two kinds of value per register, the way the kernel's verifier tracks scalars and
 * PTR_TO_STACK (kernel/bpf/verifier.c adjust_scalar_min_max_vals, adjust_ptr_min_max_vals,
 * reg_set_min_max), with unsigned bounds only:
 * - a scalar in [lo, hi] (0 <= lo <= hi; hi = Infinity: anything);
 * - the frame pointer plus an offset in [lo, hi]: r10 at a function's entry, when no instruction
 *   writes r10 (codegen.ts writesR10: the engine then starts every frame with r10 its frame
 *   pointer), and what constant or bounded additions and subtractions make of it.
 * Nothing loaded from memory is trusted (a load gives a scalar bounded by its size only, never a
 * pointer), so a pointer spilled to the stack and reloaded, a context field or a forged value is
 * checked as before. Conditional jumps against constants narrow scalars on each edge; loop headers
 * widen to the program's jump constants (so `for (i = 0; i != 200; i++) buf[i]` is bounded), then
 * to anything.
 *
 * An access [reg + off, reg + off + size) whose register is the frame pointer plus [lo, hi] with
 * lo + off >= -512 and hi + off + size <= 0 lies in the function's own frame, inside the stack
 * region, on every path: it is emitted without a check. Every other access keeps its check. A
 * helper call gets the same verdict for its r2 and KEY_IN_FRAME bytes (a map helper's key).
 */
import { LDDW } from '../../isa/instruction.js';
import * as op from '../../isa/opcodes.js';
import { MAX_BPF_STACK } from '../../isa/opcodes.js';
import { type FuncCfg, type Program, Term, analyseFunction, isJmpClass, jumpTargetOf } from './cfg.js';
import { BPF_FUNC_map_lookup_elem, mapSites } from './map_fastpath.js';

const K_ANY = 0, K_SCALAR = 1, K_FP = 2;
/**
 * what a map fast-path lookup site (map_fastpath.ts) returned, plus an offset in [lo, hi]: NULL or
 * (K_MAPVAL, after a `!= 0` test) a pointer to a value of the site's map; the map slot is kept in
 * the align field. Valid until the next call (calls forget them).
 */
const K_MAPVAL_NULL = 3, K_MAPVAL = 4;
/** bytes at r2 a helper call's verdict vouches for: an array map's u32 key */
export const KEY_IN_FRAME = 4;
/** values above this are not tracked exactly (doubles stay exact and nothing wraps) */
const BIG = 2 ** 52;
const U32_MAX = 0xffffffff;
/** widen a loop header after this many visits */
const WIDEN_AFTER = 3;

/**
 * a register file's abstract state: per register kind, lo, hi and align (4 slots each); a scalar
 * is a multiple of align (a power of two: 1 = no alignment known), so that a loop counting in
 * steps of 8 up to `!= 256` is bounded by 248 (the verifier's tnum does this and more)
 */
type Regs = Float64Array;
const NREG = 11;
const W = 4;
const newRegs = (): Regs => new Float64Array(NREG * W);

function setAny(r: Regs, i: number): void {
  r[i * W] = K_ANY;
  r[i * W + 1] = 0;
  r[i * W + 2] = Infinity;
  r[i * W + 3] = 1;
}
/** [lo, hi] rounded inwards to multiples of align (lo > hi when nothing is left) */
const roundUp = (x: number, a: number): number => Math.ceil(x / a) * a;
const roundDown = (x: number, a: number): number => Math.floor(x / a) * a;
function setScalar(r: Regs, i: number, lo: number, hi: number, align = 1): void {
  if (align > 1) {
    lo = roundUp(lo, align);
    hi = roundDown(hi, align);
  }
  if (!(lo >= 0) || !(hi <= BIG) || lo > hi) return setAny(r, i);
  r[i * W] = K_SCALAR;
  r[i * W + 1] = lo;
  r[i * W + 2] = hi;
  r[i * W + 3] = align;
}
function setMapVal(r: Regs, i: number, kind: number, slot: number, lo: number, hi: number): void {
  if (!(lo >= -BIG) || !(hi <= BIG) || lo > hi) return setAny(r, i);
  r[i * W] = kind;
  r[i * W + 1] = lo;
  r[i * W + 2] = hi;
  r[i * W + 3] = slot;
}
function setFp(r: Regs, i: number, lo: number, hi: number): void {
  // offsets far outside any frame prove nothing: forget them rather than grow without bound
  if (!(lo >= -BIG) || !(hi <= BIG) || lo > hi) return setAny(r, i);
  r[i * W] = K_FP;
  r[i * W + 1] = lo;
  r[i * W + 2] = hi;
  r[i * W + 3] = 1;
}
/** the largest power of two dividing v (v = 0: every one, 2^52) */
function alignOf(v: number): number {
  v = Math.abs(v);
  if (v === 0) return BIG;
  let a = 1;
  while (a < BIG && v % (a * 2) === 0) a *= 2;
  return a;
}

/**
 * For every instruction slot of the program: 1 when its memory access is proven to stay in the
 * function's frame. Computed once per program (all functions), cached on the Program object.
 */
export function frameSafeAccesses(prog: Program, trustR10: boolean): Uint8Array {
  return rangeFacts(prog, trustR10).safe;
}

/**
 * Per slot, for a load or store through what a map fast-path lookup site returned (K_MAPVAL) with
 * the offset range known: slot * 65536 + need, where [reg + off, reg + off + size) lies in the
 * first `need` bytes of the value (1 <= need < 65536); 0 otherwise. The code generator then
 * compares `need` with the slot's value size global (codegen_mem.ts), set only while the slot's
 * lookups return NULL or a value of that many bytes.
 */
export function mapValueAccesses(prog: Program, trustR10: boolean): Int32Array {
  return rangeFacts(prog, trustR10).mapVal;
}

interface Facts {
  safe: Uint8Array;
  mapVal: Int32Array;
}

function rangeFacts(prog: Program, trustR10: boolean): Facts {
  const cached = (prog as { rangeFacts?: Facts }).rangeFacts;
  if (cached) return cached;
  const f: Facts = { safe: new Uint8Array(prog.slots.n), mapVal: new Int32Array(prog.slots.n) };
  if (trustR10) {
    const thresholds = jumpConstants(prog);
    for (const e of prog.funcEntries) analyse(prog, analyseFunction(prog, e), thresholds, f);
  }
  (prog as { rangeFacts?: Facts }).rangeFacts = f;
  return f;
}

/** the constants of conditional jumps, +-1, sorted: the widening thresholds */
function jumpConstants(prog: Program): Float64Array {
  const s = prog.slots;
  const set = new Set<number>([0, U32_MAX]);
  for (let p = 0; p < s.n; p++) {
    if (!s.start[p] || !isJmpClass(s.code[p]!) || s.code[p]! & op.BPF_X) continue;
    const o = s.code[p]! & 0xf0;
    if (o === op.BPF_JA || o === op.BPF_CALL || o === op.BPF_EXIT) continue;
    const v = (s.code[p]! & 7) === op.BPF_JMP32 ? s.imm[p]! >>> 0 : s.imm[p]!;
    if (v >= 0) for (const x of [v - 1, v, v + 1]) if (x >= 0) set.add(x);
    if (set.size > 4096) break;
  }
  return Float64Array.from(set).sort();
}

function analyse(prog: Program, cfg: FuncCfg, thresholds: Float64Array, facts: Facts): void {
  const blocks = prog.blocks;
  const { order, rpoOf, isLoopHeader } = cfg;
  const n = order.length;
  // state at each block's entry, by rpo number; null = not reached yet
  const at: (Regs | null)[] = new Array<Regs | null>(n).fill(null);
  const visits = new Uint16Array(n);
  const entry = newRegs();
  for (let r = 0; r < 10; r++) setAny(entry, r);
  setFp(entry, 10, 0, 0);
  at[0] = entry;
  // worklist in reverse postorder (a bit set scanned from the lowest rpo number)
  const pending = new Uint8Array(n);
  pending[0] = 1;
  const cur = newRegs();
  const taken = newRegs();
  for (let k = 0; k < n; ) {
    if (!pending[k]) {
      k++;
      continue;
    }
    pending[k] = 0;
    const b = blocks[order[k]!]!;
    cur.set(at[k]!);
    for (let p = b.start; p < b.last; p++) if (prog.slots.start[p]) step(prog, p, cur, null);
    // the last instruction: its effect, and for a conditional jump the state on each edge
    let next = k + 1;
    const flow = (succ: number, st: Regs): void => {
      const j = rpoOf[succ]!;
      if (j < 0) return;
      if (join(at, j, st, isLoopHeader[succ] ? ++visits[j]! > WIDEN_AFTER : false, thresholds)) {
        pending[j] = 1;
        if (j < next) next = j;
      }
    };
    if (b.term === Term.Cond) {
      taken.set(cur);
      const feasible = narrow(prog, b.last, cur, taken);
      const tgt = prog.blockAt[jumpTargetOf(prog.slots, b.last)]!;
      if (feasible & 1) flow(tgt, taken);
      if (feasible & 2 && b.succ.length === 2) flow(b.succ[1]!, cur);
    } else {
      if (b.last < prog.slots.n) step(prog, b.last, cur, null);
      for (const t of b.succ) flow(t, cur);
    }
    k = next;
  }
  // the verdicts, one more pass over each reached block with its final entry state
  for (let k = 0; k < n; k++) {
    if (!at[k]) continue;
    const b = blocks[order[k]!]!;
    cur.set(at[k]!);
    for (let p = b.start; p <= b.last && p < prog.slots.n; p++) if (prog.slots.start[p]) step(prog, p, cur, facts);
  }
}

/** join st into at[j] (widened when asked); whether at[j] changed */
function join(at: (Regs | null)[], j: number, st: Regs, widen: boolean, th: Float64Array): boolean {
  const old = at[j];
  if (!old) {
    at[j] = Float64Array.from(st);
    return true;
  }
  let changed = false;
  for (let r = 0; r < NREG; r++) {
    const i = r * W;
    const ka = old[i]!, kb = st[i]!;
    if (ka === K_ANY) continue;
    if (ka !== kb || ((ka === K_MAPVAL || ka === K_MAPVAL_NULL) && old[i + 3] !== st[i + 3])) {
      setAny(old, r);
      changed = true;
      continue;
    }
    let lo = Math.min(old[i + 1]!, st[i + 1]!);
    let hi = Math.max(old[i + 2]!, st[i + 2]!);
    if (lo === old[i + 1] && hi === old[i + 2] && st[i + 3]! >= old[i + 3]!) continue;
    if (ka === K_MAPVAL || ka === K_MAPVAL_NULL) {
      if (widen) setAny(old, r);
      else setMapVal(old, r, ka, old[i + 3]!, lo, hi);
      changed = true;
      continue;
    }
    if (widen) {
      if (ka === K_FP) {
        setAny(old, r);
        changed = true;
        continue;
      }
      if (hi > old[i + 2]!) hi = above(th, hi);
      if (lo < old[i + 1]!) lo = below(th, lo);
    }
    if (ka === K_FP) setFp(old, r, lo, hi);
    else setScalar(old, r, lo, hi, Math.min(old[i + 3]!, st[i + 3]!));
    changed = true;
  }
  return changed;
}
function above(th: Float64Array, x: number): number {
  for (let k = 0; k < th.length; k++) if (th[k]! >= x) return th[k]!;
  return Infinity;
}
function below(th: Float64Array, x: number): number {
  for (let k = th.length - 1; k >= 0; k--) if (th[k]! <= x) return th[k]!;
  return 0;
}

/**
 * Narrow the state on the two edges of the conditional jump at p: `fall` (in: the state before
 * the jump) becomes the fall-through state, `taken` the taken one. Returns which edges may be
 * taken (1: taken, 2: fall through).
 */
function narrow(prog: Program, p: number, fall: Regs, taken: Regs): number {
  const s = prog.slots;
  const c = s.code[p]!;
  const o = c & 0xf0;
  const d = s.dst[p]!;
  const is32 = (c & 7) === op.BPF_JMP32;
  if (o === op.BPF_JA || c === (op.BPF_JMP | op.BPF_JCOND)) return 3;
  if (fall[d * W] === K_MAPVAL_NULL && fall[d * W + 1] === 0 && fall[d * W + 2] === 0 && !is32 && !(c & op.BPF_X) && s.imm[p] === 0 && (o === op.BPF_JEQ || o === op.BPF_JNE)) {
    // a lookup's result tested against NULL (the verifier's mark_ptr_or_null_reg): a value
    // pointer on the non-NULL edge, 0 on the other
    const slot = fall[d * W + 3]!;
    setScalar(o === op.BPF_JEQ ? taken : fall, d, 0, 0);
    setMapVal(o === op.BPF_JEQ ? fall : taken, d, K_MAPVAL, slot, 0, 0);
    return 3;
  }
  if (fall[d * W] !== K_SCALAR) return 3;
  let v: number;
  if (c & op.BPF_X) {
    const sr = s.src[p]!;
    if (fall[sr * W] !== K_SCALAR || fall[sr * W + 1] !== fall[sr * W + 2]) return 3;
    v = fall[sr * W + 1]!;
  } else v = is32 ? s.imm[p]! >>> 0 : s.imm[p]!;
  const lo = fall[d * W + 1]!, hi = fall[d * W + 2]!;
  // a 32-bit compare sees the register's low half: the same value when the register is below 2^32
  if (is32 && hi > U32_MAX) return 3;
  if (v < 0) return 3;
  // signed compares agree with unsigned ones when both sides are below 2^31 (32-bit) or 2^63
  const signedOk = is32 ? hi < 2 ** 31 && v < 2 ** 31 : true;
  // [tLo, tHi]: where the jump is taken; [fLo, fHi]: where it falls through (single intervals)
  let tLo = lo, tHi = hi, fLo = lo, fHi = hi;
  switch (o) {
    case op.BPF_JEQ:
      tLo = tHi = v;
      if (lo === v) fLo = v + 1;
      if (hi === v) fHi = v - 1;
      break;
    case op.BPF_JNE:
      fLo = fHi = v;
      if (lo === v) tLo = v + 1;
      if (hi === v) tHi = v - 1;
      break;
    case op.BPF_JGT:
    case op.BPF_JSGT:
      if (o === op.BPF_JSGT && !signedOk) return 3;
      tLo = Math.max(lo, v + 1);
      fHi = Math.min(hi, v);
      break;
    case op.BPF_JGE:
    case op.BPF_JSGE:
      if (o === op.BPF_JSGE && !signedOk) return 3;
      tLo = Math.max(lo, v);
      fHi = Math.min(hi, v - 1);
      break;
    case op.BPF_JLT:
    case op.BPF_JSLT:
      if (o === op.BPF_JSLT && !signedOk) return 3;
      tHi = Math.min(hi, v - 1);
      fLo = Math.max(lo, v);
      break;
    case op.BPF_JLE:
    case op.BPF_JSLE:
      if (o === op.BPF_JSLE && !signedOk) return 3;
      tHi = Math.min(hi, v);
      fLo = Math.max(lo, v + 1);
      break;
    default:
      return 3; // JSET
  }
  // the register is a multiple of a: so is every value left on each edge
  const a = fall[d * W + 3]!;
  tLo = roundUp(tLo, a);
  fLo = roundUp(fLo, a);
  tHi = roundDown(tHi, a);
  fHi = roundDown(fHi, a);
  let feasible = 0;
  if (tLo <= tHi) {
    feasible |= 1;
    setScalar(taken, d, tLo, tHi, a);
  }
  if (fLo <= fHi) {
    feasible |= 2;
    setScalar(fall, d, fLo, fHi, a);
  }
  return feasible;
}

/** one instruction's effect on the state; with `safe`, record whether its access is frame-safe */
function step(prog: Program, p: number, r: Regs, facts: Facts | null): void {
  const s = prog.slots;
  const c = s.code[p]!;
  const cls = c & 7;
  const d = s.dst[p]!, sr = s.src[p]!, imm = s.imm[p]!, off = s.off[p]!;
  switch (cls) {
    case op.BPF_ALU64:
    case op.BPF_ALU:
      alu(r, c, d, sr, imm, off);
      return;
    case op.BPF_LDX: {
      const size = [4, 2, 1, 8][(c >> 3) & 3]!;
      if (facts) verdict(facts, p, r, sr, off, size);
      if ((c & 0xe0) === op.BPF_MEM && size < 8) setScalar(r, d, 0, 2 ** (8 * size) - 1);
      else setAny(r, d);
      return;
    }
    case op.BPF_ST:
    case op.BPF_STX: {
      const size = [4, 2, 1, 8][(c >> 3) & 3]!;
      if (facts) verdict(facts, p, r, d, off, size);
      if ((c & 0xe0) === op.BPF_ATOMIC) {
        if (imm === op.BPF_CMPXCHG) setAny(r, 0);
        else if (imm & op.BPF_FETCH) setAny(r, sr);
      }
      return;
    }
    case op.BPF_LD:
      if (c === LDDW) {
        const v = (s.imm2[p]! >>> 0) * 2 ** 32 + (s.imm[p]! >>> 0);
        if (sr === 0 && v <= BIG) setScalar(r, d, v, v);
        else setAny(r, d);
      } else for (let k = 0; k <= 5; k++) setAny(r, k); // LD_ABS / LD_IND
      return;
    default:
      // calls clobber r0..r5 (a subprogram returns its r0..r5); jumps and exit change nothing
      if ((c & 0xf0) === op.BPF_CALL) {
        // a helper call's slot: 1 when r2 points to at least KEY_IN_FRAME bytes of the frame (the
        // map helpers' key: map_fastpath.ts reads an array index there without a check)
        if (facts && cls === op.BPF_JMP && sr === 0) facts.safe[p] = inFrame(r, 2, 0, KEY_IN_FRAME);
        for (let k = 0; k <= 5; k++) setAny(r, k);
        for (let k = 6; k <= 9; k++) if (r[k * W] === K_MAPVAL || r[k * W] === K_MAPVAL_NULL) setAny(r, k);
        // a fast-path lookup site: r0 is NULL or a value of the site's map
        const site = cls === op.BPF_JMP && sr === 0 && imm === BPF_FUNC_map_lookup_elem ? mapSites(prog)?.at.get(p) : undefined;
        if (site && site.helper === BPF_FUNC_map_lookup_elem) setMapVal(r, 0, K_MAPVAL_NULL, site.slot, 0, 0);
      }
  }
}

/** the facts of the access [reg + off, reg + off + size) at p */
function verdict(f: Facts, p: number, r: Regs, reg: number, off: number, size: number): void {
  f.safe[p] = inFrame(r, reg, off, size);
  if (r[reg * W] !== K_MAPVAL) return;
  const need = r[reg * W + 2]! + off + size;
  if (r[reg * W + 1]! + off >= 0 && need < 65536) f.mapVal[p] = r[reg * W + 3]! * 65536 + need;
}

/** 1 when [reg + off, reg + off + size) is inside the frame [r10 - 512, r10) on every path */
function inFrame(r: Regs, reg: number, off: number, size: number): number {
  if (r[reg * W] !== K_FP) return 0;
  return r[reg * W + 1]! + off >= -MAX_BPF_STACK && r[reg * W + 2]! + off + size <= 0 ? 1 : 0;
}

function alu(r: Regs, c: number, d: number, sr: number, imm: number, off: number): void {
  const is64 = (c & 7) === op.BPF_ALU64;
  const o = c & 0xf0;
  const x = (c & op.BPF_X) !== 0;
  // the source operand: [sk, slo, shi]
  let sk: number, slo: number, shi: number, sa: number;
  if (x) {
    sk = r[sr * W]!;
    slo = r[sr * W + 1]!;
    shi = r[sr * W + 2]!;
    sa = r[sr * W + 3]!;
  } else {
    const v = is64 ? imm : imm >>> 0;
    sa = alignOf(v);
    if (v >= 0) {
      sk = K_SCALAR;
      slo = shi = v;
    } else {
      // a negative 64-bit immediate: only additions use it (as a signed offset) below
      sk = K_ANY;
      slo = shi = v;
    }
  }
  const dk = r[d * W]!, dlo = r[d * W + 1]!, dhi = r[d * W + 2]!, da = r[d * W + 3]!;
  if (o === op.BPF_END) {
    // le/be/bswap: 16 and 32 truncate to that width; 64 (a swap, or the identity of le64, which
    // does not zero-extend although its class is BPF_ALU) may be anything
    if (imm === 16) setScalar(r, d, 0, 0xffff);
    else if (imm === 32) setScalar(r, d, 0, U32_MAX);
    else setAny(r, d);
    return;
  }
  if (!is64) {
    // 32-bit operations: exact while everything stays below 2^32, else any 32-bit value
    const inU32 = (k: number, hi: number): boolean => k === K_SCALAR && hi <= U32_MAX;
    const srcOk = x ? inU32(sk, shi) : true;
    const dstOk = inU32(dk, dhi);
    const s32lo = x ? slo : imm >>> 0, s32hi = x ? shi : imm >>> 0;
    let lo = 0, hi = U32_MAX, al = 1;
    if (o === op.BPF_MOV && off === 0) {
      if (srcOk) {
        lo = s32lo;
        hi = s32hi;
        al = sa;
      }
    } else if (o === op.BPF_AND) {
      hi = Math.min(srcOk ? s32hi : U32_MAX, dstOk ? dhi : U32_MAX);
      al = Math.max(srcOk ? sa : 1, dstOk ? da : 1);
    } else if (srcOk && dstOk && !((o === op.BPF_LSH || o === op.BPF_RSH) && s32hi > 31)) {
      // (a 32-bit shift takes its amount modulo 32: only amounts below 32 are what they say)
      const v = scalarOp(o, dlo, dhi, da, s32lo, s32hi, sa, off);
      if (v && v[1] <= U32_MAX) [lo, hi, al] = v;
    }
    setScalar(r, d, lo, hi, al);
    return;
  }
  switch (o) {
    case op.BPF_MOV:
      if (off !== 0) setAny(r, d); // movsx
      else if (x) {
        r[d * W] = sk;
        r[d * W + 1] = slo;
        r[d * W + 2] = shi;
        r[d * W + 3] = sa;
      } else setScalar(r, d, slo, shi, sa);
      return;
    case op.BPF_ADD:
    case op.BPF_SUB: {
      const sub = o === op.BPF_SUB;
      // the operand as a signed interval (a negative immediate included)
      let alo: number, ahi: number;
      const al = Math.min(sa, da);
      if (!x) alo = ahi = imm;
      else if (sk === K_SCALAR) {
        alo = slo;
        ahi = shi;
      } else if (sk === K_FP && dk === K_SCALAR && !sub) {
        // scalar + fp
        setFp(r, d, slo + dlo, shi + dhi);
        return;
      } else return setAny(r, d);
      if (sub) [alo, ahi] = [-ahi, -alo];
      if (dk === K_FP) setFp(r, d, dlo + alo, dhi + ahi);
      else if (dk === K_MAPVAL) setMapVal(r, d, K_MAPVAL, da, dlo + alo, dhi + ahi);
      else if (dk === K_SCALAR) setScalar(r, d, dlo + alo, dhi + ahi, al);
      else setAny(r, d);
      return;
    }
  }
  if (!x && imm < 0) {
    // a negative 64-bit immediate: AND keeps at most the register's range, nothing else is tracked
    if (o === op.BPF_AND && dk === K_SCALAR) return;
    return setAny(r, d);
  }
  if (o === op.BPF_AND && (sk === K_SCALAR || dk === K_SCALAR)) {
    // x & y <= either, and has the low zero bits of both
    setScalar(r, d, 0, Math.min(sk === K_SCALAR ? shi : Infinity, dk === K_SCALAR ? dhi : Infinity), Math.max(sk === K_SCALAR ? sa : 1, dk === K_SCALAR ? da : 1));
    return;
  }
  if (o === op.BPF_RSH && !x && dk !== K_SCALAR) {
    // anything >> k < 2^(64-k)
    const k = imm & 63;
    setScalar(r, d, 0, k >= 12 ? 2 ** (64 - k) - 1 : Infinity);
    return;
  }
  if (sk !== K_SCALAR || dk !== K_SCALAR) return setAny(r, d);
  const v = scalarOp(o, dlo, dhi, da, slo, shi, sa, off);
  if (v) setScalar(r, d, v[0], v[1], v[2]);
  else setAny(r, d);
}

/**
 * [lo, hi, align] of an unsigned operation on two scalars below 2^52 (a in [alo, ahi], a multiple
 * of aa; b likewise), or null (untracked)
 */
function scalarOp(o: number, alo: number, ahi: number, aa: number, blo: number, bhi: number, ba: number, off: number): [number, number, number] | null {
  switch (o) {
    case op.BPF_ADD:
      return [alo + blo, ahi + bhi, Math.min(aa, ba)];
    case op.BPF_SUB:
      return alo - bhi >= 0 ? [alo - bhi, ahi - blo, Math.min(aa, ba)] : null;
    case op.BPF_MUL:
      return [alo * blo, ahi * bhi, Math.min(aa * ba, BIG)];
    case op.BPF_AND:
      return [0, Math.min(ahi, bhi), Math.max(aa, ba)];
    case op.BPF_LSH:
      return bhi < 53 ? [alo * 2 ** blo, ahi * 2 ** bhi, Math.min(aa * 2 ** blo, BIG)] : null;
    case op.BPF_RSH:
      return bhi < 64 ? [Math.floor(alo / 2 ** bhi), Math.floor(ahi / 2 ** blo), Math.max(1, aa / 2 ** bhi)] : null;
    case op.BPF_DIV:
      // unsigned only (off 1 is sdiv); x / 0 = 0
      return off === 0 && blo > 0 ? [Math.floor(alo / bhi), Math.floor(ahi / blo), 1] : off === 0 ? [0, ahi, 1] : null;
    case op.BPF_MOD:
      // unsigned only; x % 0 = x
      return off === 0 && blo > 0 ? [0, Math.min(ahi, bhi - 1), 1] : off === 0 ? [0, ahi, 1] : null;
    case op.BPF_OR:
    case op.BPF_XOR: {
      // below the next power of two of the larger operand
      const m = Math.max(ahi, bhi);
      return [0, m === 0 ? 0 : 2 ** Math.ceil(Math.log2(m + 1)) - 1, 1];
    }
  }
  return null;
}
