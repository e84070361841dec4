/**
 * Hash-map lookups inside wasm (vm/jit/map_fastpath.ts htab_lookup over maps/hashtab.ts's bucket
 * mirror): verified code looks keys up without leaving wasm, and must find exactly the element
 * the map's own `find` finds — the kernel's jhash2 with the map's random seed, buckets that
 * collide, elements replaced by updates and unlinked by deletes, per-CPU values at this CPU's
 * offset. The interpreter (which calls maps/hashtab.ts) is the reference.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AddressSpace, RegionKind } from '../../src/vm/address_space.js';
import { Interpreter } from '../../src/vm/interpreter.js';
import { createMap } from '../../src/maps/create.js';
import { MapType } from '../../src/maps/constants.js';
import { HashMap } from '../../src/maps/hashtab.js';
import { mapResolver } from '../../src/runtime/map_like.js';
import { compile } from '../../src/vm/jit/index.js';
import { MapFastPath } from '../../src/vm/jit/map_fastpath.js';
import * as b from '../../src/asm/builder.js';
import { R0, R1, R2, R6, label, program } from '../../src/asm/builder.js';
import { mapFuzzHelpers } from './gen.js';

const NCPUS = 2;

/** r0 = *(u64 *)bpf_map_lookup_elem(map, r1) or -1 */
function lookupProgram(handle: number) {
  return program(
    b.mov64(R6, R1),
    b.raw({ code: 0x18, dst: 1, src: 0, off: 0, imm: handle, imm2: 0 }),
    b.mov64(R2, R6), b.call(1),
    b.jeq(R0, 0, 'null'), b.ldxdw(R0, R0, 0), b.exit(),
    label('null'), b.mov64(R0, -1), b.exit(),
  );
}

const arbCase = fc.record({
  keyWords: fc.integer({ min: 1, max: 7 }),
  percpu: fc.boolean(),
  lru: fc.boolean(),
  maxEntries: fc.constantFrom(1, 3, 8, 32),
  // updates (key id, value seed) and deletes (key id) in order, then lookups of key ids
  ops: fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 255 })), { minLength: 5, maxLength: 60 }),
  lookups: fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 1, maxLength: 20 }),
});

test('hash lookups in wasm find what the map finds: random keys of 1-7 words, collisions, replaced and deleted elements, per-CPU values', () => {
  let hits = 0, inWasm = 0, viaImport = 0;
  const orig = MapFastPath.prototype.lookup;
  MapFastPath.prototype.lookup = function (this: MapFastPath, ...a: Parameters<MapFastPath['lookup']>): number {
    viaImport++;
    return orig.apply(this, a);
  };
  try {
    fc.assert(
      fc.property(arbCase, ({ keyWords, percpu, lru, maxEntries, ops, lookups }) => {
        const as = new AddressSpace();
        const keySize = 4 * keyWords;
        const mapType = lru ? (percpu ? MapType.LRU_PERCPU_HASH : MapType.LRU_HASH) : percpu ? MapType.PERCPU_HASH : MapType.HASH;
        const m = createMap(as, { mapType, keySize, valueSize: 8, maxEntries }, { ncpus: NCPUS }) as HashMap;
        assert.notEqual(m.mirror, 0);
        // key ids spread over every word, so jhash2's loop and its 1-3 word tail both matter
        const key = (id: number): Uint8Array => Uint8Array.from({ length: keySize }, (_, k) => (id * 7 + k * (id + 1)) & 0xff);
        for (const [del, id, seed] of ops) {
          if (del) {
            try {
              m.delete(key(id));
            } catch {
              /* ENOENT */
            }
          } else {
            try {
              m.update(key(id), Uint8Array.from({ length: m.userValueSize }, (_, k) => (seed + k * 3) & 0xff));
            } catch {
              /* E2BIG: full */
            }
          }
        }
        const mem = as.map(keySize, RegionKind.Mem, 'key');
        const insns = lookupProgram(m.handle);
        const env = { resolveMap: mapResolver(as), cpu: 1, nrCpus: NCPUS };
        const interp = new Interpreter(insns, { as, helpers: mapFuzzHelpers(), owns: [m.handle] });
        const jit = compile(insns, { as, helpers: mapFuzzHelpers(), verified: true, countInstructions: false });
        for (const id of lookups) {
          as.u8.set(key(id), mem.base);
          const want = interp.run({ r1: mem.base, env }).r0;
          const before = viaImport;
          const got = jit.run({ r1: mem.base, env }).r0;
          assert.equal(got, want, `key ${id} (${keyWords} words, ${maxEntries} entries, percpu ${percpu}, lru ${lru})`);
          assert.equal(viaImport, before, 'the verified lookup left wasm');
          inWasm++;
          if (want !== 0xffffffffffffffffn) hits++;
        }
      }),
      { numRuns: 300 },
    );
  } finally {
    MapFastPath.prototype.lookup = orig;
  }
  // both outcomes were exercised
  assert.ok(hits > inWasm / 10 && hits < inWasm * 0.9, `${hits} hits of ${inWasm}`);
});

