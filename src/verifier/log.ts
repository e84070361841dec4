/**
 * The verifier log in the kernel's format (kernel/bpf/log.c print_verifier_state): registers as
 * `R1=ctx() R2=fp-8 R3=scalar(umax=255,var_off=(0x0; 0xff))`, stack slots as `fp-8=mmmmmmmm`.
 */
import { Reg, RegType, isAddConst, scalarBaseId, REG_TYPE_STR, S64_MIN, S64_MAX, S32_MIN, S32_MAX, U32_MAX } from './reg.js';
import { U64, tnumIsConst, tnumIsUnknown, tnumStr } from './tnum.js';
import { type FuncState, type VState, STACK_SPILL, STACK_INVALID, STACK_DYNPTR, SLOT_CHAR } from './state.js';
import { fmtDynptrSlot } from './dynptr.js';
import type { JsonStep } from './types.js';
import { btfFlagsPrefix, btfTypeName } from './btf_id.js';

/** reg_type_str: base name plus the kernel's prefixes/suffixes */
export function regTypeStr(r: Reg): string {
  if (r.type === RegType.SCALAR_VALUE) return 'scalar';
  let base = REG_TYPE_STR[r.type] ?? '?';
  if (r.type === RegType.PTR_TO_MEM && r.memKind === 'ringbuf') base = 'ringbuf_mem';
  else if (r.type === RegType.PTR_TO_MEM && r.memKind === 'alloc') base = 'alloc_mem';
  const pre = r.rdonly ? 'rdonly_' : '';
  // reg_type_str: PTR_TO_BTF_ID's flags as prefixes, and "or_null_" after "ptr_"
  if (r.type === RegType.PTR_TO_BTF_ID) return pre + btfFlagsPrefix(r.btfFlags) + base + (r.maybeNull ? 'or_null_' : '');
  return pre + base + (r.maybeNull ? '_or_null' : '');
}

function scalarBody(r: Reg): string {
  const parts: string[] = [];
  // print_reg_state: a register linked with an offset prints it after the id (`id=1+4`)
  if (r.id) parts.push(isAddConst(r.id) ? `id=${scalarBaseId(r.id)}${r.off < 0 ? '' : '+'}${r.off}` : `id=${r.id}`);
  if (r.refObjId) parts.push(`ref_obj_id=${r.refObjId}`);
  if (r.smin !== S64_MIN) parts.push(`smin=${r.smin}`);
  if (r.smax !== S64_MAX) parts.push(`smax=${r.smax}`);
  if (r.umin !== 0n) parts.push(`umin=${r.umin}`);
  if (r.umax !== U64) parts.push(`umax=${r.umax}`);
  if (r.s32min !== S32_MIN && BigInt(r.s32min) !== r.smin) parts.push(`smin32=${r.s32min}`);
  if (r.s32max !== S32_MAX && BigInt(r.s32max) !== r.smax) parts.push(`smax32=${r.s32max}`);
  if (r.u32min !== 0 && BigInt(r.u32min) !== r.umin) parts.push(`umin32=${r.u32min}`);
  if (r.u32max !== U32_MAX && BigInt(r.u32max) !== r.umax) parts.push(`umax32=${r.u32max}`);
  if (!tnumIsUnknown(r.varOff)) parts.push(`var_off=${tnumStr(r.varOff)}`);
  return parts.join(',');
}

