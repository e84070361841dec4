/**
 * The map types of kernel objects (maps/devmap.ts, maps/local_storage.ts, CGROUP_ARRAY,
 * STRUCT_OPS and ARENA): creation verdicts against the running kernel, redirects through them,
 * per-object storage through the helpers, the simulated current task.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BpfError } from '../../src/isa/errors.js';
import { MapType as T, BPF_F_NO_PREALLOC, BPF_F_MMAPABLE, type MapAttr } from '../../src/maps/constants.js';
import { Bpf } from '../../src/runtime/bpf.js';
import type { Instruction } from '../../src/isa/instruction.js';
import { BPF_FUNC } from '../../src/isa/helper_ids.js';
import { BPF_PROG_TYPE } from '../../src/progtypes/prog_types.js';
import * as K from '../../src/hooks/kernel/index.js';
import { kernel, noKernel } from './driver.js';

const I = (code: number, dst = 0, src = 0, off = 0, imm = 0, imm2 = 0): Instruction => ({ code, dst, src, off, imm, imm2 });
const lddw = (dst: number, v: number, src = 0): Instruction => I(0x18, dst, src, 0, v | 0, 0);
const movi = (dst: number, imm: number): Instruction => I(0xb7, dst, 0, 0, imm);
const mov = (dst: number, src: number): Instruction => I(0xbf, dst, src);
const addi = (dst: number, imm: number): Instruction => I(0x07, dst, 0, 0, imm);
const call = (id: number): Instruction => I(0x85, 0, 0, 0, id);
const EXIT = I(0x95);

/** attributes around each type's alloc checks: the valid shape and one change per rule */
const CASES: Array<Omit<MapAttr, 'mapType'> & { mapType: number }> = [];
for (const mapType of [T.DEVMAP, T.DEVMAP_HASH, T.CPUMAP, T.XSKMAP, T.SOCKMAP, T.SOCKHASH, T.CGROUP_ARRAY, T.REUSEPORT_SOCKARRAY]) {
  for (const valueSize of [0, 4, 8, 12]) for (const keySize of [0, 4, 8]) for (const maxEntries of [0, 4]) for (const mapFlags of [0, 1 /* NO_PREALLOC */, 4 /* NUMA */, 8 /* RDONLY */, 1 << 7 /* RDONLY_PROG */]) CASES.push({ mapType, keySize, valueSize, maxEntries, mapFlags });
}
for (const mapType of [T.CGROUP_STORAGE, T.PERCPU_CGROUP_STORAGE]) for (const keySize of [4, 8, 12, 16]) for (const maxEntries of [0, 1]) for (const valueSize of [0, 8, 8192, 32768, 32769, 65407, 65408]) CASES.push({ mapType, keySize, valueSize, maxEntries, mapFlags: 0 });
for (const keySize of [1, 12, 512, 513]) CASES.push({ mapType: T.SOCKHASH, keySize, valueSize: 8, maxEntries: 4, mapFlags: 0 });

function verdict(f: () => number, close: (fd: number) => void): string {
  try {
    close(f());
    return 'ok';
  } catch (e) {
    if (e instanceof BpfError) return e.errno;
    throw e;
  }
}

test('creating DEVMAP, DEVMAP_HASH, CPUMAP, XSKMAP, SOCKMAP, SOCKHASH, CGROUP_ARRAY, REUSEPORT_SOCKARRAY, CGROUP_STORAGE, ARENA: the kernel\'s verdicts', { skip: noKernel }, () => {
  const bpf = new Bpf();
  let agree = 0;
  const bad: string[] = [];
  for (const c of CASES) {
    const k = verdict(() => K.mapCreate(c), (fd) => K.closeFd(fd));
    const t = verdict(() => bpf.mapCreate(c), (fd) => bpf.close(fd));
    if (k === t) agree++;
    else bad.push(`${JSON.stringify(c, (_k, v) => (typeof v === 'bigint' ? Number(v) : v))}: kernel ${k}, tsbpf ${t}`);
  }
  assert.deepEqual(bad, [], `${agree}/${CASES.length} agree`);
  assert.ok(kernel.ok);
});

