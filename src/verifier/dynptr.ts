/**
 * Dynptrs in the verifier, as kernel/bpf/verifier.c models them (Linux 6.12/6.18):
 * - a `struct bpf_dynptr` lives in two stack slots marked STACK_DYNPTR (mark_stack_slots_dynptr);
 *   the first slot's register holds dynptr.type (local, ringbuf, skb, xdp), dynptr.first_slot, a
 *   fresh id that its slices carry (dynptr_id) and, for ring-buffer dynptrs, the reference of the
 *   reservation (dynptr_type_refcounted): it must be submitted or discarded on every path;
 * - process_dynptr_func checks a dynptr argument: MEM_UNINIT arguments create one (the slots may
 *   hold an unreferenced dynptr, which is destroyed first), the others want an initialised one
 *   of the expected type (is_dynptr_reg_valid_init, is_dynptr_type_expected);
 * - a release (bpf_ringbuf_submit_dynptr/discard_dynptr) is unmark_stack_slots_dynptr: the
 *   reference goes with every clone and slice; a stack write over a dynptr destroys it
 *   (destroy_if_dynptr_stack_slot: refused for a referenced one, its slices invalidated);
 * - slices (bpf_dynptr_data, bpf_dynptr_slice[_rdwr]) are PTR_TO_MEM of a constant size that
 *   remember the dynptr (dynptr_id); skb/xdp slices are packet pointers for clear_all_pkt_pointers;
 * - a global function's `struct bpf_dynptr *` argument is a CONST_PTR_TO_DYNPTR in the callee.
 */
import { Reg, RegType, markRegNotInit, regTnumConst, regConstNum } from './reg.js';
import { type FuncState, type VState, STACK_DYNPTR, STACK_INVALID } from './state.js';
import type { KfuncHost } from './kfunc.js';
import { regTypeStr } from './log.js';

/** enum bpf_dynptr_type (include/linux/bpf.h) */
export const BPF_DYNPTR_TYPE_INVALID = 0;
export const BPF_DYNPTR_TYPE_LOCAL = 1;
export const BPF_DYNPTR_TYPE_RINGBUF = 2;
export const BPF_DYNPTR_TYPE_SKB = 3;
export const BPF_DYNPTR_TYPE_XDP = 4;

/** dynptr_type_str */
export function dynptrTypeStr(t: number): string {
  return ['<invalid>', 'local', 'ringbuf', 'skb', 'xdp'][t] ?? '<invalid>';
}

/** BPF_DYNPTR_NR_SLOTS: sizeof(struct bpf_dynptr) / BPF_REG_SIZE */
const NR_SLOTS = 2;
const ERANGE = -34;

/** dynptr_type_refcounted */
const refcounted = (t: number): boolean => t === BPF_DYNPTR_TYPE_RINGBUF;

/** how a helper or kfunc takes its dynptr (the arg_type flags of process_dynptr_func) */
export interface DynptrArg {
  /** MEM_UNINIT: the callee initialises the dynptr */
  uninit: boolean;
  /** MEM_RDONLY: the callee does not change or destroy the dynptr */
  rdonly: boolean;
  /** the type wanted (DYNPTR_TYPE_* of the argument), 0: any */
  type: number;
  /** bpf_dynptr_clone: the new dynptr shares its parent's reference */
  cloneRefObjId?: number;
}

const frameOf = (h: KfuncHost, reg: Reg): FuncState => h.state().frames[reg.frameno]!;

/**
 * stack_slot_obj_get_spi: the first slot of a dynptr at the stack pointer in `reg`; ERANGE when
 * the slots lie outside the allocated stack (not yet written); `quiet` returns -1 instead of
 * refusing an offset the kernel refuses with a message
 */
function dynptrGetSpi(h: KfuncHost, reg: Reg, quiet = false): number {
  if (!regTnumConst(reg)) {
    if (quiet) return -1;
    h.err('EINVAL', 'dynptr has to be at a constant offset');
  }
  const off = reg.off + regConstNum(reg);
  if (off % 8 !== 0 || ((-off - 1) / 8 | 0) + 1 < NR_SLOTS) {
    if (quiet) return -1;
    h.err('EINVAL', `cannot pass in dynptr at an offset=${off}`);
  }
  const spi = (-off - 1) / 8 | 0;
  const f = frameOf(h, reg);
  if (!(spi - NR_SLOTS + 1 >= 0 && spi < f.allocated / 8)) return ERANGE;
  return spi;
}

/** the register of a dynptr's first slot (it holds type, id and ref_obj_id) */
function slotReg(f: FuncState, spi: number): Reg | null {
  return f.slotType[spi * 8] === STACK_DYNPTR ? f.spilled[spi] ?? null : null;
}

/** the dynptr a valid argument register names: its first slot's register, or the CONST_PTR_TO_DYNPTR */
export function dynptrOf(h: KfuncHost, reg: Reg): Reg {
  if (reg.type === RegType.CONST_PTR_TO_DYNPTR) return reg;
  const spi = dynptrGetSpi(h, reg);
  return slotReg(frameOf(h, reg), spi)!;
}

