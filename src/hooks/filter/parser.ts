/**
 * The pcap-filter(7) grammar (libpcap's grammar.y) as a recursive-descent parser producing a
 * small AST. It keeps libpcap's rules that users rely on:
 *  - `and` and `or` have the same precedence and associate left to right; `not` binds tighter;
 *  - a bare address or number after `and`/`or`/`not`, or inside parentheses, inherits the
 *    qualifiers of the primitive before it (`host a or b`, `port 80 or 443`, `src net 10 and not 11`);
 *  - arithmetic precedence `|` < `&` < shifts < `+ -` < `* / %` < unary minus, and `^`, which
 *    and `%`, which grammar.y leaves without a precedence so bison shifts: `a + b ^ c | d` is `a + (b ^ (c | d))`.
 */
import { BpfError } from '../../isa/errors.js';
import { PARSE_ERROR, syntaxError, tokenize, type Token } from './lexer.js';
import { maskedQualRefusal } from './codegen_tables.js';

/** the 802.11 qualifiers (addr1…addr4, ra, ta) parse as libpcap's dqual and are refused on the link types tsbpf reads */
export type Dir = 'src' | 'dst' | 'or' | 'and' | 'addr1' | 'addr2' | 'addr3' | 'addr4' | 'ra' | 'ta' | null;
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
  | { k: 'pppoes' | 'geneve'; n?: number; col: number }
  | { k: 'pppoed' | 'inbound' | 'outbound'; col: number }
  | { k: 'ifindex'; n: number; col: number }
  | { k: 'llc'; sub?: string; col: number }
  | { k: 'byte'; idx: number; op: string; n: number; col: number }
  /** a primitive libpcap refuses on every link type tsbpf reads (pflog, 802.11, ATM, SS7) */
  | { k: 'refuse'; msg: string; col: number }
  | { k: 'true' };

/** protocol qualifiers (grammar.y pname) */
export const PNAMES = new Set([
  'link', 'ether', 'ip', 'arp', 'rarp', 'sctp', 'tcp', 'udp', 'icmp', 'igmp', 'igrp', 'pim', 'vrrp', 'carp', 'ip6', 'icmp6', 'ah', 'esp',
  'atalk', 'aarp', 'decnet', 'lat', 'sca', 'moprc', 'mopdl', 'iso', 'esis', 'isis', 'clnp', 'stp', 'ipx', 'netbeui',
  'fddi', 'tr', 'wlan', 'radio', 'l1', 'l2', 'iih', 'lsp', 'snp', 'csnp', 'psnp',
]);

/**
 * bison's stack limit (YYMAXDEPTH 10000): libpcap refuses a parse that would push its 10,000th
 * state with "memory exhausted". tsbpf counts the states grammar.y holds the same way: the start
 * state and `null` (2), each open `(` (its `paren`), each `not`, an `expr and`/`expr or`, `arth op`
 * or `arth relop` waiting for its right side (2), `pname [` (2), unary minus (1); and at each
 * primitive the symbols its rule holds before it reduces (`tcp src port 80`: pqual dqual aqual,
 * 3; `ip[1:2]`: pname [ arth : NUM ], 6), and a closing `)` (paren expr ')', 3). So
 * `((…(ip)…))` is refused from 9,996 parentheses and `not … not ip` from 9,997 `not`s, as tcpdump
 * refuses them. Boolean groups and `not`s are parsed without recursion (an explicit stack).
 */
const MAX_STATES = 9999;
const BASE_STATES = 2;
const DEPTH_ERROR = "can't parse filter expression: memory exhausted";
const AQUALS = new Set(['host', 'net', 'port', 'portrange', 'proto', 'protochain', 'gateway']);
const RELOPS = new Set(['>', '>=', '=', '==', '<=', '<', '!=']);
const PREC: Record<string, number> = { '|': 1, '&': 2, '<<': 3, '>>': 3, '+': 4, '-': 4, '*': 5, '/': 5 };

/** qualifiers of a primitive that cannot be inherited (`tcp`, a relation, `less`...) */
const QERR: Quals = Object.freeze({ proto: '<none>', dir: null, addr: null }) as Quals;

interface R {
  n: Node;
  q: Quals;
}

