/**
 * C struct and union definitions written in a script (`struct MyStruct { int y[4]; char *name; }`,
 * with or without the closing `;`), which bpftrace hands to clang: here parsed from the script's
 * tokens and laid out by the C rules of the x86-64/arm64 SysV ABIs — each member at the next
 * multiple of its alignment (a scalar's size, an array's element's, a struct's largest member's),
 * bit-fields packed into units of their declared type without straddling one, the size rounded up
 * to the struct's alignment, union members all at 0. A definition takes precedence over BTF's type
 * of the same name, as clang's definition does in bpftrace.
 */
import { ScriptError } from './errors.js';
import type { Loc } from './ast.js';
import type { Token } from './lexer.js';
import { type CType, type CMember, type BtfTypes, cInt, cPtr } from './types.js';

/** one member declaration as written: type words, then `*`s, the name, array lengths, bit width */
export interface CMemberDecl {
  type: string[];
  ptr: number;
  name: string;
  arrays: number[];
  bits?: number;
  loc: Loc;
}

export interface CStructDef {
  kw: 'struct' | 'union';
  name: string;
  members: CMemberDecl[];
  loc: Loc;
}

/**
 * parse a definition's body from `next()` (the tokens after `struct NAME {`) up to its closing
 * `}`; throws bpftrace-style syntax errors at the offending token
 */
export function parseStructBody(kw: 'struct' | 'union', name: string, loc: Loc, next: () => Token): CStructDef {
  const members: CMemberDecl[] = [];
  let t = next();
  for (;;) {
    if (t.kind === 'eof') throw new ScriptError('unterminated struct definition', loc);
    if (t.kind === 'punct' && t.text === '}') return { kw, name, members, loc };
    const type: string[] = [];
    while (t.kind === 'ident') {
      type.push(t.text);
      t = next();
    }
    if (!type.length) throw new ScriptError(`syntax error in the definition of ${kw} ${name}: unexpected '${t.text}'`, t.loc);
    // the last word is the member's name unless a '*' follows the type
    for (;;) {
      let ptr = 0;
      while (t.kind === 'punct' && t.text === '*') {
        ptr++;
        t = next();
      }
      let memberName: string;
      let mloc = t.loc;
      if (t.kind === 'ident') {
        memberName = t.text;
        t = next();
      } else {
        if (ptr || type.length < 2) throw new ScriptError(`syntax error in the definition of ${kw} ${name}: a member needs a name`, t.loc);
        memberName = type.pop()!;
        mloc = t.loc;
      }
      const arrays: number[] = [];
      while (t.kind === 'punct' && t.text === '[') {
        const n = next();
        if (n.kind !== 'int') throw new ScriptError(`${kw} ${name}: array length of ${memberName} must be an integer`, n.loc);
        arrays.push(Number(n.value));
        const close = next();
        if (close.text !== ']') throw new ScriptError(`${kw} ${name}: expected ']'`, close.loc);
        t = next();
      }
      let bits: number | undefined;
      if (t.kind === 'punct' && t.text === ':') {
        const n = next();
        if (n.kind !== 'int') throw new ScriptError(`${kw} ${name}: bit-field width of ${memberName} must be an integer`, n.loc);
        bits = Number(n.value);
        t = next();
      }
      members.push({ type: [...type], ptr, name: memberName, arrays, bits, loc: mloc });
      if (t.kind === 'punct' && t.text === ',') {
        t = next();
        continue;
      }
      break;
    }
    if (!(t.kind === 'punct' && t.text === ';')) throw new ScriptError(`syntax error in the definition of ${kw} ${name}: expected ';' after member`, t.loc);
    t = next();
  }
}

/** C's integer type words (and the fixed-width names kernel and libc headers use) */
function baseType(words: string[]): CType | undefined {
  const w = words.filter((x) => x !== 'const' && x !== 'volatile' && x !== 'signed' || words.length === 1);
  const s = w.join(' ');
  const unsigned = s.includes('unsigned');
  const core = s.replace(/\bunsigned\b|\bsigned\b/g, '').replace(/\bint\b/, (m) => (/(short|long)/.test(s) ? '' : m)).replace(/\s+/g, ' ').trim() || 'int';
  const sizes: Record<string, number> = { char: 1, short: 2, int: 4, long: 8, 'long long': 8, _Bool: 1, bool: 1 };
  if (sizes[core] !== undefined) return cInt(sizes[core]!, !unsigned && core !== '_Bool' && core !== 'bool', words.filter((x) => x !== 'const' && x !== 'volatile').join(' '));
  const fixed = /^(?:__)?([us])(8|16|32|64)$|^(u?)int(8|16|32|64)_t$/.exec(core);
  if (fixed) {
    const signed = fixed[1] ? fixed[1] === 's' : fixed[3] !== 'u';
    return cInt(Number(fixed[2] ?? fixed[4]) / 8, signed, core);
  }
  const named: Record<string, CType> = {
    size_t: cInt(8, false, 'size_t'), ssize_t: cInt(8, true, 'ssize_t'), pid_t: cInt(4, true, 'pid_t'), uid_t: cInt(4, false, 'uid_t'),
    gid_t: cInt(4, false, 'gid_t'), off_t: cInt(8, true, 'off_t'), uintptr_t: cInt(8, false, 'uintptr_t'),
    float: { kind: 'float', name: 'float', size: 4 }, double: { kind: 'float', name: 'double', size: 8 }, void: { kind: 'void', name: 'void', size: 0 },
  };
  return named[core];
}

