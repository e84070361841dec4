/**
 * Interpreter behaviour beyond the conformance suite: memory faults name the instruction, address
 * and size; the budget stops runaway programs; frames, r6-r9 preservation, the step API, helper
 * calls, callbacks and tail calls.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { insn, type Instruction } from '../src/isa/instruction.js';
import { BpfError } from '../src/isa/errors.js';
import { HelperRegistry } from '../src/helpers/api.js';
import { Interpreter } from '../src/vm/interpreter.js';
import { runRaw, runXdp } from '../src/vm/run.js';

const mov64 = (d: number, imm: number): Instruction => insn(0xb7, d, 0, 0, imm);
const exit = (): Instruction => insn(0x95);

test('r0 = 42; exit', () => {
  assert.equal(runRaw([mov64(0, 42), exit()]).r0, 42n);
});

test('a NULL dereference is EFAULT naming the instruction, address and size', () => {
  const prog = [mov64(1, 0), insn(0x79, 0, 1, 8, 0), exit()]; // r0 = *(u64 *)(r1 + 8)
  assert.throws(() => runRaw(prog), (e: unknown) => {
    assert.ok(e instanceof BpfError);
    assert.equal(e.errno, 'EFAULT');
    assert.equal(e.where.insn, 1);
    assert.match(e.message, /read of 8 bytes at 0x8/);
    return true;
  });
});

test('a stack write below the frame is EFAULT; an out-of-bounds mem read names the region', () => {
  assert.throws(() => runRaw([insn(0x7a, 10, 0, -520 - 8 * 512, 1), mov64(0, 0), exit()]), /EFAULT: invalid memory access: write of 8 bytes/);
  assert.throws(() => runRaw([insn(0x61, 0, 1, 2, 0), exit()], { mem: new Uint8Array(4) }), /outside mem/);
});

test('pointers above 4 GiB fault instead of wrapping', () => {
  // r1 = 0x1_0000_1000 (a stack-looking low half with a high half set)
  const prog = [insn(0x18, 1, 0, 0, 0x1000, 1), insn(0x61, 0, 1, 0, 0), exit()];
  assert.throws(() => runRaw(prog), /EFAULT/);
});

test('the instruction budget stops an infinite loop with ETIMEDOUT', () => {
  const prog = [insn(0x05, 0, 0, -1, 0), exit()];
  assert.throws(() => runRaw(prog, { budget: 10_000 }), (e: unknown) => e instanceof BpfError && e.errno === 'ETIMEDOUT');
});

test('local calls: r6-r9 preserved, own r10, depth limit of 8 frames', () => {
  // main: r6 = 7; call f; r0 += r6; exit      f: r6 = 100; *(u64*)(r10-8) = r6; r0 = *(u64*)(r10-8); exit
  const prog = [mov64(6, 7), insn(0x85, 0, 1, 0, 2), insn(0x0f, 0, 6), exit(),
    mov64(6, 100), insn(0x7b, 10, 6, -8), insn(0x79, 0, 10, -8), exit()];
  assert.equal(runRaw(prog).r0, 107n);
  // unbounded recursion: f calls itself
  const rec = [insn(0x85, 0, 1, 0, 1), exit(), insn(0x85, 0, 1, 0, -1), exit()];
  assert.throws(() => runRaw(rec), (e: unknown) => e instanceof BpfError && e.errno === 'E2BIG' && /too deep/.test(e.message));
});

test('r10 differs per frame and a callee can write through a pointer to its caller\'s stack', () => {
  // main: *(u64*)(r10-8) = 0; r1 = r10; r1 += -8; call f; r0 = *(u64*)(r10-8); exit   f: *(u64*)(r1+0) = 55; exit
  const prog = [insn(0x7a, 10, 0, -8, 0), insn(0xbf, 1, 10), insn(0x07, 1, 0, 0, -8), insn(0x85, 0, 1, 0, 2),
    insn(0x79, 0, 10, -8), exit(), insn(0x7a, 1, 0, 0, 55), exit()];
  assert.equal(runRaw(prog).r0, 55n);
});

test('helper calls go through the registry; an unknown helper is a clear error', () => {
  const helpers = new HelperRegistry().register(7, 'get_prandom_u32', (h) => h.ret(0xdeadbeef));
  assert.equal(runRaw([insn(0x85, 0, 0, 0, 7), exit()], { helpers }).r0, 0xdeadbeefn);
  assert.throws(() => runRaw([insn(0x85, 0, 0, 0, 999), exit()], { helpers }), /invalid func unknown#999/);
});

test('helper callbacks run a subprogram in a new frame (bpf_loop style)', () => {
  // helper 181 (bpf_loop): calls the callback at slot h.argLo(2) n times with (i, ctx)
  const helpers = new HelperRegistry().register(181, 'loop', (h) => {
    const vm = h as Interpreter;
    const n = h.argLo(1);
    const target = h.argLo(2);
    let i = 0;
    for (; i < n; i++) if (vm.callback(target, i, h.arg(3)) !== 0n) { i++; break; }
    h.ret(i);
  });
  // main: r6 = 9; r1 = 5; r2 = 7 (callback slot); r3 = 0; call loop; r0 += r6; exit
  // cb (slot 7): r6 = 1000; r0 = 0; exit   -- the callback's r6 must not leak into main
  const p2 = [mov64(6, 9), mov64(1, 5), mov64(2, 7), mov64(3, 0), insn(0x85, 0, 0, 0, 181), insn(0x0f, 0, 6), exit(), mov64(6, 1000), mov64(0, 0), exit()];
  assert.equal(runRaw(p2, { helpers }).r0, 14n);
});

test('tail calls replace the program and stop after 33', () => {
  const target = { insns: [mov64(0, 77), exit()] };
  const helpers = new HelperRegistry().register(12, 'tail_call', (h) => h.tailCall(target));
  assert.equal(runRaw([insn(0x85, 0, 0, 0, 12), mov64(0, 1), exit()], { helpers }).r0, 77n);
  const self: { insns: Instruction[] } = { insns: [insn(0x85, 0, 0, 0, 12), exit()] };
  const loop = new HelperRegistry().register(12, 'tail_call', (h) => h.tailCall(self));
  assert.throws(() => runRaw(self.insns, { helpers: loop }), /more than 33 tail calls/);
});

test('step API: single steps, breakpoints, registers and stack', () => {
  const vm = new Interpreter([mov64(1, 5), insn(0x7b, 10, 1, -8), insn(0x07, 1, 0, 0, 1), mov64(0, 3), exit()]);
  vm.reset();
  assert.equal(vm.step(), 'running');
  assert.equal(vm.pc, 1);
  assert.equal(vm.regs()[1], 5n);
  vm.step();
  assert.equal(vm.stackBytes()[504], 5);
  vm.breakpoints.add(3);
  assert.equal(vm.continue(), 'running');
  assert.equal(vm.pc, 3);
  assert.equal(vm.regs()[1], 6n);
  assert.equal(vm.continue(), 'exited');
  assert.equal(vm.r0, 3n);
  assert.equal(vm.count, 5);
});

test('XDP run: the program sees xdp_md and rewrites the packet', () => {
  // r2 = data; r3 = data_end; r4 = r2 + 1; if r4 > r3 goto out; *(u8*)(r2+0) = 0xaa; r0 = 2 (XDP_PASS); exit
  const prog = [insn(0x61, 2, 1, 0), insn(0x61, 3, 1, 4), insn(0xbf, 4, 2), insn(0x07, 4, 0, 0, 1),
    insn(0x2d, 4, 3, 2), insn(0x72, 2, 0, 0, 0xaa), mov64(0, 2), exit()];
  const r = runXdp(prog, new Uint8Array(64));
  assert.equal(r.retval, 2);
  assert.equal(r.dataOut[0], 0xaa);
  assert.equal(r.dataOut.length, 64);
});

test('property: arbitrary instruction sequences never escape with anything but BpfError', () => {
  fc.assert(fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 10 }), fc.integer({ min: -4, max: 4 }), fc.integer()), { minLength: 1, maxLength: 20 }), (raw) => {
    const prog = raw.map(([c, d, s, o, i]) => insn(c === 0x18 ? 0x07 : c, d, s, o, i));
    prog.push(exit());
    try {
      runRaw(prog, { budget: 1000, mem: new Uint8Array(16) });
    } catch (e) {
      if (!(e instanceof BpfError)) throw e;
    }
  }), { numRuns: 3000 });
});

test('a jump to slot -1 is refused at load time (found by the property test above)', () => {
  // jne r0, 1, -2 at insn 0 targets -1, which once slipped through as the "no jump" sentinel
  assert.throws(() => runRaw([insn(0x55, 0, 0, -2, 1), exit()]), (e: unknown) => e instanceof BpfError && e.errno === 'EINVAL' && /jump out of range from insn 0 to -1/.test(e.message));
});
