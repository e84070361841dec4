/**
 * The printer's protocols beyond the recorded captures, against tcpdump line by line: Scapy's
 * capture (scripts/make-print-captures.py: BOOTP/DHCP, SCTP, GRE, LLDP, NTP, VXLAN, PPPoE, TFTP,
 * syslog, RIP, HSRP, DHCPv6, mDNS, VRRP, OSPF, ESP, PIM, IPv6 routing headers, TCP options; and
 * scapy-fuzz.pcap, 220 packets of those protocols with every field Scapy's fuzz() filled) and
 * the synthetic captures of every link type (make-captures.mjs: Geneve, truncated IP, DNS over
 * TCP, SLL/SLL2/NULL/LOOP/raw link headers with -e). Every tcpdump line that carries one of the
 * protocols decoded must be reproduced exactly, in the forms without -v; the totals may not fall
 * below what was measured when this was written. Skipped without tcpdump.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { FORMS, byPacket, compareForm, protocolOf, tcpdumpLines, truncatedCopy } from './print_lib.js';
import { NO_TCPDUMP, PCAP_DIR } from './util.js';

const MARKERS = ['BOOTP/DHCP', 'sctp (', 'GREv0', 'LLDP, length', 'NTPv4', 'VXLAN', 'PPPoE', 'TFTP', 'SYSLOG', 'RIPv2', 'HSRPv0', 'dhcp6 ', 'VRRPv2',
  'OSPFv2', 'ESP(', 'PIMv2', 'NetBeui', 'IPX ', 'RT6 (', 'Inverse Request', 'tfo ', 'mptcp', 'uto ', 'sack ', '(QM)', 'Geneve', 'truncated-ip', 'prefix length', ' In  ', 'AF IPv4', 'ip: '];

/**
 * protocols (as protocolOf names a packet from tcpdump's default line) whose every line must be
 * equal in the -v forms too, continuation lines and hex dumps included
 */
const V_PROTOCOLS = [/^ARP$/, /^LLDP$/, /^IP6? DNS$/, /^IP6? (RIPv2|SYSLOG|HSRPv0-hello|RT6|OSPFv2|PIMv2)$/, /^IP6? NTPv\d$/, /^IP6? VRRPv\d$/];

/** lines equal per capture over the eight forms, measured when written (the floor) */
const FLOORS: Record<string, number> = { 'scapy-fuzz.pcap': 5706, 'scapy-protocols.pcap': 1286, 'ethernet.pcap': 1100, 'geneve.pcap': 1360, 'sll2.pcap': 466, 'raw.pcap': 492, 'null.pcap': 410, 'snaplen64.pcap': 1020 };

test('protocols tcpdump decodes print as tcpdump prints them (Scapy and synthetic captures)', { skip: NO_TCPDUMP, timeout: 300_000 }, () => {
  for (const [file, floor] of Object.entries(FLOORS)) {
    let equal = 0;
    const names = byPacket(tcpdumpLines(PCAP_DIR + file, [])).map((p) => protocolOf(p[0]!));
    for (const [flags, opts] of FORMS) {
      const r = compareForm(PCAP_DIR + file, flags, opts);
      equal += r.equal;
      if (flags.some((f) => f.startsWith('-v'))) {
        r.bad.forEach(([want, got], i) => {
          const name = names[r.badPackets[i]!]!;
          assert.ok(!V_PROTOCOLS.some((re) => re.test(name)), `${file} ${flags.join(' ')}: a ${name} packet's line differs\n  tcpdump: ${want}\n  tsbpf:   ${got}`);
        });
        continue;
      }
      for (const [want, got] of r.bad) {
        const m = MARKERS.find((k) => want.includes(k));
        assert.equal(m, undefined, `${file} ${flags.join(' ')}: a ${m} line differs\n  tcpdump: ${want}\n  tsbpf:   ${got}`);
      }
    }
    assert.ok(equal >= floor, `${file}: ${equal} lines equal, was ${floor}`);
  }
});

/** lines equal per capture cut short at seeded random lengths (truncatedCopy, seed 1), eight forms: the floor */
const TRUNC_FLOORS: Record<string, number> = { 'scapy-protocols.pcap': 804, 'scapy-fuzz.pcap': 3180, 'netns-tcpdump.pcap': 1582, 'ethernet.pcap': 940 };

test('truncated packets print as tcpdump prints them, and never throw', { skip: NO_TCPDUMP, timeout: 300_000 }, () => {
  for (const [file, floor] of Object.entries(TRUNC_FLOORS)) {
    const cut = truncatedCopy(PCAP_DIR + file, 1);
    try {
      let equal = 0;
      // compareForm runs the printer on every packet: an exception fails the test here
      for (const [flags, opts] of FORMS) equal += compareForm(cut, flags, opts).equal;
      assert.ok(equal >= floor, `${file} truncated: ${equal} lines equal, was ${floor}`);
    } finally {
      rmSync(cut, { force: true });
    }
  }
});
