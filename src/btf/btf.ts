/**
 * The `.BTF` blob (include/uapi/linux/btf.h): header, type section, string section, in either
 * byte order (the magic 0xeB9F tells which). Parsed into `BtfType` records with validation
 * modelled on the kernel's btf_parse_hdr / btf_check_all_metas (kernel/bpf/btf.c): every
 * length is bounds-checked, every name offset must point into the string section, every
 * referenced type id must exist. Also the type queries later layers need: resolve through
 * typedefs and modifiers, sizeof, alignment, member lookup with bitfields, lookup by name.
 */
import { BpfError } from '../isa/errors.js';
import {
  BTF_KIND_ARRAY, BTF_KIND_CONST, BTF_KIND_DATASEC, BTF_KIND_DECL_TAG, BTF_KIND_ENUM, BTF_KIND_ENUM64,
  BTF_KIND_FLOAT, BTF_KIND_FUNC, BTF_KIND_FUNC_PROTO, BTF_KIND_FWD, BTF_KIND_INT, BTF_KIND_MAX, BTF_KIND_PTR,
  BTF_KIND_RESTRICT, BTF_KIND_STRUCT, BTF_KIND_TYPEDEF, BTF_KIND_TYPE_TAG, BTF_KIND_UNION, BTF_KIND_VAR,
  BTF_KIND_VOLATILE, BTF_MAGIC, BTF_VERSION, kindName,
  type BtfMember, type BtfStruct, type BtfType,
} from './types.js';

export interface BtfParseOptions {
  /** file name for errors */
  file?: string;
  /** base BTF for split BTF (kernel module BTF): ids continue after the base's last id */
  base?: Btf;
}

const HDR_MIN = 24;
/** kernel BTF_MAX_TYPE */
const BTF_MAX_TYPE = 0x000fffff;

/** Parsed BTF. `types[id]` is the record for type id (index 0 is void = undefined). */
export class Btf {
  /** name -> ids, built on first lookup */
  private byName: Map<string, number[]> | undefined;

  constructor(
    /** types indexed by id; [0] is undefined (void). For split BTF the base's ids are shared. */
    readonly types: (BtfType | undefined)[],
    /** the string section, decoded (latin1, one char per byte so offsets index it directly) */
    readonly strings: string,
    readonly bigEndian: boolean,
    /** first id that belongs to this BTF (1, or the base's count for split BTF) */
    readonly startId: number,
    readonly base: Btf | undefined,
    /** the raw bytes (for re-emission and .BTF.ext string lookups) */
    readonly raw: Uint8Array,
  ) {}

  /** number of type ids including void (libbpf btf__type_cnt) */
  get typeCount(): number {
    return this.types.length;
  }

  /** a type by id; throws ENOENT if there is none (id 0 = void has no record) */
  type(id: number): BtfType {
    const t = this.types[id];
    if (!t) throw new BpfError('ENOENT', `BTF type id ${id} does not exist`);
    return t;
  }

  /** a string from the string section by offset (for .BTF.ext records); undefined if out of range */
  stringAt(off: number): string | undefined {
    if (this.base && off < this.base.strings.length) return this.base.stringAt(off);
    const o = this.base ? off - this.base.strings.length : off;
    return cstr(this.strings, o);
  }

  /** ids of types with this name (any kind), in id order */
  idsByName(name: string): number[] {
    if (!this.byName) {
      const m = new Map<string, number[]>();
      for (let id = 1; id < this.types.length; id++) {
        const t = this.types[id]!;
        if (!t.name) continue;
        const l = m.get(t.name);
        if (l) l.push(id);
        else m.set(t.name, [id]);
      }
      this.byName = m;
    }
    return this.byName.get(name) ?? [];
  }

  /** the first type with this name (and kind, if given) */
  find(name: string, kind?: number): BtfType | undefined {
    for (const id of this.idsByName(name)) {
      const t = this.types[id]!;
      if (kind === undefined || t.kind === kind) return t;
    }
    return undefined;
  }

