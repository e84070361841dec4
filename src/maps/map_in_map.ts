/**
 * BPF_MAP_TYPE_ARRAY_OF_MAPS and BPF_MAP_TYPE_HASH_OF_MAPS (kernel/bpf/map_in_map.c and the
 * fd-map parts of arraymap.c/hashtab.c). Creation takes an inner map as a template
 * (inner_map_fd); only maps of the same shape may be stored (bpf_map_meta_equal: type, key_size,
 * value_size, map_flags, and max_entries unless the template has BPF_F_INNER_MAP). A program's
 * lookup returns the inner map's `struct bpf_map *` (its handle), which it passes on to helpers.
 * The outer map holds a reference on every inner map it stores.
 */
import { BpfError } from '../isa/errors.js';
import { AddressSpace } from '../vm/address_space.js';
import { BPF_F_INNER_MAP, BPF_F_RDONLY_PROG, BPF_F_WRONLY_PROG, MapType, type MapAttr } from './constants.js';
import { FdArrayMap } from './fd_array.js';
import { HashMap, htabAllocCheck } from './hashtab.js';
import { BpfMap, type BatchOptions, type BatchResult, type MapOptions } from './map.js';

export interface InnerMapMeta {
  mapType: number;
  keySize: number;
  valueSize: number;
  maxEntries: number;
  mapFlags: number;
}

/** bpf_map_meta_alloc */
export function innerMeta(a: MapAttr): InnerMapMeta {
  const inner = a.innerMap;
  if (!inner) throw new BpfError('EBADF', 'map-in-map: inner_map_fd is not a map');
  if (inner.type === MapType.ARRAY_OF_MAPS || inner.type === MapType.HASH_OF_MAPS || inner.type === MapType.PROG_ARRAY)
    throw new BpfError('EINVAL', `map-in-map: ${inner.typeName} cannot be an inner map`);
  if (a.valueSize !== 4) throw new BpfError('EINVAL', `map-in-map: value_size must be 4 (a map fd), got ${a.valueSize}`);
  if ((a.mapFlags ?? 0) & (BPF_F_RDONLY_PROG | BPF_F_WRONLY_PROG)) throw new BpfError('EINVAL', 'map-in-map: BPF_F_RDONLY_PROG/WRONLY_PROG are not supported');
  return { mapType: inner.type, keySize: inner.keySize, valueSize: inner.valueSize, maxEntries: inner.maxEntries, mapFlags: inner.flags };
}

/** bpf_map_meta_equal (+ array_map_meta_equal's max_entries rule) */
export function metaEqual(m: InnerMapMeta, map: BpfMap): boolean {
  if (m.mapType !== map.type || m.keySize !== map.keySize || m.valueSize !== map.valueSize || m.mapFlags !== map.flags) return false;
  const isArray = m.mapType === MapType.ARRAY || m.mapType === MapType.PERCPU_ARRAY;
  return !isArray || (m.mapFlags & BPF_F_INNER_MAP) !== 0 || m.maxEntries === map.maxEntries;
}

function acceptInner(outer: BpfMap, meta: InnerMapMeta, obj: unknown, fd: number): BpfMap {
  if (!(obj instanceof BpfMap)) throw new BpfError('EINVAL', `${outer.what()}: fd ${fd} is not a map`);
  if (obj.as !== outer.as) throw new BpfError('EINVAL', `${outer.what()}: inner map lives in another runtime`);
  if (!metaEqual(meta, obj)) throw new BpfError('EINVAL', `${outer.what()}: ${obj.what()} does not match the inner map template (${meta.keySize}/${meta.valueSize}/${meta.maxEntries})`);
  return obj;
}

export class ArrayOfMaps extends FdArrayMap<BpfMap> {
  readonly inner: InnerMapMeta;
  constructor(as: AddressSpace, attr: MapAttr, opts: MapOptions = {}) {
    const inner = innerMeta(attr);
    super(as, { ...attr, innerMap: undefined }, opts);
    this.inner = inner;
  }
  protected accept(obj: unknown, fd: number): BpfMap {
    return acceptInner(this, this.inner, obj, fd);
  }
  override set(index: number, obj: BpfMap | null): void {
    if (obj && !metaEqual(this.inner, obj)) throw new BpfError('EINVAL', `${this.what()}: ${obj.what()} does not match the inner map template`);
    super.set(index, obj);
  }
  /** array_of_map_lookup_elem: the inner map's handle */
  override lookupPtr(keyPtr: number): number {
    this.as.check(keyPtr, 4, false);
    const m = this.get(this.as.dv.getUint32(keyPtr, true));
    return m ? m.handle : 0;
  }
}

