/**
 * The specialised decoders (runtime/format.ts decoderFor: integers, char arrays, structs of them,
 * the ring-buffer hot path) against the generic walk, on random bytes: every value equal,
 * including u64 past 2^53 (bigint), non-ASCII char arrays (arrays of numbers), records cut short.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decode, decodeAny, type TypeDesc } from '../../src/runtime/format.js';

const int = (size: number, signed: boolean): TypeDesc => ({ k: 'int', size, signed, name: `${signed ? 's' : 'u'}${size * 8}` });
const chars = (n: number): TypeDesc => ({ k: 'array', n, size: n, elem: { k: 'int', size: 1, signed: true, char: true, name: 'char' } });
const rec: TypeDesc = {
  k: 'struct', name: 'event', size: 40, members: [
    { name: 'pid', off: 0, type: int(4, false) }, { name: 'ret', off: 32, type: int(4, true) },
    { name: 'ts', off: 64, type: int(8, false) }, { name: 'delta', off: 128, type: int(8, true) },
    { name: 'comm', off: 192, type: chars(16) },
  ],
};

test('specialised decoders equal the generic walk on random records', () => {
  let seed = 12345;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
  const types = [int(1, false), int(2, true), int(4, false), int(4, true), int(8, false), int(8, true), chars(8), rec];
  for (let k = 0; k < 3000; k++) {
    const b = new Uint8Array(48);
    for (let i = 0; i < b.length; i++) b[i] = rnd();
    // mostly-ASCII text with a NUL somewhere, sometimes none, sometimes a byte >= 0x7f
    for (let i = 24; i < 40; i++) b[i] = k % 7 === 0 ? rnd() : 0x20 + (rnd() % 0x5f);
    if (k % 3 === 0) b[24 + (k % 16)] = 0;
    if (k % 5 === 0) b[7] = 0; // small u64s take the number path
    const cut = k % 11 === 0 ? b.subarray(0, 20 + (k % 20)) : b;
    for (const t of types) assert.deepEqual(decode(t, cut, 0), decodeAny(t, cut, 0), `${JSON.stringify(t).slice(0, 40)} on ${Array.from(cut).join(',')}`);
  }
  assert.equal(typeof decode(int(8, false), new Uint8Array([0, 0, 0, 0, 0, 0, 0x20, 0]), 0), 'bigint');
  assert.deepEqual(decode(chars(4), new Uint8Array([0x41, 0xc3, 0xa9, 0]), 0), [65, -61, -87, 0]);
  assert.equal(decode(chars(4), new Uint8Array([0x41, 0x42, 0, 0x43]), 0), 'AB');
});
