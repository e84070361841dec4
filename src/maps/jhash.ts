/**
 * Bob Jenkins' lookup3 hash exactly as include/linux/jhash.h computes it: hash tables
 * (kernel/bpf/hashtab.c htab_map_hash), the bloom filter (bloom_filter.c) and the stack map
 * (stackmap.c) use it, so with the same seed our bucket order — and so get_next_key and
 * batch order — is the kernel's. Words are read little-endian (__get_unaligned_cpu32 on x86).
 */
const JHASH_INITVAL = 0xdeadbeef;

function rol32(x: number, s: number): number {
  return (x << s) | (x >>> (32 - s));
}

function le32(b: Uint8Array, o: number): number {
  return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
}

/** jhash(key, length, initval) over bytes b[off, off+length) */
export function jhash(b: Uint8Array, off: number, length: number, initval: number): number {
  let a = (JHASH_INITVAL + length + initval) | 0;
  let bb = a;
  let c = a;
  let k = off;
  while (length > 12) {
    a = (a + le32(b, k)) | 0;
    bb = (bb + le32(b, k + 4)) | 0;
    c = (c + le32(b, k + 8)) | 0;
    // __jhash_mix
    a = (a - c) | 0; a ^= rol32(c, 4); c = (c + bb) | 0;
    bb = (bb - a) | 0; bb ^= rol32(a, 6); a = (a + c) | 0;
    c = (c - bb) | 0; c ^= rol32(bb, 8); bb = (bb + a) | 0;
    a = (a - c) | 0; a ^= rol32(c, 16); c = (c + bb) | 0;
    bb = (bb - a) | 0; bb ^= rol32(a, 19); a = (a + c) | 0;
    c = (c - bb) | 0; c ^= rol32(bb, 4); bb = (bb + a) | 0;
    length -= 12;
    k += 12;
  }
  if (length === 0) return c >>> 0;
  // the fallthrough switch of jhash(): byte n-1 down to byte 0
  if (length >= 12) c = (c + (b[k + 11]! << 24)) | 0;
  if (length >= 11) c = (c + (b[k + 10]! << 16)) | 0;
  if (length >= 10) c = (c + (b[k + 9]! << 8)) | 0;
  if (length >= 9) c = (c + b[k + 8]!) | 0;
  if (length >= 8) bb = (bb + (b[k + 7]! << 24)) | 0;
  if (length >= 7) bb = (bb + (b[k + 6]! << 16)) | 0;
  if (length >= 6) bb = (bb + (b[k + 5]! << 8)) | 0;
  if (length >= 5) bb = (bb + b[k + 4]!) | 0;
  if (length >= 4) a = (a + (b[k + 3]! << 24)) | 0;
  if (length >= 3) a = (a + (b[k + 2]! << 16)) | 0;
  if (length >= 2) a = (a + (b[k + 1]! << 8)) | 0;
  a = (a + b[k]!) | 0;
  return final(a, bb, c);
}

/** jhash2(k, length in u32 words, initval) over the words at b[off, off + 4*length) */
export function jhash2(b: Uint8Array, off: number, length: number, initval: number): number {
  let a = (JHASH_INITVAL + (length << 2) + initval) | 0;
  let bb = a;
  let c = a;
  let k = off;
  while (length > 3) {
    a = (a + le32(b, k)) | 0;
    bb = (bb + le32(b, k + 4)) | 0;
    c = (c + le32(b, k + 8)) | 0;
    a = (a - c) | 0; a ^= rol32(c, 4); c = (c + bb) | 0;
    bb = (bb - a) | 0; bb ^= rol32(a, 6); a = (a + c) | 0;
    c = (c - bb) | 0; c ^= rol32(bb, 8); bb = (bb + a) | 0;
    a = (a - c) | 0; a ^= rol32(c, 16); c = (c + bb) | 0;
    bb = (bb - a) | 0; bb ^= rol32(a, 19); a = (a + c) | 0;
    c = (c - bb) | 0; c ^= rol32(bb, 4); bb = (bb + a) | 0;
    length -= 3;
    k += 12;
  }
  if (length === 0) return c >>> 0;
  if (length >= 3) c = (c + le32(b, k + 8)) | 0;
  if (length >= 2) bb = (bb + le32(b, k + 4)) | 0;
  a = (a + le32(b, k)) | 0;
  return final(a, bb, c);
}

function final(a: number, b: number, c: number): number {
  c ^= b; c = (c - rol32(b, 14)) | 0;
  a ^= c; a = (a - rol32(c, 11)) | 0;
  b ^= a; b = (b - rol32(a, 25)) | 0;
  c ^= b; c = (c - rol32(b, 16)) | 0;
  a ^= c; a = (a - rol32(c, 4)) | 0;
  b ^= a; b = (b - rol32(a, 14)) | 0;
  c ^= b; c = (c - rol32(b, 24)) | 0;
  return c >>> 0;
}

/** kernel/bpf/hashtab.c htab_map_hash: jhash2 when the key is a whole number of words */
export function htabHash(b: Uint8Array, off: number, keyLen: number, seed: number): number {
  return (keyLen & 3) === 0 ? jhash2(b, off, keyLen >>> 2, seed) : jhash(b, off, keyLen, seed);
}

/** a random u32 (get_random_u32) for hash seeds; crypto when available */
export function randomU32(): number {
  const c = (globalThis as { crypto?: { getRandomValues?: (a: Uint32Array) => Uint32Array } }).crypto;
  if (c?.getRandomValues) return c.getRandomValues(new Uint32Array(1))[0]!;
  return (Math.random() * 0x100000000) >>> 0;
}
