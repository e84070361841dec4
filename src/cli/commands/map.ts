/**
 * `tsbpf map dump|lookup|update|delete|getnext|show pinned PATH [key BYTES…] [value BYTES…] [any|exist|noexist]`
 * in bpftool's grammar: bytes are parsed as bpftool does (base 0: `0x1f` hex, `31` decimal,
 * `037` octal; after the word `hex` every byte is hex), a long run of hex digits is taken as
 * hex bytes. `-j`/`--json` prints bpftool's JSON (`key`/`value` as "0x.." byte arrays, and
 * `formatted` when the pin carries BTF types). Pins are the files `tsbpf prog load --pinmaps`
 * (or the runtime API) writes.
 */
import { BpfError } from '../../isa/errors.js';
import { BPF_ANY, BPF_EXIST, BPF_NOEXIST, mapTypeShortName } from '../../maps/constants.js';
import { MapType } from '../../maps/constants.js';
import { Bpf } from '../../runtime/bpf.js';
import { decode, toJson, type TypeDesc } from '../../runtime/format.js';
import { FsPinStore } from '../../runtime/pin_fs.js';
import { decodePin } from '../../runtime/pin_format.js';

const USAGE = `usage: tsbpf map { dump | show } pinned PATH [-j]
       tsbpf map lookup  pinned PATH key BYTES [-j]
       tsbpf map getnext pinned PATH [key BYTES] [-j]
       tsbpf map update  pinned PATH key BYTES value BYTES [any|exist|noexist]
       tsbpf map delete  pinned PATH key BYTES
BYTES: bpftool style (0x1f, 31, 037; "hex" makes the rest hex), or one run of hex digits`;

function parseBytes(words: string[], what: string): Uint8Array {
  const out: number[] = [];
  let hex = false;
  for (const w of words) {
    if (w === 'hex') {
      hex = true;
      continue;
    }
    if (hex) {
      const s = w.replace(/^0x/i, '');
      if (!/^[0-9a-f]+$/i.test(s)) throw new BpfError('EINVAL', `${what}: "${w}" is not hex`);
      if (s.length > 2) {
        if (s.length % 2) throw new BpfError('EINVAL', `${what}: "${w}" has an odd number of hex digits`);
        for (let i = 0; i < s.length; i += 2) out.push(parseInt(s.slice(i, i + 2), 16));
      } else out.push(parseInt(s, 16));
      continue;
    }
    let v: number;
    if (/^0x[0-9a-f]+$/i.test(w)) v = parseInt(w.slice(2), 16);
    else if (/^0[0-7]+$/.test(w)) v = parseInt(w, 8);
    else if (/^\d+$/.test(w)) v = parseInt(w, 10);
    else v = NaN;
    if (Number.isNaN(v) || v > 255) {
      // a run of hex digits: bytes in order
      if (/^[0-9a-f]+$/i.test(w) && w.length % 2 === 0 && w.length > 2) {
        for (let i = 0; i < w.length; i += 2) out.push(parseInt(w.slice(i, i + 2), 16));
        continue;
      }
      throw new BpfError('EINVAL', `${what}: "${w}" is not a byte (0..255, 0x.., or hex digits)`);
    }
    out.push(v);
  }
  return Uint8Array.from(out);
}

const hexWords = (b: Uint8Array): string => [...b].map((x) => x.toString(16).padStart(2, '0')).join(' ');
const jsonBytes = (b: Uint8Array): string[] => [...b].map((x) => `0x${x.toString(16).padStart(2, '0')}`);

interface Args {
  verb: string;
  path: string;
  key?: Uint8Array;
  value?: Uint8Array;
  flags: number;
  json: boolean;
  pretty: boolean;
}

