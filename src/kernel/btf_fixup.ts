/**
 * The object's `.BTF` as the kernel will accept it (BPF_BTF_LOAD), edited in its raw form the way
 * libbpf does before bpf_object__load_btf (tools/lib/bpf/libbpf.c):
 *  - btf_fixup_datasec: DATASEC sizes and variable offsets from the ELF (clang leaves them 0),
 *    variables sorted by offset, hidden globals (variables and functions) made static;
 *  - bpf_object__collect_externs: the `.ksyms` and `.kconfig` DATASECs of extern variables and
 *    functions made into allocated ones (kernel/bpf/btf.c btf_var_check_meta refuses
 *    BTF_VAR_GLOBAL_EXTERN, btf_func_check_meta refuses BTF_FUNC_EXTERN, btf_func_check refuses
 *    unnamed parameters);
 *  - bpf_object__sanitize_btf: kinds the running kernel lacks (probed once) replaced by kinds of
 *    the same record size it has (VAR -> INT, DATASEC -> STRUCT, FUNC -> TYPEDEF, FUNC_PROTO ->
 *    ENUM, FLOAT -> empty STRUCT, DECL_TAG -> INT, TYPE_TAG -> CONST, ENUM64 -> UNION).
 * Type ids never change, so map key/value type ids and func_info stay valid.
 */
import { BpfError } from '../isa/errors.js';
import {
  BTF_KIND_CONST, BTF_KIND_DATASEC, BTF_KIND_DECL_TAG, BTF_KIND_ENUM, BTF_KIND_ENUM64, BTF_KIND_FLOAT, BTF_KIND_FUNC,
  BTF_KIND_FUNC_PROTO, BTF_KIND_INT, BTF_KIND_STRUCT, BTF_KIND_TYPEDEF, BTF_KIND_TYPE_TAG, BTF_KIND_UNION, BTF_KIND_VAR,
  BTF_FUNC_EXTERN, BTF_FUNC_GLOBAL, BTF_FUNC_STATIC, BTF_VAR_GLOBAL_ALLOCATED, BTF_VAR_STATIC, BTF_MAGIC,
} from '../btf/types.js';
import type { SectionLayout } from '../elf/datasec.js';

/** which BTF kinds the kernel knows (libbpf's FEAT_BTF_* probes) */
export interface BtfFeatures {
  func: boolean;
  globalFunc: boolean;
  datasec: boolean;
  qmarkDatasec: boolean;
  float: boolean;
  declTag: boolean;
  typeTag: boolean;
  enum64: boolean;
}

export const ALL_BTF_FEATURES: BtfFeatures = { func: true, globalFunc: true, datasec: true, qmarkDatasec: true, float: true, declTag: true, typeTag: true, enum64: true };

/** a raw BTF blob, parsed just enough to edit records in place and append types and strings */
export class RawBtf {
  /** the type section (grows when types are appended) */
  private types: Uint8Array;
  private dv: DataView;
  private typeLen: number;
  /** the string section, then the appended strings */
  private readonly strs: Uint8Array;
  private extraStrings: string[] = [];
  private extraStrLen = 0;
  /** byte offset (in the type section) of each type record; [0] unused (void) */
  readonly recs: number[] = [0];

  constructor(raw: Uint8Array) {
    const hdr = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    if (raw.length < 24 || hdr.getUint16(0, true) !== BTF_MAGIC) throw new BpfError('EINVAL', 'BTF upload: only little-endian BTF can be loaded into this kernel');
    const hdrLen = hdr.getUint32(4, true);
    const typeOff = hdrLen + hdr.getUint32(8, true);
    this.typeLen = hdr.getUint32(12, true);
    const strOff = hdrLen + hdr.getUint32(16, true);
    const strLen = hdr.getUint32(20, true);
    this.types = raw.slice(typeOff, typeOff + this.typeLen);
    this.strs = raw.slice(strOff, strOff + strLen);
    this.dv = new DataView(this.types.buffer);
    for (let p = 0; p < this.typeLen; p += 12 + this.extraSize(p)) this.recs.push(p);
  }

  get typeCount(): number {
    return this.recs.length;
  }

