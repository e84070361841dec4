/**
 * 802.2 LLC frames other than spanning-tree BPDUs (print_stp.ts), as tcpdump 4.99's print-llc.c
 * llc_print prints them: the LLC header under -e (`LLC, dsap SNAP (0xaa) Individual, ssap …,
 * ctrl 0x03: `), SNAP with an Ethernet OUI carrying IPv4/IPv6/ARP (snap_print), IP over LLC,
 * IPX (print-ipx.c ipx_print: Ethernet_802.2 and the raw Ethernet_802.3 form with both SAPs
 * 0xff), and otherwise the SAP names with the frame's addresses and the control field
 * (`NetBeui Unnumbered, ui, Flags [Command], length 25`) followed by the frame in hex and ASCII
 * (ND_DEFAULTPRINT, not with -q). Cisco's SNAP protocols (CDP, DTP, VTP) are not decoded:
 * undefined, the caller's generic line.
 */
import { hexAsciiDump, hex2, hex4, macString, u16, u32 } from './print_util.js';

/** print-llc.c llc_values */
const SAPS: Record<number, string> = { 0x00: 'Null', 0xff: 'Global', 0x02: '802.1B I', 0x03: '802.1B G', 0x06: 'IP', 0x04: 'SNA', 0x0e: 'ProWay NM',
  0x42: 'STP', 0x4e: 'RS511', 0x7e: 'ISO8208', 0x8e: 'ProWay', 0xaa: 'SNAP', 0xe0: 'IPX', 0xf0: 'NetBeui', 0xfe: 'OSI' };
/** llc_cmd_values, by LLC_U_CMD (the control byte without the poll bit) */
const U_CMDS: Record<number, string> = { 0x03: 'ui', 0xe3: 'test', 0xaf: 'xid', 0x63: 'ua', 0x43: 'disc', 0x0f: 'dm', 0x6f: 'sabme', 0x87: 'frmr' };
/** llc_flag_values, by the SSAP's response bit and the poll bit */
const FLAGS: Record<number, string> = { 0: 'Command', 1: 'Response', 0x10: 'Poll', 0x11: 'Final' };
/** oui_values as snap_print names them */
const OUIS: Record<number, string> = { 0x000000: 'Ethernet', 0x00000c: 'Cisco', 0x0000f8: 'Cisco VLAN', 0x0080c2: 'Ethernet bridged', 0x080007: 'Appletalk' };
/** the ethertypes whose printer tsbpf has (ethertype_print's cases it decodes) */
const DECODED = new Set([0x0800, 0x86dd, 0x0806, 0x8035]);
/** print-ipx.c ipx_decode's sockets with a name only */
const IPX_SOCKETS: Record<number, string> = { 0x0451: 'ipx-ncp', 0x0455: 'ipx-netbios', 0x0456: 'ipx-diags', 0x0553: 'ipx-nwmsg', 0x85be: 'ipx-eigrp' };

export interface LlcContext {
  /** -e: the LLC header is printed, not the addresses */
  link: boolean;
  /** -q: no hex dump of what is not decoded */
  quick: boolean;
  /** an Ethernet payload of `type` at b[o] of `len` bytes, as print.ts's network layer prints it */
  network: (type: number, o: number, len: number) => string;
}

/** print-ipx.c ipx_print: `IPX net.node.socket > net.node.socket: ` and the socket's name */
export function ipxPrint(b: Uint8Array, o: number, link: boolean): string {
  if (b.length < o + 30) return `${link ? '' : 'IPX '} [|ipx]`;
  const addr = (a: number): string => `${u32(b, a).toString(16).padStart(8, '0')}.${macString(b, a + 4)}.${u16(b, a + 10).toString(16).padStart(4, '0')}`;
  const out = `${link ? '' : 'IPX '}${addr(o + 18)} > ${addr(o + 6)}: `;
  const length = u16(b, o + 2);
  if (length < 30) return `${out}[length ${length} < 30] (invalid)`;
  const sock = u16(b, o + 16);
  // SAP (0x452) and RIP (0x453) bodies are not decoded: their socket's generic form
  return `${out}${IPX_SOCKETS[sock] ?? `ipx-#${sock.toString(16)}`} ${length - 30}`;
}

