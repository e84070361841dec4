/**
 * The abstract interpreter's helper arguments (kernel/bpf/verifier.c check_func_arg, check_reg_type,
 * check_helper_mem_access, check_stack_range_initialized, get_constant_map_key): methods of
 * Checker (./check.ts), kept in their own module by what they check.
 */
import { Reg, RegType, isScalar, s64 } from './reg.js';
import { tnumIsConst, tnumAdd, tnumConst, tnumIsAligned, tnumStr, tnumEqualsConst } from './tnum.js';
import { STACK_INVALID, STACK_MISC, STACK_SPILL, STACK_ZERO } from './state.js';
import { regTypeStr } from './log.js';
import type { VerifierMap, VerifierHelperProto, ArgType } from './types.js';
import { MapType } from './types.js';
import { BPF_F_INNER_MAP } from '../isa/bpf_types.js';
import { markChainPrecision } from './precision.js';
import { BPF_MAX_VAR_OFF, type CallMeta, isPktAny } from './check_util.js';
import type { Checker } from './check.js';
import { helperArgBtf, sockCommonBtf, btfPtrAccess } from './ptr_to_btf.js';
import { processDynptrFunc, checkDynptrRelease, checkRawWriteOverDynptr, dynptrArgTypeOk, BPF_DYNPTR_TYPE_LOCAL, BPF_DYNPTR_TYPE_RINGBUF } from './dynptr.js';
import { MEM_UNINIT, MEM_RDONLY, MEM_WRITE, OBJ_RELEASE, PTR_MAYBE_NULL, DYNPTR_TYPE_LOCAL, DYNPTR_TYPE_RINGBUF } from '../helpers/prototypes.js';
import { MEM_ALLOC, PTR_TRUSTED } from './btf_id.js';
import { processKptrDest, kptrMatchType } from './graph.js';

const BPF_MAX_VAR_SIZ = 1n << 29n;

function baseExpectedFor(t: ArgType): string {
  switch (t) {
    case 'ARG_PTR_TO_SOCK_COMMON': return 'sock_common, sock, tcp_sock, xdp_sock, ptr_';
    case 'ARG_PTR_TO_SOCKET': return 'sock';
    // ringbuf_mem_types = { PTR_TO_MEM | MEM_RINGBUF } (kernel/bpf/verifier.c compatible_reg_types)
    case 'ARG_PTR_TO_ALLOC_MEM': case 'ARG_PTR_TO_RINGBUF_MEM': return 'ringbuf_mem';
    default: return 'ptr';
  }
}

