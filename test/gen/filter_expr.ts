/**
 * Random pcap-filter(7) expressions for the differential comparison with tcpdump: a generator
 * that walks the grammar of pcap-filter(7) (libpcap's grammar.y: primitives with their
 * protocol / direction / address qualifiers, relations over packet loads, and/or/not,
 * parentheses, qualifier inheritance) choosing every keyword the manual lists, plus a mutator
 * that perturbs generated text token by token (numbers in other bases and out of range,
 * dropped or swapped tokens), so refusals are compared as well as selections.
 */

import { prng as rng } from '../../src/hooks/pcap/synth.js';

export { rng };

type R = () => number;
const pick = <T>(r: R, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const chance = (r: R, p: number): boolean => r() < p;

const IP4 = ['10.0.0.1', '10.0.0.2', '192.168.1.1', '8.8.8.8', '127.0.0.1', '224.0.0.1', '255.255.255.255', '172.16.5.4', '10.0.1.7', '1.1.1.1'];
const IP6 = ['2001:db8::1', '2001:db8::2', '::1', 'fe80::1', 'ff02::1', '2001:db8:1::5', '::ffff:10.0.0.1', 'fe80::200:ff:fe00:1'];
const NETS4 = ['10', '10.0', '192.168', '10.0.0', '10.0.0.0/8', '192.168.1.0/24', '172.16.0.0/12', '0.0.0.0/0', '10.0.0.0 mask 255.0.0.0', '192.168.0.0 mask 255.255', '224.0.0.0/4', '127'];
const NETS6 = ['2001:db8::/32', 'fe80::/10', 'ff00::/8', '::/0', '2001:db8:1::/48', '::1/128'];
const MACS = ['00:11:22:33:44:55', 'ff:ff:ff:ff:ff:ff', '52:54:00:12:34:56', '0:1:2:3:4:5', '00-11-22-33-44-55', '0011.2233.4455', '001122334455', '01:00:5e:00:00:01', '33:33:00:00:00:01'];
const PORTS = ['80', '53', '443', '22', '0', '1234', '65535', '5000', 'domain', 'http', 'ssh', 'ntp', 'https', 'bootps', '67', '123', '2152', '6081', '4789', 'imap2', 'bootpc', 'echo', 'fsp', 'ftp', 'constructor'];
const PRANGES = ['1-1024', '1000-2000', '50-60', '0-65535', '53-53', '80-79', '20-25', 'ftp-data-ssh', 'ssh-bootps', 'bootps-bootpc', 'echo-ssh'];
const IPPROTOS = ['1', '6', '17', '58', '47', '50', '51', '132', '112', '2', '\\tcp', '\\udp', '\\icmp', 'tcp', 'udp', 'icmp', 'igmp', 'pim', 'vrrp', 'sctp', 'esp', 'ah', '255', '0', '\\ospf', '\\gre', 'ipencap', '\\ipv6-frag', '\\igrp', 'IP'];
const ETHPROTOS = ['0x0800', '0x86dd', '0x0806', '0x8035', '0x8100', '0x8847', '0x8863', '0x8864', '38', '0x88cc', '\\ip', '\\ip6', '\\arp', '\\rarp', 'ip', 'arp', 'atalk', 'aarp', 'decnet', 'sca', 'lat', 'mopdl', 'moprc', 'iso', 'stp', 'ipx', 'netbeui', '1500', '0xffff'];
const SIMPLE = [
  'ip', 'ip6', 'arp', 'rarp', 'tcp', 'udp', 'icmp', 'icmp6', 'igmp', 'igrp', 'pim', 'ah', 'esp', 'vrrp', 'sctp', 'carp',
  'atalk', 'aarp', 'decnet', 'iso', 'stp', 'ipx', 'netbeui', 'lat', 'moprc', 'mopdl', 'sca', 'esis', 'es-is', 'isis', 'is-is', 'clnp',
  'l1', 'l2', 'iih', 'lsp', 'snp', 'csnp', 'psnp', 'llc', 'llc i', 'llc s', 'llc u', 'llc rr', 'llc rnr', 'llc rej', 'llc ui', 'llc ua',
  'llc disc', 'llc sabme', 'llc test', 'llc xid', 'llc frmr', 'pppoed', 'pppoes', 'broadcast', 'multicast', 'ether broadcast', 'ether multicast',
  'ip broadcast', 'ip multicast', 'ip6 multicast', 'inbound', 'outbound', 'fddi broadcast', 'tr multicast', 'wlan broadcast',
];
const LOADPROTOS = ['ether', 'link', 'ip', 'ip6', 'tcp', 'udp', 'icmp', 'icmp6', 'arp', 'rarp', 'sctp', 'igmp', 'pim', 'vrrp', 'igrp', 'carp', 'ppp', 'slip', 'fddi', 'tr', 'wlan', 'radio', 'decnet', 'atalk', 'aarp', 'iso', 'lat'];
const NUMS = ['0', '1', '2', '4', '6', '8', '9', '12', '13', '14', '16', '20', '0x10', '0xff', '0x1fff', '64', '100', '255', '256', '1000', '1500', '65535', '0xffffffff', '4294967295', '010', '017', '0'];
const NAMEDC = ['tcpflags', 'tcp-syn', 'tcp-ack', 'tcp-fin', 'tcp-rst', 'tcp-push', 'tcp-urg', 'tcp-ece', 'tcp-cwr', 'icmptype', 'icmpcode', 'icmp-echo', 'icmp-echoreply', 'icmp-unreach', 'icmp6type', 'icmp6-echo', 'icmp6-neighborsolicit', 'icmp6-routeradvert'];
const ARITHOPS = ['+', '-', '*', '/', '%', '&', '|', '^', '<<', '>>'];
const RELOPS = ['=', '==', '!=', '<', '<=', '>', '>='];
const DECNET = ['1.1', '63.1023', '10.5', '0.1', '1.2', '2.1000'];
/**
 * the rest of pcap-filter(7): gateway, ifindex, byte, iso/ip6 protochain, the 802.11 direction
 * qualifiers, pflog, 802.11 types, ATM and SS7 primitives (refused on the link types read here,
 * with libpcap's messages), `proto` after iso/isis, and keyword synonyms
 */
const RARE = [
  'gateway foo', 'gateway 10.0.0.1', 'ip gateway foo', 'ifindex 1', 'ifindex 0', 'byte 1 = 2', 'byte 0 & 0xf0', 'byte 9 > 0', 'byte 2 | 1',
  'iso proto \\isis', 'iso proto 0x83', 'isis proto 1', 'ip6 protochain \\tcp', 'ip protochain 6',
  'wlan ra 00:11:22:33:44:55', 'wlan ta ff:ff:ff:ff:ff:ff', 'wlan addr1 0:1:2:3:4:5', 'wlan addr4 00:11:22:33:44:55', 'wlan address2 00:11:22:33:44:55',
  'on eth0', 'ifname lo', 'rnr 1', 'rulenum 2', 'srnr 3', 'reason match', 'rset foo', 'action pass', 'action block',
  'type mgt', 'type data subtype qos-data', 'subtype beacon', 'dir fromds', 'direction 1',
  'vpi 1', 'vci 5', 'lane', 'oam', 'oamf4', 'oamf4ec', 'metac', 'bcc', 'sc', 'ilmic', 'connectmsg', 'metaconnect',
  'fisu', 'lssu', 'msu', 'hfisu', 'sio 3', 'opc 1', 'dpc 2', 'sls 4', 'hsio 1', 'hdpc 5',
  'ether proto \\ip6 and ip6', 'ip6 broadcast', 'ip6 multicast and not ip', 'tcp[tcpflags] & (tcp-syn|tcp-ack) != 0',
  'icmp[icmptype] = icmp-echo or icmp[icmpcode] != 0', 'icmp6[icmp6type] = icmp6-echo', 'vlan 1 and vlan 2 and ip', 'mpls 1 and mpls 2',
  'pppoes 1 and pppoes 2', 'vlan or vlan 5 and tcp', 'llc xid or llc test', 'ip proto \\esp or ip6 proto \\ah',
  'net 10.0.0.0 mask 255.0.0.0 or net 192.168.0.0/16', 'src net 2001:db8::/32 and dst net fe80::/10', 'arp net 10 or rarp host 10.0.0.1',
  'udp dst port bootps or tcp src port ftp-data', 'sctp portrange 1-100', 'tcp dst portrange ssh-bootps',
];

export class ExprGen {
  private depth = 0;
  constructor(private readonly r: R, private readonly rare = false) {}

  expr(): string {
    this.depth++;
    const r = this.r;
    let s: string;
    if (this.depth > 3 || chance(r, 0.45)) s = this.prim();
    else {
      const k = r();
      if (k < 0.15) s = `not ${this.expr()}`;
      else if (k < 0.3) s = `(${this.expr()})`;
      else if (k < 0.45) s = `${this.prim()} ${pick(r, ['and', 'or'])} ${this.bare()}`; // qualifier inheritance
      else s = `${this.expr()} ${pick(r, ['and', 'or', '&&', '||', 'and not', 'or not'])} ${this.expr()}`;
    }
    this.depth--;
    return s;
  }

  /** an id that inherits the preceding primitive's qualifiers */
  private bare(): string {
    const r = this.r;
    return pick(r, [...IP4, ...PORTS.slice(0, 8), ...NUMS.slice(0, 5), ...IP6.slice(0, 3), `(${pick(r, IP4)} or ${pick(r, IP4)})`, `not ${pick(r, PORTS)}`]);
  }

  private dir(): string {
    return pick(this.r, ['', '', '', 'src ', 'dst ', 'src or dst ', 'src and dst ']);
  }

  prim(): string {
    const r = this.r;
    // the rare keywords only when asked: the seeds measured before them keep their expressions
    if (this.rare && chance(r, 0.1)) return pick(r, RARE);
    const k = Math.floor(r() * 22);
    switch (k) {
      case 0: case 1: return pick(r, SIMPLE);
      case 2: return `${pick(r, ['', '', 'ip ', 'arp ', 'rarp '])}${this.dir()}host ${pick(r, IP4)}`;
      case 3: return `${pick(r, ['', 'ip6 '])}${this.dir()}host ${pick(r, IP6)}`;
      case 4: return `${pick(r, ['', 'ip ', 'arp '])}${this.dir()}net ${pick(r, NETS4)}`;
      case 5: return `${this.dir()}net ${pick(r, NETS6)}`;
      case 6: return `${pick(r, ['', '', 'tcp ', 'udp ', 'sctp '])}${this.dir()}port ${pick(r, PORTS)}`;
      case 7: return `${pick(r, ['', 'tcp ', 'udp '])}${this.dir()}portrange ${pick(r, PRANGES)}`;
      case 8: return `${pick(r, ['ether ', 'fddi ', 'tr ', 'wlan '])}${pick(r, ['', 'src ', 'dst ', 'host ', 'src host ', 'dst host '])}${pick(r, MACS)}`;
      case 9: return `${pick(r, ['', 'ip ', 'ip6 '])}${pick(r, ['proto', 'protochain'])} ${pick(r, IPPROTOS)}`;
      case 10: return `${pick(r, ['ether', 'link'])} proto ${pick(r, ETHPROTOS)}`;
      case 11: return `${pick(r, ['vlan', 'mpls', 'pppoes', 'geneve'])}${chance(r, 0.5) ? ' ' + pick(r, ['0', '1', '10', '20', '100', '4095', '17', '5', '1000']) : ''}`;
      case 12: return `${pick(r, ['less', 'greater'])} ${pick(r, ['0', '60', '64', '100', '200', '1500', '54'])}`;
      case 13: return `${pick(r, ['len', 'length'])} ${pick(r, RELOPS)} ${pick(r, ['60', '100', '64', '1000', '0'])}`;
      case 14: case 15: case 16: case 17: return `${this.arith(0)} ${pick(r, RELOPS)} ${this.arith(0)}`;
      case 18: return `decnet ${pick(r, ['', 'src ', 'dst ', 'host '])}${pick(r, DECNET)}`;
      case 19: return `${pick(r, ['vlan', 'mpls', 'pppoes', 'geneve'])} and ${this.prim()}`;
      case 20: return `${pick(r, ['ip', 'ip6', 'tcp', 'udp'])} and ${pick(r, ['vlan', 'mpls'])} and ${pick(r, ['ip', 'tcp', 'udp port 53', 'host 10.0.0.1'])}`;
      default: return `${pick(r, ['ip', 'ip6', 'ether', 'atalk', 'decnet', 'iso'])} ${pick(r, ['src', 'dst', 'host'])} ${pick(r, [...IP4.slice(0, 3), ...MACS.slice(0, 2), 'foo'])}`;
    }
  }

  arith(d: number): string {
    const r = this.r;
    const k = r();
    if (d > 2 || k < 0.35) {
      const t = r();
      if (t < 0.4) return pick(r, [...NUMS, ...NAMEDC]);
      if (t < 0.5) return pick(r, ['len', 'len']);
      const p = pick(r, LOADPROTOS);
      const idx = chance(r, 0.7) ? pick(r, [...NUMS.slice(0, 14), ...NAMEDC.slice(0, 4)]) : this.arith(d + 1);
      return `${p}[${idx}${chance(r, 0.4) ? ':' + pick(r, ['1', '2', '4', '4', '2', '3']) : ''}]`;
    }
    if (k < 0.45) return `(${this.arith(d + 1)})`;
    if (k < 0.5) return `-${this.arith(d + 1)}`;
    return `${this.arith(d + 1)} ${pick(r, ARITHOPS)} ${this.arith(d + 1)}`;
  }
}

/** token-level mutations: other spellings of numbers, out-of-range values, dropped and repeated tokens */
export function mutate(r: R, e: string): string {
  const toks: string[] = e.match(/\s+|[A-Za-z0-9_.:\\-]+|<<|>>|<=|>=|==|!=|&&|\|\||./g) ?? [];
  const i = Math.floor(r() * toks.length);
  const t = toks[i] ?? '';
  const k = Math.floor(r() * 8);
  if (/^\d+$/.test(t) || /^0x/i.test(t)) {
    toks[i] = pick(r, ['08', '09', '0x', '0xg', '4294967296', '99999999999', '0777', '00', '1e3', `0${t}`, '0x100000000', '-1', '256', '65536', '1.2.3.4.5']);
  } else if (k === 0) toks.splice(i, 1);
  else if (k === 1) toks.splice(i, 0, t, ' ');
  else if (k === 2) toks[i] = pick(r, ['and', 'or', 'not', '(', ')', '[', ']', ':', 'host', 'net', 'port', 'src', 'dst', 'proto', '\\', '$', 'mask', '/', '33']);
  else if (k === 3 && /^[a-z]/.test(t)) toks[i] = t.toUpperCase();
  else if (k === 4) toks[i] = pick(r, SIMPLE);
  else if (k === 5) toks.push(' ', pick(r, ['and', 'or']), ' ', pick(r, SIMPLE));
  else if (k === 6) toks[i] = pick(r, ['255.255.255.0', '10.0.0.0/33', '2001:db8::/129', '1.2.3', 'a:b:c:d:e:f', 'ff:ff:ff:ff:ff', '::', ':::', '1::2::3']);
  else toks.splice(i, 0, ' ', pick(r, ['not', '!', '-']), ' ');
  return toks.join('');
}

/**
 * n expressions from a seed: about a quarter mutated; `rare` adds the keywords of pcap-filter(7)
 * the first generator did not produce (RARE), as one primitive in ten
 */
export function sampleExpressions(seed: number, n: number, opts: { rare?: boolean } = {}): string[] {
  const r = rng(seed);
  const g = new ExprGen(r, opts.rare ?? false);
  const out: string[] = [];
  while (out.length < n) {
    let e = g.expr();
    if (chance(r, 0.25)) e = mutate(r, e);
    out.push(e);
  }
  return out;
}

/** every keyword scanner.l knows (lexer.ts KEYWORDS), the named constants and operators: the soup's vocabulary */
const SOUP_WORDS = [
  'dst', 'src', 'host', 'gateway', 'net', 'mask', 'port', 'portrange', 'proto', 'protochain', 'link', 'ether', 'ppp', 'slip', 'fddi', 'tr', 'wlan',
  'arp', 'rarp', 'ip', 'sctp', 'tcp', 'udp', 'icmp', 'igmp', 'igrp', 'pim', 'vrrp', 'carp', 'radio', 'ip6', 'icmp6', 'ah', 'esp', 'atalk', 'aarp',
  'decnet', 'lat', 'sca', 'moprc', 'mopdl', 'iso', 'esis', 'es-is', 'isis', 'is-is', 'clnp', 'stp', 'ipx', 'netbeui', 'l1', 'l2', 'iih', 'lsp',
  'snp', 'csnp', 'psnp', 'llc', 'broadcast', 'multicast', 'less', 'greater', 'len', 'length', 'byte', 'inbound', 'outbound', 'ifindex', 'vlan',
  'mpls', 'pppoed', 'pppoes', 'geneve', 'and', 'or', 'not', 'on', 'ifname', 'rnr', 'rulenum', 'srnr', 'subrulenum', 'reason', 'rset', 'ruleset',
  'action', 'type', 'subtype', 'dir', 'direction', 'address1', 'addr1', 'addr2', 'addr3', 'addr4', 'ra', 'ta', 'vpi', 'vci', 'lane', 'oam',
  'oamf4', 'oamf4ec', 'oamf4sc', 'metac', 'bcc', 'sc', 'ilmic', 'connectmsg', 'metaconnect', 'fisu', 'lssu', 'msu', 'hfisu', 'hlssu', 'hmsu',
  'sio', 'opc', 'dpc', 'sls', 'hsio', 'hopc', 'hdpc', 'hsls',
];
/** operands of every lexical class: numbers of each base and out of range, addresses (IPv4, IPv6, MAC, ARCnet), names, 802.11/pf names */
const SOUP_OPERANDS = [
  '0', '1', '5', '17', '53', '80', '255', '256', '1500', '4095', '4096', '65535', '65536', '0x800', '0x86dd', '010', '08', '0x', '4294967295', '4294967296',
  '10.0.0.1', '10.0.0', '10', '1.2.3.4.5', '300.1.1.1', '2001:db8::1', '::', '1::2::3', 'fe80::/10', '00:11:22:33:44:55', 'ff:ff:ff:ff:ff', '0011.2233.4455',
  '$1', '$ab', '$', 'foo', 'eth0', 'http', 'domain', 'bootps', 'mgt', 'data', 'beacon', 'qos-data', 'fromds', 'tods', 'pass', 'block', 'match', '\\tcp', '\\ip',
  'tcpflags', 'tcp-syn', 'icmp-echo', 'icmptype', 'icmp6-echo', 'a.b', '1e3', '63.1023', '1.2',
];
const SOUP_OPS = ['(', ')', '[', ']', ':', '+', '-', '*', '/', '%', '&', '|', '^', '<<', '>>', '=', '==', '!=', '<', '<=', '>', '>=', '!', '&&', '||'];

/** a typo in one word: a character dropped, doubled, swapped with the next, or the case changed */
function typo(r: R, w: string): string {
  if (w.length < 2) return w + w;
  const i = Math.floor(r() * (w.length - 1));
  switch (Math.floor(r() * 4)) {
    case 0: return w.slice(0, i) + w.slice(i + 1);
    case 1: return w.slice(0, i) + w[i] + w.slice(i);
    case 2: return w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2);
    default: return w.toUpperCase();
  }
}

