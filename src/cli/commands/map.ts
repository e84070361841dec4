/**
 * `tsbpf map dump|lookup|update|delete|getnext|freeze|show pinned PATH [key BYTES…] [value BYTES…] [any|exist|noexist]`
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
import { decode, isTypeDesc, toJson, type TypeDesc } from '../../runtime/format.js';
import { FsPinStore } from '../../runtime/pin_fs.js';
import { decodePin } from '../../runtime/pin_format.js';
import { defineCommand, UsageError, type Command } from '../command.js';
import { CommandGroup } from '../registry.js';
import { JsonWriter } from '../format/jsonw.js';

const BYTES_HELP = 'BYTES are read as bpftool reads them: 0x1f, 31, 037 one byte each; after the word "hex" every word is hex; one long run of hex digits is bytes in order.';

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
  /** the selector: pinned PATH (a tsbpf pin file or a bpffs pin), id ID, name NAME (kernel maps) */
  how: 'pinned' | 'id' | 'name';
  path: string;
  key?: Uint8Array;
  value?: Uint8Array;
  flags: number;
  json: boolean;
  pretty: boolean;
}

function parse(verb: string, words: string[], json: boolean, pretty: boolean): Args {
  const [how, path, ...rest] = words;
  if ((how !== 'pinned' && how !== 'id' && how !== 'name') || !path) throw new UsageError(`expected "id ID", "pinned PATH" or "name NAME" after "${verb}"`, `usage: tsbpf map ${verb} (id ID | pinned PATH | name NAME) ...`);
  const a: Args = { verb, how, path, flags: BPF_ANY, json, pretty };
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
    } else throw new BpfError('EINVAL', `unexpected "${w}" (${BYTES_HELP})`);
  }
  return a;
}

/** one verb of `tsbpf map`: its words after the verb are bpftool's (pinned PATH key … value …) */
function verb(name: string, summary: string, args: string, examples: string[]): Command {
  const does = name === 'list' ? 'show' : name;
  return defineCommand({
    name: `map ${name}`,
    summary,
    args,
    minArgs: does === 'show' ? 0 : 2,
    options: {},
    description: `${MAP_HELP}${args.includes('BYTES') ? ` ${BYTES_HELP}` : ''}`,
    examples,
    run: async (p) => (does === 'show' && p.args.length === 0 ? (await import('./map_kernel.js')).showAll(p.json, p.pretty) : mapMain(parse(does, p.args, p.json, p.pretty))),
  });
}

const MAP_HELP = 'MAP is id ID or name NAME (a map of the running kernel), or pinned PATH: a pin on a bpffs mount (the kernel\'s) or a pin file tsbpf prog load --pinmaps wrote (the emulator\'s).';

/** `tsbpf map VERB`: the verbs, each its own command with its own help */
export const mapVerbs = new CommandGroup('map', 'map objects (bpftool map grammar)');
const PIN = '/sys/fs/bpf/tsbpf/counts';
const VERBS: [string, string, string, string[]][] = [
  ['show', 'show a map: type, name, sizes, flags (without a selector: every map of the running kernel)', '[MAP]', [`tsbpf map show pinned ${PIN}`]],
  ['dump', 'print every entry of a pinned map (with BTF: formatted keys and values)', 'MAP', [`tsbpf -j map dump pinned ${PIN}`]],
  ['lookup', 'print the value stored under a key', 'MAP key BYTES', [`tsbpf map lookup pinned ${PIN} key 0x0a 0 0 1`]],
  ['getnext', 'print the key after KEY (the first key without one)', 'MAP [key BYTES]', [`tsbpf map getnext pinned ${PIN}`]],
  ['update', 'store a value under a key (any: create or replace; exist: replace; noexist: create)', 'MAP [key BYTES] value BYTES [any|exist|noexist]', [`tsbpf map update pinned ${PIN} key 1 0 0 0 value hex 2a 00 00 00 00 00 00 00`]],
  ['delete', 'delete the entry under a key', 'MAP key BYTES', [`tsbpf map delete pinned ${PIN} key 1 0 0 0`]],
  ['freeze', 'freeze a map: user space can no longer change it, programs still can (BPF_MAP_FREEZE)', 'MAP', [`tsbpf map freeze pinned ${PIN}`]],
];
for (const [name, summary, args, ex] of VERBS) {
  const c = verb(name, summary, args, ex);
  mapVerbs.register(name, summary, async () => c);
}
// bpftool's `map list` is its `map show`
const listVerb = verb('list', 'the same as show', VERBS[0]![2], ['tsbpf map list']);
mapVerbs.register('list', 'the same as show', async () => listVerb);
mapVerbs.register('pin', 'pin a map of the running kernel to a bpffs path', async () => (await import('./kernel_show.js')).mapPinCommand);
mapVerbs.register('create', 'create a map in the running kernel and pin it (bpftool map create)', async () => (await import('./map_kernel.js')).createCommand);

