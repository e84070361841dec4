/**
 * DNS as tcpdump 4.99 prints it (print-domain.c ns_print, ns_qprint, ns_rprint): the header
 * flags, the question of a query, a response's answers; with -v each record's owner name and an
 * SOA's fields; with -vv a response's question (` q:`), the authority (` ns:`) and additional
 * (` ar:`) sections of queries and responses, and EDNS's OPT record (`UDPsize=1232 DO`).
 */
import { ipv4String, ipv6String } from '../../runtime/format.js';
import { hex2, printable, relTime, u16, u32 } from './print_util.js';

const NS_OPS = ['', ' inv_q', ' stat', ' op3', ' notify', ' update', ' op6', ' op7', ' op8', ' updateA', ' updateD', ' updateDA', ' updateM', ' updateMA', ' zoneInit', ' zoneRef'];
const NS_RCODE = ['', ' FormErr', ' ServFail', ' NXDomain', ' NotImp', ' Refused', ' YXDomain', ' YXRRSet', ' NXRRSet', ' NotAuth', ' NotZone', ' Resp11', ' Resp12', ' Resp13', ' Resp14', ' NoChange'];
/** ns_type2str */
const NS_TYPES: Record<number, string> = {
  1: 'A', 2: 'NS', 3: 'MD', 4: 'MF', 5: 'CNAME', 6: 'SOA', 7: 'MB', 8: 'MG', 9: 'MR', 10: 'NULL', 11: 'WKS', 12: 'PTR', 13: 'HINFO', 14: 'MINFO',
  15: 'MX', 16: 'TXT', 17: 'RP', 18: 'AFSDB', 19: 'X25', 20: 'ISDN', 21: 'RT', 22: 'NSAP', 23: 'NSAP_PTR', 24: 'SIG', 25: 'KEY', 26: 'PX',
  27: 'GPOS', 28: 'AAAA', 29: 'LOC', 30: 'NXT', 31: 'EID', 32: 'NIMLOC', 33: 'SRV', 34: 'ATMA', 35: 'NAPTR', 36: 'KX', 37: 'CERT', 38: 'A6',
  39: 'DNAME', 40: 'SINK', 41: 'OPT', 42: 'APL', 43: 'DS', 44: 'SSHFP', 45: 'IPSECKEY', 46: 'RRSIG', 47: 'NSEC', 48: 'DNSKEY',
  99: 'SPF', 100: 'UINFO', 101: 'UID', 102: 'GID', 103: 'UNSPEC', 104: 'UNSPECA', 249: 'TKEY',
  250: 'TSIG', 251: 'IXFR', 252: 'AXFR', 253: 'MAILB', 254: 'MAILA', 255: 'ANY',
};
const typeName = (t: number): string => NS_TYPES[t] ?? `Type${t}`;
/** ns_class2str */
const className = (c: number): string => ({ 1: 'IN', 3: 'CHAOS', 4: 'HS', 255: 'ANY' })[c] ?? `(Class ${c})`;

/** a (possibly compressed) domain name: its text and where the record continues */
export function dnsName(m: Uint8Array, at: number): [string, number] | undefined {
  const labels: string[] = [];
  let i = at;
  let end = -1;
  for (let hops = 0; hops < 64; hops++) {
    if (i >= m.length) return undefined;
    const l = m[i]!;
    if (l === 0) {
      if (end < 0) end = i + 1;
      return [labels.length ? labels.join('.') + '.' : '.', end];
    }
    if ((l & 0xc0) === 0xc0) {
      if (i + 1 >= m.length) return undefined;
      if (end < 0) end = i + 2;
      i = ((l & 0x3f) << 8) | m[i + 1]!;
      continue;
    }
    if (i + 1 + l > m.length) return undefined;
    labels.push(String.fromCharCode(...m.subarray(i + 1, i + 1 + l)));
    i += 1 + l;
  }
  return undefined;
}


/** what tcpdump has printed so far: its text stays on the line when a later field is not captured */
interface Out {
  s: string;
}

/** MAXCDNAME: the longest name tcpdump prints before `<DOMAIN NAME TOO LONG>` */
const MAXCDNAME = 255;

/**
 * ns_nskip: past a name without following its compression pointer (a question skipped, not
 * printed); undefined when a length byte is not captured or a label type is reserved or unknown
 */
