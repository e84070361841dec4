/**
 * How `tsbpf trace` attaches uprobes (lang/bpftrace/kernel_backend.ts): from Linux 6.6 through a
 * BPF_TRACE_UPROBE_MULTI link each (no trace_uprobe event, so no event_mutex held through the RCU
 * grace periods of other tracers' uprobe detaches), a perf_event before. On the running kernel:
 * a script's uprobe and uretprobe on libc's getpid, filtered to this process, attached through the
 * backend; the kernel's own account of the links (their type), and the counts after calling
 * getpid a known number of times — through the link the counts must be what was called.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kernelAvailable, closeFd, getNextId, getFdById, progInfo } from '../../src/hooks/kernel/bpf.js';
import * as U from '../../src/hooks/kernel/uapi.js';
import { tracefsAvailable } from '../../src/kernel/tracefs.js';
import { linuxVersionCode } from '../../src/kernel/system.js';
import { linkShow } from '../../src/kernel/link/inspect.js';
import { native } from '../../src/kernel/link/sys.js';
import { kernelBackend } from '../../src/lang/bpftrace/kernel_backend.js';
import { compile } from '../../src/lang/bpftrace/compile.js';

const kern = kernelAvailable();
const tf = tracefsAvailable();
const skip = !kern.ok ? `bpf() unavailable: ${kern.reason}` : !tf.ok ? tf.reason : process.getuid?.() !== 0 ? 'needs root' : false;

/** the type the kernel reports for each link of these programs (by program id) */
function linkTypes(progIds: Set<number>): string[] {
  const types: string[] = [];
  for (let id = getNextId(U.BPF_LINK_GET_NEXT_ID, 0); id !== undefined; id = getNextId(U.BPF_LINK_GET_NEXT_ID, id)) {
    let fd: number;
    try {
      fd = getFdById(U.BPF_LINK_GET_FD_BY_ID, id);
    } catch {
      continue; // released meanwhile
    }
    try {
      const l = linkShow(fd);
      if (progIds.has(Number(l.prog_id))) types.push(String(l.type));
    } finally {
      closeFd(fd);
    }
  }
  return types;
}

test('uprobes on the running kernel: uprobe_multi links from 6.6 (perf_event before), counting every call', { skip }, () => {
  const c = compile('uprobe:libc:getpid { @calls = count(); } uretprobe:libc:getpid { @ret = sum(retval == pid ? 1 : 100); }');
  const be = kernelBackend();
  const fds = c.layout.maps.map((m) => be.createMap(m));
  const progs: number[] = [];
  const detach: Array<() => void> = [];
  try {
    for (const p of c.probes) {
      const insns = p.insns.map((i) => (i.code === 0x18 && i.src === 1 ? { ...i, imm: fds[i.imm]! } : i));
      const fd = be.loadProgram(p, insns);
      progs.push(fd);
      detach.push(be.attach(p, fd, { pid: process.pid }));
    }
    const types = linkTypes(new Set(progs.map((fd) => progInfo(fd).id)));
    const want = linuxVersionCode() >= (6 << 16) + (6 << 8) ? 'uprobe_multi' : 'perf_event';
    assert.deepEqual(types, [want, want], `one ${want} link per probe`);
    const getpid = native().libc.func('int getpid(void)') as () => number;
    const N = 7;
    for (let i = 0; i < N; i++) assert.equal(getpid(), process.pid);
    const value = (name: string): bigint => {
      const i = c.layout.maps.findIndex((m) => m.name === name);
      const entries = be.readMap(c.layout.maps[i]!, fds[i]!);
      return entries.flatMap((e) => e.values).reduce((s, v) => s + new DataView(v.buffer, v.byteOffset).getBigInt64(0, true), 0n);
    };
    // this thread only: node's other threads do not call getpid while the loop runs, but a
    // runtime might — at least N, and every return was the pid
    assert.ok(value('@calls') >= BigInt(N), `@calls ${value('@calls')} >= ${N}`);
    assert.equal(value('@ret'), value('@calls'), 'every uretprobe saw getpid() return the pid, once per call');
  } finally {
    for (const d of detach) d();
    for (const fd of [...progs, ...fds]) closeFd(fd);
  }
});
