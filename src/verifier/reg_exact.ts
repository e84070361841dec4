/**
 * The exact reference form of the scalar domain: the BigInt implementation of reg.ts and
 * scalar_alu.ts as it was before the halves (./pair64.ts) took over the hot path, working on a
 * Reg through its BigInt accessors. The fast path hands a register over to it when the register
 * holds a value outside the 64-bit ranges (`Reg.x*` set) or when an operation would create one:
 * that only happens on inconsistent bounds (min > max, on paths that cannot execute), where
 * BigInt arithmetic keeps values a pair of 32-bit halves cannot hold, and those values reach the
 * level-2 log. Nothing else uses it; keeping it verbatim keeps every log line identical.
 */
import * as op from '../isa/opcodes.js';
import {
  type Tnum, TNUM_UNKNOWN, U32, U64, tnumConst, tnumIntersect, tnumRange, tnumSubreg, tnumClearSubreg,
  tnumOr, tnumIsConst, tnumEqualsConst, tnumCast, tnumAdd, tnumSub, tnumMul, tnumAnd, tnumXor, tnumLshift, tnumRshift, tnumArshift,
} from './tnum.js';
import { Reg, RegType, S64_MIN, S64_MAX, S32_MIN, S32_MAX, U32_MAX } from './reg.js';

const s64 = (x: bigint): bigint => BigInt.asIntN(64, x);
const u64 = (x: bigint): bigint => BigInt.asUintN(64, x);
const s32 = (x: number): number => x | 0;
const u32 = (x: number): number => x >>> 0;
const bmax = (a: bigint, b: bigint): bigint => (a > b ? a : b);
const bmin = (a: bigint, b: bigint): bigint => (a < b ? a : b);
/** a fresh register (created on first use: reg.ts and this module import each other) */
let FRESH_REG: Reg | undefined;
const fresh = (): Reg => (FRESH_REG ??= new Reg());

/** __mark_reg_unbounded + __mark_reg32_unbounded */
export function markRegUnbounded(r: Reg): void {
  r.smin = S64_MIN; r.smax = S64_MAX; r.umin = 0n; r.umax = U64;
  r.s32min = S32_MIN; r.s32max = S32_MAX; r.u32min = 0; r.u32max = U32_MAX;
}

export function markReg64Unbounded(r: Reg): void {
  r.smin = S64_MIN; r.smax = S64_MAX; r.umin = 0n; r.umax = U64;
}

export function markReg32Unbounded(r: Reg): void {
  r.s32min = S32_MIN; r.s32max = S32_MAX; r.u32min = 0; r.u32max = U32_MAX;
}

/** __mark_reg_known: the register holds exactly v (64-bit) */
export function markRegKnown(r: Reg, v: bigint): void {
  r.varOff = tnumConst(v);
  const uv = u64(v);
  r.smin = r.smax = s64(uv);
  r.umin = r.umax = uv;
  const lo = Number(uv & U32);
  r.s32min = r.s32max = s32(lo);
  r.u32min = r.u32max = lo;
}

/** __mark_reg32_known: the low 32 bits are exactly v */
export function markReg32Known(r: Reg, v: number): void {
  r.varOff = tnumOr(tnumClearSubreg(r.varOff), tnumConst(BigInt(u32(v))));
  r.s32min = r.s32max = s32(v);
  r.u32min = r.u32max = u32(v);
}

/** __mark_reg_unknown: a scalar about which nothing is known */
export function markRegUnknown(r: Reg): void {
  const frameno = r.frameno;
  r.assign(fresh());
  r.type = RegType.SCALAR_VALUE;
  r.varOff = TNUM_UNKNOWN;
  r.frameno = frameno;
  markRegUnbounded(r);
}

export function markRegKnownZero(r: Reg): void {
  markRegUnknown(r);
  markRegKnown(r, 0n);
}

export function markRegNotInit(r: Reg): void {
  r.assign(fresh());
}

/** a pointer register: type, zero offset, zero variable part */
export function markPtr(r: Reg, type: RegType): void {
  r.assign(fresh());
  r.type = type;
  markRegKnown(r, 0n);
}


