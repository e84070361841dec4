/**
 * Verdicts of tsbpf's verifier and the kernel's on the same programs (the mutants of
 * ./mutations.ts), tallied per mutation, and the soundness run: every mutant tsbpf accepts runs
 * on the bounds-checked interpreter (no verifier in front of it) without a memory fault.
 */
import { closeFd, mapCreate, progLoad, KernelError } from '../../src/hooks/kernel/index.js';
import { encodeInstructions, LDDW, type Instruction } from '../../src/isa/instruction.js';
import { BPF_PSEUDO_MAP_FD } from '../../src/isa/opcodes.js';
import { verify } from '../../src/verifier/index.js';
import { Bpf } from '../../src/runtime/bpf.js';
import { disassemble } from '../../src/asm/disasm.js';
import { MUTATION_MAP, type Mutant, type Mutation } from './mutations.js';

export interface Disagreement {
  seed: number;
  mutation: Mutation;
  kind: 'kernel-reject/tsbpf-accept' | 'kernel-accept/tsbpf-reject' | 'tsbpf-threw';
  kernel: string;
  tsbpf: string;
  insns: Instruction[];
}

export interface DiffReport {
  programs: number;
  agreed: number;
  perMutation: Map<Mutation, { n: number; agreed: number; kernelRejects: number }>;
  disagreements: Disagreement[];
  tsbpfMs: number;
  kernelMs: number;
}

function withFd(insns: readonly Instruction[], fd: number): Instruction[] {
  return insns.map((i) => (i.code === LDDW && i.src === BPF_PSEUDO_MAP_FD ? { ...i, imm: fd } : i));
}

/** the kernel's verdict: null when accepted, else its last log line */
export function kernelVerdict(m: Mutant, mapFd: number): string | null {
  try {
    const r = progLoad({ progType: 'XDP', insns: encodeInstructions(m.usesMap ? withFd(m.insns, mapFd) : m.insns) });
    closeFd(r.fd);
    return null;
  } catch (e) {
    if (e instanceof KernelError) return `${e.errno}: ${e.message.replace(/^BPF_PROG_LOAD failed: \w+: ?/, '')}`;
    throw e;
  }
}

/** tsbpf's verdict: null when accepted, else "ERRNO: message" */
export function tsbpfVerdict(m: Mutant): string | null {
  const r = verify(m.insns, { progType: 'xdp', maps: m.usesMap ? [MUTATION_MAP] : [], logLevel: 0 });
  return r.accepted ? null : `${r.errno}: ${r.message}`;
}

export function runVerdictDiff(ms: Iterable<Mutant>): DiffReport {
  const mapFd = mapCreate({ mapType: 'ARRAY', keySize: 4, valueSize: 8, maxEntries: 1 });
  const rep: DiffReport = { programs: 0, agreed: 0, perMutation: new Map(), disagreements: [], tsbpfMs: 0, kernelMs: 0 };
  try {
    for (const m of ms) {
      rep.programs++;
      const t0 = performance.now();
      const k = kernelVerdict(m, mapFd);
      const t1 = performance.now();
      let t: string | null;
      let threw = false;
      try {
        t = tsbpfVerdict(m);
      } catch (e) {
        t = `threw ${(e as Error).message}`;
        threw = true;
      }
      rep.kernelMs += t1 - t0;
      rep.tsbpfMs += performance.now() - t1;
      const pm = rep.perMutation.get(m.mutation) ?? { n: 0, agreed: 0, kernelRejects: 0 };
      rep.perMutation.set(m.mutation, pm);
      pm.n++;
      if (k !== null) pm.kernelRejects++;
      if (!threw && (k === null) === (t === null)) {
        rep.agreed++;
        pm.agreed++;
        continue;
      }
      rep.disagreements.push({
        seed: m.seed, mutation: m.mutation, insns: m.insns,
        kind: threw ? 'tsbpf-threw' : k !== null ? 'kernel-reject/tsbpf-accept' : 'kernel-accept/tsbpf-reject',
        kernel: k ?? 'accepted', tsbpf: t ?? 'accepted',
      });
    }
  } finally {
    closeFd(mapFd);
  }
  return rep;
}

/** disagreements grouped by kind and mutation, with the first message pair of each group */
export function summarise(ds: readonly Disagreement[]): string[] {
  const groups = new Map<string, Disagreement[]>();
  for (const d of ds) {
    const k = `${d.kind} / ${d.mutation}`;
    groups.set(k, [...(groups.get(k) ?? []), d]);
  }
  const out: string[] = [];
  for (const [k, l] of [...groups].sort((a, b) => b[1].length - a[1].length)) {
    out.push(`${l.length} × ${k}: e.g. seed ${l[0]!.seed}: kernel "${l[0]!.kernel}", tsbpf "${l[0]!.tsbpf}"`);
  }
  return out;
}

export function listing(insns: readonly Instruction[]): string {
  try {
    return disassemble(insns).split('\n').slice(0, 80).join('\n');
  } catch {
    return '(no listing)';
  }
}

/**
 * Run a program tsbpf accepted on the runtime's interpreter with no verifier in front of it:
 * returns the BpfError's errno and message when it faults, null when it runs to its end.
 */
export function runUnverified(bpf: Bpf, mapFd: number, m: Mutant): string | null {
  const { fd } = bpf.progLoad({ progType: 6, insns: m.usesMap ? withFd(m.insns, mapFd) : m.insns, name: `s${m.seed}` });
  try {
    bpf.progTestRun(fd, { data: m.data });
    return null;
  } catch (e) {
    const err = e as { errno?: string; message: string };
    return `${err.errno ?? 'throw'}: ${err.message}`;
  } finally {
    bpf.close(fd);
  }
}
