#!/usr/bin/python3
"""
Writes test/data/pcap/scapy-protocols.pcap: packets of the protocols tcpdump decodes and tsbpf's
printer is measured on (test/hooks/print_protocols.test.ts), built by Scapy (Debian's
python3-scapy), a packet library independent of tsbpf, so the bytes are not tsbpf's idea of the
protocols: BOOTP/DHCP, SCTP, GRE, LLDP, NTP, SNMP, VXLAN, PPPoE, 802.3/LLC and SNAP, ARP variants,
IPv6 routing/mobility headers, IPv4 fragments, TCP options (SACK, window scale, TFO, MPTCP, MD5,
user timeout), DNS record types (AAAA, MX, TXT, SRV, PTR, SOA, NAPTR, EDNS OPT), TFTP, syslog,
RIP, VRRP, OSPF, ESP, PIM, CDP, DHCPv6, mDNS. Field values come from a seeded random generator
where a protocol has them (ports, ids, addresses), so the printer meets values nobody picked.

  /usr/bin/python3 scripts/make-print-captures.py [OUT]
"""
import random
import sys

from scapy.all import (ARP, BOOTP, DHCP, DNS, DNSQR, DNSRR, DNSRROPT, DNSRRSOA, DNSRRMX, DNSRRSRV, ESP, GRE, ICMP, IP,
                       IPv6, IPv6ExtHdrFragment, IPv6ExtHdrRouting, LLC, NTP, PPP, PPPoE, PPPoED, RIP, RIPEntry, SCTP,
                       SNAP, SNMP, SNMPget, SNMPresponse, SNMPvarbind, TCP, UDP, Dot1Q, Dot3, Ether, Raw, fragment,
                       wrpcap, ASN1_OID, PPP_LCP, STP, SCTPChunkInit, SCTPChunkInitAck, SCTPChunkData, SCTPChunkSACK,
                       SCTPChunkHeartbeatReq, SCTPChunkCookieEcho, SCTPChunkAbort, SCTPChunkShutdown, VRRP, TFTP,
                       TFTP_RRQ, TFTP_DATA, TFTP_ACK, IPv6ExtHdrHopByHop, ICMPv6EchoRequest, DHCP6_Solicit,
                       DHCP6OptClientId, DHCP6OptElapsedTime, DUID_LLT, NBNSQueryRequest, HSRP)
from scapy.contrib.lldp import (LLDPDUChassisID, LLDPDUPortID, LLDPDUTimeToLive, LLDPDUSystemName,
                                LLDPDUEndOfLLDPDU, LLDPDUSystemDescription, LLDPDUPortDescription)
from scapy.layers.vxlan import VXLAN
from scapy.contrib.ospf import OSPF_Hdr, OSPF_Hello
from scapy.contrib.cdp import CDPv2_HDR, CDPMsgDeviceID, CDPMsgSoftwareVersion
from scapy.contrib.igmpv3 import IGMPv3, IGMPv3mr, IGMPv3gr

R = random.Random(14)
OUT = sys.argv[1] if len(sys.argv) > 1 else 'test/data/pcap/scapy-protocols.pcap'
M1, M2 = '02:00:00:00:14:01', '02:00:00:00:14:02'


def ip4():
    return '10.%d.%d.%d' % (R.randrange(256), R.randrange(256), R.randrange(1, 255))


def ip6():
    return '2001:db8:%x::%x' % (R.randrange(1, 0xffff), R.randrange(1, 0xffff))


def port():
    return R.randrange(1024, 65535)


def e(p):
    return Ether(src=M1, dst=M2) / p


