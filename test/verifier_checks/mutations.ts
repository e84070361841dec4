/**
 * Single unsafe changes to a valid random XDP program (test/gen/random_program.ts), each named
 * by the verifier rule it should trip: a dropped or narrowed packet bounds check, a read of an
 * uninitialised register or stack slot, an access past a map value, a removed null check, a write
 * to r10, a jump out of range, a bad context offset, a constant division by zero, an oversized
 * shift, pointer arithmetic the kernel refuses. Some mutants stay safe (a map read inside the
 * value, a valid context field): the verdict is the kernel's, and tsbpf must give the same one.
 */
import * as op from '../../src/isa/opcodes.js';
import { insn, LDDW, type Instruction } from '../../src/isa/instruction.js';
import { Rng, randomProgram, prologue, lower, epilogue, type RandomProgram } from '../gen/random_program.js';
import type { VerifierMap } from '../../src/verifier/index.js';

export const MUTATIONS = [
  'none', 'drop-bounds-check', 'narrow-bounds-check', 'uninit-register', 'uninit-stack', 'stack-out-of-frame',
  'map-value-access', 'no-null-check', 'write-r10', 'jump-out-of-range', 'ctx-offset', 'div-by-zero-k',
  'shift-too-far', 'pointer-arith', 'packet-var-offset',
] as const;
export type Mutation = (typeof MUTATIONS)[number];

/** the array map the map mutations use: imm 0 of a BPF_PSEUDO_MAP_FD lddw */
export const MUTATION_MAP: VerifierMap = { type: 2, keySize: 4, valueSize: 8, maxEntries: 1, name: 'm' };

export interface Mutant {
  seed: number;
  mutation: Mutation;
  insns: Instruction[];
  /** uses MUTATION_MAP (lddw src=1 imm=0) */
  usesMap: boolean;
  data: Uint8Array;
}

const R = (n: number) => n;
const mov64 = (d: number, imm: number) => insn(op.BPF_ALU64 | op.BPF_MOV | op.BPF_K, d, 0, 0, imm);
const movX = (d: number, s: number) => insn(op.BPF_ALU64 | op.BPF_MOV | op.BPF_X, d, s);

/** the code to insert after the prologue: a map lookup, then a load at `off` with or without the null check */
function mapAccess(r: Rng, nullCheck: boolean): Instruction[] {
  const off = r.pick([0, 4, 6, 8, -4, 2]);
  const sz = r.pick([op.BPF_W, op.BPF_DW, op.BPF_B]);
  const body: Instruction[] = [
    insn(op.BPF_ST | op.BPF_MEM | op.BPF_W, 10, 0, -76, 0),
    movX(2, 10),
    insn(op.BPF_ALU64 | op.BPF_ADD | op.BPF_K, 2, 0, 0, -76),
    insn(LDDW, 1, op.BPF_PSEUDO_MAP_FD, 0, 0, 0),
    insn(op.BPF_JMP | op.BPF_CALL, 0, 0, 0, 1), // bpf_map_lookup_elem
  ];
  if (nullCheck) body.push(insn(op.BPF_JMP | op.BPF_JEQ | op.BPF_K, 0, 0, 1, 0));
  body.push(insn(op.BPF_LDX | op.BPF_MEM | sz, 4, 0, off));
  return body;
}

/** the body's jumps (conditional and ja), by index in `insns` */
function jumpIndices(insns: readonly Instruction[], from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i++) {
    const c = insns[i]!.code;
    const cls = c & 7;
    if ((cls === op.BPF_JMP || cls === op.BPF_JMP32) && (c & 0xf0) !== op.BPF_EXIT && (c & 0xf0) !== op.BPF_CALL) out.push(i);
  }
  return out;
}

