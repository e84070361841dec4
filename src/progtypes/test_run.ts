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
import { ETH_HLEN, PAGE_SIZE, SKB_SHARED_INFO_SIZE, XDP_FRAME_SIZE, XDP_META_MAX, XDP_PACKET_HEADROOM } from '../isa/packet_layout.js';
import { BPF_PROG_TYPE as PT } from './prog_types.js';
import { prepareReuseportRun } from './reuseport_run.js';

export { XDP_PACKET_HEADROOM };
/** the tailroom test runs reserve: SKB_DATA_ALIGN(sizeof(struct skb_shared_info)) */
export const TEST_RUN_TAILROOM = SKB_SHARED_INFO_SIZE;
/** NET_SKB_PAD + NET_IP_ALIGN on x86-64 */
export const SKB_HEADROOM = 64;
export { ETH_HLEN };
/** MAX_SKB_FRAGS: fragments of one multi-buffer frame */
const MAX_SKB_FRAGS = 17;

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
  /**
   * simulated user memory mapped right after a tracing context, in the same region (progtypes/
   * trace_ctx.ts): `relocs` are the context's pointer slots, set to the address of `user` + userOff
   */
  userMem?: { user: Uint8Array; relocs: ReadonlyArray<{ ctxOff: number; userOff: number }> };
}

export interface PreparedRun {
  /** r1 at entry */
  ctx: number;
  /** pass to the engine (helpers read xdp/skb state from it) */
  env: ExecEnv;
  /** data_out and ctx_out after the program returned (and an sk_reuseport run's selected socket) */
  finish(): { dataOut: Uint8Array; ctxOut: Uint8Array | undefined; selectedSocket?: number };
  /** unmap everything the run mapped */
  release(): void;
}

