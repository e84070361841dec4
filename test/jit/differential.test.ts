import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { BpfError } from '../../src/isa/errors.js';
import { bytesToHex, type Instruction } from '../../src/isa/instruction.js';
import { validateInstructions } from '../../src/isa/validate.js';
import { runRaw } from '../../src/vm/run.js';
import { createEngine, type EngineName } from '../../src/vm/engine.js';
import { RegionKind } from '../../src/vm/address_space.js';
import { arbMem, arbProgram, fuzzHelpers, outcome } from './gen.js';

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

/**
 * Neither engine clears the stack between runs (as the kernel: its contents are undefined at
 * entry), so a second run of an unverified program on the same engine sees what the first left:
 * run each program three times on one engine, and the runs, the memory and the whole stack region
 * must agree between the engines after every run.
 */
const REPEAT_RUNS = Math.max(200, Math.floor(RUNS / 5));

/**
 * an engine over a copy of `mem` (r1 = its address, r2 = its length), and `snapshot(run)`: the
 * run's result or error, then the memory and the whole stack region after it
 */
function onMemory(name: EngineName, insns: Instruction[], mem: Uint8Array) {
  const e = createEngine(name, insns, { helpers: fuzzHelpers(), budget: 3000 });
  const region = e.as.map(mem.length, RegionKind.Mem, 'mem');
  e.as.u8.set(mem, region.base);
  // the engine maps its stack first, right above the never-mapped guard page
  const stack = e.as.find(4096, 1)!;
  assert.equal(stack.kind, RegionKind.Stack);
  const snapshot = (run: () => { r0: bigint; insns: number }): unknown[] => {
    let res: unknown;
    try {
      const r = run();
      res = { r0: r.r0.toString(16), insns: r.insns };
    } catch (err) {
      if (!(err instanceof BpfError)) throw err;
      res = { errno: err.errno, message: err.message };
    }
    return [res, bytesToHex(e.as.u8.slice(region.base, region.base + region.size)), bytesToHex(e.as.u8.slice(stack.base, stack.base + stack.size))];
  };
  return { e, args: { r1: region.base, r2: mem.length }, snapshot };
}
test(`differential: ${REPEAT_RUNS} random programs run 3 times on one engine agree (stale stack included)`, () => {
  let sawStale = 0;
  fc.assert(
    fc.property(arbProgram, arbMem, (insns, mem) => {
      validateInstructions(insns);
      const runs = (name: EngineName): unknown[] => {
        const { e, args, snapshot } = onMemory(name, insns, mem);
        const out: unknown[] = [];
        for (let k = 0; k < 3; k++) out.push(...snapshot(() => e.run(args)));
        return out;
      };
      const a = runs('interpreter');
      const b = runs('jit');
      assert.deepEqual(b, a);
      // the first run left bytes on the stack for the second to see
      if (/[^0]/.test(a[2] as string)) sawStale++;
    }),
    { numRuns: REPEAT_RUNS },
  );
  // about one program in ten leaves bytes on the stack for its next run (many fault or stop early)
  assert.ok(sawStale > 0, `${sawStale} of ${REPEAT_RUNS}`);
});

/**
 * The JIT runs a test run's repeats in one call into wasm (JitProgram.runRepeat, the loop of
 * net/bpf/test_run.c bpf_test_run): n runs there must leave exactly what n calls of the
 * interpreter's run() leave — the last result or error, the memory and the whole stack region.
 */
test(`differential: ${REPEAT_RUNS} random programs repeated 1-4 times in one call agree with the interpreter's runs`, () => {
  let batched = 0;
  fc.assert(
    fc.property(arbProgram, arbMem, fc.integer({ min: 1, max: 4 }), (insns, mem, n) => {
      validateInstructions(insns);
      const runs = (name: EngineName): unknown[] => {
        const { e, args, snapshot } = onMemory(name, insns, mem);
        return snapshot(() => {
          if (name === 'interpreter') {
            for (let k = 1; k < n; k++) e.run(args);
            return e.run(args);
          }
          assert.ok(e.runRepeat);
          batched++;
          return e.runRepeat(args, n);
        });
      };
      assert.deepEqual(runs('jit'), runs('interpreter'));
    }),
    { numRuns: REPEAT_RUNS },
  );
  assert.equal(batched, REPEAT_RUNS);
});
