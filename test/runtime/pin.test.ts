/**
 * Pinning: a pinned map outlives its process and its fds; another process opens the path and sees
 * the same contents; a writer killed at any moment never leaves a corrupt pin; object lifetime
 * (fds, pins, programs, outer maps hold references) as the kernel's.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BpfError } from '../../src/isa/errors.js';
import { Bpf } from '../../src/runtime/bpf.js';
import { FsPinStore } from '../../src/runtime/pin_fs.js';
import { decodePin, encodePin } from '../../src/runtime/pin_format.js';
import { crc32 } from '../../src/runtime/crc32.js';
import { MapType as T, BPF_F_ZERO_SEED, BPF_F_RDONLY } from '../../src/maps/constants.js';

const u32 = (n: number): Uint8Array => { const b = new Uint8Array(4); new DataView(b.buffer).setUint32(0, n >>> 0, true); return b; };
const rd = (b: Uint8Array): number => new DataView(b.buffer, b.byteOffset).getUint32(0, true);
const dir = (): string => mkdtempSync(join(tmpdir(), 'tsbpf-pin-'));
const writer = fileURLToPath(new URL('./pin_writer.js', import.meta.url));
const root = fileURLToPath(new URL('../../../', import.meta.url));

test('a pin keeps a map alive after its last fd closes; unpin frees it; objGet returns the live map', () => {
  const bpf = new Bpf();
  const fd = bpf.mapCreate({ mapType: T.HASH, keySize: 4, valueSize: 4, maxEntries: 8 });
  const m = bpf.map(fd);
  bpf.mapUpdateElem(fd, u32(1), u32(11));
  bpf.objPin(fd, '/sys/fs/bpf/m');
  assert.throws(() => bpf.objPin(fd, '/sys/fs/bpf/m'), (e: BpfError) => e.errno === 'EEXIST');
  bpf.close(fd);
  assert.equal(m.isFreed, false, 'the pin holds a reference');
  const fd2 = bpf.objGet('/sys/fs/bpf/m');
  assert.equal(bpf.map(fd2), m, 'same runtime: the same live map');
  bpf.mapUpdateElem(fd2, u32(2), u32(22));
  bpf.unpin('/sys/fs/bpf/m');
  assert.equal(m.isFreed, false, 'the fd still holds it');
  assert.throws(() => bpf.objGet('/sys/fs/bpf/m'), (e: BpfError) => e.errno === 'ENOENT');
  const regions = bpf.as.list().length;
  bpf.close(fd2);
  assert.equal(m.isFreed, true);
  assert.ok(bpf.as.list().length < regions, 'its memory went back to the address space');
  assert.throws(() => bpf.close(fd2), (e: BpfError) => e.errno === 'EBADF');
});

test('outer maps and prog arrays hold references; a PROG_ARRAY clears itself when its last user handle goes', () => {
  const bpf = new Bpf();
  const tmpl = bpf.mapCreate({ mapType: T.ARRAY, keySize: 4, valueSize: 4, maxEntries: 2 });
  const inner = bpf.mapCreate({ mapType: T.ARRAY, keySize: 4, valueSize: 4, maxEntries: 2 });
  const outer = bpf.mapCreate({ mapType: T.ARRAY_OF_MAPS, keySize: 4, valueSize: 4, maxEntries: 2, innerMapFd: tmpl });
  const im = bpf.map(inner);
  bpf.mapUpdateElem(outer, u32(0), u32(inner));
  bpf.close(inner);
  assert.equal(im.isFreed, false, 'the outer map holds the inner map');
  assert.equal(rd(bpf.mapLookupElem(outer, u32(0))), im.id, 'syscall lookup returns the inner map id');
  bpf.mapDeleteElem(outer, u32(0));
  assert.equal(im.isFreed, true);
  const pa = bpf.mapCreate({ mapType: T.PROG_ARRAY, keySize: 4, valueSize: 4, maxEntries: 4 });
  let puts = 0;
  const prog = { id: 99, insns: [], progType: 6, refs: 0, hold() { this.refs++; return this; }, put() { this.refs--; puts++; } };
  const pfd = bpf.progFd(prog);
  bpf.mapUpdateElem(pa, u32(1), u32(pfd));
  assert.equal(prog.refs, 2);
  assert.throws(() => bpf.mapUpdateElem(pa, u32(2), u32(outer)), (e: BpfError) => e.errno === 'EINVAL', 'a map fd is not a program');
  assert.throws(() => bpf.mapUpdateElem(pa, u32(2), u32(1234)), (e: BpfError) => e.errno === 'EBADF');
  bpf.close(pa);
  assert.equal(prog.refs, 1, 'prog_array_map_clear dropped the slot when the last fd closed');
  assert.ok(puts >= 1);
});

test('access flags: BPF_F_RDONLY maps and read-only objGet refuse writes with EPERM; frozen maps too', () => {
  const bpf = new Bpf();
  const fd = bpf.mapCreate({ mapType: T.ARRAY, keySize: 4, valueSize: 4, maxEntries: 2, mapFlags: BPF_F_RDONLY });
  assert.throws(() => bpf.mapUpdateElem(fd, u32(0), u32(1)), (e: BpfError) => e.errno === 'EPERM');
  assert.equal(rd(bpf.mapLookupElem(fd, u32(0))), 0);
  const fd2 = bpf.mapCreate({ mapType: T.ARRAY, keySize: 4, valueSize: 4, maxEntries: 2 });
  bpf.objPin(fd2, 'x');
  const ro = bpf.objGet('x', BPF_F_RDONLY);
  assert.throws(() => bpf.mapUpdateElem(ro, u32(0), u32(1)), (e: BpfError) => e.errno === 'EPERM');
  bpf.mapUpdateElem(fd2, u32(0), u32(5));
  assert.equal(rd(bpf.mapLookupElem(ro, u32(0))), 5);
  bpf.mapFreeze(fd2);
  assert.throws(() => bpf.mapUpdateElem(fd2, u32(0), u32(1)), (e: BpfError) => e.errno === 'EPERM');
});

test('the pin file survives the process: another process opens the path and sees the same contents, including hash order', () => {
  const d = dir();
  try {
    const p = join(d, 'counts');
    const bpf = new Bpf({ pins: new FsPinStore(), ncpus: 2 });
    const fd = bpf.mapCreate({ mapType: T.HASH, keySize: 4, valueSize: 4, maxEntries: 64, mapFlags: BPF_F_ZERO_SEED });
    for (let i = 0; i < 20; i++) bpf.mapUpdateElem(fd, u32(i * 7), u32(i));
    bpf.objPin(fd, p);
    const order: number[] = [];
    for (let k: Uint8Array | null = null; ; ) {
      try { k = bpf.mapGetNextKey(fd, k); } catch { break; }
      order.push(rd(k));
    }
    const script = `import { Bpf } from ${JSON.stringify(join(root, 'dist/src/runtime/bpf.js'))};
      import { FsPinStore } from ${JSON.stringify(join(root, 'dist/src/runtime/pin_fs.js'))};
      const bpf = new Bpf({ pins: new FsPinStore() });
      const fd = bpf.objGet(${JSON.stringify(p)});
      const out = []; let k = null;
      for (;;) { try { k = bpf.mapGetNextKey(fd, k); } catch { break; } out.push([new DataView(k.buffer).getUint32(0, true), new DataView(bpf.mapLookupElem(fd, k).buffer).getUint32(0, true)]); }
      const v = new Uint8Array(4); new DataView(v.buffer).setUint32(0, 1000, true);
      const key = new Uint8Array(4); new DataView(key.buffer).setUint32(0, 999, true);
      bpf.mapUpdateElem(fd, key, v);
      console.log(JSON.stringify(out));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const seen = JSON.parse(r.stdout) as [number, number][];
    assert.deepEqual(seen.map((x) => x[0]), order, 'same keys in the same get_next_key order');
    assert.deepEqual(seen.map((x) => x[1]), order.map((k) => k / 7));
    // the other process's update reaches this one through the file
    assert.equal(rd(bpf.mapLookupElem(fd, u32(999))), 1000);
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
});

test('a corrupt or truncated pin is refused with EBADMSG, never half-loaded', () => {
  const d = dir();
  try {
    const bpf = new Bpf({ pins: new FsPinStore() });
    const fd = bpf.mapCreate({ mapType: T.ARRAY, keySize: 4, valueSize: 8, maxEntries: 4 });
    bpf.objPin(fd, join(d, 'a'));
    const good = readFileSync(join(d, 'a'));
    for (const bad of [good.subarray(0, good.length - 3), Buffer.concat([good, Buffer.from([0])]), Buffer.from(good).fill(0x55, 120, 121), Buffer.from('TSBPFPIN garbage')]) {
      writeFileSync(join(d, 'b'), bad);
      assert.throws(() => new Bpf({ pins: new FsPinStore() }).objGet(join(d, 'b')), (e: BpfError) => e.errno === 'EBADMSG');
    }
    assert.equal(decodePin(new Uint8Array(good)).attr.maxEntries, 4);
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
});

test('pin files round-trip every persistable map type', () => {
  const bpf = new Bpf({ ncpus: 2 });
  const mk = (mapType: number, keySize: number, valueSize: number, maxEntries: number, mapFlags = 0): number => bpf.mapCreate({ mapType, keySize, valueSize, maxEntries, mapFlags });
  const lpm = mk(T.LPM_TRIE, 8, 4, 8, 1);
  const key = (len: number, a: number): Uint8Array => { const k = new Uint8Array(8); new DataView(k.buffer).setUint32(0, len, true); k[4] = a; return k; };
  bpf.mapUpdateElem(lpm, key(8, 10), u32(1));
  bpf.mapUpdateElem(lpm, key(16, 10), u32(2));
  const q = mk(T.QUEUE, 0, 4, 4);
  bpf.mapUpdateElem(q, null, u32(5));
  bpf.mapUpdateElem(q, null, u32(6));
  const pc = mk(T.PERCPU_ARRAY, 4, 4, 2);
  bpf.mapUpdateElem(pc, u32(1), new Uint8Array([1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0]));
  const bl = mk(T.BLOOM_FILTER, 0, 4, 16);
  bpf.mapUpdateElem(bl, null, u32(77));
  for (const [fd, name] of [[lpm, 'lpm'], [q, 'q'], [pc, 'pc'], [bl, 'bl']] as const) bpf.objPin(fd, name);
  const other = new Bpf({ pins: bpf.pins, ncpus: 2 });
  const lpm2 = other.objGet('lpm');
  assert.equal(rd(other.mapLookupElem(lpm2, key(32, 10))), 2, "10.0.0.0 matches 10.0/16 before 10/8");
  assert.equal(rd(other.mapLookupElem(lpm2, key(32, 10) .map((b, i) => (i === 5 ? 1 : b)))), 1);
  const q2 = other.objGet('q');
  assert.equal(rd(other.mapLookupAndDeleteElem(q2, null)), 5);
  assert.equal(rd(other.mapLookupAndDeleteElem(q2, null)), 6);
  assert.deepEqual([...other.mapLookupElem(other.objGet('pc'), u32(1))], [1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0]);
  other.mapLookupElem(other.objGet('bl'), null, 0, u32(77));
  assert.throws(() => new Bpf({ pins: bpf.pins, ncpus: 3 }).objGet('pc'), (e: BpfError) => e.errno === 'EINVAL', 'per-CPU pins need the same CPU count');
  assert.ok(encodePin(bpf.map(lpm)).length > 96);
});

test('crash safety: a writer SIGKILLed mid-update leaves the pin old or new, never corrupt', async () => {
  const d = dir();
  try {
    const p = join(d, 'versions');
    const bpf = new Bpf({ pins: new FsPinStore() });
    const fd = bpf.mapCreate({ mapType: T.ARRAY, keySize: 4, valueSize: 64, maxEntries: 512 });
    bpf.objPin(fd, p);
    let last = 0;
    let changed = 0;
    const rounds = 8;
    for (let round = 0; round < rounds; round++) {
      const child = spawn(process.execPath, [writer, '--write', p], { stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise<void>((resolve, reject) => {
        child.stdout.once('data', () => resolve());
        child.once('exit', (c) => reject(new Error(`writer exited early (${c})`)));
      });
      // let it write for a random while, then kill it wherever it is
      await new Promise((r) => setTimeout(r, 30 + Math.floor(Math.random() * 200)));
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      const info = decodePin(new Uint8Array(readFileSync(p)), p); // throws EBADMSG if torn
      assert.equal(info.count, 512);
      const dv = new DataView(info.payload.buffer, info.payload.byteOffset, info.payload.byteLength);
      const v = dv.getUint32(0, true);
      for (let i = 0; i < info.payload.length; i += 4) assert.equal(dv.getUint32(i, true), v, `value word ${i / 4} is from another version: a torn pin`);
      assert.ok(v >= last, 'versions never go back');
      if (v > last) changed++;
      last = v;
    }
    assert.ok(changed >= rounds / 2, `the writer made progress in most rounds (${changed}/${rounds})`);
    // the killed writers may leave temporary files; they are never taken for the pin
    assert.ok(readdirSync(d).includes('versions'));
    const reader = new Bpf({ pins: new FsPinStore() });
    assert.equal(rd(reader.mapLookupElem(reader.objGet(p), u32(511))), last, 'a fresh process reads the last complete version');
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
});

/** a pin file rebuilt with its header fields, meta or count changed, and a right checksum (as a careless writer would leave it) */
function reseal(b: Uint8Array, o: { count?: number; maxEntries?: number; meta?: unknown }): Uint8Array {
  const dv0 = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const metaLen = dv0.getUint32(68, true);
  const meta = o.meta === undefined ? b.subarray(96, 96 + metaLen) : new TextEncoder().encode(JSON.stringify(o.meta));
  const payload = b.subarray(96 + metaLen, b.length - 8);
  const out = new Uint8Array(96 + meta.length + payload.length + 8);
  out.set(b.subarray(0, 96));
  out.set(meta, 96);
  out.set(payload, 96 + meta.length);
  const dv = new DataView(out.buffer);
  dv.setBigUint64(16, BigInt(out.length), true);
  dv.setUint32(68, meta.length, true);
  if (o.count !== undefined) dv.setUint32(72, o.count, true);
  if (o.maxEntries !== undefined) dv.setUint32(36, o.maxEntries, true);
  dv.setUint32(out.length - 8, crc32(out, 0, out.length - 8), true);
  out.set(new TextEncoder().encode('PIN\n'), out.length - 4);
  return out;
}

