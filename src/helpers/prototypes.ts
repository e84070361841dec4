/**
 * Helper prototypes: what the verifier checks at each `call` of a helper, mirroring the kernel's
 * `struct bpf_func_proto` (include/linux/bpf.h) and the proto tables in kernel/bpf/helpers.c,
 * net/core/filter.c and kernel/trace/bpf_trace.c. Argument and return types use the kernel's
 * names; type modifiers (MEM_RDONLY, MEM_UNINIT, PTR_MAYBE_NULL, OBJ_RELEASE, MEM_FIXED_SIZE) are
 * flag bits on a base type exactly as in enum bpf_arg_type, and `ArgSpec.name` spells the
 * combination the way the kernel source does ("ARG_PTR_TO_UNINIT_MEM", "ARG_PTR_TO_MEM | MEM_RDONLY").
 *
 * Which helpers a program may call depends on its type (progtypes/: the *_func_proto functions);
 * some helpers have type-specific variants (perf_event_output is gpl_only for tracing programs but
 * not for socket filters): `HELPER_PROTO_VARIANTS` holds those, and progtypes picks one.
 */
import { BPF_FUNC, HELPER_NAMES, helperName } from '../isa/helper_ids.js';
import { BPF_MAP_TYPE } from './map_iface.js';

/** base argument types (enum bpf_arg_type, include/linux/bpf.h) */
export type ArgBase =
  | 'ARG_DONTCARE'
  | 'ARG_CONST_MAP_PTR'
  | 'ARG_PTR_TO_MAP_KEY'
  | 'ARG_PTR_TO_MAP_VALUE'
  | 'ARG_PTR_TO_MEM'
  | 'ARG_PTR_TO_ARENA'
  | 'ARG_CONST_SIZE'
  | 'ARG_CONST_SIZE_OR_ZERO'
  | 'ARG_PTR_TO_CTX'
  | 'ARG_ANYTHING'
  | 'ARG_PTR_TO_SPIN_LOCK'
  | 'ARG_PTR_TO_SOCK_COMMON'
  | 'ARG_PTR_TO_SOCKET'
  | 'ARG_PTR_TO_BTF_ID'
  | 'ARG_PTR_TO_RINGBUF_MEM'
  | 'ARG_CONST_ALLOC_SIZE_OR_ZERO'
  | 'ARG_PTR_TO_BTF_ID_SOCK_COMMON'
  | 'ARG_PTR_TO_PERCPU_BTF_ID'
  | 'ARG_PTR_TO_FUNC'
  | 'ARG_PTR_TO_STACK'
  | 'ARG_PTR_TO_CONST_STR'
  | 'ARG_PTR_TO_TIMER'
  | 'ARG_PTR_TO_KPTR'
  | 'ARG_PTR_TO_DYNPTR'
  /** older kernels' names, kept because test_verifier (5.10) messages use them; newer kernels express
   * them as ARG_PTR_TO_MEM | MEM_FIXED_SIZE with arg_size 4 or 8 */
  | 'ARG_PTR_TO_INT'
  | 'ARG_PTR_TO_LONG';

/** type modifier bits (enum bpf_type_flag, include/linux/bpf.h) */
export const PTR_MAYBE_NULL = 1 << 0;
export const MEM_RDONLY = 1 << 1;
export const MEM_UNINIT = 1 << 2;
export const OBJ_RELEASE = 1 << 3;
export const MEM_FIXED_SIZE = 1 << 4;
export const MEM_ALIGNED = 1 << 5;
export const MEM_RINGBUF = 1 << 6;
export const DYNPTR_TYPE_LOCAL = 1 << 7;
export const DYNPTR_TYPE_RINGBUF = 1 << 8;
/** the helper writes the memory (include/linux/bpf.h MEM_WRITE): the verifier clobbers the stack bytes it covers */
export const MEM_WRITE = 1 << 9;

const FLAG_NAMES: Array<[number, string]> = [
  [PTR_MAYBE_NULL, 'PTR_MAYBE_NULL'],
  [MEM_RDONLY, 'MEM_RDONLY'],
  [MEM_UNINIT, 'MEM_UNINIT'],
  [OBJ_RELEASE, 'OBJ_RELEASE'],
  [MEM_FIXED_SIZE, 'MEM_FIXED_SIZE'],
  [MEM_ALIGNED, 'MEM_ALIGNED'],
  [MEM_RINGBUF, 'MEM_RINGBUF'],
  [DYNPTR_TYPE_LOCAL, 'DYNPTR_TYPE_LOCAL'],
  [DYNPTR_TYPE_RINGBUF, 'DYNPTR_TYPE_RINGBUF'],
  [MEM_WRITE, 'MEM_WRITE'],
];

export interface ArgSpec {
  /** base type */
  readonly base: ArgBase;
  /** bitwise OR of PTR_MAYBE_NULL, MEM_RDONLY, MEM_UNINIT, OBJ_RELEASE, MEM_FIXED_SIZE, ... */
  readonly flags: number;
  /** the kernel's spelling: an alias where include/linux/bpf.h has one (ARG_PTR_TO_UNINIT_MEM) */
  readonly name: string;
  /** MEM_FIXED_SIZE: bpf_func_proto.arg_size (bytes the helper reads or writes) */
  readonly size?: number;
  /** ARG_PTR_TO_BTF_ID: the kernel struct the pointer must point to (arg_btf_id) */
  readonly btf?: string;
}

/** return types (enum bpf_return_type); _OR_NULL forms mean RET_x | PTR_MAYBE_NULL */
export type RetType =
  | 'RET_INTEGER'
  | 'RET_VOID'
  | 'RET_PTR_TO_MAP_VALUE'
  | 'RET_PTR_TO_MAP_VALUE_OR_NULL'
  | 'RET_PTR_TO_SOCKET_OR_NULL'
  | 'RET_PTR_TO_TCP_SOCK_OR_NULL'
  | 'RET_PTR_TO_SOCK_COMMON_OR_NULL'
  /** RET_PTR_TO_RINGBUF_MEM_OR_NULL in the kernel (RET_PTR_TO_MEM | PTR_MAYBE_NULL | MEM_RINGBUF): memory of
   * `retSizeArg`'s constant size (ringbuf_reserve, 5.10: RET_PTR_TO_ALLOC_MEM_OR_NULL) */
  | 'RET_PTR_TO_MEM_OR_NULL'
  | 'RET_PTR_TO_DYNPTR_MEM_OR_NULL'
  | 'RET_PTR_TO_MEM_OR_BTF_ID'
  | 'RET_PTR_TO_MEM_OR_BTF_ID_OR_NULL'
  | 'RET_PTR_TO_BTF_ID'
  | 'RET_PTR_TO_BTF_ID_OR_NULL'
  | 'RET_PTR_TO_BTF_ID_TRUSTED';

/** the register state the verifier gives a callback subprogram (kernel/bpf/verifier.c set_*_callback_state) */
export type CallbackKind = 'for_each_map_elem' | 'loop' | 'timer' | 'find_vma' | 'user_ringbuf_drain';