export class HashOfMaps extends BpfMap {
  readonly inner: InnerMapMeta;
  /** the hash table proper: value = the inner map's handle */
  readonly table: HashMap;
  private readonly byHandle = new Map<number, BpfMap>();
  private readonly resolveFd?: (fd: number) => unknown;

  constructor(as: AddressSpace, attr: MapAttr, opts: MapOptions = {}) {
    const inner = innerMeta(attr);
    htabAllocCheck({ ...attr, mapType: MapType.HASH });
    super(as, { ...attr, innerMap: undefined }, opts);
    this.inner = inner;
    this.resolveFd = opts.resolveFd;
    this.table = new HashMap(as, { ...attr, mapType: MapType.HASH, innerMap: undefined, mapName: `${attr.mapName ?? ''}` }, { ncpus: 1 });
  }

  private u32(m: BpfMap): Uint8Array {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, m.handle, true);
    return b;
  }

  /** the inner map stored under `key`, or null */
  get(key: Uint8Array): BpfMap | null {
    const a = this.table.lookupAddr(key);
    return a ? this.byHandle.get(this.as.dv.getUint32(a, true)) ?? null : null;
  }

  /** store `m` under `key` (flags as update) */
  set(key: Uint8Array, m: BpfMap, flags = 0): void {
    if (!metaEqual(this.inner, m)) throw new BpfError('EINVAL', `${this.what()}: ${m.what()} does not match the inner map template`);
    const old = this.get(key);
    this.table.update(key, this.u32(m), flags);
    m.hold();
    this.byHandle.set(m.handle, m);
    if (old) this.drop(old);
  }

  private drop(m: BpfMap): void {
    m.put();
  }

  override lookupPtr(keyPtr: number): number {
    const a = this.table.lookupPtr(keyPtr);
    return a ? this.as.dv.getUint32(a, true) : 0;
  }
  override deletePtr(keyPtr: number): number {
    const a = this.table.lookupPtr(keyPtr);
    const old = a ? this.byHandle.get(this.as.dv.getUint32(a, true)) : undefined;
    const r = this.table.deletePtr(keyPtr);
    if (r === 0 && old) this.drop(old);
    return r;
  }

  protected override sysLookup(key: Uint8Array | null): Uint8Array {
    const m = this.get(key!);
    if (!m) throw new BpfError('ENOENT', `${this.what()}: no such key`);
    const out = new Uint8Array(4);
    new DataView(out.buffer).setUint32(0, m.id, true);
    return out;
  }
  protected override sysUpdate(key: Uint8Array | null, value: Uint8Array, flags: number): void {
    const fd = new DataView(value.buffer, value.byteOffset, 4).getUint32(0, true);
    if (!this.resolveFd) throw new BpfError('EBADF', `${this.what()}: no file descriptor table to resolve fd ${fd}`);
    const m = acceptInner(this, this.inner, this.resolveFd(fd), fd);
    this.set(key!, m, flags);
  }
  protected override sysDelete(key: Uint8Array | null): void {
    const old = this.get(key!);
    this.table.delete(key);
    if (old) this.drop(old);
  }
  protected override sysGetNextKey(key: Uint8Array | null): Uint8Array {
    return this.table.getNextKey(key);
  }
  override lookupBatch(o: BatchOptions): BatchResult {
    const r = this.table.lookupBatch(o);
    return this.idsOf(r);
  }
  private idsOf(r: BatchResult): BatchResult {
    const dv = new DataView(r.values.buffer, r.values.byteOffset, r.values.byteLength);
    for (let i = 0; i < r.count; i++) {
      const m = this.byHandle.get(dv.getUint32(i * 4, true));
      dv.setUint32(i * 4, m ? m.id : 0, true);
    }
    return r;
  }
  protected override releaseRefs(): void {
    let k: Uint8Array | null = null;
    const all: BpfMap[] = [];
    for (;;) {
      try {
        k = this.table.getNextKey(k);
      } catch {
        break;
      }
      const m = this.get(k);
      if (m) all.push(m);
    }
    this.table.free();
    for (const m of all) m.put();
  }
}

