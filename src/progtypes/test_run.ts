/**
 * The run-time side of program types: building the context and packet in the address space for a
 * test run from data_in / ctx_in, and reading back data_out / ctx_out, following the kernel's
 * BPF_PROG_TEST_RUN (net/bpf/test_run.c: bpf_prog_test_run_xdp, bpf_prog_test_run_skb,
 * bpf_prog_test_run_raw_tp, bpf_prog_test_run_syscall). Context pointer fields (data, data_end,
 * data_meta) hold u32 offsets into the address space (../shared/DESIGN.md), so programs read
 * them directly without the kernel's context rewriting.
 *
 * Helpers that move packet bounds (bpf_xdp_adjust_head, ...) change the state object kept in
 * ExecEnv (`env.xdp` / `env.skb`) and write the new pointers through to the context.
 */
import { BpfError } from '../isa/errors.js';
import type { ExecEnv } from '../helpers/api.js';
import { type AddressSpace, type Region, RegionKind } from '../vm/address_space.js';
import { BPF_SOCK, PT_REGS, SK_BUFF, XDP_MD, offsetOf } from './ctx_layouts.js';
import { BPF_PROG_TYPE as PT } from './prog_types.js';

/** XDP_PACKET_HEADROOM (include/uapi/linux/bpf.h) */
export const XDP_PACKET_HEADROOM = 256;
/** SKB_DATA_ALIGN(sizeof(struct skb_shared_info)) on x86-64: the tailroom test runs reserve */
export const TEST_RUN_TAILROOM = 320;
/** NET_SKB_PAD + NET_IP_ALIGN on x86-64 */
export const SKB_HEADROOM = 64;
export const ETH_HLEN = 14;
const PAGE_SIZE = 4096;
/** MAX_SKB_FRAGS: fragments of one multi-buffer frame */
const MAX_SKB_FRAGS = 17;
/**
 * xdp_metalen_invalid: metadata is a multiple of 4 bytes. Linux 6.x no longer caps it at 32
 * (checked against the kernel: 212 bytes are accepted); the headroom, less struct xdp_frame's
 * 40 bytes, bounds it in practice.
 */
const XDP_META_MAX = 252;
/** sizeof(struct xdp_frame): kept free at the start of the headroom */
const XDP_FRAME_SIZE = 40;

/** the live XDP buffer (struct xdp_buff) of a run */
export interface XdpBuff {
  region: Region;
  /** data_hard_start */
  hardStart: number;
  data: number;
  dataEnd: number;
  dataMeta: number;
  /** end of the frame (data_hard_start + frame size): data_end may grow up to frameEnd - tailroom */
  frameEnd: number;
  /** pointer to the xdp_md context */
  ctx: number;
  ingressIfindex: number;
  rxQueueIndex: number;
  /** the bytes in fragments after the linear part (multi-buffer XDP); programs reach them only through helpers */
  frags: Uint8Array;
}

/** the live socket buffer of an skb run */
export interface SkbState {
  region: Region;
  head: number;
  data: number;
  dataEnd: number;
  /** end of the buffer (head + headroom + size + tailroom) */
  end: number;
  ctx: number;
  /** the program sees the packet from L2 (tc) or from L3 (socket filter, cgroup skb, lwt) */
  l2: boolean;
}

export interface TestRunOptions {
  dataIn?: Uint8Array;
  ctxIn?: Uint8Array;
  attachType?: number;
  /** emulated CPU (bpf_get_smp_processor_id) */
  cpu?: number;
  /** emulated network devices, ifindex 1..devices (default 1: a kernel test run has only lo) */
  devices?: number;
}

export interface PreparedRun {
  /** r1 at entry */
  ctx: number;
  /** pass to the engine (helpers read xdp/skb state from it) */
  env: ExecEnv;
  /** data_out and ctx_out after the program returned */
  finish(): { dataOut: Uint8Array; ctxOut: Uint8Array | undefined };
  /** unmap everything the run mapped */
  release(): void;
}