/** is_dynptr_reg_valid_init */
function validInit(h: KfuncHost, reg: Reg): boolean {
  if (reg.type === RegType.CONST_PTR_TO_DYNPTR) return true;
  const spi = dynptrGetSpi(h, reg, true);
  if (spi < 0) return false;
  const f = frameOf(h, reg);
  const s = slotReg(f, spi);
  if (!s || !s.dynptrFirst) return false;
  for (let i = 0; i < 8; i++) if (f.slotType[spi * 8 + i] !== STACK_DYNPTR || f.slotType[(spi - 1) * 8 + i] !== STACK_DYNPTR) return false;
  return true;
}

/** __mark_dynptr_reg */
function markDynptrReg(r: Reg, type: number, first: boolean, id: number): void {
  markRegNotInit(r);
  r.type = RegType.CONST_PTR_TO_DYNPTR;
  r.vh = r.vl = r.mh = r.ml = 0;
  r.id = id;
  r.dynptrType = type;
  r.dynptrFirst = first;
}

/** a fresh CONST_PTR_TO_DYNPTR (mark_dynptr_cb_reg: a global function's dynptr argument) */
export function markDynptrCbReg(r: Reg, type: number, id: number): void {
  markDynptrReg(r, type, true, id);
}

/** mark_reg_invalid on the slices of a dynptr (PTR_TO_MEM, possibly NULL, with its dynptr_id) */
function invalidateSlices(h: KfuncHost, st: VState, dynptrId: number): void {
  st.forEachReg((r) => { if (r.type === RegType.PTR_TO_MEM && r.dynptrId === dynptrId) h.markInvalid(r); });
}

/** invalidate_dynptr: both slots uninitialised again */
function invalidateDynptr(f: FuncState, spi: number): void {
  for (let i = 0; i < 8; i++) {
    f.slotType[spi * 8 + i] = STACK_INVALID;
    f.slotType[(spi - 1) * 8 + i] = STACK_INVALID;
  }
  f.spilled[spi] = null;
  f.spilled[spi - 1] = null;
}

/**
 * destroy_if_dynptr_stack_slot: a write into either slot of a dynptr destroys it (both slots,
 * and its slices); a referenced (ring-buffer) dynptr cannot be overwritten
 */
export function destroyIfDynptrStackSlot(h: KfuncHost, f: FuncState, spi: number): void {
  if (spi < 0 || f.slotType[spi * 8] !== STACK_DYNPTR) return;
  if (!f.spilled[spi]?.dynptrFirst) spi++;
  const s = f.spilled[spi];
  if (s && refcounted(s.dynptrType)) h.err('EINVAL', 'cannot overwrite referenced dynptr');
  invalidateDynptr(f, spi);
  if (s) invalidateSlices(h, h.state(), s.id);
}

/** mark_stack_slots_dynptr */
function markStackSlotsDynptr(h: KfuncHost, reg: Reg, type: number, insn: number, cloneRefObjId: number): void {
  const f = frameOf(h, reg);
  const spi = dynptrGetSpi(h, reg);
  if (spi < 0) h.err('EFAULT', 'verifier internal error: dynptr stack slots not allocated');
  destroyIfDynptrStackSlot(h, f, spi);
  destroyIfDynptrStackSlot(h, f, spi - 1);
  if (type === BPF_DYNPTR_TYPE_INVALID) h.err('EINVAL', 'verifier internal error: no dynptr type');
  const id = h.newId();
  const a = new Reg();
  const b = new Reg();
  markDynptrReg(a, type, true, id);
  markDynptrReg(b, type, false, id);
  if (refcounted(type)) {
    let ref = cloneRefObjId;
    if (!ref) {
      ref = h.newId();
      h.state().refs.push({ id: ref, insn });
    }
    a.refObjId = b.refObjId = ref;
  }
  for (let i = 0; i < 8; i++) {
    f.slotType[spi * 8 + i] = STACK_DYNPTR;
    f.slotType[(spi - 1) * 8 + i] = STACK_DYNPTR;
  }
  f.spilled[spi] = a;
  f.spilled[spi - 1] = b;
}

/**
 * unmark_stack_slots_dynptr: the dynptr is released; a ring-buffer one takes its reference, its
 * clones and every register holding the reference (slices) with it
 */
export function unmarkStackSlotsDynptr(h: KfuncHost, reg: Reg): void {
  const f = frameOf(h, reg);
  const spi = dynptrGetSpi(h, reg);
  const s = slotReg(f, spi)!;
  if (!refcounted(s.dynptrType)) {
    invalidateDynptr(f, spi);
    return;
  }
  const ref = s.refObjId;
  const st = h.state();
  st.refs = st.refs.filter((x) => x.id !== ref);
  st.forEachReg((x) => { if (x.refObjId === ref) h.markInvalid(x); });
  for (let i = 1; i < f.allocated / 8; i++) {
    const c = f.slotType[i * 8] === STACK_DYNPTR ? f.spilled[i] : null;
    if (c && c.refObjId === ref && c.dynptrFirst) invalidateDynptr(f, i);
  }
}

