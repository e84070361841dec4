/**
 * Kernel functions (BPF_PSEUDO_KFUNC_CALL) in the verifier, as kernel/bpf/verifier.c has them:
 * - check_kfunc_call / check_kfunc_args: the callee is the FUNC whose kernel BTF id is the call's
 *   immediate (libbpf resolves it); its prototype, parameter names (`__sz`, `__k`, `__ign`,
 *   `__nullable`, `__uninit`...) and the flags of ./kfunc_table.ts decide what each argument must
 *   be; KF_ACQUIRE / KF_RELEASE / KF_RET_NULL track references as helpers do; KF_TRUSTED_ARGS and
 *   KF_RCU want trusted or RCU pointers; bpf_rcu_read_lock/unlock open and close an RCU section;
 * - open-coded iterators (process_iter_arg, process_iter_next_call): ./iter.ts;
 * - check_ptr_to_btf_access: loads through PTR_TO_BTF_ID, a tracing program's context, and
 *   helpers that take or return BTF pointers: ./ptr_to_btf.ts;
 * - bpf_obj_new's allocated objects, lists, rbtrees, refcounts and kptr stashes: ./graph.ts.
 * What is not modelled is refused with a sentence rather than accepted unchecked: exceptions,
 * callbacks of kfuncs other than bpf_rbtree_add's and bpf_wq_set_callback_impl's (async, check_call.ts).
 */
import { BTF_KIND_FUNC, BTF_KIND_FUNC_PROTO, BTF_KIND_PTR, BTF_KIND_STRUCT, BTF_KIND_UNION, BTF_KIND_ARRAY, BTF_KIND_INT, BTF_KIND_ENUM, BTF_KIND_ENUM64, type BtfType, type BtfStruct } from '../btf/types.js';
import { Reg, RegType, markPtr, markRegUnknown, markRegNotInit, regTnumConst, regConstNum } from './reg.js';
import type { VState, FuncState } from './state.js';
import type { BtfTypes, VerifierMap } from './types.js';
import { regTypeStr } from './log.js';
import { skipMods, sizeofType, btfTypeName, PTR_TRUSTED, MEM_RCU, PTR_UNTRUSTED } from './btf_id.js';
import {
  kfuncFor, KFUNCS, KF_ACQUIRE, KF_RELEASE, KF_RET_NULL, KF_TRUSTED_ARGS, KF_SLEEPABLE, KF_DESTRUCTIVE, KF_RCU, KF_ITER_NEXT,
  KF_RCU_PROTECTED,
} from './kfunc_table.js';
import type { VerifierError } from './cfg.js';
import { processDynptrFunc, dynptrOf, BPF_DYNPTR_TYPE_SKB, BPF_DYNPTR_TYPE_XDP } from './dynptr.js';
import { type GraphMeta, newGraphMeta, graphArgKind, processGraphArg, graphAfterArgs, isGraphRetKfunc, graphRet, graphRetAfter } from './graph.js';
import {
  BPF_PROG_TYPE_SCHED_CLS, BPF_PROG_TYPE_SCHED_ACT, BPF_PROG_TYPE_XDP, BPF_PROG_TYPE_SOCKET_FILTER,
  BPF_PROG_TYPE_CGROUP_SKB, BPF_PROG_TYPE_CGROUP_SOCK, BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_PROG_TYPE_LWT_IN, BPF_PROG_TYPE_LWT_OUT,
  BPF_PROG_TYPE_LWT_XMIT, BPF_PROG_TYPE_LWT_SEG6LOCAL, BPF_PROG_TYPE_SOCK_OPS, BPF_PROG_TYPE_SK_SKB, BPF_PROG_TYPE_SK_MSG,
  BPF_PROG_TYPE_FLOW_DISSECTOR, BPF_PROG_TYPE_KPROBE, BPF_PROG_TYPE_PERF_EVENT, BPF_PROG_TYPE_CGROUP_DEVICE, BPF_PROG_TYPE_CGROUP_SYSCTL,
  BPF_PROG_TYPE_CGROUP_SOCKOPT, BPF_PROG_TYPE_SK_REUSEPORT, BPF_PROG_TYPE_SK_LOOKUP, BPF_PROG_TYPE_NETFILTER,
} from '../isa/bpf_types.js';
import { markBtfPtr, isTrustedReg, structIdsMatch } from './ptr_to_btf.js';
import { iterSlot, processIterArg, processIterNextCall } from './iter.js';

