/**
 * The JIT on verified programs (`jit-verified`): programs tsbpf's verifier accepts run without
 * region checks and without instruction counting (the verifier proved both), the way a kernel
 * runs what its verifier accepted. Programs it rejects fall back to the checked JIT.
 */
import { verify } from '../src/verifier/index.js';
import { compile } from '../src/vm/jit/runtime.js';
import { progTypeOf, testRun } from '../src/vm/test_run.js';
import { defaultHelpers } from '../src/helpers/impl/index.js';
import { registerBench, registerEngine, type BenchProgram, type BenchTable, type PreparedRun } from './registry.js';
import type { Instruction } from '../src/isa/instruction.js';
import { validateInstructions } from '../src/isa/validate.js';
import { buildBlocks } from '../src/vm/jit/cfg.js';
import { generateModule, writesR10 } from '../src/vm/jit/codegen.js';

registerEngine({
  name: 'jit-verified',
  available: () => true,
  prepare(prog: BenchProgram): PreparedRun {
    const accepted = verify(prog.insns, { progType: 'xdp', logLevel: 0 }).accepted;
    const engine = compile(prog.insns, accepted ? { helpers: defaultHelpers(), verified: true, countInstructions: false } : { helpers: defaultHelpers(), budget: 1e9 });
    const xdp = progTypeOf('xdp');
    return {
      run(n) {
        const r = testRun(engine, xdp, { dataIn: prog.data, repeat: n });
        return { retval: r.retval, ...(accepted ? {} : { insns: r.insns }) };
      },
    };
  },
});

/**
 * Compile cost (issue 6: "well under a millisecond per thousand instructions"): generated programs
 * of several shapes and sizes; code generation (CFG, structuring, encoding) and V8's
 * `new WebAssembly.Module` timed apart, best of a few runs each, in µs per 1000 instructions.
 */
const ins = (code: number, dst: number, src: number, off: number, imm: number): Instruction => ({ code, dst, src, off, imm, imm2: 0 });
const EXIT = [ins(0xb7, 0, 0, 0, 0), ins(0x95, 0, 0, 0, 0)];
const SHAPES: Record<string, (n: number) => Instruction[]> = {
  /** ALU only, one basic block */
  straight: (n) => [...Array.from({ length: n - 2 }, (_, i) => ins(0x07, i % 5, 0, 0, i)), ...EXIT],
  /** a conditional jump every other instruction (a merge node each) */
  branchy: (n) => {
    const a = [ins(0xb7, 0, 0, 0, 0)];
    while (a.length < n - 1) a.push(ins(0x15, 1, 0, 1, a.length), ins(0x07, 0, 0, 0, 1));
    return [...a, ins(0x95, 0, 0, 0, 0)];
  },
  /** stack loads and stores through r10 */
  stack: (n) => [...Array.from({ length: n - 2 }, (_, i) => (i % 2 ? ins(0x7b, 10, 1, -8 * (1 + (i % 60)), 0) : ins(0x79, 2, 10, -8 * (1 + (i % 60)), 0))), ...EXIT],
  /** main calls n/5 subprograms of 4 instructions each */
  subprogs: (n) => {
    const f = Math.floor(n / 5);
    const a: Instruction[] = [];
    for (let i = 0; i < f; i++) a.push(ins(0x85, 0, 1, 0, f + 2 + 4 * i - (i + 1)));
    a.push(...EXIT);
    for (let i = 0; i < f; i++) a.push(ins(0xb7, 0, 0, 0, i), ins(0x07, 0, 0, 0, 1), ins(0x07, 0, 0, 0, 2), ins(0x95, 0, 0, 0, 0));
    return a;
  },
};

registerBench({
  name: 'jit-compile',
  run({ quick }): BenchTable {
    const sizes = quick ? [1000, 10000] : [1000, 10000, 50000];
    const reps = quick ? 3 : 5;
    const rows: (string | number)[][] = [];
    // warm the code generator first (a process's first compiles run it unoptimised: reported apart)
    let coldMs = 0;
    for (const [k, gen] of Object.values(SHAPES).entries()) {
      for (let r = 0; r < 3; r++) {
        for (const checked of [true, false]) {
          const t0 = performance.now();
          const prog = buildBlocks(gen(300));
          new WebAssembly.Module(generateModule(prog, { checked, budget: checked, trustR10: !writesR10(prog) }));
          if (k === 0 && r === 0 && checked) coldMs = performance.now() - t0;
        }
      }
    }
    for (const [shape, gen] of Object.entries(SHAPES)) {
      for (const n of sizes) {
        const insns = gen(n);
        validateInstructions(insns);
        for (const checked of [true, false]) {
          let gen = Infinity;
          let v8 = Infinity;
          let bytes = 0;
          for (let r = 0; r < reps; r++) {
            const t0 = performance.now();
            const prog = buildBlocks(insns);
            const wasm = generateModule(prog, { checked, budget: checked, trustR10: !writesR10(prog) });
            const t1 = performance.now();
            new WebAssembly.Module(wasm);
            const t2 = performance.now();
            gen = Math.min(gen, t1 - t0);
            v8 = Math.min(v8, t2 - t1);
            bytes = wasm.length;
          }
          const per = (ms: number): string => ((ms * 1000 * 1000) / insns.length).toFixed(0);
          rows.push([shape, insns.length, checked ? 'checked' : 'verified', per(gen), per(v8), per(gen + v8), bytes]);
        }
      }
    }
    return {
      title: 'JIT compile cost (µs per 1000 instructions, best of ' + reps + ')',
      columns: ['shape', 'insns', 'mode', 'codegen', 'V8 Module', 'total', 'wasm bytes'],
      rows,
      notes: [
        'codegen = CFG + structuring + encoding; V8 Module = new WebAssembly.Module (V8 compiles function bodies lazily, on first call)',
        `after a warm-up; the process's very first compile (300 straight-line instructions, code generator unoptimised) took ${coldMs.toFixed(1)} ms`,
      ],
    };
  },
});
