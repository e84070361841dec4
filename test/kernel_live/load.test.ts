/**
 * Objects loaded into the running kernel with loadObject(path, { target: 'kernel' }) — the same
 * ObjectSpec the emulator loads — agree with the emulator: the same packets give the same verdicts
 * and leave the same map contents. Global data is written, .rodata frozen, mmap'd maps show the
 * kernel's bytes; maps come back from pins and ids typed from the kernel's BTF. Skips where bpf()
 * is not allowed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadObject } from '../../src/runtime/object.js';
import {
  ALL_BTF_FEATURES, kernelBtfBytes, kernelBtfFeatures, kernelConfig, KernelMap, KernelObject, kernelSpec, kernelSymbols, linuxVersionCode, ProgramLoadError,
  type BtfFeatures,
} from '../../src/kernel/index.js';
import { btfLoad, closeFd, kernelAvailable, mapBtfInfo, mapInfo } from '../../src/hooks/kernel/bpf.js';
import { parseBtf } from '../../src/btf/btf.js';
import { BTF_KIND_DATASEC, BTF_KIND_FUNC, BTF_KIND_FUNC_PROTO, BTF_KIND_VAR } from '../../src/btf/types.js';
import { REPO, udpFrame } from '../bpf_helpers/kernel.js';

const avail = kernelAvailable();
const skip = avail.ok ? false : avail.reason;
const EX = join(REPO, 'examples');

/** a TCP frame (checksums do not matter to these programs) */
function tcpFrame(src: number[], dport = 80): Uint8Array {
  const f = udpFrame({ src, dport, payload: new Array(40).fill(0x5a) });
  f[23] = 6;
  return f;
}

/** map contents as JSON text, keys sorted, for comparing the two targets */
function contents(m: { entries(): Iterable<[unknown, unknown]> }): string[] {
  const j = (v: unknown): string => JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x instanceof Uint8Array ? [...x] : x));
  return [...m.entries()].map(([k, v]) => `${j(k)} => ${j(v)}`).sort();
}

test('every example object loads into the kernel: programs with their types, maps with their shapes', { skip }, async () => {
  const objs = readdirSync(EX).filter((f) => f.endsWith('.bpf.o'));
  assert.ok(objs.length >= 10);
  for (const f of objs) {
    const emu = await loadObject(join(EX, f), { verify: false });
    using k = await loadObject(join(EX, f), { target: 'kernel' });
    assert.deepEqual([...k.programs.keys()].sort(), [...emu.programs.keys()].sort(), f);
    for (const p of k.programs.values()) {
      assert.ok(p.fd > 0);
      const info = p.info();
      assert.equal(info.type, p.progType, `${f} ${p.name}`);
      assert.equal(info.name, p.name.slice(0, 15));
    }
    for (const [name, m] of k.maps) {
      const e = emu.map(name);
      assert.equal(m.type, e.type, `${f} ${name}`);
      assert.equal(m.keySize, e.keySize, `${f} ${name}`);
      assert.equal(m.valueSize, e.valueSize, `${f} ${name}`);
    }
    assert.deepEqual(k.warnings, [], f);
    emu.close();
  }
});

test('xdp_firewall: the kernel and the emulator drop the same packets and count the same', { skip }, async () => {
  const path = join(EX, 'xdp_firewall.bpf.o');
  const emu = await loadObject(path);
  using k = await loadObject(path, { target: 'kernel' });
  const blocked = [10, 0, 0, 66];
  const key = (a: number[]) => new Uint8Array(a);
  for (const o of [emu, k]) o.map('blocklist').set(key(blocked), 0);
  const frames = [tcpFrame(blocked), tcpFrame([10, 0, 0, 1]), udpFrame({ src: blocked }), tcpFrame([192, 168, 1, 1]), new Uint8Array(20).fill(0x86)];
  for (const fr of frames) {
    const kr = k.program('xdp_firewall').run({ dataIn: fr, repeat: 1 });
    const er = emu.program('xdp_firewall').run({ data: fr });
    assert.equal(kr.retval, er.retval);
  }
  assert.deepEqual(contents(k.map('blocklist')), contents(emu.map('blocklist')));
  // per-CPU stats: the test runs went to whichever CPU ran them; the sums agree
  const sum = (m: { entries(): Iterable<[unknown, unknown]> }) =>
    [...m.entries()].map(([key, v]) => [key, (v as { packets: number; bytes: number }[]).reduce((a, x) => [a[0]! + x.packets, a[1]! + x.bytes], [0, 0])]);
  assert.deepEqual(sum(k.map('stats')), sum(emu.map('stats')));
  assert.equal(k.map('blocklist').get(key(blocked)), 2);
  emu.close();
});

