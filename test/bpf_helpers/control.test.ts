/**
 * Helpers that transfer control: bpf_tail_call (MAX_TAIL_CALL_CNT), bpf_loop and
 * bpf_for_each_map_elem callbacks, run on the interpreter with small maps implementing BpfMapLike.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { Instruction } from '../../src/isa/instruction.js';
import { BPF_FUNC } from '../../src/isa/helper_ids.js';
import { defaultHelpers, MAX_TAIL_CALL_CNT, BPF_MAX_LOOPS } from '../../src/helpers/index.js';
import type { BpfMapLike } from '../../src/helpers/map_iface.js';
import type { TailCallTarget } from '../../src/helpers/api.js';
import { AddressSpace, RegionKind } from '../../src/vm/address_space.js';
import { Interpreter } from '../../src/vm/interpreter.js';
import { REPO, kernelSkipReason } from './kernel.js';

const I = (code: number, dst = 0, src = 0, off = 0, imm = 0, imm2 = 0): Instruction => ({ code, dst, src, off, imm, imm2 });
const mov = (d: number, s: number): Instruction => I(0xbf, d, s);
const movi = (d: number, imm: number): Instruction => I(0xb7, d, 0, 0, imm);
const ldx = (d: number, s: number, off: number): Instruction => I(0x79, d, s, off);
const stx = (d: number, s: number, off: number): Instruction => I(0x7b, d, s, off);
const addi = (d: number, imm: number): Instruction => I(0x07, d, 0, 0, imm);
const addr = (d: number, s: number): Instruction => I(0x0f, d, s);
const lddw = (d: number, imm: number, src = 0): Instruction => I(0x18, d, src, 0, imm, 0);
const call = (id: number): Instruction => I(0x85, 0, 0, 0, id);
const exit = (): Instruction => I(0x95);

const MAP_HANDLE = 0x7fff0000;

function progArray(slots: Array<TailCallTarget | undefined>): BpfMapLike {
  return {
    type: 3, keySize: 4, valueSize: 4, maxEntries: slots.length,
    lookupPtr: () => 0, update: () => -22, delete: () => -22,
    progAt: (i) => slots[i],
  };
}

/** ctx: a u64 counter; the program adds 1 and tail-calls slot `index` of the map */
function counterProg(index: number): Instruction[] {
  return [
    mov(6, 1),
    ldx(2, 6, 0), addi(2, 1), stx(6, 2, 0),
    mov(1, 6), lddw(2, MAP_HANDLE, 1), movi(3, index),
    call(BPF_FUNC.tail_call!),
    ldx(0, 6, 0),
    exit(),
  ];
}

function runWithMap(insns: Instruction[], map: BpfMapLike): { r0: bigint; counter: bigint } {
  const as = new AddressSpace();
  const ctx = as.map(8, RegionKind.Ctx, 'counter', true);
  const vm = new Interpreter(insns, { as, helpers: defaultHelpers() });
  const r = vm.run({ r1: ctx.base, env: { tailCallCnt: 0, resolveMap: (p: number) => (p === MAP_HANDLE ? map : undefined) } });
  return { r0: r.r0, counter: as.dv.getBigUint64(ctx.base, true) };
}

test('a program tail-calling itself runs 1 + MAX_TAIL_CALL_CNT times, then continues after the call', () => {
  assert.equal(MAX_TAIL_CALL_CNT, 33);
  const insns = counterProg(0);
  const self: TailCallTarget = { insns };
  const r = runWithMap(insns, progArray([self]));
  assert.equal(r.counter, 34n);
  assert.equal(r.r0, 34n);
});

test('the kernel agrees: 34 runs of a self-tail-calling program', { skip: kernelSkipReason() ?? false }, () => {
  const obj = join(REPO, 'test/fixtures/bpf/tailcall_limit.bpf.o');
  const d = `/sys/fs/bpf/tsbpf-tail-${process.pid}`;
  const m = `${d}-maps`;
  try {
    execFileSync('bpftool', ['prog', 'loadall', obj, d, 'pinmaps', m], { stdio: 'ignore' });
    execFileSync('bpftool', ['map', 'update', 'pinned', `${m}/jmp`, 'key', '0', '0', '0', '0', 'value', 'pinned', `${d}/self`]);
    const out = execFileSync('bpftool', ['prog', 'run', 'pinned', `${d}/self`, 'data_in', join(REPO, 'test/fixtures/bpf/tailcall_limit.bpf.c')], { encoding: 'utf8' });
    assert.match(out, /Return value: 34\b/);
  } finally {
    execFileSync('rm', ['-rf', d, m]);
  }
});

