import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { CaptureDecoder, parseCapture, decodeCapture, type CapturedPacket } from '../../src/hooks/pcap/decoder.js';
import { MemorySink, PcapWriter, PcapngWriter } from '../../src/hooks/pcap/writer.js';
import { CaptureReader, readCapture } from '../../src/hooks/pcap/reader.js';
import { BpfError } from '../../src/isa/errors.js';
import { PCAP_DIR, NO_TCPDUMP } from './util.js';
import type { Packet } from '../../src/hooks/pcap/packet.js';
import { tempDir } from '../temp_dir.js';

const read = (name: string) => readFileSync(PCAP_DIR + name);
const key = (p: Packet, us = false) => `${p.tsSec}.${us ? Math.floor(p.tsNsec / 1000) : p.tsNsec}:${p.origLen}:${Buffer.from(p.data).toString('hex')}`;

test('pcap: little-endian microsecond and big-endian nanosecond captures decode', () => {
  const le = parseCapture(read('ethernet.pcap'));
  assert.equal(le.header.format, 'pcap');
  assert.equal(le.header.bigEndian, false);
  assert.equal(le.header.nanosecond, false);
  assert.equal(le.packets.length, 96);
  assert.equal(le.packets[0]!.linkType, 1);
  assert.equal(le.packets[1]!.tsSec, 1700000000);
  assert.equal(le.packets[1]!.tsNsec % 1000, 0);
  const be = parseCapture(read('ethernet-be-ns.pcap'));
  assert.equal(be.header.bigEndian, true);
  assert.equal(be.header.nanosecond, true);
  assert.ok(be.packets.some((p) => p.tsNsec % 1000 !== 0), 'nanosecond digits survive');
  assert.equal(be.packets.length, 96);
});

