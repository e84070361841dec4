/**
 * The abstract interpreter's memory access (kernel/bpf/verifier.c check_mem_access with check_map_access,
 * check_packet_access, check_ctx_access, check_ptr_alignment; check_atomic; check_ld_imm;
 * check_ld_abs): methods of
 * Checker (./check.ts), kept in their own module by what they check.
 */
import * as op from '../isa/opcodes.js';
import { Reg, RegType, markRegUnknown, markRegKnown, markRegNotInit, markPtr, isPktPointer, coerceRegToSize, S64_MIN, regBoundsSync, regTnumEqualsConst, regTnumAligned, sminNegative } from './reg.js';
import { tnumIsConst, tnumStr } from './tnum.js';
import { regTypeStr } from './log.js';
import { MapType, BPF_F_RDONLY_PROG, BPF_F_WRONLY_PROG } from './types.js';
import { BPF_MAX_VAR_OFF, hex2, sizeOf } from './check_util.js';
import type { Checker } from './check.js';
import { btfPtrAccess, isBtfCtxProg, tracingCtxAccess, netfilterCtxAccess, mapPtrAccess } from './ptr_to_btf.js';
import { mapFieldAccess, mapFieldHelperAccess, kptrLoad, kptrStore } from './graph.js';
import { BPF_PROG_TYPE_NETFILTER } from '../isa/bpf_types.js';
import { BTF_KIND_FUNC } from '../btf/types.js';
import { PTR_UNTRUSTED } from './btf_id.js';

const isSockType = (t: number): boolean => t === RegType.PTR_TO_SOCKET || t === RegType.PTR_TO_SOCK_COMMON || t === RegType.PTR_TO_TCP_SOCK || t === RegType.PTR_TO_XDP_SOCK;

/** bpf_sock_is_valid_access / bpf_sock_common_is_valid_access / bpf_tcp_sock_is_valid_access (net/core/filter.c) */
function sockAccessOk(t: RegType, off: number, size: number): boolean {
  if (off < 0 || off % size !== 0) return false;
  const narrow = (fieldSize: number): boolean => size <= fieldSize && (size & (size - 1)) === 0;
  if (t === RegType.PTR_TO_TCP_SOCK) {
    if (off >= 112) return false;
    if (off === 80 || off === 88) return size === 8;
    return size === 4;
  }
  if (t === RegType.PTR_TO_XDP_SOCK) return off === 0 && size === 4;
  // struct bpf_sock (80 bytes); sock_common lacks type..priority
  if (off >= 80) return false;
  if (t === RegType.PTR_TO_SOCK_COMMON && off >= 8 && off < 24) return false;
  if ([72, 4, 8, 12, 44, 76].includes(off) || (off >= 24 && off < 28) || (off >= 28 && off < 44) || (off >= 52 && off < 56) || (off >= 56 && off < 72)) {
    return narrow(4);
  }
  if (off === 48 || off === 49) return size === 4 ? off === 48 : narrow(2);
  if (off === 50 || off === 51) return false;
  return size === 4;
}

/** a register's type with its PTR_TO_BTF_ID flags, as save_aux_ptr_type compares them (each flag set is a type) */
export function ptrTypeKey(r: Reg): number {
  return r.type === RegType.PTR_TO_BTF_ID ? r.type | (r.btfFlags << 6) : r.type;
}

/**
 * "same insn cannot be used with different pointers" (save_aux_ptr_type, reg_type_mismatch_ok):
 * ctx, socket and BTF-typed accesses are rewritten per instruction, so one instruction may not
 * see two types where either is one of those
 */
