/**
 * The WebAssembly JIT (issue 6): `compile(insns, opts)` gives a JitProgram whose `run()` has the
 * interpreter's signature and results; `jitToWat` prints the generated module.
 */
import type { Instruction } from '../../isa/instruction.js';
import { compileModule } from './runtime.js';
import { wasmToWat } from './wat.js';

export { compile, compileModule, jitWasm, JitProgram, type JitOptions, type CompiledModule } from './runtime.js';
export { wasmToWat } from './wat.js';
export { encodeModule, Bytes } from './wasm.js';

/** the WAT text of the module the JIT generates for a program */
export function jitToWat(insns: readonly Instruction[], opts: { verified?: boolean; countInstructions?: boolean } = {}): string {
  return wasmToWat(compileModule(insns, !opts.verified, opts.countInstructions ?? true).wasm);
}
