/**
 * The pcap-filter(7) grammar (libpcap's grammar.y) as a recursive-descent parser producing a
 * small AST. It keeps libpcap's rules that users rely on:
 *  - `and` and `or` have the same precedence and associate left to right; `not` binds tighter;
 *  - a bare address or number after `and`/`or`/`not`, or inside parentheses, inherits the
 *    qualifiers of the primitive before it (`host a or b`, `port 80 or 443`, `src net 10 and not 11`);
 *  - arithmetic precedence `|` < `&` < shifts < `+ -` < `* / %` < unary minus, and `^`, which
 *    grammar.y leaves without a precedence so bison shifts it: `a + b ^ c | d` is `a + (b ^ (c | d))`.
 */
import { syntaxError, tokenize, type Token } from './lexer.js';

export type Dir = 'src' | 'dst' | 'or' | 'and' | null;
export type AddrQual = 'host' | 'net' | 'port' | 'portrange' | 'proto' | 'protochain' | 'gateway' | null;

export interface Quals {
  proto: string | null;
  dir: Dir;
  addr: AddrQual;
}

export type IdVal =
  | { t: 'num'; n: number; text: string }
  | { t: 'hid'; text: string; masklen?: number; mask?: string }
  | { t: 'hid6'; text: string; masklen?: number }
  | { t: 'eid'; text: string }
  | { t: 'name'; text: string };

export type Arith =
  | { k: 'num'; n: number; col: number }
  | { k: 'len'; col: number }
  | { k: 'load'; proto: string; idx: Arith; size: number; col: number }
  | { k: 'bin'; op: string; a: Arith; b: Arith; col: number }
  | { k: 'neg'; a: Arith; col: number };

export type Node =
  | { k: 'and' | 'or'; a: Node; b: Node }
  | { k: 'not'; a: Node }
  | { k: 'id'; q: Quals; v: IdVal; col: number }
  | { k: 'pname'; p: string; col: number }
  | { k: 'rel'; op: string; a: Arith; b: Arith; col: number }
  | { k: 'less' | 'greater'; n: number; col: number }
  | { k: 'vlan' | 'mpls'; n?: number; col: number }
  | { k: 'broadcast' | 'multicast'; proto: string | null; col: number }
  | { k: 'true' };

/** protocol qualifiers (grammar.y pname) */
export const PNAMES = new Set([
  'link', 'ether', 'ip', 'arp', 'rarp', 'sctp', 'tcp', 'udp', 'icmp', 'igmp', 'igrp', 'pim', 'vrrp', 'carp', 'ip6', 'icmp6', 'ah', 'esp',
  'atalk', 'aarp', 'decnet', 'lat', 'sca', 'moprc', 'mopdl', 'iso', 'esis', 'isis', 'clnp', 'stp', 'ipx', 'netbeui',
]);
const AQUALS = new Set(['host', 'net', 'port', 'portrange', 'proto', 'protochain', 'gateway']);
const RELOPS = new Set(['>', '>=', '=', '==', '<=', '<', '!=']);
const PREC: Record<string, number> = { '|': 1, '&': 2, '<<': 3, '>>': 3, '+': 4, '-': 4, '*': 5, '/': 5, '%': 5 };

/** qualifiers of a primitive that cannot be inherited (`tcp`, a relation, `less`...) */
const QERR: Quals = Object.freeze({ proto: '<none>', dir: null, addr: null }) as Quals;

interface R {
  n: Node;
  q: Quals;
}

export function parseFilter(src: string): Node {
  const p = new Parser(tokenize(src));
  if (p.peek().kind === 'EOF') return { k: 'true' };
  const r = p.expr(QERR);
  const t = p.peek();
  if (t.kind !== 'EOF') throw syntaxError(`syntax error: unexpected '${t.text}'`, t.col);
  return r.n;
}

class Parser {
  private pos = 0;
  constructor(private readonly toks: Token[]) {}

  peek(o = 0): Token {
    return this.toks[Math.min(this.pos + o, this.toks.length - 1)]!;
  }
  private next(): Token {
    return this.toks[this.pos++] ?? this.toks[this.toks.length - 1]!;
  }
  private isKw(t: Token, ...names: string[]): boolean {
    return t.kind === 'KW' && names.includes(t.text);
  }
  private isOp(t: Token, ...ops: string[]): boolean {
    return t.kind === 'OP' && ops.includes(t.text);
  }
  private expectOp(op: string): Token {
    const t = this.next();
    if (!this.isOp(t, op)) throw syntaxError(`syntax error: expected '${op}'${t.kind === 'EOF' ? ' at end of expression' : `, got '${t.text}'`}`, t.col);
    return t;
  }

