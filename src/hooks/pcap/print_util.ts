/**
 * Helpers shared by the packet printer's modules (print.ts, print_icmp.ts, print_dns.ts):
 * tcpdump's checksum arithmetic (in_cksum.c, in_cksum_shouldbe), its hex dump (print-ascii.c
 * hex_print_with_offset, which print_unknown_data uses) and its character escaping (fn_print_char).
 */

/** the one's complement sum of b[from .. to) as big-endian 16-bit words (an odd last byte padded), plus `init` */
export function sum16(b: Uint8Array, from: number, to: number, init = 0): number {
  let s = init;
  let i = from;
  for (; i + 1 < to; i += 2) s += (b[i]! << 8) | b[i + 1]!;
  if (i < to) s += b[i]! << 8;
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return s;
}

/**
 * tcpdump's checksum verdict for a field holding `field` over data whose sum (field included) is
 * `sum`: -1 when correct, else the value the field should have held (in_cksum_shouldbe)
 */
export function shouldBe(field: number, sum: number): number {
  const computed = ~sum & 0xffff;
  if (computed === 0) return -1;
  let v = field + computed;
  v = (v & 0xffff) + (v >>> 16);
  v = (v & 0xffff) + (v >>> 16);
  return v;
}

/** the TCP/UDP/ICMPv6 pseudo-header's sum: the addresses (4+4 or 16+16 bytes), protocol and length */
export const pseudoSum = (addrs: Uint8Array, proto: number, len: number): number =>
  sum16(addrs, 0, addrs.length, proto + (len >>> 16) + (len & 0xffff));

/** big-endian 16- and 32-bit fields (tcpdump's GET_BE_U_2, GET_BE_U_4) */
export const u16 = (b: Uint8Array, o: number): number => (b[o]! << 8) | b[o + 1]!;
export const u32 = (b: Uint8Array, o: number): number => ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;

export const hex4 = (n: number): string => `0x${n.toString(16).padStart(4, '0')}`;
export const hex2 = (n: number): string => n.toString(16).padStart(2, '0');

/** six bytes as a MAC address, `02:00:00:00:00:01` (etheraddr_string with -n) */
export const macString = (b: Uint8Array, o: number): string => Array.from(b.subarray(o, o + 6), hex2).join(':');

/** hex_print_with_offset: `prefix0x0000: ` and 16 bytes a line in groups of two */
export function hexDump(d: Uint8Array, prefix: string): string {
  let out = '';
  for (let i = 0; i < d.length; i += 2) {
    if (i % 16 === 0) out += `${prefix}0x${(i).toString(16).padStart(4, '0')}: `;
    out += i + 1 < d.length ? ` ${hex2(d[i]!)}${hex2(d[i + 1]!)}` : ` ${hex2(d[i]!)}`;
  }
  return out;
}

/**
 * print-ascii.c hex_and_ascii_print (what ND_DEFAULTPRINT prints): 16 bytes a line, the hex in
 * groups of two padded to 40 columns, then the bytes 0x21-0x7e as themselves and the rest as `.`
 */
export function hexAsciiDump(d: Uint8Array, prefix: string): string {
  let out = '';
  for (let o = 0; o < d.length; o += 16) {
    const row = d.subarray(o, Math.min(d.length, o + 16));
    let hex = '';
    for (let i = 0; i < row.length; i += 2) hex += i + 1 < row.length ? ` ${hex2(row[i]!)}${hex2(row[i + 1]!)}` : ` ${hex2(row[i]!)}`;
    const ascii = Array.from(row, (c) => (c > 0x20 && c < 0x7f ? String.fromCharCode(c) : '.')).join('');
    out += `${prefix}0x${o.toString(16).padStart(4, '0')}: ${hex.padEnd(40)}  ${ascii}`;
  }
  return out;
}

/** bytes as tcpdump's fn_print_char shows them: M- for the high bit, ^ for control characters */
export function printable(p: Uint8Array): string {
  let out = '';
  for (let c of p) {
    if (c & 0x80) {
      c &= 0x7f;
      out += 'M-';
    }
    if (c < 0x20 || c === 0x7f) {
      c ^= 0x40;
      out += '^';
    }
    out += String.fromCharCode(c);
  }
  return out;
}

/** nd_printjnp: the bytes up to the first NUL, escaped as fn_print_char does */
export function printableToNul(p: Uint8Array): string {
  const nul = p.indexOf(0);
  return printable(nul >= 0 ? p.subarray(0, nul) : p);
}

/** util-print.c unsigned_relts_print: `1h1m1s`, `0s` */
export function relTime(secs: number): string {
  if (secs === 0) return '0s';
  let out = '';
  for (const [n, l] of [[31536000, 'y'], [604800, 'w'], [86400, 'd'], [3600, 'h'], [60, 'm'], [1, 's']] as const) {
    if (secs >= n) {
      out += `${Math.floor(secs / n)}${l}`;
      secs %= n;
    }
  }
  return out;
}
