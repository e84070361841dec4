/**
 * Context access rules: the kernel's *_is_valid_access functions (net/core/filter.c,
 * kernel/trace/bpf_trace.c, kernel/bpf/cgroup.c, kernel/bpf/syscall.c), one per program type,
 * returning the same verdict and what the loaded register becomes (info->reg_type) and, for
 * narrow loads, the real field size (bpf_ctx_record_field_size).
 *
 * `off` is the full offset of the access from the start of the context (register offset plus
 * instruction offset), `size` is 1, 2, 4 or 8; the verifier has already checked size > 0.
 */
import {
  BPF_SK_LOOKUP, BPF_SOCK, BPF_SOCK_ADDR, BPF_SOCK_OPS, BPF_SOCKOPT, BPF_SYSCTL, CGROUP_DEV_CTX, type CtxLayout,
  PERF_EVENT_DATA, PT_REGS, SK_BUFF, SK_MSG_MD, SK_REUSEPORT_MD, XDP_MD, fieldAt,
} from './ctx_layouts.js';
import { BPF_ATTACH_TYPE as AT, BPF_PROG_TYPE as PT } from './prog_types.js';

/** what a successful context load produces (enum bpf_reg_type names) */
export type CtxRegType =
  | 'SCALAR_VALUE'
  | 'PTR_TO_PACKET'
  | 'PTR_TO_PACKET_META'
  | 'PTR_TO_PACKET_END'
  | 'PTR_TO_SOCKET'
  | 'PTR_TO_SOCKET_OR_NULL'
  | 'PTR_TO_SOCK_COMMON_OR_NULL'
  | 'PTR_TO_FLOW_KEYS'
  | 'PTR_TO_TP_BUFFER';

export interface CtxAccess {
  readonly ok: boolean;
  /** the type of the loaded value (reads only) */
  readonly regType: CtxRegType;
  /** the real size of the field a narrow load reads from (bpf_ctx_record_field_size), else the access size */
  readonly fieldSize: number;
  /** the field name at `off`, for messages */
  readonly field?: string;
}

export interface AccessOpts {
  /** expected_attach_type of the program (BPF_PROG_LOAD attr) */
  attachType?: number;
  /** bpf_capable(): CAP_BPF or CAP_SYS_ADMIN; default true */
  privileged?: boolean;
  /** XDP program offloaded to a device (bpf_prog_is_dev_bound) */
  devBound?: boolean;
}

export type IsValidAccess = (off: number, size: number, write: boolean, opts?: AccessOpts) => CtxAccess;

// ---- small tools mirroring the kernel's macros ------------------------------------------------

interface Info {
  regType: CtxRegType;
  fieldSize: number;
}

/** bpf_ctx_narrow_access_ok: a power-of-two load no wider than the field */
function narrowOk(_off: number, size: number, sizeDefault: number): boolean {
  return size <= sizeDefault && (size & (size - 1)) === 0;
}

/** [start, end) of a field, or of fields `from` ..= `till` (bpf_ctx_range / bpf_ctx_range_till) */
function rng(l: CtxLayout, from: string, till: string = from): [number, number] {
  const a = l.fields.find((f) => f.name === from);
  const b = l.fields.find((f) => f.name === till);
  if (!a || !b) throw new Error(`internal: ${l.name}.${from}..${till}`);
  return [a.off, b.off + b.size];
}
const inR = (off: number, r: [number, number]): boolean => off >= r[0] && off < r[1];
const at = (l: CtxLayout, name: string): number => rng(l, name)[0];

function result(ok: boolean, l: CtxLayout, off: number, size: number, info: Info): CtxAccess {
  const f = fieldAt(l, off);
  return {
    ok,
    regType: info.regType,
    fieldSize: ok ? info.fieldSize : size,
    ...(f ? { field: f.name } : {}),
  };
}

function wrap(l: CtxLayout, fn: (off: number, size: number, write: boolean, o: AccessOpts, info: Info) => boolean): IsValidAccess {
  return (off, size, write, opts = {}) => {
    const info: Info = { regType: 'SCALAR_VALUE', fieldSize: size };
    const ok = fn(off, size, write, opts, info);
    return result(ok, l, off, size, info);
  };
}