export interface HelperProto {
  readonly id: number;
  /** "bpf_map_lookup_elem": how the kernel's log names it (func_id_name) */
  readonly name: string;
  readonly ret: RetType;
  /** r1..r5; trailing ARG_DONTCARE are omitted (a helper with two args has args.length === 2) */
  readonly args: readonly ArgSpec[];
  /** only programs with a GPL-compatible license may call it ("cannot call GPL-restricted function from non-GPL compatible program") */
  readonly gplOnly: boolean;
  /** pkt_access: may be passed packet pointers as memory arguments */
  readonly pktAccess: boolean;
  /**
   * bpf_helper_changes_pkt_data (net/core/filter.c): the call may move or resize the packet, so
   * the verifier forgets every packet pointer afterwards. (Linux 6.12+ also lists bpf_tail_call;
   * tsbpf follows the older kernels the test_verifier corpus comes from and does not.)
   */
  readonly changesPktData: boolean;
  /** the returned pointer is a reference the program must release on every path (is_acquire_function) */
  readonly acquire: boolean;
  /** an argument has OBJ_RELEASE: the helper releases the reference passed to it (is_release_function) */
  readonly release: boolean;
  /** for RET_PTR_TO_MEM_OR_NULL: the 1-based argument whose constant value is the memory's size */
  readonly retSizeArg?: number;
  /** for RET_*BTF_ID*: the kernel struct returned */
  readonly retBtf?: string;
  /** the verifier narrows R0 to [min(0), size] from this 1-based size argument (do_refine_retval_range) */
  readonly retMaxFromSizeArg?: number;
  /** the helper calls a BPF subprogram passed as ARG_PTR_TO_FUNC */
  readonly callback?: { kind: CallbackKind; retRange: readonly [number, number] };
  /** only in sleepable programs (might_sleep) */
  readonly sleepable: boolean;
  /** map types the ARG_CONST_MAP_PTR argument must have (check_map_func_compatibility, func side); undefined = any map
   * whose own type does not restrict its helpers */
  readonly mapTypes?: readonly number[];
  /** a variant: the kernel proto object this one corresponds to (e.g. "bpf_skb_event_output_proto") */
  readonly protoName: string;
}

// ---- argument constructors, named as the kernel's aliases ----------------------------------

function arg(base: ArgBase, flags = 0, extra: { size?: number; btf?: string } = {}): ArgSpec {
  return { base, flags, name: argTypeName(base, flags), ...extra };
}

/** "ARG_PTR_TO_UNINIT_MEM", "ARG_PTR_TO_MEM | MEM_RDONLY", "ARG_PTR_TO_MAP_VALUE_OR_NULL" */
export function argTypeName(base: ArgBase, flags: number): string {
  let f = flags;
  let name: string = base;
  if (base === 'ARG_PTR_TO_MEM' && f & MEM_UNINIT) {
    name = 'ARG_PTR_TO_UNINIT_MEM';
    f &= ~MEM_UNINIT;
  } else if (base === 'ARG_PTR_TO_MAP_VALUE' && f & MEM_UNINIT) {
    name = 'ARG_PTR_TO_UNINIT_MAP_VALUE';
    f &= ~MEM_UNINIT;
  }
  if (f & PTR_MAYBE_NULL && ['ARG_PTR_TO_MAP_VALUE', 'ARG_PTR_TO_MEM', 'ARG_PTR_TO_CTX', 'ARG_PTR_TO_SOCKET', 'ARG_PTR_TO_STACK', 'ARG_PTR_TO_BTF_ID', 'ARG_PTR_TO_UNINIT_MEM'].includes(name)) {
    name += '_OR_NULL';
    f &= ~PTR_MAYBE_NULL;
  }
  for (const [bit, n] of FLAG_NAMES) if (f & bit) name += ` | ${n}`;
  return name;
}

const ANY = arg('ARG_ANYTHING');
const CTX = arg('ARG_PTR_TO_CTX');
const MAP = arg('ARG_CONST_MAP_PTR');
const KEY = arg('ARG_PTR_TO_MAP_KEY');
const VALUE = arg('ARG_PTR_TO_MAP_VALUE');
const UNINIT_VALUE = arg('ARG_PTR_TO_MAP_VALUE', MEM_UNINIT);
const VALUE_OR_NULL = arg('ARG_PTR_TO_MAP_VALUE', PTR_MAYBE_NULL);
const MEM_RO = arg('ARG_PTR_TO_MEM', MEM_RDONLY);
const MEM_RO_OR_NULL = arg('ARG_PTR_TO_MEM', MEM_RDONLY | PTR_MAYBE_NULL);
const MEM_RW = arg('ARG_PTR_TO_MEM');
/** ARG_PTR_TO_MEM | MEM_WRITE (net/core/filter.c bpf_sock_ops_load_hdr_opt_proto) */
const MEM_WR = arg('ARG_PTR_TO_MEM', MEM_WRITE);
const UNINIT_MEM = arg('ARG_PTR_TO_MEM', MEM_UNINIT);
const UNINIT_MEM_OR_NULL = arg('ARG_PTR_TO_MEM', MEM_UNINIT | PTR_MAYBE_NULL);
const SIZE = arg('ARG_CONST_SIZE');
const SIZE0 = arg('ARG_CONST_SIZE_OR_ZERO');
const SOCK_COMMON = arg('ARG_PTR_TO_SOCK_COMMON');
const BTF_SOCK_COMMON = arg('ARG_PTR_TO_BTF_ID_SOCK_COMMON');
const FUNC = arg('ARG_PTR_TO_FUNC');
const STACK_OR_NULL = arg('ARG_PTR_TO_STACK', PTR_MAYBE_NULL);
const CONST_STR = arg('ARG_PTR_TO_CONST_STR');
const TIMER = arg('ARG_PTR_TO_TIMER');
const SPIN_LOCK = arg('ARG_PTR_TO_SPIN_LOCK');
/** bpf_strtol & co: "long *res" (ARG_PTR_TO_FIXED_SIZE_MEM | MEM_UNINIT | MEM_ALIGNED, arg_size 8; 5.10: ARG_PTR_TO_LONG) */
const LONG = arg('ARG_PTR_TO_LONG', MEM_UNINIT | MEM_FIXED_SIZE | MEM_ALIGNED, { size: 8 });
const INT = arg('ARG_PTR_TO_INT', MEM_UNINIT | MEM_FIXED_SIZE | MEM_ALIGNED, { size: 4 });
const btf = (s: string, flags = 0): ArgSpec => arg('ARG_PTR_TO_BTF_ID', flags, { btf: s });
const fixed = (size: number, flags = MEM_RDONLY): ArgSpec => arg('ARG_PTR_TO_MEM', flags | MEM_FIXED_SIZE, { size });

const CHANGES_PKT_DATA = new Set([
  'clone_redirect', 'l3_csum_replace', 'l4_csum_replace', 'lwt_push_encap', 'lwt_seg6_action', 'lwt_seg6_adjust_srh',
  'lwt_seg6_store_bytes', 'msg_pop_data', 'msg_pull_data', 'msg_push_data', 'skb_adjust_room', 'skb_change_head',
  'skb_change_proto', 'skb_change_tail', 'skb_pull_data', 'skb_store_bytes', 'skb_vlan_pop', 'skb_vlan_push',
  'store_hdr_opt', 'xdp_adjust_head', 'xdp_adjust_meta', 'xdp_adjust_tail',
]);

