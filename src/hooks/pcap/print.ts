/**
 * One line per packet, as `tcpdump -n` prints it (tcpdump 4.99's print-ether.c, print-ip.c,
 * print-ip6.c, print-frag6.c, print-tcp.c, print-udp.c, print-arp.c are the models; IP and IPv6
 * options and AH in print_ipopts.ts, ICMP and ICMPv6 in print_icmp.ts, DNS in print_dns.ts), for the protocols
 * people read most: Ethernet (with `-e`), 802.1Q, ARP, IPv4 (with its options), IPv6 (with
 * hop-by-hop, destination-options, fragment and AH headers), TCP (flags, relative sequence numbers
 * per conversation, ack, window, options, HTTP's first line), UDP, ICMP, ICMPv6, DNS, IGMP
 * (print_igmp.ts) and spanning-tree BPDUs in 802.3/LLC frames (print_stp.ts). Anything
 * else gets a generic line naming the protocol and the length. `-q` is tcpdump's quick form.
 * `verbose` is tcpdump's -v count (ndo_vflag): 1 adds the IP header fields, checksums (in_cksum.c,
 * in_cksum_shouldbe), ICMP errors' quoted packets, ND options, HTTP's lines; 2 adds UDP-over-IPv4
 * checksums, every segment's seq, DNS sections, hex dumps of ND options; 3 DNS TTLs.
 */
import { ipv4String, ipv6String } from '../../runtime/format.js';
import { dnsPrint } from './print_dns.js';
import { llcPrint } from './print_llc.js';
import { icmp6Print, icmpPrint } from './print_icmp.js';
import { igmpPrint } from './print_igmp.js';
import { llcStpPrint } from './print_stp.js';
import { tcpOptions } from './print_tcpopt.js';
import { udpApp } from './print_apps.js';
import { espPrint, grePrint, ospfPrint, pimPrint, rt6Print, sctpPrint, vrrpPrint } from './print_ipproto.js';
import { PPP_NAMES, lcpPrint, lldpPrint, pppoePrint } from './print_l2.js';
import { hex2, hex4, hexAsciiDump, hexDump, macString, printable, pseudoSum, shouldBe, sum16, u16, u32 } from './print_util.js';
import { ahPrint, ip6Options, ipOptions } from './print_ipopts.js';

export { macString };
import { LINKTYPE_ETHERNET, LINKTYPE_LINUX_SLL, LINKTYPE_LINUX_SLL2, LINKTYPE_LOOP, LINKTYPE_NULL, isRawIp } from './linktype.js';

export interface PrintOptions {
  /** -e: print the link-level header */
  link?: boolean;
  /** -q: less protocol information */
  quick?: boolean;
  /** the capture's byte order differs from this host's (DLT_NULL's AF value) */
  nullSwapped?: boolean;
  /** -v (true or 1), -vv (2), -vvv (3): the IP header fields and checksums, then more */
  verbose?: boolean | number;
  /**
   * the name of this machine's interface with an index (tcpdump's if_indextoname, which it asks
   * for every SLL2 record); without it, or for an index it does not know, `?` as tcpdump prints
   */
  ifName?: (index: number) => string | undefined;
}

/** print-sll.c sll_pkttype_values */
const SLL_PKTTYPES = ['In', 'B', 'M', 'P', 'Out'];
/** print-null.c bsd_af_values */
const BSD_AF: Record<number, string> = { 2: 'IPv4', 7: 'OSI', 16: 'Appletalk', 23: 'IPX', 24: 'IPv6', 28: 'IPv6', 30: 'IPv6' };

/** netproto.c ipproto_values, for -v's `proto TCP (6)` and `next-header TCP (6)` */
const IPPROTO_NAMES: Record<number, string> = {
  0: 'Options', 1: 'ICMP', 2: 'IGMP', 4: 'IPIP', 6: 'TCP', 8: 'EGP', 9: 'IGRP', 17: 'UDP', 33: 'DCCP', 41: 'IPv6', 43: 'Routing', 44: 'Fragment',
  46: 'RSVP', 47: 'GRE', 50: 'ESP', 51: 'AH', 55: 'Mobile IP', 58: 'ICMPv6', 62: 'Mobile IP (old)', 88: 'EIGRP', 89: 'OSPF',
  103: 'PIM', 108: 'Compressed IP', 112: 'VRRP', 113: 'PGM', 132: 'SCTP', 135: 'Mobility', 240: 'pfsync',
};
const protoName = (p: number): string => IPPROTO_NAMES[p] ?? 'unknown';

const ETHERTYPE_NAMES: Record<number, string> = {
  0x0800: 'IPv4', 0x0806: 'ARP', 0x8035: 'Reverse ARP', 0x86dd: 'IPv6', 0x8100: '802.1Q', 0x88a8: '802.1Q-QinQ', 0x9100: '802.1Q-9100',
  0x8847: 'MPLS unicast', 0x8848: 'MPLS multicast', 0x8863: 'PPPoE D', 0x8864: 'PPPoE S', 0x88cc: 'LLDP', 0x809b: 'Appletalk', 0x6003: 'DN', 0x6558: 'TEB',
};

