/**
 * The JIT engine's JavaScript side: compile (with a module cache per program), instantiate on an
 * AddressSpace, and run with the interpreter's signature and results (vm/interpreter.ts
 * `Interpreter.run`): same stack layout (so pointers agree), same errors and messages, same
 * instruction counts. Helpers run through a HelperContext over the spill area.
 */
import { BpfError } from '../../isa/errors.js';
import { type Instruction, decodeInstructions } from '../../isa/instruction.js';
import { validateInstructions } from '../../isa/validate.js';
import { MAX_BPF_STACK, MAX_CALL_FRAMES } from '../../isa/opcodes.js';
import { type ExecEnv, type HelperContext, type HelperRegistry, type TailCallTarget, ProgramThrow } from '../../helpers/api.js';
import { AddressSpace, RegionKind, type Region } from '../address_space.js';
import { Sandbox, runPointers } from '../sandbox.js';
import { arenaCast, inArenaGuard, type ArenaLayout } from '../arena_cast.js';
import type { RunArgs, RunResult } from '../interpreter.js';
import { buildBlocks, type Program } from './cfg.js';
import { generateModule, generateModuleView, writesR10, SPILL, SPILL_CNT, SPILL_DEPTH, SPILL_GEN, SPILL_REGION_LIM, SPILL_LDABS_FAIL, Trap } from './codegen.js';
import { BPF_FUNC_map_delete_elem, BPF_FUNC_map_lookup_elem, BPF_FUNC_map_update_elem, MapFastPath, mapSites } from './map_fastpath.js';
import { standardRingHelpers } from './ringbuf_fastpath.js';

/** the kernel's MAX_TAIL_CALL_CNT (same as the interpreter's) */
const MAX_TAIL_CALL_CNT = 33;
const DEFAULT_BUDGET = 100_000_000;

export interface JitOptions {
  as?: AddressSpace;
  helpers?: HelperRegistry;
  /** most instructions one run may execute (default 100M), as the interpreter's budget */
  budget?: number;
  /**
   * the program was accepted by the verifier: skip the region checks (wasm's own bounds still
   * confine every access to the runtime's memory). Default false: every access is checked.
   */
  verified?: boolean;
  /** count instructions and enforce the budget (default true); off only for verified programs */
  countInstructions?: boolean;
  /** addresses of the objects the program references: what its sandbox owns (InterpreterOptions.owns) */
  owns?: readonly number[];
  /**
   * the arena addr_space_cast maps into (InterpreterOptions.arena); a program with one runs
   * checked even when verified: the kernel's verifier bounds no arena access (its JIT turns a
   * fault into a zero load), so only the region checks keep such accesses inside the program's own
   */
  arena?: ArenaLayout;
}

export interface CompiledModule {
  module: WebAssembly.Module;
  /**
   * bytes of the wasm module (for `prog dump jited`): the compiled code plus a "name" section,
   * generated on first use (the module V8 compiles carries no names: strings cost time)
   */
  readonly wasm: Uint8Array<ArrayBuffer>;
  /** size of the module V8 compiled */
  wasmBytes: number;
  /** milliseconds spent generating and compiling */
  compileMs: number;
  insns: readonly Instruction[];
  checked: boolean;
  budget: boolean;
  trustR10: boolean;
  /** budget slow-path modules by block start slot, compiled on first use */
  slow: Map<number, WebAssembly.Module>;
  prog: Program;
}

/**
 * Compiled modules by a hash of the program and the code-generation options; a hit is confirmed
 * against a snapshot of the instructions (3 int32 per instruction), so a program changed in place
 * after compiling is never mistaken for the old one. Least recently used first.
 */
interface CacheEntry {
  flags: number;
  snap: Int32Array;
  cm: CompiledModule;
}
const moduleCache = new Map<number, CacheEntry[]>();
let cacheSize = 0;
const MODULE_CACHE_MAX = 512;

/** forget every compiled module (benchmarks of the compile path; memory pressure) */
export function clearModuleCache(): void {
  moduleCache.clear();
  cacheSize = 0;
}

/**
 * The instructions packed 3 words each; null when a field is outside its encoding's range (such a
 * program is invalid, and packing it could make it equal to a valid one: it is never cached)
 */
function snapshot(insns: readonly Instruction[]): Int32Array | null {
  const a = new Int32Array(insns.length * 3);
  for (let k = 0, j = 0; k < insns.length; k++, j += 3) {
    const i = insns[k]!;
    const { code, dst, src, off, imm, imm2 } = i;
    if (code >>> 8 !== 0 || dst >>> 4 !== 0 || src >>> 4 !== 0 || (off << 16) >> 16 !== off || (imm | 0) !== imm || (imm2 | 0) !== imm2) return null;
    a[j] = code | (dst << 8) | (src << 12) | (off << 16);
    a[j + 1] = imm;
    a[j + 2] = imm2;
  }
  return a;
}

