import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as b from '../../src/asm/builder.js';
import { R0, R1, R2, R3, R4, R5, R6, R7, R8, R9, R10, program, label } from '../../src/asm/builder.js';
import { assembleUbpf } from '../../src/asm/ubpf.js';
import { BpfError } from '../../src/isa/errors.js';
import { bytesToHex, encodeInstructions } from '../../src/isa/instruction.js';
import { validateInstructions } from '../../src/isa/validate.js';
import { conformanceSkip, loadAssembled } from '../helpers/conformance.js';

const hex = (p: ReturnType<typeof program>): string => bytesToHex(encodeInstructions(p));
const assembled = new Map(loadAssembled().map((a) => [a.file, a.program_hex]));

test('builder reproduces call_local.data byte for byte', { skip: conformanceSkip }, () => {
  const p = program(
    b.mov64(R0, 0), b.mov64(R1, 1), b.mov64(R2, 2), b.mov64(R3, 3), b.mov64(R4, 4), b.mov64(R5, 5),
    b.mov64(R6, 6), b.mov64(R7, 7), b.mov64(R8, 8), b.mov64(R9, 9),
    b.callLocal('func1'),
    b.jne(R0, 15, 'failed'), b.jne(R6, 6, 'failed'), b.jne(R7, 7, 'failed'), b.jne(R8, 8, 'failed'), b.jne(R9, 9, 'failed'),
    b.mov64(R0, 1), b.exit(),
    label('failed'), b.mov64(R0, -1), b.exit(),
    label('func1'), b.mov64(R0, 0), [R1, R2, R3, R4, R5].map((r) => b.add64(R0, r)),
    b.mov64(R6, 0), b.mov64(R7, 0), b.mov64(R8, 0), b.mov64(R9, 0), b.exit(),
  );
  assert.equal(hex(p), assembled.get('call_local.data'));
});

test('builder reproduces lock_cmpxchg.data (lddw counts two slots in label offsets)', { skip: conformanceSkip }, () => {
  const p = program(
    b.lddw(R0, 0x123456789abcdef0n), b.stxdw(R10, -8, R0),
    b.lddw(R1, 0x1122334455667788n), b.lddw(R0, 0x0fedcba987654321n),
    b.atomicCmpxchg64(R10, -8, R1),
    b.lddw(R1, 0x123456789abcdef0n), b.jne(R0, R1, 'exit'),
    b.ldxdw(R0, R10, -8), b.jne(R0, R1, 'exit'),
    b.lddw(R0, 0x123456789abcdef0n), b.stxdw(R10, -8, R0),
    b.lddw(R1, 0x1122334455667788n),
    b.atomicCmpxchg64(R10, -8, R1),
    b.lddw(R1, 0x123456789abcdef0n), b.jne(R0, R1, 'exit'),
    b.ldxdw(R0, R10, -8), b.lddw(R1, 0x1122334455667788n), b.jne(R0, R1, 'exit'),
    b.mov64(R0, 0), label('exit'), b.exit(),
  );
  assert.equal(hex(p), assembled.get('lock_cmpxchg.data'));
});