interface Opts {
  gpl?: boolean;
  pkt?: boolean;
  acquire?: boolean;
  retSizeArg?: number;
  retBtf?: string;
  retMax?: number;
  callback?: HelperProto['callback'];
  sleepable?: boolean;
  maps?: readonly number[];
  proto?: string;
}

function mk(name: string, ret: RetType, args: ArgSpec[], o: Opts = {}): HelperProto {
  const id = BPF_FUNC[name];
  if (id === undefined) throw new Error(`internal: no helper id for ${name}`);
  const p: HelperProto = {
    id,
    name: helperName(id)!,
    ret,
    args,
    gplOnly: o.gpl ?? false,
    pktAccess: o.pkt ?? false,
    changesPktData: CHANGES_PKT_DATA.has(name),
    acquire: o.acquire ?? false,
    release: args.some((a) => a.flags & OBJ_RELEASE),
    sleepable: o.sleepable ?? false,
    protoName: o.proto ?? `bpf_${name}_proto`,
    ...(o.retSizeArg !== undefined ? { retSizeArg: o.retSizeArg } : {}),
    ...(o.retBtf !== undefined ? { retBtf: o.retBtf } : {}),
    ...(o.retMax !== undefined ? { retMaxFromSizeArg: o.retMax } : {}),
    ...(o.callback !== undefined ? { callback: o.callback } : {}),
    ...(o.maps !== undefined ? { mapTypes: o.maps } : {}),
  };
  return Object.freeze(p);
}

const I: RetType = 'RET_INTEGER';
const V: RetType = 'RET_VOID';
const M = BPF_MAP_TYPE;
const PERF_MAPS = [M.PERF_EVENT_ARRAY];
const REDIRECT_MAPS = [M.DEVMAP, M.DEVMAP_HASH, M.CPUMAP, M.XSKMAP];

/**
 * One default prototype per helper. Where program types differ, this is the one of the
 * program type the helper belongs to most (tracing for probe_read, networking for skb_*);
 * HELPER_PROTO_VARIANTS lists the others.
 */
