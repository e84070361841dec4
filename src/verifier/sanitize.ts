/**
 * What the kernel does to an accepted program's dead code before it runs (kernel/bpf/verifier.c
 * sanitize_dead_code): every instruction no path reaches becomes `ja -1`, so that nothing the
 * verifier did not check — reserved fields, unknown opcodes in code the branches never take — is
 * handed to an engine. (A privileged load removes them instead, opt_remove_dead_code; replacing
 * keeps every jump offset as it is.) An unreached lddw stays two slots: `r0 = 0 ll`.
 */
import { LDDW, slotIndices, type Instruction } from '../isa/instruction.js';
import * as op from '../isa/opcodes.js';

const TRAP: Instruction = { code: op.BPF_JMP | op.BPF_JA, dst: 0, src: 0, off: -1, imm: 0, imm2: 0 };
const LDDW_ZERO: Instruction = { code: LDDW, dst: 0, src: 0, off: 0, imm: 0, imm2: 0 };

/** `insns` with the instructions at the slot indices `dead` (VerifyResult.deadInsns) replaced */
export function sanitizeDeadCode(insns: readonly Instruction[], dead: readonly number[] | undefined): Instruction[] {
  if (!dead || dead.length === 0) return [...insns];
  const slots = slotIndices(insns);
  const bySlot = new Map<number, number>();
  slots.forEach((s, k) => bySlot.set(s, k));
  const out = [...insns];
  for (const s of dead) {
    const k = bySlot.get(s);
    if (k === undefined) continue;
    out[k] = out[k]!.code === LDDW ? LDDW_ZERO : TRAP;
  }
  return out;
}
