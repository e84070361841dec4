/**
 * The bpf() wrappers of src/hooks/kernel against the real kernel: program load (with and without
 * a verifier log), test runs (retval, packet out, repeat/duration), map create and element
 * operations with the kernel's errno codes, batch operations, object info, close. Each test skips
 * with kernelAvailable()'s reason where bpf() cannot be used.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as K from '../src/hooks/kernel/index.js';
import { insn, type Instruction } from '../src/isa/instruction.js';
import * as op from '../src/isa/opcodes.js';
import { ERRNO } from '../src/isa/errors.js';

const avail = K.kernelAvailable();
const skip = avail.ok ? false : `bpf() unavailable: ${avail.reason}`;
const { uapi } = K;

const u32 = (v: number) => new Uint8Array(new Uint32Array([v]).buffer);
const u64 = (v: bigint) => new Uint8Array(new BigUint64Array([v]).buffer);
const readU64 = (b: Uint8Array, off = 0) => new DataView(b.buffer, b.byteOffset).getBigUint64(off, true);

/** r0 = imm; exit */
const retImm = (imm: number): Instruction[] => [insn(op.BPF_ALU64 | op.BPF_MOV | op.BPF_K, 0, 0, 0, imm), insn(op.BPF_JMP | op.BPF_EXIT)];

function expectErrno(fn: () => unknown, errno: string): K.KernelError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof K.KernelError, `expected a KernelError, got ${String(e)}`);
    assert.equal(e.errno, errno, e.message);
    assert.equal(e.errnoNumber, ERRNO[errno as keyof typeof ERRNO]);
    return e;
  }
  assert.fail(`expected ${errno}`);
}

test('kernelAvailable answers ok or a reason, and TSBPF_NO_KERNEL turns it off', () => {
  if (avail.ok) assert.deepEqual(avail, { ok: true });
  else assert.ok(avail.reason.length > 10);
  const url = new URL('../src/hooks/kernel/index.js', import.meta.url).href;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', `import {kernelAvailable} from '${url}'; console.log(JSON.stringify(kernelAvailable()))`], {
    env: { ...process.env, TSBPF_NO_KERNEL: '1' },
  }).toString();
  assert.deepEqual(JSON.parse(out), { ok: false, reason: 'TSBPF_NO_KERNEL is set' });
});

test('errnoName maps the kernel numbers to names', () => {
  assert.equal(K.errnoName(1), 'EPERM');
  assert.equal(K.errnoName(13), 'EACCES');
  assert.equal(K.errnoName(7), 'E2BIG');
  assert.equal(K.errnoName(524), 'ENOTSUPP');
});

test('BPF_PROG_LOAD + BPF_PROG_TEST_RUN: an XDP program returns its r0 and writes the packet', { skip }, () => {
  // r2 = data; r3 = data_end; if r2 + 4 > r3 goto out; *(u32 *)(r2 + 0) = 0xdeadbeef; out: r0 = 0x12345; exit
  const prog = [
    insn(op.BPF_LDX | op.BPF_MEM | op.BPF_W, 2, 1, 0),
    insn(op.BPF_LDX | op.BPF_MEM | op.BPF_W, 3, 1, 4),
    insn(op.BPF_ALU64 | op.BPF_MOV | op.BPF_X, 4, 2),
    insn(op.BPF_ALU64 | op.BPF_ADD | op.BPF_K, 4, 0, 0, 4),
    insn(op.BPF_JMP | op.BPF_JGT | op.BPF_X, 4, 3, 1),
    insn(op.BPF_ST | op.BPF_MEM | op.BPF_W, 2, 0, 0, 0xdeadbeef | 0),
    ...retImm(0x12345),
  ];
  const { fd, log } = K.progLoad({ progType: 'XDP', insns: prog, progName: 'tsbpf_test' });
  try {
    assert.equal(log, '');
    const data = new Uint8Array(64).fill(0xaa);
    const r = K.progTestRun(fd, { dataIn: data });
    assert.equal(r.retval, 0x12345);
    assert.equal(r.dataOut.length, 64);
    assert.deepEqual([...r.dataOut.subarray(0, 6)], [0xef, 0xbe, 0xad, 0xde, 0xaa, 0xaa]);
    // repeat: the kernel runs it many times and reports the mean duration
    const rr = K.progTestRun(fd, { dataIn: data, repeat: 10000 });
    assert.equal(rr.retval, 0x12345);
    assert.ok(rr.duration >= 0 && rr.duration < 1e6, `duration ${rr.duration}`);
    const info = K.progInfo(fd);
    assert.equal(info.type, uapi.BPF_PROG_TYPE.XDP);
    assert.equal(info.name, 'tsbpf_test');
    assert.match(info.tag, /^[0-9a-f]{16}$/);
    assert.ok(info.xlatedProgLen >= prog.length * 8);
    // the translated program: xdp_md->data became a 64-bit load from struct xdp_buff
    const x = K.progXlated(fd);
    assert.equal(x.length, info.xlatedProgLen);
    assert.equal(x[0], op.BPF_LDX | op.BPF_MEM | op.BPF_DW);
  } finally {
    K.closeFd(fd);
  }
});

