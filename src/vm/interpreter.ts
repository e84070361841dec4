/**
 * The reference interpreter (RFC 9669 semantics; kernel/bpf/core.c ___bpf_prog_run is the model).
 * One switch on the opcode byte, registers as (lo, hi) int32 pairs in an Int32Array, every memory
 * access checked against the address space's region table, an instruction budget so a runaway
 * program stops with a typed error. The same loop serves `run()` and the step debugger.
 */
import { BpfError } from '../isa/errors.js';
import { type Instruction, slotIndices, decodeInstructions, LDDW } from '../isa/instruction.js';
import { validateInstructions } from '../isa/validate.js';
import { MAX_BPF_STACK, MAX_CALL_FRAMES, BPF_MAX_LOOPS, BPF_COMPLEXITY_LIMIT_INSNS } from '../isa/opcodes.js';
import { type ExecEnv, type HelperContext, type HelperRegistry, type TailCallTarget, ProgramThrow } from '../helpers/api.js';
import { AddressSpace, RegionKind, type Region } from './address_space.js';
import { Sandbox, runPointers } from './sandbox.js';
import { div64, mod64, sdiv64, smod64, pairToBigInt } from './alu64.js';
import { arenaCast, inArenaGuard, type ArenaLayout } from './arena_cast.js';
import {
  fastLoop, accessSize, SLOW, FAST_OUT, OUT_PC, OUT_FUEL, LOOP_REGS, C_STACK_LO, C_STACK_HI, C_READ_LO, C_READ_HI, C_WRITE_LO, C_WRITE_HI,
} from './interp_loop.js';

/** the kernel's MAX_TAIL_CALL_CNT */
export const MAX_TAIL_CALL_CNT = 33;
export const DEFAULT_BUDGET = 100_000_000;

/** a program decoded into one typed array, the form the loop reads */
export class Code {
  readonly n: number;
  /**
   * two words per slot k: [2k] = opcode | dst << 8 | src << 12 | off << 16, [2k+1] = imm — the
   * loop reads one array for all five fields
   */
  readonly P: Int32Array;
  constructor(readonly insns: readonly Instruction[]) {
    const slots = slotIndices(insns);
    const n = slots[insns.length]!;
    // the loop's copy of the program (interp_loop.ts GP) holds this many; so does the kernel
    if (n > BPF_COMPLEXITY_LIMIT_INSNS) throw new BpfError('E2BIG', `the program has ${n} instructions, more than BPF_COMPLEXITY_LIMIT_INSNS (${BPF_COMPLEXITY_LIMIT_INSNS}), the most bpf_prog_load accepts`);
    validateInstructions(insns);
    this.n = n;
    // one extra slot of opcode 0 (not an instruction): falling off the end lands in the loop's
    // default case, so the loop needs no bounds check (jumps were validated to stay inside)
    const P = (this.P = new Int32Array(2 * (n + 1)));
    insns.forEach((i, k) => {
      const s = slots[k]!;
      P[2 * s] = i.code | ((i.dst & 15) << 8) | ((i.src & 15) << 12) | (i.off << 16);
      P[2 * s + 1] = i.imm;
      // the second slot of lddw keeps its imm; opcode 0 there is never executed
      if (i.code === LDDW) P[2 * s + 3] = i.imm2;
    });
  }
}

const codeCache = new WeakMap<object, Code>();
function codeOf(t: TailCallTarget): Code {
  let c = codeCache.get(t);
  if (!c) {
    c = new Code(t.insns);
    codeCache.set(t, c);
  }
  return c;
}

export interface InterpreterOptions {
  as?: AddressSpace;
  helpers?: HelperRegistry;
  /** most instructions one run may execute (default 100M) */
  budget?: number;
  /**
   * addresses of the objects the program references — a map's handle (`struct bpf_map *`, what
   * lddw of a map loads), a global-data region: the program's sandbox (vm/sandbox.ts) owns each
   * one's domain, and no other map or object. None when not given.
   */
  owns?: readonly number[];
  /** the arena of the program's BPF_MAP_TYPE_ARENA map, for addr_space_cast (maps/arena.ts) */
  arena?: ArenaLayout;
}

