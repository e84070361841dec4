/**
 * The dashboard feed (src/web/feed.ts) and `tsbpf ui`'s server (src/web/server.ts): the emulator
 * source's maps and ring-buffer records against the packets themselves, the SSE stream as a page
 * reads it, a page that never reads not slowing the feed, and the server refusing paths outside
 * the built page. Modules of the feed are checked browser-safe like the core.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { request } from 'node:http';
import { REPO } from '../bpf_helpers/kernel.js';
import { RecordQueue, EmulatorSource, defaultView, flattenValue, type DashboardSource } from '../../src/web/feed.js';
import { startUiServer } from '../../src/web/server.js';
import { loadObject } from '../../src/runtime/object.js';
import { parseCapture } from '../../src/hooks/pcap/decoder.js';
import { MapType } from '../../src/isa/bpf_types.js';
import { WEB_ROOT } from './browser.js';

const EX = join(REPO, 'examples');
const packets = parseCapture(new Uint8Array(readFileSync(join(EX, 'traffic.pcap')))).packets;

async function source(rate = 1000): Promise<EmulatorSource> {
  const obj = await loadObject(join(EX, 'pkt_sizes.bpf.o'));
  return new EmulatorSource(obj, obj.program('pkt_sizes'), packets, { rate, label: 'pkt_sizes test' });
}

const log2 = (n: number): number => Math.min(15, Math.floor(Math.log2(n)));
const ip = (b: Uint8Array, o: number): string => `${b[o]}.${b[o + 1]}.${b[o + 2]}.${b[o + 3]}`;

test('views: ring buffers as records, histogram-named arrays as log2, small arrays as counters, hashes as tables', async () => {
  const s = await source();
  assert.deepEqual(Object.fromEntries(s.hello().maps.map((m) => [m.name, m.view])), { sizes: 'log2', protocols: 'table', totals: 'counter', flows: 'records' });
  assert.equal(defaultView('lat_linear_hist', MapType.ARRAY, 64), 'linear');
  assert.equal(defaultView('counts', MapType.HASH, 8), 'table');
  // per-CPU struct values are summed field by field
  assert.deepEqual(flattenValue([{ packets: 1n, bytes: 60n }, { packets: 2n, bytes: 40n }]), [['packets', 3], ['bytes', 100]]);
});

test('the emulator source: histogram, counters and records are those of the packets it ran', async () => {
  const s = await source(packets.length * 2);
  // one second's worth of packets: every packet of the capture exactly twice
  s.tick(0);
  s.tick(1000);
  const snap = s.snapshot();
  const hist = new Map(snap.maps['sizes']!.map(([k, v]) => [Number(k), v]));
  const want = new Map<number, number>();
  for (const p of packets) want.set(log2(p.data.length), (want.get(log2(p.data.length)) ?? 0) + 2);
  for (const [k, v] of hist) assert.equal(v, want.get(k) ?? 0, `slot ${k}`);
  const totals = Object.fromEntries(snap.maps['totals']!);
  assert.equal(totals['0'], 2 * packets.length);
  assert.equal(totals['1'], 2 * packets.reduce((n, p) => n + p.data.length, 0));
  // one record per UDP packet, decoded with the object's BTF (struct flow_event)
  const udp = packets.filter((p) => p.data[12] === 8 && p.data[13] === 0 && p.data[23] === 17);
  const [rec] = s.drain(10_000);
  assert.equal(rec!.map, 'flows');
  assert.equal(rec!.rows.length, 2 * udp.length);
  rec!.rows.slice(0, udp.length).forEach((r, i) => {
    const d = udp[i]!.data;
    const saddr = Number(r['saddr']);
    assert.equal([saddr & 255, (saddr >>> 8) & 255, (saddr >>> 16) & 255, saddr >>> 24].join('.'), ip(d, 26));
    assert.equal(Number(r['dport']), (d[36]! << 8) | d[37]!);
    assert.equal(Number(r['len']), d.length);
  });
  assert.equal(s.drain(10).length, 0, 'drained');
});

function getText(url: string): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }));
    }).on('error', reject).end();
  });
}

/** read server-sent events until `until` says stop */
function readEvents(url: string, until: (ev: { event: string; data: unknown }[]) => boolean): Promise<{ event: string; data: unknown }[]> {
  return new Promise((resolve, reject) => {
    const events: { event: string; data: unknown }[] = [];
    const req = request(url, (res) => {
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        buf += c;
        let i: number;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
          events.push({ event, data: JSON.parse(/^data: (.*)$/m.exec(block)![1]!) });
        }
        if (until(events)) { req.destroy(); resolve(events); }
      });
    });
    req.on('error', (e) => { if (!until(events)) reject(e); });
    req.end();
  });
}

const built = existsSync(join(WEB_ROOT, 'index.html')) ? false : 'the page is not built: run npm run build:web';

