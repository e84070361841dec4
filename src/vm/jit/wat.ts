/**
 * WebAssembly binary → text (WAT), for `tsbpf prog dump jited`: decodes the modules the JIT
 * writes (the sections and opcodes of wasm.ts; WebAssembly Core Specification 2.0 §5 and §6) and
 * prints them in the flat text format with structured indentation.
 */
import { BpfError } from '../../isa/errors.js';

const OPS: Record<number, string> = {};
const NAMES = `unreachable nop block loop if else - - - - - end br br_if br_table return call call_indirect`.split(' ');
NAMES.forEach((n, k) => n !== '-' && (OPS[k] = n));
Object.assign(OPS, {
  0x1a: 'drop', 0x1b: 'select', 0x20: 'local.get', 0x21: 'local.set', 0x22: 'local.tee', 0x23: 'global.get', 0x24: 'global.set',
  0x41: 'i32.const', 0x42: 'i64.const', 0xa7: 'i32.wrap_i64', 0xac: 'i64.extend_i32_s', 0xad: 'i64.extend_i32_u',
  0xc0: 'i32.extend8_s', 0xc1: 'i32.extend16_s', 0xc2: 'i64.extend8_s', 0xc3: 'i64.extend16_s', 0xc4: 'i64.extend32_s',
});
'i32.load i64.load f32.load f64.load i32.load8_s i32.load8_u i32.load16_s i32.load16_u i64.load8_s i64.load8_u i64.load16_s i64.load16_u i64.load32_s i64.load32_u i32.store i64.store f32.store f64.store i32.store8 i32.store16 i64.store8 i64.store16 i64.store32'
  .split(' ').forEach((n, k) => (OPS[0x28 + k] = n));
'i32.eqz i32.eq i32.ne i32.lt_s i32.lt_u i32.gt_s i32.gt_u i32.le_s i32.le_u i32.ge_s i32.ge_u i64.eqz i64.eq i64.ne i64.lt_s i64.lt_u i64.gt_s i64.gt_u i64.le_s i64.le_u i64.ge_s i64.ge_u'
  .split(' ').forEach((n, k) => (OPS[0x45 + k] = n));
'i32.clz i32.ctz i32.popcnt i32.add i32.sub i32.mul i32.div_s i32.div_u i32.rem_s i32.rem_u i32.and i32.or i32.xor i32.shl i32.shr_s i32.shr_u i32.rotl i32.rotr i64.clz i64.ctz i64.popcnt i64.add i64.sub i64.mul i64.div_s i64.div_u i64.rem_s i64.rem_u i64.and i64.or i64.xor i64.shl i64.shr_s i64.shr_u i64.rotl i64.rotr'
  .split(' ').forEach((n, k) => (OPS[0x67 + k] = n));

const VT: Record<number, string> = { 0x7f: 'i32', 0x7e: 'i64', 0x7d: 'f32', 0x7c: 'f64' };

/** local names of the JIT's eBPF functions (codegen_abi.ts: params r0..r10, depth, cnt, then scratch) */
const BPF_FUNC_LOCALS = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'r9', 'r10', 'depth', 'cnt', 'addr', 't', 'rd_lo', 'rd_lim', 'wr_lo', 'wr_lim', 'hi', 'next', 't32', 'may_goto', 'limit', 'stack_lo', 'fp', 'over'];

class Reader {
  p = 0;
  constructor(readonly b: Uint8Array) {}
  u8(): number {
    if (this.p >= this.b.length) throw new BpfError('EINVAL', 'truncated wasm module', { offset: this.p });
    return this.b[this.p++]!;
  }
  uleb(): number {
    let r = 0, sh = 0, x: number;
    do {
      x = this.u8();
      r += (x & 0x7f) * 2 ** sh;
      sh += 7;
    } while (x & 0x80);
    return r;
  }
  sleb(): bigint {
    let r = 0n, sh = 0n, x: number;
    do {
      x = this.u8();
      r |= BigInt(x & 0x7f) << sh;
      sh += 7n;
    } while (x & 0x80);
    if (x & 0x40) r -= 1n << sh;
    return r;
  }
  str(): string {
    const n = this.uleb();
    const s = new TextDecoder().decode(this.b.subarray(this.p, this.p + n));
    this.p += n;
    return s;
  }
}

interface FuncType { params: number[]; results: number[] }

