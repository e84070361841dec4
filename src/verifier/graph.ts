/**
 * Allocated objects and the graphs built of them, as kernel/bpf/verifier.c checks them:
 * - bpf_obj_new_impl / bpf_percpu_obj_new_impl return an owning reference to an object of the
 *   program's own struct (PTR_TO_BTF_ID | MEM_ALLOC, the program's BTF); bpf_obj_drop_impl /
 *   bpf_percpu_obj_drop_impl release it (KF_ARG_PTR_TO_ALLOC_BTF_ID);
 * - bpf_list_push_front/back_impl, bpf_list_pop_front/back, bpf_rbtree_add_impl, bpf_rbtree_first,
 *   bpf_rbtree_remove take a graph root (bpf_list_head / bpf_rb_root in a map value or an owned
 *   object) whose bpf_spin_lock must be held (check_reg_allocation_locked, active_lock), and a node
 *   of the element type the root's `contains:` tag names, at its node offset
 *   (__process_kf_arg_ptr_to_graph_root / _node);
 * - pushing a node turns the owning reference into non-owning ones (ref_convert_owning_non_owning:
 *   NON_OWN_REF, plus MEM_RCU for refcounted types), valid until bpf_spin_unlock
 *   (invalidate_non_owning_refs); bpf_rbtree_first returns one, bpf_rbtree_remove takes one;
 * - bpf_rbtree_add_impl's `less` callback is verified with two non-owning nodes
 *   (push_callback_call with set_rbtree_add_callback_state), returning 0 or 1;
 * - bpf_refcount_acquire_impl takes an owning or non-owning reference to a type with a
 *   bpf_refcount and returns a new owning one (KF_ARG_PTR_TO_REFCOUNTED_KPTR);
 * - bpf_spin_lock on an allocated object (process_spin_lock with reg_btf_record);
 * - `__kptr` fields: bpf_kptr_xchg stashes local kptrs (process_kptr_func, map_kptr_match_type),
 *   loads and stores of kptr fields in map values (check_map_kptr_access, btf_ld_kptr_type);
 * - direct loads and stores never touch a special field (btf_struct_access's "direct access to").
 */
import { BTF_KIND_STRUCT } from '../btf/types.js';
import { Reg, RegType, markPtr, markRegNotInit, regTnumConst, regConstNum } from './reg.js';
import type { VState } from './state.js';
import type { BtfTypes } from './types.js';
import { regTypeStr } from './log.js';
import { MEM_ALLOC, MEM_PERCPU, MEM_RCU, PTR_TRUSTED, PTR_UNTRUSTED, NON_OWN_REF, btfTypeName, sizeofType } from './btf_id.js';
import {
  type BtfField, type BtfRecord, type FieldKind, type GraphRoot, RecordError, structRecord, mapRecord, recordFind, recordOverlap, fieldTypeName, isKptr, isGraphNode,
} from './btf_record.js';
import type { KfuncHost } from './kfunc.js';

type GraphHost = KfuncHost;

/** the graph part of struct bpf_kfunc_call_arg_meta */
export interface GraphMeta {
  /** arg_list_head.field / arg_rbtree_root.field */
  root: BtfField | null;
  /** arg_btf, arg_btf_id */
  argBtf: BtfTypes | null;
  argBtfId: number;
  /** the `less` callback's subprogram */
  subprog: number;
  /** bpf_{list,rbtree} node argument's reference (insert: owning -> non-owning) */
  nodeRef: number;
  /** bpf_refcount_acquire of an owning reference cannot fail (is_kfunc_ret_null) */
  argOwningRef: boolean;
}

export const newGraphMeta = (): GraphMeta => ({ root: null, argBtf: null, argBtfId: 0, subprog: -1, nodeRef: 0, argOwningRef: false });

/** kfuncs of the generic set that build and use allocated objects */
const LIST_API = new Set(['bpf_list_push_front_impl', 'bpf_list_push_back_impl', 'bpf_list_pop_front', 'bpf_list_pop_back']);
const RBTREE_API = new Set(['bpf_rbtree_add_impl', 'bpf_rbtree_remove', 'bpf_rbtree_first']);

