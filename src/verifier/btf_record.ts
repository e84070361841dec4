/**
 * The special fields of a map value or of a program's own (local) struct, as kernel/bpf/btf.c
 * btf_parse_fields / btf_find_field finds them: `struct bpf_spin_lock`, `bpf_timer`, `bpf_wq`,
 * `bpf_refcount`, `bpf_list_head` / `bpf_rb_root` (graph roots, whose element type and node member
 * come from a `contains:TYPE:NODE` decl tag), `bpf_list_node` / `bpf_rb_node` (graph nodes), and
 * `__kptr` / `__kptr_untrusted` / `__percpu_kptr` pointers (type tags "kptr", "kptr_untrusted",
 * "percpu_kptr"). Nested structs and arrays of them are entered (btf_find_nested_struct, the
 * `nelems` repeat of btf_find_struct_field). The record is what reg_btf_record() gives the
 * verifier (struct btf_record: fields sorted by offset, spin_lock_off, refcount_off).
 */
import {
  BTF_KIND_ARRAY, BTF_KIND_DATASEC, BTF_KIND_DECL_TAG, BTF_KIND_PTR, BTF_KIND_STRUCT, BTF_KIND_TYPE_TAG, BTF_KIND_UNION, BTF_KIND_VAR,
  BTF_KIND_TYPEDEF, BTF_KIND_CONST, BTF_KIND_VOLATILE, BTF_KIND_RESTRICT, type BtfType,
} from '../btf/types.js';
import type { BtfTypes, VerifierMap } from './types.js';
import { skipMods, sizeofType } from './btf_id.js';

/** enum btf_field_type, by btf_field_type_name */
export type FieldKind = 'bpf_spin_lock' | 'bpf_timer' | 'bpf_wq' | 'bpf_refcount' | 'bpf_list_head' | 'bpf_list_node' | 'bpf_rb_root' | 'bpf_rb_node'
  | 'kptr_unref' | 'kptr_ref' | 'kptr_percpu';

/** struct btf_field_graph_root: what a list head or rbtree root holds */
export interface GraphRoot {
  btf: BtfTypes;
  /** the element struct (contains:NAME) */
  valueBtfId: number;
  valueName: string;
  /** offset of the node member (contains:NAME:NODE) in the element */
  nodeOffset: number;
}

/** struct btf_field_kptr: the pointee of a kptr field, in the kernel's BTF or the program's own */
export interface KptrTarget {
  btf: BtfTypes;
  btfId: number;
  kernel: boolean;
}

export interface BtfField {
  kind: FieldKind;
  off: number;
  size: number;
  graph?: GraphRoot;
  kptr?: KptrTarget;
}

export interface BtfRecord {
  fields: BtfField[];
  /** -1 when there is none */
  spinLockOff: number;
  refcountOff: number;
  /** rec->timer_off, rec->wq_off: the value's one `struct bpf_timer` / `struct bpf_wq`, -1 when none */
  timerOff: number;
  wqOff: number;
}

/** the special structs and their sizes (include/uapi/linux/bpf.h): btf_find_struct ignores a struct of another size */
const SPECIAL: ReadonlyMap<string, number> = new Map([
  ['bpf_spin_lock', 4], ['bpf_timer', 16], ['bpf_wq', 16], ['bpf_refcount', 4], ['bpf_list_head', 16], ['bpf_list_node', 24], ['bpf_rb_root', 16], ['bpf_rb_node', 32],
]);
const KPTR_TAGS: Record<string, FieldKind> = { kptr_untrusted: 'kptr_unref', kptr: 'kptr_ref', percpu_kptr: 'kptr_percpu' };

/** btf_field_type_name: the name messages use ("kptr" for every kptr kind) */
export function fieldTypeName(k: FieldKind): string {
  return k.startsWith('kptr') ? 'kptr' : k;
}
export const isKptr = (k: FieldKind): boolean => k === 'kptr_unref' || k === 'kptr_ref' || k === 'kptr_percpu';
export const isGraphNode = (k: FieldKind): boolean => k === 'bpf_list_node' || k === 'bpf_rb_node';

