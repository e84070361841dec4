/**
 * Helper prototypes and program-type descriptions as the verifier consumes them.
 *
 * Interim: branch `helpers` owns the real tables (src/helpers/prototypes.ts, src/progtypes/);
 * this file holds the subset the verifier needs until they land, in the same shape
 * (struct bpf_func_proto from include/linux/bpf.h, is_valid_access from net/core/filter.c and
 * kernel/trace/bpf_trace.c), and is to be replaced by an adapter over those tables.
 */
import type { ArgType as A, RetType, VerifierHelperProto, VerifierProgType, CtxFieldKind } from './types.js';
import { MapType as M } from './types.js';

type P = VerifierHelperProto;
const p = (id: number, name: string, retType: RetType, argTypes: A[], extra: Partial<P> = {}): P => ({ id, name, retType, argTypes, ...extra });

const MAP_KV: A[] = ['ARG_CONST_MAP_PTR', 'ARG_PTR_TO_MAP_KEY'];
const SKB_CHANGES = { changesPktData: true };

/** helper prototypes by id (include/uapi/linux/bpf.h __BPF_FUNC_MAPPER order) */
export const HELPER_PROTOS: ReadonlyMap<number, P> = new Map(
  [
    p(1, 'bpf_map_lookup_elem', 'RET_PTR_TO_MAP_VALUE_OR_NULL', MAP_KV, { pktAccess: true }),
    p(2, 'bpf_map_update_elem', 'RET_INTEGER', [...MAP_KV, 'ARG_PTR_TO_MAP_VALUE', 'ARG_ANYTHING'], { pktAccess: true }),
    p(3, 'bpf_map_delete_elem', 'RET_INTEGER', MAP_KV, { pktAccess: true }),
    p(4, 'bpf_probe_read', 'RET_INTEGER', ['ARG_PTR_TO_UNINIT_MEM', 'ARG_CONST_SIZE_OR_ZERO', 'ARG_ANYTHING'], { gplOnly: true }),
    p(5, 'bpf_ktime_get_ns', 'RET_INTEGER', []),
    p(6, 'bpf_trace_printk', 'RET_INTEGER', ['ARG_PTR_TO_MEM', 'ARG_CONST_SIZE'], { gplOnly: true }),
    p(7, 'bpf_get_prandom_u32', 'RET_INTEGER', []),
    p(8, 'bpf_get_smp_processor_id', 'RET_INTEGER', []),
    p(9, 'bpf_skb_store_bytes', 'RET_INTEGER', ['ARG_PTR_TO_CTX', 'ARG_ANYTHING', 'ARG_PTR_TO_MEM', 'ARG_CONST_SIZE', 'ARG_ANYTHING'], SKB_CHANGES),
    p(10, 'bpf_l3_csum_replace', 'RET_INTEGER', ['ARG_PTR_TO_CTX', 'ARG_ANYTHING', 'ARG_ANYTHING', 'ARG_ANYTHING', 'ARG_ANYTHING'], SKB_CHANGES),
    p(11, 'bpf_l4_csum_replace', 'RET_INTEGER', ['ARG_PTR_TO_CTX', 'ARG_ANYTHING', 'ARG_ANYTHING', 'ARG_ANYTHING', 'ARG_ANYTHING'], SKB_CHANGES),
    p(12, 'bpf_tail_call', 'RET_VOID', ['ARG_PTR_TO_CTX', 'ARG_CONST_MAP_PTR', 'ARG_ANYTHING'], { mapTypes: [M.PROG_ARRAY] }),
    p(13, 'bpf_clone_redirect', 'RET_INTEGER', ['ARG_PTR_TO_CTX', 'ARG_ANYTHING', 'ARG_ANYTHING'], SKB_CHANGES),
    p(14, 'bpf_get_current_pid_tgid', 'RET_INTEGER', []),
    p(15, 'bpf_get_current_uid_gid', 'RET_INTEGER', []),
    p(16, 'bpf_get_current_comm', 'RET_INTEGER', ['ARG_PTR_TO_UNINIT_MEM', 'ARG_CONST_SIZE']),
    p(17, 'bpf_get_cgroup_classid', 'RET_INTEGER', ['ARG_PTR_TO_CTX']),
    p(18, 'bpf_skb_vlan_push', 'RET_INTEGER', ['ARG_PTR_TO_CTX', 'ARG_ANYTHING', 'ARG_ANYTHING'], SKB_CHANGES),
    p(19, 'bpf_skb_vlan_pop', 'RET_INTEGER', ['ARG_PTR_TO_CTX'], SKB_CHANGES),
    p(20, 'bpf_skb_get_tunnel_key', 'RET_INTEGER', ['ARG_PTR_TO_CTX', 'ARG_PTR_TO_UNINIT_MEM', 'ARG_CONST_SIZE', 'ARG_ANYTHING']),
    p(21, 'bpf_skb_set_tunnel_key', 'RET_INTEGER', ['ARG_PTR_TO_CTX', 'ARG_PTR_TO_MEM', 'ARG_CONST_SIZE', 'ARG_ANYTHING']),
    p(22, 'bpf_perf_event_read', 'RET_INTEGER', ['ARG_CONST_MAP_PTR', 'ARG_ANYTHING'], { gplOnly: true, mapTypes: [M.PERF_EVENT_ARRAY] }),
    p(23, 'bpf_redirect', 'RET_INTEGER', ['ARG_ANYTHING', 'ARG_ANYTHING']),
    p(24, 'bpf_get_route_realm', 'RET_INTEGER', ['ARG_PTR_TO_CTX']),
    p(25, 'bpf_perf_event_output', 'RET_INTEGER', ['ARG_PTR_TO_CTX', 'ARG_CONST_MAP_PTR', 'ARG_ANYTHING', 'ARG_PTR_TO_MEM', 'ARG_CONST_SIZE_OR_ZERO'], { mapTypes: [M.PERF_EVENT_ARRAY] }),
    p(26, 'bpf_skb_load_bytes', 'RET_INTEGER', ['ARG_PTR_TO_CTX', 'ARG_ANYTHING', 'ARG_PTR_TO_UNINIT_MEM', 'ARG_CONST_SIZE']),
    p(27, 'bpf_get_stackid', 'RET_INTEGER', ['ARG_PTR_TO_CTX', 'ARG_CONST_MAP_PTR', 'ARG_ANYTHING'], { gplOnly: true, mapTypes: [M.STACK_TRACE] }),
    p(28, 'bpf_csum_diff', 'RET_INTEGER', ['ARG_PTR_TO_MEM_OR_NULL', 'ARG_CONST_SIZE_OR_ZERO', 'ARG_PTR_TO_MEM_OR_NULL', 'ARG_CONST_SIZE_OR_ZERO', 'ARG_ANYTHING'], { pktAccess: true }),
    p(29, 'bpf_skb_get_tunnel_opt', 'RET_INTEGER', ['ARG_PTR_TO_CTX', 'ARG_PTR_TO_UNINIT_MEM', 'ARG_CONST_SIZE']),
    p(30, 'bpf_skb_set_tunnel_opt', 'RET_INTEGER', ['ARG_PTR_TO_CTX', 'ARG_PTR_TO_MEM', 'ARG_CONST_SIZE']),
    p(31, 'bpf_skb_change_proto', 'RET_INTEGER', ['ARG_PTR_TO_CTX', 'ARG_ANYTHING', 'ARG_ANYTHING'], SKB_CHANGES),
    p(32, 'bpf_skb_change_type', 'RET_INTEGER', ['ARG_PTR_TO_CTX', 'ARG_ANYTHING']),
    p(33, 'bpf_skb_under_cgroup', 'RET_INTEGER', ['ARG_PTR_TO_CTX', 'ARG_CONST_MAP_PTR', 'ARG_ANYTHING'], { mapTypes: [M.CGROUP_ARRAY] }),
    p(34, 'bpf_get_hash_recalc', 'RET_INTEGER', ['ARG_PTR_TO_CTX']),
    p(35, 'bpf_get_current_task', 'RET_INTEGER', [], { gplOnly: true }),
    p(36, 'bpf_probe_write_user', 'RET_INTEGER', ['ARG_ANYTHING', 'ARG_PTR_TO_MEM', 'ARG_CONST_SIZE'], { gplOnly: true }),
    p(37, 'bpf_current_task_under_cgroup', 'RET_INTEGER', ['ARG_CONST_MAP_PTR', 'ARG_ANYTHING'], { mapTypes: [M.CGROUP_ARRAY] }),
    p(38, 'bpf_skb_change_tail', 'RET_INTEGER', ['ARG_PTR_TO_CTX', 'ARG_ANYTHING', 'ARG_ANYTHING'], SKB_CHANGES),
    p(39, 'bpf_skb_pull_data', 'RET_INTEGER', ['ARG_PTR_TO_CTX', 'ARG_ANYTHING'], SKB_CHANGES),
    p(40, 'bpf_csum_update', 'RET_INTEGER', ['ARG_PTR_TO_CTX', 'ARG_ANYTHING']),
    p(41, 'bpf_set_hash_invalid', 'RET_VOID', ['ARG_PTR_TO_CTX']),
    p(42, 'bpf_get_numa_node_id', 'RET_INTEGER', []),
    p(43, 'bpf_skb_change_head', 'RET_INTEGER', ['ARG_PTR_TO_CTX', 'ARG_ANYTHING', 'ARG_ANYTHING'], SKB_CHANGES),
    p(44, 'bpf_xdp_adjust_head', 'RET_INTEGER', ['ARG_PTR_TO_CTX', 'ARG_ANYTHING'], SKB_CHANGES),
    p(45, 'bpf_probe_read_str', 'RET_INTEGER', ['ARG_PTR_TO_UNINIT_MEM', 'ARG_CONST_SIZE_OR_ZERO', 'ARG_ANYTHING'], { gplOnly: true }),
    p(46, 'bpf_get_socket_cookie', 'RET_INTEGER', ['ARG_PTR_TO_CTX']),
    p(47, 'bpf_get_socket_uid', 'RET_INTEGER', ['ARG_PTR_TO_CTX']),
    p(48, 'bpf_set_hash', 'RET_INTEGER', ['ARG_PTR_TO_CTX', 'ARG_ANYTHING']),
    p(49, 'bpf_setsockopt', 'RET_INTEGER', ['ARG_PTR_TO_CTX', 'ARG_ANYTHING', 'ARG_ANYTHING', 'ARG_PTR_TO_MEM', 'ARG_CONST_SIZE']),
    p(50, 'bpf_skb_adjust_room', 'RET_INTEGER', ['ARG_PTR_TO_CTX', 'ARG_ANYTHING', 'ARG_ANYTHING', 'ARG_ANYTHING'], SKB_CHANGES),
    p(51, 'bpf_redirect_map', 'RET_INTEGER', ['ARG_CONST_MAP_PTR', 'ARG_ANYTHING', 'ARG_ANYTHING'], { mapTypes: [M.DEVMAP, M.DEVMAP_HASH, M.CPUMAP, M.XSKMAP] }),
    p(52, 'bpf_sk_redirect_map', 'RET_INTEGER', ['ARG_PTR_TO_CTX', 'ARG_CONST_MAP_PTR', 'ARG_ANYTHING', 'ARG_ANYTHING'], { mapTypes: [M.SOCKMAP] }),
    p(53, 'bpf_sock_map_update', 'RET_INTEGER', ['ARG_PTR_TO_CTX', 'ARG_CONST_MAP_PTR', 'ARG_PTR_TO_MAP_KEY', 'ARG_ANYTHING'], { mapTypes: [M.SOCKMAP] }),
    p(54, 'bpf_xdp_adjust_meta', 'RET_INTEGER', ['ARG_PTR_TO_CTX', 'ARG_ANYTHING'], SKB_CHANGES),
    p(55, 'bpf_perf_event_read_value', 'RET_INTEGER', ['ARG_CONST_MAP_PTR', 'ARG_ANYTHING', 'ARG_PTR_TO_UNINIT_MEM', 'ARG_CONST_SIZE'], { gplOnly: true, mapTypes: [M.PERF_EVENT_ARRAY] }),
    p(56, 'bpf_perf_prog_read_value', 'RET_INTEGER', ['ARG_PTR_TO_CTX', 'ARG_PTR_TO_UNINIT_MEM', 'ARG_CONST_SIZE'], { gplOnly: true }),
    p(57, 'bpf_getsockopt', 'RET_INTEGER', ['ARG_PTR_TO_CTX', 'ARG_ANYTHING', 'ARG_ANYTHING', 'ARG_PTR_TO_UNINIT_MEM', 'ARG_CONST_SIZE']),
    p(58, 'bpf_override_return', 'RET_INTEGER', ['ARG_PTR_TO_CTX', 'ARG_ANYTHING'], { gplOnly: true }),
    p(59, 'bpf_sock_ops_cb_flags_set', 'RET_INTEGER', ['ARG_PTR_TO_CTX', 'ARG_ANYTHING']),
    p(60, 'bpf_msg_redirect_map', 'RET_INTEGER', ['ARG_PTR_TO_CTX', 'ARG_CONST_MAP_PTR', 'ARG_ANYTHING', 'ARG_ANYTHING'], { mapTypes: [M.SOCKMAP] }),
    p(61, 'bpf_msg_apply_bytes', 'RET_INTEGER', ['ARG_PTR_TO_CTX', 'ARG_ANYTHING']),
    p(62, 'bpf_msg_cork_bytes', 'RET_INTEGER', ['ARG_PTR_TO_CTX', 'ARG_ANYTHING']),
    p(63, 'bpf_msg_pull_data', 'RET_INTEGER', ['ARG_PTR_TO_CTX', 'ARG_ANYTHING', 'ARG_ANYTHING', 'ARG_ANYTHING'], SKB_CHANGES),
    p(64, 'bpf_bind', 'RET_INTEGER', ['ARG_PTR_TO_CTX', 'ARG_PTR_TO_MEM', 'ARG_CONST_SIZE']),
    p(65, 'bpf_xdp_adjust_tail', 'RET_INTEGER', ['ARG_PTR_TO_CTX', 'ARG_ANYTHING'], SKB_CHANGES),
    p(66, 'bpf_skb_get_xfrm_state', 'RET_INTEGER', ['ARG_PTR_TO_CTX', 'ARG_ANYTHING', 'ARG_PTR_TO_UNINIT_MEM', 'ARG_CONST_SIZE', 'ARG_ANYTHING']),
    p(67, 'bpf_get_stack', 'RET_INTEGER', ['ARG_PTR_TO_CTX', 'ARG_PTR_TO_UNINIT_MEM', 'ARG_CONST_SIZE_OR_ZERO', 'ARG_ANYTHING'], { gplOnly: true }),
    p(68, 'bpf_skb_load_bytes_relative', 'RET_INTEGER', ['ARG_PTR_TO_CTX', 'ARG_ANYTHING', 'ARG_PTR_TO_UNINIT_MEM', 'ARG_CONST_SIZE', 'ARG_ANYTHING']),
    p(69, 'bpf_fib_lookup', 'RET_INTEGER', ['ARG_PTR_TO_CTX', 'ARG_PTR_TO_MEM', 'ARG_CONST_SIZE', 'ARG_ANYTHING']),
    p(70, 'bpf_sock_hash_update', 'RET_INTEGER', ['ARG_PTR_TO_CTX', 'ARG_CONST_MAP_PTR', 'ARG_PTR_TO_MAP_KEY', 'ARG_ANYTHING'], { mapTypes: [M.SOCKHASH] }),
    p(71, 'bpf_msg_redirect_hash', 'RET_INTEGER', ['ARG_PTR_TO_CTX', 'ARG_CONST_MAP_PTR', 'ARG_PTR_TO_MAP_KEY', 'ARG_ANYTHING'], { mapTypes: [M.SOCKHASH] }),
    p(72, 'bpf_sk_redirect_hash', 'RET_INTEGER', ['ARG_PTR_TO_CTX', 'ARG_CONST_MAP_PTR', 'ARG_PTR_TO_MAP_KEY', 'ARG_ANYTHING'], { mapTypes: [M.SOCKHASH] }),
    p(80, 'bpf_get_current_cgroup_id', 'RET_INTEGER', []),
    p(81, 'bpf_get_local_storage', 'RET_PTR_TO_MAP_VALUE', ['ARG_CONST_MAP_PTR', 'ARG_ANYTHING'], { mapTypes: [M.CGROUP_STORAGE, M.PERCPU_CGROUP_STORAGE] }),
    p(82, 'bpf_sk_select_reuseport', 'RET_INTEGER', ['ARG_PTR_TO_CTX', 'ARG_CONST_MAP_PTR', 'ARG_PTR_TO_MAP_KEY', 'ARG_ANYTHING'], { mapTypes: [M.REUSEPORT_SOCKARRAY, M.SOCKMAP, M.SOCKHASH] }),
    p(83, 'bpf_skb_ancestor_cgroup_id', 'RET_INTEGER', ['ARG_PTR_TO_CTX', 'ARG_ANYTHING']),
    p(84, 'bpf_sk_lookup_tcp', 'RET_PTR_TO_SOCKET_OR_NULL', ['ARG_PTR_TO_CTX', 'ARG_PTR_TO_MEM', 'ARG_CONST_SIZE', 'ARG_ANYTHING', 'ARG_ANYTHING'], { acquire: true, pktAccess: true }),
    p(85, 'bpf_sk_lookup_udp', 'RET_PTR_TO_SOCKET_OR_NULL', ['ARG_PTR_TO_CTX', 'ARG_PTR_TO_MEM', 'ARG_CONST_SIZE', 'ARG_ANYTHING', 'ARG_ANYTHING'], { acquire: true, pktAccess: true }),
    p(86, 'bpf_sk_release', 'RET_INTEGER', ['ARG_PTR_TO_SOCK_COMMON'], { release: true }),
    p(87, 'bpf_map_push_elem', 'RET_INTEGER', ['ARG_CONST_MAP_PTR', 'ARG_PTR_TO_MAP_VALUE', 'ARG_ANYTHING'], { mapTypes: [M.QUEUE, M.STACK] }),
    p(88, 'bpf_map_pop_elem', 'RET_INTEGER', ['ARG_CONST_MAP_PTR', 'ARG_PTR_TO_UNINIT_MAP_VALUE'], { mapTypes: [M.QUEUE, M.STACK] }),
    p(89, 'bpf_map_peek_elem', 'RET_INTEGER', ['ARG_CONST_MAP_PTR', 'ARG_PTR_TO_UNINIT_MAP_VALUE'], { mapTypes: [M.QUEUE, M.STACK] }),
    p(93, 'bpf_spin_lock', 'RET_VOID', ['ARG_PTR_TO_SPIN_LOCK']),
    p(94, 'bpf_spin_unlock', 'RET_VOID', ['ARG_PTR_TO_SPIN_LOCK']),
    p(95, 'bpf_sk_fullsock', 'RET_PTR_TO_SOCKET_OR_NULL', ['ARG_PTR_TO_SOCK_COMMON']),
    p(96, 'bpf_tcp_sock', 'RET_PTR_TO_TCP_SOCK_OR_NULL', ['ARG_PTR_TO_SOCK_COMMON']),
    p(97, 'bpf_skb_ecn_set_ce', 'RET_INTEGER', ['ARG_PTR_TO_CTX']),
    p(98, 'bpf_get_listener_sock', 'RET_PTR_TO_SOCKET_OR_NULL', ['ARG_PTR_TO_SOCK_COMMON']),
    p(99, 'bpf_skc_lookup_tcp', 'RET_PTR_TO_SOCK_COMMON_OR_NULL', ['ARG_PTR_TO_CTX', 'ARG_PTR_TO_MEM', 'ARG_CONST_SIZE', 'ARG_ANYTHING', 'ARG_ANYTHING'], { acquire: true, pktAccess: true }),
    p(100, 'bpf_tcp_check_syncookie', 'RET_INTEGER', ['ARG_PTR_TO_SOCK_COMMON', 'ARG_PTR_TO_MEM', 'ARG_CONST_SIZE', 'ARG_PTR_TO_MEM', 'ARG_CONST_SIZE'], { pktAccess: true }),
    p(101, 'bpf_sysctl_get_name', 'RET_INTEGER', ['ARG_PTR_TO_CTX', 'ARG_PTR_TO_MEM', 'ARG_CONST_SIZE', 'ARG_ANYTHING']),
    p(105, 'bpf_strtol', 'RET_INTEGER', ['ARG_PTR_TO_MEM', 'ARG_CONST_SIZE', 'ARG_ANYTHING', 'ARG_PTR_TO_LONG']),
    p(106, 'bpf_strtoul', 'RET_INTEGER', ['ARG_PTR_TO_MEM', 'ARG_CONST_SIZE', 'ARG_ANYTHING', 'ARG_PTR_TO_LONG']),
    p(107, 'bpf_sk_storage_get', 'RET_PTR_TO_MAP_VALUE_OR_NULL', ['ARG_CONST_MAP_PTR', 'ARG_PTR_TO_SOCKET', 'ARG_PTR_TO_MAP_VALUE_OR_NULL', 'ARG_ANYTHING'], { mapTypes: [M.SK_STORAGE] }),
    p(108, 'bpf_sk_storage_delete', 'RET_INTEGER', ['ARG_CONST_MAP_PTR', 'ARG_PTR_TO_SOCKET'], { mapTypes: [M.SK_STORAGE] }),
    p(109, 'bpf_send_signal', 'RET_INTEGER', ['ARG_ANYTHING']),
    p(112, 'bpf_probe_read_user', 'RET_INTEGER', ['ARG_PTR_TO_UNINIT_MEM', 'ARG_CONST_SIZE_OR_ZERO', 'ARG_ANYTHING'], { gplOnly: true }),
    p(113, 'bpf_probe_read_kernel', 'RET_INTEGER', ['ARG_PTR_TO_UNINIT_MEM', 'ARG_CONST_SIZE_OR_ZERO', 'ARG_ANYTHING'], { gplOnly: true }),
    p(114, 'bpf_probe_read_user_str', 'RET_INTEGER', ['ARG_PTR_TO_UNINIT_MEM', 'ARG_CONST_SIZE_OR_ZERO', 'ARG_ANYTHING'], { gplOnly: true }),
    p(115, 'bpf_probe_read_kernel_str', 'RET_INTEGER', ['ARG_PTR_TO_UNINIT_MEM', 'ARG_CONST_SIZE_OR_ZERO', 'ARG_ANYTHING'], { gplOnly: true }),
    p(118, 'bpf_jiffies64', 'RET_INTEGER', []),
    p(122, 'bpf_get_netns_cookie', 'RET_INTEGER', ['ARG_PTR_TO_CTX_OR_NULL']),
    p(125, 'bpf_ktime_get_boot_ns', 'RET_INTEGER', []),
    p(130, 'bpf_ringbuf_output', 'RET_INTEGER', ['ARG_CONST_MAP_PTR', 'ARG_PTR_TO_MEM', 'ARG_CONST_SIZE_OR_ZERO', 'ARG_ANYTHING'], { mapTypes: [M.RINGBUF] }),
    p(131, 'bpf_ringbuf_reserve', 'RET_PTR_TO_ALLOC_MEM_OR_NULL', ['ARG_CONST_MAP_PTR', 'ARG_CONST_ALLOC_SIZE_OR_ZERO', 'ARG_ANYTHING'], { mapTypes: [M.RINGBUF], acquire: true }),
    p(132, 'bpf_ringbuf_submit', 'RET_VOID', ['ARG_PTR_TO_ALLOC_MEM', 'ARG_ANYTHING'], { release: true }),
    p(133, 'bpf_ringbuf_discard', 'RET_VOID', ['ARG_PTR_TO_ALLOC_MEM', 'ARG_ANYTHING'], { release: true }),
    p(134, 'bpf_ringbuf_query', 'RET_INTEGER', ['ARG_CONST_MAP_PTR', 'ARG_ANYTHING'], { mapTypes: [M.RINGBUF] }),
    p(160, 'bpf_ktime_get_coarse_ns', 'RET_INTEGER', []),
    p(164, 'bpf_for_each_map_elem', 'RET_INTEGER', ['ARG_CONST_MAP_PTR', 'ARG_PTR_TO_FUNC', 'ARG_PTR_TO_STACK_OR_NULL', 'ARG_ANYTHING']),
    p(181, 'bpf_loop', 'RET_INTEGER', ['ARG_ANYTHING', 'ARG_PTR_TO_FUNC', 'ARG_PTR_TO_STACK_OR_NULL', 'ARG_ANYTHING']),
  ].map((x) => [x.id, x]),
);

