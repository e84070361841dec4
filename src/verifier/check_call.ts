/**
 * The abstract interpreter's calls into subprograms and returns (kernel/bpf/verifier.c check_func_call,
 * push_callback_call, prepare_func_exit, check_return_code at BPF_EXIT): methods of
 * Checker (./check.ts), kept in their own module by what they check.
 */
import * as op from '../isa/opcodes.js';
import { Reg, RegType, markRegUnknown, markRegNotInit, markPtr, S64_MIN, regBoundsSync } from './reg.js';
import { VerifierError, isPseudoCall } from './cfg.js';
import { isPktAny } from './check_util.js';
import * as pt from '../isa/bpf_types.js';
import type { SubprogArg, SubprogFuncInfo } from './func_info.js';
import { helperArgBtf, needKernelBtf, markBtfPtr } from './ptr_to_btf.js';
import { PTR_TRUSTED } from './btf_id.js';
import { BTF_KIND_STRUCT, BTF_KIND_UNION } from '../btf/types.js';
import { FuncState, VState, findPrevEntry, widenImpreciseScalars } from './state.js';
import { fmtState, fmtReg, regTypeStr } from './log.js';
import { type CallMeta, BPF_COMPLEXITY_LIMIT_JMP_SEQ } from './check_util.js';
import type { VerifierMap } from './types.js';
import type { Checker } from './check.js';
import { checkExceptionCbArgs } from './exceptions.js';
import { processDynptrFunc, markDynptrCbReg, isDynptrSlicePkt, BPF_DYNPTR_TYPE_LOCAL } from './dynptr.js';
import { isCallbackKfunc } from './graph.js';

function fmtFrame0(f: FuncState): string {
  const parts: string[] = [];
  for (let i = 0; i < 11; i++) {
    const r = f.regs[i]!;
    if (r.type !== RegType.NOT_INIT) parts.push(`R${i}=${fmtReg(r)}`);
  }
  return ` frame${f.frameno}: ${parts.join(' ')}`;
}

/**
 * check_resource_leak(env, false, true, prefix) (kernel/bpf/verifier.c, 6.18) for a tail call and
 * LD_ABS/IND: no spin lock held, no reference held in the main program's frame
 * (check_reference_leak stops at `cur_func(env)->frameno`: a subprogram may tail-call with its
 * caller's references; `refsInEveryFrame` keeps LD_ABS/IND, not checked against the kernel in a
 * subprogram, refusing them there too), no RCU read section, no preemption disabled
 */
export function checkResourceLeak(this: Checker, prefix: string, refsInEveryFrame = false): void {
  const st = this.cur;
  if (st.activeLock) this.err('EINVAL', `${prefix} cannot be used inside bpf_spin_lock-ed region`);
  if (st.refs.length && (st.curframe === 0 || refsInEveryFrame)) {
    for (const ref of st.refs) this.verbose(`Unreleased reference id=${ref.id} alloc_insn=${ref.insn}`);
    this.err('EINVAL', `${prefix} would lead to reference leak`);
  }
  if (st.activeRcuLock) this.err('EINVAL', `${prefix} cannot be used inside bpf_rcu_read_lock-ed region`);
  if (st.activePreemptLocks) this.err('EINVAL', `${prefix} cannot be used inside bpf_preempt_disable-ed region`);
}

