/**
 * Random eBPF programs for differential testing of the engines: ALU/ALU32 (every op, K and X,
 * sdiv/smod, movsx, byte swaps), JMP/JMP32 forward and backward (loops), gotol, loads and stores
 * (plain and sign-extending) on the stack, the memory buffer and wild pointers, atomics, lddw,
 * helper calls (including callx and a tail call), local calls into a subprogram, exits. Programs
 * are valid instructions (validateInstructions accepts them) but unverified: they may fault, loop
 * until the budget runs out, or recurse too deep — and both engines must agree on all of it.
 */
import fc from 'fast-check';
import { BpfError } from '../../src/isa/errors.js';
import { bytesToHex } from '../../src/isa/instruction.js';
import { runRaw } from '../../src/vm/run.js';
import type { EngineName } from '../../src/vm/engine.js';
import type { Instruction } from '../../src/isa/instruction.js';
import { LDDW } from '../../src/isa/instruction.js';
import { HelperRegistry, type TailCallTarget } from '../../src/helpers/api.js';
import { defaultHelpers } from '../../src/helpers/impl/index.js';
import * as op from '../../src/isa/opcodes.js';

type Tmpl = { kind: 'insn'; i: Instruction } | { kind: 'jump'; i: Instruction; frac: number; field: 'off' | 'imm'; fwd?: boolean } | { kind: 'call'; frac: number };

const IMM = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -16, max: 64 }) },
  { weight: 2, arbitrary: fc.constantFrom(0, 1, -1, 31, 32, 63, 64, 0x7fffffff, -0x80000000, 0xff, 0xffff, -0x10000, 0x12345678) },
  { weight: 1, arbitrary: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }) },
);
/** value registers: r0, r2..r9 mostly (r1 = mem, r10 = frame pointer stay usable as pointers) */
const VREG = fc.oneof({ weight: 12, arbitrary: fc.constantFrom(0, 2, 3, 4, 5, 6, 7, 8, 9) }, { weight: 1, arbitrary: fc.constantFrom(1, 10) });
const SREG = fc.integer({ min: 0, max: 10 });
const BASE = fc.oneof({ weight: 4, arbitrary: fc.constant(10) }, { weight: 4, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: SREG });
const STACK_OFF = fc.oneof({ weight: 6, arbitrary: fc.integer({ min: -64, max: -1 }) }, { weight: 1, arbitrary: fc.integer({ min: -600, max: 8 }) });
const MEM_OFF = fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 0, max: 60 }) }, { weight: 1, arbitrary: fc.integer({ min: -8, max: 80 }) });
const FRAC = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });
/** most jumps go forward, so that most programs finish within the budget */
const FWD = fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) });

const ins = (code: number, dst = 0, src = 0, off = 0, imm = 0, imm2 = 0): Instruction => ({ code, dst, src, off, imm: imm | 0, imm2: imm2 | 0 });

const aluOps = [0x00, 0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70, 0x90, 0xa0, 0xb0, 0xc0];

const alu: fc.Arbitrary<Tmpl> = fc
  .record({ cls: fc.constantFrom(0x04, 0x07), o: fc.constantFrom(...aluOps), x: fc.boolean(), d: VREG, s: SREG, imm: IMM, signed: fc.boolean(), sx: fc.constantFrom(0, 0, 8, 16, 32) })
  .map(({ cls, o, x, d, s, imm, signed, sx }) => {
    let off = 0;
    if ((o === 0x30 || o === 0x90) && signed) off = 1;
    if (o === 0xb0 && x) off = sx === 32 && cls === 0x04 ? 0 : sx;
    return { kind: 'insn', i: x ? ins(cls | o | 0x08, d, s, off) : ins(cls | o, d, 0, off, imm) } as Tmpl;
  });
const negEnd: fc.Arbitrary<Tmpl> = fc
  .record({ k: fc.constantFrom(0x84, 0x87, 0xd4, 0xdc, 0xd7), d: VREG, w: fc.constantFrom(16, 32, 64) })
  .map(({ k, d, w }) => ({ kind: 'insn', i: k === 0x84 || k === 0x87 ? ins(k, d) : ins(k, d, 0, 0, w) }) as Tmpl);
