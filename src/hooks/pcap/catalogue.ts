/**
 * The deterministic packet mix of tsbpf's test captures (scripts/make-captures.mjs writes them
 * to test/data/pcap/) and of the generated bench capture: every protocol and construct the filter
 * language can test, over a handful of hosts.
 */
import * as s from './synth.js';

export interface L3Packet {
  /** ethertype of the network layer */
  type: number;
  l3: Uint8Array;
  note: string;
}

const HOSTS4 = ['10.0.0.1', '10.0.0.2', '10.0.1.7', '192.168.1.10', '192.168.1.20', '172.16.5.4', '8.8.8.8', '1.1.1.1'];
const HOSTS6 = ['2001:db8::1', '2001:db8::2', 'fe80::1', '2001:db8:1::77', 'fe80::2'];
const MACS = ['00:11:22:33:44:55', '00:aa:bb:cc:dd:ee', '02:00:00:00:00:01', '52:54:00:12:34:56'];
const PORTS = [22, 53, 80, 443, 8080, 1024, 6000, 5353, 123, 3306];
const FLAGS = [s.TCP_SYN, s.TCP_SYN | s.TCP_ACK, s.TCP_ACK, s.TCP_PSH | s.TCP_ACK, s.TCP_FIN | s.TCP_ACK, s.TCP_RST, s.TCP_URG | s.TCP_ACK, s.TCP_ECE | s.TCP_CWR | s.TCP_SYN];

