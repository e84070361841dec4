/**
 * SEC() name -> program type and expected attach type, as libbpf's `section_defs[]` table
 * (tools/lib/bpf/libbpf.c, libbpf 1.x) and its matching rules (sec_def_matches):
 *   "type/"  the name must start with it (SEC("type/extras"));
 *   "type+"  exactly "type" or "type/extras";
 *   other    exact match.
 * Entries are tried in table order, first match wins. libbpf before 1.0 matched plain prefixes
 * (SEC_SLOPPY_PFX), which objects such as cilium/ebpf's test data still rely on ("socket/2");
 * `findSectionDef` falls back to that when no strict entry matches and says so.
 */
import { AttachType, ProgType } from '../isa/bpf_types.js';

// flags of a section definition (libbpf enum sec_def_flags)
export const SEC_NONE = 0;
/** expected_attach_type is required for attach (BPF_PROG_ATTACH) */
export const SEC_ATTACHABLE = 1;
/** expected_attach_type is optional if the kernel does not support it */
export const SEC_ATTACHABLE_OPT = SEC_ATTACHABLE | 2;
/** attach target is named by BTF (fentry/fexit/tp_btf/lsm/iter/freplace) */
export const SEC_ATTACH_BTF = 4;
/** program is sleepable (BPF_F_SLEEPABLE) */
export const SEC_SLEEPABLE = 8;
/** XDP program supports fragments (BPF_F_XDP_HAS_FRAGS) */
export const SEC_XDP_FRAGS = 16;
/** USDT program */
export const SEC_USDT = 32;

export interface SectionDef {
  /** the pattern as libbpf writes it ("kprobe+", "xdp", "tc/ingress") */
  sec: string;
  progType: number;
  expectedAttachType: number;
  flags: number;
}

const P = ProgType;
const A = AttachType;
const d = (sec: string, progType: number, expectedAttachType: number, flags: number): SectionDef => ({ sec, progType, expectedAttachType, flags });

