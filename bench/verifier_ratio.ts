/**
 * Processed instructions, tsbpf / kernel, on every program both verifiers accept (issue 13: "within
 * 2× of the kernel's on the same programs"): the real objects (examples/, bench/progs/,
 * bench/verifier_progs/, the cilium-elf corpus, test/fixtures/bpf) and any further directories of
 * objects given on the command line (e.g. the kernel's verifier_*.c selftests built by
 * scripts/verifier-selftests.sh). The kernel's count is its BPF_LOG_STATS line for a libbpf load of
 * the program alone (test/verifier_checks/kernel_loader.c), tsbpf's is VerifyResult.stats.processed
 * for the same program as verifyProgram() gives it.
 *
 *   node dist/bench/verifier_ratio.js [DIR ...] [--corpus] [--loader PATH] [--all] [--json FILE]
 *
 * --corpus adds the kernel's test_verifier programs (../shared/corpora/test_verifier, raw loads).
 *
 * Prints every program past 1.5× (all with --all), sorted by ratio, and the summary line.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadObjectSpec } from '../src/elf/index.js';
import { kernelLoader, kernelVerdicts } from '../test/verifier_checks/kernel_loader.js';
import { VerifyServer } from '../test/verifier_checks/verify_server.js';
import { ROOT, realObjectFiles } from '../test/verifier_checks/real_objects.js';
import { runCorpusOnKernel } from '../test/verifier_checks/corpus_kernel.js';
import { sharedPath } from '../test/shared_data.js';

export interface RatioRow { file: string; program: string; tsbpf: number; kernel: number; ratio: number }

export function ratioObjectFiles(extraDirs: readonly string[]): string[] {
  const out = realObjectFiles().map((f) => f.path);
  for (const dir of [ROOT + 'bench/verifier_progs/', ROOT + 'test/fixtures/bpf/', ...extraDirs.map((d) => (d.endsWith('/') ? d : d + '/'))]) {
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir).sort()) if (/\.(bpf\.o|elf)$/.test(f) && !/-eb\.elf$/.test(f)) out.push(dir + f);
  }
  return [...new Set(out)];
}

/** both verifiers' counts for every program both accept (refusals on either side are left out) */
export async function processedRatios(files: readonly string[], o: { loader?: string; budgetMs?: number; progress?: boolean } = {}): Promise<RatioRow[]> {
  const rows: RatioRow[] = [];
  const server = new VerifyServer();
  try {
    for (const path of files) {
      const file = path.slice(path.lastIndexOf('/') + 1);
      let kv;
      let names: string[];
      try {
        kv = kernelVerdicts(path, { each: true, ...(o.loader ? { loader: o.loader } : {}) });
        names = loadObjectSpec(new Uint8Array(readFileSync(path)), { file, allowUnsupported: true }).programs.map((p) => p.name);
      } catch {
        continue; // libbpf or tsbpf's ELF reader cannot open it: nothing to compare
      }
      for (const [i, name] of names.entries()) {
        const k = kv.get(name);
        if (!k?.loaded || k.processed === undefined) continue;
        const t = await server.verify(path, i, o.budgetMs ?? 20000);
        if (!t.accepted || t.processed === undefined) continue;
        rows.push({ file, program: name, tsbpf: t.processed, kernel: k.processed, ratio: t.processed / Math.max(1, k.processed) });
      }
      if (o.progress) process.stderr.write(`${file}\n`);
    }
  } finally {
    await server.close();
  }
  return rows.sort((a, b) => b.ratio - a.ratio);
}

export function ratioSummary(rows: readonly RatioRow[]): string {
  if (!rows.length) return 'processed tsbpf / kernel: no program accepted by both';
  const geo = Math.exp(rows.reduce((s, r) => s + Math.log(Math.max(1, r.tsbpf) / Math.max(1, r.kernel)), 0) / rows.length);
  const over = rows.filter((r) => r.ratio > 2).length;
  const sumT = rows.reduce((s, r) => s + r.tsbpf, 0);
  const sumK = rows.reduce((s, r) => s + r.kernel, 0);
  return `processed tsbpf / kernel on ${rows.length} programs both accept: max ${rows[0]!.ratio.toFixed(2)}x (${rows[0]!.file}:${rows[0]!.program}), min ${rows[rows.length - 1]!.ratio.toFixed(2)}x, geometric mean ${geo.toFixed(2)}x, total ${sumT}/${sumK} = ${(sumT / sumK).toFixed(2)}x; past 2x: ${over}`;
}

/** the same for the kernel's test_verifier corpus (../shared), privileged, 6.18 rules: cases both accept */
export function corpusRatios(): RatioRow[] {
  if (!existsSync(sharedPath('corpora/test_verifier/tests-5.10.jsonl'))) return [];
  const rep = runCorpusOnKernel(['6.18'], undefined, { processed: true });
  const rows: RatioRow[] = [];
  for (const x of rep.compared) {
    const t = x.tsbpfProcessed?.['6.18'];
    if (x.kernel !== null || x.tsbpf['6.18'] !== null || t === undefined || !x.kernelProcessed) continue;
    rows.push({ file: 'test_verifier', program: `#${x.c.idx} ${x.c.descr}`, tsbpf: t, kernel: x.kernelProcessed, ratio: t / x.kernelProcessed });
  }
  return rows.sort((a, b) => b.ratio - a.ratio);
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].slice(process.argv[1].lastIndexOf('/')))) {
  const args = process.argv.slice(2);
  const opt = (n: string): string | undefined => { const i = args.indexOf(n); return i >= 0 ? args[i + 1] : undefined; };
  const valued = new Set([opt('--loader'), opt('--json')]);
  const dirs = args.filter((a) => !a.startsWith('--') && !valued.has(a));
  const l = opt('--loader') ?? kernelLoader();
  if (typeof l !== 'string') {
    console.error(`verifier_ratio: ${l.reason}`);
    process.exit(1);
  }
  const rows = [...await processedRatios(ratioObjectFiles(dirs), { loader: l, progress: args.includes('--progress') }), ...(args.includes('--corpus') ? corpusRatios() : [])].sort((a, b) => b.ratio - a.ratio);
  const json = opt('--json');
  if (json) writeFileSync(json, JSON.stringify(rows, null, 1));
  for (const r of rows) if (args.includes('--all') || r.ratio > 1.5) console.log(`${r.ratio.toFixed(2).padStart(6)}x  ${String(r.tsbpf).padStart(8)} / ${String(r.kernel).padEnd(8)} ${r.file}:${r.program}`);
  console.log(ratioSummary(rows));
}
