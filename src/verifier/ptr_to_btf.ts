/**
 * Loads through BTF-typed pointers in the verifier, as kernel/bpf/verifier.c has them:
 * - check_ptr_to_btf_access: loads through PTR_TO_BTF_ID (what the loaded pointer's trust is:
 *   PTR_TRUSTED, MEM_RCU or PTR_UNTRUSTED), and a BTF-typed tracing program's context (./btf_id.ts);
 * - check_ptr_to_map_access: loads through CONST_PTR_TO_MAP read the map's kernel struct;
 * - nf_is_valid_access: a netfilter program's context;
 * - helpers that take or return BTF pointers (ARG_PTR_TO_BTF_ID, RET_PTR_TO_BTF_ID*,
 *   bpf_get_current_task_btf, bpf_skc_to_*), with btf_struct_ids_match.
 * The kfunc calls that take and return such pointers are ./kfunc.ts.
 */
import { BTF_KIND_STRUCT } from '../btf/types.js';
import { type Reg, RegType, markPtr, markRegUnknown, regTnumConst, regConstNum } from './reg.js';
import type { BtfTypes } from './types.js';
import { regTypeStr } from './log.js';
import {
  btfStructAccess, btfCtxAccess, attachProto, safeField, skipMods, nestedStructAt, btfTypeName, PTR_TRUSTED, MEM_RCU, PTR_UNTRUSTED, MEM_ALLOC, MEM_PERCPU,
} from './btf_id.js';
import { checkAllocFieldAccess } from './graph.js';
import { BPF_PROG_TYPE_TRACING, BPF_PROG_TYPE_LSM, BPF_PROG_TYPE_STRUCT_OPS } from '../isa/bpf_types.js';
import { structOpsWriteError, structOpsCtxBtfId } from './struct_ops.js';
import type { KfuncHost } from './kfunc.js';
/** the kernel's message when a program needs kernel BTF that is not there */
export function needKernelBtf(h: KfuncHost, what: string): BtfTypes {
  const b = h.kernelBtf();
  if (!b) h.err('ENOTSUPP', `${what} needs the kernel's BTF (CONFIG_DEBUG_INFO_BTF: /sys/kernel/btf/vmlinux, or a file given with --btf-vmlinux)`);
  return b;
}


/** in_rcu_cs: non-sleepable programs always run in an RCU read section */
export function inRcuCs(h: KfuncHost): boolean {
  return h.state().activeRcuLock || !!h.state().activeLock || !h.sleepable;
}

/** a PTR_TO_BTF_ID register of `btf`'s type id */
export function markBtfPtr(r: Reg, btf: BtfTypes, btfId: number, flags: number): void {
  markPtr(r, RegType.PTR_TO_BTF_ID);
  r.btf = btf;
  r.btfId = btfId;
  r.btfFlags = flags;
}

/**
 * check_ptr_to_btf_access: a load of `size` bytes at `off` through the PTR_TO_BTF_ID in `reg`;
 * returns how to set the destination register
 */
