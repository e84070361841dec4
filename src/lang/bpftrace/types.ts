/**
 * Types of bpftrace values (bpftrace src/types.h SizedType: integers, strings, buffers, pointers
 * to C types, records, tuples, aggregations and the resolved-in-user-space kinds ksym/usym/
 * kstack/ustack/inet/probe/username/timestamp) and the C types behind pointers: from the
 * kernel's BTF (struct task_struct) or from a tracepoint's format file (args->filename).
 */
import type { LazyBtf } from '../../btf/lazy.js';
import * as K from '../../btf/types.js';
import type { TracepointFormat } from '../../kernel/tracefs.js';

/** a C type as member access and casts need it */
export interface CType {
  kind: 'int' | 'ptr' | 'struct' | 'union' | 'array' | 'enum' | 'void' | 'func' | 'float';
  /** C spelling: `struct task_struct`, `int`, `char` */
  name: string;
  size: number;
  signed?: boolean;
  /** ptr and array element */
  elem?: CType;
  len?: number;
  /** struct/union members, computed on demand */
  members?: () => CMember[];
}

export interface CMember {
  name: string;
  /** byte offset */
  offset: number;
  type: CType;
  /** bitfields: bit offset inside the byte at `offset` and width */
  bitShift?: number;
  bitSize?: number;
}

export type AggFn = 'count' | 'sum' | 'avg' | 'min' | 'max' | 'stats' | 'hist' | 'lhist';

export type Ty =
  | { t: 'int'; size: 1 | 2 | 4 | 8; signed: boolean }
  | { t: 'str'; size: number }
  | { t: 'buf'; size: number }
  | { t: 'none' }
  /** a pointer to C memory; `ctx`: the program's context (tracepoint args, read directly) */
  | { t: 'ptr'; to: CType; ctx?: boolean; user?: boolean }
  /** a struct/union/array living at an address held in a register (the result of `p->member` when the member is not scalar) */
  | { t: 'record'; ct: CType; ctx?: boolean; user?: boolean }
  | { t: 'tuple'; elems: Ty[]; offsets: number[]; size: number }
  | { t: 'agg'; fn: AggFn; signed: boolean; lhist?: [number, number, number] }
  | { t: 'ksym' } | { t: 'usym' } | { t: 'probe' } | { t: 'username' }
  /** kstack/ustack: `perf` mode prints each frame's address too; `limit` frames at most (bpftrace's StackType) */
  | { t: 'kstack'; perf?: boolean; limit?: number } | { t: 'ustack'; perf?: boolean; limit?: number }
  | { t: 'inet' }
  /** strftime(fmt, ns): nanoseconds since boot, formatted in user space */
  | { t: 'timestamp'; fmt: string }
  /** macaddr(): six bytes printed as `AA:BB:CC:DD:EE:FF`; strerror(): an errno printed as its text */
  | { t: 'macaddr' } | { t: 'strerror' }
  /** pton(): an address's bytes (uint8[4] or uint8[16]) on the stack */
  | { t: 'bytes'; size: number }
  /** cgroup_path(id [, filter]): a cgroup id resolved to its paths in user space */
  | { t: 'cgroup_path'; filter: string };

export const INT64: Ty = { t: 'int', size: 8, signed: true };
export const UINT64: Ty = { t: 'int', size: 8, signed: false };
export const NONE: Ty = { t: 'none' };

/** the bytes a value of this type takes in a map key/value or an event */
export function sizeOf(ty: Ty): number {
  switch (ty.t) {
    case 'int': return ty.size;
    case 'str': return ty.size;
    case 'buf': return ty.size + 1;
    case 'ptr': case 'ksym': case 'probe': case 'username': case 'kstack': return 8;
    case 'usym': case 'ustack': return 16;
    case 'inet': return 24;
    case 'timestamp': case 'strerror': case 'cgroup_path': return 8;
    case 'macaddr': return 6;
    case 'bytes': return ty.size;
    case 'tuple': return ty.size;
    case 'record': return ty.ct.size;
    case 'agg': return 8;
    case 'none': return 0;
  }
}

/** values are kept 8-byte wide in keys/events, as bpftrace does for integers */
export function slotSize(ty: Ty): number {
  if (ty.t === 'int') return 8;
  return (sizeOf(ty) + 7) & ~7;
}

/** bpftrace's name of a type, as its errors print it: int64, uint8, string[16], struct task_struct * */
export function tyName(ty: Ty): string {
  switch (ty.t) {
    case 'int': return `${ty.signed ? '' : 'u'}int${ty.size * 8}`;
    case 'str': return `string[${ty.size}]`;
    case 'buf': return `buffer[${ty.size}]`;
    case 'ptr': return `${ty.to.name} *`;
    case 'record': return ty.ct.name;
    case 'tuple': return `(${ty.elems.map(tyName).join(',')})`;
    case 'agg': return ty.fn === 'count' ? 'count' : `${ty.fn}`;
    case 'none': return 'none';
    case 'bytes': return `uint8[${ty.size}]`;
    default: return ty.t;
  }
}

