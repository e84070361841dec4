/**
 * Which helpers each program type may call: the kernel's get_func_proto of each
 * bpf_verifier_ops (sk_filter_func_proto, tc_cls_act_func_proto, xdp_func_proto in
 * net/core/filter.c; kprobe_prog_func_proto, tp_prog_func_proto, bpf_tracing_func_proto in
 * kernel/trace/bpf_trace.c; bpf_base_func_proto in kernel/bpf/helpers.c; cgroup ones in
 * kernel/bpf/cgroup.c). Each returns the prototype the program type gets (variants differ in
 * gpl_only or in what ctx means) or undefined: the verifier then says "unknown func bpf_x#N".
 */
import { BPF_FUNC } from '../isa/helper_ids.js';
import { HELPER_PROTO_VARIANTS, HELPER_PROTOS, type HelperProto } from '../helpers/prototypes.js';
import { BPF_ATTACH_TYPE as AT, BPF_PROG_TYPE as PT } from './prog_types.js';

export interface FuncProtoOpts {
  /** CAP_BPF (bpf_capable / bpf_token_capable(CAP_BPF)); default true */
  capBpf?: boolean;
  /** CAP_PERFMON; default true */
  capPerfmon?: boolean;
  /** expected_attach_type */
  attachType?: number;
  /** BPF_F_SLEEPABLE program */
  sleepable?: boolean;
  /** a struct_ops program: the member of the struct it fills (prog_ops_moff) */
  structOpsMember?: string;
  /** helpers the target kernel does not offer at all (helpersTakenAway of its KernelProfile) */
  takenAway?: readonly string[];
  /** a BPF_TRACE_ITER program's iterator (SEC("iter/tcp"): `tcp`), whose target may add helpers */
  iterTarget?: string;
}

export type GetFuncProto = (id: number, o: FuncProtoOpts) => HelperProto | undefined;

/**
 * What the target kernel's build and boot state take away from the tables below, which list every
 * helper a fully configured kernel offers. The verifier then says "program of this type cannot use
 * helper" as the kernel does when get_func_proto returns NULL. Without a profile nothing is taken.
 */
export interface KernelProfile {
  /**
   * the lockdown LSM's level (/sys/kernel/security/lockdown): `integrity` takes bpf_probe_write_user
   * (bpf_tracing_func_proto: security_locked_down(LOCKDOWN_BPF_WRITE_USER)), `confidentiality` also
   * the kernel-memory reads (LOCKDOWN_BPF_READ_KERNEL: bpf_probe_read_kernel[_str], bpf_probe_read[_str])
   */
  lockdown?: 'none' | 'integrity' | 'confidentiality';
  /** the CONFIG_* options the kernel was built with (a .config's keys); undefined: all of them */
  config?: ReadonlySet<string>;
}

/**
 * Helpers that exist only with a config option (#ifdef / IS_ENABLED around their case in the
 * get_func_proto functions): kprobe_prog_func_proto's bpf_override_return needs
 * CONFIG_BPF_KPROBE_OVERRIDE (and so kprobes and error injection); lwt_seg6local_func_proto's
 * seg6 helpers CONFIG_IPV6_SEG6_BPF.
 */
const HELPER_KCONFIG: Readonly<Record<string, string>> = {
  override_return: 'CONFIG_BPF_KPROBE_OVERRIDE',
  lwt_seg6_store_bytes: 'CONFIG_IPV6_SEG6_BPF',
  lwt_seg6_adjust_srh: 'CONFIG_IPV6_SEG6_BPF',
  lwt_seg6_action: 'CONFIG_IPV6_SEG6_BPF',
  // net/core/filter.c: tc's bpf_skb_get_xfrm_state (#ifdef CONFIG_XFRM), the net_cls classid
  // helpers (CONFIG_CGROUP_NET_CLASSID, also bpf_base_func_proto's) and the raw syncookie
  // helpers (CONFIG_SYN_COOKIES)
  skb_get_xfrm_state: 'CONFIG_XFRM',
  skb_cgroup_classid: 'CONFIG_CGROUP_NET_CLASSID',
  get_cgroup_classid: 'CONFIG_CGROUP_NET_CLASSID',
  tcp_raw_gen_syncookie_ipv4: 'CONFIG_SYN_COOKIES',
  tcp_raw_gen_syncookie_ipv6: 'CONFIG_SYN_COOKIES',
  tcp_raw_check_syncookie_ipv4: 'CONFIG_SYN_COOKIES',
  tcp_raw_check_syncookie_ipv6: 'CONFIG_SYN_COOKIES',
};
const LOCKDOWN_INTEGRITY = ['probe_write_user'];
const LOCKDOWN_CONFIDENTIALITY = ['probe_read_kernel', 'probe_read_kernel_str', 'probe_read', 'probe_read_str'];

