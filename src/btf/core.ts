/**
 * CO-RE ("compile once, run everywhere") relocations, resolved as libbpf's relo_core.c does:
 * bpf_core_parse_spec (local access string -> accessors and bit offset), bpf_core_find_cands
 * (target types with the same essential name, "___flavour" suffix ignored), bpf_core_spec_match
 * (walk the target by member *names*), bpf_core_calc_relo (the value for local and target), and
 * bpf_core_patch_insn (rewrite imm / off / lddw imm64, adjusting load sizes). A relocation with no
 * matching target is "poisoned": the instruction becomes `call 0xbad2310` (an unknown helper) so
 * the verifier rejects it only if it is reachable, exactly as libbpf does.
 */
import { BpfError } from '../isa/errors.js';
import { type Instruction, LDDW } from '../isa/instruction.js';
import {
  BPF_ALU, BPF_ALU64, BPF_B, BPF_CALL, BPF_CLASS, BPF_DW, BPF_H, BPF_JMP, BPF_K, BPF_LDX, BPF_MODE, BPF_SRC, BPF_ST,
  BPF_STX, BPF_W, sizeBytes,
} from '../isa/opcodes.js';
import type { Btf } from './btf.js';
import {
  BPF_CORE_ENUMVAL_EXISTS, BPF_CORE_ENUMVAL_VALUE, BPF_CORE_FIELD_BYTE_OFFSET, BPF_CORE_FIELD_BYTE_SIZE,
  BPF_CORE_FIELD_EXISTS, BPF_CORE_FIELD_LSHIFT_U64, BPF_CORE_FIELD_RSHIFT_U64, BPF_CORE_FIELD_SIGNED,
  BPF_CORE_TYPE_EXISTS, BPF_CORE_TYPE_ID_LOCAL, BPF_CORE_TYPE_ID_TARGET, BPF_CORE_TYPE_MATCHES, BPF_CORE_TYPE_SIZE,
  CORE_RELO_KIND_NAMES,
} from './ext.js';
import {
  BTF_INT_SIGNED, BTF_KIND_ARRAY, BTF_KIND_ENUM, BTF_KIND_ENUM64, BTF_KIND_FLOAT, BTF_KIND_FUNC_PROTO, BTF_KIND_FWD,
  BTF_KIND_INT, BTF_KIND_PTR, BTF_KIND_STRUCT, BTF_KIND_UNION, kindName, type BtfType,
} from './types.js';

/** the poison helper id libbpf writes into unresolvable relocations ("bad relo") */
export const CORE_POISON_IMM = 0xbad2310;
const SPEC_MAX_LEN = 64;

export const isFieldBased = (k: number) => k <= BPF_CORE_FIELD_RSHIFT_U64;
export const isTypeBased = (k: number) =>
  k === BPF_CORE_TYPE_ID_LOCAL || k === BPF_CORE_TYPE_ID_TARGET || k === BPF_CORE_TYPE_EXISTS || k === BPF_CORE_TYPE_SIZE || k === BPF_CORE_TYPE_MATCHES;
export const isEnumvalBased = (k: number) => k === BPF_CORE_ENUMVAL_EXISTS || k === BPF_CORE_ENUMVAL_VALUE;

export interface CoreRelo {
  /** instruction slot index in the program */
  insn: number;
  typeId: number;
  accessStr: string;
  kind: number;
}

interface Accessor {
  typeId: number;
  idx: number;
  /** member / enumerator name; undefined for array indexing */
  name?: string;
}

interface Spec {
  btf: Btf;
  rootTypeId: number;
  accessors: Accessor[];
  raw: number[];
  bitOffset: number;
}

/** result of one relocation (libbpf struct bpf_core_relo_res) */
export interface CoreReloResult {
  origVal: bigint;
  newVal: bigint;
  poison: boolean;
  validate: boolean;
  origSize: number;
  newSize: number;
  origTypeId: number;
  newTypeId: number;
  failMemszAdjust: boolean;
}

class Poison extends Error {}

/** work budget per relocation: type comparisons recurse, and hostile BTF could make that explode */
let steps = 0;
function step(): void {
  if (++steps > 2_000_000) fail('CO-RE: type comparison too complex', 'E2BIG');
}