test('lpm_router, map_in_map, tail_calls: kernel and emulator agree packet by packet and map by map', { skip }, async () => {
  for (const f of ['lpm_router.bpf.o', 'map_in_map.bpf.o', 'tail_calls.bpf.o', 'bpf_to_bpf.bpf.o', 'bpf_loop.bpf.o', 'socket_filter.bpf.o']) {
    const path = join(EX, f);
    const emu = await loadObject(path);
    using k = await loadObject(path, { target: 'kernel' });
    const frames = [tcpFrame([10, 1, 2, 3]), udpFrame({ src: [172, 16, 0, 9], dport: 53 }), tcpFrame([192, 168, 7, 7], 443), udpFrame({ payload: new Array(200).fill(1) })];
    for (const p of k.programs.values()) {
      if (p.section !== emu.program(p.name).section) continue;
      // tail-call targets are reached through the dispatcher; run only entry programs
      if (f === 'tail_calls.bpf.o' && p.name !== 'dispatch') continue;
      for (const fr of frames) {
        const kr = p.run({ dataIn: fr });
        const er = emu.program(p.name).run({ data: fr });
        assert.equal(kr.retval, er.retval, `${f} ${p.name}`);
      }
    }
    for (const [name, m] of k.maps) {
      if (m.isPercpu) continue;
      if (['ARRAY_OF_MAPS', 'HASH_OF_MAPS', 'PROG_ARRAY'].some((t) => m.type === ({ ARRAY_OF_MAPS: 12, HASH_OF_MAPS: 13, PROG_ARRAY: 3 } as Record<string, number>)[t])) continue;
      assert.deepEqual(contents(m), contents(emu.map(name)), `${f} ${name}`);
    }
    emu.close();
  }
});

test('global data: initial values written, .rodata frozen and read-only in its mapping, .bss counted through mmap', { skip }, async () => {
  using k = await loadObject(join(EX, 'global_data.bpf.o'), { target: 'kernel' });
  const ro = k.map('.rodata');
  assert.deepEqual(ro.get(0), { cfg_port: 8080, cfg_drop: 0 });
  assert.throws(() => ro.set(0, { cfg_port: 1, cfg_drop: 1 }), /EPERM/);
  assert.equal(k.map('.data').get(0) && (k.map('.data').get(0) as { program_name: string }).program_name, 'global_data');
  const bss = k.map('.bss');
  const view = new DataView(bss.bytes.buffer, bss.bytes.byteOffset, bss.bytes.byteLength);
  const before = view.getBigUint64(0, true);
  k.program('global_data').run({ dataIn: tcpFrame([1, 2, 3, 4], 8080) });
  k.program('global_data').run({ dataIn: tcpFrame([1, 2, 3, 4], 9) });
  // the mapping is the kernel's memory: the program's increments show without a syscall
  assert.equal(view.getBigUint64(0, true) - before, 2n);
  assert.deepEqual(bss.get(0), { packets_seen: Number(before) + 2, packets_matched: 1 });
  // and writes through it reach the program
  view.setBigUint64(8, 100n, true);
  assert.equal((bss.get(0) as { packets_matched: number }).packets_matched, 100);
  assert.deepEqual([...ro.bytes.subarray(0, 2)], [0x90, 0x1f]);
});

test('maps come back from a bpffs pin and from their id, typed from the kernel BTF', { skip }, async () => {
  const pin = `/sys/fs/bpf/kload-test-${process.pid}`;
  try {
    {
      using k = await loadObject(join(EX, 'xdp_firewall.bpf.o'), { target: 'kernel' });
      k.map('blocklist').set(new Uint8Array([10, 9, 8, 7]), 42);
      k.map('stats').pin(pin);
      k.program('xdp_firewall').run({ dataIn: tcpFrame([1, 1, 1, 1]) });
      const id = k.map('blocklist').id;
      using byId = KernelMap.fromId(id);
      assert.equal(byId.name, 'blocklist');
      assert.deepEqual([...byId.entries()], [[0x0708090a, 42]]);
    }
    using stats = KernelMap.fromPin(pin);
    assert.equal(stats.name, 'stats');
    const pass = stats.get(2) as { packets: number; bytes: number }[];
    assert.equal(pass.reduce((a, x) => a + x.packets, 0), 1);
    // bpftool reads the same values from the same pin
    const dump = JSON.parse(execFileSync('bpftool', ['-j', 'map', 'lookup', 'pinned', pin, 'key', '2', '0', '0', '0'], { encoding: 'utf8' })) as { formatted: { values: { value: { packets: number } }[] } };
    assert.equal(dump.formatted.values.reduce((a, x) => a + x.value.packets, 0), 1);
  } finally {
    rmSync(pin, { force: true });
  }
});

