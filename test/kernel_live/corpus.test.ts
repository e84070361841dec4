/**
 * The cilium/ebpf test objects and examples (../shared/corpora/cilium-elf) loaded into the running
 * kernel through loadObject(path, { target: 'kernel' }). Many are meant to fail (invalid maps,
 * poisoned CO-RE, kfuncs of a test module, fentry on a kernel without trampolines); the test holds
 * a floor on how many load and checks that every failure is a typed error with a sentence.
 * Big-endian objects are refused with ENOEXEC, as libbpf does. Skips without ../shared or bpf().
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, rmSync } from 'node:fs';
import { loadObject } from '../../src/runtime/object.js';
import { kernelAvailable } from '../../src/hooks/kernel/bpf.js';
import { BpfError } from '../../src/isa/errors.js';
import { sharedPath, sharedSkip } from '../shared_data.js';

const avail = kernelAvailable();
const skip = sharedSkip('corpora/cilium-elf') || (avail.ok ? false : avail.reason);
/** measured on Linux 6.18 without kprobes/trampolines: 26 of 53 little-endian objects */
const FLOOR = 26;

test('cilium/ebpf objects load into the running kernel (floor), failures are typed sentences', { skip }, async () => {
  const dir = sharedPath('corpora/cilium-elf/');
  const files = readdirSync(dir).filter((f) => /\.(o|elf)$/.test(f)).sort();
  const little = files.filter((f) => !/(-eb\.elf|bpfeb\.o)$/.test(f));
  const pinRoot = `/sys/fs/bpf/kload-corpus-${process.pid}`;
  let loaded = 0;
  const failures: string[] = [];
  try {
    for (const f of little) {
      try {
        const obj = await loadObject(dir + f, { target: 'kernel', pinRoot });
        assert.ok(obj.programs.size + obj.maps.size > 0, f);
        obj.close();
        loaded++;
      } catch (e) {
        assert.ok(e instanceof BpfError, `${f}: ${String(e)}`);
        assert.match(e.message, /^E[A-Z0-9]+: \S/, f);
        failures.push(`${f}: ${e.message.split('\n')[0]}`);
      }
    }
    const big = files.find((f) => /bpfeb\.o$/.test(f));
    if (big) await assert.rejects(loadObject(dir + big, { target: 'kernel' }), /ENOEXEC: the object is big-endian/);
  } finally {
    rmSync(pinRoot, { recursive: true, force: true });
  }
  console.log(`cilium-elf: ${loaded} of ${little.length} little-endian objects loaded into the kernel`);
  assert.ok(loaded >= FLOOR, `only ${loaded} loaded:\n${failures.join('\n')}`);
});
