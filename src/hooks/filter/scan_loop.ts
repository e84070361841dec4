/**
 * The read → filter → write loop over a byte range of a pcap file (Node), shared by the main
 * thread and the filter's worker thread (file_scan.ts, scan_worker.ts): chunks are read with
 * positional reads into the input area of a WebAssembly memory, the compiled record loop
 * (cbpf/wasm.ts `scan`) filters them in place and copies the selected records to the output
 * area, which goes to `write` as one view per chunk. The tail of a chunk (a partial record) moves
 * to the front before the next read; a record longer than the area grows it.
 *
 * Imports only node:fs and the loop's interface, so that a worker thread starts light.
 */
import { readSync } from 'node:fs';
import { SCAN_BAD_CAPLEN, SCAN_LIMIT, SCAN_LONG, SCAN_STATS, type ClassicWasmExports, type PcapScanLayout } from '../cbpf/scan_abi.js';

const PAGE = 65536;
/** the input area starts here (below: scan's counters) */
const IN = PAGE;

export interface RangeResult {
  /** records read */
  seen: number;
  /** records selected (written) */
  selected: number;
  /** file offset where the walk stopped */
  at: number;
  /**
   * why: `end` — at `to` exactly, or at the end of the file on a record boundary; `limit` — the
   * limit of selected records; `bad` — the record at `at` has an impossible length (the decoder
   * says which); `straddle` — the record at `at` crosses `to`; `truncated` — the file ends inside
   * the record at `at`
   */
  stop: 'end' | 'limit' | 'bad' | 'straddle' | 'truncated';
}

/** u8[at .. at + n) from file offset `position`; fewer bytes only at the end of the file */
export function readAt(fd: number, u8: Uint8Array, at: number, n: number, position: number): number {
  let got = 0;
  while (got < n) {
    const k = readSync(fd, u8, at + got, n - got, position + got);
    if (k === 0) break;
    got += k;
  }
  return got;
}

export class RecordLoop {
  readonly memory: WebAssembly.Memory;
  /** the compiled filter and record loop, instantiated on `memory` */
  wasm: ClassicWasmExports | undefined;
  private u8: Uint8Array;
  /** bytes in the input area, and in the output area that follows it */
  private area: number;

  constructor(private readonly chunk: number, readonly layout: PcapScanLayout) {
    this.area = 2 * chunk;
    this.memory = new WebAssembly.Memory({ initial: Math.ceil((IN + 2 * this.area) / PAGE) });
    this.u8 = new Uint8Array(this.memory.buffer);
  }

  /** the input area, for a caller that reads the file's first bytes itself (the header) */
  get input(): Uint8Array {
    return this.u8.subarray(IN, IN + this.area);
  }

  private grow(bytes: number): void {
    this.area = Math.ceil(bytes / PAGE) * PAGE;
    const need = IN + 2 * this.area;
    if (need > this.memory.buffer.byteLength) this.memory.grow(Math.ceil((need - this.memory.buffer.byteLength) / PAGE));
    this.u8 = new Uint8Array(this.memory.buffer);
  }

  /**
   * Filter the records from file offset `from` up to `to` (a record boundary, or Infinity for the
   * end of the file); `write` gets the selected records, in the output's layout, in order.
   * `preload`: the input area already holds `len` bytes of the file from offset `base`.
   */
  run(fd: number, from: number, to: number, write: (records: Uint8Array) => void, limit = 0, preload?: { base: number; len: number }): RangeResult {
    const wasm = this.wasm!;
    const stats = new Uint32Array(this.memory.buffer, SCAN_STATS, 4);
    let base = preload ? preload.base : from; // file offset of u8[IN]
    let end = IN + (preload ? preload.len : 0);
    let pos = IN + (from - base);
    let eof = false;
    let seen = 0;
    let selected = 0;
    for (;;) {
      const lim = Math.min(end, IN + (to - base));
      const out = IN + this.area;
      const status = pos < lim ? wasm.scan!(pos, lim, out, limit ? limit - selected : 0) : 0;
      if (pos < lim) {
        pos = stats[0]!;
        seen += stats[2]!;
        selected += stats[3]!;
        if (stats[1]! > out) write(this.u8.subarray(out, stats[1]!));
      }
      const at = base + pos - IN;
      if (status === SCAN_LIMIT) return { seen, selected, at, stop: 'limit' };
      if (status === SCAN_BAD_CAPLEN) return { seen, selected, at, stop: 'bad' };
      if (status === SCAN_LONG) {
        const r = this.long(pos, lim, write);
        if (r) {
          pos += r.length;
          seen++;
          if (r.selected) selected++;
          if (limit && selected >= limit) return { seen, selected, at: base + pos - IN, stop: 'limit' };
          continue;
        }
      }
      if (at === to) return { seen, selected, at, stop: 'end' };
      // data past `to` is in the buffer, yet the record at pos did not fit before it
      if (lim < end) return { seen, selected, at, stop: 'straddle' };
      if (eof) return { seen, selected, at, stop: pos === end ? 'end' : 'truncated' };
      const keep = end - pos;
      if (keep + this.chunk > this.area) this.grow(keep + this.chunk);
      this.u8.copyWithin(IN, pos, end);
      base = at;
      const n = readAt(fd, this.u8, IN + keep, this.chunk, base + keep);
      eof = n < this.chunk;
      pos = IN;
      end = IN + keep + n;
    }
  }

  /**
   * A record longer than the file's snaplen (within libpcap's maximum, so not an error): cut to
   * the snaplen, filtered and written here, as libpcap's reader cuts it (CaptureDecoder does too). Undefined when the record is not
   * all there yet. Rare: allocation is fine.
   */
  private long(pos: number, lim: number, write: (records: Uint8Array) => void): { length: number; selected: boolean } | undefined {
    const l = this.layout;
    const le = !l.bigEndian;
    const dv = new DataView(this.memory.buffer);
    if (lim - pos < 16) return undefined;
    const caplen = dv.getUint32(pos + 8, le);
    if (lim - pos - 16 < caplen) return undefined;
    const wirelen = dv.getUint32(pos + 12, le);
    const keep = Math.min(caplen, l.snaplen);
    const selected = this.wasm!.filter(pos + 16, keep, wirelen) !== 0;
    if (selected) {
      const rec = new Uint8Array(16 + keep);
      const w = new DataView(rec.buffer);
      const frac = dv.getUint32(pos + 4, le);
      w.setUint32(0, dv.getUint32(pos, le), true);
      w.setUint32(4, l.nanosecond === l.outNanosecond ? frac : l.nanosecond ? Math.floor(frac / 1000) : (frac * 1000) >>> 0, true);
      w.setUint32(8, keep, true);
      w.setUint32(12, wirelen, true);
      rec.set(this.u8.subarray(pos + 16, pos + 16 + keep), 16);
      write(rec);
    }
    return { length: 16 + caplen, selected };
  }
}
