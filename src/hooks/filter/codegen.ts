/**
 * Code generation for pcap-filter(7) primitives, following libpcap's gencode.c so that the same
 * packets are selected (including which loads happen before which tests, since a load outside
 * the captured bytes rejects the packet): gen_linktype per link type, gen_host/gen_hostop(6),
 * gen_port/gen_portop(6), gen_portrange, gen_proto, gen_protochain (libpcap's loop, a backward
 * jump inside one block), gen_vlan, gen_mpls, gen_load/gen_arth/gen_relation, gen_ehostop, gen_broadcast,
 * gen_multicast, gen_less/gen_greater.
 */
import { BpfError } from '../../isa/errors.js';
import * as c from '../cbpf/opcodes.js';
import { and, andAll, constant, not, or, orAll, s, test, type Cond, type Stmt } from './cfg.js';
import { parseIp6, parseMac } from './lexer.js';
import { PROTOCOLS, SERVICES } from './netdb.js';
import type { Arith, IdVal, Node, Quals } from './parser.js';
const DLT_PPP = 9;
/** pcap_datalink_val_to_description_or_dlt for the link types the generator knows */
const DLT_DESCRIPTION: Record<number, string> = {
  0: 'BSD loopback', 1: 'Ethernet', 9: 'PPP', 12: 'Raw IP', 14: 'Raw IP', 101: 'Raw IP', 108: 'OpenBSD loopback', 113: 'Linux cooked v1', 276: 'Linux cooked v2',
};
import {
  DLT_RAW, DLT_RAW_OPENBSD, LINKTYPE_ETHERNET, LINKTYPE_LINUX_SLL, LINKTYPE_LINUX_SLL2, LINKTYPE_LOOP, LINKTYPE_NULL, LINKTYPE_RAW, linkTypeName,
} from '../pcap/linktype.js';

export const ETHERTYPE_IP = 0x0800;
export const ETHERTYPE_ARP = 0x0806;
export const ETHERTYPE_REVARP = 0x8035;
export const ETHERTYPE_IPV6 = 0x86dd;
export const ETHERTYPE_8021Q = 0x8100;
export const ETHERTYPE_8021AD = 0x88a8;
export const ETHERTYPE_8021QINQ = 0x9100;
export const ETHERTYPE_MPLS = 0x8847;
export const ETHERTYPE_PPPOED = 0x8863;
export const ETHERTYPE_PPPOES = 0x8864;
const ETHERTYPE_ATALK = 0x809b;
const ETHERTYPE_AARP = 0x80f3;
const ETHERTYPE_DN = 0x6003;
const ETHERTYPE_SCA = 0x6007;
const ETHERTYPE_LAT = 0x6004;
const ETHERTYPE_MOPDL = 0x6001;
const ETHERTYPE_MOPRC = 0x6002;
const ETHERTYPE_IPX = 0x8137;
// 802.2 SAPs (llc.h)
const LLCSAP_ISONS = 0xfe;
const LLCSAP_IP = 0x06;
const LLCSAP_NETBEUI = 0xf0;
const LLCSAP_IPX = 0xe0;
const LLCSAP_8021D = 0x42;
const LLCSAP_SNAP = 0xaa;
// ISO network-layer protocol ids and IS-IS PDU types (isis.h)
const ISO8473_CLNP = 0x81;
const ISO9542_ESIS = 0x82;
const ISO10589_ISIS = 0x83;
const ISIS_PDU: Record<string, number[]> = {
  l1: [15, 17, 18, 24, 26], l2: [16, 17, 20, 25, 27], iih: [15, 16, 17], lsp: [18, 20], snp: [24, 25, 26, 27], csnp: [24, 25], psnp: [26, 27],
};
/** Linux cooked captures: the protocol field of an 802.2 / 802.3 frame (LINUX_SLL_P_802_2/3) */
const LINUX_SLL_P_802_3 = 0x0001;
const LINUX_SLL_P_802_2 = 0x0004;
/** PPP protocol numbers for the Ethernet types libpcap maps (ethertype_to_ppptype) */
const PPPTYPE: Record<number, number> = {
  [ETHERTYPE_IP]: 0x0021, [ETHERTYPE_IPV6]: 0x0057, [ETHERTYPE_DN]: 0x0027, [ETHERTYPE_ATALK]: 0x0029, [LLCSAP_ISONS]: 0x0023, [LLCSAP_8021D]: 0x0031, [LLCSAP_IPX]: 0x002b,
};
/** llc S-frame and U-frame names (gen_llc_s_subtype / gen_llc_u_subtype) */
const LLC_S: Record<string, number> = { rr: 0x01, rnr: 0x05, rej: 0x09 };
const LLC_U: Record<string, number> = { ui: 0x03, ua: 0x63, disc: 0x43, dm: 0x0f, sabme: 0x6f, test: 0xe3, xid: 0xaf, frmr: 0x87 };
const ETHERMTU = 1500;

const IPPROTO: Record<string, number> = { icmp: 1, igmp: 2, tcp: 6, udp: 17, ipv6: 41, gre: 47, esp: 50, ah: 51, icmp6: 58, 'ipv6-icmp': 58, pim: 103, vrrp: 112, sctp: 132, igrp: 9 };
/** a name's entry in a table, never one of Object.prototype's (`port constructor` is unknown) */
const own = <T>(table: Record<string, T>, name: string): T | undefined => (Object.hasOwn(table, name) ? table[name] : undefined);

/**
 * pcap_nametoport (nametoaddr.c): a service name's port and protocol — 'tcp' or 'udp' when
 * /etc/services lists it for one of them only, null when for both with the same number (a
 * decimal string is its own port for both, as getaddrinfo takes it); undefined when unknown
 */
function nametoport(name: string): { port: number; proto: 'tcp' | 'udp' | null } | undefined {
  if (/^\d+$/.test(name)) return { port: Number(name), proto: null };
  if (!Object.hasOwn(SERVICES, name)) return undefined;
  const [tcp, udp] = SERVICES[name]!;
  if (tcp >= 0) return { port: tcp, proto: udp === tcp ? null : 'tcp' };
  return { port: udp, proto: 'udp' };
}
/** gen_scode's check that a service's protocol fits the qualifier ("port 'ssh' is tcp") */
function portProtoConflict(proto: string | null, real: 'tcp' | 'udp' | null): string | undefined {
  if (real === null || proto === null) return undefined;
  return proto !== real ? real : undefined;
}
/** pcap_nametoeproto's table (ethertype.c) and the LLC names pcap_nametollc knows */
const ETHERPROTO: Record<string, number> = {
  ip: ETHERTYPE_IP, ip6: ETHERTYPE_IPV6, arp: ETHERTYPE_ARP, rarp: ETHERTYPE_REVARP, atalk: ETHERTYPE_ATALK, aarp: ETHERTYPE_AARP, decnet: ETHERTYPE_DN,
  sca: ETHERTYPE_SCA, lat: ETHERTYPE_LAT, mopdl: ETHERTYPE_MOPDL, moprc: ETHERTYPE_MOPRC, ipx: ETHERTYPE_IPX, loopback: 0x9000,
  iso: LLCSAP_ISONS, stp: LLCSAP_8021D, netbeui: LLCSAP_NETBEUI,
};

const BSD_AFNUM_INET = 2;
const BSD_AFNUM_INET6_BSD = 24;
const BSD_AFNUM_INET6_FREEBSD = 28;
const BSD_AFNUM_INET6_DARWIN = 30;

const SIZE: Record<number, number> = { 1: c.BPF_B, 2: c.BPF_H, 4: c.BPF_W };

export interface CodegenOptions {
  linkType: number;
  /** DLT_NULL captures: the file's byte order differs from this host's (libpcap swaps the AF value) */
  nullSwapped?: boolean;
  /** IPv4 netmask for `ip broadcast` (0 when unknown, as tcpdump -r uses) */
  netmask?: number;
  /**
   * the program will not be optimised: generate every test libpcap generates, also those its
   * optimiser always removes (an IPv6 address word under a zero mask still loads, and a load
   * past the captured bytes rejects the packet)
   */
  unoptimized?: boolean;
}

/** the protocols gen_load can index (the others are "unsupported index operation") */
const LOADABLE = new Set(['link', 'ether', 'radio', 'ip', 'arp', 'rarp', 'ip6', 'atalk', 'decnet', 'sca', 'lat', 'moprc', 'mopdl', 'icmp6',
  'tcp', 'udp', 'sctp', 'icmp', 'igmp', 'igrp', 'pim', 'vrrp', 'carp']);

/** the 802.11 address qualifiers */
const wlanDir = (d: Quals['dir']): boolean => d !== null && d !== 'src' && d !== 'dst' && d !== 'or' && d !== 'and';
/** how libpcap's messages name them: `'addr1' and 'address1'`, `'ra'` */
const wlanName = (d: Quals['dir']): string => (d === 'ra' || d === 'ta' ? `'${d}'` : `'${d}' and 'address${d!.slice(4)}'`);
/** gen_hostop / gen_portop / gen_portrangeop: the 802.11 qualifiers apply to MAC addresses only */
function notWlan(d: Quals['dir'], what: string, col: number): void {
  if (wlanDir(d)) throw err(`${wlanName(d)} ${d === 'ra' || d === 'ta' ? 'is not a valid qualifier' : 'are not valid qualifiers'} for ${what}`, col);
}

