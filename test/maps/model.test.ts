/**
 * Random operation sequences (fast-check) against simple models, for every map type, with no
 * kernel needed; get_next_key iteration including deletes during iteration.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AddressSpace } from '../../src/vm/address_space.js';
import { BpfError } from '../../src/isa/errors.js';
import {
  ArrayMap, BloomFilter, HashMap, LpmTrie, QueueStackMap, RingBuf, StackTraceMap, createMap, MapType as T,
  htabHash, type BatchResult,
  BPF_ANY, BPF_EXIST, BPF_NOEXIST, BPF_F_NO_PREALLOC, BPF_F_ZERO_SEED, BPF_F_NO_COMMON_LRU, BPF_RINGBUF_BUSY_BIT, BPF_RINGBUF_DISCARD_BIT, BPF_RB_AVAIL_DATA,
} from '../../src/maps/index.js';

const u32 = (n: number): Uint8Array => { const b = new Uint8Array(4); new DataView(b.buffer).setUint32(0, n >>> 0, true); return b; };
const u64 = (n: number): Uint8Array => { const b = new Uint8Array(8); new DataView(b.buffer).setBigUint64(0, BigInt(n), true); return b; };
const hx = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const errno = (f: () => unknown): string => { try { f(); return 'ok'; } catch (e) { if (e instanceof BpfError) return e.errno; throw e; } };

function keysOf(m: { getNextKey(k: Uint8Array | null): Uint8Array }): string[] {
  const out: string[] = [];
  let k: Uint8Array | null = null;
  for (;;) {
    try { k = m.getNextKey(k); } catch (e) { if (e instanceof BpfError && e.errno === 'ENOENT') break; throw e; }
    out.push(hx(k));
    assert.ok(out.length <= 100000, 'get_next_key does not terminate');
  }
  return out;
}

/** lookupBatch, with ENOSPC (a bucket bigger than count, nothing copied) as a value */
function batchOrErrno(m: { lookupBatch(o: { count: number; inBatch: Uint8Array | null }): BatchResult }, count: number, inBatch: Uint8Array | null): BatchResult | 'ENOSPC' {
  try { return m.lookupBatch({ count, inBatch }); } catch (e) { if (e instanceof BpfError && e.errno === 'ENOSPC') return 'ENOSPC'; throw e; }
}

const hop = fc.oneof(
  fc.record({ t: fc.constant('u' as const), k: fc.integer({ min: 0, max: 20 }), v: fc.nat(1000), f: fc.constantFrom(BPF_ANY, BPF_NOEXIST, BPF_EXIST) }),
  fc.record({ t: fc.constant('d' as const), k: fc.integer({ min: 0, max: 20 }) }),
  fc.record({ t: fc.constant('l' as const), k: fc.integer({ min: 0, max: 20 }) }),
);

