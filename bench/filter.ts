/**
 * Filter throughput: `tsbpf filter` engines against `tcpdump -r IN -w /dev/null EXPR` on a
 * generated capture of at least 100 MB (written to a temporary directory at bench time, from
 * the deterministic packet catalogue), for five typical expressions. `benchFilter()` is what
 * bench/run.ts calls; run this file directly for a table.
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
  /** engines for every expression (default cbpf-jit and cbpf); the eBPF engines run the first expression only */
  engines?: FilterEngine[];
  log?: (line: string) => void;
}

export async function benchFilter(opts: FilterBenchOptions = {}): Promise<FilterBenchRow[]> {
  const log = opts.log ?? (() => {});
  const dir = mkdtempSync(tmpdir() + '/tsbpf-bench-');
  const path = dir + '/bench.pcap';
  try {
    const n = generateCapture(path, opts.bytes ?? 105 * 1024 * 1024);
    log(`capture: ${path}, ${(statSync(path).size / 1048576).toFixed(1)} MiB, ${n} packets`);
    const rows: FilterBenchRow[] = [];
    const haveTcpdump = spawnSync('tcpdump', ['--version']).status === 0;
    // one untimed pass first, so that V8 has compiled the reader before anything is timed
    await runTsbpf(path, BENCH_EXPRESSIONS[0]!, 'cbpf-jit');
    for (const [i, expr] of BENCH_EXPRESSIONS.entries()) {
      // best of two for both sides: the machine's other load only ever adds time
      const td = haveTcpdump ? [runTcpdump(path, expr), runTcpdump(path, expr)].filter((x): x is number => x !== undefined) : [];
      const tcpdumpSeconds = td.length ? Math.min(...td) : undefined;
      const engines: FilterEngine[] = [...(opts.engines ?? ['cbpf-jit', 'cbpf']), ...(i === 0 ? (['jit', 'interpreter'] as FilterEngine[]) : [])];
      for (const engine of engines) {
        const r1 = await runTsbpf(path, expr, engine);
        const r2 = engine.startsWith('cbpf') ? await runTsbpf(path, expr, engine) : r1;
        const r = r2.seconds < r1.seconds ? r2 : r1;
        const row: FilterBenchRow = { expr, engine, packets: r.packets, selected: r.selected, seconds: r.seconds, wallSeconds: r.wall, pps: r.packets / r.seconds };
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
    log('Mpkt/s = packets per CPU second (user + system) of the filtering process, best of two; ratio = tsbpf / tcpdump (> 1: tsbpf faster)');
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  benchFilter({ log: (l) => console.log(l) }).catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