/** helpers every program type may call (bpf_base_func_proto) */
const BASE = new Set([1, 2, 3, 5, 7, 8, 12, 25, 42, 87, 88, 89, 93, 94, 118, 125, 130, 131, 132, 133, 134, 160, 164, 181]);
/** tracing-only helpers (bpf_tracing_func_proto) */
const TRACING = new Set([4, 6, 14, 15, 16, 22, 25, 27, 35, 36, 37, 45, 55, 58, 67, 80, 109, 112, 113, 114, 115]);
/** skb helpers (sk_filter_func_proto / tc_cls_act_func_proto) */
const SKB_READ = new Set([26, 46, 47, 68, 6]);
const TC = new Set([9, 10, 11, 13, 17, 18, 19, 20, 21, 23, 24, 25, 28, 29, 30, 31, 32, 33, 34, 38, 39, 40, 41, 43, 48, 50, 66, 69, 83, 84, 85, 86, 95, 96, 97, 98, 99, 100, 107, 108]);
const XDP = new Set([25, 28, 44, 51, 54, 65, 69, 84, 85, 86, 99, 100, 6]);

// struct __sk_buff offsets (include/uapi/linux/bpf.h)
const SKB = {
  len: 0, pkt_type: 4, mark: 8, queue_mapping: 12, protocol: 16, vlan_present: 20, vlan_tci: 24, vlan_proto: 28,
  priority: 32, ingress_ifindex: 36, ifindex: 40, tc_index: 44, cb: 48, cbEnd: 68, hash: 68, tc_classid: 72, data: 76,
  data_end: 80, napi_id: 84, family: 88, remote_ip4: 92, local_ip4: 96, remote_ip6: 100, local_ip6: 116,
  remote_port: 132, local_port: 136, data_meta: 140, flow_keys: 144, tstamp: 152, wire_len: 160, gso_segs: 164,
  sk: 168, gso_size: 176, hwtstamp: 184, size: 192,
};

