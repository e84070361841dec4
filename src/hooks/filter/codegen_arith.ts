/**
 * Arithmetic and relations of the filter code generator (gencode.c gen_load, gen_arth,
 * gen_relation, gen_byteop), with the folding and refusals libpcap's grammar and optimiser apply
 * (division or modulus by zero, shifts past 31 bits).
 */
import * as c from '../cbpf/opcodes.js';
import { and, not, s, test, type Cond, type Stmt } from './cfg.js';
import type { Arith } from './parser.js';
import { SIZE, LOADABLE, err, varBase, konst, ALUOP, alu, firstImm } from './codegen_tables.js';
import { NetGen } from './codegen_net.js';

/** an operand's statements (the value left in A), its protocol guard, and libpcap's word for it */
interface Operand {
  st: Stmt[];
  g: Cond | null;
  r: number;
}

export class ArithGen extends NetGen {
  // --- arithmetic (gen_load, gen_arth, gen_relation) ---

  protected fold(a: Arith): Arith {
    if (a.k === 'bin') {
      const x = this.fold(a.a);
      const y = this.fold(a.b);
      // gen_arth looks at the right operand's first instruction: `ld #0` is a division by zero
      // even when it is only the start of a longer computation (`x / ip[0]`, `x / (0 + len)`)
      const k0 = firstImm(a.b);
      if (k0 !== undefined) {
        if (a.op === '/' && k0 === 0) throw err('division by zero', a.col);
        if (a.op === '%' && k0 === 0) throw err('modulus by zero', a.col);
        if ((a.op === '<<' || a.op === '>>') && k0 > 31) throw err('shift by more than 31 bits', a.col);
      }
      // and the optimiser refuses what folds to such a constant: after the whole expression is
      // generated (a later primitive's error comes first), and never when it does not run
      if (y.k === 'num') {
        if ((a.op === '/' ) && y.n === 0) this.folded ??= err('division by zero', a.col);
        if (a.op === '%' && y.n === 0) this.folded ??= err('modulus by zero', a.col);
        // (a constant shifted by a constant folds to 0 past 31 bits in fold_op: no error)
        if ((a.op === '<<' || a.op === '>>') && y.n > 31 && x.k !== 'num') this.folded ??= err('shift by more than 31 bits', a.col);
      }
      if (x.k === 'num' && y.k === 'num') return { k: 'num', n: alu(a.op, x.n, y.n), col: a.col };
      return { ...a, a: x, b: y };
    }
    if (a.k === 'neg') {
      const x = this.fold(a.a);
      return x.k === 'num' ? { k: 'num', n: -x.n >>> 0, col: a.col } : { ...a, a: x };
    }
    if (a.k === 'load') {
      // bison reduces the index before the load, and the load before any operation on it: its
      // errors come first (gen_load checks the size, then the protocol)
      const idx = this.fold(a.idx);
      if (a.size !== 1 && a.size !== 2 && a.size !== 4) throw err('data size must be 1, 2, or 4', a.col);
      if (a.proto === 'radio') throw err('radio information not present in capture', a.col);
      if (!LOADABLE.has(a.proto)) throw err('unsupported index operation', a.col);
      return { ...a, idx };
    }
    return a;
  }