/** __update_reg32_bounds */
function updateReg32Bounds(r: Reg): void {
  const v32 = tnumSubreg(r.varOff);
  const v = Number(v32.value);
  const m = Number(v32.mask);
  r.s32min = Math.max(r.s32min, s32(v | (m & 0x80000000)));
  r.s32max = Math.min(r.s32max, s32(v | (m & 0x7fffffff)));
  r.u32min = Math.max(r.u32min, v);
  r.u32max = Math.min(r.u32max, u32(v | m));
}

/** __update_reg64_bounds */
function updateReg64Bounds(r: Reg): void {
  const { value, mask } = r.varOff;
  r.smin = bmax(r.smin, s64(value | (mask & (1n << 63n))));
  r.smax = bmin(r.smax, s64(value | (mask & S64_MAX)));
  r.umin = bmax(r.umin, value);
  r.umax = bmin(r.umax, value | mask);
}

export function updateRegBounds(r: Reg): void {
  updateReg32Bounds(r);
  updateReg64Bounds(r);
}

/** __reg32_deduce_bounds (5.10 form, plus learning from 64-bit bounds whose upper halves agree as 6.x does) */
function reg32DeduceBounds(r: Reg): void {
  if (r.umin >> 32n === r.umax >> 32n) {
    r.u32min = Math.max(r.u32min, Number(r.umin & U32));
    r.u32max = Math.min(r.u32max, Number(r.umax & U32));
    if (s32(Number(r.umin & U32)) <= s32(Number(r.umax & U32))) {
      r.s32min = Math.max(r.s32min, s32(Number(r.umin & U32)));
      r.s32max = Math.min(r.s32max, s32(Number(r.umax & U32)));
    }
  }
  if (r.smin >> 32n === r.smax >> 32n) {
    const lo = s32(Number(u64(r.smin) & U32));
    const hi = s32(Number(u64(r.smax) & U32));
    if (lo <= hi) {
      r.s32min = Math.max(r.s32min, lo);
      r.s32max = Math.min(r.s32max, hi);
    }
  }
  if (r.s32min >= 0 || r.s32max < 0) {
    const lo = Math.max(u32(r.s32min), r.u32min);
    const hi = Math.min(u32(r.s32max), r.u32max);
    r.s32min = s32(lo); r.u32min = lo;
    r.s32max = s32(hi); r.u32max = hi;
    return;
  }
  if (s32(r.u32max) >= 0) {
    r.s32min = r.u32min;
    const hi = Math.min(u32(r.s32max), r.u32max);
    r.s32max = s32(hi); r.u32max = hi;
  } else if (s32(r.u32min) < 0) {
    const lo = Math.max(u32(r.s32min), r.u32min);
    r.s32min = s32(lo); r.u32min = lo;
    r.s32max = s32(r.u32max);
  }
}

/** __reg64_deduce_bounds */
function reg64DeduceBounds(r: Reg): void {
  if (r.smin >= 0n || r.smax < 0n) {
    const lo = bmax(u64(r.smin), r.umin);
    const hi = bmin(u64(r.smax), r.umax);
    r.smin = s64(lo); r.umin = lo;
    r.smax = s64(hi); r.umax = hi;
    return;
  }
  if (s64(r.umax) >= 0n) {
    r.smin = r.umin;
    const hi = bmin(u64(r.smax), r.umax);
    r.smax = s64(hi); r.umax = hi;
  } else if (s64(r.umin) < 0n) {
    const lo = bmax(u64(r.smin), r.umin);
    r.smin = s64(lo); r.umin = lo;
    r.smax = s64(r.umax);
  }
}

/** __reg_deduce_mixed_bounds (6.x): the 32-bit range narrows the 64-bit one within its upper half */
function regDeduceMixedBounds(r: Reg): void {
  const hiMask = ~U32 & U64;
  let nmin = (r.umin & hiMask) | BigInt(r.u32min);
  let nmax = (r.umax & hiMask) | BigInt(r.u32max);
  r.umin = bmax(r.umin, nmin);
  r.umax = bmin(r.umax, nmax);
  nmin = s64((u64(r.smin) & hiMask) | BigInt(r.u32min));
  nmax = s64((u64(r.smax) & hiMask) | BigInt(r.u32max));
  r.smin = bmax(r.smin, nmin);
  r.smax = bmin(r.smax, nmax);
}

