/**
 * The object's `.BTF` as the kernel will accept it (BPF_BTF_LOAD), edited in its raw form the way
 * libbpf does before bpf_object__load_btf (tools/lib/bpf/libbpf.c):
 *  - btf_fixup_datasec: DATASEC sizes and variable offsets from the ELF (clang leaves them 0),
 *    variables sorted by offset, hidden globals made static;
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
  BTF_FUNC_EXTERN, BTF_FUNC_GLOBAL, BTF_FUNC_STATIC, BTF_VAR_GLOBAL_ALLOCATED, BTF_VAR_GLOBAL_EXTERN, BTF_VAR_STATIC, BTF_MAGIC,
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
  private dv: DataView;
  private bytes: Uint8Array;
  readonly hdrLen: number;
  /** byte offset (in `bytes`) of each type record; [0] unused (void) */
  readonly recs: number[] = [0];
  private extraTypes: Uint8Array[] = [];
  private extraStrings: string[] = [];
  private strLen: number;
  private typeEnd: number;
  private strStart: number;

  constructor(raw: Uint8Array) {
    this.bytes = raw.slice();
    this.dv = new DataView(this.bytes.buffer);
    const le = true;
    if (this.dv.getUint16(0, le) !== BTF_MAGIC) throw new BpfError('EINVAL', 'BTF upload: only little-endian BTF can be loaded into this kernel');
    this.hdrLen = this.dv.getUint32(4, le);
    const typeOff = this.dv.getUint32(8, le);
    const typeLen = this.dv.getUint32(12, le);
    const strOff = this.dv.getUint32(16, le);
    this.strLen = this.dv.getUint32(20, le);
    let p = this.hdrLen + typeOff;
    this.typeEnd = p + typeLen;
    this.strStart = this.hdrLen + strOff;
    while (p < this.typeEnd) {
      this.recs.push(p);
      p += 12 + this.extraSize(p);
    }
  }

  get typeCount(): number {
    return this.recs.length + this.extraTypes.length;
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
    this.dv.setUint32(this.recs[id]! + 4, ((kflag ? 1 : 0) << 31) | (kind << 24) | vlen, true);
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
    let s = '';
    for (let k = this.strStart + off; k < this.strStart + this.strLen && this.bytes[k] !== 0; k++) s += String.fromCharCode(this.bytes[k]!);
    return s;
  }
  /** rename in place (same length or shorter; for '.' and '?' -> '_' rewrites) */
  renameInPlace(off: number, f: (c: string, i: number) => string): void {
    for (let k = this.strStart + off, i = 0; k < this.strStart + this.strLen && this.bytes[k] !== 0; k++, i++) {
      this.bytes[k] = f(String.fromCharCode(this.bytes[k]!), i).charCodeAt(0);
    }
  }

  /** append a string; returns its offset */
  addString(s: string): number {
    let off = this.strLen;
    for (const x of this.extraStrings) off += x.length + 1;
    this.extraStrings.push(s);
    return off;
  }

  /** append an INT type (libbpf btf__add_int); returns its id */
  addInt(name: string, size: number, encoding: number): number {
    const r = new Uint8Array(16);
    const dv = new DataView(r.buffer);
    dv.setUint32(0, this.addString(name), true);
    dv.setUint32(4, BTF_KIND_INT << 24, true);
    dv.setUint32(8, size, true);
    dv.setUint32(12, (encoding << 24) | (size * 8), true);
    this.extraTypes.push(r);
    return this.typeCount - 1;
  }

  /** append a VAR; returns its id */
  addVar(name: string, type: number, linkage: number): number {
    const r = new Uint8Array(16);
    const dv = new DataView(r.buffer);
    dv.setUint32(0, this.addString(name), true);
    dv.setUint32(4, BTF_KIND_VAR << 24, true);
    dv.setUint32(8, type, true);
    dv.setUint32(12, linkage, true);
    this.extraTypes.push(r);
    return this.typeCount - 1;
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
    const types = this.bytes.subarray(this.hdrLen + this.dv.getUint32(8, true), this.typeEnd);
    const extraT = this.extraTypes.reduce((n, t) => n + t.length, 0);
    const strs = this.bytes.subarray(this.strStart, this.strStart + this.strLen);
    const extraS = this.extraStrings.map((s) => s + '\0').join('');
    const out = new Uint8Array(24 + types.length + extraT + strs.length + extraS.length);
    const dv = new DataView(out.buffer);
    dv.setUint16(0, BTF_MAGIC, true);
    out[2] = 1;
    out[3] = 0;
    dv.setUint32(4, 24, true);
    dv.setUint32(8, 0, true);
    dv.setUint32(12, types.length + extraT, true);
    dv.setUint32(16, types.length + extraT, true);
    dv.setUint32(20, strs.length + extraS.length, true);
    let p = 24;
    out.set(types, p);
    p += types.length;
    for (const t of this.extraTypes) {
      out.set(t, p);
      p += t.length;
    }
    out.set(strs, p);
    p += strs.length;
    for (let k = 0; k < extraS.length; k++) out[p + k] = extraS.charCodeAt(k);
    return out;
  }
}

/**
 * libbpf btf_fixup_datasec for every DATASEC, and the extern DATASECs made loadable
 * (bpf_object__collect_externs). `layout(name)` gives an ELF section's size and symbol offsets.
 */
export function fixupObjectBtf(btf: RawBtf, layout: (section: string) => SectionLayout | undefined): void {
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
  void BTF_VAR_GLOBAL_EXTERN;
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
