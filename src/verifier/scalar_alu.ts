/**
 * ALU on scalars (kernel/bpf/verifier.c adjust_scalar_min_max_vals and the scalar{,32}_min_max_*
 * family) and the conditional-branch logic on scalars (is_branch_taken, reg_set_min_max).
 *
 * 64-bit quantities are pairs of 32-bit halves (./pair64.ts, fields vh/vl/mh/ml, sminH/sminL...
 * of Reg): no BigInt on this path.
 */
import * as op from '../isa/opcodes.js';
import {
  Reg, markRegUnknown, markRegKnownHL, markReg32Known, markReg32Unbounded,
  markReg64Unbounded, updateRegBounds, regBoundsSync, zext32To64, regCombine32Into64, regCombine64Into32, exotic,
} from './reg.js';
import * as X from './reg_exact.js';
import {
  add32, sub32, mul32, and32, or32, xor32, isBranchTaken32, setMinMax32, flipOpcode, src32Unusable, boundsFromUnknownSrc, lsh32, rsh32, arsh32,
} from './scalar32.js';
import { TNUM_UNKNOWN, tnumEqualsConst, tnumClearSubreg } from './tnum.js';
import * as P from './pair64.js';

/** halves are int32 bit patterns (see pair64.ts) */
const M = -1;
const SIGN = -0x80000000;

/**
 * set when an operation meets a value BigInt arithmetic would keep outside the 64-bit range
 * (only on inconsistent bounds): scalarAlu then redoes the operation in ./reg_exact.ts
 */
let diverged = false;
/** dst as it was before scalarAlu */
const SNAP = new Reg();

function setSmin(d: Reg, h: number, l: number): void { d.sminH = h; d.sminL = l; }
function setSmax(d: Reg, h: number, l: number): void { d.smaxH = h; d.smaxL = l; }
/** smin = umin, smax = umax (BigInt keeps a value above S64_MAX there: hand over) */
function setSminFromU(d: Reg): void {
  if (d.uminH < 0 || d.umaxH < 0) diverged = true;
  setSmin(d, d.uminH, d.uminL); setSmax(d, d.umaxH, d.umaxL);
}
function sUnbounded(d: Reg): void { d.sminH = SIGN; d.sminL = 0; d.smaxH = 0x7fffffff; d.smaxL = M; }
function uUnbounded(d: Reg): void { d.uminH = 0; d.uminL = 0; d.umaxH = M; d.umaxL = M; }

/**
 * smin += a and smax += b (minus both, for sub): scalar{,64}_min_max_{add,sub} on the signed
 * bounds, unbounded when either overflows (a plain flag, not a function argument: ADD is the
 * hottest scalar op and stays a direct call)
 */
function sAddSub(d: Reg, sub: boolean, ah: number, al: number, bh: number, bl: number): void {
  if (sub ? P.subOvS(d.sminH, d.sminL, ah, al) : P.addOvS(d.sminH, d.sminL, ah, al)) { sUnbounded(d); return; }
  const lh = P.rh, ll = P.rl;
  if (sub ? P.subOvS(d.smaxH, d.smaxL, bh, bl) : P.addOvS(d.smaxH, d.smaxL, bh, bl)) { sUnbounded(d); return; }
  setSmin(d, lh, ll); setSmax(d, P.rh, P.rl);
}

