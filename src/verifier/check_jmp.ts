/**
 * The abstract interpreter's conditional jumps (kernel/bpf/verifier.c check_cond_jmp_op, is_branch_taken,
 * find_equal_scalars, mark_ptr_or_null_regs, try_match_pkt_pointers): methods of
 * Checker (./check.ts), kept in their own module by what they check.
 */
import * as op from '../isa/opcodes.js';
import { Reg, RegType, scalarBaseId, isAddConst, addConstFlag, BPF_ADD_CONST32, exotic, regBoundsSync, zext32To64, markRegUnknown, markRegKnown, markRegNotInit, isScalar, isPointer, markRegKnownImm, regTnumConst, regTnumConst32, markRegUnbounded } from './reg.js';
import { tnumIsConst, tnumSubreg, tnumEqualsConst, tnumIntersect, tnumWithSubreg } from './tnum.js';
import { VState, STACK_SPILL, findPrevEntry, widenImpreciseScalars } from './state.js';
import { MAY_GOTO } from './cfg.js';
import { isBranchTakenHL, regSetMinMaxHL, flipOpcode, regCombineMinMax, scalarAlu } from './scalar_alu.js';
import { fmtState } from './log.js';
import { MapType, type VerifierMap } from './types.js';
import { SCR_S, isPktAny, hex2 } from './check_util.js';
import type { Checker } from './check.js';
import { isAllocObj, mayPointToSpinLock } from './graph.js';
import { MEM_ALLOC, PTR_TRUSTED, NON_OWN_REF } from './btf_id.js';

const MAX_PACKET_OFF = 0xffff;

/**
 * is_branch_taken(reg1, reg2) of Linux 6.8 for a register compared with a register: two scalars
 * by their ranges (is_scalar_branch_taken), or a constant 0 against a pointer that cannot be
 * NULL on either side. 1 = always taken, 0 = never, -1 = unknown.
 */
function branchTakenRegs(r1: Reg, r2: Reg, o: number, jmp32: boolean): number {
  if (r1.type !== RegType.SCALAR_VALUE || r2.type !== RegType.SCALAR_VALUE) {
    const [p, k] = r1.type === RegType.SCALAR_VALUE ? [r2, r1] : [r1, r2];
    if (jmp32 || k.type !== RegType.SCALAR_VALUE || p.maybeNull || !regNotNull(p)) return -1;
    if (!(jmp32 ? tnumIsConst(tnumSubreg(k.varOff)) && tnumSubreg(k.varOff).value === 0n : tnumEqualsConst(k.varOff, 0n))) return -1;
    return o === op.BPF_JEQ ? 0 : o === op.BPF_JNE ? 1 : -1;
  }
  const t1 = jmp32 ? tnumSubreg(r1.varOff) : r1.varOff;
  const t2 = jmp32 ? tnumSubreg(r2.varOff) : r2.varOff;
  const umin1 = jmp32 ? BigInt(r1.u32min) : r1.umin;
  const umax1 = jmp32 ? BigInt(r1.u32max) : r1.umax;
  const smin1 = jmp32 ? BigInt(r1.s32min) : r1.smin;
  const smax1 = jmp32 ? BigInt(r1.s32max) : r1.smax;
  const umin2 = jmp32 ? BigInt(r2.u32min) : r2.umin;
  const umax2 = jmp32 ? BigInt(r2.u32max) : r2.umax;
  const smin2 = jmp32 ? BigInt(r2.s32min) : r2.smin;
  const smax2 = jmp32 ? BigInt(r2.s32max) : r2.smax;
  const disjoint = (): boolean => umin1 > umax2 || umax1 < umin2 || smin1 > smax2 || smax1 < smin2
    || (!jmp32 && (r1.u32min > r2.u32max || r1.u32max < r2.u32min || r1.s32min > r2.s32max || r1.s32max < r2.s32min));
  switch (o) {
    case op.BPF_JEQ:
      if (tnumIsConst(t1) && tnumIsConst(t2)) return t1.value === t2.value ? 1 : 0;
      return disjoint() ? 0 : -1;
    case op.BPF_JNE:
      if (tnumIsConst(t1) && tnumIsConst(t2)) return t1.value !== t2.value ? 1 : 0;
      return disjoint() ? 1 : -1;
    case op.BPF_JSET: {
      const [a, b] = tnumIsConst(t2) ? [t1, t2] : [t2, t1];
      if (!tnumIsConst(b)) return -1;
      if (~a.mask & a.value & b.value) return 1;
      if (!((a.mask | a.value) & b.value)) return 0;
      return -1;
    }
    case op.BPF_JGT: return umin1 > umax2 ? 1 : umax1 <= umin2 ? 0 : -1;
    case op.BPF_JSGT: return smin1 > smax2 ? 1 : smax1 <= smin2 ? 0 : -1;
    case op.BPF_JLT: return umax1 < umin2 ? 1 : umin1 >= umax2 ? 0 : -1;
    case op.BPF_JSLT: return smax1 < smin2 ? 1 : smin1 >= smax2 ? 0 : -1;
    case op.BPF_JGE: return umin1 >= umax2 ? 1 : umax1 < umin2 ? 0 : -1;
    case op.BPF_JSGE: return smin1 >= smax2 ? 1 : smax1 < smin2 ? 0 : -1;
    case op.BPF_JLE: return umax1 <= umin2 ? 1 : umin1 > umax2 ? 0 : -1;
    case op.BPF_JSLE: return smax1 <= smin2 ? 1 : smin1 > smax2 ? 0 : -1;
  }
  return -1;
}

