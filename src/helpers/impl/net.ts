/**
 * Packet helpers of net/core/filter.c: bpf_skb_load_bytes / _relative, bpf_skb_store_bytes,
 * bpf_l3_csum_replace, bpf_l4_csum_replace, bpf_csum_diff, bpf_csum_update, bpf_skb_pull_data,
 * bpf_redirect, bpf_redirect_map, bpf_xdp_adjust_head / _tail / _meta, bpf_xdp_load_bytes /
 * _store_bytes, bpf_xdp_get_buff_len. They work on the run's packet state (ExecEnv.skb /
 * ExecEnv.xdp, set up by progtypes' prepareTestRun) and keep the context's pointer fields in step.
 */
import { BPF_FUNC } from '../../isa/helper_ids.js';
import type { AddressSpace } from '../../vm/address_space.js';
import { RegionKind, type Region } from '../../vm/address_space.js';
import type { HelperContext, HelperRegistry } from '../api.js';
import { BPF_MAP_TYPE, type BpfMapLike } from '../map_iface.js';
import { csumDiff, csumReplace2, csumReplace4, csumReplaceByDiff } from './csum.js';
import { ETH_HLEN, PAGE_SIZE, SKB_SHARED_INFO_SIZE, XDP_FRAME_SIZE, XDP_META_MAX } from '../../isa/packet_layout.js';
import { canAccess, henv, mapArg, neg } from './util.js';

const id = (n: string): number => BPF_FUNC[n]!;

/** the live packet state helpers need (structurally the progtypes XdpBuff / SkbState) */
interface XdpState {
  hardStart: number;
  data: number;
  dataEnd: number;
  dataMeta: number;
  frameEnd: number;
  ctx: number;
  /** multi-buffer frames: the bytes after the linear part */
  frags?: Uint8Array;
}

const fragLen = (x: XdpState): number => x.frags?.length ?? 0;
interface SkbLike {
  head: number;
  data: number;
  dataEnd: number;
  end: number;
  ctx: number;
  l2: boolean;
}

function xdpOf(h: HelperContext): XdpState | undefined {
  return henv(h).xdp as XdpState | undefined;
}
function skbOf(h: HelperContext): SkbLike | undefined {
  return henv(h).skb as SkbLike | undefined;
}

function syncXdp(as: AddressSpace, x: XdpState): void {
  as.dv.setUint32(x.ctx + 0, x.data, true);
  as.dv.setUint32(x.ctx + 4, x.dataEnd, true);
  as.dv.setUint32(x.ctx + 8, x.dataMeta, true);
}

function u32arg(h: HelperContext, i: number): number {
  return Number(BigInt.asUintN(32, h.arg(i)));
}

// ---- skb ----------------------------------------------------------------------------------------

/** bpf_skb_load_bytes(skb, offset, to, len): -EFAULT (and a zeroed buffer) outside the packet */
function skbLoadBytes(h: HelperContext): void {
  const s = skbOf(h);
  const off = u32arg(h, 2);
  const to = h.argPtr(3);
  const len = u32arg(h, 4);
  h.as.check(to, len, true, h.pc);
  if (!s || off > 0x7fffffff || off + len > s.dataEnd - s.data) {
    h.as.u8.fill(0, to, to + len);
    return h.ret(neg('EFAULT'));
  }
  h.as.u8.copyWithin(to, s.data + off, s.data + off + len);
  h.ret(0);
}

const BPF_HDR_START_MAC = 0;
const BPF_HDR_START_NET = 1;

/** bpf_skb_load_bytes_relative(skb, offset, to, len, start_header) */
function skbLoadBytesRelative(h: HelperContext): void {
  const s = skbOf(h);
  const off = u32arg(h, 2);
  const to = h.argPtr(3);
  const len = u32arg(h, 4);
  const hdr = u32arg(h, 5);
  h.as.check(to, len, true, h.pc);
  const fail = (): void => {
    h.as.u8.fill(0, to, to + len);
    h.ret(neg('EFAULT'));
  };
  if (!s || off > 0xffff) return fail();
  // the mac header is where the frame starts; the network header follows it
  const mac = s.l2 ? s.data : s.data - ETH_HLEN;
  let start: number;
  if (hdr === BPF_HDR_START_MAC) start = mac;
  else if (hdr === BPF_HDR_START_NET) start = mac + ETH_HLEN;
  else return fail();
  if (start + off + len > s.dataEnd) return fail();
  h.as.u8.copyWithin(to, start + off, start + off + len);
  h.ret(0);
}