// ---- __sk_buff family -------------------------------------------------------------------------

const S = SK_BUFF;
const SKB_CB = rng(S, 'cb[0]', 'cb[4]');
const SKB_FAMILY_TO_LOCAL_PORT = rng(S, 'family', 'local_port');
const SKB_REMOTE_IP6 = rng(S, 'remote_ip6[0]', 'remote_ip6[3]');
const SKB_LOCAL_IP6 = rng(S, 'local_ip6[0]', 'local_ip6[3]');
const r = (n: string): [number, number] => rng(S, n);

/** bpf_skb_is_valid_access */
function skbValid(off: number, size: number, write: boolean, info: Info): boolean {
  const sizeDefault = 4;
  if (off < 0 || off >= S.size) return false;
  if (off % size !== 0) return false;
  if (inR(off, SKB_CB)) {
    if (off + size > SKB_CB[1]) return false;
    return true;
  }
  if (inR(off, SKB_REMOTE_IP6) || inR(off, SKB_LOCAL_IP6) || inR(off, r('remote_ip4')) || inR(off, r('local_ip4')) ||
      inR(off, r('data')) || inR(off, r('data_meta')) || inR(off, r('data_end'))) {
    return size === sizeDefault;
  }
  if (inR(off, r('flow_keys'))) return false;
  if (inR(off, r('hwtstamp'))) return !write && size === 8;
  if (inR(off, r('tstamp'))) return size === 8;
  if (off === at(S, 'sk')) {
    if (write || size !== 8) return false;
    info.regType = 'PTR_TO_SOCK_COMMON_OR_NULL';
    return true;
  }
  if (off === at(S, 'tstamp_type')) return false;
  // padding after tstamp_type, and the rest of the sk pointer
  if (off > at(S, 'tstamp_type') && off < at(S, 'hwtstamp')) return false;
  if (off > at(S, 'sk') && off < at(S, 'sk') + 8) return false;
  // "Only narrow read access allowed for now."
  if (write) return size === sizeDefault;
  info.fieldSize = sizeDefault;
  return narrowOk(off, size, sizeDefault);
}

/** sk_filter_is_valid_access (SOCKET_FILTER) */
const skFilter = wrap(S, (off, size, write, _o, info) => {
  if (inR(off, r('tc_classid')) || inR(off, r('data')) || inR(off, r('data_meta')) || inR(off, r('data_end')) ||
      inR(off, SKB_FAMILY_TO_LOCAL_PORT) || inR(off, r('tstamp')) || inR(off, r('wire_len')) || inR(off, r('hwtstamp'))) return false;
  if (write && !inR(off, SKB_CB)) return false;
  return skbValid(off, size, write, info);
});

/** tc_cls_act_is_valid_access (SCHED_CLS, SCHED_ACT) */
const tcClsAct = wrap(S, (off, size, write, _o, info) => {
  if (write) {
    if (!(inR(off, r('mark')) || inR(off, r('tc_index')) || inR(off, r('priority')) || inR(off, r('tc_classid')) ||
          inR(off, SKB_CB) || inR(off, r('tstamp')) || inR(off, r('queue_mapping')))) return false;
  }
  if (inR(off, r('data'))) info.regType = 'PTR_TO_PACKET';
  else if (inR(off, r('data_meta'))) info.regType = 'PTR_TO_PACKET_META';
  else if (inR(off, r('data_end'))) info.regType = 'PTR_TO_PACKET_END';
  else if (inR(off, SKB_FAMILY_TO_LOCAL_PORT)) return false;
  else if (off === at(S, 'tstamp_type')) return size === 1;
  return skbValid(off, size, write, info);
});

