/**
 * Verifier state (include/linux/bpf_verifier.h: bpf_func_state, bpf_verifier_state,
 * bpf_stack_state) and the pruning comparison of kernel/bpf/verifier.c (states_equal with
 * regsafe, stacksafe, refsafe, check_ids).
 *
 * Stack bytes use the kernel's slot_type indexing: byte fp+off (off < 0) is slot (-off-1)/8,
 * type index (-off-1)%8.
 */
import { Reg, RegType, markPtr, markRegNotInit, markRegUnknown, exotic, isAddConst, addConstFlag, scalarBaseId } from './reg.js';
import { dynptrSlotSafe } from './dynptr.js';
import { ult, slt } from './pair64.js';

export const STACK_INVALID = 0;
export const STACK_SPILL = 1;
export const STACK_MISC = 2;
export const STACK_ZERO = 3;
/** enum bpf_stack_slot_type: a dynptr's and an open iterator's slots (kfunc iterators, kfunc.ts) */
export const STACK_DYNPTR = 4;
export const STACK_ITER = 5;
export const SLOT_CHAR = ['?', 'r', 'm', '0', 'd', 'i'];

/**
 * stacksafe for an iterator slot: same iterator type and state, the reference mapped; the
 * depth is ignored (kernel/bpf/verifier.c stacksafe, case STACK_ITER)
 */
function iterSlotSafe(o: Reg | null, c: Reg | null, ids: IdMap, exact: boolean): boolean {
  // the infinite-loop check (exact) tells iterations apart by depth (iter_active_depths_differ)
  return !!o && !!c && o.btf === c.btf && o.btfId === c.btfId && o.iterState === c.iterState && o.btfFlags === c.btfFlags
    && (!exact || o.iterDepth === c.iterDepth) && ids.check(o.refObjId, c.refObjId);
}

export const MAX_STACK_SLOTS = 64;

/**
 * slot-type arrays are carved from shared slabs: a 512-byte typed array of its own has an
 * off-heap backing store, and a state is cloned at every branch and checkpoint
 */
const SLAB_FRAMES = 256;
let slab = new Uint8Array(0);
let slabNext = 0;
function slotTypes(): Uint8Array {
  if (slabNext === slab.length) {
    slab = new Uint8Array(SLAB_FRAMES * MAX_STACK_SLOTS * 8);
    slabNext = 0;
  }
  const a = slab.subarray(slabNext, slabNext + MAX_STACK_SLOTS * 8);
  slabNext += MAX_STACK_SLOTS * 8;
  return a;
}

export class FuncState {
  regs: Reg[];
  /** slot types, 8 per slot */
  slotType: Uint8Array;
  /** spilled register per slot (valid when its bytes are STACK_SPILL) */
  spilled: (Reg | null)[];
  /**
   * the Reg objects of `spilled` may be shared with a clone of this frame (copy on write: a
   * spilled register is replaced, never changed in place, except through VState.forEachReg,
   * which takes private copies first)
   */
  spilledShared = false;
  /** slotType as 32-bit words (created on first comparison; slotType is never replaced) */
  slot32: Int32Array | null = null;
  /** bytes of stack allocated (max depth touched, rounded to 8) */
  allocated = 0;
  /** instruction index of the call that created this frame (-1 for main) */
  callsite = -1;
  frameno = 0;
  subprogno = 0;
  /** callback frames (bpf_loop, for_each_map_elem): r0 range checked at exit */
  inCallback = false;
  /**
   * in_async_callback_fn: frame 0 of a timer's or workqueue's callback, verified as a path of its
   * own (push_async_cb); async_entry_cnt counts the async callbacks entered to get here
   */
  inAsyncCallback = false;
  asyncEntryCnt = 0;
  /**
   * callback_depth: iterations of a callback this frame's current helper call has explored
   * (bpf_loop stops pushing iterations at its nr_loops; states_equal wants old's <= cur's)
   */
  callbackDepth = 0;

