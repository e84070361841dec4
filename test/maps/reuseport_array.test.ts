/**
 * BPF_MAP_TYPE_REUSEPORT_SOCKARRAY (maps/reuseport_array.ts) against the running kernel: the same
 * command sequences — fixed ones for each rule and random ones — on both, with real SO_REUSEPORT
 * UDP sockets bound to 127.0.0.1 as the values (tsbpf takes the fd's number as its simulated
 * socket). A lookup's cookie is the kernel's __sock_gen_cookie and tsbpf's socket number, so
 * lookups compare as found/errno, not by value. What tsbpf cannot know is left out: whether a
 * number is an open fd at all (the kernel's EBADF; tsbpf refuses only negative ones) and whether
 * it is a bound SO_REUSEPORT TCP/UDP socket (the kernel's EINVAL/ENOTSUPP).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MapType as T } from '../../src/maps/constants.js';
import { bindSocket, closeQuiet, setsockoptInt, socket } from '../../src/kernel/link/sys.js';
import { KernelDriver, TsDriver, kernel, noKernel, u32, u64, type Op } from './driver.js';
import { Bpf } from '../../src/runtime/bpf.js';
import { ReuseportArrayMap } from '../../src/maps/reuseport_array.js';

const AF_INET = 2, SOCK_DGRAM = 2, SOL_SOCKET = 1, SO_REUSEPORT = 15;

/** a UDP socket with SO_REUSEPORT bound to 127.0.0.1 on an ephemeral port: what the kernel's array takes */
function reuseportSocket(): number {
  const fd = socket(AF_INET, SOCK_DGRAM, 0);
  setsockoptInt(fd, SOL_SOCKET, SO_REUSEPORT, 1, 'SO_REUSEPORT');
  const sin = new Uint8Array(16);
  sin[0] = AF_INET; // sin_family, sin_port 0 (ephemeral)
  sin.set([127, 0, 0, 1], 4);
  bindSocket(fd, sin, 'bind 127.0.0.1:0');
  return fd;
}

/** both transcripts, with a found lookup's cookie reduced to `found` */
function compare(ops: (socks: number[]) => Op[], nsocks: number): { k: string[]; t: string[] } {
  const socks = Array.from({ length: nsocks }, reuseportSocket);
  try {
    const seq = ops(socks);
    const norm = (out: string[]): string[] => out.map((s, i) => (seq[i]!.op === 'lookup' && s.startsWith('ok ') ? 'found' : s));
    const k = norm(new KernelDriver().run(seq));
    const t = norm(new TsDriver(1).run(seq));
    return { k, t };
  } finally {
    for (const s of socks) closeQuiet(s);
  }
}

