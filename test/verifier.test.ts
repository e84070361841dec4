import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { verify, MapType, tnum as T } from '../src/verifier/index.js';
import { insn, type Instruction } from '../src/isa/instruction.js';
import * as op from '../src/isa/opcodes.js';

// --- tiny program builders (the kernel's BPF_* macros from include/linux/filter.h) ---
const ALU64_IMM = (o: number, d: number, imm: number): Instruction => insn(op.BPF_ALU64 | o | op.BPF_K, d, 0, 0, imm);
const ALU64_REG = (o: number, d: number, s: number): Instruction => insn(op.BPF_ALU64 | o | op.BPF_X, d, s);
const MOV64_IMM = (d: number, imm: number): Instruction => ALU64_IMM(op.BPF_MOV, d, imm);
const MOV64_REG = (d: number, s: number): Instruction => ALU64_REG(op.BPF_MOV, d, s);
const LDX = (size: number, d: number, s: number, off: number): Instruction => insn(op.BPF_LDX | op.BPF_MEM | size, d, s, off);
const STX = (size: number, d: number, s: number, off: number): Instruction => insn(op.BPF_STX | op.BPF_MEM | size, d, s, off);
const ST = (size: number, d: number, off: number, imm: number): Instruction => insn(op.BPF_ST | op.BPF_MEM | size, d, 0, off, imm);
const JMP_IMM = (o: number, d: number, imm: number, off: number): Instruction => insn(op.BPF_JMP | o | op.BPF_K, d, 0, off, imm);
const JMP_REG = (o: number, d: number, s: number, off: number): Instruction => insn(op.BPF_JMP | o | op.BPF_X, d, s, off);
const JA = (off: number): Instruction => insn(op.BPF_JMP | op.BPF_JA, 0, 0, off);
const CALL = (id: number): Instruction => insn(op.BPF_JMP | op.BPF_CALL, 0, 0, 0, id);
const CALL_PC = (rel: number): Instruction => insn(op.BPF_JMP | op.BPF_CALL, 0, op.BPF_PSEUDO_CALL, 0, rel);
const EXIT = (): Instruction => insn(op.BPF_JMP | op.BPF_EXIT);
const LD_MAP = (d: number, idx: number): Instruction => insn(op.BPF_LD | op.BPF_IMM | op.BPF_DW, d, op.BPF_PSEUDO_MAP_FD, 0, idx, 0);
const { BPF_W, BPF_B, BPF_DW } = op;

const hash8 = { type: MapType.HASH, keySize: 8, valueSize: 8, maxEntries: 1, name: 'h' };
const lookup = (): Instruction[] => [
  ST(BPF_DW, 10, -8, 0), MOV64_REG(2, 10), ALU64_IMM(op.BPF_ADD, 2, -8), LD_MAP(1, 0), CALL(1),
];

test('accepts the smallest program and prints the kernel statistics line', () => {
  const r = verify([MOV64_IMM(0, 0), EXIT()], { logLevel: 2 });
  assert.equal(r.accepted, true);
  assert.match(r.log, /^0: R1=ctx\(\) R10=fp0$/m);
  assert.match(r.log, /^1: \(95\) exit$/m);
  assert.match(r.log, /processed 2 insns \(limit 1000000\) max_states_per_insn \d+ total_states \d+ peak_states \d+ mark_read \d+/);
});

test('structure errors use the kernel wording', () => {
  assert.equal(verify([EXIT()]).message, 'R0 !read_ok');
  assert.equal(verify([MOV64_IMM(0, 0), JA(5), EXIT()]).message, 'jump out of range from insn 1 to 7');
  assert.equal(verify([MOV64_IMM(0, 0), EXIT(), MOV64_IMM(0, 1), EXIT()]).message, 'unreachable insn 2');
  assert.equal(verify([MOV64_IMM(0, 0)]).message, 'last insn is not an exit or jmp');
  const spin = [MOV64_IMM(0, 0), JMP_IMM(op.BPF_JEQ, 0, 0, -1), EXIT()];
  assert.equal(verify(spin, { unpriv: true }).message, 'back-edge from insn 1 to 1');
  assert.equal(verify(spin).message, 'infinite loop detected at insn 1');
  void JA;
  assert.equal(verify([MOV64_IMM(0, 0), ALU64_IMM(op.BPF_DIV, 0, 0), EXIT()]).message, 'div by zero');
  assert.equal(verify([MOV64_IMM(10, 0), EXIT()]).message, 'frame pointer is read only');
});

