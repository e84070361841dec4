/**
 * The checked JIT's two eliminations (src/vm/jit/ranges.ts, src/vm/jit/budget.ts) against the
 * interpreter, on programs made to stress them: pointers into the frame built from r10 and bounded
 * or unbounded scalars (masks, shifts, modulo, context-like loads, loop counters stepping to a
 * `!=` bound that they may jump over), some in the frame, some just past either end, some forged
 * (a frame pointer stored to memory and loaded back, r10 plus a loaded value); and loops run
 * under budgets that run out at every point. The result, the error (EFAULT naming the same
 * instruction), the instruction count and the memory must be the interpreter's; and the analysis
 * must actually drop checks on a good share of the programs (else this test tests nothing).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Instruction } from '../../src/isa/instruction.js';
import { validateInstructions } from '../../src/isa/validate.js';
import { buildBlocks } from '../../src/vm/jit/cfg.js';
import { frameSafeAccesses } from '../../src/vm/jit/ranges.js';
import { compileModule } from '../../src/vm/jit/runtime.js';
import { outcome } from './gen.js';

const ins = (code: number, dst = 0, src = 0, off = 0, imm = 0): Instruction => ({ code, dst, src, off, imm: imm | 0, imm2: 0 });
const RUNS = Number(process.env.TSBPF_FUZZ_RUNS ?? 1000);

/** a scalar into r6: bounded (mask, shift, modulo, small load) or not */
const scalar: fc.Arbitrary<Instruction[]> = fc.oneof(
  fc.integer({ min: 0, max: 600 }).map((v) => [ins(0xb7, 6, 0, 0, v)]),
  fc.record({ m: fc.constantFrom(7, 0x1f, 0x3f, 0xff, 0x1ff, 0x3ff, -8), sh: fc.constantFrom(0, 1, 2, 3, 4) }).map(({ m, sh }) => [ins(0x71, 6, 1, 0), ins(0x57, 6, 0, 0, m), ins(0x67, 6, 0, 0, sh)]),
  fc.record({ k: fc.constantFrom(26, 64, 200, 511, 512, 513), w: fc.boolean() }).map(({ k, w }) => [ins(0x79, 6, 1, 8), ins(w ? 0x94 : 0x97, 6, 0, 0, k)]),
  fc.constantFrom(0x71, 0x69, 0x61, 0x79).map((c) => [ins(c, 6, 1, 16)]),
  fc.record({ s: fc.constantFrom(8, 16, 32, 60), w: fc.boolean() }).map(({ s, w }) => [ins(0x79, 6, 1, 0), ins(w ? 0x74 : 0x77, 6, 0, 0, s)]),
);

/** frame offsets: mostly well inside, sometimes anywhere around the frame */
const BASE = fc.oneof({ weight: 3, arbitrary: fc.integer({ min: -300, max: -64 }) }, { weight: 1, arbitrary: fc.integer({ min: -600, max: 16 }) });

/** a pointer into r7 built from r10 (or forged) and r6 */
const pointer: fc.Arbitrary<Instruction[]> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ base: BASE, sub: fc.boolean() }).map(({ base, sub }) => [ins(0xbf, 7, 10), ins(0x07, 7, 0, 0, base), ins(sub ? 0x1f : 0x0f, 7, 6)]) },
  // forged: the frame pointer through memory, then moved by r6
  { weight: 1, arbitrary: fc.integer({ min: -600, max: 16 }).map((base) => [ins(0x7b, 1, 10, 24), ins(0x79, 7, 1, 24), ins(0x07, 7, 0, 0, base), ins(0x0f, 7, 6)]) },
  // r10 plus a loaded value
  { weight: 1, arbitrary: fc.constant(null).map(() => [ins(0x79, 7, 1, 32), ins(0x0f, 7, 10)]) },
  // a 32-bit copy of the frame pointer (a scalar)
  { weight: 1, arbitrary: fc.integer({ min: -600, max: 16 }).map((base) => [ins(0xbc, 7, 10), ins(0x07, 7, 0, 0, base), ins(0x0f, 7, 6)]) },
);

