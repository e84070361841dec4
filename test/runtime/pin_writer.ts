/**
 * Child process of the pin crash test: opens a pinned ARRAY map and rewrites every value with a
 * growing version number, one BPF_MAP_UPDATE_BATCH (one pin rewrite) per version, until killed.
 * Does nothing unless started with `--write DIR` (so the test runner may load it harmlessly).
 */
import { Bpf } from '../../src/runtime/bpf.js';
import { FsPinStore } from '../../src/runtime/pin_fs.js';

const at = process.argv.indexOf('--write');
if (at >= 0) {
  const path = process.argv[at + 1]!;
  const bpf = new Bpf({ pins: new FsPinStore() });
  const fd = bpf.objGet(path);
  const m = bpf.map(fd);
  const n = m.maxEntries;
  const keys = new Uint8Array(n * 4);
  const kdv = new DataView(keys.buffer);
  for (let i = 0; i < n; i++) kdv.setUint32(i * 4, i, true);
  const values = new Uint8Array(n * m.valueSize);
  const vdv = new DataView(values.buffer);
  let version = vdv.getUint32(0, true);
  const first = bpf.mapLookupElem(fd, keys.subarray(0, 4));
  version = new DataView(first.buffer).getUint32(0, true);
  process.stdout.write('ready\n');
  for (;;) {
    version++;
    for (let i = 0; i < n; i++) for (let w = 0; w < m.valueSize; w += 4) vdv.setUint32(i * m.valueSize + w, version, true);
    bpf.mapUpdateBatch(fd, keys, values, { count: n });
  }
}