const lddw: fc.Arbitrary<Tmpl> = fc.record({ d: VREG, lo: IMM, hi: IMM }).map(({ d, lo, hi }) => ({ kind: 'insn', i: ins(LDDW, d, 0, 0, lo, hi) }) as Tmpl);
const sizes = [0x00, 0x08, 0x10, 0x18];
const mem: fc.Arbitrary<Tmpl> = fc
  .record({ kind: fc.constantFrom('ldx', 'ldxs', 'st', 'stx', 'atomic'), size: fc.constantFrom(...sizes), base: BASE, so: STACK_OFF, mo: MEM_OFF, v: VREG, imm: IMM, aop: fc.constantFrom(0x00, 0x40, 0x50, 0xa0, 0x01, 0x41, 0x51, 0xa1, 0xe1, 0xf1) })
  .map(({ kind, size, base, so, mo, v, imm, aop }) => {
    const off = base === 10 ? so : mo;
    switch (kind) {
      case 'ldx': return { kind: 'insn', i: ins(0x61 | size, v, base, off) } as Tmpl;
      case 'ldxs': return { kind: 'insn', i: ins(0x81 | (size === 0x18 ? 0x00 : size), v, base, off) } as Tmpl;
      case 'st': return { kind: 'insn', i: ins(0x62 | size, base, 0, off, imm) } as Tmpl;
      case 'stx': return { kind: 'insn', i: ins(0x63 | size, base, v, off) } as Tmpl;
      default: return { kind: 'insn', i: ins(0xc3 | (size === 0x18 ? 0x18 : 0x00), base, v, off, aop) } as Tmpl;
    }
  });
const jmpOps = [0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70, 0xa0, 0xb0, 0xc0, 0xd0];
const jump: fc.Arbitrary<Tmpl> = fc
  .record({ cls: fc.constantFrom(0x05, 0x06), o: fc.constantFrom(...jmpOps), x: fc.boolean(), d: VREG, s: VREG, imm: IMM, frac: FRAC, fwd: FWD })
  .map(({ cls, o, x, d, s, imm, frac, fwd }) => ({ kind: 'jump', i: x ? ins(cls | o | 0x08, d, s) : ins(cls | o, d, 0, 0, imm), frac, field: 'off', fwd }) as Tmpl);
const ja: fc.Arbitrary<Tmpl> = fc.record({ l: fc.boolean(), frac: FRAC, fwd: fc.oneof({ weight: 9, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }) }).map(({ l, frac, fwd }) => ({ kind: 'jump', i: ins(l ? 0x06 : 0x05), frac, field: l ? 'imm' : 'off', fwd }) as Tmpl);
const helper: fc.Arbitrary<Tmpl> = fc
  .oneof(
    { weight: 6, arbitrary: fc.constantFrom(5, 6, 7).map((id) => [ins(0x85, 0, 0, 0, id)]) },
    { weight: 1, arbitrary: fc.constant([ins(0x85, 0, 0, 0, 12)]) },
    { weight: 1, arbitrary: fc.constant([ins(0x85, 0, 0, 0, 99)]) },
    { weight: 1, arbitrary: fc.constantFrom(5, 7, 3).map((id) => [ins(0xb7, 7, 0, 0, id), ins(0x8d, 7)]) },
    { weight: 1, arbitrary: fc.constant([ins(0x85, 0, 2, 0, 1234)]) },
  )
  .chain((is) => fc.constant(is.map((i) => ({ kind: 'insn', i }) as Tmpl)))
  .map((t) => t as unknown as Tmpl);
const exit: fc.Arbitrary<Tmpl> = fc.constant({ kind: 'insn', i: ins(0x95) } as Tmpl);
const call: fc.Arbitrary<Tmpl> = FRAC.map((frac) => ({ kind: 'call', frac }) as Tmpl);

const item: fc.Arbitrary<Tmpl | Tmpl[]> = fc.oneof(
  { weight: 10, arbitrary: alu },
  { weight: 2, arbitrary: negEnd },
  { weight: 2, arbitrary: lddw },
  { weight: 8, arbitrary: mem },
  { weight: 5, arbitrary: jump },
  { weight: 1, arbitrary: ja },
  { weight: 2, arbitrary: helper as unknown as fc.Arbitrary<Tmpl | Tmpl[]> },
  { weight: 1, arbitrary: exit },
  { weight: 1, arbitrary: call },
);

