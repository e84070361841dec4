/**
 * What a helper call costs an engine: loops of ITER iterations whose body is one call of a helper
 * that needs no map (bpf_get_smp_processor_id, bpf_ktime_get_ns, bpf_get_prandom_u32), against
 * the same loop with an add in its place (`plain`) and with a 64-bit division by zero (`div0`, an
 * instruction the interpreter leaves its hot loop for without calling a helper: interp_loop.ts).
 * ns per iteration on every engine, and the call's cost over `plain`. The map helpers' loops are
 * bench/jit_maps.bench.ts's.
 */
import { insn, type Instruction } from '../src/isa/instruction.js';
import * as op from '../src/isa/opcodes.js';
import { registerBench, registeredEngines, type BenchProgram } from './registry.js';
import { registerBuiltinEngines } from './engines.js';
import { benchPacket, measure } from './run.js';

const ITER = 200;

const call = (id: number): Instruction => insn(op.BPF_JMP | op.BPF_CALL, 0, 0, 0, id);

/** loop bodies: name, the one instruction of each iteration */
export const HELPER_LOOP_BODIES: readonly [string, Instruction][] = [
  ['plain (r0 += 1)', insn(op.BPF_ALU64 | op.BPF_ADD | op.BPF_K, 0, 0, 0, 1)],
  ['div0 (r0 /= r7, r7 = 0)', insn(op.BPF_ALU64 | op.BPF_DIV | op.BPF_X, 0, 7)],
  ['bpf_get_smp_processor_id', call(8)],
  ['bpf_ktime_get_ns', call(5)],
  ['bpf_get_prandom_u32', call(7)],
];

/** r0 = 0; r7 = 0; r6 = ITER; loop: BODY; r6 -= 1; if r6 != 0 goto loop; r0 = XDP_PASS; exit */
export function helperLoop(body: Instruction, iter = ITER): Instruction[] {
  return [
    insn(op.BPF_ALU64 | op.BPF_MOV | op.BPF_K, 0, 0, 0, 0),
    insn(op.BPF_ALU64 | op.BPF_MOV | op.BPF_K, 7, 0, 0, 0),
    insn(op.BPF_ALU64 | op.BPF_MOV | op.BPF_K, 6, 0, 0, iter),
    body,
    insn(op.BPF_ALU64 | op.BPF_SUB | op.BPF_K, 6, 0, 0, 1),
    insn(op.BPF_JMP | op.BPF_JNE | op.BPF_K, 6, 0, -3, 0),
    insn(op.BPF_ALU64 | op.BPF_MOV | op.BPF_K, 0, 0, 0, 2),
    insn(op.BPF_JMP | op.BPF_EXIT),
  ];
}

registerBench({
  name: 'helper-calls',
  run({ quick }) {
    registerBuiltinEngines();
    const engines = registeredEngines().filter((e) => ['interpreter', 'jit', 'kernel'].includes(e.name) && e.available() === true);
    const per: Record<string, number>[] = [];
    for (const [name, body] of HELPER_LOOP_BODIES) {
      const prog: BenchProgram = { name: name.split(' ')[0]!, description: name, insns: helperLoop(body), data: benchPacket() };
      const ns: Record<string, number> = {};
      for (const e of engines) ns[e.name] = measure(e, prog, quick ? 30 : 200).nsPerRun / ITER;
      per.push(ns);
    }
    const rows = HELPER_LOOP_BODIES.map(([name], k) => [
      name,
      ...engines.map((e) => per[k]![e.name]!.toFixed(e.name === 'kernel' ? 2 : 1)),
      ...engines.map((e) => (k === 0 ? '-' : (per[k]![e.name]! - per[0]![e.name]!).toFixed(e.name === 'kernel' ? 2 : 1))),
    ]);
    return {
      title: `Helper calls (a loop of ${ITER} iterations: the body, r6 -= 1, if r6 != 0 goto; ns per iteration)`,
      columns: ['body', ...engines.map((e) => `${e.name} ns/iter`), ...engines.map((e) => `${e.name} - plain`)],
      rows,
      notes: ['  tsbpf engines: CPU time of this process, best of 3; kernel: BPF_PROG_TEST_RUN duration. "- plain": the body\'s cost over an add'],
    };
  },
});