const LIST: HelperProto[] = [
  // kernel/bpf/helpers.c
  mk('map_lookup_elem', 'RET_PTR_TO_MAP_VALUE_OR_NULL', [MAP, KEY], { pkt: true }),
  mk('map_update_elem', I, [MAP, KEY, VALUE, ANY], { pkt: true }),
  mk('map_delete_elem', I, [MAP, KEY], { pkt: true }),
  mk('map_push_elem', I, [MAP, VALUE, ANY], { pkt: true, maps: [M.QUEUE, M.STACK, M.BLOOM_FILTER] }),
  mk('map_pop_elem', I, [MAP, UNINIT_VALUE], { maps: [M.QUEUE, M.STACK] }),
  mk('map_peek_elem', I, [MAP, UNINIT_VALUE], { maps: [M.QUEUE, M.STACK, M.BLOOM_FILTER] }),
  mk('map_lookup_percpu_elem', 'RET_PTR_TO_MAP_VALUE_OR_NULL', [MAP, KEY, ANY], { pkt: true, maps: [M.PERCPU_HASH, M.PERCPU_ARRAY, M.LRU_PERCPU_HASH] }),
  mk('get_prandom_u32', I, []),
  mk('get_smp_processor_id', I, [], { proto: 'bpf_get_raw_smp_processor_id_proto' }),
  mk('get_numa_node_id', I, []),
  mk('ktime_get_ns', I, []),
  mk('ktime_get_boot_ns', I, []),
  mk('ktime_get_coarse_ns', I, []),
  mk('ktime_get_tai_ns', I, []),
  mk('jiffies64', I, []),
  mk('get_current_pid_tgid', I, []),
  mk('get_current_uid_gid', I, []),
  mk('get_current_comm', I, [UNINIT_MEM, SIZE]),
  mk('get_current_cgroup_id', I, []),
  mk('get_current_ancestor_cgroup_id', I, [ANY]),
  mk('get_ns_current_pid_tgid', I, [ANY, ANY, UNINIT_MEM, SIZE]),
  mk('spin_lock', V, [SPIN_LOCK]),
  mk('spin_unlock', V, [SPIN_LOCK]),
  mk('get_local_storage', 'RET_PTR_TO_MAP_VALUE', [MAP, ANY], { maps: [M.CGROUP_STORAGE, M.PERCPU_CGROUP_STORAGE] }),
  mk('strtol', I, [MEM_RO, SIZE, ANY, LONG]),
  mk('strtoul', I, [MEM_RO, SIZE, ANY, LONG]),
  mk('strncmp', I, [MEM_RO, SIZE, CONST_STR]),
  mk('snprintf', I, [UNINIT_MEM_OR_NULL, SIZE0, CONST_STR, MEM_RO_OR_NULL, SIZE0], { gpl: true }),
  mk('per_cpu_ptr', 'RET_PTR_TO_MEM_OR_BTF_ID_OR_NULL', [arg('ARG_PTR_TO_PERCPU_BTF_ID'), ANY]),
  mk('this_cpu_ptr', 'RET_PTR_TO_MEM_OR_BTF_ID', [arg('ARG_PTR_TO_PERCPU_BTF_ID')]),
  mk('timer_init', I, [TIMER, MAP, ANY]),
  mk('timer_set_callback', I, [TIMER, FUNC], { callback: { kind: 'timer', retRange: [0, 0] } }),
  mk('timer_start', I, [TIMER, ANY, ANY]),
  mk('timer_cancel', I, [TIMER]),
  mk('kptr_xchg', 'RET_PTR_TO_BTF_ID_OR_NULL', [arg('ARG_PTR_TO_KPTR'), arg('ARG_PTR_TO_BTF_ID', PTR_MAYBE_NULL | OBJ_RELEASE)], { acquire: true }),
  mk('for_each_map_elem', I, [MAP, FUNC, STACK_OR_NULL, ANY], { callback: { kind: 'for_each_map_elem', retRange: [0, 1] } }),
  mk('loop', I, [ANY, FUNC, STACK_OR_NULL, ANY], { callback: { kind: 'loop', retRange: [0, 1] } }),
  mk('dynptr_from_mem', I, [UNINIT_MEM, SIZE0, ANY, arg('ARG_PTR_TO_DYNPTR', DYNPTR_TYPE_LOCAL | MEM_UNINIT)]),
  mk('dynptr_read', I, [UNINIT_MEM, SIZE0, arg('ARG_PTR_TO_DYNPTR', MEM_RDONLY), ANY, ANY]),
  mk('dynptr_write', I, [arg('ARG_PTR_TO_DYNPTR', MEM_RDONLY), ANY, MEM_RO, SIZE0, ANY]),
  mk('dynptr_data', 'RET_PTR_TO_DYNPTR_MEM_OR_NULL', [arg('ARG_PTR_TO_DYNPTR', MEM_RDONLY), ANY, arg('ARG_CONST_ALLOC_SIZE_OR_ZERO')], { retSizeArg: 3 }),
  mk('cgrp_storage_get', 'RET_PTR_TO_MAP_VALUE_OR_NULL', [MAP, btf('cgroup'), VALUE_OR_NULL, ANY], { maps: [M.CGRP_STORAGE] }),
  mk('cgrp_storage_delete', I, [MAP, btf('cgroup')], { maps: [M.CGRP_STORAGE] }),
  mk('tail_call', V, [CTX, MAP, ANY], { maps: [M.PROG_ARRAY] }),
  // kernel/bpf/ringbuf.c
  mk('ringbuf_output', I, [MAP, MEM_RO, SIZE0, ANY], { maps: [M.RINGBUF] }),
  mk('ringbuf_reserve', 'RET_PTR_TO_MEM_OR_NULL', [MAP, arg('ARG_CONST_ALLOC_SIZE_OR_ZERO'), ANY], { acquire: true, retSizeArg: 2, maps: [M.RINGBUF] }),
  mk('ringbuf_submit', V, [arg('ARG_PTR_TO_RINGBUF_MEM', OBJ_RELEASE), ANY]),
  mk('ringbuf_discard', V, [arg('ARG_PTR_TO_RINGBUF_MEM', OBJ_RELEASE), ANY]),
  mk('ringbuf_query', I, [MAP, ANY], { maps: [M.RINGBUF] }),
  mk('ringbuf_reserve_dynptr', I, [MAP, ANY, ANY, arg('ARG_PTR_TO_DYNPTR', DYNPTR_TYPE_RINGBUF | MEM_UNINIT)], { maps: [M.RINGBUF] }),
  mk('ringbuf_submit_dynptr', V, [arg('ARG_PTR_TO_DYNPTR', DYNPTR_TYPE_RINGBUF | OBJ_RELEASE), ANY]),
  mk('ringbuf_discard_dynptr', V, [arg('ARG_PTR_TO_DYNPTR', DYNPTR_TYPE_RINGBUF | OBJ_RELEASE), ANY]),
  mk('user_ringbuf_drain', I, [MAP, FUNC, STACK_OR_NULL, ANY], { maps: [M.USER_RINGBUF], callback: { kind: 'user_ringbuf_drain', retRange: [0, 1] } }),
  // kernel/trace/bpf_trace.c (tracing)
  mk('probe_read', I, [UNINIT_MEM, SIZE0, ANY], { gpl: true, proto: 'bpf_probe_read_compat_proto' }),
  mk('probe_read_str', I, [UNINIT_MEM, SIZE0, ANY], { gpl: true, retMax: 2, proto: 'bpf_probe_read_compat_str_proto' }),
  mk('probe_read_user', I, [UNINIT_MEM, SIZE0, ANY], { gpl: true }),
  mk('probe_read_kernel', I, [UNINIT_MEM, SIZE0, ANY], { gpl: true }),
  mk('probe_read_user_str', I, [UNINIT_MEM, SIZE0, ANY], { gpl: true, retMax: 2 }),
  mk('probe_read_kernel_str', I, [UNINIT_MEM, SIZE0, ANY], { gpl: true, retMax: 2 }),
  mk('probe_write_user', I, [ANY, MEM_RO, SIZE], { gpl: true }),
  mk('copy_from_user', I, [UNINIT_MEM, SIZE0, ANY], { gpl: true, sleepable: true }),
  mk('copy_from_user_task', I, [UNINIT_MEM, SIZE0, ANY, btf('task_struct'), ANY], { gpl: true, sleepable: true }),
  mk('trace_printk', I, [MEM_RO, SIZE], { gpl: true }),
  mk('trace_vprintk', I, [MEM_RO, SIZE, MEM_RO_OR_NULL, SIZE0], { gpl: true }),
  mk('seq_printf', I, [btf('seq_file'), MEM_RO, SIZE, MEM_RO_OR_NULL, SIZE0], { gpl: true }),
  mk('seq_write', I, [btf('seq_file'), MEM_RO, SIZE0], { gpl: true }),
  mk('seq_printf_btf', I, [btf('seq_file'), MEM_RO, SIZE0, ANY]),
  mk('snprintf_btf', I, [MEM_RW, SIZE, MEM_RO, SIZE, ANY], { gpl: true }),
  mk('get_current_task', I, [], { gpl: true }),
  mk('get_current_task_btf', 'RET_PTR_TO_BTF_ID_TRUSTED', [], { gpl: true, retBtf: 'task_struct' }),
  mk('task_pt_regs', 'RET_PTR_TO_BTF_ID', [btf('task_struct')], { gpl: true, retBtf: 'pt_regs' }),
  mk('current_task_under_cgroup', I, [MAP, ANY], { maps: [M.CGROUP_ARRAY] }),
  mk('perf_event_read', I, [MAP, ANY], { maps: PERF_MAPS }),
  mk('perf_event_read_value', I, [MAP, ANY, UNINIT_MEM, SIZE], { maps: PERF_MAPS }),
  mk('perf_prog_read_value', I, [CTX, UNINIT_MEM, SIZE]),
  mk('perf_event_output', I, [CTX, MAP, ANY, MEM_RO, SIZE0], { gpl: true, maps: PERF_MAPS }),
  mk('get_stackid', I, [CTX, MAP, ANY], { gpl: true, maps: [M.STACK_TRACE] }),
  mk('get_stack', I, [CTX, UNINIT_MEM, SIZE0, ANY], { gpl: true, retMax: 3 }),
  mk('get_task_stack', I, [btf('task_struct'), UNINIT_MEM, SIZE0, ANY], { retMax: 3 }),
  mk('override_return', I, [CTX, ANY], { gpl: true }),
  mk('send_signal', I, [ANY]),
  mk('send_signal_thread', I, [ANY]),
  mk('read_branch_records', I, [CTX, UNINIT_MEM_OR_NULL, SIZE0, ANY], { gpl: true }),
  mk('get_branch_snapshot', I, [UNINIT_MEM, SIZE0, ANY], { gpl: true }),
  mk('d_path', I, [btf('path'), UNINIT_MEM, SIZE0]),
  mk('get_func_ip', I, [CTX]),
  mk('get_attach_cookie', I, [CTX]),
  mk('get_func_arg', I, [CTX, ANY, LONG]),
  mk('get_func_ret', I, [CTX, LONG]),
  mk('get_func_arg_cnt', I, [CTX]),
  mk('find_vma', I, [btf('task_struct'), ANY, FUNC, STACK_OR_NULL, ANY], { callback: { kind: 'find_vma', retRange: [0, 1] } }),
  mk('kallsyms_lookup_name', I, [MEM_RO, SIZE0, ANY, LONG]),
  mk('bprm_opts_set', I, [btf('linux_binprm'), ANY]),
  mk('ima_inode_hash', I, [btf('inode'), UNINIT_MEM, SIZE], { sleepable: true }),
  mk('ima_file_hash', I, [btf('file'), UNINIT_MEM, SIZE], { sleepable: true }),
  mk('sock_from_file', 'RET_PTR_TO_BTF_ID_OR_NULL', [btf('file')], { retBtf: 'socket' }),
  mk('task_storage_get', 'RET_PTR_TO_MAP_VALUE_OR_NULL', [MAP, btf('task_struct', PTR_MAYBE_NULL), VALUE_OR_NULL, ANY], { maps: [M.TASK_STORAGE] }),
  mk('task_storage_delete', I, [MAP, btf('task_struct')], { maps: [M.TASK_STORAGE] }),
  mk('inode_storage_get', 'RET_PTR_TO_MAP_VALUE_OR_NULL', [MAP, btf('inode', PTR_MAYBE_NULL), VALUE_OR_NULL, ANY], { maps: [M.INODE_STORAGE] }),
  mk('inode_storage_delete', I, [MAP, btf('inode')], { maps: [M.INODE_STORAGE] }),
  mk('skb_output', I, [btf('sk_buff'), MAP, ANY, MEM_RO, SIZE0], { gpl: true, maps: PERF_MAPS }),
  mk('xdp_output', I, [btf('xdp_buff'), MAP, ANY, MEM_RO, SIZE0], { gpl: true, maps: PERF_MAPS }),
  mk('get_retval', I, []),
  mk('set_retval', I, [ANY]),
  // kernel/bpf/syscall.c (BPF_PROG_TYPE_SYSCALL)
  mk('sys_bpf', I, [ANY, MEM_RO, SIZE], { sleepable: true }),
  mk('btf_find_by_name_kind', I, [MEM_RO, SIZE, ANY, ANY], { sleepable: true }),
  mk('sys_close', I, [ANY], { sleepable: true }),
  // net/core/filter.c (networking)
  mk('skb_store_bytes', I, [CTX, ANY, MEM_RO, SIZE, ANY]),
  mk('skb_load_bytes', I, [CTX, ANY, UNINIT_MEM, SIZE]),
  mk('skb_load_bytes_relative', I, [CTX, ANY, UNINIT_MEM, SIZE, ANY]),
  mk('l3_csum_replace', I, [CTX, ANY, ANY, ANY, ANY]),
  mk('l4_csum_replace', I, [CTX, ANY, ANY, ANY, ANY]),
  mk('csum_diff', I, [MEM_RO_OR_NULL, SIZE0, MEM_RO_OR_NULL, SIZE0, ANY], { pkt: true }),
  mk('csum_update', I, [CTX, ANY]),
  mk('csum_level', I, [CTX, ANY]),
  mk('clone_redirect', I, [CTX, ANY, ANY]),
  mk('redirect', I, [ANY, ANY]),
  mk('redirect_map', I, [MAP, ANY, ANY], { maps: REDIRECT_MAPS, proto: 'bpf_xdp_redirect_map_proto' }),
  mk('redirect_neigh', I, [ANY, MEM_RO_OR_NULL, SIZE0, ANY]),
  mk('redirect_peer', I, [ANY, ANY]),
  mk('get_cgroup_classid', I, [CTX]),
  mk('skb_cgroup_classid', I, [CTX]),
  mk('get_route_realm', I, [CTX]),
  mk('get_hash_recalc', I, [CTX]),
  mk('set_hash_invalid', I, [CTX]),
  mk('set_hash', I, [CTX, ANY]),
  mk('skb_vlan_push', I, [CTX, ANY, ANY]),
  mk('skb_vlan_pop', I, [CTX]),
  mk('skb_get_tunnel_key', I, [CTX, UNINIT_MEM, SIZE, ANY]),
  mk('skb_set_tunnel_key', I, [CTX, MEM_RO, SIZE, ANY]),
  mk('skb_get_tunnel_opt', I, [CTX, UNINIT_MEM, SIZE]),
  mk('skb_set_tunnel_opt', I, [CTX, MEM_RO, SIZE]),
  mk('skb_change_proto', I, [CTX, ANY, ANY]),
  mk('skb_change_type', I, [CTX, ANY]),
  mk('skb_under_cgroup', I, [CTX, MAP, ANY], { maps: [M.CGROUP_ARRAY] }),
  mk('skb_change_tail', I, [CTX, ANY, ANY]),
  mk('skb_change_head', I, [CTX, ANY, ANY]),
  mk('skb_pull_data', I, [CTX, ANY]),
  mk('skb_adjust_room', I, [CTX, ANY, ANY, ANY]),
  mk('skb_get_xfrm_state', I, [CTX, ANY, UNINIT_MEM, SIZE, ANY]),
  mk('skb_cgroup_id', I, [CTX]),
  mk('skb_ancestor_cgroup_id', I, [CTX, ANY]),
  mk('skb_ecn_set_ce', I, [CTX]),
  mk('skb_set_tstamp', I, [CTX, ANY, ANY]),
  mk('fib_lookup', I, [CTX, MEM_RW, SIZE, ANY]),
  mk('check_mtu', I, [CTX, ANY, INT, ANY, ANY]),
  mk('xdp_adjust_head', I, [CTX, ANY]),
  mk('xdp_adjust_tail', I, [CTX, ANY]),
  mk('xdp_adjust_meta', I, [CTX, ANY]),
  mk('xdp_get_buff_len', I, [CTX]),
  mk('xdp_load_bytes', I, [CTX, ANY, UNINIT_MEM, SIZE]),
  mk('xdp_store_bytes', I, [CTX, ANY, MEM_RO, SIZE]),
  mk('get_socket_cookie', I, [CTX]),
  mk('get_socket_uid', I, [CTX]),
  mk('get_netns_cookie', I, [arg('ARG_PTR_TO_CTX', PTR_MAYBE_NULL)]),
  mk('setsockopt', I, [CTX, ANY, ANY, MEM_RO, SIZE]),
  mk('getsockopt', I, [CTX, ANY, ANY, UNINIT_MEM, SIZE]),
  mk('sock_ops_cb_flags_set', I, [CTX, ANY]),
  mk('bind', I, [CTX, MEM_RO, SIZE]),
  mk('load_hdr_opt', I, [CTX, MEM_WR, SIZE, ANY]),
  mk('store_hdr_opt', I, [CTX, MEM_RO, SIZE, ANY]),
  mk('reserve_hdr_opt', I, [CTX, ANY, ANY]),
  mk('sk_redirect_map', I, [CTX, MAP, ANY, ANY], { maps: [M.SOCKMAP] }),
  mk('sk_redirect_hash', I, [CTX, MAP, KEY, ANY], { maps: [M.SOCKHASH] }),
  mk('sock_map_update', I, [CTX, MAP, KEY, ANY], { maps: [M.SOCKMAP] }),
  mk('sock_hash_update', I, [CTX, MAP, KEY, ANY], { maps: [M.SOCKHASH] }),
  mk('msg_redirect_map', I, [CTX, MAP, ANY, ANY], { maps: [M.SOCKMAP] }),
  mk('msg_redirect_hash', I, [CTX, MAP, KEY, ANY], { maps: [M.SOCKHASH] }),
  mk('msg_apply_bytes', I, [CTX, ANY]),
  mk('msg_cork_bytes', I, [CTX, ANY]),
  mk('msg_pull_data', I, [CTX, ANY, ANY, ANY]),
  mk('msg_push_data', I, [CTX, ANY, ANY, ANY]),
  mk('msg_pop_data', I, [CTX, ANY, ANY, ANY]),
  mk('sk_select_reuseport', I, [CTX, MAP, KEY, ANY], { maps: [M.REUSEPORT_SOCKARRAY, M.SOCKMAP, M.SOCKHASH] }),
  // net/core/filter.c: the sk/skc lookups take the tuple from the packet (.pkt_access = true) and
  // its size as ARG_CONST_SIZE_OR_ZERO (a size that is no tuple's returns NULL at run time)
  mk('sk_lookup_tcp', 'RET_PTR_TO_SOCKET_OR_NULL', [CTX, MEM_RO, SIZE0, ANY, ANY], { acquire: true, pkt: true, proto: 'bpf_sk_lookup_tcp_proto' }),
  mk('sk_lookup_udp', 'RET_PTR_TO_SOCKET_OR_NULL', [CTX, MEM_RO, SIZE0, ANY, ANY], { acquire: true, pkt: true, proto: 'bpf_sk_lookup_udp_proto' }),
  mk('skc_lookup_tcp', 'RET_PTR_TO_SOCK_COMMON_OR_NULL', [CTX, MEM_RO, SIZE0, ANY, ANY], { acquire: true, pkt: true }),
  mk('sk_release', I, [arg('ARG_PTR_TO_BTF_ID_SOCK_COMMON', OBJ_RELEASE)]),
  mk('sk_fullsock', 'RET_PTR_TO_SOCKET_OR_NULL', [SOCK_COMMON]),
  mk('tcp_sock', 'RET_PTR_TO_TCP_SOCK_OR_NULL', [SOCK_COMMON]),
  mk('get_listener_sock', 'RET_PTR_TO_SOCKET_OR_NULL', [SOCK_COMMON]),
  // net/core/filter.c: the syncookie helpers read the headers where they are (.pkt_access = true)
  mk('tcp_check_syncookie', I, [BTF_SOCK_COMMON, MEM_RO, SIZE, MEM_RO, SIZE], { pkt: true }),
  mk('tcp_gen_syncookie', I, [BTF_SOCK_COMMON, MEM_RO, SIZE, MEM_RO, SIZE], { pkt: true }),
  mk('tcp_send_ack', I, [btf('tcp_sock'), ANY]),
  mk('sk_storage_get', 'RET_PTR_TO_MAP_VALUE_OR_NULL', [MAP, BTF_SOCK_COMMON, VALUE_OR_NULL, ANY], { maps: [M.SK_STORAGE] }),
  mk('sk_storage_delete', I, [MAP, BTF_SOCK_COMMON], { maps: [M.SK_STORAGE] }),
  mk('sk_assign', I, [CTX, BTF_SOCK_COMMON, ANY]),
  mk('sk_cgroup_id', I, [BTF_SOCK_COMMON]),
  mk('sk_ancestor_cgroup_id', I, [BTF_SOCK_COMMON, ANY]),
  mk('skc_to_tcp6_sock', 'RET_PTR_TO_BTF_ID_OR_NULL', [BTF_SOCK_COMMON], { retBtf: 'tcp6_sock' }),
  mk('skc_to_tcp_sock', 'RET_PTR_TO_BTF_ID_OR_NULL', [BTF_SOCK_COMMON], { retBtf: 'tcp_sock' }),
  mk('skc_to_tcp_timewait_sock', 'RET_PTR_TO_BTF_ID_OR_NULL', [BTF_SOCK_COMMON], { retBtf: 'tcp_timewait_sock' }),
  mk('skc_to_tcp_request_sock', 'RET_PTR_TO_BTF_ID_OR_NULL', [BTF_SOCK_COMMON], { retBtf: 'tcp_request_sock' }),
  mk('skc_to_udp6_sock', 'RET_PTR_TO_BTF_ID_OR_NULL', [BTF_SOCK_COMMON], { retBtf: 'udp6_sock' }),
  mk('skc_to_unix_sock', 'RET_PTR_TO_BTF_ID_OR_NULL', [BTF_SOCK_COMMON], { retBtf: 'unix_sock' }),
  mk('skc_to_mptcp_sock', 'RET_PTR_TO_BTF_ID_OR_NULL', [SOCK_COMMON], { retBtf: 'mptcp_sock' }),
  mk('tcp_raw_gen_syncookie_ipv4', I, [fixed(20), fixed(20), SIZE], { pkt: true }),
  mk('tcp_raw_gen_syncookie_ipv6', I, [fixed(40), fixed(20), SIZE], { pkt: true }),
  mk('tcp_raw_check_syncookie_ipv4', I, [fixed(20), fixed(20)], { pkt: true }),
  mk('tcp_raw_check_syncookie_ipv6', I, [fixed(40), fixed(20)], { pkt: true }),
  mk('lwt_push_encap', I, [CTX, ANY, MEM_RO, SIZE]),
  mk('lwt_seg6_store_bytes', I, [CTX, ANY, MEM_RO, SIZE]),
  mk('lwt_seg6_adjust_srh', I, [CTX, ANY, ANY]),
  mk('lwt_seg6_action', I, [CTX, ANY, MEM_RO, SIZE]),
  // drivers/media/rc/bpf-lirc.c
  mk('rc_repeat', I, [CTX], { gpl: true }),
  mk('rc_keydown', I, [CTX, ANY, ANY, ANY], { gpl: true }),
  mk('rc_pointer_rel', I, [CTX, ANY, ANY], { gpl: true }),
  // kernel/bpf/cgroup.c
  mk('sysctl_get_name', I, [CTX, UNINIT_MEM, SIZE, ANY]),
  mk('sysctl_get_current_value', I, [CTX, UNINIT_MEM, SIZE]),
  mk('sysctl_get_new_value', I, [CTX, UNINIT_MEM, SIZE]),
  mk('sysctl_set_new_value', I, [CTX, MEM_RO, SIZE]),
];

