/**
 * The JIT on verified programs (`jit-verified`): programs tsbpf's verifier accepts run without
 * region checks and without instruction counting (the verifier proved both), the way a kernel
 * runs what its verifier accepted. Programs it rejects fall back to the checked JIT.
 */
import { verify } from '../src/verifier/index.js';
import { compile } from '../src/vm/jit/runtime.js';
import { progTypeOf, testRun } from '../src/vm/test_run.js';
import { defaultHelpers } from '../src/helpers/impl/index.js';
import { registerEngine, type BenchProgram, type PreparedRun } from './registry.js';

registerEngine({
  name: 'jit-verified',
  available: () => true,
  prepare(prog: BenchProgram): PreparedRun {
    const accepted = verify(prog.insns, { progType: 'xdp', logLevel: 0 }).accepted;
    const engine = compile(prog.insns, accepted ? { helpers: defaultHelpers(), verified: true, countInstructions: false } : { helpers: defaultHelpers(), budget: 1e9 });
    const xdp = progTypeOf('xdp');
    return {
      run(n) {
        const r = testRun(engine, xdp, { dataIn: prog.data, repeat: n });
        return { retval: r.retval, ...(accepted ? {} : { insns: r.insns }) };
      },
    };
  },
});

// compile cost and run overhead: bench/jit_compile.bench.ts
