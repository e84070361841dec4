/**
 * The abstract interpreter's ALU instructions (kernel/bpf/verifier.c check_alu_op, adjust_reg_min_max_vals,
 * adjust_scalar_min_max_vals, adjust_ptr_min_max_vals, check_reg_sane_offset): methods of
 * Checker (./check.ts), kept in their own module by what they check.
 */
import * as op from '../isa/opcodes.js';
import { Reg, RegType, BPF_ADD_CONST32, BPF_ADD_CONST64, isAddConst, markRegUnknown, markRegKnown, markRegNotInit, isScalar, isPktPointer, coerceRegToSize, zext32To64, S64_MIN, updateRegBounds, regBoundsSync, markReg32Unbounded, s64, markRegUnbounded, markRegKnownImm, regTnumConst, regConstNum, regSminNum, exotic } from './reg.js';
import { U64, tnumIsConst, tnumAdd, tnumStr, tnumRange } from './tnum.js';
import { VerifierError, LDDW } from './cfg.js';
import { scalarAlu } from './scalar_alu.js';
import { regTypeStr } from './log.js';
import { BPF_MAX_VAR_OFF, SCR_S, SCR_P, SCR_R, scratch, hex2 } from './check_util.js';
import type { Checker } from './check.js';
import { MapType } from './types.js';

/** bpf_alu_string (kernel/bpf/disasm.c) */
const ALU_NAME = ['+=', '-=', '*=', '/=', '|=', '&=', '<<=', '>>=', 'neg', '%=', '^=', '=', 's>>=', 'endian'];

const aluName = (o: number): string => ALU_NAME[o >> 4] ?? '?';

/**
 * scalar_byte_swap: BPF_END on a scalar keeps what it can. A swap (bswap, or to_be on this
 * little-endian machine) swaps the known bits and re-derives the bounds from them; a 16- or
 * 32-bit form truncates to that size; le64 changes nothing (not even the scalar id).
 */
function scalarByteSwap(d: Reg, alu64: boolean, toLe: boolean, imm: number): void {
  const needSwap = alu64 || !toLe;
  if (needSwap || imm === 16 || imm === 32) d.id = 0;
  if (needSwap) {
    const bytes = imm / 8;
    const swab = (v: bigint): bigint => {
      let out = 0n;
      for (let k = 0; k < bytes; k++) out = (out << 8n) | ((v >> BigInt(8 * k)) & 0xffn);
      return out;
    };
    const keep = (1n << BigInt(imm)) - 1n;
    d.varOff = { value: swab(d.varOff.value & keep), mask: swab(d.varOff.mask & keep) };
    markRegUnbounded(d);
  }
  if (imm === 16 || imm === 32) coerceRegToSize(d, imm / 8);
  regBoundsSync(d);
}

/** tnum_sub (kept here so pointer arithmetic reads like the kernel's) */
function tnumSubFix(a: import('./tnum.js').Tnum, b: import('./tnum.js').Tnum): import('./tnum.js').Tnum {
  const dv = (a.value - b.value) & U64;
  const alpha = (dv + a.mask) & U64;
  const beta = (dv - b.mask) & U64;
  const chi = alpha ^ beta;
  const mu = chi | a.mask | b.mask;
  return { value: dv & ~mu & U64, mask: mu };
}