/** print a module as WAT */
export function wasmToWat(bytes: Uint8Array): string {
  const r = new Reader(bytes);
  if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) throw new BpfError('EINVAL', 'not a wasm module');
  r.p = 8;
  const types: FuncType[] = [];
  const funcNames: string[] = [];
  const importLines: string[] = [];
  const funcTypes: number[] = [];
  let nImportFuncs = 0;
  let nGlobals = 0;
  const globalLines: string[] = [];
  const tableLines: string[] = [];
  const exportLines: string[] = [];
  const bodies: Array<{ start: number; end: number }> = [];
  const sections: Array<{ id: number; start: number; end: number }> = [];
  while (r.p < bytes.length) {
    const id = r.u8();
    const size = r.uleb();
    sections.push({ id, start: r.p, end: r.p + size });
    r.p += size;
  }
  // names first, so that every later line can use them
  for (const s of sections.filter((x) => x.id === 0)) {
    r.p = s.start;
    if (r.str() !== 'name') continue;
    while (r.p < s.end) {
      const sub = r.u8();
      const len = r.uleb();
      const end = r.p + len;
      if (sub === 1) {
        const n = r.uleb();
        for (let k = 0; k < n; k++) {
          const idx = r.uleb();
          funcNames[idx] = r.str();
        }
      }
      r.p = end;
    }
  }
  const fname = (k: number): string => `$${funcNames[k] ?? `f${k}`}`;
  const sig = (t: FuncType): string =>
    (t.params.length ? ` (param ${t.params.map((v) => VT[v]).join(' ')})` : '') + (t.results.length ? ` (result ${t.results.map((v) => VT[v]).join(' ')})` : '');
  for (const s of sections) {
    r.p = s.start;
    switch (s.id) {
      case 1: {
        const n = r.uleb();
        for (let k = 0; k < n; k++) {
          r.u8();
          const params = Array.from({ length: r.uleb() }, () => r.u8());
          const results = Array.from({ length: r.uleb() }, () => r.u8());
          types.push({ params, results });
        }
        break;
      }
      case 2: {
        const n = r.uleb();
        for (let k = 0; k < n; k++) {
          const mod = r.str(), name = r.str(), kind = r.u8();
          if (kind === 0) {
            const t = r.uleb();
            funcTypes.push(t);
            importLines.push(`  (import "${mod}" "${name}" (func ${fname(nImportFuncs)} (type ${t})))`);
            nImportFuncs++;
          } else if (kind === 2) {
            const flags = r.u8();
            const min = r.uleb();
            const max = flags & 1 ? ` ${r.uleb()}` : '';
            importLines.push(`  (import "${mod}" "${name}" (memory ${min}${max}))`);
          } else if (kind === 3) {
            const vt = r.u8(), mut = r.u8();
            importLines.push(`  (import "${mod}" "${name}" (global $g${nGlobals++} ${mut ? `(mut ${VT[vt]})` : VT[vt]}))`);
          } else throw new BpfError('EINVAL', `unsupported import kind ${kind}`);
        }
        break;
      }
      case 3: {
        const n = r.uleb();
        for (let k = 0; k < n; k++) funcTypes.push(r.uleb());
        break;
      }
      case 6: {
        const n = r.uleb();
        for (let k = 0; k < n; k++) {
          const vt = r.u8(), mut = r.u8();
          const o = r.u8();
          const v = o === 0x41 || o === 0x42 ? r.sleb() : 0n;
          r.u8(); // end
          globalLines.push(`  (global $g${nGlobals++} ${mut ? `(mut ${VT[vt]})` : VT[vt]} (${VT[vt]}.const ${v}))`);
        }
        break;
      }
      case 4: {
        const n = r.uleb();
        for (let k = 0; k < n; k++) {
          const rt = r.u8(), flags = r.u8(), min = r.uleb();
          const max = flags & 1 ? ` ${r.uleb()}` : '';
          tableLines.push(`  (table ${min}${max} ${rt === 0x70 ? 'funcref' : 'externref'})`);
        }
        break;
      }
      case 9: {
        const n = r.uleb();
        for (let k = 0; k < n; k++) {
          const flags = r.uleb();
          if (flags !== 0) throw new BpfError('EINVAL', `unsupported element segment kind ${flags}`);
          const o = r.u8();
          const at = o === 0x41 ? r.sleb() : 0n;
          r.u8(); // end
          const m = r.uleb();
          const fs = Array.from({ length: m }, () => fname(r.uleb()));
          tableLines.push(`  (elem (i32.const ${at}) func ${fs.join(' ')})`);
        }
        break;
      }
      case 7: {
        const n = r.uleb();
        for (let k = 0; k < n; k++) {
          const name = r.str(), kind = r.u8(), idx = r.uleb();
          exportLines.push(`  (export "${name}" (${['func', 'table', 'memory', 'global'][kind]} ${kind === 0 ? fname(idx) : kind === 3 ? `$g${idx}` : idx}))`);
        }
        break;
      }
      case 10: {
        const n = r.uleb();
        for (let k = 0; k < n; k++) {
          const size = r.uleb();
          bodies.push({ start: r.p, end: r.p + size });
          r.p += size;
        }
        break;
      }
    }
  }
  const out: string[] = ['(module'];
  types.forEach((t, k) => out.push(`  (type (;${k};) (func${sig(t)}))`));
  out.push(...importLines, ...tableLines, ...globalLines, ...exportLines);
  bodies.forEach((bd, k) => {
    const fi = nImportFuncs + k;
    const t = types[funcTypes[fi]!]!;
    r.p = bd.start;
    const locals: number[] = [];
    const nl = r.uleb();
    for (let j = 0; j < nl; j++) {
      const c = r.uleb(), vt = r.u8();
      for (let q = 0; q < c; q++) locals.push(vt);
    }
    const all = [...t.params, ...locals];
    const named = t.params.length === 13 && all.length === BPF_FUNC_LOCALS.length;
    const lname = (i: number): string => (named ? `$${BPF_FUNC_LOCALS[i]}` : String(i));
    const decl = (from: number, vts: number[], what: string): string =>
      vts.map((v, i) => (named ? `(${what} ${lname(from + i)} ${VT[v]})` : `(${what} ${VT[v]})`)).join(' ');
    const head = `  (func ${fname(fi)} (type ${funcTypes[fi]})`;
    out.push(
      head +
        (t.params.length ? ' ' + decl(0, t.params, 'param') : '') +
        (t.results.length ? ` (result ${t.results.map((v) => VT[v]).join(' ')})` : ''),
    );
    if (locals.length) out.push('    ' + decl(t.params.length, locals, 'local'));
    printBody(r, bd.end, out, lname, fname, types);
    out.push('  )');
  });
  out.push(')');
  return out.join('\n') + '\n';
}

