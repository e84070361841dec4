/**
 * Context structures as programs see them (include/uapi/linux/bpf.h, arch/x86/include/asm/ptrace.h).
 * Offsets are the uapi offsets: what clang compiles `ctx->field` to and what the verifier checks.
 * In tsbpf the context region holds exactly these bytes (pointer fields hold u32 offsets into the
 * address space, zero-extended), so a context access needs no rewriting.
 */

export interface CtxField {
  readonly name: string;
  readonly off: number;
  /** bytes */
  readonly size: number;
}

export interface CtxLayout {
  readonly name: string;
  /** sizeof(struct ...) */
  readonly size: number;
  readonly fields: readonly CtxField[];
}

function layout(name: string, size: number, spec: Array<[string, number, number?]>): CtxLayout {
  // spec: [name, offset, size=4]; arrays are listed as name[i]
  const fields: CtxField[] = spec.map(([n, off, sz]) => ({ name: n, off, size: sz ?? 4 }));
  return Object.freeze({ name, size, fields: Object.freeze(fields) });
}

const arr = (name: string, off: number, n: number, sz = 4): Array<[string, number, number]> =>
  Array.from({ length: n }, (_, i) => [`${name}[${i}]`, off + i * sz, sz] as [string, number, number]);

/** struct __sk_buff */
export const SK_BUFF = layout('__sk_buff', 192, [
  ['len', 0], ['pkt_type', 4], ['mark', 8], ['queue_mapping', 12], ['protocol', 16], ['vlan_present', 20],
  ['vlan_tci', 24], ['vlan_proto', 28], ['priority', 32], ['ingress_ifindex', 36], ['ifindex', 40],
  ['tc_index', 44], ...arr('cb', 48, 5), ['hash', 68], ['tc_classid', 72], ['data', 76], ['data_end', 80],
  ['napi_id', 84], ['family', 88], ['remote_ip4', 92], ['local_ip4', 96], ...arr('remote_ip6', 100, 4),
  ...arr('local_ip6', 116, 4), ['remote_port', 132], ['local_port', 136], ['data_meta', 140],
  ['flow_keys', 144, 8], ['tstamp', 152, 8], ['wire_len', 160], ['gso_segs', 164], ['sk', 168, 8],
  ['gso_size', 176], ['tstamp_type', 180, 1], ['hwtstamp', 184, 8],
]);

/** offsets of struct __sk_buff fields by name */
export const SKB = Object.freeze(Object.fromEntries(SK_BUFF.fields.map((f) => [f.name.replace(/\[(\d)\]/, '_$1'), f.off]))) as Readonly<Record<string, number>>;

/** struct xdp_md */
export const XDP_MD = layout('xdp_md', 24, [
  ['data', 0], ['data_end', 4], ['data_meta', 8], ['ingress_ifindex', 12], ['rx_queue_index', 16], ['egress_ifindex', 20],
]);

/** struct pt_regs (x86-64), the KPROBE context */
export const PT_REGS = layout('pt_regs', 168, [
  'r15', 'r14', 'r13', 'r12', 'bp', 'bx', 'r11', 'r10', 'r9', 'r8', 'ax', 'cx', 'dx', 'si', 'di', 'orig_ax', 'ip', 'cs', 'flags', 'sp', 'ss',
].map((n, i) => [n, i * 8, 8] as [string, number, number]));

/** struct bpf_perf_event_data */
export const PERF_EVENT_DATA = layout('bpf_perf_event_data', 184, [
  ...PT_REGS.fields.map((f) => [`regs.${f.name}`, f.off, 8] as [string, number, number]),
  ['sample_period', 168, 8], ['addr', 176, 8],
]);

/** struct bpf_sock (CGROUP_SOCK context) */
export const BPF_SOCK = layout('bpf_sock', 80, [
  ['bound_dev_if', 0], ['family', 4], ['type', 8], ['protocol', 12], ['mark', 16], ['priority', 20],
  ['src_ip4', 24], ...arr('src_ip6', 28, 4), ['src_port', 44], ['dst_port', 48, 2], ['dst_ip4', 52],
  ...arr('dst_ip6', 56, 4), ['state', 72], ['rx_queue_mapping', 76],
]);