export interface RunArgs {
  r1?: bigint | number;
  r2?: bigint | number;
  r3?: bigint | number;
  r4?: bigint | number;
  r5?: bigint | number;
  env?: ExecEnv;
  /**
   * the slot the run starts at (default 0): a function of the program run on its own, as the
   * kernel runs a timer or workqueue callback (bpf_timer_cb calls callback_fn on a fresh stack)
   */
  entry?: number;
  /** pointers whose objects the run may reach besides r1's (a callback's key and value) */
  grant?: readonly number[];
}

export interface RunResult {
  /** r0 at exit, unsigned 64-bit */
  r0: bigint;
  /** instructions executed (lddw counts once) */
  insns: number;
}

export type StepState = 'running' | 'exited';

const FRAME_REGS = 10; // r6..r10 as lo/hi
/** most instructions one fastLoop call runs (its counter is an int32) */
const FUEL_MAX = 0x40000000;

const { GR, GB } = LOOP_REGS;
/** the interpreter whose registers and bounds are in the loop's GR and GB (Interpreter.claim) */
let owner: Interpreter | null = null;

export class Interpreter implements HelperContext {
  readonly as: AddressSpace;
  readonly helpers: HelperRegistry | undefined;
  /** the arena addr_space_cast maps into (InterpreterOptions.arena) */
  private readonly arena?: ArenaLayout;
  budget: number;
  /**
   * registers of the current frame: [2*i] = low 32 bits, [2*i+1] = high 32 bits. The loop's GR
   * (interp_loop.ts) while this interpreter is the last one that ran, else its own array (claim):
   * read it again after anything that may run another interpreter, never keep it across that.
   */
  R: Int32Array;
  /** the registers while another interpreter's are in GR */
  private readonly ownR = new Int32Array(22);
  env: ExecEnv = {};
  /** slot index of the next instruction */
  pc = 0;
  /** call depth (0 = the main program) */
  depth = 0;
  /** instructions executed in this run */
  count = 0;
  state: StepState = 'exited';
  readonly breakpoints = new Set<number>();
  private code: Code;
  private readonly main: Code;
  private readonly stack: Region;
  /** what the program owns (its stack, its maps, its run's context and packet) */
  readonly sandbox: Sandbox;
  private readonly frameRegs = new Int32Array(MAX_CALL_FRAMES * FRAME_REGS);
  private readonly frameRet = new Int32Array(MAX_CALL_FRAMES);
  /**
   * each frame's may_goto counter (the kernel's hidden stack slot below the frame, set to
   * BPF_MAX_LOOPS in every subprogram's prologue and by a tail call's new program)
   */
  private readonly mayGoto = new Int32Array(MAX_CALL_FRAMES);
  private readonly frameCode: Code[] = [];
  /** what the program of each caller frame owned (Sandbox.saved): a tail call may run in between */
  private readonly frameOwn: Array<Set<number>> = [];
  /** the address ranges fastLoop checks accesses against (interp_loop.ts C_*): GB or ownC, as R */
  private C: Float64Array;
  private readonly ownC = new Float64Array(6);
  /** the memory as int32 words (fastLoop's aligned stores), renewed when the memory grows */
  private m32: Int32Array = new Int32Array(0);
  /** the view of the memory m32 was made from */
  private m32u8: Uint8Array | null = null;
  private tailTarget: TailCallTarget | null = null;
  private tailCalls = 0;
  /** depth at which a helper callback returns to its helper, or -1 */
  private callbackDepth = -1;

  constructor(prog: readonly Instruction[] | Uint8Array, opts: InterpreterOptions = {}) {
    const insns = prog instanceof Uint8Array ? decodeInstructions(prog) : prog;
    this.main = this.code = new Code(insns);
    this.R = this.ownR;
    this.C = this.ownC;
    this.as = opts.as ?? new AddressSpace();
    this.helpers = opts.helpers;
    if (opts.arena) this.arena = opts.arena;
    this.budget = opts.budget ?? DEFAULT_BUDGET;
    // one region holds all frames: frame k's r10 is top - k*512 (frames grow down, as the kernel's stacks)
    this.stack = this.as.map(MAX_BPF_STACK * MAX_CALL_FRAMES, RegionKind.Stack, 'stack');
    this.sandbox = new Sandbox(this.as, this.stack, opts.owns ?? []);
    this.C[C_STACK_LO] = this.stack.base;
    this.C[C_STACK_HI] = this.stack.base + this.stack.size;
  }

