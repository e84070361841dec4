/**
 * BTF read on demand, for the kernel's /sys/kernel/btf/vmlinux (about 5 MB and 125,000 types):
 * one pass over the type section records where each type starts (header words only, no
 * strings), then a type is decoded into the same BtfType records as btf.ts's parser the first
 * time it is asked for, and a name lookup compares the bytes of the string section without
 * decoding it. A tool that needs `struct task_struct` pays milliseconds, not the seconds a full
 * parse costs. Layout: include/uapi/linux/btf.h (struct btf_header, struct btf_type and the
 * per-kind trailing records).
 */
import { BpfError } from '../isa/errors.js';
import * as K from './types.js';
import type { BtfType, BtfMember } from './types.js';

export class LazyBtf {
  private readonly dv: DataView;
  private readonly typesStart: number;
  private readonly strStart: number;
  private readonly strLen: number;
  /** byte offset of each type's record, by id (index 0 unused: void) */
  private readonly offsets: Uint32Array;
  readonly typeCount: number;
  private readonly cache = new Map<number, BtfType>();
  private readonly names = new Map<string, number[]>();

  /** the first id of this BTF's own types: 1, or for split BTF the base's type count */
  readonly firstId: number;

  /**
   * `base`: split BTF (a module's /sys/kernel/btf/MODULE on vmlinux's): its ids continue the
   * base's and a string offset past the base's string section is into its own (libbpf
   * btf__type_by_id / btf__str_by_offset); ids and strings below are the base's.
   */
  constructor(readonly bytes: Uint8Array, readonly base?: LazyBtf) {
    this.firstId = base ? base.typeCount : 1;
    this.dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (bytes.length < 24 || this.dv.getUint16(0, true) !== K.BTF_MAGIC) throw new BpfError('EINVAL', 'not little-endian raw BTF (bad magic)');
    const hdrLen = this.dv.getUint32(4, true);
    const typeOff = this.dv.getUint32(8, true);
    const typeLen = this.dv.getUint32(12, true);
    this.strStart = hdrLen + this.dv.getUint32(16, true);
    this.strLen = this.dv.getUint32(20, true);
    this.typesStart = hdrLen + typeOff;
    const end = this.typesStart + typeLen;
    const offs: number[] = [0];
    for (let p = this.typesStart; p < end;) {
      offs.push(p);
      const info = this.dv.getUint32(p + 4, true);
      const kind = (info >>> 24) & 0x1f;
      const vlen = info & 0xffff;
      p += 12 + trailer(kind, vlen);
    }
    this.offsets = Uint32Array.from(offs);
    this.typeCount = this.firstId + offs.length - 1;
  }

  /** the string section's length (a split BTF's own offsets start there) */
  get stringsLength(): number {
    return this.strLen + (this.base?.stringsLength ?? 0);
  }

  /** the record offset of an own type id */
  private at(id: number): number {
    return this.offsets[id - this.firstId + 1]!;
  }

  /** a string of the string section */
  str(off: number): string {
    if (this.base) {
      const baseLen = this.base.stringsLength;
      if (off < baseLen) return this.base.str(off);
      off -= baseLen;
    }
    let e = this.strStart + off;
    const start = e;
    while (e < this.strStart + this.strLen && this.bytes[e] !== 0) e++;
    let s = '';
    for (let i = start; i < e; i++) s += String.fromCharCode(this.bytes[i]!);
    return s;
  }

  private nameIs(off: number, name: string): boolean {
    if (this.base) {
      const baseLen = this.base.stringsLength;
      if (off < baseLen) return this.str(off) === name;
      off -= baseLen;
    }
    const p = this.strStart + off;
    for (let i = 0; i < name.length; i++) if (this.bytes[p + i] !== name.charCodeAt(i)) return false;
    return this.bytes[p + name.length] === 0;
  }

  /** ids of types named `name` (any kind), found by comparing bytes */
  idsByName(name: string): number[] {
    const hit = this.names.get(name);
    if (hit) return hit;
    const out: number[] = this.base ? [...this.base.idsByName(name)] : [];
    for (let id = this.firstId; id < this.typeCount; id++) {
      const off = this.dv.getUint32(this.at(id), true);
      if (off !== 0 && this.nameIs(off, name)) out.push(id);
    }
    this.names.set(name, out);
    return out;
  }

  find(name: string, kind?: number): BtfType | undefined {
    for (const id of this.idsByName(name)) {
      const t = this.type(id);
      if (kind === undefined || t.kind === kind) return t;
    }
    return undefined;
  }

  /** the ids of all types of one kind (for listings: every BTF_KIND_FUNC) */
  idsOfKind(kind: number, own = false): number[] {
    const out: number[] = this.base && !own ? this.base.idsOfKind(kind) : [];
    for (let id = this.firstId; id < this.typeCount; id++) if (((this.dv.getUint32(this.at(id) + 4, true) >>> 24) & 0x1f) === kind) out.push(id);
    return out;
  }