/**
 * The epilogue every exit of the main program jumps to: folds r0..r9 and the frame's first 64
 * stack bytes into r0, so that a difference anywhere in the state shows in the result.
 */
function epilogue(): Instruction[] {
  const out: Instruction[] = [];
  for (let r = 1; r <= 9; r++) out.push(ins(0x27, 0, 0, 0, 31), ins(0x0f, 0, r));
  for (let o = -8; o >= -64; o -= 8) out.push(ins(0x79, 2, 10, o), ins(0x27, 0, 0, 0, 31), ins(0x0f, 0, 2));
  out.push(ins(0x95));
  return out;
}

/** lay out main (+ epilogue) and an optional subprogram (+ exit), resolving jump fractions into offsets */
function layout(main: Tmpl[], sub: Tmpl[]): Instruction[] {
  const ep = epilogue();
  const flat: Array<{ t: Tmpl; fn: 0 | 1 }> = [];
  for (const t of main) flat.push({ t: t.kind === 'insn' && t.i.code === 0x95 ? { kind: 'jump', i: ins(0x05), frac: -1, field: 'off' } : t, fn: 0 });
  const epStart = flat.length;
  for (const i of ep) flat.push({ t: { kind: 'insn', i }, fn: 0 });
  const subStart = flat.length;
  for (const t of sub) flat.push({ t, fn: 1 });
  if (sub.length) flat.push({ t: { kind: 'insn', i: ins(0x95) }, fn: 1 });
  const slot: number[] = [];
  let n = 0;
  for (const { t } of flat) {
    slot.push(n);
    n += t.kind !== 'call' && t.i.code === LDDW ? 2 : 1;
  }
  const out: Instruction[] = [];
  flat.forEach(({ t, fn }, k) => {
    if (t.kind === 'insn') out.push({ ...t.i });
    else if (t.kind === 'call') {
      if (!sub.length) out.push(ins(0xb7, 0, 0, 0, 1));
      else {
        // call the subprogram's start (most of the time) or somewhere inside it
        const tk = t.frac < 0.7 ? subStart : subStart + Math.floor(((t.frac - 0.7) / 0.3) * (flat.length - subStart));
        out.push(ins(0x85, 0, 1, 0, slot[tk]! - slot[k]! - 1));
      }
    } else {
      const lo = fn === 0 ? 0 : subStart;
      const hi = fn === 0 ? epStart + 1 : flat.length;
      const tk = t.frac < 0 ? epStart : t.fwd && k + 1 < hi ? k + 1 + Math.floor(t.frac * (hi - k - 1)) : lo + Math.floor(t.frac * (hi - lo));
      const rel = slot[tk]! - slot[k]! - 1;
      out.push(t.field === 'off' ? { ...t.i, off: rel } : { ...t.i, imm: rel });
    }
  });
  return out;
}

// ------------------------------------------------------------------ map helper calls

/**
 * The maps a map program refers to, by index (lddw src = BPF_PSEUDO_MAP_FD, imm = index; the
 * harness relocates them with runtime/program.ts resolveMapRefs): see MAP_SPECS in
 * map_differential.test.ts. Indices past the list are refused by the relocation, so they stay below.
 */
