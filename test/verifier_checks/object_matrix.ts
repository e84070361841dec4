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
 * `--dir DIR` (repeatable) judges the *.bpf.o of those directories instead — the kernel's selftest
 * programs and samples/bpf built by scripts/progs-corpus.sh — with tsbpf's verdict in a worker under
 * a time budget (`--budget MS`, 20000), `--json FILE` for the rows, `--only REGEXP` for some objects,
 * `--progress` for a line per object and every row that is not both-accept as it is judged.
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { BpfError } from '../../src/isa/errors.js';
import { loadObjectSpec } from '../../src/elf/index.js';
import { loadObject } from '../../src/runtime/object.js';
import { loadKernelObject } from '../../src/kernel/object.js';
import { KernelError, kernelAvailable } from '../../src/hooks/kernel/bpf.js';
import { ROOT, realObjectFiles } from './real_objects.js';
import { kernelLoader, kernelVerdicts } from './kernel_loader.js';
import { bpffsDir } from '../kernel/attach_helpers.js';
import { declTags } from './objects.js';
import { VerifyServer } from './verify_server.js';

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
  /** the selftest's own annotation (`__success`/`__failure`: BTF decl tags comment:test_expect_*), where it has one */
  expect?: 'success' | 'failure';
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

/** the *.bpf.o (and little-endian cilium objects) of directories, each directory a group named after it */
export function dirObjectFiles(dirs: readonly string[]): { group: string; path: string }[] {
  const out: { group: string; path: string }[] = [];
  for (const d of dirs) {
    const dir = d.endsWith('/') ? d : d + '/';
    const group = dir.slice(0, -1).replace(/^.*\//, '');
    // cilium/ebpf's testdata is `*-el.elf` and bpf2go's `*_bpfel.o`; their big-endian twins no x86 kernel loads
    for (const f of readdirSync(dir).sort()) if (/\.bpf\.o$|-el\.elf$|_bpfel\.o$/.test(f)) out.push({ group, path: dir + f });
  }
  return out;
}

export interface MatrixOptions {
  /** judge the objects of these directories instead of the repository's real objects */
  dirs?: readonly string[];
  /** tsbpf's verdict in a worker that is given up after this long (the default for dirs: 20000 ms) */
  budgetMs?: number;
  /** libbpf's loader for the cross-check (scripts/verifier-selftests.sh builds one of the tree's libbpf) */
  loader?: string;
  progress?: boolean;
}

/** the matrix over every program of every real object; undefined (with the reason) when the kernel cannot be used */
export async function objectMatrix(filter?: (file: string) => boolean, o: MatrixOptions = {}): Promise<MatrixRow[] | { reason: string }> {
  const k = kernelAvailable();
  if (!k.ok) return { reason: `the kernel is unavailable: ${k.reason}` };
  const rows: MatrixRow[] = [];
  // programs nobody here wrote may run tsbpf's verifier long: a worker with a budget
  const budgetMs = o.budgetMs ?? (o.dirs ? 20000 : undefined);
  const server = budgetMs !== undefined ? new VerifyServer() : undefined;
  try {
  for (const { group, path } of o.dirs ? dirObjectFiles(o.dirs) : matrixObjectFiles()) {
    const file = path.slice(path.lastIndexOf('/') + 1);
    if (filter && !filter(file)) continue;
    const bytes = new Uint8Array(readFileSync(path));
    let names: string[];
    let tags: Map<string, string[]>;
    try {
      const spec = loadObjectSpec(bytes, { file, allowUnsupported: true });
      names = spec.programs.map((p) => p.name);
      tags = declTags(spec.btf);
    } catch (e) {
      // the objects built to fail parsing are the ELF reader's tests (test/runtime/corpus_load.test.ts)
      if (o.dirs) rows.push({ group, file, program: '*', cell: 'not-here', kernel: { accepted: false, why: 'not judged: tsbpf cannot parse the object', verifier: false }, tsbpf: { accepted: false, errno: e instanceof BpfError ? e.errno : 'EFAULT', why: firstLine(e) } });
      continue;
    }
    if (o.progress) process.stderr.write(`${group}/${file}: ${names.length} programs\n`);
    const verdicts: { program: string; kernel: MatrixRow['kernel']; tsbpf: MatrixRow['tsbpf'] }[] = [];
    for (const [i, program] of names.entries()) {
      const kernel = await kernelVerdict(bytes, file, program);
      const tsbpf = server ? await server.verify(path, i, budgetMs!, { program }) : await tsbpfVerdict(bytes, file, program);
      verdicts.push({ program, kernel, tsbpf: { accepted: tsbpf.accepted, ...(tsbpf.errno ? { errno: tsbpf.errno } : {}), ...(tsbpf.why ? { why: tsbpf.why } : {}) } });
    }
    // libbpf is asked only about objects tsbpf's kernel loader refuses a program of (a loader bug
    // is a program libbpf loads and it does not); it costs a process and a load per program
    const loader = verdicts.some((v) => !v.kernel.accepted) ? (o.loader ?? kernelLoader()) : undefined;
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
      const t = tags.get(program) ?? [];
      const expect = t.includes('comment:test_expect_failure') ? 'failure' : t.includes('comment:test_expect_success') ? 'success' : undefined;
      const row: MatrixRow = { group, file, program, cell, kernel, tsbpf, ...(libbpf !== undefined ? { libbpf } : {}), ...(reasonMatches !== undefined ? { reasonMatches } : {}), ...(expect ? { expect } : {}) };
      rows.push(row);
      if (o.progress && cell !== 'both-accept') process.stderr.write(rowLine(row) + '\n');
    }
  }
  } finally {
    await server?.close();
  }
  return rows;
}