export function regDeduceBounds(r: Reg): void {
  reg32DeduceBounds(r);
  reg64DeduceBounds(r);
  regDeduceMixedBounds(r);
  reg64DeduceBounds(r);
}

/** __reg_bound_offset: learn bits from the ranges */
export function regBoundOffset(r: Reg): void {
  const var64 = tnumIntersect(r.varOff, tnumRange(r.umin, r.umax));
  const var32 = tnumIntersect(tnumSubreg(var64), tnumRange(BigInt(r.u32min), BigInt(r.u32max)));
  r.varOff = tnumOr(tnumClearSubreg(var64), var32);
}

/** reg_bounds_sync */
export function regBoundsSync(r: Reg): void {
  // a known constant whose ranges already say exactly that constant is a fixed point of the
  // whole sync (every step below intersects with the same single value): skip the BigInt work
  if (r.varOff.mask === 0n) {
    const c = r.varOff.value;
    if (r.umin === c && r.umax === c && r.smin === r.smax && r.smin === s64(c)) {
      const lo = Number(c & U32);
      if (r.u32min === lo && r.u32max === lo && r.s32min === r.s32max && r.s32min === s32(lo)) return;
    }
  }
  updateRegBounds(r);
  regDeduceBounds(r);
  regDeduceBounds(r);
  regBoundOffset(r);
  updateRegBounds(r);
}

/** __reg_assign_32_into_64 */
function regAssign32Into64(r: Reg): void {
  r.umin = BigInt(r.u32min);
  r.umax = BigInt(r.u32max);
  if (r.s32min >= 0 && r.s32max >= 0) {
    r.smin = BigInt(r.s32min);
    r.smax = BigInt(r.s32max);
  } else {
    r.smin = 0n;
    r.smax = U32;
  }
}

/** __reg_combine_32_into_64: after a 32-bit operation that also defines the upper half */
export function regCombine32Into64(r: Reg): void {
  if (tnumEqualsConst(tnumClearSubreg(r.varOff), 0n)) {
    regAssign32Into64(r);
  } else {
    markReg64Unbounded(r);
    updateRegBounds(r);
  }
  regBoundsSync(r);
}

/** __reg_combine_64_into_32 */
export function regCombine64Into32(r: Reg): void {
  markReg32Unbounded(r);
  if (r.smin >= BigInt(S32_MIN) && r.smax <= BigInt(S32_MAX)) {
    r.s32min = Number(r.smin);
    r.s32max = Number(r.smax);
  }
  if (r.umin <= U32 && r.umax <= U32) {
    r.u32min = Number(r.umin);
    r.u32max = Number(r.umax);
  }
  regBoundsSync(r);
}

/** zext_32_to_64: a 32-bit result zero-extends into the whole register */
export function zext32To64(r: Reg): void {
  r.varOff = tnumSubreg(r.varOff);
  regAssign32Into64(r);
}

/** coerce_reg_to_size: keep the low `size` bytes (loads of narrow fields, 32-bit moves) */
export function coerceRegToSize(r: Reg, size: number): void {
  r.varOff = tnumCast(r.varOff, size);
  const mask = (1n << BigInt(size * 8)) - 1n;
  if ((r.umin & ~mask & U64) === (r.umax & ~mask & U64)) {
    r.umin &= mask;
    r.umax &= mask;
  } else {
    r.umin = 0n;
    r.umax = mask;
  }
  if (r.umin > r.umax) { r.umin = 0n; r.umax = mask; }
  r.smin = r.umin;
  r.smax = r.umax;
  markReg32Unbounded(r);
  regBoundsSync(r);
}

/** the signed 64-bit constant of a known scalar */
export const constValue = (r: Reg): bigint => r.varOff.value;

export function isRegConstU32(r: Reg): boolean {
  return tnumIsConst(tnumSubreg(r.varOff));
}


const addOv64 = (a: bigint, b: bigint): boolean => { const r = a + b; return r > S64_MAX || r < S64_MIN; };
const subOv64 = (a: bigint, b: bigint): boolean => { const r = a - b; return r > S64_MAX || r < S64_MIN; };
const addOv32 = (a: number, b: number): boolean => { const r = a + b; return r > S32_MAX || r < S32_MIN; };
const subOv32 = (a: number, b: number): boolean => { const r = a - b; return r > S32_MAX || r < S32_MIN; };

