/**
 * Memory instructions (BPF_LDX, BPF_ST, BPF_STX, BPF_ATOMIC) to wasm: the address of each access,
 * checked against the region table (checked code) through the stack region, the read/write
 * region caches and the out-of-line region_slow, or unchecked (verified code, the frame pointer,
 * accesses the range analysis proved to stay in their frame).
 */
import { MAX_BPF_STACK, MAX_CALL_FRAMES } from '../../isa/opcodes.js';
import * as op from '../../isa/opcodes.js';
import { Bytes, Op, VOID } from './wasm.js';
import { F_VSIZE, mapSlotGlobal } from './map_fastpath.js';
import type { Program } from './cfg.js';
import { CACHE_RLIM, CACHE_RLO, CACHE_W, G_LIMIT, L_A, L_FP, L_HI, L_SLO, L_T1, L_T32, SIZE_OF, hintUnlikely, putS, putU } from './codegen_abi.js';

/** what the memory code generation reads of the function being generated (FuncGen) */
export interface MemGen {
  readonly b: Bytes;
  readonly prog: Program;
  /** check every access against the region table */
  readonly checked: boolean;
  /** r10 is never written: [r10 + off] within the frame needs no check */
  readonly trustR10: boolean;
  /** per slot: 1 when its access is proven to stay in the frame (ranges.ts); null: no facts */
  readonly frameSafe: Uint8Array | null;
  /** per slot: slot * 65536 + need for an access within a map lookup's value (ranges.ts mapValueAccesses); null: none */
  readonly mapVal: Int32Array | null;
  /** spill_regs' function index (region_slow follows it) */
  readonly spillIndex: number;
}

const LOAD_OP: Record<number, Op> = {
  0x61: Op.i64_load32_u, 0x69: Op.i64_load16_u, 0x71: Op.i64_load8_u, 0x79: Op.i64_load,
  0x81: Op.i64_load32_s, 0x89: Op.i64_load16_s, 0x91: Op.i64_load8_s,
};
const ALIGN_LOG2: Record<number, number> = { 1: 0, 2: 1, 4: 2, 8: 3 };

/**
 * Largest access offset whose region check needs no separate test of the pointer's high half.
 * For a = reg + off (i64) with reg >= 2^32 (as unsigned): if off >= -32768 and reg < 2^64 - 4096,
 * a >= 2^32 - 32768, above every region (the memory is at most 65535 wasm pages, AddressSpace);
 * if reg >= 2^64 - 4096, a wraps below off <= 4096, where nothing is ever mapped (the first 4 KiB
 * stay unmapped so that NULL faults). Either way both compares fail and the slow path faults.
 */
const NO_HI_MAX_OFF = 4096;

/** wasm load op by eBPF LDX opcode, natural alignment by size code */
const LOAD_OPS = new Uint8Array(256);
for (const [c, o] of Object.entries(LOAD_OP)) LOAD_OPS[Number(c)] = o;
const STORE_OPS = Uint8Array.of(Op.i64_store32, Op.i64_store16, Op.i64_store8, Op.i64_store);
const ALIGN_OF_SIZE_CODE = Uint8Array.of(2, 1, 0, 3);


/**
 * Push the i32 wasm address of reg + off, checked against the region table when `checked`;
 * returns the memarg offset to use (non-zero only for unchecked accesses with off >= 0). `inFrame`:
 * the range analysis proved the access to stay in its frame (ranges.ts), no check.
 */