/** check_func_arg */
export function checkFuncArg(this: Checker, regno: number, t: ArgType, meta: CallMeta, proto: VerifierHelperProto): void {
  const reg = this.readReg(regno);
  // resolve_map_arg_type: a sockmap/sockhash value is a socket (bpf_map_update_elem from a program)
  if ((t === 'ARG_PTR_TO_MAP_VALUE' || t === 'ARG_PTR_TO_UNINIT_MAP_VALUE') && (meta.map?.type === MapType.SOCKMAP || meta.map?.type === MapType.SOCKHASH)) {
    if (t !== 'ARG_PTR_TO_MAP_VALUE') this.err('EINVAL', 'invalid arg_type for sockmap/sockhash');
    t = 'ARG_PTR_TO_BTF_ID_SOCK_COMMON';
  }
  const isNull = isScalar(reg) && tnumEqualsConst(reg.varOff, 0n);
  // check_reg_type's mem_types: 6.x (the rules whose log names it) also takes a trusted kernel
  // pointer, PTR_TO_BTF_ID | PTR_TRUSTED exactly (`bpf_strncmp(task->comm, 16, "foo")` in tp_btf)
  const memTypes = (r: Reg): boolean => r.type === RegType.PTR_TO_STACK || isPktAny(r) && r.type !== RegType.PTR_TO_PACKET_END
    || r.type === RegType.PTR_TO_MAP_KEY || r.type === RegType.PTR_TO_MAP_VALUE || r.type === RegType.PTR_TO_MEM || r.type === RegType.PTR_TO_BUF
    || (this.env.rules.log618 && r.type === RegType.PTR_TO_BTF_ID && r.btfFlags === PTR_TRUSTED);
  const memExpected = this.env.rules.log618 ? 'fp, pkt, pkt_meta, map_key, map_value, mem, ringbuf_mem, buf, trusted_ptr_' : 'fp, pkt, pkt_meta, map_key, map_value, mem, buf';
  const needNotNull = (): void => {
    if (reg.maybeNull) this.argMismatch(regno, reg, baseExpectedFor(t));
  };
  switch (t) {
    case 'ARG_ANYTHING':
      if (this.isPointerValue(reg)) this.err('EACCES', `R${regno} leaks addr into helper function`);
      return;
    case 'ARG_CONST_MAP_PTR':
      if (reg.type !== RegType.CONST_PTR_TO_MAP || reg.maybeNull) {
        // 6.x names an unchecked map-in-map lookup result by what it becomes: map_ptr_or_null
        const innerMap = reg.type === RegType.PTR_TO_MAP_VALUE && reg.maybeNull && reg.off === 0 && !!reg.map?.inner
          && (reg.map.type === MapType.ARRAY_OF_MAPS || reg.map.type === MapType.HASH_OF_MAPS);
        if (innerMap && this.env.rules.log618) this.err('EACCES', `R${regno} type=map_ptr_or_null expected=map_ptr`);
        this.argMismatch(regno, reg, 'map_ptr');
      }
      // bpf_timer_init(timer, map): the timer's map (process_timer_func set it) must be this one,
      // the same inner map of the same lookup (map_uid)
      if (meta.map && meta.map !== reg.map) {
        this.err('EINVAL', `timer pointer in R1 map_uid=${meta.map.mapUid ?? 0} doesn't match map pointer in R2 map_uid=${reg.map?.mapUid ?? 0}`);
      }
      meta.map = reg.map;
      return;
    case 'ARG_PTR_TO_MAP_KEY':
    case 'ARG_PTR_TO_MAP_VALUE':
    case 'ARG_PTR_TO_UNINIT_MAP_VALUE':
    case 'ARG_PTR_TO_MAP_VALUE_OR_NULL': {
      if (t === 'ARG_PTR_TO_MAP_VALUE_OR_NULL' && isNull) return;
      if (!(reg.type === RegType.PTR_TO_STACK || reg.type === RegType.PTR_TO_PACKET || reg.type === RegType.PTR_TO_PACKET_META
        || reg.type === RegType.PTR_TO_MAP_KEY || reg.type === RegType.PTR_TO_MAP_VALUE) || reg.maybeNull) {
        this.argMismatch(regno, reg, 'fp, pkt, pkt_meta, map_key, map_value');
      }
      if (isPktAny(reg) && !proto.pktAccess) this.err('EACCES', `helper access to the packet is not allowed`);
      if (!meta.map) {
        this.err('EACCES', t === 'ARG_PTR_TO_MAP_KEY' ? 'invalid map_ptr to access map->key' : 'invalid map_ptr to access map->value');
      }
      const size = t === 'ARG_PTR_TO_MAP_KEY' ? meta.map.keySize : meta.map.valueSize;
      const raw = t === 'ARG_PTR_TO_UNINIT_MAP_VALUE';
      this.checkHelperMemAccess(regno, reg, size, false, raw);
      if (raw) { meta.rawMode = true; meta.accessRegno = regno; meta.accessSize = size; }
      if (t === 'ARG_PTR_TO_MAP_KEY' && proto.id === 1 && this.canElideValueNullness(meta.map)) meta.constMapKey = this.constantMapKey(reg, size);
      return;
    }
    case 'ARG_PTR_TO_MEM':
    case 'ARG_PTR_TO_MEM_OR_NULL':
    case 'ARG_PTR_TO_UNINIT_MEM':
      if (t === 'ARG_PTR_TO_MEM_OR_NULL' && isNull) { meta.accessRegno = -2; return; }
      if (!memTypes(reg) || reg.maybeNull) this.argMismatch(regno, reg, memExpected);
      // check_reg_type (found:): kernel memory only to a helper that reads it (MEM_RDONLY)
      if (reg.type === RegType.PTR_TO_BTF_ID && !((proto.argFlags?.[regno - 1] ?? 0) & MEM_RDONLY)) {
        this.err('EACCES', `${proto.name}() may write into memory pointed by R${regno} type=${regTypeStr(reg)}`);
      }
      if (isPktAny(reg) && !proto.pktAccess) this.err('EACCES', 'helper access to the packet is not allowed');
      meta.accessRegno = regno;
      meta.rawMode = t === 'ARG_PTR_TO_UNINIT_MEM';
      // check_helper_mem_access(…, arg_type & MEM_WRITE ? BPF_WRITE : BPF_READ): a helper that writes
      // the buffer (bpf_load_hdr_opt) leaves its stack bytes unknown (check_stack_range_initialized's
      // clobber), so a constant spilled there before the call is not one after it
      meta.writesMem = meta.rawMode || ((proto.argFlags?.[regno - 1] ?? 0) & MEM_WRITE) !== 0;
      return;
    case 'ARG_CONST_SIZE':
    case 'ARG_CONST_SIZE_OR_ZERO': {
      if (reg.type !== RegType.SCALAR_VALUE) this.argMismatch(regno, reg, 'scalar');
      const zeroOk = t === 'ARG_CONST_SIZE_OR_ZERO';
      if (!tnumIsConst(reg.varOff)) meta.rawMode = false;
      meta.sizeMax = Number(reg.umax > 0x7fffffffn ? 0x7fffffffn : reg.umax);
      if (reg.smin < 0n) this.err('EACCES', `R${regno} min value is negative, either use unsigned or 'var &= const'`);
      if (reg.umin === 0n && !zeroOk) this.err('EACCES', `R${regno} invalid zero-sized read: u64=[${reg.umin},${reg.umax}]`);
      if (reg.umax >= BPF_MAX_VAR_SIZ) this.err('EACCES', `R${regno} unbounded memory access, use 'var &= const' or 'if (var < const)'`);
      if (meta.accessRegno === -2) {
        // a NULL buffer (check_helper_mem_access): only a zero size, which check_mem_size_reg still
        // marks precise — a pruned path may not bring a size that is not 0 (iters.c
        // iter_pass_iter_ptr_to_subprog with bpf_trace_vprintk: an unsafe accept of the hunt)
        if (zeroOk && reg.umax === 0n) { this.markPrecise(regno); return; }
        this.argMismatch(regno - 1, this.regs[regno - 1]!, 'fp');
      }
      // check_mem_size_reg: the access was checked for this size range
      this.markPrecise(regno);
      const memRegno = regno - 1;
      const memReg = this.regs[memRegno]!;
      // a size that can only be 0 still goes through the bounds checks (check_mem_size_reg):
      // a zero-sized access at a variable stack offset must be within the stack
      if (reg.umax === 0n) meta.rawMode = false;
      this.checkHelperMemAccess(memRegno, memReg, Number(reg.umax), zeroOk, meta.rawMode, meta.writesMem);
      if (meta.rawMode) { meta.accessSize = Number(reg.umax); if (!tnumIsConst(reg.varOff)) meta.accessSize = Number(reg.umin); }
      return;
    }
    case 'ARG_PTR_TO_CTX':
      if (reg.type !== RegType.PTR_TO_CTX || reg.maybeNull) this.argMismatch(regno, reg, 'ctx');
      this.checkCtxPtrOff(regno, reg);
      if (!tnumEqualsConst(reg.varOff, 0n)) this.err('EACCES', `variable ctx access var_off=${tnumStr(reg.varOff)} disallowed`);
      return;
    case 'ARG_PTR_TO_CTX_OR_NULL':
      if (isNull) return;
      if (reg.type !== RegType.PTR_TO_CTX) this.argMismatch(regno, reg, 'ctx');
      this.checkCtxPtrOff(regno, reg);
      return;
    case 'ARG_PTR_TO_KPTR':
      // ARG_KPTR_XCHG_DEST (process_kptr_func)
      meta.kptrField = processKptrDest(this.host, regno, reg);
      return;
    case 'ARG_PTR_TO_BTF_ID':
      if (proto.id === 194 && meta.kptrField) {
        // bpf_kptr_xchg's new value: NULL, or a pointer of the field's type (map_kptr_match_type),
        // referenced (OBJ_RELEASE): the map owns it from here
        if (isNull) return;
        kptrMatchType(this.host, meta.kptrField, reg, regno);
        if (!reg.refObjId) this.err('EINVAL', `R${regno} must be referenced when passed to release function`);
        meta.releaseRegno = regno;
        meta.refObjId = reg.refObjId;
        return;
      }
      {
        // ARG_PTR_TO_BTF_ID_OR_NULL (bpf_task_storage_get, bpf_inode_storage_get, the tracing
        // sk storage helpers): NULL itself, or a pointer that may still be NULL
        const nullable = ((proto.argFlags?.[regno - 1] ?? 0) & PTR_MAYBE_NULL) !== 0;
        if (nullable && isNull) return;
        helperArgBtf(this.host, regno, reg, proto.argBtf?.[regno - 1], nullable);
      }
      if (proto.release) {
        meta.releaseRegno = regno;
        if (!reg.refObjId) this.err('EINVAL', `R${regno} must be referenced when passed to release function`);
      }
      meta.refObjId = reg.refObjId;
      return;
    case 'ARG_PTR_TO_SOCK_COMMON':
    case 'ARG_PTR_TO_BTF_ID_SOCK_COMMON': {
      // an argument with PTR_MAYBE_NULL (bpf_get_socket_ptr_cookie_proto) takes NULL and a socket
      // that may be NULL (check_func_arg's register_is_null skip, check_reg_type's type_may_be_null)
      const argMayBeNull = ((proto.argFlags?.[regno - 1] ?? 0) & PTR_MAYBE_NULL) !== 0;
      if (argMayBeNull && isNull) return;
      // check_func_arg's OBJ_RELEASE rule holds for BTF sockets too: bpf_sk_release of a
      // bpf_skc_to_tcp_sock() result releases the socket's reference (the cast shares it)
      if (!(t === 'ARG_PTR_TO_BTF_ID_SOCK_COMMON' && sockCommonBtf(reg)) && !(reg.type === RegType.PTR_TO_SOCK_COMMON || reg.type === RegType.PTR_TO_SOCKET
        || reg.type === RegType.PTR_TO_TCP_SOCK || reg.type === RegType.PTR_TO_XDP_SOCK)) this.argMismatch(regno, reg, this.expectedFor(t));
      if (reg.maybeNull && !argMayBeNull) this.argMismatch(regno, reg, this.expectedFor(t));
      if (proto.release) {
        meta.releaseRegno = regno;
        if (!reg.refObjId) this.err('EINVAL', `R${regno} must be referenced when passed to release function`);
      }
      meta.refObjId = reg.refObjId;
      return;
    }
    case 'ARG_PTR_TO_SOCKET':
    case 'ARG_PTR_TO_SOCKET_OR_NULL':
      if (t === 'ARG_PTR_TO_SOCKET_OR_NULL' && isNull) return;
      if (reg.type !== RegType.PTR_TO_SOCKET) this.argMismatch(regno, reg, 'sock');
      // check_reg_type: a socket that may be NULL is fine where the argument may be NULL
      // (sk_lookup's bpf_sk_assign(ctx, ctx->sk, 0))
      if (t === 'ARG_PTR_TO_SOCKET') needNotNull();
      return;
    case 'ARG_PTR_TO_SPIN_LOCK':
      // spin_lock_types: PTR_TO_MAP_VALUE, PTR_TO_BTF_ID | MEM_ALLOC (an owned object, graph.ts)
      if (!((reg.type === RegType.PTR_TO_MAP_VALUE && !reg.maybeNull) || (reg.type === RegType.PTR_TO_BTF_ID && reg.btfFlags === MEM_ALLOC && !reg.maybeNull))) this.argMismatch(regno, reg, 'map_value');
      return;
    case 'ARG_PTR_TO_TIMER':
      // timer_types = { PTR_TO_MAP_VALUE }, then process_timer_func
      if (reg.type !== RegType.PTR_TO_MAP_VALUE || reg.maybeNull) this.argMismatch(regno, reg, 'map_value');
      meta.map = this.mapFieldPointer(regno, reg, 'bpf_timer');
      return;
    case 'ARG_PTR_TO_ALLOC_MEM':
    case 'ARG_PTR_TO_RINGBUF_MEM':
      if (reg.type !== RegType.PTR_TO_MEM || reg.memKind !== 'ringbuf') this.argMismatch(regno, reg, 'ringbuf_mem');
      needNotNull();
      if (reg.off !== 0 || !tnumEqualsConst(reg.varOff, 0n)) this.err('EACCES', `R${regno} must have zero offset when passed to release func`);
      meta.releaseRegno = regno;
      if (!reg.refObjId) this.err('EINVAL', `R${regno} must be referenced when passed to release function`);
      return;
    case 'ARG_CONST_ALLOC_SIZE_OR_ZERO':
      if (reg.type !== RegType.SCALAR_VALUE) this.argMismatch(regno, reg, 'scalar');
      if (!tnumIsConst(reg.varOff)) this.err('EACCES', `R${regno} is not a known constant'`);
      this.markPrecise(regno);
      meta.memSize = Number(reg.varOff.value);
      return;
    case 'ARG_PTR_TO_FUNC':
      if (reg.type !== RegType.PTR_TO_FUNC) this.argMismatch(regno, reg, 'func');
      // the callbacks tsbpf explores are bpf_loop's, bpf_for_each_map_elem's and
      // bpf_user_ringbuf_drain's; a callback it would never look at (timers, find_vma) is
      // refused rather than accepted unchecked
      if (proto.id !== 181 && proto.id !== 164 && proto.id !== 209 && proto.id !== 170) this.err('EINVAL', `tsbpf does not verify the callback of ${proto.name}#${proto.id}`);
      meta.funcSubprog = reg.subprog;
      return;
    case 'ARG_PTR_TO_STACK_OR_NULL':
    case 'ARG_PTR_TO_STACK':
      if (t === 'ARG_PTR_TO_STACK_OR_NULL' && isNull) return;
      if (reg.type !== RegType.PTR_TO_STACK) this.argMismatch(regno, reg, 'fp');
      return;
    case 'ARG_PTR_TO_INT':
    case 'ARG_PTR_TO_LONG': {
      if (!memTypes(reg) || reg.maybeNull) this.argMismatch(regno, reg, memExpected);
      const size = t === 'ARG_PTR_TO_INT' ? 4 : 8;
      // the helper stores its result there: initialised as 5.10 wants, and clobbered
      this.checkHelperMemAccess(regno, reg, size, false, false, true);
      if (reg.type === RegType.PTR_TO_STACK) {
        const ro = tnumAdd(reg.varOff, tnumConst(BigInt(reg.off)));
        if (!tnumIsAligned(ro, size)) this.err('EACCES', `misaligned stack access off ${this.varOffStr(reg)}+${reg.off}+0 size ${size}`);
      }
      return;
    }
    case 'ARG_PTR_TO_DYNPTR': {
      // check_reg_type, the release check of check_func_arg, then process_dynptr_func
      const f = proto.argFlags?.[regno - 1] ?? 0;
      dynptrArgTypeOk(this.host, regno, reg);
      if (f & OBJ_RELEASE) {
        checkDynptrRelease(this.host, regno, reg);
        meta.releaseRegno = regno;
        meta.releaseDynptr = true;
      }
      const type = f & DYNPTR_TYPE_LOCAL ? BPF_DYNPTR_TYPE_LOCAL : f & DYNPTR_TYPE_RINGBUF ? BPF_DYNPTR_TYPE_RINGBUF : 0;
      processDynptrFunc(this.host, regno, this.insnIdx, { uninit: (f & MEM_UNINIT) !== 0, rdonly: (f & MEM_RDONLY) !== 0, type },
        (off) => this.host.stackWrite(regno, off));
      meta.dynptrRegno = regno;
      return;
    }
    case 'ARG_PTR_TO_CONST_STR': {
      // check_reg_type (const_str_ptr_types = PTR_TO_MAP_VALUE), then check_reg_const_str: a
      // constant offset into a frozen read-only map value (bpf_map_is_rdonly), with a NUL before
      // the value's end — the helper reads the string without a size (bpf_strncmp, bpf_snprintf)
      if (reg.type !== RegType.PTR_TO_MAP_VALUE || reg.maybeNull) this.argMismatch(regno, reg, 'map_value');
      const map = reg.map!;
      if (!map.rdonlyValue) this.err('EACCES', `R${regno} does not point to a readonly map'`);
      if (!tnumIsConst(reg.varOff)) this.err('EACCES', `R${regno} is not a constant address'`);
      this.checkMapAccess(regno, reg, reg.off, map.valueSize - reg.off, false, true);
      const off = reg.off + Number(reg.varOff.value);
      if (!map.rdonlyValue.subarray(off, map.valueSize).includes(0)) this.err('EINVAL', 'string is not zero-terminated');
      return;
    }
    default:
      this.err('EINVAL', `unsupported arg type ${t}`);
  }
}

