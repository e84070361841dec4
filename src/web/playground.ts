/**
 * The web playground's model, without the DOM: what the page shows about an object (programs,
 * maps, BTF), the verifier's view of a program (kernel log, per-instruction abstract states from
 * the verifier's JSON trace, the failing path, C source lines from BTF line_info) and the JIT's
 * WebAssembly as text. Browser-safe like the rest of the core (test/browser_core.test.ts): the
 * page imports it, and Node tests exercise the same functions.
 */
import { BpfError } from '../isa/errors.js';
import { type Instruction, LDDW, slotIndices } from '../isa/instruction.js';
import { BPF_JMP, BPF_JMP32, BPF_JA, BPF_CALL, BPF_EXIT, BPF_PSEUDO_CALL } from '../isa/opcodes.js';
import { loadObjectSpec } from '../elf/loader.js';
import type { ObjectSpec, ProgramSpec } from '../elf/spec.js';
import { dumpC } from '../btf/dump_c.js';
import { verify } from '../verifier/verify.js';
import type { VerifierMap, VerifyOptions, VerifyResult } from '../verifier/types.js';
import type { StateTrace } from '../verifier/trace.js';
import { verifierMapOfSpec, verifyOptionsForProgram } from '../verifier/object.js';
import { disasmSlot } from '../verifier/disasm.js';
import { slotsFromBytes, type Slots } from '../verifier/cfg.js';
import { encodeInstructions } from '../isa/instruction.js';
import { assemble } from '../asm/object.js';
import { progTypeName } from '../progtypes/prog_types.js';
import { mapTypeName } from '../maps/constants.js';
import { resolveProgTypeId } from '../verifier/verify.js';
import { wasmToWat } from '../vm/jit/wat.js';
import { compileModule } from '../vm/jit/runtime.js';

/** one program as the playground lists it */
export interface PlaygroundProgram {
  name: string;
  section: string;
  /** enum bpf_prog_type */
  type: number;
  typeName: string;
  insns: readonly Instruction[];
  /** BTF line info by slot (the C line that starts at the instruction) */
  lines: Map<number, string>;
  spec?: ProgramSpec;
}

/** what the page shows about an ELF object or an assembled program */
export interface PlaygroundObject {
  name: string;
  /** the ELF bytes (an object) or undefined (assembled source) */
  bytes?: Uint8Array;
  spec?: ObjectSpec;
  programs: PlaygroundProgram[];
  maps: { name: string; type: string; keySize: number; valueSize: number; maxEntries: number }[];
  /** BTF as C declarations (bpftool btf dump format c), '' when the object has none */
  btfC: string;
  /** the maps the verifier sees when there is no ELF spec (a compiled script's), by the index its lddw carry */
  verifierMaps?: VerifierMap[];
}

function programOf(p: ProgramSpec): PlaygroundProgram {
  const lines = new Map<number, string>();
  for (const l of p.lineInfo) if (l.line.trim()) lines.set(l.insn, `${l.lineNum ? `${l.lineNum}: ` : ''}${l.line.trim()}`);
  return { name: p.name, section: p.section, type: p.type, typeName: progTypeName(p.type), insns: p.insns, lines, spec: p };
}

/** open a clang-compiled (or `tsbpf asm -o`) ELF object */
export function openObject(bytes: Uint8Array, name = 'object.bpf.o'): PlaygroundObject {
  const spec = loadObjectSpec(bytes, { file: name });
  if (spec.programs.length === 0) throw new BpfError('ENOENT', `${name}: the object has no programs (no executable section with a SEC() name)`);
  let btfC = '';
  if (spec.btf) {
    try {
      btfC = dumpC(spec.btf);
    } catch (e) {
      btfC = `/* BTF could not be printed as C: ${(e as Error).message} */`;
    }
  }
  return {
    name, bytes, spec, btfC,
    programs: spec.programs.map(programOf),
    maps: spec.maps.map((m) => ({ name: m.name, type: mapTypeName(m.type), keySize: m.keySize, valueSize: m.valueSize, maxEntries: m.maxEntries })),
  };
}

