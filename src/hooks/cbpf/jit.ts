/**
 * Classic BPF compiled to a JavaScript function (the engine `cbpf-jit`): one `case` per
 * instruction in a loop over a `switch (pc)`, so V8 compiles the filter to machine code.
 * Same semantics as interpreter.ts (which stays the reference); the tests run both.
 */
import { BpfError } from '../../isa/errors.js';
import * as c from './opcodes.js';
import type { SockFilter } from './program.js';
import { runClassic, type ClassicAux } from './interpreter.js';
import { unrollClassic } from './loops.js';

export type ClassicFn = (pkt: Uint8Array, wirelen: number, aux?: ClassicAux) => number;
/** the same filter on a packet held at buf[start .. start + caplen) (no view needed) */
export type ClassicSliceFn = (buf: Uint8Array, start: number, caplen: number, wirelen: number) => number;

const SZ: Record<number, number> = { [c.BPF_W]: 4, [c.BPF_H]: 2, [c.BPF_B]: 1 };

function load(size: number, o: string): string {
  if (size === 1) return `p[b + ${o}]`;
  if (size === 2) return `((p[b + ${o}] << 8) | p[b + ${o} + 1])`;
  return `(((p[b + ${o}] << 24) | (p[b + ${o} + 1] << 16) | (p[b + ${o} + 2] << 8) | p[b + ${o} + 3]) >>> 0)`;
}

export function compileClassicJs(prog: SockFilter[]): ClassicFn {
  const f = compileClassicJsSlice(prog);
  return f.special ?? ((pkt, wirelen) => f.fn(pkt, 0, pkt.length, wirelen));
}

export function compileClassicJsSlice(source: SockFilter[]): { fn: ClassicSliceFn; special?: ClassicFn } {
  // backward jumps (libpcap's protochain loop) are unrolled, bounded as the interpreter bounds them
  const prog = unrollClassic(source);
  const n = prog.length;
  // a program with negative-offset or ancillary loads, or wild jumps, runs on the interpreter
  const special = prog.some((i, pc) => {
    const cls = c.BPF_CLASS(i.code);
    if (cls === c.BPF_LD && (c.BPF_MODE(i.code) === c.BPF_ABS) && (i.k | 0) < 0) return true;
    if (i.code === (c.BPF_JMP | c.BPF_JA) && (pc + 1 + (i.k | 0) <= pc || pc + 1 + (i.k | 0) > n)) return true;
    return false;
  });
  const body: string[] = [];
  // every jump is forward: a jump to t is `break L<t>` out of a labelled block that closes just
  // before instruction t (all blocks open at the top, innermost = nearest target)
  const targets = new Set<number>();
  const tgt = (t: number): string => {
    targets.add(t);
    return t < n ? `break L${t};` : `throw ERR(${t});`;
  };
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
      case c.BPF_LDX | c.BPF_MSH | c.BPF_B: s = `if (${k} >= len) return 0; X = (p[b + ${k}] & 15) << 2;`; break;
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
    body.push(`${s}`);
  }
  if (special) {
    const sp: ClassicFn = (pkt, wirelen, aux) => runClassic(source, pkt, { wirelen, ...(aux ? { aux } : {}) });
    return { fn: (buf, start, caplen, wirelen) => sp(buf.subarray(start, start + caplen), wirelen), special: sp };
  }
  const sorted = [...targets].filter((t) => t < n).sort((a, b) => b - a);
  const lines: string[] = sorted.map((t) => `L${t}: {`);
  body.forEach((line, pc) => {
    if (targets.has(pc)) lines.push('}');
    lines.push(line);
  });
  const usesMem = prog.some((i) => i.code === c.BPF_ST || i.code === c.BPF_STX || i.code === (c.BPF_LD | c.BPF_MEM) || i.code === (c.BPF_LDX | c.BPF_MEM));
  const src = `const M = new Uint32Array(16);
return function classicFilter(p, b, len, wirelen) {
  ${usesMem ? 'M.fill(0); ' : ''}let A = 0, X = 0, o = 0;
${lines.join('\n')}
  throw ERR(${n});
};`;
  const ERR = (pc: number) => new BpfError('EINVAL', 'classic program falls off its end', { insn: pc });
  const BAD = (pc: number, code: number) => new BpfError('EINVAL', `unknown classic BPF opcode 0x${code.toString(16)}`, { insn: pc });
  return { fn: new Function('ERR', 'BAD', src)(ERR, BAD) as ClassicSliceFn };
}
