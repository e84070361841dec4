/**
 * The verifier rules that changed between Linux 5.10 and 6.18 (src/verifier/kernel_rules.ts):
 * one small program per rule, verified under both rule sets, and — where the kernel's bpf() works
 * — loaded by the running kernel (6.18 here), whose verdict the 6.18 rules must give. Then the
 * option on the CLI (`prog verify --kernel`) and in batch lines (`"kernel"`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as op from '../../src/isa/opcodes.js';
import { insn, LDDW, bytesToHex, encodeInstructions, type Instruction } from '../../src/isa/instruction.js';
import { verify, kernelRules, KERNEL_RULES, MapType, type VerifierMap, type KernelVersion } from '../../src/verifier/index.js';
import { kernelAvailable, progLoad, mapCreate, closeFd, KernelError } from '../../src/hooks/kernel/index.js';
import { nrCpuIds } from '../../src/hooks/kernel/bpf.js';
import { tempDir } from '../temp_dir.js';

const BIN = fileURLToPath(new URL('../../../bin/tsbpf.js', import.meta.url));
const kernel = kernelAvailable();

const I = {
  mov: (d: number, imm: number) => insn(op.BPF_ALU64 | op.BPF_MOV | op.BPF_K, d, 0, 0, imm),
  movX: (d: number, s: number) => insn(op.BPF_ALU64 | op.BPF_MOV | op.BPF_X, d, s),
  add: (d: number, imm: number) => insn(op.BPF_ALU64 | op.BPF_ADD | op.BPF_K, d, 0, 0, imm),
  and: (d: number, imm: number) => insn(op.BPF_ALU64 | op.BPF_AND | op.BPF_K, d, 0, 0, imm),
  ldx: (size: number, d: number, s: number, off: number) => insn(op.BPF_LDX | op.BPF_MEM | size, d, s, off),
  stx: (size: number, d: number, s: number, off: number) => insn(op.BPF_STX | op.BPF_MEM | size, d, s, off),
  st: (size: number, d: number, off: number, imm: number) => insn(op.BPF_ST | op.BPF_MEM | size, d, 0, off, imm),
  call: (id: number) => insn(op.BPF_JMP | op.BPF_CALL, 0, 0, 0, id),
  jmpK: (o: number, d: number, imm: number, off: number) => insn(op.BPF_JMP | o | op.BPF_K, d, 0, off, imm),
  jmpX: (o: number, d: number, s: number, off: number) => insn(op.BPF_JMP | o | op.BPF_X, d, s, off),
  ja: (off: number) => insn(op.BPF_JMP | op.BPF_JA, 0, 0, off),
  map: (d: number) => insn(LDDW, d, op.BPF_PSEUDO_MAP_FD, 0, 0, 0),
  exit: () => insn(op.BPF_JMP | op.BPF_EXIT),
};
const ARRAY: VerifierMap = { type: MapType.ARRAY, keySize: 4, valueSize: 8, maxEntries: 1, name: 'a' };
const HASH: VerifierMap = { type: MapType.HASH, keySize: 4, valueSize: 8, maxEntries: 1, name: 'h' };

interface Case {
  name: string;
  insns: Instruction[];
  progType?: 'socket_filter' | 'xdp' | 'sk_lookup';
  map?: VerifierMap;
  expectedAttachType?: number;
  /** tsbpf's message under the 5.10 rules (null: accepted) */
  v510: string | null;
  /** accepted under the 6.18 rules? */
  v618: boolean;
}

/** a key of 0 on the stack at fp-4, then bpf_map_lookup_elem(map, fp-4) */
const lookup = (keyStore: Instruction[]): Instruction[] => [
  ...keyStore, I.movX(2, 10), I.add(2, -4), I.map(1), I.call(1),
];