/** is_bpf_graph_api_kfunc: the kfuncs a program may call while it holds a bpf_spin_lock */
export function isGraphApiKfunc(name: string | undefined): boolean {
  return !!name && (LIST_API.has(name) || RBTREE_API.has(name) || name === 'bpf_refcount_acquire_impl');
}

/** is_sync_callback_calling_kfunc */
export const isCallbackKfunc = (name: string | undefined): boolean => name === 'bpf_rbtree_add_impl';

/** enum kfunc_ptr_arg_type for the graph arguments (get_kfunc_ptr_arg_type) */
export type GraphArg = 'alloc' | 'refcounted' | 'list_head' | 'list_node' | 'rb_root' | 'rb_node' | 'callback';

export function graphArgKind(paramName: string, refName: string | undefined, isFuncPtr: boolean): GraphArg | null {
  const sfx = (s: string): boolean => paramName.length > s.length && paramName.endsWith(s);
  if (sfx('__alloc')) return 'alloc';
  if (sfx('__refcounted_kptr')) return 'refcounted';
  switch (refName) {
    case 'bpf_list_head': return 'list_head';
    case 'bpf_list_node': return 'list_node';
    case 'bpf_rb_root': return 'rb_root';
    case 'bpf_rb_node': return 'rb_node';
  }
  return isFuncPtr ? 'callback' : null;
}

/** a record the kernel refused to build refuses the program here (it would not have loaded) */
function record(h: GraphHost, f: () => BtfRecord | null): BtfRecord | null {
  try {
    return f();
  } catch (e) {
    if (e instanceof RecordError) h.err('EINVAL', `the program's BTF has a special field the kernel refuses: ${e.message} (btf_parse_fields)`);
    throw e;
  }
}

/** type_is_ptr_alloc_obj */
export const isAllocObj = (r: Reg): boolean => r.type === RegType.PTR_TO_BTF_ID && (r.btfFlags & MEM_ALLOC) !== 0;
/** reg->type == (PTR_TO_BTF_ID | MEM_ALLOC) exactly: owned, not per-CPU, not NULL */
const isPlainAlloc = (r: Reg): boolean => r.type === RegType.PTR_TO_BTF_ID && r.btfFlags === MEM_ALLOC && !r.maybeNull;
const isPlainMapValue = (r: Reg): boolean => r.type === RegType.PTR_TO_MAP_VALUE && !r.maybeNull && !r.rdonly;

/** reg_btf_record: the special fields of what a map value or allocated object pointer points to */
export function regRecord(h: GraphHost, r: Reg): BtfRecord | null {
  if (r.type === RegType.PTR_TO_MAP_VALUE && r.map) { const m = r.map; return record(h, () => mapRecord(m, h.kernelBtf)); }
  if (isAllocObj(r) && r.btf) { const b = r.btf; return record(h, () => structRecord(b, r.btfId, h.kernelBtf)); }
  return null;
}

/** __check_ptr_off_reg with fixed_off_ok (check_func_arg_reg_off for PTR_TO_BTF_ID kinds) */
function checkPtrOff(h: GraphHost, regno: number, r: Reg, release: boolean): void {
  if (release && r.refObjId && r.off !== 0) h.err('EINVAL', `R${regno} must have zero offset when passed to release func or trusted arg to kfunc`);
  if (r.type !== RegType.PTR_TO_BTF_ID) return;
  if (r.off < 0) h.err('EACCES', `negative offset ${regTypeStr(r)} ptr R${regno} off=${r.off} disallowed`);
  if (!regTnumConst(r) || regConstNum(r) !== 0) h.err('EACCES', `variable ${regTypeStr(r)} access var_off disallowed`);
}

/** check_reg_allocation_locked: the held lock is the one beside this root (same map value or object) */
function allocationLocked(h: GraphHost, r: Reg): boolean {
  const st = h.state();
  if (!st.activeLock) return false;
  const ptr = r.type === RegType.PTR_TO_MAP_VALUE ? r.map : r.btf;
  if (st.activeLockMap !== ptr || st.activeLock !== (r.id || -1)) {
    h.verbose('held lock and object are not in the same allocation');
    return false;
  }
  return true;
}

