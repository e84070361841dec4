/**
 * The kernel as an oracle: run a program as XDP in Linux (BPF_PROG_LOAD + BPF_PROG_TEST_RUN on a
 * 64-byte packet) and in a tsbpf engine, compare the return value and the packet afterwards, and
 * shrink a disagreeing program to a small reproducer. The engine is a parameter (`XdpEngine`), so
 * the interpreter, the JIT and any engine to come run through the same comparison.
 */
import { closeFd, progLoad, progTestRun } from '../../src/hooks/kernel/index.js';
import { bytesToHex, encodeInstructions, type Instruction } from '../../src/isa/instruction.js';
import { disassemble } from '../../src/asm/disasm.js';
import { runXdp } from '../../src/vm/run.js';
import type { EngineName } from '../../src/vm/engine.js';
import { assemble, deAtomize, shrinkCandidates, stackReadsInitialised, type RandomProgram, type Stmt } from './random_program.js';

export interface XdpOutcome {
  retval: number;
  dataOut: Uint8Array;
}

/** an engine under test: run an XDP program over a packet */
export interface XdpEngine {
  name: string;
  runXdp(insns: readonly Instruction[], data: Uint8Array): XdpOutcome;
}

/** a tsbpf engine by its `--engine` name */
export function tsbpfEngine(name: EngineName): XdpEngine {
  return { name, runXdp: (insns, data) => runXdp(insns, data, { engine: name }) };
}

export type KernelOutcome = ({ ok: true } & XdpOutcome) | { ok: false; error: string };

