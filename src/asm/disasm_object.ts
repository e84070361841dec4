/**
 * Disassembly of an ELF object: every executable section, its symbols as labels and its
 * relocations, in the layout of `llvm-objdump -dr --mattr=+alu32` (llvm syntax) or as
 * kernel-log lines per section (kernel syntax).
 */
import { type Instruction, decodeInstructions, slotIndices } from '../isa/instruction.js';
import {
  type ElfFile, R_BPF_64_32, R_BPF_64_64, R_BPF_64_ABS32, R_BPF_64_ABS64, R_BPF_64_NODYLD32, R_BPF_NONE, SHF_EXECINSTR,
  STB_LOCAL, STT_FILE, STT_FUNC, STT_SECTION,
} from '../elf/reader.js';
import { type DisasmSymbol, type Syntax, disassembleLines } from './disasm.js';

const RELOC_NAMES: Record<number, string> = {
  [R_BPF_NONE]: 'R_BPF_NONE',
  [R_BPF_64_64]: 'R_BPF_64_64',
  [R_BPF_64_ABS64]: 'R_BPF_64_ABS64',
  [R_BPF_64_ABS32]: 'R_BPF_64_ABS32',
  [R_BPF_64_NODYLD32]: 'R_BPF_64_NODYLD32',
  [R_BPF_64_32]: 'R_BPF_64_32',
};

export interface CodeSection {
  name: string;
  index: number;
  insns: Instruction[];
  symbols: DisasmSymbol[];
  /** relocation text by slot */
  notes: Map<number, string[]>;
}

/** the executable sections of an object, decoded, with their labels and relocations */
export function codeSections(elf: ElfFile): CodeSection[] {
  const out: CodeSection[] = [];
  for (const sec of elf.sections) {
    if (!(sec.flags & SHF_EXECINSTR) || sec.size === 0) continue;
    const insns = decodeInstructions(sec.data, { bigEndian: elf.bigEndian });
    // one label per address: prefer functions, then globals (llvm-objdump's choice for BPF objects)
    const best = new Map<number, { name: string; rank: number }>();
    for (const s of elf.symbolsIn(sec.index)) {
      if (s.type === STT_SECTION || s.type === STT_FILE || !s.name) continue;
      if (s.value % 8 !== 0) continue;
      const rank = (s.type === STT_FUNC ? 2 : 0) + (s.bind !== STB_LOCAL ? 1 : 0);
      const cur = best.get(s.value / 8);
      if (!cur || rank > cur.rank) best.set(s.value / 8, { name: s.name, rank });
    }
    if (!best.has(0)) best.set(0, { name: sec.name, rank: -1 });
    const symbols = [...best.entries()].map(([slot, v]) => ({ name: v.name, slot })).sort((a, b) => a.slot - b.slot);
    const notes = new Map<number, string[]>();
    const slots = slotIndices(insns);
    const slotOfOffset = new Map<number, number>();
    for (let k = 0; k < insns.length; k++) slotOfOffset.set(slots[k]! * 8, slots[k]!);
    for (const r of elf.relocationsFor(sec.index)) {
      const sym = elf.symbols[r.symbol];
      const name = sym ? (sym.type === STT_SECTION ? elf.sections[sym.shndx]?.name ?? '' : sym.name) : '';
      const text = `\t\t${r.offset.toString(16).padStart(16, '0')}:  ${RELOC_NAMES[r.type] ?? `R_BPF_${r.type}`}\t${name}`;
      // llvm-objdump prints a relocation after the instruction that contains it
      let slot = Math.floor(r.offset / 8);
      while (slot > 0 && !slotOfOffset.has(slot * 8)) slot--;
      const l = notes.get(slot) ?? [];
      l.push(text);
      notes.set(slot, l);
    }
    out.push({ name: sec.name, index: sec.index, insns, symbols, notes });
  }
  return out;
}

export interface ObjectDisasmOptions {
  syntax?: Syntax;
  /** file name shown in the header */
  file?: string;
  /** print relocations (llvm-objdump -r) */
  relocations?: boolean;
}

/** `llvm-objdump -d[r] --mattr=+alu32`-style listing of an object */
export function disassembleObject(elf: ElfFile, opts: ObjectDisasmOptions = {}): string {
  const kernel = opts.syntax === 'kernel';
  const lines: string[] = [];
  if (!kernel) lines.push('', `${opts.file ?? elf.file ?? 'object'}:\tfile format elf64-bpf`);
  for (const cs of codeSections(elf)) {
    lines.push('', kernel ? `section ${cs.name}:` : `Disassembly of section ${cs.name}:`, '');
    lines.push(
      ...disassembleLines(cs.insns, {
        syntax: kernel ? 'kernel' : 'llvm',
        symbols: cs.symbols,
        section: cs.name,
        notes: opts.relocations !== false && !kernel ? cs.notes : undefined,
        bigEndian: elf.bigEndian,
      }),
    );
  }
  return lines.map((l) => l + '\n').join('');
}
