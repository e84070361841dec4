/**
 * PTR_TO_BTF_ID: pointers typed by BTF, as kernel/bpf/btf.c and kernel/bpf/verifier.c model them.
 * - btf_struct_access / btf_struct_walk: a load through such a pointer is checked against the
 *   struct's layout; a pointer member gives another PTR_TO_BTF_ID, anything else a scalar;
 * - btf_ctx_access: the arguments of a tracing program (tp_btf, fentry/fexit/fmod_ret, lsm,
 *   iter) come from the attach target's FUNC_PROTO in the kernel's BTF;
 * - the type flags the log prints (reg_type_str: trusted_, rcu_, untrusted_).
 * The kernel's BTF arrives through VerifyOptions.kernelBtf (vmlinux); a program that needs it when
 * there is none is refused with ENOENT saying so.
 */
import {
  BTF_KIND_ARRAY, BTF_KIND_CONST, BTF_KIND_ENUM, BTF_KIND_ENUM64, BTF_KIND_FUNC, BTF_KIND_FUNC_PROTO, BTF_KIND_INT,
  BTF_KIND_PTR, BTF_KIND_RESTRICT, BTF_KIND_STRUCT, BTF_KIND_TYPEDEF, BTF_KIND_TYPE_TAG, BTF_KIND_UNION, BTF_KIND_VOLATILE,
  type BtfFuncProto, type BtfType,
} from '../btf/types.js';
import type { BtfTypes } from './types.js';
import { BPF_TRACE_RAW_TP, BPF_TRACE_ITER, BPF_MODIFY_RETURN, BPF_TRACE_FEXIT, BPF_PROG_TYPE_TRACING, BPF_PROG_TYPE_LSM, BPF_PROG_TYPE_STRUCT_OPS } from '../isa/bpf_types.js';
import { structOpsTarget } from './struct_ops.js';

/** PTR_TO_BTF_ID type flags (include/linux/bpf.h enum bpf_type_flag), as Reg.btfFlags bits */
export const PTR_TRUSTED = 1;
export const MEM_RCU = 2;
export const PTR_UNTRUSTED = 4;
/** MEM_ALLOC: an object of the program's own type from bpf_obj_new (writable) */
export const MEM_ALLOC = 8;
export const MEM_PERCPU = 16;
/** NON_OWN_REF: a node a graph owns, reachable while its bpf_spin_lock is held (graph.ts) */
export const NON_OWN_REF = 32;

/** reg_type_str's prefixes for the flags (percpu_, rcu_, untrusted_, trusted_ in this order) */
export function btfFlagsPrefix(f: number): string {
  return (f & MEM_PERCPU ? 'percpu_' : '') + (f & MEM_RCU ? 'rcu_' : '') + (f & PTR_UNTRUSTED ? 'untrusted_' : '') + (f & PTR_TRUSTED ? 'trusted_' : '');
}

/** btf_type_skip_modifiers: typedefs, const, volatile, restrict and type tags */
export function skipMods(btf: BtfTypes, id: number): number {
  for (let d = 0; d < 64 && id; d++) {
    const t = btf.type(id);
    if (t.kind === BTF_KIND_TYPEDEF || t.kind === BTF_KIND_CONST || t.kind === BTF_KIND_VOLATILE || t.kind === BTF_KIND_RESTRICT || t.kind === BTF_KIND_TYPE_TAG) id = t.type;
    else return id;
  }
  return id;
}

/** the type tags ("rcu", "user", "percpu") on the way from a pointer to its pointee */
function pointeeTags(btf: BtfTypes, ptrTarget: number): string[] {
  const tags: string[] = [];
  for (let id = ptrTarget, d = 0; d < 64 && id; d++) {
    const t = btf.type(id);
    if (t.kind === BTF_KIND_TYPE_TAG) tags.push(t.name);
    if (t.kind === BTF_KIND_TYPEDEF || t.kind === BTF_KIND_CONST || t.kind === BTF_KIND_VOLATILE || t.kind === BTF_KIND_RESTRICT || t.kind === BTF_KIND_TYPE_TAG) id = t.type;
    else break;
  }
  return tags;
}

export function btfTypeName(btf: BtfTypes, id: number): string {
  try {
    return btf.type(id).name;
  } catch {
    return '';
  }
}

const isStruct = (t: BtfType | undefined): boolean => !!t && (t.kind === BTF_KIND_STRUCT || t.kind === BTF_KIND_UNION);
const isScalarKind = (t: BtfType): boolean => t.kind === BTF_KIND_INT || t.kind === BTF_KIND_ENUM || t.kind === BTF_KIND_ENUM64;

