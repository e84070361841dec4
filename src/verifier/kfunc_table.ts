/**
 * The kfuncs tsbpf's verifier knows, with the flags the kernel registers for them and the
 * program types that may call them. Prototypes are not here: they come from the kernel's BTF
 * (the FUNC's FUNC_PROTO and its parameter names, as check_kfunc_args reads them).
 *
 * Sources (Linux 6.12): kernel/bpf/helpers.c BTF_KFUNCS_START(generic_btf_ids) and
 * (common_btf_ids), kernel/bpf/cpumask.c (cpumask_kfunc_btf_ids), net/core/filter.c
 * (bpf_kfunc_check_set_skb / _xdp); the flag values are include/linux/btf.h's; which program
 * types reach a set is kernel/bpf/btf.c bpf_prog_type_to_kfunc_hook (the common set is
 * registered for BPF_PROG_TYPE_UNSPEC: every program type).
 */
import {
  BPF_PROG_TYPE_SOCKET_FILTER, BPF_PROG_TYPE_SCHED_CLS, BPF_PROG_TYPE_SCHED_ACT, BPF_PROG_TYPE_TRACEPOINT, BPF_PROG_TYPE_XDP,
  BPF_PROG_TYPE_PERF_EVENT, BPF_PROG_TYPE_CGROUP_SKB, BPF_PROG_TYPE_CGROUP_SOCK, BPF_PROG_TYPE_LWT_IN, BPF_PROG_TYPE_LWT_OUT,
  BPF_PROG_TYPE_LWT_XMIT, BPF_PROG_TYPE_CGROUP_DEVICE, BPF_PROG_TYPE_SK_SKB, BPF_PROG_TYPE_CGROUP_SOCK_ADDR,
  BPF_PROG_TYPE_LWT_SEG6LOCAL, BPF_PROG_TYPE_CGROUP_SYSCTL, BPF_PROG_TYPE_CGROUP_SOCKOPT, BPF_PROG_TYPE_TRACING,
  BPF_PROG_TYPE_STRUCT_OPS, BPF_PROG_TYPE_LSM, BPF_PROG_TYPE_SYSCALL, BPF_PROG_TYPE_NETFILTER, BPF_PROG_TYPE_KPROBE,
  BPF_TRACE_ITER, BPF_TRACE_KPROBE_SESSION,
} from '../isa/bpf_types.js';

/** include/linux/btf.h */
export const KF_ACQUIRE = 1 << 0;
export const KF_RELEASE = 1 << 1;
export const KF_RET_NULL = 1 << 2;
export const KF_TRUSTED_ARGS = 1 << 4;
export const KF_SLEEPABLE = 1 << 5;
export const KF_DESTRUCTIVE = 1 << 6;
export const KF_RCU = 1 << 7;
export const KF_ITER_NEW = 1 << 8;
export const KF_ITER_NEXT = 1 << 9;
export const KF_ITER_DESTROY = 1 << 10;
export const KF_RCU_PROTECTED = 1 << 11;

/** enum btf_kfunc_hook: the program types that share a registration (bpf_prog_type_to_kfunc_hook) */
type Hook = 'tracing' | 'tc' | 'xdp' | 'struct_ops' | 'syscall' | 'cgroup' | 'sched_act' | 'sk_skb' | 'socket_filter' | 'lwt' | 'netfilter' | 'kprobe';

function hookOf(progType: number): Hook | undefined {
  switch (progType) {
    case BPF_PROG_TYPE_XDP: return 'xdp';
    case BPF_PROG_TYPE_SCHED_CLS: return 'tc';
    case BPF_PROG_TYPE_STRUCT_OPS: return 'struct_ops';
    case BPF_PROG_TYPE_TRACING: case BPF_PROG_TYPE_TRACEPOINT: case BPF_PROG_TYPE_PERF_EVENT: case BPF_PROG_TYPE_LSM: return 'tracing';
    case BPF_PROG_TYPE_SYSCALL: return 'syscall';
    case BPF_PROG_TYPE_CGROUP_SKB: case BPF_PROG_TYPE_CGROUP_SOCK: case BPF_PROG_TYPE_CGROUP_DEVICE: case BPF_PROG_TYPE_CGROUP_SOCK_ADDR:
    case BPF_PROG_TYPE_CGROUP_SOCKOPT: case BPF_PROG_TYPE_CGROUP_SYSCTL: return 'cgroup';
    case BPF_PROG_TYPE_SCHED_ACT: return 'sched_act';
    case BPF_PROG_TYPE_SK_SKB: return 'sk_skb';
    case BPF_PROG_TYPE_SOCKET_FILTER: return 'socket_filter';
    case BPF_PROG_TYPE_LWT_IN: case BPF_PROG_TYPE_LWT_OUT: case BPF_PROG_TYPE_LWT_XMIT: case BPF_PROG_TYPE_LWT_SEG6LOCAL: return 'lwt';
    case BPF_PROG_TYPE_NETFILTER: return 'netfilter';
    case BPF_PROG_TYPE_KPROBE: return 'kprobe';
    default: return undefined;
  }
}

