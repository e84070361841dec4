/**
 * ICMP and ICMPv6 as tcpdump 4.99 prints them (print-icmp.c icmp_print, print-icmp6.c
 * icmp6_print, icmp6_opt_print, mldv2_report_print), for the packet printer (print.ts): every
 * message type's text, the quoted packet of an ICMP error (printed again as an IP packet with -v,
 * as icmp_print does for ICMP_ERRTYPE), neighbour discovery's flags and options with -v (and their
 * hex dumps with -vv), and MLDv2 reports' group records.
 */
import { ipv4String, ipv6String } from '../../runtime/format.js';
import { dnsName } from './print_dns.js';
import { hex4, hexDump, pseudoSum, shouldBe, sum16, u16, u32 } from './print_util.js';


/** print-icmp.c icmp2str: the types whose text is only their name */
const ICMP_NAMES: Record<number, string> = {
  0: 'echo reply', 4: 'source quench', 8: 'echo request', 10: 'router solicitation', 13: 'time stamp request', 14: 'time stamp reply',
  15: 'information request', 16: 'information reply', 17: 'address mask request',
};
/** print-icmp.c unreach2str: ICMP_UNREACH codes 5 to 15 */
const UNREACH: Record<number, string> = {
  5: '%s unreachable - source route failed', 6: 'net %s unreachable - unknown', 7: 'host %s unreachable - unknown',
  8: '%s unreachable - source host isolated', 9: 'net %s unreachable - admin prohibited', 10: 'host %s unreachable - admin prohibited',
  11: 'net %s unreachable - tos prohibited', 12: 'host %s unreachable - tos prohibited', 13: 'host %s unreachable - admin prohibited filter',
  14: 'host %s unreachable - host precedence violation', 15: 'host %s unreachable - precedence cutoff',
};
const REDIRECT = ['redirect %s to net %s', 'redirect %s to host %s', 'redirect-tos %s to net %s', 'redirect-tos %s to host %s'];

/** ICMP_ERRTYPE: unreachable, source quench, redirect, time exceeded, parameter problem quote a packet */
const isError = (t: number): boolean => t === 3 || t === 4 || t === 5 || t === 11 || t === 12;

/**
 * One ICMP message. `vflag`: tcpdump's -v count; `check`: the whole message is captured and not a
 * fragment, so -v checks its checksum; `inner(off)`: prints the quoted IP packet at `off`
 */
export function icmpPrint(b: Uint8Array, off: number, len: number, vflag: number, check: boolean, inner: (off: number, end: number) => string): string {
  if (b.length < off + 8) return ' [|icmp]';
  const type = b[off]!;
  const code = b[off + 1]!;
  const ip = off + 8;
  const innerDst = (): string => (b.length >= ip + 20 ? ipv4String(b, ip + 16) : '');
  let str: string;
  switch (type) {
    case 0:
    case 8:
      str = `${ICMP_NAMES[type]}, id ${u16(b, off + 4)}, seq ${u16(b, off + 6)}`;
      break;
    case 3: {
      if (b.length < ip + 20) return ' [|icmp]';
      const dst = innerDst();
      if (code === 0) str = `net ${dst} unreachable`;
      else if (code === 1) str = `host ${dst} unreachable`;
      else if (code === 2) str = `${dst} protocol ${b[ip + 9]!} unreachable`;
      else if (code === 3) {
        const p = b[ip + 9]!;
        const hl = (b[ip]! & 0x0f) * 4;
        const port = b.length >= ip + hl + 4 ? u16(b, ip + hl + 2) : 0;
        str = p === 6 ? `${dst} tcp port ${port} unreachable` : p === 17 ? `${dst} udp port ${port} unreachable` : `${dst} protocol ${p} port ${port} unreachable`;
      } else if (code === 4) {
        const mtu = u16(b, off + 6);
        str = mtu ? `${dst} unreachable - need to frag (mtu ${mtu})` : `${dst} unreachable - need to frag`;
      } else str = (UNREACH[code] ?? `#${code} %s unreachable`).replace('%s', dst);
      break;
    }
    case 5: {
      if (b.length < ip + 20) return ' [|icmp]';
      const fmt = REDIRECT[code] ?? `redirect-#${code} %s to %s`;
      str = fmt.replace('%s', innerDst()).replace('%s', ipv4String(b, off + 4));
      break;
    }
    case 11:
      str = code === 0 ? 'time exceeded in-transit' : code === 1 ? 'ip reassembly time exceeded' : `time exceeded-#${code}`;
      break;
    case 12:
      str = code ? `parameter problem - code ${code}` : `parameter problem - octet ${b[off + 4]!}`;
      break;
    case 18:
      str = `address mask is 0x${u32(b, off + 8).toString(16).padStart(8, '0')}`;
      break;
    case 13:
      str = `time stamp query id ${u16(b, off + 4)} seq ${u16(b, off + 6)}`;
      break;
    case 9: {
      // RFC 1256 router advertisement: lifetime (s, m:ss or h:mm:ss), the number of entries and,
      // when each is two words (address, preference), the entries
      if (b.length < off + 8) return ' [|icmp]';
      const life = u16(b, off + 6);
      const p2 = (n: number): string => String(n).padStart(2, '0');
      const num = b[off + 4]!;
      str = `router advertisement lifetime ${life < 60 ? life : life < 3600 ? `${Math.floor(life / 60)}:${p2(life % 60)}` : `${Math.floor(life / 3600)}:${p2(Math.floor((life % 3600) / 60))}:${p2(life % 60)}`} ${num}:`;
      if (b[off + 5] !== 2) {
        str += ` [size ${b[off + 5]}]`;
        break;
      }
      for (let i = 0, e = off + 8; i < num; i++, e += 8) {
        if (b.length < e + 8) return ` [|icmp]`;
        str += ` {${ipv4String(b, e)} ${u32(b, e + 4)}}`;
      }
      break;
    }
    default:
      str = ICMP_NAMES[type] ?? `type-#${type}`;
  }
  let out = `ICMP ${str}, length ${len}`;
  if (vflag && check) {
    const field = u16(b, off + 2);
    const bad = shouldBe(field, sum16(b, off, off + len));
    if (bad >= 0) out += ` (wrong icmp cksum ${field.toString(16)} (->${bad.toString(16)})!)`;
  }
  // -v: the quoted packet, printed as an IP packet limited to its own length (icmp_print)
  if (vflag && isError(type) && b.length >= ip + 4) out += `\n\t${inner(ip, Math.min(b.length, ip + u16(b, ip + 2)))}`;
  return out;
}

