/**
 * Code generation for pcap-filter(7) primitives, following libpcap's gencode.c so that the same
 * packets are selected (including which loads happen before which tests, since a load outside
 * the captured bytes rejects the packet). One class per layer, each extending the one below:
 * codegen_link.ts (offsets, gen_linktype, vlan/mpls/pppoes/llc), codegen_net.ts (IP/IPv6, hosts,
 * ports, geneve, ISO, broadcast/multicast), codegen_arith.ts (gen_load/gen_arth/gen_relation),
 * and here gen_protochain, the qualified ids (gen_scode/gen_ncode/gen_mcode) and the AST walk.
 */
import * as c from '../cbpf/opcodes.js';
import { and, constant, not, or, s, test, type Cond, type Stmt } from './cfg.js';
import { parseIp6, parseMac } from './lexer.js';
import { PROTOCOLS } from './netdb.js';
import type { IdVal, Node, Quals } from './parser.js';
import { LINKTYPE_LINUX_SLL, LINKTYPE_LINUX_SLL2 } from '../pcap/linktype.js';
import {
  ETHERTYPE_IP, ETHERTYPE_IPV6, ETHERTYPE_PPPOED, own, nametoport, portProtoConflict, ETHERPROTO, mcode4, mcode6, maskedQualRefusal, wlanDir, wlanName, notWlan, err, varBase, atoin, ISO8473_CLNP, ISO9542_ESIS, ISO10589_ISIS,
} from './codegen_tables.js';
export type { CodegenOptions } from './codegen_tables.js';
import { ArithGen } from './codegen_arith.js';

export class Codegen extends ArithGen {
  // --- protochain: libpcap's loop, one backward jump ---

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
    this.freeReg(reg);
    return and(this.linktype(v6 ? ETHERTYPE_IPV6 : ETHERTYPE_IP), test(st, c.BPF_JEQ, v));
  }

  /**
   * gencode.c lookup_proto: a protocol name after `proto`/`protochain` is an IP protocol
   * (/etc/protocols) under ip, ip6 or no qualifier, an OSI one (esis, isis, clnp) under iso, and
   * PROTO_UNDEF under any other, which gen_scode refuses ("unknown protocol: NAME")
   */
  private lookupProto(v: IdVal, proto: string | null, col: number): number {
    const name = v.t === 'name' ? v.text : undefined;
    switch (proto) {
      case null: case 'ip': case 'ip6': {
        const n = name === undefined ? undefined : own(PROTOCOLS, name);
        if (n === undefined) throw err(`unknown ip proto '${v.text}'`, col);
        return n;
      }
      case 'iso': {
        const n = name === 'esis' ? ISO9542_ESIS : name === 'isis' ? ISO10589_ISIS : name === 'clnp' ? ISO8473_CLNP : undefined;
        if (n === undefined) throw err(`unknown osi proto '${v.text}'`, col);
        return n;
      }
      default:
        // PROTO_UNDEF: gen_scode's "unknown protocol"
        throw err(`unknown protocol: ${v.text}`, col);
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
    // gen_mcode/gen_mcode6 check a masked address before its qualifier
    if (addr !== 'host' && addr !== 'net') {
      const e = maskedQualRefusal(v, col);
      if (e) throw e;
    }
    if (v.t === 'hid6' && addr !== 'host' && addr !== 'net') throw err('invalid qualifier against IPv6 address', col);
    if (proto === 'link' && v.t !== 'hid6') {
      if (addr === 'proto') {
        const n = v.t === 'num' ? v.n : v.t === 'name' ? own(ETHERPROTO, v.text) : undefined;
        if (n === undefined) throw err(`unknown ether proto '${v.text}'`, col);
        return this.linktype(n);
      }
      if (addr === 'protochain') {
        // lookup_proto's Q_LINK names come first (gen_scode), then gen_protochain refuses the link layer
        if (v.t === 'name' && own(ETHERPROTO, v.text) === undefined) throw err(`unknown ether proto '${v.text}'`, col);
        throw err("bad protocol applied for 'protochain'", col);
      }
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
          const len = v.masklen ?? 128;
          const words = mcode6(v.text, len, col);
          if (v.masklen !== undefined && len !== 128 && addr === 'host') throw err('Mask syntax for networks only', col);
          notWlan(q.dir, 'addresses other than 802.11 MAC addresses', col);
          return this.host6(words, len, proto, q.dir, addr, col);
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
          if (v.masklen !== undefined || v.mask !== undefined) {
            [a, mask] = mcode4(v, col);
            if (addr === 'host') throw err('Mask syntax for networks only', col);
          } else {
            const [n, nlen] = atoin(v.text, col);
            // promote a short address: "host 10.0" is 10.0.0.0 with a /16 mask
            a = nlen === 32 ? n : (n << (32 - nlen)) >>> 0;
            mask = nlen === 32 ? 0xffffffff : (0xffffffff << (32 - nlen)) >>> 0;
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
        // pcap_nametoportrange: sscanf(name, "%d-%d") first — digits, a '-', digits, whatever
        // follows (`256-0x7f` is 256 and 0, `10-20x` is 10 to 20) — then service names
        const sc = v.t === 'num' ? null : /^\s*([+-]?\d+)-\s*([+-]?\d+)/.exec(v.text);
        if (v.t === 'num') lo = hi = v.n;
        else if (sc) {
          const [p1, p2] = [Number(sc[1]) >>> 0, Number(sc[2]) >>> 0];
          lo = Math.min(p1, p2);
          hi = Math.max(p1, p2);
        } else {
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
        const n = v.t === 'num' ? v.n : this.lookupProto(v, proto, col);
        return this.proto(n, proto, col);
      }
      case 'protochain': {
        const n = v.t === 'num' ? v.n : this.lookupProto(v, proto, col);
        return this.protochain(n, proto, col);
      }
      case 'gateway':
        // libpcap resolves the name to its MAC and IP addresses; tsbpf resolves no names
        // Debian's libpcap is built with IPv6, where gen_gateway is not available
        if (v.t === 'name') throw err("'gateway' not supported in this configuration", col);
        throw err("'gateway' requires a name", col);
    }
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
}