export function checkPtrTypeConsistent(this: Checker, i: number, key: number, allowTrustMismatch = false): void {
  const prev = this.insnPtrType[i]!;
  if (prev === -1) {
    this.insnPtrType[i] = key;
    return;
  }
  const rewritten = (k: number): boolean => (k & 63) === RegType.PTR_TO_CTX || (k & 63) === RegType.PTR_TO_BTF_ID || isSockType((k & 63) as RegType);
  if (prev !== key && (rewritten(prev) || rewritten(key))) {
    // a load (check_load_mem's allow_trust_mismatch) may see a kernel pointer trusted on one path
    // and untrusted or plain on another: the instruction falls back to PTR_TO_BTF_ID |
    // PTR_UNTRUSTED (a BPF_PROBE_MEM load) — bpf_iter_ipv6_route.c's fib6_nh, `&rt->fib6_nh[0]`
    // on one path and `&rt->nh->nh_info->fib6_nh` on the other
    if (allowTrustMismatch && (key & 63) === RegType.PTR_TO_BTF_ID && (prev & 63) === RegType.PTR_TO_BTF_ID) {
      this.insnPtrType[i] = RegType.PTR_TO_BTF_ID | (PTR_UNTRUSTED << 6);
      return;
    }
    this.err('EINVAL', 'same insn cannot be used with different pointers');
  }
}

// ---- ALU -------------------------------------------------------------------------------

/** __check_mem_access + check_mem_region_access */
export function checkMemRegionAccess(this: Checker, regno: number, reg: Reg, off: number, size: number, memSize: number, zeroSizeOk: boolean): void {
  const fail = (o: bigint): boolean => o < 0n || (size === 0 && !zeroSizeOk) || o + BigInt(size) > BigInt(memSize);
  const smin = reg.smin;
  if (smin < 0n && (smin === S64_MIN || BigInt(off) + smin !== BigInt.asIntN(32, BigInt(off) + smin) || smin + BigInt(off) < 0n)) {
    this.err('EACCES', `R${regno} min value is negative, either use unsigned index or do a if (index >=0) check.`);
  }
  if (fail(smin + BigInt(off))) {
    this.memAccessMsg(regno, reg, Number(smin) + off, size, memSize);
    this.err('EACCES', `R${regno} min value is outside of the allowed memory range`);
  }
  if (reg.umax >= BPF_MAX_VAR_OFF) this.err('EACCES', `R${regno} unbounded memory access, make sure to bounds check any such access`);
  if (fail(reg.umax + BigInt(off))) {
    this.memAccessMsg(regno, reg, Number(reg.umax) + off, size, memSize);
    this.err('EACCES', `R${regno} max value is outside of the allowed memory range`);
  }
}

export function memAccessMsg(this: Checker, regno: number, reg: Reg, off: number, size: number, memSize: number): void {
  switch (reg.type) {
    case RegType.PTR_TO_MAP_KEY: this.verbose(`invalid access to map key, key_size=${memSize} off=${off} size=${size}`); break;
    case RegType.PTR_TO_MAP_VALUE: this.verbose(`invalid access to map value, value_size=${memSize} off=${off} size=${size}`); break;
    case RegType.PTR_TO_PACKET:
    case RegType.PTR_TO_PACKET_META:
    case RegType.PTR_TO_PACKET_END:
      this.verbose(`invalid access to packet, off=${off} size=${size}, R${regno}(id=${reg.id},off=${reg.off},r=${reg.range})`); break;
    case RegType.PTR_TO_MEM: this.verbose(`invalid access to memory, mem_size=${memSize} off=${off} size=${size}`); break;
    default: this.verbose(`invalid access to ${regTypeStr(reg)}, mem_size=${memSize} off=${off} size=${size}`);
  }
}

/** check_map_access: value bounds, plus the spin lock that may not be touched directly */
export function checkMapAccess(this: Checker, regno: number, reg: Reg, off: number, size: number, zeroSizeOk: boolean, helper = false): void {
  const map = reg.map!;
  this.checkMemRegionAccess(regno, reg, off, size, map.valueSize, zeroSizeOk);
  const lock = map.spinLockOff ?? -1;
  if (lock >= 0) {
    const lo = Number(reg.smin) + off;
    const hi = Number(reg.umax) + off + size;
    if (lo < lock + 4 && lock < hi) this.err('EACCES', 'bpf_spin_lock cannot be accessed directly by load/store');
  }
  // a direct load/store checks the other fields itself (mapFieldAccess); a helper may touch none
  if (helper && size > 0) mapFieldHelperAccess(this.host, reg, off, size);
}

