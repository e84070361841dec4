/**
 * UDP applications tcpdump recognises by port (print-udp.c udp_print's dispatch), in their
 * one-line form: BOOTP/DHCP (print-bootp.c), TFTP (print-tftp.c), RIP (print-rip.c), NTP
 * (print-ntp.c, in print_ntp.ts), syslog (print-syslog.c), HSRP (print-hsrp.c), DHCPv6 (print-dhcp6.c).
 * -v decodes BOOTP's fields, NTP's, RIP version 2's entries, syslog's message and HSRP's timers;
 * TFTP and DHCPv6 keep their first line.
 * Each returns the text after the ports, or undefined when the printer does not take the port.
 */
import { ipv4String } from '../../runtime/format.js';
import { hex2, hexDump, macString, printable, printableToNul, relTime, u16, u32 } from './print_util.js';
import { ntp } from './print_ntp.js';

/** print-tftp.c op2str and err2str */
const TFTP_OPS = ['', 'RRQ', 'WRQ', 'DATA', 'ACK', 'ERROR', 'OACK'];
const TFTP_ERRORS = ['EUNDEF', 'ENOTFOUND', 'EACCESS', 'ENOSPACE', 'EBADOP', 'EBADID', 'EEXISTS', 'ENOUSER', 'EOPTNEG'];
/** print-syslog.c syslog_facility_values and syslog_severity_values */
const SYSLOG_FACILITIES = ['kernel', 'user', 'mail', 'daemon', 'auth', 'syslog', 'lpr', 'news', 'uucp', 'cron', 'authpriv', 'ftp', 'ntp', 'security', 'console',
  'cron', 'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7'];
const SYSLOG_SEVERITIES = ['emergency', 'alert', 'critical', 'error', 'warning', 'notice', 'info', 'debug'];
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
export function udpApp(sport: number, dport: number, p: Uint8Array, len: number, vflag: number): string | undefined {
  const either = (x: number): boolean => sport === x || dport === x;
  if (either(69)) return tftp(p, len);
  if (either(67) || either(68)) return bootp(p, len, vflag);
  if (either(520)) return rip(p, len, vflag);
  if (either(123)) return ntp(p, len, vflag);
  if (either(514)) return syslog(p, len, vflag);
  if (dport === 1985) return hsrp(p, len, vflag);
  if (either(546) || either(547)) return dhcp6(p);
  return undefined;
}

/**
 * print-bootp.c bootp_print: the operation and, for a request, the client's MAC; -v the header's
 * fields that are set, the addresses, sname and file, and the DHCP options (rfc1048_print)
 */
function bootp(p: Uint8Array, len: number, vflag: number): string {
  if (p.length < 1) return ' [|bootp]';
  const op = p[0]!;
  let out = `BOOTP/DHCP, ${op === 1 ? 'Request' : op === 2 ? 'Reply' : `unknown (0x${op.toString(16).padStart(2, '0')})`}`;
  // each field is read (and its capture checked) only when it is printed
  if (p.length < 3) return `${out} [|bootp]`;
  const htype = p[1]!;
  const hlen = p[2]!;
  if (htype === 1 && hlen === 6 && op === 1) {
    if (p.length < 34) return `${out} [|bootp]`;
    out += ` from ${macString(p, 28)}`;
  }
  out += `, length ${len}`;
  if (!vflag) return out;
  if (p.length < 34) return `${out} [|bootp]`;
  if (htype !== 1) out += `, htype ${htype}`;
  if (htype !== 1 || hlen !== 6) out += `, hlen ${hlen}`;
  if (p[3]) out += `, hops ${p[3]}`;
  if (u32(p, 4)) out += `, xid 0x${u32(p, 4).toString(16)}`;
  if (u16(p, 8)) out += `, secs ${u16(p, 8)}`;
  out += `, Flags [${u16(p, 10) & 0x8000 ? 'Broadcast' : 'none'}]${vflag > 1 ? ` (0x${u16(p, 10).toString(16).padStart(4, '0')})` : ''}`;
  for (const [at, name] of [[12, 'Client-IP'], [16, 'Your-IP'], [20, 'Server-IP'], [24, 'Gateway-IP']] as const) {
    if (p.length < at + 4) return `${out} [|bootp]`;
    if (u32(p, at)) out += `\n\t  ${name} ${ipv4String(p, at)}`;
  }
  if (htype === 1 && hlen === 6) out += `\n\t  Client-Ethernet-Address ${macString(p, 28)}`;
  for (const [at, size, name] of [[44, 64, 'sname'], [108, 128, 'file']] as const) {
    if (p.length < at + 1) return `${out} [|bootp]`;
    if (!p[at]) continue;
    const z = zstr(p, at, Math.min(p.length, at + size));
    if (!z) return `${out}\n\t  ${name} "${printable(p.subarray(at, Math.min(p.length, at + size)))}" [|bootp]`;
    out += `\n\t  ${name} "${z[0]}"`;
  }
  if (p.length < 240) return `${out} [|bootp]`;
  if (u32(p, 236) !== 0x63825363) return u32(p, 236) ? `${out}\n\t  Vendor-#0x${u32(p, 236).toString(16)}` : out;
  return out + dhcpOptions(p, 240, vflag);
}