const err = (msg: string, col?: number): BpfError => new BpfError('EINVAL', msg, col === undefined ? {} : { column: col });

/**
 * After `geneve` the link-layer header, type field and payload are at offsets only known at run
 * time (libpcap's bpf_abs_offset with is_variable): such an offset is written VAR_UNIT × base +
 * its constant part, base 1 (link header), 2 (type field) or 3 (payload), and a load at it goes
 * through the scratch word holding that base (Codegen.ld). Constant offsets stay far below.
 */
const VAR_UNIT = 0x10000000;
const VAR_LINKHDR = 1 * VAR_UNIT;
const VAR_LINKTYPE = 2 * VAR_UNIT;
const VAR_LINKPL = 3 * VAR_UNIT;
/** the variable base of an offset (0: a constant offset) */
const varBase = (off: number): number => Math.round(off / VAR_UNIT);
/** an offset's constant part */
const konst = (off: number): number => off - varBase(off) * VAR_UNIT;
const GENEVE_PORT = 6081;
const ETHERTYPE_TEB = 0x6558;

export class Codegen {
  /** offset of the link-layer header (variable after `geneve`) */
  private offLinkhdr = 0;
  /** offset of the link-layer type field (-1: none) */
  private offLinktype: number;
  /** offset of the link-layer payload */
  private offLinkpl: number;
  /** extra offset from the payload to the network header (MPLS labels) */
  private offNl = 0;
  private mplsDepth = 0;
  private vlanDepth = 0;
  private nextReg = 0;
  /** scratch words below this one hold `geneve`'s variable offsets (taken from M[15] down) */
  private topReg = c.BPF_MEMWORDS;
  /** the scratch word holding the variable part of each VAR_* base (geneve) */
  private varReg = [-1, -1, -1, -1];
  /** a `geneve` or `protochain` was compiled: libpcap turns its optimiser off (no_optimize) */
  noOptimize = false;
  /** a divisor or shift count that only folds to a bad constant: the optimiser's refusal, raised after generation */
  folded: BpfError | undefined;
  /** off_nl_nosnap: where an 802.2 frame's payload starts, past the LLC header (3 on Ethernet) */
  private offNlNosnap = 0;
  /** the link type the generator is in: DLT_PPP (9) after `pppoes`, as libpcap switches */
  private curLt: number;
  readonly lt: number;

  constructor(private readonly o: CodegenOptions) {
    this.lt = o.linkType;
    this.curLt = o.linkType;
    switch (o.linkType) {
      case LINKTYPE_ETHERNET: this.offLinktype = 12; this.offLinkpl = 14; this.offNlNosnap = 3; break;
      case LINKTYPE_LINUX_SLL: this.offLinktype = 14; this.offLinkpl = 16; break;
      case LINKTYPE_LINUX_SLL2: this.offLinktype = 0; this.offLinkpl = 20; break;
      case LINKTYPE_NULL:
      case LINKTYPE_LOOP: this.offLinktype = 0; this.offLinkpl = 4; break;
      case DLT_RAW:
      case DLT_RAW_OPENBSD:
      case LINKTYPE_RAW: this.offLinktype = -1; this.offLinkpl = 0; break;
      default: throw err(`unsupported link type ${o.linkType} (${linkTypeName(o.linkType)})`);
    }
  }

  private get isEther(): boolean {
    return this.curLt === LINKTYPE_ETHERNET;
  }
  /** pcap_datalink_val_to_description_or_dlt, as libpcap's messages name the link type */
  private get ltDesc(): string {
    return DLT_DESCRIPTION[this.curLt] ?? `DLT ${this.curLt}`;
  }
  private get isRaw(): boolean {
    return this.offLinktype === -1;
  }
  /** network-layer offset */
  private get nl(): number {
    return this.offLinkpl + this.offNl;
  }

  /**
   * a load at an offset, which after `geneve` may be relative to a variable base (VAR_*):
   * `ldx M[r]; ld [x + k]` as libpcap's gen_load_absoffsetrel
   */
  private ld(size: number, off: number): Stmt[] {
    const base = varBase(off);
    if (base === 0) return [s(c.BPF_LD | SIZE[size]! | c.BPF_ABS, off)];
    return [s(c.BPF_LDX | c.BPF_MEM, this.varReg[base]!), s(c.BPF_LD | SIZE[size]! | c.BPF_IND, off - base * VAR_UNIT)];
  }

  /** gen_mcmp: load, mask, compare */
  cmp(off: number, size: number, v: number, jop: number = c.BPF_JEQ, mask?: number): Cond {
    const st = this.ld(size, off);
    if (mask !== undefined && mask >>> 0 !== 0xffffffff) st.push(s(c.BPF_ALU | c.BPF_AND | c.BPF_K, mask));
    return test(st, jop, v);
  }

  /** gen_bcmp: compare bytes, from the last 4-byte word backwards (as libpcap) */
  private bcmp(off: number, bytes: number[]): Cond {
    let size = bytes.length;
    let b: Cond | undefined;
    const be = (i: number, n: number) => bytes.slice(i, i + n).reduce((a, x) => a * 256 + x, 0);
    while (size >= 4) {
      const t = this.cmp(off + size - 4, 4, be(size - 4, 4));
      b = b ? and(b, t) : t;
      size -= 4;
    }
    while (size >= 2) {
      const t = this.cmp(off + size - 2, 2, be(size - 2, 2));
      b = b ? and(b, t) : t;
      size -= 2;
    }
    if (size > 0) {
      const t = this.cmp(off, 1, bytes[0]!);
      b = b ? and(b, t) : t;
    }
    return b!;
  }

  // --- link layer ---

  private loopbackLinktype(af: number): Cond {
    let v = af;
    if (this.lt === LINKTYPE_NULL) {
      // the AF_ value is in the capturing host's order; libpcap byte-swaps for a swapped file, then htonl
      if (this.o.nullSwapped) v = swap32(v);
      v = swap32(v);
    }
    return this.cmp(0, 4, v >>> 0);
  }

  /** gen_snap: an 802.2 SNAP header with this OUI and protocol at the LLC offset */
  private snap(oui: number, ptype: number): Cond {
    return this.bcmp(this.offLinkpl, [LLCSAP_SNAP, LLCSAP_SNAP, 0x03, (oui >> 16) & 0xff, (oui >> 8) & 0xff, oui & 0xff, (ptype >> 8) & 0xff, ptype & 0xff]);
  }

  /** an 802.3 frame: the type/length field is a length (<= 1500) */
  private ether8023(): Cond {
    return not(this.cmp(this.offLinktype, 2, ETHERMTU, c.BPF_JGT));
  }

  /** gen_ether_linktype */
  private etherLinktype(proto: number): Cond {
    const lt = this.offLinktype;
    const llc = this.offLinkpl;
    switch (proto) {
      case LLCSAP_ISONS:
      case LLCSAP_IP:
      case LLCSAP_NETBEUI:
        // OSI and NetBEUI always use 802.2: both SAPs
        return and(this.ether8023(), this.cmp(llc, 2, (proto << 8) | proto));
      case LLCSAP_IPX: {
        // Ethernet_802.2 (IPX SAP), Ethernet_802.3 (0xffff), Ethernet_SNAP; all 802.3; or Ethernet_II
        let b1 = or(this.cmp(llc, 1, LLCSAP_IPX), this.cmp(llc, 2, 0xffff));
        b1 = or(this.snap(0x000000, ETHERTYPE_IPX), b1);
        b1 = and(this.ether8023(), b1);
        return or(this.cmp(lt, 2, ETHERTYPE_IPX), b1);
      }
      case ETHERTYPE_ATALK:
      case ETHERTYPE_AARP: {
        const b1 = and(this.ether8023(), proto === ETHERTYPE_ATALK ? this.snap(0x080007, ETHERTYPE_ATALK) : this.snap(0x000000, ETHERTYPE_AARP));
        return or(this.cmp(lt, 2, proto), b1);
      }
      default:
        // an LLC SAP: an 802.3 frame with that DSAP; otherwise an Ethernet type
        if (proto <= ETHERMTU) return and(this.ether8023(), this.cmp(llc, 1, proto));
        return this.cmp(lt, 2, proto);
    }
  }

  /** gen_linux_sll_linktype (both cooked-capture versions) */
  private sllLinktype(proto: number): Cond {
    const is8022 = () => this.cmp(this.offLinktype, 2, LINUX_SLL_P_802_2);
    switch (proto) {
      case LLCSAP_ISONS:
      case LLCSAP_IP:
      case LLCSAP_NETBEUI:
        return and(is8022(), this.cmp(this.offLinkpl, 2, (proto << 8) | proto));
      case LLCSAP_IPX: {
        let b1 = or(this.cmp(this.offLinkpl, 1, LLCSAP_IPX), this.snap(0x000000, ETHERTYPE_IPX));
        b1 = and(is8022(), b1);
        b1 = or(this.cmp(this.offLinktype, 2, LINUX_SLL_P_802_3), b1);
        return or(this.cmp(this.offLinktype, 2, ETHERTYPE_IPX), b1);
      }
      case ETHERTYPE_ATALK:
      case ETHERTYPE_AARP: {
        const b1 = and(is8022(), proto === ETHERTYPE_ATALK ? this.snap(0x080007, ETHERTYPE_ATALK) : this.snap(0x000000, ETHERTYPE_AARP));
        return or(this.cmp(this.offLinktype, 2, proto), b1);
      }
      default:
        if (proto <= ETHERMTU) return and(is8022(), this.cmp(this.offLinkpl, 1, proto));
        return this.cmp(this.offLinktype, 2, proto);
    }
  }