function add64(d: Reg, s: Reg): void {
  sAddSub(d, false, s.sminH, s.sminL, s.smaxH, s.smaxL);
  if (P.add(d.uminH, d.uminL, s.uminH, s.uminL)) uUnbounded(d);
  else {
    const lh = P.rh, ll = P.rl;
    if (P.add(d.umaxH, d.umaxL, s.umaxH, s.umaxL)) uUnbounded(d);
    else { d.uminH = lh; d.uminL = ll; d.umaxH = P.rh; d.umaxL = P.rl; }
  }
}
function sub64(d: Reg, s: Reg): void {
  sAddSub(d, true, s.smaxH, s.smaxL, s.sminH, s.sminL);
  if (P.ult(d.uminH, d.uminL, s.umaxH, s.umaxL)) uUnbounded(d);
  else {
    P.sub(d.uminH, d.uminL, s.umaxH, s.umaxL);
    const lh = P.rh, ll = P.rl;
    if (P.sub(d.umaxH, d.umaxL, s.uminH, s.uminL)) diverged = true; // umax - umin < 0
    d.uminH = lh; d.uminL = ll; d.umaxH = P.rh; d.umaxL = P.rl;
  }
}
function mul64(d: Reg, s: Reg): void {
  if (s.sminH < 0 || d.sminH < 0) { markReg64Unbounded(d); return; }
  if (s.umaxH !== 0 || d.umaxH !== 0) { markReg64Unbounded(d); return; }
  // umin above U32 (so umin > umax): the BigInt product may pass 2^64
  if (s.uminH !== 0 || d.uminH !== 0) { diverged = true; return; }
  P.mul(d.uminH, d.uminL, s.uminH, s.uminL);
  d.uminH = P.rh; d.uminL = P.rl;
  P.mul(d.umaxH, d.umaxL, s.umaxH, s.umaxL);
  d.umaxH = P.rh; d.umaxL = P.rl;
  if (d.umaxH < 0) sUnbounded(d);
  else {
    // smin = umin: a product umin above S64_MAX (umin > umax) stays out of range in BigInt
    if (d.uminH < 0) diverged = true;
    setSmin(d, d.uminH, d.uminL); setSmax(d, d.umaxH, d.umaxL);
  }
}
function and64(d: Reg, s: Reg, srcKnown: boolean): void {
  if (srcKnown && d.mh === 0 && d.ml === 0) { markRegKnownHL(d, d.vh, d.vl); return; }
  d.uminH = d.vh; d.uminL = d.vl;
  if (P.ult(s.umaxH, s.umaxL, d.umaxH, d.umaxL)) { d.umaxH = s.umaxH; d.umaxL = s.umaxL; }
  if (d.sminH < 0 || s.sminH < 0) sUnbounded(d);
  else { setSminFromU(d); }
  updateRegBounds(d);
}
function or64(d: Reg, s: Reg, srcKnown: boolean): void {
  if (srcKnown && d.mh === 0 && d.ml === 0) { markRegKnownHL(d, d.vh, d.vl); return; }
  if (P.ult(d.uminH, d.uminL, s.uminH, s.uminL)) { d.uminH = s.uminH; d.uminL = s.uminL; }
  d.umaxH = (d.vh | d.mh) | 0; d.umaxL = (d.vl | d.ml) | 0;
  if (d.sminH < 0 || s.sminH < 0) sUnbounded(d);
  else { setSminFromU(d); }
  updateRegBounds(d);
}
function xor64(d: Reg, s: Reg, srcKnown: boolean): void {
  if (srcKnown && d.mh === 0 && d.ml === 0) { markRegKnownHL(d, d.vh, d.vl); return; }
  d.uminH = d.vh; d.uminL = d.vl;
  d.umaxH = (d.vh | d.mh) | 0; d.umaxL = (d.vl | d.ml) | 0;
  if (d.sminH >= 0 && s.sminH >= 0) setSminFromU(d);
  else sUnbounded(d);
  updateRegBounds(d);
}

// ---- tnum arithmetic on the var_off halves (kernel/bpf/tnum.c) -------------------------------
// results in tv*/tm* (value and mask halves)
let tvh = 0, tvl = 0, tmh = 0, tml = 0;

