/**
 * A capture's runs set the context and packet up once and rewrite them in place for each packet
 * (progtypes preparePacketRuns); the reference is a fresh BPF_PROG_TEST_RUN setup per packet
 * (runCapture's `freshSetup`). Both ways must give the same verdicts, output packets, events and
 * map contents, on both engines, for the examples and for programs written to catch state left
 * behind by the previous packet: XDP head/tail adjustments over a reused frame, context fields
 * written by one packet and read by the next, and unverified programs reading and writing the
 * headroom and tailroom outside the packet bounds.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { assembleElf } from '../../src/asm/index.js';
import { loadObject, type BpfObject } from '../../src/runtime/object.js';
import { CaptureReader } from '../../src/hooks/pcap/reader.js';
import { runCapture, type CaptureEvent, type PacketVerdict } from '../../src/hooks/packet_run.js';
import { bytesToHex } from '../../src/isa/instruction.js';
import { toJson } from '../../src/runtime/format.js';
import { MapType } from '../../src/isa/bpf_types.js';
import { ROOT, PCAP_DIR } from './util.js';

const CAPTURES = [join(ROOT, 'examples/traffic.pcap'), PCAP_DIR + 'ethernet.pcap', PCAP_DIR + 'multi.pcapng', PCAP_DIR + 'snaplen64.pcap'];
const ENGINES = ['interpreter', 'jit'] as const;

const asm = (section: string, body: string): Uint8Array => assembleElf(`
	.section	${section},"ax",@progbits
	.globl	prog
	.type	prog,@function
prog:
${body}
.Lfunc_end0:
	.size	prog, .Lfunc_end0-prog
	.section	license,"aw",@progbits
	.globl	_license
_license:
	.asciz	"GPL"
	.size	_license, 4
`);

// verified XDP: grow the head by 32 bytes, copy what is there into the packet, leave a marker
// where the next packet's new head will be; grow the tail by 32 (zeroed by the helper) and send
// the frame back out (XDP_TX), so the output shows every byte the program saw
const XDP_ADJUST = asm('xdp', `
	r6 = r1
	r2 = -32
	call 44
	if r0 != 0 goto LBB0_3
	r2 = *(u32 *)(r6 + 0)
	r3 = *(u32 *)(r6 + 4)
	r4 = r2
	r4 += 48
	if r4 > r3 goto LBB0_3
	r5 = *(u64 *)(r2 + 0)
	*(u64 *)(r2 + 40) = r5
	r7 = 1234605616436508552 ll
	*(u64 *)(r2 + 0) = r7
	*(u64 *)(r2 + 8) = r7
	r1 = r6
	r2 = 32
	call 65
	r1 = r6
	r2 = -4
	call 54
LBB0_3:
	r0 = 3
	exit
`);

// verified tc: read mark, priority, cb[0] and tc_index (zero in a fresh skb), write them into
// the packet, then set them all for the next packet to find
const TC_CTX = asm('tc', `
	r6 = r1
	r2 = *(u32 *)(r6 + 76)
	r3 = *(u32 *)(r6 + 80)
	r4 = r2
	r4 += 16
	if r4 > r3 goto LBB0_2
	r5 = *(u32 *)(r6 + 8)
	r7 = *(u32 *)(r6 + 48)
	r5 |= r7
	r7 = *(u32 *)(r6 + 32)
	r5 |= r7
	r7 = *(u32 *)(r6 + 44)
	r5 |= r7
	*(u32 *)(r2 + 0) = r5
	r7 = 1515870810
	*(u32 *)(r6 + 8) = r7
	*(u32 *)(r6 + 48) = r7
	*(u32 *)(r6 + 32) = r7
	*(u32 *)(r6 + 44) = r7
	*(u32 *)(r2 + 4) = r7
LBB0_2:
	r0 = 0
	exit
`);

// unverified XDP: read 8 bytes 200 below data and 100 past data_end (headroom and tailroom,
// zero in a fresh frame), put them in the packet, then dirty both places for the next packet
const XDP_WILD = asm('xdp', `
	r2 = *(u32 *)(r1 + 0)
	r3 = *(u32 *)(r1 + 4)
	r4 = *(u64 *)(r2 - 200)
	r5 = *(u64 *)(r3 + 100)
	r4 |= r5
	*(u64 *)(r2 + 0) = r4
	r7 = -1
	*(u64 *)(r2 - 200) = r7
	*(u64 *)(r3 + 100) = r7
	*(u64 *)(r3 + 0) = r7
	r0 = 2
	exit
`);

// unverified tc: the same in the skb's headroom and tailroom, plus a read far past the packet
// region (a fault in a fresh skb, so in a reused one too). (Just past the region lies, in a fresh
// setup, the socket: the regions' addresses are the one thing a reused setup lays out differently.)
const TC_WILD = asm('tc', `
	r2 = *(u32 *)(r1 + 76)
	r3 = *(u32 *)(r1 + 80)
	r4 = *(u64 *)(r2 - 64)
	r5 = *(u64 *)(r3 + 312)
	r4 |= r5
	*(u64 *)(r2 + 0) = r4
	r7 = -1
	*(u64 *)(r2 - 64) = r7
	*(u64 *)(r3 + 312) = r7
	r0 = 0
	r5 = r3
	r5 -= r2
	if r5 > 80 goto LBB0_2
	r0 = *(u8 *)(r3 + 1000)
LBB0_2:
	exit
`);

interface Outcome {
  verdicts: string[];
  events: string[];
  maps: string;
}

/** verdicts, events and map contents of one run over `pcap`, as comparable text */
async function outcome(obj: BpfObject, pcap: string, engine: (typeof ENGINES)[number], freshSetup: boolean, eventBytes?: number): Promise<Outcome> {
  const prog = [...obj.programs.values()][0]!;
  const verdicts: string[] = [];
  const events: string[] = [];
  const v2s = (v: PacketVerdict): string =>
    JSON.stringify({ i: v.index, o: v.offset, len: v.len, r: v.retval, a: v.action, n: v.insns, p: v.passed ? bytesToHex(v.passed) : null, e: v.error ? `${v.error.errno} ${v.error.message}` : null });
  const e2s = (e: CaptureEvent): string => JSON.stringify({ k: e.kind, m: e.map, c: e.cpu, p: e.packet, l: e.line, d: e.data ? bytesToHex(e.data.subarray(0, eventBytes ?? e.data.length)) : null });
  const sum = await runCapture(obj, prog, await CaptureReader.open(pcap), { engine, freshSetup, onVerdict: (v) => verdicts.push(v2s(v)), onEvent: (e) => events.push(e2s(e)) });
  assert.equal(sum.packets, verdicts.length);
  const maps: Record<string, unknown> = {};
  for (const [name, m] of obj.maps) {
    try {
      // a hash map's order follows its random hash seed: compare the entries sorted; map-in-map
      // values are map ids, which differ between two loads
      const inner = m.type === MapType.ARRAY_OF_MAPS || m.type === MapType.HASH_OF_MAPS;
      maps[name] = [...m.entries()].map(([k, v]) => toJson(inner ? [k] : [k, v])).sort();
    } catch {
      // ring buffers and program arrays have no entries to list
    }
  }
  return { verdicts, events, maps: toJson(maps) };
}

