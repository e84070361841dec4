/**
 * Filter throughput: `tsbpf filter` engines against `tcpdump -r IN -w /dev/null EXPR` on a
 * generated capture of at least 100 MB (written to a temporary directory at bench time, from
 * the deterministic packet catalogue), for five typical expressions; and `tsbpf run`'s
 * throughput on the bundled XDP example (benchRun). `benchFilter()` and `benchRun()` are what
 * bench/run.ts calls; run this file directly for both tables.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CaptureReader } from '../src/hooks/pcap/reader.js';
import { FileSink } from '../src/hooks/pcap/file_sink.js';
import { PcapWriter } from '../src/hooks/pcap/writer.js';
import { l3Catalogue } from '../src/hooks/pcap/catalogue.js';
import * as s from '../src/hooks/pcap/synth.js';
import { compileFilter } from '../src/hooks/filter/compile.js';
import { sliceFilterFunction, type FilterEngine } from '../src/hooks/filter/engines.js';
import { runCapture } from '../src/hooks/packet_run.js';
import { loadObject } from '../src/runtime/object.js';
import type { EngineName } from '../src/vm/engine.js';
import type { Packet } from '../src/hooks/pcap/packet.js';

export const BENCH_EXPRESSIONS = [
  'tcp port 80',
  'host 10.0.0.1',
  'udp and dst port 53',
  'tcp[tcpflags] & (tcp-syn|tcp-ack) = tcp-syn',
  'net 192.168.0.0/16 and not port 22',
];

export interface FilterBenchRow {
  expr: string;
  engine: FilterEngine;
  packets: number;
  selected: number;
  /** CPU seconds */
  seconds: number;
  wallSeconds: number;
  pps: number;
  tcpdumpSeconds?: number;
  tcpdumpPps?: number;
  /** tsbpf packets/s divided by tcpdump packets/s */
  ratio?: number;
}

/** write a capture of about `bytes` bytes: Ethernet frames over the catalogue's IPv4/IPv6 mix */
export function generateCapture(path: string, bytes: number, seed = 42): number {
  const pool = l3Catalogue(seed, 4000).map((p, i) =>
    s.ether(['00:11:22:33:44:55', '52:54:00:12:34:56'][i % 2]!, '00:aa:bb:cc:dd:ee', p.type, i % 5 === 0 ? s.concat(p.l3, s.payload(600, i)) : p.l3),
  );
  const sink = new FileSink(path);
  const w = new PcapWriter(sink, { linkType: 1 });
  let total = 24;
  let n = 0;
  while (total < bytes) {
    const f = pool[n % pool.length]!;
    w.write({ data: f, tsSec: 1700000000 + Math.floor(n / 100000), tsNsec: (n % 100000) * 10000 });
    total += 16 + f.length;
    n++;
  }
  w.flush();
  sink.close();
  return n;
}

/**
 * Timing is CPU time (user + system), of this process for tsbpf and of the tcpdump child (bash's
 * `time`), so that other load on the machine does not count; wall time is reported too.
 */
async function runTsbpf(path: string, expr: string, engine: FilterEngine): Promise<{ packets: number; selected: number; seconds: number; wall: number }> {
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  const r = await CaptureReader.open(path, { chunkSize: 1 << 22 });
  const f = sliceFilterFunction(compileFilter(expr, { linkType: r.header.interfaces[0]!.linkType }), engine);
  let selected = 0;
  const packets = await r.scan((buf, start, caplen, origLen) => {
    if (f(buf, start, caplen, origLen) !== 0) selected++;
  }, { buffer: f.scanBuffer });
  const c = process.cpuUsage(c0);
  return { packets, selected, seconds: (c.user + c.system) / 1e6, wall: Number(process.hrtime.bigint() - t0) / 1e9 };
}

/** CPU seconds (user + sys) of `tcpdump -r IN -w /dev/null EXPR`, or undefined */
function runTcpdump(path: string, expr: string): number | undefined {
  const r = spawnSync('bash', ['-c', 'TIMEFORMAT="%U %S"; time tcpdump -r "$1" -w /dev/null "$2" 2>/dev/null', 'bash', path, expr], { encoding: 'utf8' });
  if (r.status !== 0) return undefined;
  const m = /([\d.]+) ([\d.]+)\s*$/.exec(r.stderr);
  return m ? Number(m[1]) + Number(m[2]) : undefined;
}