const BPF_F_RECOMPUTE_CSUM = 1n;
const BPF_F_INVALIDATE_HASH = 2n;

/** bpf_skb_store_bytes(skb, offset, from, len, flags) */
function skbStoreBytes(h: HelperContext): void {
  const s = skbOf(h);
  const off = u32arg(h, 2);
  const from = h.argPtr(3);
  const len = u32arg(h, 4);
  const flags = h.arg(5);
  if (flags & ~(BPF_F_RECOMPUTE_CSUM | BPF_F_INVALIDATE_HASH)) return h.ret(neg('EINVAL'));
  if (!s || off > 0xffff) return h.ret(neg('EFAULT'));
  // bpf_try_make_writable: the bytes must be inside the linear packet
  if (off + len > s.dataEnd - s.data) return h.ret(neg('EFAULT'));
  h.as.check(from, len, false, h.pc);
  h.as.u8.copyWithin(s.data + off, from, from + len);
  h.ret(0);
}

const BPF_F_HDR_FIELD_MASK = 0xfn;
const BPF_F_PSEUDO_HDR = 1n << 4n;
const BPF_F_MARK_MANGLED_0 = 1n << 5n;
const BPF_F_MARK_ENFORCE = 1n << 6n;
const BPF_F_IPV6 = 1n << 7n;
/** CSUM_MANGLED_0: a UDP checksum that computes to 0 is sent as 0xffff */
const CSUM_MANGLED_0 = 0xffff;

/** the 16-bit checksum field at packet offset `off`, or an errno when it is not writable packet data */
function csumField(h: HelperContext, off: number): number | string {
  const s = skbOf(h);
  if (!s) return 'EFAULT';
  if (off > 0xffff || off & 1) return 'EFAULT';
  if (off + 2 > s.dataEnd - s.data) return 'EFAULT';
  return s.data + off;
}

/** bpf_l3_csum_replace(skb, offset, from, to, flags): flags' low 4 bits give the field size (0 = `to` is a diff) */
function l3CsumReplace(h: HelperContext): void {
  const off = u32arg(h, 2);
  const from = u32arg(h, 3);
  const to = u32arg(h, 4);
  const flags = h.arg(5);
  if (flags & ~BPF_F_HDR_FIELD_MASK) return h.ret(neg('EINVAL'));
  const p = csumField(h, off);
  if (typeof p === 'string') return h.ret(neg(p as 'EFAULT'));
  const dv = h.as.dv;
  const sum = dv.getUint16(p, true);
  const out = csumReplaceField(sum, Number(flags & BPF_F_HDR_FIELD_MASK), from, to);
  if (out === undefined) return h.ret(neg('EINVAL'));
  dv.setUint16(p, out, true);
  h.ret(0);
}

/**
 * The checksum after a field of `size` bytes (BPF_F_HDR_FIELD_MASK: 2 or 4) changed from `from`
 * to `to`, or with size 0 after adding the precomputed diff `to` (from must be 0); undefined for
 * another size (EINVAL). Shared by bpf_l3_csum_replace and bpf_l4_csum_replace (net/core/filter.c).
 */
function csumReplaceField(sum: number, size: number, from: number, to: number): number | undefined {
  switch (size) {
    case 0:
      return from === 0 ? csumReplaceByDiff(sum, to) : undefined;
    case 2:
      return csumReplace2(sum, from & 0xffff, to & 0xffff);
    case 4:
      return csumReplace4(sum, from, to);
    default:
      return undefined;
  }
}

