/**
 * Section-by-section comparison of two ELF objects through the shared reader: section
 * headers and contents, symbols (in table order) and relocations (symbols by name).
 */
import assert from 'node:assert/strict';
import { type ElfFile, STT_SECTION, readElf } from '../../src/elf/reader.js';
import { bytesToHex } from '../../src/isa/instruction.js';

export interface CompareOptions {
  /** sections (and their .rel sections) that only the reference object has */
  skipSections?: (name: string) => boolean;
}

function symName(elf: ElfFile, idx: number): string {
  const s = elf.symbols[idx];
  if (!s) return `#${idx}`;
  return s.type === STT_SECTION ? `[section ${elf.sections[s.shndx]?.name}]` : s.name;
}

function symbolRows(elf: ElfFile, skip: (n: string) => boolean): string[] {
  return elf.symbols
    .filter((s) => !(s.type === STT_SECTION && skip(elf.sections[s.shndx]?.name ?? '')))
    .map((s) => `${s.type === STT_SECTION ? '' : s.name} value=${s.value} size=${s.size} type=${s.type} bind=${s.bind} vis=${s.visibility} sec=${s.shndx === 0 ? 'UND' : s.shndx >= 0xff00 ? s.shndx.toString(16) : elf.sections[s.shndx]?.name}`);
}

/** assert that `mine` has the same sections, bytes, symbols and relocations as `ref` */
export function compareObjects(mineBytes: Uint8Array, refBytes: Uint8Array, label: string, opts: CompareOptions = {}): { sections: number; relocations: number; symbols: number } {
  const skip = (n: string): boolean => !!opts.skipSections?.(n.startsWith('.rel') && n !== '.rel' ? n.slice(4) : n) || !!opts.skipSections?.(n);
  const mine = readElf(mineBytes, { file: label + ' (ours)' });
  const ref = readElf(refBytes, { file: label + ' (clang)' });
  assert.equal(mine.bigEndian, ref.bigEndian, `${label}: byte order`);
  assert.equal(mine.machine, ref.machine, `${label}: e_machine`);
  const names = (e: ElfFile): string[] => e.sections.map((s) => s.name).filter((n) => n && !skip(n));
  assert.deepEqual(names(mine), names(ref), `${label}: section list`);
  let nrel = 0;
  for (const rs of ref.sections) {
    if (!rs.name || skip(rs.name)) continue;
    const ms = mine.section(rs.name)!;
    const where = `${label}: section ${rs.name}`;
    assert.equal(ms.type, rs.type, `${where}: type`);
    assert.equal(ms.flags, rs.flags, `${where}: flags`);
    assert.equal(ms.addralign, rs.addralign, `${where}: alignment`);
    assert.equal(ms.entsize, rs.entsize, `${where}: entsize`);
    const table = rs.type === 2 || rs.type === 3;
    if (!(table && opts.skipSections)) assert.equal(ms.size, rs.size, `${where}: size`);
    if (rs.type === 2 /* SHT_SYMTAB */ || rs.type === 3 /* SHT_STRTAB */ || rs.type === 9 /* SHT_REL */ || rs.type === 0x6fff4c03) continue;
    assert.equal(bytesToHex(ms.data), bytesToHex(rs.data), `${where}: contents`);
    const rel = (e: ElfFile, idx: number): string[] => e.relocationsFor(idx).map((r) => `${r.offset.toString(16)} type=${r.type} ${symName(e, r.symbol)}`);
    const rr = rel(ref, rs.index);
    assert.deepEqual(rel(mine, ms.index), rr, `${where}: relocations`);
    nrel += rr.length;
  }
  const rsyms = symbolRows(ref, skip);
  assert.deepEqual(symbolRows(mine, skip), rsyms, `${label}: symbols`);
  return { sections: names(ref).length, relocations: nrel, symbols: rsyms.length };
}