test('HASH / PERCPU_HASH (prealloc and not): random sequences match a Map model, iteration visits each key once', () => {
  for (const [type, flags] of [[T.HASH, 0], [T.HASH, BPF_F_NO_PREALLOC], [T.PERCPU_HASH, 0], [T.HASH, BPF_F_ZERO_SEED]] as const) {
    fc.assert(fc.property(fc.array(hop, { maxLength: 80 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 4 }), (ops, max, batchCount) => {
      const as = new AddressSpace();
      const ncpus = 3;
      const m = createMap(as, { mapType: type, keySize: 4, valueSize: 8, maxEntries: max, mapFlags: flags }, { ncpus });
      const model = new Map<number, number>();
      const uv = (v: number): Uint8Array => type === T.PERCPU_HASH ? new Uint8Array(m.userValueSize).map((_, i) => (i % 8 === 0 ? v & 0xff : 0)) : u64(v);
      for (const o of ops) {
        if (o.t === 'u') {
          const exists = model.has(o.k);
          const want = o.f === BPF_NOEXIST && exists ? 'EEXIST' : o.f === BPF_EXIST && !exists ? 'ENOENT' : !exists && model.size >= max ? 'E2BIG' : 'ok';
          assert.equal(errno(() => m.update(u32(o.k), uv(o.v), o.f)), want);
          if (want === 'ok') model.set(o.k, o.v);
        } else if (o.t === 'd') {
          assert.equal(errno(() => m.delete(u32(o.k))), model.has(o.k) ? 'ok' : 'ENOENT');
          model.delete(o.k);
        } else {
          const got = errno(() => m.lookup(u32(o.k)));
          assert.equal(got, model.has(o.k) ? 'ok' : 'ENOENT');
          if (model.has(o.k)) assert.equal(hx(m.lookup(u32(o.k))), hx(uv(model.get(o.k)!)));
        }
      }
      const keys = keysOf(m);
      assert.equal(new Set(keys).size, keys.length, 'a key came twice');
      assert.deepEqual([...keys].sort(), [...model.keys()].map((k) => hx(u32(k))).sort());
      // batches (of a small random count, so that buckets often hold more) walk the same elements as
      // get_next_key. Batches hold whole buckets
      // (__htab_map_lookup_and_delete_batch, kernel/bpf/hashtab.c): a bucket bigger than the room
      // left ends the batch at the bucket before it, and when it is the first bucket of the call
      // (nothing copied yet) the call fails with ENOSPC and user space retries with a bigger count.
      const seen: string[] = [];
      let cursor: Uint8Array | null = null;
      for (let guard = 0; guard < 100; guard++) {
        let count = batchCount;
        let r = batchOrErrno(m, count, cursor);
        while (r === 'ENOSPC') {
          assert.ok(count < keys.length - seen.length, `ENOSPC with count ${count} though only ${keys.length - seen.length} elements are left`);
          r = batchOrErrno(m, ++count, cursor);
        }
        // the smallest count that works is exactly the size of the first bucket: all of it, nothing more
        if (count > batchCount) assert.equal(r.count, count, 'the retried batch holds exactly the bucket that did not fit');
        for (let i = 0; i < r.count; i++) seen.push(hx(r.keys.subarray(i * 4, i * 4 + 4)));
        if (r.errno === 'ENOENT') break;
        assert.ok(r.count > 0, 'a batch that is not the last one copies something');
        cursor = r.outBatch;
      }
      assert.deepEqual(seen, keys);
    }), { numRuns: 60 });
  }
});

test('lookup_batch regression (fast-check seed 139543748): a bucket bigger than count is ENOSPC only when it comes first', () => {
  // The failing property run had 4 keys in one bucket of a PERCPU_HASH and walked it with count 3.
  // hashtab.c __htab_map_lookup_and_delete_batch: bucket_cnt > max_count - total -> stop before the
  // bucket; -ENOSPC only if total == 0. Build that layout deterministically with a fixed hashrnd.
  const seed = 139543748;
  for (const type of [T.HASH, T.PERCPU_HASH]) {
    const as = new AddressSpace();
    const m = createMap(as, { mapType: type, keySize: 4, valueSize: 8, maxEntries: 8 }, { ncpus: 3, seed }) as HashMap;
    assert.equal(m.nBuckets, 8);
    const bucketOf = (k: number): number => htabHash(u32(k), 0, 4, seed) & 7;
    // four keys sharing one bucket B (> 0, so a lower bucket can come first), one key in a bucket below B
    const byBucket = new Map<number, number[]>();
    for (let k = 0; k < 10000; k++) { const b = bucketOf(k); byBucket.set(b, [...(byBucket.get(b) ?? []), k]); }
    const big = [...byBucket.keys()].filter((b) => b > 0).sort((a, b) => a - b).at(-1)!;
    const lowBucket = Math.min(...[...byBucket.keys()].filter((b) => b < big));
    const four = byBucket.get(big)!.slice(0, 4);
    const low = byBucket.get(lowBucket)![0]!;
    const uv = new Uint8Array(m.userValueSize);
    for (const k of [...four, low]) m.update(u32(k), uv, BPF_ANY);
    const at = (b: number): Uint8Array => u32(b);
    // 1) first bucket alone does not fit: ENOSPC, nothing copied, nothing deleted
    assert.equal(errno(() => m.lookupBatch({ count: 3, inBatch: at(big) })), 'ENOSPC');
    assert.equal(errno(() => m.lookupAndDeleteBatch({ count: 3, inBatch: at(big) })), 'ENOSPC');
    assert.equal(m.count, 5, 'a failed lookup_and_delete_batch deletes nothing');
    // 2) something copied first: a partial batch, out_batch at the bucket that did not fit, no error
    const r = m.lookupBatch({ count: 3, inBatch: null });
    assert.equal(r.count, 1);
    assert.equal(hx(r.keys), hx(u32(low)));
    assert.equal(r.errno, undefined, 'a partial batch is not the end');
    assert.equal(new DataView(r.outBatch!.buffer).getUint32(0, true), big);
    // 3) the retry with room for the whole bucket returns exactly its four keys, then the end
    const r2 = m.lookupBatch({ count: 4, inBatch: r.outBatch });
    assert.equal(r2.count, 4);
    const got = [0, 1, 2, 3].map((i) => hx(r2.keys.subarray(i * 4, i * 4 + 4))).sort();
    assert.deepEqual(got, four.map((k) => hx(u32(k))).sort());
    if (big === 7) assert.equal(r2.errno, 'ENOENT');
    // 4) lookup_and_delete_batch with enough room drains the bucket
    const d = m.lookupAndDeleteBatch({ count: 4, inBatch: at(big) });
    assert.equal(d.count, 4);
    assert.equal(m.count, 1);
  }
});