  /** skip typedefs and modifiers (const, volatile, restrict, type tags): the type that has the storage */
  resolve(id: number): number {
    for (let depth = 0; depth < 64; depth++) {
      const t = this.types[id];
      if (!t) return id;
      switch (t.kind) {
        case BTF_KIND_TYPEDEF: case BTF_KIND_CONST: case BTF_KIND_VOLATILE: case BTF_KIND_RESTRICT: case BTF_KIND_TYPE_TAG:
          id = t.type;
          continue;
        default:
          return id;
      }
    }
    throw new BpfError('ELOOP', `BTF type ${id}: typedef/modifier chain too deep`);
  }

  /** skip only modifiers, keeping typedefs (libbpf skip_mods_and_typedefs without typedefs) */
  skipModifiers(id: number): number {
    for (let depth = 0; depth < 64; depth++) {
      const t = this.types[id];
      if (!t) return id;
      if (t.kind === BTF_KIND_CONST || t.kind === BTF_KIND_VOLATILE || t.kind === BTF_KIND_RESTRICT || t.kind === BTF_KIND_TYPE_TAG) {
        id = t.type;
        continue;
      }
      return id;
    }
    throw new BpfError('ELOOP', `BTF type ${id}: modifier chain too deep`);
  }

  /** size in bytes of a value of type id (libbpf btf__resolve_size); EINVAL for void, functions, forward declarations */
  sizeof(id: number): number {
    let mult = 1;
    for (let depth = 0; depth < 64; depth++) {
      const t = this.types[id];
      if (!t) throw new BpfError('EINVAL', `BTF type ${id} (void) has no size`);
      switch (t.kind) {
        case BTF_KIND_INT: case BTF_KIND_STRUCT: case BTF_KIND_UNION: case BTF_KIND_ENUM: case BTF_KIND_ENUM64:
        case BTF_KIND_DATASEC: case BTF_KIND_FLOAT:
          return checkSize(mult * t.size, id);
        case BTF_KIND_PTR:
          return checkSize(mult * 8, id);
        case BTF_KIND_TYPEDEF: case BTF_KIND_CONST: case BTF_KIND_VOLATILE: case BTF_KIND_RESTRICT: case BTF_KIND_TYPE_TAG:
        case BTF_KIND_VAR: case BTF_KIND_DECL_TAG:
          id = t.type;
          continue;
        case BTF_KIND_ARRAY:
          mult *= t.nelems;
          if (mult > 0xffffffff) throw new BpfError('E2BIG', `BTF array type ${t.id} is too large`);
          id = t.type;
          continue;
        default:
          throw new BpfError('EINVAL', `BTF type ${id} (${kindName(t.kind)} '${t.name}') has no size`);
      }
    }
    throw new BpfError('ELOOP', `BTF type ${id}: type chain too deep`);
  }

  private alignCache = new Map<number, number>();
  /** natural alignment in bytes (libbpf btf__align_of) */
  alignof(id: number): number {
    const c = this.alignCache.get(id);
    if (c !== undefined) return c;
    const a = this.alignofUncached(id);
    this.alignCache.set(id, a);
    return a;
  }

  private alignofUncached(id: number): number {
    const r = this.resolve(id);
    const t = this.types[r];
    if (!t) throw new BpfError('EINVAL', `BTF type ${id} (void) has no alignment`);
    switch (t.kind) {
      case BTF_KIND_INT: case BTF_KIND_ENUM: case BTF_KIND_ENUM64: case BTF_KIND_FLOAT:
        return Math.min(8, Math.max(1, t.size));
      case BTF_KIND_PTR:
        return 8;
      case BTF_KIND_ARRAY:
        return this.alignof(t.type);
      case BTF_KIND_STRUCT: case BTF_KIND_UNION: {
        let a = 1;
        for (const m of t.members) {
          a = Math.max(a, this.alignof(m.type));
          // a member at an offset that is not a multiple of its alignment means the struct is packed
          if (m.bitfieldSize === 0 && m.bitOffset % (8 * this.alignof(m.type)) !== 0) return 1;
        }
        return a;
      }
      default:
        throw new BpfError('EINVAL', `BTF type ${id} (${kindName(t.kind)}) has no alignment`);
    }
  }

  /** the struct/union behind id (through typedefs and modifiers), or undefined */
  composite(id: number): BtfStruct | undefined {
    const t = this.types[this.resolve(id)];
    return t && (t.kind === BTF_KIND_STRUCT || t.kind === BTF_KIND_UNION) ? t : undefined;
  }