/**
 * process_timer_func / process_wq_func (6.18: check_map_field_pointer): a map value pointer at
 * the constant offset of the value's one bpf_timer or bpf_wq; returns the map
 */
export function mapFieldPointer(this: Checker, regno: number, reg: Reg, field: 'bpf_timer' | 'bpf_wq'): VerifierMap {
  const map = reg.map!;
  if (!tnumIsConst(reg.varOff)) this.err('EINVAL', `R${regno} doesn't have constant offset. ${field} has to be at the constant offset`);
  if (!map.btf || !map.btfValueTypeId) this.err('EINVAL', `map '${map.name ?? ''}' has to have BTF in order to use ${field}`);
  const at = (field === 'bpf_timer' ? map.timerOff : map.wqOff) ?? -1;
  if (at < 0) this.err('EINVAL', `map '${map.name ?? ''}' has no valid ${field}`);
  const off = Number(s64(reg.varOff.value)) + reg.off;
  if (off !== at) this.err('EINVAL', `off ${off} doesn't point to 'struct ${field}' that is at ${at}`);
  return map;
}

/** the var_off of an alignment message: 6.18 prints a constant as a number, 5.10 as a tnum */
export function varOffStr(this: Checker, reg: Reg): string {
  return this.env.rules.log618 && tnumIsConst(reg.varOff) ? String(s64(reg.varOff.value)) : tnumStr(reg.varOff);
}

