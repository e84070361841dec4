/**
 * BPF_MAP_TYPE_USER_RINGBUF end to end (test/data/verifier_progs/verifier_user_ringbuf.c): the
 * test produces samples from JavaScript with libbpf's user_ring_buffer semantics (reserve, submit,
 * discard; records that wrap past the end of the ring; ENOSPC when the ring is full), the program
 * drains them with bpf_user_ringbuf_drain on both engines, and what it summed and counted must be
 * what the samples say (discarded ones skipped, the drain stopping where the callback returns 1,
 * a sample too short for the callback's read counted apart). On an empty ring, the programs'
 * return values must match the running kernel's BPF_PROG_TEST_RUN. Verdicts: annotated.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { kernelLoader, kernelVerdicts } from './kernel_loader.js';
import { loadObject, type BpfObject } from '../../src/runtime/object.js';
import { ENGINE_NAMES, type EngineName } from '../../src/vm/engine.js';
import { BpfError } from '../../src/isa/errors.js';

const OBJ = fileURLToPath(new URL('../../../test/data/verifier_progs/verifier_user_ringbuf.bpf.o', import.meta.url));
const bytes = new Uint8Array(readFileSync(OBJ));
const RUNS = ['drain_and_sum', 'drain_with_data_slices', 'drain_bad_flags'];

function packet(): Uint8Array {
  const p = new Uint8Array(64);
  p[12] = 0x08;
  return p;
}

interface Sample { op: number; value: number; size: number; discard: boolean }

/** a deterministic mix: 8- and 12-byte samples (24-byte records wrap at odd places), short ones, discards, stops */
function samples(seed: number, n: number): Sample[] {
  let x = seed >>> 0;
  const next = (): number => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 8;
  return Array.from({ length: n }, () => {
    const r = next() % 100;
    return { op: r < 8 ? 1 : 0, value: next() % 100000, size: r >= 90 ? 4 : r % 2 ? 12 : 8, discard: r >= 80 && r < 90 };
  });
}

/** reserve, fill and submit (or discard) each sample until the ring is full; the samples produced */
function produce(obj: BpfObject, list: readonly Sample[]): Sample[] {
  const rb = obj.maps.get('user_rb')!.userRingBuffer();
  const done: Sample[] = [];
  for (const s of list) {
    let at: number;
    try {
      at = rb.reserve(s.size);
    } catch (e) {
      if (e instanceof BpfError && e.errno === 'ENOSPC') break;
      throw e;
    }
    const b = rb.sampleBytes(at, s.size);
    const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    if (s.size >= 8) { dv.setUint32(0, s.op, true); dv.setUint32(4, s.value, true); } else dv.setUint32(0, 0xdeadbeef, true);
    if (s.discard) rb.discard(at);
    else rb.submit(at);
    done.push(s);
  }
  return done;
}

function totals(obj: BpfObject): { sum: bigint; samples: bigint; short: bigint; drained: bigint } {
  const v = obj.maps.get('totals')!.map.lookup(new Uint8Array(4));
  const dv = new DataView(v.buffer, v.byteOffset, v.byteLength);
  return { sum: dv.getBigUint64(0, true), samples: dv.getBigUint64(8, true), short: dv.getBigUint64(16, true), drained: dv.getBigInt64(24, true) };
}

async function open(name: string): Promise<BpfObject> {
  return loadObject(bytes, { programs: [name], file: 'verifier_user_ringbuf.bpf.o' });
}

for (const engine of ENGINE_NAMES) {
  test(`drains sum what user space produced, across wrap-arounds (${engine})`, async () => {
    const obj = await open('drain_and_sum');
    try {
      const p = obj.programs.get('drain_and_sum')!;
      const want = { sum: 0n, samples: 0n, short: 0n };
      let pending: Sample[] = [];
      let drains = 0, wrapped = false;
      const rb = obj.maps.get('user_rb')!.userRingBuffer();
      for (let round = 0; round < 40; round++) {
        const before = rb.producerPos;
        pending = [...pending, ...produce(obj, samples(round + 1, 1 + (round * 7) % 60))];
        // one drain consumes up to and including the first sample whose op is 1
        let consumed = 0, stop = pending.length;
        for (let k = 0; k < pending.length; k++) {
          const s = pending[k]!;
          if (s.discard) continue;
          consumed++;
          if (s.size < 8) { want.short++; continue; }
          want.sum += BigInt(s.value);
          want.samples++;
          if (s.op === 1) { stop = k + 1; break; }
        }
        const r = p.run({ data: packet(), engine });
        drains++;
        const t = totals(obj);
        assert.equal(t.drained, BigInt(consumed), `round ${round}: samples consumed by the drain`);
        assert.equal(r.retval, consumed);
        assert.deepEqual({ sum: t.sum, samples: t.samples, short: t.short }, want, `round ${round}`);
        pending = pending.slice(stop);
        if (Math.floor(before / 4096) !== Math.floor(rb.producerPos / 4096)) wrapped = true;
      }
      assert.ok(drains === 40 && wrapped, 'the producer went round the ring');
    } finally {
      obj.close();
    }
  });
}

test('the producer: 4096 bytes hold 256 records of 8 bytes, then ENOSPC until a drain frees them', async () => {
  const obj = await open('drain_with_data_slices');
  try {
    const rb = obj.maps.get('user_rb')!.userRingBuffer();
    let n = 0;
    const one = new Uint8Array(8);
    new DataView(one.buffer).setUint32(4, 3, true);
    while (rb.write(one)) n++;
    // each record: an 8-byte header and the 8-byte sample (user_ring_buffer__reserve's total_size)
    assert.equal(n, 4096 / 16);
    assert.throws(() => rb.reserve(8), (e: unknown) => e instanceof BpfError && e.errno === 'ENOSPC');
    assert.throws(() => rb.reserve(4096), (e: unknown) => e instanceof BpfError && e.errno === 'E2BIG');
    assert.throws(() => rb.submit(rb.dataBase + 3), (e: unknown) => e instanceof BpfError && e.errno === 'EINVAL');
    const p = obj.programs.get('drain_with_data_slices')!;
    p.run({ data: packet(), engine: 'jit' });
    assert.deepEqual([totals(obj).sum, totals(obj).drained], [BigInt(3 * n), BigInt(n)]);
    assert.ok(rb.write(one), 'room again after the drain');
  } finally {
    obj.close();
  }
});

test('a drain with flags other than BPF_RB_NO_WAKEUP | BPF_RB_FORCE_WAKEUP is -EINVAL', async () => {
  const obj = await open('drain_bad_flags');
  try {
    for (const engine of ENGINE_NAMES) assert.equal(obj.programs.get('drain_bad_flags')!.run({ data: packet(), engine }).retval, 1);
  } finally {
    obj.close();
  }
});

const loader = kernelLoader();
test('on an empty ring the kernel returns what both engines return', { skip: typeof loader === 'string' ? false : loader.reason }, async () => {
  const kv = kernelVerdicts(OBJ, { each: true });
  for (const name of RUNS) {
    const k = kv.get(name);
    assert.ok(k?.loaded, `${name}: the kernel refused it: ${k?.log.trim().split('\n').pop()}`);
    const obj = await open(name);
    try {
      for (const engine of ENGINE_NAMES as readonly EngineName[]) {
        assert.equal(obj.programs.get(name)!.run({ data: packet(), engine }).retval, k.retval, `${name} (${engine})`);
      }
    } finally {
      obj.close();
    }
  }
});
