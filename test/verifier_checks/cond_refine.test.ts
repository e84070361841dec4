/**
 * Two scalars compared with each other (`if r6 < r7`, `if w6 s>= w7`…), neither a constant: Linux
 * 6.8's reg_set_min_max bounds each register by the other's range on both sides of the branch
 * (regs_refine_cond_op), and a program may lean on it — iters.c:iter_arr_with_actual_elem_count
 * indexes an array with `i` after `i < n` and `n <= 32`. Random programs of that shape, each loaded
 * by the running kernel and verified by tsbpf: two unknown values from a map, each bounded by a
 * random check or mask, compared by a random operation (64 or 32 bits), then a map value indexed by
 * one of them on each side. Every verdict must be the kernel's; a refinement stronger than the
 * kernel's would be an unsafe accept, a weaker one a safe refusal.
 * `CONDREF_N` (default 300) and `CONDREF_SEED` choose the programs; `CONDREF_ALU_N`/`_SEED` those
 * with ALU steps among the bounds.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as op from '../../src/isa/opcodes.js';
import { insn, LDDW, encodeInstructions, type Instruction } from '../../src/isa/instruction.js';
import { verify, MapType, type VerifierMap } from '../../src/verifier/index.js';
import { kernelAvailable, progLoad, mapCreate, closeFd, KernelError } from '../../src/hooks/kernel/index.js';
import { Rng } from '../gen/random_program.js';

const kernel = kernelAvailable();
const N = Number(process.env.CONDREF_N ?? 300);
const SEED = Number(process.env.CONDREF_SEED ?? 1);
const ALU_N = Number(process.env.CONDREF_ALU_N ?? 300);
const ALU_SEED = Number(process.env.CONDREF_ALU_SEED ?? 1);
const VALUE: VerifierMap = { type: MapType.ARRAY, keySize: 4, valueSize: 64, maxEntries: 1, name: 'v' };
const OPS = [op.BPF_JEQ, op.BPF_JNE, op.BPF_JGT, op.BPF_JGE, op.BPF_JLT, op.BPF_JLE, op.BPF_JSGT, op.BPF_JSGE, op.BPF_JSLT, op.BPF_JSLE];
/** bounds near the edges that matter: the value's size, the sign bits of 32 and 64 bits */
const K = [0, 1, 2, 31, 32, 33, 62, 63, 64, 65, 100, -1, -2, -63, -64, 0x7fffffff, -0x80000000, 0xffff];

/** the offset of a jump that gives up: pointed at the trailing `r0 = 0; exit` once the program is laid out */
const GIVE_UP = 0x7fff;
const exitWith0 = (): Instruction[] => [insn(op.BPF_ALU64 | op.BPF_MOV | op.BPF_K, 0, 0, 0, 0), insn(op.BPF_JMP | op.BPF_EXIT)];

/**
 * One ALU step on a bounded register, of the kinds whose bounds the kernel tracks case by case
 * (adjust_scalar_min_max_vals, the cpu v4 ISA): neg, bswap and to_be/to_le, signed and unsigned
 * division and modulo by a constant or by the other register, movsx and ldsx from 8/16/32 bits,
 * shifts, and 32-bit arithmetic that wraps.
 */
