/**
 * The real-object confusion matrix (issue 13: "every object the kernel itself loads"): every
 * program of every real object (realObjectFiles: examples/, bench/progs/, the little-endian
 * ../shared/corpora/cilium-elf objects, and the test fixtures of test/fixtures/bpf and examples/refused) parsed once per target and loaded on its own — libbpf's
 * autoload, the others off — by tsbpf's two loaders:
 *  - the running kernel (src/kernel loadKernelObject: BPF_MAP_CREATE, BTF, CO-RE, BPF_PROG_LOAD);
 *  - the emulator with tsbpf's verifier (src/runtime loadObject, verify on).
 * Each program lands in one cell:
 *  - `both-accept`;
 *  - `gap`: the kernel's verifier accepts, tsbpf refuses (a safe refusal to close);
 *  - `unsafe`: the kernel's verifier refuses, tsbpf accepts (must be 0);
 *  - `both-refuse`: both refuse, with whether the reason matches (tsbpf's message is the kernel's
 *    last verifier line, or both refuse before verification with the same errno);
 *  - `not-here`: the kernel cannot load it here for a reason outside verification (no log: an attach
 *    target the kernel's BTF lacks, fentry/lsm refused without trampolines, a kfunc of a module that
 *    is not loaded, a map the kernel refuses), counted apart with the reason — tsbpf's verdict is
 *    reported but judges nothing.
 * `node dist/test/verifier_checks/object_matrix.js [-v]` prints the matrix (and with -v every row).
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { BpfError } from '../../src/isa/errors.js';
import { loadObjectSpec } from '../../src/elf/index.js';
import { loadObject } from '../../src/runtime/object.js';
import { loadKernelObject } from '../../src/kernel/object.js';
import { KernelError, kernelAvailable } from '../../src/hooks/kernel/bpf.js';
import { ROOT, realObjectFiles } from './real_objects.js';
import { kernelLoader, kernelVerdicts } from './kernel_loader.js';
import { bpffsDir } from '../kernel/attach_helpers.js';

export type Cell = 'both-accept' | 'gap' | 'unsafe' | 'both-refuse' | 'not-here';

export interface MatrixRow {
  group: string;
  file: string;
  program: string;
  cell: Cell;
  /** the kernel's verdict: accepted, or its errno and last verifier line / loader message */
  kernel: { accepted: boolean; errno?: string; why?: string; verifier: boolean };
  tsbpf: { accepted: boolean; errno?: string; why?: string };
  /**
   * libbpf's verdict on the same program in the same kernel (kernel_loader.c, autoload off for the
   * others), for objects tsbpf's kernel loader refuses a program of: a cross-check of that loader;
   * null when libbpf cannot open the object, undefined when not asked (or libbpf or a C compiler is missing)
   */
  libbpf?: boolean | null;
  /** both refuse: the same rule (the kernel's last log line in tsbpf's message, or the same errno outside verification) */
  reasonMatches?: boolean;
}

/** the kernel's verifier's own error: the last log line that is not the statistics */
export function lastVerifierLine(log: string): string {
  const lines = log.split('\n').map((l) => l.trim()).filter((l) => l && !/^(processed |verification time|stack depth|mark_read|max_states|-- END PROG LOAD LOG --)/.test(l));
  return lines[lines.length - 1] ?? '';
}

/** the first line of an error, without tsbpf's location prefix */
function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0]!;
}

let pinRoot: string | undefined;
/**
 * A bpffs directory of this process for the maps objects pin by name (LIBBPF_PIN_BY_NAME, iproute2's
 * PIN_GLOBAL_NS/PIN_OBJECT_NS): loading them with the default root left cilium's `btf_pin` and
 * `tc/globals/outer` in /sys/fs/bpf. Removed when the process exits.
 */
function matrixPinRoot(): string {
  if (pinRoot) return pinRoot;
  const dir = bpffsDir();
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  return (pinRoot = dir);
}

