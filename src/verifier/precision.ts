/**
 * Precision tracking (kernel/bpf/verifier.c: __mark_chain_precision, backtrack_insn,
 * mark_all_scalars_precise, mark_precise_scalar_ids of 6.4-6.10).
 *
 * A scalar starts imprecise: pruning (regsafe) ignores its value, because nothing has yet
 * depended on it. When the verifier relies on a scalar's value — a branch decided by its range, a
 * pointer moved by it, a helper's size argument, the return code — that scalar is marked precise,
 * and so is everything it was computed from: the instructions of the current path are walked
 * backwards (the state's history since its checkpoint, then the checkpoint's own history, and so
 * on up the parent chain), and every checkpoint on the way gets the registers and stack slots
 * that fed the value marked precise. A checkpoint then only covers later states whose precise
 * scalars are within its ranges, and those are the only ones that matter.
 *
 * The walk crosses calls as backtrack_insn does: going back over a subprogram's or a callback's
 * exit enters the callee's frame (r0 stays wanted only for a subprogram, whose caller reads it),
 * and going back over the call that entered it leaves it (a static subprogram's r1-r5 become the
 * caller's; a callback's arguments were the helper's, so they are dropped). What the backtracking
 * does not follow (an async callback, a kfunc that ran a callback, anything inconsistent) falls
 * back, as the kernel's -ENOTSUPP path does, to marking every scalar of every checkpoint of the
 * path precise: sound, only less pruning.
 */
import * as op from '../isa/opcodes.js';
import { RegType, scalarBaseId } from './reg.js';
import { STACK_SPILL, MAX_STACK_SLOTS, type VState } from './state.js';
import type { Slots } from './cfg.js';

/** helpers that run a callback synchronously (is_sync_callback_calling_function): for_each_map_elem, find_vma, loop, user_ringbuf_drain */
const SYNC_CALLBACK_HELPERS = new Set([164, 180, 181, 209]);
/** MAX_CALL_FRAMES: a walk may go down into callees deeper than the state it starts from */
const FRAMES = op.MAX_CALL_FRAMES;

/** struct backtrack_state: registers and stack slots still to be made precise, per frame */
class Backtrack {
  /** bt->frame: the frame the instructions being walked belong to */
  frame = 0;
  regs: number[];
  /** stack slots (spi) per frame, 64 slots as two 32-bit masks */
  lo: number[];
  hi: number[];
  constructor(frames: number) {
    this.regs = new Array<number>(frames).fill(0);
    this.lo = new Array<number>(frames).fill(0);
    this.hi = new Array<number>(frames).fill(0);
  }
  empty(): boolean {
    for (let f = 0; f < this.regs.length; f++) if (this.regs[f] || this.lo[f] || this.hi[f]) return false;
    return true;
  }
  setSlot(f: number, spi: number): void {
    if (spi < 32) this.lo[f]! |= 1 << spi; else this.hi[f]! |= 1 << (spi - 32);
  }
  clearSlot(f: number, spi: number): void {
    if (spi < 32) this.lo[f]! &= ~(1 << spi); else this.hi[f]! &= ~(1 << (spi - 32));
  }
  hasSlot(f: number, spi: number): boolean {
    return ((spi < 32 ? this.lo[f]! >>> spi : this.hi[f]! >>> (spi - 32)) & 1) === 1;
  }
}

class NotSupported extends Error {}

/**
 * how many scalars of checkpoints became precise so far: propagate_backedges (scc.ts) repeats until
 * a round adds none (the kernel's `changed`)
 */
export const precisionMarks = { n: 0 };

/** history entry of a stack access: frame and slot of a spill or fill (INSN_F_STACK_ACCESS) */
export const stackAccess = (frameno: number, spi: number): number => frameno * MAX_STACK_SLOTS + spi;

const isPseudoCallAt = (s: Slots, i: number): boolean => i >= 0 && i < s.n && s.code[i] === (op.BPF_JMP | op.BPF_CALL) && s.src[i] === op.BPF_PSEUDO_CALL;
const isSyncCallbackCallAt = (s: Slots, i: number): boolean => i >= 0 && i < s.n && s.code[i] === (op.BPF_JMP | op.BPF_CALL) && s.src[i] === 0 && SYNC_CALLBACK_HELPERS.has(s.imm[i]!);