test('a tail call to an index out of range or an empty slot falls through', () => {
  const insns = counterProg(5);
  assert.equal(runWithMap(insns, progArray([{ insns }])).r0, 1n);
  const insns2 = counterProg(1);
  assert.equal(runWithMap(insns2, progArray([{ insns: insns2 }, undefined])).r0, 1n);
});

test('tail calls chain through different programs and share one counter', () => {
  // prog A (slot 0) -> B (slot 1) -> A ... : the limit is per run, not per program
  const a = counterProg(1);
  const b = counterProg(0);
  const map = progArray([{ insns: a }, { insns: b }]);
  assert.equal(runWithMap(a, map).counter, 34n);
});

/**
 * bpf_loop(nr, cb, &ctx, flags) with ctx = a u64 sum on the stack; the callback adds its index and
 * stops (returns 1) when the index reaches `stopAt`. The program returns bpf_loop's result * 1000
 * plus the sum.
 */
function loopProg(nr: number, stopAt: number, flags = 0): Instruction[] {
  const main = [
    movi(1, 0), stx(10, 1, -8),          // sum = 0
    movi(1, nr),
    lddw(2, 0, 4),                        // callback address: patched below
    mov(3, 10), addi(3, -8),
    movi(4, flags),
    call(BPF_FUNC.loop!),
    I(0x27, 0, 0, 0, 1000),              // r0 *= 1000
    ldx(1, 10, -8), addr(0, 1),
    exit(),
  ];
  const cbSlot = main.length + 1; // lddw takes two slots
  main[3] = lddw(2, cbSlot, 4);
  const cb = [
    // r1 = index, r2 = ctx
    ldx(3, 2, 0), addr(3, 1), stx(2, 3, 0),
    movi(0, 0),
    I(0x55, 1, 0, 1, stopAt),            // if r1 != stopAt goto +1
    movi(0, 1),
    exit(),
  ];
  return [...main, ...cb];
}

function runPlain(insns: Instruction[], env: Record<string, unknown> = {}): bigint {
  const vm = new Interpreter(insns, { helpers: defaultHelpers() });
  return vm.run({ env }).r0;
}

test('bpf_loop runs the callback nr times and returns the count', () => {
  // sum 0..9 = 45, 10 iterations
  assert.equal(runPlain(loopProg(10, 999)), 10n * 1000n + 45n);
});

test('bpf_loop stops when the callback returns 1 and counts that iteration', () => {
  // indices 0..3 run, the 4th (index 3) returns 1: 4 iterations, sum 6
  assert.equal(runPlain(loopProg(10, 3)), 4n * 1000n + 6n);
});

test('bpf_loop refuses flags and more than BPF_MAX_LOOPS iterations', () => {
  assert.equal(BigInt.asIntN(64, runPlain(loopProg(10, 999, 1))), -22n * 1000n);
  const big = loopProg(0, 0);
  big[2] = I(0x18, 1, 0, 0, BPF_MAX_LOOPS + 1, 0);
  assert.equal(BigInt.asIntN(64, runPlain(big)), -7n * 1000n);
  assert.equal(runPlain(loopProg(0, 0)), 0n);
});