const within = (off: number, lo: number, hi: number): boolean => off >= lo && off < hi;

/** bpf_skb_is_valid_access (net/core/filter.c) */
function skbValid(off: number, size: number, write: boolean): CtxFieldKind | null {
  if (off < 0 || off >= SKB.size) return null;
  if (off % size !== 0) return null;
  if (within(off, SKB.cb, SKB.cbEnd)) {
    if (off + size > SKB.cbEnd) return null;
    return 'scalar';
  }
  if (off === SKB.data || off === SKB.data_meta || off === SKB.data_end) {
    return size === 4 ? 'scalar' : null;
  }
  if (within(off, SKB.flow_keys, SKB.flow_keys + 8)) return size === 8 ? 'flow_keys' : null;
  if (within(off, SKB.tstamp, SKB.tstamp + 8) || within(off, SKB.hwtstamp, SKB.hwtstamp + 8)) return size === 8 ? 'scalar' : null;
  if (within(off, SKB.sk, SKB.sk + 8)) return !write && size === 8 && off === SKB.sk ? 'sock_common' : null;
  if (write) return size === 4 ? 'scalar' : null;
  if (size > 4 || off + size > Math.floor(off / 4) * 4 + 4) return null;
  return 'scalar';
}

const SKB_FAMILY_TO_LOCAL_PORT = (off: number): boolean => within(off, SKB.family, SKB.local_port + 4);

