/**
 * The examples run in tsbpf (loadObject → program.run, BPF_PROG_TEST_RUN semantics) on real
 * packets, with results and map contents checked; where bpf() is allowed the same inputs run in
 * the kernel and must give the same return values, packets and counters.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadObject } from '../src/runtime/index.js';
import { REPO, kernelRun, kernelSkipReason, udpFrame } from './bpf_helpers/kernel.js';

const EX = join(REPO, 'examples');
const skip = kernelSkipReason() ?? false;

function tcpFrame(len: number): Uint8Array {
  const f = udpFrame({ payload: new Array(len - 42).fill(0xaa) });
  f[23] = 6;
  return f;
}

/** map values decode to numbers when they fit, bigints when not */
const num = (v: unknown): number => Number(v as number | bigint);
const le32 = (b: Uint8Array, off: number): number => new DataView(b.buffer, b.byteOffset).getUint32(off, true);

test('xdp_firewall in tsbpf: pass, block, count, and one ring-buffer event per drop', async () => {
  const o = await loadObject(join(EX, 'xdp_firewall.bpf.o'));
  const p = o.program('xdp_firewall');
  const pkt = udpFrame({ src: [198, 51, 100, 7] });
  assert.equal(p.run({ data: pkt }).retval, 2, 'XDP_PASS');
  o.map('blocklist').set(Uint8Array.from([198, 51, 100, 7]), new Uint8Array(8));
  assert.equal(p.run({ data: pkt }).retval, 1, 'XDP_DROP');
  assert.equal(p.run({ data: pkt }).retval, 1);
  assert.equal(p.run({ data: udpFrame({ src: [198, 51, 100, 8] }) }).retval, 2);
  assert.deepEqual([...o.map('blocklist').entries()].map(([, v]) => num(v)), [2], 'two packets dropped from the blocked source');
  // PERCPU_ARRAY stats: XDP_DROP (1) saw 2 packets, XDP_PASS (2) saw 2
  const stats = new Map([...o.map('stats').entries()].map(([k, v]) => [Number(k), v as Array<{ packets: unknown; bytes: unknown }>]));
  assert.equal(num(stats.get(1)![0]!.packets), 2);
  assert.equal(num(stats.get(2)![0]!.packets), 2);
  assert.equal(num(stats.get(2)![0]!.bytes), 2 * pkt.length);
  // struct drop_event { saddr, daddr, protocol, pad[3], len, timestamp }
  const events: Uint8Array[] = [];
  (o.map('events').map as unknown as RingBufLike).consume((rec) => events.push(rec.slice()));
  assert.equal(events.length, 2);
  for (const e of events) {
    assert.deepEqual([...e.subarray(0, 4)], [198, 51, 100, 7]);
    assert.deepEqual([...e.subarray(4, 8)], [10, 0, 0, 1]);
    assert.equal(e[8], 17);
    assert.equal(le32(e, 12), pkt.length);
  }
});

interface RingBufLike {
  consume(cb: (rec: Uint8Array) => void): number;
}

test('socket_filter, tc_classifier, bpf_to_bpf, global_data in tsbpf', async () => {
  const sf = await loadObject(join(EX, 'socket_filter.bpf.o'));
  assert.equal(sf.program('socket_filter').run({ data: tcpFrame(100) }).retval, 64);
  assert.equal(sf.program('socket_filter').run({ data: tcpFrame(60) }).retval, 46);
  assert.equal(sf.program('socket_filter').run({ data: udpFrame() }).retval, 0);
  const counts = new Map([...sf.map('protocols').entries()].map(([k, v]) => [Number(k), num(v)]));
  assert.equal(counts.get(6), 2);
  assert.equal(counts.get(17), 1);

  const tc = await loadObject(join(EX, 'tc_classifier.bpf.o'));
  const r = tc.program('tc_classifier').run({ data: udpFrame({ dport: 53, tos: 1 }), ctx: new Uint8Array(192) });
  assert.equal(r.retval, 0);
  assert.equal(r.dataOut[15], (46 << 2) | 1);
  assert.equal(le32(r.ctxOut!, 8), 53);

  const bb = await loadObject(join(EX, 'bpf_to_bpf.bpf.o'));
  const bad = udpFrame();
  bad[24]! ^= 0x40;
  assert.equal(bb.program('bpf_to_bpf').run({ data: udpFrame() }).retval, 2);
  assert.equal(bb.program('bpf_to_bpf').run({ data: bad }).retval, 1);

  const g = await loadObject(join(EX, 'global_data.bpf.o'));
  g.program('global_data').run({ data: udpFrame({ dport: 8080 }) });
  g.program('global_data').run({ data: udpFrame({ dport: 53 }) });
  const bss = [...g.map('.bss').entries()][0]![1] as Record<string, unknown>;
  assert.equal(num(bss.packets_seen), 2);
  assert.equal(num(bss.packets_matched), 1);
});

