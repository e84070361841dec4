/**
 * `npm run bench`: the compute benchmarks (bench/progs/*.bin, clang-compiled C) on every engine
 * available here (tsbpf's interpreter, its JIT once it lands, the Linux kernel's JIT through
 * BPF_PROG_TEST_RUN), in one run, with ns per run, instructions per run and ratios to the kernel;
 * then every benchmark table other modules registered (dist/bench/*.bench.js).
 *
 *   node dist/bench/run.js [--only prime,memcpy] [--engines interpreter,kernel] [--min-time MS]
 *                          [--quick] [--json]
 *
 * Timing: tsbpf engines are timed in CPU time of this process (process.cpuUsage), best of three
 * samples, so other load on the machine does not count against them; the kernel times itself
 * (BPF_PROG_TEST_RUN's duration, which also leaves out time the task was descheduled).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { BpfError } from '../src/isa/errors.js';
import { defineCommand } from '../src/cli/command.js';
import { runStandalone } from '../src/cli/exit.js';
import { decodeInstructions } from '../src/isa/instruction.js';
import { registerBuiltinEngines } from './engines.js';
import { registeredBenches, registeredEngines, type BenchEngine, type BenchProgram, type BenchTable, type RunOutcome } from './registry.js';

export { registerBench, registerEngine } from './registry.js';

const PROGS_ROOT = new URL('../../bench/progs/', import.meta.url);

/** the packet every benchmark runs on: 64 bytes, the first 8 are the programs' seed */
export function benchPacket(): Uint8Array {
  const d = new Uint8Array(64);
  for (let i = 0; i < d.length; i++) d[i] = (i * 37 + 11) & 0xff;
  return d;
}

/** load bench/progs/NAME.bin (or DIR/NAME.bin) with the description from NAME.bpf.c's opening comment */
export function loadPrograms(only?: readonly string[], dir?: string): BenchProgram[] {
  const PROGS = dir ? new URL(`${dir}/`, PROGS_ROOT) : PROGS_ROOT;
  const names = readdirSync(PROGS).filter((f) => f.endsWith('.bin')).map((f) => f.slice(0, -4)).sort();
  const out: BenchProgram[] = [];
  for (const name of names) {
    if (only && only.length && !only.includes(name)) continue;
    const bytes = new Uint8Array(readFileSync(new URL(`${name}.bin`, PROGS)));
    let description = '';
    try {
      const c = readFileSync(new URL(`${name}.bpf.c`, PROGS_ROOT), 'utf8');
      // the opening comment up to its first sentence's end
      const m = /\/\*([\s\S]*?)\*\//.exec(c);
      const text = m ? m[1]!.replace(/\n\s*\*/g, ' ').replace(/\s+/g, ' ').trim() : '';
      description = /^.*?\.(?=\s|$)/.exec(text)?.[0] ?? text;
    } catch {
      /* the .bin alone is enough */
    }
    out.push({ name, description, insns: decodeInstructions(bytes), data: benchPacket() });
  }
  return out;
}

export interface Measurement {
  engine: string;
  nsPerRun: number;
  insnsPerRun?: number;
  retval: number;
  runs: number;
}

function cpuNs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) * 1000;
}

/** time one program on one engine: calibrate the run count to minTimeMs, best of three samples */
export function measure(engine: BenchEngine, prog: BenchProgram, minTimeMs: number): Measurement {
  const p = engine.prepare(prog);
  try {
    const first: RunOutcome = p.run(1);
    if (!p.timed) {
      // warm up for as long as we will measure: V8 optimises the interpreter loop on the fly
      // (on-stack replacement, then deoptimisations as new opcodes appear and re-optimisation),
      // and a short run measures the tiers in between instead of the steady state
      const t0 = cpuNs();
      while (cpuNs() - t0 < Math.max(100, minTimeMs) * 1e6) p.run(1);
    }
    const sample = (n: number): { ns: number; outcome: RunOutcome } => {
      if (p.timed) {
        const t = p.timed(n);
        return { ns: t.nsPerRun, outcome: t.outcome };
      }
      const t0 = cpuNs();
      const outcome = p.run(n);
      return { ns: (cpuNs() - t0) / n, outcome };
    };
    // calibrate: double the count until one sample takes a tenth of the budget
    let n = 1;
    let s = sample(n);
    while (s.ns * n < (minTimeMs * 1e6) / 10 && n < 1 << 24) {
      n *= 2;
      s = sample(n);
    }
    n = Math.max(1, Math.ceil((minTimeMs * 1e6) / 3 / Math.max(s.ns, 1)));
    let best = Infinity;
    let outcome = s.outcome;
    for (let k = 0; k < 3; k++) {
      const t = sample(n);
      if (t.ns < best) best = t.ns;
      outcome = t.outcome;
    }
    return { engine: engine.name, nsPerRun: best, insnsPerRun: first.insns ?? outcome.insns, retval: outcome.retval >>> 0, runs: n };
  } finally {
    p.dispose?.();
  }
}