/** in_rbtree_lock_required_cb: the current frame is bpf_rbtree_add's `less` callback */
function inRbtreeCb(h: GraphHost): boolean {
  const f = h.state().cur;
  return f.inCallback && f.callsite >= 0 && h.kfuncAt(f.callsite) === 'bpf_rbtree_add_impl';
}

/** check_kfunc_args for one graph argument (regno = argument + 1) */
export function processGraphArg(h: GraphHost, name: string, g: GraphMeta, kind: GraphArg, i: number, regno: number, release: boolean): void {
  const r = h.regs()[regno]!;
  if (kind !== 'callback') checkPtrOff(h, regno, r, release);
  switch (kind) {
    case 'alloc': {
      // 6.18 checks the argument is trusted first (a scalar, a map value: "must be referenced or trusted")
      if (!(r.type === RegType.PTR_TO_BTF_ID && (r.refObjId || (r.btfFlags & (MEM_ALLOC | PTR_TRUSTED | NON_OWN_REF)) !== 0))) h.err('EINVAL', `R${regno} must be referenced or trusted`);
      const percpu = r.type === RegType.PTR_TO_BTF_ID && r.btfFlags === (MEM_ALLOC | MEM_PERCPU) && !r.maybeNull;
      if (isPlainAlloc(r)) { if (name !== 'bpf_obj_drop_impl') h.err('EINVAL', `arg#${i} expected for bpf_obj_drop_impl()`); }
      else if (percpu) { if (name !== 'bpf_percpu_obj_drop_impl') h.err('EINVAL', `arg#${i} expected for bpf_percpu_obj_drop_impl()`); }
      else h.err('EINVAL', `arg#${i} expected pointer to allocated object`);
      if (!r.refObjId) h.err('EINVAL', 'allocated object must be referenced');
      g.argBtf = r.btf; g.argBtfId = r.btfId;
      return;
    }
    case 'refcounted': {
      if (!isAllocObj(r)) h.err('EINVAL', `arg#${i} is neither owning or non-owning ref`);
      const rec = regRecord(h, r);
      if (!(r.btfFlags & NON_OWN_REF) && r.refObjId) g.argOwningRef = true;
      if (!rec) h.err('EFAULT', 'verifier bug: Couldn\'t find btf_record');
      if (rec.refcountOff < 0) h.err('EINVAL', `arg#${i} doesn't point to a type with bpf_refcount field`);
      g.argBtf = r.btf; g.argBtfId = r.btfId;
      return;
    }
    case 'list_head':
    case 'rb_root': {
      if (!isPlainMapValue(r) && !isPlainAlloc(r)) h.err('EINVAL', `arg#${i} expected pointer to map value or allocated object`);
      if (r.type === RegType.PTR_TO_BTF_ID && !r.refObjId) h.err('EINVAL', 'allocated object must be referenced');
      const fkind: FieldKind = kind === 'list_head' ? 'bpf_list_head' : 'bpf_rb_root';
      if ((kind === 'list_head' ? !LIST_API.has(name) : !RBTREE_API.has(name))) h.err('EFAULT', `verifier internal error: ${fkind} head arg for unknown kfunc`);
      if (!regTnumConst(r)) h.err('EINVAL', `R${regno} doesn't have constant offset. ${fkind} has to be at the constant offset`);
      const rec = regRecord(h, r);
      const off = r.off + regConstNum(r);
      const field = recordFind(rec, off, (k) => k === fkind);
      if (!field) h.err('EINVAL', `${fkind} not found at offset=${off}`);
      if (!allocationLocked(h, r)) h.err('EINVAL', `bpf_spin_lock at off=${rec!.spinLockOff} must be held for ${fkind}`);
      if (g.root) h.err('EFAULT', `verifier internal error: repeating ${fkind} arg`);
      g.root = field;
      return;
    }
    case 'list_node':
    case 'rb_node': {
      if (name === 'bpf_rbtree_remove') {
        // 6.16+: a non-owning reference, or an owning one (bpf_rbtree_remove checks at run time
        // that the node is in this tree; Linux 6.12 took non-owning ones only)
        if (!(r.type === RegType.PTR_TO_BTF_ID && r.btfFlags & NON_OWN_REF) && !r.refObjId) h.err('EINVAL', `${name} can only take non-owning or refcounted bpf_rb_node pointer`);
        if (inRbtreeCb(h)) h.err('EINVAL', `${name} not allowed in rbtree cb`);
      } else {
        if (!isPlainAlloc(r)) h.err('EINVAL', `arg#${i} expected pointer to allocated object`);
        if (!r.refObjId) h.err('EINVAL', 'allocated object must be referenced');
      }
      const nkind: FieldKind = kind === 'list_node' ? 'bpf_list_node' : 'bpf_rb_node';
      const hkind = kind === 'list_node' ? 'bpf_list_head' : 'bpf_rb_root';
      const okApi = kind === 'list_node' ? name === 'bpf_list_push_front_impl' || name === 'bpf_list_push_back_impl' : name === 'bpf_rbtree_remove' || name === 'bpf_rbtree_add_impl';
      if (!okApi) h.err('EFAULT', `verifier internal error: ${nkind} node arg for unknown kfunc`);
      if (!regTnumConst(r)) h.err('EINVAL', `R${regno} doesn't have constant offset. ${nkind} has to be at the constant offset`);
      const off = r.off + regConstNum(r);
      if (!recordFind(regRecord(h, r), off, (k) => k === nkind)) h.err('EINVAL', `${nkind} not found at offset=${off}`);
      const root = g.root?.graph;
      if (!root) h.err('EFAULT', `verifier internal error: no ${hkind} argument before the ${nkind}`);
      // btf_struct_ids_match(strict): the node's struct is the root's element type
      if (r.btf !== root.btf || r.btfId !== root.valueBtfId) {
        h.err('EINVAL', `operation on ${hkind} expects arg#1 ${nkind} at offset=${root.nodeOffset} in struct ${root.valueName}, but arg is at offset=${off} in struct ${btfTypeName(r.btf!, r.btfId)}`);
      }
      if (off !== root.nodeOffset) h.err('EINVAL', `arg#1 offset=${off}, but expected ${nkind} at offset=${root.nodeOffset} in struct ${root.valueName}`);
      g.argBtf = r.btf; g.argBtfId = r.btfId;
      if (name !== 'bpf_rbtree_remove') g.nodeRef = r.refObjId;
      return;
    }
    case 'callback':
      if (r.type !== RegType.PTR_TO_FUNC) h.err('EINVAL', `arg${i} expected pointer to func`);
      g.subprog = r.subprog;
      return;
  }
}

