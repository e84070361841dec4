/**
 * BPF exceptions in the verifier (Linux 6.7+, kernel/bpf/verifier.c):
 * - bpf_find_exception_callback_insn_off / add_subprog_and_kfunc: the main function's
 *   `exception_callback:NAME` decl tag (bpf_experimental.h `__exception_cb(NAME)`) names a global
 *   function that becomes a subprogram of its own (mark_subprog_exc_cb: is_cb, is_async_cb,
 *   is_exception_cb); it is verified like a global function (do_check_subprogs: "exception
 *   callback is presumed to be always called"), with one scalar argument (the cookie) and the
 *   program type's return range (check_return_code: frame->in_exception_callback_fn);
 * - check_kfunc_call of bpf_throw: without an exception callback the cookie becomes the program's
 *   return value, so R1 is checked as R0 would be at exit (check_return_code(env, BPF_REG_1));
 * - do_check's process_bpf_exit_full with exception_exit: the path ends at the bpf_throw call,
 *   after the resource checks (no spin lock, RCU read section or preempt-disabled region held,
 *   no reference of any frame left: check_reference_leak(env, true));
 * - check_max_stack_depth_subprog: bpf_throw may not be reached from a callback (bpf_loop,
 *   for_each, timer, the exception callback itself), and no call instruction may name the
 *   exception callback directly.
 * At run time (helpers/impl/kfuncs.ts) bpf_throw unwinds every frame and the program returns the
 * exception callback's return value, or the cookie.
 */
import * as op from '../isa/opcodes.js';
import { LDDW } from '../isa/instruction.js';
import { VerifierError, isPseudoCall, type Cfg, type Slots } from './cfg.js';
import type { SubprogFuncInfo } from './func_info.js';
import type { Checker } from './check.js';
import { RegType } from './reg.js';

/** the first instruction of the exception callback the main function's decl tag names, if any */
export function exceptionCbInsn(funcInfo: readonly SubprogFuncInfo[] | undefined): number | undefined {
  const main = funcInfo?.find((f) => f.insnOff === 0);
  if (main?.exceptionCb === undefined) return undefined;
  if (main.exceptionCbError) throw new VerifierError('EINVAL', main.exceptionCbError, -1);
  const cb = funcInfo!.find((f) => f.name === main.exceptionCb);
  if (!cb) throw new VerifierError('EINVAL', 'exception callback type id not found in func_info', -1);
  return cb.insnOff;
}

/** mark_subprog_exc_cb */
export function markExceptionCb(cfg: Cfg, insn: number | undefined): number {
  if (insn === undefined) return 0;
  const sp = cfg.subprogs.findIndex((p) => p.start === insn);
  if (sp <= 0) return 0;
  const p = cfg.subprogs[sp]!;
  p.isCallback = p.isAsyncCb = p.isExceptionCb = true;
  return sp;
}

/** do_check_common for the exception callback: "exception cb only supports single integer argument" */
export function checkExceptionCbArgs(c: Checker, fi: SubprogFuncInfo): void {
  if (fi.argsError) c.err(fi.argsError.errno, fi.argsError.message);
  if (fi.args!.length !== 1 || fi.args![0]!.type !== 'ARG_ANYTHING') c.err('EINVAL', 'exception cb only supports single integer argument');
}

/**
 * check_kfunc_call for bpf_throw, before the caller-saved registers are clobbered: with the
 * default exception callback the cookie in R1 is the program's return value. In a static
 * subprogram check_return_code only wants a scalar (is_subprog).
 */
export function checkThrowCookie(c: Checker, exceptionCb: number): void {
  if (exceptionCb) return;
  const r1 = c.readReg(1);
  if (c.cur.cur.subprogno !== 0 && !c.env.cfg.subprogs[c.cur.cur.subprogno]!.isExceptionCb) {
    if (c.isPointerValue(r1) || r1.type !== RegType.SCALAR_VALUE) c.err('EINVAL', 'At subprogram exit the register R1 is not a scalar value');
    return;
  }
  c.checkReturnCode(1);
}

/**
 * process_bpf_exit_full with exception_exit: every frame unwinds, so whatever any frame holds is
 * leaked; the return-code checks are skipped (the callback's or the cookie's were checked)
 */
export function throwExit(c: Checker): 'exit' {
  const st = c.cur;
  if (st.activeLock) c.err('EINVAL', 'bpf_throw cannot be used inside bpf_spin_lock-ed region');
  if (st.activeRcuLock) c.err('EINVAL', 'bpf_throw cannot be used inside bpf_rcu_read_lock-ed region');
  if (st.refs.length) {
    for (const ref of st.refs) c.verbose(`Unreleased reference id=${ref.id} alloc_insn=${ref.insn}`);
    c.err('EINVAL', c.env.rules.log618 ? 'bpf_throw would lead to reference leak' : `Unreleased reference id=${st.refs[0]!.id} alloc_insn=${st.refs[0]!.insn}`);
  }
  return 'exit';
}

/**
 * The exception rules of check_max_stack_depth_subprog, walked from each callback (is_cb): a
 * bpf_throw in the callback or in anything it calls, and, from every root (main and each async
 * callback), a call instruction that names the exception callback.
 */
export function checkThrowReach(s: Slots, cfg: Cfg, isThrow: (i: number) => boolean): void {
  const calleeOf = (i: number): number | undefined => {
    if (isPseudoCall(s, i) || (s.code[i] === LDDW && s.src[i] === op.BPF_PSEUDO_FUNC)) return cfg.subprogOf[i + s.imm[i]! + 1];
    return undefined;
  };
  const walk = (root: number, inCb: boolean): void => {
    const seen = new Set<number>();
    const visit = (sp: number, cb: boolean): void => {
      const key = sp * 2 + (cb ? 1 : 0);
      if (seen.has(key)) return;
      seen.add(key);
      const p = cfg.subprogs[sp]!;
      for (let i = p.start; i < p.end; i += s.code[i] === LDDW ? 2 : 1) {
        if (cb && s.code[i] === (op.BPF_JMP | op.BPF_CALL) && s.src[i] === op.BPF_PSEUDO_KFUNC_CALL && isThrow(i)) {
          throw new VerifierError('EINVAL', `bpf_throw kfunc (insn ${i}) cannot be called from callback subprog ${sp}`, i);
        }
        const t = calleeOf(i);
        if (t === undefined) continue;
        const q = cfg.subprogs[t]!;
        // async callbacks are roots of their own: an address taken of one is no call
        if (q.isAsyncCb && !isPseudoCall(s, i)) continue;
        if (q.isExceptionCb) throw new VerifierError('EINVAL', `insn ${i} cannot call exception cb directly`, i);
        visit(t, cb || q.isCallback);
      }
    };
    visit(root, inCb);
  };
  walk(0, false);
  cfg.subprogs.forEach((p, sp) => { if (sp > 0 && p.isAsyncCb) walk(sp, true); });
}
