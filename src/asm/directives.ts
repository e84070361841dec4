/**
 * The directives of the `llvm` dialect (GNU as / LLVM MC spelling): sections, symbol binding and
 * types, data, strings, alignment, `.set`, `.file`/`.loc`/`.cfi_*` (handed to the DWARF state) and
 * `.addrsig`. Each acts on the assembler's current section and symbols (`assembler.ts`).
 */
import { BpfError } from '../isa/errors.js';
import {
  SHF_ALLOC, SHF_EXECINSTR, SHF_WRITE, SHT_NOBITS, SHT_PROGBITS, STB_GLOBAL, STB_LOCAL, STB_WEAK, STT_FUNC, STT_NOTYPE, STT_OBJECT,
} from '../elf/reader.js';
import { SHF_EXCLUDE, SHF_MERGE, SHF_STRINGS } from '../elf/writer.js';
import { type Expr, parseExpr } from './expr.js';
import { sleb128, uleb128 } from './asm_model.js';
import type { Assembler } from './assembler.js';

/** parse comma-separated expressions */
function exprList(a: Assembler, args: string, column: number): { e: Expr; col: number }[] {
  const out: { e: Expr; col: number }[] = [];
  let p = 0;
  if (!args.trim()) return out;
  for (;;) {
    const { e, end } = parseExpr(args, p, a.where, column);
    out.push({ e, col: column + p });
    p = end;
    if (p >= args.length) break;
    if (args[p] !== ',') a.fail(`expected ',' in directive arguments`, column + p);
    p++;
  }
  return out;
}

