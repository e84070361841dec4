/**
 * The exact reference form of the scalar domain: the BigInt implementation of reg.ts and
 * scalar_alu.ts as it was before the halves (./pair64.ts) took over the hot path, working on a
 * Reg through its BigInt accessors. The fast path hands a register over to it when the register
 * holds a value outside the 64-bit ranges (`Reg.x*` set) or when an operation would create one:
 * that only happens on inconsistent bounds (min > max, on paths that cannot execute), where
 * BigInt arithmetic keeps values a pair of 32-bit halves cannot hold, and those values reach the
 * level-2 log. Nothing else uses it.
 *
 * Only the 64-bit half is written here: the register marks come from ./reg.ts and the 32-bit
 * half of the domain (scalar32_min_max_*, the tail of __reg32_deduce_bounds, the jmp32 cases of
 * is_branch_taken / reg_set_min_max, the 32-bit shifts) from ./scalar32.ts, the same functions
 * on the same fields as the fast path (Reg's accessors keep out-of-range values in Reg.x*).
 * What still mirrors the fast path in shape (reg_combine_32_into_64, the 64-bit is_branch_taken
 * table, scalarAlu's switch, the 64-bit ops) differs in the arithmetic itself (BigInt here,
 * int32 halves there): one copy would need function-valued parameters or BigInt on the hot path,
 * and this form is what test/verifier_checks/scalar_domain.test.ts checks the halves against.
 */
import * as op from '../isa/opcodes.js';
import {
  type Tnum, U32, U64, tnumConst, tnumIntersect, tnumRange, tnumSubreg, tnumClearSubreg,
  tnumOr, tnumIsConst, tnumStep, tnumEqualsConst, tnumCast, tnumAdd, tnumSub, tnumMul, tnumAnd, tnumXor, tnumLshift, tnumRshift, tnumArshift,
} from './tnum.js';
import {
  Reg, S64_MIN, S64_MAX, S32_MIN, S32_MAX,
  markRegUnbounded, markReg64Unbounded, markReg32Unbounded, markRegKnown, markReg32Known, markRegUnknown,
} from './reg.js';
import {
  updateReg32Bounds, reg32DeduceSignBounds, add32, sub32, mul32, and32, or32, xor32, isBranchTaken32, setMinMax32,
  src32Unusable, boundsFromUnknownSrc, lsh32, rsh32, arsh32,
} from './scalar32.js';

// the register marks and the 32-bit half of the domain are shared with the fast path: they are
// the same functions on the same fields (Reg's accessors keep out-of-range values in Reg.x*)
export { markRegUnbounded, markReg64Unbounded, markReg32Unbounded, markRegKnown, markReg32Known, markRegUnknown };
export { flipOpcode } from './scalar32.js';

const s64 = (x: bigint): bigint => BigInt.asIntN(64, x);
const u64 = (x: bigint): bigint => BigInt.asUintN(64, x);
const s32 = (x: number): number => x | 0;
const bmax = (a: bigint, b: bigint): bigint => (a > b ? a : b);
const bmin = (a: bigint, b: bigint): bigint => (a < b ? a : b);
/** __update_reg64_bounds */
function updateReg64Bounds(r: Reg): void {
  const { value, mask } = r.varOff;
  r.smin = bmax(r.smin, s64(value | (mask & (1n << 63n))));
  r.smax = bmin(r.smax, s64(value | (mask & S64_MAX)));
  r.umin = bmax(r.umin, value);
  r.umax = bmin(r.umax, value | mask);
  // the single common value of the range and the tnum (6.18 stable; ./reg.ts updateReg64Bounds),
  // for bounds that are u64 values
  const umin = r.umin, umax = r.umax;
  if (umin < 0n || umin > U64 || umax < 0n || umax > U64) return;
  const next = tnumStep(r.varOff, umin);
  const tmax = value | mask;
  if ((umin & ~mask & U64) === value) {
    if (next > umax) markRegKnown(r, umin);
  } else if (next === tmax) markRegKnown(r, tmax);
  else if (next <= umax && tnumStep(r.varOff, next) > umax) markRegKnown(r, next);
}

export function updateRegBounds(r: Reg): void {
  updateReg32Bounds(r);
  updateReg64Bounds(r);
}

