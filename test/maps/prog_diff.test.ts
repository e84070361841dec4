/**
 * The program face against the real kernel: one program calls map helpers in a sequence
 * (update/lookup/delete with flags, push/pop/peek, ringbuf output/reserve/submit/discard/query,
 * bloom push/peek) and stores every return value in a results array; the same program runs in
 * the kernel (BPF_PROG_LOAD + BPF_PROG_TEST_RUN) and in tsbpf, and the results and the maps'
 * contents afterwards must be equal.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BpfError } from '../../src/isa/errors.js';
import { insn, type Instruction } from '../../src/isa/instruction.js';
import * as K from '../../src/hooks/kernel/index.js';
import { Bpf } from '../../src/runtime/bpf.js';
import { BpfProgram } from '../../src/runtime/program.js';
import { runtimeHelpers } from '../../src/runtime/object.js';
import { MapType as T, BPF_ANY, BPF_EXIST, BPF_NOEXIST, BPF_F_NO_PREALLOC, BPF_F_ZERO_SEED } from '../../src/maps/constants.js';
import { noKernel } from './driver.js';

interface MapDef { mapType: number; keySize: number; valueSize: number; maxEntries: number; mapFlags?: number; mapExtra?: bigint }
type POp =
  | { k: 'update'; m: number; key: number; val: number; flags: number; plen?: number }
  | { k: 'lookup'; m: number; key: number; plen?: number }
  | { k: 'delete'; m: number; key: number; plen?: number }
  | { k: 'push'; m: number; val: number; flags: number }
  | { k: 'pop' | 'peek'; m: number; val?: number }
  | { k: 'rb_output'; m: number; size: number; flags: number }
  | { k: 'rb_reserve'; m: number; size: number; discard: boolean }
  | { k: 'rb_query'; m: number; what: number };

const H = { lookup: 1, update: 2, delete: 3, push: 87, pop: 88, peek: 89, rb_output: 130, rb_reserve: 131, rb_submit: 132, rb_discard: 133, rb_query: 134 };

/** assemble the program; `mapRef(i)` is the imm for map i (0 = results) */
function build(ops: POp[], defs: MapDef[], mapRef: (i: number) => number): { insns: Instruction[]; nResults: number } {
  const out: Instruction[] = [];
  const ld = (dst: number, m: number): void => void out.push(insn(0x18, dst, 1, 0, mapRef(m), 0));
  let res = 0;
  const store = (): void => void out.push(insn(0x7b, 9, 0, 8 * res++, 0));
  const key = (m: number, k: number, plen?: number): void => {
    if (defs[m]!.mapType === T.LPM_TRIE) {
      out.push(insn(0x62, 10, 0, -32, plen ?? 32), insn(0x62, 10, 0, -28, k), insn(0xbf, 2, 10), insn(0x07, 2, 0, 0, -32));
    } else out.push(insn(0x62, 10, 0, -8, k), insn(0xbf, 2, 10), insn(0x07, 2, 0, 0, -8));
  };
  // r9 = &results[0] (exit 0 when the lookup fails: never, but the verifier wants the check)
  out.push(insn(0x62, 10, 0, -4, 0), insn(0xbf, 2, 10), insn(0x07, 2, 0, 0, -4));
  ld(1, 0);
  out.push(insn(0x85, 0, 0, 0, H.lookup), insn(0x55, 0, 0, 2, 0), insn(0xb7, 0, 0, 0, 0), insn(0x95), insn(0xbf, 9, 0));
  // scratch data for ringbuf_output: 48 zeroed bytes at r10-112
  for (let o = -112; o < -64; o += 8) out.push(insn(0x7a, 10, 0, o, 0));
  for (const o of ops) {
    switch (o.k) {
      case 'update':
        key(o.m, o.key, o.plen);
        out.push(insn(0x7a, 10, 0, -16, o.val), insn(0xbf, 3, 10), insn(0x07, 3, 0, 0, -16), insn(0xb7, 4, 0, 0, o.flags));
        ld(1, o.m);
        out.push(insn(0x85, 0, 0, 0, H.update));
        store();
        break;
      case 'lookup':
        key(o.m, o.key, o.plen);
        ld(1, o.m);
        out.push(insn(0x85, 0, 0, 0, H.lookup), insn(0x15, 0, 0, 2, 0), insn(0x79, 0, 0, 0, 0), insn(0x05, 0, 0, 1, 0), insn(0xb7, 0, 0, 0, -1));
        store();
        break;
      case 'delete':
        key(o.m, o.key, o.plen);
        ld(1, o.m);
        out.push(insn(0x85, 0, 0, 0, H.delete));
        store();
        break;
      case 'push':
        out.push(insn(0x7a, 10, 0, -16, o.val), insn(0xbf, 2, 10), insn(0x07, 2, 0, 0, -16), insn(0xb7, 3, 0, 0, o.flags));
        ld(1, o.m);
        out.push(insn(0x85, 0, 0, 0, H.push));
        store();
        break;
      case 'pop':
      case 'peek':
        out.push(insn(0x7a, 10, 0, -16, o.val ?? 0), insn(0xbf, 2, 10), insn(0x07, 2, 0, 0, -16));
        ld(1, o.m);
        out.push(insn(0x85, 0, 0, 0, o.k === 'pop' ? H.pop : H.peek));
        store();
        out.push(insn(0x79, 0, 10, -16, 0));
        store();
        break;
      case 'rb_output':
        ld(1, o.m);
        out.push(insn(0xbf, 2, 10), insn(0x07, 2, 0, 0, -112), insn(0xb7, 3, 0, 0, o.size), insn(0xb7, 4, 0, 0, o.flags), insn(0x85, 0, 0, 0, H.rb_output));
        store();
        break;
      case 'rb_reserve':
        ld(1, o.m);
        out.push(insn(0xb7, 2, 0, 0, o.size), insn(0xb7, 3, 0, 0, 0), insn(0x85, 0, 0, 0, H.rb_reserve));
        // if (!r0) { r0 = -1 } else { submit/discard(r0, 0); r0 = 1 }
        out.push(insn(0x55, 0, 0, 2, 0), insn(0xb7, 0, 0, 0, -1), insn(0x05, 0, 0, 4, 0), insn(0xbf, 1, 0), insn(0xb7, 2, 0, 0, 0), insn(0x85, 0, 0, 0, o.discard ? H.rb_discard : H.rb_submit), insn(0xb7, 0, 0, 0, 1));
        store();
        break;
      case 'rb_query':
        ld(1, o.m);
        out.push(insn(0xb7, 2, 0, 0, o.what), insn(0x85, 0, 0, 0, H.rb_query));
        store();
        break;
    }
  }
  out.push(insn(0xb7, 0, 0, 0, 0), insn(0x95));
  return { insns: out, nResults: res };
}

