/**
 * Register state (include/linux/bpf_verifier.h struct bpf_reg_state) and the scalar-bounds
 * bookkeeping of kernel/bpf/verifier.c: __update_reg_bounds, __reg_deduce_bounds,
 * __reg_bound_offset, __reg_combine_32_into_64 / 64_into_32 and reg_bounds_sync.
 *
 * 64-bit quantities (the tnum var_off, smin/smax, umin/umax) are kept as pairs of 32-bit halves
 * in plain numbers (./pair64.ts): the verifier updates them several times per processed
 * instruction and BigInt arithmetic allocates on every operation. `smin`, `umax`, `varOff`...
 * remain readable and writable as BigInt / Tnum (accessors) for the cold paths and the log.
 * 32-bit bounds are numbers (s32 signed, u32 in [0, 2^32)).
 */
import { type Tnum, U32, U64 } from './tnum.js';
import type { VerifierMap, BtfTypes } from './types.js';
import * as P from './pair64.js';
import * as X from './reg_exact.js';
import { updateReg32Bounds, reg32DeduceSignBounds } from './scalar32.js';

export const enum RegType {
  NOT_INIT = 0,
  SCALAR_VALUE,
  PTR_TO_CTX,
  CONST_PTR_TO_MAP,
  PTR_TO_MAP_VALUE,
  PTR_TO_MAP_KEY,
  PTR_TO_STACK,
  PTR_TO_PACKET_META,
  PTR_TO_PACKET,
  PTR_TO_PACKET_END,
  PTR_TO_FLOW_KEYS,
  PTR_TO_SOCKET,
  PTR_TO_SOCK_COMMON,
  PTR_TO_TCP_SOCK,
  PTR_TO_TP_BUFFER,
  PTR_TO_XDP_SOCK,
  PTR_TO_MEM,
  PTR_TO_BUF,
  PTR_TO_FUNC,
  PTR_TO_BTF_ID,
  /** a callback's or global function's `const struct bpf_dynptr *` argument (dynptr.ts) */
  CONST_PTR_TO_DYNPTR,
  /** a kernel-space pointer into the program's arena (addr_space_cast(r, 0, 1)): 32 bits, unchecked, faults are the JIT's */
  PTR_TO_ARENA,
}

/** reg_type_str: the names the kernel's log prints for each type */
export const REG_TYPE_STR: Record<number, string> = {
  [RegType.NOT_INIT]: '?',
  [RegType.SCALAR_VALUE]: 'scalar',
  [RegType.PTR_TO_CTX]: 'ctx',
  [RegType.CONST_PTR_TO_MAP]: 'map_ptr',
  [RegType.PTR_TO_MAP_VALUE]: 'map_value',
  [RegType.PTR_TO_MAP_KEY]: 'map_key',
  [RegType.PTR_TO_STACK]: 'fp',
  [RegType.PTR_TO_PACKET_META]: 'pkt_meta',
  [RegType.PTR_TO_PACKET]: 'pkt',
  [RegType.PTR_TO_PACKET_END]: 'pkt_end',
  [RegType.PTR_TO_FLOW_KEYS]: 'flow_keys',
  [RegType.PTR_TO_SOCKET]: 'sock',
  [RegType.PTR_TO_SOCK_COMMON]: 'sock_common',
  [RegType.PTR_TO_TCP_SOCK]: 'tcp_sock',
  [RegType.PTR_TO_TP_BUFFER]: 'tp_buffer',
  [RegType.PTR_TO_XDP_SOCK]: 'xdp_sock',
  [RegType.PTR_TO_MEM]: 'mem',
  [RegType.PTR_TO_BUF]: 'buf',
  [RegType.PTR_TO_FUNC]: 'func',
  [RegType.PTR_TO_BTF_ID]: 'ptr_',
  [RegType.CONST_PTR_TO_DYNPTR]: 'dynptr_ptr',
  [RegType.PTR_TO_ARENA]: 'arena',
};

export const S64_MIN = -(1n << 63n);
export const S64_MAX = (1n << 63n) - 1n;
export const S32_MIN = -0x80000000;
export const S32_MAX = 0x7fffffff;
export const U32_MAX = 0xffffffff;
/**
 * include/linux/bpf_verifier.h: the two upper bits of a scalar's id mark a register linked to the
 * others of its id with a constant offset, made by a 64-bit or a 32-bit add/sub (`r1 = r2;
 * r1 += 10`: r1->id == N | BPF_ADD_CONST64, r1->off == 10; `w3 += 10`: N | BPF_ADD_CONST32).
 * Held as non-negative numbers (N + 2^31 or N + 2^30).
 */
