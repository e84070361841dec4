/**
 * ELF64 relocatable-object reader (System V gABI, "ELF-64 Object File Format" 1.5), both byte
 * orders as EI_DATA says. It knows nothing of BPF conventions: it gives sections, their names,
 * the symbol table and REL/RELA relocations. Every offset and size read from the file is
 * bounds-checked, and a malformed field raises a BpfError (ENOEXEC for "not an ELF64 object",
 * EINVAL for a broken field) carrying the byte offset of the field, never a RangeError.
 */
import { BpfError } from '../isa/errors.js';

// e_ident indices and values (elf.h)
export const EI_CLASS = 4;
export const EI_DATA = 5;
export const EI_VERSION = 6;
export const ELFCLASS64 = 2;
export const ELFDATA2LSB = 1;
export const ELFDATA2MSB = 2;
export const EV_CURRENT = 1;

export const ET_REL = 1;
export const ET_EXEC = 2;
export const ET_DYN = 3;
/** EM_BPF (elf.h): Linux BPF -- in-kernel virtual machine */
export const EM_BPF = 247;

// section header types (elf.h)
export const SHT_NULL = 0;
export const SHT_PROGBITS = 1;
export const SHT_SYMTAB = 2;
export const SHT_STRTAB = 3;
export const SHT_RELA = 4;
export const SHT_HASH = 5;
export const SHT_DYNAMIC = 6;
export const SHT_NOTE = 7;
export const SHT_NOBITS = 8;
export const SHT_REL = 9;
export const SHT_DYNSYM = 11;
export const SHT_SYMTAB_SHNDX = 18;
export const SHT_LLVM_ADDRSIG = 0x6fff4c03;

// section flags
export const SHF_WRITE = 0x1;
export const SHF_ALLOC = 0x2;
export const SHF_EXECINSTR = 0x4;

// special section indices
export const SHN_UNDEF = 0;
export const SHN_LORESERVE = 0xff00;
export const SHN_ABS = 0xfff1;
export const SHN_COMMON = 0xfff2;
export const SHN_XINDEX = 0xffff;

// symbol binding and type (ELF64_ST_BIND / ELF64_ST_TYPE)
export const STB_LOCAL = 0;
export const STB_GLOBAL = 1;
export const STB_WEAK = 2;
export const STT_NOTYPE = 0;
export const STT_OBJECT = 1;
export const STT_FUNC = 2;
export const STT_SECTION = 3;
export const STT_FILE = 4;
// symbol visibility (ELF64_ST_VISIBILITY)
export const STV_DEFAULT = 0;
export const STV_INTERNAL = 1;
export const STV_HIDDEN = 2;
export const STV_PROTECTED = 3;

// BPF relocation types (llvm/BinaryFormat/ELFRelocs/BPF.def, kernel Documentation/bpf/llvm_reloc.rst)
export const R_BPF_NONE = 0;
export const R_BPF_64_64 = 1;
export const R_BPF_64_ABS64 = 2;
export const R_BPF_64_ABS32 = 3;
export const R_BPF_64_NODYLD32 = 4;
export const R_BPF_64_32 = 10;

const EHDR_SIZE = 64;
const SHDR_SIZE = 64;
const SYM_SIZE = 24;
const REL_SIZE = 16;
const RELA_SIZE = 24;

export interface ElfSection {
  /** index in the section header table */
  index: number;
  name: string;
  type: number;
  flags: number;
  addr: number;
  /** file offset of the contents */
  offset: number;
  /** size in bytes (also for SHT_NOBITS, whose `data` is empty) */
  size: number;
  link: number;
  info: number;
  addralign: number;
  entsize: number;
  /** the section's bytes (a view into the file); empty for SHT_NOBITS */
  data: Uint8Array;
}

export interface ElfSymbol {
  /** index in .symtab */
  index: number;
  name: string;
  /** st_value; for a relocatable object an offset within section `shndx` */
  value: number;
  size: number;
  bind: number;
  type: number;
  visibility: number;
  /** st_shndx, resolved through SHT_SYMTAB_SHNDX when it is SHN_XINDEX */
  shndx: number;
}

