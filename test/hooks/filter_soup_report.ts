/**
 * A report, not a test: `node dist/test/hooks/filter_soup_report.js [SEED] [N]` compares tsbpf's
 * acceptance and refusal messages with libpcap's (tcpdump -r FILE -ddd) on N keyword-soup
 * expressions (test/gen/filter_expr.ts soupExpressions) over captures of six link types, and prints
 * the agreement and every disagreement.
 */
import { soupExpressions } from '../gen/filter_expr.js';
import { compareWithLibpcap, loadCapture, summarize } from './filter_diff_lib.js';
import { PCAP_DIR } from './util.js';

const seed = Number(process.argv[2] ?? 1);
const n = Number(process.argv[3] ?? 300);
const files = (process.argv[4] ?? 'ethernet.pcap,sll.pcap,sll2.pcap,raw.pcap,null.pcap,loop.pcap').split(',');
const caps = files.map((f) => loadCapture(PCAP_DIR + f));
const r = await compareWithLibpcap(soupExpressions(seed, n), caps, 2);
console.log(`seed ${seed}: ${summarize(r)}; agreement (same acceptance and, when refused, the same message): ${r.sameSelection + r.sameMessage}/${r.pairs}`);
for (const l of [...r.refusalMismatch, ...r.messageMismatch, ...r.selectionMismatch]) console.log('  ' + l);
