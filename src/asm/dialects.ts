/**
 * The `ubpf` dialect lives in ./ubpf.ts (assembleUbpf / disassembleUbpf), written on its own
 * branch; it is loaded by name so this layer builds with or without it.
 */
import { BpfError } from '../isa/errors.js';
import type { Instruction } from '../isa/instruction.js';

export interface UbpfDialect {
  assembleUbpf(text: string): Instruction[];
  disassembleUbpf(insns: readonly Instruction[]): string;
}

export async function loadUbpf(): Promise<UbpfDialect> {
  const spec: string = './ubpf.js';
  let mod: Partial<UbpfDialect> | undefined;
  try {
    mod = (await import(spec)) as Partial<UbpfDialect>;
  } catch {
    mod = undefined;
  }
  if (!mod || typeof mod.assembleUbpf !== 'function' || typeof mod.disassembleUbpf !== 'function') {
    throw new BpfError('EOPNOTSUPP', 'the ubpf dialect is not available in this build (src/asm/ubpf.ts with assembleUbpf/disassembleUbpf is missing)');
  }
  return mod as UbpfDialect;
}
