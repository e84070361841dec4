/**
 * Attach by section name against the running kernel: each program of
 * test/fixtures/bpf/attach_counters.bpf.o counts its hits, the test drives an exact workload
 * (getppid calls of this process, calls of a compiled function, pings between two network
 * namespaces over a veth pair, datagrams to a socket, sockets created in a cgroup) and checks
 * the count; links are compared with bpftool, pinned and taken back; kprobes fail with the
 * missing feature named. Each test skips saying why where root, bpf() or a tool is missing.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { createSocket } from 'node:dgram';
import { execFileSync, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import * as K from '../../src/hooks/kernel/index.js';
import { loadObject, type KernelObject } from '../../src/kernel/index.js';
import { BpfError } from '../../src/isa/errors.js';
import { attachProgram, Link, linkInfo, allIds, withNetns, objGet } from '../../src/kernel/link/index.js';
import { loadNative } from '../../src/hooks/kernel/ffi.js';
import { bpffsDir, cgroupDir, compileTarget, has, kernelSkip, netSkip, ping, rmrf, vethPair } from './attach_helpers.js';

const OBJ = new URL('../../../test/fixtures/bpf/attach_counters.bpf.o', import.meta.url).pathname;
const C = { TP: 0, RAW_TP: 1, UPROBE: 2, URETPROBE: 3, PERF: 4, XDP: 5, TC: 6, SOCKET: 7, CGROUP: 8, SK_LOOKUP: 9, NETFILTER: 10 } as const;

interface Loaded {
  obj: KernelObject;
  counts(): bigint[];
  reset(): void;
}

/** the fixture loaded into the kernel (loadObject target 'kernel'); cfg[0] = this process */
async function loadCounters(): Promise<Loaded> {
  const obj = await loadObject(OBJ, { target: 'kernel' });
  obj.map('cfg').set(0, process.pid);
  const counts = obj.map('counts');
  const slots = 12;
  return {
    obj,
    counts: () => Array.from({ length: slots }, (_, i) => BigInt(counts.get(i) as number | bigint)),
    reset: () => {
      for (let i = 0; i < slots; i++) counts.set(i, 0);
    },
  };
}

let loaded: Loaded | undefined;
before(async () => {
  if (!kernelSkip) loaded = await loadCounters();
});
after(() => loaded?.obj.close());
function obj(): Loaded {
  loaded!.reset();
  return loaded!;
}

/** a loaded program of the object (without resetting the counts) */
const prog = (name: string) => loaded!.obj.program(name);

/** getppid(2) through libc, so the count of calls is exactly what the loop makes */
let getppidFn: (() => number) | undefined;
function callGetppid(n: number): void {
  if (!getppidFn) {
    const l = loadNative();
    if (!l.ok) throw new Error(l.reason);
    getppidFn = l.native.libc.func('int getppid()') as () => number;
  }
  for (let i = 0; i < n; i++) getppidFn();
}

test('tracepoint/syscalls/sys_enter_getppid counts exactly the getppid calls of this process; closing detaches', { skip: kernelSkip }, () => {
  const o = obj();
  const link = prog('tp_getppid').attach();
  callGetppid(7);
  assert.equal(o.counts()[C.TP], 7n);
  const info = link.info();
  assert.equal(info.type, 'perf_event');
  assert.equal(info.eventType, 'tracepoint');
  assert.equal(info.tpName, 'sys_enter_getppid');
  assert.deepEqual(link.target, { program: 'tp_getppid', target: 'tracepoint/syscalls/sys_enter_getppid' });
  link.close();
  link.close();
  callGetppid(3);
  assert.equal(o.counts()[C.TP], 7n, 'no counts after close');
});

test('raw_tp/sys_enter: `using` detaches at the end of the scope; link info and bpftool agree', { skip: kernelSkip }, () => {
  const o = obj();
  let id = 0;
  {
    using link = attachProgram(prog('raw_getppid'));
    callGetppid(5);
    const info = link.info();
    id = info.id;
    assert.equal(info.type, 'raw_tracepoint');
    assert.equal(info.tpName, 'sys_enter');
    if (has('bpftool')) {
      const bt = (JSON.parse(execFileSync('bpftool', ['-j', 'link', 'show']).toString()) as { id: number; type: string; prog_id: number; tp_name?: string }[]).find((l) => l.id === id);
      assert.ok(bt, 'bpftool sees the link');
      assert.equal(bt.type, info.type);
      assert.equal(bt.prog_id, info.progId);
      assert.equal(bt.tp_name, info.tpName);
    }
  }
  assert.equal(o.counts()[C.RAW_TP], 5n);
  assert.ok(!allIds('link').includes(id), 'the link is gone after the scope');
});