/** each kfunc set and the hooks it is registered for (undefined: BPF_PROG_TYPE_UNSPEC, all) */
const SETS: Record<string, readonly Hook[] | undefined> = {
  common: undefined,
  // helpers.c: TRACING, SCHED_CLS, XDP, STRUCT_OPS, SYSCALL, CGROUP_SKB
  generic: ['tracing', 'tc', 'xdp', 'struct_ops', 'syscall', 'cgroup'],
  // cpumask.c: TRACING, STRUCT_OPS, SYSCALL
  cpumask: ['tracing', 'struct_ops', 'syscall'],
  // filter.c bpf_kfunc_set_skb
  skb: ['tc', 'sched_act', 'sk_skb', 'socket_filter', 'cgroup', 'lwt', 'netfilter', 'tracing'],
  xdp: ['xdp'],
  // net/netfilter/nf_conntrack_bpf.c, nf_nat_bpf.c: XDP and SCHED_CLS
  conntrack: ['xdp', 'tc'],
  // kernel/trace/bpf_trace.c key_sig_kfunc_set: TRACING
  keys: ['tracing'],
  // kernel/bpf/crypto.c: crypt_init_kfunc_set for SYSCALL (contexts are created in process
  // context: bpf_crypto_ctx_create may sleep), crypt_kfunc_set for SCHED_CLS, SCHED_ACT, XDP
  crypto_init: ['syscall'],
  crypto: ['tc', 'sched_act', 'xdp'],
  // net/core/filter.c bpf_kfunc_set_sock_addr, registered for CGROUP_SOCK_ADDR
  sock_addr: ['cgroup'],
  // net/ipv4/bpf_tcp_ca.c, tcp_cubic.c, tcp_dctcp.c, tcp_bbr.c: the kernel's congestion-control
  // functions, for STRUCT_OPS (a BPF tcp_congestion_ops calling the kernel's cubic)
  tcp_ca: ['struct_ops'],
  // net/core/filter.c bpf_sk_iter_kfunc_set for TRACING, whose filter (tracing_iter_filter) wants an iterator
  sk_iter: ['tracing'],
  // kernel/trace/bpf_trace.c bpf_kprobe_multi_kfunc_set for KPROBE, whose filter wants a kprobe session
  kprobe_session: ['kprobe'],
  // net/xfrm/xfrm_state_bpf.c xfrm_state_xdp_set: XDP
  xfrm: ['xdp'],
  // net/bpf/test_run.c bpf_prog_test_kfunc_set: SCHED_CLS, TRACING, SYSCALL
  prog_test: ['tc', 'tracing', 'syscall'],
  // net/core/filter.c bpf_kfunc_set_tcp_reqsk: SCHED_CLS
  tcp_reqsk: ['tc'],
};

export interface KfuncDef {
  flags: number;
  set: keyof typeof SETS;
  /** the set's filter (btf_kfunc_id_set.filter) admits only this expected_attach_type */
  attach?: number;
}

const def = (set: keyof typeof SETS, flags = 0, attach?: number): KfuncDef => ({ set, flags, ...(attach !== undefined ? { attach } : {}) });