  get program(): readonly Instruction[] {
    return this.main.insns;
  }

  /** frame pointer (r10) of frame `depth` */
  framePointer(depth = this.depth): number {
    return this.stack.base + MAX_BPF_STACK * (MAX_CALL_FRAMES - depth);
  }

  /** run the program to completion */
  run(args: RunArgs = {}): RunResult {
    this.reset(args);
    const st = this.sandboxed(this.budget + 1);
    if (st !== 'exited') throw this.budgetError();
    return { r0: this.r0, insns: this.count };
  }

  /** set up a run without executing: registers r1..r5 from args, r10 = frame pointer */
  reset(args: RunArgs = {}): void {
    const R = this.R;
    for (let i = 0; i < 22; i++) R[i] = 0;
    if (args.r1 !== undefined) setReg(R, 1, args.r1);
    if (args.r2 !== undefined) setReg(R, 2, args.r2);
    if (args.r3 !== undefined) setReg(R, 3, args.r3);
    if (args.r4 !== undefined) setReg(R, 4, args.r4);
    if (args.r5 !== undefined) setReg(R, 5, args.r5);
    // The stack is not cleared between runs: as in the kernel, its contents are undefined at entry
    // (the verifier refuses reads of uninitialised slots); it is zero on the first run.
    this.env = args.env ?? {};
    this.code = this.main;
    this.pc = args.entry ?? 0;
    if (this.pc < 0 || this.pc >= this.main.n) throw new BpfError('EINVAL', `run entry insn ${this.pc} is outside the program's ${this.main.n} instructions`, { insn: this.pc });
    this.depth = 0;
    this.mayGoto[0] = BPF_MAX_LOOPS;
    this.count = 0;
    this.tailCalls = 0;
    this.tailTarget = null;
    this.callbackDepth = -1;
    R[20] = this.framePointer(0);
    this.sandbox.beginRun(args.grant?.length ? [...runPointers(args.r1, this.env), ...args.grant] : runPointers(args.r1, this.env));
    this.state = 'running';
  }

  /** exec() with the program's sandbox as the address space's access policy */
  private sandboxed(limit: number): StepState {
    const as = this.as;
    const prev = as.policy;
    as.policy = this.sandbox;
    try {
      return this.exec(limit);
    } catch (e) {
      if (!(e instanceof ProgramThrow)) throw e;
      // bpf_throw: every frame unwinds, the run ends with the exception callback's value
      this.ret64(e.r0);
      this.depth = 0;
      this.state = 'exited';
      return 'exited';
    } finally {
      as.policy = prev;
    }
  }

  /** execute one instruction */
  step(): StepState {
    if (this.state !== 'running') return this.state;
    if (this.count >= this.budget) throw this.budgetError();
    return this.sandboxed(this.count + 1);
  }

  /** run until exit or a breakpoint (a breakpoint at the current pc does not stop the first step) */
  continue(): StepState {
    if (this.state !== 'running') return this.state;
    if (this.breakpoints.size === 0) {
      const st = this.sandboxed(this.budget + 1);
      if (st !== 'exited') throw this.budgetError();
      return st;
    }
    do {
      if (this.step() === 'exited') return 'exited';
    } while (!this.breakpoints.has(this.pc));
    return 'running';
  }

  get r0(): bigint {
    return pairToBigInt(this.R[0]!, this.R[1]!);
  }

  /** registers r0..r10 of the current frame as unsigned 64-bit values */
  regs(): bigint[] {
    const out: bigint[] = [];
    for (let i = 0; i < 11; i++) out.push(pairToBigInt(this.R[2 * i]!, this.R[2 * i + 1]!));
    return out;
  }

