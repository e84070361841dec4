/**
 * Launch to probes attached: `tsbpf trace` against `bpftrace` on the same scripts, in one run,
 * one launch each, interleaved so both meet the same machine load. The clock runs from spawn to
 * the `Attaching N probes...` line, which both print once every probe is attached (bpftrace
 * 0.17 src/main.cpp, tsbpf lang/bpftrace/run.ts); then the tracer is stopped with SIGINT. Each
 * script is launched once untimed (both tracers then meet warm page caches, and tsbpf its V8
 * code cache, as on any second run), then LAUNCHES times each, alternating; the median counts. Scripts:
 * one-liners, and bpftrace's own tools from /usr/sbin that need no kprobes. Needs root, bpf(),
 * tracefs and bpftrace; the table says which is missing. Both are started as a user starts them:
 * `bpftrace ARGS` and `bin/tsbpf.js trace ARGS` as a program (its /bin/sh line, then node).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BenchTable } from './registry.js';
import { kernelAvailable } from '../src/hooks/kernel/bpf.js';

const TSBPF = fileURLToPath(new URL('../../bin/tsbpf.js', import.meta.url));

const ONE_LINERS: Array<[string, string]> = [
  ['count opens', 'tracepoint:syscalls:sys_enter_openat { @[comm] = count(); }'],
  ['write sizes', 'tracepoint:syscalls:sys_enter_write { @h = hist(args->count); }'],
  ['printf', 'tracepoint:syscalls:sys_enter_openat { printf("%s %s\\n", comm, str(args->filename)); }'],
  ['profile', 'profile:hz:99 { @[cpu] = count(); }'],
  ['BEGIN only', 'BEGIN { printf("hello\\n"); }'],
];

/** timed launches per script and tracer (odd: the median is one of them) */
const LAUNCHES = 3;

/** ms from spawn to the attach line, or the reason it never came */
function timeToAttach(cmd: string, args: string[]): Promise<number | string> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const p = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let done = false;
    const kill = setTimeout(() => p.kill('SIGKILL'), 30000);
    p.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!done && /Attaching \d+ probe/.test(out)) {
        done = true;
        resolve(performance.now() - t0);
        p.kill('SIGINT');
      }
    });
    p.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    p.on('exit', () => {
      clearTimeout(kill);
      if (!done) resolve(err.split('\n').filter((l) => l && !l.includes('RLIMIT'))[0] ?? 'exited before attaching');
    });
  });
}

function tools(): Array<[string, string]> {
  if (!existsSync('/usr/sbin')) return [];
  return readdirSync('/usr/sbin').filter((n) => n.endsWith('.bt')).sort()
    .filter((n) => !/^\s*k(ret)?probe:/m.test(readFileSync(`/usr/sbin/${n}`, 'utf8')))
    .map((n) => [n, `/usr/sbin/${n}`]);
}

export async function benchTraceStartup(o: { quick: boolean }): Promise<BenchTable> {
  const title = 'tsbpf trace: launch to probes attached, against bpftrace (one launch each)';
  const columns = ['script', 'bpftrace ms', 'tsbpf ms', 'tsbpf / bpftrace'];
  const k = kernelAvailable();
  const why = !k.ok ? k.reason : process.getuid?.() !== 0 ? 'needs root' : spawnSync('bpftrace', ['--version']).status !== 0 ? 'bpftrace is not installed' : undefined;
  if (why) return { title, columns, rows: [], notes: [`skipped: ${why}`] };
  const rows: (string | number)[][] = [];
  const ratios: { tool: boolean; r: number }[] = [];
  const scripts: Array<[string, string[], boolean]> = [
    ...ONE_LINERS.map(([n, s]): [string, string[], boolean] => [n, ['-e', s], false]),
    ...(o.quick ? [] : tools().map(([n, p]): [string, string[], boolean] => [n, [p], true])),
  ];
  const median = (xs: Array<number | string>): number | string => {
    const ns = xs.filter((x): x is number => typeof x === 'number').sort((a, b) => a - b);
    return ns.length === xs.length ? ns[ns.length >> 1]! : xs.find((x) => typeof x === 'string')!;
  };
  for (const [name, args, tool] of scripts) {
    await timeToAttach('bpftrace', args);
    await timeToAttach(TSBPF, ['trace', ...args]);
    const bs: Array<number | string> = [];
    const ts: Array<number | string> = [];
    for (let i = 0; i < LAUNCHES; i++) {
      bs.push(await timeToAttach('bpftrace', args));
      ts.push(await timeToAttach(TSBPF, ['trace', ...args]));
    }
    const b = median(bs);
    const t = median(ts);
    if (typeof b === 'number' && typeof t === 'number') {
      rows.push([name, b.toFixed(0), t.toFixed(0), (t / b).toFixed(2)]);
      ratios.push({ tool, r: t / b });
    } else rows.push([name, typeof b === 'number' ? b.toFixed(0) : `(${b})`, typeof t === 'number' ? t.toFixed(0) : `(${t})`, '']);
  }
  const gmean = (xs: number[]): string => (xs.length ? Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length).toFixed(2) : '-');
  return {
    title, columns, rows,
    notes: [
      `geometric mean of tsbpf / bpftrace: one-liners ${gmean(ratios.filter((x) => !x.tool).map((x) => x.r))}, bpftrace's tools ${gmean(ratios.filter((x) => x.tool).map((x) => x.r))}`,
      `wall time on a shared machine, median of ${LAUNCHES} launches after one untimed: both tracers are launched alternately so they meet the same load`,
    ],
  };
}
