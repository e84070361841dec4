/**
 * From the assembler's object model to an ELF relocatable object (via elf/writer.ts) or to a
 * raw program. Symbol selection follows LLVM's ELFObjectWriter::computeSymbolTable /
 * isInSymtab: the `.file` symbol first, section symbols only when a relocation uses them,
 * temporary labels (`.L*`, `LBB*`) never unless a relocation names them, undefined symbols
 * only when referenced; each group in first-mention order, locals before globals.
 */
import { BpfError } from '../isa/errors.js';
import { type Instruction, LDDW, decodeInstructions, slotIndices } from '../isa/instruction.js';
import { BPF_PSEUDO_FUNC } from '../isa/opcodes.js';
import { R_BPF_64_32, R_BPF_64_64, SHN_ABS, SHN_UNDEF, STB_LOCAL, STT_FILE, STT_SECTION } from '../elf/reader.js';
import { type WriterSymbol, writeElf } from '../elf/writer.js';
import { type AsmObject, type AsmOptions, type AsmSymbol, Assembler } from './assembler.js';

/** assemble llvm-dialect source into the object model */
export function assembleSource(src: string, opts: AsmOptions = {}): AsmObject {
  const a = new Assembler(opts);
  a.assemble(src);
  return a.finish();
}

function inSymtab(s: AsmSymbol): boolean {
  if (s.sectionSym) return s.usedInReloc;
  if (s.usedInReloc) return true;
  if (s.temporary) return false;
  if (s.absolute !== undefined) return true;
  if (!s.section) return s.bind !== STB_LOCAL && s.bindSet;
  return true;
}

/** write the object as ELF64 (EM_BPF, ET_REL) */
export function objectToElf(obj: AsmObject): Uint8Array {
  const secIndex = new Map(obj.sections.map((s, k) => [s, k]));
  const chosen = obj.symbols.filter(inSymtab).sort((a, b) => a.order - b.order);
  const symbols: WriterSymbol[] = [];
  const symIndex = new Map<AsmSymbol, number>();
  for (const f of obj.fileNames) symbols.push({ name: f, value: 0, size: 0, bind: STB_LOCAL, type: STT_FILE, section: { special: SHN_ABS } });
  for (const s of chosen) {
    symIndex.set(s, symbols.length);
    symbols.push({
      name: s.name,
      value: s.sectionSym ? 0 : s.absolute !== undefined ? Number(BigInt.asUintN(53, s.absolute)) : s.offset,
      size: s.size,
      bind: s.bind,
      type: s.sectionSym ? STT_SECTION : s.type,
      visibility: s.visibility,
      section: s.absolute !== undefined ? { special: SHN_ABS } : s.section ? secIndex.get(s.section)! : { special: SHN_UNDEF },
    });
  }
  return writeElf({
    bigEndian: obj.bigEndian,
    sections: obj.sections.map((s) => ({
      name: s.name,
      type: s.type,
      flags: s.flags,
      addralign: s.align,
      entsize: s.entsize,
      data: s.bytes.view(),
      size: s.bytes.length,
      relocations: s.relocs.map((r) => ({ offset: r.offset, type: r.type, symbol: symIndex.get(r.symbol)! })),
    })),
    symbols,
    addrsig: obj.addrsig ? obj.addrsigSyms.filter((s) => symIndex.has(s)).map((s) => symIndex.get(s)!) : undefined,
  });
}

/** assemble llvm-dialect source into an ELF object */
export function assembleElf(src: string, opts: AsmOptions = {}): Uint8Array {
  return objectToElf(assembleSource(src, opts));
}

/**
 * Assemble to a bare program: the instructions of the one code section that has any (a
 * file may name sections, but raw output has no room for relocations or a second section).
 */
export function assemble(src: string, opts: AsmOptions = {}): Instruction[] {
  const obj = assembleSource(src, opts);
  const code = obj.sections.filter((s) => s.hasInstructions || (s.bytes.length > 0 && s.flags & 0x4));
  if (code.length === 0) return [];
  if (code.length > 1) {
    throw new BpfError('EINVAL', `raw output holds one program, but instructions are in ${code.length} sections (${code.map((s) => s.name).join(', ')}); write an object file instead`, { file: opts.file });
  }
  const s = code[0]!;
  if (s.bytes.length % 8) throw new BpfError('EINVAL', `section ${s.name} is ${s.bytes.length} bytes, not a whole number of instructions`, { file: opts.file });
  const insns = decodeInstructions(s.bytes.view(), { bigEndian: obj.bigEndian });
  if (!s.relocs.length) return insns;
  // References into the program itself resolve as libbpf resolves them at load time: a call to a
  // global function becomes a BPF-to-BPF call, `r1 = func ll` a BPF_PSEUDO_FUNC load.
  const slots = slotIndices(insns);
  const bySlot = new Map<number, number>();
  slots.forEach((sl, k) => bySlot.set(sl, k));
  for (const r of s.relocs) {
    const k = bySlot.get(r.offset / 8);
    const t = r.symbol;
    const i = k === undefined ? undefined : insns[k];
    const inHere = t.section === s && (t.sectionSym !== undefined || t.offset % 8 === 0);
    if (i && inHere && r.type === R_BPF_64_64 && i.code === LDDW) {
      const target = (t.sectionSym ? i.imm >>> 0 : t.offset + (i.imm | 0)) / 8;
      insns[k!] = { ...i, src: BPF_PSEUDO_FUNC, imm: target - r.offset / 8 - 1 };
      continue;
    }
    if (i && inHere && r.type === R_BPF_64_32 && !t.sectionSym) {
      insns[k!] = { ...i, imm: (t.offset - r.offset - 8) / 8 };
      continue;
    }
    throw new BpfError('EINVAL', `undefined symbol '${t.sectionSym ? t.sectionSym.name : t.name}' (raw output cannot carry relocations; write an object file instead)`, { file: opts.file, section: s.name, insn: r.offset / 8 });
  }
  return insns;
}
