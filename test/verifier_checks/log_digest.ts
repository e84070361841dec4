/**
 * The verifier's output, pinned: verdict, errno, message, error insn, statistics and a digest of
 * the whole log text (levels 0, 1 and 2, and the JSON trace for the annotated programs) for every
 * program we have — the kernel's test_verifier corpus (privileged and unprivileged), the annotated
 * C programs, the examples, the bench loops, the cilium-elf objects and the random programs with
 * their mutants. Speed work on src/verifier/ must leave every line of it unchanged.
 *
 *   node dist/test/verifier_checks/log_digest.js            compare with test/golden/verifier-logs.digest
 *   node dist/test/verifier_checks/log_digest.js --update   rewrite the golden file (after a deliberate change)
 *   ... --full                                               also the slow ones (prime and popcount at level 1, level 2 of the big loops)
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadCases, runCase } from '../verifier_corpus_lib.js';
import { loadSpec, verifyProgram } from './objects.js';
import { realObjectFiles } from './real_objects.js';
import { loadObjectSpec } from '../../src/elf/index.js';
import { verify, type VerifyResult } from '../../src/verifier/index.js';
import { mutants, MUTATION_MAP } from './mutations.js';
import { randomProgram } from '../gen/random_program.js';

export const GOLDEN = fileURLToPath(new URL('../../../test/golden/verifier-logs.digest', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

const h = (s: string): string => createHash('sha1').update(s).digest('hex').slice(0, 16);

/** one line per run: key, verdict, errno, insn, the statistics, digest of the log (and JSON) */
export function line(key: string, r: VerifyResult): string {
  const st = r.stats;
  const json = r.json ? ` json=${h(JSON.stringify(r.json))}` : '';
  return `${key}\t${r.accepted ? 'ACCEPT' : `REJECT ${r.errno} @${r.insn ?? '-'} ${r.message}`}\tp=${st.processed} ms=${st.maxStatesPerInsn} ts=${st.totalStates} ps=${st.peakStates} mr=${st.markRead}\tlog=${h(r.log)} len=${r.log.length}${json}`;
}

export interface DigestCase { key: string; run: () => VerifyResult }

/** every run of the pinned set; `full` adds the ones that take seconds each */
export function* digestCases(full: boolean): Generator<DigestCase> {
  // the kernel's verifier tests, at the three log levels
  for (const c of loadCases()) {
    if (!c.insns_hex) continue;
    for (const unpriv of [false, true]) {
      if (unpriv && ![0, 1, 8].includes(c.prog_type)) continue;
      for (const level of [0, 1, 2]) {
        if ((unpriv ? c.result_unpriv : c.result) === 'UNDEF') continue;
        yield { key: `corpus:${c.idx}:${unpriv ? 'unpriv' : 'priv'}:L${level}`, run: () => runCase(c, unpriv, level)!.result };
      }
    }
  }
  // annotated C programs, examples, bench loops, cilium objects
  const objs: { group: string; path: string }[] = [];
  const vp = ROOT + 'test/data/verifier_progs/';
  // verifier_kfunc's and verifier_iter_loops' logs name the running kernel's BTF ids: not pinned (annotated.test.ts checks them against the kernel)
  const kernelIds = ['verifier_kfunc.bpf.o', 'verifier_iter_loops.bpf.o'];
  for (const f of readdirSync(vp).filter((x) => x.endsWith('.bpf.o') && !kernelIds.includes(x)).sort()) objs.push({ group: 'annotated', path: vp + f });
  objs.push(...realObjectFiles());
  for (const { group, path } of objs) {
    const file = path.slice(path.lastIndexOf('/') + 1);
    let spec;
    try {
      spec = group === 'cilium-elf' ? loadObjectSpec(new Uint8Array(readFileSync(path)), { file, allowUnsupported: true }) : loadSpec(new Uint8Array(readFileSync(path)), file);
    } catch {
      continue;
    }
    for (const p of spec.programs) {
      if (p.externs.some((x) => x.kind !== 'func')) continue;
      const heavy = group === 'bench' || p.name === 'loop_too_long';
      const veryHeavy = ['prime', 'popcount', 'loop_too_long', 'memcpy_1m', 'strcmp_bench'].includes(p.name);
      const levels = heavy ? (veryHeavy ? (full ? [0, 1] : [0]) : (full ? [0, 1, 2] : [0, 1])) : [0, 1, 2];
      for (const level of levels) {
        yield { key: `${group}:${file}:${p.name}:L${level}`, run: () => verifyProgram(spec, p, { logLevel: level }) };
      }
      if (group === 'annotated') {
        yield { key: `${group}:${file}:${p.name}:unpriv:L2`, run: () => verifyProgram(spec, p, { logLevel: 2, unpriv: true }) };
        yield { key: `${group}:${file}:${p.name}:json`, run: () => verifyProgram(spec, p, { logLevel: 1, json: true }) };
      }
    }
  }
  // the bounded loop of the benchmark
  yield { key: 'bigloop:3000:L1', run: () => verify(bigLoop(3000), { progType: 1, logLevel: 1 }) };
  // random XDP programs and their one-change mutants (the kernel differential's set), and longer random programs
  for (const m of mutants(60)) {
    for (const level of [1, 2]) {
      yield { key: `mutant:${m.seed}:${m.mutation}:L${level}`, run: () => verify(m.insns, { progType: 'xdp', maps: m.usesMap ? [MUTATION_MAP] : [], logLevel: level }) };
    }
  }
  for (let s = 1000; s < 1200; s++) {
    const p = randomProgram(s, { length: 20 + (s % 60) });
    yield { key: `random:${s}:L2`, run: () => verify(p.insns, { progType: 'xdp', logLevel: 2 }) };
  }
}

