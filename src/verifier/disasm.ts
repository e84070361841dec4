/**
 * Instruction text as the kernel's verifier log prints it (kernel/bpf/disasm.c print_bpf_insn):
 * `(07) r1 += -8`, `(61) r0 = *(u32 *)(r1 +4)`, `(85) call bpf_map_lookup_elem#1`. The text comes
 * from the asm layer's kernel-syntax formatter; the verifier adds the `(opcode) ` prefix.
 */
import { formatInstruction } from '../asm/llvm_syntax.js';
import type { Slots } from './cfg.js';

export function disasmSlot(s: Slots, i: number): string {
  const ins = { code: s.code[i]!, dst: s.dst[i]!, src: s.src[i]!, off: s.off[i]!, imm: s.imm[i]!, imm2: i + 1 < s.n ? s.imm[i + 1]! : 0 };
  return `(${ins.code.toString(16).padStart(2, '0')}) ${formatInstruction(ins, { style: 'kernel', pc: i, helperNames: true })}`;
}
