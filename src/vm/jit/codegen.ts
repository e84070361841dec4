/**
 * eBPF → WebAssembly code generation. One wasm function per subprogram (slot 0 and every local
 * call target), registers r0..r10 as i64 parameters/locals, control flow rebuilt as structured
 * wasm by Ramsey's "Beyond Relooper" translation (blocks for merge nodes, loops for loop headers,
 * inline code for nodes with one forward predecessor), and a br_table dispatch loop for functions
 * whose control flow is irreducible.
 *
 * The generated code follows the reference interpreter (vm/interpreter.ts) exactly: RFC 9669
 * arithmetic, region-checked memory accesses (unless the program is verified), the instruction
 * budget charged per basic block with an exact per-instruction path for the block in which the
 * budget runs out, and helper calls through the engine's HelperContext over a spill area.
 *
 * Function signature: (r0..r10: i64, depth: i32, cnt: i64) → (r0..r5: i64, cnt: i64). The callee
 * gets the caller's r0..r9 (the interpreter does not clear them) and returns r0..r5 (the
 * interpreter leaves the callee's r1..r5 in place after the return).
 */
import { LDDW } from '../../isa/instruction.js';
import * as op from '../../isa/opcodes.js';
import { MAX_BPF_STACK, MAX_CALL_FRAMES, BPF_MAX_LOOPS } from '../../isa/opcodes.js';
import { Bytes, encodeHeader, encodeModule, I32, I64, Op, VOID, type FuncDef, type ModuleDef, type ValType } from './wasm.js';
import { type Block, type FuncCfg, type Program, Term, analyseFunction, jumpTargetOf, nextSlot } from './cfg.js';
import { checkPoints, hasBackwardJump, liveIn } from './budget.js';
import { frameSafeAccesses } from './ranges.js';
import { HTAB_LOOKUP_BODY, HTAB_LOOKUP_LOCALS, HTAB_LOOKUP_TYPE, MAP_LOOKUP_TYPE, MAP_UPDATE_TYPE, emitMapHelperCall, mapGlobalDefs, mapGlobalExports, mapSites, mapSlotGlobal } from './map_fastpath.js';
import {
  BPF_FUNC_ringbuf_discard, BPF_FUNC_ringbuf_output, BPF_FUNC_ringbuf_reserve, BPF_FUNC_ringbuf_submit, RB_COMMIT_LOCALS, RB_COMMIT_TYPE, RB_RESERVE_BODY,
  RB_RESERVE_LOCALS, RB_RESERVE_TYPE, emitRingCommit, emitRingOutput, emitRingReserve, rbCommitBody, type RingHooks,
} from './ringbuf_fastpath.js';

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
const SPILL_EXACT_AT = SPILL + 112;
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
const CACHE_RLO = SPILL + 120, CACHE_RLIM = SPILL + 128;
/** the write cache: CACHE_RLO / CACHE_RLIM + 16 */
const CACHE_W = 16;
/** region caches emptied (after calls: a helper may have unmapped or remapped regions; before runs) */
const RESET_CACHES = new Bytes(24)
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
const F_HELPER = 0; // (id, pc) -> status (0 = returned, 1 = tail call pending)
const F_TAIL = 1; // (pc) -> ()   run the pending tail call on the spilled registers
const F_REGION = 2; // (lo, hi, off, size, write, pc) -> base; size - 7 in SPILL_REGION_LIM; throws EFAULT
const F_TRAP = 3; // (kind, pc, arg) -> ()  throws
const F_LDABS = 4; // (off, size, pc) -> value; throws (abort) when out of the packet
const F_BUDGET = 5; // (pc) -> ()  the budget runs out inside the block starting at pc: registers and
//                                 the count (that block included) are in the spill area; throws
const F_MAP_LOOKUP = 6; // (slot, key_lo, key_hi, pc) -> value pointer: bpf_map_lookup_elem specialised to a map (map_fastpath.ts)
const F_MAP_UPDATE = 7; // (slot, key_lo, key_hi, val_lo, val_hi, flags, pc) -> ret: bpf_map_update_elem likewise
const F_RING_WAKE = 8; // (slot) -> ()  a ring-buffer submit in wasm asks to wake the ring's waiting consumer (ringbuf_fastpath.ts)
const F_ARENA_CAST = 9; // (value, toUser, pc) -> value: addr_space_cast over the program's arena (vm/arena_cast.ts)
const N_IMPORT_FUNCS = 10;

/** BPF_JMP | BPF_JCOND: may_goto */
const MAY_GOTO = op.BPF_JMP | op.BPF_JCOND;

/** global indices: 0 = stackTop (imported i64), 1 = limit (i64, mutable, exported) */
const G_STACKTOP = 0;
const G_STACKLO = 1;
const G_LIMIT = 2;

/** type indices */
const T_HELPER = 0, T_TAIL = 1, T_REGION = 2, T_TRAP = 3, T_LDABS = 4, T_FUNC = 5, T_ENTRY = 6, T_SPILL = 7, T_ENTRY_IND = 8, T_REGION_SLOW = 9, T_MAP_LOOKUP = 10, T_MAP_UPDATE = 11, T_RUN_N = 12, T_HTAB = 13, T_RB_RESERVE = 14, T_RB_COMMIT = 15, T_ARENA_CAST = 16;

// locals of a function
const L_DEPTH = 11;
const L_CNT = 12;
const L_A = 13; // i64 address / scratch
const L_T1 = 14; // i64 scratch
// region caches (read, write): an access at a is inside when ((a - lo) | hi(reg)) <u lim, where
// lim = size - 7 of the last region found (so any access of up to 8 bytes fits); lim = 0 (the
// zero-initialised state) matches nothing
const L_RLO = 15, L_RLIM = 16, L_WLO = 17, L_WLIM = 18;
const L_HI = 19; // i64: the pointer's high half, in place (reg & 0xffffffff00000000)
const L_NEXT = 20; // i32 dispatch
const L_T32 = 21; // i32 scratch
/** i32: this frame's may_goto counter (the kernel's hidden stack slot; BPF_MAX_LOOPS at entry) */
const L_MAYGOTO = 22;
/**
 * i64: the budget limit, read from the `limit` global once per function activation (it does not
 * change during a run): every block's budget check compares with a register instead of loading a
 * mutable global
 */
const L_LIM = 23;
/** i64: the stack region's base (the imported `stack_lo`, an indirect load per use), read once per activation of checked code */
const L_SLO = 24;
/**
 * i32: this frame's lowest address, wrap(r10) - 512, set once per activation when r10 is trusted
 * (never written): an access [r10 + off], -512 <= off < 0, becomes `local.get $fp; load
 * offset=512+off`, the wasm memarg's unsigned offset, so V8 folds it into the x86 addressing mode
 * the way the kernel JIT emits `mov rax, [rbp - 8]`. Without it every such address was its own
 * loop-invariant value (wrap, add), and TurboFan hoisted them all out of loops and spilled them:
 * memcpy's loop loaded each of its 32 addresses from its spill slot before the access.
 */
const L_FP = 25;
const FUNC_LOCALS: Array<[number, ValType]> = [[7, I64], [3, I32], [2, I64], [1, I32]];

export interface CodegenOptions {
  /** check every memory access against the region table (unverified programs); default true */
  checked?: boolean;
  /** charge the instruction budget and count instructions; default true */
  budget?: boolean;
  /**
   * r10 holds the frame pointer on entry and no instruction writes it (see writesR10): stack
   * accesses through r10 with constant offsets inside one frame need no check
   */
  trustR10?: boolean;
  /** write function names (the WAT printer's); off by default, it costs a string per function */
  names?: boolean;
}

/** does any instruction write r10 (as a destination, or as the fetch register of an atomic)? */
export function writesR10(prog: Program): boolean {
  const s = prog.slots;
  for (let p = 0; p < s.n; p++) {
    if (!s.start[p]) continue;
    const c = s.code[p]!;
    const cls = c & 7;
    if ((cls === op.BPF_ALU || cls === op.BPF_ALU64 || cls === op.BPF_LDX || c === LDDW) && s.dst[p] === 10) return true;
    if (c === (op.BPF_STX | op.BPF_ATOMIC | op.BPF_W) || c === (op.BPF_STX | op.BPF_ATOMIC | op.BPF_DW)) {
      if ((s.imm[p]! & op.BPF_FETCH) && s.src[p] === 10 && s.imm[p] !== op.BPF_CMPXCHG) return true;
    }
  }
  return false;
}

/**
 * The enclosing wasm constructs while a function is generated, innermost last, each one number
 * (no allocation): ((node + 1) << 2) | kind, node = the loop's header or the block's follow node.
 */
const C_LOOP = 0, C_BLOCK = 1, C_IF = 2, C_EXIT = 3;
/** most check points (budget.ts) of a function, each with its own exit block */
const MAX_CHECK_POINTS = 64;
const ctxOf = (kind: number, node: number): number => ((node + 1) << 2) | kind;
/** the function's budget exit block (the outermost, when the budget is charged) */
const BUDGET_EXIT = ctxOf(C_EXIT, -1);

/**
 * Generate the module for a program (already validated). With `slowBlock` set, generate instead
 * the module of the budget slow path of the block starting at that slot: it executes the block's
 * instructions one at a time while the budget (in the spill area's count slot) allows, then traps
 * — compiled only when a run actually exhausts its budget there, so the hot module carries just a
 * compare and a `br` to the function's budget exit per block.
 */
export function generateModule(prog: Program, opts: CodegenOptions = {}, slowBlock = -1): Uint8Array<ArrayBuffer> {
  return generateModuleView(prog, opts, slowBlock).slice();
}