test('get_next_key with deletes during iteration: the deleted key restarts from the first (hash), arrays never restart', () => {
  const as = new AddressSpace();
  const m = createMap(as, { mapType: T.HASH, keySize: 4, valueSize: 4, maxEntries: 64, mapFlags: BPF_F_ZERO_SEED }) as HashMap;
  for (let i = 0; i < 40; i++) m.update(u32(i), u32(i), 0);
  const first = hx(m.getNextKey(null));
  // delete-as-you-go (the usual user-space drain): next(deleted) is the new first key, and the drain ends empty
  let k: Uint8Array | null = null;
  let steps = 0;
  for (;;) {
    let next: Uint8Array;
    try { next = m.getNextKey(k); } catch { break; }
    if (k) {
      assert.equal(hx(next), hx(m.getNextKey(null)), 'after deleting the current key, get_next_key restarts from the first');
    }
    m.delete(next);
    k = next;
    steps++;
  }
  assert.equal(steps, 40);
  assert.equal(m.count, 0);
  assert.ok(first.length === 8);
  // deleting a key other than the cursor: iteration goes on from the cursor
  for (let i = 0; i < 10; i++) m.update(u32(i), u32(i), 0);
  const order = keysOf(m);
  const c = m.getNextKey(null);
  m.delete(Buffer.from(order[5]!, 'hex'));
  assert.equal(hx(m.getNextKey(c)), order[1]);
  const arr = createMap(as, { mapType: T.ARRAY, keySize: 4, valueSize: 4, maxEntries: 5 }) as ArrayMap;
  assert.deepEqual(keysOf(arr), [0, 1, 2, 3, 4].map((i) => hx(u32(i))));
});

test('LRU_HASH: never more than max_entries, the newest key always survives, referenced keys get a second chance', () => {
  fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 200 }), fc.integer({ min: 2, max: 16 }), fc.boolean(), (keys, max, percpuLru) => {
    const as = new AddressSpace();
    const m = createMap(as, { mapType: T.LRU_HASH, keySize: 4, valueSize: 8, maxEntries: max, mapFlags: percpuLru ? BPF_F_NO_COMMON_LRU : 0 }, { ncpus: 2 }) as HashMap;
    for (const k of keys) {
      m.update(u32(k), u64(k), 0);
      assert.ok(m.count <= m.maxEntries);
      assert.equal(hx(m.lookup(u32(k))), hx(u64(k)));
      assert.equal(keysOf(m).length, m.count);
    }
  }), { numRuns: 100 });
  const as = new AddressSpace();
  const m = createMap(as, { mapType: T.LRU_HASH, keySize: 4, valueSize: 4, maxEntries: 4 }) as HashMap;
  for (let i = 0; i < 4; i++) m.update(u32(i), u32(i), 0);
  // a program lookup of key 0 marks it referenced: the next insert evicts key 1, the oldest unreferenced
  const kp = as.map(4, 8 /* Mem */, 'key');
  as.dv.setUint32(kp.base, 0, true);
  assert.notEqual(m.lookupPtr(kp.base), 0);
  m.update(u32(9), u32(9), 0);
  assert.equal(errno(() => m.lookup(u32(0))), 'ok');
  assert.equal(errno(() => m.lookup(u32(1))), 'ENOENT');
});

