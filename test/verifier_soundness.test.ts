/**
 * Soundness: every random program tsbpf's verifier accepts (programs from test/gen and one-change
 * mutants of them) runs on the bounds-checked interpreter without a memory fault.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomProgram, Rng } from './gen/random_program.js';
import { verify } from '../src/verifier/index.js';
import { runXdp } from '../src/vm/run.js';
import { BpfError } from '../src/isa/errors.js';
import type { Instruction } from '../src/isa/instruction.js';
import * as op from '../src/isa/opcodes.js';

function mutate(insns: readonly Instruction[], r: Rng): Instruction[] {
  const out = insns.map((i) => ({ ...i }));
  const k = r.int(out.length);
  const i = out[k]!;
  const cls = i.code & 7;
  if ((cls === op.BPF_LDX || cls === op.BPF_STX || cls === op.BPF_ST) && (i.code & 0xe0) === op.BPF_MEM) i.off += r.pick([1, 8, 32, 64, -8]);
  else if ((cls === op.BPF_JMP || cls === op.BPF_JMP32) && (i.code & 0xf0) >= op.BPF_JEQ && (i.code & 0xf0) <= op.BPF_JSLE && (i.code & 0xf0) !== op.BPF_CALL) i.code ^= 0x10;
  else if (cls === op.BPF_ALU64 && (i.code & op.BPF_X) === 0) i.imm = (i.imm + r.pick([1, 64, -1, 4096])) | 0;
  return out;
}

test('programs the verifier accepts never fault on the interpreter', () => {
  const r = new Rng(0xfa17);
  let accepted = 0;
  let total = 0;
  for (let seed = 1000; seed < 1200; seed++) {
    const p = randomProgram(seed, { maxBranches: 6 });
    for (const insns of [p.insns, mutate(p.insns, r), mutate(p.insns, r)]) {
      total++;
      const v = verify(insns, { progType: 'xdp', logLevel: 0 });
      if (!v.accepted) continue;
      accepted++;
      try {
        runXdp(insns, p.data);
      } catch (e) {
        if (e instanceof BpfError && e.errno === 'EFAULT') assert.fail(`seed ${seed}: accepted program faulted: ${e.message}`);
        if (!(e instanceof BpfError)) throw e;
      }
    }
  }
  console.log(`${accepted}/${total} random programs accepted, all ran without a memory fault`);
  assert.ok(accepted > total / 3);
});