test('bounded loops verify; a loop over the budget is too large', () => {
  const loop = (n: number): Instruction[] => [MOV64_IMM(0, 0), ALU64_IMM(op.BPF_ADD, 0, 1), JMP_IMM(op.BPF_JLT, 0, n, -2), EXIT()];
  assert.equal(verify(loop(100)).accepted, true);
  const big = verify(loop(100000), { insnLimit: 5000 });
  assert.equal(big.accepted, false);
  assert.match(big.message!, /^BPF program is too large\. Processed 5001 insn$/);
  assert.equal(big.errno, 'E2BIG');
});

test('map values must be null-checked and accessed in bounds', () => {
  const noCheck = verify([...lookup(), LDX(BPF_DW, 0, 0, 0), EXIT()], { maps: [hash8] });
  assert.equal(noCheck.message, "R0 invalid mem access 'map_value_or_null'");
  const ok = verify([...lookup(), JMP_IMM(op.BPF_JEQ, 0, 0, 1), LDX(BPF_DW, 0, 0, 0), MOV64_IMM(0, 0), EXIT()], { maps: [hash8] });
  assert.equal(ok.accepted, true, ok.log);
  const oob = verify([...lookup(), JMP_IMM(op.BPF_JEQ, 0, 0, 1), LDX(BPF_DW, 0, 0, 4), MOV64_IMM(0, 0), EXIT()], { maps: [hash8] });
  assert.equal(oob.message, 'R0 min value is outside of the allowed memory range');
  assert.match(oob.log, /invalid access to map value, value_size=8 off=4 size=8/);
  // the failure slice names the branch decision that led to the access
  assert.match(oob.log, /insn 6: fell through/);
});

test('pointer arithmetic rules', () => {
  assert.equal(verify([LD_MAP(1, 0), ALU64_IMM(op.BPF_ADD, 1, 8), MOV64_IMM(0, 0), EXIT()], { maps: [hash8] }).message,
    'R1 pointer arithmetic on map_ptr prohibited');
  // an unknown scalar added to the frame pointer
  const varStack = [LDX(BPF_W, 2, 1, 0), ALU64_IMM(op.BPF_AND, 2, 0xff), MOV64_REG(3, 10), ALU64_REG(op.BPF_ADD, 3, 2), MOV64_IMM(0, 0), EXIT()];
  const r = verify(varStack);
  assert.equal(r.accepted, true, r.log); // bounded by the mask: allowed for root
  assert.match(verify(varStack, { unpriv: true }).message!, /^R3 variable stack access prohibited for !root/);
  const u = verify([LDX(BPF_DW, 2, 10, -8), MOV64_REG(3, 10), ALU64_REG(op.BPF_ADD, 3, 2), MOV64_IMM(0, 0), EXIT()]);
  assert.equal(u.accepted, false);
  assert.match(u.message!, /invalid read from stack|unbounded min value/);
  assert.equal(verify([MOV64_REG(0, 10), EXIT()], { unpriv: true }).message, 'R0 leaks addr as return value');
});

test('XDP: packet access needs a comparison against data_end', () => {
  const prog = (check: boolean): Instruction[] => [
    LDX(BPF_W, 2, 1, 0), LDX(BPF_W, 3, 1, 4), MOV64_REG(4, 2), ALU64_IMM(op.BPF_ADD, 4, 14),
    ...(check ? [JMP_REG(op.BPF_JGT, 4, 3, 2)] : []), LDX(BPF_B, 0, 2, 12), EXIT(), ...(check ? [MOV64_IMM(0, 1), EXIT()] : []),
  ];
  assert.equal(verify(prog(true), { progType: 'xdp' }).accepted, true);
  const bad = verify(prog(false), { progType: 'xdp' });
  assert.equal(bad.message, 'R2 offset is outside of the packet');
  assert.match(bad.log, /invalid access to packet, off=12 size=1, R2\(id=0,off=0,r=0\)/);
});

test('subprogram calls: depth, stack size, return to caller', () => {
  // nine nested frames
  const deep: Instruction[] = [];
  for (let k = 0; k < 9; k++) deep.push(CALL_PC(1), EXIT());
  deep.push(MOV64_IMM(0, 0), EXIT());
  assert.match(verify(deep).message!, /^the call stack of 9 frames is too deep$/);
  // two frames of 320 bytes each
  const big = [CALL_PC(3), ST(BPF_DW, 10, -320, 0), MOV64_IMM(0, 0), EXIT(), ST(BPF_DW, 10, -320, 0), MOV64_IMM(0, 0), EXIT()];
  assert.equal(verify(big).message, 'combined stack size of 2 calls is 640. Too large');
  const ok = verify([MOV64_IMM(1, 5), CALL_PC(1), EXIT(), MOV64_REG(0, 1), EXIT()], { logLevel: 2 });
  assert.equal(ok.accepted, true, ok.log);
  assert.match(ok.log, /returning from callee/);
});

