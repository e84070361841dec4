/**
 * Where the variables of a data section really are. clang emits each DATASEC of `.BTF` with size 0
 * and every variable at offset 0; the truth is in the ELF: the section's size and each variable
 * symbol's st_value. libbpf's btf_fixup_datasec (tools/lib/bpf/libbpf.c) reads them from there;
 * so do the emulator's typed views of global data (runtime/object.ts) and the BTF handed to the
 * kernel (kernel/btf_fixup.ts).
 */
import type { ElfFile } from './reader.js';

/** STV_HIDDEN / STV_INTERNAL: libbpf turns such globals into static BTF variables */
const STV_INTERNAL = 1;
const STV_HIDDEN = 2;

export interface SectionLayout {
  size: number;
  /** symbol name -> offset in the section */
  offsets: Map<string, number>;
  /** names of global symbols with hidden or internal visibility */
  hidden: Set<string>;
}

/** the layout of ELF section `name`, or undefined when the object has no such section */
export function sectionLayout(elf: ElfFile, name: string): SectionLayout | undefined {
  const sec = elf.section(name);
  if (!sec) return undefined;
  const offsets = new Map<string, number>();
  const hidden = new Set<string>();
  for (const y of elf.symbolsIn(sec.index)) {
    if (!y.name) continue;
    offsets.set(y.name, y.value);
    if (y.visibility === STV_HIDDEN || y.visibility === STV_INTERNAL) hidden.add(y.name);
  }
  return { size: sec.size, offsets, hidden };
}

/**
 * Global or weak functions with hidden or internal visibility (`__weak __hidden`, as in libbpf's
 * usdt.bpf.h): libbpf marks their BTF FUNC static (bpf_object__init_prog's mark_btf_static), so the
 * kernel verifies them with their caller's context rather than alone as global functions.
 */
export function hiddenFunctions(elf: ElfFile): Set<string> {
  const out = new Set<string>();
  for (const y of elf.symbols) {
    if (y.type === 2 /* STT_FUNC */ && y.bind !== 0 /* STB_LOCAL */ && (y.visibility === STV_HIDDEN || y.visibility === STV_INTERNAL)) out.add(y.name);
  }
  return out;
}