  expr(q0: Quals): R {
    let r = this.term(q0);
    while (this.isKw(this.peek(), 'and', 'or')) {
      const op = this.next().text as 'and' | 'or';
      const r2 = this.startsId(0) ? this.id(r.q) : this.term(r.q);
      r = { n: { k: op, a: r.n, b: r2.n }, q: r2.q };
    }
    return r;
  }

  /** does a bare `id` (address, number, name, `not id`, `( id ... )`) start at offset o? */
  private startsId(o: number): boolean {
    let t = this.peek(o);
    while (this.isKw(t, 'not')) t = this.peek(++o);
    if (t.kind === 'HID' || t.kind === 'HID6' || t.kind === 'EID' || t.kind === 'ID') return true;
    if (t.kind === 'NUM') {
      const u = this.peek(o + 1);
      return u.kind === 'EOF' || this.isKw(u, 'and', 'or') || this.isOp(u, ')');
    }
    if (this.isOp(t, '(')) return this.startsId(o + 1);
    return false;
  }

  /** nid | pnum | ( pid ) | not id — with the inherited qualifiers */
  private id(q: Quals): R {
    const t = this.peek();
    if (this.isKw(t, 'not')) {
      this.next();
      const r = this.id(q);
      return { n: { k: 'not', a: r.n }, q: r.q };
    }
    if (this.isOp(t, '(')) {
      this.next();
      let r = this.id(q);
      while (this.isKw(this.peek(), 'and', 'or')) {
        const op = this.next().text as 'and' | 'or';
        const r2 = this.id(r.q);
        r = { n: { k: op, a: r.n, b: r2.n }, q: r2.q };
      }
      this.expectOp(')');
      return r;
    }
    this.next();
    if (q === QERR) throw syntaxError(`'${t.text}' needs a qualifier (host, net, port...) and the primitive before it has none to lend`, t.col);
    let v: IdVal;
    switch (t.kind) {
      case 'NUM':
        v = { t: 'num', n: t.num!, text: t.text };
        break;
      case 'HID': {
        const u = this.peek();
        if (this.isOp(u, '/')) {
          this.next();
          const m = this.next();
          if (m.kind !== 'NUM') throw syntaxError('syntax error: expected a mask length after /', m.col);
          v = { t: 'hid', text: t.text, masklen: m.num! };
        } else if (this.isKw(u, 'mask')) {
          this.next();
          const m = this.next();
          if (m.kind !== 'HID') throw syntaxError('syntax error: expected a dotted netmask after mask', m.col);
          v = { t: 'hid', text: t.text, mask: m.text };
        } else v = { t: 'hid', text: t.text };
        break;
      }
      case 'HID6': {
        if (this.isOp(this.peek(), '/')) {
          this.next();
          const m = this.next();
          if (m.kind !== 'NUM') throw syntaxError('syntax error: expected a prefix length after /', m.col);
          v = { t: 'hid6', text: t.text, masklen: m.num! };
        } else v = { t: 'hid6', text: t.text };
        break;
      }
      case 'EID':
        v = { t: 'eid', text: t.text };
        break;
      case 'ID':
        v = { t: 'name', text: t.text };
        break;
      default:
        throw syntaxError(t.kind === 'EOF' ? 'syntax error: expression ends where an address or number was expected' : `syntax error: unexpected '${t.text}'`, t.col);
    }
    return { n: { k: 'id', q, v, col: t.col }, q };
  }

  private term(q0: Quals): R {
    if (this.isKw(this.peek(), 'not')) {
      this.next();
      const r = this.term(q0);
      return { n: { k: 'not', a: r.n }, q: r.q };
    }
    return this.rterm(q0);
  }

  private startsArith(): boolean {
    const t = this.peek();
    if (t.kind === 'NUM' || this.isKw(t, 'len') || this.isOp(t, '-', '(')) return true;
    return t.kind === 'KW' && PNAMES.has(t.text) && this.isOp(this.peek(1), '[');
  }