export function address(g: MemGen, reg: number, off: number, size: number, write: boolean, pc: number, inFrame = g.frameSafe?.[pc] === 1): number {
  const b = g.b;
  b.reserve(160);
  const buf = b.buf;
  let i = b.len;
  if (reg === 10 && g.trustR10 && off >= -MAX_BPF_STACK && off + size <= 0) {
    // r10 is never written by this program: it is its frame pointer, so [r10 + off] with
    // -512 <= off, off + size <= 0 lies in the stack region at every depth (checked code needs
    // no region check either); the frame base plus a memarg offset (L_FP)
    buf[i++] = Op.local_get; buf[i++] = L_FP;
    b.len = i;
    return off + MAX_BPF_STACK;
  }
  if (!g.checked) {
    buf[i++] = Op.local_get; buf[i++] = reg; buf[i++] = Op.i32_wrap_i64;
    if (off < 0) {
      buf[i++] = Op.i32_const; i = putS(buf, i, off); buf[i++] = Op.i32_add;
    }
    b.len = i;
    return off >= 0 ? off : 0;
  }
  const cache = write ? CACHE_W : 0;
  const STACK = MAX_BPF_STACK * MAX_CALL_FRAMES;
  if (inFrame) {
    // the range analysis proved this access to stay in the frame (ranges.ts)
    buf[i++] = Op.local_get; buf[i++] = reg; buf[i++] = Op.i32_wrap_i64; buf[i++] = Op.i32_const; i = putS(buf, i, off); buf[i++] = Op.i32_add;
    b.len = i;
    return 0;
  }
  // a pointer's high half must be zero: hi = reg & 0xffffffff00000000 is or-ed into both
  // compares — except for -32768 <= off <= 4096, where a pointer with a nonzero high half gives
  // an `a` in no region anyway (see NO_HI_MAX_OFF) and the test costs no instructions
  const withHi = off > NO_HI_MAX_OFF;
  // a = reg + off
  buf[i++] = Op.local_get; buf[i++] = reg;
  if (off !== 0) {
    buf[i++] = Op.i64_const; i = putS(buf, i, off); buf[i++] = Op.i64_add;
  }
  buf[i++] = Op.local_set; buf[i++] = L_A;
  // an access through a map lookup's result within its first `need` bytes (ranges.ts): in the
  // value when the slot's value size global says its lookups return values of at least `need`
  // bytes; else (another map, another kind of map, no fast path) the region checks below
  const mv = pc >= 0 && g.mapVal !== null ? g.mapVal[pc]! : 0;
  if (mv !== 0) {
    buf[i++] = Op.global_get; i = putU(buf, i, mapSlotGlobal(G_LIMIT + 1, mv >>> 16, F_VSIZE));
    buf[i++] = Op.i32_const; i = putS(buf, i, mv & 0xffff); buf[i++] = Op.i32_lt_u; hintUnlikely(i); buf[i++] = Op.if; buf[i++] = VOID;
  }
  if (withHi) {
    buf[i++] = Op.local_get; buf[i++] = reg; buf[i++] = Op.i64_const;
    buf[i++] = 0x80; buf[i++] = 0x80; buf[i++] = 0x80; buf[i++] = 0x80; buf[i++] = 0x70; // sleb64(-2^32)
    buf[i++] = Op.i64_and; buf[i++] = Op.local_set; buf[i++] = L_HI;
  }
  // the stack region: ((a - stack_lo) | hi) <u 4096 - size + 1, else (an `if` marked unlikely:
  // V8 places its body out of line and keeps spills for the call there)
  buf[i++] = Op.local_get; buf[i++] = L_A; buf[i++] = Op.local_get; buf[i++] = L_SLO; buf[i++] = Op.i64_sub;
  if (withHi) {
    buf[i++] = Op.local_get; buf[i++] = L_HI; buf[i++] = Op.i64_or;
  }
  buf[i++] = Op.i64_const; i = putS(buf, i, STACK - size + 1); buf[i++] = Op.i64_ge_u; hintUnlikely(i); buf[i++] = Op.if; buf[i++] = VOID;
  // the last region found (CACHE_RLO): ((a - lo) | hi) <u lim, else
  buf[i++] = Op.local_get; buf[i++] = L_A; buf[i++] = Op.i32_const; buf[i++] = 0; buf[i++] = Op.i64_load; buf[i++] = 3; i = putU(buf, i, CACHE_RLO + cache); buf[i++] = Op.i64_sub;
  if (withHi) {
    buf[i++] = Op.local_get; buf[i++] = L_HI; buf[i++] = Op.i64_or;
  }
  buf[i++] = Op.i32_const; buf[i++] = 0; buf[i++] = Op.i64_load; buf[i++] = 3; i = putU(buf, i, CACHE_RLIM + cache); buf[i++] = Op.i64_ge_u; hintUnlikely(i); buf[i++] = Op.if; buf[i++] = VOID;
  // slow path (region_slow): the engine looks the region up (or throws EFAULT); it becomes the cache
  buf[i++] = Op.local_get; buf[i++] = reg; buf[i++] = Op.i32_const; i = putS(buf, i, off);
  buf[i++] = Op.i32_const; i = putS(buf, i, (pc << 5) | (size << 1) | (write ? 1 : 0));
  buf[i++] = Op.call; i = putU(buf, i, g.spillIndex + 1); // region_slow
  buf[i++] = Op.end; buf[i++] = Op.end;
  if (mv !== 0) buf[i++] = Op.end;
  buf[i++] = Op.local_get; buf[i++] = L_A; buf[i++] = Op.i32_wrap_i64;
  b.len = i;
  return 0;
}