export const BPF_ADD_CONST64 = 0x80000000;
export const BPF_ADD_CONST32 = 0x40000000;
/** the id without BPF_ADD_CONST (collect_linked_regs' `id & ~BPF_ADD_CONST`) */
export const scalarBaseId = (id: number): number => id & 0x3fffffff;
/** `id & BPF_ADD_CONST`: 0, BPF_ADD_CONST32 or BPF_ADD_CONST64 */
export const addConstFlag = (id: number): number => id - (id & 0x3fffffff);
export const isAddConst = (id: number): boolean => id >= BPF_ADD_CONST32;

const s64 = (x: bigint): bigint => BigInt.asIntN(64, x);
const u64 = (x: bigint): bigint => BigInt.asUintN(64, x);
const s32 = (x: number): number => x | 0;
const u32 = (x: number): number => x >>> 0;
/** halves are int32 bit patterns: all ones, and the sign bit alone */
const M = -1;
const SIGN = -0x80000000;

export class Reg {
  type: RegType = RegType.NOT_INIT;
  /** PTR_MAYBE_NULL */
  maybeNull = false;
  /** MEM_RDONLY */
  rdonly = false;
  /** fixed part of a pointer's offset */
  off = 0;
  /** var_off (tnum): value and mask, high and low halves */
  vh = 0;
  vl = 0;
  mh = M;
  ml = M;
  /** 64-bit bounds as halves (smin/smax two's complement) */
  sminH = SIGN;
  sminL = 0;
  smaxH = 0x7fffffff;
  smaxL = M;
  uminH = 0;
  uminL = 0;
  umaxH = M;
  umaxL = M;
  /**
   * a bound outside its 64-bit range, as BigInt arithmetic on inconsistent bounds leaves it (null
   * normally); while one is set, the register is handled by ./reg_exact.ts
   */
  xsmin: bigint | null = null;
  xsmax: bigint | null = null;
  xumin: bigint | null = null;
  xumax: bigint | null = null;
  s32min = S32_MIN;
  s32max = S32_MAX;
  /**
   * u32min/u32max as int32 bit patterns (a uint32 above 2^31 would be a boxed double in V8);
   * xu32* keeps a value that is not a uint32 at all (inconsistent bounds), as in ./reg_exact.ts
   */
  u32minI = 0;
  u32maxI = -1;
  xu32min: number | null = null;
  xu32max: number | null = null;
  /** identity shared by copies (null checks, packet ranges, scalar ids for find_equal_scalars) */
  id = 0;
  /** reference this pointer holds (acquired by a helper; released on every path) */
  refObjId = 0;
  /** PTR_TO_PACKET: bytes known readable past this pointer's offset */
  range = 0;
  /** CONST_PTR_TO_MAP / PTR_TO_MAP_VALUE / PTR_TO_MAP_KEY */
  map: VerifierMap | null = null;
  /** map value pointers: the map-in-map value's map, when the value is a map pointer */
  /** PTR_TO_MEM / PTR_TO_BUF: size of the region */
  memSize = 0;
  /** PTR_TO_MEM flavour: ring-buffer record, allocated memory or plain */
  memKind: '' | 'ringbuf' | 'alloc' = '';
  /** PTR_TO_STACK: frame the pointer points into */
  frameno = 0;
  /** PTR_TO_FUNC: subprogram number */
  subprog = 0;
  /**
   * a scalar whose value something relied on (mark_chain_precision): pruning compares it; an
   * imprecise scalar of an explored state covers any scalar (regsafe)
   */
  precise = false;
  /** mark_read bookkeeping: set when this register value was read on the current path */
  read = false;
  /**
   * PTR_TO_BTF_ID (and iterator stack slots): the BTF the type id is in (kernel BTF or the
   * program's own, for bpf_obj_new's local types) and the struct's type id (reg->btf, btf_id)
   */
  btf: BtfTypes | null = null;
  btfId = 0;
  /** PTR_TO_BTF_ID type flags (BTF_F_*: PTR_TRUSTED, MEM_RCU, PTR_UNTRUSTED, MEM_ALLOC...) */
  btfFlags = 0;
  /** iterator stack slot (STACK_ITER): enum bpf_iter_state (1 active, 2 drained) and iter.depth */
  iterState = 0;
  iterDepth = 0;
  /**
   * dynptrs (dynptr.ts): a STACK_DYNPTR slot's (or CONST_PTR_TO_DYNPTR's) enum bpf_dynptr_type and
   * dynptr.first_slot; on a slice (PTR_TO_MEM) the type of the dynptr it came from and dynptr_id
   */
  dynptrType = 0;
  dynptrFirst = false;
  dynptrId = 0;

