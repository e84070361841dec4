/**
 * Instruction generators for the assembler/disassembler tests: one instance of every opcode
 * form of RFC 9669 (and every lddw pseudo source), and a fast-check arbitrary of random
 * instructions that the kernel's structural checks accept.
 */
import fc from 'fast-check';
import { type Instruction, insn, LDDW } from '../../src/isa/instruction.js';
import * as op from '../../src/isa/opcodes.js';
import { checkInstruction } from '../../src/isa/validate.js';

const ALU_OPS = [op.BPF_ADD, op.BPF_SUB, op.BPF_MUL, op.BPF_DIV, op.BPF_OR, op.BPF_AND, op.BPF_LSH, op.BPF_RSH, op.BPF_MOD, op.BPF_XOR, op.BPF_MOV, op.BPF_ARSH];
const JMP_OPS = [op.BPF_JEQ, op.BPF_JGT, op.BPF_JGE, op.BPF_JSET, op.BPF_JNE, op.BPF_JSGT, op.BPF_JSGE, op.BPF_JLT, op.BPF_JLE, op.BPF_JSLT, op.BPF_JSLE];
const SIZES = [op.BPF_B, op.BPF_H, op.BPF_W, op.BPF_DW];
export const ATOMIC_OPS = [
  op.BPF_ADD, op.BPF_OR, op.BPF_AND, op.BPF_XOR,
  op.BPF_ADD | op.BPF_FETCH, op.BPF_OR | op.BPF_FETCH, op.BPF_AND | op.BPF_FETCH, op.BPF_XOR | op.BPF_FETCH,
  op.BPF_XCHG, op.BPF_CMPXCHG,
];