export interface ElfRelocation {
  /** r_offset: byte offset within the target section */
  offset: number;
  /** index into the symbol table */
  symbol: number;
  type: number;
  /** r_addend (RELA), 0 for REL */
  addend: number;
}

export interface ElfRelocationSection {
  /** the SHT_REL/SHT_RELA section itself */
  section: ElfSection;
  /** the section the relocations apply to (sh_info) */
  target: number;
  relocations: ElfRelocation[];
}

export interface ReadElfOptions {
  /** file name for error messages */
  file?: string;
}

/** a parsed ELF64 file. Sections, symbols and relocations are read eagerly (objects are small). */
export class ElfFile {
  constructor(
    readonly bytes: Uint8Array,
    readonly bigEndian: boolean,
    readonly type: number,
    readonly machine: number,
    readonly flags: number,
    readonly sections: ElfSection[],
    readonly symbols: ElfSymbol[],
    readonly relocationSections: ElfRelocationSection[],
    readonly file: string | undefined,
  ) {}

  /** first section with this name */
  section(name: string): ElfSection | undefined {
    return this.sections.find((s) => s.name === name);
  }

  /** relocations applying to section `index` (all REL/RELA sections targeting it, in file order) */
  relocationsFor(index: number): ElfRelocation[] {
    const out: ElfRelocation[] = [];
    for (const r of this.relocationSections) if (r.target === index) out.push(...r.relocations);
    return out;
  }

  /** symbols defined in section `index` */
  symbolsIn(index: number): ElfSymbol[] {
    return this.symbols.filter((s) => s.shndx === index);
  }
}

/** A bounds-checked reader over the file bytes in its byte order. */
class Cursor {
  readonly dv: DataView;
  constructor(readonly bytes: Uint8Array, readonly le: boolean, readonly file: string | undefined) {
    this.dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  fail(errno: 'EINVAL' | 'ENOEXEC', msg: string, offset: number): never {
    throw new BpfError(errno, msg, { file: this.file, offset });
  }
  need(off: number, len: number, what: string): void {
    if (!(off >= 0 && len >= 0 && off + len <= this.bytes.length)) {
      this.fail('EINVAL', `${what} at ${off}+${len} lies outside the ${this.bytes.length}-byte file`, Math.max(0, Math.min(off, this.bytes.length)));
    }
  }
  u8(off: number): number {
    this.need(off, 1, 'byte');
    return this.dv.getUint8(off);
  }
  u16(off: number): number {
    this.need(off, 2, 'u16');
    return this.dv.getUint16(off, this.le);
  }
  u32(off: number): number {
    this.need(off, 4, 'u32');
    return this.dv.getUint32(off, this.le);
  }
  /** an unsigned 64-bit field that must fit in a JavaScript number */
  u64(off: number, what: string): number {
    this.need(off, 8, what);
    const v = this.dv.getBigUint64(off, this.le);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) this.fail('EINVAL', `${what} 0x${v.toString(16)} is too large`, off);
    return Number(v);
  }
  /** a signed 64-bit field (r_addend) that must fit in a JavaScript number */
  i64(off: number, what: string): number {
    this.need(off, 8, what);
    const v = this.dv.getBigInt64(off, this.le);
    if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER)) this.fail('EINVAL', `${what} ${v} is out of range`, off);
    return Number(v);
  }
}

/** read a NUL-terminated string at `off` within a string table section */
export function readCString(strtab: Uint8Array, off: number): string | undefined {
  if (!(off >= 0 && off < strtab.length)) return off === 0 && strtab.length === 0 ? '' : undefined;
  let end = off;
  while (end < strtab.length && strtab[end] !== 0) end++;
  if (end >= strtab.length) return undefined;
  return latin1OrUtf8(strtab, off, end);
}