/** bpf_ctx_init: ctx_in longer than the kernel struct is allowed only when the tail is zero (E2BIG) */
function ctxIn(ctxIn: Uint8Array | undefined, size: number, what: string): Uint8Array {
  const out = new Uint8Array(size);
  if (!ctxIn) return out;
  if (ctxIn.length > size) {
    for (let i = size; i < ctxIn.length; i++) {
      if (ctxIn[i] !== 0) throw new BpfError('E2BIG', `ctx_in is ${ctxIn.length} bytes, larger than struct ${what} (${size}), and byte ${i} is not zero`);
    }
  }
  out.set(ctxIn.subarray(0, Math.min(size, ctxIn.length)));
  return out;
}

function devicesText(n: number | undefined): string {
  return (n ?? 1) <= 1 ? 'test runs have only lo, ifindex 1' : `this run has ifindex 1..${n}`;
}

function u32(b: Uint8Array, off: number): number {
  return (b[off]! | (b[off + 1]! << 8) | (b[off + 2]! << 16) | (b[off + 3]! << 24)) >>> 0;
}

/** write the xdp_md pointer fields from the buffer state (after a run starts or a helper moves bounds) */
export function syncXdpCtx(as: AddressSpace, x: XdpBuff): void {
  const dv = as.dv;
  dv.setUint32(x.ctx + 0, x.data, true);
  dv.setUint32(x.ctx + 4, x.dataEnd, true);
  dv.setUint32(x.ctx + 8, x.dataMeta, true);
}

/** write the __sk_buff fields that follow the buffer (len, data, data_end, data_meta) */
export function syncSkbCtx(as: AddressSpace, s: SkbState): void {
  const dv = as.dv;
  dv.setUint32(s.ctx + SK_BUFF_OFF.len, s.dataEnd - s.data, true);
  dv.setUint32(s.ctx + SK_BUFF_OFF.data, s.data, true);
  dv.setUint32(s.ctx + SK_BUFF_OFF.data_end, s.dataEnd, true);
  dv.setUint32(s.ctx + SK_BUFF_OFF.data_meta, s.data, true);
}

const SK_BUFF_OFF = {
  len: offsetOf(SK_BUFF, 'len'), pkt_type: offsetOf(SK_BUFF, 'pkt_type'), mark: offsetOf(SK_BUFF, 'mark'),
  protocol: offsetOf(SK_BUFF, 'protocol'), priority: offsetOf(SK_BUFF, 'priority'),
  ingress_ifindex: offsetOf(SK_BUFF, 'ingress_ifindex'), ifindex: offsetOf(SK_BUFF, 'ifindex'), cb: offsetOf(SK_BUFF, 'cb[0]'),
  data: offsetOf(SK_BUFF, 'data'), data_end: offsetOf(SK_BUFF, 'data_end'), family: offsetOf(SK_BUFF, 'family'),
  remote_ip4: offsetOf(SK_BUFF, 'remote_ip4'), local_ip4: offsetOf(SK_BUFF, 'local_ip4'), remote_ip6: offsetOf(SK_BUFF, 'remote_ip6[0]'),
  local_ip6: offsetOf(SK_BUFF, 'local_ip6[0]'), data_meta: offsetOf(SK_BUFF, 'data_meta'), tstamp: offsetOf(SK_BUFF, 'tstamp'),
  wire_len: offsetOf(SK_BUFF, 'wire_len'), gso_segs: offsetOf(SK_BUFF, 'gso_segs'), sk: offsetOf(SK_BUFF, 'sk'),
  gso_size: offsetOf(SK_BUFF, 'gso_size'), hwtstamp: offsetOf(SK_BUFF, 'hwtstamp'),
} as const;

