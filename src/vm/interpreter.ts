/**
 * The reference interpreter (RFC 9669 semantics; kernel/bpf/core.c ___bpf_prog_run is the model).
 * One switch on the opcode byte, registers as (lo, hi) int32 pairs in an Int32Array, every memory
 * access checked against the address space's region table, an instruction budget so a runaway
 * program stops with a typed error. The same loop serves `run()` and the step debugger.
 */
import { BpfError } from '../isa/errors.js';
import { type Instruction, slotIndices, decodeInstructions, LDDW } from '../isa/instruction.js';
import { validateInstructions } from '../isa/validate.js';
import { MAX_BPF_STACK, MAX_CALL_FRAMES, BPF_MAX_LOOPS } from '../isa/opcodes.js';
import { type ExecEnv, type HelperContext, type HelperRegistry, type TailCallTarget, ProgramThrow } from '../helpers/api.js';
import { AddressSpace, RegionKind, type Region } from './address_space.js';
import { Sandbox, runPointers } from './sandbox.js';
import {
  add64, sub64, mul64, div64, mod64, sdiv64, smod64, neg64, lsh64, rsh64, arsh64,
  gtU64, geU64, gtS64, geS64, bswap16, bswap32, pairToBigInt,
} from './alu64.js';

/** the kernel's MAX_TAIL_CALL_CNT */
export const MAX_TAIL_CALL_CNT = 33;
export const DEFAULT_BUDGET = 100_000_000;

