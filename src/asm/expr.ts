/**
 * Expressions in assembler directives and operands (`.long .Ltmp1-.Lfunc_begin0`,
 * `.quad names+8`, `.size f, .Lfunc_end0-f`): parsed to a tree, evaluated once every label
 * is placed, to a constant or a relocatable value `sym + c` (LLVM's MCValue, minus a symbol
 * difference that resolves within one section).
 */
import { BpfError, type ErrorLocation } from '../isa/errors.js';

export type Expr =
  | { k: 'num'; v: bigint }
  | { k: 'sym'; name: string; col: number }
  | { k: 'dot' }
  | { k: 'un'; op: '-' | '~' | '+'; a: Expr }
  | { k: 'bin'; op: string; a: Expr; b: Expr };

const PREC: Record<string, number> = { '|': 1, '^': 2, '&': 3, '<<': 4, '>>': 4, '+': 5, '-': 5, '*': 6, '/': 6, '%': 6 };

/** parse an expression from `text` starting at `pos`; returns the tree and the position after it */
export function parseExpr(text: string, pos: number, where: ErrorLocation, column0 = 0): { e: Expr; end: number } {
  let p = pos;
  const fail = (msg: string): never => {
    throw new BpfError('EINVAL', msg, { ...where, column: column0 + p + 1 });
  };
  const ws = (): void => {
    while (p < text.length && (text[p] === ' ' || text[p] === '\t')) p++;
  };
  let depth = 0;
  const primary = (): Expr => {
    ws();
    if (++depth > 256) fail('expression nested too deeply');
    const c = text[p];
    if (c === undefined) return fail('expected an expression');
    if (c === '(') {
      p++;
      const e = binary(0);
      ws();
      if (text[p] !== ')') fail("expected ')'");
      p++;
      depth--;
      return e;
    }
    if (c === '-' || c === '~' || c === '+') {
      p++;
      const a = primary();
      depth--;
      return { k: 'un', op: c, a };
    }
    depth--;
    if (c === "'") {
      const m = /^'(\\.|[^\\'])'/.exec(text.slice(p));
      if (!m) fail('bad character constant');
      p += m![0].length;
      const ch = m![1]!.length === 2 ? unescapeChar(m![1]![1]!) : m![1]!.charCodeAt(0);
      return { k: 'num', v: BigInt(ch) };
    }
    let m = /^(0[xX][0-9a-fA-F]+|0[bB][01]+|\d+)/.exec(text.slice(p));
    if (m) {
      p += m[0].length;
      return { k: 'num', v: BigInt(m[0]) };
    }
    m = /^([A-Za-z_.$][\w.$@]*)/.exec(text.slice(p));
    if (m) {
      const col = p;
      p += m[0].length;
      if (m[0] === '.') return { k: 'dot' };
      return { k: 'sym', name: m[0], col: column0 + col };
    }
    if (c === '"') {
      const q = text.indexOf('"', p + 1);
      if (q < 0) fail('unterminated quoted symbol name');
      const name = text.slice(p + 1, q);
      const col = p;
      p = q + 1;
      return { k: 'sym', name, col: column0 + col };
    }
    return fail(`unexpected '${c}' in expression`);
  };
  const binary = (minPrec: number): Expr => {
    let lhs = primary();
    for (;;) {
      ws();
      const two = text.slice(p, p + 2);
      const opn = two === '<<' || two === '>>' ? two : text[p] ?? '';
      const prec = PREC[opn];
      if (prec === undefined || prec <= minPrec - 1 || prec < minPrec) return lhs;
      p += opn.length;
      const rhs = binary(prec + 1);
      lhs = { k: 'bin', op: opn, a: lhs, b: rhs };
    }
  };
  const e = binary(0);
  ws();
  return { e, end: p };
}

function unescapeChar(c: string): number {
  switch (c) {
    case 'n': return 10;
    case 't': return 9;
    case 'r': return 13;
    case '0': return 0;
    case 'b': return 8;
    case 'f': return 12;
    default: return c.charCodeAt(0);
  }
}

/** a relocatable value: `add - sub + c` (symbols by name) */
export interface Value {
  add?: string;
  sub?: string;
  c: bigint;
  /** column of the symbol for error messages */
  col?: number;
}

/**
 * Evaluate to `Value` with symbols left symbolic (the assembler folds differences within a
 * section). `dot` names the current location as a symbol.
 */
export function evalExpr(e: Expr, dotName: string, fail: (msg: string, col?: number) => never): Value {
  switch (e.k) {
    case 'num': return { c: e.v };
    case 'sym': return { add: e.name, c: 0n, col: e.col };
    case 'dot': return { add: dotName, c: 0n };
    case 'un': {
      const a = evalExpr(e.a, dotName, fail);
      if (e.op === '+') return a;
      if (a.add || a.sub) {
        if (e.op === '-' && !a.sub) return fail('cannot negate a symbol', a.col);
        if (e.op === '-') return { add: a.sub, sub: a.add, c: -a.c, col: a.col };
        return fail('cannot complement a symbol', a.col);
      }
      return { c: e.op === '-' ? -a.c : ~a.c };
    }
    case 'bin': {
      const a = evalExpr(e.a, dotName, fail);
      const b = evalExpr(e.b, dotName, fail);
      if (e.op === '+') {
        if ((a.add && b.add) || (a.sub && b.sub)) return fail('cannot add two symbols', b.col ?? a.col);
        return { add: a.add ?? b.add, sub: a.sub ?? b.sub, c: a.c + b.c, col: a.col ?? b.col };
      }
      if (e.op === '-') {
        if (b.add && a.sub) return fail('expression too complex', b.col);
        if (b.sub && a.add) return fail('expression too complex', b.col);
        if (b.add && a.sub === undefined && a.add === undefined) return fail('cannot subtract a symbol from a constant', b.col);
        return { add: a.add ?? b.sub, sub: b.add ?? a.sub, c: a.c - b.c, col: a.col ?? b.col };
      }
      if (a.add || a.sub || b.add || b.sub) return fail(`operator ${e.op} needs constant operands`, a.col ?? b.col);
      switch (e.op) {
        case '*': return { c: a.c * b.c };
        case '/': return b.c === 0n ? fail('division by zero') : { c: a.c / b.c };
        case '%': return b.c === 0n ? fail('division by zero') : { c: a.c % b.c };
        case '<<': return { c: a.c << b.c };
        case '>>': return { c: a.c >> b.c };
        case '&': return { c: a.c & b.c };
        case '|': return { c: a.c | b.c };
        case '^': return { c: a.c ^ b.c };
      }
      return fail(`unknown operator ${e.op}`);
    }
  }
}

/** symbol names an expression mentions (for symbol-table order) */
export function exprSymbols(e: Expr, out: string[] = []): string[] {
  if (e.k === 'sym') out.push(e.name);
  else if (e.k === 'un') exprSymbols(e.a, out);
  else if (e.k === 'bin') {
    exprSymbols(e.a, out);
    exprSymbols(e.b, out);
  }
  return out;
}
