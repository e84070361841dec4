/**
 * The abstract interpreter's helper calls (kernel/bpf/verifier.c check_helper_call, process_spin_lock,
 * check_map_func_compatibility): methods of
 * Checker (./check.ts), kept in their own module by what they check.
 */
import { Reg, RegType, markRegUnknown, markRegNotInit, markPtr, isScalar, regBoundsSync, s64 } from './reg.js';
import { tnumIsConst, tnumEqualsConst } from './tnum.js';
import { STACK_MISC, STACK_SPILL } from './state.js';
import { regTypeStr } from './log.js';
import type { VerifierMap, VerifierHelperProto } from './types.js';
import { MapType } from './types.js';
import { checkMapFuncCompatibility } from '../helpers/prototypes.js';
import { type CallMeta, isPktAny } from './check_util.js';
import type { Checker } from './check.js';
import { helperRetBtf } from './ptr_to_btf.js';
import { dynptrOf, unmarkStackSlotsDynptr, isDynptrSlicePkt, BPF_DYNPTR_TYPE_SKB } from './dynptr.js';
import { isAllocObj, allocSpinLockOff, invalidateNonOwningRefs, kptrXchgRet } from './graph.js';
import { MEM_ALLOC, MEM_PERCPU, MEM_RCU } from './btf_id.js';
import { parseBpfFormat } from '../helpers/impl/printf.js';
import { setTimerCallbackState } from './check_call.js';

export function argMismatch(this: Checker, regno: number, r: Reg, expected: string): never {
  this.err('EACCES', `R${regno} type=${regTypeStr(r)} expected=${expected}`);
}

