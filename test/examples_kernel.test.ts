/**
 * Every example object loads in the real kernel (bpftool prog loadall: libbpf + BPF_PROG_LOAD
 * with the kernel verifier), and runs there on real packets with the results the README
 * describes. Skips where bpf() is not allowed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, kernelRun, kernelSkipReason, udpFrame } from './bpf_helpers/kernel.js';

const EX = join(REPO, 'examples');
const skip = kernelSkipReason() ?? false;

/** the programs each example defines (function names, as bpftool pins them) */
const PROGRAMS: Record<string, string[]> = {
  'xdp_firewall.bpf.o': ['xdp_firewall'],
  'socket_filter.bpf.o': ['socket_filter'],
  'tc_classifier.bpf.o': ['tc_classifier'],
  'global_data.bpf.o': ['global_data'],
  'bpf_to_bpf.bpf.o': ['bpf_to_bpf'],
  'tail_calls.bpf.o': ['dispatch', 'handle_icmp', 'handle_tcp', 'handle_udp'],
  'bpf_loop.bpf.o': ['bpf_loop_scan'],
  'lpm_router.bpf.o': ['lpm_router'],
  'map_in_map.bpf.o': ['map_in_map'],
  'trace_printk.bpf.o': ['trace_packets'],
  'pkt_sizes.bpf.o': ['pkt_sizes'],
  'read_sizes.bpf.o': ['exec_enter', 'read_exit'],
  'execsnoop.bpf.o': ['execsnoop'],
  'opensnoop.bpf.o': ['opensnoop'],
  'syslat.bpf.o': ['syslat_enter', 'syslat_exit'],
  'ucalls.bpf.o': ['ucall_entry', 'ucall_return'],
  'profile.bpf.o': ['profile'],
  'xdp_count.bpf.o': ['xdp_count'],
  'tc_drop.bpf.o': ['tc_drop'],
  'icmp_filter.bpf.o': ['icmp_filter'],
  'exec_trace.bpf.o': ['exec_trace'],
};

let seq = 0;
function load(obj: string): { progs: string; maps: string; done: () => void } {
  const progs = `/sys/fs/bpf/tsbpf-ex-${process.pid}-${seq}`;
  const maps = `/sys/fs/bpf/tsbpf-exm-${process.pid}-${seq++}`;
  execFileSync('bpftool', ['prog', 'loadall', join(EX, obj), progs, 'pinmaps', maps], { stdio: 'ignore' });
  return { progs, maps, done: () => void spawnSync('rm', ['-rf', progs, maps]) };
}

function mapDump(path: string): Array<{ key: number[]; value: unknown }> {
  const out = JSON.parse(execFileSync('bpftool', ['-j', 'map', 'dump', 'pinned', path], { encoding: 'utf8' })) as Array<{ key: string[]; value: unknown }>;
  return out.map((e) => ({ key: e.key.map((x) => Number(x)), value: e.value }));
}

const hex = (b: number[]): string[] => b.map((x) => `0x${x.toString(16).padStart(2, '0')}`);

function tcpFrame(len = 100): Uint8Array {
  const f = udpFrame({ payload: new Array(len - 42).fill(0xaa) });
  f[23] = 6; // protocol TCP (checksums do not matter to these programs)
  return f;
}

test('every example C file has a committed object and a program list', () => {
  const srcs = readdirSync(EX).filter((f) => f.endsWith('.bpf.c'));
  assert.equal(srcs.length, Object.keys(PROGRAMS).length);
  for (const s of srcs) {
    const o = s.replace(/\.c$/, '.o');
    assert.ok(PROGRAMS[o], `no program list for ${o}`);
    assert.equal(readFileSync(join(EX, o)).subarray(0, 4).toString('latin1'), '\x7fELF');
  }
});

test('every example loads in the kernel with the programs it defines', { skip }, () => {
  for (const [obj, names] of Object.entries(PROGRAMS)) {
    const l = load(obj);
    try {
      assert.deepEqual(readdirSync(l.progs).sort(), [...names].sort(), obj);
    } finally {
      l.done();
    }
  }
});

