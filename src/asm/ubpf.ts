/**
 * The `ubpf` assembler dialect: the mnemonic syntax of the BPF conformance suite
 * (github.com/Alan-Jowett/bpf_conformance, src/bpf_assembler.cc) and of uBPF's
 * `ubpf/assembler.py`: `ldxh %r0, [%r1+2]`, `mov32 %r0, 1`, `lock fetch add [%r1+0], %r2`,
 * `jeq %r1, 0, L`, `call local L`, `call %r1`, `lddw %r0, 0x1122334455667788`.
 *
 * Semantics taken from those assemblers:
 * - no suffix is the 64-bit form (class ALU64/JMP), the `32` suffix the 32-bit one (ALU/JMP32);
 * - `sdiv`/`smod` set offset 1 (RFC 9669 §4.1), `movsx<from><to>` sets offset 8/16/32;
 * - `le`/`be` are BPF_ALU | BPF_END with BPF_TO_LE/BPF_TO_BE, `bswap`/`swap` are BPF_ALU64 | BPF_END;
 * - `call N` / `call helper N` is a helper call, `call local T` a local call (src = BPF_PSEUDO_CALL,
 *   imm = relative slot offset), `call runtime N` a kfunc call (src = BPF_PSEUDO_KFUNC_CALL),
 *   `call %rN` is callx with the register in the dst field;
 * - `ja32 T` is the v4 `gotol` (BPF_JMP32 | BPF_JA with the offset in imm);
 * - labels are `name:`; the first `exit` also defines the label `exit`; `#` starts a comment;
 *   a jump target is a label or a signed slot offset `+N`/`-N`.
 *
 * Extensions so that every instruction round-trips through text: `ldabs{b,h,w} imm`,
 * `ldind{b,h,w} %rS, imm` (legacy packet loads), `lddw %rD, map_fd(N)` and the other lddw pseudo
 * sources (`map_value(fd, off)`, `btf_id(id)`, `func(T)`, `map_idx(i)`, `map_idx_value(i, off)`),
 * and `.raw W1[, W2]` for a slot given as its 64-bit word (opcode | dst<<8 | src<<12 | off<<16 | imm<<32),
 * which the disassembler prints for anything that is not a valid instruction.
 */
import { BpfError } from '../isa/errors.js';
import { type Instruction, LDDW, slotIndices, fromSlotWords, slotWords } from '../isa/instruction.js';
import * as op from '../isa/opcodes.js';
import { checkInstruction } from '../isa/validate.js';

// ---------------------------------------------------------------------------------------------
// tables

const ALU_OPS: Record<string, number> = {
  add: op.BPF_ADD, sub: op.BPF_SUB, mul: op.BPF_MUL, div: op.BPF_DIV, sdiv: op.BPF_DIV,
  or: op.BPF_OR, and: op.BPF_AND, lsh: op.BPF_LSH, rsh: op.BPF_RSH, mod: op.BPF_MOD,
  smod: op.BPF_MOD, xor: op.BPF_XOR, mov: op.BPF_MOV, arsh: op.BPF_ARSH,
};
const ALU_NAMES: Record<number, string> = {
  [op.BPF_ADD]: 'add', [op.BPF_SUB]: 'sub', [op.BPF_MUL]: 'mul', [op.BPF_DIV]: 'div', [op.BPF_OR]: 'or',
  [op.BPF_AND]: 'and', [op.BPF_LSH]: 'lsh', [op.BPF_RSH]: 'rsh', [op.BPF_MOD]: 'mod', [op.BPF_XOR]: 'xor',
  [op.BPF_MOV]: 'mov', [op.BPF_ARSH]: 'arsh', [op.BPF_NEG]: 'neg',
};
const JMP_OPS: Record<string, number> = {
  jeq: op.BPF_JEQ, jgt: op.BPF_JGT, jge: op.BPF_JGE, jset: op.BPF_JSET, jne: op.BPF_JNE,
  jsgt: op.BPF_JSGT, jsge: op.BPF_JSGE, jlt: op.BPF_JLT, jle: op.BPF_JLE, jslt: op.BPF_JSLT, jsle: op.BPF_JSLE,
};
const JMP_NAMES: Record<number, string> = Object.fromEntries(Object.entries(JMP_OPS).map(([k, v]) => [v, k]));
const SIZES: Record<string, number> = { b: op.BPF_B, h: op.BPF_H, w: op.BPF_W, dw: op.BPF_DW };
const SIZE_NAMES: Record<number, string> = { [op.BPF_B]: 'b', [op.BPF_H]: 'h', [op.BPF_W]: 'w', [op.BPF_DW]: 'dw' };
const ATOMIC_OPS: Record<string, number> = {
  add: op.BPF_ADD, or: op.BPF_OR, and: op.BPF_AND, xor: op.BPF_XOR, xchg: op.BPF_XCHG, cmpxchg: op.BPF_CMPXCHG,
};
/** lddw pseudo sources (uapi bpf.h BPF_PSEUDO_*), by their name in this dialect */
const PSEUDO: Record<string, { src: number }> = {
  map_fd: { src: op.BPF_PSEUDO_MAP_FD },
  map_value: { src: op.BPF_PSEUDO_MAP_VALUE },
  btf_id: { src: op.BPF_PSEUDO_BTF_ID },
  func: { src: op.BPF_PSEUDO_FUNC },
  map_idx: { src: op.BPF_PSEUDO_MAP_IDX },
  map_idx_value: { src: op.BPF_PSEUDO_MAP_IDX_VALUE },
};
const PSEUDO_NAMES: Record<number, string> = Object.fromEntries(Object.entries(PSEUDO).map(([k, v]) => [v.src, k]));

