#!/usr/bin/env node
// Records captures for the filter comparison with tcpdump (docs/filter.md, "Selection hunt"):
// tcpdump itself records, on one end of a veth pair between two network namespaces, what the
// kernel sends and what Scapy injects (needs root, iproute2, ping, tcpdump, python3 with scapy).
//   - kernel traffic: ARP, neighbour discovery, ping over IPv4 and IPv6 (sizes that fragment),
//     TCP conversations (a node server; resets from a closed port), UDP to port 53 and to closed
//     ports (ICMP errors), and the same inside VXLAN (UDP 4789, the one tunnel this kernel has);
//   - frames this kernel cannot make (no 8021q, mpls, pppoe or geneve modules), from Scapy with
//     every field it leaves unset filled at random (fuzz(), seeded): 802.1Q, 802.1ad and 0x9100
//     tags, stacked tags, MPLS label stacks, PPPoE discovery and sessions, Geneve (Ethernet and
//     IP inside), 802.2 LLC/SNAP, IPv6 extension headers, IP options, fragments.
// Writes OUT.pcap (whole frames), OUT-s96.pcap (tcpdump -s 96: cut records) and OUT-any.pcap
// (tcpdump -i any: Linux cooked headers, every interface of B — the veth and the VXLAN device).
// Run: sudo node scripts/record-filter-captures.mjs OUT [SEED]
import { spawn, spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

const out = (process.argv[2] ?? 'netns-filter').replace(/\.pcap$/, '');
const seed = Number(process.argv[3] ?? 1);
const A = `pcomp-a-${process.pid}`, B = `pcomp-b-${process.pid}`;
const sh = (cmd, ok = false) => {
  const r = spawnSync('sh', ['-c', cmd], { encoding: 'utf8' });
  if (r.status !== 0 && !ok) throw new Error(`${cmd}: ${r.stderr}`);
  return r.stdout;
};
const inA = (cmd) => sh(`ip netns exec ${A} ${cmd}`, true);
// a program and its arguments in A, without a shell between (the scripts carry quotes)
const runA = (...argv) => spawnSync('ip', ['netns', 'exec', A, ...argv], { encoding: 'utf8', timeout: 120_000 });
const cleanup = () => { sh(`ip netns del ${A}`, true); sh(`ip netns del ${B}`, true); };

const TCP = String.raw`
const net = require('node:net');
const [mode, host, port] = process.argv.slice(1);
if (mode === 'server') net.createServer((c) => { c.on('data', (d) => c.write('HTTP/1.0 200 OK\r\n\r\n' + d.toString().toUpperCase())); c.on('end', () => c.end()); }).listen(+port, host);
else { const c = net.connect(+port, host, () => { c.write('GET / HTTP/1.0\r\nHost: ' + host + '\r\n\r\n'); c.write(Buffer.alloc(3000, 0x61)); setTimeout(() => c.end(), 200); }); c.on('data', () => {}); c.on('error', () => {}); }
`;
const UDP = String.raw`
const d = require('node:dgram');
const [fam, host, port, n] = process.argv.slice(1);
const s = d.createSocket(fam);
let i = 0;
const q = (name) => { const b = [Buffer.from([0x12, i, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0])]; for (const l of name.split('.')) b.push(Buffer.from([l.length]), Buffer.from(l)); b.push(Buffer.from([0, 0, 1 + (i % 3) * 27, 0, 1])); return Buffer.concat(b); };
const go = () => { if (i >= +n) return s.close(); s.send(q('host' + i + '.example.test'), +port, host, () => { i++; setTimeout(go, 5); }); };
go();
`;
// frames Scapy builds on A's veth end; random fields from fuzz() with a fixed seed
const SCAPY = String.raw`
import random, sys
from scapy.all import *
from scapy.contrib.mpls import MPLS
from scapy.contrib.geneve import GENEVE
random.seed(int(sys.argv[2]))
iface = sys.argv[1]
src, dst = '02:00:00:7a:00:01', '02:00:00:7a:00:02'
ip = lambda: IP(src='10.80.0.1', dst='10.80.0.2')
ip6 = lambda: IPv6(src='fd80::1', dst='fd80::2')
l4 = lambda: random.choice([TCP(sport=random.randint(1, 65535), dport=random.choice([80, 443, 22, 53, 6081, 0, 65535]), flags=random.choice(['S', 'SA', 'A', 'PA', 'F', 'R', 'U', 'SEC', ''])),
                            UDP(sport=random.randint(1, 65535), dport=random.choice([53, 67, 123, 4789, 6081, 0, 65535])), ICMP(type=random.choice([0, 3, 8, 11, 5, 13])), fuzz(TCP()), fuzz(UDP())])
l4v6 = lambda: random.choice([TCP(dport=random.choice([80, 53, 22])), UDP(dport=random.choice([53, 547])), ICMPv6EchoRequest(), ICMPv6ND_NS(tgt='fd80::2'), fuzz(TCP())])
net = lambda: random.choice([ip() / l4(), ip6() / l4v6(), ip() / l4(), ARP(pdst='10.80.0.2'), fuzz(ip()) / l4(), ip6() / IPv6ExtHdrHopByHop() / IPv6ExtHdrDestOpt() / l4v6(), ip6() / IPv6ExtHdrFragment(offset=random.choice([0, 0, 5])) / l4v6(),
                            IP(src='10.80.0.1', dst='10.80.0.2', options=[IPOption_RR()]) / l4(), IP(src='10.80.0.1', dst='10.80.0.2', flags='MF', frag=random.choice([0, 1, 100])) / l4()])
inner = lambda: Ether(src='02:00:00:7b:00:01', dst=random.choice(['02:00:00:7b:00:02', 'ff:ff:ff:ff:ff:ff', '01:00:5e:00:00:01'])) / net()
def frames():
    for _ in range(int(sys.argv[3])):
        k = random.randrange(14)
        e = Ether(src=src, dst=random.choice([dst, 'ff:ff:ff:ff:ff:ff', '33:33:00:00:00:01', '01:00:5e:7f:00:01']))
        vid = lambda: random.choice([0, 1, 5, 7, 4095, random.randint(0, 4095)])
        if k == 0: yield e / Dot1Q(vlan=vid(), prio=random.randint(0, 7)) / net()
        elif k == 1: yield e / Dot1AD(vlan=vid()) / Dot1Q(vlan=vid()) / net()
        elif k == 2: yield Ether(bytes(e / Dot1Q(vlan=vid()) / net()).replace(b'\x81\x00', b'\x91\x00', 1))
        elif k == 3: yield e / Dot1Q(vlan=vid()) / Dot1Q(vlan=vid()) / net()
        elif k == 4: yield e / MPLS(label=random.choice([0, 2, 5, 17, 1000, 1048575]), s=1, ttl=64) / random.choice([ip() / l4(), ip6() / l4v6()])
        elif k == 5: yield e / MPLS(label=5, s=0) / MPLS(label=random.choice([17, 1000]), s=1) / ip() / l4()
        elif k == 6: yield e / PPPoED(code=random.choice([0x09, 0x07, 0x19, 0xa7]), sessionid=0) / Raw(b'\x01\x01\x00\x00')
        elif k == 7: yield e / PPPoE(sessionid=random.choice([0, 3, 0x3b, 0xffff])) / PPP(proto=random.choice([0x21, 0x57, 0xc021])) / random.choice([ip() / l4(), ip6() / l4v6(), Raw(b'\x01\x01\x00\x04')])
        elif k == 8: yield e / ip() / UDP(sport=random.randint(1024, 65535), dport=6081) / GENEVE(vni=random.choice([0, 5, 7, 0xb, 0xffffff]), proto=0x6558, optionlen=random.choice([0, 0, 2])) / (Raw(b'\x01\x02\x03\x04' * 2) if random.random() < 0.3 else Raw(b'')) / inner()
        elif k == 9: yield e / random.choice([ip(), ip6()]) / UDP(dport=6081) / GENEVE(vni=random.choice([5, 7]), proto=random.choice([0x0800, 0x86dd])) / random.choice([ip() / l4(), ip6() / l4v6()])
        elif k == 10: yield Dot3(src=src, dst=random.choice([dst, '01:80:c2:00:00:00', '09:00:2b:00:00:05'])) / LLC(dsap=random.choice([0x42, 0xaa, 0xfe, 0xe0, 0xf0]), ssap=random.choice([0x42, 0xaa, 0xfe, 0xe0, 0xf0]), ctrl=random.choice([3, 0, 0xaf, 0xe3, 0x01])) / Raw(bytes(random.randrange(256) for _ in range(random.randint(0, 40))))
        elif k == 11: yield Dot3(src=src, dst=dst) / LLC(dsap=0xaa, ssap=0xaa, ctrl=3) / SNAP(OUI=random.choice([0, 0x80c7]), code=random.choice([0x0800, 0x0806, 0x809b, 0x8137])) / ip() / l4()
        elif k == 12: yield e / Raw(bytes(random.randrange(256) for _ in range(random.randint(0, 60))))
        else: yield e / net()
sendp(list(frames()), iface=iface, verbose=False, inter=0.002)
`;

async function main() {
  cleanup();
  try {
    sh(`ip netns add ${A} && ip netns add ${B}`);
    sh(`ip link add pcomp0 netns ${A} type veth peer name pcomp1 netns ${B}`);
    for (const [ns, dev, v4, v6, mac] of [[A, 'pcomp0', '10.80.0.1', 'fd80::1', '02:00:00:7a:00:01'], [B, 'pcomp1', '10.80.0.2', 'fd80::2', '02:00:00:7a:00:02']]) {
      sh(`ip -n ${ns} link set lo up && ip -n ${ns} link set ${dev} address ${mac} up && ip -n ${ns} addr add ${v4}/24 dev ${dev} && ip -n ${ns} addr add ${v6}/64 dev ${dev} nodad`);
      const peer = ns === A ? '10.80.0.2' : '10.80.0.1';
      sh(`ip -n ${ns} link add vx5 type vxlan id 5 remote ${peer} dstport 4789 dev ${dev} && ip -n ${ns} link set vx5 up && ip -n ${ns} addr add ${ns === A ? '10.81.0.1' : '10.81.0.2'}/24 dev vx5 && ip -n ${ns} addr add ${ns === A ? 'fd81::1' : 'fd81::2'}/64 dev vx5 nodad`);
    }
    const caps = [spawn('ip', ['netns', 'exec', B, 'tcpdump', '-i', 'pcomp1', '-U', '-s', '0', '-w', `${out}.pcap`], { stdio: ['ignore', 'ignore', 'pipe'] }),
      spawn('ip', ['netns', 'exec', B, 'tcpdump', '-i', 'pcomp1', '-U', '-s', '96', '-w', `${out}-s96.pcap`], { stdio: ['ignore', 'ignore', 'pipe'] }),
      spawn('ip', ['netns', 'exec', B, 'tcpdump', '-i', 'any', '-U', '-s', '0', '-w', `${out}-any.pcap`], { stdio: ['ignore', 'ignore', 'pipe'] })];
    await sleep(1500);
    const srv = [spawn('ip', ['netns', 'exec', B, 'node', '-e', TCP, 'server', '::', '80'], { stdio: 'ignore' })];
    await sleep(500);
    for (const [t4, t6] of [['10.80.0.2', 'fd80::2'], ['10.81.0.2', 'fd81::2']]) {
      inA(`ping -c 2 -i 0.2 ${t4}`);
      inA(`ping -c 1 -s 3000 ${t4}`);
      inA(`ping -6 -c 2 -i 0.2 ${t6}`);
      inA(`ping -6 -c 1 -s 2000 ${t6}`);
      inA(`ping -c 1 -t 1 -R ${t4}`);
      runA('node', '-e', TCP, 'client', t4, '80');
      runA('node', '-e', TCP, 'client', t6, '80');
      runA('node', '-e', TCP, 'client', t4, '81');
      runA('node', '-e', UDP, 'udp4', t4, '53', '6');
      runA('node', '-e', UDP, 'udp6', t6, '53', '4');
    }
    const py = runA('/usr/bin/python3', '-c', SCAPY, 'pcomp0', String(seed), '400');
    if (py.status !== 0) throw new Error(`scapy: ${py.stderr}`);
    await sleep(1500);
    for (const p of [...caps, ...srv]) p.kill('SIGINT');
    await sleep(800);
  } finally {
    cleanup();
  }
  for (const f of [`${out}.pcap`, `${out}-s96.pcap`, `${out}-any.pcap`]) console.log(sh(`tcpdump -r ${f} 2>/dev/null | wc -l`).trim(), 'packets in', f);
}
await main();