/** HELPER_PROTOS[id]: the default prototype of helper `id`, or undefined (0 = unspec and unknown ids) */
export const HELPER_PROTOS: ReadonlyArray<HelperProto | undefined> = (() => {
  const a: Array<HelperProto | undefined> = new Array(HELPER_NAMES.length).fill(undefined);
  for (const p of LIST) {
    if (a[p.id]) throw new Error(`internal: duplicate prototype for ${p.name}`);
    a[p.id] = p;
  }
  return a;
})();

export function helperProto(id: number): HelperProto | undefined {
  return HELPER_PROTOS[id];
}

/**
 * Program-type-specific variants of a prototype (the kernel returns a different bpf_func_proto
 * object from the program type's get_func_proto). Keys are the kernel's proto object names.
 */
export const HELPER_PROTO_VARIANTS: Readonly<Record<string, HelperProto>> = Object.freeze({
  /** net/core/filter.c: perf_event_output for skb programs (ctx = __sk_buff; upper 32 bits of flags = packet bytes to append) */
  bpf_skb_event_output_proto: mk('perf_event_output', I, [CTX, MAP, ANY, MEM_RO, SIZE0], { maps: PERF_MAPS, proto: 'bpf_skb_event_output_proto' }),
  bpf_xdp_event_output_proto: mk('perf_event_output', I, [CTX, MAP, ANY, MEM_RO, SIZE0], { maps: PERF_MAPS, proto: 'bpf_xdp_event_output_proto' }),
  /** kernel/bpf/core.c: for cgroup and sock_ops programs (no ctx data appended) */
  bpf_event_output_data_proto: mk('perf_event_output', I, [CTX, MAP, ANY, MEM_RO, SIZE0], { gpl: true, maps: PERF_MAPS, proto: 'bpf_event_output_data_proto' }),
  bpf_perf_event_output_proto_tp: mk('perf_event_output', I, [CTX, MAP, ANY, MEM_RO, SIZE0], { gpl: true, maps: PERF_MAPS, proto: 'bpf_perf_event_output_proto_tp' }),
  bpf_perf_event_output_proto_raw_tp: mk('perf_event_output', I, [CTX, MAP, ANY, MEM_RO, SIZE0], { gpl: true, maps: PERF_MAPS, proto: 'bpf_perf_event_output_proto_raw_tp' }),
  bpf_get_stackid_proto_tp: mk('get_stackid', I, [CTX, MAP, ANY], { gpl: true, maps: [M.STACK_TRACE], proto: 'bpf_get_stackid_proto_tp' }),
  bpf_get_stackid_proto_raw_tp: mk('get_stackid', I, [CTX, MAP, ANY], { gpl: true, maps: [M.STACK_TRACE], proto: 'bpf_get_stackid_proto_raw_tp' }),
  bpf_get_stack_proto_tp: mk('get_stack', I, [CTX, UNINIT_MEM, SIZE0, ANY], { gpl: true, retMax: 3, proto: 'bpf_get_stack_proto_tp' }),
  bpf_get_stack_proto_raw_tp: mk('get_stack', I, [CTX, UNINIT_MEM, SIZE0, ANY], { gpl: true, retMax: 3, proto: 'bpf_get_stack_proto_raw_tp' }),
  /** tc: bpf_redirect_map is not available, sk programs use sk_redirect_map */
  bpf_get_socket_cookie_sock_proto: mk('get_socket_cookie', I, [CTX], { proto: 'bpf_get_socket_cookie_sock_proto' }),
  /** net/core/filter.c: setsockopt/getsockopt on a socket pointer (cgroup setsockopt programs' ctx->sk, tcp and unix iterators) */
  bpf_sk_setsockopt_proto: mk('setsockopt', I, [BTF_SOCK_COMMON, ANY, ANY, MEM_RO, SIZE], { proto: 'bpf_sk_setsockopt_proto' }),
  bpf_sk_getsockopt_proto: mk('getsockopt', I, [BTF_SOCK_COMMON, ANY, ANY, UNINIT_MEM, SIZE], { proto: 'bpf_sk_getsockopt_proto' }),
  /** net/core/bpf_sk_storage.c: a cgroup sock program's context is the struct sock itself */
  bpf_sk_storage_get_cg_sock_proto: mk('sk_storage_get', 'RET_PTR_TO_MAP_VALUE_OR_NULL', [MAP, CTX, VALUE_OR_NULL, ANY], { maps: [M.SK_STORAGE], proto: 'bpf_sk_storage_get_cg_sock_proto' }),
  /** net/core/filter.c: sk_lookup's bpf_sk_assign takes a socket or NULL (NULL clears the selection) */
  bpf_sk_lookup_assign_proto: mk('sk_assign', I, [CTX, arg('ARG_PTR_TO_SOCKET', PTR_MAYBE_NULL), ANY], { proto: 'bpf_sk_lookup_assign_proto' }),
  /** net/core/filter.c: the cookie of a socket pointer that may be NULL (sk_reuseport's ctx->sk and ctx->migrating_sk) */
  bpf_get_socket_ptr_cookie_proto: mk('get_socket_cookie', I, [arg('ARG_PTR_TO_BTF_ID_SOCK_COMMON', PTR_MAYBE_NULL)], { proto: 'bpf_get_socket_ptr_cookie_proto' }),
  bpf_get_smp_processor_id_proto: mk('get_smp_processor_id', I, [], { proto: 'bpf_get_smp_processor_id_proto' }),
  /** kernel/bpf/helpers.c: the current task's net_cls classid (no skb), for non-skb programs */
  bpf_get_cgroup_classid_curr_proto: mk('get_cgroup_classid', I, [], { proto: 'bpf_get_cgroup_classid_curr_proto' }),
  /** kernel/bpf/helpers.c bpf_get_current_comm for bpf_base_func_proto (6.x) */
  bpf_sk_lookup_tcp_proto: mk('sk_lookup_tcp', 'RET_PTR_TO_SOCKET_OR_NULL', [CTX, MEM_RO, SIZE0, ANY, ANY], { acquire: true, pkt: true, proto: 'bpf_sk_lookup_tcp_proto' }),
  bpf_xdp_sk_lookup_tcp_proto: mk('sk_lookup_tcp', 'RET_PTR_TO_SOCKET_OR_NULL', [CTX, MEM_RO, SIZE0, ANY, ANY], { acquire: true, pkt: true, proto: 'bpf_xdp_sk_lookup_tcp_proto' }),
  bpf_xdp_sk_lookup_udp_proto: mk('sk_lookup_udp', 'RET_PTR_TO_SOCKET_OR_NULL', [CTX, MEM_RO, SIZE0, ANY, ANY], { acquire: true, pkt: true, proto: 'bpf_xdp_sk_lookup_udp_proto' }),
  /**
   * net/core/bpf_sk_storage.c: the tracing programs' sk storage helpers take any BTF socket
   * (ARG_PTR_TO_BTF_ID of sock_common: plain, trusted or RCU; get also NULL), not the
   * socket-program types of bpf_sk_storage_get_proto
   */
  bpf_sk_storage_get_tracing_proto: mk('sk_storage_get', 'RET_PTR_TO_MAP_VALUE_OR_NULL', [MAP, btf('sock_common', PTR_MAYBE_NULL), VALUE_OR_NULL, ANY], { maps: [M.SK_STORAGE], proto: 'bpf_sk_storage_get_tracing_proto' }),
  bpf_sk_storage_delete_tracing_proto: mk('sk_storage_delete', I, [MAP, btf('sock_common')], { maps: [M.SK_STORAGE], proto: 'bpf_sk_storage_delete_tracing_proto' }),
  bpf_xdp_skc_lookup_tcp_proto: mk('skc_lookup_tcp', 'RET_PTR_TO_SOCK_COMMON_OR_NULL', [CTX, MEM_RO, SIZE0, ANY, ANY], { acquire: true, pkt: true, proto: 'bpf_xdp_skc_lookup_tcp_proto' }),
});

