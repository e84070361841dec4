/**
 * JIT compile cost and per-run overhead (issue 6: "compilation is cheap enough to be invisible (well
 * under a millisecond per thousand instructions) ... and a run's fixed overhead is tiny").
 *
 * Compile cost: generated programs of several shapes, each phase timed apart in CPU time of this
 * process (all threads: V8 compiles on helper threads too), median of several repetitions:
 * - codegen: tsbpf's CFG, structuring and encoding (buildBlocks + generateModule);
 * - V8 Module: `new WebAssembly.Module` (decoding and validation; V8 compiles function bodies lazily);
 * - first run: `compile()` from an empty module cache plus the first `run()`, i.e. everything a user
 *   waits for (codegen, Module, instantiation, Liftoff's lazy compile of the functions called).
 *
 * Run overhead: ns per run of `r0 = 0; exit` through `run()` and through `testRun` with `repeat`.
 *
 * Also runnable alone: `node dist/bench/jit_compile.bench.js [--quick] [--shapes a,b] [--sizes n,m]`.
 */
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import type { Instruction } from '../src/isa/instruction.js';
import { validateInstructions } from '../src/isa/validate.js';
import { buildBlocks } from '../src/vm/jit/cfg.js';
import { generateModuleView, writesR10 } from '../src/vm/jit/codegen.js';
import { clearModuleCache, compile } from '../src/vm/jit/runtime.js';
import { progTypeOf, testRun } from '../src/vm/test_run.js';
import { HelperRegistry } from '../src/helpers/api.js';
import { AddressSpace } from '../src/vm/address_space.js';
import { closeFd, kernelAvailable, progLoad, progTestRun } from '../src/hooks/kernel/index.js';
import { encodeInstructions } from '../src/isa/instruction.js';
import { registerBench, type BenchTable } from './registry.js';

const ins = (code: number, dst: number, src: number, off: number, imm: number): Instruction => ({ code, dst, src, off, imm, imm2: 0 });
const EXIT = [ins(0xb7, 0, 0, 0, 0), ins(0x95, 0, 0, 0, 0)];

/** program generators by shape: n is the approximate instruction count */
export const SHAPES: Record<string, (n: number) => Instruction[]> = {
  /** ALU only, one basic block */
  straight: (n) => [...Array.from({ length: n - 2 }, (_, i) => ins(0x07, i % 5, 0, 0, i)), ...EXIT],
  /** a conditional jump every other instruction (a merge node each) */
  branchy: (n) => {
    const a = [ins(0xb7, 0, 0, 0, 0)];
    while (a.length < n - 1) a.push(ins(0x15, 1, 0, 1, a.length), ins(0x07, 0, 0, 0, 1));
    return [...a, ins(0x95, 0, 0, 0, 0)];
  },
  /** if/else diamonds: a jump over a jump (an if with an else arm), then a merge */
  diamonds: (n) => {
    const a = [ins(0xb7, 0, 0, 0, 0)];
    while (a.length < n - 6) a.push(ins(0x55, 1, 0, 2, a.length), ins(0x07, 0, 0, 0, 1), ins(0x05, 0, 0, 1, 0), ins(0x07, 0, 0, 0, 2), ins(0xbf, 2, 0, 0, 0));
    return [...a, ...EXIT];
  },
  /** small counted loops, one after another (a loop header and a back edge each) */
  loops: (n) => {
    const a: Instruction[] = [];
    while (a.length < n - 6) a.push(ins(0xb7, 3, 0, 0, 3), ins(0x07, 0, 0, 0, 1), ins(0x17, 3, 0, 0, 1), ins(0x55, 3, 0, -3, 0));
    return [...a, ...EXIT];
  },
  /** stack loads and stores through r10 */
  stack: (n) => [...Array.from({ length: n - 2 }, (_, i) => (i % 2 ? ins(0x7b, 10, 1, -8 * (1 + (i % 60)), 0) : ins(0x79, 2, 10, -8 * (1 + (i % 60)), 0))), ...EXIT],
  /** loads and stores through a copy of r10 (region-checked when unverified) */
  memory: (n) => [ins(0xbf, 6, 10, 0, 0), ...Array.from({ length: n - 3 }, (_, i) => (i % 2 ? ins(0x7b, 6, 1, -8 * (1 + (i % 60)), 0) : ins(0x79, 2, 6, -8 * (1 + (i % 60)), 0))), ...EXIT],
  /** a helper call every fourth instruction */
  helpers: (n) => {
    const a: Instruction[] = [];
    while (a.length < n - 6) a.push(ins(0xb7, 1, 0, 0, a.length), ins(0xbf, 2, 0, 0, 0), ins(0x85, 0, 0, 0, 5), ins(0x0f, 6, 0, 0, 0));
    return [...a, ...EXIT];
  },
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

/**
 * CPU time of this thread in ms: clock_gettime(CLOCK_THREAD_CPUTIME_ID) through koffi where it
 * loads (V8's compiles of our modules run on this thread; its concurrent GC and JS-tiering threads,
 * whose work no user waits for, would make process-wide CPU time jump by milliseconds), else the
 * process's CPU time.
 */
let clockKind = 'thread CPU time';
const cpuMs: () => number = (() => {
  try {
    const koffi = createRequire(import.meta.url)('koffi') as { load(p: string): { func(sig: string): (clk: number, ts: BigInt64Array) => number } };
    const clockGettime = koffi.load('libc.so.6').func('int clock_gettime(int clk, _Out_ void *ts)');
    const ts = new BigInt64Array(2);
    const CLOCK_THREAD_CPUTIME_ID = 3;
    if (clockGettime(CLOCK_THREAD_CPUTIME_ID, ts) !== 0) throw new Error('clock_gettime failed');
    return () => {
      clockGettime(CLOCK_THREAD_CPUTIME_ID, ts);
      return Number(ts[0]) * 1e3 + Number(ts[1]) / 1e6;
    };
  } catch {
    clockKind = 'process CPU time (koffi not loaded)';
    return () => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1000;
    };
  }
})();