/** llc_print for the frame at b[o] (b ends where the 802.3 length field says); undefined when left to the caller */
export function llcPrint(b: Uint8Array, o: number, length: number, ctx: LlcContext): string | undefined {
  if (b.length < o + 3 || length < 3) return undefined;
  const dsapField = b[o]!;
  const ssapField = b[o + 1]!;
  let control = b[o + 2]!;
  let hdr = 3;
  if ((control & 3) !== 3) {
    if (b.length < o + 4) return undefined;
    // I and S frames have a two-byte control field, little-endian
    control = b[o + 2]! | (b[o + 3]! << 8);
    hdr = 4;
  }
  if (dsapField === 0xff && ssapField === 0xff) return (ctx.link ? 'IPX 802.3: ' : '') + ipxPrint(b, o, ctx.link);
  const dsap = dsapField & 0xfe;
  const ssap = ssapField & 0xfe;
  let out = ctx.link
    ? `LLC, dsap ${SAPS[dsap] ?? 'Unknown'} (0x${hex2(dsap)}) ${dsapField & 1 ? 'Group' : 'Individual'}, ssap ${SAPS[ssap] ?? 'Unknown'} (0x${hex2(ssap)}) ${ssapField & 1 ? 'Response' : 'Command'}, ctrl 0x${hdr === 3 ? hex2(control) : control.toString(16).padStart(4, '0')}: `
    : '';
  const p = o + hdr;
  const rest = length - hdr;
  const dump = (from: number): string => (ctx.quick ? '' : hexAsciiDump(b.subarray(from), '\n\t'));
  if (ssap === 0xaa && dsap === 0xaa && control === 0x03) {
    if (b.length < p + 5) return undefined;
    const oui = (b[p]! << 16) | u16(b, p + 1);
    const et = u16(b, p + 3);
    // Cisco's protocols (CDP, DTP, VTP, PVST) have printers tsbpf lacks
    if (oui === 0x00000c) return undefined;
    if (ctx.link) out += `oui ${OUIS[oui] ?? 'Unknown'} (0x${oui.toString(16).padStart(6, '0')}), ${oui === 0 ? 'ethertype' : 'pid'} ${oui === 0 ? (ETHERTYPES[et] ?? 'Unknown') : 'Unknown'} (${hex4(et)}), length ${rest - 5}: `;
    if ((oui === 0 || oui === 0xf8) && DECODED.has(et)) return out + ctx.network(et, p + 5, rest - 5);
    if (!ctx.link) {
      out += oui === 0
        ? `SNAP, ethertype ${ETHERTYPES[et] ?? 'Unknown'} (${hex4(et)}), length ${rest - 5}: `
        : `SNAP, oui ${OUIS[oui] ?? 'Unknown'} (0x${oui.toString(16).padStart(6, '0')}), pid Unknown (${hex4(et)}), length ${rest - 5}: `;
    }
    return out + dump(o);
  }
  // spanning tree is print_stp.ts's; ISO CLNS has no printer here
  if ((ssap === 0x42 && dsap === 0x42 && control === 0x03) || (ssap === 0xfe && dsap === 0xfe && control === 0x03)) return undefined;
  if (ssap === 0x06 && dsap === 0x06 && control === 0x03) return out + ctx.network(0x0800, p, rest);
  if (ssap === 0xe0 && dsap === 0xe0 && control === 0x03) return `${out}${ctx.link ? 'IPX 802.2: ' : ''}${ipxPrint(b, p, ctx.link)}`;
  if (!ctx.link) {
    const [src, dst] = [macString(b, 6), macString(b, 0)];
    out += ssap === dsap
      ? `${src} > ${dst} ${SAPS[dsap] ?? `Unknown DSAP 0x${hex2(dsap)}`} `
      : `${src} ${SAPS[ssap] ?? `Unknown SSAP 0x${hex2(ssap)}`} > ${dst} ${SAPS[dsap] ?? `Unknown DSAP 0x${hex2(dsap)}`} `;
  }
  if (hdr === 3) {
    const cmd = control & 0xef;
    // XID frames with their format identifier print its two bytes and are not dumped
    if (cmd === 0xaf && b[p] === 0x81) {
      if (b.length < p + 3 || rest < 3) return undefined;
      return `${out}Unnumbered, xid, Flags [${FLAGS[(ssapField & 1) | (control & 0x10)]}], length ${length}: ${hex2(b[p + 1]!)} ${hex2(b[p + 2]!)}`;
    }
    return `${out}Unnumbered, ${U_CMDS[cmd] ?? hex2(cmd)}, Flags [${FLAGS[(ssapField & 1) | (control & 0x10)]}], length ${length}${dump(o)}`;
  }
  return undefined;
}

/** the few ethertype names snap_print's -e header needs */
const ETHERTYPES: Record<number, string> = { 0x0800: 'IPv4', 0x86dd: 'IPv6', 0x0806: 'ARP', 0x8035: 'Reverse ARP', 0x8100: '802.1Q', 0x8137: 'IPX' };
