/**
 * Link-layer protocols carried in Ethernet frames, as tcpdump 4.99 prints them: LLDP
 * (print-lldp.c: the length and the system name, with -v every TLV) and PPPoE (print-pppoe.c: discovery codes with
 * their tags; session frames with PPP inside, print-ppp.c for IPv4, IPv6 and LCP's header).
 */
import { ipv4String, ipv6String } from '../../runtime/format.js';
import { hex2, hexDump, macString, printable, u16, u32 } from './print_util.js';

/** print-lldp.c lldp_tlv_values, lldp_chassis_subtype_values, lldp_port_subtype_values, lldp_cap_values */
const LLDP_TLVS: Record<number, string> = { 0: 'End', 1: 'Chassis ID', 2: 'Port ID', 3: 'Time to Live', 4: 'Port Description', 5: 'System Name',
  6: 'System Description', 7: 'System Capabilities', 8: 'Management Address', 127: 'Organization specific' };
const LLDP_CHASSIS = ['', 'Chassis component', 'Interface alias', 'Port component', 'MAC address', 'Network address', 'Interface name', 'Local'];
const LLDP_PORT = ['', 'Interface alias', 'Port component', 'MAC address', 'Network Address', 'Interface Name', 'Agent circuit ID', 'Local'];
const LLDP_CAPS = ['Other', 'Repeater', 'Bridge', 'WLAN AP', 'Router', 'Telephone', 'Docsis', 'Station Only'];
/** af_values as lldp_network_addr_print names them */
const LLDP_AFS: Record<number, string> = { 1: 'IPv4', 2: 'IPv6', 6: '802' };
/** lldp_intf_numb_subtype_values */
const LLDP_INTF_NUMBERING: Record<number, string> = { 1: 'Unknown', 2: 'Interface Index', 3: 'System Port Number' };

/** lldp_network_addr_print: `AFI IPv4 (1): 10.0.0.1`, undefined when too short for its family */
function lldpNetAddr(b: Uint8Array, o: number, len: number): string | undefined {
  if (len < 1) return undefined;
  const af = b[o]!;
  const name = `AFI ${LLDP_AFS[af] ?? 'Unknown'} (${af})`;
  const need: Record<number, number> = { 1: 4, 2: 16, 6: 6 };
  if (need[af] === undefined) return `${name}, no AF printer !`;
  if (len - 1 < need[af]!) return undefined;
  return `${name}: ${af === 1 ? ipv4String(b, o + 1) : af === 2 ? ipv6String(b, o + 1) : macString(b, o + 1)}`;
}

/** lldp_mgmt_addr_tlv_print: the address, the interface numbering and the optional OID; undefined when a part is short */
function lldpMgmtAddr(b: Uint8Array, o: number, len: number): string | undefined {
  if (len < 1) return undefined;
  const alen = b[o]!;
  if (len - 1 < alen) return undefined;
  const addr = lldpNetAddr(b, o + 1, alen);
  if (addr === undefined) return undefined;
  let out = `\n\t  Management Address length ${alen}, ${addr}`;
  let t = o + 1 + alen;
  let left = len - 1 - alen;
  if (left < 5) return undefined;
  out += `\n\t  ${LLDP_INTF_NUMBERING[b[t]!] ?? 'Unknown'} Interface Numbering (${b[t]}): ${u32(b, t + 1)}`;
  t += 5;
  left -= 5;
  if (left) {
    const oid = b[t]!;
    if (left < 1 + oid) return undefined;
    if (oid) out += `\n\t  OID length ${oid}${printable(b.subarray(t + 1, t + 1 + oid))}`;
  }
  return out;
}

/**
 * one TLV's -v text after its `\n\tNAME TLV (T), length L` line, and whether tcpdump follows it
 * with a hex dump even at -v (a subtype or type it does not decode); undefined when the TLV is too
 * short for its fields (lldp_print's `goto trunc`)
 */
