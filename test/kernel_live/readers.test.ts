/**
 * Reading what programs in the running kernel produce: ring-buffer records (poll and async
 * iteration, with epoll wake-ups), perf-buffer samples from every CPU with lost counts, and
 * bpf_trace_printk lines from tracefs — each triggered by BPF_PROG_TEST_RUN of a clang-compiled
 * producer and decoded from the object's BTF. Also: no program of a process stays loaded after the
 * process ends. Skips where bpf() is not allowed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadObject } from '../../src/runtime/object.js';
import { closeFd, getFdById, kernelAvailable, KernelError } from '../../src/hooks/kernel/bpf.js';
import { BPF_PROG_GET_FD_BY_ID } from '../../src/hooks/kernel/uapi.js';
import { tracePipe, tracefsRoot } from '../../src/kernel/trace_pipe.js';
import { REPO, udpFrame } from '../bpf_helpers/kernel.js';

const avail = kernelAvailable();
const skip = avail.ok ? false : avail.reason;
const EVENTS = join(REPO, 'test/fixtures/bpf/kload_events.bpf.o');

interface Ev { seq: number; pkt_len: number; value: number; tag: string }

test('ring buffer: records of a test run read back decoded, in order, by poll()', { skip }, async () => {
  using k = await loadObject(EVENTS, { target: 'kernel' });
  using rb = k.ringbuf('events', { type: 'struct event' });
  assert.deepEqual(rb.poll(0), []);
  k.map('.data').set(0, { records_per_run: 5 });
  k.program('ring_producer').run({ dataIn: new Uint8Array(64) });
  k.program('ring_producer').run({ dataIn: new Uint8Array(99) });
  const got = rb.poll(1000) as Ev[];
  assert.equal(got.length, 10);
  assert.deepEqual(got.map((e) => e.seq), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.deepEqual(got.map((e) => e.pkt_len), [64, 64, 64, 64, 64, 99, 99, 99, 99, 99]);
  assert.deepEqual(got.map((e) => e.value), [0, 3, 6, 9, 12, 0, 3, 6, 9, 12]);
  assert.ok(got.every((e) => e.tag === 'ring'));
  assert.deepEqual(rb.poll(0), []);
});

test('ring buffer: xdp_firewall\'s drop events, with a decoder of the caller', { skip }, async () => {
  using k = await loadObject(join(REPO, 'examples/xdp_firewall.bpf.o'), { target: 'kernel' });
  k.map('blocklist').set(new Uint8Array([10, 0, 0, 66]), 0);
  // struct drop_event is a local of the program, absent from BTF: decode it by hand
  const decode = (r: Uint8Array) => {
    const dv = new DataView(r.buffer, r.byteOffset, r.byteLength);
    return { saddr: dv.getUint32(0, true), daddr: dv.getUint32(4, true), protocol: dv.getUint8(8), len: dv.getUint32(12, true), timestamp: Number(dv.getBigUint64(16, true)) };
  };
  using rb = k.ringbuf('events', { decode });
  const frame = udpFrame({ src: [10, 0, 0, 66], dst: [10, 0, 0, 1], payload: new Array(30).fill(7) });
  assert.equal(k.program('xdp_firewall').run({ dataIn: frame }).retval, 1);
  const [ev] = rb.poll(1000) as ReturnType<typeof decode>[];
  assert.ok(ev);
  assert.equal(ev.saddr, 0x4200000a);
  assert.equal(ev.daddr, 0x0100000a);
  assert.equal(ev.protocol, 17);
  assert.equal(ev.len, frame.length);
  assert.ok(ev.timestamp > 0);
});

test('ring buffer: async iteration wakes on epoll, not by polling, and stops on abort', { skip }, async () => {
  using k = await loadObject(EVENTS, { target: 'kernel' });
  k.map('.data').set(0, { records_per_run: 2 });
  const ac = new AbortController();
  const rb = k.ringbuf('events', { signal: ac.signal });
  const seen: number[] = [];
  let runs = 0;
  const produce = setInterval(() => {
    if (runs++ < 3) k.program('ring_producer').run({ dataIn: new Uint8Array(60) });
  }, 30);
  const cpu0 = process.cpuUsage();
  for await (const e of rb) {
    seen.push((e as Ev).seq);
    if (seen.length === 6) ac.abort();
  }
  clearInterval(produce);
  assert.deepEqual(seen, [0, 1, 2, 3, 4, 5]);
  // waiting was done in epoll_wait: well under the CPU time of a busy loop over the ~60 ms waited
  const used = process.cpuUsage(cpu0);
  assert.ok(used.user + used.system < 2_000_000, `used ${used.user + used.system} us of CPU`);
  // the iterator closed the reader on abort
  assert.deepEqual(rb.drain(), []);
});

test('perf buffer: samples from the CPU that ran the program, decoded; nothing lost', { skip }, async () => {
  using k = await loadObject(EVENTS, { target: 'kernel' });
  using pb = k.perfBuffer('perf_events', { type: 'event', pageCount: 4 });
  k.map('.data').set(0, { records_per_run: 4 });
  // two runs: their samples land in the ring of whichever CPU ran each one
  for (const len of [70, 71]) k.program('perf_producer').run({ dataIn: new Uint8Array(len) });
  const got = [];
  for (let i = 0; i < 10 && got.length < 8; i++) got.push(...pb.poll(200));
  assert.equal(got.length, 8);
  const evs = got.map((s) => s.data as Ev).sort((a, b) => a.seq - b.seq);
  assert.deepEqual(evs.map((e) => e.seq), [0, 1, 2, 3, 4, 5, 6, 7]);
  assert.deepEqual(evs.map((e) => e.value), [0, 5, 10, 15, 0, 5, 10, 15]);
  assert.deepEqual(evs.map((e) => e.pkt_len), [70, 70, 70, 70, 71, 71, 71, 71]);
  assert.ok(evs.every((e) => e.tag === 'perf'));
  assert.ok(got.every((s) => s.cpu >= 0 && s.cpu < pb.map.maxEntries));
  assert.equal(pb.lost, 0);
  assert.equal((k.map('.bss').get(0) as { dropped: number }).dropped, 0);
});

/**
 * The process's threads pinned to one CPU for the duration of `fn`: the overflowing test run and the
 * one after it must write to the same CPU's ring, or PERF_RECORD_LOST never comes (the test failed
 * under load when the scheduler moved the process between the two runs)
 */