/** r0 = sum of 0..n-1, 5 instructions per iteration (bench/verifier.bench.ts) */
function bigLoop(n: number) {
  const i = (code: number, dst: number, src: number, off: number, imm: number) => ({ code, dst, src, off, imm, imm2: 0 });
  return [i(0xb7, 0, 0, 0, 0), i(0xb7, 1, 0, 0, 0), i(0x0f, 0, 1, 0, 0), i(0x57, 0, 0, 0, 0xffff), i(0x07, 1, 0, 0, 1), i(0xa5, 1, 0, -4, n), i(0x95, 0, 0, 0, 0)];
}

export function computeDigest(full: boolean, progress = false): string[] {
  const out: string[] = [];
  let n = 0;
  for (const c of digestCases(full)) {
    let l: string;
    try {
      l = line(c.key, c.run());
    } catch (e) {
      l = `${c.key}\tTHREW ${(e as Error).message.split('\n')[0]}`;
    }
    out.push(l);
    if (progress && ++n % 500 === 0) process.stderr.write(`${n}\n`);
  }
  return out;
}

export function readGolden(): Map<string, string> {
  const m = new Map<string, string>();
  if (!existsSync(GOLDEN)) return m;
  for (const l of readFileSync(GOLDEN, 'utf8').split('\n')) if (l) m.set(l.slice(0, l.indexOf('\t')), l);
  return m;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const full = process.argv.includes('--full');
  const t0 = performance.now();
  const lines = computeDigest(full, true);
  const ms = performance.now() - t0;
  if (process.argv.includes('--update')) {
    // keep the --full lines of an earlier run when this one is not --full
    const old = readGolden();
    const have = new Set(lines.map((l) => l.slice(0, l.indexOf('\t'))));
    const merged = [...lines, ...[...old.entries()].filter(([k]) => !have.has(k)).map(([, l]) => l)];
    writeFileSync(GOLDEN, merged.join('\n') + '\n');
    console.log(`wrote ${merged.length} lines to ${GOLDEN} (${(ms / 1000).toFixed(1)} s)`);
  } else {
    const golden = readGolden();
    let bad = 0;
    let missing = 0;
    for (const l of lines) {
      const k = l.slice(0, l.indexOf('\t'));
      const g = golden.get(k);
      if (g === undefined) { missing++; continue; }
      if (g !== l) { bad++; if (bad <= 20) console.log(`DIFF\n  golden: ${g}\n  now:    ${l}`); }
    }
    console.log(`${lines.length} runs, ${bad} differ, ${missing} not in the golden file (${(ms / 1000).toFixed(1)} s)`);
    process.exit(bad || missing ? 1 : 0);
  }
}
