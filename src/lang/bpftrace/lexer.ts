/**
 * The tokenizer of the bpftrace language (bpftrace src/lexer.l): identifiers, builtins, `$vars`,
 * `@maps`, integers (decimal, hex, octal, `1e6`, `_` separators), strings with C escapes,
 * operators, and the attach-point text of probe headers, which is read raw up to whitespace, `,`
 * or `{` (bpftrace lexes `uprobe:/bin/bash:readline` as one token the same way).
 *
 * A small preprocessor runs first (bpftrace runs clang's): `#include` lines are dropped,
 * `#ifdef/#ifndef/#else/#endif` on BPFTRACE_HAVE_BTF (defined: types come from the kernel's BTF)
 * keep or blank lines, `#define NAME value` records an integer macro. Lines are blanked, never
 * removed, so line numbers stay those of the script.
 */
import type { Loc } from './ast.js';
import { ScriptError } from './errors.js';

export type TokKind = 'ident' | 'int' | 'str' | 'var' | 'map' | 'positional' | 'punct' | 'attach' | 'eof';

export interface Token {
  kind: TokKind;
  text: string;
  /** numbers: the value; strings: the decoded text in `text` */
  value?: bigint;
  loc: Loc;
}

const PUNCT = [
  '<<=', '>>=', '...',
  '==', '!=', '<=', '>=', '&&', '||', '<<', '>>', '++', '--', '->', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=',
  '{', '}', '(', ')', '[', ']', ';', ',', ':', '?', '.', '+', '-', '*', '/', '%', '&', '|', '^', '!', '~', '<', '>', '=',
];

export interface Preprocessed {
  text: string;
  /** integer macros from `#define NAME value` */
  defines: Map<string, bigint>;
}

