/**
 * Classic BPF compiled to WebAssembly (the filter engine `cbpf-wasm`), optionally with a pcap
 * record loop in the same module: `scan` walks the records of a chunk of a capture file held in
 * the module's memory, runs the filter on each, and copies every selected record to an output
 * area — one call per chunk, no JavaScript and no JS↔wasm crossing per packet (libpcap's
 * pcap_offline_read + bpf_filter + pcap_dump, in one loop).
 *
 * The filter's semantics are libpcap's bpf_filter() (pcap/bpf_filter.c), which the classic
 * interpreter (interpreter.ts) also follows: A, X and M[] start at 0, a load outside the
 * captured bytes returns 0 (checked in 64 bits, so X + k never wraps), division or modulo by
 * X == 0 returns 0, a shift by 32 or more gives 0, BPF_LEN is the wire length. Programs with
 * negative-offset (Linux ancillary) loads or wild jumps are not compiled here: `special` is set and
 * the caller runs them on the interpreter. Backward jumps (libpcap's protochain loop) are unrolled
 * first (loops.ts), bounded as the interpreter bounds them.
 *
 * Every jump is then forward, so control flow maps onto nested wasm blocks as in jit.ts: all blocks
 * open at the top, the innermost for the nearest target, and `end` closes the block of target t
 * just before instruction t; a jump to t is `br` to that block.
 */
import { BpfError } from '../../isa/errors.js';
import { Bytes, encodeModule, I32, Op, VOID, type FuncDef } from '../../vm/jit/wasm.js';
import * as c from './opcodes.js';
import { ClassicProgram, runClassic } from './interpreter.js';
import { unrollClassic } from './loops.js';
import type { SockFilter } from './program.js';
import { SCAN_BAD_CAPLEN, SCAN_LIMIT, SCAN_LONG, SCAN_STATS, type ClassicWasmExports, type PcapScanLayout } from './scan_abi.js';

export * from './scan_abi.js';

/**
 * the programs this compiler leaves to the interpreter: negative-offset loads, wild jumps (a
 * backward jump inside the program is unrolled, loops.ts)
 */
export function classicNeedsInterpreter(prog: readonly SockFilter[]): boolean {
  const n = prog.length;
  return prog.some((i, pc) => {
    const cls = c.BPF_CLASS(i.code);
    const mode = c.BPF_MODE(i.code);
    if (cls === c.BPF_LD && (mode === c.BPF_ABS || mode === c.BPF_IND) && (i.k | 0) < 0) return true;
    if (i.code === (c.BPF_JMP | c.BPF_JA) && (pc + 1 + (i.k | 0) < 0 || pc + 1 + (i.k | 0) > n)) return true;
    return false;
  });
}

// the filter's locals: parameters p, caplen, wirelen; then A, X, M[0..15], a temporary
const P = 0, CAPLEN = 1, WIRELEN = 2, A = 3, X = 4, M0 = 5, TMP = 21;

const memarg = (b: Code, op: number, offset: number): void => void b.u8(op).u8(0).uleb(offset);

/** the module's code buffer, with i32.const as one call */
class Code extends Bytes {
  i32(v: number): this {
    return this.u8(Op.i32_const).sleb(v | 0);
  }
}

/** a big-endian u32 from a little-endian load: the byte swap as two rotates (wasm has no bswap) */
function bswap32(b: Code, tmp: number): void {
  b.u8(Op.local_tee).uleb(tmp).i32(0xff00ff00).u8(Op.i32_and).i32(8).u8(Op.i32_rotl);
  b.u8(Op.local_get).uleb(tmp).i32(0x00ff00ff).u8(Op.i32_and).i32(8).u8(Op.i32_rotr).u8(Op.i32_or);
}

const returnZero = (b: Code): void => void b.i32(0).u8(Op.return);
/** if (cond on the stack) return 0 */
const returnZeroIf = (b: Code): void => void b.u8(Op.if).u8(VOID).i32(0).u8(Op.return).u8(Op.end);

