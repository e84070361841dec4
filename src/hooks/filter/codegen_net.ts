/**
 * The network and transport layers of the filter code generator (gencode.c): gen_proto_abbrev,
 * gen_proto, gen_host/gen_hostop(6), gen_port/gen_portop(6), gen_portrange, gen_geneve, gen_dnhostop,
 * the ISO protocols, gen_broadcast, gen_multicast.
 */
import * as c from '../cbpf/opcodes.js';
import { and, andAll, constant, not, or, orAll, s, test, type Cond, type Stmt } from './cfg.js';
import type { Quals } from './parser.js';
import { LINKTYPE_ETHERNET } from '../pcap/linktype.js';
import {
  ETHERTYPE_IP, ETHERTYPE_ARP, ETHERTYPE_REVARP, ETHERTYPE_IPV6, ETHERTYPE_ATALK, ETHERTYPE_AARP, ETHERTYPE_DN, ETHERTYPE_SCA, ETHERTYPE_LAT,
  ETHERTYPE_MOPDL, ETHERTYPE_MOPRC, LLCSAP_ISONS, LLCSAP_NETBEUI, LLCSAP_IPX, LLCSAP_8021D, ISO8473_CLNP, ISO9542_ESIS, ISO10589_ISIS, ISIS_PDU,
  IPPROTO, SIZE, err, VAR_LINKHDR, VAR_LINKTYPE, VAR_LINKPL, varBase, konst, GENEVE_PORT, ETHERTYPE_TEB,
} from './codegen_tables.js';
import { LinkGen } from './codegen_link.js';

export class NetGen extends LinkGen {
  // --- IPv4 / IPv6 ---

  /** gen_ipfrag: not a fragment other than the first */
  protected ipfrag(): Cond {
    return not(this.cmp(this.nl + 6, 2, 0x1fff, c.BPF_JSET));
  }

  /**
   * gen_loadx_iphdrlen: X = the IPv4 header length — plus the variable part of the payload's
   * offset after `geneve`, where `ldxb 4*([k]&0xf)` cannot be used (loads after it take the
   * constant part only: konst())
   */
  protected ipHdrlenX(): Stmt[] {
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

  protected hostop(addr: number, mask: number, dir: Quals['dir'], srcOff: number, dstOff: number): Cond {
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

  /** gen_host6, on gen_mcode6's [word, mask] pairs (mcode6) */
  host6(words: Array<[number, number]>, masklen: number, proto: string | null, dir: Quals['dir'], type: 'host' | 'net', col: number): Cond {
    if (proto === 'link') throw err(`link-layer modifier applied to ip6 ${type}`, col);
    if (proto === 'atalk') throw err(`AppleTalk modifier applied to ip6 ${type}`, col);
    if (proto !== null && proto !== 'ip6') throw err(`'${proto}' modifier applied to ip6 ${type}`, col);
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

  protected portAtom(x: Stmt[], off: number, v: number, v2?: number, ip6 = false): Cond {
    const ld = ip6 ? this.ld(2, this.nl + 40 + off) : [...x, s(c.BPF_LD | c.BPF_H | c.BPF_IND, konst(this.nl + off))];
    if (v2 === undefined) return test(ld, c.BPF_JEQ, v);
    const lo = test(ld, c.BPF_JGE, v);
    const hi = test(ip6 ? this.ld(2, this.nl + 40 + off) : [...x, s(c.BPF_LD | c.BPF_H | c.BPF_IND, konst(this.nl + off))], c.BPF_JGT, v2);
    return and(lo, not(hi));
  }

  protected portDir(dir: Quals['dir'], ip6: boolean, v: number, v2?: number): Cond {
    const x = this.ipHdrlenX();
    const src = () => this.portAtom(x, 0, v, v2, ip6);
    const dst = () => this.portAtom(x, 2, v, v2, ip6);
    if (dir === 'src') return src();
    if (dir === 'dst') return dst();
    if (dir === 'and') return and(src(), dst());
    return or(src(), dst());
  }

  protected portop(proto: number, dir: Quals['dir'], v: number, v2?: number): Cond {
    return and(and(this.cmp(this.nl + 9, 1, proto), this.ipfrag()), this.portDir(dir, false, v, v2));
  }
  protected portop6(proto: number, dir: Quals['dir'], v: number, v2?: number): Cond {
    return and(this.cmp(this.nl + 6, 1, proto), this.portDir(dir, true, v, v2));
  }

  /** gen_port(6) / gen_portrange(6): ip6 first, then ip (gen_or(port6, port)) */
  port(protos: number[], dir: Quals['dir'], v: number, v2?: number): Cond {
    const b6 = and(this.linktype(ETHERTYPE_IPV6), orAll(protos.map((p) => this.portop6(p, dir, v, v2))));
    const b4 = and(this.linktype(ETHERTYPE_IP), orAll(protos.map((p) => this.portop(p, dir, v, v2))));
    return or(b6, b4);
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
    // gen_geneve_offsets takes its words with alloc_reg — the link type field's, the link
    // header's (PUSH_LINKHDR), the payload's, in that order — and never frees them. Which words
    // they are matters: a path that skips the Geneve test reads them unset, and libpcap's word
    // may still hold an earlier relation's constant (`link[12:2] = 0x8847 or geneve and …`)
    const lt = this.reg(col);
    const lh = this.reg(col);
    const pl = this.reg(col);
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

  /** gen_dnhostop: a DECnet address in the long or short data header, with or without padding */
  protected dnhost(addr: number, dir: Quals['dir']): Cond {
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
  protected isoProto(v: number): Cond {
    return and(this.linktype(LLCSAP_ISONS), this.cmp(this.offLinkpl + this.offNlNosnap, 1, v));
  }
  protected isisPdu(types: number[]): Cond {
    return orAll(types.map((t) => and(this.isoProto(ISO10589_ISIS), this.cmp(this.offLinkpl + this.offNlNosnap + 4, 1, t))));
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
  protected proto(v: number, p: string | null, col: number): Cond {
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

  protected portProtos(p: string | null, col: number, what: string): number[] {
    switch (p) {
      case null: return [132, 6, 17]; // gen_port: gen_or(sctp, gen_or(tcp, udp))
      case 'tcp': return [6];
      case 'udp': return [17];
      case 'sctp': return [132];
      default: throw err(`illegal qualifier of '${what}'`, col);
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
}
