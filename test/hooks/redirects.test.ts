/**
 * XDP redirects in `tsbpf run` / runCapture: frames go to the simulated interface a DEVMAP slot
 * names, the CPU of a CPUMAP slot, the AF_XDP socket of an XSKMAP slot, or bpf_redirect's
 * interface, and the summary counts them per target; an empty slot falls back to the flags' action.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { loadObject } from '../../src/runtime/object.js';
import { runCapture } from '../../src/hooks/packet_run.js';
import type { Packet } from '../../src/hooks/pcap/packet.js';

const OBJ = fileURLToPath(new URL('../../../test/fixtures/bpf/xdp_redirects.bpf.o', import.meta.url));

async function* frames(firstBytes: number[]): AsyncGenerator<Packet> {
  let offset = 0;
  for (const b of firstBytes) {
    const data = new Uint8Array(64);
    data[0] = b;
    yield { data, origLen: 64, tsSec: 0, tsNsec: 0, ifIndex: 0, linkType: 1, offset: offset++ } as unknown as Packet;
  }
}

test('XDP redirects through DEVMAP, CPUMAP, XSKMAP and bpf_redirect are counted per simulated target', async () => {
  for (const engine of ['interpreter', 'jit'] as const) {
    const obj = await loadObject(OBJ);
    const prog = obj.program('redirect_by_byte');
    // 8 frames: two of each kind; the DEVMAP slot is empty at first
    let sum = await runCapture(obj, prog, frames([0, 1, 2, 3, 4, 5, 6, 7]), { engine });
    assert.deepEqual(Object.fromEntries(sum.redirects), { 'interface 5': 2 }, `${engine}: only bpf_redirect redirects while the slots are empty`);
    assert.equal(sum.actions.get('XDP_PASS'), 6);
    obj.map('devs').set(1, 3);
    obj.map('cpus').set(2, 128);
    obj.map('xsks').set(0, 9);
    sum = await runCapture(obj, prog, frames([0, 1, 2, 3, 4, 5, 6, 7, 8]), { engine });
    assert.deepEqual(Object.fromEntries(sum.redirects), { 'interface 3': 3, 'cpu 2': 2, 'xsk 0': 2, 'interface 5': 2 }, engine);
    assert.equal(sum.actions.get('XDP_REDIRECT'), 9);
    obj.close();
  }
});

const SK = fileURLToPath(new URL('../../../test/fixtures/bpf/sk_redirect.bpf.o', import.meta.url));

async function* sized(lengths: number[]): AsyncGenerator<Packet> {
  let offset = 0;
  for (const n of lengths) yield { data: new Uint8Array(n), origLen: n, tsSec: 0, tsNsec: 0, ifIndex: 0, linkType: 1, offset: offset++ } as unknown as Packet;
}

test('sk_skb redirects through SOCKMAP and SOCKHASH go to the socket the slot holds; an empty slot or a bad flag drops', async () => {
  for (const engine of ['interpreter', 'jit'] as const) {
    const obj = await loadObject(SK);
    obj.map('socks').set(1, 7);
    obj.map('socks').set(2, 9);
    obj.map('hsocks').set(3, 11n);
    // sk_skb runs from the network header (bpf_prog_test_run_skb: eth_type_trans pulls 14 bytes):
    // skb->len & 3 of frames of 64..67 bytes is 2, 3, 0, 1
    const lengths = [64, 65, 66, 67, 64, 67];
    let sum = await runCapture(obj, obj.program('by_slot'), sized(lengths), { engine });
    assert.deepEqual(Object.fromEntries(sum.redirects), { 'socket 9': 2, 'socket 7': 2 }, engine);
    assert.equal(sum.actions.get('SK_PASS'), 4, engine);
    assert.equal(sum.actions.get('SK_DROP'), 2, engine);
    sum = await runCapture(obj, obj.program('by_hash'), sized(lengths), { engine });
    assert.deepEqual(Object.fromEntries(sum.redirects), { 'socket 11': 1 }, engine);
    sum = await runCapture(obj, obj.program('bad_flags'), sized(lengths), { engine });
    assert.deepEqual(Object.fromEntries(sum.redirects), {}, engine);
    assert.equal(sum.actions.get('SK_DROP'), lengths.length, engine);
    obj.close();
  }
});