export function checkAlu(this: Checker, i: number): void {
  const s = this.env.slots;
  const code = s.code[i]!;
  const o = code & 0xf0;
  const alu64 = (code & 7) === op.BPF_ALU64;
  const x = (code & op.BPF_X) !== 0;
  const dst = s.dst[i]!;
  const src = s.src[i]!;
  const off = s.off[i]!;
  const imm = s.imm[i]!;
  if (o === op.BPF_END || o === op.BPF_NEG) {
    if (o === op.BPF_NEG) {
      if (x || src !== 0 || off !== 0 || imm !== 0) this.err('EINVAL', 'BPF_NEG uses reserved fields');
    } else if (src !== 0 || off !== 0 || (imm !== 16 && imm !== 32 && imm !== 64) || (alu64 && x)) {
      this.err('EINVAL', 'BPF_END uses reserved fields');
    }
    const d = this.readReg(dst);
    if (this.isPointerValue(d)) this.err('EACCES', `R${dst} pointer arithmetic prohibited`);
    this.writeReg(dst);
    if (this.env.rules.aluNegEndBounds && isScalar(d)) {
      if (o === op.BPF_NEG) {
        // adjust_scalar_min_max_vals BPF_NEG: 0 - dst (scalar_min_max_sub, tnum_neg)
        const z = new Reg();
        markRegUnknown(z);
        markRegKnown(z, 0n);
        scalarAlu(z, d.clone(), op.BPF_SUB, !alu64);
        d.assign(z);
        d.id = 0;
      } else scalarByteSwap(d, alu64, (code & op.BPF_X) === 0, imm);
      return;
    }
    // before: check_reg_arg(DST_OP), an unknown scalar whatever the value was
    markRegUnknown(d);
    return;
  }
  if (o === op.BPF_MOV && x && alu64 && off === op.BPF_ADDR_SPACE_CAST) {
    // check_alu_op, addr_space_cast (6.9): as(1) <-> as(0) in a program with an arena
    if (imm !== 1 && imm !== 1 << 16) this.err('EINVAL', 'addr_space_cast insn can only convert between address space 1 and 0');
    if (!usesArena(this)) this.err('EINVAL', 'addr_space_cast insn can only be used in a program that has an associated arena');
    this.readReg(src);
    const d = this.writeReg(dst);
    markRegUnknown(d);
    // cast to the kernel's address space: a PTR_TO_ARENA (32 bits); to the user's: a number
    if (imm === 1) d.type = RegType.PTR_TO_ARENA;
    return;
  }
  if (o === op.BPF_MOV) {
    if (x) {
      // movsx (off = 8/16/32) is cpu v4 (6.6); before, off is reserved
      if (imm !== 0 || (off !== 0 && !(this.env.rules.cpuV4 && (off === 8 || off === 16 || (off === 32 && alu64))))) this.err('EINVAL', 'BPF_MOV uses reserved fields');
      const sr = this.readReg(src);
      const d = this.writeReg(dst);
      if (off) {
        // movsx: sign-extend the low `off` bits
        if (this.isPointerValue(sr) || (sr.type !== RegType.SCALAR_VALUE)) {
          if (!this.env.priv) this.err('EACCES', `R${src} sign-extension part of pointer`);
          markRegUnknown(d);
        } else if (tnumIsConst(sr.varOff)) {
          const v = BigInt.asIntN(off, sr.varOff.value);
          markRegUnknown(d);
          markRegKnown(d, alu64 ? v : BigInt.asUintN(32, v));
        } else if (coerceToSizeSx(d, sr, off, alu64)) {
          return;
        } else {
          markRegUnknown(d);
          const lo = -(1n << BigInt(off - 1));
          const hi = (1n << BigInt(off - 1)) - 1n;
          // set_sext64_default_val: the 32-bit signed bounds are the same range
          if (alu64) { d.smin = lo; d.smax = hi; d.s32min = Number(lo); d.s32max = Number(hi); regBoundsSync(d); }
          else { d.s32min = Number(lo); d.s32max = Number(hi); regBoundsSync(d); zext32To64(d); regBoundsSync(d); }
        }
        return;
      }
      if (alu64) {
        if (sr.type === RegType.SCALAR_VALUE) assignScalarIdBeforeMov(this, sr);
        d.assign(sr);
      } else {
        if (this.isPointerValue(sr)) this.err('EACCES', `R${src} partial copy of pointer`);
        if (sr.type === RegType.SCALAR_VALUE) {
          // check_alu_op, `w1 = w2` (6.8, with the spill ids): a source whose upper 32 bits are
          // known zero (get_reg_width <= 32) stays tied to its copy, so a comparison of one bounds
          // the other; otherwise the copy's id is dropped (sync_linked_regs would be wrong)
          const u32 = this.env.rules.spillScalarIds && sr.umax <= 0xffffffffn;
          if (u32) assignScalarIdBeforeMov(this, sr);
          d.assign(sr);
          if (!u32) clearScalarId(d);
        } else markRegUnknown(d);
        zext32To64(d);
        regBoundsSync(d);
      }
    } else {
      if (src !== 0 || off !== 0) this.err('EINVAL', 'BPF_MOV uses reserved fields');
      const d = this.writeReg(dst);
      markRegUnknown(d);
      markRegKnownImm(d, imm, alu64);
    }
    return;
  }
  if (o > op.BPF_END) this.err('EINVAL', `invalid BPF_ALU opcode ${hex2(o)}`);
  // sdiv/smod (off = 1) are cpu v4 (6.6); before, off is reserved
  const sdiv = this.env.rules.cpuV4 && (o === op.BPF_DIV || o === op.BPF_MOD) && off === 1;
  if (x) {
    if (imm !== 0 || (off !== 0 && !sdiv)) this.err('EINVAL', 'BPF_ALU uses reserved fields');
    this.readReg(src);
  } else if (src !== 0 || (off !== 0 && !sdiv)) {
    this.err('EINVAL', 'BPF_ALU uses reserved fields');
  }
  this.readReg(dst);
  if ((o === op.BPF_MOD || o === op.BPF_DIV) && !x && imm === 0) this.err('EINVAL', 'div by zero');
  if ((o === op.BPF_LSH || o === op.BPF_RSH || o === op.BPF_ARSH) && !x) {
    const size = alu64 ? 64 : 32;
    if (imm < 0 || imm >= size) this.err('EINVAL', `invalid shift ${imm}`);
  }
  this.writeReg(dst);
  this.adjustRegMinMaxVals(i, o, alu64, x);
}

