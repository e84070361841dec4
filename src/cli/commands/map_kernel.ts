/**
 * The kernel side of `tsbpf map`: maps of the running kernel chosen by `id ID`, `name NAME` or a
 * pin on a bpffs mount, behind the same MapTarget the emulator's pin files use, so every verb
 * prints the same way for both (bpftool's plain lines and JSON); and `tsbpf map create`.
 */
import { statfsSync } from 'node:fs';
import { BpfError } from '../../isa/errors.js';
import { MapType } from '../../isa/bpf_types.js';
import { toJson } from '../../runtime/format.js';
import { mapCreate, mapDeleteElem, mapFreeze, mapGetNextKey, mapLookupElem, mapUpdateElem, objPin, percpuValueSize, possibleCpus } from '../../hooks/kernel/bpf.js';
import { PERCPU_MAP_TYPES } from '../../hooks/kernel/uapi.js';
import { closeQuiet } from '../../kernel/link/sys.js';
import { mapShow, mapShowText, pinnedPaths, selectFds, selectOne } from '../../kernel/link/inspect.js';
import { requireKernel } from '../kernel_run.js';
import { defineCommand } from '../command.js';
import { intOption } from '../numbers.js';
import { ifIndex } from '../../kernel/link/sys.js';
import type { MapTarget } from './map.js';

const BPF_FS_MAGIC = 0xcafe4a11;

/** whether a path lies on a bpffs mount (statfs f_type BPF_FS_MAGIC) */
export function isBpffs(path: string): boolean {
  const dir = path.replace(/\/[^/]*$/, '') || '/';
  for (const p of [path, dir]) {
    try {
      return statfsSync(p).type === BPF_FS_MAGIC;
    } catch {
      // not there (yet): ask its directory
    }
  }
  return false;
}

export function kernelTarget(how: 'pinned' | 'id' | 'name', what: string): MapTarget {
  requireKernel();
  const fd = selectOne('map', [how, what]);
  const info = mapShow(fd);
  const type = TYPE_NUMBERS[info.type] ?? -1;
  const percpu = PERCPU_MAP_TYPES.has(type);
  const stride = (info.bytes_value + 7) & ~7;
  const userValueSize = percpu ? percpuValueSize(info.bytes_value) : info.bytes_value;
  const pins = how === 'pinned' ? [what] : undefined;
  return {
    name: info.name ?? '', type, keySize: info.bytes_key, valueSize: info.bytes_value, maxEntries: info.max_entries, flags: info.flags, frozen: !!info.frozen,
    percpu, ncpus: percpu ? possibleCpus() : 1, percpuStride: stride, userValueSize,
    nextKey: (k) => mapGetNextKey(fd, k, info.bytes_key),
    lookup: (k) => mapLookupElem(fd, k, userValueSize),
    update: (k, v, f) => mapUpdateElem(fd, k, v, f),
    delete: (k) => mapDeleteElem(fd, k),
    freeze: () => mapFreeze(fd),
    showJson: () => (pins ? { ...info, pinned: pins } : info),
    showText: () => mapShowText(pins ? { ...info, pinned: pins } : info),
    close: () => closeQuiet(fd),
  };
}

const TYPE_NUMBERS: Record<string, number> = Object.fromEntries(Object.entries(MapType).map(([k, v]) => [k.toLowerCase(), v]));

/** `tsbpf map show` without a selector: every map of the running kernel */
export function showAll(json: boolean, pretty: boolean): number {
  requireKernel();
  const fds = selectFds('map', []);
  const pins = pinnedPaths('map');
  try {
    const all = fds.map((fd) => {
      const o = mapShow(fd);
      const p = pins.get(o.id);
      return p ? { ...o, pinned: p } : o;
    });
    if (json) console.log(pretty ? toJson(all, 2) : toJson(all));
    else for (const o of all) console.log(mapShowText(o));
    return 0;
  } finally {
    for (const fd of fds) closeQuiet(fd);
  }
}