/** check_helper_call */
export function checkHelperCall(this: Checker, i: number): 'next' | 'exit' {
  const s = this.env.slots;
  const id = s.imm[i]!;
  const known = this.env.protos.get(id);
  if (!known) this.err('EINVAL', `invalid func unknown#${id}`);
  const tp = this.env.typeProtos;
  if (!tp.has(id)) {
    this.err('EINVAL', `program of this type cannot use helper ${known.name}#${id}`);
  }
  const proto = tp.get(id)!;
  if (proto.gplOnly && !this.env.gpl) this.err('EINVAL', 'cannot call GPL-restricted function from non-GPL compatible program');
  if (proto.mightSleep) {
    // check_helper_call: bpf_copy_from_user and friends may fault pages in — only a sleepable
    // program (in_sleepable: BPF_F_SLEEPABLE, or a bpf_wq callback's path) may call them, and not
    // while it holds bpf_rcu_read_lock() or bpf_preempt_disable()
    if (!this.host.sleepable) this.err('EINVAL', 'helper call might sleep in a non-sleepable prog');
    if (this.cur.activeRcuLock) this.err('EINVAL', `sleepable helper ${known.name}#${id} in rcu_read_lock region`);
    if (this.cur.activePreemptLocks) this.err('EINVAL', `sleepable helper ${known.name}#${id} in non-preemptible region`);
  }
  const meta: CallMeta = { map: null, rawMode: false, accessRegno: -1, accessSize: 0, memSize: 0, refObjId: 0, funcSubprog: -1, releaseRegno: -1, sizeMax: -1, writesMem: false, constMapKey: -1n };
  // arguments
  for (let a = 0; a < 5; a++) {
    const t = proto.argTypes[a];
    if (!t || t === 'ARG_DONTCARE') continue;
    this.checkFuncArg(a + 1, t, meta, proto);
  }
  this.checkMapFuncCompat(meta.map, proto);
  if (id === 81) {
    const flags = this.regs[2]!;
    if (!isScalar(flags) || !tnumEqualsConst(flags.varOff, 0n)) this.err('EINVAL', 'get_local_storage() doesn\'t support non-zero flags');
  }
  if (id === 165) this.checkBpfSnprintfCall();
  if (id === 12 && this.env.rules.log618) this.checkResourceLeak('tail_call');
  else if (id === 12 && this.cur.refs.length) this.err('EINVAL', 'tail_call would lead to reference leak');
  if (id === 12 && meta.map) {
    // record_func_map: unprivileged tail calls must use one map per call site
    const prev = this.tailCallMap.get(i);
    if (prev === undefined) this.tailCallMap.set(i, meta.map);
    else if (prev !== meta.map) this.tailCallMap.set(i, null);
  }
  // the helper writes uninitialised memory it was given: those stack bytes become initialised
  if (meta.rawMode && meta.accessRegno >= 0) {
    const r = this.regs[meta.accessRegno]!;
    if (r.type === RegType.PTR_TO_STACK) {
      const f = this.cur.frames[r.frameno]!;
      const base = r.off + Number(s64(r.varOff.value));
      for (let k = 0; k < meta.accessSize; k++) {
        const slot = -(base + k) - 1;
        const spi = (slot / 8) | 0;
        if (f.slotType[spi * 8 + 7] === STACK_SPILL) { for (let b = spi * 8; b < spi * 8 + 8; b++) if (f.slotType[b] === STACK_SPILL) f.slotType[b] = STACK_MISC; f.spilled[spi] = null; }
        f.slotType[spi * 8 + (slot % 8)] = STACK_MISC;
      }
    }
  }
  if (id === 194 && meta.refObjId) {
    // bpf_kptr_xchg: the stored object's reference moves into the map (release_reference_state);
    // in an RCU section a per-CPU object stays readable as an RCU pointer
    const ref = meta.refObjId;
    const inRcu = this.cur.activeRcuLock || !!this.cur.activeLock || (this.env.progFlags & 16) === 0;
    if (!this.cur.refs.some((x) => x.id === ref)) this.err('EINVAL', 'reference has not been acquired before');
    this.cur.refs = this.cur.refs.filter((x) => x.id !== ref);
    this.cur.forEachReg((x) => {
      if (x.refObjId !== ref) return;
      if (inRcu && x.type === RegType.PTR_TO_BTF_ID && x.btfFlags & MEM_ALLOC && x.btfFlags & MEM_PERCPU) {
        x.refObjId = 0;
        x.btfFlags = (x.btfFlags & ~MEM_ALLOC) | MEM_RCU;
      } else this.markInvalid(x);
    });
  }
  if (meta.releaseDynptr) {
    // unmark_stack_slots_dynptr: bpf_ringbuf_submit_dynptr / discard_dynptr
    unmarkStackSlotsDynptr(this.host, this.regs[meta.releaseRegno]!);
  } else if (proto.release && id !== 194) {
    const regno = meta.releaseRegno;
    const r = this.regs[regno]!;
    const ref = r.refObjId;
    if (!ref || !this.cur.refs.some((x) => x.id === ref)) this.err('EINVAL', 'reference has not been acquired before');
    this.cur.refs = this.cur.refs.filter((x) => x.id !== ref);
    this.cur.forEachReg((x) => { if (x.refObjId === ref) this.markInvalid(x); });
  }
  if (id === 93 || id === 94) this.processSpinLock(id === 93, meta);
  let changesData = !!proto.changesPktData;
  let dynptrId = 0;
  if (id === 197 && this.regs[1]!.type !== RegType.PTR_TO_MAP_VALUE) {
    // check_helper_call, BPF_FUNC_dynptr_from_mem: local dynptrs wrap map values only
    this.err('EACCES', `Unsupported reg type ${regTypeStr(this.regs[1]!)} for bpf_dynptr_from_mem data`);
  } else if (id === 203 && meta.dynptrRegno) {
    // BPF_FUNC_dynptr_data: the slice remembers its dynptr and shares its reference
    const d = dynptrOf(this.host, this.regs[meta.dynptrRegno]!);
    dynptrId = d.id;
    meta.refObjId = d.refObjId;
  } else if (id === 202 && meta.dynptrRegno && dynptrOf(this.host, this.regs[meta.dynptrRegno]!).dynptrType === BPF_DYNPTR_TYPE_SKB) {
    // BPF_FUNC_dynptr_write into an skb may reallocate its data: packet pointers and slices go
    changesData = true;
  }
  // callbacks: bpf_loop (181), bpf_for_each_map_elem (164), bpf_user_ringbuf_drain (209):
  // push_callback_call explores the
  // callback as a branch (the current path goes on as if it was never called); when the
  // callback returns, the call instruction runs again (another iteration may follow), until
  // the states at the call converge (is_state_visited, calls_callback)
  if (id === 181 && meta.funcSubprog >= 0) {
    // bpf_loop: R1 (nr_loops) bounds the iterations explored, so it must be precise
    this.markPrecise(1);
    if (this.cur.cur.callbackDepth < Number(this.regs[1]!.umax > 0xffffffffn ? 0xffffffffn : this.regs[1]!.umax)) this.pushCallback(i, id, meta);
    else this.cur.cur.callbackDepth = 0;
  } else if ((id === 164 || id === 209) && meta.funcSubprog >= 0) this.pushCallback(i, id, meta);
  else if (id === 170 && meta.funcSubprog >= 0) {
    // bpf_timer_set_callback: the callback runs later, from a timer (push_async_cb with
    // set_timer_callback_state: r1 the map, r2 the key, r3 the value holding the timer)
    const m = meta.map!;
    this.pushAsyncCallback(i, meta.funcSubprog, false, (callee) => setTimerCallbackState(callee, m));
  }
  // clobber caller-saved registers
  for (let r = 1; r <= 5; r++) markRegNotInit(this.regs[r]!);
  const r0 = this.regs[0]!;
  switch (proto.retType) {
    case 'RET_INTEGER':
      markRegUnknown(r0);
      break;
    case 'RET_VOID':
      markRegNotInit(r0);
      break;
    case 'RET_PTR_TO_MAP_VALUE':
    case 'RET_PTR_TO_MAP_VALUE_OR_NULL': {
      if (!meta.map) this.err('EINVAL', `kernel subsystem misconfigured verifier`);
      if (id === 1 && (meta.map.type === MapType.SOCKMAP || meta.map.type === MapType.SOCKHASH)) {
        // lookups in socket maps return a referenced socket
        markPtr(r0, RegType.PTR_TO_SOCKET);
        r0.maybeNull = true;
        ++this.idGen; // R0's own id, replaced by the reference id as the kernel does
        const refId = ++this.idGen;
        this.cur.refs.push({ id: refId, insn: i });
        r0.refObjId = refId;
        r0.id = refId;
        break;
      }
      markPtr(r0, RegType.PTR_TO_MAP_VALUE);
      r0.map = meta.map;
      // a lookup in an array with a constant in-range key cannot fail (6.13, can_elide_value_nullness)
      const elided = id === 1 && meta.constMapKey >= 0n && meta.constMapKey < BigInt(meta.map.maxEntries) && this.canElideValueNullness(meta.map);
      if (proto.retType === 'RET_PTR_TO_MAP_VALUE_OR_NULL' && !elided) {
        r0.maybeNull = true;
        r0.id = ++this.idGen;
      } else if (elided && (meta.map.spinLockOff ?? -1) >= 0) {
        r0.id = ++this.idGen; // a value that may hold a bpf_spin_lock keeps an id to pair lock and unlock
      }
      break;
    }
    case 'RET_PTR_TO_SOCKET_OR_NULL':
    case 'RET_PTR_TO_TCP_SOCK_OR_NULL':
    case 'RET_PTR_TO_SOCK_COMMON_OR_NULL':
      markPtr(r0, proto.retType === 'RET_PTR_TO_SOCKET_OR_NULL' ? RegType.PTR_TO_SOCKET : proto.retType === 'RET_PTR_TO_TCP_SOCK_OR_NULL' ? RegType.PTR_TO_TCP_SOCK : RegType.PTR_TO_SOCK_COMMON);
      r0.maybeNull = true;
      r0.id = ++this.idGen;
      break;
    case 'RET_PTR_TO_ALLOC_MEM_OR_NULL':
    case 'RET_PTR_TO_RINGBUF_MEM_OR_NULL':
      markPtr(r0, RegType.PTR_TO_MEM);
      r0.memKind = 'ringbuf';
      r0.maybeNull = true;
      r0.memSize = meta.memSize;
      r0.id = ++this.idGen;
      break;
    case 'RET_PTR_TO_DYNPTR_MEM_OR_NULL':
      // bpf_dynptr_data: PTR_TO_MEM | PTR_MAYBE_NULL of the constant size, ref_obj_id of the dynptr
      markPtr(r0, RegType.PTR_TO_MEM);
      r0.maybeNull = true;
      r0.memSize = meta.memSize;
      r0.id = ++this.idGen;
      r0.dynptrId = dynptrId;
      r0.refObjId = meta.refObjId;
      break;
    case 'RET_PTR_TO_BTF_ID':
    case 'RET_PTR_TO_BTF_ID_OR_NULL':
    case 'RET_PTR_TO_BTF_ID_TRUSTED':
      if (id === 194 && meta.kptrField) {
        // bpf_kptr_xchg returns the field's old object: its type, MEM_ALLOC for a local kptr
        kptrXchgRet(meta.kptrField, r0);
        r0.maybeNull = true;
        break;
      }
      if (!proto.retBtf) this.err('EINVAL', `unknown return type ${proto.retType} of func ${proto.name}#${id}`);
      helperRetBtf(this.host, r0, proto.retBtf, proto.retType, `${proto.name}#${id}`);
      break;
    default:
      this.err('EINVAL', `unknown return type ${proto.retType} of func ${proto.name}#${id}`);
  }
  if ([67, 141, 45, 114, 115].includes(id) && meta.sizeMax >= 0) {
    // do_refine_retval_range: bpf_get_stack, bpf_get_task_stack and the probe_read_*_str helpers
    // return at most the buffer size, or a negative errno
    r0.smax = BigInt(meta.sizeMax); r0.s32max = meta.sizeMax;
    r0.smin = -4095n; r0.s32min = -4095;
    regBoundsSync(r0);
  }
  if (id === 8 && this.env.nrCpuIds > 0) {
    // do_refine_retval_range, BPF_FUNC_get_smp_processor_id: [0, nr_cpu_ids - 1] in all four ranges
    const max = this.env.nrCpuIds - 1;
    r0.umin = 0n; r0.umax = BigInt(max); r0.smin = 0n; r0.smax = BigInt(max);
    r0.u32min = 0; r0.u32max = max; r0.s32min = 0; r0.s32max = max;
    regBoundsSync(r0);
  }
  if (proto.acquire) {
    const refId = ++this.idGen;
    this.cur.refs.push({ id: refId, insn: i });
    r0.refObjId = refId;
    r0.id = refId;
  } else if (meta.refObjId && (id === 95 || id === 96 || /^(bpf_)?skc_to_/.test(proto.name))) {
    // is_ptr_cast_function (sk_fullsock, tcp_sock, skc_to_*): the result shares the argument's
    // reference, so releasing the socket invalidates it too
    r0.refObjId = meta.refObjId;
  }
  // a tail call from a subprogram: the tail-called program may have changed the packet before
  // control comes back to the subprogram's caller (6.12: bpf_helper_changes_pkt_data lists
  // bpf_tail_call; the subprogram is marked changes_pkt_data). From the main program a failed
  // tail call changed nothing and a successful one never returns: 6.18 keeps the pointers.
  if (changesData || (id === 12 && this.env.rules.tailCallChangesPktData && this.cur.curframe > 0)) {
    // clear_all_pkt_pointers: packet pointers and skb/xdp dynptr slices
    this.cur.forEachReg((r) => { if (isPktAny(r) || isDynptrSlicePkt(r)) this.markInvalid(r); });
  }
  this.insnIdx = i + 1;
  return 'next';
}