function parse(argv: string[]): Args {
  const json = argv.some((a) => a === '-j' || a === '--json' || a === '-p' || a === '--pretty');
  const pretty = argv.some((a) => a === '-p' || a === '--pretty');
  const words = argv.filter((a) => !['-j', '--json', '-p', '--pretty'].includes(a));
  const [verb, how, path, ...rest] = words;
  if (!verb) throw new BpfError('EINVAL', `missing verb\n${USAGE}`);
  if (how !== 'pinned' || !path) throw new BpfError('EINVAL', `expected "pinned PATH" after "${verb}"\n${USAGE}`);
  const a: Args = { verb, path, flags: BPF_ANY, json, pretty };
  let i = 0;
  while (i < rest.length) {
    const w = rest[i]!;
    if (w === 'key' || w === 'value') {
      let j = i + 1;
      while (j < rest.length && !['key', 'value', 'any', 'exist', 'noexist'].includes(rest[j]!)) j++;
      const bytes = parseBytes(rest.slice(i + 1, j), w);
      if (w === 'key') a.key = bytes;
      else a.value = bytes;
      i = j;
    } else if (w === 'any' || w === 'exist' || w === 'noexist') {
      a.flags = w === 'any' ? BPF_ANY : w === 'exist' ? BPF_EXIST : BPF_NOEXIST;
      i++;
    } else throw new BpfError('EINVAL', `unexpected "${w}"\n${USAGE}`);
  }
  return a;
}

