/**
 * The names of the filter engines (engines.ts builds them), apart so that a command can list and
 * check them without loading every engine.
 */
import { BpfError } from '../../isa/errors.js';

export type FilterEngine = 'interpreter' | 'jit' | 'cbpf' | 'cbpf-jit' | 'cbpf-wasm';
export const FILTER_ENGINES: readonly FilterEngine[] = ['interpreter', 'jit', 'cbpf', 'cbpf-jit', 'cbpf-wasm'];

/** `v`, checked; `dflt` when absent (the eBPF conversion on the JIT, as every command that runs programs) */
export function parseFilterEngine(v: string | undefined, dflt: FilterEngine = 'jit'): FilterEngine {
  if (v === undefined) return dflt;
  if ((FILTER_ENGINES as readonly string[]).includes(v)) return v as FilterEngine;
  throw new BpfError('EINVAL', `unknown engine '${v}' (expected ${FILTER_ENGINES.join(', ')})`);
}