/** why a kernel of this profile lacks the helper `name` (without bpf_), or undefined when it has it */
export function whyTakenAway(name: string, p: KernelProfile | undefined): string | undefined {
  if (!p) return undefined;
  if ((p.lockdown === 'integrity' || p.lockdown === 'confidentiality') && LOCKDOWN_INTEGRITY.includes(name)) return `the kernel is locked down (${p.lockdown}: LOCKDOWN_BPF_WRITE_USER)`;
  if (p.lockdown === 'confidentiality' && LOCKDOWN_CONFIDENTIALITY.includes(name)) return 'the kernel is locked down (confidentiality: LOCKDOWN_BPF_READ_KERNEL)';
  const c = HELPER_KCONFIG[name];
  if (c && p.config && !p.config.has(c)) return `the kernel is built without ${c}`;
  return undefined;
}

/** the helpers (names without bpf_) a kernel of this profile does not offer to any program, sorted */
export function helpersTakenAway(p: KernelProfile | undefined): string[] {
  if (!p) return [];
  const out = new Set<string>();
  if (p.lockdown === 'integrity' || p.lockdown === 'confidentiality') for (const n of LOCKDOWN_INTEGRITY) out.add(n);
  if (p.lockdown === 'confidentiality') for (const n of LOCKDOWN_CONFIDENTIALITY) out.add(n);
  if (p.config) for (const [n, c] of Object.entries(HELPER_KCONFIG)) if (!p.config.has(c)) out.add(n);
  return [...out].sort();
}

const P = (name: string): HelperProto => {
  const id = BPF_FUNC[name];
  const p = id === undefined ? undefined : HELPER_PROTOS[id];
  if (!p) throw new Error(`internal: no prototype for ${name}`);
  return p;
};
const V = (proto: string): HelperProto => {
  const p = HELPER_PROTO_VARIANTS[proto];
  if (!p) throw new Error(`internal: no variant ${proto}`);
  return p;
};

/** a switch on helper names: a table name → proto (or a function of the options) */
type Table = Record<string, HelperProto | ((o: FuncProtoOpts) => HelperProto | undefined)>;

function table(names: string[], extra: Table = {}): Map<number, Table[string]> {
  const m = new Map<number, Table[string]>();
  for (const n of names) m.set(BPF_FUNC[n]!, P(n));
  for (const [n, v] of Object.entries(extra)) m.set(BPF_FUNC[n]!, v);
  return m;
}

function switchOn(m: Map<number, Table[string]>, fallback: GetFuncProto): GetFuncProto {
  return (id, o) => {
    const v = m.get(id);
    if (v === undefined) return fallback(id, o);
    return typeof v === 'function' ? v(o) : v;
  };
}

// ---- kernel/bpf/helpers.c bpf_base_func_proto: three privilege tiers ---------------------------
// As of Linux 6.18 (checked helper by helper against the running kernel by
// test/progtypes/func_proto_kernel.test.ts).

