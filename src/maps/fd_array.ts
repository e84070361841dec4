/**
 * The fd arrays of kernel/bpf/arraymap.c (fd_array_map_*): PROG_ARRAY, PERF_EVENT_ARRAY,
 * ARRAY_OF_MAPS (and CGROUP_ARRAY in the kernel). Slots hold kernel objects; the syscall side
 * writes a file descriptor (value_size 4) and reads back the object's id.
 */
import { BpfError } from '../isa/errors.js';
import { AddressSpace, RegionKind } from '../vm/address_space.js';
import { BPF_ANY, BPF_F_RDONLY_PROG, BPF_F_WRONLY_PROG, type MapAttr } from './constants.js';
import { arrayAllocCheck } from './array.js';
import { BpfMap, type BatchOptions, type BatchResult, type MapOptions } from './map.js';

/** fd_array_map_alloc_check */
export function fdArrayAllocCheck(a: MapAttr): void {
  if (a.valueSize !== 4) throw new BpfError('EINVAL', `fd array: value_size must be 4 (a file descriptor), got ${a.valueSize}`);
  if ((a.mapFlags ?? 0) & (BPF_F_RDONLY_PROG | BPF_F_WRONLY_PROG)) throw new BpfError('EINVAL', 'fd array: BPF_F_RDONLY_PROG/WRONLY_PROG are not supported');
  arrayAllocCheck(a);
}

export interface KernelObject {
  readonly id: number;
  hold?(): unknown;
  put?(): void;
}

export abstract class FdArrayMap<T extends KernelObject> extends BpfMap {
  readonly slots: (T | null)[];
  private readonly resolveFd?: (fd: number) => unknown;
  protected readonly keyScratch: number;

  constructor(as: AddressSpace, attr: MapAttr, opts: MapOptions = {}) {
    super(as, attr, opts);
    this.slots = new Array<T | null>(this.maxEntries).fill(null);
    this.resolveFd = opts.resolveFd;
    this.keyScratch = this.alloc(8, RegionKind.MapKey, `${this.name || 'fd array'} key`, false).base;
  }

  /** check that `obj` may go into this map (type, program type, inner-map shape); the object for the fd */
  protected abstract accept(obj: unknown, fd: number): T;

  protected index(key: Uint8Array | null): number {
    return (key![0]! | (key![1]! << 8) | (key![2]! << 16) | (key![3]! << 24)) >>> 0;
  }

  /** the object in slot `index` (tail calls, perf output, inner maps) */
  get(index: number): T | null {
    return index < this.maxEntries ? this.slots[index]! : null;
  }

  /** bpf_fd_array_map_update_elem with the object instead of an fd */
  set(index: number, obj: T | null): void {
    if (index >= this.maxEntries) throw new BpfError('E2BIG', `${this.what()}: index ${index} >= max_entries ${this.maxEntries}`);
    const old = this.slots[index]!;
    if (obj) obj.hold?.();
    this.slots[index] = obj;
    if (old) old.put?.();
  }

  protected override sysUpdate(key: Uint8Array | null, value: Uint8Array, flags: number): void {
    if (flags !== BPF_ANY) throw new BpfError('EINVAL', `${this.what()}: fd arrays take only BPF_ANY`);
    const index = this.index(key);
    if (index >= this.maxEntries) throw new BpfError('E2BIG', `${this.what()}: index ${index} >= max_entries ${this.maxEntries}`);
    const fd = new DataView(value.buffer, value.byteOffset, 4).getUint32(0, true);
    if (!this.resolveFd) throw new BpfError('EBADF', `${this.what()}: no file descriptor table to resolve fd ${fd}`);
    const obj = this.accept(this.resolveFd(fd), fd);
    this.set(index, obj);
  }

  protected override sysDelete(key: Uint8Array | null): void {
    const index = this.index(key);
    if (index >= this.maxEntries) throw new BpfError('E2BIG', `${this.what()}: index ${index} >= max_entries ${this.maxEntries}`);
    if (!this.slots[index]) throw new BpfError('ENOENT', `${this.what()}: slot ${index} is empty`);
    this.set(index, null);
  }

  /** map_fd_sys_lookup_elem: the id of the object in the slot */
  protected override sysLookup(key: Uint8Array | null): Uint8Array {
    const index = this.index(key);
    const o = index < this.maxEntries ? this.slots[index] : null;
    if (!o) throw new BpfError('ENOENT', `${this.what()}: slot ${index} is empty`);
    const out = new Uint8Array(4);
    new DataView(out.buffer).setUint32(0, o.id, true);
    return out;
  }

  protected override sysGetNextKey(key: Uint8Array | null): Uint8Array {
    const index = key ? this.index(key) : 0xffffffff;
    let next: number;
    if (index >= this.maxEntries) next = 0;
    else if (index === this.maxEntries - 1) throw new BpfError('ENOENT', `${this.what()}: no key after ${index}`);
    else next = index + 1;
    const out = new Uint8Array(4);
    new DataView(out.buffer).setUint32(0, next, true);
    return out;
  }

  override lookupBatch(o: BatchOptions): BatchResult {
    return this.genericLookupBatch(o, false);
  }

  /** bpf_fd_array_map_clear */
  clear(): void {
    for (let i = 0; i < this.maxEntries; i++) if (this.slots[i]) this.set(i, null);
  }

  protected override releaseRefs(): void {
    this.clear();
  }
}

/** a simulated cgroup in a CGROUP_ARRAY slot: the fd the syscall side wrote stands for its id */
export interface SimCgroup extends KernelObject {
  readonly id: number;
}

/**
 * BPF_MAP_TYPE_CGROUP_ARRAY (kernel/bpf/arraymap.c cgroup_array_map_ops): slots hold cgroups for
 * bpf_skb_under_cgroup / bpf_current_task_under_cgroup. tsbpf has no cgroup fds: the value written
 * is taken as the simulated cgroup's id, the one runs give in ExecEnv.cgroupId.
 */
export class CgroupArrayMap extends FdArrayMap<SimCgroup> {
  protected accept(obj: unknown, fd: number): SimCgroup {
    if (obj && typeof obj === 'object' && typeof (obj as SimCgroup).id === 'number') return obj as SimCgroup;
    return { id: fd };
  }
}