/** print-mpls.c mpls_labelname: the reserved labels (RFC 3032 2.1); 4–15 are "rsvd" */
const MPLS_LABELS = ['IPv4 explicit NULL', 'router alert', 'IPv6 explicit NULL', 'implicit NULL'];


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
  /** tcpdump's ndo_vflag: how many -v */
  private readonly v: number;
  constructor(private readonly opts: PrintOptions = {}) {
    this.v = typeof opts.verbose === 'number' ? opts.verbose : opts.verbose ? 1 : 0;
  }

  line(linkType: number, data: Uint8Array, origLen: number, tsSec: number, tsNsec: number): string {
    const bad = invalidHeader(data.length, origLen);
    if (bad) return bad;
    return `${timestamp(tsSec, tsNsec)} ${this.link(linkType, data, origLen)}`;
  }

  private link(lt: number, b: Uint8Array, len: number): string {
    if (lt === LINKTYPE_ETHERNET) {
      if (b.length < 14) return ' [|ether]';
      let type = (b[12]! << 8) | b[13]!;
      let off = 14;
      let head = this.opts.link ? `${macString(b, 6)} > ${macString(b, 0)}, ` : '';
      if (type <= 1500) {
        // an 802.3 frame: `type` is its length; LLC follows (print-ether.c ether_common_print)
        const stp = llcStpPrint(b, 14, type, this.opts.link === true, this.v);
        if (stp !== undefined) return this.opts.link ? `${head}802.3, length ${type}: ${stp}` : stp;
        // ether_print hands llc_print no more than the length field says (the trailer is padding)
        const c = b.subarray(0, Math.min(b.length, 14 + type));
        const llc = llcPrint(c, 14, type, { link: this.opts.link === true, quick: this.opts.quick === true, network: (t, o, l) => this.network(t, c, o, l, this.opts.link === true) });
        if (llc !== undefined) return this.opts.link ? `${head}802.3, length ${type}: ${llc}` : llc;
        return `${head}802.3, length ${len}`;
      }
      // ether_print: -q names the type without its number (the 802.1Q tags' types too)
      const typeText = (t: number): string => (this.opts.quick ? ETHERTYPE_NAMES[t] ?? `Unknown Ethertype (${hex4(t)})` : `ethertype ${etherName(t)} (${hex4(t)})`);
      if (this.opts.link) head += `${typeText(type)}, length ${len}: `;
      while ((type === 0x8100 || type === 0x88a8 || type === 0x9100) && b.length >= off + 4) {
        const tci = (b[off]! << 8) | b[off + 1]!;
        type = (b[off + 2]! << 8) | b[off + 3]!;
        if (this.opts.link) head += `vlan ${tci & 0xfff}, p ${tci >> 13}${tci & 0x1000 ? ', DEI' : ''}, ${typeText(type)}, `;
        off += 4;
      }
      return head + this.network(type, b, off, len - off, this.opts.link === true);
    }
    if (lt === LINKTYPE_LINUX_SLL || lt === LINKTYPE_LINUX_SLL2) return this.sll(lt === LINKTYPE_LINUX_SLL2, b, len);
    if (lt === LINKTYPE_NULL || lt === LINKTYPE_LOOP) {
      if (b.length < 4) return '[|null]';
      const le = lt === LINKTYPE_NULL && !this.opts.nullSwapped;
      const af = le ? b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24) : (b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!;
      const type = af === 2 ? 0x0800 : af === 24 || af === 28 || af === 30 ? 0x86dd : -1;
      // print-null.c null_hdr_print: with -e always, without it only for a family it cannot decode
      const head = `${this.opts.quick ? BSD_AF[af] ?? `Unknown AF ${af}` : `AF ${BSD_AF[af] ?? 'Unknown'} (${af})`}, length ${len}: `;
      if (type < 0) return head.slice(0, -2);
      return (this.opts.link ? head : '') + this.network(type, b, 4, len - 4, this.opts.link === true);
    }
    if (isRawIp(lt)) {
      const v = (b[0] ?? 0) >> 4;
      // print-raw.c: -e names the layer, and the IP printers then leave out their "IP "
      const head = this.opts.link ? 'ip: ' : '';
      return v === 4 ? head + this.network(0x0800, b, 0, len, this.opts.link === true) : v === 6 ? head + this.network(0x86dd, b, 0, len, this.opts.link === true) : `${head}unknown IP version ${v}, length ${len}`;
    }
    return `link-type ${lt}, length ${len}`;
  }

  /**
   * print-sll.c sll_if_print / sll2_if_print: SLL2 always names the interface (if_indextoname,
   * `%-5s`) and the packet type (`%-3s`); -e adds sll_print's / sll2_print's packet type (v1),
   * interface index (v2), address and, without -q, the protocol and the record's length
   */
  private sll(v2: boolean, b: Uint8Array, len: number): string {
    const hdr = v2 ? 20 : 16;
    if (b.length < hdr) return v2 ? '[|sll2]' : '[|sll]';
    const [type, pkttype, halen, addr] = v2 ? [u16(b, 0), b[10]!, b[11]!, 12] : [u16(b, 14), u16(b, 0), u16(b, 4), 6];
    const ptype = SLL_PKTTYPES[pkttype] ?? '?';
    let out = '';
    if (v2) {
      const name = this.opts.ifName?.(u32(b, 4)) ?? '?';
      out += `${name.padEnd(5)} ${ptype.padEnd(3)} `;
    }
    if (this.opts.link) {
      out += v2 ? `ifindex ${u32(b, 4)} ` : `${ptype.padStart(3)} `;
      if (halen === 6) out += `${macString(b, addr)} `;
      else if (halen <= 8) out += `${Array.from(b.subarray(addr, addr + halen), hex2).join(':')} `;
      if (!this.opts.quick) out += `${type <= 1500 ? (type === 1 ? '802.3' : type === 4 ? '802.2' : `ethertype Unknown (${hex4(type)})`) : `ethertype ${etherName(type)} (${hex4(type)})`}, length ${len}: `;
    }
    return out + this.network(type, b, hdr, len - hdr, this.opts.link === true);
  }

  /** the network layer; `bare` leaves out the "IP " / "IP6 " / "ARP, " prefix (-e printed the type) */
  private network(type: number, b: Uint8Array, off: number, len: number, bare: boolean): string {
    switch (type) {
      case 0x0800: return this.ipv4(b, off, len, bare);
      // ip6_print checks the header before it names the protocol: ` [|ip6]` alone
      case 0x86dd: return b.length < off + 40 ? ' [|ip6]' : (bare ? '' : 'IP6 ') + this.ip6(b, off, len);
      case 0x8847:
      case 0x8848: return this.mpls(b, off, len);
      // arp_print names both ARP and RARP "ARP"
      case 0x0806:
      case 0x8035: return arp(b, off, len, bare, this.v);
      case 0x88cc: return lldpPrint(b, off, len, this.v);
      case 0x8863:
      case 0x8864: return pppoePrint(b, off, len, (proto, o, l) => this.ppp(proto, b, o, l));
      default: return bare ? `length ${len}` : `ethertype ${etherName(type)} (0x${type.toString(16).padStart(4, '0')}), length ${len + 14}`;
    }
  }

  /**
   * print-mpls.c mpls_print (RFC 3032): the label stack, then the payload, told apart by the bottom
   * label (0 and 3: IPv4, 2: IPv6) or else by its first byte (0x45–0x4f IPv4, 0x60–0x6f IPv6);
   * anything else as a hex dump. -v names the reserved labels and puts each entry on a line.
   */
  private mpls(b: Uint8Array, off: number, len: number): string {
    let out = 'MPLS';
    let o = off;
    let label: number;
    for (let depth = 0; ; depth++) {
      if (b.length < o + 4) return `${out} [|mpls]`;
      if (len < 4) return `${out}[|MPLS], length ${len}`;
      const e = ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
      label = e >>> 12;
      out += `${depth && this.v ? '\n\t' : ' '}(label ${label}${this.v && label < 16 ? ` (${MPLS_LABELS[label] ?? 'rsvd'})` : ''}, tc ${(e >>> 9) & 7}${e & 0x100 ? ', [S]' : ''}, ttl ${e & 0xff})`;
      o += 4;
      len -= 4;
      if (e & 0x100) break;
    }
    if (len < 1) return out;
    if (b.length < o + 1) return `${out} [|mpls]`;
    const first = b[o]!;
    const type = label === 0 || label === 3 ? 0x0800 : label === 2 ? 0x86dd : first >= 0x45 && first <= 0x4f ? 0x0800 : first >> 4 === 6 ? 0x86dd : 0;
    if (!type) return out + hexDump(b.subarray(o, Math.min(b.length, o + len)), '\n\t');
    return `${out}${this.v ? '\n\t' : ' '}${this.network(type, b, o, len, this.opts.link === true)}`;
  }

  /**
   * print-ppp.c ppp_print / handle_ppp: IPv4, IPv6 and LCP; anything else by its protocol number.
   * `len` is the PPP frame's (protocol field included); -e names the protocol first
   */
  private ppp(proto: number, b: Uint8Array, o: number, len: number): string {
    const head = this.opts.link ? `${PPP_NAMES[proto] ?? 'unknown'} (0x${proto.toString(16).padStart(4, '0')}), length ${len}: ` : '';
    const rest = len - (proto > 0xff ? 2 : 1);
    if (proto === 0x21) return head + this.ipv4(b, o, rest, this.opts.link === true);
    if (proto === 0x57) return head + (b.length < o + 40 ? ' [|ip6]' : (this.opts.link ? '' : 'IP6 ') + this.ip6(b, o, rest));
    if (proto === 0xc021) return head + lcpPrint(b, o, len);
    return `${head}unknown ppp protocol (0x${proto.toString(16).padStart(4, '0')})`;
  }

  /**
   * ip_print's start: a version other than 4 is refused before the protocol is named (`IP6,
   * wrong link-layer encapsulation (invalid)`, `IP1 (invalid)`); then `IP ` unless -e named it
   */
  private ipv4(b: Uint8Array, off: number, wire: number, bare: boolean): string {
    if (b.length < off + 1) return ' [|ip]';
    const v = b[off]! >> 4;
    if (v !== 4) return `${v === 6 ? 'IP6, wrong link-layer encapsulation' : `IP${v}`} (invalid)`;
    return (bare ? '' : 'IP ') + this.ip4(b, off, wire);
  }

  /** the hop limit of the IP header being printed (VRRP shows one other than 255) */
  private ttl = 0;

  /** `len`: the bytes the link layer gives IP (ip_print's length), when known */
  private ip4(b: Uint8Array, off: number, wire = Infinity): string {
    // ip_print names the protocol before it checks the header: `IP  [|ip]`
    if (b.length < off + 20) return ' [|ip]';
    const hl = (b[off]! & 0x0f) * 4;
    const total = (b[off + 2]! << 8) | b[off + 3]!;
    const fo = (b[off + 6]! << 8) | b[off + 7]!;
    const frag = fo & 0x1fff;
    const proto = b[off + 9]!;
    const src = ipv4String(b, off + 12);
    const dst = ipv4String(b, off + 16);
    const plen = total - hl;
    this.ttl = b[off + 8]!;
    // ip_print: a header claiming more than the link layer carried
    let head = wire < total ? `truncated-ip - ${total - wire} bytes missing! ` : '';
    if (this.v) {
      const tos = b[off + 1]!;
      const ttl = b[off + 8]!;
      const flags = [fo & 0x2000 ? '+' : '', fo & 0x4000 ? 'DF' : '', fo & 0x8000 ? 'rsvd' : ''].filter(Boolean).join(', ') || 'none';
      head += `(tos 0x${tos.toString(16)}${['', ',ECT(1)', ',ECT(0)', ',CE'][tos & 3]}${ttl >= 1 ? `, ttl ${ttl}` : ''}, id ${(b[off + 4]! << 8) | b[off + 5]!}, offset ${frag * 8}, flags [${flags}], proto ${protoName(proto)} (${proto}), length ${total}`;
      if (hl > 20) head += `, options (${ipOptions(b, off + 20, Math.min(off + hl, b.length))})`;
      if (b.length >= off + hl) {
        const bad = shouldBe((b[off + 10]! << 8) | b[off + 11]!, sum16(b, off, off + hl));
        if (bad >= 0) head += `, bad cksum ${((b[off + 10]! << 8) | b[off + 11]!).toString(16)} (->${bad.toString(16)})!`;
      }
      head += ')\n    ';
    }
    if (frag !== 0) return `${head}${src} > ${dst}: ip-proto-${proto}`;
    let p = proto;
    let o = off + hl;
    let len = plen;
    // ip_demux_print: AH, then the protocol it protects, after the addresses
    if (p === 51) head += `${src} > ${dst}: `;
    while (p === 51) {
      const ah = ahPrint(b, o, this.v);
      if (typeof ah === 'string') return head + ah;
      head += ah[0];
      [p, o, len] = [ah[1], o + ah[2], len - ah[2]];
    }
    return head + this.transport(p, b, o, len, src, dst, b.subarray(off + 12, off + 20), (fo & 0x2000) !== 0, p !== proto);
  }

  private ip6(b: Uint8Array, off: number, wire = Infinity): string {
    if (b.length < off + 40) return ' [|ip6]';
    const plen = (b[off + 4]! << 8) | b[off + 5]!;
    const nh = b[off + 6]!;
    const src = ipv6String(b, off + 8);
    const dst = ipv6String(b, off + 24);
    this.ttl = b[off + 7]!;
    // ip6_print: a payload length past what the link layer carried (no space after the `!`)
    // (a payload length of 0 is a jumbogram's: no such check)
    const trunc = plen && wire < plen + 40 ? `truncated-ip6 - ${plen + 40 - wire} bytes missing!` : '';
    let head = '';
    if (this.v) {
      const flow = ((b[off]! << 24) | (b[off + 1]! << 16) | (b[off + 2]! << 8) | b[off + 3]!) >>> 0;
      if (flow & 0x0ff00000) head += `class 0x${((flow & 0x0ff00000) >>> 20).toString(16).padStart(2, '0')}, `;
      if (flow & 0x000fffff) head += `flowlabel 0x${(flow & 0x000fffff).toString(16).padStart(5, '0')}, `;
      head = `(${head}hlim ${b[off + 7]!}, next-header ${protoName(nh)} (${nh}) payload length: ${plen}) `;
    }
    head = trunc + head;
    let addrs = b.subarray(off + 8, off + 40);
    // ip6_print names the addresses itself unless the first header is TCP or UDP, which do
    if (nh === 6 || nh === 17 || nh === 132) return head + this.transport(nh, b, off + 40, plen, src, dst, addrs, false, false);
    head += `${src} > ${dst}: `;
    // the extension headers (print-ip6.c ip6_print's loop; print-ip6opts.c, print-frag6.c)
    let p = nh;
    let o = off + 40;
    let len = plen;
    let fragmented = false;
    for (;;) {
      if (p === 0 || p === 60) {
        // the header is checked whole before it is named
        if (b.length < o + 2) return `${head} [|${p === 0 ? 'hbhopt' : 'dstopt'}]`;
        const n = (b[o + 1]! + 1) * 8;
        if (b.length < o + n) return `${head} [|${p === 0 ? 'hbhopt' : 'dstopt'}]`;
        head += `${p === 0 ? 'HBH' : 'DSTOPT'} ${this.v ? ip6Options(b, o + 2, o + n) : ''}`;
        p = b[o]!;
        o += n;
        len -= n;
      } else if (p === 44) {
        if (b.length < o + 8) return `${head}frag [|frag]`;
        const fo = ((b[o + 2]! << 8) | b[o + 3]!) & 0xfff8;
        const flen = plen - (o - off - 40) - 8;
        head += this.v ? `frag (0x${((b[o + 4]! << 24 | b[o + 5]! << 16 | b[o + 6]! << 8 | b[o + 7]!) >>> 0).toString(16).padStart(8, '0')}:${fo}|${flen})` : `frag (${fo}|${flen})`;
        // only the first fragment's payload is printed
        if (fo !== 0) return head;
        head += ' ';
        p = b[o]!;
        o += 8;
        len -= 8;
        fragmented = true;
      } else if (p === 51) {
        const ah = ahPrint(b, o, this.v);
        if (typeof ah === 'string') return head + ah;
        head += ah[0];
        [p, o, len] = [ah[1], o + ah[2], len - ah[2]];
      } else if (p === 43) {
        const rt = rt6Print(b, o, this.v);
        if (typeof rt === 'string') return head + rt;
        head += rt[0];
        // ip6_finddst: the pseudo-header's destination is the routing header's final one — the
        // last address of a type 0 or 2 header, the first segment of a segment-routing header
        const n = b[o + 1]!;
        const type = b[o + 2]!;
        const last = type === 0 || type === 2 ? (n % 2 === 0 && n >= 2 ? o + 8 + 16 * (n / 2 - 1) : -1) : type === 4 ? o + 8 : -1;
        if (last >= 0 && b.length >= last + 16) {
          addrs = new Uint8Array(32);
          addrs.set(b.subarray(off + 8, off + 24));
          addrs.set(b.subarray(last, last + 16), 16);
        }
        p = b[o]!;
        o += rt[1];
        len -= rt[1];
      } else break;
    }
    return head + this.transport(p, b, o, len, src, dst, addrs, fragmented, true);
  }

  /** `named`: the addresses were printed already (after IPv6 extension headers) */
  private transport(proto: number, b: Uint8Array, off: number, len: number, src: string, dst: string, addrs: Uint8Array, fragment: boolean, named: boolean): string {
    // -v checks a checksum only over a whole, unfragmented, captured segment
    const whole = this.v > 0 && !fragment && off + len <= b.length;
    const check = whole ? addrs : undefined;
    const hosts = named ? '' : `${src} > ${dst}: `;
    switch (proto) {
      case 6: return this.tcp(b, off, len, src, dst, addrs, check, named);
      case 17: return this.udp(b, off, len, src, dst, this.v > 0 && !fragment ? addrs : undefined, named);
      case 59: return `${hosts}no next header`;
      case 1: return hosts + icmpPrint(b, off, len, this.v, whole, (o, end) => this.ipv4(b.subarray(0, end), o, Infinity, this.opts.link === true));
      case 58: return hosts + icmp6Print(b, off, len, this.v, check);
      case 2: return hosts + igmpPrint(b, off, len, this.v, this.opts.quick === true);
      case 132: return sctpPrint(b, off, len, named ? ['', ''] : [src, dst], this.v).replace(/^\./, '').replace(' > .', ' > ');
      case 47: return hosts + grePrint(b, off, len, this.v, this.opts.link === true, (t, o, l) => this.payload(t, b, o, l));
      case 50: return hosts + espPrint(b, off, len);
      case 89: return hosts + ospfPrint(b, off, len, this.v);
      case 103: return hosts + (pimPrint(b, off, len, this.v, addrs) ?? `ip-proto-${proto} ${len}`);
      case 112: return hosts + vrrpPrint(b, off, len, this.ttl, addrs, this.v);
      default: return `${hosts}ip-proto-${proto} ${len}`;
    }
  }

  /**
   * print-udp.c: `check`, the pseudo-header's addresses when -v checks the checksum (over IPv6
   * with -v, over IPv4 only with -vv, where a zero checksum is `[no cksum]`)
   */
  private udp(b: Uint8Array, off: number, len: number, src: string, dst: string, check: Uint8Array | undefined, named: boolean): string {
    // udp_print: the ports when they were captured, then the truncation mark after ": "
    // (without the ports, the addresses are printed even after extension headers)
    if (b.length < off + 8) return b.length >= off + 4 ? `${named ? '' : `${src}.`}${u16(b, off)} > ${named ? '' : `${dst}.`}${u16(b, off + 2)}:  [|udp]` : `${src} > ${dst}:  [|udp]`;
    const sport = (b[off]! << 8) | b[off + 1]!;
    const dport = (b[off + 2]! << 8) | b[off + 3]!;
    const ulen = ((b[off + 4]! << 8) | b[off + 5]!) - 8;
    // after extension headers or AH, the addresses are printed already: only the ports
    let head = named ? `${sport} > ${dport}: ` : `${src}.${sport} > ${dst}.${dport}: `;
    if (check && (check.length === 32 || this.v > 1)) {
      const field = (b[off + 6]! << 8) | b[off + 7]!;
      if (check.length === 8 && field === 0) head += '[no cksum] ';
      else if (off + 8 + ulen <= b.length) {
        const bad = shouldBe(field, sum16(b, off, off + ulen + 8, pseudoSum(check, 17, ulen + 8)));
        head += bad < 0 ? '[udp sum ok] ' : `[bad udp cksum ${hex4(field)} -> ${hex4(bad)}!] `;
      }
    }
    if (!this.opts.quick) {
      const p = b.subarray(off + 8, Math.min(b.length, off + 8 + ulen));
      // udp_print's order: DNS, multicast DNS, then the others by port
      if (sport === 53 || dport === 53 || sport === 5353 || dport === 5353) {
        const d = dnsPrint(p, ulen, this.v, sport !== 53 && dport !== 53);
        if (d !== undefined) return head + d;
      }
      const app = udpApp(sport, dport, p, ulen, this.v);
      if (app !== undefined) return head + app;
      if (sport === 4789 || dport === 4789) return head + this.vxlan(b, off + 8, ulen);
      if (sport === 6081 || dport === 6081) return head + this.geneve(b, off + 8, ulen);
    }
    return `${head}UDP, length ${ulen}`;
  }

  /** what a tunnel carries, by its EtherType (gre_print, geneve_print): undefined for a type not decoded */
  private payload(type: number, b: Uint8Array, o: number, len: number): string | undefined {
    if (type === 0x0800 || type === 0x86dd || type === 0x8847) return this.network(type, b, o, len, this.opts.link === true);
    // Transparent Ethernet Bridging: a whole frame
    if (type === 0x6558) return this.link(LINKTYPE_ETHERNET, b.subarray(o), len);
    return undefined;
  }

  /** print-vxlan.c: the flags and VNI, then the encapsulated frame on the next line */
  private vxlan(b: Uint8Array, o: number, len: number): string {
    if (b.length < o + 8) return 'VXLAN [|vxlan]';
    const flags = b[o]!;
    return `VXLAN, flags [${flags & 0x08 ? 'I' : '.'}] (0x${hex2(flags)}), vni ${(u32(b, o + 4) >>> 8)}\n${this.link(LINKTYPE_ETHERNET, b.subarray(o + 8), len - 8)}`;
  }

  /** print-geneve.c: version, flags, VNI, the options' length, then the payload by its protocol */
  private geneve(b: Uint8Array, o: number, len: number): string {
    if (b.length < o + 1) return 'Geneve [|geneve]';
    const version = b[o]! >> 6;
    if (version !== 0) return `Geneve ERROR: unknown-version ${version}`;
    if (b.length < o + 8) return 'Geneve [|geneve]';
    const flags = b[o + 1]!;
    const prot = u16(b, o + 2);
    let out = `Geneve, Flags [${(flags & 0x80 ? 'O' : '') + (flags & 0x40 ? 'C' : '') || 'none'}], vni 0x${(u32(b, o + 4) >>> 8).toString(16)}`;
    if (b[o + 7]) out += `, rsvd 0x${b[o + 7]!.toString(16)}`;
    if (this.opts.link) out += `, proto ${ETHERTYPE_NAMES[prot] ?? 'unknown'} (${hex4(prot)})`;
    const optLen = (b[o]! & 0x3f) * 4;
    if (len - 8 < optLen) return `${out} truncated-geneve - ${optLen - (len - 8)} bytes missing`;
    if (b.length < o + 8 + optLen) return `${out} [|geneve]`;
    if (optLen > 0) out += `, options [${this.v ? geneveOptions(b, o + 8, optLen, this.v) : `${optLen} bytes`}]`;
    out += this.v ? '\n\t' : ': ';
    return out + (this.payload(prot, b, o + 8 + optLen, len - 8 - optLen) ?? `geneve-proto-0x${prot.toString(16)}`);
  }

  private tcp(b: Uint8Array, off: number, len: number, src: string, dst: string, addrs: Uint8Array, check: Uint8Array | undefined, named: boolean): string {
    // print-tcp.c: the ports when they were captured, then tcpdump's truncation mark after ": "
    if (b.length < off + 20) return b.length >= off + 4 ? `${named ? '' : `${src}.`}${(b[off]! << 8) | b[off + 1]!} > ${named ? '' : `${dst}.`}${(b[off + 2]! << 8) | b[off + 3]!}:  [|tcp]` : `${src} > ${dst}: [|tcp]`;
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
    const head = named ? `${sport} > ${dport}: ` : `${src}.${sport} > ${dst}.${dport}: `;
    if (this.opts.quick) return `${head}tcp ${plen}`;
    if (hl < 20) return `${head}tcp ${len} [bad hdr length ${hl} - too short, < 20]`;
    // print-tcp.c: relative sequence numbers, keyed by the conversation in a fixed order; SACK
    // edges are made relative to the base of the other direction (thack, or thseq when reversed)
    let sackBase = 0;
    if (flags & 0x10) {
      const half = addrs.length / 2;
      const a = addrs.subarray(0, half);
      const c = addrs.subarray(half);
      let cmp = 0;
      for (let i = 0; i < half && cmp === 0; i++) cmp = a[i]! - c[i]!;
      const rev = cmp > 0 || (cmp === 0 && sport > dport);
      const key = rev ? `${hexOf(c)}.${dport}-${hexOf(a)}.${sport}` : `${hexOf(a)}.${sport}-${hexOf(c)}.${dport}`;
      let th = this.tcpSeq.get(key);
      if (!th || flags & 0x02) {
        th = rev ? { ack: seq, seq: (ack - 1) >>> 0 } : { seq, ack: (ack - 1) >>> 0 };
        this.tcpSeq.set(key, th);
      } else if (rev) {
        seq = (seq - th.ack) >>> 0;
        ack = (ack - th.seq) >>> 0;
      } else {
        seq = (seq - th.seq) >>> 0;
        ack = (ack - th.ack) >>> 0;
      }
      sackBase = rev ? th.seq : th.ack;
    }
    let out = `${head}Flags [${tcpFlags(flags)}]`;
    if (check) {
      const field = u16(off + 16);
      const bad = shouldBe(field, sum16(b, off, off + len, pseudoSum(check, 6, len)));
      out += `, cksum ${hex4(field)} ${bad < 0 ? '(correct)' : `(incorrect -> ${hex4(bad)})`}`;
    }
    // -vv shows the sequence number of every segment (print-tcp.c)
    if (this.v > 1 || plen > 0 || flags & 0x07) {
      out += `, seq ${seq}`;
      if (plen > 0) out += `:${(seq + plen) >>> 0}`;
    }
    if (flags & 0x10) out += `, ack ${ack}`;
    out += `, win ${win}`;
    if (flags & 0x20) out += `, urg ${urp}`;
    if (hl > 20) {
      const opts = tcpOptions(b.subarray(off + 20, Math.min(off + hl, b.length)), sackBase, hl - 20);
      // a truncated option ends the packet's line where tcpdump's longjmp does
      if (opts.endsWith('[|tcp]') || opts.endsWith('[|tcp]>')) return `${out}, options [${opts}`;
      out += `, options [${opts}]`;
    }
    out += `, length ${plen}`;
    // -v: a reset's data (the reason some stacks put there), at most 30 bytes (print_tcp_rst_data)
    if (flags & 0x04 && this.v) {
      if (plen <= 0) return out;
      const n = Math.min(plen, 30, Math.max(0, b.length - off - hl));
      return `${out} [RST${plen > 30 ? '+' : ''} ${printable(b.subarray(off + hl, off + hl + n))}]`;
    }
    // print-tcp.c tries SSH (22) before HTTP: its printer prints nothing unless a banner
    const proto = sport === 22 || dport === 22 ? undefined : TXT_PORTS[sport] ?? TXT_PORTS[dport];
    if (proto && plen > 0) out += textProto(proto, b.subarray(off + hl, Math.min(b.length, off + hl + plen)), plen, this.v);
    else if (!proto && sport !== 22 && dport !== 22 && (sport === 53 || dport === 53) && plen > 0) out += ` ${this.dnsOverTcp(b, off + hl, plen)}`;
    return out;
  }

  /** print-domain.c domain_print over TCP: the message follows a two-byte length that must be the segment's */
  private dnsOverTcp(b: Uint8Array, o: number, len: number): string {
    if (len < 2) return `[DNS over TCP: length ${len} < 2] (invalid)`;
    if (b.length < o + 2) return '[|domain]';
    const prefix = u16(b, o);
    if (prefix !== len - 2) return `[prefix length(${prefix}) != length(${len - 2})] (invalid)`;
    return dnsPrint(b.subarray(o + 2, Math.min(b.length, o + len)), len - 2, this.v) ?? '[|domain]';
  }
}