const CASES: Case[] = [
  { name: 'allow_uninit_stack: a load from stack never written', insns: [I.ldx(op.BPF_DW, 0, 10, -8), I.mov(0, 0), I.exit()],
    v510: 'invalid read from stack off -8+0 size 8', v618: true },
  { name: 'allow_uninit_stack: a helper reads a key never written', insns: [...lookup([]), I.mov(0, 0), I.exit()], map: HASH,
    v510: 'invalid indirect read from stack R2 off -4+0 size 4', v618: true },
  { name: 'const-key array lookup: key 0 (STACK_ZERO) cannot miss', insns: [...lookup([I.st(op.BPF_W, 10, -4, 0)]), I.ldx(op.BPF_DW, 0, 0, 0), I.exit()], map: ARRAY,
    v510: "R0 invalid mem access 'map_value_or_null'", v618: true },
  { name: 'const-key array lookup: key 1 >= max_entries may miss', insns: [...lookup([I.st(op.BPF_W, 10, -4, 1)]), I.ldx(op.BPF_DW, 0, 0, 0), I.exit()], map: ARRAY,
    v510: "R0 invalid mem access 'map_value_or_null'", v618: false },
  { name: 'const-key lookup: a hash map may miss', insns: [...lookup([I.st(op.BPF_W, 10, -4, 0)]), I.ldx(op.BPF_DW, 0, 0, 0), I.exit()], map: HASH,
    v510: "R0 invalid mem access 'map_value_or_null'", v618: false },
  { name: 'const-key array lookup: an 8-byte spill under a 4-byte key is not a constant key', insns: [I.st(op.BPF_DW, 10, -8, 0), I.movX(2, 10), I.add(2, -8), I.map(1), I.call(1), I.ldx(op.BPF_DW, 0, 0, 0), I.exit()], map: ARRAY,
    v510: "R0 invalid mem access 'map_value_or_null'", v618: false },
  { name: 'cpu v4: BPF_ALU64|BPF_END is bswap', insns: [I.mov(0, 1), insn(op.BPF_ALU64 | op.BPF_END | op.BPF_K, 0, 0, 0, 32), I.exit()],
    v510: 'unknown opcode d7', v618: true },
  { name: 'cpu v4: sdiv (off = 1)', insns: [I.mov(0, 7), insn(op.BPF_ALU64 | op.BPF_DIV | op.BPF_K, 0, 0, 1, -2), I.exit()],
    v510: 'BPF_ALU uses reserved fields', v618: true },
  { name: 'cpu v4: movsx (off = 8)', insns: [I.mov(0, 0xff), insn(op.BPF_ALU64 | op.BPF_MOV | op.BPF_X, 0, 0, 8), I.exit()],
    v510: 'BPF_MOV uses reserved fields', v618: true },
  { name: 'cpu v4: ldsx', insns: [I.st(op.BPF_DW, 10, -8, -1), insn(op.BPF_LDX | op.BPF_MEMSX | op.BPF_B, 0, 10, -8), I.exit()],
    v510: 'BPF_LDX uses reserved fields', v618: true },
  { name: 'cpu v4: gotol', insns: [I.mov(0, 0), insn(op.BPF_JMP32 | op.BPF_JA, 0, 0, 0, 0), I.exit()],
    v510: 'unknown opcode 06', v618: true },
  { name: 'bpf_sk_lookup: ingress_ifindex at offset 64', progType: 'sk_lookup', expectedAttachType: 36,
    insns: [I.ldx(op.BPF_W, 0, 1, 64), I.mov(0, 0), I.exit()], v510: 'invalid bpf_context access off=64 size=4', v618: true },
  { name: 'is_branch_taken(reg, reg): 0 > r0 is never true', insns: [I.call(7), I.mov(1, 0), I.jmpX(op.BPF_JGT, 1, 0, 2), I.mov(0, 0), I.exit(), I.ldx(op.BPF_DW, 0, 10, 8), I.exit()],
    v510: 'invalid read from stack R10 off=8 size=8', v618: true },
  { name: 'scalar_byte_swap: be16 gives at most 0xffff', insns: [I.call(7), insn(op.BPF_ALU | op.BPF_END | op.BPF_TO_BE, 0, 0, 0, 16), I.jmpK(op.BPF_JGT, 0, 0xffff, 2), I.mov(0, 0), I.exit(), I.ldx(op.BPF_DW, 0, 10, 8), I.exit()],
    v510: 'invalid read from stack R10 off=8 size=8', v618: true },
  { name: 'BPF_NEG keeps a range: -(r0 & 7) is never positive', insns: [I.call(7), I.and(0, 7), insn(op.BPF_ALU64 | op.BPF_NEG, 0), I.jmpK(op.BPF_JSGT, 0, 0, 2), I.mov(0, 0), I.exit(), I.ldx(op.BPF_DW, 0, 10, 8), I.exit()],
    v510: 'invalid read from stack R10 off=8 size=8', v618: true },
  { name: 'atomics: fetch-and-add on the stack', insns: [I.st(op.BPF_DW, 10, -8, 0), I.mov(1, 1), insn(op.BPF_STX | op.BPF_ATOMIC | op.BPF_DW, 10, 1, -8, op.BPF_ADD | op.BPF_FETCH), I.mov(0, 0), I.exit()],
    v510: 'BPF_STX uses reserved fields', v618: true },
  { name: 'BPF_ST into the context: skb->cb[0] = 1', insns: [I.st(op.BPF_W, 1, 48, 1), I.mov(0, 0), I.exit()],
    v510: 'BPF_ST stores into R1 ctx is not allowed', v618: true },
  { name: 'round_up_stack_depth: 272 + 240 bytes fit in 512 in 16-byte steps', insns: [I.st(op.BPF_B, 10, -272, 0), insn(op.BPF_JMP | op.BPF_CALL, 0, op.BPF_PSEUDO_CALL, 0, 1), I.exit(), I.st(op.BPF_B, 10, -240, 0), I.mov(0, 0), I.exit()],
    v510: 'combined stack size of 2 calls is 544. Too large', v618: true },
  { name: 'check_cfg: a dead branch into the middle of an ldimm64', insns: [I.mov(0, 0), I.jmpK(op.BPF_JEQ, 0, 1, 1), insn(LDDW, 1, 0, 0, 0, 0), I.exit()],
    v510: null, v618: false },
  { name: 'may_goto (BPF_JMP|BPF_JCOND)', insns: [I.mov(0, 0), insn(op.BPF_JMP | op.BPF_JCOND, 0, 0, 1, 0), I.mov(0, 1), I.exit()],
    v510: 'unknown opcode e5', v618: true },
  { name: 'regs_refine_cond_op: r0 & 7 != 0 is at least 1', insns: [I.call(7), I.and(0, 7), I.jmpK(op.BPF_JEQ, 0, 0, 1), I.jmpK(op.BPF_JLT, 0, 1, 2), I.mov(0, 0), I.exit(), I.ldx(op.BPF_DW, 0, 10, 8), I.exit()],
    v510: 'invalid read from stack R10 off=8 size=8', v618: true },
  { name: 'check_cfg: a loop entered in its middle, closed by a fall-through', progType: 'xdp',
    insns: [I.mov(0, 0), I.ja(1), I.add(0, 1), I.jmpK(op.BPF_JLT, 0, 4, -2), I.mov(0, 2), I.exit()], v510: 'back-edge from insn 2 to 3', v618: true },
  { name: 'BPF_ADD_CONST: r1 = r0 + 1 is bounded by a check of r0 (r0 <= 8 makes r1 < 10 always true)',
    insns: [I.call(7), I.movX(1, 0), I.add(1, 1), I.jmpK(op.BPF_JGT, 0, 8, 3), I.jmpK(op.BPF_JLT, 1, 10, 2), I.ldx(op.BPF_DW, 0, 10, 8), I.exit(), I.mov(0, 0), I.exit()],
    v510: 'invalid read from stack R10 off=8 size=8', v618: true },
  { name: 'bpf_fastcall: a callee whose only stack is a spill/fill around bpf_get_smp_processor_id adds nothing to 512 bytes (xdp)', progType: 'xdp',
    insns: [I.mov(1, 42), I.stx(op.BPF_DW, 10, 1, -512), insn(op.BPF_JMP | op.BPF_CALL, 0, op.BPF_PSEUDO_CALL, 0, 2), I.mov(0, 0), I.exit(),
      I.stx(op.BPF_DW, 10, 1, -8), I.call(8), I.ldx(op.BPF_DW, 1, 10, -8), I.exit()],
    v510: 'combined stack size of 2 calls is 544. Too large', v618: true },
  { name: 'bpf_fastcall: not for a socket filter, whose bpf_get_smp_processor_id is bpf_base_func_proto\'s raw one',
    insns: [I.mov(1, 42), I.stx(op.BPF_DW, 10, 1, -512), insn(op.BPF_JMP | op.BPF_CALL, 0, op.BPF_PSEUDO_CALL, 0, 2), I.mov(0, 0), I.exit(),
      I.stx(op.BPF_DW, 10, 1, -8), I.call(8), I.ldx(op.BPF_DW, 1, 10, -8), I.exit()],
    v510: 'combined stack size of 2 calls is 544. Too large', v618: false },
  { name: 'bpf_fastcall: the slot read outside the pattern keeps the spill/fill, and its stack counts', progType: 'xdp',
    insns: [I.mov(1, 42), I.stx(op.BPF_DW, 10, 1, -512), insn(op.BPF_JMP | op.BPF_CALL, 0, op.BPF_PSEUDO_CALL, 0, 2), I.mov(0, 0), I.exit(),
      I.stx(op.BPF_DW, 10, 1, -8), I.call(8), I.ldx(op.BPF_DW, 1, 10, -8), I.ldx(op.BPF_DW, 2, 10, -8), I.exit()],
    v510: 'combined stack size of 2 calls is 544. Too large', v618: false },
  { name: 'is_safe_to_compute_dst_reg_range: after w0 /= 3 the upper half is unknown (5.10 zero-extended it)',
    insns: [I.call(7), insn(op.BPF_ALU | op.BPF_DIV | op.BPF_K, 0, 0, 0, 3), insn(op.BPF_ALU64 | op.BPF_RSH | op.BPF_K, 0, 0, 0, 32), I.jmpK(op.BPF_JEQ, 0, 0, 1), I.ldx(op.BPF_DW, 0, 10, 8), I.mov(0, 0), I.exit()],
    v510: null, v618: false },
];

