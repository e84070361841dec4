/**
 * Open-coded iterators (struct bpf_iter_*) in the verifier, as kernel/bpf/verifier.c has them:
 * process_iter_arg puts the iterator in stack slots marked STACK_ITER, holding a reference until
 * its destroy() kfunc; process_iter_next_call forks the path at next() into "drained" (r0 = NULL)
 * and "active" (another element, iteration depth + 1), with widen_imprecise_scalars so that loops
 * converge; is_state_visited asks iterActiveAtNext whether an iterator is still active.
 */
import type { BtfType, BtfStruct } from '../btf/types.js';
import { Reg, RegType, markPtr, markRegKnownZero, regTnumConst, regConstNum } from './reg.js';
import { type VState, type FuncState, STACK_ITER, STACK_INVALID, MAX_STACK_SLOTS, findPrevEntry, widenImpreciseScalars } from './state.js';
import type { BtfTypes } from './types.js';
import { MEM_RCU, PTR_UNTRUSTED } from './btf_id.js';
import { KF_ITER_NEW, KF_ITER_DESTROY, KF_RCU_PROTECTED } from './kfunc_table.js';
import { inRcuCs } from './ptr_to_btf.js';
import { releaseReference, type KfuncHost, type KfuncMeta } from './kfunc.js';
/** the iterator's slot register (STACK_ITER slots keep it in `spilled`) */
export function iterSlot(f: FuncState, spi: number): Reg | null {
  return f.slotType[spi * 8 + 7] === STACK_ITER ? f.spilled[spi] ?? null : null;
}

/** iter_type_str: "num" for struct bpf_iter_num */
const iterTypeStr = (t: BtfType): string => t.name.replace(/^bpf_iter_/, '');

/** process_iter_arg */
export function processIterArg(h: KfuncHost, btf: BtfTypes, meta: KfuncMeta, regno: number, t: BtfStruct, insn: number): void {
  const reg = h.regs()[regno]!;
  const argNo = regno - 1;
  if (reg.type !== RegType.PTR_TO_STACK) h.err('EINVAL', `arg#${argNo} expected pointer to an iterator on stack`);
  if (!/_(new|next|destroy)$/.test(meta.name) || !meta.name.startsWith(t.name + '_') || argNo !== 0) h.err('EINVAL', `expected valid iter pointer as arg #${argNo}`);
  const nrSlots = (t.size / 8) | 0;
  if (!regTnumConst(reg)) h.err('EINVAL', `arg#${argNo} expected pointer to an iterator on stack at a constant offset`);
  const off = reg.off + regConstNum(reg);
  if (off % 8) h.err('EINVAL', `cannot pass in iter at an offset=${off}`);
  const f = h.state().frames[reg.frameno]!;
  const spi = (-off - 1) / 8 | 0;
  if (off >= 0 || spi - nrSlots + 1 < 0 || spi >= MAX_STACK_SLOTS) h.err('EACCES', `invalid iter stack access off=${off} size=${t.size}`);
  if (meta.flags & KF_ITER_NEW) {
    for (let k = 0; k < nrSlots; k++) for (let b = 0; b < 8; b++) {
      if (f.slotType[(spi - k) * 8 + b] === STACK_ITER) h.err('EINVAL', `expected uninitialized iter_${iterTypeStr(t)} as arg #${argNo}`);
    }
    // check_mem_access of each slot (grows the stack), then mark_stack_slots_iter
    h.checkMem(regno, t.size, true, false);
    const id = h.newId();
    h.state().refs.push({ id, insn });
    for (let k = 0; k < nrSlots; k++) {
      const s = new Reg();
      markPtr(s, RegType.PTR_TO_STACK);
      s.btf = btf; s.btfId = t.id; s.iterState = 1; s.iterDepth = 0; s.refObjId = k === 0 ? id : 0;
      if (meta.flags & KF_RCU_PROTECTED) s.btfFlags = inRcuCs(h) ? MEM_RCU : PTR_UNTRUSTED;
      f.spilled[spi - k] = s;
      for (let b = 0; b < 8; b++) f.slotType[(spi - k) * 8 + b] = STACK_ITER;
    }
    return;
  }
  // is_iter_reg_valid_init
  for (let k = 0; k < nrSlots; k++) {
    const s = iterSlot(f, spi - k);
    let ok = !!s && s.btf === btf && s.btfId === t.id && (k === 0 ? s.refObjId !== 0 : s.refObjId === 0);
    for (let b = 0; b < 8 && ok; b++) if (f.slotType[(spi - k) * 8 + b] !== STACK_ITER) ok = false;
    if (ok && s!.btfFlags & PTR_UNTRUSTED) h.err('EINVAL', `expected an RCU CS when using ${meta.name}`);
    if (!ok) h.err('EINVAL', `expected an initialized iter_${iterTypeStr(t)} as arg #${argNo}`);
  }
  meta.iterFrame = f;
  meta.iterSpi = spi;
  meta.iterNrSlots = nrSlots;
  meta.refObjId = iterSlot(f, spi)!.refObjId;
  if (meta.flags & KF_ITER_DESTROY) {
    // unmark_stack_slots_iter: the slots are uninitialised again and the reference goes with
    // release_reference, which invalidates every register and spill carrying it — the elements
    // bpf_iter_num_next returned (ref_obj_id of the iterator) are unusable after the destroy
    for (let k = 0; k < nrSlots; k++) {
      f.spilled[spi - k] = null;
      for (let b = 0; b < 8; b++) f.slotType[(spi - k) * 8 + b] = STACK_INVALID;
    }
    releaseReference(h, meta.refObjId, meta.name);
  }
}

/** process_iter_next_call: the path forks into "another element" (pushed) and "drained" (this one) */
export function processIterNextCall(h: KfuncHost, insn: number, meta: KfuncMeta): void {
  const st = h.state();
  const f = meta.iterFrame!;
  const cur = iterSlot(f, meta.iterSpi)!;
  if (cur.iterState === 1) {
    // cur_st->parent: the checkpoint is_state_visited just made at next() is not an earlier iteration
    const prev = st.parent ? findPrevEntry(st.parent, insn, st) : null;
    const queued = h.pushBranch(insn + 1, insn);
    const qf = queued.frames[f.frameno]!;
    const qi = qf.spilled[meta.iterSpi]!.clone();
    qi.iterState = 1;
    qi.iterDepth++;
    qf.spilled[meta.iterSpi] = qi;
    if (prev) widenImpreciseScalars(prev, queued);
    const r0 = queued.cur.regs[0]!;
    r0.maybeNull = false;
  }
  // this path: drained, r0 = NULL
  const d = cur.clone();
  d.iterState = 2;
  f.spilled[meta.iterSpi] = d;
  markRegKnownZero(h.regs()[0]!);
}

/** is_state_visited at an iterator's next(): is the iterator in `st` (first argument) active? */
export function iterActiveAtNext(st: VState): boolean {
  const r1 = st.cur.regs[1]!;
  if (r1.type !== RegType.PTR_TO_STACK || !regTnumConst(r1)) return false;
  const off = r1.off + regConstNum(r1);
  const f = st.frames[r1.frameno]!;
  const s = iterSlot(f, (-off - 1) / 8 | 0);
  return !!s && s.iterState === 1;
}
