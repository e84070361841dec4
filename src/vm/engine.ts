/**
 * The engine switch (`--engine interpreter|jit` on every command that runs programs): both
 * engines run a program on an AddressSpace with the same RunArgs and RunResult.
 */
import * as op from '../isa/opcodes.js';
import { BpfError } from '../isa/errors.js';
import type { Instruction } from '../isa/instruction.js';
import type { AddressSpace } from './address_space.js';
import { Interpreter, type InterpreterOptions, type RunArgs, type RunResult } from './interpreter.js';
import { compile, type JitOptions } from './jit/runtime.js';

export type EngineName = 'interpreter' | 'jit';
export const ENGINE_NAMES: readonly EngineName[] = ['interpreter', 'jit'];

export interface Engine {
  readonly as: AddressSpace;
  run(args?: RunArgs): RunResult;
  /**
   * `n` runs with the same arguments (env.tailCallCnt reset before each), the last one's result;
   * the JIT runs them in one call into wasm (JitProgram.runRepeat)
   */
  runRepeat?(args: RunArgs, n: number): RunResult;
}

/** the engine every command uses unless told otherwise: the JIT (issue 6); the interpreter stays the reference */
export const DEFAULT_ENGINE: EngineName = 'jit';

export function parseEngine(v: string | undefined): EngineName {
  if (v === undefined) return DEFAULT_ENGINE;
  if (v === 'interpreter') return 'interpreter';
  if (v === 'jit') return 'jit';
  throw new BpfError('EINVAL', `unknown engine '${v}' (expected interpreter or jit)`);
}

/**
 * `verified` (the verifier accepted the program) lets the JIT drop its region checks, and
 * `countInstructions: false` its budget; the interpreter always checks and counts.
 */
export function createEngine(name: EngineName, insns: readonly Instruction[], opts: InterpreterOptions & Pick<JitOptions, 'verified' | 'countInstructions'> = {}): Engine {
  // addr_space_cast (BPF_ALU64 | BPF_MOV | BPF_X, off 1): arena pointers need the arena's pages,
  // which the caller gives as `arena` (maps/arena.ts, from the program's BPF_MAP_TYPE_ARENA map);
  // without one the program is refused here rather than run wrongly
  let slot = 0;
  if (!opts.arena) {
    for (const i of insns) {
      if (i.code === (op.BPF_ALU64 | op.BPF_MOV | op.BPF_X) && i.off === op.BPF_ADDR_SPACE_CAST) {
        throw new BpfError('EOPNOTSUPP', `addr_space_cast at insn ${slot}: the program references no BPF_MAP_TYPE_ARENA map, so there is no arena memory to run it on; it can be verified but not run`, { insn: slot });
      }
      slot += i.code === (op.BPF_LD | op.BPF_IMM | op.BPF_DW) ? 2 : 1;
    }
  }
  switch (name) {
    case 'interpreter':
      return new Interpreter(insns, opts);
    case 'jit':
      return compile(insns, opts);
  }
}
