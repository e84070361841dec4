/**
 * Stack liveness in pruning (src/verifier/stack_liveness.ts): slots no path reads again are left out
 * of the comparison of a finished explored state, slots that are read are not. Each program is
 * verified by tsbpf and, where bpf() works, by the running kernel, whose verdict and processed count
 * are the reference.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as op from '../../src/isa/opcodes.js';
import { insn, encodeInstructions, type Instruction } from '../../src/isa/instruction.js';
import { verify } from '../../src/verifier/index.js';
import { kernelAvailable, progLoad, closeFd, KernelError } from '../../src/hooks/kernel/index.js';
import { stackLiveness } from '../../src/verifier/stack_liveness.js';
import { buildCfg, slotsFromBytes } from '../../src/verifier/cfg.js';

const kernel = kernelAvailable();
const BPF_F_TEST_STATE_FREQ = 1 << 3;

const I = {
  mov: (d: number, imm: number) => insn(op.BPF_ALU64 | op.BPF_MOV | op.BPF_K, d, 0, 0, imm),
  movX: (d: number, s: number) => insn(op.BPF_ALU64 | op.BPF_MOV | op.BPF_X, d, s),
  add: (d: number, imm: number) => insn(op.BPF_ALU64 | op.BPF_ADD | op.BPF_K, d, 0, 0, imm),
  addX: (d: number, s: number) => insn(op.BPF_ALU64 | op.BPF_ADD | op.BPF_X, d, s),
  ldx: (size: number, d: number, s: number, off: number) => insn(op.BPF_LDX | op.BPF_MEM | size, d, s, off),
  stx: (size: number, d: number, s: number, off: number) => insn(op.BPF_STX | op.BPF_MEM | size, d, s, off),
  st: (size: number, d: number, off: number, imm: number) => insn(op.BPF_ST | op.BPF_MEM | size, d, 0, off, imm),
  call: (id: number) => insn(op.BPF_JMP | op.BPF_CALL, 0, 0, 0, id),
  jeq: (d: number, imm: number, off: number) => insn(op.BPF_JMP | op.BPF_JEQ | op.BPF_K, d, 0, off, imm),
  ja: (off: number) => insn(op.BPF_JMP | op.BPF_JA, 0, 0, off),
  exit: () => insn(op.BPF_JMP | op.BPF_EXIT),
};

/** test_verifier "jump test 1": each branch stores into a slot nothing reads */
const JUMP_TEST_1: Instruction[] = [
  I.movX(2, 10), I.stx(op.BPF_DW, 2, 1, -8),
  I.jeq(1, 0, 1), I.st(op.BPF_DW, 2, -8, 0), I.jeq(1, 1, 1), I.st(op.BPF_DW, 2, -16, 1),
  I.jeq(1, 2, 1), I.st(op.BPF_DW, 2, -8, 2), I.jeq(1, 3, 1), I.st(op.BPF_DW, 2, -16, 3),
  I.jeq(1, 4, 1), I.st(op.BPF_DW, 2, -8, 4), I.jeq(1, 5, 1), I.st(op.BPF_DW, 2, -32, 5),
  I.mov(0, 0), I.exit(),
];

/** fp-8 holds 0 on one path and 600 on the other; after the join it offsets a stack pointer */
const LIVE_SLOT: Instruction[] = [
  I.call(7), I.jeq(0, 0, 2), I.st(op.BPF_DW, 10, -8, 0), I.ja(1), I.st(op.BPF_DW, 10, -8, 600),
  I.ldx(op.BPF_DW, 1, 10, -8), I.movX(2, 10), I.add(2, -16), I.addX(2, 1), I.ldx(op.BPF_B, 0, 2, 0), I.mov(0, 0), I.exit(),
];

/** the same, but fp-8 is overwritten before it is read: what the two paths stored does not matter */
const DEAD_SLOT: Instruction[] = [
  I.call(7), I.jeq(0, 0, 2), I.st(op.BPF_DW, 10, -8, 0), I.ja(1), I.st(op.BPF_DW, 10, -8, 600),
  I.st(op.BPF_DW, 10, -8, 8), I.ldx(op.BPF_DW, 1, 10, -8), I.movX(2, 10), I.add(2, -16), I.addX(2, 1), I.ldx(op.BPF_B, 0, 2, 0), I.mov(0, 0), I.exit(),
];

function kernelRun(insns: Instruction[], flags: number): { accepted: boolean; processed?: number } | null {
  if (!kernel.ok) return null;
  try {
    const r = progLoad({ progType: 'SOCKET_FILTER', insns: encodeInstructions(insns), progFlags: flags, logLevel: 4 });
    closeFd(r.fd);
    const m = /processed (\d+) insns/.exec(r.log ?? '');
    return { accepted: true, ...(m ? { processed: Number(m[1]) } : {}) };
  } catch (e) {
    if (e instanceof KernelError) return { accepted: false };
    throw e;
  }
}

test('stack liveness: a slot stored to on one branch and never read is dead before the store', () => {
  const slots = slotsFromBytes(encodeInstructions(DEAD_SLOT));
  const live = stackLiveness(slots, buildCfg(slots, { allowLoops: true, bpfCapable: true }));
  // at the join (insn 5) fp-8 (slot 0) is overwritten before any read; at insn 6 it is read
  assert.equal(live[2 * 5]! & 1, 0);
  assert.equal(live[2 * 6]! & 1, 1);
});

for (const [name, prog, flags, accepted] of [
  ['jump test 1: dead slots do not keep states apart', JUMP_TEST_1, 0, true],
  ['a slot read after the join keeps the two paths apart', LIVE_SLOT, BPF_F_TEST_STATE_FREQ, false],
  ['a slot overwritten after the join lets the second path be pruned', DEAD_SLOT, BPF_F_TEST_STATE_FREQ, true],
] as const) {
  test(`stack liveness: ${name}`, () => {
    const r = verify(prog, { progType: 'socket_filter', progFlags: flags, logLevel: 0 });
    assert.equal(r.accepted, accepted, r.message);
    const k = kernelRun([...prog], flags);
    if (!k) return;
    assert.equal(k.accepted, accepted, 'the running kernel');
    if (accepted && k.processed !== undefined) {
      // the target: within 2x of the kernel's processed count
      assert.ok(r.stats.processed <= 2 * k.processed, `tsbpf ${r.stats.processed}, kernel ${k.processed}`);
    }
  });
}