async function onOneCpu(fn: () => Promise<void>): Promise<void> {
  const before = /mask: (\S+)/.exec(execFileSync('taskset', ['-p', String(process.pid)], { encoding: 'utf8' }))?.[1];
  execFileSync('taskset', ['-a', '-p', '-c', '0', String(process.pid)], { stdio: 'ignore' });
  try {
    await fn();
  } finally {
    if (before) execFileSync('taskset', ['-a', '-p', before, String(process.pid)], { stdio: 'ignore' });
  }
}

const tasksetSkip = (): string | false => {
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
    return false;
  } catch {
    return 'taskset (util-linux) is not available to pin the test to one CPU';
  }
};

test('perf buffer: a full ring counts lost samples (PERF_RECORD_LOST)', { skip: skip || tasksetSkip() }, () => onOneCpu(async () => {
  using k = await loadObject(EVENTS, { target: 'kernel' });
  using pb = k.perfBuffer('perf_events', { pageCount: 1 });
  // one 4 KiB page holds ~100 of these 40-byte samples: 1000 overflow it
  k.map('.data').set(0, { records_per_run: 1000 });
  k.program('perf_producer').run({ dataIn: new Uint8Array(64) });
  let got = 0;
  for (let i = 0; i < 5; i++) got += pb.poll(100).length;
  const dropped = (k.map('.bss').get(0) as { dropped: number }).dropped;
  assert.ok(dropped > 0, 'the kernel reported failed outputs');
  assert.equal(got + dropped, 1000);
  // the kernel writes PERF_RECORD_LOST with the next sample that finds room (perf_output_begin)
  k.map('.data').set(0, { records_per_run: 1 });
  k.program('perf_producer').run({ dataIn: new Uint8Array(64) });
  assert.equal(pb.poll(500).length, 1);
  assert.equal(pb.lost, dropped);
  assert.equal([...pb.lostByCpu.values()].reduce((a, b) => a + b, 0), dropped);
}));

test('trace_pipe: bpf_trace_printk lines of a test run, parsed, through a private tracefs instance', { skip: skip || traceSkip() }, async () => {
  using k = await loadObject(EVENTS, { target: 'kernel' });
  using tp = tracePipe({ instance: `kload-${process.pid}` });
  k.program('printk_producer').run({ dataIn: new Uint8Array(64) });
  k.program('printk_producer').run({ dataIn: new Uint8Array(80) });
  const lines = [];
  for (let i = 0; i < 10 && lines.length < 2; i++) lines.push(...tp.poll(200).filter((l) => l.message.startsWith('kload printk')));
  assert.deepEqual(lines.map((l) => l.message), ['kload printk len=64 seq=0', 'kload printk len=80 seq=1']);
  assert.ok(lines.every((l) => l.event === 'bpf_trace_printk' && l.pid === process.pid && l.timestamp > 0));
});

function traceSkip(): string | false {
  try {
    tracefsRoot();
    return false;
  } catch (e) {
    return (e as Error).message;
  }
}

test('nothing stays loaded after the process that loaded it ends, whichever way it ends', { skip }, () => {
  const child = fileURLToPath(new URL('./leak_child.js', import.meta.url));
  for (const how of ['close', 'exit', 'throw']) {
    const r = spawnSync(process.execPath, [child, how], { encoding: 'utf8' });
    const ids = (JSON.parse(r.stdout.trim().split('\n')[0]!) as { progs: number[] }).progs;
    assert.ok(ids.length >= 4, `${how}: the child loaded its programs (${r.stderr})`);
    for (const id of ids) {
      // the kernel frees a program after its last fd closes, through deferred work and RCU
      // (bpf_prog_put_deferred, __bpf_prog_put_noref): on a loaded machine that takes a moment
      const gone = (): boolean => {
        try {
          closeFd(getFdById(BPF_PROG_GET_FD_BY_ID, id));
          return false;
        } catch (e) {
          if (e instanceof KernelError && e.errno === 'ENOENT') return true;
          throw e;
        }
      };
      const deadline = Date.now() + 10_000;
      while (!gone() && Date.now() < deadline) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
      assert.ok(gone(), `${how}: program id ${id} is still loaded 10 s after the process ended`);
    }
  }
});