// ---- compatible_reg_types (kernel/bpf/verifier.c) ------------------------------------------

/**
 * The register types each argument base type accepts, as the verifier lists them when a helper
 * argument has the wrong type: "R2 type=scalar expected=fp, pkt, pkt_meta, map_key, map_value".
 * Linux 6.18's wording (checked by test/bpf_helpers/proto_kernel.test.ts).
 */
export const ARG_EXPECTED_TYPES: Readonly<Partial<Record<ArgBase, string>>> = Object.freeze({
  ARG_CONST_MAP_PTR: 'map_ptr',
  ARG_PTR_TO_MAP_KEY: 'fp, pkt, pkt_meta, map_key, map_value',
  ARG_PTR_TO_MAP_VALUE: 'fp, pkt, pkt_meta, map_key, map_value',
  ARG_PTR_TO_MEM: 'fp, pkt, pkt_meta, map_key, map_value, mem, ringbuf_mem, buf, trusted_ptr_',
  ARG_PTR_TO_LONG: 'fp, pkt, pkt_meta, map_key, map_value, mem, ringbuf_mem, buf, trusted_ptr_',
  ARG_PTR_TO_INT: 'fp, pkt, pkt_meta, map_key, map_value, mem, ringbuf_mem, buf, trusted_ptr_',
  ARG_PTR_TO_CTX: 'ctx',
  ARG_PTR_TO_SPIN_LOCK: 'map_value, ptr_',
  ARG_PTR_TO_SOCK_COMMON: 'sock_common, sock, tcp_sock, xdp_sock',
  ARG_PTR_TO_BTF_ID_SOCK_COMMON: 'sock_common, sock, tcp_sock, xdp_sock, ptr_, trusted_ptr_',
  ARG_PTR_TO_SOCKET: 'sock',
  ARG_PTR_TO_BTF_ID: 'ptr_, trusted_ptr_, rcu_ptr_',
  ARG_PTR_TO_RINGBUF_MEM: 'ringbuf_mem',
  ARG_PTR_TO_PERCPU_BTF_ID: 'percpu_ptr_, percpu_rcu_ptr_, percpu_trusted_ptr_',
  ARG_PTR_TO_FUNC: 'func',
  ARG_PTR_TO_STACK: 'fp',
  ARG_PTR_TO_CONST_STR: 'map_value',
  ARG_PTR_TO_TIMER: 'map_value',
  ARG_PTR_TO_KPTR: 'map_value, ptr_',
  ARG_PTR_TO_DYNPTR: 'fp, dynptr_ptr',
});