function aluStep(r: Rng, reg: number): Instruction[] {
  const cls = r.chance(0.5) ? op.BPF_ALU : op.BPF_ALU64;
  const other = reg === 6 ? 7 : 6;
  switch (r.int(9)) {
    case 0: return [insn(cls | op.BPF_NEG, reg)];
    case 1: return [insn(cls | op.BPF_END | (r.chance(0.5) ? op.BPF_TO_BE : op.BPF_TO_LE), reg, 0, 0, r.pick(cls === op.BPF_ALU64 ? [16, 32, 64] : [16, 32, 64]))];
    case 2: return [insn(cls | r.pick([op.BPF_DIV, op.BPF_MOD]) | op.BPF_K, reg, 0, r.int(2), r.pick([2, 3, 7, 64, -1, -3, -64, 0x7fffffff]))];
    case 3: return [insn(cls | r.pick([op.BPF_DIV, op.BPF_MOD]) | op.BPF_X, reg, other, r.int(2))];
    case 4: return [insn(cls | op.BPF_MOV | op.BPF_X, reg, reg, r.pick(cls === op.BPF_ALU64 ? [8, 16, 32] : [8, 16]))];
    case 5: return [insn(op.BPF_LDX | op.BPF_MEMSX | r.pick([op.BPF_B, op.BPF_H, op.BPF_W]), reg, 0, reg === 6 ? 0 : 8)];
    case 6: return [insn(cls | r.pick([op.BPF_LSH, op.BPF_RSH, op.BPF_ARSH]) | op.BPF_K, reg, 0, 0, 1 + r.int(cls === op.BPF_ALU ? 31 : 63))];
    case 7: return [insn(cls | r.pick([op.BPF_ADD, op.BPF_SUB, op.BPF_MUL, op.BPF_XOR, op.BPF_OR]) | op.BPF_K, reg, 0, 0, r.pick(K))];
    default: return [insn(cls | r.pick([op.BPF_ADD, op.BPF_SUB, op.BPF_MUL, op.BPF_AND, op.BPF_OR]) | op.BPF_X, reg, other)];
  }
}

/**
 * instructions that bound register `r` (a value loaded from the map), jumping to `out` instructions
 * later to give up; with `alu`, ALU steps (aluStep) between the bounds
 */
function bound(r: Rng, reg: number, alu = false): Instruction[] {
  const k = r.pick(K);
  const cls = r.chance(0.3) ? op.BPF_JMP32 : op.BPF_JMP;
  switch (r.int(alu ? 7 : 5)) {
    case 0: return [insn(op.BPF_ALU64 | op.BPF_AND | op.BPF_K, reg, 0, 0, r.pick([63, 127, 31, 0xff, -64, 0x7fffffff]))];
    case 1: return [insn(cls | r.pick([op.BPF_JGT, op.BPF_JGE, op.BPF_JSGT, op.BPF_JSGE]) | op.BPF_K, reg, 0, GIVE_UP, k)];
    case 2: return [insn(cls | r.pick([op.BPF_JLT, op.BPF_JLE, op.BPF_JSLT, op.BPF_JSLE]) | op.BPF_K, reg, 0, GIVE_UP, k)];
    case 3: return [insn(op.BPF_ALU | op.BPF_MOV | op.BPF_X, reg, reg), ...bound(r, reg, alu)];
    case 5: return [...bound(r, reg, alu), ...aluStep(r, reg)];
    case 6: return [...aluStep(r, reg), ...bound(r, reg, alu)];
    default: return [...bound(r, reg, alu), ...bound(r, reg, alu)];
  }
}

/** `r1 = r0 + rX; r0 = *(u8 *)(r1 + 0)`: rX must lie in [0, 63] */
const index = (reg: number): Instruction[] => [
  insn(op.BPF_ALU64 | op.BPF_MOV | op.BPF_X, 1, 0), insn(op.BPF_ALU64 | op.BPF_ADD | op.BPF_X, 1, reg),
  insn(op.BPF_LDX | op.BPF_MEM | op.BPF_B, 0, 1, 0), insn(op.BPF_JMP | op.BPF_EXIT),
];

