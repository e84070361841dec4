/**
 * ALU on scalars (kernel/bpf/verifier.c adjust_scalar_min_max_vals and the scalar{,32}_min_max_*
 * family) and the conditional-branch logic on scalars (is_branch_taken, reg_set_min_max).
 */
import * as op from '../isa/opcodes.js';
import {
  Reg, S64_MIN, S64_MAX, S32_MIN, S32_MAX, U32_MAX, markRegUnknown, markRegKnown, markReg32Known, markReg32Unbounded,
  markReg64Unbounded, updateRegBounds, regBoundsSync, zext32To64, regCombine32Into64, regCombine64Into32, s64, u64, s32, u32,
} from './reg.js';
import {
  type Tnum, U64, U32, tnumAdd, tnumSub, tnumMul, tnumAnd, tnumOr, tnumXor, tnumLshift, tnumRshift, tnumArshift, tnumSubreg,
  tnumIsConst, tnumConst, tnumClearSubreg, tnumEqualsConst, TNUM_UNKNOWN, tnumIntersect,
} from './tnum.js';

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

export { TNUM_UNKNOWN, tnumEqualsConst, tnumClearSubreg };
