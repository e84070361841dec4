/**
 * Storage attached to kernel objects:
 * - BPF_MAP_TYPE_SK_STORAGE, INODE_STORAGE, TASK_STORAGE, CGRP_STORAGE (kernel/bpf/bpf_local_storage.c,
 *   bpf_sk_storage.c, bpf_inode_storage.c, bpf_task_storage.c, bpf_cgrp_storage.c): one value per
 *   object, created by bpf_*_storage_get(map, owner, value, BPF_LOCAL_STORAGE_GET_F_CREATE) and
 *   freed with the object or bpf_*_storage_delete. The syscall side names the object by an fd.
 * - BPF_MAP_TYPE_CGROUP_STORAGE / PERCPU_CGROUP_STORAGE (kernel/bpf/local_storage.c): one value
 *   per (cgroup, attach type) a program is attached to, reached with bpf_get_local_storage().
 * In tsbpf the owner is a simulated object: its address in the address space (the socket a test
 * run's skb->sk points at, the current task of a tracing run, the run's cgroup id), and the
 * storage is a hash from that key to a value region.
 */
import { BpfError } from '../isa/errors.js';
import type { AddressSpace } from '../vm/address_space.js';
import { HashMap } from './hashtab.js';
import { BPF_F_NO_PREALLOC, BPF_F_NUMA_NODE, BPF_F_RDONLY, BPF_F_RDONLY_PROG, BPF_F_WRONLY, BPF_F_WRONLY_PROG, BPF_F_CLONE, MapType, mapTypeName, type MapAttr } from './constants.js';
import { BpfMap, ENOENT, type MapOptions } from './map.js';

/** BPF_LOCAL_STORAGE_GET_F_CREATE (uapi) */
export const BPF_LOCAL_STORAGE_GET_F_CREATE = 1;
/**
 * BPF_LOCAL_STORAGE_MAX_VALUE_SIZE: U16_MAX - sizeof(struct bpf_local_storage_elem) (128 bytes on
 * 6.18 x86-64: the kernel accepts 65407 and refuses 65408 with E2BIG)
 */
const MAX_VALUE_SIZE = 65535 - 128;
/** simulated objects one storage map holds at most (the kernel has no bound but memory) */
const MAX_OWNERS = 65536;
/** cgroup_storage_map_alloc's value bound for the per-CPU flavour */
const PCPU_MIN_UNIT_SIZE = 32768;

/** bpf_local_storage_map_alloc_check / cgroup_storage_map_alloc */
export function localStorageAllocCheck(a: MapAttr): void {
  const f = a.mapFlags ?? 0;
  const name = mapTypeName(a.mapType);
  if (a.mapType === MapType.CGROUP_STORAGE || a.mapType === MapType.PERCPU_CGROUP_STORAGE) {
    // key: struct bpf_cgroup_storage_key {u64 cgroup_inode_id; u32 attach_type} (16 bytes with its padding) or a u64 cgroup id
    if (a.keySize !== 16 && a.keySize !== 8) throw new BpfError('EINVAL', `${name}: key_size must be 16 (struct bpf_cgroup_storage_key) or 8, got ${a.keySize}`);
    if (a.valueSize === 0) throw new BpfError('EINVAL', `${name}: value_size must be > 0`);
    const max = a.mapType === MapType.PERCPU_CGROUP_STORAGE ? PCPU_MIN_UNIT_SIZE : MAX_VALUE_SIZE;
    if (a.valueSize > max) throw new BpfError('E2BIG', `${name}: value_size ${a.valueSize} above ${max}`);
    if (f & ~(BPF_F_NUMA_NODE | BPF_F_RDONLY | BPF_F_WRONLY | BPF_F_RDONLY_PROG | BPF_F_WRONLY_PROG)) throw new BpfError('EINVAL', `${name}: flags 0x${f.toString(16)} are not allowed`);
    if (a.maxEntries !== 0) throw new BpfError('EINVAL', `${name}: max_entries must be 0 (one value per attached cgroup)`);
    return;
  }
  if (a.keySize !== 4) throw new BpfError('EINVAL', `${name}: key_size must be 4 (the owner's fd), got ${a.keySize}`);
  if (a.maxEntries !== 0) throw new BpfError('EINVAL', `${name}: max_entries must be 0 (one value per object)`);
  if (!(f & BPF_F_NO_PREALLOC)) throw new BpfError('EINVAL', `${name}: BPF_F_NO_PREALLOC is required`);
  if (f & ~(BPF_F_NO_PREALLOC | BPF_F_CLONE)) throw new BpfError('EINVAL', `${name}: flags 0x${f.toString(16)} are not allowed`);
  if (a.valueSize === 0) throw new BpfError('EINVAL', `${name}: value_size must be > 0`);
  if (a.valueSize > MAX_VALUE_SIZE) throw new BpfError('E2BIG', `${name}: value_size ${a.valueSize} too large`);
}

export class LocalStorageMap extends BpfMap {
  /** owner address (or cgroup id) -> value */
  private readonly table: HashMap;
  private readonly key = new Uint8Array(8);

  constructor(as: AddressSpace, attr: MapAttr, opts: MapOptions = {}) {
    localStorageAllocCheck(attr);
    super(as, attr, opts);
    this.table = new HashMap(as, { mapType: MapType.HASH, keySize: 8, valueSize: this.valueSize, maxEntries: MAX_OWNERS, mapFlags: BPF_F_NO_PREALLOC, mapName: this.name }, { ncpus: 1 });
  }

  /**
   * bpf_*_storage_get / bpf_get_local_storage: the value of `owner` (a simulated object's address
   * or id), created — zeroed, or a copy of `initPtr` — with BPF_LOCAL_STORAGE_GET_F_CREATE; 0 when absent
   */
  storageGet(owner: number, initPtr: number, flags: number): number {
    if (owner === 0) return 0;
    const k = this.keyOf(owner);
    let a = this.table.lookupAddr(k);
    if (a || !(flags & BPF_LOCAL_STORAGE_GET_F_CREATE)) return a;
    const v = new Uint8Array(this.valueSize);
    if (initPtr) v.set(this.as.u8.subarray(initPtr, initPtr + this.valueSize));
    this.table.update(k, v, 0);
    a = this.table.lookupAddr(k);
    return a;
  }

  /** bpf_*_storage_delete: 0 or -ENOENT */
  storageDelete(owner: number): number {
    const k = this.keyOf(owner);
    if (!this.table.lookupAddr(k)) return ENOENT;
    this.table.delete(k);
    return 0;
  }

  private keyOf(owner: number): Uint8Array {
    new DataView(this.key.buffer).setBigUint64(0, BigInt(owner), true);
    return this.key.slice();
  }

  protected override releaseRefs(): void {
    this.table.free();
  }
}
