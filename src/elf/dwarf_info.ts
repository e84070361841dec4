/**
 * A reader of DWARF 4 and 5 `.debug_info` (DWARF 5 standard, sections 7.5 "Format of Debugging
 * Information" and 7.26 string offsets; what clang-19 -g and gcc -g emit): compilation-unit
 * headers, abbreviations from `.debug_abbrev`, every attribute form (strings through `.debug_str`,
 * `.debug_line_str` and `.debug_str_offsets` for DW_FORM_strx*), into a flat list of DIEs with
 * their children. Only what tracing needs is interpreted: functions (DW_TAG_subprogram) with
 * their formal parameters, and the types those name — as bpftrace resolves `args` of a uprobe
 * through libdw (src/dwarf_parser.cpp). 32-bit DWARF, little-endian; location expressions are
 * skipped (parameters are read from the calling convention's registers, as bpftrace reads them).
 */
import { BpfError } from '../isa/errors.js';
import type { ElfFile } from './reader.js';

export const DW_TAG = {
  array_type: 0x01, enumeration_type: 0x04, formal_parameter: 0x05, member: 0x0d, pointer_type: 0x0f, compile_unit: 0x11,
  structure_type: 0x13, subroutine_type: 0x15, typedef: 0x16, union_type: 0x17, unspecified_parameters: 0x18, subrange_type: 0x21,
  base_type: 0x24, const_type: 0x26, subprogram: 0x2e, volatile_type: 0x35, restrict_type: 0x37, atomic_type: 0x47,
} as const;

export const DW_AT = {
  name: 0x03, byte_size: 0x0b, low_pc: 0x11, count: 0x37, upper_bound: 0x2f, abstract_origin: 0x31, declaration: 0x3c,
  encoding: 0x3e, data_member_location: 0x38, external: 0x3f, specification: 0x47, type: 0x49, bit_size: 0x0d, data_bit_offset: 0x6b,
  str_offsets_base: 0x72, linkage_name: 0x6e, comp_dir: 0x1b, dwo_name: 0x76, GNU_dwo_name: 0x2130, GNU_dwo_id: 0x2131,
} as const;

/** DW_ATE_*: base type encodings */
export const DW_ATE_signed = 0x05;
export const DW_ATE_signed_char = 0x06;

export interface Die {
  /** offset in .debug_info (what DW_FORM_ref* values point at) */
  offset: number;
  tag: number;
  /** attribute values: numbers, strings, or for references the absolute .debug_info offset */
  attrs: Map<number, number | string>;
  children: Die[];
}

export interface DwarfInfo {
  /** every DIE by its .debug_info offset (a split unit's DIEs: past the file's own, see readDwarfInfo) */
  byOffset: Map<number, Die>;
  /** the top-level DIE of each compilation unit (a split unit's after its skeleton's) */
  units: Die[];
  /** split units (-gsplit-dwarf) whose .dwo file was not found or did not match: their names */
  missingDwo?: string[];
}

/**
 * Finds the `.dwo` file of a split unit (DW_AT_dwo_name, relative to DW_AT_comp_dir unless
 * absolute); undefined when there is none. The file system is the caller's (this module also
 * runs in the browser).
 */
export type DwoLoader = (dwoName: string, compDir: string | undefined) => { elf: ElfFile; file: string } | undefined;

/**
 * A DWARF package (`.dwp`: `llvm-dwp`/`dwp -e BINARY`, the split units of a whole program in one
 * file), read when a split unit is looked for; undefined when there is none.
 */
export type DwpLoader = () => { elf: ElfFile; file: string } | undefined;

/** the sections one parse reads: the file's own, or a .dwo file's (`.debug_info.dwo`...) */
interface DwarfSections {
  info: Uint8Array;
  abbrev: Uint8Array;
  str?: Uint8Array;
  lineStr?: Uint8Array;
  strOffsets?: Uint8Array;
  /** a split DWARF file: DWARF 4 (GNU extension) string offsets have no header (base 0) */
  dwo: boolean;
}

