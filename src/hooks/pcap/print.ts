/**
 * One line per packet, as `tcpdump -n` prints it (tcpdump 4.99's print-ether.c, print-ip.c,
 * print-ip6.c, print-tcp.c, print-udp.c, print-icmp.c, print-icmp6.c, print-arp.c and
 * print-domain.c are the models), for the protocols people read most: Ethernet (with `-e`),
 * 802.1Q, ARP, IPv4, IPv6, TCP (flags, relative sequence numbers per conversation, ack, window,
 * options), UDP, ICMP, ICMPv6 and DNS queries and answers. Anything else gets a generic line
 * naming the protocol and the length. `-q` is tcpdump's quick form (`tcp 0`, `UDP, length N`).
 * `-v` adds what tcpdump -v adds for these: the IPv4 header line (tos, ttl, id, offset, flags,
 * proto, length, a bad header checksum) and the IPv6 one (class, flow label, hop limit, next
 * header, payload length), TCP checksums checked against the pseudo-header (`cksum 0x… (correct)`
 * or `(incorrect -> 0x…)`), UDP-over-IPv6 and ICMPv6 checksums (`[udp sum ok]`), a wrong ICMP
 * checksum, ARP's hardware and protocol types (print-ip.c ip_print, print-ip6.c, print-tcp.c,
 * print-udp.c, print-icmp.c, print-icmp6.c, print-arp.c with ndo_vflag = 1; in_cksum.c's
 * in_cksum_shouldbe for the value a checksum should have had). IP options are not decoded.
 */
import { ipv4String, ipv6String } from '../../runtime/format.js';
import { LINKTYPE_ETHERNET, LINKTYPE_LINUX_SLL, LINKTYPE_LINUX_SLL2, LINKTYPE_LOOP, LINKTYPE_NULL, isRawIp } from './linktype.js';

export interface PrintOptions {
  /** -e: print the link-level header */
  link?: boolean;
  /** -q: less protocol information */
  quick?: boolean;
  /** the capture's byte order differs from this host's (DLT_NULL's AF value) */
  nullSwapped?: boolean;
  /** -v: the IP header fields and checksums */
  verbose?: boolean;
}

/** netproto.c ipproto_values, for -v's `proto TCP (6)` and `next-header TCP (6)` */
const IPPROTO_NAMES: Record<number, string> = {
  0: 'Options', 1: 'ICMP', 2: 'IGMP', 4: 'IPIP', 6: 'TCP', 8: 'EGP', 9: 'IGRP', 17: 'UDP', 33: 'DCCP', 41: 'IPv6', 43: 'Routing', 44: 'Fragment',
  46: 'RSVP', 47: 'GRE', 50: 'ESP', 51: 'AH', 55: 'Mobile IP', 58: 'ICMPv6', 62: 'Mobile IP (old)', 88: 'EIGRP', 89: 'OSPF',
  103: 'PIM', 108: 'Compressed IP', 112: 'VRRP', 113: 'PGM', 132: 'SCTP', 135: 'Mobility', 240: 'pfsync',
};
const protoName = (p: number): string => IPPROTO_NAMES[p] ?? 'unknown';

/** the one's complement sum of b[from .. to) as big-endian 16-bit words (an odd last byte padded), plus `init` */
function sum16(b: Uint8Array, from: number, to: number, init = 0): number {
  let s = init;
  let i = from;
  for (; i + 1 < to; i += 2) s += (b[i]! << 8) | b[i + 1]!;
  if (i < to) s += b[i]! << 8;
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return s;
}

/**
 * tcpdump's checksum verdict for a field holding `field` over data whose sum (field included) is
 * `sum`: 0 when correct, else the value the field should have held (in_cksum_shouldbe)
 */
function shouldBe(field: number, sum: number): number {
  const computed = ~sum & 0xffff;
  if (computed === 0) return -1;
  let v = field + computed;
  v = (v & 0xffff) + (v >>> 16);
  v = (v & 0xffff) + (v >>> 16);
  return v;
}

/** the TCP/UDP/ICMPv6 pseudo-header's sum: the addresses (4+4 or 16+16 bytes), protocol and length */
const pseudoSum = (addrs: Uint8Array, proto: number, len: number): number =>
  sum16(addrs, 0, addrs.length, proto + (len >>> 16) + (len & 0xffff));

