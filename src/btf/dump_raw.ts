/**
 * `bpftool btf dump file X format raw`: one line per type (and one indented line per
 * member/value/param/var), in exactly bpftool's text (tools/bpf/bpftool/btf.c dump_btf_type).
 */
import type { Btf } from './btf.js';
import {
  BTF_FUNC_EXTERN, BTF_FUNC_GLOBAL, BTF_FUNC_STATIC, BTF_INT_BOOL, BTF_INT_CHAR, BTF_INT_SIGNED, BTF_KIND_ARRAY,
  BTF_KIND_CONST, BTF_KIND_DATASEC, BTF_KIND_DECL_TAG, BTF_KIND_ENUM, BTF_KIND_ENUM64, BTF_KIND_FLOAT, BTF_KIND_FUNC,
  BTF_KIND_FUNC_PROTO, BTF_KIND_FWD, BTF_KIND_INT, BTF_KIND_PTR, BTF_KIND_RESTRICT, BTF_KIND_STRUCT, BTF_KIND_TYPEDEF,
  BTF_KIND_TYPE_TAG, BTF_KIND_UNION, BTF_KIND_VAR, BTF_KIND_VOLATILE, BTF_VAR_GLOBAL_ALLOCATED, BTF_VAR_GLOBAL_EXTERN,
  BTF_VAR_STATIC, kindName, type BtfType,
} from './types.js';

function intEncoding(enc: number): string {
  switch (enc) {
    case 0: return '(none)';
    case BTF_INT_SIGNED: return 'SIGNED';
    case BTF_INT_CHAR: return 'CHAR';
    case BTF_INT_BOOL: return 'BOOL';
    default: return 'UNKN';
  }
}

function varLinkage(l: number): string {
  switch (l) {
    case BTF_VAR_STATIC: return 'static';
    case BTF_VAR_GLOBAL_ALLOCATED: return 'global';
    case BTF_VAR_GLOBAL_EXTERN: return 'extern';
    default: return '(unknown)';
  }
}

function funcLinkage(l: number): string {
  switch (l) {
    case BTF_FUNC_STATIC: return 'static';
    case BTF_FUNC_GLOBAL: return 'global';
    case BTF_FUNC_EXTERN: return 'extern';
    default: return '(unknown)';
  }
}

const anon = (s: string) => (s === '' ? '(anon)' : s);

/** one type in bpftool's raw format, without the trailing newline */
export function dumpRawType(btf: Btf, t: BtfType): string {
  let s = `[${t.id}] ${kindName(t.kind)} '${anon(t.name)}'`;
  switch (t.kind) {
    case BTF_KIND_INT:
      s += ` size=${t.size} bits_offset=${t.bitsOffset} nr_bits=${t.bits} encoding=${intEncoding(t.encoding)}`;
      break;
    case BTF_KIND_PTR: case BTF_KIND_CONST: case BTF_KIND_VOLATILE: case BTF_KIND_RESTRICT: case BTF_KIND_TYPEDEF: case BTF_KIND_TYPE_TAG:
      s += ` type_id=${t.type}`;
      break;
    case BTF_KIND_ARRAY:
      s += ` type_id=${t.type} index_type_id=${t.indexType} nr_elems=${t.nelems}`;
      break;
    case BTF_KIND_STRUCT: case BTF_KIND_UNION:
      s += ` size=${t.size} vlen=${t.members.length}`;
      for (const m of t.members) {
        s += `\n\t'${anon(m.name)}' type_id=${m.type} bits_offset=${m.bitOffset}`;
        if (m.bitfieldSize) s += ` bitfield_size=${m.bitfieldSize}`;
      }
      break;
    case BTF_KIND_ENUM:
      s += ` encoding=${t.signed ? 'SIGNED' : 'UNSIGNED'} size=${t.size} vlen=${t.values.length}`;
      for (const v of t.values) s += `\n\t'${anon(v.name)}' val=${v.value}`;
      break;
    case BTF_KIND_ENUM64:
      s += ` encoding=${t.signed ? 'SIGNED' : 'UNSIGNED'} size=${t.size} vlen=${t.values.length}`;
      for (const v of t.values) s += `\n\t'${anon(v.name)}' val=${v.value}${t.signed ? 'LL' : 'ULL'}`;
      break;
    case BTF_KIND_FWD:
      s += ` fwd_kind=${t.union ? 'union' : 'struct'}`;
      break;
    case BTF_KIND_FUNC:
      s += ` type_id=${t.type} linkage=${funcLinkage(t.linkage)}`;
      break;
    case BTF_KIND_FUNC_PROTO:
      s += ` ret_type_id=${t.returnType} vlen=${t.params.length}`;
      for (const p of t.params) s += `\n\t'${anon(p.name)}' type_id=${p.type}`;
      break;
    case BTF_KIND_VAR:
      s += ` type_id=${t.type}, linkage=${varLinkage(t.linkage)}`;
      break;
    case BTF_KIND_DATASEC:
      s += ` size=${t.size} vlen=${t.vars.length}`;
      for (const v of t.vars) {
        s += `\n\ttype_id=${v.type} offset=${v.offset} size=${v.size}`;
        const vt = btf.types[v.type];
        if (v.type < btf.typeCount) s += vt ? ` (${kindName(vt.kind)} '${anon(vt.name)}')` : ` (UNKNOWN '(anon)')`;
      }
      break;
    case BTF_KIND_FLOAT:
      s += ` size=${t.size}`;
      break;
    case BTF_KIND_DECL_TAG:
      s += ` type_id=${t.type} component_idx=${t.componentIdx}`;
      break;
  }
  return s;
}

