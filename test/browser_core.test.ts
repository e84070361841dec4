/**
 * DESIGN.md: everything from isa/ to runtime/ (and the packet layers) runs unchanged in a browser.
 * Checked by running real work (an object loaded and verified from bytes, its XDP program over the
 * bundled capture on both engines, a tcpdump filter on every engine, assembler round trip) in a
 * child process where Node's globals are gone and a resolve hook refuses any Node builtin or npm
 * package imported from dist/src — and comparing the results with an ordinary run.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { browserWork } from './browser/core_work.js';

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));

test('the core runs without Node builtins or globals and computes what Node computes', async () => {
  const child = spawnSync(process.execPath, [here('./browser/core_child.js')], { encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  const page = JSON.parse(child.stdout.trim().split('\n').pop()!) as Awaited<ReturnType<typeof browserWork>>;
  const node = await browserWork(new Uint8Array(readFileSync(here('../../examples/xdp_firewall.bpf.o'))), new Uint8Array(readFileSync(here('../../examples/traffic.pcap'))));
  assert.deepEqual(page, node);
  // and the work itself is meaningful: drops and passes, a filter that selects some packets
  assert.deepEqual(page.verdicts.jit, page.verdicts.interpreter);
  assert.ok(page.verdicts.jit.includes(1) && page.verdicts.jit.includes(2), 'both XDP_DROP and XDP_PASS');
  assert.ok(page.blocked > 0);
  const n = page.verdicts.jit.length;
  for (const [engine, c] of Object.entries(page.filter)) assert.ok(c > 0 && c < n, `${engine}: ${c} of ${n}`);
  assert.equal(page.verified, true);
  assert.match(page.refused, /invalid read from stack/);
  assert.equal(page.roundTrip, true);
});

test('the check has teeth: a Node-only module (the file pin store) is refused under the hook', () => {
  const script = `import { register } from 'node:module'; register(${JSON.stringify(new URL('./browser/no_node_hook.js', import.meta.url).href)}); await import(${JSON.stringify(new URL('../src/runtime/pin_fs.js', import.meta.url).href)});`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.notEqual(child.status, 0);
  assert.match(child.stderr, /not browser-safe: dist\/src\/runtime\/pin_fs.js imports 'node:/);
});