/** a load, a store or an atomic add through r7 */
const access: fc.Arbitrary<Instruction> = fc
  .record({ k: fc.constantFrom('ldx', 'stx', 'st', 'atomic'), size: fc.constantFrom(0x00, 0x08, 0x10, 0x18), off: fc.oneof({ weight: 3, arbitrary: fc.integer({ min: -64, max: 0 }) }, { weight: 1, arbitrary: fc.integer({ min: -520, max: 16 }) }) })
  .map(({ k, size, off }) => (k === 'ldx' ? ins(0x61 | size, 0, 7, off) : k === 'stx' ? ins(0x63 | size, 7, 6, off) : k === 'st' ? ins(0x62 | size, 7, 0, off, 7) : ins(0xc3 | (size === 0x18 ? 0x18 : 0), 7, 6, off, 0)));

/** straight: scalar, pointer, accesses, exit */
const straight = fc.tuple(scalar, pointer, fc.array(access, { minLength: 1, maxLength: 4 })).map(([s, p, a]) => [...s, ...p, ...a, ins(0xb7, 0, 0, 0, 1), ins(0x95)]);

/**
 * a loop: r6 = start; do { r7 = r10 + base + r6; access; r6 += step } while (r6 != limit) — the
 * counter may step over the limit (then the access leaves the frame, or the budget runs out)
 */
const loop = fc
  .record({ start: fc.constantFrom(0, 8, 1), step: fc.constantFrom(1, 4, 8, 16, 3), limit: fc.constantFrom(64, 128, 256, 512, 520, 100), base: fc.constantFrom(-512, -256, -128, -64, -8), a: access, w32: fc.boolean() })
  .map(({ start, step, limit, base, a, w32 }) => [
    ins(0xb7, 6, 0, 0, start),
    ins(0xbf, 7, 10),
    ins(0x07, 7, 0, 0, base),
    ins(0x0f, 7, 6),
    a,
    ins(w32 ? 0x04 : 0x07, 6, 0, 0, step),
    ins(w32 ? 0x56 : 0x55, 6, 0, -6, limit),
    ins(0xbf, 0, 6),
    ins(0x95),
  ]);

const mem = fc.uint8Array({ minLength: 64, maxLength: 64 });

test(`range analysis: ${RUNS} programs with frame pointers agree between the interpreter and the checked JIT`, () => {
  const stats = { ok: 0, EFAULT: 0, ETIMEDOUT: 0, other: 0, elided: 0, programs: 0 };
  fc.assert(
    fc.property(fc.oneof(straight, loop), mem, fc.constantFrom(20, 57, 300, 100000), (insns, m, budget) => {
      validateInstructions(insns);
      const a = outcome(insns, m, 'interpreter', budget);
      const b = outcome(insns, m, 'jit', budget);
      assert.deepEqual(b, a);
      stats.programs++;
      if (frameSafeAccesses(buildBlocks(insns), true).some((v) => v === 1)) stats.elided++;
      if (a.ok) stats.ok++;
      else if (a.errno === 'EFAULT' || a.errno === 'ETIMEDOUT') stats[a.errno]++;
      else stats.other++;
    }),
    { numRuns: RUNS },
  );
  // both sides of every bound are exercised, and checks were dropped on many programs
  assert.ok(stats.ok > RUNS / 10 && stats.EFAULT > RUNS / 20 && stats.ETIMEDOUT > 0, JSON.stringify(stats));
  assert.ok(stats.elided > RUNS / 10, JSON.stringify(stats));
});

