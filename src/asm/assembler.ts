/**
 * The assembler for the `llvm` dialect: whole `.s` files as clang -target bpf -S writes them
 * (sections, labels, symbols, data directives, relocations) into an object model that
 * `object.ts` writes as ELF. It follows LLVM MC's rules where they decide bytes:
 * - jumps resolve within their section (FK_PCRel_2: off = (target - pc - 8) / 8);
 * - `call f` resolves only to a local function in the same section; otherwise it is an
 *   R_BPF_64_32 relocation whose imm is (value - 8) / 8 (BPFAsmBackend::applyFixup);
 * - `r1 = sym ll` is R_BPF_64_64 with imm = the in-section offset for local symbols
 *   (relocated against the section symbol) or the addend for global/undefined ones;
 * - data: `.quad` → R_BPF_64_ABS64; `.long` → R_BPF_64_NODYLD32 for a temporary label in
 *   code or a named symbol in writable data (BTF/BTF.ext), else R_BPF_64_ABS32
 *   (BPFELFObjectWriter::getRelocType); REL: the addend sits in place.
 * Symbol-table order is the order in which symbols are first mentioned (MCAssembler
 * registration order); section symbols appear only when a relocation needs them.
 * This file holds symbols, sections, emission and expressions; the directives are
 * `directives.ts`, the fixups' resolution `fixups.ts`, the object model `asm_model.ts`.
 */
import { BpfError, type ErrorLocation } from '../isa/errors.js';
import { type Instruction, encodeInstructions } from '../isa/instruction.js';
import * as op from '../isa/opcodes.js';
import { SHF_ALLOC, SHF_EXECINSTR, SHT_NOBITS, SHT_PROGBITS, STB_LOCAL, STT_NOTYPE, STT_SECTION } from '../elf/reader.js';
import { type Expr, type Value, evalExpr, exprSymbols } from './expr.js';
import { helperForCall, parseInstruction, stripPrefix, type SymbolRef } from './llvm_syntax.js';
import { statements } from './source.js';
import { DwarfState } from './dwarf.js';
import { type AsmObject, type AsmOptions, type AsmSection, type AsmSymbol, ByteBuf } from './asm_model.js';
import { directive } from './directives.js';
import { type FixKind, type Fixup, resolveFixup } from './fixups.js';

export { ByteBuf, sleb128, uleb128 } from './asm_model.js';
export type { AsmObject, AsmOptions, AsmReloc, AsmSection, AsmSymbol } from './asm_model.js';

const TEMP_RE = /^(\.L|L(BB|JTI|tmp)\d)/;

export class Assembler {
  readonly file?: string;
  readonly le: boolean;
  private sections: AsmSection[] = [];
  private syms = new Map<string, AsmSymbol>();
  private order = 0;
  private cur!: AsmSection;
  private prev?: AsmSection;
  private fixups: Fixup[] = [];
  private fileNames: string[] = [];
  /** `.addrsig` seen, and the symbols `.addrsig_sym` named (directives.ts) */
  addrsig = false;
  readonly addrsigNames: { name: string; where: ErrorLocation }[] = [];
  /** where the statement being assembled (or the fixup being resolved) comes from */
  where: ErrorLocation = {};
  private dotCounter = 0;
  readonly dwarf: DwarfState;

  constructor(opts: AsmOptions = {}) {
    this.file = opts.file;
    this.le = !opts.bigEndian;
    // MCELFStreamer::initSections: .text first, aligned to 4
    this.switchTo('.text', SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, 0);
    this.cur.align = 4;
    this.dwarf = new DwarfState(this);
  }

  fail(msg: string, column?: number, errno: 'EINVAL' | 'ENOENT' = 'EINVAL'): never {
    throw new BpfError(errno, msg, { ...this.where, ...(column !== undefined ? { column: column + 1 } : {}) });
  }

  // --- symbols and sections