/**
 * backtrack_insn: what had to be precise before instruction `i` for bt to be precise after it;
 * `subseq` is the instruction the path executed right after `i` (-1: none yet), which tells a call
 * that entered a callee from one that returned, and a subprogram's exit from a callback's
 */
function backtrackInsn(s: Slots, i: number, subseq: number, aux: number, bt: Backtrack, globalFunc: (target: number) => boolean): void {
  const fr = bt.frame;
  const code = s.code[i]!;
  const cls = code & 7;
  const o = code & 0xf0;
  const dst = s.dst[i]!;
  const src = s.src[i]!;
  const isX = (code & op.BPF_X) !== 0;
  const has = (r: number): boolean => ((bt.regs[fr]! >>> r) & 1) === 1;
  const set = (r: number): void => { bt.regs[fr]! |= 1 << r; };
  const clear = (r: number): void => { bt.regs[fr]! &= ~(1 << r); };
  switch (cls) {
    case op.BPF_ALU:
    case op.BPF_ALU64:
      if (!has(dst)) return;
      if (o === op.BPF_END || o === op.BPF_NEG) return;
      if (o === op.BPF_MOV) {
        clear(dst);
        if (isX && src !== 10) set(src);
      } else if (isX && src !== 10) set(src);
      return;
    case op.BPF_LDX:
      if (!has(dst)) return;
      clear(dst);
      if (aux >= 0) bt.setSlot((aux / MAX_STACK_SLOTS) | 0, aux % MAX_STACK_SLOTS);
      return;
    case op.BPF_STX:
    case op.BPF_ST: {
      if (has(dst)) throw new NotSupported();
      if ((code & 0xe0) === op.BPF_ATOMIC) {
        const imm = s.imm[i]!;
        const loadReg = imm === op.BPF_CMPXCHG ? 0 : src;
        if ((imm & op.BPF_FETCH) && has(loadReg)) throw new NotSupported();
        if (aux >= 0 && bt.hasSlot((aux / MAX_STACK_SLOTS) | 0, aux % MAX_STACK_SLOTS)) throw new NotSupported();
        return;
      }
      if (aux < 0) return;
      const f = (aux / MAX_STACK_SLOTS) | 0;
      const spi = aux % MAX_STACK_SLOTS;
      if (!bt.hasSlot(f, spi)) return;
      bt.clearSlot(f, spi);
      if (cls === op.BPF_STX) set(src);
      return;
    }
    case op.BPF_JMP:
    case op.BPF_JMP32:
      if (o === op.BPF_CALL) {
        if (src === op.BPF_PSEUDO_CALL) {
          const target = i + s.imm[i]! + 1;
          if (globalFunc(target)) {
            // a global function is not entered: it sets r0 and scratches r1-r5
            if (subseq !== i + 1 || (bt.regs[fr]! & 0x3e)) throw new NotSupported();
            clear(0);
            return;
          }
          // back over the call into a static subprogram: leaving the callee, whose r1-r5 were
          // the caller's arguments; nothing else of the callee's can still be wanted
          if (subseq !== target || fr === 0 || (bt.regs[fr]! & ~0x3e) || bt.lo[fr] || bt.hi[fr]) throw new NotSupported();
          bt.regs[fr - 1]! |= bt.regs[fr]! & 0x3e;
          bt.regs[fr] = 0;
          bt.frame--;
          return;
        }
        if (src === 0 && isSyncCallbackCallAt(s, i) && subseq !== i + 1) {
          // the call that entered a callback (the kernel's idx != subseq_idx - 1): its r1-r5 were
          // set by the helper, not passed from the caller
          if (fr === 0 || (bt.regs[fr]! & ~0x3e) || bt.lo[fr] || bt.hi[fr]) throw new NotSupported();
          bt.regs[fr] = 0;
          bt.frame--;
          return;
        }
        // a helper (or kfunc) call that returned to the next instruction sets r0 and scratches r1-r5
        if (subseq >= 0 && subseq !== i + 1) throw new NotSupported();
        clear(0);
        // the call scratched r1-r5: nothing after it can have needed their old values
        if (bt.regs[fr]! & 0x3e) throw new NotSupported();
        return;
      }
      if (o === op.BPF_EXIT) {
        // back over a subprogram's or a callback's exit: into the callee's frame. A callback's
        // r1-r5 wanted after its helper call are the helper's; a subprogram's r0 is its result
        if (subseq < 0 || fr + 1 >= FRAMES) throw new NotSupported();
        const cb = isSyncCallbackCallAt(s, subseq);
        if (cb) bt.regs[fr]! &= ~0x3e;
        if (bt.regs[fr]! & 0x3e) throw new NotSupported();
        // as the kernel: the instruction before subseq being a bpf-to-bpf call says "subprogram"
        // (a callback's exit returns to its helper call; keeping r0 there is only more precise)
        const r0 = isPseudoCallAt(s, subseq - 1) && has(0);
        clear(0);
        bt.frame++;
        if (r0) bt.regs[bt.frame]! |= 1;
        return;
      }
      if (o === op.BPF_JA || o === op.BPF_JCOND) return;
      if (isX && (has(dst) || has(src))) { set(dst); set(src); }
      return;
    case op.BPF_LD:
      if ((code & 0xe0) === op.BPF_IMM) { if (has(dst)) clear(dst); return; }
      // LD_ABS/LD_IND: r0 is a fresh load, r1-r5 are scratched
      if (has(0)) clear(0);
      if (bt.regs[fr]! & 0x3e) throw new NotSupported();
      return;
  }
}