test('ARRAY / PERCPU_ARRAY: random updates match an array model; program pointers see the same bytes', () => {
  fc.assert(fc.property(fc.array(fc.record({ i: fc.integer({ min: 0, max: 9 }), v: fc.nat(255), f: fc.constantFrom(BPF_ANY, BPF_NOEXIST, BPF_EXIST) }), { maxLength: 50 }), (ops) => {
    const as = new AddressSpace();
    const m = createMap(as, { mapType: T.PERCPU_ARRAY, keySize: 4, valueSize: 3, maxEntries: 8 }, { ncpus: 2 }) as ArrayMap;
    const model = new Map<number, number>();
    for (const o of ops) {
      const want = o.i >= 8 ? 'E2BIG' : o.f === BPF_NOEXIST ? 'EEXIST' : 'ok';
      const v = new Uint8Array(16);
      v[0] = o.v; v[8] = o.v ^ 0xff;
      assert.equal(errno(() => m.update(u32(o.i), v, o.f)), want);
      if (want === 'ok') model.set(o.i, o.v);
    }
    for (let i = 0; i < 8; i++) {
      const got = m.lookup(u32(i));
      assert.equal(got[0], model.get(i) ?? 0);
      assert.equal(got[8], model.has(i) ? model.get(i)! ^ 0xff : 0);
      const kp = as.map(4, 8, 'k');
      as.dv.setUint32(kp.base, i, true);
      assert.equal(as.u8[m.lookupPtr(kp.base, 1)], got[8]);
    }
  }), { numRuns: 60 });
});

test('LPM_TRIE: lookups match a longest-prefix model; iteration yields every prefix, more specific first', () => {
  const pfx = fc.record({ len: fc.integer({ min: 0, max: 32 }), a: fc.nat(255), b: fc.nat(255) });
  fc.assert(fc.property(fc.array(fc.record({ p: pfx, del: fc.boolean() }), { maxLength: 40 }), fc.array(fc.record({ a: fc.nat(255), b: fc.nat(255), c: fc.nat(255) }), { maxLength: 20 }), (ops, probes) => {
    const as = new AddressSpace();
    const m = createMap(as, { mapType: T.LPM_TRIE, keySize: 8, valueSize: 4, maxEntries: 100, mapFlags: BPF_F_NO_PREALLOC }) as LpmTrie;
    const model = new Map<string, { len: number; addr: number; v: number }>();
    const mask = (len: number): number => (len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0);
    const key = (len: number, addr: number): Uint8Array => { const k = new Uint8Array(8); const d = new DataView(k.buffer); d.setUint32(0, len, true); d.setUint32(4, addr >>> 0, false); return k; };
    ops.forEach((o, n) => {
      const addr = (((o.p.a << 24) | (o.p.b << 16)) & mask(o.p.len)) >>> 0;
      const id = `${o.p.len}/${addr}`;
      if (o.del) {
        assert.equal(errno(() => m.delete(key(o.p.len, addr))), model.has(id) ? 'ok' : 'ENOENT');
        model.delete(id);
      } else {
        m.update(key(o.p.len, addr), u32(n), 0);
        model.set(id, { len: o.p.len, addr, v: n });
      }
    });
    for (const p of probes) {
      const addr = ((p.a << 24) | (p.b << 16) | (p.c << 8)) >>> 0;
      let best: { len: number; v: number } | undefined;
      for (const e of model.values()) if (((addr & mask(e.len)) >>> 0) === e.addr && (!best || e.len > best.len)) best = e;
      const got = errno(() => m.lookup(key(32, addr)));
      assert.equal(got, best ? 'ok' : 'ENOENT');
      if (best) assert.equal(new DataView(m.lookup(key(32, addr)).buffer).getUint32(0, true), best.v);
    }
    const keys = keysOf(m);
    assert.equal(keys.length, model.size);
    assert.equal(m.nEntries, model.size);
    // postorder: a prefix comes after every more specific prefix it contains
    const parsed = keys.map((h) => { const b = Buffer.from(h, 'hex'); return { len: b.readUInt32LE(0), addr: b.readUInt32BE(4) }; });
    parsed.forEach((x, i) => parsed.forEach((y, j) => { if (y.len > x.len && ((y.addr & mask(x.len)) >>> 0) === x.addr) assert.ok(j < i, 'more specific first'); }));
  }), { numRuns: 80 });
});

