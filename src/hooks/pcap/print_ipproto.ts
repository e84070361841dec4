/**
 * IP protocols beyond TCP/UDP/ICMP/IGMP, as tcpdump 4.99 prints them: SCTP chunks (print-sctp.c),
 * GRE versions 0 and its payload (print-gre.c), ESP (print-esp.c), OSPF's and PIMv2's first line
 * (print-ospf.c, print-pim.c), VRRP advertisements (print-vrrp.c), and the IPv6 routing header
 * (print-rt6.c). Each takes the protocol's bytes at `o` in `b` and its length on the wire.
 */
import { ipv4String, ipv6String } from '../../runtime/format.js';
import { hexAsciiDump, hexDump, printableToNul, pseudoSum, relTime, sum16, u16, u32 } from './print_util.js';

/** print-sctp.c sctp_chunkid_str */
const SCTP_CHUNKS: Record<number, string> = {
  0: 'DATA', 1: 'INIT', 2: 'INIT ACK', 3: 'SACK', 4: 'HB REQ', 5: 'HB ACK', 6: 'ABORT', 7: 'SHUTDOWN', 8: 'SHUTDOWN ACK', 9: 'OP ERR',
  10: 'COOKIE ECHO', 11: 'COOKIE ACK', 12: 'ECN ECHO', 13: 'ECN CWR', 14: 'SHUTDOWN COMPLETE',
};

/**
 * sctp_print: the ports, then each chunk `(N) [TYPE] …` — at -vv each on its own line (`\n\tN) `)
 * — with the fields of DATA, INIT, INIT ACK and SACK
 */
export function sctpPrint(b: Uint8Array, o: number, len: number, hosts: [string, string], vflag: number): string {
  // sctp_print checks the common header before it prints the ports (and, heading the line, the addresses)
  if (b.length < o + 12) return ' [|sctp]';
  let out = `${hosts[0]}.${u16(b, o)} > ${hosts[1]}.${u16(b, o + 2)}: sctp`;
  const end = Math.min(b.length, o + len);
  let sep = vflag >= 2 ? '\n\t' : ' (';
  let n = 1;
  for (let c = o + 12; c < end; n++) {
    // the chunk is checked whole before its number and name are printed
    if (c + 4 > b.length) return `${out} [|sctp]`;
    const type = b[c]!;
    const flags = b[c + 1]!;
    const clen = u16(b, c + 2);
    if (clen < 4) return `${out}${sep}${n}) [Bad chunk length ${clen}, < size of chunk descriptor]`;
    if (c + clen > b.length) return `${out} [|sctp]`;
    out += `${sep}${n}) [${SCTP_CHUNKS[type] ?? `Unknown chunk type: 0x${type.toString(16)}`}] `;
    const d = c + 4;
    switch (type) {
      case 0:
        if (clen < 16) break;
        // unordered, beginning and end of a fragmented message
        if (flags & 4) out += '(U)';
        if (flags & 2) out += '(B)';
        if (flags & 1) out += '(E)';
        if (flags & 7) out += ' ';
        out += `[TSN: ${u32(b, d)}] [SID: ${u16(b, d + 4)}] [SSEQ ${u16(b, d + 6)}] [PPID 0x${u32(b, d + 8).toString(16)}] `;
        // -vv: the user data in hex and ASCII (sctp_print's `[Payload:` … `]`)
        if (vflag >= 2) out += `[Payload:${hexAsciiDump(b.subarray(d + 12, c + clen), '\n\t')}]`;
        break;
      case 1:
      case 2:
        if (clen < 20) break;
        out += `[init tag: ${u32(b, d)}] [rwnd: ${u32(b, d + 4)}] [OS: ${u16(b, d + 8)}] [MIS: ${u16(b, d + 10)}] [init TSN: ${u32(b, d + 12)}] `;
        break;
      case 3: {
        if (clen < 16) break;
        const gaps = u16(b, d + 8);
        const dups = u16(b, d + 10);
        out += `[cum ack ${u32(b, d)}] [a_rwnd ${u32(b, d + 4)}] [#gap acks ${gaps}] [#dup tsns ${dups}] `;
        let g = d + 12;
        for (let i = 1; i <= gaps && g + 4 <= c + clen; i++, g += 4) out += `\n\t\t[gap ack block #${i}: start = ${u16(b, g)}, end = ${u16(b, g + 2)}] `;
        for (let i = 1; i <= dups && g + 4 <= c + clen; i++, g += 4) out += `\n\t\t[dup TSN #${i}: ${u32(b, g)}] `;
        break;
      }
    }
    c += (clen + 3) & ~3;
    if (vflag < 2) sep = ', (';
  }
  return out;
}