const notNullType = (t: RegType): boolean => t === RegType.PTR_TO_SOCKET || t === RegType.PTR_TO_TCP_SOCK || t === RegType.PTR_TO_MAP_VALUE || t === RegType.PTR_TO_SOCK_COMMON;
/**
 * reg_not_null: those types, a trusted PTR_TO_BTF_ID (referenced, or an allocated object:
 * is_trusted_reg), and PTR_TO_MEM that is not PTR_UNTRUSTED (tsbpf has no untrusted PTR_TO_MEM) —
 * so `if (bpf_ksym_exists(kfunc))` on a kernel that has the kfunc is decided, as the running 6.18
 * kernel decides it (a mutant reading an uninitialised register on the other branch loads there)
 */
const regNotNull = (r: Reg): boolean => notNullType(r.type) || (r.type === RegType.PTR_TO_BTF_ID && isTrustedBtf(r)) || r.type === RegType.PTR_TO_MEM;
/** is_trusted_reg of a PTR_TO_BTF_ID: referenced, or only BPF_REG_TRUSTED_MODIFIERS (MEM_ALLOC, PTR_TRUSTED, NON_OWN_REF) */
function isTrustedBtf(r: Reg): boolean {
  if (r.refObjId) return true;
  const trusted = MEM_ALLOC | PTR_TRUSTED | NON_OWN_REF;
  return (r.btfFlags & trusted) !== 0 && (r.btfFlags & ~trusted) === 0;
}

