/**
 * Link-layer protocols carried in Ethernet frames, as tcpdump 4.99 prints them without -v: LLDP
 * (print-lldp.c: the length and the system name) and PPPoE (print-pppoe.c: discovery codes with
 * their tags; session frames with PPP inside, print-ppp.c for IPv4, IPv6 and LCP's header).
 */
import { hex2, printable, u16 } from './print_util.js';

/** lldp_print without -v: `LLDP, length N`, `: NAME` at a system-name TLV, ` [|lldp]` when a TLV is cut */
export function lldpPrint(b: Uint8Array, o: number, len: number): string {
  let out = `LLDP, length ${len}`;
  let t = o;
  let left = len;
  while (left >= 2) {
    if (b.length < t + 2) return `${out} [|lldp]`;
    const type = b[t]! >> 1;
    const tlen = u16(b, t) & 0x1ff;
    t += 2;
    left -= 2;
    // the loop stops at the end TLV (type 0) or a TLV of no length
    if (!type || !tlen) break;
    if (b.length < t + tlen || left < tlen) return `${out} [|lldp]`;
    if (type === 5) out += `: ${printable(b.subarray(t, t + tlen))}`;
    t += tlen;
    left -= tlen;
  }
  return out;
}

/** print-pppoe.c pppoecode2str and pppoetag2str */
const PPPOE_CODES: Record<number, string> = { 0x09: 'PADI', 0x07: 'PADO', 0x19: 'PADR', 0x65: 'PADS', 0xa7: 'PADT', 0: '' };
const PPPOE_TAGS: Record<number, string> = {
  0: 'End-Of-List', 0x101: 'Service-Name', 0x102: 'AC-Name', 0x103: 'Host-Uniq', 0x104: 'AC-Cookie', 0x105: 'Vendor-Specific',
  0x110: 'Relay-Session-ID', 0x120: 'PPP-Max-Payload', 0x201: 'Service-Name-Error', 0x202: 'AC-System-Error', 0x203: 'Generic-Error',
};
/** print-ppp.c cpcodes (LCP's codes) */
const LCP_CODES = ['Vend-Ext', 'Conf-Request', 'Conf-Ack', 'Conf-Nack', 'Conf-Reject', 'Term-Request', 'Term-Ack', 'Code-Reject', 'Prot-Reject',
  'Echo-Request', 'Echo-Reply', 'Disc-Req', 'Ident', 'Time-Rem', 'Reset-Req', 'Reset-Ack'];

/**
 * pppoe_print: `PPPoE CODE [ses 0xN]`, then a discovery frame's tags (quoted text when mostly
 * printable, hex otherwise) or a session frame's PPP payload, printed by `ppp`
 */
export function pppoePrint(b: Uint8Array, o: number, len: number, ppp: (proto: number, o: number, len: number) => string): string {
  if (b.length < o + 6) return 'PPPoE [|pppoe]';
  const code = b[o + 1]!;
  const ses = u16(b, o + 2);
  let plen = u16(b, o + 4);
  const vt = b[o]!;
  let out = `PPPoE ${vt === 0x11 ? PPPOE_CODES[code] ?? `PAD-${code.toString(16)}` : `[ver ${vt >> 4}, type ${vt & 0xf}] `}`;
  if (code === 0x09 && plen > len - 6) out += ` [len ${plen}!]`;
  if (plen > len - 6) {
    out += ` [len ${plen} > ${len - 6}!]`;
    plen = len - 6;
  }
  if (ses) out += ` [ses 0x${ses.toString(16)}]`;
  const p0 = o + 6;
  if (code === 0) {
    // ppp_print: an odd first byte is a compressed one-byte protocol field (RFC 1661 6.5)
    if (b.length < p0 + 1) return `${out}  [|ppp]`;
    const one = (b[p0]! & 1) === 1;
    if (!one && b.length < p0 + 2) return `${out}  [|ppp]`;
    return `${out} ${ppp(one ? b[p0]! : u16(b, p0), p0 + (one ? 1 : 2), plen)}`;
  }
  for (let p = p0; p < p0 + plen; ) {
    if (b.length < p + 4) return `${out} [|pppoe]`;
    const tag = u16(b, p);
    const tlen = u16(b, p + 2);
    p += 4;
    const name = PPPOE_TAGS[tag] ?? `TAG-0x${tag.toString(16)}`;
    if (tlen) {
      if (b.length < p + tlen) return `${out} [${name} [|pppoe]`;
      const v = b.subarray(p, p + tlen);
      const ascii = v.filter((c) => c >= 0x20 && c < 0x7f).length;
      out += ascii > tlen - ascii
        ? ` [${name} "${Array.from(v.subarray(0, 80), (c) => (c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : '.')).join('')}"]`
        : ` [${name} 0x${Array.from(v.subarray(0, 32), hex2).join('')}]`;
    } else out += ` [${name}]`;
    p += tlen;
    if (tag === 0) break;
  }
  return out;
}

/** handle_ctrl_proto for LCP: `LCP, CODE (0xNN), id N, length N` (`len`, the PPP frame's; its options need -v) */
export function lcpPrint(b: Uint8Array, o: number, len: number): string {
  if (b.length < o + 4) return 'LCP [|lcp]';
  const code = b[o]!;
  return `LCP, ${LCP_CODES[code] ?? 'unknown'} (0x${hex2(code)}), id ${b[o + 1]}, length ${len}`;
}

/** print-ppp.c ppptype2str, for -e's `IP (0x0021), length N: ` */
export const PPP_NAMES: Record<number, string> = { 0x21: 'IP', 0x57: 'IPv6', 0xc021: 'LCP', 0x8021: 'IPCP', 0x8057: 'IP6CP', 0xc023: 'PAP', 0xc223: 'CHAP' };