/** __check_ptr_off_reg for a ctx pointer (6.x checks a negative offset first, in its own words) */
export function checkCtxPtrOff(this: Checker, regno: number, reg: Reg): void {
  if (reg.off < 0 && this.env.rules.log618) this.err('EACCES', `negative offset ctx ptr R${regno} off=${reg.off} disallowed`);
  if (reg.off !== 0) this.err('EACCES', `dereference of modified ctx ptr R${regno} off=${reg.off} disallowed`);
}

/** compatible_reg_types of an argument, as the "expected=" list prints them */
export function expectedFor(this: Checker, t: ArgType): string {
  const trusted = this.env.rules.log618 ? ', trusted_ptr_' : '';
  switch (t) {
    case 'ARG_PTR_TO_SOCK_COMMON': return 'sock_common, sock, tcp_sock, xdp_sock';
    case 'ARG_PTR_TO_BTF_ID_SOCK_COMMON': return `sock_common, sock, tcp_sock, xdp_sock, ptr_${trusted}`;
    default: return baseExpectedFor(t);
  }
}

/** can_elide_value_nullness (6.13; BPF_F_INNER_MAP templates excluded, as the runtime map may be smaller) */
export function canElideValueNullness(this: Checker, map: VerifierMap): boolean {
  if (!this.env.rules.elideConstKeyLookupNull || ((map.flags ?? 0) & BPF_F_INNER_MAP)) return false;
  return map.type === MapType.ARRAY || map.type === MapType.PERCPU_ARRAY;
}