  /**
   * Find a member by a dotted path ("a.b.c"), descending through anonymous struct/union members
   * as C does. The offset is from the start of the outer type, in bits.
   */
  member(id: number, path: string | string[]): { member: BtfMember; bitOffset: number; bitfieldSize: number; type: number } {
    const parts = typeof path === 'string' ? path.split('.') : path;
    let cur = id;
    let off = 0;
    let last: BtfMember | undefined;
    for (const p of parts) {
      const s = this.composite(cur);
      if (!s) throw new BpfError('EINVAL', `BTF type ${cur} is not a struct or union (looking for '${p}')`);
      const hit = this.findMember(s, p);
      if (!hit) throw new BpfError('ENOENT', `${kindName(s.kind).toLowerCase()} '${s.name || '(anon)'}' has no member '${p}'`);
      off += hit.bitOffset;
      last = hit.member;
      cur = hit.member.type;
    }
    if (!last) throw new BpfError('EINVAL', 'empty member path');
    return { member: last, bitOffset: off, bitfieldSize: last.bitfieldSize, type: last.type };
  }

  private findMember(s: BtfStruct, name: string, depth = 0): { member: BtfMember; bitOffset: number } | undefined {
    for (const m of s.members) {
      if (m.name === name) return { member: m, bitOffset: m.bitOffset };
    }
    if (depth > 32) return undefined;
    for (const m of s.members) {
      if (m.name) continue;
      const inner = this.composite(m.type);
      if (!inner) continue;
      const hit = this.findMember(inner, name, depth + 1);
      if (hit) return { member: hit.member, bitOffset: m.bitOffset + hit.bitOffset };
    }
    return undefined;
  }
}

function checkSize(n: number, id: number): number {
  if (n > 0xffffffff) throw new BpfError('E2BIG', `BTF type ${id} is too large`);
  return n;
}

function cstr(s: string, off: number): string | undefined {
  if (off < 0 || off >= s.length) return undefined;
  const end = s.indexOf('\0', off);
  if (end < 0) return undefined;
  return fixUtf8(s.slice(off, end));
}

const utf8 = new TextDecoder('utf-8');
/** the string section is decoded as latin1 (offsets = indices); re-decode non-ASCII names as UTF-8 */
function fixUtf8(s: string): string {
  // eslint-disable-next-line no-control-regex
  if (!/[^\x00-\x7f]/.test(s)) return s;
  const b = new Uint8Array(s.length);
  for (let k = 0; k < s.length; k++) b[k] = s.charCodeAt(k);
  return utf8.decode(b);
}

const latin1 = new TextDecoder('latin1');

/** is this a raw BTF blob (starts with the BTF magic in either byte order)? */
export function isRawBtf(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && ((bytes[0] === 0x9f && bytes[1] === 0xeb) || (bytes[0] === 0xeb && bytes[1] === 0x9f));
}

