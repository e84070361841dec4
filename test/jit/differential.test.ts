import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { BpfError } from '../../src/isa/errors.js';
import { bytesToHex, type Instruction } from '../../src/isa/instruction.js';
import { validateInstructions } from '../../src/isa/validate.js';
import { runRaw } from '../../src/vm/run.js';
import type { EngineName } from '../../src/vm/engine.js';
import { arbMem, arbProgram, fuzzHelpers } from './gen.js';

export type Outcome = { ok: true; r0: string; mem: string; insns: number } | { ok: false; errno: string; message: string };

export function outcome(insns: Instruction[], mem: Uint8Array, engine: EngineName, budget: number): Outcome {
  try {
    const r = runRaw(insns, { mem, helpers: fuzzHelpers(), budget, engine });
    return { ok: true, r0: r.r0.toString(16), mem: bytesToHex(r.mem), insns: r.insns };
  } catch (e) {
    if (e instanceof BpfError) return { ok: false, errno: e.errno, message: e.message };
    throw e;
  }
}

const RUNS = Number(process.env.TSBPF_FUZZ_RUNS ?? 1000);

test(`differential: ${RUNS} random programs agree between the interpreter and the JIT`, () => {
  const stats = { ok: 0, fault: 0, budget: 0, other: 0 };
  fc.assert(
    fc.property(arbProgram, arbMem, fc.constantFrom(50, 3000), (insns, mem, budget) => {
      validateInstructions(insns);
      const a = outcome(insns, mem, 'interpreter', budget);
      const b = outcome(insns, mem, 'jit', budget);
      assert.deepEqual(b, a);
      if (a.ok) stats.ok++;
      else if (a.errno === 'EFAULT') stats.fault++;
      else if (a.errno === 'ETIMEDOUT') stats.budget++;
      else stats.other++;
    }),
    { numRuns: RUNS },
  );
  // the generator must exercise both successful runs and every kind of failure
  assert.ok(stats.ok > RUNS / 10, JSON.stringify(stats));
  assert.ok(stats.fault > 0 && stats.budget > 0 && stats.other > 0, JSON.stringify(stats));
});