/** print-icmp6.c icmp6_type_values */
const ICMP6_NAMES: Record<number, string> = {
  1: 'destination unreachable', 2: 'packet too big', 3: 'time exceeded in-transit', 4: 'parameter problem', 128: 'echo request', 129: 'echo reply',
  130: 'multicast listener query', 131: 'multicast listener report', 132: 'multicast listener done', 133: 'router solicitation',
  134: 'router advertisement', 135: 'neighbor solicitation', 136: 'neighbor advertisement', 137: 'redirect', 138: 'router renumbering',
  139: 'node information query', 140: 'node information reply', 141: 'inverse neighbor solicitation', 142: 'inverse neighbor advertisement',
  143: 'multicast listener report v2', 144: 'ha discovery request', 145: 'ha discovery reply', 146: 'mobile router solicitation',
  147: 'mobile router advertisement', 151: 'multicast router advertisement', 152: 'multicast router solicitation', 153: 'multicast router termination',
};
/** icmp6_dst_unreach_code_values */
const UNREACH6: Record<number, string> = { 0: 'unreachable route', 1: ' unreachable prohibited', 2: 'beyond scope', 3: 'unreachable address', 4: 'unreachable port' };
/** icmp6_opt_values */
const ND_OPTS: Record<number, string> = {
  1: 'source link-address', 2: 'destination link-address', 3: 'prefix info', 4: 'redirected header', 5: 'mtu', 6: 'nonce',
  7: 'advertisement interval', 8: 'homeagent information', 24: 'route info', 25: 'rdnss', 31: 'dnssl',
};
/** mldv2report2str */
const MLDV2_RECORD: Record<number, string> = { 1: 'is_in', 2: 'is_ex', 3: 'to_in', 4: 'to_ex', 5: 'allow', 6: 'block' };

/** print-icmp6.c get_rtpref: RFC 4191's two-bit preference */
const routerPref = (flags: number): string => ['medium', 'high', 'rsv', 'low'][(flags & 0x18) >> 3]!;
/** print-icmp6.c get_lifetime: all ones is infinity */
const lifetime = (v: number): string => (v === 0xffffffff ? 'infinity' : `${v}s`);

/** bittok2str: the names of the set bits joined by ", ", or "none" */
function bits(v: number, names: Array<[number, string]>): string {
  const s = names.filter(([m]) => (v & m) !== 0).map(([, n]) => n);
  return s.length ? s.join(', ') : 'none';
}