/**
 * get_constant_map_key: the key a stack pointer points at when it is known — STACK_ZERO bytes
 * covering the key, or a spilled constant scalar exactly key_size bytes long (the kernel takes
 * the spilled register's whole value) — else -1. Privileged (bpf_capable) only.
 */
export function constantMapKey(this: Checker, key: Reg, keySize: number): bigint {
  if (!this.env.priv || key.type !== RegType.PTR_TO_STACK || !tnumIsConst(key.varOff)) return -1n;
  const frame = this.cur.frames[key.frameno]!;
  const slot = -(key.off + Number(s64(key.varOff.value))) - 1;
  const spi = (slot / 8) | 0;
  const off = slot % 8;
  let zeros = 0;
  for (let i = off; i >= 0 && frame.slotType[spi * 8 + i] === STACK_ZERO; i--) zeros++;
  if (zeros >= keySize) return 0n;
  const sp = frame.spilled[spi];
  if (frame.slotType[spi * 8 + 7] !== STACK_SPILL || !sp || sp.type !== RegType.SCALAR_VALUE) return -1n;
  let spilled = 0;
  for (let i = off; i >= 0 && frame.slotType[spi * 8 + i] === STACK_SPILL; i--) spilled++;
  if (spilled !== keySize || !tnumIsConst(sp.varOff)) return -1n;
  // get_constant_map_key: the key's value decides the result's type: the spilled slot is precise
  markChainPrecision(this.env.slots, this.cur, 0, [[key.frameno, spi]], true, this.isGlobalFuncStart);
  return s64(sp.varOff.value);
}