test('batch operations and per-CPU values on kernel maps', { skip }, async () => {
  using k = await loadObject(join(EX, 'xdp_firewall.bpf.o'), { target: 'kernel' });
  const bl = k.map('blocklist');
  const entries: [Uint8Array, number][] = Array.from({ length: 300 }, (_, i) => [new Uint8Array([10, 0, i >> 8, i & 255]), i]);
  assert.equal(bl.updateBatch(entries), 300);
  const got = [...bl.batchEntries({ chunk: 64 })];
  assert.equal(got.length, 300);
  assert.equal(got.reduce((a, [, v]) => a + (v as number), 0), (299 * 300) / 2);
  assert.equal(bl.deleteBatch(entries.slice(0, 100).map(([key]) => key)), 100);
  assert.equal([...bl.keys()].length, 200);
  const stats = k.map('stats');
  const per = Array.from({ length: stats.shape.ncpus }, (_, c) => ({ packets: c + 1, bytes: 10 * c }));
  stats.set(1, per);
  assert.deepEqual(stats.get(1), per);
});

test('a program the kernel refuses: its verifier log beside tsbpf\'s explanation', { skip }, async () => {
  // a packet read without a bounds check: refused by both verifiers
  const bad = join(REPO, 'test/fixtures/bpf/kload_reject.bpf.o');
  await assert.rejects(loadObject(bad, { target: 'kernel' }), (e: unknown) => {
    assert.ok(e instanceof ProgramLoadError);
    assert.equal(e.errno, 'EACCES');
    assert.match(e.message, /kernel verifier log/);
    assert.match(e.message, /invalid access to packet|out of range|R\d+ /);
    assert.match(e.message, /tsbpf's verifier/);
    assert.ok(e.tsbpf && e.tsbpf.message.length > 0);
    assert.ok(e.log.length > 0);
    return true;
  });
});

test('close() releases every fd: the programs are gone from the kernel', { skip }, async () => {
  const k: KernelObject = await loadObject(join(EX, 'tail_calls.bpf.o'), { target: 'kernel' });
  const ids = [...k.programs.values()].map((p) => p.id);
  k.close();
  for (const id of ids) {
    const r = execFileSync('bpftool', ['-j', 'prog', 'list'], { encoding: 'utf8' });
    assert.ok(!(JSON.parse(r) as { id: number }[]).some((p) => p.id === id), `program ${id} still loaded`);
  }
});

test('CO-RE, kconfig, ksym and kfunc resolved against the running kernel: a raw_tp program reads its own task', { skip }, async () => {
  using k = await loadObject(join(REPO, 'test/fixtures/bpf/kload_externs.bpf.o'), { target: 'kernel' });
  // raw tracepoint test runs take a context of the tracepoint's arguments and nothing else
  k.program('core_task').run({ ctxIn: new Uint8Array(16), ctxSizeOut: 0, repeat: 0 });
  const r = (k.map('.bss').get(0) as { result: Record<string, number | bigint | string> }).result;
  // task_struct's real offsets came from /sys/kernel/btf/vmlinux: the fields are this process's
  assert.equal(r.pid, process.pid);
  assert.equal(r.tgid, process.pid);
  assert.equal(r.parent_tgid, process.ppid);
  assert.equal(r.comm, readFileSync('/proc/self/comm', 'utf8').trim());
  assert.equal(r.hz, Number(kernelConfig().CONFIG_HZ));
  assert.equal(r.bpf_syscall, 1);
  assert.equal(r.kernel_version, linuxVersionCode());
  assert.equal(r.missing, 0);
  assert.equal(BigInt(r.stext!), kernelSymbols().get('_stext'));
});

test('every map type the kernel offers is created, with BTF key/value types where it takes them', { skip }, async () => {
  using k = await loadObject(join(REPO, 'test/fixtures/bpf/kload_maps.bpf.o'), { target: 'kernel' });
  assert.equal(k.maps.size, 22);
  for (const [name, m] of k.maps) {
    const info = mapInfo(m.fd);
    assert.equal(info.type, k.spec.maps.find((s) => s.name === name)!.type, name);
    const btf = mapBtfInfo(m.fd);
    const withBtf = m.keyType !== undefined || m.valueType !== undefined;
    const takesBtf = !['m_devmap', 'm_devmap_hash', 'm_cpumap', 'm_xskmap', 'm_sockmap', 'm_sockhash', 'm_queue', 'm_stack', 'm_cgroup_array', 'm_stacks', 'm_user_ringbuf', 'm_legacy'].includes(name);
    assert.equal(btf.btfValueTypeId > 0, takesBtf && withBtf, name);
  }
  // the local-storage maps only exist with BTF: created, so their BTF went in
  assert.ok(mapBtfInfo(k.map('m_task_storage').fd).btfId > 0);
  // a legacy `maps` definition and a user mmapable array, typed and shared with programs
  const mm = k.map('m_mmapable');
  mm.set(1, { a: 7n, b: 8, c: 9 });
  assert.deepEqual([...mm.bytes.subarray(16, 32)], [7, 0, 0, 0, 0, 0, 0, 0, 8, 0, 0, 0, 9, 0, 0, 0]);
  k.program('touch').run({ dataIn: new Uint8Array(64) });
  assert.equal(k.map('m_legacy').get(0), 1);
  assert.equal(k.map('m_queue').lookupAndDelete(), 0);
});

test('BTF sanitised for a kernel without FUNC/DATASEC/FLOAT/tags/ENUM64 is still accepted, with those kinds gone', { skip }, async () => {
  const path = join(REPO, 'test/fixtures/bpf/kload_externs.bpf.o');
  const bytes = new Uint8Array(readFileSync(path));
  const spec = kernelSpec(bytes, { file: path });
  const none = Object.fromEntries(Object.keys(ALL_BTF_FEATURES).map((f) => [f, false])) as unknown as BtfFeatures;
  for (const feat of [ALL_BTF_FEATURES, none]) {
    const raw = kernelBtfBytes(spec, bytes, feat);
    const kinds = new Set<number>(parseBtf(raw).types.filter(Boolean).map((t) => t!.kind));
    if (feat === none) for (const gone of [BTF_KIND_FUNC, BTF_KIND_FUNC_PROTO, BTF_KIND_VAR, BTF_KIND_DATASEC]) assert.ok(!kinds.has(gone), `kind ${gone} left`);
    else assert.ok(kinds.has(BTF_KIND_DATASEC) && kinds.has(BTF_KIND_FUNC));
    const { fd } = btfLoad(raw);
    closeFd(fd);
  }
  assert.deepEqual(kernelBtfFeatures(), ALL_BTF_FEATURES, 'this kernel has every BTF kind');
});

test('iproute2 maps: inner_id/inner_idx fill the outer map, PIN_GLOBAL_NS and PIN_OBJECT_NS pin in tc\'s tree', { skip }, async () => {
  const path = join(REPO, 'test/fixtures/bpf/kload_iproute2.bpf.o');
  const pinRoot = `/sys/fs/bpf/kload-ip2-${process.pid}`;
  try {
    const emu = await loadObject(path);
    {
      using k = await loadObject(path, { target: 'kernel', pinRoot });
      for (const len of [60, 61, 61, 100]) {
        const pkt = new Uint8Array(len);
        assert.equal(k.program('pick').run({ dataIn: pkt }).retval, emu.program('pick').run({ data: pkt }).retval);
      }
      // even lengths went through slot 0 (inner_a, inner_idx 0), odd ones through slot 1 (inner_b)
      assert.equal(k.map('inner_a').get(0), 160);
      assert.equal(k.map('inner_b').get(0), 122);
      for (const m of ['inner_a', 'inner_b', 'counter']) assert.deepEqual(contents(k.map(m)), contents(emu.map(m)), m);
    }
    // tc's layout: globals/NAME, and <sha1 of the object file>/NAME (as sha1sum computes it)
    const sha = execFileSync('sha1sum', [path], { encoding: 'utf8' }).split(' ')[0]!;
    using outer = KernelMap.fromPin(`${pinRoot}/tc/globals/outer`);
    assert.equal(outer.type, 12);
    using counter = KernelMap.fromPin(`${pinRoot}/tc/${sha}/counter`);
    assert.equal(counter.get(0), 4);
    // loading again reuses the pinned maps: the counter goes on from 4
    using again = await loadObject(path, { target: 'kernel', pinRoot });
    again.program('pick').run({ dataIn: new Uint8Array(64) });
    assert.equal(counter.get(0), 5);
    emu.close();
  } finally {
    rmSync(pinRoot, { recursive: true, force: true });
  }
});

test('the package entry in Node carries the kernel namespace; the browser entry does not', async () => {
  const node = await import('../../src/node.js');
  const web = await import('../../src/index.js');
  assert.equal(node.kernel.loadObject, loadObject);
  assert.equal(typeof node.kernel.KernelMap.fromPin, 'function');
  assert.equal(node.loadObject, web.loadObject);
  assert.ok(!('kernel' in web));
  const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { exports: { '.': { node: { default: string } }; './kernel': { default: string } } };
  assert.equal(pkg.exports['.'].node.default, './dist/src/node.js');
  assert.equal(pkg.exports['./kernel'].default, './dist/src/kernel/index.js');
});
