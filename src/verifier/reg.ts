/**
 * Register state (include/linux/bpf_verifier.h struct bpf_reg_state) and the scalar-bounds
 * bookkeeping of kernel/bpf/verifier.c: __update_reg_bounds, __reg_deduce_bounds,
 * __reg_bound_offset, __reg_combine_32_into_64 / 64_into_32 and reg_bounds_sync.
 *
 * 64-bit bounds are BigInt (smin/smax signed, umin/umax unsigned); 32-bit bounds are numbers
 * (s32 signed, u32 in [0, 2^32)).
 */
import {
  type Tnum, TNUM_UNKNOWN, U32, U64, tnumConst, tnumIntersect, tnumRange, tnumSubreg, tnumClearSubreg,
  tnumOr, tnumIsConst, tnumEqualsConst, tnumCast,
} from './tnum.js';
import type { VerifierMap } from './types.js';

/** enum bpf_reg_type (the subset tsbpf tracks), with the kernel's names */
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
};

export const S64_MIN = -(1n << 63n);
export const S64_MAX = (1n << 63n) - 1n;
export const S32_MIN = -0x80000000;
export const S32_MAX = 0x7fffffff;
export const U32_MAX = 0xffffffff;

const s64 = (x: bigint): bigint => BigInt.asIntN(64, x);
const u64 = (x: bigint): bigint => BigInt.asUintN(64, x);
const s32 = (x: number): number => x | 0;
const u32 = (x: number): number => x >>> 0;
const bmax = (a: bigint, b: bigint): bigint => (a > b ? a : b);
const bmin = (a: bigint, b: bigint): bigint => (a < b ? a : b);

export class Reg {
  type: RegType = RegType.NOT_INIT;
  /** PTR_MAYBE_NULL */
  maybeNull = false;
  /** MEM_RDONLY */
  rdonly = false;
  /** fixed part of a pointer's offset */
  off = 0;
  varOff: Tnum = TNUM_UNKNOWN;
  smin: bigint = S64_MIN;
  smax: bigint = S64_MAX;
  umin = 0n;
  umax: bigint = U64;
  s32min = S32_MIN;
  s32max = S32_MAX;
  u32min = 0;
  u32max = U32_MAX;
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
  /** mark_read bookkeeping: set when this register value was read on the current path */
  read = false;

  clone(): Reg {
    const r = new Reg();
    r.type = this.type; r.maybeNull = this.maybeNull; r.rdonly = this.rdonly; r.off = this.off; r.varOff = this.varOff;
    r.smin = this.smin; r.smax = this.smax; r.umin = this.umin; r.umax = this.umax;
    r.s32min = this.s32min; r.s32max = this.s32max; r.u32min = this.u32min; r.u32max = this.u32max;
    r.id = this.id; r.refObjId = this.refObjId; r.range = this.range; r.map = this.map; r.memSize = this.memSize; r.memKind = this.memKind;
    r.frameno = this.frameno; r.subprog = this.subprog;
    return r;
  }

  assign(o: Reg): void {
    this.type = o.type; this.maybeNull = o.maybeNull; this.rdonly = o.rdonly; this.off = o.off; this.varOff = o.varOff;
    this.smin = o.smin; this.smax = o.smax; this.umin = o.umin; this.umax = o.umax;
    this.s32min = o.s32min; this.s32max = o.s32max; this.u32min = o.u32min; this.u32max = o.u32max;
    this.id = o.id; this.refObjId = o.refObjId; this.range = o.range; this.map = o.map; this.memSize = o.memSize; this.memKind = o.memKind;
    this.frameno = o.frameno; this.subprog = o.subprog;
  }
}

export const isScalar = (r: Reg): boolean => r.type === RegType.SCALAR_VALUE;
export const isPointer = (r: Reg): boolean => r.type !== RegType.NOT_INIT && r.type !== RegType.SCALAR_VALUE;
export const isPktPointer = (r: Reg): boolean => r.type === RegType.PTR_TO_PACKET || r.type === RegType.PTR_TO_PACKET_META;
export const isConst = (r: Reg): boolean => r.type === RegType.SCALAR_VALUE && tnumIsConst(r.varOff);

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
  r.assign(FRESH);
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
  r.assign(FRESH);
}

/** a pointer register: type, zero offset, zero variable part */
export function markPtr(r: Reg, type: RegType): void {
  r.assign(FRESH);
  r.type = type;
  markRegKnown(r, 0n);
}

const FRESH = new Reg();

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

export { s64, u64, s32, u32 };