export async function main(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === '-h' || argv[0] === '--help' || argv[0] === 'help') {
    console.log(USAGE);
    return argv.length ? 0 : 2;
  }
  const a = parse(argv);
  const pins = new FsPinStore();
  const bytes = pins.read(pins.resolve(a.path));
  if (!bytes) throw new BpfError('ENOENT', `${a.path}: nothing is pinned there`);
  const info = decodePin(bytes, a.path);
  const percpu = [MapType.PERCPU_ARRAY, MapType.PERCPU_HASH, MapType.LRU_PERCPU_HASH].includes(info.attr.mapType as 6);
  const bpf = new Bpf({ pins, ncpus: percpu ? info.ncpus : 1 });
  const fd = bpf.objGet(a.path);
  const m = bpf.map(fd);
  const keyType = info.meta.keyType as TypeDesc | undefined;
  const valueType = info.meta.valueType as TypeDesc | undefined;
  const out = (v: unknown): void => console.log(a.pretty ? toJson(v, 2) : toJson(v));

  const entryJson = (k: Uint8Array, v: Uint8Array): Record<string, unknown> => {
    const e: Record<string, unknown> = { key: jsonBytes(k) };
    if (percpu) e.values = Array.from({ length: m.ncpus }, (_, c) => ({ cpu: c, value: jsonBytes(v.subarray(c * m.percpuStride, c * m.percpuStride + m.valueSize)) }));
    else e.value = jsonBytes(v);
    if (keyType || valueType) {
      const f: Record<string, unknown> = {};
      if (m.keySize) f.key = keyType ? decode(keyType, k) : jsonBytes(k);
      if (percpu) f.values = Array.from({ length: m.ncpus }, (_, c) => ({ cpu: c, value: valueType ? decode(valueType, v, c * m.percpuStride) : jsonBytes(v) }));
      else f.value = valueType ? decode(valueType, v) : jsonBytes(v);
      e.formatted = f;
    }
    return e;
  };
  const entryText = (k: Uint8Array, v: Uint8Array): string => {
    if (percpu) return [`key: ${hexWords(k)}`, ...Array.from({ length: m.ncpus }, (_, c) => ` value (CPU ${String(c).padStart(2, '0')}): ${hexWords(v.subarray(c * m.percpuStride, c * m.percpuStride + m.valueSize))}`)].join('\n');
    return m.keySize ? `key: ${hexWords(k)}  value: ${hexWords(v)}` : `value: ${hexWords(v)}`;
  };

  switch (a.verb) {
    case 'show': {
      const o = { name: m.name, type: mapTypeShortName(m.type), bytes_key: m.keySize, bytes_value: m.valueSize, max_entries: m.maxEntries, flags: m.flags, frozen: m.frozen ? 1 : 0, pinned: [a.path], ...(percpu ? { ncpus: m.ncpus } : {}) };
      if (a.json) out(o);
      else console.log(`${mapTypeShortName(m.type)}  name ${m.name || '-'}  flags 0x${m.flags.toString(16)}\n\tkey ${m.keySize}B  value ${m.valueSize}B  max_entries ${m.maxEntries}${m.frozen ? '  frozen' : ''}\n\tpinned ${a.path}`);
      return 0;
    }
    case 'dump': {
      const rows: [Uint8Array, Uint8Array][] = [];
      if (m.type === MapType.QUEUE || m.type === MapType.STACK) {
        for (const v of (m as import('../../maps/queue_stack.js').QueueStackMap).values()) rows.push([new Uint8Array(0), v]);
      } else {
        let k: Uint8Array | null = null;
        for (;;) {
          try {
            k = bpf.mapGetNextKey(fd, k);
          } catch (e) {
            if (e instanceof BpfError && e.errno === 'ENOENT') break;
            throw e;
          }
          try {
            rows.push([k, bpf.mapLookupElem(fd, k)]);
          } catch (e) {
            if (e instanceof BpfError && (e.errno === 'ENOENT' || e.errno === 'ENOTSUPP')) continue;
            throw e;
          }
        }
      }
      if (a.json) out(rows.map(([k, v]) => entryJson(k, v)));
      else {
        for (const [k, v] of rows) console.log(entryText(k, v));
        console.log(`Found ${rows.length} element${rows.length === 1 ? '' : 's'}`);
      }
      return 0;
    }
    case 'lookup': {
      if (!a.key && m.keySize) throw new BpfError('EINVAL', `lookup needs "key BYTES" (${m.keySize} bytes)`);
      const k = a.key ?? new Uint8Array(0);
      checkLen(k, m.keySize, 'key');
      const v = bpf.mapLookupElem(fd, m.keySize ? k : null);
      if (a.json) out(entryJson(k, v));
      else console.log(entryText(k, v));
      return 0;
    }
    case 'getnext': {
      if (a.key) checkLen(a.key, m.keySize, 'key');
      const next = bpf.mapGetNextKey(fd, a.key ?? null);
      if (a.json) out({ key: a.key ? jsonBytes(a.key) : null, next_key: jsonBytes(next) });
      else console.log(`key:\n${a.key ? hexWords(a.key) : 'None'}\nnext key:\n${hexWords(next)}`);
      return 0;
    }
    case 'update': {
      if (!a.value) throw new BpfError('EINVAL', `update needs "value BYTES" (${m.userValueSize} bytes)`);
      if (m.keySize) {
        if (!a.key) throw new BpfError('EINVAL', `update needs "key BYTES" (${m.keySize} bytes)`);
        checkLen(a.key, m.keySize, 'key');
      }
      let v = a.value;
      // bpftool takes one value for all CPUs of a per-CPU map
      if (percpu && v.length === m.valueSize) {
        const all = new Uint8Array(m.userValueSize);
        for (let c = 0; c < m.ncpus; c++) all.set(v, c * m.percpuStride);
        v = all;
      }
      checkLen(v, percpu ? m.userValueSize : m.valueSize, 'value');
      bpf.mapUpdateElem(fd, m.keySize ? a.key! : null, v, a.flags);
      if (a.json) out(null);
      return 0;
    }
    case 'delete': {
      if (!a.key) throw new BpfError('EINVAL', `delete needs "key BYTES" (${m.keySize} bytes)`);
      checkLen(a.key, m.keySize, 'key');
      bpf.mapDeleteElem(fd, a.key);
      if (a.json) out(null);
      return 0;
    }
    default:
      throw new BpfError('EINVAL', `unknown verb "${a.verb}"\n${USAGE}`);
  }
}

function checkLen(b: Uint8Array, n: number, what: string): void {
  if (b.length !== n) throw new BpfError('EINVAL', `${what} is ${b.length} bytes, the map needs ${n}`);
}