const hexOf = (x: Uint8Array): string => Array.from(x, hex2).join('');

function etherName(t: number): string {
  return ETHERTYPE_NAMES[t] ?? 'Unknown';
}

/** print-tcp.c's flag letters, in its order */
function tcpFlags(f: number): string {
  const letters: Array<[number, string]> = [[0x01, 'F'], [0x02, 'S'], [0x04, 'R'], [0x08, 'P'], [0x10, '.'], [0x20, 'U'], [0x40, 'E'], [0x80, 'W']];
  const s = letters.filter(([m]) => f & m).map(([, l]) => l).join('');
  return s === '' ? 'none' : s;
}

/** print-geneve.c format_opt_class */
function geneveClass(c: number): string {
  const named: Record<number, string> = { 0x0100: 'Linux', 0x0101: 'Open vSwitch', 0x0102: 'Open Virtual Networking (OVN)', 0x0103: 'In-band Network Telemetry (INT)', 0x0104: 'VMware' };
  return named[c] ?? (c <= 0xff ? 'Standard' : c >= 0xfff0 ? 'Experimental' : 'Unknown');
}

/** geneve_opts_print (-v): each option's class, type and length; -vv its data words */
function geneveOptions(b: Uint8Array, o: number, len: number, vflag: number): string {
  let out = '';
  for (let sep = ''; len > 0; sep = ', ') {
    const type = b[o + 2]!;
    const olen = 4 + (b[o + 3]! & 0x1f) * 4;
    out += `${sep}class ${geneveClass(u16(b, o))} (0x${u16(b, o).toString(16)}) type 0x${type.toString(16)}${type & 0x80 ? '(C)' : ''} len ${olen}`;
    if (olen > len) return `${out} [bad length]`;
    if (vflag > 1 && olen > 4) {
      out += ' data';
      for (let i = 4; i < olen; i += 4) out += ` ${u32(b, o + i).toString(16).padStart(8, '0')}`;
    }
    o += olen;
    len -= olen;
  }
  return out;
}

