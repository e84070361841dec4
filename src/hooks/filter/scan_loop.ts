/**
 * The read → filter → write loop over a byte range of a pcap file (Node), shared by the main
 * thread and the filter's worker thread (file_scan.ts, scan_worker.ts): chunks are read with
 * positional reads into a WebAssembly memory, the compiled record loop (cbpf/wasm.ts `scan`)
 * filters them in place and copies the selected records to the output area, which goes to `write`
 * as one view per chunk.
 *
 * Reading and filtering overlap: the memory has a ring of input slots (three by default), and
 * while `scan` works through one, the next chunks are read into the others by asynchronous reads,
 * which libuv runs on the threads of its pool (deps/uv/src/threadpool.c) — the other core copies
 * the page cache into memory while this one filters, with no second V8 isolate to start (a worker
 * thread costs ~30 ms of CPU before it does anything). With one read in flight, this thread
 * waited for it at every chunk (a read of 1 MiB takes longer than scanning it, and on a loaded
 * machine the pool thread waits for a CPU too); two in flight keep a chunk ready. Each slot has
 * room before its data for the tail of the previous one (a record cut by the chunk's end), which
 * is copied there before the slot is scanned, so a record is always contiguous; a tail longer
 * than that room (a record longer than it, or than a chunk) grows the slots once the reads in
 * flight are done, and the chunks after it are read again.
 *
 * Imports only node:fs and the loop's interface, so that a worker thread starts light.
 */
import { read, readSync } from 'node:fs';
import { SCAN_BAD_CAPLEN, SCAN_LIMIT, SCAN_LONG, SCAN_STATS, type ClassicWasmExports, type PcapScanLayout } from '../cbpf/scan_abi.js';

const PAGE = 65536;
/** the input slots start here (below: scan's counters) */
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

/** readAt on libuv's thread pool: resolves with the bytes read (fewer only at the end of the file) */
function readAtAsync(fd: number, u8: Uint8Array, at: number, n: number, position: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let got = 0;
    const next = (e: NodeJS.ErrnoException | null, k: number): void => {
      if (e) return reject(e);
      got += k;
      if (k === 0 || got === n) return resolve(got);
      read(fd, u8, at + got, n - got, position + got, next);
    };
    read(fd, u8, at, n, position, next);
  });
}

export class RecordLoop {
  readonly memory: WebAssembly.Memory;
  /** the compiled filter and record loop, instantiated on `memory` */
  wasm: ClassicWasmExports | undefined;
  private u8: Uint8Array;
  /** room before each slot's data, for the tail of the slot before it */
  private room: number;

  constructor(private readonly chunk: number, readonly layout: PcapScanLayout, private readonly slots = 3) {
    // a tail is shorter than its record (16 + at most maxCaplen bytes); a header's snaplen can
    // claim gigabytes, so the room starts at most a chunk and grows for a record that needs it
    this.room = Math.ceil(Math.min(16 + layout.maxCaplen, chunk) / PAGE) * PAGE;
    this.memory = new WebAssembly.Memory({ initial: this.out / PAGE + Math.ceil(this.outSize / PAGE) });
    this.u8 = new Uint8Array(this.memory.buffer);
  }

  /** where slot k's data starts (its room is the `room` bytes before) */
  private data(k: number): number {
    return IN + this.room + k * (this.room + this.chunk);
  }

  /** the output area: after the slots; scan never writes more than it consumed */
  private get out(): number {
    return IN + this.slots * (this.room + this.chunk);
  }

  private get outSize(): number {
    return this.room + this.chunk;
  }

  /** make the room at least `tail` bytes (no read may be in flight) */
  private grow(tail: number): void {
    this.room = Math.ceil(tail / PAGE) * PAGE;
    const need = this.out + this.outSize;
    if (need > this.memory.buffer.byteLength) this.memory.grow(Math.ceil((need - this.memory.buffer.byteLength) / PAGE));
    this.u8 = new Uint8Array(this.memory.buffer);
  }

