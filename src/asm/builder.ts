/**
 * A builder for programs written as TypeScript code, the "instruction set programming" way of
 * writing eBPF (as the kernel's own selftests do with the BPF_* macros of
 * include/linux/filter.h, and cilium/ebpf's asm package):
 *
 *   program(
 *     mov64(R0, 0),
 *     jeq(R1, 0, 'out'),
 *     ldxw(R0, R1, 4),
 *     label('out'),
 *     exit(),
 *   )
 *
 * Registers are `R0`..`R10` (objects, so `mov64(R0, R1)` and `mov64(R0, 1)` differ by type).
 * Jump targets are label names or relative slot offsets; labels resolve to slot offsets where
 * lddw counts two slots (RFC 9669 §3). An undefined or duplicate label is BpfError(EINVAL).
 */
import { BpfError } from '../isa/errors.js';
import { type Instruction, LDDW } from '../isa/instruction.js';
import * as op from '../isa/opcodes.js';
import { BPF_FUNC } from '../isa/helper_ids.js';

export class Reg {
  private constructor(readonly n: number) {}
  /** @internal */
  static readonly all: readonly Reg[] = Array.from({ length: 11 }, (_, k) => new Reg(k));
  toString(): string {
    return `r${this.n}`;
  }
}
export const R0 = Reg.all[0]!;
export const R1 = Reg.all[1]!;
export const R2 = Reg.all[2]!;
export const R3 = Reg.all[3]!;
export const R4 = Reg.all[4]!;
export const R5 = Reg.all[5]!;
export const R6 = Reg.all[6]!;
export const R7 = Reg.all[7]!;
export const R8 = Reg.all[8]!;
export const R9 = Reg.all[9]!;
export const R10 = Reg.all[10]!;
/** the frame pointer (read-only r10) */
export const FP = R10;

/** the id of helper `name` from the one table of ids (isa/helper_ids.ts); a misspelt name fails at load */
function helperId(name: string): number {
  const id = BPF_FUNC[name];
  if (id === undefined) throw new Error(`no helper named ${name}`);
  return id;
}

/** ids of commonly used helpers (include/uapi/linux/bpf.h, enum bpf_func_id) */
export const BPF_FUNC_map_lookup_elem = helperId('map_lookup_elem');
export const BPF_FUNC_map_update_elem = helperId('map_update_elem');
export const BPF_FUNC_map_delete_elem = helperId('map_delete_elem');
export const BPF_FUNC_probe_read = helperId('probe_read');
export const BPF_FUNC_ktime_get_ns = helperId('ktime_get_ns');
export const BPF_FUNC_trace_printk = helperId('trace_printk');
export const BPF_FUNC_get_prandom_u32 = helperId('get_prandom_u32');
export const BPF_FUNC_get_smp_processor_id = helperId('get_smp_processor_id');
export const BPF_FUNC_tail_call = helperId('tail_call');
export const BPF_FUNC_redirect = helperId('redirect');
export const BPF_FUNC_perf_event_output = helperId('perf_event_output');
export const BPF_FUNC_csum_diff = helperId('csum_diff');
export const BPF_FUNC_xdp_adjust_head = helperId('xdp_adjust_head');
export const BPF_FUNC_redirect_map = helperId('redirect_map');
export const BPF_FUNC_xdp_adjust_tail = helperId('xdp_adjust_tail');
export const BPF_FUNC_map_push_elem = helperId('map_push_elem');
export const BPF_FUNC_map_pop_elem = helperId('map_pop_elem');
export const BPF_FUNC_map_peek_elem = helperId('map_peek_elem');
export const BPF_FUNC_ringbuf_output = helperId('ringbuf_output');
export const BPF_FUNC_ringbuf_reserve = helperId('ringbuf_reserve');
export const BPF_FUNC_ringbuf_submit = helperId('ringbuf_submit');
export const BPF_FUNC_ringbuf_discard = helperId('ringbuf_discard');
export const BPF_FUNC_loop = helperId('loop');

/** a label name or a relative offset in slots */
export type Target = string | number;