/** what a map verb works on: an emulator pin file, or a map of the running kernel */
export interface MapTarget {
  name: string;
  type: number;
  keySize: number;
  valueSize: number;
  maxEntries: number;
  flags: number;
  frozen: boolean;
  percpu: boolean;
  ncpus: number;
  /** bytes per CPU in a per-CPU value (value_size rounded up to 8) */
  percpuStride: number;
  /** what a lookup returns: valueSize, or percpuStride * ncpus */
  userValueSize: number;
  keyType?: TypeDesc;
  valueType?: TypeDesc;
  nextKey(k: Uint8Array | null): Uint8Array;
  lookup(k: Uint8Array | null): Uint8Array;
  update(k: Uint8Array | null, v: Uint8Array, flags: number): void;
  delete(k: Uint8Array): void;
  /** BPF_MAP_FREEZE */
  freeze(): void;
  /** queue and stack maps: their values, oldest first */
  values?(): Uint8Array[];
  showJson(): unknown;
  showText(): string;
  close(): void;
}

function emulatorTarget(path: string): MapTarget {
  const pins = new FsPinStore();
  const bytes = pins.read(pins.resolve(path));
  if (!bytes) throw new BpfError('ENOENT', `${path}: nothing is pinned there`);
  const info = decodePin(bytes, path);
  const percpu = [MapType.PERCPU_ARRAY, MapType.PERCPU_HASH, MapType.LRU_PERCPU_HASH].includes(info.attr.mapType as 6);
  const bpf = new Bpf({ pins, ncpus: percpu ? info.ncpus : 1 });
  const fd = bpf.objGet(path);
  const m = bpf.map(fd);
  const isQueue = m.type === MapType.QUEUE || m.type === MapType.STACK;
  // the BTF descriptions another process wrote into the pin (pin_format.ts meta): a damaged one
  // is refused as decodePin refuses a damaged file, rather than formatting through it
  for (const [k, size] of [['keyType', m.keySize], ['valueType', m.valueSize]] as const) {
    if (info.meta[k] !== undefined && !isTypeDesc(info.meta[k], size)) throw new BpfError('EBADMSG', `${path}: not a valid tsbpf pin: its ${k} is not a type description of ${size} bytes`);
  }
  return {
    name: m.name, type: m.type, keySize: m.keySize, valueSize: m.valueSize, maxEntries: m.maxEntries, flags: m.flags, frozen: m.frozen,
    percpu, ncpus: m.ncpus, percpuStride: m.percpuStride, userValueSize: m.userValueSize,
    ...(info.meta.keyType ? { keyType: info.meta.keyType as TypeDesc } : {}),
    ...(info.meta.valueType ? { valueType: info.meta.valueType as TypeDesc } : {}),
    nextKey: (k) => bpf.mapGetNextKey(fd, k),
    lookup: (k) => bpf.mapLookupElem(fd, k),
    update: (k, v, f) => bpf.mapUpdateElem(fd, k, v, f),
    delete: (k) => bpf.mapDeleteElem(fd, k),
    freeze: () => bpf.mapFreeze(fd),
    ...(isQueue ? { values: () => [...(m as import('../../maps/queue_stack.js').QueueStackMap).values()] } : {}),
    showJson: () => ({ name: m.name, type: mapTypeShortName(m.type), bytes_key: m.keySize, bytes_value: m.valueSize, max_entries: m.maxEntries, flags: m.flags, frozen: m.frozen ? 1 : 0, pinned: [path], ...(percpu ? { ncpus: m.ncpus } : {}) }),
    showText: () => `${mapTypeShortName(m.type)}  name ${m.name || '-'}  flags 0x${m.flags.toString(16)}\n\tkey ${m.keySize}B  value ${m.valueSize}B  max_entries ${m.maxEntries}${m.frozen ? '  frozen' : ''}\n\tpinned ${path}`,
    close: () => {},
  };
}

async function mapMain(a: Args): Promise<number> {
  // `id N`, `name NAME` and pins on a bpffs mount are maps of the running kernel; other pins are tsbpf's files
  const kernel = a.how !== 'pinned' || (await import('./map_kernel.js')).isBpffs(a.path);
  const m = kernel ? (await import('./map_kernel.js')).kernelTarget(a.how, a.path) : emulatorTarget(a.path);
  try {
    return runVerb(a, m);
  } finally {
    m.close();
  }
}

