/**
 * A loaded program (struct bpf_prog): relocated instructions whose map references are resolved to
 * map addresses, the maps it uses (held: a map lives while a program refers to it), and
 * `run()` — BPF_PROG_TEST_RUN on the interpreter with the program type's context built by
 * progtypes/test_run.ts, the runtime's helpers and its per-CPU emulation.
 */
import { BpfError } from '../isa/errors.js';
import { LDDW, slotIndices, type Instruction } from '../isa/instruction.js';
import { BPF_PSEUDO_FUNC, BPF_PSEUDO_MAP_FD, BPF_PSEUDO_MAP_IDX, BPF_PSEUDO_MAP_IDX_VALUE, BPF_PSEUDO_MAP_VALUE } from '../isa/opcodes.js';
import type { ExecEnv, HelperRegistry } from '../helpers/api.js';
import { createEngine, type Engine, type EngineName } from '../vm/engine.js';
import { testRun } from '../vm/test_run.js';
import { ArrayMap } from '../maps/array.js';
import { ArenaMap } from '../maps/arena.js';
import { MapType } from '../maps/constants.js';
import type { BpfMap } from '../maps/map.js';
import type { EventStack } from '../maps/stackmap.js';
import { progTypeName } from '../progtypes/prog_types.js';
import { BPF_COMPLEXITY_LIMIT_INSNS } from '../verifier/verify.js';
import { mapResolver, ringbufResolver } from './map_like.js';
import type { Bpf, ProgramObject } from './bpf.js';
import type { AsyncFire } from '../helpers/impl/timer.js';

let nextProgId = 1;

export interface ProgramRunOptions {
  /** data_in: the packet */
  data?: Uint8Array;
  /** ctx_in: the context (program-type struct) */
  ctx?: Uint8Array;
  /** run this many times (the result is the last run's; duration is the mean) */
  repeat?: number;
  /** emulated CPU of the run */
  cpu?: number;
  /** the stack the event carries, for bpf_get_stackid / bpf_get_stack */
  stack?: EventStack;
  /** sink for bpf_trace_printk */
  trace?: (line: string) => void;
  /** more ExecEnv fields for helpers (task, now, prandomSeed, ...) */
  env?: Partial<ExecEnv>;
  /** instruction budget per run (fixed when the program first runs on an engine) */
  budget?: number;
  /** execution engine (default: the interpreter) */
  engine?: EngineName;
  /** emulated network devices, ifindex 1..devices (default 1, lo) */
  devices?: number;
  /** simulated user memory after a tracing context (progtypes/trace_ctx.ts traceContext) */
  userMem?: import('../progtypes/test_run.js').TestRunOptions['userMem'];
  /** rewrite the runtime's pinned maps after the run (default true; batch callers pass false and call bpf.syncAll() once) */
  sync?: boolean;
}

export interface ProgramRunResult {
  /** low 32 bits of r0, as BPF_PROG_TEST_RUN's retval */
  retval: number;
  r0: bigint;
  dataOut: Uint8Array;
  ctxOut?: Uint8Array;
  /** instructions executed in the last run */
  insns: number;
  /** mean wall time per run, ns */
  durationNs: number;
  /** sk_reuseport: the simulated socket bpf_sk_select_reuseport selected (none: the kernel's default pick by hash) */
  selectedSocket?: number;
}

/**
 * Resolve lddw map references (kernel/bpf/verifier.c resolve_pseudo_ldimm64): BPF_PSEUDO_MAP_FD
 * (imm = index into `maps`) becomes the map's address, BPF_PSEUDO_MAP_VALUE (imm = index, imm2 =
 * offset) the address of the array's value + offset; BPF_PSEUDO_FUNC becomes the absolute slot
 * of the callback (the engines' convention for callbacks).
 */