/** what the checker lends this module (the verifier's state and its primitives) */
export interface KfuncHost {
  readonly progType: number;
  readonly attachType: number;
  readonly attachTo: string;
  readonly sleepable: boolean;
  readonly gpl: boolean;
  readonly priv: boolean;
  /** the kernel's BTF, or undefined when there is none */
  kernelBtf(): BtfTypes | undefined;
  regs(): Reg[];
  state(): VState;
  err(errno: VerifierError['errno'], msg: string): never;
  newId(): number;
  markPrecise(regno: number): void;
  markInvalid(r: Reg): void;
  /** check_helper_mem_access of `size` bytes at the pointer in regno (write: the callee writes them) */
  checkMem(regno: number, size: number, write: boolean, zeroOk: boolean): void;
  /** push_stack: a copy of the current state, to continue at `insn` (the caller's next instruction) */
  pushBranch(insn: number, prev: number): VState;
  /** check_mem_access of an 8-byte write at `off` from the stack pointer in regno */
  stackWrite(regno: number, off: number): void;
  /** may_access_direct_pkt_data(env, NULL, BPF_WRITE) */
  directPktWrite(): boolean;
  /** env->prog->aux->btf: bpf_obj_new's local types (graph.ts) */
  progBtf(): BtfTypes | undefined;
  /** push_callback_call: explore `subprog` as a callback of the call at `insn`, `setup` filling its registers */
  pushCallback(insn: number, subprog: number, setup: (caller: FuncState, callee: FuncState) => void): void;
  /** push_async_cb with set_timer_callback_state: `subprog` runs later as a callback of `map`'s value (bpf_wq's: sleepable) */
  pushAsyncCallback(insn: number, subprog: number, sleepable: boolean, map: VerifierMap): void;
  /** process_wq_func (check_map_field_pointer): the map value pointer in regno points at the value's bpf_wq */
  mapFieldPointer(regno: number, field: 'bpf_wq'): VerifierMap;
  /** the kfunc named by the call at `insn` (undefined for anything else) */
  kfuncAt(insn: number): string | undefined;
  verbose(s: string): void;
  /** insn_aux_data[].kptr_struct_meta of the allocation kfunc calls seen so far (graph.ts) */
  readonly kptrStructMeta: Map<number, object | null>;
}

// ---- kfunc calls -----------------------------------------------------------------------------

/** struct bpf_kfunc_call_arg_meta: what check_kfunc_args learns of a call's arguments */
export interface KfuncMeta {
  name: string;
  flags: number;
  proto: BtfType & { kind: typeof BTF_KIND_FUNC_PROTO };
  /** meta->map.ptr: the map of a bpf_wq argument or a `__map` argument (bpf_wq_init, the arena kfuncs) */
  map: VerifierMap | null;
  /** meta->subprogno: a KF_ARG_PTR_TO_CALLBACK argument's subprogram */
  subprogno: number;
  refObjId: number;
  releaseRegno: number;
  iterFrame: FuncState | null;
  iterSpi: number;
  iterNrSlots: number;
  constArg: number | null;
  r0Size: number;
  r0Rdonly: boolean;
  /** meta->initialized_dynptr: the dynptr argument that was already initialised (id, type, ref_obj_id) */
  dynptr: { id: number; type: number; refObjId: number } | null;
  /** meta->arg_constant of a `__szk` size (bpf_dynptr_slice's buffer size) */
  memSizeConst: number | null;
  /** list heads, rbtree roots, nodes, allocated objects (graph.ts) */
  graph: GraphMeta;
}

/** the kfunc a call instruction names (its immediate is a kernel BTF FUNC id) */
export function kfuncName(btf: BtfTypes, imm: number): string | undefined {
  try {
    const f = btf.type(imm);
    return f.kind === BTF_KIND_FUNC ? f.name : undefined;
  } catch {
    return undefined;
  }
}

/** the log's text of a kfunc call: `call bpf_iter_num_next#63678` (the kernel's disasm_kfunc_name) */
export function kfuncCallText(h: KfuncHost, text: string, imm: number): string {
  const btf = h.kernelBtf();
  const n = btf && kfuncName(btf, imm);
  return n ? text.replace('kernel-function#', `${n}#`) : text;
}

/** is_iter_next_insn: a call of a KF_ITER_NEXT kfunc (a forced checkpoint, iterations converge there) */
export function isIterNextCall(h: KfuncHost, imm: number): boolean {
  const btf = h.kernelBtf();
  const n = btf && kfuncName(btf, imm);
  return !!n && ((KFUNCS.get(n)?.flags ?? 0) & KF_ITER_NEXT) !== 0;
}

const isScalarType = (t: BtfType | undefined): boolean => !!t && (t.kind === BTF_KIND_INT || t.kind === BTF_KIND_ENUM || t.kind === BTF_KIND_ENUM64);

