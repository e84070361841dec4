/**
 * What the interpreter's fast loop (src/vm/interp_loop.ts) shares between runs — one register file
 * and one copy of the running program at module level — must never leak from one interpreter or
 * program into another; and its typed-array stores (no DataView) must lay bytes out as the
 * little-endian machine does at every size and alignment.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { insn, type Instruction } from '../../src/isa/instruction.js';
import { BpfError } from '../../src/isa/errors.js';
import { BPF_COMPLEXITY_LIMIT_INSNS } from '../../src/isa/opcodes.js';
import { Interpreter } from '../../src/vm/interpreter.js';
import { runRaw } from '../../src/vm/run.js';
import { AddressSpace, RegionKind } from '../../src/vm/address_space.js';
import { HelperRegistry } from '../../src/helpers/api.js';

const mov64 = (d: number, imm: number): Instruction => insn(0xb7, d, 0, 0, imm);
const exit = (): Instruction => insn(0x95);

/** r0 = sum of k * mul for k = 1..n, in a loop that keeps values in r0, r6, r7 and on the stack */
function sumProgram(n: number, mul: number): Instruction[] {
  return [
    mov64(0, 0), mov64(6, 1), mov64(7, mul),
    // loop: r1 = r6 * r7; *(u64 *)(r10 - 8) = r1; r0 += *(u64 *)(r10 - 8); r6 += 1; if r6 <= n goto loop
    insn(0xbf, 1, 6), insn(0x2f, 1, 7), insn(0x7b, 10, 1, -8), insn(0x79, 2, 10, -8), insn(0x0f, 0, 2),
    insn(0x07, 6, 0, 0, 1), insn(0xb5, 6, 0, -7, n),
    exit(),
  ];
}
const expectedSum = (n: number, mul: number): bigint => BigInt((n * (n + 1)) / 2) * BigInt(mul);

test('two interpreters stepped in turn keep their own registers, stacks and programs', () => {
  const a = new Interpreter(sumProgram(50, 3));
  const b = new Interpreter(sumProgram(70, -5));
  a.reset();
  b.reset();
  let steps = 0;
  while (a.state === 'running' || b.state === 'running') {
    if (a.state === 'running') a.step();
    if (b.state === 'running') b.step();
    steps++;
  }
  assert.ok(steps > 400, `both programs ran instruction by instruction (${steps} rounds)`);
  assert.equal(a.r0, expectedSum(50, 3));
  assert.equal(b.r0, BigInt.asUintN(64, expectedSum(70, -5)));
});

test('an interpreter paused at a breakpoint resumes unchanged after another one ran to the end', () => {
  const a = new Interpreter(sumProgram(40, 7));
  a.reset();
  a.breakpoints.add(8); // r6 += 1
  assert.equal(a.continue(), 'running');
  assert.equal(a.pc, 8);
  const before = a.regs();
  // another program on another interpreter, run whole, in between
  assert.equal(new Interpreter(sumProgram(100, 11)).run().r0, expectedSum(100, 11));
  assert.deepEqual(a.regs(), before);
  a.breakpoints.clear();
  assert.equal(a.continue(), 'exited');
  assert.equal(a.r0, expectedSum(40, 7));
});

test('stores of every size at every alignment lay bytes out little-endian (ST and STX)', () => {
  const value = 0x8123456789abcdefn; // the high bit set: a DW ST sign-extends its 32-bit imm
  for (const size of [1, 2, 4, 8]) {
    const sizeBits = { 1: 0x10, 2: 0x08, 4: 0x00, 8: 0x18 }[size]!;
    for (let off = -24; off + size <= 0; off++) {
      for (const stx of [true, false]) {
        // zero [r10 - 24, r10), store at r10 + off, return w0 + w1 * 0x1003 + w2 * 0x100007 of the
        // three words at r10 - 24, r10 - 16, r10 - 8 (every byte position shows)
        const prog: Instruction[] = [
          mov64(1, 0), insn(0x7b, 10, 1, -24), insn(0x7b, 10, 1, -16), insn(0x7b, 10, 1, -8),
          insn(0x18, 2, 0, 0, Number(BigInt.asIntN(32, value)), Number(BigInt.asIntN(32, value >> 32n))),
          stx ? insn(0x63 | sizeBits, 10, 2, off) : insn(0x62 | sizeBits, 10, 0, off, Number(BigInt.asIntN(32, value))),
          insn(0x79, 0, 10, -24), insn(0x79, 3, 10, -16), insn(0x79, 4, 10, -8),
          insn(0x27, 3, 0, 0, 0x1003), insn(0x0f, 0, 3), insn(0x27, 4, 0, 0, 0x100007), insn(0x0f, 0, 4),
          exit(),
        ];
        // the same bytes written by a DataView into a 24-byte buffer
        const buf = new DataView(new ArrayBuffer(24));
        const v = stx ? value : BigInt.asUintN(64, BigInt(Number(BigInt.asIntN(32, value)))); // ST: imm sign-extended
        for (let i = 0; i < size; i++) buf.setUint8(24 + off + i, Number((v >> BigInt(8 * i)) & 0xffn));
        const w0 = buf.getBigUint64(0, true), w1 = buf.getBigUint64(8, true), w2 = buf.getBigUint64(16, true);
        const want = BigInt.asUintN(64, w0 + w1 * 0x1003n + w2 * 0x100007n);
        assert.equal(runRaw(prog).r0, want, `${stx ? 'STX' : 'ST'} size ${size} at r10${off}`);
      }
    }
  }
});