const BASE_UNPRIV = table([
  'map_lookup_elem', 'map_update_elem', 'map_delete_elem', 'map_push_elem', 'map_pop_elem', 'map_peek_elem',
  'map_lookup_percpu_elem', 'get_prandom_u32', 'get_numa_node_id', 'tail_call', 'ktime_get_ns',
  'ktime_get_boot_ns', 'ktime_get_tai_ns', 'ringbuf_output', 'ringbuf_reserve', 'ringbuf_submit', 'ringbuf_discard',
  'ringbuf_query', 'strncmp', 'strtol', 'strtoul', 'get_current_pid_tgid', 'get_ns_current_pid_tgid',
  'get_current_uid_gid',
], { get_smp_processor_id: P('get_smp_processor_id') });
const BASE_CAP_BPF = table([
  'spin_lock', 'spin_unlock', 'jiffies64', 'per_cpu_ptr', 'this_cpu_ptr', 'timer_init', 'timer_set_callback',
  'timer_start', 'timer_cancel', 'kptr_xchg', 'for_each_map_elem', 'loop', 'user_ringbuf_drain',
  'ringbuf_reserve_dynptr', 'ringbuf_submit_dynptr', 'ringbuf_discard_dynptr', 'dynptr_from_mem', 'dynptr_read',
  'dynptr_write', 'dynptr_data', 'cgrp_storage_get', 'cgrp_storage_delete', 'get_current_cgroup_id',
  'get_current_ancestor_cgroup_id', 'current_task_under_cgroup', 'task_storage_get', 'task_storage_delete',
], { get_cgroup_classid: V('bpf_get_cgroup_classid_curr_proto') });
const BASE_CAP_PERFMON = table([
  'trace_printk', 'get_current_task', 'get_current_task_btf', 'probe_read_user', 'probe_read_kernel',
  'probe_read_user_str', 'probe_read_kernel_str', 'snprintf_btf', 'snprintf', 'task_pt_regs', 'trace_vprintk',
  // Linux 6.16+: helpers that need no program context, for every program type
  'get_current_comm', 'perf_event_read', 'perf_event_read_value', 'send_signal', 'send_signal_thread',
  'get_task_stack', 'get_branch_snapshot', 'find_vma', 'copy_from_user', 'copy_from_user_task',
]);

export const bpfBaseFuncProto: GetFuncProto = (id, o) => {
  const a = BASE_UNPRIV.get(id);
  if (a) return a as HelperProto;
  if (o.capBpf === false) return undefined;
  const b = BASE_CAP_BPF.get(id);
  if (b) return b as HelperProto;
  if (o.capPerfmon === false) return undefined;
  return BASE_CAP_PERFMON.get(id) as HelperProto | undefined;
};

// ---- net/core/filter.c ------------------------------------------------------------------------

const SKC_TO = ['skc_to_tcp6_sock', 'skc_to_tcp_sock', 'skc_to_tcp_timewait_sock', 'skc_to_tcp_request_sock', 'skc_to_udp6_sock', 'skc_to_unix_sock', 'skc_to_mptcp_sock'];

/** bpf_sk_base_func_proto: skc_to_* casts need CAP_PERFMON */
export const bpfSkBaseFuncProto: GetFuncProto = (id, o) => {
  const name = Object.keys(BPF_FUNC).find((k) => BPF_FUNC[k] === id);
  if (name && SKC_TO.includes(name)) return o.capPerfmon === false ? undefined : P(name);
  if (id === BPF_FUNC.ktime_get_coarse_ns) return P('ktime_get_coarse_ns');
  return bpfBaseFuncProto(id, o);
};

const skEvent = V('bpf_skb_event_output_proto');
/** bpf_get_cgroup_classid of the current task (no skb), as programs without an skb get it */
const CLASSID_CURR: Table = { get_cgroup_classid: V('bpf_get_cgroup_classid_curr_proto') };
const dataEvent = V('bpf_event_output_data_proto');
const smpId = V('bpf_get_smp_processor_id_proto');

export const skFilterFuncProto: GetFuncProto = switchOn(
  table(['skb_load_bytes', 'skb_load_bytes_relative', 'get_socket_cookie', 'get_socket_uid', 'get_netns_cookie'], { perf_event_output: skEvent }),
  bpfSkBaseFuncProto,
);

const INET_LOOKUP = ['sk_lookup_tcp', 'sk_lookup_udp', 'sk_release', 'skc_lookup_tcp'];

export const cgSkbFuncProto: GetFuncProto = switchOn(
  table(['get_local_storage', 'sk_fullsock', 'sk_storage_get', 'sk_storage_delete', 'skb_cgroup_id', 'skb_ancestor_cgroup_id',
    'sk_cgroup_id', 'sk_ancestor_cgroup_id', ...INET_LOOKUP, 'tcp_sock', 'get_listener_sock', 'skb_ecn_set_ce'], { perf_event_output: skEvent }),
  skFilterFuncProto,
);