  kind(id: number): number {
    return (this.info(id) >>> 24) & 0x1f;
  }
  vlen(id: number): number {
    return this.info(id) & 0xffff;
  }
  info(id: number): number {
    return this.dv.getUint32(this.recs[id]! + 4, true);
  }
  setInfo(id: number, kind: number, vlen: number, kflag = false): void {
    this.dv.setUint32(this.recs[id]! + 4, (((kflag ? 1 : 0) << 31) | (kind << 24) | vlen) >>> 0, true);
  }
  nameOff(id: number): number {
    return this.dv.getUint32(this.recs[id]!, true);
  }
  setNameOff(id: number, off: number): void {
    this.dv.setUint32(this.recs[id]!, off, true);
  }
  /** the size_or_type word */
  sizeOrType(id: number): number {
    return this.dv.getUint32(this.recs[id]! + 8, true);
  }
  setSizeOrType(id: number, v: number): void {
    this.dv.setUint32(this.recs[id]! + 8, v >>> 0, true);
  }
  /** u32 at byte `off` of the record's extra data */
  extra(id: number, off: number): number {
    return this.dv.getUint32(this.recs[id]! + 12 + off, true);
  }
  setExtra(id: number, off: number, v: number): void {
    this.dv.setUint32(this.recs[id]! + 12 + off, v >>> 0, true);
  }

  name(id: number): string {
    return this.stringAt(this.nameOff(id));
  }
  stringAt(off: number): string {
    if (off >= this.strs.length) {
      let o = this.strs.length;
      for (const x of this.extraStrings) {
        if (off === o) return x;
        o += x.length + 1;
      }
      return '';
    }
    let s = '';
    for (let k = off; k < this.strs.length && this.strs[k] !== 0; k++) s += String.fromCharCode(this.strs[k]!);
    return s;
  }
  /** rewrite a string of the original section in place, same length (for '.' and '?' -> '_') */
  renameInPlace(off: number, f: (c: string, i: number) => string): void {
    for (let k = off, i = 0; k < this.strs.length && this.strs[k] !== 0; k++, i++) this.strs[k] = f(String.fromCharCode(this.strs[k]!), i).charCodeAt(0);
  }

  /** append a string; returns its offset */
  addString(s: string): number {
    const off = this.strs.length + this.extraStrLen;
    this.extraStrings.push(s);
    this.extraStrLen += s.length + 1;
    return off;
  }

  /** append a 16-byte type record; returns its id */
  private addType(words: [number, number, number, number]): number {
    if (this.typeLen + 16 > this.types.length) {
      const grown = new Uint8Array(Math.max(this.types.length * 2, this.typeLen + 64));
      grown.set(this.types.subarray(0, this.typeLen));
      this.types = grown;
      this.dv = new DataView(grown.buffer);
    }
    words.forEach((w, k) => this.dv.setUint32(this.typeLen + k * 4, w >>> 0, true));
    this.recs.push(this.typeLen);
    this.typeLen += 16;
    return this.recs.length - 1;
  }

  /** append an INT type (libbpf btf__add_int); returns its id */
  addInt(name: string, size: number, encoding: number): number {
    return this.addType([this.addString(name), BTF_KIND_INT << 24, size, (encoding << 24) | (size * 8)]);
  }

  /** append a VAR; returns its id */
  addVar(name: string, type: number, linkage: number): number {
    return this.addType([this.addString(name), BTF_KIND_VAR << 24, type, linkage]);
  }

  private extraSize(p: number): number {
    const info = this.dv.getUint32(p + 4, true);
    const kind = (info >>> 24) & 0x1f;
    const vlen = info & 0xffff;
    switch (kind) {
      case BTF_KIND_INT: case BTF_KIND_VAR: case BTF_KIND_DECL_TAG: return 4;
      case 3 /* ARRAY */: return 12;
      case BTF_KIND_STRUCT: case BTF_KIND_UNION: case BTF_KIND_DATASEC: case BTF_KIND_ENUM64: return 12 * vlen;
      case BTF_KIND_ENUM: case BTF_KIND_FUNC_PROTO: return 8 * vlen;
      default: return 0;
    }
  }