/** one element of a program: an instruction (maybe waiting for a label) or a label */
export type Item =
  | { readonly kind: 'insn'; readonly insn: Instruction; readonly target?: string; readonly field?: 'off' | 'imm' }
  | { readonly kind: 'label'; readonly name: string };

type Src = Reg | number;

function ins(code: number, dst = 0, src = 0, off = 0, imm = 0, imm2 = 0): Item {
  return { kind: 'insn', insn: { code, dst, src, off, imm: imm | 0, imm2: imm2 | 0 } };
}

function int32(v: number, what: string): number {
  if (!Number.isInteger(v) || v < -(2 ** 31) || v > 2 ** 32 - 1) throw new BpfError('EINVAL', `${what} ${v} is not a 32-bit integer`);
  return v | 0;
}
function int16(v: number, what: string): number {
  if (!Number.isInteger(v) || v < -32768 || v > 32767) throw new BpfError('EINVAL', `${what} ${v} is not a 16-bit signed offset`);
  return v;
}
function reg(r: Reg, what = 'register'): number {
  if (!(r instanceof Reg)) throw new BpfError('EINVAL', `${what} must be one of R0..R10, got ${String(r)}`);
  return r.n;
}

function jumpItem(code: number, dst: number, src: number, imm: number, t: Target, field: 'off' | 'imm'): Item {
  if (typeof t === 'string') return { kind: 'insn', insn: { code, dst, src, off: 0, imm, imm2: 0 }, target: t, field };
  const rel = field === 'off' ? int16(t, 'jump offset') : int32(t, 'jump offset');
  return { kind: 'insn', insn: { code, dst, src, off: field === 'off' ? rel : 0, imm: field === 'imm' ? rel : imm, imm2: 0 } };
}

// --- ALU (RFC 9669 §4.1) --------------------------------------------------------------------

function alu(cls: number, o: number, off = 0) {
  return (dst: Reg, src: Src): Item =>
    src instanceof Reg ? ins(cls | o | op.BPF_X, reg(dst), src.n, off) : ins(cls | o | op.BPF_K, reg(dst), 0, off, int32(src, 'immediate'));
}
export const add64 = alu(op.BPF_ALU64, op.BPF_ADD);
export const sub64 = alu(op.BPF_ALU64, op.BPF_SUB);
export const mul64 = alu(op.BPF_ALU64, op.BPF_MUL);
export const div64 = alu(op.BPF_ALU64, op.BPF_DIV);
export const sdiv64 = alu(op.BPF_ALU64, op.BPF_DIV, 1);
export const or64 = alu(op.BPF_ALU64, op.BPF_OR);
export const and64 = alu(op.BPF_ALU64, op.BPF_AND);
export const lsh64 = alu(op.BPF_ALU64, op.BPF_LSH);
export const rsh64 = alu(op.BPF_ALU64, op.BPF_RSH);
export const mod64 = alu(op.BPF_ALU64, op.BPF_MOD);
export const smod64 = alu(op.BPF_ALU64, op.BPF_MOD, 1);
export const xor64 = alu(op.BPF_ALU64, op.BPF_XOR);
export const mov64 = alu(op.BPF_ALU64, op.BPF_MOV);
export const arsh64 = alu(op.BPF_ALU64, op.BPF_ARSH);
export const add32 = alu(op.BPF_ALU, op.BPF_ADD);
export const sub32 = alu(op.BPF_ALU, op.BPF_SUB);
export const mul32 = alu(op.BPF_ALU, op.BPF_MUL);
export const div32 = alu(op.BPF_ALU, op.BPF_DIV);
export const sdiv32 = alu(op.BPF_ALU, op.BPF_DIV, 1);
export const or32 = alu(op.BPF_ALU, op.BPF_OR);
export const and32 = alu(op.BPF_ALU, op.BPF_AND);
export const lsh32 = alu(op.BPF_ALU, op.BPF_LSH);
export const rsh32 = alu(op.BPF_ALU, op.BPF_RSH);
export const mod32 = alu(op.BPF_ALU, op.BPF_MOD);
export const smod32 = alu(op.BPF_ALU, op.BPF_MOD, 1);
export const xor32 = alu(op.BPF_ALU, op.BPF_XOR);
export const mov32 = alu(op.BPF_ALU, op.BPF_MOV);
export const arsh32 = alu(op.BPF_ALU, op.BPF_ARSH);
export const neg64 = (dst: Reg): Item => ins(op.BPF_ALU64 | op.BPF_NEG, reg(dst));
export const neg32 = (dst: Reg): Item => ins(op.BPF_ALU | op.BPF_NEG, reg(dst));