/** parse a `.BTF` section or raw BTF file (/sys/kernel/btf/vmlinux) */
export function parseBtf(bytes: Uint8Array, opts: BtfParseOptions = {}): Btf {
  const file = opts.file;
  const where = (offset: number) => ({ file, section: '.BTF', offset });
  const fail = (msg: string, offset: number, errno: 'EINVAL' | 'E2BIG' = 'EINVAL'): never => {
    throw new BpfError(errno, msg, where(offset));
  };
  if (bytes.length < HDR_MIN) fail(`BTF header truncated (${bytes.length} bytes)`, 0);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let le: boolean;
  if (dv.getUint16(0, true) === BTF_MAGIC) le = true;
  else if (dv.getUint16(0, false) === BTF_MAGIC) le = false;
  else return fail(`bad BTF magic 0x${dv.getUint16(0, true).toString(16)}`, 0);
  const version = dv.getUint8(2);
  if (version !== BTF_VERSION) fail(`unsupported BTF version ${version}`, 2);
  const flags = dv.getUint8(3);
  if (flags !== 0) fail(`unsupported BTF flags 0x${flags.toString(16)}`, 3);
  const hdrLen = dv.getUint32(4, le);
  if (hdrLen < HDR_MIN || hdrLen > bytes.length) fail(`BTF hdr_len ${hdrLen} is invalid`, 4);
  // the kernel requires unknown header bytes past what it knows to be zero (btf_check_and_fixup... bpf_check_uarg_tail_zero)
  for (let k = HDR_MIN; k < hdrLen; k++) if (bytes[k] !== 0) fail('unsupported BTF header fields (non-zero tail)', k);
  const typeOff = dv.getUint32(8, le);
  const typeLen = dv.getUint32(12, le);
  const strOff = dv.getUint32(16, le);
  const strLen = dv.getUint32(20, le);
  const dataLen = bytes.length - hdrLen;
  if (typeOff % 4 !== 0) fail(`BTF type_off ${typeOff} is not 4-byte aligned`, 8);
  if (typeOff > dataLen || typeLen > dataLen - typeOff) fail(`BTF type section (off ${typeOff}, len ${typeLen}) exceeds the ${dataLen}-byte data`, 12);
  if (strOff > dataLen || strLen > dataLen - strOff) fail(`BTF string section (off ${strOff}, len ${strLen}) exceeds the ${dataLen}-byte data`, 20);
  if (typeLen > 0 && strOff < typeOff + typeLen && typeOff < strOff + strLen) fail('BTF type and string sections overlap', 16);
  const base = opts.base;
  const strBase = hdrLen + strOff;
  if (!base && strLen === 0) fail('BTF string section is empty', 20);
  if (strLen > 0 && bytes[strBase + strLen - 1] !== 0) fail('BTF string section is not NUL-terminated', strBase + strLen - 1);
  if (!base && bytes[strBase] !== 0) fail('BTF string section does not start with an empty string', strBase);
  const strings = latin1.decode(bytes.subarray(strBase, strBase + strLen));
  const baseStrLen = base ? base.strings.length + (base.base ? 0 : 0) : 0;

  const interned = new Map<number, string>();
  // eslint-disable-next-line no-control-regex
  const ascii = !/[^\x00-\x7f]/.test(strings);
  const name = (off: number, at: number): string => {
    if (off === 0) return '';
    if (base && off < baseStrLen) {
      const s = base.stringAt(off);
      if (s === undefined) return fail(`name offset ${off} is outside the base string section`, at);
      return s;
    }
    // BTF dedups its strings, so the same offsets recur (member names like "next", "flags"):
    // one string per offset keeps allocation, and so GC time, down on vmlinux-sized input
    const cached = interned.get(off);
    if (cached !== undefined) return cached;
    const o = off - baseStrLen;
    if (o >= strings.length) fail(`name offset ${off} is outside the ${strLen}-byte string section`, at);
    const end = strings.indexOf('\0', o);
    const str = ascii ? strings.slice(o, end) : fixUtf8(strings.slice(o, end));
    interned.set(off, str);
    return str;
  };

  const types: (BtfType | undefined)[] = base ? base.types.slice() : [undefined];
  const startId = types.length;
  const t0 = hdrLen + typeOff;
  const tEnd = t0 + typeLen;
  let p = t0;
  while (p < tEnd) {
    const at = p;
    if (p + 12 > tEnd) fail('BTF type record truncated', p);
    const id = types.length;
    if (id > BTF_MAX_TYPE) fail(`more than ${BTF_MAX_TYPE} BTF types`, p, 'E2BIG');
    const nameOff = dv.getUint32(p, le);
    const info = dv.getUint32(p + 4, le);
    const sizeType = dv.getUint32(p + 8, le);
    p += 12;
    const kind = (info >>> 24) & 0x1f;
    const vlen = info & 0xffff;
    const kflag = (info >>> 31) === 1;
    if ((info & 0x60ff0000) !== 0) fail(`BTF type ${id}: reserved bits set in info 0x${info.toString(16)}`, at + 4);
    if (kind === 0 || kind > BTF_KIND_MAX) fail(`BTF type ${id}: unknown kind ${kind}`, at + 4);
    const nm = name(nameOff, at);
    const need = (n: number) => {
      if (p + n > tEnd) fail(`BTF type ${id} (${kindName(kind)}): ${n} bytes of data past the end of the type section`, at);
    };
    let t: BtfType;
    switch (kind) {
      case BTF_KIND_INT: {
        need(4);
        const v = dv.getUint32(p, le);
        p += 4;
        const bits = v & 0xff;
        const off = (v >>> 16) & 0xff;
        const enc = (v >>> 24) & 0x0f;
        if (v & 0xf000ff00) fail(`BTF type ${id} (INT): reserved bits set`, at + 12);
        if (sizeType !== 1 && sizeType !== 2 && sizeType !== 4 && sizeType !== 8 && sizeType !== 16) fail(`BTF type ${id} (INT): invalid size ${sizeType}`, at + 8);
        if (off + bits > sizeType * 8) fail(`BTF type ${id} (INT): nr_bits ${bits} + bits_offset ${off} exceed size ${sizeType}`, at + 12);
        t = { id, kind, name: nm, size: sizeType, encoding: enc, bitsOffset: off, bits };
        break;
      }
      case BTF_KIND_PTR: case BTF_KIND_TYPEDEF: case BTF_KIND_VOLATILE: case BTF_KIND_CONST: case BTF_KIND_RESTRICT: case BTF_KIND_TYPE_TAG:
        if (kind === BTF_KIND_PTR) t = { id, kind, name: nm, type: sizeType };
        else t = { id, kind, name: nm, type: sizeType };
        break;
      case BTF_KIND_ARRAY: {
        need(12);
        t = { id, kind, name: nm, type: dv.getUint32(p, le), indexType: dv.getUint32(p + 4, le), nelems: dv.getUint32(p + 8, le) };
        p += 12;
        break;
      }
      case BTF_KIND_STRUCT: case BTF_KIND_UNION: {
        need(12 * vlen);
        const members: BtfMember[] = new Array(vlen);
        for (let k = 0; k < vlen; k++) {
          const off = dv.getUint32(p + 8, le);
          members[k] = {
            name: name(dv.getUint32(p, le), p),
            type: dv.getUint32(p + 4, le),
            bitOffset: kflag ? off & 0xffffff : off,
            bitfieldSize: kflag ? off >>> 24 : 0,
          };
          p += 12;
        }
        // kernel btf_struct_check_meta: union members start at 0, struct members inside the struct
        for (const m of members) {
          if (kind === BTF_KIND_UNION && m.bitOffset !== 0) fail(`BTF type ${id} (UNION): member '${m.name}' has bits_offset ${m.bitOffset}, must be 0`, at);
          if (m.bitOffset / 8 > sizeType) fail(`BTF type ${id} (${kindName(kind)}): member '${m.name}' bits_offset ${m.bitOffset} exceeds the struct size ${sizeType}`, at);
        }
        t = { id, kind, name: nm, size: sizeType, kindFlag: kflag, members };
        break;
      }
      case BTF_KIND_ENUM: {
        need(8 * vlen);
        const values = new Array(vlen);
        for (let k = 0; k < vlen; k++) {
          const raw = dv.getInt32(p + 4, le);
          values[k] = { name: name(dv.getUint32(p, le), p), value: kflag ? raw : raw >>> 0 };
          p += 8;
        }
        t = { id, kind, name: nm, size: sizeType, signed: kflag, values };
        break;
      }
      case BTF_KIND_ENUM64: {
        need(12 * vlen);
        const values = new Array(vlen);
        for (let k = 0; k < vlen; k++) {
          const lo = BigInt(dv.getUint32(p + 4, le));
          const hi = BigInt(dv.getUint32(p + 8, le));
          const u = (hi << 32n) | lo;
          values[k] = { name: name(dv.getUint32(p, le), p), value: kflag ? BigInt.asIntN(64, u) : u };
          p += 12;
        }
        t = { id, kind, name: nm, size: sizeType, signed: kflag, values };
        break;
      }
      case BTF_KIND_FWD:
        t = { id, kind, name: nm, union: kflag };
        break;
      case BTF_KIND_FUNC:
        t = { id, kind, name: nm, type: sizeType, linkage: vlen };
        break;
      case BTF_KIND_FUNC_PROTO: {
        need(8 * vlen);
        const params = new Array(vlen);
        for (let k = 0; k < vlen; k++) {
          params[k] = { name: name(dv.getUint32(p, le), p), type: dv.getUint32(p + 4, le) };
          p += 8;
        }
        t = { id, kind, name: nm, returnType: sizeType, params };
        break;
      }
      case BTF_KIND_VAR:
        need(4);
        t = { id, kind, name: nm, type: sizeType, linkage: dv.getUint32(p, le) };
        p += 4;
        break;
      case BTF_KIND_DATASEC: {
        need(12 * vlen);
        const vars = new Array(vlen);
        for (let k = 0; k < vlen; k++) {
          vars[k] = { type: dv.getUint32(p, le), offset: dv.getUint32(p + 4, le), size: dv.getUint32(p + 8, le) };
          p += 12;
        }
        t = { id, kind, name: nm, size: sizeType, vars };
        break;
      }
      case BTF_KIND_FLOAT:
        t = { id, kind, name: nm, size: sizeType };
        break;
      case BTF_KIND_DECL_TAG:
        need(4);
        t = { id, kind, name: nm, type: sizeType, componentIdx: dv.getInt32(p, le) };
        p += 4;
        break;
      default:
        return fail(`BTF type ${id}: unknown kind ${kind}`, at + 4);
    }
    types.push(t);
  }

  // every referenced type id must exist (kernel btf_check_all_types / btf_type_id_size)
  const n = types.length;
  const bad = (id: number, ref: number) => fail(`BTF type ${id} (${kindName(types[id]!.kind)}) refers to type ${ref}, beyond the ${n - 1} types`, t0);
  for (let id = startId; id < n; id++) {
    const t = types[id]!;
    switch (t.kind) {
      case BTF_KIND_PTR: case BTF_KIND_TYPEDEF: case BTF_KIND_VOLATILE: case BTF_KIND_CONST: case BTF_KIND_RESTRICT:
      case BTF_KIND_TYPE_TAG: case BTF_KIND_FUNC: case BTF_KIND_VAR: case BTF_KIND_DECL_TAG:
        if (t.type >= n) bad(id, t.type);
        break;
      case BTF_KIND_ARRAY:
        if (t.type >= n) bad(id, t.type);
        if (t.indexType >= n) bad(id, t.indexType);
        break;
      case BTF_KIND_STRUCT: case BTF_KIND_UNION:
        for (const m of t.members) if (m.type >= n) bad(id, m.type);
        break;
      case BTF_KIND_FUNC_PROTO:
        if (t.returnType >= n) bad(id, t.returnType);
        for (const a of t.params) if (a.type >= n) bad(id, a.type);
        break;
      case BTF_KIND_DATASEC:
        for (const v of t.vars) if (v.type >= n) bad(id, v.type);
        break;
      default:
        break;
    }
  }
  checkNoValueLoops(types, startId, fail, t0);
  return new Btf(types, strings, !le, startId, base, bytes);
}