/**
 * `done`, when given, receives each primitive as the parser completes it, in order: libpcap
 * generates a primitive's code when bison reduces it, so a semantic error in a primitive is
 * reported before a syntax error further on (compile.ts replays them after a syntax error)
 */
export function parseFilter(src: string, done?: Node[]): Node {
  const p = new Parser(tokenize(src), done);
  if (p.peek().kind === 'EOF') return { k: 'true' };
  let r: R;
  try {
    r = p.expr(QERR);
  } catch (e) {
    // a nesting deep enough to exhaust the JavaScript stack before MAX_DEPTH
    if (e instanceof RangeError) throw new BpfError('EINVAL', DEPTH_ERROR);
    throw e;
  }
  const t = p.peek();
  if (t.kind !== 'EOF') throw syntaxError(PARSE_ERROR, t.col);
  return r.n;
}

class Parser {
  private pos = 0;
  /** bison states held by the constructs around the current point */
  private depth = BASE_STATES;
  /** the index of the ')' matching each '(' (-1 when unmatched), computed once: no backtracking */
  private readonly close: Int32Array;
  constructor(private readonly toks: Token[], private readonly done?: Node[]) {
    this.close = new Int32Array(toks.length).fill(-1);
    const open: number[] = [];
    toks.forEach((t, i) => {
      if (t.kind !== 'OP') return;
      if (t.text === '(') open.push(i);
      else if (t.text === ')' && open.length) this.close[open.pop()!] = i;
    });
  }

  /** a construct holds `k` states while what it waits for is parsed */
  private hold(k: number, col: number): void {
    this.depth += k;
    this.need(0, col);
  }
  /** `k` more states are pushed here before they reduce */
  private need(k: number, col: number): void {
    if (this.depth + k > MAX_STATES) throw new BpfError('EINVAL', DEPTH_ERROR, { column: col });
  }

  /** the token `o` ahead; reading the scanner's error token as the next one raises its error */
  peek(o = 0): Token {
    const t = this.toks[Math.min(this.pos + o, this.toks.length - 1)]!;
    if (o === 0 && t.err) throw t.err;
    return t;
  }
  /**
   * the token `o` ahead without raising the scanner's error: bison decides a reduction on a
   * lookahead token, and an error token is no shift of the state, so the default reduction runs
   * (and the primitive before it is generated: `vlan 08` on a cooked capture is `no VLAN support`)
   */
  private look(o = 0): Token {
    return this.toks[Math.min(this.pos + o, this.toks.length - 1)]!;
  }
  private next(): Token {
    const t = this.toks[this.pos++] ?? this.toks[this.toks.length - 1]!;
    if (t.err) throw t.err;
    return t;
  }
  private isKw(t: Token, ...names: string[]): boolean {
    return t.kind === 'KW' && names.includes(t.text);
  }
  private isOp(t: Token, ...ops: string[]): boolean {
    return t.kind === 'OP' && ops.includes(t.text);
  }
  private expectOp(op: string): Token {
    const t = this.next();
    if (!this.isOp(t, op)) throw syntaxError(PARSE_ERROR, t.col);
    return t;
  }

  /**
   * expr: term { (and|or) (term|id) }, with parenthesised groups on an explicit stack: a frame
   * per open `(` keeps its level's result so far, the operator waiting for its right side and
   * the `not`s before the group (so 10,000 nested parentheses do not recurse 10,000 deep)
   */
  expr(q0: Quals): R {
    interface Frame { acc?: R; op?: 'and' | 'or'; q0: Quals; nots: number }
    const frames: Frame[] = [];
    let f: Frame = { q0, nots: 0 };
    for (;;) {
      const q = f.acc ? f.acc.q : f.q0;
      let nots = 0;
      while (this.isKw(this.peek(), 'not')) {
        this.hold(1, this.next().col);
        nots++;
      }
      if (this.isOp(this.peek(), '(') && !this.startsArith()) {
        // a group: its paren is held until the matching ')'
        this.hold(1, this.next().col);
        f.nots = nots;
        frames.push(f);
        f = { q0: q, nots: 0 };
        continue;
      }
      let r = this.rterm(q);
      r = this.applyNots(r, nots);
      for (;;) {
        if (f.op) {
          this.depth -= 2;
          r = { n: { k: f.op, a: f.acc!.n, b: r.n }, q: r.q };
          f.op = undefined;
        }
        f.acc = r;
        const t = this.peek();
        if (this.isKw(t, 'and', 'or')) {
          const op = this.next().text as 'and' | 'or';
          this.hold(2, t.col);
          if (this.startsId(0)) {
            const r2 = this.id(r.q);
            this.depth -= 2;
            this.done?.push(r2.n);
            r = { n: { k: op, a: r.n, b: r2.n }, q: r2.q };
            continue;
          }
          f.op = op;
          break;
        }
        if (frames.length === 0) return f.acc;
        // the group ends: paren expr ')' is three states
        if (!this.isOp(t, ')')) throw syntaxError(PARSE_ERROR, t.col);
        this.need(2, t.col);
        this.next();
        this.depth--;
        const inner = f.acc;
        f = frames.pop()!;
        r = this.applyNots({ n: inner.n, q: this.groupQuals(f) }, f.nots);
      }
    }
  }