/** the filter function's body (ending with `end`) */
function filterBody(prog: readonly SockFilter[], b: Code): void {
  const n = prog.length;
  const last = prog[n - 1];
  if (!last || c.BPF_CLASS(last.code) !== c.BPF_RET) throw new BpfError('EINVAL', 'classic program does not end with a return', { insn: Math.max(0, n - 1) });
  // the targets a jump reaches other than by falling through, and each one's block (rank)
  const isTarget = new Uint8Array(n + 1);
  const check = (pc: number, t: number): void => {
    if (t >= n) throw new BpfError('EINVAL', `classic jump to ${t} leaves the program (${n} instructions)`, { insn: pc });
    if (t !== pc + 1) isTarget[t] = 1;
  };
  for (let pc = 0; pc < n; pc++) {
    const i = prog[pc]!;
    if (c.BPF_CLASS(i.code) !== c.BPF_JMP) continue;
    if (c.BPF_OP(i.code) === c.BPF_JA) check(pc, pc + 1 + (i.k >>> 0));
    else {
      check(pc, pc + 1 + i.jt);
      check(pc, pc + 1 + i.jf);
    }
  }
  const rank = new Int32Array(n + 1);
  let targets = 0;
  for (let t = 0; t < n; t++) if (isTarget[t]) rank[t] = targets++;
  for (let k = 0; k < targets; k++) b.u8(Op.block).u8(VOID);
  // blocks closed so far = the rank of the innermost open one
  let closed = 0;
  const br = (op: number, t: number): void => void b.u8(op).uleb(rank[t]! - closed);
  /** a conditional jump whose condition (an i32) the caller has pushed */
  const cond = (pc: number, jt: number, jf: number, negate: number): void => {
    const tt = pc + 1 + jt, tf = pc + 1 + jf;
    if (tt === tf) {
      b.u8(Op.drop);
      if (tt !== pc + 1) br(Op.br, tt);
    } else if (tf === pc + 1) br(Op.br_if, tt);
    else if (tt === pc + 1) {
      b.u8(negate);
      br(Op.br_if, tf);
    } else {
      br(Op.br_if, tt);
      br(Op.br, tf);
    }
  };
  const get = (l: number): Code => b.u8(Op.local_get).uleb(l);
  const set = (l: number): Code => b.u8(Op.local_set).uleb(l);
  /** push A and the operand (X or k) */
  const operands = (i: SockFilter): void => {
    get(A);
    if (c.BPF_SRC(i.code) === c.BPF_X) get(X);
    else b.i32(i.k);
  };
  for (let pc = 0; pc < n; pc++) {
    if (isTarget[pc]) {
      b.u8(Op.end);
      closed++;
    }
    const i = prog[pc]!;
    const k = i.k >>> 0;
    const size = c.BPF_SIZE(i.code) === c.BPF_W ? 4 : c.BPF_SIZE(i.code) === c.BPF_H ? 2 : 1;
    switch (i.code) {
      case c.BPF_RET | c.BPF_K: b.i32(k).u8(Op.return); break;
      case c.BPF_RET | c.BPF_A: get(A).u8(Op.return); break;
      case c.BPF_LD | c.BPF_W | c.BPF_ABS:
      case c.BPF_LD | c.BPF_H | c.BPF_ABS:
      case c.BPF_LD | c.BPF_B | c.BPF_ABS:
      case c.BPF_LDX | c.BPF_MSH | c.BPF_B:
        // k < 2^31 here (classicNeedsInterpreter), so k + size does not wrap
        get(CAPLEN).i32(k + size).u8(Op.i32_lt_u);
        returnZeroIf(b);
        get(P);
        load(b, size, k);
        if (c.BPF_CLASS(i.code) === c.BPF_LDX) {
          b.i32(15).u8(Op.i32_and).i32(2).u8(Op.i32_shl);
          set(X);
        } else set(A);
        break;
      case c.BPF_LD | c.BPF_W | c.BPF_IND:
      case c.BPF_LD | c.BPF_H | c.BPF_IND:
      case c.BPF_LD | c.BPF_B | c.BPF_IND:
        // X + k + size > caplen, in 64 bits (libpcap: "k > buflen || X > buflen - k")
        get(X).u8(Op.i64_extend_i32_u).u8(Op.i64_const).sleb(k + size).u8(Op.i64_add);
        get(CAPLEN).u8(Op.i64_extend_i32_u).u8(Op.i64_gt_u);
        returnZeroIf(b);
        get(P);
        get(X).u8(Op.i32_add);
        load(b, size, k);
        set(A);
        break;
      case c.BPF_LD | c.BPF_W | c.BPF_LEN: get(WIRELEN); set(A); break;
      case c.BPF_LDX | c.BPF_W | c.BPF_LEN: get(WIRELEN); set(X); break;
      case c.BPF_LD | c.BPF_IMM: b.i32(k); set(A); break;
      case c.BPF_LDX | c.BPF_IMM: b.i32(k); set(X); break;
      case c.BPF_LD | c.BPF_MEM: get(M0 + (k & 15)); set(A); break;
      case c.BPF_LDX | c.BPF_MEM: get(M0 + (k & 15)); set(X); break;
      case c.BPF_ST: get(A); set(M0 + (k & 15)); break;
      case c.BPF_STX: get(X); set(M0 + (k & 15)); break;
      case c.BPF_JMP | c.BPF_JA: if (k !== 0) br(Op.br, pc + 1 + k); break;
      case c.BPF_JMP | c.BPF_JEQ | c.BPF_K: case c.BPF_JMP | c.BPF_JEQ | c.BPF_X:
        operands(i); b.u8(Op.i32_eq); cond(pc, i.jt, i.jf, Op.i32_eqz); break;
      case c.BPF_JMP | c.BPF_JGT | c.BPF_K: case c.BPF_JMP | c.BPF_JGT | c.BPF_X:
        operands(i); b.u8(Op.i32_gt_u); cond(pc, i.jt, i.jf, Op.i32_eqz); break;
      case c.BPF_JMP | c.BPF_JGE | c.BPF_K: case c.BPF_JMP | c.BPF_JGE | c.BPF_X:
        operands(i); b.u8(Op.i32_ge_u); cond(pc, i.jt, i.jf, Op.i32_eqz); break;
      case c.BPF_JMP | c.BPF_JSET | c.BPF_K: case c.BPF_JMP | c.BPF_JSET | c.BPF_X:
        operands(i); b.u8(Op.i32_and); cond(pc, i.jt, i.jf, Op.i32_eqz); break;
      case c.BPF_ALU | c.BPF_DIV | c.BPF_X: case c.BPF_ALU | c.BPF_MOD | c.BPF_X:
        get(X).u8(Op.i32_eqz);
        returnZeroIf(b);
        operands(i); b.u8(c.BPF_OP(i.code) === c.BPF_DIV ? Op.i32_div_u : Op.i32_rem_u); set(A); break;
      case c.BPF_ALU | c.BPF_DIV | c.BPF_K: case c.BPF_ALU | c.BPF_MOD | c.BPF_K:
        if (k === 0) returnZero(b);
        else {
          operands(i); b.u8(c.BPF_OP(i.code) === c.BPF_DIV ? Op.i32_div_u : Op.i32_rem_u); set(A);
        }
        break;
      case c.BPF_ALU | c.BPF_LSH | c.BPF_X: case c.BPF_ALU | c.BPF_RSH | c.BPF_X:
        // a shift by 32 or more gives 0 (wasm would take the count modulo 32)
        operands(i); b.u8(c.BPF_OP(i.code) === c.BPF_LSH ? Op.i32_shl : Op.i32_shr_u);
        b.i32(0); get(X).i32(32).u8(Op.i32_lt_u).u8(Op.select); set(A); break;
      case c.BPF_ALU | c.BPF_LSH | c.BPF_K: case c.BPF_ALU | c.BPF_RSH | c.BPF_K:
        if (k >= 32) b.i32(0);
        else {
          operands(i); b.u8(c.BPF_OP(i.code) === c.BPF_LSH ? Op.i32_shl : Op.i32_shr_u);
        }
        set(A); break;
      case c.BPF_ALU | c.BPF_NEG: b.i32(0); get(A).u8(Op.i32_sub); set(A); break;
      case c.BPF_MISC | c.BPF_TAX: get(A); set(X); break;
      case c.BPF_MISC | c.BPF_TXA: get(X); set(A); break;
      default: {
        const op = ALU_OPS[i.code & ~c.BPF_X];
        if (c.BPF_CLASS(i.code) !== c.BPF_ALU || op === undefined) throw new BpfError('EINVAL', `unknown classic BPF opcode 0x${i.code.toString(16)}`, { insn: pc });
        operands(i); b.u8(op); set(A);
      }
    }
  }
  // the last instruction is a return: nothing falls through
  b.u8(Op.unreachable).u8(Op.end);
}

