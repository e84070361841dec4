/** Filter expressions for the tcpdump equivalence tests: every construct of pcap-filter(7) tsbpf supports. */
export const ETHERNET_EXPRESSIONS = [
  '', 'ip', 'ip6', 'arp', 'rarp', 'tcp', 'udp', 'icmp', 'icmp6', 'sctp', 'igmp', 'ah',
  'host 10.0.0.1', 'src host 10.0.0.1', 'dst host 10.0.0.2', 'host 10.0.0.1 or 10.0.0.2', 'host 10.0.0.1 and 10.0.0.2',
  'src or dst host 8.8.8.8', 'src and dst host 10.0.0.1', 'ip host 10.0.0.1', 'arp host 10.0.0.2', 'rarp host 10.0.0.9',
  'src 10.0.0.1', 'dst 10.0.0.2 or 8.8.8.8', 'host 10.0', 'not host 10.0.0.1',
  'net 10.0.0.0/8', 'net 192.168.1.0/24', 'net 10', 'net 192.168', 'net 10.0.0.0 mask 255.255.255.0', 'src net 172.16.0.0/12', 'dst net 10.0.1.0/24 or net 1.1.1.0/24',
  'host 2001:db8::1', 'src host 2001:db8::2', 'net 2001:db8::/32', 'net fe80::/10', 'ip6 host fe80::1', 'dst net 2001:db8:1::/48',
  'port 80', 'port 53', 'tcp port 80', 'udp port 53', 'sctp port 80', 'src port 1234', 'dst port 443', 'port 80 or 443', 'tcp port 22 or 80',
  'port 80 and host 10.0.0.1', 'src or dst port 53', 'src and dst port 5000', 'port domain', 'tcp port http', 'udp port ntp',
  'portrange 1000-2000', 'tcp portrange 20-25', 'src portrange 5000-6000', 'udp dst portrange 50-60',
  'ether host 00:11:22:33:44:55', 'ether src 00:aa:bb:cc:dd:ee', 'ether dst 52:54:00:12:34:56', 'ether broadcast', 'ether multicast', 'broadcast', 'multicast',
  'ether proto 0x0800', 'ether proto \\arp', 'ether proto \\ip6', 'ether proto 38',
  'ip proto 6', 'ip proto \\udp', 'ip6 proto 58', 'ip6 proto \\tcp', 'proto 17', 'ip proto 47',
  'protochain 6', 'ip6 protochain 17', 'ip protochain 6', 'ip6 protochain 58',
  'vlan', 'vlan 10', 'vlan 20', 'vlan and ip', 'vlan 10 and tcp port 80', 'vlan and vlan 10', 'not vlan', 'vlan and arp', 'vlan 10 and ip6',
  'mpls', 'mpls 5', 'mpls 17', 'mpls and mpls 17', 'mpls 5 and host 10.0.0.1', 'mpls and ip and udp', 'mpls 1000 and udp port 53',
  'len > 100', 'len <= 64', 'greater 200', 'less 80', 'len >= 1000 or len < 61', 'len = 60',
  'tcp[tcpflags] & tcp-syn != 0', 'tcp[tcpflags] & (tcp-syn|tcp-ack) = tcp-syn', 'tcp[13] & 0x12 = 0x12', 'tcp[tcpflags] & (tcp-fin|tcp-rst) != 0',
  'tcp[tcpflags] & tcp-urg != 0', 'tcp[tcpflags] & (tcp-ece|tcp-cwr) != 0',
  'icmp[icmptype] = icmp-echo', 'icmp[icmptype] == icmp-echoreply or icmp[icmptype] = icmp-unreach', 'icmp[0] != 8',
  'icmp6[icmp6type] = icmp6-echo', 'icmp6[0] = icmp6-neighborsolicit',
  'ip[0] & 0xf > 5', 'ip[0] & 0xf != 5', 'ip[6:2] & 0x1fff != 0', 'ip[6] & 0x20 != 0', 'ip[8] < 64', 'ip[2:2] > 500', 'ip[9] = 17 and udp[8:2] > 0',
  'udp[0:2] = 53 or udp[2:2] = 53', 'tcp[0:2] > 1023 and tcp[2:2] < 1024', 'tcp[4:4] = 1000', 'udp[4:2] - 8 > 50',
  'ether[0] & 1 != 0', 'ether[12:2] = 0x86dd', 'link[6:4] = 0x00aabbcc', 'ip6[6] = 17', 'ip6[40] = 128', 'arp[6:2] = 2', 'arp[7] = 1',
  'ip[2:2] - (ip[0] & 0xf) * 4 > 100', 'ip[2:2] / 2 > 100', 'ip[2:2] % 7 = 3', 'ip[2:2] >> 2 = 10', 'ip[8] << 2 > 200', 'ip[1] | 1 = 1', 'ip[2:2] ^ 0x10 > 0x50',
  '-ip[8] > 100', 'ip[ip[0] & 0xf] = 0', 'tcp[(tcp[12] >> 4) * 4] = 0x47', 'ip[2:2] + 14 = len', 'len - 14 = ip[2:2]',
  'ip and not tcp', 'tcp or udp', 'not ip and not ip6', 'not (tcp or udp)', 'tcp and (port 80 or port 443)', '(tcp or udp) and host 10.0.0.1',
  'icmp or icmp6 or arp', 'ip and udp port 53 or icmp', 'not port 22 and not port 80', '!tcp && (udp || icmp)', 'host 10.0.0.1 and not (port 80 or port 22)',
  'tcp src port 80 or tcp dst port 80 and host 10.0.0.2', 'ip multicast', 'ip6 multicast', 'ip broadcast', 'ip and len > 100 and tcp[13] = 2',
];

/** expressions for the other link types (no link-layer addresses, vlan or mpls) */
export const L3_EXPRESSIONS = [
  '', 'ip', 'ip6', 'tcp', 'udp', 'icmp', 'icmp6', 'sctp', 'igmp', 'arp', 'host 10.0.0.1', 'src net 10.0.0.0/16', 'host 2001:db8::1', 'net 2001:db8::/32',
  'port 80', 'tcp port 443', 'udp port 53', 'portrange 1-1024', 'protochain 6', 'ip6 protochain 17', 'ip proto 47', 'ip6 proto 58',
  'tcp[tcpflags] & tcp-syn != 0', 'icmp[icmptype] = icmp-echo', 'ip[8] = 64', 'ip6[7] = 255', 'len > 100', 'less 60', 'not tcp and not udp',
  'ip and (port 80 or port 22)', 'ip[2:2] + 0 > 40',
];
