/**
 * BPF_MAP_CREATE: validate attributes as the type's map_alloc_check does, then build the map.
 * Devices, CPUs, AF_XDP and ordinary sockets are simulated (devmap.ts, reuseport_array.ts), storages belong to
 * simulated objects (local_storage.ts), arenas have emulated pages (arena.ts); struct_ops maps are created but their programs
 * cannot run. Other types fail with EINVAL naming the type, as a kernel without them would.
 */
import { BpfError } from '../isa/errors.js';
import type { AddressSpace } from '../vm/address_space.js';
import { ArrayMap, arrayAllocCheck } from './array.js';
import { BloomFilter, bloomAllocCheck } from './bloom_filter.js';
import { BPF_OBJ_NAME_LEN, MapType, mapTypeName, type MapAttr } from './constants.js';
import { fdArrayAllocCheck } from './fd_array.js';
import { HashMap, htabAllocCheck } from './hashtab.js';
import { LpmTrie, trieAllocCheck } from './lpm_trie.js';
import { ArrayOfMaps, HashOfMaps } from './map_in_map.js';
import type { BpfMap, MapOptions } from './map.js';
import { PerfEventArrayMap } from './perf_event_array.js';
import { ProgArrayMap } from './prog_array.js';
import { QueueStackMap, queueStackAllocCheck } from './queue_stack.js';
import { RingBuf, ringbufAllocCheck } from './ringbuf.js';
import { UserRingBuf } from './user_ringbuf.js';
import { StackTraceMap, stackmapAllocCheck } from './stackmap.js';
import { RedirectArrayMap, RedirectHashMap } from './devmap.js';
import { LocalStorageMap } from './local_storage.js';
import { ArenaMap } from './arena.js';
import { CgroupArrayMap } from './fd_array.js';
import { ReuseportArrayMap } from './reuseport_array.js';

/** bpf_obj_name_cpy: up to 15 characters of [A-Za-z0-9_.] */
export function checkMapName(name: string | undefined): void {
  if (!name) return;
  if (name.length >= BPF_OBJ_NAME_LEN || !/^[A-Za-z0-9_.]*$/.test(name))
    throw new BpfError('EINVAL', `map name "${name}": at most ${BPF_OBJ_NAME_LEN - 1} characters of [A-Za-z0-9_.]`);
}

export function createMap(as: AddressSpace, attr: MapAttr, opts: MapOptions = {}): BpfMap {
  checkMapName(attr.mapName);
  const a: MapAttr = { ...attr, mapFlags: (attr.mapFlags ?? 0) >>> 0, keySize: attr.keySize >>> 0, valueSize: attr.valueSize >>> 0, maxEntries: attr.maxEntries >>> 0 };
  if ((a.mapExtra ?? 0n) !== 0n && a.mapType !== MapType.BLOOM_FILTER && a.mapType !== MapType.ARENA)
    throw new BpfError('EINVAL', `${mapTypeName(a.mapType)}: map_extra is only for bloom filters`);
  switch (a.mapType) {
    case MapType.ARRAY:
    case MapType.PERCPU_ARRAY:
      arrayAllocCheck(a);
      return new ArrayMap(as, a, opts);
    case MapType.HASH:
    case MapType.PERCPU_HASH:
    case MapType.LRU_HASH:
    case MapType.LRU_PERCPU_HASH:
      htabAllocCheck(a);
      return new HashMap(as, a, opts);
    case MapType.LPM_TRIE:
      trieAllocCheck(a);
      return new LpmTrie(as, a, opts);
    case MapType.QUEUE:
    case MapType.STACK:
      queueStackAllocCheck(a);
      return new QueueStackMap(as, a, opts);
    case MapType.BLOOM_FILTER:
      bloomAllocCheck(a);
      return new BloomFilter(as, a, opts);
    case MapType.RINGBUF:
      ringbufAllocCheck(a);
      return new RingBuf(as, a, opts);
    case MapType.USER_RINGBUF:
      // user_ringbuf_map_ops.map_alloc is ringbuf_map_alloc
      ringbufAllocCheck(a);
      return new UserRingBuf(as, a, opts);
    case MapType.PROG_ARRAY:
      fdArrayAllocCheck(a);
      return new ProgArrayMap(as, a, opts);
    case MapType.PERF_EVENT_ARRAY:
      fdArrayAllocCheck(a);
      return new PerfEventArrayMap(as, a, opts);
    case MapType.ARRAY_OF_MAPS:
      fdArrayAllocCheck(a);
      return new ArrayOfMaps(as, a, opts);
    case MapType.HASH_OF_MAPS:
      return new HashOfMaps(as, a, opts);
    case MapType.STACK_TRACE:
      stackmapAllocCheck(a);
      return new StackTraceMap(as, a, opts);
    case MapType.DEVMAP:
    case MapType.CPUMAP:
    case MapType.XSKMAP:
    case MapType.SOCKMAP:
      return new RedirectArrayMap(as, a, opts);
    case MapType.DEVMAP_HASH:
    case MapType.SOCKHASH:
      return new RedirectHashMap(as, a, opts);
    case MapType.REUSEPORT_SOCKARRAY:
      return new ReuseportArrayMap(as, a, opts);
    case MapType.CGROUP_ARRAY:
      fdArrayAllocCheck(a);
      return new CgroupArrayMap(as, a, opts);
    case MapType.CGROUP_STORAGE:
    case MapType.PERCPU_CGROUP_STORAGE:
    case MapType.SK_STORAGE:
    case MapType.INODE_STORAGE:
    case MapType.TASK_STORAGE:
    case MapType.CGRP_STORAGE:
      return new LocalStorageMap(as, a, opts);
    case MapType.STRUCT_OPS:
      // bpf_struct_ops_map_alloc_check: one u32-keyed element holding the struct (libbpf writes it)
      if (a.keySize !== 4 || a.maxEntries !== 1 || a.valueSize === 0) throw new BpfError('EINVAL', `${mapTypeName(a.mapType)}: key_size must be 4, max_entries 1 and value_size the struct's size`);
      return new ArrayMap(as, a, opts);
    case MapType.ARENA:
      return new ArenaMap(as, a, opts);
    default:
      throw new BpfError('EINVAL', `${mapTypeName(a.mapType)} is not supported by tsbpf`);
  }
}
