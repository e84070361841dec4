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
import { Bytes, encodeHeader, encodeModule, I32, I64, Op, VOID, type FuncDef, type ModuleDef, type ValType } from './wasm.js';
import { type Program, analyseFunction } from './cfg.js';
import { hasBackwardJump } from './budget.js';
import { frameSafeAccesses, mapValueAccesses } from './ranges.js';
import { HTAB_LOOKUP_BODY, HTAB_LOOKUP_LOCALS, HTAB_LOOKUP_TYPE, MAP_LOOKUP_TYPE, MAP_UPDATE_TYPE, mapGlobalDefs, mapGlobalExports, mapSites } from './map_fastpath.js';
import { RB_COMMIT_LOCALS, RB_COMMIT_TYPE, RB_RESERVE_BODY, RB_RESERVE_LOCALS, RB_RESERVE_TYPE, rbCommitBody } from './ringbuf_fastpath.js';
import {
  CACHE_RLIM, CACHE_RLO, F_REGION, F_RING_WAKE, FUNC_LOCALS, G_LIMIT, G_STACKTOP, MAY_GOTO, N_IMPORT_FUNCS, RESET_CACHES, SPILL, SPILL_CNT, SPILL_GEN, SPILL_REGION_LIM, HINTS,
  T_ARENA_CAST, T_ENTRY, T_ENTRY_IND, T_FUNC, T_HELPER, T_HTAB, T_LDABS, T_MAP_LOOKUP, T_MAP_UPDATE, T_RB_COMMIT, T_RB_RESERVE, T_REGION, T_REGION_SLOW, T_RUN_N, T_SPILL, T_TAIL, T_TRAP,
} from './codegen_abi.js';
import { FuncGen } from './codegen_func.js';

export { SPILL, SPILL_CNT, SPILL_DEPTH, SPILL_GEN, SPILL_REGION_LIM, SPILL_LDABS_FAIL, Trap } from './codegen_abi.js';

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
    { module: 'bpf', name: 'map_delete', type: T_MAP_LOOKUP },
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
  // and the accesses through a map lookup's result whose offset is known (the slow path's module has no map globals)
  const mapVal = checked && slowBlock < 0 ? mapValueAccesses(prog, trustR10) : null;
  /** entry slot → function index of its exact copy (budget.ts) */
  const exactIndex = new Map<number, number>();
  const funcs: FuncDef[] = [];
  // function index space: imports, the eBPF functions (one per subprogram; or the slow path),
  // spill_regs, region_slow (checked code only), entry, entry_indirect
  const nBodies = slowBlock >= 0 ? 1 : prog.funcEntries.length;
  const spillIndex = N_IMPORT_FUNCS + nBodies;
  if (slowBlock >= 0) {
    const body = (out: Bytes): void => new FuncGen(prog, null, funcIndex, checked, budget, out, spillIndex, trustR10, frameSafe, null).generateSlow(prog.blocks[prog.blockAt[slowBlock]!]!);
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
          new FuncGen(prog, cfg, funcIndex, checked, budget, out, spillIndex, trustR10, frameSafe, mapVal, exact).generate();
        } catch (err) {
          // the structured translation recurses along the dominator tree; a program too deep for
          // the JavaScript stack gets the (iterative) dispatch loop instead
          if (!(err instanceof RangeError)) throw err;
          out.len = start;
          cfg.reducible = false;
          new FuncGen(prog, cfg, funcIndex, checked, budget, out, spillIndex, trustR10, frameSafe, mapVal, exact).generate();
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
      new FuncGen(prog, cfg, funcIndex, checked, budget, out, spillIndex, trustR10, frameSafe, mapVal, -1, true).generate();
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
    hints: HINTS,
  };
  HINTS.length = 0;
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