/** movsx (v4): dst = (s64)(s<bits>)src */
export function movsx64(dst: Reg, src: Reg, bits: 8 | 16 | 32): Item {
  if (bits !== 8 && bits !== 16 && bits !== 32) throw new BpfError('EINVAL', `movsx64 sign-extends from 8, 16 or 32 bits, not ${bits}`);
  return ins(op.BPF_ALU64 | op.BPF_MOV | op.BPF_X, reg(dst), reg(src), bits);
}
/** movsx (v4): w_dst = (s32)(s<bits>)w_src */
export function movsx32(dst: Reg, src: Reg, bits: 8 | 16): Item {
  if (bits !== 8 && bits !== 16) throw new BpfError('EINVAL', `movsx32 sign-extends from 8 or 16 bits, not ${bits}`);
  return ins(op.BPF_ALU | op.BPF_MOV | op.BPF_X, reg(dst), reg(src), bits);
}

// byte swaps (RFC 9669 §4.2)
const endian = (code: number, bits: number) => (dst: Reg): Item => ins(code, reg(dst), 0, 0, bits);
export const le16 = endian(op.BPF_ALU | op.BPF_END | op.BPF_TO_LE, 16);
export const le32 = endian(op.BPF_ALU | op.BPF_END | op.BPF_TO_LE, 32);
export const le64 = endian(op.BPF_ALU | op.BPF_END | op.BPF_TO_LE, 64);
export const be16 = endian(op.BPF_ALU | op.BPF_END | op.BPF_TO_BE, 16);
export const be32 = endian(op.BPF_ALU | op.BPF_END | op.BPF_TO_BE, 32);
export const be64 = endian(op.BPF_ALU | op.BPF_END | op.BPF_TO_BE, 64);
export const bswap16 = endian(op.BPF_ALU64 | op.BPF_END, 16);
export const bswap32 = endian(op.BPF_ALU64 | op.BPF_END, 32);
export const bswap64 = endian(op.BPF_ALU64 | op.BPF_END, 64);

// --- loads and stores (RFC 9669 §5) ------------------------------------------------------------

const ldx = (mode: number, size: number) => (dst: Reg, src: Reg, off = 0): Item =>
  ins(op.BPF_LDX | mode | size, reg(dst), reg(src), int16(off, 'offset'));
/** dst = *(u8 *)(src + off) */
export const ldxb = ldx(op.BPF_MEM, op.BPF_B);
export const ldxh = ldx(op.BPF_MEM, op.BPF_H);
export const ldxw = ldx(op.BPF_MEM, op.BPF_W);
export const ldxdw = ldx(op.BPF_MEM, op.BPF_DW);
/** dst = *(s8 *)(src + off), sign-extended (v4) */
export const ldxsb = ldx(op.BPF_MEMSX, op.BPF_B);
export const ldxsh = ldx(op.BPF_MEMSX, op.BPF_H);
export const ldxsw = ldx(op.BPF_MEMSX, op.BPF_W);

const stx = (size: number) => (dst: Reg, off: number, src: Reg): Item =>
  ins(op.BPF_STX | op.BPF_MEM | size, reg(dst), reg(src), int16(off, 'offset'));
/** *(u8 *)(dst + off) = src */
export const stxb = stx(op.BPF_B);
export const stxh = stx(op.BPF_H);
export const stxw = stx(op.BPF_W);
export const stxdw = stx(op.BPF_DW);
const st = (size: number) => (dst: Reg, off: number, imm: number): Item =>
  ins(op.BPF_ST | op.BPF_MEM | size, reg(dst), 0, int16(off, 'offset'), int32(imm, 'immediate'));
