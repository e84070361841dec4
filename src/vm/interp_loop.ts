/**
 * The interpreter's hot loop (kernel/bpf/core.c ___bpf_prog_run is the model): every instruction
 * that needs no help from outside — ALU, ALU64, JMP, JMP32, lddw, and loads and stores that hit
 * the stack or the last region read or written — in one `switch` that V8 compiles to a jump table.
 *
 * Written for what V8's optimizing compiler does with it (measured in the generated code,
 * `node --print-opt-code`; docs/run.md "Speed"):
 * - the loop calls nothing. Everything else — helper and bpf-to-bpf calls, exit, may_goto,
 *   atomics, LD_ABS/LD_IND, the rare operands of division and modulo, an access outside the
 *   cached regions, an unknown opcode — returns SLOW with the instruction neither executed nor
 *   counted, and Interpreter.slow (interpreter.ts) does it and comes back;
 * - registers and the program are module-level constant arrays (GR, GP): V8 knows their maps,
 *   lengths and backing stores when it compiles the loop, so `GR[d]` is one machine load, where an
 *   array passed in costs a map check and three loads at every use;
 * - no DataView stores: one inside a loop makes V8 forget every object's map for the whole loop
 *   (LoadElimination::ComputeLoopState), stores go through Uint8Array and Int32Array views;
 * - pc and the instruction count stay int32, the region bounds unboxed doubles.
 * Registers are (lo, hi) int32 pairs at [2*reg] and [2*reg+1] (RFC 9669 §4.1 exactly: wrap-around,
 * shift counts masked, no BigInt).
 */

import { BPF_COMPLEXITY_LIMIT_INSNS } from '../isa/opcodes.js';

/** where fastLoop leaves the slot to execute next and the instructions it may still execute */
export const FAST_OUT = new Int32Array(2);
export const OUT_PC = 0;
export const OUT_FUEL = 1;
/**
 * The register file and the region bounds the loop works on. Module-level constants are what V8
 * compiles best — their map, length and backing store are known when the loop is compiled, so an
 * access `GR[d]` with d = (w >> 7) & 0x1e (at most 30, below the length of 32) is one machine
 * load, with no map check and no bounds check.
 *
 * They are not copies made around each call into the loop: the interpreter that runs last keeps
 * its registers (r0..r10 as lo/hi at [2*reg] and [2*reg+1]) and bounds here between calls, as
 * its own `R` and `C` (Interpreter.claim in interpreter.ts moves them into its private arrays when
 * another interpreter runs), so a helper call or any other exit to the slow path copies nothing.
 * GB holds the address ranges accesses are checked against without the region table (C_*): the
 * program's stack, the region of the last read outside it, the region of the last write.
 */
const GR = new Int32Array(32);
const GB = new Float64Array(6);
/**
 * GR and GB for the interpreter. Not exported themselves: an exported binding lives in a module
 * cell, which the loop would read through at every access, where a module-private `const` is
 * a constant V8 compiles into the loop (measured, both builds alternated in one process: the
 * compute programs 1.07-1.83x slower with GR and GB exported, 0.98-1.03x with this).
 */
export const LOOP_REGS = { GR, GB } as const;
export const C_STACK_LO = 0;
export const C_STACK_HI = 1;
export const C_READ_LO = 2;
export const C_READ_HI = 3;
export const C_WRITE_LO = 4;
export const C_WRITE_HI = 5;

/**
 * The program the loop runs, for the same reason: a copy of the running Code.P in a constant
 * array, made when the program changes (a run of another program or interpreter, a tail call),
 * so that reading the instruction word is one bounds-checked load, not a map check and three
 * loads of the array's length and backing store at every instruction. Its pages are reserved,
 * not touched, until a program that large is loaded (the allocator maps zero pages lazily).
 */
const GP = new Int32Array(2 * (BPF_COMPLEXITY_LIMIT_INSNS + 1));
let loaded: Int32Array | null = null;

/** fastLoop's results: fuel spent, or the instruction at FAST_OUT[OUT_PC] is for the slow path */
export const FUEL_SPENT = 0;
export const SLOW = 1;

/** high 32 bits of the unsigned 64-bit product of two u32 (16-bit limbs: doubles stay exact) */
function mulhiU32(a: number, b: number): number {
  const a0 = a & 0xffff, a1 = a >>> 16, b0 = b & 0xffff, b1 = b >>> 16;
  const t = a0 * b0;
  const m1 = a1 * b0 + (t >>> 16);
  const m2 = a0 * b1 + (m1 & 0xffff);
  return (a1 * b1 + (m1 >>> 16) + (m2 >>> 16)) | 0;
}