/** print-bootp.c tag2str: the names of the options decoded here, after the character saying how their data is printed */
const DHCP_TAGS: Record<number, string> = {
  1: 'iSubnet-Mask', 2: 'LTime-Zone', 3: 'iDefault-Gateway', 4: 'iTime-Server', 6: 'iDomain-Name-Server', 12: 'aHostname', 15: 'aDomain-Name',
  26: 'sMTU', 28: 'iBR', 42: 'iNTP', 50: 'iRequested-IP', 51: 'lLease-Time', 53: 'bDHCP-Message', 54: 'iServer-ID', 55: 'bParameter-Request',
  58: 'lRN', 59: 'lRB', 61: 'xClient-ID',
};
/** print-bootp.c dhcp_msg_values */
const DHCP_MSGS = ['', 'Discover', 'Offer', 'Request', 'Decline', 'ACK', 'NACK', 'Release', 'Inform'];

/** rfc1048_print: the magic cookie, then each option `NAME (TAG), length N: VALUE` */
function dhcpOptions(p: Uint8Array, o: number, vflag: number): string {
  let out = `\n\t  Vendor-rfc1048 Extensions\n\t    Magic Cookie 0x63825363`;
  while (o < p.length) {
    const tag = p[o++]!;
    if ((tag === 0 || tag === 255) && vflag < 3) {
      if (tag === 255) return out;
      continue;
    }
    let name = DHCP_TAGS[tag] ?? `?Unknown tag ${tag}`;
    let c = name[0]!;
    name = name.slice(1);
    let n = 0;
    if (tag !== 0 && tag !== 255) {
      if (o >= p.length) return `${out} [|bootp]`;
      n = p[o++]!;
    }
    out += `\n\t    ${name} (${tag}), length ${n}${n > 0 ? ': ' : ''}`;
    if (o + n > p.length) return `${out} [|bootp]`;
    const d = p.subarray(o, o + n);
    o += n;
    if (tag === 53 && n === 1) {
      out += DHCP_MSGS[d[0]!] || `Unknown (${d[0]})`;
      continue;
    }
    if (tag === 55) {
      d.forEach((t, i) => {
        out += `${i % 4 === 0 ? '\n\t      ' : ', '}${(DHCP_TAGS[t] ?? `?Option ${t}`).slice(1)} (${t})`;
      });
      continue;
    }
    if (tag === 61) {
      if (n < 1) out += '[ERROR: length < 1 bytes]';
      else if (d[0] === 0) out += `"${printable(d.subarray(1))}"`;
      else out += `${d[0] === 1 ? 'ether' : `hardware-type ${d[0]},`} ${Array.from(d.subarray(1), hex2).join(':')}`;
      continue;
    }
    // the default format of a tag with no name follows its length
    if (c === '?') c = n & 1 ? 'b' : n & 2 ? 's' : 'l';
    const words: string[] = [];
    if (c === 'a') out += `"${printable(d)}"`;
    else if (c === 'i' || c === 'l' || c === 'L') {
      for (let i = 0; i + 4 <= n; i += 4) words.push(c === 'i' ? ipv4String(d, i) : c === 'L' ? String(u32(d, i) | 0) : String(u32(d, i)));
      out += words.join(',');
    } else if (c === 's') {
      for (let i = 0; i + 2 <= n; i += 2) words.push(String(u16(d, i)));
      out += words.join(',');
    } else out += c === 'x' ? Array.from(d, hex2).join(':') : Array.from(d, String).join('.');
  }
  return out;
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

/** mask2plen: a netmask's prefix length, -1 when its ones are not contiguous */
function mask2plen(m: number): number {
  for (let n = 32; n >= 0; n--) if ((n === 0 ? 0 : (0xffffffff << (32 - n)) >>> 0) === m) return n;
  return -1;
}

/**
 * print-rip.c rip_print: `RIPv2, Response, length: 24`; -v puts it on its own line with the
 * route count (`routes: 1 or less` as tcpdump computes it over the whole message) and each
 * version 2 entry (rip_entry_print_v2: `AFI IPv4,        10.9.0.0/16, tag 0x0000, metric: 1,
 * next-hop: self`), -vv the message in hex; version 1 entries and authentication are not decoded
 */
function rip(p: Uint8Array, len: number, vflag: number): string {
  if (p.length < 4) return '[|rip]';
  const cmd = p[0]!;
  const vers = p[1]!;
  let out = `${vflag ? '\n\t' : ''}RIPv${vers}, ${RIP_CMDS[cmd] ?? `unknown command (${cmd})`}, length: ${len}`;
  if (!vflag || vers !== 2 || (cmd !== 1 && cmd !== 2)) return out;
  out += `, routes: ${Math.floor(len / 20)}${len % 20 ? ' or less' : ''}`;
  for (let o = 4; o < len; o += 20) {
    if (len - o < 20) break;
    if (p.length < o + 20) return `${out} [|rip]`;
    const family = u16(p, o);
    if (family === 0xffff) return out;
    const plen = mask2plen(u32(p, o + 8));
    const router = u32(p, o + 12);
    out += `\n\t  AFI ${family === 2 ? 'IPv4' : family},${ipv4String(p, o + 4).padStart(16)}/${String(plen).padEnd(2)}, tag 0x${u16(p, o + 2).toString(16).padStart(4, '0')}, metric: ${u32(p, o + 16)}, next-hop: ${router ? ipv4String(p, o + 12) : 'self'}`;
  }
  if (vflag > 1) out += hexDump(p.subarray(0, Math.min(p.length, len)), '\n\t');
  return out;
}

/**
 * print-syslog.c syslog_print: `<PRI>`'s facility and severity; -v on a line of their own with
 * the message after them, -vv the message in hex
 */
function syslog(p: Uint8Array, len: number, vflag: number): string {
  if (p[0] !== 0x3c) return '[|syslog]';
  let pri = 0;
  let i = 1;
  for (; i < p.length && i <= 4 && p[i]! >= 0x30 && p[i]! <= 0x39; i++) pri = pri * 10 + p[i]! - 0x30;
  if (p[i] !== 0x3e) return '[|syslog]';
  const fac = pri >> 3;
  const facName = SYSLOG_FACILITIES[fac] ?? `unknown (${fac})`;
  if (!vflag) return `SYSLOG ${facName}.${SYSLOG_SEVERITIES[pri & 7]}, length: ${len}`;
  let out = `SYSLOG, length: ${len}\n\tFacility ${facName} (${fac}), Severity ${SYSLOG_SEVERITIES[pri & 7]} (${pri & 7})\n\tMsg: `;
  out += printable(p.subarray(i + 1, Math.min(p.length, len)));
  if (p.length < len) return `${out} [|syslog]`;
  if (vflag > 1) out += hexDump(p.subarray(0, len), '\n\t');
  return out;
}

/** print-hsrp.c hsrp_print; -v adds the timers, priority and the authentication data (nd_printjnp) */
function hsrp(p: Uint8Array, len: number, vflag: number): string {
  if (p.length < 20) return `HSRPv${p[0] ?? 0} [|hsrp]`;
  let out = `HSRPv${p[0]}-${HSRP_OPS[p[1]!] ?? `unknown (${p[1]})`} ${len}: state=${HSRP_STATES[p[2]!] ?? `Unknown (${p[2]})`} group=${p[6]}`;
  if (p[7]) out += ` [reserved=${p[7]}!]`;
  out += ` addr=${ipv4String(p, 16)}`;
  if (vflag) {
    out += ` hellotime=${relTime(p[3]!)} holdtime=${relTime(p[4]!)} priority=${p[5]} auth="${printableToNul(p.subarray(8, 16))}"`;
  }
  return out;
}

function dhcp6(p: Uint8Array): string {
  if (p.length < 1) return 'dhcp6 [|dhcp6]';
  return `dhcp6 ${DHCP6_MSGS[p[0]!] || `msgtype-${p[0]}`}`;
}
