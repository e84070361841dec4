/**
 * Spanning tree BPDUs in 802.3/LLC frames as `tcpdump -n` prints them (tcpdump 4.99 print-llc.c
 * llc_print for the LLC header under -e, print-stp.c stp_print): 802.1D configuration and
 * topology-change BPDUs, 802.1w (RSTP) BPDUs with the port role; MSTP/SPB BPDUs get their first
 * line only. Other LLC frames are print_llc.ts's.
 */
import { hex2, u16, u32 } from './print_util.js';

/** LLC SAP 0x42 (IEEE 802.1 bridge spanning tree), control 0x03 (UI) */
const LLCSAP_8021D = 0x42;
const LLC_UI = 0x03;

/** print-stp.c stp_bpdu_flag_values, in bit order */
const FLAGS: Array<[number, string]> = [[0x01, 'Topology change'], [0x02, 'Proposal'], [0x10, 'Learn'], [0x20, 'Forward'], [0x40, 'Agreement'], [0x80, 'Topology change ACK']];
const PROTO: Record<number, string> = { 0: '802.1d', 2: '802.1w', 3: '802.1s', 4: '802.1aq' };
const TYPE: Record<number, string> = { 0x00: 'Config', 0x02: 'Rapid STP', 0x80: 'Topology Change' };
const ROLE = ['Unknown', 'Alternate', 'Root', 'Designated'];

/** stp_print_bridge_id: priority (2 bytes) and MAC, `8000.02:00:00:00:00:01` */
const bridgeId = (b: Uint8Array, o: number): string => `${hex2(b[o]!)}${hex2(b[o + 1]!)}.${Array.from(b.subarray(o + 2, o + 8), hex2).join(':')}`;
/** STP timers are in 1/256 s (print-stp.c STP_TIME_BASE), printed with %.2f of a float */
const secs = (b: Uint8Array, o: number): string => `${(Math.fround(u16(b, o) / 256)).toFixed(2)}s`;

/**
 * The LLC frame at b[o] with `length` bytes (the 802.3 length field), when it carries a BPDU;
 * undefined for any other LLC frame. `link` is -e (the LLC header is printed), `v` -v's count.
 */
export function llcStpPrint(b: Uint8Array, o: number, length: number, link: boolean, v: number): string | undefined {
  if (b.length < o + 3 || (b[o]! & 0xfe) !== LLCSAP_8021D || (b[o + 1]! & 0xfe) !== LLCSAP_8021D || b[o + 2] !== LLC_UI) return undefined;
  const head = link
    ? `LLC, dsap STP (0x42) ${b[o]! & 1 ? 'Group' : 'Individual'}, ssap STP (0x42) ${b[o + 1]! & 1 ? 'Response' : 'Command'}, ctrl 0x03: `
    : '';
  return head + stpPrint(b, o + 3, length - 3, v);
}

/** stp_print: `length` bytes of BPDU at b[o] */
function stpPrint(b: Uint8Array, o: number, length: number, v: number): string {
  const n = Math.min(length, b.length - o);
  if (length < 4) return ' (invalid)';
  if (n < 4) return '[|stp]';
  if (u16(b, o) !== 0) return `unknown STP version, length ${length}`;
  const version = b[o + 2]!;
  let out = `STP ${PROTO[version] ?? `Unknown STP protocol (0x${hex2(version)})`}`;
  if (PROTO[version] === undefined) return out;
  const type = b[o + 3]!;
  out += `, ${TYPE[type] ?? `Unknown BPDU Type (0x${hex2(type)})`}`;
  // a configuration BPDU is 35 bytes, an RSTP one 36 (Version 1 Length); MSTP's starts the same way
  const config = type === 0x00 || (type === 0x02 && version === 2);
  if (type === 0x02 && version >= 3) {
    if (length < 102) return `${out} (invalid)`;
    if (n < 5) return `${out}[|stp]`;
    return `${out}, CIST Flags [${flagNames(b[o + 4]!)}], length ${length}`;
  }
  if (!config) return out;
  if (length < (type === 0x00 ? 35 : 36)) return `${out} (invalid)`;
  if (n < 35) return `${out}[|stp]`;
  const flags = b[o + 4]!;
  out += `, Flags [${flagNames(flags)}], bridge-id ${bridgeId(b, o + 17)}.${u16(b, o + 25).toString(16).padStart(4, '0')}, length ${length}`;
  if (v === 0) return out;
  out += `\n\tmessage-age ${secs(b, o + 27)}, max-age ${secs(b, o + 29)}, hello-time ${secs(b, o + 31)}, forwarding-delay ${secs(b, o + 33)}`;
  out += `\n\troot-id ${bridgeId(b, o + 5)}, root-pathcost ${u32(b, o + 13)}`;
  if (version === 2) out += `, port-role ${ROLE[(flags & 0x0c) >> 2]}`;
  return out;
}

/** bittok2str: the names of the set bits, `none` without any */
function flagNames(f: number): string {
  const names = FLAGS.filter(([bit]) => f & bit).map(([, name]) => name);
  return names.length ? names.join(', ') : 'none';
}