pk = []
# BOOTP / DHCP: discover, offer, request, ack, a bare BOOTP reply
xid = R.randrange(1 << 32)
for t, src, dst, yi in [('discover', '0.0.0.0', '255.255.255.255', '0.0.0.0'), ('offer', '10.0.0.1', '10.0.0.55', '10.0.0.55'),
                        ('request', '0.0.0.0', '255.255.255.255', '0.0.0.0'), ('ack', '10.0.0.1', '10.0.0.55', '10.0.0.55')]:
    opts = [('message-type', t), ('client_id', b'\x01' + bytes.fromhex('020000001401')), ('hostname', b'host%d' % R.randrange(100)),
            ('param_req_list', [1, 3, 6, 15, 28, 51, 58, 59]), 'end']
    if t in ('offer', 'ack'):
        opts = [('message-type', t), ('server_id', '10.0.0.1'), ('lease_time', R.randrange(60, 86400)), ('subnet_mask', '255.255.255.0'),
                ('router', '10.0.0.1'), ('name_server', '10.0.0.1', '8.8.8.8'), ('domain', b'example.test'), 'end']
    pk.append(e(IP(src=src, dst=dst) / UDP(sport=68 if src == '0.0.0.0' else 67, dport=67 if src == '0.0.0.0' else 68) /
                BOOTP(op=1 if src == '0.0.0.0' else 2, xid=xid, yiaddr=yi, chaddr=bytes.fromhex('020000001401'), flags=0x8000 if t == 'discover' else 0) /
                DHCP(options=opts)))
pk.append(e(IP(src=ip4(), dst=ip4()) / UDP(sport=67, dport=68) / BOOTP(op=2, xid=R.randrange(1 << 32), ciaddr='10.1.2.3', siaddr='10.1.2.1', giaddr='10.1.2.254', sname=b'srv', file=b'boot.img')))

# SCTP: the chunk types people see
v = R.randrange(1 << 32)
for ch in [SCTPChunkInit(init_tag=v, a_rwnd=65535, n_out_streams=10, n_in_streams=10, init_tsn=R.randrange(1 << 32)),
           SCTPChunkInitAck(init_tag=v + 1, a_rwnd=106496, n_out_streams=10, n_in_streams=10, init_tsn=R.randrange(1 << 32)),
           SCTPChunkCookieEcho(cookie=b'\x11' * 20),
           SCTPChunkData(tsn=R.randrange(1 << 32), stream_id=1, stream_seq=3, proto_id=0, data=b'hello sctp'),
           SCTPChunkSACK(cumul_tsn_ack=R.randrange(1 << 32), a_rwnd=106496),
           SCTPChunkHeartbeatReq(), SCTPChunkShutdown(cumul_tsn_ack=5), SCTPChunkAbort()]:
    pk.append(e(IP(src='10.0.0.1', dst='10.0.0.2') / SCTP(sport=port(), dport=5000, tag=v) / ch))
pk.append(e(IPv6(src=ip6(), dst=ip6()) / SCTP(sport=port(), dport=36412, tag=v) / SCTPChunkData(tsn=7, data=b'x' * 12)))

# GRE: IPv4 and IPv6 inside, with key and sequence number, and transparent Ethernet bridging
pk.append(e(IP(src=ip4(), dst=ip4()) / GRE() / IP(src=ip4(), dst=ip4()) / ICMP(id=R.randrange(65536), seq=1)))
pk.append(e(IP(src=ip4(), dst=ip4()) / GRE(key_present=1, key=R.randrange(1 << 32), seqnum_present=1, seqence_number=R.randrange(1 << 32)) / IP(src=ip4(), dst=ip4()) / UDP(sport=port(), dport=53) / DNS(rd=1, qd=DNSQR(qname='gre.example.'))))
pk.append(e(IP(src=ip4(), dst=ip4()) / GRE(chksum_present=1) / IPv6(src=ip6(), dst=ip6()) / TCP(sport=port(), dport=443, flags='S', seq=R.randrange(1 << 32))))
pk.append(e(IP(src=ip4(), dst=ip4()) / GRE(proto=0x6558) / Ether(src=M2, dst=M1) / IP(src=ip4(), dst=ip4()) / UDP(sport=port(), dport=port())))

