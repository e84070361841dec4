/**
 * IPv4 and IPv6 options as tcpdump -v prints them, from print.ts's IP and IPv6 lines: print-ip.c
 * ip_optprint (with ip_printroute and ip_printts for route and timestamp options),
 * print-ip6opts.c ip6_opt_print (hop-by-hop and destination options) and print-ah.c ah_print.
 */
import { ipv4String } from '../../runtime/format.js';
import { hex2, u16, u32 } from './print_util.js';

const IPOPT_NAMES: Record<number, string> = { 0: 'EOL', 1: 'NOP', 68: 'timestamp', 130: 'security', 7: 'RR', 137: 'SSRR', 131: 'LSRR', 148: 'RA', 82: 'traceroute' };

/**
 * IPv4 options for -v, as print-ip.c ip_optprint names them (`NOP,NOP,EOL`, `RA`, `RA value N`);
 * the contents of route and timestamp options are not decoded
 */
export function ipOptions(b: Uint8Array, o: number, end: number): string {
  const out: string[] = [];
  while (o < end) {
    const code = b[o]!;
    let text = IPOPT_NAMES[code] ?? `unknown ${code}`;
    const len = code === 0 || code === 1 ? 1 : o + 1 < end ? b[o + 1]! : 0;
    if (len < 1 || (len < 2 && code > 1) || len > end - o) {
      out.push(`${text} [bad length ${len}]`);
      break;
    }
    if (code === 148 && len >= 4 && ((b[o + 2]! << 8) | b[o + 3]!) !== 0) text += ` value ${(b[o + 2]! << 8) | b[o + 3]!}`;
    else if (code === 7 || code === 131 || code === 137) text += ipRoute(b, o, len);
    else if (code === 68) text += ipTimestamp(b, o, len);
    out.push(text);
    if (code === 0) break;
    o += len;
  }
  return out.join(',');
}

/** print-ah.c ah_print: its text, the next header and the header's length (or the truncated text) */
export function ahPrint(b: Uint8Array, o: number, vflag: number): [string, number, number] | string {
  // each field printed as far as it was captured, then ` [|ah]`
  let out = 'AH(';
  if (b.length < o + 2) return `${out} [|ah]`;
  const sumlen = b[o + 1]!;
  const ahlen = (sumlen + 2) << 2;
  if (vflag) out += `length=${sumlen}(${ahlen}-bytes),`;
  if (b.length < o + 8) return `${out} [|ah]`;
  out += `spi=0x${u32(b, o + 4).toString(16).padStart(8, '0')},`;
  // -vv shows the reserved field only when it is not zero
  if (vflag > 1 && u16(b, o + 2)) out += `reserved=0x${u16(b, o + 2).toString(16)},`;
  if (b.length < o + 12) return `${out} [|ah]`;
  out += `seq=0x${u32(b, o + 8).toString(16)},icv=0x${Array.from(b.subarray(o + 12, Math.min(b.length, o + ahlen)), hex2).join('')}`;
  if (b.length < o + ahlen) return `${out} [|ah]`;
  return [`${out}): `, b[o]!, ahlen];
}

/** print-ip.c ip_printroute: the addresses of a record-route or source-route option */
function ipRoute(b: Uint8Array, o: number, len: number): string {
  if (len < 3) return ` [bad length ${len}]`;
  let out = (len + 1) & 3 ? ` [bad length ${len}]` : '';
  const ptr = b[o + 2]! - 1;
  if (ptr < 3 || (ptr + 1) & 3 || ptr > len + 1) out += ` [bad ptr ${b[o + 2]!}]`;
  for (let i = 3; i + 4 <= len; i += 4) out += ` ${ipv4String(b, o + i)}${ptr > i ? ',' : ''}`;
  return out;
}

/** print-ip.c ip_printts: a timestamp option, `^` where the next entry goes */
function ipTimestamp(b: Uint8Array, o: number, len: number): string {
  if (len < 4) return `[bad length ${len}]`;
  let out = ' TS{';
  const flags = b[o + 3]!;
  const hop = (flags & 0xf) !== 0 ? 8 : 4;
  if ((len - 4) & (hop - 1)) out += `[bad length ${len}]`;
  const ptr = b[o + 2]! - 1;
  if (ptr < 4 || (ptr - 4) & (hop - 1) || ptr > len + 1) out += `[bad ptr ${b[o + 2]!}]`;
  let i = 4;
  const kind = ['TSONLY', 'TS+ADDR', '', 'PRESPEC'][flags & 0xf];
  if (!kind) out += `[bad ts type ${flags & 0xf}]`;
  else {
    out += kind;
    for (; i < len; i += hop) {
      if (i + hop > len) break;
      const ts = ((b[o + i + hop - 4]! << 24) | (b[o + i + hop - 3]! << 16) | (b[o + i + hop - 2]! << 8) | b[o + i + hop - 1]!) >>> 0;
      out += `${ptr === i ? ' ^ ' : ' '}${ts}@${hop === 8 ? ipv4String(b, o + i) : ''}`;
    }
  }
  out += ptr === i ? ' ^ ' : '';
  return out + (flags >> 4 ? ` [${flags >> 4} hops not recorded]} ` : '}');
}

/** print-ip6opts.c ip6_opt_print: the options of a hop-by-hop or destination options header */
export function ip6Options(b: Uint8Array, o: number, end: number): string {
  let out = '';
  for (let i = o; i < end; ) {
    const t = b[i]!;
    if (t === 0) {
      out += '(pad1)';
      i++;
      continue;
    }
    if (i + 1 >= end) return `${out}[trunc] `;
    const n = b[i + 1]! + 2;
    if (i + n > end) return `${out}[trunc] `;
    const v16 = (b[i + 2]! << 8) | b[i + 3]!;
    if (t === 1) out += '(padn)';
    else if (t === 5) out += n !== 4 ? `(rtalert: invalid len ${n - 2})` : `(rtalert: 0x${v16.toString(16).padStart(4, '0')}) `;
    else if (t === 0xc2) out += n !== 6 ? `(jumbo: invalid len ${n - 2})` : `(jumbo: ${((v16 << 16) | (b[i + 4]! << 8) | b[i + 5]!) >>> 0}) `;
    else out += `(type 0x${t.toString(16).padStart(2, '0')}: len=${n - 2})`;
    i += n;
  }
  return out + ' ';
}
