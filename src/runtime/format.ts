/**
 * Typed keys and values from BTF, as `bpftool map dump` prints them and cilium/ebpf's Map
 * marshals them: a BTF type becomes a self-contained `TypeDesc` (JSON, so it travels inside pin
 * files and needs no object at dump time), and `decode`/`encode` turn bytes into plain JS values
 * (numbers, bigints past 2^53, strings for char arrays, objects for structs, enum names) and back.
 */
import { BpfError } from '../isa/errors.js';
import type { Btf } from '../btf/btf.js';
import {
  BTF_INT_BOOL, BTF_INT_CHAR, BTF_INT_SIGNED, BTF_KIND_ARRAY, BTF_KIND_DATASEC, BTF_KIND_ENUM, BTF_KIND_ENUM64, BTF_KIND_FLOAT,
  BTF_KIND_INT, BTF_KIND_PTR, BTF_KIND_STRUCT, BTF_KIND_UNION, BTF_KIND_VAR,
} from '../btf/types.js';

export type TypeDesc =
  | { k: 'int'; size: number; signed: boolean; char?: boolean; bool?: boolean; name?: string; bitOff?: number; bits?: number }
  | { k: 'float'; size: number }
  | { k: 'ptr'; size: number }
  | { k: 'array'; elem: TypeDesc; n: number; size: number }
  | { k: 'struct' | 'union'; name: string; size: number; members: { name: string; off: number; bits?: number; type: TypeDesc }[] }
  | { k: 'enum'; size: number; signed: boolean; values: [string, string][] }
  | { k: 'bytes'; size: number };

export type JsValue = number | bigint | string | boolean | JsValue[] | { [k: string]: JsValue };

/** a BTF type as a TypeDesc (depth-limited; unknown kinds become raw bytes) */
export function describe(btf: Btf, id: number, depth = 0): TypeDesc {
  const rid = btf.resolve(id);
  const t = btf.types[rid];
  let size = 0;
  try {
    size = btf.sizeof(rid);
  } catch {
    size = 0;
  }
  if (!t || depth > 16) return { k: 'bytes', size };
  switch (t.kind) {
    case BTF_KIND_INT: {
      const d: TypeDesc = { k: 'int', size: t.size, signed: (t.encoding & BTF_INT_SIGNED) !== 0, name: t.name };
      if (t.encoding & BTF_INT_CHAR || t.name === 'char') d.char = true;
      if (t.encoding & BTF_INT_BOOL || t.name === '_Bool') d.bool = true;
      if (t.bitsOffset || t.bits !== t.size * 8) {
        d.bitOff = t.bitsOffset;
        d.bits = t.bits;
      }
      return d;
    }
    case BTF_KIND_FLOAT:
      return { k: 'float', size: t.size };
    case BTF_KIND_PTR:
      return { k: 'ptr', size: 8 };
    case BTF_KIND_ARRAY:
      return { k: 'array', elem: describe(btf, t.type, depth + 1), n: t.nelems, size };
    case BTF_KIND_STRUCT:
    case BTF_KIND_UNION:
      return {
        k: t.kind === BTF_KIND_STRUCT ? 'struct' : 'union',
        name: t.name,
        size: t.size,
        members: t.members.map((m) => ({ name: m.name, off: m.bitOffset, ...(m.bitfieldSize ? { bits: m.bitfieldSize } : {}), type: describe(btf, m.type, depth + 1) })),
      };
    case BTF_KIND_ENUM:
    case BTF_KIND_ENUM64:
      return { k: 'enum', size: t.size, signed: t.signed, values: t.values.map((v) => [v.name, String(v.value)] as [string, string]) };
    case BTF_KIND_DATASEC:
      return {
        k: 'struct',
        name: t.name,
        size: t.size,
        members: t.vars.map((v) => {
          const vt = btf.types[v.type];
          const name = vt?.name ?? `var_${v.type}`;
          const inner = vt && vt.kind === BTF_KIND_VAR ? describe(btf, vt.type, depth + 1) : ({ k: 'bytes', size: v.size } as TypeDesc);
          return { name, off: v.offset * 8, type: inner };
        }),
      };
    default:
      return { k: 'bytes', size };
  }
}