/** print-tcp.c hands these ports' payload to txtproto_print, which names the protocol */
const TXT_PORTS: Record<number, string> = { 80: 'HTTP', 8080: 'HTTP', 554: 'RTSP' };
const HTTP_METHODS = new Set(['GET', 'PUT', 'COPY', 'HEAD', 'LOCK', 'MOVE', 'POLL', 'POST', 'BCOPY', 'BMOVE', 'MKCOL', 'TRACE', 'LABEL', 'MERGE', 'DELETE',
  'BDELETE', 'UNLOCK', 'OPTIONS', 'CHECKIN', 'PROPFIND', 'SEARCH', 'CHECKOUT', 'CONNECT', 'PROPPATCH', 'BPROPFIND', 'BPROPPATCH', 'UNCHECKOUT',
  'MKACTIVITY', 'MKWORKSPACE', 'UPDATE', 'REPORT', 'VERSION-CONTROL', 'BASELINE-CONTROL']);

/**
 * util-print.c print_txt_line: the line at `idx` after `prefix`, and where the next starts (0: a
 * non-text byte or a CR without LF ends the printing; no line ending is a truncation, `[|http]`)
 */
function txtLine(p: Uint8Array, idx: number, len: number, prefix: string, name: string): [string, number] {
  const start = idx;
  for (; idx < len; idx++) {
    if (idx >= p.length) return [`${prefix}${String.fromCharCode(...p.subarray(start, idx))} [|${name.toLowerCase()}]`, 0];
    const c = p[idx]!;
    if (c === 0x0a) return [prefix + String.fromCharCode(...p.subarray(start, idx)), idx + 1];
    if (c === 0x0d) {
      if (idx + 1 >= len) return ['', 0];
      if (p[idx + 1] === 0x0a) return [prefix + String.fromCharCode(...p.subarray(start, idx)), idx + 2];
      return ['', 0];
    }
    if ((c < 0x20 || c > 0x7e) && c !== 0x09) return ['', 0];
  }
  return [`${prefix}${String.fromCharCode(...p.subarray(start, idx))} [|${name.toLowerCase()}]`, 0];
}

