/**
 * A small WebAssembly binary encoder (WebAssembly Core Specification 2.0, chapter 5 "Binary
 * Format"): LEB128 integers, the opcodes the JIT emits, and a module writer for the sections it
 * needs (type, import, function, global, export, code). No dependency on wabt or binaryen.
 */

/** value types (spec 5.3.1) */
export const I32 = 0x7f;
export const I64 = 0x7e;
export type ValType = typeof I32 | typeof I64;

/** opcodes (spec 5.4), named as in the text format */
export const enum Op {
  unreachable = 0x00, nop = 0x01, block = 0x02, loop = 0x03, if = 0x04, else = 0x05, end = 0x0b,
  br = 0x0c, br_if = 0x0d, br_table = 0x0e, return = 0x0f, call = 0x10, call_indirect = 0x11, drop = 0x1a, select = 0x1b,
  local_get = 0x20, local_set = 0x21, local_tee = 0x22, global_get = 0x23, global_set = 0x24,
  i32_load = 0x28, i64_load = 0x29,
  i32_load8_s = 0x2c, i32_load8_u = 0x2d, i32_load16_s = 0x2e, i32_load16_u = 0x2f,
  i64_load8_s = 0x30, i64_load8_u = 0x31, i64_load16_s = 0x32, i64_load16_u = 0x33, i64_load32_s = 0x34, i64_load32_u = 0x35,
  i32_store = 0x36, i64_store = 0x37, i32_store8 = 0x3a, i32_store16 = 0x3b, i64_store8 = 0x3c, i64_store16 = 0x3d, i64_store32 = 0x3e,
  i32_const = 0x41, i64_const = 0x42,
  i32_eqz = 0x45, i32_eq = 0x46, i32_ne = 0x47, i32_lt_s = 0x48, i32_lt_u = 0x49, i32_gt_s = 0x4a, i32_gt_u = 0x4b,
  i32_le_s = 0x4c, i32_le_u = 0x4d, i32_ge_s = 0x4e, i32_ge_u = 0x4f,
  i64_eqz = 0x50, i64_eq = 0x51, i64_ne = 0x52, i64_lt_s = 0x53, i64_lt_u = 0x54, i64_gt_s = 0x55, i64_gt_u = 0x56,
  i64_le_s = 0x57, i64_le_u = 0x58, i64_ge_s = 0x59, i64_ge_u = 0x5a,
  i32_add = 0x6a, i32_sub = 0x6b, i32_mul = 0x6c, i32_div_s = 0x6d, i32_div_u = 0x6e, i32_rem_s = 0x6f, i32_rem_u = 0x70,
  i32_and = 0x71, i32_or = 0x72, i32_xor = 0x73, i32_shl = 0x74, i32_shr_s = 0x75, i32_shr_u = 0x76, i32_rotl = 0x77, i32_rotr = 0x78,
  i64_add = 0x7c, i64_sub = 0x7d, i64_mul = 0x7e, i64_div_s = 0x7f, i64_div_u = 0x80, i64_rem_s = 0x81, i64_rem_u = 0x82,
  i64_and = 0x83, i64_or = 0x84, i64_xor = 0x85, i64_shl = 0x86, i64_shr_s = 0x87, i64_shr_u = 0x88, i64_rotl = 0x89, i64_rotr = 0x8a,
  i32_wrap_i64 = 0xa7, i64_extend_i32_s = 0xac, i64_extend_i32_u = 0xad,
  i32_extend8_s = 0xc0, i32_extend16_s = 0xc1, i64_extend8_s = 0xc2, i64_extend16_s = 0xc3, i64_extend32_s = 0xc4,
}

/** memory.copy (bulk memory, spec 5.4.6: prefix 0xfc, sub-opcode 10, destination and source memory 0) */
export const MEMORY_COPY: readonly number[] = [0xfc, 0x0a, 0x00, 0x00];

/** block type "no result" (spec 5.3.6) */
export const VOID = 0x40;

