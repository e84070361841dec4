/**
 * One eBPF function (subprogram) to one wasm function: the structured control flow (Ramsey's
 * "Beyond Relooper" doTree over the dominator tree, or a br_table dispatch loop for irreducible
 * flow), the instruction budget (per-block compares or check points with lazy counting, budget.ts),
 * conditional jumps, helper calls (with the map and ring-buffer fast paths), local calls and
 * LD_ABS/LD_IND. ALU instructions are codegen_alu.ts's, memory instructions codegen_mem.ts's.
 */
import { LDDW } from '../../isa/instruction.js';
import * as op from '../../isa/opcodes.js';
import { MAX_BPF_STACK, MAX_CALL_FRAMES, BPF_MAX_LOOPS } from '../../isa/opcodes.js';
import { Bytes, I32, Op, VOID } from './wasm.js';
import { type Block, type FuncCfg, type Program, Term, jumpTargetOf, nextSlot } from './cfg.js';
import { checkPoints, liveIn } from './budget.js';
import { KEY_IN_FRAME } from './ranges.js';
import { emitMapHelperCall, mapSites, mapSlotGlobal } from './map_fastpath.js';
import { BPF_FUNC_ringbuf_discard, BPF_FUNC_ringbuf_output, BPF_FUNC_ringbuf_reserve, BPF_FUNC_ringbuf_submit, emitRingCommit, emitRingOutput, emitRingReserve, type RingHooks } from './ringbuf_fastpath.js';
import {
  F_BUDGET, F_HELPER, F_LDABS, F_MAP_DELETE, F_MAP_LOOKUP, F_MAP_UPDATE, F_REGION, F_TAIL, F_TRAP, G_LIMIT, G_STACKLO, G_STACKTOP, L_A, L_CNT, L_DEPTH, L_FP, L_LIM, L_MAYGOTO, L_OVER,
  L_NEXT, L_SLO, L_T1, L_T32, MAY_GOTO, RESET_CACHES, SIZE_OF, SPILL, SPILL_CNT, SPILL_DEPTH, SPILL_EXACT_AT, SPILL_LDABS_FAIL, Trap, putS, putU,
} from './codegen_abi.js';
import { emitAlu } from './codegen_alu.js';
import { type SelectSide, selectSide } from './ifconv.js';
import { type SwitchTable, switchTable } from './switch_table.js';
import { type MemGen, address, emitLoad, emitStore } from './codegen_mem.js';

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

/** scratch locals holding the old values of the registers a converted side writes (ifconv.ts) */
const SELECT_TEMPS = [L_A, L_T1];

/** the count to the spill area */
const SPILL_COUNT = new Bytes(16).u8(Op.i32_const).sleb(0).u8(Op.local_get).uleb(L_CNT).u8(Op.i64_store).uleb(3).uleb(SPILL_CNT).view();

/** log2 of a frame's stack size (callee r10 = stack_top - (depth + 1) << STACK_SHIFT) */
const STACK_SHIFT = Math.log2(MAX_BPF_STACK);

export class FuncGen implements MemGen {
  private readonly ctx: number[] = [];
  private readonly dispatch: boolean;
  /** ctx index of the dispatch loop */
  private dispatchLoop = 0;
  private readonly cfg: FuncCfg;

  constructor(
    readonly prog: Program,
    cfg: FuncCfg | null,
    private readonly funcIndex: Map<number, number>,
    readonly checked: boolean,
    private readonly budget: boolean,
    readonly b: Bytes,
    readonly spillIndex: number,
    readonly trustR10: boolean,
    /** per slot: 1 when its access is proven to stay in the frame (ranges.ts); null: no facts */
    readonly frameSafe: Uint8Array | null,
    /** per slot: an access through a map lookup's result (ranges.ts mapValueAccesses); null: none */
    readonly mapVal: Int32Array | null,
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
        b.u8(Op.local_get).uleb(L_DEPTH);
        this.exactCount();
        b.u8(Op.call).uleb(this.exactIndex).u8(Op.return);
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
    this.exactCount();
    b.u8(Op.return);
  }