/** a full GC between samples when node runs with --expose-gc, so that no sample pays for another's garbage */
const gc = (globalThis as { gc?: () => void }).gc;
function collect(): void {
  gc?.();
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function benchHelpers(): HelperRegistry {
  return new HelperRegistry().register(5, 'ret_r1', (h) => h.ret(h.argLo(1)));
}

export interface CompileRow {
  shape: string;
  insns: number;
  mode: 'checked' | 'verified';
  codegen: number;
  module: number;
  firstRun: number;
  bytes: number;
}

/** CPU-time medians in ms for one program and mode */
export function measureCompile(insns: Instruction[], checked: boolean, reps: number): { codegen: number; module: number; firstRun: number; bytes: number } {
  validateInstructions(insns);
  const gen: number[] = [];
  const v8: number[] = [];
  const first: number[] = [];
  let bytes = 0;
  // one address space for every run (a command makes one): its WebAssembly.Memory is not compile cost
  const as = new AddressSpace();
  for (let r = 0; r < reps; r++) {
    collect();
    const t0 = cpuMs();
    const prog = buildBlocks(insns);
    const wasm = generateModuleView(prog, { checked, budget: checked, trustR10: !writesR10(prog) });
    const t1 = cpuMs();
    new WebAssembly.Module(wasm);
    const t2 = cpuMs();
    gen.push(t1 - t0);
    v8.push(t2 - t1);
    bytes = wasm.length;
    clearModuleCache();
    collect();
    const t3 = cpuMs();
    const e = compile(insns, { as, helpers: benchHelpers(), verified: !checked, countInstructions: checked });
    e.run({ r1: 0 });
    first.push(cpuMs() - t3);
  }
  return { codegen: median(gen), module: median(v8), firstRun: median(first), bytes };
}

/**
 * warm the code generator (a process's first compiles run it in V8's interpreter and baseline
 * tiers; the steady state is what a long-running process or a batch of compiles sees): every
 * shape at two sizes, both modes, until `ms` of CPU time have passed. Returns the very first
 * compile's ms (300 straight-line instructions, checked, code generator cold).
 */
export function warmCompiler(ms = 1500): number {
  let coldMs = -1;
  const t0 = cpuMs();
  while (cpuMs() - t0 < ms) {
    const as = new AddressSpace();
    for (const gen of Object.values(SHAPES)) {
      for (const n of [300, 1000]) {
        for (const checked of [true, false]) {
          const t1 = cpuMs();
          clearModuleCache();
          compile(gen(n), { as, helpers: benchHelpers(), verified: !checked, countInstructions: checked }).run({ r1: 0 });
          if (coldMs < 0) coldMs = cpuMs() - t1;
        }
      }
    }
  }
  return coldMs;
}

export function compileTable(opts: { quick: boolean; shapes?: string[]; sizes?: number[] }): BenchTable {
  const sizes = opts.sizes ?? (opts.quick ? [1000, 10000] : [1000, 10000, 50000]);
  const reps = opts.quick ? 5 : 9;
  const coldMs = warmCompiler();
  const rows: (string | number)[][] = [];
  const per = (ms: number, n: number): string => ((ms * 1000 * 1000) / n).toFixed(0);
  for (const [shape, gen] of Object.entries(SHAPES)) {
    if (opts.shapes && !opts.shapes.includes(shape)) continue;
    for (const n of sizes) {
      const insns = gen(n);
      for (const checked of [true, false]) {
        const m = measureCompile(insns, checked, reps);
        rows.push([shape, insns.length, checked ? 'checked' : 'verified', per(m.codegen, insns.length), per(m.module, insns.length), per(m.firstRun, insns.length), m.bytes]);
      }
    }
  }
  return {
    title: `JIT compile cost (µs per 1000 instructions, ${clockKind}, median of ${reps})`,
    columns: ['shape', 'insns', 'mode', 'codegen', 'V8 Module', 'compile+1st run', 'wasm bytes'],
    rows,
    notes: [
      'codegen = CFG + structuring + encoding; V8 Module = new WebAssembly.Module (decode + validate; bodies compile lazily);',
      'compile+1st run = compile() from an empty cache + the first run() (includes instantiation and Liftoff compiling the called functions)',
      `after a warm-up; the process's very first compile (300 straight-line instructions) took ${coldMs.toFixed(1)} ms`,
    ],
  };
}

/**
 * ns per run of `r0 = 0; exit` (median of 5 samples of `n` runs), against the kernel's own per-run
 * cost for the same bytes: BPF_PROG_TEST_RUN with the same repeat on the same 64-byte packet (its
 * `duration`: bpf_test_run's loop, timed by the kernel), measured in the same process
 */
export function overheadTable(opts: { quick: boolean }): BenchTable {
  const n = opts.quick ? 100_000 : 300_000;
  const rows: (string | number)[][] = [];
  const xdp = progTypeOf('xdp');
  const data = new Uint8Array(64);
  const median5 = (f: () => number): number => median(Array.from({ length: 5 }, f));
  let kernelNs = NaN;
  const k = kernelAvailable();
  if (k.ok) {
    const { fd } = progLoad({ progType: 'XDP', insns: encodeInstructions(EXIT), progName: 'overhead' });
    try {
      progTestRun(fd, { dataIn: data, repeat: 20000 });
      kernelNs = median5(() => progTestRun(fd, { dataIn: data, repeat: n }).duration);
    } finally {
      closeFd(fd);
    }
  }
  for (const checked of [true, false]) {
    const e = compile(EXIT, { helpers: benchHelpers(), verified: !checked, countInstructions: checked });
    const sample = (f: () => void): number =>
      median5(() => {
        const t0 = cpuMs();
        f();
        return ((cpuMs() - t0) * 1e6) / n;
      });
    // warm both paths
    for (let k = 0; k < 20000; k++) e.run({ r1: 0 });
    testRun(e, xdp, { dataIn: data, repeat: 20000 });
    const run = sample(() => {
      for (let k = 0; k < n; k++) e.run({ r1: 0 });
    });
    const rep = sample(() => testRun(e, xdp, { dataIn: data, repeat: n }));
    rows.push([checked ? 'checked' : 'verified', run.toFixed(0), rep.toFixed(1), Number.isFinite(kernelNs) ? kernelNs.toFixed(1) : '-', Number.isFinite(kernelNs) ? `${(rep / kernelNs).toFixed(2)}x` : '-']);
  }
  return {
    title: `JIT run overhead (ns per run of \`r0 = 0; exit\`, ${clockKind}, median of 5)`,
    columns: ['mode', 'run()', 'testRun --repeat', 'kernel test run', '--repeat/kernel'],
    rows,
    notes: k.ok ? ['kernel: BPF_PROG_TEST_RUN of the same two instructions as XDP, same repeat and packet (its duration)'] : [`(kernel not measured: ${k.reason})`],
  };
}

registerBench({ name: 'jit-compile', run: ({ quick }) => compileTable({ quick }) });
registerBench({ name: 'jit-overhead', run: ({ quick }) => overheadTable({ quick }) });

// standalone: node dist/bench/jit_compile.bench.js [--quick] [--shapes a,b] [--sizes 1000,10000] [--overhead-only]
if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: { quick: { type: 'boolean', default: false }, shapes: { type: 'string' }, sizes: { type: 'string' }, 'overhead-only': { type: 'boolean', default: false }, json: { type: 'boolean', default: false } },
  });
  const tables: BenchTable[] = [];
  if (!values['overhead-only']) tables.push(compileTable({ quick: values.quick, shapes: values.shapes?.split(','), sizes: values.sizes?.split(',').map(Number) }));
  tables.push(overheadTable({ quick: values.quick }));
  for (const t of tables) {
    if (values.json) {
      console.log(JSON.stringify(t));
      continue;
    }
    console.log(`\n${t.title}`);
    console.log(t.columns.join('\t'));
    for (const r of t.rows) console.log(r.join('\t'));
    for (const note of t.notes ?? []) console.log(note);
  }
}