/** cg_skb_is_valid_access (CGROUP_SKB) */
const cgSkb = wrap(S, (off, size, write, o, info) => {
  const capable = o.privileged ?? true;
  if (inR(off, r('tc_classid')) || inR(off, r('data_meta')) || inR(off, r('wire_len'))) return false;
  if ((inR(off, r('data')) || inR(off, r('data_end'))) && !capable) return false;
  if (write) {
    if (inR(off, r('mark')) || inR(off, r('priority')) || inR(off, SKB_CB)) { /* ok */ }
    else if (inR(off, r('tstamp'))) { if (!capable) return false; }
    else return false;
  }
  if (inR(off, r('data'))) info.regType = 'PTR_TO_PACKET';
  else if (inR(off, r('data_end'))) info.regType = 'PTR_TO_PACKET_END';
  return skbValid(off, size, write, info);
});

/** lwt_is_valid_access (LWT_IN, LWT_OUT, LWT_XMIT, LWT_SEG6LOCAL) */
const lwt = wrap(S, (off, size, write, _o, info) => {
  if (inR(off, r('tc_classid')) || inR(off, SKB_FAMILY_TO_LOCAL_PORT) || inR(off, r('data_meta')) || inR(off, r('tstamp')) ||
      inR(off, r('wire_len')) || inR(off, r('hwtstamp'))) return false;
  if (write && !(inR(off, r('mark')) || inR(off, r('priority')) || inR(off, SKB_CB))) return false;
  if (inR(off, r('data'))) info.regType = 'PTR_TO_PACKET';
  else if (inR(off, r('data_end'))) info.regType = 'PTR_TO_PACKET_END';
  return skbValid(off, size, write, info);
});

/** sk_skb_is_valid_access (SK_SKB) */
const skSkb = wrap(S, (off, size, write, _o, info) => {
  if (inR(off, r('tc_classid')) || inR(off, r('data_meta')) || inR(off, r('tstamp')) || inR(off, r('wire_len')) || inR(off, r('hwtstamp'))) return false;
  if (write && !(inR(off, r('tc_index')) || inR(off, r('priority')))) return false;
  if (inR(off, r('mark'))) return false;
  if (inR(off, r('data'))) info.regType = 'PTR_TO_PACKET';
  else if (inR(off, r('data_end'))) info.regType = 'PTR_TO_PACKET_END';
  return skbValid(off, size, write, info);
});

/** flow_dissector_is_valid_access */
const flowDissector = wrap(S, (off, size, write, _o, info) => {
  if (off < 0 || off >= S.size) return false;
  if (write) return false;
  // whole, aligned loads only (the kernel refuses the others when it converts the access)
  if (inR(off, r('data'))) { if (size !== 4 || off % size) return false; info.regType = 'PTR_TO_PACKET'; return true; }
  if (inR(off, r('data_end'))) { if (size !== 4 || off % size) return false; info.regType = 'PTR_TO_PACKET_END'; return true; }
  if (inR(off, r('flow_keys'))) { if (size !== 8 || off % size) return false; info.regType = 'PTR_TO_FLOW_KEYS'; return true; }
  return false;
});

// ---- XDP --------------------------------------------------------------------------------------

/** xdp_is_valid_access */
const xdp = wrap(XDP_MD, (off, size, write, o, info) => {
  const plain = (): boolean => off >= 0 && off < XDP_MD.size && off % size === 0 && size === 4;
  if (o.attachType !== AT.XDP_DEVMAP && off === at(XDP_MD, 'egress_ifindex')) return false;
  if (write) {
    if (o.devBound && off === at(XDP_MD, 'rx_queue_index')) return plain();
    return false;
  }
  if (off === at(XDP_MD, 'data')) info.regType = 'PTR_TO_PACKET';
  else if (off === at(XDP_MD, 'data_meta')) info.regType = 'PTR_TO_PACKET_META';
  else if (off === at(XDP_MD, 'data_end')) info.regType = 'PTR_TO_PACKET_END';
  return plain();
});

// ---- tracing (kernel/trace/bpf_trace.c) -------------------------------------------------------

/** kprobe_prog_is_valid_access: any aligned read inside pt_regs */
const kprobe = wrap(PT_REGS, (off, size, write) => {
  if (off < 0 || off >= PT_REGS.size) return false;
  if (write) return false;
  if (off % size !== 0) return false;
  return off + size <= PT_REGS.size;
});

