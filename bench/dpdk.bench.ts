/**
 * tsbpf's JIT against a user-space eBPF JIT, in the same run: DPDK's librte_bpf (x86-64 JIT and
 * interpreter, bench/dpdk/dpdk_bpf.c) on the five bpf-benchmark compute programs, next to tsbpf's
 * engines and the kernel's JIT, all on the same instruction bytes — bench/progs/v2, the programs
 * built for BPF v2, since DPDK 22.11 does not know the BPF_JMP32 class. The issue's target names
 * uBPF's JIT ("<= uBPF's JIT on the compute programs"); uBPF is in neither Debian nor npm, so
 * DPDK's stands in for it, and the table says so.
 *
 * Needs dpdk-dev (librte_bpf.a, pkg-config libdpdk) and a C compiler; without them the table says
 * why. DPDK's own loader refuses programs with loops (its validator), so the driver calls DPDK's
 * JIT without it — see the driver's comment.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeInstructions } from '../src/isa/instruction.js';
import { registerBuiltinEngines } from './engines.js';
import { registerBench, registeredEngines, type BenchEngine, type BenchTable } from './registry.js';
import { geomean, loadPrograms, measure, type Measurement } from './run.js';

const SOURCE = fileURLToPath(new URL('../../bench/dpdk/dpdk_bpf.c', import.meta.url));
const PROGRAMS = ['log2', 'prime', 'memcpy', 'strcmp', 'switch'];

/** build the driver into dir: its path, or why not */
export function buildDpdkDriver(dir: string): string | { why: string } {
  const pc = spawnSync('pkg-config', ['--variable=libdir', 'libdpdk'], { encoding: 'utf8' });
  const libdir = pc.status === 0 ? pc.stdout.trim() : '';
  if (!libdir || !existsSync(join(libdir, 'librte_bpf.a'))) return { why: "DPDK is not installed (no pkg-config libdpdk with librte_bpf.a: Debian's dpdk-dev)" };
  const cc = ['cc', 'gcc', 'clang-19'].find((c) => spawnSync(c, ['--version']).status === 0);
  if (!cc) return { why: 'no C compiler for the DPDK driver' };
  const cflags = spawnSync('pkg-config', ['--cflags', 'libdpdk'], { encoding: 'utf8' }).stdout.trim().split(/\s+/).filter(Boolean);
  const out = join(dir, 'dpdk_bpf');
  const libs = ['-lrte_eal', '-lrte_mbuf', '-lrte_mempool', '-lrte_ethdev', '-lrte_net', '-lrte_ring', '-lelf', '-lpcap'];
  const r = spawnSync(cc, ['-O2', '-o', out, SOURCE, ...cflags, join(libdir, 'librte_bpf.a'), ...libs], { encoding: 'utf8' });
  if (r.status !== 0) return { why: `the DPDK driver does not build: ${r.stderr.trim().split('\n').pop()}` };
  return out;
}

/** a bench engine running DPDK's JIT or interpreter through the driver (one process per sample) */
function dpdkEngine(bin: string, dir: string, mode: 'jit' | 'interp'): BenchEngine {
  return {
    name: `dpdk-${mode}`,
    available: () => true,
    prepare(prog) {
      const file = join(dir, `${prog.name}.bin`);
      writeFileSync(file, encodeInstructions(prog.insns));
      const exec = (n: number): { nsPerRun: number; outcome: { retval: number } } => {
        const r = spawnSync(bin, [file, mode, String(n)], { encoding: 'utf8' });
        if (r.status !== 0) throw new Error(`DPDK ${mode}: ${r.stderr.trim() || `exit ${r.status}`}`);
        const [ns, r0] = r.stdout.trim().split(' ');
        return { nsPerRun: Number(ns), outcome: { retval: Number(BigInt(r0!) & 0xffffffffn) } };
      };
      return { run: (n) => exec(n).outcome, timed: exec };
    },
  };
}

export async function benchDpdk(opts: { quick: boolean }): Promise<BenchTable> {
  const title = "User-space JIT baseline: DPDK's librte_bpf (standing in for uBPF) on the same bytes (BPF v2 builds)";
  const columns = ['program', 'insns/run', 'tsbpf jit', 'tsbpf jit-verified', 'DPDK JIT', 'kernel JIT', 'tsbpf interp', 'DPDK interp', 'jit/DPDK', 'verified/DPDK', 'DPDK/kernel', 'interp/DPDK interp', 'r0'];
  const dir = mkdtempSync(join(tmpdir(), 'tsbpf-dpdk-'));
  try {
    const bin = buildDpdkDriver(dir);
    if (typeof bin !== 'string') return { title, columns, rows: [], notes: [`skipped: ${bin.why}`] };
    registerBuiltinEngines();
    await import('./jit.bench.js');
    const ours = registeredEngines().filter((e) => ['jit', 'jit-verified', 'kernel', 'interpreter'].includes(e.name) && e.available() === true);
    const engines = [...ours, dpdkEngine(bin, dir, 'jit'), dpdkEngine(bin, dir, 'interp')];
    const minTimeMs = opts.quick ? 60 : 300;
    const rows: (string | number)[][] = [];
    const ratios: Record<string, number[]> = {};
    const notes: string[] = [];
    for (const prog of loadPrograms(PROGRAMS, 'v2')) {
      const m: Record<string, Measurement> = {};
      for (const e of engines) {
        try {
          m[e.name] = measure(e, prog, minTimeMs);
        } catch (err) {
          notes.push(`${prog.name} on ${e.name}: ${(err as Error).message}`);
        }
      }
      const ns = (k: string): number | undefined => m[k]?.nsPerRun;
      const fmt = (k: string): string => (ns(k) === undefined ? '-' : ns(k)! >= 1e6 ? `${(ns(k)! / 1e6).toFixed(2)} ms` : `${(ns(k)! / 1e3).toFixed(1)} µs`);
      const ratio = (a: string, b: string): string => {
        if (ns(a) === undefined || ns(b) === undefined) return '-';
        const r = ns(a)! / ns(b)!;
        (ratios[`${a}/${b}`] ??= []).push(r);
        return `${r.toFixed(2)}x`;
      };
      const r0s = new Set(Object.values(m).map((x) => x.retval));
      rows.push([prog.name, m.jit?.insnsPerRun ?? '-', fmt('jit'), fmt('jit-verified'), fmt('dpdk-jit'), fmt('kernel'), fmt('interpreter'), fmt('dpdk-interp'),
        ratio('jit', 'dpdk-jit'), ratio('jit-verified', 'dpdk-jit'), ratio('dpdk-jit', 'kernel'), ratio('interpreter', 'dpdk-interp'), r0s.size === 1 ? 'agree' : `DIFFER ${[...r0s].join('/')}`]);
    }
    const g = (k: string): string => (ratios[k]?.length ? `${geomean(ratios[k]!).toFixed(2)}x` : '-');
    rows.push(['geometric mean', '', '', '', '', '', '', '', g('jit/dpdk-jit'), g('jit-verified/dpdk-jit'), g('dpdk-jit/kernel'), g('interpreter/dpdk-interp'), '']);
    notes.push(
      "  DPDK 22.11's JIT and interpreter through bench/dpdk/dpdk_bpf.c (its loader's validator refuses loops, so the driver calls DPDK's bpf_jit directly);",
      '  uBPF, the issue\'s baseline, is not installable here. tsbpf: CPU time, best of 3; DPDK: CPU time of the driver\'s loop; kernel: BPF_PROG_TEST_RUN duration.',
    );
    return { title, columns, rows, notes };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

registerBench({ name: 'dpdk', run: benchDpdk });
