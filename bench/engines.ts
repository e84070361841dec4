/**
 * The built-in benchmark engines: tsbpf's interpreter, tsbpf's JIT (when src/vm/engine.ts can
 * create it), and the Linux kernel's JIT through BPF_PROG_TEST_RUN (when bpf() works here).
 */
import { isBpfError } from '../src/isa/errors.js';
import { encodeInstructions, type Instruction } from '../src/isa/instruction.js';
import { closeFd, kernelAvailable, progLoad, progTestRun } from '../src/hooks/kernel/index.js';
import { createEngine, type EngineName } from '../src/vm/engine.js';
import { progTypeOf, testRun } from '../src/vm/test_run.js';
import { defaultHelpers } from '../src/helpers/impl/index.js';
import { registerEngine, type BenchEngine, type BenchProgram, type PreparedRun } from './registry.js';

const EXIT: Instruction = { code: 0x95, dst: 0, src: 0, off: 0, imm: 0, imm2: 0 };

/** a tsbpf engine by its --engine name; unavailable while createEngine refuses it */
export function tsbpfBenchEngine(name: EngineName): BenchEngine {
  return {
    name,
    available() {
      try {
        createEngine(name, [EXIT]);
        return true;
      } catch (e) {
        if (isBpfError(e)) return e.reason;
        throw e;
      }
    },
    prepare(prog: BenchProgram): PreparedRun {
      // one engine (address space, decoded or compiled program) for all runs; each call is one
      // BPF_PROG_TEST_RUN with `repeat` = n on the same packet, as the kernel does it
      const engine = createEngine(name, prog.insns, { helpers: defaultHelpers(), budget: 1e9 });
      const xdp = progTypeOf('xdp');
      return {
        run(n) {
          const r = testRun(engine, xdp, { dataIn: prog.data, repeat: n });
          return { retval: r.retval, insns: r.insns };
        },
      };
    },
  };
}

/** the Linux kernel: BPF_PROG_LOAD as XDP (JIT-compiled where the kernel JITs), BPF_PROG_TEST_RUN with repeat */
export const kernelBenchEngine: BenchEngine = {
  name: 'kernel',
  available() {
    const k = kernelAvailable();
    return k.ok ? true : k.reason;
  },
  prepare(prog) {
    const { fd } = progLoad({ progType: 'XDP', insns: encodeInstructions(prog.insns), progName: prog.name.slice(0, 15).replace(/[^A-Za-z0-9_]/g, '_') });
    return {
      run(n) {
        return { retval: progTestRun(fd, { dataIn: prog.data, repeat: n }).retval };
      },
      timed(n) {
        // the kernel measures the runs itself (bpf_test_run: ktime around the loop, paused
        // while the task reschedules) and reports the mean in `duration`
        const r = progTestRun(fd, { dataIn: prog.data, repeat: n });
        return { nsPerRun: r.duration, outcome: { retval: r.retval } };
      },
      dispose() {
        closeFd(fd);
      },
    };
  },
};

let registered = false;
/** register the built-in engines (interpreter, jit, kernel) once */
export function registerBuiltinEngines(): void {
  if (registered) return;
  registered = true;
  registerEngine(tsbpfBenchEngine('interpreter'));
  registerEngine(tsbpfBenchEngine('jit'));
  registerEngine(kernelBenchEngine);
}
