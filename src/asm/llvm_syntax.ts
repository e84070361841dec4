/**
 * One instruction in the `llvm` dialect: the syntax of clang -S and llvm-objdump (LLVM's
 * lib/Target/BPF/BPFInstrInfo.td asm strings), and, with `style: 'kernel'`, the verifier-log
 * form of kernel/bpf/disasm.c print_bpf_insn (`(61) r0 = *(u32 *)(r1 +4)`).
 *
 * Printing covers every RFC 9669 opcode and every lddw pseudo source. Where LLVM has no
 * spelling (lddw pseudo sources, local calls, kfunc calls, LD_IND with an offset) the forms
 * of bpftool and the kernel log are used: `map[id:N]`, `map[id:N][0]+OFF`, `map[idx:N]`,
 * `map[idx:N]+OFF`, `btf_id[N]`, `subprog[+N]`, `call pc+N`, `call kfunc#N`, `skb[r1 + N]`.
 */
import { BpfError } from '../isa/errors.js';
import { helperId, helperName } from '../isa/helper_ids.js';
import { type Instruction, LDDW, lddwValue } from '../isa/instruction.js';
import * as op from '../isa/opcodes.js';
import { checkInstruction } from '../isa/validate.js';

export type Style = 'llvm' | 'kernel';

export interface FormatOptions {
  style?: Style;
  /** llvm style: text to append to a jump's target (llvm-objdump's ` <func+0x10>`), by target slot */
  annotate?: (targetSlot: number) => string | undefined;
  /** slot index of this instruction (needed for `annotate`) */
  pc?: number;
  /** print helper calls by name (`call bpf_map_lookup_elem`) instead of llvm-objdump's `call 0x1` */
  helperNames?: boolean;
}

const ALU_OPS: Record<number, string> = {
  [op.BPF_ADD]: '+=', [op.BPF_SUB]: '-=', [op.BPF_MUL]: '*=', [op.BPF_DIV]: '/=',
  [op.BPF_OR]: '|=', [op.BPF_AND]: '&=', [op.BPF_LSH]: '<<=', [op.BPF_RSH]: '>>=',
  [op.BPF_MOD]: '%=', [op.BPF_XOR]: '^=', [op.BPF_MOV]: '=', [op.BPF_ARSH]: 's>>=',
};
const JMP_OPS: Record<number, string> = {
  [op.BPF_JEQ]: '==', [op.BPF_JGT]: '>', [op.BPF_JGE]: '>=', [op.BPF_JSET]: '&',
  [op.BPF_JNE]: '!=', [op.BPF_JSGT]: 's>', [op.BPF_JSGE]: 's>=', [op.BPF_JLT]: '<',
  [op.BPF_JLE]: '<=', [op.BPF_JSLT]: 's<', [op.BPF_JSLE]: 's<=',
};
const ATOMIC_NAMES: Record<number, string> = { [op.BPF_ADD]: 'add', [op.BPF_OR]: 'or', [op.BPF_AND]: 'and', [op.BPF_XOR]: 'xor' };
const SIZE_NAMES: Record<number, string> = { [op.BPF_W]: 'u32', [op.BPF_H]: 'u16', [op.BPF_B]: 'u8', [op.BPF_DW]: 'u64' };
const SX_NAMES: Record<number, string> = { [op.BPF_W]: 's32', [op.BPF_H]: 's16', [op.BPF_B]: 's8' };

/** llvm-objdump's immediate: signed hex */
export function hexs(n: number | bigint): string {
  if (typeof n === 'bigint') return n < 0n ? '-0x' + (-n).toString(16) : '0x' + n.toString(16);
  return n < 0 ? '-0x' + (-n).toString(16) : '0x' + n.toString(16);
}
/** the kernel's `%+d` */
const plusd = (n: number): string => (n < 0 ? String(n) : '+' + n);

/**
 * The text of one instruction (no address, no opcode prefix). Instructions the kernel would
 * reject as malformed print as `.quad 0x...` (their raw slot), which still assembles back.
 */
