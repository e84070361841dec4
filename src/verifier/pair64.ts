/**
 * 64-bit integers as two 32-bit halves in plain numbers (hi, lo; each an int32 bit pattern, so
 * that V8 keeps them as small integers in object fields rather than boxed doubles), for the
 * verifier's hot path: scalar bounds and tnums are touched many times per processed instruction,
 * and BigInt arithmetic allocates on every operation. A signed 64-bit value is stored as its
 * two's-complement bit pattern, so s64 <-> u64 conversions are free; only comparisons differ.
 *
 * Functions that produce a 64-bit result leave it in `rh`/`rl` (read right after the call), so
 * nothing is allocated. The BigInt forms (`big`, `splitBig`) are for the log and the public API.
 */

/** result halves of the last pair operation */
export let rh = 0;
export let rl = 0;

export const M32 = -1;
const TWO32 = 4294967296;

/** unsigned a < b */
export const ult = (ah: number, al: number, bh: number, bl: number): boolean => (ah >>> 0) < (bh >>> 0) || (ah === bh && (al >>> 0) < (bl >>> 0));
/** signed a < b (two's-complement halves) */
export const slt = (ah: number, al: number, bh: number, bl: number): boolean => ah < bh || (ah === bh && (al >>> 0) < (bl >>> 0));

/** a + b mod 2^64; returns the carry out of bit 63 (unsigned overflow) */
export function add(ah: number, al: number, bh: number, bl: number): boolean {
  ah >>>= 0; al >>>= 0; bh >>>= 0; bl >>>= 0;
  let l = al + bl;
  let c = 0;
  if (l >= TWO32) { l -= TWO32; c = 1; }
  let h = ah + bh + c;
  let co = false;
  if (h >= TWO32) { h -= TWO32; co = true; }
  rh = h | 0; rl = l | 0;
  return co;
}

/** a - b mod 2^64; returns the borrow (unsigned a < b) */
export function sub(ah: number, al: number, bh: number, bl: number): boolean {
  ah >>>= 0; al >>>= 0; bh >>>= 0; bl >>>= 0;
  let l = al - bl;
  let b = 0;
  if (l < 0) { l += TWO32; b = 1; }
  let h = ah - bh - b;
  let bo = false;
  if (h < 0) { h += TWO32; bo = true; }
  rh = h | 0; rl = l | 0;
  return bo;
}

/** a + b: true when the signed 64-bit sum overflows (result in rh/rl, wrapped) */
export function addOvS(ah: number, al: number, bh: number, bl: number): boolean {
  add(ah, al, bh, bl);
  const sa = ah >>> 31;
  return sa === bh >>> 31 && rh >>> 31 !== sa;
}

/** a - b: true when the signed 64-bit difference overflows (result in rh/rl, wrapped) */
export function subOvS(ah: number, al: number, bh: number, bl: number): boolean {
  sub(ah, al, bh, bl);
  const sa = ah >>> 31;
  return sa !== bh >>> 31 && rh >>> 31 !== sa;
}

/** 32 x 32 -> 64 unsigned multiply, exact (16-bit pieces keep every product below 2^53) */
function mul32(a: number, b: number): void {
  a >>>= 0; b >>>= 0;
  const a0 = a & 0xffff;
  const a1 = a >>> 16;
  const b0 = b & 0xffff;
  const b1 = b >>> 16;
  const p00 = a0 * b0;
  const mid = a1 * b0 + a0 * b1; // < 2^33
  const p11 = a1 * b1;
  // lo = p00 + (mid mod 2^16) * 2^16, carries into hi
  const midLo = mid % 65536;
  const midHi = (mid - midLo) / 65536;
  let lo = p00 + midLo * 65536;
  let carry = 0;
  if (lo >= TWO32) { carry = Math.floor(lo / TWO32); lo -= carry * TWO32; }
  rl = lo | 0;
  rh = ((p11 + midHi + carry) % TWO32) | 0;
}

/** a * b mod 2^64 */
export function mul(ah: number, al: number, bh: number, bl: number): void {
  mul32(al, bl);
  const h = rh;
  const l = rl;
  // cross terms only matter mod 2^32
  rh = (h + Math.imul(ah, bl) + Math.imul(al, bh)) | 0;
  rl = l;
}