  symbol(name: string, mention = true): AsmSymbol {
    // a section's name used as a symbol is the section's own symbol (MCContext::getOrCreateSectionSymbol)
    const sec = this.section(name);
    if (sec) return sec.sym;
    let s = this.syms.get(name);
    if (!s) {
      s = {
        name, order: -1, bind: STB_LOCAL, bindSet: false, type: STT_NOTYPE, visibility: 0, offset: 0, size: 0,
        temporary: TEMP_RE.test(name), usedInReloc: false,
      };
      this.syms.set(name, s);
    }
    if (mention && s.order < 0) s.order = this.order++;
    return s;
  }

  /** a symbol by name, sections' own symbols included */
  lookup(name: string): AsmSymbol | undefined {
    return this.section(name)?.sym ?? this.syms.get(name);
  }

  section(name: string): AsmSection | undefined {
    return this.sections.find((s) => s.name === name);
  }

  switchTo(name: string, type: number, flags: number, entsize: number): AsmSection {
    let s = this.section(name);
    if (!s) {
      // a symbol already named like the section (and not defined) becomes the section symbol
      const prior = this.syms.get(name);
      let sym: AsmSymbol;
      if (prior && !prior.section) {
        this.syms.delete(name);
        sym = prior;
        if (sym.order < 0) sym.order = this.order++;
        sym.type = STT_SECTION;
        sym.temporary = false;
      } else {
        sym = {
          name, order: this.order++, bind: STB_LOCAL, bindSet: false, type: STT_SECTION, visibility: 0, offset: 0, size: 0,
          temporary: false, usedInReloc: false,
        };
      }
      s = { name, type, flags, entsize, align: 1, bytes: new ByteBuf(), relocs: [], sym, hasInstructions: false, insnOffsets: [] };
      sym.sectionSym = s;
      sym.section = s;
      // BTFDebug sets 4-byte alignment on .BTF and .BTF.ext, which the .s text does not carry
      if (name === '.BTF' || name === '.BTF.ext') s.align = 4;
      this.sections.push(s);
    }
    if (this.cur !== s) this.prev = this.cur;
    this.cur = s;
    return s;
  }

  get current(): AsmSection {
    return this.cur;
  }

  /** `.previous` / `.popsection`: back to the section before the last switch */
  previousSection(): void {
    if (this.prev) {
      const p = this.prev;
      this.prev = this.cur;
      this.cur = p;
    }
  }

  /** define a label at the current location of the current section */
  defineLabel(name: string, column?: number, at?: { section: AsmSection; offset: number }): AsmSymbol {
    const s = this.symbol(name);
    if (s.section && !s.sectionSym) this.fail(`symbol '${name}' is already defined`, column);
    s.section = at?.section ?? this.cur;
    s.offset = at?.offset ?? this.cur.bytes.length;
    s.where = { ...this.where, column: (column ?? 0) + 1 };
    return s;
  }

  /** a fresh temporary label at the current location (for `.` in expressions, DWARF) */
  tempLabel(prefix = '.Ltsbpf_dot'): string {
    const name = `${prefix}${this.dotCounter++}`;
    const s = this.symbol(name, false);
    s.temporary = true;
    s.section = this.cur;
    s.offset = this.cur.bytes.length;
    return name;
  }

  /** a temporary label at an offset of a section (DWARF references into code) */
  labelAt(section: AsmSection, offset: number, prefix: string): string {
    const name = `${prefix}${this.dotCounter++}`;
    const s = this.symbol(name, false);
    s.temporary = true;
    s.section = section;
    s.offset = offset;
    return name;
  }

  /** move a section to the end of the section table, as if first switched to now */
  moveSectionToEnd(sec: AsmSection): void {
    const k = this.sections.indexOf(sec);
    if (k >= 0) this.sections.splice(k, 1);
    this.sections.push(sec);
    sec.sym.order = this.order++;
  }

  // --- emission