function sectionsOf(elf: ElfFile, suffix: '' | '.dwo'): DwarfSections | undefined {
  const info = elf.section(`.debug_info${suffix}`)?.data;
  const abbrev = elf.section(`.debug_abbrev${suffix}`)?.data;
  if (!info || !abbrev || !info.length) return undefined;
  return {
    info, abbrev, str: elf.section(`.debug_str${suffix}`)?.data, lineStr: elf.section('.debug_line_str')?.data,
    strOffsets: elf.section(`.debug_str_offsets${suffix}`)?.data, dwo: suffix === '.dwo',
  };
}

class Cursor {
  pos: number;
  constructor(readonly b: Uint8Array, readonly dv: DataView, pos = 0) {
    this.pos = pos;
  }
  u8(): number {
    return this.b[this.pos++]!;
  }
  u16(): number {
    const v = this.dv.getUint16(this.pos, true);
    this.pos += 2;
    return v;
  }
  u32(): number {
    const v = this.dv.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }
  u64(): number {
    const v = Number(this.dv.getBigUint64(this.pos, true));
    this.pos += 8;
    return v;
  }
  uleb(): number {
    let r = 0;
    let mul = 1;
    for (;;) {
      const c = this.b[this.pos++];
      if (c === undefined) throw new BpfError('EINVAL', 'truncated ULEB128 in DWARF');
      r += (c & 0x7f) * mul;
      mul *= 128;
      if (!(c & 0x80)) return r;
    }
  }
  sleb(): number {
    let r = 0;
    let mul = 1;
    let c: number;
    do {
      c = this.b[this.pos++]!;
      r += (c & 0x7f) * mul;
      mul *= 128;
    } while (c & 0x80);
    return c & 0x40 ? r - mul : r;
  }
  cstr(): string {
    const end = this.b.indexOf(0, this.pos);
    const s = Buffer.from(this.b.subarray(this.pos, end < 0 ? this.b.length : end)).toString('utf8');
    this.pos = end < 0 ? this.b.length : end + 1;
    return s;
  }
}

interface Abbrev {
  tag: number;
  children: boolean;
  specs: Array<{ at: number; form: number; implicit?: number }>;
}

function readAbbrevs(b: Uint8Array, off: number): Map<number, Abbrev> {
  const c = new Cursor(b, new DataView(b.buffer, b.byteOffset, b.byteLength), off);
  const out = new Map<number, Abbrev>();
  for (;;) {
    const code = c.uleb();
    if (code === 0) return out;
    const tag = c.uleb();
    const children = c.u8() === 1;
    const specs: Abbrev['specs'] = [];
    for (;;) {
      const at = c.uleb();
      const form = c.uleb();
      if (at === 0 && form === 0) break;
      // DW_FORM_implicit_const keeps its value in the abbreviation
      specs.push(form === 0x21 ? { at, form, implicit: c.sleb() } : { at, form });
    }
    out.set(code, { tag, children, specs });
  }
}

function cstrAt(b: Uint8Array | undefined, off: number): string {
  if (!b || off >= b.length) return '';
  const end = b.indexOf(0, off);
  return Buffer.from(b.subarray(off, end < 0 ? b.length : end)).toString('utf8');
}

/**
 * Parse the whole .debug_info of an ELF file; undefined when it has none (built without -g).
 * With `loadDwo`, the split units of a `-gsplit-dwarf` build are read from their `.dwo` files
 * (DWARF 5 section 3.1.2 skeleton units: DW_UT_skeleton with DW_AT_dwo_name, and the GNU
 * extension DWARF 4 compilers emit: DW_AT_GNU_dwo_name/DW_AT_GNU_dwo_id on a plain compile unit);
 * a .dwo is used only when its unit's dwo_id is the skeleton's, as libdw checks
 * (libdw/libdw_find_split_unit.c). With `loadDwp`, a DWARF package is asked first, by the
 * skeleton's dwo_id, as libdw and gdb do (dwarf_package below). Each split unit's DIEs are
 * numbered past the file's own so references stay unique.
 */