  /**
   * statements leaving the value in A, and the protocol guard the loads need (gen_arth keeps
   * only its left operand's guard: libpcap's `ip[0] - tcp[0]` does not check for TCP, and
   * tsbpf selects what it selects)
   */
  protected arith(a: Arith, u: Arith): Operand {
    if (this.o.unoptimized) return this.arithLp(u);
    switch (a.k) {
      case 'num': return { st: [s(c.BPF_LD | c.BPF_IMM, a.n)], g: null, r: this.regsOf(u) };
      case 'len': return { st: [s(c.BPF_LD | c.BPF_W | c.BPF_LEN)], g: null, r: this.reg(a.col) };
      case 'neg': {
        // gen_neg: the operand's own word
        const x = this.arith(a.a, (u as typeof a).a);
        x.st.push(s(c.BPF_ALU | c.BPF_NEG));
        return x;
      }
      case 'bin': {
        const ub = u as typeof a;
        const op = ALUOP[a.op]!;
        // gen_arth: the left side, then the right (each in its own word), both freed, a new word
        // for the result; the left side's value waits in its word while the right is computed
        const lhs = this.arith(a.a, ub.a);
        let st: Stmt[];
        let rb: number;
        if (a.b.k === 'num') {
          rb = this.regsOf(ub.b);
          st = [...lhs.st, s(c.BPF_ALU | op | c.BPF_K, a.b.n)];
        } else {
          const rhs = this.arith(a.b, ub.b);
          rb = rhs.r;
          st = [...lhs.st, s(c.BPF_ST, lhs.r), ...rhs.st, s(c.BPF_MISC | c.BPF_TAX), s(c.BPF_LD | c.BPF_MEM, lhs.r), s(c.BPF_ALU | op | c.BPF_X)];
        }
        this.freeReg(lhs.r);
        this.freeReg(rb);
        return { st, g: lhs.g, r: this.reg(a.col) };
      }
      case 'load': return this.load(a, u as typeof a);
    }
  }

  /**
   * The unoptimised program: gencode.c's own statements, unfolded, every value in its scratch
   * word (gen_loadi `ld #k; st M[r]`, gen_loadlen, gen_neg, gen_arth `ldx M[b]; ld M[a]; op x;
   * st M[r]`, gen_load's `ldx M[index]` … `st M[r]`), so that `-O` prints tcpdump's text and a
   * path that reads a word it never wrote (geneve's offsets on a packet that skipped the Geneve
   * test) finds what libpcap's program left there
   */
  private arithLp(u: Arith): Operand {
    switch (u.k) {
      case 'num': case 'len': {
        const r = this.reg(u.col);
        return { st: [u.k === 'num' ? s(c.BPF_LD | c.BPF_IMM, u.n) : s(c.BPF_LD | c.BPF_W | c.BPF_LEN), s(c.BPF_ST, r)], g: null, r };
      }
      case 'neg': {
        const x = this.arithLp(u.a);
        x.st.push(s(c.BPF_LD | c.BPF_MEM, x.r), s(c.BPF_ALU | c.BPF_NEG), s(c.BPF_ST, x.r));
        return x;
      }
      case 'bin': {
        const a = this.arithLp(u.a);
        const b = this.arithLp(u.b);
        this.freeReg(a.r);
        this.freeReg(b.r);
        const r = this.reg(u.col);
        return { st: [...a.st, ...b.st, s(c.BPF_LDX | c.BPF_MEM, b.r), s(c.BPF_LD | c.BPF_MEM, a.r), s(c.BPF_ALU | ALUOP[u.op]! | c.BPF_X), s(c.BPF_ST, r)], g: a.g, r };
      }
      case 'load': return this.load(u, u);
    }
  }

  /**
   * libpcap's scratch-word traffic for an operand tsbpf folded to a constant (gen_loadi takes a
   * word for every number, gen_arth one for every result): the word its value would be in
   */
  private regsOf(u: Arith): number {
    switch (u.k) {
      case 'num': case 'len': return this.reg(u.col);
      case 'neg': return this.regsOf(u.a);
      case 'bin': {
        const ra = this.regsOf(u.a);
        const rb = this.regsOf(u.b);
        this.freeReg(ra);
        this.freeReg(rb);
        return this.reg(u.col);
      }
      case 'load': {
        const ri = this.regsOf(u.idx);
        const r = this.reg(u.col);
        this.freeReg(ri);
        return r;
      }
    }
  }

