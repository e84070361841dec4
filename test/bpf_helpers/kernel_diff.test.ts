/**
 * Differential tests: helper results, packet changes and test-run contexts of the programs in
 * test/fixtures/bpf/helpers_diff.bpf.c, run by the real kernel and by tsbpf.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { REPO, kernelLoadAll, kernelRun, kernelSkipReason, kernelUnload, objPrograms, tsbpfRun, udpFrame } from './kernel.js';

const OBJ = join(REPO, 'test/fixtures/bpf/helpers_diff.bpf.o');
const progs = new Map(objPrograms(OBJ).map((p) => [p.name, p]));

function rnd(n: number, seed: number): Uint8Array {
  const b = new Uint8Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    b[i] = s & 0xff;
  }
  return b;
}

/** inputs per program: several packets each */
const inputs: Record<string, Array<{ data: Uint8Array; ctx?: Uint8Array }>> = {};
const frames = [udpFrame(), udpFrame({ dport: 443, src: [172, 16, 0, 99] }), udpFrame({ payload: [] }), udpFrame({ ttl: 1, tos: 3 })];
for (const name of ['csum_diff_both', 'csum_diff_to_only', 'csum_diff_from_only', 'csum_diff_bad_size']) {
  inputs[name] = [1, 2, 3, 4, 5, 6, 7, 8].map((s) => ({ data: rnd(64, s * 7919) }));
  // a seed of all ones and all zeros
  const z = rnd(64, 99); z.fill(0xff, 24, 28); inputs[name]!.push({ data: z });
  const y = new Uint8Array(64); inputs[name]!.push({ data: y });
}
for (const name of ['skb_meta', 'xdp_meta_big', 'csum_replace', 'csum_replace_diff', 'skb_fields_tc', 'skb_fields_sock', 'skb_load', 'skb_load_relative', 'xdp_head', 'xdp_tail', 'xdp_meta', 'xdp_bytes', 'str_helpers']) {
  inputs[name] = frames.map((data) => ({ data }));
}
// a UDP frame whose checksum field is 0 (no checksum): BPF_F_MARK_MANGLED_0 leaves it alone
const nocsum = udpFrame(); nocsum[40] = 0; nocsum[41] = 0;
inputs.csum_replace!.push({ data: nocsum });
// an IPv6 ethertype and a broadcast destination
const v6 = udpFrame(); v6[12] = 0x86; v6[13] = 0xdd; v6.fill(0xff, 0, 6);
const v6long = udpFrame({ payload: new Array(40).fill(7) }); v6long[12] = 0x86; v6long[13] = 0xdd; v6long[0] = 0x33;
const arp = new Uint8Array(42); arp.set([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 2, 0, 0, 0, 0, 1, 0x08, 0x06]);
for (const n of ['skb_fields_tc', 'skb_fields_sock', 'skb_load']) {
  inputs[n]!.push({ data: v6 }, { data: v6long }, { data: arp }, { data: arp.subarray(0, 14) }, { data: arp.subarray(0, 13) }, { data: frames[0]!.subarray(0, 33) }, { data: new Uint8Array(3712) }, { data: new Uint8Array(3713) });
}
for (const n of ['xdp_bytes', 'xdp_tail', 'xdp_head']) inputs[n]!.push({ data: arp.subarray(0, 14) }, { data: arp.subarray(0, 13) }, { data: new Uint8Array(3520) }, { data: rnd(3530, 5) }, { data: rnd(9000, 6) });
inputs.skb_fields_tc2 = [{ data: frames[0]! }, { data: v6 }, { data: frames[1]!, ctx: skbCtx({ mark: 77, ingress: 1, ifindex: 1 }) }];
inputs.skb_write_ctx = [{ data: frames[0]!, ctx: skbCtx({ mark: 5, cb0: 1 }) }, { data: frames[2]!, ctx: skbCtx({ mark: 0xffffffff }) }];
// XDP with metadata supplied through ctx_in (xdp_md.data = metadata length, data_end = size)
{
  const meta = new Uint8Array(8 + frames[0]!.length);
  meta.set([1, 2, 3, 4, 5, 6, 7, 8]);
  meta.set(frames[0]!, 8);
  const ctx = new Uint8Array(24);
  new DataView(ctx.buffer).setUint32(0, 8, true);
  new DataView(ctx.buffer).setUint32(4, meta.length, true);
  inputs.xdp_meta!.push({ data: meta, ctx });
  for (const n of [212, 216, 220, 6]) {
    const big = new Uint8Array(n + 64);
    const c = new Uint8Array(24);
    new DataView(c.buffer).setUint32(0, n, true);
    new DataView(c.buffer).setUint32(4, big.length, true);
    inputs.xdp_meta_big!.push({ data: big, ctx: c });
  }
  inputs.xdp_head!.push({ data: meta, ctx });
}

