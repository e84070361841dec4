/**
 * `tsbpf map dump|lookup` in plain text for a map with BTF prints what bpftool prints for it: the
 * formatted entries through bpftool's pretty json_writer (cli/format/jsonw.ts). Compared with the
 * real bpftool byte for byte: every map with BTF of every example object is made twice, in the
 * running kernel (dumped by bpftool from a bpffs pin) and in the emulator (a tsbpf pin file), given
 * the same seeded entry, and dumped. Skips without root, bpf() or bpftool.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadObject } from '../../src/runtime/object.js';
import { MapType } from '../../src/maps/constants.js';
import { bpffsDir, has, kernelSkip, rmrf } from '../kernel/attach_helpers.js';
import { prng } from '../../src/hooks/pcap/synth.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const bin = join(root, 'bin/tsbpf.js');
const skip = kernelSkip || (!has('bpftool') ? 'needs bpftool' : false);
const d = mkdtempSync(join(tmpdir(), 'tsbpf-btf-text-'));
after(() => rmrf(d));

// one entry per map: the kernel's hash order and the emulator's differ with more than one
const KEYED = new Set<number>([MapType.HASH, MapType.LRU_HASH, MapType.PERCPU_HASH, MapType.LRU_PERCPU_HASH, MapType.ARRAY, MapType.PERCPU_ARRAY, MapType.LPM_TRIE]);

test('map dump/lookup plain text with BTF: byte-equal to bpftool\'s for every example map with BTF', { skip }, async (t) => {
  const bpffs = bpffsDir();
  const ncpus = Number(execFileSync('nproc', ['--all']).toString());
  const r = prng(15);
  let compared = 0;
  try {
    for (const f of readdirSync(join(root, 'examples')).filter((x) => x.endsWith('.bpf.o')).sort()) {
      let k;
      try {
        k = await loadObject(join(root, 'examples', f), { target: 'kernel' });
      } catch {
        continue; // objects this kernel refuses (kprobes, fentry) are the attach tests' business
      }
      const pins = join(d, f);
      const e = await loadObject(join(root, 'examples', f), { pinMaps: pins, ncpus });
      const made: [string, string, Uint8Array][] = [];
      try {
        for (const [name, em] of e.maps) {
          if (!KEYED.has(em.type) || !em.keyType || !em.valueType || name.startsWith('.')) continue;
          const key = Uint8Array.from({ length: em.keySize }, () => Math.floor(r() * 256));
          if (em.type === MapType.ARRAY || em.type === MapType.PERCPU_ARRAY) key.set([Math.floor(r() * em.maxEntries), 0, 0, 0]);
          if (em.type === MapType.LPM_TRIE) key.set([Math.floor(r() * (8 * (em.keySize - 4) + 1)), 0, 0, 0]);
          const per = em.type === MapType.PERCPU_ARRAY || em.type === MapType.PERCPU_HASH || em.type === MapType.LRU_PERCPU_HASH;
          const value = Uint8Array.from({ length: per ? Math.ceil(em.valueSize / 8) * 8 * ncpus : em.valueSize }, () => Math.floor(r() * 256));
          k.map(name).set(key, value);
          em.set(key, value);
          const kpin = join(bpffs, `${f}-${name}`.replace(/\./g, '_')); // bpffs refuses dots in names
          k.map(name).pin(kpin);
          made.push([name, kpin, key]);
        }
      } finally {
        e.close();
        k.close();
      }
      // the emulator's pins are written at close; the kernel's maps live on in their pins
      for (const [name, kpin, key] of made) {
        const hex = ['key', 'hex', ...[...key].map((b) => b.toString(16).padStart(2, '0'))];
        for (const verb of [['dump'], ['lookup']]) {
          const theirs = execFileSync('bpftool', ['map', ...verb, 'pinned', kpin, ...(verb[0] === 'lookup' ? hex : [])]).toString();
          const mine = spawnSync(process.execPath, [bin, 'map', ...verb, 'pinned', join(pins, name), ...(verb[0] === 'lookup' ? hex : [])], { encoding: 'utf8' });
          assert.equal(mine.status, 0, mine.stderr);
          assert.equal(mine.stdout, theirs, `${f} ${name} ${verb[0]}`);
        }
        rmSync(kpin);
        compared++;
      }
    }
  } finally {
    rmrf(bpffs);
  }
  t.diagnostic(`${compared} maps compared with bpftool`);
  assert.ok(compared >= 5, `${compared} maps`);
});
