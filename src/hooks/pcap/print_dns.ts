/**
 * DNS as tcpdump 4.99 prints it (print-domain.c ns_print, ns_qprint, ns_rprint): the header
 * flags, the question of a query, a response's answers; with -v each record's owner name and an
 * SOA's fields; with -vv a response's question (` q:`), the authority (` ns:`) and additional
 * (` ar:`) sections of queries and responses, and EDNS's OPT record (`UDPsize=1232 DO`).
 */
import { ipv4String, ipv6String } from '../../runtime/format.js';
import { printable, relTime, u16, u32 } from './print_util.js';

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


/**
 * ns_nskip: past a name without following its compression pointer (a question skipped, not
 * printed); undefined when a length byte is not captured or a label type is unknown
 */
function nskip(m: Uint8Array, cp: number): number | undefined {
  for (;;) {
    if (cp >= m.length) return undefined;
    const l = m[cp++]!;
    if (l === 0) return cp;
    if ((l & 0xc0) === 0xc0) return cp + 1;
    if ((l & 0xc0) === 0x40) return undefined;
    cp += l;
  }
}

/** ns_qprint: ` TYPE? name.` and where the next entry starts */
function question(m: Uint8Array, cp: number, mdns: boolean): [string, number] | undefined {
  const n = dnsName(m, cp);
  if (!n || n[1] + 4 > m.length) return undefined;
  const raw = u16(m, n[1] + 2);
  // multicast DNS (RFC 6762 5.4): the class's top bit asks for a unicast answer
  const cls = mdns ? raw & 0x7fff : raw;
  return [` ${typeName(u16(m, n[1]))}${cls !== 1 ? ` ${className(cls)}` : ''}${mdns ? (raw & 0x8000 ? ' (QU)' : ' (QM)') : ''}? ${n[0]}`, n[1] + 4];
}

/** ns_rprint: one resource record (owner name with -v) and where the next starts */
function record(m: Uint8Array, cp: number, vflag: number, mdns: boolean): [string, number] | undefined {
  const n = dnsName(m, cp);
  if (!n || n[1] + 10 > m.length) return undefined;
  cp = n[1];
  let out = vflag ? ` ${n[0]}` : '';
  const type = u16(m, cp);
  // multicast DNS (RFC 6762 10.2): the class's top bit is the cache-flush flag
  const cls = mdns && type !== 41 ? u16(m, cp + 2) & 0x7fff : u16(m, cp + 2);
  const flush = mdns && type !== 41 && (m[cp + 2]! & 0x80) !== 0;
  const optFlags = u16(m, cp + 6);
  const rdlen = u16(m, cp + 8);
  const rd = cp + 10;
  const rp = rd + rdlen;
  if (cls !== 1 && type !== 41) out += ` ${className(cls)}`;
  // -vvv: the TTL (unsigned_relts_print: 1h1m1s)
  if (vflag > 2 && type !== 41) out += ` [${relTime(u32(m, cp + 4))}]`;
  if (flush) out += ' (Cache flush)';
  out += ` ${typeName(type)}`;
  if (rp > m.length) return undefined;
  const name = (at: number): string | undefined => dnsName(m, at)?.[0];
  switch (type) {
    case 1:
      if (rdlen < 4) return undefined;
      out += ` ${ipv4String(m, rd)}`;
      break;
    case 28:
      if (rdlen < 16) return undefined;
      out += ` ${ipv6String(m, rd)}`;
      break;
    case 2:
    case 5:
    case 12:
    case 39: {
      const t = name(rd);
      if (t === undefined) return undefined;
      out += ` ${t}`;
      break;
    }
    case 6: {
      if (!vflag) break;
      const a = dnsName(m, rd);
      const b = a && dnsName(m, a[1]);
      if (!a || !b || b[1] + 20 > m.length) return undefined;
      out += ` ${a[0]} ${b[0]}`;
      for (let i = 0; i < 5; i++) out += ` ${u32(m, b[1] + 4 * i)}`;
      break;
    }
    case 15: {
      const t = name(rd + 2);
      if (t === undefined) return undefined;
      out += ` ${t} ${u16(m, rd)}`;
      break;
    }
    case 16:
      for (let p = rd; p < rp; ) {
        const l = m[p]!;
        if (p + 1 + l > m.length) return undefined;
        out += ` "${printable(m.subarray(p + 1, p + 1 + l))}"`;
        p += 1 + l;
      }
      break;
    case 33: {
      const t = name(rd + 6);
      if (t === undefined) return undefined;
      out += ` ${t}:${u16(m, rd + 4)} ${u16(m, rd)} ${u16(m, rd + 2)}`;
      break;
    }
    case 41:
      out += ` UDPsize=${cls}${optFlags & 0x8000 ? ' DO' : ''}`;
      break;
    default:
      break;
  }
  return [out, rp];
}