export function checkCondJmp(this: Checker, i: number): void {
  const s = this.env.slots;
  const code = s.code[i]!;
  if (code === MAY_GOTO) return this.checkMayGoto(i);
  const o = code & 0xf0;
  const jmp32 = (code & 7) === op.BPF_JMP32;
  const x = (code & op.BPF_X) !== 0;
  if (o > op.BPF_JSLE) this.err('EINVAL', `invalid BPF_JMP/JMP32 opcode ${hex2(o)}`);
  const dstno = s.dst[i]!;
  const srcno = s.src[i]!;
  let src: Reg;
  if (x) {
    if (s.imm[i] !== 0) this.err('EINVAL', 'BPF_JMP/JMP32 uses reserved fields');
    src = this.readReg(srcno);
  } else {
    if (srcno !== 0) this.err('EINVAL', 'BPF_JMP/JMP32 uses reserved fields');
    src = SCR_S;
    markRegNotInit(src);
    markRegUnknown(src);
    markRegKnownImm(src, s.imm[i]!, !jmp32);
  }
  const dst = this.readReg(dstno);
  if (x && !(isPktAny(dst) && isPktAny(src)) && this.isPointerValue(src)) this.err('EACCES', `R${srcno} pointer comparison prohibited`);
  const target = i + s.off[i]! + 1;
  // is_branch_taken
  let pred = -1;
  if (isScalar(src) && (jmp32 ? regTnumConst32(src) : regTnumConst(src))) {
    if (isScalar(dst)) pred = isBranchTakenHL(dst, src.vh, src.vl, o, jmp32);
    else if (!jmp32 && isPointer(dst) && !dst.maybeNull && src.vh === 0 && src.vl === 0 && regNotNull(dst) && (o === op.BPF_JEQ || o === op.BPF_JNE)) {
      // reg_type_not_null: a valid pointer never equals 0 (is_branch_taken: but the low 32 bits of
      // one may well be zero, so a jmp32 predicts nothing)
      pred = o === op.BPF_JEQ ? 0 : 1;
    }
  }
  if (pred < 0 && x && this.env.rules.isBranchTakenRegs) pred = branchTakenRegs(dst, src, o, jmp32);
  if (pred === 1 || pred === 0) {
    // check_cond_jmp_op: the branch was decided by the operands' ranges, which must hold for
    // any state this path is later pruned against
    if (isScalar(dst)) this.markPrecise(dstno);
    if (x && isScalar(src)) this.markPrecise(srcno);
    // unprivileged: the dead branch is still verified, as speculative execution may take it
    // (sanitize_speculative_path)
    if (!this.env.priv) {
      const spec = this.pushStack(pred === 1 ? i + 1 : target, i);
      spec.path = { insn: i, taken: pred !== 1, prev: this.cur.path };
    }
    this.pathPush(i, pred === 1);
    this.insnIdx = pred === 1 ? target : i + 1;
    return;
  }
  // check_cond_jmp_op: scalars linked to an operand (collect_linked_regs, more than one) are
  // recorded in the instruction history — one more entry unless this jump is a jmp_point
  if (!this.env.cfg.jmpPoint[i] && ((x && isScalar(src) && src.id && linkedCount(this.cur, src.id) > 1) || (isScalar(dst) && dst.id && linkedCount(this.cur, dst.id) > 1))) this.cur.histLinked++;
  const other = this.pushStack(target, i);
  other.path = { insn: i, taken: true, prev: this.cur.path };
  this.cur.path = { insn: i, taken: false, prev: this.cur.path };
  const oregs = other.cur.regs;
  const tdst = oregs[dstno]!;
  const fdst = this.regs[dstno]!;
  if (isScalar(dst)) {
    // regs_refine_cond_op (6.8): on the side where they differ, a constant at the edge of the
    // other register's range moves that edge
    const ne = (t: Reg, f: Reg, k: Reg): void => {
      if ((o === op.BPF_JEQ || o === op.BPF_JNE) && this.env.rules.isBranchTakenRegs) refineNotEqual(o === op.BPF_JEQ ? f : t, k, jmp32);
    };
    if (x && isScalar(src) && (jmp32 ? regTnumConst32(src) : regTnumConst(src))) {
      regSetMinMaxHL(tdst, fdst, src.vh, src.vl, o, jmp32, this.env.rules.isBranchTakenRegs);
      ne(tdst, fdst, src);
    } else if (x && isScalar(src) && (jmp32 ? regTnumConst32(dst) : regTnumConst(dst))) {
      regSetMinMaxHL(oregs[srcno]!, this.regs[srcno]!, dst.vh, dst.vl, flipOpcode(o), jmp32, this.env.rules.isBranchTakenRegs);
      ne(oregs[srcno]!, this.regs[srcno]!, dst);
    } else if (!x) {
      regSetMinMaxHL(tdst, fdst, src.vh, src.vl, o, jmp32, this.env.rules.isBranchTakenRegs);
      ne(tdst, fdst, src);
    } else if (x && isScalar(src) && this.env.rules.isBranchTakenRegs) {
      // reg_set_min_max (6.8): two scalars neither of which is a constant bound each other, the
      // jump side by the comparison, the fall-through side by its reverse (rev_opcode)
      if (dstno !== srcno) {
        regsRefineCondOp(tdst, oregs[srcno]!, o, jmp32);
        regsRefineCondOp(fdst, this.regs[srcno]!, revOpcode(o), jmp32);
      }
    } else if (x && isScalar(src) && !jmp32 && (o === op.BPF_JEQ || o === op.BPF_JNE)) {
      // before 6.8: __reg_combine_min_max on the side where the two are equal
      if (o === op.BPF_JEQ) regCombineMinMax(oregs[srcno]!, tdst);
      else regCombineMinMax(this.regs[srcno]!, fdst);
    }
    if (dst.id && (!x || isScalar(src))) {
      this.findEqualScalars(other, oregs[dstno]!);
      this.findEqualScalars(this.cur, this.regs[dstno]!);
    }
    if (x && this.regs[srcno]!.id && isScalar(src)) {
      this.findEqualScalars(other, oregs[srcno]!);
      this.findEqualScalars(this.cur, this.regs[srcno]!);
    }
  }
  // eq_branch_regs (6.3): two pointers compared equal, one of them not NULL: the other is not NULL
  // on the branch where they are equal (only that register: its copies learn nothing)
  if (x && !jmp32 && (o === op.BPF_JEQ || o === op.BPF_JNE) && isPointer(src) && isPointer(dst) && src.maybeNull !== dst.maybeNull
    && src.type !== RegType.PTR_TO_BTF_ID && dst.type !== RegType.PTR_TO_BTF_ID) {
    const eq = o === op.BPF_JEQ ? oregs : this.regs;
    markPtrNotNull(eq[src.maybeNull ? srcno : dstno]!);
  }
  // null checks
  if (!x && s.imm[i] === 0 && (o === op.BPF_JEQ || o === op.BPF_JNE) && dst.maybeNull && !jmp32) {
    // JEQ: taken branch sees NULL; JNE: fall-through sees NULL
    this.markPtrOrNullRegs(other, dst.id, o === op.BPF_JEQ);
    this.markPtrOrNullRegs(this.cur, dst.id, o === op.BPF_JNE);
  } else if (x && isPktAny(dst) && isPktAny(src) && !jmp32) {
    if (!this.tryMatchPktPointers(o, dst, src, this.cur, other)) {
      if (this.isPointerValue(dst)) this.err('EACCES', `R${dstno} pointer comparison prohibited`);
    }
  } else if (this.isPointerValue(dst)) {
    this.err('EACCES', `R${dstno} pointer comparison prohibited`);
  }
  if (this.env.logLevel >= 2) this.verbose(`${i}: ${fmtState(this.cur)}`);
  this.insnIdx = i + 1;
}