export function emitAtomic(g: MemGen, p: number, size: number): void {
  const b = g.b;
  const s = g.prog.slots;
  const d = s.dst[p]!, src = s.src[p]!, aop = s.imm[p]!;
  const mo = address(g, d, s.off[p]!, size, true, p);
  // address (+ memarg offset folded in) into L_T32
  if (mo !== 0) b.u8(Op.i32_const).sleb(mo).u8(Op.i32_add);
  b.u8(Op.local_set).uleb(L_T32);
  const ld = size === 8 ? Op.i64_load : Op.i64_load32_u;
  const st = size === 8 ? Op.i64_store : Op.i64_store32;
  const al = ALIGN_LOG2[size]!;
  // old value → L_T1
  b.u8(Op.local_get).uleb(L_T32).u8(ld).uleb(al).uleb(0).u8(Op.local_set).uleb(L_T1);
  if (aop === op.BPF_CMPXCHG) {
    b.u8(Op.local_get).uleb(L_T1);
    if (size === 4) b.u8(Op.i32_wrap_i64).u8(Op.local_get).uleb(0).u8(Op.i32_wrap_i64).u8(Op.i32_eq);
    else b.u8(Op.local_get).uleb(0).u8(Op.i64_eq);
    b.u8(Op.if).u8(VOID);
    b.u8(Op.local_get).uleb(L_T32).u8(Op.local_get).uleb(src).u8(st).uleb(al).uleb(0);
    b.u8(Op.end);
    b.u8(Op.local_get).uleb(L_T1).u8(Op.local_set).uleb(0);
    return;
  }
  b.u8(Op.local_get).uleb(L_T32);
  if (aop === op.BPF_XCHG) b.u8(Op.local_get).uleb(src);
  else {
    b.u8(Op.local_get).uleb(L_T1).u8(Op.local_get).uleb(src);
    const o = aop & 0xf0;
    b.u8(o === op.BPF_ADD ? Op.i64_add : o === op.BPF_OR ? Op.i64_or : o === op.BPF_AND ? Op.i64_and : Op.i64_xor);
  }
  b.u8(st).uleb(al).uleb(0);
  if (aop & op.BPF_FETCH) b.u8(Op.local_get).uleb(L_T1).u8(Op.local_set).uleb(src);
}

/** BPF_LDX: dst = *(size *)(src + off) */
export function emitLoad(g: MemGen, p: number): void {
  const s = g.prog.slots;
  const c = s.code[p]!;
  const mo = address(g, s.src[p]!, s.off[p]!, SIZE_OF(c), false, p);
  const b = g.b;
  b.reserve(16);
  const buf = b.buf;
  let i = b.len;
  buf[i++] = LOAD_OPS[c]!; buf[i++] = ALIGN_OF_SIZE_CODE[(c >> 3) & 3]!; i = putU(buf, i, mo);
  buf[i++] = Op.local_set; buf[i++] = s.dst[p]!;
  b.len = i;
}

/** BPF_ST / BPF_STX (atomics included): *(size *)(dst + off) = imm or src */
export function emitStore(g: MemGen, p: number): void {
  const s = g.prog.slots;
  const c = s.code[p]!;
  const size = SIZE_OF(c);
  if ((c & 0xe0) === op.BPF_ATOMIC) {
    emitAtomic(g, p, size);
    return;
  }
  const mo = address(g, s.dst[p]!, s.off[p]!, size, true, p);
  const b = g.b;
  b.reserve(24);
  const buf = b.buf;
  let i = b.len;
  if ((c & 7) === op.BPF_ST) {
    buf[i++] = Op.i64_const;
    i = putS(buf, i, s.imm[p]!);
  } else {
    buf[i++] = Op.local_get;
    buf[i++] = s.src[p]!;
  }
  buf[i++] = STORE_OPS[(c >> 3) & 3]!; buf[i++] = ALIGN_OF_SIZE_CODE[(c >> 3) & 3]!; i = putU(buf, i, mo);
  b.len = i;
}

