/**
 * JIT features checked against the interpreter on hand-written programs: bpf_loop callbacks
 * (HelperContext.callback), tail calls, legacy packet loads over an XDP packet, the exact budget
 * point inside a block, local-call depth, faults, and the module cache.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as b from '../../src/asm/builder.js';
import { R0, R1, R2, R3, R4, R6, R10, label, program } from '../../src/asm/builder.js';
import { BpfError } from '../../src/isa/errors.js';
import type { Instruction } from '../../src/isa/instruction.js';
import { HelperRegistry, type TailCallTarget } from '../../src/helpers/api.js';
import { defaultHelpers } from '../../src/helpers/impl/index.js';
import { createEngine, type EngineName } from '../../src/vm/engine.js';
import { runXdp } from '../../src/vm/run.js';
import { runProgram } from '../../src/vm/test_run.js';
import { RegionKind } from '../../src/vm/address_space.js';
import { compile, jitWasm } from '../../src/vm/jit/runtime.js';
import { wasmToWat } from '../../src/vm/jit/wat.js';

function both<T>(f: (e: EngineName) => T): [T, T] {
  return [f('interpreter'), f('jit')];
}
function outcome(f: () => unknown): unknown {
  try {
    return f();
  } catch (e) {
    if (e instanceof BpfError) return { errno: e.errno, message: e.message };
    throw e;
  }
}

test('bpf_loop calls back into the JIT-compiled subprogram (absolute callback index, as the loader sets it)', () => {
  const p = program(
    b.stdw(R10, -8, 0),
    b.mov64(R1, 10),
    b.raw({ code: 0x18, dst: 2, src: 4, off: 0, imm: 12, imm2: 0 }), // r2 = callback at insn 12
    b.mov64(R3, R10), b.add64(R3, -8),
    b.mov64(R4, 0),
    b.call(b.BPF_FUNC_loop),
    b.ldxdw(R1, R10, -8), b.lsh64(R0, 32), b.or64(R0, R1),
    b.exit(),
    // insn 12: callback(index, ctx): *ctx += index * index; stop after index 6
    b.ldxdw(R3, R2, 0), b.mov64(R4, R1), b.mul64(R4, R1), b.add64(R3, R4), b.stxdw(R2, 0, R3),
    b.mov64(R0, 0), b.jne(R1, 6, 'out'), b.mov64(R0, 1), label('out'), b.exit(),
  );
  const [i, j] = both((e) => createEngine(e, p, { helpers: defaultHelpers() }).run());
  assert.equal(i.r0, (7n << 32n) | 91n); // 7 iterations, sum of squares 0..6
  assert.deepEqual(j, i);
});

test('tail calls: the target runs on the caller\'s registers and frame, 33 at most', () => {
  const target: TailCallTarget = { insns: program(b.add64(R0, 100), b.add64(R0, R6), b.exit()) };
  const helpers = new HelperRegistry().register(12, 'tail_call', (h) => {
    if (h.argLo(1) !== 0) h.tailCall(target);
    h.ret(-2);
  });
  const p = program(b.mov64(R6, 5), b.mov64(R1, 1), b.call(12), b.mov64(R0, 77), b.exit());
  const [i, j] = both((e) => createEngine(e, p, { helpers }).run());
  assert.equal(i.r0, 103n); // -2 + 100 + 5
  assert.deepEqual(j, i);
  // a chain: the target tail-calls itself until the limit
  const self: { insns: Instruction[] } = { insns: [] };
  self.insns = program(b.add64(R0, 1), b.mov64(R1, 1), b.call(13), b.exit());
  const h2 = new HelperRegistry().register(13, 'again', (h) => h.tailCall(self as TailCallTarget));
  const [a, c] = both((e) => outcome(() => createEngine(e, self.insns, { helpers: h2 }).run()));
  assert.deepEqual(a, { errno: 'ELOOP', message: 'ELOOP: more than 33 tail calls (at insn 2)' });
  assert.deepEqual(c, a);
});

test('LD_ABS / LD_IND over an XDP packet, and the out-of-packet return 0', () => {
  const pkt = Uint8Array.from({ length: 64 }, (_, k) => (k * 29 + 3) & 0xff);
  const p = program(b.mov64(R6, R1), b.ldabsh(12), b.mov64(R2, R0), b.mov64(R1, 4), b.ldindw(R1, 10), b.add64(R0, R2), b.exit());
  const [i, j] = both((e) => runXdp(p, pkt, { engine: e, helpers: defaultHelpers() }));
  assert.equal(i.retval, (((pkt[14]! << 24) | (pkt[15]! << 16) | (pkt[16]! << 8) | pkt[17]!) + ((pkt[12]! << 8) | pkt[13]!)) >>> 0);
  assert.deepEqual(j, i);
  const q = program(b.mov64(R0, 9), b.ldabsw(62), b.mov64(R0, 1), b.exit());
  const [k, l] = both((e) => runXdp(q, pkt, { engine: e }));
  assert.equal(k.retval, 0);
  assert.deepEqual(l, k);
});

test('LD_ABS out of the packet in a subprogram returns 0 to its caller (bpf_gen_ld_abs: a hidden exit), on both engines', () => {
  const pkt = new Uint8Array(64);
  // main: call sub; r0 += 7; exit — sub: r6 = r1; r0 = skb[1000] (out of the packet); r0 = 5; exit
  const p = program(b.callLocal('sub'), b.add64(R0, 7), b.exit(), label('sub'), b.mov64(R6, R1), b.ldabsb(1000), b.mov64(R0, 5), b.exit());
  const [i, j] = both((e) => runXdp(p, pkt, { engine: e }));
  assert.equal(i.retval, 7);
  assert.deepEqual(j, i);
});

test('repeated test runs (one call into wasm on the JIT) reset the tail-call count and survive LD_ABS aborts per run', () => {
  // 20 tail calls per run: 3 runs in one batch must not add up to more than 33
  const self: { insns: Instruction[] } = { insns: [] };
  self.insns = program(b.add64(R6, 1), b.mov64(R0, R6), b.jlt(R6, 20, 'again'), b.exit(), label('again'), b.mov64(R1, 1), b.call(13), b.exit());
  const helpers = new HelperRegistry().register(13, 'again', (h) => h.tailCall(self as TailCallTarget));
  const [i, j] = both((e) => outcome(() => runProgram(self.insns, 'xdp', { engine: e, helpers, repeat: 3, dataIn: new Uint8Array(64) }).retval));
  assert.equal(i, 20);
  assert.deepEqual(j, i);
  // every run leaves the packet (return 0) after a different number of runs in the batch
  const pkt = Uint8Array.from({ length: 64 }, (_, k) => k);
  const q = program(b.mov64(R6, R1), b.mov64(R0, 9), b.ldabsw(62), b.mov64(R0, 1), b.exit());
  for (const repeat of [2, 5]) {
    const [k, l] = both((e) => runProgram(q, 'xdp', { engine: e, repeat, dataIn: pkt }));
    assert.equal(k.retval, 0);
    assert.deepEqual([l.retval, l.insns], [k.retval, k.insns]);
  }
});

test('the budget stops at the same instruction inside a block, after the same side effects', () => {
  const p = program(label('top'), b.stw(R10, -4, 1), b.add64(R0, 1), b.ldxw(R1, R10, -4), b.add64(R0, R1), b.ja('top'));
  for (let budget = 1; budget < 40; budget++) {
    const [i, j] = both((e) => outcome(() => createEngine(e, p, { budget }).run()));
    assert.deepEqual(j, i, `budget ${budget}`);
    assert.match(JSON.stringify(i), /ETIMEDOUT/);
  }
  // a faulting store before the budget point wins over the budget
  const q = program(b.add64(R0, 1), b.stw(R0, 0, 1), b.add64(R0, 1), b.exit());
  const [x, y] = both((e) => outcome(() => createEngine(e, q, { budget: 2 }).run()));
  assert.equal((x as { errno: string }).errno, 'EFAULT');
  assert.deepEqual(y, x);
  const [u, v] = both((e) => outcome(() => createEngine(e, q, { budget: 0 }).run()));
  assert.equal((u as { errno: string }).errno, 'ETIMEDOUT');
  assert.deepEqual(v, u);
});

test('recursion deeper than 8 frames is E2BIG at the same call', () => {
  const p = program(label('f'), b.add64(R0, 1), b.callLocal('f'), b.exit());
  const [i, j] = both((e) => outcome(() => createEngine(e, p).run()));
  assert.deepEqual(i, { errno: 'E2BIG', message: 'E2BIG: the call stack of 9 frames is too deep (at insn 1)' });
  assert.deepEqual(j, i);
});

test('compiled modules are cached per program; WAT text is printed', () => {
  const p = program(b.mov64(R0, 42), b.exit());
  const a = compile(p);
  const c = compile(program(b.mov64(R0, 42), b.exit()));
  assert.equal(a.compiled, c.compiled);
  assert.equal(a.run().r0, 42n);
  const wat = wasmToWat(jitWasm(p));
  assert.match(wat, /^\(module/);
  assert.match(wat, /\(func \$main .*\(param \$r0 i64\)/);
  assert.match(wat, /i64\.const 42\n\s+local\.set \$r0/);
  assert.match(wat, /\(export "entry" \(func \$entry\)\)/);
});

test('the module cache never takes an invalid program for a cached valid one', () => {
  // mov r0, r1 (dst 0, src 1) and a bad "mov r16, r0" pack to the same bits if fields are not range-checked
  const exit: Instruction = { code: 0x95, dst: 0, src: 0, off: 0, imm: 0, imm2: 0 };
  const good: Instruction[] = [{ code: 0xbf, dst: 0, src: 1, off: 0, imm: 0, imm2: 0 }, exit];
  const bad: Instruction[] = [{ code: 0xbf, dst: 16, src: 0, off: 0, imm: 0, imm2: 0 }, exit];
  assert.equal(compile(good).run({ r1: 7 }).r0, 7n);
  assert.throws(() => compile(bad), (e: unknown) => e instanceof BpfError && e.errno === 'EINVAL');
  // a program edited in place after compiling is compiled anew, not found in the cache
  const p: Instruction[] = [{ code: 0xb7, dst: 0, src: 0, off: 0, imm: 1, imm2: 0 }, exit];
  assert.equal(compile(p).run().r0, 1n);
  p[0] = { ...p[0]!, imm: 2 };
  assert.equal(compile(p).run().r0, 2n);
});

test('checked accesses through pointers with a nonzero high half fault as in the interpreter, whatever the offset', () => {
  // r1 = the stack base (r10 - 4096) with bits set above 32 or wrapped below zero; offsets that land
  // back in the address space's low 4 GiB (the cases the region check covers without a high-half test)
  const stackLo = (hi: number, delta: number, off: number, load: boolean): Instruction[] => program(
    b.mov64(R1, R10), b.add64(R1, -4096 + delta),
    b.raw({ code: 0x18, dst: 2, src: 0, off: 0, imm: 0, imm2: hi }), b.add64(R1, R2),
    load ? b.ldxdw(R0, R1, off) : b.stdw(R1, off, 7),
    b.mov64(R0, 1), b.exit(),
  );
  let faults = 0;
  for (const hi of [1, -1, 0x7fffffff, -0x80000000]) {
    for (const [delta, off] of [[0, 0], [8, -8], [-8, 8], [0, 4096], [0, 4095], [0, 4097], [0, 30000], [64, -32768], [0, -1]]) {
      for (const load of [true, false]) {
        const p = stackLo(hi, delta!, off!, load);
        const [a, j] = both((e) => outcome(() => createEngine(e, p, {}).run({})));
        assert.deepEqual(j, a, `hi 0x${(hi >>> 0).toString(16)} delta ${delta} off ${off} ${load ? 'load' : 'store'}`);
        if ((a as { errno?: string }).errno === 'EFAULT') faults++;
      }
    }
  }
  assert.equal(faults, 4 * 9 * 2, 'every such access faults');
  // a pointer of -8 (high half all ones) with off 0x1008 wraps to 0x1000: still a fault on both engines
  const wrap = program(b.mov64(R1, -8), b.ldxdw(R0, R1, 0x1008), b.exit());
  const [a, j] = both((e) => outcome(() => createEngine(e, wrap, {}).run({})));
  assert.deepEqual(j, a);
  assert.equal((a as { errno?: string }).errno, 'EFAULT');
});

test('the region caches of checked code do not outlive a run: what one run could read, the next may not', () => {
  // the caches (codegen.ts CACHE_RLO) live in the spill area, not in locals: they must be emptied
  // before every run (entry, and every run of run_n), or a run would read through a region the
  // previous run was given (the sandbox gives a run the regions its r1 points into, sandbox.ts)
  const p = program(b.ldxb(R0, R2, 0), b.exit());
  const [i, j] = both((e) => {
    const engine = createEngine(e, p, { helpers: defaultHelpers() });
    const a = engine.as.map(64, RegionKind.Mem, 'a');
    const bb = engine.as.map(64, RegionKind.Mem, 'b');
    engine.as.u8[a.base] = 42;
    const out: unknown[] = [];
    for (const r1 of [a.base, bb.base, a.base]) out.push(outcome(() => engine.run({ r1, r2: a.base }).r0));
    return out;
  });
  assert.deepEqual(i.map((x) => (typeof x === 'bigint' ? x : (x as { errno: string }).errno)), [42n, 'EFAULT', 42n]);
  assert.deepEqual(j, i);
});
