/**
 * A C-syntax dumper in the spirit of `bpftool btf dump file X format c` (libbpf btf_dump.c):
 * every named struct, union, enum and typedef, each defined once, after the types it contains
 * by value (a type reached only through a pointer gets a forward declaration instead), so the
 * output compiles as a header. Anonymous structs and unions are written inline where used.
 */
import { BpfError } from '../isa/errors.js';
import type { Btf } from './btf.js';
import {
  BTF_KIND_ARRAY, BTF_KIND_CONST, BTF_KIND_DECL_TAG, BTF_KIND_ENUM, BTF_KIND_ENUM64, BTF_KIND_FLOAT, BTF_KIND_FUNC,
  BTF_KIND_FUNC_PROTO, BTF_KIND_FWD, BTF_KIND_INT, BTF_KIND_PTR, BTF_KIND_RESTRICT, BTF_KIND_STRUCT, BTF_KIND_TYPEDEF,
  BTF_KIND_TYPE_TAG, BTF_KIND_UNION, BTF_KIND_VAR, BTF_KIND_DATASEC, BTF_KIND_VOLATILE, type BtfType,
} from './types.js';

const isComposite = (t: BtfType | undefined): t is Extract<BtfType, { kind: 4 | 5 }> => !!t && (t.kind === BTF_KIND_STRUCT || t.kind === BTF_KIND_UNION);

class CDumper {
  private readonly out: string[] = [];
  /** 0 = not yet, 1 = in progress, 2 = defined */
  private readonly state = new Map<number, number>();
  private readonly declared = new Set<number>();

  constructor(private readonly btf: Btf) {}

  run(): string {
    const btf = this.btf;
    // anonymous enums written inline where they are used must not also stand alone
    const referenced = new Set<number>();
    for (let id = 1; id < btf.typeCount; id++) {
      const t = btf.types[id]!;
      if (t.kind === BTF_KIND_STRUCT || t.kind === BTF_KIND_UNION) for (const m of t.members) referenced.add(m.type);
      else if (t.kind === BTF_KIND_FUNC_PROTO) { referenced.add(t.returnType); for (const p of t.params) referenced.add(p.type); }
      else if ('type' in t && t.kind !== BTF_KIND_FUNC && t.kind !== BTF_KIND_VAR && t.kind !== BTF_KIND_DECL_TAG) referenced.add(t.type);
    }
    for (let id = 1; id < btf.typeCount; id++) {
      const t = btf.types[id]!;
      if ((t.kind === BTF_KIND_STRUCT || t.kind === BTF_KIND_UNION || t.kind === BTF_KIND_TYPEDEF || t.kind === BTF_KIND_FWD) && t.name) this.define(id);
      else if ((t.kind === BTF_KIND_ENUM || t.kind === BTF_KIND_ENUM64) && (t.name || (t.values.length && !referenced.has(id)))) this.define(id);
    }
    return [
      '#ifndef __VMLINUX_H__',
      '#define __VMLINUX_H__',
      '',
      '#ifndef BPF_NO_PRESERVE_ACCESS_INDEX',
      '#pragma clang attribute push (__attribute__((preserve_access_index)), apply_to = record)',
      '#endif',
      '',
      ...this.out,
      '#ifndef BPF_NO_PRESERVE_ACCESS_INDEX',
      '#pragma clang attribute pop',
      '#endif',
      '',
      '#endif /* __VMLINUX_H__ */',
      '',
    ].join('\n');
  }

  /** C name of a type, made unique per namespace as libbpf's btf_dump_resolve_name does (name___2) */
  private readonly names = new Map<number, string>();
  private readonly tagNames = new Map<string, number>();
  private readonly identNames = new Map<string, number>();
  private unique(map: Map<string, number>, name: string): string {
    const n = (map.get(name) ?? 0) + 1;
    map.set(name, n);
    return n === 1 ? name : `${name}___${n}`;
  }
  typeName(id: number): string {
    let n = this.names.get(id);
    if (n === undefined) {
      const t = this.btf.types[id]!;
      const tag = t.kind === BTF_KIND_STRUCT || t.kind === BTF_KIND_UNION || t.kind === BTF_KIND_ENUM || t.kind === BTF_KIND_ENUM64 || t.kind === BTF_KIND_FWD;
      // a forward declaration shares its name with the struct it declares
      n = tag && t.kind === BTF_KIND_FWD && this.tagNames.has(t.name) ? t.name : this.unique(tag ? this.tagNames : this.identNames, t.name);
      this.names.set(id, n);
    }
    return n;
  }
  private enumerator(name: string): string {
    return this.unique(this.identNames, name);
  }