test('pcap: timestamps and lengths agree with tcpdump', { skip: NO_TCPDUMP }, () => {
  for (const f of ['ethernet.pcap', 'ethernet-be-ns.pcap', 'snaplen64.pcap']) {
    const out = execFileSync('tcpdump', ['-r', PCAP_DIR + f, '-tt', '-nn', '--nano', '-q'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim().split('\n');
    const mine = parseCapture(read(f)).packets;
    assert.equal(out.length, mine.length, f);
    mine.forEach((p, i) => {
      const ts = `${p.tsSec}.${String(p.tsNsec).padStart(9, '0')}`;
      assert.ok(out[i]!.startsWith(ts), `${f} #${i}: ${out[i]} vs ${ts}`);
    });
  }
});

test('pcap: snaplen-truncated packets keep their wire length', () => {
  const { packets, header } = parseCapture(read('snaplen64.pcap'));
  assert.equal(header.interfaces[0]!.snaplen, 64);
  const cut = packets.filter((p) => p.origLen > p.data.length);
  assert.ok(cut.length > 5);
  for (const p of cut) assert.equal(p.data.length, 64);
});

test('pcapng: two interfaces with their link types and resolutions; unknown blocks skipped; both byte orders', () => {
  for (const f of ['multi.pcapng', 'multi-be.pcapng']) {
    const { header, packets } = parseCapture(read(f));
    assert.equal(header.format, 'pcapng');
    assert.equal(header.bigEndian, f.includes('-be'));
    assert.deepEqual(header.interfaces.map((i) => [i.linkType, i.tsresol, i.name]), [[1, 6, 'eth0'], [101, 9, 'tun0']]);
    assert.equal(packets.length, 128);
    assert.equal(packets[0]!.tsSec, 0, 'simple packet block has no timestamp');
    assert.deepEqual([...new Set(packets.map((p) => `${p.ifIndex}/${p.linkType}`))].sort(), ['0/1', '1/101']);
    assert.ok(packets.filter((p) => p.ifIndex === 1).some((p) => p.tsNsec % 1000 !== 0), 'nanosecond interface');
  }
  assert.deepEqual(parseCapture(read('multi.pcapng')).packets.map((p) => key(p)), parseCapture(read('multi-be.pcapng')).packets.map((p) => key(p)));
});

test('pcap -> pcapng -> pcap keeps every packet and timestamp (both resolutions)', () => {
  for (const f of ['ethernet.pcap', 'ethernet-be-ns.pcap', 'snaplen64.pcap', 'sll2.pcap']) {
    const a = parseCapture(read(f));
    const ng = new MemorySink();
    const w = new PcapngWriter(ng, { bigEndian: f.includes('be') });
    const id = w.addInterface({ linkType: a.header.interfaces[0]!.linkType, snaplen: a.header.interfaces[0]!.snaplen, tsresol: a.header.nanosecond ? 9 : 6 });
    for (const p of a.packets) w.write(p, id);
    w.flush();
    const b = parseCapture(ng.toBytes());
    assert.deepEqual(b.packets.map((p) => key(p)), a.packets.map((p) => key(p)), f);
    const back = new MemorySink();
    const w2 = new PcapWriter(back, { linkType: b.header.interfaces[0]!.linkType, snaplen: a.header.interfaces[0]!.snaplen, nanosecond: a.header.nanosecond, bigEndian: a.header.bigEndian });
    for (const p of b.packets) w2.write(p);
    w2.flush();
    assert.deepEqual(Buffer.from(back.toBytes()), read(f), `${f}: byte-identical after the round trip`);
  }
});

test('pcapng written by tsbpf is read by tcpdump', { skip: NO_TCPDUMP }, () => {
  const a = parseCapture(read('ethernet.pcap'));
  const ng = new MemorySink();
  const w = new PcapngWriter(ng);
  w.addInterface({ linkType: 1, tsresol: 6 });
  for (const p of a.packets) w.write(p);
  w.flush();
  const dir = tempDir('tsbpf-');
  writeFileSync(dir + '/x.pcapng', ng.toBytes());
  const back = execFileSync('tcpdump', ['-r', dir + '/x.pcapng', '-w', '-'], { stdio: ['ignore', 'pipe', 'ignore'] });
  assert.deepEqual(parseCapture(back).packets.map((p) => key(p, true)), a.packets.map((p) => key(p, true)));
});

test('streaming: tiny chunks give the same packets as one buffer; the file reader is constant-memory', async () => {
  for (const f of ['ethernet.pcap', 'multi-be.pcapng']) {
    const whole = parseCapture(read(f)).packets.map((p) => key(p));
    const streamed: string[] = [];
    for await (const p of readCapture(PCAP_DIR + f, { chunkSize: 7 })) streamed.push(key(p));
    assert.deepEqual(streamed, whole, f);
  }
  const r = await CaptureReader.open(PCAP_DIR + 'ethernet.pcap', { chunkSize: 4096 });
  let batches = 0;
  for await (const b of r.batches()) {
    batches++;
    assert.ok(b.length <= 4096 / 16);
  }
  assert.ok(batches > 2);
});

test('a truncated file yields every whole packet, then EBADMSG naming the byte offset', async () => {
  const bytes = read('ethernet.pcap');
  const all = parseCapture(bytes).packets;
  const cutAt = all[10]!.offset + 20; // inside packet 10's data
  const cut = bytes.subarray(0, cutAt);
  const got: Packet[] = [];
  assert.throws(
    () => {
      for (const p of decodeCapture(cut, 'cut.pcap')) got.push(p);
    },
    (e: unknown) => e instanceof BpfError && e.errno === 'EBADMSG' && e.where.offset === all[10]!.offset && /cut\.pcap/.test(e.message),
  );
  assert.equal(got.length, 10);
  // through the file reader too
  const dir = tempDir('tsbpf-');
  writeFileSync(dir + '/cut.pcap', cut);
  const got2: Packet[] = [];
  await assert.rejects(async () => {
    for await (const p of readCapture(dir + '/cut.pcap', { chunkSize: 100 })) got2.push(p);
  }, /EBADMSG.*byte offset/);
  assert.equal(got2.length, 10);
});

test('corrupt records: an absurd caplen and a bad pcapng block length are EBADMSG with the offset', () => {
  const bytes = Buffer.from(read('ethernet.pcap'));
  const p3 = parseCapture(bytes).packets[3]!;
  bytes.writeUInt32LE(0x7fffffff, p3.offset + 8);
  assert.throws(() => parseCapture(bytes), (e: unknown) => e instanceof BpfError && e.errno === 'EBADMSG' && e.where.offset === p3.offset);
  const ng = Buffer.from(read('multi.pcapng'));
  const q = parseCapture(ng).packets[5]!;
  ng.writeUInt32LE(13, q.offset + 4);
  assert.throws(() => parseCapture(ng), (e: unknown) => e instanceof BpfError && e.where.offset === q.offset + 4);
  assert.throws(() => parseCapture(new Uint8Array([1, 2, 3, 4, 5])), /EBADMSG: not a pcap/);
});

test('fuzz: truncated and bit-flipped captures never crash or hang the decoder', () => {
  const seeds = ['ethernet.pcap', 'multi.pcapng', 'multi-be.pcapng', 'sll2.pcap'].map((f) => new Uint8Array(read(f)));
  fc.assert(
    fc.property(fc.integer({ min: 0, max: seeds.length - 1 }), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 7 })), { maxLength: 8 }), fc.nat(), fc.nat({ max: 64 }), (si, flips, cut, chunk) => {
      const b = seeds[si]!.slice(0, seeds[si]!.length - (cut % 200));
      for (const [at, bit] of flips) b[at % b.length]! ^= 1 << bit;
      const d = new CaptureDecoder();
      const out: CapturedPacket[] = [];
      const step = chunk + 1;
      try {
        for (let o = 0; o < b.length; o += step * 97) {
          d.push(b.slice(o, o + step * 97));
          d.drain(out);
        }
        d.end();
      } catch (e) {
        if (!(e instanceof BpfError)) throw e;
        assert.ok(e.where.offset !== undefined && e.where.offset <= b.length, 'error names an offset inside the file');
      }
      for (const p of out) assert.ok(p.offset < b.length && p.data.length <= b.length);
    }),
    { numRuns: 300 },
  );
});