/** bpf_prog_test_run_xdp */
function prepareXdp(as: AddressSpace, o: TestRunOptions): PreparedRun {
  const data = o.dataIn ?? new Uint8Array(0);
  if (data.length < ETH_HLEN) throw new BpfError('EINVAL', `data_in is ${data.length} bytes; an XDP test run needs at least ETH_HLEN (${ETH_HLEN})`);
  const ctx = ctxIn(o.ctxIn, XDP_MD.size, 'xdp_md');
  let meta = 0;
  let ingress = 0;
  let rxq = 0;
  let linear = data.length;
  if (o.ctxIn) {
    const cData = u32(ctx, 0), cEnd = u32(ctx, 4), cMeta = u32(ctx, 8);
    ingress = u32(ctx, 12);
    rxq = u32(ctx, 16);
    // "There can't be user provided data before the meta data"
    if (cMeta !== 0) throw new BpfError('EINVAL', 'xdp_md.data_meta in ctx_in must be 0');
    // data_end may be below the data_in size: the rest becomes fragments (multi-buffer XDP)
    if (cEnd > data.length) throw new BpfError('EINVAL', `xdp_md.data_end in ctx_in (${cEnd}) is beyond the data_in size (${data.length})`);
    if (cData > cEnd) throw new BpfError('EINVAL', `xdp_md.data (${cData}) is beyond data_end (${cEnd})`);
    if (cData & 3 || cData > XDP_META_MAX || cData > XDP_PACKET_HEADROOM - XDP_FRAME_SIZE) {
      throw new BpfError('EINVAL', `metadata length xdp_md.data = ${cData} must be a multiple of 4 and at most ${XDP_PACKET_HEADROOM - XDP_FRAME_SIZE}`);
    }
    if (u32(ctx, 20) !== 0) throw new BpfError('EINVAL', 'xdp_md.egress_ifindex in ctx_in must be 0');
    if (ingress > (o.devices ?? 1)) throw new BpfError('ENODEV', `no device with ifindex ${ingress} (${devicesText(o.devices)})`);
    if (ingress && rxq !== 0) throw new BpfError('EINVAL', `rx_queue_index ${rxq} is beyond the device's 1 receive queue`);
    meta = cData;
    linear = cEnd;
  }
  // one page per frame: headroom (less the metadata, which comes from it), data, tailroom; what
  // does not fit (or lies past ctx_in's data_end) goes into page-sized fragments
  const maxData = PAGE_SIZE - (XDP_PACKET_HEADROOM - meta) - TEST_RUN_TAILROOM;
  linear = Math.min(linear, maxData);
  const frags = data.slice(linear);
  if (Math.ceil(frags.length / PAGE_SIZE) > MAX_SKB_FRAGS) throw new BpfError('ENOMEM', `data_in is ${data.length} bytes; one XDP frame holds at most ${maxData + MAX_SKB_FRAGS * PAGE_SIZE}`);
  const region = as.map(PAGE_SIZE, RegionKind.Packet, 'packet', true);
  const hardStart = region.base;
  const dataMeta = hardStart + XDP_PACKET_HEADROOM - meta;
  as.u8.set(data.subarray(0, linear), dataMeta);
  const ctxRegion = as.map(XDP_MD.size, RegionKind.Ctx, 'xdp_md', false);
  const x: XdpBuff = {
    region, hardStart, dataMeta, data: dataMeta + meta, dataEnd: dataMeta + linear,
    frameEnd: hardStart + PAGE_SIZE, ctx: ctxRegion.base, ingressIfindex: ingress, rxQueueIndex: rxq, frags,
  };
  syncXdpCtx(as, x);
  as.dv.setUint32(x.ctx + 12, ingress, true);
  as.dv.setUint32(x.ctx + 16, rxq, true);
  const env: ExecEnv = { ctx: x.ctx, xdp: x, cpu: o.cpu ?? 0, tailCallCnt: 0 };
  Object.defineProperty(env, 'packet', { enumerable: true, get: () => ({ data: x.data, dataEnd: x.dataEnd, dataMeta: x.dataMeta }) });
  return {
    ctx: x.ctx,
    env,
    finish() {
      const head = as.u8.subarray(x.dataMeta, x.dataEnd);
      const dataOut = new Uint8Array(head.length + x.frags.length);
      dataOut.set(head);
      dataOut.set(x.frags, head.length);
      const out = new Uint8Array(XDP_MD.size);
      const dv = new DataView(out.buffer);
      dv.setUint32(0, x.data - x.dataMeta, true);
      dv.setUint32(4, x.dataEnd - x.dataMeta, true);
      dv.setUint32(12, x.ingressIfindex, true);
      dv.setUint32(16, x.rxQueueIndex, true);
      return { dataOut, ctxOut: o.ctxIn ? out : undefined };
    },
    release() {
      as.unmap(ctxRegion);
      as.unmap(x.region);
    },
  };
}

