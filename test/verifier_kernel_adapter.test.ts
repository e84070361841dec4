/**
 * The verifier's view of the kernel-objects tables (verifier/kernel_adapter.ts): flattened kernel
 * argument names, and program types answering as progTypeInfo does.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BPF_FUNC } from '../src/isa/helper_ids.js';
import { HELPER_PROTOS } from '../src/helpers/prototypes.js';
import { BPF_PROG_TYPE as PT } from '../src/progtypes/index.js';
import { ALL_HELPER_PROTOS, verifierProgType } from '../src/verifier/kernel_adapter.js';

test('helper prototypes in the verifier shape use the kernel aliases', () => {
  assert.equal(ALL_HELPER_PROTOS.size, HELPER_PROTOS.filter((p) => p).length);
  assert.equal(ALL_HELPER_PROTOS.size, 211);
  const m = ALL_HELPER_PROTOS;
  assert.deepEqual(m.get(BPF_FUNC.skb_load_bytes!)!.argTypes, ['ARG_PTR_TO_CTX', 'ARG_ANYTHING', 'ARG_PTR_TO_UNINIT_MEM', 'ARG_CONST_SIZE']);
  assert.deepEqual(m.get(BPF_FUNC.csum_diff!)!.argTypes, ['ARG_PTR_TO_MEM_OR_NULL', 'ARG_CONST_SIZE_OR_ZERO', 'ARG_PTR_TO_MEM_OR_NULL', 'ARG_CONST_SIZE_OR_ZERO', 'ARG_ANYTHING']);
  assert.deepEqual(m.get(BPF_FUNC.map_pop_elem!)!.argTypes, ['ARG_CONST_MAP_PTR', 'ARG_PTR_TO_UNINIT_MAP_VALUE']);
  assert.deepEqual(m.get(BPF_FUNC.loop!)!.argTypes, ['ARG_ANYTHING', 'ARG_PTR_TO_FUNC', 'ARG_PTR_TO_STACK_OR_NULL', 'ARG_ANYTHING']);
  const rb = m.get(BPF_FUNC.ringbuf_reserve!)!;
  assert.equal(rb.retType, 'RET_PTR_TO_RINGBUF_MEM_OR_NULL');
  assert.equal(rb.retSizeArg, 2);
  assert.equal(rb.acquire, true);
  assert.equal(m.get(BPF_FUNC.ringbuf_submit!)!.release, true);
  assert.equal(m.get(BPF_FUNC.xdp_adjust_head!)!.changesPktData, true);
});

test('program types in the verifier shape', () => {
  const xdp = verifierProgType(PT.XDP, { priv: true })!;
  assert.equal(xdp.type.name, 'xdp');
  assert.equal(xdp.type.isValidAccess(0, 4, false, { priv: true }), 'pkt');
  assert.equal(xdp.type.isValidAccess(4, 4, false, { priv: true }), 'pkt_end');
  assert.equal(xdp.type.isValidAccess(0, 4, true, { priv: true }), null);
  assert.equal(xdp.type.helperAllowed(BPF_FUNC.xdp_adjust_head!), true);
  assert.equal(xdp.type.helperAllowed(BPF_FUNC.skb_store_bytes!), false);
  assert.equal(xdp.type.directPacketAccess, 'write');
  const cg = verifierProgType(PT.CGROUP_SKB, { priv: true })!;
  assert.deepEqual(cg.type.retRange, [0, 1]);
  assert.equal(cg.type.isValidAccess(76, 4, false, { priv: false }), null, 'unprivileged cgroup_skb cannot see packet pointers');
  assert.equal(cg.type.isValidAccess(76, 4, false, { priv: true }), 'pkt');
  assert.equal(cg.type.unprivOk, true);
  assert.equal(verifierProgType(PT.SOCKET_FILTER, { priv: true })!.type.isValidAccess(168, 8, false, { priv: true }), 'sock_common');
  let described = 0;
  for (const t of Object.values(PT)) if (t !== 0 && verifierProgType(t, { priv: true })) described++;
  assert.ok(described >= 28);
});
