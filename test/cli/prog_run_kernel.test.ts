/**
 * `tsbpf prog run --engine kernel`: raw programs and batch cases (with maps) in the running kernel
 * through bpf(), against the interpreter on the same cases; and the error where bpf() cannot be used.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assemble } from '../../src/asm/index.js';
import { bytesToHex, encodeInstructions, type Instruction } from '../../src/isa/instruction.js';
import { kernelAvailable } from '../../src/hooks/kernel/index.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const tsbpf = (args: string[], input?: string, env?: NodeJS.ProcessEnv) =>
  spawnSync(process.execPath, [join(root, 'bin/tsbpf.js'), ...args], { encoding: 'utf8', input, env: env ?? process.env });

function hex(text: string, mapIndexLddw = false): string {
  const insns = (assemble(text) as unknown as Instruction[]).map((i) => (mapIndexLddw && i.code === 0x18 ? { ...i, src: 1, imm: 0 } : i));
  return bytesToHex(encodeInstructions(insns));
}

const pkt = Array.from({ length: 64 }, (_, i) => (i * 7) & 0xff).map((b) => b.toString(16).padStart(2, '0')).join('');
/** XDP: bounds check, write a byte, return another byte of the packet plus 1 */
const rewrite = [
  'r2 = *(u32 *)(r1 + 0)', 'r3 = *(u32 *)(r1 + 4)', 'r4 = r2', 'r4 += 8', 'r0 = 1', 'if r4 > r3 goto +4',
  '*(u8 *)(r2 + 0) = 0xaa', 'r0 = *(u8 *)(r2 + 5)', 'r0 += 1', 'r0 &= 3', 'exit',
].join('\n');
/** array map: count in slot 0 (update through the pointer), return the new count */
const counter = [
  '*(u32 *)(r10 - 4) = 0', 'r2 = r10', 'r2 += -4', 'r1 = 0 ll', 'call 1', 'if r0 == 0 goto +4',
  'r1 = 5', 'lock *(u64 *)(r0 + 0) += r1', 'r0 = *(u64 *)(r0 + 0)', 'exit', 'r0 = 0', 'exit',
].join('\n');
const CASES = [
  { id: 'ret2', type: 'xdp', insns: hex('r0 = 2\nexit'), data: pkt },
  { id: 'rewrite', type: 'xdp', insns: hex(rewrite), data: pkt },
  { id: 'alu', type: 'socket_filter', insns: hex('r0 = -7\nr1 = 3\nr0 s/= r1\nr0 <<= 40\nr0 s>>= 38\nexit'), data: pkt },
  { id: 'uninit', type: 'xdp', insns: hex('r0 = r2\nexit'), data: pkt },
  { id: 'counter', type: 'socket_filter', insns: hex(counter, true), maps: [{ type: 'array', key_size: 4, value_size: 8, max_entries: 1 }], data: pkt },
  { id: 'oob', type: 'xdp', insns: hex('r2 = *(u32 *)(r1 + 0)\nr0 = *(u8 *)(r2 + 0)\nexit'), data: pkt },
];

const k = kernelAvailable();
const skip = k.ok ? false : `bpf() not usable: ${k.reason}`;

test('prog run --batch --engine kernel agrees with the interpreter (accepted, errno, retval, data_out)', { skip }, () => {
  const input = CASES.map((c) => JSON.stringify(c)).join('\n');
  const ki = tsbpf(['prog', 'run', '--batch', '-', '--json', '--engine', 'kernel'], input);
  const ti = tsbpf(['prog', 'run', '--batch', '-', '--json'], input);
  assert.equal(ki.status, 0, ki.stderr);
  assert.equal(ti.status, 0, ti.stderr);
  const kr = ki.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  const tr = ti.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.equal(kr.length, CASES.length);
  for (let i = 0; i < CASES.length; i++) {
    const pick = (r: Record<string, unknown>) => ({ id: r.id, accepted: r.accepted, errno: r.errno, retval: r.retval, data_out: r.data_out });
    assert.deepEqual(pick(tr[i]!), pick(kr[i]!), `case ${CASES[i]!.id}`);
  }
  // the cases really exercised both sides
  assert.equal(kr.find((r) => r.id === 'counter')!.retval, 5);
  assert.equal(kr.find((r) => r.id === 'uninit')!.accepted, false);
  assert.match(String(kr.find((r) => r.id === 'uninit')!.message), /R2 !read_ok/);
  assert.equal(String(kr.find((r) => r.id === 'rewrite')!.data_out).slice(0, 2), 'aa');
});