function add32(d: Reg, s: Reg): void {
  if (addOv32(d.s32min, s.s32min) || addOv32(d.s32max, s.s32max)) { d.s32min = S32_MIN; d.s32max = S32_MAX; }
  else { d.s32min += s.s32min; d.s32max += s.s32max; }
  if (d.u32min + s.u32min > U32_MAX || d.u32max + s.u32max > U32_MAX) { d.u32min = 0; d.u32max = U32_MAX; }
  else { d.u32min += s.u32min; d.u32max += s.u32max; }
}
function add64(d: Reg, s: Reg): void {
  if (addOv64(d.smin, s.smin) || addOv64(d.smax, s.smax)) { d.smin = S64_MIN; d.smax = S64_MAX; }
  else { d.smin += s.smin; d.smax += s.smax; }
  if (d.umin + s.umin > U64 || d.umax + s.umax > U64) { d.umin = 0n; d.umax = U64; }
  else { d.umin += s.umin; d.umax += s.umax; }
}
function sub32(d: Reg, s: Reg): void {
  if (subOv32(d.s32min, s.s32max) || subOv32(d.s32max, s.s32min)) { d.s32min = S32_MIN; d.s32max = S32_MAX; }
  else { d.s32min -= s.s32max; d.s32max -= s.s32min; }
  if (d.u32min < s.u32max) { d.u32min = 0; d.u32max = U32_MAX; }
  else { d.u32min -= s.u32max; d.u32max -= s.u32min; }
}
function sub64(d: Reg, s: Reg): void {
  if (subOv64(d.smin, s.smax) || subOv64(d.smax, s.smin)) { d.smin = S64_MIN; d.smax = S64_MAX; }
  else { d.smin -= s.smax; d.smax -= s.smin; }
  if (d.umin < s.umax) { d.umin = 0n; d.umax = U64; }
  else { d.umin -= s.umax; d.umax -= s.umin; }
}
function mul32(d: Reg, s: Reg): void {
  if (s.s32min < 0 || d.s32min < 0) { markReg32Unbounded(d); return; }
  if (s.u32max > 0xffff || d.u32max > 0xffff) { markReg32Unbounded(d); return; }
  d.u32min *= s.u32min; d.u32max *= s.u32max;
  if (d.u32max > S32_MAX) { d.s32min = S32_MIN; d.s32max = S32_MAX; }
  else { d.s32min = d.u32min; d.s32max = d.u32max; }
}
function mul64(d: Reg, s: Reg): void {
  if (s.smin < 0n || d.smin < 0n) { markReg64Unbounded(d); return; }
  if (s.umax > U32 || d.umax > U32) { markReg64Unbounded(d); return; }
  d.umin *= s.umin; d.umax *= s.umax;
  if (d.umax > S64_MAX) { d.smin = S64_MIN; d.smax = S64_MAX; }
  else { d.smin = d.umin; d.smax = d.umax; }
}
function and32(d: Reg, s: Reg, srcKnown: boolean): void {
  const v = tnumSubreg(d.varOff);
  if (srcKnown && tnumIsConst(v)) { markReg32Known(d, Number(v.value)); return; }
  d.u32min = Number(v.value);
  d.u32max = Math.min(d.u32max, s.u32max);
  if (d.s32min < 0 || s.s32min < 0) { d.s32min = S32_MIN; d.s32max = S32_MAX; }
  else { d.s32min = d.u32min; d.s32max = d.u32max; }
}
function and64(d: Reg, s: Reg, srcKnown: boolean): void {
  if (srcKnown && tnumIsConst(d.varOff)) { markRegKnown(d, d.varOff.value); return; }
  d.umin = d.varOff.value;
  d.umax = d.umax < s.umax ? d.umax : s.umax;
  if (d.smin < 0n || s.smin < 0n) { d.smin = S64_MIN; d.smax = S64_MAX; }
  else { d.smin = d.umin; d.smax = d.umax; }
  updateRegBounds(d);
}
function or32(d: Reg, s: Reg, srcKnown: boolean): void {
  const v = tnumSubreg(d.varOff);
  if (srcKnown && tnumIsConst(v)) { markReg32Known(d, Number(v.value)); return; }
  d.u32min = Math.max(d.u32min, s.u32min);
  d.u32max = Number(v.value | v.mask);
  if (d.s32min < 0 || s.s32min < 0) { d.s32min = S32_MIN; d.s32max = S32_MAX; }
  else { d.s32min = d.u32min; d.s32max = d.u32max; }
}
function or64(d: Reg, s: Reg, srcKnown: boolean): void {
  if (srcKnown && tnumIsConst(d.varOff)) { markRegKnown(d, d.varOff.value); return; }
  d.umin = d.umin > s.umin ? d.umin : s.umin;
  d.umax = d.varOff.value | d.varOff.mask;
  if (d.smin < 0n || s.smin < 0n) { d.smin = S64_MIN; d.smax = S64_MAX; }
  else { d.smin = d.umin; d.smax = d.umax; }
  updateRegBounds(d);
}
function xor32(d: Reg, s: Reg, srcKnown: boolean): void {
  const v = tnumSubreg(d.varOff);
  if (srcKnown && tnumIsConst(v)) { markReg32Known(d, Number(v.value)); return; }
  d.u32min = Number(v.value);
  d.u32max = Number(v.value | v.mask);
  if (d.s32min >= 0 && s.s32min >= 0) { d.s32min = d.u32min; d.s32max = d.u32max; }
  else { d.s32min = S32_MIN; d.s32max = S32_MAX; }
}
function xor64(d: Reg, s: Reg, srcKnown: boolean): void {
  if (srcKnown && tnumIsConst(d.varOff)) { markRegKnown(d, d.varOff.value); return; }
  d.umin = d.varOff.value;
  d.umax = d.varOff.value | d.varOff.mask;
  if (d.smin >= 0n && s.smin >= 0n) { d.smin = d.umin; d.smax = d.umax; }
  else { d.smin = S64_MIN; d.smax = S64_MAX; }
  updateRegBounds(d);
}