export interface FilterBenchOptions {
  /** capture size in bytes (default 100 MiB + a little) */
  bytes?: number;
  /** engines for every expression (default: all four) */
  engines?: FilterEngine[];
  /** timed runs per expression and engine (and of tcpdump); the median counts (default 3) */
  repeat?: number;
  log?: (line: string) => void;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

export async function benchFilter(opts: FilterBenchOptions = {}): Promise<FilterBenchRow[]> {
  const log = opts.log ?? (() => {});
  const dir = mkdtempSync(tmpdir() + '/tsbpf-bench-');
  const path = dir + '/bench.pcap';
  const repeat = Math.max(1, opts.repeat ?? 3);
  const engines: FilterEngine[] = opts.engines ?? ['cbpf-wasm', 'cbpf-jit', 'cbpf', 'jit', 'interpreter'];
  try {
    const n = generateCapture(path, opts.bytes ?? 105 * 1024 * 1024);
    log(`capture: ${path}, ${(statSync(path).size / 1048576).toFixed(1)} MiB, ${n} packets`);
    const rows: FilterBenchRow[] = [];
    const haveTcpdump = spawnSync('tcpdump', ['--version']).status === 0;
    // one untimed pass per engine first, so that V8 has compiled the reader and the engine's
    // per-packet path before anything is timed
    for (const engine of engines) await runTsbpf(path, BENCH_EXPRESSIONS[0]!, engine);
    for (const expr of BENCH_EXPRESSIONS) {
      // the median of `repeat` runs on both sides, interleaved: the machine's other load comes and goes
      const td: number[] = [];
      const mine = new Map<FilterEngine, Array<{ packets: number; selected: number; seconds: number; wall: number }>>();
      for (let k = 0; k < repeat; k++) {
        const t = haveTcpdump ? runTcpdump(path, expr) : undefined;
        if (t !== undefined) td.push(t);
        for (const engine of engines) {
          const list = mine.get(engine) ?? [];
          list.push(await runTsbpf(path, expr, engine));
          mine.set(engine, list);
        }
      }
      const tcpdumpSeconds = td.length ? median(td) : undefined;
      for (const engine of engines) {
        const runs = mine.get(engine)!;
        const seconds = median(runs.map((r) => r.seconds));
        const r = runs[0]!;
        const row: FilterBenchRow = { expr, engine, packets: r.packets, selected: r.selected, seconds, wallSeconds: median(runs.map((x) => x.wall)), pps: r.packets / seconds };
        if (tcpdumpSeconds !== undefined) {
          row.tcpdumpSeconds = tcpdumpSeconds;
          row.tcpdumpPps = r.packets / tcpdumpSeconds;
          row.ratio = row.pps / row.tcpdumpPps;
        }
        rows.push(row);
        log(`${expr.padEnd(46)} ${engine.padEnd(11)} ${(row.pps / 1e6).toFixed(2).padStart(6)} Mpkt/s (CPU)` +
          (row.tcpdumpPps ? `   tcpdump ${(row.tcpdumpPps / 1e6).toFixed(2).padStart(6)} Mpkt/s   ratio ${row.ratio!.toFixed(2)}` : '   (no tcpdump)') + `   selected ${row.selected}`);
      }
    }
    log(`Mpkt/s = packets per CPU second (user + system) of the filtering process, median of ${repeat}; ratio = tsbpf / tcpdump (> 1: tsbpf faster)`);
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface RunBenchRow {
  engine: EngineName;
  packets: number;
  /** packets per CPU second, median */
  pps: number;
  insnsPerPacket: number;
}

/**
 * `tsbpf run` throughput: the bundled XDP firewall (two sources blocklisted) over the bundled
 * capture repeated to `packets` packets (written to a temporary directory), through runCapture
 * as the CLI runs it (every verdict seen, events consumed, not printed); packets per CPU second,
 * median of `repeat` runs after an untimed one.
 */
export async function benchRun(opts: { packets?: number; repeat?: number; engines?: EngineName[]; log?: (line: string) => void } = {}): Promise<RunBenchRow[]> {
  const log = opts.log ?? (() => {});
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const dir = mkdtempSync(tmpdir() + '/tsbpf-bench-');
  const path = dir + '/run.pcap';
  try {
    const base: Packet[] = [];
    for await (const p of await CaptureReader.open(root + 'examples/traffic.pcap')) base.push({ ...p, data: p.data.slice() });
    const sink = new FileSink(path);
    const w = new PcapWriter(sink, { linkType: 1 });
    const want = opts.packets ?? 100_000;
    for (let n = 0; n < want; n++) {
      const p = base[n % base.length]!;
      w.write({ data: p.data, origLen: p.origLen, tsSec: p.tsSec + Math.floor(n / base.length), tsNsec: p.tsNsec });
    }
    w.flush();
    sink.close();
    const rows: RunBenchRow[] = [];
    for (const engine of opts.engines ?? (['jit', 'interpreter'] as EngineName[])) {
      const obj = await loadObject(root + 'examples/xdp_firewall.bpf.o');
      for (const ip of [[203, 0, 113, 7], [198, 51, 100, 23]]) obj.map('blocklist').set(Uint8Array.from(ip), new Uint8Array(8));
      const prog = obj.program('xdp_firewall');
      const pps: number[] = [];
      let insns = 0;
      for (let k = 0; k <= Math.max(1, opts.repeat ?? 5); k++) {
        const c0 = process.cpuUsage();
        let seen = 0;
        const sum = await runCapture(obj, prog, await CaptureReader.open(path), { engine, onVerdict: (v) => { if (v.passed) seen++; }, onEvent: () => {} });
        const c = process.cpuUsage(c0);
        if (k > 0) pps.push(sum.packets / ((c.user + c.system) / 1e6));
        insns = sum.insns / sum.packets;
      }
      const row = { engine, packets: want, pps: median(pps), insnsPerPacket: insns };
      rows.push(row);
      log(`tsbpf run xdp_firewall ${engine.padEnd(11)} ${(row.pps / 1e3).toFixed(0).padStart(6)} kpkt/s (CPU, median of ${pps.length})   ${insns.toFixed(1)} insns/packet`);
    }
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  benchFilter({ log: (l) => console.log(l) }).then(() => benchRun({ log: (l) => console.log(l) })).then(async () => {
    const { benchFilterEndToEnd } = await import('./filter_e2e.js');
    benchFilterEndToEnd({ log: (l) => console.log(l) });
  }).catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