/** BTF_ID_FLAGS(func, NAME, FLAGS) of the sets above */
export const KFUNCS: ReadonlyMap<string, KfuncDef> = new Map<string, KfuncDef>([
  // generic_btf_ids (kernel/bpf/helpers.c)
  ['bpf_obj_new_impl', def('generic', KF_ACQUIRE | KF_RET_NULL)],
  ['bpf_percpu_obj_new_impl', def('generic', KF_ACQUIRE | KF_RET_NULL)],
  ['bpf_obj_drop_impl', def('generic', KF_RELEASE)],
  ['bpf_percpu_obj_drop_impl', def('generic', KF_RELEASE)],
  ['bpf_refcount_acquire_impl', def('generic', KF_ACQUIRE | KF_RET_NULL | KF_RCU)],
  ['bpf_list_push_front_impl', def('generic')],
  ['bpf_list_push_back_impl', def('generic')],
  ['bpf_list_pop_front', def('generic', KF_ACQUIRE | KF_RET_NULL)],
  ['bpf_list_pop_back', def('generic', KF_ACQUIRE | KF_RET_NULL)],
  ['bpf_task_acquire', def('generic', KF_ACQUIRE | KF_RCU | KF_RET_NULL)],
  ['bpf_task_release', def('generic', KF_RELEASE)],
  ['bpf_rbtree_remove', def('generic', KF_ACQUIRE | KF_RET_NULL)],
  ['bpf_rbtree_add_impl', def('generic')],
  ['bpf_rbtree_first', def('generic', KF_RET_NULL)],
  ['bpf_cgroup_acquire', def('generic', KF_ACQUIRE | KF_RCU | KF_RET_NULL)],
  ['bpf_cgroup_release', def('generic', KF_RELEASE)],
  ['bpf_cgroup_ancestor', def('generic', KF_ACQUIRE | KF_RCU | KF_RET_NULL)],
  ['bpf_cgroup_from_id', def('generic', KF_ACQUIRE | KF_RET_NULL)],
  ['bpf_task_under_cgroup', def('generic', KF_RCU)],
  ['bpf_task_get_cgroup1', def('generic', KF_ACQUIRE | KF_RCU | KF_RET_NULL)],
  ['bpf_task_from_pid', def('generic', KF_ACQUIRE | KF_RET_NULL)],
  ['bpf_throw', def('generic')],
  // bpf_tcp_ca_check_kfunc_ids, tcp_cubic/dctcp/bbr_check_kfunc_ids (no flags)
  ...['tcp_reno_ssthresh', 'tcp_reno_cong_avoid', 'tcp_reno_undo_cwnd', 'tcp_slow_start', 'tcp_cong_avoid_ai',
    'cubictcp_init', 'cubictcp_recalc_ssthresh', 'cubictcp_cong_avoid', 'cubictcp_state', 'cubictcp_cwnd_event', 'cubictcp_acked',
    'dctcp_init', 'dctcp_update_alpha', 'dctcp_cwnd_event', 'dctcp_ssthresh', 'dctcp_cwnd_undo', 'dctcp_state',
    'bbr_init', 'bbr_main', 'bbr_sndbuf_expand', 'bbr_undo_cwnd', 'bbr_cwnd_event', 'bbr_ssthresh', 'bbr_min_tso_segs', 'bbr_set_state',
  ].map((n): [string, KfuncDef] => [n, def('tcp_ca')]),
  // common_btf_ids (kernel/bpf/helpers.c)
  ['bpf_cast_to_kern_ctx', def('common')],
  ['bpf_rdonly_cast', def('common')],
  ['bpf_rcu_read_lock', def('common')],
  ['bpf_rcu_read_unlock', def('common')],
  ['bpf_dynptr_slice', def('common', KF_RET_NULL)],
  ['bpf_dynptr_slice_rdwr', def('common', KF_RET_NULL)],
  ['bpf_iter_num_new', def('common', KF_ITER_NEW)],
  ['bpf_iter_num_next', def('common', KF_ITER_NEXT | KF_RET_NULL)],
  ['bpf_iter_num_destroy', def('common', KF_ITER_DESTROY)],
  ['bpf_iter_task_vma_new', def('common', KF_ITER_NEW | KF_RCU)],
  ['bpf_iter_task_vma_next', def('common', KF_ITER_NEXT | KF_RET_NULL)],
  ['bpf_iter_task_vma_destroy', def('common', KF_ITER_DESTROY)],
  ['bpf_iter_css_task_new', def('common', KF_ITER_NEW | KF_TRUSTED_ARGS)],
  ['bpf_iter_css_task_next', def('common', KF_ITER_NEXT | KF_RET_NULL)],
  ['bpf_iter_css_task_destroy', def('common', KF_ITER_DESTROY)],
  ['bpf_iter_css_new', def('common', KF_ITER_NEW | KF_TRUSTED_ARGS | KF_RCU_PROTECTED)],
  ['bpf_iter_css_next', def('common', KF_ITER_NEXT | KF_RET_NULL)],
  ['bpf_iter_css_destroy', def('common', KF_ITER_DESTROY)],
  ['bpf_iter_task_new', def('common', KF_ITER_NEW | KF_TRUSTED_ARGS | KF_RCU_PROTECTED)],
  ['bpf_iter_task_next', def('common', KF_ITER_NEXT | KF_RET_NULL)],
  ['bpf_iter_task_destroy', def('common', KF_ITER_DESTROY)],
  ['bpf_dynptr_adjust', def('common')],
  ['bpf_dynptr_is_null', def('common')],
  ['bpf_dynptr_is_rdonly', def('common')],
  ['bpf_dynptr_size', def('common')],
  ['bpf_dynptr_clone', def('common')],
  ['bpf_preempt_disable', def('common')],
  ['bpf_preempt_enable', def('common')],
  ['bpf_iter_bits_new', def('common', KF_ITER_NEW)],
  ['bpf_iter_bits_next', def('common', KF_ITER_NEXT | KF_RET_NULL)],
  ['bpf_iter_bits_destroy', def('common', KF_ITER_DESTROY)],
  ['bpf_copy_from_user_str', def('common', KF_SLEEPABLE)],
  ['bpf_wq_init', def('common')],
  ['bpf_wq_set_callback_impl', def('common')],
  ['bpf_wq_start', def('common')],
  // arena_kfuncs (kernel/bpf/arena.c, registered for BPF_PROG_TYPE_UNSPEC)
  ['bpf_arena_alloc_pages', def('common', KF_TRUSTED_ARGS | KF_SLEEPABLE)],
  ['bpf_arena_free_pages', def('common', KF_TRUSTED_ARGS | KF_SLEEPABLE)],
  // cpumask_kfunc_btf_ids (kernel/bpf/cpumask.c)
  ['bpf_cpumask_create', def('cpumask', KF_ACQUIRE | KF_RET_NULL)],
  ['bpf_cpumask_release', def('cpumask', KF_RELEASE)],
  ['bpf_cpumask_acquire', def('cpumask', KF_ACQUIRE | KF_TRUSTED_ARGS)],
  ...['first', 'first_zero', 'first_and', 'set_cpu', 'clear_cpu', 'test_cpu', 'test_and_set_cpu', 'test_and_clear_cpu', 'setall', 'clear',
    'and', 'or', 'xor', 'equal', 'intersects', 'subset', 'empty', 'full', 'copy', 'any_distribute', 'any_and_distribute', 'weight']
    .map((n): [string, KfuncDef] => [`bpf_cpumask_${n}`, def('cpumask', KF_RCU)]),
  // net/core/filter.c
  ['bpf_dynptr_from_skb', def('skb', KF_TRUSTED_ARGS)],
  ['bpf_dynptr_from_xdp', def('xdp')],
  // nf_conntrack_kfunc_set (net/netfilter/nf_conntrack_bpf.c), nf_nat_kfunc_set (nf_nat_bpf.c)
  ['bpf_xdp_ct_alloc', def('conntrack', KF_ACQUIRE | KF_RET_NULL)],
  ['bpf_xdp_ct_lookup', def('conntrack', KF_ACQUIRE | KF_RET_NULL)],
  ['bpf_skb_ct_alloc', def('conntrack', KF_ACQUIRE | KF_RET_NULL)],
  ['bpf_skb_ct_lookup', def('conntrack', KF_ACQUIRE | KF_RET_NULL)],
  ['bpf_ct_insert_entry', def('conntrack', KF_ACQUIRE | KF_RET_NULL | KF_RELEASE)],
  ['bpf_ct_release', def('conntrack', KF_RELEASE)],
  ['bpf_ct_set_timeout', def('conntrack', KF_TRUSTED_ARGS)],
  ['bpf_ct_change_timeout', def('conntrack', KF_TRUSTED_ARGS)],
  ['bpf_ct_set_status', def('conntrack', KF_TRUSTED_ARGS)],
  ['bpf_ct_change_status', def('conntrack', KF_TRUSTED_ARGS)],
  ['bpf_ct_set_nat_info', def('conntrack', KF_TRUSTED_ARGS)],
  // key_sig_kfunc_set (kernel/trace/bpf_trace.c)
  ['bpf_lookup_user_key', def('keys', KF_ACQUIRE | KF_RET_NULL | KF_SLEEPABLE)],
  ['bpf_lookup_system_key', def('keys', KF_ACQUIRE | KF_RET_NULL)],
  ['bpf_key_put', def('keys', KF_RELEASE)],
  ['bpf_verify_pkcs7_signature', def('keys', KF_SLEEPABLE)],
  // crypt_init_kfunc_btf_ids, crypt_kfunc_btf_ids (kernel/bpf/crypto.c)
  ['bpf_crypto_ctx_create', def('crypto_init', KF_ACQUIRE | KF_RET_NULL | KF_SLEEPABLE)],
  ['bpf_crypto_ctx_release', def('crypto_init', KF_RELEASE)],
  ['bpf_crypto_ctx_acquire', def('crypto_init', KF_ACQUIRE | KF_RCU | KF_RET_NULL)],
  ['bpf_crypto_decrypt', def('crypto', KF_RCU)],
  ['bpf_crypto_encrypt', def('crypto', KF_RCU)],
  // bpf_kfunc_check_set_sock_addr (net/core/filter.c): rewrites a unix sockaddr's sun_path
  ['bpf_sock_addr_set_sun_path', def('sock_addr')],
  // bpf_sk_iter_kfunc_ids (net/core/filter.c): destroy the socket a tcp/udp iterator is at
  ['bpf_sock_destroy', def('sk_iter', KF_TRUSTED_ARGS, BPF_TRACE_ITER)],
  // kprobe_multi_kfunc_set_ids (kernel/trace/bpf_trace.c): a session's entry/return and its cookie
  ['bpf_session_is_return', def('kprobe_session', 0, BPF_TRACE_KPROBE_SESSION)],
  ['bpf_session_cookie', def('kprobe_session', 0, BPF_TRACE_KPROBE_SESSION)],
  // bpf_map_iter_kfunc_ids (kernel/bpf/map_iter.c), registered for BPF_PROG_TYPE_UNSPEC
  ['bpf_map_sum_elem_count', def('common', KF_TRUSTED_ARGS)],
  // bpf_kfunc_check_set_tcp_reqsk (net/core/filter.c): a SYN cookie's request socket assigned to the skb
  ['bpf_sk_assign_tcp_reqsk', def('tcp_reqsk', KF_TRUSTED_ARGS)],
  // xfrm_state_kfunc_set (net/xfrm/xfrm_state_bpf.c)
  ['bpf_xdp_get_xfrm_state', def('xfrm', KF_RET_NULL | KF_ACQUIRE)],
  ['bpf_xdp_xfrm_state_release', def('xfrm', KF_RELEASE)],
  // bpf_prog_test_kfunc_ids (net/bpf/test_run.c): release the test objects stashed as kptrs
  ['bpf_kfunc_call_test_release', def('prog_test', KF_RELEASE)],
  ['bpf_kfunc_call_memb_release', def('prog_test', KF_RELEASE)],
]);

/**
 * the kfunc's flags when a program of this type may call it (btf_kfunc_id_set_contains: the
 * common hook first, then the program type's); undefined when it may not or tsbpf does not know it
 */
export function kfuncFor(name: string, progType: number, attachType = 0): KfuncDef | undefined {
  const d = KFUNCS.get(name);
  if (!d) return undefined;
  // the set's filter (tracing_iter_filter, bpf_kprobe_multi_filter) refuses other attach types: -EACCES
  if (d.attach !== undefined && attachType !== d.attach) return undefined;
  const hooks = SETS[d.set];
  if (!hooks) return d;
  const h = hookOf(progType);
  return h && hooks.includes(h) ? d : undefined;
}