/** libbpf's section_defs[], in its order */
export const SECTION_DEFS: readonly SectionDef[] = [
  d('socket', P.SOCKET_FILTER, 0, SEC_NONE),
  d('sk_reuseport/migrate', P.SK_REUSEPORT, A.SK_REUSEPORT_SELECT_OR_MIGRATE, SEC_ATTACHABLE),
  d('sk_reuseport', P.SK_REUSEPORT, A.SK_REUSEPORT_SELECT, SEC_ATTACHABLE),
  d('kprobe+', P.KPROBE, 0, SEC_NONE),
  d('uprobe+', P.KPROBE, 0, SEC_NONE),
  d('uprobe.s+', P.KPROBE, 0, SEC_SLEEPABLE),
  d('kretprobe+', P.KPROBE, 0, SEC_NONE),
  d('uretprobe+', P.KPROBE, 0, SEC_NONE),
  d('uretprobe.s+', P.KPROBE, 0, SEC_SLEEPABLE),
  d('kprobe.multi+', P.KPROBE, A.TRACE_KPROBE_MULTI, SEC_NONE),
  d('kretprobe.multi+', P.KPROBE, A.TRACE_KPROBE_MULTI, SEC_NONE),
  d('kprobe.session+', P.KPROBE, A.TRACE_KPROBE_SESSION, SEC_NONE),
  d('uprobe.multi+', P.KPROBE, A.TRACE_UPROBE_MULTI, SEC_NONE),
  d('uretprobe.multi+', P.KPROBE, A.TRACE_UPROBE_MULTI, SEC_NONE),
  d('uprobe.session+', P.KPROBE, A.TRACE_UPROBE_SESSION, SEC_NONE),
  d('uprobe.multi.s+', P.KPROBE, A.TRACE_UPROBE_MULTI, SEC_SLEEPABLE),
  d('uretprobe.multi.s+', P.KPROBE, A.TRACE_UPROBE_MULTI, SEC_SLEEPABLE),
  d('uprobe.session.s+', P.KPROBE, A.TRACE_UPROBE_SESSION, SEC_SLEEPABLE),
  d('ksyscall+', P.KPROBE, 0, SEC_NONE),
  d('kretsyscall+', P.KPROBE, 0, SEC_NONE),
  d('usdt+', P.KPROBE, 0, SEC_USDT),
  d('usdt.s+', P.KPROBE, 0, SEC_USDT | SEC_SLEEPABLE),
  d('tc/ingress', P.SCHED_CLS, A.TCX_INGRESS, SEC_NONE),
  d('tc/egress', P.SCHED_CLS, A.TCX_EGRESS, SEC_NONE),
  d('tcx/ingress', P.SCHED_CLS, A.TCX_INGRESS, SEC_NONE),
  d('tcx/egress', P.SCHED_CLS, A.TCX_EGRESS, SEC_NONE),
  d('tc', P.SCHED_CLS, 0, SEC_NONE),
  d('classifier', P.SCHED_CLS, 0, SEC_NONE),
  d('action', P.SCHED_ACT, 0, SEC_NONE),
  d('netkit/primary', P.SCHED_CLS, A.NETKIT_PRIMARY, SEC_NONE),
  d('netkit/peer', P.SCHED_CLS, A.NETKIT_PEER, SEC_NONE),
  d('tracepoint+', P.TRACEPOINT, 0, SEC_NONE),
  d('tp+', P.TRACEPOINT, 0, SEC_NONE),
  d('raw_tracepoint+', P.RAW_TRACEPOINT, 0, SEC_NONE),
  d('raw_tp+', P.RAW_TRACEPOINT, 0, SEC_NONE),
  d('raw_tracepoint.w+', P.RAW_TRACEPOINT_WRITABLE, 0, SEC_NONE),
  d('raw_tp.w+', P.RAW_TRACEPOINT_WRITABLE, 0, SEC_NONE),
  d('tp_btf+', P.TRACING, A.TRACE_RAW_TP, SEC_ATTACH_BTF),
  d('fentry+', P.TRACING, A.TRACE_FENTRY, SEC_ATTACH_BTF),
  d('fmod_ret+', P.TRACING, A.MODIFY_RETURN, SEC_ATTACH_BTF),
  d('fexit+', P.TRACING, A.TRACE_FEXIT, SEC_ATTACH_BTF),
  d('fentry.s+', P.TRACING, A.TRACE_FENTRY, SEC_ATTACH_BTF | SEC_SLEEPABLE),
  d('fmod_ret.s+', P.TRACING, A.MODIFY_RETURN, SEC_ATTACH_BTF | SEC_SLEEPABLE),
  d('fexit.s+', P.TRACING, A.TRACE_FEXIT, SEC_ATTACH_BTF | SEC_SLEEPABLE),
  d('freplace+', P.EXT, 0, SEC_ATTACH_BTF),
  d('lsm+', P.LSM, A.LSM_MAC, SEC_ATTACH_BTF),
  d('lsm.s+', P.LSM, A.LSM_MAC, SEC_ATTACH_BTF | SEC_SLEEPABLE),
  d('lsm_cgroup+', P.LSM, A.LSM_CGROUP, SEC_ATTACH_BTF),
  d('iter+', P.TRACING, A.TRACE_ITER, SEC_ATTACH_BTF),
  d('iter.s+', P.TRACING, A.TRACE_ITER, SEC_ATTACH_BTF | SEC_SLEEPABLE),
  d('syscall', P.SYSCALL, 0, SEC_SLEEPABLE),
  d('xdp.frags/devmap', P.XDP, A.XDP_DEVMAP, SEC_XDP_FRAGS),
  d('xdp/devmap', P.XDP, A.XDP_DEVMAP, SEC_ATTACHABLE),
  d('xdp.frags/cpumap', P.XDP, A.XDP_CPUMAP, SEC_XDP_FRAGS),
  d('xdp/cpumap', P.XDP, A.XDP_CPUMAP, SEC_ATTACHABLE),
  d('xdp.frags', P.XDP, A.XDP, SEC_XDP_FRAGS),
  d('xdp', P.XDP, A.XDP, SEC_ATTACHABLE_OPT),
  d('perf_event', P.PERF_EVENT, 0, SEC_NONE),
  d('lwt_in', P.LWT_IN, 0, SEC_NONE),
  d('lwt_out', P.LWT_OUT, 0, SEC_NONE),
  d('lwt_xmit', P.LWT_XMIT, 0, SEC_NONE),
  d('lwt_seg6local', P.LWT_SEG6LOCAL, 0, SEC_NONE),
  d('sockops', P.SOCK_OPS, A.CGROUP_SOCK_OPS, SEC_ATTACHABLE_OPT),
  d('sk_skb/stream_parser', P.SK_SKB, A.SK_SKB_STREAM_PARSER, SEC_ATTACHABLE_OPT),
  d('sk_skb/stream_verdict', P.SK_SKB, A.SK_SKB_STREAM_VERDICT, SEC_ATTACHABLE_OPT),
  d('sk_skb/verdict', P.SK_SKB, A.SK_SKB_VERDICT, SEC_ATTACHABLE_OPT),
  d('sk_skb', P.SK_SKB, 0, SEC_NONE),
  d('sk_msg', P.SK_MSG, A.SK_MSG_VERDICT, SEC_ATTACHABLE_OPT),
  d('lirc_mode2', P.LIRC_MODE2, A.LIRC_MODE2, SEC_ATTACHABLE_OPT),
  d('flow_dissector', P.FLOW_DISSECTOR, A.FLOW_DISSECTOR, SEC_ATTACHABLE_OPT),
  d('cgroup_skb/ingress', P.CGROUP_SKB, A.CGROUP_INET_INGRESS, SEC_ATTACHABLE_OPT),
  d('cgroup_skb/egress', P.CGROUP_SKB, A.CGROUP_INET_EGRESS, SEC_ATTACHABLE_OPT),
  d('cgroup/skb', P.CGROUP_SKB, 0, SEC_NONE),
  d('cgroup/sock_create', P.CGROUP_SOCK, A.CGROUP_INET_SOCK_CREATE, SEC_ATTACHABLE),
  d('cgroup/sock_release', P.CGROUP_SOCK, A.CGROUP_INET_SOCK_RELEASE, SEC_ATTACHABLE),
  d('cgroup/sock', P.CGROUP_SOCK, A.CGROUP_INET_SOCK_CREATE, SEC_ATTACHABLE_OPT),
  d('cgroup/post_bind4', P.CGROUP_SOCK, A.CGROUP_INET4_POST_BIND, SEC_ATTACHABLE),
  d('cgroup/post_bind6', P.CGROUP_SOCK, A.CGROUP_INET6_POST_BIND, SEC_ATTACHABLE),
  d('cgroup/bind4', P.CGROUP_SOCK_ADDR, A.CGROUP_INET4_BIND, SEC_ATTACHABLE),
  d('cgroup/bind6', P.CGROUP_SOCK_ADDR, A.CGROUP_INET6_BIND, SEC_ATTACHABLE),
  d('cgroup/connect4', P.CGROUP_SOCK_ADDR, A.CGROUP_INET4_CONNECT, SEC_ATTACHABLE),
  d('cgroup/connect6', P.CGROUP_SOCK_ADDR, A.CGROUP_INET6_CONNECT, SEC_ATTACHABLE),
  d('cgroup/connect_unix', P.CGROUP_SOCK_ADDR, A.CGROUP_UNIX_CONNECT, SEC_ATTACHABLE),
  d('cgroup/sendmsg4', P.CGROUP_SOCK_ADDR, A.CGROUP_UDP4_SENDMSG, SEC_ATTACHABLE),
  d('cgroup/sendmsg6', P.CGROUP_SOCK_ADDR, A.CGROUP_UDP6_SENDMSG, SEC_ATTACHABLE),
  d('cgroup/sendmsg_unix', P.CGROUP_SOCK_ADDR, A.CGROUP_UNIX_SENDMSG, SEC_ATTACHABLE),
  d('cgroup/recvmsg4', P.CGROUP_SOCK_ADDR, A.CGROUP_UDP4_RECVMSG, SEC_ATTACHABLE),
  d('cgroup/recvmsg6', P.CGROUP_SOCK_ADDR, A.CGROUP_UDP6_RECVMSG, SEC_ATTACHABLE),
  d('cgroup/recvmsg_unix', P.CGROUP_SOCK_ADDR, A.CGROUP_UNIX_RECVMSG, SEC_ATTACHABLE),
  d('cgroup/getpeername4', P.CGROUP_SOCK_ADDR, A.CGROUP_INET4_GETPEERNAME, SEC_ATTACHABLE),
  d('cgroup/getpeername6', P.CGROUP_SOCK_ADDR, A.CGROUP_INET6_GETPEERNAME, SEC_ATTACHABLE),
  d('cgroup/getpeername_unix', P.CGROUP_SOCK_ADDR, A.CGROUP_UNIX_GETPEERNAME, SEC_ATTACHABLE),
  d('cgroup/getsockname4', P.CGROUP_SOCK_ADDR, A.CGROUP_INET4_GETSOCKNAME, SEC_ATTACHABLE),
  d('cgroup/getsockname6', P.CGROUP_SOCK_ADDR, A.CGROUP_INET6_GETSOCKNAME, SEC_ATTACHABLE),
  d('cgroup/getsockname_unix', P.CGROUP_SOCK_ADDR, A.CGROUP_UNIX_GETSOCKNAME, SEC_ATTACHABLE),
  d('cgroup/sysctl', P.CGROUP_SYSCTL, A.CGROUP_SYSCTL, SEC_ATTACHABLE),
  d('cgroup/getsockopt', P.CGROUP_SOCKOPT, A.CGROUP_GETSOCKOPT, SEC_ATTACHABLE),
  d('cgroup/setsockopt', P.CGROUP_SOCKOPT, A.CGROUP_SETSOCKOPT, SEC_ATTACHABLE),
  d('cgroup/dev', P.CGROUP_DEVICE, A.CGROUP_DEVICE, SEC_ATTACHABLE_OPT),
  d('struct_ops+', P.STRUCT_OPS, 0, SEC_NONE),
  d('struct_ops.s+', P.STRUCT_OPS, 0, SEC_SLEEPABLE),
  d('sk_lookup', P.SK_LOOKUP, A.SK_LOOKUP, SEC_ATTACHABLE),
  d('netfilter', P.NETFILTER, A.NETFILTER, SEC_NONE),
];

