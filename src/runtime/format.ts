/**
 * Typed keys and values from BTF, as `bpftool map dump` prints them and cilium/ebpf's Map
 * marshals them: a BTF type becomes a self-contained `TypeDesc` (JSON, so it travels inside pin
 * files and needs no object at dump time), and `decode`/`encode` turn bytes into plain JS values
 * (numbers, bigints past 2^53, strings for char arrays, objects for structs, enum names) and back.
 */
import { BpfError } from '../isa/errors.js';
import type { Btf } from '../btf/btf.js';
import {
  BTF_INT_BOOL, BTF_INT_CHAR, BTF_INT_SIGNED, BTF_KIND_ARRAY, BTF_KIND_CONST, BTF_KIND_DATASEC, BTF_KIND_ENUM, BTF_KIND_ENUM64, BTF_KIND_FLOAT,
  BTF_KIND_INT, BTF_KIND_PTR, BTF_KIND_RESTRICT, BTF_KIND_STRUCT, BTF_KIND_TYPEDEF, BTF_KIND_TYPE_TAG, BTF_KIND_UNION, BTF_KIND_VAR, BTF_KIND_VOLATILE,
} from '../btf/types.js';

export type TypeDesc =
  | { k: 'int'; size: number; signed: boolean; char?: boolean; bool?: boolean; name?: string; bitOff?: number; bits?: number; be?: boolean }
  | { k: 'float'; size: number }
  | { k: 'ptr'; size: number }
  | { k: 'array'; elem: TypeDesc; n: number; size: number }
  | { k: 'struct' | 'union'; name: string; size: number; members: { name: string; off: number; bits?: number; type: TypeDesc }[] }
  | { k: 'enum'; size: number; signed: boolean; values: [string, string][] }
  | { k: 'bytes'; size: number };

/**
 * Is `x` a whole TypeDesc of `size` bytes? (one read back from a pin file's meta, which another
 * process wrote: a damaged one must be refused, not followed into undefined fields)
 */