async function sameBothWays(load: () => Promise<BpfObject>, what: string, eventBytes?: number, prepare?: (o: BpfObject) => void): Promise<number> {
  let packets = 0;
  for (const engine of ENGINES) {
    for (const pcap of CAPTURES) {
      const a = await load();
      const b = await load();
      prepare?.(a);
      prepare?.(b);
      const fresh = await outcome(a, pcap, engine, true, eventBytes);
      const reused = await outcome(b, pcap, engine, false, eventBytes);
      assert.ok(fresh.verdicts.length > 0);
      fresh.verdicts.forEach((v, k) => assert.equal(reused.verdicts[k], v, `${what} on ${engine}, ${pcap}: packet ${k}`));
      assert.equal(reused.verdicts.length, fresh.verdicts.length);
      assert.deepEqual(reused.events, fresh.events, `${what} on ${engine}, ${pcap}: events`);
      assert.equal(reused.maps, fresh.maps, `${what} on ${engine}, ${pcap}: maps`);
      packets += fresh.verdicts.length;
    }
  }
  return packets;
}

test('the examples give the same verdicts, packets, events and maps with a reused setup as with a fresh one', async () => {
  const block = (o: BpfObject): void => {
    if (o.maps.has('blocklist')) for (const ip of [[203, 0, 113, 7], [198, 51, 100, 23]]) o.map('blocklist').set(Uint8Array.from(ip), new Uint8Array(8));
  };
  for (const name of ['xdp_firewall', 'tc_classifier', 'socket_filter', 'trace_printk', 'bpf_loop', 'global_data', 'lpm_router', 'map_in_map', 'bpf_to_bpf']) {
    // xdp_firewall's events end with bpf_ktime_get_ns, which differs between any two runs
    const n = await sameBothWays(() => loadObject(join(ROOT, `examples/${name}.bpf.o`)), name, name === 'xdp_firewall' ? 16 : undefined, block);
    assert.ok(n > 100, name);
  }
});

