/**
 * A map in the running kernel, with the same typed API as the emulator's maps (runtime/typed_map.ts):
 * get/set/delete, keys/entries, batch operations, per-CPU values per CPU. Keys and values are
 * decoded from the map's BTF: the object's BTF for maps a KernelObject created, the kernel's copy
 * (BPF_BTF_GET_FD_BY_ID of the map's btf_id) for maps opened from a pin or an id, as bpftool does.
 * BPF_F_MMAPABLE maps (global data) are also mmap'd: `bytes` is the kernel's memory itself.
 */
import { BpfError } from '../isa/errors.js';
import type { MapSpec } from '../elf/spec.js';
import type { BatchOptions, BatchResult } from '../maps/map.js';
import { BPF_F_MMAPABLE, MapType } from '../maps/constants.js';
import { TypedMap, type MapShape, type RawMapOps } from '../runtime/typed_map.js';
import { describe, type TypeDesc } from '../runtime/format.js';
import {
  closeFd, getFdById, KernelError, mapBtfInfo, mapDeleteBatch, mapDeleteElem, mapGetNextKey, mapInfo, mapLookupAndDeleteBatch,
  mapLookupAndDeleteElem, mapLookupBatch, mapLookupElem, mapUpdateBatch, mapUpdateElem, objGet, objPin, possibleCpus,
  type BatchLookupResult, type MapInfo,
} from '../hooks/kernel/bpf.js';
import { BPF_MAP_GET_FD_BY_ID } from '../hooks/kernel/uapi.js';
import { btfById } from './system.js';
import { loadNative } from '../hooks/kernel/ffi.js';

/** mmap(2) constants (include/uapi/asm-generic/mman-common.h) */
export const PROT_READ = 1;
export const PROT_WRITE = 2;
export const MAP_SHARED = 1;
export const PAGE_SIZE = 4096;

function concatBatch(r: BatchLookupResult, keySize: number, valueSize: number): BatchResult {
  const keys = new Uint8Array(r.count * keySize);
  const values = new Uint8Array(r.count * valueSize);
  r.keys.forEach((k, i) => keys.set(k, i * keySize));
  r.values.forEach((v, i) => values.set(v, i * valueSize));
  return { count: r.count, keys, values, outBatch: r.count ? r.outBatch : null, ...(r.done ? { errno: 'ENOENT' as const } : {}) };
}

function split(b: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i + size <= b.length && size > 0; i += size) out.push(b.subarray(i, i + size));
  return out;
}

/** the kernel's bpf() map commands on one fd */
function kernelOps(h: { m?: KernelMap }): RawMapOps {
  const fd = (): number => h.m!.fd;
  const m = {
    get keySize() { return h.m!.keySize; },
    get userValueSize() { return h.m!.userValueSize; },
  };
  const batch = (o: BatchOptions) => ({ keySize: m.keySize, valueSize: m.userValueSize, count: o.count, inBatch: o.inBatch ?? null, ...(o.elemFlags ? { elemFlags: o.elemFlags } : {}) });
  return {
    lookup: (k, f) => mapLookupElem(fd(), k, m.userValueSize, f ?? 0),
    update: (k, v, f) => mapUpdateElem(fd(), k, v, f),
    delete: (k) => mapDeleteElem(fd(), k ?? new Uint8Array(0)),
    nextKey: (k) => mapGetNextKey(fd(), k, m.keySize),
    lookupAndDelete: (k, f) => mapLookupAndDeleteElem(fd(), k, m.userValueSize, f ?? 0),
    lookupBatch: (o) => concatBatch(mapLookupBatch(fd(), batch(o)), m.keySize, m.userValueSize),
    lookupAndDeleteBatch: (o) => concatBatch(mapLookupAndDeleteBatch(fd(), batch(o)), m.keySize, m.userValueSize),
    updateBatch: (k, v, o) => {
      const n = mapUpdateBatch(fd(), split(k, m.keySize), split(v, m.userValueSize), { keySize: m.keySize, valueSize: m.userValueSize, ...(o.elemFlags ? { elemFlags: o.elemFlags } : {}) });
      return { count: n, keys: new Uint8Array(0), values: new Uint8Array(0), outBatch: null };
    },
    deleteBatch: (k, o) => {
      const n = mapDeleteBatch(fd(), split(k, m.keySize), { keySize: m.keySize, ...(o.elemFlags ? { elemFlags: o.elemFlags } : {}) });
      return { count: n, keys: new Uint8Array(0), values: new Uint8Array(0), outBatch: null };
    },
  };
}

export interface KernelMapInit {
  name: string;
  fd: number;
  info: MapInfo;
  spec?: MapSpec;
  keyType?: TypeDesc;
  valueType?: TypeDesc;
}