/**
 * adjust_scalar_min_max_vals: dst = dst OP src for two scalars. `src` is a private copy.
 * Returns nothing; dst is updated in place.
 */
export function scalarAlu(d: Reg, src: Reg, opcode: number, alu32: boolean): void {
  const srcKnown = alu32 ? tnumIsConst(tnumSubreg(src.varOff)) : tnumIsConst(src.varOff);
  const bitness = alu32 ? 32 : 64;
  if (alu32) {
    if ((srcKnown && (src.s32min !== src.s32max || src.u32min !== src.u32max)) || src.s32min > src.s32max || src.u32min > src.u32max) {
      markRegUnknown(d); return;
    }
  } else if ((srcKnown && (src.smin !== src.smax || src.umin !== src.umax)) || src.smin > src.smax || src.umin > src.umax) {
    markRegUnknown(d); return;
  }
  if (!srcKnown && opcode !== op.BPF_ADD && opcode !== op.BPF_SUB && opcode !== op.BPF_AND && opcode !== op.BPF_OR
    && opcode !== op.BPF_XOR && opcode !== op.BPF_MUL) {
    markRegUnknown(d);
    if (alu32) zext32To64(d);
    return;
  }
  switch (opcode) {
    case op.BPF_ADD: add32(d, src); add64(d, src); d.varOff = tnumAdd(d.varOff, src.varOff); break;
    case op.BPF_SUB: sub32(d, src); sub64(d, src); d.varOff = tnumSub(d.varOff, src.varOff); break;
    case op.BPF_MUL: d.varOff = tnumMul(d.varOff, src.varOff); mul32(d, src); mul64(d, src); break;
    case op.BPF_AND: d.varOff = tnumAnd(d.varOff, src.varOff); and32(d, src, srcKnown); and64(d, src, srcKnown); break;
    case op.BPF_OR: d.varOff = tnumOr(d.varOff, src.varOff); or32(d, src, srcKnown); or64(d, src, srcKnown); break;
    case op.BPF_XOR: d.varOff = tnumXor(d.varOff, src.varOff); xor32(d, src, srcKnown); xor64(d, src, srcKnown); break;
    case op.BPF_LSH:
    case op.BPF_RSH:
    case op.BPF_ARSH: {
      const sh = alu32 ? src.u32max : Number(src.umax > 64n ? 64n : src.umax);
      if (sh >= bitness) { markRegUnknown(d); break; }
      if (opcode === op.BPF_LSH) (alu32 ? lsh32 : lsh64)(d, sh);
      else if (opcode === op.BPF_RSH) (alu32 ? rsh32 : rsh64)(d, sh);
      else (alu32 ? arsh32 : arsh64)(d, sh);
      break;
    }
    default:
      markRegUnknown(d);
      break;
  }
  if (alu32) zext32To64(d);
  regBoundsSync(d);
}

