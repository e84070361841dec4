/**
 * Return values: the range check_return_code (kernel/bpf/verifier.c) enforces at program exit,
 * and what a value means to the hook that ran the program.
 */
import { BPF_ATTACH_TYPE as AT, BPF_PROG_TYPE as PT } from './prog_types.js';

/** enum xdp_action */
export const XDP_ACTION = { XDP_ABORTED: 0, XDP_DROP: 1, XDP_PASS: 2, XDP_TX: 3, XDP_REDIRECT: 4 } as const;
/** include/uapi/linux/pkt_cls.h */
export const TC_ACT = {
  TC_ACT_UNSPEC: -1, TC_ACT_OK: 0, TC_ACT_RECLASSIFY: 1, TC_ACT_SHOT: 2, TC_ACT_PIPE: 3, TC_ACT_STOLEN: 4,
  TC_ACT_QUEUED: 5, TC_ACT_REPEAT: 6, TC_ACT_REDIRECT: 7, TC_ACT_TRAP: 8,
} as const;
/** enum sk_action */
export const SK_ACTION = { SK_DROP: 0, SK_PASS: 1 } as const;
/** enum bpf_ret_code (LWT, flow dissector) */
export const BPF_RET_CODE = { BPF_OK: 0, BPF_DROP: 2, BPF_REDIRECT: 7, BPF_LWT_REROUTE: 128, BPF_FLOW_DISSECTOR_CONTINUE: 129 } as const;

export interface ReturnRange {
  /** inclusive bounds on R0 (as a signed 32-bit value for LSM, else unsigned) */
  readonly min: number;
  readonly max: number;
  /** the range the verifier additionally enforces for the attach type (CGROUP_SKB egress) */
  readonly enforceAttach?: readonly [number, number];
}

/**
 * The allowed R0 range at exit, or null when any value is allowed (the kernel returns 0 from
 * check_return_code without checking). `attachType` is expected_attach_type.
 */
export function returnRange(progType: number, attachType = 0): ReturnRange | null {
  const def: ReturnRange = { min: 0, max: 1 };
  switch (progType) {
    case PT.CGROUP_SOCK_ADDR:
      if ([AT.CGROUP_UDP4_RECVMSG, AT.CGROUP_UDP6_RECVMSG, AT.CGROUP_UNIX_RECVMSG, AT.CGROUP_INET4_GETPEERNAME, AT.CGROUP_INET6_GETPEERNAME,
        AT.CGROUP_UNIX_GETPEERNAME, AT.CGROUP_INET4_GETSOCKNAME, AT.CGROUP_INET6_GETSOCKNAME, AT.CGROUP_UNIX_GETSOCKNAME].includes(attachType as never)) return { min: 1, max: 1 };
      if (attachType === AT.CGROUP_INET4_BIND || attachType === AT.CGROUP_INET6_BIND) return { min: 0, max: 3 };
      return def;
    case PT.CGROUP_SKB:
      if (attachType === AT.CGROUP_INET_EGRESS) return { min: 0, max: 3, enforceAttach: [2, 3] };
      return def;
    case PT.CGROUP_SOCK:
    case PT.SOCK_OPS:
    case PT.CGROUP_DEVICE:
    case PT.CGROUP_SYSCTL:
    case PT.CGROUP_SOCKOPT:
      return def;
    case PT.RAW_TRACEPOINT:
      return attachType ? { min: 0, max: 0 } : null;
    case PT.TRACING:
      if (attachType === AT.TRACE_FENTRY || attachType === AT.TRACE_FEXIT) return { min: 0, max: 0 };
      if (attachType === AT.TRACE_ITER) return def;
      return null;
    case PT.KPROBE:
      return attachType === AT.TRACE_KPROBE_SESSION ? def : null;
    case PT.SK_LOOKUP:
      return { min: SK_ACTION.SK_DROP, max: SK_ACTION.SK_PASS };
    case PT.NETFILTER:
      return { min: 0, max: 1 };
    default:
      return null;
  }
}

const nameOf = (table: Record<string, number>, v: number): string | undefined => {
  for (const [k, x] of Object.entries(table)) if (x === v) return k;
  return undefined;
};

/** what a return value means for the program type, in the kernel's names ("XDP_PASS", "TC_ACT_SHOT", "keep 64 bytes") */
export function retvalMeaning(progType: number, r0: bigint | number, packetLen?: number): string {
  const v32 = Number(BigInt.asIntN(32, BigInt(r0)));
  const u32 = v32 >>> 0;
  switch (progType) {
    case PT.XDP:
      return nameOf(XDP_ACTION, u32) ?? `invalid XDP action ${u32} (treated as XDP_ABORTED)`;
    case PT.SCHED_CLS:
    case PT.SCHED_ACT:
      return nameOf(TC_ACT, v32) ?? `unknown tc action ${v32} (treated as TC_ACT_OK)`;
    case PT.SOCKET_FILTER:
    case PT.UNSPEC:
      if (u32 === 0) return 'drop (keep 0 bytes)';
      if (packetLen !== undefined && u32 >= packetLen) return `accept whole packet (${packetLen} bytes)`;
      return `keep ${u32} bytes`;
    case PT.CGROUP_SKB:
      return `${u32 & 1 ? 'allow' : 'drop'}${u32 & 2 ? ', congestion notification' : ''}`;
    case PT.SK_SKB:
    case PT.SK_MSG:
    case PT.SK_LOOKUP:
    case PT.SK_REUSEPORT:
      return nameOf(SK_ACTION, u32) ?? `invalid sk action ${u32}`;
    case PT.LWT_IN:
    case PT.LWT_OUT:
    case PT.LWT_XMIT:
    case PT.LWT_SEG6LOCAL:
    case PT.FLOW_DISSECTOR:
      return nameOf(BPF_RET_CODE, u32) ?? `unknown return code ${u32}`;
    case PT.CGROUP_SOCK:
    case PT.CGROUP_SOCK_ADDR:
    case PT.CGROUP_DEVICE:
    case PT.CGROUP_SYSCTL:
    case PT.CGROUP_SOCKOPT:
      return u32 & 1 ? 'allow' : 'reject (EPERM)';
    case PT.KPROBE:
    case PT.TRACEPOINT:
    case PT.PERF_EVENT:
    case PT.RAW_TRACEPOINT:
      return u32 ? 'record the event' : 'filter the event out';
    default:
      return `${BigInt.asUintN(64, BigInt(r0))}`;
  }
}
