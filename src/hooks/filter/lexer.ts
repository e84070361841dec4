/**
 * Tokens of the pcap-filter(7) language, as libpcap's scanner.l produces them: keywords,
 * numbers (decimal, 0x hex, 0 octal), dotted IPv4 prefixes (HID), IPv6 addresses (HID6),
 * MAC addresses (EID), names (ID, with `\` escaping a keyword), the named constants
 * (tcpflags, tcp-syn, icmptype, icmp-echo, ...) which scan as numbers, and operators.
 * Every token carries its 1-based column for error messages.
 */
import { BpfError } from '../../isa/errors.js';

/** AID: an ARCnet address, `$` and one or two hex digits (scanner.l's `"$"[0-9A-Fa-f]{1,2}`) */
export type TokKind = 'NUM' | 'HID' | 'HID6' | 'EID' | 'AID' | 'ID' | 'KW' | 'OP' | 'EOF' | 'ERR';

export interface Token {
  kind: TokKind;
  /** keyword name, operator text, or the source text */
  text: string;
  /** NUM value */
  num?: number;
  col: number;
  /** ERR: the scanner's error, raised when the parser reads this token */
  err?: BpfError;
}

/**
 * Keywords as scanner.l spells them — case-sensitive: `HOST` is a name, not a keyword. Some are
 * accepted only to be refused with libpcap's message in the code generator (pf, 802.11, ATM, SS7).
 */
export const KEYWORDS = new Set([
  'dst', 'src', 'host', 'gateway', 'net', 'mask', 'port', 'portrange', 'proto', 'protochain',
  'link', 'ether', 'ppp', 'slip', 'fddi', 'tr', 'wlan', 'arp', 'rarp', 'ip', 'sctp', 'tcp', 'udp', 'icmp', 'igmp', 'igrp', 'pim', 'vrrp', 'carp', 'radio',
  'ip6', 'icmp6', 'ah', 'esp', 'atalk', 'aarp', 'decnet', 'lat', 'sca', 'moprc', 'mopdl', 'iso', 'esis', 'es-is', 'isis', 'is-is', 'clnp', 'stp', 'ipx', 'netbeui',
  'l1', 'l2', 'iih', 'lsp', 'snp', 'csnp', 'psnp', 'llc',
  'broadcast', 'multicast', 'less', 'greater', 'len', 'length', 'byte', 'inbound', 'outbound', 'ifindex', 'vlan', 'mpls', 'pppoed', 'pppoes', 'geneve',
  'and', 'or', 'not',
  // pflog
  'on', 'ifname', 'rnr', 'rulenum', 'srnr', 'subrulenum', 'reason', 'rset', 'ruleset', 'action',
  // 802.11
  'type', 'subtype', 'dir', 'direction', 'address1', 'addr1', 'address2', 'addr2', 'address3', 'addr3', 'address4', 'addr4', 'ra', 'ta',
  // ATM, SS7
  'vpi', 'vci', 'lane', 'oam', 'oamf4', 'oamf4ec', 'oamf4sc', 'metac', 'bcc', 'sc', 'ilmic', 'connectmsg', 'metaconnect',
  'fisu', 'lssu', 'msu', 'hfisu', 'hlssu', 'hmsu', 'sio', 'opc', 'dpc', 'sls', 'hsio', 'hopc', 'hdpc', 'hsls',
]);

/** keyword spellings that are aliases in scanner.l */
const ALIAS: Record<string, string> = {
  '&&': 'and', '||': 'or', '!': 'not', 'es-is': 'esis', 'is-is': 'isis',
  // scanner.l returns LINK for all of these
  'ether': 'link', 'fddi': 'link', 'tr': 'link', 'wlan': 'link', 'ppp': 'link', 'slip': 'link', 'length': 'len',
  'rulenum': 'rnr', 'subrulenum': 'srnr', 'ruleset': 'rset', 'direction': 'dir', 'address1': 'addr1', 'address2': 'addr2', 'address3': 'addr3', 'address4': 'addr4',
  'on': 'ifname',
};

