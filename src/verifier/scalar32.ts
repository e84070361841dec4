/**
 * The 32-bit half of the scalar domain (kernel/bpf/verifier.c scalar32_min_max_*, the 32-bit
 * tail of __reg32_deduce_bounds, the jmp32 cases of is_branch_taken and reg_set_min_max), used
 * as-is by both the fast path (./reg.ts, ./scalar_alu.ts) and the exact BigInt form
 * (./reg_exact.ts). The 32-bit bounds are plain numbers read through Reg's u32min/u32max
 * accessors in both forms (an out-of-range value stays in Reg.xu32*), and the low 32 bits of
 * var_off are Reg.vl/Reg.ml in both (varOff is only an accessor over the halves): the logic is
 * the same function, so it is written once.
 */
import * as op from '../isa/opcodes.js';
import {
  type Reg, S32_MIN, S32_MAX, U32_MAX, markReg32Known, markReg32Unbounded, markReg64Unbounded, updateRegBounds,
} from './reg.js';

const s32 = (x: number): number => x | 0;
const u32 = (x: number): number => x >>> 0;
const addOv32 = (a: number, b: number): boolean => { const r = a + b; return r > S32_MAX || r < S32_MIN; };
const subOv32 = (a: number, b: number): boolean => { const r = a - b; return r > S32_MAX || r < S32_MIN; };

/** __update_reg32_bounds */
export function updateReg32Bounds(r: Reg): void {
  const v = r.vl >>> 0;
  const m = r.ml >>> 0;
  r.s32min = Math.max(r.s32min, s32(v | (m & 0x80000000)));
  r.s32max = Math.min(r.s32max, s32(v | (m & 0x7fffffff)));
  r.u32min = Math.max(r.u32min, v);
  r.u32max = Math.min(r.u32max, u32(v | m));
}

/** the end of __reg32_deduce_bounds: the signed and unsigned 32-bit ranges learn from each other */
export function reg32DeduceSignBounds(r: Reg): void {
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
  } else if (r.u32max < u32(r.s32min)) {
    // 6.x: the s32 range crosses the sign boundary and the u32 range meets only its positive
    // part (__reg32_deduce_bounds, see reg64DeduceBounds in ./reg.ts)
    r.s32min = s32(r.u32min);
    r.u32max = Math.min(r.u32max, u32(r.s32max));
  } else if (u32(r.s32max) < r.u32min) {
    // ... or only its negative part
    r.s32max = s32(r.u32max);
    r.u32min = Math.max(r.u32min, u32(r.s32min));
  }
}

/**
 * adjust_scalar_min_max_vals, alu32: the source's 32-bit bounds are inconsistent, or disagree
 * with its known value (the result is then an unknown scalar)
 */
export function src32Unusable(src: Reg, srcKnown: boolean): boolean {
  return (srcKnown && (src.s32min !== src.s32max || src.u32min !== src.u32max)) || src.s32min > src.s32max || src.u32min > src.u32max;
}

/** adjust_scalar_min_max_vals: the ops that keep bounds when the source is not a known constant */
export function boundsFromUnknownSrc(opcode: number): boolean {
  return opcode === op.BPF_ADD || opcode === op.BPF_SUB || opcode === op.BPF_AND || opcode === op.BPF_OR
    || opcode === op.BPF_XOR || opcode === op.BPF_MUL;
}

/** scalar32_min_max_add */
export function add32(d: Reg, s: Reg): void {
  if (addOv32(d.s32min, s.s32min) || addOv32(d.s32max, s.s32max)) { d.s32min = S32_MIN; d.s32max = S32_MAX; }
  else { d.s32min += s.s32min; d.s32max += s.s32max; }
  if (d.u32min + s.u32min > U32_MAX || d.u32max + s.u32max > U32_MAX) { d.u32min = 0; d.u32max = U32_MAX; }
  else { d.u32min += s.u32min; d.u32max += s.u32max; }
}
/** scalar32_min_max_sub */
export function sub32(d: Reg, s: Reg): void {
  if (subOv32(d.s32min, s.s32max) || subOv32(d.s32max, s.s32min)) { d.s32min = S32_MIN; d.s32max = S32_MAX; }
  else { d.s32min -= s.s32max; d.s32max -= s.s32min; }
  if (d.u32min < s.u32max) { d.u32min = 0; d.u32max = U32_MAX; }
  else { d.u32min -= s.u32max; d.u32max -= s.u32min; }
}
/** scalar32_min_max_mul */
export function mul32(d: Reg, s: Reg): void {
  if (s.s32min < 0 || d.s32min < 0) { markReg32Unbounded(d); return; }
  if (s.u32max > 0xffff || d.u32max > 0xffff) { markReg32Unbounded(d); return; }
  d.u32min *= s.u32min; d.u32max *= s.u32max;
  if (d.u32max > S32_MAX) { d.s32min = S32_MIN; d.s32max = S32_MAX; }
  else { d.s32min = d.u32min; d.s32max = d.u32max; }
}
/** scalar32_min_max_and (var_off already dst & src) */
export function and32(d: Reg, s: Reg, srcKnown: boolean): void {
  if (srcKnown && d.ml === 0) { markReg32Known(d, d.vl); return; }
  d.u32min = d.vl >>> 0;
  d.u32max = Math.min(d.u32max, s.u32max);
  if (d.s32min < 0 || s.s32min < 0) { d.s32min = S32_MIN; d.s32max = S32_MAX; }
  else { d.s32min = d.u32min; d.s32max = d.u32max; }
}
/** scalar32_min_max_or (var_off already dst | src) */
export function or32(d: Reg, s: Reg, srcKnown: boolean): void {
  if (srcKnown && d.ml === 0) { markReg32Known(d, d.vl); return; }
  d.u32min = Math.max(d.u32min, s.u32min);
  d.u32max = (d.vl | d.ml) >>> 0;
  if (d.s32min < 0 || s.s32min < 0) { d.s32min = S32_MIN; d.s32max = S32_MAX; }
  else { d.s32min = d.u32min; d.s32max = d.u32max; }
}
/** scalar32_min_max_xor (var_off already dst ^ src) */
export function xor32(d: Reg, s: Reg, srcKnown: boolean): void {
  if (srcKnown && d.ml === 0) { markReg32Known(d, d.vl); return; }
  d.u32min = d.vl >>> 0;
  d.u32max = (d.vl | d.ml) >>> 0;
  if (d.s32min >= 0 && s.s32min >= 0) { d.s32min = d.u32min; d.s32max = d.u32max; }
  else { d.s32min = S32_MIN; d.s32max = S32_MAX; }
}

