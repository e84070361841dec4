/**
 * `tsbpf filter` end to end against tcpdump: the whole command, start-up included, as a user
 * runs it — `node bin/tsbpf.js filter -r IN -w /dev/null EXPR` (one thread, and with the worker
 * thread) and `tcpdump -r IN -w /dev/null EXPR` — on a generated capture of about 200 MB, wall
 * time and CPU time (user + system) of each child, the median of interleaved runs. The ratios are
 * tsbpf / tcpdump measured in the same run: below 1, tsbpf is faster.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { generateCapture, BENCH_EXPRESSIONS } from './filter.js';

export interface EndToEndRow {
  expr: string;
  /** wall seconds, median: tcpdump, tsbpf one thread, tsbpf with the worker */
  tcpdump: number;
  one: number;
  two: number;
  /** CPU seconds (user + system), median */
  tcpdumpCpu: number;
  oneCpu: number;
  twoCpu: number;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

/** wall and CPU seconds of one run of `argv` (bash's `time`: real, user, sys), or undefined if it failed */
function timed(argv: string[]): { wall: number; cpu: number } | undefined {
  const r = spawnSync('bash', ['-c', 'TIMEFORMAT="%R %U %S"; time "$@" >/dev/null 2>&1', 'bash', ...argv], { encoding: 'utf8' });
  const m = /([\d.]+) ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr);
  if (r.status !== 0 || !m) return undefined;
  return { wall: Number(m[1]), cpu: Number(m[2]) + Number(m[3]) };
}

export function benchFilterEndToEnd(opts: { bytes?: number; repeat?: number; expressions?: string[]; log?: (l: string) => void } = {}): EndToEndRow[] {
  const log = opts.log ?? (() => {});
  if (spawnSync('tcpdump', ['--version']).status !== 0) {
    log('tcpdump is not installed: no end-to-end comparison');
    return [];
  }
  const bin = fileURLToPath(new URL('../../bin/tsbpf.js', import.meta.url));
  const dir = mkdtempSync(tmpdir() + '/tsbpf-bench-');
  const path = dir + '/e2e.pcap';
  try {
    const n = generateCapture(path, opts.bytes ?? 200e6);
    log(`capture: ${(statSync(path).size / 1e6).toFixed(0)} MB, ${n} packets`);
    const rows: EndToEndRow[] = [];
    const tsbpf = (workers: number, expr: string) => ['node', bin, 'filter', '--workers', String(workers), '-r', path, '-w', '/dev/null', expr];
    const tcpdump = (expr: string) => ['tcpdump', '-r', path, '-w', '/dev/null', expr];
    // untimed: the file into the page cache, both programs' files too
    timed(tcpdump('ip'));
    timed(tsbpf(0, 'ip'));
    for (const expr of opts.expressions ?? BENCH_EXPRESSIONS) {
      const t: { wall: number; cpu: number }[] = [];
      const a: { wall: number; cpu: number }[] = [];
      const b: { wall: number; cpu: number }[] = [];
      for (let k = 0; k < Math.max(1, opts.repeat ?? 5); k++) {
        // interleaved, so that the machine's other load falls on all three alike
        const x = timed(tcpdump(expr));
        const y = timed(tsbpf(0, expr));
        const z = timed(tsbpf(1, expr));
        if (x && y && z) {
          t.push(x);
          a.push(y);
          b.push(z);
        }
      }
      if (!t.length) continue;
      const row: EndToEndRow = {
        expr,
        tcpdump: median(t.map((r) => r.wall)),
        one: median(a.map((r) => r.wall)),
        two: median(b.map((r) => r.wall)),
        tcpdumpCpu: median(t.map((r) => r.cpu)),
        oneCpu: median(a.map((r) => r.cpu)),
        twoCpu: median(b.map((r) => r.cpu)),
      };
      rows.push(row);
      log(`${expr.padEnd(46)} tcpdump ${row.tcpdump.toFixed(3)} s   tsbpf ${row.one.toFixed(3)} s (${(row.one / row.tcpdump).toFixed(2)}×)   2 threads ${row.two.toFixed(3)} s (${(row.two / row.tcpdump).toFixed(2)}×)   CPU ${row.tcpdumpCpu.toFixed(3)} / ${row.oneCpu.toFixed(3)} / ${row.twoCpu.toFixed(3)} s`);
    }
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  benchFilterEndToEnd({ log: (l) => console.log(l), ...(process.argv[2] ? { repeat: Number(process.argv[2]) } : {}) });
}