/** logical shift left by s in [0, 63] */
export function shl(h: number, l: number, s: number): void {
  if (s === 0) { rh = h | 0; rl = l | 0; }
  else if (s < 32) { rh = (h << s) | (l >>> (32 - s)); rl = l << s; }
  else { rh = l << (s - 32); rl = 0; }
}

/** logical shift right by s in [0, 63] */
export function shr(h: number, l: number, s: number): void {
  if (s === 0) { rh = h | 0; rl = l | 0; }
  else if (s < 32) { rl = (l >>> s) | (h << (32 - s)); rh = (h >>> s) | 0; }
  else { rl = (h >>> (s - 32)) | 0; rh = 0; }
}

/** arithmetic shift right by s in [0, 63] */
export function sar(h: number, l: number, s: number): void {
  if (s === 0) { rh = h | 0; rl = l | 0; }
  else if (s < 32) { rl = (l >>> s) | (h << (32 - s)); rh = h >> s; }
  else { rl = h >> (s - 32); rh = h >> 31; }
}

/** 1-based index of the highest set bit, 0 for 0 (fls64) */
export function fls(h: number, l: number): number {
  if (h) return 64 - Math.clz32(h);
  return l ? 32 - Math.clz32(l) : 0;
}

/** (2^bits - 1) for bits in [0, 64] */
export function lowMask(bits: number): void {
  if (bits >= 64) { rh = -1; rl = -1; }
  else if (bits >= 32) { rh = ((1 << (bits - 32)) - 1) | 0; rl = -1; }
  else { rh = 0; rl = ((1 << bits) - 1) | 0; }
}

/**
 * tnum_step on halves (the BigInt form and its reasoning: tnum.ts tnumStep): the smallest member of
 * the tnum (vh:vl, mh:ml) above z, its largest when none is, its smallest when z is below it
 */
export function tnumStep(vh: number, vl: number, mh: number, ml: number, zh: number, zl: number): void {
  const th = vh | mh, tl = vl | ml;
  if (!ult(zh, zl, th, tl)) { rh = th; rl = tl; return; }
  if (ult(zh, zl, vh, vl)) { rh = vh; rl = vl; return; }
  sub(zh, zl, vh, vl);
  const dh = rh, dl = rl;
  lowMask(fls(dh & ~mh, dl & ~ml));
  add(dh | rh | ~mh, dl | rl | ~ml, 0, 1);
  rh = vh | (rh & mh); rl = vl | (rl & ml);
}

/** the value as a number, exactly as Number(BigInt) gives it (signed interpretation) */
export function toNumS(h: number, l: number): number {
  if (h === 0) return l >>> 0;
  if (h === -1) return (l >>> 0) - TWO32;
  return Number(BigInt.asIntN(64, big(h, l)));
}

/** the value as a number, exactly as Number(BigInt) gives it (unsigned interpretation) */
export function toNumU(h: number, l: number): number {
  if (h === 0) return l >>> 0;
  return Number(big(h, l));
}

/** the unsigned BigInt of a pair */
export const big = (h: number, l: number): bigint => (h === 0 ? BigInt(l >>> 0) : (BigInt(h >>> 0) << 32n) | BigInt(l >>> 0));
/** the signed BigInt of a pair */
export const bigS = (h: number, l: number): bigint => (h === 0 ? BigInt(l >>> 0) : h === -1 && l !== 0 ? BigInt((l >>> 0) - TWO32) : BigInt.asIntN(64, (BigInt(h >>> 0) << 32n) | BigInt(l >>> 0)));

/** split a BigInt (any sign, taken mod 2^64) into rh/rl */
export function splitBig(v: bigint): void {
  if (v >= 0n && v <= 0xffffffffn) { rh = 0; rl = Number(v) | 0; return; }
  const u = BigInt.asUintN(64, v);
  rh = Number(u >> 32n) | 0;
  rl = Number(u & 0xffffffffn) | 0;
}

/** a number that is an exact integer (|v| < 2^53) into rh/rl as 64-bit two's complement */
export function splitNum(v: number): void {
  if (v >= 0) { const l = v % TWO32; rh = ((v - l) / TWO32) | 0; rl = l | 0; return; }
  const a = -v;
  let l = a % TWO32;
  let h = (a - l) / TWO32;
  // negate the pair
  l = (~l >>> 0) + 1;
  h = ~h >>> 0;
  if (l === TWO32) { l = 0; h = (h + 1) >>> 0; }
  rh = h | 0; rl = l | 0;
}
