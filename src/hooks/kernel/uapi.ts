/**
 * Numbers and struct layouts of the Linux `bpf()` system call, as in include/uapi/linux/bpf.h.
 * Only what the kernel backend needs: commands, the program/map types it loads, flags, and the
 * byte offsets of the `union bpf_attr` members of each command (all little/native endian,
 * `__aligned_u64` pointers at 8-byte offsets).
 */

/** enum bpf_cmd */
export const BPF_MAP_CREATE = 0;
export const BPF_MAP_LOOKUP_ELEM = 1;
export const BPF_MAP_UPDATE_ELEM = 2;
export const BPF_MAP_DELETE_ELEM = 3;
export const BPF_MAP_GET_NEXT_KEY = 4;
export const BPF_PROG_LOAD = 5;
export const BPF_OBJ_PIN = 6;
export const BPF_OBJ_GET = 7;
export const BPF_PROG_TEST_RUN = 10;
export const BPF_OBJ_GET_INFO_BY_FD = 15;
export const BPF_MAP_LOOKUP_AND_DELETE_ELEM = 21;
export const BPF_MAP_FREEZE = 22;
export const BPF_MAP_LOOKUP_BATCH = 24;
export const BPF_MAP_LOOKUP_AND_DELETE_BATCH = 25;
export const BPF_MAP_UPDATE_BATCH = 26;
export const BPF_MAP_DELETE_BATCH = 27;

/** enum bpf_prog_type and enum bpf_map_type: the tables in isa/bpf_types.ts, under the uapi enum names */
import { MapType as BPF_MAP_TYPE, ProgType as BPF_PROG_TYPE } from '../../isa/bpf_types.js';
export { BPF_MAP_TYPE, BPF_PROG_TYPE };
export type ProgTypeName = keyof typeof BPF_PROG_TYPE;

export type MapTypeName = keyof typeof BPF_MAP_TYPE;

/** map types whose values are per CPU: lookups return value_size rounded up to 8, times the possible CPUs */
export const PERCPU_MAP_TYPES: ReadonlySet<number> = new Set([
  BPF_MAP_TYPE.PERCPU_HASH,
  BPF_MAP_TYPE.PERCPU_ARRAY,
  BPF_MAP_TYPE.LRU_PERCPU_HASH,
  BPF_MAP_TYPE.PERCPU_CGROUP_STORAGE,
]);

/** BPF_MAP_UPDATE_ELEM flags and BPF_MAP_CREATE map_flags: maps/constants.ts holds them */
export { BPF_ANY, BPF_NOEXIST, BPF_EXIST, BPF_F_LOCK, BPF_F_NO_PREALLOC, BPF_F_NO_COMMON_LRU, BPF_F_NUMA_NODE, BPF_F_RDONLY, BPF_F_WRONLY, BPF_F_STACK_BUILD_ID, BPF_F_ZERO_SEED, BPF_F_RDONLY_PROG, BPF_F_WRONLY_PROG, BPF_F_CLONE, BPF_F_MMAPABLE } from '../../maps/constants.js';

/** BPF_PROG_LOAD prog_flags (the bits up to BPF_F_XDP_DEV_BOUND_ONLY: isa/bpf_types.ts) */
export { BPF_F_STRICT_ALIGNMENT, BPF_F_ANY_ALIGNMENT, BPF_F_TEST_RND_HI32, BPF_F_TEST_STATE_FREQ, BPF_F_SLEEPABLE, BPF_F_XDP_HAS_FRAGS, BPF_F_XDP_DEV_BOUND_ONLY } from '../../isa/bpf_types.js';
export const BPF_F_TEST_REG_INVARIANTS = 1 << 7;

/** BPF_PROG_TEST_RUN flags */
export const BPF_F_TEST_RUN_ON_CPU = 1 << 0;
export const BPF_F_TEST_XDP_LIVE_FRAMES = 1 << 1;

/** enum xdp_action */
export const XDP_ABORTED = 0;
export const XDP_DROP = 1;
export const XDP_PASS = 2;
export const XDP_TX = 3;
export const XDP_REDIRECT = 4;

export const BPF_OBJ_NAME_LEN = 16;

/**
 * Size of the attr buffer we pass. The kernel accepts any size up to a page as long as the bytes
 * past the fields it knows are zero (bpf_check_uarg_tail_zero in kernel/bpf/syscall.c), so one
 * zeroed buffer big enough for every command's struct works on old and new kernels alike.
 */
export const ATTR_SIZE = 160;

/** union bpf_attr, the BPF_MAP_CREATE struct */
export const MAP_CREATE = {
  map_type: 0,
  key_size: 4,
  value_size: 8,
  max_entries: 12,
  map_flags: 16,
  inner_map_fd: 20,
  numa_node: 24,
  map_name: 28,
  map_ifindex: 44,
  btf_fd: 48,
  btf_key_type_id: 52,
  btf_value_type_id: 56,
  btf_vmlinux_value_type_id: 60,
  map_extra: 64,
  /** the size of the struct up to map_extra (kernels since 5.16) */
  size: 72,
} as const;

/** union bpf_attr, the BPF_MAP_*_ELEM struct */
export const MAP_ELEM = { map_fd: 0, key: 8, value: 16, next_key: 16, flags: 24, size: 32 } as const;