/** what a load through a PTR_TO_BTF_ID gives (btf_struct_access's answer) */
export type BtfAccess =
  | { kind: 'scalar' }
  | { kind: 'ptr'; btfId: number; rcu: boolean; user: boolean; percpu: boolean; field: string }
  | { kind: 'error'; msg: string };

/**
 * btf_struct_walk: the member of struct `id` at [off, off + size). Nested structs and arrays
 * are entered; a pointer must be read whole (8 bytes at its offset); a pointer to a struct is
 * a PTR_TO_BTF_ID of the pointee, any other member a scalar.
 */
export function btfStructAccess(btf: BtfTypes, id: number, off: number, size: number): BtfAccess {
  let tid = skipMods(btf, id);
  const top = btf.type(tid);
  const tname = top.name;
  for (let depth = 0; depth < 32; depth++) {
    const t = btf.type(tid);
    if (t.kind === BTF_KIND_ARRAY) {
      const elem = skipMods(btf, t.type);
      const esz = sizeofType(btf, elem);
      if (!esz) return { kind: 'error', msg: `access beyond struct ${tname} at off ${off} size ${size}` };
      off %= esz;
      tid = elem;
      continue;
    }
    if (!isStruct(t) || t.kind !== BTF_KIND_STRUCT && t.kind !== BTF_KIND_UNION) {
      if (isScalarKind(t) || t.kind === BTF_KIND_PTR) return { kind: 'scalar' };
      return { kind: 'error', msg: `access beyond struct ${tname} at off ${off} size ${size}` };
    }
    if (off + size > t.size) {
      // a flexible array at the end may be read past the struct's size
      const last = t.members[t.members.length - 1];
      const lt = last ? btf.type(skipMods(btf, last.type)) : undefined;
      if (!(lt && lt.kind === BTF_KIND_ARRAY && lt.nelems === 0 && off >= last!.bitOffset / 8)) {
        return { kind: 'error', msg: `access beyond struct ${tname} at off ${off} size ${size}` };
      }
    }
    let found = false;
    for (const m of t.members) {
      const mt = skipMods(btf, m.type);
      const mtype = btf.type(mt);
      if (m.bitfieldSize || m.bitOffset % 8) {
        // a bitfield: reading the bytes that hold it gives a scalar
        const lo = Math.floor(m.bitOffset / 8);
        const hi = Math.ceil((m.bitOffset + (m.bitfieldSize || 8 * (sizeofType(btf, mt) || 1))) / 8);
        if (off >= lo && off < hi) return { kind: 'scalar' };
        continue;
      }
      const moff = m.bitOffset / 8;
      // a zero-length array has no bytes of its own (btf_struct_walk: off >= mtrue_end, keep
      // iterating) — struct net_device's __cacheline_group_begin markers — except the struct's
      // last member read past the struct's end (the flexible array case above)
      const flex = mtype.kind === BTF_KIND_ARRAY && mtype.nelems === 0;
      const msize = flex ? (m === t.members[t.members.length - 1] && off + size > t.size ? Infinity : 0) : sizeofType(btf, mt);
      if (off < moff || off >= moff + msize) continue;
      // the access is within this member
      if (isStruct(mtype) || mtype.kind === BTF_KIND_ARRAY) {
        if (mtype.kind === BTF_KIND_ARRAY) {
          const elem = skipMods(btf, mtype.type);
          const et = btf.type(elem);
          const esz = sizeofType(btf, elem);
          if (!esz) return { kind: 'error', msg: `access beyond struct ${tname} at off ${off} size ${size}` };
          const inner = (off - moff) % esz;
          if (!isStruct(et) && et.kind !== BTF_KIND_ARRAY) {
            if (et.kind === BTF_KIND_PTR) {
              if (inner !== 0 || size !== 8) return { kind: 'error', msg: `access partially inside pointer ${m.name} of struct ${tname} at off ${off} size ${size}` };
              return ptrResult(btf, et.type, m.name);
            }
            if (inner + size > esz && msize !== Infinity && off + size > moff + msize) return { kind: 'error', msg: `access beyond the end of member ${m.name} (mend:${moff + msize}) in struct ${tname} with off ${off} size ${size}` };
            return { kind: 'scalar' };
          }
          tid = elem;
          off = inner;
        } else {
          tid = mt;
          off -= moff;
        }
        found = true;
        break;
      }
      if (off + size > moff + msize) return { kind: 'error', msg: `access beyond the end of member ${m.name} (mend:${moff + msize}) in struct ${tname} with off ${off} size ${size}` };
      if (mtype.kind === BTF_KIND_PTR) {
        if (off !== moff || size !== 8) return { kind: 'error', msg: `access partially inside pointer ${m.name} of struct ${tname} at off ${off} size ${size}` };
        return ptrResult(btf, mtype.type, m.name);
      }
      return { kind: 'scalar' };
    }
    if (!found) return { kind: 'error', msg: `struct ${tname} has no field at offset ${off}` };
  }
  return { kind: 'error', msg: `struct ${tname} is nested too deep` };
}