export function checkMapAccessType(this: Checker, regno: number, reg: Reg, off: number, size: number, t: 'read' | 'write'): void {
  const flags = reg.map?.flags ?? 0;
  const vs = reg.map?.valueSize ?? 0;
  void regno;
  if (t === 'write' && flags & BPF_F_RDONLY_PROG) this.err('EACCES', `write into map forbidden, value_size=${vs} off=${off} size=${size}`);
  if (t === 'read' && flags & BPF_F_WRONLY_PROG) this.err('EACCES', `read from map forbidden, value_size=${vs} off=${off} size=${size}`);
}

/** bpf_map_direct_read (kernel/bpf/verifier.c): 1, 2, 4 or 8 bytes of the value, little-endian as the host */
function mapDirectRead(value: Uint8Array, off: number, size: number): bigint | undefined {
  if ((size !== 1 && size !== 2 && size !== 4 && size !== 8) || off < 0 || off + size > value.length) return undefined;
  let v = 0n;
  for (let i = size - 1; i >= 0; i--) v = (v << 8n) | BigInt(value[off + i]!);
  return v;
}

/** check_packet_access */
export function checkPacketAccess(this: Checker, regno: number, reg: Reg, off: number, size: number, zeroSizeOk: boolean): void {
  if (sminNegative(reg)) this.err('EACCES', `R${regno} min value is negative, either use unsigned index or do a if (index >=0) check.`);
  // only the fixed offset is checked: reg.range was proven for this pointer's variable part
  if ((size === 0 && !zeroSizeOk) || off < 0 || off + size > reg.range) {
    this.memAccessMsg(regno, reg, off, size, reg.range);
    this.err('EACCES', `R${regno} offset is outside of the packet`);
  }
}

/** check_ptr_alignment */
export function checkAlignment(this: Checker, regno: number, reg: Reg, off: number, size: number, strictOnce = false): void {
  let strict = this.strictAlign || strictOnce;
  let desc = '';
  switch (reg.type) {
    case RegType.PTR_TO_PACKET:
    case RegType.PTR_TO_PACKET_META: {
      if (!strict || size === 1) return;
      const ipAlign = 2;
      if (!regTnumAligned(reg, ipAlign + reg.off + off, size)) this.err('EACCES', `misaligned packet access off ${ipAlign}+${this.varOffStr(reg)}+${reg.off}+${off} size ${size}`);
      return;
    }
    case RegType.PTR_TO_FLOW_KEYS: desc = 'flow keys '; break;
    case RegType.PTR_TO_MAP_KEY: desc = 'key '; break;
    case RegType.PTR_TO_MAP_VALUE: desc = 'value '; break;
    case RegType.PTR_TO_CTX: desc = 'context '; break;
    case RegType.PTR_TO_STACK: desc = 'stack '; strict = true; break;
    case RegType.PTR_TO_SOCKET: desc = 'sock '; strict = true; break;
    case RegType.PTR_TO_SOCK_COMMON: desc = 'sock_common '; strict = true; break;
    case RegType.PTR_TO_TCP_SOCK: desc = 'tcp_sock '; strict = true; break;
    case RegType.PTR_TO_XDP_SOCK: desc = 'xdp_sock '; strict = true; break;
  }
  void regno;
  if (!strict || size === 1) return;
  if (!regTnumAligned(reg, reg.off + off, size)) this.err('EACCES', `misaligned ${desc}access off ${this.varOffStr(reg)}+${reg.off}+${off} size ${size}`);
}

/**
 * check_mem_access: a load (t = read, valueRegno = destination) or store (t = write,
 * valueRegno = source register, or -1 for BPF_ST with `stImm`).
 */