/**
 * scalar32_min_max_{lsh,rsh,arsh} and the var_off shift (sh < 32). The upper half becomes
 * unbounded and every 32-bit bound is set to a uint32/int32 here, so the register leaves these
 * functions in range and reg.ts's updateRegBounds is exact for it (it hands an out-of-range
 * register to reg_exact.ts anyway).
 */
export function lsh32(d: Reg, sh: number): void {
  const vl = d.vl, ml = d.ml;
  d.s32min = S32_MIN; d.s32max = S32_MAX;
  if (sh > 31 || d.u32max > 2 ** (31 - sh)) { d.u32min = 0; d.u32max = U32_MAX; }
  else { d.u32min = u32(d.u32min * 2 ** sh); d.u32max = u32(d.u32max * 2 ** sh); }
  // tnum_subreg(tnum_lshift(tnum_subreg(var_off), sh))
  d.vh = 0; d.mh = 0; d.vl = (vl << sh) | 0; d.ml = (ml << sh) | 0;
  markReg64Unbounded(d);
  updateRegBounds(d);
}
export function rsh32(d: Reg, sh: number): void {
  d.s32min = S32_MIN; d.s32max = S32_MAX;
  d.vh = 0; d.mh = 0; d.vl = (d.vl >>> sh) | 0; d.ml = (d.ml >>> sh) | 0;
  d.u32min = d.u32min >>> sh; d.u32max = d.u32max >>> sh;
  markReg64Unbounded(d);
  updateRegBounds(d);
}
export function arsh32(d: Reg, sh: number): void {
  d.s32min >>= sh; d.s32max >>= sh;
  // tnum_subreg(tnum_arshift(tnum_subreg(var_off), sh, 32))
  d.vh = 0; d.mh = 0; d.vl = ((d.vl | 0) >> sh) | 0; d.ml = ((d.ml | 0) >> sh) | 0;
  d.u32min = 0; d.u32max = U32_MAX;
  markReg64Unbounded(d);
  updateRegBounds(d);
}

/** is_branch_taken, jmp32, against the constant v (a uint32): 1 taken, 0 not taken, -1 unknown */
export function isBranchTaken32(r: Reg, v: number, opcode: number): number {
  const sv = s32(v);
  switch (opcode) {
    case op.BPF_JEQ: if (r.ml === 0) return (r.vl >>> 0) === v ? 1 : 0; if (v < r.u32min || v > r.u32max || sv < r.s32min || sv > r.s32max) return 0; break;
    case op.BPF_JNE: if (r.ml === 0) return (r.vl >>> 0) !== v ? 1 : 0; if (v < r.u32min || v > r.u32max || sv < r.s32min || sv > r.s32max) return 1; break;
    case op.BPF_JSET: if ((~r.ml & r.vl & v) | 0) return 1; if (!(((r.ml | r.vl) & v) | 0)) return 0; break;
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

/**
 * reg_set_min_max, jmp32, the range comparisons against the constant v32 (a uint32): narrow the
 * taken (t) and fall-through (f) 32-bit bounds. `a < v` is taken exactly when `a >= v` is not
 * (and `a <= v` when `a > v` is not), so the less-than family is the greater-than one with the
 * two branches swapped.
 */
export function setMinMax32(t: Reg, f: Reg, v32: number, opcode: number): void {
  switch (opcode) {
    case op.BPF_JGT: gtU32(t, f, v32, true); break;
    case op.BPF_JGE: gtU32(t, f, v32, false); break;
    case op.BPF_JLT: gtU32(f, t, v32, false); break;
    case op.BPF_JLE: gtU32(f, t, v32, true); break;
    case op.BPF_JSGT: gtS32(t, f, s32(v32), true); break;
    case op.BPF_JSGE: gtS32(t, f, s32(v32), false); break;
    case op.BPF_JSLT: gtS32(f, t, s32(v32), false); break;
    case op.BPF_JSLE: gtS32(f, t, s32(v32), true); break;
  }
}
/** `a > v` (strict) or `a >= v` unsigned: t.u32min rises, f.u32max falls */
function gtU32(t: Reg, f: Reg, v: number, strict: boolean): void {
  f.u32max = Math.min(f.u32max, strict ? v : u32(v - 1));
  t.u32min = Math.max(t.u32min, strict ? u32(v + 1) : v);
}
/** `a > v` (strict) or `a >= v` signed: t.s32min rises, f.s32max falls */
function gtS32(t: Reg, f: Reg, sv: number, strict: boolean): void {
  f.s32max = Math.min(f.s32max, strict ? sv : s32(sv - 1));
  t.s32min = Math.max(t.s32min, strict ? s32(sv + 1) : sv);
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
