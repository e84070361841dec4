/**
 * Fixups: the places an instruction or datum names a symbol, resolved once the whole source is
 * read, as LLVM MC resolves them — a jump within its section (FK_PCRel_2), a local call in the same
 * section, otherwise an ELF relocation (ELFObjectWriter::shouldRelocateWithSymbol,
 * BPFELFObjectWriter::getRelocType) with the value BPFAsmBackend::applyFixup writes in place.
 */
import type { ErrorLocation } from '../isa/errors.js';
import {
  R_BPF_64_32, R_BPF_64_64, R_BPF_64_ABS32, R_BPF_64_ABS64, R_BPF_64_NODYLD32, SHF_ALLOC, SHF_EXECINSTR, SHF_WRITE,
  STB_GLOBAL, STB_LOCAL,
} from '../elf/reader.js';
import { SHF_MERGE } from '../elf/writer.js';
import type { Value } from './expr.js';
import type { AsmSection, AsmSymbol } from './asm_model.js';
import type { Assembler } from './assembler.js';

export type FixKind = 'jump16' | 'jump32' | 'call' | 'lddw' | 'data1' | 'data2' | 'data4' | 'data8';

export interface Fixup {
  section: AsmSection;
  offset: number;
  kind: FixKind;
  value: Value;
  where: ErrorLocation;
  /** `call NAME` that may name a helper */
  helperId?: number;
}

function patch32(a: Assembler, f: Fixup, at: number, v: number): void {
  const b = f.section.bytes.buf;
  const o = f.offset + at;
  const u = v >>> 0;
  for (let k = 0; k < 4; k++) b[a.le ? o + k : o + 3 - k] = (u >>> (8 * k)) & 0xff;
}

function patch16(a: Assembler, f: Fixup, at: number, v: number): void {
  const b = f.section.bytes.buf;
  const o = f.offset + at;
  const u = v & 0xffff;
  b[a.le ? o : o + 1] = u & 0xff;
  b[a.le ? o + 1 : o] = u >> 8;
}

/** patch a fixup's bytes now that every symbol is placed, or record its relocation */
export function resolveFixup(a: Assembler, f: Fixup): void {
  a.where = f.where;
  const col = f.where.column !== undefined ? f.where.column - 1 : undefined;
  const v = a.fold(f.value, true)!;
  const A = v.add !== undefined ? a.lookup(v.add) : undefined;
  switch (f.kind) {
    case 'jump16':
    case 'jump32': {
      if (!A) a.fail('a jump target must be a label', col);
      if (!A!.section) a.fail(`undefined label '${v.add}'`, col);
      if (A!.section !== f.section) a.fail(`jump to '${v.add}' in another section (${A!.section!.name})`, col);
      const bytes = A!.offset + Number(v.c) - f.offset - 8;
      if (bytes % 8 !== 0) a.fail(`jump target '${v.add}' is not on an instruction boundary`, col);
      const rel = bytes / 8;
      if (f.kind === 'jump16') {
        if (rel < -32768 || rel > 32767) a.fail(`jump to '${v.add}' is out of range for a 16-bit offset (${rel}); use gotol`, col);
        patch16(a, f, 2, rel);
      } else patch32(a, f, 4, rel);
      return;
    }
    case 'call': {
      if (!A) {
        // `call CONST`: a helper id from .set
        setSrc(a, f, 0);
        patch32(a, f, 4, Number(BigInt.asIntN(32, v.c)));
        return;
      }
      if (!A.section && f.helperId !== undefined && !A.bindSet) {
        // `call bpf_map_lookup_elem`: a helper by name (no such symbol in this file)
        setSrc(a, f, 0);
        patch32(a, f, 4, f.helperId);
        return;
      }
      if (A?.section === f.section && A.bind === STB_LOCAL) {
        const bytes = A.offset + Number(v.c) - f.offset - 8;
        if (bytes % 8 !== 0) a.fail(`call target '${v.add}' is not on an instruction boundary`, col);
        patch32(a, f, 4, bytes / 8);
        return;
      }
      const value = relocate(f, A!, v.c, R_BPF_64_32);
      // BPFAsmBackend::applyFixup: imm = (Value - 8) / 8, computed in 64-bit unsigned
      const imm = Number(BigInt.asUintN(32, BigInt.asUintN(64, value - 8n) / 8n));
      patch32(a, f, 4, imm);
      return;
    }
    case 'lddw': {
      if (!A) {
        // `r1 = CONST ll` with CONST from .set: a plain 64-bit immediate
        const u = BigInt.asUintN(64, v.c);
        patch32(a, f, 4, Number(u & 0xffffffffn));
        patch32(a, f, 12, Number(u >> 32n));
        return;
      }
      const value = relocate(f, A!, v.c, R_BPF_64_64);
      patch32(a, f, 4, Number(BigInt.asUintN(32, value)));
      return;
    }
    default: {
      const size = Number(f.kind.slice(4));
      if (!A) {
        writeData(a, f, size, v.c);
        return;
      }
      if (size === 1 || size === 2) a.fail(`no BPF relocation for a ${size}-byte reference to '${A.name}'`, col);
      let type = size === 8 ? R_BPF_64_ABS64 : R_BPF_64_ABS32;
      if (size === 4 && A.section) {
        const fl = A.section.flags;
        if (A.temporary ? fl & SHF_ALLOC && fl & SHF_EXECINSTR : fl & SHF_ALLOC && fl & SHF_WRITE) type = R_BPF_64_NODYLD32;
      }
      const value = relocate(f, A, v.c, type);
      writeData(a, f, size, value);
    }
  }
}

function writeData(a: Assembler, f: Fixup, size: number, v: bigint): void {
  const bytes = a.intBytes(size, v);
  f.section.bytes.buf.set(bytes, f.offset);
}

function setSrc(a: Assembler, f: Fixup, src: number): void {
  const b = f.section.bytes.buf;
  const o = f.offset + 1;
  b[o] = a.le ? (b[o]! & 0x0f) | (src << 4) : (b[o]! & 0xf0) | src;
}

/**
 * Record a relocation against `A` (or its section's symbol, as ELFObjectWriter::
 * shouldRelocateWithSymbol decides) and return the value to write in place.
 */
function relocate(f: Fixup, A: AsmSymbol, c: bigint, type: number): bigint {
  let target = A;
  let value = c;
  const local = A.bind === STB_LOCAL && !!A.section && !A.sectionSym;
  const keep = !local || (A.section!.flags & SHF_MERGE && c !== 0n);
  if (!keep) {
    target = A.section!.sym;
    value = BigInt(A.offset) + c;
  } else if (A.sectionSym) {
    target = A;
  }
  if (!A.section && A.bind === STB_LOCAL) {
    // undefined symbols are global in ELF
    A.bind = STB_GLOBAL;
  }
  target.usedInReloc = true;
  f.section.relocs.push({ offset: f.offset, type, symbol: target });
  return value;
}