export function readDwarfInfo(elf: ElfFile, file = 'ELF file', loadDwo?: DwoLoader, loadDwp?: DwpLoader): DwarfInfo | undefined {
  const own = sectionsOf(elf, '');
  if (!own) return undefined;
  if (elf.bigEndian) throw new BpfError('EINVAL', `${file}: big-endian DWARF is not supported`);
  const d: DwarfInfo = { byOffset: new Map(), units: [] };
  const ids = new Map<Die, number>();
  parseUnits(own, file, 0, d, ids);
  if (!loadDwo && !loadDwp) return d;
  let shift = own.info.length;
  let dwp: DwarfPackage | null | undefined;
  /** the split unit of `skel` parsed from `secs` into d, when one there has the skeleton's dwo_id */
  const adopt = (skel: Die, secs: DwarfSections, from: string): boolean => {
    const split: DwarfInfo = { byOffset: new Map(), units: [] };
    parseUnits(secs, from, shift, split, ids);
    const want = ids.get(skel);
    const unit = split.units.find((u) => ids.get(u) === want);
    if (want === undefined || !unit) return false;
    for (const [off, die] of split.byOffset) d.byOffset.set(off, die);
    d.units.push(...split.units);
    shift += secs.info.length;
    return true;
  };
  for (const skel of [...d.units]) {
    const name = skel.attrs.get(DW_AT.dwo_name) ?? skel.attrs.get(DW_AT.GNU_dwo_name);
    if (typeof name !== 'string') continue;
    const id = ids.get(skel);
    if (loadDwp && id !== undefined) {
      if (dwp === undefined) {
        const f = loadDwp();
        dwp = f && !f.elf.bigEndian ? dwarfPackage(f.elf, f.file) : null;
      }
      const secs = dwp?.unit(id);
      if (secs && adopt(skel, secs, dwp!.file)) continue;
    }
    const found = loadDwo?.(name, typeof skel.attrs.get(DW_AT.comp_dir) === 'string' ? String(skel.attrs.get(DW_AT.comp_dir)) : undefined);
    const secs = found && found.elf.bigEndian === false ? sectionsOf(found.elf, '.dwo') : undefined;
    const notInDwp = dwp ? `not in ${dwp.file} either` : '';
    if (!found || !secs) (d.missingDwo ??= []).push(notInDwp ? `${name} (${notInDwp})` : name);
    else if (!adopt(skel, secs, found.file)) (d.missingDwo ??= []).push(`${name} (its dwo_id is not the binary's: rebuilt since?${notInDwp ? `; ${notInDwp}` : ''})`);
  }
  return d;
}

interface DwarfPackage {
  file: string;
  /** the sections of the split unit with this dwo_id, cut to its contributions; undefined when the package has none */
  unit(dwoId: number): DwarfSections | undefined;
}

/** DW_SECT_* column ids of a package's index (DWARF 5 table 7.31; the same in the GNU version 2 format) */
const DW_SECT_INFO = 1;
const DW_SECT_ABBREV = 3;
const DW_SECT_STR_OFFSETS = 6;

/**
 * A DWARF package's `.debug_cu_index` (DWARF 5 section 7.3.5.3; version 2 is the GNU format of
 * DWARF 4 packages, the same table): a header (version, column count, unit count, slot count),
 * a hash table of dwo_ids with 1-based row numbers, a row of DW_SECT ids naming the columns, then
 * per unit the offset and the size of its contribution to each section. A unit's sections are the
 * package's `.debug_info.dwo`, `.debug_abbrev.dwo` and `.debug_str_offsets.dwo` cut to its
 * contributions (its abbrev offset and string offsets are relative to them) and the whole
 * `.debug_str.dwo`, as llvm-dwarfdump and libdw read them. Undefined when the file is no package.
 */
