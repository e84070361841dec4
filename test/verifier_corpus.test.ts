/**
 * The kernel's own verifier tests (../shared/corpora/test_verifier/tests-5.10.jsonl): every case,
 * privileged and (where the corpus README says) unprivileged, with test_verifier.c's map fixups.
 * Prints the confusion matrix; fails when safety bugs (kernel REJECT / tsbpf ACCEPT) or precision
 * gaps exceed the recorded thresholds, which only ever go down.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { CORPUS, runAll, type Outcome } from './verifier_corpus_lib.js';

/** thresholds: lower them as tsbpf improves, never raise them */
const MAX_SAFETY_BUGS = 0;
const MAX_PRECISION_GAPS = 3;
const MIN_ERRSTR_RATE = 0.92;

/**
 * Cases whose expectation changed between Linux 5.10 (the corpus) and the 6.x rules tsbpf follows.
 * Reported, not counted as safety bugs.
 */
const NEWER_KERNEL: Record<number, string> = {
  43: 'BPF_ALU64 | BPF_END is bswap since Linux 6.6 (cpu v4), no longer an unknown opcode',
  263: 'offset 64 of struct bpf_sk_lookup is ingress_ifindex since Linux 5.17',
};

test('kernel test_verifier corpus: confusion matrix', { skip: existsSync(CORPUS) ? false : `corpus not found at ${CORPUS}` }, () => {
  const all = runAll();
  const m = { accAcc: 0, accRej: 0, rejAcc: 0, rejRej: 0 };
  const safety: Outcome[] = [];
  const gaps: Outcome[] = [];
  const newer: Outcome[] = [];
  let errTotal = 0;
  let errMatch = 0;
  for (const o of all) {
    if (o.expected === 'ACCEPT') {
      if (o.accepted) m.accAcc++;
      else { m.accRej++; gaps.push(o); }
    } else if (o.accepted) {
      m.rejAcc++;
      if (NEWER_KERNEL[o.c.idx]) newer.push(o);
      else safety.push(o);
    } else m.rejRej++;
    if (o.errstr !== undefined && !o.accepted) {
      errTotal++;
      if (o.errstrMatch) errMatch++;
    }
  }
  const kAcc = m.accAcc + m.accRej;
  console.log(`tests-5.10.jsonl: ${all.length} runs (${all.filter((o) => o.unpriv).length} unprivileged)`);
  console.log('                 tsbpf ACCEPT  tsbpf REJECT');
  console.log(`kernel ACCEPT    ${String(m.accAcc).padStart(12)}  ${String(m.accRej).padStart(12)}   (precision gap ${(100 * m.accRej / kAcc).toFixed(2)}%)`);
  console.log(`kernel REJECT    ${String(m.rejAcc).padStart(12)}  ${String(m.rejRej).padStart(12)}   (safety bugs ${safety.length}, newer-kernel differences ${newer.length})`);
  console.log(`errstr found in the log: ${errMatch}/${errTotal} (${(100 * errMatch / errTotal).toFixed(1)}%)`);
  for (const o of newer) console.log(`  newer kernel: #${o.c.idx} ${o.c.descr}: ${NEWER_KERNEL[o.c.idx]}`);
  for (const o of safety) console.log(`  SAFETY: #${o.c.idx}${o.unpriv ? ' (unpriv)' : ''} ${o.c.descr}`);
  for (const o of gaps) console.log(`  gap: #${o.c.idx}${o.unpriv ? ' (unpriv)' : ''} ${o.c.descr}: ${o.message}`);
  assert.ok(safety.length <= MAX_SAFETY_BUGS, `${safety.length} safety bugs (max ${MAX_SAFETY_BUGS})`);
  assert.ok(m.accRej <= MAX_PRECISION_GAPS, `${m.accRej} precision gaps (max ${MAX_PRECISION_GAPS})`);
  assert.ok(errMatch / errTotal >= MIN_ERRSTR_RATE, `errstr match rate ${errMatch}/${errTotal}`);
});