  /** gen_load: the index's guard (if any), then the protocol's, as libpcap orders them */
  protected load(a: Extract<Arith, { k: 'load' }>, u: Extract<Arith, { k: 'load' }>): Operand {
    if (a.size !== 1 && a.size !== 2 && a.size !== 4) throw err('data size must be 1, 2, or 4', a.col);
    const size = SIZE[a.size]!;
    const p = a.proto;
    const lp = this.o.unoptimized === true;
    const idx = a.idx.k === 'num' && !lp ? null : this.arith(a.idx, u.idx);
    const k = a.idx.k === 'num' ? a.idx.n : 0;
    // gen_load: a word for the loaded value, taken before the index's is freed
    const ri = idx ? idx.r : this.regsOf(u.idx);
    const r = this.reg(a.col);
    this.freeReg(ri);
    // with an index: X = index (+ the variable part of the base after `geneve`), ld [x + base]
    const at = (base: number): Stmt[] => {
      if (!idx) return this.ld(a.size, base, k);
      const vb = varBase(base);
      const add = [s(c.BPF_ALU | c.BPF_ADD | c.BPF_X), s(c.BPF_MISC | c.BPF_TAX)];
      // unoptimised, the index is in its word (xfer_to_x / xfer_to_a); otherwise in A
      const x = lp
        ? vb === 0 ? [s(c.BPF_LDX | c.BPF_MEM, ri)] : [s(c.BPF_LDX | c.BPF_MEM, this.varReg[vb]!), s(c.BPF_LD | c.BPF_MEM, ri), ...add]
        : vb === 0 ? [s(c.BPF_MISC | c.BPF_TAX)] : [s(c.BPF_LDX | c.BPF_MEM, this.varReg[vb]!), ...add];
      return [...idx.st, ...x, s(c.BPF_LD | size | c.BPF_IND, konst(base)), ...(lp ? [s(c.BPF_ST, r)] : [])];
    };
    const guarded = (g: Cond): Cond => (idx?.g ? and(idx.g, g) : g);
    switch (p) {
      case 'link':
      case 'ether':
        return { st: at(this.offLinkhdr), g: idx?.g ?? null, r };
      case 'radio':
        throw err('radio information not present in capture', a.col);
      case 'ip': case 'arp': case 'rarp': case 'ip6': case 'atalk': case 'decnet': case 'sca': case 'lat': case 'moprc': case 'mopdl':
        return { st: at(this.nl), g: guarded(this.protoAbbrev(p, a.col)), r };
      case 'icmp6': {
        const g = and(guarded(this.protoAbbrev('ip6', a.col)), this.cmp(this.nl + 6, 1, 58));
        return { st: at(this.nl + 40), g, r };
      }
      case 'tcp': case 'udp': case 'sctp': case 'icmp': case 'igmp': case 'igrp': case 'pim': case 'vrrp': case 'carp': {
        // X = IPv4 header length (+ index); load at nl + X
        let st: Stmt[];
        if (!idx) st = [...this.ipHdrlenX(), s(c.BPF_LD | size | c.BPF_IND, (konst(this.nl) + k) >>> 0)];
        // the index waits in its own word while X is loaded (freed by now, as in gen_load)
        else st = [...idx.st, ...(lp ? [] : [s(c.BPF_ST, ri)]), ...this.ipHdrlenX(), s(c.BPF_LD | c.BPF_MEM, ri), s(c.BPF_ALU | c.BPF_ADD | c.BPF_X), s(c.BPF_MISC | c.BPF_TAX), s(c.BPF_LD | size | c.BPF_IND, konst(this.nl))];
        if (lp) st.push(s(c.BPF_ST, r));
        // ip, then the index's guard, then the protocol and "first fragment"
        const b = guarded(and(this.protoAbbrev(p, a.col), this.ipfrag()));
        return { st, g: and(this.protoAbbrev('ip', a.col), b), r };
      }
      default:
        throw err('unsupported index operation', a.col);
    }
  }

