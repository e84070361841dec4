/**
 * `tsbpf filter -r IN -w OUT EXPR` on a pcap file, the fast way (Node). The file is read in
 * large chunks straight into the memory of a WebAssembly module that holds both the compiled
 * filter and the record loop (cbpf/wasm.ts, driven by scan_loop.ts): one call per chunk filters
 * every record where it lies and copies the selected ones, already in the output's layout, to an
 * output area that goes to the file with one write. No packet object, view or JS↔wasm crossing
 * per packet. What it writes is what tcpdump -w writes: a host-order pcap with the input's link
 * type and snaplen, microsecond timestamps (nanoseconds with `nanosecond`), the selected records
 * in file order.
 *
 * A large file is split in two at a record boundary and the second half goes to a worker thread
 * (scan_worker.ts) while this thread does the first. The boundary is found by looking for a run
 * of plausible record headers near the middle (pcap has no sync marks), and it is only a guess
 * until this thread's own walk from the start lands exactly on it; if a record crosses it instead,
 * the worker's work is dropped and this thread goes on to the end alone. The worker's records are
 * held until it finishes and written after this thread's, so the output is in file order and
 * identical with and without the worker (the cost: memory for the second half's selected records).
 *
 * A pcapng file, or a program only the interpreter runs, is left to the general path (the result
 * is undefined). A bad record raises the decoder's own error (CaptureDecoder.resumeAt) after every
 * record before it has been written.
 */