export function checkExit(this: Checker, i: number): 'next' | 'exit' {
  const st = this.cur;
  // check_resource_leak(env, ..., !curframe, "BPF_EXIT instruction in main prog") (kernel/bpf/verifier.c, 6.18)
  if (st.activeLock && st.curframe === 0) this.err('EINVAL', 'BPF_EXIT instruction in main prog cannot be used inside bpf_spin_lock-ed region');
  if (st.activeLock && !this.env.rules.lockInSubprogs) this.err('EINVAL', 'bpf_spin_unlock is missing');
  // check_resource_leak: 6.18's words, 6.12's before
  if (st.activeRcuLock && st.curframe === 0) this.err('EINVAL', this.env.rules.log618 ? 'BPF_EXIT instruction in main prog cannot be used inside bpf_rcu_read_lock-ed region' : 'bpf_rcu_read_unlock is missing');
  if (st.activePreemptLocks && st.curframe === 0) this.err('EINVAL', 'BPF_EXIT instruction in main prog cannot be used inside bpf_preempt_disable-ed region');
  if (st.curframe > 0) return this.prepareFuncExit(i);
  // check_return_code: a struct_ops member returning void has no return value to check
  const voidMain = !!this.env.voidReturn && st.cur.subprogno === 0;
  const r0 = voidMain ? this.regs[0]! : this.readReg(0);
  // the exception callback, verified on its own, returns what the program returns
  // (check_return_code: !is_subprog || frame->in_exception_callback_fn)
  if (st.cur.subprogno !== 0 && !this.env.cfg.subprogs[st.cur.subprogno]!.isExceptionCb && !st.cur.inAsyncCallback) return this.checkSubprogExit(r0);
  if (st.refs.length) {
    // check_resource_leak (6.x): every leaked reference, then what leaks them
    if (!this.env.rules.log618) this.err('EINVAL', `Unreleased reference id=${st.refs[0]!.id} alloc_insn=${st.refs[0]!.insn}`);
    for (const ref of st.refs) this.verbose(`Unreleased reference id=${ref.id} alloc_insn=${ref.insn}`);
    this.err('EINVAL', 'BPF_EXIT instruction in main prog would lead to reference leak');
  }
  if (voidMain) return 'exit';
  // check_return_code: an async callback (timer, workqueue) must return 0
  if (st.cur.inAsyncCallback) this.checkReturnCode(0, 'At async callback return', [0, 0]);
  else this.checkReturnCode(0);
  return 'exit';
}

/**
 * check_return_code(env, regno, reg_name) for the program's own return: R0 at the main program's
 * exit or the exception callback's, and R1 (the cookie) of a bpf_throw without an exception
 * callback, which becomes the return value
 */
export function checkReturnCode(this: Checker, regno: number, exitCtx = 'At program exit', range: readonly [number, number] | null = this.env.progType.retRange): void {
  const r = this.regs[regno]!;
  if (this.isPointerValue(r)) this.err('EACCES', `R${regno} leaks addr as return value`);
  if (!range) return;
  if (r.type !== RegType.SCALAR_VALUE) this.err('EINVAL', `${exitCtx} the register R${regno} is not a known value (${regTypeStr(r)})`);
  this.markPrecise(regno);
  if (r.smin < BigInt(range[0]) || r.smax > BigInt(range[1])) {
    let m = `${exitCtx} the register R${regno} has`;
    let unknown = true;
    if (r.smin > S64_MIN) { m += ` smin=${r.smin}`; unknown = false; }
    if (r.smax < (1n << 63n) - 1n) { m += ` smax=${r.smax}`; unknown = false; }
    if (unknown) m += ' unknown scalar value';
    this.err('EINVAL', `${m} should have been in [${range[0]}, ${range[1]}]`);
  }
}

/** prepare_func_exit: return to the caller frame */
export function prepareFuncExit(this: Checker, i: number): 'next' | 'exit' {
  const st = this.cur;
  const callee = st.cur;
  const r0 = callee.regs[0]!;
  if (callee.inCallback) {
    if (r0.type !== RegType.SCALAR_VALUE) this.err('EACCES', `At callback return the register R0 is not a known value (${regTypeStr(r0)})`);
    this.markPrecise(0);
    if (r0.smin < 0n || r0.smax > 1n) {
      let m = 'At callback return the register R0 has';
      if (r0.smin > S64_MIN) m += ` smin=${r0.smin}`;
      if (r0.smax < (1n << 63n) - 1n) m += ` smax=${r0.smax}`;
      this.err('EINVAL', `${m} should have been in [0, 1]`);
    }
  } else if (r0.type === RegType.PTR_TO_STACK && r0.frameno === callee.frameno) {
    this.err('EINVAL', this.env.rules.log618 ? 'cannot return stack pointer to the caller' : 'cannot return stack pointer to the caller frame');
  }
  st.frames.pop();
  st.curframe--;
  const caller = st.cur;
  if (callee.inCallback) {
    markRegUnknown(caller.regs[0]!);
  } else {
    caller.regs[0]!.assign(r0);
  }
  void i;
  if (this.env.logLevel >= 1) {
    this.verbose(`returning from callee:\n ${fmtState(Object.assign(Object.create(VState.prototype), { ...st, frames: [...st.frames, callee], curframe: st.curframe + 1 }) as VState)}`);
    this.verbose(`to caller at ${callee.inCallback ? callee.callsite : callee.callsite + 1}:\n ${fmtState(st)}`);
  }
  // a callback returns to its helper's call instruction: the helper may call it again
  this.insnIdx = callee.inCallback ? callee.callsite : callee.callsite + 1;
  // prepare_func_exit: a callback's imprecise scalars that changed since the call's checkpoint
  // are widened (ctx->i++ in a bpf_loop callback), so the iterations converge at the call
  if (callee.inCallback) {
    const prev = findPrevEntry(st, callee.callsite);
    if (prev) widenImpreciseScalars(prev, st);
  }
  return 'next';
}