test('prog run --batch: a program type without a test run is accepted, its run skipped (kernel and emulator)', { skip }, () => {
  // the kernel's BPF_PROG_TEST_RUN refuses tracepoint and perf_event programs (ENOTSUPP): the load
  // verdict stays `accepted`, the run is reported apart, as the kernel's test_loader does
  const cases = [
    { id: 'tp', type: 'tracepoint', insns: hex('r0 = 0\nexit') },
    { id: 'perf', type: 'perf_event', insns: hex('r0 = 0\nexit') },
    { id: 'bad', type: 'tracepoint', insns: hex('r0 = r5\nexit') },
  ];
  const input = cases.map((c) => JSON.stringify(c)).join('\n');
  const kr = tsbpf(['prog', 'run', '--batch', '-', '--json', '--engine', 'kernel'], input).stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.deepEqual(kr.map((r) => [r.id, r.accepted, r.run_skipped ?? false]), [['tp', true, true], ['perf', true, true], ['bad', false, false]]);
  const tr = tsbpf(['prog', 'run', '--batch', '-', '--json'], input).stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.deepEqual(tr.map((r) => r.accepted), [true, true, false]);
});

test('prog run --raw --engine kernel gives the interpreter\'s retval and data out', { skip }, () => {
  const d = mkdtempSync(join(tmpdir(), 'tsbpf-kr-'));
  try {
    writeFileSync(join(d, 'p.bin'), Buffer.from(hex(rewrite), 'hex'));
    writeFileSync(join(d, 'pkt'), Buffer.from(pkt, 'hex'));
    const args = ['prog', 'run', '--raw', join(d, 'p.bin'), '--type', 'xdp', '--data', join(d, 'pkt'), '--json'];
    const kr = tsbpf([...args, '--engine', 'kernel']);
    const tr = tsbpf(args);
    assert.equal(kr.status, 0, kr.stderr);
    const a = JSON.parse(kr.stdout) as { retval: number; data_out: string; insns: number | null };
    const b = JSON.parse(tr.stdout) as { retval: number; data_out: string };
    assert.equal(a.retval, b.retval);
    assert.equal(a.data_out, b.data_out);
    assert.equal(a.insns, null, 'the kernel does not count instructions');
    assert.equal(a.retval, ((5 * 7 + 1) & 3));
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
});

test('--engine kernel where bpf() cannot be used: exit 1 with the reason', () => {
  const d = mkdtempSync(join(tmpdir(), 'tsbpf-kr-'));
  try {
    writeFileSync(join(d, 'p.bin'), Buffer.from(hex('r0 = 2\nexit'), 'hex'));
    const r = tsbpf(['prog', 'run', '--raw', join(d, 'p.bin'), '--engine', 'kernel'], undefined, { ...process.env, TSBPF_NO_KERNEL: '1' });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /EPERM.*TSBPF_NO_KERNEL is set/);
    const b = tsbpf(['prog', 'run', '--batch', '-', '--json', '--engine', 'kernel'], JSON.stringify(CASES[0]), { ...process.env, TSBPF_NO_KERNEL: '1' });
    assert.equal(b.status, 0);
    assert.equal((JSON.parse(b.stdout) as { errno: string }).errno, 'EPERM');
    const o = tsbpf(['prog', 'run', join(root, 'examples/xdp_firewall.bpf.o'), '--engine', 'kernel']);
    assert.equal(o.status, 1);
    assert.match(o.stderr, /--raw programs and --batch/);
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
});