/** assemble llvm-dialect source into a one-program playground object of the given program type */
export function assembleProgram(source: string, progType: string, name = 'prog'): PlaygroundObject {
  const insns = assemble(source);
  if (insns.length === 0) throw new BpfError('EINVAL', 'the source has no instructions');
  const type = resolveProgTypeId(progType);
  return { name: `${name}.s`, programs: [{ name, section: progType, type, typeName: progTypeName(type), insns, lines: new Map() }], maps: [], btfC: '' };
}

/** one row of the state view: an instruction, its source line, and the verifier's states there */
export interface InsnRow {
  /** slot index (what the kernel log calls the instruction number) */
  insn: number;
  text: string;
  source?: string;
  /** how often the verifier walked it (0: dead code) */
  visits: number;
  /** index into VerifyView.steps of the last state seen before the instruction, -1 when none */
  lastStep: number;
  onFailingPath: boolean;
  failing: boolean;
}

/** a row whose instruction text is made when the (virtualised) view first shows it */
class StateRow implements InsnRow {
  private t: string | undefined;
  readonly source?: string;
  constructor(private readonly slots: Slots, readonly insn: number, source: string | undefined, readonly visits: number,
    readonly lastStep: number, readonly onFailingPath: boolean, readonly failing: boolean) {
    if (source) this.source = source;
  }
  get text(): string { return (this.t ??= disasmSlot(this.slots, this.insn)); }
}

/** the steps of a verifier trace as the failing path needs them: where each was, in which frame */
export interface StepPlaces {
  readonly length: number;
  insnAt(k: number): number;
  frameAt(k: number): number;
}

export interface VerifyView {
  /** the verdict; its log is the level-0 one (errors only): `fullLog()` has the kernel's level-1 log */
  result: VerifyResult;
  rows: InsnRow[];
  /** the verifier's states step by step (`steps.get(k)` formats step k) */
  steps: StateTrace;
  /** the step indices before slot `insn` (every state the verifier had there), in order */
  stepsAt(insn: number): Int32Array;
  /** the kernel-format log at level 1 (the path to the error, states at branches): verified again on first call */
  fullLog(): string;
}

function verifierMaps(o: PlaygroundObject): VerifierMap[] {
  return o.spec ? o.spec.maps.map(verifierMapOfSpec) : [];
}

/**
 * Does the step at (j, fb) follow the one at (i, fa) on one path? The next instruction, a jump
 * target, a bpf-to-bpf call's target (one frame deeper); an exit of a subprogram returns to its
 * caller (one frame up). An exit of the main program ends the path: whatever comes next is a state
 * popped from the stack.
 */
function follows(insnAt: Map<number, Instruction>, i: number, fa: number, j: number, fb: number): boolean {
  const x = insnAt.get(i);
  if (!x) return false;
  const cls = x.code & 7;
  const size = x.code === LDDW ? 2 : 1;
  if (cls !== BPF_JMP && cls !== BPF_JMP32) return j === i + size && fa === fb;
  const op = x.code & 0xf0;
  if (op === BPF_EXIT) return fa > 0 && fb === fa - 1;
  if (op === BPF_CALL) return x.src === BPF_PSEUDO_CALL ? j === i + x.imm + 1 && fb === fa + 1 : j === i + 1 && fa === fb;
  const target = i + 1 + (cls === BPF_JMP32 && op === BPF_JA ? x.imm : x.off);
  if (fa !== fb) return false;
  if (op === BPF_JA) return j === target;
  return j === target || j === i + 1;
}

/**
 * The instructions of the path the verifier was on when it stopped, from its trace read
 * backwards: a popped branch state (kernel/bpf/verifier.c pop_stack resumes at the other side of
 * a branch) does not follow from the exit or pruned point just before it, so the walk jumps back to
 * the branch instruction that pushed it.
 */
export function failingPath(steps: StepPlaces, insns: readonly Instruction[]): Set<number> {
  const path = new Set<number>();
  if (steps.length === 0) return path;
  const slots = slotIndices(insns);
  const insnAt = new Map<number, Instruction>();
  insns.forEach((x, k) => insnAt.set(slots[k]!, x));
  let k = steps.length - 1;
  path.add(steps.insnAt(k));
  while (k > 0) {
    // the step before on the same walk, or (after a pop) the branch that pushed this state: the
    // latest earlier step this one follows from (the verifier's stack is last in, first out)
    const j = steps.insnAt(k);
    const fb = steps.frameAt(k);
    let m = k - 1;
    while (m >= 0 && !follows(insnAt, steps.insnAt(m), steps.frameAt(m), j, fb)) m--;
    if (m < 0) break;
    path.add(steps.insnAt(m));
    k = m;
  }
  return path;
}

