/**
 * Tracked numbers (kernel/bpf/tnum.c): a 64-bit value where each bit is known (mask bit 0, value
 * in `value`) or unknown (mask bit 1, value bit 0). Values are unsigned 64-bit BigInts; every
 * function returns a fresh, normalised tnum (value & mask === 0).
 *
 * BigInt is used because the verifier touches tnums a few times per processed instruction, not
 * per executed instruction; the simpler exact arithmetic wins over a lo/hi split here.
 */
export interface Tnum {
  readonly value: bigint;
  readonly mask: bigint;
}

export const U64 = 0xffffffffffffffffn;
export const U32 = 0xffffffffn;

const u64 = (x: bigint): bigint => x & U64;

export const tnum = (value: bigint, mask: bigint): Tnum => ({ value: u64(value), mask: u64(mask) });
export const tnumConst = (v: bigint): Tnum => ({ value: u64(v), mask: 0n });
export const TNUM_UNKNOWN: Tnum = { value: 0n, mask: U64 };

/** tnum_range: the tnum covering [min, max] (unsigned) */
export function tnumRange(min: bigint, max: bigint): Tnum {
  const chi = min ^ max;
  const bits = fls64(chi);
  if (bits > 63) return TNUM_UNKNOWN;
  const delta = (1n << BigInt(bits)) - 1n;
  return { value: min & ~delta & U64, mask: delta };
}

/** find last set: 1-based index of the highest set bit, 0 when x == 0 */
function fls64(x: bigint): number {
  if (x === 0n) return 0;
  return x.toString(2).length;
}

export const tnumIsConst = (a: Tnum): boolean => a.mask === 0n;
export const tnumIsUnknown = (a: Tnum): boolean => a.mask === U64;
export const tnumEqualsConst = (a: Tnum, v: bigint): boolean => a.mask === 0n && a.value === u64(v);

export const tnumLshift = (a: Tnum, s: number): Tnum => ({ value: u64(a.value << BigInt(s)), mask: u64(a.mask << BigInt(s)) });
export const tnumRshift = (a: Tnum, s: number): Tnum => ({ value: a.value >> BigInt(s), mask: a.mask >> BigInt(s) });

/** tnum_arshift: arithmetic shift by `s` treating the tnum as `width` (32 or 64) bits wide */
export function tnumArshift(a: Tnum, s: number, width: 32 | 64): Tnum {
  const sv = BigInt.asIntN(width, a.value) >> BigInt(s);
  const sm = BigInt.asIntN(width, a.mask) >> BigInt(s);
  return { value: BigInt.asUintN(width, sv), mask: BigInt.asUintN(width, sm) };
}

export function tnumAdd(a: Tnum, b: Tnum): Tnum {
  const sm = u64(a.mask + b.mask);
  const sv = u64(a.value + b.value);
  const sigma = u64(sm + sv);
  const chi = sigma ^ sv;
  const mu = chi | a.mask | b.mask;
  return { value: sv & ~mu & U64, mask: mu };
}

export function tnumSub(a: Tnum, b: Tnum): Tnum {
  const dv = u64(a.value - b.value);
  const alpha = u64(dv + a.mask);
  const beta = u64(dv - b.mask);
  const chi = alpha ^ beta;
  const mu = chi | a.mask | b.mask;
  return { value: dv & ~mu & U64, mask: mu };
}

export function tnumAnd(a: Tnum, b: Tnum): Tnum {
  const alpha = a.value | a.mask;
  const beta = b.value | b.mask;
  const v = a.value & b.value;
  return { value: v, mask: alpha & beta & ~v & U64 };
}

export function tnumOr(a: Tnum, b: Tnum): Tnum {
  const v = a.value | b.value;
  const mu = a.mask | b.mask;
  return { value: v, mask: mu & ~v & U64 };
}