/** mark_reg_graph_node: an owning pointer to the element, at its node's offset */
function markGraphNode(r: Reg, root: GraphRoot): void {
  markPtr(r, RegType.PTR_TO_BTF_ID);
  r.btf = root.btf;
  r.btfId = root.valueBtfId;
  r.btfFlags = MEM_ALLOC;
  r.off = root.nodeOffset;
}

/** ref_set_non_owning: NON_OWN_REF, and MEM_RCU when the type is refcounted (it may outlive the lock's protection) */
function setNonOwning(h: GraphHost, r: Reg): void {
  if (!h.state().activeLock) h.err('EFAULT', 'verifier internal error: ref_set_non_owning w/o active lock');
  r.btfFlags |= NON_OWN_REF;
  const rec = r.btf ? record(h, () => structRecord(r.btf!, r.btfId, h.kernelBtf)) : null;
  if (rec && rec.refcountOff >= 0) r.btfFlags |= MEM_RCU;
}

/**
 * check_kfunc_call after the arguments: bpf_rbtree_add_impl's callback is explored; an inserted
 * node's owning reference becomes non-owning ones and is released (ref_convert_owning_non_owning)
 */
export function graphAfterArgs(h: GraphHost, name: string, g: GraphMeta, insn: number): void {
  if (g.argBtf && STRUCT_META_KFUNCS.has(name)) saveStructMeta(h, insn, record(h, () => structRecord(g.argBtf!, g.argBtfId, h.kernelBtf)));
  if (name === 'bpf_rbtree_add_impl') {
    const root = g.root?.graph;
    if (!root || g.subprog < 0) h.err('EFAULT', `kfunc ${name} failed callback verification`);
    h.pushCallback(insn, g.subprog, (_caller, callee) => {
      // set_rbtree_add_callback_state: less(a, b) gets two non-owning nodes of the tree's type
      for (const k of [1, 2]) {
        markGraphNode(callee.regs[k]!, root);
        setNonOwning(h, callee.regs[k]!);
      }
      for (const k of [3, 4, 5]) markRegNotInit(callee.regs[k]!);
    });
  }
  if (name === 'bpf_list_push_front_impl' || name === 'bpf_list_push_back_impl' || name === 'bpf_rbtree_add_impl') {
    const ref = g.nodeRef;
    const st = h.state();
    if (!ref || !st.refs.some((x) => x.id === ref)) h.err('EFAULT', `kfunc ${name} conversion of owning ref to non-owning failed`);
    st.forEachReg((r) => {
      if (r.refObjId !== ref) return;
      r.refObjId = 0;
      setNonOwning(h, r);
    });
    st.refs = st.refs.filter((x) => x.id !== ref);
  }
}

