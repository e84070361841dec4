/**
 * The mutation hunt on real programs (./real_mutations.ts), bounded for CI: the example objects,
 * three one-instruction mutants per program with a fixed seed, judged by the running kernel's
 * verifier and by tsbpf. Every mutant the kernel refuses must be refused by tsbpf (no unsafe
 * accept). New programs stop being started after 20 s, so a loaded machine judges fewer mutants
 * rather than running long. The long run: `node dist/test/verifier_checks/real_mutations.js`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kernelAvailable } from '../../src/hooks/kernel/bpf.js';
import { ROOT } from './real_objects.js';
import { huntMutants, mutationFiles, mutantLine, summariseHunt } from './real_mutations.js';

const k = kernelAvailable();

test('one-instruction mutants of the example programs: tsbpf refuses every one the kernel refuses', { skip: k.ok ? false : `the kernel is unavailable: ${k.reason}` }, async () => {
  const v = await huntMutants(mutationFiles([ROOT + 'examples']), { perProgram: 3, seed: 13, deadlineMs: 20000, budgetMs: 10000 });
  if (!Array.isArray(v)) assert.fail(v.reason);
  const s = summariseHunt(v);
  console.log(`mutants judged ${s.judged}, agree ${s.agree}, unsafe ${s.unsafe.length}, safe refused ${s.conservative.length}`);
  assert.ok(s.judged >= 10, `only ${s.judged} mutants judged`);
  assert.deepEqual(s.unsafe.map(mutantLine), []);
});