const utf8 = new TextDecoder('utf-8', { fatal: false });
function latin1OrUtf8(b: Uint8Array, start: number, end: number): string {
  // names are almost always ASCII: avoid TextDecoder for them
  let ascii = true;
  for (let k = start; k < end; k++) if (b[k]! >= 0x80) { ascii = false; break; }
  if (!ascii) return utf8.decode(b.subarray(start, end));
  let s = '';
  for (let k = start; k < end; k++) s += String.fromCharCode(b[k]!);
  return s;
}

/** e_ident and the fixed header fields, checked, without reading any section */
export function readElfHeader(bytes: Uint8Array, opts: ReadElfOptions = {}): { bigEndian: boolean; type: number; machine: number } {
  const file = opts.file;
  if (bytes.length < 16 || bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46) {
    throw new BpfError('ENOEXEC', 'not an ELF file (bad magic)', { file, offset: 0 });
  }
  if (bytes[EI_CLASS] !== ELFCLASS64) throw new BpfError('ENOEXEC', `not an ELF64 file (EI_CLASS ${bytes[EI_CLASS]})`, { file, offset: EI_CLASS });
  const data = bytes[EI_DATA];
  if (data !== ELFDATA2LSB && data !== ELFDATA2MSB) throw new BpfError('ENOEXEC', `unknown ELF byte order (EI_DATA ${data})`, { file, offset: EI_DATA });
  if (bytes.length < EHDR_SIZE) throw new BpfError('EINVAL', `ELF header truncated (${bytes.length} bytes, need ${EHDR_SIZE})`, { file, offset: bytes.length });
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const le = data === ELFDATA2LSB;
  return { bigEndian: !le, type: dv.getUint16(16, le), machine: dv.getUint16(18, le) };
}

