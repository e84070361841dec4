/**
 * kfunc externs, resolved once for both targets: libbpf's bpf_object__resolve_ksym_func_btf_id
 * (tools/lib/bpf/libbpf.c) and the relocation it feeds (bpf_object__relocate_data:
 * RELO_EXTERN_CALL, and RELO_EXTERN_LD64 of a FUNC ksym for bpf_ksym_exists()). The same parsed
 * program is resolved against the running kernel for BPF_PROG_LOAD (src/kernel/object.ts, module
 * BTF ids through fd_array) and against kernel BTF for tsbpf's own verifier and emulator
 * (src/verifier/object.ts), so both see the same instructions.
 */
import { BpfError, type ErrorLocation } from '../isa/errors.js';
import { LDDW, type Instruction } from '../isa/instruction.js';
import { BPF_CALL, BPF_JMP, BPF_PSEUDO_BTF_ID, BPF_PSEUDO_KFUNC_CALL } from '../isa/opcodes.js';
import type { ExternRef, ProgramSpec } from './spec.js';

/** where a kernel function was found: its BTF FUNC id, and the module whose BTF has it (vmlinux when absent) */
export interface KernelFunc {
  id: number;
  module?: string;
}

export interface KfuncTarget {
  /** the FUNC named `name` in the kernel's BTF (vmlinux, then modules where the target has them) */
  find(name: string): KernelFunc | undefined;
  /** fd_array index of a module's BTF fd (the kernel target; insn->off of a kfunc call names it) */
  moduleSlot?(module: string): number;
  /** the module's BTF fd itself (an ldimm64's second imm for BPF_PSEUDO_BTF_ID) */
  moduleFd?(module: string): number;
  /**
   * a kfunc that is missing and not weak: libbpf fails the load (the kernel target passes
   * `strict`); otherwise the call gets id 0 and the verifier refuses it where a path reaches it
   */
  strict?: boolean;
  /** for messages */
  where?: ErrorLocation;
}

/** instruction index of each 8-byte slot that starts an instruction (an lddw takes two slots) */
export function insnIndexBySlot(insns: readonly Instruction[]): Map<number, number> {
  const bySlot = new Map<number, number>();
  for (let k = 0, slot = 0; k < insns.length; slot += insns[k]!.code === LDDW ? 2 : 1, k++) bySlot.set(slot, k);
  return bySlot;
}

/**
 * Resolve one kfunc extern's instruction in place. Returns false when the extern is not a kfunc
 * referenced by a call or an lddw (the caller's other extern kinds).
 */
export function resolveKfuncInsn(p: ProgramSpec, e: ExternRef, insn: Instruction, target: KfuncTarget): boolean {
  if (e.kind !== 'kfunc') return false;
  const call = insn.code === (BPF_JMP | BPF_CALL);
  if (!call && insn.code !== LDDW) return false;
  const found = target.find(e.name);
  if (!found && !e.weak && target.strict) {
    throw new BpfError('ENOENT', `program '${p.name}' ${call ? 'calls' : 'takes the address of'} kfunc '${e.name}', which the running kernel's BTF does not have`, { ...target.where, insn: e.insn });
  }
  if (call) {
    // a missing kfunc's call stays, poisoned with id 0: the verifier rejects it only if reachable
    insn.src = BPF_PSEUDO_KFUNC_CALL;
    insn.imm = found?.id ?? 0;
    insn.off = found?.module && target.moduleSlot ? target.moduleSlot(found.module) : 0;
  } else {
    // bpf_ksym_exists(kfunc): the function's kernel BTF id (check_pseudo_btf_id makes it a
    // read-only PTR_TO_MEM, never NULL), or 0 when a weak one is missing — so the guarded call is
    // dead code exactly when the kernel finds it dead
    insn.src = found ? BPF_PSEUDO_BTF_ID : 0;
    insn.imm = found?.id ?? 0;
    insn.imm2 = found?.module && target.moduleFd ? target.moduleFd(found.module) : 0;
  }
  return true;
}

/** a copy of the program's instructions with every kfunc extern resolved against `target` */
export function resolveKfuncs(p: ProgramSpec, target: KfuncTarget): Instruction[] {
  const out = p.insns.map((i) => ({ ...i }));
  const bySlot = insnIndexBySlot(out);
  for (const e of p.externs) {
    const k = bySlot.get(e.insn);
    if (k !== undefined) resolveKfuncInsn(p, e, out[k]!, target);
  }
  return out;
}