/**
 * btf_struct_walk's WALK_STRUCT answer: the struct (or union) member of struct `id` — entered
 * through nested structs and arrays of structs — that starts exactly at `off`, or undefined when
 * a scalar, a pointer or nothing is there (btf_struct_ids_match walks with it)
 */
export function nestedStructAt(btf: BtfTypes, id: number, off: number): number | undefined {
  let t = btf.type(skipMods(btf, id));
  for (let depth = 0; depth < 32; depth++) {
    if (!isStruct(t) || (t.kind !== BTF_KIND_STRUCT && t.kind !== BTF_KIND_UNION)) return undefined;
    let next: { id: number; off: number } | undefined;
    for (const m of t.members) {
      if (m.bitfieldSize || m.bitOffset % 8) continue;
      const moff = m.bitOffset / 8;
      const mt = skipMods(btf, m.type);
      const mtype = btf.type(mt);
      const msize = sizeofType(btf, mt);
      if (!msize || off < moff || off >= moff + msize) continue;
      if (isStruct(mtype)) {
        if (off === moff) return mt;
        next = { id: mt, off: off - moff };
      } else if (mtype.kind === BTF_KIND_ARRAY) {
        const elem = skipMods(btf, mtype.type);
        const esz = sizeofType(btf, elem);
        if (!esz || !isStruct(btf.type(elem))) return undefined;
        const inner = (off - moff) % esz;
        if (inner === 0) return elem;
        next = { id: elem, off: inner };
      } else return undefined;
      break;
    }
    if (!next) return undefined;
    t = btf.type(next.id);
    off = next.off;
  }
  return undefined;
}

function ptrResult(btf: BtfTypes, target: number, field: string): BtfAccess {
  const pointee = skipMods(btf, target);
  const pt = pointee ? btf.type(pointee) : undefined;
  if (!isStruct(pt)) return { kind: 'scalar' };
  const tags = pointeeTags(btf, target);
  return { kind: 'ptr', btfId: pointee, rcu: tags.includes('rcu'), user: tags.includes('user'), percpu: tags.includes('percpu'), field };
}

export function sizeofType(btf: BtfTypes, id: number): number {
  let mult = 1;
  for (let d = 0; d < 64; d++) {
    if (!id) return 0;
    const t = btf.type(id);
    switch (t.kind) {
      case BTF_KIND_INT: case BTF_KIND_STRUCT: case BTF_KIND_UNION: case BTF_KIND_ENUM: case BTF_KIND_ENUM64: return mult * t.size;
      case BTF_KIND_PTR: return mult * 8;
      case BTF_KIND_ARRAY: mult *= t.nelems; id = t.type; continue;
      case BTF_KIND_TYPEDEF: case BTF_KIND_CONST: case BTF_KIND_VOLATILE: case BTF_KIND_RESTRICT: case BTF_KIND_TYPE_TAG: id = t.type; continue;
      default: return 0;
    }
  }
  return 0;
}

/** a BTF-typed program's attach target: the prototype its context follows */
export interface AttachProto {
  proto: BtfFuncProto;
  /** leading parameters that are not the program's (raw tracepoints' `void *__data`) */
  skip: number;
  fname: string;
  /** struct_ops: the arguments the member's cfi stub marks `__nullable` (maybe NULL) */
  nullable?: readonly boolean[];
}

/**
 * kernel/bpf/bpf_struct_ops.c prepare_arg_info: the member's cfi stub is the FUNC
 * `<struct>__<member>` in the kernel's BTF; a parameter named `*__nullable` (is_param_nullable)
 * makes that argument PTR_TRUSTED | PTR_TO_BTF_ID | PTR_MAYBE_NULL. Stubs without such a
 * parameter may be absent from BTF: then no argument is nullable.
 */