export function btfPtrAccess(h: KfuncHost, regno: number, reg: Reg, off: number, size: number, write: boolean): (d: Reg) => void {
  const btf = reg.btf!;
  const tname = btfTypeName(btf, reg.btfId);
  if (!h.priv) h.err('EACCES', `'struct ${tname}' access is allowed only to CAP_PERFMON and CAP_SYS_ADMIN`);
  if (!h.gpl && !(reg.btfFlags & MEM_ALLOC)) h.err('EACCES', `Cannot access kernel 'struct ${tname}' from non-GPL compatible program`);
  if (off < 0) h.err('EACCES', `R${regno} is ptr_${tname} invalid negative access: off=${off}`);
  if (!regTnumConst(reg) || regConstNum(reg) !== 0) h.err('EACCES', `R${regno} is ptr_${tname} invalid variable offset: off=${off}`);
  if (reg.btfFlags & MEM_PERCPU) h.err('EACCES', `R${regno} is ptr_${tname} access percpu memory: off=${off}`);
  if (write && !(reg.btfFlags & MEM_ALLOC)) {
    // check_ptr_to_btf_access: env->ops->btf_struct_access decides a write; struct_ops
    // programs have one (tcp_congestion_ops: bpf_tcp_ca_btf_struct_access), the others none
    const msg = h.progType === BPF_PROG_TYPE_STRUCT_OPS ? structOpsWriteError(btf, h.attachTo, reg.btfId, off, size) : 'only read is supported';
    if (msg) h.err('EACCES', msg);
    return markRegUnknown;
  }
  checkAllocFieldAccess(h, reg, off, size);
  const a = btfStructAccess(btf, reg.btfId, off, size);
  if (a.kind === 'error') h.err('EACCES', a.msg);
  if (a.kind === 'scalar') return markRegUnknown;
  // check_ptr_to_btf_access: the loaded pointer keeps its parent's trust only through a field the
  // kernel vouches for — vmlinux's `<struct>__safe_trusted[_or_null]` always, `__safe_rcu[_or_null]`
  // and `__rcu`-tagged members inside an RCU critical section — and only from a trusted, RCU or
  // referenced parent. Everything else walked is PTR_UNTRUSTED: Linux 6.18 marks pointers walked
  // from a plain PTR_TO_BTF_ID (bpf_sock_from_file's socket -> sk) and unknown fields of a trusted
  // one (task->mm) `untrusted_ptr_` (6.12 left them plain, "Old compat"), so helpers refuse them.
  const safe = (suffix: string): boolean => safeField(btf, reg.btfId, a.field, a.btfId, suffix);
  let flags = PTR_UNTRUSTED;
  let maybeNull = false;
  if (!(reg.btfFlags & PTR_UNTRUSTED) && (isTrustedReg(reg) || reg.btfFlags & MEM_RCU)) {
    const rcuOk = inRcuCs(h) && !reg.maybeNull;
    if (safe('__safe_trusted')) flags = PTR_TRUSTED;
    else if (safe('__safe_trusted_or_null')) { flags = PTR_TRUSTED; maybeNull = true; }
    else if (rcuOk && safe('__safe_rcu')) flags = MEM_RCU;
    else if (rcuOk && (a.rcu || safe('__safe_rcu_or_null'))) { flags = MEM_RCU; maybeNull = true; }
  }
  if (a.percpu) flags = (flags & PTR_UNTRUSTED) | MEM_PERCPU;
  if (a.user) { flags = PTR_UNTRUSTED; maybeNull = false; }
  const id = maybeNull ? h.newId() : 0;
  return (d: Reg) => {
    markBtfPtr(d, btf, a.btfId, flags);
    if (maybeNull) { d.maybeNull = true; d.id = id; }
  };
}

/** the context of a BTF-typed tracing program (tp_btf, fentry/fexit/fmod_ret, lsm, iter) or a struct_ops member */
export function isBtfCtxProg(progType: number, attachTo: string): boolean {
  return (progType === BPF_PROG_TYPE_TRACING || progType === BPF_PROG_TYPE_LSM || progType === BPF_PROG_TYPE_STRUCT_OPS) && attachTo !== '';
}

export function tracingCtxAccess(h: KfuncHost, off: number, size: number, write: boolean): (d: Reg) => void {
  const btf = needKernelBtf(h, `a tracing program attached to '${h.attachTo}'`);
  if (write) h.err('EACCES', `invalid bpf_context access off=${off} size=${size}`);
  const target = attachProto(btf, h.progType, h.attachType, h.attachTo);
  if (!target) h.err('ESRCH', `the kernel's BTF has no attach target '${h.attachTo}' for this program type`);
  if (off < 0 || off >= 8 * 12 || off % size !== 0) h.err('EACCES', `invalid bpf_context access off=${off} size=${size}`);
  const a = btfCtxAccess(btf, target, h.progType, h.attachType, off, size);
  if (a.kind === 'error') h.err('EACCES', `${a.msg}\ninvalid bpf_context access off=${off} size=${size}`.split('\n').pop()!);
  if (a.kind === 'scalar') return markRegUnknown;
  if (size !== 8) h.err('EACCES', `invalid bpf_context access off=${off} size=${size}`);
  const id = a.maybeNull ? h.newId() : 0;
  const btfId = h.progType === BPF_PROG_TYPE_STRUCT_OPS ? structOpsCtxBtfId(btf, h.attachTo, a.btfId) : a.btfId;
  return (d: Reg) => {
    markBtfPtr(d, btf, btfId, a.flags);
    if (a.maybeNull) { d.maybeNull = true; d.id = id; }
  };
}