function skipModsAndTypedefs(btf: Btf, id: number): { t: BtfType | undefined; id: number } {
  const r = btf.resolve(id);
  return { t: btf.types[r], id: r };
}

const isComposite = (t: BtfType | undefined): t is Extract<BtfType, { kind: 4 | 5 }> => !!t && (t.kind === BTF_KIND_STRUCT || t.kind === BTF_KIND_UNION);
const isAnyEnum = (t: BtfType | undefined) => !!t && (t.kind === BTF_KIND_ENUM || t.kind === BTF_KIND_ENUM64);

/**
 * "foo___bar" -> "foo" (libbpf bpf_core_essential_name_len): the last X___Y separator where X and
 * Y are not underscores ends the essential part
 */
export function essentialName(name: string): string {
  for (let i = name.length - 5; i >= 0; i--) {
    if (name[i] !== '_' && name[i + 1] === '_' && name[i + 2] === '_' && name[i + 3] === '_' && name[i + 4] !== '_') return name.slice(0, i + 1);
  }
  return name;
}

function fail(msg: string, errno: 'EINVAL' | 'E2BIG' | 'EOPNOTSUPP' = 'EINVAL'): never {
  throw new BpfError(errno, msg);
}

/** bpf_core_parse_spec */
function parseSpec(btf: Btf, typeId: number, accessStr: string, kind: number): Spec {
  if (!/^\d+(:\d+)*$/.test(accessStr)) fail(`invalid CO-RE access string '${accessStr}'`);
  const raw = accessStr.split(':').map((x) => Number(x));
  if (raw.length > SPEC_MAX_LEN) fail(`CO-RE access string '${accessStr}' is too long`, 'E2BIG');
  const spec: Spec = { btf, rootTypeId: typeId, accessors: [], raw, bitOffset: 0 };
  if (!btf.types[typeId]) fail(`CO-RE relocation refers to type ${typeId}, which does not exist`);
  if (isTypeBased(kind)) {
    if (raw.length !== 1 || raw[0] !== 0) fail(`type-based CO-RE relocation with access string '${accessStr}' (must be "0")`);
    return spec;
  }
  let { t, id } = skipModsAndTypedefs(btf, typeId);
  const first = raw[0]!;
  if (isEnumvalBased(kind)) {
    if (!t || (t.kind !== BTF_KIND_ENUM && t.kind !== BTF_KIND_ENUM64) || raw.length > 1 || first >= t.values.length) {
      fail(`enum value CO-RE relocation: '${accessStr}' does not name an enumerator of type ${typeId}`);
    }
    spec.accessors.push({ typeId: id, idx: first, name: t.values[first]!.name });
    return spec;
  }
  if (!isFieldBased(kind)) fail(`unknown CO-RE relocation kind ${kind}`, 'EOPNOTSUPP');
  spec.accessors.push({ typeId: id, idx: first });
  spec.bitOffset = first * btf.sizeof(id) * 8;
  for (let i = 1; i < raw.length; i++) {
    ({ t, id } = skipModsAndTypedefs(btf, id));
    const idx = raw[i]!;
    if (isComposite(t)) {
      if (idx >= t.members.length) fail(`CO-RE access '${accessStr}': member index ${idx} out of range for ${kindName(t.kind)} '${t.name}'`);
      const m = t.members[idx]!;
      spec.bitOffset += m.bitOffset;
      if (m.name) spec.accessors.push({ typeId: id, idx, name: m.name });
      id = m.type;
    } else if (t && t.kind === BTF_KIND_ARRAY) {
      const flex = isFlexArr(btf, spec.accessors[spec.accessors.length - 1], t.nelems);
      if (!flex && idx >= t.nelems) fail(`CO-RE access '${accessStr}': array index ${idx} out of range (${t.nelems} elements)`);
      // libbpf bpf_core_parse_spec: an array accessor records the element type (modifiers and
      // typedefs skipped), whose size is the load's memory size, as the target side does
      const elem = skipModsAndTypedefs(btf, t.type).id;
      spec.accessors.push({ typeId: elem, idx });
      spec.bitOffset += idx * btf.sizeof(elem) * 8;
      id = elem;
    } else {
      fail(`CO-RE relo for [${typeId}] (at idx ${i}) captures type [${id}] of unexpected kind ${t ? kindName(t.kind) : 'void'}`);
    }
  }
  return spec;
}

