/**
 * bpf_fastcall (Linux 6.12, kernel/bpf/verifier.c mark_fastcall_patterns,
 * check_fastcall_stack_contract, remove_fastcall_spills_fills). A call to a function that clobbers
 * only some of r0-r5 (r0 when it returns a value, r1-rN for its N parameters) may be surrounded by
 * clang with spills and fills of the live others, at the lowest stack offsets of the function:
 *
 *   *(u64 *)(r10 - 8) = r1;  call bpf_get_smp_processor_id;  r1 = *(u64 *)(r10 - 8)
 *
 * When the kernel inlines the call (bpf_get_smp_processor_id on x86-64 with the JIT, the kfuncs
 * bpf_cast_to_kern_ctx and bpf_rdonly_cast) and nothing else in the subprogram touches those
 * slots, it removes the pairs and the subprogram's stack depth shrinks to what lies above them —
 * which is what check_max_stack_depth then counts (selftest verifier_bpf_fastcall.c
 * cumulative_stack_depth: 512 bytes in main plus a callee whose only slot is a fastcall spill).
 * The pairs are still verified as written: only the stack accounting changes.
 */
import * as op from '../isa/opcodes.js';
import { LDDW } from '../isa/instruction.js';
import { BTF_KIND_FUNC, BTF_KIND_FUNC_PROTO } from '../btf/types.js';
import { type Cfg, type Slots, isPseudoCall, isPseudoFunc, jmpTarget } from './cfg.js';
import type { BtfTypes, VerifierHelperProto } from './types.js';

const STX_DW = op.BPF_STX | op.BPF_MEM | op.BPF_DW;
const LDX_DW = op.BPF_LDX | op.BPF_MEM | op.BPF_DW;
const CALL = op.BPF_JMP | op.BPF_CALL;
/** BPF_REG_0..BPF_REG_5 */
const ALL_CALLER_SAVED = 0x3f;
const S16_MIN = -32768;
/** the helpers with allow_fastcall (kernel/bpf/helpers.c) that verifier_inlines_helper_call inlines on x86-64 with the JIT */
const INLINED_HELPERS = new Set([8 /* bpf_get_smp_processor_id */]);
/**
 * the program types whose get_func_proto gives bpf_get_smp_processor_id_proto (allow_fastcall):
 * tc, xdp and lwt (net/core/filter.c) and the tracing family (bpf_tracing_func_proto: kprobe,
 * tracepoint, perf_event, raw_tp, raw_tp_writable, tracing, lsm); the others go through
 * bpf_base_func_proto, whose bpf_get_raw_smp_processor_id_proto is no fastcall function
 */
const FASTCALL_CPU_ID_TYPES = new Set([2, 3, 4, 5, 6, 7, 10, 11, 12, 17, 24, 26, 29]);
/** is_fastcall_kfunc_call: the vmlinux kfuncs whose call do_misc_fixups replaces by a move */
const FASTCALL_KFUNCS = new Set(['bpf_cast_to_kern_ctx', 'bpf_rdonly_cast']);

export interface Fastcall {
  /** insn_aux_data[].fastcall_pattern: a spill or fill of a pattern (its accesses keep the contract) */
  pattern: Uint8Array;
  /** insn_aux_data[].fastcall_spills_num of each call whose pairs may go */
  spillsNum: Uint8Array;
  /** subprog_info[].fastcall_stack_off: the pattern slots are [lowest spill, this) */
  stackOff: Int32Array;
  /** subprog_info[].keep_fastcall_stack: a pattern around a call the kernel does not inline */
  keep: Uint8Array;
}

/** the kernel's jmp_point marks (check_cfg's push_insn of a BRANCH edge): what jumps and calls may enter */
function jumpTargets(s: Slots): Uint8Array {
  const t = new Uint8Array(s.n + 1);
  for (let i = 0; i < s.n; i++) {
    const code = s.code[i]!;
    const cls = code & 7;
    if (isPseudoFunc(s, i) || isPseudoCall(s, i)) {
      const to = i + s.imm[i]! + 1;
      if (to >= 0 && to < s.n) t[to] = 1;
    } else if ((cls === op.BPF_JMP || cls === op.BPF_JMP32) && (code & 0xf0) !== op.BPF_CALL && (code & 0xf0) !== op.BPF_EXIT) {
      const to = jmpTarget(s, i);
      if (to >= 0 && to < s.n) t[to] = 1;
    }
    if (code === LDDW) i++;
  }
  return t;
}

/**
 * helper_fastcall_clobber_mask / kfunc_fastcall_clobber_mask and whether the call is inlined; null
 * where the kernel finds no prototype (every caller-saved register is clobbered). The mask is
 * get_call_summary's: r0 unless the call returns void, and r1..r{num_params}
 */
