/**
 * The typed face of a map, written once for both targets: the emulator's maps (runtime/object.ts
 * ObjectMap) and the running kernel's (kernel/map.ts KernelMap). Keys and values go through their
 * BTF types (format.ts) as cilium/ebpf's Map marshals them; per-CPU values are one entry per
 * possible CPU, each round_up(value_size, 8) bytes apart in the user buffer
 * (kernel/bpf/syscall.c bpf_map_value_size). A backend only supplies the raw bpf() operations.
 */
import { BpfError } from '../isa/errors.js';
import { MapType } from '../maps/constants.js';
import type { BatchOptions, BatchResult } from '../maps/map.js';
import { decode, encode, formatValue, lpmKeyString, plainValue, sumValues, type JsValue, type ReadableEntry, type TypeDesc } from './format.js';

/** the bpf() map commands on bytes: what a backend implements */
export interface RawMapOps {
  /** BPF_MAP_LOOKUP_ELEM: the user-layout value; BpfError ENOENT when absent */
  lookup(key: Uint8Array | null, flags?: number): Uint8Array;
  update(key: Uint8Array | null, value: Uint8Array, flags: number): void;
  delete(key: Uint8Array | null): void;
  /** BPF_MAP_GET_NEXT_KEY (null: the first key); ENOENT after the last */
  nextKey(key: Uint8Array | null): Uint8Array;
  lookupAndDelete(key: Uint8Array | null, flags?: number): Uint8Array;
  lookupBatch(o: BatchOptions): BatchResult;
  lookupAndDeleteBatch(o: BatchOptions): BatchResult;
  updateBatch(keys: Uint8Array, values: Uint8Array, o: BatchOptions): BatchResult;
  deleteBatch(keys: Uint8Array, o: BatchOptions): BatchResult;
}

/** the map's shape as BPF_MAP_CREATE / BPF_OBJ_GET_INFO_BY_FD give it */
export interface MapShape {
  type: number;
  keySize: number;
  valueSize: number;
  maxEntries: number;
  flags: number;
  /** possible CPUs (per-CPU values have one slot each) */
  ncpus: number;
}

const PERCPU_TYPES: ReadonlySet<number> = new Set([MapType.PERCPU_ARRAY, MapType.PERCPU_HASH, MapType.LRU_PERCPU_HASH, MapType.PERCPU_CGROUP_STORAGE]);

export type MapKey = JsValue | Uint8Array;
export type MapValue = JsValue | Uint8Array;

export class TypedMap {
  readonly name: string;
  readonly shape: MapShape;
  readonly keyType?: TypeDesc;
  readonly valueType?: TypeDesc;
  protected readonly ops: RawMapOps;

  constructor(name: string, shape: MapShape, ops: RawMapOps, keyType?: TypeDesc, valueType?: TypeDesc) {
    this.name = name;
    this.shape = shape;
    this.ops = ops;
    if (keyType) this.keyType = keyType;
    if (valueType) this.valueType = valueType;
  }

  get type(): number {
    return this.shape.type;
  }
  get keySize(): number {
    return this.shape.keySize;
  }
  get valueSize(): number {
    return this.shape.valueSize;
  }
  get maxEntries(): number {
    return this.shape.maxEntries;
  }
  /** whether values are per CPU (lookups return one value per possible CPU) */
  get isPercpu(): boolean {
    return PERCPU_TYPES.has(this.shape.type);
  }
  /** bytes between two CPUs' values in the user buffer */
  get percpuStride(): number {
    return (this.shape.valueSize + 7) & ~7;
  }
  /** the size of the value buffer user space passes (per-CPU maps: stride * CPUs) */
  get userValueSize(): number {
    return this.isPercpu ? this.percpuStride * this.shape.ncpus : this.shape.valueSize;
  }

  /** key as bytes: Uint8Array as is, else through the BTF key type or as a little-endian integer */
  keyBytes(key: MapKey): Uint8Array {
    if (key instanceof Uint8Array) return key;
    if (this.keyType) return encode(this.keyType, key, new Uint8Array(this.keySize), 0, `${this.name} key`);
    return intBytes(key, this.keySize, `${this.name} key`);
  }