export class KernelMap extends TypedMap implements Disposable {
  /** the map's fd (-1 after close) */
  fd: number;
  /** the kernel's id for the map (bpftool map show id N) */
  readonly id: number;
  /** the definition in the object, for maps a KernelObject created */
  readonly spec?: MapSpec;
  private mapping: { bytes: Uint8Array; unmap(): void } | undefined;

  constructor(init: KernelMapInit) {
    const i = init.info;
    const shape: MapShape = { type: i.type, keySize: i.keySize, valueSize: i.valueSize, maxEntries: i.maxEntries, flags: i.mapFlags, ncpus: possibleCpus() };
    const holder: { m?: KernelMap } = {};
    super(init.name, shape, kernelOps(holder), init.keyType, init.valueType);
    holder.m = this;
    this.fd = init.fd;
    this.id = i.id;
    if (init.spec) this.spec = init.spec;
  }

  /** an fd for the map pinned at `path` (BPF_OBJ_GET), typed from the kernel's BTF of the map */
  static fromPin(path: string, opts: { readonly?: boolean } = {}): KernelMap {
    const fd = objGet(path, opts.readonly ? 1 /* BPF_F_RDONLY */ : 0);
    return KernelMap.fromFd(fd, path);
  }

  /** an fd for the map with this id (BPF_MAP_GET_FD_BY_ID) */
  static fromId(id: number): KernelMap {
    return KernelMap.fromFd(getFdById(BPF_MAP_GET_FD_BY_ID, id), `map id ${id}`);
  }

  /** wrap an fd this process owns (it is closed by close()) */
  static fromFd(fd: number, what = `map fd ${fd}`): KernelMap {
    try {
      const info = mapInfo(fd);
      const types = kernelMapTypes(fd);
      return new KernelMap({ name: info.name || what, fd, info, ...types });
    } catch (e) {
      closeFd(fd);
      throw e;
    }
  }

  /**
   * The map's memory, mmap'd (BPF_F_MMAPABLE arrays: global data). Writes through it are seen by
   * programs at once and reads see what programs wrote, with no system call. Frozen maps
   * (.rodata) are mapped read-only, as the kernel allows nothing else (bpf_map_mmap).
   */
  get bytes(): Uint8Array {
    if (this.mapping) return this.mapping.bytes;
    if (!(this.shape.flags & BPF_F_MMAPABLE)) throw new BpfError('EINVAL', `map '${this.name}' is not BPF_F_MMAPABLE, so it cannot be mmap'd`);
    this.mapping = mmapMap(this, !this.frozen);
    return this.mapping.bytes;
  }

  /** set by the loader after BPF_MAP_FREEZE */
  frozen = false;

  /** pin the map at a bpffs path (BPF_OBJ_PIN) */
  pin(path: string): void {
    objPin(this.requireFd(), path);
  }

  requireFd(): number {
    if (this.fd < 0) throw new BpfError('EBADF', `map '${this.name}' is closed`);
    return this.fd;
  }

  /** close the fd (the map lives on while pinned or used by a loaded program) */
  close(): void {
    this.mapping?.unmap();
    this.mapping = undefined;
    if (this.fd >= 0) closeFd(this.fd);
    this.fd = -1;
  }

  [Symbol.dispose](): void {
    this.close();
  }
}

/** mmap an array map's value area: round_up(value_size, 8) * max_entries, to whole pages */
function mmapMap(m: KernelMap, writable: boolean): { bytes: Uint8Array; unmap(): void } {
  const l = loadNative();
  if (!l.ok) throw new BpfError('ENOSYS', `mmap is unavailable: ${l.reason}`);
  const size = ((m.valueSize + 7) & ~7) * m.maxEntries;
  const len = Math.max(PAGE_SIZE, Math.ceil(size / PAGE_SIZE) * PAGE_SIZE);
  const r = l.native.sys().mmap(len, PROT_READ | (writable ? PROT_WRITE : 0), MAP_SHARED, m.requireFd(), 0);
  if ('errno' in r) throw new KernelError(`mmap of map '${m.name}'`, r.errno);
  return { bytes: r.bytes.subarray(0, size), unmap: r.unmap };
}

/** key and value types of a kernel map from the kernel's copy of its BTF (none when it has no BTF) */
export function kernelMapTypes(fd: number): { keyType?: TypeDesc; valueType?: TypeDesc } {
  const bi = mapBtfInfo(fd);
  if (!bi.btfId || (!bi.btfKeyTypeId && !bi.btfValueTypeId)) return {};
  try {
    const btf = btfById(bi.btfId);
    return {
      ...(bi.btfKeyTypeId ? { keyType: describe(btf, bi.btfKeyTypeId) } : {}),
      ...(bi.btfValueTypeId ? { valueType: describe(btf, bi.btfValueTypeId) } : {}),
    };
  } catch {
    return {};
  }
}

export { MapType };