/** __reg32_deduce_bounds (6.x) */
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
    const ulo = Number(u64(r.smin) & U32), uhi = Number(u64(r.smax) & U32);
    if (ulo <= uhi) {
      r.u32min = Math.max(r.u32min, ulo);
      r.u32max = Math.min(r.u32max, uhi);
    }
    const lo = s32(ulo);
    const hi = s32(uhi);
    if (lo <= hi) {
      r.s32min = Math.max(r.s32min, lo);
      r.s32max = Math.min(r.s32max, hi);
    }
  }
  // consecutive upper halves, low halves from negative to non-negative (./reg.ts reg32DeduceBounds)
  for (const [a, b] of [[u64(r.umin), u64(r.umax)], [u64(r.smin), u64(r.smax)]] as const) {
    if ((((a >> 32n) + 1n) & U32) === (b >> 32n) && s32(Number(a & U32)) < 0 && s32(Number(b & U32)) >= 0) {
      r.s32min = Math.max(r.s32min, s32(Number(a & U32)));
      r.s32max = Math.min(r.s32max, s32(Number(b & U32)));
    }
  }
  reg32DeduceSignBounds(r);
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
  } else if (r.umax < u64(r.smin)) {
    // 6.x: the u64 range meets only the positive part of a sign-crossing s64 range
    r.smin = r.umin;
    r.umax = bmin(r.umax, u64(r.smax));
  } else if (u64(r.smax) < r.umin) {
    // ... or only its negative part
    r.smax = s64(r.umax);
    r.umin = bmax(r.umin, u64(r.smin));
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
  // the s32 range when it is also a u32 range, and the sign-extension case that assigns the s32
  // range (./reg.ts regDeduceMixedBounds)
  const lo = BigInt(r.s32min >>> 0), hi = BigInt(r.s32max >>> 0);
  if (lo <= hi) {
    r.umin = bmax(r.umin, (r.umin & hiMask) | lo);
    r.umax = bmin(r.umax, (r.umax & hiMask) | hi);
    r.smin = bmax(r.smin, s64((u64(r.smin) & hiMask) | lo));
    r.smax = bmin(r.smax, s64((u64(r.smax) & hiMask) | hi));
  }
  if (r.s32min >= 0 && r.smin >= BigInt(S32_MIN) && r.smax <= BigInt(S32_MAX)) {
    r.smin = BigInt(r.s32min);
    r.smax = BigInt(r.s32max);
    r.umin = u64(r.smin);
    r.umax = u64(r.smax);
    r.varOff = tnumIntersect(r.varOff, tnumRange(r.umin, r.umax));
  }
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
  // coerce_reg_to_size: a 4-byte truncation leaves the low 32 bits, and so the 32-bit bounds, as
  // they were; only a narrower one resets them (`if (size < 4) __mark_reg32_unbounded(reg)`)
  if (size < 4) markReg32Unbounded(r);
  regBoundsSync(r);
}

/** the signed 64-bit constant of a known scalar */
export const constValue = (r: Reg): bigint => r.varOff.value;

export function isRegConstU32(r: Reg): boolean {
  return tnumIsConst(tnumSubreg(r.varOff));
}


const addOv64 = (a: bigint, b: bigint): boolean => { const r = a + b; return r > S64_MAX || r < S64_MIN; };
const subOv64 = (a: bigint, b: bigint): boolean => { const r = a - b; return r > S64_MAX || r < S64_MIN; };