/** Parse an ELF64 file. Throws BpfError (ENOEXEC / EINVAL with a byte offset) on malformed input. */
export function readElf(input: Uint8Array, opts: ReadElfOptions = {}): ElfFile {
  const file = opts.file;
  const bytes = input;
  if (bytes.length < 16 || bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46) {
    throw new BpfError('ENOEXEC', 'not an ELF file (bad magic)', { file, offset: 0 });
  }
  if (bytes[EI_CLASS] !== ELFCLASS64) {
    throw new BpfError('ENOEXEC', `not an ELF64 file (EI_CLASS ${bytes[EI_CLASS]})`, { file, offset: EI_CLASS });
  }
  const data = bytes[EI_DATA];
  if (data !== ELFDATA2LSB && data !== ELFDATA2MSB) {
    throw new BpfError('ENOEXEC', `unknown ELF byte order (EI_DATA ${data})`, { file, offset: EI_DATA });
  }
  if (bytes[EI_VERSION] !== EV_CURRENT) {
    throw new BpfError('EINVAL', `unknown ELF version (EI_VERSION ${bytes[EI_VERSION]})`, { file, offset: EI_VERSION });
  }
  if (bytes.length < EHDR_SIZE) {
    throw new BpfError('EINVAL', `ELF header truncated (${bytes.length} bytes, need ${EHDR_SIZE})`, { file, offset: bytes.length });
  }
  const c: Cursor = new Cursor(bytes, data === ELFDATA2LSB, file);
  const eType = c.u16(16);
  const eMachine = c.u16(18);
  const eVersion = c.u32(20);
  if (eVersion !== EV_CURRENT) c.fail('EINVAL', `unknown e_version ${eVersion}`, 20);
  const eShoff = c.u64(40, 'e_shoff');
  const eFlags = c.u32(48);
  const eEhsize = c.u16(52);
  if (eEhsize !== EHDR_SIZE) c.fail('EINVAL', `e_ehsize ${eEhsize} is not ${EHDR_SIZE}`, 52);
  const eShentsize = c.u16(58);
  let eShnum = c.u16(60);
  let eShstrndx = c.u16(62);

  if (eShoff === 0) {
    // no section header table: a relocatable object without sections has nothing to load
    return new ElfFile(bytes, !c.le, eType, eMachine, eFlags, [], [], [], file);
  }
  if (eShentsize !== SHDR_SIZE) c.fail('EINVAL', `e_shentsize ${eShentsize} is not ${SHDR_SIZE}`, 58);
  c.need(eShoff, SHDR_SIZE, 'section header 0');
  // extended numbering (gABI): e_shnum 0 means the count is in section 0's sh_size,
  // e_shstrndx SHN_XINDEX means the index is in section 0's sh_link
  if (eShnum === 0) eShnum = c.u64(eShoff + 32, 'section count (sh_size of section 0)');
  if (eShstrndx === SHN_XINDEX) eShstrndx = c.u32(eShoff + 40);
  if (eShnum > 0xffffff) c.fail('EINVAL', `section count ${eShnum} is absurd`, 60);
  c.need(eShoff, eShnum * SHDR_SIZE, `section header table (${eShnum} entries)`);
  if (eShstrndx >= eShnum) c.fail('EINVAL', `e_shstrndx ${eShstrndx} is not a section index (e_shnum ${eShnum})`, 62);

  const sections: ElfSection[] = [];
  const nameOffsets: number[] = [];
  for (let i = 0; i < eShnum; i++) {
    const h = eShoff + i * SHDR_SIZE;
    nameOffsets.push(c.u32(h));
    const type = c.u32(h + 4);
    const flags = c.u64(h + 8, 'sh_flags');
    const addr = c.u64(h + 16, 'sh_addr');
    const offset = c.u64(h + 24, 'sh_offset');
    const size = c.u64(h + 32, 'sh_size');
    const link = c.u32(h + 40);
    const info = c.u32(h + 44);
    const addralign = c.u64(h + 48, 'sh_addralign');
    const entsize = c.u64(h + 56, 'sh_entsize');
    let sdata: Uint8Array;
    if (type === SHT_NOBITS || type === SHT_NULL) {
      sdata = bytes.subarray(0, 0);
    } else {
      if (offset > bytes.length || size > bytes.length - offset) {
        c.fail('EINVAL', `section ${i} contents (offset ${offset}, size ${size}) lie outside the ${bytes.length}-byte file`, h + 24);
      }
      sdata = bytes.subarray(offset, offset + size);
    }
    sections.push({ index: i, name: '', type, flags, addr, offset, size, link, info, addralign, entsize, data: sdata });
  }

  // section names
  const shstr = sections[eShstrndx]!;
  if (eShstrndx !== SHN_UNDEF) {
    if (shstr.type !== SHT_STRTAB) c.fail('EINVAL', `section name table (section ${eShstrndx}) is not SHT_STRTAB`, eShoff + eShstrndx * SHDR_SIZE + 4);
    for (let i = 0; i < eShnum; i++) {
      const n = readCString(shstr.data, nameOffsets[i]!);
      if (n === undefined) c.fail('EINVAL', `section ${i} name offset ${nameOffsets[i]} is outside the section name table`, eShoff + i * SHDR_SIZE);
      sections[i]!.name = n;
    }
  }

  // symbol table (a relocatable object has at most one SHT_SYMTAB)
  const symtabs = sections.filter((s) => s.type === SHT_SYMTAB);
  if (symtabs.length > 1) c.fail('EINVAL', `${symtabs.length} symbol tables (at most one allowed)`, eShoff + symtabs[1]!.index * SHDR_SIZE + 4);
  const symbols: ElfSymbol[] = [];
  const symtab = symtabs[0];
  if (symtab) {
    const hOff = eShoff + symtab.index * SHDR_SIZE;
    if (symtab.entsize !== SYM_SIZE) c.fail('EINVAL', `symbol table entry size ${symtab.entsize} is not ${SYM_SIZE}`, hOff + 56);
    if (symtab.size % SYM_SIZE !== 0) c.fail('EINVAL', `symbol table size ${symtab.size} is not a multiple of ${SYM_SIZE}`, hOff + 32);
    if (symtab.link >= eShnum || sections[symtab.link]!.type !== SHT_STRTAB) {
      c.fail('EINVAL', `symbol table's string table (sh_link ${symtab.link}) is not a SHT_STRTAB section`, hOff + 40);
    }
    const strtab = sections[symtab.link]!.data;
    const shndxSec = sections.find((s) => s.type === SHT_SYMTAB_SHNDX && s.link === symtab.index);
    const n = symtab.size / SYM_SIZE;
    for (let k = 0; k < n; k++) {
      const o = symtab.offset + k * SYM_SIZE;
      const nameOff = c.u32(o);
      const info = c.u8(o + 4);
      const other = c.u8(o + 5);
      let shndx = c.u16(o + 6);
      const value = c.u64(o + 8, 'st_value');
      const size = c.u64(o + 16, 'st_size');
      const name = readCString(strtab, nameOff);
      if (name === undefined) c.fail('EINVAL', `symbol ${k} name offset ${nameOff} is outside its string table`, o);
      if (shndx === SHN_XINDEX) {
        if (!shndxSec || (k + 1) * 4 > shndxSec.data.length) c.fail('EINVAL', `symbol ${k} has SHN_XINDEX but no SHT_SYMTAB_SHNDX entry`, o + 6);
        shndx = c.u32(shndxSec.offset + k * 4);
      }
      if (shndx < SHN_LORESERVE && shndx >= eShnum) c.fail('EINVAL', `symbol ${k} (${name}) refers to section ${shndx}, beyond the ${eShnum} sections`, o + 6);
      symbols.push({ index: k, name, value, size, bind: info >> 4, type: info & 0xf, visibility: other & 3, shndx });
    }
  }

  // relocations
  const relocationSections: ElfRelocationSection[] = [];
  for (const s of sections) {
    if (s.type !== SHT_REL && s.type !== SHT_RELA) continue;
    const hOff = eShoff + s.index * SHDR_SIZE;
    const rela = s.type === SHT_RELA;
    const esz = rela ? RELA_SIZE : REL_SIZE;
    if (s.entsize !== esz && s.entsize !== 0) c.fail('EINVAL', `relocation section ${s.name} entry size ${s.entsize} is not ${esz}`, hOff + 56);
    if (s.size % esz !== 0) c.fail('EINVAL', `relocation section ${s.name} size ${s.size} is not a multiple of ${esz}`, hOff + 32);
    // dynamic relocations (.rela.dyn of executables and shared objects) refer to .dynsym, which a
    // relocatable-object reader has no use for: keep the section, skip its entries
    if (s.link < eShnum && sections[s.link]!.type === SHT_DYNSYM) continue;
    if (!symtab || s.link !== symtab.index) c.fail('EINVAL', `relocation section ${s.name} links to section ${s.link}, not the symbol table`, hOff + 40);
    if (s.info === 0 || s.info >= eShnum) c.fail('EINVAL', `relocation section ${s.name} applies to section ${s.info}, which does not exist`, hOff + 44);
    const target = sections[s.info]!;
    const relocations: ElfRelocation[] = [];
    const n = s.size / esz;
    for (let k = 0; k < n; k++) {
      const o = s.offset + k * esz;
      const offset = c.u64(o, 'r_offset');
      // r_info is a 64-bit field: ELF64_R_SYM = high 32 bits, ELF64_R_TYPE = low 32 bits
      const symbol = c.le ? c.u32(o + 12) : c.u32(o + 8);
      const type = c.le ? c.u32(o + 8) : c.u32(o + 12);
      const addend = rela ? c.i64(o + 16, 'r_addend') : 0;
      if (symbol >= symbols.length) c.fail('EINVAL', `relocation ${k} in ${s.name} refers to symbol ${symbol}, beyond the ${symbols.length} symbols`, o + 8);
      if (target.type !== SHT_NOBITS && offset >= target.size) {
        c.fail('EINVAL', `relocation ${k} in ${s.name} at offset ${offset} lies outside ${target.name} (${target.size} bytes)`, o);
      }
      relocations.push({ offset, symbol, type, addend });
    }
    relocationSections.push({ section: s, target: s.info, relocations });
  }

  return new ElfFile(bytes, !c.le, eType, eMachine, eFlags, sections, symbols, relocationSections, file);
}
