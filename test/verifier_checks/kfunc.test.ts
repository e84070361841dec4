/**
 * Kernel BTF in the verifier and the loader: tracing programs typed by vmlinux BTF (the cilium/ebpf
 * fentry example), the errno when a program needs kernel BTF that is not there, `--btf-vmlinux`
 * and `--kconfig` files, and the emulated kfuncs (bpf_iter_num_*) on both engines. The verdicts of
 * the kfunc programs themselves are held against the running kernel by annotated.test.ts
 * (test/data/verifier_progs/verifier_kfunc.c).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { loadObjectSpec } from '../../src/elf/index.js';
import { loadObject } from '../../src/runtime/object.js';
import { verify } from '../../src/verifier/index.js';
import { verifyOptionsForProgram } from '../../src/verifier/object.js';
import { BpfError } from '../../src/isa/errors.js';
import { runningKernelBtf, verifierMaps } from './objects.js';
import { CILIUM_ELF, corpusSkip } from '../elf/corpus.js';
import { tempDir } from '../temp_dir.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const KFUNC_OBJ = join(ROOT, 'test/data/verifier_progs/verifier_kfunc.bpf.o');
const noBtf = runningKernelBtf() ? false : 'no /sys/kernel/btf/vmlinux (kernel built without CONFIG_DEBUG_INFO_BTF)';
const FENTRY = `${CILIUM_ELF}examples_fentry_bpf_bpfel.o`;

test('fentry arguments are PTR_TO_BTF_ID from kernel BTF; without kernel BTF the program is refused with ENOTSUPP', { skip: corpusSkip || noBtf }, () => {
  const spec = loadObjectSpec(new Uint8Array(readFileSync(FENTRY)), { allowUnsupported: true });
  const p = spec.programs.find((x) => x.name === 'tcp_connect')!;
  const opts = verifyOptionsForProgram(p, verifierMaps(spec), { logLevel: 2 });
  const ok = verify(p.insns, { ...opts, kernelBtf: runningKernelBtf });
  assert.equal(ok.accepted, true, ok.message);
  // the first argument, struct sock *sk, then a load of sk->__sk_common.skc_family (a scalar)
  assert.match(ok.log, /R7=ptr_sock\(\)/);
  assert.match(ok.log, /R1=scalar\(smin=0,smax=65535/);
  const none = verify(p.insns, { ...opts, kernelBtf: () => undefined });
  assert.equal(none.accepted, false);
  assert.equal(none.errno, 'ENOTSUPP');
  assert.match(none.message!, /needs the kernel's BTF .*--btf-vmlinux/);
});

test('prog verify --btf-vmlinux FILE types the program with that BTF; a missing file is ENOENT', { skip: corpusSkip || noBtf }, () => {
  const dir = tempDir('tsbpf-kfunc-');
  const copy = join(dir, 'vmlinux.btf');
  copyFileSync('/sys/kernel/btf/vmlinux', copy);
  const cli = (args: string[]) => spawnSync(process.execPath, [join(ROOT, 'bin/tsbpf.js'), 'prog', 'verify', FENTRY, '--program', 'tcp_connect', '--log-level', '0', ...args], { encoding: 'utf8' });
  const ok = cli(['--btf-vmlinux', copy]);
  assert.equal(ok.status, 0, ok.stdout + ok.stderr);
  const missing = cli(['--btf-vmlinux', join(dir, 'nope')]);
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /ENOENT: kernel BTF file .*nope does not exist/);
});

test('emulated kfuncs: bpf_iter_num_* run on the interpreter and the JIT (sum of 0..9)', { skip: noBtf }, async () => {
  // the object also holds programs the verifier refuses (their expectations): load unverified and
  // run the one the verifier and the kernel accept (annotated.test.ts)
  const obj = await loadObject(KFUNC_OBJ, { verify: false });
  try {
    const p = obj.programs.get('iter_num_sum')!;
    for (const engine of ['interpreter', 'jit'] as const) assert.equal(p.run({ engine }).retval, 45, engine);
    // a kfunc without an emulation fails the run with a sentence, not a crash
    assert.throws(() => obj.programs.get('task_acquire_release')!.run({}), (e: unknown) => e instanceof BpfError && /kfunc|kernel function/.test(e.message));
  } finally {
    obj.close();
  }
});

test('--kconfig FILE: kconfig externs take the file\'s values; a missing file is ENOENT', { skip: corpusSkip }, async () => {
  const dir = tempDir('tsbpf-kconfig-');
  const cfg = join(dir, 'config');
  writeFileSync(cfg, '# test config\nCONFIG_HZ=300\nCONFIG_BPF_SYSCALL=y\nCONFIG_DEFAULT_HOSTNAME="tsbpf-kconfig"\n# CONFIG_FOO is not set\n');
  const obj = await loadObject(`${CILIUM_ELF}testdata_kconfig-el.elf`, { kconfigFile: cfg, verify: false });
  try {
    const m = [...obj.maps.values()].find((x) => x.name.endsWith('.kconfig'))!;
    assert.ok(m, 'a .kconfig map');
    const key = new Uint8Array(4);
    const v = m.map.lookup(key)!;
    const dv = new DataView(v.buffer, v.byteOffset, v.byteLength);
    let hz = false;
    for (let o = 0; o + 4 <= v.length; o += 4) if (dv.getUint32(o, true) === 300) hz = true;
    assert.ok(hz, 'CONFIG_HZ=300 from the file');
  } finally {
    obj.close();
  }
  await assert.rejects(loadObject(`${CILIUM_ELF}testdata_kconfig-el.elf`, { kconfigFile: join(dir, 'missing'), verify: false }), /ENOENT: kconfig file .*missing does not exist/);
});