/**
 * bpf_l4_csum_replace(skb, offset, from, to, flags): as l3, plus BPF_F_PSEUDO_HDR (the field is
 * part of the pseudo-header; with the test-run skb's CHECKSUM_NONE the arithmetic is the same),
 * BPF_F_MARK_MANGLED_0 (a zero checksum means "none" and stays 0; a result of 0 is written as
 * 0xffff) and BPF_F_MARK_ENFORCE.
 */
function l4CsumReplace(h: HelperContext): void {
  const off = u32arg(h, 2);
  const from = u32arg(h, 3);
  const to = u32arg(h, 4);
  const flags = h.arg(5);
  const mmzero = (flags & BPF_F_MARK_MANGLED_0) !== 0n;
  const mforce = (flags & BPF_F_MARK_ENFORCE) !== 0n;
  if (flags & ~(BPF_F_MARK_MANGLED_0 | BPF_F_MARK_ENFORCE | BPF_F_PSEUDO_HDR | BPF_F_HDR_FIELD_MASK | BPF_F_IPV6)) return h.ret(neg('EINVAL'));
  const p = csumField(h, off);
  if (typeof p === 'string') return h.ret(neg(p as 'EFAULT'));
  const dv = h.as.dv;
  const sum = dv.getUint16(p, true);
  if (mmzero && !mforce && sum === 0) return h.ret(0);
  let out = csumReplaceField(sum, Number(flags & BPF_F_HDR_FIELD_MASK), from, to);
  if (out === undefined) return h.ret(neg('EINVAL'));
  if (mmzero && out === 0) out = CSUM_MANGLED_0;
  dv.setUint16(p, out, true);
  h.ret(0);
}

/**
 * bpf_csum_diff(from, from_size, to, to_size, seed). Linux 6.13+ takes any sizes and returns a
 * 16-bit fold (see csum.ts); set env.csumDiffUnfolded for the older kernels' behaviour (sizes
 * multiples of 4, at most 512 bytes, -EINVAL otherwise; the raw 32-bit x86 csum_partial value).
 */
function csumDiffHelper(h: HelperContext): void {
  const fromP = h.argPtr(1);
  const fromSize = u32arg(h, 2);
  const toP = h.argPtr(3);
  const toSize = u32arg(h, 4);
  const seed = u32arg(h, 5);
  const legacy = !!henv(h).csumDiffUnfolded;
  // only the old scratch-buffer version needs whole 32-bit words (and at most 512 bytes)
  if (legacy && ((fromSize | toSize) & 3 || fromSize + toSize > 512)) return h.ret(neg('EINVAL'));
  if (fromSize) h.as.check(fromP, fromSize, false, h.pc);
  if (toSize) h.as.check(toP, toSize, false, h.pc);
  const from = fromSize ? h.as.u8.slice(fromP, fromP + fromSize) : new Uint8Array(0);
  const to = toSize ? h.as.u8.slice(toP, toP + toSize) : new Uint8Array(0);
  if (!fromSize && !toSize) return h.ret(seed);
  h.ret64(BigInt(csumDiff(from, to, seed, legacy)));
}

/** bpf_csum_update: only for CHECKSUM_COMPLETE skbs; test-run skbs are CHECKSUM_NONE */
function csumUpdate(h: HelperContext): void {
  h.ret(neg('ENOTSUPP'));
}

/** bpf_skb_pull_data(skb, len): test-run skbs are linear, so this only checks len */
function skbPullData(h: HelperContext): void {
  const s = skbOf(h);
  const len = u32arg(h, 2);
  if (!s) return h.ret(neg('EINVAL'));
  h.ret(len > s.dataEnd - s.data ? neg('ENOMEM') : 0);
}

// ---- redirect -----------------------------------------------------------------------------------

const XDP_ABORTED = 0;
const XDP_REDIRECT = 4;
const TC_ACT_SHOT = 2;
const TC_ACT_REDIRECT = 7;
const BPF_F_INGRESS = 1n;
const SK_DROP = 0;
const SK_PASS = 1;
const BPF_F_BROADCAST = 1n << 3n;
const BPF_F_EXCLUDE_INGRESS = 1n << 4n;

