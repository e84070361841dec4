/**
 * The `ubpf` dialect (src/asm/ubpf.ts: assembleUbpf / disassembleUbpf), behind the same
 * interface the CLI uses for the llvm dialect.
 */
import type { Instruction } from '../isa/instruction.js';
import { assembleUbpf, disassembleUbpf } from './ubpf.js';

export interface UbpfDialect {
  assembleUbpf(text: string): Instruction[];
  disassembleUbpf(insns: readonly Instruction[]): string;
}

export async function loadUbpf(): Promise<UbpfDialect> {
  return { assembleUbpf, disassembleUbpf: (insns) => disassembleUbpf(insns) };
}