/** a field or record the kernel refuses when it loads the BTF (btf_parse_fields errors) */
export class RecordError extends Error {
  /** -E2BIG from btf_find_field (more than BTF_FIELDS_MAX fields): a map then gets no record at all */
  e2big = false;
}

/** decl tags by (target type id, component index) of one BTF (the `contains:` tags) */
const TAGS = new WeakMap<object, Map<string, string[]>>();
function declTags(btf: BtfTypes, id: number, idx: number): string[] {
  let m = TAGS.get(btf);
  if (!m) {
    m = new Map();
    const types = (btf as { types?: readonly (BtfType | undefined)[] }).types ?? [];
    for (const t of types) {
      if (!t || t.kind !== BTF_KIND_DECL_TAG) continue;
      const k = `${t.type}:${t.componentIdx}`;
      const l = m.get(k) ?? [];
      l.push(t.name);
      m.set(k, l);
    }
    TAGS.set(btf, m);
  }
  return m.get(`${id}:${idx}`) ?? [];
}

/** the type tag right after a pointer (kptr, kptr_untrusted, percpu_kptr), and the pointee */
function ptrTag(btf: BtfTypes, ptrTarget: number): { tag: string; pointee: number } {
  let tag = '';
  let id = ptrTarget;
  for (let d = 0; d < 32 && id; d++) {
    const t = btf.type(id);
    if (t.kind === BTF_KIND_TYPE_TAG) { if (!tag) tag = t.name; id = t.type; continue; }
    if (t.kind === BTF_KIND_TYPEDEF || t.kind === BTF_KIND_CONST || t.kind === BTF_KIND_VOLATILE || t.kind === BTF_KIND_RESTRICT) { id = t.type; continue; }
    break;
  }
  return { tag, pointee: id };
}

interface ParseCtx {
  btf: BtfTypes;
  kernelBtf: () => BtfTypes | undefined;
  out: BtfField[];
}

/** btf_find_field for one member (or variable) of type `typeId` at byte offset `off` */
function memberFields(c: ParseCtx, typeId: number, off: number, tags: string[], depth: number): void {
  if (depth > 8) return;
  const id = skipMods(c.btf, typeId);
  if (!id) return;
  const t = c.btf.type(id);
  if (t.kind === BTF_KIND_STRUCT && SPECIAL.has(t.name)) {
    if (SPECIAL.get(t.name) !== t.size) return;
    const kind = t.name as FieldKind;
    const f: BtfField = { kind, off, size: t.size };
    if (kind === 'bpf_list_head' || kind === 'bpf_rb_root') f.graph = graphRoot(c.btf, kind, tags);
    c.out.push(f);
    return;
  }
  if (t.kind === BTF_KIND_PTR) {
    const { tag, pointee } = ptrTag(c.btf, t.type);
    const kind = KPTR_TAGS[tag];
    if (!kind) return;
    c.out.push({ kind, off, size: 8, kptr: kptrTarget(c, pointee, kind) });
    return;
  }
  if (t.kind === BTF_KIND_ARRAY) {
    const esz = sizeofType(c.btf, t.type);
    const before = c.out.length;
    memberFields(c, t.type, off, tags, depth + 1);
    const one = c.out.slice(before);
    // the `nelems` repeat of btf_find_struct_field: every element's fields
    for (let k = 1; one.length && k < t.nelems; k++) for (const f of one) c.out.push({ ...f, off: f.off + k * esz });
    return;
  }
  if (t.kind === BTF_KIND_STRUCT || t.kind === BTF_KIND_UNION) {
    // btf_find_nested_struct: the fields of a struct member count as the outer struct's
    t.members.forEach((m, i) => memberFields(c, m.type, off + m.bitOffset / 8, declTags(c.btf, id, i), depth + 1));
  }
}

