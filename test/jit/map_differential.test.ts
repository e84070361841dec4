/**
 * The JIT's map-helper fast paths (src/vm/jit/map_fastpath.ts) against the interpreter: random
 * programs calling bpf_map_lookup_elem / bpf_map_update_elem on arrays (inline in wasm), per-CPU
 * arrays, hash and LRU hash maps (the specialised import), with constant and variable keys in and
 * out of range, bad key pointers and map pointers the JIT cannot pin — r0, the memory, the
 * instruction count, every map's contents and every error must be the same on both engines.
 * Plus hand-written checks that the fast paths are really taken (the WAT, the generic helper
 * never called) and that a foreign helper registry or resolver turns them off.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { BpfError } from '../../src/isa/errors.js';
import { bytesToHex, type Instruction } from '../../src/isa/instruction.js';
import { validateInstructions } from '../../src/isa/validate.js';
import { AddressSpace, RegionKind } from '../../src/vm/address_space.js';
import { createEngine, type EngineName } from '../../src/vm/engine.js';
import { createMap } from '../../src/maps/create.js';
import { MapType, BPF_F_ZERO_SEED, type MapAttr } from '../../src/maps/constants.js';
import type { BpfMap } from '../../src/maps/map.js';
import { RingBuf } from '../../src/maps/ringbuf.js';
import { mapResolver } from '../../src/runtime/map_like.js';
import { resolveMapRefs } from '../../src/runtime/program.js';
import { HelperRegistry } from '../../src/helpers/api.js';
import { compile, jitToWat } from '../../src/vm/jit/index.js';
import { MapFastPath, mapSites } from '../../src/vm/jit/map_fastpath.js';
import { buildBlocks } from '../../src/vm/jit/cfg.js';
import * as b from '../../src/asm/builder.js';
import { R0, R1, R2, R3, R4, R6, R10, label, program } from '../../src/asm/builder.js';
import { N_FUZZ_MAPS, arbMapProgram, arbMem, mapFuzzHelpers } from './gen.js';

const NCPUS = 2;
/** the fuzz maps, by the index gen.ts's lddw carries */
const MAP_SPECS: Array<{ attr: MapAttr; fill: number[] }> = [
  { attr: { mapType: MapType.ARRAY, keySize: 4, valueSize: 12, maxEntries: 5 }, fill: [0, 1, 2, 3, 4] },
  { attr: { mapType: MapType.PERCPU_ARRAY, keySize: 4, valueSize: 8, maxEntries: 4 }, fill: [0, 1, 2, 3] },
  { attr: { mapType: MapType.HASH, keySize: 4, valueSize: 8, maxEntries: 8, mapFlags: BPF_F_ZERO_SEED }, fill: [0, 1, 2, 3] },
  { attr: { mapType: MapType.LRU_HASH, keySize: 6, valueSize: 16, maxEntries: 4, mapFlags: BPF_F_ZERO_SEED }, fill: [1, 5] },
  { attr: { mapType: MapType.ARRAY, keySize: 4, valueSize: 8, maxEntries: 1 }, fill: [0] },
];
assert.equal(MAP_SPECS.length, N_FUZZ_MAPS);

function fillBytes(n: number, seed: number): Uint8Array {
  return Uint8Array.from({ length: n }, (_, k) => (seed * 37 + k * 11 + 5) & 0xff);
}

function keyBytes(size: number, k: number): Uint8Array {
  const out = new Uint8Array(size);
  new DataView(out.buffer).setUint32(0, k, true);
  return out;
}

function makeMaps(as: AddressSpace): BpfMap[] {
  return MAP_SPECS.map(({ attr, fill }) => {
    // named: a region label would otherwise carry the global map id, which differs between runs
    const m = createMap(as, { ...attr, mapName: `m${attr.mapType}_${attr.maxEntries}` }, { ncpus: NCPUS, seed: 0 });
    for (const k of fill) m.update(keyBytes(attr.keySize, k), fillBytes(m.userValueSize, k));
    return m;
  });
}