/**
 * `tsbpf map create FILE type TYPE key K value V entries N name NAME [flags F] [inner_map MAP]
 * [offload_dev IFNAME]`, bpftool's do_create (tools/bpf/bpftool/map.c): BPF_MAP_CREATE, then the
 * map pinned at FILE (the only reference left when the command ends).
 */
export const createCommand = defineCommand({
  name: 'map create',
  summary: 'create a map in the running kernel and pin it at FILE (bpftool map create)',
  args: 'FILE type TYPE key KEY_SIZE value VALUE_SIZE entries MAX_ENTRIES name NAME [flags FLAGS] [inner_map MAP] [offload_dev IFNAME]',
  minArgs: 3,
  options: {},
  description: `TYPE is a map type as bpftool names it (hash, array, lru_hash, ringbuf, …); sizes, entries and flags are decimal or 0x hex. MAP (for inner_map) is id ID, pinned PATH or name NAME.`,
  examples: ['tsbpf map create /sys/fs/bpf/counts type hash key 4 value 8 entries 1024 name counts'],
  run: (a) => {
    const [file, ...w] = a.args as [string, ...string[]];
    let type: number | undefined;
    let name: string | undefined;
    const size = { key: 0, value: 0, entries: 0, flags: 0 };
    let innerFd: number | undefined;
    let ifindex = 0;
    try {
      for (let i = 0; i < w.length; i += 2) {
        const word = w[i]!;
        const v = w[i + 1];
        if (v === undefined) throw new BpfError('EINVAL', `'${word}' needs a value`);
        if (word === 'type') {
          if (type !== undefined) throw new BpfError('EINVAL', 'map type already specified');
          type = TYPE_NUMBERS[v.toLowerCase()];
          if (type === undefined || type === 0) throw new BpfError('EINVAL', `unrecognized map type: ${v} (one of ${Object.keys(TYPE_NUMBERS).filter((t) => t !== 'unspec').join(', ')})`);
        } else if (word === 'name') name = v;
        else if (word === 'key' || word === 'value' || word === 'entries' || word === 'flags') size[word] = intOption(v, word, 0, 0xffffffff);
        else if (word === 'offload_dev' || word === 'dev') ifindex = ifIndex(v);
        else if (word === 'inner_map') {
          const sel = w.slice(i + 1, i + 3);
          if (sel.length < 2) throw new BpfError('EINVAL', 'inner_map needs id ID, pinned PATH or name NAME');
          requireKernel();
          innerFd = selectOne('map', sel);
          i++;
        } else throw new BpfError('EINVAL', `unknown arg ${word} (expected type, key, value, entries, name, flags, inner_map or offload_dev)`);
      }
      if (type === undefined) throw new BpfError('EINVAL', 'map type not specified (type TYPE)');
      if (name === undefined) throw new BpfError('EINVAL', 'map name not specified (name NAME)');
      // bpf_obj_name_cpy: letters, digits, '_' and '.', at most 15 (libbpf truncates a longer name)
      if (!/^[A-Za-z0-9_.]*$/.test(name)) throw new BpfError('EINVAL', `map name '${name}': the kernel takes letters, digits, '_' and '.' only`);
      requireKernel();
      const attrs = { mapType: type, keySize: size.key, valueSize: size.value, maxEntries: size.entries, mapFlags: size.flags, mapName: name.slice(0, 15), innerMapFd: innerFd, mapIfindex: ifindex };
      let fd: number;
      try {
        fd = mapCreate(attrs);
      } catch (e) {
        // the kernel says only EINVAL/E2BIG…: name what it was asked for (map_check_attr, each map type's map_alloc_check)
        if (e instanceof BpfError) throw new BpfError(e.errno, `the kernel refused a ${w[w.indexOf('type') + 1]} map with key ${size.key}, value ${size.value}, entries ${size.entries}, flags 0x${size.flags.toString(16)}${innerFd === undefined ? '' : ' and that inner map'} (${e.message})`);
        throw e;
      }
      try {
        objPin(fd, file);
      } finally {
        closeQuiet(fd);
      }
    } finally {
      if (innerFd !== undefined) closeQuiet(innerFd);
    }
    if (a.json) console.log('null');
    return 0;
  },
});
