import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { assembleUbpf, disassembleUbpf } from '../../src/asm/ubpf.js';
import { BpfError } from '../../src/isa/errors.js';
import { bytesToHex, encodeInstructions, fromSlotWords, decodeInstructions, type Instruction, LDDW } from '../../src/isa/instruction.js';
import { checkInstruction } from '../../src/isa/validate.js';
import { conformanceSkip as skip, loadAssembled, loadConformanceTests } from '../helpers/conformance.js';

const tests = loadConformanceTests();
const assembled = new Map(loadAssembled().map((a) => [a.file, a]));

function programOf(t: (typeof tests)[number]): Instruction[] {
  return t.raw ? fromSlotWords(t.raw) : assembleUbpf(t.asm ?? '');
}

test('the suite has 313 tests, each in assembled.json', { skip }, () => {
  assert.equal(tests.length, 313);
  for (const t of tests) assert.ok(assembled.has(t.file), t.file);
});

test('assembling every conformance test gives the bytes of assembled.json', { skip }, () => {
  let n = 0;
  for (const t of tests) {
    const bytes = encodeInstructions(programOf(t));
    assert.equal(bytesToHex(bytes), assembled.get(t.file)!.program_hex, t.file);
    n++;
  }
  assert.equal(n, 313);
});

test('-- raw sections agree with their -- asm sections', { skip }, () => {
  const withRaw = tests.filter((t) => t.raw && t.asm);
  assert.ok(withRaw.length >= 1);
  for (const t of withRaw) {
    assert.equal(bytesToHex(encodeInstructions(assembleUbpf(t.asm!))), bytesToHex(encodeInstructions(fromSlotWords(t.raw!))), t.file);
  }
});

test('disassemble then assemble round-trips every conformance program', { skip }, () => {
  for (const t of tests) {
    const insns = programOf(t);
    const text = disassembleUbpf(insns);
    assert.equal(bytesToHex(encodeInstructions(assembleUbpf(text))), bytesToHex(encodeInstructions(insns)), `${t.file}\n${text}`);
    const labelled = disassembleUbpf(insns, { labels: true });
    assert.equal(bytesToHex(encodeInstructions(assembleUbpf(labelled))), bytesToHex(encodeInstructions(insns)), `${t.file} (labels)\n${labelled}`);
  }
});

test('disassembly reads as the suite writes it', () => {
  const p = assembleUbpf('ldxh %r0, [%r1+2]\nmov32 %r0, 1\nlock fetch add [%r1+0], %r2\nbe16 %r0\nja +1\nsdiv32 %r1, -3\ncall %r1\nexit');
  assert.equal(disassembleUbpf(p), 'ldxh %r0, [%r1+2]\nmov32 %r0, 1\nlock fetch add [%r1], %r2\nbe16 %r0\nja +1\nsdiv32 %r1, -3\ncall %r1\nexit\n');
});

test('forms: labels, the implicit exit label, calls, lddw pseudo sources, legacy loads, .raw', () => {
  const p = assembleUbpf([
    'start: mov %r0, 0   # comment',
    'jeq %r1, 0, exit',
    'call local fn',
    'ja32 start',
    'exit',
    'fn:',
    'lddw %r1, map_fd(3)',
    'lddw %r2, map_value(3, 16)',
    'lddw %r3, func(fn)',
    'lddw %r0, -1',
    'ldabsh 12',
    'ldindw %r2, -4',
    'call runtime 7',
    'call helper 1',
    'movsx832 %r1, %r2',
    'ldxsw %r4, [%r10-8]',
    '.raw 0x00000000000000ff',
    'exit',
  ].join('\n'));
  assert.equal(p[1]!.off, 2); // exit is slot 4, jeq at slot 1
  assert.equal(p[2]!.src, 1);
  assert.equal(p[2]!.imm, 2); // fn at slot 5
  assert.equal(p[3]!.code, 0x06);
  assert.equal(p[3]!.imm, -4);
  assert.deepEqual([p[5]!.src, p[5]!.imm], [1, 3]);
  assert.deepEqual([p[6]!.src, p[6]!.imm, p[6]!.imm2], [2, 3, 16]);
  assert.deepEqual([p[7]!.src, p[7]!.imm], [4, -5]); // slot 9 → fn at 5
  assert.deepEqual([p[8]!.imm, p[8]!.imm2], [-1, -1]);
  assert.equal(p[9]!.code, 0x28);
  assert.deepEqual([p[10]!.code, p[10]!.src, p[10]!.imm], [0x40, 2, -4]);
  assert.deepEqual([p[11]!.src, p[11]!.imm], [2, 7]);
  assert.deepEqual([p[13]!.code, p[13]!.off], [0xbc, 8]);
  assert.deepEqual([p[14]!.code, p[14]!.off], [0x81, -8]);
  assert.equal(p[15]!.code, 0xff);
  // round trip including the invalid .raw slot
  assert.equal(bytesToHex(encodeInstructions(assembleUbpf(disassembleUbpf(p)))), bytesToHex(encodeInstructions(p)));
});

