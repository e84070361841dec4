/**
 * A verified program that calls a kfunc the emulator does not run (the crypto kfuncs of
 * kernel/bpf/crypto.c) loads, and its run stops at that call with ENOTSUPP naming the kernel
 * function and why, on both engines; a run that does not reach the call is unaffected.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadObject } from '../../src/runtime/object.js';
import { BpfError } from '../../src/isa/errors.js';

const FILE = fileURLToPath(new URL('../../../test/fixtures/bpf/kfunc_crypto_unix.bpf.o', import.meta.url));
// the kfuncs are resolved against the running kernel's BTF, as libbpf does
const noBtf = existsSync('/sys/kernel/btf/vmlinux') ? false : 'no /sys/kernel/btf/vmlinux to resolve the kfuncs against';

test('a run that reaches bpf_crypto_ctx_create is refused naming it, on both engines', { skip: noBtf }, async () => {
  const obj = await loadObject(new Uint8Array(readFileSync(FILE)), { file: 'kfunc_crypto_unix.bpf.o', programs: ['ok_crypto_create_release', 'ok_crypto_encrypt'] });
  for (const engine of ['interpreter', 'jit'] as const) {
    assert.throws(() => obj.program('ok_crypto_create_release').run({ ctx: new Uint8Array(8), engine }), (e: unknown) => {
      assert.ok(e instanceof BpfError && e.errno === 'ENOTSUPP', String(e));
      assert.match(e.message, /called bpf_crypto_ctx_create\(\), a kernel function tsbpf does not emulate \(kernel\/bpf\/crypto\.c/);
      assert.equal(typeof e.where.insn, 'number');
      return true;
    });
    // no context in the map: the program returns TC_ACT_SHOT (2) before bpf_crypto_encrypt
    assert.equal(obj.program('ok_crypto_encrypt').run({ data: new Uint8Array(64), engine }).retval, 2, engine);
  }
});