  /** the 512 bytes of a frame's stack (lowest address first; r10 points just past the end) */
  stackBytes(depth = this.depth): Uint8Array {
    const fp = this.framePointer(depth);
    return this.as.u8.slice(fp - MAX_BPF_STACK, fp);
  }

  // --- HelperContext ---
  argLo(i: number): number { return this.R[2 * i]!; }
  argHi(i: number): number { return this.R[2 * i + 1]!; }
  arg(i: number): bigint { return pairToBigInt(this.R[2 * i]!, this.R[2 * i + 1]!); }
  argPtr(i: number): number {
    return this.R[2 * i + 1] === 0 ? this.R[2 * i]! >>> 0 : 0x1_0000_0000;
  }
  ret(v: number): void {
    this.R[0] = v >>> 0;
    this.R[1] = Math.floor(v / 4294967296) | 0;
  }
  ret64(v: bigint): void {
    this.R[0] = Number(BigInt.asIntN(32, v));
    this.R[1] = Number(BigInt.asIntN(32, v >> 32n));
  }
  tailCall(target: TailCallTarget): void {
    this.tailTarget = target;
  }

  /**
   * Call a BPF subprogram from a helper (bpf_loop, bpf_for_each_map_elem callbacks): a new frame
   * starting at slot `target` with r1..r5 set; returns its r0.
   */
  callback(target: number, r1: number | bigint = 0, r2: number | bigint = 0, r3: number | bigint = 0, r4: number | bigint = 0, r5: number | bigint = 0): bigint {
    const saved = this.R.slice(0, 22);
    const savedPc = this.pc, savedCode = this.code, savedCb = this.callbackDepth;
    if (this.depth + 1 >= MAX_CALL_FRAMES) throw new BpfError('E2BIG', `the call stack of ${this.depth + 2} frames is too deep`, { insn: this.pc });
    this.pushFrame(this.pc, this.code);
    const R = this.R;
    setReg(R, 1, r1); setReg(R, 2, r2); setReg(R, 3, r3); setReg(R, 4, r4); setReg(R, 5, r5);
    this.callbackDepth = this.depth;
    this.pc = target;
    const st = this.exec(this.budget + 1, true);
    if (st !== 'exited') throw this.budgetError();
    this.depth--; // the callback frame's exit does not pop itself; its caller's registers come back below
    const r0 = this.r0;
    // this.R again: a helper in the callback may have run another interpreter (claim)
    this.R.set(saved);
    this.pc = savedPc;
    this.code = savedCode;
    this.callbackDepth = savedCb;
    return r0;
  }

  private budgetError(): BpfError {
    return new BpfError('ETIMEDOUT', `instruction budget of ${this.budget} exhausted (the program may not terminate)`, { insn: this.pc });
  }

  /**
   * Make GR and GB this interpreter's registers and bounds (interp_loop.ts): the previous owner's
   * go back into its own arrays. Done when the loop is entered by another interpreter than the
   * last one, so runs of one interpreter, and every helper call inside them, copy nothing.
   */
  private claim(): void {
    const prev = owner;
    if (prev !== null) {
      prev.ownR.set(GR.subarray(0, 22));
      prev.ownC.set(GB);
      prev.R = prev.ownR;
      prev.C = prev.ownC;
    }
    GR.set(this.ownR);
    GB.set(this.ownC);
    this.R = GR;
    this.C = GB;
    owner = this;
  }

  private pushFrame(retPc: number, code: Code): void {
    const R = this.R;
    const k = this.depth;
    const b = k * FRAME_REGS;
    for (let i = 0; i < FRAME_REGS; i++) this.frameRegs[b + i] = R[12 + i]!;
    this.frameRet[k] = retPc;
    this.frameCode[k] = code;
    this.frameOwn[k] = this.sandbox.saved();
    this.depth = k + 1;
    this.mayGoto[k + 1] = BPF_MAX_LOOPS;
    R[20] = this.framePointer(this.depth);
    R[21] = 0;
  }

