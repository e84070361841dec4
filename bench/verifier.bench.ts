/**
 * Verification time: tsbpf's verifier against the kernel's BPF_PROG_LOAD (verifier + JIT) for
 * the same programs in the same run: every program of examples/*.bpf.o, the compute loops of
 * bench/progs/*.bpf.o (60k-1M instructions processed each), and a bounded loop that makes the
 * verifier process over 100k instructions, and loops in ordinary code (bench/verifier_progs: a
 * 64-iteration hash lookup/update loop, a 32-iteration ring-buffer loop). tsbpf is timed at log
 * level 0 (as the kernel is), best of three (one with --quick); the kernel likewise, wall time of
 * the syscall. The processed-instruction counts of both verifiers are shown side by side (the
 * kernel's from a BPF_LOG_STATS load): how much each prunes.
 */
import { subprogFuncInfo } from '../src/verifier/func_info.js';
import { readdirSync, readFileSync } from 'node:fs';
import { registerBench } from './registry.js';
import { loadObjectSpec, type ObjectSpec, type MapSpec } from '../src/elf/index.js';
import { verify, type VerifyOptions } from '../src/verifier/index.js';
import { kernelAvailable, mapCreate, progLoad, closeFd } from '../src/hooks/kernel/index.js';
import { insn, LDDW, type Instruction } from '../src/isa/instruction.js';
import * as op from '../src/isa/opcodes.js';
import { verifierMaps } from '../test/verifier_checks/objects.js';

const EXAMPLES = new URL('../../examples/', import.meta.url);
const PROGS = new URL('../../bench/progs/', import.meta.url);
const VPROGS = new URL('../../bench/verifier_progs/', import.meta.url);

/** r0 = sum of 0..n-1 by a loop of n iterations: 5 instructions per iteration for the verifier */
export function bigLoop(n: number): Instruction[] {
  return [
    insn(op.BPF_ALU64 | op.BPF_MOV | op.BPF_K, 0, 0, 0, 0),
    insn(op.BPF_ALU64 | op.BPF_MOV | op.BPF_K, 1, 0, 0, 0),
    insn(op.BPF_ALU64 | op.BPF_ADD | op.BPF_X, 0, 1),
    insn(op.BPF_ALU64 | op.BPF_AND | op.BPF_K, 0, 0, 0, 0xffff),
    insn(op.BPF_ALU64 | op.BPF_ADD | op.BPF_K, 1, 0, 0, 1),
    insn(op.BPF_JMP | op.BPF_JLT | op.BPF_K, 1, 0, -4, n),
    insn(op.BPF_JMP | op.BPF_EXIT),
  ];
}

interface Case { name: string; insns: Instruction[]; progType: number; opts: VerifyOptions; spec?: ObjectSpec }

function cases(): Case[] {
  const out: Case[] = [];
  const objs = [
    ...readdirSync(EXAMPLES).filter((x) => x.endsWith('.bpf.o')).sort().map((f) => new URL(f, EXAMPLES)),
    ...readdirSync(PROGS).filter((x) => x.endsWith('.bpf.o')).sort().map((f) => new URL(f, PROGS)),
    ...readdirSync(VPROGS).filter((x) => x.endsWith('.bpf.o')).sort().map((f) => new URL(f, VPROGS)),
  ];
  for (const u of objs) {
    const f = u.pathname.slice(u.pathname.lastIndexOf('/') + 1);
    const spec = loadObjectSpec(new Uint8Array(readFileSync(u)), { file: f });
    const maps = verifierMaps(spec);
    for (const p of spec.programs) {
      out.push({ name: `${f.replace('.bpf.o', '')}:${p.name}`, insns: p.insns, progType: p.type, spec, opts: { progType: p.type, maps, logLevel: 0, expectedAttachType: p.expectedAttachType, funcInfo: subprogFuncInfo(spec.btf, p.funcInfo, p.type, p.expectedAttachType) } });
    }
  }
  out.push({ name: 'bounded loop, 30000 iterations', insns: bigLoop(30000), progType: 1, opts: { progType: 1, logLevel: 0 } });
  return out;
}