/** load as XDP and test-run once in the kernel; a verifier rejection is `{ok: false}` */
export function kernelRunXdp(insns: readonly Instruction[], data: Uint8Array): KernelOutcome {
  let fd: number;
  try {
    fd = progLoad({ progType: 'XDP', insns: encodeInstructions(insns) }).fd;
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
  try {
    const r = progTestRun(fd, { dataIn: data });
    return { ok: true, retval: r.retval, dataOut: r.dataOut };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  } finally {
    closeFd(fd);
  }
}

export type Verdict =
  | { kind: 'agree' }
  | { kind: 'rejected'; error: string }
  | { kind: 'mismatch'; what: string; kernel: XdpOutcome; engine: XdpOutcome | null }
  /** the kernel ran a program other than the one loaded (see kernelDeviation) */
  | { kind: 'kernel-deviation'; what: string };

function hex(b: Uint8Array): string {
  return bytesToHex(b);
}

/** the deAtomized program when it differs from the original */
function equivalentOf(init: readonly Stmt[], body: readonly Stmt[]): Instruction[] | undefined {
  const d = deAtomize(body);
  const a = assemble(init, d);
  const b = assemble(init, body);
  return a.length === b.length ? undefined : a;
}

/** compare one program on one packet between the kernel and an engine */
export function compareOne(engine: XdpEngine, insns: readonly Instruction[], data: Uint8Array, equivalent?: readonly Instruction[]): Verdict {
  const k = kernelRunXdp(insns, data);
  if (!k.ok) return { kind: 'rejected', error: k.error };
  let e: XdpOutcome;
  try {
    e = engine.runXdp(insns, data);
  } catch (err) {
    return { kind: 'mismatch', what: `${engine.name} failed: ${(err as Error).message}`, kernel: k, engine: null };
  }
  const diffs: string[] = [];
  if (e.retval >>> 0 !== k.retval >>> 0) diffs.push(`retval kernel 0x${(k.retval >>> 0).toString(16)} ${engine.name} 0x${(e.retval >>> 0).toString(16)}`);
  if (hex(e.dataOut) !== hex(k.dataOut)) {
    const words: string[] = [];
    for (let w = 0; w * 8 < Math.max(k.dataOut.length, e.dataOut.length); w++) {
      const a = hex(k.dataOut.subarray(w * 8, w * 8 + 8));
      const b = hex(e.dataOut.subarray(w * 8, w * 8 + 8));
      if (a !== b) words.push(`packet[${w * 8}..${w * 8 + 7}] kernel ${a} ${engine.name} ${b}`);
    }
    diffs.push(words.join('; ') || `packet length kernel ${k.dataOut.length} ${engine.name} ${e.dataOut.length}`);
  }
  if (!diffs.length) return { kind: 'agree' };
  const dev = kernelDeviation(e, equivalent, data);
  if (dev) return { kind: 'kernel-deviation', what: `${dev}; ${diffs.join('; ')}` };
  return { kind: 'mismatch', what: diffs.join('; '), kernel: k, engine: e };
}

/**
 * Explain a disagreement by a bug of the kernel: the kernel runs an equivalent program (the same
 * ISA semantics, `deAtomize`: fetching atomics spelled as plain loads and stores) and now gives
 * exactly the engine's result. Linux 6.18's verifier loses precision through an atomic fetch from
 * a spilled stack slot and removes a reachable branch as dead code; the kernel's translated
 * program (progXlated) then lacks that branch. Such programs are counted apart, not as agreement.
 */
export function kernelDeviation(e: XdpOutcome, equivalent: readonly Instruction[] | undefined, data: Uint8Array): string | null {
  if (!equivalent) return null;
  const k2 = kernelRunXdp(equivalent, data);
  if (!k2.ok || k2.retval >>> 0 !== e.retval >>> 0 || hex(k2.dataOut) !== hex(e.dataOut)) return null;
  return 'the kernel agrees on the equivalent program without atomic fetches (its verifier dropped a reachable branch)';
}

/**
 * Shrink a disagreeing program: drop statements and flatten branches while the kernel still
 * accepts it and the engine still disagrees (greedy delta debugging to a fixed point).
 */
export function shrinkProgram(engine: XdpEngine, p: RandomProgram, budget = 2000): { body: Stmt[]; insns: Instruction[]; verdict: Verdict } {
  let body = p.body;
  let insns = p.insns;
  let verdict = compareOne(engine, insns, p.data, equivalentOf(p.init, body));
  let tries = 0;
  let progress = true;
  while (progress && tries < budget) {
    progress = false;
    for (const cand of shrinkCandidates(body)) {
      if (++tries > budget) break;
      if (!stackReadsInitialised(cand)) continue;
      const ci = assemble(p.init, cand);
      const v = compareOne(engine, ci, p.data, equivalentOf(p.init, cand));
      if (v.kind === 'mismatch') {
        body = cand;
        insns = ci;
        verdict = v;
        progress = true;
        break;
      }
    }
  }
  return { body, insns, verdict };
}

/** a program printed for a human: llvm-objdump-style disassembly (slot, bytes, llvm syntax), the packet, the raw hex */
export function describeProgram(insns: readonly Instruction[], data: Uint8Array): string {
  const text = disassemble(insns, { section: 'xdp' }).trimEnd().split('\n').map((l) => `  ${l}`);
  return [...text, `  packet: ${bytesToHex(data)}`, `  insns hex: ${bytesToHex(encodeInstructions(insns))}`].join('\n');
}

export interface DiffReport {
  engine: string;
  programs: number;
  agreed: number;
  rejected: { seed: number; error: string }[];
  mismatches: { seed: number; what: string }[];
  /** disagreements explained by the kernel running a different program than loaded (kernelDeviation) */
  kernelDeviations: { seed: number; what: string }[];
  /** the first mismatch, shrunk and printed */
  reproducer?: string;
}

/** run the differential over `programs` and summarise */
export function runDifferential(engine: XdpEngine, programs: Iterable<RandomProgram>, opts: { shrink?: boolean; maxMismatches?: number } = {}): DiffReport {
  const rep: DiffReport = { engine: engine.name, programs: 0, agreed: 0, rejected: [], mismatches: [], kernelDeviations: [] };
  let first: RandomProgram | undefined;
  for (const p of programs) {
    rep.programs++;
    const v = compareOne(engine, p.insns, p.data, equivalentOf(p.init, p.body));
    if (v.kind === 'agree') rep.agreed++;
    else if (v.kind === 'rejected') rep.rejected.push({ seed: p.seed, error: v.error });
    else if (v.kind === 'kernel-deviation') rep.kernelDeviations.push({ seed: p.seed, what: v.what });
    else {
      rep.mismatches.push({ seed: p.seed, what: v.what });
      first ??= p;
      if (rep.mismatches.length >= (opts.maxMismatches ?? Infinity)) break;
    }
  }
  if (first) {
    const s = opts.shrink === false ? { insns: first.insns, verdict: compareOne(engine, first.insns, first.data, equivalentOf(first.init, first.body)) } : shrinkProgram(engine, first);
    const what = s.verdict.kind === 'mismatch' ? s.verdict.what : s.verdict.kind;
    rep.reproducer = `seed ${first.seed} (${first.insns.length} insns, shrunk to ${s.insns.length}): ${what}\n${describeProgram(s.insns, first.data)}`;
  }
  return rep;
}