/** a growable byte buffer with LEB128 writers */
export class Bytes {
  buf: Uint8Array;
  len = 0;
  constructor(cap = 256) {
    this.buf = new Uint8Array(cap);
  }
  /** make room for n more bytes */
  reserve(n: number): void {
    if (this.len + n > this.buf.length) this.grow(n);
  }
  private grow(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.len + n) cap *= 2;
    const b = new Uint8Array(cap);
    b.set(this.buf.subarray(0, this.len));
    this.buf = b;
  }
  u8(x: number): this {
    if (this.len >= this.buf.length) this.grow(1);
    this.buf[this.len++] = x;
    return this;
  }
  bytes(b: Uint8Array): this {
    const n = b.length;
    if (this.len + n > this.buf.length) this.grow(n);
    // short runs (templates) byte by byte: TypedArray.set has a fixed cost larger than the copy
    if (n <= 32) for (let k = 0; k < n; k++) this.buf[this.len + k] = b[k]!;
    else this.buf.set(b, this.len);
    this.len += n;
    return this;
  }
  /** unsigned LEB128 of a u32 */
  uleb(x: number): this {
    if (this.len + 5 > this.buf.length) this.grow(5);
    x >>>= 0;
    do {
      let b = x & 0x7f;
      x >>>= 7;
      if (x !== 0) b |= 0x80;
      this.buf[this.len++] = b;
    } while (x !== 0);
    return this;
  }
  /** signed LEB128 of an int32 */
  sleb(x: number): this {
    if (this.len + 5 > this.buf.length) this.grow(5);
    x |= 0;
    for (;;) {
      const b = x & 0x7f;
      x >>= 7;
      if ((x === 0 && (b & 0x40) === 0) || (x === -1 && (b & 0x40) !== 0)) {
        this.buf[this.len++] = b;
        return this;
      }
      this.buf[this.len++] = b | 0x80;
    }
  }
  /** signed LEB128 of a 64-bit value given as (lo, hi) int32 halves, without BigInt */
  sleb64(lo: number, hi: number): this {
    if (hi === lo >> 31) return this.sleb(lo);
    this.grow(10);
    lo >>>= 0;
    hi |= 0;
    for (;;) {
      const b = lo & 0x7f;
      // shift the 64-bit pair right by 7 (arithmetic)
      lo = (lo >>> 7) | ((hi & 0x7f) << 25);
      hi >>= 7;
      lo >>>= 0;
      const signBit = (b & 0x40) !== 0;
      if ((hi === 0 && lo === 0 && !signBit) || (hi === -1 && lo === 0xffffffff && signBit)) {
        this.buf[this.len++] = b;
        return this;
      }
      this.buf[this.len++] = b | 0x80;
    }
  }
  str(s: string): this {
    // names here are ASCII; anything else goes through TextEncoder
    if (!/^[\x00-\x7f]*$/.test(s)) {
      const b = new TextEncoder().encode(s);
      this.uleb(b.length);
      return this.bytes(b);
    }
    this.uleb(s.length);
    this.grow(s.length);
    for (let k = 0; k < s.length; k++) this.buf[this.len++] = s.charCodeAt(k);
    return this;
  }
  /** a vector of already-encoded items */
  vec(items: Bytes[]): this {
    this.uleb(items.length);
    for (const it of items) this.bytes(it.view());
    return this;
  }
  view(): Uint8Array {
    return this.buf.subarray(0, this.len);
  }
}

export interface FuncType {
  params: ValType[];
  results: ValType[];
}

export interface ImportFunc {
  module: string;
  name: string;
  type: number;
}
export interface ImportGlobal {
  module: string;
  name: string;
  type: ValType;
  mutable: boolean;
}

export interface GlobalDef {
  type: ValType;
  mutable: boolean;
  /** initial value (i32 or i64 zero-extended from a number) */
  init: number;
}

export interface FuncDef {
  type: number;
  /** local declarations beyond the parameters, as (count, type) runs */
  locals: Array<[number, ValType]>;
  /** the body's instructions, ending with `end`; or a function that writes them into the module */
  body: Uint8Array | ((out: Bytes) => void);
  /** name for the WAT printer and stack traces */
  name?: string;
}

export interface ModuleDef {
  types: FuncType[];
  importFuncs: ImportFunc[];
  importGlobals: ImportGlobal[];
  /** import the memory as (module, name) */
  memory: { module: string; name: string; min: number };
  globals: GlobalDef[];
  funcs: FuncDef[];
  /** exports: functions by their index in the function index space, globals by global index */
  exports: Array<{ name: string; kind: 'func' | 'global'; index: number }>;
  /** a funcref table holding functions first..first+count-1, for call_indirect */
  table?: { first: number; count: number };
  /** magic, version, type and import sections already encoded (encodeHeader of this module's) */
  header?: Uint8Array;
  /** write the "name" section (function names: for the WAT printer; costs a string per function) */
  names?: boolean;
  /**
   * branch hints of `if` instructions, filled while the function bodies are generated: 2 x the
   * position (in the output buffer, increasing) of one whose body is unlikely to run, + 1 when
   * its body is the likely one instead; they become a `metadata.code.branch_hint` section (the
   * branch-hinting proposal) before the code section
   */
  hints?: number[];
}

