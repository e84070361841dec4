/**
 * What BTF func_info tells the verifier about each subprogram (kernel/bpf/btf.c
 * btf_prepare_func_args): its name, whether it is global (BTF_FUNC_GLOBAL linkage — verified on its
 * own, once, for any arguments that match its prototype) and the verifier types of its arguments,
 * derived from their BTF types and `arg:` decl tags (`__arg_ctx`, `__arg_nonnull`,
 * `__arg_nullable`, `__arg_trusted`, `__arg_arena` of bpf_helpers.h).
 */
import type { Btf } from '../btf/btf.js';
import {
  BTF_KIND_PTR, BTF_KIND_INT, BTF_KIND_ENUM, BTF_KIND_ENUM64, BTF_KIND_STRUCT, BTF_KIND_UNION, BTF_KIND_TYPEDEF,
  BTF_KIND_FUNC, BTF_KIND_FUNC_PROTO, BTF_KIND_DECL_TAG, BTF_FUNC_GLOBAL, type BtfType,
} from '../btf/types.js';
import * as pt from '../isa/bpf_types.js';
import type { VerifierError } from './cfg.js';
type ErrnoName = VerifierError['errno'];

/** struct bpf_subprog_arg_info: the kinds btf_prepare_func_args gives an argument */
export type SubprogArgType = 'ARG_ANYTHING' | 'ARG_PTR_TO_CTX' | 'ARG_PTR_TO_MEM' | 'ARG_PTR_TO_DYNPTR' | 'ARG_PTR_TO_BTF_ID' | 'ARG_PTR_TO_ARENA';

export interface SubprogArg {
  type: SubprogArgType;
  /** PTR_MAYBE_NULL */
  maybeNull: boolean;
  /** ARG_PTR_TO_MEM: the size of the pointed-to type */
  memSize: number;
  /**
   * ARG_PTR_TO_BTF_ID (`__arg_trusted`): the pointed-to type's kind and essential name (without a
   * `___flavor` suffix), matched against the kernel's BTF when the function is called or verified
   * (btf_get_ptr_to_btf_id: exactly one candidate of that kind and name)
   */
  btfName?: string;
  btfKind?: number;
}

/** one subprogram's func_info record, as the verifier reads it */
export interface SubprogFuncInfo {
  /** first instruction slot of the subprogram */
  insnOff: number;
  name: string;
  /** BTF_FUNC_GLOBAL linkage */
  global: boolean;
  /** the prototype returns an int or enum (LD_ABS and tail calls need that in a subprogram) */
  returnsScalar: boolean;
  /** the arguments (btf_prepare_func_args succeeded) */
  args?: SubprogArg[];
  /** or why not, in the kernel's words (refused when a global function is called or verified) */
  argsError?: { errno: ErrnoName; message: string };
  /** the `exception_callback:NAME` decl tag of the program's main function (bpf_throw's callback) */
  exceptionCb?: string;
  /** why the kernel's bpf_find_exception_callback_insn_off refuses the tag, in its words */
  exceptionCbError?: string;
}

/** the name of each program type's context struct (include/linux/bpf_types.h BPF_PROG_TYPE(..., prog_ctx_type, ...)); '' = void */
const CTX_TYPE_NAME: Record<number, string> = {
  [pt.BPF_PROG_TYPE_SOCKET_FILTER]: '__sk_buff', [pt.BPF_PROG_TYPE_SCHED_CLS]: '__sk_buff', [pt.BPF_PROG_TYPE_SCHED_ACT]: '__sk_buff',
  [pt.BPF_PROG_TYPE_XDP]: 'xdp_md', [pt.BPF_PROG_TYPE_CGROUP_SKB]: '__sk_buff', [pt.BPF_PROG_TYPE_CGROUP_SOCK]: 'bpf_sock',
  [pt.BPF_PROG_TYPE_CGROUP_SOCK_ADDR]: 'bpf_sock_addr', [pt.BPF_PROG_TYPE_LWT_IN]: '__sk_buff', [pt.BPF_PROG_TYPE_LWT_OUT]: '__sk_buff',
  [pt.BPF_PROG_TYPE_LWT_XMIT]: '__sk_buff', [pt.BPF_PROG_TYPE_LWT_SEG6LOCAL]: '__sk_buff', [pt.BPF_PROG_TYPE_SOCK_OPS]: 'bpf_sock_ops',
  [pt.BPF_PROG_TYPE_SK_SKB]: '__sk_buff', [pt.BPF_PROG_TYPE_SK_MSG]: 'sk_msg_md', [pt.BPF_PROG_TYPE_FLOW_DISSECTOR]: '__sk_buff',
  // bpf_user_pt_regs_t is struct pt_regs on x86
  [pt.BPF_PROG_TYPE_KPROBE]: 'pt_regs', [pt.BPF_PROG_TYPE_PERF_EVENT]: 'bpf_perf_event_data',
  [pt.BPF_PROG_TYPE_RAW_TRACEPOINT]: 'bpf_raw_tracepoint_args', [pt.BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE]: 'bpf_raw_tracepoint_args',
  [pt.BPF_PROG_TYPE_CGROUP_DEVICE]: 'bpf_cgroup_dev_ctx', [pt.BPF_PROG_TYPE_CGROUP_SYSCTL]: 'bpf_sysctl',
  [pt.BPF_PROG_TYPE_CGROUP_SOCKOPT]: 'bpf_sockopt', [pt.BPF_PROG_TYPE_SK_REUSEPORT]: 'sk_reuseport_md',
  [pt.BPF_PROG_TYPE_SK_LOOKUP]: 'bpf_sk_lookup', [pt.BPF_PROG_TYPE_NETFILTER]: 'bpf_nf_ctx',
};