const ALU_OPS: Record<number, number> = {
  [c.BPF_ALU | c.BPF_ADD]: Op.i32_add, [c.BPF_ALU | c.BPF_SUB]: Op.i32_sub, [c.BPF_ALU | c.BPF_MUL]: Op.i32_mul,
  [c.BPF_ALU | c.BPF_AND]: Op.i32_and, [c.BPF_ALU | c.BPF_OR]: Op.i32_or, [c.BPF_ALU | c.BPF_XOR]: Op.i32_xor,
};

/** a big-endian load of `size` bytes at (address on the stack) + k into an i32 */
function load(b: Code, size: number, k: number): void {
  if (size === 1) memarg(b, Op.i32_load8_u, k);
  else if (size === 2) {
    // (p[k] << 8) | p[k + 1]: the address is needed twice
    b.u8(Op.local_tee).uleb(TMP);
    memarg(b, Op.i32_load8_u, k);
    b.i32(8).u8(Op.i32_shl).u8(Op.local_get).uleb(TMP);
    memarg(b, Op.i32_load8_u, k + 1);
    b.u8(Op.i32_or);
  } else {
    memarg(b, Op.i32_load, k);
    bswap32(b, TMP);
  }
}

// scan's locals: parameters in, end, out, limit; then caplen, wirelen, selected, records, status, a temporary
const S_POS = 0, S_END = 1, S_OUT = 2, S_LIMIT = 3, S_CAPLEN = 4, S_WIRELEN = 5, S_SEL = 6, S_NREC = 7, S_STATUS = 8, S_TMP = 9;

