/**
 * gotol (BPF_JMP32|BPF_JA, opcode 0x06) takes its target from imm; a nonzero off is a reserved
 * field. kernel/bpf/verifier.c do_check_insn rejects "(class == BPF_JMP32 && insn->off != 0)"
 * with "BPF_JA uses reserved fields" only when the instruction is reached: a gotol on a branch
 * proven dead (e.g. `06 00 78 ec 01 00 00 00`, imm=1 off=-5000, behind `if r0 == 0`) is accepted.
 * Measured on Linux 6.18 and checked here against tsbpf's verifier, and against the kernel itself
 * when bpf() is available.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hexToBytes, decodeInstructions } from '../../src/isa/instruction.js';
import { checkInstruction } from '../../src/isa/validate.js';
import { verify } from '../../src/verifier/index.js';
import { closeFd, progLoad, KernelError, kernelAvailable } from '../../src/hooks/kernel/index.js';

const GOTOL_OFF = '060078ec01000000'; // gotol +1 (imm=1), off=-5000
const EXIT = '9500000000000000';
const CASES = {
  // r0 = *(u32 *)(r1 + 0) (unknown); if r0 == 0 goto +1; gotol +1; exit; exit — the gotol is reached
  reached: { hex: '6110000000000000' + '1500010000000000' + GOTOL_OFF + EXIT + EXIT, accepted: false },
  // r0 = 0; if r0 == 0 goto +1 — always taken, so the gotol is dead code
  dead: { hex: 'b700000000000000' + '1500010000000000' + GOTOL_OFF + EXIT + EXIT, accepted: true },
  // same reached program with off = 0: fine
  clean: { hex: '6110000000000000' + '1500010000000000' + '0600000001000000' + EXIT + EXIT, accepted: true },
};

test('decode-time validation and the verifier apply the same gotol rule (off is reserved, imm is the target)', () => {
  const [g] = decodeInstructions(hexToBytes(GOTOL_OFF));
  assert.equal(g!.imm, 1);
  assert.equal(g!.off, -5000);
  assert.equal(checkInstruction(g!), 'BPF_JA uses reserved fields');
  for (const [name, c] of Object.entries(CASES)) {
    const r = verify(hexToBytes(c.hex), { progType: 'xdp', logLevel: 0 });
    assert.equal(r.accepted, c.accepted, `${name}: ${r.accepted ? 'accepted' : r.message}`);
    if (!c.accepted) assert.equal(r.message, 'BPF_JA uses reserved fields');
  }
});

const kernel = kernelAvailable();
test('the kernel agrees on the gotol cases', { skip: kernel.ok ? false : `the kernel oracle is unavailable: ${kernel.reason}` }, () => {
  for (const [name, c] of Object.entries(CASES)) {
    let ok = true;
    let msg = '';
    try {
      closeFd(progLoad({ progType: 'XDP', insns: hexToBytes(c.hex), logLevel: 1 }).fd);
    } catch (e) {
      if (!(e instanceof KernelError)) throw e;
      ok = false;
      msg = e.message;
    }
    assert.equal(ok, c.accepted, `${name}: kernel ${ok ? 'accepted' : msg}`);
    if (!ok) assert.match(msg, /BPF_JA uses reserved fields/);
  }
});
