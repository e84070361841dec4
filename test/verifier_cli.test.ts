/** `tsbpf prog verify`: exit codes, the log on stdout, --json, objects with --program */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseProgFlags } from '../src/cli/commands/prog_verify.js';

const BIN = fileURLToPath(new URL('../../bin/tsbpf.js', import.meta.url));
const EX = fileURLToPath(new URL('../../examples/', import.meta.url));
const run = (...args: string[]): { code: number; out: string } => {
  const r = spawnSync(process.execPath, [BIN, 'prog', 'verify', ...args], { encoding: 'utf8' });
  return { code: r.status ?? -1, out: r.stdout + r.stderr };
};

test('prog verify: accepted raw program exits 0 with the kernel log', () => {
  const r = run('--hex', 'b700000000000000 9500000000000000', '--log-level', '2');
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /^0: \(b7\) r0 = 0$/m);
  assert.match(r.out, /processed 2 insns/);
});

test('prog verify: rejected program exits 1 with the error and the explanation', () => {
  const r = run('--hex', '9500000000000000');
  assert.equal(r.code, 1);
  assert.match(r.out, /^R0 !read_ok$/m);
  assert.match(r.out, /-- tsbpf explanation --/);
});

test('prog verify --json carries states; objects verify by program name', () => {
  const j = run('--hex', 'b7000000070000009500000000000000', '--json');
  const o = JSON.parse(j.out) as { accepted: boolean; states: { regs: Record<string, string> }[] };
  assert.equal(o.accepted, true);
  assert.equal(o.states[1]!.regs.r0, '7');
  const x = run(EX + 'xdp_firewall.bpf.o', '--program', 'xdp_firewall', '--log-level', '1');
  assert.equal(x.code, 0, x.out);
  assert.match(x.out, /^; .*data_end/m); // source lines from BTF line info
});

test('prog_flags by number or by name', () => {
  assert.equal(parseProgFlags('none'), 0);
  assert.equal(parseProgFlags('3'), 3);
  assert.equal(parseProgFlags('BPF_F_STRICT_ALIGNMENT,BPF_F_ANY_ALIGNMENT'), 3);
  assert.throws(() => parseProgFlags('BPF_F_NOPE'), /unknown prog flag/);
});
