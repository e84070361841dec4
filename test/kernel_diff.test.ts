/**
 * Kernel-exact (issue 2 §6): thousands of random XDP programs run in the Linux kernel
 * (BPF_PROG_LOAD + BPF_PROG_TEST_RUN over a 64-byte packet) and in each tsbpf engine; the return
 * value and the packet afterwards must agree. KDIFF_N sets the count (default 3000; the JIT's
 * default is 1000, KDIFF_N_JIT overrides it), KDIFF_SEED the first seed. Skips with the reason where bpf() cannot be used.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as op from '../src/isa/opcodes.js';
import { kernelAvailable } from '../src/hooks/kernel/index.js';
import { createEngine, ENGINE_NAMES, type EngineName } from '../src/vm/engine.js';
import { isBpfError } from '../src/isa/errors.js';
import { randomProgram, type RandomProgram } from './gen/random_program.js';
import { compareOne, runDifferential, tsbpfEngine, type XdpEngine } from './gen/differential.js';
import { runXdp } from '../src/vm/run.js';

const N = Number(process.env.KDIFF_N ?? 3000);
/** per-engine counts: compiling each program to WebAssembly costs the JIT ~3 ms more than the interpreter */
const COUNT: Record<string, number> = { interpreter: N, jit: Number(process.env.KDIFF_N_JIT ?? process.env.KDIFF_N ?? 1000) };
const SEED0 = Number(process.env.KDIFF_SEED ?? 1);
const kernel = kernelAvailable();
const noKernel = kernel.ok ? false : `the kernel oracle is unavailable: ${kernel.reason}`;

function* programs(n: number, seed0 = SEED0): Generator<RandomProgram> {
  for (let s = seed0; s < seed0 + n; s++) yield randomProgram(s);
}

/** why an engine cannot run here (e.g. the JIT before it lands), or false */
function engineMissing(name: EngineName): string | false {
  try {
    createEngine(name, [{ code: op.BPF_JMP | op.BPF_EXIT, dst: 0, src: 0, off: 0, imm: 0, imm2: 0 }]);
    return false;
  } catch (e) {
    if (isBpfError(e) && (e.errno === 'ENOTSUPP' || e.errno === 'EOPNOTSUPP')) return `engine ${name}: ${e.reason}`;
    throw e;
  }
}

for (const name of ENGINE_NAMES) {
  const n = COUNT[name] ?? N;
  test(`kernel and the ${name} agree on ${n} random programs (retval and packet)`, { skip: noKernel || engineMissing(name) }, (t) => {
    const rep = runDifferential(tsbpfEngine(name), programs(n), { maxMismatches: 50 });
    const line = `kernel differential (${name}): ${rep.agreed}/${rep.programs} agree, ${rep.rejected.length} rejected by the kernel, ${rep.mismatches.length} mismatches, ${rep.kernelDeviations.length} kernel deviations`;
    t.diagnostic(line);
    console.log(line);
    if (rep.reproducer) console.log(`first mismatch, minimal reproducer:\n${rep.reproducer}`);
    for (const m of rep.mismatches.slice(0, 10)) console.log(`  seed ${m.seed}: ${m.what}`);
    for (const m of rep.kernelDeviations) console.log(`  kernel deviation, seed ${m.seed}: ${m.what}`);
    assert.deepEqual(rep.rejected.slice(0, 3), [], 'every generated program passes the kernel verifier');
    assert.equal(rep.mismatches.length, 0, rep.reproducer);
    // the kernel's own verifier bugs are reported, and must stay rare (a handful per 100k)
    assert.ok(rep.kernelDeviations.length <= Math.max(2, n / 10000), `too many kernel deviations: ${rep.kernelDeviations.length}`);
    assert.equal(rep.agreed + rep.kernelDeviations.length, n);
  });
}

test('the differential catches a wrong engine and shrinks the program to a small reproducer', { skip: noKernel }, () => {
  // an engine that runs BPF_ARSH as BPF_RSH: right for non-negative values only
  const broken: XdpEngine = {
    name: 'arsh-as-rsh',
    runXdp(insns, data) {
      const bad = insns.map((i) => ((i.code & 0xf0) === op.BPF_ARSH && ((i.code & 7) === op.BPF_ALU || (i.code & 7) === op.BPF_ALU64) ? { ...i, code: (i.code & 0x0f) | op.BPF_RSH } : i));
      return runXdp(bad, data);
    },
  };
  const rep = runDifferential(broken, programs(400), { maxMismatches: 1 });
  assert.equal(rep.mismatches.length, 1, 'an engine with a wrong ARSH is caught within 400 programs');
  assert.ok(rep.reproducer);
  const m = /shrunk to (\d+)\)/.exec(rep.reproducer!);
  assert.ok(m, rep.reproducer);
  // prologue (7) + init (9-18) + epilogue (27) + the few statements that show the bug
  assert.ok(Number(m[1]) <= 7 + 18 + 27 + 6, `reproducer is small: ${rep.reproducer}`);
  assert.match(rep.reproducer!, / s>>= /, 'the reproducer keeps an arsh instruction (llvm syntax: s>>=)');
});

test('compareOne reports a rejected program as rejected, not as agreement', { skip: noKernel }, () => {
  // reads r0 before writing it: the verifier says "R0 !read_ok"
  const v = compareOne(tsbpfEngine('interpreter'), [{ code: op.BPF_JMP | op.BPF_EXIT, dst: 0, src: 0, off: 0, imm: 0, imm2: 0 }], new Uint8Array(64));
  assert.equal(v.kind, 'rejected');
  assert.match((v as { error: string }).error, /R0 !read_ok/);
});