function dumpTs(bpf: Bpf, fd: number): string[] {
  const out: string[] = [];
  let k: Uint8Array | null = null;
  for (;;) {
    try { k = bpf.mapGetNextKey(fd, k); } catch (e) { if (e instanceof BpfError) break; throw e; }
    out.push(`${Buffer.from(k).toString('hex')}=${Buffer.from(bpf.mapLookupElem(fd, k)).toString('hex')}`);
  }
  return out;
}
function dumpK(fd: number, d: MapDef): string[] {
  const out: string[] = [];
  let k: Uint8Array | null = null;
  for (;;) {
    try { k = K.mapGetNextKey(fd, k, d.keySize); } catch (e) { if (e instanceof BpfError) break; throw e; }
    out.push(`${Buffer.from(k).toString('hex')}=${Buffer.from(K.mapLookupElem(fd, k, d.valueSize)).toString('hex')}`);
  }
  return out;
}

function compare(defs: MapDef[], ops: POp[]): void {
  const dumpable = (d: MapDef): boolean => ![T.QUEUE, T.STACK, T.RINGBUF, T.BLOOM_FILTER].includes(d.mapType as 22);
  // kernel
  const kfds = defs.map((d) => K.mapCreate(d));
  const kprog = build(ops, defs, (i) => kfds[i]!);
  let kres: Uint8Array;
  let kdump: string[][];
  try {
    const { fd } = K.progLoad({ progType: 'SOCKET_FILTER', insns: kprog.insns });
    try {
      K.progTestRun(fd, { dataIn: new Uint8Array(64) });
    } finally {
      K.closeFd(fd);
    }
    kres = K.mapLookupElem(kfds[0]!, new Uint8Array(4), defs[0]!.valueSize);
    kdump = defs.map((d, i) => (i > 0 && dumpable(d) ? dumpK(kfds[i]!, d) : []));
  } finally {
    for (const f of kfds) K.closeFd(f);
  }
  // tsbpf
  const bpf = new Bpf({ ncpus: K.possibleCpus() });
  const fds = defs.map((d) => bpf.mapCreate(d));
  const tprog = build(ops, defs, (i) => i);
  const p = new BpfProgram(bpf, { name: 'diff', progType: 1, insns: tprog.insns, maps: fds.map((f) => bpf.map(f)), helpers: runtimeHelpers() });
  p.run({ data: new Uint8Array(64) });
  const tres = bpf.mapLookupElem(fds[0]!, new Uint8Array(4));
  const tdump = defs.map((d, i) => (i > 0 && dumpable(d) ? dumpTs(bpf, fds[i]!) : []));
  const r64 = (b: Uint8Array): bigint[] => Array.from({ length: kprog.nResults }, (_, i) => new DataView(b.buffer, b.byteOffset).getBigInt64(i * 8, true));
  const kr = r64(kres);
  const tr = r64(tres);
  let i = 0;
  for (const o of ops) {
    const n = o.k === 'pop' || o.k === 'peek' ? 2 : 1;
    assert.deepEqual(tr.slice(i, i + n), kr.slice(i, i + n), `${JSON.stringify(o)}: kernel ${kr.slice(i, i + n)} tsbpf ${tr.slice(i, i + n)}`);
    i += n;
  }
  assert.deepEqual(tdump, kdump, 'map contents after the run');
}