export function formatInstruction(i: Instruction, opts: FormatOptions = {}): string {
  const kernel = opts.style === 'kernel';
  const ext = extensionText(i, kernel, opts);
  if (ext !== undefined) return ext;
  if (checkInstruction(i) !== null) return rawQuad(i);
  const cls = i.code & 7;
  const o = i.code & 0xf0;
  const x = (i.code & op.BPF_X) !== 0;
  const num = (n: number): string => (kernel ? String(n) : hexs(n));
  const mem = (reg: number, off: number): string => (kernel ? `(r${reg} ${plusd(off)})` : `(r${reg} ${off < 0 ? '-' : '+'} ${hexs(Math.abs(off))})`);
  const target = (rel: number): string => {
    if (kernel) return 'pc' + plusd(rel);
    const t = (rel < 0 ? '-' : '+') + hexs(Math.abs(rel));
    const a = opts.annotate && opts.pc !== undefined ? opts.annotate(opts.pc + rel + 1) : undefined;
    return a ? `${t} ${a}` : t;
  };
  switch (cls) {
    case op.BPF_ALU:
    case op.BPF_ALU64: {
      const w = cls === op.BPF_ALU ? 'w' : 'r';
      const d = w + i.dst;
      if (o === op.BPF_END) {
        if (cls === op.BPF_ALU64) return `r${i.dst} = bswap${i.imm} r${i.dst}`;
        return `r${i.dst} = ${x ? 'be' : 'le'}${i.imm} r${i.dst}`;
      }
      if (o === op.BPF_NEG) return `${d} = -${d}`;
      let sym = ALU_OPS[o]!;
      if ((o === op.BPF_DIV || o === op.BPF_MOD) && i.off === 1) sym = o === op.BPF_DIV ? 's/=' : 's%=';
      if (x) {
        const sx = o === op.BPF_MOV && i.off !== 0 ? `(s${i.off})` : '';
        return `${d} ${sym} ${sx}${w}${i.src}`;
      }
      return `${d} ${sym} ${num(i.imm)}`;
    }
    case op.BPF_LDX: {
      const sx = (i.code & 0xe0) === op.BPF_MEMSX;
      const sz = i.code & 0x18;
      const d = !kernel && !sx && sz !== op.BPF_DW ? 'w' : 'r';
      return `${d}${i.dst} = *(${(sx ? SX_NAMES : SIZE_NAMES)[sz]} *)${mem(i.src, i.off)}`;
    }
    case op.BPF_ST:
      return `*(${SIZE_NAMES[i.code & 0x18]} *)${mem(i.dst, i.off)} = ${num(i.imm)}`;
    case op.BPF_STX: {
      const sz = i.code & 0x18;
      const ty = SIZE_NAMES[sz]!;
      if ((i.code & 0xe0) === op.BPF_MEM) {
        const s = !kernel && sz !== op.BPF_DW ? 'w' : 'r';
        return `*(${ty} *)${mem(i.dst, i.off)} = ${s}${i.src}`;
      }
      // BPF_ATOMIC (RFC 9669 §5.3)
      const w = !kernel && sz === op.BPF_W ? 'w' : 'r';
      const s = w + i.src;
      const a = i.imm;
      if (kernel) {
        const b = sz === op.BPF_DW ? '64' : '';
        const m = `(${ty} *)${mem(i.dst, i.off)}`;
        if (a === op.BPF_CMPXCHG) return `r0 = atomic${b}_cmpxchg(${m}, r0, r${i.src})`;
        if (a === op.BPF_XCHG) return `r${i.src} = atomic${b}_xchg(${m}, r${i.src})`;
        if (a & op.BPF_FETCH) return `r${i.src} = atomic${b}_fetch_${ATOMIC_NAMES[a & 0xf0]}(${m}, r${i.src})`;
        return `lock *${m} ${ALU_OPS[a]} r${i.src}`;
      }
      const m = `r${i.dst} ${i.off < 0 ? '-' : '+'} ${hexs(Math.abs(i.off))}`;
      const bits = sz === op.BPF_DW ? '_64' : '32_32';
      if (a === op.BPF_CMPXCHG) return `${w}0 = cmpxchg${bits}(${m}, ${w}0, ${s})`;
      if (a === op.BPF_XCHG) return `${s} = xchg${bits}(${m}, ${s})`;
      if (a & op.BPF_FETCH) return `${s} = atomic_fetch_${ATOMIC_NAMES[a & 0xf0]}((${ty} *)(${m}), ${s})`;
      return `lock *(${ty} *)(${m}) ${ALU_OPS[a]} ${s}`;
    }
    case op.BPF_LD: {
      if (i.code === LDDW) {
        const ll = kernel ? '' : ' ll';
        return `r${i.dst} = ${pseudoText(i, kernel)}${ll}`;
      }
      const ty = SIZE_NAMES[i.code & 0x18];
      if ((i.code & 0xe0) === op.BPF_ABS) return `r0 = *(${ty} *)skb[${num(i.imm)}]`;
      if (kernel || i.imm !== 0) return `r0 = *(${ty} *)skb[r${i.src} ${i.imm < 0 && !kernel ? '-' : '+'} ${kernel ? i.imm : hexs(Math.abs(i.imm))}]`;
      return `r0 = *(${ty} *)skb[r${i.src}]`;
    }
    case op.BPF_JMP:
    case op.BPF_JMP32: {
      if (o === op.BPF_EXIT) return 'exit';
      if (o === op.BPF_CALL) {
        if (x) return `callx r${i.dst}`;
        if (i.src === op.BPF_PSEUDO_CALL) return kernel ? `call pc${plusd(i.imm)}` : `call pc${i.imm < 0 ? '-' : '+'}${hexs(Math.abs(i.imm))}`;
        if (i.src === op.BPF_PSEUDO_KFUNC_CALL) return kernel ? `call kernel-function#${i.imm}` : `call kfunc#${i.imm}`;
        if (kernel) return `call ${helperName(i.imm) ?? 'unknown'}#${i.imm}`;
        const name = opts.helperNames ? helperName(i.imm) : undefined;
        return name && i.imm !== 0 ? `call ${name}` : `call ${hexs(i.imm)}`;
      }
      if (o === op.BPF_JA) return cls === op.BPF_JMP32 ? `gotol ${target(i.imm)}` : `goto ${target(i.off)}`;
      const w = cls === op.BPF_JMP32 ? 'w' : 'r';
      const rhs = x ? `${w}${i.src}` : kernel ? '0x' + (i.imm >>> 0).toString(16) : hexs(i.imm);
      return `if ${w}${i.dst} ${JMP_OPS[o]} ${rhs} goto ${target(i.off)}`;
    }
  }
  return rawQuad(i);
}

/** BPF_JMP | BPF_JCOND (uapi bpf.h): may_goto, with src_reg BPF_MAY_GOTO = 0 */
export const BPF_MAY_GOTO_CODE = op.BPF_JMP | 0xe0;
/** BPF_ALU64 | BPF_MOV | BPF_X with off = BPF_ADDR_SPACE_CAST (1) */
export const BPF_ADDR_SPACE_CAST = op.BPF_ADDR_SPACE_CAST;