/** env->prog->aux->arena: one of the program's lddw instructions names an ARENA map (resolve_pseudo_ldimm64) */
const ARENA_USE = new WeakMap<object, boolean>();
function usesArena(c: Checker): boolean {
  const s = c.env.slots;
  let r = ARENA_USE.get(s);
  if (r === undefined) {
    r = false;
    for (let i = 0; i < s.n && !r; i++) {
      const src = s.src[i]!;
      r = s.code[i] === LDDW && (src === op.BPF_PSEUDO_MAP_FD || src === op.BPF_PSEUDO_MAP_VALUE || src === op.BPF_PSEUDO_MAP_IDX || src === op.BPF_PSEUDO_MAP_IDX_VALUE)
        && c.env.maps[s.imm[i]!]?.type === MapType.ARENA;
    }
    ARENA_USE.set(s, r);
  }
  return r;
}

/** clear_scalar_id */
export function clearScalarId(r: Reg): void {
  r.id = 0;
  r.off = 0;
}

/**
 * assign_scalar_id_before_mov: `rX = rY` (and a spill) ties the copy to rY by an id, which
 * sync_linked_regs follows at a comparison; rY linked with an offset (BPF_ADD_CONST) loses that
 * link first, as one register cannot carry two offsets
 */
export function assignScalarIdBeforeMov(c: Checker, r: Reg): void {
  if (r.type !== RegType.SCALAR_VALUE) return;
  if (isAddConst(r.id)) clearScalarId(r);
  if (!r.id && !regTnumConst(r)) r.id = ++c.idGen;
}

