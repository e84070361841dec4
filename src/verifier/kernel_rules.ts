/**
 * Which Linux verifier tsbpf follows. Most rules are the same from 5.10 to 6.18 (tsbpf prints
 * 6.x wording throughout); the ones below changed what is accepted, so they are switches, each
 * named after the kernel's own flag or function and carrying the release that introduced it.
 * `verify(prog, { kernel: '5.10' })` selects the old behaviour of all of them (the kernel's
 * test_verifier corpus in ../shared was recorded on 5.10); the default is '6.18', the kernel users
 * compare against today. A KernelRules object may be passed instead of a version to pick rules
 * one by one.
 */
import { BpfError } from '../isa/errors.js';

export interface KernelRules {
  /**
   * env->allow_uninit_stack (6.3, commit 6715df8d5d24 "bpf: Allow reads from uninit stack"):
   * a privileged program (CAP_PERFMON) may read stack bytes it never wrote; the value read is an
   * unknown scalar, helpers may read such bytes, and for pruning a STACK_MISC byte of a verified
   * state covers anything. Unprivileged programs are still refused.
   */
  allowUninitStack: boolean;
  /**
   * can_elide_value_nullness + get_constant_map_key (6.13, commit d2102f2f5d75 "bpf: verifier:
   * Support eliding map lookup nullness"): bpf_map_lookup_elem on an ARRAY or PERCPU_ARRAY map
   * (not a BPF_F_INNER_MAP template) with a constant key on the stack that is below max_entries
   * returns PTR_TO_MAP_VALUE, not PTR_TO_MAP_VALUE_OR_NULL (privileged programs only).
   */
  elideConstKeyLookupNull: boolean;
  /**
   * The cpu v4 instructions (6.6): BPF_ALU64|BPF_END (bswap), sdiv/smod (off = 1), movsx
   * (BPF_MOV with off = 8/16/32), ldsx (BPF_LDX|BPF_MEMSX) and gotol (BPF_JMP32|BPF_JA). Before,
   * the opcodes are unknown and the offsets reserved fields.
   */
  cpuV4: boolean;
  /** struct bpf_sk_lookup grew ingress_ifindex at offset 64 (5.17); before, the context is 64 bytes */
  skLookupIngressIfindex: boolean;
  /**
   * is_branch_taken(reg1, reg2) (6.8, commit "bpf: generalize is_branch_taken to work with two
   * registers"; a constant on the left since 6.4): `if r1 > r2` is decided from both ranges, so
   * `if 0xffff s>= r4` with r4 in [-32768, 32767] is always taken. Before, only a constant on the
   * right decides a branch.
   */
  isBranchTakenRegs: boolean;
  /**
   * check_cfg takes a back-edge on any edge of a privileged program (6.8, commit 10e14e9652bf
   * "bpf: fix control-flow graph checking in privileged mode"): a loop entered in its middle and
   * closed by a fall-through is fine; recursion is left to the call depth limits. Before, only a
   * jump's edges could close a loop ("back-edge from insn %d to %d").
   */
  cfgAnyBackEdge: boolean;
  /**
   * BPF_NEG and BPF_END go through adjust_scalar_min_max_vals (6.18 stable, as the running
   * 6.18.44 does: tnum_neg / scalar_byte_swap): -x keeps a range, bswap16 gives [0, 0xffff], le64
   * changes nothing. Before, both made the register an unknown scalar.
   */
  aluNegEndBounds: boolean;
  /**
   * The atomic instructions of 5.12 (BPF_ATOMIC with fetch, xchg, cmpxchg, and/or/xor); before,
   * only BPF_XADD (imm 0) — another imm is "BPF_STX uses reserved fields" — and its errors say
   * "BPF_XADD stores into ...".
   */
  atomics: boolean;
  /**
   * Calls of kernel functions (5.13, BPF_PSEUDO_KFUNC_CALL): before, src_reg 2 of a call is a
   * reserved field, and an unprivileged program's bpf-to-bpf call is refused with "function
   * calls to other bpf functions are allowed for CAP_BPF and CAP_SYS_ADMIN".
   */
  kfuncCalls: boolean;
  /**
   * may_goto (6.9, BPF_JMP | BPF_JCOND): a loop bounded by an implicit per-frame counter;
   * before, opcode e5 is unknown
   */
  mayGoto: boolean;
  /**
   * A bpf_spin_lock may be held across bpf-to-bpf calls (6.9, "Allow calling static subprogs
   * while holding a bpf_spin_lock"): a static subprogram may be called with it held, and may
   * return with it held; only the main program's exit must have released it. Before, any call
   * but bpf_spin_unlock is `function calls are not allowed while holding a lock`, and any exit
   * with the lock held is `bpf_spin_unlock is missing`.
   */
  lockInSubprogs: boolean;
  /** BPF_ST into the context (6.3, "bpf: allow ctx writes using BPF_ST_MEM instruction"); before: "BPF_ST stores into R1 ctx is not allowed" */
  stMemCtx: boolean;
  /**
   * Linux 6.18's words where 5.10 said the same thing differently: reference leaks ("Unreleased
   * reference ..." then "BPF_EXIT instruction in main prog would lead to reference leak"), a
   * helper's stack access ("invalid write to stack" / "read from", not "indirect access to"), a
   * constant var_off in alignment errors ("off 0+-20+0", not "(0x0; 0x0)"), "negative offset ctx
   * ptr", and the "expected=" type lists with ringbuf_mem and trusted_ptr_.
   */
  log618: boolean;
  /**
   * round_up_stack_depth: a JITed program's frames count in 16-byte steps towards the 512-byte
   * combined limit (6.x, as on this machine with the JIT on); before, 32-byte steps for all.
   */
  jitStackRound16: boolean;
  /**
   * check_cfg walks an ldimm64 as one instruction (6.x, "bpf: handle ldimm64 properly in
   * check_cfg()"): a jump into its second slot is "jump into the middle of ldimm64 insn %d" even
   * on a path never taken; before, "invalid BPF_LD_IMM insn" when a path reached it.
   */
  cfgLdimm64: boolean;
  /**
   * bpf_helper_changes_pkt_data lists bpf_tail_call (6.12, "bpf: Tail calls invalidate packet
   * pointers"): packet pointers are unusable after a subprogram made a tail call
   */
  tailCallChangesPktData: boolean;
  /**
   * assign_scalar_id_before_mov on a register spill (6.8, "bpf: assign ID to scalars on spill"):
   * the spilled copy and the register share an id, so a comparison of one bounds the other; in
   * the same series, `w1 = w2` keeps the id when w2's upper 32 bits are known zero
   */
  spillScalarIds: boolean;
  /**
   * Scalars linked with a constant offset (6.11, "bpf: Track delta between "linked" registers",
   * BPF_ADD_CONST): after `r1 = r2; r1 += 1`, r1 keeps r2's id with the flag and off = 1, so a
   * comparison of either bounds the other shifted by the delta (sync_linked_regs); before, the
   * add dropped r1's id
   */
  linkedAddConst: boolean;
  /**
   * bpf_fastcall (6.12, mark_fastcall_patterns / remove_fastcall_spills_fills): spill/fill pairs
   * around a call the kernel inlines (bpf_get_smp_processor_id with the x86-64 JIT,
   * bpf_cast_to_kern_ctx, bpf_rdonly_cast) are removed after verification, and the stack they used
   * no longer counts towards the 512-byte combined limit; before, every byte written counts
   */
  fastcall: boolean;
  /**
   * is_safe_to_compute_dst_reg_range (6.10, "bpf/verifier: refactor checks for range computation"):
   * adjust_scalar_min_max_vals computes a range only for add, sub, neg, and, or, xor, mul and for
   * shifts by a constant below the width; for div, mod (signed or not, by a constant too) and a
   * shift by a register it returns at once with dst __mark_reg_unknown — all 64 bits unknown, the
   * alu32 zext_32_to_64 never reached. Before, a known divisor fell through to the zero-extension.
   */
  safeDstRegRange: boolean;
  /**
   * do_refine_retval_range bounds bpf_get_smp_processor_id's r0 by nr_cpu_ids - 1 (6.x; the
   * running 6.18 does, 5.10 did not): given VerifyOptions.nrCpuIds, r0 is [0, nr_cpu_ids - 1]
   */
  smpProcessorIdRange: boolean;
}