/** tnum_add */
function tAdd(avh: number, avl: number, amh: number, aml: number, bvh: number, bvl: number, bmh: number, bml: number): void {
  P.add(amh, aml, bmh, bml);
  const smh = P.rh, sml = P.rl;
  P.add(avh, avl, bvh, bvl);
  const svh = P.rh, svl = P.rl;
  P.add(smh, sml, svh, svl);
  const muh = ((P.rh ^ svh) | amh | bmh) | 0;
  const mul = ((P.rl ^ svl) | aml | bml) | 0;
  tvh = (svh & ~muh) | 0; tvl = (svl & ~mul) | 0; tmh = muh; tml = mul;
}
/** tnum_sub */
function tSub(avh: number, avl: number, amh: number, aml: number, bvh: number, bvl: number, bmh: number, bml: number): void {
  P.sub(avh, avl, bvh, bvl);
  const dvh = P.rh, dvl = P.rl;
  P.add(dvh, dvl, amh, aml);
  const ah = P.rh, al = P.rl;
  P.sub(dvh, dvl, bmh, bml);
  const muh = ((ah ^ P.rh) | amh | bmh) | 0;
  const mul = ((al ^ P.rl) | aml | bml) | 0;
  tvh = (dvh & ~muh) | 0; tvl = (dvl & ~mul) | 0; tmh = muh; tml = mul;
}
/** tnum_mul (the 6.x "half-multiply" algorithm) */
function tMul(avh: number, avl: number, amh: number, aml: number, bvh: number, bvl: number, bmh: number, bml: number): void {
  P.mul(avh, avl, bvh, bvl);
  const accVh = P.rh, accVl = P.rl;
  let cvh = 0, cvl = 0, cmh = 0, cml = 0;
  let xvh = avh, xvl = avl, xmh = amh, xml = aml;
  let yvh = bvh, yvl = bvl, ymh = bmh, yml = bml;
  while (xvh || xvl || xmh || xml) {
    if (xvl & 1) { tAdd(cvh, cvl, cmh, cml, 0, 0, ymh, yml); cvh = tvh; cvl = tvl; cmh = tmh; cml = tml; }
    else if (xml & 1) { tAdd(cvh, cvl, cmh, cml, 0, 0, (yvh | ymh) | 0, (yvl | yml) | 0); cvh = tvh; cvl = tvl; cmh = tmh; cml = tml; }
    P.shr(xvh, xvl, 1); xvh = P.rh; xvl = P.rl;
    P.shr(xmh, xml, 1); xmh = P.rh; xml = P.rl;
    P.shl(yvh, yvl, 1); yvh = P.rh; yvl = P.rl;
    P.shl(ymh, yml, 1); ymh = P.rh; yml = P.rl;
  }
  tAdd(accVh, accVl, 0, 0, cvh, cvl, cmh, cml);
}

/**
 * adjust_scalar_min_max_vals: dst = dst OP src for two scalars. `src` is a private copy.
 * Returns nothing; dst is updated in place. `sync` false leaves out the final reg_bounds_sync
 * (sync_linked_regs adds a delta with scalar_min_max_add and tnum_add alone).
 */
