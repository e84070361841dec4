/**
 * `tsbpf run`: the bundled XDP firewall over the bundled capture. The expected verdicts are computed
 * independently here from the packets' IPv4 source addresses; the output capture must hold exactly
 * the packets the program passed, and the maps the counts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadObject } from '../../src/runtime/object.js';
import { CaptureReader } from '../../src/hooks/pcap/reader.js';
import { runCapture, type PacketVerdict } from '../../src/hooks/packet_run.js';
import type { Packet } from '../../src/hooks/pcap/packet.js';
import { tempDir } from '../temp_dir.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const OBJ = join(root, 'examples/xdp_firewall.bpf.o');
const PCAP = join(root, 'examples/traffic.pcap');
const BLOCKED = ['203.0.113.7', '198.51.100.23'];

async function packets(path: string): Promise<Packet[]> {
  const out: Packet[] = [];
  for await (const p of await CaptureReader.open(path)) out.push({ ...p, data: p.data.slice() });
  return out;
}

const srcOf = (d: Uint8Array): string | null => (d.length >= 34 && d[12] === 0x08 && d[13] === 0x00 ? `${d[26]}.${d[27]}.${d[28]}.${d[29]}` : null);

for (const engine of ['interpreter', 'jit'] as const) {
  test(`xdp_firewall over traffic.pcap drops exactly the blocklisted sources (${engine})`, async () => {
    const obj = await loadObject(OBJ);
    const block = obj.map('blocklist');
    for (const ip of BLOCKED) block.set(new Uint8Array(ip.split('.').map(Number)), new Uint8Array(8));
    const want = await packets(PCAP);
    assert.ok(want.length > 10);
    const verdicts: PacketVerdict[] = [];
    const events: Uint8Array[] = [];
    const sum = await runCapture(obj, obj.program('xdp_firewall'), await CaptureReader.open(PCAP), {
      engine,
      onVerdict: (v) => verdicts.push(v),
      onEvent: (e) => { if (e.kind === 'ringbuf') events.push(e.data!); },
    });
    assert.equal(sum.packets, want.length);
    assert.equal(sum.errors, 0);
    const dropped = want.filter((p) => BLOCKED.includes(srcOf(p.data) ?? ''));
    assert.ok(dropped.length > 0 && dropped.length < want.length);
    verdicts.forEach((v, i) => assert.equal(v.action, BLOCKED.includes(srcOf(want[i]!.data) ?? '') ? 'XDP_DROP' : 'XDP_PASS', `packet ${i}`));
    assert.equal(sum.actions.get('XDP_DROP'), dropped.length);
    // one ring buffer record per drop: saddr, daddr, protocol, len as the C struct lays them out
    assert.equal(events.length, dropped.length);
    events.forEach((e, k) => {
      const p = dropped[k]!.data;
      assert.deepEqual([...e.subarray(0, 4)], [...p.subarray(26, 30)]);
      assert.equal(e[8], p[23]);
      assert.equal(new DataView(e.buffer, e.byteOffset).getUint32(12, true), p.length);
    });
    // blocklist values count hits per source; stats count packets and bytes per action
    for (const ip of BLOCKED) {
      const hits = block.get(new Uint8Array(ip.split('.').map(Number)));
      assert.equal(Number(hits as bigint | number), dropped.filter((p) => srcOf(p.data) === ip).length);
    }
    const stats = obj.map('stats');
    const drop = stats.get(1) as Array<{ packets: number; bytes: number }>;
    assert.equal(Number(drop.reduce((a, c) => a + Number(c.packets), 0)), dropped.length);
    assert.equal(Number(drop.reduce((a, c) => a + Number(c.bytes), 0)), dropped.reduce((a, p) => a + p.data.length, 0));
  });
}

test('tsbpf run CLI: summary, JSON lines and the output capture (checked with tcpdump when present)', async () => {
  const dir = tempDir('tsbpf-run-');
  const out = join(dir, 'out.pcap');
  const args = [join(root, 'bin/tsbpf.js'), 'run', OBJ, '--pcap', PCAP, '--out', out, '--json', ...BLOCKED.flatMap((ip) => ['--map-set', `blocklist:${ip}=0`])];
  const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, any>);
  const per = lines.filter((l) => 'packet' in l && 'action' in l);
  const summary = lines.at(-1)!.summary;
  const all = await packets(PCAP);
  assert.equal(per.length, all.length);
  assert.equal(summary.packets, all.length);
  const passed = await packets(out);
  assert.equal(passed.length, summary.actions.XDP_PASS);
  // the passed packets are the unblocked ones, in order, unchanged
  assert.deepEqual(passed.map((p) => [...p.data]), all.filter((p) => !BLOCKED.includes(srcOf(p.data) ?? '')).map((p) => [...p.data]));
  const td = spawnSync('tcpdump', ['-r', out, '-nn'], { encoding: 'utf8' });
  if (td.status === 0) assert.equal(td.stdout.trim().split('\n').length, passed.length);
  // bad input: a truncated capture still reports every good packet, then fails naming the offset
  const trunc = join(dir, 'trunc.pcap');
  const bytes = readFileSync(PCAP);
  (await import('node:fs')).writeFileSync(trunc, bytes.subarray(0, bytes.length - 10));
  const t = spawnSync(process.execPath, [join(root, 'bin/tsbpf.js'), 'run', OBJ, '--pcap', trunc, '--json'], { encoding: 'utf8' });
  assert.equal(t.status, 1);
  assert.match(t.stderr, /offset/);
  const tl = t.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, any>);
  assert.equal(tl.at(-1)!.summary.packets, all.length - 1);
});