/** adjust_reg_min_max_vals */
export function adjustRegMinMaxVals(this: Checker, i: number, o: number, alu64: boolean, x: boolean): void {
  const s = this.env.slots;
  const dstno = s.dst[i]!;
  const d = this.regs[dstno]!;
  // adjust_reg_min_max_vals: any arithmetic on an arena pointer gives an arena pointer (32-bit,
  // the JIT adds the arena's base at each access)
  const sr = x ? this.regs[s.src[i]!]! : null;
  if (d.type === RegType.PTR_TO_ARENA || sr?.type === RegType.PTR_TO_ARENA) {
    if (d.type !== RegType.PTR_TO_ARENA) d.assign(sr!);
    return;
  }
  let ptr: Reg | null = null;
  // the scalar's link and bounds, for `r1 += const` below (every other result drops the link:
  // clear_scalar_id)
  const linkId = d.type === RegType.SCALAR_VALUE ? d.id : 0;
  const wide = linkId !== 0 && !alu64 && (d.umaxH !== 0 || d.xumax !== null);
  if (d.type !== RegType.SCALAR_VALUE) ptr = d;
  else clearScalarId(d);
  let src: Reg;
  this.srcIsReg = x;
  if (x) {
    src = this.regs[s.src[i]!]!;
    if (src.type !== RegType.SCALAR_VALUE) {
      if (d.type !== RegType.SCALAR_VALUE) {
        if (o === op.BPF_SUB && this.env.priv) {
          markRegUnknown(d);
          return;
        }
        this.err('EACCES', `R${dstno} pointer ${aluName(o)} pointer prohibited`);
      }
      // scalar += pointer (adjust_reg_min_max_vals: the scalar's range becomes the pointer's)
      this.markPrecise(dstno);
      this.adjustPtrMinMaxVals(dstno, o, alu64, src, scratch(SCR_S, d), true);
      return;
    }
    if (ptr) {
      this.markPrecise(s.src[i]!);
      this.adjustPtrMinMaxVals(dstno, o, alu64, scratch(SCR_P, ptr), scratch(SCR_S, src), false);
      return;
    }
    src = scratch(SCR_S, src);
  } else {
    src = SCR_S;
    markRegNotInit(src);
    markRegUnknown(src);
    markRegKnownImm(src, s.imm[i]!, true);
    if (ptr) {
      this.adjustPtrMinMaxVals(dstno, o, alu64, scratch(SCR_P, ptr), src, false);
      return;
    }
  }
  if (this.env.rules.safeDstRegRange && !safeToComputeDstRegRange(src, o, alu64)) {
    // adjust_scalar_min_max_vals returns before its `if (alu32) zext_32_to_64(dst_reg)`: after
    // `w1 /= 3` or `w1 <<= w2` the kernel knows nothing of r1's upper half either
    markRegUnknown(d);
    return;
  }
  // (32-bit ops see only the low halves of the source: src is a private copy either way)
  scalarAlu(d, src, o, !alu64);
  // BPF_ADD_CONST (compilers emit `r1 = r2; r1 += 1; if r2 < 1000 goto ...; use r1`): adding or
  // subtracting a constant keeps the id with the delta in off, so sync_linked_regs moves r1's
  // range with r2's. The link is dropped by a second delta, a 64-bit constant outside s32, an
  // alu32 op on a register whose upper half may be set, -S32_MIN, and `r1 += r1` (the source
  // changed under it: "bpf: Fix linked reg delta tracking when src_reg == dst_reg")
  if (!linkId || (o !== op.BPF_ADD && o !== op.BPF_SUB) || !this.env.priv || !this.env.rules.linkedAddConst
    || !(alu64 ? regTnumConst(src) : src.ml === 0) || (x && s.src[i] === dstno)) return;
  if (isAddConst(linkId) || wide || (alu64 && (src.vh !== 0 || src.vl < 0) && (src.vh !== -1 || src.vl >= 0))) return;
  let delta = src.vl | 0;
  if (o === op.BPF_SUB) {
    if (delta === -0x80000000) return;
    delta = -delta;
  }
  d.id = linkId + (alu64 ? BPF_ADD_CONST64 : BPF_ADD_CONST32);
  d.off = delta;
}

