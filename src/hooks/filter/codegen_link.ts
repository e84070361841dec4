/**
 * The link layer of the filter code generator (gencode.c): the generator's state (the link-layer
 * offsets libpcap keeps in its compiler state, sticky after vlan/mpls/pppoes), loads and compares
 * (gen_load_absoffsetrel, gen_mcmp, gen_bcmp), gen_linktype per link type, gen_vlan, gen_mpls,
 * gen_pppoes, gen_llc, and the scratch-register allocator (alloc_reg).
 */
import type { BpfError } from '../../isa/errors.js';
import * as c from '../cbpf/opcodes.js';
import { and, constant, not, or, orAll, s, test, type Cond, type Stmt } from './cfg.js';
import {
  DLT_RAW, DLT_RAW_OPENBSD, LINKTYPE_ETHERNET, LINKTYPE_LINUX_SLL, LINKTYPE_LINUX_SLL2, LINKTYPE_LOOP, LINKTYPE_NULL, LINKTYPE_RAW, linkTypeName,
} from '../pcap/linktype.js';
import {
  DLT_PPP, DLT_DESCRIPTION, ETHERTYPE_IP, ETHERTYPE_IPV6, ETHERTYPE_8021Q, ETHERTYPE_8021AD, ETHERTYPE_8021QINQ, ETHERTYPE_MPLS, ETHERTYPE_PPPOES,
  ETHERTYPE_ATALK, ETHERTYPE_AARP, ETHERTYPE_IPX, LLCSAP_ISONS, LLCSAP_IP, LLCSAP_NETBEUI, LLCSAP_IPX, LLCSAP_SNAP, LINUX_SLL_P_802_3,
  LINUX_SLL_P_802_2, PPPTYPE, LLC_S, LLC_U, ETHERMTU, BSD_AFNUM_INET, BSD_AFNUM_INET6_BSD, BSD_AFNUM_INET6_FREEBSD, BSD_AFNUM_INET6_DARWIN, SIZE,
  err, VAR_UNIT, VAR_LINKHDR, varBase, swap32, type CodegenOptions,
} from './codegen_tables.js';

export class LinkGen {
  /** offset of the link-layer header (variable after `geneve`) */
  protected offLinkhdr = 0;
  /** offset of the link-layer type field (-1: none) */
  protected offLinktype: number;
  /** offset of the link-layer payload */
  protected offLinkpl: number;
  /** extra offset from the payload to the network header (MPLS labels) */
  protected offNl = 0;
  protected mplsDepth = 0;
  protected vlanDepth = 0;
  /**
   * alloc_reg's state (gencode.c): the scratch words holding a live value, and where the next
   * search starts — round robin, not the lowest free word, so that the words (and the refusal
   * "too many registers") are libpcap's
   */
  protected regused: boolean[] = new Array<boolean>(c.BPF_MEMWORDS).fill(false);
  protected curreg = 0;
  /** the scratch word holding the variable part of each VAR_* base (geneve) */
  protected varReg = [-1, -1, -1, -1];
  /** a `geneve` or `protochain` was compiled: libpcap turns its optimiser off (no_optimize) */
  noOptimize = false;
  /** a divisor or shift count that only folds to a bad constant: the optimiser's refusal, raised after generation */
  folded: BpfError | undefined;
  /** off_nl_nosnap: where an 802.2 frame's payload starts, past the LLC header (3 on Ethernet) */
  protected offNlNosnap = 0;
  /** the link type the generator is in: DLT_PPP (9) after `pppoes`, as libpcap switches */
  protected curLt: number;
  readonly lt: number;