/** *(u8 *)(dst + off) = imm */
export const stb = st(op.BPF_B);
export const sth = st(op.BPF_H);
export const stw = st(op.BPF_W);
export const stdw = st(op.BPF_DW);

/** legacy packet loads (RFC 9669 §5.5): r0 = ntoh(*(u<size> *)(skb->data + imm)) */
export const ldabsb = (imm: number): Item => ins(op.BPF_LD | op.BPF_ABS | op.BPF_B, 0, 0, 0, int32(imm, 'immediate'));
export const ldabsh = (imm: number): Item => ins(op.BPF_LD | op.BPF_ABS | op.BPF_H, 0, 0, 0, int32(imm, 'immediate'));
export const ldabsw = (imm: number): Item => ins(op.BPF_LD | op.BPF_ABS | op.BPF_W, 0, 0, 0, int32(imm, 'immediate'));
export const ldindb = (src: Reg, imm: number): Item => ins(op.BPF_LD | op.BPF_IND | op.BPF_B, 0, reg(src), 0, int32(imm, 'immediate'));
export const ldindh = (src: Reg, imm: number): Item => ins(op.BPF_LD | op.BPF_IND | op.BPF_H, 0, reg(src), 0, int32(imm, 'immediate'));
export const ldindw = (src: Reg, imm: number): Item => ins(op.BPF_LD | op.BPF_IND | op.BPF_W, 0, reg(src), 0, int32(imm, 'immediate'));

/** dst = imm64 (two slots) */
export function lddw(dst: Reg, v: bigint | number): Item {
  if (typeof v === 'number' && !Number.isSafeInteger(v)) throw new BpfError('EINVAL', `lddw immediate ${v} is not an integer (use a bigint)`);
  const b = BigInt(v);
  if (b < -(1n << 63n) || b >= 1n << 64n) throw new BpfError('EINVAL', `lddw immediate ${b} does not fit in 64 bits`);
  const u = BigInt.asUintN(64, b);
  return ins(LDDW, reg(dst), 0, 0, Number(BigInt.asIntN(32, u)), Number(BigInt.asIntN(32, u >> 32n)));
}
/** dst = map (by file descriptor): lddw with src = BPF_PSEUDO_MAP_FD */
export const ldMapFd = (dst: Reg, fd: number): Item => ins(LDDW, reg(dst), op.BPF_PSEUDO_MAP_FD, 0, int32(fd, 'map fd'));
/** dst = &map_value[0] + off: lddw with src = BPF_PSEUDO_MAP_VALUE */
export const ldMapValue = (dst: Reg, fd: number, off = 0): Item => ins(LDDW, reg(dst), op.BPF_PSEUDO_MAP_VALUE, 0, int32(fd, 'map fd'), int32(off, 'value offset'));
/** dst = map by index into the fd array (BPF_PSEUDO_MAP_IDX) */
export const ldMapIdx = (dst: Reg, idx: number): Item => ins(LDDW, reg(dst), op.BPF_PSEUDO_MAP_IDX, 0, int32(idx, 'map index'));
export const ldMapIdxValue = (dst: Reg, idx: number, off = 0): Item => ins(LDDW, reg(dst), op.BPF_PSEUDO_MAP_IDX_VALUE, 0, int32(idx, 'map index'), int32(off, 'value offset'));
/** dst = BTF object (BPF_PSEUDO_BTF_ID) */
export const ldBtfId = (dst: Reg, id: number, btfFd = 0): Item => ins(LDDW, reg(dst), op.BPF_PSEUDO_BTF_ID, 0, int32(id, 'BTF id'), int32(btfFd, 'BTF fd'));
/** dst = address of a subprogram (BPF_PSEUDO_FUNC, for bpf_loop and friends) */
export const ldFunc = (dst: Reg, t: Target): Item => jumpItem(LDDW, reg(dst), op.BPF_PSEUDO_FUNC, 0, t, 'imm');

// --- atomics (RFC 9669 §5.3) ----------------------------------------------------------------

