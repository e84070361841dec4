/**
 * A recursive-descent parser for the bpftrace language, following the grammar of bpftrace 0.17
 * (src/parser.yy): probes with comma-separated attach points, an optional `/predicate/`, and a
 * block of statements; C operator precedence, the ternary, casts to integer and struct pointer
 * types, tuples, `if/else`, `unroll(N)`, `while`, compound assignments and `++/--`.
 * Syntax errors use bison's wording ("syntax error, unexpected X") at the token's position.
 */
import type { BinOp, Expr, Loc, Probe, Program, Stmt, TypeName } from './ast.js';
import { ScriptError, span } from './errors.js';
import { Lexer, preprocess, type Token } from './lexer.js';
import { parseStructBody, type CStructDef } from './cstruct.js';

/** identifiers that are builtins (bpftrace's lexer.l `builtin` rule) */
export const BUILTINS = new Set([
  'pid', 'tid', 'uid', 'gid', 'nsecs', 'elapsed', 'numaid', 'cpu', 'curtask', 'rand', 'ctx', 'comm', 'kstack', 'ustack',
  'stack', 'retval', 'func', 'probe', 'username', 'cgroup', 'cpid', 'args', 'jiffies',
]);
const isArgN = (s: string): boolean => /^s?arg\d+$/.test(s);

const INT_TYPES = new Set(['int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64', 'bool']);

const BIN_PREC: Array<BinOp[]> = [
  ['||'], ['&&'], ['|'], ['^'], ['&'], ['==', '!='], ['<', '<=', '>', '>='], ['<<', '>>'], ['+', '-'], ['*', '/', '%'],
];

export interface ParseResult {
  program: Program;
  defines: Map<string, bigint>;
}

export function parse(source: string, file = 'stdin'): ParseResult {
  const pp = preprocess(source);
  const p = new Parser(new Lexer(pp.text));
  const probes = p.program();
  return { program: { probes, source, file, structs: p.structs }, defines: pp.defines };
}

class Parser {
  private tok: Token;
  private predicateDepth = -1;
  private parens = 0;
  constructor(private lx: Lexer) {
    this.tok = { kind: 'eof', text: '', loc: lx.here() };
  }

  private advance(): Token {
    const t = this.tok;
    this.tok = this.lx.next();
    return t;
  }
  private isP(text: string): boolean {
    return this.tok.kind === 'punct' && this.tok.text === text;
  }
  private unexpected(t = this.tok, expecting?: string): never {
    const what = t.kind === 'eof' ? 'end of file' : t.kind === 'str' ? 'string' : t.kind === 'int' ? 'integer' : t.kind === 'map' ? 'map' : t.kind === 'var' ? 'variable' : t.text;
    throw new ScriptError(`syntax error, unexpected ${what}${expecting ? `, expecting ${expecting}` : ''}`, t.loc);
  }
  private expect(text: string): Token {
    if (!this.isP(text)) this.unexpected(this.tok, text);
    return this.advance();
  }

  /** C struct/union definitions at the top level of the script (cstruct.ts lays them out) */
  readonly structs: CStructDef[] = [];

  program(): Probe[] {
    const probes: Probe[] = [];
    while (!this.lx.atEnd()) {
      const save = this.lx.save();
      const t = this.lx.next();
      if (t.kind === 'ident' && (t.text === 'struct' || t.text === 'union' || t.text === 'enum')) {
        const name = this.lx.next();
        const open = this.lx.next();
        if (t.text !== 'enum' && name.kind === 'ident' && open.kind === 'punct' && open.text === '{') {
          this.structs.push(parseStructBody(t.text as 'struct' | 'union', name.text, t.loc, () => this.lx.next()));
        } else {
          // an enum definition (its constants come from BTF) or a forward declaration: skipped
          let depth = open.kind === 'punct' && open.text === '{' ? 1 : 0;
          if (!(open.kind === 'punct' && open.text === ';') || depth) {
            for (;;) {
              const u = this.lx.next();
              if (u.kind === 'eof') throw new ScriptError('unterminated struct definition', t.loc);
              if (u.text === '{' && u.kind === 'punct') depth++;
              else if (u.text === '}' && u.kind === 'punct' && --depth === 0) break;
              else if (u.text === ';' && u.kind === 'punct' && depth === 0) break;
            }
          }
        }
        // the `;` after a definition's `}` is optional, as bpftrace's examples write it
        const after = this.lx.save();
        const semi = this.lx.next();
        if (!(semi.kind === 'punct' && semi.text === ';')) this.lx.restore(after);
        continue;
      }
      this.lx.restore(save);
      probes.push(this.probe());
    }
    if (probes.length === 0) throw new ScriptError('syntax error, unexpected end of file', this.lx.here());
    return probes;
  }