/** struct bpf_sock_addr (CGROUP_SOCK_ADDR context) */
export const BPF_SOCK_ADDR = layout('bpf_sock_addr', 72, [
  ['user_family', 0], ['user_ip4', 4], ...arr('user_ip6', 8, 4), ['user_port', 24], ['family', 28], ['type', 32],
  ['protocol', 36], ['msg_src_ip4', 40], ...arr('msg_src_ip6', 44, 4), ['sk', 64, 8],
]);

/** struct bpf_sock_ops */
export const BPF_SOCK_OPS = layout('bpf_sock_ops', 224, [
  ['op', 0], ...arr('args', 4, 4), ['family', 20], ['remote_ip4', 24], ['local_ip4', 28], ...arr('remote_ip6', 32, 4),
  ...arr('local_ip6', 48, 4), ['remote_port', 64], ['local_port', 68], ['is_fullsock', 72], ['snd_cwnd', 76],
  ['srtt_us', 80], ['bpf_sock_ops_cb_flags', 84], ['state', 88], ['rtt_min', 92], ['snd_ssthresh', 96],
  ['rcv_nxt', 100], ['snd_nxt', 104], ['snd_una', 108], ['mss_cache', 112], ['ecn_flags', 116],
  ['rate_delivered', 120], ['rate_interval_us', 124], ['packets_out', 128], ['retrans_out', 132],
  ['total_retrans', 136], ['segs_in', 140], ['data_segs_in', 144], ['segs_out', 148], ['data_segs_out', 152],
  ['lost_out', 156], ['sacked_out', 160], ['sk_txhash', 164], ['bytes_received', 168, 8], ['bytes_acked', 176, 8],
  ['sk', 184, 8], ['skb_data', 192, 8], ['skb_data_end', 200, 8], ['skb_len', 208], ['skb_tcp_flags', 212],
  ['skb_hwtstamp', 216, 8],
]);

/** struct sk_msg_md */
export const SK_MSG_MD = layout('sk_msg_md', 80, [
  ['data', 0, 8], ['data_end', 8, 8], ['family', 16], ['remote_ip4', 20], ['local_ip4', 24], ...arr('remote_ip6', 28, 4),
  ...arr('local_ip6', 44, 4), ['remote_port', 60], ['local_port', 64], ['size', 68], ['sk', 72, 8],
]);

/** struct bpf_sk_lookup */
export const BPF_SK_LOOKUP = layout('bpf_sk_lookup', 72, [
  ['sk', 0, 8], ['family', 8], ['protocol', 12], ['remote_ip4', 16], ...arr('remote_ip6', 20, 4), ['remote_port', 36, 2],
  ['local_ip4', 40], ...arr('local_ip6', 44, 4), ['local_port', 60], ['ingress_ifindex', 64],
]);

/** struct sk_reuseport_md */
export const SK_REUSEPORT_MD = layout('sk_reuseport_md', 56, [
  ['data', 0, 8], ['data_end', 8, 8], ['len', 16], ['eth_protocol', 20], ['ip_protocol', 24], ['bind_inany', 28],
  ['hash', 32], ['sk', 40, 8], ['migrating_sk', 48, 8],
]);

/** struct bpf_cgroup_dev_ctx */
export const CGROUP_DEV_CTX = layout('bpf_cgroup_dev_ctx', 12, [['access_type', 0], ['major', 4], ['minor', 8]]);

/** struct bpf_sysctl */
export const BPF_SYSCTL = layout('bpf_sysctl', 8, [['write', 0], ['file_pos', 4]]);

/** struct bpf_sockopt */
export const BPF_SOCKOPT = layout('bpf_sockopt', 40, [
  ['sk', 0, 8], ['optval', 8, 8], ['optval_end', 16, 8], ['level', 24], ['optname', 28], ['optlen', 32], ['retval', 36],
]);

/** the field containing byte `off`, if any */
export function fieldAt(l: CtxLayout, off: number): CtxField | undefined {
  for (const f of l.fields) if (off >= f.off && off < f.off + f.size) return f;
  return undefined;
}

/** offsetof(struct, name) */
export function offsetOf(l: CtxLayout, name: string): number {
  const f = l.fields.find((x) => x.name === name);
  if (!f) throw new Error(`internal: ${l.name} has no field ${name}`);
  return f.off;
}
