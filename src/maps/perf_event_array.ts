/**
 * BPF_MAP_TYPE_PERF_EVENT_ARRAY (kernel/bpf/arraymap.c perf_event_array_map_ops and
 * kernel/trace/bpf_trace.c bpf_perf_event_output): slot i holds a perf event, normally the one
 * opened on CPU i; bpf_perf_event_output(ctx, map, flags, data, size) appends a PERF_RECORD_SAMPLE
 * with the raw data to the event at index flags & BPF_F_INDEX_MASK (BPF_F_CURRENT_CPU = this CPU),
 * -E2BIG past max_entries, -ENOENT for an empty slot, -EOPNOTSUPP when the event is on another CPU.
 *
 * The events here are JavaScript buffers (`openReader()` installs one per CPU as libbpf's
 * perf_buffer__new does); the reader is an async iterator of { cpu, data } and counts records
 * lost when a per-CPU buffer is full, as PERF_RECORD_LOST does.
 */
import { BpfError } from '../isa/errors.js';
import { BPF_F_CTXLEN_MASK, BPF_F_CURRENT_CPU, BPF_F_INDEX_MASK, BPF_F_PRESERVE_ELEMS } from './constants.js';
import { FdArrayMap, type KernelObject } from './fd_array.js';
import { E2BIG, EINVAL, ENOENT, EOPNOTSUPP } from './map.js';

let nextEventId = 1;

export interface PerfSample {
  cpu: number;
  data: Uint8Array;
}

/** an emulated perf event with its ring of samples */
export class PerfEvent implements KernelObject {
  readonly id = nextEventId++;
  readonly cpu: number;
  readonly capacity: number;
  samples: Uint8Array[] = [];
  bytes = 0;
  lost = 0;
  notify?: () => void;
  constructor(cpu: number, capacityBytes = 256 * 1024) {
    this.cpu = cpu;
    this.capacity = capacityBytes;
  }
  push(data: Uint8Array): void {
    // a PERF_RECORD_SAMPLE: 8-byte perf_event_header + u32 size + data, padded to 8
    const rec = (8 + 4 + data.length + 7) & ~7;
    if (this.bytes + rec > this.capacity) {
      this.lost++;
      return;
    }
    this.bytes += rec;
    this.samples.push(data);
    this.notify?.();
  }
  drain(): Uint8Array[] {
    const s = this.samples;
    this.samples = [];
    this.bytes = 0;
    return s;
  }
}

export class PerfEventArrayMap extends FdArrayMap<PerfEvent> {
  protected accept(obj: unknown, fd: number): PerfEvent {
    if (!(obj instanceof PerfEvent)) throw new BpfError('EINVAL', `${this.what()}: fd ${fd} is not a perf event`);
    return obj;
  }

  /** the syscall's lookup is not defined for perf event arrays */
  protected override sysLookup(): Uint8Array {
    throw new BpfError('ENOTSUPP', `${this.what()}: lookup is not supported`);
  }

  /** bpf_perf_event_output: data already copied out of the address space */
  output(cpu: number, flags: bigint, data: Uint8Array): number {
    if (flags & ~(BPF_F_INDEX_MASK | BPF_F_CTXLEN_MASK)) return EINVAL;
    let index = Number(flags & BPF_F_INDEX_MASK);
    if (BigInt(index) === BPF_F_CURRENT_CPU) index = cpu;
    if (index >= this.maxEntries) return E2BIG;
    const ev = this.slots[index];
    if (!ev) return ENOENT;
    if (ev.cpu !== cpu) return EOPNOTSUPP;
    ev.push(data);
    return 0;
  }

  /** deliver to the event in slot `index` (already resolved from BPF_F_CURRENT_CPU); 0 or -errno */
  outputAt(index: number, data: Uint8Array, cpu?: number): number {
    if (index >= this.maxEntries) return E2BIG;
    const ev = this.slots[index];
    if (!ev) return ENOENT;
    if (cpu !== undefined && ev.cpu !== cpu) return EOPNOTSUPP;
    ev.push(data);
    return 0;
  }

  /** output reading the sample from the address space */
  outputPtr(cpu: number, flags: bigint, dataPtr: number, size: number): number {
    this.as.check(dataPtr, size, false);
    return this.output(cpu, flags, this.as.u8.slice(dataPtr, dataPtr + size));
  }

  /** open one event per CPU (0..min(ncpus, max_entries)-1) in its slot, like perf_buffer__new */
  openReader(capacityBytes?: number): PerfReader {
    const events: PerfEvent[] = [];
    const n = Math.min(this.ncpus, this.maxEntries);
    for (let c = 0; c < n; c++) {
      const ev = new PerfEvent(c, capacityBytes);
      this.set(c, ev);
      events.push(ev);
    }
    return new PerfReader(events);
  }

  protected override releaseUref(): void {
    if (!(this.flags & BPF_F_PRESERVE_ELEMS)) this.clear();
  }
}

export class PerfReader {
  readonly events: PerfEvent[];
  private waiters: Array<() => void> = [];
  constructor(events: PerfEvent[]) {
    this.events = events;
    for (const e of events) e.notify = () => this.wake();
  }
  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
  /** records lost so far, over all CPUs */
  get lost(): number {
    return this.events.reduce((a, e) => a + e.lost, 0);
  }
  /** everything buffered now (perf_buffer__consume) */
  poll(): PerfSample[] {
    const out: PerfSample[] = [];
    for (const e of this.events) for (const d of e.drain()) out.push({ cpu: e.cpu, data: d });
    return out;
  }
  async *[Symbol.asyncIterator](): AsyncGenerator<PerfSample> {
    yield* this.samples();
  }
  async *samples(opts: { signal?: AbortSignal } = {}): AsyncGenerator<PerfSample> {
    for (;;) {
      const batch = this.poll();
      for (const s of batch) yield s;
      if (opts.signal?.aborted) return;
      if (batch.length === 0)
        await new Promise<void>((resolve) => {
          if (opts.signal?.aborted) return resolve();
          this.waiters.push(resolve);
          opts.signal?.addEventListener('abort', () => resolve(), { once: true });
        });
    }
  }
}