export function ulebLen(x: number): number {
  x >>>= 0;
  let n = 1;
  while (x >= 0x80) {
    x >>>= 7;
    n++;
  }
  return n;
}

/** write x as a 5-byte (padded) unsigned LEB128 at `at`: sizes patched in after their contents */
function patchUleb5(b: Bytes, at: number, x: number): void {
  const buf = b.buf;
  for (let k = 0; k < 4; k++) {
    buf[at + k] = (x & 0x7f) | 0x80;
    x >>>= 7;
  }
  buf[at + 4] = x & 0x7f;
}

/** reserve a 5-byte size; returns where its contents start */
function openSized(b: Bytes): number {
  b.reserve(5);
  b.len += 5;
  return b.len;
}
function closeSized(b: Bytes, start: number): void {
  patchUleb5(b, start - 5, b.len - start);
}

/**
 * encode a module (spec 5.5), into `out` when given (from its current length on: callers reuse one
 * scratch buffer across compiles and hand V8 a view), else into a new buffer. Section and function
 * sizes are written as padded 5-byte LEB128 (spec 5.2.2 allows up to ceil(32/7) bytes), so that
 * every byte is written once, in place.
 */
export function encodeModule(m: ModuleDef, out?: Bytes): Uint8Array<ArrayBuffer> {
  let total = 512 + 16 * m.funcs.length + 4 * (m.table?.count ?? 0);
  for (const f of m.funcs) if (typeof f.body !== 'function') total += f.body.length;
  if (!out) out = new Bytes(total);
  const base = out.len;
  out.reserve(total);
  if (m.header) out.bytes(m.header);
  else writeHeader(m, out);
  let at: number;
  // function section
  out.u8(3);
  at = openSized(out);
  out.uleb(m.funcs.length);
  for (const f of m.funcs) out.uleb(f.type);
  closeSized(out, at);
  // table section: one funcref table, sized for the element segment
  if (m.table) {
    out.u8(4);
    at = openSized(out);
    out.uleb(1).u8(0x70).u8(0x00).uleb(m.table.count);
    closeSized(out, at);
  }
  // global section
  if (m.globals.length) {
    out.u8(6);
    at = openSized(out);
    out.uleb(m.globals.length);
    for (const g of m.globals) {
      out.u8(g.type).u8(g.mutable ? 1 : 0);
      if (g.type === I32) out.u8(Op.i32_const).sleb(g.init);
      else out.u8(Op.i64_const).sleb64(g.init >>> 0, Math.floor(g.init / 4294967296) | 0);
      out.u8(Op.end);
    }
    closeSized(out, at);
  }
  // export section
  out.u8(7);
  at = openSized(out);
  out.uleb(m.exports.length);
  for (const e of m.exports) out.str(e.name).u8(e.kind === 'func' ? 0x00 : 0x03).uleb(e.index);
  closeSized(out, at);
  // element section: one active segment filling the table from 0 (spec 5.5.12, flags 0)
  if (m.table) {
    out.u8(9);
    at = openSized(out);
    out.uleb(1).uleb(0).u8(Op.i32_const).sleb(0).u8(Op.end).uleb(m.table.count);
    for (let k = 0; k < m.table.count; k++) out.uleb(m.table.first + k);
    closeSized(out, at);
  }
  // code section
  const codeAt = out.len;
  out.u8(10);
  at = openSized(out);
  out.uleb(m.funcs.length);
  const hinted = m.hints ? [] as Array<[number, number]> : null;
  for (const f of m.funcs) {
    const fat = openSized(out);
    out.uleb(f.locals.length);
    for (const [n, t] of f.locals) out.uleb(n).u8(t);
    if (typeof f.body === 'function') f.body(out);
    else out.bytes(f.body);
    if (hinted) hinted.push([fat, out.len]);
    closeSized(out, fat);
  }
  closeSized(out, at);
  if (hinted && m.hints!.length) insertBranchHints(out, codeAt, m.importFuncs.length, hinted, m.hints!);
  // custom "name" section (function names), so stack traces and WAT are readable
  if (m.names) {
    out.u8(0);
    at = openSized(out);
    out.str('name');
    out.u8(1);
    const sub = openSized(out);
    const named = m.funcs.map((f, k) => [m.importFuncs.length + k, f.name] as const).filter(([, n]) => n !== undefined);
    out.uleb(named.length + m.importFuncs.length);
    m.importFuncs.forEach((f, k) => out.uleb(k).str(f.name));
    for (const [k, n] of named) out.uleb(k).str(n!);
    closeSized(out, sub);
    closeSized(out, at);
  }
  return out.buf.subarray(base, out.len) as Uint8Array<ArrayBuffer>;
}

