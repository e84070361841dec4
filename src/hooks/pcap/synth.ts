/**
 * Builders for synthetic packets (Ethernet, VLAN, MPLS, ARP, IPv4 with options and fragments,
 * IPv6 with extension headers, TCP, UDP, ICMP, ICMPv6, SCTP, IGMP) and the link-layer
 * encapsulations tsbpf reads (raw IP, Linux SLL/SLL2, BSD loopback). Used by
 * scripts/make-captures.mjs for the committed test captures, by the tests, and by the bench to
 * generate large captures. Everything is deterministic: a seeded PRNG, no clocks.
 */

/** mulberry32: a small deterministic PRNG */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function be16(v: number): number[] {
  return [(v >>> 8) & 0xff, v & 0xff];
}
function be32(v: number): number[] {
  return [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
}

export function ip4(s: string): number[] {
  return s.split('.').map(Number);
}

export function ip6(s: string): number[] {
  const [head, tail] = s.includes('::') ? s.split('::') : [s, undefined];
  const h = head ? head.split(':').filter((x) => x !== '') : [];
  const t = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  return groups.flatMap((g) => be16(parseInt(g, 16)));
}

export function mac(s: string): number[] {
  return s.split(':').map((x) => parseInt(x, 16));
}

function csum(bytes: number[] | Uint8Array, init = 0): number {
  let s = init;
  for (let i = 0; i + 1 < bytes.length; i += 2) s += (bytes[i]! << 8) | bytes[i + 1]!;
  if (bytes.length % 2) s += bytes[bytes.length - 1]! << 8;
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return ~s & 0xffff;
}

export function payload(n: number, seed = 1): Uint8Array {
  const r = prng(seed);
  const p = new Uint8Array(n);
  for (let i = 0; i < n; i++) p[i] = (r() * 256) | 0;
  return p;
}

// --- transport ---

export const TCP_FIN = 0x01, TCP_SYN = 0x02, TCP_RST = 0x04, TCP_PSH = 0x08, TCP_ACK = 0x10, TCP_URG = 0x20, TCP_ECE = 0x40, TCP_CWR = 0x80;

export function tcp(sport: number, dport: number, flags: number, data: Uint8Array = new Uint8Array(0), seq = 1000): Uint8Array {
  const h = [...be16(sport), ...be16(dport), ...be32(seq), ...be32(flags & TCP_ACK ? 2000 : 0), 0x50, flags, ...be16(65535), 0, 0, 0, 0];
  return concat(Uint8Array.from(h), data);
}

export function udp(sport: number, dport: number, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  return concat(Uint8Array.from([...be16(sport), ...be16(dport), ...be16(8 + data.length), 0, 0]), data);
}

export function icmp(type: number, code: number, data: Uint8Array = new Uint8Array(8)): Uint8Array {
  const b = [type, code, 0, 0, ...data];
  const c = csum(b);
  b[2] = c >> 8;
  b[3] = c & 0xff;
  return Uint8Array.from(b);
}

/** SCTP common header and one DATA-less INIT-ish chunk (enough for port matching) */
export function sctp(sport: number, dport: number): Uint8Array {
  return Uint8Array.from([...be16(sport), ...be16(dport), ...be32(0x1234), 0, 0, 0, 0, 1, 0, 0, 20, ...be32(1), ...be32(0x10000), 0, 1, 0, 1, ...be32(7)]);
}

export function igmp(type: number, group: string): Uint8Array {
  return Uint8Array.from([type, 0, 0, 0, ...ip4(group)]);
}

// --- network ---

export interface Ip4Opts {
  id?: number;
  ttl?: number;
  /** fragment offset in 8-byte units */
  fragOffset?: number;
  moreFragments?: boolean;
  dontFragment?: boolean;
  /** IP options (padded to 4 bytes) */
  options?: number[];
  tos?: number;
}

export function ipv4(src: string, dst: string, proto: number, body: Uint8Array, o: Ip4Opts = {}): Uint8Array {
  const opts = o.options ?? [];
  while (opts.length % 4) opts.push(0);
  const ihl = 5 + opts.length / 4;
  const total = ihl * 4 + body.length;
  const frag = ((o.moreFragments ? 0x2000 : 0) | (o.dontFragment ? 0x4000 : 0) | (o.fragOffset ?? 0)) & 0xffff;
  const h = [0x40 | ihl, o.tos ?? 0, ...be16(total), ...be16(o.id ?? 1), ...be16(frag), o.ttl ?? 64, proto, 0, 0, ...ip4(src), ...ip4(dst), ...opts];
  const c = csum(h);
  h[10] = c >> 8;
  h[11] = c & 0xff;
  return concat(Uint8Array.from(h), body);
}

export function ipv6(src: string, dst: string, nxt: number, body: Uint8Array, hopLimit = 64): Uint8Array {
  return concat(Uint8Array.from([0x60, 0, 0, 0, ...be16(body.length), nxt, hopLimit, ...ip6(src), ...ip6(dst)]), body);
}

/** an IPv6 extension header (hop-by-hop 0, routing 43, destination options 60): 8 bytes */
export function ip6ext(nxt: number, body: Uint8Array, type: 0 | 43 | 60 = 0): Uint8Array {
  const h = type === 43 ? [nxt, 0, 0, 0, 0, 0, 0, 0] : [nxt, 0, 1, 4, 0, 0, 0, 0]; // PadN option
  return concat(Uint8Array.from(h), body);
}

/** IPv6 fragment header (44) */
export function ip6frag(nxt: number, body: Uint8Array, offset = 0, more = false, id = 7): Uint8Array {
  return concat(Uint8Array.from([nxt, 0, ...be16((offset << 3) | (more ? 1 : 0)), ...be32(id)]), body);
}

/** authentication header (51): payload length in 4-byte units minus 2; 12 bytes of header + 4 ICV */
export function ah(nxt: number, body: Uint8Array): Uint8Array {
  return concat(Uint8Array.from([nxt, 2, 0, 0, ...be32(0x100), ...be32(1), ...be32(0xdeadbeef)]), body);
}

export const ARPOP_REQUEST = 1, ARPOP_REPLY = 2, ARPOP_RREQUEST = 3, ARPOP_RREPLY = 4;

export function arp(op: number, sha: string, spa: string, tha: string, tpa: string): Uint8Array {
  return Uint8Array.from([0, 1, 8, 0, 6, 4, ...be16(op), ...mac(sha), ...ip4(spa), ...mac(tha), ...ip4(tpa)]);
}

// --- link ---

export const ETH_P_IP = 0x0800, ETH_P_ARP = 0x0806, ETH_P_RARP = 0x8035, ETH_P_8021Q = 0x8100, ETH_P_8021AD = 0x88a8, ETH_P_IPV6 = 0x86dd, ETH_P_MPLS_UC = 0x8847;

export function ether(dst: string, src: string, type: number, body: Uint8Array, padTo60 = true): Uint8Array {
  const f = concat(Uint8Array.from([...mac(dst), ...mac(src), ...be16(type)]), body);
  return padTo60 && f.length < 60 ? concat(f, new Uint8Array(60 - f.length)) : f;
}

/** an 802.1Q tag in front of `type`: returns the bytes after the outer ethertype */
export function vlanTag(id: number, type: number, body: Uint8Array, pcp = 0): Uint8Array {
  return concat(Uint8Array.from([...be16((pcp << 13) | (id & 0xfff)), ...be16(type)]), body);
}

/** a Geneve header (RFC 8926) with `optWords` 4-byte words of options, in front of `body` */
export function geneve(vni: number, protocol: number, body: Uint8Array, optWords = 0, version = 0): Uint8Array {
  const opts = new Uint8Array(optWords * 4).map((_, i) => (i * 37 + 11) & 0xff);
  return concat(Uint8Array.from([(version << 6) | (optWords & 0x3f), 0, ...be16(protocol), ...be32(((vni & 0xffffff) << 8) >>> 0)]), opts, body);
}

/** an MPLS label stack entry; bottom = S bit */
export function mplsLabel(label: number, bottom: boolean, body: Uint8Array, ttl = 64): Uint8Array {
  return concat(Uint8Array.from(be32(((label & 0xfffff) << 12) | (bottom ? 0x100 : 0) | ttl)), body);
}

/** Linux cooked v1: packet type, ARPHRD, address length, 8-byte address, protocol */
export function sll(protocol: number, l3: Uint8Array, pkttype = 0, addr = '00:11:22:33:44:55'): Uint8Array {
  const a = mac(addr);
  return concat(Uint8Array.from([...be16(pkttype), ...be16(1), ...be16(6), ...a, 0, 0, ...be16(protocol)]), l3);
}

/** Linux cooked v2: protocol, reserved, ifindex, ARPHRD, packet type, address length, 8-byte address */
export function sll2(protocol: number, l3: Uint8Array, ifindex = 2, pkttype = 0, addr = '00:11:22:33:44:55'): Uint8Array {
  return concat(Uint8Array.from([...be16(protocol), 0, 0, ...be32(ifindex), ...be16(1), pkttype, 6, ...mac(addr), 0, 0]), l3);
}

/** BSD loopback (DLT_NULL, host byte order of the capturing machine) or OpenBSD LOOP (network order) */
export function loopback(af: number, l3: Uint8Array, littleEndian: boolean): Uint8Array {
  const h = new Uint8Array(4);
  new DataView(h.buffer).setUint32(0, af, littleEndian);
  return concat(h, l3);
}

export const AF_INET = 2, AF_INET6_BSD = 24, AF_INET6_FREEBSD = 28, AF_INET6_DARWIN = 30;