function add64(d: Reg, s: Reg): void {
  if (addOv64(d.smin, s.smin) || addOv64(d.smax, s.smax)) { d.smin = S64_MIN; d.smax = S64_MAX; }
  else { d.smin += s.smin; d.smax += s.smax; }
  if (d.umin + s.umin > U64 || d.umax + s.umax > U64) { d.umin = 0n; d.umax = U64; }
  else { d.umin += s.umin; d.umax += s.umax; }
}
function sub64(d: Reg, s: Reg): void {
  if (subOv64(d.smin, s.smax) || subOv64(d.smax, s.smin)) { d.smin = S64_MIN; d.smax = S64_MAX; }
  else { d.smin -= s.smax; d.smax -= s.smin; }
  if (d.umin < s.umax) { d.umin = 0n; d.umax = U64; }
  else { d.umin -= s.umax; d.umax -= s.umin; }
}
function mul64(d: Reg, s: Reg): void {
  if (s.smin < 0n || d.smin < 0n) { markReg64Unbounded(d); return; }
  if (s.umax > U32 || d.umax > U32) { markReg64Unbounded(d); return; }
  d.umin *= s.umin; d.umax *= s.umax;
  if (d.umax > S64_MAX) { d.smin = S64_MIN; d.smax = S64_MAX; }
  else { d.smin = d.umin; d.smax = d.umax; }
}
function and64(d: Reg, s: Reg, srcKnown: boolean): void {
  if (srcKnown && tnumIsConst(d.varOff)) { markRegKnown(d, d.varOff.value); return; }
  d.umin = d.varOff.value;
  d.umax = d.umax < s.umax ? d.umax : s.umax;
  if (d.smin < 0n || s.smin < 0n) { d.smin = S64_MIN; d.smax = S64_MAX; }
  else { d.smin = d.umin; d.smax = d.umax; }
  updateRegBounds(d);
}
function or64(d: Reg, s: Reg, srcKnown: boolean): void {
  if (srcKnown && tnumIsConst(d.varOff)) { markRegKnown(d, d.varOff.value); return; }
  d.umin = d.umin > s.umin ? d.umin : s.umin;
  d.umax = d.varOff.value | d.varOff.mask;
  if (d.smin < 0n || s.smin < 0n) { d.smin = S64_MIN; d.smax = S64_MAX; }
  else { d.smin = d.umin; d.smax = d.umax; }
  updateRegBounds(d);
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
 * Returns nothing; dst is updated in place (without the final reg_bounds_sync when `sync` is false).
 */
export function scalarAlu(d: Reg, src: Reg, opcode: number, alu32: boolean, sync = true): void {
  const srcKnown = alu32 ? tnumIsConst(tnumSubreg(src.varOff)) : tnumIsConst(src.varOff);
  const bitness = alu32 ? 32 : 64;
  if (alu32) {
    if (src32Unusable(src, srcKnown)) { markRegUnknown(d); return; }
  } else if ((srcKnown && (src.smin !== src.smax || src.umin !== src.umax)) || src.smin > src.smax || src.umin > src.umax) {
    markRegUnknown(d); return;
  }
  if (!srcKnown && !boundsFromUnknownSrc(opcode)) {
    // returns before the alu32 zext_32_to_64: the upper half is unknown too
    markRegUnknown(d);
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
  if (sync) regBoundsSync(d);
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
function rsh64(d: Reg, sh: number): void {
  d.smin = S64_MIN; d.smax = S64_MAX;
  d.varOff = tnumRshift(d.varOff, sh);
  d.umin >>= BigInt(sh); d.umax >>= BigInt(sh);
  markReg32Unbounded(d);
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
  if (jmp32) return isBranchTaken32(r, Number(val & U32), opcode);
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

const isPow2 = (v: bigint): boolean => v !== 0n && (v & (v - 1n)) === 0n;

/**
 * reg_set_min_max: after `if reg OP val`, narrow the register on the taken (t) and fall-through
 * (f) branches. Both are scalars (copies of the same register in the two states).
 */
export function regSetMinMax(t: Reg, f: Reg, val: bigint, opcode: number, jmp32: boolean): void {
  const v = u64(val);
  const sv = s64(val);
  const v32 = Number(v & U32);
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
    case op.BPF_JGT: case op.BPF_JGE: case op.BPF_JLT: case op.BPF_JLE:
    case op.BPF_JSGT: case op.BPF_JSGE: case op.BPF_JSLT: case op.BPF_JSLE:
      if (jmp32) { setMinMax32(t, f, v32, opcode); break; }
      // `a < v` is taken exactly when `a >= v` is not: the less-than family swaps t and f
      switch (opcode) {
        case op.BPF_JGT: gtU64(t, f, v, true); break;
        case op.BPF_JGE: gtU64(t, f, v, false); break;
        case op.BPF_JLT: gtU64(f, t, v, false); break;
        case op.BPF_JLE: gtU64(f, t, v, true); break;
        case op.BPF_JSGT: gtS64(t, f, sv, true); break;
        case op.BPF_JSGE: gtS64(t, f, sv, false); break;
        case op.BPF_JSLT: gtS64(f, t, sv, false); break;
        case op.BPF_JSLE: gtS64(f, t, sv, true); break;
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

/** `a > v` (strict) or `a >= v` unsigned: t.umin rises to v + 1 (v), f.umax falls to v (v - 1), mod 2^64 */
function gtU64(t: Reg, f: Reg, v: bigint, strict: boolean): void {
  const fmax = strict ? v : u64(v - 1n);
  const tmin = strict ? u64(v + 1n) : v;
  if (fmax < f.umax) f.umax = fmax;
  if (tmin > t.umin) t.umin = tmin;
}
/** the same, signed: t.smin rises, f.smax falls */
function gtS64(t: Reg, f: Reg, sv: bigint, strict: boolean): void {
  const fmax = strict ? sv : s64(sv - 1n);
  const tmin = strict ? s64(sv + 1n) : sv;
  if (fmax < f.smax) f.smax = fmax;
  if (tmin > t.smin) t.smin = tmin;
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