/** one or more instances of every instruction form */
export function allForms(): Instruction[] {
  const out: Instruction[] = [];
  for (const cls of [op.BPF_ALU, op.BPF_ALU64]) {
    for (const o of ALU_OPS) {
      out.push(insn(cls | o | op.BPF_K, 3, 0, 0, -7));
      out.push(insn(cls | o | op.BPF_K, 3, 0, 0, 0x7fffffff));
      out.push(insn(cls | o | op.BPF_X, 4, 9));
    }
    for (const o of [op.BPF_DIV, op.BPF_MOD]) {
      out.push(insn(cls | o | op.BPF_K, 1, 0, 1, -5));
      out.push(insn(cls | o | op.BPF_X, 1, 2, 1));
    }
    out.push(insn(cls | op.BPF_NEG, 6));
    for (const sx of cls === op.BPF_ALU64 ? [8, 16, 32] : [8, 16]) out.push(insn(cls | op.BPF_MOV | op.BPF_X, 1, 2, sx));
    for (const bits of [16, 32, 64]) out.push(insn(cls | op.BPF_END | (cls === op.BPF_ALU ? op.BPF_TO_BE : 0), 5, 0, 0, bits));
  }
  for (const bits of [16, 32, 64]) out.push(insn(op.BPF_ALU | op.BPF_END | op.BPF_TO_LE, 5, 0, 0, bits));
  for (const sz of SIZES) {
    out.push(insn(op.BPF_LDX | op.BPF_MEM | sz, 0, 1, 4));
    out.push(insn(op.BPF_LDX | op.BPF_MEM | sz, 2, 10, -8));
    out.push(insn(op.BPF_ST | op.BPF_MEM | sz, 10, 0, -16, -3));
    out.push(insn(op.BPF_STX | op.BPF_MEM | sz, 10, 7, -32768));
    if (sz !== op.BPF_DW) {
      out.push(insn(op.BPF_LDX | op.BPF_MEMSX | sz, 3, 1, 32767));
      out.push(insn(op.BPF_LD | op.BPF_ABS | sz, 0, 0, 0, 12));
      out.push(insn(op.BPF_LD | op.BPF_IND | sz, 0, 3, 0, 0));
      out.push(insn(op.BPF_LD | op.BPF_IND | sz, 0, 3, 0, -14));
    }
  }
  for (const sz of [op.BPF_W, op.BPF_DW]) for (const a of ATOMIC_OPS) out.push(insn(op.BPF_STX | op.BPF_ATOMIC | sz, 1, 2, -8, a));
  out.push(insn(LDDW, 1, 0, 0, 0x9abcdef0 | 0, 0x12345678));
  out.push(insn(LDDW, 1, 0, 0, -1, -1));
  out.push(insn(LDDW, 2, op.BPF_PSEUDO_MAP_FD, 0, 5));
  out.push(insn(LDDW, 2, op.BPF_PSEUDO_MAP_VALUE, 0, 5, 16));
  out.push(insn(LDDW, 3, op.BPF_PSEUDO_BTF_ID, 0, 1234));
  out.push(insn(LDDW, 3, op.BPF_PSEUDO_BTF_ID, 0, 1234, 7));
  out.push(insn(LDDW, 4, op.BPF_PSEUDO_FUNC, 0, 6));
  out.push(insn(LDDW, 4, op.BPF_PSEUDO_FUNC, 0, -6));
  out.push(insn(LDDW, 5, op.BPF_PSEUDO_MAP_IDX, 0, 2));
  out.push(insn(LDDW, 6, op.BPF_PSEUDO_MAP_IDX_VALUE, 0, 2, 8));
  for (const cls of [op.BPF_JMP, op.BPF_JMP32]) {
    for (const o of JMP_OPS) {
      out.push(insn(cls | o | op.BPF_K, 1, 0, 3, 0x10));
      out.push(insn(cls | o | op.BPF_K, 1, 0, -3, -5));
      out.push(insn(cls | o | op.BPF_X, 1, 2, 0));
    }
  }
  out.push(insn(op.BPF_JMP | op.BPF_JA, 0, 0, 3));
  out.push(insn(op.BPF_JMP | op.BPF_JA, 0, 0, -1));
  out.push(insn(op.BPF_JMP32 | op.BPF_JA, 0, 0, 0, 100000));
  out.push(insn(op.BPF_JMP32 | op.BPF_JA, 0, 0, 0, -5));
  out.push(insn(op.BPF_JMP | op.BPF_CALL, 0, 0, 0, 1));
  out.push(insn(op.BPF_JMP | op.BPF_CALL, 0, 0, 0, 0));
  out.push(insn(op.BPF_JMP | op.BPF_CALL, 0, 0, 0, 5000));
  out.push(insn(op.BPF_JMP | op.BPF_CALL, 0, op.BPF_PSEUDO_CALL, 0, 3));
  out.push(insn(op.BPF_JMP | op.BPF_CALL, 0, op.BPF_PSEUDO_CALL, 0, -1));
  out.push(insn(op.BPF_JMP | op.BPF_CALL, 0, op.BPF_PSEUDO_KFUNC_CALL, 0, 77));
  out.push(insn(op.BPF_JMP | op.BPF_CALL | op.BPF_X, 4));
  out.push(insn(op.BPF_JMP | op.BPF_EXIT));
  for (const i of out) {
    const why = checkInstruction(i);
    if (why) throw new Error(`generator made an invalid instruction ${JSON.stringify(i)}: ${why}`);
  }
  return out;
}

/** every valid opcode byte */
export const VALID_CODES = [...new Set(allForms().map((i) => i.code))];

const int32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
const int16 = fc.integer({ min: -32768, max: 32767 });

/** random instructions that pass checkInstruction */
export const validInstruction: fc.Arbitrary<Instruction> = fc
  .record({
    code: fc.constantFrom(...VALID_CODES),
    dst: fc.integer({ min: 0, max: 10 }),
    src: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 10 })),
    off: fc.oneof(fc.constant(0), fc.constantFrom(1, 8, 16, 32), int16),
    imm: fc.oneof(fc.constant(0), fc.constantFrom(16, 32, 64), fc.constantFrom(...ATOMIC_OPS), int32),
    imm2: fc.oneof(fc.constant(0), int32),
  })
  .map((r) => ({ ...r, imm2: r.code === LDDW ? r.imm2 : 0, src: r.code === LDDW ? r.src % 7 : r.src }))
  .filter((i) => checkInstruction(i) === null);