export function isInt(ty: Ty): boolean {
  return ty.t === 'int' || ty.t === 'ptr';
}

export function tupleOf(elems: Ty[]): Ty {
  const offsets: number[] = [];
  let off = 0;
  for (const e of elems) {
    offsets.push(off);
    off += slotSize(e);
  }
  return { t: 'tuple', elems, offsets, size: off };
}

const VOID: CType = { kind: 'void', name: 'void', size: 0 };
export const CHAR: CType = { kind: 'int', name: 'char', size: 1, signed: true };

export function cInt(size: number, signed: boolean, name?: string): CType {
  return { kind: 'int', name: name ?? `${signed ? '' : 'u'}int${size * 8}`, size, signed };
}
export function cPtr(elem: CType): CType {
  return { kind: 'ptr', name: `${elem.name} *`, size: 8, elem };
}

/** the Ty of a value read out of memory of C type `ct` (integers widen to 64 bits when used) */
export function tyOfC(ct: CType, from: { ctx?: boolean; user?: boolean } = {}): Ty {
  switch (ct.kind) {
    case 'int': case 'enum': return { t: 'int', size: (ct.size === 1 || ct.size === 2 || ct.size === 4 ? ct.size : 8) as 1 | 2 | 4 | 8, signed: !!ct.signed };
    case 'ptr': return { t: 'ptr', to: ct.elem ?? VOID, user: from.user };
    case 'array':
      if (ct.elem && ct.elem.kind === 'int' && ct.elem.size === 1) return { t: 'str', size: ct.len ?? 0 };
      return { t: 'record', ct, ctx: from.ctx, user: from.user };
    case 'struct': case 'union': return { t: 'record', ct, ctx: from.ctx, user: from.user };
    default: return { t: 'int', size: 8, signed: false };
  }
}

/** C types from the kernel's BTF, memoised by id */
export class BtfTypes {
  private memo = new Map<number, CType>();
  constructor(readonly btf: LazyBtf) {}

  byName(name: string): CType | undefined {
    const m = name.match(/^(struct|union|enum)\s+(\w+)$/);
    if (m) {
      const kind = m[1] === 'struct' ? K.BTF_KIND_STRUCT : m[1] === 'union' ? K.BTF_KIND_UNION : K.BTF_KIND_ENUM;
      const t = this.btf.find(m[2]!, kind);
      return t ? this.of(t.id) : undefined;
    }
    for (const id of this.btf.idsByName(name)) {
      const t = this.btf.type(id);
      if (t.kind === K.BTF_KIND_TYPEDEF || t.kind === K.BTF_KIND_INT || t.kind === K.BTF_KIND_STRUCT) return this.of(id);
    }
    return undefined;
  }

  /** an enum constant (enumerators are how scripts name kernel constants: SKB_DROP_REASON_NOT_SPECIFIED) */
  enumValue(name: string): bigint | undefined {
    for (const id of this.btf.idsByName(name)) void id;
    // enumerator names are not type names: scan enums whose values carry it
    for (const id of this.enumIds()) {
      const t = this.btf.type(id);
      if (t.kind === K.BTF_KIND_ENUM || t.kind === K.BTF_KIND_ENUM64) {
        for (const v of t.values) if (v.name === name) return BigInt(v.value);
      }
    }
    return undefined;
  }
  private enums: number[] | undefined;
  private enumIds(): number[] {
    this.enums ??= [...this.btf.idsOfKind(K.BTF_KIND_ENUM), ...this.btf.idsOfKind(K.BTF_KIND_ENUM64)];
    return this.enums;
  }