/** PERF_MAX_TRACE_SIZE */
export const PERF_MAX_TRACE_SIZE = 8192;
/** MAX_BPF_FUNC_ARGS */
export const MAX_BPF_FUNC_ARGS = 12;

const TRACE_RECORD: CtxLayout = Object.freeze({ name: 'trace_event_raw', size: PERF_MAX_TRACE_SIZE, fields: [] });
const RAW_TP_ARGS: CtxLayout = Object.freeze({ name: 'bpf_raw_tracepoint_args', size: 8 * MAX_BPF_FUNC_ARGS, fields: [] });

/**
 * tp_prog_is_valid_access: the first 8 bytes (common fields / pt_regs pointer) are off limits.
 * The kernel compares `off < sizeof(void *)` unsigned, so negative offsets pass that test and
 * are accepted (checked against Linux 6.18); tsbpf gives the same verdict.
 */
const tracepoint = wrap(TRACE_RECORD, (off, size, write) => {
  if ((off >= 0 && off < 8) || off >= PERF_MAX_TRACE_SIZE) return false;
  if (write) return false;
  return off % size === 0;
});

/** raw_tp_prog_is_valid_access → bpf_tracing_ctx_access: u64 args[12] */
const rawTp = wrap(RAW_TP_ARGS, (off, size, write) => {
  if (off < 0 || off >= 8 * MAX_BPF_FUNC_ARGS) return false;
  if (write) return false;
  return off % size === 0;
});

/** raw_tp_writable_prog_is_valid_access: args[0] is the writable tracepoint buffer */
const rawTpWritable = wrap(RAW_TP_ARGS, (off, size, write, _o, info) => {
  if (off === 0) {
    if (size !== 8 || write) return false;
    info.regType = 'PTR_TO_TP_BUFFER';
  }
  if (off < 0 || off >= 8 * MAX_BPF_FUNC_ARGS) return false;
  if (write) return false;
  return off % size === 0;
});

/** pe_prog_is_valid_access (PERF_EVENT) */
const perfEvent = wrap(PERF_EVENT_DATA, (off, size, write, _o, info) => {
  if (off < 0 || off >= PERF_EVENT_DATA.size) return false;
  if (write) return false;
  if (off % size !== 0) return false; // 64-bit kernel: no 4-byte-offset 8-byte loads
  // sample_period and addr allow narrow loads anywhere inside them (bpf_ctx_range)
  if (off >= 168 && off < 184) {
    info.fieldSize = 8;
    return narrowOk(off, size, 8);
  }
  return size === 8;
});

// ---- cgroup and socket programs ---------------------------------------------------------------

/** bpf_sock_is_valid_access */
function bpfSockValid(off: number, size: number, info: Info): boolean {
  const B = BPF_SOCK;
  if (off < 0 || off >= B.size) return false;
  if (off % size !== 0) return false;
  const narrow = [at(B, 'state'), at(B, 'family'), at(B, 'type'), at(B, 'protocol'), at(B, 'src_port'), at(B, 'rx_queue_mapping')];
  if (narrow.includes(off) || inR(off, rng(B, 'src_ip4')) || inR(off, rng(B, 'src_ip6[0]', 'src_ip6[3]')) ||
      inR(off, rng(B, 'dst_ip4')) || inR(off, rng(B, 'dst_ip6[0]', 'dst_ip6[3]'))) {
    info.fieldSize = 4;
    return narrowOk(off, size, 4);
  }
  if (inR(off, [48, 50])) {
    const fs = size === 4 ? 4 : 2;
    info.fieldSize = fs;
    return narrowOk(off, size, fs);
  }
  if (off >= 50 && off < 52) return false;
  return size === 4;
}