function nskip(m: Uint8Array, cp: number): number | undefined {
  if (cp >= m.length) return undefined;
  let i = m[cp++]!;
  while (i) {
    const t = i & 0xc0;
    if (t === 0xc0) return cp + 1;
    if (t === 0x80) return undefined;
    if (t === 0x40) {
      // EDNS0 extended label: only the bit-string label (RFC 2673) has a known length
      if ((i & 0x3f) !== 1 || cp >= m.length) return undefined;
      const bits = m[cp] || 256;
      cp += 1 + Math.floor((bits + 7) / 8);
    } else cp += i;
    if (cp >= m.length) return undefined;
    i = m[cp++]!;
  }
  return cp;
}

/** labellen: a label's length (a bit-string label's bytes), -1 after printing why it has none */
function labellen(m: Uint8Array, cp: number, w: Out): number {
  if (cp >= m.length) return -1;
  const i = m[cp]!;
  switch (i & 0xc0) {
    case 0x40: {
      const elt = i & 0x3f;
      if (elt !== 1) {
        w.s += `<ELT ${elt}>`;
        return -1;
      }
      if (cp + 1 >= m.length) return -1;
      return Math.floor(((m[cp + 1] || 256) + 7) / 8) + 1;
    }
    case 0x80:
      w.s += '<BAD LABEL TYPE>';
      return -1;
    default: return i;
  }
}

/** blabel_print: an RFC 2673 bit-string label as `\\[xHEX/BITS]`; false when not captured */
function blabel(m: Uint8Array, cp: number, w: Out): boolean {
  if (cp >= m.length) return false;
  const bitlen = m[cp] || 256;
  const lim = cp + 1 + Math.floor((bitlen + 3) / 4);
  let out = '\\[x';
  let b = bitlen;
  let p = cp + 1;
  for (; p < lim && b > 7; b -= 8, p++) {
    if (p >= m.length) return false;
    out += hex2(m[p]!);
  }
  if (b > 0) {
    if (p >= m.length) return false;
    out += b > 4 ? hex2(m[p]! & (0xff << (8 - b)) & 0xff) : ((m[p]! >> 4) & 0x0f & (0x0f << (4 - b))).toString(16);
  }
  w.s += `${out}/${bitlen}]`;
  return true;
}

/**
 * fqdn_print (ns_nprint in 4.99): a name, label by label as each is read — a compression pointer
 * must point before the previous one (`<BAD PTR>` otherwise, as BIND requires), labels print with
 * fn_print_char's escapes and a `.` after each; returns where the record continues, undefined when
 * a byte is not captured or the name is bad (what was printed stays)
 */
function fqdn(m: Uint8Array, cp: number, w: Out): number | undefined {
  let l = labellen(m, cp, w);
  if (l < 0 || cp >= m.length) return undefined;
  let maxOffset = cp;
  let i = m[cp++]!;
  let compress = false;
  let rp = (i & 0xc0) !== 0xc0 ? cp + l : 0;
  if (i === 0) {
    w.s += '.';
    return rp;
  }
  let chars = 0;
  while (i && cp < m.length) {
    const t = i & 0xc0;
    if (t === 0xc0) {
      if (!compress) {
        rp = cp + 1;
        compress = true;
      }
      if (cp >= m.length) return undefined;
      const offset = ((i << 8) | m[cp]!) & 0x3fff;
      if (offset >= maxOffset) {
        w.s += '<BAD PTR>';
        return undefined;
      }
      maxOffset = offset;
      cp = offset;
      if (cp >= m.length) return undefined;
      i = m[cp]!;
      l = labellen(m, cp, w);
      if (l < 0) return undefined;
      cp++;
      continue;
    }
    if (t === 0x40) {
      if (!blabel(m, cp, w)) return undefined;
    } else {
      // nd_printn: what is captured of the label, up to MAXCDNAME characters in all
      const n = chars + l <= MAXCDNAME ? l : chars < MAXCDNAME ? MAXCDNAME - chars : 0;
      if (n) {
        w.s += printable(m.subarray(cp, Math.min(m.length, cp + n)));
        if (cp + n > m.length) return undefined;
      }
      chars += l;
    }
    cp += l;
    if (chars <= MAXCDNAME) w.s += '.';
    chars++;
    if (cp >= m.length) return undefined;
    i = m[cp]!;
    l = labellen(m, cp, w);
    if (l < 0) return undefined;
    cp++;
    if (!compress) rp += l + 1;
  }
  if (chars > MAXCDNAME) w.s += '<DOMAIN NAME TOO LONG>';
  return rp;
}