/**
 * txtproto_print: ": HTTP", then without -v the first line when it is a request or a response,
 * with -v the payload's length and every text line
 */
function textProto(name: string, p: Uint8Array, len: number, vflag: number): string {
  // a request (its method) or a response (a three-digit status as its second token)?
  let end = 0;
  while (end < p.length && p[end] !== 0x20 && p[end] !== 0x0d && p[end] !== 0x0a) end++;
  const tok = String.fromCharCode(...p.subarray(0, end));
  let e2 = end + 1;
  while (e2 < p.length && p[e2] !== 0x20 && p[e2] !== 0x0d && p[e2] !== 0x0a) e2++;
  const tok2 = String.fromCharCode(...p.subarray(end + 1, e2));
  if (!HTTP_METHODS.has(tok.toUpperCase()) && !/^\d{3}$/.test(tok2)) return `: ${name}`;
  if (!vflag) return `: ${name}${txtLine(p, 0, len, ': ', name)[0]}`;
  let out = `: ${name}, length: ${len}`;
  for (let idx = 0; idx < len; ) {
    const [text, next] = txtLine(p, idx, len, '\n\t', name);
    out += text;
    if (next === 0) break;
    idx = next;
  }
  return out;
}

/** tcpdump's MAXIMUM_SNAPLEN (netdissect.h) */
const MAXIMUM_SNAPLEN = 262144;

