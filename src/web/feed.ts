/**
 * The live dashboard's data feed: what a source of maps and records (the emulator running an
 * object over a capture, or objects attached in the running kernel) hands the server, and what the
 * server streams to the page. A source is polled: `snapshot()` reads every map once (as
 * `bpftool map dump` would), `drain()` takes the ring-buffer records that arrived since the last
 * call, at most `max` of them (the rest are counted as dropped: a slow page never slows the tracer).
 * Browser-safe: the emulator source also runs in the page (the static site's demo).
 */
import { MapType } from '../isa/bpf_types.js';
import { mapTypeName } from '../maps/constants.js';
import { RingBuf } from '../maps/ringbuf.js';
import { describe, decode, type JsValue, type TypeDesc } from '../runtime/format.js';
import type { Btf } from '../btf/btf.js';
import type { BpfObject } from '../runtime/object.js';
import type { TypedMap } from '../runtime/typed_map.js';
import type { BpfProgram } from '../runtime/program.js';
import type { Packet } from '../hooks/pcap/packet.js';

/** how the page draws a map */
export type MapView = 'counter' | 'log2' | 'linear' | 'table' | 'records';

export interface FeedMap {
  name: string;
  /** BPF_MAP_TYPE_* */
  type: string;
  view: MapView;
}

export interface FeedHello {
  /** what is being watched ("pkt_sizes.bpf.o over traffic.pcap (emulator)") */
  source: string;
  maps: FeedMap[];
  intervalMs: number;
}

/** one reading of every map: key text -> value (per-CPU values summed; struct fields as key.field) */
export interface FeedSnapshot {
  /** ms since the epoch */
  t: number;
  /** events the source has seen so far (program runs, records) */
  events: number;
  maps: Record<string, [string, number][]>;
}

export interface FeedRecords {
  map: string;
  rows: Record<string, JsValue>[];
  /** records that arrived but were not kept (over `max` since the last drain) */
  dropped: number;
}

export interface DashboardSource {
  hello(): FeedHello;
  snapshot(): FeedSnapshot;
  drain(max: number): FeedRecords[];
  start(): void;
  stop(): void;
}

const ARRAYS = new Set<number>([MapType.ARRAY, MapType.PERCPU_ARRAY]);

/**
 * The view a map gets unless the user chooses (`--view MAP=KIND`): ring buffers as record tables;
 * arrays named like histograms (libbpf-tools' `hist`, `slots`; bpftrace's hist()) of 8+ slots as log2
 * histograms ("lin" in the name: linear); other small arrays as counters over time; the rest as
 * top-N tables.
 */
export function defaultView(name: string, type: number, maxEntries: number): MapView {
  if (type === MapType.RINGBUF || type === MapType.PERF_EVENT_ARRAY) return 'records';
  if (ARRAYS.has(type) && maxEntries >= 8 && /hist|slot|size|lat|dist|bucket/i.test(name)) return /lin/i.test(name) ? 'linear' : 'log2';
  if (ARRAYS.has(type) && maxEntries <= 16) return 'counter';
  return 'table';
}

/** the numbers in a decoded value: a plain number, per-CPU values summed, struct fields by path */
export function flattenValue(v: JsValue | Uint8Array, prefix = '', out: [string, number][] = []): [string, number][] {
  if (typeof v === 'number' || typeof v === 'bigint') out.push([prefix, Number(v)]);
  else if (typeof v === 'boolean') out.push([prefix, v ? 1 : 0]);
  else if (Array.isArray(v) && v.length && (typeof v[0] === 'object' || typeof v[0] === 'number' || typeof v[0] === 'bigint')) {
    // per-CPU values: sum them field by field
    const sums = new Map<string, number>();
    for (const x of v) for (const [k, n] of flattenValue(x, prefix)) sums.set(k, (sums.get(k) ?? 0) + n);
    out.push(...sums);
  } else if (v && typeof v === 'object' && !(v instanceof Uint8Array) && !Array.isArray(v)) {
    for (const [k, x] of Object.entries(v)) flattenValue(x, prefix ? `${prefix}.${k}` : k, out);
  }
  return out;
}

function keyText(k: JsValue | Uint8Array): string {
  if (k instanceof Uint8Array) return Array.from(k, (b) => b.toString(16).padStart(2, '0')).join('');
  if (typeof k === 'object') return JSON.stringify(k, (_x, y) => (typeof y === 'bigint' ? Number(y) : y));
  return String(k);
}

/** the maps of an object as the feed reads them: the emulator's (ObjectMap) or the kernel's (KernelMap) */
export function readMaps(maps: ReadonlyMap<string, TypedMap>, views: ReadonlyMap<string, MapView>): Record<string, [string, number][]> {
  const out: Record<string, [string, number][]> = {};
  for (const [name, m] of maps) {
    if (views.get(name) === 'records') continue;
    const rows: [string, number][] = [];
    for (const [k, v] of m.entries()) {
      const kt = keyText(k);
      for (const [f, n] of flattenValue(v)) rows.push([f ? `${kt}.${f}` : kt, n]);
      if (rows.length >= 4096) break;
    }
    out[name] = rows;
  }
  return out;
}

/** each map's view: the user's choice, else defaultView */
export function viewsOf(maps: ReadonlyMap<string, TypedMap>, chosen?: ReadonlyMap<string, MapView>): Map<string, MapView> {
  const out = new Map<string, MapView>();
  for (const [name, m] of maps) out.set(name, chosen?.get(name) ?? defaultView(name, m.type, m.maxEntries));
  return out;
}