const atomic = (size: number, aop: number) => (dst: Reg, off: number, src: Reg): Item =>
  ins(op.BPF_STX | op.BPF_ATOMIC | size, reg(dst), reg(src), int16(off, 'offset'), aop);
/** lock *(u64 *)(dst + off) += src */
export const atomicAdd64 = atomic(op.BPF_DW, op.BPF_ADD);
export const atomicOr64 = atomic(op.BPF_DW, op.BPF_OR);
export const atomicAnd64 = atomic(op.BPF_DW, op.BPF_AND);
export const atomicXor64 = atomic(op.BPF_DW, op.BPF_XOR);
/** src = atomic_fetch_add((u64 *)(dst + off), src) */
export const atomicFetchAdd64 = atomic(op.BPF_DW, op.BPF_ADD | op.BPF_FETCH);
export const atomicFetchOr64 = atomic(op.BPF_DW, op.BPF_OR | op.BPF_FETCH);
export const atomicFetchAnd64 = atomic(op.BPF_DW, op.BPF_AND | op.BPF_FETCH);
export const atomicFetchXor64 = atomic(op.BPF_DW, op.BPF_XOR | op.BPF_FETCH);
/** src = xchg((u64 *)(dst + off), src) */
export const atomicXchg64 = atomic(op.BPF_DW, op.BPF_XCHG);
/** r0 = cmpxchg((u64 *)(dst + off), r0, src) */
export const atomicCmpxchg64 = atomic(op.BPF_DW, op.BPF_CMPXCHG);
export const atomicAdd32 = atomic(op.BPF_W, op.BPF_ADD);
export const atomicOr32 = atomic(op.BPF_W, op.BPF_OR);
export const atomicAnd32 = atomic(op.BPF_W, op.BPF_AND);
export const atomicXor32 = atomic(op.BPF_W, op.BPF_XOR);
export const atomicFetchAdd32 = atomic(op.BPF_W, op.BPF_ADD | op.BPF_FETCH);
export const atomicFetchOr32 = atomic(op.BPF_W, op.BPF_OR | op.BPF_FETCH);
export const atomicFetchAnd32 = atomic(op.BPF_W, op.BPF_AND | op.BPF_FETCH);
export const atomicFetchXor32 = atomic(op.BPF_W, op.BPF_XOR | op.BPF_FETCH);
export const atomicXchg32 = atomic(op.BPF_W, op.BPF_XCHG);
export const atomicCmpxchg32 = atomic(op.BPF_W, op.BPF_CMPXCHG);

// --- jumps and calls (RFC 9669 §4.3) --------------------------------------------------------

/** goto target (16-bit offset) */
export const ja = (t: Target): Item => jumpItem(op.BPF_JMP | op.BPF_JA, 0, 0, 0, t, 'off');
/** gotol target (v4, 32-bit offset in imm) */
export const gotol = (t: Target): Item => jumpItem(op.BPF_JMP32 | op.BPF_JA, 0, 0, 0, t, 'imm');

const jcc = (cls: number, o: number) => (dst: Reg, src: Src, t: Target): Item =>
  src instanceof Reg
    ? jumpItem(cls | o | op.BPF_X, reg(dst), src.n, 0, t, 'off')
    : jumpItem(cls | o | op.BPF_K, reg(dst), 0, int32(src, 'immediate'), t, 'off');