// ---- check_map_func_compatibility (kernel/bpf/verifier.c) -----------------------------------

/**
 * Map side: a map of these types may only be passed to these helpers (the first switch of
 * check_map_func_compatibility). Map types not listed here accept any helper taking a map,
 * subject to the helper side (`HelperProto.mapTypes`).
 */
export const MAP_TYPE_FUNCS: ReadonlyMap<number, readonly string[]> = new Map<number, readonly string[]>([
  [M.PROG_ARRAY, ['tail_call']],
  [M.PERF_EVENT_ARRAY, ['perf_event_read', 'perf_event_output', 'perf_event_read_value', 'skb_output', 'xdp_output']],
  [M.RINGBUF, ['ringbuf_output', 'ringbuf_reserve', 'ringbuf_query', 'ringbuf_reserve_dynptr', 'ringbuf_submit_dynptr', 'ringbuf_discard_dynptr']],
  [M.USER_RINGBUF, ['user_ringbuf_drain']],
  [M.STACK_TRACE, ['get_stackid']],
  [M.CGROUP_ARRAY, ['skb_under_cgroup', 'current_task_under_cgroup']],
  [M.CGROUP_STORAGE, ['get_local_storage']],
  [M.PERCPU_CGROUP_STORAGE, ['get_local_storage']],
  [M.DEVMAP, ['redirect_map', 'map_lookup_elem']],
  [M.DEVMAP_HASH, ['redirect_map', 'map_lookup_elem']],
  [M.CPUMAP, ['redirect_map']],
  [M.XSKMAP, ['redirect_map', 'map_lookup_elem']],
  [M.ARRAY_OF_MAPS, ['map_lookup_elem']],
  [M.HASH_OF_MAPS, ['map_lookup_elem']],
  [M.SOCKMAP, ['sk_redirect_map', 'sock_map_update', 'msg_redirect_map', 'sk_select_reuseport', 'map_lookup_elem', 'map_update_elem', 'map_delete_elem']],
  [M.SOCKHASH, ['sk_redirect_hash', 'sock_hash_update', 'msg_redirect_hash', 'sk_select_reuseport', 'map_lookup_elem', 'map_update_elem', 'map_delete_elem']],
  [M.REUSEPORT_SOCKARRAY, ['sk_select_reuseport']],
  [M.QUEUE, ['map_peek_elem', 'map_pop_elem', 'map_push_elem']],
  [M.STACK, ['map_peek_elem', 'map_pop_elem', 'map_push_elem']],
  [M.BLOOM_FILTER, ['map_peek_elem', 'map_push_elem']],
  [M.SK_STORAGE, ['sk_storage_get', 'sk_storage_delete', 'kptr_xchg']],
  [M.INODE_STORAGE, ['inode_storage_get', 'inode_storage_delete', 'kptr_xchg']],
  [M.TASK_STORAGE, ['task_storage_get', 'task_storage_delete', 'kptr_xchg']],
  [M.CGRP_STORAGE, ['cgrp_storage_get', 'cgrp_storage_delete', 'kptr_xchg']],
]);

