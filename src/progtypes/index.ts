/**
 * Program types: per type, the context layout, context access rules, allowed helpers, return
 * range and return-value meanings, plus libbpf's section-name table and test-run contexts.
 */
import type { HelperProto } from '../helpers/prototypes.js';
import { type AccessOpts, type CtxAccess, IS_VALID_ACCESS } from './access.js';
import {
  BPF_SK_LOOKUP, BPF_SOCK, BPF_SOCK_ADDR, BPF_SOCK_OPS, BPF_SOCKOPT, BPF_SYSCTL, CGROUP_DEV_CTX, type CtxLayout,
  PERF_EVENT_DATA, PT_REGS, SK_BUFF, SK_MSG_MD, SK_REUSEPORT_MD, XDP_MD,
} from './ctx_layouts.js';
import { type FuncProtoOpts, GET_FUNC_PROTO } from './func_proto.js';
import { BPF_PROG_TYPE as PT, progTypeName } from './prog_types.js';
import { type ReturnRange, returnRange, retvalMeaning } from './retval.js';

export * from './prog_types.js';
export * from './ctx_layouts.js';
export * from './access.js';
export * from './func_proto.js';
export * from './retval.js';
export * from './sections.js';
export { parseTracepointFormat, tracepointRecord, ptRegs, traceContext, type TpField, type TpFormat, type TraceValue, type TraceContext, type TraceInput } from './trace_ctx.js';
export * from './test_run.js';

export interface ProgTypeInfo {
  readonly type: number;
  /** "BPF_PROG_TYPE_XDP" */
  readonly name: string;
  /** the context as the program sees it; undefined where the caller describes it (tracepoint records, syscall) */
  readonly ctx?: CtxLayout;
  /** is_valid_access */
  isValidAccess(off: number, size: number, write: boolean, opts?: AccessOpts): CtxAccess;
  /** get_func_proto: the prototype this program type gets for helper `id`, or undefined ("unknown func") */
  getFuncProto(id: number, opts?: FuncProtoOpts): HelperProto | undefined;
  /** check_return_code: allowed R0 range, or null for any */
  returnRange(attachType?: number): ReturnRange | null;
  retvalMeaning(r0: bigint | number, packetLen?: number): string;
  /** has direct packet access (data/data_end in its context) */
  readonly packet: boolean;
  /**
   * may_access_direct_pkt_data (kernel/bpf/verifier.c): 'write' where programs may store through
   * packet pointers, 'read' where they may only load, 'none' where they have no packet pointers
   */
  readonly directPacketAccess: 'none' | 'read' | 'write';
  /** bpf_prog_load lets unprivileged users load this type (SOCKET_FILTER, CGROUP_SKB) */
  readonly unprivOk: boolean;
}

const CTX: Record<number, CtxLayout | undefined> = {
  [PT.UNSPEC]: SK_BUFF, [PT.SOCKET_FILTER]: SK_BUFF, [PT.SCHED_CLS]: SK_BUFF, [PT.SCHED_ACT]: SK_BUFF,
  [PT.CGROUP_SKB]: SK_BUFF, [PT.LWT_IN]: SK_BUFF, [PT.LWT_OUT]: SK_BUFF, [PT.LWT_XMIT]: SK_BUFF,
  [PT.LWT_SEG6LOCAL]: SK_BUFF, [PT.SK_SKB]: SK_BUFF, [PT.FLOW_DISSECTOR]: SK_BUFF, [PT.XDP]: XDP_MD,
  [PT.KPROBE]: PT_REGS, [PT.PERF_EVENT]: PERF_EVENT_DATA, [PT.CGROUP_SOCK]: BPF_SOCK,
  [PT.CGROUP_SOCK_ADDR]: BPF_SOCK_ADDR, [PT.SOCK_OPS]: BPF_SOCK_OPS, [PT.SK_MSG]: SK_MSG_MD,
  [PT.SK_LOOKUP]: BPF_SK_LOOKUP, [PT.SK_REUSEPORT]: SK_REUSEPORT_MD, [PT.CGROUP_DEVICE]: CGROUP_DEV_CTX,
  [PT.CGROUP_SYSCTL]: BPF_SYSCTL, [PT.CGROUP_SOCKOPT]: BPF_SOCKOPT,
};

const PACKET = new Set<number>([PT.SCHED_CLS, PT.SCHED_ACT, PT.XDP, PT.CGROUP_SKB, PT.LWT_IN, PT.LWT_OUT, PT.LWT_XMIT,
  PT.LWT_SEG6LOCAL, PT.SK_SKB, PT.SK_MSG, PT.FLOW_DISSECTOR, PT.SK_REUSEPORT, PT.SOCK_OPS, PT.CGROUP_SOCKOPT]);

const PKT_WRITE = new Set<number>([PT.SCHED_CLS, PT.SCHED_ACT, PT.XDP, PT.LWT_XMIT, PT.SK_SKB, PT.SK_MSG, PT.CGROUP_SOCKOPT]);
const PKT_READ = new Set<number>([PT.LWT_IN, PT.LWT_OUT, PT.LWT_SEG6LOCAL, PT.SK_REUSEPORT, PT.FLOW_DISSECTOR, PT.CGROUP_SKB, PT.SOCK_OPS]);

const cache = new Map<number, ProgTypeInfo>();

/** the description of program type `t` (enum bpf_prog_type), or undefined if tsbpf has none */
export function progTypeInfo(t: number): ProgTypeInfo | undefined {
  const hit = cache.get(t);
  if (hit) return hit;
  const access = IS_VALID_ACCESS[t];
  const funcs = GET_FUNC_PROTO[t];
  if (!access || !funcs) return undefined;
  const ctx = CTX[t];
  const info: ProgTypeInfo = {
    type: t,
    name: t === PT.UNSPEC ? progTypeName(PT.SOCKET_FILTER) : progTypeName(t),
    ...(ctx ? { ctx } : {}),
    isValidAccess: access,
    getFuncProto: (id, o = {}) => funcs(id, o),
    returnRange: (a = 0) => returnRange(t, a),
    retvalMeaning: (r0, len) => retvalMeaning(t, r0, len),
    packet: PACKET.has(t),
    directPacketAccess: PKT_WRITE.has(t) ? 'write' : PKT_READ.has(t) ? 'read' : 'none',
    unprivOk: t === PT.SOCKET_FILTER || t === PT.CGROUP_SKB || t === PT.UNSPEC,
  };
  cache.set(t, info);
  return info;
}