  /**
   * The loop. Runs until the program exits (returns 'exited') or `limit` instructions have been
   * executed in total (returns 'running'). In callback mode it returns when the callback frame exits.
   * fastLoop (interp_loop.ts) runs everything it can without calling out; what it leaves — calls,
   * exit, region misses, the rare instructions — is `slow()`, one instruction at a time.
   */
  private exec(limit: number, callbackMode = false): StepState {
    const as = this.as;
    // the one-entry caches of the last non-stack region read and written: regions change only in
    // helper calls (which clear them) and between runs
    const C = this.C;
    C[C_READ_LO] = C[C_READ_HI] = C[C_WRITE_LO] = C[C_WRITE_HI] = 0;
    for (;;) {
      const left = limit - this.count;
      if (left <= 0) return 'running';
      const fuel = left < FUEL_MAX ? left : FUEL_MAX;
      // renewed when the memory grows (a new u8): compared by the view, not by `.buffer`, whose
      // getter is a call into the runtime (JSTypedArray::GetBuffer) at every entry of the loop
      const u8 = as.u8;
      if (this.m32u8 !== u8) { this.m32 = new Int32Array(u8.buffer); this.m32u8 = u8; }
      // a helper may have run another interpreter since the last entry
      if (owner !== this) this.claim();
      const why = fastLoop(this.code.P, as.dv, u8, this.m32, this.pc, fuel);
      this.pc = FAST_OUT[OUT_PC]!;
      this.count += fuel - FAST_OUT[OUT_FUEL]!;
      if (why !== SLOW) continue;
      // a helper call (0x85 with src 0) straight from here, the rest through slow()
      const P = this.code.P, pc = this.pc;
      if ((P[2 * pc]! & 0xf0ff) === 0x85) {
        this.count++;
        this.callHelper(P[2 * pc + 1]!, pc);
      } else if (this.slow(callbackMode)) return 'exited';
    }
  }