export async function kernelVerdict(bytes: Uint8Array, file: string, program: string): Promise<MatrixRow['kernel']> {
  try {
    const o = await loadKernelObject(bytes, { file, programs: [program], logLevel: 0, pinRoot: matrixPinRoot() });
    o.close();
    return { accepted: true, verifier: true };
  } catch (e) {
    if (e instanceof KernelError && e.cmd === 'BPF_PROG_LOAD' && lastVerifierLine(e.log)) {
      return { accepted: false, errno: e.errno, why: lastVerifierLine(e.log), verifier: true };
    }
    // no verifier log: refused before verification (attach target, trampolines, map creation, CO-RE, externs)
    return { accepted: false, errno: e instanceof BpfError ? e.errno : 'EFAULT', why: firstLine(e), verifier: false };
  }
}

export async function tsbpfVerdict(bytes: Uint8Array, file: string, program: string): Promise<MatrixRow['tsbpf']> {
  try {
    const o = await loadObject(bytes, { file, programs: [program], verify: true });
    o.close();
    return { accepted: true };
  } catch (e) {
    return { accepted: false, errno: e instanceof BpfError ? e.errno : 'EFAULT', why: firstLine(e) };
  }
}

/** the real objects plus the project's own clang-compiled test fixtures and refused examples */
export function matrixObjectFiles(): { group: string; path: string }[] {
  const out = realObjectFiles();
  for (const [group, dir] of [['fixtures', 'test/fixtures/bpf/'], ['refused', 'examples/refused/']] as const) {
    if (!existsSync(ROOT + dir)) continue;
    for (const f of readdirSync(ROOT + dir).sort()) if (f.endsWith('.bpf.o')) out.push({ group, path: ROOT + dir + f });
  }
  return out;
}

/** the matrix over every program of every real object; undefined (with the reason) when the kernel cannot be used */
export async function objectMatrix(filter?: (file: string) => boolean): Promise<MatrixRow[] | { reason: string }> {
  const k = kernelAvailable();
  if (!k.ok) return { reason: `the kernel is unavailable: ${k.reason}` };
  const rows: MatrixRow[] = [];
  for (const { group, path } of matrixObjectFiles()) {
    const file = path.slice(path.lastIndexOf('/') + 1);
    if (filter && !filter(file)) continue;
    const bytes = new Uint8Array(readFileSync(path));
    let names: string[];
    try {
      names = loadObjectSpec(bytes, { file, allowUnsupported: true }).programs.map((p) => p.name);
    } catch {
      continue; // the objects built to fail parsing are the ELF reader's tests (test/runtime/corpus_load.test.ts)
    }
    const verdicts: { program: string; kernel: MatrixRow['kernel']; tsbpf: MatrixRow['tsbpf'] }[] = [];
    for (const program of names) verdicts.push({ program, kernel: await kernelVerdict(bytes, file, program), tsbpf: await tsbpfVerdict(bytes, file, program) });
    // libbpf is asked only about objects tsbpf's kernel loader refuses a program of (a loader bug
    // is a program libbpf loads and it does not); it costs a process and a load per program
    const loader = verdicts.some((v) => !v.kernel.accepted) ? kernelLoader() : undefined;
    let lib: Map<string, boolean> | null | undefined;
    if (typeof loader === 'string') {
      try {
        lib = new Map([...kernelVerdicts(path, { each: true, loader })].map(([n, v]) => [n, v.loaded]));
      } catch {
        lib = null;
      }
    }
    for (const { program, kernel, tsbpf } of verdicts) {
      let cell: Cell;
      let reasonMatches: boolean | undefined;
      if (!kernel.verifier) cell = 'not-here';
      else if (kernel.accepted) cell = tsbpf.accepted ? 'both-accept' : 'gap';
      else if (tsbpf.accepted) cell = 'unsafe';
      else {
        cell = 'both-refuse';
        reasonMatches = !!kernel.why && !!tsbpf.why && tsbpf.why.includes(kernel.why);
      }
      const libbpf = lib === undefined ? undefined : lib === null ? null : (lib.get(program) ?? null);
      rows.push({ group, file, program, cell, kernel, tsbpf, ...(libbpf !== undefined ? { libbpf } : {}), ...(reasonMatches !== undefined ? { reasonMatches } : {}) });
    }
  }
  return rows;
}

