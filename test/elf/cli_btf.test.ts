import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CILIUM_ELF, corpusAvailable } from './corpus.js';

const BIN = fileURLToPath(new URL('../../../bin/tsbpf.js', import.meta.url));
const skip = corpusAvailable() ? false : 'shared corpus ../shared/corpora/cilium-elf not present';
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });

test('cli: tsbpf btf dump OBJ [format raw|c]', { skip }, () => {
  const obj = CILIUM_ELF + 'testdata_loader-clang-17-eb.elf';
  const raw = run('btf', 'dump', 'file', obj, 'format', 'raw');
  assert.equal(raw.status, 0, raw.stderr);
  assert.match(raw.stdout, /^\[1\] PTR '\(anon\)' type_id=3\n\[2\] INT 'int' size=4 bits_offset=0 nr_bits=32 encoding=SIGNED\n/);
  const same = run('btf', 'dump', obj);
  assert.equal(same.stdout, raw.stdout);
  const c = run('btf', 'dump', obj, 'format', 'c');
  assert.equal(c.status, 0);
  assert.match(c.stdout, /struct bpf_map_def \{/);
  const j = run('btf', 'dump', obj, '-j');
  assert.equal(j.status, 0);
  assert.equal(JSON.parse(j.stdout).types[1].name, 'int');
  // the same JSON as `bpftool -j btf dump file` (objects of the corpus; bpftool 7.1 sign-extends
  // unsigned 32-bit enum values >= 2^31 in JSON, which tsbpf does not copy)
  if (spawnSync('bpftool', ['version'], { stdio: 'ignore' }).status === 0) {
    for (const f of ['testdata_loader-clang-17-eb.elf', 'btf_testdata_relocs-el.elf', 'btf_testdata_tags-el.elf']) {
      const theirs = spawnSync('bpftool', ['-j', 'btf', 'dump', 'file', CILIUM_ELF + f], { encoding: 'utf8' });
      assert.deepEqual(JSON.parse(run('btf', 'dump', CILIUM_ELF + f, '-j').stdout), JSON.parse(theirs.stdout), f);
    }
  }
  const bad = run('btf', 'dump', obj, 'format', 'xml');
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /unrecognized format specifier: 'xml'/);
  const missing = run('btf', 'dump', CILIUM_ELF + 'nope.o');
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /ENOENT/);
  const nobtf = run('btf', 'dump', CILIUM_ELF + 'testdata_loader_nobtf-el.elf');
  assert.equal(nobtf.status, 1);
  assert.match(nobtf.stderr, /no \.BTF section/);
});
