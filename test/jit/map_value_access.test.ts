/**
 * Checked (unverified) JIT code reads and writes through a map lookup's result without the region
 * table when the range analysis knows the access lies in the first `need` bytes of the value and
 * the slot's value size global is at least that (vm/jit/ranges.ts mapValueAccesses,
 * codegen_mem.ts). Every other access keeps its region check. The interpreter is the reference:
 * same r0, same errno, same map bytes afterwards, on random map kinds (arrays, per-CPU arrays,
 * hash maps with and without a bucket mirror, LRU), value sizes, keys in and out of range,
 * offsets inside, past and before the value, pointer arithmetic and a helper call in between.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AddressSpace } from '../../src/vm/address_space.js';
import { Interpreter } from '../../src/vm/interpreter.js';
import { createMap } from '../../src/maps/create.js';
import { MapType } from '../../src/maps/constants.js';
import { mapResolver } from '../../src/runtime/map_like.js';
import { compile } from '../../src/vm/jit/index.js';
import { buildBlocks } from '../../src/vm/jit/cfg.js';
import { mapValueAccesses } from '../../src/vm/jit/ranges.js';
import type { Instruction } from '../../src/isa/instruction.js';
import { BpfError } from '../../src/isa/errors.js';
import { mapFuzzHelpers } from './gen.js';

const NCPUS = 2;
const ins = (code: number, dst: number, src: number, off: number, imm: number): Instruction => ({ code, dst, src, off, imm, imm2: 0 });
const LDX = [0x61, 0x69, 0x71, 0x79]; // w h b dw
const ST = [0x62, 0x6a, 0x72, 0x7a];

const KINDS = [
  { mapType: MapType.ARRAY },
  { mapType: MapType.PERCPU_ARRAY },
  { mapType: MapType.HASH },
  { mapType: MapType.PERCPU_HASH },
  { mapType: MapType.LRU_HASH },
  { mapType: MapType.HASH, mapFlags: 1 /* BPF_F_NO_PREALLOC */ },
];

const arbCase = fc.record({
  kind: fc.integer({ min: 0, max: KINDS.length - 1 }),
  valueSize: fc.constantFrom(1, 4, 8, 12, 16, 64),
  maxEntries: fc.constantFrom(1, 4, 16),
  key: fc.integer({ min: 0, max: 20 }),
  add: fc.oneof(fc.constant(0), fc.integer({ min: -16, max: 72 })),
  off: fc.oneof(fc.constant(0), fc.integer({ min: -16, max: 72 })),
  sizeCode: fc.integer({ min: 0, max: 3 }),
  store: fc.boolean(),
  helperBetween: fc.boolean(),
  keyVia: fc.constantFrom('r10', 'r6'),
});

/** r0 = lookup(map, &key) ? (access through r0 + add + off) : -1 */
interface Case {
  key: number;
  add: number;
  off: number;
  sizeCode: number;
  store: boolean;
  helperBetween: boolean;
  keyVia: string;
}

function program(handle: number, c: Case): Instruction[] {
  const p: Instruction[] = [ins(0x62, 10, 0, -4, c.key)];
  if (c.keyVia === 'r10') p.push(ins(0xbf, 2, 10, 0, 0), ins(0x07, 2, 0, 0, -4));
  else p.push(ins(0xbf, 6, 10, 0, 0), ins(0x07, 6, 0, 0, -4), ins(0xbf, 2, 6, 0, 0));
  p.push(ins(0x18, 1, 0, 0, handle), ins(0x85, 0, 0, 0, 1));
  const tail: Instruction[] = [];
  if (c.add) tail.push(ins(0x07, 0, 0, 0, c.add));
  if (c.helperBetween) tail.push(ins(0xbf, 6, 0, 0, 0), ins(0x85, 0, 0, 0, 5 /* ktime_get_ns */), ins(0xbf, 0, 6, 0, 0));
  if (c.store) tail.push(ins(ST[c.sizeCode]!, 0, 0, c.off, 0x5a), ins(0xb7, 0, 0, 0, 1));
  else tail.push(ins(LDX[c.sizeCode]!, 0, 0, c.off, 0));
  tail.push(ins(0x95, 0, 0, 0, 0));
  // if r0 == 0 goto null
  p.push(ins(0x15, 0, 0, tail.length, 0), ...tail, ins(0xb7, 0, 0, 0, -1), ins(0x95, 0, 0, 0, 0));
  return p;
}