test(`a program of more than BPF_COMPLEXITY_LIMIT_INSNS (${BPF_COMPLEXITY_LIMIT_INSNS}) slots is E2BIG, as bpf_prog_load`, () => {
  // lddw takes two slots: half as many instruction objects
  const lddw = insn(0x18, 0, 0, 0, 1, 0);
  const big = new Array<Instruction>(BPF_COMPLEXITY_LIMIT_INSNS / 2).fill(lddw);
  big.push(exit());
  assert.throws(() => new Interpreter(big), (e: unknown) => e instanceof BpfError && e.errno === 'E2BIG' && /BPF_COMPLEXITY_LIMIT_INSNS/.test(e.message));
  // one slot fewer loads and runs
  big.pop();
  big.pop();
  big.push(mov64(0, 9), exit());
  assert.equal(new Interpreter(big).run().r0, 9n);
});

/** helper 900's call with r1 = n, in a program that keeps r6..r9 across it and adds them to r0 */
function callerProgram(): Instruction[] {
  return [
    mov64(6, 1000), mov64(7, 200), mov64(8, 30), mov64(9, 4), insn(0x7b, 10, 6, -8),
    mov64(1, 5), insn(0x85, 0, 0, 0, 900),
    insn(0x0f, 0, 6), insn(0x0f, 0, 7), insn(0x0f, 0, 8), insn(0x0f, 0, 9), insn(0x79, 2, 10, -8), insn(0x0f, 0, 2),
    exit(),
  ];
}

test('a helper that runs another interpreter: the caller resumes with its own registers, stack and program', () => {
  // the registers and the program of the last interpreter that ran stay in the loop's module-level
  // arrays between its calls (interp_loop.ts GR, GP): a helper running another program in between
  // must not leave that program's there
  let inner = 0n;
  const helpers = new HelperRegistry().register(900, 'run_other', (h) => {
    const n = h.argLo(1);
    inner = new Interpreter(sumProgram(n * 10, 3)).run().r0;
    h.ret(n * 7);
  });
  const a = new Interpreter(callerProgram(), { helpers });
  for (let k = 0; k < 3; k++) {
    assert.equal(a.run().r0, 35n + 1000n + 200n + 30n + 4n + 1000n);
    assert.equal(inner, expectedSum(50, 3));
  }
  // and step by step, the other interpreter claiming the loop's arrays in the middle of the call
  a.reset();
  while (a.state === 'running') a.step();
  assert.equal(a.r0, 35n + 1234n + 1000n);
});

test('region caches survive a helper call only while the region table is unchanged', () => {
  // r0 = *(u32 *)(r6 + 0); call 901; r0 += *(u32 *)(r6 + 0): the second load hits the region
  // the first one cached, unless the helper unmapped it — then it must fault, not read zeros
  const as = new AddressSpace();
  let unmap = false;
  let region = as.map(64, RegionKind.Ctx, 'ctx');
  const helpers = new HelperRegistry().register(901, 'maybe_unmap', (h) => {
    if (unmap) h.as.unmap(region);
    h.ret(0);
  });
  const prog = [
    insn(0xbf, 6, 1), insn(0x61, 0, 6, 0), insn(0xbf, 7, 0), insn(0x85, 0, 0, 0, 901), insn(0x61, 0, 6, 0), insn(0x0f, 0, 7), exit(),
  ];
  const fresh = (): Interpreter => {
    region = as.map(64, RegionKind.Ctx, 'ctx');
    as.dv.setUint32(region.base, 21, true);
    return new Interpreter(prog, { as, helpers });
  };
  assert.equal(fresh().run({ r1: region.base }).r0, 42n);
  unmap = true;
  assert.throws(() => fresh().run({ r1: region.base }), (e: unknown) => e instanceof BpfError && e.errno === 'EFAULT' && e.where.insn === 4);
});