export function checkMemAccess(this: Checker, regno: number, insnOff: number, size: number, t: 'read' | 'write', valueRegno: number, signExt: boolean, stImm?: bigint, strictOnce = false): void {
  const reg = this.regs[regno]!;
  const value = valueRegno >= 0 ? this.regs[valueRegno]! : null;
  if (reg.maybeNull || reg.type === RegType.NOT_INIT || reg.type === RegType.SCALAR_VALUE) {
    this.err('EACCES', `R${regno} invalid mem access '${regTypeStr(reg)}'`);
  }
  if (reg.type === RegType.PTR_TO_ARENA) {
    // check_mem_access, PTR_TO_ARENA: any offset, any alignment (the JIT turns a fault into a
    // zero load / a dropped store); convert_ctx_accesses has no sign-extending arena load
    if (signExt) this.err('EOPNOTSUPP', 'sign extending loads from arena are not supported yet');
    if (t === 'read' && valueRegno >= 0) markRegUnknown(this.regs[valueRegno]!);
    return;
  }
  this.checkAlignment(regno, reg, insnOff, size, strictOnce);
  const off = insnOff + reg.off;
  const leak = (where: string): void => {
    if (t === 'write' && value && this.isPointerValue(value)) this.err('EACCES', `R${valueRegno} leaks addr into ${where}`);
  };
  let loaded: ((r: Reg) => void) | null = (r) => markRegUnknown(r);
  switch (reg.type) {
    case RegType.PTR_TO_MAP_KEY:
      if (t === 'write') this.err('EACCES', `R${regno} cannot write into ${regTypeStr(reg)}`);
      this.checkMemRegionAccess(regno, reg, off, size, reg.map!.keySize, false);
      break;
    case RegType.PTR_TO_MAP_VALUE:
      leak('map');
      if (reg.rdonly && t === 'write') this.err('EACCES', `R${regno} cannot write into ${regTypeStr(reg)}`);
      this.checkMapAccessType(regno, reg, off, size, t);
      this.checkMapAccess(regno, reg, off, size, false);
      const kptr = mapFieldAccess(this.host, reg, off, size);
      if (kptr) {
        // check_map_kptr_access: only BPF_MEM loads, and stores of NULL or (unreferenced kptrs) a pointer of its type
        if (strictOnce || signExt) this.err('EACCES', 'kptr in map can only be accessed using BPF_MEM instruction mode');
        if (t === 'read') loaded = valueRegno >= 0 ? (d) => kptrLoad(this.host, kptr, d) : null;
        else kptrStore(this.host, kptr, value, valueRegno, Number(stImm ?? 0n));
      } else if (t === 'read' && valueRegno >= 0 && reg.map!.rdonlyValue && tnumIsConst(reg.varOff)) {
        // check_mem_access: a constant offset into a frozen read-only array (bpf_map_is_rdonly,
        // map_direct_value_addr) is read now (bpf_map_direct_read) and the register is that
        // known value; the narrowing below then zero- or sign-extends it like any constant
        const v = mapDirectRead(reg.map!.rdonlyValue, off + Number(reg.varOff.value), size);
        if (v !== undefined) {
          const d = this.regs[valueRegno]!;
          markRegUnknown(d); // regs[value_regno].type = SCALAR_VALUE
          markRegKnown(d, v);
          loaded = null;
        }
      }
      break;
    case RegType.PTR_TO_MEM:
    case RegType.PTR_TO_BUF:
      if (t === 'write' && reg.rdonly) this.err('EACCES', `R${regno} cannot write into ${regTypeStr(reg)}`);
      leak('mem');
      this.checkMemRegionAccess(regno, reg, off, size, reg.memSize, false);
      break;
    case RegType.PTR_TO_CTX: {
      leak('ctx');
      this.checkCtxPtrOff(regno, reg);
      if (!regTnumEqualsConst(reg, 0, 0)) this.err('EACCES', `variable ctx access var_off=${tnumStr(reg.varOff)} disallowed`);
      // tp_btf / fentry / lsm / iter: the context is the attach target's arguments, typed by BTF
      if (isBtfCtxProg(this.env.progType.id, this.env.attachTo)) {
        const set = tracingCtxAccess(this.host, off, size, t === 'write');
        if (t === 'read') loaded = set;
        break;
      }
      if (this.env.progType.id === BPF_PROG_TYPE_NETFILTER) {
        const set = netfilterCtxAccess(this.host, off, size, t === 'write');
        if (t === 'read') loaded = set;
        break;
      }
      const kind = this.env.progType.isValidAccess(off, size, t === 'write', { priv: this.env.priv });
      // check_ctx_access passes info.is_ldsx to is_valid_access: the packet pointers of
      // __sk_buff, xdp_md and the flow dissector (net/core/filter.c) refuse a sign-extending
      // load, and a pointer field can only be loaded whole anyway
      if (!kind || (signExt && kind !== 'scalar')) this.err('EACCES', `invalid bpf_context access off=${off} size=${size}`);
      if (t === 'read') {
        switch (kind) {
          case 'pkt': loaded = (r) => { markPtr(r, RegType.PTR_TO_PACKET); }; break;
          case 'pkt_meta': loaded = (r) => { markPtr(r, RegType.PTR_TO_PACKET_META); }; break;
          case 'pkt_end': loaded = (r) => { markPtr(r, RegType.PTR_TO_PACKET_END); }; break;
          case 'flow_keys': loaded = (r) => { markPtr(r, RegType.PTR_TO_FLOW_KEYS); }; break;
          case 'tp_buffer': loaded = (r) => { markPtr(r, RegType.PTR_TO_TP_BUFFER); }; break;
          case 'sock_common': loaded = (r) => { markPtr(r, RegType.PTR_TO_SOCK_COMMON); r.maybeNull = true; r.id = ++this.idGen; }; break;
          case 'socket': loaded = (r) => { markPtr(r, RegType.PTR_TO_SOCKET); }; break;
          case 'socket_or_null': loaded = (r) => { markPtr(r, RegType.PTR_TO_SOCKET); r.maybeNull = true; r.id = ++this.idGen; }; break;
          default: break;
        }
      }
      break;
    }
    case RegType.PTR_TO_STACK:
      this.checkStackAccess(regno, reg, off, size, t, valueRegno, stImm);
      if (t === 'read') loaded = null;
      break;
    case RegType.PTR_TO_PACKET:
    case RegType.PTR_TO_PACKET_META:
      if (t === 'write' && this.env.progType.directPacketAccess !== 'write') this.err('EACCES', 'cannot write into packet');
      leak('packet');
      this.checkPacketAccess(regno, reg, off, size, false);
      break;
    case RegType.PTR_TO_TP_BUFFER:
      // check_tp_buffer_access (__check_buffer_access): a writable raw tracepoint's buffer
      // (raw_tp.w, args[0]) at a constant offset >= 0; how far the program reaches is
      // max_tp_access, which bpf_probe_register compares with the tracepoint's writable size
      if (off < 0) this.err('EACCES', `R${regno} invalid tracepoint buffer access: off=${off}, size=${size}`);
      if (!tnumIsConst(reg.varOff) || reg.varOff.value !== 0n) this.err('EACCES', `R${regno} invalid variable buffer offset: off=${off}, var_off=${tnumStr(reg.varOff)}`);
      this.maxTpAccess = Math.max(this.maxTpAccess, off + size);
      break;
    case RegType.PTR_TO_FLOW_KEYS:
      leak('flow_keys');
      if (off < 0 || off + size > 56) this.err('EACCES', `invalid access to flow keys off=${off} size=${size}`);
      break;
    case RegType.PTR_TO_SOCKET:
    case RegType.PTR_TO_SOCK_COMMON:
    case RegType.PTR_TO_TCP_SOCK:
    case RegType.PTR_TO_XDP_SOCK: {
      if (t === 'write') this.err('EACCES', `R${regno} cannot write into ${regTypeStr(reg)}`);
      if (reg.off !== 0 || !tnumIsConst(reg.varOff) || reg.varOff.value !== 0n) {
        this.err('EACCES', `R${regno} invalid ${regTypeStr(reg)} access off=${off} size=${size}`);
      }
      if (!sockAccessOk(reg.type, off, size)) this.err('EACCES', `R${regno} invalid ${regTypeStr(reg)} access off=${off} size=${size}`);
      break;
    }
    case RegType.CONST_PTR_TO_MAP: {
      // check_ptr_to_map_access: the map's kernel struct, by BTF
      const set = mapPtrAccess(this.host, regno, reg.map!.type, off, size, t === 'write');
      if (t === 'read') loaded = set;
      break;
    }
    case RegType.PTR_TO_BTF_ID: {
      // check_ptr_to_btf_access
      leak('mem');
      const set = btfPtrAccess(this.host, regno, reg, off, size, t === 'write');
      if (t === 'read') loaded = set;
      break;
    }
    default:
      this.err('EACCES', `R${regno} invalid mem access '${regTypeStr(reg)}'`);
  }
  if (t === 'read' && valueRegno >= 0 && loaded) {
    const d = this.regs[valueRegno]!;
    loaded(d);
    if (d.type === RegType.SCALAR_VALUE && size < 8) {
      if (signExt) {
        markRegUnknown(d);
        const lo = -(1n << BigInt(size * 8 - 1));
        // set_sext64_default_val (coerce_reg_to_size_sx): s64 and s32 bounds both the narrow range
        d.smin = lo; d.smax = -lo - 1n; d.s32min = Number(lo); d.s32max = Number(-lo - 1n);
        regBoundsSync(d);
      } else coerceRegToSize(d, size);
    }
  } else if (t === 'read' && valueRegno >= 0 && !loaded) {
    const d = this.regs[valueRegno]!;
    if (d.type === RegType.SCALAR_VALUE && size < 8) {
      if (signExt) {
        if (!tnumIsConst(d.varOff)) { markRegUnknown(d); const lo = -(1n << BigInt(size * 8 - 1)); d.smin = lo; d.smax = -lo - 1n; d.s32min = Number(lo); d.s32max = Number(-lo - 1n); regBoundsSync(d); }
        else { const v = BigInt.asIntN(size * 8, d.varOff.value); markRegKnown(d, v); }
      } else coerceRegToSize(d, size);
    }
  }
}

