/**
 * BPF exceptions end to end (test/data/verifier_progs/verifier_exceptions.c): the programs the
 * verifier accepts are loaded through the runtime (the exception callback appended as libbpf
 * does, bpf_throw fixed up to its emulation) and run on both engines on the 64-byte test packet;
 * each must return its `__run_retval` — the exception callback's value, the cookie, or the
 * ordinary return — and, where the kernel is available, the running kernel's BPF_PROG_TEST_RUN
 * must return the same (so the annotation itself is right). The verdicts and messages are checked
 * by annotated.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { declTags, loadSpec, runningKernelBtf } from './objects.js';
import { kernelLoader, kernelVerdicts, libbpfAppendsExceptionCb } from './kernel_loader.js';
import { loadObject } from '../../src/runtime/object.js';
import { ENGINE_NAMES } from '../../src/vm/engine.js';

const OBJ = fileURLToPath(new URL('../../../test/data/verifier_progs/verifier_exceptions.bpf.o', import.meta.url));
const bytes = new Uint8Array(readFileSync(OBJ));
const spec = loadSpec(bytes, 'verifier_exceptions.bpf.o');
const tags = declTags(spec.btf);
const RETVAL = 'comment:tsbpf_run_retval=';
const runs = spec.programs.flatMap((p) => {
  const t = (tags.get(p.name) ?? []).find((x) => x.startsWith(RETVAL));
  return t ? [{ name: p.name, retval: Number(t.slice(RETVAL.length)) }] : [];
});

function packet(): Uint8Array {
  const p = new Uint8Array(64);
  p[12] = 0x08;
  return p;
}

const noBtf = runningKernelBtf() ? false : 'no /sys/kernel/btf/vmlinux: bpf_throw is a kfunc, resolved against the kernel BTF';

test('the exception programs: throws with and without a callback, from subprograms, and runs that do not throw', () => {
  assert.ok(runs.length >= 6);
  assert.ok(runs.some((r) => spec.programs.find((p) => p.name === r.name)?.exceptionCb !== undefined), 'a program with an exception callback');
  assert.ok(runs.some((r) => spec.programs.find((p) => p.name === r.name)?.exceptionCb === undefined), 'a program with the default callback');
});

test('the exception callback is appended to its program (libbpf bpf_prog_assign_exc_cb)', () => {
  const p = spec.programs.find((x) => x.name === 'throw_with_callback')!;
  assert.ok(p.exceptionCb !== undefined && p.exceptionCb > 0);
  assert.ok(p.functions.some((f) => f.name === 'add_hundred' && f.insn === p.exceptionCb));
});

test('bpf_throw ends the run with the callback value or the cookie, on both engines', { skip: noBtf }, async () => {
  const problems: string[] = [];
  for (const r of runs) {
    const obj = await loadObject(bytes, { programs: [r.name], file: 'verifier_exceptions.bpf.o' });
    try {
      const p = obj.programs.get(r.name)!;
      for (const engine of ENGINE_NAMES) {
        // twice: a throw must leave the engine ready for the next run
        for (let k = 0; k < 2; k++) {
          const got = p.run({ data: packet(), engine }).retval;
          if (got !== r.retval) problems.push(`${r.name} (${engine}, run ${k + 1}): retval ${got}, expected ${r.retval}`);
        }
      }
    } finally {
      obj.close();
    }
  }
  assert.deepEqual(problems, []);
});

const loader = kernelLoader();
test('the running kernel returns the same values', { skip: typeof loader === 'string' ? false : loader.reason }, (t) => {
  const kv = kernelVerdicts(OBJ, { each: true });
  const problems: string[] = [];
  for (const r of runs) {
    const k = kv.get(r.name);
    // libbpf before 1.3 (Debian 12 has 1.1) does not append the exception callback
    // (bpf_prog_assign_exc_cb), so the kernel never sees the program whole: not comparable there
    if (spec.programs.find((p) => p.name === r.name)?.exceptionCb !== undefined && !libbpfAppendsExceptionCb()) {
      t.diagnostic(`${r.name}: not compared: the host's libbpf predates exception callbacks (1.3)`);
      continue;
    }
    if (!k?.loaded) problems.push(`${r.name}: the kernel refused it: ${k?.log.trim().split('\n').pop() ?? 'not reported'}`);
    else if (k.retval !== r.retval) problems.push(`${r.name}: kernel retval ${k.retval}, annotation ${r.retval}`);
  }
  assert.deepEqual(problems, []);
});
