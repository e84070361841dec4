/**
 * ELF64 relocatable-object writer (for `tsbpf asm -o`). The layout follows LLVM's
 * MC ELFObjectWriter, so that an object assembled here from clang's `.s` matches what
 * `clang -c` writes: section table = null, .strtab, then each section followed by its
 * `.rel` section, then .llvm_addrsig and .symtab; file = header, section contents in table
 * order, .symtab, the `.rel` sections, .llvm_addrsig, .strtab, section headers. One string
 * table holds section and symbol names, laid out as LLVM's StringTableBuilder does
 * (sorted by reversed string, tails shared). REL relocations (BPF has no RELA), both byte orders.
 */
import { BpfError } from '../isa/errors.js';
import {
  EM_BPF, ET_REL, SHT_LLVM_ADDRSIG, SHT_NOBITS, SHT_REL, SHT_STRTAB, SHT_SYMTAB, STB_LOCAL, STT_SECTION,
} from './reader.js';

export const SHF_MERGE = 0x10;
export const SHF_STRINGS = 0x20;
export const SHF_INFO_LINK = 0x40;
export const SHF_EXCLUDE = 0x80000000;

export interface WriterRelocation {
  offset: number;
  /** index into WriterInput.symbols (0-based, not counting the null symbol) */
  symbol: number;
  type: number;
}

export interface WriterSection {
  name: string;
  type: number;
  flags: number;
  addralign: number;
  entsize?: number;
  /** contents; for SHT_NOBITS only its length matters unless `size` is given */
  data: Uint8Array;
  /** SHT_NOBITS size */
  size?: number;
  relocations?: WriterRelocation[];
}

export interface WriterSymbol {
  name: string;
  value: number;
  size: number;
  bind: number;
  type: number;
  visibility?: number;
  /** index into WriterInput.sections, or SHN_UNDEF / SHN_ABS as `{ special }` */
  section: number | { special: number };
}

export interface WriterInput {
  bigEndian?: boolean;
  machine?: number;
  sections: WriterSection[];
  /** symbols in order; locals are moved before globals (stable), as ELF requires */
  symbols: WriterSymbol[];
  /** symbols (indices into `symbols`) listed in .llvm_addrsig; undefined = no such section */
  addrsig?: number[];
}

/** LLVM StringTableBuilder (ELF kind, optimized): one NUL first, strings sorted by reversed text, suffixes shared */
export function buildStringTable(names: Iterable<string>): { bytes: Uint8Array; offsets: Map<string, number> } {
  const uniq = [...new Set(names)].filter((n) => n.length > 0);
  const enc = new TextEncoder();
  const bytesOf = new Map(uniq.map((n) => [n, enc.encode(n)]));
  // descending order of the reversed byte strings, where "end of string" sorts below every byte
  uniq.sort((a, b) => {
    const x = bytesOf.get(a)!;
    const y = bytesOf.get(b)!;
    for (let k = 0; ; k++) {
      const cx = k < x.length ? x[x.length - 1 - k]! : -1;
      const cy = k < y.length ? y[y.length - 1 - k]! : -1;
      if (cx !== cy) return cy - cx;
      if (cx === -1) return 0;
    }
  });
  const offsets = new Map<string, number>();
  offsets.set('', 0);
  let size = 1;
  let prev: Uint8Array | undefined;
  const placed: [number, Uint8Array][] = [];
  for (const n of uniq) {
    const b = bytesOf.get(n)!;
    if (prev && endsWith(prev, b)) {
      offsets.set(n, size - b.length - 1);
      continue;
    }
    offsets.set(n, size);
    placed.push([size, b]);
    size += b.length + 1;
    prev = b;
  }
  const bytes = new Uint8Array(size);
  for (const [o, b] of placed) bytes.set(b, o);
  return { bytes, offsets };
}

function endsWith(a: Uint8Array, b: Uint8Array): boolean {
  if (b.length > a.length) return false;
  for (let k = 1; k <= b.length; k++) if (a[a.length - k] !== b[b.length - k]) return false;
  return true;
}

function uleb(n: number, out: number[]): void {
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
}

interface TableEntry {
  name: string;
  type: number;
  flags: number;
  addralign: number;
  entsize: number;
  link: number;
  info: number;
  offset: number;
  size: number;
}

