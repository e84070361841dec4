/**
 * kfunc/kretfunc probes (bpftrace's names for fentry/fexit): BPF_PROG_TYPE_TRACING programs with
 * expected_attach_type BPF_TRACE_FENTRY/FEXIT and attach_btf_id the kernel function's BTF FUNC id
 * (libbpf find_attach_btf_id). Their context is the function's arguments as u64 slots, then for
 * fexit the return value (kernel/bpf/btf.c btf_ctx_access: `off / 8` is the argument index, and
 * index nr_args is the return value of an fexit program). `args->NAME` reads slot i directly from
 * the context, typed by the function's BTF prototype; `retval` reads slot nr_args.
 */
import * as K from '../../btf/types.js';
import { ScriptError } from './errors.js';
import type { Loc } from './ast.js';
import type { BtfTypes, CType, CMember } from './types.js';
import type { Target } from './probes.js';

/** include/uapi/linux/bpf.h enum bpf_attach_type */
export const BPF_TRACE_FENTRY = 24;
export const BPF_TRACE_FEXIT = 25;

export interface KfuncInfo {
  /** the FUNC's id in vmlinux BTF (attach_btf_id) */
  btfId: number;
  params: { name: string; type: CType }[];
  ret: CType;
  /** `args`: a struct whose member i is parameter i at offset 8 * i */
  argsType: CType;
}

const memo = new WeakMap<BtfTypes, Map<string, KfuncInfo>>();

/** the sentence for kfunc:MODULE:F when the module has no BTF */
export const noModuleBtf = (module: string): string => `no BTF for module '${module}' (/sys/kernel/btf/${module} does not exist: the module is not loaded, or was built without BTF)`;

/**
 * The prototype of a kfunc target's function: from vmlinux's BTF, or for `kfunc:MODULE:F` from
 * the module's split BTF (its FUNC ids continue vmlinux's; the kernel takes them with
 * attach_btf_obj_fd naming the module's BTF object, kernel/bpf/syscall.c bpf_prog_load)
 */
export function kfuncOf(env: { btf: () => BtfTypes | undefined; moduleBtf?: (module: string) => BtfTypes | undefined }, t: Target, loc: Loc): KfuncInfo {
  if (!t.module) return kfuncInfo(env.btf(), t.func!, loc);
  const b = env.moduleBtf?.(t.module);
  if (!b) throw new ScriptError(`${t.name}: ${noModuleBtf(t.module)}`, loc, 'ENOENT');
  return kfuncInfo(b, t.func!, loc, t.module);
}

/** the prototype of kernel function `fn` from the kernel's BTF (a module's: its own FUNCs only); ScriptError when it has none */
export function kfuncInfo(btf: BtfTypes | undefined, fn: string, loc: Loc, module?: string): KfuncInfo {
  if (!btf) throw new ScriptError(`kfunc:${fn}: the kernel's BTF (/sys/kernel/btf/vmlinux) is needed for kfunc probes and is not available`, loc, 'ENOENT');
  let byName = memo.get(btf);
  if (!byName) memo.set(btf, (byName = new Map()));
  const hit = byName.get(fn);
  if (hit) return hit;
  const id = btf.btf.idsByName(fn).find((i) => i >= (module ? btf.btf.firstId : 1) && btf.btf.type(i).kind === K.BTF_KIND_FUNC);
  const f = id === undefined ? undefined : btf.btf.type(id);
  if (!f || f.kind !== K.BTF_KIND_FUNC) {
    throw new ScriptError(module ? `kfunc:${module}:${fn}: the BTF of module '${module}' has no function '${fn}'` : `kfunc:${fn}: the kernel's BTF has no function '${fn}' (a static function inlined away, or not a kernel function)`, loc, 'ENOENT');
  }
  const proto = btf.btf.type(f.type);
  if (proto.kind !== K.BTF_KIND_FUNC_PROTO) throw new ScriptError(`kfunc:${fn}: BTF FUNC without a prototype`, loc, 'EINVAL');
  const params = proto.params.map((p, i) => ({ name: p.name || `arg${i}`, type: btf.of(p.type) }));
  let members: CMember[] | undefined;
  const argsType: CType = {
    kind: 'struct', name: `struct kfunc_${fn}_args`, size: 8 * (params.length + 1),
    members: () => (members ??= params.map((p, i) => ({ name: p.name, offset: 8 * i, type: p.type }))),
  };
  const info: KfuncInfo = { btfId: f.id, params, ret: btf.of(proto.returnType), argsType };
  byName.set(fn, info);
  return info;
}