/** sock_filter_is_valid_access (CGROUP_SOCK) with __sock_filter_check_attach_type */
const cgSock = wrap(BPF_SOCK, (off, size, write, o, info) => {
  if (!bpfSockValid(off, size, info)) return false;
  const B = BPF_SOCK;
  // bpf_prog_load_fixup_attach_type: CGROUP_SOCK programs loaded without an attach type get SOCK_CREATE
  const a = o.attachType || AT.CGROUP_INET_SOCK_CREATE;
  if (off === at(B, 'bound_dev_if') || off === at(B, 'mark') || off === at(B, 'priority')) {
    return a === AT.CGROUP_INET_SOCK_CREATE || a === AT.CGROUP_INET_SOCK_RELEASE;
  }
  if (inR(off, rng(B, 'src_ip4'))) { if (a !== AT.CGROUP_INET4_POST_BIND) return false; }
  else if (inR(off, rng(B, 'src_ip6[0]', 'src_ip6[3]'))) { if (a !== AT.CGROUP_INET6_POST_BIND) return false; }
  else if (inR(off, rng(B, 'src_port'))) { if (a !== AT.CGROUP_INET4_POST_BIND && a !== AT.CGROUP_INET6_POST_BIND) return false; }
  return !write;
});

/** bpf_ctx_wide_access_ok */
function wideOk(off: number, size: number, range: [number, number]): boolean {
  return size === 8 && off >= range[0] && off + 8 <= range[1] && off % 8 === 0;
}

/** sock_addr_is_valid_access (CGROUP_SOCK_ADDR) */
const sockAddr = wrap(BPF_SOCK_ADDR, (off, size, write, o, info) => {
  const A = BPF_SOCK_ADDR;
  if (off < 0 || off >= A.size) return false;
  if (off % size !== 0) return false;
  const a = o.attachType ?? -1;
  const ip4 = rng(A, 'user_ip4');
  const ip6 = rng(A, 'user_ip6[0]', 'user_ip6[3]');
  const msrc4 = rng(A, 'msg_src_ip4');
  const msrc6 = rng(A, 'msg_src_ip6[0]', 'msg_src_ip6[3]');
  if (inR(off, ip4) && ![AT.CGROUP_INET4_BIND, AT.CGROUP_INET4_CONNECT, AT.CGROUP_INET4_GETPEERNAME, AT.CGROUP_INET4_GETSOCKNAME, AT.CGROUP_UDP4_SENDMSG, AT.CGROUP_UDP4_RECVMSG].includes(a as never)) return false;
  if (inR(off, ip6) && ![AT.CGROUP_INET6_BIND, AT.CGROUP_INET6_CONNECT, AT.CGROUP_INET6_GETPEERNAME, AT.CGROUP_INET6_GETSOCKNAME, AT.CGROUP_UDP6_SENDMSG, AT.CGROUP_UDP6_RECVMSG].includes(a as never)) return false;
  if (inR(off, msrc4) && a !== AT.CGROUP_UDP4_SENDMSG) return false;
  if (inR(off, msrc6) && a !== AT.CGROUP_UDP6_SENDMSG) return false;
  if (inR(off, ip4) || inR(off, ip6) || inR(off, msrc4) || inR(off, msrc6) || inR(off, rng(A, 'user_port'))) {
    if (wideOk(off, size, ip6) || wideOk(off, size, msrc6)) return true;
    if (!write) {
      info.fieldSize = 4;
      return narrowOk(off, size, 4);
    }
    return size === 4;
  }
  if (off === at(A, 'sk')) {
    if (write || size !== 8) return false;
    info.regType = 'PTR_TO_SOCKET';
    return true;
  }
  // the padding before sk and the upper half of sk are not fields
  if (off >= 60) return false;
  return !write && size === 4;
});

/** sock_ops_is_valid_access (SOCK_OPS) */
const sockOps = wrap(BPF_SOCK_OPS, (off, size, write, _o, info) => {
  const O = BPF_SOCK_OPS;
  if (off < 0 || off >= O.size) return false;
  if (off % size !== 0) return false;
  if (write) {
    if (off === at(O, 'args[0]') /* reply */ || off === at(O, 'sk_txhash')) return size === 4;
    return false;
  }
  if (inR(off, rng(O, 'bytes_received', 'bytes_acked'))) return size === 8;
  if (off === at(O, 'sk')) { if (size !== 8) return false; info.regType = 'PTR_TO_SOCKET_OR_NULL'; return true; }
  if (off === at(O, 'skb_data')) { if (size !== 8) return false; info.regType = 'PTR_TO_PACKET'; return true; }
  if (off === at(O, 'skb_data_end')) { if (size !== 8) return false; info.regType = 'PTR_TO_PACKET_END'; return true; }
  if (off === at(O, 'skb_tcp_flags')) { info.fieldSize = 4; return narrowOk(off, size, 4); }
  if (off === at(O, 'skb_hwtstamp')) return size === 8;
  // the upper halves of the 8-byte fields
  if (off > at(O, 'sk') && (off - at(O, 'sk')) % 8 !== 0) return false;
  return size === 4;
});