export function geomean(xs: readonly number[]): number {
  if (!xs.length) return NaN;
  return Math.exp(xs.reduce((a, x) => a + Math.log(x), 0) / xs.length);
}

function fmtNs(ns: number): string {
  if (ns >= 1e6) return `${(ns / 1e6).toFixed(2)} ms`;
  if (ns >= 1e3) return `${(ns / 1e3).toFixed(1)} µs`;
  return `${ns.toFixed(0)} ns`;
}

function printTable(t: BenchTable): void {
  const cells = [t.columns, ...t.rows.map((r) => r.map(String))];
  const widths = t.columns.map((_, c) => Math.max(...cells.map((r) => (r[c] ?? '').length)));
  console.log(`\n${t.title}`);
  const line = (r: string[]) => r.map((v, c) => (c === 0 ? v.padEnd(widths[c]!) : v.padStart(widths[c]!))).join('  ');
  console.log(line(cells[0]!));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of cells.slice(1)) console.log(line(r));
  for (const n of t.notes ?? []) console.log(n);
}

export interface ComputeResult {
  table: BenchTable;
  /** per program, per engine */
  results: Record<string, Record<string, Measurement>>;
  /** geometric mean of (engine ns / kernel ns) per tsbpf engine */
  geomeanVsKernel: Record<string, number>;
  unavailable: Record<string, string>;
}

/** the compute benchmark table */
export function runCompute(opts: { only?: string[]; engines?: string[]; minTimeMs: number; log?: (s: string) => void }): ComputeResult {
  registerBuiltinEngines();
  const progs = loadPrograms(opts.only);
  const unavailable: Record<string, string> = {};
  const engines: BenchEngine[] = [];
  for (const e of registeredEngines()) {
    if (opts.engines && opts.engines.length && !opts.engines.includes(e.name)) continue;
    const a = e.available();
    if (a === true) engines.push(e);
    else unavailable[e.name] = a;
  }
  const results: Record<string, Record<string, Measurement>> = {};
  for (const p of progs) {
    results[p.name] = {};
    for (const e of engines) {
      try {
        results[p.name]![e.name] = measure(e, p, opts.minTimeMs);
      } catch (err) {
        opts.log?.(`bench: ${p.name} on ${e.name} failed: ${(err as Error).message}`);
      }
    }
    opts.log?.(`  ${p.name}: ${Object.values(results[p.name]!).map((m) => `${m.engine} ${fmtNs(m.nsPerRun)}`).join(', ')}`);
  }
  const hasKernel = engines.some((e) => e.name === 'kernel');
  const others = engines.filter((e) => e.name !== 'kernel');
  const columns = ['program', 'insns/run'];
  for (const e of engines) {
    columns.push(`${e.name} /run`);
    if (e.name !== 'kernel') columns.push(`${e.name} ns/insn`, `${e.name} Minsn/s`);
    else columns.push('kernel ns/insn');
  }
  if (hasKernel) for (const e of others) columns.push(`${e.name}/kernel`);
  columns.push('retvals');
  const ratios: Record<string, number[]> = {};
  const rows: (string | number)[][] = [];
  for (const p of progs) {
    const r = results[p.name]!;
    const insns = Object.values(r).find((m) => m.insnsPerRun !== undefined)?.insnsPerRun;
    const row: (string | number)[] = [p.name, insns ?? '-'];
    for (const e of engines) {
      const m = r[e.name];
      row.push(m ? fmtNs(m.nsPerRun) : 'failed');
      const perInsn = m && insns ? m.nsPerRun / insns : NaN;
      row.push(Number.isFinite(perInsn) ? perInsn.toFixed(e.name === 'kernel' ? 3 : 2) : '-');
      if (e.name !== 'kernel') row.push(Number.isFinite(perInsn) ? (1e3 / perInsn).toFixed(1) : '-');
    }
    if (hasKernel) {
      for (const e of others) {
        const a = r[e.name];
        const k = r.kernel;
        if (a && k && k.nsPerRun > 0) {
          const ratio = a.nsPerRun / k.nsPerRun;
          (ratios[e.name] ??= []).push(ratio);
          row.push(`${ratio.toFixed(1)}x`);
        } else row.push('-');
      }
    }
    const rv = new Set(Object.values(r).map((m) => m.retval));
    row.push(rv.size === 1 ? 'agree' : `DIFFER ${Object.values(r).map((m) => `${m.engine}=${m.retval}`).join(' ')}`);
    rows.push(row);
  }
  const geomeanVsKernel: Record<string, number> = {};
  if (hasKernel) {
    const g: (string | number)[] = ['geometric mean', ''];
    for (const e of engines) g.push('', '', ...(e.name === 'kernel' ? [] : ['']));
    for (const e of others) {
      geomeanVsKernel[e.name] = geomean(ratios[e.name] ?? []);
      g.push(`${geomeanVsKernel[e.name]!.toFixed(1)}x`);
    }
    g.push('');
    rows.push(g);
  }
  const notes = [
    ...progs.map((p) => `  ${p.name}: ${p.description}`),
    ...Object.entries(unavailable).map(([n, why]) => `  (engine ${n} not run: ${why})`),
    '  tsbpf engines: CPU time of this process, best of 3; kernel: BPF_PROG_TEST_RUN duration (mean of `repeat` runs).',
  ];
  return { table: { title: 'Compute benchmarks (XDP programs on a 64-byte packet)', columns, rows, notes }, results, geomeanVsKernel, unavailable };
}