function expectError(text: string, line: number, re: RegExp): void {
  assert.throws(() => assembleUbpf(text), (e: unknown) => {
    assert.ok(e instanceof BpfError, String(e));
    assert.equal(e.errno, 'EINVAL');
    assert.equal(e.where.line, line);
    assert.equal(typeof e.where.column, 'number');
    assert.match(e.message, re);
    return true;
  });
}

test('errors name line and column', () => {
  expectError('mov %r0, 1\nfoo %r1, 2', 2, /unknown mnemonic 'foo'.*line 2:1/);
  expectError('mov %r0, 1\nmov %r11, 2', 2, /invalid register %r11.*line 2:5/);
  expectError('jeq %r1, 0, nowhere\nexit', 1, /undefined label 'nowhere'.*line 1:13/);
  expectError('a:\na:\nexit', 2, /duplicate label 'a'/);
  expectError('mov %r0, 0x100000000', 1, /out of range/);
  expectError('ldxw %r0, [%r1+4', 1, /expected '\]'/);
  expectError('lock fetch xchg [%r1], %r2', 1, /always fetches/);
  expectError('mov %r0, 1 2', 1, /unexpected '2'/);
  expectError('mov %r0, 5x', 1, /malformed number/);
  expectError('ja +40000', 1, /out of range/);
});

/** a random instruction that checkInstruction accepts */
/** opcodes that are valid with some choice of the other fields (so the filter below keeps most draws) */
const VALID_CODES = Array.from({ length: 256 }, (_, c) => c).filter((code) =>
  [0, 1, 8, 16, 32, 64, 0xe1, 0xf1].some((imm) => [0, 1, 8, 16].some((off) => checkInstruction({ code, dst: 1, src: code === 0x85 ? 1 : 2, off, imm: code === 0x8d ? 0 : imm, imm2: 0 }) === null || checkInstruction({ code, dst: 1, src: 0, off, imm, imm2: 0 }) === null)),
);
const arbInsn: fc.Arbitrary<Instruction> = fc
  .record({
    code: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...VALID_CODES) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 255 }) }),
    dst: fc.integer({ min: 0, max: 10 }),
    src: fc.integer({ min: 0, max: 10 }),
    off: fc.oneof(fc.constantFrom(0, 1, 8, 16, 32, -1), fc.integer({ min: -32768, max: 32767 })),
    imm: fc.oneof(fc.constantFrom(0, 1, 16, 32, 64, 0xe1, 0xf1, 0x41, 0xa1), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })),
    imm2: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
  })
  .map((r) => ({ ...r, imm2: r.code === LDDW ? r.imm2 : 0, src: r.code === LDDW ? r.src % 7 : r.src, off: r.code === LDDW ? 0 : r.off }))
  .filter((i) => checkInstruction(i) === null);

test('property: disassemble→assemble round-trips random valid instructions', () => {
  fc.assert(
    fc.property(fc.array(arbInsn, { minLength: 1, maxLength: 20 }), (insns) => {
      const text = disassembleUbpf(insns);
      assert.equal(bytesToHex(encodeInstructions(assembleUbpf(text))), bytesToHex(encodeInstructions(insns)), text);
    }),
    { numRuns: 1500 },
  );
});

test('property: any 8-byte slots round-trip (invalid ones as .raw)', () => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 8, maxLength: 80 }).map((b) => b.slice(0, b.length - (b.length % 8))), (bytes) => {
      let insns: Instruction[];
      try {
        insns = decodeInstructions(bytes);
      } catch (e) {
        assert.ok(e instanceof BpfError);
        return;
      }
      assert.equal(bytesToHex(encodeInstructions(assembleUbpf(disassembleUbpf(insns)))), bytesToHex(bytes));
    }),
    { numRuns: 2000 },
  );
});

const tokens = ['mov', 'mov32', 'ldxw', 'lock', 'fetch', 'add', 'call', 'local', 'ja', 'jeq', 'lddw', 'exit', '%r1', '%r10', '%r99', '[', ']', '+', '-', ',', ':', '(', ')', '#', '0x', '0x1f', '12', '-5', 'L', 'L:', 'map_fd', '.raw', ' ', '\n', '\t', '%', '99999999999999999999999'];
test('property: random text never throws anything but BpfError', () => {
  const check = (text: string): void => {
    try {
      assembleUbpf(text);
    } catch (e) {
      if (!(e instanceof BpfError)) throw e;
    }
  };
  fc.assert(fc.property(fc.string({ maxLength: 60 }), (s) => check(s)), { numRuns: 3000 });
  fc.assert(fc.property(fc.array(fc.constantFrom(...tokens), { maxLength: 30 }).map((a) => a.join(' ')), (s) => check(s)), { numRuns: 5000 });
});

test('may_goto (no uBPF mnemonic) disassembles to its .raw word and assembles back', () => {
  const insns: Instruction[] = [{ code: 0xe5, dst: 0, src: 0, off: 1, imm: 0, imm2: 0 }, { code: 0x95, dst: 0, src: 0, off: 0, imm: 0, imm2: 0 }, { code: 0x95, dst: 0, src: 0, off: 0, imm: 0, imm2: 0 }];
  const text = disassembleUbpf(insns);
  assert.match(text, /^\.raw 0x0*100e5$/m);
  assert.equal(bytesToHex(encodeInstructions(assembleUbpf(text))), bytesToHex(encodeInstructions(insns)));
});
