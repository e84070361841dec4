/**
 * How the kernel backend loads koffi (src/hooks/kernel/ffi.ts): on glibc Linux its native module
 * is opened straight from the platform package, skipping koffi's JavaScript loader (start-up
 * time); where that does not work (another libc, a version mismatch, no dlopen) koffi's own
 * loader is used.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
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

test('koffiNative leaves the choice to koffi\'s loader when the file does not open or is another version', { skip }, () => {
  const fs = { readFileSync: (p: string, enc: 'utf8') => readFileSync(p, enc) };
  const base = { platform: 'linux', arch: process.arch, env: {} };
  const req = require as unknown as Parameters<typeof koffiNative>[2];
  const mk = createRequire as unknown as Parameters<typeof koffiNative>[1];
  assert.equal(koffiNative({ ...base, dlopen: () => { throw new Error('Error relocating koffi.node: __memcpy_chk: symbol not found'); } }, mk, req, fs), undefined);
  assert.equal(koffiNative({ ...base, dlopen: (m) => void (m.exports = { version: '0.0.1' }) }, mk, req, fs), undefined);
  assert.equal(koffiNative({ ...base, platform: 'darwin', dlopen: () => {} }, mk, req, fs), undefined);
  assert.equal(koffiNative({ ...base, arch: 'no-such-arch', dlopen: () => {} }, mk, req, fs), undefined);
  let opened = '';
  const k = koffiNative({ ...base, dlopen: (m, f) => { opened = f; (m as { exports: unknown }).exports = { version: (JSON.parse(readFileSync(`${koffiDir}/package.json`, 'utf8')) as { version: string }).version }; } }, mk, req, fs);
  assert.ok(k, 'the same version is taken');
  assert.match(opened, new RegExp(`/@koromix/koffi-linux-${process.arch}/linux_${process.arch}/koffi\\.node$`));
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