// ctx_in error paths of BPF_PROG_TEST_RUN: a non-zero tail past the struct (E2BIG), an unknown
// ifindex (ENODEV), fields ctx_in may not set (EINVAL), XDP metadata rules
{
  const tail = new Uint8Array(200); tail[196] = 1;
  const zeroTail = new Uint8Array(200);
  const len = skbCtx({}); len[0] = 5;
  const wire = skbCtx({}); new DataView(wire.buffer).setUint32(160, 10, true);
  inputs.skb_write_ctx!.push({ data: frames[0]!, ctx: tail }, { data: frames[0]!, ctx: zeroTail }, { data: frames[0]!, ctx: skbCtx({ ifindex: 5 }) }, { data: frames[0]!, ctx: len }, { data: frames[0]!, ctx: wire });
  const xctx = (data: number, end: number, meta: number, ingress = 0, rxq = 0, egress = 0): Uint8Array => {
    const c = new Uint8Array(24);
    const dv = new DataView(c.buffer);
    [data, end, meta, ingress, rxq, egress].forEach((v, i) => dv.setUint32(4 * i, v, true));
    return c;
  };
  const f = frames[0]!;
  inputs.xdp_bytes!.push(
    { data: f, ctx: xctx(0, f.length, 0) },
    { data: f, ctx: xctx(0, f.length, 4) },
    { data: f, ctx: xctx(0, f.length - 1, 0) },
    { data: f, ctx: xctx(0, f.length, 0, 0, 0, 1) },
    { data: f, ctx: xctx(0, f.length, 0, 5) },
    { data: f, ctx: xctx(0, f.length, 0, 1) },
    { data: f, ctx: xctx(0, f.length, 0, 1, 3) },
    { data: f, ctx: xctx(2, f.length, 0) },
  );
}

function skbCtx(o: { mark?: number; ingress?: number; ifindex?: number; cb0?: number }): Uint8Array {
  const c = new Uint8Array(192);
  const dv = new DataView(c.buffer);
  dv.setUint32(8, o.mark ?? 0, true);
  dv.setUint32(36, o.ingress ?? 0, true);
  dv.setUint32(40, o.ifindex ?? 0, true);
  dv.setUint32(48, o.cb0 ?? 0, true);
  return c;
}

const skip = kernelSkipReason();

test('every fixture program has inputs', () => {
  for (const name of progs.keys()) assert.ok(inputs[name], `no inputs for ${name}`);
  assert.ok(progs.size >= 17);
});

test('kernel and tsbpf agree on helper results, packets and contexts', { skip: skip ?? false }, () => {
  const dir = kernelLoadAll(OBJ);
  try {
    let compared = 0;
    for (const [name, cases] of Object.entries(inputs)) {
      const p = progs.get(name);
      assert.ok(p, `fixture program ${name} missing`);
      for (const [k, c] of cases.entries()) {
        const want = kernelRun(dir, name, c.data, c.ctx, c.ctx?.length);
        const got = tsbpfRun(p, c.data, c.ctx);
        const what = `${name} input ${k}`;
        assert.equal(got.errno, want.errno, `${what}: test run error`);
        assert.equal(got.retval >>> 0, want.retval >>> 0, `${what}: retval 0x${(got.retval >>> 0).toString(16)} vs kernel 0x${(want.retval >>> 0).toString(16)}`);
        assert.deepEqual(Buffer.from(got.dataOut).toString('hex'), Buffer.from(want.dataOut).toString('hex'), `${what}: data_out`);
        if (c.ctx) assert.deepEqual(Buffer.from(got.ctxOut ?? []).toString('hex'), Buffer.from(want.ctxOut ?? []).toString('hex'), `${what}: ctx_out`);
        compared++;
      }
    }
    assert.ok(compared > 50);
  } finally {
    kernelUnload(dir);
  }
});