  private rterm(q0: Quals): R {
    const t = this.peek();
    // arth relop arth (tried first; on failure the tokens are read again as something else)
    if (this.startsArith()) {
      const save = this.pos;
      try {
        const a = this.arith(0);
        const op = this.peek();
        if (this.isOp(op, ...RELOPS)) {
          this.next();
          const b = this.arith(0);
          return { n: { k: 'rel', op: op.text === '==' ? '=' : op.text, a, b, col: op.col }, q: QERR };
        }
        if (!this.isOp(t, '(')) throw syntaxError(`syntax error: expected a comparison after the arithmetic expression`, op.col);
      } catch (e) {
        if (!this.isOp(t, '(')) throw e;
      }
      this.pos = save;
    }
    if (this.isOp(t, '(')) {
      this.next();
      const r = this.expr(q0);
      this.expectOp(')');
      return { n: r.n, q: q0 };
    }
    if (t.kind !== 'KW') throw syntaxError(t.kind === 'EOF' ? 'syntax error: expression ends too early' : `syntax error: unexpected '${t.text}'`, t.col);
    switch (t.text) {
      case 'less':
      case 'greater': {
        this.next();
        const n = this.next();
        if (n.kind !== 'NUM') throw syntaxError(`syntax error: ${t.text} needs a number`, n.col);
        return { n: { k: t.text, n: n.num!, col: t.col }, q: QERR };
      }
      case 'vlan':
      case 'mpls': {
        this.next();
        const n = this.pnum();
        return { n: n === undefined ? { k: t.text, col: t.col } : { k: t.text, n, col: t.col }, q: QERR };
      }
      case 'broadcast':
      case 'multicast':
        this.next();
        return { n: { k: t.text, proto: null, col: t.col }, q: QERR };
      case 'inbound':
      case 'outbound':
      case 'ifindex':
      case 'pppoed':
      case 'pppoes':
      case 'geneve':
        throw syntaxError(`'${t.text}' is not supported when filtering capture files`, t.col);
    }
    // head: [pname] [dqual] [aqual | proto | protochain | gateway]
    let proto: string | null = null;
    if (PNAMES.has(t.text)) {
      proto = this.next().text;
      const u = this.peek();
      if (this.isKw(u, 'broadcast', 'multicast')) {
        this.next();
        return { n: { k: u.text as 'broadcast' | 'multicast', proto, col: t.col }, q: QERR };
      }
    }
    let dir: Dir = null;
    const d = this.peek();
    if (this.isKw(d, 'src', 'dst')) {
      this.next();
      dir = d.text as Dir;
      const c1 = this.peek();
      const c2 = this.peek(1);
      if (this.isKw(c1, 'or', 'and') && this.isKw(c2, d.text === 'src' ? 'dst' : 'src')) {
        this.next();
        this.next();
        dir = c1.text as Dir;
      }
    }
    let addr: AddrQual = null;
    const a = this.peek();
    if (a.kind === 'KW' && AQUALS.has(a.text)) {
      this.next();
      addr = a.text as AddrQual;
      if ((addr === 'proto' || addr === 'protochain' || addr === 'gateway') && dir) throw syntaxError(`syntax error: '${dir}' cannot qualify '${addr}'`, a.col);
    }
    if (proto && !dir && !addr) return { n: { k: 'pname', p: proto, col: t.col }, q: QERR };
    if (!proto && !dir && !addr) throw syntaxError(`syntax error: unexpected '${t.text}'`, t.col);
    const q: Quals = { proto, dir, addr };
    const r = this.id(q);
    return r;
  }

  private pnum(): number | undefined {
    const t = this.peek();
    if (t.kind === 'NUM') {
      this.next();
      return t.num!;
    }
    if (this.isOp(t, '(') && this.peek(1).kind === 'NUM' && this.isOp(this.peek(2), ')')) {
      this.next();
      const n = this.next().num!;
      this.next();
      return n;
    }
    return undefined;
  }

  private arith(minPrec: number): Arith {
    let left = this.unary();
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'OP') break;
      if (t.text === '^') {
        // no precedence in grammar.y: bison shifts, so ^ takes everything to its right
        this.next();
        left = { k: 'bin', op: '^', a: left, b: this.arith(0), col: t.col };
        continue;
      }
      const p = PREC[t.text];
      if (p === undefined || p < minPrec) break;
      this.next();
      left = { k: 'bin', op: t.text, a: left, b: this.arith(p + 1), col: t.col };
    }
    return left;
  }

  private unary(): Arith {
    const t = this.next();
    if (this.isOp(t, '-')) return { k: 'neg', a: this.arith(6), col: t.col };
    if (this.isOp(t, '(')) {
      const a = this.arith(0);
      this.expectOp(')');
      return a;
    }
    if (t.kind === 'NUM') return { k: 'num', n: t.num!, col: t.col };
    if (this.isKw(t, 'len')) return { k: 'len', col: t.col };
    if (t.kind === 'KW' && PNAMES.has(t.text) && this.isOp(this.peek(), '[')) {
      this.next();
      const idx = this.arith(0);
      let size = 1;
      if (this.isOp(this.peek(), ':')) {
        this.next();
        const s = this.next();
        if (s.kind !== 'NUM') throw syntaxError('syntax error: expected a size after :', s.col);
        size = s.num!;
        if (size !== 1 && size !== 2 && size !== 4) throw syntaxError(`data size must be 1, 2, or 4, not ${size}`, s.col);
      }
      this.expectOp(']');
      return { k: 'load', proto: t.text, idx, size, col: t.col };
    }
    throw syntaxError(t.kind === 'EOF' ? 'syntax error: expression ends too early' : `syntax error: unexpected '${t.text}'`, t.col);
  }
}