export function resolveMapRefs(insns: readonly Instruction[], maps: readonly BpfMap[], what: string): Instruction[] {
  const slots = slotIndices(insns);
  return insns.map((i0, k) => {
    if (i0.code !== LDDW || i0.src === 0) return i0;
    const i = { ...i0 };
    const src = i.src;
    if (src === BPF_PSEUDO_FUNC) {
      i.imm = slots[k]! + 1 + i.imm;
      i.imm2 = 0;
      return i;
    }
    if (src !== BPF_PSEUDO_MAP_FD && src !== BPF_PSEUDO_MAP_VALUE && src !== BPF_PSEUDO_MAP_IDX && src !== BPF_PSEUDO_MAP_IDX_VALUE) return i;
    const m = maps[i.imm];
    if (!m) throw new BpfError('EBADF', `${what}: lddw refers to map #${i.imm}, which does not exist`, { insn: slots[k]! });
    if (src === BPF_PSEUDO_MAP_FD || src === BPF_PSEUDO_MAP_IDX) {
      i.imm = m.handle | 0;
      i.imm2 = 0;
      return i;
    }
    // arena_map_direct_value_addr: the arena's user address + offset, a number the program
    // turns into an arena pointer with addr_space_cast
    if (m instanceof ArenaMap) {
      const off = BigInt(i.imm2 >>> 0);
      if (off >= BigInt(m.maxEntries) * 4096n) throw new BpfError('ERANGE', `${what}: arena offset ${off} is outside ${m.what()}`, { insn: slots[k]! });
      const v = m.userVmStart + off;
      i.imm = Number(BigInt.asIntN(32, v));
      i.imm2 = Number(BigInt.asIntN(32, v >> 32n));
      return i;
    }
    // map_direct_value_addr: arrays with one... any number of entries; the offset must be inside the value
    if (!(m instanceof ArrayMap) || m.percpu) throw new BpfError('EINVAL', `${what}: direct value access needs an array map, ${m.what()} is not one`, { insn: slots[k]! });
    const off = i.imm2 >>> 0;
    if (off >= m.valueSize) throw new BpfError('EINVAL', `${what}: direct value offset ${off} is outside ${m.what()}'s ${m.valueSize}-byte value`, { insn: slots[k]! });
    i.imm = (m.elemAddr(0) + off) | 0;
    i.imm2 = 0;
    return i;
  });
}

export class BpfProgram implements ProgramObject {
  readonly id = nextProgId++;
  readonly name: string;
  readonly section: string;
  readonly progType: number;
  /** instructions as loaded (map references still as indices), for listings */
  readonly original: readonly Instruction[];
  /** instructions with map references resolved to addresses */
  readonly insns: Instruction[];
  readonly maps: readonly BpfMap[];
  /** the maps' handles and other objects' addresses (ksyms): what the program's sandbox owns (vm/sandbox.ts), here and as a tail-call target */
  readonly mapHandles: readonly number[];
  private refcnt = 0;
  private released = false;
  private readonly engines = new Map<EngineName, Engine>();
  /** the verifier accepted the program: the JIT may drop the region checks the verifier proved */
  readonly verified: boolean;
  private readonly bpf: Bpf;
  private readonly helpers: HelperRegistry;

  /** the kfuncs the emulator does not run, by the slot of their call: a run that reaches one is refused naming it */
  private readonly unemulatedKfuncs?: ReadonlyMap<number, string>;