  private name(t: BtfType): string {
    switch (t.kind) {
      case BTF_KIND_STRUCT: return `struct ${this.typeName(t.id)}`;
      case BTF_KIND_UNION: return `union ${this.typeName(t.id)}`;
      case BTF_KIND_ENUM: case BTF_KIND_ENUM64: return `enum ${this.typeName(t.id)}`;
      case BTF_KIND_FWD: return `${t.union ? 'union' : 'struct'} ${this.typeName(t.id)}`;
      default: return this.typeName(t.id);
    }
  }

  /** make sure everything `id` needs by value is defined first; pointers need only declarations */
  private readonly depsSeen = new Set<number>();
  private deps(id: number, strong: boolean, depth = 0): void {
    if (depth > 256) return;
    const t = this.btf.types[id];
    if (!t) return;
    // each (type, strength) once: a DAG of anonymous types must not be walked exponentially
    const key = id * 2 + (strong ? 1 : 0);
    if (this.depsSeen.has(key)) return;
    this.depsSeen.add(key);
    switch (t.kind) {
      case BTF_KIND_STRUCT: case BTF_KIND_UNION:
        if (t.name) {
          if (strong) this.define(id);
          else this.forward(id);
        } else for (const m of t.members) this.deps(m.type, strong, depth + 1);
        return;
      case BTF_KIND_ENUM: case BTF_KIND_ENUM64:
        if (t.name) this.define(id);
        return;
      case BTF_KIND_FWD:
        this.define(id);
        return;
      case BTF_KIND_TYPEDEF:
        // used by value: what it names must be complete too; through a pointer a declaration will do
        if (strong) this.deps(t.type, true, depth + 1);
        this.define(id);
        return;
      case BTF_KIND_PTR:
        this.deps(t.type, false, depth + 1);
        return;
      case BTF_KIND_ARRAY:
        this.deps(t.type, strong, depth + 1);
        return;
      case BTF_KIND_CONST: case BTF_KIND_VOLATILE: case BTF_KIND_RESTRICT: case BTF_KIND_TYPE_TAG:
        this.deps(t.type, strong, depth + 1);
        return;
      case BTF_KIND_FUNC_PROTO:
        this.deps(t.returnType, false, depth + 1);
        for (const p of t.params) this.deps(p.type, false, depth + 1);
        return;
      default:
        return;
    }
  }

  private forward(id: number): void {
    const t = this.btf.types[id]!;
    if (this.state.get(id) === 2 || this.declared.has(id)) return;
    this.declared.add(id);
    this.out.push(`${this.name(t)};`, '');
  }

  private define(id: number): void {
    const st = this.state.get(id) ?? 0;
    if (st === 2) return;
    const t = this.btf.types[id]!;
    if (st === 1) {
      // a by-value cycle can only go through a typedef or pointer; declare and move on
      if (isComposite(t)) this.forward(id);
      return;
    }
    this.state.set(id, 1);
    switch (t.kind) {
      case BTF_KIND_STRUCT: case BTF_KIND_UNION:
        for (const m of t.members) this.deps(m.type, true);
        this.out.push(`${this.composite(t, 0)};`, '');
        break;
      case BTF_KIND_ENUM: case BTF_KIND_ENUM64:
        this.out.push(`${this.enumBody(t, 0)};`, '');
        break;
      case BTF_KIND_FWD:
        this.out.push(`${this.name(t)};`, '');
        break;
      case BTF_KIND_TYPEDEF: {
        // the compiler defines __builtin_va_list itself (libbpf btf_dump_is_blacklisted)
        if (t.name === '__builtin_va_list') break;
        // a typedef of an array needs its element type complete
        const target = this.btf.types[this.btf.skipModifiers(t.type)];
        this.deps(t.type, !!target && target.kind === BTF_KIND_ARRAY);
        this.out.push(`typedef ${this.decl(t.type, this.typeName(id), 0)};`, '');
        break;
      }
      default:
        break;
    }
    this.state.set(id, 2);
  }

