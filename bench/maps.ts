/**
 * Map operations per second from JavaScript: tsbpf's maps (the bpf()-shaped API on Uint8Array
 * keys/values) against the same operations through the kernel's bpf() (koffi FFI, one syscall
 * each), HASH and ARRAY with 1M entries (u32 key, u64 value), in the same run.
 *
 *   node dist/bench/maps.js [--quick]      (or through `npm run bench`, which loads maps.bench.js)
 */
import * as K from '../src/hooks/kernel/index.js';
import { Bpf } from '../src/runtime/bpf.js';
import { MapType } from '../src/maps/constants.js';
import type { BenchTable } from './registry.js';

type Op = 'update' | 'lookup' | 'get_next_key' | 'delete';
const OPS: Op[] = ['update', 'lookup', 'get_next_key', 'delete'];

interface Side {
  create(type: number, n: number): void;
  op(op: Op, key: Uint8Array, value: Uint8Array): void;
  close(): void;
}

function tsSide(): Side {
  const bpf = new Bpf();
  let fd = -1;
  return {
    create(type, n) {
      fd = bpf.mapCreate({ mapType: type, keySize: 4, valueSize: 8, maxEntries: n });
    },
    op(op, key, value) {
      if (op === 'update') bpf.mapUpdateElem(fd, key, value, 0);
      else if (op === 'lookup') bpf.mapLookupElem(fd, key);
      else if (op === 'get_next_key') {
        try {
          bpf.mapGetNextKey(fd, key);
        } catch {
          // ENOENT after the last key
        }
      }
      else bpf.mapDeleteElem(fd, key);
    },
    close() {
      bpf.close(fd);
    },
  };
}

function kernelSide(): Side {
  let fd = -1;
  return {
    create(type, n) {
      fd = K.mapCreate({ mapType: type, keySize: 4, valueSize: 8, maxEntries: n });
    },
    op(op, key, value) {
      if (op === 'update') K.mapUpdateElem(fd, key, value, 0);
      else if (op === 'lookup') K.mapLookupElem(fd, key, 8);
      else if (op === 'get_next_key') {
        try {
          K.mapGetNextKey(fd, key, 4);
        } catch {
          // ENOENT after the last key
        }
      }
      else K.mapDeleteElem(fd, key);
    },
    close() {
      K.closeFd(fd);
    },
  };
}

/** ops/s of each operation over keys 0..n-1 (n operations each); array maps skip delete (EINVAL) */
function measure(side: Side, type: number, n: number): Map<Op, number> {
  const out = new Map<Op, number>();
  side.create(type, n);
  const key = new Uint8Array(4);
  const kdv = new DataView(key.buffer);
  const value = new Uint8Array(8);
  const vdv = new DataView(value.buffer);
  // a fixed pseudo-random order so hash lookups do not walk memory sequentially
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let s = 12345;
  for (let i = n - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) >>> 0;
    const j = s % (i + 1);
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  for (const op of OPS) {
    if (op === 'delete' && type === MapType.ARRAY) continue;
    // CPU time of this process (user + system: the kernel's work in bpf() counts as system time),
    // so other load on the machine does not count against either side
    const t0 = process.cpuUsage();
    for (let i = 0; i < n; i++) {
      const k = order[i]!;
      kdv.setUint32(0, k, true);
      if (op === 'update') vdv.setUint32(0, k, true);
      side.op(op, key, value);
    }
    const t1 = process.cpuUsage(t0);
    out.set(op, n / ((t1.user + t1.system) / 1e6));
  }
  side.close();
  return out;
}

const fmt = (x: number | undefined): string => (x === undefined ? '-' : x >= 1e6 ? `${(x / 1e6).toFixed(2)}M` : `${(x / 1e3).toFixed(0)}k`);

/** the table `npm run bench` prints: map operations per second, tsbpf vs the kernel's bpf() */
export async function benchMaps(opts: { quick?: boolean; entries?: number } = {}): Promise<BenchTable> {
  const n = opts.entries ?? (opts.quick ? 100_000 : 1_000_000);
  const k = K.kernelAvailable();
  const rows: (string | number)[][] = [];
  for (const [name, type] of [['hash', MapType.HASH], ['array', MapType.ARRAY]] as const) {
    const ts = measure(tsSide(), type, n);
    const kern = k.ok ? measure(kernelSide(), type, n) : undefined;
    for (const op of OPS) {
      if (!ts.has(op)) continue;
      const a = ts.get(op)!;
      const b = kern?.get(op);
      rows.push([name, op, fmt(a), fmt(b), b ? `${(a / b).toFixed(2)}x` : '-']);
    }
  }
  return {
    title: `Map operations per second from JavaScript (${n.toLocaleString('en-US')} entries, u32 key, u64 value)`,
    columns: ['map', 'op', 'tsbpf', 'kernel bpf()', 'tsbpf/kernel'],
    rows,
    notes: [
      'timed in CPU time (user + system) of this process; keys in a fixed shuffled order',
      'tsbpf: the Bpf object API (BPF_MAP_*_ELEM on Uint8Array keys/values); kernel: one bpf() syscall per operation through koffi',
      ...(k.ok ? [] : [`kernel column skipped: ${k.reason}`]),
    ],
  };
}

// run directly: node dist/bench/maps.js [--quick]
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/.*\//, '/'))) {
  const t = await benchMaps({ quick: process.argv.includes('--quick') });
  console.log(t.title);
  console.log(t.columns.join('\t'));
  for (const r of t.rows) console.log(r.join('\t'));
  for (const n of t.notes ?? []) console.log(n);
}