/** the kfuncs whose call the kernel rewrites with the object's struct meta (insn_aux->kptr_struct_meta) */
const STRUCT_META_KFUNCS = new Set(['bpf_obj_drop_impl', 'bpf_percpu_obj_drop_impl', 'bpf_refcount_acquire_impl', 'bpf_list_push_front_impl', 'bpf_list_push_back_impl', 'bpf_rbtree_add_impl']);

/**
 * the struct meta an allocation kfunc's call is rewritten with is one per instruction: a call
 * reached with objects of types that have different special fields is refused (6.18)
 */
function saveStructMeta(h: GraphHost, insn: number, rec: BtfRecord | null): void {
  const m = h.kptrStructMeta;
  if (m.has(insn) && m.get(insn) !== rec) {
    h.verbose('same call cannot be used with different types');
    h.verbose('use one call for each type: inline the static function that holds the call,');
    h.err('EINVAL', 'or mark the callee with __attribute__((nomerge))');
  }
  m.set(insn, rec);
}

/** is the kfunc one whose pointer return this module types? */
export function isGraphRetKfunc(name: string): boolean {
  return name === 'bpf_obj_new_impl' || name === 'bpf_percpu_obj_new_impl' || name === 'bpf_refcount_acquire_impl'
    || name === 'bpf_list_pop_front' || name === 'bpf_list_pop_back' || name === 'bpf_rbtree_remove' || name === 'bpf_rbtree_first';
}

/** BPF_GLOBAL_PERCPU_MA_MAX_SIZE (include/linux/bpf.h) */
const PERCPU_MAX_SIZE = 512;