function lsh32(d: Reg, sh: number): void {
  const sub = tnumSubreg(d.varOff);
  d.s32min = S32_MIN; d.s32max = S32_MAX;
  if (sh > 31 || d.u32max > 2 ** (31 - sh)) { d.u32min = 0; d.u32max = U32_MAX; }
  else { d.u32min = u32(d.u32min * 2 ** sh); d.u32max = u32(d.u32max * 2 ** sh); }
  d.varOff = tnumSubreg(tnumLshift(sub, sh));
  markReg64Unbounded(d);
  updateRegBounds(d);
}
function lsh64(d: Reg, sh: number): void {
  d.smax = sh === 32 && d.s32max >= 0 ? BigInt(d.s32max) << 32n : S64_MAX;
  d.smin = sh === 32 && d.s32min >= 0 ? BigInt(d.s32min) << 32n : S64_MIN;
  if (d.umax > 1n << BigInt(63 - sh)) { d.umin = 0n; d.umax = U64; }
  else { d.umin <<= BigInt(sh); d.umax <<= BigInt(sh); }
  d.varOff = tnumLshift(d.varOff, sh);
  markReg32Unbounded(d);
  updateRegBounds(d);
}
function rsh32(d: Reg, sh: number): void {
  const sub = tnumSubreg(d.varOff);
  d.s32min = S32_MIN; d.s32max = S32_MAX;
  d.varOff = tnumRshift(sub, sh);
  d.u32min = d.u32min >>> sh; d.u32max = d.u32max >>> sh;
  markReg64Unbounded(d);
  updateRegBounds(d);
}
function rsh64(d: Reg, sh: number): void {
  d.smin = S64_MIN; d.smax = S64_MAX;
  d.varOff = tnumRshift(d.varOff, sh);
  d.umin >>= BigInt(sh); d.umax >>= BigInt(sh);
  markReg32Unbounded(d);
  updateRegBounds(d);
}
function arsh32(d: Reg, sh: number): void {
  d.s32min >>= sh; d.s32max >>= sh;
  d.varOff = tnumSubreg(tnumArshift(tnumSubreg(d.varOff), sh, 32));
  d.u32min = 0; d.u32max = U32_MAX;
  markReg64Unbounded(d);
  updateRegBounds(d);
}
function arsh64(d: Reg, sh: number): void {
  d.smin >>= BigInt(sh); d.smax >>= BigInt(sh);
  d.varOff = tnumArshift(d.varOff, sh, 64);
  d.umin = 0n; d.umax = U64;
  markReg32Unbounded(d);
  updateRegBounds(d);
}

