/**
 * NTP as tcpdump 4.99's print-ntp.c prints it: the first line (`NTPv4, Client, length 48`) and,
 * with -v, the body — the leap indicator, then for the time modes (ntp_time_print) stratum, poll,
 * precision, root delay and dispersion, the reference id, the four timestamps with their UTC date
 * (ntp.c p_ntp_time) and the two differences, the key id and digest; for control messages
 * (ntp_control_print) the R/E/M bits, opcode and the header's fields. Fields are read as tcpdump
 * reads them (GET_*): the first one not captured ends the text with ` [|ntp]`.
 */
import { ipv4String } from '../../runtime/format.js';
import { printable, u16, u32 } from './print_util.js';

/** print-ntp.c ntp_mode_values */
const NTP_MODES = ['unspecified', 'symmetric active', 'symmetric passive', 'Client', 'Server', 'Broadcast', 'Control Message', 'Reserved'];
/** tcpdump 4.99's ntp_leapind_values, keyed by the two leap bits in place */
const LEAP: Record<number, string> = { 0: '', 0x40: '+1s', 0x80: '-1s', 0xc0: 'clock unsynchronized' };
/** 1970 - 1900 in seconds (ntp.c JAN_1970) */
const JAN_1970 = 2208988800;
/** NTP_TIMEMSG_MINLEN and NTP_CTRLMSG_MINLEN */
const TIME_MIN = 48;
const CTRL_MIN = 12;

/** a field tcpdump would read past the capture (its GET_* macros longjmp to ` [|ntp]`) */
class Truncated extends Error {}

/** 32-bit fraction as parts per billion, truncated as the C cast does */
const billionths = (f: number): string => String(Math.floor((f / 4294967296) * 1e9)).padStart(9, '0');

/** p_ntp_time: `seconds.nanoseconds`, and the UTC date unless the seconds are 0 */
function ntpTime(i: number, f: number): string {
  let out = `${i}.${billionths(f)}`;
  if (i) {
    const d = new Date((i - JAN_1970) * 1000);
    const two = (n: number): string => String(n).padStart(2, '0');
    out += ` (${String(d.getUTCFullYear()).padStart(4, '0')}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}T${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}Z)`;
  }
  return out;
}

/** p_ntp_delta: the signed difference new - old in 32-bit arithmetic with a borrow, or the new time when old is 0 */
function ntpDelta(ou: number, ouf: number, u: number, uf: number): string {
  if (ou === 0 && ouf === 0) return ntpTime(u, uf);
  let neg: boolean;
  let i: number;
  let f: number;
  if (u > ou) {
    neg = false;
    i = u - ou - (ouf > uf ? 1 : 0);
    f = (uf - ouf) >>> 0;
  } else if (u < ou) {
    neg = true;
    i = ou - u - (uf > ouf ? 1 : 0);
    f = (ouf - uf) >>> 0;
  } else {
    i = 0;
    neg = !(uf > ouf);
    f = neg ? ouf - uf : uf - ouf;
  }
  return `${neg ? '-' : '+'}${i >>> 0}.${billionths(f)}`;
}

/** p_sfix: a 16.16 fixed-point value as `int.micro` */
const sfix = (p: Uint8Array, o: number): string => `${u16(p, o)}.${String(Math.floor((u16(p, o + 2) / 65536) * 1e6)).padStart(6, '0')}`;