  constructor(frameno: number, subprogno: number, callsite: number, init = true, from?: FuncState) {
    this.frameno = frameno;
    this.subprogno = subprogno;
    this.callsite = callsite;
    this.regs = new Array(11);
    this.slotType = slotTypes();
    if (from) this.slotType.set(from.slotType);
    this.spilled = from ? from.spilled.slice() : new Array(MAX_STACK_SLOTS).fill(null);
    if (init) {
      for (let i = 0; i < 11; i++) this.regs[i] = new Reg();
      for (const r of this.regs) markRegNotInit(r);
      const fp = this.regs[10]!;
      markPtr(fp, RegType.PTR_TO_STACK);
      fp.frameno = frameno;
    }
  }

  clone(): FuncState {
    const f = new FuncState(this.frameno, this.subprogno, this.callsite, false, this);
    for (let i = 0; i < 11; i++) f.regs[i] = this.regs[i]!.clone();
    // the spilled registers are shared until one side changes one in place
    this.spilledShared = f.spilledShared = true;
    f.allocated = this.allocated;
    f.inCallback = this.inCallback;
    f.inAsyncCallback = this.inAsyncCallback;
    f.asyncEntryCnt = this.asyncEntryCnt;
    f.callbackDepth = this.callbackDepth;
    return f;
  }

  /** private copies of the spilled registers (before changing them in place) */
  ownSpilled(): void {
    const sp = this.spilled;
    for (let i = 0; i < MAX_STACK_SLOTS; i++) {
      const s = sp[i];
      if (s) sp[i] = s.clone();
    }
    this.spilledShared = false;
  }
}

export interface RefState {
  id: number;
  insn: number;
}

/** the chain of branch decisions that led to a state (for the failure slice) */
export interface PathNode {
  readonly insn: number;
  readonly taken: boolean;
  readonly prev: PathNode | null;
}

/** a spilled register's contents before VState.forEachReg's callback */
const BEFORE = new Reg();

export class VState {
  frames: FuncState[];
  curframe = 0;
  refs: RefState[] = [];
  /** id of the held bpf_spin_lock (0 = none) */
  activeLock = 0;
  activeLockMap: unknown = null;
  activeLockOff = 0;
  /** active_rcu_lock: between bpf_rcu_read_lock() and bpf_rcu_read_unlock() (kfunc.ts) */
  activeRcuLock = false;
  /** active_preempt_locks: bpf_preempt_disable() calls not yet matched by bpf_preempt_enable() (kfunc.ts) */
  activePreemptLocks = 0;
  /** may_goto_depth: may_goto fall-throughs taken on this path (each pushed iteration adds one) */
  mayGotoDepth = 0;
  /**
   * callback_unroll_depth: callback iterations entered on this path (push_callback_call): two
   * states of different iterations are not an infinite loop, whatever else they share
   */
  callbackUnrollDepth = 0;
  /** in_sleepable: a bpf_wq callback's path, sleepable whatever the program is (push_async_cb) */
  inSleepable = false;
  /** pruning: last checkpoint on this path, and live children of a checkpoint */
  parent: VState | null = null;
  branches = 0;
  insnIdx = 0;
  path: PathNode | null = null;
  /** checkpoints: fingerprint of the registers (states_maybe_looping) */
  fpKey = 0;
  /**
   * jmp_history: the instructions this state executed since its last checkpoint (`parent`), in
   * order, with the stack slot of each spill or fill (precision.ts stackAccess; -1 for none)
   */
  hist: number[] = [];
  histStack: number[] = [];
  /** conditional jumps in `hist` that pushed a linked-registers entry (check_cond_jmp_op) and are no jmp_point */
  histLinked = 0;
  /** a checkpoint's hit_cnt / miss_cnt (is_state_visited), and whether it was evicted while its paths were still explored */
  hitCnt = 0;
  missCnt = 0;
  /** a checkpoint's creation number: explored_state lists them newest first */
  seq = 0;
  evicted = false;
  /** frames a callback's exit returns to, when this state is inside a callback */