/**
 * Keyword soup for the refusal comparison: half the expressions are 1–6 tokens drawn from every
 * keyword, operand class and operator of the language (mostly nonsense, so mostly refusals, and
 * the message is what is compared); the other half are generated expressions (with the rare
 * keywords) given one to three harsher mutations: typos in a word, an operand dropped from the
 * end, a keyword or operand swapped for any other. Independent of sampleExpressions' seeds.
 */
export function soupExpressions(seed: number, n: number): string[] {
  const r = rng(seed);
  const g = new ExprGen(r, true);
  const tok = (): string => {
    const k = r();
    return k < 0.45 ? pick(r, SOUP_WORDS) : k < 0.8 ? pick(r, SOUP_OPERANDS) : pick(r, SOUP_OPS);
  };
  const out: string[] = [];
  while (out.length < n) {
    if (chance(r, 0.5)) {
      const len = 1 + Math.floor(r() * 6);
      out.push(Array.from({ length: len }, tok).join(' '));
      continue;
    }
    const toks: string[] = g.expr().match(/\s+|[A-Za-z0-9_.:\\$-]+|<<|>>|<=|>=|==|!=|&&|\|\||./g) ?? [];
    for (let m = 1 + Math.floor(r() * 3); m > 0; m--) {
      const words = toks.map((t, i) => (/\S/.test(t) ? i : -1)).filter((i) => i >= 0);
      if (words.length === 0) break;
      const i = pick(r, words);
      const k = r();
      if (k < 0.3 && /^[a-z]/.test(toks[i]!)) toks[i] = typo(r, toks[i]!);
      else if (k < 0.45) toks.splice(words[words.length - 1]!, 1);
      else toks[i] = tok();
    }
    out.push(toks.join('').trim() || tok());
  }
  return out;
}

