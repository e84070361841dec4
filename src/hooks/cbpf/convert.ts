/**
 * Classic BPF to eBPF, the way Linux converts a socket filter (net/core/filter.c,
 * bpf_convert_filter): A lives in r0 (BPF_REG_A), X in r7 (BPF_REG_X), the context (the skb,
 * here `struct __sk_buff`) in r6 (BPF_REG_CTX), r2 is the temporary (BPF_REG_TMP), and the
 * scratch words M[0..15] are 4-byte stack slots below r10. Packet loads become eBPF's legacy
 * LD_ABS / LD_IND instructions (implicit skb in r6, result in r0, a load outside the packet
 * ends the program with 0); ALU operations are 32-bit; the classic unsigned compares against
 * a constant with the top bit set go through r2 so the eBPF 64-bit compare sees a zero-extended
 * value; division and modulo by X test X for zero first and return 0.
 */
import { BpfError } from '../../isa/errors.js';
import * as e from '../../isa/opcodes.js';
import { insn, type Instruction } from '../../isa/instruction.js';
import * as c from './opcodes.js';
import type { SockFilter } from './program.js';
import { unrollClassic } from './loops.js';

export const BPF_REG_A = 0;
export const BPF_REG_X = 7;
export const BPF_REG_TMP = 2;
export const BPF_REG_CTX = 6;
export const BPF_REG_FP = 10;

/** field offsets of struct __sk_buff (include/uapi/linux/bpf.h) the ancillary loads read */
export const SKB = {
  len: 0,
  pkt_type: 4,
  mark: 8,
  queue_mapping: 12,
  protocol: 16,
  vlan_present: 20,
  vlan_tci: 24,
  vlan_proto: 28,
  priority: 32,
  ingress_ifindex: 36,
  ifindex: 40,
  hash: 68,
} as const;

const BPF_FUNC_get_prandom_u32 = 7;
const BPF_FUNC_get_smp_processor_id = 8;

const alu32 = (op: number, dst: number, imm: number) => insn(e.BPF_ALU | op | e.BPF_K, dst, 0, 0, imm);
const alu32r = (op: number, dst: number, src: number) => insn(e.BPF_ALU | op | e.BPF_X, dst, src);
const mov64r = (dst: number, src: number) => insn(e.BPF_ALU64 | e.BPF_MOV | e.BPF_X, dst, src);
const ldxw = (dst: number, src: number, off: number) => insn(e.BPF_LDX | e.BPF_MEM | e.BPF_W, dst, src, off);
const exit = () => insn(e.BPF_JMP | e.BPF_EXIT);

/**
 * Convert a (valid) classic program. Jumps are rewritten to eBPF offsets; the result starts with
 * the kernel's prologue (A = 0, X = 0, r6 = r1).
 */