/**
 * the kernel struct behind each map type's `struct bpf_map` (the BTF_ID_LIST_SINGLE(*_map_btf_ids)
 * of each map's bpf_map_ops: map_btf_id), for check_ptr_to_map_access
 */
const MAP_BTF_STRUCT: Record<number, string> = {
  1: 'bpf_htab', 2: 'bpf_array', 3: 'bpf_array', 4: 'bpf_array', 5: 'bpf_htab', 6: 'bpf_array', 7: 'bpf_stack_map',
  8: 'bpf_array', 9: 'bpf_htab', 10: 'bpf_htab', 11: 'lpm_trie', 12: 'bpf_array', 13: 'bpf_htab', 14: 'bpf_dtab',
  15: 'bpf_stab', 16: 'bpf_cpu_map', 17: 'xsk_map', 18: 'bpf_shtab', 19: 'bpf_cgroup_storage_map', 20: 'reuseport_array',
  21: 'bpf_cgroup_storage_map', 22: 'bpf_queue_stack', 23: 'bpf_queue_stack', 24: 'bpf_local_storage_map', 25: 'bpf_dtab',
  26: 'bpf_struct_ops_map', 27: 'bpf_ringbuf_map', 28: 'bpf_local_storage_map', 29: 'bpf_local_storage_map',
  30: 'bpf_bloom_filter', 31: 'bpf_ringbuf_map', 32: 'bpf_local_storage_map', 33: 'bpf_arena',
};

/** check_ptr_to_map_access: a load through a CONST_PTR_TO_MAP reads the map's kernel struct */
export function mapPtrAccess(h: KfuncHost, regno: number, mapType: number, off: number, size: number, write: boolean): (d: Reg) => void {
  const sname = MAP_BTF_STRUCT[mapType];
  if (!sname) h.err('ENOTSUPP', `map_ptr access not supported for map type ${mapType}`);
  const btf = needKernelBtf(h, 'a load through a map pointer');
  const t = btf.find(sname, BTF_KIND_STRUCT);
  if (!t) h.err('ENOTSUPP', `map_ptr access not supported for map type ${mapType}`);
  if (!h.priv) h.err('EACCES', `'struct ${sname}' access is allowed only to CAP_PERFMON and CAP_SYS_ADMIN`);
  if (off < 0) h.err('EACCES', `R${regno} is ${sname} invalid negative access: off=${off}`);
  if (write) h.err('EACCES', `only read from ${sname} is supported`);
  const a = btfStructAccess(btf, t.id, off, size);
  if (a.kind === 'error') h.err('EACCES', a.msg);
  if (a.kind === 'scalar') return markRegUnknown;
  return (d: Reg) => markBtfPtr(d, btf, a.btfId, a.user ? PTR_UNTRUSTED : 0);
}

/**
 * nf_is_valid_access (net/netfilter/nf_bpf_link.c): a netfilter program's `struct bpf_nf_ctx`
 * holds two trusted kernel pointers, `state` (struct nf_hook_state) and `skb` (struct sk_buff)
 */
export function netfilterCtxAccess(h: KfuncHost, off: number, size: number, write: boolean): (d: Reg) => void {
  if (write || size !== 8 || (off !== 0 && off !== 8)) h.err('EACCES', `invalid bpf_context access off=${off} size=${size}`);
  const btf = needKernelBtf(h, 'a netfilter program\'s context');
  const t = btf.find(off === 0 ? 'nf_hook_state' : 'sk_buff', BTF_KIND_STRUCT);
  if (!t) h.err('EACCES', `invalid bpf_context access off=${off} size=${size}`);
  return (d: Reg) => markBtfPtr(d, btf, t.id, PTR_TRUSTED);
}