  constructor(frames: FuncState[]) {
    this.frames = frames;
  }

  get cur(): FuncState {
    return this.frames[this.curframe]!;
  }

  clone(): VState {
    const s = new VState(this.frames.map((f) => f.clone()));
    s.curframe = this.curframe;
    s.refs = this.refs.map((r) => ({ ...r }));
    s.activeLock = this.activeLock;
    s.activeLockMap = this.activeLockMap;
    s.activeLockOff = this.activeLockOff;
    s.activeRcuLock = this.activeRcuLock;
    s.activePreemptLocks = this.activePreemptLocks;
    s.mayGotoDepth = this.mayGotoDepth;
    s.callbackUnrollDepth = this.callbackUnrollDepth;
    s.inSleepable = this.inSleepable;
    s.parent = this.parent;
    s.insnIdx = this.insnIdx;
    s.path = this.path;
    s.hist = this.hist.slice();
    s.histStack = this.histStack.slice();
    s.histLinked = this.histLinked;
    return s;
  }

  /** every register and spilled register of every frame (for id-based updates) */
  forEachReg(fn: (r: Reg) => void): void {
    for (const f of this.frames) {
      for (let i = 0; i < 11; i++) fn(f.regs[i]!);
      for (let i = 0; i < MAX_STACK_SLOTS; i++) {
        const s = f.spilled[i];
        if (!s || f.slotType[i * 8 + 7] !== STACK_SPILL) continue;
        if (!f.spilledShared) { fn(s); continue; }
        // shared with other states: let fn work on it, and when it changed anything, this state
        // gets the changed copy and the shared object its old contents back (nothing else runs
        // in between, so no other state sees the change)
        BEFORE.assign(s);
        fn(s);
        if (!s.equals(BEFORE)) {
          f.spilled[i] = s.clone();
          s.assign(BEFORE);
        }
      }
    }
  }
}

/** check_ids: a consistent mapping of ids in the old state to ids in the new one */
class IdMap {
  private m = new Map<number, number>();
  private r = new Map<number, number>();
  private used = false;
  /** empty again (one IdMap serves every comparison: states_equal runs at each prune point) */
  reset(): void {
    this.tmpId = 0;
    if (!this.used) return;
    this.m.clear();
    this.r.clear();
    this.used = false;
  }
  private tmpId = 0;
  /**
   * check_scalar_ids (6.18 stable, "bpf: Relax scalar id equivalence for state pruning"): an old
   * scalar without an id was independent — the old state relied on no link, so links in the current
   * state only add constraints and are covered. A current scalar without an id gets a fresh one, so
   * that two registers tied in the old state are not covered by two unrelated current ones
   * (sync_linked_regs gave them bounds on the old path that the current one never checked).
   */
  checkScalar(oldId: number, curId: number): boolean {
    if (!oldId) return true;
    // temporary ids above any real one (ids are below 2^30, with the BPF_ADD_CONST flags below 2^32)
    curId ||= 0x100000000 + ++this.tmpId;
    if (!this.check(oldId, curId)) return false;
    // an offset link's base id maps too (old r2.id=A, r3.id=A|flag; cur r2.id=B, r3.id=C|flag:
    // A->B and A->C conflict)
    return !isAddConst(oldId) || this.check(scalarBaseId(oldId), scalarBaseId(curId));
  }
  /** check as a function (for the stack-object modules) */
  readonly checker = (oldId: number, curId: number): boolean => this.check(oldId, curId);
  check(oldId: number, curId: number): boolean {
    if (oldId === 0 && curId === 0) return true;
    if (oldId === 0 || curId === 0) return false;
    this.used = true;
    const a = this.m.get(oldId);
    const b = this.r.get(curId);
    if (a === undefined && b === undefined) {
      this.m.set(oldId, curId);
      this.r.set(curId, oldId);
      return true;
    }
    return a === curId && b === oldId;
  }
}