  /** value as user-layout bytes (per-CPU maps: an array with one value per CPU, or one value for all) */
  valueBytes(v: MapValue): Uint8Array {
    if (v instanceof Uint8Array) return v;
    const one = (x: JsValue, b: Uint8Array, off: number): void => {
      if (this.valueType) encode(this.valueType, x, b, off, `${this.name} value`);
      else b.set(intBytes(x, this.valueSize, `${this.name} value`), off);
    };
    const out = new Uint8Array(this.userValueSize);
    if (this.isPercpu) {
      const vals = Array.isArray(v) && v.length === this.shape.ncpus ? v : Array.from({ length: this.shape.ncpus }, () => v);
      vals.forEach((x, c) => one(x, out, c * this.percpuStride));
    } else one(v, out, 0);
    return out;
  }

  /** decode a user-layout value (per-CPU maps: an array, one per CPU) */
  decodeValue(b: Uint8Array): MapValue {
    if (this.isPercpu) return Array.from({ length: this.shape.ncpus }, (_, c) => this.decodeOne(b.subarray(c * this.percpuStride, c * this.percpuStride + this.valueSize)) as JsValue);
    return this.decodeOne(b);
  }

  private decodeOne(b: Uint8Array): MapValue {
    if (this.valueType && b.length >= this.valueType.size) return decode(this.valueType, b);
    if (b.length === 4 || b.length === 8) return intOf(b);
    return b.slice();
  }

  decodeKey(b: Uint8Array): MapKey {
    if (this.keyType) return decode(this.keyType, b);
    if (b.length === 4 || b.length === 8) return intOf(b);
    return b.slice();
  }

  /** the value under key (undefined when absent) */
  get(key: MapKey): MapValue | undefined {
    try {
      return this.decodeValue(this.ops.lookup(this.keySize ? this.keyBytes(key) : null));
    } catch (e) {
      if (e instanceof BpfError && e.errno === 'ENOENT') return undefined;
      throw e;
    }
  }

  /** update (flags: BPF_ANY, BPF_NOEXIST, BPF_EXIST, | BPF_F_LOCK) */
  set(key: MapKey, value: MapValue, flags = 0): void {
    this.ops.update(this.keySize ? this.keyBytes(key) : null, this.valueBytes(value), flags);
  }

  /** delete; false when the key was absent */
  delete(key: MapKey): boolean {
    try {
      this.ops.delete(this.keySize ? this.keyBytes(key) : null);
      return true;
    } catch (e) {
      if (e instanceof BpfError && e.errno === 'ENOENT') return false;
      throw e;
    }
  }

  /** bpf_map_lookup_elem's name for get */
  lookup(key: MapKey): MapValue | undefined {
    return this.get(key);
  }
  /** bpf_map_update_elem's name for set */
  update(key: MapKey, value: MapValue, flags = 0): void {
    this.set(key, value, flags);
  }

  /** BPF_MAP_LOOKUP_AND_DELETE_ELEM (queue/stack pop with no key); undefined when absent/empty */
  lookupAndDelete(key?: MapKey): MapValue | undefined {
    try {
      return this.decodeValue(this.ops.lookupAndDelete(this.keySize && key !== undefined ? this.keyBytes(key) : null));
    } catch (e) {
      if (e instanceof BpfError && e.errno === 'ENOENT') return undefined;
      throw e;
    }
  }

  /** raw keys in get_next_key order */
  *rawKeys(): Generator<Uint8Array> {
    let k: Uint8Array | null = null;
    for (;;) {
      try {
        k = this.ops.nextKey(k);
      } catch (e) {
        if (e instanceof BpfError && (e.errno === 'ENOENT' || e.errno === 'ENOTSUPP' || e.errno === 'EINVAL' || e.errno === 'EOPNOTSUPP')) return;
        throw e;
      }
      yield k;
    }
  }

  *keys(): Generator<MapKey> {
    for (const k of this.rawKeys()) yield this.decodeKey(k);
  }

  /** a key for people (format.ts formatValue): addresses as text, an LPM trie key as CIDR */
  readableKey(b: Uint8Array): JsValue {
    const lpm = this.shape.type === MapType.LPM_TRIE;
    if (this.keyType && b.length >= this.keyType.size) return formatValue(this.keyType, b, 0, 'key', { lpm });
    return (lpm ? lpmKeyString(undefined, b) : undefined) ?? plainValue(b);
  }

