/**
 * How the kernel backend loads koffi (src/hooks/kernel/ffi.ts): on glibc Linux its native module
 * is opened straight from the platform package, skipping koffi's JavaScript loader (start-up
 * time); where that does not work (another libc, a version mismatch, no dlopen) koffi's own
 * loader is used.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { koffiNative, loadNative } from '../../src/hooks/kernel/ffi.js';

const require = createRequire(import.meta.url);
let koffiDir: string | undefined;
try {
  koffiDir = require.resolve('koffi').replace(/\/[^/]+$/, '');
} catch {
  /* not installed */
}
const skip = process.platform !== 'linux' ? 'Linux only' : !koffiDir ? 'koffi is not installed' : false;

test('loadNative opens koffi\'s native module without its JavaScript loader, and calls libc through it', { skip }, () => {
  const l = loadNative();
  assert.ok(l.ok, l.ok ? '' : l.reason);
  const version = (JSON.parse(readFileSync(`${koffiDir}/package.json`, 'utf8')) as { version: string }).version;
  assert.equal((l.native.koffi as unknown as { version: string }).version, version);
  const js = Object.keys(require.cache).filter((k) => /koffi.*\.(c?js)$/.test(k));
  // glibc: the native module only; elsewhere koffi's loader ran, which is also right
  if (existsGlibc()) assert.deepEqual(js, [], 'koffi\'s JavaScript loader was not needed');
  // close(-1): -1 and EBADF, through the loaded libc
  assert.equal(l.native.close(-1), -1);
  assert.equal(l.native.koffi.errno(), 9);
});

test('koffiNative finds the platform package as Node would, and leaves the choice to koffi\'s loader when the file does not open or is another version', { skip }, () => {
  const fs = { readFileSync: (p: string, enc: 'utf8') => readFileSync(p, enc), existsSync };
  const version = (JSON.parse(readFileSync(`${koffiDir}/package.json`, 'utf8')) as { version: string }).version;
  const base = { platform: 'linux', arch: process.arch, env: {} };
  // from a directory deep below the one holding node_modules, as dist/src/hooks/kernel is
  const from = fileURLToPath(new URL('.', import.meta.url));
  let opened = '';
  const same = (m: { exports: unknown }, f: string): void => {
    opened = f;
    m.exports = { version };
  };
  assert.ok(koffiNative({ ...base, dlopen: same }, fs, from), 'the same version is taken');
  assert.equal(opened, join(koffiDir!, '..', `@koromix/koffi-linux-${process.arch}/linux_${process.arch}/koffi.node`));
  assert.equal(koffiNative({ ...base, dlopen: () => { throw new Error('Error relocating koffi.node: __memcpy_chk: symbol not found'); } }, fs, from), undefined);
  assert.equal(koffiNative({ ...base, dlopen: (m) => void (m.exports = { version: '0.0.1' }) }, fs, from), undefined);
  assert.equal(koffiNative({ ...base, platform: 'darwin', dlopen: same }, fs, from), undefined);
  assert.equal(koffiNative({ ...base, arch: 'no-such-arch', dlopen: same }, fs, from), undefined);
  // no node_modules/koffi in any ancestor: the walk ends at /
  assert.equal(koffiNative({ ...base, dlopen: same }, fs, tmpdir()), undefined);
  // koffi with its own nested platform package (another version hoisted beside it): the nested one
  const dir = mkdtempSync(join(tmpdir(), 'tsbpf-koffi-'));
  try {
    const nested = join(dir, `node_modules/koffi/node_modules/@koromix/koffi-linux-${process.arch}/linux_${process.arch}`);
    const hoisted = join(dir, `node_modules/@koromix/koffi-linux-${process.arch}/linux_${process.arch}`);
    mkdirSync(nested, { recursive: true });
    mkdirSync(hoisted, { recursive: true });
    writeFileSync(join(dir, 'node_modules/koffi/package.json'), JSON.stringify({ version }));
    writeFileSync(join(nested, 'koffi.node'), '');
    writeFileSync(join(hoisted, 'koffi.node'), '');
    mkdirSync(join(dir, 'a/b'), { recursive: true });
    assert.ok(koffiNative({ ...base, dlopen: same }, fs, join(dir, 'a/b')));
    assert.equal(opened, join(nested, 'koffi.node'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** the node binary's ELF interpreter is glibc's (what koffi's loader checks) */
function existsGlibc(): boolean {
  const fd = openSync(process.execPath, 'r');
  try {
    const head = Buffer.alloc(4096);
    return /ld-linux/.test(head.subarray(0, readSync(fd, head, 0, head.length, 0)).toString('latin1'));
  } finally {
    closeSync(fd);
  }
}
