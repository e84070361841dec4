/**
 * BPF_MAP_TYPE_ARRAY and BPF_MAP_TYPE_PERCPU_ARRAY (kernel/bpf/arraymap.c).
 * One preallocated region holds every element at round_up(value_size, 8) strides (per CPU for
 * the per-CPU flavour: element i of CPU c sits at (i*ncpus + c)*stride), so a lookup is
 * `base + index*stride` exactly as array_map_lookup_elem computes it.
 */
import { BpfError } from '../isa/errors.js';
import { AddressSpace, RegionKind } from '../vm/address_space.js';
import {
  BPF_EXIST, BPF_F_ACCESS_MASK, BPF_F_INNER_MAP, BPF_F_LOCK, BPF_F_MMAPABLE, BPF_F_NUMA_NODE, BPF_F_PRESERVE_ELEMS,
  BPF_F_RDONLY, BPF_F_RDONLY_PROG, BPF_F_WRONLY, BPF_F_WRONLY_PROG, BPF_NOEXIST, MapType, PCPU_MIN_UNIT_SIZE, round8, type MapAttr,
} from './constants.js';
import { BpfMap, E2BIG, EEXIST, EINVAL, check, type BatchOptions, type BatchResult, type MapOptions } from './map.js';

const ARRAY_CREATE_FLAG_MASK = BPF_F_NUMA_NODE | BPF_F_MMAPABLE | BPF_F_ACCESS_MASK | BPF_F_PRESERVE_ELEMS | BPF_F_INNER_MAP;

/** bpf_map_flags_access_ok: RDONLY and WRONLY (for either side) exclude each other */
export function accessFlagsOk(f: number): boolean {
  // include/linux/bpf.h bpf_map_flags_access_ok, plus bpf_get_file_flag's RDONLY+WRONLY refusal
  return (f & (BPF_F_RDONLY_PROG | BPF_F_WRONLY_PROG)) !== (BPF_F_RDONLY_PROG | BPF_F_WRONLY_PROG) &&
    (f & (BPF_F_RDONLY | BPF_F_WRONLY)) !== (BPF_F_RDONLY | BPF_F_WRONLY);
}

/** array_map_alloc_check */
export function arrayAllocCheck(a: MapAttr): void {
  const f = a.mapFlags ?? 0;
  const percpu = a.mapType === MapType.PERCPU_ARRAY;
  if (a.maxEntries === 0 || a.keySize !== 4 || a.valueSize === 0 || (f & ~ARRAY_CREATE_FLAG_MASK) || !accessFlagsOk(f) || (percpu && (f & BPF_F_NUMA_NODE)))
    throw new BpfError('EINVAL', `array map: key_size must be 4, value_size and max_entries nonzero, flags known (key_size=${a.keySize} value_size=${a.valueSize} max_entries=${a.maxEntries} map_flags=0x${f.toString(16)})`);
  if (a.mapType !== MapType.ARRAY && (f & (BPF_F_MMAPABLE | BPF_F_INNER_MAP)))
    throw new BpfError('EINVAL', 'array map: BPF_F_MMAPABLE and BPF_F_INNER_MAP are for BPF_MAP_TYPE_ARRAY only');
  if (a.mapType !== MapType.PERF_EVENT_ARRAY && (f & BPF_F_PRESERVE_ELEMS))
    throw new BpfError('EINVAL', 'array map: BPF_F_PRESERVE_ELEMS is for BPF_MAP_TYPE_PERF_EVENT_ARRAY only');
  if (a.valueSize > 0x7fffffff) throw new BpfError('E2BIG', `array map: value_size ${a.valueSize} too large`);
  if (percpu && round8(a.valueSize) > PCPU_MIN_UNIT_SIZE) throw new BpfError('E2BIG', `per-CPU value_size ${a.valueSize} above ${PCPU_MIN_UNIT_SIZE}`);
}

export class ArrayMap extends BpfMap {
  readonly percpu: boolean;
  readonly stride: number;
  /** address of element 0 */
  readonly base: number;
  /** scratch u32 for the key pointer bpf_for_each_map_elem hands its callback */
  private readonly keyScratch: number;

  constructor(as: AddressSpace, attr: MapAttr, opts: MapOptions = {}) {
    super(as, attr, opts);
    this.percpu = attr.mapType === MapType.PERCPU_ARRAY;
    this.stride = round8(this.valueSize);
    const n = this.maxEntries * (this.percpu ? this.ncpus : 1);
    const writable = !(this.flags & BPF_F_RDONLY_PROG);
    this.base = this.alloc(n * this.stride, RegionKind.MapValue, `${this.name || 'array'} values`, writable).base;
    this.keyScratch = this.alloc(8, RegionKind.MapKey, `${this.name || 'array'} key`, false).base;
  }

  override get userValueSize(): number {
    return this.percpu ? this.stride * this.ncpus : this.valueSize;
  }

  /** address of element `index` for `cpu` (no bounds check) */
  elemAddr(index: number, cpu = 0): number {
    return this.base + (this.percpu ? index * this.ncpus + cpu : index) * this.stride;
  }

  /**
   * What an inline bpf_map_lookup_elem needs (the JIT's fast path, vm/jit/map_fastpath.ts; the
   * kernel's array_map_gen_lookup is the same idea): for `cpu`, element `index < maxEntries` is at
   * `base + index * stride` — exactly `lookupPtr`'s answer. Fixed for the map's lifetime.
   */
  lookupLayout(cpu = 0): { base: number; stride: number; maxEntries: number } {
    return { base: this.elemAddr(0, cpu), stride: this.percpu ? this.stride * this.ncpus : this.stride, maxEntries: this.maxEntries };
  }

