/**
 * Random XDP programs that the Linux verifier accepts, for differential tests against the kernel
 * (and between tsbpf's engines). Seeded and deterministic: the same seed gives the same program.
 *
 * Shape of every program (so that the verifier accepts it and the result shows every register):
 *   prologue   r9 = data, r3 = data_end, bounds check for 64 bytes (r9 is the packet pointer
 *              from then on and is never written again; r10 is never written)
 *   init       r0..r8 get random constants (mov, lddw) or bytes of the packet
 *   body       random statements over the scalar registers r0..r8: ALU/ALU32 (all ops, sdiv/smod,
 *              movsx, bswap, shifts), byte swaps, lddw, stack stores/loads (only loads from bytes
 *              stored on every path before them: the kernel lets root read uninitialised stack and
 *              would return garbage), packet loads/stores within the 64 checked bytes, sign-extending
 *              loads, atomics on initialised stack, and structured forward branches (if / if-else,
 *              JMP and JMP32, K and X forms; `ja` and `gotol`) so programs terminate and every
 *              instruction is reachable (the kernel refuses unreachable instructions, check_cfg()).
 *   epilogue   r1..r8 are XORed into the packet's eight 64-bit words, then `exit` with r0:
 *              the packet afterwards and the return value together show the whole final state.
 *
 * The body is a tree of statements (`Stmt`), so a failing program can be shrunk statement by
 * statement (`shrinkCandidates`) and lowered again with correct jump offsets.
 */
import fc from 'fast-check';
import * as op from '../../src/isa/opcodes.js';
import { insn, slotsOf, type Instruction, LDDW } from '../../src/isa/instruction.js';

export const PACKET_SIZE = 64;
/** the packet pointer register, set by the prologue */
export const PKT = op.BPF_REG_9;
/** the registers holding scalars */
const NREGS = 9; // r0..r8

export type Stmt =
  | { kind: 'op'; insns: Instruction[] }
  | { kind: 'if'; cond: Instruction; then: Stmt[] }
  | { kind: 'ifelse'; cond: Instruction; then: Stmt[]; else: Stmt[]; wide: boolean };

export interface RandomProgram {
  seed: number;
  /** the statements between init and epilogue */
  body: Stmt[];
  /** init statements (the register set-up) */
  init: Stmt[];
  /** the lowered program */
  insns: Instruction[];
  /** the 64-byte packet to run it on */
  data: Uint8Array;
}

export interface GenOptions {
  /** statements in the body (default: 8..48, random) */
  length?: number;
  /** nesting depth of branches (default 3) */
  maxDepth?: number;
  /** at most this many conditional jumps (keeps the verifier's path count small; default 10) */
  maxBranches?: number;
}

