/**
 * BPF_MAP_TYPE_REUSEPORT_SOCKARRAY (kernel/bpf/reuseport_array.c): an array of SO_REUSEPORT
 * sockets from which an sk_reuseport program picks the one to receive a packet or connection
 * (bpf_sk_select_reuseport). The kernel stores `struct sock *`; tsbpf has no sockets, so as in
 * SOCKMAP the number written from user space (an fd, u32 or u64) stands for a simulated socket,
 * and that number is also its cookie (what a lookup of a u64-valued array answers, where the
 * kernel gives __sock_gen_cookie). The kernel's rules kept:
 * - creation: value_size 4 or 8, then array_map_alloc_check (reuseport_array_alloc_check);
 * - update (bpf_fd_reuseport_array_update_elem): flags above BPF_EXIST EINVAL, an index past
 *   max_entries E2BIG, a u64 fd above S32_MAX EINVAL, a negative fd EBADF (sockfd_lookup),
 *   BPF_NOEXIST on a filled slot EEXIST, BPF_EXIST on an empty one ENOENT, a socket already in an
 *   array EBUSY (its sk_user_data is taken: reuseport_array_update_check);
 * - lookup (bpf_fd_reuseport_array_lookup_elem): ENOSPC unless value_size is 8, ENOENT when empty;
 * - delete: E2BIG past the end, ENOENT when empty; get_next_key as an array; no batch ops.
 * Programs reach it only through bpf_sk_select_reuseport (check_map_func_compatibility), which
 * uses selectedSocket().
 */
import { BpfError } from '../isa/errors.js';
import type { AddressSpace } from '../vm/address_space.js';
import { arrayAllocCheck } from './array.js';
import { BPF_EXIST, BPF_NOEXIST, type MapAttr } from './constants.js';
import { BpfMap, type MapOptions } from './map.js';

const S32_MAX = 0x7fffffff;

/** the simulated sockets held by some array of each address space (the kernel's sk_user_data mark) */
const inArray = new WeakMap<AddressSpace, Set<number>>();

/** reuseport_array_alloc_check */
export function reuseportArrayAllocCheck(a: MapAttr): void {
  if (a.valueSize !== 4 && a.valueSize !== 8) throw new BpfError('EINVAL', `BPF_MAP_TYPE_REUSEPORT_SOCKARRAY: value_size must be 4 or 8 (a socket fd), got ${a.valueSize}`);
  arrayAllocCheck(a);
}

export class ReuseportArrayMap extends BpfMap {
  /** the simulated socket in each slot, null when empty */
  readonly slots: (number | null)[];

  constructor(as: AddressSpace, attr: MapAttr, opts: MapOptions = {}) {
    reuseportArrayAllocCheck(attr);
    super(as, attr, opts);
    this.slots = new Array<number | null>(this.maxEntries).fill(null);
  }

  private held(): Set<number> {
    let s = inArray.get(this.as);
    if (!s) inArray.set(this.as, (s = new Set()));
    return s;
  }

  private index(key: Uint8Array | null): number {
    return new DataView(key!.buffer, key!.byteOffset, 4).getUint32(0, true);
  }

  /** reuseport_array_lookup_elem: the socket in slot `index`, undefined when empty or out of range */
  selectedSocket(index: number): number | undefined {
    return index < this.maxEntries ? this.slots[index] ?? undefined : undefined;
  }

  /** bpf_fd_reuseport_array_update_elem with the simulated socket instead of an fd */
  set(index: number, sock: number, flags = 0): void {
    if (flags > BPF_EXIST) throw new BpfError('EINVAL', `${this.what()}: flags ${flags} are not BPF_ANY, BPF_NOEXIST or BPF_EXIST`);
    if (index >= this.maxEntries) throw new BpfError('E2BIG', `${this.what()}: index ${index} >= max_entries ${this.maxEntries}`);
    if (sock < 0) throw new BpfError('EBADF', `${this.what()}: fd ${sock} is not open`);
    const old = this.slots[index];
    if (old !== null && flags === BPF_NOEXIST) throw new BpfError('EEXIST', `${this.what()}: slot ${index} already holds socket ${old}`);
    if (old === null && flags === BPF_EXIST) throw new BpfError('ENOENT', `${this.what()}: slot ${index} is empty`);
    const held = this.held();
    if (held.has(sock)) throw new BpfError('EBUSY', `${this.what()}: socket ${sock} is already in a reuseport array (its sk_user_data is taken)`);
    held.add(sock);
    if (old !== null) held.delete(old);
    this.slots[index] = sock;
  }

  protected override sysUpdate(key: Uint8Array | null, value: Uint8Array, flags: number): void {
    const dv = new DataView(value.buffer, value.byteOffset, value.length);
    let fd: number;
    if (this.valueSize === 8) {
      const fd64 = dv.getBigUint64(0, true);
      if (fd64 > BigInt(S32_MAX)) {
        // the kernel checks flags and the index first
        if (flags <= BPF_EXIST && this.index(key) < this.maxEntries) throw new BpfError('EINVAL', `${this.what()}: fd ${fd64} is above S32_MAX`);
      }
      fd = Number(fd64 & 0xffffffffn) | 0;
    } else fd = dv.getInt32(0, true);
    this.set(this.index(key), fd, flags);
  }

  protected override sysLookup(key: Uint8Array | null): Uint8Array {
    if (this.valueSize !== 8) throw new BpfError('ENOSPC', `${this.what()}: a lookup answers a u64 socket cookie, and value_size is ${this.valueSize}`);
    const index = this.index(key);
    const s = this.selectedSocket(index);
    if (s === undefined) throw new BpfError('ENOENT', `${this.what()}: slot ${index} is empty`);
    const out = new Uint8Array(8);
    new DataView(out.buffer).setBigUint64(0, BigInt(s), true);
    return out;
  }

  protected override sysDelete(key: Uint8Array | null): void {
    const index = this.index(key);
    if (index >= this.maxEntries) throw new BpfError('E2BIG', `${this.what()}: index ${index} >= max_entries ${this.maxEntries}`);
    const s = this.slots[index];
    if (s === null || s === undefined) throw new BpfError('ENOENT', `${this.what()}: slot ${index} is empty`);
    this.held().delete(s);
    this.slots[index] = null;
  }

  protected override sysGetNextKey(key: Uint8Array | null): Uint8Array {
    const index = key ? this.index(key) : 0xffffffff;
    if (index === this.maxEntries - 1) throw new BpfError('ENOENT', `${this.what()}: no key after ${index}`);
    const out = new Uint8Array(4);
    new DataView(out.buffer).setUint32(0, index >= this.maxEntries ? 0 : index + 1, true);
    return out;
  }

  /** reuseport_array_free: the sockets leave the array (their sk_user_data is cleared) */
  protected override releaseRefs(): void {
    const held = this.held();
    for (let i = 0; i < this.slots.length; i++) {
      const s = this.slots[i];
      if (s !== null && s !== undefined) held.delete(s);
      this.slots[i] = null;
    }
  }
}