const REGS = Array<ValType>(11).fill(I64);
/** the types and imports of every module the JIT writes */
const MODULE_IMPORTS: Pick<ModuleDef, 'types' | 'importFuncs' | 'importGlobals' | 'memory'> = {
  types: [
    { params: [I32, I32], results: [I32] },
    { params: [I32], results: [] },
    { params: [I32, I32, I32, I32, I32, I32], results: [I32] },
    { params: [I32, I32, I32], results: [] },
    { params: [I32, I32, I32], results: [I32] },
    { params: [...REGS, I32, I64], results: [I64, I64, I64, I64, I64, I64, I64] },
    { params: [I32], results: [] },
    { params: REGS, results: [] },
    { params: [I32, I32], results: [] },
    { params: [I64, I32, I32], results: [] },
    MAP_LOOKUP_TYPE,
    MAP_UPDATE_TYPE,
    { params: [I32, I64, I64, I64, I64, I64], results: [] },
    HTAB_LOOKUP_TYPE,
    RB_RESERVE_TYPE,
    RB_COMMIT_TYPE,
    { params: [I64, I32, I32], results: [I64] },
  ],
  importFuncs: [
    { module: 'bpf', name: 'helper', type: T_HELPER },
    { module: 'bpf', name: 'tail_call', type: T_TAIL },
    { module: 'bpf', name: 'region', type: T_REGION },
    { module: 'bpf', name: 'trap', type: T_TRAP },
    { module: 'bpf', name: 'ld_abs', type: T_LDABS },
    { module: 'bpf', name: 'budget', type: T_TAIL },
    { module: 'bpf', name: 'map_lookup', type: T_MAP_LOOKUP },
    { module: 'bpf', name: 'map_update', type: T_MAP_UPDATE },
    { module: 'bpf', name: 'ring_wake', type: T_TAIL },
    { module: 'bpf', name: 'arena_cast', type: T_ARENA_CAST },
  ],
  importGlobals: [
    { module: 'bpf', name: 'stack_top', type: I64, mutable: false },
    { module: 'bpf', name: 'stack_lo', type: I64, mutable: false },
  ],
  memory: { module: 'bpf', name: 'memory', min: 1 },
};
/** magic, version, type and import sections: the same bytes for every module, encoded once */
const MODULE_HEADER = encodeHeader(MODULE_IMPORTS);

/**
 * The scratch buffer every module is written into, reused by every compile: a fresh buffer of the
 * module's size per compile costs more than the code generation of small programs (large
 * allocations are fresh pages, faulted in one by one).
 */
const MODULE_SCRATCH = new Bytes(1 << 16);
/** the `if` positions of the module being generated whose body is a cold path (ModuleDef.unlikely) */
const UNLIKELY: number[] = [];

/**
 * generateModule into the scratch buffer: the bytes are valid until the next call (hand them to
 * `new WebAssembly.Module`, which copies them, or copy them). Function bodies are generated
 * straight into their place in the code section (no per-function buffers or copies).
 */
export function generateModuleView(prog: Program, opts: CodegenOptions = {}, slowBlock = -1): Uint8Array<ArrayBuffer> {
  const checked = opts.checked ?? true;
  const budget = opts.budget ?? true;
  const trustR10 = opts.trustR10 ?? false;
  const names = opts.names ?? false;
  const funcIndex = new Map<number, number>();
  // checked code: the accesses a range analysis proves to stay in their frame go unchecked (ranges.ts)
  const frameSafe = checked ? frameSafeAccesses(prog, trustR10) : null;
  /** entry slot → function index of its exact copy (budget.ts) */
  const exactIndex = new Map<number, number>();
  const funcs: FuncDef[] = [];
  // function index space: imports, the eBPF functions (one per subprogram; or the slow path),
  // spill_regs, region_slow (checked code only), entry, entry_indirect
  const nBodies = slowBlock >= 0 ? 1 : prog.funcEntries.length;
  const spillIndex = N_IMPORT_FUNCS + nBodies;
  if (slowBlock >= 0) {
    const body = (out: Bytes): void => new FuncGen(prog, null, funcIndex, checked, budget, out, spillIndex, trustR10, frameSafe).generateSlow(prog.blocks[prog.blockAt[slowBlock]!]!);
    funcs.push({ type: T_FUNC, locals: FUNC_LOCALS, body, name: names ? `budget_slow_${slowBlock}` : undefined });
  } else {
    prog.funcEntries.forEach((e, k) => funcIndex.set(e, N_IMPORT_FUNCS + k));
    prog.funcEntries.forEach((e, k) => {
      // run by encodeModule in function order, each function's analysis right before its code
      const body = (out: Bytes): void => {
        const cfg = analyseFunction(prog, e);
        const start = out.len;
        const exact = exactIndex.get(e) ?? -1;
        try {
          new FuncGen(prog, cfg, funcIndex, checked, budget, out, spillIndex, trustR10, frameSafe, exact).generate();
        } catch (err) {
          // the structured translation recurses along the dominator tree; a program too deep for
          // the JavaScript stack gets the (iterative) dispatch loop instead
          if (!(err instanceof RangeError)) throw err;
          out.len = start;
          cfg.reducible = false;
          new FuncGen(prog, cfg, funcIndex, checked, budget, out, spillIndex, trustR10, frameSafe, exact).generate();
        }
      };
      funcs.push({ type: T_FUNC, locals: FUNC_LOCALS, body, name: names ? (e === 0 ? 'main' : `subprog_${e}`) : undefined });
      // a function with a loop compares the count with the budget only at its check points, and
      // continues in an exact copy (appended after run_n) when one fails (budget.ts)
      if (budget && !prog.slots.code.includes(MAY_GOTO) && hasBackwardJump(prog, e, prog.funcEntries[k + 1] ?? prog.slots.n)) exactIndex.set(e, -1);
    });
  }
  funcs.push({ type: T_SPILL, locals: [], body: SPILL_BODY, name: 'spill_regs' });
  const nMapSlots = slowBlock >= 0 ? 0 : (mapSites(prog)?.consts.length ?? 0);
  // the module's own functions after spill_regs, at the indices FuncGen's fnIndex gives: region_slow
  // (checked code: it calls the `region` import), htab_lookup (map call sites: the in-wasm hash
  // lookup), rb_reserve and rb_commit (ring-buffer sites)
  if (checked) funcs.push({ type: T_REGION_SLOW, locals: [[1, I64], [1, I32]], body: REGION_SLOW_BODY, name: 'region_slow' });
  if (nMapSlots > 0) funcs.push({ type: T_HTAB, locals: HTAB_LOOKUP_LOCALS, body: HTAB_LOOKUP_BODY, name: 'htab_lookup' });
  if (slowBlock < 0 && (mapSites(prog)?.ringSlots.length ?? 0) > 0) {
    funcs.push({ type: T_RB_RESERVE, locals: RB_RESERVE_LOCALS, body: RB_RESERVE_BODY, name: 'rb_reserve' });
    funcs.push({ type: T_RB_COMMIT, locals: RB_COMMIT_LOCALS, body: RB_COMMIT_BODY, name: 'rb_commit' });
  }
  const entryIndex = N_IMPORT_FUNCS + funcs.length;
  // `entry(depth)` runs the first function (slot 0, or the slow path); with several functions,
  // `entry_indirect(depth, k)` runs function k (callbacks of bpf_loop & co.) through a table:
  // one wrapper and one export whatever the number of functions
  const exports: ModuleDef['exports'] = [{ name: 'entry', kind: 'func', index: entryIndex }];
  funcs.push({ type: T_ENTRY, locals: ENTRY_LOCALS, body: ENTRY_BODY, name: 'entry' });
  let table: ModuleDef['table'];
  if (nBodies > 1) {
    exports.push({ name: 'entry_indirect', kind: 'func', index: entryIndex + 1 });
    funcs.push({ type: T_ENTRY_IND, locals: ENTRY_LOCALS, body: ENTRY_IND_BODY, name: 'entry_indirect' });
    table = { first: N_IMPORT_FUNCS, count: nBodies };
  }
  if (slowBlock < 0) {
    exports.push({ name: 'run_n', kind: 'func', index: N_IMPORT_FUNCS + funcs.length });
    funcs.push({ type: T_RUN_N, locals: RUN_N_LOCALS, body: RUN_N_BODY, name: 'run_n' });
  }
  for (const e of exactIndex.keys()) {
    exactIndex.set(e, N_IMPORT_FUNCS + funcs.length);
    const body = (out: Bytes): void => {
      const cfg = analyseFunction(prog, e);
      cfg.reducible = false;
      new FuncGen(prog, cfg, funcIndex, checked, budget, out, spillIndex, trustR10, frameSafe, -1, true).generate();
    };
    funcs.push({ type: T_FUNC, locals: FUNC_LOCALS, body, name: names ? `${e === 0 ? 'main' : `subprog_${e}`}_exact` : undefined });
  }
  const m: ModuleDef = {
    ...MODULE_IMPORTS,
    header: MODULE_HEADER,
    // the limit, then the globals of the map slots (map_fastpath.ts), set by the engine per run
    globals: [{ type: I64, mutable: true, init: 0 }, ...mapGlobalDefs(nMapSlots)],
    funcs,
    exports: [...exports, { name: 'limit', kind: 'global', index: G_LIMIT }, ...mapGlobalExports(nMapSlots, G_LIMIT + 1)],
    table,
    names,
    unlikely: UNLIKELY,
  };
  UNLIKELY.length = 0;
  MODULE_SCRATCH.len = 0;
  return encodeModule(m, MODULE_SCRATCH);
}

/** spill_regs(r0..r10): store the registers in the spill area */
const SPILL_BODY: Uint8Array = (() => {
  const b = new Bytes(128);
  for (let r = 0; r <= 10; r++) b.u8(Op.i32_const).sleb(0).u8(Op.local_get).uleb(r).u8(Op.i64_store).uleb(3).uleb(SPILL + 8 * r);
  b.u8(Op.end);
  return b.view();
})();

/**
 * entry(depth) / entry_indirect(depth, k): registers and count from the spill area → the first
 * function (a direct call) or function k (call_indirect through the table) → r0..r5 and the count
 * back. The results land in locals nParams..nParams+6 (the count last).
 */