/** bpf_ctx_init: ctx_in longer than the kernel struct is allowed only when the tail is zero (E2BIG) */
function ctxInBytes(ctxIn: Uint8Array | undefined, size: number, what: string): Uint8Array {
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

/**
 * The context and packet of a packet program, rewritten in place for each packet. A fresh one
 * (prepareTestRun) maps its regions at the sizes one packet needs; a reused one
 * (preparePacketRuns, for a capture's runs in hooks/packet_run.ts) maps them once, at the
 * largest size, and load() returns every byte a program could observe to what a fresh setup of
 * the new packet holds: the packet bytes, zeros around them (headroom, tailroom, what the last
 * packet or program left there), the context and the socket rebuilt, and the packet region's
 * size set to this packet's, so that a checked engine faults exactly where it would.
 */
export interface PacketSetup {
  /** r1 at entry: the context */
  readonly ctx: number;
  /** ExecEnv.xdp: the live xdp_buff (XDP programs) */
  readonly xdp: XdpBuff | undefined;
  /** ExecEnv.skb: the live socket buffer (skb programs) */
  readonly skb: SkbState | undefined;
  /** ExecEnv.packet: the packet bounds as load() left them (what LD_ABS / LD_IND read) */
  readonly packet: { data: number; dataEnd: number; dataMeta: number };
  /** lay one packet out as BPF_PROG_TEST_RUN would from data_in / ctx_in (its errors: EINVAL, E2BIG, ENODEV, ENOMEM) */
  load(dataIn: Uint8Array, ctxIn?: Uint8Array): void;
  /** the length of data_out as the program left the packet */
  outLength(): number;
  /** the first `n` bytes of data_out (default all), copied */
  dataOut(n?: number): Uint8Array;
  /** ctx_out for a run given ctx_in */
  ctxOut(): Uint8Array;
  /** unmap everything */
  release(): void;
}

const EMPTY = new Uint8Array(0);

/**
 * An XDP frame whose bounds remember how far they reached since the last load: a verified
 * program writes only between data_meta and data_end, so only that span (not the whole page)
 * needs clearing before the next packet. Helpers move the bounds through these setters.
 */
class XdpFrame implements XdpBuff {
  hardStart: number;
  frameEnd: number;
  ingressIfindex = 0;
  rxQueueIndex = 0;
  frags: Uint8Array = EMPTY;
  /** lowest data_meta and highest data_end since the last load */
  lo: number;
  hi: number;
  private d = 0;
  private de = 0;
  private dm = 0;
  constructor(readonly region: Region, readonly ctx: number) {
    this.hardStart = region.base;
    this.frameEnd = region.base + PAGE_SIZE;
    this.lo = this.hardStart;
    this.hi = this.hardStart;
  }
  get data(): number {
    return this.d;
  }
  set data(v: number) {
    this.d = v;
  }
  get dataEnd(): number {
    return this.de;
  }
  set dataEnd(v: number) {
    this.de = v;
    if (v > this.hi) this.hi = v;
  }
  get dataMeta(): number {
    return this.dm;
  }
  set dataMeta(v: number) {
    this.dm = v;
    if (v < this.lo) this.lo = v;
  }
}

/** bpf_prog_test_run_xdp's checks of data_in / ctx_in: the layout of the frame */
function xdpInput(data: Uint8Array, ctxIn: Uint8Array | undefined, devices: number | undefined): { meta: number; linear: number; ingress: number; rxq: number } {
  if (data.length < ETH_HLEN) throw new BpfError('EINVAL', `data_in is ${data.length} bytes; an XDP test run needs at least ETH_HLEN (${ETH_HLEN})`);
  let meta = 0;
  let ingress = 0;
  let rxq = 0;
  let linear = data.length;
  if (ctxIn) {
    const ctx = ctxInBytes(ctxIn, XDP_MD.size, 'xdp_md');
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
    if (ingress > (devices ?? 1)) throw new BpfError('ENODEV', `no device with ifindex ${ingress} (${devicesText(devices)})`);
    if (ingress && rxq !== 0) throw new BpfError('EINVAL', `rx_queue_index ${rxq} is beyond the device's 1 receive queue`);
    meta = cData;
    linear = cEnd;
  }
  // one page per frame: headroom (less the metadata, which comes from it), data, tailroom; what
  // does not fit (or lies past ctx_in's data_end) goes into page-sized fragments
  const maxData = PAGE_SIZE - (XDP_PACKET_HEADROOM - meta) - TEST_RUN_TAILROOM;
  linear = Math.min(linear, maxData);
  if (Math.ceil((data.length - linear) / PAGE_SIZE) > MAX_SKB_FRAGS) throw new BpfError('ENOMEM', `data_in is ${data.length} bytes; one XDP frame holds at most ${maxData + MAX_SKB_FRAGS * PAGE_SIZE}`);
  return { meta, linear, ingress, rxq };
}

/** bpf_prog_test_run_xdp: one page per frame, the xdp_md context read-only */
class XdpSetup implements PacketSetup {
  readonly ctx: number;
  readonly xdp: XdpFrame;
  readonly skb = undefined;
  readonly packet = { data: 0, dataEnd: 0, dataMeta: 0 };
  private readonly ctxRegion: Region;
  /** bytes other than the packet may be non-zero (a reused frame after a run) */
  private used = false;

  constructor(private readonly as: AddressSpace, private readonly o: TestRunOptions, private readonly verified: boolean) {
    // one owner domain for the run's frame and context (vm/sandbox.ts: the program owns them for the run)
    const dom = as.newDomain();
    const region = as.map(PAGE_SIZE, RegionKind.Packet, 'packet', true, dom);
    this.ctxRegion = as.map(XDP_MD.size, RegionKind.Ctx, 'xdp_md', false, dom);
    this.ctx = this.ctxRegion.base;
    this.xdp = new XdpFrame(region, this.ctx);
  }

  load(data: Uint8Array, ctxIn?: Uint8Array): void {
    const { meta, linear, ingress, rxq } = xdpInput(data, ctxIn, this.o.devices);
    const x = this.xdp;
    const dataMeta = x.hardStart + XDP_PACKET_HEADROOM - meta;
    const end = dataMeta + linear;
    const u8 = this.as.u8;
    if (this.used) {
      // a verified program wrote only between the frame's lowest data_meta and highest data_end;
      // an unverified one may have written anywhere in the page
      const lo = this.verified ? x.lo : x.hardStart;
      const hi = this.verified ? x.hi : x.frameEnd;
      if (lo < dataMeta) u8.fill(0, lo, dataMeta);
      if (end < hi) u8.fill(0, end, hi);
    }
    this.used = true;
    u8.set(linear === data.length ? data : data.subarray(0, linear), dataMeta);
    x.lo = x.hi = dataMeta;
    x.dataMeta = dataMeta;
    x.data = dataMeta + meta;
    x.dataEnd = end;
    x.ingressIfindex = ingress;
    x.rxQueueIndex = rxq;
    x.frags = linear < data.length ? data.slice(linear) : EMPTY;
    syncXdpCtx(this.as, x);
    const dv = this.as.dv;
    dv.setUint32(x.ctx + 12, ingress, true);
    dv.setUint32(x.ctx + 16, rxq, true);
    dv.setUint32(x.ctx + 20, 0, true);
    const p = this.packet;
    p.data = x.data;
    p.dataEnd = x.dataEnd;
    p.dataMeta = x.dataMeta;
  }

  outLength(): number {
    return this.xdp.dataEnd - this.xdp.dataMeta + this.xdp.frags.length;
  }

  dataOut(n = this.outLength()): Uint8Array {
    const x = this.xdp;
    const lin = x.dataEnd - x.dataMeta;
    const out = this.as.u8.slice(x.dataMeta, x.dataMeta + Math.min(n, lin));
    if (n <= lin) return out;
    const all = new Uint8Array(n);
    all.set(out);
    all.set(x.frags.subarray(0, n - lin), lin);
    return all;
  }

  ctxOut(): Uint8Array {
    const x = this.xdp;
    const out = new Uint8Array(XDP_MD.size);
    const dv = new DataView(out.buffer);
    dv.setUint32(0, x.data - x.dataMeta, true);
    dv.setUint32(4, x.dataEnd - x.dataMeta, true);
    dv.setUint32(12, x.ingressIfindex, true);
    dv.setUint32(16, x.rxQueueIndex, true);
    return out;
  }

  release(): void {
    this.as.unmap(this.ctxRegion);
    this.as.unmap(this.xdp.region);
  }
}

/** the __sk_buff fields ctx_in may set (convert___skb_to_skb); every other byte must be zero */
const SKB_CTX_IN_ALLOWED: Array<[number, number]> = [
  [SK_BUFF_OFF.mark, 4], [SK_BUFF_OFF.priority, 4], [SK_BUFF_OFF.ingress_ifindex, 4], [SK_BUFF_OFF.ifindex, 4],
  [SK_BUFF_OFF.cb, 20], [SK_BUFF_OFF.tstamp, 8], [SK_BUFF_OFF.wire_len, 4], [SK_BUFF_OFF.gso_segs, 4],
  [SK_BUFF_OFF.gso_size, 4], [SK_BUFF_OFF.hwtstamp, 8],
];
const GSO_MAX_SEGS = 65535;
const GSO_LEGACY_MAX_SIZE = 65536;
/** the largest test skb: headroom, data, tailroom in one page */
const SKB_MAX_DATA = PAGE_SIZE - SKB_HEADROOM - TEST_RUN_TAILROOM;

/** bpf_prog_test_run_skb's checks of data_in / ctx_in: the context bytes ctx_in gives (or null) and wire_len */
function skbInput(type: number, data: Uint8Array, ctxIn: Uint8Array | undefined, devices: number | undefined): { c: Uint8Array | null; wire: number } {
  if (data.length < ETH_HLEN) throw new BpfError('EINVAL', `data_in is ${data.length} bytes; an skb test run needs at least ETH_HLEN (${ETH_HLEN})`);
  if (data.length > SKB_MAX_DATA) throw new BpfError('EINVAL', `data_in is ${data.length} bytes; at most ${SKB_MAX_DATA} fit in a test skb`);
  // Linux 6.x refuses IPv4 / IPv6 frames too short for their network header (checked against the kernel)
  const ethType = (data[12]! << 8) | data[13]!;
  if (ethType === 0x0800 && data.length < ETH_HLEN + 20) throw new BpfError('EINVAL', `an IPv4 frame needs at least ${ETH_HLEN + 20} bytes, data_in has ${data.length}`);
  if (ethType === 0x86dd && data.length < ETH_HLEN + 40) throw new BpfError('EINVAL', `an IPv6 frame needs at least ${ETH_HLEN + 40} bytes, data_in has ${data.length}`);
  let c: Uint8Array | null = null;
  if (ctxIn) {
    c = ctxInBytes(ctxIn, SK_BUFF.size, '__sk_buff');
    for (let i = 0; i < SK_BUFF.size; i++) {
      if (c[i] === 0) continue;
      if (!SKB_CTX_IN_ALLOWED.some(([off, n]) => i >= off && i < off + n)) {
        throw new BpfError('EINVAL', `__sk_buff byte ${i} in ctx_in must be zero: only mark, priority, ingress_ifindex, ifindex, cb, tstamp, wire_len, gso_segs, gso_size and hwtstamp may be set`);
      }
    }
  }
  const ifindex = c ? u32(c, SK_BUFF_OFF.ifindex) : 0;
  if (ifindex > (devices ?? 1)) throw new BpfError('ENODEV', `no device with ifindex ${ifindex} (${devicesText(devices)})`);
  const l2 = type === PT.SCHED_CLS || type === PT.SCHED_ACT;
  const len = data.length - (l2 ? 0 : ETH_HLEN);
  const wire = c ? u32(c, SK_BUFF_OFF.wire_len) : 0;
  if (wire !== 0 && (wire < len || wire > GSO_LEGACY_MAX_SIZE)) throw new BpfError('EINVAL', `__sk_buff.wire_len ${wire} must be 0 or between the packet length ${len} and ${GSO_LEGACY_MAX_SIZE}`);
  if (c && u32(c, SK_BUFF_OFF.gso_segs) > GSO_MAX_SEGS) throw new BpfError('EINVAL', `__sk_buff.gso_segs must be at most ${GSO_MAX_SEGS}`);
  return { c, wire };
}

/** bpf_prog_test_run_skb: headroom, packet and tailroom; a fake socket; __sk_buff writable */
class SkbSetup implements PacketSetup {
  readonly ctx: number;
  readonly xdp = undefined;
  readonly skb: SkbState;
  readonly packet = { data: 0, dataEnd: 0, dataMeta: 0 };
  private readonly skRegion: Region;
  private readonly ctxRegion: Region;
  /** the packet region's mapped size (its `size` follows each packet) */
  private readonly capacity: number;
  /** bytes past the packet's start that may be non-zero, and whether the context and socket may be */
  private dirtyEnd = 0;
  private used = false;

  /** `bytes`: the packet region, headroom + data + tailroom (the largest for a reused setup) */
  constructor(private readonly as: AddressSpace, type: number, bytes: number, private readonly verified: boolean) {
    // one owner domain for the packet, the context and the socket behind skb->sk (vm/sandbox.ts)
    const dom = as.newDomain();
    const region = as.map(bytes, RegionKind.Packet, 'packet', true, dom);
    this.capacity = bytes;
    // the fake socket test runs attach (skb->sk), with addresses from the packet's IP header
    this.skRegion = as.map(BPF_SOCK.size, RegionKind.Ctx, 'bpf_sock', false, dom);
    this.ctxRegion = as.map(SK_BUFF.size, RegionKind.Ctx, '__sk_buff', true, dom);
    this.ctx = this.ctxRegion.base;
    const l2 = type === PT.SCHED_CLS || type === PT.SCHED_ACT;
    this.skb = { region, head: region.base, data: region.base, dataEnd: region.base, end: region.base + bytes, ctx: this.ctx, l2 };
    this.type = type;
  }
  private readonly type: number;
  private devices: number | undefined;

  /** with the run options (devices) of the caller */
  withOptions(o: TestRunOptions): this {
    this.devices = o.devices;
    return this;
  }

  load(data: Uint8Array, ctxIn?: Uint8Array): void {
    const { c, wire } = skbInput(this.type, data, ctxIn, this.devices);
    const s = this.skb;
    const as = this.as;
    const u8 = as.u8;
    const head = s.head;
    const frame = head + SKB_HEADROOM;
    const total = SKB_HEADROOM + data.length + TEST_RUN_TAILROOM;
    if (this.used) {
      // a verified program writes only inside the packet (no helper here moves skb data); an
      // unverified one anywhere in the last packet's region
      const end = frame + data.length;
      const dirty = this.verified ? this.dirtyEnd : head + s.region.size;
      if (!this.verified) u8.fill(0, head, frame);
      if (end < dirty) u8.fill(0, end, dirty);
      u8.fill(0, this.ctx, this.ctx + SK_BUFF.size);
      u8.fill(0, this.skRegion.base, this.skRegion.base + BPF_SOCK.size);
    }
    this.used = true;
    s.region.size = total;
    u8.set(data, frame);
    this.dirtyEnd = frame + data.length;
    s.data = frame + (s.l2 ? 0 : ETH_HLEN);
    s.dataEnd = frame + data.length;
    s.end = head + total;
    const len = s.dataEnd - s.data;
    const ctx = this.ctx;
    const sk = this.skRegion.base;
    const dv = as.dv;
    if (c) u8.set(c, ctx);
    // eth_type_trans: PACKET_HOST unless the destination MAC differs from lo's (all zero)
    let pktType = 0;
    if (data[0]! | data[1]! | data[2]! | data[3]! | data[4]! | data[5]!) {
      pktType = data[0]! & 1 ? ((data[0]! & data[1]! & data[2]! & data[3]! & data[4]! & data[5]!) === 0xff ? 1 : 2) : 3;
    }
    dv.setUint32(ctx + SK_BUFF_OFF.pkt_type, pktType, true);
    // protocol is __be16: the two bytes as they are on the wire. eth_type_trans: a length field
    // (below ETH_P_802_3_MIN) means 802.3 framing, raw (ETH_P_802_3) when the payload starts 0xffff
    const proto = (data[12]! << 8) | data[13]!;
    let proto16 = data[12]! | (data[13]! << 8);
    if (proto < 0x600) proto16 = data.length >= 16 && data[14] === 0xff && data[15] === 0xff ? 0x0100 : 0x0400;
    dv.setUint32(ctx + SK_BUFF_OFF.protocol, proto16, true);
    dv.setUint32(ctx + SK_BUFF_OFF.ifindex, 1, true);
    if (wire === 0) dv.setUint32(ctx + SK_BUFF_OFF.wire_len, s.l2 ? data.length : len, true);
    if (proto === 0x0800 && data.length >= ETH_HLEN + 20) {
      dv.setUint32(ctx + SK_BUFF_OFF.family, 2, true);
      u8.copyWithin(ctx + SK_BUFF_OFF.remote_ip4, frame + 30, frame + 34);
      u8.copyWithin(ctx + SK_BUFF_OFF.local_ip4, frame + 26, frame + 30);
      dv.setUint32(sk + BPF_SOCK_OFF.family, 2, true);
      u8.copyWithin(sk + BPF_SOCK_OFF.src_ip4, frame + 26, frame + 30);
      u8.copyWithin(sk + BPF_SOCK_OFF.dst_ip4, frame + 30, frame + 34);
    } else if (proto === 0x86dd && data.length >= ETH_HLEN + 40) {
      dv.setUint32(ctx + SK_BUFF_OFF.family, 10, true);
      u8.copyWithin(ctx + SK_BUFF_OFF.remote_ip6, frame + 38, frame + 54);
      u8.copyWithin(ctx + SK_BUFF_OFF.local_ip6, frame + 22, frame + 38);
      dv.setUint32(sk + BPF_SOCK_OFF.family, 10, true);
      u8.copyWithin(sk + BPF_SOCK_OFF.src_ip6, frame + 22, frame + 38);
      u8.copyWithin(sk + BPF_SOCK_OFF.dst_ip6, frame + 38, frame + 54);
    }
    dv.setUint32(ctx + SK_BUFF_OFF.sk, sk, true);
    dv.setUint32(ctx + SK_BUFF_OFF.sk + 4, 0, true);
    syncSkbCtx(as, s);
    const p = this.packet;
    p.data = s.data;
    p.dataEnd = s.dataEnd;
    p.dataMeta = s.data;
  }

  outLength(): number {
    return this.skb.dataEnd - this.skb.data + (this.skb.l2 ? 0 : ETH_HLEN);
  }

  dataOut(n = this.outLength()): Uint8Array {
    const s = this.skb;
    // the kernel pushes the link-layer header back, zeroed, before copying data_out
    if (s.l2) return this.as.u8.slice(s.data, s.data + n);
    const out = new Uint8Array(n);
    if (n > ETH_HLEN) out.set(this.as.u8.subarray(s.data, s.data + n - ETH_HLEN), ETH_HLEN);
    return out;
  }

  ctxOut(): Uint8Array {
    // convert_skb_to___skb: only the fields ctx_in may set are copied back
    const out = new Uint8Array(SK_BUFF.size);
    const live = this.as.u8.subarray(this.ctx, this.ctx + SK_BUFF.size);
    for (const [off, n] of SKB_CTX_IN_ALLOWED) out.set(live.subarray(off, off + n), off);
    return out;
  }

  release(): void {
    this.skb.region.size = this.capacity;
    this.as.unmap(this.ctxRegion);
    this.as.unmap(this.skRegion);
    this.as.unmap(this.skb.region);
  }
}

const BPF_SOCK_OFF = {
  family: offsetOf(BPF_SOCK, 'family'), src_ip4: offsetOf(BPF_SOCK, 'src_ip4'), dst_ip4: offsetOf(BPF_SOCK, 'dst_ip4'),
  src_ip6: offsetOf(BPF_SOCK, 'src_ip6[0]'), dst_ip6: offsetOf(BPF_SOCK, 'dst_ip6[0]'),
} as const;

/** the program types whose test runs take a packet (bpf_prog_test_run_xdp / _skb) */
function isSkbType(progType: number): boolean {
  switch (progType) {
    case PT.UNSPEC:
    case PT.SOCKET_FILTER:
    case PT.SCHED_CLS:
    case PT.SCHED_ACT:
    case PT.CGROUP_SKB:
    case PT.LWT_IN:
    case PT.LWT_OUT:
    case PT.LWT_XMIT:
    case PT.LWT_SEG6LOCAL:
    case PT.SK_SKB: // sk_skb_prog_ops.test_run = bpf_prog_test_run_skb (net/core/filter.c)
      return true;
    default:
      return false;
  }
}

/**
 * The context and packet for many runs of an XDP or skb program (a capture: hooks/packet_run.ts),
 * mapped once; load() each packet, run, read data_out, repeat, then release(). `verified`
 * programs only write inside the packet's bounds, which lets load() clear less.
 */
export function preparePacketRuns(as: AddressSpace, progType: number, o: TestRunOptions & { verified?: boolean } = {}): PacketSetup {
  const verified = o.verified ?? false;
  if (progType === PT.XDP) return new XdpSetup(as, o, verified);
  if (isSkbType(progType)) return new SkbSetup(as, progType, PAGE_SIZE, verified).withOptions(o);
  throw new BpfError('EINVAL', `program type ${progType} does not take packets`);
}

/** bpf_prog_test_run_xdp / _skb: a fresh setup for one packet */
function preparePacket(as: AddressSpace, progType: number, o: TestRunOptions): PreparedRun {
  const data = o.dataIn ?? EMPTY;
  // the checks come first, so that a refused packet maps nothing
  let setup: XdpSetup | SkbSetup;
  if (progType === PT.XDP) {
    xdpInput(data, o.ctxIn, o.devices);
    setup = new XdpSetup(as, o, false);
  } else {
    skbInput(progType, data, o.ctxIn, o.devices);
    setup = new SkbSetup(as, progType, SKB_HEADROOM + data.length + TEST_RUN_TAILROOM, false).withOptions(o);
  }
  setup.load(data, o.ctxIn);
  const env: ExecEnv = progType === PT.XDP ? { ctx: setup.ctx, xdp: setup.xdp, cpu: o.cpu ?? 0, tailCallCnt: 0 } : { ctx: setup.ctx, skb: setup.skb, cpu: o.cpu ?? 0, tailCallCnt: 0 };
  const x = setup.xdp, s = setup.skb;
  Object.defineProperty(env, 'packet', {
    enumerable: true,
    get: () => (x ? { data: x.data, dataEnd: x.dataEnd, dataMeta: x.dataMeta } : { data: s!.data, dataEnd: s!.dataEnd, dataMeta: s!.data }),
  });
  return {
    ctx: setup.ctx,
    env,
    finish: () => ({ dataOut: setup.dataOut(), ctxOut: o.ctxIn ? setup.ctxOut() : undefined }),
    release: () => setup.release(),
  };
}

/** a context that is the caller's bytes: raw tracepoint args, pt_regs, tracepoint records, syscall ctx */
function prepareRawCtx(as: AddressSpace, size: number, label: string, writable: boolean, o: TestRunOptions, copyBack: boolean): PreparedRun {
  if (o.dataIn && o.dataIn.length) throw new BpfError('EINVAL', `${label} test runs take no data_in, only ctx_in`);
  const bytes = o.ctxIn ?? new Uint8Array(0);
  if (bytes.length > size) throw new BpfError('EINVAL', `ctx_in is ${bytes.length} bytes; ${label} takes at most ${size}`);
  // a syscall context is exactly the caller's bytes; fixed structs are mapped whole, zero-padded;
  // simulated user memory (a tracing context's strings) follows in the same region
  const ctxSize = Math.max(copyBack ? bytes.length : size, 8);
  const userAt = Math.ceil(ctxSize / 8) * 8;
  const um = o.userMem;
  const region = as.map(um ? userAt + um.user.length : ctxSize, RegionKind.Ctx, label, writable);
  as.u8.set(bytes, region.base);
  if (um) {
    as.u8.set(um.user, region.base + userAt);
    for (const r of um.relocs) as.dv.setBigUint64(region.base + r.ctxOff, BigInt(region.base + userAt + r.userOff), true);
  }
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
  if (progType === PT.XDP || isSkbType(progType)) return preparePacket(as, progType, o);
  switch (progType) {
    case PT.KPROBE:
    case PT.PERF_EVENT:
      return prepareRawCtx(as, PT_REGS.size + (progType === PT.PERF_EVENT ? 16 : 0), progType === PT.KPROBE ? 'pt_regs' : 'bpf_perf_event_data', false, o, false);
    case PT.RAW_TRACEPOINT:
    case PT.RAW_TRACEPOINT_WRITABLE:
    case PT.TRACING:
      return prepareRawCtx(as, 8 * 12, 'raw tracepoint args', false, o, false);
    case PT.TRACEPOINT:
      return prepareRawCtx(as, 8192, 'tracepoint record', false, o, false);
    case PT.SK_REUSEPORT:
      // no kernel test run: tsbpf's own, from a frame (reuseport_run.ts)
      return prepareReuseportRun(as, o);
    case PT.SYSCALL:
      // bpf_prog_test_run_syscall: the context is caller memory, copied back after the run
      return prepareRawCtx(as, 65535, 'syscall ctx', true, o, true);
    default:
      throw new BpfError('ENOTSUPP', `test runs of program type ${progType} are not supported`);
  }
}
