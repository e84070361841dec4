/**
 * The live-kernel examples (examples/*.ts over examples/*.bpf.o) run as a user runs them, each
 * against a controlled workload: spawned processes with marker arguments, compiled programs
 * whose calls and sleeps are known, and traffic between two network namespaces joined by a veth
 * pair. Each checks exact counts and records; each skips saying why where root, bpf(), a tool
 * or a compiler is missing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../temp_dir.js';
import { compileTarget, has, kernelSkip, netSkip, ping, rmrf, vethPair } from './attach_helpers.js';

const EX = new URL('../../examples/', import.meta.url).pathname;
const cc = !has('gcc') && !has('clang-19') ? 'needs a C compiler' : false;

/** run an example until `workload` is done (it gets the child's pid), then SIGTERM it; its stdout */
async function runExample(name: string, args: string[], workload: () => void | Promise<void>): Promise<{ out: string; err: string }> {
  const child = spawn(process.execPath, [`${EX}${name}.js`, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  await new Promise<void>((resolve, reject) => {
    child.stderr.on('data', (d) => {
      err += d;
      if (err.includes('attached: ')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`${name} exited (${code}) before attaching: ${err}`)));
  });
  await workload();
  // the example drains every 20 ms: give the last records a moment before asking it to stop
  await new Promise((r) => setTimeout(r, 300));
  const code = await new Promise<number | null>((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', (c) => resolve(c));
    child.kill('SIGTERM');
  });
  assert.equal(code, 0, `${name} exit: ${err}`);
  return { out, err };
}

const jsonLines = (s: string) => s.split('\n').filter((l) => l.startsWith('{') || l.startsWith('[')).map((l) => JSON.parse(l));

test('execsnoop.ts: each exec of the workload with its argv, in order', { skip: kernelSkip, timeout: 120_000 }, async () => {
  const marker = `kattach-ex-${process.pid}`;
  const pids: number[] = [];
  const { out } = await runExample('execsnoop', ['--json'], () => {
    for (let i = 0; i < 12; i++) pids.push(spawnSync('/bin/true', [marker, `arg${i}`]).pid!);
  });
  const mine = jsonLines(out).filter((e) => e.argv?.[1] === marker);
  assert.deepEqual(mine.map((e) => e.pid), pids);
  assert.deepEqual(mine.map((e) => e.argv), pids.map((_, i) => ['/bin/true', marker, `arg${i}`]));
  assert.ok(mine.every((e) => e.ppid === process.pid && e.filename === '/bin/true'));
});

test('opensnoop.ts --comm cat: the files cat opens, with their paths and flags', { skip: kernelSkip, timeout: 120_000 }, async () => {
  const dir = tempDir('kattach-open-');
  const files = Array.from({ length: 5 }, (_, i) => join(dir, `f${i}`));
  files.forEach((f) => writeFileSync(f, 'x'));
  try {
    const { out } = await runExample('opensnoop', ['--comm', 'cat', '--json'], () => {
      for (const f of files) assert.equal(spawnSync('cat', [f]).status, 0);
    });
    const opens = jsonLines(out).filter((e) => e.path.startsWith(dir));
    assert.deepEqual(opens.map((e) => e.path), files);
    assert.ok(opens.every((e) => e.comm === 'cat' && (e.flags & 3) === 0 /* O_RDONLY */));
  } finally {
    rmrf(dir);
  }
});

test('syslat.ts: every clock_nanosleep of a compiled program lands in the histogram, printed as bpftrace\'s hist', { skip: kernelSkip || cc, timeout: 120_000 }, async () => {
  const bin = compileTarget(`#include <time.h>
int main(void) { struct timespec a = {0, 1500000}, b = {0, 6000000};
for (int i = 0; i < 20; i++) nanosleep(&a, 0); for (int i = 0; i < 10; i++) nanosleep(&b, 0); return 0; }`);
  try {
    const { out } = await runExample('syslat', ['--comm', 'target'], () => {
      assert.equal(spawnSync(bin).status, 0);
    });
    assert.match(out, /^@usecs:\n/);
    const rows = [...out.matchAll(/^\[(\d+K?), (\d+K?)\)\s+(\d+) \|(@*)\s*\|$/gm)].map((m) => ({ lo: m[1]!, hi: m[2]!, n: Number(m[3]), bar: m[4]!.length }));
    assert.equal(rows.reduce((s, r) => s + r.n, 0), 30, 'one count per sleep');
    const kilo = (s: string) => (s.endsWith('K') ? Number(s.slice(0, -1)) * 1024 : Number(s));
    // a sleep never ends early (1.5 ms ones at or after 1500 us, 6 ms ones at or after 6000 us);
    // a loaded machine may wake one late, so only the lower bounds are exact
    assert.equal(rows.filter((r) => kilo(r.hi) <= 1024).reduce((s, r) => s + r.n, 0), 0);
    assert.ok(rows.filter((r) => kilo(r.lo) >= 4096).reduce((s, r) => s + r.n, 0) >= 10);
    const max = Math.max(...rows.map((r) => r.n));
    assert.ok(rows.every((r) => r.bar === Math.trunc((r.n / max) * 52)), 'bars scaled to 52 columns');
  } finally {
    rmrf(bin.replace(/\/target$/, ''));
  }
});

test('ucalls.ts: each call of a function of a compiled binary with its arguments and return value', { skip: kernelSkip || cc, timeout: 120_000 }, async () => {
  const bin = compileTarget(`#include <stdlib.h>
__attribute__((noinline)) long kattach_add(long a, long b) { __asm__ volatile(""); return a + b; }
int main(int c, char **v) { long s = 0; for (long i = 0; i < atoi(v[1]); i++) s += kattach_add(i, i * 10); return s == -1; }`);
  try {
    let pid = 0;
    const { out } = await runExample('ucalls', ['--binary', bin, '--function', 'kattach_add', '--json'], () => {
      pid = spawnSync(bin, ['7']).pid!;
    });
    const calls = jsonLines(out);
    assert.deepEqual(calls.map((c) => [c.args, c.ret]), Array.from({ length: 7 }, (_, i) => [[i, i * 10], i * 11]));
    assert.ok(calls.every((c) => c.pid === pid && c.ns >= 0));
  } finally {
    rmrf(bin.replace(/\/target$/, ''));
  }
});

test('profile.ts: folded stacks of a compiled spinning program name its functions outermost first', { skip: kernelSkip || cc, timeout: 120_000 }, async () => {
  const bin = compileTarget(`#include <time.h>
volatile unsigned long sink;
__attribute__((noinline)) void spin_inner(void) { for (int i = 0; i < 1000; i++) sink += i; }
__attribute__((noinline)) void spin_outer(void) { time_t t = time(0); while (time(0) - t < 60) spin_inner(); }
int main(void) { spin_outer(); return 0; }`);
  try {
    const child = spawn(bin, [], { stdio: 'ignore' });
    // the target keeps running until the profile is printed: its frames are symbolized through /proc/PID/maps
    let out: string;
    try {
      // until the child has exec'd, its comm is still node's: on a loaded machine that can outlast
      // the profiler's start, and those samples are rightly named after node (a CI failure)
      const deadline = Date.now() + 20_000;
      const comm = () => { try { return readFileSync(`/proc/${child.pid}/comm`, 'utf8').trim(); } catch { return ''; } };
      while (comm() !== 'target' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      assert.equal(comm(), 'target', 'the child has exec\'d the target');
      ({ out } = await runExample('profile', ['--frequency', '199', '--pid', String(child.pid)], () => new Promise((r) => setTimeout(r, 1500))));
    } finally {
      child.kill();
    }
    const lines = out.trim().split('\n').filter(Boolean);
    assert.ok(lines.length > 0, 'samples of the target');
    const total = lines.reduce((s, l) => s + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
    assert.ok(total >= 20, `${total} samples at 199 Hz over 1.5 s`);
    // a sample whose stacks could not be read (bpf_get_stackid < 0, e.g. a full map) has no frames
    const ofTarget = (l: string) => l.startsWith('target;') || l.startsWith('target ');
    assert.ok(lines.every(ofTarget), `comm first: ${lines.filter((l) => !ofTarget(l)).slice(0, 3).join(' | ')}`);
    // with frame pointers the user frames read outermost first: main, then spin_outer or the leaf spin_inner
    const inFunctions = lines.filter((l) => /;main;(spin_outer;)?spin_(outer|inner)( |;)/.test(l)).reduce((s, l) => s + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
    assert.ok(inFunctions >= total * 0.5, `${inFunctions} of ${total} samples in main;…spin_*: ${out}`);
  } finally {
    rmrf(bin.replace(/\/target$/, ''));
  }
});

test('xdp_count.ts on a veth in a namespace: exactly the pings sent, as ICMP', { skip: netSkip, timeout: 120_000 }, async () => {
  const v = vethPair('exx');
  try {
    const { out } = await runExample('xdp_count', ['--iface', v.ifA, '--netns', v.nsA, '--json'], () => {
      assert.equal(ping(v.nsB, v.ipA, 6), 6);
    });
    const rows = jsonLines(out)[0] as { proto: string; packets: number; bytes: number }[];
    assert.deepEqual(rows.map((r) => [r.proto, r.packets]), [['ICMP', 6]]);
    assert.equal(rows[0]!.bytes, 6 * 98, 'ping\'s 84-byte IPv4 packets in 14-byte Ethernet frames');
  } finally {
    v.cleanup();
  }
});

test('tc_drop.ts: UDP to the blocked port is dropped on egress and counted, other ports pass', { skip: netSkip || (!has('python3') ? 'needs python3' : false), timeout: 120_000 }, async () => {
  const v = vethPair('exd');
  try {
    // the receiver in A counts what arrives on each port
    const recv = spawn('ip', ['netns', 'exec', v.nsA, 'python3', '-c', `
import socket, select, sys, time
s1 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s1.bind(("${v.ipA}", 7001))
s2 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s2.bind(("${v.ipA}", 7002))
print("ready", flush=True)
n = {7001: 0, 7002: 0}; end = time.time() + 60
while time.time() < end:
    r, _, _ = select.select([s1, s2, sys.stdin], [], [], 0.2)
    if sys.stdin in r: break
    for s in r:
        s.recv(100); n[s.getsockname()[1]] += 1
print(n[7001], n[7002], flush=True)`], { stdio: ['pipe', 'pipe', 'inherit'] });
    let rout = '';
    recv.stdout.on('data', (d) => (rout += d));
    for (let i = 0; i < 100 && !rout.includes('ready'); i++) await new Promise((r) => setTimeout(r, 50));
    const { out } = await runExample('tc_drop', ['--iface', v.ifB, '--netns', v.nsB, '--port', '7001', '--json'], () => {
      const r = spawnSync('ip', ['netns', 'exec', v.nsB, 'python3', '-c', `
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for i in range(5): s.sendto(b"blocked", ("${v.ipA}", 7001)); time.sleep(0.01)
for i in range(3): s.sendto(b"passes", ("${v.ipA}", 7002)); time.sleep(0.01)`]);
      assert.equal(r.status, 0, r.stderr.toString());
    });
    assert.deepEqual(jsonLines(out)[0], { dropped: { 7001: 5 } });
    recv.stdin.end('stop\n');
    await new Promise((r) => recv.once('exit', r));
    assert.equal(rout.trim().split('\n').pop(), '0 3');
  } finally {
    v.cleanup();
  }
});

test('icmp_filter.ts: a raw socket with the filter receives only the ICMP of a ping, both directions', { skip: netSkip, timeout: 120_000 }, async () => {
  const v = vethPair('exs');
  try {
    const { out, err } = await runExample('icmp_filter', ['--iface', v.ifA, '--netns', v.nsA, '--json'], () => {
      assert.equal(ping(v.nsB, v.ipA, 4), 4);
      spawnSync('ip', ['netns', 'exec', v.nsB, 'python3', '-c', `import socket; socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"x", ("${v.ipA}", 9))`]);
    });
    const pkts = jsonLines(out) as { src: string; dst: string; icmpType: number }[];
    assert.deepEqual(pkts.filter((p) => p.icmpType === 8).map((p) => [p.src, p.dst]), Array(4).fill([v.ipB, v.ipA]), 'echo requests in');
    assert.deepEqual(pkts.filter((p) => p.icmpType === 0).map((p) => [p.src, p.dst]), Array(4).fill([v.ipA, v.ipB]), 'echo replies out');
    assert.equal(pkts.length, 8 + pkts.filter((p) => p.icmpType === 3).length, 'nothing but ICMP (the UDP datagram\'s port-unreachable is ICMP too)');
    const m = /filter: (\d+) kept, (\d+) dropped/.exec(err);
    assert.ok(m && Number(m[1]) === pkts.length && Number(m[2]) >= 1, err);
  } finally {
    v.cleanup();
  }
});