export const N_FUZZ_MAPS = 5;
const MAPIDX = fc.integer({ min: 0, max: N_FUZZ_MAPS - 1 });
const ldMap = (dst: number, k: number): Instruction => ins(LDDW, dst, op.BPF_PSEUDO_MAP_FD, 0, k);
/** key values: in range of the small arrays, just past them, and far out (u32 max, sign bit) */
const KEY = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 9 }) },
  { weight: 1, arbitrary: fc.constantFrom(-1, 0x7fffffff, -0x80000000, 64, 255, 0x10000) },
);
/** the key at r10-8: a constant, or a register's value masked into a small range (or not) */
const keyStore: fc.Arbitrary<Instruction[]> = fc.oneof(
  { weight: 3, arbitrary: KEY.map((k) => [ins(0x62, 10, 0, -8, k), ins(0x62, 10, 0, -4, 0)]) },
  { weight: 1, arbitrary: KEY.map((k) => [ins(0x7a, 10, 0, -8, k)]) },
  { weight: 3, arbitrary: fc.record({ v: VREG, m: fc.constantFrom(7, 15, 3, -1) }).map(({ v, m }) => [ins(0xbf, 3, v), ins(0x57, 3, 0, 0, m), ins(0x63, 10, 3, -8)]) },
);
/** r2 = the key pointer: the stack mostly, sometimes the memory buffer (r1 still points at it) or a wild value */
const keyPtr: fc.Arbitrary<Instruction[]> = fc.oneof(
  { weight: 8, arbitrary: fc.constant<Instruction[]>([ins(0xbf, 2, 10), ins(0x07, 2, 0, 0, -8)]) },
  { weight: 2, arbitrary: MEM_OFF.map((o) => [ins(0xbf, 2, 1), ins(0x07, 2, 0, 0, o)]) },
  { weight: 1, arbitrary: VREG.map((v) => [ins(0xbf, 2, v)]) },
);
/** r1 = the map: an lddw (the fast path), through a copy, one of two maps (no single constant), or whatever r1 holds */
const mapPtr: fc.Arbitrary<Instruction[]> = fc.oneof(
  { weight: 8, arbitrary: MAPIDX.map((k) => [ldMap(1, k)]) },
  { weight: 2, arbitrary: fc.record({ k: MAPIDX, r: fc.constantFrom(6, 7, 8) }).map(({ k, r }) => [ldMap(r, k), ins(0xbf, 1, r)]) },
  { weight: 1, arbitrary: fc.record({ a: MAPIDX, b: MAPIDX, v: VREG }).map(({ a, b, v }) => [ldMap(1, a), ins(0x15, v, 0, 2, 0), ldMap(1, b)]) },
  { weight: 1, arbitrary: fc.constant<Instruction[]>([]) },
);
/** what the program does with the value pointer */
const useValue: fc.Arbitrary<Instruction[]> = fc.oneof(
  { weight: 2, arbitrary: fc.constant([] as Instruction[]) },
  { weight: 3, arbitrary: fc.constantFrom(0, 4, 8).map((o) => [ins(0x15, 0, 0, 1, 0), ins(0x79, 3, 0, o)]) },
  { weight: 3, arbitrary: fc.record({ v: VREG, o: fc.constantFrom(0, 4) }).map(({ v, o }) => [ins(0x15, 0, 0, 1, 0), ins(0x63, 0, v, o)]) },
  { weight: 2, arbitrary: VREG.map((v) => [ins(0x15, 0, 0, 1, 0), ins(0xdb, 0, v, 0, 0x00)]) },
  { weight: 1, arbitrary: fc.constant<Instruction[]>([ins(0x61, 3, 0, 4)]) },
);
const mapLookup: fc.Arbitrary<Instruction[]> = fc
  .tuple(keyStore, keyPtr, mapPtr, useValue)
  .map(([k, p, m, u]) => [...k, ...p, ...m, ins(0x85, 0, 0, 0, 1), ...u]);
const mapUpdate: fc.Arbitrary<Instruction[]> = fc
  .tuple(keyStore, keyPtr, mapPtr, IMM, IMM, fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.constantFrom(1, 2, 4, 3, 5, -1) }))
  .map(([k, p, m, v1, v2, f]) => [
    ...k, ins(0x62, 10, 0, -24, v1), ins(0x62, 10, 0, -20, v2), ins(0x7a, 10, 0, -16, v1 ^ v2),
    ...p, ...m, ins(0xbf, 3, 10), ins(0x07, 3, 0, 0, -24), ins(0xb7, 4, 0, 0, f), ins(0x85, 0, 0, 0, 2),
  ]);
const mapDelete: fc.Arbitrary<Instruction[]> = fc.tuple(keyStore, keyPtr, mapPtr).map(([k, p, m]) => [...k, ...p, ...m, ins(0x85, 0, 0, 0, 3)]);
const mapItem: fc.Arbitrary<Tmpl[]> = fc
  .oneof({ weight: 3, arbitrary: mapLookup }, { weight: 1, arbitrary: mapUpdate }, { weight: 1, arbitrary: mapDelete })
  .map((is) => is.map((i) => ({ kind: 'insn', i }) as Tmpl));

