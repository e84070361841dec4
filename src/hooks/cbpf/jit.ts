/**
 * Classic BPF compiled to a JavaScript function (the engine `cbpf-jit`): one `case` per
 * instruction in a loop over a `switch (pc)`, so V8 compiles the filter to machine code.
 * Same semantics as interpreter.ts (which stays the reference); the tests run both.
 */
import { BpfError } from '../../isa/errors.js';
import * as c from './opcodes.js';
import type { SockFilter } from './program.js';
import { runClassic, type ClassicAux } from './interpreter.js';

export type ClassicFn = (pkt: Uint8Array, wirelen: number, aux?: ClassicAux) => number;

const SZ: Record<number, number> = { [c.BPF_W]: 4, [c.BPF_H]: 2, [c.BPF_B]: 1 };

function load(size: number, o: string): string {
  if (size === 1) return `p[${o}]`;
  if (size === 2) return `((p[${o}] << 8) | p[${o} + 1])`;
  return `(((p[${o}] << 24) | (p[${o} + 1] << 16) | (p[${o} + 2] << 8) | p[${o} + 3]) >>> 0)`;
}

export function compileClassicJs(prog: SockFilter[]): ClassicFn {
  const n = prog.length;
  // a program with negative-offset or ancillary loads, or backward jumps, runs on the interpreter
  const special = prog.some((i, pc) => {
    const cls = c.BPF_CLASS(i.code);
    if (cls === c.BPF_LD && (c.BPF_MODE(i.code) === c.BPF_ABS) && (i.k | 0) < 0) return true;
    if (i.code === (c.BPF_JMP | c.BPF_JA) && (pc + 1 + (i.k | 0) <= pc || pc + 1 + (i.k | 0) > n)) return true;
    return false;
  });
  const body: string[] = [];
  const tgt = (t: number): string => (t < n ? `pc = ${t}; continue;` : `throw ERR(${t});`);
  for (let pc = 0; pc < n; pc++) {
    const { code, jt, jf } = prog[pc]!;
    const k = prog[pc]!.k >>> 0;
    const size = SZ[c.BPF_SIZE(code)]!;
    let s: string;
    switch (code) {
      case c.BPF_RET | c.BPF_K: s = `return ${k};`; break;
      case c.BPF_RET | c.BPF_A: s = `return A;`; break;
      case c.BPF_LD | c.BPF_W | c.BPF_ABS:
      case c.BPF_LD | c.BPF_H | c.BPF_ABS:
      case c.BPF_LD | c.BPF_B | c.BPF_ABS:
        s = `if (${k + size} > len) return 0; A = ${load(size, String(k))};`;
        break;
      case c.BPF_LD | c.BPF_W | c.BPF_IND:
      case c.BPF_LD | c.BPF_H | c.BPF_IND:
      case c.BPF_LD | c.BPF_B | c.BPF_IND:
        s = `o = X + ${k}; if (o + ${size} > len) return 0; A = ${load(size, 'o')};`;
        break;
      case c.BPF_LD | c.BPF_W | c.BPF_LEN: s = `A = wirelen >>> 0;`; break;
      case c.BPF_LDX | c.BPF_W | c.BPF_LEN: s = `X = wirelen >>> 0;`; break;
      case c.BPF_LD | c.BPF_IMM: s = `A = ${k};`; break;
      case c.BPF_LDX | c.BPF_IMM: s = `X = ${k};`; break;
      case c.BPF_LD | c.BPF_MEM: s = `A = M[${k & 15}];`; break;
      case c.BPF_LDX | c.BPF_MEM: s = `X = M[${k & 15}];`; break;
      case c.BPF_ST: s = `M[${k & 15}] = A;`; break;
      case c.BPF_STX: s = `M[${k & 15}] = X;`; break;
      case c.BPF_LDX | c.BPF_MSH | c.BPF_B: s = `if (${k} >= len) return 0; X = (p[${k}] & 15) << 2;`; break;
      case c.BPF_JMP | c.BPF_JA: s = tgt(pc + 1 + k); break;
      case c.BPF_JMP | c.BPF_JGT | c.BPF_K: s = `if (A > ${k}) { ${tgt(pc + 1 + jt)} } ${tgt(pc + 1 + jf)}`; break;
      case c.BPF_JMP | c.BPF_JGE | c.BPF_K: s = `if (A >= ${k}) { ${tgt(pc + 1 + jt)} } ${tgt(pc + 1 + jf)}`; break;
      case c.BPF_JMP | c.BPF_JEQ | c.BPF_K: s = `if (A === ${k}) { ${tgt(pc + 1 + jt)} } ${tgt(pc + 1 + jf)}`; break;
      case c.BPF_JMP | c.BPF_JSET | c.BPF_K: s = `if ((A & ${k}) !== 0) { ${tgt(pc + 1 + jt)} } ${tgt(pc + 1 + jf)}`; break;
      case c.BPF_JMP | c.BPF_JGT | c.BPF_X: s = `if (A > X) { ${tgt(pc + 1 + jt)} } ${tgt(pc + 1 + jf)}`; break;
      case c.BPF_JMP | c.BPF_JGE | c.BPF_X: s = `if (A >= X) { ${tgt(pc + 1 + jt)} } ${tgt(pc + 1 + jf)}`; break;
      case c.BPF_JMP | c.BPF_JEQ | c.BPF_X: s = `if (A === X) { ${tgt(pc + 1 + jt)} } ${tgt(pc + 1 + jf)}`; break;
      case c.BPF_JMP | c.BPF_JSET | c.BPF_X: s = `if ((A & X) !== 0) { ${tgt(pc + 1 + jt)} } ${tgt(pc + 1 + jf)}`; break;
      case c.BPF_ALU | c.BPF_ADD | c.BPF_X: s = `A = (A + X) >>> 0;`; break;
      case c.BPF_ALU | c.BPF_SUB | c.BPF_X: s = `A = (A - X) >>> 0;`; break;
      case c.BPF_ALU | c.BPF_MUL | c.BPF_X: s = `A = Math.imul(A, X) >>> 0;`; break;
      case c.BPF_ALU | c.BPF_DIV | c.BPF_X: s = `if (X === 0) return 0; A = Math.floor(A / X) >>> 0;`; break;
      case c.BPF_ALU | c.BPF_MOD | c.BPF_X: s = `if (X === 0) return 0; A = (A % X) >>> 0;`; break;
      case c.BPF_ALU | c.BPF_AND | c.BPF_X: s = `A = (A & X) >>> 0;`; break;
      case c.BPF_ALU | c.BPF_OR | c.BPF_X: s = `A = (A | X) >>> 0;`; break;
      case c.BPF_ALU | c.BPF_XOR | c.BPF_X: s = `A = (A ^ X) >>> 0;`; break;
      case c.BPF_ALU | c.BPF_LSH | c.BPF_X: s = `A = X < 32 ? (A << X) >>> 0 : 0;`; break;
      case c.BPF_ALU | c.BPF_RSH | c.BPF_X: s = `A = X < 32 ? A >>> X : 0;`; break;
      case c.BPF_ALU | c.BPF_ADD | c.BPF_K: s = `A = (A + ${k}) >>> 0;`; break;
      case c.BPF_ALU | c.BPF_SUB | c.BPF_K: s = `A = (A - ${k}) >>> 0;`; break;
      case c.BPF_ALU | c.BPF_MUL | c.BPF_K: s = `A = Math.imul(A, ${k}) >>> 0;`; break;
      case c.BPF_ALU | c.BPF_DIV | c.BPF_K: s = k === 0 ? 'return 0;' : `A = Math.floor(A / ${k}) >>> 0;`; break;
      case c.BPF_ALU | c.BPF_MOD | c.BPF_K: s = k === 0 ? 'return 0;' : `A = (A % ${k}) >>> 0;`; break;
      case c.BPF_ALU | c.BPF_AND | c.BPF_K: s = `A = (A & ${k}) >>> 0;`; break;
      case c.BPF_ALU | c.BPF_OR | c.BPF_K: s = `A = (A | ${k}) >>> 0;`; break;
      case c.BPF_ALU | c.BPF_XOR | c.BPF_K: s = `A = (A ^ ${k}) >>> 0;`; break;
      case c.BPF_ALU | c.BPF_LSH | c.BPF_K: s = k < 32 ? `A = (A << ${k}) >>> 0;` : 'A = 0;'; break;
      case c.BPF_ALU | c.BPF_RSH | c.BPF_K: s = k < 32 ? `A = A >>> ${k};` : 'A = 0;'; break;
      case c.BPF_ALU | c.BPF_NEG: s = `A = (-A) >>> 0;`; break;
      case c.BPF_MISC | c.BPF_TAX: s = `X = A;`; break;
      case c.BPF_MISC | c.BPF_TXA: s = `A = X;`; break;
      default: s = `throw BAD(${pc}, ${code});`;
    }
    body.push(`case ${pc}: ${s}`);
  }
  if (special) return (pkt, wirelen, aux) => runClassic(prog, pkt, { wirelen, ...(aux ? { aux } : {}) });
  const src = `return function classicFilter(p, wirelen) {
  const len = p.length; const M = new Uint32Array(16); let A = 0, X = 0, pc = 0, o = 0;
  for (;;) switch (pc) {
${body.join('\n')}
  default: throw ERR(pc);
  }
};`;
  const ERR = (pc: number) => new BpfError('EINVAL', 'classic program falls off its end', { insn: pc });
  const BAD = (pc: number, code: number) => new BpfError('EINVAL', `unknown classic BPF opcode 0x${code.toString(16)}`, { insn: pc });
  return new Function('ERR', 'BAD', src)(ERR, BAD) as ClassicFn;
}