export function processSpinLock(this: Checker, lock: boolean, meta: CallMeta): void {
  const r = this.regs[1]!;
  const st = this.cur;
  // active_lock.ptr: the map of a map value, the BTF of an allocated object (graph.ts)
  const alloc = isAllocObj(r);
  const map = r.map;
  const owner: unknown = alloc ? r.btf : map;
  if (!tnumIsConst(r.varOff)) this.err('EINVAL', 'R1 doesn\'t have constant offset. bpf_spin_lock has to be at the constant offset');
  const lockOff = alloc ? allocSpinLockOff(this.host, r) : map!.spinLockOff ?? -1;
  if (lockOff < 0) this.err('EINVAL', `map '${map!.name ?? ''}' has no valid bpf_spin_lock`);
  const val = Number(r.varOff.value) + r.off;
  if (lockOff !== val) this.err('EINVAL', `off ${val} doesn't point to 'struct bpf_spin_lock' that is at ${lockOff}`);
  void meta;
  if (lock) {
    if (st.activeLock) this.err('EINVAL', 'Locking two bpf_spin_locks are not allowed');
    st.activeLock = r.id || -1;
    st.activeLockMap = owner;
  } else {
    if (!st.activeLock) this.err('EINVAL', 'bpf_spin_unlock without taking a lock');
    if (st.activeLock !== (r.id || -1) || st.activeLockMap !== owner) this.err('EINVAL', 'bpf_spin_unlock of different lock');
    st.activeLock = 0;
    st.activeLockMap = null;
    invalidateNonOwningRefs(st, (x) => this.markInvalid(x));
  }
}