/** check_kfunc_call */
export function checkKfuncCall(h: KfuncHost, insn: number, imm: number): void {
  const btf = h.kernelBtf();
  if (!btf) h.err('ENOTSUPP', 'calling kernel function is not supported without CONFIG_DEBUG_INFO_BTF (give the kernel\'s BTF with --btf-vmlinux)');
  let f: BtfType;
  try {
    f = btf.type(imm);
  } catch {
    h.err('EINVAL', `kernel btf_id ${imm} is not a function`);
  }
  if (f.kind !== BTF_KIND_FUNC) h.err('EINVAL', `kernel btf_id ${imm} is not a function`);
  const proto = btf.type(f.type);
  if (proto.kind !== BTF_KIND_FUNC_PROTO) h.err('EINVAL', `kernel function btf_id ${imm} does not have a valid func_proto`);
  const name = f.name;
  const d = kfuncFor(name, h.progType, h.attachType);
  if (!d) {
    if (KFUNCS.has(name)) h.err('EACCES', `calling kernel function ${name} is not allowed`);
    h.err('EACCES', `calling kernel function ${name} is not allowed (tsbpf's kfunc table does not have it)`);
  }
  const flags = d.flags;
  if (flags & KF_DESTRUCTIVE) h.err('EACCES', 'destructive kfunc calls require CAP_SYS_BOOT capability');
  const sleepable = (flags & KF_SLEEPABLE) !== 0;
  if (sleepable && !h.sleepable) h.err('EACCES', `program must be sleepable to call sleepable kfunc ${name}`);
  const meta: KfuncMeta = { name, flags, proto, map: null, subprogno: -1, refObjId: 0, releaseRegno: 0, iterFrame: null, iterSpi: -1, iterNrSlots: 0, constArg: null, r0Size: 0, r0Rdonly: false, dynptr: null, memSizeConst: null, graph: newGraphMeta() };
  // check_kfunc_call: a session's cookie is 8 writable bytes, not a read-only u64
  if (name === 'bpf_session_cookie') meta.r0Size = 8;
  checkKfuncArgs(h, btf, meta, insn);
  // check_kfunc_call: bpf_wq_set_callback_impl's callback runs later from a kworker, sleepable
  // (push_callback_call → push_async_cb with set_timer_callback_state)
  if (name === 'bpf_wq_set_callback_impl' && meta.subprogno >= 0 && meta.map) h.pushAsyncCallback(insn, meta.subprogno, true, meta.map);
  // the RCU read section (check_kfunc_call: rcu_lock / rcu_unlock)
  const st = h.state();
  const rcuLock = name === 'bpf_rcu_read_lock';
  const rcuUnlock = name === 'bpf_rcu_read_unlock';
  if (st.activeRcuLock) {
    if (rcuLock) h.err('EINVAL', `nested rcu read lock (kernel function ${name})`);
    else if (rcuUnlock) {
      // MEM_RCU pointers are no longer protected: untrusted from here
      st.forEachReg((r) => {
        if (r.type === RegType.PTR_TO_BTF_ID && r.btfFlags & MEM_RCU) { r.btfFlags = (r.btfFlags & ~MEM_RCU) | PTR_UNTRUSTED; r.maybeNull = false; }
      });
      st.activeRcuLock = false;
    } else if (sleepable) h.err('EACCES', `kernel func ${name} is sleepable within rcu_read_lock region`);
  } else if (rcuLock) st.activeRcuLock = true;
  else if (rcuUnlock) h.err('EINVAL', `unmatched rcu read unlock (kernel function ${name})`);
  if (flags & KF_RCU_PROTECTED && h.sleepable && !st.activeRcuLock) h.err('EACCES', `kernel func ${name} requires RCU critical section protection`);
  // the non-preemptible region (check_kfunc_call: preempt_disable / preempt_enable nest, counted)
  const preemptDisable = name === 'bpf_preempt_disable';
  const preemptEnable = name === 'bpf_preempt_enable';
  if (st.activePreemptLocks) {
    if (preemptDisable) st.activePreemptLocks++;
    else if (preemptEnable) st.activePreemptLocks--;
    else if (sleepable) h.err('EACCES', `kernel func ${name} is sleepable within non-preemptible region`);
  } else if (preemptDisable) st.activePreemptLocks++;
  else if (preemptEnable) h.err('EINVAL', `unmatched attempt to enable preemption (kernel function ${name})`);
  // KF_RELEASE: the referenced argument is gone, and every copy of it
  if (meta.releaseRegno) {
    const ref = h.regs()[meta.releaseRegno]!.refObjId;
    releaseReference(h, ref, name);
  }
  // bpf_rbtree_add's callback; an inserted node's reference becomes non-owning
  graphAfterArgs(h, name, meta.graph, insn);
  const regs = h.regs();
  for (let r = 1; r <= 5; r++) markRegNotInit(regs[r]!);
  const r0 = regs[0]!;
  const retId = skipMods(btf, proto.returnType);
  const ret = retId ? btf.type(retId) : undefined;
  // bpf_obj_new_impl, bpf_percpu_obj_new_impl and bpf_refcount_acquire_impl return `void *`
  const graphRetType = isGraphRetKfunc(name);
  if (flags & KF_ACQUIRE && !graphRetType && !(ret && ret.kind === BTF_KIND_PTR && btf.type(skipMods(btf, ret.type) || 0)?.kind === BTF_KIND_STRUCT)) {
    h.err('EINVAL', `acquire kernel function does not return PTR_TO_BTF_ID`);
  }
  if (!ret) markRegNotInit(r0);
  else if (isScalarType(ret)) markRegUnknown(r0);
  else if (ret.kind === BTF_KIND_PTR) {
    const ptId = skipMods(btf, ret.type);
    const pt = ptId ? btf.type(ptId) : undefined;
    if (graphRetType) {
      graphRet(h, name, meta.graph, meta.constArg, r0, (b, id) => scalarStruct(b, b.type(id), 0));
    } else if (name === 'bpf_cast_to_kern_ctx') {
      const kctx = kernCtxStruct(h.progType);
      const t = kctx ? btf.find(kctx, BTF_KIND_STRUCT) : undefined;
      if (!t) h.err('EINVAL', `bpf_cast_to_kern_ctx: no kernel context type for this program type`);
      markBtfPtr(r0, btf, t.id, PTR_TRUSTED);
    } else if (name === 'bpf_rdonly_cast') {
      const t = meta.constArg !== null ? safeType(btf, meta.constArg) : undefined;
      // btf_type_is_struct: a union is one too (the selftest casts to union bpf_attr)
      if (!t || (t.kind !== BTF_KIND_STRUCT && t.kind !== BTF_KIND_UNION)) h.err('EINVAL', 'kfunc bpf_rdonly_cast type ID argument must be of a struct');
      markBtfPtr(r0, btf, meta.constArg!, PTR_UNTRUSTED);
    } else if (name === 'bpf_dynptr_slice' || name === 'bpf_dynptr_slice_rdwr') {
      dynptrSliceRet(h, r0, meta.dynptr, meta.memSizeConst, name === 'bpf_dynptr_slice');
    } else if (!pt) {
      // a kfunc returning 'void *' is equivalent to returning a scalar
      markRegUnknown(r0);
    } else if (pt.kind !== BTF_KIND_STRUCT && pt.kind !== BTF_KIND_UNION) {
      const sz = meta.r0Size || sizeofType(btf, ptId);
      if (!sz) h.err('EINVAL', `kernel function ${name} returns pointer type ${pt.name} is not supported`);
      markPtr(r0, RegType.PTR_TO_MEM);
      r0.memSize = sz;
      r0.rdonly = meta.r0Size ? meta.r0Rdonly : true;
      if (meta.refObjId) r0.refObjId = meta.refObjId;
    } else {
      let f2 = 0;
      if (flags & KF_ITER_NEXT) f2 = meta.iterFrame && (iterSlot(meta.iterFrame, meta.iterSpi)?.btfFlags ?? 0) & MEM_RCU ? MEM_RCU : PTR_TRUSTED;
      markBtfPtr(r0, btf, ptId, f2);
    }
    // is_kfunc_ret_null: bpf_refcount_acquire of an owning reference cannot fail
    const retNull = (flags & KF_RET_NULL) !== 0 && !(name === 'bpf_refcount_acquire_impl' && meta.graph.argOwningRef);
    if (retNull) { r0.maybeNull = true; r0.id = h.newId(); }
    if (flags & KF_ACQUIRE) {
      const id = h.newId();
      st.refs.push({ id, insn });
      if (retNull) r0.id = id;
      r0.refObjId = id;
    }
    if (graphRetType) graphRetAfter(h, name, r0);
  } else h.err('EINVAL', `kernel function ${name} has an unsupported return type`);
  if (flags & KF_ITER_NEXT) processIterNextCall(h, insn, meta);
}