/** one directive (`.section`, `.quad`, `.globl`…) of an `llvm`-dialect source */
export function directive(a: Assembler, name: string, args: string, col: number): void {
  const d = name.toLowerCase();
  const list = (): { e: Expr; col: number }[] => exprList(a, args, col);
  switch (d) {
    case '.text':
      a.switchTo('.text', SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, 0);
      return;
    case '.data':
      a.switchTo('.data', SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, 0);
      return;
    case '.bss':
      a.switchTo('.bss', SHT_NOBITS, SHF_ALLOC | SHF_WRITE, 0);
      return;
    case '.section':
    case '.pushsection':
      sectionDirective(a, args, col);
      return;
    case '.previous':
    case '.popsection':
      a.previousSection();
      return;
    case '.globl':
    case '.global':
    case '.weak':
    case '.local':
      for (const n of names(a, args, col)) {
        const s = a.symbol(n.name);
        s.bind = d === '.weak' ? STB_WEAK : d === '.local' ? STB_LOCAL : STB_GLOBAL;
        s.bindSet = true;
      }
      return;
    case '.hidden':
    case '.protected':
    case '.internal':
      for (const n of names(a, args, col)) a.symbol(n.name).visibility = d === '.hidden' ? 2 : d === '.protected' ? 3 : 1;
      return;
    case '.extern':
      for (const n of names(a, args, col)) a.symbol(n.name, false);
      return;
    case '.type': {
      const m = /^\s*("[^"]*"|[^\s,]+)\s*,\s*[@%]?(\w+)\s*$/.exec(args);
      if (!m) a.fail('expected `.type symbol, @function|@object`', col);
      const s = a.symbol(m![1]!.replace(/^"|"$/g, ''));
      const t = m![2]!.toLowerCase();
      s.type = t === 'function' || t === 'stt_func' ? STT_FUNC : t === 'object' || t === 'stt_object' ? STT_OBJECT : t === 'notype' || t === 'stt_notype' ? STT_NOTYPE : a.fail(`unsupported symbol type ${m![2]}`, col);
      return;
    }
    case '.size': {
      const m = /^\s*("[^"]*"|[^\s,]+)\s*,/.exec(args);
      if (!m) a.fail('expected `.size symbol, expression`', col);
      const s = a.symbol(m![1]!.replace(/^"|"$/g, ''), false);
      const { e } = parseExpr(args, m![0].length, a.where, col);
      s.sizeExpr = { e, where: { ...a.where } };
      return;
    }
    case '.set':
    case '.equ': {
      const m = /^\s*([^\s,]+)\s*,/.exec(args);
      if (!m) a.fail(`expected \`${d} symbol, expression\``, col);
      const s = a.symbol(m![1]!);
      const { e } = parseExpr(args, m![0].length, a.where, col);
      const v = a.evalNow(e, col);
      if (v.add) {
        const t = a.lookup(v.add);
        if (!t?.section) a.fail(`${d} of a symbol that is not yet defined is not supported`, col);
        s.section = t!.section;
        s.offset = t!.offset + Number(v.c);
      } else {
        if (s.section || s.absolute !== undefined) a.fail(`symbol '${s.name}' is already defined`, col);
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
      for (const { e, col: c } of list()) a.emitValue(size, a.evalNow(e, c), c);
      return;
    }
    case '.ascii':
    case '.asciz':
    case '.string':
      for (const s of strings(a, args, col)) {
        a.emitBytes(s);
        if (d !== '.ascii') a.emitBytes([0]);
      }
      return;
    case '.zero':
    case '.space':
    case '.skip': {
      const l = list();
      if (l.length < 1 || l.length > 2) a.fail(`${d} takes a size and an optional fill byte`, col);
      const n = a.absolute(l[0]!.e, l[0]!.col);
      const fill = l[1] ? Number(a.absolute(l[1].e, l[1].col) & 0xffn) : 0;
      if (n < 0n) a.fail(`${d} size ${n} is negative`, col);
      if (n > 1n << 26n) throw new BpfError('E2BIG', `${d} of ${n} bytes is larger than the 64 MiB an object section may hold here`, { ...a.where, column: col + 1 });
      if (fill !== 0) a.emitBytes(new Uint8Array(Number(n)).fill(fill));
      else if (a.current.type === SHT_NOBITS) a.current.bytes.fill(Number(n));
      else a.current.bytes.fill(Number(n));
      return;
    }
    case '.p2align':
    case '.balign':
    case '.align': {
      const l = list();
      if (l.length < 1) a.fail(`${d} needs an alignment`, col);
      let pow = Number(a.absolute(l[0]!.e, l[0]!.col));
      if (d !== '.p2align') {
        if (pow === 0) pow = 1;
        if (pow & (pow - 1)) a.fail(`alignment ${pow} is not a power of two`, l[0]!.col);
        pow = Math.log2(pow);
      }
      if (pow < 0 || pow > 16) a.fail(`alignment 2**${pow} is out of range`, l[0]!.col);
      const fill = l[1] ? Number(a.absolute(l[1].e, l[1].col) & 0xffn) : undefined;
      const max = l[2] ? Number(a.absolute(l[2].e, l[2].col)) : undefined;
      a.emitAlign(pow, fill, max);
      return;
    }
    case '.uleb128':
    case '.sleb128':
      for (const { e, col: c } of list()) {
        const v = absoluteLater(a, e, c);
        a.emitBytes(d === '.uleb128' ? uleb128(v) : sleb128(v));
      }
      return;
    case '.file':
      fileDirective(a, args, col);
      return;
    case '.loc':
      a.dwarf.loc(args, col);
      return;
    case '.addrsig':
      a.addrsig = true;
      return;
    case '.addrsig_sym':
      for (const n of names(a, args, col)) a.addrsigNames.push({ name: n.name, where: { ...a.where, column: n.col + 1 } });
      return;
    case '.ident':
    case '.version':
    case '.loc_mark_labels':
      return;
    default:
      if (d.startsWith('.cfi_')) {
        a.dwarf.cfi(d, args, col);
        return;
      }
      a.fail(`unknown directive ${name}`, col - name.length - 1 >= 0 ? col - name.length - 1 : 0);
  }
}

/** `.uleb128` needs its value while emitting (its size depends on it) */
function absoluteLater(a: Assembler, e: Expr, col: number): bigint {
  const v = a.evalNow(e, col);
  if (v.add || v.sub) a.fail('.uleb128/.sleb128 need a value known at this point', col);
  return v.c;
}

function names(a: Assembler, args: string, col: number): { name: string; col: number }[] {
  const out: { name: string; col: number }[] = [];
  const re = /\s*("[^"]*"|[^\s,]+)\s*(,|$)/y;
  let m: RegExpExecArray | null;
  re.lastIndex = 0;
  while (re.lastIndex < args.length && (m = re.exec(args))) {
    out.push({ name: m[1]!.replace(/^"|"$/g, ''), col: col + m.index });
    if (!m[2]) break;
  }
  if (!out.length) a.fail('expected a symbol name', col);
  return out;
}

/** string literals with C escapes, comma-separated */
function strings(a: Assembler, args: string, col: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  let p = 0;
  const enc = new TextEncoder();
  for (;;) {
    while (args[p] === ' ' || args[p] === '\t') p++;
    if (args[p] !== '"') a.fail('expected a string literal', col + p);
    p++;
    const bytes: number[] = [];
    for (;;) {
      if (p >= args.length) a.fail('unterminated string', col + p);
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
            if (!m) a.fail('bad \\x escape', col + p);
            bytes.push(parseInt(m![0], 16) & 0xff);
            p += m![0].length;
            break;
          }
          default: {
            if (n !== undefined && /[0-7]/.test(n)) {
              const m = /^[0-7]{1,2}/.exec(args.slice(p))?.[0] ?? '';
              bytes.push(parseInt(n + m, 8) & 0xff);
              p += m.length;
            } else a.fail(`bad escape \\${n ?? ''}`, col + p - 2);
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
    if (args[p] !== ',') a.fail("expected ',' between strings", col + p);
    p++;
  }
  return out;
}

function sectionDirective(a: Assembler, args: string, col: number): void {
  const m = /^\s*("[^"]*"|[^\s,]+)\s*(?:,\s*"([^"]*)")?\s*(?:,\s*[@%](\w+))?\s*(?:,\s*(\d+))?\s*(?:,.*)?$/.exec(args);
  if (!m) a.fail('bad .section arguments', col);
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
        default: a.fail(`unknown section flag '${c}'`, col);
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
    else a.fail(`unsupported section type @${m![3]}`, col);
  }
  const existing = a.section(name);
  a.switchTo(name, existing?.type ?? type, existing?.flags ?? flags, m![4] ? Number(m![4]) : existing?.entsize ?? 0);
}

function fileDirective(a: Assembler, args: string, col: number): void {
  const m = /^\s*"([^"]*)"\s*$/.exec(args);
  if (m) {
    a.addFileName(m[1]!);
    return;
  }
  a.dwarf.file(args, col);
}

// --- resolution