  /** gen_linktype */
  linktype(proto: number): Cond {
    if (this.mplsDepth > 0) return this.mplsLinktype(proto);
    switch (this.curLt) {
      case LINKTYPE_ETHERNET:
        return this.etherLinktype(proto);
      case DLT_PPP:
        return this.cmp(this.offLinktype, 2, PPPTYPE[proto] ?? proto);
      case LINKTYPE_LINUX_SLL:
        return this.sllLinktype(proto);
      case LINKTYPE_LINUX_SLL2:
        // libpcap 1.10's gen_linktype has no case for it: the default compares the protocol
        // field with the value as given, 802.2 SAPs included ('stp' is `ldh [0]; jeq #0x42`)
        return this.cmp(this.offLinktype, 2, proto);
      case LINKTYPE_NULL:
      case LINKTYPE_LOOP:
        if (proto === ETHERTYPE_IP) return this.loopbackLinktype(BSD_AFNUM_INET);
        if (proto === ETHERTYPE_IPV6) {
          // gen_linktype: b1 = BSD or FreeBSD, then gen_or(Darwin, b1), whose head is Darwin's test
          const bsd = or(this.loopbackLinktype(BSD_AFNUM_INET6_BSD), this.loopbackLinktype(BSD_AFNUM_INET6_FREEBSD));
          return or(this.loopbackLinktype(BSD_AFNUM_INET6_DARWIN), bsd);
        }
        return constant(false);
      default:
        // raw IP: the version nibble
        if (proto === ETHERTYPE_IP) return this.cmp(0, 1, 0x40, c.BPF_JEQ, 0xf0);
        if (proto === ETHERTYPE_IPV6) return this.cmp(0, 1, 0x60, c.BPF_JEQ, 0xf0);
        return constant(false);
    }
  }

  /** after an `mpls`: the bottom-of-stack bit of the last label, then the IP version nibble */
  private mplsLinktype(proto: number): Cond {
    const bos = this.cmp(this.nl - 2, 1, 0x01, c.BPF_JEQ, 0x01);
    if (proto === ETHERTYPE_IP) return and(bos, this.cmp(this.nl, 1, 0x40, c.BPF_JEQ, 0xf0));
    if (proto === ETHERTYPE_IPV6) return and(bos, this.cmp(this.nl, 1, 0x60, c.BPF_JEQ, 0xf0));
    throw err('unsupported protocol over mpls');
  }

  private needEther(col?: number): void {
    if (!this.isEther) throw err('ethernet addresses supported only on ethernet/FDDI/token ring/802.11/ATM LANE/Fibre Channel', col);
  }

  // --- IPv4 / IPv6 ---

  /** gen_ipfrag: not a fragment other than the first */
  private ipfrag(): Cond {
    return not(this.cmp(this.nl + 6, 2, 0x1fff, c.BPF_JSET));
  }

  /**
   * gen_loadx_iphdrlen: X = the IPv4 header length — plus the variable part of the payload's
   * offset after `geneve`, where `ldxb 4*([k]&0xf)` cannot be used (loads after it take the
   * constant part only: konst())
   */
  private ipHdrlenX(): Stmt[] {
    const base = varBase(this.nl);
    if (base === 0) return [s(c.BPF_LDX | c.BPF_MSH | c.BPF_B, this.nl)];
    return [s(c.BPF_LDX | c.BPF_MEM, this.varReg[base]!), s(c.BPF_LD | c.BPF_B | c.BPF_IND, konst(this.nl)), s(c.BPF_ALU | c.BPF_AND | c.BPF_K, 0xf),
      s(c.BPF_ALU | c.BPF_LSH | c.BPF_K, 2), s(c.BPF_ALU | c.BPF_ADD | c.BPF_X), s(c.BPF_MISC | c.BPF_TAX)];
  }

  /** ip proto / ip6 proto (gen_proto for Q_IP / Q_IPV6) */
  ipProto(v: number): Cond {
    return and(this.linktype(ETHERTYPE_IP), this.cmp(this.nl + 9, 1, v));
  }
  ip6Proto(v: number): Cond {
    // also look behind one fragment header
    const b1 = or(this.cmp(this.nl + 6, 1, v), and(this.cmp(this.nl + 6, 1, 44), this.cmp(this.nl + 40, 1, v)));
    return and(this.linktype(ETHERTYPE_IPV6), b1);
  }

  private hostop(addr: number, mask: number, dir: Quals['dir'], srcOff: number, dstOff: number): Cond {
    const src = () => this.cmp(this.nl + srcOff, 4, addr, c.BPF_JEQ, mask);
    const dst = () => this.cmp(this.nl + dstOff, 4, addr, c.BPF_JEQ, mask);
    if (dir === 'src') return src();
    if (dir === 'dst') return dst();
    if (dir === 'and') return and(src(), dst());
    return or(src(), dst());
  }

  /** gen_host for IPv4 */
  host4(addr: number, mask: number, proto: string | null, dir: Quals['dir'], type: 'host' | 'net', col: number): Cond {
    const ip = () => and(this.linktype(ETHERTYPE_IP), this.hostop(addr, mask, dir, 12, 16));
    const arp = (t: number) => and(this.linktype(t), this.hostop(addr, mask, dir, 14, 24));
    switch (proto) {
      // under MPLS labels only IP is looked for (gen_host's label_stack_depth test)
      case null: return this.mplsDepth > 0 ? ip() : or(or(ip(), arp(ETHERTYPE_ARP)), arp(ETHERTYPE_REVARP));
      case 'ip': return ip();
      case 'arp': return arp(ETHERTYPE_ARP);
      case 'rarp': return arp(ETHERTYPE_REVARP);
      case 'link': throw err(`link-layer modifier applied to ${type}`, col);
      case 'ip6': throw err("'ip6' modifier applied to ip host", col);
      case 'decnet': return this.dnhost(addr, dir);
      case 'atalk': throw err('AppleTalk host filtering not implemented', col);
      case 'iso': throw err('ISO host filtering not implemented', col);
      // gen_host's other protocols it never implemented (gencode.c names them in capitals)
      case 'lat': case 'sca': case 'mopdl': case 'moprc': case 'ipx': case 'aarp': throw err(`${proto.toUpperCase()} host filtering not implemented`, col);
      default: throw err(`'${proto}' modifier applied to ${type}`, col);
    }
  }

  /** gen_host6 */
  host6(addr: number[], masklen: number, proto: string | null, dir: Quals['dir'], type: 'host' | 'net', text: string, col: number): Cond {
    if (proto === 'link') throw err(`link-layer modifier applied to ip6 ${type}`, col);
    if (proto === 'atalk') throw err(`AppleTalk modifier applied to ip6 ${type}`, col);
    if (proto !== null && proto !== 'ip6') throw err(`'${proto}' modifier applied to ip6 ${type}`, col);
    const words: Array<[number, number]> = [];
    for (let i = 0; i < 4; i++) {
      const bits = Math.max(0, Math.min(32, masklen - i * 32));
      const m = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
      const a = ((addr[i * 4]! << 24) | (addr[i * 4 + 1]! << 16) | (addr[i * 4 + 2]! << 8) | addr[i * 4 + 3]!) >>> 0;
      if ((a & ~m) >>> 0 !== 0) throw err(`non-network bits set in "${text}"`, col);
      words.push([a, m]);
    }
    const keep = this.o.unoptimized === true;
    const op = (off: number) => andAll(words.map(([a, m], i) => [a, m, i] as const).filter(([, m]) => keep || m !== 0).map(([a, m, i]) => this.cmp(this.nl + off + i * 4, 4, a, c.BPF_JEQ, m)));
    let b: Cond;
    if (masklen === 0 && !keep) b = constant(true);
    else if (dir === 'src') b = op(8);
    else if (dir === 'dst') b = op(24);
    else if (dir === 'and') b = and(op(8), op(24));
    else b = or(op(8), op(24));
    return and(this.linktype(ETHERTYPE_IPV6), b);
  }

  // --- ports ---

  private portAtom(x: Stmt[], off: number, v: number, v2?: number, ip6 = false): Cond {
    const ld = ip6 ? this.ld(2, this.nl + 40 + off) : [...x, s(c.BPF_LD | c.BPF_H | c.BPF_IND, konst(this.nl + off))];
    if (v2 === undefined) return test(ld, c.BPF_JEQ, v);
    const lo = test(ld, c.BPF_JGE, v);
    const hi = test(ip6 ? this.ld(2, this.nl + 40 + off) : [...x, s(c.BPF_LD | c.BPF_H | c.BPF_IND, konst(this.nl + off))], c.BPF_JGT, v2);
    return and(lo, not(hi));
  }

  private portDir(dir: Quals['dir'], ip6: boolean, v: number, v2?: number): Cond {
    const x = this.ipHdrlenX();
    const src = () => this.portAtom(x, 0, v, v2, ip6);
    const dst = () => this.portAtom(x, 2, v, v2, ip6);
    if (dir === 'src') return src();
    if (dir === 'dst') return dst();
    if (dir === 'and') return and(src(), dst());
    return or(src(), dst());
  }

