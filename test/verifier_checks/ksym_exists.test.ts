/**
 * bpf_ksym_exists(kfunc) on tsbpf's engines: the lddw the loader resolves to the kfunc's kernel BTF
 * id (BPF_PSEUDO_BTF_ID, as libbpf's RELO_EXTERN_LD64) is a non-zero address on both engines, and
 * a weak kfunc the kernel lacks reads 0. The verdicts are in verifier_ksym_exists.c (annotated.test.ts,
 * checked against the running kernel); this checks what the accepted programs return.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadObject } from '../../src/runtime/object.js';
import { ENGINE_NAMES } from '../../src/vm/engine.js';
import { runningKernelBtf } from './objects.js';

const OBJ = fileURLToPath(new URL('../../../test/data/verifier_progs/verifier_ksym_exists.bpf.o', import.meta.url));
const skip = runningKernelBtf() ? false : 'no /sys/kernel/btf/vmlinux: the kfunc cannot be resolved';

test('bpf_ksym_exists: an existing kfunc takes the guarded path, a missing weak one does not, on both engines', { skip }, async () => {
  const bytes = readFileSync(OBJ);
  const cases: [string, number][] = [['ksym_exists_branch_decided', 1], ['ksym_exists_missing_is_dead', 0]];
  for (const [name, want] of cases) {
    const o = await loadObject(bytes, { file: OBJ, programs: [name], verify: true });
    try {
      for (const engine of ENGINE_NAMES) {
        const r = o.programs.get(name)!.run({ data: new Uint8Array(0), engine });
        assert.equal(r.retval, want, `${name} on ${engine}`);
      }
    } finally {
      o.close();
    }
  }
});
