/**
 * The three dump formats of `tcpdump -d`, `-dd` and `-ddd` (libpcap's bpf_image.c and
 * bpf_dump.c), printed byte for byte as libpcap prints them, and read back.
 */
import { BpfError } from '../../isa/errors.js';
import * as c from './opcodes.js';
import type { SockFilter } from './program.js';

const hex = (k: number): string => `0x${(k >>> 0).toString(16)}`;
const dec = (k: number): string => String(k | 0); // libpcap prints k with %d

/** libpcap's bpf_image(): the operator and operand of one instruction */
function image(p: SockFilter, n: number): [string, string] {
  const k = p.k >>> 0;
  switch (p.code) {
    case c.BPF_RET | c.BPF_K: return ['ret', `#${dec(k)}`];
    case c.BPF_RET | c.BPF_A: return ['ret', ''];
    case c.BPF_LD | c.BPF_W | c.BPF_ABS: return ['ld', `[${dec(k)}]`];
    case c.BPF_LD | c.BPF_H | c.BPF_ABS: return ['ldh', `[${dec(k)}]`];
    case c.BPF_LD | c.BPF_B | c.BPF_ABS: return ['ldb', `[${dec(k)}]`];
    case c.BPF_LD | c.BPF_W | c.BPF_LEN: return ['ld', '#pktlen'];
    case c.BPF_LD | c.BPF_W | c.BPF_IND: return ['ld', `[x + ${dec(k)}]`];
    case c.BPF_LD | c.BPF_H | c.BPF_IND: return ['ldh', `[x + ${dec(k)}]`];
    case c.BPF_LD | c.BPF_B | c.BPF_IND: return ['ldb', `[x + ${dec(k)}]`];
    case c.BPF_LD | c.BPF_IMM: return ['ld', `#${hex(k)}`];
    case c.BPF_LDX | c.BPF_IMM: return ['ldx', `#${hex(k)}`];
    case c.BPF_LDX | c.BPF_MSH | c.BPF_B: return ['ldxb', `4*([${dec(k)}]&0xf)`];
    case c.BPF_LD | c.BPF_MEM: return ['ld', `M[${dec(k)}]`];
    case c.BPF_LDX | c.BPF_MEM: return ['ldx', `M[${dec(k)}]`];
    case c.BPF_ST: return ['st', `M[${dec(k)}]`];
    case c.BPF_STX: return ['stx', `M[${dec(k)}]`];
    case c.BPF_JMP | c.BPF_JA: return ['ja', dec(n + 1 + k)];
    case c.BPF_JMP | c.BPF_JGT | c.BPF_K: return ['jgt', `#${hex(k)}`];
    case c.BPF_JMP | c.BPF_JGE | c.BPF_K: return ['jge', `#${hex(k)}`];
    case c.BPF_JMP | c.BPF_JEQ | c.BPF_K: return ['jeq', `#${hex(k)}`];
    case c.BPF_JMP | c.BPF_JSET | c.BPF_K: return ['jset', `#${hex(k)}`];
    case c.BPF_JMP | c.BPF_JGT | c.BPF_X: return ['jgt', 'x'];
    case c.BPF_JMP | c.BPF_JGE | c.BPF_X: return ['jge', 'x'];
    case c.BPF_JMP | c.BPF_JEQ | c.BPF_X: return ['jeq', 'x'];
    case c.BPF_JMP | c.BPF_JSET | c.BPF_X: return ['jset', 'x'];
    case c.BPF_ALU | c.BPF_ADD | c.BPF_X: return ['add', 'x'];
    case c.BPF_ALU | c.BPF_SUB | c.BPF_X: return ['sub', 'x'];
    case c.BPF_ALU | c.BPF_MUL | c.BPF_X: return ['mul', 'x'];
    case c.BPF_ALU | c.BPF_DIV | c.BPF_X: return ['div', 'x'];
    case c.BPF_ALU | c.BPF_MOD | c.BPF_X: return ['mod', 'x'];
    case c.BPF_ALU | c.BPF_AND | c.BPF_X: return ['and', 'x'];
    case c.BPF_ALU | c.BPF_OR | c.BPF_X: return ['or', 'x'];
    case c.BPF_ALU | c.BPF_XOR | c.BPF_X: return ['xor', 'x'];
    case c.BPF_ALU | c.BPF_LSH | c.BPF_X: return ['lsh', 'x'];
    case c.BPF_ALU | c.BPF_RSH | c.BPF_X: return ['rsh', 'x'];
    case c.BPF_ALU | c.BPF_ADD | c.BPF_K: return ['add', `#${dec(k)}`];
    case c.BPF_ALU | c.BPF_SUB | c.BPF_K: return ['sub', `#${dec(k)}`];
    case c.BPF_ALU | c.BPF_MUL | c.BPF_K: return ['mul', `#${dec(k)}`];
    case c.BPF_ALU | c.BPF_DIV | c.BPF_K: return ['div', `#${dec(k)}`];
    case c.BPF_ALU | c.BPF_MOD | c.BPF_K: return ['mod', `#${dec(k)}`];
    case c.BPF_ALU | c.BPF_AND | c.BPF_K: return ['and', `#${hex(k)}`];
    case c.BPF_ALU | c.BPF_OR | c.BPF_K: return ['or', `#${hex(k)}`];
    case c.BPF_ALU | c.BPF_XOR | c.BPF_K: return ['xor', `#${hex(k)}`];
    case c.BPF_ALU | c.BPF_LSH | c.BPF_K: return ['lsh', `#${dec(k)}`];
    case c.BPF_ALU | c.BPF_RSH | c.BPF_K: return ['rsh', `#${dec(k)}`];
    case c.BPF_ALU | c.BPF_NEG: return ['neg', ''];
    case c.BPF_MISC | c.BPF_TAX: return ['tax', ''];
    case c.BPF_MISC | c.BPF_TXA: return ['txa', ''];
    default: return ['unimp', hex(p.code)];
  }
}