/**
 * Expressions at the edge of "expression rejects all packets" (libpcap's optimizer reducing the
 * root to `ret #0`): sticky offsets (vlan, mpls, pppoes, geneve, also stacked) `and`/`or`-ed with
 * link-layer loads and protocol tests that contradict what they imply; two tests of the same
 * value with contradicting constants, as gen_cmp tests and as relations (whose value libpcap's
 * jump threading numbers differently); `not` of tautologies; disjoint protocols.
 */
const STICKY = ['vlan', 'vlan 1', 'vlan 0', 'mpls', 'mpls 5', 'pppoes', 'pppoes 3', 'geneve', 'vlan and vlan', 'mpls and mpls', 'vlan and mpls', 'pppoed', 'geneve 7'];
const LINKLOADS = [
  'ether[12:2] = 0x0800', 'ether[12:2] = 0x8100', 'ether[12] = 0x81', 'ether[13] = 0', 'link[12:2] = 0x8847', 'ether[12:2] = 0x8864', 'ip', 'arp', 'ip6', 'tcp', 'udp',
  'ether proto 0x800', 'ether proto 0x8100', 'ether[12:2] != 0x8100', 'ether[12:2] > 0x8000', 'ether[12:2] & 0xff00 = 0x8100', 'ether[14:2] & 0xfff = 1', 'ether[12:2] = 0x88a8',
  'ether[12:4] = 0x81000001', 'ip[0] = 0x45', 'ip[9] = 6', 'ip[9] = 17', 'udp port 6081', 'ether broadcast', 'ether[0] & 1 != 0', 'len > 100', 'ether[16:2] = 0x0800',
  'ether[12:2] = 0x8847', 'ether[12:2] = 0x86dd',
];
const VALUES = ['ip[0]', 'ip[9]', 'ether[12:2]', 'tcp[13]', 'udp[0:2]', 'len', 'ip[2:2]', 'ether[0]', 'ip6[6]', 'arp[7]'];
const EDGENUMS = ['0', '1', '2', '6', '17', '255', '0x800', '0x8100', '65535', '4294967295', '0xff'];
const CMPS = ['=', '!=', '>', '<', '>=', '<='];
const DISJOINT = [
  'tcp and udp', 'ip and arp', 'ip and ip6', 'ip and not ip', 'arp and tcp', 'icmp and tcp', 'ip6 and icmp', 'tcp and port 53 and udp', 'ether proto 0x800 and ether proto 0x806',
  'ip proto 6 and ip proto 17', 'ip6 and ip[0] = 0x45', 'vlan and ip and arp', 'ether src 1:2:3:4:5:6 and ether src 1:2:3:4:5:7', 'host 1.2.3.4 and not host 1.2.3.4',
  'port 1 and not port 1', 'tcp and not tcp', 'ip and ether[12:2] = 0x86dd', 'arp and ether[12:2] = 0x800', 'ip and ether[12:2] != 0x800', 'ip6 and ether[12:2] = 0x800',
];