/** the __sk_buff fields ctx_in may set (convert___skb_to_skb); every other byte must be zero */
const SKB_CTX_IN_ALLOWED: Array<[number, number]> = [
  [SK_BUFF_OFF.mark, 4], [SK_BUFF_OFF.priority, 4], [SK_BUFF_OFF.ingress_ifindex, 4], [SK_BUFF_OFF.ifindex, 4],
  [SK_BUFF_OFF.cb, 20], [SK_BUFF_OFF.tstamp, 8], [SK_BUFF_OFF.wire_len, 4], [SK_BUFF_OFF.gso_segs, 4],
  [SK_BUFF_OFF.gso_size, 4], [SK_BUFF_OFF.hwtstamp, 8],
];
const GSO_MAX_SEGS = 65535;
const GSO_LEGACY_MAX_SIZE = 65536;

/** bpf_prog_test_run_skb */
function prepareSkb(as: AddressSpace, type: number, o: TestRunOptions): PreparedRun {
  const data = o.dataIn ?? new Uint8Array(0);
  const maxData = PAGE_SIZE - SKB_HEADROOM - TEST_RUN_TAILROOM;
  if (data.length < ETH_HLEN) throw new BpfError('EINVAL', `data_in is ${data.length} bytes; an skb test run needs at least ETH_HLEN (${ETH_HLEN})`);
  if (data.length > maxData) throw new BpfError('EINVAL', `data_in is ${data.length} bytes; at most ${maxData} fit in a test skb`);
  // Linux 6.x refuses IPv4 / IPv6 frames too short for their network header (checked against the kernel)
  const ethType = (data[12]! << 8) | data[13]!;
  if (ethType === 0x0800 && data.length < ETH_HLEN + 20) throw new BpfError('EINVAL', `an IPv4 frame needs at least ${ETH_HLEN + 20} bytes, data_in has ${data.length}`);
  if (ethType === 0x86dd && data.length < ETH_HLEN + 40) throw new BpfError('EINVAL', `an IPv6 frame needs at least ${ETH_HLEN + 40} bytes, data_in has ${data.length}`);
  const c = ctxIn(o.ctxIn, SK_BUFF.size, '__sk_buff');
  if (o.ctxIn) {
    for (let i = 0; i < SK_BUFF.size; i++) {
      if (c[i] === 0) continue;
      if (!SKB_CTX_IN_ALLOWED.some(([off, n]) => i >= off && i < off + n)) {
        throw new BpfError('EINVAL', `__sk_buff byte ${i} in ctx_in must be zero: only mark, priority, ingress_ifindex, ifindex, cb, tstamp, wire_len, gso_segs, gso_size and hwtstamp may be set`);
      }
    }
  }
  const ifindex = u32(c, SK_BUFF_OFF.ifindex);
  if (ifindex > (o.devices ?? 1)) throw new BpfError('ENODEV', `no device with ifindex ${ifindex} (${devicesText(o.devices)})`);
  const l2 = type === PT.SCHED_CLS || type === PT.SCHED_ACT;
  const total = SKB_HEADROOM + data.length + TEST_RUN_TAILROOM;
  const region = as.map(total, RegionKind.Packet, 'packet', true);
  const head = region.base;
  as.u8.set(data, head + SKB_HEADROOM);
  const start = head + SKB_HEADROOM + (l2 ? 0 : ETH_HLEN);
  const s: SkbState = { region, head, data: start, dataEnd: head + SKB_HEADROOM + data.length, end: head + total, ctx: 0, l2 };
  const len = s.dataEnd - s.data;
  const wire = u32(c, SK_BUFF_OFF.wire_len);
  if (wire !== 0 && (wire < len || wire > GSO_LEGACY_MAX_SIZE)) throw new BpfError('EINVAL', `__sk_buff.wire_len ${wire} must be 0 or between the packet length ${len} and ${GSO_LEGACY_MAX_SIZE}`);
  if (u32(c, SK_BUFF_OFF.gso_segs) > GSO_MAX_SEGS) throw new BpfError('EINVAL', `__sk_buff.gso_segs must be at most ${GSO_MAX_SEGS}`);

  // the fake socket test runs attach (skb->sk), with addresses from the packet's IP header
  const skRegion = as.map(BPF_SOCK.size, RegionKind.Ctx, 'bpf_sock', false);
  const ctxRegion = as.map(SK_BUFF.size, RegionKind.Ctx, '__sk_buff', true);
  s.ctx = ctxRegion.base;
  const u8 = as.u8;
  const dv = as.dv;
  u8.set(c, s.ctx);
  const frame = head + SKB_HEADROOM;
  // eth_type_trans: PACKET_HOST unless the destination MAC differs from lo's (all zero)
  let pktType = 0;
  const dst = data.subarray(0, 6);
  if (dst.some((b) => b !== 0)) pktType = dst[0]! & 1 ? (dst.every((b) => b === 0xff) ? 1 : 2) : 3;
  dv.setUint32(s.ctx + SK_BUFF_OFF.pkt_type, pktType, true);
  // protocol is __be16: the two bytes as they are on the wire. eth_type_trans: a length field
  // (below ETH_P_802_3_MIN) means 802.3 framing, raw (ETH_P_802_3) when the payload starts 0xffff
  let proto16 = data[12]! | (data[13]! << 8);
  if (ethType < 0x600) proto16 = data.length >= 16 && data[14] === 0xff && data[15] === 0xff ? 0x0100 : 0x0400;
  dv.setUint32(s.ctx + SK_BUFF_OFF.protocol, proto16, true);
  dv.setUint32(s.ctx + SK_BUFF_OFF.ifindex, 1, true);
  if (wire === 0) dv.setUint32(s.ctx + SK_BUFF_OFF.wire_len, l2 ? data.length : len, true);
  const proto = (data[12]! << 8) | data[13]!;
  if (proto === 0x0800 && data.length >= ETH_HLEN + 20) {
    dv.setUint32(s.ctx + SK_BUFF_OFF.family, 2, true);
    u8.copyWithin(s.ctx + SK_BUFF_OFF.remote_ip4, frame + 30, frame + 34);
    u8.copyWithin(s.ctx + SK_BUFF_OFF.local_ip4, frame + 26, frame + 30);
    dv.setUint32(skRegion.base + offsetOf(BPF_SOCK, 'family'), 2, true);
    u8.copyWithin(skRegion.base + offsetOf(BPF_SOCK, 'src_ip4'), frame + 26, frame + 30);
    u8.copyWithin(skRegion.base + offsetOf(BPF_SOCK, 'dst_ip4'), frame + 30, frame + 34);
  } else if (proto === 0x86dd && data.length >= ETH_HLEN + 40) {
    dv.setUint32(s.ctx + SK_BUFF_OFF.family, 10, true);
    u8.copyWithin(s.ctx + SK_BUFF_OFF.remote_ip6, frame + 38, frame + 54);
    u8.copyWithin(s.ctx + SK_BUFF_OFF.local_ip6, frame + 22, frame + 38);
    dv.setUint32(skRegion.base + offsetOf(BPF_SOCK, 'family'), 10, true);
    u8.copyWithin(skRegion.base + offsetOf(BPF_SOCK, 'src_ip6[0]'), frame + 22, frame + 38);
    u8.copyWithin(skRegion.base + offsetOf(BPF_SOCK, 'dst_ip6[0]'), frame + 38, frame + 54);
  }
  dv.setUint32(s.ctx + SK_BUFF_OFF.sk, skRegion.base, true);
  dv.setUint32(s.ctx + SK_BUFF_OFF.sk + 4, 0, true);
  syncSkbCtx(as, s);
  const env: ExecEnv = { ctx: s.ctx, skb: s, cpu: o.cpu ?? 0, tailCallCnt: 0 };
  Object.defineProperty(env, 'packet', { enumerable: true, get: () => ({ data: s.data, dataEnd: s.dataEnd, dataMeta: s.data }) });
  return {
    ctx: s.ctx,
    env,
    finish() {
      const body = as.u8.slice(s.data, s.dataEnd);
      let dataOut = body;
      if (!s.l2) {
        // the kernel pushes the link-layer header back, zeroed, before copying data_out
        dataOut = new Uint8Array(ETH_HLEN + body.length);
        dataOut.set(body, ETH_HLEN);
      }
      let ctxOut: Uint8Array | undefined;
      if (o.ctxIn) {
        // convert_skb_to___skb: only the fields ctx_in may set are copied back
        ctxOut = new Uint8Array(SK_BUFF.size);
        const live = as.u8.subarray(s.ctx, s.ctx + SK_BUFF.size);
        for (const [off, n] of SKB_CTX_IN_ALLOWED) ctxOut.set(live.subarray(off, off + n), off);
      }
      return { dataOut, ctxOut };
    },
    release() {
      as.unmap(ctxRegion);
      as.unmap(skRegion);
      as.unmap(s.region);
    },
  };
}

