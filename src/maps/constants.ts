/**
 * Map types, flags and limits, named and numbered as in include/uapi/linux/bpf.h
 * (enum bpf_map_type, BPF_F_* map flags, BPF_ANY/BPF_NOEXIST/BPF_EXIST).
 */

/** enum bpf_map_type */
export const MapType = {
  UNSPEC: 0,
  HASH: 1,
  ARRAY: 2,
  PROG_ARRAY: 3,
  PERF_EVENT_ARRAY: 4,
  PERCPU_HASH: 5,
  PERCPU_ARRAY: 6,
  STACK_TRACE: 7,
  CGROUP_ARRAY: 8,
  LRU_HASH: 9,
  LRU_PERCPU_HASH: 10,
  LPM_TRIE: 11,
  ARRAY_OF_MAPS: 12,
  HASH_OF_MAPS: 13,
  DEVMAP: 14,
  SOCKMAP: 15,
  CPUMAP: 16,
  XSKMAP: 17,
  SOCKHASH: 18,
  CGROUP_STORAGE: 19,
  REUSEPORT_SOCKARRAY: 20,
  PERCPU_CGROUP_STORAGE: 21,
  QUEUE: 22,
  STACK: 23,
  SK_STORAGE: 24,
  DEVMAP_HASH: 25,
  STRUCT_OPS: 26,
  RINGBUF: 27,
  INODE_STORAGE: 28,
  TASK_STORAGE: 29,
  BLOOM_FILTER: 30,
  USER_RINGBUF: 31,
  CGRP_STORAGE: 32,
  ARENA: 33,
} as const;
export type MapTypeId = (typeof MapType)[keyof typeof MapType];

/** `BPF_MAP_TYPE_HASH` for 1, as bpftool and the kernel name them */
export function mapTypeName(t: number): string {
  for (const [k, v] of Object.entries(MapType)) if (v === t) return `BPF_MAP_TYPE_${k}`;
  return `BPF_MAP_TYPE_${t}`;
}

/** bpftool's short name (`hash`, `lru_percpu_hash`, `array_of_maps`) */
export function mapTypeShortName(t: number): string {
  for (const [k, v] of Object.entries(MapType)) if (v === t) return k.toLowerCase();
  return `unknown(${t})`;
}

/** parse `hash`, `HASH`, `BPF_MAP_TYPE_HASH` or a number */
export function parseMapType(s: string): number | undefined {
  if (/^\d+$/.test(s)) return Number(s);
  const k = s.toUpperCase().replace(/^BPF_MAP_TYPE_/, '');
  return (MapType as Record<string, number>)[k];
}

/** update flags (BPF_MAP_UPDATE_ELEM) */
export const BPF_ANY = 0;
export const BPF_NOEXIST = 1;
export const BPF_EXIST = 2;
export const BPF_F_LOCK = 4;

/** map_flags at BPF_MAP_CREATE */
export const BPF_F_NO_PREALLOC = 1 << 0;
export const BPF_F_NO_COMMON_LRU = 1 << 1;
export const BPF_F_NUMA_NODE = 1 << 2;
export const BPF_F_RDONLY = 1 << 3;
export const BPF_F_WRONLY = 1 << 4;
export const BPF_F_STACK_BUILD_ID = 1 << 5;
export const BPF_F_ZERO_SEED = 1 << 6;
export const BPF_F_RDONLY_PROG = 1 << 7;
export const BPF_F_WRONLY_PROG = 1 << 8;
export const BPF_F_CLONE = 1 << 9;
export const BPF_F_MMAPABLE = 1 << 10;
export const BPF_F_PRESERVE_ELEMS = 1 << 11;
export const BPF_F_INNER_MAP = 1 << 12;
export const BPF_F_LINK = 1 << 13;
export const BPF_F_PATH_FD = 1 << 14;
export const BPF_F_VTYPE_BTF_OBJ_FD = 1 << 15;
export const BPF_F_TOKEN_FD = 1 << 16;
export const BPF_F_SEGV_ON_FAULT = 1 << 17;
export const BPF_F_NO_USER_CONV = 1 << 18;

/** include/linux/bpf.h: BPF_F_ACCESS_MASK */
export const BPF_F_ACCESS_MASK = BPF_F_RDONLY | BPF_F_RDONLY_PROG | BPF_F_WRONLY | BPF_F_WRONLY_PROG;

/** bpf_get_stackid / bpf_get_stack flags */
export const BPF_F_SKIP_FIELD_MASK = 0xff;
export const BPF_F_USER_STACK = 1 << 8;
export const BPF_F_FAST_STACK_CMP = 1 << 9;
export const BPF_F_REUSE_STACKID = 1 << 10;
export const BPF_F_USER_BUILD_ID = 1 << 11;

/** bpf_perf_event_output flags */
export const BPF_F_INDEX_MASK = 0xffffffffn;
export const BPF_F_CURRENT_CPU = 0xffffffffn;
export const BPF_F_CTXLEN_MASK = 0xfffffn << 32n;

/** ring buffer (uapi bpf.h): header bits, notification and query flags */
export const BPF_RINGBUF_BUSY_BIT = 0x80000000;
export const BPF_RINGBUF_DISCARD_BIT = 0x40000000;
export const BPF_RINGBUF_HDR_SZ = 8;
export const BPF_RB_NO_WAKEUP = 1;
export const BPF_RB_FORCE_WAKEUP = 2;
export const BPF_RB_AVAIL_DATA = 0;
export const BPF_RB_RING_SIZE = 1;
export const BPF_RB_CONS_POS = 2;
export const BPF_RB_PROD_POS = 3;

/** kernel limits used by the create checks */
export const PAGE_SIZE = 4096;
/** mm/percpu: PCPU_MIN_UNIT_SIZE, the largest per-CPU value */
export const PCPU_MIN_UNIT_SIZE = 32768;
/** include/linux/bpf.h: MAX_TAIL_CALL_CNT */
export const MAX_TAIL_CALL_CNT = 33;
/** include/linux/bpf.h: BPF_OBJ_NAME_LEN */
export const BPF_OBJ_NAME_LEN = 16;
/** the kernel refuses keys larger than this at create for hash maps (it must fit on the BPF stack for programs) */
export const KMALLOC_MAX_SIZE = 1 << 22;

/** attributes of BPF_MAP_CREATE (union bpf_attr, anonymous struct for BPF_MAP_CREATE) */
export interface MapAttr {
  mapType: number;
  keySize: number;
  valueSize: number;
  maxEntries: number;
  mapFlags?: number;
  /** map_extra: bloom filter nr_hash_funcs in the low 4 bits */
  mapExtra?: bigint;
  mapName?: string;
  numaNode?: number;
  /** the inner map template for ARRAY_OF_MAPS / HASH_OF_MAPS (the kernel takes inner_map_fd) */
  innerMap?: import('./map.js').BpfMap;
  /** offset of a `struct bpf_spin_lock` in the value (from BTF), or -1 */
  spinLockOff?: number;
  /** BTF type ids, carried for formatting; the map itself does not interpret them */
  btfKeyTypeId?: number;
  btfValueTypeId?: number;
}

export function round8(n: number): number {
  return (n + 7) & ~7;
}

export function roundupPow2(n: number): number {
  if (n <= 1) return 1;
  return 2 ** Math.ceil(Math.log2(n));
}