/**
 * the release check of check_func_arg (arg_type_is_release for a dynptr): only a dynptr on the
 * stack that holds a reference can be released
 */
export function checkDynptrRelease(h: KfuncHost, regno: number, reg: Reg): void {
  if (reg.type !== RegType.PTR_TO_STACK) h.err('EINVAL', 'cannot release unowned const bpf_dynptr');
  const spi = dynptrGetSpi(h, reg, true);
  const s = spi >= 0 ? frameOf(h, reg).spilled[spi] : null;
  if (spi < 0 || !s || frameOf(h, reg).slotType[spi * 8] !== STACK_DYNPTR || !s.refObjId) h.err('EINVAL', `arg ${regno} is an unacquired reference`);
}

/**
 * process_dynptr_func: a dynptr argument (pointer to the stack or CONST_PTR_TO_DYNPTR);
 * `stackWrite(off)` is check_mem_access of one 8-byte stack write at that offset from the pointer
 */
export function processDynptrFunc(h: KfuncHost, regno: number, insn: number, a: DynptrArg, stackWrite: (off: number) => void): void {
  const reg = h.regs()[regno]!;
  if (reg.type !== RegType.PTR_TO_STACK && reg.type !== RegType.CONST_PTR_TO_DYNPTR) {
    h.err('EINVAL', `arg#${regno - 1} expected pointer to stack or const struct bpf_dynptr`);
  }
  if (a.uninit) {
    // is_dynptr_reg_valid_uninit: an unreferenced dynptr in the slots is destroyed below
    if (reg.type === RegType.CONST_PTR_TO_DYNPTR) h.err('EINVAL', 'Dynptr has to be an uninitialized dynptr');
    const spi = dynptrGetSpi(h, reg);
    if (spi < 0 && spi !== ERANGE) h.err('EINVAL', 'Dynptr has to be an uninitialized dynptr');
    // we write BPF_DW bits (8 bytes) at a time
    stackWrite(0);
    stackWrite(8);
    markStackSlotsDynptr(h, h.regs()[regno]!, a.type, insn, a.cloneRefObjId ?? 0);
    return;
  }
  if (reg.type === RegType.CONST_PTR_TO_DYNPTR && !a.rdonly) h.err('EINVAL', 'cannot pass pointer to const bpf_dynptr, the helper mutates it');
  if (!validInit(h, reg)) h.err('EINVAL', `Expected an initialized dynptr as arg #${regno - 1}`);
  if (a.type && dynptrOf(h, reg).dynptrType !== a.type) h.err('EINVAL', `Expected a dynptr of type ${dynptrTypeStr(a.type)} as arg #${regno - 1}`);
}

/** reg_is_dynptr_slice_pkt: a slice of an skb or xdp dynptr, invalidated with packet pointers */
export const isDynptrSlicePkt = (r: Reg): boolean => r.type === RegType.PTR_TO_MEM
  && (r.dynptrType === BPF_DYNPTR_TYPE_SKB || r.dynptrType === BPF_DYNPTR_TYPE_XDP);

/**
 * check_stack_range_initialized in raw mode: a helper writing uninitialised memory may not write
 * over a dynptr ("helper(uninit_mem, len, dynptr)" could alias it)
 */
export function checkRawWriteOverDynptr(h: KfuncHost, f: FuncState, minOff: number, maxOff: number): void {
  for (let i = minOff; i < maxOff; i++) {
    const slot = -i - 1;
    if (slot >= f.allocated) continue;
    if (f.slotType[((slot / 8) | 0) * 8 + (slot % 8)] === STACK_DYNPTR) h.err('EACCES', `potential write to dynptr at off=${i} disallowed`);
  }
}

/** stacksafe, case STACK_DYNPTR: same type and slot, the reference mapped */
export function dynptrSlotSafe(o: Reg | null, c: Reg | null, checkIds: (a: number, b: number) => boolean): boolean {
  return !!o && !!c && o.dynptrType === c.dynptrType && o.dynptrFirst === c.dynptrFirst && checkIds(o.refObjId, c.refObjId);
}

/** the log's `fp-16=dynptr_ringbuf(id=2,ref_id=1)` (print_verifier_state, STACK_DYNPTR) */
export function fmtDynptrSlot(r: Reg): string {
  const parts: string[] = [];
  if (r.id) parts.push(`id=${r.id}`);
  if (r.refObjId) parts.push(`ref_id=${r.refObjId}`);
  return `dynptr_${dynptrTypeStr(r.dynptrType)}(${parts.join(',')})`;
}

/** the type error of check_reg_type for ARG_PTR_TO_DYNPTR */
export function dynptrArgTypeOk(h: KfuncHost, regno: number, reg: Reg): void {
  if (reg.type !== RegType.PTR_TO_STACK && reg.type !== RegType.CONST_PTR_TO_DYNPTR) h.err('EACCES', `R${regno} type=${regTypeStr(reg)} expected=fp, dynptr_ptr`);
}