/** collect_linked_regs: the scalars, in registers and spilled, of any frame that share id's base */
function linkedCount(st: VState, id: number): number {
  const base = scalarBaseId(id);
  let n = 0;
  const hit = (r: Reg | null | undefined): boolean => !!r && r.type === RegType.SCALAR_VALUE && r.id !== 0 && scalarBaseId(r.id) === base;
  for (let f = 0; f <= st.curframe; f++) {
    const fs = st.frames[f]!;
    for (let r = 0; r < 10; r++) if (hit(fs.regs[r])) n++;
    for (let spi = 0; spi < fs.allocated / 8; spi++) if (fs.slotType[spi * 8 + 7] === STACK_SPILL && hit(fs.spilled[spi])) n++;
  }
  return n;
}

/** sync_linked_regs' fake_reg (the operands' scratch registers may still be in use) */
const DELTA = new Reg();

/**
 * sync_linked_regs: registers linked to a refined one (same id without BPF_ADD_CONST) learn its
 * bounds — a copy the same bounds, a register linked with another offset (`r1 = r2; r1 += 1`)
 * the bounds moved by the difference of the two offsets (its own id and off stay, so a later
 * comparison of it syncs the others back)
 */
export function findEqualScalars(this: Checker, st: VState, known: Reg): void {
  if (!known.id) return;
  const base = scalarBaseId(known.id);
  const kFlag = addConstFlag(known.id);
  st.forEachReg((r) => {
    if (r === known || r.type !== RegType.SCALAR_VALUE || scalarBaseId(r.id) !== base) return;
    const rFlag = addConstFlag(r.id);
    // one linked by a 32-bit op, the other by a 64-bit one: no common delta (the CPU zero-extends
    // one of them only; "bpf: Fix sync_linked_regs regarding BPF_ADD_CONST32 zext propagation")
    if (rFlag && kFlag && rFlag !== kFlag) return;
    if ((!kFlag && !rFlag) || r.off === known.off) {
      r.assign(known);
      return;
    }
    const off = r.off;
    const id = r.id;
    r.assign(known);
    r.off = off;
    r.id = id;
    // reg = known_reg; reg += delta (scalar32_min_max_add, scalar_min_max_add, tnum_add), the
    // result zero-extended when either side came from alu32, then reg_bounds_sync
    const delta = DELTA;
    markRegNotInit(delta);
    markRegUnknown(delta);
    markRegKnown(delta, BigInt(off) - BigInt(known.off));
    scalarAlu(r, delta, op.BPF_ADD, false, false);
    if (rFlag === BPF_ADD_CONST32 || kFlag === BPF_ADD_CONST32) zext32To64(r);
    regBoundsSync(r);
  });
}