  /** the edited blob: header, types (original then appended), strings (original then appended) */
  toBytes(): Uint8Array {
    const strLen = this.strs.length + this.extraStrLen;
    const out = new Uint8Array(24 + this.typeLen + strLen);
    const dv = new DataView(out.buffer);
    dv.setUint16(0, BTF_MAGIC, true);
    out[2] = 1;
    dv.setUint32(4, 24, true);
    dv.setUint32(8, 0, true);
    dv.setUint32(12, this.typeLen, true);
    dv.setUint32(16, this.typeLen, true);
    dv.setUint32(20, strLen, true);
    out.set(this.types.subarray(0, this.typeLen), 24);
    out.set(this.strs, 24 + this.typeLen);
    let p = 24 + this.typeLen + this.strs.length;
    for (const x of this.extraStrings) {
      for (let k = 0; k < x.length; k++) out[p + k] = x.charCodeAt(k);
      p += x.length + 1;
    }
    return out;
  }
}

/**
 * libbpf btf_fixup_datasec for every DATASEC, and the extern DATASECs made loadable
 * (bpf_object__collect_externs). `layout(name)` gives an ELF section's size and symbol offsets.
 */
export function fixupObjectBtf(btf: RawBtf, layout: (section: string) => SectionLayout | undefined, hiddenFuncs: ReadonlySet<string> = new Set()): void {
  let dummyVar = 0;
  let intId = 0;
  const anyInt = (): number => {
    if (intId) return intId;
    for (let id = 1; id < btf.recs.length; id++) {
      if (btf.kind(id) === BTF_KIND_INT && btf.sizeOrType(id) === 4) return (intId = id);
    }
    return (intId = btf.addInt('int', 4, 1));
  };
  for (let id = 1; id < btf.recs.length; id++) {
    const kind = btf.kind(id);
    if (kind === BTF_KIND_FUNC && btf.vlen(id) === BTF_FUNC_EXTERN) {
      // an extern function (kfunc, or defined by another object): global, with named parameters
      btf.setInfo(id, BTF_KIND_FUNC, BTF_FUNC_GLOBAL);
      const proto = btf.sizeOrType(id);
      if (proto && btf.kind(proto) === BTF_KIND_FUNC_PROTO) {
        for (let j = 0; j < btf.vlen(proto); j++) {
          if (btf.extra(proto, j * 8 + 4) && !btf.extra(proto, j * 8)) btf.setExtra(proto, j * 8, btf.addString(`arg${j}`));
        }
      }
      continue;
    }
    if (kind === BTF_KIND_FUNC && btf.vlen(id) === BTF_FUNC_GLOBAL && hiddenFuncs.has(btf.name(id))) {
      btf.setInfo(id, BTF_KIND_FUNC, BTF_FUNC_STATIC);
      continue;
    }
    if (kind !== BTF_KIND_DATASEC) continue;
    const name = btf.name(id);
    const vlen = btf.vlen(id);
    if (name === '.ksyms' || name === '.kconfig') {
      // the values live in the .kconfig map (laid out by the loader) or in instructions (ksyms):
      // a 4-byte int slot per extern keeps the DATASEC valid, as libbpf does
      for (let j = 0; j < vlen; j++) {
        const v = btf.extra(id, j * 12);
        if (btf.kind(v) === BTF_KIND_FUNC) {
          dummyVar ||= btf.addVar('dummy_ksym', anyInt(), BTF_VAR_GLOBAL_ALLOCATED);
          btf.setExtra(id, j * 12, dummyVar);
        } else if (btf.kind(v) === BTF_KIND_VAR) {
          btf.setExtra(v, 0, BTF_VAR_GLOBAL_ALLOCATED);
          btf.setSizeOrType(v, anyInt());
        }
        btf.setExtra(id, j * 12 + 4, j * 4);
        btf.setExtra(id, j * 12 + 8, 4);
      }
      btf.setSizeOrType(id, vlen * 4);
      continue;
    }
    const lay = layout(name);
    if (btf.sizeOrType(id) === 0) {
      if (!lay || !lay.size) throw new BpfError('ENOENT', `BTF DATASEC '${name}': no ELF section of that name gives its size (libbpf btf_fixup_datasec)`);
      btf.setSizeOrType(id, lay.size);
      for (let j = 0; j < vlen; j++) {
        const v = btf.extra(id, j * 12);
        const vn = btf.name(v);
        const off = lay.offsets.get(vn);
        if (off === undefined) throw new BpfError('ENOENT', `BTF DATASEC '${name}': no ELF symbol for variable '${vn}'`);
        btf.setExtra(id, j * 12 + 4, off);
      }
    }
    for (let j = 0; lay && j < vlen; j++) {
      const v = btf.extra(id, j * 12);
      if (btf.kind(v) === BTF_KIND_VAR && btf.extra(v, 0) === BTF_VAR_GLOBAL_ALLOCATED && lay.hidden.has(btf.name(v))) btf.setExtra(v, 0, BTF_VAR_STATIC);
    }
    // the kernel wants the variables in offset order (btf_datasec_check_meta)
    const entries = Array.from({ length: vlen }, (_, j) => [btf.extra(id, j * 12), btf.extra(id, j * 12 + 4), btf.extra(id, j * 12 + 8)] as const);
    entries.sort((a, b) => a[1] - b[1]);
    entries.forEach((e, j) => e.forEach((x, k) => btf.setExtra(id, j * 12 + k * 4, x)));
  }
}