# LLDP
pk.append(Ether(src=M1, dst='01:80:c2:00:00:0e', type=0x88cc) / LLDPDUChassisID(subtype=4, id=M1) / LLDPDUPortID(subtype=5, id=b'eth%d' % R.randrange(8)) /
          LLDPDUTimeToLive(ttl=120) / LLDPDUSystemName(system_name=b'switch-1') / LLDPDUSystemDescription(description=b'tsbpf test') /
          LLDPDUPortDescription(description=b'uplink') / LLDPDUEndOfLLDPDU())

# NTP: client and server
pk.append(e(IP(src=ip4(), dst=ip4()) / UDP(sport=123, dport=123) / NTP(version=4, mode=3)))
pk.append(e(IP(src=ip4(), dst=ip4()) / UDP(sport=123, dport=port()) / NTP(version=4, mode=4, stratum=2, ref_id='10.0.0.1', poll=6, precision=-23)))

# SNMP get / response
pk.append(e(IP(src=ip4(), dst=ip4()) / UDP(sport=port(), dport=161) / SNMP(community=b'public', PDU=SNMPget(id=R.randrange(1 << 16), varbindlist=[SNMPvarbind(oid=ASN1_OID('1.3.6.1.2.1.1.1.0'))]))))
pk.append(e(IP(src=ip4(), dst=ip4()) / UDP(sport=161, dport=port()) / SNMP(community=b'public', PDU=SNMPresponse(id=R.randrange(1 << 16), varbindlist=[SNMPvarbind(oid=ASN1_OID('1.3.6.1.2.1.1.5.0'), value=b'host')]))))

# VXLAN
pk.append(e(IP(src=ip4(), dst=ip4()) / UDP(sport=port(), dport=4789) / VXLAN(vni=R.randrange(1 << 24)) / Ether(src=M2, dst=M1) / IP(src=ip4(), dst=ip4()) / ICMP()))

# PPPoE discovery and session
pk.append(Ether(src=M1, dst='ff:ff:ff:ff:ff:ff') / PPPoED(code=0x09, sessionid=0) / Raw(b'\x01\x01\x00\x00\x01\x03\x00\x04\x12\x34\x56\x78'))
pk.append(Ether(src=M2, dst=M1) / PPPoED(code=0x07, sessionid=0) / Raw(b'\x01\x01\x00\x00\x01\x02\x00\x03isp'))
pk.append(Ether(src=M1, dst=M2) / PPPoE(sessionid=R.randrange(1, 65535)) / PPP(proto=0x0021) / IP(src=ip4(), dst=ip4()) / UDP(sport=port(), dport=port()) / Raw(b'abcd'))
pk.append(Ether(src=M1, dst=M2) / PPPoE(sessionid=7) / PPP(proto=0xc021) / PPP_LCP(code=1, id=1))

# 802.3 frames: LLC with SNAP (CDP), NetBIOS-like LLC, STP
pk.append(Dot3(src=M1, dst='01:00:0c:cc:cc:cc') / LLC(dsap=0xaa, ssap=0xaa, ctrl=3) / SNAP(OUI=0x00000c, code=0x2000) / CDPv2_HDR(msg=[CDPMsgDeviceID(val=b'router1'), CDPMsgSoftwareVersion(val=b'IOS')]))
pk.append(Dot3(src=M1, dst=M2) / LLC(dsap=0xf0, ssap=0xf0, ctrl=3) / Raw(b'\xff\xef' + bytes(20)))
pk.append(Dot3(src=M1, dst=M2) / LLC(dsap=0xe0, ssap=0xe0, ctrl=3) / Raw(bytes(30)))
pk.append(Dot3(src=M1, dst=M2) / LLC(dsap=0xaa, ssap=0xaa, ctrl=3) / SNAP(OUI=0, code=0x0800) / IP(src=ip4(), dst=ip4()) / UDP(sport=port(), dport=port()))