export function convertClassic(source: SockFilter[]): Instruction[] {
  // Linux never converts a backward jump (bpf_check_classic refuses it); libpcap's protochain
  // loop is unrolled first, bounded as the classic interpreter bounds it (loops.ts)
  const prog = unrollClassic(source);
  const out: Instruction[] = [];
  /** eBPF index of each classic instruction, and jumps to fix: [eBPF index, classic target, field] */
  const start: number[] = [];
  const fix: Array<{ at: number; target: number }> = [];
  out.push(alu32r(e.BPF_XOR, BPF_REG_A, BPF_REG_A), alu32r(e.BPF_XOR, BPF_REG_X, BPF_REG_X), mov64r(BPF_REG_CTX, 1));
  const jmpTo = (code: number, dst: number, src: number, imm: number, target: number) => {
    fix.push({ at: out.length, target });
    out.push(insn(code, dst, src, 0, imm));
  };
  for (let pc = 0; pc < prog.length; pc++) {
    start.push(out.length);
    const { code, jt, jf } = prog[pc]!;
    const k = prog[pc]!.k >>> 0;
    const ki = k | 0;
    const cls = c.BPF_CLASS(code);
    switch (cls) {
      case c.BPF_ALU: {
        const op = c.BPF_OP(code);
        if (op === c.BPF_NEG) {
          out.push(insn(e.BPF_ALU | e.BPF_NEG, BPF_REG_A));
        } else if (c.BPF_SRC(code) === c.BPF_X) {
          if (op === c.BPF_DIV || op === c.BPF_MOD) {
            // classic: division by X == 0 returns 0
            out.push(insn(e.BPF_JMP | e.BPF_JNE | e.BPF_K, BPF_REG_X, 0, 2, 0), alu32r(e.BPF_XOR, BPF_REG_A, BPF_REG_A), exit());
          }
          out.push(alu32r(op, BPF_REG_A, BPF_REG_X));
        } else {
          out.push(alu32(op, BPF_REG_A, ki));
        }
        break;
      }
      case c.BPF_LD:
      case c.BPF_LDX: {
        const mode = c.BPF_MODE(code);
        const dst = cls === c.BPF_LD ? BPF_REG_A : BPF_REG_X;
        if (mode === c.BPF_IMM) out.push(insn(e.BPF_ALU | e.BPF_MOV | e.BPF_K, dst, 0, 0, ki));
        else if (mode === c.BPF_MEM) out.push(ldxw(dst, BPF_REG_FP, -(c.BPF_MEMWORDS - k) * 4));
        else if (mode === c.BPF_LEN) out.push(ldxw(dst, BPF_REG_CTX, SKB.len));
        else if (mode === c.BPF_MSH) {
          // X = 4 * (P[k] & 0xf), A preserved (LD_ABS clobbers r0-r5; r7 survives)
          out.push(
            mov64r(BPF_REG_X, BPF_REG_A),
            insn(e.BPF_LD | e.BPF_ABS | e.BPF_B, 0, 0, 0, ki),
            alu32(e.BPF_AND, BPF_REG_A, 0xf),
            alu32(e.BPF_LSH, BPF_REG_A, 2),
            mov64r(BPF_REG_TMP, BPF_REG_X),
            mov64r(BPF_REG_X, BPF_REG_A),
            mov64r(BPF_REG_A, BPF_REG_TMP),
          );
        } else if (mode === c.BPF_ABS && ki < 0 && ki >= c.SKF_AD_OFF) {
          out.push(...ancillary(ki - c.SKF_AD_OFF, pc));
        } else if (mode === c.BPF_ABS) {
          out.push(insn(e.BPF_LD | e.BPF_ABS | c.BPF_SIZE(code), 0, 0, 0, ki));
        } else if (mode === c.BPF_IND) {
          out.push(insn(e.BPF_LD | e.BPF_IND | c.BPF_SIZE(code), 0, BPF_REG_X, 0, ki));
        } else {
          throw new BpfError('EINVAL', `cannot convert classic opcode 0x${code.toString(16)}`, { insn: pc });
        }
        break;
      }
      case c.BPF_ST:
      case c.BPF_STX:
        out.push(insn(e.BPF_STX | e.BPF_MEM | e.BPF_W, BPF_REG_FP, cls === c.BPF_ST ? BPF_REG_A : BPF_REG_X, -(c.BPF_MEMWORDS - k) * 4));
        break;
      case c.BPF_MISC:
        out.push(code === (c.BPF_MISC | c.BPF_TAX) ? mov64r(BPF_REG_X, BPF_REG_A) : mov64r(BPF_REG_A, BPF_REG_X));
        break;
      case c.BPF_RET:
        if (c.BPF_RVAL(code) === c.BPF_K) out.push(insn(e.BPF_ALU | e.BPF_MOV | e.BPF_K, BPF_REG_A, 0, 0, ki));
        else if (c.BPF_RVAL(code) === c.BPF_X) out.push(insn(e.BPF_ALU | e.BPF_MOV | e.BPF_X, BPF_REG_A, BPF_REG_X));
        out.push(exit());
        break;
      case c.BPF_JMP: {
        const op = c.BPF_OP(code);
        if (op === c.BPF_JA) {
          jmpTo(e.BPF_JMP | e.BPF_JA, 0, 0, 0, pc + 1 + ki);
          break;
        }
        let src = 0;
        let useX = c.BPF_SRC(code) === c.BPF_X;
        if (!useX && ki < 0) {
          // eBPF immediates are sign-extended: zero-extend k through the temporary
          out.push(insn(e.BPF_ALU | e.BPF_MOV | e.BPF_K, BPF_REG_TMP, 0, 0, ki));
          src = BPF_REG_TMP;
          useX = true;
        } else if (useX) src = BPF_REG_X;
        const jcode = e.BPF_JMP | op | (useX ? e.BPF_X : e.BPF_K);
        const imm = useX ? 0 : ki;
        if (jt === 0 && jf === 0) break; // both ways to the next instruction
        if (jf === 0) {
          jmpTo(jcode, BPF_REG_A, src, imm, pc + 1 + jt);
        } else if (jt === 0 && op !== c.BPF_JSET) {
          // invert the condition, as the kernel does when jt is the fall-through
          const inv = op === c.BPF_JEQ ? e.BPF_JNE : op === c.BPF_JGT ? e.BPF_JLE : e.BPF_JLT;
          jmpTo(e.BPF_JMP | inv | (useX ? e.BPF_X : e.BPF_K), BPF_REG_A, src, imm, pc + 1 + jf);
        } else {
          jmpTo(jcode, BPF_REG_A, src, imm, pc + 1 + jt);
          jmpTo(e.BPF_JMP | e.BPF_JA, 0, 0, 0, pc + 1 + jf);
        }
        break;
      }
      default:
        throw new BpfError('EINVAL', `cannot convert classic opcode 0x${code.toString(16)}`, { insn: pc });
    }
  }
  start.push(out.length);
  for (const f of fix) {
    const target = start[f.target];
    if (target === undefined) throw new BpfError('EINVAL', `jump to ${f.target} outside the classic program`);
    const off = target - f.at - 1;
    if (off < -32768 || off > 32767) throw new BpfError('E2BIG', 'converted jump offset does not fit 16 bits');
    out[f.at] = { ...out[f.at]!, off };
  }
  return out;
}