/** one line of `tcpdump -d` */
export function formatInsn(p: SockFilter, n: number): string {
  const [op, operand] = image(p, n);
  const idx = String(n).padStart(3, '0');
  if (c.BPF_CLASS(p.code) === c.BPF_JMP && c.BPF_OP(p.code) !== c.BPF_JA) {
    return `(${idx}) ${op.padEnd(8)} ${operand.padEnd(16)} jt ${n + 1 + p.jt}\tjf ${n + 1 + p.jf}`;
  }
  return `(${idx}) ${op.padEnd(8)} ${operand}`;
}

export type DumpFormat = 'd' | 'dd' | 'ddd';

/** the whole output of tcpdump -d / -dd / -ddd (each line ends with a newline) */
export function formatClassic(prog: SockFilter[], fmt: DumpFormat = 'd'): string {
  if (fmt === 'ddd') return `${prog.length}\n` + prog.map((i) => `${i.code} ${i.jt} ${i.jf} ${i.k >>> 0}\n`).join('');
  if (fmt === 'dd') return prog.map((i) => `{ 0x${i.code.toString(16)}, ${i.jt}, ${i.jf}, 0x${(i.k >>> 0).toString(16).padStart(8, '0')} },\n`).join('');
  return prog.map((i, n) => formatInsn(i, n) + '\n').join('');
}

// --- reading ---

/** mnemonic+operand-shape → opcode, the inverse of image() */
const BY_IMAGE = new Map<string, number>();
{
  const shape = (op: string, operand: string): string => `${op} ${operand.replace(/0x[0-9a-f]+|-?\d+/g, 'N')}`;
  for (let code = 0; code < 0x100; code++) {
    const [op, operand] = image({ code, jt: 0, jf: 0, k: 0 }, 0);
    if (op !== 'unimp') BY_IMAGE.set(shape(op, operand), code);
  }
  (BY_IMAGE as Map<string, number> & { shape?: typeof shape }).shape = shape;
}

function parseNum(s: string, where: { line: number; column?: number }): number {
  const v = /^-?0x/i.test(s) ? (s.startsWith('-') ? -parseInt(s.slice(3), 16) : parseInt(s, 16)) : parseInt(s, 10);
  if (!Number.isFinite(v)) throw new BpfError('EINVAL', `bad number '${s}'`, where);
  return v;
}

/** read any of the three formats back (detected from the text) */
export function parseClassic(text: string): SockFilter[] {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  while (lines.length && lines[lines.length - 1]!.trim() === '') lines.pop();
  const first = lines.findIndex((l) => l.trim() !== '');
  if (first < 0) throw new BpfError('EINVAL', 'empty classic BPF program text');
  const head = lines[first]!.trim();
  if (head.startsWith('(')) return parseD(lines);
  if (head.startsWith('{')) return parseDD(lines);
  return parseDDD(lines, first);
}