  private portop(proto: number, dir: Quals['dir'], v: number, v2?: number): Cond {
    return and(and(this.cmp(this.nl + 9, 1, proto), this.ipfrag()), this.portDir(dir, false, v, v2));
  }
  private portop6(proto: number, dir: Quals['dir'], v: number, v2?: number): Cond {
    return and(this.cmp(this.nl + 6, 1, proto), this.portDir(dir, true, v, v2));
  }

  /** gen_port(6) / gen_portrange(6): ip6 first, then ip (gen_or(port6, port)) */
  port(protos: number[], dir: Quals['dir'], v: number, v2?: number): Cond {
    const b6 = and(this.linktype(ETHERTYPE_IPV6), orAll(protos.map((p) => this.portop6(p, dir, v, v2))));
    const b4 = and(this.linktype(ETHERTYPE_IP), orAll(protos.map((p) => this.portop(p, dir, v, v2))));
    return or(b6, b4);
  }

  // --- vlan, mpls ---

  vlan(id: number | undefined, col: number): Cond {
    if (this.mplsDepth > 0) throw err('no VLAN match after MPLS', col);
    if (!this.isEther) throw err(`no VLAN support for ${this.ltDesc}`, col);
    if (id !== undefined && id > 0xfff) throw err(`VLAN tag ${id} greater than maximum 4095`, col);
    let b = orAll([this.linktype(ETHERTYPE_8021Q), this.linktype(ETHERTYPE_8021AD), this.linktype(ETHERTYPE_8021QINQ)]);
    if (id !== undefined) b = and(b, this.cmp(this.offLinkpl, 2, id, c.BPF_JEQ, 0x0fff));
    this.offLinkpl += 4;
    this.offLinktype += 4;
    this.vlanDepth++;
    return b;
  }

  mpls(label: number | undefined, col: number): Cond {
    let b: Cond;
    if (this.mplsDepth > 0) b = not(this.cmp(this.nl - 2, 1, 0x01, c.BPF_JSET));
    else if (this.isEther) b = this.linktype(ETHERTYPE_MPLS);
    else if (this.curLt === DLT_PPP) b = this.linktype(0x0281); // PPP_MPLS_UCAST
    else throw err(`no MPLS support for ${this.ltDesc}`, col);
    if (label !== undefined) {
      if (label > 0xfffff) throw err(`MPLS label ${label} greater than maximum 1048575`, col);
      b = and(b, this.cmp(this.nl, 4, (label << 12) >>> 0, c.BPF_JEQ, 0xfffff000));
    }
    this.offNl += 4;
    this.mplsDepth++;
    return b;
  }

  /**
   * gen_pppoes: a PPPoE session frame, then everything after it is PPP inside the session
   * (libpcap switches the link type to DLT_PPP and moves the offsets: sticky, like vlan)
   */
  pppoes(sess: number | undefined, col: number): Cond {
    if (sess !== undefined && sess > 0xffff) throw err(`PPPoE session number ${sess} greater than maximum 65535`, col);
    let b = this.linktype(ETHERTYPE_PPPOES);
    if (sess !== undefined) b = and(b, this.cmp(this.offLinkpl, 4, sess, c.BPF_JEQ, 0x0000ffff));
    this.curLt = DLT_PPP;
    this.offLinktype = this.offLinkpl + 6;
    this.offLinkpl += 8;
    this.offNl = 0;
    this.offNlNosnap = 0;
    return b;
  }

  /**
   * gen_geneve: UDP to port 6081 over IPv4 or IPv6, Geneve version 0 (and the VNI), then
   * everything after it is the encapsulated frame, at offsets computed at run time from the
   * Geneve header's option length (gen_geneve_offsets): the link type field is the Geneve
   * protocol type, or the inner Ethernet type when that is Transparent Ethernet Bridging
   * (0x6558), and the payload follows. libpcap then compiles the filter without its optimiser.
   */
  geneve(vni: number | undefined, col: number): Cond {
    if (vni !== undefined && vni > 0xffffff) throw err(`Geneve VNI ${vni} greater than maximum ${0xffffff}`, col);
    if (this.topReg - 3 < this.nextReg) throw err('too many registers needed to evaluate expression', col);
    const [lh, lt, pl] = [--this.topReg, --this.topReg, --this.topReg];
    const check = (v6: boolean): Cond => {
      // gen_mcmp on OR_TRAN_IPV4/IPV6: X = the IPv4 header length, or the fixed 40 of IPv6
      const tran = (off: number, size: number): Stmt[] =>
        v6 ? this.ld(size, this.nl + 40 + off) : [...this.ipHdrlenX(), s(c.BPF_LD | SIZE[size]! | c.BPF_IND, konst(this.nl + off))];
      const port = v6 ? and(this.linktype(ETHERTYPE_IPV6), this.portop6(17, 'dst', GENEVE_PORT)) : and(this.linktype(ETHERTYPE_IP), this.portop(17, 'dst', GENEVE_PORT));
      let b = and(port, test([...tran(8, 1), s(c.BPF_ALU | c.BPF_AND | c.BPF_K, 0xc0)], c.BPF_JEQ, 0));
      if (vni !== undefined) b = and(b, test([...tran(12, 4), s(c.BPF_ALU | c.BPF_AND | c.BPF_K, 0xffffff00)], c.BPF_JEQ, (vni << 8) >>> 0));
      // A = the network header's length (+ the variable part of its offset), then the offsets
      const pb = varBase(this.nl);
      const hdr: Stmt[] = v6
        ? pb === 0 ? [s(c.BPF_LD | c.BPF_IMM, 40)] : [s(c.BPF_LDX | c.BPF_MEM, this.varReg[pb]!), s(c.BPF_LD | c.BPF_IMM, 40), s(c.BPF_ALU | c.BPF_ADD | c.BPF_X)]
        : [...this.ipHdrlenX(), s(c.BPF_MISC | c.BPF_TXA)];
      const offsets: Stmt[] = [...hdr,
        s(c.BPF_ALU | c.BPF_ADD | c.BPF_K, konst(this.nl) + 8), s(c.BPF_MISC | c.BPF_TAX), // X = the Geneve header
        s(c.BPF_ALU | c.BPF_ADD | c.BPF_K, 2), s(c.BPF_ST, lt), // its protocol type
        s(c.BPF_LD | c.BPF_B | c.BPF_IND, 0), s(c.BPF_ALU | c.BPF_AND | c.BPF_K, 0x3f), s(c.BPF_ALU | c.BPF_MUL | c.BPF_K, 4), // options length
        s(c.BPF_ALU | c.BPF_ADD | c.BPF_K, 8), s(c.BPF_ALU | c.BPF_ADD | c.BPF_X), s(c.BPF_ST, lh), // the end of the Geneve header
        s(c.BPF_LD | c.BPF_H | c.BPF_IND, 2)];
      const teb = this.always([s(c.BPF_LD | c.BPF_MEM, lh), s(c.BPF_ALU | c.BPF_ADD | c.BPF_K, 12), s(c.BPF_ST, lt), s(c.BPF_ALU | c.BPF_ADD | c.BPF_K, 2), s(c.BPF_ST, pl)]);
      const other = this.always([s(c.BPF_LD | c.BPF_MEM, lh), s(c.BPF_ST, pl)]);
      const kind = test(offsets, c.BPF_JEQ, ETHERTYPE_TEB);
      kind.head.jt = teb.head;
      kind.head.jf = other.head;
      return and(b, { head: kind.head, t: [...teb.t, ...other.t], f: [] });
    };
    const b = or(check(false), check(true));
    // everything after this is the encapsulated frame (sticky, like vlan)
    this.varReg[1] = lh;
    this.varReg[2] = lt;
    this.varReg[3] = pl;
    this.offLinkhdr = VAR_LINKHDR;
    this.offLinktype = VAR_LINKTYPE;
    this.offLinkpl = VAR_LINKPL;
    this.offNl = 0;
    this.offNlNosnap = 3;
    this.curLt = LINKTYPE_ETHERNET;
    this.noOptimize = true;
    return b;
  }

  /**
   * gen_prevlinkhdr_check: after `geneve`, a MAC-address test applies only when the Geneve
   * payload is an Ethernet frame — the link header and the payload do not start at the same
   * place (gen_geneve_ll_check)
   */
  private prevLinkhdrCheck(b: Cond): Cond {
    if (this.offLinkhdr !== VAR_LINKHDR) return b;
    return and(not(test([s(c.BPF_LD | c.BPF_MEM, this.varReg[1]!), s(c.BPF_LDX | c.BPF_MEM, this.varReg[3]!)], c.BPF_JEQ, 0, c.BPF_X)), b);
  }

  /** a block that runs its statements and goes on whatever they computed (both ways true) */
  private always(st: Stmt[]): Cond {
    const t = test(st, c.BPF_JEQ, 0);
    return { head: t.head, t: [...t.t, ...t.f], f: [] };
  }