function entryBody(indirect: boolean): Uint8Array {
  const b = new Bytes(160);
  const P = indirect ? 2 : 1;
  b.bytes(RESET_CACHES);
  for (let r = 0; r <= 10; r++) b.u8(Op.i32_const).sleb(0).u8(Op.i64_load).uleb(3).uleb(SPILL + 8 * r);
  b.u8(Op.local_get).uleb(0);
  b.u8(Op.i32_const).sleb(0).u8(Op.i64_load).uleb(3).uleb(SPILL_CNT);
  if (indirect) b.u8(Op.local_get).uleb(1).u8(Op.call_indirect).uleb(T_FUNC).uleb(0);
  else b.u8(Op.call).uleb(N_IMPORT_FUNCS);
  for (let k = P + 6; k >= P; k--) b.u8(Op.local_set).uleb(k);
  for (let r = 0; r <= 5; r++) b.u8(Op.i32_const).sleb(0).u8(Op.local_get).uleb(P + r).u8(Op.i64_store).uleb(3).uleb(SPILL + 8 * r);
  b.u8(Op.i32_const).sleb(0).u8(Op.local_get).uleb(P + 6).u8(Op.i64_store).uleb(3).uleb(SPILL_CNT);
  b.u8(Op.end);
  return b.view();
}
const ENTRY_BODY = entryBody(false);

/**
 * region_slow(reg: i64, off: i32, info: i32), info = pc << 5 | size << 1 | write: the slow path of
 * a checked access, out of line (once per module instead of once per access): the engine looks
 * the region up (or throws EFAULT) and its base and size - 7 become the read or write cache
 * (CACHE_RLO). It returns nothing: the caller reads the cache from memory, so no cache value is
 * live in the caller's loops.
 */
const REGION_SLOW_BODY: Uint8Array = (() => {
  const b = new Bytes(64);
  b.u8(Op.local_get).uleb(0).u8(Op.i32_wrap_i64);
  b.u8(Op.local_get).uleb(0).u8(Op.i64_const).sleb(32).u8(Op.i64_shr_u).u8(Op.i32_wrap_i64);
  b.u8(Op.local_get).uleb(1);
  b.u8(Op.local_get).uleb(2).u8(Op.i32_const).sleb(1).u8(Op.i32_shr_u).u8(Op.i32_const).sleb(15).u8(Op.i32_and);
  b.u8(Op.local_get).uleb(2).u8(Op.i32_const).sleb(1).u8(Op.i32_and);
  b.u8(Op.local_get).uleb(2).u8(Op.i32_const).sleb(5).u8(Op.i32_shr_u);
  b.u8(Op.call).uleb(F_REGION).u8(Op.i64_extend_i32_u).u8(Op.local_set).uleb(3);
  // the read or the write cache: 16 * write
  b.u8(Op.local_get).uleb(2).u8(Op.i32_const).sleb(1).u8(Op.i32_and).u8(Op.i32_const).sleb(4).u8(Op.i32_shl).u8(Op.local_tee).uleb(4);
  b.u8(Op.local_get).uleb(3).u8(Op.i64_store).uleb(3).uleb(CACHE_RLO);
  b.u8(Op.local_get).uleb(4).u8(Op.i32_const).sleb(0).u8(Op.i64_load32_u).uleb(2).uleb(SPILL_REGION_LIM).u8(Op.i64_store).uleb(3).uleb(CACHE_RLIM);
  b.u8(Op.end);
  return b.view();
})();
const ENTRY_IND_BODY = entryBody(true);
const RB_COMMIT_BODY = rbCommitBody(F_RING_WAKE);

/**
 * run_n(n, r1..r5): the repeat loop of BPF_PROG_TEST_RUN (net/bpf/test_run.c bpf_test_run) inside
 * wasm, one call from JavaScript for n >= 1 runs: each run enters the first function with r1..r5 as
 * given, r10 the frame pointer, every other register, the count and the depth zero (what run()
 * puts in the spill area), and bumps SPILL_GEN so the engine's imports see that a new run began;
 * the last run's r0..r5 and count go to the spill area, as entry() leaves them.
 */
const RUN_N_BODY: Uint8Array = (() => {
  const b = new Bytes(160);
  b.u8(Op.block).u8(VOID).u8(Op.loop).u8(VOID);
  b.bytes(RESET_CACHES);
  b.u8(Op.i32_const).sleb(0).u8(Op.i32_const).sleb(0).u8(Op.i32_load).uleb(2).uleb(SPILL_GEN).u8(Op.i32_const).sleb(1).u8(Op.i32_add).u8(Op.i32_store).uleb(2).uleb(SPILL_GEN);
  b.u8(Op.i64_const).sleb(0);
  for (let r = 1; r <= 5; r++) b.u8(Op.local_get).uleb(r);
  for (let r = 6; r <= 9; r++) b.u8(Op.i64_const).sleb(0);
  b.u8(Op.global_get).uleb(G_STACKTOP).u8(Op.i32_const).sleb(0).u8(Op.i64_const).sleb(0);
  b.u8(Op.call).uleb(N_IMPORT_FUNCS);
  for (let k = 6 + 6; k >= 6; k--) b.u8(Op.local_set).uleb(k);
  b.u8(Op.local_get).uleb(0).u8(Op.i32_const).sleb(1).u8(Op.i32_sub).u8(Op.local_tee).uleb(0).u8(Op.br_if).uleb(0);
  b.u8(Op.end).u8(Op.end);
  for (let r = 0; r <= 5; r++) b.u8(Op.i32_const).sleb(0).u8(Op.local_get).uleb(6 + r).u8(Op.i64_store).uleb(3).uleb(SPILL + 8 * r);
  b.u8(Op.i32_const).sleb(0).u8(Op.local_get).uleb(6 + 6).u8(Op.i64_store).uleb(3).uleb(SPILL_CNT);
  b.u8(Op.end);
  return b.view();
})();
const RUN_N_LOCALS: Array<[number, ValType]> = [[7, I64]];
const ENTRY_LOCALS: Array<[number, ValType]> = [[7, I64]];

const LOAD_OP: Record<number, Op> = {
  0x61: Op.i64_load32_u, 0x69: Op.i64_load16_u, 0x71: Op.i64_load8_u, 0x79: Op.i64_load,
  0x81: Op.i64_load32_s, 0x89: Op.i64_load16_s, 0x91: Op.i64_load8_s,
};
const STORE_OP: Record<number, Op> = { [op.BPF_W]: Op.i64_store32, [op.BPF_H]: Op.i64_store16, [op.BPF_B]: Op.i64_store8, [op.BPF_DW]: Op.i64_store };
const ALIGN_LOG2: Record<number, number> = { 1: 0, 2: 1, 4: 2, 8: 3 };
const SIZE_OF = (c: number): number => [4, 2, 1, 8][(c >> 3) & 3]!;

/** ALU operation → wasm op (64-bit, 32-bit) for the plain binary operations */
const ALU_BIN: Record<number, [Op, Op]> = {
  [op.BPF_ADD]: [Op.i64_add, Op.i32_add], [op.BPF_SUB]: [Op.i64_sub, Op.i32_sub], [op.BPF_MUL]: [Op.i64_mul, Op.i32_mul],
  [op.BPF_OR]: [Op.i64_or, Op.i32_or], [op.BPF_AND]: [Op.i64_and, Op.i32_and], [op.BPF_XOR]: [Op.i64_xor, Op.i32_xor],
  [op.BPF_LSH]: [Op.i64_shl, Op.i32_shl], [op.BPF_RSH]: [Op.i64_shr_u, Op.i32_shr_u], [op.BPF_ARSH]: [Op.i64_shr_s, Op.i32_shr_s],
};
/** jump condition → (64-bit op, 32-bit op); JSET is handled apart */
const JMP_CMP: Record<number, [Op, Op]> = {
  [op.BPF_JEQ]: [Op.i64_eq, Op.i32_eq], [op.BPF_JNE]: [Op.i64_ne, Op.i32_ne],
  [op.BPF_JGT]: [Op.i64_gt_u, Op.i32_gt_u], [op.BPF_JGE]: [Op.i64_ge_u, Op.i32_ge_u],
  [op.BPF_JLT]: [Op.i64_lt_u, Op.i32_lt_u], [op.BPF_JLE]: [Op.i64_le_u, Op.i32_le_u],
  [op.BPF_JSGT]: [Op.i64_gt_s, Op.i32_gt_s], [op.BPF_JSGE]: [Op.i64_ge_s, Op.i32_ge_s],
  [op.BPF_JSLT]: [Op.i64_lt_s, Op.i32_lt_s], [op.BPF_JSLE]: [Op.i64_le_s, Op.i32_le_s],
};

/** wasm compare op by jump op >> 4 */
const JMP64_OPS = new Uint8Array(16);
const JMP32_OPS = new Uint8Array(16);
for (const [o, [o64, o32]] of Object.entries(JMP_CMP)) {
  JMP64_OPS[Number(o) >> 4] = o64;
  JMP32_OPS[Number(o) >> 4] = o32;
}

/*
 * Raw emission for the hot paths (one call per block or instruction instead of one per byte):
 * the caller reserves room, writes bytes at a local index, and stores the index back. Local and
 * global indices here are all < 128, so their LEB128 is the byte itself.
 */
/** the count to the spill area */
const SPILL_COUNT = new Bytes(16).u8(Op.i32_const).sleb(0).u8(Op.local_get).uleb(L_CNT).u8(Op.i64_store).uleb(3).uleb(SPILL_CNT).view();

/**
 * Largest access offset whose region check needs no separate test of the pointer's high half.
 * For a = reg + off (i64) with reg >= 2^32 (as unsigned): if off >= -32768 and reg < 2^64 - 4096,
 * a >= 2^32 - 32768, above every region (the memory is at most 65535 wasm pages, AddressSpace);
 * if reg >= 2^64 - 4096, a wraps below off <= 4096, where nothing is ever mapped (the first 4 KiB
 * stay unmapped so that NULL faults). Either way both compares fail and the slow path faults.
 */
