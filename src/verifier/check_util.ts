/**
 * Constants, small predicates and scratch registers the abstract interpreter's modules
 * (./check.ts and ./check_*.ts) share.
 */
import * as op from '../isa/opcodes.js';
import { Reg, RegType } from './reg.js';
import type { VerifierMap } from './types.js';
import type { BtfField } from './btf_record.js';
export const BPF_MAX_VAR_OFF = 1n << 29n;

export const BPF_COMPLEXITY_LIMIT_JMP_SEQ = 8192;

export interface CallMeta {
  map: VerifierMap | null;
  rawMode: boolean;
  accessRegno: number;
  accessSize: number;
  memSize: number;
  refObjId: number;
  funcSubprog: number;
  releaseRegno: number;
  sizeMax: number;
  /** the memory argument is written by the helper (ARG_PTR_TO_UNINIT_MEM), even when raw mode is off */
  writesMem: boolean;
  /** meta->const_map_key: the constant key of a map_lookup_elem (get_constant_map_key), -1 when unknown */
  constMapKey: bigint;
  /** the dynptr argument's register (0: none) and whether the call releases it (dynptr.ts) */
  dynptrRegno?: number;
  releaseDynptr?: boolean;
  /** bpf_kptr_xchg: the kptr field its destination points to (meta->kptr_field, graph.ts) */
  kptrField?: BtfField;
}

/**
 * private copies of registers for one instruction's arithmetic (operands and result of
 * adjust_reg_min_max_vals, the constant of a conditional jump): never kept in a state, so one
 * object each serves every instruction instead of an allocation per instruction
 */
export const SCR_S = new Reg();

export const SCR_P = new Reg();

export const SCR_R = new Reg();

export function scratch(into: Reg, from: Reg): Reg {
  into.assign(from);
  return into;
}

export const isPktAny = (r: Reg): boolean => r.type === RegType.PTR_TO_PACKET || r.type === RegType.PTR_TO_PACKET_META || r.type === RegType.PTR_TO_PACKET_END;

export const hex2 = (n: number): string => (n >>> 0).toString(16).padStart(2, '0');

export const sizeOf = (code: number): number => op.sizeBytes(code);