export function helloOf(source: string, maps: ReadonlyMap<string, TypedMap>, views: ReadonlyMap<string, MapView>, intervalMs = 250): FeedHello {
  return { source, maps: [...maps].map(([name, m]) => ({ name, type: mapTypeName(m.type), view: views.get(name)! })), intervalMs };
}

/** a struct in the object's BTF that a ring-buffer record of `size` bytes can be decoded as */
export function recordType(btf: Btf | undefined, size: number): TypeDesc | null {
  if (!btf) return null;
  for (let id = 1; id < btf.types.length; id++) {
    const t = btf.types[id];
    if (!t || t.kind !== 4 /* BTF_KIND_STRUCT */ || !/event|record|sample|data_t/i.test(t.name ?? '')) continue;
    try {
      if (btf.sizeof(id) === size) return describe(btf, id);
    } catch {
      // a type whose size cannot be computed is not a candidate
    }
  }
  return null;
}

/** a decoded record as a row: a struct's fields, else one column (`bytes` in hex, or `value`) */
export function rowOf(v: JsValue | Uint8Array): Record<string, JsValue> {
  if (v instanceof Uint8Array) return { bytes: Array.from(v, (b) => b.toString(16).padStart(2, '0')).join('') };
  if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, JsValue>;
  return { value: v };
}

/** a record as a row: BTF fields when a struct fits, else the bytes in hex */
export function recordRow(btf: Btf | undefined, data: Uint8Array, cache: Map<number, TypeDesc | null>): Record<string, JsValue> {
  let d = cache.get(data.length);
  if (d === undefined) cache.set(data.length, (d = recordType(btf, data.length)));
  if (d) {
    const v = decode(d, data);
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, JsValue>;
  }
  return rowOf(data);
}

/**
 * Records waiting for the server's next poll, per map: at most `cap` each (the newest are what the
 * page shows), the rest counted as dropped, so a source never holds more than that for a page.
 */
export class RecordQueue {
  private readonly q = new Map<string, { rows: Record<string, JsValue>[]; dropped: number }>();
  constructor(private readonly cap = 10_000) {}

  /** queue the row `make` gives (called only when there is room: a dropped record is not decoded) */
  push(map: string, make: () => Record<string, JsValue>): void {
    let r = this.q.get(map);
    if (!r) this.q.set(map, (r = { rows: [], dropped: 0 }));
    if (r.rows.length >= this.cap) r.dropped++;
    else r.rows.push(make());
  }

  /** the rows since the last drain, at most `max` per map (the newest) */
  drain(max: number): FeedRecords[] {
    const out: FeedRecords[] = [];
    for (const [map, r] of this.q) {
      if (!r.rows.length && !r.dropped) continue;
      const keep = max > 0 ? r.rows.slice(-max) : [];
      out.push({ map, rows: keep, dropped: r.dropped + r.rows.length - keep.length });
      r.rows = [];
      r.dropped = 0;
    }
    return out;
  }
}

/**
 * The emulator as a source: one program of an object runs over the packets of a capture, again
 * and again, at `rate` packets per second, in slices on a timer (never more than ~10 ms of work
 * per slice, so the server stays responsive).
 */
export class EmulatorSource implements DashboardSource {
  private timer: ReturnType<typeof setInterval> | null = null;
  private next = 0;
  private events = 0;
  private last = 0;
  private readonly records = new RecordQueue();
  private readonly rbs: [string, RingBuf][] = [];
  private readonly typeCache = new Map<number, TypeDesc | null>();
  readonly views: Map<string, MapView>;

  constructor(readonly obj: BpfObject, readonly prog: BpfProgram, readonly packets: readonly Packet[], readonly opts: { rate: number; label: string; views?: ReadonlyMap<string, MapView>; intervalMs?: number }) {
    this.views = viewsOf(obj.maps, opts.views);
    for (const [name, m] of obj.maps) if (m.map instanceof RingBuf) this.rbs.push([name, m.map]);
  }

  hello(): FeedHello {
    return helloOf(this.opts.label, this.obj.maps, this.views, this.opts.intervalMs);
  }

  snapshot(): FeedSnapshot {
    return { t: Date.now(), events: this.events, maps: readMaps(this.obj.maps, this.views) };
  }

  drain(max: number): FeedRecords[] {
    return this.records.drain(max);
  }

  /** run the packets due since the last slice (the rate decides how many) */
  tick(now = Date.now()): void {
    if (this.packets.length === 0) return;
    const due = Math.min(Math.round(((now - this.last) * this.opts.rate) / 1000), Math.max(1, this.opts.rate));
    if (due <= 0) return;
    this.last = now;
    const t0 = performance.now();
    for (let k = 0; k < due; k++) {
      const p = this.packets[this.next]!;
      this.next = (this.next + 1) % this.packets.length;
      this.prog.run({ data: p.data, engine: 'jit', sync: false });
      this.events++;
      // a slice that overran its budget leaves the rest to the next tick
      if ((k & 255) === 255 && performance.now() - t0 > 10) break;
    }
    for (const [name, rb] of this.rbs) {
      rb.consume((d) => {
        this.events++;
        this.records.push(name, () => recordRow(this.obj.spec.btf, d, this.typeCache));
      });
    }
  }

  start(): void {
    if (this.timer) return;
    this.last = Date.now();
    this.timer = setInterval(() => this.tick(), 10);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