/**
 * A type may not contain itself by value (kernel btf_resolve: "Loop detected"): typedef and
 * modifier chains, array elements, struct/union members, VAR and DATASEC entries are followed;
 * pointers and function prototypes break the chain. Iterative DFS, so hostile input cannot
 * exhaust the stack.
 */
function checkNoValueLoops(types: (BtfType | undefined)[], startId: number, fail: (m: string, o: number) => never, at: number): void {
  const n = types.length;
  const state = new Uint8Array(n); // 0 new, 1 on stack, 2 done
  const edges = (t: BtfType): number[] => {
    switch (t.kind) {
      case BTF_KIND_TYPEDEF: case BTF_KIND_CONST: case BTF_KIND_VOLATILE: case BTF_KIND_RESTRICT: case BTF_KIND_TYPE_TAG: case BTF_KIND_VAR:
        return [t.type];
      case BTF_KIND_ARRAY: return [t.type];
      case BTF_KIND_STRUCT: case BTF_KIND_UNION: return t.members.map((m) => m.type);
      case BTF_KIND_DATASEC: return t.vars.map((v) => v.type);
      default: return [];
    }
  };
  const stack: [number, number[], number][] = [];
  for (let root = startId; root < n; root++) {
    if (state[root]) continue;
    state[root] = 1;
    stack.push([root, edges(types[root]!), 0]);
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      if (top[2] >= top[1].length) {
        state[top[0]] = 2;
        stack.pop();
        continue;
      }
      const next = top[1][top[2]++]!;
      if (next === 0 || next < startId || !types[next]) continue;
      if (state[next] === 1) fail(`BTF type ${next} (${kindName(types[next]!.kind)} '${types[next]!.name}') contains itself by value (loop detected)`, at);
      if (state[next] === 0) {
        state[next] = 1;
        stack.push([next, edges(types[next]!), 0]);
      }
    }
  }
}