/** union bpf_attr, the BPF_MAP_*_BATCH struct */
export const MAP_BATCH = {
  in_batch: 0,
  out_batch: 8,
  keys: 16,
  values: 24,
  count: 32,
  map_fd: 36,
  elem_flags: 40,
  flags: 48,
  size: 56,
} as const;

/** union bpf_attr, the BPF_PROG_LOAD struct */
export const PROG_LOAD = {
  prog_type: 0,
  insn_cnt: 4,
  insns: 8,
  license: 16,
  log_level: 24,
  log_size: 28,
  log_buf: 32,
  kern_version: 40,
  prog_flags: 44,
  prog_name: 48,
  prog_ifindex: 64,
  expected_attach_type: 68,
  prog_btf_fd: 72,
  func_info_rec_size: 76,
  func_info: 80,
  func_info_cnt: 88,
  line_info_rec_size: 92,
  line_info: 96,
  line_info_cnt: 104,
  attach_btf_id: 108,
  attach_prog_fd: 112,
  core_relo_cnt: 116,
  fd_array: 120,
  core_relos: 128,
  core_relo_rec_size: 136,
  /** output: the log size the verifier needed (kernels since 6.4) */
  log_true_size: 140,
  size: 144,
} as const;

/** union bpf_attr, the BPF_PROG_TEST_RUN struct (`test`) */
export const PROG_TEST_RUN = {
  prog_fd: 0,
  retval: 4,
  data_size_in: 8,
  data_size_out: 12,
  data_in: 16,
  data_out: 24,
  repeat: 32,
  duration: 36,
  ctx_size_in: 40,
  ctx_size_out: 44,
  ctx_in: 48,
  ctx_out: 56,
  flags: 64,
  cpu: 68,
  batch_size: 72,
  size: 76,
} as const;

/** union bpf_attr, the BPF_OBJ_GET_INFO_BY_FD struct */
export const OBJ_INFO = { bpf_fd: 0, info_len: 4, info: 8, size: 16 } as const;

/** union bpf_attr, the BPF_OBJ_PIN / BPF_OBJ_GET struct */
export const OBJ_PIN = { pathname: 0, bpf_fd: 8, file_flags: 12, size: 16 } as const;

/** struct bpf_prog_info: the fields read back here */
export const PROG_INFO = {
  type: 0,
  id: 4,
  tag: 8,
  jited_prog_len: 16,
  xlated_prog_len: 20,
  jited_prog_insns: 24,
  xlated_prog_insns: 32,
  load_time: 40,
  created_by_uid: 48,
  nr_map_ids: 52,
  map_ids: 56,
  name: 64,
  /** the info buffer we pass; the kernel fills what it has and zeroes nothing beyond info_len */
  size: 256,
} as const;

/** struct bpf_map_info */
export const MAP_INFO = {
  type: 0,
  id: 4,
  key_size: 8,
  value_size: 12,
  max_entries: 16,
  map_flags: 20,
  name: 24,
  size: 96,
} as const;

/** enum bpf_cmd: the object-id and BTF commands the live-kernel layer (src/kernel/) uses */
export const BPF_PROG_GET_NEXT_ID = 11;
export const BPF_MAP_GET_NEXT_ID = 12;
export const BPF_PROG_GET_FD_BY_ID = 13;
export const BPF_MAP_GET_FD_BY_ID = 14;
export const BPF_BTF_LOAD = 18;
export const BPF_BTF_GET_FD_BY_ID = 19;
export const BPF_BTF_GET_NEXT_ID = 23;
export const BPF_LINK_GET_FD_BY_ID = 30;
export const BPF_LINK_GET_NEXT_ID = 31;

/** union bpf_attr, the BPF_BTF_LOAD struct */
export const BTF_LOAD = { btf: 0, btf_log_buf: 8, btf_size: 16, btf_log_size: 20, btf_log_level: 24, btf_log_true_size: 28, size: 32 } as const;

/** union bpf_attr, the BPF_*_GET_NEXT_ID / BPF_*_GET_FD_BY_ID struct */
export const GET_ID = { start_id: 0, next_id: 4, open_flags: 8, size: 12 } as const;

/** union bpf_attr, BPF_PROG_LOAD: attach_prog_fd and attach_btf_obj_fd share offset 112 */
export const PROG_LOAD_ATTACH_BTF_OBJ_FD = 112;

/** struct bpf_func_info and struct bpf_line_info record sizes (include/uapi/linux/bpf.h) */
export const BPF_FUNC_INFO_SIZE = 8;
export const BPF_LINE_INFO_SIZE = 16;

/** struct bpf_btf_info (BPF_OBJ_GET_INFO_BY_FD on a BTF fd) */
export const BTF_INFO = { btf: 0, btf_size: 8, id: 12, name: 16, name_len: 24, kernel_btf: 28, size: 32 } as const;

/** struct bpf_map_info: the BTF fields after name (offsets 24..40 are name) */
export const MAP_INFO_BTF = { ifindex: 40, btf_vmlinux_value_type_id: 44, netns_dev: 48, netns_ino: 56, btf_id: 64, btf_key_type_id: 68, btf_value_type_id: 72, map_extra: 80 } as const;