export const tcClsActFuncProto: GetFuncProto = switchOn(
  table([
    'skb_store_bytes', 'skb_load_bytes', 'skb_load_bytes_relative', 'skb_pull_data', 'csum_diff', 'csum_update', 'csum_level',
    'l3_csum_replace', 'l4_csum_replace', 'clone_redirect', 'get_cgroup_classid', 'skb_vlan_push', 'skb_vlan_pop',
    'skb_change_proto', 'skb_change_type', 'skb_adjust_room', 'skb_change_tail', 'skb_change_head', 'skb_get_tunnel_key',
    'skb_set_tunnel_key', 'skb_get_tunnel_opt', 'skb_set_tunnel_opt', 'redirect', 'redirect_neigh', 'redirect_peer',
    'get_route_realm', 'get_hash_recalc', 'set_hash_invalid', 'set_hash', 'skb_under_cgroup', 'get_socket_cookie',
    'get_socket_uid', 'fib_lookup', 'check_mtu', 'sk_fullsock', 'sk_storage_get', 'sk_storage_delete', 'skb_get_xfrm_state',
    'skb_cgroup_classid', 'skb_cgroup_id', 'skb_ancestor_cgroup_id', ...INET_LOOKUP, 'tcp_sock', 'get_listener_sock',
    'tcp_check_syncookie', 'skb_ecn_set_ce', 'tcp_gen_syncookie', 'sk_assign', 'skb_set_tstamp',
    'tcp_raw_gen_syncookie_ipv4', 'tcp_raw_gen_syncookie_ipv6', 'tcp_raw_check_syncookie_ipv4', 'tcp_raw_check_syncookie_ipv6',
    'get_netns_cookie',
  ], { perf_event_output: skEvent, get_smp_processor_id: smpId }),
  bpfSkBaseFuncProto,
);

export const xdpFuncProto: GetFuncProto = switchOn(
  table([
    'csum_diff', 'xdp_adjust_head', 'xdp_adjust_meta', 'redirect', 'redirect_map', 'xdp_adjust_tail', 'xdp_get_buff_len',
    'xdp_load_bytes', 'xdp_store_bytes', 'fib_lookup', 'check_mtu', 'sk_release', 'tcp_check_syncookie', 'tcp_gen_syncookie',
    'tcp_raw_gen_syncookie_ipv4', 'tcp_raw_gen_syncookie_ipv6', 'tcp_raw_check_syncookie_ipv4', 'tcp_raw_check_syncookie_ipv6',
  ], {
    perf_event_output: V('bpf_xdp_event_output_proto'),
    get_smp_processor_id: smpId,
    sk_lookup_udp: V('bpf_xdp_sk_lookup_udp_proto'),
    sk_lookup_tcp: V('bpf_xdp_sk_lookup_tcp_proto'),
    skc_lookup_tcp: V('bpf_xdp_skc_lookup_tcp_proto'),
  }),
  bpfSkBaseFuncProto,
);

const lwtOutFuncProto: GetFuncProto = switchOn(
  table(['skb_load_bytes', 'skb_pull_data', 'csum_diff', 'get_cgroup_classid', 'get_route_realm', 'get_hash_recalc', 'skb_under_cgroup'],
    { perf_event_output: skEvent, get_smp_processor_id: smpId }),
  bpfSkBaseFuncProto,
);
const lwtInFuncProto: GetFuncProto = switchOn(table(['lwt_push_encap']), lwtOutFuncProto);
const lwtXmitFuncProto: GetFuncProto = switchOn(
  table(['skb_get_tunnel_key', 'skb_set_tunnel_key', 'skb_get_tunnel_opt', 'skb_set_tunnel_opt', 'redirect', 'clone_redirect',
    'skb_change_tail', 'skb_change_head', 'skb_store_bytes', 'csum_update', 'csum_level', 'l3_csum_replace', 'l4_csum_replace',
    'set_hash_invalid', 'lwt_push_encap']),
  lwtOutFuncProto,
);
const lwtSeg6FuncProto: GetFuncProto = switchOn(table(['lwt_seg6_store_bytes', 'lwt_seg6_action', 'lwt_seg6_adjust_srh']), lwtOutFuncProto);