/** the IPv4 and IPv6 packets, independent of the link layer */
export function l3Catalogue(seed = 1, count = 80): L3Packet[] {
  const r = s.prng(seed);
  const pick = <T>(a: T[]): T => a[Math.floor(r() * a.length)]!;
  const out: L3Packet[] = [];
  const v4 = (l3: Uint8Array, note: string) => out.push({ type: s.ETH_P_IP, l3, note });
  const v6 = (l3: Uint8Array, note: string) => out.push({ type: s.ETH_P_IPV6, l3, note });
  // fixed constructs first
  v4(s.ipv4('10.0.0.1', '10.0.0.2', 6, s.tcp(1234, 80, s.TCP_SYN)), 'tcp syn');
  v4(s.ipv4('10.0.0.2', '10.0.0.1', 6, s.tcp(80, 1234, s.TCP_SYN | s.TCP_ACK)), 'tcp syn-ack');
  v4(s.ipv4('10.0.0.1', '10.0.0.2', 6, s.tcp(1234, 80, s.TCP_PSH | s.TCP_ACK, s.payload(300, 3))), 'tcp data');
  v4(s.ipv4('10.0.0.1', '8.8.8.8', 17, s.udp(5353, 53, s.payload(30, 4))), 'udp dns');
  v4(s.ipv4('10.0.0.1', '8.8.8.8', 1, s.icmp(8, 0)), 'icmp echo');
  v4(s.ipv4('8.8.8.8', '10.0.0.1', 1, s.icmp(0, 0)), 'icmp echo reply');
  v4(s.ipv4('192.168.1.1', '10.0.0.1', 1, s.icmp(3, 3, s.payload(28, 5))), 'icmp unreach');
  v4(s.ipv4('192.168.1.1', '10.0.0.1', 1, s.icmp(11, 0, s.payload(28, 6))), 'icmp timxceed');
  v4(s.ipv4('10.0.0.1', '10.0.0.9', 132, s.sctp(9899, 80)), 'sctp');
  v4(s.ipv4('10.0.0.5', '224.0.0.1', 2, s.igmp(0x11, '0.0.0.0'), { ttl: 1 }), 'igmp query');
  v4(s.ipv4('10.0.0.5', '224.0.0.22', 2, s.igmp(0x16, '239.1.1.1'), { ttl: 1, options: [0x94, 4, 0, 0] }), 'igmp report, router alert option');
  v4(s.ipv4('10.0.0.1', '10.0.0.2', 6, s.tcp(2222, 22, s.TCP_ACK), { options: [1, 1, 1, 0] }), 'tcp with ip options (ihl 6)');
  // fragments: first (MF) has the ports, the second has none
  const big = s.udp(4000, 53, s.payload(64, 7));
  v4(s.ipv4('10.0.0.3', '10.0.0.4', 17, big.subarray(0, 40), { id: 77, moreFragments: true }), 'udp first fragment');
  v4(s.ipv4('10.0.0.3', '10.0.0.4', 17, big.subarray(40), { id: 77, fragOffset: 5 }), 'udp second fragment');
  v4(s.ipv4('10.0.0.3', '10.0.0.4', 6, s.payload(24, 8), { id: 78, fragOffset: 3 }), 'tcp later fragment whose bytes look like port 80');
  v4(s.ipv4('10.0.0.1', '10.0.0.2', 51, s.ah(6, s.tcp(1000, 443, s.TCP_SYN))), 'ah then tcp (protochain)');
  v4(s.ipv4('10.0.0.1', '255.255.255.255', 17, s.udp(68, 67, s.payload(40, 9))), 'udp broadcast');
  v4(s.ipv4('10.0.0.1', '239.1.1.1', 17, s.udp(5000, 5000, s.payload(20, 10))), 'udp multicast');
  v4(s.ipv4('10.0.0.1', '10.0.0.2', 6, s.tcp(40000, 443, s.TCP_ACK, s.payload(1400, 11))), 'tcp large');
  v4(s.ipv4('10.0.0.1', '10.0.0.2', 47, s.payload(24, 12)), 'gre (other protocol)');
  v6(s.ipv6('2001:db8::1', '2001:db8::2', 6, s.tcp(1234, 80, s.TCP_SYN)), 'ip6 tcp syn');
  v6(s.ipv6('2001:db8::2', '2001:db8::1', 17, s.udp(53, 5353, s.payload(40, 13))), 'ip6 udp');
  v6(s.ipv6('2001:db8::1', '2001:db8::2', 58, s.icmp(128, 0)), 'icmp6 echo');
  v6(s.ipv6('fe80::1', 'ff02::1:ff00:2', 58, s.icmp(135, 0, s.payload(20, 14)), 255), 'icmp6 neighbor solicitation');
  v6(s.ipv6('2001:db8::1', '2001:db8::2', 0, s.ip6ext(6, s.tcp(1111, 443, s.TCP_ACK), 0)), 'ip6 hop-by-hop then tcp');
  v6(s.ipv6('2001:db8::1', '2001:db8::2', 43, s.ip6ext(60, s.ip6ext(17, s.udp(7, 53), 60), 43)), 'ip6 routing, dstopts, udp');
  v6(s.ipv6('2001:db8::1', '2001:db8::2', 44, s.ip6frag(6, s.tcp(1234, 80, s.TCP_ACK), 0, true)), 'ip6 fragment header then tcp');
  v6(s.ipv6('2001:db8::1', '2001:db8::2', 51, s.ah(6, s.tcp(1234, 22, s.TCP_ACK))), 'ip6 ah then tcp');
  v6(s.ipv6('2001:db8::1', '2001:db8::2', 132, s.sctp(80, 9899)), 'ip6 sctp');
  v6(s.ipv6('2001:db8:1::77', 'ff02::16', 0, s.ip6ext(58, s.icmp(143, 0, s.payload(20, 15)), 0)), 'ip6 mld report behind hop-by-hop');
  v6(s.ipv6('2001:db8::1', '2001:db8::2', 59, new Uint8Array(0)), 'ip6 no next header');
  // a random mix
  while (out.length < count) {
    const kind = r();
    if (kind < 0.45) {
      const [a, b] = [pick(HOSTS4), pick(HOSTS4)];
      v4(s.ipv4(a, b, 6, s.tcp(pick(PORTS), pick(PORTS), pick(FLAGS), s.payload(Math.floor(r() * 200), out.length)), { id: out.length, dontFragment: r() < 0.5 }), 'tcp mix');
    } else if (kind < 0.65) {
      v4(s.ipv4(pick(HOSTS4), pick(HOSTS4), 17, s.udp(pick(PORTS), pick(PORTS), s.payload(Math.floor(r() * 100), out.length)), { id: out.length }), 'udp mix');
    } else if (kind < 0.75) {
      v4(s.ipv4(pick(HOSTS4), pick(HOSTS4), 1, s.icmp(pick([0, 8, 3, 11, 5, 13]), 0)), 'icmp mix');
    } else if (kind < 0.88) {
      v6(s.ipv6(pick(HOSTS6), pick(HOSTS6), 6, s.tcp(pick(PORTS), pick(PORTS), pick(FLAGS))), 'ip6 tcp mix');
    } else {
      v6(s.ipv6(pick(HOSTS6), pick(HOSTS6), 17, s.udp(pick(PORTS), pick(PORTS), s.payload(Math.floor(r() * 60), out.length))), 'ip6 udp mix');
    }
  }
  return out;
}