function skFilterValid(off: number, size: number, write: boolean): CtxFieldKind | null {
  if (within(off, SKB.tc_classid, SKB.tc_classid + 4) || within(off, SKB.data, SKB.data_end + 4) || within(off, SKB.data_meta, SKB.data_meta + 4)
    || within(off, SKB.flow_keys, SKB.flow_keys + 8) || SKB_FAMILY_TO_LOCAL_PORT(off) || within(off, SKB.tstamp, SKB.tstamp + 8)
    || within(off, SKB.wire_len, SKB.wire_len + 4) || within(off, SKB.hwtstamp, SKB.hwtstamp + 8)) return null;
  if (write && !within(off, SKB.cb, SKB.cbEnd)) return null;
  return skbValid(off, size, write);
}

function pktKind(off: number): CtxFieldKind | null {
  if (off === SKB.data) return 'pkt';
  if (off === SKB.data_end) return 'pkt_end';
  if (off === SKB.data_meta) return 'pkt_meta';
  return null;
}

function tcValid(off: number, size: number, write: boolean): CtxFieldKind | null {
  if (write) {
    const ok = off === SKB.mark || off === SKB.tc_index || off === SKB.priority || within(off, SKB.cb, SKB.cbEnd)
      || off === SKB.tc_classid || off === SKB.queue_mapping || within(off, SKB.tstamp, SKB.tstamp + 8);
    if (!ok) return null;
  }
  if (SKB_FAMILY_TO_LOCAL_PORT(off)) return null;
  const base = skbValid(off, size, write);
  if (!base) return null;
  return (!write && pktKind(off)) || base;
}