const sockOpsFuncProto: GetFuncProto = switchOn(
  table(['setsockopt', 'getsockopt', 'sock_ops_cb_flags_set', 'sock_map_update', 'sock_hash_update', 'get_socket_cookie',
    'get_local_storage', 'sk_storage_get', 'sk_storage_delete', 'get_netns_cookie', 'load_hdr_opt', 'store_hdr_opt',
    'reserve_hdr_opt', 'tcp_sock'], { perf_event_output: dataEvent }),
  bpfSkBaseFuncProto,
);
const skMsgFuncProto: GetFuncProto = switchOn(
  table(['msg_redirect_map', 'msg_redirect_hash', 'msg_apply_bytes', 'msg_cork_bytes', 'msg_pull_data', 'msg_push_data',
    'msg_pop_data', 'get_current_uid_gid', 'get_current_pid_tgid', 'sk_storage_get', 'sk_storage_delete', 'get_netns_cookie',
    'get_current_cgroup_id', 'get_current_ancestor_cgroup_id'], { perf_event_output: dataEvent, ...CLASSID_CURR }),
  bpfSkBaseFuncProto,
);
const skSkbFuncProto: GetFuncProto = switchOn(
  table(['skb_store_bytes', 'skb_load_bytes', 'skb_pull_data', 'skb_change_tail', 'skb_change_head', 'skb_adjust_room',
    'get_socket_cookie', 'get_socket_uid', 'sk_redirect_map', 'sk_redirect_hash', ...INET_LOOKUP], { perf_event_output: skEvent }),
  bpfSkBaseFuncProto,
);
const flowDissectorFuncProto: GetFuncProto = switchOn(table(['skb_load_bytes']), bpfSkBaseFuncProto);
const skReuseportFuncProto: GetFuncProto = switchOn(
  // sk_reuseport_func_proto: get_socket_cookie takes a socket (ctx->sk), not the context
  table(['sk_select_reuseport', 'skb_load_bytes', 'skb_load_bytes_relative', 'ktime_get_coarse_ns'], { get_socket_cookie: V('bpf_get_socket_ptr_cookie_proto') }),
  bpfBaseFuncProto,
);
// sk_lookup_func_proto: bpf_sk_assign is bpf_sk_lookup_assign_proto (a socket or NULL)
const skLookupFuncProto: GetFuncProto = switchOn(table(['sk_release'], { perf_event_output: dataEvent, sk_assign: V('bpf_sk_lookup_assign_proto') }), bpfSkBaseFuncProto);

/**
 * cgroup_common_func_proto (kernel/bpf/cgroup.c): bpf_get_retval / bpf_set_retval, except for
 * attach points whose return value is not an errno (skb ingress/egress, sock_ops, recvmsg,
 * getpeername, getsockname)
 */
const NO_RETVAL = [AT.CGROUP_INET_INGRESS, AT.CGROUP_INET_EGRESS, AT.CGROUP_SOCK_OPS, AT.CGROUP_UDP4_RECVMSG, AT.CGROUP_UDP6_RECVMSG,
  AT.CGROUP_UNIX_RECVMSG, AT.CGROUP_INET4_GETPEERNAME, AT.CGROUP_INET6_GETPEERNAME, AT.CGROUP_UNIX_GETPEERNAME,
  AT.CGROUP_INET4_GETSOCKNAME, AT.CGROUP_INET6_GETSOCKNAME, AT.CGROUP_UNIX_GETSOCKNAME] as number[];
const retvalProto = (name: string) => (o: FuncProtoOpts): HelperProto | undefined => (NO_RETVAL.includes(o.attachType ?? 0) ? undefined : P(name));
const CG_RETVAL: Table = { get_retval: retvalProto('get_retval'), set_retval: retvalProto('set_retval') };

const CG_CURRENT = ['get_current_uid_gid', 'get_current_pid_tgid', 'get_current_comm', 'get_current_cgroup_id', 'get_current_ancestor_cgroup_id'];

const sockFilterTable: GetFuncProto = switchOn(
  table([...CG_CURRENT, 'get_local_storage', 'get_netns_cookie', 'ktime_get_coarse_ns'], {
    perf_event_output: dataEvent, get_socket_cookie: V('bpf_get_socket_cookie_sock_proto'), ...CG_RETVAL, ...CLASSID_CURR,
    // sock_filter_func_proto: the context is the socket (bpf_sk_storage_get_cg_sock_proto)
    sk_storage_get: V('bpf_sk_storage_get_cg_sock_proto'),
  }),
  bpfBaseFuncProto,
);
/** CGROUP_SOCK: bpf_prog_load_fixup_attach_type makes a missing attach type SOCK_CREATE */
const sockFilterFuncProto: GetFuncProto = (id, o) => sockFilterTable(id, { ...o, attachType: o.attachType || AT.CGROUP_INET_SOCK_CREATE });
const CONNECT = [AT.CGROUP_INET4_CONNECT, AT.CGROUP_INET6_CONNECT] as number[];
const SOCK_ADDR_SOCKOPT = [AT.CGROUP_INET4_BIND, AT.CGROUP_INET6_BIND, AT.CGROUP_INET4_CONNECT, AT.CGROUP_INET6_CONNECT,
  AT.CGROUP_UDP4_RECVMSG, AT.CGROUP_UDP6_RECVMSG, AT.CGROUP_UDP4_SENDMSG, AT.CGROUP_UDP6_SENDMSG, AT.CGROUP_INET4_GETPEERNAME,
  AT.CGROUP_INET6_GETPEERNAME, AT.CGROUP_INET4_GETSOCKNAME, AT.CGROUP_INET6_GETSOCKNAME] as number[];