  /** the qualifiers a group passes on: those it was entered with */
  private groupQuals(outer: { acc?: R; q0: Quals }): Quals {
    return outer.acc ? outer.acc.q : outer.q0;
  }

  private applyNots(r: R, nots: number): R {
    this.depth -= nots;
    for (let i = 0; i < nots; i++) r = { n: { k: 'not', a: r.n }, q: r.q };
    return r;
  }

  /** does a bare `id` (address, number, name, `not id`, `( id ... )`) start at offset o? */
  private startsId(o: number): boolean {
    let t = this.peek(o);
    // grammar.y's pnum is NUM | '(' pnum ')', and a pnum is an id or an arth: bison decides by
    // what follows the closing parentheses (`ip or (1) = 0` is a relation), so look past them
    let opens = 0;
    for (;; t = this.peek(++o)) {
      if (this.isOp(t, '(')) opens++;
      else if (!this.isKw(t, 'not')) break;
    }
    if (t.kind === 'HID' || t.kind === 'HID6' || t.kind === 'EID' || t.kind === 'AID' || t.kind === 'ID') return true;
    if (t.kind === 'NUM') {
      let u = this.peek(++o);
      for (let j = 0; j < opens && this.isOp(u, ')'); j++) u = this.peek(++o);
      return u.kind === 'EOF' || this.isKw(u, 'and', 'or') || this.isOp(u, ')');
    }
    return false;
  }