/** write a relocatable ELF64 object */
export function writeElf(input: WriterInput): Uint8Array {
  const le = !input.bigEndian;
  // symbol order: locals first (stable), then the rest
  const order = input.symbols.map((s, i) => ({ s, i }));
  const locals = order.filter((e) => e.s.bind === STB_LOCAL);
  const globals = order.filter((e) => e.s.bind !== STB_LOCAL);
  const sorted = [...locals, ...globals];
  const symIndex = new Map<number, number>();
  sorted.forEach((e, k) => symIndex.set(e.i, k + 1));

  // the section table
  const table: TableEntry[] = [];
  const entry = (name: string, type: number, flags: number, addralign: number, entsize = 0): TableEntry => {
    const e = { name, type, flags, addralign, entsize, link: 0, info: 0, offset: 0, size: 0 };
    table.push(e);
    return e;
  };
  entry('', 0, 0, 0);
  const strtab = entry('.strtab', SHT_STRTAB, 0, 1);
  const secEntries: TableEntry[] = [];
  const relEntries: { e: TableEntry; target: number; relocs: WriterRelocation[] }[] = [];
  input.sections.forEach((s) => {
    const e = entry(s.name, s.type, s.flags, s.addralign, s.entsize ?? 0);
    secEntries.push(e);
    if (s.relocations && s.relocations.length) {
      const r = entry('.rel' + s.name, SHT_REL, SHF_INFO_LINK, 8, 16);
      relEntries.push({ e: r, target: table.length - 2, relocs: s.relocations });
    }
  });
  const addrsig = input.addrsig ? entry('.llvm_addrsig', SHT_LLVM_ADDRSIG, SHF_EXCLUDE, 1) : undefined;
  const symtab = entry('.symtab', SHT_SYMTAB, 0, 8, 24);
  const secTableIndex = (k: number): number => table.indexOf(secEntries[k]!);

  const strings = buildStringTable([
    ...table.map((e) => e.name),
    ...input.symbols.filter((s) => s.type !== STT_SECTION).map((s) => s.name),
  ]);

  // lay out the file
  const chunks: { offset: number; bytes: Uint8Array }[] = [];
  let pos = 64;
  const align = (a: number): void => {
    if (a > 1) pos = Math.ceil(pos / a) * a;
  };
  input.sections.forEach((s, k) => {
    const e = secEntries[k]!;
    align(s.addralign);
    e.offset = pos;
    if (s.type === SHT_NOBITS) {
      e.size = s.size ?? s.data.length;
    } else {
      e.size = s.data.length;
      chunks.push({ offset: pos, bytes: s.data });
      pos += s.data.length;
    }
  });

  // .symtab
  align(8);
  symtab.offset = pos;
  symtab.link = table.indexOf(strtab);
  symtab.info = locals.length + 1;
  const symBytes = new Uint8Array((sorted.length + 1) * 24);
  const sdv = new DataView(symBytes.buffer);
  sorted.forEach((e, k) => {
    const o = (k + 1) * 24;
    const s = e.s;
    let shndx: number;
    if (typeof s.section === 'number') {
      if (s.section < 0 || s.section >= input.sections.length) throw new BpfError('EINVAL', `symbol ${s.name} names section ${s.section}, which does not exist`);
      shndx = secTableIndex(s.section);
    } else shndx = s.section.special;
    sdv.setUint32(o, s.type === STT_SECTION ? 0 : strings.offsets.get(s.name) ?? 0, le);
    sdv.setUint8(o + 4, ((s.bind & 0xf) << 4) | (s.type & 0xf));
    sdv.setUint8(o + 5, s.visibility ?? 0);
    sdv.setUint16(o + 6, shndx, le);
    sdv.setBigUint64(o + 8, BigInt(s.value), le);
    sdv.setBigUint64(o + 16, BigInt(s.size), le);
  });
  symtab.size = symBytes.length;
  chunks.push({ offset: pos, bytes: symBytes });
  pos += symBytes.length;

  for (const r of relEntries) {
    align(8);
    r.e.offset = pos;
    r.e.link = table.indexOf(symtab);
    r.e.info = r.target;
    const b = new Uint8Array(r.relocs.length * 16);
    const dv = new DataView(b.buffer);
    r.relocs.forEach((x, k) => {
      const si = symIndex.get(x.symbol);
      if (si === undefined) throw new BpfError('EINVAL', `relocation at ${x.offset} in ${r.e.name} names symbol ${x.symbol}, which does not exist`);
      dv.setBigUint64(k * 16, BigInt(x.offset), le);
      dv.setBigUint64(k * 16 + 8, (BigInt(si) << 32n) | BigInt(x.type >>> 0), le);
    });
    r.e.size = b.length;
    chunks.push({ offset: pos, bytes: b });
    pos += b.length;
  }

  if (addrsig) {
    const out: number[] = [];
    for (const k of input.addrsig!) {
      const si = symIndex.get(k);
      if (si !== undefined) uleb(si, out);
    }
    addrsig.offset = pos;
    addrsig.size = out.length;
    addrsig.link = table.indexOf(symtab);
    chunks.push({ offset: pos, bytes: Uint8Array.from(out) });
    pos += out.length;
  }

  strtab.offset = pos;
  strtab.size = strings.bytes.length;
  chunks.push({ offset: pos, bytes: strings.bytes });
  pos += strings.bytes.length;

  align(8);
  const shoff = pos;
  pos += table.length * 64;

  const file = new Uint8Array(pos);
  const dv = new DataView(file.buffer);
  for (const c of chunks) file.set(c.bytes, c.offset);
  // ELF header (System V gABI, Elf64_Ehdr)
  file.set([0x7f, 0x45, 0x4c, 0x46, 2, le ? 1 : 2, 1, 0], 0);
  dv.setUint16(16, ET_REL, le);
  dv.setUint16(18, input.machine ?? EM_BPF, le);
  dv.setUint32(20, 1, le);
  dv.setBigUint64(40, BigInt(shoff), le);
  dv.setUint16(52, 64, le);
  dv.setUint16(58, 64, le);
  dv.setUint16(60, table.length, le);
  dv.setUint16(62, table.indexOf(strtab), le);
  table.forEach((e, k) => {
    const o = shoff + k * 64;
    dv.setUint32(o, e.name ? strings.offsets.get(e.name)! : 0, le);
    dv.setUint32(o + 4, e.type >>> 0, le);
    dv.setBigUint64(o + 8, BigInt(e.flags >>> 0), le);
    dv.setBigUint64(o + 24, BigInt(e.offset), le);
    dv.setBigUint64(o + 32, BigInt(e.size), le);
    dv.setUint32(o + 40, e.link, le);
    dv.setUint32(o + 44, e.info, le);
    dv.setBigUint64(o + 48, BigInt(e.addralign), le);
    dv.setBigUint64(o + 56, BigInt(e.entsize), le);
  });
  return file;
}