function tsbpf(c: Case, k: KernelVersion, unpriv = false): string | null {
  const r = verify(c.insns, { progType: c.progType ?? 'socket_filter', maps: c.map ? [c.map] : [], kernel: k, unpriv, logLevel: 0, expectedAttachType: c.expectedAttachType ?? 0 });
  return r.accepted ? null : r.message!;
}

function kernelAccepts(c: Case): boolean {
  const fd = c.map ? mapCreate({ mapType: c.map.type, keySize: c.map.keySize, valueSize: c.map.valueSize, maxEntries: c.map.maxEntries }) : -1;
  try {
    const insns = c.insns.map((i) => (i.code === LDDW && i.src === op.BPF_PSEUDO_MAP_FD ? { ...i, imm: fd } : i));
    const progType = c.progType === 'xdp' ? 'XDP' : c.progType === 'sk_lookup' ? 'SK_LOOKUP' : 'SOCKET_FILTER';
    closeFd(progLoad({ progType, insns: encodeInstructions(insns), expectedAttachType: c.expectedAttachType ?? 0, retryWithLog: false }).fd);
    return true;
  } catch (e) {
    if (e instanceof KernelError) return false;
    throw e;
  } finally {
    if (fd >= 0) closeFd(fd);
  }
}

for (const c of CASES) {
  test(`kernel rules: ${c.name}`, () => {
    assert.equal(tsbpf(c, '5.10'), c.v510, '5.10 rules');
    const now = tsbpf(c, '6.18');
    assert.equal(now === null, c.v618, `6.18 rules: ${now}`);
    if (kernel.ok) assert.equal(kernelAccepts(c), c.v618, 'the running kernel agrees with the 6.18 rules');
  });
}