  /** gen_llc and its I/S/U-frame and named-subtype forms */
  llc(name: string | undefined, col: number): Cond {
    // grammar.y's pllc looks the name up (case-insensitively, pcap_strcasecmp / str2tok) before
    // gen_llc_* checks the link type
    const sub = name?.toLowerCase();
    if (sub !== undefined && sub !== 'i' && sub !== 's' && sub !== 'u' && !Object.hasOwn(LLC_S, sub) && !Object.hasOwn(LLC_U, sub)) throw err(`unknown LLC type name "${name}"`, col);
    let b: Cond;
    switch (this.curLt) {
      case LINKTYPE_ETHERNET:
        // an 802.3 frame that is not Novell 802.3 "raw" (0xffff)
        b = and(this.ether8023(), not(this.cmp(this.offLinkpl, 2, 0xffff)));
        break;
      default:
        throw err(`'llc' not supported for ${this.ltDesc}`, col);
    }
    if (sub === undefined) return b;
    const ctl = this.offLinkpl + 2;
    let t: Cond;
    if (sub === 'i') t = not(this.cmp(ctl, 1, 0x01, c.BPF_JSET));
    else if (sub === 's') t = this.cmp(ctl, 1, 0x01, c.BPF_JEQ, 0x03);
    else if (sub === 'u') t = this.cmp(ctl, 1, 0x03, c.BPF_JEQ, 0x03);
    else if (Object.hasOwn(LLC_S, sub)) t = this.cmp(ctl, 1, LLC_S[sub]!, c.BPF_JEQ, 0x0f);
    else t = this.cmp(ctl, 1, LLC_U[sub]!, c.BPF_JEQ, 0xef);
    return and(b, t);
  }

  /** gen_dnhostop: a DECnet address in the long or short data header, with or without padding */
  private dnhost(addr: number, dir: Quals['dir']): Cond {
    if (dir === 'and') return and(this.dnhost(addr, 'src'), this.dnhost(addr, 'dst'));
    if (dir === null || dir === 'or') return or(this.dnhost(addr, 'src'), this.dnhost(addr, 'dst'));
    const [sh, lh] = dir === 'dst' ? [1, 7] : [3, 15];
    const pl = this.nl;
    // the address is little-endian on the wire; libpcap compares ntohs(addr)
    const a = ((addr & 0xff) << 8) | ((addr >> 8) & 0xff);
    const b0 = this.linktype(ETHERTYPE_DN);
    let b1 = and(this.cmp(pl + 2, 2, 0x8106, c.BPF_JEQ, 0xff07), this.cmp(pl + 2 + 1 + lh, 2, a));
    b1 = or(and(this.cmp(pl + 2, 1, 0x06, c.BPF_JEQ, 0x07), this.cmp(pl + 2 + lh, 2, a)), b1);
    b1 = or(and(this.cmp(pl + 2, 2, 0x8102, c.BPF_JEQ, 0xff07), this.cmp(pl + 2 + 1 + sh, 2, a)), b1);
    b1 = or(and(this.cmp(pl + 2, 1, 0x02, c.BPF_JEQ, 0x07), this.cmp(pl + 2 + sh, 2, a)), b1);
    return and(b0, b1);
  }

  /** gen_proto for the ISO protocols: the network-layer protocol id after the LLC header */
  private isoProto(v: number): Cond {
    return and(this.linktype(LLCSAP_ISONS), this.cmp(this.offLinkpl + this.offNlNosnap, 1, v));
  }
  private isisPdu(types: number[]): Cond {
    return orAll(types.map((t) => and(this.isoProto(ISO10589_ISIS), this.cmp(this.offLinkpl + this.offNlNosnap + 4, 1, t))));
  }

  // --- protochain: libpcap's loop, one backward jump ---

  private reg(col: number): number {
    if (this.nextReg >= this.topReg) throw err('too many registers needed to evaluate expression', col);
    return this.nextReg++;
  }

  /**
   * gencode.c gen_protochain, statement for statement: one block whose statements hold the loop
   * over the header chain (jumps inside the block, the `ja` back to `again` one of them) and whose
   * own test is the final `jeq #v` after the `end:` no-op. A holds the current next-header value
   * and X the current header's offset from the network header; M[reg] keeps the next value while
   * the length is computed. The IPv6 extension headers (hop-by-hop 0, destination options 60,
   * routing 43, fragment 44) advance X by (len + 1) * 8; AH (51) sets X to (len + 2) * 4 — not
   * X plus that, as libpcap 1.10's code does (its comment says "X = X + ..."), so that the same
   * packets are selected. The loop ends at the chain's end (59), at any other value, or when a
   * load leaves the packet; the engines bound it (cbpf/loops.ts).
   */
  protochain(v: number, proto: string | null, col: number): Cond {
    if (proto === null) {
      // libpcap allocates reg2 before it recurses and never frees it: the two loops use the next
      this.reg(col);
      return or(this.protochain(v, 'ip', col), this.protochain(v, 'ip6', col));
    }
    if (proto !== 'ip' && proto !== 'ip6') throw err(`bad protocol applied for 'protochain'`, col);
    if (varBase(this.nl) !== 0) throw err("'protochain' not supported with variable length headers", col);
    // gencode.c gen_protochain sets no_optimize: its loop is a backward jump, and optimize.c's
    // value numbering assumes an acyclic graph. So a filter with `protochain` is never optimised
    // (nor refused as rejecting all packets), whatever else it holds.
    this.noOptimize = true;
    const v6 = proto === 'ip6';
    const reg = this.reg(col);
    const nl = this.nl;
    const st: Stmt[] = v6 ? [...this.ld(1, nl + 6), s(c.BPF_LDX | c.BPF_IMM, 40)] : [...this.ld(1, nl + 9), ...this.ipHdrlenX()];
    const ind = (k: number): Stmt => s(c.BPF_LD | c.BPF_B | c.BPF_IND, nl + k);
    const ldMem = s(c.BPF_LD | c.BPF_MEM, reg);
    /** `jeq #k`, its targets as statement indices (-1: the next statement) until made relative below */
    const jeq = (k: number, jt = -1, jf = -1): Stmt => st[st.push({ code: c.BPF_JMP | c.BPF_JEQ | c.BPF_K, k: k >>> 0, jt, jf }) - 1]!;
    const again = st.length;
    const found = jeq(v); // if (A == v) goto end
    const none = jeq(59); // if (A == IPPROTO_NONE) goto end
    let lastExt: Stmt | undefined;
    if (v6) {
      // hop-by-hop, destination options, routing, fragment: goto the advance below
      const ext = [0, 60, 43, 44].map((p) => jeq(p));
      for (const e of ext) e.jt = st.length;
      lastExt = ext[3];
      // A = P[X + nl]; M[reg] = A; A = P[X + nl + 1]; A = (A + 1) * 8 + X; X = A; A = M[reg]; goto again
      st.push(ind(0), s(c.BPF_ST, reg), ind(1), s(c.BPF_ALU | c.BPF_ADD | c.BPF_K, 1), s(c.BPF_ALU | c.BPF_MUL | c.BPF_K, 8),
        s(c.BPF_ALU | c.BPF_ADD | c.BPF_X), s(c.BPF_MISC | c.BPF_TAX), ldMem, { code: c.BPF_JMP | c.BPF_JA, k: again });
    } else {
      // IPv4 has no extension headers: a no-op where the IPv6 checks are
      st.push(s(c.BPF_ALU | c.BPF_ADD | c.BPF_K, 0));
    }
    if (lastExt) lastExt.jf = st.length;
    const ah = jeq(51); // if (A == IPPROTO_AH) advance over it, else goto end
    // A = X; A = P[X + nl]; M[reg] = A; A = X; A += 1; X = A; A = P[X + nl]; A = (A + 2) * 4; X = A; A = M[reg]; goto again
    st.push(s(c.BPF_MISC | c.BPF_TXA), ind(0), s(c.BPF_ST, reg), s(c.BPF_MISC | c.BPF_TXA), s(c.BPF_ALU | c.BPF_ADD | c.BPF_K, 1),
      s(c.BPF_MISC | c.BPF_TAX), ind(0), s(c.BPF_ALU | c.BPF_ADD | c.BPF_K, 2), s(c.BPF_ALU | c.BPF_MUL | c.BPF_K, 4), s(c.BPF_MISC | c.BPF_TAX), ldMem,
      { code: c.BPF_JMP | c.BPF_JA, k: again });
    const end = st.push(s(c.BPF_ALU | c.BPF_ADD | c.BPF_K, 0)) - 1; // end: a no-op the exits jump to
    found.jt = none.jt = ah.jf = end;
    // statement indices to the relative offsets a classic program holds (the `ja` back: negative)
    st.forEach((x, i) => {
      if (x.jt !== undefined) {
        x.jt = x.jt < 0 ? 0 : x.jt - i - 1;
        x.jf = x.jf! < 0 ? 0 : x.jf! - i - 1;
      } else if (x.code === (c.BPF_JMP | c.BPF_JA)) x.k = (x.k - i - 1) >>> 0;
    });
    this.nextReg--;
    return and(this.linktype(v6 ? ETHERTYPE_IPV6 : ETHERTYPE_IP), test(st, c.BPF_JEQ, v));
  }

  // --- arithmetic (gen_load, gen_arth, gen_relation) ---

