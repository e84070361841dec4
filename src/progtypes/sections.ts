/**
 * libbpf's ELF section names → program type and expected attach type (tools/lib/bpf/libbpf.c
 * section_defs[], libbpf 1.x matching rules in sec_def_matches): a definition ending in "+"
 * matches the exact name or the name followed by "/anything"; one ending in "/" needs the
 * "/anything"; others match exactly. The first definition that matches wins.
 */
import { BPF_ATTACH_TYPE as AT, BPF_PROG_TYPE as PT } from './prog_types.js';

export interface SectionDef {
  readonly sec: string;
  readonly progType: number;
  readonly attachType: number;
  /** BPF_F_SLEEPABLE */
  readonly sleepable?: boolean;
  /** BPF_F_XDP_HAS_FRAGS */
  readonly frags?: boolean;
}

const d = (sec: string, progType: number, attachType = 0, extra: Partial<SectionDef> = {}): SectionDef => Object.freeze({ sec, progType, attachType, ...extra });

export const SECTION_DEFS: readonly SectionDef[] = Object.freeze([
  d('socket', PT.SOCKET_FILTER),
  d('sk_reuseport/migrate', PT.SK_REUSEPORT, AT.SK_REUSEPORT_SELECT_OR_MIGRATE),
  d('sk_reuseport', PT.SK_REUSEPORT, AT.SK_REUSEPORT_SELECT),
  d('kprobe+', PT.KPROBE),
  d('uprobe+', PT.KPROBE),
  d('uprobe.s+', PT.KPROBE, 0, { sleepable: true }),
  d('kretprobe+', PT.KPROBE),
  d('uretprobe+', PT.KPROBE),
  d('uretprobe.s+', PT.KPROBE, 0, { sleepable: true }),
  d('kprobe.multi+', PT.KPROBE, AT.TRACE_KPROBE_MULTI),
  d('kretprobe.multi+', PT.KPROBE, AT.TRACE_KPROBE_MULTI),
  d('kprobe.session+', PT.KPROBE, AT.TRACE_KPROBE_SESSION),
  d('uprobe.multi+', PT.KPROBE, AT.TRACE_UPROBE_MULTI),
  d('uretprobe.multi+', PT.KPROBE, AT.TRACE_UPROBE_MULTI),
  d('ksyscall+', PT.KPROBE),
  d('kretsyscall+', PT.KPROBE),
  d('usdt+', PT.KPROBE),
  d('tc/ingress', PT.SCHED_CLS, AT.TCX_INGRESS),
  d('tc/egress', PT.SCHED_CLS, AT.TCX_EGRESS),
  d('tcx/ingress', PT.SCHED_CLS, AT.TCX_INGRESS),
  d('tcx/egress', PT.SCHED_CLS, AT.TCX_EGRESS),
  d('tc', PT.SCHED_CLS),
  d('classifier', PT.SCHED_CLS),
  d('action', PT.SCHED_ACT),
  d('netkit/primary', PT.SCHED_CLS, AT.NETKIT_PRIMARY),
  d('netkit/peer', PT.SCHED_CLS, AT.NETKIT_PEER),
  d('tracepoint+', PT.TRACEPOINT),
  d('tp+', PT.TRACEPOINT),
  d('raw_tracepoint+', PT.RAW_TRACEPOINT),
  d('raw_tp+', PT.RAW_TRACEPOINT),
  d('raw_tracepoint.w+', PT.RAW_TRACEPOINT_WRITABLE),
  d('raw_tp.w+', PT.RAW_TRACEPOINT_WRITABLE),
  d('tp_btf+', PT.TRACING, AT.TRACE_RAW_TP),
  d('fentry+', PT.TRACING, AT.TRACE_FENTRY),
  d('fmod_ret+', PT.TRACING, AT.MODIFY_RETURN),
  d('fexit+', PT.TRACING, AT.TRACE_FEXIT),
  d('fentry.s+', PT.TRACING, AT.TRACE_FENTRY, { sleepable: true }),
  d('fmod_ret.s+', PT.TRACING, AT.MODIFY_RETURN, { sleepable: true }),
  d('fexit.s+', PT.TRACING, AT.TRACE_FEXIT, { sleepable: true }),
  d('freplace+', PT.EXT),
  d('lsm+', PT.LSM, AT.LSM_MAC),
  d('lsm.s+', PT.LSM, AT.LSM_MAC, { sleepable: true }),
  d('lsm_cgroup+', PT.LSM, AT.LSM_CGROUP),
  d('iter+', PT.TRACING, AT.TRACE_ITER),
  d('iter.s+', PT.TRACING, AT.TRACE_ITER, { sleepable: true }),
  d('syscall', PT.SYSCALL, 0, { sleepable: true }),
  d('xdp.frags/devmap', PT.XDP, AT.XDP_DEVMAP, { frags: true }),
  d('xdp/devmap', PT.XDP, AT.XDP_DEVMAP),
  d('xdp.frags/cpumap', PT.XDP, AT.XDP_CPUMAP, { frags: true }),
  d('xdp/cpumap', PT.XDP, AT.XDP_CPUMAP),
  d('xdp.frags', PT.XDP, AT.XDP, { frags: true }),
  d('xdp', PT.XDP, AT.XDP),
  d('perf_event', PT.PERF_EVENT),
  d('lwt_in', PT.LWT_IN),
  d('lwt_out', PT.LWT_OUT),
  d('lwt_xmit', PT.LWT_XMIT),
  d('lwt_seg6local', PT.LWT_SEG6LOCAL),
  d('sockops', PT.SOCK_OPS, AT.CGROUP_SOCK_OPS),
  d('sk_skb/stream_parser', PT.SK_SKB, AT.SK_SKB_STREAM_PARSER),
  d('sk_skb/stream_verdict', PT.SK_SKB, AT.SK_SKB_STREAM_VERDICT),
  d('sk_skb/verdict', PT.SK_SKB, AT.SK_SKB_VERDICT),
  d('sk_skb', PT.SK_SKB),
  d('sk_msg', PT.SK_MSG, AT.SK_MSG_VERDICT),
  d('lirc_mode2', PT.LIRC_MODE2, AT.LIRC_MODE2),
  d('flow_dissector', PT.FLOW_DISSECTOR, AT.FLOW_DISSECTOR),
  d('cgroup_skb/ingress', PT.CGROUP_SKB, AT.CGROUP_INET_INGRESS),
  d('cgroup_skb/egress', PT.CGROUP_SKB, AT.CGROUP_INET_EGRESS),
  d('cgroup/skb', PT.CGROUP_SKB),
  d('cgroup/sock_create', PT.CGROUP_SOCK, AT.CGROUP_INET_SOCK_CREATE),
  d('cgroup/sock_release', PT.CGROUP_SOCK, AT.CGROUP_INET_SOCK_RELEASE),
  d('cgroup/sock', PT.CGROUP_SOCK, AT.CGROUP_INET_SOCK_CREATE),
  d('cgroup/post_bind4', PT.CGROUP_SOCK, AT.CGROUP_INET4_POST_BIND),
  d('cgroup/post_bind6', PT.CGROUP_SOCK, AT.CGROUP_INET6_POST_BIND),
  d('cgroup/bind4', PT.CGROUP_SOCK_ADDR, AT.CGROUP_INET4_BIND),
  d('cgroup/bind6', PT.CGROUP_SOCK_ADDR, AT.CGROUP_INET6_BIND),
  d('cgroup/connect4', PT.CGROUP_SOCK_ADDR, AT.CGROUP_INET4_CONNECT),
  d('cgroup/connect6', PT.CGROUP_SOCK_ADDR, AT.CGROUP_INET6_CONNECT),
  d('cgroup/connect_unix', PT.CGROUP_SOCK_ADDR, AT.CGROUP_UNIX_CONNECT),
  d('cgroup/sendmsg4', PT.CGROUP_SOCK_ADDR, AT.CGROUP_UDP4_SENDMSG),
  d('cgroup/sendmsg6', PT.CGROUP_SOCK_ADDR, AT.CGROUP_UDP6_SENDMSG),
  d('cgroup/sendmsg_unix', PT.CGROUP_SOCK_ADDR, AT.CGROUP_UNIX_SENDMSG),
  d('cgroup/recvmsg4', PT.CGROUP_SOCK_ADDR, AT.CGROUP_UDP4_RECVMSG),
  d('cgroup/recvmsg6', PT.CGROUP_SOCK_ADDR, AT.CGROUP_UDP6_RECVMSG),
  d('cgroup/recvmsg_unix', PT.CGROUP_SOCK_ADDR, AT.CGROUP_UNIX_RECVMSG),
  d('cgroup/getpeername4', PT.CGROUP_SOCK_ADDR, AT.CGROUP_INET4_GETPEERNAME),
  d('cgroup/getpeername6', PT.CGROUP_SOCK_ADDR, AT.CGROUP_INET6_GETPEERNAME),
  d('cgroup/getpeername_unix', PT.CGROUP_SOCK_ADDR, AT.CGROUP_UNIX_GETPEERNAME),
  d('cgroup/getsockname4', PT.CGROUP_SOCK_ADDR, AT.CGROUP_INET4_GETSOCKNAME),
  d('cgroup/getsockname6', PT.CGROUP_SOCK_ADDR, AT.CGROUP_INET6_GETSOCKNAME),
  d('cgroup/getsockname_unix', PT.CGROUP_SOCK_ADDR, AT.CGROUP_UNIX_GETSOCKNAME),
  d('cgroup/sysctl', PT.CGROUP_SYSCTL, AT.CGROUP_SYSCTL),
  d('cgroup/getsockopt', PT.CGROUP_SOCKOPT, AT.CGROUP_GETSOCKOPT),
  d('cgroup/setsockopt', PT.CGROUP_SOCKOPT, AT.CGROUP_SETSOCKOPT),
  d('cgroup/dev', PT.CGROUP_DEVICE, AT.CGROUP_DEVICE),
  d('struct_ops+', PT.STRUCT_OPS),
  d('struct_ops.s+', PT.STRUCT_OPS, 0, { sleepable: true }),
  d('sk_lookup', PT.SK_LOOKUP, AT.SK_LOOKUP),
  d('netfilter', PT.NETFILTER, AT.NETFILTER),
]);

/** libbpf sec_def_matches */
export function secDefMatches(def: SectionDef, name: string): boolean {
  const s = def.sec;
  if (s.endsWith('/')) return name.startsWith(s);
  if (s.endsWith('+')) {
    const p = s.slice(0, -1);
    if (!name.startsWith(p)) return false;
    return name.length === p.length || name[p.length] === '/';
  }
  return name === s;
}

/** the section definition libbpf would pick for a section name, or undefined (libbpf then refuses the program) */
export function sectionDef(name: string): SectionDef | undefined {
  for (const def of SECTION_DEFS) if (secDefMatches(def, name)) return def;
  return undefined;
}
