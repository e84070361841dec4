/**
 * What the compiled programs share with user space: the maps (one per @map, plus the event ring
 * buffer, the stack-trace map and per-CPU scratch space), and the table of asynchronous events a
 * program sends through the ring buffer (printf, time, print, clear, zero, exit, join), each
 * record starting with its u64 event id — bpftrace's AsyncAction ids play the same role.
 */
import type { Loc } from './ast.js';
import type { MapInfo } from './typer.js';
import { type Ty, slotSize } from './types.js';

export type MapKind = 'HASH' | 'PERCPU_HASH' | 'RINGBUF' | 'STACK_TRACE' | 'PERCPU_ARRAY';

export interface MapDef {
  name: string;
  mapType: MapKind;
  keySize: number;
  valueSize: number;
  maxEntries: number;
  /** a user @map: its key/value types, key offsets and value layout */
  info?: MapInfo;
  keyOffsets?: number[];
  /** hist/lhist/avg/stats/min/max: the layout of the aggregation's value */
  agg?: 'count' | 'sum' | 'avg' | 'min' | 'max' | 'stats' | 'hist' | 'lhist';
}

export type EventDef =
  | { kind: 'printf' | 'cat' | 'system'; fmt: string; args: Ty[]; offsets: number[]; size: number }
  | { kind: 'time'; fmt: string }
  | { kind: 'print_map'; map: string; top: number; div: number }
  | { kind: 'print_value'; ty: Ty }
  | { kind: 'clear' | 'zero'; map: string }
  | { kind: 'exit' }
  | { kind: 'join'; sep: string; n: number; strlen: number }
  /** -k/-kk: a helper returned an error (helper_check.ts); the record carries its return value */
  | { kind: 'helper_error'; helper: string; loc: Loc };

/** stack-trace depth (bpftrace's default perf_max_stack_depth) */
export const STACK_DEPTH = 127;
/** join(): at most 16 arguments (BPFTRACE_MAX_JOIN... bpftrace 0.17 reads 16) */
export const JOIN_ARGS = 16;
/** the event ring buffer as tsbpf's verifier and emulator see it; the kernel backend sizes it by the CPUs (kernel_backend.ts ringBufSize, at least this) */
export const RINGBUF_SIZE = 1 << 20;
export const MAP_KEYS_MAX = 4096;

/** the stack-trace map's name for a kstack/ustack limit */
export function stackMapName(limit: number | undefined): string {
  return limit === undefined || limit === STACK_DEPTH ? '.stacks' : `.stacks.${limit}`;
}

export class Layout {
  readonly maps: MapDef[] = [];
  readonly events: EventDef[] = [];
  private byName = new Map<string, number>();
  private eventKeys = new Map<string, number>();

  constructor(readonly userMaps: ReadonlyMap<string, MapInfo>, readonly strlen: number, readonly mapKeysMax = MAP_KEYS_MAX) {}

  private add(d: MapDef): number {
    this.maps.push(d);
    this.byName.set(d.name, this.maps.length - 1);
    return this.maps.length - 1;
  }

  /** the ring buffer printf and the other events travel through */
  get ringbuf(): number {
    return this.byName.get('.events') ?? this.add({ name: '.events', mapType: 'RINGBUF', keySize: 0, valueSize: 0, maxEntries: RINGBUF_SIZE });
  }
  get stackMap(): number {
    return this.stackMapFor(undefined);
  }
  /** the stack-trace map of frames at most `limit` deep (STACK_DEPTH when none) */
  stackMapFor(limit: number | undefined): number {
    const name = stackMapName(limit);
    return this.byName.get(name) ?? this.add({ name, mapType: 'STACK_TRACE', keySize: 4, valueSize: 8 * (limit ?? STACK_DEPTH), maxEntries: 4096 });
  }
  /** per-CPU scratch for records larger than the stack (join) */
  get joinScratch(): number {
    return this.byName.get('.join') ?? this.add({ name: '.join', mapType: 'PERCPU_ARRAY', keySize: 4, valueSize: 8 + JOIN_ARGS * this.strlen, maxEntries: 1 });
  }

  /**
   * per-CPU scratch for printf/cat/system records too large for the 512-byte stack (bpftrace
   * 0.17 builds them in a per-CPU map value too): one value, as large as the largest record
   */
  recordScratch(size: number): number {
    const i = this.byName.get('.fmt');
    if (i === undefined) return this.add({ name: '.fmt', mapType: 'PERCPU_ARRAY', keySize: 4, valueSize: size, maxEntries: 1 });
    const d = this.maps[i]!;
    d.valueSize = Math.max(d.valueSize, size);
    return i;
  }

  /** the map of a user @map, created on first reference from its inferred types */
  userMap(name: string): number {
    const hit = this.byName.get(name);
    if (hit !== undefined) return hit;
    const info = this.userMaps.get(name)!;
    const keys = info.keys ?? [];
    const keyOffsets: number[] = [];
    let ks = 0;
    for (const k of keys) {
      keyOffsets.push(ks);
      ks += slotSize(k);
    }
    const v = info.value;
    const agg = v?.t === 'agg' ? v.fn : undefined;
    // hist/lhist keep one element per bucket: the key carries the bucket number after the user key
    if (agg === 'hist' || agg === 'lhist') ks += 8;
    const valueSize = agg ? (agg === 'count' || agg === 'sum' || agg === 'hist' || agg === 'lhist' ? 8 : 16) : v ? slotSize(v) : 8;
    return this.add({
      name, mapType: agg ? 'PERCPU_HASH' : 'HASH', keySize: Math.max(ks, 8), valueSize, maxEntries: this.mapKeysMax,
      info, keyOffsets, agg,
    });
  }

  mapDef(index: number): MapDef {
    return this.maps[index]!;
  }

  /** the id of an event (records with the same description share one id) */
  event(d: EventDef): number {
    const key = JSON.stringify(d, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
    const hit = this.eventKeys.get(key);
    if (hit !== undefined) return hit;
    this.events.push(d);
    this.eventKeys.set(key, this.events.length - 1);
    return this.events.length - 1;
  }
}