function lldpTlv(type: number, b: Uint8Array, t: number, tlen: number): [string, boolean] | undefined {
  const text = (o: number, n: number): string => printable(b.subarray(o, o + n));
  switch (type) {
    case 1:
    case 2: {
      if (tlen < 2) return undefined;
      const sub = b[t]!;
      const names = type === 1 ? LLDP_CHASSIS : LLDP_PORT;
      const out = `\n\t  Subtype ${names[sub] || 'Unknown'} (${sub}): `;
      // the MAC and network-address subtypes are 4 and 5 for a chassis, 3 and 4 for a port
      const mac = type === 1 ? 4 : 3;
      if (sub === mac) return tlen < 7 ? undefined : [out + macString(b, t + 1), false];
      if (sub === mac + 1) {
        const a = lldpNetAddr(b, t + 1, tlen - 1);
        return a === undefined ? undefined : [out + a, false];
      }
      if (sub >= 1 && sub <= 7) return [out + text(t + 1, tlen - 1), false];
      return [out, true];
    }
    case 3: return tlen < 2 ? undefined : [`: TTL ${u16(b, t)}s`, false];
    case 4: return [`: ${text(t, tlen)}`, false];
    case 5: return [`: ${text(t, tlen)}`, false];
    case 6: return [`\n\t  ${text(t, tlen)}`, false];
    case 7: {
      if (tlen < 4) return undefined;
      const caps = (c: number): string => `[${LLDP_CAPS.filter((_, i) => c & (1 << i)).join(', ') || 'none'}] (0x${c.toString(16).padStart(4, '0')})`;
      return [`\n\t  System  Capabilities ${caps(u16(b, t))}\n\t  Enabled Capabilities ${caps(u16(b, t + 2))}`, false];
    }
    case 8: {
      const m = lldpMgmtAddr(b, t, tlen);
      return m === undefined ? undefined : [m, false];
    }
    case 127: {
      // the organisation's own TLVs (802.1, 802.3, TIA, DCBX) are not decoded: tcpdump's hex dump follows
      if (tlen < 3) return undefined;
      const oui = (b[t]! << 16) | u16(b, t + 1);
      return [`: OUI ${OUI_NAMES[oui] ?? 'Unknown'} (0x${oui.toString(16).padStart(6, '0')})`, true];
    }
    default: return ['', true];
  }
}

/** oui.c's names of the organisations LLDP's private TLVs come from */
const OUI_NAMES: Record<number, string> = { 0x0080c2: 'Ethernet bridged', 0x00120f: 'IEEE 802.3 Private', 0x0012bb: 'TIA', 0x00000e: 'IANA', 0x001b21: 'DCBX' };

/**
 * lldp_print: `LLDP, length N`, and `: NAME` at a system-name TLV; -v a line for every TLV with
 * its fields, -vv (or -v for what is not decoded) each TLV's bytes in hex; ` [|lldp]` when a TLV
 * is cut or too short for its fields
 */
export function lldpPrint(b: Uint8Array, o: number, len: number, vflag: number): string {
  let out = `LLDP, length ${len}`;
  let t = o;
  let left = len;
  while (left >= 2) {
    if (b.length < t + 2) return `${out} [|lldp]`;
    const type = b[t]! >> 1;
    const tlen = u16(b, t) & 0x1ff;
    t += 2;
    left -= 2;
    if (vflag) out += `\n\t${LLDP_TLVS[type] ?? 'Unknown'} TLV (${type}), length ${tlen}`;
    // the loop stops at the end TLV (type 0) or a TLV of no length
    if (!type || !tlen) break;
    if (b.length < t + tlen || left < tlen) return `${out} [|lldp]`;
    if (!vflag) {
      if (type === 5) out += `: ${printable(b.subarray(t, t + tlen))}`;
    } else {
      const r = lldpTlv(type, b, t, tlen);
      if (r === undefined) return `${out} [|lldp]`;
      out += r[0];
      if (vflag > 1 || r[1]) out += hexDump(b.subarray(t, t + tlen), '\n\t  ');
    }
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
  if (b.length < o + 6) return ' [|pppoe]';
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
