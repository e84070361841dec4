/**
 * The kernel's own verifier selftests (tools/testing/selftests/bpf/progs/verifier_*.c, compiled
 * with clang -target bpf by scripts/verifier-selftests.sh) judged by tsbpf and by the running
 * kernel: each program on its own (autoload off for the others, as test_loader.c does), privileged,
 * with the same instructions and maps on both sides. Counts agreement and the two kinds of
 * disagreement: unsafe (the kernel refuses, tsbpf accepts) and conservative (the reverse).
 *
 *   node dist/test/verifier_checks/selftests_compare.js DIR [--json FILE] [--budget MS] [--loader PATH]
 *
 * The sources are not part of this repository (see docs/verifier-measured.md for how to get and build them).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadObjectSpec } from '../../src/elf/index.js';
import { kernelVerdicts, kernelLoader, type KernelVerdict } from './kernel_loader.js';
import { VerifyServer } from './verify_server.js';

export interface SelftestVerdict {
  file: string;
  program: string;
  /** the kernel's verdict and the last line of its log when it refused */
  kernel: boolean;
  kernelMsg: string;
  /** tsbpf's verdict (null: the ELF loader refused the object) */
  tsbpf: boolean | null;
  tsbpfMsg: string;
  processed?: number;
}

function lastLine(log: string): string {
  const l = log.split('\n').map((s) => s.trim()).filter((s) => s && !/^(processed|verification time|stack depth|max_states_per_insn|mark_read)/.test(s));
  return l[l.length - 1] ?? '';
}

export async function compareSelftests(dir: string, o: { budgetMs?: number; loader?: string; skipped?: { file: string; why: string }[]; progress?: boolean } = {}): Promise<SelftestVerdict[]> {
  const out: SelftestVerdict[] = [];
  const skipped = o.skipped ?? [];
  const loader = o.loader;
  const budgetMs = o.budgetMs ?? 20000;
  const server = new VerifyServer();
  try {
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.bpf.o')).sort()) {
    const path = join(dir, f);
    let kv: Map<string, KernelVerdict>;
    try {
      kv = kernelVerdicts(path, { each: true, loader });
    } catch (e) {
      // libbpf could not open the object (a section or BTF kind newer than it): not comparable
      skipped.push({ file: f, why: (e as Error).message.split('\n')[0]! });
      continue;
    }
    let names: string[];
    try {
      names = loadObjectSpec(new Uint8Array(readFileSync(path)), { file: f, allowUnsupported: true }).programs.map((p) => p.name);
    } catch (e) {
      for (const [name, k] of kv) out.push({ file: f, program: name, kernel: k.loaded, kernelMsg: lastLine(k.log), tsbpf: null, tsbpfMsg: `ELF loader: ${(e as Error).message}` });
      continue;
    }
    if (o.progress) process.stderr.write(`${f}: ${names.length} programs\n`);
    for (const [i, name] of names.entries()) {
      const k = kv.get(name);
      if (!k) continue;
      const t = await server.verify(path, i, budgetMs);
      const v: SelftestVerdict = {
        file: f, program: name, kernel: k.loaded, kernelMsg: k.loaded ? '' : lastLine(k.log) || `errno ${k.errno}`,
        tsbpf: t.accepted, tsbpfMsg: t.why ?? '', ...(t.processed !== undefined ? { processed: t.processed } : {}),
      };
      out.push(v);
    }
  }
  } finally {
    await server.close();
  }
  return out;
}

/**
 * a kernel refusal that is not its verifier's verdict: the load failed before the verifier ran
 * (no log: a tail-call map initialised with programs not loaded alone, a program type or attach
 * target this kernel refuses) or libbpf could not apply a CO-RE relocation
 */
export function notComparable(x: SelftestVerdict): boolean {
  return !x.kernel && (/^errno \d+$/.test(x.kernelMsg) || /failed to resolve CO-RE relocation/.test(x.kernelMsg));
}

export function summariseSelftests(all: readonly SelftestVerdict[]): { total: number; agree: number; unsafe: SelftestVerdict[]; conservative: SelftestVerdict[]; notComparable: SelftestVerdict[] } {
  const v = all.filter((x) => !notComparable(x));
  const unsafe = v.filter((x) => !x.kernel && x.tsbpf === true);
  const conservative = v.filter((x) => x.kernel && x.tsbpf !== true);
  return { total: v.length, agree: v.length - unsafe.length - conservative.length, unsafe, conservative, notComparable: all.filter(notComparable) };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const dir = args.find((a) => !a.startsWith('--'));
  const opt = (n: string): string | undefined => { const i = args.indexOf(n); return i >= 0 ? args[i + 1] : undefined; };
  if (!dir) {
    console.error('usage: selftests_compare.js DIR_OF_BPF_OBJECTS [--json FILE] [--budget MS] [--loader PATH]');
    process.exit(2);
  }
  const l = kernelLoader();
  if (typeof l !== 'string') {
    console.error(`selftests_compare: ${l.reason}`);
    process.exit(1);
  }
  const skipped: { file: string; why: string }[] = [];
  const loader = opt('--loader');
  const v = await compareSelftests(dir, { budgetMs: Number(opt('--budget') ?? 20000), skipped, progress: args.includes('--progress'), ...(loader ? { loader } : {}) });
  for (const s of skipped) console.log(`NOT COMPARED ${s.file}: ${s.why}`);
  const s = summariseSelftests(v);
  const json = opt('--json');
  if (json) writeFileSync(json, JSON.stringify(v, null, 1));
  for (const u of s.unsafe) console.log(`UNSAFE ${u.file} ${u.program}: kernel: ${u.kernelMsg}`);
  for (const c of s.conservative) console.log(`REFUSED ${c.file} ${c.program}: ${c.tsbpfMsg}`);
  console.log(`selftests: ${s.agree}/${s.total} verdicts agree (${(100 * s.agree / s.total).toFixed(1)}%), ${s.unsafe.length} unsafe accepts, ${s.conservative.length} safe programs refused; ${s.notComparable.length} programs the kernel refused before verifying (not compared)`);
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, ''))) await main();