const IDS = new IdMap();
/** precision tracking is on (privileged programs, env->bpf_capable): set by statesEqual's caller */
const PRECISION = { on: false };

/** range_within: every value of cur's ranges is in old's */
function rangeWithin(o: Reg, c: Reg): boolean {
  if (exotic(o) || exotic(c)) {
    return o.umin <= c.umin && o.umax >= c.umax && o.smin <= c.smin && o.smax >= c.smax
      && o.u32min <= c.u32min && o.u32max >= c.u32max && o.s32min <= c.s32min && o.s32max >= c.s32max;
  }
  return !ult(c.uminH, c.uminL, o.uminH, o.uminL) && !ult(o.umaxH, o.umaxL, c.umaxH, c.umaxL)
    && !slt(c.sminH, c.sminL, o.sminH, o.sminL) && !slt(o.smaxH, o.smaxL, c.smaxH, c.smaxL)
    && o.u32min <= c.u32min && o.u32max >= c.u32max && o.s32min <= c.s32min && o.s32max >= c.s32max;
}

/** tnum_in(o.var_off, c.var_off): every value of cur's tnum is a value of old's */
function tnumIn(o: Reg, c: Reg): boolean {
  if ((c.mh & ~o.mh) || (c.ml & ~o.ml)) return false;
  return o.vh === (c.vh & ~o.mh) && o.vl === (c.vl & ~o.ml);
}

const tnumEq = (o: Reg, c: Reg): boolean => o.vh === c.vh && o.vl === c.vl && o.mh === c.mh && o.ml === c.ml;

/** regsafe: is cur at least as safe as old (every behaviour of cur was verified in old)? */
function regsafe(o: Reg, c: Reg, ids: IdMap, exact: boolean): boolean {
  // an imprecise scalar: nothing explored from old depended on its value
  if (PRECISION.on && !exact && !o.precise && o.type === RegType.SCALAR_VALUE && c.type === RegType.SCALAR_VALUE) return true;
  if (o.type === RegType.NOT_INIT) return exact ? c.type === RegType.NOT_INIT : true;
  if (c.type === RegType.NOT_INIT) return false;
  if (o.type !== c.type || o.maybeNull !== c.maybeNull || o.rdonly !== c.rdonly) return false;
  switch (o.type) {
    case RegType.SCALAR_VALUE:
      if (exact && (exotic(o) || exotic(c))) return tnumEq(o, c) && o.smin === c.smin && o.smax === c.smax && o.umin === c.umin && o.umax === c.umax
        && o.s32min === c.s32min && o.s32max === c.s32max && o.u32min === c.u32min && o.u32max === c.u32max && ids.check(o.id, c.id);
      if (exact) return ids.check(o.id, c.id) && o.off === c.off && tnumEq(o, c) && o.sminH === c.sminH && o.sminL === c.sminL && o.smaxH === c.smaxH && o.smaxL === c.smaxL
        && o.uminH === c.uminH && o.uminL === c.uminL && o.umaxH === c.umaxH && o.umaxL === c.umaxL
        && o.s32min === c.s32min && o.s32max === c.s32max && o.u32min === c.u32min && o.u32max === c.u32max;
      // linked scalars (regsafe): an old register with an id covers only one linked the same way
      // (no offset, or an offset made by an op of the same width) with the same offset
      if (o.id && (addConstFlag(o.id) !== addConstFlag(c.id) || (isAddConst(o.id) && o.off !== c.off))) return false;
      return rangeWithin(o, c) && tnumIn(o, c) && ids.checkScalar(o.id, c.id);
    case RegType.PTR_TO_MAP_KEY:
    case RegType.PTR_TO_MAP_VALUE:
    case RegType.PTR_TO_MEM:
    case RegType.PTR_TO_BUF:
    case RegType.PTR_TO_TP_BUFFER:
      return o.map === c.map && o.off === c.off && o.memSize === c.memSize && o.dynptrId === c.dynptrId && o.dynptrType === c.dynptrType && rangeWithin(o, c) && tnumIn(o, c)
        // check_ids on the id too: a map value's id pairs bpf_spin_lock with bpf_spin_unlock
        && ids.check(o.id, c.id) && ids.check(o.refObjId, c.refObjId);
    case RegType.PTR_TO_PACKET_META:
    case RegType.PTR_TO_PACKET:
      if (c.range < o.range) return false;
      if (o.off !== c.off) return false;
      if (!ids.check(o.id, c.id)) return false;
      return rangeWithin(o, c) && tnumIn(o, c);
    case RegType.PTR_TO_STACK:
      return o.frameno === c.frameno && o.off === c.off && tnumEq(o, c) && rangeWithin(o, c);
    case RegType.PTR_TO_FUNC:
      return o.subprog === c.subprog;
    case RegType.CONST_PTR_TO_DYNPTR:
      return o.dynptrType === c.dynptrType && ids.check(o.id, c.id) && ids.check(o.refObjId, c.refObjId);
    case RegType.PTR_TO_ARENA:
      // regsafe: any arena pointer is as safe as any other (nothing about it was checked)
      return !exact || tnumEq(o, c);
    default:
      return o.off === c.off && o.map === c.map && o.memSize === c.memSize && tnumEq(o, c)
        && o.btf === c.btf && o.btfId === c.btfId && o.btfFlags === c.btfFlags
        && ids.check(o.id, c.id) && ids.check(o.refObjId, c.refObjId);
  }
}