  /** nid | pnum | ( pid ) | not id — with the inherited qualifiers */
  private id(q: Quals): R {
    const t = this.peek();
    if (this.isKw(t, 'not')) {
      this.next();
      this.hold(1, t.col);
      const r = this.id(q);
      this.depth--;
      return { n: { k: 'not', a: r.n }, q: r.q };
    }
    if (this.isOp(t, '(')) {
      this.next();
      this.hold(1, t.col);
      // grammar.y's pid begins with a nid or a pnum, so a `(` right inside `paren pid` opens a
      // pnum (`((1) and x)`): `ip and ((foo))` is a parse error at `foo`, as bison meets it
      if (this.isOp(this.peek(), '(')) {
        let o = 0;
        while (this.isOp(this.peek(o), '(')) o++;
        if (this.peek(o).kind !== 'NUM') throw syntaxError(PARSE_ERROR, this.peek(o).col);
      }
      let r = this.id(q);
      while (this.isKw(this.peek(), 'and', 'or')) {
        const o = this.next();
        this.hold(2, o.col);
        const r2 = this.id(r.q);
        this.depth -= 2;
        r = { n: { k: o.text as 'and' | 'or', a: r.n, b: r2.n }, q: r2.q };
      }
      this.need(2, this.peek().col);
      this.expectOp(')');
      this.depth--;
      return r;
    }
    // HID '/' NUM and HID NETMASK HID are three symbols
    this.need(this.isOp(this.peek(1), '/') || this.isKw(this.peek(1), 'mask') ? 3 : 1, t.col);
    this.next();
    if (t.kind === 'AID') {
      // gencode.c gen_acode: whatever the qualifiers (none too, after `and`), every link type but
      // ARCnet refuses the address when bison reduces it, before `/ NUM` or `mask` are read
      const n: Node = { k: 'refuse', msg: 'aid supported only on ARCnet', col: t.col };
      this.done?.push(n);
      return { n, q };
    }
    // a masked address under qerr goes on to gen_mcode/gen_mcode6, which check it first (below)
    const masked = (t.kind === 'HID' && (this.isOp(this.peek(), '/') || this.isKw(this.peek(), 'mask'))) || (t.kind === 'HID6' && this.isOp(this.peek(), '/'));
    if (q === QERR && !masked) {
      // grammar.y's qerr: gen_ncode/gen_scode call syntax(); an IPv6 or MAC address says more
      if (t.kind === 'HID6') throw err('invalid qualifier against IPv6 address', t.col);
      if (t.kind === 'EID') throw err('ethernet address used in non-ether expression', t.col);
      if (t.kind === 'NUM' || t.kind === 'HID' || t.kind === 'ID') throw err('syntax error in filter expression', t.col);
      throw syntaxError(PARSE_ERROR, t.col);
    }
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
          if (m.kind !== 'NUM') throw syntaxError(PARSE_ERROR, m.col);
          v = { t: 'hid', text: t.text, masklen: m.num! };
        } else if (this.isKw(u, 'mask')) {
          this.next();
          const m = this.next();
          if (m.kind !== 'HID') throw syntaxError(PARSE_ERROR, m.col);
          v = { t: 'hid', text: t.text, mask: m.text };
        } else v = { t: 'hid', text: t.text };
        break;
      }
      case 'HID6': {
        if (this.isOp(this.peek(), '/')) {
          this.next();
          const m = this.next();
          if (m.kind !== 'NUM') throw syntaxError(PARSE_ERROR, m.col);
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
        throw syntaxError(PARSE_ERROR, t.col);
    }
    if (q === QERR) throw maskedQualRefusal(v, t.col)!;
    // grammar.y's HID rule refuses these qualifiers before any code is generated
    if (v.t === 'hid' && v.masklen === undefined && v.mask === undefined && (q.addr === 'port' || q.addr === 'portrange' || q.addr === 'proto' || q.addr === 'protochain')) {
      throw err(`'${q.addr}' modifier applied to ip host`, t.col);
    }
    // bison reduces it (and gencode generates it) before reading on: inside `( pid )` too, so
    // `and (name = 1 …` is `unknown host 'name'`, not the syntax error at `=`
    const n: Node = { k: 'id', q, v, col: t.col };
    this.done?.push(n);
    return { n, q };
  }

  private term(q0: Quals): R {
    // `not not ... x` iteratively: each `not` is one level of bison's stack
    let nots = 0;
    while (this.isKw(this.peek(), 'not')) {
      this.hold(1, this.next().col);
      nots++;
    }
    return this.applyNots(this.rterm(q0), nots);
  }

  /** does an arithmetic relation start here? A '(' does when its group is followed by an operator */
  private startsArith(): boolean {
    const t = this.peek();
    if (t.kind === 'NUM' || this.isKw(t, 'len') || this.isOp(t, '-')) return true;
    if (this.isOp(t, '(')) {
      // "(a) + b > c" is arithmetic; "(x ...)" followed by anything else is a boolean group
      const c = this.close[this.pos]!;
      const after = c < 0 ? undefined : this.toks[c + 1];
      if (!after || after.kind !== 'OP' || !(RELOPS.has(after.text) || after.text in PREC || after.text === '^' || after.text === '%')) return false;
      // and only when what the parentheses open can begin an operand: bison has shifted `(` and
      // decides on the token after it (`(vci 5 || …) <= …` is a boolean group: vci is generated)
      let i = this.pos;
      while (this.isOp(this.toks[i], '(')) i++;
      const u = this.toks[i];
      return !!u && (u.kind === 'NUM' || this.isKw(u, 'len') || this.isOp(u, '-') || (u.kind === 'KW' && PNAMES.has(u.text) && this.isOp(this.toks[i + 1], '[')));
    }
    return t.kind === 'KW' && PNAMES.has(t.text) && this.isOp(this.peek(1), '[');
  }

  private startsIdAt(i: number): boolean {
    const save = this.pos;
    this.pos = i;
    const r = this.startsId(0);
    this.pos = save;
    return r;
  }

  private rterm(q0: Quals): R {
    const r = this.rtermInner(q0);
    if (r.n.k !== 'and' && r.n.k !== 'or' && r.n.k !== 'not') this.done?.push(r.n);
    return r;
  }

  private rtermInner(q0: Quals): R {
    const t = this.peek();
    if (this.startsArith()) {
      const a = this.arith(0);
      const op = this.peek();
      if (!this.isOp(op, ...RELOPS)) throw syntaxError(PARSE_ERROR, op.col);
      this.next();
      this.hold(2, op.col);
      const b = this.arith(0);
      this.depth -= 2;
      return { n: { k: 'rel', op: op.text === '==' ? '=' : op.text, a, b, col: op.col }, q: QERR };
    }
    if (this.isOp(t, '(')) {
      this.next();
      this.hold(1, t.col);
      const r = this.expr(q0);
      this.need(2, this.peek().col);
      this.expectOp(')');
      this.depth--;
      return { n: r.n, q: q0 };
    }
    if (t.kind !== 'KW') throw syntaxError(PARSE_ERROR, t.col);
    const at = this.pos;
    const other = this.other(t);
    // its rule's symbols (VLAN pnum, LESS NUM, ...): one a token
    if (other) {
      this.need(this.pos - at, t.col);
      return { n: other, q: QERR };
    }
    // head: [pname] [dqual] [aqual | proto | protochain | gateway]
    let proto: string | null = null;
    if (PNAMES.has(t.text)) {
      proto = this.next().text;
      const u = this.peek();
      // grammar.y's `other: pqual p80211`: `wlan type mgt`, `ip dir 1` (the qualifier is ignored)
      if (this.isKw(u, 'type', 'subtype', 'dir')) {
        const w = this.other(u)!;
        this.need(this.pos - at, t.col);
        return { n: w, q: QERR };
      }
      if (this.isKw(u, 'broadcast', 'multicast')) {
        this.next();
        return { n: { k: u.text as 'broadcast' | 'multicast', proto, col: t.col }, q: QERR };
      }
    }
    let dir: Dir = null;
    const d = this.peek();
    if (this.isKw(d, 'addr1', 'addr2', 'addr3', 'addr4', 'ra', 'ta')) {
      this.next();
      dir = d.text as Dir;
    } else if (this.isKw(d, 'src', 'dst')) {
      this.next();
      dir = d.text as Dir;
      const c1 = this.peek();
      const c2 = this.peek(1);
      // bison shifts `src and` (it may be `src and dst`), so a scanner error after it is met first
      if (this.isKw(c1, 'or', 'and') && c2.err) throw c2.err;
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
      if ((addr === 'proto' || addr === 'protochain' || addr === 'gateway') && dir) throw syntaxError(PARSE_ERROR, a.col);
    }
    if (proto && !dir && !addr) {
      // bison reduces `pname` to `pqual` by default (that reduction has the most lookaheads),
      // and to `rterm` only before what may follow a term: so `ether 0:1:2:3:4:5` is a syntax
      // error before `ether` alone is generated (and refused as a link layer out of context)
      const f = this.peek();
      if (!(f.kind === 'EOF' || this.isOp(f, ')', '&&', '||') || this.isKw(f, 'and', 'or'))) throw syntaxError(PARSE_ERROR, f.col);
      this.need(1, t.col);
      return { n: { k: 'pname', p: proto, col: t.col }, q: QERR };
    }
    if (!proto && !dir && !addr) throw syntaxError(PARSE_ERROR, t.col);
    // head: pqual, dqual (`src or dst` is three symbols until it reduces) and aqual
    const p = proto ? 1 : 0;
    this.need(Math.max(p + (dir === 'or' || dir === 'and' ? 3 : dir ? 1 : 0), p + (dir ? 1 : 0) + (addr ? 1 : 0)), t.col);
    const q: Quals = { proto, dir, addr };
    const r = this.id(q);
    return r;
  }

  /** grammar.y's pnum: NUM | '(' pnum ')' */
  private pnum(): number | undefined {
    let o = 0;
    while (this.isOp(this.look(o), '(')) o++;
    const t = this.look(o);
    // a '(' is shifted: the scanner's error after it is met before the primitive reduces
    if (o > 0 && t.err) throw t.err;
    if (t.kind !== 'NUM') return undefined;
    for (let i = 1; i <= o; i++) if (!this.isOp(this.peek(o + i), ')')) return undefined;
    this.pos += 2 * o + 1;
    return t.num!;
  }

  /** grammar.y's `other` (and the pflog / 802.11 / ATM / SS7 primitives, refused) */
  private other(t: Token): Node | undefined {
    const col = t.col;
    const num = (): number => {
      const n = this.next();
      if (n.kind !== 'NUM') throw syntaxError(PARSE_ERROR, n.col);
      return n.num!;
    };
    switch (t.text) {
      case 'less':
      case 'greater':
        this.next();
        return { k: t.text, n: num(), col };
      case 'vlan':
      case 'mpls':
      case 'pppoes':
      case 'geneve': {
        this.next();
        const n = this.pnum();
        return n === undefined ? { k: t.text, col } : { k: t.text, n, col };
      }
      case 'broadcast':
      case 'multicast':
        this.next();
        return { k: t.text, proto: null, col };
      case 'pppoed':
      case 'inbound':
      case 'outbound':
        this.next();
        return { k: t.text, col };
      case 'ifindex':
        this.next();
        return { k: 'ifindex', n: num(), col };
      case 'byte': {
        this.next();
        const idx = num();
        const op = this.next();
        if (!this.isOp(op, '&', '|', '<', '>', '=')) throw syntaxError(PARSE_ERROR, op.col);
        return { k: 'byte', idx, op: op.text, n: num(), col };
      }
      case 'llc': {
        this.next();
        const u = this.look();
        if (u.kind === 'ID' || this.isKw(u, 'rnr')) {
          this.next();
          return { k: 'llc', sub: u.text, col };
        }
        return { k: 'llc', col };
      }
      case 'ifname': case 'rnr': case 'srnr': case 'rset': case 'reason': case 'action': {
        this.next();
        const v = this.next();
        // grammar.y's pfvar: IFNAME ID, PF_RSET ID, PF_RNR NUM, PF_SRNR NUM, PF_REASON (NUM | ID), PF_ACTION ID
        const ok = t.text === 'rnr' || t.text === 'srnr' ? v.kind === 'NUM' : v.kind === 'ID' || (t.text === 'reason' && v.kind === 'NUM');
        if (!ok) throw syntaxError(PARSE_ERROR, v.col);
        // grammar.y's reason and action rules look the name up (case-insensitively) before gen_pf_*
        const name = v.text.toLowerCase();
        if (t.text === 'reason' && v.kind === 'ID' && !PF_REASONS.includes(name)) return { k: 'refuse', msg: `unknown PF reason "${v.text}"`, col };
        if (t.text === 'action' && !PF_ACTIONS.includes(name)) return { k: 'refuse', msg: `unknown PF action "${v.text}"`, col };
        const what: Record<string, string> = { ifname: 'ifname', rnr: 'rnr', srnr: 'srnr', rset: 'ruleset', reason: 'reason', action: 'action' };
        return { k: 'refuse', msg: `${what[t.text]} supported only on PF linktype`, col };
      }
      case 'type': case 'subtype': {
        // grammar.y's actions check the 802.11 names and values (str2tok, case-insensitive as
        // pcap_strcasecmp) before anything is generated; then gen_p80211_type refuses every link
        // type tsbpf reads. `type` takes NUM | ID, `subtype` alone ID only (type_subtype)
        this.next();
        const v = this.next();
        if (t.text === 'subtype' ? v.kind !== 'ID' : v.kind !== 'NUM' && v.kind !== 'ID') throw syntaxError(PARSE_ERROR, v.col);
        const refuse = (msg: string): Node => ({ k: 'refuse', msg, col });
        const name = v.text.toLowerCase();
        if (t.text === 'subtype') return refuse(SUBTYPES.has(name) ? WLAN_TYPES_ONLY : 'unknown 802.11 type name');
        let bad: string | undefined;
        if (v.kind === 'NUM') {
          if ((v.num! & ~0x0c) !== 0) bad = `invalid 802.11 type value 0x${v.num!.toString(16).padStart(2, '0')}`;
        } else if (!Object.hasOwn(WLAN_TYPES, name)) bad = `unknown 802.11 type name "${v.text}"`;
        if (this.isKw(this.peek(), 'subtype')) {
          this.next();
          const st = this.next();
          if (st.kind !== 'NUM' && st.kind !== 'ID') throw syntaxError(PARSE_ERROR, st.col);
          if (!bad && st.kind === 'NUM' && (st.num! & ~0xf0) !== 0) bad = `invalid 802.11 subtype value 0x${st.num!.toString(16).padStart(2, '0')}`;
          if (!bad && st.kind !== 'NUM' && !WLAN_TYPES[name]?.includes(st.text.toLowerCase())) bad = `unknown 802.11 subtype name "${st.text}"`;
        }
        return refuse(bad ?? WLAN_TYPES_ONLY);
      }
      case 'dir': {
        this.next();
        const v = this.next();
        // grammar.y's dir: NUM, or an ID that must be nods / tods / fromds / dstods (case-insensitive)
        if (v.kind !== 'NUM' && v.kind !== 'ID') throw syntaxError(PARSE_ERROR, v.col);
        if (v.kind !== 'NUM' && !['nods', 'tods', 'fromds', 'dstods'].includes(v.text.toLowerCase())) return { k: 'refuse', msg: 'unknown 802.11 direction', col };
        return { k: 'refuse', msg: 'frame direction supported only with 802.11 headers', col };
      }
      case 'vpi': case 'vci':
        this.next();
        this.fieldValue();
        return { k: 'refuse', msg: `'${t.text}' supported only on raw ATM`, col };
      case 'lane': case 'oam': case 'oamf4': case 'oamf4ec': case 'oamf4sc': case 'metac': case 'bcc': case 'sc': case 'ilmic': case 'connectmsg': case 'metaconnect':
        this.next();
        // gen_atmtype_abbrev names two of them without the f ('oam4ec', 'oam4sc')
        return { k: 'refuse', msg: `'${t.text.replace(/^oamf4(ec|sc)$/, 'oam4$1')}' supported only on raw ATM`, col };
      case 'fisu': case 'lssu': case 'msu':
        this.next();
        return { k: 'refuse', msg: `'${t.text}' supported only on MTP2`, col };
      case 'hfisu': case 'hlssu': case 'hmsu':
        this.next();
        return { k: 'refuse', msg: `'${t.text}' supported only on MTP2_HSL`, col };
      case 'sio': case 'opc': case 'dpc': case 'sls': case 'hsio': case 'hopc': case 'hdpc': case 'hsls':
        this.next();
        this.fieldValue();
        return { k: 'refuse', msg: `'${t.text.replace(/^h/, '')}' supported only on SS7`, col };
    }
    return undefined;
  }

  /**
   * grammar.y's atmvalue / mtp3value: NUM, a relation and NUM (`vpi > 5`, `dpc != 3`), or `( NUM
   * or NUM … )`; the first number reduces (and is generated, so refused) before anything after
   * it is read
   */
  private fieldValue(): void {
    const v = this.next();
    if (v.kind === 'NUM') return;
    if (!this.isOp(v, '>', '>=', '=', '==', '<=', '<', '!=', '(')) throw syntaxError(PARSE_ERROR, v.col);
    const n = this.next();
    if (n.kind !== 'NUM') throw syntaxError(PARSE_ERROR, n.col);
  }

  private arith(minPrec: number): Arith {
    let left = this.unary();
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'OP') break;
      if (t.text === '^' || t.text === '%') {
        // no precedence in grammar.y: bison shifts, so ^ and % take everything to their right
        this.next();
        this.hold(2, t.col);
        left = this.reduced({ k: 'bin', op: t.text, a: left, b: this.arith(0), col: t.col });
        this.depth -= 2;
        continue;
      }
      const p = PREC[t.text];
      if (p === undefined || p < minPrec) break;
      this.next();
      this.hold(2, t.col);
      left = this.reduced({ k: 'bin', op: t.text, a: left, b: this.arith(p + 1), col: t.col });
      this.depth -= 2;
    }
    return left;
  }

  /**
   * bison reduces `arth op arth` (and gen_arth checks a zero divisor or a long shift) before it
   * reads what follows the right operand: after a syntax error further on, that check is the
   * error libpcap reports (`ip[1] >> 100 << ip[2:3] > 1 and 5`: the shift, not the size)
   */
  private reduced(a: Arith): Arith {
    this.done?.push({ k: 'rel', op: '=', a, b: { k: 'num', n: 0, col: a.col }, col: a.col });
    return a;
  }

  private unary(): Arith {
    const t = this.next();
    if (this.isOp(t, '-')) {
      this.hold(1, t.col);
      const a: Arith = { k: 'neg', a: this.arith(6), col: t.col };
      this.depth--;
      return a;
    }
    if (this.isOp(t, '(')) {
      // `((…(1)…))`, grammar.y's pnum, without recursion: k parens held, the innermost `)` makes three
      let k = 1;
      while (this.isOp(this.peek(k - 1), '(')) k++;
      const num = this.peek(k - 1);
      if (num.kind === 'NUM' && Array.from({ length: k }, (_, i) => this.isOp(this.peek(k + i), ')')).every(Boolean)) {
        this.need(k + 2, t.col);
        this.pos += 2 * k;
        return { k: 'num', n: num.num!, col: num.col };
      }
      this.hold(1, t.col);
      const a = this.arith(0);
      this.need(2, this.peek().col);
      this.expectOp(')');
      this.depth--;
      return a;
    }
    if (t.kind === 'NUM' || this.isKw(t, 'len')) {
      this.need(1, t.col);
      return t.kind === 'NUM' ? { k: 'num', n: t.num!, col: t.col } : { k: 'len', col: t.col };
    }
    if (t.kind === 'KW' && PNAMES.has(t.text) && this.isOp(this.peek(), '[')) {
      this.next();
      this.hold(2, t.col);
      const idx = this.arith(0);
      let size = 1;
      const sized = this.isOp(this.peek(), ':');
      if (sized) {
        this.next();
        const s = this.next();
        if (s.kind !== 'NUM') throw syntaxError(PARSE_ERROR, s.col);
        size = s.num!;
      }
      this.depth -= 2;
      // pname [ arth ] is four symbols, pname [ arth : NUM ] six
      this.need(sized ? 6 : 4, t.col);
      this.expectOp(']');
      // gen_load checks the size after the whole primitive parsed
      const load: Arith = { k: 'load', proto: t.text, idx, size, col: t.col };
      this.done?.push({ k: 'rel', op: '=', a: load, b: { k: 'num', n: 0, col: t.col }, col: t.col });
      return load;
    }
    throw syntaxError(PARSE_ERROR, t.col);
  }
}