/** check_func_call: bpf-to-bpf call */
export function checkFuncCall(this: Checker, i: number): 'next' {
  const s = this.env.slots;
  const st = this.cur;
  const target = i + s.imm[i]! + 1;
  if (st.curframe + 1 >= op.MAX_CALL_FRAMES) this.err('E2BIG', `the call stack of ${st.curframe + 2} frames is too deep`);
  const subprog = this.env.cfg.subprogOf[target]!;
  const fi = this.env.funcs[subprog];
  if (fi?.global) return this.callGlobalFunc(subprog, fi);
  const caller = st.cur;
  const callee = new FuncState(st.curframe + 1, subprog, i);
  for (let r = 1; r <= 5; r++) callee.regs[r]!.assign(caller.regs[r]!);
  for (let r = 0; r <= 5; r++) markRegNotInit(caller.regs[r]!);
  st.frames.push(callee);
  st.curframe++;
  if (this.env.logLevel >= 1) {
    this.verbose(`caller:\n ${fmtFrame0(caller)}`);
    this.verbose(`callee:\n ${fmtFrame0(callee)}`);
  }
  this.insnIdx = target;
  return 'next';
}

export function pushCallback(this: Checker, i: number, id: number, meta: CallMeta): void {
  const st = this.pushStack(this.env.cfg.subprogs[meta.funcSubprog]!.start, i);
  st.path = { insn: i, taken: true, prev: this.cur.path };
  // push_callback_call: one more iteration in the callback's path, none in the current one
  st.callbackUnrollDepth++;
  st.cur.callbackDepth++;
  this.cur.cur.callbackDepth = 0;
  if (st.curframe + 1 >= op.MAX_CALL_FRAMES) this.err('E2BIG', `the call stack of ${st.curframe + 2} frames is too deep`);
  const caller = st.cur;
  const sp = this.env.cfg.subprogs[meta.funcSubprog]!;
  sp.isCallback = true;
  const callee = new FuncState(st.curframe + 1, meta.funcSubprog, i);
  callee.inCallback = true;
  if (id === 181) {
    // bpf_loop: callback(u32 index, void *ctx)
    markRegUnknown(callee.regs[1]!);
    callee.regs[1]!.umax = 0xffffffffn; regBoundsSync(callee.regs[1]!);
    callee.regs[2]!.assign(caller.regs[3]!);
  } else if (id === 209) {
    // set_user_ringbuf_callback_state: callback(const struct bpf_dynptr *sample, void *ctx), the
    // sample a local dynptr the callback may read but not release
    markDynptrCbReg(callee.regs[1]!, BPF_DYNPTR_TYPE_LOCAL, ++this.idGen);
    callee.regs[2]!.assign(caller.regs[3]!);
  } else {
    // bpf_for_each_map_elem: callback(map, key, value, ctx)
    const m = meta.map!;
    markPtr(callee.regs[1]!, RegType.CONST_PTR_TO_MAP); callee.regs[1]!.map = m;
    markPtr(callee.regs[2]!, RegType.PTR_TO_MAP_KEY); callee.regs[2]!.map = m;
    markPtr(callee.regs[3]!, RegType.PTR_TO_MAP_VALUE); callee.regs[3]!.map = m;
    callee.regs[4]!.assign(caller.regs[3]!);
  }
  // the caller's argument registers stay: the call is checked again when the callback returns
  st.frames.push(callee);
  st.curframe++;
}

/**
 * push_async_cb: a timer's or workqueue's callback is verified as a path of its own, pushed to be
 * explored later from a fresh state (the caller's state does not matter: the callback runs
 * from a timer or a kworker, frame 0 of its own stack); `sleepable` for a bpf_wq's
 */