function parseDDD(lines: string[], first: number): SockFilter[] {
  const n = parseNum(lines[first]!.trim(), { line: first + 1 });
  const out: SockFilter[] = [];
  for (let i = first + 1; i < lines.length; i++) {
    const t = lines[i]!.trim();
    if (t === '') continue;
    const f = t.split(/[\s,]+/);
    if (f.length !== 4) throw new BpfError('EINVAL', `expected 'code jt jf k', got '${t}'`, { line: i + 1 });
    const [code, jt, jf, k] = f.map((x) => parseNum(x, { line: i + 1 })) as [number, number, number, number];
    out.push(checked(code, jt, jf, k, i + 1));
  }
  if (out.length !== n) throw new BpfError('EINVAL', `the count line says ${n} instructions, ${out.length} follow`, { line: first + 1 });
  return out;
}

function checked(code: number, jt: number, jf: number, k: number, line: number): SockFilter {
  if (code < 0 || code > 0xffff || jt < 0 || jt > 255 || jf < 0 || jf > 255 || k < -0x80000000 || k > 0xffffffff) {
    throw new BpfError('EINVAL', `instruction field out of range (code ${code}, jt ${jt}, jf ${jf}, k ${k})`, { line });
  }
  return { code, jt, jf, k: k >>> 0 };
}

function parseDD(lines: string[]): SockFilter[] {
  const out: SockFilter[] = [];
  lines.forEach((l, i) => {
    const t = l.trim();
    if (t === '') return;
    const m = /^\{\s*(\S+?)\s*,\s*(\S+?)\s*,\s*(\S+?)\s*,\s*(\S+?)\s*\},?$/.exec(t);
    if (!m) throw new BpfError('EINVAL', `expected '{ code, jt, jf, k },', got '${t}'`, { line: i + 1 });
    const [code, jt, jf, k] = m.slice(1).map((x) => parseNum(x, { line: i + 1 })) as [number, number, number, number];
    out.push(checked(code, jt, jf, k, i + 1));
  });
  return out;
}

function parseD(lines: string[]): SockFilter[] {
  const shape = (BY_IMAGE as Map<string, number> & { shape: (a: string, b: string) => string }).shape;
  const out: SockFilter[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.trim() === '') continue;
    const where = { line: i + 1 };
    const m = /^\((\d+)\)\s+(\S+)\s*(.*?)\s*$/.exec(l);
    if (!m) throw new BpfError('EINVAL', `expected '(NNN) op operand', got '${l}'`, where);
    const n = parseInt(m[1]!, 10);
    if (n !== out.length) throw new BpfError('EINVAL', `instruction number ${n} out of sequence (expected ${out.length})`, where);
    const op = m[2]!;
    let operand = m[3]!;
    let jt = 0;
    let jf = 0;
    const j = /^(.*?)\s*jt (\d+)\s+jf (\d+)$/.exec(operand);
    if (j) {
      operand = j[1]!;
      jt = parseInt(j[2]!, 10) - n - 1;
      jf = parseInt(j[3]!, 10) - n - 1;
      if (jt < 0 || jt > 255 || jf < 0 || jf > 255) throw new BpfError('EINVAL', 'jump target out of range', where);
    }
    if (op === 'unimp') {
      out.push({ code: parseNum(operand, where), jt, jf, k: 0 });
      continue;
    }
    const code = BY_IMAGE.get(shape(op, operand));
    if (code === undefined) throw new BpfError('EINVAL', `unknown instruction '${op} ${operand}'`, where);
    const nums = operand === '#pktlen' ? [] : (operand.match(/-?0x[0-9a-f]+|-?\d+/gi) ?? []);
    // 4*([k]&0xf): the k is the second number
    let k = nums.length ? parseNum(code === (c.BPF_LDX | c.BPF_MSH | c.BPF_B) ? nums[1]! : nums[0]!, where) : 0;
    if (code === (c.BPF_JMP | c.BPF_JA)) k = k - n - 1;
    out.push(checked(code, jt, jf, k, i + 1));
  }
  return out;
}
