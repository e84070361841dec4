/**
 * Names and numbers of the filter code generator (gencode.c's tables): Ethernet types, LLC SAPs,
 * ISO and IP protocol numbers, the 802.11 qualifiers, geneve's variable-offset encoding, and the
 * constant arithmetic libpcap's optimiser folds with (alu).
 */
import { BpfError } from '../../isa/errors.js';
import * as c from '../cbpf/opcodes.js';
import { SERVICES } from './netdb.js';
import { parseIp6 } from './lexer.js';
import type { Arith, IdVal, Quals } from './parser.js';

export const DLT_PPP = 9;
/** pcap_datalink_val_to_description_or_dlt for the link types the generator knows */
export const DLT_DESCRIPTION: Record<number, string> = {
  0: 'BSD loopback', 1: 'Ethernet', 9: 'PPP', 12: 'Raw IP', 14: 'Raw IP', 101: 'Raw IP', 108: 'OpenBSD loopback', 113: 'Linux cooked v1', 276: 'Linux cooked v2',
};
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
export const ETHERTYPE_ATALK = 0x809b;
export const ETHERTYPE_AARP = 0x80f3;
export const ETHERTYPE_DN = 0x6003;
export const ETHERTYPE_SCA = 0x6007;
export const ETHERTYPE_LAT = 0x6004;
export const ETHERTYPE_MOPDL = 0x6001;
export const ETHERTYPE_MOPRC = 0x6002;
export const ETHERTYPE_IPX = 0x8137;
// 802.2 SAPs (llc.h)
export const LLCSAP_ISONS = 0xfe;
export const LLCSAP_IP = 0x06;
export const LLCSAP_NETBEUI = 0xf0;
export const LLCSAP_IPX = 0xe0;
export const LLCSAP_8021D = 0x42;
export const LLCSAP_SNAP = 0xaa;
// ISO network-layer protocol ids and IS-IS PDU types (isis.h)
export const ISO8473_CLNP = 0x81;
export const ISO9542_ESIS = 0x82;
export const ISO10589_ISIS = 0x83;
export const ISIS_PDU: Record<string, number[]> = {
  l1: [15, 17, 18, 24, 26], l2: [16, 17, 20, 25, 27], iih: [15, 16, 17], lsp: [18, 20], snp: [24, 25, 26, 27], csnp: [24, 25], psnp: [26, 27],
};
/** Linux cooked captures: the protocol field of an 802.2 / 802.3 frame (LINUX_SLL_P_802_2/3) */
export const LINUX_SLL_P_802_3 = 0x0001;
export const LINUX_SLL_P_802_2 = 0x0004;
/** PPP protocol numbers for the Ethernet types libpcap maps (ethertype_to_ppptype) */
export const PPPTYPE: Record<number, number> = {
  [ETHERTYPE_IP]: 0x0021, [ETHERTYPE_IPV6]: 0x0057, [ETHERTYPE_DN]: 0x0027, [ETHERTYPE_ATALK]: 0x0029, [LLCSAP_ISONS]: 0x0023, [LLCSAP_8021D]: 0x0031, [LLCSAP_IPX]: 0x002b,
};
/** llc S-frame and U-frame names (gen_llc_s_subtype / gen_llc_u_subtype) */
export const LLC_S: Record<string, number> = { rr: 0x01, rnr: 0x05, rej: 0x09 };
export const LLC_U: Record<string, number> = { ui: 0x03, ua: 0x63, disc: 0x43, dm: 0x0f, sabme: 0x6f, test: 0xe3, xid: 0xaf, frmr: 0x87 };
export const ETHERMTU = 1500;

export const IPPROTO: Record<string, number> = { icmp: 1, igmp: 2, tcp: 6, udp: 17, ipv6: 41, gre: 47, esp: 50, ah: 51, icmp6: 58, 'ipv6-icmp': 58, pim: 103, vrrp: 112, sctp: 132, igrp: 9 };
/** a name's entry in a table, never one of Object.prototype's (`port constructor` is unknown) */
export const own = <T>(table: Record<string, T>, name: string): T | undefined => (Object.hasOwn(table, name) ? table[name] : undefined);