export function pushAsyncCallback(this: Checker, i: number, subprog: number, sleepable: boolean, setup: (callee: FuncState) => void): void {
  const sp = this.env.cfg.subprogs[subprog]!;
  sp.isCallback = sp.isAsyncCb = true;
  const callee = new FuncState(0, subprog, -1);
  callee.inAsyncCallback = true;
  callee.asyncEntryCnt = this.cur.cur.asyncEntryCnt + 1;
  setup(callee);
  const st = new VState([callee]);
  st.inSleepable = sleepable;
  st.insnIdx = sp.start;
  st.path = { insn: i, taken: true, prev: this.cur.path };
  this.stack.push({ st, insn: sp.start, prev: i });
  if (this.stack.length > BPF_COMPLEXITY_LIMIT_JMP_SEQ) this.err('E2BIG', `The sequence of ${this.stack.length} jumps is too complex for async cb.`);
}

/** set_timer_callback_state (also bpf_wq's): callback(struct bpf_map *map, void *key, void *value) */
export function setTimerCallbackState(callee: FuncState, m: VerifierMap): void {
  markPtr(callee.regs[1]!, RegType.CONST_PTR_TO_MAP); callee.regs[1]!.map = m;
  markPtr(callee.regs[2]!, RegType.PTR_TO_MAP_KEY); callee.regs[2]!.map = m;
  markPtr(callee.regs[3]!, RegType.PTR_TO_MAP_VALUE); callee.regs[3]!.map = m;
}

/**
 * push_callback_call for a kfunc's synchronous callback (bpf_rbtree_add_impl's `less`): as
 * pushCallback, with the kfunc's set_*_callback_state filling the callee's registers
 */
export function pushKfuncCallback(this: Checker, i: number, subprog: number, setup: (caller: FuncState, callee: FuncState) => void): void {
  const st = this.pushStack(this.env.cfg.subprogs[subprog]!.start, i);
  st.path = { insn: i, taken: true, prev: this.cur.path };
  st.callbackUnrollDepth++;
  st.cur.callbackDepth++;
  this.cur.cur.callbackDepth = 0;
  if (st.curframe + 1 >= op.MAX_CALL_FRAMES) this.err('E2BIG', `the call stack of ${st.curframe + 2} frames is too deep`);
  this.env.cfg.subprogs[subprog]!.isCallback = true;
  const callee = new FuncState(st.curframe + 1, subprog, i);
  callee.inCallback = true;
  setup(st.cur, callee);
  st.frames.push(callee);
  st.curframe++;
}

/**
 * calls_callback: the call instructions of helpers that call a callback
 * (is_sync_callback_calling_function: bpf_for_each_map_elem, bpf_find_vma, bpf_loop,
 * bpf_user_ringbuf_drain) and of kfuncs that do (is_sync_callback_calling_kfunc)
 */
export function callsCallback(this: Checker, i: number): boolean {
  const s = this.env.slots;
  if (s.code[i] !== (op.BPF_JMP | op.BPF_CALL)) return false;
  if (s.src[i] === op.BPF_PSEUDO_KFUNC_CALL) return isCallbackKfunc(this.kfuncAt(i));
  return s.src[i] === 0 && (s.imm[i] === 181 || s.imm[i] === 164 || s.imm[i] === 180 || s.imm[i] === 209);
}

/**
 * is_async_callback_calling_insn: bpf_timer_set_callback and the kfunc bpf_wq_set_callback_impl,
 * which visit_insn makes prune points so that a callback re-arming itself meets the checkpoint of
 * its first entry before pushing another (push_async_cb)
 */
export function callsAsyncCallback(this: Checker, i: number): boolean {
  const s = this.env.slots;
  if (s.code[i] !== (op.BPF_JMP | op.BPF_CALL)) return false;
  if (s.src[i] === op.BPF_PSEUDO_KFUNC_CALL) return this.kfuncAt(i) === 'bpf_wq_set_callback_impl';
  return s.src[i] === 0 && s.imm[i] === 170;
}

/**
 * check_func_call of a global function (BTF_FUNC_GLOBAL): the callee is not entered — the
 * arguments must match its BTF prototype (btf_check_func_arg_match), it is verified on its own
 * later (do_check_subprogs), and it returns an unknown scalar.
 */
