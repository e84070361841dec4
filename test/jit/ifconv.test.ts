/**
 * If-conversion (src/vm/jit/ifconv.ts): a conditional jump over a few pure ALU instructions
 * becomes wasm `select`. Random loops full of such triangles (and of near misses: a side with a
 * division, a store or too many instructions or registers) must agree with the interpreter: r0 on
 * the verified JIT without counting, and r0, memory, the instruction count and where the budget
 * runs out (a converted side's count is settled lazily there) on the checked JIT.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Instruction } from '../../src/isa/instruction.js';
import { validateInstructions } from '../../src/isa/validate.js';
import { jitToWat } from '../../src/vm/jit/index.js';
import { compile } from '../../src/vm/jit/runtime.js';
import { RegionKind } from '../../src/vm/address_space.js';
import { arbMem, fuzzHelpers, outcome } from './gen.js';

const RUNS = Number(process.env.TSBPF_FUZZ_RUNS ?? 400);
const ins = (code: number, dst = 0, src = 0, off = 0, imm = 0): Instruction => ({ code, dst, src, off, imm: imm | 0, imm2: 0 });

/** registers the triangles play with (r1 is the memory pointer, r6 the loop counter, r10 the frame) */
const REG = fc.constantFrom(0, 2, 3, 4, 5, 7, 8, 9);
const IMM = fc.oneof(fc.integer({ min: -4, max: 70 }), fc.constantFrom(0x7fffffff, -0x80000000, 0xffff, 0x10000), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }));
/** mov add sub mul or and lsh rsh neg xor arsh: what ifconv.ts converts */
const PURE = [0xb0, 0x00, 0x10, 0x20, 0x40, 0x50, 0x60, 0x70, 0x80, 0xa0, 0xc0];
const pure: fc.Arbitrary<Instruction> = fc
  .record({ cls: fc.constantFrom(0x04, 0x07), o: fc.constantFrom(...PURE), x: fc.boolean(), d: REG, s: REG, imm: IMM, sx: fc.constantFrom(0, 0, 8, 16, 32) })
  .map(({ cls, o, x, d, s, imm, sx }) => (o === 0x80 ? ins(cls | o, d) : x ? ins(cls | o | 0x08, d, s, o === 0xb0 && !(sx === 32 && cls === 0x04) ? sx : 0) : ins(cls | o, d, 0, 0, imm)));
/** what must keep its branch: a division (a trap in wasm), a store, a byte swap */
const impure: fc.Arbitrary<Instruction> = fc.oneof(
  fc.record({ d: REG, s: REG }).map(({ d, s }) => ins(0x3f, d, s)),
  fc.record({ d: REG, s: REG }).map(({ d, s }) => ins(0x9c, d, s)),
  fc.record({ s: REG, off: fc.integer({ min: -8, max: -1 }) }).map(({ s, off }) => ins(0x7b, 10, s, off * 8)),
  REG.map((d) => ins(0xdc, d, 0, 0, 32)),
);
const cond = fc.record({ cls: fc.constantFrom(0x05, 0x06), o: fc.constantFrom(0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70, 0xa0, 0xb0, 0xc0, 0xd0), x: fc.boolean(), d: REG, s: REG, imm: IMM });
/** one triangle: `if cond goto +len; side` (or a side that does not qualify) */
const triangle: fc.Arbitrary<Instruction[]> = fc
  .tuple(cond, fc.array(fc.oneof({ weight: 12, arbitrary: pure }, { weight: 1, arbitrary: impure }), { minLength: 1, maxLength: 5 }))
  .map(([c, side]) => [c.x ? ins(c.cls | c.o | 0x08, c.d, c.s, side.length) : ins(c.cls | c.o, c.d, 0, side.length, c.imm), ...side]);

/**
 * r0, r2..r5, r7..r9 from the memory buffer; 1-8 triangles, helper calls or local calls (which
 * read the count exactly: counted code over-charges converted sides and settles before a call),
 * in a loop of 1-8 rounds or not; r0 folds every register
 */