/** every map's keys and values, in the map's own order (get_next_key) */
function dumpMaps(maps: BpfMap[]): string[] {
  return maps.map((m) => {
    const parts: string[] = [];
    let key: Uint8Array | null = null;
    for (let n = 0; n < 64; n++) {
      try {
        key = m.getNextKey(key);
      } catch (e) {
        if (e instanceof BpfError && e.errno === 'ENOENT') break;
        throw e;
      }
      parts.push(`${bytesToHex(key)}=${bytesToHex(m.lookup(key))}`);
    }
    return parts.join(' ');
  });
}

type Outcome = { ok: true; r0: string; mem: string; insns: number; maps: string[] } | { ok: false; errno: string; message: string; maps: string[] };

export function outcome(insns: Instruction[], mem: Uint8Array, engine: EngineName, budget: number, helpers = mapFuzzHelpers()): Outcome {
  const as = new AddressSpace();
  const maps = makeMaps(as);
  const prog = resolveMapRefs(insns, maps, 'fuzz program');
  const vm = createEngine(engine, prog, { as, helpers, budget, owns: maps.map((m) => m.handle) });
  const region = as.map(Math.max(1, mem.length), RegionKind.Mem, 'mem');
  as.u8.set(mem, region.base);
  const env = { resolveMap: mapResolver(as), cpu: 1, nrCpus: NCPUS };
  try {
    const r = vm.run({ r1: mem.length ? region.base : 0, r2: mem.length, env });
    return { ok: true, r0: r.r0.toString(16), mem: bytesToHex(as.u8.slice(region.base, region.base + mem.length)), insns: r.insns, maps: dumpMaps(maps) };
  } catch (e) {
    if (e instanceof BpfError) return { ok: false, errno: e.errno, message: e.message, maps: dumpMaps(maps) };
    throw e;
  }
}

const RUNS = Number(process.env.TSBPF_FUZZ_RUNS ?? 1000);

test(`map differential: ${RUNS} random programs with map lookups and updates agree between the interpreter and the JIT`, (t) => {
  const stats = { ok: 0, fault: 0, budget: 0, other: 0, sites: 0, programsWithSites: 0 };
  fc.assert(
    fc.property(arbMapProgram, arbMem, fc.constantFrom(50, 3000), (insns, mem, budget) => {
      validateInstructions(insns);
      const a = outcome(insns, mem, 'interpreter', budget);
      const j = outcome(insns, mem, 'jit', budget);
      assert.deepEqual(j, a);
      const n = mapSites(buildBlocks(insns))?.at.size ?? 0;
      stats.sites += n;
      if (n) stats.programsWithSites++;
      if (a.ok) stats.ok++;
      else if (a.errno === 'EFAULT') stats.fault++;
      else if (a.errno === 'ETIMEDOUT') stats.budget++;
      else stats.other++;
    }),
    { numRuns: RUNS },
  );
  t.diagnostic(JSON.stringify(stats));
  // the fast paths must actually be generated for most programs, and runs must both succeed and fail
  assert.ok(stats.programsWithSites > RUNS / 2, JSON.stringify(stats));
  assert.ok(stats.ok > RUNS / 10 && stats.fault > 0, JSON.stringify(stats));
});

// ------------------------------------------------------------------ hand-written checks

/** sum of the values of keys 0..n-1 (key & mask): one lookup per iteration */
function lookupLoop(mapIdx: number, n: number, mask: number): Instruction[] {
  return program(
    b.mov64(R6, 0), b.mov64(b.R7, 0),
    label('loop'),
    b.mov64(R1, R6), b.and64(R1, mask), b.stxdw(R10, -8, R1),
    b.raw({ code: 0x18, dst: 1, src: 1, off: 0, imm: mapIdx, imm2: 0 }), b.mov64(R2, R10), b.add64(R2, -8), b.call(1),
    b.jeq(R0, 0, 'skip'), b.ldxdw(R1, R0, 0), b.add64(b.R7, R1),
    label('skip'), b.add64(R6, 1), b.jlt(R6, n, 'loop'),
    b.mov64(R0, b.R7), b.exit(),
  );
}

