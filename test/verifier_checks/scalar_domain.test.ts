/**
 * The scalar domain's fast form (src/verifier/reg.ts and scalar_alu.ts: 64-bit quantities as
 * int32 halves) against its BigInt reference (src/verifier/reg_exact.ts, the implementation the
 * fast one replaced): on random registers — consistent or not, with edge values (0, ±1, 2^31,
 * 2^32, 2^63, ...) — every ALU operation, branch refinement, branch prediction, bounds sync,
 * narrowing and equality merge must leave exactly the same register (tnum, the eight bounds).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as op from '../../src/isa/opcodes.js';
import { Reg, RegType, regBoundsSync, coerceRegToSize, regCombine32Into64, regCombine64Into32 } from '../../src/verifier/reg.js';
import { scalarAlu, regSetMinMax, isBranchTaken, regCombineMinMax } from '../../src/verifier/scalar_alu.js';
import * as X from '../../src/verifier/reg_exact.js';

const U64 = (1n << 64n) - 1n;
const EDGES = [0n, 1n, 2n, 7n, 0xffn, 0x7fffffffn, 0x80000000n, 0xffffffffn, 1n << 32n, (1n << 32n) + 1n, (1n << 63n) - 1n, 1n << 63n, U64, U64 - 1n, 1n << 62n, 0x12345678n];
const u64 = fc.oneof(fc.constantFrom(...EDGES), fc.bigInt({ min: 0n, max: U64 }), fc.bigInt({ min: 0n, max: 0xffn }), fc.bigInt({ min: 0n, max: (1n << 33n) - 1n }));
const s64 = u64.map((v) => BigInt.asIntN(64, v));
const u32 = fc.oneof(fc.constantFrom(0, 1, 0xff, 0x7fffffff, 0x80000000, 0xffffffff), fc.integer({ min: 0, max: 0xffffffff }));

/** a scalar: a tnum and bounds that may or may not agree with it (inconsistent ones happen on dead paths) */
const reg = fc.record({
  v: u64, m: u64, smin: s64, smax: s64, umin: u64, umax: u64, s32min: u32, s32max: u32, u32min: u32, u32max: u32, sync: fc.boolean(), id: fc.nat(3), odd: fc.nat(5),
}).map((x) => {
  const r = new Reg();
  r.type = RegType.SCALAR_VALUE;
  r.varOff = { value: x.v & ~x.m & U64, mask: x.m };
  const [smin, smax] = x.smin <= x.smax || !x.sync ? [x.smin, x.smax] : [x.smax, x.smin];
  const [umin, umax] = x.umin <= x.umax || !x.sync ? [x.umin, x.umax] : [x.umax, x.umin];
  r.smin = smin; r.smax = smax; r.umin = umin; r.umax = umax;
  r.s32min = Math.min(x.s32min | 0, x.s32max | 0); r.s32max = Math.max(x.s32min | 0, x.s32max | 0);
  // the reference's bound arithmetic can leave a uint32 in a signed 32-bit bound (u32min > u32max)
  if (x.odd === 1) r.s32min = x.s32min;
  if (x.odd === 2) r.s32max = x.s32max;
  r.u32min = Math.min(x.u32min, x.u32max); r.u32max = Math.max(x.u32min, x.u32max);
  r.id = x.id;
  if (x.sync) X.regBoundsSync(r);
  return r;
});

const view = (r: Reg) => ({
  type: r.type, id: r.id, value: r.varOff.value, mask: r.varOff.mask, smin: r.smin, smax: r.smax, umin: r.umin, umax: r.umax,
  s32min: r.s32min, s32max: r.s32max, u32min: r.u32min, u32max: r.u32max,
});

/** run `fast` and `exact` on copies of the registers: the results must be the same */
function same(regs: Reg[], fast: (rs: Reg[]) => unknown, exact: (rs: Reg[]) => unknown): void {
  const a = regs.map((r) => r.clone());
  const b = regs.map((r) => r.clone());
  let ra: unknown;
  let rb: unknown;
  let ea: unknown;
  let eb: unknown;
  try { ra = fast(a); } catch (e) { ea = (e as Error).message; }
  try { rb = exact(b); } catch (e) { eb = (e as Error).message; }
  assert.deepEqual({ r: ra, e: ea, regs: a.map(view) }, { r: rb, e: eb, regs: b.map(view) });
}

const ALU_OPS = [op.BPF_ADD, op.BPF_SUB, op.BPF_MUL, op.BPF_AND, op.BPF_OR, op.BPF_XOR, op.BPF_LSH, op.BPF_RSH, op.BPF_ARSH, op.BPF_DIV];
const JMP_OPS = [op.BPF_JEQ, op.BPF_JNE, op.BPF_JSET, op.BPF_JGT, op.BPF_JGE, op.BPF_JLT, op.BPF_JLE, op.BPF_JSGT, op.BPF_JSGE, op.BPF_JSLT, op.BPF_JSLE];
/** SCALAR_RUNS=N for a longer run */
const RUNS = Number(process.env.SCALAR_RUNS ?? 3000);

test('scalar ALU: fast form = BigInt reference', () => {
  fc.assert(fc.property(reg, reg, fc.constantFrom(...ALU_OPS), fc.boolean(), (d, s, o, alu32) => {
    same([d, s], ([x, y]) => scalarAlu(x!, y!, o, alu32), ([x, y]) => X.scalarAlu(x!, y!, o, alu32));
  }), { numRuns: RUNS });
});

test('branches (reg_set_min_max, is_branch_taken, __reg_combine_min_max): fast form = BigInt reference', () => {
  fc.assert(fc.property(reg, u64, fc.constantFrom(...JMP_OPS), fc.boolean(), (r, val, o, jmp32) => {
    same([r, r], ([t, f]) => regSetMinMax(t!, f!, val, o, jmp32), ([t, f]) => X.regSetMinMax(t!, f!, val, o, jmp32));
    same([r], ([x]) => isBranchTaken(x!, val, o, jmp32), ([x]) => X.isBranchTaken(x!, val, o, jmp32));
  }), { numRuns: RUNS });
  fc.assert(fc.property(reg, reg, (a, b) => {
    same([a, b], ([x, y]) => regCombineMinMax(x!, y!), ([x, y]) => X.regCombineMinMax(x!, y!));
  }), { numRuns: RUNS });
});

test('bounds sync, narrowing, 32/64 combination: fast form = BigInt reference', () => {
  fc.assert(fc.property(reg, fc.constantFrom(1, 2, 4, 8), (r, size) => {
    same([r], ([x]) => regBoundsSync(x!), ([x]) => X.regBoundsSync(x!));
    same([r], ([x]) => coerceRegToSize(x!, size), ([x]) => X.coerceRegToSize(x!, size));
    same([r], ([x]) => regCombine32Into64(x!), ([x]) => X.regCombine32Into64(x!));
    same([r], ([x]) => regCombine64Into32(x!), ([x]) => X.regCombine64Into32(x!));
  }), { numRuns: RUNS });
});