/** libbpf sec_def_matches */
export function sectionDefMatches(def: SectionDef, name: string): boolean {
  const s = def.sec;
  if (s.endsWith('/')) return name.startsWith(s);
  if (s.endsWith('+')) {
    const p = s.slice(0, -1);
    return name.startsWith(p) && (name.length === p.length || name[p.length] === '/');
  }
  return name === s;
}

export interface SectionMatch {
  def: SectionDef;
  /** true when only libbpf < 1.0's plain-prefix rule matched (e.g. "socket/2", "kprobe/x" still matches strictly) */
  legacyPrefix: boolean;
  /** what follows the type and its '/' (kprobe/do_sys_open -> do_sys_open), '' if none */
  attachTo: string;
}

/** find the section definition for a SEC() name, or undefined (program type unknown) */
export function findSectionDef(name: string): SectionMatch | undefined {
  // SEC("?xdp"): autoload off, the type is the rest (libbpf bpf_object__init_prog drops the '?')
  if (name.startsWith('?')) name = name.slice(1);
  for (const def of SECTION_DEFS) {
    if (sectionDefMatches(def, name)) return { def, legacyPrefix: false, attachTo: attachTarget(def, name) };
  }
  // libbpf < 1.0 (SEC_SLOPPY_PFX): any name that starts with the type's name; longest pattern wins
  let best: SectionDef | undefined;
  for (const def of SECTION_DEFS) {
    const p = def.sec.replace(/[+/]$/, '');
    if (name.startsWith(p) && (!best || p.length > best.sec.replace(/[+/]$/, '').length)) best = def;
  }
  return best ? { def: best, legacyPrefix: true, attachTo: attachTarget(best, name) } : undefined;
}

function attachTarget(def: SectionDef, name: string): string {
  const p = def.sec.replace(/[+/]$/, '');
  const rest = name.slice(p.length);
  return rest.startsWith('/') ? rest.slice(1) : rest;
}