export function callInfo(s: Slots, i: number, progType: number, helper: (id: number) => VerifierHelperProto | undefined, kernelBtf: () => BtfTypes | undefined): { mask: number; inlined: boolean } | null {
  if (s.src[i] === 0) {
    const p = helper(s.imm[i]!);
    if (!p) return null;
    let mask = p.retType === 'RET_VOID' ? 0 : 1;
    p.argTypes.forEach((a, k) => { if (a && a !== 'ARG_DONTCARE') mask |= 1 << (k + 1); });
    return { mask, inlined: INLINED_HELPERS.has(s.imm[i]!) && FASTCALL_CPU_ID_TYPES.has(progType) };
  }
  if (s.src[i] !== op.BPF_PSEUDO_KFUNC_CALL || s.off[i] !== 0) return null;
  let btf: BtfTypes | undefined;
  try {
    btf = kernelBtf();
  } catch {
    return null;
  }
  let f;
  try {
    // a weak kfunc libbpf could not resolve has imm 0, which names no type
    f = btf?.type(s.imm[i]!);
  } catch {
    return null;
  }
  if (!btf || !f || f.kind !== BTF_KIND_FUNC) return null;
  const proto = btf.type(f.type);
  if (!proto || proto.kind !== BTF_KIND_FUNC_PROTO) return null;
  let mask = proto.returnType ? 1 : 0;
  for (let k = 0; k < proto.params.length; k++) mask |= 1 << (k + 1);
  return { mask, inlined: FASTCALL_KFUNCS.has(f.name) };
}

/** mark_fastcall_patterns (before do_check) */
export function markFastcallPatterns(s: Slots, cfg: Cfg, progType: number, helper: (id: number) => VerifierHelperProto | undefined, kernelBtf: () => BtfTypes | undefined): Fastcall | null {
  const n = cfg.subprogs.length;
  const fc: Fastcall = { pattern: new Uint8Array(s.n), spillsNum: new Uint8Array(s.n), stackOff: new Int32Array(n), keep: new Uint8Array(n) };
  let targets: Uint8Array | null = null;
  let any = false;
  for (let sp = 0; sp < n; sp++) {
    const { start, end } = cfg.subprogs[sp]!;
    let lowest = 0;
    for (let i = start; i < end; i++) if (s.code[i] === STX_DW && s.dst[i] === 10 && s.off[i]! < lowest) lowest = s.off[i]!;
    for (let c = start; c < end; c++) {
      if (s.code[c] !== CALL || isPseudoCall(s, c)) continue;
      // a call with no spill before it cannot start a pattern (spares the prototype lookup)
      if (c === 0 || s.code[c - 1] !== STX_DW) continue;
      const info = callInfo(s, c, progType, helper, kernelBtf);
      if (!info || info.mask === ALL_CALLER_SAVED) continue;
      targets ??= jumpTargets(s);
      let expected = ~info.mask & ALL_CALLER_SAVED;
      let k = 1;
      let off = lowest;
      // pairs `*(u64 *)(r10 + off) = rX ... call ... rX = *(u64 *)(r10 + off)`, innermost first,
      // none of them (nor the call) a jump target — a jump to the first spill is fine
      for (; k <= 6; k++, off += 8) {
        if (c - k < 0 || c + k >= s.n) break;
        if (targets[c - k + 1] || targets[c + k]) break;
        const st = c - k;
        const ld = c + k;
        if (s.code[st] !== STX_DW || s.code[ld] !== LDX_DW || s.dst[st] !== 10 || s.src[ld] !== 10) break;
        if (s.src[st] !== s.dst[ld]) break;
        if (!((1 << s.src[st]!) & expected)) break;
        if (s.off[st] !== off || s.off[ld] !== off) break;
        expected &= ~(1 << s.src[st]!);
        fc.pattern[st] = 1;
        fc.pattern[ld] = 1;
      }
      if (k === 1) continue;
      any = true;
      if (info.inlined) fc.spillsNum[c] = k - 1;
      else fc.keep[sp] = 1;
      if (off < fc.stackOff[sp]!) fc.stackOff[sp] = off;
    }
  }
  return any ? fc : null;
}

/**
 * check_fastcall_stack_contract: an access to the pattern slots by an instruction outside the
 * patterns means the pairs must stay (the subprogram's patterns are dropped)
 */
export function checkFastcallStackContract(fc: Fastcall, cfg: Cfg, subprogno: number, insn: number, off: number): void {
  if (fc.stackOff[subprogno]! <= off || fc.pattern[insn]) return;
  fc.stackOff[subprogno] = S16_MIN;
  const { start, end } = cfg.subprogs[subprogno]!;
  fc.pattern.fill(0, start, end);
  fc.spillsNum.fill(0, start, end);
}

/** remove_fastcall_spills_fills' stack accounting: a subprogram whose pairs go keeps only what is above them */
export function removeFastcallSpillsFills(fc: Fastcall, cfg: Cfg): void {
  cfg.subprogs.forEach((sp, k) => {
    let modified = false;
    for (let i = sp.start; i < sp.end; i++) if (fc.spillsNum[i]) modified = true;
    if (modified && !fc.keep[k]) sp.stackDepth = -fc.stackOff[k]!;
  });
}
