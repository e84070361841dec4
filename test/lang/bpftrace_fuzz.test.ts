/**
 * Random one-liners (bench/trace_fuzz_gen.ts) run by `tsbpf trace -f json` and `bpftrace -f json`
 * under `-c WORKLOAD`: a bounded run with a fixed seed (the long run: node dist/bench/trace_fuzz.js
 * --seed N --count N). Every program must agree, or be refused by both with the same message; a
 * program only bpftrace 0.17 cannot run is counted apart (its own limits, reported here).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kernelAvailable } from '../../src/hooks/kernel/bpf.js';
import { tracefsAvailable } from '../../src/kernel/tracefs.js';
import { genProgram, runCase, buildWorkload, type CaseResult } from '../../bench/trace_fuzz_gen.js';

const kern = kernelAvailable();
const tf = tracefsAvailable();
const haveBpftrace = spawnSync('bpftrace', ['--version'], { encoding: 'utf8' }).status === 0;
const haveCc = spawnSync('cc', ['--version'], { encoding: 'utf8' }).status === 0;
const skip = !kern.ok ? `bpf() unavailable: ${kern.reason}` : !tf.ok ? tf.reason : !haveBpftrace ? 'bpftrace is not installed (apt-get install bpftrace)'
  : !haveCc ? 'no C compiler (cc) for the workload' : process.getuid?.() !== 0 ? 'needs root' : false;
const tsbpf = new URL('../../../bin/tsbpf.js', import.meta.url).pathname;

/** the programs CI runs: seed 7, the first COUNT */
const SEED = 7;
const COUNT = 10;

test('programs with every operator, cast, aggregation and printf conversion generated at random print what bpftrace prints', { skip }, (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tlang-fuzz-'));
  try {
    const bin = buildWorkload(dir, spawnSync, writeFileSync);
    assert.equal(typeof bin, 'string', JSON.stringify(bin));
    const results: CaseResult[] = [];
    for (let i = 0; i < COUNT; i++) results.push(runCase(genProgram(SEED * 100003 + i, bin as string), bin as string, tsbpf, spawnSync));
    const bad = results.filter((r) => r.verdict === 'disagree' || r.verdict === 'tsbpf fails' || r.verdict === 'both fail');
    const apart = results.filter((r) => r.verdict === 'bpftrace fails');
    t.diagnostic(`${results.filter((r) => r.verdict === 'agree').length} agree, ${results.filter((r) => r.verdict === 'both refuse alike').length} refused alike, ${apart.length} only bpftrace 0.17 fails`);
    for (const r of apart) t.diagnostic(`bpftrace 0.17 fails: ${r.detail}`);
    assert.deepEqual(bad.map((r) => `${r.verdict}: ${r.prog}\n${r.detail}`), []);
    assert.ok(results.filter((r) => r.verdict === 'agree').length >= COUNT / 2, 'most programs run in both');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
