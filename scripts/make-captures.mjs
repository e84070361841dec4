#!/usr/bin/env node
// Generates tsbpf's synthetic test captures (test/data/pcap/) and the example capture
// (examples/traffic.pcap) from the deterministic packet catalogue in
// src/hooks/pcap/catalogue.ts. Run after `npx tsc -p .`:  node scripts/make-captures.mjs
// Every byte is a function of the seeds below: re-running reproduces the committed files.
import { writeFileSync, mkdirSync } from 'node:fs';
import { MemorySink, PcapWriter, PcapngWriter } from '../dist/src/hooks/pcap/writer.js';
import { ethernetCatalogue, l3Catalogue, firewallTraffic } from '../dist/src/hooks/pcap/catalogue.js';
import * as s from '../dist/src/hooks/pcap/synth.js';

// --out DIR writes everything under DIR instead of the repository (the tests check determinism)
const outArg = process.argv.indexOf('--out');
const root = outArg > 0 ? process.argv[outArg + 1].replace(/\/?$/, '/') : new URL('..', import.meta.url).pathname;
const dir = root + 'test/data/pcap/';
mkdirSync(dir, { recursive: true });
const BASE = 1700000000;
const ts = (i, ns) => ({ tsSec: BASE + Math.floor(i / 7), tsNsec: ns ? (i * 123456789) % 1e9 : ((i * 123457) % 1e6) * 1000 });

function pcap(name, frames, { linkType = 1, nanosecond = false, bigEndian = false, snaplen = 262144 } = {}) {
  const sink = new MemorySink();
  const w = new PcapWriter(sink, { linkType, nanosecond, bigEndian, snaplen });
  frames.forEach((f, i) => w.write({ data: f.subarray(0, snaplen), origLen: f.length, ...ts(i, nanosecond) }));
  w.flush();
  writeFileSync(name, sink.toBytes());
  console.log(`${name.slice(root.length)}: ${frames.length} packets`);
}

const l3 = (seed, n) => l3Catalogue(seed, n);
const isV6 = (p) => p.type === s.ETH_P_IPV6;

pcap(dir + 'ethernet.pcap', ethernetCatalogue(1));
pcap(dir + 'ethernet-be-ns.pcap', ethernetCatalogue(2), { nanosecond: true, bigEndian: true });
pcap(dir + 'snaplen64.pcap', ethernetCatalogue(3), { snaplen: 64 });
pcap(dir + 'raw.pcap', l3(4, 45).map((p) => p.l3), { linkType: 101 });
pcap(dir + 'raw12.pcap', l3(5, 35).map((p) => p.l3), { linkType: 12 });
pcap(dir + 'raw14.pcap', l3(5, 35).map((p) => p.l3), { linkType: 14 });
const arpReq = s.arp(1, '00:11:22:33:44:55', '10.0.0.1', '00:00:00:00:00:00', '10.0.0.2');
pcap(dir + 'sll.pcap', [...l3(6, 40).map((p, i) => s.sll(p.type, p.l3, i % 5)), s.sll(s.ETH_P_ARP, arpReq, 1)], { linkType: 113 });
pcap(dir + 'sll2.pcap', [...l3(7, 40).map((p, i) => s.sll2(p.type, p.l3, 1 + (i % 3), i % 5)), s.sll2(s.ETH_P_ARP, arpReq)], { linkType: 276 });
const v6af = [s.AF_INET6_BSD, s.AF_INET6_FREEBSD, s.AF_INET6_DARWIN];
pcap(dir + 'null.pcap', l3(8, 36).map((p, i) => s.loopback(isV6(p) ? v6af[i % 3] : s.AF_INET, p.l3, true)), { linkType: 0 });
pcap(dir + 'null-be.pcap', l3(9, 36).map((p, i) => s.loopback(isV6(p) ? v6af[i % 3] : s.AF_INET, p.l3, false)), { linkType: 0, bigEndian: true });
pcap(dir + 'loop.pcap', l3(10, 36).map((p, i) => s.loopback(isV6(p) ? v6af[i % 3] : s.AF_INET, p.l3, false)), { linkType: 108 });

// Geneve (UDP 6081) over IPv4 (with and without IP options) and IPv6, carrying Ethernet frames
// (Transparent Ethernet Bridging) or IP directly, with 0-3 option words, several VNIs, a
// version-1 header, the port as source only, and the same packets cut short at many lengths.
{
  const r = s.prng(13);
  const pick = (a) => a[Math.floor(r() * a.length)];
  const inner = ethernetCatalogue(13), inl3 = l3(14, 40);
  const frames = [];
  for (let i = 0; i < 60; i++) {
    const teb = r() < 0.6;
    const l3p = inl3[i % inl3.length];
    const body = teb ? inner[i % inner.length] : l3p.l3;
    const g = s.geneve(pick([0, 5, 5, 100, 0xffffff]), teb ? 0x6558 : l3p.type, body, pick([0, 0, 1, 3]), r() < 0.1 ? 1 : 0);
    const u = r() < 0.1 ? s.udp(6081, 40000 + i, g) : s.udp(40000 + i, 6081, g);
    const ip = r() < 0.7 ? s.ipv4('192.0.2.1', '192.0.2.2', 17, u, r() < 0.3 ? { options: [1, 1, 1, 0] } : {}) : s.ipv6('2001:db8::a', '2001:db8::b', 17, u);
    const f = s.ether('02:00:00:00:00:02', '02:00:00:00:00:01', ip[0] >> 4 === 6 ? s.ETH_P_IPV6 : s.ETH_P_IP, ip);
    frames.push(f);
    if (i % 3 === 0) frames.push(f.subarray(0, 40 + Math.floor(r() * (f.length - 40))));
  }
  pcap(dir + 'geneve.pcap', frames);
}

// pcapng: two interfaces (Ethernet in microseconds, raw IP in nanoseconds), a comment-bearing
// custom block, a name resolution block and a statistics block to be skipped, and an SPB.
function pcapng(name, bigEndian) {
  const sink = new MemorySink();
  const w = new PcapngWriter(sink, { bigEndian });
  const eth = w.addInterface({ linkType: 1, snaplen: 262144, tsresol: 6, name: 'eth0' });
  const raw = w.addInterface({ linkType: 101, snaplen: 262144, tsresol: 9, name: 'tun0' });
  w.writeSimple({ data: ethernetCatalogue(11)[0], tsSec: 0, tsNsec: 0 });
  w.writeBlock(0x00000bad, new TextEncoder().encode('custom block: skip me'));
  w.writeBlock(4, new Uint8Array([0, 0, 0, 0])); // empty name resolution block
  const e = ethernetCatalogue(11), r = l3(12, 30);
  let n = 1;
  for (let i = 0; i < Math.max(e.length, r.length); i++) {
    if (i < e.length) w.write({ data: e[i], ...ts(n++, false) }, eth);
    if (i < r.length) w.write({ data: r[i].l3, ...ts(n++, true) }, raw);
    if (i === 10) w.writeBlock(5, new Uint8Array(12)); // interface statistics block
  }
  w.flush();
  writeFileSync(name, sink.toBytes());
  console.log(`${name.slice(root.length)}: ${n} packets`);
}
pcapng(dir + 'multi.pcapng', false);
pcapng(dir + 'multi-be.pcapng', true);

mkdirSync(root + 'examples', { recursive: true });
pcap(root + 'examples/traffic.pcap', firewallTraffic());
