/**
 * The interface between the JIT's generated code and the engine (runtime.ts): the spill area's
 * layout, the imports, globals, types and locals every generated function shares, and the raw
 * LEB128 writers of the hot emission paths.
 */
import { Bytes, I32, I64, Op, type ValType } from './wasm.js';
import * as op from '../../isa/opcodes.js';

/**
 * The spill area: 256 bytes in the never-mapped guard page below the first region (offsets
 * 0..4095 are never part of the region table, so a program's checked access can never reach it
 * and NULL still faults). Registers r0..r10, the instruction count, the region-check result and
 * the call depth pass through it between wasm and the engine's JavaScript side.
 */
export const SPILL = 0xe00;
export const SPILL_CNT = SPILL + 88;
/** the region check's answer: the region's size - 7 (0 for regions under 8 bytes) */
export const SPILL_REGION_LIM = SPILL + 96;
export const SPILL_DEPTH = SPILL + 100;
/**
 * runs started by `run_n` (u32, wrapping): the engine compares it with the value it last saw to
 * know that a new run began inside a batch (JitProgram.runRepeat) and reset its per-run state
 */
export const SPILL_GEN = SPILL + 104;
/** set by the ld_abs import when a subprogram's LD_ABS/LD_IND left the packet: the function returns 0 */
export const SPILL_LDABS_FAIL = SPILL + 108;
/** the reverse-postorder number of the block where a function's exact copy starts (budget.ts) */
export const SPILL_EXACT_AT = SPILL + 112;
/**
 * The region caches of checked code (i64 each: the last region found for a read, base then size
 * - 7, then the same for a write; lim = 0 matches nothing): an access at a that is not in the
 * stack region passes when (a - lo) <u lim. They live here rather than in locals: four values
 * fewer live through every loop of the function, and a loop whose accesses all hit the stack (or
 * one region) keeps its eBPF registers in machine registers instead of spilling them (bubble's
 * inner loop: 35 -> 24 us). Valid for one run of one program and only until a helper returns (a
 * helper may unmap a region or grant one): the entries and run_n empty them before every run,
 * and every helper call after it returns.
 */
export const CACHE_RLO = SPILL + 120, CACHE_RLIM = SPILL + 128;
/** the write cache: CACHE_RLO / CACHE_RLIM + 16 */
export const CACHE_W = 16;
/** region caches emptied (after calls: a helper may have unmapped or remapped regions; before runs) */
export const RESET_CACHES = new Bytes(24)
  .u8(Op.i32_const).sleb(0).u8(Op.i64_const).sleb(0).u8(Op.i64_store).uleb(3).uleb(CACHE_RLIM)
  .u8(Op.i32_const).sleb(0).u8(Op.i64_const).sleb(0).u8(Op.i64_store).uleb(3).uleb(CACHE_RLIM + CACHE_W).view();

/** trap kinds for the `trap` import */
export const enum Trap {
  Budget = 0,
  CallDepth = 1,
  Kfunc = 2,
  FellOff = 3,
}

/** import function indices */
export const F_HELPER = 0; // (id, pc) -> status (0 = returned, 1 = tail call pending)
export const F_TAIL = 1; // (pc) -> ()   run the pending tail call on the spilled registers
export const F_REGION = 2; // (lo, hi, off, size, write, pc) -> base; size - 7 in SPILL_REGION_LIM; throws EFAULT
export const F_TRAP = 3; // (kind, pc, arg) -> ()  throws
export const F_LDABS = 4; // (off, size, pc) -> value; throws (abort) when out of the packet
export const F_BUDGET = 5; // (pc) -> ()  the budget runs out inside the block starting at pc: registers and
//                                 the count (that block included) are in the spill area; throws
export const F_MAP_LOOKUP = 6; // (slot, key_lo, key_hi, pc) -> value pointer: bpf_map_lookup_elem specialised to a map (map_fastpath.ts)
export const F_MAP_UPDATE = 7; // (slot, key_lo, key_hi, val_lo, val_hi, flags, pc) -> ret: bpf_map_update_elem likewise
export const F_RING_WAKE = 8; // (slot) -> ()  a ring-buffer submit in wasm asks to wake the ring's waiting consumer (ringbuf_fastpath.ts)
export const F_ARENA_CAST = 9; // (value, toUser, pc) -> value: addr_space_cast over the program's arena (vm/arena_cast.ts)
export const F_MAP_DELETE = 10; // (slot, key_lo, key_hi, pc) -> ret: bpf_map_delete_elem specialised to a map (map_fastpath.ts)
export const N_IMPORT_FUNCS = 11;

/** BPF_JMP | BPF_JCOND: may_goto */
export const MAY_GOTO = op.BPF_JMP | op.BPF_JCOND;

