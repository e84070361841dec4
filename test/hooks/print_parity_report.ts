/**
 * A report, not a test: `node dist/test/hooks/print_parity_report.js [FILE…] [--show N] [--groups]`
 * prints, for each capture (default: every capture in test/data/pcap) and each form tsbpf offers,
 * how many of tcpdump -n's lines tsbpf's printer reproduces exactly, and the first N differing
 * lines; `--groups` counts the differing lines by protocol (named from the packet's line in
 * tcpdump's default form) and form, biggest groups first.
 */
import { readdirSync } from 'node:fs';
import { FORMS, byPacket, compareForm, protocolOf, tcpdumpLines } from './print_lib.js';
import { PCAP_DIR } from './util.js';

const args = process.argv.slice(2);
const si = args.indexOf('--show');
const show = si >= 0 ? Number(args.splice(si, 2)[1]) : 0;
const gi = args.indexOf('--groups');
const groupsWanted = gi >= 0 && args.splice(gi, 1).length > 0;
const files = args.length ? args : readdirSync(PCAP_DIR).filter((f) => /\.pcap(ng)?$/.test(f)).sort().map((f) => PCAP_DIR + f);
const groups = new Map<string, number>();
let eq = 0;
let tot = 0;
for (const f of files) {
  const cells: string[] = [];
  let fe = 0;
  let ft = 0;
  const bad: Array<[string, string | undefined]> = [];
  let skipped = false;
  let names: string[] = [];
  try {
    names = groupsWanted ? byPacket(tcpdumpLines(f, [])).map((p) => protocolOf(p[0]!)) : [];
  } catch {
    // tcpdump cannot read it: said below
  }
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
    for (const k of r.badPackets) {
      const key = `${names[k] ?? '?'} [${flags.join(' ') || 'plain'}]`;
      groups.set(key, (groups.get(key) ?? 0) + 1);
    }
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
if (groupsWanted) {
  console.log('differing lines by protocol and form:');
  for (const [k, n] of [...groups].sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(5)}  ${k}`);
}
