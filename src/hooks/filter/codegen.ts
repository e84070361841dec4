/**
 * Code generation for pcap-filter(7) primitives, following libpcap's gencode.c so that the same
 * packets are selected (including which loads happen before which tests, since a load outside
 * the captured bytes rejects the packet): gen_linktype per link type, gen_host/gen_hostop(6),
 * gen_port/gen_portop(6), gen_portrange, gen_proto, gen_protochain (unrolled, forward jumps
 * only), gen_vlan, gen_mpls, gen_load/gen_arth/gen_relation, gen_ehostop, gen_broadcast,
 * gen_multicast, gen_less/gen_greater.
 */
import { BpfError } from '../../isa/errors.js';
import * as c from '../cbpf/opcodes.js';
import { and, andAll, constant, not, or, orAll, s, test, type Cond, type Stmt } from './cfg.js';
import { parseIp6, parseMac } from './lexer.js';
import type { Arith, IdVal, Node, Quals } from './parser.js';
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
const ETHERMTU = 1500;

const IPPROTO: Record<string, number> = { icmp: 1, igmp: 2, tcp: 6, udp: 17, ipv6: 41, gre: 47, esp: 50, ah: 51, icmp6: 58, 'ipv6-icmp': 58, pim: 103, vrrp: 112, sctp: 132, igrp: 9 };
/** /etc/services as libpcap's pcap_nametoport sees it on Debian: name -> [port, tcp?, udp?] */
const SERVICES: Record<string, [number, boolean, boolean]> = {
  'ftp-data': [20, true, false], ftp: [21, true, false], ssh: [22, true, false], telnet: [23, true, false], smtp: [25, true, false],
  domain: [53, true, true], bootps: [67, false, true], bootpc: [68, false, true], http: [80, true, false], www: [80, true, false],
  pop3: [110, true, false], ntp: [123, false, true], snmp: [161, true, true], https: [443, true, true], mysql: [3306, true, false], x11: [6000, true, false],
};
const ETHERPROTO: Record<string, number> = { ip: ETHERTYPE_IP, ip6: ETHERTYPE_IPV6, arp: ETHERTYPE_ARP, rarp: ETHERTYPE_REVARP, vlan: ETHERTYPE_8021Q, mpls: ETHERTYPE_MPLS };

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
}

const err = (msg: string, col?: number): BpfError => new BpfError('EINVAL', msg, col === undefined ? {} : { column: col });

export class Codegen {
  /** offset of the link-layer type field (-1: none) */
  private offLinktype: number;
  /** offset of the link-layer payload */
  private offLinkpl: number;
  /** extra offset from the payload to the network header (MPLS labels) */
  private offNl = 0;
  private mplsDepth = 0;
  private vlanDepth = 0;
  private nextReg = 0;
  readonly lt: number;

