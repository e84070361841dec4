/**
 * Dynptrs run: the programs of test/data/verifier_progs/verifier_dynptr.c that the verifier and
 * the running kernel accept (annotated.test.ts holds the verdicts against the kernel) run on the
 * interpreter and the JIT with the emulated dynptr helpers and kfuncs (src/helpers/impl/dynptr.ts):
 * ring-buffer records written through a dynptr, local dynptrs over a map value, clones, skb slices.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadObject } from '../../src/runtime/object.js';
import { runningKernelBtf } from './objects.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const OBJ = join(ROOT, 'test/data/verifier_progs/verifier_dynptr.bpf.o');
// the kfunc calls (bpf_dynptr_clone, bpf_dynptr_from_skb...) are resolved against the kernel's BTF
const noBtf = runningKernelBtf() ? false : 'no /sys/kernel/btf/vmlinux (kernel built without CONFIG_DEBUG_INFO_BTF)';
const ENGINES = ['interpreter', 'jit'] as const;

test('dynptr helpers and kfuncs run on the interpreter and the JIT', { skip: noBtf }, async () => {
  // the object also holds the programs the verifier refuses (their expectations): load it
  // unverified and run the ones the verifier and the kernel accept
  const obj = await loadObject(OBJ, { verify: false });
  try {
    const prog = (n: string) => obj.programs.get(n)!;
    const rb = obj.map('rb');
    for (const engine of ENGINES) {
      // bpf_ringbuf_reserve_dynptr + bpf_dynptr_write + bpf_ringbuf_submit_dynptr: one 8-byte record
      assert.equal(prog('ringbuf_dynptr_submit').run({ engine }).retval, 0);
      const recs = rb.drain() as Uint8Array[];
      assert.equal(recs.length, 1, engine);
      assert.equal(new DataView(recs[0]!.buffer, recs[0]!.byteOffset).getBigUint64(0, true), 0x1122334455667788n, engine);
      // a 4000-byte reservation fits the 4096-byte ring: its slice is written, then discarded
      assert.equal(prog('ringbuf_dynptr_discard').run({ engine }).retval, 3, engine);
      assert.deepEqual(rb.drain(), [], `${engine}: a discarded record is not delivered`);
      // a local dynptr over the map value: write at 8, a read past the end is -E2BIG, read back
      assert.equal(prog('local_dynptr_read_write').run({ engine }).retval, 7, engine);
      const v = obj.map('arr').map.lookup(new Uint8Array(4))!;
      assert.equal(new DataView(v.buffer, v.byteOffset).getBigUint64(8, true), 7n, `${engine}: the write reached the map value`);
      // bpf_dynptr_clone then bpf_dynptr_size of the clone: the value's 24 bytes
      assert.equal(prog('dynptr_clone_size').run({ engine }).retval, 24, engine);
      // a global function reads the first byte through its const dynptr
      v[0] = 0x55;
      obj.map('arr').map.update(new Uint8Array(4), v, 0);
      assert.equal(prog('dynptr_global_func_arg').run({ engine }).retval, 0x55, engine);
      // an skb dynptr's slice points into the packet: byte 12 of the Ethernet header
      const pkt = new Uint8Array(64);
      pkt[12] = 0x86;
      assert.equal(prog('skb_dynptr_slice').run({ engine, data: pkt }).retval, 0x86, engine);
    }
  } finally {
    obj.close();
  }
});