// ---------------------------------------------------------------------------------------------
// lexer

const enum T { Ident, Reg, Num, Punct }
interface Tok {
  t: T;
  /** text (identifier, punctuation) */
  s: string;
  /** register number or numeric value */
  v: bigint;
  col: number;
}

function lexLine(line: string, lineNo: number): Tok[] {
  const toks: Tok[] = [];
  let k = 0;
  const n = line.length;
  while (k < n) {
    const c = line.charCodeAt(k);
    if (c === 0x23 /* # */) break;
    if (c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0b || c === 0x0c) { k++; continue; }
    const col = k + 1;
    if (c === 0x25 /* % */) {
      const m = /^%r(\d+)/.exec(line.slice(k));
      if (!m) throw err(`expected a register after '%'`, lineNo, col);
      const r = Number(m[1]);
      toks.push({ t: T.Reg, s: m[0], v: BigInt(r), col });
      k += m[0].length;
      continue;
    }
    if (c >= 0x30 && c <= 0x39) {
      const m = /^(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|\d+)(?![\w$.])/.exec(line.slice(k));
      if (!m) throw err(`malformed number '${line.slice(k).split(/[\s,\]\[()]/)[0]}'`, lineNo, col);
      toks.push({ t: T.Num, s: m[0], v: BigInt(m[0]), col });
      k += m[0].length;
      continue;
    }
    if (/[A-Za-z_.$]/.test(line[k]!)) {
      const m = /^[A-Za-z_.$][\w.$]*/.exec(line.slice(k))!;
      toks.push({ t: T.Ident, s: m[0], v: 0n, col });
      k += m[0].length;
      continue;
    }
    if (',[]+-:()'.includes(line[k]!)) {
      toks.push({ t: T.Punct, s: line[k]!, v: 0n, col });
      k++;
      continue;
    }
    throw err(`unexpected character ${JSON.stringify(line[k])}`, lineNo, col);
  }
  return toks;
}

function err(msg: string, line: number, column: number): BpfError {
  return new BpfError('EINVAL', msg, { line, column });
}

// ---------------------------------------------------------------------------------------------
// parser

/** a reference to a label still to be resolved, with the field it fills */
interface Fixup {
  index: number;
  label: string;
  field: 'off' | 'imm';
  line: number;
  col: number;
}

class LineParser {
  k = 0;
  constructor(readonly toks: Tok[], readonly line: number, readonly endCol: number) {}