function safeType(btf: BtfTypes, id: number): BtfType | undefined {
  try { return btf.type(id); } catch { return undefined; }
}

/**
 * get_kern_ctx_btf_id: the kernel struct behind a program type's context (the second name of each
 * BPF_PROG_TYPE() line of include/linux/bpf_types.h), for bpf_cast_to_kern_ctx
 */
const KERN_CTX: Record<number, string> = {
  [BPF_PROG_TYPE_SOCKET_FILTER]: 'sk_buff', [BPF_PROG_TYPE_SCHED_CLS]: 'sk_buff', [BPF_PROG_TYPE_SCHED_ACT]: 'sk_buff',
  [BPF_PROG_TYPE_XDP]: 'xdp_buff', [BPF_PROG_TYPE_CGROUP_SKB]: 'sk_buff', [BPF_PROG_TYPE_CGROUP_SOCK]: 'sock',
  [BPF_PROG_TYPE_CGROUP_SOCK_ADDR]: 'bpf_sock_addr_kern', [BPF_PROG_TYPE_LWT_IN]: 'sk_buff', [BPF_PROG_TYPE_LWT_OUT]: 'sk_buff',
  [BPF_PROG_TYPE_LWT_XMIT]: 'sk_buff', [BPF_PROG_TYPE_LWT_SEG6LOCAL]: 'sk_buff', [BPF_PROG_TYPE_SOCK_OPS]: 'bpf_sock_ops_kern',
  [BPF_PROG_TYPE_SK_SKB]: 'sk_buff', [BPF_PROG_TYPE_SK_MSG]: 'sk_msg', [BPF_PROG_TYPE_FLOW_DISSECTOR]: 'bpf_flow_dissector',
  [BPF_PROG_TYPE_KPROBE]: 'pt_regs', [BPF_PROG_TYPE_PERF_EVENT]: 'bpf_perf_event_data_kern', [BPF_PROG_TYPE_CGROUP_DEVICE]: 'bpf_cgroup_dev_ctx',
  [BPF_PROG_TYPE_CGROUP_SYSCTL]: 'bpf_sysctl_kern', [BPF_PROG_TYPE_CGROUP_SOCKOPT]: 'bpf_sockopt_kern',
  [BPF_PROG_TYPE_SK_REUSEPORT]: 'sk_reuseport_kern', [BPF_PROG_TYPE_SK_LOOKUP]: 'bpf_sk_lookup_kern', [BPF_PROG_TYPE_NETFILTER]: 'bpf_nf_ctx',
};
function kernCtxStruct(progType: number): string | undefined {
  return KERN_CTX[progType];
}