function dwarfPackage(elf: ElfFile, file: string): DwarfPackage | undefined {
  const index = elf.section('.debug_cu_index')?.data;
  const all = sectionsOf(elf, '.dwo');
  if (!index || !all || index.length < 16) return undefined;
  const dv = new DataView(index.buffer, index.byteOffset, index.byteLength);
  const version = dv.getUint32(0, true);
  if (version !== 2 && (version & 0xffff) !== 5) throw new BpfError('EINVAL', `${file}: .debug_cu_index version ${version & 0xffff} is not supported (2 and 5 are)`);
  const cols = dv.getUint32(4, true);
  const units = dv.getUint32(8, true);
  const slots = dv.getUint32(12, true);
  const offsets = 16 + slots * 12;
  const sizes = offsets + (1 + units) * cols * 4;
  if (sizes + units * cols * 4 > index.length) throw new BpfError('EINVAL', `${file}: .debug_cu_index is truncated (${units} units, ${slots} slots in ${index.length} bytes)`);
  const col = (sect: number): number => {
    for (let c = 0; c < cols; c++) if (dv.getUint32(offsets + c * 4, true) === sect) return c;
    return -1;
  };
  const [ci, ca, cs] = [col(DW_SECT_INFO), col(DW_SECT_ABBREV), col(DW_SECT_STR_OFFSETS)];
  const rows = new Map<number, number>();
  for (let i = 0; i < slots; i++) {
    const row = dv.getUint32(16 + slots * 8 + i * 4, true);
    // dwo_ids are compared as readDwarfInfo reads them (Cursor.u64: a Number)
    if (row) rows.set(Number(dv.getBigUint64(16 + i * 8, true)), row);
  }
  const cut = (sec: Uint8Array | undefined, c: number, row: number): Uint8Array | undefined => {
    if (!sec || c < 0) return undefined;
    const off = dv.getUint32(offsets + (row * cols + c) * 4, true);
    const size = dv.getUint32(sizes + ((row - 1) * cols + c) * 4, true);
    if (off + size > sec.length) throw new BpfError('EINVAL', `${file}: .debug_cu_index row ${row} points past its section (${off} + ${size} > ${sec.length})`);
    return sec.subarray(off, off + size);
  };
  return {
    file,
    unit(dwoId) {
      const row = rows.get(dwoId);
      if (row === undefined || row > units || ci < 0 || ca < 0) return undefined;
      return { ...all, info: cut(all.info, ci, row)!, abbrev: cut(all.abbrev, ca, row)!, strOffsets: cut(all.strOffsets, cs, row) };
    },
  };
}