const words = (f: FuncState): Int32Array => (f.slot32 ??= new Int32Array(f.slotType.buffer, f.slotType.byteOffset, MAX_STACK_SLOTS * 2));

function stacksafe(o: FuncState, c: FuncState, ids: IdMap, exact: boolean, allowUninitStack: boolean, live0 = -1, live1 = -1): boolean {
  const ow = words(o);
  const cw = words(c);
  // allocated is a multiple of 8: whole slots
  for (let spi = 0; spi * 8 < o.allocated; spi++) {
    const base = spi * 8;
    // a slot never written in old (STACK_INVALID = 0 in all 8 bytes) says nothing, nor does one
    // no path from here reads before overwriting it (clean_func_state made it STACK_INVALID)
    if (!exact && ow[spi * 2] === 0 && ow[spi * 2 + 1] === 0) continue;
    if (!exact && !(((spi < 32 ? live0 : live1) >>> (spi & 31)) & 1)) continue;
    // the slot's 8 type bytes are the same in both: the byte loop below could only fail on the
    // spilled register of a STACK_SPILL slot, so compare just that
    if (base + 8 <= c.allocated && ow[spi * 2] === cw[spi * 2] && ow[spi * 2 + 1] === cw[spi * 2 + 1]) {
      if (o.slotType[base + 7] === STACK_SPILL) {
        const os = o.spilled[spi];
        const cs = c.spilled[spi];
        if (!os || !cs || !regsafe(os, cs, ids, exact)) return false;
      } else if (o.slotType[base + 7] === STACK_ITER && !iterSlotSafe(o.spilled[spi] ?? null, c.spilled[spi] ?? null, ids, exact)) return false;
      else if (o.slotType[base + 7] === STACK_DYNPTR && !dynptrSlotSafe(o.spilled[spi] ?? null, c.spilled[spi] ?? null, ids.checker)) return false;
      continue;
    }
    if (!stackSlotSafe(o, c, ids, exact, allowUninitStack, base)) return false;
  }
  return true;
}

/** the unknown scalar a load from an all-STACK_MISC slot produces (the kernel's unbound_reg) */
const UNBOUND_REG = (() => { const r = new Reg(); markRegUnknown(r); return r; })();

