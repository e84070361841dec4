/**
 * The kernel's test_verifier corpus against the verifier of the running kernel (Linux 6.18 here):
 * every privileged case is loaded by the kernel and verified by tsbpf under its 6.18 rules (the
 * default); the verdicts must agree in at least AGREEMENT of the comparable cases, and tsbpf may
 * never accept what the kernel rejects. The same cases under tsbpf's 5.10 rules are measured
 * too, to show what the version switch is worth. Unprivileged cases are not run: the kernel
 * would need a process without CAP_BPF.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kernelAvailable } from '../../src/hooks/kernel/index.js';
import { testVerifierSkip } from '../verifier_corpus_lib.js';
import { runCorpusOnKernel } from './corpus_kernel.js';

/**
 * measured 1169/1169 on Linux 6.18 with the running kernel's BTF given to tsbpf as the kernel has
 * it (1166 without: bpf_map_ptr field reads and bpf_skc_to_tcp_sock); raise it as the verifier
 * improves, never lower it
 */
const AGREEMENT = 1;
/**
 * of the cases both reject, tsbpf's error line is the kernel's: measured 531/539 (#706, an
 * unchecked map-in-map lookup passed as a map, is `map_ptr_or_null` in 6.x's words; the two
 * `infinite loop detected at insn N` cases name another instruction of the same loop)
 */
const SAME_MESSAGE = 0.985;
const kernel = kernelAvailable();
const skip = testVerifierSkip ? testVerifierSkip : kernel.ok ? false : `the kernel is unavailable: ${kernel.reason}`;

test('test_verifier corpus: tsbpf (6.18 rules) agrees with the running kernel', { skip }, () => {
  const rep = runCorpusOnKernel(['6.18', '5.10']);
  const n = rep.compared.length;
  const agree = (k: '6.18' | '5.10') => rep.compared.filter((x) => (x.kernel === null) === (x.tsbpf[k] === null)).length;
  const a618 = agree('6.18');
  const a510 = agree('5.10');
  const both = rep.compared.filter((x) => x.kernel !== null && x.tsbpf['6.18'] !== null);
  const same = both.filter((x) => x.tsbpf['6.18']!.replace(/^\w+: /, '') === x.kernel);
  const lines = [
    `corpus vs the running kernel: ${n} cases compared (${rep.notComparable.length} not comparable)`,
    `  rejected by both: ${both.length}, with the kernel's error line: ${same.length} (${(100 * same.length / both.length).toFixed(1)}%)`,
    `  tsbpf 6.18 rules: ${a618}/${n} agree (${(100 * a618 / n).toFixed(2)}%)`,
    `  tsbpf 5.10 rules: ${a510}/${n} agree (${(100 * a510 / n).toFixed(2)}%)`,
  ];
  for (const x of rep.compared) {
    if ((x.kernel === null) === (x.tsbpf['6.18'] === null)) continue;
    lines.push(`  disagreement #${x.c.idx} ${x.c.descr}: kernel ${x.kernel ?? 'ACCEPT'}, tsbpf ${x.tsbpf['6.18'] ?? 'ACCEPT'}`);
  }
  const why = new Map<string, number>();
  for (const x of rep.notComparable) why.set(x.why, (why.get(x.why) ?? 0) + 1);
  for (const [w, k] of why) lines.push(`  not comparable: ${k} × ${w}`);
  for (const x of both) if (!same.includes(x)) lines.push(`  other words #${x.c.idx}: kernel "${x.kernel}", tsbpf "${x.tsbpf['6.18']}"`);
  console.log(lines.join('\n'));
  assert.ok(n > 1000, `most of the corpus is comparable (${n})`);
  const unsafe = rep.compared.filter((x) => x.kernel !== null && x.tsbpf['6.18'] === null);
  assert.deepEqual(unsafe.map((x) => `#${x.c.idx} ${x.c.descr}: ${x.kernel}`), []);
  assert.ok(a618 / n >= AGREEMENT, `agreement ${a618}/${n} is below ${AGREEMENT}`);
  assert.ok(same.length / both.length >= SAME_MESSAGE, `same error line ${same.length}/${both.length}`);
  // the version switch is what makes the difference
  assert.ok(a618 > a510);
});
