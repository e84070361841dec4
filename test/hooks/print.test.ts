/**
 * `tsbpf filter -r FILE` prints packets as `tcpdump -n -r FILE` does: byte-identical lines for a
 * capture tcpdump itself recorded on loopback (TCP handshake with options, data, FIN; DNS query
 * and answer; ICMP and ICMPv6 echo) in the default, -e and -q forms, and for the common protocols
 * of the synthetic captures (ARP, ICMP echo, TCP without payload printers, UDP). Skipped without
 * tcpdump. TZ=UTC for both sides (tcpdump prints local time).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { PacketPrinter } from '../../src/hooks/pcap/print.js';
import { parseCapture } from '../../src/hooks/pcap/decoder.js';
import { NO_TCPDUMP, PCAP_DIR } from './util.js';

process.env.TZ = 'UTC';

function tcpdumpLines(file: string, flags: string[], expr?: string): string[] {
  const out = execFileSync('tcpdump', ['-n', ...flags, '-r', file, ...(expr ? ['--', expr] : [])], { stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, TZ: 'UTC' } }).toString();
  return out.split('\n').filter((l) => l !== '');
}

function ourLines(file: string, opts: { link?: boolean; quick?: boolean; verbose?: boolean }, keep?: (i: number) => boolean): string[] {
  const { header, packets } = parseCapture(readFileSync(file));
  const p = new PacketPrinter({ ...opts, nullSwapped: header.bigEndian });
  // -v's IPv4 lines are two lines of output, as tcpdump's
  return packets.filter((_, i) => !keep || keep(i)).flatMap((k) => p.line(header.interfaces[k.ifIndex]!.linkType, k.data, k.origLen, k.tsSec, k.tsNsec).split('\n'));
}

test('tcpdump -n, -e and -q lines for a capture tcpdump recorded on loopback are printed byte for byte', { skip: NO_TCPDUMP }, () => {
  const file = PCAP_DIR + 'loopback-tcpdump.pcap';
  for (const [flags, opts] of [[[], {}], [['-e'], { link: true }], [['-q'], { quick: true }], [['-v'], { verbose: true }], [['-v', '-e'], { verbose: true, link: true }]] as const) {
    const want = tcpdumpLines(file, [...flags]);
    assert.ok(want.length >= 25);
    assert.deepEqual(ourLines(file, opts), want, `flags ${flags.join(' ')}`);
  }
});

test('ARP, ICMP echo, plain TCP and UDP lines of the synthetic captures match tcpdump', { skip: NO_TCPDUMP }, () => {
  // the packets whose protocols the printer covers (no SCTP/IGMP/GRE, no IPv6 extension headers, no well-known UDP/TCP ports with payload printers)
  const expr = 'arp or (icmp and (icmp[0] = 0 or icmp[0] = 8)) or (icmp6 and ip6[6] = 58) or (tcp and not port 53 and not port 22 and ip[6:2] & 0x1fff = 0) or (tcp and ip6[6] = 6 and not port 53) or (udp and not port 53 and not port 123 and not port 67 and not port 68 and not port 5353)';
  for (const f of ['ethernet.pcap', 'sll.pcap', 'raw.pcap', 'null.pcap', 'loop.pcap']) {
    const file = PCAP_DIR + f;
    const want = tcpdumpLines(file, [], expr);
    const sel = new Set(want.map((l) => l.slice(0, 15)));
    const mine = ourLines(file, {}).filter((l) => sel.has(l.slice(0, 15)));
    assert.ok(want.length >= 10, `${f}: ${want.length} lines`);
    assert.deepEqual(mine, want, f);
  }
});

test('-v: IPv4 and IPv6 header fields, TCP, UDP-over-IPv6, ICMP and ICMPv6 checksums, ARP types, IP options match tcpdump -v', { skip: NO_TCPDUMP }, () => {
  // the packets of the synthetic captures whose protocols the printer decodes (as above, with IP options)
  const expr = 'arp or (icmp and (icmp[0] = 0 or icmp[0] = 8)) or (icmp6 and ip6[6] = 58) or (tcp and not port 53 and not port 22 and ip[6:2] & 0x1fff = 0) or (tcp and ip6[6] = 6 and not port 53) or (udp and not port 53 and not port 123 and not port 67 and not port 68 and not port 5353)';
  let lines = 0;
  for (const f of ['ethernet.pcap', 'sll.pcap', 'raw.pcap', 'null.pcap', 'loop.pcap']) {
    const file = PCAP_DIR + f;
    // which packets tcpdump selects, by their non-verbose line's timestamp
    const sel = new Set(tcpdumpLines(file, [], expr).map((l) => l.slice(0, 15)));
    const keep = (i: number) => sel.has(ourLines(file, {}, (j) => j === i)[0]!.slice(0, 15));
    const want = tcpdumpLines(file, ['-v'], expr);
    assert.deepEqual(ourLines(file, { verbose: true }, keep), want, f);
    lines += want.length;
  }
  assert.ok(lines >= 60, `${lines} lines`);
});

test('MPLS label stacks, IGMP, STP and 802.1Q frames of the synthetic captures match tcpdump in every form', { skip: NO_TCPDUMP }, () => {
  // MPLS cannot be recorded between namespaces here (no mpls module): the synthetic frames (one and
  // two labels, IPv4 TCP and UDP inside, the reserved-label names of -v); IGMP with bad checksums;
  // a BPDU with a protocol id tcpdump calls unknown; 802.1Q tags (-q -e names their types as -q does)
  // (vlan last: it moves the offsets of what follows it)
  const expr = 'ether proto 0x8847 or igmp or stp or vlan';
  let lines = 0;
  for (const f of ['ethernet.pcap', 'ethernet-be-ns.pcap', 'snaplen64.pcap']) {
    const file = PCAP_DIR + f;
    const sel = new Set(tcpdumpLines(file, [], expr).map((l) => l.slice(0, 15)));
    const keep = (i: number) => sel.has(ourLines(file, {}, (j) => j === i)[0]!.slice(0, 15));
    for (const [flags, opts] of [[[], {}], [['-e'], { link: true }], [['-q'], { quick: true }], [['-q', '-e'], { quick: true, link: true }], [['-v'], { verbose: true }], [['-v', '-e'], { verbose: true, link: true }]] as const) {
      const want = tcpdumpLines(file, [...flags], expr);
      assert.deepEqual(ourLines(file, opts, keep), want, `${f} ${flags.join(' ')}`);
      lines += want.length;
    }
    assert.ok(sel.size >= 5, `${f}: ${sel.size} packets`);
  }
  assert.ok(lines >= 80, `${lines} lines`);
});