/** the -v body after the first line */
function body(p: Uint8Array, len: number, w: { s: string }): void {
  const need = (end: number): void => {
    if (p.length < end) throw new Truncated();
  };
  const mode = p[0]! & 7;
  const leap = p[0]! & 0xc0;
  w.s += `\n\tLeap indicator: ${LEAP[leap]} (${leap})`;
  if (mode === 6) {
    if (len < CTRL_MIN) {
      w.s += ' (invalid)';
      return;
    }
    need(2);
    const c = p[1]!;
    w.s += `, ${c & 0x80 ? 'Response' : 'Request'}, ${c & 0x40 ? 'Error' : 'OK'}, ${c & 0x20 ? 'More' : 'Last'}, OpCode=${c & 0x1f}\n`;
    need(4);
    w.s += `\tSequence=${u16(p, 2)}`;
    need(6);
    const st = u16(p, 4);
    w.s += `, Status=${st ? `0x${st.toString(16)}` : '0'}`;
    need(8);
    w.s += `, Assoc.=${u16(p, 6)}`;
    need(10);
    w.s += `, Offset=${u16(p, 8)}`;
    need(12);
    const count = u16(p, 10);
    w.s += `, Count=${count}`;
    if (CTRL_MIN + count > len) {
      w.s += ' (invalid)';
      need(len);
      return;
    }
    if (count !== 0) {
      need(CTRL_MIN + count);
      w.s += '\n\tTO-BE-DONE: data not interpreted';
    }
    return;
  }
  if (mode === 7) return;
  if (len < TIME_MIN) {
    w.s += ' (invalid)';
    need(len);
    return;
  }
  need(2);
  const stratum = p[1]!;
  w.s += `, Stratum ${stratum} (${stratum === 0 ? 'unspecified' : stratum === 1 ? 'primary reference' : stratum <= 15 ? 'secondary reference' : 'reserved'})`;
  need(3);
  const poll = (p[2]! << 24) >> 24;
  w.s += `, poll ${poll}`;
  // p_poll: the interval 2^poll in seconds or fractions of one
  if (poll > -32 && poll < 32) w.s += poll >= 0 ? ` (${2 ** poll}s)` : ` (1/${2 ** -poll}s)`;
  need(4);
  w.s += `, precision ${(p[3]! << 24) >> 24}`;
  // p_sfix and p_ntp_time read their field after the label is printed
  w.s += '\n\tRoot Delay: ';
  need(8);
  w.s += `${sfix(p, 4)}, Root dispersion: `;
  need(12);
  w.s += `${sfix(p, 8)}, Reference-ID: `;
  // the reference id's meaning depends on the stratum
  if (stratum === 0) w.s += '(unspec)';
  need(16);
  if (stratum === 0) {
    // printed above, before the check
  } else if (stratum === 1) w.s += printable(p.subarray(12, 16));
  else if (stratum === 62 || stratum === 63) {
    // nothing more is printed for these two
    w.s += `${ipv4String(p, 12)} ${stratum === 62 ? 'INFO_QUERY' : 'INFO_REPLY'}`;
    return;
  }
  else w.s += `0x${u32(p, 12).toString(16).padStart(8, '0')}`;
  const ts = (label: string, o: number): [number, number] => {
    w.s += label;
    need(o + 8);
    const t: [number, number] = [u32(p, o), u32(p, o + 4)];
    w.s += ntpTime(...t);
    return t;
  };
  ts('\n\t  Reference Timestamp:  ', 16);
  const org = ts('\n\t  Originator Timestamp: ', 24);
  const rec = ts('\n\t  Receive Timestamp:    ', 32);
  const xmt = ts('\n\t  Transmit Timestamp:   ', 40);
  w.s += `\n\t    Originator - Receive Timestamp:  ${ntpDelta(...org, ...rec)}`;
  w.s += `\n\t    Originator - Transmit Timestamp: ${ntpDelta(...org, ...xmt)}`;
  const words = (o: number, n: number): string => {
    need(o + 4 * n);
    let s = '';
    for (let k = 0; k < n; k++) s += u32(p, o + 4 * k).toString(16).padStart(8, '0');
    return s;
  };
  // only the lengths of a key id alone, with an MD5 or with a SHA-1 digest are decoded
  if (len === TIME_MIN + 4 || len === TIME_MIN + 20 || len === TIME_MIN + 24) {
    need(TIME_MIN + 4);
    w.s += `\n\tKey id: ${u32(p, TIME_MIN)}`;
    if (len > TIME_MIN + 4) w.s += `\n\tAuthentication: ${words(TIME_MIN + 4, (len - TIME_MIN - 4) / 4)}`;
  } else if (len > TIME_MIN) {
    w.s += `\n\t(${len - TIME_MIN} more bytes after the header)`;
  }
}

/** print-ntp.c ntp_print; `p` is the captured payload, `len` its length on the wire */
export function ntp(p: Uint8Array, len: number, vflag: number): string {
  if (p.length < 1) return ' [|ntp]';
  const vers = (p[0]! >> 3) & 7;
  const w = { s: `NTPv${vers}, ${NTP_MODES[p[0]! & 7]}, length ${len}` };
  if (!vflag) return w.s;
  try {
    body(p, len, w);
  } catch (e) {
    if (!(e instanceof Truncated)) throw e;
    w.s += ' [|ntp]';
  }
  return w.s;
}