/** the units of one .debug_info (or .debug_info.dwo) into d, every offset moved by shift; each skeleton/split unit's dwo_id into ids */
function parseUnits(sec: DwarfSections, file: string, shift: number, d: DwarfInfo, ids: Map<Die, number>): void {
  const { info, abbrev, str, lineStr, strOffsets } = sec;
  const soDv = strOffsets ? new DataView(strOffsets.buffer, strOffsets.byteOffset, strOffsets.byteLength) : undefined;
  const dv = new DataView(info.buffer, info.byteOffset, info.byteLength);
  const { byOffset, units } = d;
  let unitOff = 0;
  while (unitOff + 11 <= info.length) {
    const c = new Cursor(info, dv, unitOff);
    const len = c.u32();
    if (len === 0xffffffff) throw new BpfError('EINVAL', `${file}: 64-bit DWARF is not supported`);
    const end = unitOff + 4 + len;
    const version = c.u16();
    if (version < 2 || version > 5) throw new BpfError('EINVAL', `${file}: DWARF version ${version} at .debug_info+0x${unitOff.toString(16)} is not supported (2 to 5 are)`);
    let abbrevOff: number;
    let addrSize: number;
    let unitType = 1;
    let unitDwoId: number | undefined;
    if (version >= 5) {
      unitType = c.u8();
      addrSize = c.u8();
      abbrevOff = c.u32();
      // DW_UT_skeleton/split_compile carry a dwo_id, type units a signature and type offset
      if (unitType === 4 || unitType === 5) unitDwoId = c.u64();
      else if (unitType === 2 || unitType === 6) c.pos += 12;
    } else {
      abbrevOff = c.u32();
      addrSize = c.u8();
    }
    const abbrevs = readAbbrevs(abbrev, abbrevOff);
    // str_offsets_base comes from the unit's own DIE; until then the default: after DWARF 5's
    // 8-byte header; a DWARF 4 .dwo's (GNU extension) offsets have no header
    let strBase = sec.dwo && version < 5 ? 0 : 8;
    const stack: Die[] = [];
    let first = true;
    while (c.pos < end) {
      const dieOff = shift + c.pos;
      const code = c.uleb();
      if (code === 0) {
        stack.pop();
        continue;
      }
      const ab = abbrevs.get(code);
      if (!ab) throw new BpfError('EINVAL', `${file}: DWARF abbreviation ${code} at .debug_info+0x${dieOff.toString(16)} is not in .debug_abbrev`);
      const die: Die = { offset: dieOff, tag: ab.tag, attrs: new Map(), children: [] };
      const strx: Array<[number, number]> = [];
      for (const s of ab.specs) {
        let form = s.form;
        if (form === 0x16) form = c.uleb(); // DW_FORM_indirect
        let v: number | string;
        switch (form) {
          case 0x01: v = addrSize === 8 ? c.u64() : c.u32(); break; // addr
          case 0x03: { const n = c.u16(); c.pos += n; v = 0; break; } // block2
          case 0x04: { const n = c.u32(); c.pos += n; v = 0; break; } // block4
          case 0x05: v = c.u16(); break; // data2
          case 0x06: v = c.u32(); break; // data4
          case 0x07: v = c.u64(); break; // data8
          case 0x08: v = c.cstr(); break; // string
          case 0x09: case 0x18: { const n = c.uleb(); c.pos += n; v = 0; break; } // block, exprloc
          case 0x0a: { const n = c.u8(); c.pos += n; v = 0; break; } // block1
          case 0x0b: v = c.u8(); break; // data1
          case 0x0c: v = c.u8(); break; // flag
          case 0x0d: v = c.sleb(); break; // sdata
          case 0x0e: v = cstrAt(str, c.u32()); break; // strp
          case 0x0f: v = c.uleb(); break; // udata
          case 0x10: v = shift + (version <= 2 ? (addrSize === 8 ? c.u64() : c.u32()) : c.u32()); break; // ref_addr (absolute)
          case 0x11: v = shift + unitOff + c.u8(); break; // ref1
          case 0x12: v = shift + unitOff + c.u16(); break; // ref2
          case 0x13: v = shift + unitOff + c.u32(); break; // ref4
          case 0x14: v = shift + unitOff + c.u64(); break; // ref8
          case 0x15: v = shift + unitOff + c.uleb(); break; // ref_udata
          case 0x17: v = c.u32(); break; // sec_offset
          case 0x19: v = 1; break; // flag_present
          case 0x1a: strx.push([s.at, c.uleb()]); continue; // strx
          case 0x1b: v = c.uleb(); break; // addrx (an index; addresses are not needed here)
          case 0x1c: v = c.u32(); break; // ref_sup4
          case 0x1d: v = c.u32(); break; // strp_sup
          case 0x1e: c.pos += 16; v = 0; break; // data16
          case 0x1f: v = cstrAt(lineStr, c.u32()); break; // line_strp
          case 0x20: c.pos += 8; v = 0; break; // ref_sig8
          case 0x21: v = s.implicit ?? 0; break; // implicit_const
          case 0x22: case 0x23: v = c.uleb(); break; // loclistx, rnglistx
          case 0x24: v = c.u64(); break; // ref_sup8
          case 0x25: strx.push([s.at, c.u8()]); continue; // strx1
          case 0x26: strx.push([s.at, c.u16()]); continue; // strx2
          case 0x27: { const lo = c.u16(); strx.push([s.at, lo | (c.u8() << 16)]); continue; } // strx3
          case 0x28: strx.push([s.at, c.u32()]); continue; // strx4
          case 0x29: v = c.u8(); break; // addrx1
          case 0x2a: v = c.u16(); break; // addrx2
          case 0x2b: v = c.u16() | (c.u8() << 16); break; // addrx3
          case 0x2c: v = c.u32(); break; // addrx4
          case 0x1f01: v = c.uleb(); break; // GNU_addr_index
          case 0x1f02: strx.push([s.at, c.uleb()]); continue; // GNU_str_index: DWARF 4 split DWARF's strx
          case 0x1f20: case 0x1f21: v = c.u32(); break; // GNU_ref_alt, GNU_strp_alt
          default:
            throw new BpfError('EINVAL', `${file}: DWARF form 0x${form.toString(16)} at .debug_info+0x${dieOff.toString(16)} is not known`);
        }
        die.attrs.set(s.at, v);
      }
      if (first) {
        const b = die.attrs.get(DW_AT.str_offsets_base);
        if (typeof b === 'number') strBase = b;
        const id = unitDwoId ?? die.attrs.get(DW_AT.GNU_dwo_id);
        if (typeof id === 'number') ids.set(die, id);
        first = false;
      }
      for (const [at, idx] of strx) {
        const o = soDv && strBase + idx * 4 + 4 <= soDv.byteLength ? soDv.getUint32(strBase + idx * 4, true) : -1;
        die.attrs.set(at, o >= 0 ? cstrAt(str, o) : '');
      }
      byOffset.set(dieOff, die);
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(die);
      else units.push(die);
      if (ab.children) stack.push(die);
    }
    unitOff = end;
  }
}

