import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { loadObjectSpec } from '../../src/elf/loader.js';
import { applyObjectCore } from '../../src/elf/core.js';
import { btfFromBytes } from '../../src/btf/load.js';
import { dumpRaw } from '../../src/btf/dump_raw.js';
import { dumpC } from '../../src/btf/dump_c.js';
import { BpfError } from '../../src/isa/errors.js';
import { corpusAvailable, readCorpus } from './corpus.js';

const skip = corpusAvailable() ? false : 'shared corpus ../shared/corpora/cilium-elf not present';

const SEEDS = [
  'testdata_loader-clang-17-el.elf', 'testdata_loader-clang-14-eb.elf', 'btf_testdata_relocs-el.elf', 'btf_testdata_relocs_read-eb.elf',
  'testdata_btf_map_init-el.elf', 'testdata_subprog_reloc-eb.elf', 'examples_xdp_bpf_bpfel.o', 'testdata_loader_nobtf-el.elf',
  'testdata_kfunc-el.elf', 'btf_testdata_tags-el.elf', 'testdata_iproute2_map_compat-eb.elf', 'testdata_arena-el.elf',
];

/** everything a user can do with an object: load it, dump its BTF both ways, relocate it against itself */
export function exercise(bytes: Uint8Array): void {
  try {
    const spec = loadObjectSpec(bytes, { file: 'fuzz.o', allowUnsupported: true });
    if (spec.btf) {
      dumpRaw(spec.btf);
      dumpC(spec.btf);
      applyObjectCore(spec, spec.btf);
    }
  } catch (e) {
    if (!(e instanceof BpfError)) throw e;
  }
  try {
    const btf = btfFromBytes(bytes);
    dumpRaw(btf);
    dumpC(btf);
  } catch (e) {
    if (!(e instanceof BpfError)) throw e;
  }
}

function mutate(base: Uint8Array, flips: { at: number; value: number }[], cut: number | null): Uint8Array {
  const b = base.slice(0, cut === null ? base.length : Math.min(base.length, cut));
  for (const f of flips) if (b.length) b[f.at % b.length] = f.value;
  return b;
}

test('fuzz: byte flips and truncations of corpus objects only ever raise BpfError', { skip, timeout: 60_000 }, () => {
  const seeds = SEEDS.map((f) => readCorpus(f));
  let runs = 0;
  fc.assert(
    fc.property(
      fc.nat(seeds.length - 1),
      fc.array(fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 8 }),
      fc.option(fc.nat(), { nil: null }),
      (which, flips, cut) => {
        const input = mutate(seeds[which]!, flips, cut === null ? null : cut % (seeds[which]!.length + 1));
        const t0 = performance.now();
        exercise(input);
        runs++;
        // no input may take long (a hang would show up here long before the test timeout)
        assert.ok(performance.now() - t0 < 5000);
      },
    ),
    { numRuns: 400, seed: 0x7b9f },
  );
  assert.equal(runs, 400);
});

test('fuzz: flips aimed at the section headers, .BTF and .BTF.ext', { skip, timeout: 60_000 }, () => {
  const base = readCorpus('testdata_loader-clang-17-el.elf');
  const dv = new DataView(base.buffer, base.byteOffset, base.byteLength);
  const shoff = Number(dv.getBigUint64(40, true));
  // offsets of interesting regions: the section header table and the .BTF/.BTF.ext contents
  const regions: [number, number][] = [[shoff, base.length - shoff], [0, 64]];
  for (let i = 0; i < dv.getUint16(60, true); i++) {
    const h = shoff + i * 64;
    const off = Number(dv.getBigUint64(h + 24, true));
    const size = Number(dv.getBigUint64(h + 32, true));
    if (size > 0 && off + size <= base.length) regions.push([off, size]);
  }
  fc.assert(
    fc.property(fc.nat(regions.length - 1), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }), (r, flips) => {
      const b = base.slice();
      const [start, len] = regions[r]!;
      for (const [at, v] of flips) b[start + (at % len)] = v;
      exercise(b);
    }),
    { numRuns: 600, seed: 42 },
  );
});

test('fuzz regressions: a .bss whose header claims 100 TB is E2BIG, not a RangeError', { skip }, () => {
  const b = readCorpus('btf_testdata_relocs_read_tgt-el.elf').slice();
  const dv = new DataView(b.buffer);
  const shoff = Number(dv.getBigUint64(40, true));
  const n = dv.getUint16(60, true);
  let patched = false;
  for (let i = 0; i < n; i++) {
    const h = shoff + i * 64;
    if (dv.getUint32(h + 4, true) === 8 /* SHT_NOBITS */) {
      dv.setBigUint64(h + 32, 0x6666_0000_0000n, true);
      patched = true;
    }
  }
  assert.ok(patched);
  assert.throws(() => loadObjectSpec(b), (e: unknown) => e instanceof BpfError && e.errno === 'E2BIG' && /\.bss/.test(e.message));
  exercise(b);
});

test('fuzz: extreme values (0, -1, 2^31, 2^32…) written into header and .BTF fields stay fast BpfErrors', { skip, timeout: 60_000 }, () => {
  const base = readCorpus('testdata_iproute2_map_compat-eb.elf');
  const other = readCorpus('testdata_loader-clang-17-el.elf');
  const seeds = [base, other];
  const extremes = [0n, 1n, 0x7fn, 0x80n, 0xffn, 0x7fffn, 0xffffn, 0x7fffffffn, 0x80000000n, 0xffffffffn, 0x100000000n, 0xffffffffffffffffn, 0x6666_0000_0000n];
  fc.assert(
    fc.property(
      fc.nat(1), fc.array(fc.tuple(fc.nat(), fc.constantFrom(1, 2, 4, 8), fc.constantFrom(...extremes), fc.boolean()), { minLength: 1, maxLength: 3 }),
      (which, edits) => {
        const b = seeds[which]!.slice();
        const dv = new DataView(b.buffer);
        for (const [at, w, v, le] of edits) {
          const o = Math.floor((at % b.length) / w) * w;
          if (o + w > b.length) continue;
          if (w === 1) dv.setUint8(o, Number(v & 0xffn));
          else if (w === 2) dv.setUint16(o, Number(v & 0xffffn), le);
          else if (w === 4) dv.setUint32(o, Number(v & 0xffffffffn), le);
          else dv.setBigUint64(o, v, le);
        }
        const t0 = performance.now();
        exercise(b);
        assert.ok(performance.now() - t0 < 5000);
      },
    ),
    { numRuns: 500, seed: 2310 },
  );
});
