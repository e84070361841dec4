/**
 * Ring-buffer records consumed per second: tsbpf's RingBufReader (mmap'd pages read from
 * JavaScript) against libbpf's ring_buffer__consume in C, on the same producer in the same run —
 * test/fixtures/bpf/kload_events.bpf.o's ring_producer, loaded into the kernel once, pinned, and
 * run with BPF_PROG_TEST_RUN (RECORDS records per run) by both consumers. Only the draining is
 * timed, in CPU time of the process (wall time on a shared machine measures the other tenants), so
 * the ratio compares the consumers, not the producer. The C consumer
 * (bench/kernel/ringbuf_consumer.c) is compiled at bench time with clang and libbpf-dev; without
 * them, or without bpf(), the table says why.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchTable } from './registry.js';
import { loadObject } from '../src/runtime/object.js';
import { kernelAvailable } from '../src/hooks/kernel/bpf.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const PRODUCER = join(REPO, 'test/fixtures/bpf/kload_events.bpf.o');
const C_SOURCE = join(REPO, 'bench/kernel/ringbuf_consumer.c');
/** records per producer run: 24-byte records, 32 with the header, fill 1 MiB's ring to ~60% */
const RECORDS = 20000;

/** CPU time of this process in ns (user + system), the counterpart of CLOCK_PROCESS_CPUTIME_ID */
export function cpuNs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) * 1000;
}

/** compile a C file against libbpf (-lbpf) into `dir`: the binary, or why not (also bench/attach.ts's baseline) */
export function compileLibbpf(dir: string, source = C_SOURCE): string | { why: string } {
  const cc = ['clang-19', 'clang', 'cc'].find((c) => spawnSync(c, ['--version']).status === 0);
  if (!cc) return { why: 'no C compiler (clang-19) for the libbpf baseline' };
  if (!existsSync('/usr/include/bpf/libbpf.h')) return { why: 'libbpf-dev is not installed (no /usr/include/bpf/libbpf.h)' };
  const out = join(dir, source.replace(/^.*\//, '').replace(/\.c$/, ''));
  const r = spawnSync(cc, ['-O2', '-o', out, source, '-lbpf'], { encoding: 'utf8' });
  if (r.status !== 0) return { why: `the libbpf baseline ${source.replace(/^.*\//, '')} does not build: ${r.stderr.trim().split('\n').pop()}` };
  return out;
}

export async function benchRingbuf(opts: { quick: boolean }): Promise<BenchTable> {
  const title = 'Ring buffer: records consumed per second (same producer, only draining timed)';
  const columns = ['consumer', 'records', 'drain CPU ms', 'records/CPU-s', 'vs libbpf'];
  const avail = kernelAvailable();
  if (!avail.ok) return { title, columns, rows: [], notes: [`skipped: ${avail.reason}`] };
  const iter = opts.quick ? 20 : 100;
  const dir = mkdtempSync(join(tmpdir(), 'tsbpf-rb-'));
  const pins = `/sys/fs/bpf/tsbpf-bench-rb-${process.pid}`;
  const rows: (string | number)[][] = [];
  const notes: string[] = [];
  try {
    using obj = await loadObject(PRODUCER, { target: 'kernel' });
    obj.map('.data').set(0, { records_per_run: RECORDS });
    const prog = obj.program('ring_producer');
    const pkt = new Uint8Array(64);

    // tsbpf: the raw callback (a view of each record), as libbpf's sample_cb gets a pointer
    using rb = obj.ringbuf('events');
    let records = 0;
    let checksum = 0;
    // the record's first u32 (seq), as the C consumer reads e->seq
    const d32 = new Uint32Array(rb.bytes.buffer, rb.bytes.byteOffset, rb.bytes.byteLength >>> 2);
    // (a 32-bit checksum: a sum past 2^31 would box a heap number per record in a closure)
    const cb = (off: number): void => {
      records++;
      checksum = (checksum + d32[off >>> 2]!) | 0;
    };
    // warm-up: both consumers are timed optimised (libbpf is compiled ahead of time)
    for (let i = 0; i < 10; i++) {
      prog.run({ dataIn: pkt });
      rb.consumeRaw(cb);
      prog.run({ dataIn: pkt });
      rb.consume((r) => void (checksum = (checksum + r[0]!) | 0));
    }
    records = 0;
    let spent = 0;
    for (let i = 0; i < iter; i++) {
      prog.run({ dataIn: pkt });
      const t0 = cpuNs();
      rb.consumeRaw(cb);
      spent += cpuNs() - t0;
    }
    const tsbpfRate = records / (spent / 1e9);
    // with a Uint8Array view of each record (one allocation per record)
    let viewed = 0;
    let spentViews = 0;
    for (let i = 0; i < Math.max(2, iter / 5); i++) {
      prog.run({ dataIn: pkt });
      const t0 = cpuNs();
      viewed += rb.consume((r) => void (checksum = (checksum + r[0]!) | 0));
      spentViews += cpuNs() - t0;
    }
    // the same records decoded from BTF into objects (what `for await` yields)
    let decoded = 0;
    let spentDecoded = 0;
    for (let i = 0; i < Math.max(2, iter / 10); i++) {
      prog.run({ dataIn: pkt });
      const t0 = cpuNs();
      decoded += rb.drain().length;
      spentDecoded += cpuNs() - t0;
    }

    const bin = compileLibbpf(dir);
    let cRate: number | undefined;
    if (typeof bin === 'string') {
      rb.close();
      prog.pin(`${pins}-prog`);
      obj.map('events').pin(`${pins}-map`);
      const r = spawnSync(bin, [`${pins}-prog`, `${pins}-map`, String(iter)], { encoding: 'utf8' });
      const [n, ns] = r.stdout.trim().split(/\s+/).map(Number);
      if (r.status === 0 && n && ns) cRate = n / (ns / 1e9);
      else notes.push(`the libbpf consumer failed: ${(r.stderr || r.stdout).trim()}`);
      rows.push(['libbpf ring_buffer__consume (C)', n ?? 0, (ns ?? 0) / 1e6, Math.round(cRate ?? 0), '1.00x']);
    } else notes.push(`no libbpf baseline: ${bin.why}`);
    const ratio = (x: number): string => (cRate ? `${(x / cRate).toFixed(2)}x` : '-');
    rows.push(['tsbpf RingBufReader.consumeRaw', records, spent / 1e6, Math.round(tsbpfRate), ratio(tsbpfRate)]);
    const viewRate = viewed / (spentViews / 1e9);
    rows.push(['tsbpf RingBufReader.consume (a view per record)', viewed, spentViews / 1e6, Math.round(viewRate), ratio(viewRate)]);
    const decRate = decoded / (spentDecoded / 1e9);
    rows.push(['tsbpf drain() decoded from BTF', decoded, spentDecoded / 1e6, Math.round(decRate), ratio(decRate)]);
    notes.push(`${iter} producer runs of ${RECORDS} records (24 bytes each); goal >= 0.5x libbpf for the raw consumer; checksum ${checksum >>> 0}`);
  } finally {
    rmSync(`${pins}-prog`, { force: true });
    rmSync(`${pins}-map`, { force: true });
    rmSync(dir, { recursive: true, force: true });
  }
  return { title, columns, rows, notes };
}