/** the upper-layer header of the packet an ICMPv6 error quotes (print-icmp6.c get_upperlayer) */
function upperLayer(b: Uint8Array, ip6: number): [number, number] | undefined {
  if (b.length < ip6 + 40) return undefined;
  let nh = b[ip6 + 6]!;
  let o = ip6 + 40;
  for (;;) {
    if (nh === 6 || nh === 17) return b.length >= o + 4 ? [nh, o] : undefined;
    if (nh === 0 || nh === 43 || nh === 60) {
      if (b.length < o + 2) return undefined;
      nh = b[o]!;
      o += (b[o + 1]! + 1) * 8;
    } else if (nh === 44) {
      if (b.length < o + 8 || (u16(b, o + 2) & 0xfff8) !== 0) return undefined;
      nh = b[o]!;
      o += 8;
    } else if (nh === 51) {
      if (b.length < o + 2) return undefined;
      nh = b[o]!;
      o += (b[o + 1]! + 2) * 4;
    } else return undefined;
  }
}

/** icmp6_opt_print: one line per option (-v), a hex dump of each with -vv */
function ndOptions(b: Uint8Array, o: number, end: number, vflag: number): string {
  let out = '';
  end = Math.min(end, b.length);
  while (o + 2 <= end) {
    const type = b[o]!;
    const n = b[o + 1]!;
    if (n === 0 || o + n * 8 > end) return `${out}[ndp opt]`;
    out += `\n\t  ${ND_OPTS[type] ?? 'unknown'} option (${type}), length ${n * 8} (${n}): `;
    const data = b.subarray(o + 2, o + n * 8);
    switch (type) {
      case 1:
      case 2:
        out += Array.from(data, (x) => x.toString(16).padStart(2, '0')).join(':');
        break;
      case 5:
        out += ` ${u32(b, o + 4)}${n !== 1 ? 'bad option length' : ''}`;
        break;
      case 3: // RFC 4861 4.6.2
        if (o + 32 > end) return `${out}[ndp opt]`;
        out += `${ipv6String(b, o + 16)}/${b[o + 2]}${n !== 4 ? 'badlen' : ''}, Flags [${bits(b[o + 3]!, [[0x80, 'onlink'], [0x40, 'auto'], [0x20, 'router']])}], valid time ${lifetime(u32(b, o + 4))}, pref. time ${lifetime(u32(b, o + 8))}`;
        break;
      case 25: {
        // RFC 8106 5.1: addresses after the lifetime, two 8-byte units each
        out += ` lifetime ${u32(b, o + 4)}s,`;
        for (let i = 0; i < (n - 1) >> 1; i++) out += ` addr: ${ipv6String(b, o + 8 + 16 * i)}`;
        break;
      }
      case 31: {
        // RFC 8106 5.2: domain names in DNS encoding up to the option's end (zero padding)
        out += ` lifetime ${u32(b, o + 4)}s, domain(s):`;
        const opt = b.subarray(0, o + n * 8);
        for (let d = o + 8; d < o + n * 8 && opt[d] !== 0; ) {
          const name = dnsName(opt, d);
          if (!name) return `${out} [ndp opt]`;
          out += ` ${name[0]}`;
          d = name[1];
        }
        break;
      }
      case 7:
        out += ` ${u32(b, o + 4)}ms`;
        break;
      case 8:
        out += ` preference ${u16(b, o + 4)}, lifetime ${u16(b, o + 6)}`;
        break;
      case 24: {
        // RFC 4191 2.3: 0, 8 or 16 bytes of prefix
        if (n > 3) return `${out}[ndp opt]`;
        const prefix = new Uint8Array(16);
        prefix.set(b.subarray(o + 8, o + 8 + (n - 1) * 8));
        out += ` ${ipv6String(prefix)}/${b[o + 2]}, pref=${routerPref(b[o + 3]!)}, lifetime=${lifetime(u32(b, o + 4))}`;
        break;
      }
      default:
        if (vflag <= 1) return out + hexDump(data, '\n\t  ');
    }
    if (vflag > 1) out += hexDump(data, '\n\t    ');
    o += n * 8;
  }
  return out;
}

/**
 * One ICMPv6 message. `check`: the IPv6 addresses when -v checks the checksum over the whole
 * captured message (the verdict comes first, as icmp6_print prints it)
 */