/** a function's DIE by name: the defining DW_TAG_subprogram (not a declaration) */
export function findSubprogram(d: DwarfInfo, name: string): Die | undefined {
  let decl: Die | undefined;
  for (const die of d.byOffset.values()) {
    if (die.tag !== DW_TAG.subprogram) continue;
    const own = die.attrs.get(DW_AT.name) ?? nameVia(d, die);
    if (own !== name && die.attrs.get(DW_AT.linkage_name) !== name) continue;
    if (!die.attrs.has(DW_AT.declaration)) return die;
    decl ??= die;
  }
  return decl;
}

/** a name given by the DIE a definition points at (DW_AT_specification / DW_AT_abstract_origin) */
function nameVia(d: DwarfInfo, die: Die): string | undefined {
  const ref = die.attrs.get(DW_AT.specification) ?? die.attrs.get(DW_AT.abstract_origin);
  if (typeof ref !== 'number') return undefined;
  const n = d.byOffset.get(ref)?.attrs.get(DW_AT.name);
  return typeof n === 'string' ? n : undefined;
}

/** the formal parameters of a subprogram (through its abstract origin when it has none itself) */
export function formalParameters(d: DwarfInfo, fn: Die): Die[] {
  const own = fn.children.filter((c) => c.tag === DW_TAG.formal_parameter);
  if (own.length) return own.map((p) => {
    const o = p.attrs.get(DW_AT.abstract_origin);
    return typeof o === 'number' && !p.attrs.has(DW_AT.name) ? d.byOffset.get(o) ?? p : p;
  });
  const ref = fn.attrs.get(DW_AT.abstract_origin) ?? fn.attrs.get(DW_AT.specification);
  const origin = typeof ref === 'number' ? d.byOffset.get(ref) : undefined;
  return origin ? origin.children.filter((c) => c.tag === DW_TAG.formal_parameter) : [];
}