export function applyRawWrite(this: Checker, meta: CallMeta): void {
  void meta;
}

/** check_helper_mem_access (`clobber`: the helper writes the memory, BPF_WRITE) */
export function checkHelperMemAccess(this: Checker, regno: number, reg: Reg, size: number, zeroOk: boolean, raw: boolean, clobber = raw): void {
  switch (reg.type) {
    case RegType.PTR_TO_PACKET:
    case RegType.PTR_TO_PACKET_META:
      this.checkPacketAccess(regno, reg, reg.off, size, zeroOk);
      return;
    case RegType.PTR_TO_MAP_KEY:
      // check_helper_mem_access: a map key (bpf_for_each_map_elem's callback argument) is read-only
      if (clobber) this.err('EACCES', `R${regno} cannot write into ${regTypeStr(reg)}`);
      this.checkMemRegionAccess(regno, reg, reg.off, size, reg.map!.keySize, zeroOk);
      return;
    case RegType.PTR_TO_MAP_VALUE:
      // check_map_access_type: a helper that writes the memory (ARG_PTR_TO_UNINIT_MEM,
      // ARG_PTR_TO_LONG...) may not write a BPF_F_RDONLY_PROG map (.rodata)
      this.checkMapAccessType(regno, reg, reg.off, size, clobber ? 'write' : 'read');
      this.checkMapAccess(regno, reg, reg.off, size, zeroOk, true);
      return;
    case RegType.PTR_TO_MEM:
    case RegType.PTR_TO_BUF:
      if (raw && reg.rdonly) this.err('EACCES', `R${regno} cannot write into ${regTypeStr(reg)}`);
      this.checkMemRegionAccess(regno, reg, reg.off, size, reg.memSize, zeroOk);
      return;
    case RegType.PTR_TO_STACK:
      this.checkStackRangeInitialized(regno, reg, size, zeroOk, raw, clobber);
      return;
    case RegType.PTR_TO_BTF_ID:
      // check_helper_mem_access: check_ptr_to_btf_access(reg->off, access_size, BPF_READ), the
      // bytes within the struct's fields (only a MEM_RDONLY argument gets here: check_reg_type)
      btfPtrAccess(this.host, regno, reg, reg.off, size, false);
      return;
    default:
      this.argMismatch(regno, reg, 'fp, pkt, pkt_meta, map_key, map_value, mem, buf');
  }
}