function printBody(r: Reader, end: number, out: string[], lname: (i: number) => string, fname: (i: number) => string, types: FuncType[]): void {
  let depth = 2;
  const pad = (): string => '  '.repeat(depth);
  const blockType = (): string => {
    const b = r.b[r.p]!;
    if (b === 0x40) { r.p++; return ''; }
    if (VT[b]) { r.p++; return ` (result ${VT[b]})`; }
    const t = Number(r.sleb());
    const ft = types[t];
    return ft ? ` (type ${t})` : '';
  };
  while (r.p < end) {
    const o = r.u8();
    if (o === 0xfc) {
      // the 0xfc prefix: the JIT writes only memory.copy (sub-opcode 10, two memory indices)
      const sub = r.uleb();
      if (sub !== 10) throw new BpfError('EINVAL', `unknown wasm opcode 0xfc ${sub}`, { offset: r.p - 1 });
      r.u8();
      r.u8();
      out.push(pad() + 'memory.copy');
      continue;
    }
    const name = OPS[o];
    if (name === undefined) throw new BpfError('EINVAL', `unknown wasm opcode 0x${o.toString(16)}`, { offset: r.p - 1 });
    switch (o) {
      case 0x02: case 0x03: case 0x04:
        out.push(pad() + name + blockType());
        depth++;
        break;
      case 0x05:
        out.push('  '.repeat(depth - 1) + 'else');
        break;
      case 0x0b:
        depth--;
        if (r.p < end) out.push(pad() + 'end');
        break;
      case 0x0c: case 0x0d:
        out.push(`${pad()}${name} ${r.uleb()}`);
        break;
      case 0x0e: {
        const n = r.uleb();
        const ls = Array.from({ length: n + 1 }, () => r.uleb());
        out.push(`${pad()}br_table ${ls.join(' ')}`);
        break;
      }
      case 0x10:
        out.push(`${pad()}call ${fname(r.uleb())}`);
        break;
      case 0x11: {
        const t = r.uleb();
        const table = r.uleb();
        out.push(`${pad()}call_indirect${table ? ` ${table}` : ''} (type ${t})`);
        break;
      }
      case 0x20: case 0x21: case 0x22:
        out.push(`${pad()}${name} ${lname(r.uleb())}`);
        break;
      case 0x23: case 0x24:
        out.push(`${pad()}${name} $g${r.uleb()}`);
        break;
      case 0x41: case 0x42:
        out.push(`${pad()}${name} ${r.sleb()}`);
        break;
      default:
        if (o >= 0x28 && o <= 0x3e) {
          const align = r.uleb();
          const off = r.uleb();
          const natural = [2, 3, 2, 3, 0, 0, 1, 1, 0, 0, 1, 1, 2, 2, 2, 3, 2, 3, 0, 1, 0, 1, 2][o - 0x28]!;
          out.push(`${pad()}${name}${off ? ` offset=${off}` : ''}${align !== natural ? ` align=${2 ** align}` : ''}`);
        } else out.push(pad() + name);
    }
  }
}