  private probe(): Probe {
    const aps = [this.lx.attachPoint()];
    while (this.lx.peekChar() === ',') {
      this.lx.next();
      aps.push(this.lx.attachPoint());
    }
    const attachPoints = aps.map((a) => ({ text: a.text, loc: a.loc }));
    this.advance();
    let pred: Expr | undefined;
    if (this.isP('/')) {
      this.advance();
      this.predicateDepth = this.parens;
      pred = this.expr();
      this.predicateDepth = -1;
      this.expect('/');
    }
    if (!this.isP('{')) this.unexpected(this.tok, '{');
    const body = this.block();
    // the lexer is one token ahead: step back so the next probe's attach point is read raw
    this.lx.restore(this.beforeTok);
    return { attachPoints, pred, body, loc: span(aps[0]!.loc, aps[aps.length - 1]!.loc) };
  }

  private beforeTok: [number, number, number] = [0, 1, 1];

  /** `{ stmt; stmt; ... }`; leaves the token after '}' unread (for the probe list) */
  private block(): Stmt[] {
    this.expect('{');
    const out: Stmt[] = [];
    while (!this.isP('}')) {
      if (this.tok.kind === 'eof') this.unexpected();
      if (this.isP(';')) {
        this.advance();
        continue;
      }
      const s = this.stmt();
      out.push(s);
      if (s.kind === 'if' || s.kind === 'unroll' || s.kind === 'while') continue;
      if (this.isP(';')) this.advance();
      else if (!this.isP('}')) this.unexpected();
    }
    // remember where the lexer stands before the token after '}' (a probe may follow)
    this.beforeTok = this.lx.save();
    this.advance();
    return out;
  }

  private stmt(): Stmt {
    const t = this.tok;
    if (t.kind === 'ident') {
      switch (t.text) {
        case 'if': return this.ifStmt();
        case 'unroll': {
          this.advance();
          this.expect('(');
          const n = this.advance();
          if (n.kind !== 'int') this.unexpected(n, 'integer');
          this.expect(')');
          const count = Number(n.value);
          if (count < 1 || count > 100) throw new ScriptError('unroll maximum value is 100', n.loc);
          return { kind: 'unroll', count, body: this.block(), loc: t.loc };
        }
        case 'while': {
          this.advance();
          this.expect('(');
          const cond = this.expr();
          this.expect(')');
          return { kind: 'while', cond, body: this.block(), loc: t.loc };
        }
        case 'break': case 'continue': case 'return':
          this.advance();
          return { kind: 'jump', what: t.text, loc: t.loc };
      }
    }
    const e = this.expr();
    if (this.tok.kind === 'punct') {
      const op = this.tok.text;
      if (op === '=' || (op.length >= 2 && op.endsWith('=') && !['==', '!=', '<=', '>='].includes(op))) {
        if (e.kind !== 'var' && e.kind !== 'map') throw new ScriptError('syntax error, unexpected =', this.tok.loc);
        const opLoc = this.advance().loc;
        const value = this.expr();
        const bop = op === '=' ? undefined : (op.slice(0, -1) as BinOp);
        return { kind: 'assign', target: e, op: bop, value, loc: span(e.loc, value.loc), opLoc };
      }
    }
    return { kind: 'expr', expr: e, loc: e.loc };
  }

  private ifStmt(): Stmt {
    const t = this.advance();
    this.expect('(');
    const cond = this.expr();
    this.expect(')');
    const then = this.block();
    let els: Stmt[] | undefined;
    if (this.tok.kind === 'ident' && this.tok.text === 'else') {
      this.advance();
      const next = this.tok as Token;
      if (next.kind === 'ident' && next.text === 'if') els = [this.ifStmt()];
      else els = this.block();
    }
    return { kind: 'if', cond, then, else: els, loc: t.loc };
  }