# ARP variants: gratuitous, probe, reply, unknown op, an ARP over 802.1Q
a = ip4()
pk.append(Ether(src=M1, dst='ff:ff:ff:ff:ff:ff') / ARP(op=1, hwsrc=M1, psrc=a, pdst=a))
pk.append(Ether(src=M1, dst='ff:ff:ff:ff:ff:ff') / ARP(op=1, hwsrc=M1, psrc='0.0.0.0', pdst=ip4()))
pk.append(Ether(src=M1, dst=M2) / ARP(op=2, hwsrc=M1, psrc=ip4(), hwdst=M2, pdst=ip4()))
pk.append(Ether(src=M1, dst=M2) / ARP(op=8, hwsrc=M1, psrc=ip4(), pdst=ip4()))
pk.append(Ether(src=M1, dst=M2) / Dot1Q(vlan=R.randrange(1, 4095), prio=3) / ARP(op=1, hwsrc=M1, psrc=ip4(), pdst=ip4()))

# IPv4 fragments; IPv6 routing header (type 0 and segment routing), fragment header, hop-by-hop
big = IP(src=ip4(), dst=ip4(), id=R.randrange(65536)) / UDP(sport=port(), dport=port()) / Raw(bytes(range(256)) * 6)
for f in fragment(big, fragsize=600):
    pk.append(e(f))
pk.append(e(IPv6(src=ip6(), dst=ip6()) / IPv6ExtHdrRouting(type=0, addresses=[ip6(), ip6()], segleft=2) / UDP(sport=port(), dport=port()) / Raw(b'rt0')))
pk.append(e(IPv6(src=ip6(), dst=ip6()) / IPv6ExtHdrRouting(type=4, addresses=[ip6()], segleft=1) / TCP(sport=port(), dport=80, flags='S')))
pk.append(e(IPv6(src=ip6(), dst=ip6()) / IPv6ExtHdrHopByHop() / IPv6ExtHdrFragment(id=R.randrange(1 << 32), m=1) / ICMPv6EchoRequest(id=3, seq=4)))

# TCP options
s, d = ip4(), ip4()
sp = port()
for flags, opts in [('S', [('MSS', 1460), ('SAckOK', b''), ('Timestamp', (R.randrange(1 << 32), 0)), ('NOP', None), ('WScale', 7)]),
                    ('S', [('MSS', 1460), ('TFO', b'\x01\x02\x03\x04\x05\x06\x07\x08')]),
                    ('S', [(30, b'\x00\x81' + bytes.fromhex('0123456789abcdef'))]),
                    ('A', [('NOP', None), ('NOP', None), ('SAck', (1000, 2000, 3000, 4000))]),
                    ('PA', [(19, bytes(16))]), ('A', [(28, b'\x80\x10')]), ('A', [(253, b'\x12\x34\x56')]), ('A', [(34, b'')])]:
    pk.append(e(IP(src=s, dst=d) / TCP(sport=sp, dport=443, flags=flags, seq=R.randrange(1 << 32), ack=R.randrange(1 << 32) if 'A' in flags else 0, options=opts) / (Raw(b'data') if 'P' in flags else b'')))

# DNS record types, in answers, with EDNS
q = R.randrange(65536)
ans = [DNSRR(rrname='example.test.', type='AAAA', rdata='2001:db8::53', ttl=300),
       DNSRRMX(rrname='example.test.', preference=10, exchange='mx.example.test.', ttl=3600),
       DNSRR(rrname='example.test.', type='TXT', rdata=[b'v=spf1 -all', b'hello'], ttl=60),
       DNSRRSRV(rrname='_sip._tcp.example.test.', priority=10, weight=5, port=5060, target='sip.example.test.'),
       DNSRR(rrname='4.3.2.1.in-addr.arpa.', type='PTR', rdata='host.example.test.'),
       DNSRRSOA(rrname='example.test.', mname='ns1.example.test.', rname='admin.example.test.', serial=2026120701, refresh=3600, retry=600, expire=86400, minimum=300),
       DNSRR(rrname='example.test.', type='CNAME', rdata='alias.example.test.'),
       DNSRR(rrname='example.test.', type='NS', rdata='ns1.example.test.')]