/** named constants (scanner.l): they are NUM tokens */
export const NAMED_CONSTANTS: Record<string, number> = {
  icmptype: 0, icmpcode: 1,
  'icmp-echoreply': 0, 'icmp-unreach': 3, 'icmp-sourcequench': 4, 'icmp-redirect': 5, 'icmp-echo': 8, 'icmp-routeradvert': 9,
  'icmp-routersolicit': 10, 'icmp-timxceed': 11, 'icmp-paramprob': 12, 'icmp-tstamp': 13, 'icmp-tstampreply': 14,
  'icmp-ireq': 15, 'icmp-ireqreply': 16, 'icmp-maskreq': 17, 'icmp-maskreply': 18,
  icmp6type: 0, icmp6code: 1,
  'icmp6-destinationunreach': 1, 'icmp6-packettoobig': 2, 'icmp6-timeexceeded': 3, 'icmp6-parameterproblem': 4,
  'icmp6-echo': 128, 'icmp6-echoreply': 129, 'icmp6-multicastlistenerquery': 130, 'icmp6-multicastlistenerreportv1': 131,
  'icmp6-multicastlistenerdone': 132, 'icmp6-routersolicit': 133, 'icmp6-routeradvert': 134, 'icmp6-neighborsolicit': 135,
  'icmp6-neighboradvert': 136, 'icmp6-redirect': 137, 'icmp6-routerrenum': 138, 'icmp6-nodeinformationquery': 139,
  'icmp6-nodeinformationresponse': 140, 'icmp6-ineighbordiscoverysolicit': 141, 'icmp6-ineighbordiscoveryadvert': 142,
  'icmp6-multicastlistenerreportv2': 143, 'icmp6-homeagentdiscoveryrequest': 144, 'icmp6-homeagentdiscoveryreply': 145,
  'icmp6-mobileprefixsolicit': 146, 'icmp6-mobileprefixadvert': 147, 'icmp6-certpathsolicit': 148, 'icmp6-certpathadvert': 149,
  'icmp6-multicastrouteradvert': 151, 'icmp6-multicastroutersolicit': 152, 'icmp6-multicastrouterterm': 153,
  tcpflags: 13, 'tcp-fin': 0x01, 'tcp-syn': 0x02, 'tcp-rst': 0x04, 'tcp-push': 0x08, 'tcp-ack': 0x10, 'tcp-urg': 0x20, 'tcp-ece': 0x40, 'tcp-cwr': 0x80,
};

export function syntaxError(msg: string, col: number): BpfError {
  return new BpfError('EINVAL', msg, { column: col });
}

/** what libpcap says for every grammar error (bison's "syntax error", prefixed by pcap_compile) */
export const PARSE_ERROR = "can't parse filter expression: syntax error";

const OPS = ['<<', '>>', '<=', '>=', '==', '!=', '&&', '||', '(', ')', '[', ']', ':', '+', '-', '*', '/', '%', '&', '|', '^', '<', '>', '=', '!'];

// scanner.l's patterns. flex takes the longest match, and among equal lengths the rule listed
// first: numbers before names, so "08" is a (bad) number and "08x" a name.
const RE_ID = /^[A-Za-z0-9](?:[-_.A-Za-z0-9]*[.A-Za-z0-9])?/;
const RE_ADDR = /^[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*/;
const RE_ESC = /^\\[^ !()\n\t]+/;
const RE_BOGUS_MAC = /^(?:[0-9A-Fa-f]{1,2}:+){2,}/;
/** scanner.l's MAC with colons, {B}:{B}:{B}:{B}:{B}:{B} */
const RE_MAC_COLON = /^[0-9A-Fa-f]{1,2}(?::[0-9A-Fa-f]{1,2}){5}/;
const RE_N = /^(?:[0-9]+|0[xX][0-9A-Fa-f]+)$/;
const RE_HID = /^(?:[0-9]+|0[xX][0-9A-Fa-f]+)(?:\.(?:[0-9]+|0[xX][0-9A-Fa-f]+)){1,3}$/;

/**
 * The tokens of an expression. A lexical error (a bogus MAC address, a bad number, a character
 * no rule takes) ends the list with an ERR token carrying it: libpcap's scanner meets it only
 * when bison asks for that token, after the primitives before it were generated, so their
 * semantic errors come first (`vlan and … 1::2::3` on a cooked capture: no VLAN support).
 */
export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  try {
    scan(src, out);
  } catch (e) {
    if (!(e instanceof BpfError)) throw e;
    out.push({ kind: 'ERR', text: '', col: e.where.column ?? src.length + 1, err: e });
  }
  out.push({ kind: 'EOF', text: '', col: src.length + 1 });
  return out;
}

