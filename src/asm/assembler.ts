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
 */
import { BpfError, type ErrorLocation } from '../isa/errors.js';
import { type Instruction, encodeInstructions } from '../isa/instruction.js';
import * as op from '../isa/opcodes.js';
import {
  R_BPF_64_32, R_BPF_64_64, R_BPF_64_ABS32, R_BPF_64_ABS64, R_BPF_64_NODYLD32, SHF_ALLOC, SHF_EXECINSTR, SHF_WRITE,
  SHT_NOBITS, SHT_PROGBITS, STB_GLOBAL, STB_LOCAL, STB_WEAK, STT_FUNC, STT_NOTYPE, STT_OBJECT, STT_SECTION,
} from '../elf/reader.js';
import { SHF_EXCLUDE, SHF_MERGE, SHF_STRINGS } from '../elf/writer.js';
import { type Expr, type Value, evalExpr, exprSymbols, parseExpr } from './expr.js';
import { helperForCall, parseInstruction, stripPrefix, type SymbolRef } from './llvm_syntax.js';
import { statements } from './source.js';
import { DwarfState } from './dwarf.js';

export interface AsmOptions {
  /** file name for error messages */
  file?: string;
  /** bpfeb: big-endian fields and dst in the high nibble */
  bigEndian?: boolean;
}

export interface AsmSymbol {
  name: string;
  /** registration order (first mention), -1 if only named by `.size` */
  order: number;
  bind: number;
  bindSet: boolean;
  type: number;
  visibility: number;
  section?: AsmSection;
  offset: number;
  sizeExpr?: { e: Expr; where: ErrorLocation };
  size: number;
  temporary: boolean;
  usedInReloc: boolean;
  /** the section's own symbol (STT_SECTION) */
  sectionSym?: AsmSection;
  /** `.set NAME, constant`: an absolute symbol (SHN_ABS) */
  absolute?: bigint;
  where?: ErrorLocation;
}

export interface AsmReloc {
  offset: number;
  type: number;
  symbol: AsmSymbol;
}

export interface AsmSection {
  name: string;
  type: number;
  flags: number;
  entsize: number;
  align: number;
  bytes: ByteBuf;
  relocs: AsmReloc[];
  sym: AsmSymbol;
  hasInstructions: boolean;
  /** instruction start offsets, for raw output */
  insnOffsets: number[];
}

export interface AsmObject {
  sections: AsmSection[];
  symbols: AsmSymbol[];
  fileNames: string[];
  addrsig: boolean;
  addrsigSyms: AsmSymbol[];
  bigEndian: boolean;
}

/** a growable byte buffer */
export class ByteBuf {
  buf = new Uint8Array(64);
  length = 0;
  private grow(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.length + n) cap *= 2;
    const b = new Uint8Array(cap);
    b.set(this.buf.subarray(0, this.length));
    this.buf = b;
  }
  push(bytes: ArrayLike<number>): void {
    this.grow(bytes.length);
    this.buf.set(bytes, this.length);
    this.length += bytes.length;
  }
  fill(n: number, v = 0): void {
    this.grow(n);
    this.buf.fill(v, this.length, this.length + n);
    this.length += n;
  }
  view(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }
}

type FixKind = 'jump16' | 'jump32' | 'call' | 'lddw' | 'data1' | 'data2' | 'data4' | 'data8';