function best(n: number, f: () => void): number {
  let b = Infinity;
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    f();
    b = Math.min(b, performance.now() - t0);
  }
  return b;
}

/** kernel maps for an object's maps (inner maps first), and the program with lddw imm = fd */
function kernelProgram(c: Case): { insns: Instruction[]; fds: number[] } {
  const fds: number[] = [];
  if (!c.spec) return { insns: c.insns, fds };
  const create = (m: MapSpec): number => {
    const inner = m.innerMap ? create(m.innerMap) : undefined;
    const fd = mapCreate({ mapType: m.type, keySize: m.keySize, valueSize: m.valueSize, maxEntries: m.maxEntries, mapFlags: m.flags, innerMapFd: inner });
    fds.push(fd);
    return fd;
  };
  const mapFds = c.spec.maps.map(create);
  return { insns: c.insns.map((i) => (i.code === LDDW && (i.src === op.BPF_PSEUDO_MAP_FD || i.src === op.BPF_PSEUDO_MAP_VALUE) ? { ...i, imm: mapFds[i.imm]! } : i)), fds };
}

registerBench({
  name: 'verifier',
  run({ quick }) {
    const reps = quick ? 1 : 3;
    const k = kernelAvailable();
    const rows: (string | number)[][] = [];
    const notes: string[] = [];
    for (const c of cases()) {
      let res = verify(c.insns, c.opts);
      const ms = best(reps, () => { res = verify(c.insns, c.opts); });
      let kms: number | string = k.ok ? '' : 'n/a';
      let kprocessed: number | string = k.ok ? '' : 'n/a';
      if (k.ok) {
        let kp: { insns: Instruction[]; fds: number[] } | undefined;
        try {
          kp = kernelProgram(c);
          const load = () => closeFd(progLoad({ progType: c.progType, insns: kp!.insns, expectedAttachType: c.opts.expectedAttachType, retryWithLog: false }).fd);
          // BPF_LOG_STATS (log level 4): only the verifier's "processed N insns" line
          const stats = progLoad({ progType: c.progType, insns: kp.insns, expectedAttachType: c.opts.expectedAttachType, retryWithLog: false, logLevel: 4, logSize: 4096 });
          closeFd(stats.fd);
          kprocessed = Number(/processed (\d+) insns/.exec(stats.log)?.[1] ?? NaN);
          kms = best(reps, load);
        } catch (e) {
          kms = 'refused';
          notes.push(`${c.name}: the kernel refused the raw program (${(e as Error).message.slice(0, 90)}): libbpf adds BTF func_info the raw load lacks`);
        } finally {
          for (const fd of kp?.fds ?? []) closeFd(fd);
        }
      }
      rows.push([
        c.name, res.accepted ? 'accepted' : `rejected: ${res.message?.slice(0, 40)}`, res.stats.processed, kprocessed,
        typeof kprocessed === 'number' ? (res.stats.processed / kprocessed).toFixed(2) + 'x' : '', ms.toFixed(2),
        ((ms * 1000) / Math.max(1, res.stats.processed)).toFixed(2),
        typeof kms === 'number' ? kms.toFixed(3) : kms, typeof kms === 'number' ? (ms / kms).toFixed(1) + 'x' : '',
      ]);
    }
    if (!k.ok) notes.push(`kernel column empty: ${k.reason}`);
    return {
      title: 'Verification time: tsbpf verify() vs the kernel\'s BPF_PROG_LOAD (verifier + JIT), same programs, same run',
      columns: ['program', 'tsbpf verdict', 'insns processed', 'kernel insns processed', 'processed tsbpf / kernel', 'tsbpf ms', 'tsbpf µs/insn', 'kernel ms', 'tsbpf / kernel'],
      rows,
      notes,
    };
  },
});
