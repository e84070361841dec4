/**
 * IGMP as `tcpdump -n` prints it (tcpdump 4.99 print-igmp.c, igmp_print): queries (v1, v2, and v3
 * when the message is 12 bytes or more, RFC 3376 4.1), v1/v2 reports and leaves, v3 reports with
 * their group records under -v (sources counted with -v, listed with -vv), and the checksum under
 * -v. DVMRP, PIMv1, mtrace and mresp are named, not decoded (the generic `igmp-N` otherwise).
 */
import { ipv4String } from '../../runtime/format.js';
import { relTime, sum16, u16 } from './print_util.js';

/** print-igmp.c igmpv3report2str: RFC 3376 4.2.12 record types */
const V3_RECORD: Record<number, string> = { 1: 'is_in', 2: 'is_ex', 3: 'to_in', 4: 'to_ex', 5: 'allow', 6: 'block' };

const nonZero32 = (b: Uint8Array, o: number): boolean => (b[o]! | b[o + 1]! | b[o + 2]! | b[o + 3]!) !== 0;

/** print_igmpv3_query: RFC 3376 4.1.1 Max Resp Code, a float form from 128 up */
function v3Query(b: Uint8Array, o: number, len: number, v: number): string {
  let out = ' v3';
  if (len < 12 || len & 3) return `${out} [invalid len ${len}]`;
  const mrc = b[o + 1]!;
  const mrt = mrc < 128 ? mrc : ((mrc & 0x0f) | 0x10) << (((mrc & 0x70) >> 4) + 3);
  if (mrc !== 100) out += ` [max resp time ${mrt < 600 ? `${(mrt / 10).toFixed(1)}s` : relTime(Math.floor(mrt / 10))}]`;
  if (!nonZero32(b, o + 4)) return out;
  out += ` [gaddr ${ipv4String(b, o + 4)}`;
  const nsrcs = u16(b, o + 10);
  if (nsrcs > 0) {
    if (len < 12 + nsrcs * 4) out += ' [invalid number of sources]';
    else if (v > 1) {
      out += ' {';
      for (let i = 0; i < nsrcs; i++) out += ` ${ipv4String(b, o + 12 + 4 * i)}`;
      out += ' }';
    } else out += `, ${nsrcs} source(s)`;
  }
  return `${out}]`;
}

/** print_igmpv3_report: the records only under -v */
function v3Report(b: Uint8Array, o: number, len: number, v: number): string {
  if (len < 16 || len & 3) return ` [invalid len ${len}]`;
  const ngroups = u16(b, o + 6);
  let out = `, ${ngroups} group record(s)`;
  if (v === 0) return out;
  let g = 8;
  for (let i = 0; i < ngroups; i++) {
    if (len < g + 8) return `${out} [invalid number of groups]`;
    out += ` [gaddr ${ipv4String(b, o + g + 4)} ${V3_RECORD[b[o + g]!] ?? ` [v3-report-#${b[o + g]}]`}`;
    const nsrcs = u16(b, o + g + 2);
    if (len < g + 8 + nsrcs * 4) return `${out} [invalid number of sources ${nsrcs}]`;
    if (v === 1) out += `, ${nsrcs} source(s)`;
    else {
      out += ' {';
      for (let j = 0; j < nsrcs; j++) out += ` ${ipv4String(b, o + g + 8 + 4 * j)}`;
      out += ' }';
    }
    g += 8 + nsrcs * 4;
    out += ']';
  }
  return out;
}

/** igmp_print: the message at b[o], `len` bytes as the IP header says; `v` is -v's count, `quick` -q */
export function igmpPrint(b: Uint8Array, o: number, len: number, v: number, quick: boolean): string {
  if (quick) return 'igmp';
  const type = b[o];
  // the fields every message type reads (a v3 query: 12 bytes) must have been captured (tcpdump's
  // GET_ macros end the line with [|igmp])
  if (type === undefined || b.length < o + (type === 0x11 && len >= 12 ? 12 : 8)) return '[|igmp]';
  let out: string;
  switch (type) {
    case 0x11:
      out = 'igmp query';
      if (len >= 12) out += v3Query(b, o, len, v);
      else {
        const mrt = b[o + 1]!;
        out += mrt ? ` v2${mrt !== 100 ? ` [max resp time ${mrt}]` : ''}` : ' v1';
        if (nonZero32(b, o + 4)) out += ` [gaddr ${ipv4String(b, o + 4)}]`;
        if (len !== 8) out += ` [len ${len}]`;
      }
      break;
    case 0x12:
      out = `igmp v1 report ${ipv4String(b, o + 4)}${len !== 8 ? ` [len ${len}]` : ''}`;
      break;
    case 0x16:
      out = `igmp v2 report ${ipv4String(b, o + 4)}`;
      break;
    case 0x22:
      out = `igmp v3 report${v3Report(b, o, len, v)}`;
      break;
    case 0x17:
      out = `igmp leave ${ipv4String(b, o + 4)}`;
      break;
    case 0x13:
      out = len < 8 ? `igmp dvmrp [len ${len}]` : 'igmp dvmrp';
      break;
    case 0x14:
      out = 'igmp pimv1';
      break;
    default:
      out = `igmp-${type}`;
  }
  // the checksum over the whole message, when it was all captured
  if (v > 0 && b.length >= o + len && sum16(b, o, o + len) !== 0xffff) out += ` bad igmp cksum ${u16(b, o + 2).toString(16)}!`;
  return out;
}