  peek(): Tok | undefined {
    return this.toks[this.k];
  }
  fail(msg: string, tok = this.peek()): never {
    throw err(msg, this.line, tok ? tok.col : this.endCol);
  }
  isPunct(p: string): boolean {
    const t = this.peek();
    return t !== undefined && t.t === T.Punct && t.s === p;
  }
  punct(p: string): void {
    if (!this.isPunct(p)) this.fail(`expected '${p}'${this.describe()}`);
    this.k++;
  }
  describe(): string {
    const t = this.peek();
    return t ? `, found '${t.s}'` : ' at end of line';
  }
  reg(): number {
    const t = this.peek();
    if (!t || t.t !== T.Reg) this.fail(`expected a register${this.describe()}`);
    if (t.v > 10n) this.fail(`invalid register ${t.s} (r0-r10 exist)`, t);
    this.k++;
    return Number(t.v);
  }
  /** a signed or unsigned integer in [lo, hi] */
  int(lo: bigint, hi: bigint, what: string): bigint {
    const start = this.peek();
    let neg = false;
    if (this.isPunct('-') || this.isPunct('+')) {
      neg = this.peek()!.s === '-';
      this.k++;
    }
    const t = this.peek();
    if (!t || t.t !== T.Num) this.fail(`expected ${what}${this.describe()}`);
    this.k++;
    const v = neg ? -t.v : t.v;
    if (v < lo || v > hi) this.fail(`${what} ${neg ? '-' : ''}${t.s} out of range [${lo}, ${hi}]`, start);
    return v;
  }
  imm32(): number {
    return Number(BigInt.asIntN(32, this.int(-(1n << 31n), (1n << 32n) - 1n, 'a 32-bit immediate')));
  }
  end(): void {
    if (this.k < this.toks.length) this.fail(`unexpected '${this.peek()!.s}' after the instruction`);
  }
  /** `[%rN]`, `[%rN+off]`, `[%rN-off]` */
  mem(): { reg: number; off: number } {
    this.punct('[');
    const reg = this.reg();
    let off = 0;
    if (this.isPunct('+') || this.isPunct('-')) off = Number(BigInt.asIntN(16, this.int(-32768n, 65535n, 'an offset')));
    this.punct(']');
    return { reg, off };
  }
  /**
   * a jump target: `+N`/`-N` (slot offset), a bare number (slot offset), or a label; returns the offset
   * or the label token
   */
  target(lo: bigint, hi: bigint): { off: number } | { label: string; col: number } {
    const t = this.peek();
    if (t && t.t === T.Ident) {
      this.k++;
      return { label: t.s, col: t.col };
    }
    if (!t) this.fail('expected a jump target (label or +N/-N)');
    return { off: Number(this.int(lo, hi, 'a jump offset')) };
  }
  ident(): Tok | undefined {
    const t = this.peek();
    if (t && t.t === T.Ident) return t;
    return undefined;
  }
}

const OFF16: [bigint, bigint] = [-32768n, 32767n];
const OFF32: [bigint, bigint] = [-(1n << 31n), (1n << 31n) - 1n];

/**
 * Assemble ubpf-dialect text into instructions (lddw is one Instruction). Throws BpfError(EINVAL)
 * naming the line and column of the first error.
 */