for i, rr in enumerate(ans):
    qt = ['AAAA', 'MX', 'TXT', 'SRV', 'PTR', 'SOA', 'CNAME', 'NS'][i]
    pk.append(e(IP(src='10.0.0.53', dst='10.0.0.2') / UDP(sport=53, dport=port()) / DNS(id=q + i, qr=1, aa=1, rd=1, ra=1, qd=DNSQR(qname=rr.rrname, qtype=qt), an=rr, ar=DNSRROPT(rclass=1232))))
pk.append(e(IP(src='10.0.0.2', dst='10.0.0.53') / UDP(sport=port(), dport=53) / DNS(id=q, rd=1, qd=DNSQR(qname='example.test.', qtype='ANY'), ar=DNSRROPT(rclass=4096, z=0x8000))))
pk.append(e(IP(src='10.0.0.2', dst='10.0.0.53') / UDP(sport=port(), dport=53) / DNS(id=q, rd=1, qd=DNSQR(qname='example.test.', qtype='NAPTR'))))
pk.append(e(IP(src='10.0.0.53', dst='10.0.0.2') / UDP(sport=53, dport=port()) / DNS(id=q, qr=1, rcode=3, qd=DNSQR(qname='nx.example.test.'), ns=DNSRRSOA(rrname='example.test.', mname='ns1.example.test.', rname='admin.example.test.'))))
pk.append(e(IPv6(src=ip6(), dst='ff02::fb') / UDP(sport=5353, dport=5353) / DNS(qd=DNSQR(qname='_http._tcp.local.', qtype='PTR'))))

# other UDP services: TFTP, syslog, RIP, NetBIOS name service, DHCPv6, HSRP
pk.append(e(IP(src=ip4(), dst=ip4()) / UDP(sport=port(), dport=69) / TFTP() / TFTP_RRQ(filename=b'pxelinux.0', mode=b'octet')))
pk.append(e(IP(src=ip4(), dst=ip4()) / UDP(sport=69, dport=port()) / TFTP() / TFTP_DATA(block=1) / Raw(bytes(40))))
pk.append(e(IP(src=ip4(), dst=ip4()) / UDP(sport=port(), dport=514) / Raw(b'<34>Dec  7 18:00:00 host su: test message')))
pk.append(e(IP(src=ip4(), dst='224.0.0.9') / UDP(sport=520, dport=520) / RIP(cmd=2, version=2) / RIPEntry(addr='10.9.0.0', mask='255.255.0.0', nextHop='0.0.0.0', metric=1)))
pk.append(e(IP(src=ip4(), dst=ip4()) / UDP(sport=137, dport=137) / Raw(bytes.fromhex('82280110000100000000000020454a454a4546454a45464341434143414341434143414341434143414341414100002000 01'.replace(' ', '')))))
pk.append(e(IPv6(src='fe80::1', dst='ff02::1:2') / UDP(sport=546, dport=547) / DHCP6_Solicit(trid=R.randrange(1 << 24)) / DHCP6OptElapsedTime() / DHCP6OptClientId(duid=DUID_LLT(lladdr=M1, timeval=1))))
pk.append(e(IP(src=ip4(), dst='224.0.0.2') / UDP(sport=1985, dport=1985) / HSRP(group=1, priority=110, virtualIP='10.0.0.254')))