const isModifier = (t: BtfType): boolean => t.kind === BTF_KIND_TYPEDEF || (t.kind >= 9 && t.kind <= 11) || t.kind === 18;
const isStruct = (t: BtfType | undefined): boolean => !!t && (t.kind === BTF_KIND_STRUCT || t.kind === BTF_KIND_UNION);
const isScalarType = (t: BtfType | undefined): boolean => !!t && (t.kind === BTF_KIND_INT || t.kind === BTF_KIND_ENUM || t.kind === BTF_KIND_ENUM64);

function skipMods(btf: Btf, id: number, keepTypedef = false): BtfType | undefined {
  for (let d = 0; d < 64; d++) {
    const t = btf.types[id];
    if (!t || !isModifier(t) || (keepTypedef && t.kind === BTF_KIND_TYPEDEF)) return t;
    id = (t as { type: number }).type;
  }
  return undefined;
}

/** btf_is_prog_ctx_type: a pointer to the program type's context struct (by name; a `___flavor` suffix allowed) */
function isProgCtxType(btf: Btf, ptrTarget: number, progType: number): boolean {
  if (progType === pt.BPF_PROG_TYPE_KPROBE) {
    const td = skipMods(btf, ptrTarget, true);
    if (td?.kind === BTF_KIND_TYPEDEF && td.name === 'bpf_user_pt_regs_t') return true;
  }
  const t = skipMods(btf, ptrTarget);
  if (!isStruct(t) || !t!.name) return false;
  const want = CTX_TYPE_NAME[progType];
  if (!want) return false;
  // the kernel compares with its canonical context type's name first — for kprobes the typedef
  // bpf_user_pt_regs_t — then with what it resolves to: `struct bpf_user_pt_regs_t {}` (the
  // selftests' workaround for old kernels) is a kprobe context too
  if (progType === pt.BPF_PROG_TYPE_KPROBE && t!.name === 'bpf_user_pt_regs_t') return true;
  // btf_is_projection_of / libbpf's flavours: "__sk_buff___x" is __sk_buff
  return t!.name === want || t!.name.startsWith(`${want}___`);
}

/** btf_validate_prog_ctx_type for an `arg:ctx` argument; null when valid, else the kernel's message */
function validateProgCtxType(btf: Btf, ptrTarget: number, arg: number, progType: number, attachType: number): string | null {
  if (progType === pt.BPF_PROG_TYPE_KPROBE || progType === pt.BPF_PROG_TYPE_PERF_EVENT) {
    const td = skipMods(btf, ptrTarget, true);
    if (td?.kind === BTF_KIND_TYPEDEF && td.name === 'bpf_user_pt_regs_t') return null;
  }
  const t = skipMods(btf, ptrTarget);
  if (!t) return null; // `void *ctx __arg_ctx` is always valid
  if (!t.name) return `arg#${arg} type doesn't have a name`;
  const u64 = t.kind === BTF_KIND_INT && (t as { size: number }).size === 8;
  switch (progType) {
    case pt.BPF_PROG_TYPE_KPROBE: case pt.BPF_PROG_TYPE_PERF_EVENT:
      if (isStruct(t) && t.name === 'pt_regs') return null;
      break;
    case pt.BPF_PROG_TYPE_RAW_TRACEPOINT: case pt.BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE:
      if (u64) return null;
      break;
    case pt.BPF_PROG_TYPE_TRACING:
      if (attachType === pt.BPF_TRACE_RAW_TP && ((isStruct(t) && t.name === 'bpf_raw_tracepoint_args') || u64)) return null;
      if (attachType === pt.BPF_TRACE_ITER && isStruct(t) && t.name.startsWith('bpf_iter__')) return null;
      if ((attachType === pt.BPF_TRACE_FENTRY || attachType === pt.BPF_TRACE_FEXIT || attachType === pt.BPF_MODIFY_RETURN) && u64) return null;
      break;
    case pt.BPF_PROG_TYPE_LSM: case pt.BPF_PROG_TYPE_STRUCT_OPS:
      if (u64) return null;
      break;
    case pt.BPF_PROG_TYPE_TRACEPOINT: case pt.BPF_PROG_TYPE_SYSCALL: case pt.BPF_PROG_TYPE_EXT:
      return null; // anything goes
  }
  const want = CTX_TYPE_NAME[progType];
  if (want && isStruct(t) && (t.name === want || t.name.startsWith(`${want}___`))) return null;
  return `arg#${arg} ${isStruct(t) ? 'struct' : 'type'} ${t.name} is not the expected context type ${want ? `struct ${want}` : 'void'}`;
}