  /**
   * The instruction at this.pc that fastLoop left: executed here (true when the run, or the
   * callback, has exited), or, for a load or store outside the cached regions, only checked —
   * EFAULT, or the region cached and the instruction left for fastLoop to execute.
   */
  private slow(callbackMode: boolean): boolean {
    const R = this.R;
    const code = this.code, P = code.P;
    const pc = this.pc;
    const w = P[2 * pc]!, imm = P[2 * pc + 1]!;
    const c = w & 0xff;
    const d = (w >> 7) & 0x1e, s = (w >> 11) & 0x1e;
    this.count++;
    switch (c) {
      // loads and stores: fault with a sentence, or cache the region (counted when fastLoop runs it)
      case 0x61: case 0x69: case 0x71: case 0x79: case 0x81: case 0x89: case 0x91:
        // an arena address the kernel has no page at: the load reads 0 (vm/arena_cast.ts)
        if (inArenaGuard(this.arena, R[s]!, R[s + 1]!, w >> 16, accessSize(w))) { R[d] = 0; R[d + 1] = 0; break; }
        this.access(R[s]!, R[s + 1]!, w >> 16, accessSize(w), false, pc);
        this.count--;
        return false;
      case 0x62: case 0x6a: case 0x72: case 0x7a: case 0x63: case 0x6b: case 0x73: case 0x7b:
        // ... and a store there is dropped
        if (inArenaGuard(this.arena, R[d]!, R[d + 1]!, w >> 16, accessSize(w))) break;
        this.access(R[d]!, R[d + 1]!, w >> 16, accessSize(w), true, pc);
        this.count--;
        return false;
      case 0xc3: case 0xdb: { // atomics (RFC 9669 §5.3); this engine is single-threaded per address space
        const size = c === 0xc3 ? 4 : 8;
        if (inArenaGuard(this.arena, R[d]!, R[d + 1]!, w >> 16, size)) {
          // a faulting arena atomic does nothing; a fetching one loads 0
          if (imm & 1) { const t = imm === 0xf1 ? 0 : s; R[t] = 0; R[t + 1] = 0; }
          break;
        }
        this.atomic(this.access(R[d]!, R[d + 1]!, w >> 16, size, true, pc), size, imm, s, pc);
        break;
      }
      // division and modulo by zero, signed, or of 64-bit values past 32 bits (alu64.ts)
      case 0x37: case 0x3f: case 0x97: case 0x9f: {
        const bl = (w & 0x08) !== 0 ? R[s]! : imm, bh = (w & 0x08) !== 0 ? R[s + 1]! : bl >> 31;
        const signed = (w >> 16) === 1;
        if (c < 0x90) (signed ? sdiv64 : div64)(R, d, bl, bh);
        else (signed ? smod64 : mod64)(R, d, bl, bh);
        break;
      }
      case 0x34: case 0x3c: case 0x94: case 0x9c: {
        const b = (w & 0x08) !== 0 ? R[s]! : imm;
        R[d] = c < 0x90 ? div32(R[d]!, b, w >> 16) : mod32(R[d]!, b, w >> 16);
        R[d + 1] = 0;
        break;
      }
      // addr_space_cast (mov64 with off 1; fastLoop leaves it): an arena pointer between the
      // program's user address and the arena region's address (maps/arena.ts arenaCast)
      case 0xbf: {
        const l = this.arena;
        if (!l) throw new BpfError('EOPNOTSUPP', `addr_space_cast at insn ${pc}: the program references no BPF_MAP_TYPE_ARENA map whose memory could be emulated`, { insn: pc });
        const v = arenaCast(l, pairToBigInt(R[s]!, R[s + 1]!), imm === 1 << 16);
        R[d] = Number(v & 0xffffffffn) | 0;
        R[d + 1] = Number(v >> 32n) | 0;
        break;
      }
      // may_goto (Linux 6.9): jump when this frame's counter is spent, else count one down
      // (do_misc_fixups: r11 = *(u64 *)(r10 - stack - 8); if r11 == 0 goto +off; r11 -= 1; store)
      case 0xe5: {
        const mg = this.mayGoto, k = this.depth;
        if (mg[k] === 0) this.pc = pc + (w >> 16);
        else mg[k]!--;
        break;
      }
      case 0x20: case 0x28: case 0x30: case 0x40: case 0x48: case 0x50: { // legacy LD_ABS / LD_IND
        const size = c & 0x18 ? (c & 0x18) === 0x08 ? 2 : 1 : 4;
        let off = imm;
        if ((c & 0xe0) === 0x40) off = (off + R[s]!) | 0;
        const pkt = this.env.packet;
        if (!pkt) throw new BpfError('EINVAL', 'LD_ABS/LD_IND used without a packet (only socket filter and tc programs have one)', { insn: pc });
        const a = pkt.data + off;
        if (off < 0 || a + size > pkt.dataEnd) {
          // out of packet: the function returns 0 (bpf_gen_ld_abs emits a hidden `r0 = 0; exit`:
          // the main program ends, a subprogram returns to its caller)
          R[0] = 0; R[1] = 0;
          return this.exit(callbackMode);
        }
        const dv = this.as.dv;
        R[0] = size === 4 ? dv.getInt32(a, false) : size === 2 ? dv.getUint16(a, false) : dv.getUint8(a);
        R[1] = 0;
        break;
      }

      // ---------------- calls and exit ----------------
      case 0x85: case 0x8d: {
        const src = (w >> 12) & 15; // the src field is a tag here (BPF_PSEUDO_CALL), not a register
        if (c === 0x85 && src === 1) {
          // bpf-to-bpf call: new frame, r6..r9 preserved, own r10
          if (this.depth + 1 >= MAX_CALL_FRAMES) throw new BpfError('E2BIG', `the call stack of ${this.depth + 2} frames is too deep`, { insn: pc });
          this.pushFrame(pc + 1, code);
          this.pc = pc + imm;
          break;
        }
        if (c === 0x85 && src === 2) throw new BpfError('ENOTSUPP', `kernel function call (kfunc btf_id ${imm}) is not supported`, { insn: pc });
        // a helper (callx: its id in the dst register, RFC 9669 callx group)
        this.callHelper(c === 0x85 ? imm : R[d]!, pc);
        return false;
      }
      case 0x95:
        return this.exit(callbackMode);
      default:
        if (pc >= code.n) throw new BpfError('EFAULT', `execution fell off the end of the program at insn ${pc}`, { insn: pc });
        throw new BpfError('EINVAL', `unknown opcode 0x${c.toString(16).padStart(2, '0')}`, { insn: pc });
    }
    this.pc++;
    return false;
  }