/** mark_ptr_or_null_regs */
export function markPtrOrNullRegs(this: Checker, st: VState, id: number, isNull: boolean): void {
  let refObj = 0;
  st.forEachReg((r) => {
    if (!r.maybeNull || r.id !== id) return;
    // only the acquiring pointer's NULL releases the reference (ref_obj_id == id); a pointer
    // derived from a referenced one (bpf_tcp_sock(sk)) being NULL leaves sk's reference held
    if (r.refObjId && r.refObjId === r.id) refObj = r.refObjId;
    if (isNull) {
      markRegUnknown(r);
      markRegKnown(r, 0n);
      return;
    }
    markPtrNotNull(r);
    // reg->id stays for sockets (references) and for map values that may hold a bpf_spin_lock
    // reg_may_point_to_spin_lock: a map value or allocated object with a lock keeps its id (the lock's identity)
    const keepsId = r.refObjId || (r.type === RegType.PTR_TO_MAP_VALUE && (r.map?.spinLockOff ?? -1) >= 0) || (isAllocObj(r) && mayPointToSpinLock(this.host, r));
    if (!keepsId) r.id = 0;
  });
  if (isNull && refObj) st.refs = st.refs.filter((x) => x.id !== refObj);
}

/** try_match_pkt_pointers + find_good_pkt_pointers */
export function tryMatchPktPointers(this: Checker, o: number, dst: Reg, src: Reg, fall: VState, taken: VState): boolean {
  const isPkt = (r: Reg): boolean => r.type === RegType.PTR_TO_PACKET;
  const isEnd = (r: Reg): boolean => r.type === RegType.PTR_TO_PACKET_END;
  const isMeta = (r: Reg): boolean => r.type === RegType.PTR_TO_PACKET_META;
  const initPkt = (r: Reg): boolean => isPkt(r) && r.off === 0 && tnumEqualsConst(r.varOff, 0n);
  const good = (st: VState, r: Reg, open: boolean): void => {
    if (r.off < 0 || (r.off === 0 && open)) return;
    if (r.umax > BigInt(MAX_PACKET_OFF) || r.umax + BigInt(r.off) > BigInt(MAX_PACKET_OFF)) return;
    let nr = r.off;
    if (open) nr++; // pkt' < pkt_end: byte pkt' itself is readable too (the 5.16 fix of find_good_pkt_pointers)
    st.forEachReg((x) => {
      if (x.type === r.type && x.id === r.id && x.range < nr) x.range = nr;
    });
  };
  const fwd = (isPkt(dst) && isEnd(src)) || (isMeta(dst) && initPkt(src));
  const rev = (isEnd(dst) && isPkt(src)) || (initPkt(dst) && isMeta(src));
  switch (o) {
    case op.BPF_JGT:
      if (fwd) good(fall, dst, false);
      else if (rev) good(taken, src, true);
      else return false;
      return true;
    case op.BPF_JLT:
      if (fwd) good(taken, dst, true);
      else if (rev) good(fall, src, false);
      else return false;
      return true;
    case op.BPF_JGE:
      if (fwd) good(fall, dst, true);
      else if (rev) good(taken, src, false);
      else return false;
      return true;
    case op.BPF_JLE:
      if (fwd) good(taken, dst, false);
      else if (rev) good(fall, src, true);
      else return false;
      return true;
  }
  return false;
}

// ---- exit and calls ----------------------------------------------------------------------

/**
 * check_cond_jmp_op for may_goto: the jump (the counter spent) is explored first; the
 * fall-through (another iteration) is pushed with may_goto_depth + 1, its imprecise scalars
 * widened against the previous iteration's checkpoint here (widen_imprecise_scalars), so that
 * iterations converge and is_state_visited can prune them (RANGE_WITHIN, depths differing).
 */