test('local storages and struct_ops: tsbpf\'s creation rules (the kernel also wants BTF key/value types)', () => {
  const bpf = new Bpf();
  for (const mapType of [T.SK_STORAGE, T.INODE_STORAGE, T.TASK_STORAGE, T.CGRP_STORAGE]) {
    bpf.close(bpf.mapCreate({ mapType, keySize: 4, valueSize: 16, maxEntries: 0, mapFlags: BPF_F_NO_PREALLOC }));
    assert.throws(() => bpf.mapCreate({ mapType, keySize: 4, valueSize: 16, maxEntries: 0, mapFlags: 0 }), /BPF_F_NO_PREALLOC is required/);
    assert.throws(() => bpf.mapCreate({ mapType, keySize: 4, valueSize: 16, maxEntries: 1, mapFlags: BPF_F_NO_PREALLOC }), /max_entries must be 0/);
    assert.throws(() => bpf.mapCreate({ mapType, keySize: 8, valueSize: 16, maxEntries: 0, mapFlags: BPF_F_NO_PREALLOC }), /key_size must be 4/);
  }
  bpf.close(bpf.mapCreate({ mapType: T.STRUCT_OPS, keySize: 4, valueSize: 64, maxEntries: 1 }));
  // this kernel refuses arenas with EPERM whatever the attributes (no arena support in its JIT): tsbpf's own rules
  bpf.close(bpf.mapCreate({ mapType: T.ARENA, keySize: 0, valueSize: 0, maxEntries: 2, mapFlags: BPF_F_MMAPABLE }));
  assert.throws(() => bpf.mapCreate({ mapType: T.ARENA, keySize: 0, valueSize: 0, maxEntries: 2, mapFlags: 0 }), /BPF_F_MMAPABLE is required/);
  assert.throws(() => bpf.mapCreate({ mapType: T.STRUCT_OPS, keySize: 4, valueSize: 64, maxEntries: 2 }), (e: unknown) => e instanceof BpfError && e.errno === 'EINVAL');
});

test('task storage: bpf_task_storage_get creates one value per task, bpf_task_storage_delete removes it', () => {
  for (const engine of ['interpreter', 'jit'] as const) {
    const bpf = new Bpf();
    const fd = bpf.mapCreate({ mapType: T.TASK_STORAGE, keySize: 4, valueSize: 8, maxEntries: 0, mapFlags: BPF_F_NO_PREALLOC });
    // v = task_storage_get(&map, get_current_task_btf(), NULL, F_CREATE); *v += 1; return *v
    const insns = [
      call(BPF_FUNC.get_current_task_btf!), mov(2, 0), lddw(1, fd, 1), movi(3, 0), movi(4, 1), call(BPF_FUNC.task_storage_get!),
      I(0x55, 0, 0, 2, 0), movi(0, 0), EXIT,
      I(0x79, 1, 0, 0), addi(1, 1), I(0x7b, 0, 1, 0), mov(0, 1), EXIT,
    ];
    const { fd: pfd } = bpf.progLoad({ progType: BPF_PROG_TYPE.RAW_TRACEPOINT, insns, name: 'count' });
    const run = () => bpf.progTestRun(pfd, { engine }).r0;
    assert.equal(run(), 1n, engine);
    assert.equal(run(), 2n, engine);
    assert.equal(run(), 3n, engine);
    const del = [call(BPF_FUNC.get_current_task!), mov(2, 0), lddw(1, fd, 1), call(BPF_FUNC.task_storage_delete!), EXIT];
    const { fd: dfd } = bpf.progLoad({ progType: BPF_PROG_TYPE.RAW_TRACEPOINT, insns: del, name: 'del' });
    assert.equal(bpf.progTestRun(dfd, { engine }).r0, 0n);
    assert.equal(BigInt.asIntN(64, bpf.progTestRun(dfd, { engine }).r0), -2n, 'the second delete finds nothing');
    assert.equal(run(), 1n, 'a new value after the delete');
  }
});

test('bpf_get_current_task: the simulated task_struct a caller lays out, read with bpf_probe_read_kernel', () => {
  const bpf = new Bpf();
  const task = new Uint8Array(64);
  new DataView(task.buffer).setUint32(40, 4242, true); // a field at offset 40 (CO-RE would give the real offset)
  // r0 = probe_read_kernel(r10-8, 4, get_current_task() + 40) ?: *(u32 *)(r10-8)
  const insns = [
    call(BPF_FUNC.get_current_task!), mov(3, 0), addi(3, 40), mov(1, 10), addi(1, -8), movi(2, 4), call(BPF_FUNC.probe_read_kernel!),
    I(0x55, 0, 0, 1, 0), I(0x61, 0, 10, -8), EXIT,
  ];
  const { fd } = bpf.progLoad({ progType: BPF_PROG_TYPE.KPROBE, insns, name: 'task' });
  for (const engine of ['interpreter', 'jit'] as const) assert.equal(bpf.progTestRun(fd, { engine, env: { taskStruct: task } }).r0, 4242n, engine);
});