  /** exit of a frame: true when the run (or the callback) is finished, else back in the caller */
  private exit(callbackMode: boolean): boolean {
    if (this.exitFrame(callbackMode)) return true;
    const { code, pc } = this.resume();
    this.code = code;
    this.pc = pc;
    return false;
  }

  /**
   * the address of a `size`-byte access at (lo, hi) + off, checked: in the stack or the cached
   * region, or looked up (and cached), or EFAULT naming the instruction
   */
  private access(lo: number, hi: number, off: number, size: number, write: boolean, pc: number): number {
    const C = this.C;
    if (hi !== 0) throw this.as.fault(pointerAddr(lo, hi, off), size, write, pc);
    const a = (lo >>> 0) + off;
    const k = write ? C_WRITE_LO : C_READ_LO;
    if ((a >= C[C_STACK_LO]! && a + size <= C[C_STACK_HI]!) || (a >= C[k]! && a + size <= C[k + 1]!)) return a;
    const r = this.region(a, size, write, pc);
    // the arena: only its pages are cached, so that an access to a guard comes back to slow()
    const l = this.arena;
    C[k] = l && r.base === l.lo ? l.base : r.base;
    C[k + 1] = l && r.base === l.lo ? l.base + l.size : r.base + r.size;
    return a;
  }

  /** the region an access falls in, or an EFAULT naming the instruction */
  private region(addr: number, size: number, write: boolean, pc: number): Region {
    const as = this.as;
    const r = as.find(addr, size);
    // the policy is this program's sandbox: mapped is not enough, the region must be the program's
    if (r && (!write || r.writable) && (as.policy === null || as.policy.allows(r))) return r;
    throw this.as.fault(addr, size, write, pc);
  }

  /** handle exit: true when the run (or the callback) is finished, else the frame can be popped */
  private exitFrame(callbackMode: boolean): boolean {
    if (this.depth === 0) { this.state = 'exited'; return true; }
    return callbackMode && this.depth === this.callbackDepth;
  }

  /** pop a frame after exit; returns where to continue */
  private resume(): { code: Code; pc: number } {
    const R = this.R, F = this.frameRegs;
    const k = this.depth - 1;
    for (let i = 0; i < FRAME_REGS; i++) R[12 + i] = F[k * FRAME_REGS + i]!;
    this.depth = k;
    this.sandbox.restore(this.frameOwn[k]!);
    // the caller may own less than a tail-called program that returns into it: cached regions go
    const C = this.C;
    C[C_READ_LO] = C[C_READ_HI] = C[C_WRITE_LO] = C[C_WRITE_HI] = 0;
    return { code: this.frameCode[k]!, pc: this.frameRet[k]! };
  }

  private takeTailCall(pc: number): void {
    const t = this.tailTarget!;
    this.tailTarget = null;
    if (++this.tailCalls > MAX_TAIL_CALL_CNT) throw new BpfError('ELOOP', `more than ${MAX_TAIL_CALL_CNT} tail calls`, { insn: pc });
    const c = codeOf(t);
    this.sandbox.enterTailCall(t, t.mapHandles);
    this.mayGoto[this.depth] = BPF_MAX_LOOPS;
    this.code = c;
  }

  /**
   * Helper `id` called at slot `pc` (counted by the caller); this.pc is the next instruction's
   * after it, or the tail-call target's first. The region caches stay when the region table is
   * the one before the call (AddressSpace.generation: a helper that maps or unmaps bumps it), as
   * what the program may reach only grows during a call (Sandbox.grant) — so the map value read
   * after a lookup hits the cache; they go when the table changed or a tail call replaces the
   * program (another program owns other maps).
   */
  private callHelper(id: number, pc: number): void {
    const fn = this.helpers?.fn(id);
    if (fn === undefined) throw new BpfError('EINVAL', `invalid func unknown#${id}`, { insn: pc });
    const as = this.as, gen = as.generation;
    fn(this);
    const tail = this.tailTarget !== null;
    if (tail) this.takeTailCall(pc);
    if (tail || as.generation !== gen) {
      // this.C again: the helper may have run another interpreter (claim)
      const C = this.C;
      C[C_READ_LO] = C[C_READ_HI] = C[C_WRITE_LO] = C[C_WRITE_HI] = 0;
    }
    this.pc = tail ? 0 : pc + 1;
  }