/** the `arg:...` decl tags on argument `arg` of FUNC `fnId` (btf_find_next_decl_tag) */
function argTags(btf: Btf, fnId: number, arg: number, prefix = 'arg:'): string[] {
  const out: string[] = [];
  for (let id = 1; id < btf.types.length; id++) {
    const t = btf.types[id];
    if (t?.kind === BTF_KIND_DECL_TAG && t.type === fnId && t.componentIdx === arg && t.name.startsWith(prefix)) out.push(t.name.slice(prefix.length));
  }
  return out;
}

type Prepared = { args: SubprogArg[] } | { errno: ErrnoName; message: string };

/** btf_prepare_func_args for one subprogram */
export function prepareFuncArgs(btf: Btf, fnId: number, progType: number, attachType: number): Prepared {
  const fn = btf.types[fnId];
  if (!fn || fn.kind !== BTF_KIND_FUNC) return { errno: 'EFAULT', message: `BTF of func doesn't point to KIND_FUNC` };
  const isGlobal = fn.linkage === BTF_FUNC_GLOBAL;
  const fail = (errno: ErrnoName, message: string): Prepared => ({ errno, message });
  const proto = btf.types[fn.type];
  if (!proto || proto.kind !== BTF_KIND_FUNC_PROTO) return fail('EFAULT', `Invalid type of function ${fn.name}()`);
  if (proto.params.length > 5) return fail('EINVAL', `Global function ${fn.name}() with ${proto.params.length} > 5 args. Buggy compiler.`);
  if (!isScalarType(skipMods(btf, proto.returnType))) return fail('EINVAL', `Global function ${fn.name}() doesn't return scalar. Only those are supported.`);
  const args: SubprogArg[] = [];
  for (let i = 0; i < proto.params.length; i++) {
    const tags = new Set<string>();
    for (const tag of argTags(btf, fnId, i)) {
      if (!isGlobal) return fail('EOPNOTSUPP', `arg#${i} type tag is not supported in static functions`);
      if (!['ctx', 'trusted', 'nonnull', 'nullable', 'arena'].includes(tag)) return fail('EOPNOTSUPP', `arg#${i} has unsupported set of tags`);
      tags.add(tag);
    }
    const arg = (type: SubprogArgType, maybeNull = false, memSize = 0): void => { args.push({ type, maybeNull, memSize }); };
    const t = skipMods(btf, proto.params[i]!.type);
    if (t?.kind === BTF_KIND_PTR) {
      const target = t.type;
      if (tags.has('ctx') || isProgCtxType(btf, target, progType)) {
        if ([...tags].some((x) => x !== 'ctx')) return fail('EINVAL', `arg#${i} has invalid combination of tags`);
        if (tags.has('ctx')) {
          const bad = validateProgCtxType(btf, target, i, progType, attachType);
          if (bad) return fail('EINVAL', bad);
        }
        arg('ARG_PTR_TO_CTX');
        continue;
      }
      const tt = skipMods(btf, target);
      if (tt && isStruct(tt) && tt.name === 'bpf_dynptr') {
        if (tags.size) return fail('EINVAL', `arg#${i} has invalid combination of tags`);
        arg('ARG_PTR_TO_DYNPTR');
        continue;
      }
      if (tags.has('trusted')) {
        if (tags.has('nonnull')) return fail('EINVAL', `arg#${i} has invalid combination of tags`);
        arg('ARG_PTR_TO_BTF_ID', tags.has('nullable'));
        // bpf_core_essential_name_len: the name up to a "___" flavor separator
        const name = tt?.name ?? '';
        const sep = name.lastIndexOf('___');
        args[args.length - 1]!.btfName = sep > 0 ? name.slice(0, sep) : name;
        args[args.length - 1]!.btfKind = tt?.kind ?? 0;
        continue;
      }
      if (tags.has('arena')) {
        if (tags.size > 1) return fail('EINVAL', `arg#${i} arena cannot be combined with any other tags`);
        arg('ARG_PTR_TO_ARENA');
        continue;
      }
      if (isGlobal) {
        // a generic user data pointer: PTR_TO_MEM of the pointed-to type's size, NULL allowed
        if (tags.has('nullable')) return fail('EINVAL', `arg#${i} has invalid combination of tags`);
        let size: number;
        try {
          size = btf.sizeof(target);
        } catch {
          const k = tt ? (isStruct(tt) ? 'struct' : tt.kind === BTF_KIND_INT ? 'int' : 'type') : 'void';
          return fail('EINVAL', `arg#${i} reference type('${k} ${tt?.name ?? ''}') size cannot be determined: -22`);
        }
        arg('ARG_PTR_TO_MEM', !tags.has('nonnull'), size);
        continue;
      }
    }
    if (tags.size) return fail('EINVAL', `arg#${i} has pointer tag, but is not a pointer type`);
    if (isScalarType(t)) {
      arg('ARG_ANYTHING');
      continue;
    }
    if (!isGlobal) return fail('EINVAL', `static function ${fn.name}() argument ${i} has no verifier type`);
    return fail('EINVAL', `Arg#${i} type ${t ? (t.kind === BTF_KIND_PTR ? 'ptr' : isStruct(t) ? 'struct' : 'type') : 'void'} in ${fn.name}() is not supported yet.`);
  }
  return { args };
}