/** bpf_object__sanitize_btf: replace the kinds the kernel lacks by kinds it has, record sizes unchanged */
export function sanitizeBtf(btf: RawBtf, f: BtfFeatures): void {
  let enum64Placeholder = 0;
  for (let id = 1; id < btf.recs.length; id++) {
    const kind = btf.kind(id);
    if ((!f.datasec && kind === BTF_KIND_VAR) || (!f.declTag && kind === BTF_KIND_DECL_TAG)) {
      // size 1: 4 could exceed the variable it stands for (libbpf's comment)
      btf.setInfo(id, BTF_KIND_INT, 0);
      btf.setSizeOrType(id, 1);
      btf.setExtra(id, 0, 8);
    } else if (!f.datasec && kind === BTF_KIND_DATASEC) {
      btf.renameInPlace(btf.nameOff(id), (c) => (c === '.' || c === '?' ? '_' : c));
      const vlen = btf.vlen(id);
      btf.setInfo(id, BTF_KIND_STRUCT, vlen);
      for (let j = 0; j < vlen; j++) {
        const v = btf.extra(id, j * 12);
        const off = btf.extra(id, j * 12 + 4);
        btf.setExtra(id, j * 12, btf.nameOff(v));
        btf.setExtra(id, j * 12 + 4, v);
        btf.setExtra(id, j * 12 + 8, off * 8);
      }
    } else if (!f.qmarkDatasec && kind === BTF_KIND_DATASEC && btf.name(id).startsWith('?')) {
      btf.renameInPlace(btf.nameOff(id), (c, i) => (i === 0 ? '_' : c));
    } else if (!f.func && kind === BTF_KIND_FUNC_PROTO) {
      btf.setInfo(id, BTF_KIND_ENUM, btf.vlen(id));
      btf.setSizeOrType(id, 4);
    } else if (!f.func && kind === BTF_KIND_FUNC) {
      btf.setInfo(id, BTF_KIND_TYPEDEF, 0);
    } else if (!f.globalFunc && kind === BTF_KIND_FUNC) {
      btf.setInfo(id, BTF_KIND_FUNC, BTF_FUNC_STATIC);
    } else if (!f.float && kind === BTF_KIND_FLOAT) {
      btf.setNameOff(id, 0);
      btf.setInfo(id, BTF_KIND_STRUCT, 0);
    } else if (!f.typeTag && kind === BTF_KIND_TYPE_TAG) {
      btf.setNameOff(id, 0);
      btf.setInfo(id, BTF_KIND_CONST, 0);
    } else if (!f.enum64 && kind === BTF_KIND_ENUM) {
      btf.setInfo(id, BTF_KIND_ENUM, btf.vlen(id), false);
    } else if (!f.enum64 && kind === BTF_KIND_ENUM64) {
      enum64Placeholder ||= btf.addInt('enum64_placeholder', 1, 0);
      const vlen = btf.vlen(id);
      btf.setInfo(id, BTF_KIND_UNION, vlen);
      for (let j = 0; j < vlen; j++) {
        btf.setExtra(id, j * 12 + 4, enum64Placeholder);
        btf.setExtra(id, j * 12 + 8, 0);
      }
    }
  }
}