/** mulberry32: a small, fast, seeded PRNG */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  u32(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
  /** integer in [0, n) */
  int(n: number): number {
    return Math.floor((this.u32() / 4294967296) * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  chance(p: number): boolean {
    return this.u32() / 4294967296 < p;
  }
}

/** immediates that exercise edges: zero, one, minus one, sign and width boundaries */
const EDGE_IMMS = [0, 1, -1, 2, 7, 8, 31, 32, 63, 64, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff, -0x80000000, -2, 0x12345678, -0x1234568];

function randImm(r: Rng): number {
  switch (r.int(3)) {
    case 0: return r.pick(EDGE_IMMS);
    case 1: return r.int(256) - 128;
    default: return r.u32() | 0;
  }
}

function randReg(r: Rng): number {
  return r.int(NREGS);
}

const ALU_OPS = [op.BPF_ADD, op.BPF_SUB, op.BPF_MUL, op.BPF_DIV, op.BPF_OR, op.BPF_AND, op.BPF_LSH, op.BPF_RSH, op.BPF_NEG, op.BPF_MOD, op.BPF_XOR, op.BPF_MOV, op.BPF_ARSH];
const JMP_OPS = [op.BPF_JEQ, op.BPF_JGT, op.BPF_JGE, op.BPF_JSET, op.BPF_JNE, op.BPF_JSGT, op.BPF_JSGE, op.BPF_JLT, op.BPF_JLE, op.BPF_JSLT, op.BPF_JSLE];
const SIZES = [op.BPF_B, op.BPF_H, op.BPF_W, op.BPF_DW];
const ATOMIC_OPS = [
  op.BPF_ADD, op.BPF_OR, op.BPF_AND, op.BPF_XOR,
  op.BPF_ADD | op.BPF_FETCH, op.BPF_OR | op.BPF_FETCH, op.BPF_AND | op.BPF_FETCH, op.BPF_XOR | op.BPF_FETCH,
  op.BPF_XCHG, op.BPF_CMPXCHG,
];

/** the stack area used: 8 slots below the frame pointer, so stores and loads alias often */
const STACK_LO = -64;

/** per-byte "written on every path so far" for the stack window [-64, 0) */
type StackInit = Uint8Array;

function aluInsn(r: Rng): Instruction {
  const is64 = r.chance(0.5);
  const cls = is64 ? op.BPF_ALU64 : op.BPF_ALU;
  const width = is64 ? 64 : 32;
  const o = r.pick(ALU_OPS);
  const dst = randReg(r);
  if (o === op.BPF_NEG) return insn(cls | op.BPF_NEG | op.BPF_K, dst);
  const useX = r.chance(0.5);
  if (useX) {
    const src = randReg(r);
    let off = 0;
    if (o === op.BPF_DIV || o === op.BPF_MOD) off = r.chance(0.5) ? 1 : 0; // sdiv / smod (v4)
    if (o === op.BPF_MOV && r.chance(0.4)) off = r.pick(is64 ? [8, 16, 32] : [8, 16]); // movsx (v4)
    return insn(cls | o | op.BPF_X, dst, src, off);
  }
  let imm = randImm(r);
  let off = 0;
  if (o === op.BPF_LSH || o === op.BPF_RSH || o === op.BPF_ARSH) imm = r.int(width); // the verifier refuses shifts >= width
  if (o === op.BPF_DIV || o === op.BPF_MOD) {
    if (imm === 0) imm = r.pick([1, -1, 3, 10, -7]); // "division by zero" is refused for K
    off = r.chance(0.5) ? 1 : 0;
  }
  return insn(cls | o | op.BPF_K, dst, 0, off, imm);
}

function endInsn(r: Rng): Instruction {
  const imm = r.pick([16, 32, 64]);
  const dst = randReg(r);
  switch (r.int(3)) {
    case 0: return insn(op.BPF_ALU | op.BPF_END | op.BPF_TO_LE, dst, 0, 0, imm);
    case 1: return insn(op.BPF_ALU | op.BPF_END | op.BPF_TO_BE, dst, 0, 0, imm);
    default: return insn(op.BPF_ALU64 | op.BPF_END | op.BPF_TO_LE, dst, 0, 0, imm); // bswap (v4)
  }
}

function lddwInsn(r: Rng): Instruction {
  const lo = r.chance(0.3) ? r.pick(EDGE_IMMS) : r.u32() | 0;
  const hi = r.chance(0.3) ? r.pick([0, -1, 0x7fffffff, -0x80000000]) : r.u32() | 0;
  return insn(LDDW, randReg(r), 0, 0, lo, hi);
}

function sizeOf(sz: number): number {
  return op.sizeBytes(sz);
}

/** an aligned stack offset for an access of n bytes (the verifier wants stack accesses aligned) */
function stackOff(r: Rng, n: number): number {
  const slots = -STACK_LO / n;
  return STACK_LO + r.int(slots) * n;
}

function markStack(init: StackInit, off: number, n: number): void {
  for (let i = 0; i < n; i++) init[off - STACK_LO + i] = 1;
}

function stackReady(init: StackInit, off: number, n: number): boolean {
  for (let i = 0; i < n; i++) if (!init[off - STACK_LO + i]) return false;
  return true;
}

function stackStore(r: Rng, init: StackInit): Instruction {
  const sz = r.pick(SIZES);
  const n = sizeOf(sz);
  const off = stackOff(r, n);
  markStack(init, off, n);
  if (r.chance(0.3)) return insn(op.BPF_ST | op.BPF_MEM | sz, op.BPF_REG_10, 0, off, randImm(r));
  return insn(op.BPF_STX | op.BPF_MEM | sz, op.BPF_REG_10, randReg(r), off);
}

/** a load from initialised stack, or null if no candidate found */
function stackLoad(r: Rng, init: StackInit): Instruction | null {
  for (let tries = 0; tries < 8; tries++) {
    const sx = r.chance(0.3);
    const sz = sx ? r.pick([op.BPF_B, op.BPF_H, op.BPF_W]) : r.pick(SIZES);
    const n = sizeOf(sz);
    const off = stackOff(r, n);
    if (stackReady(init, off, n)) return insn(op.BPF_LDX | (sx ? op.BPF_MEMSX : op.BPF_MEM) | sz, randReg(r), op.BPF_REG_10, off);
  }
  return null;
}

function atomicInsn(r: Rng, init: StackInit): Instruction | null {
  for (let tries = 0; tries < 8; tries++) {
    const sz = r.pick([op.BPF_W, op.BPF_DW]);
    const n = sizeOf(sz);
    const off = stackOff(r, n);
    if (!stackReady(init, off, n)) continue;
    const a = r.pick(ATOMIC_OPS);
    return insn(op.BPF_STX | op.BPF_ATOMIC | sz, op.BPF_REG_10, randReg(r), off, a);
  }
  return null;
}

/**
 * A 32-bit cmpxchg is followed by `w0 = w0`. RFC 9669 says cmpxchg zero-extends the old value
 * into r0; the x86-64 JIT's `lock cmpxchg` leaves r0's upper half alone when the exchange
 * succeeds and counts on the verifier inserting a zero-extension where r0 is later read as
 * 64 bits. Linux 6.18 misses that when the read is on a pruned path (seen by this differential),
 * so the explicit zero-extension keeps the test about tsbpf.
 */
function atomicStmt(r: Rng, init: StackInit): Instruction[] | null {
  const i = atomicInsn(r, init);
  if (!i) return null;
  if (i.imm === op.BPF_CMPXCHG && (i.code & 0x18) === op.BPF_W) return [i, insn(op.BPF_ALU | op.BPF_MOV | op.BPF_X, op.BPF_REG_0, op.BPF_REG_0)];
  return [i];
}

function packetLoad(r: Rng): Instruction {
  const sx = r.chance(0.3);
  const sz = sx ? r.pick([op.BPF_B, op.BPF_H, op.BPF_W]) : r.pick(SIZES);
  const n = sizeOf(sz);
  return insn(op.BPF_LDX | (sx ? op.BPF_MEMSX : op.BPF_MEM) | sz, randReg(r), PKT, r.int(PACKET_SIZE - n + 1));
}

function packetStore(r: Rng): Instruction {
  const sz = r.pick(SIZES);
  const n = sizeOf(sz);
  const off = r.int(PACKET_SIZE - n + 1);
  if (r.chance(0.3)) return insn(op.BPF_ST | op.BPF_MEM | sz, PKT, 0, off, randImm(r));
  return insn(op.BPF_STX | op.BPF_MEM | sz, PKT, randReg(r), off);
}

/** a conditional jump (offset filled in by lowering) */
function condInsn(r: Rng): Instruction {
  const cls = r.chance(0.5) ? op.BPF_JMP : op.BPF_JMP32;
  const o = r.pick(JMP_OPS);
  if (r.chance(0.5)) return insn(cls | o | op.BPF_X, randReg(r), randReg(r));
  return insn(cls | o | op.BPF_K, randReg(r), 0, 0, randImm(r));
}

interface GenState {
  r: Rng;
  branches: number;
  maxBranches: number;
  maxDepth: number;
}

function genBlock(g: GenState, n: number, depth: number, init: StackInit): Stmt[] {
  const out: Stmt[] = [];
  while (out.length < n) {
    const r = g.r;
    const k = r.int(100);
    if (k < 10 && depth < g.maxDepth && g.branches < g.maxBranches) {
      g.branches++;
      const cond = condInsn(r);
      const thenInit = init.slice();
      const then = genBlock(g, 1 + r.int(Math.max(1, n >> 1)), depth + 1, thenInit);
      if (r.chance(0.5)) {
        const elseInit = init.slice();
        const els = genBlock(g, 1 + r.int(Math.max(1, n >> 1)), depth + 1, elseInit);
        // after the join only what both arms stored counts as written
        for (let i = 0; i < init.length; i++) init[i] = thenInit[i]! & elseInit[i]!;
        out.push({ kind: 'ifelse', cond, then, else: els, wide: r.chance(0.2) });
      } else {
        out.push({ kind: 'if', cond, then });
      }
      continue;
    }
    if (k >= 72 && k < 78) {
      const a = atomicStmt(r, init);
      if (a) out.push({ kind: 'op', insns: a });
      continue;
    }
    let i: Instruction | null;
    if (k < 45) i = aluInsn(r);
    else if (k < 50) i = endInsn(r);
    else if (k < 54) i = lddwInsn(r);
    else if (k < 64) i = stackStore(r, init);
    else if (k < 72) i = stackLoad(r, init);
    else if (k < 88) i = packetLoad(r);
    else i = packetStore(r);
    if (i) out.push({ kind: 'op', insns: [i] });
  }
  return out;
}

function genInit(r: Rng): Stmt[] {
  const out: Stmt[] = [];
  for (let reg = 0; reg < NREGS; reg++) {
    const k = r.int(4);
    let i: Instruction;
    if (k === 0) i = insn(op.BPF_ALU64 | op.BPF_MOV | op.BPF_K, reg, 0, 0, randImm(r));
    else if (k === 1) i = { ...lddwInsn(r), dst: reg };
    else if (k === 2) i = insn(op.BPF_ALU | op.BPF_MOV | op.BPF_K, reg, 0, 0, randImm(r));
    else i = { ...packetLoad(r), dst: reg }; // unknown to the verifier: both arms of later branches get explored
    out.push({ kind: 'op', insns: [i] });
  }
  return out;
}

/** the prologue: r9 = data; r3 = data_end; if r9 + 64 > r3 return XDP_ABORTED */
export function prologue(): Instruction[] {
  return [
    insn(op.BPF_LDX | op.BPF_MEM | op.BPF_W, PKT, op.BPF_REG_1, 0), // r9 = xdp_md->data
    insn(op.BPF_LDX | op.BPF_MEM | op.BPF_W, op.BPF_REG_3, op.BPF_REG_1, 4), // r3 = xdp_md->data_end
    insn(op.BPF_ALU64 | op.BPF_MOV | op.BPF_X, op.BPF_REG_2, PKT),
    insn(op.BPF_ALU64 | op.BPF_ADD | op.BPF_K, op.BPF_REG_2, 0, 0, PACKET_SIZE),
    insn(op.BPF_JMP | op.BPF_JLE | op.BPF_X, op.BPF_REG_2, op.BPF_REG_3, 2),
    insn(op.BPF_ALU64 | op.BPF_MOV | op.BPF_K, op.BPF_REG_0, 0, 0, 0),
    insn(op.BPF_JMP | op.BPF_EXIT),
  ];
}

/** the epilogue: packet word k ^= r(k+1) for k = 0..7 (r0 is the temp, saved on the stack), exit */
export function epilogue(): Instruction[] {
  const out: Instruction[] = [insn(op.BPF_STX | op.BPF_MEM | op.BPF_DW, op.BPF_REG_10, op.BPF_REG_0, -8)];
  for (let k = 0; k < 8; k++) {
    out.push(insn(op.BPF_LDX | op.BPF_MEM | op.BPF_DW, op.BPF_REG_0, PKT, 8 * k));
    out.push(insn(op.BPF_ALU64 | op.BPF_XOR | op.BPF_X, op.BPF_REG_0, k + 1));
    out.push(insn(op.BPF_STX | op.BPF_MEM | op.BPF_DW, PKT, op.BPF_REG_0, 8 * k));
  }
  out.push(insn(op.BPF_LDX | op.BPF_MEM | op.BPF_DW, op.BPF_REG_0, op.BPF_REG_10, -8));
  out.push(insn(op.BPF_JMP | op.BPF_EXIT));
  return out;
}

function slotLen(stmts: readonly Stmt[]): number {
  let n = 0;
  for (const s of stmts) {
    if (s.kind === 'op') for (const i of s.insns) n += slotsOf(i);
    else if (s.kind === 'if') n += 1 + slotLen(s.then);
    else n += 1 + slotLen(s.then) + 1 + slotLen(s.else);
  }
  return n;
}

/** lower statements to instructions, computing forward jump offsets in slots */
export function lower(stmts: readonly Stmt[], out: Instruction[] = []): Instruction[] {
  for (const s of stmts) {
    if (s.kind === 'op') {
      out.push(...s.insns);
    } else if (s.kind === 'if') {
      // jump over `then` when the condition holds
      out.push({ ...s.cond, off: slotLen(s.then) });
      lower(s.then, out);
    } else {
      // cond taken -> else arm; then arm ends with a jump over the else arm
      const elseLen = slotLen(s.else);
      out.push({ ...s.cond, off: slotLen(s.then) + 1 });
      lower(s.then, out);
      out.push(s.wide ? insn(op.BPF_JMP32 | op.BPF_JA, 0, 0, 0, elseLen) : insn(op.BPF_JMP | op.BPF_JA, 0, 0, elseLen));
      lower(s.else, out);
    }
  }
  return out;
}

/** the whole program from its parts */
export function assemble(init: readonly Stmt[], body: readonly Stmt[]): Instruction[] {
  return [...prologue(), ...lower(init), ...lower(body), ...epilogue()];
}

/** a random packet */
export function randomPacket(r: Rng): Uint8Array {
  const d = new Uint8Array(PACKET_SIZE);
  for (let i = 0; i < PACKET_SIZE; i++) d[i] = r.chance(0.2) ? r.pick([0, 0xff, 0x80, 0x7f]) : r.int(256);
  return d;
}

/** the program for a seed */
export function randomProgram(seed: number, o: GenOptions = {}): RandomProgram {
  const r = new Rng(seed);
  const data = randomPacket(r);
  const init = genInit(r);
  const g: GenState = { r, branches: 0, maxBranches: o.maxBranches ?? 10, maxDepth: o.maxDepth ?? 3 };
  const stack: StackInit = new Uint8Array(-STACK_LO);
  const body = genBlock(g, o.length ?? 8 + r.int(41), 0, stack);
  return { seed, init, body, insns: assemble(init, body), data };
}

/**
 * Smaller variants of a body, for shrinking a failing program: each drops one statement, or
 * replaces a branch by one of its arms. Callers keep a candidate only if the kernel still accepts
 * it (a dropped store can leave a later stack load reading unwritten bytes) and it still fails.
 */
export function* shrinkCandidates(body: readonly Stmt[]): Generator<Stmt[]> {
  for (let i = 0; i < body.length; i++) {
    yield [...body.slice(0, i), ...body.slice(i + 1)];
  }
  for (let i = 0; i < body.length; i++) {
    const s = body[i]!;
    if (s.kind === 'op') continue;
    yield [...body.slice(0, i), ...s.then, ...body.slice(i + 1)];
    if (s.kind === 'ifelse') yield [...body.slice(0, i), ...s.else, ...body.slice(i + 1)];
    for (const t of shrinkCandidates(s.then)) yield [...body.slice(0, i), { ...s, then: t }, ...body.slice(i + 1)];
    if (s.kind === 'ifelse') for (const e of shrinkCandidates(s.else)) yield [...body.slice(0, i), { ...s, else: e }, ...body.slice(i + 1)];
  }
}

/** fast-check arbitrary: a random program per seed (shrinking by seed would not make it simpler, so use shrinkCandidates) */
export function arbitraryProgram(o: GenOptions = {}): fc.Arbitrary<RandomProgram> {
  return fc.noShrink(fc.integer({ min: 0, max: 0x7fffffff })).map((seed: number) => randomProgram(seed, o));
}

/**
 * Whether every stack load and atomic in the body reads bytes that every path has written
 * before it (the generator's invariant). The kernel lets root read unwritten stack (it returns
 * whatever is there), so the shrinker must check this itself before it trusts a candidate.
 */
export function stackReadsInitialised(body: readonly Stmt[]): boolean {
  const walk = (stmts: readonly Stmt[], init: StackInit): boolean => {
    for (const s of stmts) {
      if (s.kind === 'op') {
        for (const i of s.insns) {
          const cls = i.code & 7;
          const mode = i.code & 0xe0;
          const n = op.sizeBytes(i.code);
          if (cls === op.BPF_LDX && i.src === op.BPF_REG_10 && !stackReady(init, i.off, n)) return false;
          if (cls === op.BPF_STX && mode === op.BPF_ATOMIC && i.dst === op.BPF_REG_10 && !stackReady(init, i.off, n)) return false;
          if ((cls === op.BPF_ST || cls === op.BPF_STX) && mode === op.BPF_MEM && i.dst === op.BPF_REG_10) markStack(init, i.off, n);
        }
      } else if (s.kind === 'if') {
        if (!walk(s.then, init.slice())) return false;
      } else {
        const a = init.slice();
        const b = init.slice();
        if (!walk(s.then, a) || !walk(s.else, b)) return false;
        for (let i = 0; i < init.length; i++) init[i] = a[i]! & b[i]!;
      }
    }
    return true;
  };
  return walk(body, new Uint8Array(-STACK_LO));
}

/** the spill slot deAtomize uses for its temporary (outside the body's stack window) */
const TEMP_SLOT = STACK_LO - 8;

/**
 * The same program with every fetching atomic (fetch add/or/and/xor, xchg, cmpxchg) replaced by
 * plain loads, ALU, stores and a branch that compute the same thing (one thread: atomicity does
 * not matter). Linux 6.18's verifier does not propagate precision through an atomic fetch from a
 * spilled stack slot, prunes a state it should not, and removes a reachable branch as dead code;
 * the plain sequence does not meet that bug. So a disagreement that disappears when the kernel
 * runs this equivalent program is the kernel's, not tsbpf's.
 */
export function deAtomize(body: readonly Stmt[]): Stmt[] {
  const out: Stmt[] = [];
  for (const s of body) {
    if (s.kind === 'if') out.push({ ...s, then: deAtomize(s.then) });
    else if (s.kind === 'ifelse') out.push({ ...s, then: deAtomize(s.then), else: deAtomize(s.else) });
    else {
      let pending: Instruction[] = [];
      for (const i of s.insns) {
        const fetch = (i.code & 0xe7) === (op.BPF_STX | op.BPF_ATOMIC) && (i.imm & op.BPF_FETCH) !== 0;
        if (!fetch) {
          pending.push(i);
          continue;
        }
        if (pending.length) out.push({ kind: 'op', insns: pending });
        pending = [];
        out.push(...expandFetch(i));
      }
      if (pending.length) out.push({ kind: 'op', insns: pending });
    }
  }
  return out;
}

function expandFetch(i: Instruction): Stmt[] {
  const w = (i.code & 0x18) === op.BPF_W;
  const sz = w ? op.BPF_W : op.BPF_DW;
  const alu = w ? op.BPF_ALU : op.BPF_ALU64;
  const x = i.src;
  const fp = op.BPF_REG_10;
  // a temporary other than the source and r0 (cmpxchg reads r0)
  let y = (x + 1) % NREGS;
  if (y === 0) y = x === 1 ? 2 : 1;
  const save = insn(op.BPF_STX | op.BPF_MEM | op.BPF_DW, fp, y, TEMP_SLOT);
  const restore = insn(op.BPF_LDX | op.BPF_MEM | op.BPF_DW, y, fp, TEMP_SLOT);
  const loadOld = insn(op.BPF_LDX | op.BPF_MEM | sz, y, fp, i.off); // zero-extends for W
  const store = (r: number) => insn(op.BPF_STX | op.BPF_MEM | sz, fp, r, i.off);
  const a = i.imm;
  if (a === op.BPF_CMPXCHG) {
    // old = *m; if (old == r0) *m = x; r0 = old (zero-extended for W)
    const ne = insn((w ? op.BPF_JMP32 : op.BPF_JMP) | op.BPF_JNE | op.BPF_X, y, op.BPF_REG_0);
    return [
      { kind: 'op', insns: [save, loadOld] },
      { kind: 'if', cond: ne, then: [{ kind: 'op', insns: [store(x)] }] },
      { kind: 'op', insns: [insn(op.BPF_ALU64 | op.BPF_MOV | op.BPF_X, op.BPF_REG_0, y), restore] },
    ];
  }
  if (a === op.BPF_XCHG) {
    return [{ kind: 'op', insns: [save, loadOld, store(x), insn(op.BPF_ALU64 | op.BPF_MOV | op.BPF_X, x, y), restore] }];
  }
  // fetch add/or/and/xor: x = op(old, x) is stored, then x = old
  const aluOp = a & 0xf0;
  return [{ kind: 'op', insns: [save, loadOld, insn(alu | aluOp | op.BPF_X, x, y), store(x), insn(op.BPF_ALU64 | op.BPF_MOV | op.BPF_X, x, y), restore] }];
}
