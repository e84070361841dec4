#!/usr/bin/env node
// Records test/data/pcap/netns-tcpdump.pcap: real traffic between two network namespaces,
// captured by tcpdump itself, the reference for the packet printer (test/hooks/print_real.test.ts
// compares `tcpdump -n [-e|-q|-v|-vv]` with tsbpf's lines on it). Needs root, iproute2, ping,
// tcpdump. Run: sudo node scripts/record-capture.mjs [OUT.pcap]
// The traffic (namespace A 10.77.0.1 / fd77::1, namespace B 10.77.0.2 / fd77::2, B routes on to
// 10.78.0.0/24 and fd78::/64 which do not exist, so B answers with ICMP errors):
//   ARP and IPv6 neighbour discovery, ping (v4, v6, record-route and timestamp options, a size
//   that fragments), UDP and TCP to closed ports (ICMP/ICMPv6 port unreachable, TCP reset),
//   TTL / hop limit 1 through B (time exceeded), packets to the missing network (host unreachable),
//   a TCP conversation with data and options, DNS queries answered by a small server in B with
//   answer, authority and additional sections (A, AAAA, CNAME, NS, SOA, MX, TXT, PTR, SRV,
//   NXDOMAIN, EDNS). (No VLAN: this kernel has no 8021q; the synthetic captures have 802.1Q.)
// A second capture, OUT-l2.pcap (committed as netns-l2-tcpdump.pcap), on a second link from A to
// a bridge in B with the kernel's spanning tree and IGMP/MLD querier on: 802.1D configuration
// BPDUs, IGMPv3 and MLDv2 queries, and A's IGMP reports as it joins and leaves groups (v3 with and
// without sources, then with force_igmp_version 2 and 1: v2 reports and leaves, v1 reports), and
// two ICMPv6 router advertisements from B with every option tcpdump decodes (needs python3).
import { spawn, spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

const out = process.argv[2] ?? new URL('../test/data/pcap/netns-tcpdump.pcap', import.meta.url).pathname;
const outL2 = out.replace(/(\.pcap)?$/, '-l2.pcap');
// per process: two recordings at once (two checkouts' test runs) must not delete each other's namespaces
const A = `filtv-rec-a-${process.pid}`, B = `filtv-rec-b-${process.pid}`;
const sh = (cmd, ok = false) => {
  const r = spawnSync('sh', ['-c', cmd], { encoding: 'utf8' });
  if (r.status !== 0 && !ok) throw new Error(`${cmd}: ${r.stderr}`);
  return r.stdout;
};
const inA = (cmd, ok = true) => sh(`ip netns exec ${A} ${cmd}`, ok);

function cleanup() {
  sh(`ip netns del ${A}`, true);
  sh(`ip netns del ${B}`, true);
}

// the DNS server run in B: answers by the query's name, with authority and additional records
const DNS_SERVER = String.raw`
const dgram = require('node:dgram');
const s = dgram.createSocket(process.argv[1] === '6' ? 'udp6' : 'udp4');
const name = (n) => Buffer.concat([...n.split('.').filter(Boolean).map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l)])), Buffer.from([0])]);
const rr = (n, type, data, ttl = 300) => { const h = Buffer.alloc(10); h.writeUInt16BE(type, 0); h.writeUInt16BE(1, 2); h.writeUInt32BE(ttl, 4); h.writeUInt16BE(data.length, 8); return Buffer.concat([name(n), h, data]); };
const ip4 = (a) => Buffer.from(a.split('.').map(Number));
const ip6 = (a) => { const b = Buffer.alloc(16); const [h, t] = a.split('::'); const hp = h ? h.split(':') : []; const tp = t ? t.split(':') : []; hp.forEach((x, i) => b.writeUInt16BE(parseInt(x, 16), 2 * i)); tp.forEach((x, i) => b.writeUInt16BE(parseInt(x, 16), 16 - 2 * (tp.length - i))); return b; };
const u16 = (v) => { const b = Buffer.alloc(2); b.writeUInt16BE(v); return b; };
const u32 = (v) => { const b = Buffer.alloc(4); b.writeUInt32BE(v); return b; };
const soa = () => Buffer.concat([name('ns1.example.test'), name('hostmaster.example.test'), u32(2024010101), u32(7200), u32(900), u32(1209600), u32(86400)]);
s.on('message', (m, r) => {
  let o = 12, labels = [];
  while (m[o]) { labels.push(m.subarray(o + 1, o + 1 + m[o]).toString()); o += m[o] + 1; }
  const qn = labels.join('.'), qtype = m.readUInt16BE(o + 1);
  const q = m.subarray(12, o + 5);
  const an = [], ns = [], ar = [];
  let rcode = 0, aa = 0x0400;
  if (qn.startsWith('nx')) { rcode = 3; ns.push(rr('example.test', 6, soa(), 60)); }
  else if (qn.startsWith('www')) { an.push(rr(qn, 5, name('web.example.test'))); an.push(rr('web.example.test', 1, ip4('10.77.0.80'))); an.push(rr('web.example.test', 1, ip4('10.77.0.81'))); ns.push(rr('example.test', 2, name('ns1.example.test'))); ns.push(rr('example.test', 2, name('ns2.example.test'))); ar.push(rr('ns1.example.test', 1, ip4('10.77.0.2'))); ar.push(rr('ns2.example.test', 28, ip6('fd77::2'))); }
  else if (qtype === 28) { an.push(rr(qn, 28, ip6('fd77::53'))); }
  else if (qtype === 15) { an.push(rr(qn, 15, Buffer.concat([u16(10), name('mail.example.test')]))); ar.push(rr('mail.example.test', 1, ip4('10.77.0.25'))); }
  else if (qtype === 16) { const t = Buffer.from('v=spf1 -all'); an.push(rr(qn, 16, Buffer.concat([Buffer.from([t.length]), t]))); }
  else if (qtype === 12) { an.push(rr(qn, 12, name('host.example.test'))); }
  else if (qtype === 33) { an.push(rr(qn, 33, Buffer.concat([u16(0), u16(5), u16(5060), name('sip.example.test')]))); }
  else if (qtype === 6) { an.push(rr(qn, 6, soa())); aa = 0; }
  else if (qtype === 2) { an.push(rr(qn, 2, name('ns1.example.test'))); ar.push(rr('ns1.example.test', 1, ip4('10.77.0.2'))); }
  else { an.push(rr(qn, 1, ip4('10.77.0.53'))); }
  // an EDNS OPT record in the additional section when the query had one
  if (m.readUInt16BE(10) > 0) ar.push(Buffer.concat([Buffer.from([0]), u16(41), u16(1232), u32(0), u16(0)]));
  const h = Buffer.alloc(12);
  h.writeUInt16BE(m.readUInt16BE(0), 0);
  h.writeUInt16BE(0x8000 | aa | (m.readUInt16BE(2) & 0x0100) | 0x0080 | rcode, 2);
  h.writeUInt16BE(1, 4); h.writeUInt16BE(an.length, 6); h.writeUInt16BE(ns.length, 8); h.writeUInt16BE(ar.length, 10);
  s.send(Buffer.concat([h, q, ...an, ...ns, ...ar]), r.port, r.address);
});
s.bind(53, process.argv[2]);
`;

// DNS queries from A: name, type, with EDNS (an OPT record in the additional section)
const DNS_CLIENT = String.raw`
const dgram = require('node:dgram');
const [server, fam] = [process.argv[1], process.argv[2]];
const qs = [['example.test', 1, 0], ['www.example.test', 1, 1], ['example.test', 28, 0], ['example.test', 15, 1], ['example.test', 16, 0], ['4.3.2.1.in-addr.arpa', 12, 0], ['_sip._udp.example.test', 33, 0], ['example.test', 6, 0], ['example.test', 2, 0], ['nx.example.test', 1, 1],
  ['example.test', 65, 0], ['example.test', 64, 0], ['example.test', 257, 0], ['_443._tcp.example.test', 52, 0], ['example.test', 44, 0], ['example.test', 35, 0],
  ['example.test', 99, 0], ['example.test', 255, 0], ['example.test', 13, 0], ['example.test', 29, 0], ['example.test', 50, 0], ['example.test', 46, 1], ['example.test', 48, 1]];
const name = (n) => Buffer.concat([...n.split('.').map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l)])), Buffer.from([0])]);
const s = dgram.createSocket(fam === '6' ? 'udp6' : 'udp4');
let i = 0;
const next = () => {
  if (i === qs.length) { s.close(); return; }
  const [n, t, edns] = qs[i];
  const h = Buffer.alloc(12); h.writeUInt16BE(0x1000 + i, 0); h.writeUInt16BE(0x0100, 2); h.writeUInt16BE(1, 4); h.writeUInt16BE(edns, 10);
  const tail = Buffer.alloc(4); tail.writeUInt16BE(t, 0); tail.writeUInt16BE(1, 2);
  const opt = edns ? Buffer.from([0, 0, 41, 0x10, 0, 0, 0, 0x80, 0, 0, 0]) : Buffer.alloc(0);
  s.send(Buffer.concat([h, name(n), tail, opt]), 53, server);
  i++;
};
s.on('message', next);
setTimeout(() => s.close(), 5000).unref();
next();
`;

// a TCP conversation: connect, exchange a request and a reply, close; then a connect to a closed port
const TCP_PAIR = String.raw`
const net = require('node:net');
const [role, host, port] = process.argv.slice(1);
if (role === 'server') {
  const srv = net.createServer((c) => { c.on('data', () => { c.end('HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok'); }); }).listen(+port, host);
  setTimeout(() => srv.close(), 60000).unref();
} else {
  const c = net.connect(+port, host, () => c.write('GET / HTTP/1.0\r\nHost: example.test\r\n\r\n'));
  c.on('data', () => {}); c.on('end', () => c.end()); c.on('error', () => {});
}
`;

// joins and leaves on A's second link (10.79.0.1); argv[1] varies the groups between runs
const IGMP_JOINS = String.raw`const s=require('dgram').createSocket('udp4');const k=+process.argv[1];s.bind(5000+k,()=>{s.addMembership('239.1.2.'+(3+k),'10.79.0.1');setTimeout(()=>s.addSourceSpecificMembership('10.79.0.9','232.1.1.'+(1+k),'10.79.0.1'),300);setTimeout(()=>{s.dropMembership('239.1.2.'+(3+k),'10.79.0.1');s.close()},600)})`;

// RFC 4861 4.2 router advertisements (RFC 4191 preferences and route information, RFC 8106 RDNSS
// and DNSSL, RFC 6275 advertisement interval and home agent information), sent on argv[1]
const ROUTER_ADVERTS = String.raw`
import socket, struct, sys
dev, mac = sys.argv[1], bytes.fromhex(sys.argv[2].replace(':', ''))
s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_HOPS, 255)
name = lambda n: b''.join(bytes([len(l)]) + l.encode() for l in n.split('.')) + bytes(1)
def opt(t, body):
    body += bytes(-(len(body) + 2) % 8)
    return bytes([t, (len(body) + 2) // 8]) + body
p6 = lambda a: socket.inet_pton(socket.AF_INET6, a)
ras = [
  struct.pack('!BBHBBHII', 134, 0, 0, 64, 0xc8, 1800, 30000, 1000) + opt(1, mac) + opt(5, struct.pack('!HI', 0, 1500))
  + opt(3, struct.pack('!BBIII', 64, 0xc0, 86400, 14400, 0) + p6('fd79::')) + opt(25, struct.pack('!HI', 0, 600) + p6('fd79::53') + p6('fd79::54'))
  + opt(31, struct.pack('!HI', 0, 600) + name('example.test') + name('lab.example.test')) + opt(24, struct.pack('!BBI', 48, 0x18, 3600) + p6('fd80:1::')[:8])
  + opt(24, struct.pack('!BBI', 0, 0x08, 0xffffffff)) + opt(7, struct.pack('!HI', 0, 4000)) + opt(8, struct.pack('!HHH', 0, 10, 20)),
  struct.pack('!BBHBBHII', 134, 0, 0, 255, 0x38, 0, 0, 0) + opt(3, struct.pack('!BBIII', 48, 0x20, 0xffffffff, 0xffffffff, 0) + p6('fd7a:1::')) + opt(1, mac),
]
for ra in ras:
    s.sendto(ra, ('ff02::1', 0, 0, socket.if_nametoindex(dev)))
`;

async function main() {
  cleanup();
  const children = [];
  try {
    sh(`ip netns add ${A}`);
    sh(`ip netns add ${B}`);
    sh(`ip link add filtv-rec0 netns ${A} type veth peer name filtv-rec1 netns ${B}`);
    for (const [ns, dev, n] of [[A, 'filtv-rec0', 1], [B, 'filtv-rec1', 2]]) {
      const x = `ip netns exec ${ns}`;
      // fixed MAC addresses, so the capture does not depend on the kernel's random ones
      sh(`${x} ip link set ${dev} address 02:00:00:77:00:0${n}`);
      sh(`${x} ip link set lo up`);
      sh(`${x} ip link set ${dev} up`);
      sh(`${x} ip addr add 10.77.0.${n}/24 dev ${dev}`);
      sh(`${x} ip -6 addr add fd77::${n}/64 dev ${dev} nodad`);
      sh(`${x} sysctl -qw net.ipv4.icmp_ratelimit=0 net.ipv6.icmp.ratelimit=0`);
    }
    sh(`ip netns exec ${B} sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1`);
    // B routes 10.78.0.0/24 to a neighbour that never answers ARP: host unreachable after its timeout
    sh(`ip netns exec ${B} ip route add 10.78.0.0/24 via 10.77.0.99`);
    sh(`ip netns exec ${B} ip -6 route add fd78::/64 via fd77::99`);
    sh(`ip netns exec ${A} ip route add 10.78.0.0/24 via 10.77.0.2`);
    sh(`ip netns exec ${A} ip -6 route add fd78::/64 via fd77::2`);
    // the second link: A's filtv-rec2 to a bridge in B (fixed addresses: the BPDUs carry them);
    // hello time 1 s, so that a run of a few seconds has several BPDUs
    sh(`ip link add filtv-rec2 netns ${A} type veth peer name filtv-rec3 netns ${B}`);
    sh(`ip netns exec ${A} ip link set filtv-rec2 address 02:00:00:79:00:01`);
    sh(`ip netns exec ${B} ip link set filtv-rec3 address 02:00:00:79:00:02`);
    sh(`ip netns exec ${B} ip link add filtv-br address 02:00:00:79:00:03 type bridge stp_state 1 hello_time 100 forward_delay 400 mcast_querier 1 mcast_startup_query_interval 100 mcast_igmp_version 3 mcast_mld_version 2`);
    sh(`ip netns exec ${B} ip link set filtv-rec3 master filtv-br`);
    sh(`ip netns exec ${B} ip link set filtv-rec3 up`);
    sh(`ip netns exec ${B} ip link set filtv-br up`);
    sh(`ip netns exec ${A} ip addr add 10.79.0.1/24 dev filtv-rec2`);
    sh(`ip netns exec ${A} ip link set filtv-rec2 up`);
    // no IPv6 router solicitations or MLD reports: they depend on timing
    const cap = spawn('ip', ['netns', 'exec', A, 'tcpdump', '-i', 'filtv-rec0', '-U', '-s', '0', '-w', out], { stdio: ['ignore', 'ignore', 'pipe'] });
    const capL2 = spawn('ip', ['netns', 'exec', A, 'tcpdump', '-i', 'filtv-rec2', '-U', '-s', '0', '-w', outL2], { stdio: ['ignore', 'ignore', 'pipe'] });
    await Promise.all([cap, capL2].map((c) => new Promise((res) => c.stderr.on('data', (d) => String(d).includes('listening') && res()))));
    children.push(cap, capL2);
    const dns4 = spawn('ip', ['netns', 'exec', B, 'node', '-e', DNS_SERVER, '4', '10.77.0.2'], { stdio: 'ignore' });
    const dns6 = spawn('ip', ['netns', 'exec', B, 'node', '-e', DNS_SERVER, '6', 'fd77::2'], { stdio: 'ignore' });
    const web = spawn('ip', ['netns', 'exec', B, 'node', '-e', TCP_PAIR, 'server', '::', '80'], { stdio: 'ignore' });
    children.push(dns4, dns6, web);
    await sleep(1500);
    inA('ping -c 2 -i 0.2 10.77.0.2');
    inA('ping -6 -c 2 -i 0.2 fd77::2');
    inA('ping -c 1 -R 10.77.0.2');
    inA('ping -c 1 -T tsonly 10.77.0.2');
    inA('ping -c 1 -T tsandaddr 10.77.0.2');
    inA('ping -c 1 -s 2000 10.77.0.2');
    inA('ping -6 -c 1 -s 2000 fd77::2');
    inA('ping -c 1 -Q 0x10 -p 414243 10.77.0.2');
    inA('ping -c 1 -t 1 10.78.0.5');
    inA('ping -6 -c 1 -t 1 fd78::5');
    inA('ping -c 1 -W 5 10.78.0.6');
    inA('ping -6 -c 1 -W 5 fd78::6');
    inA(`node -e "const s=require('dgram').createSocket('udp4');s.send(Buffer.from('hello'),9999,'10.77.0.2',()=>setTimeout(()=>s.close(),300))"`);
    inA(`node -e "const s=require('dgram').createSocket('udp6');s.send(Buffer.from('hello6'),9999,'fd77::2',()=>setTimeout(()=>s.close(),300))"`);
    inA(`node -e "${DNS_CLIENT.replace(/"/g, '\\"').replace(/\$/g, '\\$')}" 10.77.0.2 4`);
    inA(`node -e "${DNS_CLIENT.replace(/"/g, '\\"').replace(/\$/g, '\\$')}" fd77::2 6`);
    inA(`node -e "${TCP_PAIR.replace(/"/g, '\\"').replace(/\$/g, '\\$')}" client 10.77.0.2 80`);
    await sleep(500);
    inA(`node -e "${TCP_PAIR.replace(/"/g, '\\"').replace(/\$/g, '\\$')}" client fd77::2 80`);
    await sleep(500);
    inA(`node -e "require('net').connect(81,'10.77.0.2').on('error',()=>{})"`);
    inA(`node -e "require('net').connect(81,'fd77::2').on('error',()=>{})"`);
    await sleep(1000);
    // IGMP on the second link: v3 joins (any source, then one source), leaves; then v2, then v1
    inA(`node -e "${IGMP_JOINS}" 0`);
    sh(`ip netns exec ${A} sysctl -qw net.ipv4.conf.filtv-rec2.force_igmp_version=2`);
    inA(`node -e "${IGMP_JOINS}" 1`);
    sh(`ip netns exec ${A} sysctl -qw net.ipv4.conf.filtv-rec2.force_igmp_version=1`);
    inA(`node -e "${IGMP_JOINS}" 2`);
    // two router advertisements from the bridge's link-local address (once it has one: the bridge
    // has no carrier until its port forwards), every option type tcpdump decodes; Python for the
    // raw ICMPv6 socket Node lacks (the kernel fills in the checksum); skipped without python3
    for (let i = 0; i < 100 && !/inet6 fe80::\S+ scope link\s*$/m.test(sh(`ip netns exec ${B} ip -6 addr show dev filtv-br scope link`, true)); i++) await sleep(100);
    sh(`ip netns exec ${B} python3 -c "${ROUTER_ADVERTS}" filtv-br 02:00:00:79:00:03`, true);
    await sleep(1000);
    for (const p of [dns4, dns6, web]) p.kill();
    for (const c of [cap, capL2]) {
      c.kill('SIGINT');
      await new Promise((res) => (c.exitCode !== null ? res() : c.on('exit', res)));
    }
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    cleanup();
  }
  console.log(sh(`tcpdump -r ${out} 2>/dev/null | wc -l`).trim(), 'packets in', out);
  console.log(sh(`tcpdump -r ${outL2} 2>/dev/null | wc -l`).trim(), 'packets in', outL2);
}
await main();
