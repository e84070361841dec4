/**
 * Every program of the real objects (examples/, bench/progs/, ../shared/corpora/cilium-elf/)
 * through tsbpf's verifier, and where the kernel is available through the kernel's (libbpf loads
 * each program on its own): which tsbpf accepts, which it rejects and why, which the kernel loads.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadObjectSpec } from '../../src/elf/index.js';
import { Worker } from 'node:worker_threads';
import { verifyProgram } from './objects.js';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export { CILIUM_ELF as CILIUM } from '../elf/corpus.js';
import { CILIUM_ELF as CILIUM } from '../elf/corpus.js';

export function realObjectFiles(): { group: string; path: string }[] {
  const out: { group: string; path: string }[] = [];
  const add = (group: string, dir: string, re: RegExp) => {
    if (!existsSync(dir)) return;
    for (const f of readdirSync(dir).sort()) if (re.test(f)) out.push({ group, path: dir + f });
  };
  add('examples', ROOT + 'examples/', /\.bpf\.o$/);
  add('bench', ROOT + 'bench/progs/', /\.bpf\.o$/);
  // little-endian objects only: this machine's kernel cannot load the -eb twins
  add('cilium-elf', CILIUM, /(?<!-eb)\.elf$/);
  return out;
}

export interface ProgVerdict {
  group: string;
  file: string;
  program: string;
  /** null = tsbpf could not even get to verification (the ELF loader refused the object) */
  accepted: boolean | null;
  why?: string;
  processed?: number;
  timeUs?: number;
}

/** verify one program in a worker with a time budget: `why` says so when it ran out */
export async function verifyWithBudget(path: string, index: number, budgetMs: number): Promise<Omit<ProgVerdict, 'group' | 'file' | 'program'>> {
  const w = new Worker(new URL('./verify_worker.js', import.meta.url), { workerData: { path, index } });
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      new Promise<Omit<ProgVerdict, 'group' | 'file' | 'program'>>((res, rej) => {
        w.once('message', res);
        w.once('error', rej);
      }),
      new Promise<Omit<ProgVerdict, 'group' | 'file' | 'program'>>((res) => {
        timer = setTimeout(() => res({ accepted: false, why: `not done within the ${budgetMs} ms budget` }), budgetMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
    await w.terminate();
  }
}

/**
 * every program of every real object through tsbpf's verifier: small programs in this thread,
 * big ones in a worker with a time budget
 */
export async function verifyRealObjectsBudgeted(budgetMs: number): Promise<ProgVerdict[]> {
  const out: ProgVerdict[] = [];
  for (const { group, path } of realObjectFiles()) {
    const file = path.slice(path.lastIndexOf('/') + 1);
    let spec;
    try {
      spec = loadObjectSpec(new Uint8Array(readFileSync(path)), { file, allowUnsupported: true });
    } catch (e) {
      out.push({ group, file, program: '*', accepted: null, why: `ELF loader: ${(e as Error).message}` });
      continue;
    }
    for (const [i, p] of spec.programs.entries()) {
      if (p.externs.some((x) => x.kind !== 'func')) {
        out.push({ group, file, program: p.name, accepted: null, why: `needs kernel externs (${[...new Set(p.externs.map((x) => x.name))].join(', ')})` });
        continue;
      }
      // small programs in this thread (a worker costs ~30 ms to start); big ones in a worker
      if (group !== 'bench' && p.insns.length < 300) {
        try {
          const r = verifyProgram(spec, p, { logLevel: 0 });
          out.push({ group, file, program: p.name, accepted: r.accepted, why: r.message, processed: r.stats.processed, timeUs: r.stats.timeUs });
        } catch (e) {
          out.push({ group, file, program: p.name, accepted: false, why: `verifier threw: ${(e as Error).message.split('\n')[0]}` });
        }
        continue;
      }
      out.push({ group, file, program: p.name, ...(await verifyWithBudget(path, i, budgetMs)) });
    }
  }
  return out;
}
