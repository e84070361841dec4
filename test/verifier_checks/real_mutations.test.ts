/**
 * The mutation hunt on real programs (./real_mutations.ts), bounded for CI: the example objects,
 * three one-instruction mutants per program with a fixed seed, judged by the running kernel's
 * verifier and by tsbpf. Every mutant the kernel refuses must be refused by tsbpf (no unsafe
 * accept). The set is fixed, not cut by a clock: with a 20 s deadline a loaded machine (load
 * average 23) once judged only 9 mutants and failed. The long run:
 * `node dist/test/verifier_checks/real_mutations.js`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kernelAvailable } from '../../src/hooks/kernel/bpf.js';
import { existsSync } from 'node:fs';
import { ROOT, CILIUM } from './real_objects.js';
import { huntMutants, mutationFiles, mutantLine, summariseHunt, mutationTargets } from './real_mutations.js';
import { kernelVerdict } from './object_matrix.js';
import { loadSpec, verifyProgram } from './objects.js';

const k = kernelAvailable();

test('one-instruction mutants of the example programs: tsbpf refuses every one the kernel refuses', { skip: k.ok ? false : `the kernel is unavailable: ${k.reason}` }, async () => {
  const v = await huntMutants(mutationFiles([ROOT + 'examples']), { perProgram: 3, seed: 13, budgetMs: 30000 });
  if (!Array.isArray(v)) assert.fail(v.reason);
  const s = summariseHunt(v);
  console.log(`mutants judged ${s.judged}, agree ${s.agree}, unsafe ${s.unsafe.length}, safe refused ${s.conservative.length}`);
  assert.ok(s.judged >= 10, `only ${s.judged} mutants judged`);
  assert.deepEqual(s.unsafe.map(mutantLine), []);
});

// The hunt's first unsafe accept on cilium's objects (btf_testdata_relocs-el.elf:type_ids, a
// register swapped at instruction 75): tsbpf verified the program with the type ids clang wrote,
// where libbpf has relocated bpf_core_type_id_kernel() against the running kernel's BTF
// (bpf_core_calc_type_relo) — so `target_and_local_id_dont_match(struct s)` (insn 69) ended the
// program for tsbpf and not for the kernel, and the mutant at insn 75 was never reached.
// verifyProgram now relocates as libbpf does before BPF_PROG_LOAD; both must judge the mutant alike.
const RELOCS = CILIUM + 'btf_testdata_relocs-el.elf';
test('a mutant after a CO-RE type-id branch: tsbpf and the kernel judge it alike', { skip: !k.ok ? `the kernel is unavailable: ${k.reason}` : existsSync(RELOCS) ? false : `${RELOCS} is not present` }, async () => {
  const t = mutationTargets(RELOCS).find((x) => x.program === 'type_ids')!;
  const at = t.start + 75 * 8;
  // insn 75: `if r2 == r1 goto pc+25` (0x1d, dst r2, src r1): r1 becomes r7, never written
  assert.deepEqual([t.bytes[at], t.bytes[at + 1]], [0x1d, 0x12]);
  const bytes = t.bytes.slice();
  bytes[at + 1] = 0x72;
  const kernel = await kernelVerdict(bytes, t.file, 'type_ids');
  assert.ok(kernel.verifier, `the kernel's loader refused it before its verifier: ${kernel.why}`);
  const spec = loadSpec(bytes, t.file);
  const ours = verifyProgram(spec, spec.programs[t.index]!, { logLevel: 0 });
  assert.equal(ours.accepted, kernel.accepted, `kernel: ${kernel.why ?? 'accepted'}; tsbpf: ${ours.message ?? 'accepted'}`);
  if (!kernel.accepted) assert.match(ours.message ?? '', /R7 !read_ok/);
});
