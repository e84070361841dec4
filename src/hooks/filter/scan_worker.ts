/**
 * The worker thread of file_scan.ts: filters the records of a pcap file from a record boundary
 * to its end with the compiled module it is given, and posts the selected records back, in
 * order, one message per chunk, then the totals. Data errors come back as a RangeResult (the
 * main thread raises the decoder's message); anything else ends the worker with an error, and
 * the main thread then does this range itself.
 */
import { closeSync, openSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import type { ClassicWasmExports, PcapScanLayout } from '../cbpf/scan_abi.js';
import { RecordLoop } from './scan_loop.js';

/** what the main thread posts once it has compiled the filter and found the worker's first record */
export interface ScanWorkerData {
  from: number;
  chunk: number;
  layout: PcapScanLayout;
  module: WebAssembly.Module;
}

// started before the expression is compiled (file_scan.ts): the file is known, the rest comes in one message
const { path } = workerData as { path: string };
parentPort!.once('message', (d: ScanWorkerData) => {
  void scan(d);
});

async function scan(d: ScanWorkerData): Promise<void> {
  const loop = new RecordLoop(d.chunk, d.layout);
  loop.wasm = new WebAssembly.Instance(d.module, { env: { memory: loop.memory } }).exports as unknown as ClassicWasmExports;
  const fd = openSync(path, 'r');
  try {
    const r = await loop.run(fd, d.from, Infinity, (records) => {
      const copy = records.slice();
      parentPort!.postMessage({ records: copy }, [copy.buffer]);
    });
    parentPort!.postMessage({ done: r });
  } finally {
    closeSync(fd);
  }
}
