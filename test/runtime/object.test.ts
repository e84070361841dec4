/**
 * loadObject on real clang-compiled objects (../shared/corpora/cilium-elf): maps by name with
 * BTF-typed access, global data, PROG_ARRAY / map-in-map initialisers and tail calls, ring
 * buffer records from a program, pinning by name; and hand-built programs for map-in-map
 * lookups, per-CPU values and stack ids through the helpers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { CILIUM_ELF, corpusSkip } from '../elf/corpus.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BpfError } from '../../src/isa/errors.js';
import { insn, type Instruction } from '../../src/isa/instruction.js';
import { Bpf } from '../../src/runtime/bpf.js';
import { loadObject, runtimeHelpers } from '../../src/runtime/object.js';
import { BpfProgram } from '../../src/runtime/program.js';
import { MapType as T } from '../../src/maps/constants.js';

const corpus = CILIUM_ELF;
const skip = corpusSkip;
const u32 = (n: number): Uint8Array => { const b = new Uint8Array(4); new DataView(b.buffer).setUint32(0, n >>> 0, true); return b; };

test('XDP counter: each run increments pkt_count[0]; typed get returns the count', { skip }, async () => {
  const o = await loadObject(join(corpus, 'docs_examples_getting_started_counter_bpfel.o'));
  const p = o.program('count_packets');
  assert.equal(p.typeName, 'BPF_PROG_TYPE_XDP');
  const r = p.run({ data: new Uint8Array(64), repeat: 5 });
  assert.equal(r.retval, 2, 'XDP_PASS');
  assert.equal(o.map('pkt_count').get(0), 5);
  p.run({ data: new Uint8Array(64) });
  assert.deepEqual([...o.map('pkt_count').entries()], [[0, 6]]);
  // the big-endian build of the same program loads and counts the same way
  const eb = await loadObject(join(corpus, 'docs_examples_getting_started_counter_bpfeb.o')).catch((e: Error) => e);
  assert.ok(eb instanceof Error || eb.programs.size === 1);
});

test('global data: .rodata frozen and typed from BTF (DATASEC offsets fixed up), .bss writable', { skip }, async () => {
  const o = await loadObject(join(corpus, 'cmd_bpf2go_test_test_bpfel.o'));
  const ro = o.map('.rodata');
  const v = ro.get(0) as Record<string, unknown>;
  assert.equal(v.my_constant, 'FROOD');
  assert.ok(ro.map.frozen);
  assert.throws(() => ro.set(0, new Uint8Array(ro.map.valueSize)), (e: BpfError) => e.errno === 'EPERM');
  const map1 = o.map('map1');
  map1.set('FROOD', { bar: 5, baz: true, boo: 'HOOPY' });
  assert.deepEqual(map1.get('FROOD'), { bar: 5, baz: true, boo: 'HOOPY' });
  assert.deepEqual([...map1.keys()], ['FROOD']);
  assert.throws(() => map1.set('HOOPY', { nope: 1 }), (e: BpfError) => e.errno === 'EINVAL' && /no field "nope"/.test(e.message));
  assert.throws(() => map1.set('HOOPY', { bar: 1 }), (e: BpfError) => e.errno === 'E2BIG', 'max_entries 1');
  assert.equal(map1.delete('FROOD'), true);
  assert.equal(map1.get('FROOD'), undefined);
  const vars = await loadObject(join(corpus, 'docs_examples_variables_variables_bpfel.o'));
  assert.equal(vars.program('global_example').run({ data: new Uint8Array(64) }).retval, 1);
  assert.deepEqual(Object.keys(vars.map('.bss').get(0) as object).sort(), ['global_u16', 'hidden_var']);
});

test('PROG_ARRAY and map-in-map initialisers; a tail call runs the target program', { skip }, async () => {
  const o = await loadObject(join(corpus, 'testdata_btf_map_init-el.elf'));
  const tail1 = o.program('tail_1');
  assert.deepEqual([...o.map('prog_array_init').entries()], [[1, tail1.id]]);
  assert.deepEqual([...o.map('outer_map_init').entries()], [[1, o.map('inner_map').map.id]]);
  const r = o.program('tail_main').run({ data: new Uint8Array(64) });
  assert.equal(r.retval, 42, 'tail_main tail-calls tail_1, which returns 42');
  // without the slot the tail call falls through
  o.map('prog_array_init').delete(1);
  assert.notEqual(o.program('tail_main').run({ data: new Uint8Array(64) }).retval, 42);
});

test('ring buffer: a kprobe program submits an event; the JS consumer decodes it from BTF', { skip }, async () => {
  const o = await loadObject(join(corpus, 'examples_ringbuffer_bpf_bpfel.o'));
  const events = o.map('events');
  assert.equal(events.type, T.RINGBUF);
  const it = events.records();
  const next = it.next();
  o.program('kprobe_execve').run({ ctx: new Uint8Array(168), env: { task: { pid: 4321, tgid: 4321, comm: 'bash' } } });
  const rec = (await next).value as { pid: number; comm: number[] | string };
  assert.equal(rec.pid, 4321);
  // comm is u8[16] (not char), so it decodes as bytes
  const comm = Array.isArray(rec.comm) ? String.fromCharCode(...rec.comm.filter((x) => x !== 0)) : rec.comm;
  assert.equal(comm, 'bash');
  assert.deepEqual(events.drain(), []);
});

test('pinning by name: a second load reuses the pinned map and sees the first one\'s updates', { skip }, async () => {
  const d = mkdtempSync(join(tmpdir(), 'tsbpf-obj-'));
  try {
    const a = await loadObject(join(corpus, 'docs_examples_getting_started_counter_bpfel.o'), { pinMaps: d });
    a.program('count_packets').run({ data: new Uint8Array(64), repeat: 3 });
    a.close();
    const b = await loadObject(join(corpus, 'docs_examples_getting_started_counter_bpfel.o'), { pinMaps: d });
    assert.equal(b.map('pkt_count').get(0), 3);
    b.program('count_packets').run({ data: new Uint8Array(64) });
    const c = new Bpf({ pins: b.bpf.pins });
    const fd = c.objGet(join(d, 'pkt_count'));
    assert.equal(new DataView(c.mapLookupElem(fd, u32(0)).buffer).getBigUint64(0, true), 4n, 'program runs rewrite the pin');
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
});

test('a program holds its maps: closing every fd keeps them until the program goes', { skip }, async () => {
  const o = await loadObject(join(corpus, 'docs_examples_getting_started_counter_bpfel.o'));
  const m = o.map('pkt_count').map;
  const p = o.program('count_packets');
  p.hold();
  o.close();
  assert.equal(m.isFreed, false);
  p.run({ data: new Uint8Array(64) });
  p.put();
  assert.equal(m.isFreed, true);
  await assert.rejects(loadObject(join(corpus, 'no-such-file.o')), (e: BpfError) => e.errno === 'ENOENT');
  await assert.rejects(loadObject(new Uint8Array(64)), (e: BpfError) => e instanceof BpfError);
});

// hand-built programs: lddw map references resolved to map addresses, helpers find the maps
const ld = (dst: number, mapIdx: number): Instruction => insn(0x18, dst, 1, 0, mapIdx, 0);
const keyOnStack: Instruction[] = [insn(0x62, 10, 0, -4, 0), insn(0xbf, 2, 10), insn(0x07, 2, 0, 0, -4)];

test('map-in-map from a program: the outer lookup yields the inner map, which map_lookup_elem accepts', () => {
  const bpf = new Bpf();
  const tmpl = bpf.mapCreate({ mapType: T.ARRAY, keySize: 4, valueSize: 4, maxEntries: 1 });
  const inner = bpf.mapCreate({ mapType: T.ARRAY, keySize: 4, valueSize: 4, maxEntries: 1 });
  const outer = bpf.mapCreate({ mapType: T.ARRAY_OF_MAPS, keySize: 4, valueSize: 4, maxEntries: 1, innerMapFd: tmpl });
  bpf.mapUpdateElem(inner, u32(0), u32(77));
  bpf.mapUpdateElem(outer, u32(0), u32(inner));
  const prog = new BpfProgram(bpf, {
    name: 'mim', progType: 1, maps: [bpf.map(outer)], helpers: runtimeHelpers(),
    insns: [...keyOnStack, ld(1, 0), insn(0x85, 0, 0, 0, 1), insn(0x15, 0, 0, 7, 0), insn(0xbf, 1, 0), insn(0xbf, 2, 10), insn(0x07, 2, 0, 0, -4), insn(0x85, 0, 0, 0, 1), insn(0x15, 0, 0, 2, 0), insn(0x61, 0, 0, 0, 0), insn(0x95), insn(0xb7, 0, 0, 0, 0), insn(0x95)],
  });
  assert.equal(prog.run({ data: new Uint8Array(64) }).retval, 77);
  bpf.mapDeleteElem(outer, u32(0));
  assert.equal(prog.run({ data: new Uint8Array(64) }).retval, 0);
});

test('per-CPU array from a program: each emulated CPU updates its own value', () => {
  const bpf = new Bpf({ ncpus: 3 });
  const fd = bpf.mapCreate({ mapType: T.PERCPU_ARRAY, keySize: 4, valueSize: 8, maxEntries: 1 });
  const prog = new BpfProgram(bpf, {
    name: 'pcpu', progType: 1, maps: [bpf.map(fd)], helpers: runtimeHelpers(),
    insns: [...keyOnStack, ld(1, 0), insn(0x85, 0, 0, 0, 1), insn(0x15, 0, 0, 3, 0), insn(0x79, 1, 0, 0, 0), insn(0x07, 1, 0, 0, 1), insn(0x7b, 0, 1, 0, 0), insn(0xb7, 0, 0, 0, 0), insn(0x95)],
  });
  prog.run({ data: new Uint8Array(64), cpu: 0, repeat: 2 });
  prog.run({ data: new Uint8Array(64), cpu: 2 });
  const v = new DataView(bpf.mapLookupElem(fd, u32(0)).buffer);
  assert.deepEqual([0, 1, 2].map((c) => v.getBigUint64(c * 8, true)), [2n, 0n, 1n]);
  assert.throws(() => prog.run({ data: new Uint8Array(64), cpu: 3 }), (e: BpfError) => e.errno === 'EINVAL');
});

test('bpf_get_stackid: the stack the caller passes is stored and deduplicated', () => {
  const bpf = new Bpf();
  const fd = bpf.mapCreate({ mapType: T.STACK_TRACE, keySize: 4, valueSize: 8 * 8, maxEntries: 16 });
  // r0 = bpf_get_stackid(ctx, map, 0)
  const prog = new BpfProgram(bpf, { name: 'st', progType: 2, maps: [bpf.map(fd)], helpers: runtimeHelpers(), insns: [ld(2, 0), insn(0xb7, 3, 0, 0, 0), insn(0x85, 0, 0, 0, 27), insn(0x95)] });
  const stack = { kernel: [0xffffffff81001000n, 0xffffffff81002000n] };
  const id = prog.run({ ctx: new Uint8Array(168), stack }).retval;
  assert.equal(prog.run({ ctx: new Uint8Array(168), stack }).retval, id);
  const v = new DataView(bpf.mapLookupElem(fd, u32(id)).buffer);
  assert.equal(v.getBigUint64(0, true), 0xffffffff81001000n);
  assert.equal(v.getBigUint64(8, true), 0xffffffff81002000n);
  assert.equal(v.getBigUint64(16, true), 0n);
  assert.equal(prog.run({ ctx: new Uint8Array(168) }).r0, BigInt.asUintN(64, -14n), 'no stack: -EFAULT');
});

test('BPF_PROG_LOAD with map fds in lddw, BPF_PROG_TEST_RUN, and the same program in the kernel convention', () => {
  const bpf = new Bpf();
  const fd = bpf.mapCreate({ mapType: T.ARRAY, keySize: 4, valueSize: 8, maxEntries: 1 });
  // value[0] += 5 via BPF_PSEUDO_MAP_VALUE (direct value access), return the new value
  const insns = [insn(0x18, 1, 2, 0, fd, 0), insn(0x79, 0, 1, 0, 0), insn(0x07, 0, 0, 0, 5), insn(0x7b, 1, 0, 0, 0), insn(0x95)];
  const { fd: pfd, log } = bpf.progLoad({ progType: 1, insns });
  assert.match(log, /without verification/);
  assert.equal(bpf.progTestRun(pfd, { data: new Uint8Array(64) }).retval, 5);
  assert.equal(bpf.progTestRun(pfd, { data: new Uint8Array(64) }).retval, 10);
  assert.equal(new DataView(bpf.mapLookupElem(fd, u32(0)).buffer).getBigUint64(0, true), 10n);
  assert.throws(() => bpf.progLoad({ progType: 1, insns: [insn(0x18, 1, 1, 0, 99, 0), insn(0x95)] }), (e: BpfError) => e.errno === 'EBADF');
  assert.throws(() => bpf.progLoad({ progType: 1, insns: [insn(0x18, 1, 1, 0, pfd, 0), insn(0x95)] }), (e: BpfError) => e.errno === 'EINVAL');
  const m = bpf.map(fd);
  bpf.close(fd);
  assert.equal(m.isFreed, false, 'the loaded program holds its map');
  bpf.close(pfd);
  assert.equal(m.isFreed, true);
});

test('the JIT engine runs object programs on the same maps (values live in the shared address space)', { skip }, async () => {
  const { createEngine } = await import('../../src/vm/engine.js');
  let jit: string | false = false;
  try {
    createEngine('jit', [insn(0xb7, 0, 0, 0, 0), insn(0x95)]);
  } catch (e) {
    jit = `jit unavailable: ${(e as Error).message}`;
  }
  if (jit) return void assert.ok(jit.length > 0);
  const o = await loadObject(join(corpus, 'docs_examples_getting_started_counter_bpfel.o'));
  o.program('count_packets').run({ data: new Uint8Array(64), repeat: 3 });
  o.program('count_packets').run({ data: new Uint8Array(64), repeat: 4, engine: 'jit' });
  assert.equal(o.map('pkt_count').get(0), 7, 'interpreter and JIT increment the same counter');
  const t = await loadObject(join(corpus, 'testdata_btf_map_init-el.elf'));
  assert.equal(t.program('tail_main').run({ data: new Uint8Array(64), engine: 'jit' }).retval, 42, 'tail call through the PROG_ARRAY on the JIT');
  const rb = await loadObject(join(corpus, 'examples_ringbuffer_bpf_bpfel.o'));
  rb.program('kprobe_execve').run({ ctx: new Uint8Array(168), engine: 'jit', env: { task: { pid: 7, tgid: 7, comm: 'x' } } });
  assert.equal((rb.map('events').drain()[0] as { pid: number }).pid, 7);
});