function alignOf(t: CType, defs: Map<string, CType>): number {
  switch (t.kind) {
    case 'array': return alignOf(t.elem!, defs);
    case 'struct': case 'union': return Math.max(1, ...(t.members?.() ?? []).map((m) => alignOf(m.type, defs)));
    case 'void': return 1;
    default: return Math.min(8, Math.max(1, t.size));
  }
}

/**
 * the C types of a script's definitions, in order (a definition may use the ones before it and
 * point at any, itself included); names it does not define come from BTF (`struct task_struct *`)
 */
export function layoutStructs(defs: CStructDef[], btf: () => BtfTypes | undefined): Map<string, CType> {
  const out = new Map<string, CType>();
  const named = (words: string[], loc: Loc, viaPointer: boolean): CType => {
    const w = words.filter((x) => x !== 'const' && x !== 'volatile');
    if (w[0] === 'struct' || w[0] === 'union' || w[0] === 'enum') {
      const full = `${w[0]} ${w[1]}`;
      const mine = out.get(full);
      if (mine) return mine;
      if (w[0] === 'enum') return cInt(4, true, full);
      const fromBtf = btf()?.byName(full);
      if (fromBtf) return fromBtf;
      // a pointer to a type defined later (or never) still has a size
      if (viaPointer) return { kind: w[0] as 'struct', name: full, size: 0, members: () => out.get(full)?.members?.() ?? [] };
      throw new ScriptError(`Unknown struct/union: '${full}'`, loc, 'ENOENT');
    }
    const b = baseType(w) ?? btf()?.byName(w.join(' '));
    if (!b) throw new ScriptError(`Unknown type: '${w.join(' ')}'`, loc, 'ENOENT');
    return b;
  };
  for (const d of defs) {
    const full = `${d.kw} ${d.name}`;
    let members: CMember[] = [];
    const ct: CType = { kind: d.kw, name: full, size: 0, members: () => members };
    out.set(full, ct);
    let off = 0;
    let bitPos = 0;
    let size = 0;
    let align = 1;
    members = d.members.map((m) => {
      let t = named(m.type, m.loc, m.ptr > 0);
      for (let i = 0; i < m.ptr; i++) t = cPtr(t);
      for (let i = m.arrays.length - 1; i >= 0; i--) t = { kind: 'array', name: `${t.name}[${m.arrays[i]}]`, size: t.size * m.arrays[i]!, elem: t, len: m.arrays[i] };
      const a = alignOf(t, out);
      align = Math.max(align, a);
      if (d.kw === 'union') {
        size = Math.max(size, t.size);
        return m.bits !== undefined ? { name: m.name, offset: 0, type: t, bitShift: 0, bitSize: m.bits } : { name: m.name, offset: 0, type: t };
      }
      if (m.bits !== undefined) {
        // SysV: a bit-field starts where the last ended unless it would straddle a unit of its type
        const unit = t.size * 8;
        let start = off * 8 + bitPos;
        if (Math.floor(start / unit) !== Math.floor((start + m.bits - 1) / unit)) start = Math.ceil(start / unit) * unit;
        const byte = Math.floor(start / 8);
        const member: CMember = { name: m.name, offset: byte, type: t, bitShift: start % 8, bitSize: m.bits };
        off = Math.floor((start + m.bits) / 8);
        bitPos = (start + m.bits) % 8;
        size = Math.max(size, off + (bitPos ? 1 : 0));
        return member;
      }
      if (bitPos) {
        off++;
        bitPos = 0;
      }
      off = Math.ceil(off / a) * a;
      const member: CMember = { name: m.name, offset: off, type: t };
      off += t.size;
      size = Math.max(size, off);
      return member;
    });
    ct.size = Math.ceil(size / align) * align;
  }
  return out;
}