  emitBytes(b: ArrayLike<number>): void {
    const s = this.cur;
    this.dwarf.onInstruction();
    if (s.type === SHT_NOBITS) {
      for (let k = 0; k < b.length; k++) if (b[k] !== 0) this.fail(`cannot have non-zero initializers in the SHT_NOBITS section ${s.name}`);
    }
    s.bytes.push(b);
  }

  emitValue(size: 1 | 2 | 4 | 8, v: Value, column?: number): void {
    const s = this.cur;
    if (!v.add && !v.sub) {
      const lim = 1n << BigInt(size * 8);
      if (v.c >= lim || v.c < -(lim >> 1n)) this.fail(`value ${v.c} does not fit in ${size} byte(s)`, column);
      this.emitBytes(this.intBytes(size, v.c));
      return;
    }
    this.fixups.push({ section: s, offset: s.bytes.length, kind: `data${size}` as FixKind, value: v, where: { ...this.where, column: (column ?? 0) + 1 } });
    this.emitBytes(new Uint8Array(size));
  }

  intBytes(size: number, v: bigint): Uint8Array {
    const b = new Uint8Array(size);
    let u = BigInt.asUintN(size * 8, v);
    for (let k = 0; k < size; k++) {
      b[this.le ? k : size - 1 - k] = Number(u & 0xffn);
      u >>= 8n;
    }
    return b;
  }

  emitAlign(pow: number, fill: number | undefined, max?: number): void {
    const a = 2 ** pow;
    const s = this.cur;
    if (a > s.align) s.align = a;
    const pad = (a - (s.bytes.length % a)) % a;
    if (max !== undefined && pad > max) return;
    if (pad === 0) return;
    if (fill === undefined && s.flags & SHF_EXECINSTR) {
      // BPFAsmBackend::writeNopData: 8-byte nops
      if (pad % 8 !== 0) this.fail(`cannot pad code with ${pad} bytes (BPF nops are 8 bytes)`);
      for (let k = 0; k < pad; k += 8) this.emitBytes(this.intBytes(8, 0x15000000n));
      return;
    }
    if (s.type === SHT_NOBITS) s.bytes.fill(pad, 0);
    else s.bytes.fill(pad, fill ?? 0);
  }

  emitInstruction(insn: Instruction, ref: SymbolRef | undefined): void {
    const s = this.cur;
    if (s.type === SHT_NOBITS) this.fail(`instructions cannot go in the SHT_NOBITS section ${s.name}`);
    s.hasInstructions = true;
    this.dwarf.onInstruction();
    const offset = s.bytes.length;
    s.insnOffsets.push(offset);
    if (ref) {
      this.symbol(ref.name);
      const where = { ...this.where, column: ref.column + 1 };
      const value: Value = { add: ref.name, c: BigInt(ref.addend), col: ref.column };
      const kind: FixKind = ref.kind === 'lddw' ? 'lddw' : ref.kind === 'call' ? 'call' : insn.code === (op.BPF_JMP32 | op.BPF_JA) ? 'jump32' : 'jump16';
      const f: Fixup = { section: s, offset, kind, value, where };
      if (ref.kind === 'call') f.helperId = helperForCall(ref.name);
      this.fixups.push(f);
    }
    this.emitBytes(encodeInstructions([insn], { bigEndian: !this.le }));
  }

  addFileName(name: string): void {
    if (!this.fileNames.includes(name)) this.fileNames.push(name);
  }

  // --- statements

  assemble(src: string): void {
    for (const st of statements(src)) {
      this.where = { file: this.file, line: st.line };
      for (const l of st.labels) {
        this.defineLabel(l.name, l.column);
        this.dwarf.onLabel();
      }
      if (!st.text) continue;
      this.statement(st.text, st.column);
    }
  }