function runWith(insns: Instruction[], engine: EngineName | 'jit-verified', helpers: HelperRegistry, envOf: (as: AddressSpace) => Record<string, unknown>): { r0: bigint; insns: number } {
  const as = new AddressSpace();
  const maps = makeMaps(as);
  const code = resolveMapRefs(insns, maps, 'test');
  const vm = engine === 'jit-verified'
    ? compile(code, { as, helpers, verified: true, countInstructions: false })
    : createEngine(engine, code, { as, helpers, owns: maps.map((m) => m.handle) });
  return vm.run({ env: envOf(as) });
}

/** count the calls of the specialised lookup import while f runs */
function importLookups(f: () => void): number {
  const orig = MapFastPath.prototype.lookup;
  let n = 0;
  MapFastPath.prototype.lookup = function (this: MapFastPath, j: number, lo: number, hi: number, pc: number): number {
    n++;
    return orig.call(this, j, lo, hi, pc);
  };
  try {
    f();
  } finally {
    MapFastPath.prototype.lookup = orig;
  }
  return n;
}

test('array lookups run inline: neither the generic helper nor the import is called, results match the interpreter', () => {
  let generic = 0;
  const std = mapFuzzHelpers();
  // the registry's helper 1 is the standard one (the fast path is on); helper 2 is a spy that
  // fails the test if the JIT ever reaches the registry for a lookup
  const counting = new HelperRegistry().register(1, 'bpf_map_lookup_elem', std.get(1)!.fn).register(2, 'spy', () => void generic++);
  const p = lookupLoop(0, 16, 7);
  const env = (as: AddressSpace) => ({ resolveMap: mapResolver(as), cpu: 1 });
  const i = runWith(p, 'interpreter', counting, env);
  const as = new AddressSpace();
  const maps = makeMaps(as);
  const jit = compile(resolveMapRefs(p, maps, 'test'), { as, helpers: counting, owns: maps.map((m) => m.handle) });
  const resolve = mapResolver(as);
  let resolved = 0;
  let r: { r0: bigint; insns: number } = { r0: 0n, insns: 0 };
  const viaImport = importLookups(() => void (r = jit.run({ env: { resolveMap: (x: number) => (resolved++, resolve(x)), cpu: 1 } })));
  assert.deepEqual(r, i);
  assert.equal(viaImport, 0, 'every array lookup ran inline');
  // verified code (no region check of the key, no counting): the same r0
  const v = compile(resolveMapRefs(p, maps, 'test'), { as, helpers: counting, verified: true, countInstructions: false });
  assert.equal(v.run({ env: { resolveMap: resolve, cpu: 1 } }).r0, i.r0);
  // the run resolved the map once (binding its slot), not once per lookup
  assert.equal(resolved, 1);
  assert.equal(generic, 0);
  // keys 0..7 twice, 5 entries: values of keys 0..4 (first 8 bytes of each 12-byte value)
  let want = 0n;
  for (let k = 0; k < 16; k++) if ((k & 7) < 5) want += new DataView(fillBytes(12, k & 7).buffer).getBigUint64(0, true);
  assert.equal(r.r0 & 0xffffffffffffffffn, want & 0xffffffffffffffffn);
  const wat = jitToWat(resolveMapRefs(p, maps, 'test'));
  assert.match(wat, /\(export "map0_kind"/);
  assert.match(wat, /i32\.mul/); // base + index * stride
  assert.match(wat, /call \$map_lookup/);
});

/** lookupLoop with the key in map 0's value for key 0 (not on the stack) */
function lookupLoopKeyInValue(mapIdx: number, n: number, mask: number): Instruction[] {
  return program(
    b.stw(R10, -4, 0), b.raw({ code: 0x18, dst: 1, src: 1, off: 0, imm: 0, imm2: 0 }), b.mov64(R2, R10), b.add64(R2, -4), b.call(1),
    b.jeq(R0, 0, 'out'), b.mov64(b.R8, R0),
    b.mov64(R6, 0), b.mov64(b.R7, 0),
    label('loop'),
    b.mov64(R1, R6), b.and64(R1, mask), b.stxw(b.R8, 0, R1), b.sth(b.R8, 4, 0),
    b.raw({ code: 0x18, dst: 1, src: 1, off: 0, imm: mapIdx, imm2: 0 }), b.mov64(R2, b.R8), b.call(1),
    b.jeq(R0, 0, 'skip'), b.ldxdw(R1, R0, 0), b.add64(b.R7, R1),
    label('skip'), b.add64(R6, 1), b.jlt(R6, n, 'loop'),
    label('out'), b.mov64(R0, b.R7), b.exit(),
  );
}

test('hash and per-CPU lookups: in wasm for a preallocated hash with the key on the stack (checked code too), else the specialised import, with the interpreter\'s pointers', () => {
  for (const idx of [1, 2, 3]) {
    for (const [where, p] of [['stack', lookupLoop(idx, 12, 7)], ['map value', lookupLoopKeyInValue(idx, 12, 7)]] as const) {
      const env = (as: AddressSpace) => ({ resolveMap: mapResolver(as), cpu: 1, nrCpus: NCPUS });
      const i = runWith(p, 'interpreter', mapFuzzHelpers(), env);
      let j: { r0: bigint; insns: number } = { r0: 0n, insns: 0 };
      const n = importLookups(() => void (j = runWith(p, 'jit', mapFuzzHelpers(), env)));
      assert.deepEqual(j, i, `map ${idx}, key in a ${where}`);
      assert.notEqual(i.r0, 0n, `map ${idx}, key in a ${where}: some keys are present`);
      // the per-CPU array runs inline; the hash map too when its key is on the stack (the only
      // memory checked code reads a hash key from in wasm); the LRU map through the import
      const inWasm = idx === 1 || (idx === 2 && where === 'stack');
      assert.equal(n, inWasm ? 0 : 12, `map ${idx}, key in a ${where}`);
    }
  }
});

test('fast paths stay off for a foreign bpf_map_lookup_elem, without a resolver, and for a map pointer that is not one constant', () => {
  const p = lookupLoop(0, 8, 7);
  let calls = 0;
  const spy = new HelperRegistry().register(1, 'spy', (h) => {
    calls++;
    h.ret(0);
  });
  const env = (as: AddressSpace) => ({ resolveMap: mapResolver(as) });
  assert.deepEqual(runWith(p, 'jit', spy, env), runWith(p, 'interpreter', spy, env));
  assert.equal(calls, 16); // 8 per engine: the JIT called the registry's helper each time
  // no resolver: the generic helper fails the way the interpreter does
  const err = (e: EngineName): unknown => {
    try {
      return runWith(p, e, mapFuzzHelpers(), () => ({}));
    } catch (x) {
      return x instanceof BpfError ? x.message : x;
    }
  };
  assert.match(String(err('interpreter')), /is not a map/);
  assert.equal(err('jit'), err('interpreter'));
  // r1 is one of two maps: no site
  const two = program(b.raw({ code: 0x18, dst: 1, src: 1, off: 0, imm: 0, imm2: 0 }), b.jeq(R4, 0, 'go'), b.raw({ code: 0x18, dst: 1, src: 1, off: 0, imm: 2, imm2: 0 }), label('go'), b.mov64(R2, R10), b.add64(R2, -4), b.stw(R10, -4, 0), b.call(1), b.exit());
  assert.equal(mapSites(buildBlocks(two)), null);
  // r1 copied from r6 across a branch that does not touch it: one site
  const copy = program(b.raw({ code: 0x18, dst: 6, src: 1, off: 0, imm: 0, imm2: 0 }), b.jeq(R4, 0, 'go'), b.mov64(R3, 1), label('go'), b.mov64(R1, R6), b.mov64(R2, R10), b.add64(R2, -4), b.stw(R10, -4, 0), b.call(1), b.exit());
  assert.equal(mapSites(buildBlocks(copy))?.at.size, 1);
});

test('bpf_map_update_elem through the specialised import: flags, errors and values as the interpreter', () => {
  for (const [idx, flags] of [[0, 0], [0, 1], [0, 2], [0, 4], [2, 0], [2, 1], [2, 2], [3, 0], [1, 0], [4, 0]] as const) {
    for (const key of [0, 3, 4, 9]) {
      const p = program(
        b.stdw(R10, -8, key), b.stdw(R10, -24, 0x1234), b.stdw(R10, -16, -7),
        b.raw({ code: 0x18, dst: 1, src: 1, off: 0, imm: idx, imm2: 0 }), b.mov64(R2, R10), b.add64(R2, -8),
        b.mov64(R3, R10), b.add64(R3, -24), b.mov64(R4, flags), b.call(2),
        b.mov64(R6, R0),
        b.raw({ code: 0x18, dst: 1, src: 1, off: 0, imm: idx, imm2: 0 }), b.mov64(R2, R10), b.add64(R2, -8), b.call(1),
        b.jeq(R0, 0, 'out'), b.ldxdw(R3, R0, 0), b.add64(R6, R3), label('out'), b.mov64(R0, R6), b.exit(),
      );
      const env = (as: AddressSpace) => ({ resolveMap: mapResolver(as), cpu: 1, nrCpus: NCPUS });
      const i = runWith(p, 'interpreter', mapFuzzHelpers(), env);
      // checked and verified code update arrays inline in wasm (BPF_ANY / BPF_EXIST, index in
      // range; checked code with key and value on the stack, as here): the update's return and the
      // value read back are the interpreter's, and the import is skipped
      for (const e of ['jit', 'jit-verified'] as const) {
        let imports = 0;
        const orig = MapFastPath.prototype.update;
        MapFastPath.prototype.update = function (this: MapFastPath, ...a: Parameters<MapFastPath['update']>): number {
          imports++;
          return orig.apply(this, a);
        };
        let v;
        try {
          v = runWith(p, e, mapFuzzHelpers(), env);
        } finally {
          MapFastPath.prototype.update = orig;
        }
        if (e === 'jit') assert.deepEqual(v, i, `map ${idx} flags ${flags} key ${key}`);
        else assert.equal(v.r0, i.r0, `verified: map ${idx} flags ${flags} key ${key}`);
        if ((idx === 0 || idx === 1) && (flags === 0 || flags === 2) && key < (idx === 0 ? 5 : 4)) assert.equal(imports, 0, `${e}: inline update: map ${idx} flags ${flags} key ${key}`);
      }
    }
  }
});

test('a tail call from a subprogram returns into the caller, which still owns its maps (both engines)', () => {
  // main: call sub; key 1 on the stack; lookup in map 0 (an array); r0 = its first word. sub:
  // helper 12 tail-calls TAIL_TARGET (no maps of its own), whose exit returns to main — the kernel
  // continues main after the call, with main's maps (a fuzz counterexample: the interpreter had
  // kept the target's ownership, the JIT's inline lookup had not)
  const p = program(
    b.callLocal('sub'),
    b.stdw(R10, -8, 1),
    b.raw({ code: 0x18, dst: 1, src: 1, off: 0, imm: 0, imm2: 0 }), b.mov64(R2, R10), b.add64(R2, -8), b.call(1),
    b.jeq(R0, 0, 'out'), b.ldxdw(R0, R0, 0), label('out'), b.exit(),
    label('sub'), b.call(12), b.exit(),
  );
  const env = (as: AddressSpace) => ({ resolveMap: mapResolver(as), cpu: 1, nrCpus: NCPUS });
  const [i, j] = (['interpreter', 'jit'] as const).map((e) => runWith(p, e, mapFuzzHelpers(), env));
  // map 0's value of key 1 (fillBytes(12, 1)), read as a u64
  assert.equal(i!.r0, new DataView(fillBytes(12, 1).buffer).getBigUint64(0, true));
  assert.deepEqual(j, i);
});

test('a bad key pointer faults with the helper\'s error on both engines (checked JIT)', () => {
  const p = program(b.raw({ code: 0x18, dst: 1, src: 1, off: 0, imm: 0, imm2: 0 }), b.mov64(R2, 0x10), b.call(1), b.exit());
  const msg = (e: EngineName): unknown => {
    try {
      return runWith(p, e, mapFuzzHelpers(), (as) => ({ resolveMap: mapResolver(as) }));
    } catch (x) {
      return x instanceof BpfError ? `${x.errno}: ${x.message}` : x;
    }
  };
  assert.match(String(msg('interpreter')), /EFAULT/);
  assert.equal(msg('jit'), msg('interpreter'));
  void R3;
});

test('clang-compiled map loops (bench/jit_maps/map_loop.bpf.o): the same sums (and ring records) on both engines, array lookups inline, verified code too', async () => {
  const { readFileSync } = await import('node:fs');
  const { loadObjectSpec } = await import('../../src/elf/loader.js');
  const { defaultHelpers } = await import('../../src/helpers/impl/index.js');
  const { ringbufResolver } = await import('../../src/runtime/map_like.js');
  const spec = loadObjectSpec(new Uint8Array(readFileSync(new URL('../../../bench/jit_maps/map_loop.bpf.o', import.meta.url))));
  const expectImport: Record<string, number> = { lookup_array: 0, lookup_percpu: 0, lookup_hash: 0, lookup_lru: 0, lookup_pcpu_hash: 0, update_array: 0, update_delete_hash: 0, ringbuf_output: 0, ringbuf_reserve: 0 };
  // the fuzz helpers, the kernel's bpf_map_delete_elem (3) and ring-buffer helpers (130..133)
  const helpers = (): HelperRegistry => {
    const r = mapFuzzHelpers();
    const std = defaultHelpers();
    for (const id of [3, 130, 131, 132, 133]) r.register(id, std.get(id)!.name, std.get(id)!.fn);
    return r;
  };
  for (const p of spec.programs) {
    const results: Array<{ r0: bigint; insns: number; records: string }> = [];
    let imports = -1;
    for (const engine of ['interpreter', 'jit', 'jit-verified'] as const) {
      const as = new AddressSpace();
      const maps = spec.maps.map((m) => createMap(as, { mapType: m.type, keySize: m.keySize, valueSize: m.valueSize, maxEntries: m.maxEntries }, { ncpus: NCPUS }));
      for (const m of maps) for (let k = 0; k < 64 && m.type !== MapType.RINGBUF; k += 2) m.update(keyBytes(4, k), fillBytes(m.userValueSize, k));
      const insns = resolveMapRefs(p.insns, maps, p.name);
      const env = { resolveMap: mapResolver(as), ringbufOf: ringbufResolver(as), cpu: 1, nrCpus: NCPUS };
      const vm = engine === 'jit-verified'
        ? compile(insns, { as, helpers: helpers(), verified: true, countInstructions: false })
        : createEngine(engine, insns, { as, helpers: helpers(), owns: maps.map((m) => m.handle) });
      let r: { r0: bigint; insns: number } = { r0: 0n, insns: 0 };
      // bpf_map_delete_elem through the specialised import (map_fastpath.ts KIND_DELETE), counted
      const origDelete = MapFastPath.prototype.delete;
      let deletes = 0;
      MapFastPath.prototype.delete = function (this: MapFastPath, ...a: Parameters<MapFastPath['delete']>): number {
        deletes++;
        return origDelete.apply(this, a);
      };
      let n: number;
      try {
        n = importLookups(() => void (r = vm.run({ env })));
      } finally {
        MapFastPath.prototype.delete = origDelete;
      }
      if (engine !== 'interpreter') assert.equal(deletes, p.name === 'update_delete_hash' ? 64 : 0, `${p.name} on ${engine}: deletes through the import`);
      if (engine === 'jit') imports = n;
      const records: string[] = [];
      for (const m of maps) if (m instanceof RingBuf) m.consume((x) => records.push(bytesToHex(x)));
      results.push({ r0: r.r0, insns: engine === 'jit-verified' ? results[0]!.insns : r.insns, records: records.join(',') });
    }
    assert.notEqual(results[0]!.r0, 0n, p.name);
    assert.deepEqual(results[1], results[0], p.name);
    assert.deepEqual(results[2], results[0], p.name);
    assert.equal(imports, expectImport[p.name], `${p.name}: lookups through the import`);
    if (p.name.startsWith('ringbuf')) assert.equal(results[0]!.records.split(',').length, 64, p.name);
  }
});