  /** var_off as a BigInt tnum (a fresh object; writes go through the setter) */
  get varOff(): Tnum {
    return { value: P.big(this.vh, this.vl), mask: P.big(this.mh, this.ml) };
  }
  set varOff(t: Tnum) {
    P.splitBig(t.value); this.vh = P.rh; this.vl = P.rl;
    P.splitBig(t.mask); this.mh = P.rh; this.ml = P.rl;
  }
  // the halves hold the value mod 2^64 even when x* keeps one outside the range (fingerprints read the low half)
  get smin(): bigint { return this.xsmin ?? P.bigS(this.sminH, this.sminL); }
  set smin(v: bigint) { P.splitBig(v); this.sminH = P.rh; this.sminL = P.rl; this.xsmin = v < S64_MIN || v > S64_MAX ? v : null; }
  get smax(): bigint { return this.xsmax ?? P.bigS(this.smaxH, this.smaxL); }
  set smax(v: bigint) { P.splitBig(v); this.smaxH = P.rh; this.smaxL = P.rl; this.xsmax = v < S64_MIN || v > S64_MAX ? v : null; }
  get umin(): bigint { return this.xumin ?? P.big(this.uminH, this.uminL); }
  set umin(v: bigint) { P.splitBig(v); this.uminH = P.rh; this.uminL = P.rl; this.xumin = v < 0n || v > U64 ? v : null; }
  get umax(): bigint { return this.xumax ?? P.big(this.umaxH, this.umaxL); }
  set umax(v: bigint) { P.splitBig(v); this.umaxH = P.rh; this.umaxL = P.rl; this.xumax = v < 0n || v > U64 ? v : null; }

  get u32min(): number { return this.xu32min === null ? this.u32minI >>> 0 : this.xu32min; }
  set u32min(v: number) { this.u32minI = v | 0; this.xu32min = v >>> 0 === v ? null : v; }
  get u32max(): number { return this.xu32max === null ? this.u32maxI >>> 0 : this.xu32max; }
  set u32max(v: number) { this.u32maxI = v | 0; this.xu32max = v >>> 0 === v ? null : v; }

  /** every field equal (same state, same identity links) */
  equals(o: Reg): boolean {
    return this.type === o.type && this.maybeNull === o.maybeNull && this.rdonly === o.rdonly && this.off === o.off
      && this.vh === o.vh && this.vl === o.vl && this.mh === o.mh && this.ml === o.ml
      && this.sminH === o.sminH && this.sminL === o.sminL && this.smaxH === o.smaxH && this.smaxL === o.smaxL
      && this.uminH === o.uminH && this.uminL === o.uminL && this.umaxH === o.umaxH && this.umaxL === o.umaxL
      && this.xsmin === o.xsmin && this.xsmax === o.xsmax && this.xumin === o.xumin && this.xumax === o.xumax
      && this.s32min === o.s32min && this.s32max === o.s32max && this.u32minI === o.u32minI && this.u32maxI === o.u32maxI
      && this.xu32min === o.xu32min && this.xu32max === o.xu32max
      && this.id === o.id && this.refObjId === o.refObjId && this.range === o.range && this.map === o.map && this.memSize === o.memSize
      && this.memKind === o.memKind && this.frameno === o.frameno && this.subprog === o.subprog && this.precise === o.precise
      && this.btf === o.btf && this.btfId === o.btfId && this.btfFlags === o.btfFlags && this.iterState === o.iterState && this.iterDepth === o.iterDepth
      && this.dynptrType === o.dynptrType && this.dynptrFirst === o.dynptrFirst && this.dynptrId === o.dynptrId;
  }

  clone(): Reg {
    const r = new Reg();
    r.assign(this);
    return r;
  }

  assign(o: Reg): void {
    this.type = o.type; this.maybeNull = o.maybeNull; this.rdonly = o.rdonly; this.off = o.off;
    this.vh = o.vh; this.vl = o.vl; this.mh = o.mh; this.ml = o.ml;
    this.sminH = o.sminH; this.sminL = o.sminL; this.smaxH = o.smaxH; this.smaxL = o.smaxL;
    this.uminH = o.uminH; this.uminL = o.uminL; this.umaxH = o.umaxH; this.umaxL = o.umaxL;
    this.xsmin = o.xsmin; this.xsmax = o.xsmax; this.xumin = o.xumin; this.xumax = o.xumax;
    this.s32min = o.s32min; this.s32max = o.s32max; this.u32minI = o.u32minI; this.u32maxI = o.u32maxI;
    this.xu32min = o.xu32min; this.xu32max = o.xu32max;
    this.id = o.id; this.refObjId = o.refObjId; this.range = o.range; this.map = o.map; this.memSize = o.memSize; this.memKind = o.memKind;
    this.frameno = o.frameno; this.subprog = o.subprog; this.precise = o.precise;
    this.btf = o.btf; this.btfId = o.btfId; this.btfFlags = o.btfFlags; this.iterState = o.iterState; this.iterDepth = o.iterDepth;
    this.dynptrType = o.dynptrType; this.dynptrFirst = o.dynptrFirst; this.dynptrId = o.dynptrId;
  }
}