/** a zero-length array that is the last member of its struct (libbpf is_flex_arr) */
function isFlexArr(btf: Btf, acc: Accessor | undefined, nelems: number): boolean {
  if (!acc || acc.name === undefined || nelems > 0) return false;
  const t = btf.types[acc.typeId];
  return isComposite(t) && acc.idx === t.members.length - 1;
}

/** bpf_core_fields_are_compat */
function fieldsAreCompat(lb: Btf, lid: number, tb: Btf, tid: number, depth = 0): boolean {
  step();
  if (depth > 32) return false;
  const l = skipModsAndTypedefs(lb, lid).t;
  const t = skipModsAndTypedefs(tb, tid).t;
  if (!l || !t) return false;
  if (isComposite(l) && isComposite(t)) return true;
  if (l.kind !== t.kind && !(isAnyEnum(l) && isAnyEnum(t))) return false;
  switch (l.kind) {
    case BTF_KIND_PTR: case BTF_KIND_FLOAT:
      return true;
    case BTF_KIND_FWD: case BTF_KIND_ENUM: case BTF_KIND_ENUM64:
      return !l.name || !t.name || essentialName(l.name) === essentialName(t.name);
    case BTF_KIND_INT:
      return l.bitsOffset === 0 && (t as typeof l).bitsOffset === 0;
    case BTF_KIND_ARRAY:
      return fieldsAreCompat(lb, l.type, tb, (t as typeof l).type, depth + 1);
    default:
      return false;
  }
}

/** bpf_core_types_are_compat */
export function typesAreCompat(lb: Btf, lid: number, tb: Btf, tid: number, depth = 0): boolean {
  step();
  if (depth > 32) return false;
  const l = skipModsAndTypedefs(lb, lid).t;
  const t = skipModsAndTypedefs(tb, tid).t;
  if (!l || !t) return !l && !t;
  if (l.kind !== t.kind && !(isAnyEnum(l) && isAnyEnum(t))) return false;
  switch (l.kind) {
    case BTF_KIND_STRUCT: case BTF_KIND_UNION: case BTF_KIND_ENUM: case BTF_KIND_ENUM64: case BTF_KIND_FWD:
      return true;
    case BTF_KIND_FLOAT:
      return true;
    case BTF_KIND_INT:
      return l.bitsOffset === 0 && (t as typeof l).bitsOffset === 0;
    case BTF_KIND_PTR:
      return typesAreCompat(lb, l.type, tb, (t as typeof l).type, depth + 1);
    case BTF_KIND_ARRAY:
      return typesAreCompat(lb, l.type, tb, (t as typeof l).type, depth + 1);
    case BTF_KIND_FUNC_PROTO: {
      const tp = t as typeof l;
      if (l.params.length !== tp.params.length) return false;
      for (let i = 0; i < l.params.length; i++) if (!typesAreCompat(lb, l.params[i]!.type, tb, tp.params[i]!.type, depth + 1)) return false;
      return typesAreCompat(lb, l.returnType, tb, tp.returnType, depth + 1);
    }
    default:
      return false;
  }
}

/** a stricter check for TYPE_MATCHES (libbpf bpf_core_types_match, simplified): members must match by name and type */
function typesMatch(lb: Btf, lid: number, tb: Btf, tid: number, depth = 0): boolean {
  step();
  if (depth > 32) return false;
  const l = skipModsAndTypedefs(lb, lid).t;
  const t = skipModsAndTypedefs(tb, tid).t;
  if (!l || !t) return !l && !t;
  if (l.name && t.name && essentialName(l.name) !== essentialName(t.name)) return false;
  if (isComposite(l)) {
    if (!isComposite(t) || l.kind !== t.kind) return false;
    for (const m of l.members) {
      const tm = t.members.find((x) => x.name === m.name);
      if (!tm || !typesMatch(lb, m.type, tb, tm.type, depth + 1)) return false;
    }
    return true;
  }
  if (isAnyEnum(l)) {
    if (!isAnyEnum(t)) return false;
    const lv = (l as { values: { name: string }[] }).values;
    const tv = (t as { values: { name: string }[] }).values;
    return lv.every((v) => tv.some((x) => essentialName(x.name) === essentialName(v.name)));
  }
  if (l.kind === BTF_KIND_INT && t.kind === BTF_KIND_INT) return l.size === t.size && (l.encoding & BTF_INT_SIGNED) === (t.encoding & BTF_INT_SIGNED);
  return typesAreCompat(lb, lid, tb, tid, depth);
}

