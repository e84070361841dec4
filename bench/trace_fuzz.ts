/**
 * The long run of the random one-liner comparison (bench/trace_fuzz_gen.ts): `node
 * dist/bench/trace_fuzz.js [--seed N] [--count N] [-v]` generates COUNT programs from SEED, runs
 * each under `-c WORKLOAD` with `tsbpf trace -f json` and `bpftrace -f json`, and prints the
 * counts per verdict and every program that did not agree. Needs root, bpf(), bpftrace and cc.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { genProgram, runCase, buildWorkload, type Verdict } from './trace_fuzz_gen.js';

const TSBPF = fileURLToPath(new URL('../../bin/tsbpf.js', import.meta.url));

function arg(name: string, def: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
}

const seed = arg('--seed', 1);
const count = arg('--count', 100);
const verbose = process.argv.includes('-v');
const dir = mkdtempSync(join(tmpdir(), 'tlang-fuzz-'));
try {
  const bin = buildWorkload(dir, spawnSync, writeFileSync);
  if (typeof bin !== 'string') {
    console.error(bin.error);
    process.exitCode = 1;
  } else {
    const counts: Record<Verdict, number> = { agree: 0, 'both refuse alike': 0, 'bpftrace 0.17 bug': 0, disagree: 0, 'tsbpf fails': 0, 'bpftrace fails': 0, 'both fail': 0 };
    for (let i = 0; i < count; i++) {
      const prog = genProgram(seed * 100003 + i, bin);
      const r = runCase(prog, bin, TSBPF, spawnSync);
      counts[r.verdict]++;
      if (r.verdict !== 'agree' || verbose) console.log(`#${i} ${r.verdict}: ${prog.replaceAll(bin, 'BIN')}${r.detail ? `\n  ${r.detail.replaceAll('\n', '\n  ')}` : ''}`);
    }
    console.log(`seed ${seed}, ${count} programs: ${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
