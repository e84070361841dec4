/**
 * The classic BPF interpreter, with the semantics libpcap's bpf_filter() and Linux's classic
 * socket filters share: A and X are 32-bit and start at 0, M[16] scratch words start at 0, a
 * load outside the captured bytes ends the filter with 0, division or modulo by X == 0 ends the
 * filter with 0, BPF_LEN is the wire length, jumps are forward (a backward ja, which libpcap's
 * protochain code uses, is executed too: CLASSIC_BACK_EDGES of them, then the filter returns 0, as
 * the compiled engines' unrolled loops do, loops.ts). Loads at SKF_AD_OFF + n read
 * the packet's metadata as Linux defines it (protocol, pkttype, ifindex, mark, queue, hatype,
 * rxhash, cpu, alu_xor_x, vlan_tag, vlan_tag_present, vlan_tpid, random); SKF_LL_OFF + n reads
 * from the link-layer header, SKF_NET_OFF + n from the network header (net/core/filter.c,
 * bpf_internal_load_pointer_neg_helper).
 */
import { BpfError } from '../../isa/errors.js';
import * as c from './opcodes.js';
import type { SockFilter } from './program.js';
import { CLASSIC_BACK_EDGES } from './loops.js';

/** metadata a Linux socket filter can read through SKF_AD_OFF loads */
export interface ClassicAux {
  /** skb->protocol in host order (an ETH_P_ value) */
  protocol?: number;
  pkttype?: number;
  ifindex?: number;
  mark?: number;
  queue?: number;
  hatype?: number;
  rxhash?: number;
  cpu?: number;
  vlanTci?: number;
  vlanPresent?: boolean;
  vlanTpid?: number;
  /** offset of the network header (for SKF_NET_OFF) */
  netOffset?: number;
  random?: () => number;
}

export interface ClassicRunOptions {
  /** the packet's length on the wire (BPF_LEN); default: data.length */
  wirelen?: number;
  aux?: ClassicAux;
  /** instruction budget (only backward jumps can exhaust it); default 1e6 */
  budget?: number;
  /** backward jumps a run may take before it returns 0; default CLASSIC_BACK_EDGES (loops.ts) */
  backEdges?: number;
}

/** a classic program decoded into parallel typed arrays for the interpreter's loop */
export class ClassicProgram {
  readonly code: Uint16Array;
  readonly jt: Uint8Array;
  readonly jf: Uint8Array;
  readonly k: Uint32Array;
  constructor(readonly insns: SockFilter[]) {
    const n = insns.length;
    this.code = new Uint16Array(n);
    this.jt = new Uint8Array(n);
    this.jf = new Uint8Array(n);
    this.k = new Uint32Array(n);
    insns.forEach((i, j) => {
      this.code[j] = i.code;
      this.jt[j] = i.jt;
      this.jf[j] = i.jf;
      this.k[j] = i.k >>> 0;
    });
  }
}

function anc(off: number, A: number, X: number, aux: ClassicAux | undefined): number | undefined {
  const a = aux ?? {};
  switch (off) {
    case c.SKF_AD_PROTOCOL: return (a.protocol ?? 0) & 0xffff;
    case c.SKF_AD_PKTTYPE: return a.pkttype ?? 0;
    case c.SKF_AD_IFINDEX: return a.ifindex ?? 0;
    case c.SKF_AD_MARK: return a.mark ?? 0;
    case c.SKF_AD_QUEUE: return a.queue ?? 0;
    case c.SKF_AD_HATYPE: return a.hatype ?? 0;
    case c.SKF_AD_RXHASH: return a.rxhash ?? 0;
    case c.SKF_AD_CPU: return a.cpu ?? 0;
    case c.SKF_AD_ALU_XOR_X: return (A ^ X) >>> 0;
    case c.SKF_AD_VLAN_TAG: return (a.vlanTci ?? 0) & 0xffff;
    case c.SKF_AD_VLAN_TAG_PRESENT: return a.vlanPresent ? 1 : 0;
    case c.SKF_AD_VLAN_TPID: return a.vlanPresent ? (a.vlanTpid ?? 0x8100) : 0;
    case c.SKF_AD_RANDOM: return (a.random ?? (() => (Math.random() * 4294967296) >>> 0))() >>> 0;
    default: return undefined; // NLATTR, PAY_OFFSET: need a real skb
  }
}

