/**
 * The benchmark registry: compute programs, the engines that run them, and extra benchmark
 * tables (maps, verifier, filters...) that other modules add.
 *
 * - An engine is `{name, available(), prepare(prog)}`; `prepare` returns a runner whose `run(n)`
 *   executes the program n times and returns the last result. The interpreter, the JIT (picked up
 *   from src/vm/engine.ts as soon as createEngine('jit') works) and the kernel are built in;
 *   `registerEngine` adds more.
 * - A benchmark table is `{name, run()}` returning columns and rows; `registerBench` adds one.
 *   `npm run bench` loads every `dist/bench/*.bench.js` module before it runs, so a new file
 *   `bench/maps.bench.ts` that calls `registerBench(...)` at top level is all it takes.
 */
import type { Instruction } from '../src/isa/instruction.js';

export interface BenchProgram {
  /** short name (the file name without .bin) */
  name: string;
  /** one line from the C source's opening comment */
  description: string;
  insns: readonly Instruction[];
  /** the packet it runs on */
  data: Uint8Array;
}

export interface RunOutcome {
  /** the low 32 bits of r0 */
  retval: number;
  /** instructions executed by one run, when the engine counts them */
  insns?: number;
}

export interface PreparedRun {
  /** run the program `n` times; the outcome of the last run */
  run(n: number): RunOutcome;
  /**
   * Engines that time themselves (the kernel's BPF_PROG_TEST_RUN duration): mean ns per run over
   * `n` runs. Others are timed by the harness (CPU time of this process).
   */
  timed?(n: number): { nsPerRun: number; outcome: RunOutcome };
  dispose?(): void;
}

export interface BenchEngine {
  name: string;
  /** true, or the reason it cannot run here */
  available(): true | string;
  prepare(prog: BenchProgram): PreparedRun;
}

export interface BenchTable {
  title: string;
  columns: string[];
  rows: (string | number)[][];
  /** lines printed under the table */
  notes?: string[];
}

export interface Bench {
  name: string;
  run(opts: { quick: boolean }): BenchTable | Promise<BenchTable>;
}

const engines: BenchEngine[] = [];
const benches: Bench[] = [];

/** add an engine to the compute benchmark (columns appear in registration order) */
export function registerEngine(e: BenchEngine): void {
  if (engines.some((x) => x.name === e.name)) throw new Error(`bench engine ${e.name} registered twice`);
  engines.push(e);
}

/** add a benchmark table printed after the compute benchmark */
export function registerBench(b: Bench): void {
  if (benches.some((x) => x.name === b.name)) throw new Error(`bench ${b.name} registered twice`);
  benches.push(b);
}

export function registeredEngines(): readonly BenchEngine[] {
  return engines;
}

export function registeredBenches(): readonly Bench[] {
  return benches;
}