  override lookupPtr(keyPtr: number, cpu = 0): number {
    this.as.check(keyPtr, 4, false);
    const index = this.as.dv.getUint32(keyPtr, true);
    if (index >= this.maxEntries) return 0;
    return this.elemAddr(index, cpu);
  }

  override updatePtr(keyPtr: number, valuePtr: number, flags: number, cpu = 0): number {
    this.as.check(keyPtr, 4, false);
    this.as.check(valuePtr, this.valueSize, false);
    const index = this.as.dv.getUint32(keyPtr, true);
    const r = this.checkUpdate(index, flags);
    if (r) return r;
    const u8 = this.as.u8;
    this.copyValue(u8, this.elemAddr(index, cpu), u8, valuePtr);
    return 0;
  }

  /**
   * map_key_from_value for an array: the element holding `fieldPtr` and its index, in a u32 of
   * the map's (the kernel keeps it on the stack of bpf_timer_cb / bpf_wq_work)
   */
  override asyncElem(fieldPtr: number): [number, number] | undefined {
    const d = fieldPtr - this.elemAddr(0);
    if (this.percpu || d < 0 || d >= this.maxEntries * this.stride) return undefined;
    const index = Math.floor(d / this.stride);
    this.asyncKey ??= this.alloc(8, RegionKind.MapKey, `${this.name || 'array'} timer key`, false).base;
    this.as.dv.setUint32(this.asyncKey, index, true);
    return [this.asyncKey, this.elemAddr(index)];
  }
  private asyncKey: number | undefined;

  override deletePtr(_keyPtr: number): number {
    return EINVAL;
  }

  override forEachPtr(cpu: number, fn: (keyPtr: number, valuePtr: number) => number): number {
    let n = 0;
    for (let i = 0; i < this.maxEntries; i++) {
      this.as.dv.setUint32(this.keyScratch, i, true);
      n++;
      if (fn(this.keyScratch, this.elemAddr(i, cpu))) break;
    }
    return n;
  }

  /** array_map_update_elem / bpf_percpu_array_update flag and index checks, in the kernel's order */
  private checkUpdate(index: number, flags: number): number {
    if (this.percpu ? flags > BPF_EXIST : (flags & ~BPF_F_LOCK) > BPF_EXIST) return EINVAL;
    if (index >= this.maxEntries) return E2BIG;
    if (this.percpu ? flags === BPF_NOEXIST : flags & BPF_NOEXIST) return EEXIST;
    if ((flags & BPF_F_LOCK) && this.spinLockOff < 0) return EINVAL;
    return 0;
  }

  private index(key: Uint8Array | null): number {
    return (key![0]! | (key![1]! << 8) | (key![2]! << 16) | (key![3]! << 24)) >>> 0;
  }

  protected override sysLookup(key: Uint8Array | null, _flags: number): Uint8Array {
    const index = this.index(key);
    if (index >= this.maxEntries) throw new BpfError('ENOENT', `${this.what()}: index ${index} >= max_entries ${this.maxEntries}`);
    const out = new Uint8Array(this.userValueSize);
    const u8 = this.as.u8;
    if (!this.percpu) this.copyOut(out, 0, u8, this.elemAddr(index));
    else for (let c = 0; c < this.ncpus; c++) this.copyOut(out, c * this.stride, u8, this.elemAddr(index, c));
    return out;
  }

  protected override sysUpdate(key: Uint8Array | null, value: Uint8Array, flags: number): void {
    const index = this.index(key);
    check(this.checkUpdate(index, flags), () => `${this.what()}: update of index ${index} (flags ${flags})`);
    const u8 = this.as.u8;
    if (!this.percpu) this.copyValue(u8, this.elemAddr(index), value, 0);
    else for (let c = 0; c < this.ncpus; c++) this.copyValue(u8, this.elemAddr(index, c), value, c * this.stride);
  }

  protected override sysDelete(_key: Uint8Array | null): void {
    throw new BpfError('EINVAL', `${this.what()}: array elements cannot be deleted`);
  }

  protected override sysGetNextKey(key: Uint8Array | null): Uint8Array {
    const index = key ? this.index(key) : 0xffffffff;
    const out = new Uint8Array(4);
    let next: number;
    if (index >= this.maxEntries) next = 0;
    else if (index === this.maxEntries - 1) throw new BpfError('ENOENT', `${this.what()}: no key after ${index}`);
    else next = index + 1;
    new DataView(out.buffer).setUint32(0, next, true);
    return out;
  }

  override lookupBatch(o: BatchOptions): BatchResult {
    return this.genericLookupBatch(o, false);
  }
  override updateBatch(keys: Uint8Array, values: Uint8Array, o: BatchOptions): BatchResult {
    return this.genericUpdateBatch(keys, values, o);
  }

  /** fast JS paths for benchmarks and typed access: value of index for cpu as a view (no copy) */
  view(index: number, cpu = 0): Uint8Array {
    if (index >= this.maxEntries) throw new BpfError('ENOENT', `${this.what()}: index ${index} >= max_entries ${this.maxEntries}`);
    const a = this.elemAddr(index, cpu);
    return this.as.u8.subarray(a, a + this.valueSize);
  }
}