/** check_atomic */
export function checkAtomic(this: Checker, i: number): void {
  const s = this.env.slots;
  const code = s.code[i]!;
  const imm = s.imm[i]!;
  const size = sizeOf(code);
  if (size !== 4 && size !== 8) this.err('EINVAL', 'invalid atomic operand size');
  const ok = [op.BPF_ADD, op.BPF_OR, op.BPF_AND, op.BPF_XOR].some((x) => imm === x || imm === (x | op.BPF_FETCH)) || imm === op.BPF_XCHG || imm === op.BPF_CMPXCHG;
  if (!ok) this.err('EINVAL', `BPF_ATOMIC uses invalid atomic opcode ${hex2(imm)}`);
  const src = this.readReg(s.src[i]!);
  const dst = this.readReg(s.dst[i]!);
  if (imm === op.BPF_CMPXCHG) {
    const r0 = this.readReg(0);
    if (this.isPointerValue(r0)) this.err('EACCES', 'R0 leaks addr into mem');
  }
  if (this.isPointerValue(src)) this.err('EACCES', `R${s.src[i]} leaks addr into mem`);
  if (dst.type === RegType.PTR_TO_CTX || isPktPointer(dst) || dst.type === RegType.PTR_TO_FLOW_KEYS || isSockType(dst.type)) {
    // before 5.12 the only atomic was BPF_XADD (check_xadd)
    this.err('EACCES', `${this.env.rules.atomics ? 'BPF_ATOMIC' : 'BPF_XADD'} stores into R${s.dst[i]} ${regTypeStr(dst)} is not allowed`);
  }
  const fetch = (imm & op.BPF_FETCH) !== 0;
  const loadReg = imm === op.BPF_CMPXCHG ? 0 : s.src[i]!;
  // check_atomic_rmw: the old value is loaded into load_reg, check_reg_arg(load_reg, DST_OP) —
  // a fetch into r10 is "frame pointer is read only"
  if (fetch) this.writeReg(loadReg);
  // read then write the same location
  const saved = this.regs[loadReg]!.clone();
  this.checkMemAccess(s.dst[i]!, s.off[i]!, size, 'read', fetch ? loadReg : -1, false, undefined, true);
  if (!fetch) this.regs[loadReg]!.assign(saved);
  if (fetch && this.isPointerValue(this.regs[loadReg]!)) this.err('EACCES', `R${loadReg} leaks addr into mem`);
  const tmp = fetch ? this.regs[loadReg]!.clone() : null;
  if (fetch) this.regs[loadReg]!.assign(saved);
  // check_atomic_rmw: "Check whether we can write into the same memory" with value_regno -1 — the
  // value left in memory is not src (an add, or a cmpxchg whose compare failed, leaves something
  // else), so a stack slot becomes STACK_MISC, never a spill of src
  this.checkMemAccess(s.dst[i]!, s.off[i]!, size, 'write', -1, false, undefined, true);
  if (tmp) {
    this.regs[loadReg]!.assign(tmp);
    if (size === 4) coerceRegToSize(this.regs[loadReg]!, 4);
  }
}

