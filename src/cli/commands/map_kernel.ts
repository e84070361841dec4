/**
 * The kernel side of `tsbpf map`: maps of the running kernel chosen by `id ID`, `name NAME` or a
 * pin on a bpffs mount, behind the same MapTarget the emulator's pin files use, so every verb
 * prints the same way for both (bpftool's plain lines and JSON).
 */
import { statfsSync } from 'node:fs';
import { BpfError } from '../../isa/errors.js';
import { MapType } from '../../isa/bpf_types.js';
import { toJson } from '../../runtime/format.js';
import { mapDeleteElem, mapGetNextKey, mapLookupElem, mapUpdateElem, percpuValueSize, possibleCpus } from '../../hooks/kernel/bpf.js';
import { PERCPU_MAP_TYPES } from '../../hooks/kernel/uapi.js';
import { closeQuiet } from '../../kernel/link/sys.js';
import { mapShow, mapShowText, pinnedPaths, selectFds } from '../../kernel/link/inspect.js';
import { requireKernel } from '../kernel_run.js';
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
  const fds = selectFds('map', [how, what]);
  if (fds.length > 1) {
    for (const fd of fds) closeQuiet(fd);
    throw new BpfError('EINVAL', `${fds.length} maps are named ${what}: choose one by id (tsbpf map show name ${what})`);
  }
  const fd = fds[0]!;
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