/**
 * Two kernel instructions beyond RFC 9669 that clang-19 emits (kernel/bpf/disasm.c prints them):
 * `may_goto` (bounded loops, Linux 6.9) and `addr_space_cast` (arena pointers, Linux 6.9).
 */
function extensionText(i: Instruction, kernel: boolean, opts: FormatOptions): string | undefined {
  if (i.code === BPF_MAY_GOTO_CODE && i.src === 0 && i.dst === 0 && i.imm === 0) {
    if (kernel) return `may_goto pc${plusd(i.off)}`;
    const t = (i.off < 0 ? '-' : '+') + hexs(Math.abs(i.off));
    const a = opts.annotate && opts.pc !== undefined ? opts.annotate(opts.pc + i.off + 1) : undefined;
    return `may_goto ${a ? `${t} ${a}` : t}`;
  }
  if (i.code === (op.BPF_ALU64 | op.BPF_MOV | op.BPF_X) && i.off === BPF_ADDR_SPACE_CAST && i.dst <= 10 && i.src <= 10) {
    const hi = i.imm >>> 16;
    const lo = i.imm & 0xffff;
    return kernel ? `r${i.dst} = addr_space_cast(r${i.src}, ${hi}, ${lo})` : `r${i.dst} = addr_space_cast(r${i.src}, ${hexs(hi)}, ${hexs(lo)})`;
  }
  return undefined;
}

/** lddw operand: a 64-bit value, or the bpftool/kernel-log spelling of a pseudo source */
function pseudoText(i: Instruction, kernel: boolean): string {
  const id = i.imm >>> 0;
  const off = i.imm2 >>> 0;
  switch (i.src) {
    case 0: {
      const v = lddwValue(i);
      return kernel ? '0x' + v.toString(16) : hexs(BigInt.asIntN(64, v));
    }
    case op.BPF_PSEUDO_MAP_FD: return off ? `map[id:${id}][imm2:${off}]` : `map[id:${id}]`;
    case op.BPF_PSEUDO_MAP_VALUE: return `map[id:${id}][0]+${off}`;
    case op.BPF_PSEUDO_BTF_ID: return off ? `btf_id[${id}][btf_fd:${off}]` : `btf_id[${id}]`;
    case op.BPF_PSEUDO_FUNC: return off ? `subprog[${plusd(i.imm)}][imm2:${off}]` : `subprog[${plusd(i.imm)}]`;
    case op.BPF_PSEUDO_MAP_IDX: return off ? `map[idx:${id}][imm2:${off}]` : `map[idx:${id}]`;
    default: return `map[idx:${id}]+${off}`; // BPF_PSEUDO_MAP_IDX_VALUE
  }
}

/** the raw slot(s) as `.quad` data: what an assembler reproduces byte for byte */
function rawQuad(i: Instruction): string {
  const w = (BigInt(i.imm >>> 0) << 32n) | (BigInt(i.off & 0xffff) << 16n) | (BigInt(((i.src & 0xf) << 4) | (i.dst & 0xf)) << 8n) | BigInt(i.code);
  let s = `.quad 0x${w.toString(16).padStart(16, '0')}`;
  if (i.code === LDDW) s += `, 0x${(BigInt(i.imm2 >>> 0) << 32n).toString(16).padStart(16, '0')}`;
  return s;
}

// ---------------------------------------------------------------------------------------
// Parsing

/** a symbolic operand the statement parser leaves to the assembler */
export interface SymbolRef {
  kind: 'jump' | 'call' | 'lddw';
  name: string;
  addend: number;
  /** 0-based column of the name in the line */
  column: number;
}

export interface ParsedInstruction {
  insn: Instruction;
  ref?: SymbolRef;
  /** `.quad` raw data rather than an instruction */
  raw?: boolean;
}

export interface ParseContext {
  line?: number;
  file?: string;
  /** 0-based column of `text` in its line (for error positions) */
  column?: number;
}

const NUM = String.raw`(?:0x[0-9a-fA-F]+|\d+)`;
const SNUM = String.raw`[+-]?\s*${NUM}`;
const REG = String.raw`[rw]\d+`;
const SYM = String.raw`[A-Za-z_.$][\w.$@]*`;
const MEMRE = String.raw`\(\s*(?<base>${REG})\s*(?<osign>[+-])\s*(?<off>${NUM})\s*\)`;

class Ctx {
  constructor(readonly text: string, readonly c: ParseContext) {}
  fail(msg: string, col = 0): never {
    throw new BpfError('EINVAL', msg, { file: this.c.file, line: this.c.line, column: (this.c.column ?? 0) + col + 1 });
  }
  /** position of a named group in the match (needs the `d` flag) */
  col(m: RegExpExecArray, g: string): number {
    const ix = (m as RegExpExecArray & { indices?: { groups?: Record<string, [number, number] | undefined> } }).indices?.groups?.[g];
    return ix ? ix[0] : 0;
  }
  reg(m: RegExpExecArray, g: string, width?: 'r' | 'w' | 'any'): number {
    const t = m.groups![g]!;
    const n = Number(t.slice(1));
    if (!(n >= 0 && n <= 10) || t.length > 3) this.fail(`invalid register ${t}`, this.col(m, g));
    if (width && width !== 'any' && t[0] !== width) this.fail(`register ${t} must be a ${width === 'w' ? '32-bit w' : '64-bit r'} register here`, this.col(m, g));
    return n;
  }
  /** an integer in [lo, hi] (wrapping values above the signed range to negative, as LLVM does) */
  int(m: RegExpExecArray, g: string, bits: 16 | 32, what: string, signed = true): number {
    const t = m.groups![g]!.replace(/\s+/g, '');
    const v = parseBig(t);
    const lo = -(1n << BigInt(bits - 1));
    const hi = signed && bits === 16 ? (1n << 15n) - 1n : (1n << BigInt(bits)) - 1n;
    if (v === undefined || v < lo || v > hi) this.fail(`${what} ${t} is out of range for a ${bits}-bit field`, this.col(m, g));
    return Number(BigInt.asIntN(bits, v));
  }
  offset(m: RegExpExecArray): number {
    const v = parseBig(m.groups!.off!);
    const s = m.groups!.osign === '-' ? -1n : 1n;
    const n = v === undefined ? undefined : s * v;
    if (n === undefined || n < -32768n || n > 32767n) this.fail(`offset ${m.groups!.osign}${m.groups!.off} is out of range for a 16-bit field`, this.col(m, 'off'));
    return Number(n);
  }
}