/** release_reference: the reference goes, and every register and spill carrying it is invalid */
export function releaseReference(h: KfuncHost, ref: number, name: string): void {
  const st = h.state();
  if (!ref || !st.refs.some((x) => x.id === ref)) h.err('EINVAL', `kfunc ${name} reference has not been acquired before`);
  st.refs = st.refs.filter((x) => x.id !== ref);
  st.forEachReg((x) => { if (x.refObjId === ref) h.markInvalid(x); });
}

/** the parameter's name ends in one of the kernel's annotations (is_kfunc_arg_*: "__sz", "__k"...) */
const suffix = (name: string, s: string): boolean => name.length > s.length && name.endsWith(s);

/** check_kfunc_args */
function checkKfuncArgs(h: KfuncHost, btf: BtfTypes, meta: KfuncMeta, insn: number): void {
  const params = meta.proto.params;
  if (params.length > 5) h.err('EINVAL', `Function ${meta.name} has ${params.length} > 5 args`);
  const regs = h.regs();
  const trustedArgs = (meta.flags & KF_TRUSTED_ARGS) !== 0;
  const rcuArgs = (meta.flags & KF_RCU) !== 0;
  const release = (meta.flags & KF_RELEASE) !== 0;
  for (let i = 0; i < params.length; i++) {
    const regno = i + 1;
    const reg = regs[regno]!;
    const p = params[i]!;
    const tid = skipMods(btf, p.type);
    const t = tid ? btf.type(tid) : undefined;
    // `__ign`; `__prog` (6.16+, is_kfunc_arg_prog): fixup_kfunc_call puts the program's aux there
    if (suffix(p.name, '__ign') || suffix(p.name, '__prog')) continue;
    if (isScalarType(t)) {
      if (reg.type !== RegType.SCALAR_VALUE) h.err('EINVAL', `R${regno} is not a scalar`);
      if (suffix(p.name, '__k')) {
        if (!regTnumConst(reg)) h.err('EINVAL', `R${regno} must be a known constant`);
        h.markPrecise(regno);
        meta.constArg = regConstNum(reg);
      } else if (p.name === 'rdonly_buf_size' || p.name === 'rdwr_buf_size') {
        if (!regTnumConst(reg)) h.err('EINVAL', `R${regno} is not a const`);
        meta.r0Size = regConstNum(reg);
        meta.r0Rdonly = p.name === 'rdonly_buf_size';
        h.markPrecise(regno);
      }
      continue;
    }
    if (!t || t.kind !== BTF_KIND_PTR) h.err('EINVAL', `Unrecognized arg#${i} type ${t ? t.kind : 'void'}`);
    const isNull = reg.type === RegType.SCALAR_VALUE && regTnumConst(reg) && regConstNum(reg) === 0;
    const nullable = suffix(p.name, '__nullable') || suffix(p.name, '__opt');
    if ((trustedArgs || rcuArgs) && (isNull || reg.maybeNull) && !nullable) h.err('EACCES', `Possibly NULL pointer passed to trusted arg${i}`);
    if (reg.refObjId) {
      if (release && meta.refObjId) h.err('EFAULT', `verifier internal error: more than one arg with ref_obj_id R${regno} ${reg.refObjId} ${meta.refObjId}`);
      meta.refObjId = reg.refObjId;
      if (release) meta.releaseRegno = regno;
    }
    const refId = skipMods(btf, t.type);
    const ref = refId ? btf.type(refId) : undefined;
    const refName = ref?.name ?? 'void';
    // get_kfunc_ptr_arg_type
    if (meta.name === 'bpf_cast_to_kern_ctx' || isProgCtxType(refName, h.progType)) {
      if (reg.type !== RegType.PTR_TO_CTX) h.err('EINVAL', `arg#${i} expected pointer to ctx, but got ${regTypeStr(reg)}`);
      continue;
    }
    if (nullable && isNull) {
      // KF_ARG_PTR_TO_MEM_SIZE with an optional NULL buffer: a `__szk` size is still the constant
      const next = params[i + 1];
      if (next && suffix(next.name, '__szk')) {
        const sz = regs[regno + 1]!;
        if (!regTnumConst(sz)) h.err('EINVAL', `R${regno + 1} must be a known constant`);
        meta.memSizeConst = regConstNum(sz);
        i++;
      }
      continue;
    }
    const gk = graphArgKind(p.name, ref?.kind === BTF_KIND_STRUCT ? refName : undefined, ref?.kind === BTF_KIND_FUNC_PROTO && meta.name === 'bpf_rbtree_add_impl');
    if (gk) {
      processGraphArg(h, meta.name, meta.graph, gk, i, regno, release);
      continue;
    }
    if (ref && ref.kind === BTF_KIND_STRUCT && refName === 'bpf_dynptr') {
      kfuncDynptrArg(h, meta, regno, suffix(p.name, '__uninit'), insn);
      continue;
    }
    if (ref && ref.kind === BTF_KIND_STRUCT && refName.startsWith('bpf_iter_')) {
      processIterArg(h, btf, meta, regno, ref as BtfStruct, insn);
      continue;
    }
    if (ref && ref.kind === BTF_KIND_STRUCT && refName === 'bpf_wq') {
      // KF_ARG_PTR_TO_WORKQUEUE: process_wq_func
      if (reg.type !== RegType.PTR_TO_MAP_VALUE || reg.maybeNull) h.err('EINVAL', `arg#${i} doesn't point to a map value`);
      meta.map = h.mapFieldPointer(regno, 'bpf_wq');
      continue;
    }
    if (suffix(p.name, '__map')) {
      // KF_ARG_PTR_TO_MAP: a map pointer (reg->map_ptr); bpf_wq_init's must be its workqueue's own
      // map, the same inner map of the same lookup (map_uid)
      if (reg.type === RegType.PTR_TO_BTF_ID) {
        // a kernel `struct bpf_map *` (a bpf_map iterator's ctx->map): KF_ARG_PTR_TO_BTF_ID's checks
        if (reg.maybeNull) h.err('EACCES', `Possibly NULL pointer passed to trusted arg${i}`);
        const have = btfTypeName(reg.btf!, reg.btfId);
        if (have !== 'bpf_map') h.err('EINVAL', `kernel function ${meta.name} args#${i} expected pointer to STRUCT bpf_map but R${regno} has a pointer to STRUCT ${have}`);
        if ((trustedArgs || rcuArgs) && !isTrustedReg(reg)) h.err('EACCES', `R${regno} type=${regTypeStr(reg)} expected=ptr_, trusted_ptr_, rcu_ptr_`);
        continue;
      }
      if (!reg.map || !(reg.type === RegType.CONST_PTR_TO_MAP || reg.type === RegType.PTR_TO_MAP_VALUE || reg.type === RegType.PTR_TO_MAP_KEY)) {
        h.err('EINVAL', `pointer in R${regno} isn't map pointer`);
      }
      if (meta.map && (reg.map.wqOff ?? -1) >= 0 && meta.map !== reg.map) {
        h.err('EINVAL', `workqueue pointer in R1 map_uid=${meta.map.mapUid ?? 0} doesn't match map pointer in R${regno} map_uid=${reg.map.mapUid ?? 0}`);
      }
      meta.map = reg.map;
      // then KF_ARG_PTR_TO_BTF_ID against struct bpf_map: only a CONST_PTR_TO_MAP is one
      if (reg.type !== RegType.CONST_PTR_TO_MAP || reg.maybeNull) h.err('EINVAL', `arg#${i} expected pointer to map, but got ${regTypeStr(reg)}`);
      continue;
    }
    if (ref && ref.kind === BTF_KIND_FUNC_PROTO && meta.name === 'bpf_wq_set_callback_impl') {
      // KF_ARG_PTR_TO_CALLBACK
      if (reg.type !== RegType.PTR_TO_FUNC) h.err('EINVAL', `arg${i} expected pointer to func`);
      meta.subprogno = reg.subprog;
      continue;
    }
    if (suffix(p.name, '__str')) {
      h.err('EINVAL', `tsbpf does not model the kfunc argument ${p.name} of ${meta.name} yet`);
    }
    const regIsBtf = reg.type === RegType.PTR_TO_BTF_ID || reg.type === RegType.PTR_TO_SOCKET || reg.type === RegType.PTR_TO_SOCK_COMMON || reg.type === RegType.PTR_TO_TCP_SOCK;
    if (regIsBtf) {
      if (!ref || ref.kind !== BTF_KIND_STRUCT) h.err('EINVAL', `kernel function ${meta.name} args#${i} pointer type ${ref ? 'STRUCT' : 'void'} ${refName} is not supported`);
      if (reg.maybeNull && !nullable) h.err('EACCES', `Possibly NULL pointer passed to trusted arg${i}`);
      if (trustedArgs || rcuArgs) {
        if (!isTrustedReg(reg)) {
          if (!rcuArgs) h.err('EINVAL', `R${regno} must be referenced or trusted`);
          if (!(reg.btfFlags & MEM_RCU)) h.err('EINVAL', `R${regno} must be a rcu pointer`);
        }
      }
      if (reg.type !== RegType.PTR_TO_BTF_ID) h.err('EINVAL', `tsbpf does not pass ${regTypeStr(reg)} to kernel functions yet`);
      if (release && reg.refObjId && (reg.off !== 0 || !regTnumConst(reg) || regConstNum(reg) !== 0)) h.err('EINVAL', `R${regno} must have zero offset when passed to release func or trusted arg to kfunc`);
      const strict = release && reg.refObjId !== 0;
      // btf_is_projection_of: a kfunc taking `struct __sk_buff *` / `struct xdp_md *` accepts the
      // kernel's sk_buff / xdp_buff they project (bpf_dynptr_from_skb from tp_btf or netfilter)
      const projection = (refName === '__sk_buff' && btfTypeName(reg.btf!, reg.btfId) === 'sk_buff') || (refName === 'xdp_md' && btfTypeName(reg.btf!, reg.btfId) === 'xdp_buff');
      if (!projection && (reg.btf !== btf || !structIdsMatch(btf, reg.btfId, reg.off, refId, strict))) {
        h.err('EINVAL', `kernel function ${meta.name} args#${i} expected pointer to STRUCT ${refName} but R${regno} has a pointer to STRUCT ${btfTypeName(reg.btf!, reg.btfId)}`);
      }
      continue;
    }
    // a pointer to memory: a scalar, a struct of scalars, or void with a size argument after it
    const next = params[i + 1];
    const memSize = !!next && (suffix(next.name, '__sz') || suffix(next.name, '__szk'));
    if (!(ref && (isScalarType(ref) || scalarStruct(btf, ref, 0))) && !(memSize && !ref)) {
      h.err('EINVAL', `arg#${i} pointer type ${ref ? kindWord(ref) : 'UNKNOWN'} ${refName} must point to ${memSize ? 'void, ' : ''}scalar, or struct with scalar`);
    }
    if (release && reg.refObjId) continue;
    const write = suffix(p.name, '__uninit');
    if (memSize) {
      const sz = regs[regno + 1]!;
      if (sz.type !== RegType.SCALAR_VALUE) h.err('EINVAL', `R${regno + 1} is not a scalar`);
      if (suffix(next!.name, '__szk') && !regTnumConst(sz)) h.err('EINVAL', `R${regno + 1} must be a known constant`);
      if (sz.smin < 0n) h.err('EACCES', `R${regno + 1} min value is negative, either use unsigned or 'var &= const'`);
      if (sz.umax >= 1n << 29n) h.err('EACCES', `R${regno + 1} unbounded memory access, use 'var &= const' or 'if (var < const)'`);
      h.markPrecise(regno + 1);
      h.checkMem(regno, Number(sz.umax), write, true);
      if (suffix(next!.name, '__szk')) meta.memSizeConst = regConstNum(sz);
      i++;
      continue;
    }
    h.checkMem(regno, sizeofType(btf, refId), write, false);
  }
  if (release && !meta.releaseRegno) h.err('EINVAL', `release kernel function ${meta.name} expects refcounted PTR_TO_BTF_ID`);
}

