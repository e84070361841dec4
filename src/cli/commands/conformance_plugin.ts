/**
 * `tsbpf conformance-plugin [MEM] [--engine interpreter|jit]`: the bpf_conformance runner's plugin
 * protocol (../shared/conformance/README.md): argv[1] = memory as hex byte pairs (absent when the
 * test has none), stdin = the program as hex bytes; print r0 in hex and exit 0, or print one error
 * line and exit 1.
 */
import { BpfError } from '../../isa/errors.js';
import { decodeInstructions, hexToBytes } from '../../isa/instruction.js';
import { HelperRegistry } from '../../helpers/api.js';
import { runRaw } from '../../vm/run.js';
import { parseEngine, ENGINE_NAMES, type EngineName } from '../../vm/engine.js';
import { defineCommand, mainOf } from '../command.js';
import { readInput } from '../files.js';

/** the helpers the conformance suite expects: helper 5 returns its r1 (call_unwind_fail.data) */
export function conformanceHelpers(): HelperRegistry {
  return new HelperRegistry().register(5, 'conformance_return_r1', (h) => h.ret64(h.arg(1)));
}


export const command = defineCommand({
  name: 'conformance-plugin',
  summary: 'run one bpf_conformance test: program as hex on stdin, memory as hex in MEM; prints r0 in hex',
  args: '[MEM]',
  maxArgs: 1,
  // options other than ours belong to the conformance runner
  passUnknown: true,
  noGlobals: true,
  options: {
    engine: { type: 'string', arg: 'E', choices: ENGINE_NAMES, help: 'engine that runs the program' },
  },
  run({ values, args }) {
    const engine: EngineName = parseEngine(values.engine);
    const memHex = args[0] ?? '';
    try {
      const prog = decodeInstructions(hexToBytes(new TextDecoder().decode(readInput('-'))));
      const mem = memHex.trim() ? hexToBytes(memHex) : undefined;
      const res = runRaw(prog, { mem, helpers: conformanceHelpers(), budget: 10_000_000, engine });
      process.stdout.write(res.r0.toString(16) + '\n');
      return 0;
    } catch (e) {
      // the protocol: one error line on stdout, exit 1
      if (e instanceof BpfError) {
        process.stdout.write(e.message + '\n');
        return 1;
      }
      throw e;
    }
  },
});

export const main = mainOf(command);