/** load every dist/bench/*.bench.js: each registers its tables with registerBench */
async function loadBenchModules(): Promise<void> {
  const dir = new URL('./', import.meta.url);
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.bench.js')).sort()) await import(new URL(f, dir).href);
}

export const command = defineCommand({
  name: 'bench',
  program: 'npm run',
  summary: 'the benchmarks: compute programs on every engine here, then every registered table',
  options: {
    only: { type: 'string', arg: 'NAMES', help: 'only these compute programs (comma-separated: prime,memcpy)' },
    engines: { type: 'string', arg: 'NAMES', help: 'only these engines (interpreter,jit,kernel)' },
    'min-time': { type: 'string', arg: 'MS', help: 'sample each program for at least MS milliseconds' },
    quick: { type: 'boolean', help: 'shorter samples and smaller tables' },
    'no-tables': { type: 'boolean', help: 'only the compute table' },
  },
  maxArgs: 0,
  examples: ['npm run bench -- --quick', 'npm run bench -- --only prime --engines interpreter,jit -j'],
  run: (a) => benchMain({ ...a.values, json: a.json }),
});

async function benchMain(values: { only?: string; engines?: string; 'min-time'?: string; quick: boolean; 'no-tables': boolean; json: boolean }): Promise<number> {
  if (values['min-time'] !== undefined && !(Number(values['min-time']) > 0)) {
    throw new BpfError('EINVAL', `--min-time needs a positive number of milliseconds, got '${values['min-time']}'`);
  }
  const minTimeMs = values['min-time'] ? Number(values['min-time']) : values.quick ? 60 : 300;
  const split = (s?: string) => (s ? s.split(',').map((x) => x.trim()).filter(Boolean) : undefined);
  const log = values.json ? undefined : (s: string) => console.error(s);
  // bench modules first: they may register engines (jit-verified) as columns of the compute table
  registerBuiltinEngines();
  await loadBenchModules();
  const compute = runCompute({ only: split(values.only), engines: split(values.engines), minTimeMs, log });
  const tables: BenchTable[] = [compute.table];
  if (!values['no-tables']) {
    for (const b of registeredBenches()) {
      try {
        tables.push(await b.run({ quick: values.quick }));
      } catch (e) {
        tables.push({ title: `${b.name}: failed`, columns: ['error'], rows: [[(e as Error).message]] });
      }
    }
  }
  if (values.json) {
    console.log(JSON.stringify({ compute: { results: compute.results, geomeanVsKernel: compute.geomeanVsKernel, unavailable: compute.unavailable }, tables }, null, 2));
  } else {
    for (const t of tables) printTable(t);
  }
  return 0;
}

// run when executed directly (not when imported by a test or another bench module)
if (process.argv[1] && new URL(import.meta.url).pathname === new URL(`file://${process.argv[1]}`).pathname) {
  void runStandalone(command, process.argv.slice(2));
}