test('kernel rules: unprivileged programs still may not read uninitialised stack or skip the null check', () => {
  for (const c of CASES.filter((x) => x.name.startsWith('allow_uninit_stack: a load') || x.name.startsWith('const-key array lookup: key 0'))) {
    assert.notEqual(tsbpf(c, '6.18', true), null, c.name);
  }
});

test('kernel rules: the words of older kernels for what both refuse', () => {
  // an unprivileged bpf-to-bpf call: check_subprogs (5.10) and add_subprog_and_kfunc (5.13+) say it differently
  const call = [I.mov(0, 0), insn(op.BPF_JMP | op.BPF_CALL, 0, op.BPF_PSEUDO_CALL, 0, 1), I.exit(), I.mov(0, 0), I.exit()];
  assert.equal(verify(call, { kernel: '5.10', unpriv: true, logLevel: 0 }).message, 'function calls to other bpf functions are allowed for CAP_BPF and CAP_SYS_ADMIN');
  assert.equal(verify(call, { kernel: '6.18', unpriv: true, logLevel: 0 }).message, 'loading/calling other bpf or kernel functions are allowed for CAP_BPF and CAP_SYS_ADMIN');
  // an atomic add into the context: check_xadd (5.10) and check_atomic (5.12+)
  const xadd = [I.mov(2, 1), insn(op.BPF_STX | op.BPF_ATOMIC | op.BPF_W, 1, 2, 0, op.BPF_ADD), I.mov(0, 0), I.exit()];
  assert.equal(verify(xadd, { kernel: '5.10', logLevel: 0 }).message, 'BPF_XADD stores into R1 ctx is not allowed');
  assert.equal(verify(xadd, { kernel: '6.18', logLevel: 0 }).message, 'BPF_ATOMIC stores into R1 ctx is not allowed');
  // a kfunc call: src_reg 2 is a reserved field before 5.13
  const kfunc = [insn(op.BPF_JMP | op.BPF_CALL, 0, op.BPF_PSEUDO_KFUNC_CALL, 0, 1), I.mov(0, 0), I.exit()];
  assert.equal(verify(kfunc, { kernel: '5.10', logLevel: 0 }).message, 'BPF_CALL uses reserved fields');
  assert.notEqual(verify(kfunc, { kernel: '6.18', logLevel: 0 }).message, 'BPF_CALL uses reserved fields');
});

