/**
 * `geneve [vni]`: libpcap's variable offsets after the Geneve header (its option length read at
 * run time; the inner frame Ethernet under Transparent Ethernet Bridging, IP otherwise). The
 * capture (scripts/make-captures.mjs) has Geneve over IPv4 with and without IP options and over
 * IPv6, 0-3 option words, several VNIs, a version-1 header, the port as source only, and the
 * same packets cut short at many lengths; every expression must select what tcpdump selects.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareWithLibpcap, loadCapture, summarize } from './filter_diff_lib.js';
import { compileFilter } from '../../src/hooks/filter/compile.js';
import { ClassicProgram, runClassic } from '../../src/hooks/cbpf/interpreter.js';
import { NO_TCPDUMP, PCAP_DIR } from './util.js';

const EXPRS = [
  'geneve', 'geneve 5', 'geneve 100', 'geneve 0', 'geneve 16777215', 'geneve 16777216', 'geneve and ip', 'geneve and ip6', 'geneve and tcp', 'geneve and udp',
  'geneve and icmp', 'geneve and tcp port 80', 'geneve and port 53', 'geneve and host 10.0.0.1', 'geneve and net 10.0.0.0/8',
  'geneve and ether host 00:11:22:33:44:55', 'geneve and ether src 02:00:00:00:00:01', 'geneve and ether broadcast', 'geneve and ether multicast',
  'geneve and vlan', 'geneve and vlan and ip', 'geneve and arp', 'geneve and ip protochain 6', 'geneve and ip[9] = 6', 'geneve and tcp[13] & 2 != 0',
  'geneve and ip[2:2] > 40', 'geneve and link[12:2] = 0x800', 'geneve and ether[0] & 1 = 0', 'geneve and ip[ip[0] & 0xf] > 0', 'geneve and tcp[tcp[12] >> 4] >= 0',
  'geneve or tcp', 'geneve or ip6', 'not geneve', 'geneve and not ip', 'geneve 5 and ip6 and udp', 'geneve and geneve', 'geneve and geneve and ip',
  'tcp or geneve and udp', 'geneve and icmp6', 'geneve and len > 100', 'geneve and ip multicast', 'geneve and mpls', 'geneve and llc', 'geneve and stp',
  'vlan and geneve', 'geneve and udp[8:2] = 0', 'geneve and ether proto 0x86dd', 'geneve and ip6[6] = 17', 'geneve and tcp[tcpflags] & tcp-syn != 0',
];

test('geneve: the same selections and refusals as tcpdump', { skip: NO_TCPDUMP }, async () => {
  const caps = ['geneve.pcap', 'ethernet.pcap', 'sll.pcap', 'snaplen64.pcap'].map((f) => loadCapture(PCAP_DIR + f));
  const r = await compareWithLibpcap(EXPRS, caps);
  assert.deepEqual([...r.selectionMismatch, ...r.refusalMismatch, ...r.messageMismatch], [], summarize(r));
  assert.ok(r.sameSelection >= 180, summarize(r));
});

test('geneve: inner frames are found behind options, over IPv4 and IPv6, bridged or not', () => {
  const cap = loadCapture(PCAP_DIR + 'geneve.pcap');
  const count = (e: string): number => {
    const p = new ClassicProgram(compileFilter(e, { linkType: cap.linkType }));
    return cap.packets.filter((q) => runClassic(p, q.data, { wirelen: q.origLen }) !== 0).length;
  };
  const all = count('geneve');
  assert.ok(all > 30 && all < cap.packets.length, `geneve selects ${all} of ${cap.packets.length}`);
  // inner IPv4 and IPv6 are both there; with the rest they make up what geneve selects, less the
  // packets cut inside the inner frame (a load past the end rejects whatever the test)
  const parts = ['geneve and ip', 'geneve and ip6', 'geneve and not ip and not ip6'].map(count);
  const sum = parts.reduce((a, b) => a + b, 0);
  assert.ok(sum <= all && sum > all * 0.8, `${parts.join(' + ')} of ${all}`);
  for (const n of parts.slice(0, 2)) assert.ok(n > 0);
  assert.ok(count('geneve 5') > 0 && count('geneve 5') < all);
  // every outer frame comes from 02:00:00:00:00:01; after geneve, the MAC is the inner frame's
  assert.equal(count('ether src 02:00:00:00:00:01'), cap.packets.length);
  assert.ok(count('geneve and ether src 02:00:00:00:00:01') < all, 'the outer MAC is not the inner');
  assert.throws(() => compileFilter('geneve 16777216'), /Geneve VNI 16777216 greater than maximum 16777215/);
  assert.throws(() => compileFilter('geneve and ip protochain 6'), /'protochain' not supported with variable length headers/);
});