/** a bound is outside its 64-bit range (see Reg.xsmin): ./reg_exact.ts handles the register */
export const exotic = (r: Reg): boolean => r.xsmin !== null || r.xsmax !== null || r.xumin !== null || r.xumax !== null
  || r.xu32min !== null || r.xu32max !== null;
function clearExotic(r: Reg): void {
  r.xsmin = null; r.xsmax = null; r.xumin = null; r.xumax = null;
}
/** smin < 0 */
export const sminNegative = (r: Reg): boolean => (r.xsmin !== null ? r.xsmin < 0n : r.sminH < 0);

/** var_off is a known constant (tnum_is_const) */
export const regTnumConst = (r: Reg): boolean => r.mh === 0 && r.ml === 0;
/** var_off is exactly the constant (h, l) */
export const regTnumEqualsConst = (r: Reg, h: number, l: number): boolean => r.mh === 0 && r.ml === 0 && r.vh === h && r.vl === l;
/** the low 32 bits of var_off are known */
export const regTnumConst32 = (r: Reg): boolean => r.ml === 0;
/** tnum_is_aligned(var_off + add, size) for a small integer add (pointer offsets) */
export function regTnumAligned(r: Reg, add: number, size: number): boolean {
  if (size === 0) return true;
  // tnum_add(var_off, const add): only the low bits matter for alignment (size <= 8), and the
  // low 32 bits of a tnum sum depend only on the low 32 bits of its operands
  const al = add >>> 0;
  const sm = r.ml >>> 0; // mask + 0
  let sv = (r.vl >>> 0) + al; if (sv >= 4294967296) sv -= 4294967296;
  let sigma = sm + sv; if (sigma >= 4294967296) sigma -= 4294967296;
  const mu = ((sigma ^ sv) | r.ml) >>> 0;
  const value = (sv & ~mu) >>> 0;
  return ((value | mu) & (size - 1)) === 0;
}
/** smin as a number (Number(smin)), for range checks against small limits */
export const regSminNum = (r: Reg): number => (r.xsmin !== null ? Number(r.xsmin) : P.toNumS(r.sminH, r.sminL));
/** the signed value of a constant var_off as a number (Number(s64(var_off.value))) */
export const regConstNum = (r: Reg): number => P.toNumS(r.vh, r.vl);

export const isScalar = (r: Reg): boolean => r.type === RegType.SCALAR_VALUE;
export const isPointer = (r: Reg): boolean => r.type !== RegType.NOT_INIT && r.type !== RegType.SCALAR_VALUE;
export const isPktPointer = (r: Reg): boolean => r.type === RegType.PTR_TO_PACKET || r.type === RegType.PTR_TO_PACKET_META;
export const isConst = (r: Reg): boolean => r.type === RegType.SCALAR_VALUE && r.mh === 0 && r.ml === 0;

/** __mark_reg_unbounded + __mark_reg32_unbounded */
export function markRegUnbounded(r: Reg): void {
  markReg64Unbounded(r);
  markReg32Unbounded(r);
}

export function markReg64Unbounded(r: Reg): void {
  clearExotic(r);
  r.sminH = SIGN; r.sminL = 0; r.smaxH = 0x7fffffff; r.smaxL = M;
  r.uminH = 0; r.uminL = 0; r.umaxH = M; r.umaxL = M;
}

export function markReg32Unbounded(r: Reg): void {
  r.s32min = S32_MIN; r.s32max = S32_MAX; r.u32min = 0; r.u32max = U32_MAX;
}

/** __mark_reg_known with the value as halves */
export function markRegKnownHL(r: Reg, h: number, l: number): void {
  clearExotic(r);
  r.vh = h; r.vl = l; r.mh = 0; r.ml = 0;
  r.sminH = r.smaxH = r.uminH = r.umaxH = h;
  r.sminL = r.smaxL = r.uminL = r.umaxL = l;
  r.s32min = r.s32max = s32(l);
  r.u32min = r.u32max = l >>> 0;
}

/** __mark_reg_known: the register holds exactly v (64-bit) */
export function markRegKnown(r: Reg, v: bigint): void {
  P.splitBig(v);
  markRegKnownHL(r, P.rh, P.rl);
}

/** __mark_reg_known for an instruction immediate: sign-extended (64-bit ops) or zero-extended (32-bit) */
export function markRegKnownImm(r: Reg, imm: number, signExtend: boolean): void {
  markRegKnownHL(r, signExtend && imm < 0 ? M : 0, imm | 0);
}