function cgSkbValid(off: number, size: number, write: boolean, priv: boolean): CtxFieldKind | null {
  if (within(off, SKB.tc_classid, SKB.tc_classid + 4) || within(off, SKB.data_meta, SKB.data_meta + 4) || within(off, SKB.wire_len, SKB.wire_len + 4)) return null;
  if ((off === SKB.data || off === SKB.data_end) && !priv) return null;
  if (write) {
    const ok = off === SKB.mark || off === SKB.priority || within(off, SKB.cb, SKB.cbEnd) || (within(off, SKB.tstamp, SKB.tstamp + 8) && priv);
    if (!ok) return null;
  }
  const base = skbValid(off, size, write);
  if (!base) return null;
  if (!write && off === SKB.data) return 'pkt';
  if (!write && off === SKB.data_end) return 'pkt_end';
  return base;
}

function lwtValid(off: number, size: number, write: boolean): CtxFieldKind | null {
  if (within(off, SKB.tc_classid, SKB.tc_classid + 4) || SKB_FAMILY_TO_LOCAL_PORT(off) || within(off, SKB.data_meta, SKB.data_meta + 4)
    || within(off, SKB.tstamp, SKB.tstamp + 8) || within(off, SKB.wire_len, SKB.wire_len + 4) || within(off, SKB.hwtstamp, SKB.hwtstamp + 8)) return null;
  if (write && !(off === SKB.mark || off === SKB.priority || within(off, SKB.cb, SKB.cbEnd))) return null;
  const base = skbValid(off, size, write);
  if (!base) return null;
  if (!write && off === SKB.data) return 'pkt';
  if (!write && off === SKB.data_end) return 'pkt_end';
  return base;
}