/** is_branch_taken for a scalar against a constant: 1 taken, 0 not taken, -1 unknown */
export function isBranchTaken(r: Reg, val: bigint, opcode: number, jmp32: boolean): number {
  if (jmp32) {
    const v = Number(val & U32);
    const sv = s32(v);
    const t = tnumSubreg(r.varOff);
    switch (opcode) {
      case op.BPF_JEQ: if (tnumIsConst(t)) return Number(t.value) === v ? 1 : 0; if (v < r.u32min || v > r.u32max || sv < r.s32min || sv > r.s32max) return 0; break;
      case op.BPF_JNE: if (tnumIsConst(t)) return Number(t.value) !== v ? 1 : 0; if (v < r.u32min || v > r.u32max || sv < r.s32min || sv > r.s32max) return 1; break;
      case op.BPF_JSET: if ((~Number(t.mask) & Number(t.value) & v) >>> 0) return 1; if (!((Number(t.mask | t.value) & v) >>> 0)) return 0; break;
      case op.BPF_JGT: if (r.u32min > v) return 1; if (r.u32max <= v) return 0; break;
      case op.BPF_JSGT: if (r.s32min > sv) return 1; if (r.s32max <= sv) return 0; break;
      case op.BPF_JLT: if (r.u32max < v) return 1; if (r.u32min >= v) return 0; break;
      case op.BPF_JSLT: if (r.s32max < sv) return 1; if (r.s32min >= sv) return 0; break;
      case op.BPF_JGE: if (r.u32min >= v) return 1; if (r.u32max < v) return 0; break;
      case op.BPF_JSGE: if (r.s32min >= sv) return 1; if (r.s32max < sv) return 0; break;
      case op.BPF_JLE: if (r.u32max <= v) return 1; if (r.u32min > v) return 0; break;
      case op.BPF_JSLE: if (r.s32max <= sv) return 1; if (r.s32min > sv) return 0; break;
    }
    return -1;
  }
  const v = u64(val);
  const sv = s64(val);
  const t = r.varOff;
  switch (opcode) {
    case op.BPF_JEQ: if (tnumIsConst(t)) return t.value === v ? 1 : 0; if (v < r.umin || v > r.umax || sv < r.smin || sv > r.smax) return 0; break;
    case op.BPF_JNE: if (tnumIsConst(t)) return t.value !== v ? 1 : 0; if (v < r.umin || v > r.umax || sv < r.smin || sv > r.smax) return 1; break;
    case op.BPF_JSET: if (~t.mask & t.value & v) return 1; if (!((t.mask | t.value) & v)) return 0; break;
    case op.BPF_JGT: if (r.umin > v) return 1; if (r.umax <= v) return 0; break;
    case op.BPF_JSGT: if (r.smin > sv) return 1; if (r.smax <= sv) return 0; break;
    case op.BPF_JLT: if (r.umax < v) return 1; if (r.umin >= v) return 0; break;
    case op.BPF_JSLT: if (r.smax < sv) return 1; if (r.smin >= sv) return 0; break;
    case op.BPF_JGE: if (r.umin >= v) return 1; if (r.umax < v) return 0; break;
    case op.BPF_JSGE: if (r.smin >= sv) return 1; if (r.smax < sv) return 0; break;
    case op.BPF_JLE: if (r.umax <= v) return 1; if (r.umin > v) return 0; break;
    case op.BPF_JSLE: if (r.smax <= sv) return 1; if (r.smin > sv) return 0; break;
  }
  return -1;
}

/** flip_opcode: the comparison with operands swapped */
export function flipOpcode(opcode: number): number {
  switch (opcode) {
    case op.BPF_JGT: return op.BPF_JLT;
    case op.BPF_JLT: return op.BPF_JGT;
    case op.BPF_JGE: return op.BPF_JLE;
    case op.BPF_JLE: return op.BPF_JGE;
    case op.BPF_JSGT: return op.BPF_JSLT;
    case op.BPF_JSLT: return op.BPF_JSGT;
    case op.BPF_JSGE: return op.BPF_JSLE;
    case op.BPF_JSLE: return op.BPF_JSGE;
  }
  return opcode;
}

const isPow2 = (v: bigint): boolean => v !== 0n && (v & (v - 1n)) === 0n;

/**
 * reg_set_min_max: after `if reg OP val`, narrow the register on the taken (t) and fall-through
 * (f) branches. Both are scalars (copies of the same register in the two states).
 */
