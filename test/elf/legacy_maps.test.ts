/**
 * iproute2's `struct bpf_elf_map` definitions with map-in-map wiring (id, inner_id, inner_idx) and
 * pinning, parsed once into the ObjectSpec (src/elf/maps.ts linkIproute2InnerMaps) and loaded by
 * both targets: the emulator and the running kernel (where available) give the same value through
 * the outer map's slot. (Where the kernel loader pins is kernel_live's business.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, rmSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadObjectSpec } from '../../src/elf/loader.js';
import { loadObject } from '../../src/runtime/object.js';
import { kernelAvailable } from '../../src/hooks/kernel/index.js';

const OBJ = fileURLToPath(new URL('../../../test/fixtures/bpf/iproute2_map_in_map.bpf.o', import.meta.url));

test('bpf_elf_map: inner_id makes the inner-map template, inner_idx the outer slot, PIN_GLOBAL_NS pins', () => {
  const spec = loadObjectSpec(new Uint8Array(readFileSync(OBJ)));
  const by = new Map(spec.maps.map((m) => [m.name, m]));
  assert.equal(by.get('outer')!.innerMap?.name, 'inner_a');
  assert.equal(by.get('outer')!.innerMap?.valueSize, 8);
  assert.deepEqual(by.get('outer')!.contents, [{ key: 3, map: 'inner_a' }]);
  assert.equal(by.get('pinned')!.pinning, 1);
  assert.deepEqual(by.get('pinned')!.contents, []);
});

test('bpf_elf_map map-in-map: the emulator and the kernel read the inner map through the outer slot', async () => {
  for (const engine of ['interpreter', 'jit'] as const) {
    const o = await loadObject(OBJ);
    o.map('inner_a').set(1, 77n);
    assert.equal(o.program('read_inner').run({ data: new Uint8Array(64), engine }).retval, 77, engine);
    o.close();
  }
  const avail = kernelAvailable();
  if (!avail.ok || !existsSync('/sys/fs/bpf')) return;
  const pinRoot = mkdtempSync('/sys/fs/bpf/sandbox-legacy-');
  try {
    using k = await loadObject(OBJ, { target: 'kernel', pinRoot });
    k.map('inner_a').set(1, 77n);
    assert.equal(k.program('read_inner').run({ dataIn: new Uint8Array(64) }).retval, 77, 'kernel');
  } finally {
    rmSync(pinRoot, { recursive: true, force: true });
  }
});