/** load `size` bytes big-endian at a signed offset; undefined if out of the packet */
function loadAt(p: Uint8Array, k: number, size: number, aux: ClassicAux | undefined): number | undefined {
  let o = k;
  if (k < 0) {
    if (k >= c.SKF_AD_OFF) return undefined;
    if (k >= c.SKF_NET_OFF) o = k - c.SKF_NET_OFF + (aux?.netOffset ?? 0);
    else if (k >= c.SKF_LL_OFF) o = k - c.SKF_LL_OFF;
    else return undefined;
  }
  if (o < 0 || o + size > p.length) return undefined;
  if (size === 1) return p[o]!;
  if (size === 2) return (p[o]! << 8) | p[o + 1]!;
  return ((p[o]! << 24) | (p[o + 1]! << 16) | (p[o + 2]! << 8) | p[o + 3]!) >>> 0;
}

const SIZE: Record<number, number> = { [c.BPF_W]: 4, [c.BPF_H]: 2, [c.BPF_B]: 1 };

/**
 * Run a classic program over one packet; returns the filter's result (0 = drop, otherwise the
 * number of bytes to keep). Raises EINVAL for an opcode the interpreter does not know, a jump
 * out of the program, or ELOOP when the budget runs out.
 */
export function runClassic(prog: ClassicProgram | SockFilter[], pkt: Uint8Array, opts: ClassicRunOptions = {}): number {
  const P = prog instanceof ClassicProgram ? prog : new ClassicProgram(prog);
  const code = P.code, jt = P.jt, jf = P.jf, K = P.k;
  const n = code.length;
  const wirelen = opts.wirelen ?? pkt.length;
  const aux = opts.aux;
  const M = new Uint32Array(c.BPF_MEMWORDS);
  let A = 0;
  let X = 0;
  let pc = 0;
  let budget = opts.budget ?? 1_000_000;
  let backEdges = opts.backEdges ?? CLASSIC_BACK_EDGES;
  const buflen = pkt.length;
  for (;;) {
    if (pc >= n || pc < 0) throw new BpfError('EINVAL', `classic program falls off its end`, { insn: pc });
    if (--budget < 0) throw new BpfError('ELOOP', 'classic program exceeded its instruction budget', { insn: pc });
    const k = K[pc]!;
    const op = code[pc]!;
    switch (op) {
      case c.BPF_RET | c.BPF_K: return k;
      case c.BPF_RET | c.BPF_A: return A >>> 0;
      case c.BPF_LD | c.BPF_W | c.BPF_ABS:
      case c.BPF_LD | c.BPF_H | c.BPF_ABS:
      case c.BPF_LD | c.BPF_B | c.BPF_ABS: {
        const sk = k | 0;
        if (sk < 0 && sk >= c.SKF_AD_OFF) {
          const v = anc(sk - c.SKF_AD_OFF, A, X, aux);
          if (v === undefined) return 0;
          A = v;
          break;
        }
        if (sk >= 0 && k <= buflen - 4 && op === (c.BPF_LD | c.BPF_W | c.BPF_ABS)) {
          A = ((pkt[k]! << 24) | (pkt[k + 1]! << 16) | (pkt[k + 2]! << 8) | pkt[k + 3]!) >>> 0;
          break;
        }
        const v = loadAt(pkt, sk, SIZE[c.BPF_SIZE(op)]!, aux);
        if (v === undefined) return 0;
        A = v;
        break;
      }
      case c.BPF_LD | c.BPF_W | c.BPF_IND:
      case c.BPF_LD | c.BPF_H | c.BPF_IND:
      case c.BPF_LD | c.BPF_B | c.BPF_IND: {
        // libpcap: X + k must not wrap; Linux: the sum is a signed 32-bit offset
        const o = (X + k) >>> 0;
        if (o < X) return 0;
        const v = loadAt(pkt, o | 0, SIZE[c.BPF_SIZE(op)]!, aux);
        if (v === undefined) return 0;
        A = v;
        break;
      }
      case c.BPF_LD | c.BPF_W | c.BPF_LEN: A = wirelen >>> 0; break;
      case c.BPF_LDX | c.BPF_W | c.BPF_LEN: X = wirelen >>> 0; break;
      case c.BPF_LD | c.BPF_IMM: A = k; break;
      case c.BPF_LDX | c.BPF_IMM: X = k; break;
      case c.BPF_LD | c.BPF_MEM: A = M[k & 15]!; break;
      case c.BPF_LDX | c.BPF_MEM: X = M[k & 15]!; break;
      case c.BPF_ST: M[k & 15] = A; break;
      case c.BPF_STX: M[k & 15] = X; break;
      case c.BPF_LDX | c.BPF_MSH | c.BPF_B: {
        if (k >= buflen) return 0;
        X = (pkt[k]! & 0xf) << 2;
        break;
      }
      case c.BPF_JMP | c.BPF_JA:
        if ((k | 0) < 0 && --backEdges < 0) return 0;
        pc = (pc + k) | 0;
        break;
      case c.BPF_JMP | c.BPF_JGT | c.BPF_K: pc += A > k ? jt[pc]! : jf[pc]!; break;
      case c.BPF_JMP | c.BPF_JGE | c.BPF_K: pc += A >= k ? jt[pc]! : jf[pc]!; break;
      case c.BPF_JMP | c.BPF_JEQ | c.BPF_K: pc += A === k ? jt[pc]! : jf[pc]!; break;
      case c.BPF_JMP | c.BPF_JSET | c.BPF_K: pc += (A & k) !== 0 ? jt[pc]! : jf[pc]!; break;
      case c.BPF_JMP | c.BPF_JGT | c.BPF_X: pc += A > X ? jt[pc]! : jf[pc]!; break;
      case c.BPF_JMP | c.BPF_JGE | c.BPF_X: pc += A >= X ? jt[pc]! : jf[pc]!; break;
      case c.BPF_JMP | c.BPF_JEQ | c.BPF_X: pc += A === X ? jt[pc]! : jf[pc]!; break;
      case c.BPF_JMP | c.BPF_JSET | c.BPF_X: pc += (A & X) !== 0 ? jt[pc]! : jf[pc]!; break;
      case c.BPF_ALU | c.BPF_ADD | c.BPF_X: A = (A + X) >>> 0; break;
      case c.BPF_ALU | c.BPF_SUB | c.BPF_X: A = (A - X) >>> 0; break;
      case c.BPF_ALU | c.BPF_MUL | c.BPF_X: A = Math.imul(A, X) >>> 0; break;
      case c.BPF_ALU | c.BPF_DIV | c.BPF_X: if (X === 0) return 0; A = Math.floor(A / X) >>> 0; break;
      case c.BPF_ALU | c.BPF_MOD | c.BPF_X: if (X === 0) return 0; A = A % X >>> 0; break;
      case c.BPF_ALU | c.BPF_AND | c.BPF_X: A = (A & X) >>> 0; break;
      case c.BPF_ALU | c.BPF_OR | c.BPF_X: A = (A | X) >>> 0; break;
      case c.BPF_ALU | c.BPF_XOR | c.BPF_X: A = (A ^ X) >>> 0; break;
      // libpcap: a shift by 32 or more gives 0 (C would leave it undefined)
      case c.BPF_ALU | c.BPF_LSH | c.BPF_X: A = X < 32 ? (A << X) >>> 0 : 0; break;
      case c.BPF_ALU | c.BPF_RSH | c.BPF_X: A = X < 32 ? A >>> X : 0; break;
      case c.BPF_ALU | c.BPF_ADD | c.BPF_K: A = (A + k) >>> 0; break;
      case c.BPF_ALU | c.BPF_SUB | c.BPF_K: A = (A - k) >>> 0; break;
      case c.BPF_ALU | c.BPF_MUL | c.BPF_K: A = Math.imul(A, k) >>> 0; break;
      case c.BPF_ALU | c.BPF_DIV | c.BPF_K: if (k === 0) return 0; A = Math.floor(A / k) >>> 0; break;
      case c.BPF_ALU | c.BPF_MOD | c.BPF_K: if (k === 0) return 0; A = A % k >>> 0; break;
      case c.BPF_ALU | c.BPF_AND | c.BPF_K: A = (A & k) >>> 0; break;
      case c.BPF_ALU | c.BPF_OR | c.BPF_K: A = (A | k) >>> 0; break;
      case c.BPF_ALU | c.BPF_XOR | c.BPF_K: A = (A ^ k) >>> 0; break;
      case c.BPF_ALU | c.BPF_LSH | c.BPF_K: A = k < 32 ? (A << k) >>> 0 : 0; break;
      case c.BPF_ALU | c.BPF_RSH | c.BPF_K: A = k < 32 ? A >>> k : 0; break;
      case c.BPF_ALU | c.BPF_NEG: A = -A >>> 0; break;
      case c.BPF_MISC | c.BPF_TAX: X = A; break;
      case c.BPF_MISC | c.BPF_TXA: A = X; break;
      default:
        throw new BpfError('EINVAL', `unknown classic BPF opcode 0x${op.toString(16)}`, { insn: pc });
    }
    pc++;
  }
}