export function regSetMinMax(t: Reg, f: Reg, val: bigint, opcode: number, jmp32: boolean): void {
  const v = u64(val);
  const sv = s64(val);
  const v32 = Number(v & U32);
  const sv32 = s32(v32);
  let t64: Tnum = t.varOff; let f64: Tnum = f.varOff;
  let t32: Tnum = tnumSubreg(t.varOff); let f32: Tnum = tnumSubreg(f.varOff);
  switch (opcode) {
    case op.BPF_JEQ:
    case op.BPF_JNE: {
      const r = opcode === op.BPF_JEQ ? t : f;
      if (jmp32) { markReg32Known(r, v32); if (r === t) t32 = tnumSubreg(r.varOff); else f32 = tnumSubreg(r.varOff); }
      else { markRegKnown(r, v); if (r === t) t64 = r.varOff; else f64 = r.varOff; }
      break;
    }
    case op.BPF_JSET:
      if (jmp32) {
        f32 = tnumAnd(f32, tnumConst(BigInt(~v32 >>> 0)));
        if (isPow2(BigInt(v32))) t32 = tnumOr(t32, tnumConst(BigInt(v32)));
      } else {
        f64 = tnumAnd(f64, tnumConst(~v & U64));
        if (isPow2(v)) t64 = tnumOr(t64, tnumConst(v));
      }
      break;
    case op.BPF_JGE:
    case op.BPF_JGT:
      if (jmp32) {
        const fmax = opcode === op.BPF_JGT ? v32 : u32(v32 - 1);
        const tmin = opcode === op.BPF_JGT ? u32(v32 + 1) : v32;
        f.u32max = Math.min(f.u32max, fmax);
        t.u32min = Math.max(t.u32min, tmin);
      } else {
        const fmax = opcode === op.BPF_JGT ? v : u64(v - 1n);
        const tmin = opcode === op.BPF_JGT ? u64(v + 1n) : v;
        if (fmax < f.umax) f.umax = fmax;
        if (tmin > t.umin) t.umin = tmin;
      }
      break;
    case op.BPF_JSGE:
    case op.BPF_JSGT:
      if (jmp32) {
        const fmax = opcode === op.BPF_JSGT ? sv32 : s32(sv32 - 1);
        const tmin = opcode === op.BPF_JSGT ? s32(sv32 + 1) : sv32;
        f.s32max = Math.min(f.s32max, fmax);
        t.s32min = Math.max(t.s32min, tmin);
      } else {
        const fmax = opcode === op.BPF_JSGT ? sv : s64(sv - 1n);
        const tmin = opcode === op.BPF_JSGT ? s64(sv + 1n) : sv;
        if (fmax < f.smax) f.smax = fmax;
        if (tmin > t.smin) t.smin = tmin;
      }
      break;
    case op.BPF_JLE:
    case op.BPF_JLT:
      if (jmp32) {
        const fmin = opcode === op.BPF_JLT ? v32 : u32(v32 + 1);
        const tmax = opcode === op.BPF_JLT ? u32(v32 - 1) : v32;
        f.u32min = Math.max(f.u32min, fmin);
        t.u32max = Math.min(t.u32max, tmax);
      } else {
        const fmin = opcode === op.BPF_JLT ? v : u64(v + 1n);
        const tmax = opcode === op.BPF_JLT ? u64(v - 1n) : v;
        if (fmin > f.umin) f.umin = fmin;
        if (tmax < t.umax) t.umax = tmax;
      }
      break;
    case op.BPF_JSLE:
    case op.BPF_JSLT:
      if (jmp32) {
        const fmin = opcode === op.BPF_JSLT ? sv32 : s32(sv32 + 1);
        const tmax = opcode === op.BPF_JSLT ? s32(sv32 - 1) : sv32;
        f.s32min = Math.max(f.s32min, fmin);
        t.s32max = Math.min(t.s32max, tmax);
      } else {
        const fmin = opcode === op.BPF_JSLT ? sv : s64(sv + 1n);
        const tmax = opcode === op.BPF_JSLT ? s64(sv - 1n) : sv;
        if (fmin > f.smin) f.smin = fmin;
        if (tmax < t.smax) t.smax = tmax;
      }
      break;
  }
  if (jmp32) {
    f.varOff = tnumOr(tnumClearSubreg(f64), tnumSubreg(f32));
    t.varOff = tnumOr(tnumClearSubreg(t64), tnumSubreg(t32));
    regCombine32Into64(f);
    regCombine32Into64(t);
  } else {
    f.varOff = f64;
    t.varOff = t64;
    regCombine64Into32(f);
    regCombine64Into32(t);
  }
}

/** __reg_combine_min_max: after `if a == b` both registers hold the same value */
export function regCombineMinMax(a: Reg, b: Reg): void {
  const umin = a.umin > b.umin ? a.umin : b.umin;
  const umax = a.umax < b.umax ? a.umax : b.umax;
  const smin = a.smin > b.smin ? a.smin : b.smin;
  const smax = a.smax < b.smax ? a.smax : b.smax;
  const v = tnumIntersect(a.varOff, b.varOff);
  for (const r of [a, b]) {
    r.umin = umin; r.umax = umax; r.smin = smin; r.smax = smax; r.varOff = v;
    regBoundsSync(r);
  }
}