test('references: a ring buffer record must be submitted on every path', () => {
  const rb = { type: MapType.RINGBUF, keySize: 0, valueSize: 0, maxEntries: 4096, name: 'rb' };
  const head = (off: number): Instruction[] => [LD_MAP(1, 0), MOV64_IMM(2, 8), MOV64_IMM(3, 0), CALL(131), JMP_IMM(op.BPF_JEQ, 0, 0, off)];
  const leak = verify([...head(1), MOV64_IMM(0, 0), EXIT()], { maps: [rb], progType: 'kprobe' });
  // Linux 6.18 (check_resource_leak): each leaked reference in the log, then what leaks it
  assert.match(leak.log, /^Unreleased reference id=\d+ alloc_insn=4$/m);
  assert.equal(leak.message, 'BPF_EXIT instruction in main prog would lead to reference leak');
  assert.match(verify([...head(1), MOV64_IMM(0, 0), EXIT()], { maps: [rb], progType: 'kprobe', kernel: '5.10' }).message ?? '', /^Unreleased reference id=\d+ alloc_insn=4$/);
  const ok = verify([...head(4), MOV64_REG(1, 0), MOV64_IMM(2, 0), CALL(132), MOV64_IMM(0, 0), EXIT()], { maps: [rb], progType: 'kprobe' });
  assert.equal(ok.accepted, true, ok.log);
});

test('return code ranges per program type', () => {
  const r = verify([MOV64_IMM(0, 2), EXIT()], { progType: 'cgroup_skb' });
  assert.equal(r.message, 'At program exit the register R0 has smin=2 smax=2 should have been in [0, 1]');
  assert.equal(verify([MOV64_IMM(0, 1), EXIT()], { progType: 'cgroup_skb' }).accepted, true);
});

test('JSON trace carries the abstract state before every instruction', () => {
  const r = verify([MOV64_IMM(0, 7), MOV64_REG(2, 0), EXIT()], { json: true, logLevel: 0 });
  assert.equal(r.json?.length, 3);
  assert.equal(r.json![1]!.regs.r0, '7');
  assert.equal(r.json![2]!.regs.r2, '7');
  assert.equal(r.json![0]!.regs.r1, 'ctx()');
});

test('explanation restates the error in plain words', () => {
  const r = verify([EXIT()]);
  assert.match(r.explanation!, /register r0 is read here but no value was ever written/);
});

// --- tnum (kernel/bpf/tnum.c) soundness: every concrete result lies in the abstract result ---
const arbTnum = fc.tuple(fc.bigInt({ min: 0n, max: T.U64 }), fc.bigInt({ min: 0n, max: T.U64 }), fc.bigInt({ min: 0n, max: T.U64 })).map(([v, m, pick]) => {
  const mask = m;
  const value = v & ~mask & T.U64;
  return { t: { value, mask }, x: value | (pick & mask) };
});
const U = T.U64;
test('tnum operations are sound', () => {
  fc.assert(fc.property(arbTnum, arbTnum, (a, b) => {
    const ins = (t: T.Tnum, x: bigint): boolean => (x & ~t.mask & U) === t.value;
    assert.ok(ins(T.tnumAdd(a.t, b.t), (a.x + b.x) & U));
    assert.ok(ins(T.tnumSub(a.t, b.t), (a.x - b.x) & U));
    assert.ok(ins(T.tnumAnd(a.t, b.t), a.x & b.x));
    assert.ok(ins(T.tnumOr(a.t, b.t), a.x | b.x));
    assert.ok(ins(T.tnumXor(a.t, b.t), a.x ^ b.x));
    assert.ok(ins(T.tnumMul(a.t, b.t), (a.x * b.x) & U));
    const sh = Number(b.x % 64n);
    assert.ok(ins(T.tnumLshift(a.t, sh), (a.x << BigInt(sh)) & U));
    assert.ok(ins(T.tnumRshift(a.t, sh), a.x >> BigInt(sh)));
    assert.ok(ins(T.tnumArshift(a.t, sh, 64), BigInt.asUintN(64, BigInt.asIntN(64, a.x) >> BigInt(sh))));
    const lo = a.x < b.x ? a.x : b.x;
    const hi = a.x < b.x ? b.x : a.x;
    assert.ok(ins(T.tnumRange(lo, hi), lo) && ins(T.tnumRange(lo, hi), hi));
  }), { numRuns: 300 });
});