test('uprobe and uretprobe on a function of a compiled binary count its calls (symbol -> file offset)', { skip: kernelSkip || (!has('gcc') && !has('clang-19') ? 'needs a C compiler' : false) }, () => {
  const o = obj();
  const bin = compileTarget(`#include <stdlib.h>
__attribute__((noinline)) int kattach_target(int x) { __asm__ volatile(""); return x * 2; }
int main(int argc, char **argv) { int n = atoi(argv[1]), s = 0; for (int i = 0; i < n; i++) s += kattach_target(i); return s == -1; }
`);
  try {
    const nm = execFileSync('nm', [bin]).toString();
    assert.match(nm, /kattach_target/);
    using up = attachProgram(prog('up_target'), { target: `${bin}:kattach_target` });
    using uret = attachProgram(prog('uret_target'), { target: `${bin}:kattach_target` });
    assert.equal(spawnSync(bin, ['13']).status, 0);
    assert.equal(o.counts()[C.UPROBE], 13n);
    assert.equal(o.counts()[C.URETPROBE], 13n);
    const info = up.info();
    assert.equal(info.eventType, 'uprobe');
    assert.equal(info.fileName, bin);
    assert.equal(uret.info().eventType, 'uretprobe');
    // the offset is what `readelf -s` says minus the text section's address plus its file offset
    const sym = /:\s+([0-9a-f]+)\s+\d+\s+FUNC\s+GLOBAL\s+DEFAULT\s+(\d+)\s+kattach_target$/m.exec(execFileSync('readelf', ['-sW', bin]).toString());
    const sec = execFileSync('readelf', ['-SW', bin]).toString().split('\n').find((l) => new RegExp(`\\[\\s*${sym![2]}\\]`).test(l))!;
    const cols = sec.replace(/^.*\]/, '').trim().split(/\s+/);
    assert.equal(info.offset, parseInt(sym![1]!, 16) - parseInt(cols[2]!, 16) + parseInt(cols[3]!, 16));
  } finally {
    rmrf(bin.replace(/\/target$/, ''));
  }
});

test('uprobe with PATH:FUNC in the section name resolves through PATH and .dynsym (bash readline)', { skip: kernelSkip || (!existsSync('/bin/bash') ? 'no /bin/bash' : false) }, () => {
  const p = prog('up_target');
  using link = attachProgram({ ...p, section: 'uprobe/bash:readline' });
  const info = link.info();
  assert.equal(info.eventType, 'uprobe');
  assert.match(info.fileName!, /\/bash$/);
  assert.ok(info.offset! > 0);
  assert.throws(() => attachProgram({ ...p, section: 'uprobe//bin/bash:no_such_function_kattach' }), (e: BpfError) => e.errno === 'ENOENT' && /no function symbol no_such_function_kattach/.test(e.message));
  assert.throws(() => attachProgram({ ...p, section: 'uprobe' }), (e: BpfError) => e.errno === 'EINVAL' && /needs its target/.test(e.message));
});

test('perf_event: a sampling event per online CPU; a busy loop is sampled, closing stops it', { skip: kernelSkip }, () => {
  const o = obj();
  const link = attachProgram(prog('pe_sample'), { frequency: 1000 });
  const end = Date.now() + 150;
  let x = 0;
  while (Date.now() < end) x++;
  assert.ok(x > 0);
  const n = o.counts()[C.PERF]!;
  assert.ok(n > 0n, `samples: ${n}`);
  assert.equal(link.info().eventType, 'event');
  link.close();
  const after = o.counts()[C.PERF]!;
  const end2 = Date.now() + 50;
  while (Date.now() < end2) x++;
  assert.equal(o.counts()[C.PERF], after);
});

test('kprobe fails with ENOTSUPP naming the probe and the missing kernel feature', { skip: kernelSkip || (existsSync('/sys/bus/event_source/devices/kprobe') ? 'this kernel has kprobes: the failure path does not apply' : false) }, () => {
  assert.throws(() => prog('kp_open').attach(), (e: BpfError) => e.errno === 'ENOTSUPP' && /^ENOTSUPP: kprobe\/do_sys_openat2: this kernel has no kprobe PMU .*CONFIG_KPROBES is off/.test(e.message));
});