/** ethertype_values for the payloads GRE carries, for -e's `proto IPv4 (0x0800)` */
const GRE_PROTOS: Record<number, string> = { 0x0800: 'IPv4', 0x86dd: 'IPv6', 0x6558: 'TEB', 0x8847: 'MPLS unicast', 0x8848: 'MPLS multicast', 0x0806: 'ARP', 0x880b: 'PPP' };

/** print-gre.c gre_flag_values, for -v */
const GRE_FLAGS: Array<[number, string]> = [[0x8000, 'checksum present'], [0x4000, 'routing present'], [0x2000, 'key present'], [0x1000, 'sequence# present'],
  [0x0800, 'source routing present'], [0x0700, 'recursion count'], [0x0080, 'ack present']];
/**
 * bittok2str: util-print.c's bittok2str_internal compares each name's value with one bit of the
 * flags at a time, so a name of several bits (`recursion count`, 0x0700) is never printed
 */
const greFlags = (f: number): string => GRE_FLAGS.filter(([m]) => (m & (m - 1)) === 0 && (f & m) !== 0).map(([, t]) => t).join(', ') || 'none';

/**
 * gre_print: `GREvN`, then for version 0 the optional fields, the length and the payload (IPv4,
 * IPv6, MPLS or an Ethernet frame under Transparent Ethernet Bridging, printed by `inner`)
 */
export function grePrint(b: Uint8Array, o: number, len: number, vflag: number, eflag: boolean, inner: (type: number, o: number, len: number) => string | undefined): string {
  if (b.length < o + 2) return ' [|gre]';
  const flags = u16(b, o);
  const vers = flags & 7;
  let out = `GREv${vers}`;
  if (vers === 1) return out + gre1(b, o, len, flags, vflag, eflag);
  if (vers !== 0) return `${out} ERROR: unknown-version`;
  if (vflag) out += `, Flags [${greFlags(flags)}]`;
  if (b.length < o + 4) return `${out} [|gre]`;
  const prot = u16(b, o + 2);
  let p = o + 4;
  if (flags & 0xc000) {
    if (b.length < p + 4) return `${out} [|gre]`;
    if (vflag) out += `, sum 0x${u16(b, p).toString(16)}`;
    out += `, off 0x${u16(b, p + 2).toString(16)}`;
    p += 4;
  }
  if (flags & 0x2000) {
    if (b.length < p + 4) return `${out} [|gre]`;
    out += `, key=0x${u32(b, p).toString(16)}`;
    p += 4;
  }
  if (flags & 0x1000) {
    if (b.length < p + 4) return `${out} [|gre]`;
    out += `, seq ${u32(b, p)}`;
    p += 4;
  }
  if (flags & 0x4000) {
    // RFC 1701 source route entries (gre_sre_print): only those of unknown address families are
    // shown, as `(rtaf=0x…)`; an IPv4 or ASN route list is not decoded
    for (;;) {
      if (b.length < p + 4) return `${out} [|gre]`;
      const af = u16(b, p);
      const srelen = b[p + 3]!;
      p += 4;
      if (af === 0 && srelen === 0) break;
      if (af === 0x0800 || af === 0xfffe) return `${out} [|gre]`;
      out += `, (rtaf=0x${af.toString(16)})`;
      if (len - (p - o) < srelen || b.length < p + srelen) return `${out} [|gre]`;
      p += srelen;
    }
  }
  if (eflag) out += `, proto ${GRE_PROTOS[prot] ?? 'unknown'} (0x${prot.toString(16).padStart(4, '0')})`;
  // -v puts the payload on the next line
  out += vflag ? `, length ${len}\n\t` : `, length ${len}: `;
  const payload = inner(prot, p, len - (p - o));
  return out + (payload ?? `gre-proto-0x${prot.toString(16)}`);
}