/** Ethernet frames: every L3 packet, plus ARP, RARP, VLAN, QinQ, MPLS, LLC, broadcast/multicast */
export function ethernetCatalogue(seed = 1): Uint8Array[] {
  const r = s.prng(seed + 100);
  const pick = <T>(a: T[]): T => a[Math.floor(r() * a.length)]!;
  const out: Uint8Array[] = [];
  for (const p of l3Catalogue(seed)) {
    let dst = pick(MACS);
    const src = pick(MACS);
    if (p.note.includes('broadcast')) dst = 'ff:ff:ff:ff:ff:ff';
    if (p.note.includes('multicast') || p.note.includes('igmp')) dst = '01:00:5e:01:01:01';
    if (p.type === s.ETH_P_IPV6 && p.note.includes('neighbor')) dst = '33:33:ff:00:00:02';
    out.push(s.ether(dst, src, p.type, p.l3));
  }
  out.push(s.ether('ff:ff:ff:ff:ff:ff', MACS[0]!, s.ETH_P_ARP, s.arp(s.ARPOP_REQUEST, MACS[0]!, '10.0.0.1', '00:00:00:00:00:00', '10.0.0.2')));
  out.push(s.ether(MACS[0]!, MACS[1]!, s.ETH_P_ARP, s.arp(s.ARPOP_REPLY, MACS[1]!, '10.0.0.2', MACS[0]!, '10.0.0.1')));
  out.push(s.ether('ff:ff:ff:ff:ff:ff', MACS[2]!, s.ETH_P_RARP, s.arp(s.ARPOP_RREQUEST, MACS[2]!, '0.0.0.0', MACS[2]!, '0.0.0.0')));
  out.push(s.ether(MACS[2]!, MACS[3]!, s.ETH_P_RARP, s.arp(s.ARPOP_RREPLY, MACS[3]!, '10.0.0.9', MACS[2]!, '10.0.0.8')));
  const tcp = (a: string, b: string, dp: number) => s.ipv4(a, b, 6, s.tcp(3333, dp, s.TCP_SYN));
  out.push(s.ether(MACS[0]!, MACS[1]!, s.ETH_P_8021Q, s.vlanTag(10, s.ETH_P_IP, tcp('10.0.0.1', '10.0.0.2', 80))));
  out.push(s.ether(MACS[0]!, MACS[1]!, s.ETH_P_8021Q, s.vlanTag(20, s.ETH_P_IP, s.ipv4('10.0.0.1', '8.8.8.8', 17, s.udp(1024, 53)))));
  out.push(s.ether(MACS[0]!, MACS[1]!, s.ETH_P_8021Q, s.vlanTag(10, s.ETH_P_IPV6, s.ipv6('2001:db8::1', '2001:db8::2', 6, s.tcp(5, 443, s.TCP_SYN)), 3)));
  out.push(s.ether(MACS[1]!, MACS[0]!, s.ETH_P_8021Q, s.vlanTag(30, s.ETH_P_ARP, s.arp(1, MACS[1]!, '10.0.0.2', '00:00:00:00:00:00', '10.0.0.1'))));
  out.push(s.ether(MACS[0]!, MACS[1]!, s.ETH_P_8021AD, s.vlanTag(100, s.ETH_P_8021Q, s.vlanTag(10, s.ETH_P_IP, tcp('10.0.0.2', '10.0.0.1', 22)))));
  out.push(s.ether(MACS[0]!, MACS[1]!, s.ETH_P_MPLS_UC, s.mplsLabel(5, true, tcp('10.0.0.1', '10.0.0.2', 80))));
  out.push(s.ether(MACS[0]!, MACS[1]!, s.ETH_P_MPLS_UC, s.mplsLabel(5, false, s.mplsLabel(17, true, tcp('192.168.1.10', '10.0.0.2', 443)))));
  out.push(s.ether(MACS[0]!, MACS[1]!, s.ETH_P_MPLS_UC, s.mplsLabel(1000, true, s.ipv4('10.0.0.7', '10.0.0.8', 17, s.udp(53, 53)))));
  // 802.3 length field with LLC (STP BPDU-like), and an unknown ethertype
  out.push(s.ether('01:80:c2:00:00:00', MACS[2]!, 38, s.concat(Uint8Array.from([0x42, 0x42, 0x03]), s.payload(35, 16))));
  out.push(s.ether(MACS[3]!, MACS[2]!, 0x88cc, s.payload(40, 17)));
  // frames shorter than an Ethernet header, and barely an IPv4 header
  out.push(Uint8Array.from(s.mac(MACS[0]!).concat(s.mac(MACS[1]!))));
  out.push(s.ether(MACS[0]!, MACS[1]!, s.ETH_P_IP, s.ipv4('10.0.0.1', '10.0.0.2', 6, new Uint8Array(0)), false));
  return out;
}

/** the XDP firewall example's traffic: allowed and blocklisted sources, TCP/UDP/ICMP */
export function firewallTraffic(seed = 7, count = 64): Uint8Array[] {
  const r = s.prng(seed);
  const allowed = ['10.0.0.1', '10.0.0.2', '192.168.1.10', '172.16.5.4'];
  const blocked = ['203.0.113.7', '198.51.100.23'];
  const out: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const src = r() < 0.3 ? blocked[i % blocked.length]! : allowed[i % allowed.length]!;
    const dst = '10.0.0.100';
    const k = r();
    const l3 =
      k < 0.5
        ? s.ipv4(src, dst, 6, s.tcp(1024 + i, [22, 80, 443][i % 3]!, i % 5 === 0 ? s.TCP_SYN : s.TCP_ACK, s.payload(i * 7 % 120, i)), { id: i })
        : k < 0.8
          ? s.ipv4(src, dst, 17, s.udp(5000 + i, 53, s.payload(20 + (i % 40), i)), { id: i })
          : s.ipv4(src, dst, 1, s.icmp(8, 0), { id: i });
    out.push(s.ether('52:54:00:12:34:56', '00:11:22:33:44:55', s.ETH_P_IP, l3));
  }
  return out;
}