export function isTypeDesc(x: unknown, size: number, depth = 0): x is TypeDesc {
  if (depth > 64 || typeof x !== 'object' || x === null) return false;
  const d = x as Record<string, unknown>;
  if (d.size !== size || !Number.isInteger(size) || size < 0) return false;
  switch (d.k) {
    case 'int': return typeof d.signed === 'boolean';
    case 'float': case 'ptr': case 'bytes': return true;
    case 'array': {
      const e = d.elem as Record<string, unknown> | undefined;
      return Number.isInteger(d.n) && (d.n as number) >= 0 && !!e && typeof e.size === 'number' && (e.size as number) * (d.n as number) <= size && isTypeDesc(e, e.size as number, depth + 1);
    }
    case 'struct': case 'union':
      return typeof d.name === 'string' && Array.isArray(d.members) && d.members.every((m: unknown) => {
        const mm = m as Record<string, unknown> | null;
        const t = mm?.type as Record<string, unknown> | undefined;
        // `off` is in bits, as BTF has it; a bitfield member spans `bits` of them
        const span = mm && mm.bits !== undefined ? mm.bits : (t?.size as number) * 8;
        return !!mm && typeof mm.name === 'string' && Number.isInteger(mm.off) && (mm.off as number) >= 0 && !!t && typeof t.size === 'number'
          && typeof span === 'number' && (mm.off as number) + span <= size * 8 && isTypeDesc(t, t.size as number, depth + 1);
      });
    case 'enum': return typeof d.signed === 'boolean' && Array.isArray(d.values) && d.values.every((v: unknown) => Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string');
    default: return false;
  }
}

export type JsValue = number | bigint | string | boolean | JsValue[] | { [k: string]: JsValue };

/** does the typedef chain from `id` pass through __be16/__be32/__be64 (uapi linux/types.h: network byte order)? */
function bigEndianTypedef(btf: Btf, id: number): boolean {
  for (let depth = 0; depth < 64; depth++) {
    const t = btf.types[id];
    if (!t || !('type' in t) || ![BTF_KIND_TYPEDEF, BTF_KIND_CONST, BTF_KIND_VOLATILE, BTF_KIND_RESTRICT, BTF_KIND_TYPE_TAG].includes(t.kind)) return false;
    if (t.kind === BTF_KIND_TYPEDEF && /^__be(16|32|64)$/.test(t.name)) return true;
    id = t.type;
  }
  return false;
}

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
      if (bigEndianTypedef(btf, id)) d.be = true;
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
export function spinLockOffset(btf: Btf, id: number): number {
  return specialFieldOffset(btf, id, 'bpf_spin_lock');
}

/**
 * offset (bytes) of the first struct named `name` (a special field of btf_parse_fields:
 * bpf_spin_lock, bpf_timer, bpf_wq) in a value type, -1 when none
 */
export function specialFieldOffset(btf: Btf, id: number, name: string, depth = 0): number {
  const rid = btf.resolve(id);
  const t = btf.types[rid];
  if (!t || depth > 8) return -1;
  if (t.kind === BTF_KIND_STRUCT || t.kind === BTF_KIND_UNION) {
    if (t.name === name) return 0;
    for (const m of t.members) {
      const o = specialFieldOffset(btf, m.type, name, depth + 1);
      if (o >= 0) return m.bitOffset / 8 + o;
    }
  }
  // a global data section (`private(A) struct bpf_spin_lock lock` in .data.A): the kernel parses the
  // DATASEC's variables for special fields as it parses a struct's members (btf_parse_fields)
  if (t.kind === BTF_KIND_DATASEC) {
    for (const v of t.vars) {
      const vt = btf.types[v.type];
      const o = vt?.kind === BTF_KIND_VAR ? specialFieldOffset(btf, vt.type, name, depth + 1) : -1;
      if (o >= 0) return v.offset + o;
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


export type Decoder = (b: Uint8Array, off: number) => JsValue;
const decoders = new WeakMap<TypeDesc, Decoder>();

/**
 * A decoder specialised for `d`, built once per TypeDesc: plain integers, char arrays and structs
 * of them get closures with their sizes and offsets fixed (the hot path of ring-buffer records);
 * everything else goes through the generic walk.
 */
export function decoderFor(d: TypeDesc): Decoder {
  let f = decoders.get(d);
  if (f) return f;
  if (d.k === 'int' && d.bits === undefined && !d.bool && (d.size <= 4 || d.size === 8)) {
    const size = d.size;
    if (size === 4 && !d.signed) f = (b, off) => (off + 4 <= b.length ? (b[off]! | (b[off + 1]! << 8) | (b[off + 2]! << 16) | (b[off + 3]! << 24)) >>> 0 : decodeAny(d, b, off));
    else if (size === 4) f = (b, off) => (off + 4 <= b.length ? b[off]! | (b[off + 1]! << 8) | (b[off + 2]! << 16) | (b[off + 3]! << 24) : decodeAny(d, b, off));
    else if (size === 8 && !d.signed) {
      f = (b, off) => {
        if (off + 8 > b.length) return decodeAny(d, b, off);
        const hi = (b[off + 4]! | (b[off + 5]! << 8) | (b[off + 6]! << 16) | (b[off + 7]! << 24)) >>> 0;
        if (hi >= 0x200000) return decodeAny(d, b, off);
        return hi * 0x100000000 + ((b[off]! | (b[off + 1]! << 8) | (b[off + 2]! << 16) | (b[off + 3]! << 24)) >>> 0);
      };
    } else f = (b, off) => decodeAny(d, b, off);
  } else if (d.k === 'array' && d.elem.k === 'int' && d.elem.char && d.elem.size === 1) {
    const n = d.n;
    f = (b, off) => {
      // printable ASCII up to the NUL becomes a string (appending char codes beats TextDecoder and
      // fromCharCode.apply on strings this short); anything else the generic walk decides
      const end = Math.min(off + n, b.length);
      let s = '';
      for (let i = off; i < end; i++) {
        const c = b[i]!;
        if (c === 0) break;
        if (c < 0x20 || c >= 0x7f) return decodeAny(d, b, off);
        s += String.fromCharCode(c);
      }
      return s;
    };
  } else if (d.k === 'struct' && d.members.every((m) => m.bits === undefined)) {
    const names = d.members.map((m, i) => m.name || `__anon${i}`);
    const offs = d.members.map((m) => m.off / 8);
    const decs = d.members.map((m) => decoderFor(m.type));
    const n = names.length;
    f = (b, off) => {
      const o: { [k: string]: JsValue } = {};
      for (let i = 0; i < n; i++) o[names[i]!] = decs[i]!(b, off + offs[i]!);
      return o;
    };
  } else f = (b, off) => decodeAny(d, b, off);
  decoders.set(d, f);
  return f;
}

/** bytes → JS value */
export function decode(d: TypeDesc, b: Uint8Array, off = 0): JsValue {
  return decoderFor(d)(b, off);
}

/** the generic walk behind decode (exported for the differential test of the specialised decoders) */
export function decodeAny(d: TypeDesc, b: Uint8Array, off: number): JsValue {
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
        // printable ASCII up to the NUL: built by char codes (TextDecoder's per-call cost dominates
        // short strings such as comm[16], which ring-buffer records are full of)
        const end = Math.min(off + d.n, b.length);
        let s = '';
        let i = off;
        for (; i < end; i++) {
          const c = b[i]!;
          if (c === 0) break;
          if (c < 0x20 || c >= 0x7f) break;
          s += String.fromCharCode(c);
        }
        if (i === end || b[i] === 0) return s;
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
  throw new BpfError('EINVAL', `${what}: ${Array.isArray(v) ? 'an array' : v !== null && typeof v === 'object' ? 'an object' : JSON.stringify(String(v))} is not an integer`);
}

/**
 * An integer for a field of `size` bytes: signed or unsigned, it must fit (-1 is all ones, as C
 * converts it), never wrap silently: a value of 2^64 would store 0.
 */
export function fitInt(v: bigint, size: number, what: string): bigint {
  const bits = BigInt(size * 8);
  if (v >= 1n << bits || v < -(1n << (bits - 1n))) throw new BpfError('ERANGE', `${what}: ${v} does not fit in ${size} byte${size === 1 ? '' : 's'}`);
  return v;
}

/** JS value → bytes (fields not given stay zero) */
export function encode(d: TypeDesc, v: JsValue, b: Uint8Array = new Uint8Array(d.size), off = 0, what = 'value'): Uint8Array {
  switch (d.k) {
    case 'int':
      writeUint(b, off, d.size, fitInt(toBig(v, what), d.size, what));
      break;
    case 'ptr':
      writeUint(b, off, 8, fitInt(toBig(v, what), 8, what));
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

// ---------------------------------------------------------------------------------------------
// Readable values: what `tsbpf map dump`, `tsbpf run` and the live runner print for people.
// The same decode as above, then addresses where the BTF says a field holds one: a 4-byte field
// (__be32, __u32 or u8[4]) whose name says address (saddr, daddr, addr, src_ip, ipv4…) as
// 10.0.0.1; a 16-byte one (struct in6_addr, u8[16], __be32[4]) as 2001:db8::1; a __be16 *port*
// in host order; an LPM trie key {prefixlen, data} as 10.0.0.0/8. The bytes are in memory in
// network order (copied from packet headers), so they are printed in memory order.

const ADDR_NAME = /addr|(^|_)(ip|ipv4|ipv6|ip4|ip6|src|dst|nexthop|gw|gateway)(_|$|v4|v6)/i;
const PORT_NAME = /port/i;

/** dotted quad of 4 bytes in memory order */
export function ipv4String(b: Uint8Array, off = 0): string {
  return `${b[off]}.${b[off + 1]}.${b[off + 2]}.${b[off + 3]}`;
}

/** RFC 5952 text of 16 bytes: lower case, the longest run of zero groups (2 or more) as :: */
export function ipv6String(b: Uint8Array, off = 0): string {
  const g = Array.from({ length: 8 }, (_, i) => (b[off + 2 * i]! << 8) | b[off + 2 * i + 1]!);
  // ::ffff:a.b.c.d, an IPv4-mapped address
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) return `::ffff:${ipv4String(b, off + 12)}`;
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j;
  }
  const hex = g.map((x) => x.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

const isByteArray = (d: TypeDesc): boolean => d.k === 'array' && d.elem.k === 'int' && d.elem.size === 1;

/** the address text of a field, when its name and shape say it holds one */
function addressOf(name: string, d: TypeDesc, b: Uint8Array, off: number): string | undefined {
  const named = ADDR_NAME.test(name);
  if (d.k === 'struct' && /^in6_addr$/.test(d.name) && d.size === 16) return ipv6String(b, off);
  if (d.k === 'struct' && /^in_addr$/.test(d.name) && d.size === 4) return ipv4String(b, off);
  if (!named) return undefined;
  if (d.size === 4 && ((d.k === 'int' && !d.signed && d.bits === undefined) || isByteArray(d))) return ipv4String(b, off);
  if (d.size === 16 && (isByteArray(d) || (d.k === 'array' && d.elem.k === 'int' && d.elem.size === 4) || d.k === 'union')) return ipv6String(b, off);
  return undefined;
}

/** an LPM trie key (struct bpf_lpm_trie_key_u8 and look-alikes: prefixlen, then the address) as CIDR */
export function lpmKeyString(d: TypeDesc | undefined, b: Uint8Array, off = 0): string | undefined {
  const dataLen = b.length - off - 4;
  if (d && (d.k !== 'struct' || d.members[0]?.name !== 'prefixlen' || d.members[0].off !== 0)) return undefined;
  if (dataLen !== 4 && dataLen !== 16) return undefined;
  const prefix = b[off]! | (b[off + 1]! << 8) | (b[off + 2]! << 16) | (b[off + 3]! << 24);
  return `${dataLen === 4 ? ipv4String(b, off + 4) : ipv6String(b, off + 4)}/${prefix >>> 0}`;
}

/** bytes → a value for people: decode(), with addresses, ports and CIDR prefixes as text */
export function formatValue(d: TypeDesc, b: Uint8Array, off = 0, name = '', opts: { lpm?: boolean } = {}): JsValue {
  if (opts.lpm) {
    const cidr = lpmKeyString(d, b.subarray(off, off + d.size));
    if (cidr) return cidr;
  }
  const a = addressOf(name, d, b, off);
  if (a !== undefined) return a;
  if (d.k === 'int' && d.be && d.bits === undefined && PORT_NAME.test(name) && d.size === 2) return (b[off]! << 8) | b[off + 1]!;
  if (d.k === 'struct' || d.k === 'union') {
    const o: { [k: string]: JsValue } = {};
    d.members.forEach((m, i) => {
      const n = m.name || `__anon${i}`;
      o[n] = m.bits === undefined && m.off % 8 === 0 ? formatValue(m.type, b, off + m.off / 8, n) : (decode({ ...d, members: [m] }, b, off) as { [k: string]: JsValue })[n]!;
    });
    return o;
  }
  if (d.k === 'array' && !(d.elem.k === 'int' && d.elem.char)) {
    const es = d.n ? d.size / d.n : 0;
    return Array.from({ length: d.n }, (_, i) => formatValue(d.elem, b, off + i * es, name));
  }
  return decode(d, b, off);
}

/**
 * The BTF type of ring-buffer or perf-buffer records, which the map does not carry: the struct,
 * union or typedef named `name`, or else the one struct of the record's size whose name says
 * event (event, record, sample, msg — libbpf-tools' `struct event`). Size alone is not enough:
 * clang emits BTF only for types the maps and functions use, so the record struct is often absent
 * and another of the same size (struct xdp_md) would be taken for it.
 */
export function recordTypeOf(btf: Btf | undefined, o: { name?: string; size?: number }): TypeDesc | undefined {
  if (!btf) return undefined;
  if (o.name !== undefined) {
    const bare = o.name.replace(/^(struct|union) /, '');
    const t = [BTF_KIND_STRUCT, BTF_KIND_UNION, BTF_KIND_TYPEDEF].map((k) => btf.find(bare, k)).find(Boolean);
    if (!t) throw new BpfError('ENOENT', `no struct, union or typedef named '${o.name}' in the object's BTF`);
    return describe(btf, t.id);
  }
  if (o.size === undefined) return undefined;
  const hits: { id: number; name: string }[] = [];
  for (let id = 1; id < btf.types.length; id++) {
    const t = btf.types[id];
    if (t && t.kind === BTF_KIND_STRUCT && t.name && t.size === o.size && !t.name.startsWith('__')) hits.push({ id, name: t.name });
  }
  const named = hits.filter((h) => /event|record|sample|msg/i.test(h.name));
  return named.length === 1 ? describe(btf, named[0]!.id) : undefined;
}

/** bytes without a BTF type, for people: a 4- or 8-byte integer, else hex */
export function plainValue(b: Uint8Array): JsValue {
  if (b.length === 4 || b.length === 8) return num(readUint(b, 0, b.length));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');
}

/**
 * The per-CPU values of one entry added up (integers, and the integer fields of structs and
 * arrays, field by field), as `bpftool map dump` users add them by hand; undefined when the
 * values hold anything else (strings, addresses).
 */
export function sumValues(values: readonly JsValue[]): JsValue | undefined {
  if (values.length === 0) return undefined;
  const first = values[0]!;
  if (typeof first === 'number' || typeof first === 'bigint') {
    if (!values.every((v) => typeof v === 'number' || typeof v === 'bigint')) return undefined;
    return num(values.reduce<bigint>((a, v) => a + BigInt(v as number | bigint), 0n));
  }
  if (Array.isArray(first)) {
    if (!values.every((v) => Array.isArray(v) && v.length === first.length)) return undefined;
    const out: JsValue[] = [];
    for (let i = 0; i < first.length; i++) {
      const s = sumValues(values.map((v) => (v as JsValue[])[i]!));
      if (s === undefined) return undefined;
      out.push(s);
    }
    return out;
  }
  if (typeof first === 'object' && first !== null) {
    const out: { [k: string]: JsValue } = {};
    for (const k of Object.keys(first)) {
      const s = sumValues(values.map((v) => (v as { [k: string]: JsValue })[k]!));
      if (s === undefined) return undefined;
      out[k] = s;
    }
    return out;
  }
  return undefined;
}

/** one map entry for people: key and value (per-CPU maps: the value of each CPU, and their sum) */
export interface ReadableEntry { key: JsValue; value?: JsValue; values?: JsValue[]; sum?: JsValue }

/** a value for people as one line of text: strings bare at the top, JSON inside */
export function readableText(v: JsValue | undefined): string {
  return typeof v === 'string' ? v : toJson(v);
}

/** 4 bytes of a dotted quad, or undefined */
export function parseIpv4(text: string): Uint8Array | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return undefined;
  const b = m.slice(1).map(Number);
  return b.every((x) => x <= 255) ? Uint8Array.from(b) : undefined;
}

/** 16 bytes of an IPv6 address (RFC 4291 text forms: `::`, a trailing dotted quad), or undefined */
export function parseIpv6(text: string): Uint8Array | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(text) || !text.includes(':') || text.length > 45) return undefined;
  let t = text;
  let tail: number[] = [];
  const q = /(^|:)(\d+\.\d+\.\d+\.\d+)$/.exec(t);
  if (q) {
    const v4 = parseIpv4(q[2]!);
    if (!v4) return undefined;
    tail = [(v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!];
    t = t.slice(0, t.length - q[2]!.length);
    if (t.endsWith(':') && !t.endsWith('::')) t = t.slice(0, -1);
  }
  const halves = t.split('::');
  if (halves.length > 2) return undefined;
  const part = (s: string): number[] => (s === '' ? [] : s.split(':').map((g) => (/^[0-9a-fA-F]{1,4}$/.test(g) ? parseInt(g, 16) : NaN)));
  const head = part(halves[0]!);
  const rest = halves.length === 2 ? part(halves[1]!) : [];
  if (head.some(Number.isNaN) || rest.some(Number.isNaN)) return undefined;
  const want = 8 - tail.length;
  let groups = head;
  if (halves.length === 2) {
    // `::` stands for at least one group of zeros
    if (head.length + rest.length > want - 1) return undefined;
    groups = [...head, ...Array<number>(want - head.length - rest.length).fill(0), ...rest];
  }
  groups = [...groups, ...tail];
  if (groups.length !== 8) return undefined;
  return Uint8Array.from(groups.flatMap((g) => [g >> 8, g & 0xff]));
}

/**
 * An LPM trie key from CIDR text (`10.0.0.0/8`, `2001:db8::/32`): prefixlen as a host-order u32,
 * then the address in network order (struct bpf_lpm_trie_key_u8, uapi linux/bpf.h); undefined
 * when the text is not CIDR. EINVAL when the prefix is longer than the address.
 */
export function parseCidrKey(text: string): Uint8Array | undefined {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(text);
  if (!m) return undefined;
  const addr = parseIpv4(m[1]!) ?? parseIpv6(m[1]!);
  if (!addr) return undefined;
  const prefix = Number(m[2]);
  if (prefix > addr.length * 8) throw new BpfError('EINVAL', `${text}: a /${prefix} prefix is longer than the ${addr.length * 8}-bit address`);
  const out = new Uint8Array(4 + addr.length);
  new DataView(out.buffer).setUint32(0, prefix, true);
  out.set(addr, 4);
  return out;
}