  expr(): Expr {
    const c = this.binary(0);
    if (this.isP('?')) {
      this.advance();
      const a = this.expr();
      this.expect(':');
      const b = this.expr();
      return { kind: 'ternary', cond: c, then: a, else: b, loc: span(c.loc, b.loc) };
    }
    return c;
  }

  private binary(level: number): Expr {
    if (level >= BIN_PREC.length) return this.unary();
    let left = this.binary(level + 1);
    for (;;) {
      if (this.tok.kind !== 'punct' || !(BIN_PREC[level] as string[]).includes(this.tok.text)) return left;
      // inside /predicate/ a '/' at the predicate's own nesting level ends it
      if (this.tok.text === '/' && this.predicateDepth === this.parens) return left;
      const op = this.advance().text as BinOp;
      const right = this.binary(level + 1);
      left = { kind: 'binop', op, left, right, loc: span(left.loc, right.loc) };
    }
  }

  private unary(): Expr {
    const t = this.tok;
    if (t.kind === 'punct') {
      if (t.text === '!' || t.text === '~' || t.text === '-' || t.text === '*' || t.text === '&') {
        this.advance();
        const e = this.unary();
        return { kind: 'unop', op: t.text, expr: e, loc: span(t.loc, e.loc) };
      }
      if (t.text === '+') {
        this.advance();
        return this.unary();
      }
      if (t.text === '++' || t.text === '--') {
        this.advance();
        const e = this.unary();
        return { kind: 'incdec', op: t.text, prefix: true, target: e, loc: span(t.loc, e.loc) };
      }
      if (t.text === '(') {
        const cast = this.tryCast();
        if (cast) return cast;
      }
    }
    return this.postfix(this.primary());
  }

  /** `(type) expr` when the parenthesis holds a type name */
  private tryCast(): Expr | undefined {
    const save = this.lx.save();
    const saveTok = this.tok;
    const open = this.advance();
    const ty = this.typeName(true);
    if (ty && this.isP(')')) {
      this.advance();
      const e = this.unary();
      return { kind: 'cast', type: ty, expr: e, loc: span(open.loc, e.loc) };
    }
    this.lx.restore(save);
    this.tok = saveTok;
    return undefined;
  }

  /** a type name; `strict` (casts) wants an integer type, struct/union/enum, or a pointer */
  private typeName(strict: boolean): TypeName | undefined {
    const t = this.tok;
    if (t.kind !== 'ident') return undefined;
    let base = t.text;
    let end = t.loc;
    if (base === 'struct' || base === 'union' || base === 'enum') {
      this.advance();
      if (this.tok.kind !== 'ident') return undefined;
      base = `${base} ${this.tok.text}`;
      end = this.tok.loc;
    } else if (base === 'unsigned' || base === 'signed') {
      this.advance();
      if (this.tok.kind === 'ident' && /^(char|short|int|long)$/.test(this.tok.text)) {
        base += ' ' + this.tok.text;
        end = this.tok.loc;
      } else {
        base += ' int';
        return this.typeSuffix({ base, ptr: 0, loc: span(t.loc, end) }, strict, false);
      }
    } else if (strict && !INT_TYPES.has(base) && BUILTINS.has(base)) return undefined;
    this.advance();
    return this.typeSuffix({ base, ptr: 0, loc: span(t.loc, end) }, strict, true);
  }

  private typeSuffix(ty: TypeName, strict: boolean, _advanced: boolean): TypeName | undefined {
    while (this.isP('*')) {
      ty.ptr++;
      ty.loc = span(ty.loc, this.tok.loc);
      this.advance();
    }
    if (this.isP('[')) {
      this.advance();
      const n = this.advance();
      if (n.kind !== 'int') return undefined;
      if (!this.isP(']')) return undefined;
      ty.array = Number(n.value);
      ty.loc = span(ty.loc, this.tok.loc);
      this.advance();
    }
    if (strict && !INT_TYPES.has(ty.base) && !/^(struct|union|enum) /.test(ty.base) && ty.ptr === 0 && !/^(unsigned|signed) /.test(ty.base)) return undefined;
    return ty;
  }