/** btf_parse_graph_root: `contains:NAME:NODE` names the element struct and its node member */
function graphRoot(btf: BtfTypes, kind: FieldKind, tags: string[]): GraphRoot {
  const tag = tags.find((s) => s.startsWith('contains:'));
  if (!tag) throw new RecordError(`${kind} has no 'contains:' declaration tag naming its element type`);
  const [, vname = '', nname = ''] = tag.split(':');
  const v = btf.find(vname, BTF_KIND_STRUCT);
  if (!v || v.kind !== BTF_KIND_STRUCT) throw new RecordError(`${kind} contains '${vname}', which is not a struct in the program's BTF`);
  const want = kind === 'bpf_list_head' ? 'bpf_list_node' : 'bpf_rb_node';
  const m = v.members.find((x) => x.name === nname);
  const mt = m ? btf.type(skipMods(btf, m.type)) : undefined;
  if (!m || !mt || mt.name !== want) throw new RecordError(`${kind} contains '${vname}:${nname}', but struct ${vname} has no ${want} member named '${nname}'`);
  return { btf, valueBtfId: v.id, valueName: vname, nodeOffset: m.bitOffset / 8 };
}

/**
 * btf_parse_kptr: the pointee is looked up in the kernel's BTF first; a referenced or per-CPU
 * kptr to a type the kernel does not have is a local kptr (an object of bpf_obj_new)
 */
function kptrTarget(c: ParseCtx, pointee: number, kind: FieldKind): KptrTarget {
  const t = c.btf.type(pointee);
  if (t.kind !== BTF_KIND_STRUCT) throw new RecordError(`a ${tagOf(kind)} pointer must point to a struct`);
  const kb = c.kernelBtf();
  const k = kb?.find(t.name, BTF_KIND_STRUCT);
  if (k) return { btf: kb!, btfId: k.id, kernel: true };
  if (kind === 'kptr_unref') throw new RecordError(`kptr_untrusted pointee struct ${t.name} is not in the kernel's BTF`);
  return { btf: c.btf, btfId: pointee, kernel: false };
}
const tagOf = (k: FieldKind): string => Object.entries(KPTR_TAGS).find(([, v]) => v === k)?.[0] ?? k;

/** include/linux/bpf.h BTF_FIELDS_MAX: btf_parse_fields collects at most this many special fields */
const BTF_FIELDS_MAX = 11;

function finish(fields: BtfField[]): BtfRecord {
  // btf_find_field / btf_repeat_fields: more fields than info_arr holds is -E2BIG, and the map
  // gets no record (libbpf then creates a global data map without BTF: cpumask_failure.c's
  // 12-element kptr array "has no valid kptr")
  if (fields.length > BTF_FIELDS_MAX) {
    const e = new RecordError(`more than ${BTF_FIELDS_MAX} special fields (BTF_FIELDS_MAX) in one value`);
    e.e2big = true;
    throw e;
  }
  fields.sort((a, b) => a.off - b.off);
  const locks = fields.filter((f) => f.kind === 'bpf_spin_lock');
  const refs = fields.filter((f) => f.kind === 'bpf_refcount');
  if (locks.length > 1) throw new RecordError('a value may hold only one bpf_spin_lock');
  if (refs.length > 1) throw new RecordError('a value may hold only one bpf_refcount');
  // btf_get_field_type: a second bpf_timer or bpf_wq in a value is -E2BIG (seen_mask)
  const timers = fields.filter((f) => f.kind === 'bpf_timer');
  const wqs = fields.filter((f) => f.kind === 'bpf_wq');
  if (timers.length > 1) throw new RecordError('a value may hold only one bpf_timer');
  if (wqs.length > 1) throw new RecordError('a value may hold only one bpf_wq');
  const spinLockOff = locks[0]?.off ?? -1;
  // btf_parse_fields: bpf_list_head and bpf_rb_root need a bpf_spin_lock beside them
  if (spinLockOff < 0 && fields.some((f) => f.kind === 'bpf_list_head' || f.kind === 'bpf_rb_root')) {
    throw new RecordError('bpf_list_head and bpf_rb_root need a bpf_spin_lock in the same value');
  }
  return { fields, spinLockOff, refcountOff: refs[0]?.off ?? -1, timerOff: timers[0]?.off ?? -1, wqOff: wqs[0]?.off ?? -1 };
}