export function rejectsExpressions(seed: number, n: number): string[] {
  const r = rng(seed);
  const p = <T>(xs: readonly T[]): T => pick(r, xs);
  const contra = (): string => {
    const x = p(VALUES);
    const a = p(EDGENUMS);
    const b = p(EDGENUMS);
    return p([
      `${x} = ${a} and ${x} = ${b}`, `${x} ${p(CMPS)} ${a} and ${x} ${p(CMPS)} ${b}`, `${x} = ${a} and not ${x} = ${a}`, `${x} & ${a} = ${b}`,
      `${x} & ${p(EDGENUMS)} != 0 and ${x} & ${p(EDGENUMS)} = 0`, `not (${x} = ${a} or ${x} != ${a})`, `${x} = ${a} and ${x} > ${b}`,
      `(${x} = ${a} or ${x} = ${b}) and ${x} = ${p(EDGENUMS)}`, `${x} > ${a} and ${x} < ${b}`, `${x} - ${a} = ${b}`, `${x} + 0 = ${a} and ${x} = ${b}`,
      `${x} * 0 = ${a}`, `${x} / 1 = ${a} and ${x} = ${b}`, `${x} = ${x} + 1`, `${x} != ${x}`, `${x} = ${x}`, `not ${x} = ${x}`, `${x} | 0xffffffff = ${a}`, `${x} & 0 = ${a}`,
    ]);
  };
  const taut = (): string => {
    const x = p(VALUES);
    return p([
      'not (len >= 0)', 'not 1 = 1', `not (${x} >= 0)`, `not (${x} & 0 = 0)`, 'not (ip or not ip)', 'not (tcp or not tcp) and ip', `not (${x} = ${x})`,
      `not (${x} | 0xffffffff != 0)`, `not (${x} <= 4294967295)`, 'not (0 = 0)', `not (2 > 1) or ${contra()}`,
    ]);
  };
  const term = (d: number): string => {
    const t = r();
    if (d > 2 || t < 0.3) return p(LINKLOADS);
    if (t < 0.5) return `${p(STICKY)} and ${term(d + 1)}`;
    if (t < 0.62) return contra();
    if (t < 0.72) return taut();
    if (t < 0.82) return p(DISJOINT);
    if (t < 0.9) return `not ${p(LINKLOADS)}`;
    return `(${term(d + 1)} ${p(['and', 'or'])} ${term(d + 1)})`;
  };
  const expr = (): string => {
    const t = r();
    if (t < 0.35) return `${p(STICKY)} ${p(['and', 'or', 'and not'])} ${term(1)}`;
    if (t < 0.5) return `${term(1)} and ${p(STICKY)} and ${term(1)}`;
    if (t < 0.6) return `(${p(STICKY)} or ${term(1)}) and ${term(1)}`;
    return `${term(0)} ${p(['and', 'or'])} ${term(0)}`;
  };
  const out = new Set<string>();
  for (let tries = 0; out.size < n && tries < n * 20; tries++) out.add(expr());
  return [...out];
}

