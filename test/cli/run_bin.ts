/**
 * The tsbpf binary run as a user runs it (bin/tsbpf.js in a child process), and bpftool beside it,
 * for the tests that check the command line from outside.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { has, kernelSkip } from '../kernel/attach_helpers.js';

export const root = fileURLToPath(new URL('../../../', import.meta.url));
export const bin = join(root, 'bin/tsbpf.js');

/** `tsbpf ARGS…`: exit code (-1 when killed: a 2-minute limit), stdout, stderr */
export function tsbpf(...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

/** `tsbpf ARGS…` without waiting: several can run at once (each mostly waits on its own start-up) */
export function tsbpfAsync(args: string[], timeoutMs = 120_000): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (err += s));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, out, err });
    });
  });
}

/** `fn` over `items`, `n` at a time, in order of start */
export async function inParallel<T>(n: number, items: readonly T[], fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i]!, i);
    }
  }));
}

/** why the tests that pin on bpffs and ask bpftool cannot run here, or false */
export const bpftoolSkip: string | false = kernelSkip || (!existsSync('/sys/fs/bpf') ? 'bpffs is not mounted at /sys/fs/bpf' : !has('bpftool') ? 'needs bpftool (apt-get install bpftool)' : false);

/** `bpftool -j ARGS…`, which must succeed, parsed */
export function bpftoolJson(...args: string[]): any { // eslint-disable-line @typescript-eslint/no-explicit-any
  const r = spawnSync('bpftool', ['-j', ...args], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}