/** one record parse: `fill` walks the type's fields into the context; a failure is kept as the RecordError to throw */
function parseRecord(btf: BtfTypes, kernelBtf: () => BtfTypes | undefined, fill: (c: ParseCtx) => void): BtfRecord | RecordError | null {
  try {
    const c: ParseCtx = { btf, kernelBtf, out: [] };
    fill(c);
    return c.out.length ? finish(c.out) : null;
  } catch (e) {
    return e instanceof RecordError ? e : new RecordError((e as Error).message);
  }
}

const STRUCT_RECORDS = new WeakMap<object, Map<number, BtfRecord | RecordError | null>>();

/**
 * btf_find_struct_meta: the record of a program's struct (bpf_obj_new's types), null when it has
 * no special field; throws the RecordError the kernel's btf_parse_struct_metas would fail with
 */
export function structRecord(btf: BtfTypes, id: number, kernelBtf: () => BtfTypes | undefined): BtfRecord | null {
  let m = STRUCT_RECORDS.get(btf);
  if (!m) { m = new Map(); STRUCT_RECORDS.set(btf, m); }
  let r = m.get(id);
  if (r === undefined) {
    r = parseRecord(btf, kernelBtf, (c) => {
      const t = btf.type(skipMods(btf, id));
      if (t.kind === BTF_KIND_STRUCT) t.members.forEach((mm, i) => memberFields(c, mm.type, mm.bitOffset / 8, declTags(btf, t.id, i), 0));
    });
    m.set(id, r);
  }
  if (r instanceof RecordError) throw r;
  return r;
}

const MAP_RECORDS = new WeakMap<VerifierMap, BtfRecord | RecordError | null>();

/**
 * map->record: the special fields of a map's value type (a struct, or for global data the
 * section's DATASEC, whose variables sit where the ELF symbols say: libbpf btf_fixup_datasec)
 */
export function mapRecord(map: VerifierMap, kernelBtf: () => BtfTypes | undefined): BtfRecord | null {
  let r = MAP_RECORDS.get(map);
  if (r === undefined) {
    const btf = map.btf;
    const valueId = map.btfValueTypeId;
    r = !btf || !valueId ? null : parseRecord(btf, kernelBtf, (c) => {
      const id = skipMods(btf, valueId);
      const t = btf.type(id);
      if (t.kind === BTF_KIND_DATASEC) {
        for (const v of t.vars) {
          const vt = btf.type(v.type);
          if (vt.kind !== BTF_KIND_VAR) continue;
          const off = map.btfVarOffsets?.[vt.name] ?? v.offset;
          memberFields(c, vt.type, off, declTags(btf, v.type, -1), 0);
        }
      } else memberFields(c, id, 0, [], 0);
    });
    // map_check_btf keeps a map whose btf_parse_fields failed with -E2BIG, without a record
    if (r instanceof RecordError && r.e2big) r = null;
    MAP_RECORDS.set(map, r);
  }
  if (r instanceof RecordError) throw r;
  return r;
}

/** btf_record_find: the field of one of `kinds` that starts at `off` */
export function recordFind(rec: BtfRecord | null, off: number, pred: (k: FieldKind) => boolean): BtfField | undefined {
  return rec?.fields.find((f) => f.off === off && pred(f.kind));
}

/** the first field [off, off + size) overlaps */
export function recordOverlap(rec: BtfRecord | null, lo: number, hi: number): BtfField | undefined {
  return rec?.fields.find((f) => lo < f.off + f.size && f.off < hi);
}