/** global indices: 0 = stackTop (imported i64), 1 = limit (i64, mutable, exported) */
export const G_STACKTOP = 0;
export const G_STACKLO = 1;
export const G_LIMIT = 2;

/** type indices */
export const T_HELPER = 0, T_TAIL = 1, T_REGION = 2, T_TRAP = 3, T_LDABS = 4, T_FUNC = 5, T_ENTRY = 6, T_SPILL = 7, T_ENTRY_IND = 8, T_REGION_SLOW = 9, T_MAP_LOOKUP = 10, T_MAP_UPDATE = 11, T_RUN_N = 12, T_HTAB = 13, T_RB_RESERVE = 14, T_RB_COMMIT = 15, T_ARENA_CAST = 16;

// locals of a function
export const L_DEPTH = 11;
export const L_CNT = 12;
export const L_A = 13; // i64 address / scratch
export const L_T1 = 14; // i64 scratch
// region caches (read, write): an access at a is inside when ((a - lo) | hi(reg)) <u lim, where
// lim = size - 7 of the last region found (so any access of up to 8 bytes fits); lim = 0 (the
// zero-initialised state) matches nothing
export const L_RLO = 15, L_RLIM = 16, L_WLO = 17, L_WLIM = 18;
export const L_HI = 19; // i64: the pointer's high half, in place (reg & 0xffffffff00000000)
export const L_NEXT = 20; // i32 dispatch
export const L_T32 = 21; // i32 scratch
/** i32: this frame's may_goto counter (the kernel's hidden stack slot; BPF_MAX_LOOPS at entry) */
export const L_MAYGOTO = 22;
/**
 * i64: the budget limit, read from the `limit` global once per function activation (it does not
 * change during a run): every block's budget check compares with a register instead of loading a
 * mutable global
 */
export const L_LIM = 23;
/** i64: the stack region's base (the imported `stack_lo`, an indirect load per use), read once per activation of checked code */
export const L_SLO = 24;
/**
 * i32: this frame's lowest address, wrap(r10) - 512, set once per activation when r10 is trusted
 * (never written): an access [r10 + off], -512 <= off < 0, becomes `local.get $fp; load
 * offset=512+off`, the wasm memarg's unsigned offset, so V8 folds it into the x86 addressing mode
 * the way the kernel JIT emits `mov rax, [rbp - 8]`. Without it every such address was its own
 * loop-invariant value (wrap, add), and TurboFan hoisted them all out of loops and spilled them:
 * memcpy's loop loaded each of its 32 addresses from its spill slot before the access.
 */
export const L_FP = 25;
/**
 * i64: instructions counted in cnt that did not run (codegen_func.ts genSelect): a converted
 * side is charged to cnt whether it ran or not, so that cnt's adds stay constants, and what it
 * over-charged collects here; every exact reader of cnt (exits, calls, check-point exits) takes
 * cnt - over
 */
export const L_OVER = 26;
export const FUNC_LOCALS: Array<[number, ValType]> = [[7, I64], [3, I32], [2, I64], [1, I32], [1, I64]];

/*
 * Raw emission for the hot paths (one call per block or instruction instead of one per byte):
 * the caller reserves room, writes bytes at a local index, and stores the index back. Local and
 * global indices here are all < 128, so their LEB128 is the byte itself.
 */
/** unsigned LEB128 into buf at i; returns the next index */
export function putU(buf: Uint8Array, i: number, x: number): number {
  while (x >= 0x80) {
    buf[i++] = (x & 0x7f) | 0x80;
    x >>>= 7;
  }
  buf[i] = x;
  return i + 1;
}
/** signed LEB128 of an int32 into buf at i; returns the next index */
export function putS(buf: Uint8Array, i: number, x: number): number {
  for (;;) {
    const v = x & 0x7f;
    x >>= 7;
    if ((x === 0 && (v & 0x40) === 0) || (x === -1 && (v & 0x40) !== 0)) {
      buf[i] = v;
      return i + 1;
    }
    buf[i++] = v | 0x80;
  }
}

/**
 * the branch hints of the module being generated (ModuleDef.hints): 2 x the position of an `if`
 * whose body is a cold path (hintUnlikely), or 2 x the position + 1 of one whose body is the hot
 * path and whose `else` is cold (hintLikely); increasing, as the bodies are generated in order
 */
export const HINTS: number[] = [];
export const hintUnlikely = (pos: number): void => void HINTS.push(pos * 2);
export const hintLikely = (pos: number): void => void HINTS.push(pos * 2 + 1);

/** bytes of an access by the size code of its opcode */
export const SIZE_OF = (c: number): number => [4, 2, 1, 8][(c >> 3) & 3]!;