/** a message with its names, numbers and sections blanked: rows refused for the same rule share it */
export function family(why: string | undefined): string {
  return (why ?? '').replace(/^[^:]*\.bpf\.o(:[^:]*)?: /, '').replace(/ \(at [^)]*\)/g, '').replace(/ \(rejected at insn .*$/, '').replace(/'[^']*'/g, "'…'").replace(/\(section [^)]*\)/, '').replace(/\b(R|fp-|off=|size=)?-?\d+/g, '$1N').slice(0, 160);
}

function families(rows: readonly MatrixRow[], why: (r: MatrixRow) => string | undefined): string[] {
  const m = new Map<string, number>();
  for (const r of rows) {
    const f = family(why(r));
    m.set(f, (m.get(f) ?? 0) + 1);
  }
  return [...m].sort((a, b) => b[1] - a[1]).map(([f, c]) => `    ${c} x ${f}`);
}

export function summarize(rows: readonly MatrixRow[]): string {
  const n = (c: Cell) => rows.filter((r) => r.cell === c).length;
  const matched = rows.filter((r) => r.cell === 'both-refuse' && r.reasonMatches).length;
  const judged = n('both-accept') + n('gap') + n('unsafe') + n('both-refuse');
  const out = [
    `real objects: ${rows.length} programs in ${new Set(rows.map((r) => r.file)).size} objects; the kernel's verifier judged ${judged}`,
    `                      tsbpf accepts   tsbpf refuses`,
    `  kernel accepts      ${String(n('both-accept')).padStart(13)}   ${String(n('gap')).padStart(13)}`,
    `  kernel refuses      ${String(n('unsafe')).padStart(13)}   ${String(n('both-refuse')).padStart(13)}  (same reason: ${matched})`,
    `  agreement ${judged ? ((100 * (n('both-accept') + n('both-refuse'))) / judged).toFixed(1) : '0'}%; kernel-loadable programs tsbpf loads: ${n('both-accept')}/${n('both-accept') + n('gap')}`,
    `  not loadable by this kernel outside verification: ${n('not-here')}`,
    ...families(rows.filter((r) => r.cell === 'not-here'), (r) => r.kernel.why),
  ];
  const gaps = rows.filter((r) => r.cell === 'gap');
  if (gaps.length) out.push(`  kernel accepts, tsbpf refuses (by tsbpf's reason): ${gaps.length}`, ...families(gaps, (r) => r.tsbpf.why));
  const unsafe = rows.filter((r) => r.cell === 'unsafe');
  if (unsafe.length) out.push(`  UNSAFE: kernel refuses, tsbpf accepts (by the kernel's reason): ${unsafe.length}`, ...families(unsafe, (r) => r.kernel.why));
  const annotated = rows.filter((r) => r.expect && r.cell !== 'not-here');
  if (annotated.length) {
    const against = annotated.filter((r) => r.kernel.accepted !== (r.expect === 'success')).length;
    out.push(`  selftest annotations (__success/__failure) on ${annotated.length} judged programs; the running kernel's verdict differs from ${against}`);
  }
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
  const args = process.argv.slice(2);
  const opts = (n: string): string[] => args.flatMap((a, i) => (a === n && args[i + 1] ? [args[i + 1]!] : []));
  const dirs = opts('--dir');
  const budget = opts('--budget')[0];
  const loader = opts('--loader')[0];
  const only = opts('--only')[0];
  const rows = await objectMatrix(only ? (f) => new RegExp(only).test(f) : undefined, {
    ...(dirs.length ? { dirs } : {}), ...(budget ? { budgetMs: Number(budget) } : {}), ...(loader ? { loader } : {}), progress: args.includes('--progress'),
  });
  if (!Array.isArray(rows)) {
    console.log(rows.reason);
  } else {
    const json = opts('--json')[0];
    if (json) writeFileSync(json, JSON.stringify(rows, null, 1));
    const verbose = args.includes('-v');
    for (const r of rows) if (verbose || r.cell === 'gap' || r.cell === 'unsafe' || (r.cell === 'both-refuse' && !r.reasonMatches)) console.log(rowLine(r));
    console.log(summarize(rows));
  }
}