/** one register as the kernel prints it after `R%d=` */
export function fmtReg(r: Reg): string {
  switch (r.type) {
    case RegType.NOT_INIT:
      return '?';
    case RegType.SCALAR_VALUE:
      if (tnumIsConst(r.varOff)) return BigInt.asIntN(64, r.varOff.value).toString();
      return `scalar(${scalarBody(r)})`;
    case RegType.PTR_TO_STACK:
      if (tnumIsConst(r.varOff) && r.varOff.value === 0n && !r.frameno) return `fp${r.off}`;
      if (tnumIsConst(r.varOff) && r.varOff.value === 0n) return `fp[${r.frameno}]${r.off}`;
      break;
  }
  const parts: string[] = [];
  if (r.id) parts.push(`id=${r.id}`);
  if (r.refObjId) parts.push(`ref_obj_id=${r.refObjId}`);
  if (r.map && (r.type === RegType.CONST_PTR_TO_MAP || r.type === RegType.PTR_TO_MAP_VALUE || r.type === RegType.PTR_TO_MAP_KEY)) {
    parts.push(`map=${r.map.name ?? ''},ks=${r.map.keySize},vs=${r.map.valueSize}`);
  }
  if (r.off) parts.push(`off=${r.off}`);
  if (r.type === RegType.PTR_TO_PACKET || r.type === RegType.PTR_TO_PACKET_META) parts.push(`r=${r.range}`);
  if (r.type === RegType.PTR_TO_MEM) parts.push(`sz=${r.memSize}`);
  if (r.type === RegType.PTR_TO_STACK && r.frameno) parts.push(`frame=${r.frameno}`);
  if (!tnumIsConst(r.varOff) || r.varOff.value !== 0n) {
    const b = scalarBody(Object.assign(r.clone(), { id: 0, refObjId: 0 }));
    if (b) parts.push(b);
  }
  // print_verifier_state: a PTR_TO_BTF_ID names its struct after the type (trusted_ptr_task_struct)
  const btfName = r.type === RegType.PTR_TO_BTF_ID && r.btf && r.btfId ? btfTypeName(r.btf, r.btfId) : '';
  return `${regTypeStr(r)}${btfName}(${parts.join(',')})`;
}

export function fmtFrame(f: FuncState, withFrame: boolean): string {
  const out: string[] = [];
  if (withFrame) out.push(`frame${f.frameno}:`);
  for (let i = 0; i < 11; i++) {
    const r = f.regs[i]!;
    if (r.type === RegType.NOT_INIT) continue;
    out.push(`R${i}=${fmtReg(r)}`);
  }
  for (let spi = 0; spi * 8 < f.allocated; spi++) {
    const t = f.slotType.subarray(spi * 8, spi * 8 + 8);
    if (t.every((x) => x === STACK_INVALID)) continue;
    const off = -(spi + 1) * 8;
    // print_verifier_state: a dynptr once, at its first (upper) slot
    if (t[0] === STACK_DYNPTR && f.spilled[spi + 1]?.dynptrFirst) { out.push(`fp${off - 8}=${fmtDynptrSlot(f.spilled[++spi]!)}`); continue; }
    if (t[0] === STACK_SPILL && f.spilled[spi]) out.push(`fp${off}=${fmtReg(f.spilled[spi]!)}`);
    else {
      let s = '';
      for (let k = 7; k >= 0; k--) s += SLOT_CHAR[t[k]!];
      out.push(`fp${off}=${s}`);
    }
  }
  return out.join(' ');
}

export function fmtState(st: VState): string {
  const parts: string[] = [];
  for (let i = 0; i <= st.curframe; i++) {
    if (st.curframe > 0 && i < st.curframe) continue;
    parts.push(fmtFrame(st.frames[i]!, st.curframe > 0));
  }
  if (st.refs.length) parts.push(`refs=${st.refs.map((r) => r.id).join(',')}`);
  return parts.join(' ');
}

/** register and stack maps for the JSON trace */
export function jsonFrame(f: Pick<FuncState, 'regs' | 'spilled' | 'slotType' | 'allocated'>): { regs: Record<string, string>; stack: Record<string, string> } {
  const regs: Record<string, string> = {};
  const stack: Record<string, string> = {};
  for (let i = 0; i < 11; i++) {
    const r = f.regs[i]!;
    if (r.type !== RegType.NOT_INIT) regs[`r${i}`] = fmtReg(r);
  }
  for (let spi = 0; spi * 8 < f.allocated; spi++) {
    const t = f.slotType.subarray(spi * 8, spi * 8 + 8);
    if (t.every((x) => x === STACK_INVALID)) continue;
    const off = -(spi + 1) * 8;
    if (t[0] === STACK_SPILL && f.spilled[spi]) stack[`fp${off}`] = fmtReg(f.spilled[spi]!);
    else {
      let s = '';
      for (let k = 7; k >= 0; k--) s += SLOT_CHAR[t[k]!];
      stack[`fp${off}`] = s;
    }
  }
  return { regs, stack };
}

export { U32_MAX };