/** byte swap of a 32-bit value */
function bswap32(x: number): number {
  return ((x & 0xff) << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24);
}

/** bytes a load or store moves, by the opcode's size field (bits 3-4: W, H, B, DW → 4, 2, 1, 8) */
export function accessSize(w: number): number {
  return (0x8124 >> ((w >> 1) & 0xc)) & 15;
}

/**
 * Run from slot `pc` until `fuel` instructions have executed (FUEL_SPENT) or an instruction needs
 * the slow path (SLOW); FAST_OUT holds the slot and the fuel left. P is the running Code.P (two
 * words per slot, copied into GP when it changes); the registers and bounds are GR's and GB's.
 */
export function fastLoop(P: Int32Array, dv: DataView, u8: Uint8Array, m32: Int32Array, pc: number, fuel: number): number {
  if (loaded !== P) {
    GP.set(P);
    loaded = P;
  }
  return loop(dv, u8, m32, pc, fuel);
}

function loop(dv: DataView, u8: Uint8Array, m32: Int32Array, pc: number, fuel: number): number {
  const R = GR, P = GP;
  const sLo = GB[C_STACK_LO]!, sHi = GB[C_STACK_HI]!;
  const rLo = GB[C_READ_LO]!, rHi = GB[C_READ_HI]!;
  const wLo = GB[C_WRITE_LO]!, wHi = GB[C_WRITE_HI]!;
  // p is 2 * the slot: the index of its word in P (the imm is at p + 1); both int32 (`| 0`), so
  // that V8 keeps them untagged in registers
  let p = (pc << 1) | 0;
  fuel |= 0;
  for (;;) {
    if (fuel === 0) { FAST_OUT[OUT_PC] = p >> 1; FAST_OUT[OUT_FUEL] = 0; return FUEL_SPENT; }
    const w = P[p]!;
    // dst and src times two: the index of the register's low half in R
    const d = (w >> 7) & 0x1e;
    switch (w & 0xff) {
      // ---------------- ALU64 (class 0x07) ----------------
      case 0x07: { // add: the carry out of the low half is (lo >>> 0) < (a >>> 0)
        const al = R[d]!, bl = P[p + 1]!, lo = (al + bl) | 0;
        R[d + 1] = (R[d + 1]! + (bl >> 31) + ((lo >>> 0) < (al >>> 0) ? 1 : 0)) | 0; R[d] = lo;
        break;
      }
      case 0x0f: {
        const s = (w >> 11) & 0x1e;
        const al = R[d]!, bl = R[s]!, lo = (al + bl) | 0;
        R[d + 1] = (R[d + 1]! + R[s + 1]! + ((lo >>> 0) < (al >>> 0) ? 1 : 0)) | 0; R[d] = lo;
        break;
      }
      case 0x17: { // sub: the borrow is (a >>> 0) < (b >>> 0)
        const al = R[d]!, bl = P[p + 1]!;
        R[d + 1] = (R[d + 1]! - (bl >> 31) - ((al >>> 0) < (bl >>> 0) ? 1 : 0)) | 0; R[d] = (al - bl) | 0;
        break;
      }
      case 0x1f: {
        const s = (w >> 11) & 0x1e;
        const al = R[d]!, bl = R[s]!;
        R[d + 1] = (R[d + 1]! - R[s + 1]! - ((al >>> 0) < (bl >>> 0) ? 1 : 0)) | 0; R[d] = (al - bl) | 0;
        break;
      }
      case 0x27: {
        const al = R[d]!, bl = P[p + 1]!;
        R[d + 1] = (mulhiU32(al, bl) + Math.imul(al, bl >> 31) + Math.imul(R[d + 1]!, bl)) | 0; R[d] = Math.imul(al, bl);
        break;
      }
      case 0x2f: {
        const s = (w >> 11) & 0x1e;
        const al = R[d]!, bl = R[s]!;
        R[d + 1] = (mulhiU32(al, bl) + Math.imul(al, R[s + 1]!) + Math.imul(R[d + 1]!, bl)) | 0; R[d] = Math.imul(al, bl);
        break;
      }
      // div and mod: unsigned with both high halves zero and a nonzero divisor here, the rest slow
      case 0x37: {
        const bl = P[p + 1]!;
        if ((w >> 16) !== 0 || bl <= 0 || R[d + 1] !== 0) { FAST_OUT[OUT_PC] = p >> 1; FAST_OUT[OUT_FUEL] = fuel; return SLOW; }
        R[d] = (R[d]! >>> 0) / bl;
        break;
      }
      case 0x3f: {
        const s = (w >> 11) & 0x1e, bl = R[s]!;
        if ((w >> 16) !== 0 || bl === 0 || (R[d + 1]! | R[s + 1]!) !== 0) { FAST_OUT[OUT_PC] = p >> 1; FAST_OUT[OUT_FUEL] = fuel; return SLOW; }
        R[d] = (R[d]! >>> 0) / (bl >>> 0);
        break;
      }
      case 0x97: {
        const bl = P[p + 1]!;
        if ((w >> 16) !== 0 || bl <= 0 || R[d + 1] !== 0) { FAST_OUT[OUT_PC] = p >> 1; FAST_OUT[OUT_FUEL] = fuel; return SLOW; }
        R[d] = (R[d]! >>> 0) % bl;
        break;
      }
      case 0x9f: {
        const s = (w >> 11) & 0x1e, bl = R[s]!;
        if ((w >> 16) !== 0 || bl === 0 || (R[d + 1]! | R[s + 1]!) !== 0) { FAST_OUT[OUT_PC] = p >> 1; FAST_OUT[OUT_FUEL] = fuel; return SLOW; }
        R[d] = (R[d]! >>> 0) % (bl >>> 0);
        break;
      }
      case 0x47: { const b = P[p + 1]!; R[d] |= b; R[d + 1] |= b >> 31; break; }
      case 0x4f: { const s = (w >> 11) & 0x1e; R[d] |= R[s]!; R[d + 1] |= R[s + 1]!; break; }
      case 0x57: { const b = P[p + 1]!; R[d] &= b; R[d + 1] &= b >> 31; break; }
      case 0x5f: { const s = (w >> 11) & 0x1e; R[d] &= R[s]!; R[d + 1] &= R[s + 1]!; break; }
      case 0xa7: { const b = P[p + 1]!; R[d] ^= b; R[d + 1] ^= b >> 31; break; }
      case 0xaf: { const s = (w >> 11) & 0x1e; R[d] ^= R[s]!; R[d + 1] ^= R[s + 1]!; break; }
      case 0xb7: { const b = P[p + 1]!; R[d] = b; R[d + 1] = b >> 31; break; }
      case 0xbf: {
        const s = (w >> 11) & 0x1e;
        switch (w >> 16) {
          case 0: R[d] = R[s]!; R[d + 1] = R[s + 1]!; break;
          case 8: R[d] = (R[s]! << 24) >> 24; R[d + 1] = R[d]! >> 31; break;
          case 16: R[d] = (R[s]! << 16) >> 16; R[d + 1] = R[d]! >> 31; break;
          // addr_space_cast (arena pointers): Interpreter.slow
          case 1: FAST_OUT[OUT_PC] = p >> 1; FAST_OUT[OUT_FUEL] = fuel; return SLOW;
          default: R[d] = R[s]!; R[d + 1] = R[s]! >> 31; break; // movsx 32
        }
        break;
      }
      case 0x87: { const al = R[d]!; R[d + 1] = (-R[d + 1]! - (al !== 0 ? 1 : 0)) | 0; R[d] = -al | 0; break; }
      // shifts: the count masked to 6 bits (RFC 9669 §4.1); JS masks a shift count to 5
      case 0x67: case 0x6f: {
        const n = ((w & 0x08) !== 0 ? R[(w >> 11) & 0x1e]! : P[p + 1]!) & 63;
        if (n === 0) break;
        const al = R[d]!;
        if (n < 32) { R[d + 1] = (R[d + 1]! << n) | (al >>> (32 - n)); R[d] = al << n; }
        else { R[d + 1] = al << (n - 32); R[d] = 0; }
        break;
      }
      case 0x77: case 0x7f: {
        const n = ((w & 0x08) !== 0 ? R[(w >> 11) & 0x1e]! : P[p + 1]!) & 63;
        if (n === 0) break;
        const ah = R[d + 1]!;
        if (n < 32) { R[d] = (R[d]! >>> n) | (ah << (32 - n)); R[d + 1] = ah >>> n; }
        else { R[d] = ah >>> (n - 32); R[d + 1] = 0; }
        break;
      }
      case 0xc7: case 0xcf: {
        const n = ((w & 0x08) !== 0 ? R[(w >> 11) & 0x1e]! : P[p + 1]!) & 63;
        if (n === 0) break;
        const ah = R[d + 1]!;
        if (n < 32) { R[d] = (R[d]! >>> n) | (ah << (32 - n)); R[d + 1] = ah >> n; }
        else { R[d] = ah >> (n - 32); R[d + 1] = ah >> 31; }
        break;
      }
      case 0xd7: case 0xdc: // bswap (v4, ALU64) and be (ALU): byte swap of the low 16, 32 or all 64 bits
        switch (P[p + 1]) {
          case 16: { const v = R[d]!; R[d] = ((v & 0xff) << 8) | ((v >>> 8) & 0xff); R[d + 1] = 0; break; }
          case 32: R[d] = bswap32(R[d]!); R[d + 1] = 0; break;
          default: { const lo = R[d]!; R[d] = bswap32(R[d + 1]!); R[d + 1] = bswap32(lo); }
        }
        break;

      // ---------------- ALU (class 0x04): 32-bit, upper half zeroed ----------------
      case 0x04: R[d] = (R[d]! + P[p + 1]!) | 0; R[d + 1] = 0; break;
      case 0x0c: R[d] = (R[d]! + R[(w >> 11) & 0x1e]!) | 0; R[d + 1] = 0; break;
      case 0x14: R[d] = (R[d]! - P[p + 1]!) | 0; R[d + 1] = 0; break;
      case 0x1c: R[d] = (R[d]! - R[(w >> 11) & 0x1e]!) | 0; R[d + 1] = 0; break;
      case 0x24: R[d] = Math.imul(R[d]!, P[p + 1]!); R[d + 1] = 0; break;
      case 0x2c: R[d] = Math.imul(R[d]!, R[(w >> 11) & 0x1e]!); R[d + 1] = 0; break;
      case 0x34: case 0x3c: case 0x94: case 0x9c: { // unsigned div / mod by nonzero here, the rest slow
        const b = (w & 0x08) !== 0 ? R[(w >> 11) & 0x1e]! : P[p + 1]!;
        if ((w >> 16) !== 0 || b === 0) { FAST_OUT[OUT_PC] = p >> 1; FAST_OUT[OUT_FUEL] = fuel; return SLOW; }
        R[d] = (w & 0xf0) === 0x30 ? (R[d]! >>> 0) / (b >>> 0) : (R[d]! >>> 0) % (b >>> 0);
        R[d + 1] = 0;
        break;
      }
      case 0x44: R[d] |= P[p + 1]!; R[d + 1] = 0; break;
      case 0x4c: R[d] |= R[(w >> 11) & 0x1e]!; R[d + 1] = 0; break;
      case 0x54: R[d] &= P[p + 1]!; R[d + 1] = 0; break;
      case 0x5c: R[d] &= R[(w >> 11) & 0x1e]!; R[d + 1] = 0; break;
      case 0x64: R[d] <<= P[p + 1]!; R[d + 1] = 0; break; // JS masks shift counts to 5 bits, as RFC 9669 requires
      case 0x6c: R[d] <<= R[(w >> 11) & 0x1e]!; R[d + 1] = 0; break;
      case 0x74: R[d] = R[d]! >>> P[p + 1]!; R[d + 1] = 0; break;
      case 0x7c: R[d] = R[d]! >>> R[(w >> 11) & 0x1e]!; R[d + 1] = 0; break;
      case 0x84: R[d] = -R[d]! | 0; R[d + 1] = 0; break;
      case 0xa4: R[d] ^= P[p + 1]!; R[d + 1] = 0; break;
      case 0xac: R[d] ^= R[(w >> 11) & 0x1e]!; R[d + 1] = 0; break;
      case 0xb4: R[d] = P[p + 1]!; R[d + 1] = 0; break;
      case 0xbc: {
        const v = R[(w >> 11) & 0x1e]!;
        const o = w >> 16;
        R[d] = o === 8 ? (v << 24) >> 24 : o === 16 ? (v << 16) >> 16 : v;
        R[d + 1] = 0;
        break;
      }
      case 0xc4: R[d] >>= P[p + 1]!; R[d + 1] = 0; break;
      case 0xcc: R[d] >>= R[(w >> 11) & 0x1e]!; R[d + 1] = 0; break;
      case 0xd4: // le: truncate (this is a little-endian machine's conversion)
        if (P[p + 1] === 16) { R[d] &= 0xffff; R[d + 1] = 0; } else if (P[p + 1] === 32) R[d + 1] = 0;
        break;

      // ---------------- JMP (class 0x05): 64-bit compares on the pairs ----------------
      case 0x05: p += (w >> 16) << 1; break;
      case 0x15: { const b = P[p + 1]!; if (R[d] === b && R[d + 1] === b >> 31) p += (w >> 16) << 1; break; }
      case 0x1d: { const s = (w >> 11) & 0x1e; if (R[d] === R[s] && R[d + 1] === R[s + 1]) p += (w >> 16) << 1; break; }
      case 0x55: { const b = P[p + 1]!; if (R[d] !== b || R[d + 1] !== b >> 31) p += (w >> 16) << 1; break; }
      case 0x5d: { const s = (w >> 11) & 0x1e; if (R[d] !== R[s] || R[d + 1] !== R[s + 1]) p += (w >> 16) << 1; break; }
      case 0x45: { const b = P[p + 1]!; if ((R[d]! & b) !== 0 || (R[d + 1]! & (b >> 31)) !== 0) p += (w >> 16) << 1; break; }
      case 0x4d: { const s = (w >> 11) & 0x1e; if ((R[d]! & R[s]!) !== 0 || (R[d + 1]! & R[s + 1]!) !== 0) p += (w >> 16) << 1; break; }
      // ordered compares: the high halves decide unless equal, then the low halves unsigned
      case 0x25: { const bl = P[p + 1]!, ah = R[d + 1]!, bh = bl >> 31; if (ah !== bh ? (ah >>> 0) > (bh >>> 0) : (R[d]! >>> 0) > (bl >>> 0)) p += (w >> 16) << 1; break; } // jgt
      case 0x2d: { const s = (w >> 11) & 0x1e, bl = R[s]!, ah = R[d + 1]!, bh = R[s + 1]!; if (ah !== bh ? (ah >>> 0) > (bh >>> 0) : (R[d]! >>> 0) > (bl >>> 0)) p += (w >> 16) << 1; break; }
      case 0x35: { const bl = P[p + 1]!, ah = R[d + 1]!, bh = bl >> 31; if (ah !== bh ? (ah >>> 0) > (bh >>> 0) : (R[d]! >>> 0) >= (bl >>> 0)) p += (w >> 16) << 1; break; } // jge
      case 0x3d: { const s = (w >> 11) & 0x1e, bl = R[s]!, ah = R[d + 1]!, bh = R[s + 1]!; if (ah !== bh ? (ah >>> 0) > (bh >>> 0) : (R[d]! >>> 0) >= (bl >>> 0)) p += (w >> 16) << 1; break; }
      case 0xa5: { const bl = P[p + 1]!, ah = R[d + 1]!, bh = bl >> 31; if (ah !== bh ? (ah >>> 0) < (bh >>> 0) : (R[d]! >>> 0) < (bl >>> 0)) p += (w >> 16) << 1; break; } // jlt
      case 0xad: { const s = (w >> 11) & 0x1e, bl = R[s]!, ah = R[d + 1]!, bh = R[s + 1]!; if (ah !== bh ? (ah >>> 0) < (bh >>> 0) : (R[d]! >>> 0) < (bl >>> 0)) p += (w >> 16) << 1; break; }
      case 0xb5: { const bl = P[p + 1]!, ah = R[d + 1]!, bh = bl >> 31; if (ah !== bh ? (ah >>> 0) < (bh >>> 0) : (R[d]! >>> 0) <= (bl >>> 0)) p += (w >> 16) << 1; break; } // jle
      case 0xbd: { const s = (w >> 11) & 0x1e, bl = R[s]!, ah = R[d + 1]!, bh = R[s + 1]!; if (ah !== bh ? (ah >>> 0) < (bh >>> 0) : (R[d]! >>> 0) <= (bl >>> 0)) p += (w >> 16) << 1; break; }
      case 0x65: { const bl = P[p + 1]!, ah = R[d + 1]!, bh = bl >> 31; if (ah !== bh ? ah > bh : (R[d]! >>> 0) > (bl >>> 0)) p += (w >> 16) << 1; break; } // jsgt
      case 0x6d: { const s = (w >> 11) & 0x1e, bl = R[s]!, ah = R[d + 1]!, bh = R[s + 1]!; if (ah !== bh ? ah > bh : (R[d]! >>> 0) > (bl >>> 0)) p += (w >> 16) << 1; break; }
      case 0x75: { const bl = P[p + 1]!, ah = R[d + 1]!, bh = bl >> 31; if (ah !== bh ? ah > bh : (R[d]! >>> 0) >= (bl >>> 0)) p += (w >> 16) << 1; break; } // jsge
      case 0x7d: { const s = (w >> 11) & 0x1e, bl = R[s]!, ah = R[d + 1]!, bh = R[s + 1]!; if (ah !== bh ? ah > bh : (R[d]! >>> 0) >= (bl >>> 0)) p += (w >> 16) << 1; break; }
      case 0xc5: { const bl = P[p + 1]!, ah = R[d + 1]!, bh = bl >> 31; if (ah !== bh ? ah < bh : (R[d]! >>> 0) < (bl >>> 0)) p += (w >> 16) << 1; break; } // jslt
      case 0xcd: { const s = (w >> 11) & 0x1e, bl = R[s]!, ah = R[d + 1]!, bh = R[s + 1]!; if (ah !== bh ? ah < bh : (R[d]! >>> 0) < (bl >>> 0)) p += (w >> 16) << 1; break; }
      case 0xd5: { const bl = P[p + 1]!, ah = R[d + 1]!, bh = bl >> 31; if (ah !== bh ? ah < bh : (R[d]! >>> 0) <= (bl >>> 0)) p += (w >> 16) << 1; break; } // jsle
      case 0xdd: { const s = (w >> 11) & 0x1e, bl = R[s]!, ah = R[d + 1]!, bh = R[s + 1]!; if (ah !== bh ? ah < bh : (R[d]! >>> 0) <= (bl >>> 0)) p += (w >> 16) << 1; break; }

      // ---------------- JMP32 (class 0x06): compare the low 32 bits ----------------
      case 0x06: p += P[p + 1]! << 1; break; // gotol (RFC 9669 §4.3: JA in JMP32 uses imm)
      case 0x16: if (R[d] === P[p + 1]) p += (w >> 16) << 1; break;
      case 0x1e: if (R[d] === R[(w >> 11) & 0x1e]) p += (w >> 16) << 1; break;
      case 0x26: if (R[d]! >>> 0 > P[p + 1]! >>> 0) p += (w >> 16) << 1; break;
      case 0x2e: if (R[d]! >>> 0 > R[(w >> 11) & 0x1e]! >>> 0) p += (w >> 16) << 1; break;
      case 0x36: if (R[d]! >>> 0 >= P[p + 1]! >>> 0) p += (w >> 16) << 1; break;
      case 0x3e: if (R[d]! >>> 0 >= R[(w >> 11) & 0x1e]! >>> 0) p += (w >> 16) << 1; break;
      case 0x46: if ((R[d]! & P[p + 1]!) !== 0) p += (w >> 16) << 1; break;
      case 0x4e: if ((R[d]! & R[(w >> 11) & 0x1e]!) !== 0) p += (w >> 16) << 1; break;
      case 0x56: if (R[d] !== P[p + 1]) p += (w >> 16) << 1; break;
      case 0x5e: if (R[d] !== R[(w >> 11) & 0x1e]) p += (w >> 16) << 1; break;
      case 0x66: if (R[d]! > P[p + 1]!) p += (w >> 16) << 1; break;
      case 0x6e: if (R[d]! > R[(w >> 11) & 0x1e]!) p += (w >> 16) << 1; break;
      case 0x76: if (R[d]! >= P[p + 1]!) p += (w >> 16) << 1; break;
      case 0x7e: if (R[d]! >= R[(w >> 11) & 0x1e]!) p += (w >> 16) << 1; break;
      case 0xa6: if (R[d]! >>> 0 < P[p + 1]! >>> 0) p += (w >> 16) << 1; break;
      case 0xae: if (R[d]! >>> 0 < R[(w >> 11) & 0x1e]! >>> 0) p += (w >> 16) << 1; break;
      case 0xb6: if (R[d]! >>> 0 <= P[p + 1]! >>> 0) p += (w >> 16) << 1; break;
      case 0xbe: if (R[d]! >>> 0 <= R[(w >> 11) & 0x1e]! >>> 0) p += (w >> 16) << 1; break;
      case 0xc6: if (R[d]! < P[p + 1]!) p += (w >> 16) << 1; break;
      case 0xce: if (R[d]! < R[(w >> 11) & 0x1e]!) p += (w >> 16) << 1; break;
      case 0xd6: if (R[d]! <= P[p + 1]!) p += (w >> 16) << 1; break;
      case 0xde: if (R[d]! <= R[(w >> 11) & 0x1e]!) p += (w >> 16) << 1; break;

      // ---------------- loads and stores ----------------
      case 0x18: // lddw: imm64 (and, after relocation, pseudo sources hold addresses in imm)
        R[d] = P[p + 1]!;
        R[d + 1] = P[p + 3]!;
        p += 2;
        break;
      // LDX MEM / MEMSX, ST, STX: the address is the base's low half plus off (a pointer's high half
      // is zero: anything else is outside the 4 GiB space); the stack first, then the cached region.
      // One case per opcode, so that each access is a straight line.
      case 0x61: {
        const s = (w >> 11) & 0x1e, a = (R[s]! >>> 0) + (w >> 16);
        if (R[s + 1] !== 0 || ((a < sLo || a + 4 > sHi) && (a < rLo || a + 4 > rHi))) { FAST_OUT[OUT_PC] = p >> 1; FAST_OUT[OUT_FUEL] = fuel; return SLOW; }
        R[d] = dv.getInt32(a, true); R[d + 1] = 0;
        break;
      }
      case 0x69: {
        const s = (w >> 11) & 0x1e, a = (R[s]! >>> 0) + (w >> 16);
        if (R[s + 1] !== 0 || ((a < sLo || a + 2 > sHi) && (a < rLo || a + 2 > rHi))) { FAST_OUT[OUT_PC] = p >> 1; FAST_OUT[OUT_FUEL] = fuel; return SLOW; }
        R[d] = dv.getUint16(a, true); R[d + 1] = 0;
        break;
      }
      case 0x71: {
        const s = (w >> 11) & 0x1e, a = (R[s]! >>> 0) + (w >> 16);
        if (R[s + 1] !== 0 || ((a < sLo || a + 1 > sHi) && (a < rLo || a + 1 > rHi))) { FAST_OUT[OUT_PC] = p >> 1; FAST_OUT[OUT_FUEL] = fuel; return SLOW; }
        R[d] = u8[a]!; R[d + 1] = 0;
        break;
      }
      case 0x79: {
        const s = (w >> 11) & 0x1e, a = (R[s]! >>> 0) + (w >> 16);
        if (R[s + 1] !== 0 || ((a < sLo || a + 8 > sHi) && (a < rLo || a + 8 > rHi))) { FAST_OUT[OUT_PC] = p >> 1; FAST_OUT[OUT_FUEL] = fuel; return SLOW; }
        R[d + 1] = dv.getInt32(a + 4, true); R[d] = dv.getInt32(a, true);
        break;
      }
      case 0x81: {
        const s = (w >> 11) & 0x1e, a = (R[s]! >>> 0) + (w >> 16);
        if (R[s + 1] !== 0 || ((a < sLo || a + 4 > sHi) && (a < rLo || a + 4 > rHi))) { FAST_OUT[OUT_PC] = p >> 1; FAST_OUT[OUT_FUEL] = fuel; return SLOW; }
        R[d] = dv.getInt32(a, true); R[d + 1] = R[d]! >> 31;
        break;
      }
      case 0x89: {
        const s = (w >> 11) & 0x1e, a = (R[s]! >>> 0) + (w >> 16);
        if (R[s + 1] !== 0 || ((a < sLo || a + 2 > sHi) && (a < rLo || a + 2 > rHi))) { FAST_OUT[OUT_PC] = p >> 1; FAST_OUT[OUT_FUEL] = fuel; return SLOW; }
        R[d] = dv.getInt16(a, true); R[d + 1] = R[d]! >> 31;
        break;
      }
      case 0x91: {
        const s = (w >> 11) & 0x1e, a = (R[s]! >>> 0) + (w >> 16);
        if (R[s + 1] !== 0 || ((a < sLo || a + 1 > sHi) && (a < rLo || a + 1 > rHi))) { FAST_OUT[OUT_PC] = p >> 1; FAST_OUT[OUT_FUEL] = fuel; return SLOW; }
        R[d] = (u8[a]! << 24) >> 24; R[d + 1] = R[d]! >> 31;
        break;
      }
      // stores: ST stores imm (sign-extended to 64 bits for a doubleword), STX the source register.
      // Typed-array stores, not DataView's: V8 forgets what it knows about every object at a
      // DataView store inside a loop (LoadElimination::ComputeLoopState). Aligned words go through
      // the Int32Array view (the host is little-endian, as the loads' DataView `true` says), the
      // rest byte by byte.
      case 0x62: {
        const a = (R[d]! >>> 0) + (w >> 16);
        if (R[d + 1] !== 0 || ((a < sLo || a + 4 > sHi) && (a < wLo || a + 4 > wHi))) { FAST_OUT[OUT_PC] = p >> 1; FAST_OUT[OUT_FUEL] = fuel; return SLOW; }
        const lo = P[p + 1]!;
        if ((a & 3) === 0) m32[a >>> 2] = lo;
        else { u8[a] = lo; u8[a + 1] = lo >> 8; u8[a + 2] = lo >> 16; u8[a + 3] = lo >> 24; }
        break;
      }
      case 0x63: {
        const a = (R[d]! >>> 0) + (w >> 16);
        if (R[d + 1] !== 0 || ((a < sLo || a + 4 > sHi) && (a < wLo || a + 4 > wHi))) { FAST_OUT[OUT_PC] = p >> 1; FAST_OUT[OUT_FUEL] = fuel; return SLOW; }
        const lo = R[(w >> 11) & 0x1e]!;
        if ((a & 3) === 0) m32[a >>> 2] = lo;
        else { u8[a] = lo; u8[a + 1] = lo >> 8; u8[a + 2] = lo >> 16; u8[a + 3] = lo >> 24; }
        break;
      }
      case 0x6a: {
        const a = (R[d]! >>> 0) + (w >> 16);
        if (R[d + 1] !== 0 || ((a < sLo || a + 2 > sHi) && (a < wLo || a + 2 > wHi))) { FAST_OUT[OUT_PC] = p >> 1; FAST_OUT[OUT_FUEL] = fuel; return SLOW; }
        const lo = P[p + 1]!;
        u8[a] = lo; u8[a + 1] = lo >> 8;
        break;
      }
      case 0x6b: {
        const a = (R[d]! >>> 0) + (w >> 16);
        if (R[d + 1] !== 0 || ((a < sLo || a + 2 > sHi) && (a < wLo || a + 2 > wHi))) { FAST_OUT[OUT_PC] = p >> 1; FAST_OUT[OUT_FUEL] = fuel; return SLOW; }
        const lo = R[(w >> 11) & 0x1e]!;
        u8[a] = lo; u8[a + 1] = lo >> 8;
        break;
      }
      case 0x72: {
        const a = (R[d]! >>> 0) + (w >> 16);
        if (R[d + 1] !== 0 || ((a < sLo || a + 1 > sHi) && (a < wLo || a + 1 > wHi))) { FAST_OUT[OUT_PC] = p >> 1; FAST_OUT[OUT_FUEL] = fuel; return SLOW; }
        const lo = P[p + 1]!;
        u8[a] = lo;
        break;
      }
      case 0x73: {
        const a = (R[d]! >>> 0) + (w >> 16);
        if (R[d + 1] !== 0 || ((a < sLo || a + 1 > sHi) && (a < wLo || a + 1 > wHi))) { FAST_OUT[OUT_PC] = p >> 1; FAST_OUT[OUT_FUEL] = fuel; return SLOW; }
        const lo = R[(w >> 11) & 0x1e]!;
        u8[a] = lo;
        break;
      }
      case 0x7a: {
        const a = (R[d]! >>> 0) + (w >> 16);
        if (R[d + 1] !== 0 || ((a < sLo || a + 8 > sHi) && (a < wLo || a + 8 > wHi))) { FAST_OUT[OUT_PC] = p >> 1; FAST_OUT[OUT_FUEL] = fuel; return SLOW; }
        const lo = P[p + 1]!, hi = lo >> 31;
        if ((a & 3) === 0) { m32[a >>> 2] = lo; m32[(a >>> 2) + 1] = hi; }
        else { u8[a] = lo; u8[a + 1] = lo >> 8; u8[a + 2] = lo >> 16; u8[a + 3] = lo >> 24; u8[a + 4] = hi; u8[a + 5] = hi >> 8; u8[a + 6] = hi >> 16; u8[a + 7] = hi >> 24; }
        break;
      }
      case 0x7b: {
        const a = (R[d]! >>> 0) + (w >> 16);
        if (R[d + 1] !== 0 || ((a < sLo || a + 8 > sHi) && (a < wLo || a + 8 > wHi))) { FAST_OUT[OUT_PC] = p >> 1; FAST_OUT[OUT_FUEL] = fuel; return SLOW; }
        const s = (w >> 11) & 0x1e, lo = R[s]!, hi = R[s + 1]!;
        if ((a & 3) === 0) { m32[a >>> 2] = lo; m32[(a >>> 2) + 1] = hi; }
        else { u8[a] = lo; u8[a + 1] = lo >> 8; u8[a + 2] = lo >> 16; u8[a + 3] = lo >> 24; u8[a + 4] = hi; u8[a + 5] = hi >> 8; u8[a + 6] = hi >> 16; u8[a + 7] = hi >> 24; }
        break;
      }
      default:
        FAST_OUT[OUT_PC] = p >> 1; FAST_OUT[OUT_FUEL] = fuel;
        return SLOW;
    }
    p += 2;
    fuel--;
  }
}