/** mark_precise_scalar_ids: scalars tied by an id to one being made precise are made precise too */
function addLinked(st: VState, bt: Backtrack): void {
  const ids = new Set<number>();
  for (let f = 0; f <= st.curframe; f++) {
    const fs = st.frames[f]!;
    for (let r = 0; r < 10; r++) if ((bt.regs[f]! >>> r) & 1) { const x = fs.regs[r]!; if (x.type === RegType.SCALAR_VALUE && x.id) ids.add(scalarBaseId(x.id)); }
    for (let spi = 0; spi < MAX_STACK_SLOTS; spi++) if (bt.hasSlot(f, spi)) { const x = fs.spilled[spi]; if (x && x.type === RegType.SCALAR_VALUE && x.id) ids.add(scalarBaseId(x.id)); }
  }
  if (!ids.size) return;
  for (let f = 0; f <= st.curframe; f++) {
    const fs = st.frames[f]!;
    for (let r = 0; r < 10; r++) { const x = fs.regs[r]!; if (x.type === RegType.SCALAR_VALUE && ids.has(scalarBaseId(x.id))) bt.regs[f]! |= 1 << r; }
    for (let spi = 0; spi < MAX_STACK_SLOTS; spi++) {
      const x = fs.spilled[spi];
      if (x && fs.slotType[spi * 8 + 7] === STACK_SPILL && x.type === RegType.SCALAR_VALUE && ids.has(scalarBaseId(x.id))) bt.setSlot(f, spi);
    }
  }
}

/**
 * the registers and slots of bt in checkpoint st: scalars become precise; the ones that already
 * were (their history was walked before) and the ones that are not scalars leave bt
 */
function markIn(st: VState, bt: Backtrack): void {
  for (let f = 0; f < bt.regs.length; f++) {
    const fs = st.frames[f];
    if (!fs) { bt.regs[f] = 0; bt.lo[f] = 0; bt.hi[f] = 0; continue; }
    for (let r = 0; r < 10; r++) {
      if (!((bt.regs[f]! >>> r) & 1)) continue;
      const x = fs.regs[r]!;
      if (x.type !== RegType.SCALAR_VALUE || x.precise) bt.regs[f]! &= ~(1 << r);
      else { x.precise = true; precisionMarks.n++; }
    }
    for (let spi = 0; spi < MAX_STACK_SLOTS; spi++) {
      if (!bt.hasSlot(f, spi)) continue;
      const x = fs.spilled[spi];
      if (!x || fs.slotType[spi * 8 + 7] !== STACK_SPILL || x.type !== RegType.SCALAR_VALUE || x.precise) bt.clearSlot(f, spi);
      else { x.precise = true; precisionMarks.n++; }
    }
  }
}

/** mark_all_scalars_precise: every scalar of every checkpoint of the path */
export function markAllScalarsPrecise(cur: VState): void {
  for (let st = cur.parent; st; st = st.parent) {
    for (let f = 0; f <= st.curframe; f++) {
      const fs = st.frames[f]!;
      for (let r = 0; r < 10; r++) {
        const x = fs.regs[r]!;
        if (x.type === RegType.SCALAR_VALUE && !x.precise) { x.precise = true; precisionMarks.n++; }
      }
      for (let spi = 0; spi < MAX_STACK_SLOTS; spi++) {
        const x = fs.spilled[spi];
        if (x && fs.slotType[spi * 8 + 7] === STACK_SPILL && x.type === RegType.SCALAR_VALUE && !x.precise) { x.precise = true; precisionMarks.n++; }
      }
    }
  }
}

