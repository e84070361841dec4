/**
 * A report, not a test: `node dist/test/hooks/print_parity_report.js [FILE…] [--show N]` prints,
 * for each capture (default: every capture in test/data/pcap) and each form tsbpf offers, how many
 * of tcpdump -n's lines tsbpf's printer reproduces exactly, and the first N differing lines.
 */
import { readdirSync } from 'node:fs';
import { FORMS, compareForm } from './print_lib.js';
import { PCAP_DIR } from './util.js';

const args = process.argv.slice(2);
const si = args.indexOf('--show');
const show = si >= 0 ? Number(args.splice(si, 2)[1]) : 0;
const files = args.length ? args : readdirSync(PCAP_DIR).filter((f) => /\.pcap(ng)?$/.test(f)).sort().map((f) => PCAP_DIR + f);
let eq = 0;
let tot = 0;
for (const f of files) {
  const cells: string[] = [];
  let fe = 0;
  let ft = 0;
  const bad: Array<[string, string | undefined]> = [];
  let skipped = false;
  for (const [flags, opts] of FORMS) {
    let r;
    try {
      r = compareForm(f, flags, opts);
    } catch {
      // tcpdump cannot read it (a pcapng with interfaces of different link types)
      skipped = true;
      break;
    }
    cells.push(`${flags.join('') || 'plain'} ${r.equal}/${r.total}`);
    fe += r.equal;
    ft += r.total;
    bad.push(...r.bad.map(([w, g]) => [`${flags.join(' ')}| ${w}`, g] as [string, string | undefined]));
  }
  if (skipped) {
    console.log(`${f.replace(/.*\//, '')}: tcpdump cannot read it, skipped`);
    continue;
  }
  eq += fe;
  tot += ft;
  console.log(`${f.replace(/.*\//, '')}: ${fe}/${ft} (${cells.join(', ')})`);
  for (const [w, g] of bad.slice(0, show)) console.log(`  tcpdump ${w}\n  tsbpf   ${g}`);
}
console.log(`all: ${eq}/${tot} lines equal`);