const sockAddrFuncProto: GetFuncProto = switchOn(
  table([...CG_CURRENT, 'get_socket_cookie', 'get_netns_cookie', 'get_local_storage', ...INET_LOOKUP, 'sk_storage_get', 'sk_storage_delete'], {
    perf_event_output: dataEvent,
    ...CG_RETVAL,
    ...CLASSID_CURR,
    bind: (o) => (CONNECT.includes(o.attachType ?? -1) ? P('bind') : undefined),
    setsockopt: (o) => (SOCK_ADDR_SOCKOPT.includes(o.attachType ?? -1) ? P('setsockopt') : undefined),
    getsockopt: (o) => (SOCK_ADDR_SOCKOPT.includes(o.attachType ?? -1) ? P('getsockopt') : undefined),
  }),
  bpfSkBaseFuncProto,
);

// ---- kernel/bpf/cgroup.c ----------------------------------------------------------------------

const cgroupDevFuncProto: GetFuncProto = switchOn(table([...CG_CURRENT, 'get_local_storage'], { perf_event_output: dataEvent, ...CG_RETVAL, ...CLASSID_CURR }), bpfBaseFuncProto);
const sysctlFuncProto: GetFuncProto = switchOn(
  table([...CG_CURRENT, 'get_local_storage', 'sysctl_get_name', 'sysctl_get_current_value',
    'sysctl_get_new_value', 'sysctl_set_new_value', 'ktime_get_coarse_ns'], { perf_event_output: dataEvent, ...CG_RETVAL, ...CLASSID_CURR }),
  bpfBaseFuncProto,
);
const cgSockoptFuncProto: GetFuncProto = switchOn(
  table([...CG_CURRENT, 'get_local_storage', 'get_netns_cookie', 'sk_storage_get', 'sk_storage_delete', 'tcp_sock'], {
    perf_event_output: dataEvent,
    ...CG_RETVAL,
    ...CLASSID_CURR,
    // cg_sockopt_func_proto: the socket option helpers only from setsockopt programs, on ctx->sk
    // (bpf_sk_setsockopt_proto / bpf_sk_getsockopt_proto)
    setsockopt: (o) => (o.attachType === AT.CGROUP_SETSOCKOPT ? V('bpf_sk_setsockopt_proto') : undefined),
    getsockopt: (o) => (o.attachType === AT.CGROUP_SETSOCKOPT ? V('bpf_sk_getsockopt_proto') : undefined),
  }),
  bpfBaseFuncProto,
);

// ---- kernel/trace/bpf_trace.c -----------------------------------------------------------------

const TRACING_COMMON = [
  'map_lookup_elem', 'map_update_elem', 'map_delete_elem', 'map_push_elem', 'map_pop_elem', 'map_peek_elem',
  'map_lookup_percpu_elem', 'ktime_get_ns', 'ktime_get_boot_ns', 'tail_call', 'get_current_pid_tgid', 'get_current_task',
  'get_current_task_btf', 'task_pt_regs', 'get_current_uid_gid', 'get_current_comm', 'trace_printk', 'get_smp_processor_id',
  'get_numa_node_id', 'perf_event_read', 'current_task_under_cgroup', 'get_prandom_u32', 'probe_write_user',
  'probe_read_user', 'probe_read_kernel', 'probe_read_user_str', 'probe_read_kernel_str', 'probe_read', 'probe_read_str',
  'get_current_cgroup_id', 'get_current_ancestor_cgroup_id', 'cgrp_storage_get', 'cgrp_storage_delete', 'send_signal',
  'send_signal_thread', 'perf_event_read_value', 'get_ns_current_pid_tgid', 'ringbuf_output', 'ringbuf_reserve',
  'ringbuf_submit', 'ringbuf_discard', 'ringbuf_query', 'jiffies64', 'get_task_stack', 'snprintf_btf', 'per_cpu_ptr',
  'this_cpu_ptr', 'task_storage_get', 'task_storage_delete', 'for_each_map_elem', 'snprintf', 'get_func_ip',
  'get_branch_snapshot', 'find_vma', 'trace_vprintk',
];