test('QUEUE / STACK: push/pop/peek match an array model (FIFO / LIFO, overwrite with BPF_EXIST)', () => {
  for (const t of [T.QUEUE, T.STACK]) {
    fc.assert(fc.property(fc.array(fc.oneof(fc.record({ push: fc.nat(255), f: fc.constantFrom(BPF_ANY, BPF_EXIST) }), fc.constant('pop' as const), fc.constant('peek' as const)), { maxLength: 60 }), (ops) => {
      const as = new AddressSpace();
      const m = createMap(as, { mapType: t, keySize: 0, valueSize: 4, maxEntries: 5 }) as QueueStackMap;
      const model: number[] = [];
      for (const o of ops) {
        if (o === 'pop' || o === 'peek') {
          const want = model.length === 0 ? undefined : t === T.QUEUE ? model[0] : model[model.length - 1];
          const got = errno(() => (o === 'pop' ? m.lookupAndDelete(null) : m.lookup(null)));
          assert.equal(got, want === undefined ? 'ENOENT' : 'ok');
          if (want !== undefined) {
            if (o === 'pop') { if (t === T.QUEUE) model.shift(); else model.pop(); }
          }
          continue;
        }
        const full = model.length === 5;
        const want = full && o.f !== BPF_EXIST ? 'E2BIG' : 'ok';
        assert.equal(errno(() => m.update(null, u32(o.push), o.f)), want);
        if (want === 'ok') { if (full) model.shift(); model.push(o.push); }
      }
      assert.deepEqual(m.values().map((v) => new DataView(v.buffer).getUint32(0, true)), model);
    }), { numRuns: 80 });
  }
});

test('BLOOM_FILTER: no false negatives; nr_hash_funcs from map_extra; sizes as bloom_filter.c', () => {
  fc.assert(fc.property(fc.uniqueArray(fc.nat(100000), { maxLength: 100 }), fc.integer({ min: 1, max: 15 }), (vals, k) => {
    const as = new AddressSpace();
    const m = createMap(as, { mapType: T.BLOOM_FILTER, keySize: 0, valueSize: 4, maxEntries: 100, mapExtra: BigInt(k) }) as BloomFilter;
    assert.equal(m.nrHashFuncs, k);
    for (const v of vals) m.update(null, u32(v), 0);
    for (const v of vals) assert.equal(m.peekValue(u32(v)), true);
    assert.equal(errno(() => m.update(null, u32(1), BPF_EXIST)), 'EINVAL');
  }), { numRuns: 40 });
  const as = new AddressSpace();
  const d = createMap(as, { mapType: T.BLOOM_FILTER, keySize: 0, valueSize: 8, maxEntries: 1000 }) as BloomFilter;
  // 1000 * 5 / 5 * 7 = 7000 bits -> 8192 bits = 1024 bytes
  assert.equal(d.nrHashFuncs, 5);
  assert.equal(d.bitsetMask, 8191);
  assert.equal(d.bitsetBytes, 1024);
  let fp = 0;
  for (let i = 0; i < 2000; i++) d.update(null, u64(i), 0);
  for (let i = 100000; i < 102000; i++) if (d.peekValue(u64(i))) fp++;
  assert.ok(fp > 0 && fp < 2000, `an overfilled filter has some false positives (${fp})`);
});