function skSkbValid(off: number, size: number, write: boolean): CtxFieldKind | null {
  if (within(off, SKB.tc_classid, SKB.tc_classid + 4) || within(off, SKB.data_meta, SKB.data_meta + 4) || within(off, SKB.tstamp, SKB.tstamp + 8)
    || within(off, SKB.wire_len, SKB.wire_len + 4) || within(off, SKB.hwtstamp, SKB.hwtstamp + 8)) return null;
  if (write && !(off === SKB.tc_index || off === SKB.priority)) return null;
  if (off === SKB.mark) return null;
  const base = skbValid(off, size, write);
  if (!base) return null;
  if (!write && off === SKB.data) return 'pkt';
  if (!write && off === SKB.data_end) return 'pkt_end';
  return base;
}

function flowDissectorValid(off: number, size: number, write: boolean): CtxFieldKind | null {
  if (write) return null;
  if (off === SKB.data) return size === 4 ? 'pkt' : null;
  if (off === SKB.data_end) return size === 4 ? 'pkt_end' : null;
  if (off === SKB.flow_keys) return size === 8 ? 'flow_keys' : null;
  return null;
}

/** struct xdp_md: data, data_end, data_meta, ingress_ifindex, rx_queue_index, egress_ifindex (u32 each) */
function xdpValid(off: number, size: number, write: boolean): CtxFieldKind | null {
  if (write) return null;
  if (off < 0 || off >= 24 || off % size !== 0 || size !== 4) return null;
  if (off === 0) return 'pkt';
  if (off === 4) return 'pkt_end';
  if (off === 8) return 'pkt_meta';
  return 'scalar';
}