export function mutate(p: RandomProgram, mutation: Mutation, r: Rng): Mutant {
  const pro = prologue();
  const init = lower(p.init);
  const body = lower(p.body);
  const epi = epilogue();
  let usesMap = false;
  let head = pro;
  let mid: Instruction[] = [];
  let b = body;
  switch (mutation) {
    case 'none': break;
    case 'drop-bounds-check': head = pro.slice(0, 2); break;
    case 'narrow-bounds-check': head = pro.map((i, k) => (k === 3 ? { ...i, imm: r.pick([8, 32, 56, 63]) } : i)); break;
    case 'uninit-register': mid = [insn(op.BPF_ALU64 | op.BPF_ADD | op.BPF_X, r.pick([1, 2, 3, 4]), r.pick([0, 4, 5, 6, 7, 8]))]; break;
    case 'uninit-stack': mid = [insn(op.BPF_LDX | op.BPF_MEM | op.BPF_DW, r.pick([0, 4, 5]), 10, -8 * (10 + r.int(50)))]; break;
    case 'stack-out-of-frame': mid = [insn(op.BPF_STX | op.BPF_MEM | op.BPF_DW, 10, 1, r.pick([-520, -512 - 8 * r.int(4), 0, 8]))]; break;
    case 'map-value-access': mid = mapAccess(r, true); usesMap = true; break;
    case 'no-null-check': mid = mapAccess(r, false); usesMap = true; break;
    case 'write-r10': mid = [r.chance(0.5) ? mov64(10, 0) : insn(op.BPF_ALU64 | op.BPF_ADD | op.BPF_K, 10, 0, 0, 8)]; break;
    case 'jump-out-of-range': {
      const js = jumpIndices(body, 0, body.length);
      if (js.length === 0) mid = [insn(op.BPF_JMP | op.BPF_JA, 0, 0, 10000)];
      else {
        const k = r.pick(js);
        b = body.slice();
        b[k] = { ...b[k]!, off: r.chance(0.5) ? 5000 : -5000 };
      }
      break;
    }
    case 'ctx-offset': head = pro.map((i, k) => (k === 1 ? { ...i, off: r.pick([8, 12, 16, 20, 24, 2, 28, -4]) } : i)); break;
    case 'div-by-zero-k': mid = [insn(r.pick([op.BPF_ALU, op.BPF_ALU64]) | r.pick([op.BPF_DIV, op.BPF_MOD]) | op.BPF_K, r.int(9), 0, r.int(2), 0)]; break;
    case 'shift-too-far': mid = [insn(op.BPF_ALU64 | r.pick([op.BPF_LSH, op.BPF_RSH, op.BPF_ARSH]) | op.BPF_K, r.int(9), 0, 0, r.pick([64, 65, 100, -1]))]; break;
    case 'pointer-arith': mid = [r.pick([
      insn(op.BPF_ALU64 | op.BPF_MUL | op.BPF_K, 9, 0, 0, 1),
      insn(op.BPF_ALU64 | op.BPF_LSH | op.BPF_K, 9, 0, 0, 1),
      insn(op.BPF_ALU | op.BPF_ADD | op.BPF_K, 9, 0, 0, 1),
      insn(op.BPF_ALU64 | op.BPF_ADD | op.BPF_K, 9, 0, 0, 1),
      insn(op.BPF_ALU64 | op.BPF_SUB | op.BPF_K, 9, 0, 0, 1),
    ])]; break;
    case 'packet-var-offset': {
      // r9 += a packet byte (0..255): the 64 checked bytes no longer cover the epilogue's accesses,
      // unless the byte is masked to 0
      const mask = r.pick([0, 0xff, 7]);
      mid = [insn(op.BPF_LDX | op.BPF_MEM | op.BPF_B, 5, 9, 0), insn(op.BPF_ALU64 | op.BPF_AND | op.BPF_K, 5, 0, 0, mask), insn(op.BPF_ALU64 | op.BPF_ADD | op.BPF_X, 9, 5)];
      break;
    }
  }
  return { seed: p.seed, mutation, insns: [...head, ...mid, ...init, ...b, ...epi], usesMap, data: p.data };
}

/** the programs of the differential: `n` seeds, each as generated and with each mutation in turn */
export function* mutants(n: number, seed0 = 1): Generator<Mutant> {
  for (let s = seed0; s < seed0 + n; s++) {
    const p = randomProgram(s, { length: 8 + (s % 24) });
    const r = new Rng(s * 7919 + 1);
    for (const m of MUTATIONS) yield mutate(p, m, r);
  }
}

void R;
