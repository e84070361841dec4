/**
 * The tsbpf binary run as a user runs it (bin/tsbpf.js in a child process), and bpftool beside it,
 * for the tests that check the command line from outside.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
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

/** why the tests that pin on bpffs and ask bpftool cannot run here, or false */
export const bpftoolSkip: string | false = kernelSkip || (!existsSync('/sys/fs/bpf') ? 'bpffs is not mounted at /sys/fs/bpf' : !has('bpftool') ? 'needs bpftool (apt-get install bpftool)' : false);

/** `bpftool -j ARGS…`, which must succeed, parsed */
export function bpftoolJson(...args: string[]): any { // eslint-disable-line @typescript-eslint/no-explicit-any
  const r = spawnSync('bpftool', ['-j', ...args], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}
