/**
 * Allocated objects run: the programs of test/data/verifier_progs/verifier_graph.c that the
 * verifier and the running kernel accept (annotated.test.ts holds the verdicts against the
 * kernel) run on the interpreter and the JIT with the emulated allocator, lists and rbtrees
 * (src/helpers/impl/alloc_obj.ts): objects pushed and popped, kept in a global list across runs,
 * ordered by an rbtree's `less` callback, refcounted, stashed in a map's kptr field and dropped.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadObject } from '../../src/runtime/object.js';
import { runningKernelBtf } from './objects.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const OBJ = join(ROOT, 'test/data/verifier_progs/verifier_graph.bpf.o');
// the kfunc calls are resolved against the kernel's BTF, as libbpf does
const noBtf = runningKernelBtf() ? false : 'no /sys/kernel/btf/vmlinux (kernel built without CONFIG_DEBUG_INFO_BTF)';
const ENGINES = ['interpreter', 'jit'] as const;

test('allocated objects, lists, rbtrees and kptr stashes run on the interpreter and the JIT', { skip: noBtf }, async () => {
  // the object also holds the programs the verifier refuses (their expectations): load it
  // unverified and run the ones the verifier and the kernel accept
  const obj = await loadObject(OBJ, { verify: false });
  try {
    const prog = (n: string) => obj.programs.get(n)!;
    const live = (): number => obj.bpf.as.list().filter((r) => r.label.startsWith('bpf_obj_new')).length;
    const pkt = new Uint8Array(64);
    for (const engine of ENGINES) {
      const before = live();
      // pushed, popped, read and dropped: nothing stays allocated
      assert.equal(prog('list_push_pop').run({ engine, data: pkt }).retval, 7, engine);
      assert.equal(live(), before, `${engine}: list_push_pop frees its object`);
      // left in the global list: one more object per run
      assert.equal(prog('global_list_non_owning_read').run({ engine, data: pkt }).retval, 3, engine);
      assert.equal(live(), before + 1, `${engine}: the list owns the pushed object`);
      // added, first, removed, read and dropped
      assert.equal(prog('rbtree_add_first_remove').run({ engine, data: pkt }).retval, 5, engine);
      assert.equal(live(), before + 1, engine);
      // an owning node not in the tree: bpf_rbtree_remove gives NULL, the object is dropped
      assert.equal(prog('remove_owning').run({ engine, data: pkt }).retval, 0, engine);
      assert.equal(live(), before + 1, engine);
      // bpf_refcount_acquire then drop: the object lives on in the map's kptr field
      assert.equal(prog('refcount_and_stash').run({ engine, data: pkt }).retval, 0, engine);
      const v = obj.map('lists').map.lookup(new Uint8Array(4))!;
      const stash = new DataView(v.buffer, v.byteOffset).getBigUint64(24, true);
      assert.notEqual(stash, 0n, `${engine}: the stashed object's pointer is in the map value`);
      const stashed = obj.bpf.as.regionAt(Number(stash));
      assert.ok(stashed?.label.startsWith('bpf_obj_new tree_elem'), `${engine}: it points at the object`);
      // a second stash swaps it out and drops the old one
      const n = live();
      assert.equal(prog('refcount_and_stash').run({ engine, data: pkt }).retval, 0, engine);
      assert.equal(live(), n, `${engine}: the swapped-out object was dropped`);
    }
  } finally {
    obj.close();
  }
});

test('the rbtree keeps the order of its less callback', { skip: noBtf }, async () => {
  const obj = await loadObject(OBJ, { verify: false });
  try {
    const live = (): number => obj.bpf.as.list().filter((r) => r.label.startsWith('bpf_obj_new')).length;
    for (const engine of ENGINES) {
      // keys 30, 10, 20 added: the first is 10; 20 and 30 stay in the tree (and smaller than
      // what later runs add, 10 comes first again)
      for (let k = 0; k < 3; k++) {
        const n = live();
        assert.equal(obj.programs.get('rbtree_order')!.run({ engine, data: new Uint8Array(64) }).retval, 10, engine);
        assert.equal(live(), n + 2, `${engine}: two of the three stay in the tree`);
      }
      // a key smaller than all of them comes first
      assert.equal(obj.programs.get('rbtree_add_first_remove')!.run({ engine, data: new Uint8Array(64) }).retval, 5, engine);
    }
  } finally {
    obj.close();
  }
});