/** bpf_core_match_member: find local member by name in target, descending into anonymous members */
function matchMember(lb: Btf, lacc: Accessor, tb: Btf, tid: number, spec: Spec, depth = 0): { found: boolean; next: number } {
  step();
  const lt = lb.types[lacc.typeId];
  if (!isComposite(lt)) return { found: false, next: tid };
  const lm = lt.members[lacc.idx]!;
  const { t, id } = skipModsAndTypedefs(tb, tid);
  if (!isComposite(t) || depth > 32) return { found: false, next: tid };
  for (let i = 0; i < t.members.length; i++) {
    const m = t.members[i]!;
    if (spec.raw.length >= SPEC_MAX_LEN) fail('CO-RE: struct/union nesting too deep', 'E2BIG');
    spec.bitOffset += m.bitOffset;
    spec.raw.push(i);
    if (!m.name) {
      const r = matchMember(lb, lacc, tb, m.type, spec, depth + 1);
      if (r.found) return r;
    } else if (m.name === lm.name) {
      spec.accessors.push({ typeId: id, idx: i, name: m.name });
      const ok = fieldsAreCompat(lb, lm.type, tb, m.type);
      if (!ok) spec.accessors.pop();
      return { found: ok, next: m.type };
    }
    spec.bitOffset -= m.bitOffset;
    spec.raw.pop();
  }
  return { found: false, next: tid };
}

/** bpf_core_spec_match: does target type tid match the local spec? fills targ */
function specMatch(local: Spec, kind: number, tb: Btf, tid: number): Spec | undefined {
  const targ: Spec = { btf: tb, rootTypeId: tid, accessors: [], raw: [], bitOffset: 0 };
  if (isTypeBased(kind)) {
    const ok = kind === BPF_CORE_TYPE_MATCHES ? typesMatch(local.btf, local.rootTypeId, tb, tid) : typesAreCompat(local.btf, local.rootTypeId, tb, tid);
    return ok ? targ : undefined;
  }
  if (isEnumvalBased(kind)) {
    const { t, id } = skipModsAndTypedefs(tb, tid);
    if (!t || (t.kind !== BTF_KIND_ENUM && t.kind !== BTF_KIND_ENUM64)) return undefined;
    const want = essentialName(local.accessors[0]!.name!);
    const i = t.values.findIndex((v) => essentialName(v.name) === want);
    if (i < 0) return undefined;
    targ.accessors.push({ typeId: id, idx: i, name: t.values[i]!.name });
    targ.raw.push(i);
    return targ;
  }
  let cur = tid;
  for (let i = 0; i < local.accessors.length; i++) {
    const lacc = local.accessors[i]!;
    if (i > 0) {
      if (lacc.name !== undefined) {
        const r = matchMember(local.btf, lacc, tb, cur, targ);
        if (!r.found) return undefined;
        cur = r.next;
        continue;
      }
      const { t } = skipModsAndTypedefs(tb, cur);
      if (!t || t.kind !== BTF_KIND_ARRAY) return undefined;
      const flex = isFlexArr(tb, targ.accessors[targ.accessors.length - 1], t.nelems);
      if (!flex && lacc.idx >= t.nelems) return undefined;
      cur = skipModsAndTypedefs(tb, t.type).id;
    }
    if (targ.raw.length >= SPEC_MAX_LEN) fail('CO-RE: struct/union/array nesting too deep', 'E2BIG');
    targ.accessors.push({ typeId: cur, idx: lacc.idx });
    targ.raw.push(lacc.idx);
    let sz: number;
    try {
      sz = tb.sizeof(cur);
    } catch {
      return undefined;
    }
    targ.bitOffset += lacc.idx * sz * 8;
  }
  return targ;
}

