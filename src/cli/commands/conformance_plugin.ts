/**
 * `tsbpf conformance-plugin [MEM] [--engine interpreter|jit]`: the bpf_conformance runner's plugin
 * protocol (../shared/conformance/README.md): argv[1] = memory as hex byte pairs (absent when the
 * test has none), stdin = the program as hex bytes; print r0 in hex and exit 0, or print one error
 * line and exit 1.
 */
import { readFileSync } from 'node:fs';
import { BpfError } from '../../isa/errors.js';
import { decodeInstructions, hexToBytes } from '../../isa/instruction.js';
import { HelperRegistry } from '../../helpers/api.js';
import { runRaw } from '../../vm/run.js';
import { parseEngine, type EngineName } from '../../vm/engine.js';

/** the helpers the conformance suite expects: helper 5 returns its r1 (call_unwind_fail.data) */
export function conformanceHelpers(): HelperRegistry {
  return new HelperRegistry().register(5, 'conformance_return_r1', (h) => h.ret64(h.arg(1)));
}


export async function main(argv: string[]): Promise<number> {
  let memHex = '';
  let engine: EngineName = parseEngine(undefined);
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k]!;
    if (a === '--engine') engine = parseEngine(argv[++k]);
    else if (a.startsWith('--engine=')) engine = parseEngine(a.slice(9));
    else if (a.startsWith('--')) continue; // unknown options are the runner's, not ours
    else memHex = a;
  }
  try {
    const prog = decodeInstructions(hexToBytes(readFileSync(0, 'utf8')));
    const mem = memHex.trim() ? hexToBytes(memHex) : undefined;
    const res = runRaw(prog, { mem, helpers: conformanceHelpers(), budget: 10_000_000, engine });
    process.stdout.write(res.r0.toString(16) + '\n');
    return 0;
  } catch (e) {
    if (e instanceof BpfError) {
      process.stdout.write(e.message + '\n');
      return 1;
    }
    throw e;
  }
}