  private fold(a: Arith): Arith {
    if (a.k === 'bin') {
      const x = this.fold(a.a);
      const y = this.fold(a.b);
      // gen_arth looks at the right operand's first instruction: `ld #0` is a division by zero
      // even when it is only the start of a longer computation (`x / ip[0]`, `x / (0 + len)`)
      const k0 = firstImm(a.b);
      if (k0 !== undefined) {
        if (a.op === '/' && k0 === 0) throw err('division by zero', a.col);
        if (a.op === '%' && k0 === 0) throw err('modulus by zero', a.col);
        if ((a.op === '<<' || a.op === '>>') && k0 > 31) throw err('shift by more than 31 bits', a.col);
      }
      // and the optimiser refuses what folds to such a constant: after the whole expression is
      // generated (a later primitive's error comes first), and never when it does not run
      if (y.k === 'num') {
        if ((a.op === '/' ) && y.n === 0) this.folded ??= err('division by zero', a.col);
        if (a.op === '%' && y.n === 0) this.folded ??= err('modulus by zero', a.col);
        // (a constant shifted by a constant folds to 0 past 31 bits in fold_op: no error)
        if ((a.op === '<<' || a.op === '>>') && y.n > 31 && x.k !== 'num') this.folded ??= err('shift by more than 31 bits', a.col);
      }
      if (x.k === 'num' && y.k === 'num') return { k: 'num', n: alu(a.op, x.n, y.n), col: a.col };
      return { ...a, a: x, b: y };
    }
    if (a.k === 'neg') {
      const x = this.fold(a.a);
      return x.k === 'num' ? { k: 'num', n: -x.n >>> 0, col: a.col } : { ...a, a: x };
    }
    if (a.k === 'load') {
      // bison reduces the index before the load, and the load before any operation on it: its
      // errors come first (gen_load checks the size, then the protocol)
      const idx = this.fold(a.idx);
      if (a.size !== 1 && a.size !== 2 && a.size !== 4) throw err('data size must be 1, 2, or 4', a.col);
      if (a.proto === 'radio') throw err('radio information not present in capture', a.col);
      if (!LOADABLE.has(a.proto)) throw err('unsupported index operation', a.col);
      return { ...a, idx };
    }
    return a;
  }

  /**
   * statements leaving the value in A, and the protocol guard the loads need (gen_arth keeps
   * only its left operand's guard: libpcap's `ip[0] - tcp[0]` does not check for TCP, and
   * tsbpf selects what it selects)
   */
  private arith(a: Arith): { st: Stmt[]; g: Cond | null } {
    switch (a.k) {
      case 'num': return { st: [s(c.BPF_LD | c.BPF_IMM, a.n)], g: null };
      case 'len': return { st: [s(c.BPF_LD | c.BPF_W | c.BPF_LEN)], g: null };
      case 'neg': {
        const x = this.arith(a.a);
        x.st.push(s(c.BPF_ALU | c.BPF_NEG));
        return x;
      }
      case 'bin': {
        const op = ALUOP[a.op]!;
        if (a.b.k === 'num') {
          const lhs = this.arith(a.a);
          lhs.st.push(s(c.BPF_ALU | op | c.BPF_K, a.b.n));
          return lhs;
        }
        // the scratch word holding the right side is taken before either side is generated,
        // so neither side's own scratch words can overwrite it
        const r = this.reg(a.col);
        const rhs = this.arith(a.b);
        const lhs = this.arith(a.a);
        this.nextReg--;
        return { st: [...rhs.st, s(c.BPF_ST, r), ...lhs.st, s(c.BPF_LDX | c.BPF_MEM, r), s(c.BPF_ALU | op | c.BPF_X)], g: lhs.g };
      }
      case 'load': return this.load(a);
    }
  }

  /** gen_load: the index's guard (if any), then the protocol's, as libpcap orders them */
  private load(a: Extract<Arith, { k: 'load' }>): { st: Stmt[]; g: Cond | null } {
    if (a.size !== 1 && a.size !== 2 && a.size !== 4) throw err('data size must be 1, 2, or 4', a.col);
    const size = SIZE[a.size]!;
    const p = a.proto;
    const idx = a.idx.k === 'num' ? null : this.arith(a.idx);
    const k = a.idx.k === 'num' ? a.idx.n : 0;
    // with an index: X = index (+ the variable part of the base after `geneve`), ld [x + base]
    const at = (base: number): Stmt[] => {
      if (!idx) return this.ld(a.size, base + k);
      const vb = varBase(base);
      const x = vb === 0 ? [s(c.BPF_MISC | c.BPF_TAX)] : [s(c.BPF_LDX | c.BPF_MEM, this.varReg[vb]!), s(c.BPF_ALU | c.BPF_ADD | c.BPF_X), s(c.BPF_MISC | c.BPF_TAX)];
      return [...idx.st, ...x, s(c.BPF_LD | size | c.BPF_IND, konst(base))];
    };
    const guarded = (g: Cond): Cond => (idx?.g ? and(idx.g, g) : g);
    switch (p) {
      case 'link':
      case 'ether':
        return { st: at(this.offLinkhdr), g: idx?.g ?? null };
      case 'radio':
        throw err('radio information not present in capture', a.col);
      case 'ip': case 'arp': case 'rarp': case 'ip6': case 'atalk': case 'decnet': case 'sca': case 'lat': case 'moprc': case 'mopdl':
        return { st: at(this.nl), g: guarded(this.protoAbbrev(p, a.col)) };
      case 'icmp6': {
        const g = and(guarded(this.protoAbbrev('ip6', a.col)), this.cmp(this.nl + 6, 1, 58));
        return { st: at(this.nl + 40), g };
      }
      case 'tcp': case 'udp': case 'sctp': case 'icmp': case 'igmp': case 'igrp': case 'pim': case 'vrrp': case 'carp': {
        // X = IPv4 header length (+ index); load at nl + X
        let st: Stmt[];
        if (!idx) st = [...this.ipHdrlenX(), s(c.BPF_LD | size | c.BPF_IND, konst(this.nl + k))];
        else {
          const r = this.reg(a.col);
          st = [...idx.st, s(c.BPF_ST, r), ...this.ipHdrlenX(), s(c.BPF_LD | c.BPF_MEM, r), s(c.BPF_ALU | c.BPF_ADD | c.BPF_X), s(c.BPF_MISC | c.BPF_TAX), s(c.BPF_LD | size | c.BPF_IND, konst(this.nl))];
          this.nextReg--;
        }
        // ip, then the index's guard, then the protocol and "first fragment"
        const b = guarded(and(this.protoAbbrev(p, a.col), this.ipfrag()));
        return { st, g: and(this.protoAbbrev('ip', a.col), b) };
      }
      default:
        throw err('unsupported index operation', a.col);
    }
  }

  relation(op: string, a0: Arith, a1: Arith): Cond {
    const a = this.fold(a0);
    const b = this.fold(a1);
    let st: Stmt[];
    let src: number = c.BPF_K;
    let k = 0;
    let A: { st: Stmt[]; g: Cond | null };
    let B: { st: Stmt[]; g: Cond | null } | undefined;
    if (b.k === 'num') {
      A = this.arith(a);
      st = A.st;
      k = b.n;
    } else {
      const r = this.reg(0);
      B = this.arith(b);
      A = this.arith(a);
      this.nextReg--;
      st = [...B.st, s(c.BPF_ST, r), ...A.st, s(c.BPF_LDX | c.BPF_MEM, r)];
      src = c.BPF_X;
    }
    let t: Cond;
    switch (op) {
      case '=': t = test(st, c.BPF_JEQ, k, src); break;
      case '!=': t = not(test(st, c.BPF_JEQ, k, src)); break;
      case '>': t = test(st, c.BPF_JGT, k, src); break;
      case '>=': t = test(st, c.BPF_JGE, k, src); break;
      case '<': t = not(test(st, c.BPF_JGE, k, src)); break;
      case '<=': t = not(test(st, c.BPF_JGT, k, src)); break;
      default: throw err(`unknown comparison ${op}`);
    }
    // what folds to a constant is decided by the statement optimiser (peephole.ts), not threading
    if (a0.k !== 'num' || a1.k !== 'num') t.head.late = true;
    // 'and' together the protocol checks: the left side's, then the right side's
    const g = A.g && B?.g ? and(A.g, B.g) : A.g ?? B?.g ?? null;
    return g ? and(g, t) : t;
  }

  // --- protocol abbreviations and qualified ids ---