test('a pin with a right checksum whose header, payload or meta disagree is refused with EBADMSG, not read past its end', () => {
  const d = dir();
  try {
    const bpf = new Bpf({ pins: new FsPinStore() });
    const mk = (mapType: number, keySize: number, valueSize: number, maxEntries: number): number => bpf.mapCreate({ mapType, keySize, valueSize, maxEntries });
    const maps: [string, number][] = [['array', mk(T.ARRAY, 4, 8, 4)], ['hash', mk(T.HASH, 4, 8, 4)], ['queue', mk(T.QUEUE, 0, 4, 4)], ['bloom', mk(T.BLOOM_FILTER, 0, 4, 16)], ['stacks', mk(T.STACK_TRACE, 4, 8 * 4, 4)]];
    bpf.mapUpdateElem(maps[1]![1], u32(1), new Uint8Array(8));
    for (const [name, fd] of maps) {
      bpf.objPin(fd, join(d, name));
      const good = new Uint8Array(readFileSync(join(d, name)));
      const count = new DataView(good.buffer).getUint32(72, true);
      // the fuzz found these: a stack trace map's count past its payload (RangeError), a hash map's (short keys)
      // (a bloom filter's payload is its bits, whatever the count says; an array's count is its max_entries)
      const changes = name === 'bloom' ? [{ maxEntries: 0x100 }] : name === 'array' ? [{ count: count + 1 }, { maxEntries: 0x100 }] : [{ count: count + 1 }, { count: 0x1000000 }];
      for (const change of changes) {
        writeFileSync(join(d, 'b'), reseal(good, change));
        assert.throws(() => new Bpf({ pins: new FsPinStore() }).objGet(join(d, 'b')), (e: BpfError) => e.errno === 'EBADMSG' && e.message.includes(join(d, 'b')), `${name} ${JSON.stringify(change)}`);
      }
      // unchanged, it still opens
      writeFileSync(join(d, 'b'), reseal(good, {}));
      new Bpf({ pins: new FsPinStore() }).objGet(join(d, 'b'));
    }
    // BTF descriptions in the meta that are not whole (a kind renamed, a size that is not the key's): map dump refuses the pin
    bpf.objPin(maps[1]![1], join(d, 'h'));
    const h = new Uint8Array(readFileSync(join(d, 'h')));
    const int4 = { k: 'int', size: 4, signed: false };
    for (const [meta, ok] of [[{ keyType: int4 }, true], [{ keyType: { ...int4, k: 'nope' } }, false], [{ keyType: { ...int4, size: 8 } }, false], [{ keyType: int4, valueType: { k: 'struct', name: 's', size: 8, members: [{ name: 'x', off: 64, type: int4 }] } }, false]] as const) {
      writeFileSync(join(d, 'm'), reseal(h, { meta }));
      const r = spawnSync(process.execPath, [join(root, 'bin/tsbpf.js'), 'map', 'dump', 'pinned', join(d, 'm')], { encoding: 'utf8' });
      if (ok) assert.equal(r.status, 0, r.stderr);
      else {
        assert.equal(r.status, 1, `${JSON.stringify(meta)}: ${r.stderr}`);
        assert.match(r.stderr, /^tsbpf map dump: EBADMSG: .*not a valid tsbpf pin: its (key|value)Type is not a type description of \d+ bytes\n$/);
      }
    }
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
});

test('a pinned map-in-map opened by another process is ENOTSUPP naming the path (was EBADF "inner_map_fd is not a map")', () => {
  const d = dir();
  try {
    const bpf = new Bpf({ pins: new FsPinStore() });
    const inner = bpf.mapCreate({ mapType: T.ARRAY, keySize: 4, valueSize: 4, maxEntries: 1 });
    const outer = bpf.mapCreate({ mapType: T.ARRAY_OF_MAPS, keySize: 4, valueSize: 4, maxEntries: 2, innerMapFd: inner });
    bpf.objPin(outer, join(d, 'outer'));
    // the process that pinned it gets its live map back
    assert.equal(bpf.map(bpf.objGet(join(d, 'outer'))).type, T.ARRAY_OF_MAPS);
    assert.throws(() => new Bpf({ pins: new FsPinStore() }).objGet(join(d, 'outer')), (e: BpfError) => e.errno === 'ENOTSUPP' && e.message.includes(join(d, 'outer')) && /map-in-map opens only in the process that pinned it/.test(e.message));
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
});