/** __mark_reg32_known: the low 32 bits are exactly v */
export function markReg32Known(r: Reg, v: number): void {
  r.vl = v | 0; r.ml = 0;
  r.s32min = r.s32max = s32(v);
  r.u32min = r.u32max = u32(v);
}

/** __mark_reg_unknown: a scalar about which nothing is known */
export function markRegUnknown(r: Reg): void {
  const frameno = r.frameno;
  r.assign(FRESH);
  r.type = RegType.SCALAR_VALUE;
  r.frameno = frameno;
}

export function markRegKnownZero(r: Reg): void {
  markRegUnknown(r);
  markRegKnownHL(r, 0, 0);
}

export function markRegNotInit(r: Reg): void {
  r.assign(FRESH);
}

/** a pointer register: type, zero offset, zero variable part */
export function markPtr(r: Reg, type: RegType): void {
  r.assign(FRESH);
  r.type = type;
  markRegKnownHL(r, 0, 0);
}

const FRESH = new Reg();

/** __update_reg64_bounds */
function updateReg64Bounds(r: Reg): void {
  const vh = r.vh, vl = r.vl, mh = r.mh, ml = r.ml;
  // smin = max(smin, value | (mask & S64_MIN))
  let h = vh | (mh & SIGN);
  if (P.slt(r.sminH, r.sminL, h, vl)) { r.sminH = h; r.sminL = vl; }
  // smax = min(smax, value | (mask & S64_MAX))
  h = vh | (mh & 0x7fffffff);
  const l = vl | ml;
  if (P.slt(h, l, r.smaxH, r.smaxL)) { r.smaxH = h; r.smaxL = l; }
  // umin = max(umin, value)
  if (P.ult(r.uminH, r.uminL, vh, vl)) { r.uminH = vh; r.uminL = vl; }
  // umax = min(umax, value | mask)
  h = vh | mh;
  if (P.ult(h, l, r.umaxH, r.umaxL)) { r.umaxH = h; r.umaxL = l; }
  // Linux 6.18 stable (__update_reg64_bounds, "Improve bounds when tnum has a single possible
  // value"): when the u64 range and the tnum have one value in common, the register is that value
  // — umin itself when it is a member and the next member lies past umax; the tnum's largest member
  // when it is the first one after umin; the first one after umin when the one after it lies past
  // umax. A branch that refined the range past the known bits thereby gets a constant instead of
  // crossed bounds (which reg_bounds_sanity_check would mark unbounded).
  P.tnumStep(vh, vl, mh, ml, r.uminH, r.uminL);
  const nh = P.rh, nl = P.rl;
  const uminIn = (r.uminH & ~mh) === vh && (r.uminL & ~ml) === vl;
  if (uminIn) {
    if (P.ult(r.umaxH, r.umaxL, nh, nl)) markRegKnownHL(r, r.uminH, r.uminL);
  } else if (nh === h && nl === l) {
    markRegKnownHL(r, h, l);
  } else if (!P.ult(r.umaxH, r.umaxL, nh, nl)) {
    P.tnumStep(vh, vl, mh, ml, nh, nl);
    if (P.ult(r.umaxH, r.umaxL, P.rh, P.rl)) markRegKnownHL(r, nh, nl);
  }
}

export function updateRegBounds(r: Reg): void {
  if (exotic(r)) { X.updateRegBounds(r); return; }
  updateReg32Bounds(r);
  updateReg64Bounds(r);
}

/** __reg32_deduce_bounds (6.x) */
function reg32DeduceBounds(r: Reg): void {
  if (r.uminH === r.umaxH) {
    r.u32min = Math.max(r.u32min, r.uminL >>> 0);
    r.u32max = Math.min(r.u32max, r.umaxL >>> 0);
    if (s32(r.uminL) <= s32(r.umaxL)) {
      r.s32min = Math.max(r.s32min, s32(r.uminL));
      r.s32max = Math.min(r.s32max, s32(r.umaxL));
    }
  }
  if (r.sminH === r.smaxH) {
    const ulo = r.sminL >>> 0, uhi = r.smaxL >>> 0;
    if (ulo <= uhi) {
      r.u32min = Math.max(r.u32min, ulo);
      r.u32max = Math.min(r.u32max, uhi);
    }
    const lo = s32(r.sminL);
    const hi = s32(r.smaxL);
    if (lo <= hi) {
      r.s32min = Math.max(r.s32min, lo);
      r.s32max = Math.min(r.s32max, hi);
    }
  }
  // upper halves that are two consecutive numbers (0xffffffff then 0 included) while the low
  // halves go from negative to non-negative: the low 32 bits are one s32 range (-1000 s<= r s<= 5
  // gives s32 [-1000, 5])
  if (((r.uminH + 1) | 0) === r.umaxH && (r.uminL | 0) < 0 && (r.umaxL | 0) >= 0) {
    r.s32min = Math.max(r.s32min, r.uminL | 0);
    r.s32max = Math.min(r.s32max, r.umaxL | 0);
  }
  if (((r.sminH + 1) | 0) === r.smaxH && (r.sminL | 0) < 0 && (r.smaxL | 0) >= 0) {
    r.s32min = Math.max(r.s32min, r.sminL | 0);
    r.s32max = Math.min(r.s32max, r.smaxL | 0);
  }
  reg32DeduceSignBounds(r);
}