  constructor(bpf: Bpf, o: { exceptionCb?: number; owns?: readonly number[]; verified?: boolean; name: string; section?: string; progType: number; insns: readonly Instruction[]; maps: readonly BpfMap[]; usedMaps?: readonly BpfMap[]; helpers: HelperRegistry; unemulatedKfuncs?: ReadonlyMap<number, string> }) {
    this.bpf = bpf;
    this.name = o.name;
    this.section = o.section ?? '';
    this.progType = o.progType;
    this.original = o.insns;
    // bpf_prog_load: insn_cnt above BPF_COMPLEXITY_LIMIT_INSNS is E2BIG before anything else looks at it
    const slots = o.insns.reduce((n, i) => n + (i.code === LDDW ? 2 : 1), 0);
    if (slots > BPF_COMPLEXITY_LIMIT_INSNS) throw new BpfError('E2BIG', `program ${o.name || '(unnamed)'}: ${slots} instructions, more than BPF_COMPLEXITY_LIMIT_INSNS (${BPF_COMPLEXITY_LIMIT_INSNS})`);
    this.insns = resolveMapRefs(o.insns, o.maps, `program ${o.name}`);
    // used_maps: every map the program refers to is held while the program lives
    this.maps = [...new Set(o.usedMaps ?? o.maps)];
    for (const m of this.maps) m.hold();
    this.mapHandles = [...this.maps.map((m) => m.handle), ...(o.owns ?? [])];
    this.helpers = o.helpers;
    this.verified = o.verified ?? false;
    if (o.exceptionCb !== undefined) this.exceptionCb = o.exceptionCb;
    if (o.unemulatedKfuncs?.size) this.unemulatedKfuncs = o.unemulatedKfuncs;
  }

  /** the slot of the exception callback bpf_throw calls (ExecEnv.exceptionCb of every run) */
  readonly exceptionCb?: number;

  get typeName(): string {
    return progTypeName(this.progType);
  }

  hold(): this {
    if (this.released) throw new BpfError('EBADF', `program ${this.name} was freed`);
    this.refcnt++;
    return this;
  }

  put(): void {
    if (--this.refcnt <= 0 && !this.released) {
      this.released = true;
      for (const m of this.maps) m.put();
    }
  }

  get isReleased(): boolean {
    return this.released;
  }

  /** the engine this program runs on (created once per engine name; `budget` is fixed at creation) */
  engine(name: EngineName = 'interpreter', budget?: number): Engine {
    if (this.released) throw new BpfError('EBADF', `program ${this.name} was freed`);
    let engine = this.engines.get(name);
    if (!engine) {
      // the program's arena (the kernel allows one per program): addr_space_cast maps into it
      const arena = this.maps.find((m): m is ArenaMap => m instanceof ArenaMap);
      engine = createEngine(name, this.insns, { as: this.bpf.as, helpers: this.helpers, verified: this.verified, owns: this.mapHandles, ...(budget ? { budget } : {}), ...(arena ? { arena: arena.layout() } : {}) });
      this.engines.set(name, engine);
    }
    return engine;
  }

  /**
   * the ExecEnv fields a run on `cpu` gets from the runtime: the CPU count, map and ring-buffer
   * resolvers, the runtime's clock and timer queue, and how a callback set in the run fires
   */
  runtimeEnv(cpu = 0, engine: EngineName = 'interpreter', trace?: (line: string) => void): Partial<ExecEnv> {
    if (cpu < 0 || cpu >= this.bpf.ncpus) throw new BpfError('EINVAL', `cpu ${cpu} is not one of the ${this.bpf.ncpus} emulated CPUs`);
    const as = this.bpf.as;
    return { cpu, nrCpus: this.bpf.ncpus, resolveMap: mapResolver(as), ringbufOf: ringbufResolver(as), ...this.exceptionEnv(), ...this.asyncEnv(engine, trace) };
  }

  /** the clock, the timer queue and the callback runner of a run on `engine` (helpers/impl/timer.ts) */
  private asyncEnv(engine: EngineName, trace?: (line: string) => void): Partial<ExecEnv> {
    const bpf = this.bpf;
    const fire: AsyncFire = (slot, map, key, value) => {
      if (this.released) return;
      // bpf_timer_cb / bpf_wq_work: callback_fn(map, key, value) on a fresh stack, on the CPU
      // the timer was started on (emulated: CPU 0), with nothing else of a run (no context)
      const env: ExecEnv = { tailCallCnt: 0, ...this.runtimeEnv(0, engine, trace), ...(trace ? { trace } : {}) };
      try {
        this.engine(engine).run({ r1: map, r2: key, r3: value, entry: slot, grant: [key, value], env });
      } catch (e) {
        throw this.unemulatedKfuncError(e);
      }
    };
    return { now: () => bpf.now(), asyncQueue: bpf.timers, asyncFire: fire };
  }

