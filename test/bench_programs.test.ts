/**
 * The benchmark programs (bench/progs): the committed .bin is the `xdp` section of the committed
 * clang object, every program gives the same return value on tsbpf's interpreter and in the
 * kernel, the sieve counts primes right, and the bench driver's table and registry work.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readElf } from '../src/elf/reader.js';
import { bytesToHex, encodeInstructions } from '../src/isa/instruction.js';
import { runXdp } from '../src/vm/run.js';
import { kernelAvailable } from '../src/hooks/kernel/index.js';
import { benchPacket, geomean, loadPrograms, runCompute } from '../bench/run.js';
import { registerBench, registerEngine, registeredBenches } from '../bench/registry.js';
import { tsbpfBenchEngine } from '../bench/engines.js';
import { kernelRunXdp } from './gen/differential.js';

const PROGS = new URL('../../bench/progs/', import.meta.url);
const kernel = kernelAvailable();
const noKernel = kernel.ok ? false : `bpf() unavailable: ${kernel.reason}`;
const progs = loadPrograms();

test('the benchmark set: at least the five programs of the issue, each .bin the xdp section of its object', () => {
  const names = progs.map((p) => p.name);
  for (const n of ['prime', 'memcpy', 'log2', 'switch', 'strcmp']) assert.ok(names.includes(n), n);
  assert.ok(names.length >= 8);
  for (const p of progs) {
    const elf = readElf(new Uint8Array(readFileSync(new URL(`${p.name}.bpf.o`, PROGS))));
    const sec = elf.section('xdp');
    assert.ok(sec, `${p.name}.bpf.o has an xdp section`);
    assert.equal(bytesToHex(encodeInstructions(p.insns)), bytesToHex(sec.data), `${p.name}.bin is stale: npm run build:bench`);
    assert.equal(elf.relocationsFor(sec.index).length, 0, `${p.name}: no relocations`);
    assert.ok(p.description.length > 10);
  }
});

test('the BPF v2 builds (bench/progs/v2, for DPDK): each .bin the xdp section of its object, no BPF_JMP32, the same result as the v3 build', () => {
  const v2 = loadPrograms(undefined, 'v2');
  assert.deepEqual(v2.map((p) => p.name), ['log2', 'memcpy', 'prime', 'strcmp', 'switch']);
  for (const p of v2) {
    const elf = readElf(new Uint8Array(readFileSync(new URL(`v2/${p.name}.bpf.o`, PROGS))));
    assert.equal(bytesToHex(encodeInstructions(p.insns)), bytesToHex(elf.section('xdp')!.data), `v2/${p.name}.bin is stale: npm run build:bench`);
    assert.ok(p.insns.every((i) => (i.code & 7) !== 0x06), `v2/${p.name} has no BPF_JMP32`);
    const v3 = progs.find((q) => q.name === p.name)!;
    assert.equal(runXdp(p.insns, p.data, { budget: 1e9 }).retval, runXdp(v3.insns, v3.data, { budget: 1e9 }).retval, p.name);
  }
});

test('prime counts the primes below 1536 (plus the seed nibble)', () => {
  const prime = progs.find((p) => p.name === 'prime')!;
  const sieve = new Uint8Array(1536);
  let count = 0;
  for (let i = 2; i < 1536; i++) {
    if (sieve[i]) continue;
    count++;
    for (let j = i * i; j < 1536; j += i) sieve[j] = 1;
  }
  const r = runXdp(prime.insns, benchPacket());
  assert.equal(r.retval, count + (benchPacket()[0]! & 0xf));
});

test('every benchmark returns the same value on the interpreter and in the kernel', { skip: noKernel }, () => {
  for (const p of progs) {
    const t = runXdp(p.insns, p.data, { budget: 1e9 });
    const k = kernelRunXdp(p.insns, p.data);
    assert.ok(k.ok, `${p.name}: ${!k.ok && k.error}`);
    assert.equal(t.retval, k.retval, p.name);
    assert.ok(t.insns > 20000, `${p.name} runs ${t.insns} instructions`);
  }
});

test('the compute table: ns per run, instructions, ratios and a geometric mean', () => {
  const r = runCompute({ only: ['prime', 'strcmp'], engines: ['interpreter', 'kernel'], minTimeMs: 20 });
  assert.equal(r.results.prime!.interpreter!.retval, runXdp(progs.find((p) => p.name === 'prime')!.insns, benchPacket()).retval);
  assert.ok(r.results.prime!.interpreter!.nsPerRun > 0);
  assert.ok(r.results.prime!.interpreter!.insnsPerRun! > 20000);
  const names = r.table.rows.map((row) => row[0]);
  assert.deepEqual(names.slice(0, 2), ['prime', 'strcmp']);
  if (kernel.ok) {
    assert.ok(r.results.prime!.kernel!.nsPerRun > 0);
    assert.ok(r.geomeanVsKernel.interpreter! > 1, 'the interpreter is slower than the kernel JIT');
    assert.equal(names[2], 'geometric mean');
    for (const row of r.table.rows.slice(0, 2)) assert.equal(row[row.length - 1], 'agree');
  } else {
    assert.match(r.unavailable.kernel!, /./);
  }
  assert.ok(Math.abs(geomean([2, 8]) - 4) < 1e-9);
});

test('registerEngine and registerBench extend the benchmark; names are unique', async () => {
  registerEngine({ ...tsbpfBenchEngine('interpreter'), name: 'interpreter-again' });
  assert.throws(() => registerEngine({ ...tsbpfBenchEngine('interpreter'), name: 'interpreter-again' }), /twice/);
  const r = runCompute({ only: ['popcount'], engines: ['interpreter-again'], minTimeMs: 10 });
  assert.ok(r.results.popcount!['interpreter-again']!.nsPerRun > 0);
  registerBench({ name: 'example', run: () => ({ title: 'example', columns: ['a'], rows: [[1]] }) });
  assert.throws(() => registerBench({ name: 'example', run: () => ({ title: '', columns: [], rows: [] }) }), /twice/);
  const b = registeredBenches().find((x) => x.name === 'example')!;
  assert.deepEqual((await b.run({ quick: true })).rows, [[1]]);
});