export function checkMayGoto(this: Checker, i: number): void {
  const s = this.env.slots;
  // `may_goto +0` is allowed since 6.14 (LLVM emits it)
  if (s.src[i] !== 0 || s.dst[i] !== 0 || s.imm[i] !== 0) this.err('EINVAL', `invalid may_goto imm ${s.imm[i]}`);
  // the checkpoint is_state_visited just made for this state is not an earlier iteration
  const prev = this.cur.parent?.insnIdx === i ? findPrevEntry(this.cur.parent, i, this.cur) : findPrevEntry(this.cur, i);
  const queued = this.pushStack(i + 1, i);
  queued.path = { insn: i, taken: false, prev: this.cur.path };
  queued.mayGotoDepth++;
  if (prev) widenImpreciseScalars(prev, queued);
  this.pathPush(i, true);
  this.insnIdx = i + s.off[i]! + 1;
}

/**
 * mark_ptr_not_null_reg: a map-in-map value is the inner map. When the inner map's value holds a
 * bpf_timer or bpf_wq, each lookup's result is an inner map of its own (map_uid = the lookup's
 * id), so that a timer is never initialised with another inner map than its own
 */
function markPtrNotNull(r: Reg): void {
  r.maybeNull = false;
  if (r.type === RegType.PTR_TO_MAP_VALUE && r.map?.inner && (r.map.type === MapType.ARRAY_OF_MAPS || r.map.type === MapType.HASH_OF_MAPS)) {
    r.type = RegType.CONST_PTR_TO_MAP;
    const inner = r.map.inner;
    r.map = (inner.timerOff ?? -1) >= 0 || (inner.wqOff ?? -1) >= 0 ? innerMapOfUid(inner, r.id) : inner;
  }
}

/** one map object per (inner map template, map_uid), so that identity compares both as the kernel does */
const BY_UID = new WeakMap<VerifierMap, Map<number, VerifierMap>>();
function innerMapOfUid(inner: VerifierMap, uid: number): VerifierMap {
  let m = BY_UID.get(inner);
  if (!m) BY_UID.set(inner, (m = new Map()));
  let v = m.get(uid);
  if (!v) m.set(uid, (v = { ...inner, mapUid: uid }));
  return v;
}

/** regs_refine_cond_op, BPF_JNE: a register known to differ from the constant `k` at one of its bounds */
function refineNotEqual(r: Reg, k: Reg, jmp32: boolean): void {
  if (r.type !== RegType.SCALAR_VALUE || exotic(r)) return;
  if (jmp32) {
    const v = k.vl >>> 0;
    const sv = k.vl | 0;
    if (r.u32min === v && r.u32min < r.u32max) r.u32min = v + 1;
    else if (r.u32max === v && r.u32min < r.u32max) r.u32max = v - 1;
    if (r.s32min === sv && r.s32min < r.s32max) r.s32min = sv + 1;
    else if (r.s32max === sv && r.s32min < r.s32max) r.s32max = sv - 1;
  } else {
    const v = (BigInt(k.vh >>> 0) << 32n) | BigInt(k.vl >>> 0);
    const sv = BigInt.asIntN(64, v);
    if (r.umin === v && r.umin < r.umax) r.umin = v + 1n;
    else if (r.umax === v && r.umin < r.umax) r.umax = v - 1n;
    if (r.smin === sv && r.smin < r.smax) r.smin = sv + 1n;
    else if (r.smax === sv && r.smin < r.smax) r.smax = sv - 1n;
  }
  regBoundsSync(r);
}

/** rev_opcode: the condition of the fall-through side (JSET's reverse is JSET | BPF_X, which needs a constant) */
function revOpcode(o: number): number {
  switch (o) {
    case op.BPF_JEQ: return op.BPF_JNE;
    case op.BPF_JNE: return op.BPF_JEQ;
    case op.BPF_JGT: return op.BPF_JLE;
    case op.BPF_JLE: return op.BPF_JGT;
    case op.BPF_JGE: return op.BPF_JLT;
    case op.BPF_JLT: return op.BPF_JGE;
    case op.BPF_JSGT: return op.BPF_JSLE;
    case op.BPF_JSLE: return op.BPF_JSGT;
    case op.BPF_JSGE: return op.BPF_JSLT;
    case op.BPF_JSLT: return op.BPF_JSGE;
  }
  return -1;
}

const U32 = 0xffffffff;
const U64 = (1n << 64n) - 1n;
const minN = (a: number, b: number): number => (a < b ? a : b);
const maxN = (a: number, b: number): number => (a > b ? a : b);
const minB = (a: bigint, b: bigint): bigint => (a < b ? a : b);
const maxB = (a: bigint, b: bigint): bigint => (a > b ? a : b);

