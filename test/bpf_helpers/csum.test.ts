/**
 * Checksum arithmetic (helpers/impl/csum.ts) on known vectors and as properties: incremental
 * updates must leave a header whose checksum verifies, exactly as a full recomputation would.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { csumDiff, csumFold, csumPartial, csumReplace2, csumReplace4, csumReplaceByDiff } from '../../src/helpers/index.js';

const swap16 = (x: number): number => ((x & 0xff) << 8) | ((x >> 8) & 0xff);
const swap32 = (x: number): number => (((x & 0xff) << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24)) >>> 0;

/** the 16-bit one's-complement sum of big-endian words (RFC 1071) */
function sum16(b: Uint8Array): number {
  let s = 0;
  for (let i = 0; i < b.length; i += 2) s += (b[i]! << 8) | (b[i + 1] ?? 0);
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return s;
}

/** a 20-byte IPv4 header with a correct checksum */
function header(bytes: number[]): Uint8Array {
  const h = Uint8Array.from(bytes);
  h[0] = 0x45;
  h[10] = 0;
  h[11] = 0;
  const c = ~sum16(h) & 0xffff;
  h[10] = c >> 8;
  h[11] = c & 0xff;
  return h;
}

/** the checksum field as a program loads it: a little-endian u16 */
const loadLe16 = (h: Uint8Array, off: number): number => h[off]! | (h[off + 1]! << 8);
const loadLe32 = (h: Uint8Array, off: number): number => (h[off]! | (h[off + 1]! << 8) | (h[off + 2]! << 16) | (h[off + 3]! << 24)) >>> 0;

test('RFC 1624 section 4 example: 0xDD2F, field 0x5555 -> 0x3285 gives checksum 0x0000', () => {
  // programs see network-order values through little-endian loads: swap both ways
  assert.equal(swap16(csumReplace2(swap16(0xdd2f), swap16(0x5555), swap16(0x3285))), 0x0000);
});

test('RFC 1071 example words sum to 0xddf2 (csum_partial, then folded)', () => {
  // RFC 1071 section 3: 00 01 f2 03 f4 f5 f6 f7 sums to ddf2 (byte-swapped arithmetic gives f2dd)
  const b = Uint8Array.from([0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7]);
  assert.equal(swap16(~csumFold(csumPartial(b, 0)) & 0xffff), 0xddf2);
});

test('csum_fold of a 32-bit sum is the complemented 16-bit end-around fold', () => {
  fc.assert(fc.property(fc.integer({ min: 0, max: 0xffffffff }), (s) => {
    let x = (s & 0xffff) + (s >>> 16);
    x = (x & 0xffff) + (x >>> 16);
    assert.equal(csumFold(s), ~x & 0xffff);
  }));
});

test('csum_replace4 on an IPv4 address change leaves a valid header (property)', () => {
  fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 20, maxLength: 20 }), fc.integer({ min: 0, max: 0xffffffff }), (bytes, newAddr) => {
    const h = header(bytes);
    const from = loadLe32(h, 16);
    const to = swap32(newAddr);
    const sum = csumReplace4(loadLe16(h, 10), from, to);
    h[16] = newAddr >>> 24; h[17] = (newAddr >>> 16) & 0xff; h[18] = (newAddr >>> 8) & 0xff; h[19] = newAddr & 0xff;
    h[10] = sum & 0xff; h[11] = sum >> 8;
    assert.equal(sum16(h), 0xffff, 'header checksum verifies');
  }), { numRuns: 500 });
});

test('csum_replace2 on a TTL/protocol word change leaves a valid header (property)', () => {
  fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 20, maxLength: 20 }), fc.integer({ min: 0, max: 255 }), (bytes, ttl) => {
    const h = header(bytes);
    const from = loadLe16(h, 8);
    h[8] = ttl;
    const to = loadLe16(h, 8);
    const sum = csumReplace2(loadLe16(h, 10), from, to);
    h[10] = sum & 0xff; h[11] = sum >> 8;
    assert.equal(sum16(h), 0xffff);
  }), { numRuns: 500 });
});

test('a csum_diff of old and new bytes fed to csum_replace_by_diff updates the header (property)', () => {
  fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 20, maxLength: 20 }), fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 8, maxLength: 8 }), (bytes, addrs) => {
    const h = header(bytes);
    const from = h.slice(12, 20);
    const to = Uint8Array.from(addrs);
    const diff = csumDiff(from, to, 0);
    const sum = csumReplaceByDiff(loadLe16(h, 10), diff);
    h.set(to, 12);
    h[10] = sum & 0xff; h[11] = sum >> 8;
    assert.equal(sum16(h), 0xffff);
  }), { numRuns: 500 });
});

test('csum_diff: legacy (x86 32-bit) and 6.13+ (16-bit fold) agree modulo 0xffff', () => {
  fc.assert(fc.property(fc.uint8Array({ minLength: 0, maxLength: 64 }).map((a) => a.slice(0, a.length & ~3)), fc.uint8Array({ minLength: 0, maxLength: 64 }).map((a) => a.slice(0, a.length & ~3)), fc.integer({ min: 0, max: 0xffffffff }), (from, to, seed) => {
    const a = csumDiff(from, to, seed, true);
    const b = csumDiff(from, to, seed, false);
    if (!from.length && !to.length) return;
    assert.ok(b <= 0xffff);
    assert.equal(a % 0xffff, b % 0xffff);
  }), { numRuns: 500 });
});