/**
 * check_map_func_compatibility, both ways (the map's helpers and the helper's maps), from the
 * kernel-objects layer's table; may_update_sockmap says why a sockmap update is refused
 */
export function checkMapFuncCompat(this: Checker, map: VerifierMap | null, proto: VerifierHelperProto): void {
  if (!map) return;
  const msg = checkMapFuncCompatibility(map.type, proto.id, this.env.progType.id, this.env.attachType);
  if (!msg) return;
  if ((map.type === MapType.SOCKMAP || map.type === MapType.SOCKHASH) && (proto.id === 2 || proto.id === 3)) this.verbose('cannot update sockmap in this context');
  this.err('EINVAL', msg);
}

/**
 * check_bpf_snprintf_call: bpf_snprintf's format (r3, a constant string checked by
 * check_reg_const_str) must pass bpf_bprintf_prepare with r5 / 8 arguments, now rather than at run time
 */
export function checkBpfSnprintfCall(this: Checker): void {
  const fmt = this.regs[3]!;
  const dataLen = this.regs[5]!.varOff.value;
  // data must be an array of u64
  if (dataLen % 8n) this.err('EINVAL', 'data must be an array of u64');
  const value = fmt.map!.rdonlyValue!;
  const off = fmt.off + Number(fmt.varOff.value);
  const bytes = value.subarray(off, value.indexOf(0, off));
  if (typeof parseBpfFormat(bytes, Number(dataLen / 8n)) === 'number') this.err('EINVAL', 'Invalid format string');
}