function hashOf(snap: Int32Array, flags: number): number {
  // FNV-1a over 32-bit words
  let h = 0x811c9dc5 ^ flags;
  for (let k = 0; k < snap.length; k++) h = Math.imul(h ^ snap[k]!, 0x01000193);
  return h >>> 0;
}

function sameSnap(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

/**
 * Generate and compile the wasm module of a program (validated first); cached per program.
 * `untrustedR10`: the program may start with an r10 that is not its frame pointer (a tail call
 * from a program that wrote r10), so stack accesses through r10 are checked too.
 */
export function compileModule(insns: readonly Instruction[], checked = true, budget = true, untrustedR10 = false): CompiledModule {
  const flags = (checked ? 1 : 0) | (budget ? 2 : 0) | (untrustedR10 ? 4 : 0);
  const snap = snapshot(insns);
  if (snap === null) validateInstructions(insns); // throws: a field out of range
  const key = snap ? hashOf(snap, flags) : 0;
  const bucket = snap ? moduleCache.get(key) : undefined;
  if (bucket) {
    for (const e of bucket) {
      if (e.flags === flags && sameSnap(e.snap, snap!)) {
        // refresh LRU position
        moduleCache.delete(key);
        moduleCache.set(key, bucket);
        return e.cm;
      }
    }
  }
  validateInstructions(insns);
  const t0 = performance.now();
  const prog = buildBlocks(insns);
  const trustR10 = !untrustedR10 && !writesR10(prog);
  const bytes = generateModuleView(prog, { checked, budget, trustR10 });
  const module = compileWasm(bytes, insns.length);
  let named: Uint8Array<ArrayBuffer> | undefined;
  const cm: CompiledModule = {
    module,
    get wasm() {
      return (named ??= generateModule(prog, { checked, budget, trustR10, names: true }));
    },
    wasmBytes: bytes.length,
    compileMs: performance.now() - t0,
    insns,
    checked,
    budget,
    trustR10,
    slow: new Map(),
    prog,
  };
  if (!snap) return cm;
  if (bucket) bucket.push({ flags, snap, cm });
  else moduleCache.set(key, [{ flags, snap, cm }]);
  if (++cacheSize > MODULE_CACHE_MAX) {
    const [oldKey, oldBucket] = moduleCache.entries().next().value!;
    moduleCache.delete(oldKey);
    cacheSize -= oldBucket.length;
  }
  return cm;
}

/** the wasm bytes the JIT generates for a program, with function names (checked, budgeted unless told otherwise) */
export function jitWasm(insns: readonly Instruction[], opts: { verified?: boolean; countInstructions?: boolean } = {}): Uint8Array {
  return compileModule(insns, !opts.verified, opts.countInstructions ?? true).wasm;
}

let branchHintsAsked = false;
/**
 * The code generator marks the slow paths of checked code (the region lookup call of an access
 * that misses the stack and the cached region) unlikely in a `metadata.code.branch_hint` section
 * (wasm.ts). TurboFan then makes them deferred blocks, placed out of line, and its register
 * allocator moves the spills a call needs (V8's wasm calls preserve no register) into them instead
 * of keeping the loop's values in stack slots on the hot path: bubble's checked inner loop runs
 * ~2x faster. Node 20-22's V8 (11.3-12.4) reads the section only behind
 * --experimental-wasm-branch-hinting, a flag that changes nothing else (it makes V8 decode that
 * one custom section), so a Node process turns it on once, before its first compile; browsers
 * that ship branch hinting read it as they are. Newer V8 majors are left alone (the flag may be
 * gone there, and V8 prints an error for an unknown flag). TSBPF_WASM_BRANCH_HINTS=0 leaves it off.
 */
function enableBranchHints(): void {
  branchHintsAsked = true;
  const proc = (globalThis as { process?: { versions?: { v8?: string }; env?: Record<string, string | undefined>; getBuiltinModule?: (id: string) => unknown } }).process;
  const v8major = Number(proc?.versions?.v8?.split('.')[0]);
  if (!proc?.getBuiltinModule || !(v8major >= 9 && v8major <= 12) || proc.env?.TSBPF_WASM_BRANCH_HINTS === '0') return;
  (proc.getBuiltinModule('node:v8') as { setFlagsFromString(flags: string): void }).setFlagsFromString('--experimental-wasm-branch-hinting');
}

/** compile generated bytes; V8's limits (function size, locals) become E2BIG */
function compileWasm(wasm: Uint8Array<ArrayBuffer>, n: number): WebAssembly.Module {
  if (!branchHintsAsked) enableBranchHints();
  try {
    return new WebAssembly.Module(wasm);
  } catch (e) {
    if (e instanceof WebAssembly.CompileError || e instanceof RangeError) {
      throw new BpfError('E2BIG', `the program (${n} instructions, ${wasm.length} bytes of wasm) is too large for the JIT: ${e.message}`);
    }
    throw e;
  }
}

/** index of the function starting at slot `pc` in prog.funcEntries (sorted), or -1 */
function funcIndexOf(prog: Program, pc: number): number {
  const e = prog.funcEntries;
  let lo = 0, hi = e.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (e[mid] === pc) return mid;
    if (e[mid]! < pc) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** r0 values most programs return (verdicts, small counts), as BigInts made once */
const SMALL_R0: readonly bigint[] = Array.from({ length: 256 }, (_, k) => BigInt(k));

/** the map-helper imports of a module without map slots (never called) */
function unused(): number {
  throw new BpfError('EFAULT', 'internal error: a map fast-path import was called by a module without map slots');
}

/** thrown through wasm frames when LD_ABS/LD_IND reads past the packet: the program returns 0 */
const ABORT = Symbol('ld_abs abort');

interface Exports {
  entry: (depth: number) => void;
  limit: WebAssembly.Global;
  /** run function k (its index in Program.funcEntries); present when there are several */
  entry_indirect?: (depth: number, k: number) => void;
  /** n runs of the first function with r1..r5 as given (codegen.ts RUN_N_BODY) */
  run_n?: (n: number, r1: bigint, r2: bigint, r3: bigint, r4: bigint, r5: bigint) => void;
}

/**
 * A program compiled to WebAssembly and bound to an address space: `run()` has the
 * interpreter's signature and results.
 */
export class JitProgram implements HelperContext {
  readonly as: AddressSpace;
  readonly helpers: HelperRegistry | undefined;
  budget: number;
  env: ExecEnv = {};
  /** slot of the helper call in progress (HelperContext.pc) */
  pc = 0;
  readonly insns: readonly Instruction[];
  readonly compiled: CompiledModule;
  private readonly stack: Region;
  /**
   * what an unverified program owns (vm/sandbox.ts), the address space's policy during its runs;
   * null for verified programs, which run at full speed with no policy
   */
  readonly sandbox: Sandbox | null;
  private readonly stackTop: WebAssembly.Global;
  private readonly stackLo: WebAssembly.Global;
  private readonly exports: Exports;
  /**
   * exports.entry, read once: export objects of different modules have different shapes, so a
   * process running many programs would make `this.exports.entry` a megamorphic load per run
   */
  private readonly entryFn: (depth: number) => void;
  /** import objects per compiled module (the main program's and tail-call targets') */
  private readonly importsOf = new Map<CompiledModule, WebAssembly.Imports>();
  /** the instance of each compiled module on this address space */
  private readonly exportsOf = new Map<CompiledModule, Exports>();
  /** the module whose helper call is in progress (for callbacks) */
  private current: CompiledModule | null = null;
  /** JitOptions.arena */
  private readonly arena: ArenaLayout | undefined;
  private readonly checked: boolean;
  private readonly counting: boolean;
  private i32: Int32Array;
  private u8seen: Uint8Array | null = null;
  private pendingTail: TailCallTarget | null = null;
  private tailCalls = 0;
  private lastLimit = -1;
  /**
   * inside runRepeat: the SPILL_GEN value of the run whose per-run state (tail-call counts, the
   * sandbox's grants) is current; -1 outside batches, where run() resets that state itself
   */
  private gen = -1;
  private batchR1: number | bigint | undefined;
  /** instances of tail-call targets on this address space and stack */
  private readonly tailInstances = new WeakMap<TailCallTarget, Exports>();
  /** the map slots of each compiled module with map-helper fast paths (map_fastpath.ts) */
  private readonly fastOf = new Map<CompiledModule, MapFastPath>();
  private readonly fastByExports = new WeakMap<Exports, MapFastPath>();

  constructor(prog: readonly Instruction[] | Uint8Array, opts: JitOptions = {}) {
    this.insns = prog instanceof Uint8Array ? decodeInstructions(prog) : prog;
    this.arena = opts.arena;
    this.checked = !opts.verified || opts.arena !== undefined;
    this.counting = opts.countInstructions ?? true;
    if (!this.counting && this.checked) throw new BpfError('EINVAL', 'an unverified program must run with the instruction budget');
    this.compiled = compileModule(this.insns, this.checked, this.counting);
    this.as = opts.as ?? new AddressSpace();
    this.helpers = opts.helpers;
    this.budget = opts.budget ?? DEFAULT_BUDGET;
    // the same single stack region as the interpreter (frame k's r10 = top - 512*k), mapped first
    // so that pointers agree between the engines
    this.stack = this.as.map(MAX_BPF_STACK * MAX_CALL_FRAMES, RegionKind.Stack, 'stack');
    this.sandbox = this.checked ? new Sandbox(this.as, this.stack, opts.owns ?? []) : null;
    this.stackTop = new WebAssembly.Global({ value: 'i64', mutable: false }, BigInt(this.stack.base + this.stack.size));
    this.stackLo = new WebAssembly.Global({ value: 'i64', mutable: false }, BigInt(this.stack.base));
    this.i32 = new Int32Array(this.as.memory.buffer);
    this.exports = this.instantiate(this.compiled.module, this.compiled);
    this.entryFn = this.exports.entry;
  }

  get program(): readonly Instruction[] {
    return this.insns;
  }

  private instantiate(module: WebAssembly.Module, cm: CompiledModule): Exports {
    let imports = this.importsOf.get(cm);
    if (!imports) this.importsOf.set(cm, (imports = this.makeImports(cm)));
    const inst = new WebAssembly.Instance(module, imports);
    const ex = inst.exports as unknown as Exports;
    if (module === cm.module) {
      this.exportsOf.set(cm, ex);
      const fast = this.fastOf.get(cm);
      if (fast) {
        fast.attach(inst.exports);
        this.fastByExports.set(ex, fast);
      }
    }
    return ex;
  }

  private makeImports(cm: CompiledModule): WebAssembly.Imports {
    const sites = mapSites(cm.prog);
    let fast: MapFastPath | undefined;
    if (sites) this.fastOf.set(cm, (fast = new MapFastPath(this.as, sites.consts, sites.ringSlots.length > 0)));
    return {
      bpf: {
        memory: this.as.memory,
        stack_top: this.stackTop,
        stack_lo: this.stackLo,
        helper: (id: number, pc: number): number => this.callHelper(id, pc, cm),
        tail_call: (pc: number): void => this.runTailCall(pc),
        region: (lo: number, hi: number, off: number, size: number, write: number, pc: number): number => this.region(lo, hi, off, size, write, pc),
        trap: (kind: number, pc: number, arg: number): void => this.trap(kind, pc, arg),
        ld_abs: (off: number, size: number, pc: number): number => this.ldAbs(off, size, pc),
        budget: (pc: number): void => this.budgetSlow(cm, pc),
        map_lookup: fast ? (j: number, lo: number, hi: number, pc: number): number => (this.sync(), fast.lookup(j, lo, hi, pc)) : unused,
        map_update: fast ? (j: number, klo: number, khi: number, vlo: number, vhi: number, flags: number, pc: number): number => (this.sync(), fast.update(j, klo, khi, vlo, vhi, flags, pc)) : unused,
        map_delete: fast ? (j: number, lo: number, hi: number, pc: number): number => (this.sync(), fast.delete(j, lo, hi, pc)) : unused,
        ring_wake: fast ? (j: number): void => fast.wake(j) : unused,
        arena_cast: (v: bigint, toUser: number, pc: number): bigint => {
          const l = this.arena;
          if (!l) throw new BpfError('EOPNOTSUPP', `addr_space_cast at insn ${pc}: the program references no BPF_MAP_TYPE_ARENA map whose memory could be emulated`, { insn: pc });
          return BigInt.asIntN(64, arenaCast(l, v, toUser !== 0));
        },
      },
    };
  }

  /**
   * the Int32Array over the memory, renewed when the memory grew: AddressSpace replaces its `u8`
   * view whenever it grows the memory (only its map() does: compiled code never grows it), and
   * comparing that field is far cheaper than reading `memory.buffer` (a C++ getter) every call
   */
  private view(): Int32Array {
    const u8 = this.as.u8;
    if (u8 !== this.u8seen) {
      this.u8seen = u8;
      this.i32 = new Int32Array(u8.buffer);
    }
    return this.i32;
  }

  /** run the program to completion (the interpreter's `run`) */
  run(args: RunArgs = {}): RunResult {
    // The stack is not cleared between runs, exactly as in the interpreter (Interpreter.reset):
    // its contents are undefined at entry, as in the kernel (the verifier refuses reads of
    // uninitialised slots), and zero on the first run (AddressSpace.map zeroes the region). Both
    // engines leave the same bytes behind a run (the same stores, in the same order, up to the
    // same fault or budget point), so an unverified program that reads stale stack sees the same
    // values on both.
    const m = this.view();
    const S = SPILL >> 2;
    // registers r0..r10, the count and the depth
    m.fill(0, S, S + 26);
    if (args.r1 !== undefined) setReg(m, S + 2, args.r1);
    if (args.r2 !== undefined) setReg(m, S + 4, args.r2);
    if (args.r3 !== undefined) setReg(m, S + 6, args.r3);
    if (args.r4 !== undefined) setReg(m, S + 8, args.r4);
    if (args.r5 !== undefined) setReg(m, S + 10, args.r5);
    m[S + 20] = this.stack.base + this.stack.size; // r10
    const v = this.enter(args.env ?? {}, args.r1, args.entry, args.grant);
    // one BigInt for the common r0 < 2^32 (two conversions, a shift and an or otherwise)
    const hi = v[S + 1]!;
    const lo = v[S]! >>> 0;
    const r0 = hi === 0 ? (lo < SMALL_R0.length ? SMALL_R0[lo]! : BigInt(lo)) : (BigInt(hi >>> 0) << 32n) | BigInt(lo);
    return { r0, insns: this.countOf(v) };
  }

  /**
   * `n` runs with the same arguments, the last one's result: what `n` calls of run() would do
   * (each run starts from the same registers, with env.tailCallCnt and the sandbox's run state
   * reset) in one call into wasm — the loop of BPF_PROG_TEST_RUN's bpf_test_run
   * (net/bpf/test_run.c), which likewise re-runs on the same context and packet without
   * restoring them.
   */
  runRepeat(args: RunArgs, n: number): RunResult {
    const run = this.exports.run_n;
    if (n <= 1 || !run) {
      let r = this.run(args);
      for (let k = 1; k < n; k++) {
        if (args.env?.tailCallCnt !== undefined) args.env.tailCallCnt = 0;
        r = this.run(args);
      }
      return r;
    }
    const env = args.env ?? {};
    const r1 = regArg(args.r1), r2 = regArg(args.r2), r3 = regArg(args.r3), r4 = regArg(args.r4), r5 = regArg(args.r5);
    this.env = env;
    this.batchR1 = args.r1;
    this.setLimit(this.exports);
    this.bindMaps(this.fastOf.get(this.compiled));
    const as = this.as;
    const prev = as.policy;
    if (this.sandbox !== null) as.policy = this.sandbox;
    const S = SPILL >> 2;
    let v = this.view();
    let left = n;
    try {
      while (left > 0) {
        const g0 = v[SPILL_GEN >> 2]!;
        // the first run of the batch is "seen" after this reset, the next ones by sync()
        this.gen = (g0 + 1) | 0;
        this.newRun();
        try {
          run(left, r1, r2, r3, r4, r5);
          left = 0;
        } catch (e) {
          if (e !== ABORT && !(e instanceof ProgramThrow)) throw translateTrap(e);
          // LD_ABS/LD_IND past the packet ended one run (it returns 0), or bpf_throw did (its
          // value); the batch goes on
          v = this.view();
          left -= (v[SPILL_GEN >> 2]! - g0) | 0;
          this.endRun(v, e);
        }
      }
    } finally {
      as.policy = prev;
      this.gen = -1;
      this.batchR1 = undefined;
    }
    v = this.view();
    const hi = v[S + 1]!;
    const lo = v[S]! >>> 0;
    const r0 = hi === 0 ? (lo < SMALL_R0.length ? SMALL_R0[lo]! : BigInt(lo)) : (BigInt(hi >>> 0) << 32n) | BigInt(lo);
    return { r0, insns: this.countOf(v) };
  }

  /** run the entry function with the registers already in the spill area; the view after the run */
  private enter(env: ExecEnv, r1: number | bigint | undefined, entry = 0, grant: readonly number[] = []): Int32Array {
    this.env = env;
    this.pendingTail = null;
    this.tailCalls = 0;
    this.setLimit(this.exports);
    const sb = this.sandbox;
    if (sb !== null) sb.beginRun(grant.length ? [...runPointers(r1, env), ...grant] : runPointers(r1, env));
    // RunArgs.entry: a run of one function of the program (a timer or wq callback)
    const k = entry === 0 ? 0 : funcIndexOf(this.compiled.prog, entry);
    if (k < 0) throw new BpfError('EINVAL', `run entry insn ${entry} is not the start of a function of the program`, { insn: entry });
    this.bindMaps(this.fastOf.get(this.compiled));
    const as = this.as;
    const prev = as.policy;
    if (sb !== null) as.policy = sb;
    try {
      if (k === 0) this.entryFn(0);
      else this.exports.entry_indirect!(0, k);
    } catch (e) {
      if (e !== ABORT && !(e instanceof ProgramThrow)) throw translateTrap(e);
      this.endRun(this.view(), e);
    } finally {
      as.policy = prev;
    }
    return this.view();
  }

  /**
   * r0 of a run that ended early: 0 when LD_ABS/LD_IND went past the packet, the exception
   * callback's value (or the cookie) when the program called bpf_throw
   */
  private endRun(v: Int32Array, e: unknown): void {
    const r0 = e instanceof ProgramThrow ? e.r0 : 0n;
    v[SPILL >> 2] = Number(BigInt.asIntN(32, r0));
    v[(SPILL >> 2) + 1] = Number(BigInt.asIntN(32, r0 >> 32n));
    this.current = null;
  }

  /** the instruction count the code kept in the spill area (0 when not counting) */
  private countOf(v: Int32Array): number {
    return this.counting ? (v[(SPILL_CNT >> 2) + 1]! >>> 0) * 4294967296 + (v[SPILL_CNT >> 2]! >>> 0) : 0;
  }

  /** r0's high 32 bits and the instruction count of the last runCtx() */
  r0Hi = 0;
  insnCount = 0;

  /**
   * run() for per-packet loops (hooks/: a capture's runs, converted filters): r1 = `r1` (a u32
   * pointer), r2..r5 = 0, and r0's low 32 bits returned as a number, with no BigInt and no
   * allocation; r0's high half is left in `r0Hi` and the count in `insnCount`. `fresh` false
   * leaves the stack and r0, r2..r9 as the last run left them (the interpreter keeps its stack
   * too): only for verified programs, which never read a register or stack slot they have not
   * written in the same run.
   */
  runCtx(r1: number, env: ExecEnv, fresh = true): number {
    let m = this.view();
    const S = SPILL >> 2;
    // as run(): the stack keeps what the last run left (its contents are undefined at entry, as in
    // the interpreter and the kernel); registers, count and depth start from zero
    if (fresh || this.checked) {
      m.fill(0, S, S + 26);
    } else {
      m[S + 3] = 0; // r1's high half
      m[S + 21] = 0; // r10's
      m[(SPILL_CNT >> 2)] = 0;
      m[(SPILL_CNT >> 2) + 1] = 0;
    }
    m[S + 2] = r1;
    m[S + 20] = this.stack.base + this.stack.size; // r10
    m = this.enter(env, r1);
    this.r0Hi = m[S + 1]!;
    this.insnCount = this.countOf(m);
    return m[S]! >>> 0;
  }

  /** bind a module's map slots to this run's maps and helpers (cheap when nothing changed) */
  private bindMaps(fast: MapFastPath | undefined): void {
    if (!fast) return;
    const h = this.helpers;
    fast.refresh(this.env, h?.get(BPF_FUNC_map_lookup_elem)?.fn, h?.get(BPF_FUNC_map_update_elem)?.fn, this.sandbox, fast.hasRing && standardRingHelpers(h), h?.get(BPF_FUNC_map_delete_elem)?.fn);
  }

  private setLimit(ex: Exports): void {
    // the interpreter runs until `budget + 1` instructions have been counted
    const limit = this.budget + 1;
    if (ex === this.exports && limit === this.lastLimit) return;
    ex.limit.value = BigInt(Math.min(limit, Number.MAX_SAFE_INTEGER));
    if (ex === this.exports) this.lastLimit = limit;
  }

  // --- imports -------------------------------------------------------------------------------

  /**
   * Inside a batch (runRepeat), a run began since the engine last looked: reset what run() resets
   * in JavaScript before every run (the tail-call counts, the sandbox's grants of the last run).
   * Called first by every import that reads that state, so a batch of runs that never leave wasm
   * pays nothing for it.
   */
  private sync(): void {
    if (this.gen < 0) return;
    const g = this.view()[SPILL_GEN >> 2]!;
    if (g === this.gen) return;
    this.gen = g;
    this.newRun();
  }

  private newRun(): void {
    this.pendingTail = null;
    this.tailCalls = 0;
    if (this.env.tailCallCnt !== undefined) this.env.tailCallCnt = 0;
    this.sandbox?.beginRun(runPointers(this.batchR1, this.env));
  }

  private callHelper(id: number, pc: number, cm: CompiledModule): number {
    this.sync();
    const h = this.helpers?.get(id);
    if (!h) throw new BpfError('EINVAL', `invalid func unknown#${id}`, { insn: pc });
    const prevPc = this.pc, prevCm = this.current;
    this.pc = pc;
    this.current = cm;
    h.fn(this);
    this.pc = prevPc;
    this.current = prevCm;
    return this.pendingTail ? 1 : 0;
  }

  /**
   * HelperContext.callback (bpf_loop, bpf_for_each_map_elem): run the subprogram at slot
   * `pcTarget` of the program making the helper call in a new frame, with the caller's registers
   * and r1..r5 as given, and return its r0 — as the interpreter's `callback`.
   */
  callback(pcTarget: number, r1: number | bigint = 0, r2: number | bigint = 0, r3: number | bigint = 0, r4: number | bigint = 0, r5: number | bigint = 0): bigint {
    const cm = this.current ?? this.compiled;
    const ex = this.exportsOf.get(cm)!;
    const pc = this.pc;
    let v = this.view();
    const S = SPILL >> 2;
    const depth = v[SPILL_DEPTH >> 2]!;
    if (depth + 1 >= MAX_CALL_FRAMES) throw new BpfError('E2BIG', `the call stack of ${depth + 2} frames is too deep`, { insn: pc });
    const k = funcIndexOf(cm.prog, pcTarget);
    if (k < 0) throw new BpfError('EINVAL', `callback target insn ${pcTarget} is not the start of a function of the program`, { insn: pc });
    const saved = v.slice(S, S + 22);
    setReg(v, S + 2, r1);
    setReg(v, S + 4, r2);
    setReg(v, S + 6, r3);
    setReg(v, S + 8, r4);
    setReg(v, S + 10, r5);
    v[S + 20] = this.stack.base + this.stack.size - MAX_BPF_STACK * (depth + 1);
    v[S + 21] = 0;
    if (k === 0) ex.entry(depth + 1);
    else ex.entry_indirect!(depth + 1, k);
    v = this.view();
    const r0 = (BigInt(v[S + 1]! >>> 0) << 32n) | BigInt(v[S]! >>> 0);
    // the caller's registers and depth come back; the count keeps what the callback charged
    v.set(saved, S);
    v[SPILL_DEPTH >> 2] = depth;
    this.pc = pc;
    return r0;
  }

  private runTailCall(pc: number): void {
    this.sync();
    const t = this.pendingTail!;
    this.pendingTail = null;
    if (++this.tailCalls > MAX_TAIL_CALL_CNT) throw new BpfError('ELOOP', `more than ${MAX_TAIL_CALL_CNT} tail calls`, { insn: pc });
    // the target keeps the caller's registers; if r10 is not the frame pointer of this depth (the
    // caller wrote it), the target's r10-relative accesses must be checked as well
    const v = this.view();
    const depth = v[SPILL_DEPTH >> 2]!;
    const fp = this.stack.base + this.stack.size - MAX_BPF_STACK * depth;
    const r10ok = v[(SPILL >> 2) + 20] === fp && v[(SPILL >> 2) + 21] === 0;
    let ex = r10ok ? this.tailInstances.get(t) : undefined;
    if (!ex) {
      const cm = compileModule(t.insns, this.checked, this.counting, !r10ok);
      ex = this.instantiate(cm.module, cm);
      if (r10ok) this.tailInstances.set(t, ex);
    }
    ex.limit.value = BigInt(Math.min(this.budget + 1, Number.MAX_SAFE_INTEGER));
    const sb = this.sandbox;
    const own = sb?.saved();
    sb?.enterTailCall(t, t.mapHandles);
    this.bindMaps(this.fastByExports.get(ex));
    ex.entry(depth);
    // a tail call from a subprogram: the target's exit returns to the subprogram's caller, which
    // runs the replaced program's code again with its maps (the interpreter's resume does the same)
    if (sb && own) sb.restore(own);
  }

  /**
   * The budget runs out inside the block starting at `pc`: run that block's exact slow path
   * (compiled on first use) on the spilled registers; it executes the instructions the budget still
   * allows (which may fault first) and then throws ETIMEDOUT naming the first one it may not run.
   */
  private budgetSlow(cm: CompiledModule, pc: number): void {
    // the count includes the whole block; the slow path wants the instructions still allowed
    // at the block's entry: limit - (count - block length)
    const v = this.view();
    const C = SPILL_CNT >> 2;
    const cnt = (v[C + 1]! >>> 0) * 4294967296 + (v[C]! >>> 0);
    const left = Math.min(this.budget + 1, Number.MAX_SAFE_INTEGER) - cnt + cm.prog.blocks[cm.prog.blockAt[pc]!]!.len;
    v[C] = left >>> 0;
    v[C + 1] = Math.floor(left / 4294967296) | 0;
    let m = cm.slow.get(pc);
    if (!m) {
      m = compileWasm(generateModuleView(cm.prog, { checked: cm.checked, budget: cm.budget, trustR10: cm.trustR10 }, pc), cm.insns.length);
      cm.slow.set(pc, m);
    }
    this.instantiate(m, cm).entry(0);
    throw new BpfError('EFAULT', `internal error: the budget slow path at insn ${pc} returned`, { insn: pc });
  }

  private region(lo: number, hi: number, off: number, size: number, write: number, pc: number): number {
    this.sync();
    const as = this.as;
    if (hi !== 0) throw as.fault((hi >>> 0) * 4294967296 + (lo >>> 0) + off, size, write !== 0, pc);
    const a = (lo >>> 0) + off;
    const r = as.find(a, size);
    // an arena address the kernel has no page at (vm/arena_cast.ts): the guard is scrubbed before
    // every access and never cached (limit 0), so a load reads 0 and a store is lost by the next
    const l = this.arena;
    if (l && inArenaGuard(l, lo, hi, off, size)) {
      as.u8.fill(0, l.lo, l.base);
      as.u8.fill(0, l.base + l.size, l.hi);
      this.view()[SPILL_REGION_LIM >> 2] = 0;
      return l.lo;
    }
    // the sandbox: the region must be this program's, not only mapped
    if (r && l && r.base === l.lo && (as.policy === null || as.policy.allows(r))) {
      // the arena: only its pages are cached, so that an access to a guard comes back here
      this.view()[SPILL_REGION_LIM >> 2] = l.size - 7;
      return l.base;
    }
    if (r && (!write || r.writable) && (as.policy === null || as.policy.allows(r))) {
      this.view()[SPILL_REGION_LIM >> 2] = r.size >= 8 ? r.size - 7 : 0;
      return r.base;
    }
    throw as.fault(a, size, write !== 0, pc);
  }

  private trap(kind: number, pc: number, arg: number): never {
    switch (kind) {
      case Trap.Budget:
        throw new BpfError('ETIMEDOUT', `instruction budget of ${this.budget} exhausted (the program may not terminate)`, { insn: pc });
      case Trap.CallDepth:
        throw new BpfError('E2BIG', `the call stack of ${arg + 2} frames is too deep`, { insn: pc });
      case Trap.Kfunc:
        throw new BpfError('ENOTSUPP', `kernel function call (kfunc btf_id ${arg}) is not supported`, { insn: pc });
      default:
        throw new BpfError('EFAULT', `execution fell off the end of the program at insn ${pc}`, { insn: pc });
    }
  }

  /** legacy packet loads (kernel/bpf/core.c LD_ABS/LD_IND): big-endian, out of the packet → return 0 */
  private ldAbs(off: number, size: number, tagged: number): number {
    const pc = tagged & 0x7fffffff;
    this.sync();
    const pkt = this.env.packet;
    if (!pkt) throw new BpfError('EINVAL', 'LD_ABS/LD_IND used without a packet (only socket filter and tc programs have one)', { insn: pc });
    const a = pkt.data + off;
    if (off < 0 || a + size > pkt.dataEnd) {
      // a subprogram (pc tagged by the code generator) returns 0 to its caller; the main program ends
      if (tagged < 0) { this.view()[SPILL_LDABS_FAIL >> 2] = 1; return 0; }
      throw ABORT;
    }
    const dv = this.as.dv;
    return size === 4 ? dv.getInt32(a, false) : size === 2 ? dv.getUint16(a, false) : dv.getUint8(a);
  }

  // --- HelperContext over the spill area ----------------------------------------------------

  argLo(i: number): number {
    return this.view()[(SPILL >> 2) + 2 * i]!;
  }
  argHi(i: number): number {
    return this.view()[(SPILL >> 2) + 2 * i + 1]!;
  }
  arg(i: number): bigint {
    const m = this.view();
    return (BigInt(m[(SPILL >> 2) + 2 * i + 1]! >>> 0) << 32n) | BigInt(m[(SPILL >> 2) + 2 * i]! >>> 0);
  }
  argPtr(i: number): number {
    const m = this.view();
    return m[(SPILL >> 2) + 2 * i + 1] === 0 ? m[(SPILL >> 2) + 2 * i]! >>> 0 : 0x1_0000_0000;
  }
  ret(v: number): void {
    const m = this.view();
    m[SPILL >> 2] = v >>> 0;
    m[(SPILL >> 2) + 1] = Math.floor(v / 4294967296) | 0;
  }
  ret64(v: bigint): void {
    const m = this.view();
    m[SPILL >> 2] = Number(BigInt.asIntN(32, v));
    m[(SPILL >> 2) + 1] = Number(BigInt.asIntN(32, v >> 32n));
  }
  tailCall(target: TailCallTarget): void {
    this.pendingTail = target;
  }
}

/** a register argument as wasm's i64 (a BigInt, two's complement), the same bits setReg stores */
function regArg(v: bigint | number | undefined): bigint {
  if (v === undefined) return 0n;
  if (typeof v === 'bigint') return BigInt.asIntN(64, v);
  return BigInt.asIntN(64, (BigInt(Math.floor(v / 4294967296) | 0) << 32n) | BigInt(v >>> 0));
}

function setReg(m: Int32Array, at: number, v: bigint | number | undefined): void {
  if (v === undefined) return;
  if (typeof v === 'bigint') {
    m[at] = Number(BigInt.asIntN(32, v));
    m[at + 1] = Number(BigInt.asIntN(32, v >> 32n));
  } else {
    m[at] = v >>> 0;
    m[at + 1] = Math.floor(v / 4294967296) | 0;
  }
}

/** wasm traps (only possible for verified programs running unchecked) as BpfErrors */
function translateTrap(e: unknown): unknown {
  if (e instanceof WebAssembly.RuntimeError) {
    if (/out of bounds/.test(e.message)) return new BpfError('EFAULT', `invalid memory access outside the runtime's memory (${e.message})`);
    return new BpfError('EFAULT', `the compiled program trapped: ${e.message}`);
  }
  if (e instanceof RangeError && /call stack/i.test(e.message)) return new BpfError('E2BIG', 'the JavaScript call stack overflowed while running the program');
  return e;
}

/** compile a program for the JIT engine: the result runs like an Interpreter */
export function compile(insns: readonly Instruction[] | Uint8Array, opts: JitOptions = {}): JitProgram {
  return new JitProgram(insns, opts);
}