export function summarize(rows: readonly MatrixRow[]): string {
  const n = (c: Cell) => rows.filter((r) => r.cell === c).length;
  const matched = rows.filter((r) => r.cell === 'both-refuse' && r.reasonMatches).length;
  const notHere = new Map<string, number>();
  for (const r of rows) if (r.cell === 'not-here') {
    const why = (r.kernel.why ?? '').replace(/'[^']*'/g, "'…'").replace(/\(section [^)]*\)/, '').replace(/\d+/g, 'N');
    notHere.set(why, (notHere.get(why) ?? 0) + 1);
  }
  const judged = n('both-accept') + n('gap') + n('unsafe') + n('both-refuse');
  const out = [
    `real objects: ${rows.length} programs in ${new Set(rows.map((r) => r.file)).size} objects; the kernel's verifier judged ${judged}`,
    `                      tsbpf accepts   tsbpf refuses`,
    `  kernel accepts      ${String(n('both-accept')).padStart(13)}   ${String(n('gap')).padStart(13)}`,
    `  kernel refuses      ${String(n('unsafe')).padStart(13)}   ${String(n('both-refuse')).padStart(13)}  (same reason: ${matched})`,
    `  agreement ${judged ? ((100 * (n('both-accept') + n('both-refuse'))) / judged).toFixed(1) : '0'}%; kernel-loadable programs tsbpf loads: ${n('both-accept')}/${n('both-accept') + n('gap')}`,
    `  not loadable by this kernel outside verification: ${n('not-here')}`,
    ...[...notHere].sort((a, b) => b[1] - a[1]).map(([why, c]) => `    ${c} x ${why}`),
  ];
  if (rows.some((r) => r.libbpf !== undefined)) {
    // libbpf is stricter with cilium's objects (it cannot open 50 of them, nor load a PROG_ARRAY
    // initialiser's program alone): only a program libbpf loads and tsbpf's loader refuses is a finding
    const lost = libbpfOnly(rows);
    out.push(`  libbpf on the same kernel loads ${lost.length} of the ${rows.filter((r) => !r.kernel.accepted).length} programs tsbpf's kernel loader refuses${lost.length ? ':' : ''}`);
    for (const r of lost) out.push(`    ${r.file}:${r.program}: ${r.kernel.errno} ${r.kernel.why}`);
  }
  return out.join('\n');
}

/** programs libbpf loads into the running kernel and tsbpf's kernel loader does not (a loader bug) */
export function libbpfOnly(rows: readonly MatrixRow[]): MatrixRow[] {
  return rows.filter((r) => r.libbpf === true && !r.kernel.accepted);
}

export function rowLine(r: MatrixRow): string {
  const k = r.kernel.accepted ? 'ACCEPT' : `${r.kernel.errno} ${r.kernel.why}`;
  const t = r.tsbpf.accepted ? 'ACCEPT' : `${r.tsbpf.errno} ${r.tsbpf.why}`;
  const lib = r.libbpf === undefined ? '' : `\n      libbpf: ${r.libbpf === null ? 'cannot open the object' : r.libbpf ? 'ACCEPT' : 'REJECT'}`;
  return `${r.cell.padEnd(11)} ${r.file}:${r.program}\n      kernel: ${k}\n      tsbpf:  ${t}${lib}`;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].slice(process.argv[1].lastIndexOf('/')))) {
  const rows = await objectMatrix();
  if (!Array.isArray(rows)) {
    console.log(rows.reason);
  } else {
    const verbose = process.argv.includes('-v');
    for (const r of rows) if (verbose || r.cell === 'gap' || r.cell === 'unsafe' || (r.cell === 'both-refuse' && !r.reasonMatches)) console.log(rowLine(r));
    console.log(summarize(rows));
  }
}
