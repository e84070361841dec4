/**
 * 64-bit division and modulo on (lo, hi) pairs of signed int32 halves, stored in an Int32Array
 * register file at [2*reg] (lo) and [2*reg+1] (hi), for the interpreter's slow path (the other
 * operations are inline in interp_loop.ts). Exact RFC 9669 §4.1 semantics without BigInt on the
 * common paths: division by zero giving 0 and modulo by
 * zero leaving the dividend, signed division truncating toward zero with INT64_MIN / -1 = INT64_MIN.
 */

const TWO32 = 4294967296;

function toBig(lo: number, hi: number): bigint {
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

function setBig(R: Int32Array, d: number, v: bigint): void {
  R[d] = Number(BigInt.asIntN(32, v));
  R[d + 1] = Number(BigInt.asIntN(32, v >> 32n));
}

/** unsigned 64-bit division; the rare operands above 2^53 fall back to BigInt */
export function div64(R: Int32Array, d: number, bl: number, bh: number): void {
  const al = R[d]!, ah = R[d + 1]!;
  if ((bl | bh) === 0) { R[d] = 0; R[d + 1] = 0; return; }
  if ((ah | bh) === 0) { R[d] = ((al >>> 0) / (bl >>> 0)) >>> 0; return; }
  if ((ah >>> 0) < 0x200000 && (bh >>> 0) < 0x200000) {
    // both below 2^53: doubles are exact and so is the truncated quotient (a, b < 2^53)
    const a = (ah >>> 0) * TWO32 + (al >>> 0);
    const b = (bh >>> 0) * TWO32 + (bl >>> 0);
    let q = Math.floor(a / b);
    // correct a possible rounding of a/b up to the next integer
    if (q * b > a) q--;
    R[d] = q >>> 0;
    R[d + 1] = (q / TWO32) | 0;
    return;
  }
  setBig(R, d, toBig(al, ah) / toBig(bl, bh));
}

export function mod64(R: Int32Array, d: number, bl: number, bh: number): void {
  const al = R[d]!, ah = R[d + 1]!;
  if ((bl | bh) === 0) return; // dividend unchanged
  if ((ah | bh) === 0) { R[d] = ((al >>> 0) % (bl >>> 0)) | 0; return; }
  if ((ah >>> 0) < 0x200000 && (bh >>> 0) < 0x200000) {
    const a = (ah >>> 0) * TWO32 + (al >>> 0);
    const b = (bh >>> 0) * TWO32 + (bl >>> 0);
    const r = a % b; // exact for doubles
    R[d] = r >>> 0;
    R[d + 1] = (r / TWO32) | 0;
    return;
  }
  setBig(R, d, toBig(al, ah) % toBig(bl, bh));
}

/** signed 64-bit division (BPF_SDIV, off = 1): truncates toward zero; x / 0 = 0; INT64_MIN / -1 = INT64_MIN */
export function sdiv64(R: Int32Array, d: number, bl: number, bh: number): void {
  const al = R[d]!, ah = R[d + 1]!;
  if ((bl | bh) === 0) { R[d] = 0; R[d + 1] = 0; return; }
  if (bl === -1 && bh === -1) { // x / -1 = -x (INT64_MIN stays INT64_MIN)
    R[d + 1] = (-ah - (al !== 0 ? 1 : 0)) | 0;
    R[d] = -al | 0;
    return;
  }
  if (ah === al >> 31 && bh === bl >> 31) {
    // both fit in int32: doubles are exact; INT32_MIN / -1 handled above
    const q = Math.trunc(al / bl);
    R[d] = q | 0;
    R[d + 1] = q < 0 ? -1 : 0;
    return;
  }
  setBig(R, d, BigInt.asIntN(64, BigInt.asIntN(64, toBig(al, ah)) / BigInt.asIntN(64, toBig(bl, bh))));
}

/** signed 64-bit modulo (BPF_SMOD, off = 1): result has the dividend's sign; x % 0 = x */
export function smod64(R: Int32Array, d: number, bl: number, bh: number): void {
  const al = R[d]!, ah = R[d + 1]!;
  if ((bl | bh) === 0) return;
  if (bl === -1 && bh === -1) { R[d] = 0; R[d + 1] = 0; return; }
  if (ah === al >> 31 && bh === bl >> 31) {
    const r = al % bl;
    R[d] = r | 0;
    R[d + 1] = r < 0 ? -1 : 0;
    return;
  }
  setBig(R, d, BigInt.asIntN(64, toBig(al, ah)) % BigInt.asIntN(64, toBig(bl, bh)));
}

/** the register pair as an unsigned 64-bit bigint (for display and results, not hot paths) */
export function pairToBigInt(lo: number, hi: number): bigint {
  return toBig(lo, hi);
}