const results = (n: number): MapDef => ({ mapType: T.ARRAY, keySize: 4, valueSize: 8 * n, maxEntries: 1 });

test('program-side HASH / LRU_HASH / ARRAY helpers: the same return values and contents as the kernel', { skip: noKernel }, () => {
  for (const [mapType, mapFlags, max] of [[T.HASH, BPF_F_ZERO_SEED, 4], [T.HASH, BPF_F_ZERO_SEED | BPF_F_NO_PREALLOC, 4], [T.LRU_HASH, BPF_F_ZERO_SEED, 1000]] as const) {
    const m = 1;
    const ops: POp[] = [
      { k: 'update', m, key: 1, val: 10, flags: BPF_ANY }, { k: 'update', m, key: 1, val: 11, flags: BPF_NOEXIST }, { k: 'update', m, key: 2, val: 20, flags: BPF_EXIST },
      { k: 'update', m, key: 2, val: 20, flags: BPF_ANY }, { k: 'update', m, key: 3, val: 30, flags: BPF_NOEXIST }, { k: 'update', m, key: 4, val: 40, flags: BPF_ANY },
      { k: 'update', m, key: 5, val: 50, flags: BPF_ANY }, { k: 'update', m, key: 1, val: 12, flags: BPF_EXIST }, { k: 'lookup', m, key: 1 }, { k: 'lookup', m, key: 3 },
      { k: 'lookup', m, key: 9 }, { k: 'delete', m, key: 9 }, { k: 'delete', m, key: 2 }, { k: 'update', m, key: 6, val: 60, flags: BPF_ANY }, { k: 'update', m, key: 6, val: 60, flags: 7 },
      { k: 'lookup', m, key: 6 }, { k: 'delete', m, key: 6 }, { k: 'lookup', m, key: 6 },
    ];
    compare([results(64), { mapType, keySize: 4, valueSize: 8, maxEntries: max, mapFlags }], ops);
  }
  const a = 1;
  compare([results(16), { mapType: T.ARRAY, keySize: 4, valueSize: 8, maxEntries: 3 }], [
    { k: 'update', m: a, key: 1, val: 5, flags: BPF_ANY }, { k: 'update', m: a, key: 3, val: 5, flags: BPF_ANY }, { k: 'update', m: a, key: 1, val: 5, flags: BPF_NOEXIST },
    { k: 'update', m: a, key: 2, val: 7, flags: BPF_EXIST }, { k: 'lookup', m: a, key: 2 }, { k: 'lookup', m: a, key: 7 }, { k: 'delete', m: a, key: 1 },
  ]);
});