/**
 * check_stack_range_initialized: the bytes a helper reads must be initialised (or, with
 * allow_uninit_stack, may be uninitialised); bytes a helper writes (`clobber`) become STACK_MISC
 * and spilled registers among them are forgotten.
 */
export function checkStackRangeInitialized(this: Checker, regno: number, reg: Reg, size: number, zeroOk: boolean, raw: boolean, clobber: boolean): void {
  const frame = this.cur.frames[reg.frameno]!;
  // check_stack_access_within_bounds: 6.x names the helper's access; 5.10 said "indirect access to"
  const how = !this.env.rules.log618 ? ' indirect access to' : clobber ? ' write to' : ' read from';
  let minOff: number;
  let maxOff: number;
  if (tnumIsConst(reg.varOff)) {
    minOff = maxOff = reg.off + Number(s64(reg.varOff.value));
  } else {
    if (!this.env.priv) this.err('EACCES', `R${regno} variable offset stack access prohibited for !root, var_off=${tnumStr(reg.varOff)}`);
    if (reg.smax >= BPF_MAX_VAR_OFF || reg.smin <= -BPF_MAX_VAR_OFF) this.err('EACCES', `invalid unbounded variable-offset${how} stack R${regno}`);
    minOff = Number(reg.smin) + reg.off;
    maxOff = Number(reg.smax) + reg.off;
    raw = false;
  }
  // check_stack_access_within_bounds (also for a zero-sized access): the first byte in
  // [-MAX_BPF_STACK, -1], the end at most fp+0
  if (minOff < -512 || minOff > -1 || maxOff + size > 0 || size < 0 || (size === 0 && !zeroOk)) {
    if (tnumIsConst(reg.varOff)) this.err('EACCES', `invalid${how} stack R${regno} off=${minOff} size=${size}`);
    this.err('EACCES', `invalid variable-offset${how} stack R${regno} var_off=${tnumStr(reg.varOff)} off=${reg.off} size=${size}`);
  }
  this.growStack(frame, -minOff);
  if (raw) {
    checkRawWriteOverDynptr(this.host, frame, minOff, maxOff + size);
    return;
  }
  for (let o = minOff; o < maxOff + size; o++) {
    const slot = -o - 1;
    const spi = (slot / 8) | 0;
    const idx = spi * 8 + (slot % 8);
    const ty = frame.slotType[idx]!;
    if (ty === STACK_MISC) continue;
    if (ty === STACK_ZERO || (ty === STACK_INVALID && this.allowUninitStack)) {
      if (clobber) frame.slotType[idx] = STACK_MISC;
      continue;
    }
    if (ty === STACK_SPILL) {
      const sp = frame.spilled[spi];
      if (sp && (sp.type === RegType.SCALAR_VALUE || this.env.priv)) {
        if (clobber) {
          // scrub_spilled_slot on every byte of the slot
          for (let k = spi * 8; k < spi * 8 + 8; k++) if (frame.slotType[k] !== STACK_INVALID) frame.slotType[k] = STACK_MISC;
          frame.spilled[spi] = null;
        }
        continue;
      }
    }
    if (tnumIsConst(reg.varOff)) this.err('EACCES', `invalid indirect read from stack R${regno} off ${minOff}+${o - minOff} size ${size}`);
    this.err('EACCES', `invalid indirect read from stack R${regno} var_off ${tnumStr(reg.varOff)}+${o - minOff} size ${size}`);
  }
}