  constructor(private readonly o: CodegenOptions) {
    this.lt = o.linkType;
    switch (o.linkType) {
      case LINKTYPE_ETHERNET: this.offLinktype = 12; this.offLinkpl = 14; break;
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
    return this.lt === LINKTYPE_ETHERNET;
  }
  private get isRaw(): boolean {
    return this.offLinktype === -1;
  }
  /** network-layer offset */
  private get nl(): number {
    return this.offLinkpl + this.offNl;
  }

  private ld(size: number, off: number): Stmt {
    return s(c.BPF_LD | SIZE[size]! | c.BPF_ABS, off);
  }

  /** gen_mcmp: load, mask, compare */
  cmp(off: number, size: number, v: number, jop: number = c.BPF_JEQ, mask?: number): Cond {
    const st = [this.ld(size, off)];
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

  /** gen_linktype */
  linktype(proto: number): Cond {
    if (this.mplsDepth > 0) return this.mplsLinktype(proto);
    switch (this.lt) {
      case LINKTYPE_ETHERNET:
        if (proto <= ETHERMTU) {
          // an 802.2 LLC frame: length field, then the DSAP
          return and(not(this.cmp(this.offLinktype, 2, ETHERMTU, c.BPF_JGT)), this.cmp(this.offLinktype + 2, 1, proto));
        }
        return this.cmp(this.offLinktype, 2, proto);
      case LINKTYPE_LINUX_SLL:
      case LINKTYPE_LINUX_SLL2:
        return this.cmp(this.offLinktype, 2, proto);
      case LINKTYPE_NULL:
      case LINKTYPE_LOOP:
        if (proto === ETHERTYPE_IP) return this.loopbackLinktype(BSD_AFNUM_INET);
        if (proto === ETHERTYPE_IPV6) {
          return orAll([this.loopbackLinktype(BSD_AFNUM_INET6_DARWIN), this.loopbackLinktype(BSD_AFNUM_INET6_BSD), this.loopbackLinktype(BSD_AFNUM_INET6_FREEBSD)]);
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
    return constant(false); // libpcap: only IPv4 and IPv6 are recognised under a label stack
  }

  private needEther(what: string, col?: number): void {
    if (!this.isEther) throw err(`${what} not supported on link type ${linkTypeName(this.lt)}`, col);
  }

  // --- IPv4 / IPv6 ---

  /** gen_ipfrag: not a fragment other than the first */
  private ipfrag(): Cond {
    return not(this.cmp(this.nl + 6, 2, 0x1fff, c.BPF_JSET));
  }

  private ipHdrlenX(): Stmt {
    return s(c.BPF_LDX | c.BPF_MSH | c.BPF_B, this.nl);
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
  host4(addr: number, mask: number, proto: string | null, dir: Quals['dir'], col: number): Cond {
    const ip = () => and(this.linktype(ETHERTYPE_IP), this.hostop(addr, mask, dir, 12, 16));
    const arp = (t: number) => and(this.linktype(t), this.hostop(addr, mask, dir, 14, 24));
    switch (proto) {
      case null: return or(or(ip(), arp(ETHERTYPE_ARP)), arp(ETHERTYPE_REVARP));
      case 'ip': return ip();
      case 'arp': return arp(ETHERTYPE_ARP);
      case 'rarp': return arp(ETHERTYPE_REVARP);
      case 'link':
      case 'ether': throw err('illegal link layer address', col);
      case 'ip6': throw err("'ip6' modifier applied to ip host", col);
      default: throw err(`'${proto}' modifier applied to host`, col);
    }
  }

  /** gen_host6 */
  host6(addr: number[], masklen: number, proto: string | null, dir: Quals['dir'], col: number): Cond {
    if (proto !== null && proto !== 'ip6') throw err(`'${proto}' modifier applied to ip6 host`, col);
    const words: Array<[number, number]> = [];
    for (let i = 0; i < 4; i++) {
      const bits = Math.max(0, Math.min(32, masklen - i * 32));
      const m = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
      const a = ((addr[i * 4]! << 24) | (addr[i * 4 + 1]! << 16) | (addr[i * 4 + 2]! << 8) | addr[i * 4 + 3]!) >>> 0;
      if ((a & ~m) >>> 0 !== 0) throw err('non-network bits set in IPv6 address', col);
      words.push([a, m]);
    }
    const op = (off: number) => andAll(words.map(([a, m], i) => [a, m, i] as const).filter(([, m]) => m !== 0).map(([a, m, i]) => this.cmp(this.nl + off + i * 4, 4, a, c.BPF_JEQ, m)));
    let b: Cond;
    if (masklen === 0) b = constant(true);
    else if (dir === 'src') b = op(8);
    else if (dir === 'dst') b = op(24);
    else if (dir === 'and') b = and(op(8), op(24));
    else b = or(op(8), op(24));
    return and(this.linktype(ETHERTYPE_IPV6), b);
  }

  // --- ports ---

  private portAtom(x: Stmt[], off: number, v: number, v2?: number, ip6 = false): Cond {
    const ld = ip6 ? [this.ld(2, this.nl + 40 + off)] : [...x, s(c.BPF_LD | c.BPF_H | c.BPF_IND, this.nl + off)];
    if (v2 === undefined) return test(ld, c.BPF_JEQ, v);
    const lo = test(ld, c.BPF_JGE, v);
    const hi = test(ip6 ? [this.ld(2, this.nl + 40 + off)] : [...x, s(c.BPF_LD | c.BPF_H | c.BPF_IND, this.nl + off)], c.BPF_JGT, v2);
    return and(lo, not(hi));
  }

  private portDir(dir: Quals['dir'], ip6: boolean, v: number, v2?: number): Cond {
    const x = [this.ipHdrlenX()];
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
    if (!this.isEther) throw err(`no VLAN support for ${linkTypeName(this.lt)}`, col);
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
    else throw err(`no MPLS support for ${linkTypeName(this.lt)}`, col);
    if (label !== undefined) {
      if (label > 0xfffff) throw err(`MPLS label ${label} greater than maximum 1048575`, col);
      b = and(b, this.cmp(this.nl, 4, (label << 12) >>> 0, c.BPF_JEQ, 0xfffff000));
    }
    this.offNl += 4;
    this.mplsDepth++;
    return b;
  }

  // --- protochain: libpcap's loop, unrolled so that every jump is forward ---

  private reg(col: number): number {
    if (this.nextReg >= c.BPF_MEMWORDS) throw err('too many registers needed to evaluate expression', col);
    return this.nextReg++;
  }

  protochain(v: number, proto: string | null, col: number): Cond {
    if (proto === null) return or(this.protochain(v, 'ip', col), this.protochain(v, 'ip6', col));
    if (proto !== 'ip' && proto !== 'ip6') throw err(`bad protocol applied for 'protochain'`, col);
    const v6 = proto === 'ip6';
    const NXT = this.reg(col); // next-header value
    const OFF = this.reg(col); // offset of the current header from the network header
    const TMP = this.reg(col);
    const nl = this.nl;
    const ldM = (r: number) => s(c.BPF_LD | c.BPF_MEM, r);
    // start: the IPv4 protocol / IPv6 next header, and the header length
    const start: Stmt[] = v6
      ? [this.ld(1, nl + 6), s(c.BPF_ST, NXT), s(c.BPF_LDX | c.BPF_IMM, 40), s(c.BPF_STX, OFF)]
      : [this.ld(1, nl + 9), s(c.BPF_ST, NXT), this.ipHdrlenX(), s(c.BPF_STX, OFF)];
    const startBlk = test(start, c.BPF_JEQ, v); // NXT == v
    const DEPTH = 8;
    let found: Cond = startBlk;
    // each round: NXT == v -> true; NXT == 59 -> false; extension header -> advance; AH -> advance; else false
    let chain: Cond = startBlk;
    const exitsTrue = [...startBlk.t];
    const exitsFalse: Cond['f'] = [];
    let pendingF = startBlk.f; // where "not yet matched" continues
    for (let round = 0; round < DEPTH; round++) {
      const isNone = test([ldM(NXT)], c.BPF_JEQ, 59);
      for (const e of pendingF) e.b[e.side] = isNone.head;
      exitsFalse.push(...isNone.t);
      // extension headers (v6 only): 0 hop-by-hop, 60 dstopts, 43 routing, 44 fragment
      const extTests = v6 ? [0, 60, 43, 44].map((p) => test([ldM(NXT)], c.BPF_JEQ, p)) : [];
      const ahTest = test([ldM(NXT)], c.BPF_JEQ, 51);
      // chain the tests: each false goes to the next test
      const tests = [...extTests, ahTest];
      for (const e of isNone.f) e.b[e.side] = tests[0]!.head;
      for (let i = 0; i + 1 < tests.length; i++) for (const e of tests[i]!.f) e.b[e.side] = tests[i + 1]!.head;
      exitsFalse.push(...ahTest.f);
      // advance over a v6 extension header: NXT = P[off], OFF += (P[off+1] + 1) * 8
      const ldx = s(c.BPF_LDX | c.BPF_MEM, OFF);
      const ind = (k: number) => s(c.BPF_LD | c.BPF_B | c.BPF_IND, nl + k);
      const ext: Stmt[] = [ldx, ind(0), s(c.BPF_ST, TMP), ind(1), s(c.BPF_ALU | c.BPF_ADD | c.BPF_K, 1), s(c.BPF_ALU | c.BPF_MUL | c.BPF_K, 8),
        s(c.BPF_ALU | c.BPF_ADD | c.BPF_X), s(c.BPF_ST, OFF), ldM(TMP), s(c.BPF_ST, NXT)];
      // advance over AH as libpcap does: NXT = P[off], OFF = (P[off+1] + 2) * 4 (sic: not added)
      const ahs: Stmt[] = [ldx, ind(0), s(c.BPF_ST, TMP), ind(1), s(c.BPF_ALU | c.BPF_ADD | c.BPF_K, 2), s(c.BPF_ALU | c.BPF_MUL | c.BPF_K, 4),
        s(c.BPF_ST, OFF), ldM(TMP), s(c.BPF_ST, NXT)];
      const next = test([...ahs], c.BPF_JEQ, v);
      for (const e of ahTest.t) e.b[e.side] = next.head;
      exitsTrue.push(...next.t);
      pendingF = [...next.f];
      if (v6) {
        const nextExt = test(ext, c.BPF_JEQ, v);
        for (const t of extTests) for (const e of t.t) e.b[e.side] = nextExt.head;
        exitsTrue.push(...nextExt.t);
        pendingF.push(...nextExt.f);
      }
      chain = next;
    }
    exitsFalse.push(...pendingF); // deeper chains than DEPTH are not followed
    void found;
    void chain;
    this.nextReg -= 3;
    return and(this.linktype(v6 ? ETHERTYPE_IPV6 : ETHERTYPE_IP), { head: startBlk.head, t: exitsTrue, f: exitsFalse });
  }

  // --- arithmetic (gen_load, gen_arth, gen_relation) ---

  private fold(a: Arith): Arith {
    if (a.k === 'bin') {
      const x = this.fold(a.a);
      const y = this.fold(a.b);
      if (y.k === 'num') {
        if ((a.op === '/' ) && y.n === 0) throw err('division by zero', a.col);
        if (a.op === '%' && y.n === 0) throw err('modulus by zero', a.col);
        if ((a.op === '<<' || a.op === '>>') && y.n > 31) throw err('shift by more than 31 bits', a.col);
      }
      if (x.k === 'num' && y.k === 'num') return { k: 'num', n: alu(a.op, x.n, y.n), col: a.col };
      return { ...a, a: x, b: y };
    }
    if (a.k === 'neg') {
      const x = this.fold(a.a);
      return x.k === 'num' ? { k: 'num', n: -x.n >>> 0, col: a.col } : { ...a, a: x };
    }
    if (a.k === 'load') return { ...a, idx: this.fold(a.idx) };
    return a;
  }

  /** statements leaving the value in A, and the protocol guards the loads need */
  private arith(a: Arith, guards: Cond[]): Stmt[] {
    switch (a.k) {
      case 'num': return [s(c.BPF_LD | c.BPF_IMM, a.n)];
      case 'len': return [s(c.BPF_LD | c.BPF_W | c.BPF_LEN)];
      case 'neg': return [...this.arith(a.a, guards), s(c.BPF_ALU | c.BPF_NEG)];
      case 'bin': {
        const op = ALUOP[a.op]!;
        if (a.b.k === 'num') return [...this.arith(a.a, guards), s(c.BPF_ALU | op | c.BPF_K, a.b.n)];
        const r = this.reg(a.col);
        const rhs = this.arith(a.b, guards);
        const lhs = this.arith(a.a, guards);
        this.nextReg--;
        return [...rhs, s(c.BPF_ST, r), ...lhs, s(c.BPF_LDX | c.BPF_MEM, r), s(c.BPF_ALU | op | c.BPF_X)];
      }
      case 'load': return this.load(a, guards);
    }
  }

  private load(a: Extract<Arith, { k: 'load' }>, guards: Cond[]): Stmt[] {
    const size = SIZE[a.size]!;
    const p = a.proto;
    let base: number;
    let transport = false;
    switch (p) {
      case 'link':
      case 'ether':
        if (p === 'ether') this.needEther("'ether' byte access", a.col);
        base = 0;
        break;
      case 'ip': case 'arp': case 'rarp': case 'ip6':
        base = this.nl;
        guards.push(this.linktype(p === 'ip' ? ETHERTYPE_IP : p === 'ip6' ? ETHERTYPE_IPV6 : p === 'arp' ? ETHERTYPE_ARP : ETHERTYPE_REVARP));
        break;
      case 'icmp6':
        base = this.nl + 40;
        // gen_load for Q_ICMPV6: the fixed IPv6 header only (no look behind a fragment header)
        guards.push(and(this.linktype(ETHERTYPE_IPV6), this.cmp(this.nl + 6, 1, 58)));
        break;
      case 'tcp': case 'udp': case 'sctp': case 'icmp': case 'igmp': case 'igrp': case 'pim': case 'vrrp': case 'carp':
        transport = true;
        base = this.nl;
        break;
      default:
        throw err(`unsupported index operation on '${p}'`, a.col);
    }
    const idxGuards: Cond[] = [];
    let st: Stmt[];
    if (transport) {
      // X = IPv4 header length (+ index); load at nl + X
      if (a.idx.k === 'num') st = [this.ipHdrlenX(), s(c.BPF_LD | size | c.BPF_IND, base + a.idx.n)];
      else {
        const r = this.reg(a.col);
        st = [...this.arith(a.idx, idxGuards), s(c.BPF_ST, r), this.ipHdrlenX(), s(c.BPF_LD | c.BPF_MEM, r), s(c.BPF_ALU | c.BPF_ADD | c.BPF_X), s(c.BPF_MISC | c.BPF_TAX), s(c.BPF_LD | size | c.BPF_IND, base)];
        this.nextReg--;
      }
      // ip, then (index guards), then the protocol and "first fragment"
      const pr = IPPROTO[p === 'carp' ? 'vrrp' : p]!;
      const protoCheck = p === 'tcp' || p === 'udp' || p === 'sctp' ? this.protoAbbrev(p, a.col) : this.ipProto(pr);
      let b = and(protoCheck, this.ipfrag());
      if (idxGuards.length) b = and(andAll(idxGuards), b);
      guards.push(and(this.linktype(ETHERTYPE_IP), b));
      return st;
    }
    if (a.idx.k === 'num') st = [s(c.BPF_LD | size | c.BPF_ABS, base + a.idx.n)];
    else st = [...this.arith(a.idx, idxGuards), s(c.BPF_MISC | c.BPF_TAX), s(c.BPF_LD | size | c.BPF_IND, base)];
    if (idxGuards.length) guards.push(...idxGuards);
    return st;
  }

  relation(op: string, a0: Arith, a1: Arith): Cond {
    const a = this.fold(a0);
    const b = this.fold(a1);
    const guards: Cond[] = [];
    let st: Stmt[];
    let src: number = c.BPF_K;
    let k = 0;
    const gA: Cond[] = [];
    const gB: Cond[] = [];
    if (b.k === 'num') {
      st = this.arith(a, gA);
      k = b.n;
    } else {
      const r = this.reg(0);
      const rhs = this.arith(b, gB);
      const lhs = this.arith(a, gA);
      this.nextReg--;
      st = [...rhs, s(c.BPF_ST, r), ...lhs, s(c.BPF_LDX | c.BPF_MEM, r)];
      src = c.BPF_X;
    }
    guards.push(...gA, ...gB);
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
    return guards.length ? and(andAll(guards), t) : t;
  }

  // --- protocol abbreviations and qualified ids ---

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
      case 'link': case 'ether': throw err(`'${p}' alone is not a complete primitive`, col);
      default: throw err(`protocol '${p}' is not supported`, col);
    }
  }

  /** gen_proto for `[pname] proto N` */
  private proto(v: number, p: string | null, col: number): Cond {
    switch (p) {
      case null: return or(this.ipProto(v), this.ip6Proto(v));
      case 'ip': return this.ipProto(v);
      case 'ip6': return this.ip6Proto(v);
      case 'link': case 'ether': return this.linktype(v);
      default: throw err(`'${p} proto' is not supported`, col);
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
    if (proto === 'ether' || proto === 'link') {
      if (addr === 'host' && v.t === 'eid') {
        this.needEther("'ether' addresses", col);
        const m = parseMac(v.text);
        const src = () => this.bcmp(6, m);
        const dst = () => this.bcmp(0, m);
        if (q.dir === 'src') return src();
        if (q.dir === 'dst') return dst();
        if (q.dir === 'and') return and(src(), dst());
        return or(src(), dst());
      }
      if (addr === 'proto') {
        const n = v.t === 'num' ? v.n : v.t === 'name' ? ETHERPROTO[v.text] : undefined;
        if (n === undefined) throw err(`unknown ether proto '${v.text}'`, col);
        return this.linktype(n);
      }
      throw err(`illegal link layer address or qualifier '${v.text}'`, col);
    }
    switch (addr) {
      case 'host':
      case 'net': {
        if (v.t === 'eid') throw err(`a MAC address needs the 'ether' qualifier`, col);
        if (v.t === 'hid6') {
          const a = parseIp6(v.text)!;
          const len = v.masklen ?? 128;
          if (len > 128) throw err(`mask length must be <= 128`, col);
          if (addr === 'host' && v.masklen !== undefined) throw err('mask syntax for networks only', col);
          return this.host6(a, len, proto, q.dir, col);
        }
        if (v.t === 'name') throw err(`unknown host '${v.text}' (tsbpf does not resolve names)`, col);
        let a: number;
        let mask: number;
        if (v.t === 'num') {
          a = v.n;
          mask = 0xffffffff;
          if (addr === 'net') {
            // promote a short net number: "net 10" is 10.0.0.0/8
            while (a && (a & 0xff000000) === 0) {
              a = (a << 8) >>> 0;
              mask = (mask << 8) >>> 0;
            }
          }
        } else {
          const parts = v.text.split('.').map(Number);
          if (parts.some((x) => x > 255)) throw err(`bad address '${v.text}'`, col);
          a = parts.reduce((x, y) => ((x << 8) | y) >>> 0, 0);
          const vlen = parts.length * 8;
          a = vlen === 32 ? a : (a << (32 - vlen)) >>> 0;
          mask = vlen === 32 ? 0xffffffff : (0xffffffff << (32 - vlen)) >>> 0;
          if (v.masklen !== undefined || v.mask !== undefined) {
            if (addr === 'host') throw err('mask syntax for networks only', col);
            if (v.masklen !== undefined) {
              if (v.masklen > 32) throw err(`mask length must be <= 32`, col);
              mask = v.masklen === 0 ? 0 : (0xffffffff << (32 - v.masklen)) >>> 0;
            } else {
              mask = v.mask!.split('.').map(Number).reduce((x, y) => ((x << 8) | y) >>> 0, 0);
            }
            if ((a & ~mask) >>> 0 !== 0) throw err(`non-network bits set in "${v.text}"`, col);
          }
        }
        return this.host4(a, mask, proto, q.dir, col);
      }
      case 'port': {
        let port: number;
        let protos = this.portProtos(proto, col, 'port');
        if (v.t === 'num') port = v.n;
        else if (v.t === 'name') {
          const svc = SERVICES[v.text];
          if (!svc) throw err(`unknown port '${v.text}'`, col);
          port = svc[0];
          // a service known only for tcp or only for udp narrows the protocols
          if (proto === null) protos = svc[1] && svc[2] ? protos : svc[1] ? [6] : [17];
        } else throw err(`illegal port '${v.text}'`, col);
        if (port > 65535) throw err(`illegal port number ${port} > 65535`, col);
        return this.port(protos, q.dir, port);
      }
      case 'portrange': {
        const protos = this.portProtos(proto, col, 'portrange');
        let lo: number;
        let hi: number;
        if (v.t === 'num') lo = hi = v.n;
        else {
          const m = /^(\w+)-(\w+)$/.exec(v.text);
          if (!m) throw err(`illegal port range '${v.text}'`, col);
          const p1 = /^\d+$/.test(m[1]!) ? Number(m[1]) : SERVICES[m[1]!]?.[0];
          const p2 = /^\d+$/.test(m[2]!) ? Number(m[2]) : SERVICES[m[2]!]?.[0];
          if (p1 === undefined || p2 === undefined) throw err(`illegal port range '${v.text}'`, col);
          lo = Math.min(p1, p2);
          hi = Math.max(p1, p2);
        }
        if (hi > 65535) throw err(`illegal port number ${hi} > 65535`, col);
        return this.port(protos, q.dir, lo, hi);
      }
      case 'proto': {
        const n = v.t === 'num' ? v.n : v.t === 'name' ? IPPROTO[v.text] : undefined;
        if (n === undefined) throw err(`unknown ip proto '${v.text}'`, col);
        if (n > 255) throw err(`protocol number ${n} > 255`, col);
        return this.proto(n, proto, col);
      }
      case 'protochain': {
        const n = v.t === 'num' ? v.n : v.t === 'name' ? IPPROTO[v.text] : undefined;
        if (n === undefined) throw err(`unknown ip proto '${v.text}'`, col);
        return this.protochain(n, proto, col);
      }
      case 'gateway':
        throw err("'gateway' needs host name resolution, which tsbpf does not do", col);
    }
  }

  broadcast(proto: string | null, col: number): Cond {
    if (proto === null || proto === 'ether' || proto === 'link') {
      this.needEther('broadcast', col);
      return this.bcmp(0, [255, 255, 255, 255, 255, 255]);
    }
    if (proto === 'ip') {
      const hostmask = ~(this.o.netmask ?? 0) >>> 0;
      const dst = () => this.cmp(this.nl + 16, 4, 0, c.BPF_JEQ, hostmask);
      const dst2 = () => this.cmp(this.nl + 16, 4, hostmask, c.BPF_JEQ, hostmask);
      return and(this.linktype(ETHERTYPE_IP), or(dst(), dst2()));
    }
    throw err(`only link-layer/IP broadcast filters supported`, col);
  }

  multicast(proto: string | null, col: number): Cond {
    if (proto === null || proto === 'ether' || proto === 'link') {
      this.needEther('multicast', col);
      return this.cmp(0, 1, 1, c.BPF_JSET);
    }
    if (proto === 'ip') return and(this.linktype(ETHERTYPE_IP), this.cmp(this.nl + 16, 1, 224, c.BPF_JGE));
    if (proto === 'ip6') return and(this.linktype(ETHERTYPE_IPV6), this.cmp(this.nl + 24, 1, 255));
    throw err(`link-layer multicast filters supported only on ethernet`, col);
  }

  /** the whole AST, left to right (vlan/mpls change offsets for what follows, as in libpcap) */
  gen(n: Node): Cond {
    switch (n.k) {
      case 'true': return constant(true);
      case 'and': { const a = this.gen(n.a); return and(a, this.gen(n.b)); }
      case 'or': { const a = this.gen(n.a); return or(a, this.gen(n.b)); }
      case 'not': return not(this.gen(n.a));
      case 'id': return this.id(n.q, n.v, n.col);
      case 'pname': return this.protoAbbrev(n.p, n.col);
      case 'rel': return this.relation(n.op, n.a, n.b);
      case 'less': return not(test([s(c.BPF_LD | c.BPF_W | c.BPF_LEN)], c.BPF_JGT, n.n));
      case 'greater': return test([s(c.BPF_LD | c.BPF_W | c.BPF_LEN)], c.BPF_JGE, n.n);
      case 'vlan': return this.vlan(n.n, n.col);
      case 'mpls': return this.mpls(n.n, n.col);
      case 'broadcast': return this.broadcast(n.proto, n.col);
      case 'multicast': return this.multicast(n.proto, n.col);
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
