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
