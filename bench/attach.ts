/**
 * Attaching, measured on the running kernel in one run:
 * - attach + detach latency of a tracepoint and a raw tracepoint program of
 *   test/fixtures/bpf/attach_counters.bpf.o, tsbpf's `prog.attach()` + `link.close()` against
 *   libbpf's bpf_program__attach + bpf_link__destroy in C (bench/kernel/attach_latency.c, compiled
 *   at bench time), both in CPU time of their process, reported with their ratio;
 * - execsnoop (examples/execsnoop.bpf.o) under a burst of 2,000 execs: records received and lost.
 * Without bpf(), root, clang or libbpf-dev the table says why.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchTable } from './registry.js';
import { loadObject } from '../src/runtime/object.js';
import { kernelAvailable } from '../src/hooks/kernel/bpf.js';
import { compileLibbpf, cpuNs } from './ringbuf.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURE = join(REPO, 'test/fixtures/bpf/attach_counters.bpf.o');
const EXECSNOOP = join(REPO, 'examples/execsnoop.bpf.o');
const C_SOURCE = join(REPO, 'bench/kernel/attach_latency.c');
const BURST = 2000;

export async function benchAttach(opts: { quick: boolean }): Promise<BenchTable> {
  const title = 'Attach + detach latency (CPU time per pair), and execsnoop under a burst of execs';
  const columns = ['what', 'tsbpf', 'libbpf (C)', 'tsbpf / libbpf'];
  const avail = kernelAvailable();
  if (!avail.ok) return { title, columns, rows: [], notes: [`skipped: ${avail.reason}`] };
  const n = opts.quick ? 200 : 1000;
  const rows: (string | number)[][] = [];
  const notes: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'tsbpf-attach-'));
  try {
    const mine: Record<string, number> = {};
    {
      using obj = await loadObject(FIXTURE, { target: 'kernel', programs: ['tp_getppid', 'raw_getppid'] });
      for (const [label, name] of [['tracepoint', 'tp_getppid'], ['raw_tp', 'raw_getppid']] as const) {
        const p = obj.program(name);
        for (let i = 0; i < 20; i++) p.attach().close();
        const t0 = cpuNs();
        for (let i = 0; i < n; i++) p.attach().close();
        mine[label] = (cpuNs() - t0) / n;
      }
    }
    const bin = compileLibbpf(dir, C_SOURCE);
    const theirs: Record<string, number> = {};
    if (typeof bin === 'string') {
      const r = spawnSync(bin, [FIXTURE, String(n)], { encoding: 'utf8' });
      if (r.status === 0) for (const line of r.stdout.trim().split('\n')) theirs[line.split(' ')[0]!] = Number(line.split(' ')[1]);
      else notes.push(`the libbpf baseline failed: ${r.stderr.trim()}`);
    } else notes.push(bin.why);
    for (const label of ['tracepoint', 'raw_tp']) {
      const a = mine[label]!;
      const b = theirs[label];
      rows.push([`${label} attach+detach`, `${(a / 1000).toFixed(1)} us`, b ? `${(b / 1000).toFixed(1)} us` : '-', b ? `${(a / b).toFixed(2)}x` : '-']);
    }
    rows.push(...(await execBurst()));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { title, columns, rows, notes };
}

/** execsnoop attached, a shell execs /bin/true BURST times, the ring drained every 20 ms meanwhile */
async function execBurst(): Promise<(string | number)[][]> {
  using obj = await loadObject(EXECSNOOP, { target: 'kernel' });
  using link = obj.program('execsnoop').attach();
  const events = obj.ringbuf('events', { type: 'exec_event' });
  const marker = `tsbpf-burst-${process.pid}`;
  let got = 0;
  const drain = () => {
    for (const e of events.drain() as { argv: string[] }[]) if (e.argv[1] === marker) got++;
  };
  const timer = setInterval(drain, 20);
  const { spawn } = await import('node:child_process');
  await new Promise<void>((resolve) => spawn('sh', ['-c', `i=0; while [ $i -lt ${BURST} ]; do /bin/true ${marker} $i; i=$((i+1)); done`]).once('exit', () => resolve()));
  clearInterval(timer);
  drain();
  void link;
  const lost = Number(obj.map('lost').get(0));
  return [[`execsnoop: records of ${BURST} execs`, `${got} received, ${lost} lost`, '-', '-']];
}