/**
 * The selection hunt on captures nobody here wrote (docs/filter.md): filters people write —
 * pcap-filter(7)'s EXAMPLES (names replaced by addresses), the filter strings in Scapy's sources,
 * common tcpdump practice, and the encapsulations of scripts/record-filter-captures.mjs (vlan,
 * mpls, pppoes, geneve, VXLAN, LLC) — then n more: addresses swapped, token mutations, sticky
 * prefixes, conjunctions, numbers at edges.
 */
const HUNT_A4 = ['10.80.0.1', '10.80.0.2', '10.81.0.2', '10.0.0.1'], HUNT_A6 = ['fd80::1', 'fd80::2', 'fd81::1'], HUNT_MAC = ['02:00:00:7a:00:01', '02:00:00:7b:00:02', 'ff:ff:ff:ff:ff:ff'];
const HUNT_BASE = [
  // pcap-filter(7) EXAMPLES (names → addresses), and the manual's primitives
  'host 10.80.0.1', 'host 10.80.0.1 and (10.80.0.2 or 10.81.0.2)', 'ip host 10.80.0.1 and not 10.80.0.2', 'net 10.80.0.0/24', 'ip and not net 10.80.0.0/24',
  'tcp[tcpflags] & (tcp-syn|tcp-fin) != 0 and not src and dst net 10.80.0.0/24', 'tcp[tcpflags] & (tcp-rst|tcp-ack) == (tcp-rst|tcp-ack)',
  'tcp port 80 and (((ip[2:2] - ((ip[0]&0xf)<<2)) - ((tcp[12]&0xf0)>>2)) != 0)', 'ip[2:2] > 576', 'ether[0] & 1 = 0 and ip[16] >= 224',
  'icmp[icmptype] != icmp-echo and icmp[icmptype] != icmp-echoreply', 'icmp6[icmp6type] != icmp6-echo and icmp6[icmp6type] != icmp6-echoreply',
  // scapy's own filters (scapy/sendrecv.py, layers/*, contrib/*)
  '(icmp and (icmp[0]=3 or icmp[0]=4 or icmp[0]=5 or icmp[0]=11 or icmp[0]=12)) or (tcp and (tcp[13] & 0x16 > 0x10))', 'arp and arp[7] = 2', 'ether proto 0x88d9',
  'icmp6 or tcp', 'udp and port 546 and port 547', 'udp and port 68 and port 67', 'udp port 137', 'udp port 5355', 'greater 0', 'icmp6 and not ether src 02:00:00:7a:00:01',
  'host 10.80.0.1 and host 10.80.0.2 and port 80 and port 3333', '(ether proto 2048) and (tcp)', 'not (udp port 53)', '(tcp) and not (port 22)',
  // common filters from tcpdump practice
  'tcp[13] = 2', 'tcp[13] & 2 != 0', 'tcp[tcpflags] == tcp-syn', 'tcp[tcpflags] & tcp-syn != 0 and tcp[tcpflags] & tcp-ack = 0', 'icmp[0] == 8', 'icmp[icmptype] == icmp-unreach',
  'ip6 and tcp', 'ip6 and udp dst port 53', 'ip[6:2] & 0x1fff != 0', 'ip[6] & 0x20 != 0', 'ip[8] < 5', 'ip[1] & 0xfc != 0', 'ip[0] & 0xf > 5', 'ip6[6] = 44', 'ip6[6] == 0',
  'ip6[40] = 128', 'ip6 proto 58', 'ip6 protochain 6', 'ip protochain 17', 'udp[8:2] = 0x1234', 'udp[4:2] > 100', 'tcp[2:2] = 80 or tcp[0:2] = 80', 'len > 1000', 'less 64', 'greater 1500',
  'ether broadcast', 'ether multicast and not broadcast', 'ip multicast', 'ip6 multicast', 'ip broadcast', 'arp or rarp', 'not arp and not ip and not ip6',
  'vlan', 'vlan 5', 'vlan 0', 'vlan 4095', 'vlan and vlan', 'vlan and ip', 'vlan 5 and tcp port 80', 'vlan and vlan and ip6', 'not vlan', 'vlan or ip', 'ether[12:2] = 0x88a8', 'ether[12:2] = 0x9100',
  'mpls', 'mpls 5', 'mpls 17', 'mpls and mpls 17 and ip', 'mpls and ip6', 'mpls 1048575', 'not mpls', 'mpls or arp',
  'pppoed', 'pppoes', 'pppoes 3', 'pppoes 0x3b', 'pppoes and ip', 'pppoes and ip6 and tcp', 'pppoes 0xffff', 'pppoes and ether[0:4] = 0xc0210904', 'not pppoes',
  'geneve', 'geneve 5', 'geneve 0xb', 'geneve && tcp', 'geneve and ip and icmp', 'geneve and ether broadcast', 'geneve and arp', 'geneve and ip6', 'udp port 6081',
  'udp port 4789', 'udp port 4789 and udp[8] & 0x08 != 0', 'udp dst port 4789 and udp[15] = 5',
  'llc', 'llc u', 'llc i', 'llc s', 'stp', 'ipx', 'netbeui', 'iso', 'atalk', 'aarp', 'snp', 'ether[14] = 0xaa', 'ether proto \\ipx',
  'icmp6 and ip6[40] = 135', 'icmp6[icmp6type] = icmp6-neighborsolicit', 'icmp6[icmp6type] = icmp6-routersolicit', 'ip6 and ip6[6] = 0 and ip6[40] = 58',
  'tcp src portrange 1024-65535', 'udp portrange 50-60', 'portrange 0-1023', 'port 0', 'port 65535', 'dst port 6081 or src port 4789', 'tcp dst port 81',
  'ether src 02:00:00:7a:00:01', 'ether dst ff:ff:ff:ff:ff:ff', 'ether host 02:00:00:7b:00:02', 'ether src 02:00:00:7a:00:01 and not ip',
  'src net 10.80.0.0/16 and dst net 10.81.0.0/24', 'net fd80::/64', 'src fd80::1', 'dst host fd81::2', 'host 10.80.0.2 or host fd80::2', 'net 10.80 or net 10.81',
  'ip[9] = 17 and udp[2:2] = 53', 'ip[0] >> 4 = 4', 'ip[0] & 0xf0 = 0x40', '(ip[2:2] - ((ip[0] & 0xf) << 2)) > 20', 'tcp[((tcp[12:1] & 0xf0) >> 2):4] = 0x47455420',
  'tcp[(tcp[12]>>2):4] = 0x48545450', 'udp[8:4] & 0xffff0000 = 0x12340000', 'ip[ip[0] & 0xf] = 0', 'len - 14 > ip[2:2]', 'ip[2:2] + 14 != len', 'ether[len - 1] = 0',
  'tcp[0:2] % 2 = 0', 'tcp[4:4] / 1000 > 5', 'udp[0:2] ^ udp[2:2] = 0', '-ip[0] < 0', 'ip[6:2] & 0x3fff = 0', 'icmp[icmpcode] = 3',
];