/** bpf_redirect(ifindex, flags): XDP_REDIRECT / TC_ACT_REDIRECT, the target recorded in env.redirect */
function redirect(h: HelperContext): void {
  const ifindex = u32arg(h, 1);
  const flags = h.arg(2);
  const env = henv(h);
  if (env.xdp) {
    if (flags) return h.ret(XDP_ABORTED);
    env.redirect = { ifindex, flags: 0 };
    return h.ret(XDP_REDIRECT);
  }
  if (flags & ~BPF_F_INGRESS) return h.ret(TC_ACT_SHOT);
  env.redirect = { ifindex, flags: Number(flags) };
  h.ret(TC_ACT_REDIRECT);
}

const scratch = new WeakMap<AddressSpace, Region>();
function scratchKey(as: AddressSpace, key: number): number {
  let r = scratch.get(as);
  if (!r) {
    r = as.map(8, RegionKind.Scratch, 'helper scratch', true);
    scratch.set(as, r);
  }
  as.dv.setUint32(r.base, key, true);
  return r.base;
}

/**
 * bpf_redirect_map(map, key, flags): the low two bits of flags are the action returned when the
 * slot is empty; BPF_F_BROADCAST and BPF_F_EXCLUDE_INGRESS are the only other flags.
 */
function redirectMap(h: HelperContext): void {
  const m = mapArg(h, 1);
  const key = u32arg(h, 2);
  const flags = h.arg(3);
  const actionMask = 3n;
  if (flags & ~(actionMask | BPF_F_BROADCAST | BPF_F_EXCLUDE_INGRESS)) return h.ret(XDP_ABORTED);
  const devlike = m.type === BPF_MAP_TYPE.DEVMAP || m.type === BPF_MAP_TYPE.DEVMAP_HASH || m.type === BPF_MAP_TYPE.CPUMAP || m.type === BPF_MAP_TYPE.XSKMAP;
  // the key is the helper's own scratch memory, not the program's: looked up outside its sandbox
  const found = devlike && h.as.privileged(() => m.lookupPtr(scratchKey(h.as, key))) !== 0;
  if (!found && !(flags & BPF_F_BROADCAST)) return h.ret(Number(flags & actionMask));
  henv(h).redirect = { ifindex: 0, flags: Number(flags), map: m, key };
  h.ret(XDP_REDIRECT);
}

/**
 * bpf_sk_redirect_map / bpf_msg_redirect_map (net/core/sock_map.c): SK_PASS with the socket in the
 * SOCKMAP slot `key` as the target (BPF_F_INGRESS: onto its receive queue), SK_DROP for other
 * flags or an empty slot. The socket the slot holds (the fd or cookie written from user space) is
 * recorded as the redirect's target.
 */
function sockRedirectMap(h: HelperContext): void {
  const m = mapArg(h, 2);
  const key = u32arg(h, 3);
  const flags = h.arg(4);
  if (flags & ~BPF_F_INGRESS || m.type !== BPF_MAP_TYPE.SOCKMAP) return h.ret(SK_DROP);
  const v = h.as.privileged(() => m.lookupPtr(scratchKey(h.as, key)));
  sockRedirect(h, m, v, flags);
}

/** bpf_sk_redirect_hash / bpf_msg_redirect_hash: as the map flavour, the key a pointer to SOCKHASH key bytes */
function sockRedirectHash(h: HelperContext): void {
  const m = mapArg(h, 2);
  const flags = h.arg(4);
  if (flags & ~BPF_F_INGRESS || m.type !== BPF_MAP_TYPE.SOCKHASH) return h.ret(SK_DROP);
  sockRedirect(h, m, m.lookupPtr(h.argLo(3)), flags);
}