/** offset (bytes) of the first `struct bpf_spin_lock` in a value type, -1 when none */
export function spinLockOffset(btf: Btf, id: number, depth = 0): number {
  const rid = btf.resolve(id);
  const t = btf.types[rid];
  if (!t || depth > 8) return -1;
  if (t.kind === BTF_KIND_STRUCT || t.kind === BTF_KIND_UNION) {
    if (t.name === 'bpf_spin_lock') return 0;
    for (const m of t.members) {
      const o = spinLockOffset(btf, m.type, depth + 1);
      if (o >= 0) return m.bitOffset / 8 + o;
    }
  }
  return -1;
}

function readUint(b: Uint8Array, off: number, size: number): bigint {
  let v = 0n;
  for (let i = size - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[off + i] ?? 0);
  return v;
}

function num(v: bigint): number | bigint {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

const TEXT = new TextDecoder();

/** bytes → JS value */
export function decode(d: TypeDesc, b: Uint8Array, off = 0): JsValue {
  switch (d.k) {
    case 'int': {
      // whole integers that fit a double exactly take no BigInt (the common case, and the hot
      // one when ring-buffer records are decoded); the rest go the exact way below
      if (d.bits === undefined && !d.bool && off + d.size <= b.length) {
        if (d.size <= 4) {
          let v = 0;
          for (let i = d.size - 1; i >= 0; i--) v = v * 256 + b[off + i]!;
          if (!d.signed) return v;
          const sh = 32 - d.size * 8;
          return sh ? (v << sh) >> sh : v | 0;
        }
        if (d.size === 8) {
          const lo = (b[off]! | (b[off + 1]! << 8) | (b[off + 2]! << 16) | (b[off + 3]! << 24)) >>> 0;
          const hi = b[off + 4]! | (b[off + 5]! << 8) | (b[off + 6]! << 16) | (b[off + 7]! << 24);
          if (!d.signed && hi >>> 0 < 0x200000) return (hi >>> 0) * 0x100000000 + lo;
          if (d.signed && hi > -0x200000 && hi < 0x200000) return hi * 0x100000000 + lo;
        }
      }
      let v = readUint(b, off, d.size);
      if (d.bits !== undefined) v = (v >> BigInt(d.bitOff ?? 0)) & ((1n << BigInt(d.bits)) - 1n);
      if (d.signed) v = BigInt.asIntN(d.bits ?? d.size * 8, v);
      if (d.bool) return v !== 0n;
      return num(v);
    }
    case 'float': {
      const dv = new DataView(b.buffer, b.byteOffset + off, d.size);
      return d.size === 4 ? dv.getFloat32(0, true) : d.size === 8 ? dv.getFloat64(0, true) : 0;
    }
    case 'ptr':
      return num(readUint(b, off, 8));
    case 'array': {
      if (d.elem.k === 'int' && d.elem.char && d.elem.size === 1) {
        const bytes = b.subarray(off, off + d.n);
        const z = bytes.indexOf(0);
        const text = bytes.subarray(0, z < 0 ? d.n : z);
        if (text.every((c) => c >= 0x20 && c < 0x7f)) return TEXT.decode(text);
      }
      const es = d.n ? d.size / d.n : 0;
      return Array.from({ length: d.n }, (_, i) => decode(d.elem, b, off + i * es));
    }
    case 'struct':
    case 'union': {
      const o: { [k: string]: JsValue } = {};
      d.members.forEach((m, i) => {
        const name = m.name || `__anon${i}`;
        if (m.bits !== undefined) {
          const byte = Math.floor(m.off / 8);
          const span = Math.ceil(((m.off % 8) + m.bits) / 8);
          let v = (readUint(b, off + byte, span) >> BigInt(m.off % 8)) & ((1n << BigInt(m.bits)) - 1n);
          if (m.type.k === 'int' && m.type.signed) v = BigInt.asIntN(m.bits, v);
          o[name] = num(v);
        } else o[name] = decode(m.type, b, off + m.off / 8);
      });
      return o;
    }
    case 'enum': {
      let v = readUint(b, off, d.size);
      if (d.signed) v = BigInt.asIntN(d.size * 8, v);
      const hit = d.values.find(([, x]) => BigInt(x) === v);
      return hit ? hit[0] : num(v);
    }
    case 'bytes':
      return Array.from(b.subarray(off, off + d.size));
  }
}

function writeUint(b: Uint8Array, off: number, size: number, v: bigint): void {
  v = BigInt.asUintN(size * 8, v);
  for (let i = 0; i < size; i++) {
    b[off + i] = Number(v & 0xffn);
    v >>= 8n;
  }
}

function toBig(v: JsValue, what: string): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (typeof v === 'string' && /^-?(0x[0-9a-f]+|\d+)$/i.test(v)) return v.startsWith('-') ? -BigInt(v.slice(1)) : BigInt(v);
  throw new BpfError('EINVAL', `${what}: ${JSON.stringify(String(v))} is not an integer`);
}