test('bpf_for_each_map_elem visits elements in order with key and value pointers', () => {
  const as = new AddressSpace();
  const keys = as.map(4 * 4, RegionKind.MapKey, 'keys', false);
  const vals = as.map(8 * 4, RegionKind.MapValue, 'vals', true);
  for (let i = 0; i < 4; i++) {
    as.dv.setUint32(keys.base + 4 * i, i, true);
    as.dv.setBigUint64(vals.base + 8 * i, BigInt(10 * (i + 1)), true);
  }
  const map: BpfMapLike = {
    type: 2, keySize: 4, valueSize: 8, maxEntries: 4,
    lookupPtr: () => 0, update: () => 0, delete: () => 0,
    forEach(fn) {
      let n = 0;
      for (let i = 0; i < 4; i++) {
        n++;
        if (fn(keys.base + 4 * i, vals.base + 8 * i)) break;
      }
      return n;
    },
  };
  // callback: ctx->sum += *value + *key; stop after key 2
  const main = [
    movi(1, 0), stx(10, 1, -8),
    lddw(1, MAP_HANDLE, 1),
    lddw(2, 0, 4),
    mov(3, 10), addi(3, -8),
    movi(4, 0),
    call(BPF_FUNC.for_each_map_elem!),
    I(0x27, 0, 0, 0, 1000),
    ldx(1, 10, -8), addr(0, 1),
    exit(),
  ];
  main[3] = lddw(2, main.length + 2, 4);
  const cb = [
    // r1 = map, r2 = key, r3 = value, r4 = ctx
    ldx(5, 3, 0), I(0x61, 6, 2, 0), addr(5, 6),
    ldx(6, 4, 0), addr(6, 5), stx(4, 6, 0),
    movi(0, 0),
    I(0x55, 2 + 0, 0, 0, 0), // placeholder replaced below
    exit(),
  ];
  // if (*key != 2) goto exit (r0 = 0) else r0 = 1
  cb[7] = I(0x61, 7, 2, 0);
  cb.splice(8, 0, I(0x55, 7, 0, 1, 2), movi(0, 1));
  const vm = new Interpreter([...main, ...cb], { as, helpers: defaultHelpers() });
  const r = vm.run({ env: { resolveMap: (p: number) => (p === MAP_HANDLE ? map : undefined) } });
  // visited keys 0,1,2: sums (10+0)+(20+1)+(30+2) = 63, 3 elements
  assert.equal(r.r0, 3n * 1000n + 63n);
});

test('task helpers return what the caller put in ExecEnv', () => {
  const prog = (id: number): Instruction[] => [movi(1, 1), call(id), exit()];
  const env = { task: { pid: 42, tgid: 40, uid: 1000, gid: 100, comm: 'curl' }, cgroupId: 77, cgroupAncestors: [1, 9, 77], cpu: 1, numaNode: 0 };
  assert.equal(runPlain(prog(BPF_FUNC.get_current_pid_tgid!), env), (40n << 32n) | 42n);
  assert.equal(runPlain(prog(BPF_FUNC.get_current_uid_gid!), env), (100n << 32n) | 1000n);
  assert.equal(runPlain(prog(BPF_FUNC.get_current_cgroup_id!), env), 77n);
  assert.equal(runPlain(prog(BPF_FUNC.get_current_ancestor_cgroup_id!), env), 9n, 'level 1');
  assert.equal(runPlain(prog(BPF_FUNC.get_smp_processor_id!), env), 1n);
  // bpf_get_current_comm(buf, 16): NUL-terminated and zero-padded
  const comm = [mov(1, 10), addi(1, -16), movi(2, 16), call(BPF_FUNC.get_current_comm!), ldx(0, 10, -16), exit()];
  assert.equal(runPlain(comm, env), BigInt('0x' + Buffer.from('curl\0\0\0\0').reverse().toString('hex')));
  // a seeded prandom stream is the same every run
  const r = [call(BPF_FUNC.get_prandom_u32!), exit()];
  assert.equal(runPlain(r, { prandomSeed: 7 }), runPlain(r, { prandomSeed: 7 }));
  assert.notEqual(runPlain(r, { prandomSeed: 7 }), runPlain(r, { prandomSeed: 8 }));
  // ktime from env.now
  assert.equal(runPlain([call(BPF_FUNC.ktime_get_ns!), exit()], { now: () => 123456789n }), 123456789n);
  assert.equal(runPlain([call(BPF_FUNC.ktime_get_coarse_ns!), exit()], { now: () => 123456789n }), 120000000n, 'HZ=250 ticks');
});