  private genCond(blk: Block, p: number): number {
    if (!this.budget && !this.dispatch) {
      // (counted code keeps the tree: every compare is an instruction to count)
      const table = switchTable(this.prog, this.cfg, blk);
      if (table) return this.genSwitch(blk, table);
    }
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
    // (where instructions are counted, only with lazy counting (check points): see genSelect)
    const sel = this.dispatch || (this.budget && this.pendIn === null) ? null : selectSide(this.prog, this.cfg, blk);
    if (sel) return this.genSelect(blk, sel);
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

  /**
   * A conditional jump whose one side is a few pure ALU instructions (ifconv.ts): the side runs
   * unconditionally and each register it writes becomes select(new, old, cond) (or the reverse).
   * The condition is on the wasm stack.
   */
  private genSelect(blk: Block, sel: SelectSide): number {
    const b = this.b;
    const s = this.prog.slots;
    b.u8(Op.local_set).uleb(L_T32);
    if (this.budget) {
      // counted code: cnt is charged the side's length whether it ran or not (a constant, folded
      // into the join edge's add), and over collects the length when it did not. Exact would be
      // cnt += ran * len, but that puts cnt's chain of adds, which the check points' compares
      // read, behind the data the conditions test: checked log2 ran 1.3-1.7x slower that way
      // than with its branches (A/B), and only 1.05x with over apart. A check point compares
      // the over-charged cnt (it may leave for the exact copy early, which then counts exactly);
      // every reader that needs it exact takes cnt - over (settleCount)
      b.u8(Op.local_get).uleb(L_OVER).u8(Op.local_get).uleb(L_T32);
      if (sel.onTaken) b.u8(Op.i32_eqz);
      b.u8(Op.i64_extend_i32_u);
      if (sel.side.len > 1) b.u8(Op.i64_const).sleb(sel.side.len).u8(Op.i64_mul);
      b.u8(Op.i64_add).u8(Op.local_set).uleb(L_OVER);
    }
    for (let k = 0; k < sel.regs.length; k++) b.u8(Op.local_get).uleb(sel.regs[k]!).u8(Op.local_set).uleb(SELECT_TEMPS[k]!);
    const side = sel.side;
    const end = side.term === Term.Fall ? nextSlot(s, side.last) : side.last;
    for (let p = side.start; p < end; p = nextSlot(s, p)) this.genInsn(p);
    for (let k = 0; k < sel.regs.length; k++) {
      const r = sel.regs[k]!;
      // select(a, b, c) is c ? a : b
      if (sel.onTaken) b.u8(Op.local_get).uleb(r).u8(Op.local_get).uleb(SELECT_TEMPS[k]!);
      else b.u8(Op.local_get).uleb(SELECT_TEMPS[k]!).u8(Op.local_get).uleb(r);
      b.u8(Op.local_get).uleb(L_T32).u8(Op.select).u8(Op.local_set).uleb(r);
    }
    if (this.budget) this.addCount(sel.side.len);
    return this.doBranch(blk.id, sel.join);
  }

  /**
   * A compare tree as one br_table (switch_table.ts). The tree's blocks are not emitted; what they
   * would have nested — their merge children and the leaves only they reach — gets a `block` here,
   * highest reverse-postorder number outermost as in nodeWithin, and its code after the block's
   * end; a leaf reached from outside the tree too is a merge or loop header already in context.
   */
  private genSwitch(root: Block, t: SwitchTable): number {
    const b = this.b;
    const cfg = this.cfg;
    const inTree = new Set(t.nodes);
    const hoisted = new Set<number>();
    for (const id of t.nodes) {
      if (id !== root.id) for (let k = 0; k < cfg.mergeCount[id]!; k++) hoisted.add(cfg.mergeList[cfg.mergeStart[id]! + k]!);
    }
    const leaves = [...t.leaf, t.below, t.above];
    for (const l of leaves) if (!cfg.isMerge[l] && inTree.has(cfg.idom[l]!)) hoisted.add(l);
    const hs = [...hoisted].sort((x, y) => cfg.rpoOf[y]! - cfg.rpoOf[x]!);
    for (const h of hs) {
      b.u8(Op.block).u8(VOID);
      this.ctx.push(ctxOf(C_BLOCK, h));
    }
    // the dispatch: index = r - min when in the table, else n (below) or n + 1 (above)
    b.u8(Op.block).u8(VOID);
    this.ctx.push(ctxOf(C_IF, -1));
    const n = t.leaf.length;
    const min = BigInt.asIntN(64, t.min);
    const lo = Number(BigInt.asIntN(32, min)), hi = Number(BigInt.asIntN(32, min >> 32n));
    b.u8(Op.local_get).uleb(t.reg).u8(Op.i64_const).sleb64(lo, hi).u8(Op.i64_sub).u8(Op.local_tee).uleb(L_A);
    b.u8(Op.i64_const).sleb(n - 1).u8(Op.i64_le_u).u8(Op.if).u8(I32);
    b.u8(Op.local_get).uleb(L_A).u8(Op.i32_wrap_i64);
    b.u8(Op.else).u8(Op.i32_const).sleb(n + 1).u8(Op.local_get).uleb(t.reg).u8(Op.i64_const).sleb64(lo, hi);
    b.u8(t.signed ? Op.i64_lt_s : Op.i64_lt_u).u8(Op.i32_sub).u8(Op.end);
    const depth = (l: number): number => {
      if (hoisted.has(l)) return this.depthOf(C_BLOCK, l);
      const d = this.brDepth(root.id, l);
      if (d < 0) throw new Error(`jit: switch leaf ${l} not in context`);
      return d;
    };
    b.u8(Op.br_table).uleb(n + 2);
    for (const l of t.leaf) b.uleb(depth(l));
    b.uleb(depth(t.below)).uleb(depth(t.above)).uleb(depth(t.above));
    this.ctx.pop();
    b.u8(Op.end).u8(Op.unreachable);
    for (let k = hs.length - 1; k >= 0; k--) {
      this.ctx.pop();
      b.u8(Op.end);
      this.doTree(hs[k]!);
    }
    return -1;
  }

  private resetCaches(): void {
    if (!this.checked) return;
    this.b.bytes(RESET_CACHES);
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
  /** the count to the spill area, exact (cnt - over, then over = 0: see genSelect) */
  private spillCount(): void {
    this.settleCount();
    this.b.bytes(SPILL_COUNT);
  }
  /** cnt = cnt - over, over = 0 (genSelect); nothing where no side is over-charged */
  private settleCount(): void {
    if (this.budget && this.pendIn !== null) this.b.u8(Op.local_get).uleb(L_CNT).u8(Op.local_get).uleb(L_OVER).u8(Op.i64_sub).u8(Op.local_set).uleb(L_CNT).u8(Op.i64_const).sleb(0).u8(Op.local_set).uleb(L_OVER);
  }
  /** the exact count on the wasm stack: cnt - over */
  private exactCount(): void {
    this.b.u8(Op.local_get).uleb(L_CNT);
    if (this.budget && this.pendIn !== null) this.b.u8(Op.local_get).uleb(L_OVER).u8(Op.i64_sub);
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
    // bpf_map_lookup_elem / _update_elem / _delete_elem on a map known at the call: fast paths (map_fastpath.ts)
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
        b: this.b, firstGlobal: G_LIMIT + 1, fnLookup: F_MAP_LOOKUP, fnUpdate: F_MAP_UPDATE, fnDelete: F_MAP_DELETE, t32: L_T32, checked: this.checked, fnHtab: this.fnHtab(),
        stackLo: L_SLO, stackSize: MAX_BPF_STACK * MAX_CALL_FRAMES,
        // (frameSafe at a call: r2 points to KEY_IN_FRAME bytes of the frame, ranges.ts)
        keyAddress: (size) => address(this, 2, 0, size, false, p, this.keyInFrame(p, size)),
        keyInFrame: this.keyInFrame(p, 4),
        generic: () => this.genHelperCallGeneric(p, false),
      }, site, p);
      return;
    }
    this.genHelperCallGeneric(p, callx);
  }

  /** r2 at the helper call p points to `size` bytes of the frame on every path (ranges.ts) */
  private keyInFrame(p: number, size: number): boolean {
    return size <= KEY_IN_FRAME && this.frameSafe?.[p] === 1;
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
    this.settleCount();
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

  // ------------------------------------------------------------------ instructions

  private genInsn(p: number): void {
    const s = this.prog.slots;
    const c = s.code[p]!;
    switch (c & 7) {
      case op.BPF_ALU64:
      case op.BPF_ALU:
        emitAlu(this.b, s, p);
        return;
      case op.BPF_LD:
        // lddw (pseudo sources hold the relocated value in imm/imm2, as in the interpreter)
        if (c !== LDDW) throw new Error(`jit: LD 0x${c.toString(16)} is a block terminator`);
        this.b.u8(Op.i64_const).sleb64(s.imm[p]!, s.imm2[p]!).u8(Op.local_set).uleb(s.dst[p]!);
        return;
      case op.BPF_LDX:
        emitLoad(this, p);
        return;
      case op.BPF_ST:
      case op.BPF_STX:
        emitStore(this, p);
        return;
    }
    throw new Error(`jit: unexpected opcode 0x${c.toString(16)} at ${p}`);
  }
}