  private atomic(a: number, size: number, aop: number, s: number, pc: number): void {
    const R = this.R;
    const dv = this.as.dv;
    if (size === 4) {
      const old = dv.getInt32(a, true);
      const v = R[s]!;
      let nv: number;
      switch (aop & ~1) {
        case 0x00: nv = (old + v) | 0; break;
        case 0x40: nv = old | v; break;
        case 0x50: nv = old & v; break;
        case 0xa0: nv = old ^ v; break;
        case 0xe0: nv = v; break; // xchg
        case 0xf0: { // cmpxchg: compare with w0, old value into r0 (zero-extended)
          if (old === R[0]) dv.setInt32(a, v, true);
          R[0] = old; R[1] = 0;
          return;
        }
        default: this.pc = pc; throw new BpfError('EINVAL', `invalid atomic operation 0x${aop.toString(16)}`, { insn: pc });
      }
      dv.setInt32(a, nv, true);
      if (aop & 1) { R[s] = old; R[s + 1] = 0; }
    } else {
      const ol = dv.getInt32(a, true), oh = dv.getInt32(a + 4, true);
      const vl = R[s]!, vh = R[s + 1]!;
      let nl: number, nh: number;
      switch (aop & ~1) {
        case 0x00: {
          nl = (ol + vl) | 0;
          nh = (oh + vh + ((nl >>> 0) < (ol >>> 0) ? 1 : 0)) | 0;
          break;
        }
        case 0x40: nl = ol | vl; nh = oh | vh; break;
        case 0x50: nl = ol & vl; nh = oh & vh; break;
        case 0xa0: nl = ol ^ vl; nh = oh ^ vh; break;
        case 0xe0: nl = vl; nh = vh; break;
        case 0xf0: {
          if (ol === R[0] && oh === R[1]) { dv.setInt32(a, vl, true); dv.setInt32(a + 4, vh, true); }
          R[0] = ol; R[1] = oh;
          return;
        }
        default: this.pc = pc; throw new BpfError('EINVAL', `invalid atomic operation 0x${aop.toString(16)}`, { insn: pc });
      }
      dv.setInt32(a, nl, true);
      dv.setInt32(a + 4, nh, true);
      if (aop & 1) { R[s] = ol; R[s + 1] = oh; }
    }
  }
}


/** the address a pointer with a nonzero high half would name, for messages (beyond the 4 GiB space) */
function pointerAddr(lo: number, hi: number, off: number): number {
  return (hi >>> 0) * 4294967296 + (lo >>> 0) + off;
}

function div32(a: number, b: number, signed: number): number {
  if (b === 0) return 0;
  if (signed === 1) return Math.trunc(a / b) | 0; // INT32_MIN / -1 wraps to INT32_MIN via |0
  return ((a >>> 0) / (b >>> 0)) >>> 0 | 0;
}

function mod32(a: number, b: number, signed: number): number {
  if (b === 0) return a;
  if (signed === 1) return (a % b) | 0;
  return ((a >>> 0) % (b >>> 0)) | 0;
}

function setReg(R: Int32Array, r: number, v: bigint | number | undefined): void {
  if (v === undefined) { R[2 * r] = 0; R[2 * r + 1] = 0; return; }
  if (typeof v === 'bigint') {
    R[2 * r] = Number(BigInt.asIntN(32, v));
    R[2 * r + 1] = Number(BigInt.asIntN(32, v >> 32n));
  } else {
    R[2 * r] = v >>> 0;
    R[2 * r + 1] = Math.floor(v / 4294967296) | 0;
  }
}
