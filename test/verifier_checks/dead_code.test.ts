/**
 * Dead code of an accepted program (kernel/bpf/verifier.c sanitize_dead_code): the verifier only
 * checks the instructions some path reaches, so an unreached instruction may carry reserved fields
 * that the engines' static validation refuses. Like the kernel, tsbpf hands the engines the program
 * with every unreached instruction turned into `ja -1`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { verify, sanitizeDeadCode } from '../../src/verifier/index.js';
import { runRaw } from '../../src/vm/run.js';
import { bytesToHex, encodeInstructions, insn, LDDW, type Instruction } from '../../src/isa/instruction.js';
import * as op from '../../src/isa/opcodes.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

// r0 = 0; if r0 == 0 goto +3; gotol with a reserved off (dead); r0 = 7 ll (dead lddw); exit
const program: Instruction[] = [
  insn(op.BPF_ALU64 | op.BPF_MOV | op.BPF_K, 0, 0, 0, 0),
  insn(op.BPF_JMP | op.BPF_JEQ | op.BPF_K, 0, 0, 3, 0),
  insn(op.BPF_JMP32 | op.BPF_JA, 0, 0, 5, 0),
  insn(LDDW, 0, 0, 0, 7, 0),
  insn(op.BPF_JMP | op.BPF_EXIT),
];

test('the verifier reports the unreached instructions of an accepted program (seen marks)', () => {
  const r = verify(program, { progType: 'xdp' });
  assert.equal(r.accepted, true, r.log);
  assert.deepEqual(r.deadInsns, [2, 3]);
  // a program without dead code has none; a rejected one carries no list
  assert.deepEqual(verify([program[0]!, program[4]!], { progType: 'xdp' }).deadInsns, []);
  assert.equal(verify([program[4]!], { progType: 'xdp' }).deadInsns, undefined);
});

test('sanitizeDeadCode: ja -1 in place (lddw stays two slots), and the program then runs on both engines', () => {
  const r = verify(program, { progType: 'xdp' });
  // unsanitised, the engines' static check refuses the reserved field the verifier never reached
  assert.throws(() => runRaw(program, { engine: 'interpreter' }), /reserved fields/);
  const clean = sanitizeDeadCode(program, r.deadInsns);
  assert.equal(clean.length, program.length);
  assert.deepEqual(clean[2], insn(op.BPF_JMP | op.BPF_JA, 0, 0, -1, 0));
  assert.equal(clean[3]!.code, LDDW);
  assert.equal(clean[3]!.imm, 0);
  assert.deepEqual(clean.filter((_, k) => k !== 2 && k !== 3), program.filter((_, k) => k !== 2 && k !== 3));
  for (const engine of ['interpreter', 'jit'] as const) assert.equal(runRaw(clean, { engine }).r0, 0n, engine);
});

test('prog run --batch verifies, sanitises and runs such a program; --no-verify refuses it statically', () => {
  const line = JSON.stringify({ id: 'dead', type: 'xdp', insns: bytesToHex(encodeInstructions(program)), data: '00'.repeat(64) });
  const run = (extra: string[]) => spawnSync(process.execPath, [join(root, 'bin/tsbpf.js'), 'prog', 'run', '--batch', '-', '--json', ...extra], { encoding: 'utf8', input: line + '\n' });
  const ok = JSON.parse(run([]).stdout.trim()) as { accepted: boolean; retval: number };
  assert.equal(ok.accepted, true);
  assert.equal(ok.retval, 0);
  const raw = JSON.parse(run(['--no-verify']).stdout.trim()) as { errno: string | null; message: string | null };
  assert.equal(raw.errno, 'EINVAL');
  assert.match(raw.message ?? '', /reserved fields/);
});