/** bpf_tracing_func_proto (shared by all tracing program types) */
export const bpfTracingFuncProto: GetFuncProto = switchOn(
  // copy_from_user and copy_from_user_task are known to every program type; using them from a
  // program that is not sleepable is a separate verifier error ("helper call might sleep")
  table([...TRACING_COMMON, 'copy_from_user', 'copy_from_user_task']),
  bpfBaseFuncProto,
);

const kprobeFuncProto: GetFuncProto = switchOn(
  table(['perf_event_output', 'get_stackid', 'get_stack', 'override_return', 'get_attach_cookie']),
  bpfTracingFuncProto,
);
const tpFuncProto: GetFuncProto = switchOn(
  table(['get_attach_cookie'], {
    perf_event_output: V('bpf_perf_event_output_proto_tp'),
    get_stackid: V('bpf_get_stackid_proto_tp'),
    get_stack: V('bpf_get_stack_proto_tp'),
  }),
  bpfTracingFuncProto,
);
const pePerfFuncProto: GetFuncProto = switchOn(
  table(['perf_prog_read_value', 'read_branch_records', 'get_attach_cookie'], {
    perf_event_output: V('bpf_perf_event_output_proto_tp'),
    get_stackid: V('bpf_get_stackid_proto_tp'),
    get_stack: V('bpf_get_stack_proto_tp'),
  }),
  bpfTracingFuncProto,
);
const rawTpFuncProto: GetFuncProto = switchOn(
  table(['get_attach_cookie'], {
    perf_event_output: V('bpf_perf_event_output_proto_raw_tp'),
    get_stackid: V('bpf_get_stackid_proto_raw_tp'),
    get_stack: V('bpf_get_stack_proto_raw_tp'),
  }),
  bpfTracingFuncProto,
);
/**
 * bpf_iter_get_func_proto: an iterator target's own helpers (its bpf_iter_reg.get_func_proto) —
 * bpf_iter_tcp_get_func_proto (net/ipv4/tcp_ipv4.c) and bpf_iter_unix_get_func_proto
 * (net/unix/af_unix.c) give setsockopt/getsockopt on the iterated socket
 */
const ITER_TARGET_PROTOS: Readonly<Record<string, Table>> = {
  tcp: { setsockopt: V('bpf_sk_setsockopt_proto'), getsockopt: V('bpf_sk_getsockopt_proto') },
  unix: { setsockopt: V('bpf_sk_setsockopt_proto'), getsockopt: V('bpf_sk_getsockopt_proto') },
};
const iterFuncProto: GetFuncProto = (id, o) => {
  if (o.attachType !== AT.TRACE_ITER || !o.iterTarget) return undefined;
  const name = Object.entries(BPF_FUNC).find(([, v]) => v === id)?.[0];
  const v = name ? ITER_TARGET_PROTOS[o.iterTarget]?.[name] : undefined;
  return typeof v === 'function' ? v(o) : v;
};
// tracing_prog_func_proto: get_socket_cookie takes a socket (bpf_get_socket_ptr_cookie_proto);
// what raw_tp_prog_func_proto lacks an iterator's target may add
const tracingProgFuncProto: GetFuncProto = switchOn(
  table(['skb_output', 'xdp_output', ...SKC_TO, 'sock_from_file',
    'seq_printf', 'seq_write', 'seq_printf_btf', 'd_path', 'get_func_arg', 'get_func_ret', 'get_func_arg_cnt', 'get_attach_cookie', 'get_func_ip'], {
    get_socket_cookie: V('bpf_get_socket_ptr_cookie_proto'),
    sk_storage_get: V('bpf_sk_storage_get_tracing_proto'),
    sk_storage_delete: V('bpf_sk_storage_delete_tracing_proto'),
  }),
  (id, o) => rawTpFuncProto(id, o) ?? iterFuncProto(id, o),
);
const lsmFuncProto: GetFuncProto = switchOn(
  table(['inode_storage_get', 'inode_storage_delete', 'sk_storage_get', 'sk_storage_delete', 'spin_lock', 'spin_unlock',
    'bprm_opts_set', 'ima_inode_hash', 'ima_file_hash', 'get_attach_cookie', 'get_retval', 'set_retval']),
  tracingProgFuncProto,
);
const syscallFuncProto: GetFuncProto = switchOn(
  table(['btf_find_by_name_kind', 'sys_close', 'kallsyms_lookup_name'], { sys_bpf: (o) => (o.capPerfmon === false ? undefined : P('sys_bpf')) }),
  tracingProgFuncProto,
);
/**
 * net/ipv4/bpf_tcp_ca.c bpf_tcp_ca_get_func_proto, for every struct_ops program: the struct a
 * program stands for is not known here, and tcp_congestion_ops is the one in vmlinux (a module's
 * struct_ops, bpf_testmod_ops, has bpf_base_func_proto). setsockopt/getsockopt are refused to
 * the `release` member ("release() is called when the current bpf-tcp-cc is retiring").
 */