  private postfix(e: Expr): Expr {
    for (;;) {
      if (this.isP('.') || this.isP('->')) {
        const arrow = this.advance().text === '->';
        const f = this.advance();
        if (f.kind !== 'ident' && f.kind !== 'int') this.unexpected(f, 'identifier');
        e = { kind: 'field', expr: e, field: f.text, arrow, loc: span(e.loc, f.loc) };
      } else if (this.isP('[') && e.kind !== 'map') {
        this.advance();
        this.parens++;
        const i = this.expr();
        this.parens--;
        const close = this.expect(']');
        e = { kind: 'index', expr: e, index: i, loc: span(e.loc, close.loc) };
      } else if (this.isP('++') || this.isP('--')) {
        const t = this.advance();
        e = { kind: 'incdec', op: t.text as '++' | '--', prefix: false, target: e, loc: span(e.loc, t.loc) };
      } else return e;
    }
  }

  private args(): Expr[] {
    this.expect('(');
    this.parens++;
    const out: Expr[] = [];
    if (!this.isP(')')) {
      out.push(this.expr());
      while (this.isP(',')) {
        this.advance();
        out.push(this.expr());
      }
    }
    this.parens--;
    return out;
  }

  private primary(): Expr {
    const t = this.advance();
    switch (t.kind) {
      case 'int': return { kind: 'int', value: t.value!, loc: t.loc };
      case 'str': return { kind: 'str', value: t.text, loc: t.loc };
      case 'var': return { kind: 'var', name: t.text, loc: t.loc };
      case 'positional': return { kind: 'positional', n: Number(t.value), count: t.value === -1n, loc: t.loc };
      case 'map': {
        const name = '@' + t.text;
        if (this.isP('[')) {
          this.advance();
          this.parens++;
          const keys = [this.expr()];
          while (this.isP(',')) {
            this.advance();
            keys.push(this.expr());
          }
          this.parens--;
          const close = this.expect(']');
          return { kind: 'map', name, keys, loc: span(t.loc, close.loc) };
        }
        return { kind: 'map', name, keys: [], loc: t.loc };
      }
      case 'ident': {
        if (t.text === 'sizeof' || t.text === 'offsetof') return this.sizeofLike(t);
        if (this.isP('(')) {
          const args = this.args();
          const close = this.expect(')');
          return { kind: 'call', name: t.text, args, loc: span(t.loc, close.loc) };
        }
        if (BUILTINS.has(t.text) || isArgN(t.text)) return { kind: 'builtin', name: t.text, loc: t.loc };
        return { kind: 'ident', name: t.text, loc: t.loc };
      }
      case 'punct':
        if (t.text === '(') {
          this.parens++;
          const first = this.expr();
          if (this.isP(',')) {
            const elems = [first];
            while (this.isP(',')) {
              this.advance();
              elems.push(this.expr());
            }
            this.parens--;
            const close = this.expect(')');
            return { kind: 'tuple', elems, loc: span(t.loc, close.loc) };
          }
          this.parens--;
          this.expect(')');
          return first;
        }
        return this.unexpected(t);
      default:
        return this.unexpected(t);
    }
  }

  private sizeofLike(t: Token): Expr {
    this.expect('(');
    if (t.text === 'offsetof') {
      const ty = this.typeName(false);
      if (!ty) this.unexpected();
      this.expect(',');
      const f = this.advance();
      if (f.kind !== 'ident') this.unexpected(f, 'identifier');
      const close = this.expect(')');
      return { kind: 'offsetof', type: ty, field: f.text, loc: span(t.loc, close.loc) };
    }
    const save = this.lx.save();
    const saveTok = this.tok;
    const ty = this.typeName(true);
    if (ty && this.isP(')')) {
      const close = this.advance();
      return { kind: 'sizeof', type: ty, loc: span(t.loc, close.loc) };
    }
    this.lx.restore(save);
    this.tok = saveTok;
    const e = this.expr();
    const close = this.expect(')');
    return { kind: 'sizeof', expr: e, loc: span(t.loc, close.loc) };
  }
}

export type { Loc };