  /** gen_proto_abbrev */
  protoAbbrev(p: string, col: number): Cond {
    switch (p) {
      case 'ip': return this.linktype(ETHERTYPE_IP);
      case 'ip6': return this.linktype(ETHERTYPE_IPV6);
      case 'arp': return this.linktype(ETHERTYPE_ARP);
      case 'rarp': return this.linktype(ETHERTYPE_REVARP);
      case 'tcp': case 'udp': case 'sctp': case 'ah': case 'esp': case 'pim':
        return or(this.ipProto(IPPROTO[p]!), this.ip6Proto(IPPROTO[p]!));
      case 'icmp': case 'igmp': case 'igrp': case 'vrrp': return this.ipProto(IPPROTO[p]!);
      case 'carp': return this.ipProto(112);
      case 'icmp6': return this.ip6Proto(58);
      case 'atalk': return this.linktype(ETHERTYPE_ATALK);
      case 'aarp': return this.linktype(ETHERTYPE_AARP);
      case 'decnet': return this.linktype(ETHERTYPE_DN);
      case 'sca': return this.linktype(ETHERTYPE_SCA);
      case 'lat': return this.linktype(ETHERTYPE_LAT);
      case 'mopdl': return this.linktype(ETHERTYPE_MOPDL);
      case 'moprc': return this.linktype(ETHERTYPE_MOPRC);
      case 'iso': return this.linktype(LLCSAP_ISONS);
      case 'esis': return this.isoProto(ISO9542_ESIS);
      case 'isis': return this.isoProto(ISO10589_ISIS);
      case 'clnp': return this.isoProto(ISO8473_CLNP);
      case 'l1': case 'l2': case 'iih': case 'lsp': case 'snp': case 'csnp': case 'psnp': return this.isisPdu(ISIS_PDU[p]!);
      case 'stp': return this.linktype(LLCSAP_8021D);
      case 'ipx': return this.linktype(LLCSAP_IPX);
      case 'netbeui': return this.linktype(LLCSAP_NETBEUI);
      case 'link': throw err(`link layer applied in wrong context`, col);
      default: throw err(`'${p}' is not a valid protocol type`, col);
    }
  }

  /** gen_proto for `[pname] proto N` */
  private proto(v: number, p: string | null, col: number): Cond {
    switch (p) {
      case null: return or(this.ipProto(v), this.ip6Proto(v));
      case 'ip': return this.ipProto(v);
      case 'ip6': return this.ip6Proto(v);
      case 'iso': return this.isoProto(v);
      case 'isis': return and(this.isoProto(ISO10589_ISIS), this.cmp(this.offLinkpl + this.offNlNosnap + 4, 1, v));
      case 'arp': case 'rarp': throw err(`${p} does not encapsulate another protocol`, col);
      case 'sca': case 'lat': case 'moprc': case 'mopdl': throw err(`${p.toUpperCase()} does not encapsulate another protocol`, col);
      case 'decnet': throw err('DECNET encapsulation is not specifiable', col);
      case 'atalk': throw err('AppleTalk encapsulation is not specifiable', col);
      case 'clnp': throw err("'clnp proto' is not supported", col);
      default: throw err(`'${p} proto' is bogus`, col);
    }
  }

  private portProtos(p: string | null, col: number, what: string): number[] {
    switch (p) {
      case null: return [132, 6, 17]; // gen_port: gen_or(sctp, gen_or(tcp, udp))
      case 'tcp': return [6];
      case 'udp': return [17];
      case 'sctp': return [132];
      default: throw err(`illegal qualifier of '${what}'`, col);
    }
  }

  /** a qualified id: host, net, port, portrange, proto, protochain, ether host... */
  id(q: Quals, v: IdVal, col: number): Cond {
    const addr = q.addr ?? 'host';
    const proto = q.proto;
    if (v.t === 'eid') {
      // gen_ecode: a MAC address is only for link-layer host qualifiers
      if ((addr === 'host' || q.addr === null) && proto === 'link') {
        this.needEther(col);
        const m = parseMac(v.text);
        const src = () => this.bcmp(this.offLinkhdr + 6, m);
        const dst = () => this.bcmp(this.offLinkhdr, m);
        const b = q.dir === 'src' ? src() : q.dir === 'dst' ? dst() : q.dir === 'and' ? and(src(), dst()) : or(src(), dst());
        if (wlanDir(q.dir)) throw err(`${wlanName(q.dir)} ${q.dir === 'ra' || q.dir === 'ta' ? 'is' : 'are'} only supported on 802.11 with 802.11 headers`, col);
        return this.prevLinkhdrCheck(b);
      }
      throw err('ethernet address used in non-ether expression', col);
    }
    if (v.t === 'hid6' && addr !== 'host' && addr !== 'net') {
      // gen_mcode6 checks the mask length, then the qualifier
      if ((v.masklen ?? 128) > 128) throw err('mask length must be <= 128', col);
      throw err('invalid qualifier against IPv6 address', col);
    }
    if (proto === 'link' && v.t !== 'hid6') {
      if (addr === 'proto') {
        const n = v.t === 'num' ? v.n : v.t === 'name' ? own(ETHERPROTO, v.text) : undefined;
        if (n === undefined) throw err(`unknown ether proto '${v.text}'`, col);
        return this.linktype(n);
      }
      if (addr === 'protochain') throw err("bad protocol applied for 'protochain'", col);
      // gen_scode: a link-level host name only on the link types with MAC addresses
      if (v.t === 'name' && addr === 'host') {
        throw err(this.isEther ? `unknown ether host '${v.text}'` : 'only ethernet/FDDI/token ring/802.11/ATM LANE/Fibre Channel supports link-level host name', col);
      }
      // gen_ncode refuses a plain number or address; a name (gen_scode) and an address with a
      // mask (gen_mcode → gen_host: `link-layer modifier applied to net`) go on below
      if ((addr === 'host' || addr === 'net') && v.t !== 'name' && !(v.t === 'hid' && (v.masklen !== undefined || v.mask !== undefined))) throw err('illegal link layer address', col);
    }
    switch (addr) {
      case 'host':
      case 'net': {
        if (v.t === 'hid6') {
          const a = parseIp6(v.text)!;
          const len = v.masklen ?? 128;
          if (len > 128) throw err('mask length must be <= 128', col);
          if (v.masklen !== undefined) {
            if (addr === 'host') throw err('Mask syntax for networks only', col);
          }
          notWlan(q.dir, 'addresses other than 802.11 MAC addresses', col);
          return this.host6(a, len, proto, q.dir, addr, `${v.text}/${len}`, col);
        }
        // gen_scode: libpcap built without DECNETLIB (as Debian's) resolves no DECnet names
        if (v.t === 'name' && proto === 'decnet' && addr === 'host') throw err(`decnet name support not included, '${v.text}' cannot be translated`, col);
        if (v.t === 'name') throw err(addr === 'net' ? `unknown network '${v.text}'` : `unknown host '${v.text}'`, col);
        let a: number;
        let mask = 0xffffffff;
        if (v.t === 'num') {
          a = v.n;
          // promote a short net number: "net 10" is 10.0.0.0/8
          if (addr === 'net' && proto !== 'decnet') {
            while (a && (a & 0xff000000) === 0) {
              a = (a << 8) >>> 0;
              mask = (mask << 8) >>> 0;
            }
          }
        } else if (proto === 'decnet') {
          // __pcap_atodn: area.node, area in the top 6 bits of 16
          const m = /^(\d+)\.(\d+)/.exec(v.text);
          if (!m) throw err(`malformed decnet address '${v.text}'`, col);
          a = ((Number(m[1]) << 10) & 0xfc00) | (Number(m[2]) & 0x3ff);
        } else {
          const [n, nlen] = atoin(v.text, col);
          // promote a short address: "host 10.0" is 10.0.0.0 with a /16 mask
          a = nlen === 32 ? n : (n << (32 - nlen)) >>> 0;
          mask = nlen === 32 ? 0xffffffff : (0xffffffff << (32 - nlen)) >>> 0;
          if (v.masklen !== undefined || v.mask !== undefined) {
            if (v.mask !== undefined) {
              const [m, mlen] = atoin(v.mask, col);
              mask = mlen === 32 ? m : (m << (32 - mlen)) >>> 0;
              if ((a & ~mask) >>> 0 !== 0) throw err(`non-network bits set in "${v.text} mask ${v.mask}"`, col);
            } else {
              if (v.masklen! > 32) throw err('mask length must be <= 32', col);
              mask = v.masklen === 0 ? 0 : (0xffffffff << (32 - v.masklen!)) >>> 0;
              if ((a & ~mask) >>> 0 !== 0) throw err(`non-network bits set in "${v.text}/${v.masklen}"`, col);
            }
            if (addr === 'host') throw err('Mask syntax for networks only', col);
          }
        }
        notWlan(q.dir, 'addresses other than 802.11 MAC addresses', col);
        return this.host4(a, mask, proto, q.dir, addr, col);
      }
      case 'port': {
        let port: number;
        let protos = this.portProtos(proto, col, 'port');
        if (v.t === 'num') port = v.n;
        else if (v.t === 'name') {
          const svc = nametoport(v.text);
          if (!svc) throw err(`unknown port '${v.text}'`, col);
          port = svc.port;
          const clash = portProtoConflict(proto, svc.proto);
          if (clash) throw err(`port '${v.text}' is ${clash}`, col);
          // a service known only for tcp or only for udp narrows the protocols (gen_scode)
          if (proto === null && svc.proto !== null) protos = [svc.proto === 'tcp' ? 6 : 17];
        } else throw err(`'port' modifier applied to ip host`, col);
        if (port > 65535) throw err(`illegal port number ${port} > 65535`, col);
        notWlan(q.dir, 'ports', col);
        return this.port(protos, q.dir, port);
      }
      case 'portrange': {
        let protos = this.portProtos(proto, col, 'portrange');
        let lo: number;
        let hi: number;
        if (v.t === 'num') lo = hi = v.n;
        else {
          // pcap_nametoportrange: split at the first '-'; two protocols that differ are both
          const m = /^([^-]+)-(.+)$/.exec(v.text);
          const p1 = m ? nametoport(m[1]!) : undefined;
          const p2 = m ? nametoport(m[2]!) : undefined;
          if (p1 === undefined || p2 === undefined) throw err(`unknown port in range '${v.text}'`, col);
          const real = p1.proto === p2.proto ? p1.proto : null;
          const clash = portProtoConflict(proto, real);
          if (clash) throw err(`port in range '${v.text}' is ${clash}`, col);
          if (proto === null && real !== null) protos = [real === 'tcp' ? 6 : 17];
          lo = Math.min(p1.port, p2.port);
          hi = Math.max(p1.port, p2.port);
        }
        if (hi > 65535) throw err(`illegal port number ${hi} > 65535`, col);
        notWlan(q.dir, 'port ranges', col);
        return this.port(protos, q.dir, lo, hi);
      }
      case 'proto': {
        const n = v.t === 'num' ? v.n : v.t === 'name' ? own(PROTOCOLS, v.text) : undefined;
        if (n === undefined) throw err(`unknown ip proto '${v.text}'`, col);
        return this.proto(n, proto, col);
      }
      case 'protochain': {
        const n = v.t === 'num' ? v.n : v.t === 'name' ? own(PROTOCOLS, v.text) : undefined;
        if (n === undefined) throw err(`unknown ip proto '${v.text}'`, col);
        return this.protochain(n, proto, col);
      }
      case 'gateway':
        // libpcap resolves the name to its MAC and IP addresses; tsbpf resolves no names
        // Debian's libpcap is built with IPv6, where gen_gateway is not available
        if (v.t === 'name') throw err("'gateway' not supported in this configuration", col);
        throw err("'gateway' requires a name", col);
    }
  }