function kindWord(t: BtfType): string {
  return ['UNKNOWN', 'INT', 'PTR', 'ARRAY', 'STRUCT', 'UNION', 'ENUM', 'FWD', 'TYPEDEF', 'VOLATILE', 'CONST', 'RESTRICT', 'FUNC', 'FUNC_PROTO', 'VAR', 'DATASEC', 'FLOAT', 'DECL_TAG', 'TYPE_TAG', 'ENUM64'][t.kind] ?? 'UNKNOWN';
}

/** __btf_type_is_scalar_struct: a struct or union of scalars, arrays of scalars, and such structs (3 deep) */
function scalarStruct(btf: BtfTypes, t: BtfType, depth: number): boolean {
  if (t.kind !== BTF_KIND_STRUCT && t.kind !== BTF_KIND_UNION) return false;
  for (const m of t.members) {
    const mt = btf.type(skipMods(btf, m.type) || 0);
    if (mt.kind === BTF_KIND_STRUCT || mt.kind === BTF_KIND_UNION) {
      if (depth >= 3 || !scalarStruct(btf, mt, depth + 1)) return false;
      continue;
    }
    if (mt.kind === BTF_KIND_ARRAY) {
      if (!mt.nelems || !isScalarType(btf.type(skipMods(btf, mt.type) || 0))) return false;
      continue;
    }
    if (!isScalarType(mt)) return false;
  }
  return true;
}