/** __reg64_deduce_bounds */
/** set when the fast path met a value BigInt arithmetic would keep outside the 64-bit range */
let diverged = false;

function reg64DeduceBounds(r: Reg): void {
  if (r.sminH >= 0 || r.smaxH < 0) {
    // lo = max(u64(smin), umin), hi = min(u64(smax), umax): the signed and unsigned ranges coincide
    let lh = r.sminH, ll = r.sminL;
    if (P.ult(lh, ll, r.uminH, r.uminL)) { lh = r.uminH; ll = r.uminL; }
    let hh = r.smaxH, hl = r.smaxL;
    if (P.ult(r.umaxH, r.umaxL, hh, hl)) { hh = r.umaxH; hl = r.umaxL; }
    r.sminH = r.uminH = lh; r.sminL = r.uminL = ll;
    r.smaxH = r.umaxH = hh; r.smaxL = r.umaxL = hl;
    return;
  }
  if (r.umaxH >= 0) {
    // smin = umin: a umin above S64_MAX (so umin > umax) stays out of range in BigInt
    if (r.uminH < 0) { diverged = true; return; }
    r.sminH = r.uminH; r.sminL = r.uminL;
    let hh = r.smaxH, hl = r.smaxL;
    if (P.ult(r.umaxH, r.umaxL, hh, hl)) { hh = r.umaxH; hl = r.umaxL; }
    r.smaxH = r.umaxH = hh; r.smaxL = r.umaxL = hl;
  } else if (r.uminH < 0) {
    let lh = r.sminH, ll = r.sminL;
    if (P.ult(lh, ll, r.uminH, r.uminL)) { lh = r.uminH; ll = r.uminL; }
    r.sminH = r.uminH = lh; r.sminL = r.uminL = ll;
    r.smaxH = r.umaxH; r.smaxL = r.umaxL;
  } else if (P.ult(r.umaxH, r.umaxL, r.sminH, r.sminL)) {
    // 6.x (__reg64_deduce_bounds): the s64 range crosses the sign boundary, so it is split
    // between both ends of the u64 domain; a u64 range that meets only its positive part
    // (umax < (u64)smin) bounds both to that part
    r.sminH = r.uminH; r.sminL = r.uminL;
    if (P.ult(r.smaxH, r.smaxL, r.umaxH, r.umaxL)) { r.umaxH = r.smaxH; r.umaxL = r.smaxL; }
  } else if (P.ult(r.smaxH, r.smaxL, r.uminH, r.uminL)) {
    // ... or only its negative part ((u64)smax < umin)
    r.smaxH = r.umaxH; r.smaxL = r.umaxL;
    if (P.ult(r.uminH, r.uminL, r.sminH, r.sminL)) { r.uminH = r.sminH; r.uminL = r.sminL; }
  }
}

/** __reg_deduce_mixed_bounds (6.x): the 32-bit range narrows the 64-bit one within its upper half */
function regDeduceMixedBounds(r: Reg): void {
  // umin = max(umin, (umin & ~U32) | u32min); umax = min(umax, (umax & ~U32) | u32max)
  if ((r.uminL >>> 0) < r.u32min) r.uminL = r.u32min | 0;
  if (r.u32max < (r.umaxL >>> 0)) r.umaxL = r.u32max | 0;
  // the same within the signed bounds' upper halves (same high half: the comparison is on the low one)
  if ((r.sminL >>> 0) < r.u32min) r.sminL = r.u32min | 0;
  if (r.u32max < (r.smaxL >>> 0)) r.smaxL = r.u32max | 0;
  // the s32 range, when it is also a u32 range (no sign change inside), the same way
  const lo = r.s32min >>> 0, hi = r.s32max >>> 0;
  if (lo <= hi) {
    if ((r.uminL >>> 0) < lo) r.uminL = lo | 0;
    if (hi < (r.umaxL >>> 0)) r.umaxL = hi | 0;
    if ((r.sminL >>> 0) < lo) r.sminL = lo | 0;
    if (hi < (r.smaxL >>> 0)) r.smaxL = hi | 0;
  }
  // after a sign-extending load: a 64-bit range within [S32_MIN, S32_MAX] whose low 32 bits are
  // non-negative cannot have its upper bits all ones, so it is the s32 range — assigned, not
  // intersected: 64-bit bounds tighter than the 32-bit ones are lost (`r s<= 5` then `r u<= 100`
  // leaves [0, 100], as the kernel does)
  if (r.s32min >= 0 && (r.sminH > -1 || (r.sminH === -1 && r.sminL < 0)) && (r.smaxH < 0 || (r.smaxH === 0 && r.smaxL >= 0))) {
    // the s32 bounds sign-extended (an s32max below s32min, on a dead path, is negative)
    r.sminH = r.uminH = 0;
    r.smaxH = r.umaxH = r.s32max < 0 ? -1 : 0;
    r.sminL = r.uminL = r.s32min;
    r.smaxL = r.umaxL = r.s32max;
    if (r.s32max >= 0) {
      tnumRange32(r.s32min, r.s32max);
      // tnum_intersect(var_off, tnum_range(smin, smax)): the range's upper half is known zero
      const v = r.vl | r32v, m = r.ml & r32m;
      r.vl = v & ~m; r.ml = m;
      r.mh = 0;
    } // else tnum_range spans 64 bits: unknown, the intersection changes nothing
  }
}