  relation(op: string, a0: Arith, a1: Arith): Cond {
    const a = this.fold(a0);
    const b = this.fold(a1);
    let st: Stmt[];
    let src: number = c.BPF_K;
    let k = 0;
    // gen_relation: the left side, then the right, both words freed after the test
    const A = this.arith(a, a0);
    let B: Operand | undefined;
    let rb: number;
    if (this.o.unoptimized) {
      // gen_relation: `ldx M[b]; ld M[a]`, then `sub x; jeq #0`, or `jgt x` / `jge x`
      B = this.arith(b, a1);
      rb = B.r;
      st = [...A.st, ...B.st, s(c.BPF_LDX | c.BPF_MEM, B.r), s(c.BPF_LD | c.BPF_MEM, A.r)];
      if (op === '=' || op === '!=') st.push(s(c.BPF_ALU | c.BPF_SUB | c.BPF_X));
      else src = c.BPF_X;
    } else if (b.k === 'num') {
      rb = this.regsOf(a1);
      st = A.st;
      k = b.n;
    } else {
      B = this.arith(b, a1);
      rb = B.r;
      st = [...A.st, s(c.BPF_ST, A.r), ...B.st, s(c.BPF_MISC | c.BPF_TAX), s(c.BPF_LD | c.BPF_MEM, A.r)];
      src = c.BPF_X;
    }
    this.freeReg(A.r);
    this.freeReg(rb);
    let t: Cond;
    switch (op) {
      case '=': t = test(st, c.BPF_JEQ, k, src); break;
      case '!=': t = not(test(st, c.BPF_JEQ, k, src)); break;
      case '>': t = test(st, c.BPF_JGT, k, src); break;
      case '>=': t = test(st, c.BPF_JGE, k, src); break;
      case '<': t = not(test(st, c.BPF_JGE, k, src)); break;
      case '<=': t = not(test(st, c.BPF_JGT, k, src)); break;
      default: throw err(`unknown comparison ${op}`);
    }
    // what folds to a constant is decided by the statement optimiser (peephole.ts), not threading
    if (a0.k !== 'num' || a1.k !== 'num') t.head.late = true;
    // the value libpcap's jump threading sees this test compare (see Block.vn1)
    if (b.k === 'num') t.head.vn1 = a1.k === 'num' ? this.pass1VN(a0) : `${this.pass1VN(a0)}|x=${this.pass1VN(a1)}`;
    // 'and' together the protocol checks: the left side's, then the right side's
    const g = A.g && B?.g ? and(A.g, B.g) : A.g ?? B?.g ?? null;
    return g ? and(g, t) : t;
  }

  /**
   * The value number libpcap's first optimiser pass gives an operand of gen_relation (Block.vn1):
   * that pass runs opt_stmt without altering statements (optimize.c, opt_blk with do_stmts 0),
   * so gencode.c's forms stay as generated — a number is a constant in a scratch word, a load is
   * `ld [x + base]` with the index in X (gen_load: xfer_to_x; after a transport protocol
   * `ldxb 4*([nl]&0xf)` added to it), an operation is `op x` on two scratch words (gen_arth) —
   * and value numbering (F(code, v0, v1)) folds nothing that is not an immediate load.
   */
  private pass1VN(u: Arith): string {
    switch (u.k) {
      case 'num': return `#${u.n >>> 0}`;
      case 'len': return 'LEN';
      case 'neg': return `(NEG ${this.pass1VN(u.a)})`;
      case 'bin': return `(X${ALUOP[u.op]} ${this.pass1VN(u.a)} ${this.pass1VN(u.b)})`;
      case 'load': {
        const x = this.pass1VN(u.idx);
        switch (u.proto) {
          case 'link': case 'ether': return `I${u.size}[${this.offLinkhdr}]<${x}>`;
          case 'icmp6': return `I${u.size}[${this.nl + 40}]<${x}>`;
          case 'tcp': case 'udp': case 'sctp': case 'icmp': case 'igmp': case 'igrp': case 'pim': case 'vrrp': case 'carp':
            return `I${u.size}[${this.nl}]<(X${c.BPF_ADD} ${x} MSH[${this.nl}])>`;
          default: return `I${u.size}[${this.nl}]<${x}>`;
        }
      }
    }
  }

  /**
   * gen_byteop: `byte IDX OP N` on the byte at IDX from the start of the packet. libpcap's `|`
   * and `&` forms test A without loading the byte (A is whatever the program left there, 0 at
   * the start); tsbpf generates the same instructions so that it selects the same packets.
   */
  protected byteop(idx: number, op: string, v: number): Cond {
    switch (op) {
      case '=': return this.cmp(idx, 1, v);
      case '<': return not(test(this.ld(1, idx), c.BPF_JGE, v));
      case '>': return test(this.ld(1, idx), c.BPF_JGT, v);
      case '|': return not(test([s(c.BPF_ALU | c.BPF_OR | c.BPF_K, v)], c.BPF_JEQ, 0));
      default: return test([], c.BPF_JSET, v);
    }
  }
}