  constructor(protected readonly o: CodegenOptions) {
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

  protected get isEther(): boolean {
    return this.curLt === LINKTYPE_ETHERNET;
  }
  /** pcap_datalink_val_to_description_or_dlt, as libpcap's messages name the link type */
  protected get ltDesc(): string {
    return DLT_DESCRIPTION[this.curLt] ?? `DLT ${this.curLt}`;
  }
  protected get isRaw(): boolean {
    return this.offLinktype === -1;
  }
  /** network-layer offset */
  protected get nl(): number {
    return this.offLinkpl + this.offNl;
  }

  /**
   * a load at an offset, which after `geneve` may be relative to a variable base (VAR_*):
   * `ldx M[r]; ld [x + k]` as libpcap's gen_load_absoffsetrel
   */
  /**
   * a load at `off` (a constant, or a VAR_* base plus a constant) plus `k`: the constant part and
   * k add in 32 bits, as gen_load's `k + off_*.constant_part` (`ip[-14]` is `ldb [0]`), and k
   * never leaks into the base encoding
   */
  protected ld(size: number, off: number, k = 0): Stmt[] {
    const base = varBase(off);
    const at = (off - base * VAR_UNIT + k) >>> 0;
    if (base === 0) return [s(c.BPF_LD | SIZE[size]! | c.BPF_ABS, at)];
    return [s(c.BPF_LDX | c.BPF_MEM, this.varReg[base]!), s(c.BPF_LD | SIZE[size]! | c.BPF_IND, at)];
  }

  /** gen_mcmp: load, mask, compare */
  cmp(off: number, size: number, v: number, jop: number = c.BPF_JEQ, mask?: number): Cond {
    const st = this.ld(size, off);
    if (mask !== undefined && mask >>> 0 !== 0xffffffff) st.push(s(c.BPF_ALU | c.BPF_AND | c.BPF_K, mask));
    return test(st, jop, v);
  }

  /** gen_bcmp: compare bytes, from the last 4-byte word backwards (as libpcap) */
  protected bcmp(off: number, bytes: number[]): Cond {
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

  protected loopbackLinktype(af: number): Cond {
    let v = af;
    if (this.lt === LINKTYPE_NULL) {
      // the AF_ value is in the capturing host's order; libpcap byte-swaps for a swapped file, then htonl
      if (this.o.nullSwapped) v = swap32(v);
      v = swap32(v);
    }
    return this.cmp(0, 4, v >>> 0);
  }

  /** gen_snap: an 802.2 SNAP header with this OUI and protocol at the LLC offset */
  protected snap(oui: number, ptype: number): Cond {
    return this.bcmp(this.offLinkpl, [LLCSAP_SNAP, LLCSAP_SNAP, 0x03, (oui >> 16) & 0xff, (oui >> 8) & 0xff, oui & 0xff, (ptype >> 8) & 0xff, ptype & 0xff]);
  }

  /** an 802.3 frame: the type/length field is a length (<= 1500) */
  protected ether8023(): Cond {
    return not(this.cmp(this.offLinktype, 2, ETHERMTU, c.BPF_JGT));
  }

  /** gen_ether_linktype */
  protected etherLinktype(proto: number): Cond {
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
  protected sllLinktype(proto: number): Cond {
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
  protected mplsLinktype(proto: number): Cond {
    const bos = this.cmp(this.nl - 2, 1, 0x01, c.BPF_JEQ, 0x01);
    if (proto === ETHERTYPE_IP) return and(bos, this.cmp(this.nl, 1, 0x40, c.BPF_JEQ, 0xf0));
    if (proto === ETHERTYPE_IPV6) return and(bos, this.cmp(this.nl, 1, 0x60, c.BPF_JEQ, 0xf0));
    throw err('unsupported protocol over mpls');
  }

  protected needEther(col?: number): void {
    if (!this.isEther) throw err('ethernet addresses supported only on ethernet/FDDI/token ring/802.11/ATM LANE/Fibre Channel', col);
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
    // PUSH_LINKHDR: the link header is now the PPP header, 6 bytes past the PPPoE header's
    // start (`ether[0]`/`link[0]` load there after it), its protocol field the link type
    this.offLinkhdr = this.offLinkpl + this.offNl + 6;
    this.offLinktype = this.offLinkhdr;
    this.offLinkpl = this.offLinkhdr + 2;
    this.offNl = 0;
    this.offNlNosnap = 0;
    return b;
  }

  /**
   * gen_prevlinkhdr_check: after `geneve`, a MAC-address test applies only when the Geneve
   * payload is an Ethernet frame — the link header and the payload do not start at the same
   * place (gen_geneve_ll_check)
   */
  protected prevLinkhdrCheck(b: Cond): Cond {
    if (this.offLinkhdr !== VAR_LINKHDR) return b;
    return and(not(test([s(c.BPF_LD | c.BPF_MEM, this.varReg[1]!), s(c.BPF_LDX | c.BPF_MEM, this.varReg[3]!)], c.BPF_JEQ, 0, c.BPF_X)), b);
  }

  /** a block that runs its statements and goes on whatever they computed (both ways true) */
  protected always(st: Stmt[]): Cond {
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

  /** gencode.c alloc_reg: the first free word from curreg on, which stays the cursor */
  protected reg(col: number): number {
    for (let n = c.BPF_MEMWORDS; --n >= 0;) {
      if (!this.regused[this.curreg]) {
        this.regused[this.curreg] = true;
        return this.curreg;
      }
      this.curreg = (this.curreg + 1) % c.BPF_MEMWORDS;
    }
    throw err('too many registers needed to evaluate expression', col);
  }

  /** gencode.c free_reg */
  protected freeReg(n: number): void {
    this.regused[n] = false;
  }
}