interface FieldVal { val: bigint; size: number; typeId: number; validate: boolean }

/** bpf_core_calc_field_relo */
function calcFieldRelo(kind: number, spec: Spec | undefined, bigEndian: boolean): FieldVal {
  if (kind === BPF_CORE_FIELD_EXISTS) return { val: spec ? 1n : 0n, size: 0, typeId: 0, validate: true };
  if (!spec) throw new Poison();
  const btf = spec.btf;
  const acc = spec.accessors[spec.accessors.length - 1]!;
  const t = btf.types[acc.typeId];
  if (acc.name === undefined) {
    if (kind === BPF_CORE_FIELD_BYTE_OFFSET) return { val: BigInt(spec.bitOffset / 8), size: btf.sizeof(acc.typeId), typeId: acc.typeId, validate: true };
    if (kind === BPF_CORE_FIELD_BYTE_SIZE) return { val: BigInt(btf.sizeof(acc.typeId)), size: 0, typeId: 0, validate: true };
    fail(`CO-RE relocation ${CORE_RELO_KIND_NAMES[kind]} can't be applied to an array access`);
  }
  if (!isComposite(t)) fail('CO-RE: field accessor on a non-composite type');
  const m = t.members[acc.idx]!;
  const { t: mt, id: fieldTypeId } = skipModsAndTypedefs(btf, m.type);
  const bitOff = spec.bitOffset;
  let bitSz = m.bitfieldSize;
  const bitfield = bitSz > 0;
  let byteSz: number;
  let byteOff: number;
  if (bitfield) {
    byteSz = mt && 'size' in mt ? (mt as { size: number }).size : 0;
    if (byteSz <= 0) fail('CO-RE: bitfield of a type without size');
    byteOff = Math.floor(bitOff / 8 / byteSz) * byteSz;
    while (bitOff + bitSz - byteOff * 8 > byteSz * 8) {
      if (byteSz >= 8) fail(`CO-RE: bitfield at bit ${bitOff} (${bitSz} bits) can't be read with a 64-bit load`, 'E2BIG');
      byteSz *= 2;
      byteOff = Math.floor(bitOff / 8 / byteSz) * byteSz;
    }
  } else {
    byteSz = btf.sizeof(fieldTypeId);
    byteOff = bitOff / 8;
    bitSz = byteSz * 8;
  }
  let validate = !bitfield;
  let val: number;
  let size = 0;
  let typeId = 0;
  switch (kind) {
    case BPF_CORE_FIELD_BYTE_OFFSET:
      val = byteOff;
      if (!bitfield) { size = byteSz; typeId = fieldTypeId; }
      break;
    case BPF_CORE_FIELD_BYTE_SIZE:
      val = byteSz;
      break;
    case BPF_CORE_FIELD_SIGNED:
      val = (mt && isAnyEnum(mt) && (mt as { signed: boolean }).signed) || (mt && mt.kind === BTF_KIND_INT && (mt.encoding & BTF_INT_SIGNED)) ? 1 : 0;
      validate = true;
      break;
    case BPF_CORE_FIELD_LSHIFT_U64:
      // libbpf computes this for the host's byte order; here the program's byte order decides
      val = bigEndian ? (8 - byteSz) * 8 + (bitOff - byteOff * 8) : 64 - (bitOff + bitSz - byteOff * 8);
      break;
    case BPF_CORE_FIELD_RSHIFT_U64:
      val = 64 - bitSz;
      validate = true;
      break;
    default:
      fail(`unsupported CO-RE field relocation kind ${kind}`, 'EOPNOTSUPP');
  }
  return { val: BigInt(val), size, typeId, validate };
}

/** bpf_core_calc_type_relo */
function calcTypeRelo(kind: number, spec: Spec | undefined): bigint {
  if (!spec) return 0n;
  switch (kind) {
    case BPF_CORE_TYPE_ID_TARGET: case BPF_CORE_TYPE_ID_LOCAL: return BigInt(spec.rootTypeId);
    case BPF_CORE_TYPE_EXISTS: case BPF_CORE_TYPE_MATCHES: return 1n;
    case BPF_CORE_TYPE_SIZE: return BigInt(spec.btf.sizeof(spec.rootTypeId));
    default: return fail(`unsupported CO-RE type relocation kind ${kind}`, 'EOPNOTSUPP');
  }
}