function outcome(run: () => bigint): string {
  try {
    return `r0 ${run()}`;
  } catch (e) {
    if (e instanceof BpfError) return `errno ${e.errno}`;
    throw e;
  }
}

test('checked JIT accesses through a map lookup result: the interpreter\'s r0, errno and map bytes, fast path or not', () => {
  let proven = 0, total = 0, faults = 0;
  fc.assert(
    fc.property(arbCase, (c) => {
      const attr = { ...KINDS[c.kind]!, keySize: 4, valueSize: c.valueSize, maxEntries: c.maxEntries };
      const mk = (): { as: AddressSpace; handle: number; dump: () => string } => {
        const as = new AddressSpace();
        const m = createMap(as, attr, { ncpus: NCPUS });
        for (let k = 0; k < c.maxEntries; k += 2 - (c.kind < 2 ? 1 : 0)) {
          m.update(Uint8Array.of(k, 0, 0, 0), Uint8Array.from({ length: m.userValueSize }, (_, i) => (k * 13 + i) & 0xff), 0);
        }
        const dump = (): string => {
          const out: string[] = [];
          for (let k = 0; k < c.maxEntries; k++) {
            try {
              out.push(Buffer.from(m.lookup(Uint8Array.of(k, 0, 0, 0)) ?? []).toString('hex'));
            } catch {
              out.push('-');
            }
          }
          return out.join(',');
        };
        return { as, handle: m.handle, dump };
      };
      const a = mk(), b = mk();
      const insns = program(a.handle, c);
      assert.equal(program(b.handle, c).length, insns.length);
      const env = (as: AddressSpace) => ({ resolveMap: mapResolver(as), cpu: 1, nrCpus: NCPUS });
      const interp = new Interpreter(insns, { as: a.as, helpers: mapFuzzHelpers(), budget: 1000, owns: [a.handle] });
      const insnsB = program(b.handle, c);
      const jit = compile(insnsB, { as: b.as, helpers: mapFuzzHelpers(), budget: 1000, owns: [b.handle] });
      const want = outcome(() => interp.run({ env: env(a.as) }).r0);
      const got = outcome(() => jit.run({ env: env(b.as) }).r0);
      assert.equal(got, want, JSON.stringify(c));
      assert.equal(b.dump(), a.dump(), `map bytes after: ${JSON.stringify(c)}`);
      const mv = mapValueAccesses(buildBlocks(insnsB), true);
      total++;
      if (mv.some((x) => x !== 0)) proven++;
      if (want.startsWith('errno')) faults++;
    }),
    { numRuns: 600 },
  );
  // the fast path and the faults were both exercised, not only the region checks
  assert.ok(proven > total / 5, `${proven} of ${total} programs had a proven value access`);
  assert.ok(faults > 0 && faults < total, `${faults} of ${total} faulted`);
});

test('an access the range analysis cannot bound, or one after a helper call, keeps its region check', () => {
  const handle = 0x10000; // any constant: only the analysis runs here
  const facts = (c: Case): boolean => mapValueAccesses(buildBlocks(program(handle, c)), true).some((x) => x !== 0);
  const base = { key: 0, add: 0, off: 0, sizeCode: 3, store: false, helperBetween: false, keyVia: 'r10' };
  assert.equal(facts(base), true, 'a load at r0 + 0 after the NULL test');
  assert.equal(facts({ ...base, add: 8, off: 4 }), true, 'r0 + 8, then off 4');
  assert.equal(facts({ ...base, off: -8 }), false, 'before the value');
  assert.equal(facts({ ...base, add: -16, off: 8 }), false, 'r0 - 16 + 8 is before the value');
  assert.equal(facts({ ...base, helperBetween: true }), false, 'r6 = r0 across a helper call');
  // before the NULL test: the pointer may be NULL
  const early = program(handle, base);
  const at = early.findIndex((i) => i.code === 0x15);
  const noTest = [...early.slice(0, at), ...early.slice(at + 1)];
  assert.equal(mapValueAccesses(buildBlocks(noTest), true).some((x) => x !== 0), false, 'no NULL test');
});
