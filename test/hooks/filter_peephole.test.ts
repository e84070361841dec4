/**
 * libpcap's statement optimisations change what tcpdump selects and refuses (peephole.ts): a
 * load whose value an operation with 0 discards is deleted (so a short packet is no longer
 * rejected by it), a divisor or shift count that folds to a bad constant is refused, and a
 * test on folded constants is decided where libpcap decides it — only at the root does that
 * make "expression rejects all packets". Each expression is compared with tcpdump's program on
 * captures with short packets; the first group selected differently before peephole.ts and
 * before jump threading skipped loads as libpcap's does.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareWithLibpcap, loadCapture, summarize } from './filter_diff_lib.js';
import { NO_TCPDUMP, PCAP_DIR } from './util.js';

test('operations with 0 delete loads, folded constants decide tests, as in libpcap', { skip: NO_TCPDUMP }, async () => {
  const exprs = [
    // selections
    'ip[200] * 0 + ip[2] = 5', 'ip and ip[120] * 0 = 0', '0 << ip[10] = 0', '0 % ip[100] = 0', '0 / tcp[90] = 0', 'udp[60] & 0 = 0',
    'len % len >= 16 << ip[tcp-fin] ^ link[20] * icmptype / ip6[0xff]', 'not ip[0] & 0xffffffff = 0', '0 + ip[100] = 0', '0 - ip[100] = 0',
    // a clause jump threading proves false loses its loads (opt_j): a 52-byte IPv6 packet of geneve.pcap
    'src and dst port domain and 5000 || (host 192.168.1.1) or ether proto 0x86dd', 'tcp port 80 and tcp port 81 or ip6',
    // refusals
    'ip[1] / (ip[1] * 0) = 1', '0 >> ip[100] = 0', 'ip[1] % (0 * len) = 1', 'ip[1] << (ip[1] * 0 + 40) = 0', 'link[0:1] & 0xFFFFFFFF == 0', '2 * 3 = 7 and ip', 'ip and 1 = 2',
    // accepted although nothing can match: the decision is not at the root
    'ip and 2 * 3 = 7', 'ip[0] & 0xffffffff = 0', 'ip or 2 * 3 = 7', 'not ip and 2 * 3 = 6',
  ];
  const caps = ['ethernet.pcap', 'snaplen64.pcap', 'sll.pcap', 'geneve.pcap'].map((f) => loadCapture(PCAP_DIR + f));
  const r = await compareWithLibpcap(exprs, caps);
  assert.deepEqual([...r.selectionMismatch, ...r.refusalMismatch, ...r.messageMismatch], [], summarize(r));
  assert.equal(r.bothRefused, 7 * caps.length, summarize(r));
});