/**
 * is_safe_to_compute_dst_reg_range (kernel/bpf/verifier.c, 6.10+): the operations whose result
 * range adjust_scalar_min_max_vals computes. A shift needs a constant source (tnum and both ranges,
 * at the instruction's width) whose 64-bit umax is below the width.
 */
function safeToComputeDstRegRange(src: Reg, o: number, alu64: boolean): boolean {
  switch (o) {
    case op.BPF_ADD: case op.BPF_SUB: case op.BPF_NEG: case op.BPF_AND: case op.BPF_XOR: case op.BPF_OR: case op.BPF_MUL:
      return true;
    case op.BPF_LSH: case op.BPF_RSH: case op.BPF_ARSH: {
      const bitness = alu64 ? 64 : 32;
      const isConst = alu64
        ? regTnumConst(src) && src.smin === src.smax && src.umin === src.umax
        : src.ml === 0 && src.s32min === src.s32max && src.u32min === src.u32max;
      return isConst && src.umax < BigInt(bitness);
    }
    default:
      return false;
  }
}

/** check_reg_sane_offset */
export function checkRegSaneOffset(this: Checker, r: Reg, typeStr: string): void {
  // the common case without BigInt: every quantity well inside +-BPF_MAX_VAR_OFF
  const lim = 0x20000000;
  if (!exotic(r) && r.off < lim && r.off > -lim) {
    const smin = regSminNum(r);
    if (smin < lim && smin > -lim && (!regTnumConst(r) || (regConstNum(r) < lim && regConstNum(r) > -lim))) return;
  }
  const known = tnumIsConst(r.varOff);
  const val = s64(r.varOff.value);
  if (known && (val >= BPF_MAX_VAR_OFF || val <= -BPF_MAX_VAR_OFF)) this.err('EACCES', `math between ${typeStr} pointer and ${val} is not allowed`);
  if (r.off >= Number(BPF_MAX_VAR_OFF) || r.off <= -Number(BPF_MAX_VAR_OFF)) this.err('EACCES', `${typeStr} pointer offset ${r.off} is not allowed`);
  if (r.smin === S64_MIN) this.err('EACCES', `math between ${typeStr} pointer and register with unbounded min value is not allowed`);
  if (r.smin >= BPF_MAX_VAR_OFF || r.smin <= -BPF_MAX_VAR_OFF) this.err('EACCES', `value ${r.smin} makes ${typeStr} pointer be out of bounds`);
}