import { closeSync, existsSync, fstatSync, openSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { systemError } from '../../isa/errors.js';
import type { SockFilter } from '../cbpf/program.js';
import { classicNeedsInterpreter, classicWasmModule, type ClassicWasmExports, type PcapScanLayout } from '../cbpf/wasm.js';
import { CaptureDecoder } from '../pcap/decoder.js';
import { FileSink } from '../pcap/file_sink.js';
import { MAXIMUM_SNAPLEN, savefileLinkType } from '../pcap/linktype.js';
import { PcapWriter } from '../pcap/writer.js';
import { readAt, RecordLoop, type RangeResult } from './scan_loop.js';
import type { ScanWorkerData } from './scan_worker.js';

export interface PcapFileFilterOptions {
  /** the output file, `-` for stdout */
  out: string;
  /** stop after this many selected packets (0: no limit) */
  limit?: number;
  /** write nanosecond timestamps (tcpdump --nano) */
  nanosecond?: boolean;
  /** bytes per read; default 2 MiB (scan_loop.ts: measured against 1 and 3 MiB) */
  chunkSize?: number;
  /** input slots of the record loop (reads in flight: one fewer); default 3 (scan_loop.ts) */
  slots?: number;
  /**
   * worker threads: 0 = none, 1 = the second half of the file in a worker; default 1 for files of
   * at least `workerMinBytes` on a machine with at least `workerMinCpus` CPUs, when there is no limit
   */
  workers?: number;
  /**
   * default 3. On two CPUs the second one is already at work without a worker: the reads (the
   * kernel's copies out of the page cache) run on libuv's pool while this thread filters, and the two
   * take about the same time (200 MB, 798,376 packets, per-thread CPU from /proc/self/task/TID/schedstat:
   * the record loop ~17 ms on this thread, the reads ~17 ms on the pool). A worker adds a third
   * and fourth busy thread (its own loop and its reads) and ~36–44 ms of CPU to boot its isolate
   * and load its module, so on two CPUs it can only lose: measured 2026-12-07, `--workers 1` took
   * 139 ms of CPU against 73 ms (the worker thread 52–56 ms for half the file, this thread no less
   * than alone, 57–61 ms against 51–54 ms, since it also receives the worker's records).
   */
  workerMinCpus?: number;
  /**
   * default 2 GiB. Measured on a shared 2-CPU machine (docs/filter.md, Speed): a worker (a V8
   * isolate) costs ~0.1 s of CPU to start, and filtering half of a 1 GB capture took it about twice
   * the CPU time the main thread takes per byte, so at 1 GB it doubled the CPU time and was
   * slower in wall time too; reads already overlap the filtering without it (scan_loop.ts)
   */
  workerMinBytes?: number;
  /** the worker's first record, instead of a guess (tests: a wrong one must change nothing) */
  split?: number;
}

export interface PcapFileFilterResult {
  /** records read (up to where a -c limit stopped) */
  seen: number;
  selected: number;
  /** the limit was reached */
  stopped: boolean;
  /** the second half went to a worker thread (false also when its boundary proved wrong) */
  worker: boolean;
}

export async function filterPcapFile(
  path: string,
  /** the program for the capture's link type, snaplen and byte order */
  compile: (linkType: number, snaplen: number, bigEndian: boolean) => SockFilter[],
  opts: PcapFileFilterOptions,
): Promise<PcapFileFilterResult | undefined> {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw systemError(e, path, 'cannot open capture') ?? e;
  }
  let sink: FileSink | undefined;
  let worker: WorkerHandle | undefined;
  const io = <T>(f: () => T): T => {
    try {
      return f();
    } catch (e) {
      throw systemError(e, path, 'cannot read capture') ?? e;
    }
  };
  try {
    const size = io(() => fstatSync(fd).size);
    const chunk = opts.chunkSize ?? 2 << 20;
    const limit = opts.limit ?? 0;
    // started first, before the header is read and the expression compiled: a worker thread's
    // isolate takes ~30 ms of CPU to boot, which then overlaps this thread's compiling on another core
    const workers = opts.workers ?? (size >= (opts.workerMinBytes ?? 2 ** 31) && limit === 0 && availableParallelism() >= (opts.workerMinCpus ?? 3) ? 1 : 0);
    worker = workers === 0 ? undefined : startWorker(path);
    // the header: the decoder reads it (and raises its errors) from the first chunk
    const head = new Uint8Array(Math.min(chunk, 1 << 16));
    const got = io(() => readAt(fd, head, 0, head.length, 0));
    const dec = new CaptureDecoder(path);
    dec.push(head.subarray(0, got));
    dec.drain([], 0);
    if (!dec.header) dec.end(); // empty, or a truncated file header
    const h = dec.header!;
    if (h.format !== 'pcap') return undefined;
    const iface = h.interfaces[0]!;
    const prog = compile(iface.linkType, iface.snaplen, h.bigEndian);
    if (classicNeedsInterpreter(prog)) return undefined;
    const snaplen = iface.snaplen || MAXIMUM_SNAPLEN;
    const layout: PcapScanLayout = {
      bigEndian: h.bigEndian,
      nanosecond: h.nanosecond,
      outNanosecond: !!opts.nanosecond,
      snaplen,
      maxCaplen: Math.max(iface.snaplen, MAXIMUM_SNAPLEN),
    };
    const module = new WebAssembly.Module(classicWasmModule(prog, layout));
    const loop = new RecordLoop(chunk, layout, opts.slots);
    loop.wasm = new WebAssembly.Instance(module, { env: { memory: loop.memory } }).exports as unknown as ClassicWasmExports;
    sink = new FileSink(opts.out);
    new PcapWriter(sink, { linkType: savefileLinkType(iface.linkType), snaplen, nanosecond: !!opts.nanosecond }).flush();
    const out = sink;
    const write = (records: Uint8Array): void => out.write(records);

    const split = worker === undefined ? undefined : (opts.split ?? findRecordStart(fd, 24 + Math.floor((size - 24) / 2), size, layout));
    if (split !== undefined) worker!.begin({ from: split, chunk, layout, module });
    else if (worker) {
      await worker.stop();
      worker = undefined;
    }

    let r = await loop.run(fd, 24, split ?? Infinity, write, limit);
    let seen = r.seen;
    let selected = r.selected;
    let used = false;
    if (worker) {
      if (r.stop === 'end') {
        const w = await worker.result;
        if (w) {
          used = true;
          for (const rec of w.records) write(rec);
          seen += w.done.seen;
          selected += w.done.selected;
          r = w.done;
        } else r = { ...r, stop: 'straddle' }; // the worker failed: this thread does its range
      } else await worker.stop();
      worker = undefined;
      if (r.stop === 'straddle') {
        const rest = await loop.run(fd, r.at, Infinity, write, limit);
        seen += rest.seen;
        selected += rest.selected;
        r = rest;
      }
    }
    if (r.stop === 'bad' || r.stop === 'truncated') decoderError(fd, dec, r.at, size);
    return { seen, selected, stopped: r.stop === 'limit', worker: used };
  } finally {
    // an error on the way (a bad expression, a read that failed): the worker is not left running
    await worker?.stop();
    sink?.close();
    closeSync(fd);
  }
}