export function scalarAlu(d: Reg, src: Reg, opcode: number, alu32: boolean, sync = true): void {
  if (exotic(d) || exotic(src)) { X.scalarAlu(d, src, opcode, alu32, sync); return; }
  SNAP.assign(d);
  diverged = false;
  const srcKnown = alu32 ? src.ml === 0 : src.mh === 0 && src.ml === 0;
  const bitness = alu32 ? 32 : 64;
  if (alu32) {
    if (src32Unusable(src, srcKnown)) { markRegUnknown(d); return; }
  } else if ((srcKnown && (src.sminH !== src.smaxH || src.sminL !== src.smaxL || src.uminH !== src.umaxH || src.uminL !== src.umaxL))
    || P.slt(src.smaxH, src.smaxL, src.sminH, src.sminL) || P.ult(src.umaxH, src.umaxL, src.uminH, src.uminL)) {
    markRegUnknown(d); return;
  }
  if (!srcKnown && !boundsFromUnknownSrc(opcode)) {
    // returns before the alu32 zext_32_to_64: the upper half is unknown too
    markRegUnknown(d);
    return;
  }
  switch (opcode) {
    case op.BPF_ADD:
      add32(d, src); add64(d, src);
      tAdd(d.vh, d.vl, d.mh, d.ml, src.vh, src.vl, src.mh, src.ml); d.vh = tvh; d.vl = tvl; d.mh = tmh; d.ml = tml;
      break;
    case op.BPF_SUB:
      sub32(d, src); sub64(d, src);
      tSub(d.vh, d.vl, d.mh, d.ml, src.vh, src.vl, src.mh, src.ml); d.vh = tvh; d.vl = tvl; d.mh = tmh; d.ml = tml;
      break;
    case op.BPF_MUL:
      tMul(d.vh, d.vl, d.mh, d.ml, src.vh, src.vl, src.mh, src.ml); d.vh = tvh; d.vl = tvl; d.mh = tmh; d.ml = tml;
      mul32(d, src); mul64(d, src);
      break;
    case op.BPF_AND: {
      // tnum_and
      const ah = (d.vh | d.mh) | 0, al = (d.vl | d.ml) | 0;
      const bh = (src.vh | src.mh) | 0, bl = (src.vl | src.ml) | 0;
      const vh = (d.vh & src.vh) | 0, vl = (d.vl & src.vl) | 0;
      d.vh = vh; d.vl = vl; d.mh = (ah & bh & ~vh) | 0; d.ml = (al & bl & ~vl) | 0;
      and32(d, src, srcKnown); and64(d, src, srcKnown);
      break;
    }
    case op.BPF_OR: {
      // tnum_or
      const vh = (d.vh | src.vh) | 0, vl = (d.vl | src.vl) | 0;
      d.mh = ((d.mh | src.mh) & ~vh) | 0; d.ml = ((d.ml | src.ml) & ~vl) | 0; d.vh = vh; d.vl = vl;
      or32(d, src, srcKnown); or64(d, src, srcKnown);
      break;
    }
    case op.BPF_XOR: {
      // tnum_xor
      const vh = (d.vh ^ src.vh) | 0, vl = (d.vl ^ src.vl) | 0;
      const mh = (d.mh | src.mh) | 0, ml = (d.ml | src.ml) | 0;
      d.vh = (vh & ~mh) | 0; d.vl = (vl & ~ml) | 0; d.mh = mh; d.ml = ml;
      xor32(d, src, srcKnown); xor64(d, src, srcKnown);
      break;
    }
    case op.BPF_LSH:
    case op.BPF_RSH:
    case op.BPF_ARSH: {
      const sh = alu32 ? src.u32max : (src.umaxH !== 0 || (src.umaxL >>> 0) > 64 ? 64 : src.umaxL);
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
  // (a 32-bit bound that is no uint32 any more makes d exotic: the same hand-over)
  if (diverged || exotic(d)) { d.assign(SNAP); X.scalarAlu(d, src, opcode, alu32, sync); return; }
  if (alu32) zext32To64(d);
  if (sync) regBoundsSync(d);
}

function lsh64(d: Reg, sh: number): void {
  // BigInt(s32) << 32 of a 32-bit bound that is no int32 (inconsistent bounds) leaves the 64-bit range
  if (sh === 32 && (d.s32max > 0x7fffffff || d.s32min > 0x7fffffff)) diverged = true;
  if (sh === 32 && d.s32max >= 0) setSmax(d, d.s32max, 0); else setSmax(d, 0x7fffffff, M);
  if (sh === 32 && d.s32min >= 0) setSmin(d, d.s32min, 0); else setSmin(d, SIGN, 0);
  // umax > 1 << (63 - sh)
  const p = 63 - sh;
  const bh = p >= 32 ? (2 ** (p - 32)) | 0 : 0, bl = p >= 32 ? 0 : (2 ** p) | 0;
  if (P.ult(bh, bl, d.umaxH, d.umaxL)) uUnbounded(d);
  else {
    // BigInt does not truncate umin << sh (umin > umax here)
    if (sh > 0) { P.shr(d.uminH, d.uminL, 64 - sh); if (P.rh || P.rl) diverged = true; }
    P.shl(d.uminH, d.uminL, sh); d.uminH = P.rh; d.uminL = P.rl;
    P.shl(d.umaxH, d.umaxL, sh); d.umaxH = P.rh; d.umaxL = P.rl;
  }
  P.shl(d.vh, d.vl, sh); d.vh = P.rh; d.vl = P.rl;
  P.shl(d.mh, d.ml, sh); d.mh = P.rh; d.ml = P.rl;
  markReg32Unbounded(d);
  updateRegBounds(d);
}
function rsh64(d: Reg, sh: number): void {
  sUnbounded(d);
  P.shr(d.vh, d.vl, sh); d.vh = P.rh; d.vl = P.rl;
  P.shr(d.mh, d.ml, sh); d.mh = P.rh; d.ml = P.rl;
  P.shr(d.uminH, d.uminL, sh); d.uminH = P.rh; d.uminL = P.rl;
  P.shr(d.umaxH, d.umaxL, sh); d.umaxH = P.rh; d.umaxL = P.rl;
  markReg32Unbounded(d);
  updateRegBounds(d);
}
function arsh64(d: Reg, sh: number): void {
  P.sar(d.sminH, d.sminL, sh); d.sminH = P.rh; d.sminL = P.rl;
  P.sar(d.smaxH, d.smaxL, sh); d.smaxH = P.rh; d.smaxL = P.rl;
  P.sar(d.vh, d.vl, sh); d.vh = P.rh; d.vl = P.rl;
  P.sar(d.mh, d.ml, sh); d.mh = P.rh; d.ml = P.rl;
  uUnbounded(d);
  markReg32Unbounded(d);
  updateRegBounds(d);
}

/** is_branch_taken for a scalar against a constant (halves vh, vl): 1 taken, 0 not taken, -1 unknown */
export function isBranchTakenHL(r: Reg, vh: number, vl: number, opcode: number, jmp32: boolean): number {
  if (exotic(r)) return X.isBranchTaken(r, P.big(vh, vl), opcode, jmp32);
  if (jmp32) return isBranchTaken32(r, vl >>> 0, opcode);
  const ult = P.ult;
  const slt = P.slt;
  switch (opcode) {
    case op.BPF_JEQ:
      if (r.mh === 0 && r.ml === 0) return r.vh === vh && r.vl === vl ? 1 : 0;
      if (ult(vh, vl, r.uminH, r.uminL) || ult(r.umaxH, r.umaxL, vh, vl) || slt(vh, vl, r.sminH, r.sminL) || slt(r.smaxH, r.smaxL, vh, vl)) return 0;
      break;
    case op.BPF_JNE:
      if (r.mh === 0 && r.ml === 0) return r.vh !== vh || r.vl !== vl ? 1 : 0;
      if (ult(vh, vl, r.uminH, r.uminL) || ult(r.umaxH, r.umaxL, vh, vl) || slt(vh, vl, r.sminH, r.sminL) || slt(r.smaxH, r.smaxL, vh, vl)) return 1;
      break;
    case op.BPF_JSET:
      if ((~r.mh & r.vh & vh) || (~r.ml & r.vl & vl)) return 1;
      if (!((r.mh | r.vh) & vh) && !((r.ml | r.vl) & vl)) return 0;
      break;
    case op.BPF_JGT: if (ult(vh, vl, r.uminH, r.uminL)) return 1; if (!ult(vh, vl, r.umaxH, r.umaxL)) return 0; break;
    case op.BPF_JSGT: if (slt(vh, vl, r.sminH, r.sminL)) return 1; if (!slt(vh, vl, r.smaxH, r.smaxL)) return 0; break;
    case op.BPF_JLT: if (ult(r.umaxH, r.umaxL, vh, vl)) return 1; if (!ult(r.uminH, r.uminL, vh, vl)) return 0; break;
    case op.BPF_JSLT: if (slt(r.smaxH, r.smaxL, vh, vl)) return 1; if (!slt(r.sminH, r.sminL, vh, vl)) return 0; break;
    case op.BPF_JGE: if (!ult(r.uminH, r.uminL, vh, vl)) return 1; if (ult(r.umaxH, r.umaxL, vh, vl)) return 0; break;
    case op.BPF_JSGE: if (!slt(r.sminH, r.sminL, vh, vl)) return 1; if (slt(r.smaxH, r.smaxL, vh, vl)) return 0; break;
    case op.BPF_JLE: if (!ult(vh, vl, r.umaxH, r.umaxL)) return 1; if (ult(vh, vl, r.uminH, r.uminL)) return 0; break;
    case op.BPF_JSLE: if (!slt(vh, vl, r.smaxH, r.smaxL)) return 1; if (slt(vh, vl, r.sminH, r.sminL)) return 0; break;
  }
  return -1;
}

/** is_branch_taken for a scalar against a constant: 1 taken, 0 not taken, -1 unknown */
export function isBranchTaken(r: Reg, val: bigint, opcode: number, jmp32: boolean): number {
  P.splitBig(val);
  return isBranchTakenHL(r, P.rh, P.rl, opcode, jmp32);
}

const isPow2_32 = (v: number): boolean => v !== 0 && (v & (v - 1)) === 0;

/**
 * reg_set_min_max: after `if reg OP val`, narrow the register on the taken (t) and fall-through
 * (f) branches. Both are scalars (copies of the same register in the two states). The constant
 * is given as halves (vh, vl).
 */
export function regSetMinMaxHL(t: Reg, f: Reg, vh: number, vl: number, opcode: number, jmp32: boolean, sync68 = false): void {
  if (exotic(t) || exotic(f)) { X.regSetMinMax(t, f, P.big(vh, vl), opcode, jmp32); return; }
  const v32 = vl >>> 0;
  // t64/f64: var_off of each side (halves); t32/f32: their low halves
  let t64vh = t.vh, t64vl = t.vl, t64mh = t.mh, t64ml = t.ml;
  let f64vh = f.vh, f64vl = f.vl, f64mh = f.mh, f64ml = f.ml;
  let t32v = t.vl, t32m = t.ml, f32v = f.vl, f32m = f.ml;
  switch (opcode) {
    case op.BPF_JEQ:
    case op.BPF_JNE: {
      const r = opcode === op.BPF_JEQ ? t : f;
      if (jmp32) {
        markReg32Known(r, v32);
        if (r === t) { t32v = r.vl; t32m = r.ml; } else { f32v = r.vl; f32m = r.ml; }
      } else {
        markRegKnownHL(r, vh, vl);
        if (r === t) { t64vh = r.vh; t64vl = r.vl; t64mh = r.mh; t64ml = r.ml; } else { f64vh = r.vh; f64vl = r.vl; f64mh = r.mh; f64ml = r.ml; }
      }
      break;
    }
    case op.BPF_JSET:
      if (jmp32) {
        // f32 = tnum_and(f32, tnum_const(~v32))
        const c = ~v32 | 0;
        const a = (f32v | f32m) | 0;
        const nv = (f32v & c) | 0;
        f32m = (a & c & ~nv) | 0; f32v = nv;
        // t32 = tnum_or(t32, tnum_const(v32)) when v32 is a power of two
        if (isPow2_32(v32)) { t32v = (t32v | v32) | 0; t32m = (t32m & ~t32v) | 0; }
      } else {
        const ch = ~vh | 0, cl = ~vl | 0;
        const ah = (f64vh | f64mh) | 0, al = (f64vl | f64ml) | 0;
        const nvh = (f64vh & ch) | 0, nvl = (f64vl & cl) | 0;
        f64mh = (ah & ch & ~nvh) | 0; f64ml = (al & cl & ~nvl) | 0; f64vh = nvh; f64vl = nvl;
        // a 64-bit power of two: exactly one bit set in the two halves
        if ((vh === 0 && isPow2_32(vl)) || (vl === 0 && isPow2_32(vh))) {
          t64vh = (t64vh | vh) | 0; t64vl = (t64vl | vl) | 0;
          t64mh = (t64mh & ~t64vh) | 0; t64ml = (t64ml & ~t64vl) | 0;
        }
      }
      break;
    case op.BPF_JGT: case op.BPF_JGE: case op.BPF_JLT: case op.BPF_JLE:
    case op.BPF_JSGT: case op.BPF_JSGE: case op.BPF_JSLT: case op.BPF_JSLE:
      if (jmp32) { setMinMax32(t, f, v32, opcode); break; }
      // `a < v` is taken exactly when `a >= v` is not: the less-than family swaps t and f
      switch (opcode) {
        case op.BPF_JGT: gtU64(t, f, vh, vl, true); break;
        case op.BPF_JGE: gtU64(t, f, vh, vl, false); break;
        case op.BPF_JLT: gtU64(f, t, vh, vl, false); break;
        case op.BPF_JLE: gtU64(f, t, vh, vl, true); break;
        case op.BPF_JSGT: gtS64(t, f, vh, vl, true); break;
        case op.BPF_JSGE: gtS64(t, f, vh, vl, false); break;
        case op.BPF_JSLT: gtS64(f, t, vh, vl, false); break;
        case op.BPF_JSLE: gtS64(f, t, vh, vl, true); break;
      }
      break;
  }
  if (jmp32) {
    // var_off = tnum_or(tnum_clear_subreg(x64), tnum_subreg(x32))
    f.vh = f64vh; f.mh = f64mh; f.vl = f32v; f.ml = f32m;
    t.vh = t64vh; t.mh = t64mh; t.vl = t32v; t.ml = t32m;
  } else {
    f.vh = f64vh; f.vl = f64vl; f.mh = f64mh; f.ml = f64ml;
    t.vh = t64vh; t.vl = t64vl; t.mh = t64mh; t.ml = t64ml;
  }
  if (sync68) {
    // Linux 6.8's reg_set_min_max (regs_refine_cond_op, then reg_bounds_sync): the bounds of the
    // other width stay and are synced — a 64-bit `r7 s<= 65` keeps what `w7 s<= 63` said, where
    // the older __reg_combine_64_into_32 forgot the 32-bit bounds and rebuilt them from the 64-bit
    regBoundsSync(f);
    regBoundsSync(t);
  } else if (jmp32) {
    regCombine32Into64(f);
    regCombine32Into64(t);
  } else {
    regCombine64Into32(f);
    regCombine64Into32(t);
  }
}

/** `a > v` (strict) or `a >= v`, v as halves: the fall-through maximum v (v - 1) in fh/fl and the taken minimum v + 1 (v) in th/tl, mod 2^64 */
let fh = 0, fl = 0, th = 0, tl = 0;
function gtLimits(vh: number, vl: number, strict: boolean): void {
  fh = th = vh; fl = tl = vl;
  if (strict) { P.add(vh, vl, 0, 1); th = P.rh; tl = P.rl; }
  else { P.sub(vh, vl, 0, 1); fh = P.rh; fl = P.rl; }
}
/** unsigned: t.umin rises, f.umax falls */
function gtU64(t: Reg, f: Reg, vh: number, vl: number, strict: boolean): void {
  gtLimits(vh, vl, strict);
  if (P.ult(fh, fl, f.umaxH, f.umaxL)) { f.umaxH = fh; f.umaxL = fl; }
  if (P.ult(t.uminH, t.uminL, th, tl)) { t.uminH = th; t.uminL = tl; }
}
/** signed: t.smin rises, f.smax falls */
function gtS64(t: Reg, f: Reg, vh: number, vl: number, strict: boolean): void {
  gtLimits(vh, vl, strict);
  if (P.slt(fh, fl, f.smaxH, f.smaxL)) { f.smaxH = fh; f.smaxL = fl; }
  if (P.slt(t.sminH, t.sminL, th, tl)) { t.sminH = th; t.sminL = tl; }
}

/** reg_set_min_max with the constant as a BigInt */
export function regSetMinMax(t: Reg, f: Reg, val: bigint, opcode: number, jmp32: boolean): void {
  P.splitBig(val);
  regSetMinMaxHL(t, f, P.rh, P.rl, opcode, jmp32);
}

/** __reg_combine_min_max: after `if a == b` both registers hold the same value */
export function regCombineMinMax(a: Reg, b: Reg): void {
  if (exotic(a) || exotic(b)) { X.regCombineMinMax(a, b); return; }
  const ua = P.ult(a.uminH, a.uminL, b.uminH, b.uminL);
  const uminH = ua ? b.uminH : a.uminH, uminL = ua ? b.uminL : a.uminL;
  const ub = P.ult(a.umaxH, a.umaxL, b.umaxH, b.umaxL);
  const umaxH = ub ? a.umaxH : b.umaxH, umaxL = ub ? a.umaxL : b.umaxL;
  const sa = P.slt(a.sminH, a.sminL, b.sminH, b.sminL);
  const sminH = sa ? b.sminH : a.sminH, sminL = sa ? b.sminL : a.sminL;
  const sb = P.slt(a.smaxH, a.smaxL, b.smaxH, b.smaxL);
  const smaxH = sb ? a.smaxH : b.smaxH, smaxL = sb ? a.smaxL : b.smaxL;
  // tnum_intersect
  const xh = (a.vh | b.vh) | 0, xl = (a.vl | b.vl) | 0;
  const mh = (a.mh & b.mh) | 0, ml = (a.ml & b.ml) | 0;
  const vh = (xh & ~mh) | 0, vl = (xl & ~ml) | 0;
  for (const r of [a, b]) {
    r.uminH = uminH; r.uminL = uminL; r.umaxH = umaxH; r.umaxL = umaxL;
    r.sminH = sminH; r.sminL = sminL; r.smaxH = smaxH; r.smaxL = smaxL;
    r.vh = vh; r.vl = vl; r.mh = mh; r.ml = ml;
    regBoundsSync(r);
  }
}

export { TNUM_UNKNOWN, tnumEqualsConst, tnumClearSubreg, flipOpcode };