  /** one CPU's value (or the value) for people */
  readableValue(b: Uint8Array): JsValue {
    return this.valueType && b.length >= this.valueType.size ? formatValue(this.valueType, b, 0, 'value') : plainValue(b);
  }

  /** every entry for people, in get_next_key order: per-CPU maps give each CPU's value and the sum */
  *readableEntries(): Generator<ReadableEntry> {
    for (const [k, v] of this.rawEntries()) {
      const key = this.readableKey(k);
      if (!this.isPercpu) {
        yield { key, value: this.readableValue(v) };
        continue;
      }
      const values = Array.from({ length: this.shape.ncpus }, (_, c) => this.readableValue(v.subarray(c * this.percpuStride, c * this.percpuStride + this.valueSize)));
      const sum = sumValues(values);
      yield { key, values, ...(sum !== undefined ? { sum } : {}) };
    }
  }

  /** [key, value] bytes in get_next_key order (an entry deleted between the two calls is skipped) */
  *rawEntries(): Generator<[Uint8Array, Uint8Array]> {
    for (const k of this.rawKeys()) {
      let v: Uint8Array;
      try {
        v = this.ops.lookup(k);
      } catch (e) {
        if (e instanceof BpfError && e.errno === 'ENOENT') continue;
        throw e;
      }
      yield [k, v];
    }
  }

  /** [key, value] pairs, decoded, in get_next_key order */
  *entries(): Generator<[MapKey, MapValue]> {
    for (const [k, v] of this.rawEntries()) {
      yield [this.decodeKey(k), this.decodeValue(v)];
    }
  }

  /** every entry through BPF_MAP_LOOKUP_BATCH (`del`: BPF_MAP_LOOKUP_AND_DELETE_BATCH), `chunk` per call */
  *batchEntries(opts: { chunk?: number; delete?: boolean; elemFlags?: number } = {}): Generator<[MapKey, MapValue]> {
    const count = Math.max(1, opts.chunk ?? 256);
    let inBatch: Uint8Array | null = null;
    for (;;) {
      const o: BatchOptions = { count, inBatch, ...(opts.elemFlags ? { elemFlags: opts.elemFlags } : {}) };
      const r = opts.delete ? this.ops.lookupAndDeleteBatch(o) : this.ops.lookupBatch(o);
      const vs = this.userValueSize;
      for (let i = 0; i < r.count; i++) yield [this.decodeKey(r.keys.subarray(i * this.keySize, (i + 1) * this.keySize)), this.decodeValue(r.values.subarray(i * vs, (i + 1) * vs))];
      if (r.errno === 'ENOENT' || !r.outBatch || r.count === 0) return;
      inBatch = r.outBatch;
    }
  }

  /** BPF_MAP_UPDATE_BATCH: returns how many were written */
  updateBatch(entries: Iterable<[MapKey, MapValue]>, flags = 0): number {
    const list = [...entries];
    const vs = this.userValueSize;
    const keys = new Uint8Array(list.length * this.keySize);
    const values = new Uint8Array(list.length * vs);
    list.forEach(([k, v], i) => {
      keys.set(this.keyBytes(k).subarray(0, this.keySize), i * this.keySize);
      values.set(this.valueBytes(v).subarray(0, vs), i * vs);
    });
    return this.ops.updateBatch(keys, values, { count: list.length, elemFlags: flags }).count;
  }

  /** BPF_MAP_DELETE_BATCH: returns how many were deleted */
  deleteBatch(keys: Iterable<MapKey>): number {
    const list = [...keys];
    const kb = new Uint8Array(list.length * this.keySize);
    list.forEach((k, i) => kb.set(this.keyBytes(k).subarray(0, this.keySize), i * this.keySize));
    return this.ops.deleteBatch(kb, { count: list.length }).count;
  }
}

export function intBytes(v: JsValue, size: number, what: string): Uint8Array {
  if (typeof v !== 'number' && typeof v !== 'bigint') throw new BpfError('EINVAL', `${what}: no BTF type to encode ${JSON.stringify(String(v))}; pass a number or a Uint8Array`);
  const out = new Uint8Array(size);
  let x = BigInt.asUintN(size * 8, BigInt(v));
  for (let i = 0; i < size; i++) {
    out[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  return out;
}

export function intOf(b: Uint8Array): number | bigint {
  let v = 0n;
  for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]!);
  return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}