export function parseBig(t: string): bigint | undefined {
  const s = t.replace(/\s+/g, '');
  const mm = /^([+-]?)(0x[0-9a-fA-F]+|\d+)$/.exec(s);
  if (!mm) return undefined;
  const v = BigInt(mm[2]!);
  return mm[1] === '-' ? -v : v;
}

const SIZE_BY_NAME: Record<string, number> = { u8: op.BPF_B, u16: op.BPF_H, u32: op.BPF_W, u64: op.BPF_DW };
const SX_BY_NAME: Record<string, number> = { s8: op.BPF_B, s16: op.BPF_H, s32: op.BPF_W };
const ALU_BY_SYM: Record<string, [number, number]> = {
  '+=': [op.BPF_ADD, 0], '-=': [op.BPF_SUB, 0], '*=': [op.BPF_MUL, 0], '/=': [op.BPF_DIV, 0],
  '|=': [op.BPF_OR, 0], '&=': [op.BPF_AND, 0], '<<=': [op.BPF_LSH, 0], '>>=': [op.BPF_RSH, 0],
  '%=': [op.BPF_MOD, 0], '^=': [op.BPF_XOR, 0], '=': [op.BPF_MOV, 0], 's>>=': [op.BPF_ARSH, 0],
  's/=': [op.BPF_DIV, 1], 's%=': [op.BPF_MOD, 1],
};
const JMP_BY_SYM: Record<string, number> = Object.fromEntries(Object.entries(JMP_OPS).map(([k, v]) => [v, Number(k)]));
const ATOMIC_BY_SYM: Record<string, number> = { '+=': op.BPF_ADD, '|=': op.BPF_OR, '&=': op.BPF_AND, '^=': op.BPF_XOR };
const ATOMIC_BY_NAME: Record<string, number> = { add: op.BPF_ADD, or: op.BPF_OR, and: op.BPF_AND, xor: op.BPF_XOR };

const RE = {
  exit: /^exit$/,
  callx: new RegExp(String.raw`^callx\s+(?<r>${REG})$`, 'd'),
  callPc: new RegExp(String.raw`^call\s+pc\s*(?<imm>[+-]\s*${NUM})$`, 'd'),
  callKfunc: new RegExp(String.raw`^call\s+(?:kfunc|kernel-function)#(?<imm>-?${NUM})$`, 'd'),
  callNamed: new RegExp(String.raw`^call\s+(?<name>${SYM})#(?<imm>-?${NUM})$`, 'd'),
  callNum: new RegExp(String.raw`^call\s+(?<imm>${SNUM})$`, 'd'),
  callSym: new RegExp(String.raw`^call\s+(?<name>${SYM})(?:\s*(?<add>[+-]\s*${NUM}))?$`, 'd'),
  goto: new RegExp(String.raw`^(?<g>goto|gotol|ja|may_goto)\s+(?<t>.+)$`, 'd'),
  jcond: new RegExp(String.raw`^if\s+(?<d>${REG})\s*(?<op>s?[<>]=?|==|!=|&)\s*(?:(?<s>${REG})|(?<imm>${SNUM}))\s+goto\s+(?<t>.+)$`, 'd'),
  lock: new RegExp(String.raw`^lock\s+\*\s*\(\s*(?<ty>u32|u64)\s*\*\s*\)\s*${MEMRE}\s*(?<op>\+=|\|=|&=|\^=)\s*(?<s>${REG})$`, 'd'),
  store: new RegExp(String.raw`^\*\s*\(\s*(?<ty>u8|u16|u32|u64)\s*\*\s*\)\s*${MEMRE}\s*=\s*(?:(?<s>${REG})|(?<imm>${SNUM}))$`, 'd'),
  assign: new RegExp(String.raw`^(?<d>${REG})\s*(?<op>s>>=|s/=|s%=|<<=|>>=|[-+*/%|&^]=|=)\s*(?<rhs>.*)$`, 'd'),
};

