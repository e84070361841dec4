/**
 * DWARF that the assembler writes itself from directives, as LLVM MC does for clang -g:
 * - `.debug_frame` from `.cfi_startproc`/`.cfi_endproc` (MCDwarfFrameEmitter, non-EH: one CIE
 *   with BPF's code alignment 8, data alignment -4, return register 11, then one FDE per function);
 * - `.debug_line` and `.debug_line_str` from `.file N` and `.loc` (MCDwarfLineTable, DWARF 5
 *   header with line_base -5, line_range 14, opcode_base 13, min_inst_length 8).
 * Like clang's DwarfDebug (DwarfCompileUnit::addRange), a line sequence ends whenever the next
 * function lies in another section, so the line program matches `clang -c` byte for byte.
 */
import type { AsmSection } from './asm_model.js';
import type { Assembler } from './assembler.js';
import { sleb128, uleb128 } from './asm_model.js';

/** the largest `.file N` accepted (LLVM numbers files densely from 1; clang writes a handful) */
const MAX_FILE = 8192;

const DW_LNS_copy = 1;
const DW_LNS_advance_pc = 2;
const DW_LNS_advance_line = 3;
const DW_LNS_set_file = 4;
const DW_LNS_set_column = 5;
const DW_LNS_negate_stmt = 6;
const DW_LNS_set_basic_block = 7;
const DW_LNS_const_add_pc = 8;
const DW_LNS_set_prologue_end = 10;
const DW_LNS_set_epilogue_begin = 11;
const DW_LNS_set_isa = 12;
const DW_LNE_end_sequence = 1;
const DW_LNE_set_address = 2;
const DW_LNE_set_discriminator = 4;

const FLAG_IS_STMT = 1;
const FLAG_BASIC_BLOCK = 2;
const FLAG_PROLOGUE_END = 4;
const FLAG_EPILOGUE_BEGIN = 8;

// MCDwarfLineTableParams for BPF (LLVM defaults) and MCAsmInfo values
const LINE_BASE = -5;
const LINE_RANGE = 14;
const OPCODE_BASE = 13;
const MIN_INST = 8;
const MAX_SPECIAL_ADDR = Math.floor((255 - OPCODE_BASE) / LINE_RANGE);

interface Loc {
  file: number;
  line: number;
  column: number;
  flags: number;
  isa: number;
  discriminator: number;
}

interface LineEntry extends Loc {
  /** offset in its section */
  offset: number;
  end?: boolean;
}

interface FileEntry {
  dir: string;
  name: string;
  md5?: Uint8Array;
  source?: string;
}

export class DwarfState {
  private files = new Map<number, FileEntry>();
  private dirs: string[] = [];
  private dirIndex = new Map<string, number>();
  private root?: FileEntry;
  private pending: Loc | null = null;
  private isStmt = FLAG_IS_STMT;
  private lines = new Map<AsmSection, LineEntry[]>();
  private frames: { section: AsmSection; begin: number; end?: number }[] = [];
  private open?: { section: AsmSection; begin: number };
  private debugFrame = false;
  private ehFrame = true;
  private lineTable = false;
  private prevRange?: { section: AsmSection; end: number };

  constructor(readonly asm: Assembler) {}

  /** MCDwarfLineEntry::make: the pending `.loc` gets an entry at the current location */
  onInstruction(): void {
    if (!this.pending) return;
    const sec = this.asm.current;
    let l = this.lines.get(sec);
    if (!l) this.lines.set(sec, (l = []));
    l.push({ ...this.pending, offset: sec.bytes.length });
    this.pending = null;
  }

  onLabel(): void {}