export function assembleUbpf(text: string): Instruction[] {
  const out: Instruction[] = [];
  const slotOf: number[] = []; // slot index of out[k]
  let slot = 0;
  const labels = new Map<string, { slot: number; line: number }>();
  let exitSlot = -1;
  const fixups: Fixup[] = [];
  const lines = text.split('\n');

  for (let ln = 0; ln < lines.length; ln++) {
    const lineNo = ln + 1;
    const src = lines[ln]!;
    const toks = lexLine(src, lineNo);
    const p: LineParser = new LineParser(toks, lineNo, src.length + 1);
    // labels
    while (toks[p.k]?.t === T.Ident && toks[p.k + 1]?.t === T.Punct && toks[p.k + 1]!.s === ':') {
      const name = toks[p.k]!.s;
      const prev = labels.get(name);
      if (prev) throw err(`duplicate label '${name}' (first defined at line ${prev.line})`, lineNo, toks[p.k]!.col);
      labels.set(name, { slot, line: lineNo });
      p.k += 2;
    }
    if (p.k >= toks.length) continue;
    const mt = p.peek()!;
    if (mt.t !== T.Ident) p.fail(`expected a mnemonic, found '${mt.s}'`);
    p.k++;
    const m = mt.s.toLowerCase();
    const index = out.length;
    const emit = (i: Instruction): void => {
      out.push(i);
      slotOf.push(slot);
      slot += i.code === LDDW ? 2 : 1;
    };
    const jumpTo = (tg: { off: number } | { label: string; col: number }, field: 'off' | 'imm'): number => {
      if ('off' in tg) return tg.off;
      fixups.push({ index, label: tg.label, field, line: lineNo, col: tg.col });
      return 0;
    };
    const mk = (code: number, dst = 0, srcReg = 0, off = 0, imm = 0, imm2 = 0): Instruction => ({ code, dst, src: srcReg, off, imm: imm | 0, imm2: imm2 | 0 });

    let rm: RegExpExecArray | null;
    if (m === 'exit') {
      if (exitSlot < 0) exitSlot = slot;
      emit(mk(op.BPF_JMP | op.BPF_EXIT));
    } else if (m === 'ja') {
      const tg = p.target(...OFF16);
      emit(mk(op.BPF_JMP | op.BPF_JA, 0, 0, jumpTo(tg, 'off')));
    } else if (m === 'ja32' || m === 'gotol') {
      const tg = p.target(...OFF32);
      emit(mk(op.BPF_JMP32 | op.BPF_JA, 0, 0, 0, jumpTo(tg, 'imm')));
    } else if (m === 'call') {
      const t = p.peek();
      if (t && t.t === T.Reg) {
        emit(mk(op.BPF_JMP | op.BPF_CALL | op.BPF_X, p.reg()));
      } else if (t && t.t === T.Ident && t.s === 'local') {
        p.k++;
        const tg = p.target(...OFF32);
        emit(mk(op.BPF_JMP | op.BPF_CALL, 0, op.BPF_PSEUDO_CALL, 0, jumpTo(tg, 'imm')));
      } else if (t && t.t === T.Ident && (t.s === 'helper' || t.s === 'runtime')) {
        p.k++;
        emit(mk(op.BPF_JMP | op.BPF_CALL, 0, t.s === 'helper' ? 0 : op.BPF_PSEUDO_KFUNC_CALL, 0, p.imm32()));
      } else {
        emit(mk(op.BPF_JMP | op.BPF_CALL, 0, 0, 0, p.imm32()));
      }
    } else if (m === 'lock') {
      let fetch = false;
      let w = p.ident();
      if (w && w.s === 'fetch') {
        fetch = true;
        p.k++;
        w = p.ident();
      }
      if (!w) p.fail(`expected an atomic operation (add, or, and, xor, xchg, cmpxchg)${p.describe()}`);
      const am = /^(add|or|and|xor|xchg|cmpxchg)(32)?$/.exec(w.s);
      if (!am) p.fail(`unknown atomic operation '${w.s}'`, w);
      p.k++;
      let aop = ATOMIC_OPS[am[1]!]!;
      if (fetch) {
        if (aop === op.BPF_XCHG || aop === op.BPF_CMPXCHG) p.fail(`'lock fetch ${am[1]}': ${am[1]} always fetches`, w);
        aop |= op.BPF_FETCH;
      }
      const mem = p.mem();
      p.punct(',');
      const s = p.reg();
      emit(mk(op.BPF_STX | op.BPF_ATOMIC | (am[2] ? op.BPF_W : op.BPF_DW), mem.reg, s, mem.off, aop));
    } else if (m === 'lddw') {
      const d = p.reg();
      p.punct(',');
      const id = p.ident();
      if (id && PSEUDO[id.s] && toks[p.k + 1]?.s === '(') {
        const ps = PSEUDO[id.s]!;
        p.k += 2;
        let imm: number;
        if (ps.src === op.BPF_PSEUDO_FUNC) imm = jumpTo(p.target(...OFF32), 'imm');
        else imm = p.imm32();
        let imm2 = 0;
        if (p.isPunct(',')) {
          p.k++;
          imm2 = p.imm32();
        }
        p.punct(')');
        emit(mk(LDDW, d, ps.src, 0, imm, imm2));
      } else {
        const v = BigInt.asUintN(64, p.int(-(1n << 63n), (1n << 64n) - 1n, 'a 64-bit immediate'));
        emit(mk(LDDW, d, 0, 0, Number(BigInt.asIntN(32, v)), Number(BigInt.asIntN(32, v >> 32n))));
      }
    } else if (m === '.raw') {
      const w1 = p.int(-(1n << 63n), (1n << 64n) - 1n, 'a 64-bit instruction word');
      const words = [w1];
      if ((Number(BigInt.asUintN(64, w1) & 0xffn)) === LDDW) {
        p.punct(',');
        words.push(p.int(-(1n << 63n), (1n << 64n) - 1n, 'the second 64-bit word of lddw'));
      }
      let insns: Instruction[];
      try {
        insns = fromSlotWords(words);
      } catch (e) {
        if (e instanceof BpfError) p.fail(e.reason);
        throw e;
      }
      emit(insns[0]!);
    } else if ((rm = /^ldx(s?)(b|h|w|dw)$/.exec(m))) {
      if (rm[1] && rm[2] === 'dw') p.fail(`unknown mnemonic '${mt.s}'`, mt);
      const d = p.reg();
      p.punct(',');
      const mem = p.mem();
      emit(mk(op.BPF_LDX | (rm[1] ? op.BPF_MEMSX : op.BPF_MEM) | SIZES[rm[2]!]!, d, mem.reg, mem.off));
    } else if ((rm = /^stx(b|h|w|dw)$/.exec(m))) {
      const mem = p.mem();
      p.punct(',');
      emit(mk(op.BPF_STX | op.BPF_MEM | SIZES[rm[1]!]!, mem.reg, p.reg(), mem.off));
    } else if ((rm = /^st(b|h|w|dw)$/.exec(m))) {
      const mem = p.mem();
      p.punct(',');
      emit(mk(op.BPF_ST | op.BPF_MEM | SIZES[rm[1]!]!, mem.reg, 0, mem.off, p.imm32()));
    } else if ((rm = /^ldabs(b|h|w)$/.exec(m))) {
      emit(mk(op.BPF_LD | op.BPF_ABS | SIZES[rm[1]!]!, 0, 0, 0, p.imm32()));
    } else if ((rm = /^ldind(b|h|w)$/.exec(m))) {
      const s = p.reg();
      p.punct(',');
      emit(mk(op.BPF_LD | op.BPF_IND | SIZES[rm[1]!]!, 0, s, 0, p.imm32()));
    } else if ((rm = /^(le|be|bswap|swap)(16|32|64)$/.exec(m))) {
      const code = rm[1] === 'le' ? op.BPF_ALU | op.BPF_END | op.BPF_TO_LE
        : rm[1] === 'be' ? op.BPF_ALU | op.BPF_END | op.BPF_TO_BE : op.BPF_ALU64 | op.BPF_END;
      emit(mk(code, p.reg(), 0, 0, Number(rm[2])));
    } else if ((rm = /^neg(32)?$/.exec(m))) {
      emit(mk((rm[1] ? op.BPF_ALU : op.BPF_ALU64) | op.BPF_NEG, p.reg()));
    } else if ((rm = /^movsx(8|16|32)(32|64)$/.exec(m))) {
      if (rm[1] === '32' && rm[2] === '32') p.fail(`unknown mnemonic '${mt.s}'`, mt);
      const d = p.reg();
      p.punct(',');
      emit(mk((rm[2] === '32' ? op.BPF_ALU : op.BPF_ALU64) | op.BPF_MOV | op.BPF_X, d, p.reg(), Number(rm[1])));
    } else if ((rm = /^([a-z]+?)(32)?$/.exec(m)) && ALU_OPS[rm[1]!] !== undefined) {
      const cls = rm[2] ? op.BPF_ALU : op.BPF_ALU64;
      const signed = rm[1] === 'sdiv' || rm[1] === 'smod' ? 1 : 0;
      const d = p.reg();
      p.punct(',');
      const t = p.peek();
      if (t && t.t === T.Reg) emit(mk(cls | ALU_OPS[rm[1]!]! | op.BPF_X, d, p.reg(), signed));
      else emit(mk(cls | ALU_OPS[rm[1]!]! | op.BPF_K, d, 0, signed, p.imm32()));
    } else if ((rm = /^([a-z]+?)(32)?$/.exec(m)) && JMP_OPS[rm[1]!] !== undefined) {
      const cls = rm[2] ? op.BPF_JMP32 : op.BPF_JMP;
      const d = p.reg();
      p.punct(',');
      const t = p.peek();
      let code = cls | JMP_OPS[rm[1]!]!;
      let s = 0;
      let imm = 0;
      if (t && t.t === T.Reg) {
        code |= op.BPF_X;
        s = p.reg();
      } else imm = p.imm32();
      p.punct(',');
      const tg = p.target(...OFF16);
      emit(mk(code, d, s, jumpTo(tg, 'off'), imm));
    } else {
      p.fail(`unknown mnemonic '${mt.s}'`, mt);
    }
    p.end();
  }

  for (const f of fixups) {
    let target = labels.get(f.label)?.slot;
    if (target === undefined && f.label === 'exit' && exitSlot >= 0) target = exitSlot;
    if (target === undefined) throw err(`undefined label '${f.label}'`, f.line, f.col);
    const rel = target - slotOf[f.index]! - 1;
    const i = out[f.index]!;
    if (f.field === 'off') {
      if (rel < -32768 || rel > 32767) throw err(`jump to '${f.label}' is ${rel} slots away, beyond the 16-bit offset`, f.line, f.col);
      i.off = rel;
    } else i.imm = rel | 0;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// disassembler

export interface UbpfDisasmOptions {
  /** print jump targets as labels `L<slot>:` instead of relative offsets (default false) */
  labels?: boolean;
}

function fmtImm(v: number): string {
  v |= 0;
  if (v > -65536 && v < 65536) return String(v);
  return '0x' + (v >>> 0).toString(16);
}
function fmtOff(v: number): string {
  return v < 0 ? String(v) : '+' + v;
}
function fmtMem(r: number, off: number): string {
  return off === 0 ? `[%r${r}]` : `[%r${r}${fmtOff(off)}]`;
}
function fmtWord(w: bigint): string {
  return '0x' + w.toString(16).padStart(16, '0');
}

/** one instruction in the ubpf dialect; `target` names the jump target when labels are on */
export function formatUbpf(i: Instruction, target?: (rel: number) => string | undefined): string {
  const raw = (): string => '.raw ' + slotWords([i]).map(fmtWord).join(', ');
  if (checkInstruction(i) !== null) return raw();
  const { code, dst, src, off, imm } = i;
  const cls = code & 7;
  const o = code & 0xf0;
  const x = (code & op.BPF_X) !== 0;
  const tgt = (rel: number): string => target?.(rel) ?? fmtOff(rel);
  switch (cls) {
    case op.BPF_ALU:
    case op.BPF_ALU64: {
      const sfx = cls === op.BPF_ALU ? '32' : '';
      if (o === op.BPF_END) {
        const n = cls === op.BPF_ALU64 ? 'bswap' : x ? 'be' : 'le';
        return `${n}${imm} %r${dst}`;
      }
      if (o === op.BPF_NEG) return `neg${sfx} %r${dst}`;
      // addr_space_cast (mov64 with off 1, BPF_ADDR_SPACE_CAST: arena pointers) has no uBPF mnemonic
      if (o === op.BPF_MOV && x && off === 1) return raw();
      if (o === op.BPF_MOV && x && off !== 0) return `movsx${off}${cls === op.BPF_ALU ? 32 : 64} %r${dst}, %r${src}`;
      let n = ALU_NAMES[o]!;
      if (off === 1) n = o === op.BPF_DIV ? 'sdiv' : 'smod';
      return `${n}${sfx} %r${dst}, ${x ? `%r${src}` : fmtImm(imm)}`;
    }
    case op.BPF_JMP:
    case op.BPF_JMP32: {
      if (o === op.BPF_EXIT) return 'exit';
      if (o === op.BPF_CALL) {
        if (x) return `call %r${dst}`;
        if (src === op.BPF_PSEUDO_CALL) return `call local ${tgt(imm)}`;
        if (src === op.BPF_PSEUDO_KFUNC_CALL) return `call runtime ${fmtImm(imm)}`;
        return `call ${fmtImm(imm)}`;
      }
      if (o === op.BPF_JA) return cls === op.BPF_JMP32 ? `ja32 ${tgt(imm)}` : `ja ${tgt(off)}`;
      // may_goto (BPF_JCOND, Linux 6.9) has no mnemonic in uBPF's dialect: its word round-trips
      if (o === op.BPF_JCOND) return raw();
      const sfx = cls === op.BPF_JMP32 ? '32' : '';
      return `${JMP_NAMES[o]}${sfx} %r${dst}, ${x ? `%r${src}` : fmtImm(imm)}, ${tgt(off)}`;
    }
    case op.BPF_LD: {
      if (code === LDDW) {
        if (src === 0) return `lddw %r${dst}, 0x${((BigInt(i.imm2 >>> 0) << 32n) | BigInt(imm >>> 0)).toString(16)}`;
        const name = PSEUDO_NAMES[src]!;
        const a1 = src === op.BPF_PSEUDO_FUNC ? tgt(imm) : fmtImm(imm);
        return `lddw %r${dst}, ${name}(${a1}${i.imm2 !== 0 ? ', ' + fmtImm(i.imm2) : ''})`;
      }
      const sz = SIZE_NAMES[code & 0x18]!;
      if ((code & 0xe0) === op.BPF_ABS) return `ldabs${sz} ${fmtImm(imm)}`;
      return `ldind${sz} %r${src}, ${fmtImm(imm)}`;
    }
    case op.BPF_LDX:
      return `ldx${(code & 0xe0) === op.BPF_MEMSX ? 's' : ''}${SIZE_NAMES[code & 0x18]} %r${dst}, ${fmtMem(src, off)}`;
    case op.BPF_ST:
      return `st${SIZE_NAMES[code & 0x18]} ${fmtMem(dst, off)}, ${fmtImm(imm)}`;
    case op.BPF_STX: {
      if ((code & 0xe0) === op.BPF_MEM) return `stx${SIZE_NAMES[code & 0x18]} ${fmtMem(dst, off)}, %r${src}`;
      const sfx = (code & 0x18) === op.BPF_W ? '32' : '';
      let name: string;
      if (imm === op.BPF_XCHG) name = 'xchg';
      else if (imm === op.BPF_CMPXCHG) name = 'cmpxchg';
      else name = (imm & op.BPF_FETCH ? 'fetch ' : '') + ALU_NAMES[imm & 0xf0]!;
      return `lock ${name}${sfx} ${fmtMem(dst, off)}, %r${src}`;
    }
  }
  return raw();
}

/**
 * Disassemble to ubpf-dialect text, one instruction per line. Every instruction round-trips:
 * `assembleUbpf(disassembleUbpf(x))` encodes to the same bytes as `x`. Invalid instructions are
 * printed as `.raw` words.
 */
export function disassembleUbpf(insns: readonly Instruction[], opts: UbpfDisasmOptions = {}): string {
  const slots = slotIndices(insns);
  const total = slots[insns.length]!;
  const names = new Map<number, string>();
  if (opts.labels) {
    // label every in-range jump target of a valid instruction
    const starts = new Set(slots.slice(0, insns.length));
    for (let k = 0; k < insns.length; k++) {
      const t = targetSlot(insns[k]!, slots[k]!);
      if (t !== null && t >= 0 && t < total && starts.has(t)) names.set(t, `L${t}`);
    }
  }
  const lines: string[] = [];
  for (let k = 0; k < insns.length; k++) {
    const pc = slots[k]!;
    const name = names.get(pc);
    if (name) lines.push(`${name}:`);
    lines.push(formatUbpf(insns[k]!, opts.labels ? (rel) => names.get(pc + rel + 1) : undefined));
  }
  return lines.join('\n') + (lines.length ? '\n' : '');
}

function targetSlot(i: Instruction, pc: number): number | null {
  if (checkInstruction(i) !== null) return null;
  const cls = i.code & 7;
  const o = i.code & 0xf0;
  if (i.code === LDDW && i.src === op.BPF_PSEUDO_FUNC) return pc + i.imm + 1;
  if (cls !== op.BPF_JMP && cls !== op.BPF_JMP32) return null;
  if (o === op.BPF_EXIT) return null;
  if (o === op.BPF_CALL) return i.src === op.BPF_PSEUDO_CALL && !(i.code & op.BPF_X) ? pc + i.imm + 1 : null;
  if (o === op.BPF_JA && cls === op.BPF_JMP32) return pc + i.imm + 1;
  return pc + i.off + 1;
}