test('a rejected program is a KernelError with the verifier log and its last line', { skip }, () => {
  const e = expectErrno(() => K.progLoad({ progType: 'XDP', insns: [insn(op.BPF_JMP | op.BPF_EXIT)] }), 'EACCES');
  assert.match(e.log, /R0 !read_ok/);
  assert.match(e.message, /BPF_PROG_LOAD failed: EACCES: R0 !read_ok/);
  // without the retry there is no log
  const e2 = expectErrno(() => K.progLoad({ progType: 'XDP', insns: [insn(op.BPF_JMP | op.BPF_EXIT)], retryWithLog: false }), 'EACCES');
  assert.equal(e2.log, '');
  // a verbose log on success
  const { fd, log } = K.progLoad({ progType: 'SOCKET_FILTER', insns: retImm(0), logLevel: 2 });
  K.closeFd(fd);
  assert.match(log, /processed 2 insns/);
  // an unknown program type
  expectErrno(() => K.progLoad({ progType: 1000, insns: retImm(0), retryWithLog: false }), 'EINVAL');
});

test('hash map: update flags, lookup, delete, get_next_key with the kernel errno codes', { skip }, () => {
  const fd = K.mapCreate({ mapType: 'HASH', keySize: 4, valueSize: 8, maxEntries: 4, mapName: 'tsbpf_h' });
  try {
    K.mapUpdateElem(fd, u32(1), u64(100n), uapi.BPF_NOEXIST);
    expectErrno(() => K.mapUpdateElem(fd, u32(1), u64(101n), uapi.BPF_NOEXIST), 'EEXIST');
    expectErrno(() => K.mapUpdateElem(fd, u32(2), u64(200n), uapi.BPF_EXIST), 'ENOENT');
    K.mapUpdateElem(fd, u32(1), u64(102n), uapi.BPF_EXIST);
    assert.equal(readU64(K.mapLookupElem(fd, u32(1), 8)), 102n);
    expectErrno(() => K.mapLookupElem(fd, u32(9), 8), 'ENOENT');
    for (const k of [2, 3, 4]) K.mapUpdateElem(fd, u32(k), u64(BigInt(k * 100)));
    expectErrno(() => K.mapUpdateElem(fd, u32(5), u64(500n)), 'E2BIG'); // full (max_entries 4)
    const keys: number[] = [];
    let key: Uint8Array | null = null;
    for (;;) {
      try {
        key = K.mapGetNextKey(fd, key, 4);
      } catch (e) {
        assert.equal((e as K.KernelError).errno, 'ENOENT');
        break;
      }
      keys.push(new DataView(key.buffer).getUint32(0, true));
    }
    assert.deepEqual(keys.sort(), [1, 2, 3, 4]);
    K.mapDeleteElem(fd, u32(3));
    expectErrno(() => K.mapDeleteElem(fd, u32(3)), 'ENOENT');
    assert.equal(readU64(K.mapLookupAndDeleteElem(fd, u32(4), 8)), 400n);
    expectErrno(() => K.mapLookupElem(fd, u32(4), 8), 'ENOENT');
    const info = K.mapInfo(fd);
    assert.deepEqual({ ...info, id: 0 }, { type: uapi.BPF_MAP_TYPE.HASH, id: 0, keySize: 4, valueSize: 8, maxEntries: 4, mapFlags: 0, name: 'tsbpf_h' });
  } finally {
    K.closeFd(fd);
  }
});