/** JS value → bytes (fields not given stay zero) */
export function encode(d: TypeDesc, v: JsValue, b: Uint8Array = new Uint8Array(d.size), off = 0, what = 'value'): Uint8Array {
  switch (d.k) {
    case 'int':
      writeUint(b, off, d.size, toBig(v, what));
      break;
    case 'ptr':
      writeUint(b, off, 8, toBig(v, what));
      break;
    case 'float': {
      const dv = new DataView(b.buffer, b.byteOffset + off, d.size);
      if (d.size === 4) dv.setFloat32(0, Number(v), true);
      else if (d.size === 8) dv.setFloat64(0, Number(v), true);
      break;
    }
    case 'enum': {
      const hit = typeof v === 'string' ? d.values.find(([n]) => n === v) : undefined;
      writeUint(b, off, d.size, hit ? BigInt(hit[1]) : toBig(v, what));
      break;
    }
    case 'array': {
      const es = d.n ? d.size / d.n : 0;
      if (typeof v === 'string') {
        const t = new TextEncoder().encode(v);
        if (t.length > d.n) throw new BpfError('E2BIG', `${what}: "${v}" is longer than ${d.n} bytes`);
        b.set(t, off);
        break;
      }
      if (!Array.isArray(v)) throw new BpfError('EINVAL', `${what}: expected an array of ${d.n}`);
      if (v.length > d.n) throw new BpfError('E2BIG', `${what}: ${v.length} elements for an array of ${d.n}`);
      v.forEach((x, i) => encode(d.elem, x, b, off + i * es, `${what}[${i}]`));
      break;
    }
    case 'struct':
    case 'union': {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new BpfError('EINVAL', `${what}: expected an object with fields ${d.members.map((m) => m.name).join(', ')}`);
      const o = v as { [k: string]: JsValue };
      for (const k of Object.keys(o)) if (!d.members.some((m) => m.name === k)) throw new BpfError('EINVAL', `${what}: ${d.name || d.k} has no field "${k}"`);
      d.members.forEach((m) => {
        if (!(m.name in o)) return;
        if (m.bits !== undefined) {
          const byte = Math.floor(m.off / 8);
          const span = Math.ceil(((m.off % 8) + m.bits) / 8);
          const mask = ((1n << BigInt(m.bits)) - 1n) << BigInt(m.off % 8);
          const cur = readUint(b, off + byte, span);
          writeUint(b, off + byte, span, (cur & ~mask) | ((toBig(o[m.name]!, `${what}.${m.name}`) << BigInt(m.off % 8)) & mask));
        } else encode(m.type, o[m.name]!, b, off + m.off / 8, `${what}.${m.name}`);
      });
      break;
    }
    case 'bytes': {
      if (!Array.isArray(v)) throw new BpfError('EINVAL', `${what}: expected ${d.size} bytes`);
      b.set(v.map((x) => Number(x)), off);
      break;
    }
  }
  return b;
}

/** JSON.stringify that writes bigints as numbers (as bpftool's JSON does) */
export function toJson(v: unknown, indent?: number): string {
  return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? `__BIG${x}__` : x), indent).replace(/"__BIG(-?\d+)__"/g, '$1');
}