function structOpsNullableArgs(btf: BtfTypes, struct: string, member: string): boolean[] | undefined {
  const stub = btf.find(`${struct}__${member}`, BTF_KIND_FUNC);
  if (!stub || stub.kind !== BTF_KIND_FUNC) return undefined;
  const p = btf.type(stub.type);
  if (p.kind !== BTF_KIND_FUNC_PROTO) return undefined;
  const nullable = p.params.map((a) => a.name.endsWith('__nullable'));
  return nullable.some(Boolean) ? nullable : undefined;
}

/**
 * The FUNC_PROTO a tracing program's context follows (bpf_check_attach_target): tp_btf/NAME is
 * the typedef btf_trace_NAME (a pointer to a prototype whose first argument is the tracepoint's
 * own data, not passed), fentry/fexit/fmod_ret/NAME the function NAME, lsm/NAME the hook
 * bpf_lsm_NAME, iter/NAME bpf_iter_NAME. Undefined when BTF has no such target.
 */
export function attachProto(btf: BtfTypes, progType: number, attachType: number, name: string): AttachProto | undefined {
  const funcProto = (fname: string): BtfFuncProto | undefined => {
    const f = btf.find(fname, BTF_KIND_FUNC);
    if (!f || f.kind !== BTF_KIND_FUNC) return undefined;
    const p = btf.type(f.type);
    return p.kind === BTF_KIND_FUNC_PROTO ? p : undefined;
  };
  if (progType === BPF_PROG_TYPE_TRACING && attachType === BPF_TRACE_RAW_TP) {
    const fname = `btf_trace_${name}`;
    const td = btf.find(fname, BTF_KIND_TYPEDEF);
    if (!td || td.kind !== BTF_KIND_TYPEDEF) return undefined;
    const ptr = btf.type(td.type);
    if (ptr.kind !== BTF_KIND_PTR) return undefined;
    const p = btf.type(ptr.type);
    return p.kind === BTF_KIND_FUNC_PROTO ? { proto: p, skip: 1, fname: name } : undefined;
  }
  if (progType === BPF_PROG_TYPE_TRACING && attachType === BPF_TRACE_ITER) {
    const p = funcProto(`bpf_iter_${name}`);
    return p ? { proto: p, skip: 0, fname: `bpf_iter_${name}` } : undefined;
  }
  if (progType === BPF_PROG_TYPE_STRUCT_OPS) {
    // STRUCT:MEMBER (struct_ops.ts): the member's prototype, named after the member
    const t = structOpsTarget(btf, name);
    return typeof t === 'string' ? undefined : { proto: t.proto, skip: 0, fname: t.member, nullable: structOpsNullableArgs(btf, t.struct, t.member) };
  }
  if (progType === BPF_PROG_TYPE_LSM) {
    const p = funcProto(`bpf_lsm_${name}`);
    return p ? { proto: p, skip: 0, fname: `bpf_lsm_${name}` } : undefined;
  }
  const p = funcProto(name);
  return p ? { proto: p, skip: 0, fname: name } : undefined;
}

/**
 * btf_nested_type_is_trusted: whether `field` of the struct `structId`, a pointer to `pointee`, is
 * listed in the kernel's allow-list struct `<struct><suffix>` (BTF_TYPE_SAFE_RCU(struct task_struct)
 * becomes `task_struct__safe_rcu` in vmlinux's BTF; suffixes `__safe_rcu`, `__safe_rcu_or_null`,
 * `__safe_trusted`, `__safe_trusted_or_null`). Read from the BTF itself, so the lists are the
 * running kernel's (6.18 has `cgroup_subsys_state__safe_rcu`, which 6.12 lacks).
 */
export function safeField(btf: BtfTypes, structId: number, field: string, pointee: number, suffix: string): boolean {
  const t = btf.type(skipMods(btf, structId));
  if (!isStruct(t) || !t.name) return false;
  const safe = btf.find(t.name + suffix, t.kind);
  if (!safe || !isStruct(safe)) return false;
  for (const m of (safe as { members: { name: string; type: number }[] }).members) {
    const mt = btf.type(m.type);
    if (mt.kind === BTF_KIND_PTR && m.name === field && skipMods(btf, mt.type) === pointee) return true;
  }
  return false;
}

/**
 * The bpf_iter targets' ctx_arg_info (kernel/bpf/task_iter.c, map_iter.c, cgroup_iter.c,
 * net/ipv4/tcp_ipv4.c, net/core/sock_map.c…): an argument listed there is PTR_TO_BTF_ID_OR_NULL,
 * with PTR_TRUSTED only where the table says so; the others follow prog_args_trusted (trusted, not
 * NULL). Checked against Linux 6.18's log for every iterator its BTF has (iter/task_file's file is
 * `ptr_or_null_file`, iter/task's task `trusted_ptr_or_null_task_struct`).
 */