test('xdp on a veth in a network namespace counts exactly the pings that arrive', { skip: netSkip }, () => {
  const o = obj();
  const v = vethPair('xdp');
  try {
    const link = withNetns(v.nsA, () => attachProgram(prog('xdp_icmp'), { iface: v.ifA }));
    assert.equal(ping(v.nsB, v.ipA, 5), 5);
    assert.equal(o.counts()[C.XDP], 5n);
    const info = link.info();
    assert.equal(info.type, 'xdp');
    assert.ok(info.ifindex! > 0);
    assert.throws(() => withNetns(v.nsA, () => attachProgram(prog('xdp_icmp'), { iface: v.ifA })), (e: BpfError) => e.errno === 'EBUSY' && /already attached/.test(e.message));
    link.close();
    assert.equal(ping(v.nsB, v.ipA, 2), 2);
    assert.equal(o.counts()[C.XDP], 5n);
    // generic mode is a different attach mode of the same hook
    using gen = withNetns(v.nsA, () => attachProgram(prog('xdp_icmp'), { iface: v.ifA, xdpMode: 'generic' }));
    assert.equal(ping(v.nsB, v.ipA, 3), 3);
    assert.equal(o.counts()[C.XDP], 8n);
    assert.equal(gen.info().type, 'xdp');
    assert.throws(() => attachProgram(prog('xdp_icmp'), { iface: 'kattach-none0' }), (e: BpfError) => e.errno === 'ENODEV');
  } finally {
    v.cleanup();
  }
});

test('tc/egress (a tcx link) drops the echo replies it sees; after close they pass', { skip: netSkip }, () => {
  const o = obj();
  const v = vethPair('tc');
  try {
    // on the answering side: the kernel's echo replies are dropped (a sender's own drops would
    // make ping retry on ENOBUFS, and the count would depend on timing)
    const link = withNetns(v.nsA, () => attachProgram(prog('tc_drop_icmp'), { iface: v.ifA }));
    assert.equal(ping(v.nsB, v.ipA, 4), 0);
    assert.equal(o.counts()[C.TC], 4n);
    const info = link.info();
    assert.equal(info.type, 'tcx');
    assert.equal(info.attachType, 'tcx_egress');
    link.close();
    assert.equal(ping(v.nsB, v.ipA, 2), 2);
    assert.equal(o.counts()[C.TC], 4n);
  } finally {
    v.cleanup();
  }
});

test('socket filter on a UDP socket handed over by Node drops every datagram; detached, they arrive', { skip: kernelSkip }, async () => {
  const o = obj();
  const rx = createSocket('udp4');
  rx.bind(0, '127.0.0.1');
  await once(rx, 'listening');
  const port = rx.address().port;
  const got: string[] = [];
  rx.on('message', (m) => got.push(m.toString()));
  const tx = createSocket('udp4');
  const send = async (s: string) => {
    tx.send(s, port, '127.0.0.1');
    await new Promise((r) => setTimeout(r, 30));
  };
  const link = attachProgram(prog('sock_drop'), { socket: rx as unknown as { _handle: { fd: number } } });
  for (const s of ['a', 'b', 'c']) await send(s);
  assert.deepEqual(got, []);
  assert.equal(o.counts()[C.SOCKET], 3n);
  assert.throws(() => link.pin('/sys/fs/bpf/x'), (e: BpfError) => e.errno === 'EOPNOTSUPP');
  link.close();
  await send('d');
  assert.deepEqual(got, ['d']);
  assert.equal(o.counts()[C.SOCKET], 3n);
  rx.close();
  tx.close();
});

test('cgroup/sock_create on a cgroup v2 directory counts the sockets its processes create', { skip: kernelSkip || (!has('python3') ? 'needs python3' : !cgroupDir() ? 'no cgroup v2 hierarchy' : false) }, () => {
  const o = obj();
  const cg = cgroupDir()!;
  try {
    const link = attachProgram(prog('cg_sock'), { cgroup: cg });
    const r = spawnSync('sh', ['-c', `echo $$ > ${cg}/cgroup.procs && exec python3 -c "import socket; [socket.socket(socket.AF_INET, socket.SOCK_DGRAM) for _ in range(6)]"`]);
    assert.equal(r.status, 0, r.stderr.toString());
    assert.equal(o.counts()[C.CGROUP], 6n);
    const info = link.info();
    assert.equal(info.type, 'cgroup');
    assert.equal(info.attachType, 'cgroup_inet_sock_create');
    link.close();
    assert.throws(() => attachProgram(prog('cg_sock'), { cgroup: '/nonexistent/kattach' }), (e: BpfError) => e.errno === 'ENOENT' && /cgroup \/nonexistent\/kattach/.test(e.message));
    assert.throws(() => attachProgram(prog('cg_sock')), (e: BpfError) => e.errno === 'EINVAL' && /--cgroup PATH/.test(e.message));
  } finally {
    spawnSync('rmdir', [cg]);
  }
});