/** bpf_core_calc_enumval_relo */
function calcEnumRelo(kind: number, spec: Spec | undefined): bigint {
  if (kind === BPF_CORE_ENUMVAL_EXISTS) return spec ? 1n : 0n;
  if (!spec) throw new Poison();
  const acc = spec.accessors[0]!;
  const t = spec.btf.types[acc.typeId];
  if (!t || (t.kind !== BTF_KIND_ENUM && t.kind !== BTF_KIND_ENUM64)) fail('CO-RE: enum accessor on a non-enum');
  return BigInt.asUintN(64, BigInt(t.values[acc.idx]!.value));
}

/** bpf_core_calc_relo */
function calcRelo(kind: number, local: Spec, targ: Spec | undefined, bigEndian: boolean): CoreReloResult {
  const res: CoreReloResult = { origVal: 0n, newVal: 0n, poison: false, validate: true, origSize: 0, newSize: 0, origTypeId: 0, newTypeId: 0, failMemszAdjust: false };
  try {
    if (isFieldBased(kind)) {
      const o = calcFieldRelo(kind, local, bigEndian);
      res.origVal = o.val; res.origSize = o.size; res.origTypeId = o.typeId; res.validate = o.validate;
      const n = calcFieldRelo(kind, targ, bigEndian);
      res.newVal = n.val; res.newSize = n.size; res.newTypeId = n.typeId;
      if (res.origSize !== res.newSize && targ) {
        const ot = local.btf.types[res.origTypeId];
        const nt = targ.btf.types[res.newTypeId];
        const unsignedInt = (x: BtfType | undefined) => !!x && x.kind === BTF_KIND_INT && !(x.encoding & BTF_INT_SIGNED);
        const ptrs = ot?.kind === BTF_KIND_PTR && nt?.kind === BTF_KIND_PTR;
        if (!ptrs && !(unsignedInt(ot) && unsignedInt(nt))) res.failMemszAdjust = true;
      }
    } else if (isTypeBased(kind)) {
      res.origVal = calcTypeRelo(kind, local);
      res.newVal = calcTypeRelo(kind, targ);
      // bpf_core_calc_type_relo: a type id in the instruction may have changed when objects were
      // linked (bpftool gen object renumbers BTF), so libbpf does not check it against the local one
      if (kind === BPF_CORE_TYPE_ID_TARGET) res.validate = false;
    } else if (isEnumvalBased(kind)) {
      res.origVal = calcEnumRelo(kind, local);
      res.newVal = calcEnumRelo(kind, targ);
    } else {
      fail(`unknown CO-RE relocation kind ${kind}`, 'EOPNOTSUPP');
    }
  } catch (e) {
    if (e instanceof Poison) res.poison = true;
    else throw e;
  }
  return res;
}

/** index of target candidates by essential name (bpf_core_find_cands), built once per target */
const candIndex = new WeakMap<Btf, Map<string, number[]>>();
function candidates(target: Btf, local: BtfType): number[] {
  let idx = candIndex.get(target);
  if (!idx) {
    idx = new Map();
    // split BTF (a module's) shares its base's ids: only its own types are its candidates
    for (let id = target.base ? target.startId : 1; id < target.typeCount; id++) {
      const t = target.types[id]!;
      if (!t.name) continue;
      const k = essentialName(t.name);
      const l = idx.get(k);
      if (l) l.push(id);
      else idx.set(k, [id]);
    }
    candIndex.set(target, idx);
  }
  const want = essentialName(local.name);
  return (idx.get(want) ?? []).filter((id) => {
    const t = target.types[id]!;
    return t.kind === local.kind || (isAnyEnum(t) && isAnyEnum(local));
  });
}

/**
 * The candidates of a local type (libbpf bpf_core_find_cands): those of the kernel's BTF; only
 * when it has none, those of the modules' split BTF (their own types, not the shared base), where
 * types of loadable modules live.
 */
function candidatesIn(target: Btf, modules: readonly Btf[], local: BtfType): { btf: Btf; id: number }[] {
  const main = candidates(target, local).map((id) => ({ btf: target, id }));
  if (main.length) return main;
  return modules.flatMap((m) => candidates(m, local).map((id) => ({ btf: m, id })));
}