const ITER_CTX_ARGS: Record<string, Record<string, 'trusted' | 'plain'>> = {
  task: { task: 'trusted' }, task_file: { task: 'plain', file: 'plain' }, task_vma: { task: 'plain', vma: 'plain' },
  bpf_map: { map: 'trusted' }, cgroup: { cgroup: 'trusted' }, kmem_cache: { s: 'trusted' }, tcp: { sk_common: 'trusted' },
  udp: { udp_sk: 'trusted' }, bpf_prog: { prog: 'plain' }, bpf_link: { link: 'plain' }, ksym: { ksym: 'plain' },
  dmabuf: { dmabuf: 'plain' }, netlink: { sk: 'plain' }, unix: { unix_sk: 'plain' }, ipv6_route: { rt: 'plain' },
  sockmap: { sk: 'plain' }, bpf_sk_storage_map: { sk: 'plain' },
};

/** prog_args_trusted: tp_btf and iterator arguments, LSM hooks' and struct_ops members' are PTR_TRUSTED */
export function progArgsTrusted(progType: number, attachType: number): boolean {
  if (progType === BPF_PROG_TYPE_TRACING) return attachType === BPF_TRACE_RAW_TP || attachType === BPF_TRACE_ITER;
  if (progType === BPF_PROG_TYPE_STRUCT_OPS) return true;
  return progType === BPF_PROG_TYPE_LSM;
}

/** what a tracing program's context load gives (btf_ctx_access) */
export type CtxArg = { kind: 'scalar' } | { kind: 'ptr'; btfId: number; flags: number; maybeNull: boolean } | { kind: 'error'; msg: string };

/**
 * btf_ctx_access: the context of a BTF-typed tracing program is an array of u64, one per
 * argument of the target (fexit and fmod_ret also see the return value after the last one).
 * A pointer to a struct is a PTR_TO_BTF_ID (trusted for tp_btf, iterators and LSM; an
 * iterator's object may be NULL at the end of the iteration); every other argument a scalar.
 */
export function btfCtxAccess(btf: BtfTypes, target: AttachProto, progType: number, attachType: number, off: number, size: number): CtxArg {
  const { proto, skip, fname } = target;
  if (off % 8 !== 0) return { kind: 'error', msg: `func '${fname}' offset ${off} is not multiple of 8` };
  const arg = off / 8;
  const nrArgs = proto.params.length - skip;
  let typeId: number;
  if (arg === nrArgs && (attachType === BPF_TRACE_FEXIT || attachType === BPF_MODIFY_RETURN)) typeId = proto.returnType;
  else if (arg >= nrArgs) return { kind: 'error', msg: `func '${fname}' doesn't have ${arg + 1}-th argument` };
  else typeId = proto.params[arg + skip]!.type;
  const t = skipMods(btf, typeId);
  const tt = t ? btf.type(t) : undefined;
  if (!tt || tt.kind !== BTF_KIND_PTR) return { kind: 'scalar' };
  void size;
  const pointee = skipMods(btf, tt.type);
  const pt = pointee ? btf.type(pointee) : undefined;
  // a pointer to an int, void or a function is a plain number to the program
  if (!isStruct(pt)) return { kind: 'scalar' };
  let flags = progArgsTrusted(progType, attachType) ? PTR_TRUSTED : 0;
  const tags = pointeeTags(btf, tt.type);
  if (tags.includes('user')) flags = 0;
  // bpf_iter_*: the object of the iteration is NULL once it ends (ctx_arg_info PTR_TO_BTF_ID_OR_NULL),
  // trusted or not as the iterator's table says; an iterator tsbpf has no table for keeps the
  // older guess (every argument after meta NULL-able and trusted)
  let maybeNull = false;
  if (attachType === BPF_TRACE_ITER && progType === BPF_PROG_TYPE_TRACING && arg > 0) {
    const known = ITER_CTX_ARGS[fname.replace(/^bpf_iter_/, '')];
    const kind = known ? known[proto.params[arg + skip]!.name] : 'trusted';
    if (kind) maybeNull = true;
    if (kind === 'plain') flags = 0;
  }
  if (target.nullable?.[arg]) maybeNull = true;
  return { kind: 'ptr', btfId: pointee, flags, maybeNull };
}