/**
 * The func_info of a program's subprograms with their prepared arguments: one record per
 * `funcInfo` entry ({insn, typeId, name} from .BTF.ext), for the program type it is loaded as.
 */
export function subprogFuncInfo(btf: Btf | undefined, funcInfo: readonly { insn: number; typeId: number; name: string }[],
  progType: number, attachType: number): SubprogFuncInfo[] {
  if (!btf) return [];
  return funcInfo.map((f) => {
    const fn = btf.types[f.typeId];
    const global = fn?.kind === BTF_KIND_FUNC && fn.linkage === BTF_FUNC_GLOBAL;
    const proto = fn?.kind === BTF_KIND_FUNC ? btf.types[fn.type] : undefined;
    const returnsScalar = proto?.kind === BTF_KIND_FUNC_PROTO && isScalarType(skipMods(btf, proto.returnType));
    const p = prepareFuncArgs(btf, f.typeId, progType, attachType);
    const cbs = argTags(btf, f.typeId, -1, 'exception_callback:');
    const cb = cbs[0];
    const cbError = cb === undefined ? undefined : exceptionCbError(btf, cbs, funcInfo);
    return {
      insnOff: f.insn, name: f.name, global, returnsScalar, ...(cb !== undefined ? { exceptionCb: cb } : {}),
      ...(cbError ? { exceptionCbError: cbError } : {}),
      ...('args' in p ? { args: p.args } : { argsError: { errno: p.errno, message: p.message } }),
    };
  });
}

/**
 * bpf_find_exception_callback_insn_off (kernel/bpf/verifier.c): the main function's
 * `exception_callback:NAME` tag must be unique and name a global FUNC with a func_info record
 */
function exceptionCbError(btf: Btf, tags: readonly string[], funcInfo: readonly { insn: number; typeId: number }[]): string | undefined {
  if (tags.length > 1) return 'multiple exception callback tags for main subprog';
  const name = tags[0]!;
  const id = btf.types.findIndex((t) => t?.kind === BTF_KIND_FUNC && t.name === name);
  if (id < 0) return `exception callback '${name}' could not be found in BTF`;
  const t = btf.types[id]!;
  if (t.kind !== BTF_KIND_FUNC || t.linkage !== BTF_FUNC_GLOBAL) return `exception callback '${name}' must have global linkage`;
  const rec = funcInfo.filter((f) => f.typeId === id);
  if (!rec.length) return 'exception callback type id not found in func_info';
  if (rec.some((f) => f.insn === 0)) return 'invalid exception callback insn_off in func_info: 0';
  return undefined;
}