  /** gen_broadcast */
  broadcast(proto: string | null, col: number): Cond {
    if (proto === null || proto === 'link') {
      if (!this.isEther) throw err('not a broadcast link', col);
      return this.prevLinkhdrCheck(this.bcmp(this.offLinkhdr, [255, 255, 255, 255, 255, 255]));
    }
    if (proto === 'ip') {
      const hostmask = ~(this.o.netmask ?? 0) >>> 0;
      const dst = () => this.cmp(this.nl + 16, 4, 0, c.BPF_JEQ, hostmask);
      const dst2 = () => this.cmp(this.nl + 16, 4, hostmask, c.BPF_JEQ, hostmask);
      return and(this.linktype(ETHERTYPE_IP), or(dst(), dst2()));
    }
    throw err('only link-layer/IP broadcast filters supported', col);
  }

  /** gen_multicast */
  multicast(proto: string | null, col: number): Cond {
    if (proto === 'ip') return and(this.linktype(ETHERTYPE_IP), this.cmp(this.nl + 16, 1, 224, c.BPF_JGE));
    if (proto === 'ip6') return and(this.linktype(ETHERTYPE_IPV6), this.cmp(this.nl + 24, 1, 255));
    if ((proto === null || proto === 'link') && this.isEther) return this.prevLinkhdrCheck(this.cmp(this.offLinkhdr, 1, 1, c.BPF_JSET));
    throw err('link-layer multicast filters supported only on ethernet/FDDI/token ring/ARCNET/802.11/ATM LANE/Fibre Channel', col);
  }

  /** gen_inbound / gen_ifindex: the packet-type and interface fields of cooked captures */
  private direction(out: boolean, col: number): Cond {
    switch (this.curLt) {
      case LINKTYPE_LINUX_SLL: return out ? this.cmp(0, 2, 4) : not(this.cmp(0, 2, 4));
      case LINKTYPE_LINUX_SLL2: return out ? this.cmp(10, 1, 4) : not(this.cmp(10, 1, 4));
      default: throw err(`inbound/outbound not supported on ${this.ltDesc} when reading savefiles`, col);
    }
  }

  private ifindex(n: number, col: number): Cond {
    if (this.curLt === LINKTYPE_LINUX_SLL2) return this.cmp(4, 4, n);
    throw err(`ifindex not supported on ${this.ltDesc} when reading savefiles`, col);
  }

  /** the whole AST, left to right (vlan/mpls/pppoes change offsets for what follows, as in libpcap) */
  gen(root: Node): Cond {
    // and/or/not trees iteratively (post-order on an explicit stack, left before right): a
    // 10,000-term `or` or 10,000 nested groups do not recurse 10,000 deep
    const work: Array<{ n: Node; stage: number; a?: Cond }> = [{ n: root, stage: 0 }];
    let ret: Cond | undefined;
    while (work.length) {
      const w = work[work.length - 1]!;
      const n = w.n;
      if (n.k === 'and' || n.k === 'or') {
        if (w.stage === 0) {
          w.stage = 1;
          work.push({ n: n.a, stage: 0 });
        } else if (w.stage === 1) {
          w.a = ret;
          w.stage = 2;
          work.push({ n: n.b, stage: 0 });
        } else {
          ret = n.k === 'and' ? and(w.a!, ret!) : or(w.a!, ret!);
          work.pop();
        }
      } else if (n.k === 'not') {
        if (w.stage === 0) {
          w.stage = 1;
          work.push({ n: n.a, stage: 0 });
        } else {
          ret = not(ret!);
          work.pop();
        }
      } else {
        ret = this.leaf(n as Exclude<Node, { k: 'and' | 'or' | 'not' }>);
        work.pop();
      }
    }
    return ret!;
  }

  private leaf(root: Exclude<Node, { k: 'and' | 'or' | 'not' }>): Cond {
    const n = root;
    switch (n.k) {
      case 'true': return constant(true);
      case 'id': return this.id(n.q, n.v, n.col);
      case 'pname': return this.protoAbbrev(n.p, n.col);
      case 'rel': return this.relation(n.op, n.a, n.b);
      case 'less': return not(test([s(c.BPF_LD | c.BPF_W | c.BPF_LEN)], c.BPF_JGT, n.n));
      case 'greater': return test([s(c.BPF_LD | c.BPF_W | c.BPF_LEN)], c.BPF_JGE, n.n);
      case 'vlan': return this.vlan(n.n, n.col);
      case 'mpls': return this.mpls(n.n, n.col);
      case 'pppoes': return this.pppoes(n.n, n.col);
      case 'pppoed': return this.linktype(ETHERTYPE_PPPOED);
      case 'geneve': return this.geneve(n.n, n.col);
      case 'llc': return this.llc(n.sub, n.col);
      case 'inbound': return this.direction(false, n.col);
      case 'outbound': return this.direction(true, n.col);
      case 'ifindex': return this.ifindex(n.n, n.col);
      case 'byte': return this.byteop(n.idx, n.op, n.n);
      case 'refuse': throw err(n.msg, n.col);
      case 'broadcast': return this.broadcast(n.proto, n.col);
      case 'multicast': return this.multicast(n.proto, n.col);
    }
  }

  /**
   * gen_byteop: `byte IDX OP N` on the byte at IDX from the start of the packet. libpcap's `|`
   * and `&` forms test A without loading the byte (A is whatever the program left there, 0 at
   * the start); tsbpf generates the same instructions so that it selects the same packets.
   */
  private byteop(idx: number, op: string, v: number): Cond {
    switch (op) {
      case '=': return this.cmp(idx, 1, v);
      case '<': return not(test(this.ld(1, idx), c.BPF_JGE, v));
      case '>': return test(this.ld(1, idx), c.BPF_JGT, v);
      case '|': return not(test([s(c.BPF_ALU | c.BPF_OR | c.BPF_K, v)], c.BPF_JEQ, 0));
      default: return test([], c.BPF_JSET, v);
    }
  }
}

const ALUOP: Record<string, number> = {
  '+': c.BPF_ADD, '-': c.BPF_SUB, '*': c.BPF_MUL, '/': c.BPF_DIV, '%': c.BPF_MOD, '&': c.BPF_AND, '|': c.BPF_OR, '^': c.BPF_XOR, '<<': c.BPF_LSH, '>>': c.BPF_RSH,
};

export function alu(op: string, a: number, b: number): number {
  switch (op) {
    case '+': return (a + b) >>> 0;
    case '-': return (a - b) >>> 0;
    case '*': return Math.imul(a, b) >>> 0;
    case '/': return b === 0 ? 0 : Math.floor(a / b) >>> 0;
    case '%': return b === 0 ? 0 : a % b >>> 0;
    case '&': return (a & b) >>> 0;
    case '|': return (a | b) >>> 0;
    case '^': return (a ^ b) >>> 0;
    case '<<': return b < 32 ? (a << b) >>> 0 : 0;
    case '>>': return b < 32 ? a >>> b : 0;
    default: return 0;
  }
}

function swap32(v: number): number {
  return (((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24)) >>> 0;
}

/** __pcap_atoin: 1 to 4 decimal parts; the value and its length in bits */
function atoin(text: string, col: number): [number, number] {
  const parts = text.split('.');
  if (parts.some((x) => !/^\d+$/.test(x) || Number(x) > 255)) throw err(`invalid IPv4 address '${text}'`, col);
  return [parts.reduce((x, y) => ((x << 8) | Number(y)) >>> 0, 0), parts.length * 8];
}

/** the constant of the first instruction libpcap generates for an operand (`ld #k`), if it is one */
function firstImm(a: Arith): number | undefined {
  for (;;) {
    switch (a.k) {
      case 'num': return a.n;
      case 'len': return undefined;
      case 'neg': a = a.a; break;
      case 'bin': a = a.a; break;
      case 'load': a = a.idx; break;
    }
  }
}
