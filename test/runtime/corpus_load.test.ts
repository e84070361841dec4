/**
 * The real-object corpus (../shared/corpora/cilium-elf, 102 clang-compiled objects of cilium/ebpf's
 * test data, both byte orders) loaded into the emulator, without and with tsbpf's verifier. Floors:
 * what loads today must keep loading (raise them when more does); the objects built to fail must
 * fail. Measured 2026-12-07: 92/102 without the verifier (every object except the 10 this kernel's
 * libbpf refuses too), 74/102 with it (76 until struct_ops programs were verified against their
 * struct: testdata_struct_ops-{eb,el} fill a bpf_testmod_ops, a struct of the kernel's test module,
 * which this kernel refuses as "attach_btf_id is not a supported struct"). Every object refused with
 * the verifier is refused by the kernel too (test/verifier_checks/object_matrix.ts measures it
 * program by program): unlinked extern functions, a .rodata the test sets before loading, kfuncs
 * and struct_ops of the kernel's test module,
 * poisoned kfunc calls, and CO-RE relocations against types the running kernel's BTF lacks
 * (btf_testdata_relocs*, errors: poisoned as libbpf does since the emulator relocates every
 * program against the running kernel; 79 before that, when only tracing programs were relocated).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { BpfError } from '../../src/isa/errors.js';
import { loadObject } from '../../src/runtime/object.js';
import { CILIUM_ELF, corpusSkip } from '../elf/corpus.js';

const FLOOR_NO_VERIFY = 92;
const FLOOR_VERIFY = 74;

/**
 * objects a loader must refuse here, and why. errors.elf calls a weak kfunc the kernel lacks where
 * no bpf_ksym_exists() guards it: libbpf loads the object and the kernel's verifier refuses the
 * call, so without a verifier it loads (the call would trap). The kfunc ones name kfuncs this
 * kernel's vmlinux BTF does not have (as libbpf, tsbpf checks /sys/kernel/btf/vmlinux).
 */
const MEANT_TO_FAIL: Record<string, { re: RegExp; unverifiedToo: boolean }> = {
  'testdata_errors-': { re: /invalid_kfunc|kfunc|kernel function|unknown#195896080/, unverifiedToo: false }, // a CO-RE relocation the running kernel cannot satisfy is poisoned, as libbpf does
  'testdata_invalid-kfunc-': { re: /bpf_kfunc_call_test_mem_len_pass1/, unverifiedToo: true }, // a kfunc of the kernel's test module, not weak
  'testdata_kfunc-kmod-': { re: /bpf_testmod_test_mod_kfunc/, unverifiedToo: true }, // needs the bpf_testmod module loaded
  'testdata_invalid_btf_map_init-': { re: /only 'values' may be initialised/, unverifiedToo: true },
  'testdata_invalid_map-': { re: /unsupported map definition/, unverifiedToo: true },
  'testdata_invalid_map_static-': { re: /static maps are not supported/, unverifiedToo: true },
};

test('cilium-elf objects load in the emulator (floors without and with the verifier; the invalid ones fail)', { skip: corpusSkip }, async () => {
  const files = readdirSync(CILIUM_ELF).filter((f) => /\.(elf|o)$/.test(f)).sort();
  assert.equal(files.length, 102);
  const loaded = { noVerify: 0, verify: 0 };
  const failures: string[] = [];
  for (const f of files) {
    const meant = Object.entries(MEANT_TO_FAIL).find(([prefix]) => f.startsWith(prefix))?.[1];
    for (const verify of [false, true]) {
      const expectFail = meant && (verify || meant.unverifiedToo) ? meant : undefined;
      try {
        const o = await loadObject(CILIUM_ELF + f, { verify });
        o.close();
        loaded[verify ? 'verify' : 'noVerify']++;
        if (expectFail) failures.push(`${f} is meant to fail${verify ? ' with the verifier' : ''} but loaded`);
      } catch (e) {
        assert.ok(e instanceof BpfError, `${f}: not a BpfError: ${String(e)}`);
        if (expectFail) assert.match(e.message, expectFail.re, f);
        else if (!verify) failures.push(`${f}: ${e.message.split('\n')[0]}`);
      }
    }
  }
  assert.deepEqual(failures, [], 'only the objects built to fail are refused without the verifier, and those are refused');
  console.log(`cilium-elf in the emulator: ${loaded.noVerify}/${files.length} load without the verifier, ${loaded.verify} with it`);
  assert.ok(loaded.noVerify >= FLOOR_NO_VERIFY, `${loaded.noVerify} objects load without the verifier (floor ${FLOOR_NO_VERIFY})`);
  assert.ok(loaded.verify >= FLOOR_VERIFY, `${loaded.verify} objects load with the verifier (floor ${FLOOR_VERIFY})`);
});