/** the preprocessor pass: conditionals on BPFTRACE_HAVE_BTF, includes dropped, integer #defines */
export function preprocess(src: string, defined: ReadonlySet<string> = new Set(['BPFTRACE_HAVE_BTF'])): Preprocessed {
  const lines = src.split('\n');
  const defines = new Map<string, bigint>();
  const stack: boolean[] = [];
  const active = (): boolean => stack.every((x) => x);
  const out = lines.map((line, i) => {
    const t = line.trim();
    if (i === 0 && t.startsWith('#!')) return '';
    let m: RegExpMatchArray | null;
    if ((m = t.match(/^#\s*(ifdef|ifndef)\s+(\w+)/))) {
      const has = defined.has(m[2]!) || defines.has(m[2]!);
      stack.push(m[1] === 'ifdef' ? has : !has);
      return '';
    }
    if (/^#\s*else\b/.test(t)) {
      if (stack.length) stack[stack.length - 1] = !stack[stack.length - 1];
      return '';
    }
    if (/^#\s*endif\b/.test(t)) {
      stack.pop();
      return '';
    }
    if (!active()) return '';
    if (/^#\s*include\b/.test(t)) return '';
    if ((m = t.match(/^#\s*define\s+(\w+)\s+(.*)$/))) {
      const v = m[2]!.replace(/\/\/.*$/, '').replace(/[()]/g, '').trim();
      if (/^-?(0x[0-9a-f]+|\d+)[uUlL]*$/i.test(v)) defines.set(m[1]!, BigInt(v.replace(/[uUlL]+$/, '')));
      return '';
    }
    return line;
  });
  return { text: out.join('\n'), defines };
}

export class Lexer {
  private pos = 0;
  private line = 1;
  private col = 1;
  constructor(readonly src: string) {}

  private peekc(k = 0): string {
    return this.src[this.pos + k] ?? '';
  }
  private adv(n = 1): void {
    for (let i = 0; i < n; i++) {
      if (this.src[this.pos] === '\n') {
        this.line++;
        this.col = 1;
      } else this.col++;
      this.pos++;
    }
  }
  /** skip whitespace and comments */
  skip(): void {
    for (;;) {
      const c = this.peekc();
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') this.adv();
      else if (c === '/' && this.peekc(1) === '/') while (this.pos < this.src.length && this.peekc() !== '\n') this.adv();
      else if (c === '/' && this.peekc(1) === '*') {
        const start = this.here();
        this.adv(2);
        while (this.pos < this.src.length && !(this.peekc() === '*' && this.peekc(1) === '/')) this.adv();
        if (this.pos >= this.src.length) throw new ScriptError('unterminated comment', start);
        this.adv(2);
      } else return;
    }
  }
  here(): Loc {
    return { line: this.line, col: this.col, endLine: this.line, endCol: this.col + 1 };
  }
  private from(l: Loc): Loc {
    return { line: l.line, col: l.col, endLine: this.line, endCol: this.col };
  }
  save(): [number, number, number] {
    return [this.pos, this.line, this.col];
  }
  restore(s: [number, number, number]): void {
    [this.pos, this.line, this.col] = s;
  }
  atEnd(): boolean {
    this.skip();
    return this.pos >= this.src.length;
  }
  peekChar(): string {
    this.skip();
    return this.peekc();
  }

  /** the raw text of one attach point: up to whitespace, ',' or '{' (quoted parts kept whole) */
  attachPoint(): Token {
    this.skip();
    const start = this.here();
    let text = '';
    while (this.pos < this.src.length) {
      const c = this.peekc();
      if (c === '"') {
        this.adv();
        while (this.pos < this.src.length && this.peekc() !== '"') {
          text += this.peekc();
          this.adv();
        }
        this.adv();
        continue;
      }
      if (/[\s,{]/.test(c)) break;
      // a predicate may follow without a space only after a complete name: `BEGIN/1/` is rare; keep '/' in paths
      text += c;
      this.adv();
    }
    if (!text) throw new ScriptError(`syntax error, unexpected ${this.peekc() ? this.peekc() : 'end of file'}`, start);
    return { kind: 'attach', text, loc: this.from(start) };
  }

  next(): Token {
    this.skip();
    const start = this.here();
    if (this.pos >= this.src.length) return { kind: 'eof', text: '', loc: start };
    const c = this.peekc();
    if (/[A-Za-z_]/.test(c)) {
      let s = '';
      while (/[A-Za-z0-9_]/.test(this.peekc())) {
        s += this.peekc();
        this.adv();
      }
      return { kind: 'ident', text: s, loc: this.from(start) };
    }
    if (c === '$') {
      this.adv();
      let s = '';
      if (this.peekc() === '#') {
        this.adv();
        return { kind: 'positional', text: '$#', value: -1n, loc: this.from(start) };
      }
      while (/[A-Za-z0-9_]/.test(this.peekc())) {
        s += this.peekc();
        this.adv();
      }
      if (/^\d+$/.test(s)) return { kind: 'positional', text: '$' + s, value: BigInt(s), loc: this.from(start) };
      if (!s) throw new ScriptError('syntax error, unexpected $', this.from(start));
      return { kind: 'var', text: s, loc: this.from(start) };
    }
    if (c === '@') {
      this.adv();
      let s = '';
      while (/[A-Za-z0-9_]/.test(this.peekc())) {
        s += this.peekc();
        this.adv();
      }
      return { kind: 'map', text: s, loc: this.from(start) };
    }
    if (/[0-9]/.test(c)) return this.number(start);
    if (c === '"') return this.string(start);
    if (c === "'") {
      // a character literal is an integer ('A' == 65), as in C
      this.adv();
      let ch = this.peekc();
      this.adv();
      if (ch === '\\') {
        ch = unescape('\\' + this.peekc());
        this.adv();
      }
      if (this.peekc() !== "'") throw new ScriptError('unterminated character literal', this.from(start));
      this.adv();
      return { kind: 'int', text: ch, value: BigInt(ch.charCodeAt(0)), loc: this.from(start) };
    }
    for (const p of PUNCT) {
      if (this.src.startsWith(p, this.pos)) {
        this.adv(p.length);
        return { kind: 'punct', text: p, loc: this.from(start) };
      }
    }
    this.adv();
    throw new ScriptError(`syntax error, unexpected character '${c}'`, this.from(start));
  }

  private number(start: Loc): Token {
    let s = '';
    while (/[0-9A-Za-z_]/.test(this.peekc())) {
      s += this.peekc();
      this.adv();
    }
    const loc = this.from(start);
    const clean = s.replace(/_/g, '');
    let v: bigint;
    let m: RegExpMatchArray | null;
    if ((m = clean.match(/^(\d+)e(\d+)$/i))) v = BigInt(m[1]!) * 10n ** BigInt(m[2]!);
    else if (/^0x[0-9a-f]+$/i.test(clean)) v = BigInt(clean);
    else if (/^0[0-7]+$/.test(clean)) v = BigInt('0o' + clean.slice(1));
    else if ((m = clean.match(/^(\d+)(ns|us|ms|s|m|h|d|k|K|M|G|T)?$/))) {
      // bpftrace >= 0.20 duration/size suffixes are not in 0.17; accept the plain number only
      if (m[2]) throw new ScriptError(`invalid integer suffix '${m[2]}'`, loc);
      v = BigInt(m[1]!);
    } else if ((m = clean.match(/^(\d+|0x[0-9a-f]+)([uUlL]+)$/i))) v = BigInt(m[1]!);
    else throw new ScriptError(`invalid integer literal '${s}'`, loc);
    if (v >= 1n << 64n) throw new ScriptError(`integer literal '${s}' is out of range (64 bits)`, loc);
    return { kind: 'int', text: s, value: v, loc };
  }

  private string(start: Loc): Token {
    this.adv();
    let raw = '';
    while (this.pos < this.src.length && this.peekc() !== '"') {
      if (this.peekc() === '\n') break;
      if (this.peekc() === '\\') {
        raw += this.peekc();
        this.adv();
      }
      raw += this.peekc();
      this.adv();
    }
    if (this.peekc() !== '"') throw new ScriptError('unterminated string', this.from(start));
    this.adv();
    return { kind: 'str', text: unescape(raw), loc: this.from(start) };
  }
}

/** C escapes in a string literal (bpftrace lexer.l <STR> rules) */
export function unescape(raw: string): string {
  return raw.replace(/\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|.)/g, (_, e: string) => {
    if (e[0] === 'x') return String.fromCharCode(parseInt(e.slice(1), 16));
    if (/^[0-7]/.test(e)) return String.fromCharCode(parseInt(e, 8));
    switch (e) {
      case 'n': return '\n';
      case 't': return '\t';
      case 'r': return '\r';
      case '0': return '\0';
      case 'a': return '\x07';
      case 'b': return '\b';
      case 'f': return '\f';
      case 'v': return '\v';
      default: return e;
    }
  });
}