test('RINGBUF: reserve/commit/discard with the kernel header layout; wrap-around; the consumer sees committed records in order', async () => {
  fc.assert(fc.property(fc.array(fc.oneof(fc.record({ size: fc.integer({ min: 0, max: 1500 }), discard: fc.boolean() }), fc.constant('consume' as const)), { maxLength: 60 }), (ops) => {
    const as = new AddressSpace();
    const rb = createMap(as, { mapType: T.RINGBUF, keySize: 0, valueSize: 0, maxEntries: 4096 }) as RingBuf;
    const model: Uint8Array[] = [];
    let pending = 0;
    let seq = 0;
    for (const o of ops) {
      if (o === 'consume') {
        const got: Uint8Array[] = [];
        rb.consume((s) => got.push(s));
        assert.deepEqual(got.map(hx), model.map(hx));
        model.length = 0;
        pending = 0;
        continue;
      }
      const len = (o.size + 8 + 7) & ~7;
      const rec = rb.reserve(o.size, 0);
      const fits = pending + len <= 4095;
      assert.equal(rec !== 0, fits, `reserve ${o.size} with ${pending} pending`);
      if (!rec) continue;
      const dv = as.dv;
      assert.equal(dv.getUint32(rec - 8, true), (o.size | BPF_RINGBUF_BUSY_BIT) >>> 0, 'len with BPF_RINGBUF_BUSY_BIT while reserved');
      assert.equal(dv.getUint32(rec - 4, true), 3 + (((rec - 8 - rb.dataBase) >>> 12)), 'pg_off');
      const data = new Uint8Array(o.size).map((_, i) => (i + seq) & 0xff);
      seq++;
      as.u8.set(data, rec);
      rb.commit(rec, 0, o.discard);
      const hdr = dv.getUint32(rec - 8, true);
      assert.equal(hdr & BPF_RINGBUF_BUSY_BIT, 0);
      assert.equal((hdr & BPF_RINGBUF_DISCARD_BIT) !== 0, o.discard);
      pending += len;
      assert.equal(rb.query(BPF_RB_AVAIL_DATA), pending);
      if (!o.discard) model.push(data);
    }
  }), { numRuns: 80 });
  const as = new AddressSpace();
  const rb = createMap(as, { mapType: T.RINGBUF, keySize: 0, valueSize: 0, maxEntries: 4096 }) as RingBuf;
  const it = rb.records();
  const first = it.next();
  setTimeout(() => rb.write(Uint8Array.of(1, 2, 3)), 5);
  assert.deepEqual([...(await first).value!], [1, 2, 3], 'the async iterator waits for the next submit');
  const ac = new AbortController();
  const rest: number[] = [];
  const done = (async () => { for await (const r of rb.records({ signal: ac.signal })) rest.push(r[0]!); })();
  rb.write(Uint8Array.of(7));
  rb.write(Uint8Array.of(8));
  await new Promise((r) => setTimeout(r, 10));
  ac.abort();
  await done;
  assert.deepEqual(rest, [7, 8]);
});

test('STACK_TRACE: same stack same id, EEXIST on a colliding different stack, BPF_F_REUSE_STACKID replaces, skip field', () => {
  const as = new AddressSpace();
  const m = createMap(as, { mapType: T.STACK_TRACE, keySize: 4, valueSize: 8 * 4, maxEntries: 1 }) as StackTraceMap;
  const s1 = { kernel: [0xffffffff81000010n, 0xffffffff81000020n, 0xffffffff81000030n] };
  const s2 = { kernel: [0xffffffff82000010n] };
  const id = m.getStackId(s1, 0);
  assert.ok(id >= 0);
  assert.equal(m.getStackId(s1, 0), id);
  assert.equal(m.getStackId(s2, 0), -17, 'one bucket: a different stack collides -> -EEXIST');
  assert.equal(m.getStackId(s2, 1 << 10), 0);
  const v = m.lookup(u32(0));
  assert.equal(new DataView(v.buffer).getBigUint64(0, true), 0xffffffff82000010n);
  assert.equal(new DataView(v.buffer).getBigUint64(8, true), 0n);
  assert.equal(m.getStackId(s1, 5), -14, 'skipping past the whole stack is -EFAULT');
  assert.equal(m.getStackId(undefined, 0), -14);
  assert.equal(m.getStackId(s1, 1 << 20), -22);
  assert.deepEqual(keysOf(m), [hx(u32(0))]);
  m.delete(u32(0));
  assert.deepEqual(keysOf(m), []);
});