/** adjust_ptr_min_max_vals: pointer ± scalar */
export function adjustPtrMinMaxVals(this: Checker, dstno: number, o: number, alu64: boolean, p: Reg, offReg: Reg, scalarIsDst: boolean): void {
  const d = this.regs[dstno]!;
  const known = tnumIsConst(offReg.varOff);
  const { smin: sminVal, smax: smaxVal, umin: uminVal, umax: umaxVal } = offReg;
  if ((known && (sminVal !== smaxVal || uminVal !== umaxVal)) || sminVal > smaxVal || uminVal > umaxVal) {
    markRegUnknown(d);
    return;
  }
  if (!alu64) {
    if (o === op.BPF_SUB && this.env.priv) {
      markRegUnknown(d);
      return;
    }
    this.err('EACCES', `R${dstno} 32-bit pointer arithmetic prohibited`);
  }
  if (p.maybeNull) this.err('EACCES', `R${dstno} pointer arithmetic on ${regTypeStr(p)} prohibited, null-check it first`);
  switch (p.type) {
    case RegType.CONST_PTR_TO_MAP:
      if (known && sminVal === 0n && o === op.BPF_ADD) break;
      this.err('EACCES', `R${dstno} pointer arithmetic on ${regTypeStr(p)} prohibited`);
    // falls through (unreachable)
    case RegType.PTR_TO_PACKET_END:
    case RegType.PTR_TO_SOCKET:
    case RegType.PTR_TO_SOCK_COMMON:
    case RegType.PTR_TO_TCP_SOCK:
    case RegType.PTR_TO_XDP_SOCK:
    case RegType.PTR_TO_FLOW_KEYS:
      this.err('EACCES', `R${dstno} pointer arithmetic on ${regTypeStr(p)} prohibited`);
    // falls through (unreachable)
    case RegType.PTR_TO_MAP_VALUE:
      if (!this.env.priv && !known && (sminVal < 0n) !== (smaxVal < 0n)) {
        this.err('EACCES', `R${scalarIsDst ? dstno : dstno} has unknown scalar with mixed signed bounds, pointer arithmetic with it prohibited for !root`);
      }
      break;
    default:
      break;
  }
  // sanitize_ptr_alu (retrieve_ptr_limit): unprivileged pointer arithmetic with a register
  // operand is only supported on stack and map value pointers
  if (!this.env.priv && this.srcIsReg && (o === op.BPF_ADD || o === op.BPF_SUB)
    && p.type !== RegType.PTR_TO_STACK && p.type !== RegType.PTR_TO_MAP_VALUE) {
    this.err('EACCES', `R${dstno} has pointer with unsupported alu operation, pointer arithmetic with it prohibited for !root`);
  }
  if (!this.env.priv && this.srcIsReg && !known && (o === op.BPF_ADD || o === op.BPF_SUB)) {
    // sanitize_ptr_alu: under speculation the offset may be masked to 0; verify that path too
    const spec = this.pushStack(this.insnIdx + 1, this.insnIdx);
    spec.cur.regs[dstno]!.assign(p);
  }
  const ts = regTypeStr(p);
  this.checkRegSaneOffset(offReg, ts);
  this.checkRegSaneOffset(p, ts);
  const res = scratch(SCR_R, p);
  markReg32Unbounded(res);
  switch (o) {
    case op.BPF_ADD: {
      const noff = BigInt(p.off) + sminVal;
      if (known && noff === BigInt(Number(BigInt.asIntN(32, noff)))) {
        res.off = Number(noff);
        break;
      }
      const add = (a: bigint, b: bigint): bigint | null => { const r = a + b; return r > (1n << 63n) - 1n || r < S64_MIN ? null : r; };
      const lo = add(p.smin, sminVal);
      const hi = add(p.smax, smaxVal);
      if (lo === null || hi === null) { res.smin = S64_MIN; res.smax = (1n << 63n) - 1n; } else { res.smin = lo; res.smax = hi; }
      if (p.umin + uminVal > U64 || p.umax + umaxVal > U64) { res.umin = 0n; res.umax = U64; } else { res.umin = p.umin + uminVal; res.umax = p.umax + umaxVal; }
      res.varOff = tnumAdd(p.varOff, offReg.varOff);
      if (isPktPointer(p)) {
        res.id = ++this.idGen;
        res.range = 0;
      }
      break;
    }
    case op.BPF_SUB: {
      if (scalarIsDst) this.err('EACCES', `R${dstno} tried to subtract pointer from scalar`);
      if (p.type === RegType.PTR_TO_STACK) this.err('EACCES', `R${dstno} subtraction from stack pointer prohibited`);
      const noff = BigInt(p.off) - sminVal;
      if (known && noff === BigInt(Number(BigInt.asIntN(32, noff)))) {
        res.off = Number(noff);
        break;
      }
      const lo = p.smin - smaxVal;
      const hi = p.smax - sminVal;
      if (lo < S64_MIN || hi > (1n << 63n) - 1n || lo > (1n << 63n) - 1n || hi < S64_MIN) { res.smin = S64_MIN; res.smax = (1n << 63n) - 1n; } else { res.smin = lo; res.smax = hi; }
      if (p.umin < umaxVal) { res.umin = 0n; res.umax = U64; } else { res.umin = p.umin - umaxVal; res.umax = p.umax - uminVal; }
      res.varOff = tnumSubFix(p.varOff, offReg.varOff);
      if (isPktPointer(p)) {
        res.id = ++this.idGen;
        if (sminVal < 0n) res.range = 0;
      }
      break;
    }
    case op.BPF_AND:
    case op.BPF_OR:
    case op.BPF_XOR:
      this.err('EACCES', `R${dstno} bitwise operator ${aluName(o)} on pointer prohibited`);
    // falls through (unreachable)
    default:
      this.err('EACCES', `R${dstno} pointer arithmetic with ${aluName(o)} operator prohibited`);
  }
  this.checkRegSaneOffset(res, ts);
  updateRegBounds(res);
  regBoundsSync(res);
  if (!this.env.priv) {
    if (res.type === RegType.PTR_TO_MAP_VALUE) {
      try {
        this.checkMemRegionAccess(dstno, res, res.off, 1, res.map!.valueSize, false);
      } catch (e) {
        if (!(e instanceof VerifierError)) throw e;
        this.err('EACCES', `R${dstno} pointer arithmetic of map value goes out of range, prohibited for !root`);
      }
    } else if (res.type === RegType.PTR_TO_STACK) {
      if (!tnumIsConst(res.varOff)) this.err('EACCES', `R${dstno} variable stack access prohibited for !root, var_off=${tnumStr(res.varOff)} off=${res.off}`);
      const off = res.off + Number(s64(res.varOff.value));
      if (off < -512 || off + 1 > 0) this.err('EACCES', `R${dstno} stack pointer arithmetic goes out of range, prohibited for !root`);
    }
  }
  d.assign(res);
}

