/**
 * The disassembler: instructions to text, as llvm-objdump -d prints them (slot address, raw
 * bytes, llvm syntax, `<func+0x10>` jump annotations) or as the kernel verifier log prints them
 * (kernel/bpf/disasm.c: `12: (61) r0 = *(u32 *)(r1 +4)`). Both read back with `assemble`.
 */
import { type Instruction, encodeInstructions, slotIndices } from '../isa/instruction.js';
import { formatInstruction, type Style } from './llvm_syntax.js';

export type Syntax = Style;

export interface DisasmSymbol {
  name: string;
  /** slot index the symbol labels */
  slot: number;
}

export interface DisassembleOptions {
  /** `llvm` (default) or `kernel` */
  syntax?: Syntax;
  /** print the listing prefix: llvm-objdump's address and raw bytes, the kernel's `N: ` (default true) */
  listing?: boolean;
  /** symbols in this code, printed as `0000000000000000 <name>:` headers and used for jump annotations */
  symbols?: readonly DisasmSymbol[];
  /** name used in annotations when no symbol precedes a target (llvm-objdump uses the section name) */
  section?: string;
  /** lines printed after the instruction at a slot (relocations, as `llvm-objdump -r` does) */
  notes?: ReadonlyMap<number, readonly string[]>;
  /** raw bytes in big-endian order (bpfeb objects) */
  bigEndian?: boolean;
  /** llvm syntax: `call bpf_map_lookup_elem` instead of `call 0x1` */
  helperNames?: boolean;
}

const hex2 = (b: number): string => b.toString(16).padStart(2, '0');

/** disassemble a program; one instruction per line, with a trailing newline */
export function disassemble(insns: readonly Instruction[], opts: DisassembleOptions = {}): string {
  return disassembleLines(insns, opts).map((l) => l + '\n').join('');
}

export function disassembleLines(insns: readonly Instruction[], opts: DisassembleOptions = {}): string[] {
  const kernel = opts.syntax === 'kernel';
  const listing = opts.listing !== false;
  const slots = slotIndices(insns);
  const syms = [...(opts.symbols ?? [])].sort((a, b) => a.slot - b.slot);
  const headerAt = new Map<number, string[]>();
  for (const s of syms) {
    const l = headerAt.get(s.slot) ?? [];
    l.push(s.name);
    headerAt.set(s.slot, l);
  }
  // llvm-objdump annotates a jump with the nearest symbol at or before the target
  const annotate = (t: number): string | undefined => {
    // binary search: the last symbol at or before t
    let lo = 0;
    let hi = syms.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (syms[mid]!.slot <= t) lo = mid + 1;
      else hi = mid;
    }
    const best: DisasmSymbol | undefined = lo > 0 ? syms[lo - 1] : undefined;
    const name = best?.name ?? opts.section;
    if (name === undefined) return undefined;
    const off = (t - (best?.slot ?? 0)) * 8;
    return off === 0 ? `<${name}>` : `<${name}+0x${off.toString(16)}>`;
  };
  const bytes = listing && !kernel ? encodeInstructions(insns, { bigEndian: opts.bigEndian }) : undefined;
  const out: string[] = [];
  for (let k = 0; k < insns.length; k++) {
    const i = insns[k]!;
    const pc = slots[k]!;
    const names = headerAt.get(pc);
    if (names && listing) {
      if (out.length) out.push('');
      if (kernel) for (const n of names) out.push(`${n}:`);
      else out.push(`${(pc * 8).toString(16).padStart(16, '0')} <${names[names.length - 1]}>:`);
    } else if (names) {
      for (const n of names) out.push(`${n}:`);
    }
    const text = formatInstruction(i, { style: kernel ? 'kernel' : 'llvm', pc, annotate: kernel ? undefined : annotate, helperNames: opts.helperNames });
    if (kernel) {
      out.push(listing ? `${pc}: (${hex2(i.code)}) ${text}` : `(${hex2(i.code)}) ${text}`);
    } else if (listing) {
      const n = (slots[k + 1]! - pc) * 8;
      const raw: string[] = [];
      for (let b = 0; b < n; b++) raw.push(hex2(bytes![pc * 8 + b]!));
      out.push(`${String(pc).padStart(8)}:\t${raw.join(' ')}\t${text}`);
    } else {
      out.push('\t' + text);
    }
    const notes = opts.notes?.get(pc);
    if (notes) out.push(...notes);
  }
  return out;
}