/**
 * scalar_reg_for_stack: a slot holding a 64-bit spilled scalar (is_spilled_scalar_reg64: the
 * slot's lowest type byte is STACK_SPILL only for an 8-byte spill) reads back as that register;
 * a slot of STACK_MISC bytes (STACK_INVALID too when env->allow_uninit_stack) as an unknown scalar
 */
function scalarRegForStack(f: FuncState, base: number, allowUninitStack: boolean): Reg | null {
  const spilled = f.spilled[base >> 3];
  if (f.slotType[base] === STACK_SPILL) return spilled && spilled.type === RegType.SCALAR_VALUE ? spilled : null;
  for (let i = base; i < base + 8; i++) {
    const t = f.slotType[i]!;
    if (t !== STACK_MISC && !(t === STACK_INVALID && allowUninitStack)) return null;
  }
  return UNBOUND_REG;
}

/** one 8-byte slot of stacksafe, byte by byte */
function stackSlotSafe(o: FuncState, c: FuncState, ids: IdMap, exact: boolean, allowUninitStack: boolean, base: number): boolean {
  for (let i = base; i < base + 8; i++) {
    const spi = (i / 8) | 0;
    const ot = o.slotType[i]!;
    if (ot === STACK_INVALID && !exact) continue;
    // env->allow_uninit_stack (6.3): a STACK_MISC byte reads as an unknown scalar, as any byte does
    if (ot === STACK_MISC && allowUninitStack && !exact) continue;
    if (i >= c.allocated) return false;
    // stacksafe: a 64-bit scalar spill against a slot of STACK_MISC bytes and the reverse (a load
    // from all-MISC bytes is an unbound scalar): compared as registers, so that an imprecise spill
    // is covered by, and covers, unknown bytes, and scalar ids still go through the id map
    if (!exact) {
      const or = scalarRegForStack(o, base, allowUninitStack);
      const cr = or && scalarRegForStack(c, base, allowUninitStack);
      if (or && cr) return regsafe(or, cr, ids, exact);
    }
    const ct = c.slotType[i]!;
    if (ot === STACK_MISC && ct === STACK_ZERO && !exact) continue;
    if (ot === STACK_MISC && ct === STACK_SPILL && !exact && c.spilled[spi]?.type === RegType.SCALAR_VALUE) continue;
    if (ot !== ct) return false;
    // is_spilled_reg: the spilled register lives with the slot's top byte (a 1-8 byte spill)
    if (i % 8 !== 7) continue;
    if (ot === STACK_SPILL) {
      const os = o.spilled[spi];
      const cs = c.spilled[spi];
      if (!os || !cs || !regsafe(os, cs, ids, exact)) return false;
    } else if (ot === STACK_ITER && !iterSlotSafe(o.spilled[spi] ?? null, c.spilled[spi] ?? null, ids, exact)) return false;
    else if (ot === STACK_DYNPTR && !dynptrSlotSafe(o.spilled[spi] ?? null, c.spilled[spi] ?? null, ids.checker)) return false;
  }
  return true;
}

/**
 * states_equal: can `cur` be pruned because `old` was already verified safe from here?
 * `liveIn(frame, insn)` gives the registers read before written from that point; dead
 * registers are not compared (the kernel learns this dynamically through REG_LIVE_READ).
 * `allowUninitStack`: env->allow_uninit_stack (see stacksafe). `stackLive` (stack_liveness.ts, at
 * the checkpoint's instruction) leaves out the innermost frame's slots that no path reads again —
 * for an explored state whose paths all finished, as the kernel cleans only those.
 */