test('kernel rules: an uninitialised stack read gives an unknown scalar, not a constant', () => {
  // r0 = *(u64 *)(r10 - 8); if r0 != 0 goto +1; exit with a stack read out of the frame when r0 == 0
  const insns = [I.ldx(op.BPF_DW, 0, 10, -8), I.jmpK(op.BPF_JNE, 0, 0, 1), I.ldx(op.BPF_DW, 0, 10, 8), I.mov(0, 0), I.exit()];
  const r = verify(insns, { kernel: '6.18', logLevel: 0 });
  assert.equal(r.accepted, false);
  assert.match(r.message!, /invalid read from stack R10 off=8 size=8/);
});

test('kernel rules: a helper that writes a variable length of stack forgets what was spilled there', () => {
  // *(u64 *)(r10 - 8) = 0 (a spilled constant); bpf_skb_load_bytes(skb, 0, fp-8, 1..8); r0 = *(u64 *)(r10 - 8)
  const insns = [
    I.movX(6, 1), I.st(op.BPF_DW, 10, -8, 0), I.call(7), I.and(0, 7), I.add(0, 1), I.movX(4, 0),
    I.movX(1, 6), I.mov(2, 0), I.movX(3, 10), I.add(3, -8), I.call(26), I.ldx(op.BPF_DW, 0, 10, -8), I.exit(),
  ];
  for (const k of ['5.10', '6.18'] as const) {
    const r = verify(insns, { kernel: k, logLevel: 0, json: true });
    assert.equal(r.accepted, true, r.message);
    const at = r.json!.filter((s) => s.insn === 12).at(-1)!;
    assert.notEqual(at.regs.r0, '0', `${k}: r0 after the helper wrote the slot: ${at.regs.r0}`);
  }
});

test('kernel rules: do_refine_retval_range bounds bpf_get_smp_processor_id by nr_cpu_ids - 1 (given nrCpuIds)', () => {
  // r0 = cpu; if r0 < n goto ok; r0 = *(u64 *)(r10 + 8) (out of the frame); ok: r0 = 0; exit
  const n = kernel.ok ? nrCpuIds() : 4;
  const prog = (k: number): Instruction[] => [I.call(8), I.jmpK(op.BPF_JLT, 0, k, 1), I.ldx(op.BPF_DW, 0, 10, 8), I.mov(0, 0), I.exit()];
  const v = (insns: Instruction[], kernelVersion: KernelVersion, nr?: number): boolean =>
    verify(insns, { kernel: kernelVersion, logLevel: 0, ...(nr ? { nrCpuIds: nr } : {}) }).accepted;
  assert.equal(v(prog(n), '6.18', n), true, 'r0 < nr_cpu_ids always');
  assert.equal(v(prog(n - 1), '6.18', n), false, 'r0 may be nr_cpu_ids - 1');
  assert.equal(v(prog(n), '6.18'), false, 'no nrCpuIds: r0 is unknown');
  assert.equal(v(prog(n), '5.10', n), false, 'the 5.10 rules do not refine');
  if (!kernel.ok) return;
  for (const [k, accepted] of [[n, true], [n - 1, false]] as const) {
    assert.equal(kernelAccepts({ name: 'cpu', insns: prog(k), v510: null, v618: accepted }), accepted, `the kernel, r0 < ${k}`);
  }
});