export function callGlobalFunc(this: Checker, subprog: number, fi: SubprogFuncInfo): 'next' {
  const st = this.cur;
  const caller = st.cur;
  if (st.activeLock) this.err('EINVAL', 'global function calls are not allowed while holding a lock,\nuse static function instead');
  const invalidArgs = `Caller passes invalid args into func#${subprog} ('${fi.name}')`;
  if (fi.argsError) {
    if (fi.argsError.errno === 'EFAULT') this.err('EFAULT', fi.argsError.message);
    this.verbose(fi.argsError.message);
    this.err(fi.argsError.errno, invalidArgs);
  }
  try {
    this.checkGlobalFuncArgs(fi.args!);
  } catch (e) {
    if (!(e instanceof VerifierError)) throw e;
    // btf_check_func_arg_match logs why; check_func_call refuses the call with EINVAL
    this.verbose(e.message);
    this.err('EINVAL', invalidArgs);
  }
  if (this.env.logLevel >= 1) this.verbose(`Func#${subprog} ('${fi.name}') is global and assumed valid.`);
  this.globalCalled[subprog] = 1;
  // changes_pkt_data of the subprogram (check_cfg: its helpers, tail calls and callees)
  if ((this.pktChangers ??= subprogsChangingPktData(this)).includes(subprog)) {
    this.cur.forEachReg((r) => { if (isPktAny(r) || isDynptrSlicePkt(r)) this.markInvalid(r); });
  }
  for (let r = 1; r <= 5; r++) markRegNotInit(caller.regs[r]!);
  markRegUnknown(caller.regs[0]!);
  this.insnIdx = this.insnIdx + 1;
  return 'next';
}

/** btf_check_func_arg_match: the caller's r1..r5 against the global function's argument types */
export function checkGlobalFuncArgs(this: Checker, args: readonly SubprogArg[]): void {
  for (let k = 0; k < args.length; k++) {
    const regno = k + 1;
    const a = args[k]!;
    const reg = this.regs[regno]!;
    switch (a.type) {
      case 'ARG_ANYTHING':
        if (reg.type !== RegType.SCALAR_VALUE) this.err('EINVAL', `R${regno} is not a scalar`);
        break;
      case 'ARG_PTR_TO_CTX':
        if (reg.type === RegType.PTR_TO_CTX) this.checkCtxPtrOff(regno, reg);
        else this.err('EINVAL', `arg#${k} expects pointer to ctx`);
        break;
      case 'ARG_PTR_TO_MEM': {
        // check_mem_reg: NULL passes; otherwise the memory must be readable and writable for
        // the size of the pointed-to type (a NULL-able pointer is checked as if not NULL)
        if (reg.type === RegType.SCALAR_VALUE && regIsNull(reg)) break;
        const wasNull = reg.maybeNull;
        reg.maybeNull = false;
        try {
          this.checkGlobalMemArg(regno, reg, a.memSize);
        } finally {
          reg.maybeNull = wasNull;
        }
        if (!a.maybeNull && wasNull) this.err('EINVAL', `arg#${k} is expected to be non-NULL`);
        break;
      }
      case 'ARG_PTR_TO_ARENA':
        if (reg.type !== RegType.SCALAR_VALUE) this.err('EINVAL', `R${regno} is not a pointer to arena or scalar.`);
        break;
      case 'ARG_PTR_TO_BTF_ID': {
        // btf_check_func_arg_match: NULL where the tag allows it, else check_reg_type against
        // btf_ptr_types (ptr_, trusted_ptr_, rcu_ptr_) and the kernel struct of the prototype
        if (a.maybeNull && regIsNull(reg)) break;
        helperArgBtf(this.host, regno, reg, kernelArgStruct(this, k, a), a.maybeNull);
        break;
      }
      case 'ARG_PTR_TO_DYNPTR':
        // btf_check_func_arg_match: ARG_PTR_TO_DYNPTR | MEM_RDONLY, any type of dynptr
        processDynptrFunc(this.host, regno, -1, { uninit: false, rdonly: true, type: 0 }, () => undefined);
        break;
      default:
        // dynptrs and PTR_TO_BTF_ID arguments need kfunc / kernel BTF support
        this.err('EINVAL', `arg#${k}: tsbpf does not verify ${a.type} arguments of global functions`);
    }
  }
}

/**
 * check_helper_mem_access for BPF_READ then BPF_WRITE, as check_mem_reg asks it. A context
 * pointer of a program type without convert_ctx_access is checked as a one-byte access at the
 * last byte (the kernel cannot size it statically); with one, a context is not memory.
 */