/** gre_print_1 (PPTP's enhanced GRE, RFC 2637): call id, sequence and acknowledgment numbers; the PPP payload is not decoded */
function gre1(b: Uint8Array, o: number, len: number, flags: number, vflag: number, eflag: boolean): string {
  let out = vflag ? `, Flags [${greFlags(flags)}]` : '';
  if (b.length < o + 4) return `${out} [|gre]`;
  const prot = u16(b, o + 2);
  let p = o + 4;
  for (const [bit, name] of [[0x2000, 'call'], [0x1000, 'seq'], [0x0080, 'ack']] as const) {
    if (!(flags & bit)) continue;
    if (b.length < p + 4) return `${out} [|gre]`;
    out += `, ${name} ${bit === 0x2000 ? u32(b, p) & 0xffff : u32(b, p)}`;
    p += 4;
  }
  if (!(flags & 0x1000)) out += ', no-payload';
  if (eflag) out += `, proto ${GRE_PROTOS[prot] ?? 'unknown'} (0x${prot.toString(16).padStart(4, '0')})`;
  out += `, length ${len}`;
  if (!(flags & 0x1000)) return out;
  return `${out}${vflag ? '\n\t' : ': '}gre-proto-0x${prot.toString(16)}`;
}

export function espPrint(b: Uint8Array, o: number, len: number): string {
  if (b.length < o + 8) return 'ESP [|esp]';
  return `ESP(spi=0x${u32(b, o).toString(16).padStart(8, '0')},seq=0x${u32(b, o + 4).toString(16)}), length ${len}`;
}

/** print-ospf.c ospf_type_values */
const OSPF_TYPES = ['', 'Hello', 'Database Description', 'LS-Request', 'LS-Update', 'LS-Ack'];

/** ospf_print's first line (-v's header fields and packet bodies are not decoded here) */
export function ospfPrint(b: Uint8Array, o: number, len: number, vflag = 0): string {
  if (b.length < o + 2) return 'OSPF [|ospf]';
  const out = `OSPFv${b[o]}, ${OSPF_TYPES[b[o + 1]!] || `unknown packettype ${b[o + 1]}`}, length ${len}`;
  return vflag && b[o] === 2 ? out + ospfV2Body(b, o, len) : out;
}

/** ospf_option_values, bit by bit */
const OSPF_OPTIONS = ['MultiTopology', 'External', 'Multicast', 'NSSA', 'LLS', 'Demand Circuit', 'Opaque', 'Up/Down'];

/**
 * ospf_print's -v header (router id, area, authentication) and ospf_decode_v2's hello (options,
 * timers, mask, priority, designated routers, neighbours); the other packet types' bodies
 * (database description, link-state requests, updates, acknowledgements) are not decoded
 */
function ospfV2Body(b: Uint8Array, o: number, len: number): string {
  if (b.length < o + 24) return ' [|ospf]';
  const area = u32(b, o + 8);
  const auth = u16(b, o + 14);
  let out = `\n\tRouter-ID ${ipv4String(b, o + 4)}, ${area ? `Area ${ipv4String(b, o + 8)}` : 'Backbone Area'}, Authentication Type: ${['none', 'simple', 'MD5'][auth] ?? 'unknown'} (${auth})`;
  if (auth === 1) out += `\n\tSimple text password: ${printableToNul(b.subarray(o + 16, o + 24))}`;
  else if (auth === 2) out += `\n\tKey-ID: ${b[o + 18]}, Auth-Length: ${b[o + 19]}, Crypto Sequence Number: 0x${u32(b, o + 20).toString(16).padStart(8, '0')}`;
  else if (auth !== 0) return out;
  if (b[o + 1] !== 1) return out;
  if (b.length < o + 44) return `${out} [|ospf]`;
  const opts = b[o + 30]!;
  out += `\n\tOptions [${OSPF_OPTIONS.filter((_, i) => opts & (1 << i)).join(', ') || 'none'}]`;
  out += `\n\t  Hello Timer ${u16(b, o + 28)}s, Dead Timer ${u32(b, o + 32)}s, Mask ${ipv4String(b, o + 24)}, Priority ${b[o + 31]}`;
  if (u32(b, o + 36)) out += `\n\t  Designated Router ${ipv4String(b, o + 36)}`;
  if (u32(b, o + 40)) out += `, Backup Designated Router ${ipv4String(b, o + 40)}`;
  // the neighbours run to the end of the OSPF packet (its own length field, or the IP payload's)
  const end = o + Math.min(len, u16(b, o + 2));
  if (o + 44 < end) out += '\n\t  Neighbor List:';
  for (let a = o + 44; a < end; a += 4) {
    if (b.length < a + 4) return `${out} [|ospf]`;
    out += `\n\t    ${ipv4String(b, a)}`;
  }
  return out;
}