/** the parts after `rD =`: each matched against the right-hand side */
const RHS = {
  reg: new RegExp(String.raw`^(?<s>${REG})$`, 'd'),
  neg: new RegExp(String.raw`^-\s*(?<s>${REG})$`, 'd'),
  asCast: new RegExp(String.raw`^addr_space_cast\s*\(\s*(?<s>${REG})\s*,\s*(?<hi>${NUM})\s*,\s*(?<lo>${NUM})\s*\)$`, 'd'),
  movsx: new RegExp(String.raw`^\(\s*s(?<bits>8|16|32)\s*\)\s*(?<s>${REG})$`, 'd'),
  imm: new RegExp(String.raw`^(?<imm>${SNUM})$`, 'd'),
  end: new RegExp(String.raw`^(?<k>be|le|bswap)(?<bits>16|32|64)\s+(?<s>${REG})$`, 'd'),
  ldx: new RegExp(String.raw`^\*\s*\(\s*(?<ty>[us](?:8|16|32|64))\s*\*\s*\)\s*${MEMRE}$`, 'd'),
  skb: new RegExp(String.raw`^\*\s*\(\s*(?<ty>u8|u16|u32|u64)\s*\*\s*\)\s*skb\s*\[\s*(?:(?<s>${REG})\s*(?:(?<isign>[+-])\s*(?<iimm>${SNUM}))?|(?<imm>${SNUM}))\s*\]$`, 'd'),
  fetch: new RegExp(String.raw`^atomic(?<b>64)?_fetch_(?<name>add|or|and|xor)\s*\(\s*\(\s*(?<ty>u32|u64)\s*\*\s*\)\s*${MEMRE}\s*,\s*(?<s>${REG})\s*\)$`, 'd'),
  xchgK: new RegExp(String.raw`^atomic(?<b>64)?_xchg\s*\(\s*\(\s*(?<ty>u32|u64)\s*\*\s*\)\s*${MEMRE}\s*,\s*(?<s>${REG})\s*\)$`, 'd'),
  cmpxchgK: new RegExp(String.raw`^atomic(?<b>64)?_cmpxchg\s*\(\s*\(\s*(?<ty>u32|u64)\s*\*\s*\)\s*${MEMRE}\s*,\s*(?<r0>${REG})\s*,\s*(?<s>${REG})\s*\)$`, 'd'),
  xchgL: new RegExp(String.raw`^xchg(?<bits>_64|32_32)\s*\(\s*(?<base>${REG})\s*(?<osign>[+-])\s*(?<off>${NUM})\s*,\s*(?<s>${REG})\s*\)$`, 'd'),
  cmpxchgL: new RegExp(String.raw`^cmpxchg(?<bits>_64|32_32)\s*\(\s*(?<base>${REG})\s*(?<osign>[+-])\s*(?<off>${NUM})\s*,\s*(?<r0>${REG})\s*,\s*(?<s>${REG})\s*\)$`, 'd'),
  lddwNum: new RegExp(String.raw`^(?<imm>${SNUM})\s+ll$`, 'd'),
  lddwSym: new RegExp(String.raw`^(?<name>${SYM})(?:\s*(?<add>[+-]\s*${NUM}))?\s+ll$`, 'd'),
  pseudo: new RegExp(String.raw`^(?<p>map\[id:(?<mfd>\d+)\](?:\[0\]\+(?<mvoff>\d+)|\[imm2:(?<mfdx>\d+)\])?|map\[idx:(?<midx>\d+)\](?:\+(?<mioff>\d+)|\[imm2:(?<midxx>\d+)\])?|btf_id\[(?<btf>\d+)\](?:\[btf_fd:(?<btffd>\d+)\])?|subprog\[(?<fn>[+-]\d+)\](?:\[imm2:(?<fnx>\d+)\])?)(?:\s+ll)?$`, 'd'),
  kernelImm64: new RegExp(String.raw`^(?<imm>0x[0-9a-fA-F]+)$`, 'd'),
};

function mk(code: number, dst = 0, src = 0, off = 0, imm = 0, imm2 = 0): Instruction {
  return { code, dst, src, off, imm: imm | 0, imm2: imm2 | 0 };
}

/** strip a listing prefix: llvm-objdump's `  12:\t61 14 ...\t`, the kernel log's `12: (61) ` */
export function stripPrefix(s: string): { text: string; skipped: number; code?: number } {
  const mm = /^\s*\d+:\s+(?:[0-9a-f]{2} ){7}[0-9a-f]{2}(?: (?:[0-9a-f]{2} ){7}[0-9a-f]{2})?\s+/.exec(s);
  if (mm) return { text: s.slice(mm[0].length), skipped: mm[0].length };
  const m = /^\s*(?:\d+:\s*)?\(([0-9a-f]{2})\)\s*/.exec(s);
  if (m) return { text: s.slice(m[0].length), skipped: m[0].length, code: parseInt(m[1]!, 16) };
  return { text: s, skipped: 0 };
}

/**
 * Parse one instruction statement (no label, comments already removed). Accepts the llvm
 * dialect (clang -S, llvm-objdump with or without +alu32, with listing prefixes and `<sym+off>`
 * annotations) and the kernel log form.
 */
export function parseInstruction(input: string, pc: ParseContext = {}): ParsedInstruction {
  const pre = stripPrefix(input);
  let s = pre.text.replace(/\s*<[^<>]*>\s*$/, '').trimEnd();
  const lead = s.length - s.trimStart().length;
  s = s.trimStart();
  const ctx = new Ctx(s, { ...pc, column: (pc.column ?? 0) + pre.skipped + lead });
  const p = parseBody(s, ctx, pre.code);
  if (p.ref) p.ref.column += ctx.c.column ?? 0;
  if (pre.code !== undefined && p.insn.code !== pre.code && !p.ref) {
    ctx.fail(`the opcode prefix (${pre.code.toString(16).padStart(2, '0')}) does not match the instruction (${p.insn.code.toString(16).padStart(2, '0')})`);
  }
  return p;
}