/** what BPF_PROG_LOAD gives the verifier for a program of the page (maps, type, license, line info) */
export function programVerifyOptions(o: PlaygroundObject, prog: PlaygroundProgram): VerifyOptions {
  return prog.spec ? verifyOptionsForProgram(prog.spec, verifierMaps(o), {}, o.spec?.btf) : { progType: prog.type, maps: o.verifierMaps ?? [] };
}

/**
 * Run the verifier on a program, recording its states (verifier/trace.ts: typed arrays, formatted
 * when a row shows them), and build the state view. The kernel-format log at level 1 is not made
 * here: formatting it costs as much as verifying, and the page shows it only when asked (fullLog).
 */
export function verifyProgram(o: PlaygroundObject, prog: PlaygroundProgram, opts: { unpriv?: boolean; kernel?: '6.18' | '5.10' } = {}): VerifyView {
  const base: VerifyOptions = { ...programVerifyOptions(o, prog), unpriv: opts.unpriv ?? false, ...(opts.kernel ? { kernel: opts.kernel } : {}) };
  const result = verify(prog.insns, { ...base, json: 'trace', logLevel: 0 });
  const steps = result.trace!;
  const slots = slotsFromBytes(encodeInstructions(prog.insns));
  // the steps of each slot, as one array sliced by offsets (a counting sort: no array per slot)
  const start = new Int32Array(slots.n + 1);
  for (let k = 0; k < steps.length; k++) start[steps.insnAt(k) + 1]!++;
  for (let i = 0; i < slots.n; i++) start[i + 1]! += start[i]!;
  const order = new Int32Array(steps.length);
  const fill = start.slice(0, slots.n);
  for (let k = 0; k < steps.length; k++) order[fill[steps.insnAt(k)]!++] = k;
  const stepsAt = (insn: number): Int32Array => (insn >= 0 && insn < slots.n ? order.subarray(start[insn]!, start[insn + 1]!) : new Int32Array(0));
  const bad = result.accepted ? new Set<number>() : failingPath(steps, prog.insns);
  const rows: InsnRow[] = [];
  for (let i = 0; i < slots.n; i += slots.code[i] === LDDW ? 2 : 1) {
    const visits = start[i + 1]! - start[i]!;
    rows.push(new StateRow(slots, i, prog.lines.get(i), visits, visits ? order[start[i + 1]! - 1]! : -1, bad.has(i), !result.accepted && result.insn === i));
  }
  let log: string | undefined;
  const fullLog = (): string => (log ??= verify(prog.insns, { ...base, logLevel: 1 }).log);
  return { result, rows, steps, stepsAt, fullLog };
}

/** the JIT's WebAssembly module as text (what `tsbpf prog dump jited` prints) */
export function watOf(insns: readonly Instruction[], verified: boolean): string {
  return wasmToWat(compileModule(insns, !verified, true).wasm);
}

/** a value for a register as the debugger shows it: hex, and decimal when it is small */
export function regText(v: bigint): string {
  const hex = `0x${v.toString(16)}`;
  return v < 1_000_000n ? `${hex} (${v})` : hex;
}

/** hex dump rows of 16 bytes: offset, hex, ASCII */
export function hexRows(b: Uint8Array, base = 0): { off: string; hex: string; ascii: string }[] {
  const rows: { off: string; hex: string; ascii: string }[] = [];
  for (let i = 0; i < b.length; i += 16) {
    const chunk = b.subarray(i, i + 16);
    rows.push({
      off: (base + i).toString(16).padStart(4, '0'),
      hex: Array.from(chunk, (x) => x.toString(16).padStart(2, '0')).join(' '),
      ascii: Array.from(chunk, (x) => (x >= 0x20 && x < 0x7f ? String.fromCharCode(x) : '.')).join(''),
    });
  }
  return rows;
}

/** a registry-free program name check for messages */
export function describeProgram(p: PlaygroundProgram): string {
  return `${p.name} [${p.section}] ${p.typeName}, ${slotIndices(p.insns)[p.insns.length]} insns`;
}