// ---- memory ----------------------------------------------------------------------------

/**
 * coerce_reg_to_size_sx / coerce_subreg_to_size_sx: when the source's signed range lies within
 * one 2^off block and sign-extends to values of one sign, the result keeps that range (w7 =
 * (s8)w3 with w3 in [0, 15] is in [0, 15]); false: the caller sets the default range
 */
function coerceToSizeSx(d: Reg, sr: Reg, off: number, alu64: boolean): boolean {
  if (exotic(sr)) return false;
  const n = BigInt(off);
  let mn: bigint, mx: bigint;
  if (alu64) {
    const top = (v: bigint): bigint => (BigInt.asUintN(64, v) >> n) << n;
    if (top(sr.smax) !== top(sr.smin)) return false;
    const a = BigInt.asIntN(off, sr.smax), b = BigInt.asIntN(off, sr.smin);
    [mn, mx] = a < b ? [a, b] : [b, a];
  } else {
    const top = (v: number): number => ((v >>> 0) >>> off) << off >>> 0;
    if (top(sr.s32max) !== top(sr.s32min)) return false;
    const a = BigInt.asIntN(off, BigInt(sr.s32max)), b = BigInt.asIntN(off, BigInt(sr.s32min));
    [mn, mx] = a < b ? [a, b] : [b, a];
  }
  if ((mn >= 0n) !== (mx >= 0n)) return false;
  markRegUnknown(d);
  if (alu64) {
    d.smin = mn; d.smax = mx; d.umin = BigInt.asUintN(64, mn); d.umax = BigInt.asUintN(64, mx);
    d.s32min = Number(BigInt.asIntN(32, mn)); d.s32max = Number(BigInt.asIntN(32, mx));
    d.u32min = Number(BigInt.asUintN(32, mn)); d.u32max = Number(BigInt.asUintN(32, mx));
    d.varOff = tnumRange(BigInt.asUintN(64, mn), BigInt.asUintN(64, mx));
  } else {
    d.s32min = Number(mn); d.s32max = Number(mx);
    d.u32min = Number(BigInt.asUintN(32, mn)); d.u32max = Number(BigInt.asUintN(32, mx));
    const t = tnumRange(BigInt.asUintN(32, mn), BigInt.asUintN(32, mx));
    d.varOff = { value: t.value & 0xffffffffn, mask: t.mask & 0xffffffffn };
    zext32To64(d);
  }
  regBoundsSync(d);
  return true;
}
