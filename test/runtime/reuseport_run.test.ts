/**
 * Emulated sk_reuseport runs (progtypes/reuseport_run.ts; the kernel has no test run for this
 * program type): a UDP frame's transport header is ctx->data, ctx_in gives the hash, and
 * bpf_sk_select_reuseport picks the simulated socket of a REUSEPORT_SOCKARRAY or SOCKMAP slot
 * (maps/reuseport_array.ts), on both engines. The programs are the fixture the kernel's verifier
 * accepts (test/fixtures/bpf/reuseport_rules.bpf.c).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadObject } from '../../src/runtime/object.js';
import { BpfError } from '../../src/isa/errors.js';

const FILE = fileURLToPath(new URL('../../../test/fixtures/bpf/reuseport_rules.bpf.o', import.meta.url));
const SK_PASS = 1, SK_DROP = 0;

/** Ethernet + IPv4 + UDP to port 53 with 4 bytes of payload */
function udpFrame(): Uint8Array {
  const f = new Uint8Array(14 + 20 + 8 + 4);
  f[12] = 0x08; // IPv4
  f[14] = 0x45;
  f[14 + 9] = 17; // UDP
  f[14 + 20 + 3] = 53;
  return f;
}
const ctxWithHash = (hash: number): Uint8Array => {
  const c = new Uint8Array(56);
  new DataView(c.buffer).setUint32(32, hash, true); // struct sk_reuseport_md.hash
  return c;
};

test('sk_reuseport runs: bpf_sk_select_reuseport selects the slot hash % 4 names, on both engines', async () => {
  const obj = await loadObject(new Uint8Array(readFileSync(FILE)), { file: 'reuseport_rules.bpf.o', programs: ['ok_select_sockarray', 'ok_select_sockmap'] });
  const socks = obj.map('socks');
  socks.set(1, 101n);
  socks.set(2, 102n);
  for (const engine of ['interpreter', 'jit'] as const) {
    const p = obj.program('ok_select_sockarray');
    for (const [hash, want] of [[1, 101], [6, 102], [9, 101]] as const) {
      const r = p.run({ data: udpFrame(), ctx: ctxWithHash(hash), engine });
      assert.equal(r.retval, SK_PASS, `${engine} hash ${hash}`);
      assert.equal(r.selectedSocket, want, `${engine} hash ${hash}`);
    }
    // an empty slot: -ENOENT, the program drops, nothing selected
    const empty = p.run({ data: udpFrame(), ctx: ctxWithHash(3), engine });
    assert.equal(empty.retval, SK_DROP);
    assert.equal(empty.selectedSocket, undefined);
    // a SOCKMAP slot works too (sk_select_reuseport takes SOCKMAP and SOCKHASH)
    assert.equal(obj.program('ok_select_sockmap').run({ data: udpFrame(), engine }).retval, SK_DROP);
    obj.map('sockmap').set(0, 7n);
    const viaSockmap = obj.program('ok_select_sockmap').run({ data: udpFrame(), engine });
    assert.equal(viaSockmap.retval, SK_PASS);
    assert.equal(viaSockmap.selectedSocket, 7);
    obj.map('sockmap').set(0, 0n); // empty again (a stored 0 is no socket)
  }
});

test('sk_reuseport runs refuse what is not an IP frame, and ctx_in fields other than hash and bind_inany', async () => {
  const obj = await loadObject(new Uint8Array(readFileSync(FILE)), { file: 'reuseport_rules.bpf.o', programs: ['ok_select_sockarray'] });
  const p = obj.program('ok_select_sockarray');
  assert.throws(() => p.run({ data: new Uint8Array(20) }), (e: unknown) => e instanceof BpfError && e.errno === 'EINVAL' && /Ethernet frame carrying IPv4 or IPv6/.test(e.message));
  const bad = ctxWithHash(1);
  bad[16] = 1; // len
  assert.throws(() => p.run({ data: udpFrame(), ctx: bad }), /takes only hash and bind_inany/);
});
