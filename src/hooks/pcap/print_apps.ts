/**
 * UDP applications tcpdump recognises by port (print-udp.c udp_print's dispatch), in their
 * one-line form: BOOTP/DHCP (print-bootp.c), TFTP (print-tftp.c), RIP (print-rip.c), NTP
 * (print-ntp.c), syslog (print-syslog.c), HSRP (print-hsrp.c), DHCPv6 (print-dhcp6.c). -v's
 * decoding of their fields is not done: those packets keep the first line only.
 * Each returns the text after the ports, or undefined when the printer does not take the port.
 */
import { ipv4String } from '../../runtime/format.js';
import { macString, printable, u16 } from './print_util.js';

/** print-tftp.c op2str and err2str */
const TFTP_OPS = ['', 'RRQ', 'WRQ', 'DATA', 'ACK', 'ERROR', 'OACK'];
const TFTP_ERRORS = ['EUNDEF', 'ENOTFOUND', 'EACCESS', 'ENOSPACE', 'EBADOP', 'EBADID', 'EEXISTS', 'ENOUSER', 'EOPTNEG'];
/** print-syslog.c syslog_facility_values and syslog_severity_values */
const SYSLOG_FACILITIES = ['kernel', 'user', 'mail', 'daemon', 'auth', 'syslog', 'lpr', 'news', 'uucp', 'cron', 'authpriv', 'ftp', 'ntp', 'security', 'console',
  'cron', 'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7'];
const SYSLOG_SEVERITIES = ['emergency', 'alert', 'critical', 'error', 'warning', 'notice', 'info', 'debug'];
/** print-ntp.c ntp_mode_values */
const NTP_MODES = ['Reserved', 'Symmetric Active', 'Symmetric Passive', 'Client', 'Server', 'Broadcast', 'Control Message', 'Reserved'];
/** print-rip.c rip_cmd_values */
const RIP_CMDS: Record<number, string> = { 1: 'Request', 2: 'Response', 3: 'Trace on', 4: 'Trace off', 5: 'Poll', 6: 'Poll Entry' };
/** print-hsrp.c op_code_str and states */
const HSRP_OPS = ['hello', 'coup', 'resign'];
const HSRP_STATES: Record<number, string> = { 0: 'initial', 1: 'learn', 2: 'listen', 4: 'speak', 8: 'standby', 16: 'active' };
/** print-dhcp6.c dh6_msgtype_str */
const DHCP6_MSGS = ['', 'solicit', 'advertise', 'request', 'confirm', 'renew', 'rebind', 'reply', 'release', 'decline', 'reconfigure', 'inf-req',
  'relay-fwd', 'relay-reply', 'leasequery', 'leasequery-reply', 'leasequery-done', 'leasequery-data'];

/** a NUL-terminated string inside [o, end): its text (fn_print_char escaping) and where it ended, or undefined when unterminated */
function zstr(p: Uint8Array, o: number, end: number): [string, number] | undefined {
  let i = o;
  while (i < end && p[i] !== 0) i++;
  return i < end ? [printable(p.subarray(o, i)), i + 1] : undefined;
}

/**
 * The application on a UDP port pair, as udp_print tries them (after DNS on 53 and 5353, which
 * print.ts tries first); `p` is the captured payload, `len` its length on the wire
 */
export function udpApp(sport: number, dport: number, p: Uint8Array, len: number): string | undefined {
  const either = (x: number): boolean => sport === x || dport === x;
  if (either(69)) return tftp(p, len);
  if (either(67) || either(68)) return bootp(p, len);
  if (either(520)) return rip(p, len);
  if (either(123)) return ntp(p, len);
  if (either(514)) return syslog(p, len);
  if (dport === 1985) return hsrp(p, len);
  if (either(546) || either(547)) return dhcp6(p);
  return undefined;
}

/** print-bootp.c bootp_print without -v: the operation and, for a request, the client's MAC */
function bootp(p: Uint8Array, len: number): string {
  if (p.length < 1) return 'BOOTP/DHCP [|bootp]';
  const op = p[0]!;
  let out = `BOOTP/DHCP, ${op === 1 ? 'Request' : op === 2 ? 'Reply' : `unknown (0x${op.toString(16).padStart(2, '0')})`}`;
  if (p.length < 34) return `${out} [|bootp]`;
  if (p[1] === 1 && p[2] === 6 && op === 1) out += ` from ${macString(p, 28)}`;
  return `${out}, length ${len}`;
}

function tftp(p: Uint8Array, len: number): string {
  let out = `TFTP, length ${len}`;
  if (p.length < 2) return `${out} [|tftp]`;
  const op = u16(p, 0);
  out += `, ${TFTP_OPS[op] || `tftp-#${op}`}`;
  switch (op) {
    case 1: case 2: case 6: {
      // the file name (quoted), the mode, then option names and values
      let o = 2;
      for (let i = 0; o < p.length; i++) {
        const z = zstr(p, o, p.length);
        if (!z) return `${out} [|tftp]`;
        out += op !== 6 && i === 0 ? ` "${z[0]}"` : ` ${z[0]}`;
        o = z[1];
      }
      return out;
    }
    case 3: case 4:
      return p.length < 4 ? `${out} [|tftp]` : `${out} block ${u16(p, 2)}`;
    case 5: {
      if (p.length < 4) return `${out} [|tftp]`;
      const code = u16(p, 2);
      const z = zstr(p, 4, p.length);
      return `${out} ${TFTP_ERRORS[code] ?? `tftp-err-#${code} "`}${z ? ` "${z[0]}"` : ' [|tftp]'}`;
    }
    default: return out;
  }
}

function rip(p: Uint8Array, len: number): string {
  if (p.length < 4) return '[|rip]';
  const cmd = p[0]!;
  return `RIPv${p[1]}, ${RIP_CMDS[cmd] ?? `unknown command (${cmd})`}, length: ${len}`;
}

function ntp(p: Uint8Array, len: number): string {
  if (p.length < 1) return 'NTP [|ntp]';
  const vers = (p[0]! >> 3) & 7;
  const mode = p[0]! & 7;
  return `NTPv${vers}, ${NTP_MODES[mode]}, length ${len}`;
}

/** `<PRI>`: facility and severity; -v's message is not printed */
function syslog(p: Uint8Array, len: number): string {
  if (p[0] !== 0x3c) return '[|syslog]';
  let pri = 0;
  let i = 1;
  for (; i < p.length && i <= 4 && p[i]! >= 0x30 && p[i]! <= 0x39; i++) pri = pri * 10 + p[i]! - 0x30;
  if (p[i] !== 0x3e) return '[|syslog]';
  const fac = pri >> 3;
  return `SYSLOG ${SYSLOG_FACILITIES[fac] ?? `unknown (${fac})`}.${SYSLOG_SEVERITIES[pri & 7]}, length: ${len}`;
}

function hsrp(p: Uint8Array, len: number): string {
  if (p.length < 20) return `HSRPv${p[0] ?? 0} [|hsrp]`;
  let out = `HSRPv${p[0]}-${HSRP_OPS[p[1]!] ?? `unknown (${p[1]})`} ${len}: state=${HSRP_STATES[p[2]!] ?? `Unknown (${p[2]})`} group=${p[6]}`;
  if (p[7]) out += ` [reserved=${p[7]}!]`;
  return `${out} addr=${ipv4String(p, 16)}`;
}

function dhcp6(p: Uint8Array): string {
  if (p.length < 1) return 'dhcp6 [|dhcp6]';
  return `dhcp6 ${DHCP6_MSGS[p[0]!] || `msgtype-${p[0]}`}`;
}