/** sk_msg_is_valid_access (SK_MSG) */
const skMsg = wrap(SK_MSG_MD, (off, size, write, _o, info) => {
  const M = SK_MSG_MD;
  if (write) return false;
  if (off % size !== 0) return false;
  if (off === at(M, 'data')) { info.regType = 'PTR_TO_PACKET'; return size === 8; }
  if (off === at(M, 'data_end')) { info.regType = 'PTR_TO_PACKET_END'; return size === 8; }
  if (off === at(M, 'sk')) { if (size !== 8) return false; info.regType = 'PTR_TO_SOCKET'; return true; }
  if (off >= at(M, 'family') && off < at(M, 'size') + 4) return size === 4;
  return false;
});

/** sk_lookup_is_valid_access (SK_LOOKUP) */
const skLookup = wrap(BPF_SK_LOOKUP, (off, size, write, _o, info) => {
  const L = BPF_SK_LOOKUP;
  if (off < 0 || off >= L.size) return false;
  if (off % size !== 0) return false;
  if (write) return false;
  if (off === 0) { info.regType = 'PTR_TO_SOCKET_OR_NULL'; return size === 8; }
  if (inR(off, rng(L, 'family')) || inR(off, rng(L, 'protocol')) || inR(off, rng(L, 'remote_ip4')) || inR(off, rng(L, 'local_ip4')) ||
      inR(off, rng(L, 'remote_ip6[0]', 'remote_ip6[3]')) || inR(off, rng(L, 'local_ip6[0]', 'local_ip6[3]')) ||
      inR(off, rng(L, 'local_port')) || inR(off, rng(L, 'ingress_ifindex'))) {
    info.fieldSize = 4;
    return narrowOk(off, size, 4);
  }
  if (inR(off, rng(L, 'remote_port'))) {
    if (size === 4) return true; // 4-byte access to the 2-byte field, for backward compatibility
    info.fieldSize = 2;
    return narrowOk(off, size, 2);
  }
  if (off >= 38 && off < 40) { info.fieldSize = 2; return narrowOk(off, size, 2); }
  return false;
});

/** sk_reuseport_is_valid_access (SK_REUSEPORT) */
const skReuseport = wrap(SK_REUSEPORT_MD, (off, size, write, _o, info) => {
  const R = SK_REUSEPORT_MD;
  if (off < 0 || off >= R.size || off % size !== 0 || write) return false;
  if (off === at(R, 'data')) { info.regType = 'PTR_TO_PACKET'; return size === 8; }
  if (off === at(R, 'data_end')) { info.regType = 'PTR_TO_PACKET_END'; return size === 8; }
  if (off === at(R, 'hash')) return size === 4;
  if (off === at(R, 'sk')) { info.regType = 'PTR_TO_SOCKET'; return size === 8; }
  if (off === at(R, 'migrating_sk')) { info.regType = 'PTR_TO_SOCK_COMMON_OR_NULL'; return size === 8; }
  if (inR(off, rng(R, 'eth_protocol'))) { if (size < 2) return false; info.fieldSize = 4; return narrowOk(off, size, 4); }
  if (inR(off, rng(R, 'ip_protocol')) || inR(off, rng(R, 'bind_inany')) || inR(off, rng(R, 'len'))) { info.fieldSize = 4; return narrowOk(off, size, 4); }
  return false;
});

/** cgroup_dev_is_valid_access (CGROUP_DEVICE) */
const cgDevice = wrap(CGROUP_DEV_CTX, (off, size, write, _o, info) => {
  if (write) return false;
  if (off < 0 || off + size > CGROUP_DEV_CTX.size) return false;
  if (off % size !== 0) return false;
  if (off < 4) { info.fieldSize = 4; return narrowOk(off, size, 4); }
  return size === 4;
});