test('the server: objects, the page, the feed as server-sent events; nothing outside dist/web', { skip: built }, async () => {
  const bytes = new Uint8Array(readFileSync(join(EX, 'xdp_firewall.bpf.o')));
  const ui = await startUiServer({ objects: [{ name: 'xdp_firewall.bpf.o', bytes }], source: await source(5000) });
  try {
    assert.match(ui.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await getText(ui.url);
    assert.equal(page.status, 200);
    assert.match(page.body, /<title>tsbpf/);
    const list = JSON.parse((await getText(`${ui.url}api/objects`)).body) as { name: string; url: string }[];
    assert.deepEqual(list, [{ name: 'xdp_firewall.bpf.o', url: 'api/objects/0' }]);
    assert.equal((await getText(`${ui.url}api/objects/0`)).body.length > 0, true);
    for (const bad of ['..%2f..%2fpackage.json', '%2e%2e/%2e%2e/package.json', 'api/objects/7']) assert.equal((await getText(`${ui.url}${bad}`)).status, 404, bad);
    const events = await readEvents(`${ui.url}api/feed`, (ev) => ev.filter((e) => e.event === 'snapshot').length >= 3 && ev.some((e) => e.event === 'records'));
    assert.equal(events[0]!.event, 'hello');
    const snaps = events.filter((e) => e.event === 'snapshot').map((e) => e.data as { events: number; maps: Record<string, [string, number][]> });
    assert.ok(snaps[snaps.length - 1]!.events > snaps[0]!.events, 'the counters move');
    const recs = events.find((e) => e.event === 'records')!.data as { map: string; rows: Record<string, unknown>[] };
    assert.equal(recs.map, 'flows');
    assert.deepEqual(Object.keys(recs.rows[0]!), ['saddr', 'daddr', 'sport', 'dport', 'len']);
  } finally {
    await ui.close();
  }
});

test('a page that never reads does not slow the feed: it is skipped, the others keep getting snapshots', { skip: built }, async () => {
  // a source with a heavy record stream (2,000 records of 1 KB every 50 ms, 40 MB/s): the stuck
  // page's socket buffers fill within a second
  let polls = 0;
  const big = 'x'.repeat(1000);
  const heavy: DashboardSource = {
    hello: () => ({ source: 'synthetic', maps: [{ name: 'events', type: 'BPF_MAP_TYPE_RINGBUF', view: 'records' }], intervalMs: 50 }),
    snapshot: () => ({ t: Date.now(), events: ++polls, maps: {} }),
    drain: (max) => [{ map: 'events', rows: Array.from({ length: Math.min(max, 2000) }, (_, i) => ({ i, big })), dropped: 0 }],
    start: () => undefined,
    stop: () => undefined,
  };
  const ui = await startUiServer({ source: heavy });
  try {
    const stuck = request(`${ui.url}api/feed`, (res) => res.pause());
    stuck.on('error', () => undefined);
    stuck.end();
    const t0 = Date.now();
    await new Promise((r) => setTimeout(r, 2500));
    // the feed kept its cadence (about 50 polls in 2.5 s) while one page read nothing
    const ticks = ui.stats.snapshots;
    assert.ok(ticks >= 10, `${ticks} ticks in ${Date.now() - t0} ms`);
    assert.ok(ui.stats.skipped > 0, 'the stuck page was skipped');
    // a second page still gets its snapshots
    const events = await readEvents(`${ui.url}api/feed`, (ev) => ev.filter((e) => e.event === 'snapshot').length >= 5);
    assert.ok(events.filter((e) => e.event === 'snapshot').length >= 5);
    stuck.destroy();
  } finally {
    await ui.close();
  }
});

test('the page\'s model and the feed are browser-safe (no Node builtins, no npm packages)', () => {
  const hook = new URL('../browser/no_node_hook.js', import.meta.url).href;
  for (const m of ['playground.js', 'session.js', 'feed.js', 'script.js']) {
    const url = new URL(`../../src/web/${m}`, import.meta.url).href;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', `import { register } from 'node:module'; register(${JSON.stringify(hook)}); await import(${JSON.stringify(url)});`], { encoding: 'utf8' });
    assert.equal(r.status, 0, `${m}: ${r.stderr}`);
  }
  // and the server is not (it must not be imported by the page)
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', `import { register } from 'node:module'; register(${JSON.stringify(hook)}); await import(${JSON.stringify(new URL('../../src/web/server.js', import.meta.url).href)});`], { encoding: 'utf8' });
  assert.notEqual(r.status, 0);
});

test('the record queue keeps at most its cap per map, decodes only what it keeps, and drains the newest', () => {
  const q = new RecordQueue(3);
  let made = 0;
  for (let i = 0; i < 5; i++) q.push('events', () => ({ i: ++made }));
  q.push('other', () => ({ x: 1 }));
  assert.equal(made, 3, 'records over the cap are counted, not decoded');
  const [ev, other] = q.drain(2);
  assert.deepEqual(ev, { map: 'events', rows: [{ i: 2 }, { i: 3 }], dropped: 3 });
  assert.deepEqual(other, { map: 'other', rows: [{ x: 1 }], dropped: 0 });
  assert.deepEqual(q.drain(10), [], 'a drain empties the queue');
  q.push('events', () => ({ i: 9 }));
  assert.deepEqual(q.drain(0), [{ map: 'events', rows: [], dropped: 1 }], 'no page: everything is dropped');
});