  private enumBody(t: Extract<BtfType, { kind: 6 | 19 }>, indent: number): string {
    const pad = '\t'.repeat(indent + 1);
    const suffix = t.kind === BTF_KIND_ENUM64 ? (t.signed ? 'LL' : 'ULL') : '';
    const vals = t.values.map((v) => `${pad}${this.enumerator(v.name)} = ${v.value}${suffix},`);
    // an enum's size is not always int's: libbpf btf_dump_emit_enum_def uses GCC's mode attribute
    let mode = '';
    if (t.size === 1) mode = ' __attribute__((mode(byte)))';
    else if (t.size === 8 && (t.kind === BTF_KIND_ENUM || t.values.every((v) => BigInt.asUintN(64, BigInt(v.value)) >> 32n === 0n))) mode = ' __attribute__((mode(word)))';
    return `enum${t.name ? ' ' + this.typeName(t.id) : ''} {\n${vals.join('\n')}\n${'\t'.repeat(indent)}}${mode}`;
  }

  /** anonymous composites being written inline (a pointer back to one becomes void *) */
  private readonly inline = new Set<number>();
  private written = 0;
  private composite(t: Extract<BtfType, { kind: 4 | 5 }>, indent: number): string {
    this.written += t.members.length + 1;
    // hostile BTF can make inline expansion explode (a DAG of anonymous types)
    if (this.written > 1_000_000) throw new BpfError('E2BIG', 'C dump of this BTF would be too large');
    const pad = '\t'.repeat(indent + 1);
    const isStruct = t.kind === BTF_KIND_STRUCT;
    const kw = isStruct ? 'struct' : 'union';
    const packed = isStruct && this.isPacked(t);
    const lines: string[] = [];
    // explicit padding so the compiler lays the struct out at BTF's offsets (libbpf btf_dump_emit_struct_def)
    let off = 0;
    let prevBitfield = false;
    for (const m of t.members) {
      const align = packed ? 1 : this.safeAlign(m.type);
      this.padding(lines, pad, off, m.bitOffset, align, prevBitfield && m.bitfieldSize !== 0);
      lines.push(`${pad}${this.decl(m.type, m.name, indent + 1)}${m.bitfieldSize ? `: ${m.bitfieldSize}` : ''};`);
      if (m.bitfieldSize) {
        off = m.bitOffset + m.bitfieldSize;
        prevBitfield = true;
      } else {
        off = m.bitOffset + this.safeSize(m.type) * 8;
        prevBitfield = false;
      }
    }
    if (isStruct) this.padding(lines, pad, off, t.size * 8, this.safeAlign(t.id), false);
    const body = lines.length || t.size ? `{\n${lines.join('\n')}${lines.length ? '\n' : ''}${'\t'.repeat(indent)}}` : '{}';
    return `${kw}${t.name ? ' ' + this.typeName(t.id) : ''} ${body}${packed ? ' __attribute__((packed))' : ''}`;
  }

  private safeAlign(id: number): number {
    try {
      return this.btf.alignof(id);
    } catch {
      return 1;
    }
  }

  private safeSize(id: number): number {
    try {
      return this.btf.sizeof(id);
    } catch {
      return 0;
    }
  }

  /** a struct laid out tighter than natural alignment needs __attribute__((packed)) (libbpf btf_is_struct_packed) */
  private isPacked(t: Extract<BtfType, { kind: 4 | 5 }>): boolean {
    let maxAlign = 1;
    for (const m of t.members) {
      const a = this.safeAlign(m.type);
      if (a && m.bitfieldSize === 0 && m.bitOffset % (8 * a) !== 0) return true;
      maxAlign = Math.max(maxAlign, a);
    }
    return t.size % maxAlign !== 0;
  }

  /**
   * Fill the gap [cur, next) bits with anonymous bitfields (`long: 64;`), the rule libbpf's
   * btf_dump_emit_bit_padding follows: align with the widest type that fits, mark alignment with
   * `type: 0` where the compiler would not align by itself, then fill.
   */
  private padding(lines: string[], pad: string, cur: number, next: number, nextAlign: number, inBitfield: boolean): void {
    if (cur >= next) return;
    // one line per 64 bits of gap: hostile sizes must not turn into millions of lines
    this.written += (next - cur) / 64;
    if (this.written > 1_000_000) throw new BpfError('E2BIG', 'C dump of this BTF would be too large');
    const pads: [string, number][] = [['long', 64], ['int', 32], ['short', 16], ['char', 8]];
    const roundup = (x: number, y: number) => Math.ceil(x / y) * y;
    let padType = 'char';
    let padBits = 8;
    let newOff = cur;
    for (const [name, bits] of pads) {
      padType = name;
      padBits = bits;
      newOff = roundup(cur, bits);
      if (newOff <= next) break;
    }
    if (newOff > cur && newOff <= next) {
      if (inBitfield || (newOff === next && roundup(cur, nextAlign * 8) !== newOff) || (newOff !== next && next - newOff <= newOff - cur)) {
        lines.push(`${pad}${padType}: ${inBitfield ? newOff - cur : 0};`);
      }
      cur = newOff;
    }
    while (cur !== next) {
      const bits = Math.min(next - cur, padBits);
      if (bits === padBits) {
        lines.push(`${pad}${padType}: ${padBits};`);
        cur += bits;
        continue;
      }
      for (let i = pads.length - 1; i >= 0; i--) {
        const [name, pb] = pads[i]!;
        if (pb < bits) continue;
        lines.push(`${pad}${name}: ${bits};`);
        cur += bits;
        break;
      }
    }
  }