/** the common tail: __sock_map_lookup_elem found no socket -> SK_DROP; else skb_bpf_set_redir / msg->sk_redir */
function sockRedirect(h: HelperContext, m: BpfMapLike, valuePtr: number, flags: bigint): void {
  const sock = valuePtr ? h.as.dv.getUint32(valuePtr, true) : 0;
  if (!sock) return h.ret(SK_DROP);
  henv(h).redirect = { ifindex: 0, flags: Number(flags), map: m, key: sock };
  h.ret(SK_PASS);
}

/**
 * bpf_sk_select_reuseport(ctx, map, key, flags) (net/core/filter.c sk_select_reuseport): the socket
 * in a REUSEPORT_SOCKARRAY slot, or a SOCKMAP/SOCKHASH entry, becomes the run's selection
 * (progtypes/reuseport_run.ts); -ENOENT when the slot is empty. tsbpf's simulated sockets all
 * belong to the run's reuseport group, so the kernel's -EPROTOTYPE / -EAFNOSUPPORT / -EBADFD for a
 * socket of another group cannot happen here.
 */
function skSelectReuseport(h: HelperContext): void {
  const m = mapArg(h, 2);
  const keyPtr = h.argPtr(3);
  let sock: number | undefined;
  if (m.type === BPF_MAP_TYPE.REUSEPORT_SOCKARRAY) {
    h.as.check(keyPtr, 4, false, h.pc);
    sock = m.socketAt?.(h.as.dv.getUint32(keyPtr, true));
  } else {
    // sockmap / sockhash: the socket number the slot holds (0: empty)
    const v = m.lookupPtr(keyPtr);
    sock = v ? h.as.dv.getUint32(v, true) || undefined : undefined;
  }
  if (sock === undefined) return h.ret(neg('ENOENT'));
  const state = henv(h).reuseport as { selected?: number } | undefined;
  if (state) state.selected = sock;
  h.ret(0);
}

// ---- XDP ----------------------------------------------------------------------------------------

/** bpf_xdp_adjust_head(xdp, offset): move data; metadata moves with it */
function xdpAdjustHead(h: HelperContext): void {
  const x = xdpOf(h);
  if (!x) return h.ret(neg('EINVAL'));
  const offset = h.argLo(2);
  const metalen = x.data - x.dataMeta;
  const dataStart = x.hardStart + XDP_FRAME_SIZE + metalen;
  const data = x.data + offset;
  if (data < dataStart || data > x.dataEnd - ETH_HLEN) return h.ret(neg('EINVAL'));
  if (metalen) h.as.u8.copyWithin(x.dataMeta + offset, x.dataMeta, x.dataMeta + metalen);
  x.dataMeta += offset;
  x.data = data;
  syncXdp(h.as, x);
  h.ret(0);
}

/**
 * bpf_xdp_adjust_meta(xdp, offset): metadata is a multiple of 4 bytes (else -EACCES) and fits
 * in the headroom after struct xdp_frame (else -EINVAL). Linux 6.x dropped the old 32-byte cap;
 * XDP_META_MAX keeps the u8-sized bound the kernel's metadata length field allows.
 */
function xdpAdjustMeta(h: HelperContext): void {
  const x = xdpOf(h);
  if (!x) return h.ret(neg('EINVAL'));
  const offset = h.argLo(2);
  const meta = x.dataMeta + offset;
  const metalen = x.data - meta;
  if (meta < x.hardStart + XDP_FRAME_SIZE || meta > x.data) return h.ret(neg('EINVAL'));
  if (metalen & 3 || metalen > XDP_META_MAX) return h.ret(neg('EACCES'));
  x.dataMeta = meta;
  syncXdp(h.as, x);
  h.ret(0);
}