  private exceptionEnv(): Partial<ExecEnv> {
    return this.exceptionCb !== undefined ? { exceptionCb: this.exceptionCb } : {};
  }

  /**
   * the engines refuse a kfunc call they cannot run by its BTF id; the loader knows its name (and
   * the kernel would have run it): say which kernel function the emulator lacks
   */
  private unemulatedKfuncError(e: unknown): unknown {
    const at = e instanceof BpfError && e.errno === 'ENOTSUPP' ? e.where.insn : undefined;
    const name = at !== undefined ? this.unemulatedKfuncs?.get(at) : undefined;
    if (!name) return e;
    return new BpfError('ENOTSUPP', `program ${this.name} called ${name}(), a kernel function tsbpf does not emulate${unemulatedWhy(name)}; the verifier accepted the call, but this run cannot go past it`, { insn: at! });
  }

  /** rewrite the runtime's pinned maps (run() does it after every run unless told `sync: false`) */
  syncPins(): void {
    this.bpf.syncAll();
  }

  /** BPF_PROG_TEST_RUN, on the engine of choice (each engine is created once per program) */
  run(o: ProgramRunOptions = {}): ProgramRunResult {
    if (this.released) throw new BpfError('EBADF', `program ${this.name} was freed`);
    const as = this.bpf.as;
    const cpu = o.cpu ?? 0;
    if (cpu < 0 || cpu >= this.bpf.ncpus) throw new BpfError('EINVAL', `cpu ${cpu} is not one of the ${this.bpf.ncpus} emulated CPUs`);
    const engineName = o.engine ?? 'interpreter';
    const engine = this.engine(engineName, o.budget);
    // timers whose time came since the last run fire first (the kernel ran them in between)
    this.bpf.runTimers();
    const env: Partial<ExecEnv> = {
      ...this.asyncEnv(engineName, o.trace),
      ...(o.env ?? {}),
      cpu,
      nrCpus: this.bpf.ncpus,
      resolveMap: mapResolver(as),
      ringbufOf: ringbufResolver(as),
      ...this.exceptionEnv(),
      tailCallCnt: 0,
      ...(o.stack ? { stack: o.stack } : {}),
      ...(o.trace ? { trace: o.trace } : {}),
    };
    let r: ReturnType<typeof testRun>;
    try {
      r = testRun(engine, this.progType, { ...(o.data ? { dataIn: o.data } : {}), ...(o.ctx ? { ctxIn: o.ctx } : {}), repeat: o.repeat, cpu, env, ...(o.devices ? { devices: o.devices } : {}), ...(o.userMem ? { userMem: o.userMem } : {}) });
    } catch (e) {
      throw this.unemulatedKfuncError(e);
    }
    if (o.sync !== false) this.bpf.syncAll();
    return {
      retval: r.retval,
      r0: r.r0,
      dataOut: r.dataOut,
      ...(r.ctxOut ? { ctxOut: r.ctxOut } : {}),
      insns: r.insns,
      durationNs: r.nsPerRun,
      ...(r.selectedSocket !== undefined ? { selectedSocket: r.selectedSocket } : {}),
    };
  }
}

/** why a family of kfuncs has no emulation (the kernel subsystem they need) */
function unemulatedWhy(name: string): string {
  if (name.startsWith('bpf_crypto_')) return ' (kernel/bpf/crypto.c: its contexts wrap ciphers of the kernel\'s crypto API, which the emulator does not have)';
  return '';
}