/**
 * print.c pretty_print_packet's check of the record header: a record with nothing captured, of
 * no length, with more captured than sent or past the largest snapshot length is printed as
 * `[Invalid header: caplen==0, len==0]` alone, without its timestamp; undefined when valid
 */
function invalidHeader(caplen: number, len: number): string | undefined {
  const why: string[] = [];
  if (caplen === 0) why.push('caplen==0');
  if (len === 0) why.push('len==0');
  else if (len < caplen) why.push(`len(${len}) < caplen(${caplen})`);
  if (caplen > MAXIMUM_SNAPLEN) why.push(`caplen(${caplen}) > ${MAXIMUM_SNAPLEN}`);
  if (len > MAXIMUM_SNAPLEN) why.push(`len(${len}) > ${MAXIMUM_SNAPLEN}`);
  return why.length ? `[Invalid header: ${why.join(', ')}]` : undefined;
}

/** print-arp.c's arphrd_values */
const ARPHRD_NAMES: Record<number, string> = { 1: 'Ethernet', 6: 'TokenRing', 7: 'ArcNet', 15: 'FrameRelay', 19: 'ATM', 23: 'Strip', 24: 'IEEE 1394' };

/** print-arp.c's hardware and protocol types: `Ethernet (len 6), IPv4 (len 4)` */
function arpTypes(b: Uint8Array, off: number): string {
  const hrd = u16(b, off);
  const pro = u16(b, off + 2);
  const h = ARPHRD_NAMES[hrd] ?? `Unknown Hardware (${hrd})`;
  const p = ETHERTYPE_NAMES[pro] ?? `Unknown Protocol (${hex4(pro)})`;
  return `${h} (len ${b[off + 4]!}), ${p} (len ${b[off + 5]!})`;
}