// ---- ld_imm64 and LD_ABS ---------------------------------------------------------------

export function checkLdImm(this: Checker, i: number): void {
  const s = this.env.slots;
  if ((s.code[i]! & 0x18) !== op.BPF_DW) this.err('EINVAL', 'invalid BPF_LD_IMM insn');
  if (s.off[i] !== 0) this.err('EINVAL', 'BPF_LD_IMM64 uses reserved fields');
  const d = this.writeReg(s.dst[i]!);
  const src = s.src[i]!;
  const imm = s.imm[i]!;
  const imm2 = s.imm[i + 1]!;
  if (src === 0) {
    markRegUnknown(d);
    markRegKnown(d, (BigInt(imm2 >>> 0) << 32n) | BigInt(imm >>> 0));
    return;
  }
  if (src === op.BPF_PSEUDO_FUNC) {
    const sp = this.env.cfg.subprogOf[i + imm + 1]!;
    // check_ld_imm: a callback needs BTF func_info, and must be a static function
    if (!this.env.funcs.some((f) => f)) this.err('EINVAL', 'missing btf func_info');
    if (this.env.funcs[sp]?.global) this.err('EINVAL', 'callback function not static');
    markPtr(d, RegType.PTR_TO_FUNC);
    d.subprog = sp;
    return;
  }
  if (src === op.BPF_PSEUDO_BTF_ID) {
    // check_pseudo_btf_id: a kernel FUNC's address (bpf_ksym_exists) is PTR_TO_MEM | MEM_RDONLY of
    // size 0 — never NULL, nothing readable through it. Typed ksym variables reach tsbpf's
    // engines through resolveKsyms (src/runtime/object.ts), not through this form.
    const kb = this.env.kernelBtf();
    if (!kb) this.err('EINVAL', 'kernel BTF is not available for BPF_PSEUDO_BTF_ID');
    let t;
    try { t = kb.type(imm); } catch { t = undefined; }
    if (!t) this.err('EINVAL', `ldimm64 insn specifies invalid btf_id ${imm}.`);
    if (t.kind !== BTF_KIND_FUNC) this.err('EINVAL', `pseudo btf_id ${imm} in ldimm64 isn't KIND_VAR or KIND_FUNC`);
    markPtr(d, RegType.PTR_TO_MEM);
    d.rdonly = true;
    d.memSize = 0;
    return;
  }
  const map = this.env.maps[imm]!;
  // check_ld_imm: an __arena global's address (user_vm_start + off) is a plain number until
  // addr_space_cast turns it into a PTR_TO_ARENA
  if ((src === op.BPF_PSEUDO_MAP_VALUE || src === op.BPF_PSEUDO_MAP_IDX_VALUE) && map.type === MapType.ARENA) {
    markRegUnknown(d);
    return;
  }
  if (src === op.BPF_PSEUDO_MAP_VALUE || src === op.BPF_PSEUDO_MAP_IDX_VALUE) {
    if (map.type !== MapType.ARRAY || map.maxEntries < 1) this.err('EINVAL', `map direct value access is not supported for map type ${map.type}`);
    // resolve_pseudo_ldimm64: offsets past BPF_MAX_VAR_OFF, then array_map_direct_value_addr's off >= value_size
    if ((imm2 >>> 0) >= Number(BPF_MAX_VAR_OFF)) this.err('EINVAL', `direct value offset of ${imm2 >>> 0} is not allowed`);
    if (imm2 >= map.valueSize) this.err('EINVAL', `invalid access to map value pointer, value_size=${map.valueSize} off=${imm2}`);
    markPtr(d, RegType.PTR_TO_MAP_VALUE);
    d.map = map;
    d.off = imm2;
    return;
  }
  markPtr(d, RegType.CONST_PTR_TO_MAP);
  d.map = map;
}