test('xdp_firewall: passes, then drops a blocklisted source with counters and a hit count', { skip }, () => {
  const l = load('xdp_firewall.bpf.o');
  try {
    const pkt = udpFrame({ src: [198, 51, 100, 7] });
    assert.equal(kernelRun(l.progs, 'xdp_firewall', pkt).retval, 2, 'XDP_PASS before blocking');
    execFileSync('bpftool', ['map', 'update', 'pinned', `${l.maps}/blocklist`, 'key', ...hex([198, 51, 100, 7]), 'value', ...hex([0, 0, 0, 0, 0, 0, 0, 0])]);
    assert.equal(kernelRun(l.progs, 'xdp_firewall', pkt).retval, 1, 'XDP_DROP once blocked');
    assert.equal(kernelRun(l.progs, 'xdp_firewall', udpFrame({ src: [198, 51, 100, 8] })).retval, 2, 'other sources pass');
    const hits = mapDump(`${l.maps}/blocklist`);
    assert.equal(hits.length, 1);
    assert.deepEqual((hits[0]!.value as string[]).map(Number)[0], 1, 'one packet dropped');
  } finally {
    l.done();
  }
});

test('socket_filter: keeps TCP cut to 64 bytes, drops the rest, counts protocols', { skip }, () => {
  const l = load('socket_filter.bpf.o');
  try {
    // the program sees the packet from the IP header: 100 - 14 bytes
    assert.equal(kernelRun(l.progs, 'socket_filter', tcpFrame(100)).retval, 64);
    assert.equal(kernelRun(l.progs, 'socket_filter', tcpFrame(60)).retval, 46);
    assert.equal(kernelRun(l.progs, 'socket_filter', udpFrame()).retval, 0);
    const counts = new Map(mapDump(`${l.maps}/protocols`).map((e) => [e.key[0], (e.value as string[]).map(Number)[0]]));
    assert.equal(counts.get(6), 2);
    assert.equal(counts.get(17), 1);
  } finally {
    l.done();
  }
});

test('tc_classifier: DNS gets DSCP EF with a valid header checksum and mark 53', { skip }, () => {
  const l = load('tc_classifier.bpf.o');
  try {
    const ctx = new Uint8Array(192);
    const r = kernelRun(l.progs, 'tc_classifier', udpFrame({ dport: 53, tos: 1 }), ctx, 192);
    assert.equal(r.retval, 0, 'TC_ACT_OK');
    assert.equal(r.dataOut[15], (46 << 2) | 1, 'DSCP EF, ECN bits kept');
    let s = 0;
    for (let i = 14; i < 34; i += 2) s += (r.dataOut[i]! << 8) | r.dataOut[i + 1]!;
    while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
    assert.equal(s, 0xffff, 'IPv4 header checksum verifies');
    assert.equal(new DataView(r.ctxOut!.buffer).getUint32(8, true), 53, 'skb->mark');
    assert.equal(kernelRun(l.progs, 'tc_classifier', udpFrame({ ttl: 1 })).retval, 2, 'TC_ACT_SHOT when TTL expires');
  } finally {
    l.done();
  }
});

test('bpf_to_bpf: a good IPv4 header passes, a corrupted one is dropped', { skip }, () => {
  const l = load('bpf_to_bpf.bpf.o');
  try {
    const good = udpFrame();
    assert.equal(kernelRun(l.progs, 'bpf_to_bpf', good).retval, 2);
    const bad = good.slice();
    bad[24]! ^= 0x40;
    assert.equal(kernelRun(l.progs, 'bpf_to_bpf', bad).retval, 1);
  } finally {
    l.done();
  }
});

test('global_data, bpf_loop, lpm_router, map_in_map and tail_calls run', { skip }, () => {
  const g = load('global_data.bpf.o');
  try {
    assert.equal(kernelRun(g.progs, 'global_data', udpFrame({ dport: 8080 })).retval, 2);
  } finally {
    g.done();
  }
  const b = load('bpf_loop.bpf.o');
  try {
    assert.equal(kernelRun(b.progs, 'bpf_loop_scan', udpFrame()).retval, 2);
  } finally {
    b.done();
  }
  const r = load('lpm_router.bpf.o');
  try {
    assert.equal(kernelRun(r.progs, 'lpm_router', udpFrame()).retval, 1, 'no route: XDP_DROP');
  } finally {
    r.done();
  }
  const m = load('map_in_map.bpf.o');
  try {
    assert.equal(kernelRun(m.progs, 'map_in_map', udpFrame()).retval, 2);
  } finally {
    m.done();
  }
  const t = load('tail_calls.bpf.o');
  try {
    const ret = kernelRun(t.progs, 'dispatch', udpFrame()).retval;
    assert.ok(ret === 2, `dispatch returned ${ret}`);
  } finally {
    t.done();
  }
});