/** a section: records joined by ",", after `label` (` ns:`, ` ar:`) when it has any */
function section(m: Uint8Array, cp: number, count: number, vflag: number, label: string, mdns: boolean): [string, number] | undefined {
  let out = '';
  for (let i = 0; i < count; i++) {
    // ns_print stops at the end of the captured bytes between records, then reports the truncation
    if (i > 0 && cp >= m.length) return undefined;
    const r = record(m, cp, vflag, mdns);
    if (!r) return undefined;
    out += (i ? ',' : label) + r[0];
    cp = r[1];
  }
  return [out, cp];
}

/**
 * The DNS message `m` (the captured part of the UDP payload; `length` is its length on the wire);
 * undefined when the header itself is not captured (the caller prints the generic UDP line)
 */
export function dnsPrint(m: Uint8Array, length: number, vflag: number, mdns = false): string | undefined {
  if (length < 12) return `domain [length ${length} < 12] (invalid)`;
  if (m.length < 12) return ' [|domain]';
  const id = u16(m, 0);
  const b2 = u16(m, 2);
  const qd = u16(m, 4);
  let an = u16(m, 6);
  const ns = u16(m, 8);
  const ar = u16(m, 10);
  const op = (b2 >> 11) & 0xf;
  let out: string;
  let cp = 12;
  const trunc = (): string => `${out} [|domain]`;
  if (b2 & 0x8000) {
    out = `${id}${NS_OPS[op]}${NS_RCODE[b2 & 0xf]}${b2 & 0x0400 ? '*' : ''}${b2 & 0x0080 ? '' : '-'}${b2 & 0x0200 ? '|' : ''}${b2 & 0x0020 ? '$' : ''}`;
    if (qd !== 1) out += ` [${qd}q]`;
    for (let i = 0; i < qd; i++) {
      if (vflag > 1) {
        out += `${i ? ',' : ''} q:`;
        const q = question(m, cp, mdns);
        if (!q) return trunc();
        out += q[0];
        cp = q[1];
      } else {
        // print-domain.c puts the comma before every question but the first, -vv or not
        if (i) out += ',';
        const n = nskip(m, cp);
        if (n === undefined) return trunc();
        cp = n + 4;
      }
    }
    out += ` ${an}/${ns}/${ar}`;
    const a = section(m, cp, an, vflag, '', mdns);
    if (!a) return trunc();
    out += a[0];
    cp = a[1];
    an = 0;
  } else {
    out = `${id}${NS_OPS[op]}${b2 & 0x0100 ? '+' : ''}${b2 & 0x0010 ? '%' : ''}`;
    if (b2 & 0x6cf) out += ` [b2&3=0x${b2.toString(16)}]`;
    if (op === 1) {
      if (qd) out += ` [${qd}q]`;
      if (an !== 1) out += ` [${an}a]`;
    } else {
      if (an) out += ` [${an}a]`;
      if (qd !== 1) out += ` [${qd}q]`;
    }
    if (ns) out += ` [${ns}n]`;
    if (ar) out += ` [${ar}au]`;
    for (let i = 0; i < qd; i++) {
      if (i > 0 && cp >= m.length) return trunc();
      const q = question(m, cp, mdns);
      if (!q) return trunc();
      out += q[0];
      cp = q[1];
    }
  }
  // -vv: a query's answers, and the authority and additional sections of both
  if (vflag > 1) {
    for (const [count, label] of [[an, ''], [ns, ' ns:'], [ar, ' ar:']] as const) {
      if (count === 0) continue;
      if (cp >= m.length) return trunc();
      const s = section(m, cp, count, vflag, label, mdns);
      if (!s) return trunc();
      out += s[0];
      cp = s[1];
    }
  }
  return `${out} (${length})`;
}