test('tail_calls, bpf_loop, lpm_router, map_in_map in tsbpf', async () => {
  const t = await loadObject(join(EX, 'tail_calls.bpf.o'));
  const icmp = udpFrame();
  icmp[23] = 1;
  assert.equal(t.program('dispatch').run({ data: udpFrame() }).retval, 2, 'UDP handler');
  assert.equal(t.program('dispatch').run({ data: icmp }).retval, 1, 'ICMP handler drops');
  const gre = udpFrame();
  gre[23] = 47;
  assert.equal(t.program('dispatch').run({ data: gre }).retval, 2, 'no handler: falls through');
  const handled = [...t.map('handled').entries()].map(([k, v]) => [Number(k), num(v)]).filter(([, v]) => v !== 0);
  assert.deepEqual(handled, [[1, 1], [17, 1]]);

  const b = await loadObject(join(EX, 'bpf_loop.bpf.o'));
  const pkt = udpFrame();
  assert.equal(b.program('bpf_loop_scan').run({ data: pkt }).retval, 2);
  const zeros = pkt.subarray(0, 64).filter((x) => x === 0).length;
  assert.deepEqual([...b.map('.bss').entries()][0]![1], { last_zero_count: zeros });

  const l = await loadObject(join(EX, 'lpm_router.bpf.o'));
  const routes = l.map('routes');
  assert.equal(l.program('lpm_router').run({ data: udpFrame() }).retval, 1, 'no route: drop');
  // 10.0.0.0/8 via ifindex 3
  const key = Uint8Array.from([8, 0, 0, 0, 10, 0, 0, 0]);
  routes.set(key, Uint8Array.from([3, 0, 0, 0, 0, 0, 0, 0]));
  assert.equal(l.program('lpm_router').run({ data: udpFrame({ dst: [10, 9, 8, 7] }) }).retval, 4, 'XDP_REDIRECT');
  const route = routes.get(key) as Record<string, unknown>;
  assert.equal(num(route.ifindex), 3);
  assert.equal(num(route.hits), 1, 'one hit');

  const m = await loadObject(join(EX, 'map_in_map.bpf.o'));
  m.map('policy_default').set(0, 53);
  assert.equal(m.program('map_in_map').run({ data: udpFrame({ dport: 53 }) }).retval, 2);
  assert.equal(m.program('map_in_map').run({ data: udpFrame({ dport: 54 }) }).retval, 1);
});

test('the kernel gives the same results for the same inputs', { skip }, async () => {
  const cases: Array<[string, string, Uint8Array, Uint8Array?]> = [
    ['socket_filter', 'socket_filter', tcpFrame(100)],
    ['socket_filter', 'socket_filter', udpFrame()],
    ['tc_classifier', 'tc_classifier', udpFrame({ dport: 53, tos: 1 }), new Uint8Array(192)],
    ['tc_classifier', 'tc_classifier', udpFrame({ ttl: 1 })],
    ['bpf_to_bpf', 'bpf_to_bpf', udpFrame()],
    ['xdp_firewall', 'xdp_firewall', udpFrame()],
    ['lpm_router', 'lpm_router', udpFrame()],
    ['bpf_loop', 'bpf_loop_scan', udpFrame()],
    ['global_data', 'global_data', udpFrame({ dport: 8080 })],
  ];
  for (const [obj, prog, data, ctx] of cases) {
    const o = await loadObject(join(EX, `${obj}.bpf.o`));
    const mine = o.program(prog).run({ data, ...(ctx ? { ctx } : {}) });
    const d = `/sys/fs/bpf/tsbpf-exr-${process.pid}`;
    const md = `${d}-maps`;
    try {
      execFileSync('bpftool', ['prog', 'loadall', join(EX, `${obj}.bpf.o`), d, 'pinmaps', md], { stdio: 'ignore' });
      const k = kernelRun(d, prog, data, ctx, ctx?.length);
      assert.equal(mine.retval, k.retval, `${obj}: retval`);
      assert.equal(Buffer.from(mine.dataOut).toString('hex'), Buffer.from(k.dataOut).toString('hex'), `${obj}: data_out`);
      if (ctx) assert.equal(Buffer.from(mine.ctxOut!).toString('hex'), Buffer.from(k.ctxOut!).toString('hex'), `${obj}: ctx_out`);
      if (obj === 'bpf_loop') {
        const bss = readdirSync(md).find((n) => n.endsWith('bss'))!;
        const dump = JSON.parse(execFileSync('bpftool', ['-j', 'map', 'dump', 'pinned', join(md, bss)], { encoding: 'utf8' })) as Array<{ value: string[] }>;
        const kernelZeros = le32(Uint8Array.from(dump[0]!.value.map(Number)), 0);
        assert.deepEqual([...o.map('.bss').entries()][0]![1], { last_zero_count: kernelZeros });
      }
    } finally {
      spawnSync('rm', ['-rf', d, md]);
    }
  }
});