const hex4 = (n: number): string => `0x${n.toString(16).padStart(4, '0')}`;

const ETHERTYPE_NAMES: Record<number, string> = {
  0x0800: 'IPv4', 0x0806: 'ARP', 0x8035: 'Reverse ARP', 0x86dd: 'IPv6', 0x8100: '802.1Q', 0x88a8: '802.1Q-QinQ', 0x9100: '802.1Q-9100',
  0x8847: 'MPLS unicast', 0x8848: 'MPLS multicast', 0x8863: 'PPPoE D', 0x8864: 'PPPoE S', 0x88cc: 'LLDP', 0x809b: 'Appletalk', 0x6003: 'DN',
};

const hex2 = (n: number): string => n.toString(16).padStart(2, '0');
export const macString = (b: Uint8Array, o: number): string => Array.from(b.subarray(o, o + 6), hex2).join(':');

/** local time of day with microseconds, as tcpdump's default timestamp */
function timestamp(sec: number, nsec: number): string {
  const d = new Date(sec * 1000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${String(Math.floor(nsec / 1000)).padStart(6, '0')}`;
}

interface Conv {
  seq: number;
  ack: number;
}

/** prints packets; keeps the per-conversation TCP sequence bases tcpdump keeps (tcp_seq_hash) */
export class PacketPrinter {
  private readonly tcpSeq = new Map<string, Conv>();
  constructor(private readonly opts: PrintOptions = {}) {}

  line(linkType: number, data: Uint8Array, origLen: number, tsSec: number, tsNsec: number): string {
    return `${timestamp(tsSec, tsNsec)} ${this.link(linkType, data, origLen)}`;
  }

  private link(lt: number, b: Uint8Array, len: number): string {
    if (lt === LINKTYPE_ETHERNET) {
      if (b.length < 14) return ' [|ether]';
      let type = (b[12]! << 8) | b[13]!;
      let off = 14;
      let head = this.opts.link ? `${macString(b, 6)} > ${macString(b, 0)}, ` : '';
      if (type <= 1500) return `${head}802.3, length ${len}`;
      if (this.opts.link) head += `ethertype ${etherName(type)} (0x${type.toString(16).padStart(4, '0')}), length ${len}: `;
      while ((type === 0x8100 || type === 0x88a8 || type === 0x9100) && b.length >= off + 4) {
        const tci = (b[off]! << 8) | b[off + 1]!;
        type = (b[off + 2]! << 8) | b[off + 3]!;
        if (this.opts.link) head += `vlan ${tci & 0xfff}, p ${tci >> 13}${tci & 0x1000 ? ', DEI' : ''}, ethertype ${etherName(type)} (0x${type.toString(16).padStart(4, '0')}), `;
        off += 4;
      }
      return head + this.network(type, b, off, len - off, this.opts.link === true);
    }
    if (lt === LINKTYPE_LINUX_SLL || lt === LINKTYPE_LINUX_SLL2) {
      const [type, off] = lt === LINKTYPE_LINUX_SLL ? [(b[14]! << 8) | b[15]!, 16] : [(b[0]! << 8) | b[1]!, 20];
      return this.network(type, b, off, len - off, false);
    }
    if (lt === LINKTYPE_NULL || lt === LINKTYPE_LOOP) {
      if (b.length < 4) return '[|null]';
      const le = lt === LINKTYPE_NULL && !this.opts.nullSwapped;
      const af = le ? b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24) : (b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!;
      const type = af === 2 ? 0x0800 : af === 24 || af === 28 || af === 30 ? 0x86dd : -1;
      return type < 0 ? `AF ${af}, length ${len}` : this.network(type, b, 4, len - 4, false);
    }
    if (isRawIp(lt)) {
      const v = (b[0] ?? 0) >> 4;
      return v === 4 ? this.network(0x0800, b, 0, len, false) : v === 6 ? this.network(0x86dd, b, 0, len, false) : `unknown IP version ${v}, length ${len}`;
    }
    return `link-type ${lt}, length ${len}`;
  }

  /** the network layer; `bare` leaves out the "IP " / "IP6 " / "ARP, " prefix (-e printed the type) */
  private network(type: number, b: Uint8Array, off: number, len: number, bare: boolean): string {
    switch (type) {
      case 0x0800: return (bare ? '' : 'IP ') + this.ip4(b, off);
      case 0x86dd: return (bare ? '' : 'IP6 ') + this.ip6(b, off);
      case 0x0806:
      case 0x8035: return (bare ? '' : type === 0x0806 ? 'ARP, ' : 'RARP, ') + (this.opts.verbose ? arpTypes(b, off) : '') + arp(b, off, len);
      default: return bare ? `length ${len}` : `ethertype ${etherName(type)} (0x${type.toString(16).padStart(4, '0')}), length ${len + 14}`;
    }
  }

  private ip4(b: Uint8Array, off: number): string {
    if (b.length < off + 20) return '[|ip]';
    const hl = (b[off]! & 0x0f) * 4;
    const total = (b[off + 2]! << 8) | b[off + 3]!;
    const fo = (b[off + 6]! << 8) | b[off + 7]!;
    const frag = fo & 0x1fff;
    const proto = b[off + 9]!;
    const src = ipv4String(b, off + 12);
    const dst = ipv4String(b, off + 16);
    const plen = total - hl;
    let head = '';
    if (this.opts.verbose) {
      const tos = b[off + 1]!;
      const ttl = b[off + 8]!;
      const flags = [fo & 0x2000 ? '+' : '', fo & 0x4000 ? 'DF' : '', fo & 0x8000 ? 'rsvd' : ''].filter(Boolean).join(', ') || 'none';
      head = `(tos 0x${tos.toString(16)}${['', ',ECT(1)', ',ECT(0)', ',CE'][tos & 3]}${ttl >= 1 ? `, ttl ${ttl}` : ''}, id ${(b[off + 4]! << 8) | b[off + 5]!}, offset ${frag * 8}, flags [${flags}], proto ${protoName(proto)} (${proto}), length ${total}`;
      if (hl > 20) head += `, options (${ipOptions(b, off + 20, Math.min(off + hl, b.length))})`;
      if (b.length >= off + hl) {
        const bad = shouldBe((b[off + 10]! << 8) | b[off + 11]!, sum16(b, off, off + hl));
        if (bad >= 0) head += `, bad cksum ${((b[off + 10]! << 8) | b[off + 11]!).toString(16)} (->${bad.toString(16)})!`;
      }
      head += ')\n    ';
    }
    if (frag !== 0) return `${head}${src} > ${dst}: ip-proto-${proto}`;
    return head + this.transport(proto, b, off + hl, plen, src, dst, b.subarray(off + 12, off + 20), (fo & 0x2000) !== 0);
  }

  private ip6(b: Uint8Array, off: number): string {
    if (b.length < off + 40) return '[|ip6]';
    const plen = (b[off + 4]! << 8) | b[off + 5]!;
    const nh = b[off + 6]!;
    const src = ipv6String(b, off + 8);
    const dst = ipv6String(b, off + 24);
    let head = '';
    if (this.opts.verbose) {
      const flow = ((b[off]! << 24) | (b[off + 1]! << 16) | (b[off + 2]! << 8) | b[off + 3]!) >>> 0;
      if (flow & 0x0ff00000) head += `class 0x${((flow & 0x0ff00000) >>> 20).toString(16).padStart(2, '0')}, `;
      if (flow & 0x000fffff) head += `flowlabel 0x${(flow & 0x000fffff).toString(16).padStart(5, '0')}, `;
      head = `(${head}hlim ${b[off + 7]!}, next-header ${protoName(nh)} (${nh}) payload length: ${plen}) `;
    }
    return head + this.transport(nh, b, off + 40, plen, src, dst, b.subarray(off + 8, off + 40), false);
  }

  private transport(proto: number, b: Uint8Array, off: number, len: number, src: string, dst: string, addrs: Uint8Array, fragment: boolean): string {
    // -v checks a checksum only over a whole, unfragmented, captured segment
    const check = this.opts.verbose === true && !fragment && off + len <= b.length ? addrs : undefined;
    switch (proto) {
      case 6: return this.tcp(b, off, len, src, dst, addrs, check);
      case 17: return udp(b, off, len, src, dst, this.opts.quick === true, check?.length === 32 ? check : undefined, this.opts.verbose === true);
      case 1: return `${src} > ${dst}: ${icmp(b, off, len, check !== undefined)}`;
      case 58: return `${src} > ${dst}: ${icmp6(b, off, len, this.opts.verbose === true, check)}`;
      default: return `${src} > ${dst}: ip-proto-${proto} ${len}`;
    }
  }

  private tcp(b: Uint8Array, off: number, len: number, src: string, dst: string, addrs: Uint8Array, check: Uint8Array | undefined): string {
    if (b.length < off + 20) return `${src} > ${dst}: [|tcp]`;
    const u16 = (o: number) => (b[o]! << 8) | b[o + 1]!;
    const u32 = (o: number) => ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
    const sport = u16(off);
    const dport = u16(off + 2);
    let seq = u32(off + 4);
    let ack = u32(off + 8);
    const hl = (b[off + 12]! >> 4) * 4;
    const flags = b[off + 13]!;
    const win = u16(off + 14);
    const urp = u16(off + 18);
    const plen = len - hl;
    const head = `${src}.${sport} > ${dst}.${dport}: `;
    if (this.opts.quick) return `${head}tcp ${plen}`;
    if (hl < 20) return `${head}tcp ${len} [bad hdr length ${hl} - too short, < 20]`;
    // print-tcp.c: relative sequence numbers, keyed by the conversation in a fixed order
    if (flags & 0x10) {
      const half = addrs.length / 2;
      const a = addrs.subarray(0, half);
      const c = addrs.subarray(half);
      let cmp = 0;
      for (let i = 0; i < half && cmp === 0; i++) cmp = a[i]! - c[i]!;
      const rev = cmp > 0 || (cmp === 0 && sport > dport);
      const key = rev ? `${hexOf(c)}.${dport}-${hexOf(a)}.${sport}` : `${hexOf(a)}.${sport}-${hexOf(c)}.${dport}`;
      const th = this.tcpSeq.get(key);
      if (!th || flags & 0x02) {
        this.tcpSeq.set(key, rev ? { ack: seq, seq: (ack - 1) >>> 0 } : { seq, ack: (ack - 1) >>> 0 });
      } else if (rev) {
        seq = (seq - th.ack) >>> 0;
        ack = (ack - th.seq) >>> 0;
      } else {
        seq = (seq - th.seq) >>> 0;
        ack = (ack - th.ack) >>> 0;
      }
    }
    let out = `${head}Flags [${tcpFlags(flags)}]`;
    if (check) {
      const field = u16(off + 16);
      const bad = shouldBe(field, sum16(b, off, off + len, pseudoSum(check, 6, len)));
      out += `, cksum ${hex4(field)} ${bad < 0 ? '(correct)' : `(incorrect -> ${hex4(bad)})`}`;
    }
    if (plen > 0 || flags & 0x07) {
      out += `, seq ${seq}`;
      if (plen > 0) out += `:${(seq + plen) >>> 0}`;
    }
    if (flags & 0x10) out += `, ack ${ack}`;
    out += `, win ${win}`;
    if (flags & 0x20) out += `, urg ${urp}`;
    if (hl > 20) out += `, options [${tcpOptions(b.subarray(off + 20, Math.min(off + hl, b.length)))}]`;
    out += `, length ${plen}`;
    // -v: a reset's data (the reason some stacks put there), at most 30 bytes (print_tcp_rst_data)
    if (flags & 0x04 && this.opts.verbose) {
      if (plen <= 0) return out;
      const n = Math.min(plen, 30, Math.max(0, b.length - off - hl));
      return `${out} [RST${plen > 30 ? '+' : ''} ${printable(b.subarray(off + hl, off + hl + n))}]`;
    }
    // print-tcp.c tries SSH (22) before HTTP: its printer prints nothing unless a banner
    const proto = sport === 22 || dport === 22 ? undefined : TXT_PORTS[sport] ?? TXT_PORTS[dport];
    if (proto && plen > 0) out += textProto(proto, b.subarray(off + hl, Math.min(b.length, off + hl + plen)));
    return out;
  }
}

const hexOf = (x: Uint8Array): string => Array.from(x, hex2).join('');

/** bytes as tcpdump's fn_print_char shows them: M- for the high bit, ^ for control characters */
function printable(p: Uint8Array): string {
  let out = '';
  for (let c of p) {
    if (c & 0x80) {
      c &= 0x7f;
      out += 'M-';
    }
    if (c < 0x20 || c === 0x7f) {
      c ^= 0x40;
      out += '^';
    }
    out += String.fromCharCode(c);
  }
  return out;
}

function etherName(t: number): string {
  return ETHERTYPE_NAMES[t] ?? 'Unknown';
}

/** print-tcp.c's flag letters, in its order */
function tcpFlags(f: number): string {
  const letters: Array<[number, string]> = [[0x01, 'F'], [0x02, 'S'], [0x04, 'R'], [0x08, 'P'], [0x10, '.'], [0x20, 'U'], [0x40, 'E'], [0x80, 'W']];
  const s = letters.filter(([m]) => f & m).map(([, l]) => l).join('');
  return s === '' ? 'none' : s;
}

function tcpOptions(o: Uint8Array): string {
  const out: string[] = [];
  const u32 = (i: number) => ((o[i]! << 24) | (o[i + 1]! << 16) | (o[i + 2]! << 8) | o[i + 3]!) >>> 0;
  for (let i = 0; i < o.length; ) {
    const kind = o[i]!;
    if (kind === 0) {
      out.push('eol');
      i++;
      continue;
    }
    if (kind === 1) {
      out.push('nop');
      i++;
      continue;
    }
    const len = o[i + 1] ?? 0;
    if (len < 2 || i + len > o.length) {
      out.push('bad opt');
      break;
    }
    switch (kind) {
      case 2: out.push(`mss ${(o[i + 2]! << 8) | o[i + 3]!}`); break;
      case 3: out.push(`wscale ${o[i + 2]}`); break;
      case 4: out.push('sackOK'); break;
      case 5: {
        let s = `sack ${(len - 2) / 8} `;
        for (let j = i + 2; j + 8 <= i + len; j += 8) s += `{${u32(j)}:${u32(j + 4)}}`;
        out.push(s);
        break;
      }
      case 8: out.push(`TS val ${u32(i + 2)} ecr ${u32(i + 6)}`); break;
      default: out.push(`opt-${kind}:${Array.from(o.subarray(i + 2, i + len), hex2).join('')}`);
    }
    i += len;
  }
  return out.join(',');
}

/** `check6`: the IPv6 addresses, when -v checks the checksum (tcpdump checks IPv4's only with -vv) */
function udp(b: Uint8Array, off: number, len: number, src: string, dst: string, quick: boolean, check6?: Uint8Array, verbose = false): string {
  if (b.length < off + 8) return `${src} > ${dst}: [|udp]`;
  const sport = (b[off]! << 8) | b[off + 1]!;
  const dport = (b[off + 2]! << 8) | b[off + 3]!;
  const ulen = ((b[off + 4]! << 8) | b[off + 5]!) - 8;
  let head = `${src}.${sport} > ${dst}.${dport}: `;
  if (check6 && off + 8 + ulen <= b.length) {
    const field = (b[off + 6]! << 8) | b[off + 7]!;
    const bad = shouldBe(field, sum16(b, off, off + ulen + 8, pseudoSum(check6, 17, ulen + 8)));
    head += bad < 0 ? '[udp sum ok] ' : `[bad udp cksum ${hex4(field)} -> ${hex4(bad)}!] `;
  }
  if (!quick && (sport === 53 || dport === 53)) {
    const d = dns(b.subarray(off + 8, Math.min(b.length, off + 8 + ulen)), ulen, verbose);
    if (d !== undefined) return head + d;
  }
  return `${head}UDP, length ${ulen}`;
}

const ICMP_UNREACH = ['net %s unreachable', 'host %s unreachable', '%s protocol %p unreachable', '%s %t port %u unreachable'];
/** print-tcp.c hands these ports' payload to txtproto_print, which names the protocol */
const TXT_PORTS: Record<number, string> = { 80: 'HTTP', 8080: 'HTTP', 554: 'RTSP' };
const HTTP_METHODS = new Set(['GET', 'PUT', 'COPY', 'HEAD', 'LOCK', 'MOVE', 'POLL', 'POST', 'BCOPY', 'BMOVE', 'MKCOL', 'TRACE', 'LABEL', 'MERGE', 'DELETE',
  'BDELETE', 'UNLOCK', 'OPTIONS', 'CHECKIN', 'PROPFIND', 'SEARCH', 'CHECKOUT', 'CONNECT', 'PROPPATCH', 'BPROPFIND', 'BPROPPATCH', 'UNCHECKOUT',
  'MKACTIVITY', 'MKWORKSPACE', 'UPDATE', 'REPORT', 'VERSION-CONTROL', 'BASELINE-CONTROL']);

/** txtproto_print without -v: ": HTTP", and the first line when it is a request or a response */
function textProto(name: string, p: Uint8Array): string {
  let end = 0;
  while (end < p.length && p[end] !== 0x0a) end++;
  const line = String.fromCharCode(...p.subarray(0, Math.min(end, 256))).replace(/\r$/, '');
  const tok = line.split(' ');
  const isReq = HTTP_METHODS.has((tok[0] ?? '').toUpperCase()) || /^\d{3}$/.test(tok[1] ?? '');
  return isReq && end < p.length && /^[\x20-\x7e]*$/.test(line) ? `: ${name}: ${line}` : `: ${name}`;
}

/** `check`: -v, and the whole message is captured: a wrong checksum is named */
function icmp(b: Uint8Array, off: number, len: number, check = false): string {
  const text = icmpText(b, off, len);
  if (!check || b.length < off + 8) return text;
  const field = (b[off + 2]! << 8) | b[off + 3]!;
  const bad = shouldBe(field, sum16(b, off, off + len));
  return bad < 0 ? text : `${text} (wrong icmp cksum ${field.toString(16)} (->${bad.toString(16)})!)`;
}

function icmpText(b: Uint8Array, off: number, len: number): string {
  if (b.length < off + 8) return ' [|icmp]';
  const type = b[off]!;
  const code = b[off + 1]!;
  const id = (b[off + 4]! << 8) | b[off + 5]!;
  const seq = (b[off + 6]! << 8) | b[off + 7]!;
  switch (type) {
    case 0: return `ICMP echo reply, id ${id}, seq ${seq}, length ${len}`;
    case 8: return `ICMP echo request, id ${id}, seq ${seq}, length ${len}`;
    case 13: return `ICMP time stamp query id ${id} seq ${seq}, length ${len}`;
    case 11: return `ICMP time exceeded ${code === 0 ? 'in-transit' : 'reassembly'}, length ${len}`;
    case 3:
      if (code < 4 && b.length >= off + 8 + 20) {
        const ip = off + 8;
        const ihl = (b[ip]! & 0x0f) * 4;
        const p = b[ip + 9]!;
        const port = b.length >= ip + ihl + 4 ? (b[ip + ihl + 2]! << 8) | b[ip + ihl + 3]! : 0;
        const tmpl = code === 3 && p !== 6 && p !== 17 ? '%s protocol %p port %u unreachable' : ICMP_UNREACH[code]!;
        const text = tmpl.replace('%s', ipv4String(b, ip + 16)).replace('%p', String(p)).replace('%t', p === 6 ? 'tcp' : 'udp').replace('%u', String(port));
        return `ICMP ${text}, length ${len}`;
      }
      return `ICMP type-#${type}, length ${len}`;
    default: return `ICMP type-#${type}, length ${len}`;
  }
}

/** -v: the checksum verdict first, and echo without its length (print-icmp6.c) */
function icmp6(b: Uint8Array, off: number, len: number, verbose = false, check?: Uint8Array): string {
  if (b.length < off + 4) return 'ICMP6 [|icmp6]';
  let head = '';
  if (check) {
    const field = (b[off + 2]! << 8) | b[off + 3]!;
    const bad = shouldBe(field, sum16(b, off, off + len, pseudoSum(check, 58, len)));
    head = bad < 0 ? '[icmp6 sum ok] ' : `[bad icmp6 cksum ${hex4(field)} -> ${hex4(bad)}!] `;
  }
  const type = b[off]!;
  const id = (b[off + 4]! << 8) | b[off + 5]!;
  const seq = (b[off + 6]! << 8) | b[off + 7]!;
  const length = verbose ? '' : `, length ${len}`;
  switch (type) {
    case 128: return `${head}ICMP6, echo request, id ${id}, seq ${seq}${length}`;
    case 129: return `${head}ICMP6, echo reply, id ${id}, seq ${seq}${length}`;
    case 133: return `${head}ICMP6, router solicitation, length ${len}`;
    case 134: return `${head}ICMP6, router advertisement, length ${len}`;
    case 135:
    case 136: {
      const [name, what] = type === 135 ? ['neighbor solicitation', 'who has'] : ['neighbor advertisement', 'tgt is'];
      if (b.length < off + 24) return `${head}ICMP6, ${name}, length ${len}`;
      // -v puts the length first (and would go on with the options, which are not decoded here)
      return verbose ? `${head}ICMP6, ${name}, length ${len}, ${what} ${ipv6String(b, off + 8)}` : `ICMP6, ${name}, ${what} ${ipv6String(b, off + 8)}, length ${len}`;
    }
    default: return `${head}ICMP6, type ${type}, length ${len}`;
  }
}

const IPOPT_NAMES: Record<number, string> = { 0: 'EOL', 1: 'NOP', 68: 'timestamp', 130: 'security', 7: 'RR', 137: 'SSRR', 131: 'LSRR', 148: 'RA', 82: 'traceroute' };

/**
 * IPv4 options for -v, as print-ip.c ip_optprint names them (`NOP,NOP,EOL`, `RA`, `RA value N`);
 * the contents of route and timestamp options are not decoded
 */
function ipOptions(b: Uint8Array, o: number, end: number): string {
  const out: string[] = [];
  while (o < end) {
    const code = b[o]!;
    let text = IPOPT_NAMES[code] ?? `unknown ${code}`;
    const len = code === 0 || code === 1 ? 1 : o + 1 < end ? b[o + 1]! : 0;
    if (len < 1 || (len < 2 && code > 1) || len > end - o) {
      out.push(`${text} [bad length ${len}]`);
      break;
    }
    if (code === 148 && len >= 4 && ((b[o + 2]! << 8) | b[o + 3]!) !== 0) text += ` value ${(b[o + 2]! << 8) | b[o + 3]!}`;
    out.push(text);
    if (code === 0) break;
    o += len;
  }
  return out.join(',');
}

/** -v: `Ethernet (len 6), IPv4 (len 4), ` (print-arp.c's hardware and protocol types) */
function arpTypes(b: Uint8Array, off: number): string {
  if (b.length < off + 8) return '';
  const hrd = (b[off]! << 8) | b[off + 1]!;
  const pro = (b[off + 2]! << 8) | b[off + 3]!;
  const h = hrd === 1 ? 'Ethernet' : `Unknown Hardware (${hrd})`;
  const p = ETHERTYPE_NAMES[pro] ?? `Unknown Protocol (${hex4(pro)})`;
  return `${h} (len ${b[off + 4]!}), ${p} (len ${b[off + 5]!}), `;
}

function arp(b: Uint8Array, off: number, len: number): string {
  if (b.length < off + 28) return `[|ARP]`;
  const op = (b[off + 6]! << 8) | b[off + 7]!;
  const sha = macString(b, off + 8);
  const spa = ipv4String(b, off + 14);
  const tha = macString(b, off + 18);
  const tpa = ipv4String(b, off + 24);
  switch (op) {
    case 1: return `Request who-has ${tpa} tell ${spa}, length ${len}`;
    case 2: return `Reply ${spa} is-at ${sha}, length ${len}`;
    case 3: return `Reverse Request who-is ${tha} tell ${sha}, length ${len}`;
    case 4: return `Reverse Reply ${tha} at ${tpa}, length ${len}`;
    default: return `Unknown (${op}), length ${len}`;
  }
}

// --- DNS (print-domain.c, without -v) ---

const NS_OPS = ['', ' inv_q', ' stat', ' op3', ' notify', ' update', ' op6', ' op7', ' op8', ' updateA', ' updateD', ' updateDA', ' updateM', ' updateMA', ' zoneInit', ' zoneRef'];
const NS_RCODE = ['', ' FormErr', ' ServFail', ' NXDomain', ' NotImp', ' Refused', ' YXDomain', ' YXRRSet', ' NXRRSet', ' NotAuth', ' NotZone', ' Resp11', ' Resp12', ' Resp13', ' Resp14', ' NoChange'];
const NS_TYPES: Record<number, string> = {
  1: 'A', 2: 'NS', 5: 'CNAME', 6: 'SOA', 12: 'PTR', 13: 'HINFO', 15: 'MX', 16: 'TXT', 28: 'AAAA', 33: 'SRV', 35: 'NAPTR', 39: 'DNAME', 41: 'OPT',
  43: 'DS', 46: 'RRSIG', 47: 'NSEC', 48: 'DNSKEY', 99: 'SPF', 251: 'IXFR', 252: 'AXFR', 255: 'ANY',
};
const typeName = (t: number): string => NS_TYPES[t] ?? `Type${t}`;

/** a (possibly compressed) domain name: its text and where the record continues */
function dnsName(m: Uint8Array, at: number): [string, number] | undefined {
  const labels: string[] = [];
  let i = at;
  let end = -1;
  for (let hops = 0; hops < 64; hops++) {
    if (i >= m.length) return undefined;
    const l = m[i]!;
    if (l === 0) {
      if (end < 0) end = i + 1;
      return [labels.length ? labels.join('.') + '.' : '.', end];
    }
    if ((l & 0xc0) === 0xc0) {
      if (i + 1 >= m.length) return undefined;
      if (end < 0) end = i + 2;
      i = ((l & 0x3f) << 8) | m[i + 1]!;
      continue;
    }
    if (i + 1 + l > m.length) return undefined;
    labels.push(String.fromCharCode(...m.subarray(i + 1, i + 1 + l)));
    i += 1 + l;
  }
  return undefined;
}

/** `verbose`: each answer's owner name before its type (print-domain.c ns_rprint with -v) */
function dns(m: Uint8Array, length: number, verbose = false): string | undefined {
  if (length < 12) return `domain [length ${length} < 12] (invalid)`;
  if (m.length < 12) return undefined;
  const u16 = (o: number) => (m[o]! << 8) | m[o + 1]!;
  const id = u16(0);
  const b2 = u16(2);
  const qd = u16(4);
  const an = u16(6);
  const ns = u16(8);
  const ar = u16(10);
  const op = (b2 >> 11) & 0xf;
  let out: string;
  let cp = 12;
  if (b2 & 0x8000) {
    out = `${id}${NS_OPS[op]}${NS_RCODE[b2 & 0xf]}${b2 & 0x0400 ? '*' : ''}${b2 & 0x0080 ? '' : '-'}${b2 & 0x0200 ? '|' : ''}${b2 & 0x0020 ? '$' : ''}`;
    if (qd !== 1) out += ` [${qd}q]`;
    for (let i = 0; i < qd; i++) {
      const n = dnsName(m, cp);
      if (!n) return undefined;
      cp = n[1] + 4;
    }
    out += ` ${an}/${ns}/${ar}`;
    for (let i = 0; i < an; i++) {
      const n = dnsName(m, cp);
      if (!n || n[1] + 10 > m.length) return undefined;
      cp = n[1];
      const type = u16(cp);
      const cls = u16(cp + 2);
      const rdlen = u16(cp + 8);
      const rd = cp + 10;
      if (rd + rdlen > m.length) return undefined;
      out += `${i ? ',' : ''}${verbose ? ` ${n[0]}` : ''}${cls !== 1 && type !== 41 ? ` (Class ${cls})` : ''} ${typeName(type)}`;
      if (type === 1 && rdlen === 4) out += ` ${ipv4String(m, rd)}`;
      else if (type === 28 && rdlen === 16) out += ` ${ipv6String(m, rd)}`;
      else if (type === 2 || type === 5 || type === 12 || type === 39) out += ` ${dnsName(m, rd)?.[0] ?? ''}`;
      else if (type === 15) out += ` ${dnsName(m, rd + 2)?.[0] ?? ''} ${u16(rd)}`;
      cp = rd + rdlen;
    }
  } else {
    out = `${id}${NS_OPS[op]}${b2 & 0x0100 ? '+' : ''}${b2 & 0x0010 ? '%' : ''}`;
    if (b2 & 0x6cf) out += ` [b2&3=0x${b2.toString(16)}]`;
    if (op === 1) {
      if (qd) out += ` [${qd}q]`;
      if (an !== 1) out += ` [${an}a]`;
    } else {
      if (an) out += ` [${an}a]`;
      if (qd !== 1) out += ` [${qd}q]`;
    }
    if (ns) out += ` [${ns}n]`;
    if (ar) out += ` [${ar}au]`;
    for (let i = 0; i < qd; i++) {
      const n = dnsName(m, cp);
      if (!n || n[1] + 4 > m.length) return `${out} [|domain]`;
      const type = u16(n[1]);
      const cls = u16(n[1] + 2);
      out += ` ${typeName(type)}${cls !== 1 ? ` (Class ${cls})` : ''}? ${n[0]}`;
      cp = n[1] + 4;
    }
  }
  return `${out} (${length})`;
}