/** btf_is_prog_ctx_type for the program types tsbpf types: `struct __sk_buff *` and friends */
function isProgCtxType(name: string, progType: number): boolean {
  switch (progType) {
    case BPF_PROG_TYPE_SOCKET_FILTER: case BPF_PROG_TYPE_SCHED_CLS: case BPF_PROG_TYPE_SCHED_ACT: case BPF_PROG_TYPE_CGROUP_SKB: return name === '__sk_buff';
    case BPF_PROG_TYPE_XDP: return name === 'xdp_md';
    default: return false;
  }
}

// ---- dynptrs (./dynptr.ts) ------------------------------------------------------------------

/** check_kfunc_args, KF_ARG_PTR_TO_DYNPTR */
function kfuncDynptrArg(h: KfuncHost, meta: KfuncMeta, regno: number, uninit: boolean, insn: number): void {
  const reg = h.regs()[regno]!;
  const rdonly = reg.type === RegType.CONST_PTR_TO_DYNPTR;
  let type = 0;
  let cloneRefObjId = 0;
  if (meta.name === 'bpf_dynptr_from_skb') type = BPF_DYNPTR_TYPE_SKB;
  else if (meta.name === 'bpf_dynptr_from_xdp') type = BPF_DYNPTR_TYPE_XDP;
  else if (meta.name === 'bpf_dynptr_clone' && uninit) {
    if (!meta.dynptr) h.err('EFAULT', 'verifier internal error: no dynptr type for parent of clone');
    type = meta.dynptr.type;
    cloneRefObjId = meta.dynptr.refObjId;
  }
  processDynptrFunc(h, regno, insn, { uninit, rdonly, type, cloneRefObjId }, (off) => h.stackWrite(regno, off));
  if (!uninit) {
    const d = dynptrOf(h, reg);
    meta.dynptr = { id: d.id, type: d.dynptrType, refObjId: d.refObjId };
  }
}

/** check_kfunc_call's r0 of bpf_dynptr_slice(_rdwr): PTR_TO_MEM of the buffer's constant size */
function dynptrSliceRet(h: KfuncHost, r0: Reg, d: KfuncMeta['dynptr'], size: number | null, rdonly: boolean): void {
  if (size === null) h.err('EFAULT', 'verifier internal error: bpf_dynptr_slice(_rdwr) no constant size');
  if (!rdonly && !h.directPktWrite()) h.err('EINVAL', 'the prog does not allow writes to packet data');
  if (!d || !d.id) h.err('EFAULT', 'verifier internal error: no dynptr id');
  markPtr(r0, RegType.PTR_TO_MEM);
  r0.memSize = size;
  r0.rdonly = rdonly;
  r0.dynptrType = d.type;
  // packet slices are not refcounted (dynptr_type_refcounted): no ref_obj_id
  r0.dynptrId = d.id;
}

export { KF_ACQUIRE, KF_RELEASE, KF_RET_NULL };