/** a context that is the caller's bytes: raw tracepoint args, pt_regs, tracepoint records, syscall ctx */
function prepareRawCtx(as: AddressSpace, size: number, label: string, writable: boolean, o: TestRunOptions, copyBack: boolean): PreparedRun {
  if (o.dataIn && o.dataIn.length) throw new BpfError('EINVAL', `${label} test runs take no data_in, only ctx_in`);
  const bytes = o.ctxIn ?? new Uint8Array(0);
  if (bytes.length > size) throw new BpfError('EINVAL', `ctx_in is ${bytes.length} bytes; ${label} takes at most ${size}`);
  // a syscall context is exactly the caller's bytes; fixed structs are mapped whole, zero-padded
  const region = as.map(Math.max(copyBack ? bytes.length : size, 8), RegionKind.Ctx, label, writable);
  as.u8.set(bytes, region.base);
  const env: ExecEnv = { ctx: region.base, cpu: o.cpu ?? 0, tailCallCnt: 0 };
  return {
    ctx: region.base,
    env,
    finish: () => ({ dataOut: new Uint8Array(0), ctxOut: copyBack && o.ctxIn ? as.u8.slice(region.base, region.base + bytes.length) : undefined }),
    release: () => as.unmap(region),
  };
}

/**
 * Prepare a test run of a program of `progType`: map the packet and the context into `as` and
 * return r1 and the ExecEnv for the engine. Errors are the kernel's (EINVAL for malformed input,
 * E2BIG for a ctx_in with a non-zero tail, ENODEV for an unknown ifindex).
 */