/** all of this BTF's own types (split BTF: not the base's), one per line, with a final newline */
export function dumpRaw(btf: Btf): string {
  const out: string[] = [];
  for (let id = btf.startId; id < btf.typeCount; id++) out.push(dumpRawType(btf, btf.types[id]!));
  return out.length ? out.join('\n') + '\n' : '';
}

/** one type as bpftool's `-j btf dump` object (same field names and order) */
export function jsonType(btf: Btf, t: BtfType): Record<string, unknown> {
  const o: Record<string, unknown> = { id: t.id, kind: kindName(t.kind), name: anon(t.name) };
  switch (t.kind) {
    case BTF_KIND_INT:
      Object.assign(o, { size: t.size, bits_offset: t.bitsOffset, nr_bits: t.bits, encoding: intEncoding(t.encoding) });
      break;
    case BTF_KIND_PTR: case BTF_KIND_CONST: case BTF_KIND_VOLATILE: case BTF_KIND_RESTRICT: case BTF_KIND_TYPEDEF: case BTF_KIND_TYPE_TAG:
      o.type_id = t.type;
      break;
    case BTF_KIND_ARRAY:
      Object.assign(o, { type_id: t.type, index_type_id: t.indexType, nr_elems: t.nelems });
      break;
    case BTF_KIND_STRUCT: case BTF_KIND_UNION:
      Object.assign(o, {
        size: t.size, vlen: t.members.length,
        members: t.members.map((m) => ({ name: anon(m.name), type_id: m.type, bits_offset: m.bitOffset, ...(m.bitfieldSize ? { bitfield_size: m.bitfieldSize } : {}) })),
      });
      break;
    case BTF_KIND_ENUM: case BTF_KIND_ENUM64:
      Object.assign(o, { encoding: t.signed ? 'SIGNED' : 'UNSIGNED', size: t.size, vlen: t.values.length, values: t.values.map((v) => ({ name: anon(v.name), val: v.value })) });
      break;
    case BTF_KIND_FWD:
      o.fwd_kind = t.union ? 'union' : 'struct';
      break;
    case BTF_KIND_FUNC:
      Object.assign(o, { type_id: t.type, linkage: funcLinkage(t.linkage) });
      break;
    case BTF_KIND_FUNC_PROTO:
      Object.assign(o, { ret_type_id: t.returnType, vlen: t.params.length, params: t.params.map((p) => ({ name: anon(p.name), type_id: p.type })) });
      break;
    case BTF_KIND_VAR:
      Object.assign(o, { type_id: t.type, linkage: varLinkage(t.linkage) });
      break;
    case BTF_KIND_DATASEC:
      Object.assign(o, { size: t.size, vlen: t.vars.length, vars: t.vars.map((v) => ({ type_id: v.type, offset: v.offset, size: v.size })) });
      break;
    case BTF_KIND_FLOAT:
      o.size = t.size;
      break;
    case BTF_KIND_DECL_TAG:
      Object.assign(o, { type_id: t.type, component_idx: t.componentIdx });
      break;
  }
  return o;
}

/** `bpftool -j btf dump file X`: {"types":[...]}, 64-bit enum values written exactly */
export function dumpJson(btf: Btf, indent?: number): string {
  const types: Record<string, unknown>[] = [];
  for (let id = btf.startId; id < btf.typeCount; id++) types.push(jsonType(btf, btf.types[id]!));
  return JSON.stringify({ types }, (_k, v) => (typeof v === 'bigint' ? `\u0000big${v}\u0000` : v), indent).replace(/"\\u0000big(-?\d+)\\u0000"/g, '$1') + '\n';
}