export function checkGlobalMemArg(this: Checker, regno: number, reg: Reg, size: number): void {
  if (reg.type === RegType.PTR_TO_CTX && !CONVERTS_CTX_ACCESS.has(this.env.progType.id)) {
    if (size === 0) return;
    this.checkMemAccess(regno, size - 1, 1, 'read', -1, false);
    this.checkMemAccess(regno, size - 1, 1, 'write', -1, false, 0n);
    return;
  }
  if (reg.type === RegType.PTR_TO_CTX || reg.type === RegType.SCALAR_VALUE) {
    if (size === 0 && regIsNull(reg)) return;
    this.err('EACCES', `R${regno} type=${regTypeStr(reg)} expected=fp`);
  }
  this.checkHelperMemAccess(regno, reg, size, true, false, false);
  this.checkHelperMemAccess(regno, reg, size, true, false, true);
}

/** program types whose bpf_verifier_ops have convert_ctx_access (include/linux/bpf_types.h and their ops) */
const CONVERTS_CTX_ACCESS = new Set([
  pt.BPF_PROG_TYPE_SOCKET_FILTER, pt.BPF_PROG_TYPE_SCHED_CLS, pt.BPF_PROG_TYPE_SCHED_ACT, pt.BPF_PROG_TYPE_XDP,
  pt.BPF_PROG_TYPE_PERF_EVENT, pt.BPF_PROG_TYPE_CGROUP_SKB, pt.BPF_PROG_TYPE_CGROUP_SOCK, pt.BPF_PROG_TYPE_LWT_IN,
  pt.BPF_PROG_TYPE_LWT_OUT, pt.BPF_PROG_TYPE_LWT_XMIT, pt.BPF_PROG_TYPE_SOCK_OPS, pt.BPF_PROG_TYPE_SK_SKB,
  pt.BPF_PROG_TYPE_SK_MSG, pt.BPF_PROG_TYPE_CGROUP_SOCK_ADDR, pt.BPF_PROG_TYPE_LWT_SEG6LOCAL, pt.BPF_PROG_TYPE_FLOW_DISSECTOR,
  pt.BPF_PROG_TYPE_CGROUP_SYSCTL, pt.BPF_PROG_TYPE_CGROUP_SOCKOPT, pt.BPF_PROG_TYPE_SK_REUSEPORT, pt.BPF_PROG_TYPE_SK_LOOKUP,
]);

/**
 * btf_get_ptr_to_btf_id: the kernel struct an `__arg_trusted` argument points to — the one
 * struct of the kernel's BTF with the argument type's essential name
 */
function kernelArgStruct(c: Checker, k: number, a: SubprogArg): string {
  const btf = needKernelBtf(c.host, `an __arg_trusted argument`);
  const kind = a.btfKind === BTF_KIND_UNION ? 'union' : 'struct';
  if (a.btfKind !== BTF_KIND_STRUCT || !btf.find(a.btfName ?? '', BTF_KIND_STRUCT)) {
    c.err('EINVAL', `arg#${k} reference type('${kind} ${a.btfName ?? ''}') has no matches`);
  }
  return a.btfName!;
}

/** register_is_null: a scalar known to be 0 */
const regIsNull = (r: Reg): boolean => r.type === RegType.SCALAR_VALUE && r.vh === 0 && r.vl === 0 && r.mh === 0 && r.ml === 0;

/**
 * do_check_subprogs: after the main program, every global function some verified path called is
 * verified on its own — once, from its first instruction, with the arguments its BTF prototype
 * gives (do_check_common) — until no new one was called.
 */
export function doCheckSubprogs(this: Checker): void {
  const funcs = this.env.funcs;
  for (let again = true; again;) {
    again = false;
    for (let sp = 1; sp < funcs.length; sp++) {
      const fi = funcs[sp];
      if (!fi?.global || !this.globalCalled[sp] || this.globalVerified[sp]) continue;
      this.checkGlobalFunc(sp, fi);
      if (this.env.logLevel >= 1) this.verbose(`Func#${sp} ('${fi.name}') is safe for any args that match its prototype`);
      this.globalVerified[sp] = 1;
      again = true;
    }
  }
}