/** ns_qprint: ` TYPE? name.` (the name skipped first, printed last) and where the next entry starts */
function question(m: Uint8Array, np: number, mdns: boolean, w: Out): number | undefined {
  const cp = nskip(m, np);
  if (cp === undefined || cp + 4 > m.length) return undefined;
  const raw = u16(m, cp + 2);
  // multicast DNS (RFC 6762 5.4): the class's top bit asks for a unicast answer
  const cls = mdns ? raw & 0x7fff : raw;
  w.s += ` ${typeName(u16(m, cp))}${cls !== 1 ? ` ${className(cls)}` : ''}${mdns ? (raw & 0x8000 ? ' (QU)' : ' (QM)') : ''}? `;
  const end = fqdn(m, np, w);
  return end === undefined ? undefined : end + 4;
}

/**
 * ns_rprint: one resource record (owner name with -v) and where the next starts; the end of the
 * capture when the record's fixed part is not captured (tcpdump then stops the section quietly),
 * undefined when its data is cut (the type is printed first)
 */
function record(m: Uint8Array, cp: number, vflag: number, mdns: boolean, w: Out): number | undefined {
  if (vflag) {
    w.s += ' ';
    const n = fqdn(m, cp, w);
    if (n === undefined) return undefined;
    cp = n;
  } else {
    const n = nskip(m, cp);
    if (n === undefined) return m.length;
    cp = n;
  }
  if (cp + 10 > m.length) return m.length;
  const type = u16(m, cp);
  // multicast DNS (RFC 6762 10.2): the class's top bit is the cache-flush flag
  const cls = mdns && type !== 41 ? u16(m, cp + 2) & 0x7fff : u16(m, cp + 2);
  const flush = mdns && type !== 41 && (m[cp + 2]! & 0x80) !== 0;
  const optFlags = u16(m, cp + 6);
  const rdlen = u16(m, cp + 8);
  const rd = cp + 10;
  const rp = rd + rdlen;
  if (cls !== 1 && type !== 41) w.s += ` ${className(cls)}`;
  // -vvv: the TTL (unsigned_relts_print: 1h1m1s)
  if (vflag > 2 && type !== 41) w.s += ` [${relTime(u32(m, cp + 4))}]`;
  if (flush) w.s += ' (Cache flush)';
  w.s += ` ${typeName(type)}`;
  if (rp > m.length) return undefined;
  const has = (n: number): boolean => rd + n <= m.length;
  switch (type) {
    case 1:
      if (!has(4)) return undefined;
      w.s += ` ${ipv4String(m, rd)}`;
      break;
    case 28:
      if (!has(16)) return undefined;
      w.s += ` ${ipv6String(m, rd)}`;
      break;
    case 2:
    case 5:
    case 12:
    case 39:
      w.s += ' ';
      if (fqdn(m, rd, w) === undefined) return undefined;
      break;
    case 6: {
      if (!vflag) break;
      w.s += ' ';
      const a = fqdn(m, rd, w);
      if (a === undefined) return undefined;
      w.s += ' ';
      const b = fqdn(m, a, w);
      if (b === undefined || b + 20 > m.length) return undefined;
      for (let i = 0; i < 5; i++) w.s += ` ${u32(m, b + 4 * i)}`;
      break;
    }
    case 15:
      w.s += ' ';
      if (!has(2) || fqdn(m, rd + 2, w) === undefined) return undefined;
      w.s += ` ${u16(m, rd)}`;
      break;
    case 16:
      // ns_cprint: each character-string, what is captured of it
      for (let p = rd; p < rp;) {
        w.s += ' "';
        if (p >= m.length) return undefined;
        const l = m[p]!;
        w.s += printable(m.subarray(p + 1, Math.min(m.length, p + 1 + l)));
        if (p + 1 + l > m.length) return undefined;
        w.s += '"';
        p += 1 + l;
      }
      break;
    case 33:
      w.s += ' ';
      if (!has(6) || fqdn(m, rd + 6, w) === undefined) return undefined;
      w.s += `:${u16(m, rd + 4)} ${u16(m, rd)} ${u16(m, rd + 2)}`;
      break;
    case 41:
      w.s += ` UDPsize=${cls}${optFlags & 0x8000 ? ' DO' : ''}`;
      break;
    default:
      break;
  }
  return rp;
}