/** the record loop (see PcapScanLayout; results at SCAN_STATS) */
function scanBody(l: PcapScanLayout, b: Code): void {
  const get = (x: number): Code => b.u8(Op.local_get).uleb(x);
  const set = (x: number): Code => b.u8(Op.local_set).uleb(x);
  /** a u32 field of the record header at pos + off, in the input's byte order */
  const field = (off: number): void => {
    get(S_POS);
    memarg(b, Op.i32_load, off);
    if (l.bigEndian) bswap32(b, S_TMP);
  };
  const store = (off: number): void => void memarg(b, Op.i32_store, off);
  const advance = (): void => {
    get(S_POS).i32(16).u8(Op.i32_add);
    get(S_CAPLEN).u8(Op.i32_add);
    set(S_POS);
  };
  b.u8(Op.block).u8(VOID); // $done
  b.u8(Op.loop).u8(VOID); // $next
  // a whole header?
  get(S_END);
  get(S_POS).u8(Op.i32_sub).i32(16).u8(Op.i32_lt_u).u8(Op.br_if).uleb(1);
  field(8);
  b.u8(Op.local_tee).uleb(S_CAPLEN).i32(l.snaplen).u8(Op.i32_gt_u);
  b.u8(Op.if).u8(VOID);
  b.i32(SCAN_BAD_CAPLEN).i32(SCAN_LONG);
  get(S_CAPLEN).i32(l.maxCaplen).u8(Op.i32_gt_u).u8(Op.select);
  set(S_STATUS);
  b.u8(Op.br).uleb(2);
  b.u8(Op.end);
  // the whole record?
  get(S_END);
  get(S_POS).u8(Op.i32_sub).i32(16).u8(Op.i32_sub);
  get(S_CAPLEN).u8(Op.i32_lt_u).u8(Op.br_if).uleb(1);
  get(S_NREC).i32(1).u8(Op.i32_add);
  set(S_NREC);
  get(S_POS).i32(16).u8(Op.i32_add);
  get(S_CAPLEN);
  field(12);
  b.u8(Op.local_tee).uleb(S_WIRELEN);
  b.u8(Op.call).uleb(0);
  b.u8(Op.if).u8(VOID);
  {
    // the record, in host order, at out
    get(S_OUT);
    field(0);
    store(0);
    get(S_OUT);
    field(4);
    if (l.nanosecond && !l.outNanosecond) b.i32(1000).u8(Op.i32_div_u);
    else if (!l.nanosecond && l.outNanosecond) b.i32(1000).u8(Op.i32_mul);
    store(4);
    get(S_OUT);
    get(S_CAPLEN);
    store(8);
    get(S_OUT);
    get(S_WIRELEN);
    store(12);
    get(S_OUT).i32(16).u8(Op.i32_add);
    get(S_POS).i32(16).u8(Op.i32_add);
    get(S_CAPLEN);
    b.u8(0xfc).uleb(10).u8(0).u8(0); // memory.copy (bulk memory)
    get(S_OUT).i32(16).u8(Op.i32_add);
    get(S_CAPLEN).u8(Op.i32_add);
    set(S_OUT);
    advance();
    get(S_SEL).i32(1).u8(Op.i32_add);
    b.u8(Op.local_tee).uleb(S_SEL);
    get(S_LIMIT).u8(Op.i32_eq);
    b.u8(Op.if).u8(VOID);
    b.i32(SCAN_LIMIT);
    set(S_STATUS);
    b.u8(Op.br).uleb(3);
    b.u8(Op.end);
    b.u8(Op.br).uleb(1);
  }
  b.u8(Op.end);
  advance();
  b.u8(Op.br).uleb(0);
  b.u8(Op.end); // loop
  b.u8(Op.end); // block
  const stat = (off: number, local: number): void => {
    b.i32(0);
    get(local);
    store(SCAN_STATS + off);
  };
  stat(0, S_POS);
  stat(4, S_OUT);
  stat(8, S_NREC);
  stat(12, S_SEL);
  get(S_STATUS);
  b.u8(Op.end);
}

