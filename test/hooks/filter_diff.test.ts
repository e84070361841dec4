/**
 * tsbpf's filter compiler against libpcap's on expressions neither side chose: a fixed-seed
 * sample from the pcap-filter(7) grammar generator (with token mutations), on captures of several
 * link types. The numbers are printed; the test fails when agreement drops below what was
 * measured when it was written (see docs/filter.md for the larger bench sample).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { huntExpressions, sampleExpressions } from '../gen/filter_expr.js';
import { compareWithLibpcap, loadCapture, summarize } from './filter_diff_lib.js';
import { NO_TCPDUMP, PCAP_DIR } from './util.js';

test('random pcap-filter expressions: the same selections and refusals as tcpdump (fixed seed)', { skip: NO_TCPDUMP }, async () => {
  const caps = ['ethernet.pcap', 'snaplen64.pcap', 'sll.pcap'].map((f) => loadCapture(PCAP_DIR + f));
  const exprs = sampleExpressions(14, 90);
  const r = await compareWithLibpcap(exprs, caps, 2);
  console.log(summarize(r));
  for (const l of [...r.selectionMismatch, ...r.refusalMismatch].slice(0, 20)) console.log('  ' + l);
  // no crash: every refusal is a BpfError
  assert.ok(![...r.refusalMismatch, ...r.messageMismatch].some((l) => l.includes('CRASH')), 'a non-BpfError escaped');
  const accepted = r.sameSelection + r.selectionMismatch.length;
  assert.ok(accepted >= 80, `too few expressions accepted by both (${accepted})`);
  assert.ok(r.sameSelection / accepted >= 0.97, `selections agree on ${r.sameSelection}/${accepted}`);
  assert.ok(r.refusalMismatch.length / r.pairs <= 0.06, `accepted by only one side: ${r.refusalMismatch.length}/${r.pairs}`);
  assert.ok(r.sameMessage / r.bothRefused >= 0.75, `same refusal message ${r.sameMessage}/${r.bothRefused}`);
});

test('filters people write (pcap-filter(7), Scapy, common practice) and their mutations, on real traffic tcpdump recorded: tcpdump\'s selections and refusals', { skip: NO_TCPDUMP }, async () => {
  // netns-filter-tcpdump.pcap: scripts/record-filter-captures.mjs (tcpdump -s 96 on a veth: the
  // kernel's traffic, VXLAN, and Scapy's fuzzed 802.1Q/802.1ad/MPLS/PPPoE/Geneve/LLC frames)
  // what the hunt found: after `pppoes` the link header is the PPP header (`ether[0]` is 20 bytes
  // in); a constant index adds to the base in 32 bits (`ip[-14]` is `ldb [0]`)
  const found = ['pppoes or not ether[len - 1] = 0', 'pppoes and ether[0] = 0xc0', 'pppoes and link[2:2] = 0x21', 'mpls and pppoes and ip', 'ip[-14] = 0', 'tcp[-1] = 0', 'ether[-1] = 0', 'ip[4294967282] = 0x0'];
  const r = await compareWithLibpcap([...found, ...huntExpressions(1, 150)], [loadCapture(PCAP_DIR + 'netns-filter-tcpdump.pcap')], 2);
  console.log(summarize(r));
  // measured when written: every pair equal (`ether proto \ipx` selected only Ethernet II IPX before, `pppoes or not ether[len - 1] = 0` every non-PPPoE frame)
  assert.deepEqual([...r.refusalMismatch, ...r.messageMismatch, ...r.selectionMismatch], []);
  assert.ok(r.sameSelection >= 150 && r.bothRefused >= 50, summarize(r));
});
