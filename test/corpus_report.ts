// ad-hoc report: node dist/test/corpus_report.js [safety|gap|errstr] [KERNEL (default 5.10)]
import { runAll } from './verifier_corpus_lib.js';
import type { KernelVersion } from '../src/verifier/index.js';
const all = runAll((process.argv[3] ?? '5.10') as KernelVersion);
const f = process.argv[2] ?? '';
let ka = 0, kr = 0, safety = 0, gap = 0, em = 0, et = 0;
for (const o of all) {
  if (o.expected === 'ACCEPT') { ka++; if (!o.accepted) gap++; } else { kr++; if (o.accepted) safety++; }
  if (o.errstr !== undefined && !o.accepted) { et++; if (o.errstrMatch) em++; }
  const bad = (o.expected === 'ACCEPT') !== o.accepted;
  if ((f === 'safety' && bad && o.accepted) || (f === 'gap' && bad && !o.accepted) || (f === 'errstr' && o.errstr && !o.accepted && !o.errstrMatch)) {
    console.log(`#${o.c.idx} ${o.unpriv ? 'UNPRIV ' : ''}${o.c.descr} [type ${o.c.prog_type}] expected ${o.expected}${o.errstr ? ` "${o.errstr}"` : ''}; got ${o.accepted ? 'ACCEPT' : `REJECT: ${o.message}`}`);
  }
}
console.log(`cases ${all.length}: kernel ACCEPT ${ka} (tsbpf REJECT ${gap}), kernel REJECT ${kr} (tsbpf ACCEPT ${safety}); errstr matched ${em}/${et}`);