function scan(src: string, out: Token[]): void {
  let i = 0;
  while (i < src.length) {
    const ch = src[i]!;
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      i++;
      continue;
    }
    const col = i + 1;
    const rest = src.slice(i, i + 128);
    if (ch === '\\') {
      const m = RE_ESC.exec(src.slice(i));
      if (!m) throw syntaxError(PARSE_ERROR, col);
      out.push({ kind: 'ID', text: m[0].slice(1), col });
      i += m[0].length;
      continue;
    }
    if (ch === '$') {
      // an ARCnet address; `$` alone or before anything else is no token of scanner.l's
      const m = /^\$[0-9A-Fa-f]{1,2}/.exec(rest);
      if (!m) throw syntaxError(PARSE_ERROR, col);
      out.push({ kind: 'AID', text: m[0], col });
      i += m[0].length;
      continue;
    }
    const id = RE_ID.exec(src.slice(i))?.[0] ?? '';
    const addr = RE_ADDR.exec(rest)?.[0] ?? '';
    if (addr.length > id.length) {
      // an IPv6 address, or a MAC address with colons, or scanner.l's "bogus ethernet address";
      // otherwise the shorter match ("0" of "0:3" inside brackets, or the ':' operator)
      if (parseIp6(addr)) {
        out.push({ kind: 'HID6', text: addr, col });
        i += addr.length;
        continue;
      }
      if (isMac(addr)) {
        out.push({ kind: 'EID', text: addr, col });
        i += addr.length;
        continue;
      }
      // flex's longest match among scanner.l's patterns for what is left: a MAC address that
      // ends before the rest (`00:11:22:33:44:1514` is the MAC `…:44:15`, then the number 14),
      // the "bogus ethernet address" pattern (which ends with ':'), an IPv6 address (`:::` is
      // `::` and then ':')
      const mac = RE_MAC_COLON.exec(addr)?.[0] ?? '';
      const bogus = RE_BOGUS_MAC.exec(addr)?.[0] ?? '';
      let n = addr.length - 1;
      while (n > id.length && n >= 2 && !parseIp6(addr.slice(0, n))) n--;
      const v6 = n > id.length && n >= 2 ? n : 0;
      if (mac.length > id.length && mac.length >= bogus.length && mac.length >= v6) {
        out.push({ kind: 'EID', text: mac, col });
        i += mac.length;
        continue;
      }
      if (bogus && bogus.length >= v6) throw new BpfError('EINVAL', `bogus ethernet address ${bogus}`, { column: col });
      if (v6) {
        out.push({ kind: 'HID6', text: addr.slice(0, n), col });
        i += n;
        continue;
      }
    }
    if (id !== '') {
      out.push(classify(id, col));
      i += id.length;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (op) {
      const a = ALIAS[op];
      out.push(a ? { kind: 'KW', text: a, col } : { kind: 'OP', text: op, col });
      i += op.length;
      continue;
    }
    throw syntaxError(PARSE_ERROR, col);
  }
}

