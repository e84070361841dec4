/**
 * Per-instruction costs: for each instruction kind, a loop whose body is 16 copies of it (plus a
 * decrement and a backward jump), run on every engine; ns per executed instruction. This is the
 * table that says which opcodes and paths of an engine cost most. Registered with registerBench
 * (the example of a module that extends `npm run bench`).
 */
import { insn, type Instruction } from '../src/isa/instruction.js';
import * as op from '../src/isa/opcodes.js';
import { registerBench, registeredEngines, type BenchProgram } from './registry.js';
import { registerBuiltinEngines } from './engines.js';
import { benchPacket, measure } from './run.js';

const ITER = 1000;
const COPIES = 16;

const A64 = (o: number, src: number) => insn(op.BPF_ALU64 | o | op.BPF_X, 3, src);
const A32 = (o: number, src: number) => insn(op.BPF_ALU | o | op.BPF_X, 3, src);

/** instruction kinds measured: name, the instruction repeated */
const KINDS: [string, Instruction][] = [
  ['mov64 r3 = r4', A64(op.BPF_MOV, 4)],
  ['add64 r3 += r4', A64(op.BPF_ADD, 4)],
  ['add32 w3 += w4', A32(op.BPF_ADD, 4)],
  ['add64 r3 += imm', insn(op.BPF_ALU64 | op.BPF_ADD | op.BPF_K, 3, 0, 0, 7)],
  ['xor64 r3 ^= r4', A64(op.BPF_XOR, 4)],
  ['mul64 r3 *= r4', A64(op.BPF_MUL, 4)],
  ['mul32 w3 *= w4', A32(op.BPF_MUL, 4)],
  ['div64 r3 /= r5', A64(op.BPF_DIV, 5)],
  ['mod64 r3 %= r5', A64(op.BPF_MOD, 5)],
  ['sdiv64 r3 s/= r5', { ...A64(op.BPF_DIV, 5), off: 1 }],
  ['lsh64 r3 <<= 3', insn(op.BPF_ALU64 | op.BPF_LSH | op.BPF_K, 3, 0, 0, 3)],
  ['rsh64 r3 >>= r6', A64(op.BPF_RSH, 6)],
  ['arsh64 r3 s>>= 3', insn(op.BPF_ALU64 | op.BPF_ARSH | op.BPF_K, 3, 0, 0, 3)],
  ['bswap64 r3', insn(op.BPF_ALU64 | op.BPF_END, 3, 0, 0, 64)],
  ['lddw r3 = imm64', insn(op.BPF_LD | op.BPF_IMM | op.BPF_DW, 3, 0, 0, 0x12345678, 0x9abcdef)],
  ['ldxdw r3 = *(u64 *)(r10 - 8)', insn(op.BPF_LDX | op.BPF_MEM | op.BPF_DW, 3, 10, -8)],
  ['ldxw w3 = *(u32 *)(r10 - 8)', insn(op.BPF_LDX | op.BPF_MEM | op.BPF_W, 3, 10, -8)],
  ['ldxb w3 = *(u8 *)(r10 - 8)', insn(op.BPF_LDX | op.BPF_MEM | op.BPF_B, 3, 10, -8)],
  ['stxdw *(u64 *)(r10 - 8) = r4', insn(op.BPF_STX | op.BPF_MEM | op.BPF_DW, 10, 4, -8)],
  ['stxw *(u32 *)(r10 - 8) = w4', insn(op.BPF_STX | op.BPF_MEM | op.BPF_W, 10, 4, -8)],
  ['lock *(u64 *)(r10 - 8) += r4', insn(op.BPF_STX | op.BPF_ATOMIC | op.BPF_DW, 10, 4, -8, op.BPF_ADD)],
  ['if r4 == r5 goto +0 (not taken)', insn(op.BPF_JMP | op.BPF_JEQ | op.BPF_X, 4, 5, 0)],
  ['if r4 > 7 goto +0', insn(op.BPF_JMP | op.BPF_JGT | op.BPF_K, 4, 0, 0, 7)],
  ['if w4 s< w5 goto +0', insn(op.BPF_JMP32 | op.BPF_JSLT | op.BPF_X, 4, 5, 0)],
  ['goto +0', insn(op.BPF_JMP | op.BPF_JA, 0, 0, 0)],
];

/** r2 = ITER; r3..r6 = constants; *(u64 *)(r10 - 8) = r4; loop: COPIES x k; r2 -= 1; if r2 != 0 goto loop; r0 = w3; exit */
function loopProgram(k: Instruction): Instruction[] {
  const body: Instruction[] = [];
  for (let i = 0; i < COPIES; i++) body.push(k);
  const bodySlots = COPIES * (k.code === (op.BPF_LD | op.BPF_IMM | op.BPF_DW) ? 2 : 1);
  return [
    insn(op.BPF_ALU64 | op.BPF_MOV | op.BPF_K, 2, 0, 0, ITER),
    insn(op.BPF_ALU64 | op.BPF_MOV | op.BPF_K, 3, 0, 0, 0x1234567),
    insn(op.BPF_ALU64 | op.BPF_MOV | op.BPF_K, 4, 0, 0, 0x3b),
    insn(op.BPF_ALU64 | op.BPF_MOV | op.BPF_K, 5, 0, 0, 3),
    insn(op.BPF_ALU64 | op.BPF_MOV | op.BPF_K, 6, 0, 0, 5),
    insn(op.BPF_STX | op.BPF_MEM | op.BPF_DW, 10, 4, -8),
    ...body,
    insn(op.BPF_ALU64 | op.BPF_SUB | op.BPF_K, 2, 0, 0, 1),
    insn(op.BPF_JMP | op.BPF_JNE | op.BPF_K, 2, 0, -(bodySlots + 2), 0),
    insn(op.BPF_ALU | op.BPF_MOV | op.BPF_X, 0, 3),
    insn(op.BPF_JMP | op.BPF_EXIT),
  ];
}

registerBench({
  name: 'opcodes',
  run({ quick }) {
    registerBuiltinEngines();
    const engines = registeredEngines().filter((e) => ['interpreter', 'jit', 'kernel'].includes(e.name) && e.available() === true);
    const rows: (string | number)[][] = [];
    for (const [name, k] of KINDS) {
      const prog: BenchProgram = { name: name.split(' ')[0]!, description: name, insns: loopProgram(k), data: benchPacket() };
      const row: (string | number)[] = [name];
      const per: Record<string, number> = {};
      let insns = 0;
      for (const e of engines) {
        // long enough to outlast the deoptimisation a never-seen opcode causes in an interpreter loop
        const m = measure(e, prog, quick ? 30 : 200);
        if (m.insnsPerRun) insns = m.insnsPerRun;
        per[e.name] = m.nsPerRun;
      }
      for (const e of engines) row.push(insns ? (per[e.name]! / insns).toFixed(e.name === 'kernel' ? 3 : 2) : '-');
      if (per.kernel && per.interpreter) row.push(`${(per.interpreter / per.kernel).toFixed(0)}x`);
      rows.push(row);
    }
    const columns = ['instruction (16 per loop iteration)', ...engines.map((e) => `${e.name} ns/insn`)];
    if (engines.some((e) => e.name === 'kernel') && engines.some((e) => e.name === 'interpreter')) columns.push('interpreter/kernel');
    return {
      title: `Per-instruction cost (a loop of ${ITER} iterations, ${COPIES} copies of the instruction + sub + jne each)`,
      columns,
      rows,
      notes: ['  ns per executed instruction, loop overhead included (2 of every 18 instructions)'],
    };
  },
});