  /** a C declaration of `inner` with type id (inner may be '' for an abstract declarator) */
  decl(id: number, inner: string, indent: number, depth = 0): string {
    const sp = (s: string) => (s ? ' ' + s : '');
    if (depth > 64) return `void${sp(inner)}`;
    const t = this.btf.types[id];
    if (!t) return `void${sp(inner)}`;
    switch (t.kind) {
      case BTF_KIND_INT: case BTF_KIND_FLOAT:
        return `${t.name}${sp(inner)}`;
      case BTF_KIND_TYPEDEF:
        return `${this.typeName(id)}${sp(inner)}`;
      case BTF_KIND_FWD:
        return `${this.name(t)}${sp(inner)}`;
      case BTF_KIND_STRUCT: case BTF_KIND_UNION: {
        if (t.name) return `${this.name(t)}${sp(inner)}`;
        if (this.inline.has(id)) return `void${sp(inner)}`;
        this.inline.add(id);
        try {
          return `${this.composite(t, indent)}${sp(inner)}`;
        } finally {
          this.inline.delete(id);
        }
      }
      case BTF_KIND_ENUM: case BTF_KIND_ENUM64:
        return t.name ? `${this.name(t)}${sp(inner)}` : `${this.enumBody(t, indent)}${sp(inner)}`;
      case BTF_KIND_PTR: {
        const target = this.btf.types[t.type];
        const wrap = target && (target.kind === BTF_KIND_ARRAY || target.kind === BTF_KIND_FUNC_PROTO);
        return this.decl(t.type, wrap ? `(*${inner})` : `*${inner}`, indent, depth + 1);
      }
      case BTF_KIND_CONST: case BTF_KIND_VOLATILE: case BTF_KIND_RESTRICT: {
        const q = t.kind === BTF_KIND_CONST ? 'const' : t.kind === BTF_KIND_VOLATILE ? 'volatile' : 'restrict';
        const target = this.btf.types[t.type];
        if (target && target.kind === BTF_KIND_PTR) return this.decl(t.type, `${q}${sp(inner)}`, indent, depth + 1);
        const d = this.decl(t.type, inner, indent, depth + 1);
        return d.startsWith(`${q} `) ? d : `${q} ${d}`;
      }
      case BTF_KIND_TYPE_TAG:
        return this.decl(t.type, inner, indent, depth + 1);
      case BTF_KIND_ARRAY: {
        const i = inner.startsWith('*') ? `(${inner})` : inner;
        return this.decl(t.type, `${i}[${t.nelems}]`, indent, depth + 1);
      }
      case BTF_KIND_FUNC_PROTO: {
        const i = inner.startsWith('*') ? `(${inner})` : inner;
        const ps = t.params.map((p, k) => (p.type === 0 && k === t.params.length - 1 ? '...' : this.decl(p.type, p.name, indent, depth + 1)));
        return this.decl(t.returnType, `${i}(${ps.length ? ps.join(', ') : 'void'})`, indent, depth + 1);
      }
      case BTF_KIND_FUNC: case BTF_KIND_VAR: case BTF_KIND_DATASEC: case BTF_KIND_DECL_TAG:
        return `void${sp(inner)}`;
    }
  }
}

/** the object's types as a C header */
export function dumpC(btf: Btf): string {
  return new CDumper(btf).run();
}

/** one type as a C declaration of `name` (e.g. for printing a map's key type) */
export function cDeclaration(btf: Btf, id: number, name = ''): string {
  return new CDumper(btf).decl(id, name, 0);
}