export function regDeduceBounds(r: Reg): void {
  if (exotic(r)) { X.regDeduceBounds(r); return; }
  const s = SNAP;
  s.assign(r);
  diverged = false;
  deduceBounds(r);
  if (diverged) { r.assign(s); X.regDeduceBounds(r); }
}

function deduceBounds(r: Reg): void {
  reg32DeduceBounds(r);
  reg64DeduceBounds(r);
  regDeduceMixedBounds(r);
  reg64DeduceBounds(r);
}

/** tnum_range(lo, hi) over 32 bits: [value, mask] of the low halves */
let r32v = 0;
let r32m = 0;
function tnumRange32(min: number, max: number): void {
  const chi = min ^ max;
  const bits = chi ? 32 - Math.clz32(chi) : 0;
  const delta = bits === 32 ? M : (2 ** bits - 1) | 0;
  r32v = min & ~delta;
  r32m = delta;
}

/** __reg_bound_offset: learn bits from the ranges */
export function regBoundOffset(r: Reg): void {
  if (exotic(r)) { X.regBoundOffset(r); return; }
  // var64 = tnum_intersect(var_off, tnum_range(umin, umax))
  let vh: number, vl: number, mh: number, ml: number;
  const ch = r.uminH ^ r.umaxH;
  const cl = r.uminL ^ r.umaxL;
  const bits = P.fls(ch, cl);
  if (bits > 63) {
    // the range is unknown: intersecting with it changes nothing
    vh = r.vh; vl = r.vl; mh = r.mh; ml = r.ml;
  } else {
    P.lowMask(bits);
    const dh = P.rh, dl = P.rl;
    const rvh = r.uminH & ~dh, rvl = r.uminL & ~dl;
    const xh = r.vh | rvh, xl = r.vl | rvl;
    mh = r.mh & dh; ml = r.ml & dl;
    vh = xh & ~mh; vl = xl & ~ml;
  }
  // var32 = tnum_intersect(tnum_subreg(var64), tnum_range(u32min, u32max))
  tnumRange32(r.u32min, r.u32max);
  const x32 = vl | r32v;
  const m32 = ml & r32m;
  // var_off = tnum_or(tnum_clear_subreg(var64), var32)
  r.vh = vh; r.mh = mh;
  r.vl = x32 & ~m32; r.ml = m32;
}

/** reg_bounds_sync */
export function regBoundsSync(r: Reg): void {
  if (exotic(r)) { X.regBoundsSync(r); return; }
  // a known constant whose ranges already say exactly that constant is a fixed point of the
  // whole sync (every step below intersects with the same single value): skip the work
  if (r.mh === 0 && r.ml === 0) {
    const h = r.vh, l = r.vl;
    if (r.uminH === h && r.uminL === l && r.umaxH === h && r.umaxL === l && r.sminH === h && r.sminL === l && r.smaxH === h && r.smaxL === l) {
      if (r.u32min === l >>> 0 && r.u32max === l >>> 0 && r.s32min === r.s32max && r.s32min === s32(l)) return;
    }
  }
  const s = SNAP;
  s.assign(r);
  diverged = false;
  updateRegBounds(r);
  deduceBounds(r);
  deduceBounds(r);
  if (diverged) { r.assign(s); X.regBoundsSync(r); return; }
  regBoundOffset(r);
  updateRegBounds(r);
}

/** the register as it was before a fast-path step that may hand over to ./reg_exact.ts */
const SNAP = new Reg();

