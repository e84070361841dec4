/**
 * The packet printer against tcpdump on real traffic, every line of every packet, in all the
 * forms tsbpf offers (default, -e, -q, -q -e, -v, -v -e, -vv, -vvv): the committed captures
 * tcpdump recorded (netns-tcpdump.pcap, by scripts/record-capture.mjs: ARP, neighbour discovery,
 * MLDv2, pings with IP options and fragments, ICMP and ICMPv6 errors with their quoted packets,
 * DNS with every section, TCP with HTTP over IPv4 and IPv6; loopback-tcpdump.pcap; netns-l2-tcpdump.pcap,
 * the same script's second link, to a Linux bridge: 802.1D BPDUs, IGMPv3 general, group- and
 * source-specific queries, IGMP v1/v2/v3 reports and leaves, MLDv2, ICMPv6 router advertisements
 * with every option tcpdump decodes), and, as root, captures
 * recorded now between two network namespaces (traffic tsbpf has not seen before).
 * Skipped without tcpdump. TZ=UTC on both sides (tcpdump prints local time).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { tempDir } from '../temp_dir.js';
import { FORMS, compareForm, tcpdumpLines } from './print_lib.js';
import { NO_TCPDUMP, PCAP_DIR, ROOT } from './util.js';

/** compares every form; returns the number of lines compared */
function compareAll(file: string): number {
  let lines = 0;
  for (const [flags, opts] of FORMS) {
    const { bad, total, ours } = compareForm(file, flags, opts);
    assert.equal(bad.length, 0, `${file} ${flags.join(' ')}: ${bad.length} of ${total} lines differ, first:\n  tcpdump: ${bad[0]?.[0]}\n  tsbpf:   ${bad[0]?.[1]}`);
    assert.equal(ours, total, `${file} ${flags.join(' ')}: line count`);
    lines += total;
  }
  return lines;
}

test('every line of the recorded namespace and loopback captures equals tcpdump -n, -e, -q, -v, -vv, -vvv', { skip: NO_TCPDUMP }, () => {
  const n = compareAll(PCAP_DIR + 'netns-tcpdump.pcap');
  // 179 packets: ≥ 1,500 lines over the eight forms
  assert.ok(n >= 1500, `${n} lines`);
  assert.ok(compareAll(PCAP_DIR + 'loopback-tcpdump.pcap') >= 250);
});

test('every line of the recorded bridge capture (STP, IGMP v1/v2/v3, MLDv2 reports, router advertisements) equals tcpdump in every form', { skip: NO_TCPDUMP }, () => {
  const file = PCAP_DIR + 'netns-l2-tcpdump.pcap';
  // the kinds of packet the printer must decode there, so that the comparison cannot pass on a capture without them
  const text = tcpdumpLines(file, ['-vv']).join('\n');
  for (const kind of ['STP 802.1d, Config', 'Flags [Topology change]', 'igmp query v3', 'igmp v3 report', 'allow {', 'igmp v2 report', 'igmp leave', 'igmp v1 report', 'multicast listener report v2', 'router advertisement', 'prefix info option (3)', 'dnssl option (31)', 'route info option (24)']) assert.ok(text.includes(kind), kind);
  // 63 packets: ≥ 700 lines over the eight forms
  assert.ok(compareAll(file) >= 700);
});

const NOT_ROOT = process.getuid?.() !== 0 ? 'needs root (network namespaces)' : false;
const NO_IP = spawnSync('ip', ['-V']).status !== 0 ? 'iproute2 is not installed' : false;

test('traffic recorded now between two network namespaces prints as tcpdump prints it', { skip: NO_TCPDUMP || NOT_ROOT || NO_IP, timeout: 180_000 }, () => {
  const out = tempDir('tsbpf-rec-') + '/rec.pcap';
  const r = spawnSync(process.execPath, [ROOT + 'scripts/record-capture.mjs', out], { encoding: 'utf8', timeout: 150_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.ok(compareAll(out) >= 1000);
  assert.ok(compareAll(out.replace(/\.pcap$/, '-l2.pcap')) >= 300);
});