/** bpf_xdp_adjust_tail(xdp, offset): grow into the tailroom (zeroed) or shrink, keeping ETH_HLEN bytes */
function xdpAdjustTail(h: HelperContext): void {
  const x = xdpOf(h);
  if (!x) return h.ret(neg('EINVAL'));
  const offset = h.argLo(2);
  if (fragLen(x)) {
    // bpf_xdp_frags_increase_tail / _shrink_tail: the last page-sized fragment grows within its
    // page; shrinking releases fragment bytes first (then linear bytes), keeping ETH_HLEN
    const frags = x.frags!;
    if (offset > 0) {
      const last = ((frags.length - 1) % PAGE_SIZE) + 1;
      if (offset > PAGE_SIZE - last) return h.ret(neg('EINVAL'));
      const grown = new Uint8Array(frags.length + offset);
      grown.set(frags);
      x.frags = grown;
      return h.ret(0);
    }
    const shrink = -offset;
    if (shrink > x.dataEnd - x.data + frags.length - ETH_HLEN) return h.ret(neg('EINVAL'));
    const fromFrags = Math.min(shrink, frags.length);
    x.frags = frags.slice(0, frags.length - fromFrags);
    x.dataEnd -= shrink - fromFrags;
    syncXdp(h.as, x);
    return h.ret(0);
  }
  const hardEnd = x.frameEnd - SKB_SHARED_INFO_SIZE;
  const dataEnd = x.dataEnd + offset;
  if (dataEnd > hardEnd) return h.ret(neg('EINVAL'));
  if (dataEnd < x.data + ETH_HLEN) return h.ret(neg('EINVAL'));
  if (offset > 0) h.as.u8.fill(0, x.dataEnd, dataEnd);
  x.dataEnd = dataEnd;
  syncXdp(h.as, x);
  h.ret(0);
}

/** bpf_xdp_pointer's checks for xdp_load_bytes / xdp_store_bytes */
function xdpRange(h: HelperContext, x: XdpState, off: number, len: number): number {
  if (off > 0xffff || len > 0xffff) return neg('EFAULT');
  if (off + len > x.dataEnd - x.data + fragLen(x)) return neg('EINVAL');
  return 0;
}

/** copy between the frame (linear part, then fragments) and address-space memory */
function xdpCopy(h: HelperContext, x: XdpState, off: number, mem: number, len: number, toFrame: boolean): void {
  const lin = x.dataEnd - x.data;
  const u8 = h.as.u8;
  for (let k = 0; k < len; k++) {
    const p = off + k;
    if (p < lin) {
      if (toFrame) u8[x.data + p] = u8[mem + k]!;
      else u8[mem + k] = u8[x.data + p]!;
    } else if (toFrame) x.frags![p - lin] = u8[mem + k]!;
    else u8[mem + k] = x.frags![p - lin]!;
  }
}

function xdpLoadBytes(h: HelperContext): void {
  const x = xdpOf(h);
  if (!x) return h.ret(neg('EINVAL'));
  const off = u32arg(h, 2);
  const buf = h.argPtr(3);
  const len = u32arg(h, 4);
  const e = xdpRange(h, x, off, len);
  if (e) return h.ret(e);
  h.as.check(buf, len, true, h.pc);
  xdpCopy(h, x, off, buf, len, false);
  h.ret(0);
}

function xdpStoreBytes(h: HelperContext): void {
  const x = xdpOf(h);
  if (!x) return h.ret(neg('EINVAL'));
  const off = u32arg(h, 2);
  const buf = h.argPtr(3);
  const len = u32arg(h, 4);
  const e = xdpRange(h, x, off, len);
  if (e) return h.ret(e);
  if (!canAccess(h, buf, len, false)) h.as.check(buf, len, false, h.pc);
  xdpCopy(h, x, off, buf, len, true);
  h.ret(0);
}

function xdpGetBuffLen(h: HelperContext): void {
  const x = xdpOf(h);
  h.ret(x ? x.dataEnd - x.data + fragLen(x) : 0);
}

// ---- skb metadata ---------------------------------------------------------------------------------

const SKB_HASH_OFF = 68;
const SKB_PKT_TYPE_OFF = 4;
/** PACKET_OTHERHOST: the largest packet type bpf_skb_change_type deals with */
const PACKET_OTHERHOST = 3;

/** bpf_set_hash(skb, hash): sets skb->hash (as a software L4 hash); returns 0 */
function setHash(h: HelperContext): void {
  const s = skbOf(h);
  if (s) h.as.dv.setUint32(s.ctx + SKB_HASH_OFF, u32arg(h, 2), true);
  h.ret(0);
}