export const jeq = jcc(op.BPF_JMP, op.BPF_JEQ);
export const jne = jcc(op.BPF_JMP, op.BPF_JNE);
export const jgt = jcc(op.BPF_JMP, op.BPF_JGT);
export const jge = jcc(op.BPF_JMP, op.BPF_JGE);
export const jlt = jcc(op.BPF_JMP, op.BPF_JLT);
export const jle = jcc(op.BPF_JMP, op.BPF_JLE);
export const jsgt = jcc(op.BPF_JMP, op.BPF_JSGT);
export const jsge = jcc(op.BPF_JMP, op.BPF_JSGE);
export const jslt = jcc(op.BPF_JMP, op.BPF_JSLT);
export const jsle = jcc(op.BPF_JMP, op.BPF_JSLE);
export const jset = jcc(op.BPF_JMP, op.BPF_JSET);
export const jeq32 = jcc(op.BPF_JMP32, op.BPF_JEQ);
export const jne32 = jcc(op.BPF_JMP32, op.BPF_JNE);
export const jgt32 = jcc(op.BPF_JMP32, op.BPF_JGT);
export const jge32 = jcc(op.BPF_JMP32, op.BPF_JGE);
export const jlt32 = jcc(op.BPF_JMP32, op.BPF_JLT);
export const jle32 = jcc(op.BPF_JMP32, op.BPF_JLE);
export const jsgt32 = jcc(op.BPF_JMP32, op.BPF_JSGT);
export const jsge32 = jcc(op.BPF_JMP32, op.BPF_JSGE);
export const jslt32 = jcc(op.BPF_JMP32, op.BPF_JSLT);
export const jsle32 = jcc(op.BPF_JMP32, op.BPF_JSLE);
export const jset32 = jcc(op.BPF_JMP32, op.BPF_JSET);

/** call a helper by id */
export const call = (helperId: number): Item => ins(op.BPF_JMP | op.BPF_CALL, 0, 0, 0, int32(helperId, 'helper id'));
/** call a subprogram (BPF_PSEUDO_CALL) */
export const callLocal = (t: Target): Item => jumpItem(op.BPF_JMP | op.BPF_CALL, 0, op.BPF_PSEUDO_CALL, 0, t, 'imm');
/** call a kernel function by BTF id (BPF_PSEUDO_KFUNC_CALL) */
export const callKfunc = (btfId: number): Item => ins(op.BPF_JMP | op.BPF_CALL, 0, op.BPF_PSEUDO_KFUNC_CALL, 0, int32(btfId, 'kfunc BTF id'));
/** callx: call the helper whose id is in a register (the register goes in the dst field) */
export const callx = (r: Reg): Item => ins(op.BPF_JMP | op.BPF_CALL | op.BPF_X, reg(r));
export const exit = (): Item => ins(op.BPF_JMP | op.BPF_EXIT);

/** a label: names the slot of the next instruction */
export function label(name: string): Item {
  if (typeof name !== 'string' || name.length === 0) throw new BpfError('EINVAL', 'a label needs a non-empty name');
  return { kind: 'label', name };
}

/** an already-built instruction, as an item */
export const raw = (i: Instruction): Item => ({ kind: 'insn', insn: { ...i } });

export type ProgramPart = Item | readonly ProgramPart[];

/**
 * Lay out items into instructions, resolving label references into slot offsets
 * (target slot - own slot - 1; lddw counts two slots). Nested arrays are flattened, so
 * helper functions can return instruction sequences.
 */
export function program(...parts: ProgramPart[]): Instruction[] {
  const items: Item[] = [];
  const flat = (p: ProgramPart): void => {
    if (Array.isArray(p)) for (const q of p) flat(q);
    else items.push(p as Item);
  };
  parts.forEach(flat);
  const labels = new Map<string, number>();
  const out: Instruction[] = [];
  const pending: Array<{ k: number; slot: number; target: string; field: 'off' | 'imm' }> = [];
  let slot = 0;
  for (const it of items) {
    if (it.kind === 'label') {
      if (labels.has(it.name)) throw new BpfError('EINVAL', `duplicate label '${it.name}'`, { insn: slot });
      labels.set(it.name, slot);
      continue;
    }
    if (it.target !== undefined) pending.push({ k: out.length, slot, target: it.target, field: it.field! });
    out.push({ ...it.insn });
    slot += it.insn.code === LDDW ? 2 : 1;
  }
  for (const p of pending) {
    const t = labels.get(p.target);
    if (t === undefined) throw new BpfError('EINVAL', `undefined label '${p.target}'`, { insn: p.slot });
    const rel = t - p.slot - 1;
    if (p.field === 'off') {
      if (rel < -32768 || rel > 32767) throw new BpfError('EINVAL', `jump to '${p.target}' is ${rel} slots away, beyond the 16-bit offset (use gotol)`, { insn: p.slot });
      out[p.k]!.off = rel;
    } else out[p.k]!.imm = rel;
  }
  return out;
}
