/**
 * Internet checksum arithmetic exactly as the kernel does it (include/net/checksum.h,
 * include/asm-generic/checksum.h, arch/x86/lib/csum-partial_64.c). Values are as the program
 * sees them: 16- and 32-bit quantities loaded from packet memory in host (little-endian) order;
 * one's-complement sums are byte-order independent, so no swapping is needed.
 */

/** csum_add: 32-bit one's-complement addition (end-around carry) */
export function csumAdd(a: number, b: number): number {
  const s = (a >>> 0) + (b >>> 0);
  return (s + (s > 0xffffffff ? 1 : 0)) >>> 0;
}

/** csum_sub: a + ~b */
export function csumSub(a: number, b: number): number {
  return csumAdd(a, ~b >>> 0);
}

/** csum_fold: fold a 32-bit partial sum to 16 bits and complement (generic: (~sum - ror32(sum, 16)) >> 16) */
export function csumFold(sum: number): number {
  const s = sum >>> 0;
  const ror = ((s >>> 16) | (s << 16)) >>> 0;
  return (((~s >>> 0) - ror) >>> 0) >>> 16;
}

/** csum_unfold: a __sum16 widened to __wsum */
export function csumUnfold(n: number): number {
  return n & 0xffff;
}

/** csum_replace4(sum, from, to): the new 16-bit checksum after a 32-bit field changed */
export function csumReplace4(sum: number, from: number, to: number): number {
  const tmp = csumSub(~csumUnfold(sum) >>> 0, from >>> 0);
  return csumFold(csumAdd(tmp, to >>> 0));
}

/** csum16_add (one's-complement 16-bit addition) */
function csum16Add(a: number, b: number): number {
  const s = (a & 0xffff) + (b & 0xffff);
  return (s + (s >>> 16)) & 0xffff;
}

/** csum_replace2(sum, old, new): *sum = ~csum16_add(csum16_sub(~(*sum), old), new) */
export function csumReplace2(sum: number, from: number, to: number): number {
  const sub = csum16Add(~sum & 0xffff, ~from & 0xffff);
  return ~csum16Add(sub, to) & 0xffff;
}

/** csum_replace_by_diff(sum, diff): *sum = csum_fold(csum_add(diff, ~csum_unfold(*sum))) */
export function csumReplaceByDiff(sum: number, diff: number): number {
  return csumFold(csumAdd(diff >>> 0, ~csumUnfold(sum) >>> 0));
}

/**
 * csum_partial(buf, len, seed) as arch/x86/lib/csum-partial_64.c computes it on an aligned
 * buffer: a one's-complement sum of little-endian words folded to 32 bits with end-around carry.
 * The x86 result is the unique value in [1, 0xffffffff] congruent to the sum modulo 2^32 - 1
 * (0 only when everything is 0).
 */
export function csumPartial(buf: Uint8Array, seed: number): number {
  let sum = seed >>> 0;
  const n4 = buf.length & ~3;
  for (let i = 0; i < n4; i += 4) {
    sum = csumAdd(sum, (buf[i]! | (buf[i + 1]! << 8) | (buf[i + 2]! << 16) | (buf[i + 3]! << 24)) >>> 0);
  }
  // trailing bytes (bpf_csum_diff never has them: sizes are multiples of 4)
  let tail = 0;
  for (let i = n4, sh = 0; i < buf.length; i++, sh += 8) tail |= buf[i]! << sh;
  if (buf.length & 3) sum = csumAdd(sum, tail >>> 0);
  return sum;
}

/** csum_from32to16: fold to 16 bits without complementing (include/net/checksum.h) */
export function csumFrom32to16(sum: number): number {
  let s = sum >>> 0;
  s = (s + (((s >>> 16) | (s << 16)) >>> 0)) >>> 0;
  return s >>> 16;
}

/**
 * bpf_csum_diff(from, from_size, to, to_size, seed) of net/core/filter.c.
 *
 * Linux 6.13 and later (checked against the running kernel by test/bpf_helpers/kernel_diff):
 *   from and to:  csum_from32to16(csum_sub(csum_partial(to, seed), csum_partial(from, 0)))
 *   to only:      csum_from32to16(csum_partial(to, seed))
 *   from only:    csum_from32to16(~csum_partial(from, ~seed))
 *   neither:      seed
 * Older kernels (`legacy`): csum_partial over a scratch buffer of ~from words then to words,
 * returning x86's unfolded 32-bit value.
 */
export function csumDiff(from: Uint8Array, to: Uint8Array, seed: number, legacy = false): number {
  if (legacy) {
    const diff = new Uint8Array(from.length + to.length);
    for (let i = 0; i < from.length; i++) diff[i] = ~from[i]! & 0xff;
    diff.set(to, from.length);
    return csumPartial(diff, seed);
  }
  if (from.length && to.length) return csumFrom32to16(csumSub(csumPartial(to, seed), csumPartial(from, 0)));
  if (to.length) return csumFrom32to16(csumPartial(to, seed));
  if (from.length) return csumFrom32to16(~csumPartial(from, ~seed >>> 0) >>> 0);
  return seed >>> 0;
}