/** bpf_set_hash_invalid(skb): clears skb->hash so it is computed again when needed */
function setHashInvalid(h: HelperContext): void {
  const s = skbOf(h);
  if (s) h.as.dv.setUint32(s.ctx + SKB_HASH_OFF, 0, true);
  h.ret(0);
}

/** bpf_skb_change_type(skb, type): both the old and the new type must be at most PACKET_OTHERHOST */
function skbChangeType(h: HelperContext): void {
  const s = skbOf(h);
  if (!s) return h.ret(neg('EINVAL'));
  const cur = h.as.dv.getUint32(s.ctx + SKB_PKT_TYPE_OFF, true);
  const t = u32arg(h, 2);
  if (cur > PACKET_OTHERHOST || t > PACKET_OTHERHOST) return h.ret(neg('EINVAL'));
  h.as.dv.setUint32(s.ctx + SKB_PKT_TYPE_OFF, t, true);
  h.ret(0);
}

/** values that are 0 for a test-run skb: no net_cls classid, no route, the fake socket's uid 0 */
function zero(h: HelperContext): void {
  h.ret(0);
}

export function registerNet(r: HelperRegistry): void {
  r.register(id('set_hash'), 'bpf_set_hash', setHash)
    .register(id('set_hash_invalid'), 'bpf_set_hash_invalid', setHashInvalid)
    .register(id('skb_change_type'), 'bpf_skb_change_type', skbChangeType)
    .register(id('get_cgroup_classid'), 'bpf_get_cgroup_classid', zero)
    .register(id('get_route_realm'), 'bpf_get_route_realm', zero)
    .register(id('get_socket_uid'), 'bpf_get_socket_uid', zero);
  r.register(id('skb_load_bytes'), 'bpf_skb_load_bytes', skbLoadBytes)
    .register(id('skb_load_bytes_relative'), 'bpf_skb_load_bytes_relative', skbLoadBytesRelative)
    .register(id('skb_store_bytes'), 'bpf_skb_store_bytes', skbStoreBytes)
    .register(id('l3_csum_replace'), 'bpf_l3_csum_replace', l3CsumReplace)
    .register(id('l4_csum_replace'), 'bpf_l4_csum_replace', l4CsumReplace)
    .register(id('csum_diff'), 'bpf_csum_diff', csumDiffHelper)
    .register(id('csum_update'), 'bpf_csum_update', csumUpdate)
    .register(id('skb_pull_data'), 'bpf_skb_pull_data', skbPullData)
    .register(id('redirect'), 'bpf_redirect', redirect)
    .register(id('redirect_map'), 'bpf_redirect_map', redirectMap)
    .register(id('sk_redirect_map'), 'bpf_sk_redirect_map', sockRedirectMap)
    .register(id('msg_redirect_map'), 'bpf_msg_redirect_map', sockRedirectMap)
    .register(id('sk_redirect_hash'), 'bpf_sk_redirect_hash', sockRedirectHash)
    .register(id('sk_select_reuseport'), 'bpf_sk_select_reuseport', skSelectReuseport)
    .register(id('msg_redirect_hash'), 'bpf_msg_redirect_hash', sockRedirectHash)
    .register(id('xdp_adjust_head'), 'bpf_xdp_adjust_head', xdpAdjustHead)
    .register(id('xdp_adjust_meta'), 'bpf_xdp_adjust_meta', xdpAdjustMeta)
    .register(id('xdp_adjust_tail'), 'bpf_xdp_adjust_tail', xdpAdjustTail)
    .register(id('xdp_load_bytes'), 'bpf_xdp_load_bytes', xdpLoadBytes)
    .register(id('xdp_store_bytes'), 'bpf_xdp_store_bytes', xdpStoreBytes)
    .register(id('xdp_get_buff_len'), 'bpf_xdp_get_buff_len', xdpGetBuffLen);
}
