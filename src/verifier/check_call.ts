/**
 * The abstract interpreter's calls into subprograms and returns (kernel/bpf/verifier.c check_func_call,
 * push_callback_call, prepare_func_exit, check_return_code at BPF_EXIT): methods of
 * Checker (./check.ts), kept in their own module by what they check.
 */
import * as op from '../isa/opcodes.js';
import { RegType, markRegUnknown, markRegNotInit, markPtr, S64_MIN, regBoundsSync } from './reg.js';
import { FuncState, VState } from './state.js';
import { fmtState, fmtReg, regTypeStr } from './log.js';
import { type CallMeta } from './check_util.js';
import type { Checker } from './check.js';

function fmtFrame0(f: FuncState): string {
  const parts: string[] = [];
  for (let i = 0; i < 11; i++) {
    const r = f.regs[i]!;
    if (r.type !== RegType.NOT_INIT) parts.push(`R${i}=${fmtReg(r)}`);
  }
  return ` frame${f.frameno}: ${parts.join(' ')}`;
}

export function checkExit(this: Checker, i: number): 'next' | 'exit' {
  const st = this.cur;
  // check_resource_leak(env, ..., !curframe, "BPF_EXIT instruction in main prog") (kernel/bpf/verifier.c, 6.18)
  if (st.activeLock && st.curframe === 0) this.err('EINVAL', 'BPF_EXIT instruction in main prog cannot be used inside bpf_spin_lock-ed region');
  if (st.activeLock) this.err('EINVAL', 'bpf_spin_unlock is missing');
  // check_resource_leak: 6.18's words, 6.12's before
  if (st.activeRcuLock && st.curframe === 0) this.err('EINVAL', this.env.rules.log618 ? 'BPF_EXIT instruction in main prog cannot be used inside bpf_rcu_read_lock-ed region' : 'bpf_rcu_read_unlock is missing');
  if (st.curframe > 0) return this.prepareFuncExit(i);
  const r0 = this.readReg(0);
  if (st.refs.length) {
    // check_resource_leak (6.x): every leaked reference, then what leaks them
    if (!this.env.rules.log618) this.err('EINVAL', `Unreleased reference id=${st.refs[0]!.id} alloc_insn=${st.refs[0]!.insn}`);
    for (const ref of st.refs) this.verbose(`Unreleased reference id=${ref.id} alloc_insn=${ref.insn}`);
    this.err('EINVAL', 'BPF_EXIT instruction in main prog would lead to reference leak');
  }
  // check_return_code
  if (this.isPointerValue(r0)) this.err('EACCES', 'R0 leaks addr as return value');
  const range = this.env.progType.retRange;
  if (range) {
    if (r0.type !== RegType.SCALAR_VALUE) this.err('EINVAL', `At program exit the register R0 is not a known value (${regTypeStr(r0)})`);
    this.markPrecise(0);
    if (r0.smin < BigInt(range[0]) || r0.smax > BigInt(range[1])) {
      let m = 'At program exit the register R0 has';
      let unknown = true;
      if (r0.smin > S64_MIN) { m += ` smin=${r0.smin}`; unknown = false; }
      if (r0.smax < (1n << 63n) - 1n) { m += ` smax=${r0.smax}`; unknown = false; }
      if (unknown) m += ' unknown scalar value';
      this.err('EINVAL', `${m} should have been in [${range[0]}, ${range[1]}]`);
    }
  }
  return 'exit';
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
    this.verbose(`to caller at ${callee.callsite + 1}:\n ${fmtState(st)}`);
  }
  // a callback returns to its helper's call instruction: the helper may call it again
  this.insnIdx = callee.inCallback ? callee.callsite : callee.callsite + 1;
  return 'next';
}

/** check_func_call: bpf-to-bpf call */
export function checkFuncCall(this: Checker, i: number): 'next' {
  const s = this.env.slots;
  const st = this.cur;
  const target = i + s.imm[i]! + 1;
  if (st.curframe + 1 >= op.MAX_CALL_FRAMES) this.err('E2BIG', `the call stack of ${st.curframe + 2} frames is too deep`);
  const subprog = this.env.cfg.subprogOf[target]!;
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

/** calls_callback: the call instructions of helpers that call a callback (bpf_loop, bpf_for_each_map_elem) */
export function callsCallback(this: Checker, i: number): boolean {
  const s = this.env.slots;
  return s.code[i] === (op.BPF_JMP | op.BPF_CALL) && s.src[i] === 0 && (s.imm[i] === 181 || s.imm[i] === 164);
}