export function icmp6Print(b: Uint8Array, off: number, len: number, vflag: number, check?: Uint8Array): string {
  if (b.length < off + 4) return 'ICMP6 [|icmp6]';
  let out = '';
  if (check) {
    const field = u16(b, off + 2);
    const bad = shouldBe(field, sum16(b, off, off + len, pseudoSum(check, 58, len)));
    out = bad < 0 ? '[icmp6 sum ok] ' : `[bad icmp6 cksum ${hex4(field)} -> ${hex4(bad)}!] `;
  }
  const type = b[off]!;
  const code = b[off + 1]!;
  out += `ICMP6, ${ICMP6_NAMES[type] ?? `unknown icmp6 type (${type})`}`;
  // "display cosmetics": with -v these print the length right after the name
  if (vflag && (type === 133 || type === 134 || type === 135 || type === 136 || type === 137 || type === 145 || type === 147)) out += `, length ${len}`;
  const oip = off + 8;
  const need = (n: number): boolean => b.length >= off + n;
  switch (type) {
    case 1:
      out += `, ${UNREACH6[code] ?? `unknown unreach code (${code})`}`;
      if (code === 0 || code === 1 || code === 3) {
        if (!need(8 + 40)) return `${out} [|icmp6]`;
        out += ` ${ipv6String(b, oip + 24)}`;
      } else if (code === 2) {
        if (!need(8 + 40)) return `${out} [|icmp6]`;
        out += ` ${ipv6String(b, oip + 24)}, source address ${ipv6String(b, oip + 8)}`;
      } else if (code === 4) {
        const ul = upperLayer(b, oip);
        if (!ul) return `${out} [|icmp6]`;
        const [p, uo] = ul;
        const dport = u16(b, uo + 2);
        const dst = ipv6String(b, oip + 24);
        out += p === 6 ? `, ${dst} tcp port ${dport}` : `, ${dst} udp port ${dport}`;
      }
      break;
    case 2:
      if (!need(8)) return `${out} [|icmp6]`;
      out += `, mtu ${u32(b, off + 4)}`;
      break;
    case 3:
      if (code === 0) {
        if (!need(8 + 40)) return `${out} [|icmp6]`;
        out += ` for ${ipv6String(b, oip + 24)}`;
      } else out += code === 1 ? ' (reassembly)' : `, unknown code (${code})`;
      break;
    case 4: {
      if (!need(8 + 40)) return `${out} [|icmp6]`;
      const ptr = u32(b, off + 4);
      out += code === 0 ? `, erroneous - octet ${ptr}` : code === 1 ? `, next header - octet ${ptr}` : code === 2 ? `, option - octet ${ptr}` : `, code-#${code}`;
      break;
    }
    case 128:
    case 129:
      if (!need(8)) return `${out} [|icmp6]`;
      out += `, id ${u16(b, off + 4)}, seq ${u16(b, off + 6)}`;
      break;
    case 133:
      if (vflag) out += ndOptions(b, off + 8, off + len, vflag);
      break;
    case 134:
      // RFC 4861 4.2, RFC 4191 2.2 (the preference), RFC 5175 (the flags)
      if (vflag) {
        if (!need(16)) return `${out}[|icmp6]`;
        const f = b[off + 5]!;
        out += `\n\thop limit ${b[off + 4]}, Flags [${bits(f, [[0x80, 'managed'], [0x40, 'other stateful'], [0x20, 'home agent']])}], pref ${routerPref(f)}, router lifetime ${u16(b, off + 6)}s, reachable time ${u32(b, off + 8)}ms, retrans timer ${u32(b, off + 12)}ms`;
        out += ndOptions(b, off + 16, off + len, vflag);
      }
      break;
    case 135:
    case 136:
      if (!need(24)) return `${out} [|icmp6]`;
      out += `, ${type === 135 ? 'who has' : 'tgt is'} ${ipv6String(b, off + 8)}`;
      if (vflag) {
        if (type === 136) out += `, Flags [${bits(u32(b, off + 4), [[0x80000000, 'router'], [0x40000000, 'solicited'], [0x20000000, 'override']])}]`;
        out += ndOptions(b, off + 24, off + len, vflag);
      }
      break;
    case 143: {
      if (!need(8)) return `${out} [|icmp6]`;
      const groups = u16(b, off + 6);
      out += `, ${groups} group record(s)`;
      if (vflag) {
        let g = 8;
        for (let i = 0; i < groups; i++) {
          if (len < g + 20 || !need(g + 20)) return `${out} [invalid number of groups]`;
          out += ` [gaddr ${ipv6String(b, off + g + 4)}`;
          out += ` ${MLDV2_RECORD[b[off + g]!] ?? ` [v2-report-#${b[off + g]!}]`}`;
          const nsrc = u16(b, off + g + 2);
          if (len < g + 20 + nsrc * 16 || !need(g + 20 + nsrc * 16)) return `${out} [invalid number of sources ${nsrc}]`;
          if (vflag === 1) out += `, ${nsrc} source(s)`;
          else {
            out += ' {';
            for (let j = 0; j < nsrc; j++) out += ` ${ipv6String(b, off + g + 20 + j * 16)}`;
            out += ' }';
          }
          g += 20 + nsrc * 16;
          out += ']';
        }
      }
      break;
    }
    default:
      break;
  }
  if (!vflag) out += `, length ${len}`;
  return out;
}