/** __reg_assign_32_into_64 */
function regAssign32Into64(r: Reg): void {
  // 32-bit bounds that are no int32/uint32 (left by inconsistent bounds): BigInt, as reg_exact.ts
  if (r.xu32min !== null || r.xu32max !== null || (r.s32min >= 0 && r.s32max >= 0 && ((r.s32min | 0) !== r.s32min || (r.s32max | 0) !== r.s32max))) {
    r.umin = BigInt(r.u32min);
    r.umax = BigInt(r.u32max);
    if (r.s32min >= 0 && r.s32max >= 0) {
      r.smin = BigInt(r.s32min);
      r.smax = BigInt(r.s32max);
    } else {
      r.smin = 0n;
      r.smax = U32;
    }
    return;
  }
  clearExotic(r);
  r.uminH = 0; r.uminL = r.u32min | 0;
  r.umaxH = 0; r.umaxL = r.u32max | 0;
  if (r.s32min >= 0 && r.s32max >= 0) {
    r.sminH = 0; r.sminL = r.s32min;
    r.smaxH = 0; r.smaxL = r.s32max;
  } else {
    r.sminH = 0; r.sminL = 0;
    r.smaxH = 0; r.smaxL = M;
  }
}

/** __reg_combine_32_into_64: after a 32-bit operation that also defines the upper half */
export function regCombine32Into64(r: Reg): void {
  if (exotic(r)) { X.regCombine32Into64(r); return; }
  if (r.vh === 0 && r.mh === 0) {
    regAssign32Into64(r);
  } else {
    markReg64Unbounded(r);
    updateRegBounds(r);
  }
  regBoundsSync(r);
}

/** __reg_combine_64_into_32 */
export function regCombine64Into32(r: Reg): void {
  if (exotic(r)) { X.regCombine64Into32(r); return; }
  markReg32Unbounded(r);
  // smin >= S32_MIN && smax <= S32_MAX
  const sminOk = r.sminH >= 0 || (r.sminH === M && r.sminL < 0);
  const smaxOk = r.smaxH < 0 || (r.smaxH === 0 && r.smaxL >= 0);
  if (sminOk && smaxOk) {
    r.s32min = P.toNumS(r.sminH, r.sminL);
    r.s32max = P.toNumS(r.smaxH, r.smaxL);
  }
  if (r.uminH === 0 && r.umaxH === 0) {
    r.u32min = r.uminL >>> 0;
    r.u32max = r.umaxL >>> 0;
  }
  regBoundsSync(r);
}

/** zext_32_to_64: a 32-bit result zero-extends into the whole register */
export function zext32To64(r: Reg): void {
  r.vh = 0; r.mh = 0;
  regAssign32Into64(r);
}

/** coerce_reg_to_size: keep the low `size` bytes (loads of narrow fields, 32-bit moves) */
export function coerceRegToSize(r: Reg, size: number): void {
  if (exotic(r) || size >= 8) { X.coerceRegToSize(r, size); return; }
  if (size >= 8) {
    // tnum_cast keeps everything; so does the unsigned range unless it is empty
    if (P.ult(r.umaxH, r.umaxL, r.uminH, r.uminL)) { r.uminH = 0; r.uminL = 0; r.umaxH = M; r.umaxL = M; }
    r.sminH = r.uminH; r.sminL = r.uminL;
    r.smaxH = r.umaxH; r.smaxL = r.umaxL;
    markReg32Unbounded(r);
    regBoundsSync(r);
    return;
  }
  const ml = size === 4 ? M : 2 ** (size * 8) - 1;
  r.vh = 0; r.mh = 0; r.vl &= ml; r.ml &= ml;
  // the bits above `size` bytes of umin and umax agree: keep the low parts
  if (r.uminH === r.umaxH && (r.uminL & ~ml) === (r.umaxL & ~ml)) {
    r.uminH = 0; r.uminL &= ml;
    r.umaxH = 0; r.umaxL &= ml;
  } else {
    r.uminH = 0; r.uminL = 0;
    r.umaxH = 0; r.umaxL = ml;
  }
  if ((r.uminL >>> 0) > (r.umaxL >>> 0)) { r.uminL = 0; r.umaxL = ml; }
  r.sminH = 0; r.sminL = r.uminL;
  r.smaxH = 0; r.smaxL = r.umaxL;
  // coerce_reg_to_size: a 4-byte truncation leaves the low 32 bits, and so the 32-bit bounds, as
  // they were; only a narrower one resets them (`if (size < 4) __mark_reg32_unbounded(reg)`)
  if (size < 4) markReg32Unbounded(r);
  regBoundsSync(r);
}

/** the signed 64-bit constant of a known scalar */
export const constValue = (r: Reg): bigint => P.big(r.vh, r.vl);

export function isRegConstU32(r: Reg): boolean {
  return r.ml === 0;
}

export { s64, u64, s32, u32, U32 };