test('range analysis: what it must not trust keeps its check', () => {
  const verdict = (insns: Instruction[]): number[] => [...frameSafeAccesses(buildBlocks(insns), true)].flatMap((v, i) => (v ? [i] : []));
  const exit = [ins(0xb7, 0), ins(0x95)];
  // r10 - 64 + (x & 0x1f): in the frame; + (x & 0x7f): 8 bytes at up to r10 + 63, not
  assert.deepEqual(verdict([ins(0x71, 6, 1), ins(0x57, 6, 0, 0, 0x1f), ins(0xbf, 7, 10), ins(0x07, 7, 0, 0, -64), ins(0x0f, 7, 6), ins(0x79, 0, 7, 0), ...exit]), [5]);
  assert.deepEqual(verdict([ins(0x71, 6, 1), ins(0x57, 6, 0, 0, 0x7f), ins(0xbf, 7, 10), ins(0x07, 7, 0, 0, -64), ins(0x0f, 7, 6), ins(0x79, 0, 7, 0), ...exit]), []);
  // a frame pointer stored and loaded back is a scalar like any load
  assert.deepEqual(verdict([ins(0x7b, 10, 10, -8), ins(0x79, 7, 10, -8), ins(0x79, 0, 7, -16), ...exit]), [0, 1]);
  // a program that writes r10 gets no facts at all
  assert.deepEqual(frameSafeAccesses(buildBlocks([ins(0x07, 10, 0, 0, -8), ins(0x79, 0, 10, -8), ...exit]), false).some((v) => v === 1), false);
  // a 64-bit le (class ALU, but no zero extension) is not a 32-bit value
  assert.deepEqual(verdict([ins(0x79, 6, 1), ins(0xd4, 6, 0, 0, 64), ins(0x57, 6, 0, 0, 0xff), ins(0xbf, 7, 10), ins(0x07, 7, 0, 0, -256), ins(0x0f, 7, 6), ins(0x71, 0, 7, 0), ...exit]), [6]);
  assert.deepEqual(verdict([ins(0x79, 6, 1), ins(0xd4, 6, 0, 0, 64), ins(0xbf, 7, 10), ins(0x07, 7, 0, 0, -256), ins(0x0f, 7, 6), ins(0x71, 0, 7, 0), ...exit]), []);
  // a 32-bit shift by 32 or more shifts by the amount modulo 32: w6 >> 32 is w6, not 0
  assert.deepEqual(verdict([ins(0x61, 6, 1), ins(0xb7, 8, 0, 0, 32), ins(0x7c, 6, 8), ins(0xbf, 7, 10), ins(0x07, 7, 0, 0, -8), ins(0x0f, 7, 6), ins(0x79, 0, 7, 0), ...exit]), []);
  assert.deepEqual(verdict([ins(0x61, 6, 1), ins(0xb7, 8, 0, 0, 31), ins(0x7c, 6, 8), ins(0xbf, 7, 10), ins(0x07, 7, 0, 0, -16), ins(0x0f, 7, 6), ins(0x79, 0, 7, 0), ...exit]), [6]);
  // a counter stepping by 8 to != 512 from 0 stays below 512; stepping by 3, it may jump over
  const counted = (step: number): Instruction[] => [ins(0xb7, 6), ins(0xbf, 7, 10), ins(0x07, 7, 0, 0, -512), ins(0x0f, 7, 6), ins(0x79, 0, 7, 0), ins(0x07, 6, 0, 0, step), ins(0x55, 6, 0, -6, 512), ...exit];
  assert.deepEqual(verdict(counted(8)), [4]);
  assert.deepEqual(verdict(counted(3)), []);
});

test('budget check points: a loop function compares at its loop headers only, and stops where the interpreter does', () => {
  // sum of a 64-byte buffer, 1000 times: every budget from 1 to past the end
  const prog = [
    ins(0xb7, 0), ins(0xb7, 8, 0, 0, 1000),
    ins(0xb7, 6), ins(0xbf, 7, 1), ins(0x0f, 7, 6), ins(0x71, 3, 7, 0), ins(0x0f, 0, 3), ins(0x07, 6, 0, 0, 1), ins(0x55, 6, 0, -6, 64),
    ins(0x07, 8, 0, 0, -1), ins(0x55, 8, 0, -9, 0), ins(0x95),
  ];
  const wasm = compileModule(prog, true, true).wasm;
  // the exact copy exists (its name) and the fast function has no per-block compare
  assert.ok(new TextDecoder().decode(wasm).includes('main_exact'));
  const m = new Uint8Array(64).map((_, i) => i * 7);
  const full = outcome(prog, m, 'interpreter', 1e6);
  assert.ok(full.ok);
  for (const budget of [1, 2, 3, 8, 9, 10, 11, 63, 64, 65, 399, 400, 401, 402, 403, 404, 405, 406, 407, 1000, 7777, full.insns - 1, full.insns, full.insns + 1]) {
    assert.deepEqual(outcome(prog, m, 'jit', budget), outcome(prog, m, 'interpreter', budget), `budget ${budget}`);
  }
});
