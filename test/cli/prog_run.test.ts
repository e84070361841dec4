/**
 * `tsbpf prog run`: the batch form used by test harnesses (verification first, maps per case,
 * --no-verify), the raw form and the object form.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assemble } from '../../src/asm/index.js';
import { bytesToHex, encodeInstructions, type Instruction } from '../../src/isa/instruction.js';
import { tempDir } from '../temp_dir.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const tsbpf = (args: string[], input?: string) => spawnSync(process.execPath, [join(root, 'bin/tsbpf.js'), ...args], { encoding: 'utf8', input });

function hex(text: string, mapIndexLddw = false): string {
  const insns = (assemble(text) as unknown as Instruction[]).map((i) => (mapIndexLddw && i.code === 0x18 ? { ...i, src: 1, imm: 0 } : i));
  return bytesToHex(encodeInstructions(insns));
}

const lookup = (nullCheck: boolean): string => [
  '*(u64 *)(r10 - 8) = 0', 'r2 = r10', 'r2 += -8', 'r1 = 0 ll', 'call 1',
  ...(nullCheck ? ['if r0 == 0 goto +1'] : []), 'r0 = *(u32 *)(r0 + 0)', 'r0 = 1', 'exit',
].join('\n');
const hashMap = [{ type: 'hash', key_size: 8, value_size: 8, max_entries: 1 }];
const pkt = '00'.repeat(64);

const CASES = [
  { id: 'ret2', type: 'xdp', insns: hex('r0 = 2\nexit'), data: pkt },
  { id: 'uninit', type: 'xdp', insns: hex('r0 = r2\nexit'), data: pkt },
  { id: 'lookup-checked', type: 'socket_filter', insns: hex(lookup(true), true), maps: hashMap, data: pkt },
  { id: 'lookup-unchecked', type: 'socket_filter', insns: hex(lookup(false), true), maps: hashMap, data: pkt },
];

test('prog run --batch: verification first, kernel messages for rejects, maps per case', () => {
  const r = tsbpf(['prog', 'run', '--batch', '-', '--json'], CASES.map((c) => JSON.stringify(c)).join('\n') + '\nnot json\n');
  assert.equal(r.status, 0, r.stderr);
  const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.equal(out.length, 5);
  assert.deepEqual(out[0], { id: 'ret2', accepted: true, errno: null, message: null, retval: 2, data_out: pkt });
  assert.deepEqual([out[1]!.accepted, out[1]!.errno, out[1]!.message], [false, 'EACCES', 'R2 !read_ok']);
  assert.deepEqual([out[2]!.accepted, out[2]!.retval], [true, 1]);
  assert.deepEqual([out[3]!.accepted, out[3]!.errno, out[3]!.message], [false, 'EACCES', "R0 invalid mem access 'map_value_or_null'"]);
  assert.equal(out[4]!.errno, 'EINVAL');
});

test('prog run --batch --no-verify: the interpreter\'s run-time checks catch what the verifier would have refused', () => {
  const r = tsbpf(['prog', 'run', '--batch', '-', '--json', '--no-verify'], CASES.map((c) => JSON.stringify(c)).join('\n'));
  assert.equal(r.status, 0, r.stderr);
  const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.equal(out[1]!.accepted, true);
  assert.equal(out[3]!.errno, 'EFAULT');
  assert.match(String(out[3]!.message), /NULL pointer dereference/);
});

test('prog run --raw and prog run OBJ print retval, data out and instruction counts', () => {
  const dir = tempDir('tsbpf-progrun-');
  writeFileSync(join(dir, 'p.bin'), Buffer.from(hex('r0 = 3\nexit'), 'hex'));
  const raw = tsbpf(['prog', 'run', '--raw', join(dir, 'p.bin'), '--type', 'xdp', '--json', '--repeat', '10']);
  assert.equal(raw.status, 0, raw.stderr);
  const j = JSON.parse(raw.stdout) as Record<string, unknown>;
  assert.deepEqual([j.retval, j.insns, j.repeat], [3, 2, 10]);
  // the firewall passes an IPv4 packet from an address not on the blocklist and leaves it unchanged
  const frame = Buffer.from('525400123456001122334455080045000028000000004006000001020304' + '0a000064' + '00'.repeat(20), 'hex');
  writeFileSync(join(dir, 'pkt.bin'), frame);
  const obj = tsbpf(['prog', 'run', join(root, 'examples/xdp_firewall.bpf.o'), '--data-in', join(dir, 'pkt.bin'), '--data-out', join(dir, 'out.bin'), '--json']);
  assert.equal(obj.status, 0, obj.stderr);
  assert.equal((JSON.parse(obj.stdout) as { retval: number }).retval, 2);
  assert.deepEqual(readFileSync(join(dir, 'out.bin')), frame);
  const bad = tsbpf(['prog', 'run', join(root, 'examples/xdp_firewall.bpf.o'), '--program', 'nope']);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /ENOENT: no program named "nope"/);
});