/** one program of that shape (with `alu`, ALU steps among the bounds) */
export function condRefineProgram(r: Rng, alu = false): Instruction[] {
  const head: Instruction[] = [
    insn(op.BPF_ST | op.BPF_MEM | op.BPF_W, 10, 0, -4, 0),
    insn(op.BPF_ALU64 | op.BPF_MOV | op.BPF_X, 2, 10), insn(op.BPF_ALU64 | op.BPF_ADD | op.BPF_K, 2, 0, 0, -4),
    insn(LDDW, 1, op.BPF_PSEUDO_MAP_FD, 0, 0, 0), insn(op.BPF_JMP | op.BPF_CALL, 0, 0, 0, 1),
    insn(op.BPF_JMP | op.BPF_JEQ | op.BPF_K, 0, 0, GIVE_UP, 0),
    insn(op.BPF_LDX | op.BPF_MEM | op.BPF_DW, 6, 0, 0), insn(op.BPF_LDX | op.BPF_MEM | op.BPF_DW, 7, 0, 8),
    ...bound(r, 6, alu), ...bound(r, 7, alu),
  ];
  const fall = index(r.pick([6, 7]));
  const taken = index(r.pick([6, 7]));
  const cmp = insn((r.chance(0.4) ? op.BPF_JMP32 : op.BPF_JMP) | r.pick(OPS) | op.BPF_X, r.chance(0.5) ? 6 : 7, 0, fall.length);
  cmp.src = cmp.dst === 6 ? 7 : 6;
  const body = [...head, cmp, ...fall, ...taken];
  const out = body.length; // index of the trailing `r0 = 0`
  // slot positions: the lddw takes two
  const slotOf = (k: number): number => k + (k > 3 ? 1 : 0);
  return [...body.map((i, k) => (i.off === GIVE_UP ? { ...i, off: slotOf(out) - slotOf(k) - 1 } : i)), ...exitWith0()];
}

function kernelAccepts(insns: Instruction[]): { accepted: boolean; why?: string } {
  const fd = mapCreate({ mapType: VALUE.type, keySize: VALUE.keySize, valueSize: VALUE.valueSize, maxEntries: VALUE.maxEntries });
  try {
    const prog = insns.map((i) => (i.code === LDDW ? { ...i, imm: fd } : i));
    closeFd(progLoad({ progType: 'SOCKET_FILTER', insns: encodeInstructions(prog), retryWithLog: true }).fd);
    return { accepted: true };
  } catch (e) {
    if (e instanceof KernelError) return { accepted: false, why: e.message.split('\n')[0] };
    throw e;
  } finally {
    closeFd(fd);
  }
}

function condRefineDiff(name: string, n: number, seed: number, alu: boolean): void {
  test(name, { skip: kernel.ok ? false : `the kernel is unavailable: ${kernel.reason}` }, () => {
    const r = new Rng(seed);
    const differ: string[] = [];
    let accepted = 0;
    for (let i = 0; i < n; i++) {
      const insns = condRefineProgram(r, alu);
      const k = kernelAccepts(insns);
      const t = verify(insns, { progType: 'socket_filter', maps: [VALUE], logLevel: 0 });
      if (k.accepted) accepted++;
      if (k.accepted !== t.accepted) {
        differ.push(`program ${i}: kernel ${k.accepted ? 'accepts' : `refuses (${k.why})`}, tsbpf ${t.accepted ? 'accepts' : `refuses (${t.message})`}\n${verify(insns, { progType: 'socket_filter', maps: [VALUE], logLevel: 2 }).log.split('\n').slice(0, 60).join('\n')}`);
      }
    }
    console.log(`${alu ? 'reg-vs-reg refinement after ALU steps' : 'reg-vs-reg refinement'}: ${n - differ.length}/${n} verdicts agree; the kernel accepts ${accepted}`);
    // both verdicts occur, or the programs test nothing
    assert.ok(accepted > n / 10 && accepted < n - n / 10, `the kernel accepts ${accepted} of ${n}`);
    assert.deepEqual(differ.slice(0, 3), []);
  });
}
condRefineDiff(`two scalars compared with each other: ${N} random programs, tsbpf's verdict is the kernel's`, N, SEED, false);
/**
 * The same programs with neg, bswap, sdiv/smod, movsx/ldsx, shifts and 32-bit arithmetic among the
 * bounds (`CONDREF_ALU_N`, default 300, and `CONDREF_ALU_SEED`).
 */
condRefineDiff(`two scalars compared after ALU steps (cpu v4 included): ${ALU_N} random programs, tsbpf's verdict is the kernel's`, ALU_N, ALU_SEED, true);