/** kprobe: struct pt_regs (x86-64: 21 longs) */
function kprobeValid(off: number, size: number, write: boolean): CtxFieldKind | null {
  if (off < 0 || off >= 168 || write || off % size !== 0 || off + size > 168) return null;
  return 'scalar';
}

function tracepointValid(off: number, size: number, write: boolean): CtxFieldKind | null {
  if (off < 8 || off >= 2048 || write || off % size !== 0) return null;
  return 'scalar';
}

function rawTpValid(off: number, size: number, write: boolean): CtxFieldKind | null {
  if (off < 0 || off >= 8 * 12 || write || off % size !== 0) return null;
  return 'scalar';
}

/** struct bpf_perf_event_data: pt_regs regs; u64 sample_period; u64 addr */
function perfEventValid(off: number, size: number, write: boolean): CtxFieldKind | null {
  if (off < 0 || off >= 184 || write || off % size !== 0) return null;
  if (off >= 168) return size <= 8 ? 'scalar' : null;
  return size === 8 ? 'scalar' : null;
}

function cgroupDevValid(off: number, size: number, write: boolean): CtxFieldKind | null {
  if (write || off < 0 || off >= 12 || off % size !== 0 || size > 4) return null;
  return 'scalar';
}

/** struct bpf_sock (cgroup_sock): writes only bound_dev_if, mark, priority */
function cgroupSockValid(off: number, size: number, write: boolean): CtxFieldKind | null {
  if (off < 0 || off >= 80 || off % size !== 0 || size > 4) return null;
  if (write) return (off === 0 || off === 16 || off === 20) && size === 4 ? 'scalar' : null;
  return 'scalar';
}

/** struct sk_msg_md (sk_msg_is_valid_access) */
function skMsgValid(off: number, size: number, write: boolean): CtxFieldKind | null {
  if (write || off < 0 || off >= 80 || off % size !== 0) return null;
  if (off === 0) return size === 8 ? 'pkt' : null;
  if (off === 8) return size === 8 ? 'pkt_end' : null;
  if (off === 72) return size === 8 ? 'socket' : null;
  if (off >= 16 && off < 72) return size === 4 ? 'scalar' : null;
  return null;
}

/** struct bpf_sk_lookup (sk_lookup_is_valid_access) */
function skLookupValid(off: number, size: number, write: boolean): CtxFieldKind | null {
  if (write || off < 0 || off >= 72 || off % size !== 0) return null;
  if (off < 8) return off === 0 && size === 8 ? 'socket_or_null' : null;
  if (off >= 36 && off < 40) {
    // remote_port: 4-byte access allowed for compatibility, else a 2-byte field
    if (size === 4) return off === 36 ? 'scalar' : null;
    return size <= 2 && (size & (size - 1)) === 0 ? 'scalar' : null;
  }
  return size <= 4 && (size & (size - 1)) === 0 ? 'scalar' : null;
}

/** struct bpf_sock_addr (sock_addr_is_valid_access) */
function sockAddrValid(off: number, size: number, write: boolean): CtxFieldKind | null {
  if (off < 0 || off >= 72 || off % size !== 0) return null;
  const wide = (lo: number, hi: number): boolean => size === 8 && off >= lo && off + size <= hi;
  const narrowField = (off >= 4 && off < 28) || (off >= 40 && off < 60);
  if (narrowField) {
    if (wide(8, 24) || wide(44, 60)) return 'scalar';
    if (write) return size === 4 ? 'scalar' : null;
    return size <= 4 && (size & (size - 1)) === 0 ? 'scalar' : null;
  }
  if (off === 0 || off === 28 || off === 32 || off === 36) return !write && size === 4 ? 'scalar' : null;
  if (off === 64) return !write && size === 8 ? 'socket' : null;
  return null;
}

