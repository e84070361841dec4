/**
 * Loading verifies every program, as BPF_PROG_LOAD does: a rejected program fails the load with
 * the kernel's errno and message located at its section and instruction; `verify: false`
 * (`--no-verify`) loads it and leaves the engines' run-time checks to catch what it does.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assembleElf } from '../../src/asm/index.js';
import { BpfError } from '../../src/isa/errors.js';
import { loadObject } from '../../src/runtime/object.js';
import { tempDir } from '../temp_dir.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

// an XDP program that returns an uninitialised register (the kernel: "R2 !read_ok")
const SRC = `
	.section	xdp,"ax",@progbits
	.globl	bad
	.type	bad,@function
bad:
	r0 = 2
	if r1 == 0 goto LBB0_2
	r0 = r2
LBB0_2:
	exit
.Lfunc_end0:
	.size	bad, .Lfunc_end0-bad
	.section	license,"aw",@progbits
	.globl	_license
_license:
	.asciz	"GPL"
	.size	_license, 4
`;

test('a program the verifier rejects fails the load with the kernel\'s message, section and instruction', async () => {
  const bytes = assembleElf(SRC);
  await assert.rejects(loadObject(bytes, { file: 'bad.o' }), (e: unknown) => {
    assert.ok(e instanceof BpfError);
    assert.equal(e.errno, 'EACCES');
    assert.match(e.message, /program bad rejected by the verifier: R2 !read_ok/);
    assert.equal(e.where.section, 'xdp');
    assert.equal(e.where.insn, 2);
    return true;
  });
  const obj = await loadObject(bytes, { verify: false });
  assert.equal(obj.verified, false);
  // unverified, it runs: r2 is 0 at entry in tsbpf's engines, the program returns it
  assert.equal(obj.program('bad').run({ data: new Uint8Array(64), engine: 'interpreter' }).retval, 0);
});

test('the examples verify when loaded, and the CLI reports a rejection with exit status 1', async () => {
  const obj = await loadObject(join(root, 'examples/xdp_firewall.bpf.o'));
  assert.equal(obj.verified, true);
  const dir = tempDir('tsbpf-vload-');
  writeFileSync(join(dir, 'bad.o'), assembleElf(SRC));
  const r = spawnSync(process.execPath, [join(root, 'bin/tsbpf.js'), 'prog', 'load', join(dir, 'bad.o')], { encoding: 'utf8' });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /EACCES: program bad rejected by the verifier: R2 !read_ok/);
  // with -j the rejection is one JSON object on stdout, nothing on stderr
  const j = spawnSync(process.execPath, [join(root, 'bin/tsbpf.js'), '-j', 'prog', 'load', join(dir, 'bad.o')], { encoding: 'utf8' });
  assert.equal(j.status, 1);
  assert.equal(j.stderr, '');
  const err = JSON.parse(j.stdout) as { error: string; errno: string };
  assert.equal(err.errno, 'EACCES');
  assert.match(err.error, /program bad rejected by the verifier: R2 !read_ok/);
  const ok = spawnSync(process.execPath, [join(root, 'bin/tsbpf.js'), 'prog', 'load', join(dir, 'bad.o'), '--no-verify', '-j'], { encoding: 'utf8' });
  assert.equal(ok.status, 0, ok.stderr);
  assert.equal((JSON.parse(ok.stdout) as { verified: boolean }).verified, false);
});