/** compute the result of one relocation (bpf_core_calc_relo_insn); `modules`: module BTFs split on `target` */
export function calcCoreRelo(local: Btf, target: Btf, relo: CoreRelo, bigEndian = local.bigEndian, modules: readonly Btf[] = []): CoreReloResult {
  steps = 0;
  const lt = local.types[relo.typeId];
  if (!lt) fail(`CO-RE relocation refers to local type ${relo.typeId}, which does not exist`);
  const kname = CORE_RELO_KIND_NAMES[relo.kind] ?? `kind ${relo.kind}`;
  const lspec = parseSpec(local, relo.typeId, relo.accessStr, relo.kind);
  if (relo.kind === BPF_CORE_TYPE_ID_LOCAL) {
    const v = BigInt(relo.typeId);
    return { origVal: v, newVal: v, poison: false, validate: false, origSize: 0, newSize: 0, origTypeId: 0, newTypeId: 0, failMemszAdjust: false };
  }
  if (!lt.name) fail(`CO-RE ${kname} relocation of anonymous ${kindName(lt.kind)} [${relo.typeId}] is not supported`, 'EOPNOTSUPP');
  let res: CoreReloResult | undefined;
  let resSpec: Spec | undefined;
  for (const { btf: cbtf, id: cid } of candidatesIn(target, modules, lt)) {
    const cspec = specMatch(lspec, relo.kind, cbtf, cid);
    if (!cspec) continue;
    const cres = calcRelo(relo.kind, lspec, cspec, bigEndian);
    if (!res || !resSpec) {
      res = cres;
      resSpec = cspec;
    } else if (cspec.bitOffset !== resSpec.bitOffset) {
      fail(`CO-RE ${kname} relocation of '${lt.name}' (${relo.accessStr}): field offset ambiguity: ${resSpec.bitOffset} != ${cspec.bitOffset}`);
    } else if (cres.poison !== res.poison || cres.newVal !== res.newVal) {
      fail(`CO-RE ${kname} relocation of '${lt.name}' (${relo.accessStr}): relocation decision ambiguity: ${res.newVal} != ${cres.newVal} (target types [${resSpec.rootTypeId}] and [${cid}])`);
    }
  }
  return res ?? calcRelo(relo.kind, lspec, undefined, bigEndian);
}

function poisonInsn(): Instruction {
  return { code: BPF_JMP | BPF_CALL, dst: 0, src: 0, off: 0, imm: CORE_POISON_IMM, imm2: 0 };
}

function sizeCode(bytes: number): number {
  switch (bytes) {
    case 1: return BPF_B;
    case 2: return BPF_H;
    case 4: return BPF_W;
    case 8: return BPF_DW;
    default: return -1;
  }
}

/**
 * bpf_core_patch_insn: rewrite insns[index] (which sits at slot `slot`) with the result.
 * Poisoning an lddw replaces it by two poisoned calls, keeping the slot count.
 */