/** print-pim.c pimv2_type_values */
const PIM_TYPES = ['Hello', 'Register', 'Register Stop', 'Join / Prune', 'Bootstrap', 'Assert', 'Graft', 'Graft Acknowledgement', 'Candidate RP Advertisement',
  'Prune Refresh', 'DF Election', 'ECMP Redirect'];

/** pimv2_hello_option_values */
const PIM_HELLO_OPTS: Record<number, string> = { 1: 'Hold Time', 2: 'LAN Prune Delay', 18: 'DR Priority (Old)', 19: 'DR Priority', 20: 'Generation ID',
  21: 'State Refresh Capability', 22: 'Bi-Directional Capability', 24: 'Address List', 65001: 'Address List (Old)' };

/**
 * pim_print: version 2's first line; other versions undefined (the generic line). -v moves the
 * type to a line of its own with the checksum (pimv2_print: `(unverified)` when zero, else
 * checked over the message — with IPv6's pseudo-header — when captured whole) and decodes a
 * hello's options (hold time, DR priority, generation id; -vv each in hex); the other types'
 * bodies (join/prune, register, bootstrap, assert…) are not decoded
 */
export function pimPrint(b: Uint8Array, o: number, len: number, vflag = 0, addrs?: Uint8Array): string | undefined {
  if (b.length < o + 1 || b[o]! >> 4 !== 2) return undefined;
  const type = PIM_TYPES[b[o]! & 0xf] ?? 'Unknown Type';
  if (!vflag) return `PIMv2, ${type}, length ${len}`;
  let out = `PIMv2, length ${len}\n\t${type}`;
  if (len < 2) return `${out}[length ${len} < 2] (invalid)`;
  if (b.length < o + 2) return `${out} [|pim]`;
  if (b[o + 1]! & 0x0f) out += ', RFC2117-encoding';
  if (len < 4) return `${out}[length ${len} < 4] (invalid)`;
  if (b.length < o + 4) return `${out} [|pim]`;
  const cksum = u16(b, o + 2);
  out += `, cksum 0x${cksum.toString(16).padStart(4, '0')} `;
  if (cksum === 0 || o + len > b.length || (b[o]! & 0xf) === 1) out += '(unverified)';
  else out += sum16(b, o, o + len, addrs && addrs.length === 32 ? pseudoSum(addrs, 103, len) : 0) === 0xffff ? '(correct)' : '(incorrect)';
  if ((b[o]! & 0xf) !== 0) return out;
  for (let p = o + 4, left = len - 4; left > 0;) {
    if (left < 4 || b.length < p + 4) return `${out} [|pim]`;
    const t = u16(b, p);
    const n = u16(b, p + 2);
    out += `\n\t  ${PIM_HELLO_OPTS[t] ?? 'Unknown'} Option (${t}), length ${n}, Value: `;
    p += 4;
    left -= 4;
    if (left < n || b.length < p + n) return `${out} [|pim]`;
    const wrong = (want: number): string => `ERROR: Option Length != ${want} Bytes (${n})`;
    if (t === 1) out += n !== 2 ? wrong(2) : relTime(u16(b, p));
    else if (t === 18 || t === 19) out += n === 0 ? 'Bi-Directional Capability (Old)' : n === 4 ? String(u32(b, p)) : wrong(4);
    else if (t === 20) out += n !== 4 ? wrong(4) : `0x${u32(b, p).toString(16).padStart(8, '0')}`;
    else if (t !== 22 && vflag <= 1) out += hexDump(b.subarray(p, p + n), '\n\t    ');
    if (vflag > 1) out += hexDump(b.subarray(p, p + n), '\n\t    ');
    p += n;
    left -= n;
  }
  return out;
}