const T = (id: number, name: string, valid: VerifierProgType['isValidAccess'], helpers: Set<number>[], retRange: [number, number] | null,
  pkt: VerifierProgType['directPacketAccess'], unprivOk = false): VerifierProgType => ({
  id, name, isValidAccess: valid, helperAllowed: (h) => BASE.has(h) || helpers.some((s) => s.has(h)), retRange, directPacketAccess: pkt, unprivOk,
});

const none = (): null => null;

/** enum bpf_prog_type → verifier description */
export const PROG_TYPES: ReadonlyMap<number, VerifierProgType> = new Map(
  [
    T(1, 'socket_filter', (o, s, w) => skFilterValid(o, s, w), [SKB_READ], null, 'none', true),
    T(2, 'kprobe', (o, s, w) => kprobeValid(o, s, w), [TRACING], null, 'none'),
    T(3, 'sched_cls', (o, s, w) => tcValid(o, s, w), [SKB_READ, TC], null, 'write'),
    T(4, 'sched_act', (o, s, w) => tcValid(o, s, w), [SKB_READ, TC], null, 'write'),
    T(5, 'tracepoint', (o, s, w) => tracepointValid(o, s, w), [TRACING], null, 'none'),
    T(6, 'xdp', (o, s, w) => xdpValid(o, s, w), [XDP], null, 'write'),
    T(7, 'perf_event', (o, s, w) => perfEventValid(o, s, w), [TRACING], null, 'none'),
    T(8, 'cgroup_skb', (o, s, w, c) => cgSkbValid(o, s, w, c.priv), [SKB_READ, new Set([80, 81, 83, 95, 96, 97, 98, 107, 108, 84, 85, 86, 99])], [0, 1], 'read', true),
    T(9, 'cgroup_sock', (o, s, w) => cgroupSockValid(o, s, w), [new Set([14, 15, 80, 81, 46, 122])], [0, 1], 'none'),
    T(10, 'lwt_in', (o, s, w) => lwtValid(o, s, w), [SKB_READ, new Set([23, 28, 17, 24, 34])], null, 'read'),
    T(11, 'lwt_out', (o, s, w) => lwtValid(o, s, w), [SKB_READ, new Set([28, 17, 24, 34])], null, 'read'),
    T(12, 'lwt_xmit', (o, s, w) => lwtValid(o, s, w), [SKB_READ, TC], null, 'write'),
    T(13, 'sock_ops', none, [new Set([49, 57, 59, 53, 70, 46])], null, 'none'),
    T(14, 'sk_skb', (o, s, w) => skSkbValid(o, s, w), [SKB_READ, new Set([9, 38, 39, 43, 52, 72, 84, 85, 86, 99])], null, 'write'),
    T(15, 'cgroup_device', (o, s, w) => cgroupDevValid(o, s, w), [new Set([14, 15, 80, 81, 6])], [0, 1], 'none'),
    T(16, 'sk_msg', (o, s, w) => skMsgValid(o, s, w), [new Set([60, 61, 62, 63, 71, 122])], null, 'write'),
    T(17, 'raw_tracepoint', (o, s, w) => rawTpValid(o, s, w), [TRACING], null, 'none'),
    T(18, 'cgroup_sock_addr', (o, s, w) => sockAddrValid(o, s, w), [new Set([64, 84, 85, 86, 99, 122, 49, 57])], [0, 1], 'none'),
    T(19, 'lwt_seg6local', (o, s, w) => lwtValid(o, s, w), [SKB_READ], null, 'read'),
    T(20, 'lirc_mode2', none, [], null, 'none'),
    T(21, 'sk_reuseport', none, [new Set([82, 68, 26])], null, 'none'),
    T(22, 'flow_dissector', (o, s, w) => flowDissectorValid(o, s, w), [new Set([26])], null, 'read'),
    T(23, 'cgroup_sysctl', none, [new Set([101, 105, 106])], [0, 1], 'none'),
    T(24, 'raw_tracepoint_writable', (o, s, w) => rawTpValid(o, s, w), [TRACING], null, 'none'),
    T(25, 'cgroup_sockopt', none, [], [0, 1], 'none'),
    T(26, 'tracing', (o, s, w) => rawTpValid(o, s, w), [TRACING], null, 'none'),
    T(27, 'struct_ops', none, [], null, 'none'),
    T(28, 'ext', none, [], null, 'none'),
    T(29, 'lsm', none, [TRACING], null, 'none'),
    T(30, 'sk_lookup', (o, s, w) => skLookupValid(o, s, w), [new Set([84, 85, 86, 99])], [0, 1], 'none'),
    T(31, 'syscall', none, [], null, 'none'),
    T(32, 'netfilter', none, [], [0, 1], 'none'),
  ].map((t) => [t.id, t]),
);

/** kernel program-type names (libbpf's and bpftool's spelling) → number */
export function progTypeByName(name: string): VerifierProgType | undefined {
  const n = name.toLowerCase().replace(/^bpf_prog_type_/, '');
  for (const t of PROG_TYPES.values()) if (t.name === n) return t;
  return undefined;
}