/** a program decoded into per-slot typed arrays, the form the loop reads */
export class Code {
  readonly n: number;
  readonly op: Uint8Array;
  readonly dst: Uint8Array;
  readonly src: Uint8Array;
  readonly off: Int32Array;
  readonly imm: Int32Array;
  /** dst and src times two: the index of the register's low half in the Int32Array register file */
  readonly dst2: Uint8Array;
  readonly src2: Uint8Array;
  /**
   * opcode | dst << 8 | src << 12 | off << 16 per slot: the loop reads one word per instruction
   * for the four fields (one typed-array access instead of four); imm stays in `imm`
   */
  readonly w: Int32Array;
  constructor(readonly insns: readonly Instruction[]) {
    validateInstructions(insns);
    const slots = slotIndices(insns);
    const n = slots[insns.length]!;
    this.n = n;
    // one extra slot of opcode 0 (not an instruction): falling off the end lands in the loop's
    // default case, so the loop needs no bounds check (jumps were validated to stay inside)
    this.op = new Uint8Array(n + 1);
    this.dst = new Uint8Array(n + 1);
    this.src = new Uint8Array(n + 1);
    this.off = new Int32Array(n + 1);
    this.imm = new Int32Array(n + 1);
    this.dst2 = new Uint8Array(n + 1);
    this.src2 = new Uint8Array(n + 1);
    this.w = new Int32Array(n + 1);
    insns.forEach((i, k) => {
      const s = slots[k]!;
      this.op[s] = i.code;
      this.dst[s] = i.dst;
      this.src[s] = i.src;
      this.off[s] = i.off;
      this.imm[s] = i.imm;
      this.dst2[s] = (i.dst & 15) * 2;
      this.src2[s] = (i.src & 15) * 2;
      this.w[s] = i.code | ((i.dst & 15) << 8) | ((i.src & 15) << 12) | (i.off << 16);
      // the second slot of lddw keeps its imm; opcode 0 there is never executed
      if (i.code === LDDW) this.imm[s + 1] = i.imm2;
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

export class Interpreter implements HelperContext {
  readonly as: AddressSpace;
  readonly helpers: HelperRegistry | undefined;
  budget: number;
  /** registers of the current frame: [2*i] = low 32 bits, [2*i+1] = high 32 bits */
  readonly R = new Int32Array(22);
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
  private tailTarget: TailCallTarget | null = null;
  private tailCalls = 0;
  /** depth at which a helper callback returns to its helper, or -1 */
  private callbackDepth = -1;

  constructor(prog: readonly Instruction[] | Uint8Array, opts: InterpreterOptions = {}) {
    const insns = prog instanceof Uint8Array ? decodeInstructions(prog) : prog;
    this.main = this.code = new Code(insns);
    this.as = opts.as ?? new AddressSpace();
    this.helpers = opts.helpers;
    this.budget = opts.budget ?? DEFAULT_BUDGET;
    // one region holds all frames: frame k's r10 is top - k*512 (frames grow down, as the kernel's stacks)
    this.stack = this.as.map(MAX_BPF_STACK * MAX_CALL_FRAMES, RegionKind.Stack, 'stack');
    this.sandbox = new Sandbox(this.as, this.stack, opts.owns ?? []);
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
    const R = this.R;
    const saved = R.slice();
    const savedPc = this.pc, savedCode = this.code, savedCb = this.callbackDepth;
    if (this.depth + 1 >= MAX_CALL_FRAMES) throw new BpfError('E2BIG', `the call stack of ${this.depth + 2} frames is too deep`, { insn: this.pc });
    this.pushFrame(this.pc, this.code);
    setReg(R, 1, r1); setReg(R, 2, r2); setReg(R, 3, r3); setReg(R, 4, r4); setReg(R, 5, r5);
    this.callbackDepth = this.depth;
    this.pc = target;
    const st = this.exec(this.budget + 1, true);
    if (st !== 'exited') throw this.budgetError();
    this.depth--; // the callback frame's exit does not pop itself; its caller's registers come back below
    const r0 = this.r0;
    R.set(saved);
    this.pc = savedPc;
    this.code = savedCode;
    this.callbackDepth = savedCb;
    return r0;
  }

  private budgetError(): BpfError {
    return new BpfError('ETIMEDOUT', `instruction budget of ${this.budget} exhausted (the program may not terminate)`, { insn: this.pc });
  }

  private pushFrame(retPc: number, code: Code): void {
    const R = this.R;
    const k = this.depth;
    const b = k * FRAME_REGS;
    this.frameRegs.set(R.subarray(12, 22), b);
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
   */
  private exec(limit: number, callbackMode = false): StepState {
    const R = this.R;
    const as = this.as;
    let dv = as.dv;
    let u8 = as.u8;
    let code = this.code;
    let op = code.op, W = code.w, I = code.imm, n = code.n;
    let pc = this.pc;
    let count = this.count;
    const sLo = this.stack.base, sHi = this.stack.base + this.stack.size;
    // one-entry caches of the last non-stack region hit, for reads and for writes; regions only
    // change inside helper calls, which clear them
    let rLo = 0, rHi = 0, wLo = 0, wHi = 0;

    for (;;) {
      if (count >= limit) {
        this.pc = pc; this.count = count; this.code = code;
        return 'running';
      }
      count++;
      const w = W[pc]!;
      // dst and src times two: the index of the register's low half in R
      const d = (w >> 7) & 0x1e;
      switch (w & 0xff) {
        // ---------------- ALU64 (class 0x07) ----------------
        case 0x07: add64(R, d, I[pc]!, I[pc]! >> 31); break;
        case 0x0f: { const s = ((w >> 11) & 0x1e); add64(R, d, R[s]!, R[s + 1]!); break; }
        case 0x17: sub64(R, d, I[pc]!, I[pc]! >> 31); break;
        case 0x1f: { const s = ((w >> 11) & 0x1e); sub64(R, d, R[s]!, R[s + 1]!); break; }
        case 0x27: mul64(R, d, I[pc]!, I[pc]! >> 31); break;
        case 0x2f: { const s = ((w >> 11) & 0x1e); mul64(R, d, R[s]!, R[s + 1]!); break; }
        case 0x37:
          if ((w >> 16) === 1) sdiv64(R, d, I[pc]!, I[pc]! >> 31);
          else div64(R, d, I[pc]!, I[pc]! >> 31);
          break;
        case 0x3f: {
          const s = ((w >> 11) & 0x1e);
          if ((w >> 16) === 1) sdiv64(R, d, R[s]!, R[s + 1]!);
          else div64(R, d, R[s]!, R[s + 1]!);
          break;
        }
        case 0x47: R[d] |= I[pc]!; R[d + 1] |= I[pc]! >> 31; break;
        case 0x4f: { const s = ((w >> 11) & 0x1e); R[d] |= R[s]!; R[d + 1] |= R[s + 1]!; break; }
        case 0x57: R[d] &= I[pc]!; R[d + 1] &= I[pc]! >> 31; break;
        case 0x5f: { const s = ((w >> 11) & 0x1e); R[d] &= R[s]!; R[d + 1] &= R[s + 1]!; break; }
        case 0x67: lsh64(R, d, I[pc]!); break;
        case 0x6f: lsh64(R, d, R[((w >> 11) & 0x1e)]!); break;
        case 0x77: rsh64(R, d, I[pc]!); break;
        case 0x7f: rsh64(R, d, R[((w >> 11) & 0x1e)]!); break;
        case 0x87: neg64(R, d); break;
        case 0x97:
          if ((w >> 16) === 1) smod64(R, d, I[pc]!, I[pc]! >> 31);
          else mod64(R, d, I[pc]!, I[pc]! >> 31);
          break;
        case 0x9f: {
          const s = ((w >> 11) & 0x1e);
          if ((w >> 16) === 1) smod64(R, d, R[s]!, R[s + 1]!);
          else mod64(R, d, R[s]!, R[s + 1]!);
          break;
        }
        case 0xa7: R[d] ^= I[pc]!; R[d + 1] ^= I[pc]! >> 31; break;
        case 0xaf: { const s = ((w >> 11) & 0x1e); R[d] ^= R[s]!; R[d + 1] ^= R[s + 1]!; break; }
        case 0xb7: R[d] = I[pc]!; R[d + 1] = I[pc]! >> 31; break;
        case 0xbf: {
          const s = ((w >> 11) & 0x1e);
          switch ((w >> 16)) {
            case 0: R[d] = R[s]!; R[d + 1] = R[s + 1]!; break;
            case 8: R[d] = (R[s]! << 24) >> 24; R[d + 1] = R[d]! >> 31; break;
            case 16: R[d] = (R[s]! << 16) >> 16; R[d + 1] = R[d]! >> 31; break;
            default: R[d] = R[s]!; R[d + 1] = R[s]! >> 31; break; // movsx 32
          }
          break;
        }
        case 0xc7: arsh64(R, d, I[pc]!); break;
        case 0xcf: arsh64(R, d, R[((w >> 11) & 0x1e)]!); break;
        case 0xd7: // bswap (v4): unconditional byte swap (RFC 9669 §4.2)
          switch (I[pc]) {
            case 16: R[d] = bswap16(R[d]!); R[d + 1] = 0; break;
            case 32: R[d] = bswap32(R[d]!); R[d + 1] = 0; break;
            default: { const lo = R[d]!; R[d] = bswap32(R[d + 1]!); R[d + 1] = bswap32(lo); }
          }
          break;

        // ---------------- ALU (class 0x04): 32-bit, upper half zeroed ----------------
        case 0x04: R[d] = (R[d]! + I[pc]!) | 0; R[d + 1] = 0; break;
        case 0x0c: R[d] = (R[d]! + R[((w >> 11) & 0x1e)]!) | 0; R[d + 1] = 0; break;
        case 0x14: R[d] = (R[d]! - I[pc]!) | 0; R[d + 1] = 0; break;
        case 0x1c: R[d] = (R[d]! - R[((w >> 11) & 0x1e)]!) | 0; R[d + 1] = 0; break;
        case 0x24: R[d] = Math.imul(R[d]!, I[pc]!); R[d + 1] = 0; break;
        case 0x2c: R[d] = Math.imul(R[d]!, R[((w >> 11) & 0x1e)]!); R[d + 1] = 0; break;
        case 0x34: R[d] = div32(R[d]!, I[pc]!, (w >> 16)); R[d + 1] = 0; break;
        case 0x3c: R[d] = div32(R[d]!, R[((w >> 11) & 0x1e)]!, (w >> 16)); R[d + 1] = 0; break;
        case 0x44: R[d] |= I[pc]!; R[d + 1] = 0; break;
        case 0x4c: R[d] |= R[((w >> 11) & 0x1e)]!; R[d + 1] = 0; break;
        case 0x54: R[d] &= I[pc]!; R[d + 1] = 0; break;
        case 0x5c: R[d] &= R[((w >> 11) & 0x1e)]!; R[d + 1] = 0; break;
        case 0x64: R[d] <<= I[pc]!; R[d + 1] = 0; break; // JS masks shift counts to 5 bits, as RFC 9669 requires
        case 0x6c: R[d] <<= R[((w >> 11) & 0x1e)]!; R[d + 1] = 0; break;
        case 0x74: R[d] = R[d]! >>> I[pc]!; R[d + 1] = 0; break;
        case 0x7c: R[d] = R[d]! >>> R[((w >> 11) & 0x1e)]!; R[d + 1] = 0; break;
        case 0x84: R[d] = -R[d]! | 0; R[d + 1] = 0; break;
        case 0x94: R[d] = mod32(R[d]!, I[pc]!, (w >> 16)); R[d + 1] = 0; break;
        case 0x9c: R[d] = mod32(R[d]!, R[((w >> 11) & 0x1e)]!, (w >> 16)); R[d + 1] = 0; break;
        case 0xa4: R[d] ^= I[pc]!; R[d + 1] = 0; break;
        case 0xac: R[d] ^= R[((w >> 11) & 0x1e)]!; R[d + 1] = 0; break;
        case 0xb4: R[d] = I[pc]!; R[d + 1] = 0; break;
        case 0xbc: {
          const v = R[((w >> 11) & 0x1e)]!;
          const o = (w >> 16);
          R[d] = o === 8 ? (v << 24) >> 24 : o === 16 ? (v << 16) >> 16 : v;
          R[d + 1] = 0;
          break;
        }
        case 0xc4: R[d] >>= I[pc]!; R[d + 1] = 0; break;
        case 0xcc: R[d] >>= R[((w >> 11) & 0x1e)]!; R[d + 1] = 0; break;
        case 0xd4: // le: truncate (this is a little-endian machine's conversion)
          if (I[pc] === 16) { R[d] &= 0xffff; R[d + 1] = 0; } else if (I[pc] === 32) R[d + 1] = 0;
          break;
        case 0xdc: // be: byte swap to big endian
          switch (I[pc]) {
            case 16: R[d] = bswap16(R[d]!); R[d + 1] = 0; break;
            case 32: R[d] = bswap32(R[d]!); R[d + 1] = 0; break;
            default: { const lo = R[d]!; R[d] = bswap32(R[d + 1]!); R[d + 1] = bswap32(lo); }
          }
          break;

        // ---------------- JMP (class 0x05) ----------------
        case 0x05: pc += (w >> 16); break;
        case 0x15: if (R[d] === I[pc] && R[d + 1] === I[pc]! >> 31) pc += (w >> 16); break;
        case 0x1d: { const s = ((w >> 11) & 0x1e); if (R[d] === R[s] && R[d + 1] === R[s + 1]) pc += (w >> 16); break; }
        case 0x25: if (gtU64(R[d]!, R[d + 1]!, I[pc]!, I[pc]! >> 31)) pc += (w >> 16); break;
        case 0x2d: { const s = ((w >> 11) & 0x1e); if (gtU64(R[d]!, R[d + 1]!, R[s]!, R[s + 1]!)) pc += (w >> 16); break; }
        case 0x35: if (geU64(R[d]!, R[d + 1]!, I[pc]!, I[pc]! >> 31)) pc += (w >> 16); break;
        case 0x3d: { const s = ((w >> 11) & 0x1e); if (geU64(R[d]!, R[d + 1]!, R[s]!, R[s + 1]!)) pc += (w >> 16); break; }
        case 0x45: if ((R[d]! & I[pc]!) !== 0 || (R[d + 1]! & (I[pc]! >> 31)) !== 0) pc += (w >> 16); break;
        case 0x4d: { const s = ((w >> 11) & 0x1e); if ((R[d]! & R[s]!) !== 0 || (R[d + 1]! & R[s + 1]!) !== 0) pc += (w >> 16); break; }
        case 0x55: if (R[d] !== I[pc] || R[d + 1] !== I[pc]! >> 31) pc += (w >> 16); break;
        case 0x5d: { const s = ((w >> 11) & 0x1e); if (R[d] !== R[s] || R[d + 1] !== R[s + 1]) pc += (w >> 16); break; }
        case 0x65: if (gtS64(R[d]!, R[d + 1]!, I[pc]!, I[pc]! >> 31)) pc += (w >> 16); break;
        case 0x6d: { const s = ((w >> 11) & 0x1e); if (gtS64(R[d]!, R[d + 1]!, R[s]!, R[s + 1]!)) pc += (w >> 16); break; }
        case 0x75: if (geS64(R[d]!, R[d + 1]!, I[pc]!, I[pc]! >> 31)) pc += (w >> 16); break;
        case 0x7d: { const s = ((w >> 11) & 0x1e); if (geS64(R[d]!, R[d + 1]!, R[s]!, R[s + 1]!)) pc += (w >> 16); break; }
        case 0xa5: if (gtU64(I[pc]!, I[pc]! >> 31, R[d]!, R[d + 1]!)) pc += (w >> 16); break;
        case 0xad: { const s = ((w >> 11) & 0x1e); if (gtU64(R[s]!, R[s + 1]!, R[d]!, R[d + 1]!)) pc += (w >> 16); break; }
        case 0xb5: if (geU64(I[pc]!, I[pc]! >> 31, R[d]!, R[d + 1]!)) pc += (w >> 16); break;
        case 0xbd: { const s = ((w >> 11) & 0x1e); if (geU64(R[s]!, R[s + 1]!, R[d]!, R[d + 1]!)) pc += (w >> 16); break; }
        case 0xc5: if (gtS64(I[pc]!, I[pc]! >> 31, R[d]!, R[d + 1]!)) pc += (w >> 16); break;
        case 0xcd: { const s = ((w >> 11) & 0x1e); if (gtS64(R[s]!, R[s + 1]!, R[d]!, R[d + 1]!)) pc += (w >> 16); break; }
        case 0xd5: if (geS64(I[pc]!, I[pc]! >> 31, R[d]!, R[d + 1]!)) pc += (w >> 16); break;
        case 0xdd: { const s = ((w >> 11) & 0x1e); if (geS64(R[s]!, R[s + 1]!, R[d]!, R[d + 1]!)) pc += (w >> 16); break; }

        // ---------------- JMP32 (class 0x06): compare the low 32 bits ----------------
        // may_goto (Linux 6.9): jump when this frame's counter is spent, else count one down
        // (do_misc_fixups: r11 = *(u64 *)(r10 - stack - 8); if r11 == 0 goto +off; r11 -= 1; store)
        case 0xe5: {
          const mg = this.mayGoto, k = this.depth;
          if (mg[k] === 0) pc += (w >> 16);
          else mg[k]!--;
          break;
        }
        case 0x06: pc += I[pc]!; break; // gotol (RFC 9669 §4.3: JA in JMP32 uses imm)
        case 0x16: if (R[d] === I[pc]) pc += (w >> 16); break;
        case 0x1e: if (R[d] === R[((w >> 11) & 0x1e)]) pc += (w >> 16); break;
        case 0x26: if (R[d]! >>> 0 > I[pc]! >>> 0) pc += (w >> 16); break;
        case 0x2e: if (R[d]! >>> 0 > R[((w >> 11) & 0x1e)]! >>> 0) pc += (w >> 16); break;
        case 0x36: if (R[d]! >>> 0 >= I[pc]! >>> 0) pc += (w >> 16); break;
        case 0x3e: if (R[d]! >>> 0 >= R[((w >> 11) & 0x1e)]! >>> 0) pc += (w >> 16); break;
        case 0x46: if ((R[d]! & I[pc]!) !== 0) pc += (w >> 16); break;
        case 0x4e: if ((R[d]! & R[((w >> 11) & 0x1e)]!) !== 0) pc += (w >> 16); break;
        case 0x56: if (R[d] !== I[pc]) pc += (w >> 16); break;
        case 0x5e: if (R[d] !== R[((w >> 11) & 0x1e)]) pc += (w >> 16); break;
        case 0x66: if (R[d]! > I[pc]!) pc += (w >> 16); break;
        case 0x6e: if (R[d]! > R[((w >> 11) & 0x1e)]!) pc += (w >> 16); break;
        case 0x76: if (R[d]! >= I[pc]!) pc += (w >> 16); break;
        case 0x7e: if (R[d]! >= R[((w >> 11) & 0x1e)]!) pc += (w >> 16); break;
        case 0xa6: if (R[d]! >>> 0 < I[pc]! >>> 0) pc += (w >> 16); break;
        case 0xae: if (R[d]! >>> 0 < R[((w >> 11) & 0x1e)]! >>> 0) pc += (w >> 16); break;
        case 0xb6: if (R[d]! >>> 0 <= I[pc]! >>> 0) pc += (w >> 16); break;
        case 0xbe: if (R[d]! >>> 0 <= R[((w >> 11) & 0x1e)]! >>> 0) pc += (w >> 16); break;
        case 0xc6: if (R[d]! < I[pc]!) pc += (w >> 16); break;
        case 0xce: if (R[d]! < R[((w >> 11) & 0x1e)]!) pc += (w >> 16); break;
        case 0xd6: if (R[d]! <= I[pc]!) pc += (w >> 16); break;
        case 0xde: if (R[d]! <= R[((w >> 11) & 0x1e)]!) pc += (w >> 16); break;

        // ---------------- loads and stores ----------------
        case 0x18: // lddw: imm64 (and, after relocation, pseudo sources hold addresses in imm)
          R[d] = I[pc]!;
          R[d + 1] = I[pc + 1]!;
          pc++;
          break;
        // LDX MEM / MEMSX: one case per opcode so each access is a straight line (the stack first, then
        // the last region hit; anything else goes to the region table, which faults with a sentence)
        case 0x61: {
          const s = ((w >> 11) & 0x1e);
          if (R[s + 1] !== 0) { this.pc = pc; this.count = count; throw as.fault(pointerAddr(R[s]!, R[s + 1]!, (w >> 16)), 4, false, pc); }
          const a = (R[s]! >>> 0) + (w >> 16);
          if ((a < sLo || a + 4 > sHi) && (a < rLo || a + 4 > rHi)) { const r = this.region(a, 4, false, pc, count); rLo = r.base; rHi = r.base + r.size; }
          R[d] = dv.getInt32(a, true); R[d + 1] = 0;
          break;
        }
        case 0x69: {
          const s = ((w >> 11) & 0x1e);
          if (R[s + 1] !== 0) { this.pc = pc; this.count = count; throw as.fault(pointerAddr(R[s]!, R[s + 1]!, (w >> 16)), 2, false, pc); }
          const a = (R[s]! >>> 0) + (w >> 16);
          if ((a < sLo || a + 2 > sHi) && (a < rLo || a + 2 > rHi)) { const r = this.region(a, 2, false, pc, count); rLo = r.base; rHi = r.base + r.size; }
          R[d] = dv.getUint16(a, true); R[d + 1] = 0;
          break;
        }
        case 0x71: {
          const s = ((w >> 11) & 0x1e);
          if (R[s + 1] !== 0) { this.pc = pc; this.count = count; throw as.fault(pointerAddr(R[s]!, R[s + 1]!, (w >> 16)), 1, false, pc); }
          const a = (R[s]! >>> 0) + (w >> 16);
          if ((a < sLo || a + 1 > sHi) && (a < rLo || a + 1 > rHi)) { const r = this.region(a, 1, false, pc, count); rLo = r.base; rHi = r.base + r.size; }
          R[d] = u8[a]!; R[d + 1] = 0;
          break;
        }
        case 0x79: {
          const s = ((w >> 11) & 0x1e);
          if (R[s + 1] !== 0) { this.pc = pc; this.count = count; throw as.fault(pointerAddr(R[s]!, R[s + 1]!, (w >> 16)), 8, false, pc); }
          const a = (R[s]! >>> 0) + (w >> 16);
          if ((a < sLo || a + 8 > sHi) && (a < rLo || a + 8 > rHi)) { const r = this.region(a, 8, false, pc, count); rLo = r.base; rHi = r.base + r.size; }
          R[d + 1] = dv.getInt32(a + 4, true); R[d] = dv.getInt32(a, true);
          break;
        }
        case 0x81: {
          const s = ((w >> 11) & 0x1e);
          if (R[s + 1] !== 0) { this.pc = pc; this.count = count; throw as.fault(pointerAddr(R[s]!, R[s + 1]!, (w >> 16)), 4, false, pc); }
          const a = (R[s]! >>> 0) + (w >> 16);
          if ((a < sLo || a + 4 > sHi) && (a < rLo || a + 4 > rHi)) { const r = this.region(a, 4, false, pc, count); rLo = r.base; rHi = r.base + r.size; }
          R[d] = dv.getInt32(a, true); R[d + 1] = R[d]! >> 31;
          break;
        }
        case 0x89: {
          const s = ((w >> 11) & 0x1e);
          if (R[s + 1] !== 0) { this.pc = pc; this.count = count; throw as.fault(pointerAddr(R[s]!, R[s + 1]!, (w >> 16)), 2, false, pc); }
          const a = (R[s]! >>> 0) + (w >> 16);
          if ((a < sLo || a + 2 > sHi) && (a < rLo || a + 2 > rHi)) { const r = this.region(a, 2, false, pc, count); rLo = r.base; rHi = r.base + r.size; }
          R[d] = dv.getInt16(a, true); R[d + 1] = R[d]! >> 31;
          break;
        }
        case 0x91: {
          const s = ((w >> 11) & 0x1e);
          if (R[s + 1] !== 0) { this.pc = pc; this.count = count; throw as.fault(pointerAddr(R[s]!, R[s + 1]!, (w >> 16)), 1, false, pc); }
          const a = (R[s]! >>> 0) + (w >> 16);
          if ((a < sLo || a + 1 > sHi) && (a < rLo || a + 1 > rHi)) { const r = this.region(a, 1, false, pc, count); rLo = r.base; rHi = r.base + r.size; }
          R[d] = (u8[a]! << 24) >> 24; R[d + 1] = R[d]! >> 31;
          break;
        }
        // ST (immediate) and STX MEM
        case 0x62: {
          if (R[d + 1] !== 0) { this.pc = pc; this.count = count; throw as.fault(pointerAddr(R[d]!, R[d + 1]!, (w >> 16)), 4, true, pc); }
          const a = (R[d]! >>> 0) + (w >> 16);
          if ((a < sLo || a + 4 > sHi) && (a < wLo || a + 4 > wHi)) { const r = this.region(a, 4, true, pc, count); wLo = r.base; wHi = r.base + r.size; }
          const v = I[pc]!;
          dv.setInt32(a, v, true);
          break;
        }
        case 0x6a: {
          if (R[d + 1] !== 0) { this.pc = pc; this.count = count; throw as.fault(pointerAddr(R[d]!, R[d + 1]!, (w >> 16)), 2, true, pc); }
          const a = (R[d]! >>> 0) + (w >> 16);
          if ((a < sLo || a + 2 > sHi) && (a < wLo || a + 2 > wHi)) { const r = this.region(a, 2, true, pc, count); wLo = r.base; wHi = r.base + r.size; }
          const v = I[pc]!;
          dv.setInt16(a, v, true);
          break;
        }
        case 0x72: {
          if (R[d + 1] !== 0) { this.pc = pc; this.count = count; throw as.fault(pointerAddr(R[d]!, R[d + 1]!, (w >> 16)), 1, true, pc); }
          const a = (R[d]! >>> 0) + (w >> 16);
          if ((a < sLo || a + 1 > sHi) && (a < wLo || a + 1 > wHi)) { const r = this.region(a, 1, true, pc, count); wLo = r.base; wHi = r.base + r.size; }
          const v = I[pc]!;
          u8[a] = v;
          break;
        }
        case 0x7a: {
          if (R[d + 1] !== 0) { this.pc = pc; this.count = count; throw as.fault(pointerAddr(R[d]!, R[d + 1]!, (w >> 16)), 8, true, pc); }
          const a = (R[d]! >>> 0) + (w >> 16);
          if ((a < sLo || a + 8 > sHi) && (a < wLo || a + 8 > wHi)) { const r = this.region(a, 8, true, pc, count); wLo = r.base; wHi = r.base + r.size; }
          const v = I[pc]!;
          dv.setInt32(a, v, true); dv.setInt32(a + 4, v >> 31, true);
          break;
        }
        case 0x63: {
          if (R[d + 1] !== 0) { this.pc = pc; this.count = count; throw as.fault(pointerAddr(R[d]!, R[d + 1]!, (w >> 16)), 4, true, pc); }
          const a = (R[d]! >>> 0) + (w >> 16);
          if ((a < sLo || a + 4 > sHi) && (a < wLo || a + 4 > wHi)) { const r = this.region(a, 4, true, pc, count); wLo = r.base; wHi = r.base + r.size; }
          const s = ((w >> 11) & 0x1e);
          dv.setInt32(a, R[s]!, true);
          break;
        }
        case 0x6b: {
          if (R[d + 1] !== 0) { this.pc = pc; this.count = count; throw as.fault(pointerAddr(R[d]!, R[d + 1]!, (w >> 16)), 2, true, pc); }
          const a = (R[d]! >>> 0) + (w >> 16);
          if ((a < sLo || a + 2 > sHi) && (a < wLo || a + 2 > wHi)) { const r = this.region(a, 2, true, pc, count); wLo = r.base; wHi = r.base + r.size; }
          const s = ((w >> 11) & 0x1e);
          dv.setInt16(a, R[s]!, true);
          break;
        }
        case 0x73: {
          if (R[d + 1] !== 0) { this.pc = pc; this.count = count; throw as.fault(pointerAddr(R[d]!, R[d + 1]!, (w >> 16)), 1, true, pc); }
          const a = (R[d]! >>> 0) + (w >> 16);
          if ((a < sLo || a + 1 > sHi) && (a < wLo || a + 1 > wHi)) { const r = this.region(a, 1, true, pc, count); wLo = r.base; wHi = r.base + r.size; }
          const s = ((w >> 11) & 0x1e);
          u8[a] = R[s]!;
          break;
        }
        case 0x7b: {
          if (R[d + 1] !== 0) { this.pc = pc; this.count = count; throw as.fault(pointerAddr(R[d]!, R[d + 1]!, (w >> 16)), 8, true, pc); }
          const a = (R[d]! >>> 0) + (w >> 16);
          if ((a < sLo || a + 8 > sHi) && (a < wLo || a + 8 > wHi)) { const r = this.region(a, 8, true, pc, count); wLo = r.base; wHi = r.base + r.size; }
          const s = ((w >> 11) & 0x1e);
          dv.setInt32(a, R[s]!, true); dv.setInt32(a + 4, R[s + 1]!, true);
          break;
        }
        case 0xc3: case 0xdb: { // atomics (RFC 9669 §5.3); this engine is single-threaded per address space
          const size = op[pc] === 0xc3 ? 4 : 8;
          if (R[d + 1] !== 0) { this.pc = pc; this.count = count; throw as.fault(pointerAddr(R[d]!, R[d + 1]!, (w >> 16)), size, true, pc); }
          const a = (R[d]! >>> 0) + (w >> 16);
          if (!(a >= sLo && a + size <= sHi) && !(a >= wLo && a + size <= wHi)) { const r = this.region(a, size, true, pc, count); wLo = r.base; wHi = r.base + r.size; }
          this.atomic(a, size, I[pc]!, ((w >> 11) & 0x1e), pc);
          break;
        }
        case 0x20: case 0x28: case 0x30: case 0x40: case 0x48: case 0x50: { // legacy LD_ABS / LD_IND
          const c = op[pc]!;
          const size = c & 0x18 ? (c & 0x18) === 0x08 ? 2 : 1 : 4;
          let off = I[pc]!;
          if ((c & 0xe0) === 0x40) off = (off + R[((w >> 11) & 0x1e)]!) | 0;
          const pkt = this.env.packet;
          if (!pkt) { this.pc = pc; throw new BpfError('EINVAL', 'LD_ABS/LD_IND used without a packet (only socket filter and tc programs have one)', { insn: pc }); }
          const a = pkt.data + off;
          if (off < 0 || a + size > pkt.dataEnd) {
            // out of packet: the function returns 0 (bpf_gen_ld_abs emits a hidden `r0 = 0; exit`:
            // the main program ends, a subprogram returns to its caller)
            R[0] = 0; R[1] = 0;
            if (this.exitFrame(callbackMode, false)) { this.pc = pc; this.count = count; return 'exited'; }
            ({ code, pc } = this.resume());
            op = code.op; W = code.w; I = code.imm; n = code.n;
            continue;
          }
          R[0] = size === 4 ? dv.getInt32(a, false) : size === 2 ? dv.getUint16(a, false) : dv.getUint8(a);
          R[1] = 0;
          break;
        }

        // ---------------- calls and exit ----------------
        case 0x85: {
          const src = ((w >> 12) & 15); // the src field is a tag here (BPF_PSEUDO_CALL), not a register
          if (src === 1) {
            // bpf-to-bpf call: new frame, r6..r9 preserved, own r10
            if (this.depth + 1 >= MAX_CALL_FRAMES) { this.pc = pc; throw new BpfError('E2BIG', `the call stack of ${this.depth + 2} frames is too deep`, { insn: pc }); }
            this.pushFrame(pc + 1, code);
            pc += I[pc]!;
            break;
          }
          if (src === 2) { this.pc = pc; throw new BpfError('ENOTSUPP', `kernel function call (kfunc btf_id ${I[pc]}) is not supported`, { insn: pc }); }
          this.pc = pc; this.count = count; this.code = code;
          this.callHelper(I[pc]!, pc);
          dv = as.dv; u8 = as.u8; rLo = rHi = wLo = wHi = 0;
          count = this.count;
          if (this.tailTarget) {
            code = this.takeTailCall(pc);
            op = code.op; W = code.w; I = code.imm; n = code.n;
            pc = 0;
            continue;
          }
          break;
        }
        case 0x8d: { // callx: helper id in the dst register (RFC 9669 callx group)
          this.pc = pc; this.count = count; this.code = code;
          this.callHelper(R[d]!, pc);
          dv = as.dv; u8 = as.u8; rLo = rHi = wLo = wHi = 0;
          count = this.count;
          if (this.tailTarget) {
            code = this.takeTailCall(pc);
            op = code.op; W = code.w; I = code.imm; n = code.n;
            pc = 0;
            continue;
          }
          break;
        }
        case 0x95: {
          if (this.exitFrame(callbackMode, false)) { this.pc = pc; this.count = count; this.code = code; return 'exited'; }
          ({ code, pc } = this.resume());
          op = code.op; W = code.w; I = code.imm; n = code.n;
          continue;
        }
        default:
          this.pc = pc;
          if (pc >= n) throw new BpfError('EFAULT', `execution fell off the end of the program at insn ${pc}`, { insn: pc });
          throw new BpfError('EINVAL', `unknown opcode 0x${op[pc]!.toString(16).padStart(2, '0')}`, { insn: pc });
      }
      pc++;
    }
  }

  /** the region an access falls in, or an EFAULT naming the instruction */
  private region(addr: number, size: number, write: boolean, pc: number, count: number): Region {
    const as = this.as;
    const r = as.find(addr, size);
    // the policy is this program's sandbox: mapped is not enough, the region must be the program's
    if (r && (!write || r.writable) && (as.policy === null || as.policy.allows(r))) return r;
    this.pc = pc;
    this.count = count;
    throw this.as.fault(addr, size, write, pc);
  }

  /** handle exit: true when the run (or the callback) is finished, else the frame was popped */
  private exitFrame(callbackMode: boolean, abort: boolean): boolean {
    if (this.depth === 0) { this.state = 'exited'; return true; }
    if (abort) {
      // LD_ABS out of range ends the whole program (kernel: the program returns 0)
      this.depth = 0;
      this.state = 'exited';
      return true;
    }
    if (callbackMode && this.depth === this.callbackDepth) return true;
    return false;
  }

  /** pop a frame after exit; returns where to continue */
  private resume(): { code: Code; pc: number } {
    const R = this.R;
    const k = this.depth - 1;
    R.set(this.frameRegs.subarray(k * FRAME_REGS, (k + 1) * FRAME_REGS), 12);
    this.depth = k;
    this.sandbox.restore(this.frameOwn[k]!);
    return { code: this.frameCode[k]!, pc: this.frameRet[k]! };
  }

  private takeTailCall(pc: number): Code {
    const t = this.tailTarget!;
    this.tailTarget = null;
    if (++this.tailCalls > MAX_TAIL_CALL_CNT) throw new BpfError('ELOOP', `more than ${MAX_TAIL_CALL_CNT} tail calls`, { insn: pc });
    const c = codeOf(t);
    this.sandbox.enterTailCall(t, t.mapHandles);
    this.mayGoto[this.depth] = BPF_MAX_LOOPS;
    this.code = c;
    return c;
  }

  private callHelper(id: number, pc: number): void {
    const h = this.helpers?.get(id);
    if (!h) throw new BpfError('EINVAL', `invalid func unknown#${id}`, { insn: pc });
    h.fn(this);
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