test('every builder function agrees with the ubpf assembler', () => {
  const pairs: Array<[b.Item, string]> = [
    [b.mov32(R1, R2), 'mov32 %r1, %r2'], [b.add64(R1, 4), 'add %r1, 4'], [b.sdiv64(R3, -7), 'sdiv %r3, -7'],
    [b.smod32(R3, R4), 'smod32 %r3, %r4'], [b.neg32(R5), 'neg32 %r5'], [b.arsh64(R1, 63), 'arsh %r1, 63'],
    [b.movsx64(R1, R2, 32), 'movsx3264 %r1, %r2'], [b.movsx32(R1, R2, 8), 'movsx832 %r1, %r2'],
    [b.be16(R1), 'be16 %r1'], [b.le64(R1), 'le64 %r1'], [b.bswap32(R1), 'bswap32 %r1'],
    [b.ldxw(R0, R1, 4), 'ldxw %r0, [%r1+4]'], [b.ldxsh(R0, R10, -2), 'ldxsh %r0, [%r10-2]'],
    [b.stxdw(R10, -8, R1), 'stxdw [%r10-8], %r1'], [b.sth(R1, 2, 0x1234), 'sth [%r1+2], 0x1234'],
    [b.ldabsh(12), 'ldabsh 12'], [b.ldindb(R6, 3), 'ldindb %r6, 3'],
    [b.lddw(R1, 0x1234n), 'lddw %r1, 0x1234'], [b.lddw(R1, -1), 'lddw %r1, -1'],
    [b.ldMapFd(R1, 7), 'lddw %r1, map_fd(7)'], [b.ldMapValue(R1, 7, 16), 'lddw %r1, map_value(7, 16)'],
    [b.ldMapIdx(R2, 1), 'lddw %r2, map_idx(1)'], [b.ldBtfId(R2, 99), 'lddw %r2, btf_id(99)'],
    [b.atomicFetchAdd32(R1, 0, R2), 'lock fetch add32 [%r1], %r2'], [b.atomicXchg64(R10, -8, R3), 'lock xchg [%r10-8], %r3'],
    [b.atomicOr64(R1, 8, R2), 'lock or [%r1+8], %r2'], [b.atomicFetchXor64(R1, 8, R2), 'lock fetch xor [%r1+8], %r2'],
    [b.atomicCmpxchg32(R1, 4, R2), 'lock cmpxchg32 [%r1+4], %r2'],
    [b.ja(3), 'ja +3'], [b.gotol(-70000), 'ja32 -70000'], [b.jslt32(R1, R2, -1), 'jslt32 %r1, %r2, -1'],
    [b.jset(R1, 0x80, 2), 'jset %r1, 0x80, +2'], [b.call(b.BPF_FUNC_map_lookup_elem), 'call 1'],
    [b.callx(R1), 'call %r1'], [b.callKfunc(42), 'call runtime 42'], [b.callLocal(5), 'call local +5'], [b.exit(), 'exit'],
  ];
  for (const [item, text] of pairs) assert.equal(hex(program(item)), hex(assembleUbpf(text)), text);
});

test('a map lookup program with a loop builds and validates', () => {
  const p = program(
    b.mov64(R6, 0),
    label('loop'),
    b.stxw(R10, -4, R6),
    b.ldMapFd(R1, 3),
    b.mov64(R2, R10), b.add64(R2, -4),
    b.call(b.BPF_FUNC_map_lookup_elem),
    b.jeq(R0, 0, 'next'),
    b.atomicAdd64(R0, 0, R6),
    label('next'),
    b.add64(R6, 1),
    b.jlt(R6, 10, 'loop'),
    b.mov64(R0, 0),
    b.exit(),
  );
  validateInstructions(p);
  assert.equal(p[6]!.off, 1); // jeq at slot 7 → next at slot 9
  assert.equal(p[9]!.off, -10); // jlt at slot 10 → loop at slot 1
});

test('undefined and duplicate labels, bad operands → BpfError EINVAL', () => {
  const isEinval = (e: unknown): boolean => e instanceof BpfError && e.errno === 'EINVAL';
  assert.throws(() => program(b.ja('nowhere'), b.exit()), (e) => isEinval(e) && /undefined label 'nowhere'/.test((e as Error).message));
  assert.throws(() => program(label('a'), b.exit(), label('a'), b.exit()), (e) => isEinval(e) && /duplicate label 'a'/.test((e as Error).message));
  assert.throws(() => b.mov64(R0, 2 ** 33), isEinval);
  assert.throws(() => b.ldxw(R0, R1, 40000), isEinval);
  assert.throws(() => b.mov64(7 as unknown as b.Reg, 1), isEinval);
  assert.throws(() => b.lddw(R0, 1n << 64n), isEinval);
  assert.throws(() => b.movsx64(R0, R1, 4 as 8), isEinval);
  const far = program(b.gotol('end'), Array.from({ length: 40000 }, () => b.mov64(R0, 0)), label('end'), b.exit());
  assert.equal(far.length, 40002);
  assert.equal(far[0]!.imm, 40000);
  assert.throws(() => program(b.jeq(R0, 0, 'end'), Array.from({ length: 40000 }, () => b.mov64(R0, 0)), label('end'), b.exit()), isEinval);
});