test('REUSEPORT_SOCKARRAY: every update, lookup and delete rule gives the kernel\'s result', { skip: noKernel }, () => {
  for (const valueSize of [4, 8]) {
    const v = (fd: number): Uint8Array => (valueSize === 8 ? u64(fd) : u32(fd));
    const { k, t } = compare(([a, b]) => [
      { op: 'create', attr: { mapType: T.REUSEPORT_SOCKARRAY, keySize: 4, valueSize, maxEntries: 4 } },
      { op: 'lookup', key: u32(0) }, // ENOSPC (u32 values) or ENOENT
      { op: 'update', key: u32(0), value: v(a!), flags: 2 }, // BPF_EXIST on an empty slot: ENOENT
      { op: 'update', key: u32(0), value: v(a!), flags: 1 },
      { op: 'lookup', key: u32(0) },
      { op: 'update', key: u32(0), value: v(b!), flags: 1 }, // BPF_NOEXIST on a filled slot: EEXIST
      { op: 'update', key: u32(1), value: v(a!) }, // a in two slots: EBUSY
      { op: 'update', key: u32(0), value: v(a!) }, // a again in its own slot: EBUSY too (sk_user_data)
      { op: 'update', key: u32(0), value: v(b!), flags: 2 }, // replaces a
      { op: 'update', key: u32(1), value: v(a!) }, // a was freed by the replacement
      { op: 'update', key: u32(4), value: v(a!) }, // E2BIG
      { op: 'update', key: u32(2), value: v(a!), flags: 3 }, // EINVAL
      { op: 'update', key: u32(2), value: valueSize === 8 ? u64(0x80000000) : u32(0xffffffff) }, // EINVAL / EBADF
      { op: 'next', key: null },
      { op: 'next', key: u32(2) },
      { op: 'next', key: u32(3) },
      { op: 'next', key: u32(9) },
      { op: 'walk' },
      { op: 'delete', key: u32(1) },
      { op: 'delete', key: u32(1) }, // ENOENT
      { op: 'delete', key: u32(7) }, // E2BIG
      { op: 'lookup', key: u32(1) },
      { op: 'lookup_batch', count: 4 }, // no batch ops: ENOTSUPP
      { op: 'update', key: u32(3), value: v(a!), flags: 0 },
      { op: 'lookup', key: u32(3) },
    ], 2);
    assert.deepEqual(t, k, `value_size ${valueSize}`);
    assert.ok(k.includes('EBUSY') && k.includes('EEXIST') && k.includes('E2BIG'), k.join(' '));
  }
  assert.ok(kernel.ok);
});

test('REUSEPORT_SOCKARRAY: random command sequences agree with the kernel', { skip: noKernel }, () => {
  let runs = 0;
  fc.assert(
    fc.property(
      fc.constantFrom(4, 8),
      fc.array(
        fc.record({
          op: fc.constantFrom('update', 'update', 'lookup', 'delete', 'next'),
          key: fc.nat(4),
          sock: fc.nat(2),
          flags: fc.nat(3),
        }),
        { minLength: 1, maxLength: 24 },
      ),
      (valueSize, cmds) => {
        runs++;
        const { k, t } = compare((socks) => [
          { op: 'create', attr: { mapType: T.REUSEPORT_SOCKARRAY, keySize: 4, valueSize, maxEntries: 4 } },
          ...cmds.map((c): Op => {
            const fd = socks[c.sock]!;
            if (c.op === 'update') return { op: 'update', key: u32(c.key), value: valueSize === 8 ? u64(fd) : u32(fd), flags: c.flags };
            if (c.op === 'lookup') return { op: 'lookup', key: u32(c.key) };
            if (c.op === 'delete') return { op: 'delete', key: u32(c.key) };
            return { op: 'next', key: u32(c.key) };
          }),
        ], 3);
        assert.deepEqual(t, k);
      },
    ),
    { numRuns: 150, seed: 13 },
  );
  assert.equal(runs, 150);
});

test('REUSEPORT_SOCKARRAY: the simulated socket in a slot, and freeing the map frees its sockets', () => {
  const bpf = new Bpf();
  const fd = bpf.mapCreate({ mapType: T.REUSEPORT_SOCKARRAY, keySize: 4, valueSize: 8, maxEntries: 2 });
  bpf.mapUpdateElem(fd, u32(1), u64(42), 0);
  const m = bpf.map(fd) as ReuseportArrayMap;
  assert.equal(m.selectedSocket(1), 42);
  assert.equal(m.selectedSocket(0), undefined);
  assert.equal(m.selectedSocket(2), undefined);
  assert.deepEqual([...bpf.mapLookupElem(fd, u32(1))], [...u64(42)]);
  bpf.close(fd);
  // socket 42 left the array with it: another array may take it
  const fd2 = bpf.mapCreate({ mapType: T.REUSEPORT_SOCKARRAY, keySize: 4, valueSize: 4, maxEntries: 1 });
  bpf.mapUpdateElem(fd2, u32(0), u32(42), 0);
  assert.throws(() => bpf.mapLookupElem(fd2, u32(0)), /ENOSPC|u64 socket cookie/);
});