/**
 * vrrp_print: version 2 and 3 advertisements; `ttl`, the IP header's (anything but 255 is shown);
 * `addrs`, the IP source and destination (8 bytes for IPv4). -v checks the checksum of a whole
 * captured advertisement (version 2 over the message, version 3 with IPv4's pseudo-header; over
 * IPv6 tcpdump 4.99 reads an IPv4 header where there is none, which tsbpf does not imitate) and
 * lists the addresses — always 4 bytes each, as tcpdump reads them even over IPv6 — and a simple
 * authentication's password
 */
export function vrrpPrint(b: Uint8Array, o: number, len: number, ttl: number, addrs: Uint8Array, vflag: number): string {
  if (b.length < o + 1) return 'VRRP [|vrrp]';
  const version = b[o]! >> 4;
  const type = b[o]! & 0xf;
  let out = `VRRPv${version}, ${type === 1 ? 'Advertisement' : `unknown type ${type}`}`;
  if (ttl !== 255) out += `, (ttl ${ttl})`;
  if (version < 2 || version > 3 || type !== 1) return out;
  if (b.length < o + 8) return `${out} [|vrrp]`;
  out += `, vrid ${b[o + 1]}, prio ${b[o + 2]}`;
  const naddrs = b[o + 3]!;
  const auth = b[o + 4]!;
  if (version === 2) out += `, authtype ${['none', 'simple', 'ah'][auth] ?? `#${auth}`}, intvl ${b[o + 5]}s, length ${len}`;
  else out += `, intvl ${u16(b, o + 4) & 0xfff}cs, length ${len}`;
  if (!vflag) return out;
  if (o + len <= b.length && (version === 2 || addrs.length === 8)) {
    const sum = version === 2 ? sum16(b, o, o + len) : sum16(b, o, o + len, pseudoSum(addrs, 112, len));
    if (sum !== 0xffff) out += `, (bad vrrp cksum ${u16(b, o + 6).toString(16)})`;
  }
  out += `, addrs${naddrs > 1 ? `(${naddrs})` : ''}:`;
  let a = o + 8;
  for (let i = 0; i < naddrs; i++, a += 4) {
    if (b.length < a + 4) return `${out} [|vrrp]`;
    out += `${i ? ',' : ' '}${ipv4String(b, a)}`;
  }
  if (version === 2 && auth === 1) {
    // nd_printjnp: up to 8 bytes, stopping at a NUL (RFC 2338 5.3.10 pads the password with zeros)
    out += ' auth "';
    const pw = b.subarray(a, Math.min(b.length, a + 8));
    out += printableToNul(pw);
    if (pw.indexOf(0) < 0 && pw.length < 8) return `${out} [|vrrp]`;
    out += '"';
  }
  return out;
}

/**
 * rt6_print: the routing header `RT6 (len=…, type=…, segleft=…, [0]addr, …) `, and its length in
 * bytes; types 0 and 2 (deprecated source route, mobile IPv6) and 4 (segment routing) list
 * their addresses
 */
export function rt6Print(b: Uint8Array, o: number, vflag: number): [string, number] | string {
  if (b.length < o + 4) return 'RT6 [|rt6]';
  const n = (b[o + 1]! + 1) * 8;
  const type = b[o + 2]!;
  const segleft = b[o + 3]!;
  let out = `RT6 (len=${b[o + 1]}, type=${type}${type === 0 ? ' [Deprecated]' : ''}, segleft=${segleft}`;
  let first: number;
  if (type === 0 || type === 2) {
    if (vflag) out += `, rsv=0x${u32(b, o + 4).toString(16)}`;
    first = o + 8;
  } else if (type === 4) {
    if (b.length < o + 8) return `${out} [|rt6]`;
    out += `, last-entry=${b[o + 4]}`;
    if (vflag) out += `, flags=0x${b[o + 5]!.toString(16)}`;
    out += `, tag=${u16(b, o + 6).toString(16)}`;
    first = o + 8;
  } else return [`${out}) `, n];
  for (let a = first, i = 0; a < o + n; a += 16, i++) {
    if (b.length < a + 16) return `${out} [|rt6]`;
    out += `, [${i}]${ipv6String(b, a)}`;
  }
  return [`${out}) `, n];
}
