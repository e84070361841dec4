/**
 * TCP options as print-tcp.c's option loop prints them (tcpdump 4.99): names from
 * tcp_option_values, `unknown-N 0x…` for the rest, SACK blocks relative to the conversation's
 * sequence bases as the segment's numbers are, TCP Fast Open (RFC 7413), MD5 signatures (RFC
 * 2385, which tcpdump cannot check without -M), the user timeout (RFC 5482), MPTCP's
 * MP_CAPABLE (print-mptcp.c), and the loop's end at the first `eol`.
 */
import { hex2, u16, u32 } from './print_util.js';

/** print-mptcp.c mptcp_subtype_values */
const MPTCP_SUBTYPES = ['capable', 'join', 'dss', 'add-addr', 'remove-addr', 'prio', 'fail', 'fast-close', 'tcprst'];

const hexOf = (o: Uint8Array, from: number, to: number): string => Array.from(o.subarray(from, to), hex2).join('');

/** tcp_option_values: what is printed before an option's data is checked */
const OPT_NAMES: Record<number, string> = { 2: 'mss', 3: 'wscale', 4: 'sackOK', 5: 'sack', 6: 'echo', 7: 'echoreply', 8: 'TS', 19: 'md5', 28: 'uto', 29: 'tcp-ao',
  30: 'mptcp', 34: 'tfo' };

/**
 * `o`: the captured option bytes; `sackBase`: what SACK edges are made relative to (print-tcp.c's
 * thack, or thseq for the reverse direction; 0 when the segment has no ACK); `hlen`: the option
 * area's length from the header. When the capture ends inside the options the text ends as
 * tcpdump's does: ` [|tcp]` where a kind or length byte is missing (its GET_ longjmp), the
 * option's name and ` [|tcp]` where its data is (LENCHECK's `goto trunc`, which adds `>` after
 * the first option)
 */
export function tcpOptions(o: Uint8Array, sackBase: number, hlen = o.length): string {
  const out: string[] = [];
  for (let i = 0; i < hlen; ) {
    if (i >= o.length) return `${out.join(',')}${out.length ? ',' : ''} [|tcp]`;
    const kind = o[i]!;
    if (kind === 0) {
      out.push('eol');
      break;
    }
    if (kind === 1) {
      out.push('nop');
      i++;
      continue;
    }
    if (i + 1 >= o.length) return `${out.join(',')}${out.length ? ',' : ''} [|tcp]`;
    const len = o[i + 1]!;
    if (len < 2 || i + len > hlen) {
      out.push('bad opt');
      break;
    }
    if (i + len > o.length) return `${out.join(',')}${out.length ? ',' : ''}${OPT_NAMES[kind] ?? `unknown-${kind}`} [|tcp]${out.length ? '>' : ''}`;
    const d = i + 2;
    const dlen = len - 2;
    switch (kind) {
      case 2: out.push(`mss ${u16(o, d)}`); break;
      case 3: out.push(`wscale ${o[d]}`); break;
      case 4: out.push('sackOK'); break;
      case 5: {
        let s = `sack ${dlen / 8} `;
        for (let j = d; j + 8 <= i + len; j += 8) s += `{${(u32(o, j) - sackBase) >>> 0}:${(u32(o, j + 4) - sackBase) >>> 0}}`;
        out.push(s);
        break;
      }
      case 8: out.push(`TS val ${u32(o, d)} ecr ${u32(o, d + 4)}`); break;
      case 19: out.push(`md5 shared secret not supplied with -M, can't check - ${hexOf(o, d, d + 16)}`); break;
      case 28: {
        // RFC 5482: the granularity bit says minutes or seconds
        const v = u16(o, d);
        out.push(`uto 0x${v.toString(16)} ${v & 1 ? (v >> 1) * 60 : v >> 1}`);
        break;
      }
      case 30: {
        const sub = (o[d] ?? 0) >> 4;
        let s = `mptcp ${len} ${MPTCP_SUBTYPES[sub] ?? 'unknown'}`;
        if (sub === 0) {
          // mp_capable_print: version, the checksum flag, the keys
          s += ` v${o[d]! & 0xf}${o[d + 1]! & 0x80 ? ' csum' : ''}`;
          if (len === 12 || len >= 20) s += ` {0x${BigInt('0x' + hexOf(o, d + 2, d + 10)).toString(16)}${len >= 20 ? `,0x${BigInt('0x' + hexOf(o, d + 10, d + 18)).toString(16)}` : ''}}`;
        }
        out.push(s);
        break;
      }
      case 34: out.push(dlen === 0 ? 'tfo  cookiereq' : dlen % 2 || dlen < 4 || dlen > 16 ? 'tfo  invalid' : `tfo  cookie ${hexOf(o, d, d + dlen)}`); break;
      case 6: case 7: out.push(`${kind === 6 ? 'echo' : 'echoreply'} ${u32(o, d)}`); break;
      case 29:
        // TCP-AO (RFC 5925 2.2): at least the key ids
        out.push(dlen < 2 ? 'tcp-ao (invalid)' : `tcp-ao keyid ${o[d]} rnextkeyid ${o[d + 1]}${dlen > 2 ? ` mac 0x${hexOf(o, d + 2, d + dlen)}` : ''}`);
        break;
      default: out.push(`unknown-${kind}${dlen ? ` 0x${hexOf(o, d, d + dlen)}` : ''}`);
    }
    i += len;
  }
  return out.join(',');
}