const structOpsFuncProto: GetFuncProto = switchOn(
  table(['tcp_send_ack', 'sk_storage_get', 'sk_storage_delete', 'ktime_get_coarse_ns'], {
    setsockopt: (o) => (o.structOpsMember === 'release' ? undefined : V('bpf_sk_setsockopt_proto')),
    getsockopt: (o) => (o.structOpsMember === 'release' ? undefined : V('bpf_sk_getsockopt_proto')),
  }),
  bpfBaseFuncProto,
);
const lircFuncProto: GetFuncProto = switchOn(table(['rc_repeat', 'rc_keydown', 'rc_pointer_rel']), bpfBaseFuncProto);

/** bpf_verifier_ops.get_func_proto of each program type */
export const GET_FUNC_PROTO: Readonly<Record<number, GetFuncProto>> = {
  [PT.UNSPEC]: skFilterFuncProto,
  [PT.SOCKET_FILTER]: skFilterFuncProto,
  [PT.KPROBE]: kprobeFuncProto,
  [PT.SCHED_CLS]: tcClsActFuncProto,
  [PT.SCHED_ACT]: tcClsActFuncProto,
  [PT.TRACEPOINT]: tpFuncProto,
  [PT.XDP]: xdpFuncProto,
  [PT.PERF_EVENT]: pePerfFuncProto,
  [PT.CGROUP_SKB]: cgSkbFuncProto,
  [PT.CGROUP_SOCK]: sockFilterFuncProto,
  [PT.LWT_IN]: lwtInFuncProto,
  [PT.LWT_OUT]: lwtOutFuncProto,
  [PT.LWT_XMIT]: lwtXmitFuncProto,
  [PT.LWT_SEG6LOCAL]: lwtSeg6FuncProto,
  [PT.SOCK_OPS]: sockOpsFuncProto,
  [PT.SK_SKB]: skSkbFuncProto,
  [PT.CGROUP_DEVICE]: cgroupDevFuncProto,
  [PT.SK_MSG]: skMsgFuncProto,
  [PT.RAW_TRACEPOINT]: rawTpFuncProto,
  [PT.RAW_TRACEPOINT_WRITABLE]: rawTpFuncProto,
  [PT.CGROUP_SOCK_ADDR]: sockAddrFuncProto,
  [PT.LIRC_MODE2]: lircFuncProto,
  [PT.SK_REUSEPORT]: skReuseportFuncProto,
  [PT.FLOW_DISSECTOR]: flowDissectorFuncProto,
  [PT.CGROUP_SYSCTL]: sysctlFuncProto,
  [PT.CGROUP_SOCKOPT]: cgSockoptFuncProto,
  [PT.TRACING]: tracingProgFuncProto,
  [PT.EXT]: tracingProgFuncProto,
  [PT.LSM]: lsmFuncProto,
  [PT.STRUCT_OPS]: structOpsFuncProto,
  [PT.SK_LOOKUP]: skLookupFuncProto,
  [PT.SYSCALL]: syscallFuncProto,
  // net/netfilter/nf_bpf_link.c bpf_nf_func_proto: bpf_base_func_proto only
  [PT.NETFILTER]: bpfBaseFuncProto,
};
