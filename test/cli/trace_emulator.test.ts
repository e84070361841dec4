/**
 * Tracing programs in the emulator (docs/tracing-emulator.md): contexts from fields by name, the simulated
 * current task (task_struct laid out from the running kernel's BTF, read through CO-RE), printk
 * lines and maps from `prog run`; and the clang-compiled exec_trace (examples/exec_trace.bpf.c, execsnoop's core)
 * differentially: attached to the real sys_enter_execve tracepoint in the running kernel, an exec
 * produces a ring-buffer event; the emulator, given that exec's task and file name, produces the
 * same bytes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadObject } from '../../src/runtime/object.js';
import { parseTracepointFormat, traceContext, tracepointRecord } from '../../src/progtypes/trace_ctx.js';
import { taskEnv } from '../../src/runtime/trace_task.js';
import { BPF_PROG_TYPE as PT } from '../../src/progtypes/prog_types.js';
import { RingBuf } from '../../src/maps/ringbuf.js';
import { kernelAvailable } from '../../src/hooks/kernel/index.js';
import { vmlinuxBtf } from '../../src/kernel/system.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const EXEC_TRACE = join(REPO, 'examples/exec_trace.bpf.o');
const TSBPF = join(REPO, 'bin/tsbpf.js');
const FORMAT = '/sys/kernel/tracing/events/syscalls/sys_enter_execve/format';
const avail = kernelAvailable();
const noKernel = avail.ok ? (existsSync(FORMAT) ? false : `${FORMAT} is missing (tracefs not mounted)`) : avail.reason;
const noBtf = existsSync('/sys/kernel/btf/vmlinux') ? false : '/sys/kernel/btf/vmlinux is missing (CONFIG_DEBUG_INFO_BTF)';

const SCHED_EXEC = `name: sched_process_exec
ID: 365
format:
	field:unsigned short common_type;	offset:0;	size:2;	signed:0;
	field:unsigned char common_flags;	offset:2;	size:1;	signed:0;
	field:unsigned char common_preempt_count;	offset:3;	size:1;	signed:0;
	field:int common_pid;	offset:4;	size:4;	signed:1;

	field:__data_loc char[] filename;	offset:8;	size:4;	signed:0;
	field:pid_t pid;	offset:12;	size:4;	signed:1;
	field:pid_t old_pid;	offset:16;	size:4;	signed:1;
`;

test('tracepoint records from a format: fields by name, __data_loc strings after the record, pointers into user memory', () => {
  const fmt = parseTracepointFormat(SCHED_EXEC);
  assert.equal(fmt.name, 'sched_process_exec');
  assert.equal(fmt.size, 20);
  const r = tracepointRecord(fmt, { common_pid: 7, filename: '/bin/sh', pid: 7, old_pid: 6 });
  const dv = new DataView(r.ctx.buffer);
  assert.equal(dv.getUint16(0, true), 365);
  assert.equal(dv.getInt32(12, true), 7);
  const loc = dv.getUint32(8, true);
  assert.equal(loc & 0xffff, 20);
  assert.equal(loc >>> 16, 8);
  assert.equal(new TextDecoder().decode(r.ctx.subarray(20, 27)), '/bin/sh');
  assert.throws(() => tracepointRecord(fmt, { nope: 1 }), /has no field 'nope'/);
  const k = traceContext(PT.KPROBE, { fields: { arg1: 5, arg2: 'hello', ret: -1 } });
  const kv = new DataView(k.ctx.buffer);
  assert.equal(kv.getBigUint64(14 * 8, true), 5n); // di
  assert.equal(kv.getBigInt64(10 * 8, true), -1n); // ax
  assert.deepEqual(k.relocs, [{ ctxOff: 13 * 8, userOff: 0 }]); // si points at "hello"
  assert.equal(new TextDecoder().decode(k.user.subarray(0, 5)), 'hello');
});

test('prog run on exec_trace: a JSON context, the simulated task through CO-RE, its printk line and maps', { skip: noBtf || (existsSync(FORMAT) ? false : 'no tracefs format') }, () => {
  for (const engine of ['interpreter', 'jit']) {
    const out = execFileSync(process.execPath, [TSBPF, 'prog', 'run', EXEC_TRACE, '--ctx-in', join(REPO, 'examples/exec_trace.ctx.json'), '--engine', engine, '-j'], { encoding: 'utf8' });
    const j = JSON.parse(out) as { retval: number; printk: string[]; maps: string[] };
    assert.equal(j.retval, 0);
    assert.deepEqual(j.printk, ['exec /usr/bin/ls by bash (pid 4242)']);
    assert.ok(j.maps.includes('execs_by_uid[1000]: 1'), j.maps.join('\n'));
    const rec = j.maps.find((l) => l.startsWith('events: record '))!.slice('events: record '.length);
    const b = Buffer.from(rec, 'hex');
    assert.deepEqual([b.readUInt32LE(0), b.readUInt32LE(4), b.readUInt32LE(8), b.readUInt32LE(12)], [4242, 4242, 1000, 4242]);
  }
});

test('trace OBJ --ctx-in: the printk line as trace_pipe shows it, under the simulated task, then the maps; a record decoded from BTF', { skip: noBtf || (existsSync(FORMAT) ? false : 'no tracefs format') }, () => {
  const out = execFileSync(process.execPath, [TSBPF, 'trace', EXEC_TRACE, '--ctx-in', join(REPO, 'examples/exec_trace.ctx.json')], { encoding: 'utf8' });
  const lines = out.trimEnd().split('\n');
  // <comm>-<pid> [cpu] flags timestamp: bpf_trace_printk: text (kernel/trace/trace_output.c), the task of the context
  assert.match(lines[0]!, /^ +bash-4242 +\[000\] b\.\.11 +\d+\.\d{6}: bpf_trace_printk: exec \/usr\/bin\/ls by bash \(pid 4242\)$/);
  assert.ok(lines.includes('map execs_by_uid[1000]: 1'), out);
  // execsnoop puts struct exec_event in its BTF: its record is decoded, fields by name
  const ctx = JSON.stringify({ fields: { filename: '/bin/true' }, task: { pid: 77, comm: 'sh', parent: { pid: 5 } } });
  const r = spawnSync(process.execPath, [TSBPF, 'prog', 'run', join(REPO, 'examples/execsnoop.bpf.o'), '--ctx-in', '-'], { input: ctx, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const rec = /^map events: record (\{.*\})$/m.exec(r.stdout);
  assert.ok(rec, r.stdout);
  const ev = JSON.parse(rec[1]!) as { pid: number; ppid: number; comm: string; filename: string };
  assert.deepEqual([ev.pid, ev.ppid, ev.comm, ev.filename], [77, 5, 'sh', '/bin/true']);
});

test('exec_trace in the running kernel and in the emulator: the same event for the same exec', { skip: noKernel || noBtf }, async () => {
  const btf = vmlinuxBtf();
  using k = await loadObject(EXEC_TRACE, { target: 'kernel' });
  using rb = k.ringbuf('events');
  {
    using _link = k.program('exec_trace').attach();
    spawnSync('/bin/true', [], { stdio: 'ignore' });
  }
  // our child's event (other processes may exec meanwhile)
  const events = (rb.poll(1000) as Uint8Array[]).map((r) => Uint8Array.from(r));
  const mine = events.filter((r) => new TextDecoder().decode(r.subarray(32, 96)).startsWith('/bin/true\0'));
  assert.ok(mine.length >= 1, `an event for /bin/true among ${events.length}`);
  const ev = mine[0]!;
  const dv = new DataView(ev.buffer, ev.byteOffset);
  const pid = dv.getUint32(0, true), tgid = dv.getUint32(4, true), uid = dv.getUint32(8, true);
  const comm = new TextDecoder().decode(ev.subarray(16, 32)).replace(/\0.*$/s, '');
  // the same exec in the emulator: that task, that file name
  const fmt = parseTracepointFormat(readFileSync(FORMAT, 'utf8'));
  for (const engine of ['interpreter', 'jit'] as const) {
    const obj = await loadObject(EXEC_TRACE);
    const c = traceContext(PT.TRACEPOINT, { fields: { common_pid: tgid, __syscall_nr: 59, filename: '/bin/true' } }, fmt);
    const lines: string[] = [];
    obj.program('exec_trace').run({ ctx: c.ctx, userMem: { user: c.user, relocs: c.relocs }, env: taskEnv({ pid, tgid, uid, gid: process.getgid!(), comm }, btf), engine, trace: (l) => lines.push(l) });
    const ring = obj.maps.get('events')!.map as RingBuf;
    const got: Uint8Array[] = [];
    ring.consume((r) => got.push(Uint8Array.from(r)));
    assert.equal(got.length, 1, engine);
    assert.deepEqual(Buffer.from(got[0]!).toString('hex'), Buffer.from(ev).toString('hex'), `${engine}: the emulator's event is the kernel's`);
    assert.deepEqual(lines, [`exec /bin/true by ${comm} (pid ${tgid})`]);
    obj.close();
  }
});
