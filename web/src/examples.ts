/** The examples bundled into the page (copied as assets by Vite's ?url imports). */
import xdpFirewall from '../../examples/xdp_firewall.bpf.o?url';
import xdpUnchecked from '../../examples/refused/xdp_unchecked.bpf.o?url';
import pktSizes from '../../examples/pkt_sizes.bpf.o?url';
import tcClassifier from '../../examples/tc_classifier.bpf.o?url';
import bpfToBpf from '../../examples/bpf_to_bpf.bpf.o?url';
import socketFilter from '../../examples/socket_filter.bpf.o?url';
import traffic from '../../examples/traffic.pcap?url';

export interface Example {
  file: string;
  url: string;
  note: string;
  /** map assignments the example wants (as `tsbpf run --map-set`) */
  mapSets?: string;
}

export const EXAMPLES: Example[] = [
  { file: 'xdp_firewall.bpf.o', url: xdpFirewall, note: 'XDP firewall: drops sources on a blocklist', mapSets: 'blocklist:203.0.113.7=0, blocklist:198.51.100.23=0' },
  { file: 'xdp_unchecked.bpf.o', url: xdpUnchecked, note: 'refused: reads the IP header without a bounds check' },
  { file: 'pkt_sizes.bpf.o', url: pktSizes, note: 'packet-size histogram, protocol counts, ring buffer' },
  { file: 'tc_classifier.bpf.o', url: tcClassifier, note: 'tc classifier' },
  { file: 'bpf_to_bpf.bpf.o', url: bpfToBpf, note: 'bpf-to-bpf calls (Step over)' },
  { file: 'socket_filter.bpf.o', url: socketFilter, note: 'socket filter' },
];

export const CAPTURE = { file: 'traffic.pcap', url: traffic };

export const ASM_EXAMPLE = `# count IPv4 packets by their first byte; r1 = struct xdp_md *
r2 = *(u32 *)(r1 + 0)        # data
r3 = *(u32 *)(r1 + 4)        # data_end
r0 = 2                       # XDP_PASS
r4 = r2
r4 += 15
if r4 > r3 goto out          # prove 15 bytes exist before reading byte 14
r5 = *(u8 *)(r2 + 14)
if r5 != 0x45 goto out
r0 = 1                       # XDP_DROP plain IPv4 without options
out:
exit
`;

export async function fetchBytes(url: string): Promise<Uint8Array> {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`cannot fetch ${url}: HTTP ${r.status}`);
  return new Uint8Array(await r.arrayBuffer());
}
