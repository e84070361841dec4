/**
 * The calling convention between the execution engines (vm/: interpreter and JIT) and helper
 * implementations (helpers/). A helper reads r1..r5 and sets r0 through a HelperContext, which
 * each engine implements over its own register file, so one helper serves both engines.
 * Ids and names are the kernel's (include/uapi/linux/bpf.h, __BPF_FUNC_MAPPER).
 */
import type { AddressSpace } from '../vm/address_space.js';
import type { Instruction } from '../isa/instruction.js';

/** what a program run carries besides registers: set by the caller of a run, read by helpers */
export interface ExecEnv {
  /** pointer to the context (r1 at entry) */
  ctx?: number;
  /** packet bounds for packet program types (pointers into the address space) */
  packet?: { data: number; dataEnd: number; dataMeta?: number };
  /** the emulated CPU this run is on (bpf_get_smp_processor_id, per-CPU maps) */
  cpu?: number;
  /** the slot of the program's exception callback (bpf_throw calls it with the cookie) */
  exceptionCb?: number;
  /** sink for bpf_trace_printk lines */
  trace?: (line: string) => void;
  /** free slots for program-type and helper state (redirect target, ring buffers, ...) */
  [key: string]: unknown;
}

/** a program a tail call can jump to (the engine prepares and caches its code) */
export interface TailCallTarget {
  readonly insns: readonly Instruction[];
  /** handles (`struct bpf_map *`) of the maps the target references: what its sandbox owns (vm/sandbox.ts) */
  readonly mapHandles?: readonly number[];
  /** engine-private cache */
  compiled?: unknown;
}

export interface HelperContext {
  readonly as: AddressSpace;
  readonly env: ExecEnv;
  /** low 32 bits of argument register r1..r5, as a signed int32 */
  argLo(i: number): number;
  /** high 32 bits of r1..r5, as a signed int32 */
  argHi(i: number): number;
  /** r1..r5 as an unsigned 64-bit value */
  arg(i: number): bigint;
  /** r1..r5 as a pointer (u32 offset in the address space); a value above 4 GiB gives 0xffffffff+ which faults */
  argPtr(i: number): number;
  /** set r0 from a number (must be an integer; negative values are sign-extended) */
  ret(v: number): void;
  /** set r0 from an unsigned or signed 64-bit bigint */
  ret64(v: bigint): void;
  /** ask the engine to replace the running program with `target` once the helper returns (bpf_tail_call) */
  tailCall(target: TailCallTarget): void;
  /** the instruction index of the call, for error messages */
  readonly pc: number;
  /**
   * Call a BPF subprogram of the running program (bpf_loop, bpf_for_each_map_elem, ...), with
   * r1..r5 set as given and a fresh stack frame, and return its r0. `pcTarget` is the value the
   * program passed as the ARG_PTR_TO_FUNC argument: what the engine loaded for `ld_imm64` with
   * src_reg BPF_PSEUDO_FUNC (by tsbpf convention the instruction index of the callback).
   * Engines implement this; helpers that need it fail with ENOTSUPP where it is missing.
   */
  callback?(pcTarget: number, r1: bigint, r2: bigint, r3: bigint, r4: bigint, r5: bigint): bigint;
}

export type HelperFn = (h: HelperContext) => void;

/**
 * What bpf_throw raises through the engine (helpers/impl/kfuncs.ts): every frame unwinds and the
 * run ends with r0 = `r0` (the exception callback's return value, or the cookie). Each engine's
 * run catches it as it catches the end of the program.
 */
export class ProgramThrow {
  constructor(readonly r0: bigint) {}
}

export interface HelperImpl {
  id: number;
  name: string;
  fn: HelperFn;
}

/** helper ids below this are also kept in HelperRegistry's array (the kernel's are below 300) */
const DENSE_IDS = 1024;

export class HelperRegistry {
  private readonly byId = new Map<number, HelperImpl>();
  /** fn of ids below DENSE_IDS by index: an engine's call is an array load, not a Map look-up */
  private readonly dense: Array<HelperFn | null> = new Array<HelperFn | null>(DENSE_IDS).fill(null);
  register(id: number, name: string, fn: HelperFn): this {
    this.byId.set(id, { id, name, fn });
    if (id >= 0 && id < DENSE_IDS && Number.isInteger(id)) this.dense[id] = fn;
    return this;
  }
  /** the function of helper `id` (what an engine calls), or undefined */
  fn(id: number): HelperFn | undefined {
    if (id >= 0 && id < DENSE_IDS) return this.dense[id] ?? undefined;
    return this.byId.get(id)?.fn;
  }
  get(id: number): HelperImpl | undefined {
    return this.byId.get(id);
  }
  has(id: number): boolean {
    return this.byId.has(id);
  }
  ids(): number[] {
    return [...this.byId.keys()].sort((a, b) => a - b);
  }
  /** a copy that can be extended without changing this one */
  clone(): HelperRegistry {
    const r = new HelperRegistry();
    for (const h of this.byId.values()) r.register(h.id, h.name, h.fn);
    return r;
  }
}
