/**
 * The packet printer against tcpdump, line by line: the forms tsbpf offers (default, -e, -q,
 * -q -e, -v, -v -e, -vv, -vvv), tcpdump's lines and tsbpf's for a capture, and how many agree.
 * Used by print_real.test.ts, print_protocols.test.ts and the report print_parity_report.ts.
 * TZ=UTC on both sides (tcpdump prints local time).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PacketPrinter, type PrintOptions } from '../../src/hooks/pcap/print.js';
import { parseCapture } from '../../src/hooks/pcap/decoder.js';
import { hostIfName } from '../../src/hooks/pcap/if_names.js';

process.env.TZ = 'UTC';

export const FORMS: Array<[string[], PrintOptions]> = [
  [[], {}], [['-e'], { link: true }], [['-q'], { quick: true }], [['-q', '-e'], { quick: true, link: true }],
  [['-v'], { verbose: 1 }], [['-v', '-e'], { verbose: 1, link: true }], [['-vv'], { verbose: 2 }], [['-vvv'], { verbose: 3 }],
];

export function tcpdumpLines(file: string, flags: string[]): string[] {
  const out = execFileSync('tcpdump', ['-n', ...flags, '-r', file], { stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, TZ: 'UTC' }, maxBuffer: 1 << 26 }).toString();
  return out.split('\n').filter((l) => l !== '');
}

export function ourLines(file: string, opts: PrintOptions): string[] {
  const { header, packets } = parseCapture(readFileSync(file));
  const p = new PacketPrinter({ ...opts, nullSwapped: header.bigEndian, ifName: hostIfName });
  return packets.flatMap((k) => p.line(header.interfaces[k.ifIndex]!.linkType, k.data, k.origLen, k.tsSec, k.tsNsec).split('\n'));
}

export interface FormResult {
  flags: string[];
  /** lines equal at the same position */
  equal: number;
  /** tcpdump's line count */
  total: number;
  /** tsbpf's line count */
  ours: number;
  /** [tcpdump's line, tsbpf's] where they differ */
  bad: Array<[string, string | undefined]>;
  /** for each differing line, the index of its packet */
  badPackets: number[];
}

/**
 * a packet's protocol as a report groups it, from tcpdump's default-form line: the first word
 * after the addresses (`NTPv4`, `GetRequest(26)` → `GetRequest`), `UDP port N` for a port
 * tcpdump does not decode, or the link-level word (`CDPv2`, `LLDP`, `802.3`)
 */
export function protocolOf(line: string): string {
  const rest = line.replace(/^\d\d:\d\d:\d\d\.\d{6} /, '');
  const m = /^(IP6?) \S+ > (\S+): +(.*)$/.exec(rest);
  if (m) {
    const udp = /^UDP, length/.test(m[3]!) ? `UDP port ${/\.(\d+):?$/.exec(m[2]!)?.[1] ?? '?'}` : undefined;
    const word = /^[A-Za-z][\w-]*|^\S+/.exec(m[3]!)?.[0] ?? '';
    return `${m[1]} ${udp ?? (word === 'Flags' ? 'TCP' : /^\d/.test(word) && /\.53:?$/.test(m[2]!) ? 'DNS' : word)}`;
  }
  return /^[A-Za-z0-9][\w.-]*/.exec(rest.replace(/^\S+ > \S+ /, ''))?.[0] ?? rest.slice(0, 12);
}

/** lines grouped by packet: a packet's first line starts with its timestamp, -v's continuation lines do not */
export function byPacket(lines: string[]): string[][] {
  const out: string[][] = [];
  for (const l of lines) {
    if (/^\d\d:\d\d:\d\d\.\d{6} |^\[Invalid header/.test(l) || out.length === 0) out.push([l]);
    else out[out.length - 1]!.push(l);
  }
  return out;
}

/**
 * one capture in one form: tcpdump's lines against tsbpf's, packet by packet and, within a
 * packet, position by position (so a packet printed with a line too many or too few costs only
 * its own lines, not every line after it)
 */
export function compareForm(file: string, flags: string[], opts: PrintOptions): FormResult {
  const want = tcpdumpLines(file, flags);
  const got = ourLines(file, opts);
  const w = byPacket(want);
  const g = byPacket(got);
  const bad: Array<[string, string | undefined]> = [];
  const badPackets: number[] = [];
  w.forEach((pw, i) => pw.forEach((l, j) => {
    if (g[i]?.[j] !== l) {
      bad.push([l, g[i]?.[j]]);
      badPackets.push(i);
    }
  }));
  return { flags, equal: want.length - bad.length, total: want.length, ours: got.length, bad, badPackets };
}

/**
 * A copy of a classic pcap file (in the system's temporary directory) with every record cut
 * short at a length drawn from a seeded generator (the original length kept), so that each
 * packet is truncated somewhere nobody chose: what tcpdump prints for truncated packets
 * (` [|snmp]`, `[|lldp]`, …) is compared, and the printer must never throw on them.
 */
export function truncatedCopy(file: string, seed: number): string {
  const src = readFileSync(file);
  const le = src.readUInt32LE(0) === 0xa1b2c3d4 || src.readUInt32LE(0) === 0xa1b23c4d;
  const rd = (o: number): number => (le ? src.readUInt32LE(o) : src.readUInt32BE(o));
  const parts: Buffer[] = [src.subarray(0, 24)];
  let s = seed >>> 0 || 1;
  // xorshift32: reproducible from the seed
  const rand = (): number => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
  for (let o = 24; o + 16 <= src.length;) {
    const incl = rd(o + 8);
    const cut = rand() % (incl + 1);
    const h = Buffer.from(src.subarray(o, o + 16));
    if (le) h.writeUInt32LE(cut, 8);
    else h.writeUInt32BE(cut, 8);
    parts.push(h, src.subarray(o + 16, o + 16 + cut));
    o += 16 + incl;
  }
  const out = join(tmpdir(), `tsbpf-trunc-${seed}-${file.replace(/.*\//, '')}`);
  writeFileSync(out, Buffer.concat(parts));
  return out;
}