function runVerb(a: Args, m: MapTarget): number {
  const { percpu, keyType, valueType } = m;
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
  // with BTF, bpftool's plain text is the formatted entry through its pretty json_writer (do_dump_btf)
  const btfText = !a.json && (keyType || valueType) && m.keySize > 0;
  const dumpBtf = (w: JsonWriter, k: Uint8Array, v: Uint8Array): void => {
    const f = entryJson(k, v).formatted as { key?: unknown; value?: unknown; values?: unknown };
    w.startObject();
    w.name('key');
    w.value(f.key);
    w.name(percpu ? 'values' : 'value');
    w.value(percpu ? f.values : f.value);
    w.endObject();
  };
  const entryText = (k: Uint8Array, v: Uint8Array): string => {
    // bpftool print_entry_plain: per-CPU values one line per CPU under "key:"; keys or values past 16 bytes on lines of their own
    if (percpu) return [`key:`, hexWords(k), ...Array.from({ length: m.ncpus }, (_, c) => `value (CPU ${String(c).padStart(2, '0')}): ${hexWords(v.subarray(c * m.percpuStride, c * m.percpuStride + m.valueSize))}`)].join('\n');
    if (m.keySize > 16 || m.valueSize > 16) return m.keySize ? `key:\n${hexWords(k)}\nvalue:\n${hexWords(v)}` : `value:\n${hexWords(v)}`;
    return m.keySize ? `key: ${hexWords(k)}  value: ${hexWords(v)}` : `value: ${hexWords(v)}`;
  };

  switch (a.verb) {
    case 'show': {
      if (a.json) out(m.showJson());
      else console.log(m.showText());
      return 0;
    }
    case 'dump': {
      const rows: [Uint8Array, Uint8Array][] = [];
      if (m.values) {
        for (const v of m.values()) rows.push([new Uint8Array(0), v]);
      } else {
        let k: Uint8Array | null = null;
        for (;;) {
          try {
            k = m.nextKey(k);
          } catch (e) {
            if (e instanceof BpfError && e.errno === 'ENOENT') break;
            throw e;
          }
          try {
            rows.push([k, m.lookup(k)]);
          } catch (e) {
            if (e instanceof BpfError && (e.errno === 'ENOENT' || e.errno === 'ENOTSUPP')) continue;
            throw e;
          }
        }
      }
      if (a.json) out(rows.map(([k, v]) => entryJson(k, v)));
      else if (btfText) {
        const w = new JsonWriter();
        w.startArray();
        for (const [k, v] of rows) dumpBtf(w, k, v);
        w.endArray();
        process.stdout.write(w.done());
      } else {
        for (const [k, v] of rows) console.log(entryText(k, v));
        console.log(`Found ${rows.length} element${rows.length === 1 ? '' : 's'}`);
      }
      return 0;
    }
    case 'lookup': {
      if (!a.key && m.keySize) throw new BpfError('EINVAL', `lookup needs "key BYTES" (${m.keySize} bytes)`);
      const k = a.key ?? new Uint8Array(0);
      checkLen(k, m.keySize, 'key');
      const v = m.lookup(m.keySize ? k : null);
      if (a.json) out(entryJson(k, v));
      else if (btfText) {
        const w = new JsonWriter();
        dumpBtf(w, k, v);
        process.stdout.write(w.done());
      } else console.log(entryText(k, v));
      return 0;
    }
    case 'getnext': {
      if (a.key) checkLen(a.key, m.keySize, 'key');
      const next = m.nextKey(a.key ?? null);
      if (a.json) out({ key: a.key ? jsonBytes(a.key) : null, next_key: jsonBytes(next) });
      else console.log(`key:${a.key ? `\n${hexWords(a.key)}` : ' None'}\nnext key:\n${hexWords(next)}`);
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
      m.update(m.keySize ? a.key! : null, v, a.flags);
      if (a.json) out(null);
      return 0;
    }
    case 'delete': {
      if (!a.key) throw new BpfError('EINVAL', `delete needs "key BYTES" (${m.keySize} bytes)`);
      checkLen(a.key, m.keySize, 'key');
      m.delete(a.key);
      if (a.json) out(null);
      return 0;
    }
    case 'freeze': {
      // bpftool do_freeze: BPF_MAP_FREEZE; user space may no longer write (programs still may)
      if (a.key || a.value) throw new BpfError('EINVAL', 'freeze takes no key or value');
      m.freeze();
      if (a.json) out(null);
      return 0;
    }
    default:
      throw new BpfError('EINVAL', `unknown verb "${a.verb}"`);
  }
}

function checkLen(b: Uint8Array, n: number, what: string): void {
  if (b.length !== n) throw new BpfError('EINVAL', `${what} is ${b.length} bytes, the map needs ${n}`);
}