const NO_HI_MAX_OFF = 4096;

/** log2 of a frame's stack size (callee r10 = stack_top - (depth + 1) << STACK_SHIFT) */
const STACK_SHIFT = Math.log2(MAX_BPF_STACK);

/** unsigned LEB128 into buf at i; returns the next index */
function putU(buf: Uint8Array, i: number, x: number): number {
  while (x >= 0x80) {
    buf[i++] = (x & 0x7f) | 0x80;
    x >>>= 7;
  }
  buf[i] = x;
  return i + 1;
}
/** signed LEB128 of an int32 into buf at i; returns the next index */
function putS(buf: Uint8Array, i: number, x: number): number {
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
/** wasm load op by eBPF LDX opcode, natural alignment by size code */
const LOAD_OPS = new Uint8Array(256);
for (const [c, o] of Object.entries(LOAD_OP)) LOAD_OPS[Number(c)] = o;
const STORE_OPS = Uint8Array.of(Op.i64_store32, Op.i64_store16, Op.i64_store8, Op.i64_store);
const ALIGN_OF_SIZE_CODE = Uint8Array.of(2, 1, 0, 3);
/** wasm binary op by ALU op >> 4: 64-bit and 32-bit (0 = not a plain binary op) */
const ALU64_OPS = new Uint8Array(16);
const ALU32_OPS = new Uint8Array(16);
for (const [o, [o64, o32]] of Object.entries(ALU_BIN)) {
  ALU64_OPS[Number(o) >> 4] = o64;
  ALU32_OPS[Number(o) >> 4] = o32;
}

class FuncGen {
  private readonly ctx: number[] = [];
  private readonly dispatch: boolean;
  /** ctx index of the dispatch loop */
  private dispatchLoop = 0;
  private readonly cfg: FuncCfg;

  constructor(
    private readonly prog: Program,
    cfg: FuncCfg | null,
    private readonly funcIndex: Map<number, number>,
    private readonly checked: boolean,
    private readonly budget: boolean,
    private readonly b: Bytes,
    private readonly spillIndex: number,
    private readonly trustR10: boolean,
    /** per slot: 1 when its access is proven to stay in the frame (ranges.ts); null: no facts */
    private readonly frameSafe: Uint8Array | null,
    /** function index of this function's exact copy (-1: none; compare the budget in every block) */
    private readonly exactIndex = -1,
    /** generate the exact copy itself: a dispatch loop entered at the block SPILL_EXACT_AT names */
    private readonly exact = false,
  ) {
    this.cfg = cfg!;
    this.dispatch = cfg !== null && !cfg.reducible;
    if (budget && exactIndex >= 0 && cfg !== null) {
      // (one exit block per check point: past MAX_CHECK_POINTS, the per-block compares instead)
      const at = checkPoints(prog, cfg);
      let n = 0;
      for (const id of cfg.order) if (at[id]! >= 0) n++;
      if (n <= MAX_CHECK_POINTS) this.checkAt = at;
    }
  }
  /** K per check-point block (budget.ts), null: every block compares */
  private checkAt: Int32Array | null = null;
  /** registers live at each block's start (budget.ts liveIn), for the check points' exits */
  private liveAt: Uint16Array | null = null;
  /**
   * Lazy counting (functions with check points, see lazyCounts): per block id, the instructions
   * of earlier blocks not yet added to cnt when the block starts; -1 for a block that must start
   * with cnt exact. null: every block adds its own length at its start.
   */
  private pendIn: Int32Array | null = null;

  /**
   * In a function that compares the budget only at its check points (budget.ts), nothing reads
   * cnt between them except the blocks that end in a call, an exit or a packet load (they spill
   * it). So a block whose only predecessor is the block before it on a path need not add its own
   * length: it carries it, and the sum is added once, on the edge into a block that must start
   * exact — a check point, a block with several predecessors (a merge, a loop header), or one
   * that reads cnt. A loop of three blocks then adds once per iteration instead of three times
   * (strcmp's byte loop; V8 keeps cnt in a register at best, and each add is a dependent
   * instruction on the loop's path).
   */
  private lazyCounts(): void {
    const cfg = this.cfg;
    const blocks = this.prog.blocks;
    const n = blocks.length;
    const preds = new Int32Array(n);
    const pred = new Int32Array(n).fill(-1);
    for (const id of cfg.order) {
      for (const t of blocks[id]!.succ) {
        if (cfg.rpoOf[t]! < 0) continue;
        preds[t]!++;
        pred[t] = id;
      }
    }
    const pendIn = new Int32Array(n).fill(-1);
    const entry = cfg.order[0]!;
    for (const id of cfg.order) {
      if (id === entry || this.checkAt![id]! >= 0 || preds[id] !== 1 || cfg.isLoopHeader[id]) continue;
      pendIn[id] = this.pendOut(pred[id]!, pendIn);
    }
    this.pendIn = pendIn;
  }

  /** instructions a block leaves for the next one to add (lazy counting): 0 after a block that spills cnt */
  private pendOut(id: number, pendIn: Int32Array | null = this.pendIn): number {
    const blk = this.prog.blocks[id]!;
    if (blk.term !== Term.Fall && blk.term !== Term.Ja && blk.term !== Term.Cond) return 0;
    return Math.max(0, pendIn![id]!) + blk.len;
  }

  /** lazy counting: the amount to add on the edge src → tgt (0 when tgt carries it) */
  private edgeCount(src: number, tgt: number): number {
    if (this.pendIn === null || this.pendIn[tgt]! >= 0) return 0;
    return this.pendOut(src);
  }

  private addCount(k: number): void {
    if (k > 0) this.b.u8(Op.local_get).uleb(L_CNT).u8(Op.i64_const).sleb(k).u8(Op.i64_add).u8(Op.local_set).uleb(L_CNT);
  }

  /** the frame base, L_FP (see there), when r10 is trusted */
  private setFrameBase(): void {
    if (this.trustR10) this.b.u8(Op.local_get).uleb(10).u8(Op.i32_wrap_i64).u8(Op.i32_const).sleb(MAX_BPF_STACK).u8(Op.i32_sub).u8(Op.local_set).uleb(L_FP);
  }

  generate(): void {
    const b = this.b;
    if (this.checked) b.u8(Op.global_get).uleb(G_STACKLO).u8(Op.local_set).uleb(L_SLO);
    this.setFrameBase();
    if (this.budget) b.u8(Op.global_get).uleb(G_LIMIT).u8(Op.local_set).uleb(L_LIM);
    // the budget exits: `block`s around the whole body, whose ends hold the only copies of the code
    // that leaves this function when the budget may run out (see genBlock). Per-block compares
    // share one exit; check points (budget.ts) get one each, which passes only the registers live
    // at that block (a register read by an exit stays alive, in a machine register or a spill
    // slot, on every path that can reach the exit)
    const cps = this.checkAt === null ? null : this.checkPointList();
    if (cps && !this.exact && !this.dispatch) this.lazyCounts();
    if (cps) {
      for (const cp of cps) {
        b.u8(Op.block).u8(VOID);
        this.ctx.push(ctxOf(C_EXIT, cp));
      }
    } else if (this.budget) {
      b.u8(Op.block).u8(VOID);
      this.ctx.push(BUDGET_EXIT);
    }
    // do_misc_fixups: a subprogram with may_goto starts its counter at BPF_MAX_LOOPS
    if (this.prog.slots.code.includes(MAY_GOTO)) b.u8(Op.i32_const).sleb(BPF_MAX_LOOPS).u8(Op.local_set).uleb(L_MAYGOTO);
    // (the region caches live in the spill area, CACHE_RLO, emptied before every run)
    if (this.exact) b.u8(Op.i32_const).sleb(0).u8(Op.i32_load).uleb(2).uleb(SPILL_EXACT_AT).u8(Op.local_set).uleb(L_NEXT);
    if (this.dispatch) this.genDispatch();
    else this.doTree(this.prog.blockAt[this.cfg.entrySlot]!);
    b.u8(Op.unreachable);
    if (cps) {
      // innermost first: check point k's exit code follows the end of its block
      const live = this.liveAt!;
      for (let k = cps.length - 1; k >= 0; k--) {
        const cp = cps[k]!;
        this.ctx.pop();
        b.u8(Op.end);
        b.u8(Op.i32_const).sleb(0).u8(Op.i32_const).sleb(this.cfg.rpoOf[cp]!).u8(Op.i32_store).uleb(2).uleb(SPILL_EXACT_AT);
        for (let r = 0; r <= 10; r++) {
          if (live[cp]! & (1 << r)) b.u8(Op.local_get).uleb(r);
          else b.u8(Op.i64_const).sleb(0);
        }
        b.u8(Op.local_get).uleb(L_DEPTH).u8(Op.local_get).uleb(L_CNT).u8(Op.call).uleb(this.exactIndex).u8(Op.return);
      }
    } else if (this.budget) {
      this.ctx.pop();
      b.u8(Op.end);
      // the block starting at slot L_T32 went over the limit: registers and the count (this
      // block's instructions included) to the spill area, and the engine runs its exact slow path
      for (let r = 0; r <= 10; r++) b.u8(Op.local_get).uleb(r);
      b.u8(Op.call).uleb(this.spillIndex);
      this.spillCount();
      b.u8(Op.local_get).uleb(L_T32).u8(Op.call).uleb(F_BUDGET).u8(Op.unreachable);
    }
    b.u8(Op.end);
  }

  /** the check-point blocks of this function (budget.ts), outermost exit first */
  private checkPointList(): number[] {
    const out: number[] = [];
    const at = this.checkAt!;
    for (const id of this.cfg.order) if (at[id]! >= 0) out.push(id);
    this.liveAt = liveIn(this.prog, this.cfg);
    return out;
  }

  /** the budget slow path of one block: cnt holds the number of instructions still allowed */
  generateSlow(blk: Block): void {
    const b = this.b;
    const s = this.prog.slots;
    if (this.checked) b.u8(Op.global_get).uleb(G_STACKLO).u8(Op.local_set).uleb(L_SLO);
    this.setFrameBase();
    let k = 0;
    for (let p = blk.start; p < blk.last; p = nextSlot(s, p), k++) {
      b.u8(Op.local_get).uleb(L_CNT).u8(Op.i64_const).sleb(k).u8(Op.i64_le_s).u8(Op.if).u8(VOID);
      this.trap(Trap.Budget, p, 0);
      b.u8(Op.end);
      this.genInsn(p);
    }
    this.trap(Trap.Budget, blk.last, 0);
    b.u8(Op.end);
  }

  // ------------------------------------------------------------------ structure

  /** br depth of the loop headed by `node` (-1: the innermost loop) or of the block followed by `node` */
  private depthOf(kind: number, node: number): number {
    const ctx = this.ctx;
    for (let k = ctx.length - 1; k >= 0; k--) {
      const c = ctx[k]!;
      if ((c & 3) === kind && (node === -1 || (c >> 2) - 1 === node)) return ctx.length - 1 - k;
    }
    throw new Error('jit: branch target not in context');
  }

  /**
   * Ramsey's doTree. The translation recurses along the dominator tree; to keep long programs off
   * the JavaScript stack, the tail cases (the last merge child, a lone inline successor) continue
   * in this loop instead of recursing.
   */
  private doTree(x: number): void {
    while (x >= 0) {
      if (this.cfg.isLoopHeader[x]) {
        this.b.u8(Op.loop).u8(VOID);
        this.ctx.push(ctxOf(C_LOOP, x));
        this.doTree(this.nodeWithin(x));
        this.ctx.pop();
        this.b.u8(Op.end);
        return;
      }
      x = this.nodeWithin(x);
    }
  }

  /**
   * x's code inside one `block` per merge child (highest reverse-postorder number outermost), each
   * merge child's tree after its block; returns a node still to be emitted right after (or -1)
   */
  private nodeWithin(x: number): number {
    const cfg = this.cfg;
    const n = cfg.mergeCount[x]!;
    if (n === 0) return this.genBlock(this.prog.blocks[x]!);
    // (scratch of this function's analysis, not rewritten until the next function's)
    const ys = cfg.mergeList;
    const y0 = cfg.mergeStart[x]!;
    for (let k = 0; k < n; k++) {
      this.b.u8(Op.block).u8(VOID);
      this.ctx.push(ctxOf(C_BLOCK, ys[y0 + k]!));
    }
    const t = this.genBlock(this.prog.blocks[x]!);
    this.doTree(t);
    for (let k = n - 1; k >= 1; k--) {
      this.ctx.pop();
      this.b.u8(Op.end);
      this.doTree(ys[y0 + k]!);
    }
    this.ctx.pop();
    this.b.u8(Op.end);
    return ys[y0]!;
  }

  /** a branch that is a `br` (backward to a loop header, or forward to a merge node): its depth; else -1 */
  private brDepth(src: number, tgt: number): number {
    const cfg = this.cfg;
    if (this.dispatch) return -1;
    if (cfg.rpoOf[tgt]! <= cfg.rpoOf[src]!) return this.depthOf(C_LOOP, tgt);
    if (cfg.isMerge[tgt]) return this.depthOf(C_BLOCK, tgt);
    return -1;
  }

  /** a branch: a `br`, or (returned) the target to emit inline next; -1 when nothing is left */
  private doBranch(src: number, tgt: number): number {
    this.addCount(this.edgeCount(src, tgt));
    if (this.dispatch) {
      this.b.u8(Op.i32_const).sleb(this.cfg.rpoOf[tgt]!).u8(Op.local_set).uleb(L_NEXT);
      this.b.u8(Op.br).uleb(this.ctx.length - 1 - this.dispatchLoop);
      return -1;
    }
    const d = this.brDepth(src, tgt);
    if (d >= 0) {
      this.b.u8(Op.br).uleb(d);
      return -1;
    }
    return tgt;
  }

  /** irreducible control flow: loop { block×k { br_table } node0 } node1 ... } */
  private genDispatch(): void {
    const b = this.b;
    const order = this.cfg.order;
    b.u8(Op.loop).u8(VOID);
    this.dispatchLoop = this.ctx.length;
    this.ctx.push(ctxOf(C_LOOP, -1));
    for (let k = order.length - 1; k >= 0; k--) {
      b.u8(Op.block).u8(VOID);
      this.ctx.push(ctxOf(C_BLOCK, order[k]!));
    }
    b.u8(Op.local_get).uleb(L_NEXT).u8(Op.br_table).uleb(order.length);
    for (let k = 0; k < order.length; k++) b.uleb(k);
    b.uleb(0);
    for (let k = 0; k < order.length; k++) {
      b.u8(Op.end);
      this.ctx.pop();
      this.genBlock(this.prog.blocks[order[k]!]!);
    }
    this.ctx.pop();
    b.u8(Op.end);
  }

  // ------------------------------------------------------------------ blocks

  /** a block's code; returns the successor to emit inline after it (or -1) */
  private genBlock(blk: Block): number {
    const b = this.b;
    const s = this.prog.slots;
    const last = blk.last;
    const k = this.checkAt === null ? -1 : this.checkAt[blk.id]!;
    if (k >= 0) {
      // a check point (budget.ts): if cnt + K > limit, leave through this block's exit, which
      // continues in the exact copy (a `br` out of every loop: a call inside a loop would keep
      // V8 from optimising it)
      b.reserve(40);
      const buf = b.buf;
      let i = b.len;
      buf[i++] = Op.local_get; buf[i++] = L_CNT; buf[i++] = Op.i64_const; i = putS(buf, i, k);
      buf[i++] = Op.i64_add; buf[i++] = Op.local_get; buf[i++] = L_LIM; buf[i++] = Op.i64_gt_u; buf[i++] = Op.br_if; i = putU(buf, i, this.depthOf(C_EXIT, blk.id));
      b.len = i;
    }
    if (this.pendIn !== null) {
      // lazy counting: only a block that reads cnt adds here, what it carries and its own length
      if (blk.term !== Term.Fall && blk.term !== Term.Ja && blk.term !== Term.Cond) this.addCount(Math.max(0, this.pendIn[blk.id]!) + blk.len);
    } else if (this.checkAt !== null) {
      // cnt += len, no compare
      b.reserve(16);
      const buf = b.buf;
      let i = b.len;
      buf[i++] = Op.local_get; buf[i++] = L_CNT; buf[i++] = Op.i64_const; i = putS(buf, i, blk.len);
      buf[i++] = Op.i64_add; buf[i++] = Op.local_set; buf[i++] = L_CNT;
      b.len = i;
    } else if (this.budget) {
      // cnt += len; if (cnt > limit) the budget runs out inside this block: leave through the
      // function's budget exit with the block's first slot in L_T32; the engine runs the block's
      // exact slow path
      b.reserve(40);
      const buf = b.buf;
      let i = b.len;
      buf[i++] = Op.local_get; buf[i++] = L_CNT; buf[i++] = Op.i64_const; i = putS(buf, i, blk.len);
      buf[i++] = Op.i64_add; buf[i++] = Op.local_tee; buf[i++] = L_CNT;
      buf[i++] = Op.local_get; buf[i++] = L_LIM; buf[i++] = Op.i64_gt_u; buf[i++] = Op.if; buf[i++] = VOID;
      buf[i++] = Op.i32_const; i = putS(buf, i, blk.start); buf[i++] = Op.local_set; buf[i++] = L_T32;
      buf[i++] = Op.br; i = putU(buf, i, this.ctx.length); buf[i++] = Op.end;
      b.len = i;
    }
    for (let p = blk.start; p < last; p = nextSlot(s, p)) this.genInsn(p);
    switch (blk.term) {
      case Term.Fall:
        this.genInsn(last);
        return this.doBranch(blk.id, blk.succ[0]!);
      case Term.FellOff:
        this.trap(Trap.FellOff, last, 0);
        return -1;
      case Term.Exit:
        this.genReturn();
        return -1;
      case Term.Ja:
        return this.doBranch(blk.id, blk.succ[0]!);
      case Term.Cond:
        return this.genCond(blk, last);
      case Term.HelperCall:
      case Term.Callx:
        this.genHelperCall(last, blk.term === Term.Callx);
        return this.doBranch(blk.id, blk.succ[0]!);
      case Term.LocalCall:
        this.genLocalCall(last);
        return this.doBranch(blk.id, blk.succ[0]!);
      case Term.Kfunc:
        this.trap(Trap.Kfunc, last, s.imm[last]!);
        return -1;
      case Term.LdAbs:
        this.genLdAbs(last);
        return this.doBranch(blk.id, blk.succ[0]!);
    }
  }

  /** br_if depth on the condition on the stack, adding k to cnt on the way (lazy counting) */
  private brIf(depth: number, k: number): void {
    if (k === 0) {
      this.b.u8(Op.br_if).uleb(depth);
      return;
    }
    this.b.u8(Op.if).u8(VOID);
    this.addCount(k);
    this.b.u8(Op.br).uleb(depth + 1).u8(Op.end);
  }

  private trap(kind: Trap, pc: number, arg: number): void {
    this.b.u8(Op.i32_const).sleb(kind).u8(Op.i32_const).sleb(pc).u8(Op.i32_const).sleb(arg).u8(Op.call).uleb(F_TRAP).u8(Op.unreachable);
  }

  private genReturn(): void {
    const b = this.b;
    for (let r = 0; r <= 5; r++) b.u8(Op.local_get).uleb(r);
    b.u8(Op.local_get).uleb(L_CNT).u8(Op.return);
  }

  private genCond(blk: Block, p: number): number {
    const b = this.b;
    const s = this.prog.slots;
    const c = s.code[p]!;
    const is32 = (c & 7) === op.BPF_JMP32;
    const o = c & 0xf0;
    const d = s.dst[p]!;
    // condition as i32 on the stack
    b.reserve(24);
    const buf = b.buf;
    let i = b.len;
    if (c === MAY_GOTO) {
      // may_goto: taken when the counter is spent (t = c == 0), else c -= 1 and fall through
      buf[i++] = Op.local_get; buf[i++] = L_MAYGOTO; buf[i++] = Op.i32_eqz; buf[i++] = Op.local_set; buf[i++] = L_T32;
      buf[i++] = Op.local_get; buf[i++] = L_MAYGOTO; buf[i++] = Op.local_get; buf[i++] = L_T32; buf[i++] = Op.i32_eqz;
      buf[i++] = Op.i32_sub; buf[i++] = Op.local_set; buf[i++] = L_MAYGOTO; buf[i++] = Op.local_get; buf[i++] = L_T32;
    } else {
      buf[i++] = Op.local_get; buf[i++] = d;
      if (is32) buf[i++] = Op.i32_wrap_i64;
      if (c & op.BPF_X) {
        buf[i++] = Op.local_get; buf[i++] = s.src[p]!;
        if (is32) buf[i++] = Op.i32_wrap_i64;
      } else {
        buf[i++] = is32 ? Op.i32_const : Op.i64_const;
        i = putS(buf, i, s.imm[p]!);
      }
      if (o === op.BPF_JSET) {
        if (is32) {
          buf[i++] = Op.i32_and; buf[i++] = Op.i32_eqz; buf[i++] = Op.i32_eqz;
        } else {
          buf[i++] = Op.i64_and; buf[i++] = Op.i64_eqz; buf[i++] = Op.i32_eqz;
        }
      } else buf[i++] = is32 ? JMP32_OPS[o >> 4]! : JMP64_OPS[o >> 4]!;
    }
    b.len = i;
    const taken = this.prog.blockAt[jumpTargetOf(s, p)]!;
    const fall = blk.succ.length === 2 ? blk.succ[1]! : taken;
    if (taken === fall) {
      b.u8(Op.drop);
      return this.doBranch(blk.id, taken);
    }
    const dt = this.brDepth(blk.id, taken);
    if (dt >= 0) {
      this.brIf(dt, this.edgeCount(blk.id, taken));
      return this.doBranch(blk.id, fall);
    }
    const df = this.brDepth(blk.id, fall);
    if (df >= 0) {
      b.u8(Op.i32_eqz);
      this.brIf(df, this.edgeCount(blk.id, fall));
      return this.doBranch(blk.id, taken);
    }
    b.u8(Op.if).u8(VOID);
    this.ctx.push(ctxOf(C_IF, -1));
    this.doTree(this.doBranch(blk.id, taken));
    b.u8(Op.else);
    this.doTree(this.doBranch(blk.id, fall));
    this.ctx.pop();
    b.u8(Op.end);
    return -1;
  }

  private resetCaches(): void {
    if (!this.checked) return;
    this.b.bytes(RESET_CACHES);
  }

  private spill(r: number): void {
    this.b.u8(Op.i32_const).sleb(0).u8(Op.local_get).uleb(r).u8(Op.i64_store).uleb(3).uleb(SPILL + 8 * r);
  }
  /** all of r0..r10 to the spill area, through spill_regs (24 bytes instead of 11 stores' 88) */
  private spillAll(): void {
    const b = this.b;
    b.reserve(32);
    const buf = b.buf;
    let i = b.len;
    for (let r = 0; r <= 10; r++) {
      buf[i++] = Op.local_get; buf[i++] = r;
    }
    buf[i++] = Op.call; i = putU(buf, i, this.spillIndex);
    b.len = i;
  }
  private unspill(r: number): void {
    this.b.u8(Op.i32_const).sleb(0).u8(Op.i64_load).uleb(3).uleb(SPILL + 8 * r).u8(Op.local_set).uleb(r);
  }
  private spillCount(): void {
    this.b.bytes(SPILL_COUNT);
  }

  /** htab_lookup's function index: after spill_regs and region_slow (checked code), see generateModuleView */
  private fnHtab(): number {
    return this.spillIndex + (this.checked ? 2 : 1);
  }
  /** rb_reserve's (rb_commit's is next): after htab_lookup, which every module with ring sites has */
  private fnRbReserve(): number {
    return this.fnHtab() + 1;
  }

  private genHelperCall(p: number, callx: boolean): void {
    // bpf_map_lookup_elem / bpf_map_update_elem on a map known at the call: fast paths (map_fastpath.ts)
    const sites = callx ? null : mapSites(this.prog);
    const site = sites?.at.get(p);
    const imm = this.prog.slots.imm[p]!;
    if (sites && sites.ringSlots.length > 0 && (site ? site.helper === BPF_FUNC_ringbuf_output || site.helper === BPF_FUNC_ringbuf_reserve : imm === BPF_FUNC_ringbuf_submit || imm === BPF_FUNC_ringbuf_discard)) {
      // the ring buffer in wasm (ringbuf_fastpath.ts)
      const h: RingHooks = {
        b: this.b, g: (slot, field) => mapSlotGlobal(G_LIMIT + 1, slot, field), t32: L_T32, checked: this.checked,
        fnReserve: this.fnRbReserve(), fnCommit: this.fnRbReserve() + 1, fnRegion: F_REGION, gStackLo: G_STACKLO, stackSize: MAX_BPF_STACK * MAX_CALL_FRAMES,
        generic: () => this.genHelperCallGeneric(p, false),
      };
      if (!site) emitRingCommit(h, sites.ringSlots, imm === BPF_FUNC_ringbuf_discard);
      else if (site.helper === BPF_FUNC_ringbuf_reserve) emitRingReserve(h, site.slot);
      else emitRingOutput(h, site.slot, p);
      return;
    }
    if (site && site.helper !== BPF_FUNC_ringbuf_output && site.helper !== BPF_FUNC_ringbuf_reserve) {
      emitMapHelperCall({
        b: this.b, firstGlobal: G_LIMIT + 1, fnLookup: F_MAP_LOOKUP, fnUpdate: F_MAP_UPDATE, t32: L_T32, checked: this.checked, fnHtab: this.fnHtab(),
        stackLo: L_SLO, stackSize: MAX_BPF_STACK * MAX_CALL_FRAMES,
        keyAddress: (size) => this.address(2, 0, size, false, p),
        generic: () => this.genHelperCallGeneric(p, false),
      }, site, p);
      return;
    }
    this.genHelperCallGeneric(p, callx);
  }

  private genHelperCallGeneric(p: number, callx: boolean): void {
    const b = this.b;
    const s = this.prog.slots;
    // all registers, the count and the depth go to the spill area: helpers read r1..r5, callbacks
    // (bpf_loop) start from the caller's registers at depth + 1 and charge the same budget
    this.spillAll();
    this.spillCount();
    b.u8(Op.i32_const).sleb(0).u8(Op.local_get).uleb(L_DEPTH).u8(Op.i32_store).uleb(2).uleb(SPILL_DEPTH);
    if (callx) b.u8(Op.local_get).uleb(s.dst[p]!).u8(Op.i32_wrap_i64);
    else b.u8(Op.i32_const).sleb(s.imm[p]!);
    b.u8(Op.i32_const).sleb(p).u8(Op.call).uleb(F_HELPER);
    // status 1: bpf_tail_call asked to replace this frame's program; it runs on the spilled
    // registers and its r0..r5 come back as this frame's result
    b.u8(Op.if).u8(VOID);
    b.u8(Op.i32_const).sleb(p).u8(Op.call).uleb(F_TAIL);
    for (let r = 0; r <= 5; r++) b.u8(Op.i32_const).sleb(0).u8(Op.i64_load).uleb(3).uleb(SPILL + 8 * r);
    b.u8(Op.i32_const).sleb(0).u8(Op.i64_load).uleb(3).uleb(SPILL_CNT);
    b.u8(Op.return);
    b.u8(Op.end);
    this.unspill(0);
    b.u8(Op.i32_const).sleb(0).u8(Op.i64_load).uleb(3).uleb(SPILL_CNT).u8(Op.local_set).uleb(L_CNT);
    this.resetCaches();
  }

  private genLocalCall(p: number): void {
    const b = this.b;
    const s = this.prog.slots;
    const target = p + s.imm[p]! + 1;
    b.reserve(96);
    const buf = b.buf;
    let i = b.len;
    // depth + 1 >= MAX_CALL_FRAMES → E2BIG (the interpreter's message counts depth + 2 frames)
    buf[i++] = Op.local_get; buf[i++] = L_DEPTH; buf[i++] = Op.i32_const; buf[i++] = MAX_CALL_FRAMES - 1; buf[i++] = Op.i32_ge_u; buf[i++] = Op.if; buf[i++] = VOID;
    buf[i++] = Op.i32_const; buf[i++] = Trap.CallDepth; buf[i++] = Op.i32_const; i = putS(buf, i, p); buf[i++] = Op.local_get; buf[i++] = L_DEPTH;
    buf[i++] = Op.call; buf[i++] = F_TRAP; buf[i++] = Op.unreachable; buf[i++] = Op.end;
    for (let r = 0; r <= 9; r++) {
      buf[i++] = Op.local_get; buf[i++] = r;
    }
    // callee r10 = stack_top - 512 * (depth + 1)
    buf[i++] = Op.global_get; buf[i++] = G_STACKTOP; buf[i++] = Op.local_get; buf[i++] = L_DEPTH; buf[i++] = Op.i64_extend_i32_u; buf[i++] = Op.i64_const; buf[i++] = 1; buf[i++] = Op.i64_add;
    buf[i++] = Op.i64_const; buf[i++] = STACK_SHIFT; buf[i++] = Op.i64_shl; buf[i++] = Op.i64_sub;
    buf[i++] = Op.local_get; buf[i++] = L_DEPTH; buf[i++] = Op.i32_const; buf[i++] = 1; buf[i++] = Op.i32_add;
    buf[i++] = Op.local_get; buf[i++] = L_CNT;
    buf[i++] = Op.call; i = putU(buf, i, this.funcIndex.get(target)!);
    buf[i++] = Op.local_set; buf[i++] = L_CNT;
    for (let r = 5; r >= 0; r--) {
      buf[i++] = Op.local_set; buf[i++] = r;
    }
    b.len = i;
    this.resetCaches();
  }

  private genLdAbs(p: number): void {
    const b = this.b;
    const s = this.prog.slots;
    const c = s.code[p]!;
    this.spillCount();
    b.u8(Op.i32_const).sleb(s.imm[p]!);
    if ((c & 0xe0) === op.BPF_IND) b.u8(Op.local_get).uleb(s.src[p]!).u8(Op.i32_wrap_i64).u8(Op.i32_add);
    // a subprogram tags pc (bit 31): out of the packet it returns 0 to its caller (bpf_gen_ld_abs's
    // hidden exit), where the main program ends
    const sub = this.cfg !== null && this.cfg.entrySlot !== 0;
    b.u8(Op.i32_const).sleb(SIZE_OF(c)).u8(Op.i32_const).sleb(sub ? (p | 0x80000000) | 0 : p).u8(Op.call).uleb(F_LDABS);
    b.u8(Op.i64_extend_i32_u).u8(Op.local_set).uleb(0);
    if (sub) {
      b.u8(Op.i32_const).sleb(0).u8(Op.i32_load).uleb(2).uleb(SPILL_LDABS_FAIL).u8(Op.if).u8(VOID);
      b.u8(Op.i32_const).sleb(0).u8(Op.i32_const).sleb(0).u8(Op.i32_store).uleb(2).uleb(SPILL_LDABS_FAIL);
      this.genReturn();
      b.u8(Op.end);
    }
  }

  // ------------------------------------------------------------------ memory

  /**
   * Push the i32 wasm address of reg + off, checked against the region table when `checked`;
   * returns the memarg offset to use (non-zero only for unchecked accesses with off >= 0).
   */
  private address(reg: number, off: number, size: number, write: boolean, pc: number): number {
    const b = this.b;
    b.reserve(128);
    const buf = b.buf;
    let i = b.len;
    if (reg === 10 && this.trustR10 && off >= -MAX_BPF_STACK && off + size <= 0) {
      // r10 is never written by this program: it is its frame pointer, so [r10 + off] with
      // -512 <= off, off + size <= 0 lies in the stack region at every depth (checked code needs
      // no region check either); the frame base plus a memarg offset (L_FP)
      buf[i++] = Op.local_get; buf[i++] = L_FP;
      b.len = i;
      return off + MAX_BPF_STACK;
    }
    if (!this.checked) {
      buf[i++] = Op.local_get; buf[i++] = reg; buf[i++] = Op.i32_wrap_i64;
      if (off < 0) {
        buf[i++] = Op.i32_const; i = putS(buf, i, off); buf[i++] = Op.i32_add;
      }
      b.len = i;
      return off >= 0 ? off : 0;
    }
    const cache = write ? CACHE_W : 0;
    const STACK = MAX_BPF_STACK * MAX_CALL_FRAMES;
    if (this.frameSafe?.[pc]) {
      // the range analysis proved this access to stay in the frame (ranges.ts)
      buf[i++] = Op.local_get; buf[i++] = reg; buf[i++] = Op.i32_wrap_i64; buf[i++] = Op.i32_const; i = putS(buf, i, off); buf[i++] = Op.i32_add;
      b.len = i;
      return 0;
    }
    // a pointer's high half must be zero: hi = reg & 0xffffffff00000000 is or-ed into both
    // compares — except for -32768 <= off <= 4096, where a pointer with a nonzero high half gives
    // an `a` in no region anyway (see NO_HI_MAX_OFF) and the test costs no instructions
    const withHi = off > NO_HI_MAX_OFF;
    if (withHi) {
      buf[i++] = Op.local_get; buf[i++] = reg; buf[i++] = Op.i64_const;
      buf[i++] = 0x80; buf[i++] = 0x80; buf[i++] = 0x80; buf[i++] = 0x80; buf[i++] = 0x70; // sleb64(-2^32)
      buf[i++] = Op.i64_and; buf[i++] = Op.local_set; buf[i++] = L_HI;
    }
    // a = reg + off
    buf[i++] = Op.local_get; buf[i++] = reg;
    if (off !== 0) {
      buf[i++] = Op.i64_const; i = putS(buf, i, off); buf[i++] = Op.i64_add;
    }
    buf[i++] = Op.local_set; buf[i++] = L_A;
    // the stack region: ((a - stack_lo) | hi) <u 4096 - size + 1, else (an `if` marked unlikely:
    // V8 places its body out of line and keeps spills for the call there)
    buf[i++] = Op.local_get; buf[i++] = L_A; buf[i++] = Op.local_get; buf[i++] = L_SLO; buf[i++] = Op.i64_sub;
    if (withHi) {
      buf[i++] = Op.local_get; buf[i++] = L_HI; buf[i++] = Op.i64_or;
    }
    buf[i++] = Op.i64_const; i = putS(buf, i, STACK - size + 1); buf[i++] = Op.i64_ge_u; UNLIKELY.push(i); buf[i++] = Op.if; buf[i++] = VOID;
    // the last region found (CACHE_RLO): ((a - lo) | hi) <u lim, else
    buf[i++] = Op.local_get; buf[i++] = L_A; buf[i++] = Op.i32_const; buf[i++] = 0; buf[i++] = Op.i64_load; buf[i++] = 3; i = putU(buf, i, CACHE_RLO + cache); buf[i++] = Op.i64_sub;
    if (withHi) {
      buf[i++] = Op.local_get; buf[i++] = L_HI; buf[i++] = Op.i64_or;
    }
    buf[i++] = Op.i32_const; buf[i++] = 0; buf[i++] = Op.i64_load; buf[i++] = 3; i = putU(buf, i, CACHE_RLIM + cache); buf[i++] = Op.i64_ge_u; UNLIKELY.push(i); buf[i++] = Op.if; buf[i++] = VOID;
    // slow path (region_slow): the engine looks the region up (or throws EFAULT); it becomes the cache
    buf[i++] = Op.local_get; buf[i++] = reg; buf[i++] = Op.i32_const; i = putS(buf, i, off);
    buf[i++] = Op.i32_const; i = putS(buf, i, (pc << 5) | (size << 1) | (write ? 1 : 0));
    buf[i++] = Op.call; i = putU(buf, i, this.spillIndex + 1); // region_slow
    buf[i++] = Op.end; buf[i++] = Op.end;
    buf[i++] = Op.local_get; buf[i++] = L_A; buf[i++] = Op.i32_wrap_i64;
    b.len = i;
    return 0;
  }

  // ------------------------------------------------------------------ instructions

  private genInsn(p: number): void {
    const b = this.b;
    const s = this.prog.slots;
    const c = s.code[p]!;
    const d = s.dst[p]!;
    const cls = c & 7;
    switch (cls) {
      case op.BPF_ALU64:
      case op.BPF_ALU:
        this.genAlu(p);
        return;
      case op.BPF_LD: {
        // lddw (pseudo sources hold the relocated value in imm/imm2, as in the interpreter)
        if (c !== LDDW) throw new Error(`jit: LD 0x${c.toString(16)} is a block terminator`);
        b.u8(Op.i64_const).sleb64(s.imm[p]!, s.imm2[p]!).u8(Op.local_set).uleb(d);
        return;
      }
      case op.BPF_LDX: {
        const size = SIZE_OF(c);
        const mo = this.address(s.src[p]!, s.off[p]!, size, false, p);
        b.reserve(16);
        const buf = b.buf;
        let i = b.len;
        buf[i++] = LOAD_OPS[c]!; buf[i++] = ALIGN_OF_SIZE_CODE[(c >> 3) & 3]!; i = putU(buf, i, mo);
        buf[i++] = Op.local_set; buf[i++] = d;
        b.len = i;
        return;
      }
      case op.BPF_ST:
      case op.BPF_STX: {
        const size = SIZE_OF(c);
        if ((c & 0xe0) === op.BPF_ATOMIC) {
          this.genAtomic(p, size);
          return;
        }
        const mo = this.address(d, s.off[p]!, size, true, p);
        b.reserve(24);
        const buf = b.buf;
        let i = b.len;
        if (cls === op.BPF_ST) {
          buf[i++] = Op.i64_const;
          i = putS(buf, i, s.imm[p]!);
        } else {
          buf[i++] = Op.local_get;
          buf[i++] = s.src[p]!;
        }
        buf[i++] = STORE_OPS[(c >> 3) & 3]!; buf[i++] = ALIGN_OF_SIZE_CODE[(c >> 3) & 3]!; i = putU(buf, i, mo);
        b.len = i;
        return;
      }
    }
    throw new Error(`jit: unexpected opcode 0x${c.toString(16)} at ${p}`);
  }

  private genAtomic(p: number, size: number): void {
    const b = this.b;
    const s = this.prog.slots;
    const d = s.dst[p]!, src = s.src[p]!, aop = s.imm[p]!;
    const mo = this.address(d, s.off[p]!, size, true, p);
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

  private genAlu(p: number): void {
    const b = this.b;
    const s = this.prog.slots;
    const c = s.code[p]!;
    const d = s.dst[p]!;
    const is64 = (c & 7) === op.BPF_ALU64;
    const o = c & 0xf0;
    const x = (c & op.BPF_X) !== 0;
    const imm = s.imm[p]!;
    const off = s.off[p]!;
    const src = s.src[p]!;
    switch (o) {
      case op.BPF_MOV:
        if (!x && (is64 || imm >= 0)) {
          // mov imm (the common case): a 32-bit mov of imm >= 0 is the same constant
          b.reserve(12);
          const buf = b.buf;
          let i = b.len;
          buf[i++] = Op.i64_const; i = putS(buf, i, imm); buf[i++] = Op.local_set; buf[i++] = d;
          b.len = i;
          return;
        }
        if (x && is64 && off === op.BPF_ADDR_SPACE_CAST) {
          // addr_space_cast: imm 1 << 16 is as(0) -> as(1) (to the user address), imm 1 the reverse
          b.u8(Op.local_get).uleb(src).u8(Op.i32_const).sleb(imm === 1 << 16 ? 1 : 0).u8(Op.i32_const).sleb(p);
          b.u8(Op.call).uleb(F_ARENA_CAST).u8(Op.local_set).uleb(d);
          return;
        }
        if (x) {
          b.u8(Op.local_get).uleb(src);
          if (is64) {
            if (off === 8) b.u8(Op.i64_extend8_s);
            else if (off === 16) b.u8(Op.i64_extend16_s);
            else if (off === 32) b.u8(Op.i64_extend32_s);
          } else {
            b.u8(Op.i32_wrap_i64);
            if (off === 8) b.u8(Op.i32_extend8_s);
            else if (off === 16) b.u8(Op.i32_extend16_s);
            b.u8(Op.i64_extend_i32_u);
          }
        } else if (is64) b.u8(Op.i64_const).sleb(imm);
        else b.u8(Op.i64_const).sleb64(imm, 0);
        b.u8(Op.local_set).uleb(d);
        return;
      case op.BPF_NEG:
        if (is64) b.u8(Op.i64_const).sleb(0).u8(Op.local_get).uleb(d).u8(Op.i64_sub);
        else b.u8(Op.i32_const).sleb(0).u8(Op.local_get).uleb(d).u8(Op.i32_wrap_i64).u8(Op.i32_sub).u8(Op.i64_extend_i32_u);
        b.u8(Op.local_set).uleb(d);
        return;
      case op.BPF_DIV:
      case op.BPF_MOD:
        this.genDivMod(p, is64, o === op.BPF_MOD, off === 1);
        return;
      case op.BPF_END:
        this.genEnd(d, c, imm);
        return;
    }
    const wop = is64 ? ALU64_OPS[o >> 4]! : ALU32_OPS[o >> 4]!;
    if (!wop) throw new Error(`jit: unexpected ALU op 0x${c.toString(16)}`);
    b.reserve(24);
    const buf = b.buf;
    let i = b.len;
    buf[i++] = Op.local_get; buf[i++] = d;
    if (is64) {
      if (x) {
        buf[i++] = Op.local_get; buf[i++] = src;
      } else {
        buf[i++] = Op.i64_const; i = putS(buf, i, imm);
      }
      buf[i++] = wop;
    } else {
      buf[i++] = Op.i32_wrap_i64;
      if (x) {
        buf[i++] = Op.local_get; buf[i++] = src; buf[i++] = Op.i32_wrap_i64;
      } else {
        buf[i++] = Op.i32_const; i = putS(buf, i, imm);
      }
      buf[i++] = wop; buf[i++] = Op.i64_extend_i32_u;
    }
    buf[i++] = Op.local_set; buf[i++] = d;
    b.len = i;
  }

  /**
   * Division and modulo with RFC 9669 §4.1 semantics: x / 0 = 0, x % 0 = x, signed INT_MIN / -1 =
   * INT_MIN (wasm's div_s would trap), signed x % -1 = 0; 32-bit results zero-extended.
   */
  private genDivMod(p: number, is64: boolean, mod: boolean, signed: boolean): void {
    const b = this.b;
    const s = this.prog.slots;
    const c = s.code[p]!;
    const d = s.dst[p]!;
    const x = (c & op.BPF_X) !== 0;
    const T = is64 ? I64 : I32;
    const opDiv = is64 ? (signed ? Op.i64_div_s : Op.i64_div_u) : signed ? Op.i32_div_s : Op.i32_div_u;
    const opRem = is64 ? (signed ? Op.i64_rem_s : Op.i64_rem_u) : signed ? Op.i32_rem_s : Op.i32_rem_u;
    const pushDst = (): void => {
      b.u8(Op.local_get).uleb(d);
      if (!is64) b.u8(Op.i32_wrap_i64);
    };
    const konst = (v: number): void => {
      if (is64) b.u8(Op.i64_const).sleb(v);
      else b.u8(Op.i32_const).sleb(v);
    };
    const finish = (): void => {
      if (!is64) b.u8(Op.i64_extend_i32_u);
      b.u8(Op.local_set).uleb(d);
    };
    if (!x) {
      const imm = s.imm[p]!;
      if (imm === 0) {
        if (mod) {
          if (!is64) { pushDst(); finish(); } // 32-bit: the dividend's low half, zero-extended
        } else { konst(0); finish(); }
        return;
      }
      if (signed && imm === -1) {
        if (mod) konst(0);
        else { konst(0); pushDst(); b.u8(is64 ? Op.i64_sub : Op.i32_sub); }
        finish();
        return;
      }
      pushDst();
      konst(imm);
      b.u8(mod ? opRem : opDiv);
      finish();
      return;
    }
    // register divisor: keep it in a scratch local (i64 L_T1 / i32 L_T32)
    const t = is64 ? L_T1 : L_T32;
    b.u8(Op.local_get).uleb(s.src[p]!);
    if (!is64) b.u8(Op.i32_wrap_i64);
    b.u8(Op.local_tee).uleb(t).u8(is64 ? Op.i64_eqz : Op.i32_eqz);
    b.u8(Op.if).u8(T);
    if (mod) pushDst();
    else konst(0);
    b.u8(Op.else);
    if (signed && !mod) {
      b.u8(Op.local_get).uleb(t);
      konst(-1);
      b.u8(is64 ? Op.i64_eq : Op.i32_eq).u8(Op.if).u8(T);
      konst(0);
      pushDst();
      b.u8(is64 ? Op.i64_sub : Op.i32_sub);
      b.u8(Op.else);
      pushDst();
      b.u8(Op.local_get).uleb(t).u8(opDiv);
      b.u8(Op.end);
    } else {
      pushDst();
      b.u8(Op.local_get).uleb(t).u8(mod ? opRem : opDiv);
    }
    b.u8(Op.end);
    finish();
  }

  /** le/be (BPF_ALU | BPF_END) and bswap (BPF_ALU64 | BPF_END) on a little-endian machine */
  private genEnd(d: number, c: number, imm: number): void {
    const b = this.b;
    const swap = (c & 7) === op.BPF_ALU64 || (c & op.BPF_TO_BE) !== 0;
    if (!swap) {
      // to little endian: truncate to the width
      if (imm === 16) b.u8(Op.local_get).uleb(d).u8(Op.i64_const).sleb(0xffff).u8(Op.i64_and).u8(Op.local_set).uleb(d);
      else if (imm === 32) b.u8(Op.local_get).uleb(d).u8(Op.i64_const).sleb64(-1, 0).u8(Op.i64_and).u8(Op.local_set).uleb(d);
      return;
    }
    if (imm === 16) {
      // ((x & 0xff) << 8) | ((x >> 8) & 0xff)
      b.u8(Op.local_get).uleb(d).u8(Op.i32_wrap_i64).u8(Op.local_tee).uleb(L_T32).u8(Op.i32_const).sleb(0xff).u8(Op.i32_and).u8(Op.i32_const).sleb(8).u8(Op.i32_shl);
      b.u8(Op.local_get).uleb(L_T32).u8(Op.i32_const).sleb(8).u8(Op.i32_shr_u).u8(Op.i32_const).sleb(0xff).u8(Op.i32_and).u8(Op.i32_or);
      b.u8(Op.i64_extend_i32_u).u8(Op.local_set).uleb(d);
      return;
    }
    if (imm === 32) {
      // rotl(((x >> 8) & 0x00ff00ff) | ((x & 0x00ff00ff) << 8), 16)
      b.u8(Op.local_get).uleb(d).u8(Op.i32_wrap_i64).u8(Op.local_tee).uleb(L_T32).u8(Op.i32_const).sleb(8).u8(Op.i32_shr_u).u8(Op.i32_const).sleb(0x00ff00ff).u8(Op.i32_and);
      b.u8(Op.local_get).uleb(L_T32).u8(Op.i32_const).sleb(0x00ff00ff).u8(Op.i32_and).u8(Op.i32_const).sleb(8).u8(Op.i32_shl).u8(Op.i32_or);
      b.u8(Op.i32_const).sleb(16).u8(Op.i32_rotl).u8(Op.i64_extend_i32_u).u8(Op.local_set).uleb(d);
      return;
    }
    // 64: swap bytes within halfwords, halfwords within words, then the words
    const m8 = (): void => void b.u8(Op.i64_const).sleb64(0x00ff00ff, 0x00ff00ff);
    const m16 = (): void => void b.u8(Op.i64_const).sleb64(0x0000ffff, 0x0000ffff);
    b.u8(Op.local_get).uleb(d).u8(Op.i64_const).sleb(8).u8(Op.i64_shr_u); m8(); b.u8(Op.i64_and);
    b.u8(Op.local_get).uleb(d); m8(); b.u8(Op.i64_and).u8(Op.i64_const).sleb(8).u8(Op.i64_shl).u8(Op.i64_or).u8(Op.local_tee).uleb(L_T1);
    b.u8(Op.i64_const).sleb(16).u8(Op.i64_shr_u); m16(); b.u8(Op.i64_and);
    b.u8(Op.local_get).uleb(L_T1); m16(); b.u8(Op.i64_and).u8(Op.i64_const).sleb(16).u8(Op.i64_shl).u8(Op.i64_or);
    b.u8(Op.i64_const).sleb(32).u8(Op.i64_rotl).u8(Op.local_set).uleb(d);
  }
}