  /**
   * Filter the records from file offset `from` up to `to` (a record boundary, or Infinity for the
   * end of the file); `write` gets the selected records, in the output's layout, in order.
   */
  async run(fd: number, from: number, to: number, write: (records: Uint8Array) => void, limit = 0): Promise<RangeResult> {
    const wasm = this.wasm!;
    const chunk = this.chunk;
    const slots = this.slots;
    /** the reads in flight, in file order: the slot, and the promise of its byte count */
    const pending: { k: number; p: Promise<number> }[] = [];
    /** file offset of the next read to start; reads stop at `to` (or at a short read: the end) */
    let ahead = from;
    let eofAhead = false;
    /** start reads into the free slots after slot k (all but k and those being read) */
    const fill = (k: number): void => {
      while (!eofAhead && ahead < to && pending.length < slots - 1) {
        const slot = (k + 1 + pending.length) % slots;
        const at = ahead;
        pending.push({ k: slot, p: readAtAsync(fd, this.u8, this.data(slot), chunk, at).then((n) => ((n < chunk && (eofAhead = true)), n)) });
        ahead = at + chunk;
      }
    };
    let k = 0; // the slot being scanned
    let base = from; // file offset of u8[data(k)]
    let n = readAt(fd, this.u8, this.data(0), chunk, from);
    let pos = this.data(0);
    let end = pos + n;
    let eof = n < chunk;
    ahead = from + n;
    eofAhead = eof;
    fill(k);
    let seen = 0;
    let selected = 0;
    try {
      for (;;) {
        const lim = Math.min(end, this.data(k) + (to - base));
        const out = this.out;
        const status = pos < lim ? wasm.scan!(pos, lim, out, limit ? limit - selected : 0) : 0;
        if (pos < lim) {
          const stats = new Uint32Array(this.memory.buffer, SCAN_STATS, 4);
          pos = stats[0]!;
          seen += stats[2]!;
          selected += stats[3]!;
          if (stats[1]! > out) write(this.u8.subarray(out, stats[1]!));
        }
        const at = base + pos - this.data(k);
        if (status === SCAN_LIMIT) return { seen, selected, at, stop: 'limit' };
        if (status === SCAN_BAD_CAPLEN) return { seen, selected, at, stop: 'bad' };
        if (status === SCAN_LONG) {
          const r = this.long(pos, lim, write);
          if (r) {
            pos += r.length;
            seen++;
            if (r.selected) selected++;
            if (limit && selected >= limit) return { seen, selected, at: base + pos - this.data(k), stop: 'limit' };
            continue;
          }
        }
        if (at === to) return { seen, selected, at, stop: 'end' };
        // data past `to` is in the buffer, yet the record at pos did not fit before it
        if (lim < end) return { seen, selected, at, stop: 'straddle' };
        // a short read is the end of the file (the reads started past it return nothing)
        if (eof) return { seen, selected, at, stop: pos === end ? 'end' : 'truncated' };
        if (!pending.length) {
          // the chunk ended at or past `to` inside a record: read on (rare)
          ahead = base + (end - this.data(k));
          const stop = to;
          to = Infinity;
          fill(k);
          to = stop;
        }
        const tail = end - pos;
        if (tail > this.room) {
          // a record longer than the room: the slots move apart once the reads in flight are
          // done, and the file is read again from the tail on (rare)
          const t = this.u8.slice(pos, end);
          await Promise.all(pending.splice(0).map((r) => r.p));
          this.grow(tail);
          k = 0;
          this.u8.set(t, this.data(0) - tail);
          base = at + tail;
          n = readAt(fd, this.u8, this.data(0), chunk, base);
          eof = eofAhead = n < chunk;
          ahead = base + n;
        } else {
          const r = pending.shift()!;
          n = await r.p;
          this.u8.copyWithin(this.data(r.k) - tail, pos, end);
          // the tail (file offset `at`) now ends where the next slot's data starts
          base = at + tail;
          k = r.k;
          eof = n < chunk;
        }
        pos = this.data(k) - tail;
        end = this.data(k) + n;
        fill(k);
      }
    } finally {
      // never leave a read writing into this memory after returning
      await Promise.all(pending.map((r) => r.p.catch(() => 0)));
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