  private statement(text: string, column: number): void {
    // llvm-objdump -r relocation lines
    if (/^[0-9a-f]{16}:\s+R_BPF_\w+\s+\S+$/.test(text)) return;
    const pre = stripPrefix(text);
    if (pre.text.startsWith('.')) {
      // a directive, possibly behind a listing prefix (raw `.quad` slots in a disassembly)
      text = pre.text;
      column += pre.skipped;
      const m = /^(\.[\w.]+)\s*(.*)$/.exec(text);
      if (!m) this.fail(`bad directive '${text}'`, column);
      directive(this, m![1]!, m![2]!, column + m![0].length - m![2]!.length);
      return;
    }
    const p = parseInstruction(text, { file: this.file, line: this.where.line, column });
    this.emitInstruction(p.insn, p.ref);
  }


  /** evaluate now; must be an absolute constant */
  absolute(e: Expr, col: number): bigint {
    const v = this.evalNow(e, col);
    if (v.add || v.sub) this.fail('expected an absolute expression', col);
    return v.c;
  }

  /** evaluate, folding symbols already placed in the same section */
  evalNow(e: Expr, col: number): Value {
    for (const n of exprSymbols(e)) this.symbol(n);
    const dot = hasDot(e) ? this.tempLabel() : '.';
    const v = evalExpr(e, dot, (msg, c) => this.fail(msg, c ?? col));
    return this.fold(v, false) ?? v;
  }

  /** fold `a - b` within one section and defined absolute symbols; null when not yet foldable */
  fold(v: Value, final: boolean): Value | null {
    let { add, sub, c } = v;
    // absolute symbols are constants
    const absA = add !== undefined ? this.lookup(add)?.absolute : undefined;
    if (absA !== undefined) {
      c += absA;
      add = undefined;
    }
    const absB = sub !== undefined ? this.lookup(sub)?.absolute : undefined;
    if (absB !== undefined) {
      c -= absB;
      sub = undefined;
    }

    if (sub !== undefined) {
      const A = add !== undefined ? this.lookup(add) : undefined;
      const B = this.lookup(sub);
      // a symbol named nowhere in the file (`.size f, f-.Lx`) is as undefined as one never placed
      if (!B?.section || (add !== undefined && !A?.section)) {
        if (final) this.fail(`undefined symbol '${!B?.section ? sub : add}' in expression`, v.col);
        return null;
      }
      if (!A) {
        if (final) this.fail(`cannot negate symbol '${sub}'`, v.col);
        return null;
      }
      if (A.section !== B.section) {
        if (final) this.fail(`cannot subtract symbols in different sections ('${add}' - '${sub}')`, v.col);
        return null;
      }
      c += BigInt(A.offset - B.offset);
      add = undefined;
      sub = undefined;
    }
    return { add, sub, c, col: v.col };
  }

  // --- resolution

  /** resolve fixups and sizes; returns the finished object */
  finish(): AsmObject {
    this.dwarf.finish();
    for (const s of this.syms.values()) {
      if (s.sizeExpr) {
        this.where = s.sizeExpr.where;
        const v = evalExpr(s.sizeExpr.e, '.', (msg, c) => this.fail(msg, c));
        const f = this.fold(v, true)!;
        if (f.add) this.fail(`.size of ${s.name} must be absolute`);
        s.size = Number(f.c);
      }
    }
    for (const f of this.fixups) resolveFixup(this, f);
    for (const s of this.sections) s.relocs.sort((a, b) => a.offset - b.offset);
    const addrsigSyms: AsmSymbol[] = [];
    for (const a of this.addrsigNames) {
      const s = this.syms.get(a.name);
      if (!s) continue;
      // ELFObjectWriter: addrsig symbols count as used in relocations; temporaries map to their section
      const t = s.temporary && s.section ? s.section.sym : s;
      t.usedInReloc = true;
      addrsigSyms.push(t);
    }
    return {
      sections: this.sections,
      symbols: [...this.syms.values(), ...this.sections.map((s) => s.sym)],
      fileNames: this.fileNames,
      addrsig: this.addrsig,
      addrsigSyms,
      bigEndian: !this.le,
    };
  }
}

function hasDot(e: Expr): boolean {
  return e.k === 'dot' || (e.k === 'un' && hasDot(e.a)) || (e.k === 'bin' && (hasDot(e.a) || hasDot(e.b)));
}