/**
 * a helper's RET_PTR_TO_BTF_ID*: r0 points to the named kernel struct (bpf_get_current_task_btf
 * is trusted; bpf_skc_to_* may be NULL)
 */
export function helperRetBtf(h: KfuncHost, r0: Reg, structName: string, retType: string, helper: string): void {
  const btf = needKernelBtf(h, `${helper}`);
  const t = btf.find(structName, BTF_KIND_STRUCT);
  if (!t) h.err('EINVAL', `${helper}: the kernel's BTF has no struct ${structName}`);
  const trusted = retType === 'RET_PTR_TO_BTF_ID_TRUSTED';
  markBtfPtr(r0, btf, t.id, trusted ? PTR_TRUSTED : 0);
  if (retType.endsWith('_OR_NULL')) { r0.maybeNull = true; r0.id = h.newId(); }
}

/**
 * ARG_PTR_TO_BTF_ID of a helper (check_reg_type with arg_btf_id): a PTR_TO_BTF_ID of the struct
 * (or one that starts with it), not NULL
 */
export function helperArgBtf(h: KfuncHost, regno: number, reg: Reg, structName: string | undefined, nullable = false): void {
  // btf_ptr_types (compatible_reg_types): PTR_TO_BTF_ID plain, PTR_TRUSTED or MEM_RCU — never
  // PTR_UNTRUSTED (check_reg_type compares the whole type); NULL-able only where the argument is
  if (reg.type !== RegType.PTR_TO_BTF_ID || (reg.maybeNull && !nullable) || reg.btfFlags & PTR_UNTRUSTED) h.err('EACCES', `R${regno} type=${regTypeStr(reg)} expected=ptr_, trusted_ptr_, rcu_ptr_`);
  if (!structName) return;
  const btf = reg.btf!;
  const want = btf.find(structName, BTF_KIND_STRUCT);
  if (!want || !structIdsMatch(btf, reg.btfId, reg.off, want.id, false)) {
    h.err('EACCES', `R${regno} is of type ${btfTypeName(btf, reg.btfId)} but ${structName} is expected`);
  }
}

/** ARG_PTR_TO_BTF_ID_SOCK_COMMON takes a BTF pointer to any socket (btf_sock_ids): one that starts with sock_common */
export function sockCommonBtf(reg: Reg): boolean {
  // btf_id_sock_common_types: PTR_TO_BTF_ID plain or PTR_TRUSTED (not RCU, not untrusted)
  if (reg.type !== RegType.PTR_TO_BTF_ID || !reg.btf || reg.btfFlags & ~PTR_TRUSTED) return false;
  const want = reg.btf.find('sock_common', BTF_KIND_STRUCT);
  return !!want && structIdsMatch(reg.btf, reg.btfId, reg.off, want.id, false);
}

/** btf_struct_ids_match: the same struct, or (not strict) one whose first member is it, at offset 0 */
export function structIdsMatch(btf: BtfTypes, have: number, off: number, want: number, strict: boolean): boolean {
  let id = skipMods(btf, have);
  want = skipMods(btf, want);
  if (off === 0 && id === want) return true;
  // a strict match does not walk into the struct
  if (strict) return false;
  // the struct found at `off` (btf_struct_walk's WALK_STRUCT) is the wanted one, or the search
  // goes on at offset 0 inside it (its first member): &task->cpus_mask is a struct cpumask
  for (let d = 0; d < 32; d++) {
    const next = nestedStructAt(btf, id, off);
    if (next === undefined) return false;
    if (next === want) return true;
    id = next;
    off = 0;
  }
  return false;
}

/** is_trusted_reg */
export function isTrustedReg(r: Reg): boolean {
  if (r.refObjId) return true;
  if (r.type !== RegType.PTR_TO_BTF_ID) return true; // reg2btf_ids types (sockets) are trusted
  if (r.btfFlags & (PTR_UNTRUSTED | MEM_RCU | MEM_PERCPU)) return false;
  return (r.btfFlags & (PTR_TRUSTED | MEM_ALLOC)) !== 0;
}