const arbTriangles: fc.Arbitrary<Instruction[]> = fc
  .tuple(fc.array(fc.oneof({ weight: 8, arbitrary: triangle }, { weight: 1, arbitrary: fc.constantFrom([ins(0x85, 0, 0, 0, 7)], [ins(0x85, 0, 1, 0, 0)]) }), { minLength: 1, maxLength: 8 }), fc.integer({ min: 0, max: 8 }))
  .map(([tris, rounds]) => {
    const head = [0, 2, 3, 4, 5, 7, 8, 9].map((r, k) => ins(0x79, r, 1, 8 * (k % 4)));
    const body = tris.flat();
    const fold = [2, 3, 4, 5, 7, 8, 9].map((r) => ins(0xaf, 0, r));
    // rounds 0: straight-line code, whose budget is compared per block (a function without loops)
    const loop = rounds === 0 ? body : [ins(0xb7, 6, 0, 0, rounds), ...body, ins(0x07, 6, 0, 0, -1), ins(0x55, 6, 0, -(body.length + 2), 0)];
    // a local call (src 1) enters the subprogram after main: r0 += 1, three times
    const main = [...head, ...loop, ...fold, ins(0x95)];
    const sub = [ins(0x07, 0, 0, 0, 1), ins(0x07, 0, 0, 0, 1), ins(0x07, 0, 0, 0, 1), ins(0x95)];
    return [...main.map((i, k) => (i.code === 0x85 && i.src === 1 ? { ...i, imm: main.length - k - 1 } : i)), ...sub];
  });
const MEM = arbMem.filter((m) => m.length >= 32);

test(`if-conversion: ${RUNS} loops of triangles agree with the interpreter, budget included`, () => {
  const stats = { ok: 0, budget: 0 };
  fc.assert(
    fc.property(arbTriangles, MEM, fc.integer({ min: 12, max: 400 }), (insns, mem, budget) => {
      validateInstructions(insns);
      const a = outcome(insns, mem, 'interpreter', budget);
      assert.deepEqual(outcome(insns, mem, 'jit', budget), a);
      if (a.ok) stats.ok++;
      else if (a.errno === 'ETIMEDOUT') stats.budget++;
    }),
    { numRuns: RUNS },
  );
  // the generator must make runs that end and runs the budget stops
  assert.ok(stats.ok > RUNS / 10 && stats.budget > RUNS / 10, JSON.stringify(stats));
});

test(`if-conversion without instruction counting (verified code): ${RUNS} loops agree with the interpreter`, () => {
  let converted = 0;
  fc.assert(
    fc.property(arbTriangles, MEM, (insns, mem) => {
      if (jitToWat(insns, { verified: true, countInstructions: false }).includes('select')) converted++;
      const a = outcome(insns, mem, 'interpreter', 1e6);
      assert.ok(a.ok);
      const jit = compile(insns, { helpers: fuzzHelpers(), verified: true, countInstructions: false });
      const region = jit.as.map(mem.length, RegionKind.Mem, 'mem');
      jit.as.u8.set(mem, region.base);
      assert.equal(jit.run({ r1: region.base, r2: mem.length }).r0.toString(16), a.r0);
    }),
    { numRuns: RUNS },
  );
  // most programs have a triangle that qualifies
  assert.ok(converted > RUNS / 2, `${converted} of ${RUNS} converted`);
});

test('if-conversion: the triangles of an ilog2 step become selects, a side with a division keeps its branch', () => {
  // r2 = mem[0]; r0 = 0; if r2 < 65536 goto +2; r2 >>= 16; w0 |= 16; exit
  const step = [ins(0x79, 2, 1, 0), ins(0xb7, 0), ins(0xa5, 2, 0, 2, 65536), ins(0x77, 2, 0, 0, 16), ins(0x44, 0, 0, 0, 16), ins(0x0f, 0, 2), ins(0x95)];
  const wat = jitToWat(step, { verified: true, countInstructions: false });
  assert.match(wat, /\bselect\b/);
  // r2 /= 3 instead of r2 >>= 16: a division stays behind its branch
  const div = jitToWat(step.map((i, k) => (k === 3 ? ins(0x37, 2, 0, 0, 3) : i)), { verified: true, countInstructions: false });
  assert.doesNotMatch(div, /\bselect\b/);
  // counted code converts in functions with loops only (their budget is compared at check
  // points); without loops every block compares, and a side is no block of its own
  for (const opts of [{}, { verified: true }]) assert.doesNotMatch(jitToWat(step, opts), /\bselect\b/, JSON.stringify(opts));
  const loop = [ins(0xb7, 6, 0, 0, 3), ...step.slice(0, -1), ins(0x07, 6, 0, 0, -1), ins(0x55, 6, 0, -7, 0), ins(0x95)];
  for (const opts of [{}, { verified: true }]) assert.match(jitToWat(loop, opts), /\bselect\b/, JSON.stringify(opts));
  const mem = new Uint8Array(8);
  for (const v of [0n, 1n, 65535n, 65536n, 0x123456n]) {
    new DataView(mem.buffer).setBigUint64(0, v, true);
    const want = v < 65536n ? v : (v >> 16n) + 16n;
    for (const engine of ['interpreter', 'jit'] as const) {
      const r = outcome(step, mem, engine, 100);
      assert.deepEqual([engine, r.ok && r.r0, r.ok && r.insns], [engine, want.toString(16), v < 65536n ? 5 : 7]);
    }
  }
});