test('array, per-CPU array and queue maps; freeze; bad attributes', { skip }, () => {
  const arr = K.mapCreate({ mapType: 'ARRAY', keySize: 4, valueSize: 4, maxEntries: 3 });
  const pc = K.mapCreate({ mapType: 'PERCPU_ARRAY', keySize: 4, valueSize: 4, maxEntries: 2 });
  const q = K.mapCreate({ mapType: 'QUEUE', keySize: 0, valueSize: 8, maxEntries: 2 });
  try {
    assert.deepEqual(K.mapLookupElem(arr, u32(2), 4), new Uint8Array(4)); // arrays are preallocated zeroes
    expectErrno(() => K.mapLookupElem(arr, u32(3), 4), 'ENOENT');
    expectErrno(() => K.mapDeleteElem(arr, u32(0)), 'EINVAL');
    expectErrno(() => K.mapUpdateElem(arr, u32(0), u32(1), uapi.BPF_NOEXIST), 'EEXIST');
    // per-CPU values: round_up(4, 8) bytes per possible CPU
    const size = K.percpuValueSize(4);
    assert.equal(size, 8 * K.possibleCpus());
    const vals = new Uint8Array(size);
    for (let c = 0; c < K.possibleCpus(); c++) vals[c * 8] = c + 1;
    K.mapUpdateElem(pc, u32(1), vals);
    assert.deepEqual(K.mapLookupElem(pc, u32(1), size), vals);
    // queue: push with a NULL key, pop in FIFO order, ENOENT when empty, E2BIG when full
    K.mapUpdateElem(q, null, u64(7n));
    K.mapUpdateElem(q, null, u64(8n));
    expectErrno(() => K.mapUpdateElem(q, null, u64(9n)), 'E2BIG');
    assert.equal(readU64(K.mapLookupAndDeleteElem(q, null, 8)), 7n);
    assert.equal(readU64(K.mapLookupAndDeleteElem(q, null, 8)), 8n);
    expectErrno(() => K.mapLookupAndDeleteElem(q, null, 8), 'ENOENT');
    // freeze: no more writes from user space
    K.mapFreeze(arr);
    expectErrno(() => K.mapUpdateElem(arr, u32(0), u32(5)), 'EPERM');
  } finally {
    for (const fd of [arr, pc, q]) K.closeFd(fd);
  }
  expectErrno(() => K.mapCreate({ mapType: 'HASH', keySize: 0, valueSize: 8, maxEntries: 4 }), 'EINVAL');
  expectErrno(() => K.mapCreate({ mapType: 'ARRAY', keySize: 8, valueSize: 8, maxEntries: 4 }), 'EINVAL');
  expectErrno(() => K.mapCreate({ mapType: 9999, keySize: 4, valueSize: 8, maxEntries: 4 }), 'EINVAL');
  assert.throws(() => K.closeFd(1_000_000), /EBADF/);
});

test('batch update, lookup (in pieces, to the end) and delete', { skip }, () => {
  const fd = K.mapCreate({ mapType: 'HASH', keySize: 4, valueSize: 8, maxEntries: 64 });
  try {
    const keys = Array.from({ length: 20 }, (_, i) => u32(i + 1));
    const values = Array.from({ length: 20 }, (_, i) => u64(BigInt((i + 1) * 1000)));
    assert.equal(K.mapUpdateBatch(fd, keys, values, { keySize: 4, valueSize: 8 }), 20);
    const seen = new Map<number, bigint>();
    let inBatch: Uint8Array | null = null;
    let calls = 0;
    for (;;) {
      const r = K.mapLookupBatch(fd, { keySize: 4, valueSize: 8, count: 7, inBatch });
      calls++;
      for (let i = 0; i < r.count; i++) seen.set(new DataView(r.keys[i]!.buffer).getUint32(0, true), readU64(r.values[i]!));
      if (r.done) break;
      inBatch = r.outBatch;
      assert.ok(calls < 20, 'the batch walk ends');
    }
    assert.ok(calls >= 3);
    assert.equal(seen.size, 20);
    for (const [k, v] of seen) assert.equal(v, BigInt(k * 1000));
    assert.equal(K.mapDeleteBatch(fd, keys.slice(0, 5), { keySize: 4 }), 5);
    const e = expectErrno(() => K.mapDeleteBatch(fd, keys.slice(0, 6), { keySize: 4 }), 'ENOENT');
    assert.equal(e.count, 0);
    const rest = K.mapLookupAndDeleteBatch(fd, { keySize: 4, valueSize: 8, count: 64 });
    assert.equal(rest.count, 15);
    assert.ok(rest.done);
    expectErrno(() => K.mapGetNextKey(fd, null, 4), 'ENOENT');
  } finally {
    K.closeFd(fd);
  }
});

test('the raw syscall: BPF_MAP_CREATE from a hand-built attr', { skip }, () => {
  const attr = new Uint8Array(uapi.MAP_CREATE.size);
  const dv = new DataView(attr.buffer);
  dv.setUint32(uapi.MAP_CREATE.map_type, uapi.BPF_MAP_TYPE.ARRAY, true);
  dv.setUint32(uapi.MAP_CREATE.key_size, 4, true);
  dv.setUint32(uapi.MAP_CREATE.value_size, 16, true);
  dv.setUint32(uapi.MAP_CREATE.max_entries, 2, true);
  const r = K.bpfSyscall(uapi.BPF_MAP_CREATE, attr);
  assert.equal(r.errno, null);
  assert.ok(r.ret > 2);
  assert.equal(K.mapInfo(r.ret).valueSize, 16);
  K.closeFd(r.ret);
  dv.setUint32(uapi.MAP_CREATE.key_size, 0, true);
  assert.equal(K.bpfSyscall(uapi.BPF_MAP_CREATE, attr).errno, 'EINVAL');
});
