/**
 * Map types, flags and limits, named and numbered as in include/uapi/linux/bpf.h
 * (enum bpf_map_type, BPF_F_* map flags, BPF_ANY/BPF_NOEXIST/BPF_EXIST).
 */

/** enum bpf_map_type: the one table in isa/bpf_types.ts, re-exported under this layer's name */
import { MapType, BPF_F_RDONLY, BPF_F_RDONLY_PROG, BPF_F_WRONLY, BPF_F_WRONLY_PROG } from '../isa/bpf_types.js';
export { MapType };
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

/** map_flags at BPF_MAP_CREATE (the bits up to BPF_F_LINK: isa/bpf_types.ts) */
export { BPF_F_NO_PREALLOC, BPF_F_NO_COMMON_LRU, BPF_F_NUMA_NODE, BPF_F_RDONLY, BPF_F_WRONLY, BPF_F_STACK_BUILD_ID, BPF_F_ZERO_SEED, BPF_F_RDONLY_PROG, BPF_F_WRONLY_PROG, BPF_F_CLONE, BPF_F_MMAPABLE, BPF_F_PRESERVE_ELEMS, BPF_F_INNER_MAP, BPF_F_LINK } from '../isa/bpf_types.js';
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
  /** offsets of a `struct bpf_timer` / `struct bpf_wq` (16 bytes each) in the value (from BTF) */
  timerOff?: number;
  wqOff?: number;
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