/**
 * Programs with bpf_map_lookup_elem, bpf_map_update_elem and bpf_map_delete_elem calls on the fuzz maps (arrays,
 * per-CPU arrays, hash and LRU hash maps), constant and variable keys in and out of range, good
 * and bad key pointers, map pointers the JIT can and cannot pin to one map — among the usual items.
 */
export const arbMapProgram: fc.Arbitrary<Instruction[]> = fc
  .record({
    main: fc.array(fc.oneof({ weight: 3, arbitrary: item }, { weight: 2, arbitrary: mapItem as unknown as fc.Arbitrary<Tmpl | Tmpl[]> }), { minLength: 4, maxLength: 40 }),
    sub: fc.oneof(fc.constant([] as Array<Tmpl | Tmpl[]>), fc.array(fc.oneof({ weight: 3, arbitrary: item }, { weight: 1, arbitrary: mapItem as unknown as fc.Arbitrary<Tmpl | Tmpl[]> }), { minLength: 1, maxLength: 12 })),
  })
  .map(({ main, sub }) => layout(main.flat(), sub.flat()));

export const arbProgram: fc.Arbitrary<Instruction[]> = fc
  .record({
    main: fc.array(item, { minLength: 4, maxLength: 60 }),
    sub: fc.oneof(fc.constant([] as Array<Tmpl | Tmpl[]>), fc.array(item, { minLength: 1, maxLength: 20 })),
  })
  .map(({ main, sub }) => layout(main.flat(), sub.flat()));

/** memory given to r1 (the conformance convention) */
export const arbMem = fc.oneof({ weight: 6, arbitrary: fc.uint8Array({ minLength: 64, maxLength: 64 }) }, { weight: 1, arbitrary: fc.uint8Array({ minLength: 0, maxLength: 80 }) });

/** the tail-call target of helper 12: r0 += 1000 + r1's low byte */
export const TAIL_TARGET: TailCallTarget = { insns: [ins(0x57, 1, 0, 0, 0xff), ins(0x07, 0, 0, 0, 1000), ins(0x0f, 0, 1), ins(0x95)] };

/** helpers for the fuzzer: pure ones, one writing memory through the address space, a tail call */
export function fuzzHelpers(): HelperRegistry {
  return new HelperRegistry()
    .register(5, 'ret_r1', (h) => h.ret64(h.arg(1)))
    .register(6, 'store_byte', (h) => {
      // *(u8 *)r1 = r2 when r1 points into a writable region, else -EFAULT
      const p = h.argPtr(1);
      const r = h.as.find(p, 1);
      if (!r || !r.writable || p > 0xffffffff) return h.ret(-14);
      h.as.u8[p] = h.argLo(2) & 0xff;
      h.ret(0);
    })
    .register(7, 'mix', (h) => h.ret((h.argLo(1) ^ h.argHi(2)) + (h.argPtr(3) % 1000) - h.argLo(4)))
    .register(12, 'tail_call', (h) => {
      h.tailCall(TAIL_TARGET);
      h.ret(-2);
    });
}

/** fuzzHelpers plus the kernel's bpf_map_lookup_elem (1), bpf_map_update_elem (2) and bpf_map_delete_elem (3) */
export function mapFuzzHelpers(): HelperRegistry {
  const std = defaultHelpers();
  return fuzzHelpers().register(1, 'bpf_map_lookup_elem', std.get(1)!.fn).register(2, 'bpf_map_update_elem', std.get(2)!.fn).register(3, 'bpf_map_delete_elem', std.get(3)!.fn);
}

/** a program's result on one engine over a copy of `mem` (r1 = its address, r2 = its length), or its error */
export type Outcome = { ok: true; r0: string; mem: string; insns: number } | { ok: false; errno: string; message: string };

export function outcome(insns: Instruction[], mem: Uint8Array, engine: EngineName, budget: number): Outcome {
  try {
    const r = runRaw(insns, { mem, helpers: fuzzHelpers(), budget, engine });
    return { ok: true, r0: r.r0.toString(16), mem: bytesToHex(r.mem), insns: r.insns };
  } catch (e) {
    if (e instanceof BpfError) return { ok: false, errno: e.errno, message: e.message };
    throw e;
  }
}