/** check_kfunc_call's r0 of the special kfuncs above (KF_RET_NULL and KF_ACQUIRE are the caller's) */
export function graphRet(h: GraphHost, name: string, g: GraphMeta, constArg: number | null, r0: Reg, scalarStruct: (btf: BtfTypes, id: number) => boolean): void {
  if (name === 'bpf_obj_new_impl' || name === 'bpf_percpu_obj_new_impl') {
    if (constArg === null || constArg < 0 || constArg > 0xffffffff) h.err('EINVAL', 'local type ID argument must be in range [0, U32_MAX]');
    const btf = h.progBtf();
    if (!btf) h.err('EINVAL', 'bpf_obj_new/bpf_percpu_obj_new requires prog BTF');
    let t;
    try { t = btf.type(constArg); } catch { t = undefined; }
    if (!t || (t.kind !== BTF_KIND_STRUCT)) h.err('EINVAL', 'bpf_obj_new/bpf_percpu_obj_new type ID argument must be of a struct');
    const rec = record(h, () => structRecord(btf, constArg, h.kernelBtf));
    let flags = MEM_ALLOC;
    if (name === 'bpf_percpu_obj_new_impl') {
      if (sizeofType(btf, constArg) > PERCPU_MAX_SIZE) h.err('EINVAL', `bpf_percpu_obj_new type size (${sizeofType(btf, constArg)}) is greater than ${PERCPU_MAX_SIZE}`);
      if (!scalarStruct(btf, constArg)) h.err('EINVAL', 'bpf_percpu_obj_new type ID argument must be of a struct of scalars');
      if (rec) h.err('EINVAL', 'bpf_percpu_obj_new type ID argument must not contain special fields');
      flags |= MEM_PERCPU;
    }
    saveStructMeta(h, h.state().insnIdx, rec);
    markPtr(r0, RegType.PTR_TO_BTF_ID);
    r0.btf = btf; r0.btfId = constArg; r0.btfFlags = flags;
    return;
  }
  if (name === 'bpf_refcount_acquire_impl') {
    markPtr(r0, RegType.PTR_TO_BTF_ID);
    r0.btf = g.argBtf; r0.btfId = g.argBtfId; r0.btfFlags = MEM_ALLOC;
    return;
  }
  const root = g.root?.graph;
  if (!root) h.err('EFAULT', `kernel function ${name} unhandled dynamic return type`);
  markGraphNode(r0, root);
}

/** check_kfunc_call after KF_RET_NULL: bpf_rbtree_first's node is non-owning; a lockable object keeps an id */
export function graphRetAfter(h: GraphHost, name: string, r0: Reg): void {
  if (name === 'bpf_rbtree_first') setNonOwning(h, r0);
  if (!r0.id && mayPointToSpinLock(h, r0)) r0.id = h.newId();
}

/** reg_may_point_to_spin_lock */
export function mayPointToSpinLock(h: GraphHost, r: Reg): boolean {
  return (regRecord(h, r)?.spinLockOff ?? -1) >= 0;
}

/**
 * invalidate_non_owning_refs (bpf_spin_unlock): the non-owning references the lock protected are
 * gone
 */
export function invalidateNonOwningRefs(st: VState, markInvalid: (r: Reg) => void): void {
  st.forEachReg((r) => { if (r.type === RegType.PTR_TO_BTF_ID && r.btfFlags & NON_OWN_REF) markInvalid(r); });
}

/** process_spin_lock's lock of an allocated object: its record's bpf_spin_lock, at the pointer's offset */
export function allocSpinLockOff(h: GraphHost, r: Reg): number {
  const rec = regRecord(h, r);
  if (!rec || rec.spinLockOff < 0) h.err('EINVAL', `local '${btfTypeName(r.btf!, r.btfId)}' has no valid bpf_spin_lock`);
  return rec.spinLockOff;
}

/**
 * btf_struct_access of an allocated object: no load or store may touch a special field
 * ("direct access to bpf_list_node is disallowed")
 */
export function checkAllocFieldAccess(h: GraphHost, r: Reg, off: number, size: number): void {
  if (!isAllocObj(r) || !r.btf) return;
  const f = recordOverlap(record(h, () => structRecord(r.btf!, r.btfId, h.kernelBtf)), off, off + size);
  if (f) h.err('EACCES', `direct access to ${fieldTypeName(f.kind)} is disallowed`);
}

// ---- kptrs ----------------------------------------------------------------------------------

/** in_rcu_cs */
function inRcuCs(h: GraphHost): boolean {
  const st = h.state();
  return st.activeRcuLock || !!st.activeLock || !h.sleepable;
}

/**
 * check_map_access over special fields: a kptr is read or written whole (8 bytes at its offset,
 * constant offset), other special fields not at all; returns the kptr field a load or store is of
 */