/**
 * The range and the known bits with one value in common (__update_reg64_bounds of the 6.18 stable
 * kernels, with tnum_step): the register is that value. `r6 &= 0x40` leaves {0, 64}; after
 * `r6 != 0` or `w6 s>= 2` only 64 is left, and the program reads at `r6 - 64`, which a range
 * [1, 64] would put before the map value. `r6 &= 0xc0` then `r6 < r7` (r7 <= 63) refines r6's
 * range below its smallest non-zero member on the jump side, a path that cannot run: the kernel
 * makes r6 the constant 0 there (before this rule the bounds crossed and the register was marked
 * unbounded, refused at the pointer addition).
 */
const ld = (d: number, off: number): Instruction => insn(op.BPF_LDX | op.BPF_MEM | op.BPF_DW, d, 0, off);
const andK = (d: number, k: number): Instruction => insn(op.BPF_ALU64 | op.BPF_AND | op.BPF_K, d, 0, 0, k);
const lookupHead = (giveUp: number): Instruction[] => [
  insn(op.BPF_ST | op.BPF_MEM | op.BPF_W, 10, 0, -4, 0),
  insn(op.BPF_ALU64 | op.BPF_MOV | op.BPF_X, 2, 10), insn(op.BPF_ALU64 | op.BPF_ADD | op.BPF_K, 2, 0, 0, -4),
  insn(LDDW, 1, op.BPF_PSEUDO_MAP_FD, 0, 0, 0), insn(op.BPF_JMP | op.BPF_CALL, 0, 0, 0, 1),
  insn(op.BPF_JMP | op.BPF_JEQ | op.BPF_K, 0, 0, giveUp, 0),
];
const readAt = (reg: number, off: number): Instruction[] => [
  insn(op.BPF_ALU64 | op.BPF_MOV | op.BPF_X, 1, 0), insn(op.BPF_ALU64 | op.BPF_ADD | op.BPF_X, 1, reg),
  insn(op.BPF_LDX | op.BPF_MEM | op.BPF_B, 0, 1, off), insn(op.BPF_JMP | op.BPF_EXIT),
];
const SINGLE_VALUE: [string, Instruction[]][] = [
  ['r6 &= 0x40; if r6 == 0 goto out; *(u8 *)(r0 + r6 - 64)', [
    ...lookupHead(7), ld(6, 0), andK(6, 0x40), insn(op.BPF_JMP | op.BPF_JEQ | op.BPF_K, 6, 0, 4, 0), ...readAt(6, -64), ...exitWith0()]],
  ['r6 &= 0x40; if w6 s< 2 goto out; *(u8 *)(r0 + r6 - 64)', [
    ...lookupHead(7), ld(6, 0), andK(6, 0x40), insn(op.BPF_JMP32 | op.BPF_JSLT | op.BPF_K, 6, 0, 4, 2), ...readAt(6, -64), ...exitWith0()]],
  ['r6 &= 0xc0; r7 &= 63; if r6 == 0 goto out; if r6 < r7 goto L (r6 is 0 there); *(u8 *)(r0 + r6)', [
    ...lookupHead(14), ld(6, 0), ld(7, 8), andK(6, 0xc0), andK(7, 63), insn(op.BPF_JMP | op.BPF_JEQ | op.BPF_K, 6, 0, 9, 0),
    insn(op.BPF_JMP | op.BPF_JLT | op.BPF_X, 6, 7, 4), ...readAt(7, 0), ...readAt(6, 0), ...exitWith0()]],
];
for (const [name, insns] of SINGLE_VALUE) {
  test(`one value common to the range and the known bits: ${name}`, () => {
    const t = verify(insns, { progType: 'socket_filter', maps: [VALUE], logLevel: 0 });
    assert.ok(t.accepted, t.message);
    if (!kernel.ok) return;
    const k = kernelAccepts(insns);
    assert.equal(k.accepted, t.accepted, `kernel: ${k.why}`);
  });
}