/** the keys (u32, 0..n-1) an LRU map still holds */
function present(m: HashMap, n: number): number[] {
  const out: number[] = [];
  for (let k = 0; k < n; k++) {
    try {
      m.lookup(Uint8Array.of(k, 0, 0, 0));
      out.push(k);
    } catch {
      /* ENOENT */
    }
  }
  return out;
}

test('LRU lookups in wasm set the ref bit as the JavaScript lookup does: the same elements survive the evictions that follow', () => {
  // two equal LRU maps; keys looked up by a program (the JIT's htab_lookup on one, the interpreter
  // and so maps/hashtab.ts lookupPtr on the other) get a second chance when new keys evict
  fc.assert(
    fc.property(fc.integer({ min: 2, max: 16 }), fc.boolean(), fc.array(fc.integer({ min: 0, max: 15 }), { maxLength: 12 }), fc.integer({ min: 1, max: 16 }), (maxEntries, percpu, looked, extra) => {
      const survivors: number[][] = [];
      for (const engine of ['interpreter', 'jit'] as const) {
        const as = new AddressSpace();
        const m = createMap(as, { mapType: percpu ? MapType.LRU_PERCPU_HASH : MapType.LRU_HASH, keySize: 4, valueSize: 8, maxEntries }, { ncpus: NCPUS }) as HashMap;
        assert.notEqual(m.mirror, 0);
        const val = new Uint8Array(m.userValueSize).fill(1);
        for (let k = 0; k < maxEntries; k++) m.update(Uint8Array.of(k, 0, 0, 0), val);
        const mem = as.map(4, RegionKind.Mem, 'key');
        const insns = lookupProgram(m.handle);
        const env = { resolveMap: mapResolver(as), cpu: 1, nrCpus: NCPUS };
        const vm = engine === 'jit'
          ? compile(insns, { as, helpers: mapFuzzHelpers(), verified: true, countInstructions: false })
          : new Interpreter(insns, { as, helpers: mapFuzzHelpers(), owns: [m.handle] });
        for (const k of looked) {
          as.u8.set(Uint8Array.of(k, 0, 0, 0), mem.base);
          vm.run({ r1: mem.base, env });
        }
        // new keys push the unreferenced ones out first
        for (let k = 0; k < extra; k++) m.update(Uint8Array.of(100 + k, 0, 0, 0), val);
        survivors.push(present(m, 16));
      }
      assert.deepEqual(survivors[1], survivors[0]);
    }),
    { numRuns: 200 },
  );
});

test('an LRU lookup of a hit stays in wasm on the verified JIT and references its element', () => {
  const as = new AddressSpace();
  const m = createMap(as, { mapType: MapType.LRU_HASH, keySize: 4, valueSize: 8, maxEntries: 2 }) as HashMap;
  m.update(Uint8Array.of(0, 0, 0, 0), new Uint8Array(8).fill(1));
  m.update(Uint8Array.of(1, 0, 0, 0), new Uint8Array(8).fill(2));
  const mem = as.map(4, RegionKind.Mem, 'key');
  as.u8.set(Uint8Array.of(0, 0, 0, 0), mem.base);
  let viaImport = 0;
  const orig = MapFastPath.prototype.lookup;
  MapFastPath.prototype.lookup = function (this: MapFastPath, ...a: Parameters<MapFastPath['lookup']>): number {
    viaImport++;
    return orig.apply(this, a);
  };
  try {
    const jit = compile(lookupProgram(m.handle), { as, helpers: mapFuzzHelpers(), verified: true, countInstructions: false });
    assert.equal(jit.run({ r1: mem.base, env: { resolveMap: mapResolver(as) } }).r0, 0x0101010101010101n);
  } finally {
    MapFastPath.prototype.lookup = orig;
  }
  assert.equal(viaImport, 0);
  // key 0 was referenced by the lookup: key 1 (older, not referenced) is evicted for key 2
  m.update(Uint8Array.of(2, 0, 0, 0), new Uint8Array(8).fill(3));
  assert.deepEqual(present(m, 3), [0, 2]);
});

test('maps without a bucket mirror (LRU or not: BPF_F_NO_PREALLOC, keys not a whole number of words) still look up through the import', () => {
  for (const attr of [
    { mapType: MapType.LRU_HASH, keySize: 6, valueSize: 8, maxEntries: 4 },
    { mapType: MapType.HASH, keySize: 4, valueSize: 8, maxEntries: 4, mapFlags: 1 /* BPF_F_NO_PREALLOC */ },
    { mapType: MapType.HASH, keySize: 6, valueSize: 8, maxEntries: 4 },
  ]) {
    const as = new AddressSpace();
    const m = createMap(as, attr) as HashMap;
    assert.equal(m.mirror, 0);
    const k = new Uint8Array(attr.keySize).fill(3);
    m.update(k, Uint8Array.of(9, 0, 0, 0, 0, 0, 0, 0));
    const mem = as.map(attr.keySize, RegionKind.Mem, 'key');
    as.u8.set(k, mem.base);
    const jit = compile(lookupProgram(m.handle), { as, helpers: mapFuzzHelpers(), verified: true, countInstructions: false });
    assert.equal(jit.run({ r1: mem.base, env: { resolveMap: mapResolver(as) } }).r0, 9n);
  }
});