test('prog verify bounds bpf_get_smp_processor_id by this machine\'s nr_cpu_ids; a --kconfig or --all-helpers target is not this machine', () => {
  let n = 0;
  try {
    n = nrCpuIds();
  } catch {
    // not Linux: prog verify cannot know nr_cpu_ids either
  }
  if (n === 0) return;
  const hex = bytesToHex(encodeInstructions([I.call(8), I.jmpK(op.BPF_JLT, 0, n, 1), I.ldx(op.BPF_DW, 0, 10, 8), I.mov(0, 0), I.exit()]));
  const cli = (...a: string[]) => spawnSync(process.execPath, [BIN, 'prog', 'verify', '--hex', hex, '--type', 'xdp', '--log-level', '0', ...a], { encoding: 'utf8' });
  assert.equal(cli().status, 0, 'r0 < nr_cpu_ids on this machine');
  assert.equal(cli('--all-helpers').status, 1, 'another machine: r0 unknown');
});

test('kernel rules: presets and names', () => {
  assert.equal(kernelRules(undefined), KERNEL_RULES['6.18']);
  assert.equal(kernelRules('v5.10'), KERNEL_RULES['5.10']);
  assert.equal(kernelRules('linux-6.18'), KERNEL_RULES['6.18']);
  assert.throws(() => kernelRules('4.19'), /EINVAL: unknown kernel '4.19'/);
  for (const v of Object.values(KERNEL_RULES['5.10'])) assert.equal(v, false);
  for (const v of Object.values(KERNEL_RULES['6.18'])) assert.equal(v, true);
  // a rule set chosen rule by rule
  const c = CASES[0]!;
  assert.equal(verify(c.insns, { kernel: { ...KERNEL_RULES['5.10'], allowUninitStack: true }, logLevel: 0 }).accepted, true);
});

test('prog verify --kernel and batch "kernel"', () => {
  const hex = bytesToHex(encodeInstructions(CASES[0]!.insns));
  const cli = (...a: string[]) => spawnSync(process.execPath, [BIN, 'prog', 'verify', '--hex', hex, '--log-level', '0', ...a], { encoding: 'utf8' });
  assert.equal(cli().status, 0);
  assert.equal(cli('--kernel', '6.18').status, 0);
  const old = cli('--kernel', '5.10');
  assert.equal(old.status, 1);
  assert.match(old.stdout, /invalid read from stack off -8\+0 size 8/);
  const bad = cli('--kernel', '2.6');
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /EINVAL: unknown kernel '2.6'/);
  const dir = tempDir('tsbpf-krules-');
  const f = join(dir, 'b.jsonl');
  const data = '00'.repeat(64);
  const xdp = bytesToHex(encodeInstructions([I.ldx(op.BPF_DW, 0, 10, -8), I.mov(0, 2), I.exit()]));
  writeFileSync(f, [{ id: 1 }, { id: 2, kernel: '5.10' }, { id: 3, kernel: '6.18' }].map((o) => JSON.stringify({ ...o, type: 'xdp', insns: xdp, data })).join('\n'));
  const b = spawnSync(process.execPath, [BIN, 'prog', 'run', '--batch', f, '--json'], { encoding: 'utf8' });
  const out = b.stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: number; accepted: boolean; retval: number | null; message: string | null });
  assert.deepEqual(out.map((o) => [o.id, o.accepted, o.retval]), [[1, true, 2], [2, false, null], [3, true, 2]]);
  assert.match(out[1]!.message!, /invalid read from stack/);
});