/**
 * pcap_nametoport (nametoaddr.c): a service name's port and protocol — 'tcp' or 'udp' when
 * /etc/services lists it for one of them only, null when for both with the same number (a
 * decimal string is its own port for both, as getaddrinfo takes it); undefined when unknown
 */
export function nametoport(name: string): { port: number; proto: 'tcp' | 'udp' | null } | undefined {
  if (/^\d+$/.test(name)) return { port: Number(name), proto: null };
  if (!Object.hasOwn(SERVICES, name)) return undefined;
  const [tcp, udp] = SERVICES[name]!;
  if (tcp >= 0) return { port: tcp, proto: udp === tcp ? null : 'tcp' };
  return { port: udp, proto: 'udp' };
}
/** gen_scode's check that a service's protocol fits the qualifier ("port 'ssh' is tcp") */
export function portProtoConflict(proto: string | null, real: 'tcp' | 'udp' | null): string | undefined {
  if (real === null || proto === null) return undefined;
  return proto !== real ? real : undefined;
}
/** pcap_nametoeproto's table (ethertype.c) and the LLC names pcap_nametollc knows */
export const ETHERPROTO: Record<string, number> = {
  ip: ETHERTYPE_IP, ip6: ETHERTYPE_IPV6, arp: ETHERTYPE_ARP, rarp: ETHERTYPE_REVARP, atalk: ETHERTYPE_ATALK, aarp: ETHERTYPE_AARP, decnet: ETHERTYPE_DN,
  sca: ETHERTYPE_SCA, lat: ETHERTYPE_LAT, mopdl: ETHERTYPE_MOPDL, moprc: ETHERTYPE_MOPRC, loopback: 0x9000,
  iso: LLCSAP_ISONS, stp: LLCSAP_8021D, netbeui: LLCSAP_NETBEUI, ipx: LLCSAP_IPX, // not an ethertype name: pcap_nametollc's
};

export const BSD_AFNUM_INET = 2;
export const BSD_AFNUM_INET6_BSD = 24;
export const BSD_AFNUM_INET6_FREEBSD = 28;
export const BSD_AFNUM_INET6_DARWIN = 30;

export const SIZE: Record<number, number> = { 1: c.BPF_B, 2: c.BPF_H, 4: c.BPF_W };

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
export const LOADABLE = new Set(['link', 'ether', 'radio', 'ip', 'arp', 'rarp', 'ip6', 'atalk', 'decnet', 'sca', 'lat', 'moprc', 'mopdl', 'icmp6',
  'tcp', 'udp', 'sctp', 'icmp', 'igmp', 'igrp', 'pim', 'vrrp', 'carp']);

/** the 802.11 address qualifiers */
export const wlanDir = (d: Quals['dir']): boolean => d !== null && d !== 'src' && d !== 'dst' && d !== 'or' && d !== 'and';
/** how libpcap's messages name them: `'addr1' and 'address1'`, `'ra'` */
export const wlanName = (d: Quals['dir']): string => (d === 'ra' || d === 'ta' ? `'${d}'` : `'${d}' and 'address${d!.slice(4)}'`);
/** gen_hostop / gen_portop / gen_portrangeop: the 802.11 qualifiers apply to MAC addresses only */
export function notWlan(d: Quals['dir'], what: string, col: number): void {
  if (wlanDir(d)) throw err(`${wlanName(d)} ${d === 'ra' || d === 'ta' ? 'is not a valid qualifier' : 'are not valid qualifiers'} for ${what}`, col);
}

export const err = (msg: string, col?: number): BpfError => new BpfError('EINVAL', msg, col === undefined ? {} : { column: col });

/**
 * After `geneve` the link-layer header, type field and payload are at offsets only known at run
 * time (libpcap's bpf_abs_offset with is_variable): such an offset is written VAR_UNIT × base +
 * its constant part, base 1 (link header), 2 (type field) or 3 (payload), and a load at it goes
 * through the scratch word holding that base (Codegen.ld). Constant offsets stay far below.
 */