# IP protocols: VRRP, OSPF hello, ESP, PIM hello, IGMPv3 report
pk.append(e(IP(src=ip4(), dst='224.0.0.18', ttl=255) / VRRP(vrid=R.randrange(1, 255), priority=100, addrlist=['10.0.0.254'])))
pk.append(e(IP(src=ip4(), dst='224.0.0.5', ttl=1) / OSPF_Hdr(src='1.1.1.1', area='0.0.0.0') / OSPF_Hello(mask='255.255.255.0', router='10.0.0.1', backup='10.0.0.2', neighbors=['2.2.2.2'])))
pk.append(e(IP(src=ip4(), dst=ip4()) / ESP(spi=R.randrange(1 << 32), seq=R.randrange(1 << 16)) / Raw(bytes(32))))
pk.append(e(IP(src=ip4(), dst='224.0.0.13', ttl=1, proto=103) / Raw(bytes.fromhex('2000' + '0000' + '0001000200690014000400000001'))))
pk.append(e(IP(src=ip4(), dst='224.0.0.22', ttl=1) / IGMPv3(type=0x22) / IGMPv3mr(records=[IGMPv3gr(rtype=4, maddr='239.1.2.3')])))

# ICMP types not in the recorded captures
pk.append(e(IP(src=ip4(), dst=ip4()) / ICMP(type=13, id=5, seq=6, ts_ori=1000, ts_rx=0, ts_tx=0)))
pk.append(e(IP(src=ip4(), dst=ip4()) / ICMP(type=9) / Raw(bytes.fromhex('01020708') + bytes(8))))
pk.append(e(IP(src=ip4(), dst=ip4()) / ICMP(type=17, id=1, seq=2) / Raw(bytes(4))))

# a spanning-tree BPDU, RSTP
pk.append(Dot3(src=M1, dst='01:80:c2:00:00:00') / LLC(dsap=0x42, ssap=0x42, ctrl=3) / STP(version=2, bpdutype=2, bpduflags=0x3c, rootid=32768, rootmac=M1, bridgeid=32768, bridgemac=M1, portid=0x8001))

t0 = 1765130400
for i, p in enumerate(pk):
    p.time = t0 + i * 0.25 + R.randrange(1000) / 1e6
wrpcap(OUT, pk)
print(f'{OUT}: {len(pk)} packets')

# a second capture: the same protocols with Scapy's fuzz() filling every field a test did not set
# (seeded), written next to the first; the printer meets values nobody chose
if len(sys.argv) <= 1:
    from scapy.all import fuzz
    import scapy.volatile
    random.seed(2026)
    fz = []
    layers = [lambda: IP(src=ip4(), dst=ip4()) / fuzz(TCP(sport=port(), dport=80)),
              lambda: IP(src=ip4(), dst=ip4()) / UDP(sport=port(), dport=67) / fuzz(BOOTP(op=1)),
              lambda: IP(src=ip4(), dst=ip4()) / fuzz(SCTP(sport=port(), dport=5000)) / fuzz(SCTPChunkData(data=b'abcd')),
              lambda: IP(src=ip4(), dst=ip4()) / fuzz(GRE(proto=0x0800)) / IP(src=ip4(), dst=ip4()) / ICMP(),
              lambda: IP(src=ip4(), dst=ip4()) / UDP(sport=port(), dport=123) / fuzz(NTP()),
              lambda: IP(src=ip4(), dst=ip4()) / UDP(sport=port(), dport=53) / fuzz(DNS(qd=DNSQR(qname='fuzz.example.'))),
              lambda: IPv6(src=ip6(), dst=ip6()) / fuzz(TCP(sport=port(), dport=443)),
              lambda: IP(src=ip4(), dst=ip4()) / UDP(sport=port(), dport=4789) / fuzz(VXLAN()) / Ether(src=M1, dst=M2) / IP(src=ip4(), dst=ip4()) / UDP(),
              lambda: fuzz(ARP()),
              lambda: IP(src=ip4(), dst='224.0.0.18', ttl=255) / fuzz(VRRP(version=2, type=1)),
              lambda: IP(src=ip4(), dst=ip4()) / fuzz(ICMP())]
    for i in range(220):
        fz.append(e(R.choice(layers)()))
    for i, p in enumerate(fz):
        p.time = t0 + i * 0.125
    out2 = OUT.replace('scapy-protocols', 'scapy-fuzz')
    wrpcap(out2, fz)
    print(f'{out2}: {len(fz)} packets')