/** do_check_common(env, subprog): a global function's own verification */
export function checkGlobalFunc(this: Checker, sp: number, fi: SubprogFuncInfo): void {
  const start = this.env.cfg.subprogs[sp]!.start;
  this.insnIdx = start;
  this.verbose(`Validating ${fi.name}() func#${sp}...`);
  if (fi.argsError) this.err(fi.argsError.errno, fi.argsError.message);
  if (this.env.cfg.subprogs[sp]!.isExceptionCb) checkExceptionCbArgs(this, fi);
  const f = new FuncState(0, sp, -1);
  for (let k = 0; k < fi.args!.length; k++) {
    const a = fi.args![k]!;
    const reg = f.regs[k + 1]!;
    switch (a.type) {
      case 'ARG_PTR_TO_CTX': markPtr(reg, RegType.PTR_TO_CTX); break;
      case 'ARG_ANYTHING': case 'ARG_PTR_TO_ARENA': markRegUnknown(reg); break;
      case 'ARG_PTR_TO_BTF_ID': {
        // do_check_common: PTR_TO_BTF_ID | PTR_TRUSTED (| PTR_MAYBE_NULL) of the kernel struct
        const btf = needKernelBtf(this.host, `the __arg_trusted argument of ${fi.name}()`);
        markBtfPtr(reg, btf, btf.find(kernelArgStruct(this, k, a), BTF_KIND_STRUCT)!.id, PTR_TRUSTED);
        reg.maybeNull = a.maybeNull;
        reg.id = ++this.idGen;
        break;
      }
      // do_check_common: mark_dynptr_cb_reg(BPF_DYNPTR_TYPE_LOCAL)
      case 'ARG_PTR_TO_DYNPTR': markDynptrCbReg(reg, BPF_DYNPTR_TYPE_LOCAL, ++this.idGen); break;
      case 'ARG_PTR_TO_MEM':
        markPtr(reg, RegType.PTR_TO_MEM);
        reg.maybeNull = a.maybeNull;
        reg.memSize = a.memSize;
        reg.id = ++this.idGen;
        break;
      default:
        this.err('EINVAL', `arg#${k}: tsbpf does not verify ${a.type} arguments of global functions`);
    }
  }
  // free_states: what the previous pass explored prunes nothing here
  this.stack.length = 0;
  this.explored.clear();
  this.inProgress.clear();
  this.completed.length = 0;
  this.curStates = 0;
  this.cur = new VState([f]);
  this.prevInsnIdx = -1;
  this.doCheck();
}

/** check_return_code at the exit of a global function verified on its own: R0 must be a scalar */
export function checkSubprogExit(this: Checker, r0: Reg): 'exit' {
  const st = this.cur;
  if (st.refs.length) {
    for (const ref of st.refs) this.verbose(`Unreleased reference id=${ref.id} alloc_insn=${ref.insn}`);
    this.err('EINVAL', 'BPF_EXIT instruction in main prog would lead to reference leak');
  }
  if (this.isPointerValue(r0)) this.err('EACCES', 'R0 leaks addr as return value');
  if (r0.type !== RegType.SCALAR_VALUE) this.err('EINVAL', `At subprogram exit the register R0 is not a scalar value (${regTypeStr(r0)})`);
  return 'exit';
}

/**
 * mark_subprog_changes_pkt_data + merge_callee_effects (check_cfg): the subprograms that call a
 * helper that changes packet data (bpf_helper_changes_pkt_data, bpf_tail_call since 6.12), or
 * call a subprogram that does
 */
function subprogsChangingPktData(c: Checker): number[] {
  const { slots: s, cfg, protos, rules } = c.env;
  const marked = new Uint8Array(cfg.subprogs.length);
  const calls: [number, number][] = [];
  for (let i = 0; i < s.n; i++) {
    if (s.code[i] !== (op.BPF_JMP | op.BPF_CALL)) continue;
    const sp = cfg.subprogOf[i]!;
    if (isPseudoCall(s, i)) calls.push([sp, cfg.subprogOf[i + s.imm[i]! + 1]!]);
    else if (s.src[i] === 0 && (protos.get(s.imm[i]!)?.changesPktData || (s.imm[i] === 12 && rules.tailCallChangesPktData))) marked[sp] = 1;
  }
  for (let changed = true; changed;) {
    changed = false;
    for (const [caller, callee] of calls) if (marked[callee] && !marked[caller]) { marked[caller] = 1; changed = true; }
  }
  return [...marked.keys()].filter((k) => marked[k]);
}
