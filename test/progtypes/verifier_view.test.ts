/**
 * The verifier's view of the tables (progtypes/verifier_view.ts): flattened kernel names, and
 * program types answering as progTypeInfo does.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BPF_FUNC } from '../../src/isa/helper_ids.js';
import { BPF_PROG_TYPE as PT, verifierHelperProtos, verifierProgType, verifierProgTypes } from '../../src/progtypes/index.js';

test('helper prototypes in the verifier shape use the kernel aliases', () => {
  const m = verifierHelperProtos();
  assert.equal(m.size, 211);
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
  const all = verifierProgTypes();
  assert.ok(all.size >= 28);
  const xdp = verifierProgType(PT.XDP)!;
  assert.equal(xdp.name, 'xdp');
  assert.equal(xdp.isValidAccess(0, 4, false, { priv: true }), 'pkt');
  assert.equal(xdp.isValidAccess(4, 4, false, { priv: true }), 'pkt_end');
  assert.equal(xdp.isValidAccess(0, 4, true, { priv: true }), null);
  assert.equal(xdp.helperAllowed(BPF_FUNC.xdp_adjust_head!), true);
  assert.equal(xdp.helperAllowed(BPF_FUNC.skb_store_bytes!), false);
  assert.equal(xdp.directPacketAccess, 'write');
  const cg = verifierProgType(PT.CGROUP_SKB)!;
  assert.deepEqual(cg.retRange, [0, 1]);
  assert.equal(cg.isValidAccess(76, 4, false, { priv: false }), null, 'unprivileged cgroup_skb cannot see packet pointers');
  assert.equal(cg.isValidAccess(76, 4, false, { priv: true }), 'pkt');
  assert.equal(cg.unprivOk, true);
  assert.equal(verifierProgType(PT.SOCKET_FILTER)!.isValidAccess(168, 8, false, { priv: true }), 'sock_common');
});