export function tnumXor(a: Tnum, b: Tnum): Tnum {
  const v = a.value ^ b.value;
  const mu = a.mask | b.mask;
  return { value: v & ~mu & U64, mask: mu };
}

/** tnum_mul (the 6.x "half-multiply" algorithm) */
export function tnumMul(a: Tnum, b: Tnum): Tnum {
  let av = a.value;
  let am = a.mask;
  let bv = b.value;
  let bm = b.mask;
  const accV = u64(a.value * b.value);
  let accM: Tnum = { value: 0n, mask: 0n };
  while (av || am) {
    if (av & 1n) accM = tnumAdd(accM, { value: 0n, mask: bm });
    else if (am & 1n) accM = tnumAdd(accM, { value: 0n, mask: bv | bm });
    av >>= 1n;
    am >>= 1n;
    bv = u64(bv << 1n);
    bm = u64(bm << 1n);
  }
  return tnumAdd({ value: accV, mask: 0n }, accM);
}

/** tnum_intersect: both tnums describe the same value; combine their knowledge */
export function tnumIntersect(a: Tnum, b: Tnum): Tnum {
  const v = a.value | b.value;
  const mu = a.mask & b.mask;
  return { value: v & ~mu & U64, mask: mu };
}

/**
 * tnum_step (kernel/bpf/tnum.c, in the 6.18 stable kernels): the smallest member of `t` above `z`;
 * `t`'s largest member when none is, its smallest when `z` is below it. Every member is
 * `t.value + s` for a submask `s` of `t.mask`, so "above z" is "s above d = z - t.value": d is
 * incremented within the mask (the other bits filled with ones so that the carry ripples through
 * them, and below d's highest non-mask bit too, which would otherwise trap it).
 */
export function tnumStep(t: Tnum, z: bigint): bigint {
  const tmax = t.value | t.mask;
  if (z >= tmax) return tmax;
  if (z < t.value) return t.value;
  const d = z - t.value;
  const carry = (1n << BigInt(fls64(d & ~t.mask & U64))) - 1n;
  const filled = (d | carry | ~t.mask) & U64;
  return t.value | (((filled + 1n) & U64) & t.mask);
}

/** tnum_union (6.x): a tnum covering both */
export function tnumUnion(a: Tnum, b: Tnum): Tnum {
  const v = a.value & b.value;
  const mu = (a.value ^ b.value) | a.mask | b.mask;
  return { value: v & ~mu & U64, mask: mu };
}

/** tnum_cast: keep the low `size` bytes */
export function tnumCast(a: Tnum, size: number): Tnum {
  if (size >= 8) return a;
  const m = (1n << BigInt(size * 8)) - 1n;
  return { value: a.value & m, mask: a.mask & m };
}

export const tnumIsAligned = (a: Tnum, size: number): boolean => size === 0 || ((a.value | a.mask) & BigInt(size - 1)) === 0n;

/** tnum_in: is every value of b also a value of a? */
export function tnumIn(a: Tnum, b: Tnum): boolean {
  if (b.mask & ~a.mask & U64) return false;
  return a.value === (b.value & ~a.mask & U64);
}

export const tnumSubreg = (a: Tnum): Tnum => tnumCast(a, 4);
export const tnumClearSubreg = (a: Tnum): Tnum => tnumLshift(tnumRshift(a, 32), 32);
export const tnumWithSubreg = (reg: Tnum, sub: Tnum): Tnum => tnumOr(tnumClearSubreg(reg), tnumSubreg(sub));
export const tnumConstSubreg = (a: Tnum, v: number): Tnum => tnumWithSubreg(a, tnumConst(BigInt(v >>> 0)));
export const tnumEq = (a: Tnum, b: Tnum): boolean => a.value === b.value && a.mask === b.mask;

/** tnum_sbin / kernel's tnum_strn: "(0x0; 0xff)" */
export function tnumStr(a: Tnum): string {
  return `(0x${a.value.toString(16)}; 0x${a.mask.toString(16)})`;
}