/**
 * print-arp.c arp_print: the addresses sit at offsets given by the header's own lengths, and are
 * checked captured before anything is printed (` [|arp]` alone); a protocol other than IPv4 or
 * a hardware address of no length is shown by its types only, unless -v, which always prints the
 * types and then the operation anyway (an IP address it cannot show is `<wrong proto type>` or
 * `<wrong len>`); an unknown operation is followed by the whole ARP packet in hex and ASCII
 */
function arp(b: Uint8Array, off: number, len: number, bare: boolean, vflag: number): string {
  if (b.length < off + 6) return ' [|arp]';
  const hln = b[off + 4]!;
  const pln = b[off + 5]!;
  const sha = off + 8;
  const spa = sha + hln;
  const tha = spa + pln;
  const tpa = tha + hln;
  if (b.length < tpa + pln) return ' [|arp]';
  const head = bare ? '' : 'ARP, ';
  const pro = u16(b, off + 2);
  const ipOk = (pro === 0x0800 || pro === 0x1000) && pln === 4;
  if (!vflag && (!ipOk || hln === 0)) return `${head}${arpTypes(b, off)}, length ${len}`;
  const mac = (o: number): string => (hln === 6 ? macString(b, o) : Array.from(b.subarray(o, o + hln), hex2).join(':'));
  // tpaddr_print_ip / spaddr_print_ip
  const ip = (o: number): string => (pro !== 0x0800 && pro !== 0x1000 ? '<wrong proto type>' : pln !== 4 ? '<wrong len>' : ipv4String(b, o));
  const out = head + (vflag ? `${arpTypes(b, off)}, ` : '');
  const op = u16(b, off + 6);
  switch (op) {
    case 1: return `${out}Request who-has ${ip(tpa)}${b.subarray(tha, tha + hln).some((x) => x !== 0) ? ` (${mac(tha)})` : ''} tell ${ip(spa)}, length ${len}`;
    case 2: return `${out}Reply ${ip(spa)} is-at ${mac(sha)}, length ${len}`;
    case 3: return `${out}Reverse Request who-is ${mac(tha)} tell ${mac(sha)}, length ${len}`;
    case 4: return `${out}Reverse Reply ${mac(tha)} at ${ip(tpa)}, length ${len}`;
    case 8: return `${out}Inverse Request who-is ${mac(tha)} tell ${mac(sha)}, length ${len}`;
    case 9: return `${out}Inverse Reply ${mac(sha)} at ${ip(spa)}, length ${len}`;
    default: return `${out}Unknown (${op}) ${hexAsciiDump(b.subarray(off), '\n\t')}`;
  }
}