/**
 * __mark_chain_precision: make registers `regMask` (of the current frame) and stack slots
 * `slots` ([frame, spi] pairs) of the current state precise, and everything they came from.
 */
export function markChainPrecision(s: Slots, cur: VState, regMask: number, slots: readonly (readonly [number, number])[] = [], skipFirst = false, globalFunc: (target: number) => boolean = () => false): void {
  const n = cur.curframe + 1;
  const bt = new Backtrack(FRAMES);
  bt.frame = cur.curframe;
  bt.regs[cur.curframe] = regMask & 0x3ff;
  for (const [f, spi] of slots) if (f < n) bt.setSlot(f, spi);
  // the current state: precise from now on (not needed for soundness, it saves walking again)
  const fs = cur.cur;
  for (let r = 0; r < 10; r++) {
    if (!((regMask >>> r) & 1)) continue;
    if (fs.regs[r]!.type !== RegType.SCALAR_VALUE) bt.regs[cur.curframe]! &= ~(1 << r);
    else fs.regs[r]!.precise = true;
  }
  walkChain(s, cur, bt, skipFirst, globalFunc);
}

/**
 * the walk of __mark_chain_precision from the current state up its checkpoints, with bt holding
 * what is wanted in every frame (a caller frame's registers stay wanted while the walk is in a
 * callee, and are walked once it goes back over the call)
 */
function walkChain(s: Slots, cur: VState, bt: Backtrack, skipFirst: boolean, globalFunc: (target: number) => boolean): void {
  if (bt.empty()) return;
  try {
    let st: VState | null = cur;
    // the instruction after the last one of the history: the one being checked (at a prune point
    // it is not in the history yet)
    let subseq = cur.insnIdx;
    while (st) {
      if (bt.frame !== st.curframe) throw new NotSupported();
      addLinked(st, bt);
      const h = st.hist;
      const aux = st.histStack;
      // skip_first: the instruction being checked has not had its effect yet
      let top = h.length - 1;
      if (st === cur && skipFirst && top >= 0) subseq = h[top--]!;
      for (let k = top; k >= 0; k--) {
        backtrackInsn(s, h[k]!, subseq, aux[k]!, bt, globalFunc);
        subseq = h[k]!;
        if (bt.empty()) return;
      }
      st = st.parent;
      if (!st) return;
      if (bt.frame !== st.curframe) throw new NotSupported();
      markIn(st, bt);
      if (bt.empty()) return;
    }
  } catch (e) {
    if (!(e instanceof NotSupported)) throw e;
    markAllScalarsPrecise(cur);
  }
}

/**
 * propagate_precision: the current state was pruned by `old`; what was precise in old must be
 * precise along the current path too (the rest of old's exploration relied on it)
 */
export function propagatePrecision(s: Slots, old: VState, cur: VState, globalFunc: (target: number) => boolean = () => false): void {
  // one walk with the precise scalars of every frame (bt_set_frame_reg / bt_set_frame_slot, then
  // mark_chain_precision_batch): a caller frame's registers are followed through the callee's
  // instructions to the call and on in the caller, as the kernel does
  const bt = new Backtrack(FRAMES);
  bt.frame = cur.curframe;
  for (let f = 0; f <= old.curframe; f++) {
    const of = old.frames[f]!;
    for (let r = 0; r < 10; r++) if (of.regs[r]!.type === RegType.SCALAR_VALUE && of.regs[r]!.precise) bt.regs[f]! |= 1 << r;
    for (let spi = 0; spi < MAX_STACK_SLOTS; spi++) {
      const x = of.spilled[spi];
      if (x && of.slotType[spi * 8 + 7] === STACK_SPILL && x.type === RegType.SCALAR_VALUE && x.precise) bt.setSlot(f, spi);
    }
  }
  // the current frame's registers in the current state: precise from now on (as markChainPrecision)
  const fs = cur.cur;
  const mask = bt.regs[cur.curframe]!;
  for (let r = 0; r < 10; r++) {
    if (!((mask >>> r) & 1)) continue;
    if (fs.regs[r]!.type !== RegType.SCALAR_VALUE) bt.regs[cur.curframe]! &= ~(1 << r);
    else fs.regs[r]!.precise = true;
  }
  walkChain(s, cur, bt, false, globalFunc);
}
