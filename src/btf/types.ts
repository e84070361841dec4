/**
 * BTF type records (include/uapi/linux/btf.h, Documentation/bpf/btf.rst), one TypeScript
 * shape per BTF_KIND, discriminated by `kind`. Type id 0 is `void` and has no record.
 */

export const BTF_MAGIC = 0xeb9f;
export const BTF_VERSION = 1;

export const BTF_KIND_UNKN = 0;
export const BTF_KIND_INT = 1;
export const BTF_KIND_PTR = 2;
export const BTF_KIND_ARRAY = 3;
export const BTF_KIND_STRUCT = 4;
export const BTF_KIND_UNION = 5;
export const BTF_KIND_ENUM = 6;
export const BTF_KIND_FWD = 7;
export const BTF_KIND_TYPEDEF = 8;
export const BTF_KIND_VOLATILE = 9;
export const BTF_KIND_CONST = 10;
export const BTF_KIND_RESTRICT = 11;
export const BTF_KIND_FUNC = 12;
export const BTF_KIND_FUNC_PROTO = 13;
export const BTF_KIND_VAR = 14;
export const BTF_KIND_DATASEC = 15;
export const BTF_KIND_FLOAT = 16;
export const BTF_KIND_DECL_TAG = 17;
export const BTF_KIND_TYPE_TAG = 18;
export const BTF_KIND_ENUM64 = 19;
export const BTF_KIND_MAX = 19;

/** kind names as bpftool prints them (tools/bpf/bpftool/btf.c btf_kind_str) */
export const BTF_KIND_NAMES: readonly string[] = [
  'UNKNOWN', 'INT', 'PTR', 'ARRAY', 'STRUCT', 'UNION', 'ENUM', 'FWD', 'TYPEDEF', 'VOLATILE', 'CONST',
  'RESTRICT', 'FUNC', 'FUNC_PROTO', 'VAR', 'DATASEC', 'FLOAT', 'DECL_TAG', 'TYPE_TAG', 'ENUM64',
];

// BTF_INT_ENCODING bits
export const BTF_INT_SIGNED = 1 << 0;
export const BTF_INT_CHAR = 1 << 1;
export const BTF_INT_BOOL = 1 << 2;

// linkage of VAR (enum btf_var_linkage) and FUNC (enum btf_func_linkage, in vlen)
export const BTF_VAR_STATIC = 0;
export const BTF_VAR_GLOBAL_ALLOCATED = 1;
export const BTF_VAR_GLOBAL_EXTERN = 2;
export const BTF_FUNC_STATIC = 0;
export const BTF_FUNC_GLOBAL = 1;
export const BTF_FUNC_EXTERN = 2;

interface Base {
  id: number;
  /** "" for anonymous types */
  name: string;
}

export interface BtfInt extends Base {
  kind: typeof BTF_KIND_INT;
  size: number;
  /** BTF_INT_SIGNED | BTF_INT_CHAR | BTF_INT_BOOL */
  encoding: number;
  bitsOffset: number;
  bits: number;
}
export interface BtfPtr extends Base { kind: typeof BTF_KIND_PTR; type: number }
export interface BtfArray extends Base { kind: typeof BTF_KIND_ARRAY; type: number; indexType: number; nelems: number }
export interface BtfMember {
  name: string;
  type: number;
  /** offset of the member from the start of the struct, in bits */
  bitOffset: number;
  /** 0 unless a bitfield (struct with kind_flag set) */
  bitfieldSize: number;
}
export interface BtfStruct extends Base {
  kind: typeof BTF_KIND_STRUCT | typeof BTF_KIND_UNION;
  size: number;
  /** kind_flag: member offsets carry bitfield sizes */
  kindFlag: boolean;
  members: BtfMember[];
}
export interface BtfEnumValue { name: string; value: number }
export interface BtfEnum extends Base {
  kind: typeof BTF_KIND_ENUM;
  size: number;
  /** kind_flag: values are signed */
  signed: boolean;
  values: BtfEnumValue[];
}
export interface BtfEnum64Value { name: string; value: bigint }
export interface BtfEnum64 extends Base {
  kind: typeof BTF_KIND_ENUM64;
  size: number;
  signed: boolean;
  values: BtfEnum64Value[];
}
export interface BtfFwd extends Base { kind: typeof BTF_KIND_FWD; union: boolean }
export interface BtfRef extends Base {
  kind: typeof BTF_KIND_TYPEDEF | typeof BTF_KIND_VOLATILE | typeof BTF_KIND_CONST | typeof BTF_KIND_RESTRICT | typeof BTF_KIND_TYPE_TAG;
  type: number;
}
export interface BtfFunc extends Base { kind: typeof BTF_KIND_FUNC; type: number; linkage: number }
export interface BtfParam { name: string; type: number }
export interface BtfFuncProto extends Base { kind: typeof BTF_KIND_FUNC_PROTO; returnType: number; params: BtfParam[] }
export interface BtfVar extends Base { kind: typeof BTF_KIND_VAR; type: number; linkage: number }
export interface BtfVarSecinfo { type: number; offset: number; size: number }
export interface BtfDatasec extends Base { kind: typeof BTF_KIND_DATASEC; size: number; vars: BtfVarSecinfo[] }
export interface BtfFloat extends Base { kind: typeof BTF_KIND_FLOAT; size: number }
export interface BtfDeclTag extends Base { kind: typeof BTF_KIND_DECL_TAG; type: number; componentIdx: number }

export type BtfType =
  | BtfInt | BtfPtr | BtfArray | BtfStruct | BtfEnum | BtfEnum64 | BtfFwd | BtfRef
  | BtfFunc | BtfFuncProto | BtfVar | BtfDatasec | BtfFloat | BtfDeclTag;

export function kindName(kind: number): string {
  return BTF_KIND_NAMES[kind] ?? 'UNKNOWN';
}