test('reference tracking: a NULL from bpf_tcp_sock(sk) leaves sk referenced (ref_obj_id != id), under both rule sets and in the kernel', () => {
  const insns = [
    I.mov(2, 0), I.stx(op.BPF_W, 10, 2, -8), ...[-16, -24, -32, -40, -48].map((o) => I.stx(op.BPF_DW, 10, 2, o)),
    I.movX(2, 10), I.add(2, -48), I.mov(3, 36), I.mov(4, 0), I.mov(5, 0), I.call(84), // bpf_sk_lookup_tcp
    I.jmpK(op.BPF_JNE, 0, 0, 1), I.exit(),
    I.movX(6, 0), I.movX(1, 0), I.call(96), // bpf_tcp_sock(sk)
    I.jmpK(op.BPF_JNE, 0, 0, 3), I.movX(1, 6), I.call(86), I.exit(), // NULL: release sk
    I.movX(1, 6), I.call(86), I.mov(0, 0), I.exit(),
  ];
  for (const k of ['5.10', '6.18'] as const) {
    const r = verify(insns, { progType: 'sched_cls', kernel: k, logLevel: 0 });
    assert.equal(r.accepted, true, `${k}: ${r.message}`);
  }
  if (kernel.ok) closeFd(progLoad({ progType: 'SCHED_CLS', insns: encodeInstructions(insns) }).fd);
});

// net/core/filter.c: every sk/skc lookup proto takes the tuple's size as ARG_CONST_SIZE_OR_ZERO (a
// size that is no tuple's makes the lookup return NULL at run time). Found by the mutation hunt:
// vrf_socket_lookup.c:xdp_socket_lookup with `r5 = 0` written into r3 — the kernel accepted it,
// tsbpf refused it ("R3 invalid zero-sized read"). A size of 0 is accepted by both, on XDP and tc.
for (const [progType, kType] of [['xdp', 'XDP'], ['sched_cls', 'SCHED_CLS']] as const) {
  for (const [helper, id] of [['sk_lookup_tcp', 84], ['sk_lookup_udp', 85], ['skc_lookup_tcp', 99]] as const) {
    test(`bpf_${helper} on ${progType}: a tuple size of 0 is allowed (ARG_CONST_SIZE_OR_ZERO)`, () => {
      const insns = [
        I.movX(6, 1), I.st(op.BPF_DW, 10, -8, 0),
        I.movX(2, 10), I.add(2, -8), I.mov(3, 0), I.mov(4, -1), I.mov(5, 0), I.movX(1, 6), I.call(id),
        I.jmpK(op.BPF_JEQ, 0, 0, 2), I.movX(1, 0), I.call(86), // bpf_sk_release
        I.mov(0, 2), I.exit(),
      ];
      const r = verify(insns, { progType, logLevel: 0 });
      if (kernel.ok) {
        let k = 'accepts';
        try { closeFd(progLoad({ progType: kType, insns: encodeInstructions(insns), retryWithLog: true }).fd); } catch (e) { if (e instanceof KernelError) k = e.message.split('\n')[0]!; else throw e; }
        assert.equal(r.accepted, k === 'accepts', `kernel ${k}; tsbpf ${r.message ?? 'accepts'}`);
      }
      assert.equal(r.accepted, true, r.message);
    });
  }
}

// is_branch_taken: the low 32 bits of a valid pointer may be zero, so `if w6 != 0` on a non-NULL map
// value predicts nothing and the fall-through (`r10 += 10`) is verified. Found by the mutation hunt
// (verifier_value_or_null.c:lookup_and_null_branch_prediction with its JMP turned into JMP32): the
// kernel refused it ("frame pointer is read only"), tsbpf took the branch as always taken.
test('a jmp32 comparison of a non-NULL pointer with 0 is not predicted', () => {
  const insns = [
    ...lookup([I.st(op.BPF_DW, 10, -8, 10)]), I.movX(6, 0),
    I.jmpK(op.BPF_JEQ, 6, 0, 2), insn(op.BPF_JMP32 | op.BPF_JNE | op.BPF_K, 6, 0, 1, 0), I.add(10, 10), I.exit(),
  ];
  const r = verify(insns, { progType: 'socket_filter', maps: [HASH], logLevel: 0 });
  assert.equal(r.accepted, false);
  assert.match(r.message ?? '', /frame pointer is read only/);
  if (kernel.ok) {
    const fd = mapCreate({ mapType: HASH.type, keySize: 4, valueSize: 8, maxEntries: 1 });
    try {
      assert.throws(() => progLoad({ progType: 'SOCKET_FILTER', insns: encodeInstructions(insns.map((i) => (i.code === LDDW ? { ...i, imm: fd } : i))), retryWithLog: true }), /frame pointer is read only/);
    } finally { closeFd(fd); }
  }
});