/** raise the decoder's error for the record at file offset `at` (bad length, or cut by the end of the file) */
function decoderError(fd: number, dec: CaptureDecoder, at: number, size: number): never {
  const buf = new Uint8Array(Math.min(size - at, MAXIMUM_SNAPLEN + 16));
  readAt(fd, buf, 0, buf.length, at);
  dec.resumeAt(buf, at);
  dec.scan(() => {});
  dec.end();
  throw new Error(`pcap record at ${at} was reported bad but decodes`); // unreachable: the decoder raised
}

/** records in a row that must look right before a guessed boundary is used */
const CHAIN = 16;

/**
 * A file offset at or after `at` where a run of CHAIN plausible record headers starts (captured
 * length within the snaplen and not above the wire length, the fraction of a second in range,
 * seconds within a day of each other), or undefined. Only a guess: the caller verifies it.
 */
export function findRecordStart(fd: number, at: number, size: number, l: PcapScanLayout): number | undefined {
  const window = Math.min(size - at, 4 << 20);
  if (window < 16) return undefined;
  const buf = new Uint8Array(window);
  const n = readAt(fd, buf, 0, window, at);
  const dv = new DataView(buf.buffer, 0, n);
  const le = !l.bigEndian;
  const fracMax = l.nanosecond ? 1e9 : 1e6;
  const plausible = (o: number, sec0: number): boolean => {
    const caplen = dv.getUint32(o + 8, le);
    return caplen <= l.snaplen && caplen <= dv.getUint32(o + 12, le) && dv.getUint32(o + 4, le) < fracMax && Math.abs(dv.getUint32(o, le) - sec0) <= 86400;
  };
  for (let start = 0; start + 16 <= n && start < (1 << 20); start++) {
    const sec0 = dv.getUint32(start, le);
    let o = start;
    let k = 0;
    while (k < CHAIN && o + 16 <= n && plausible(o, sec0)) {
      o += 16 + dv.getUint32(o + 8, le);
      k++;
    }
    // a full run, or a run that ends exactly at the end of the file
    if (k === CHAIN || (k > 0 && o === n && at + n === size)) return at + start;
  }
  return undefined;
}

interface WorkerHandle {
  /** hand the worker its range and the compiled module (it waits for them after booting) */
  begin(data: ScanWorkerData): void;
  /** the worker's records and totals; undefined if it failed */
  result: Promise<{ records: Uint8Array[]; done: RangeResult } | undefined>;
  stop(): Promise<void>;
}

/**
 * The worker is the ES module beside this one; in the CLI's bundle (dist/src/cli/bundle*.cjs, where
 * this module is inlined and import.meta.url is the bundle's) that is dist/src/hooks/filter/.
 */
function workerUrl(): URL {
  const beside = new URL('./scan_worker.js', import.meta.url);
  return existsSync(beside) ? beside : new URL('../hooks/filter/scan_worker.js', import.meta.url);
}

function startWorker(path: string): WorkerHandle {
  const w = new Worker(workerUrl(), { workerData: { path } });
  const records: Uint8Array[] = [];
  const result = new Promise<{ records: Uint8Array[]; done: RangeResult } | undefined>((resolve) => {
    w.on('message', (m: { records?: Uint8Array; done?: RangeResult }) => {
      if (m.records) records.push(m.records);
      else if (m.done) resolve({ records, done: m.done });
    });
    w.on('error', () => resolve(undefined));
    w.on('exit', () => resolve(undefined));
  });
  return {
    begin: (data) => w.postMessage(data),
    result,
    stop: async () => {
      await w.terminate();
    },
  };
}
