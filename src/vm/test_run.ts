/**
 * BPF_PROG_TEST_RUN for programs given as instructions (net/bpf/test_run.c): the program type's
 * context is built around data_in/ctx_in by progtypes/, the program runs on the chosen engine
 * (optionally repeated), and the result is what the kernel reports: retval (the low 32 bits of r0),
 * data_out, ctx_out, plus instructions executed and the time per run.
 */
import { BpfError } from '../isa/errors.js';
import type { Instruction } from '../isa/instruction.js';
import type { ExecEnv, HelperRegistry } from '../helpers/api.js';
import { defaultHelpers } from '../helpers/impl/index.js';
import { prepareTestRun } from '../progtypes/test_run.js';
import { parseProgType } from '../progtypes/prog_types.js';
import { createEngine, type Engine, type EngineName } from './engine.js';

export interface TestRunOptions {
  dataIn?: Uint8Array;
  ctxIn?: Uint8Array;
  repeat?: number;
  engine?: EngineName;
  helpers?: HelperRegistry;
  budget?: number;
  /** emulated CPU of the run (bpf_get_smp_processor_id, per-CPU maps) */
  cpu?: number;
  /** emulated network devices, ifindex 1..devices (default 1, lo) */
  devices?: number;
  /** more ExecEnv fields for helpers, layered over the program type's (fresh for every run) */
  env?: Partial<ExecEnv>;
  /** simulated user memory after a tracing context (progtypes/test_run.ts TestRunOptions.userMem) */
  userMem?: import('../progtypes/test_run.js').TestRunOptions['userMem'];
}

export interface PacketRunResult {
  retval: number;
  /** r0, all 64 bits */
  r0: bigint;
  dataOut: Uint8Array;
  ctxOut: Uint8Array | undefined;
  insns: number;
  nsPerRun: number;
  /** sk_reuseport: the socket bpf_sk_select_reuseport selected (progtypes/reuseport_run.ts) */
  selectedSocket?: number;
}

/** resolve a user-written program type ("xdp", "sched_cls", "BPF_PROG_TYPE_XDP", 6) or throw EINVAL */
export function progTypeOf(type: string | number): number {
  const t = parseProgType(type);
  if (t === undefined) throw new BpfError('EINVAL', `unknown program type '${type}'`);
  return t;
}

/**
 * Run an already created engine the way BPF_PROG_TEST_RUN does: the context and packet are built
 * once and the program runs `repeat` times on them (as net/bpf/test_run.c's bpf_test_run loop, which
 * does not reset the buffer between repetitions); the results are those of the last run.
 */
export function testRun(engine: Engine, progType: number, o: TestRunOptions = {}): PacketRunResult {
  const repeat = Math.max(1, o.repeat ?? 1);
  const prep = prepareTestRun(engine.as, progType, { dataIn: o.dataIn, ctxIn: o.ctxIn, cpu: o.cpu, devices: o.devices, ...(o.userMem ? { userMem: o.userMem } : {}) });
  try {
    const env: ExecEnv = o.env ? { ...prep.env, ...o.env } : prep.env;
    const args = { r1: prep.ctx, env };
    // with repeat > 1 the first run warms up (engine caches, JIT tiers) and is not timed
    let t0 = performance.now();
    let res = engine.run(args);
    if (repeat > 1) {
      t0 = performance.now();
      // the tail-call counter is per run (the kernel keeps it in the run's context)
      env.tailCallCnt = 0;
      if (engine.runRepeat) res = engine.runRepeat(args, repeat - 1);
      else {
        for (let k = 1; k < repeat; k++) {
          env.tailCallCnt = 0;
          res = engine.run(args);
        }
      }
    }
    const ns = ((performance.now() - t0) * 1e6) / Math.max(1, repeat - 1);
    const out = prep.finish();
    return { retval: Number(res.r0 & 0xffffffffn), r0: res.r0, dataOut: out.dataOut, ctxOut: out.ctxOut, insns: res.insns, nsPerRun: ns, ...(out.selectedSocket !== undefined ? { selectedSocket: out.selectedSocket } : {}) };
  } finally {
    prep.release();
  }
}

/** create an engine for `insns` and test-run it once (or `repeat` times) */
export function runProgram(insns: readonly Instruction[], type: string | number, o: TestRunOptions = {}): PacketRunResult {
  const progType = progTypeOf(type);
  const engine = createEngine(o.engine ?? 'interpreter', insns, { helpers: o.helpers ?? defaultHelpers(), budget: o.budget });
  return testRun(engine, progType, o);
}