/**
 * __reg_deduce_mixed_bounds' sign-extension case (kernel/bpf/verifier.c): a 64-bit range within
 * [S32_MIN, S32_MAX] whose s32 range is non-negative takes the s32 range — assigned, so 64-bit
 * bounds tighter than the 32-bit ones are lost. After `r7 s<= 5` (smin unbounded, s32 unknown) and
 * `r7 u<= 100` the kernel has r7 in [0, 100] and refuses `map_value(64 bytes) + r7`; with
 * `r7 s>= -1000` first, __reg32_deduce_bounds learns s32 [-1000, 5] from the consecutive upper
 * halves of [-1000, 5], and [0, 5] stays. tsbpf kept [0, 5] in both (an unsafe accept, found by
 * CONDREF_SEED=4242).
 */
const MIXED: [string, Instruction[], boolean][] = [
  ['if r7 s> 5 goto out; if r7 > 100 goto out; *(u8 *)(r0 + r7)', [
    ...lookupHead(7), ld(7, 8), insn(op.BPF_JMP | op.BPF_JSGT | op.BPF_K, 7, 0, 5, 5), insn(op.BPF_JMP | op.BPF_JGT | op.BPF_K, 7, 0, 4, 100),
    ...readAt(7, 0), ...exitWith0()], false],
  ['if r7 s< -1000 goto out; if r7 s> 5 goto out; if r7 > 100 goto out; *(u8 *)(r0 + r7)', [
    ...lookupHead(8), ld(7, 8), insn(op.BPF_JMP | op.BPF_JSLT | op.BPF_K, 7, 0, 6, -1000), insn(op.BPF_JMP | op.BPF_JSGT | op.BPF_K, 7, 0, 5, 5),
    insn(op.BPF_JMP | op.BPF_JGT | op.BPF_K, 7, 0, 4, 100), ...readAt(7, 0), ...exitWith0()], true],
];
for (const [name, insns, accepted] of MIXED) {
  test(`a 64-bit range inside s32 takes the s32 range: ${name}`, () => {
    const t = verify(insns, { progType: 'socket_filter', maps: [VALUE], logLevel: 0 });
    if (kernel.ok) {
      const k = kernelAccepts(insns);
      assert.equal(t.accepted, k.accepted, `kernel: ${k.why ?? 'accepts'}; tsbpf: ${t.message ?? 'accepts'}`);
    }
    assert.equal(t.accepted, accepted, t.message);
  });
}

/**
 * coerce_reg_to_size to 4 bytes keeps the 32-bit bounds (only a narrower size resets them): after
 * `if w6 s>= 1 goto out`, `r6 = le32 r6` still has w6 s<= 0, so `w7 s< w6` with w7 in [0, 33] is
 * never true and the unbounded `r0 + r6` after it is dead. tsbpf reset them and refused (found by
 * the ALU steps, CONDREF_ALU_SEED=1 program 735).
 */
test('a 4-byte truncation (le32) keeps the s32 bounds: w7 s< w6 is decided', () => {
  const insns = [
    ...lookupHead(15), ld(6, 0), ld(7, 8), insn(op.BPF_ALU | op.BPF_MOV | op.BPF_X, 6, 6), insn(op.BPF_JMP32 | op.BPF_JSGE | op.BPF_K, 6, 0, 11, 1),
    insn(op.BPF_ALU | op.BPF_END | op.BPF_TO_LE, 6, 0, 0, 32), andK(7, 31), insn(op.BPF_JMP32 | op.BPF_JSLT | op.BPF_X, 7, 6, 4), ...readAt(7, 0), ...readAt(6, 0), ...exitWith0(),
  ];
  const t = verify(insns, { progType: 'socket_filter', maps: [VALUE], logLevel: 0 });
  if (kernel.ok) {
    const k = kernelAccepts(insns);
    assert.equal(t.accepted, k.accepted, `kernel: ${k.why ?? 'accepts'}; tsbpf: ${t.message ?? 'accepts'}`);
  }
  assert.ok(t.accepted, t.message);
});