export function mapFieldAccess(h: GraphHost, r: Reg, off: number, size: number): BtfField | undefined {
  if (!r.map?.btfValueTypeId) return undefined;
  let rec: BtfRecord | null;
  try {
    rec = mapRecord(r.map, h.kernelBtf);
  } catch {
    return undefined; // a value the kernel would not have created a map for: nothing to compare with
  }
  if (!rec) return undefined;
  const lo = Number(r.smin) + off;
  const hi = Number(r.umax) + off + size;
  let kptr: BtfField | undefined;
  for (const f of rec.fields) {
    if (!(lo < f.off + f.size && f.off < hi)) continue;
    if (!isKptr(f.kind)) {
      if (f.kind === 'bpf_spin_lock') continue; // check_mem.ts says it in the words it always has
      h.err('EACCES', `${fieldTypeName(f.kind)} cannot be accessed directly by load/store`);
    }
    if (!regTnumConst(r)) h.err('EACCES', 'kptr access cannot have variable offset');
    const p = regConstNum(r) + off;
    if (p !== f.off) h.err('EACCES', `kptr access misaligned expected=${f.off} off=${p}`);
    if (size !== 8) h.err('EACCES', 'kptr access size must be BPF_DW');
    kptr = f;
  }
  return kptr;
}

/**
 * check_map_access with ACCESS_HELPER: a helper's memory argument may not cover a special field
 * of the value — a kptr ("kptr cannot be accessed indirectly by helper"), a timer, workqueue, list
 * or tree head ("... cannot be accessed directly by load/store"); the spin lock is check_mem.ts's
 */
export function mapFieldHelperAccess(h: GraphHost, r: Reg, off: number, size: number): void {
  if (!r.map?.btfValueTypeId) return;
  let rec: BtfRecord | null;
  try {
    rec = mapRecord(r.map, h.kernelBtf);
  } catch {
    return;
  }
  if (!rec) return;
  const lo = Number(r.smin) + off;
  const hi = Number(r.umax) + off + size;
  for (const f of rec.fields) {
    if (!(lo < f.off + f.size && f.off < hi) || f.kind === 'bpf_spin_lock') continue;
    if (isKptr(f.kind)) h.err('EACCES', 'kptr cannot be accessed indirectly by helper');
    h.err('EACCES', `${fieldTypeName(f.kind)} cannot be accessed directly by load/store`);
  }
}

/** btf_ld_kptr_type: the flags of a pointer loaded from a kptr field */
function ldKptrFlags(h: GraphHost, f: BtfField): number {
  const k = f.kptr!;
  const rcuSafe = f.kind === 'kptr_percpu' || (f.kind === 'kptr_ref' && (!k.kernel || RCU_PROTECTED.has(btfTypeName(k.btf, k.btfId))));
  if (!(rcuSafe && inRcuCs(h))) return PTR_UNTRUSTED;
  let flags = MEM_RCU;
  if (f.kind === 'kptr_percpu') flags |= MEM_PERCPU;
  else if (!k.kernel) flags |= MEM_ALLOC;
  if (!k.kernel) {
    const rec = record(h, () => structRecord(k.btf, k.btfId, h.kernelBtf));
    if (rec?.fields.some((x) => isGraphNode(x.kind))) flags |= NON_OWN_REF;
  }
  return flags;
}
/** rcu_protected_types (kernel/bpf/verifier.c) */
const RCU_PROTECTED = new Set(['prog_test_ref_kfunc', 'cgroup', 'bpf_cpumask', 'task_struct', 'bpf_crypto_ctx']);

/** check_map_kptr_access for a load: the register gets the kptr's type, maybe NULL */
export function kptrLoad(h: GraphHost, f: BtfField, d: Reg): void {
  const flags = ldKptrFlags(h, f);
  markPtr(d, RegType.PTR_TO_BTF_ID);
  d.btf = f.kptr!.btf; d.btfId = f.kptr!.btfId; d.btfFlags = flags;
  d.maybeNull = true;
  d.id = h.newId();
}