  file(args: string, col: number): void {
    const m = /^\s*(\d+)\s+"((?:[^"\\]|\\.)*)"(?:\s+"((?:[^"\\]|\\.)*)")?(?:\s+md5\s+(0x[0-9a-fA-F]+))?(?:\s+source\s+"((?:[^"\\]|\\.)*)")?\s*$/.exec(args);
    if (!m) this.asm.fail('bad .file arguments', col);
    const n = Number(m![1]);
    // the line table lists files 1..N densely: a file number past MAX_FILE would make it huge
    if (n > MAX_FILE) this.asm.fail(`file number ${m![1]} is too large (at most ${MAX_FILE})`, col);
    const dir = m![3] !== undefined ? m![2]! : '';
    const name = m![3] !== undefined ? m![3] : m![2]!;
    let md5: Uint8Array | undefined;
    if (m![4]) {
      const h = m![4].slice(2).padStart(32, '0');
      if (h.length !== 32) this.asm.fail('md5 checksum must be 128 bits', col);
      md5 = Uint8Array.from(h.match(/../g)!.map((x) => parseInt(x, 16)));
    }
    const f: FileEntry = { dir, name, md5, source: m![5] };
    this.lineTable = true;
    if (n === 0) {
      this.root = f;
      return;
    }
    if (this.files.has(n)) this.asm.fail(`file number ${n} already allocated`, col);
    this.files.set(n, f);
    if (dir && dir !== this.root?.dir && !this.dirIndex.has(dir)) {
      this.dirIndex.set(dir, this.dirs.length + 1);
      this.dirs.push(dir);
    }
  }

  loc(args: string, col: number): void {
    const m = /^\s*(\d+)\s+(\d+)(?:\s+(\d+))?(\s.*)?$/.exec(args);
    if (!m) this.asm.fail('bad .loc arguments', col);
    // DWARF line-program operands are unsigned 32-bit in LLVM's MCDwarfLineEntry
    const u32 = (v: string, what: string): number => {
      const x = Number(v);
      if (!(x <= 0xffffffff)) this.asm.fail(`${what} ${v} is out of range (at most 4294967295)`, col);
      return x;
    };
    const file = Number(m![1]);
    if (file !== 0 && !this.files.has(file)) this.asm.fail(`unassigned file number ${file} in .loc`, col);
    if (file === 0 && !this.root) this.asm.fail('file number 0 has no .file 0 directive', col);
    // in case of two .loc in a row, the first still gets an entry
    this.onInstruction();
    let flags = this.isStmt;
    let isa = 0;
    let discriminator = 0;
    const opts = (m![4] ?? '').trim().split(/\s+/).filter(Boolean);
    for (let k = 0; k < opts.length; k++) {
      const o = opts[k]!;
      const num = (): number => {
        const v = opts[++k];
        if (v === undefined || !/^\d+$/.test(v)) this.asm.fail(`.loc option ${o} needs a number`, col);
        return u32(v!, `.loc ${o}`);
      };
      switch (o) {
        case 'basic_block': flags |= FLAG_BASIC_BLOCK; break;
        case 'prologue_end': flags |= FLAG_PROLOGUE_END; break;
        case 'epilogue_begin': flags |= FLAG_EPILOGUE_BEGIN; break;
        case 'is_stmt': {
          const v = num();
          flags = v ? flags | FLAG_IS_STMT : flags & ~FLAG_IS_STMT;
          break;
        }
        case 'isa': isa = num(); break;
        case 'discriminator': discriminator = num(); break;
        default: this.asm.fail(`unknown .loc option '${o}'`, col);
      }
    }
    this.isStmt = flags & FLAG_IS_STMT;
    this.pending = { file, line: u32(m![2]!, '.loc line'), column: m![3] !== undefined ? u32(m![3], '.loc column') : 0, flags, isa, discriminator };
    this.lineTable = true;
  }

  cfi(name: string, args: string, col: number): void {
    const sec = this.asm.current;
    switch (name) {
      case '.cfi_sections': {
        const list = args.split(',').map((s) => s.trim());
        this.debugFrame = list.includes('.debug_frame');
        this.ehFrame = list.includes('.eh_frame');
        return;
      }
      case '.cfi_startproc':
        if (this.open) this.asm.fail('.cfi_startproc inside another .cfi_startproc', col);
        this.open = { section: sec, begin: sec.bytes.length };
        return;
      case '.cfi_endproc': {
        if (!this.open) this.asm.fail('.cfi_endproc without .cfi_startproc', col);
        const end = this.open!.section.bytes.length;
        this.frames.push({ ...this.open!, end });
        this.addRange(this.open!.section, end);
        this.open = undefined;
        return;
      }
      default:
        // BPF functions carry no call-frame instructions; anything else is not supported
        this.asm.fail(`unsupported directive ${name}`, col);
    }
  }

  /** DwarfCompileUnit::addRange: a function in a new section terminates the prior sequence */
  private addRange(section: AsmSection, end: number): void {
    if (!this.prevRange || this.prevRange.section === section) {
      this.prevRange = { section, end };
      return;
    }
    this.terminate();
    this.prevRange = { section, end };
  }

  /** MCLineSection::addEndEntry at the end of the previous range */
  private terminate(): void {
    if (!this.prevRange) return;
    const l = this.lines.get(this.prevRange.section);
    if (l && l.length) l.push({ ...l[l.length - 1]!, offset: this.prevRange.end, end: true });
  }

  finish(): void {
    const a = this.asm;
    this.pending = null;
    const hasLines = this.lineTable && (this.root !== undefined || this.files.size > 0);
    // DwarfDebug::endModule terminates the pending line table
    if (hasLines && this.lines.size) this.terminate();
    // clang -c creates .debug_frame, then .debug_line, at the end of the module
    const lineSec = hasLines ? a.section('.debug_line') : undefined;
    if (this.frames.length && this.debugFrame) this.emitDebugFrame();
    if (lineSec) a.moveSectionToEnd(lineSec);
    if (hasLines) this.emitLineTable(lineSec);
  }

  private emitDebugFrame(): void {
    const a = this.asm;
    a.switchTo('.debug_frame', 1, 0, 0);
    const cieStart = a.tempLabel('.Ltsbpf_cie');
    // CIE (DWARF 5 debug_frame: version 4)
    const cie = [0xff, 0xff, 0xff, 0xff, 4, 0, 8, 0, ...uleb128(BigInt(MIN_INST)), ...sleb128(-4n), ...uleb128(11n)];
    const cieLen = Math.ceil((cie.length + 4) / 8) * 8 - 4;
    a.emitBytes(a.intBytes(4, BigInt(cieLen)));
    a.emitBytes(cie);
    a.emitAlign(3, 0);
    for (const f of this.frames) {
      // FDE: length, CIE pointer, initial location, address range, (no instructions), padding
      a.emitBytes(a.intBytes(4, 20n));
      a.emitValue(4, { add: cieStart, c: 0n });
      const begin = a.labelAt(f.section, f.begin, '.Ltsbpf_fde');
      a.emitValue(8, { add: begin, c: 0n });
      a.emitBytes(a.intBytes(8, BigInt(f.end! - f.begin)));
      a.emitAlign(3, 0);
    }
  }

  private emitLineTable(lineSec: AsmSection | undefined): void {
    const a = this.asm;
    const sec = lineSec ?? a.switchTo('.debug_line', 1, 0, 0);
    a.switchTo(sec.name, sec.type, sec.flags, sec.entsize);
    const strs: string[] = [];
    const strOff = new Map<string, number>();
    let strSize = 0;
    const lineStr = (s: string): number => {
      let o = strOff.get(s);
      if (o === undefined) {
        o = strSize;
        strOff.set(s, o);
        strs.push(s);
        strSize += new TextEncoder().encode(s).length + 1;
      }
      return o;
    };
    const body: (number[] | { str: string } | { addr: string })[] = [];
    const push = (...b: number[]): void => {
      body.push(b);
    };
    // header after unit_length
    push(...a.intBytes(2, 5n), 8, 0); // version 5 (in the object's byte order), address_size 8, segment selector size 0
    const afterHeaderLen = body.length;
    push(MIN_INST, 1, 1, LINE_BASE & 0xff, LINE_RANGE, OPCODE_BASE);
    push(0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1);
    // directories: DW_LNCT_path as DW_FORM_line_strp
    const fileList = this.fileList();
    push(1, 1, 0x1f, ...uleb128(BigInt(this.dirs.length + 1)));
    body.push({ str: this.root?.dir ?? '' });
    for (const d of this.dirs) body.push({ str: d });
    const allMd5 = fileList.every((f) => f.md5);
    const anySource = fileList.some((f) => f.source !== undefined);
    push(2 + (allMd5 ? 1 : 0) + (anySource ? 1 : 0), 1, 0x1f, 2, 0x0f); // path: line_strp, directory_index: udata
    if (allMd5) push(5, 0x1e);
    if (anySource) push(...uleb128(0x2001n), 0x1f);
    push(...uleb128(BigInt(fileList.length)));
    for (const f of fileList) {
      body.push({ str: f.name });
      push(...uleb128(BigInt(this.dirOf(f))));
      if (allMd5) push(...f.md5!);
      if (anySource) body.push({ str: f.source ?? '' });
    }
    const headerEnd = body.length;
    // the line program, one sequence list per section in order of first entry
    for (const [section, entries] of this.lines) this.program(section, entries, body);
    // measure: strings are 4-byte references, addresses 8 bytes
    const size = (from: number, to: number): number => {
      let n = 0;
      for (let k = from; k < to; k++) {
        const b = body[k]!;
        n += Array.isArray(b) ? b.length : 'str' in b ? 4 : 8;
      }
      return n;
    };
    const total = size(0, body.length) + 4; // + header_length itself
    a.emitBytes(a.intBytes(4, BigInt(total)));
    for (let k = 0; k < body.length; k++) {
      if (k === afterHeaderLen) a.emitBytes(a.intBytes(4, BigInt(size(afterHeaderLen, headerEnd))));
      const b = body[k]!;
      if (Array.isArray(b)) a.emitBytes(b);
      else if ('str' in b) a.emitValue(4, { add: '.debug_line_str', c: BigInt(lineStr(b.str)) });
      else a.emitValue(8, { add: b.addr, c: 0n });
    }
    // .debug_line_str: the strings in order of first reference
    a.switchTo('.debug_line_str', 1, 0x30, 1);
    const enc = new TextEncoder();
    for (const s of strs) {
      a.emitBytes(enc.encode(s));
      a.emitBytes([0]);
    }
  }

  private fileList(): FileEntry[] {
    const out: FileEntry[] = [];
    const max = Math.max(0, ...this.files.keys());
    out.push(this.root ?? this.files.get(1) ?? { dir: '', name: '' });
    for (let k = 1; k <= max; k++) out.push(this.files.get(k) ?? { dir: '', name: '' });
    return out;
  }

  private dirOf(f: FileEntry): number {
    if (f === this.root || !f.dir || f.dir === this.root?.dir) return 0;
    return this.dirIndex.get(f.dir) ?? 0;
  }

  /** MCDwarfLineTable::emitOne */
  private program(section: AsmSection, entries: LineEntry[], body: (number[] | { str: string } | { addr: string })[]): void {
    const a = this.asm;
    let file = 1;
    let lastLine = 1;
    let column = 0;
    let flags = FLAG_IS_STMT;
    let isa = 0;
    let discriminator = 0;
    let last: number | null = null;
    let endEmitted = false;
    const init = (): void => {
      file = 1;
      lastLine = 1;
      column = 0;
      flags = FLAG_IS_STMT;
      isa = 0;
      discriminator = 0;
      last = null;
    };
    const advance = (lineDelta: number | null, offset: number): void => {
      if (last === null) {
        // DW_LNE_set_address, then the line delta with address delta 0
        body.push([0, 9, DW_LNE_set_address]);
        body.push({ addr: a.labelAt(section, offset, '.Ltsbpf_line') });
        body.push(encodeLineAddr(lineDelta, 0));
      } else body.push(encodeLineAddr(lineDelta, (offset - last) / MIN_INST));
    };
    for (const e of entries) {
      if (e.end) {
        advance(null, e.offset);
        init();
        endEmitted = true;
        continue;
      }
      const lineDelta = e.line - lastLine;
      if (file !== e.file) {
        file = e.file;
        body.push([DW_LNS_set_file, ...uleb128(BigInt(file))]);
      }
      if (column !== e.column) {
        column = e.column;
        body.push([DW_LNS_set_column, ...uleb128(BigInt(column))]);
      }
      if (discriminator !== e.discriminator) {
        discriminator = e.discriminator;
        const d = uleb128(BigInt(discriminator));
        body.push([0, ...uleb128(BigInt(d.length + 1)), DW_LNE_set_discriminator, ...d]);
      }
      if (isa !== e.isa) {
        isa = e.isa;
        body.push([DW_LNS_set_isa, ...uleb128(BigInt(isa))]);
      }
      if ((e.flags ^ flags) & FLAG_IS_STMT) {
        flags = e.flags;
        body.push([DW_LNS_negate_stmt]);
      }
      if (e.flags & FLAG_BASIC_BLOCK) body.push([DW_LNS_set_basic_block]);
      if (e.flags & FLAG_PROLOGUE_END) body.push([DW_LNS_set_prologue_end]);
      if (e.flags & FLAG_EPILOGUE_BEGIN) body.push([DW_LNS_set_epilogue_begin]);
      advance(lineDelta, e.offset);
      discriminator = 0;
      lastLine = e.line;
      last = e.offset;
    }
    if (!endEmitted && last !== null) advance(null, section.bytes.length);
  }
}