/** the module's bytes: `filter`, and `scan` when a layout is given; memory imported as env.memory */
export function classicWasmModule(prog: readonly SockFilter[], scan?: PcapScanLayout): Uint8Array<ArrayBuffer> {
  if (classicNeedsInterpreter(prog)) throw new BpfError('EINVAL', 'classic program has negative-offset loads or wild jumps: it runs on the interpreter');
  const funcs: FuncDef[] = [{ type: 0, locals: [[19, I32]], body: (out) => filterBody(unrollClassic(prog), out as Code), name: 'filter' }];
  const exports: { name: string; kind: 'func'; index: number }[] = [{ name: 'filter', kind: 'func', index: 0 }];
  if (scan) {
    funcs.push({ type: 1, locals: [[6, I32]], body: (out) => scanBody(scan, out as Code), name: 'scan' });
    exports.push({ name: 'scan', kind: 'func', index: 1 });
  }
  return encodeModule({
    types: [{ params: [I32, I32, I32], results: [I32] }, { params: [I32, I32, I32, I32], results: [I32] }],
    importFuncs: [],
    importGlobals: [],
    memory: { module: 'env', name: 'memory', min: 1 },
    globals: [],
    funcs,
    exports,
  }, new Code(1024 + 32 * prog.length));
}

/** compile and instantiate on `memory` (synchronously: the modules are small) */
export function instantiateClassicWasm(prog: readonly SockFilter[], memory: WebAssembly.Memory, scan?: PcapScanLayout): ClassicWasmExports {
  const m = new WebAssembly.Module(classicWasmModule(prog, scan));
  return new WebAssembly.Instance(m, { env: { memory } }).exports as unknown as ClassicWasmExports;
}


const PAGE = 65536;
/** where a ClassicWasmFilter puts the packets it is handed (below: scan counters) */
const PACKET_AT = PAGE;

/**
 * One filter on its own memory, packet by packet (the `cbpf-wasm` engine outside the record loop):
 * a packet handed in another buffer is copied to the memory first; one inside `scanBuffer()` is
 * filtered where it lies. Programs the compiler leaves to the interpreter run there.
 */
export class ClassicWasmFilter {
  private memory = new WebAssembly.Memory({ initial: 2 });
  private u8 = new Uint8Array(this.memory.buffer);
  private readonly exp: ClassicWasmExports | undefined;
  private readonly prog: ClassicProgram;

  constructor(prog: readonly SockFilter[]) {
    this.prog = new ClassicProgram([...prog]);
    if (!classicNeedsInterpreter(prog)) this.exp = instantiateClassicWasm(prog, this.memory);
  }

  private room(bytes: number): void {
    const need = PACKET_AT + bytes;
    if (need <= this.memory.buffer.byteLength) return;
    this.memory.grow(Math.ceil((need - this.memory.buffer.byteLength) / PAGE));
    this.u8 = new Uint8Array(this.memory.buffer);
  }

  run(data: Uint8Array, wirelen: number): number {
    return this.runSlice(data, 0, data.length, wirelen);
  }

  runSlice(buf: Uint8Array, start: number, caplen: number, wirelen: number): number {
    if (!this.exp) return runClassic(this.prog, buf.subarray(start, start + caplen), { wirelen });
    if (buf.buffer === this.memory.buffer) return this.exp.filter(buf.byteOffset + start, caplen, wirelen) >>> 0;
    this.room(caplen);
    this.u8.set(caplen === buf.length ? buf : buf.subarray(start, start + caplen), PACKET_AT);
    return this.exp.filter(PACKET_AT, caplen, wirelen) >>> 0;
  }

  /** a read buffer of `bytes` in the filter's memory: records read into it are filtered in place */
  scanBuffer(bytes: number): Uint8Array {
    this.room(bytes);
    return new Uint8Array(this.memory.buffer, PACKET_AT, bytes);
  }
}