/**
 * Insert a `metadata.code.branch_hint` custom section (the branch-hinting proposal; V8 reads it only
 * between the function and the code sections) at `codeAt`: `hints` are ModuleDef.hints (2 x the
 * absolute position of an `if` whose condition is hinted false, + 1 for one hinted true; V8 11's
 * TurboFan reads hints of `if` only, not of `br_if`: graph-builder-interface.cc), `bodies` each
 * function's [start, end) in the buffer. A
 * hint's offset counts from the function body's first byte, its locals declaration (what V8 11
 * matches: measured, an offset from the first instruction changes nothing in the code it makes).
 */
function insertBranchHints(out: Bytes, codeAt: number, nImports: number, bodies: Array<[number, number]>, hints: number[]): void {
  const sec = new Bytes(64 + 8 * hints.length);
  sec.str('metadata.code.branch_hint');
  const perFunc: Array<[number, number[]]> = [];
  let k = 0;
  for (let f = 0; f < bodies.length && k < hints.length; f++) {
    const [start, end] = bodies[f]!;
    const offs: number[] = [];
    while (k < hints.length && hints[k]! >>> 1 < end) {
      const at = hints[k]! >>> 1;
      if (at >= start) offs.push(((at - start) << 1) | (hints[k]! & 1));
      k++;
    }
    if (offs.length) perFunc.push([nImports + f, offs]);
  }
  sec.uleb(perFunc.length);
  for (const [fi, offs] of perFunc) {
    sec.uleb(fi).uleb(offs.length);
    for (const o of offs) sec.uleb(o >>> 1).uleb(1).u8(o & 1); // size 1, 0 = not taken, 1 = taken
  }
  const body = sec.view();
  const head = new Bytes(8);
  head.u8(0).uleb(body.length);
  const ins = head.view();
  const n = ins.length + body.length;
  out.reserve(n);
  out.buf.copyWithin(codeAt + n, codeAt, out.len);
  out.buf.set(ins, codeAt);
  out.buf.set(body, codeAt + ins.length);
  out.len += n;
}

/**
 * The module's start: magic, version, type and import sections. The JIT's are the same for every
 * program, so it encodes them once (encodeHeader) and passes them as ModuleDef.header.
 */
function writeHeader(m: Pick<ModuleDef, 'types' | 'importFuncs' | 'importGlobals' | 'memory'>, out: Bytes): void {
  out.bytes(MAGIC);
  // type section
  out.u8(1);
  let at = openSized(out);
  out.uleb(m.types.length);
  for (const t of m.types) {
    out.u8(0x60).uleb(t.params.length);
    for (const p of t.params) out.u8(p);
    out.uleb(t.results.length);
    for (const r of t.results) out.u8(r);
  }
  closeSized(out, at);
  // import section
  out.u8(2);
  at = openSized(out);
  out.uleb(m.importFuncs.length + m.importGlobals.length + 1);
  for (const f of m.importFuncs) out.str(f.module).str(f.name).u8(0x00).uleb(f.type);
  out.str(m.memory.module).str(m.memory.name).u8(0x02).u8(0x00).uleb(m.memory.min);
  for (const g of m.importGlobals) out.str(g.module).str(g.name).u8(0x03).u8(g.type).u8(g.mutable ? 1 : 0);
  closeSized(out, at);
}

export function encodeHeader(m: Pick<ModuleDef, 'types' | 'importFuncs' | 'importGlobals' | 'memory'>): Uint8Array {
  const b = new Bytes(512);
  writeHeader(m, b);
  return b.view().slice();
}

const MAGIC = Uint8Array.of(0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00);