export function prepareTestRun(as: AddressSpace, progType: number, o: TestRunOptions = {}): PreparedRun {
  switch (progType) {
    case PT.XDP:
      return prepareXdp(as, o);
    case PT.UNSPEC:
    case PT.SOCKET_FILTER:
    case PT.SCHED_CLS:
    case PT.SCHED_ACT:
    case PT.CGROUP_SKB:
    case PT.LWT_IN:
    case PT.LWT_OUT:
    case PT.LWT_XMIT:
    case PT.LWT_SEG6LOCAL:
      return prepareSkb(as, progType, o);
    case PT.KPROBE:
    case PT.PERF_EVENT:
      return prepareRawCtx(as, PT_REGS.size + (progType === PT.PERF_EVENT ? 16 : 0), progType === PT.KPROBE ? 'pt_regs' : 'bpf_perf_event_data', false, o, false);
    case PT.RAW_TRACEPOINT:
    case PT.RAW_TRACEPOINT_WRITABLE:
    case PT.TRACING:
      return prepareRawCtx(as, 8 * 12, 'raw tracepoint args', false, o, false);
    case PT.TRACEPOINT:
      return prepareRawCtx(as, 8192, 'tracepoint record', false, o, false);
    case PT.SYSCALL:
      // bpf_prog_test_run_syscall: the context is caller memory, copied back after the run
      return prepareRawCtx(as, 65535, 'syscall ctx', true, o, true);
    default:
      throw new BpfError('ENOTSUPP', `test runs of program type ${progType} are not supported`);
  }
}