/** check_map_kptr_access for a store (BPF_STX of `val`, or BPF_ST of `imm` when val is null) */
export function kptrStore(h: GraphHost, f: BtfField, val: Reg | null, regno: number, imm: number): void {
  if (f.kind === 'kptr_ref' || f.kind === 'kptr_percpu') h.err('EACCES', 'store to referenced kptr disallowed');
  if (!val) {
    if (imm) h.err('EACCES', `BPF_ST imm must be 0 when storing to kptr at off=${f.off}`);
    return;
  }
  if (val.type === RegType.SCALAR_VALUE && regTnumConst(val) && regConstNum(val) === 0) { h.markPrecise(regno); return; }
  kptrMatchType(h, f, val, regno);
}

/** map_kptr_match_type */
export function kptrMatchType(h: GraphHost, f: BtfField, r: Reg, regno: number): void {
  const k = f.kptr!;
  const target = btfTypeName(k.btf, k.btfId);
  const bad = (): never => {
    const name = r.type === RegType.PTR_TO_BTF_ID && r.btf ? btfTypeName(r.btf, r.btfId) : '';
    h.err('EINVAL', `invalid kptr access, R${regno} type=${regTypeStr(r)}${name} expected=ptr_${target}${f.kind === 'kptr_unref' ? ` or ptr_untrusted_${target}` : ''}`);
  };
  if (r.type !== RegType.PTR_TO_BTF_ID || !r.btf) return bad();
  const kernelReg = r.btf !== h.progBtf();
  const perm = kernelReg ? PTR_TRUSTED | MEM_RCU | (f.kind === 'kptr_unref' ? PTR_UNTRUSTED : 0) : MEM_ALLOC | (f.kind === 'kptr_percpu' ? MEM_PERCPU : 0);
  if (r.btfFlags & ~perm) return bad();
  if ((f.kind === 'kptr_percpu') !== ((r.btfFlags & MEM_PERCPU) !== 0)) return bad();
  if (!regTnumConst(r) || regConstNum(r) !== 0) h.err('EACCES', `variable ${regTypeStr(r)} access var_off disallowed`);
  // btf_struct_ids_match, strict for referenced kptrs: the same struct (tsbpf does not walk to the
  // first member for unreferenced ones either)
  if (r.btf !== k.btf || r.btfId !== k.btfId || r.off !== 0) return bad();
}

/** process_kptr_func: bpf_kptr_xchg's destination, a referenced or per-CPU kptr field */
export function processKptrDest(h: GraphHost, regno: number, r: Reg): BtfField {
  // kptr_xchg_dest_types: PTR_TO_MAP_VALUE, PTR_TO_BTF_ID | MEM_ALLOC
  if (!(isPlainMapValue(r) || isPlainAlloc(r))) h.err('EACCES', `R${regno} type=${regTypeStr(r)} expected=map_value, ptr_`);
  if (r.type === RegType.PTR_TO_MAP_VALUE && !r.map?.btfValueTypeId) h.err('EINVAL', `map '${r.map?.name ?? ''}' has to have BTF in order to use bpf_kptr_xchg`);
  const rec = regRecord(h, r);
  if (!regTnumConst(r)) h.err('EINVAL', `R${regno} doesn't have constant offset. kptr has to be at the constant offset`);
  if (!rec?.fields.some((f) => isKptr(f.kind))) h.err('EINVAL', `R${regno} has no valid kptr`);
  const off = r.off + regConstNum(r);
  const f = recordFind(rec, off, isKptr);
  if (!f) h.err('EACCES', `off=${off} doesn't point to kptr`);
  if (f.kind !== 'kptr_ref' && f.kind !== 'kptr_percpu') h.err('EACCES', `off=${off} kptr isn't referenced kptr`);
  return f;
}

/** bpf_kptr_xchg's r0: the kptr's type, a local one MEM_ALLOC (and MEM_PERCPU) */
export function kptrXchgRet(f: BtfField, r0: Reg): void {
  const k = f.kptr!;
  markPtr(r0, RegType.PTR_TO_BTF_ID);
  r0.btf = k.btf; r0.btfId = k.btfId;
  r0.btfFlags = k.kernel ? 0 : MEM_ALLOC | (f.kind === 'kptr_percpu' ? MEM_PERCPU : 0);
}