test('scan(): the allocation-free path reports the same records as the packet iterator', async () => {
  for (const f of ['ethernet.pcap', 'multi.pcapng', 'ethernet-be-ns.pcap']) {
    const want: string[] = [];
    for await (const p of readCapture(PCAP_DIR + f, { chunkSize: 333 })) want.push(`${p.offset}:${p.origLen}:${Buffer.from(p.data).toString('hex')}`);
    const r = await CaptureReader.open(PCAP_DIR + f, { chunkSize: 333 });
    const got: string[] = [];
    const n = await r.scan((buf, start, caplen, origLen, _if, offset) => got.push(`${offset}:${origLen}:${Buffer.from(buf.subarray(start, start + caplen)).toString('hex')}`));
    assert.equal(n, want.length);
    assert.deepEqual(got, want, f);
  }
  const bytes = read('ethernet.pcap');
  const dir = tempDir('tsbpf-');
  writeFileSync(dir + '/cut.pcap', bytes.subarray(0, bytes.length - 5));
  let seen = 0;
  await assert.rejects((await CaptureReader.open(dir + '/cut.pcap', { chunkSize: 64 })).scan(() => seen++), /EBADMSG/);
  assert.equal(seen, 95);
});

test('scripts/make-captures.mjs reproduces the committed captures byte for byte', async () => {
  const { spawnSync } = await import('node:child_process');
  const { ROOT } = await import('./util.js');
  const out = tempDir('tsbpf-caps-');
  const r = spawnSync(process.execPath, [ROOT + 'scripts/make-captures.mjs', '--out', out], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const { readdirSync } = await import('node:fs');
  // loopback-tcpdump.pcap and netns-*tcpdump.pcap were recorded by tcpdump itself (the packet printer's reference; netns-filter: scripts/record-filter-captures.mjs), not by the
  // script; scapy-protocols.pcap and scapy-fuzz.pcap are Scapy's (scripts/make-print-captures.py)
  const recorded = new Set(['loopback-tcpdump.pcap', 'netns-tcpdump.pcap', 'netns-l2-tcpdump.pcap', 'netns-filter-tcpdump.pcap', 'scapy-protocols.pcap', 'scapy-fuzz.pcap']);
  const names = readdirSync(PCAP_DIR).filter((f) => /\.pcap(ng)?$/.test(f) && !recorded.has(f));
  assert.ok(names.length >= 13);
  for (const f of names) assert.deepEqual(readFileSync(`${out}/test/data/pcap/${f}`), read(f), f);
  assert.deepEqual(readFileSync(`${out}/examples/traffic.pcap`), readFileSync(ROOT + 'examples/traffic.pcap'));
});