export function checkLdAbs(this: Checker, i: number): 'next' | 'exit' {
  const s = this.env.slots;
  const code = s.code[i]!;
  const mode = code & 0xe0;
  if (!this.ldAbsOk) this.err('EINVAL', 'BPF_LD_[ABS|IND] instructions not allowed for this program type');
  for (let f = this.cur.curframe; f > 0; f--) if (this.cur.frames[f]!.inCallback) this.err('EINVAL', 'cannot use BPF_LD_[ABS|IND] within callback');
  if (s.dst[i] !== 0 || s.off[i] !== 0 || (code & 0x18) === op.BPF_DW || (mode === op.BPF_ABS && s.src[i] !== 0)) {
    this.err('EINVAL', 'BPF_LD_[ABS|IND] uses reserved fields');
  }
  const r6 = this.readReg(6);
  if (this.env.rules.log618) this.checkResourceLeak('BPF_LD_[ABS|IND]', true);
  else {
    if (this.cur.refs.length) this.err('EINVAL', 'BPF_LD_[ABS|IND] cannot be mixed with socket references');
    if (this.cur.activeLock) this.err('EINVAL', 'BPF_LD_[ABS|IND] cannot be used inside bpf_spin_lock-ed region');
  }
  if (r6.type !== RegType.PTR_TO_CTX) this.err('EINVAL', 'at the time of BPF_LD_ABS|IND R6 != pointer to skb');
  if (mode === op.BPF_IND) this.readReg(s.src[i]!);
  for (let r = 1; r <= 5; r++) markRegNotInit(this.regs[r]!);
  const r0 = this.regs[0]!;
  markRegUnknown(r0);
  if ((code & 0x18) !== op.BPF_DW) coerceRegToSize(r0, sizeOf(code));
  this.insnIdx = i + 1;
  if (this.cur.curframe === 0) return 'next';
  // bpf_gen_ld_abs's hidden `r0 = 0; exit` when the packet is too short: in a subprogram that
  // returns 0 to the caller, a path of its own
  const st = this.pushStack(i + 1, i);
  st.path = { insn: i, taken: false, prev: this.cur.path };
  markRegKnown(r0, 0n);
  return this.prepareFuncExit(i);
}

// ---- branches --------------------------------------------------------------------------