/** SKF_AD_* loads as reads of the __sk_buff context (or helper calls), result in A */
function ancillary(ad: number, pc: number): Instruction[] {
  switch (ad) {
    case c.SKF_AD_PROTOCOL:
      // __sk_buff.protocol is in network byte order; the classic value is host order
      return [ldxw(BPF_REG_A, BPF_REG_CTX, SKB.protocol), insn(e.BPF_ALU | e.BPF_END | e.BPF_TO_BE, BPF_REG_A, 0, 0, 16)];
    case c.SKF_AD_PKTTYPE: return [ldxw(BPF_REG_A, BPF_REG_CTX, SKB.pkt_type)];
    case c.SKF_AD_IFINDEX: return [ldxw(BPF_REG_A, BPF_REG_CTX, SKB.ifindex)];
    case c.SKF_AD_MARK: return [ldxw(BPF_REG_A, BPF_REG_CTX, SKB.mark)];
    case c.SKF_AD_QUEUE: return [ldxw(BPF_REG_A, BPF_REG_CTX, SKB.queue_mapping)];
    case c.SKF_AD_RXHASH: return [ldxw(BPF_REG_A, BPF_REG_CTX, SKB.hash)];
    case c.SKF_AD_VLAN_TAG: return [ldxw(BPF_REG_A, BPF_REG_CTX, SKB.vlan_tci)];
    case c.SKF_AD_VLAN_TAG_PRESENT: return [ldxw(BPF_REG_A, BPF_REG_CTX, SKB.vlan_present)];
    case c.SKF_AD_VLAN_TPID: return [ldxw(BPF_REG_A, BPF_REG_CTX, SKB.vlan_proto), insn(e.BPF_ALU | e.BPF_END | e.BPF_TO_BE, BPF_REG_A, 0, 0, 16)];
    case c.SKF_AD_ALU_XOR_X: return [alu32r(e.BPF_XOR, BPF_REG_A, BPF_REG_X)];
    case c.SKF_AD_CPU: return [insn(e.BPF_JMP | e.BPF_CALL, 0, 0, 0, BPF_FUNC_get_smp_processor_id)];
    case c.SKF_AD_RANDOM: return [insn(e.BPF_JMP | e.BPF_CALL, 0, 0, 0, BPF_FUNC_get_prandom_u32)];
    default:
      throw new BpfError('EINVAL', `ancillary load SKF_AD_OFF + ${ad} cannot be converted without a kernel skb`, { insn: pc });
  }
}