export const VAR_UNIT = 0x10000000;
export const VAR_LINKHDR = 1 * VAR_UNIT;
export const VAR_LINKTYPE = 2 * VAR_UNIT;
export const VAR_LINKPL = 3 * VAR_UNIT;
/** the variable base of an offset (0: a constant offset) */
export const varBase = (off: number): number => Math.round(off / VAR_UNIT);
/** an offset's constant part */
export const konst = (off: number): number => off - varBase(off) * VAR_UNIT;
export const GENEVE_PORT = 6081;
export const ETHERTYPE_TEB = 0x6558;

export const ALUOP: Record<string, number> = {
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

export function swap32(v: number): number {
  return (((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24)) >>> 0;
}

/** __pcap_atoin: 1 to 4 decimal parts; the value and its length in bits */
export function atoin(text: string, col: number): [number, number] {
  const parts = text.split('.');
  if (parts.some((x) => !/^\d+$/.test(x) || Number(x) > 255)) throw err(`invalid IPv4 address '${text}'`, col);
  return [parts.reduce((x, y) => ((x << 8) | Number(y)) >>> 0, 0), parts.length * 8];
}

/**
 * gen_mcode (gencode.c) up to its qualifier: the address (a short one promoted), the mask
 * (`/len` or `mask a.b.c.d`), then the bits the mask leaves outside the network; [address, mask]
 */
export function mcode4(v: { text: string; masklen?: number; mask?: string }, col: number): [number, number] {
  const [n, nlen] = atoin(v.text, col);
  const a = nlen === 32 ? n : (n << (32 - nlen)) >>> 0;
  let mask: number;
  if (v.mask !== undefined) {
    const [m, mlen] = atoin(v.mask, col);
    mask = mlen === 32 ? m : (m << (32 - mlen)) >>> 0;
  } else {
    if (v.masklen! > 32) throw err('mask length must be <= 32', col);
    mask = v.masklen === 0 ? 0 : (0xffffffff << (32 - v.masklen!)) >>> 0;
  }
  if ((a & ~mask) >>> 0 !== 0) throw err(`non-network bits set in "${v.text}${v.mask !== undefined ? ` mask ${v.mask}` : `/${v.masklen}`}"`, col);
  return [a, mask];
}

/** gen_mcode6 up to its qualifier: the mask length, then the bits outside the network; the four [word, mask] */
export function mcode6(text: string, masklen: number, col: number): Array<[number, number]> {
  if (masklen > 128) throw err('mask length must be <= 128', col);
  const addr = parseIp6(text)!;
  const words: Array<[number, number]> = [];
  for (let i = 0; i < 4; i++) {
    const bits = Math.max(0, Math.min(32, masklen - i * 32));
    const m = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    const a = ((addr[i * 4]! << 24) | (addr[i * 4 + 1]! << 16) | (addr[i * 4 + 2]! << 8) | addr[i * 4 + 3]!) >>> 0;
    if ((a & ~m) >>> 0 !== 0) throw err(`non-network bits set in "${text}/${masklen}"`, col);
    words.push([a, m]);
  }
  return words;
}

/**
 * a masked address under a qualifier other than `net` (for IPv6 also the default and `host`):
 * gen_mcode and gen_mcode6 check the address and the mask first, whatever the qualifier — also
 * one inherited from a primitive that lends none (`ip and 10.0.0.0/8`) or from `port` —, then
 * refuse the qualifier; undefined when the address is not masked
 */
export function maskedQualRefusal(v: IdVal, col: number): BpfError | undefined {
  if (v.t === 'hid' && (v.masklen !== undefined || v.mask !== undefined)) {
    mcode4(v, col);
    return err('Mask syntax for networks only', col);
  }
  if (v.t === 'hid6' && v.masklen !== undefined) {
    mcode6(v.text, v.masklen, col);
    return err('invalid qualifier against IPv6 address', col);
  }
  return undefined;
}

/** the constant of the first instruction libpcap generates for an operand (`ld #k`), if it is one */
export function firstImm(a: Arith): number | undefined {
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