/**
 * check_map_func_compatibility: null when a map of `mapType` may be passed to helper `funcId`,
 * else the kernel's message "cannot pass map_type %d into func %s#%d".
 */
export function checkMapFuncCompatibility(mapType: number, funcId: number, progType?: number, attachType = 0): string | null {
  const name = HELPER_NAMES[funcId];
  const proto = HELPER_PROTOS[funcId];
  const msg = `cannot pass map_type ${mapType} into func ${helperName(funcId) ?? `#${funcId}`}#${funcId}`;
  if (name === undefined) return msg;
  const allowed = MAP_TYPE_FUNCS.get(mapType);
  if (allowed && !allowed.includes(name)) return msg;
  if ((mapType === M.SOCKMAP || mapType === M.SOCKHASH) && (name === 'map_update_elem' || name === 'map_delete_elem') && progType !== undefined && !mayUpdateSockmap(progType, attachType, name)) return msg;
  if (proto?.mapTypes && !proto.mapTypes.includes(mapType)) return msg;
  return null;
}

/**
 * may_update_sockmap (kernel/bpf/verifier.c): the program types that may update or delete
 * sockmap/sockhash entries through the generic map helpers ("cannot update sockmap in this
 * context" otherwise). BPF_PROG_TYPE numbers: TRACING 26 (iterators), SOCK_OPS 13 (delete only),
 * SOCKET_FILTER 1, SCHED_CLS 3, SCHED_ACT 4, XDP 6, SK_REUSEPORT 21, FLOW_DISSECTOR 22, SK_LOOKUP 30.
 */
export function mayUpdateSockmap(progType: number, attachType: number, helper: 'map_update_elem' | 'map_delete_elem'): boolean {
  if (progType === 26) return attachType === 28; // BPF_TRACE_ITER
  if (progType === 13) return helper === 'map_delete_elem';
  return [0, 1, 3, 4, 6, 21, 22, 30].includes(progType);
}

/** is_acquire_function / is_release_function, by id */
export function isAcquireFunction(funcId: number): boolean {
  return HELPER_PROTOS[funcId]?.acquire ?? false;
}
export function isReleaseFunction(funcId: number): boolean {
  return HELPER_PROTOS[funcId]?.release ?? false;
}