test('BPF_F_LOCK: values with a struct bpf_spin_lock keep the lock word on update and read it as zero', () => {
  const as = new AddressSpace();
  for (const type of [T.HASH, T.ARRAY]) {
    const m = createMap(as, { mapType: type, keySize: 4, valueSize: 12, maxEntries: 4, spinLockOff: 4 });
    m.update(u32(1), Uint8Array.of(1, 2, 3, 4, 9, 9, 9, 9, 5, 6, 7, 8), 0);
    const got = m.lookup(u32(1));
    assert.deepEqual([...got], [1, 2, 3, 4, 0, 0, 0, 0, 5, 6, 7, 8], 'the lock word is never copied out');
    // a program holding the lock: the word stays as the program set it across a locked update
    const ptr = type === T.HASH ? (m as HashMap).lookupAddr(u32(1)) : (m as ArrayMap).elemAddr(1);
    as.dv.setUint32(ptr + 4, 1, true);
    m.update(u32(1), Uint8Array.of(10, 0, 0, 0, 7, 7, 7, 7, 11, 0, 0, 0), 4 /* BPF_F_LOCK */);
    assert.equal(as.dv.getUint32(ptr + 4, true), 1);
    assert.equal(as.u8[ptr], 10);
    assert.deepEqual([...m.lookup(u32(1), 4)].slice(4, 8), [0, 0, 0, 0]);
  }
  const plain = createMap(as, { mapType: T.HASH, keySize: 4, valueSize: 8, maxEntries: 4 });
  assert.equal(errno(() => plain.update(u32(1), u64(1), 4)), 'EINVAL');
  assert.equal(errno(() => plain.lookup(u32(1), 4)), 'EINVAL');
});

test('PERF_EVENT_ARRAY: output to the current CPU\'s event, E2BIG/ENOENT/EOPNOTSUPP as bpf_perf_event_output; the reader iterates', async () => {
  const as = new AddressSpace();
  const { PerfEventArrayMap } = await import('../../src/maps/perf_event_array.js');
  const m = createMap(as, { mapType: T.PERF_EVENT_ARRAY, keySize: 4, valueSize: 4, maxEntries: 4 }, { ncpus: 2 }) as InstanceType<typeof PerfEventArrayMap>;
  assert.equal(m.output(0, 0xffffffffn, Uint8Array.of(1)), -2, 'no event open: -ENOENT');
  const reader = m.openReader(64);
  assert.equal(m.output(1, 0xffffffffn, Uint8Array.of(1, 1)), 0);
  assert.equal(m.output(0, 0n, Uint8Array.of(2)), 0);
  assert.equal(m.output(0, 1n, Uint8Array.of(3)), -95, 'the event on CPU 1 refuses output from CPU 0');
  assert.equal(m.output(0, 7n, Uint8Array.of(3)), -7);
  assert.equal(m.output(0, 1n << 52n, Uint8Array.of(3)), -22);
  const got: string[] = [];
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 30);
  for await (const s of reader.samples({ signal: ac.signal })) got.push(`${s.cpu}:${hx(s.data)}`);
  assert.deepEqual(got.sort(), ['0:02', '1:0101']);
  for (let i = 0; i < 10; i++) m.output(0, 0xffffffffn, new Uint8Array(20));
  assert.ok(reader.lost > 0, 'a full per-CPU buffer counts lost samples');
});