export type KernelVersion = '5.10' | '6.18';

/** the default: the running kernel of today's users */
export const DEFAULT_KERNEL: KernelVersion = '6.18';

export const KERNEL_RULES: Readonly<Record<KernelVersion, Readonly<KernelRules>>> = {
  '5.10': { allowUninitStack: false, elideConstKeyLookupNull: false, cpuV4: false, skLookupIngressIfindex: false, isBranchTakenRegs: false, cfgAnyBackEdge: false, aluNegEndBounds: false,
    atomics: false, kfuncCalls: false, stMemCtx: false, log618: false, jitStackRound16: false, cfgLdimm64: false, tailCallChangesPktData: false, spillScalarIds: false, mayGoto: false, lockInSubprogs: false, linkedAddConst: false, fastcall: false, safeDstRegRange: false, smpProcessorIdRange: false },
  '6.18': { allowUninitStack: true, elideConstKeyLookupNull: true, cpuV4: true, skLookupIngressIfindex: true, isBranchTakenRegs: true, cfgAnyBackEdge: true, aluNegEndBounds: true,
    atomics: true, kfuncCalls: true, stMemCtx: true, log618: true, jitStackRound16: true, cfgLdimm64: true, tailCallChangesPktData: true, spillScalarIds: true, mayGoto: true, lockInSubprogs: true, linkedAddConst: true, fastcall: true, safeDstRegRange: true, smpProcessorIdRange: true },
};

/** the rules of a version name ('5.10', 'v6.18', 'linux-6.18'), or a rule set as given; EINVAL for an unknown name */
export function kernelRules(k: string | KernelRules | undefined): KernelRules {
  if (k === undefined) return KERNEL_RULES[DEFAULT_KERNEL];
  if (typeof k === 'object') return k;
  const v = k.trim().toLowerCase().replace(/^(linux-?|v)/, '');
  const r = (KERNEL_RULES as Record<string, KernelRules>)[v];
  if (!r) throw new BpfError('EINVAL', `unknown kernel '${k}' (known: ${Object.keys(KERNEL_RULES).join(', ')})`);
  return r;
}
