/**
 * Instruction text as the kernel's verifier log prints it (kernel/bpf/disasm.c print_bpf_insn):
 * `(07) r1 += -8`, `(61) r0 = *(u32 *)(r1 +4)`, `(85) call bpf_map_lookup_elem#1`.
 *
 * Interim minimal printer, to be replaced by branch `asm`'s kernel-syntax disassembler.
 */
import * as op from '../isa/opcodes.js';
import type { Slots } from './cfg.js';

const ALU_OP: Record<number, string> = {
  [op.BPF_ADD]: '+=', [op.BPF_SUB]: '-=', [op.BPF_MUL]: '*=', [op.BPF_DIV]: '/=', [op.BPF_OR]: '|=', [op.BPF_AND]: '&=',
  [op.BPF_LSH]: '<<=', [op.BPF_RSH]: '>>=', [op.BPF_MOD]: '%=', [op.BPF_XOR]: '^=', [op.BPF_MOV]: '=', [op.BPF_ARSH]: 's>>=',
};
const JMP_OP: Record<number, string> = {
  [op.BPF_JEQ]: '==', [op.BPF_JGT]: '>', [op.BPF_JGE]: '>=', [op.BPF_JSET]: '&', [op.BPF_JNE]: '!=', [op.BPF_JSGT]: 's>',
  [op.BPF_JSGE]: 's>=', [op.BPF_JLT]: '<', [op.BPF_JLE]: '<=', [op.BPF_JSLT]: 's<', [op.BPF_JSLE]: 's<=',
};
const SIZE: Record<number, string> = { [op.BPF_W]: 'u32', [op.BPF_H]: 'u16', [op.BPF_B]: 'u8', [op.BPF_DW]: 'u64' };
const hex = (v: number): string => `0x${(v >>> 0).toString(16)}`;
const offs = (o: number): string => (o < 0 ? `${o}` : `+${o}`);

export function disasmSlot(s: Slots, i: number, helperName: (id: number) => string | undefined): string {
  const code = s.code[i]!;
  const dst = s.dst[i]!;
  const src = s.src[i]!;
  const off = s.off[i]!;
  const imm = s.imm[i]!;
  const cls = code & 7;
  const pre = `(${code.toString(16).padStart(2, '0')}) `;
  switch (cls) {
    case op.BPF_ALU:
    case op.BPF_ALU64: {
      const r = cls === op.BPF_ALU64 ? 'r' : 'w';
      const o = code & 0xf0;
      if (o === op.BPF_END) {
        const kind = cls === op.BPF_ALU64 ? 'bswap' : code & op.BPF_X ? 'be' : 'le';
        return `${pre}r${dst} = ${kind}${imm} r${dst}`;
      }
      if (o === op.BPF_NEG) return `${pre}${r}${dst} = -${r}${dst}`;
      const sym = ALU_OP[o] ?? '?';
      if (o === op.BPF_MOV && code & op.BPF_X && off) return `${pre}${r}${dst} = (s${off})${r}${src}`;
      const sdiv = (o === op.BPF_DIV || o === op.BPF_MOD) && off === 1 ? 's' : '';
      return `${pre}${r}${dst} ${sdiv}${sym} ${code & op.BPF_X ? `${r}${src}` : imm}`;
    }
    case op.BPF_LDX: {
      const sx = (code & 0xe0) === op.BPF_MEMSX ? 's' : 'u';
      return `${pre}r${dst} = *(${sx}${SIZE[code & 0x18]!.slice(1)} *)(r${src} ${offs(off)})`;
    }
    case op.BPF_ST:
      return `${pre}*(${SIZE[code & 0x18]} *)(r${dst} ${offs(off)}) = ${imm}`;
    case op.BPF_STX: {
      if ((code & 0xe0) === op.BPF_ATOMIC) {
        const sz = SIZE[code & 0x18];
        const w = (code & 0x18) === op.BPF_DW ? 'r' : 'w';
        if (imm === op.BPF_XCHG) return `${pre}${w}${src} = atomic${(code & 0x18) === op.BPF_DW ? '64' : ''}_xchg((${sz} *)(r${dst} ${offs(off)}), ${w}${src})`;
        if (imm === op.BPF_CMPXCHG) return `${pre}${w}0 = atomic${(code & 0x18) === op.BPF_DW ? '64' : ''}_cmpxchg((${sz} *)(r${dst} ${offs(off)}), ${w}0, ${w}${src})`;
        const sym = ALU_OP[imm & 0xf0] ?? '?';
        if (imm & op.BPF_FETCH) return `${pre}${w}${src} = atomic${(code & 0x18) === op.BPF_DW ? '64' : ''}_fetch_${['add', '', '', '', 'or', 'and', '', '', '', '', 'xor'][imm >> 4]}((${sz} *)(r${dst} ${offs(off)}), ${w}${src})`;
        return `${pre}lock *(${sz} *)(r${dst} ${offs(off)}) ${sym} ${w}${src}`;
      }
      return `${pre}*(${SIZE[code & 0x18]} *)(r${dst} ${offs(off)}) = r${src}`;
    }
    case op.BPF_LD: {
      if (code === (op.BPF_LD | op.BPF_IMM | op.BPF_DW)) {
        const imm2 = i + 1 < s.n ? s.imm[i + 1]! : 0;
        if (src === op.BPF_PSEUDO_MAP_FD || src === op.BPF_PSEUDO_MAP_IDX) return `${pre}r${dst} = map[id:${imm}]`;
        if (src === op.BPF_PSEUDO_MAP_VALUE || src === op.BPF_PSEUDO_MAP_IDX_VALUE) return `${pre}r${dst} = map[id:${imm}][0]+${imm2}`;
        if (src === op.BPF_PSEUDO_FUNC) return `${pre}r${dst} = subprog[${offs(imm)}]`;
        const v = (BigInt(imm2 >>> 0) << 32n) | BigInt(imm >>> 0);
        return `${pre}r${dst} = 0x${v.toString(16)}`;
      }
      const sz = SIZE[code & 0x18];
      if ((code & 0xe0) === op.BPF_ABS) return `${pre}r0 = *(${sz} *)skb[${imm}]`;
      if ((code & 0xe0) === op.BPF_IND) return `${pre}r0 = *(${sz} *)skb[r${src} + ${imm}]`;
      return `${pre}BUG_ld_${code.toString(16)}`;
    }
    case op.BPF_JMP:
    case op.BPF_JMP32: {
      const o = code & 0xf0;
      if (o === op.BPF_EXIT) return `${pre}exit`;
      if (o === op.BPF_CALL) {
        if (src === op.BPF_PSEUDO_CALL) return `${pre}call pc${offs(imm)}`;
        if (src === op.BPF_PSEUDO_KFUNC_CALL) return `${pre}call kernel-function`;
        return `${pre}call ${helperName(imm) ?? 'unknown'}#${imm}`;
      }
      if (o === op.BPF_JA) return cls === op.BPF_JMP32 ? `${pre}gotol pc${offs(imm)}` : `${pre}goto pc${offs(off)}`;
      const r = cls === op.BPF_JMP32 ? 'w' : 'r';
      const rhs = code & op.BPF_X ? `${r}${src}` : hex(imm);
      return `${pre}if ${r}${dst} ${JMP_OP[o] ?? '?'} ${rhs} goto pc${offs(off)}`;
    }
  }
  return `${pre}unknown`;
}