/** sysctl_is_valid_access (CGROUP_SYSCTL) */
const cgSysctl = wrap(BPF_SYSCTL, (off, size, write, _o, info) => {
  if (off < 0 || off + size > BPF_SYSCTL.size || off % size !== 0) return false;
  if (off < 4) { if (write) return false; info.fieldSize = 4; return narrowOk(off, size, 4); }
  if (!write) { info.fieldSize = 4; return narrowOk(off, size, 4); }
  return size === 4;
});

/** cg_sockopt_is_valid_access (CGROUP_SOCKOPT) */
const cgSockopt = wrap(BPF_SOCKOPT, (off, size, write, o, info) => {
  const O = BPF_SOCKOPT;
  if (off < 0 || off >= O.size || off % size !== 0) return false;
  const a = o.attachType;
  if (write) {
    if (off === at(O, 'retval')) return size === 4 && a === AT.CGROUP_GETSOCKOPT;
    if (off === at(O, 'optname') || off === at(O, 'level')) return size === 4 && a === AT.CGROUP_SETSOCKOPT;
    if (off === at(O, 'optlen')) return size === 4;
    return false;
  }
  if (off === at(O, 'sk')) { if (size !== 8) return false; info.regType = 'PTR_TO_SOCKET'; return true; }
  if (off === at(O, 'optval')) { if (size !== 8) return false; info.regType = 'PTR_TO_PACKET'; return true; }
  if (off === at(O, 'optval_end')) { if (size !== 8) return false; info.regType = 'PTR_TO_PACKET_END'; return true; }
  if (off === at(O, 'retval')) return size === 4 && a === AT.CGROUP_GETSOCKOPT;
  // the upper halves of sk, optval and optval_end
  if (off < at(O, 'level')) return false;
  return size === 4;
});

/** syscall_prog_is_valid_access (SYSCALL): the context is caller memory, up to U16_MAX bytes */
const SYSCALL_CTX: CtxLayout = Object.freeze({ name: 'syscall ctx', size: 65535, fields: [] });
const syscall = wrap(SYSCALL_CTX, (off, size) => off >= 0 && off < 65535 && off % size === 0);

/** the context access check of each program type (bpf_verifier_ops.is_valid_access) */
export const IS_VALID_ACCESS: Readonly<Record<number, IsValidAccess>> = {
  [PT.UNSPEC]: skFilter,
  [PT.SOCKET_FILTER]: skFilter,
  [PT.KPROBE]: kprobe,
  [PT.SCHED_CLS]: tcClsAct,
  [PT.SCHED_ACT]: tcClsAct,
  [PT.TRACEPOINT]: tracepoint,
  [PT.XDP]: xdp,
  [PT.PERF_EVENT]: perfEvent,
  [PT.CGROUP_SKB]: cgSkb,
  [PT.CGROUP_SOCK]: cgSock,
  [PT.LWT_IN]: lwt,
  [PT.LWT_OUT]: lwt,
  [PT.LWT_XMIT]: lwt,
  [PT.LWT_SEG6LOCAL]: lwt,
  [PT.SOCK_OPS]: sockOps,
  [PT.SK_SKB]: skSkb,
  [PT.CGROUP_DEVICE]: cgDevice,
  [PT.SK_MSG]: skMsg,
  [PT.RAW_TRACEPOINT]: rawTp,
  [PT.RAW_TRACEPOINT_WRITABLE]: rawTpWritable,
  [PT.CGROUP_SOCK_ADDR]: sockAddr,
  [PT.SK_REUSEPORT]: skReuseport,
  [PT.FLOW_DISSECTOR]: flowDissector,
  [PT.CGROUP_SYSCTL]: cgSysctl,
  [PT.CGROUP_SOCKOPT]: cgSockopt,
  [PT.TRACING]: rawTp,
  [PT.LSM]: rawTp,
  [PT.SK_LOOKUP]: skLookup,
  [PT.SYSCALL]: syscall,
};