test('program-side LPM_TRIE, QUEUE, STACK and BLOOM_FILTER helpers match the kernel', { skip: noKernel }, () => {
  const ip = (a: number, b: number, c: number, d: number): number => (a | (b << 8) | (c << 16) | (d << 24)) | 0;
  compare([results(32), { mapType: T.LPM_TRIE, keySize: 8, valueSize: 8, maxEntries: 3, mapFlags: BPF_F_NO_PREALLOC }], [
    { k: 'update', m: 1, key: ip(10, 0, 0, 0), plen: 8, val: 8, flags: BPF_ANY }, { k: 'update', m: 1, key: ip(10, 1, 0, 0), plen: 16, val: 16, flags: BPF_NOEXIST },
    { k: 'update', m: 1, key: ip(10, 1, 0, 0), plen: 16, val: 17, flags: BPF_NOEXIST }, { k: 'update', m: 1, key: ip(10, 1, 2, 0), plen: 24, val: 24, flags: BPF_EXIST },
    { k: 'update', m: 1, key: ip(10, 1, 2, 0), plen: 24, val: 24, flags: BPF_ANY }, { k: 'update', m: 1, key: ip(11, 0, 0, 0), plen: 8, val: 11, flags: BPF_ANY },
    { k: 'update', m: 1, key: ip(10, 0, 0, 0), plen: 40, val: 1, flags: BPF_ANY },
    { k: 'lookup', m: 1, key: ip(10, 1, 2, 3) }, { k: 'lookup', m: 1, key: ip(10, 1, 9, 9) }, { k: 'lookup', m: 1, key: ip(10, 9, 9, 9) }, { k: 'lookup', m: 1, key: ip(12, 0, 0, 0) },
    { k: 'delete', m: 1, key: ip(10, 1, 0, 0), plen: 16 }, { k: 'delete', m: 1, key: ip(10, 1, 0, 0), plen: 16 }, { k: 'lookup', m: 1, key: ip(10, 1, 9, 9) },
  ]);
  for (const mapType of [T.QUEUE, T.STACK]) {
    compare([results(32), { mapType, keySize: 0, valueSize: 8, maxEntries: 2 }], [
      { k: 'pop', m: 1 }, { k: 'push', m: 1, val: 1, flags: BPF_ANY }, { k: 'push', m: 1, val: 2, flags: BPF_ANY }, { k: 'push', m: 1, val: 3, flags: BPF_ANY },
      { k: 'push', m: 1, val: 3, flags: BPF_NOEXIST }, { k: 'peek', m: 1 }, { k: 'push', m: 1, val: 4, flags: BPF_EXIST }, { k: 'pop', m: 1 }, { k: 'pop', m: 1 }, { k: 'pop', m: 1, val: 99 },
    ]);
  }
  compare([results(32), { mapType: T.BLOOM_FILTER, keySize: 0, valueSize: 8, maxEntries: 8, mapFlags: BPF_F_ZERO_SEED, mapExtra: 3n }], [
    { k: 'push', m: 1, val: 5, flags: BPF_ANY }, { k: 'push', m: 1, val: 6, flags: BPF_EXIST }, { k: 'peek', m: 1, val: 5 }, { k: 'peek', m: 1, val: 6 },
    ...[7, 8, 9, 10, 11, 12, 13, 14, 15, 16].map((v): POp => ({ k: 'peek', m: 1, val: v })),
  ]);
});

test('program-side RINGBUF output/reserve/submit/discard and query positions match the kernel', { skip: noKernel }, () => {
  const ops: POp[] = [{ k: 'rb_query', m: 1, what: 1 }, { k: 'rb_output', m: 1, size: 48, flags: 4 }];
  for (let i = 0; i < 80; i++) ops.push(i % 3 === 2 ? { k: 'rb_reserve', m: 1, size: 40, discard: i % 2 === 0 } : { k: 'rb_output', m: 1, size: 16 + (i % 4) * 8, flags: 0 });
  ops.push({ k: 'rb_reserve', m: 1, size: 4096, discard: false }, { k: 'rb_query', m: 1, what: 0 }, { k: 'rb_query', m: 1, what: 2 }, { k: 'rb_query', m: 1, what: 3 }, { k: 'rb_query', m: 1, what: 9 });
  compare([results(100), { mapType: T.RINGBUF, keySize: 0, valueSize: 0, maxEntries: 4096 }], ops);
});