/**
 * a section as domain_print walks it: the first record, then more while bytes remain, `label`
 * (` ns:`, ` ar:`) first when `labelled` and the section has records left; undefined when the
 * section is cut (some record missing)
 */
function section(m: Uint8Array, cp: number, count: number, vflag: number, label: string, mdns: boolean, w: Out): number | undefined {
  if (!count) return cp;
  if (label && cp >= m.length) return undefined;
  w.s += label;
  let c = record(m, cp, vflag, mdns, w);
  if (c === undefined) return undefined;
  count--;
  while (c < m.length && count) {
    w.s += ',';
    c = record(m, c, vflag, mdns, w);
    if (c === undefined) return undefined;
    count--;
  }
  return count ? undefined : c;
}

/**
 * The DNS message `m` (the captured part of the UDP payload; `length` is its length on the wire);
 * undefined when the header itself is not captured (the caller prints the generic UDP line)
 */
export function dnsPrint(m: Uint8Array, length: number, vflag: number, mdns = false): string | undefined {
  if (length < 12) return `domain [length ${length} < 12] (invalid)`;
  if (m.length < 12) return ' [|domain]';
  const w: Out = { s: '' };
  return body(m, length, vflag, mdns, w) ? `${w.s} (${length})` : `${w.s} [|domain]`;
}

/** domain_print after the header's length checks; false when it ends in a truncation */
function body(m: Uint8Array, length: number, vflag: number, mdns: boolean, w: Out): boolean {
  const id = u16(m, 0);
  const b2 = u16(m, 2);
  const qd = u16(m, 4);
  const an = u16(m, 6);
  const ns = u16(m, 8);
  const ar = u16(m, 10);
  const op = (b2 >> 11) & 0xf;
  let cp: number | undefined = 12;
  if (b2 & 0x8000) {
    w.s = `${id}${NS_OPS[op]}${NS_RCODE[b2 & 0xf]}${b2 & 0x0400 ? '*' : ''}${b2 & 0x0080 ? '' : '-'}${b2 & 0x0200 ? '|' : ''}${b2 & 0x0020 ? '$' : ''}`;
    if (qd !== 1) w.s += ` [${qd}q]`;
    for (let i = 0; i < qd; i++) {
      // print-domain.c puts the comma before every question but the first, -vv or not
      if (i) w.s += ',';
      if (vflag > 1) {
        w.s += ' q:';
        cp = question(m, cp, mdns, w);
      } else {
        cp = nskip(m, cp);
        if (cp !== undefined) cp += 4;
      }
      if (cp === undefined) return false;
    }
    w.s += ` ${an}/${ns}/${ar}`;
    cp = section(m, cp, an, vflag, '', mdns, w);
    if (cp === undefined) return false;
  } else {
    w.s = `${id}${NS_OPS[op]}${b2 & 0x0100 ? '+' : ''}${b2 & 0x0010 ? '%' : ''}`;
    if (b2 & 0x6cf) w.s += ` [b2&3=0x${b2.toString(16)}]`;
    if (op === 1) {
      if (qd) w.s += ` [${qd}q]`;
      if (an !== 1) w.s += ` [${an}a]`;
    } else {
      if (an) w.s += ` [${an}a]`;
      if (qd !== 1) w.s += ` [${qd}q]`;
    }
    if (ns) w.s += ` [${ns}n]`;
    if (ar) w.s += ` [${ar}au]`;
    for (let i = 0; i < qd; i++) {
      if (i > 0 && cp >= m.length) return false;
      cp = question(m, cp, mdns, w);
      if (cp === undefined) return false;
    }
    // -vv: a query's answers
    if (vflag > 1) {
      cp = section(m, cp, an, vflag, '', mdns, w);
      if (cp === undefined) return false;
    }
  }
  // -vv: the authority and additional sections of both
  if (vflag > 1) {
    cp = section(m, cp, ns, vflag, ' ns:', mdns, w);
    if (cp === undefined) return false;
    cp = section(m, cp, ar, vflag, ' ar:', mdns, w);
    if (cp === undefined) return false;
  }
  return true;
}