/**
 * regs_refine_cond_op for two scalars that are not constants (the constant cases are
 * regSetMinMaxHL and refineNotEqual): `r1 OP r2` holds. An order comparison bounds r1 by r2's
 * range and r2 by r1's (`u32_max - 1` wrapping as the kernel's u32/s32 arithmetic wraps, which
 * leaves the other bound alone); JEQ intersects ranges and tnums; JNE and JSET learn nothing
 * without a constant. Then reg_bounds_sync and reg_bounds_sanity_check, which outside the
 * selftests' test_reg_invariants marks a register whose bounds crossed unbounded.
 */
function regsRefineCondOp(r1: Reg, r2: Reg, o: number, jmp32: boolean): void {
  if (exotic(r1) || exotic(r2)) return;
  if (o === op.BPF_JGE || o === op.BPF_JGT || o === op.BPF_JSGE || o === op.BPF_JSGT) {
    o = flipOpcode(o);
    [r1, r2] = [r2, r1];
  }
  switch (o) {
    case op.BPF_JEQ:
      if (jmp32) {
        const u0 = maxN(r1.u32min, r2.u32min), u1 = minN(r1.u32max, r2.u32max);
        const s0 = maxN(r1.s32min, r2.s32min), s1 = minN(r1.s32max, r2.s32max);
        const t = tnumIntersect(tnumSubreg(r1.varOff), tnumSubreg(r2.varOff));
        for (const r of [r1, r2]) {
          r.u32min = u0; r.u32max = u1; r.s32min = s0; r.s32max = s1;
          r.varOff = tnumWithSubreg(r.varOff, t);
        }
      } else {
        const u0 = maxB(r1.umin, r2.umin), u1 = minB(r1.umax, r2.umax);
        const s0 = maxB(r1.smin, r2.smin), s1 = minB(r1.smax, r2.smax);
        const t = tnumIntersect(r1.varOff, r2.varOff);
        for (const r of [r1, r2]) {
          r.umin = u0; r.umax = u1; r.smin = s0; r.smax = s1;
          r.varOff = t;
        }
      }
      break;
    case op.BPF_JLE:
    case op.BPF_JLT: {
      const d = o === op.BPF_JLT ? 1 : 0;
      if (jmp32) {
        r1.u32max = minN(r1.u32max, (r2.u32max - d) >>> 0);
        r2.u32min = maxN((r1.u32min + d) >>> 0, r2.u32min);
      } else {
        r1.umax = minB(r1.umax, (r2.umax - BigInt(d)) & U64);
        r2.umin = maxB((r1.umin + BigInt(d)) & U64, r2.umin);
      }
      break;
    }
    case op.BPF_JSLE:
    case op.BPF_JSLT: {
      const d = o === op.BPF_JSLT ? 1 : 0;
      if (jmp32) {
        r1.s32max = minN(r1.s32max, (r2.s32max - d) | 0);
        r2.s32min = maxN((r1.s32min + d) | 0, r2.s32min);
      } else {
        r1.smax = minB(r1.smax, BigInt.asIntN(64, r2.smax - BigInt(d)));
        r2.smin = maxB(BigInt.asIntN(64, r1.smin + BigInt(d)), r2.smin);
      }
      break;
    }
    default:
      return;
  }
  for (const r of [r1, r2]) {
    regBoundsSync(r);
    if (!boundsSane(r)) markRegUnbounded(r);
  }
}

/** reg_bounds_sanity_check: ranges that do not cross, a constant tnum equal to its bounds */
function boundsSane(r: Reg): boolean {
  if (r.umin > r.umax || r.smin > r.smax || r.u32min > r.u32max || r.s32min > r.s32max) return false;
  const t = r.varOff;
  if (tnumIsConst(t) && (r.umin !== t.value || r.umax !== t.value || r.smin !== BigInt.asIntN(64, t.value) || r.smax !== BigInt.asIntN(64, t.value))) return false;
  const t32 = tnumSubreg(t);
  if (tnumIsConst(t32)) {
    const v = Number(t32.value);
    if (r.u32min !== v || r.u32max !== v || r.s32min !== (v | 0) || r.s32max !== (v | 0)) return false;
  }
  return true;
}