export function statesEqual(old: VState, cur: VState, liveRegs: (frameIdx: number) => number, exact = false, allowUninitStack = false, precision = false, stackLive?: { words: Int32Array; insn: number }): boolean {
  PRECISION.on = precision;
  if (old.curframe !== cur.curframe) return false;
  if (!old.activeLock !== !cur.activeLock) return false;
  // refsafe: the same lock (active_lock.ptr: the map or the allocated object's BTF)
  if (old.activeLockMap !== cur.activeLockMap) return false;
  if (old.activeRcuLock !== cur.activeRcuLock) return false;
  if (old.activePreemptLocks !== cur.activePreemptLocks) return false;
  if (old.inSleepable !== cur.inSleepable) return false;
  const ids = IDS;
  ids.reset();
  // refsafe: the held lock's id goes through the id map, so a register that names the locked map
  // value in one state must name it in the other (bpf_spin_unlock of different lock)
  if (old.activeLock && !ids.check(old.activeLock, cur.activeLock)) return false;
  if (old.refs.length !== cur.refs.length) return false;
  for (let i = 0; i < old.refs.length; i++) if (!ids.check(old.refs[i]!.id, cur.refs[i]!.id)) return false;
  for (let f = 0; f <= old.curframe; f++) {
    const of = old.frames[f]!;
    const cf = cur.frames[f]!;
    if (of.callsite !== cf.callsite || of.inCallback !== cf.inCallback || of.callbackDepth > cf.callbackDepth) return false;
    const live = liveRegs(f);
    for (let r = 0; r < 10; r++) {
      if (!(live & (1 << r)) && !exact) continue;
      if (!regsafe(of.regs[r]!, cf.regs[r]!, ids, exact)) return false;
    }
    const sl = stackLive && f === old.curframe ? stackLive : undefined;
    if (!stacksafe(of, cf, ids, exact, allowUninitStack, sl ? sl.words[2 * sl.insn]! : -1, sl ? sl.words[2 * sl.insn + 1]! : -1)) return false;
  }
  return true;
}

/**
 * find_prev_entry (kernel/bpf/verifier.c): the checkpoint of an earlier iteration at `insn` — an
 * in-progress state (an ancestor of `from`, `from` itself excluded) with the same call sites as
 * `cur`. Iterator next() and may_goto pass the checkpoint just made for the current state as
 * `from` (the kernel's `cur_st->parent`); a callback's exit passes the current state.
 */
export function findPrevEntry(from: VState, insn: number, cur: VState = from): VState | null {
  outer: for (let p = from.parent; p; p = p.parent) {
    if (p.insnIdx !== insn || p.curframe !== cur.curframe) continue;
    for (let f = 0; f <= cur.curframe; f++) if (p.frames[f]!.callsite !== cur.frames[f]!.callsite) continue outer;
    return p;
  }
  return null;
}

/**
 * widen_imprecise_scalars / maybe_widen_reg: a scalar, in a register or spilled, that nothing
 * made precise in either iteration and that changed between them (not regs_exact) becomes
 * unknown, so the next iteration's state is covered by this one and the loop converges
 * (process_iter_next_call, may_goto in check_cond_jmp_op, prepare_func_exit for callbacks)
 */
export function widenImpreciseScalars(old: VState, cur: VState): void {
  const ids = IDS;
  ids.reset();
  const widens = (o: Reg, c: Reg): boolean => o.type === RegType.SCALAR_VALUE && c.type === RegType.SCALAR_VALUE && !o.precise && !c.precise && !regsafe(o, c, ids, true);
  for (let f = Math.min(old.curframe, cur.curframe); f >= 0; f--) {
    const fo = old.frames[f]!;
    const fc = cur.frames[f]!;
    for (let r = 0; r < 10; r++) if (widens(fo.regs[r]!, fc.regs[r]!)) markRegUnknown(fc.regs[r]!);
    const slots = Math.min(fo.allocated, fc.allocated) / 8;
    for (let k = 0; k < slots; k++) {
      if (fo.slotType[k * 8 + 7] !== STACK_SPILL || fc.slotType[k * 8 + 7] !== STACK_SPILL) continue;
      const so = fo.spilled[k];
      const sc = fc.spilled[k];
      // spilled registers are shared copy-on-write: replaced, never changed in place
      if (!so || !sc || !widens(so, sc)) continue;
      const n = new Reg();
      markRegUnknown(n);
      fc.spilled[k] = n;
    }
  }
}