test('nothing one packet leaves in a reused frame or context reaches the next (verified programs)', async () => {
  const xdp = await loadObject(XDP_ADJUST);
  assert.equal(xdp.verified, true);
  await sameBothWays(() => loadObject(XDP_ADJUST), 'xdp adjust_head/tail/meta');
  const tc = await loadObject(TC_CTX);
  assert.equal(tc.verified, true);
  await sameBothWays(() => loadObject(TC_CTX), 'tc context fields');
  // and what they see is what a fresh frame holds: the new head is zero, the context fields too
  const r = await outcome(await loadObject(XDP_ADJUST), join(ROOT, 'examples/traffic.pcap'), 'jit', false);
  const passed = r.verdicts.map((v) => JSON.parse(v) as { p: string | null }).filter((v) => v.p);
  assert.ok(passed.length > 10);
  for (const v of passed) {
    // 4 bytes of metadata, then the new head: the marker over 16 zero bytes, and the old head's 8 zero bytes copied at 40
    assert.equal(v.p!.slice(8, 40), '8877665544332211'.repeat(2));
    assert.equal(v.p!.slice(40, 72), '0'.repeat(32));
    assert.equal(v.p!.slice(88, 104), '0'.repeat(16));
  }
  const t = await outcome(await loadObject(TC_CTX), join(ROOT, 'examples/traffic.pcap'), 'interpreter', false);
  for (const v of t.verdicts.map((x) => JSON.parse(x) as { p: string | null }).filter((x) => x.p)) assert.equal(v.p!.slice(0, 16), '000000005a5a5a5a');
});

test('unverified programs reading and writing outside the packet see what a fresh setup holds', async () => {
  for (const [bytes, what] of [[XDP_WILD, 'xdp headroom/tailroom'], [TC_WILD, 'tc headroom/tailroom']] as const) {
    const o = await loadObject(bytes, { verify: false });
    assert.equal(o.verified, false);
    await sameBothWays(() => loadObject(bytes, { verify: false }), what);
    // and that is zeros: the first 8 bytes of every packet passed on are zero
    const r = await outcome(o, join(ROOT, 'examples/traffic.pcap'), 'jit', false);
    const seen = r.verdicts.map((x) => JSON.parse(x) as { p: string | null; e: string | null });
    assert.ok(seen.some((v) => v.p));
    for (const v of seen) if (v.p) assert.equal(v.p.slice(0, 16), '0'.repeat(16));
    if (what.startsWith('tc')) assert.ok(seen.some((v) => v.e?.startsWith('EFAULT')), 'the read past the region faults');
  }
});