/** MCDwarfLineAddr::encode; lineDelta null = DW_LNE_end_sequence */
export function encodeLineAddr(lineDelta: number | null, addrDelta: number): number[] {
  const out: number[] = [];
  if (lineDelta === null) {
    if (addrDelta === MAX_SPECIAL_ADDR) out.push(DW_LNS_const_add_pc);
    else if (addrDelta) out.push(DW_LNS_advance_pc, ...uleb128(BigInt(addrDelta)));
    out.push(0, 1, DW_LNE_end_sequence);
    return out;
  }
  let temp = lineDelta - LINE_BASE;
  let needCopy = false;
  if (temp < 0 || temp >= LINE_RANGE || temp + OPCODE_BASE > 255) {  // (LLVM computes this unsigned)
    out.push(DW_LNS_advance_line, ...sleb128(BigInt(lineDelta)));
    lineDelta = 0;
    temp = 0 - LINE_BASE;
    needCopy = true;
  }
  if (lineDelta === 0 && addrDelta === 0) {
    out.push(DW_LNS_copy);
    return out;
  }
  temp += OPCODE_BASE;
  if (addrDelta < 256 + MAX_SPECIAL_ADDR) {
    let opcode = temp + addrDelta * LINE_RANGE;
    if (opcode <= 255) {
      out.push(opcode);
      return out;
    }
    opcode = temp + (addrDelta - MAX_SPECIAL_ADDR) * LINE_RANGE;
    if (opcode <= 255) {
      out.push(DW_LNS_const_add_pc, opcode);
      return out;
    }
  }
  out.push(DW_LNS_advance_pc, ...uleb128(BigInt(addrDelta)));
  out.push(needCopy ? DW_LNS_copy : temp);
  return out;
}
