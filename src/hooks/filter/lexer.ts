/**
 * Tokens of the pcap-filter(7) language, as libpcap's scanner.l produces them: keywords,
 * numbers (decimal, 0x hex, 0 octal), dotted IPv4 prefixes (HID), IPv6 addresses (HID6),
 * MAC addresses (EID), names (ID, with `\` escaping a keyword), the named constants
 * (tcpflags, tcp-syn, icmptype, icmp-echo, ...) which scan as numbers, and operators.
 * Every token carries its 1-based column for error messages.
 */
import { BpfError } from '../../isa/errors.js';

export type TokKind = 'NUM' | 'HID' | 'HID6' | 'EID' | 'ID' | 'KW' | 'OP' | 'EOF';

export interface Token {
  kind: TokKind;
  /** keyword name, operator text, or the source text */
  text: string;
  /** NUM value */
  num?: number;
  col: number;
}

export const KEYWORDS = new Set([
  'dst', 'src', 'host', 'gateway', 'net', 'mask', 'port', 'portrange', 'proto', 'protochain',
  'link', 'ether', 'ppp', 'slip', 'fddi', 'tr', 'wlan', 'arp', 'rarp', 'ip', 'sctp', 'tcp', 'udp', 'icmp', 'igmp', 'igrp', 'pim', 'vrrp', 'carp',
  'ip6', 'icmp6', 'ah', 'esp', 'atalk', 'aarp', 'decnet', 'lat', 'sca', 'moprc', 'mopdl', 'iso', 'esis', 'es-is', 'isis', 'is-is', 'clnp', 'stp', 'ipx', 'netbeui',
  'broadcast', 'multicast', 'less', 'greater', 'len', 'inbound', 'outbound', 'ifindex', 'vlan', 'mpls', 'pppoed', 'pppoes', 'geneve',
  'and', 'or', 'not',
]);

/** keyword spellings that are aliases in scanner.l */
const ALIAS: Record<string, string> = { '&&': 'and', '||': 'or', '!': 'not', 'es-is': 'esis', 'is-is': 'isis', 'fddi': 'ether', 'tr': 'ether', 'wlan': 'ether', 'ppp': 'link', 'slip': 'link' };

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

const OPS = ['<<', '>>', '<=', '>=', '==', '!=', '&&', '||', '(', ')', '[', ']', ':', '+', '-', '*', '/', '%', '&', '|', '^', '<', '>', '=', '!'];

export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const col = i + 1;
    // an address or name: letters, digits, '.', ':', '-', '_' (then classified)
    const m = /^\\?[A-Za-z0-9_.:][A-Za-z0-9_.:-]*/.exec(src.slice(i));
    let word = m ? m[0] : '';
    if (word.includes(':') && !isMac(word) && !parseIp6(word.replace(/^\\/, ''))) word = word.slice(0, word.indexOf(':'));
    if (word !== '') {
      // a trailing '-' belongs to an operator (e.g. "len-1" is not a name): trim it
      while (word.endsWith('-') && word.length > 1) word = word.slice(0, -1);
      // "1000-2000" in portrange: digits '-' digits is one ID. A ':' only belongs to a word
      // that is a MAC or IPv6 address ("ip[2:2]" is NUM ':' NUM)
      i += word.length;
      out.push(classify(word, col));
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (op) {
      const a = ALIAS[op];
      out.push(a ? { kind: 'KW', text: a, col } : { kind: 'OP', text: op, col });
      i += op.length;
      continue;
    }
    throw syntaxError(`illegal character '${ch}'`, col);
  }
  out.push({ kind: 'EOF', text: '', col: src.length + 1 });
  return out;
}

function parseNumber(w: string): number | undefined {
  let v: number;
  if (/^0x[0-9a-f]+$/i.test(w)) v = parseInt(w.slice(2), 16);
  else if (/^0[0-7]+$/.test(w)) v = parseInt(w.slice(1), 8);
  else if (/^\d+$/.test(w)) v = parseInt(w, 10);
  else return undefined;
  return v;
}

function classify(w: string, col: number): Token {
  if (w.startsWith('\\')) return { kind: 'ID', text: w.slice(1), col };
  const lw = w.toLowerCase();
  if (KEYWORDS.has(lw)) return { kind: 'KW', text: ALIAS[lw] ?? lw, col };
  if (lw in NAMED_CONSTANTS) return { kind: 'NUM', text: w, num: NAMED_CONSTANTS[lw]!, col };
  const n = parseNumber(w);
  if (n !== undefined) {
    if (n > 0xffffffff) throw syntaxError(`number ${w} does not fit in 32 bits`, col);
    return { kind: 'NUM', text: w, num: n, col };
  }
  if (/^\d+(\.\d+){1,3}$/.test(w)) return { kind: 'HID', text: w, col };
  // MAC: six 1-2 digit hex groups with ':' '.' or '-', or three 4-digit groups with '.'
  if (isMac(w)) return { kind: 'EID', text: w, col };
  if (w.includes(':') && parseIp6(w)) return { kind: 'HID6', text: w, col };
  return { kind: 'ID', text: w, col };
}

export function isMac(w: string): boolean {
  return /^[0-9a-f]{1,2}([:.-][0-9a-f]{1,2}){5}$/i.test(w) || /^[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}$/i.test(w);
}

/** the 6 bytes of a MAC address token */
export function parseMac(w: string): number[] {
  if (/^[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}$/i.test(w)) return w.replace(/\./g, '').match(/../g)!.map((x) => parseInt(x, 16));
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