/** scanner.l's stou: decimal, 0x hex or 0 octal, refusing what does not fit in 32 bits */
function parseNumber(w: string, col: number): number {
  let v = 0;
  let base = 10;
  let digits = w;
  if (/^0[xX]/.test(w)) {
    base = 16;
    digits = w.slice(2);
  } else if (w.length > 1 && w[0] === '0') base = 8;
  for (const d of digits) {
    const x = parseInt(d, 16);
    if (base === 8 && x > 7) throw new BpfError('EINVAL', `number ${w} contains non-octal digit`, { column: col });
    v = v * base + x;
    if (v > 0xffffffff) throw new BpfError('EINVAL', `number ${w} overflows 32 bits`, { column: col });
  }
  return v;
}

function classify(w: string, col: number): Token {
  // twelve hex digits are a MAC address (scanner.l lists that pattern before numbers)
  if (/^[0-9A-Fa-f]{12}$/.test(w)) return { kind: 'EID', text: w, col };
  if (RE_N.test(w)) return { kind: 'NUM', text: w, num: parseNumber(w, col), col };
  // scanner.l lists MAC before the dotted host ids: `0011.2233.4455` (as long either way) is a MAC
  if (isMac(w)) return { kind: 'EID', text: w, col };
  if (RE_HID.test(w)) return { kind: 'HID', text: w, col };
  if (KEYWORDS.has(w)) return { kind: 'KW', text: ALIAS[w] ?? w, col };
  if (Object.hasOwn(NAMED_CONSTANTS, w)) return { kind: 'NUM', text: w, num: NAMED_CONSTANTS[w]!, col };
  return { kind: 'ID', text: w, col };
}

export function isMac(w: string): boolean {
  return /^[0-9a-f]{1,2}(:[0-9a-f]{1,2}){5}$/i.test(w) || /^[0-9a-f]{1,2}(-[0-9a-f]{1,2}){5}$/i.test(w) || /^[0-9a-f]{1,2}(\.[0-9a-f]{1,2}){5}$/i.test(w) ||
    /^[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}$/i.test(w) || /^[0-9a-f]{12}$/i.test(w);
}

/** the 6 bytes of a MAC address token */
export function parseMac(w: string): number[] {
  if (/^[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}$/i.test(w) || /^[0-9a-f]{12}$/i.test(w)) return w.replace(/\./g, '').match(/../g)!.map((x) => parseInt(x, 16));
  return w.split(/[:.-]/).map((x) => parseInt(x, 16));
}

/** the 16 bytes of an IPv6 address (RFC 4291 text forms, with an embedded IPv4 tail), or undefined */
export function parseIp6(w: string): number[] | undefined {
  if (!/^[0-9a-f:.]+$/i.test(w) || !w.includes(':')) return undefined;
  let tail: number[] = [];
  let s = w;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (v4) {
    const b = v4[1]!.split('.').map(Number);
    if (b.some((x) => x > 255)) return undefined;
    tail = b;
    s = s.slice(0, s.length - v4[1]!.length) + (s.endsWith('::' + v4[1]) ? '' : '0');
    if (s.endsWith(':0')) s = s.slice(0, -2);
    else if (s.endsWith('::')) s = s;
  }
  const parts = s.split('::');
  if (parts.length > 2) return undefined;
  const grp = (t: string): number[] | undefined => {
    if (t === '') return [];
    const g = t.split(':');
    if (g.some((x) => !/^[0-9a-f]{1,4}$/i.test(x))) return undefined;
    return g.map((x) => parseInt(x, 16));
  };
  const head = grp(parts[0]!);
  const rest = parts.length === 2 ? grp(parts[1]!) : [];
  if (!head || !rest) return undefined;
  const want = 8 - tail.length / 2;
  let groups: number[];
  if (parts.length === 2) {
    if (head.length + rest.length > want - 1) return undefined;
    groups = [...head, ...Array(want - head.length - rest.length).fill(0), ...rest];
  } else {
    if (head.length !== want) return undefined;
    groups = head;
  }
  return [...groups.flatMap((g) => [g >> 8, g & 0xff]), ...tail];
}