function parseBody(s: string, ctx: Ctx, code?: number): ParsedInstruction {
  let m: RegExpExecArray | null;
  if (s.length === 0) ctx.fail('empty instruction');
  if (RE.exit.test(s)) return { insn: mk(op.BPF_JMP | op.BPF_EXIT) };
  if ((m = RE.callx.exec(s))) return { insn: mk(op.BPF_JMP | op.BPF_CALL | op.BPF_X, ctx.reg(m, 'r', 'r')) };
  if ((m = RE.callPc.exec(s))) return { insn: mk(op.BPF_JMP | op.BPF_CALL, 0, op.BPF_PSEUDO_CALL, 0, ctx.int(m, 'imm', 32, 'call offset')) };
  if ((m = RE.callKfunc.exec(s))) return { insn: mk(op.BPF_JMP | op.BPF_CALL, 0, op.BPF_PSEUDO_KFUNC_CALL, 0, ctx.int(m, 'imm', 32, 'kfunc id')) };
  if ((m = RE.callNamed.exec(s))) return { insn: mk(op.BPF_JMP | op.BPF_CALL, 0, 0, 0, ctx.int(m, 'imm', 32, 'helper id')) };
  if ((m = RE.callNum.exec(s))) return { insn: mk(op.BPF_JMP | op.BPF_CALL, 0, 0, 0, ctx.int(m, 'imm', 32, 'helper id')) };
  if ((m = RE.callSym.exec(s))) {
    // a named call: a helper by name, or a function symbol the assembler resolves
    const name = m.groups!.name!;
    const add = m.groups!.add ? Number(parseBig(m.groups!.add)) : 0;
    return { insn: mk(op.BPF_JMP | op.BPF_CALL, 0, op.BPF_PSEUDO_CALL, 0, -1), ref: { kind: 'call', name, addend: add, column: ctx.col(m, 'name') } };
  }
  if (/^call\b/.test(s)) ctx.fail(`bad call operand: ${s.slice(4).trim() || '(none)'}`, 5);
  if ((m = RE.goto.exec(s))) {
    const long = m.groups!.g === 'gotol';
    const t = parseTarget(m.groups!.t!, ctx, ctx.col(m, 't'), long ? 32 : 16);
    const code = m.groups!.g === 'may_goto' ? BPF_MAY_GOTO_CODE : op.BPF_JMP | op.BPF_JA;
    const insn = long ? mk(op.BPF_JMP32 | op.BPF_JA, 0, 0, 0, t.rel ?? 0) : mk(code, 0, 0, t.rel ?? 0);
    return { insn, ref: t.ref };
  }
  if ((m = RE.jcond.exec(s))) {
    const d = m.groups!.d!;
    const w = d[0] === 'w';
    const cls = w ? op.BPF_JMP32 : op.BPF_JMP;
    const o = JMP_BY_SYM[m.groups!.op!];
    if (o === undefined) ctx.fail(`unknown comparison ${m.groups!.op}`, ctx.col(m, 'op'));
    const t = parseTarget(m.groups!.t!, ctx, ctx.col(m, 't'), 16);
    const dst = ctx.reg(m, 'd');
    let insn: Instruction;
    if (m.groups!.s) insn = mk(cls | o | op.BPF_X, dst, ctx.reg(m, 's', w ? 'w' : 'r'), t.rel ?? 0);
    else insn = mk(cls | o | op.BPF_K, dst, 0, t.rel ?? 0, ctx.int(m, 'imm', 32, 'immediate'));
    return { insn, ref: t.ref };
  }
  if ((m = RE.lock.exec(s))) {
    const sz = SIZE_BY_NAME[m.groups!.ty!]!;
    return { insn: mk(op.BPF_STX | op.BPF_ATOMIC | sz, ctx.reg(m, 'base', 'r'), ctx.reg(m, 's'), ctx.offset(m), ATOMIC_BY_SYM[m.groups!.op!]!) };
  }
  if ((m = RE.store.exec(s))) {
    const sz = SIZE_BY_NAME[m.groups!.ty!]!;
    const dst = ctx.reg(m, 'base', 'r');
    const off = ctx.offset(m);
    if (m.groups!.s) return { insn: mk(op.BPF_STX | op.BPF_MEM | sz, dst, ctx.reg(m, 's', sz === op.BPF_DW ? 'r' : 'any'), off) };
    return { insn: mk(op.BPF_ST | op.BPF_MEM | sz, dst, 0, off, ctx.int(m, 'imm', 32, 'immediate')) };
  }
  if ((m = RE.assign.exec(s))) return parseAssign(m, ctx, code);
  const word = /^[^\s(*]+/.exec(s)?.[0] ?? s;
  ctx.fail(`unknown instruction '${word}'`);
}

/** a jump target: `+3`, `-0x5`, `pc+3`, or a label (left to the assembler) */
function parseTarget(t: string, ctx: Ctx, col: number, bits: 16 | 32): { rel?: number; ref?: SymbolRef } {
  const mm = /^(?:pc\s*)?([+-]\s*(?:0x[0-9a-fA-F]+|\d+))$/.exec(t) ?? /^(\d+|0x[0-9a-fA-F]+)$/.exec(t);
  if (mm) {
    const v = parseBig(mm[1]!)!;
    const lim = 1n << BigInt(bits - 1);
    if (v < -lim || v >= lim) ctx.fail(`jump offset ${t} is out of range for a ${bits}-bit field`, col);
    return { rel: Number(v) };
  }
  const sm = new RegExp(String.raw`^(${SYM})(?:\s*([+-]\s*${NUM}))?$`).exec(t);
  if (sm) return { ref: { kind: 'jump', name: sm[1]!, addend: sm[2] ? Number(parseBig(sm[2])) : 0, column: col } };
  ctx.fail(`bad jump target '${t}'`, col);
}

function parseAssign(m: RegExpExecArray, ctx: Ctx, code?: number): ParsedInstruction {
  const dtext = m.groups!.d!;
  const w = dtext[0] === 'w';
  const opsym = m.groups!.op!;
  const rhs = m.groups!.rhs!.trim();
  const rcol = ctx.col(m, 'rhs') + (m.groups!.rhs!.length - m.groups!.rhs!.trimStart().length);
  const sub = (re: RegExp): RegExpExecArray | null => {
    const r = re.exec(rhs);
    if (r) {
      // shift indices so columns refer to the whole statement
      const ind = (r as RegExpExecArray & { indices?: { groups?: Record<string, [number, number] | undefined> } }).indices;
      if (ind?.groups) for (const k of Object.keys(ind.groups)) { const v = ind.groups[k]; if (v) ind.groups[k] = [v[0] + rcol, v[1] + rcol]; }
    }
    return r;
  };
  const dst = ctx.reg(m, 'd');
  const cls = w ? op.BPF_ALU : op.BPF_ALU64;
  let r: RegExpExecArray | null;
  const alu = ALU_BY_SYM[opsym];
  if (!alu) ctx.fail(`unknown operator ${opsym}`, ctx.col(m, 'op'));
  const [o, signed] = alu;
  if (opsym !== '=') {
    if ((r = sub(RHS.reg))) return { insn: mk(cls | o | op.BPF_X, dst, ctx.reg(r, 's', w ? 'w' : 'r'), signed) };
    if ((r = sub(RHS.imm))) return { insn: mk(cls | o | op.BPF_K, dst, 0, signed, ctx.int(r, 'imm', 32, 'immediate')) };
    ctx.fail(`bad operand '${rhs}' for ${opsym}`, rcol);
  }
  // `rD = ...`
  if ((r = sub(RHS.reg))) return { insn: mk(cls | op.BPF_MOV | op.BPF_X, dst, ctx.reg(r, 's', w ? 'w' : 'r')) };
  if ((r = sub(RHS.neg))) {
    const s = ctx.reg(r, 's', w ? 'w' : 'r');
    if (s !== dst) ctx.fail(`negation must have the same source and destination register`, ctx.col(r, 's'));
    return { insn: mk(cls | op.BPF_NEG, dst) };
  }
  if ((r = sub(RHS.asCast))) {
    if (w) ctx.fail('addr_space_cast needs 64-bit registers', ctx.col(m, 'd'));
    const hi = parseBig(r.groups!.hi!)!;
    const lo = parseBig(r.groups!.lo!)!;
    if (hi > 0xffffn || lo > 0xffffn) ctx.fail('address space numbers are 16 bits', ctx.col(r, 'hi'));
    return { insn: mk(op.BPF_ALU64 | op.BPF_MOV | op.BPF_X, dst, ctx.reg(r, 's', 'r'), BPF_ADDR_SPACE_CAST, Number((hi << 16n) | lo)) };
  }
  if ((r = sub(RHS.movsx))) {
    const bits = Number(r.groups!.bits);
    if (w && bits === 32) ctx.fail('(s32) sign extension needs 64-bit registers', rcol);
    return { insn: mk(cls | op.BPF_MOV | op.BPF_X, dst, ctx.reg(r, 's', w ? 'w' : 'r'), bits) };
  }
  if (code === LDDW && (r = sub(RHS.kernelImm64))) {
    const v = BigInt.asUintN(64, BigInt(r.groups!.imm!));
    return { insn: mk(LDDW, dst, 0, 0, Number(v & 0xffffffffn), Number(v >> 32n)) };
  }
  if ((r = sub(RHS.imm))) return { insn: mk(cls | op.BPF_MOV | op.BPF_K, dst, 0, 0, ctx.int(r, 'imm', 32, 'immediate')) };
  if ((r = sub(RHS.end))) {
    const s = ctx.reg(r, 's');
    if (s !== dst) ctx.fail('byte swap must have the same source and destination register', ctx.col(r, 's'));
    const k = r.groups!.k!;
    const c = k === 'bswap' ? op.BPF_ALU64 | op.BPF_END : op.BPF_ALU | op.BPF_END | (k === 'be' ? op.BPF_TO_BE : op.BPF_TO_LE);
    return { insn: mk(c, dst, 0, 0, Number(r.groups!.bits)) };
  }
  if ((r = sub(RHS.ldx))) {
    const ty = r.groups!.ty!;
    const sx = ty[0] === 's';
    const sz = sx ? SX_BY_NAME[ty] : SIZE_BY_NAME[ty];
    if (sz === undefined) ctx.fail(`unknown access size ${ty}`, ctx.col(r, 'ty'));
    if (w && (sx || sz === op.BPF_DW)) ctx.fail(`a ${ty} load needs a 64-bit destination register`, ctx.col(m, 'd'));
    return { insn: mk(op.BPF_LDX | (sx ? op.BPF_MEMSX : op.BPF_MEM) | sz, dst, ctx.reg(r, 'base', 'r'), ctx.offset(r)) };
  }
  if ((r = sub(RHS.skb))) {
    if (dst !== 0 || w) ctx.fail('packet loads (LD_ABS/LD_IND) always write r0', ctx.col(m, 'd'));
    const sz = SIZE_BY_NAME[r.groups!.ty!]!;
    if (sz === op.BPF_DW) ctx.fail('packet loads are 8, 16 or 32 bits', ctx.col(r, 'ty'));
    if (r.groups!.s) {
      let imm = 0;
      if (r.groups!.iimm) {
        const m0 = parseBig(r.groups!.iimm);
        const v = m0 === undefined ? undefined : r.groups!.isign === '-' ? -m0 : m0;
        if (v === undefined || v < -(1n << 31n) || v >= 1n << 32n) ctx.fail('packet offset out of range', ctx.col(r, 'iimm'));
        imm = Number(BigInt.asIntN(32, v));
      }
      return { insn: mk(op.BPF_LD | op.BPF_IND | sz, 0, ctx.reg(r, 's', 'r'), 0, imm) };
    }
    return { insn: mk(op.BPF_LD | op.BPF_ABS | sz, 0, 0, 0, ctx.int(r, 'imm', 32, 'packet offset')) };
  }
  if ((r = sub(RHS.fetch)) || (r = sub(RHS.xchgK))) {
    const sz = SIZE_BY_NAME[r.groups!.ty!]!;
    const s = ctx.reg(r, 's');
    if (s !== dst) ctx.fail('an atomic fetch returns into its source register', ctx.col(r, 's'));
    const a = r.groups!.name ? ATOMIC_BY_NAME[r.groups!.name]! | op.BPF_FETCH : op.BPF_XCHG;
    return { insn: mk(op.BPF_STX | op.BPF_ATOMIC | sz, ctx.reg(r, 'base', 'r'), s, ctx.offset(r), a) };
  }
  if ((r = sub(RHS.cmpxchgK)) || (r = sub(RHS.cmpxchgL))) {
    const sz = r.groups!.ty ? SIZE_BY_NAME[r.groups!.ty]! : r.groups!.bits === '_64' ? op.BPF_DW : op.BPF_W;
    if (dst !== 0 || ctx.reg(r, 'r0') !== 0) ctx.fail('cmpxchg compares with and returns into r0', ctx.col(m, 'd'));
    return { insn: mk(op.BPF_STX | op.BPF_ATOMIC | sz, ctx.reg(r, 'base', 'r'), ctx.reg(r, 's'), ctx.offset(r), op.BPF_CMPXCHG) };
  }
  if ((r = sub(RHS.xchgL))) {
    const sz = r.groups!.bits === '_64' ? op.BPF_DW : op.BPF_W;
    const s = ctx.reg(r, 's');
    if (s !== dst) ctx.fail('xchg returns into its source register', ctx.col(r, 's'));
    return { insn: mk(op.BPF_STX | op.BPF_ATOMIC | sz, ctx.reg(r, 'base', 'r'), s, ctx.offset(r), op.BPF_XCHG) };
  }
  // lddw (BPF_LD | BPF_IMM | BPF_DW, RFC 9669 §5.4)
  if (w && /\bll$/.test(rhs)) ctx.fail('lddw needs a 64-bit destination register', ctx.col(m, 'd'));
  if ((r = sub(RHS.lddwNum))) {
    const v = parseBig(r.groups!.imm!);
    if (v === undefined || v < -(1n << 63n) || v >= 1n << 64n) ctx.fail(`immediate ${r.groups!.imm} is out of range for 64 bits`, ctx.col(r, 'imm'));
    const u = BigInt.asUintN(64, v);
    return { insn: mk(LDDW, dst, 0, 0, Number(u & 0xffffffffn), Number(u >> 32n)) };
  }
  if ((r = sub(RHS.pseudo))) {
    const g = r.groups!;
    const u32 = (t: string | undefined, what: string): number => {
      const v = t === undefined ? 0n : BigInt(t);
      if (v >= 1n << 32n) ctx.fail(`${what} ${t} is out of range for 32 bits`, rcol);
      return Number(v);
    };
    if (g.mfd !== undefined) {
      if (g.mvoff !== undefined) return { insn: mk(LDDW, dst, op.BPF_PSEUDO_MAP_VALUE, 0, u32(g.mfd, 'map id'), u32(g.mvoff, 'value offset')) };
      return { insn: mk(LDDW, dst, op.BPF_PSEUDO_MAP_FD, 0, u32(g.mfd, 'map id'), u32(g.mfdx, 'imm2')) };
    }
    if (g.midx !== undefined) {
      if (g.mioff !== undefined) return { insn: mk(LDDW, dst, op.BPF_PSEUDO_MAP_IDX_VALUE, 0, u32(g.midx, 'map index'), u32(g.mioff, 'value offset')) };
      return { insn: mk(LDDW, dst, op.BPF_PSEUDO_MAP_IDX, 0, u32(g.midx, 'map index'), u32(g.midxx, 'imm2')) };
    }
    if (g.btf !== undefined) return { insn: mk(LDDW, dst, op.BPF_PSEUDO_BTF_ID, 0, u32(g.btf, 'BTF id'), u32(g.btffd, 'BTF fd')) };
    const fn = BigInt(g.fn!);
    if (fn < -(1n << 31n) || fn >= 1n << 31n) ctx.fail(`subprog offset ${g.fn} is out of range`, rcol);
    return { insn: mk(LDDW, dst, op.BPF_PSEUDO_FUNC, 0, Number(fn), u32(g.fnx, 'imm2')) };
  }
  if ((r = sub(RHS.lddwSym))) {
    const add = r.groups!.add ? parseBig(r.groups!.add)! : 0n;
    return { insn: mk(LDDW, dst), ref: { kind: 'lddw', name: r.groups!.name!, addend: Number(add), column: ctx.col(r, 'name') } };
  }
  ctx.fail(`bad operand '${rhs}'`, rcol);
}

/** helper id for `call NAME` when NAME is a helper (`bpf_map_lookup_elem`) */
export function helperForCall(name: string): number | undefined {
  return name.startsWith('bpf_') ? helperId(name) : undefined;
}
