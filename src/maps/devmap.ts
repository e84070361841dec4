/**
 * The redirect targets of XDP and the socket maps, as arrays and hashes of small values:
 * - DEVMAP / DEVMAP_HASH (kernel/bpf/devmap.c): u32 ifindex, or struct bpf_devmap_val {ifindex,
 *   bpf_prog.fd} (8 bytes); bpf_redirect_map sends the frame to that interface;
 * - CPUMAP (kernel/bpf/cpumap.c): u32 qsize, or struct bpf_cpumap_val {qsize, bpf_prog.fd}; the key
 *   is a CPU (at most NR_CPUS entries);
 * - XSKMAP (net/xdp/xskmap.c): an AF_XDP socket (u32, its fd);
 * - SOCKMAP / SOCKHASH (net/core/sock_map.c): a socket (u32 fd or u64 cookie).
 * tsbpf has no devices or sockets: the values are what the syscall side stored — an ifindex, a
 * queue size, a simulated socket's number — and a redirect delivers to the simulated interface,
 * CPU or socket the slot names (hooks count them per target). Creation checks are each file's
 * *_alloc_check.
 */
import { BpfError } from '../isa/errors.js';
import type { AddressSpace } from '../vm/address_space.js';
import { ArrayMap } from './array.js';
import { HashMap } from './hashtab.js';
import { BPF_F_NUMA_NODE, BPF_F_RDONLY, BPF_F_WRONLY, MapType, mapTypeName, type MapAttr } from './constants.js';
import type { MapOptions } from './map.js';

/** NR_CPUS of a typical distribution kernel (CONFIG_NR_CPUS): cpu_map_alloc's E2BIG bound */
export const NR_CPUS = 8192;

const DEV_CREATE_FLAG_MASK = BPF_F_NUMA_NODE | BPF_F_RDONLY | BPF_F_WRONLY;
const SOCK_CREATE_FLAG_MASK = BPF_F_NUMA_NODE | BPF_F_RDONLY | BPF_F_WRONLY;
const XSK_CREATE_FLAG_MASK = BPF_F_NUMA_NODE | BPF_F_RDONLY | BPF_F_WRONLY;

function bad(a: MapAttr, why: string): never {
  throw new BpfError('EINVAL', `${mapTypeName(a.mapType)}: ${why}`);
}

/** the alloc checks of the redirect and socket maps */
export function redirectMapAllocCheck(a: MapAttr): void {
  const f = a.mapFlags ?? 0;
  // only SOCKHASH takes any key (sock_hash_alloc: up to MAX_BPF_STACK bytes); DEVMAP_HASH's key is an index as DEVMAP's
  const anyKey = a.mapType === MapType.SOCKHASH;
  if (a.maxEntries === 0) bad(a, 'max_entries must be > 0');
  if (!anyKey && a.keySize !== 4) bad(a, `key_size must be 4 (an index), got ${a.keySize}`);
  if (anyKey && a.keySize === 0) bad(a, 'key_size must be > 0');
  switch (a.mapType) {
    case MapType.DEVMAP:
    case MapType.DEVMAP_HASH:
      // dev_map_init_map: value = ifindex, or struct bpf_devmap_val with a program fd
      if (a.valueSize !== 4 && a.valueSize !== 8) bad(a, `value_size must be 4 (ifindex) or 8 (struct bpf_devmap_val), got ${a.valueSize}`);
      if (f & ~DEV_CREATE_FLAG_MASK) bad(a, `flags 0x${f.toString(16)} are not allowed`);
      break;
    case MapType.CPUMAP:
      if (a.valueSize !== 4 && a.valueSize !== 8) bad(a, `value_size must be 4 (qsize) or 8 (struct bpf_cpumap_val), got ${a.valueSize}`);
      if (f & ~BPF_F_NUMA_NODE) bad(a, `flags 0x${f.toString(16)} are not allowed`);
      if (a.maxEntries > NR_CPUS) throw new BpfError('E2BIG', `BPF_MAP_TYPE_CPUMAP: max_entries ${a.maxEntries} above NR_CPUS (${NR_CPUS})`);
      break;
    case MapType.XSKMAP:
      if (a.valueSize !== 4) bad(a, `value_size must be 4 (an AF_XDP socket fd), got ${a.valueSize}`);
      if (f & ~XSK_CREATE_FLAG_MASK) bad(a, `flags 0x${f.toString(16)} are not allowed`);
      break;
    default: // SOCKMAP, SOCKHASH
      if (a.valueSize !== 4 && a.valueSize !== 8) bad(a, `value_size must be 4 (a socket fd) or 8 (a socket cookie), got ${a.valueSize}`);
      if (f & ~SOCK_CREATE_FLAG_MASK) bad(a, `flags 0x${f.toString(16)} are not allowed`);
      if (anyKey && a.keySize > 512) throw new BpfError('E2BIG', `BPF_MAP_TYPE_SOCKHASH: key_size ${a.keySize} above MAX_BPF_STACK (512)`);
  }
}

/** DEVMAP, CPUMAP, XSKMAP, SOCKMAP: an array of targets */
export class RedirectArrayMap extends ArrayMap {
  constructor(as: AddressSpace, attr: MapAttr, opts: MapOptions = {}) {
    redirectMapAllocCheck(attr);
    super(as, attr, opts);
  }
  /** the target in slot `key` (an ifindex, a queue size, a socket number), or undefined when empty */
  target(key: number): number | undefined {
    if (key >= this.maxEntries) return undefined;
    const v = this.as.dv.getUint32(this.elemAddr(key), true);
    return v === 0 ? undefined : v;
  }

  /**
   * __dev_map_lookup_elem / __cpu_map_lookup_elem / __xsk_map_lookup_elem: NULL for an empty slot
   * (no device, CPU queue or socket; a stored 0 is none), so bpf_redirect_map falls back
   */
  override lookupPtr(keyPtr: number, cpu = 0): number {
    const p = super.lookupPtr(keyPtr, cpu);
    return p !== 0 && this.as.dv.getUint32(p, true) === 0 ? 0 : p;
  }
}

/** DEVMAP_HASH, SOCKHASH: a hash of targets */
export class RedirectHashMap extends HashMap {
  constructor(as: AddressSpace, attr: MapAttr, opts: MapOptions = {}) {
    redirectMapAllocCheck(attr);
    super(as, attr, opts);
  }
  target(key: number): number | undefined {
    const k = new Uint8Array(this.keySize);
    new DataView(k.buffer).setUint32(0, key, true);
    const a = this.lookupAddr(k);
    return a ? this.as.dv.getUint32(a, true) : undefined;
  }
}