  of(id: number): CType {
    if (id === 0) return VOID;
    const hit = this.memo.get(id);
    if (hit) return hit;
    const t = this.btf.type(id);
    let ct: CType;
    switch (t.kind) {
      case K.BTF_KIND_INT: ct = { kind: 'int', name: t.name, size: t.size, signed: (t.encoding & K.BTF_INT_SIGNED) !== 0 || t.name === 'char' }; break;
      case K.BTF_KIND_PTR: {
        const p: CType = { kind: 'ptr', name: '', size: 8 };
        this.memo.set(id, p);
        p.elem = this.of(t.type);
        p.name = `${p.elem.name} *`;
        return p;
      }
      case K.BTF_KIND_ARRAY: {
        const e = this.of(t.type);
        ct = { kind: 'array', name: `${e.name}[${t.nelems}]`, size: e.size * t.nelems, elem: e, len: t.nelems };
        break;
      }
      case K.BTF_KIND_STRUCT: case K.BTF_KIND_UNION: {
        const kw = t.kind === K.BTF_KIND_STRUCT ? 'struct' : 'union';
        let members: CMember[] | undefined;
        ct = {
          kind: kw, name: `${kw} ${t.name}`, size: t.size,
          members: () => (members ??= t.members.map((m) => {
            const type = this.of(m.type);
            const cm: CMember = { name: m.name, offset: Math.floor(m.bitOffset / 8), type };
            if (m.bitfieldSize) {
              cm.bitShift = m.bitOffset % 8;
              cm.bitSize = m.bitfieldSize;
            }
            return cm;
          })),
        };
        break;
      }
      case K.BTF_KIND_ENUM: case K.BTF_KIND_ENUM64: ct = { kind: 'enum', name: `enum ${t.name}`, size: t.size, signed: t.signed }; break;
      case K.BTF_KIND_FWD: ct = { kind: t.union ? 'union' : 'struct', name: `${t.union ? 'union' : 'struct'} ${t.name}`, size: 0, members: () => [] }; break;
      case K.BTF_KIND_TYPEDEF: {
        const under = this.of(t.type);
        ct = { ...under };
        if (under.kind === 'int') ct.name = t.name;
        break;
      }
      case K.BTF_KIND_CONST: case K.BTF_KIND_VOLATILE: case K.BTF_KIND_RESTRICT: case K.BTF_KIND_TYPE_TAG:
        return this.of(t.type);
      case K.BTF_KIND_FUNC_PROTO: ct = { kind: 'func', name: 'func', size: 8 }; break;
      case K.BTF_KIND_FLOAT: ct = { kind: 'float', name: t.name, size: t.size }; break;
      default: ct = VOID;
    }
    this.memo.set(id, ct);
    return ct;
  }
}

/**
 * The C type of a tracepoint field: the format file gives size and signedness; pointers to
 * structs are resolved through BTF when it is there (args->rqtp->tv_sec).
 */
export function tpFieldType(f: { type: string; size: number; signed: boolean; arrayLen?: number }, btf?: () => BtfTypes | undefined): CType {
  let t = f.type.replace(/\b(const|volatile|__user)\b/g, '').replace(/\s+/g, ' ').trim();
  if (f.arrayLen !== undefined) {
    t = t.replace(/\[\d*\]$/, '').trim();
    const esize = f.arrayLen ? f.size / f.arrayLen : 1;
    const elem = t === 'char' ? CHAR : cInt(esize, f.signed, t);
    return { kind: 'array', name: `${t}[${f.arrayLen}]`, size: f.size, elem, len: f.arrayLen };
  }
  if (t.endsWith('*')) {
    const inner = t.slice(0, -1).trim();
    if (inner.endsWith('*')) return cPtr(cPtr(inner.startsWith('char') ? CHAR : VOID));
    if (inner === 'char' || inner === 'unsigned char') return cPtr(CHAR);
    if (inner === 'void') return cPtr(VOID);
    if (!/^(struct|union) /.test(inner)) return cPtr(cInt(8, false, inner));
    // the pointee's layout comes from BTF when the script first reads a member through it
    let resolved: CType | undefined | null = null;
    const get = (): CType | undefined => (resolved === null ? (resolved = btf?.()?.byName(inner)) : resolved);
    return cPtr({ kind: inner.startsWith('union') ? 'union' : 'struct', name: inner, get size() { return get()?.size ?? 0; }, members: () => get()?.members?.() ?? [] });
  }
  return cInt(f.size, f.signed, t);
}

/** the record type of a tracepoint's args: `struct _tracepoint_CAT_NAME` (bpftrace's name for it) */
export function tpArgsType(fmt: TracepointFormat, btf?: () => BtfTypes | undefined): CType {
  const fields = fmt.fields.filter((f) => !f.common);
  const size = fmt.fields.reduce((m, f) => Math.max(m, f.offset + f.size), 0);
  let members: CMember[] | undefined;
  return {
    kind: 'struct', name: `struct _tracepoint_${fmt.category}_${fmt.name}`, size,
    members: () => (members ??= fields.map((f) => {
      if (f.dataLoc) return { name: f.name, offset: f.offset, type: { kind: 'array', name: 'data_loc', size: 4, elem: CHAR, len: -1 } as CType };
      return { name: f.name, offset: f.offset, type: tpFieldType(f, btf) };
    })),
  };
}

/** find a member by name, looking through anonymous struct/union members as C does */
export function findMember(ct: CType, name: string): CMember | undefined {
  for (const m of ct.members?.() ?? []) {
    if (m.name === name) return m;
    if (m.name === '' && (m.type.kind === 'struct' || m.type.kind === 'union')) {
      const inner = findMember(m.type, name);
      if (inner) return { ...inner, offset: inner.offset + m.offset };
    }
  }
  return undefined;
}