interface Fixup {
  section: AsmSection;
  offset: number;
  kind: FixKind;
  value: Value;
  where: ErrorLocation;
  /** `call NAME` that may name a helper */
  helperId?: number;
}

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
  private addrsig = false;
  private addrsigNames: { name: string; where: ErrorLocation }[] = [];
  private where: ErrorLocation = {};
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
      this.directive(m![1]!, m![2]!, column + m![0].length - m![2]!.length);
      return;
    }
    const p = parseInstruction(text, { file: this.file, line: this.where.line, column });
    this.emitInstruction(p.insn, p.ref);
  }

  /** parse comma-separated expressions */
  private exprList(args: string, column: number): { e: Expr; col: number }[] {
    const out: { e: Expr; col: number }[] = [];
    let p = 0;
    if (!args.trim()) return out;
    for (;;) {
      const { e, end } = parseExpr(args, p, this.where, column);
      out.push({ e, col: column + p });
      p = end;
      if (p >= args.length) break;
      if (args[p] !== ',') this.fail(`expected ',' in directive arguments`, column + p);
      p++;
    }
    return out;
  }

  /** evaluate now; must be an absolute constant */
  absolute(e: Expr, col: number): bigint {
    const v = this.evalNow(e, col);
    if (v.add || v.sub) this.fail('expected an absolute expression', col);
    return v.c;
  }

  /** evaluate, folding symbols already placed in the same section */
  private evalNow(e: Expr, col: number): Value {
    for (const n of exprSymbols(e)) this.symbol(n);
    const dot = hasDot(e) ? this.tempLabel() : '.';
    const v = evalExpr(e, dot, (msg, c) => this.fail(msg, c ?? col));
    return this.fold(v, false) ?? v;
  }

  /** fold `a - b` within one section and defined absolute symbols; null when not yet foldable */
  private fold(v: Value, final: boolean): Value | null {
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
      const B = this.lookup(sub)!;
      if (!B.section || (A && !A.section)) {
        if (final) this.fail(`undefined symbol '${!B.section ? sub : add}' in expression`, v.col);
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

  private directive(name: string, args: string, col: number): void {
    const d = name.toLowerCase();
    const list = (): { e: Expr; col: number }[] => this.exprList(args, col);
    switch (d) {
      case '.text':
        this.switchTo('.text', SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, 0);
        return;
      case '.data':
        this.switchTo('.data', SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, 0);
        return;
      case '.bss':
        this.switchTo('.bss', SHT_NOBITS, SHF_ALLOC | SHF_WRITE, 0);
        return;
      case '.section':
      case '.pushsection':
        this.sectionDirective(args, col);
        return;
      case '.previous':
      case '.popsection':
        if (this.prev) {
          const p = this.prev;
          this.prev = this.cur;
          this.cur = p;
        }
        return;
      case '.globl':
      case '.global':
      case '.weak':
      case '.local':
        for (const n of this.names(args, col)) {
          const s = this.symbol(n.name);
          s.bind = d === '.weak' ? STB_WEAK : d === '.local' ? STB_LOCAL : STB_GLOBAL;
          s.bindSet = true;
        }
        return;
      case '.hidden':
      case '.protected':
      case '.internal':
        for (const n of this.names(args, col)) this.symbol(n.name).visibility = d === '.hidden' ? 2 : d === '.protected' ? 3 : 1;
        return;
      case '.extern':
        for (const n of this.names(args, col)) this.symbol(n.name, false);
        return;
      case '.type': {
        const m = /^\s*("[^"]*"|[^\s,]+)\s*,\s*[@%]?(\w+)\s*$/.exec(args);
        if (!m) this.fail('expected `.type symbol, @function|@object`', col);
        const s = this.symbol(m![1]!.replace(/^"|"$/g, ''));
        const t = m![2]!.toLowerCase();
        s.type = t === 'function' || t === 'stt_func' ? STT_FUNC : t === 'object' || t === 'stt_object' ? STT_OBJECT : t === 'notype' || t === 'stt_notype' ? STT_NOTYPE : this.fail(`unsupported symbol type ${m![2]}`, col);
        return;
      }
      case '.size': {
        const m = /^\s*("[^"]*"|[^\s,]+)\s*,/.exec(args);
        if (!m) this.fail('expected `.size symbol, expression`', col);
        const s = this.symbol(m![1]!.replace(/^"|"$/g, ''), false);
        const { e } = parseExpr(args, m![0].length, this.where, col);
        s.sizeExpr = { e, where: { ...this.where } };
        return;
      }
      case '.set':
      case '.equ': {
        const m = /^\s*([^\s,]+)\s*,/.exec(args);
        if (!m) this.fail(`expected \`${d} symbol, expression\``, col);
        const s = this.symbol(m![1]!);
        const { e } = parseExpr(args, m![0].length, this.where, col);
        const v = this.evalNow(e, col);
        if (v.add) {
          const t = this.lookup(v.add);
          if (!t?.section) this.fail(`${d} of a symbol that is not yet defined is not supported`, col);
          s.section = t!.section;
          s.offset = t!.offset + Number(v.c);
        } else {
          if (s.section || s.absolute !== undefined) this.fail(`symbol '${s.name}' is already defined`, col);
          s.absolute = v.c;
        }
        return;
      }
      case '.byte':
      case '.short':
      case '.hword':
      case '.2byte':
      case '.long':
      case '.int':
      case '.4byte':
      case '.quad':
      case '.8byte': {
        const size = d === '.byte' ? 1 : d === '.short' || d === '.hword' || d === '.2byte' ? 2 : d === '.quad' || d === '.8byte' ? 8 : 4;
        for (const { e, col: c } of list()) this.emitValue(size, this.evalNow(e, c), c);
        return;
      }
      case '.ascii':
      case '.asciz':
      case '.string':
        for (const s of this.strings(args, col)) {
          this.emitBytes(s);
          if (d !== '.ascii') this.emitBytes([0]);
        }
        return;
      case '.zero':
      case '.space':
      case '.skip': {
        const l = list();
        if (l.length < 1 || l.length > 2) this.fail(`${d} takes a size and an optional fill byte`, col);
        const n = this.absolute(l[0]!.e, l[0]!.col);
        const fill = l[1] ? Number(this.absolute(l[1].e, l[1].col) & 0xffn) : 0;
        if (n < 0n) this.fail(`${d} size ${n} is negative`, col);
        if (n > 1n << 26n) throw new BpfError('E2BIG', `${d} of ${n} bytes is larger than the 64 MiB an object section may hold here`, { ...this.where, column: col + 1 });
        if (fill !== 0) this.emitBytes(new Uint8Array(Number(n)).fill(fill));
        else if (this.cur.type === SHT_NOBITS) this.cur.bytes.fill(Number(n));
        else this.cur.bytes.fill(Number(n));
        return;
      }
      case '.p2align':
      case '.balign':
      case '.align': {
        const l = list();
        if (l.length < 1) this.fail(`${d} needs an alignment`, col);
        let a = Number(this.absolute(l[0]!.e, l[0]!.col));
        if (d !== '.p2align') {
          if (a === 0) a = 1;
          if (a & (a - 1)) this.fail(`alignment ${a} is not a power of two`, l[0]!.col);
          a = Math.log2(a);
        }
        if (a < 0 || a > 16) this.fail(`alignment 2**${a} is out of range`, l[0]!.col);
        const fill = l[1] ? Number(this.absolute(l[1].e, l[1].col) & 0xffn) : undefined;
        const max = l[2] ? Number(this.absolute(l[2].e, l[2].col)) : undefined;
        this.emitAlign(a, fill, max);
        return;
      }
      case '.uleb128':
      case '.sleb128':
        for (const { e, col: c } of list()) {
          const v = this.absoluteLater(e, c);
          this.emitBytes(d === '.uleb128' ? uleb128(v) : sleb128(v));
        }
        return;
      case '.file':
        this.fileDirective(args, col);
        return;
      case '.loc':
        this.dwarf.loc(args, col);
        return;
      case '.addrsig':
        this.addrsig = true;
        return;
      case '.addrsig_sym':
        for (const n of this.names(args, col)) this.addrsigNames.push({ name: n.name, where: { ...this.where, column: n.col + 1 } });
        return;
      case '.ident':
      case '.version':
      case '.loc_mark_labels':
        return;
      default:
        if (d.startsWith('.cfi_')) {
          this.dwarf.cfi(d, args, col);
          return;
        }
        this.fail(`unknown directive ${name}`, col - name.length - 1 >= 0 ? col - name.length - 1 : 0);
    }
  }

  /** `.uleb128` needs its value while emitting (its size depends on it) */
  private absoluteLater(e: Expr, col: number): bigint {
    const v = this.evalNow(e, col);
    if (v.add || v.sub) this.fail('.uleb128/.sleb128 need a value known at this point', col);
    return v.c;
  }

  private names(args: string, col: number): { name: string; col: number }[] {
    const out: { name: string; col: number }[] = [];
    const re = /\s*("[^"]*"|[^\s,]+)\s*(,|$)/y;
    let m: RegExpExecArray | null;
    re.lastIndex = 0;
    while (re.lastIndex < args.length && (m = re.exec(args))) {
      out.push({ name: m[1]!.replace(/^"|"$/g, ''), col: col + m.index });
      if (!m[2]) break;
    }
    if (!out.length) this.fail('expected a symbol name', col);
    return out;
  }

  /** string literals with C escapes, comma-separated */
  strings(args: string, col: number): Uint8Array[] {
    const out: Uint8Array[] = [];
    let p = 0;
    const enc = new TextEncoder();
    for (;;) {
      while (args[p] === ' ' || args[p] === '\t') p++;
      if (args[p] !== '"') this.fail('expected a string literal', col + p);
      p++;
      const bytes: number[] = [];
      for (;;) {
        if (p >= args.length) this.fail('unterminated string', col + p);
        const c = args[p]!;
        if (c === '"') {
          p++;
          break;
        }
        if (c === '\\') {
          const n = args[p + 1];
          p += 2;
          switch (n) {
            case 'n': bytes.push(10); break;
            case 't': bytes.push(9); break;
            case 'r': bytes.push(13); break;
            case 'b': bytes.push(8); break;
            case 'f': bytes.push(12); break;
            case 'v': bytes.push(11); break;
            case 'a': bytes.push(7); break;
            case 'e': bytes.push(27); break;
            case '\\': bytes.push(92); break;
            case '"': bytes.push(34); break;
            case "'": bytes.push(39); break;
            case 'x': case 'X': {
              const m = /^[0-9a-fA-F]+/.exec(args.slice(p));
              if (!m) this.fail('bad \\x escape', col + p);
              bytes.push(parseInt(m![0], 16) & 0xff);
              p += m![0].length;
              break;
            }
            default: {
              if (n !== undefined && /[0-7]/.test(n)) {
                const m = /^[0-7]{1,2}/.exec(args.slice(p))?.[0] ?? '';
                bytes.push(parseInt(n + m, 8) & 0xff);
                p += m.length;
              } else this.fail(`bad escape \\${n ?? ''}`, col + p - 2);
            }
          }
          continue;
        }
        const cp = args.codePointAt(p)!;
        const ch = String.fromCodePoint(cp);
        bytes.push(...enc.encode(ch));
        p += ch.length;
      }
      out.push(Uint8Array.from(bytes));
      while (args[p] === ' ' || args[p] === '\t') p++;
      if (p >= args.length) break;
      if (args[p] !== ',') this.fail("expected ',' between strings", col + p);
      p++;
    }
    return out;
  }

  private sectionDirective(args: string, col: number): void {
    const m = /^\s*("[^"]*"|[^\s,]+)\s*(?:,\s*"([^"]*)")?\s*(?:,\s*[@%](\w+))?\s*(?:,\s*(\d+))?\s*(?:,.*)?$/.exec(args);
    if (!m) this.fail('bad .section arguments', col);
    const name = m![1]!.replace(/^"|"$/g, '');
    let flags = 0;
    let type = SHT_PROGBITS;
    if (m![2] !== undefined) {
      for (const c of m![2]) {
        switch (c) {
          case 'a': flags |= SHF_ALLOC; break;
          case 'w': flags |= SHF_WRITE; break;
          case 'x': flags |= SHF_EXECINSTR; break;
          case 'M': flags |= SHF_MERGE; break;
          case 'S': flags |= SHF_STRINGS; break;
          case 'e': flags |= SHF_EXCLUDE; break;
          case 'R': flags |= 0x200000; break;
          case 'T': flags |= 0x400; break;
          case 'G': flags |= 0x200; break;
          case 'o': flags |= 0x80; break;
          default: this.fail(`unknown section flag '${c}'`, col);
        }
      }
    } else {
      // defaults by name (LLVM getELFKindForNamedSection / default flags)
      if (name === '.text' || name.startsWith('.text.')) flags = SHF_ALLOC | SHF_EXECINSTR;
      else if (name === '.data' || name.startsWith('.data.') || name === '.bss' || name.startsWith('.bss.')) flags = SHF_ALLOC | SHF_WRITE;
      else if (name === '.rodata' || name.startsWith('.rodata.')) flags = SHF_ALLOC;
      if (name === '.bss' || name.startsWith('.bss.')) type = SHT_NOBITS;
    }
    if (m![3] !== undefined) {
      const t = m![3].toLowerCase();
      if (t === 'progbits') type = SHT_PROGBITS;
      else if (t === 'nobits') type = SHT_NOBITS;
      else if (t === 'note') type = 7;
      else if (t === 'llvm_addrsig') type = 0x6fff4c03;
      else this.fail(`unsupported section type @${m![3]}`, col);
    }
    const existing = this.section(name);
    this.switchTo(name, existing?.type ?? type, existing?.flags ?? flags, m![4] ? Number(m![4]) : existing?.entsize ?? 0);
  }

  private fileDirective(args: string, col: number): void {
    const m = /^\s*"([^"]*)"\s*$/.exec(args);
    if (m) {
      this.addFileName(m[1]!);
      return;
    }
    this.dwarf.file(args, col);
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
    for (const f of this.fixups) this.resolve(f);
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

  private patch32(f: Fixup, at: number, v: number): void {
    const b = f.section.bytes.buf;
    const o = f.offset + at;
    const u = v >>> 0;
    for (let k = 0; k < 4; k++) b[this.le ? o + k : o + 3 - k] = (u >>> (8 * k)) & 0xff;
  }

  private patch16(f: Fixup, at: number, v: number): void {
    const b = f.section.bytes.buf;
    const o = f.offset + at;
    const u = v & 0xffff;
    b[this.le ? o : o + 1] = u & 0xff;
    b[this.le ? o + 1 : o] = u >> 8;
  }

  private resolve(f: Fixup): void {
    this.where = f.where;
    const col = f.where.column !== undefined ? f.where.column - 1 : undefined;
    const v = this.fold(f.value, true)!;
    const A = v.add !== undefined ? this.lookup(v.add) : undefined;
    switch (f.kind) {
      case 'jump16':
      case 'jump32': {
        if (!A) this.fail('a jump target must be a label', col);
        if (!A!.section) this.fail(`undefined label '${v.add}'`, col);
        if (A!.section !== f.section) this.fail(`jump to '${v.add}' in another section (${A!.section!.name})`, col);
        const bytes = A!.offset + Number(v.c) - f.offset - 8;
        if (bytes % 8 !== 0) this.fail(`jump target '${v.add}' is not on an instruction boundary`, col);
        const rel = bytes / 8;
        if (f.kind === 'jump16') {
          if (rel < -32768 || rel > 32767) this.fail(`jump to '${v.add}' is out of range for a 16-bit offset (${rel}); use gotol`, col);
          this.patch16(f, 2, rel);
        } else this.patch32(f, 4, rel);
        return;
      }
      case 'call': {
        if (!A) {
          // `call CONST`: a helper id from .set
          this.setSrc(f, 0);
          this.patch32(f, 4, Number(BigInt.asIntN(32, v.c)));
          return;
        }
        if (!A.section && f.helperId !== undefined && !A.bindSet) {
          // `call bpf_map_lookup_elem`: a helper by name (no such symbol in this file)
          this.setSrc(f, 0);
          this.patch32(f, 4, f.helperId);
          return;
        }
        if (A?.section === f.section && A.bind === STB_LOCAL) {
          const bytes = A.offset + Number(v.c) - f.offset - 8;
          if (bytes % 8 !== 0) this.fail(`call target '${v.add}' is not on an instruction boundary`, col);
          this.patch32(f, 4, bytes / 8);
          return;
        }
        const value = this.relocate(f, A!, v.c, R_BPF_64_32);
        // BPFAsmBackend::applyFixup: imm = (Value - 8) / 8, computed in 64-bit unsigned
        const imm = Number(BigInt.asUintN(32, BigInt.asUintN(64, value - 8n) / 8n));
        this.patch32(f, 4, imm);
        return;
      }
      case 'lddw': {
        if (!A) {
          // `r1 = CONST ll` with CONST from .set: a plain 64-bit immediate
          const u = BigInt.asUintN(64, v.c);
          this.patch32(f, 4, Number(u & 0xffffffffn));
          this.patch32(f, 12, Number(u >> 32n));
          return;
        }
        const value = this.relocate(f, A!, v.c, R_BPF_64_64);
        this.patch32(f, 4, Number(BigInt.asUintN(32, value)));
        return;
      }
      default: {
        const size = Number(f.kind.slice(4));
        if (!A) {
          this.writeData(f, size, v.c);
          return;
        }
        if (size === 1 || size === 2) this.fail(`no BPF relocation for a ${size}-byte reference to '${A.name}'`, col);
        let type = size === 8 ? R_BPF_64_ABS64 : R_BPF_64_ABS32;
        if (size === 4 && A.section) {
          const fl = A.section.flags;
          if (A.temporary ? fl & SHF_ALLOC && fl & SHF_EXECINSTR : fl & SHF_ALLOC && fl & SHF_WRITE) type = R_BPF_64_NODYLD32;
        }
        const value = this.relocate(f, A, v.c, type);
        this.writeData(f, size, value);
      }
    }
  }

  private writeData(f: Fixup, size: number, v: bigint): void {
    const bytes = this.intBytes(size, v);
    f.section.bytes.buf.set(bytes, f.offset);
  }

  private setSrc(f: Fixup, src: number): void {
    const b = f.section.bytes.buf;
    const o = f.offset + 1;
    b[o] = this.le ? (b[o]! & 0x0f) | (src << 4) : (b[o]! & 0xf0) | src;
  }

  /**
   * Record a relocation against `A` (or its section's symbol, as ELFObjectWriter::
   * shouldRelocateWithSymbol decides) and return the value to write in place.
   */
  private relocate(f: Fixup, A: AsmSymbol, c: bigint, type: number): bigint {
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
}

function hasDot(e: Expr): boolean {
  return e.k === 'dot' || (e.k === 'un' && hasDot(e.a)) || (e.k === 'bin' && (hasDot(e.a) || hasDot(e.b)));
}

export function uleb128(v: bigint): number[] {
  if (v < 0n) v = BigInt.asUintN(64, v);
  const out: number[] = [];
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v) b |= 0x80;
    out.push(b);
  } while (v);
  return out;
}

export function sleb128(v: bigint): number[] {
  const out: number[] = [];
  for (;;) {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    if ((v === 0n && !(b & 0x40)) || (v === -1n && b & 0x40)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

