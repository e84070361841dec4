/**
 * `tsbpf asm` and `tsbpf disasm` as a user runs them (bin/tsbpf.js in a child process).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const DATA = join(ROOT, 'test/data/asm');
const BIN = join(ROOT, 'bin/tsbpf.js');

function tsbpf(...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

test('tsbpf asm -o writes the object clang writes; disasm prints its golden listing', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsbpf-cli-'));
  try {
    const out = join(dir, 'maps.o');
    const r = tsbpf('asm', join(DATA, 'maps.s'), '-o', out);
    assert.equal(r.code, 0, r.err);
    assert.ok(readFileSync(out).equals(readFileSync(join(DATA, 'maps.bpf.o'))));
    const eb = join(dir, 'maps.eb.o');
    assert.equal(tsbpf('asm', join(DATA, 'maps.eb.s'), '--target', 'bpfeb', '-o', eb).code, 0);
    assert.ok(readFileSync(eb).equals(readFileSync(join(DATA, 'maps.eb.bpf.o'))));
    const d = tsbpf('disasm', join(DATA, 'subprog.bpf.o'), '--syntax', 'kernel');
    assert.equal(d.code, 0, d.err);
    assert.equal(d.out, readFileSync(join(ROOT, 'test/golden/asm-subprog.kernel.txt'), 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('tsbpf asm --raw and disasm of a raw program round-trip', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsbpf-cli-'));
  try {
    const s = join(dir, 'p.s');
    writeFileSync(s, '\tr0 = 0\n\tr1 = 10\nL1:\n\tr0 += r1\n\tr1 += -1\n\tif r1 != 0 goto L1\n\tr2 = 0x1122334455667788 ll\n\texit\n');
    const bin = join(dir, 'p.bin');
    assert.equal(tsbpf('asm', s, '--raw', bin).code, 0);
    const bytes = readFileSync(bin);
    assert.equal(bytes.length, 8 * 8);
    for (const syntax of ['llvm', 'kernel']) {
      const d = tsbpf('disasm', bin, '--syntax', syntax);
      assert.equal(d.code, 0, d.err);
      const s2 = join(dir, `p.${syntax}.s`);
      writeFileSync(s2, d.out);
      const bin2 = join(dir, `p.${syntax}.bin`);
      const r = tsbpf('asm', s2, '--raw', bin2);
      assert.equal(r.code, 0, r.err);
      assert.ok(readFileSync(bin2).equals(bytes), syntax);
    }
    assert.match(tsbpf('disasm', bin).out, /^\s+2:\t0f 10 00 00 00 00 00 00\tr0 \+= r1$/m);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('CLI errors: bad source, truncated program, bad options', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsbpf-cli-'));
  try {
    const s = join(dir, 'bad.s');
    writeFileSync(s, '\tr0 = 1\n\tr0 = r12\n');
    const r = tsbpf('asm', s, '--raw', join(dir, 'x.bin'));
    assert.equal(r.code, 1);
    assert.match(r.err, /^tsbpf asm: EINVAL: invalid register r12 \(at .*bad\.s, line 2:7\)/);
    const t = join(dir, 't.bin');
    writeFileSync(t, Buffer.from([0x18, 1, 0, 0, 0, 0, 0, 0]));
    const d = tsbpf('disasm', t);
    assert.equal(d.code, 1);
    assert.match(d.err, /EINVAL: .*lddw/);
    assert.equal(tsbpf('disasm', t, '--syntax', 'intel').code, 1);
    assert.equal(tsbpf('asm').code, 2);
    const miss = tsbpf('asm', join(dir, 'nope.s'));
    assert.equal(miss.code, 1);
    assert.match(miss.err, /ENOENT/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--dialect ubpf / --syntax ubpf use src/asm/ubpf.ts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsbpf-cli-'));
  try {
    const s = join(dir, 'u.s');
    writeFileSync(s, 'mov %r0, 1\nexit\n');
    const r = tsbpf('asm', s, '--dialect', 'ubpf', '--raw', join(dir, 'u.bin'));
    assert.equal(r.code, 0, r.err);
    assert.equal(readFileSync(join(dir, 'u.bin')).toString('hex'), 'b700000001000000' + '9500000000000000');
    const d = tsbpf('disasm', join(dir, 'u.bin'), '--syntax', 'ubpf');
    assert.equal(d.code, 0, d.err);
    assert.equal(d.out, 'mov %r0, 1\nexit\n');
    // an object from the ubpf dialect holds the program in .text
    assert.equal(tsbpf('asm', s, '--dialect', 'ubpf', '-o', join(dir, 'u.o')).code, 0);
    assert.match(tsbpf('disasm', join(dir, 'u.o')).out, /0:\tb7 00 00 00 01 00 00 00\tr0 = 0x1\n/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