export function patchCoreInsn(insns: Instruction[], index: number, res: CoreReloResult, what: string): void {
  const insn = insns[index]!;
  if (res.poison) {
    if (insn.code === LDDW) insns.splice(index, 1, poisonInsn(), poisonInsn());
    else insns[index] = poisonInsn();
    return;
  }
  const cls = BPF_CLASS(insn.code);
  const orig = res.origVal;
  const nv = res.newVal;
  if (cls === BPF_ALU || cls === BPF_ALU64) {
    if (BPF_SRC(insn.code) !== BPF_K) fail(`${what}: CO-RE relocation on an ALU instruction with a register source`);
    if (res.validate && BigInt(insn.imm) !== BigInt.asIntN(32, orig) && BigInt(insn.imm >>> 0) !== orig) {
      fail(`${what}: unexpected insn imm ${insn.imm}, expected ${orig}`);
    }
    if (nv > 0xffffffffn) fail(`${what}: CO-RE value ${nv} does not fit in a 32-bit immediate`, 'E2BIG');
    insns[index] = { ...insn, imm: Number(BigInt.asIntN(32, nv)) };
    return;
  }
  if (cls === BPF_LDX || cls === BPF_ST || cls === BPF_STX) {
    if (res.validate && BigInt(insn.off) !== orig) fail(`${what}: unexpected insn offset ${insn.off}, expected ${orig}`);
    if (nv > 32767n) fail(`${what}: insn offset ${nv} is too big`, 'E2BIG');
    if (res.failMemszAdjust) fail(`${what}: unexpected mem size ${res.origSize} -> ${res.newSize}: the field's type changed in a way a load can't follow`);
    let code = insn.code;
    // libbpf resizes the access only when the field's size changed (bpf_core_patch_insn:
    // `res->new_sz != res->orig_sz`): an access into an array or struct field (struct_ops'
    // inet_csk_ca(sk), 104 bytes both sides) keeps its own width
    if (res.newSize !== res.origSize) {
      if (sizeBytes(insn.code) !== res.origSize) fail(`${what}: unexpected mem size: got ${sizeBytes(insn.code)}, exp ${res.origSize}`);
      const sc = sizeCode(res.newSize);
      if (sc < 0) fail(`${what}: invalid new mem size: ${res.newSize}`);
      code = BPF_MODE(insn.code) | sc | BPF_CLASS(insn.code);
    }
    insns[index] = { ...insn, code, off: Number(nv) };
    return;
  }
  if (insn.code === LDDW) {
    const imm = (BigInt(insn.imm2 >>> 0) << 32n) | BigInt(insn.imm >>> 0);
    if (res.validate && imm !== orig) fail(`${what}: unexpected ldimm64 value ${imm}, expected ${orig}`);
    insns[index] = { ...insn, imm: Number(BigInt.asIntN(32, nv & 0xffffffffn)), imm2: Number(BigInt.asIntN(32, nv >> 32n)) };
    return;
  }
  fail(`${what}: trying to relocate unrecognized instruction (opcode 0x${insn.code.toString(16)})`);
}

export interface ApplyCoreResult {
  insns: Instruction[];
  /** one entry per relocation, in order */
  results: { relo: CoreRelo; result: CoreReloResult }[];
}

/**
 * Apply CO-RE relocations to a program's instructions (returns a patched copy). `local` is the
 * object's BTF, `target` the kernel's (or any) BTF. Errors carry the relocation's slot index.
 */
export function applyCoreRelocations(insns: readonly Instruction[], relos: readonly CoreRelo[], local: Btf, target: Btf, opts: { program?: string; file?: string; section?: string; modules?: readonly Btf[] } = {}): ApplyCoreResult {
  const out = insns.map((i) => ({ ...i }));
  const results: ApplyCoreResult['results'] = [];
  // instruction index of each slot (lddw covers two); rebuilt only when poisoning splits an lddw
  const indexOfSlot = (): Int32Array => {
    let slots = 0;
    for (const i of out) slots += i.code === LDDW ? 2 : 1;
    const m = new Int32Array(slots).fill(-1);
    let slot = 0;
    out.forEach((i, k) => {
      m[slot] = k;
      slot += i.code === LDDW ? 2 : 1;
    });
    return m;
  };
  let bySlot = indexOfSlot();
  for (const relo of relos) {
    const index = relo.insn >= 0 && relo.insn < bySlot.length ? bySlot[relo.insn]! : -1;
    const kname = CORE_RELO_KIND_NAMES[relo.kind] ?? `kind ${relo.kind}`;
    const what = `${opts.program ? `prog '${opts.program}': ` : ''}CO-RE ${kname} relocation at insn ${relo.insn}`;
    try {
      if (index < 0) fail(`${what}: no instruction starts at that slot`);
      const result = calcCoreRelo(local, target, relo, local.bigEndian, opts.modules);
      const before = out.length;
      patchCoreInsn(out, index, result, what);
      if (out.length !== before) bySlot = indexOfSlot();
      results.push({ relo, result });
    } catch (e) {
      if (e instanceof BpfError) {
        const reason = e.reason.startsWith(what) ? e.reason : `${what}: ${e.reason}`;
        throw new BpfError(e.errno, reason, { file: opts.file, section: opts.section, insn: relo.insn });
      }
      throw e;
    }
  }
  return { insns: out, results };
}