/** libpcap's pf.h PFRES_NAMES and the names grammar.y's action rule accepts (checked against tcpdump 4.99 / libpcap 1.10) */
const PF_REASONS = ['match', 'bad-offset', 'fragment', 'short', 'normalize', 'memory', 'bad-timestamp', 'congestion', 'ip-option', 'proto-cksum',
  'state-mismatch', 'state-insert', 'state-limit', 'src-limit', 'synproxy'];
const PF_ACTIONS = ['pass', 'accept', 'drop', 'block', 'rdr', 'nat', 'binat', 'nordr', 'scrub', 'noscrub'];

const WLAN_TYPES_ONLY = '802.11 link-layer types supported only on 802.11';
/** libpcap's ieee80211_types and their subtype names (grammar.y's str2tok tables) */
const WLAN_TYPES: Record<string, string[]> = (() => {
  const mgt = ['assoc-req', 'assocreq', 'assoc-resp', 'assocresp', 'reassoc-req', 'reassocreq', 'reassoc-resp', 'reassocresp', 'probe-req', 'probereq',
    'probe-resp', 'proberesp', 'beacon', 'atim', 'disassoc', 'disassociation', 'auth', 'authentication', 'deauth', 'deauthentication'];
  const ctl = ['ps-poll', 'pspoll', 'rts', 'cts', 'ack', 'cf-end', 'cfend', 'cf-end-ack', 'cfendack'];
  const data = ['data', 'data-cf-ack', 'datacfack', 'data-cf-poll', 'datacfpoll', 'data-cf-ack-poll', 'datacfackpoll', 'null', 'cf-ack', 'cfack',
    'cf-poll', 'cfpoll', 'cf-ack-poll', 'cfackpoll', 'qos-data', 'qosdata', 'qos-data-cf-ack', 'qosdatacfack', 'qos-data-cf-poll', 'qosdatacfpoll',
    'qos-data-cf-ack-poll', 'qosdatacfackpoll', 'qos', 'qos-cf-poll', 'qoscfpoll', 'qos-cf-ack-poll', 'qoscfackpoll'];
  return { mgt, management: mgt, ctl, control: ctl, data };
})();
const SUBTYPES = new Set(Object.values(WLAN_TYPES).flat());

const err = (msg: string, col: number): BpfError => new BpfError('EINVAL', msg, { column: col });