  type(id: number): BtfType {
    const hit = this.cache.get(id);
    if (hit) return hit;
    if (this.base && id > 0 && id < this.firstId) return this.base.type(id);
    if (id <= 0 || id >= this.typeCount) throw new BpfError('ENOENT', `BTF type id ${id} does not exist`);
    const t = this.decode(id);
    this.cache.set(id, t);
    return t;
  }

  private decode(id: number): BtfType {
    const dv = this.dv;
    const p = this.at(id);
    const name = this.str(dv.getUint32(p, true));
    const info = dv.getUint32(p + 4, true);
    const kind = (info >>> 24) & 0x1f;
    const vlen = info & 0xffff;
    const kindFlag = (info >>> 31) === 1;
    const st = dv.getUint32(p + 8, true);
    const x = p + 12;
    switch (kind) {
      case K.BTF_KIND_INT: {
        const v = dv.getUint32(x, true);
        return { id, name, kind, size: st, encoding: (v >>> 24) & 0xf, bitsOffset: (v >>> 16) & 0xff, bits: v & 0xff };
      }
      case K.BTF_KIND_PTR: return { id, name, kind, type: st };
      case K.BTF_KIND_ARRAY: return { id, name, kind, type: dv.getUint32(x, true), indexType: dv.getUint32(x + 4, true), nelems: dv.getUint32(x + 8, true) };
      case K.BTF_KIND_STRUCT: case K.BTF_KIND_UNION: {
        const members: BtfMember[] = [];
        for (let i = 0; i < vlen; i++) {
          const m = x + i * 12;
          const off = dv.getUint32(m + 8, true);
          members.push({
            name: this.str(dv.getUint32(m, true)), type: dv.getUint32(m + 4, true),
            bitOffset: kindFlag ? off & 0xffffff : off, bitfieldSize: kindFlag ? off >>> 24 : 0,
          });
        }
        return { id, name, kind, size: st, kindFlag, members };
      }
      case K.BTF_KIND_ENUM: {
        const values = [];
        for (let i = 0; i < vlen; i++) values.push({ name: this.str(dv.getUint32(x + i * 8, true)), value: kindFlag ? dv.getInt32(x + i * 8 + 4, true) : dv.getUint32(x + i * 8 + 4, true) });
        return { id, name, kind, size: st, signed: kindFlag, values };
      }
      case K.BTF_KIND_ENUM64: {
        const values = [];
        for (let i = 0; i < vlen; i++) {
          const m = x + i * 12;
          const v = (BigInt(dv.getUint32(m + 8, true)) << 32n) | BigInt(dv.getUint32(m + 4, true));
          values.push({ name: this.str(dv.getUint32(m, true)), value: kindFlag ? BigInt.asIntN(64, v) : v });
        }
        return { id, name, kind, size: st, signed: kindFlag, values };
      }
      case K.BTF_KIND_FWD: return { id, name, kind, union: kindFlag };
      case K.BTF_KIND_TYPEDEF: case K.BTF_KIND_VOLATILE: case K.BTF_KIND_CONST: case K.BTF_KIND_RESTRICT: case K.BTF_KIND_TYPE_TAG:
        return { id, name, kind, type: st };
      case K.BTF_KIND_FUNC: return { id, name, kind, type: st, linkage: vlen };
      case K.BTF_KIND_FUNC_PROTO: {
        const params = [];
        for (let i = 0; i < vlen; i++) params.push({ name: this.str(dv.getUint32(x + i * 8, true)), type: dv.getUint32(x + i * 8 + 4, true) });
        return { id, name, kind, returnType: st, params };
      }
      case K.BTF_KIND_VAR: return { id, name, kind, type: st, linkage: dv.getUint32(x, true) };
      case K.BTF_KIND_DATASEC: {
        const vars = [];
        for (let i = 0; i < vlen; i++) vars.push({ type: dv.getUint32(x + i * 12, true), offset: dv.getUint32(x + i * 12 + 4, true), size: dv.getUint32(x + i * 12 + 8, true) });
        return { id, name, kind, size: st, vars };
      }
      case K.BTF_KIND_FLOAT: return { id, name, kind, size: st };
      case K.BTF_KIND_DECL_TAG: return { id, name, kind, type: st, componentIdx: dv.getInt32(x, true) };
      default: throw new BpfError('EINVAL', `BTF type ${id} has unknown kind ${kind}`);
    }
  }
}

/** bytes after the 12-byte struct btf_type for each kind */
function trailer(kind: number, vlen: number): number {
  switch (kind) {
    case K.BTF_KIND_INT: case K.BTF_KIND_VAR: case K.BTF_KIND_DECL_TAG: return 4;
    case K.BTF_KIND_ARRAY: return 12;
    case K.BTF_KIND_STRUCT: case K.BTF_KIND_UNION: case K.BTF_KIND_DATASEC: case K.BTF_KIND_ENUM64: return 12 * vlen;
    case K.BTF_KIND_ENUM: case K.BTF_KIND_FUNC_PROTO: return 8 * vlen;
    default: return 0;
  }
}