export function huntExpressions(seed: number, n: number): string[] {
  const r = rng(seed);
  const p = <T>(xs: readonly T[]): T => pick(r, xs);
  const exprs = new Set(HUNT_BASE);
  const sub = (e: string): string => e.replace(/10\.80\.0\.1/g, () => p(HUNT_A4)).replace(/fd80::1/g, () => p(HUNT_A6)).replace(/02:00:00:7a:00:01/g, () => p(HUNT_MAC));
  for (let tries = 0; exprs.size < HUNT_BASE.length + n && tries < n * 20; tries++) {
    const k = r();
    let e = sub(p(HUNT_BASE));
    if (k < 0.45) e = mutate(r, e);
    else if (k < 0.6) e = `${p(['vlan and', 'vlan 5 and', 'mpls and', 'pppoes and', 'geneve and', 'not', 'mpls 17 and', 'vlan and vlan and', 'pppoes 3 and'])} ${e}`;
    else if (k < 0.8) e = `${e} ${p(['and', 'or', 'and not', 'or not'])} ${sub(p(HUNT_BASE))}`;
    else e = `(${e}) ${p(['and', 'or'])} (${mutate(r, sub(p(HUNT_BASE)))})`;
    e = e.replace(/\b(0x[0-9a-f]+|\d+)\b/g, (m) => (r() < 0.05 ? p(['0', '255', '65535', '4294967295', '0377', '0xffff', '0177777', '00', '256', '65536']) : m));
    exprs.add(e);
  }
  return [...exprs];
}
