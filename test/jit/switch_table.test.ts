/**
 * Compare trees to br_table (src/vm/jit/switch_table.ts): random decision trees on one register
 * (signed, unsigned or equality compares against small constants, leaves of their own or shared,
 * inside a loop over values from memory, some far outside the constants' span) must give the
 * interpreter's r0 on the verified JIT without counting, where they become a br_table; counted
 * code keeps the tree and must agree too.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Instruction } from '../../src/isa/instruction.js';
import { validateInstructions } from '../../src/isa/validate.js';
import { jitToWat } from '../../src/vm/jit/index.js';
import { compile } from '../../src/vm/jit/runtime.js';
import { RegionKind } from '../../src/vm/address_space.js';
import { fuzzHelpers, outcome } from './gen.js';

const RUNS = Number(process.env.TSBPF_FUZZ_RUNS ?? 300);
const ins = (code: number, dst = 0, src = 0, off = 0, imm = 0): Instruction => ({ code, dst, src, off, imm: imm | 0, imm2: 0 });

type Tree = { leaf: number } | { shared: number } | { o: number; imm: number; taken: Tree; fall: Tree };
const SHARED = 3;
const leaf: fc.Arbitrary<Tree> = fc.oneof(fc.integer({ min: 1, max: 1000 }).map((leaf) => ({ leaf })), fc.integer({ min: 0, max: SHARED - 1 }).map((shared) => ({ shared })));
const ORDER_OPS = { signed: [0x10, 0x50, 0x60, 0x70, 0xc0, 0xd0], unsigned: [0x10, 0x50, 0x20, 0x30, 0xa0, 0xb0] };
function tree(ops: number[]): fc.Arbitrary<Tree> {
  const { node } = fc.letrec<{ node: Tree }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      { weight: 1, arbitrary: leaf },
      { weight: 3, arbitrary: fc.record({ o: fc.constantFrom(...ops), imm: fc.integer({ min: -4, max: 24 }), taken: tie('node'), fall: tie('node') }) as fc.Arbitrary<Tree> },
    ),
  }));
  return node;
}

/** lay a tree out: `if r2 op imm goto T; <fall>; T: <taken>`; leaves `r0 += c; goto END` or `goto SHARED_k` */
function layout(t: Tree): Instruction[] {
  const code: Array<Instruction | { ja: string }> = [];
  const labels = new Map<string, number>();
  let n = 0;
  const emit = (x: Tree): void => {
    if ('leaf' in x) {
      code.push(ins(0x07, 0, 0, 0, x.leaf), { ja: 'END' });
    } else if ('shared' in x) {
      code.push({ ja: `S${x.shared}` });
    } else {
      const me = `T${n++}`;
      code.push({ ...ins(0x05 | x.o, 2, 0, 0, x.imm), ja: me } as Instruction & { ja: string });
      emit(x.fall);
      labels.set(me, code.length);
      emit(x.taken);
    }
  };
  emit(t);
  for (let k = 0; k < SHARED; k++) {
    labels.set(`S${k}`, code.length);
    code.push(ins(0xa7, 0, 0, 0, 0x100 << k), { ja: 'END' });
  }
  labels.set('END', code.length);
  return code.map((c, i) => {
    if (!('ja' in c)) return c;
    const off = labels.get(c.ja)! - i - 1;
    return 'code' in c ? { ...(c as unknown as Instruction), off } : ins(0x05, 0, 0, off);
  });
}

/** r6 counts 0..7: r2 = a value from memory (a byte minus 8, or a whole word), walk the tree, r0 accumulates */
const arbSwitch = fc
  .tuple(fc.boolean(), fc.boolean())
  .chain(([signed, word]) => tree(signed ? ORDER_OPS.signed : ORDER_OPS.unsigned).map((t) => ({ t, word })))
  .map(({ t, word }) => {
    const body = layout(t);
    const load = word ? [ins(0xbf, 3, 6), ins(0x67, 3, 0, 0, 3), ins(0x0f, 3, 1), ins(0x79, 2, 3, 0)] : [ins(0xbf, 3, 6), ins(0x0f, 3, 1), ins(0x71, 2, 3, 0), ins(0x17, 2, 0, 0, 8)];
    const loop = [...load, ...body, ins(0x07, 6, 0, 0, 1), ins(0xa5, 6, 0, 0, 8)];
    loop[loop.length - 1] = ins(0xa5, 6, 0, -loop.length, 8);
    return [ins(0xb7, 0), ins(0xb7, 6), ...loop, ins(0x95)];
  });
const MEM = fc.uint8Array({ minLength: 64, maxLength: 64 }).map((m) => {
  // some words far outside the constants' span, both signs
  const v = new DataView(m.buffer);
  if (m[0]! & 1) v.setBigInt64(8, -(1n << 62n), true);
  if (m[0]! & 2) v.setBigUint64(16, (1n << 64n) - 3n, true);
  return m;
});

test(`compare trees: ${RUNS} random switches agree with the interpreter on the verified JIT (br_table) and the checked JIT (tree)`, () => {
  let tables = 0;
  fc.assert(
    fc.property(arbSwitch, MEM, (insns, mem) => {
      validateInstructions(insns);
      const a = outcome(insns, mem, 'interpreter', 1e6);
      assert.ok(a.ok, JSON.stringify(a));
      assert.deepEqual(outcome(insns, mem, 'jit', 1e6), a);
      if (jitToWat(insns, { verified: true, countInstructions: false }).includes('br_table')) tables++;
      const jit = compile(insns, { helpers: fuzzHelpers(), verified: true, countInstructions: false });
      const region = jit.as.map(mem.length, RegionKind.Mem, 'mem');
      jit.as.u8.set(mem, region.base);
      assert.equal(jit.run({ r1: region.base, r2: mem.length }).r0.toString(16), a.r0);
    }),
    { numRuns: RUNS },
  );
  assert.ok(tables > RUNS / 4, `${tables} of ${RUNS} became a br_table`);
});

test("compare trees: bench/progs/switch.bpf.c's dispatch is one br_table on the verified JIT", async () => {
  const { readFileSync } = await import('node:fs');
  const { decodeInstructions } = await import('../../src/isa/instruction.js');
  const insns = decodeInstructions(new Uint8Array(readFileSync(new URL('../../../bench/progs/switch.bin', import.meta.url))));
  const tables = (wat: string): number => wat.match(/\bbr_table\b/g)?.length ?? 0;
  assert.equal(tables(jitToWat(insns, { verified: true, countInstructions: false })), 1);
});