test('sk_lookup on a network namespace runs for each datagram delivered there', { skip: netSkip || (!has('python3') ? 'needs python3' : false) }, () => {
  const o = obj();
  const v = vethPair('skl');
  try {
    using link = attachProgram(prog('lookup'), { netns: `/var/run/netns/${v.nsA}` });
    const py = 'import socket\nr=socket.socket(socket.AF_INET,socket.SOCK_DGRAM); r.bind(("127.0.0.1",0))\ns=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)\nfor i in range(4): s.sendto(b"x", r.getsockname()); r.recv(10)';
    const r = spawnSync('ip', ['netns', 'exec', v.nsA, 'python3', '-c', py]);
    assert.equal(r.status, 0, r.stderr.toString());
    assert.equal(o.counts()[C.SK_LOOKUP], 4n);
    const info = link.info();
    assert.equal(info.type, 'netns');
    assert.equal(info.attachType, 'sk_lookup');
  } finally {
    v.cleanup();
  }
});

test('netfilter (a netfilter link on NF_INET_LOCAL_IN, IPv4) sees the pings a namespace receives', { skip: netSkip }, () => {
  const o = obj();
  const v = vethPair('nf');
  try {
    using link = withNetns(v.nsA, () => attachProgram(prog('nf_count'), { netfilter: { pf: 2, hooknum: 1, priority: -100 } }));
    assert.equal(ping(v.nsB, v.ipA, 3), 3);
    assert.equal(o.counts()[C.NETFILTER], 3n);
    const info = link.info();
    assert.deepEqual([info.type, info.pf, info.hooknum, info.priority], ['netfilter', 2, 1, -100]);
  } finally {
    v.cleanup();
  }
});

test('a link pinned to bpffs outlives its fd and comes back with BPF_OBJ_GET; unpinned it detaches', { skip: kernelSkip }, async () => {
  const o = obj();
  const dir = bpffsDir();
  try {
    const link = attachProgram(prog('tp_getppid'));
    const id = link.info().id;
    link.pin(`${dir}/tp_link`);
    link.close();
    callGetppid(2);
    assert.equal(o.counts()[C.TP], 2n, 'still attached through the pin');
    const back = Link.fromPin(`${dir}/tp_link`);
    assert.equal(back.info().id, id);
    const fd = objGet(`${dir}/tp_link`);
    assert.equal(linkInfo(fd).progId, back.info().progId);
    K.closeFd(fd);
    back.close();
    rmrf(`${dir}/tp_link`);
    // the pin's inode is freed after an RCU grace period (bpf_free_inode): wait for the link to go
    for (let i = 0; i < 200 && allIds('link').includes(id); i++) await new Promise((r) => setTimeout(r, 10));
    assert.ok(!allIds('link').includes(id), 'the link is gone');
    callGetppid(2);
    assert.equal(o.counts()[C.TP], 2n, 'detached once the pin and the fds are gone');
    assert.throws(() => Link.fromPin(`${dir}/tp_link`), (e: BpfError) => e.errno === 'ENOENT' && /nothing is pinned there/.test(e.message));
    assert.throws(() => link.info(), (e: BpfError) => e.errno === 'EBADF' && /was closed/.test(e.message));
  } finally {
    rmrf(dir);
  }
});

test('nothing stays attached or loaded after a process that attached exits (even killed)', { skip: kernelSkip }, async () => {
  const url = new URL('../../src/kernel/link/index.js', import.meta.url).href;
  const kurl = new URL('../../src/hooks/kernel/index.js', import.meta.url).href;
  const script = `import { attachProgram, linkInfo } from '${url}'; import * as K from '${kurl}';
const { fd } = K.progLoad({ progType: 'TRACEPOINT', insns: new Uint8Array([0xb7,0,0,0,0,0,0,0,0x95,0,0,0,0,0,0,0]), progName: 'kattach_exit' });
const l = attachProgram({ fd, name: 'kattach_exit', section: 'tracepoint/syscalls/sys_enter_getppid', progType: 5, expectedAttachType: 0 });
console.log(JSON.stringify({ prog: K.progInfo(fd).id, link: l.info().id })); setInterval(() => {}, 1000);`;
  const file = `/tmp/kattach-exit-${process.pid}.mjs`;
  writeFileSync(file, script);
  try {
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [file], { stdio: ['ignore', 'pipe', 'inherit'] });
    const [line] = (await once(child.stdout!, 'data')) as [Buffer];
    const ids = JSON.parse(line.toString()) as { prog: number; link: number };
    assert.ok(allIds('prog').includes(ids.prog) && allIds('link').includes(ids.link), 'attached while it runs');
    child.kill('SIGKILL');
    await once(child, 'exit');
    // the kernel frees a program after an RCU grace period: wait for it, bounded
    for (let i = 0; i < 100 && (allIds('prog').includes(ids.prog) || allIds('link').includes(ids.link)); i++) await new Promise((r) => setTimeout(r, 20));
    assert.ok(!allIds('link').includes(ids.link), 'link gone');
    assert.ok(!allIds('prog').includes(ids.prog), 'program gone');
  } finally {
    rmrf(file);
  }
});
