/**
 * The kernel's programs, maps and links as bpftool shows them (tools/bpf/bpftool/prog.c
 * print_prog_json/plain, map.c show_map_close_json/plain, link.c show_link_close_json/plain):
 * the same JSON field names in the same order, the same plain lines, from the same sources —
 * BPF_OBJ_GET_INFO_BY_FD for the structs, /proc/self/fdinfo for memlock and frozen, the
 * CLOCK_REALTIME - CLOCK_BOOTTIME offset for loaded_at. Objects are chosen as bpftool chooses
 * them: `id N`, `pinned PATH`, `tag TAG` and `name NAME` (programs), or all.
 */
import { btfById, nodeFs } from '../system.js';
import { BpfError } from '../../isa/errors.js';
import { linkInfo, type LinkInfo } from './link.js';
import { allIds, clockSeconds, closeQuiet, fdById, ifName, objGet, objInfoRaw, nativeBytes } from './sys.js';
import { MapType, ProgType } from '../../isa/bpf_types.js';
import { BTF_KIND_FUNC } from '../../btf/types.js';

const PROG_TYPE_NAMES = Object.keys(ProgType).map((k) => k.toLowerCase());
const MAP_TYPE_NAMES = Object.keys(MapType).map((k) => k.toLowerCase());

/** libbpf_bpf_prog_type_str / libbpf_bpf_map_type_str */
export const progTypeStr = (t: number): string => PROG_TYPE_NAMES[t] ?? `type ${t}`;
export const mapTypeStr = (t: number): string => MAP_TYPE_NAMES[t] ?? `type ${t}`;

/** /proc/self/fdinfo/FD as key -> value */
function fdinfo(fd: number): Record<string, string> {
  const out: Record<string, string> = {};
  try {
    for (const line of nodeFs().readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8').split('\n')) {
      const m = /^([\w-]+):\s*(.*)$/.exec(line);
      if (m) out[m[1]!] = m[2]!;
    }
  } catch {
    // no procfs: the fields fdinfo would have given are left out
  }
  return out;
}

const cstrAt = (dv: DataView, off: number, len: number): string => {
  const b = new Uint8Array(dv.buffer, dv.byteOffset + off, len);
  const end = b.indexOf(0);
  return new TextDecoder().decode(b.subarray(0, end < 0 ? len : end));
};

/** struct bpf_prog_info (include/uapi/linux/bpf.h), as bpftool's `prog show -j` prints it */
export interface ProgShow {
  id: number;
  type: string;
  name?: string;
  tag: string;
  gpl_compatible: boolean;
  run_time_ns?: number;
  run_cnt?: number;
  loaded_at: number;
  uid: number;
  bytes_xlated: number;
  jited: boolean;
  bytes_jited?: number;
  bytes_memlock?: number;
  map_ids?: number[];
  btf_id?: number;
  pinned?: string[];
}

const PROG_INFO_SIZE = 232;

export function progShow(fd: number): ProgShow {
  let dv = objInfoRaw(fd, PROG_INFO_SIZE);
  const nrMaps = dv.getUint32(52, true);
  if (nrMaps) {
    const ids = nativeBytes(new Uint8Array(nrMaps * 4));
    try {
      dv = objInfoRaw(fd, PROG_INFO_SIZE, (d) => {
        d.setUint32(52, nrMaps, true);
        d.setBigUint64(56, ids.addr, true);
      });
      dv.setBigUint64(56, 0n, true);
      (dv as DataView & { mapIds?: number[] }).mapIds = Array.from(new Uint32Array(ids.bytes.slice(0, nrMaps * 4).buffer));
    } finally {
      ids.free();
    }
  }
  const mapIds = (dv as DataView & { mapIds?: number[] }).mapIds;
  let tag = '';
  for (let i = 0; i < 8; i++) tag += dv.getUint8(8 + i).toString(16).padStart(2, '0');
  const info = fdinfo(fd);
  const name = cstrAt(dv, 64, 16);
  const jitedLen = dv.getUint32(16, true);
  const runTime = Number(dv.getBigUint64(192, true));
  const runCnt = Number(dv.getBigUint64(200, true));
  const btfId = dv.getUint32(128, true);
  const o: ProgShow = { id: dv.getUint32(4, true), type: progTypeStr(dv.getUint32(0, true)) } as ProgShow;
  if (name) o.name = fullProgName(fd, name, btfId, dv.getUint32(144, true));
  o.tag = tag;
  o.gpl_compatible = (dv.getUint32(84, true) & 1) === 1;
  if (runCnt) {
    o.run_time_ns = runTime;
    o.run_cnt = runCnt;
  }
  o.loaded_at = bootOffset() + Math.floor(Number(dv.getBigUint64(40, true)) / 1e9);
  o.uid = dv.getUint32(48, true);
  o.bytes_xlated = dv.getUint32(20, true);
  o.jited = jitedLen > 0;
  if (jitedLen) o.bytes_jited = jitedLen;
  if (info.memlock !== undefined) o.bytes_memlock = Number(info.memlock);
  if (mapIds?.length) o.map_ids = mapIds;
  if (btfId) o.btf_id = btfId;
  return o;
}

/**
 * bpftool get_prog_full_name (tools/bpf/bpftool/common.c): the kernel keeps 15 characters of a
 * program's name (BPF_OBJ_NAME_LEN); when the name fills them and the program has BTF func_info,
 * the full name is the FUNC type its first func_info record names. Any failure keeps the kernel's.
 */
function fullProgName(fd: number, name: string, btfId: number, nrFuncInfo: number): string {
  if (name.length < 15 || !btfId || !nrFuncInfo) return name;
  const rec = nativeBytes(new Uint8Array(8));
  try {
    // struct bpf_prog_info: func_info_rec_size at 132, func_info at 136, nr_func_info at 144
    objInfoRaw(fd, PROG_INFO_SIZE, (d) => {
      d.setUint32(132, 8, true);
      d.setBigUint64(136, rec.addr, true);
      d.setUint32(144, 1, true);
    });
    const typeId = new DataView(rec.bytes.buffer, rec.bytes.byteOffset, 8).getUint32(4, true);
    const t = btfById(btfId).types[typeId];
    return t?.kind === BTF_KIND_FUNC && t.name ? t.name : name;
  } catch {
    return name;
  } finally {
    rec.free();
  }
}

let offset: number | undefined;
/** bpftool print_boot_time: wall-clock seconds at boot (CLOCK_REALTIME - CLOCK_BOOTTIME) */
function bootOffset(): number {
  offset ??= clockSeconds(0) - clockSeconds(7);
  return offset;
}

/** strftime("%FT%T%z", localtime) as bpftool prints loaded_at */
function isoLocal(epoch: number): string {
  const d = new Date(epoch * 1000);
  const p = (n: number, w = 2) => String(Math.abs(n)).padStart(w, '0');
  const tz = -d.getTimezoneOffset();
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}${tz < 0 ? '-' : '+'}${p(Math.trunc(tz / 60))}${p(tz % 60)}`;
}

/** bpftool print_prog_plain */
export function progShowText(o: ProgShow): string {
  let s = `${o.id}: ${o.type}  `;
  if (o.name) s += `name ${o.name}  `;
  s += `tag ${o.tag}${o.gpl_compatible ? '  gpl' : ''}`;
  if (o.run_cnt) s += ` run_time_ns ${o.run_time_ns} run_cnt ${o.run_cnt}`;
  s += `\n\tloaded_at ${isoLocal(o.loaded_at)}  uid ${o.uid}\n\txlated ${o.bytes_xlated}B`;
  s += o.jited ? `  jited ${o.bytes_jited}B` : '  not jited';
  if (o.bytes_memlock !== undefined) s += `  memlock ${o.bytes_memlock}B`;
  if (o.map_ids?.length) s += `  map_ids ${o.map_ids.join(',')}`;
  if (o.btf_id) s += `\n\tbtf_id ${o.btf_id}`;
  for (const p of o.pinned ?? []) s += `\n\tpinned ${p}`;
  return s;
}

/** struct bpf_map_info, as bpftool's `map show -j` prints it */
export interface MapShow {
  id: number;
  type: string;
  name?: string;
  flags: number;
  bytes_key: number;
  bytes_value: number;
  max_entries: number;
  bytes_memlock?: number;
  frozen?: number;
  btf_id?: number;
  pinned?: string[];
}

export function mapShow(fd: number): MapShow {
  const dv = objInfoRaw(fd, 104);
  const info = fdinfo(fd);
  const name = cstrAt(dv, 24, 16);
  const o = { id: dv.getUint32(4, true), type: mapTypeStr(dv.getUint32(0, true)) } as MapShow;
  if (name) o.name = name;
  o.flags = dv.getUint32(20, true);
  o.bytes_key = dv.getUint32(8, true);
  o.bytes_value = dv.getUint32(12, true);
  o.max_entries = dv.getUint32(16, true);
  if (info.memlock !== undefined) o.bytes_memlock = Number(info.memlock);
  if (info.frozen !== undefined) o.frozen = Number(info.frozen);
  const btfId = dv.getUint32(64, true);
  if (btfId) o.btf_id = btfId;
  return o;
}

/** bpftool show_map_close_plain */
export function mapShowText(o: MapShow): string {
  let s = `${o.id}: ${o.type}  ${o.name ? `name ${o.name}  ` : ''}flags 0x${o.flags.toString(16)}`;
  s += `\n\tkey ${o.bytes_key}B  value ${o.bytes_value}B  max_entries ${o.max_entries}`;
  if (o.bytes_memlock !== undefined) s += `  memlock ${o.bytes_memlock}B`;
  if (o.btf_id || o.frozen) {
    s += '\n\t';
    if (o.btf_id) s += `btf_id ${o.btf_id}`;
    if (o.frozen) s += `${o.btf_id ? '  ' : ''}frozen`;
  }
  for (const p of o.pinned ?? []) s += `\n\tpinned ${p}`;
  return s;
}

/** bpftool's link JSON: header (id, type, prog_id) then the fields of the link's kind */
export function linkShow(fd: number): Record<string, unknown> {
  return linkJson(linkInfo(fd));
}

const PERF_TYPES = ['hardware', 'software', 'tracepoint', 'hw-cache', 'raw', 'breakpoint'];
const SW_EVENTS = ['cpu-clock', 'task-clock', 'page-faults', 'context-switches', 'cpu-migrations', 'minor-faults', 'major-faults', 'alignment-faults', 'emulation-faults', 'dummy', 'bpf-output', 'cgroup-switches'];
const HW_EVENTS = ['cpu-cycles', 'instructions', 'cache-references', 'cache-misses', 'branch-instructions', 'branch-misses', 'bus-cycles', 'stalled-cycles-frontend', 'stalled-cycles-backend', 'ref-cycles'];

function perfConfigStr(type: number, config: bigint): string | undefined {
  if (type === 0) return HW_EVENTS[Number(config)];
  if (type === 1) return SW_EVENTS[Number(config)];
  return undefined;
}

const devname = (ifindex: number | undefined): string => (ifindex ? (ifName(ifindex) ?? '(unknown)') : '(detached)');

export function linkJson(i: LinkInfo): Record<string, unknown> {
  const o: Record<string, unknown> = { id: i.id, type: i.type, prog_id: i.progId };
  switch (i.type) {
    case 'raw_tracepoint':
      o.tp_name = i.tpName;
      break;
    case 'tracing':
      o.attach_type = i.attachType;
      o.target_obj_id = i.targetObjId;
      o.target_btf_id = i.targetBtfId;
      break;
    case 'cgroup':
      o.cgroup_id = Number(i.cgroupId);
      o.attach_type = i.attachType;
      break;
    case 'netns':
      o.netns_ino = i.netnsIno;
      o.attach_type = i.attachType;
      break;
    case 'netfilter':
      Object.assign(o, { pf: i.pf, hook: i.hooknum, prio: i.priority, flags: i.flags });
      break;
    case 'tcx':
    case 'netkit':
      o.devname = devname(i.ifindex);
      o.ifindex = i.ifindex;
      o.attach_type = i.attachType;
      break;
    case 'xdp':
      o.devname = devname(i.ifindex);
      o.ifindex = i.ifindex;
      break;
    case 'perf_event':
      if (i.eventType === 'tracepoint') o.tracepoint = i.tpName;
      else if (i.eventType === 'uprobe' || i.eventType === 'uretprobe') Object.assign(o, { retprobe: i.eventType === 'uretprobe', file: i.fileName, offset: i.offset });
      else if (i.eventType === 'kprobe' || i.eventType === 'kretprobe') Object.assign(o, { retprobe: i.eventType === 'kretprobe', addr: 0, func: i.funcName, offset: i.offset });
      else if (i.eventType === 'event') {
        o.event_type = PERF_TYPES[i.perfType!] ?? i.perfType;
        o.event_config = perfConfigStr(i.perfType!, i.perfConfig!) ?? Number(i.perfConfig);
      }
      break;
  }
  return o;
}

/** bpftool show_link_close_plain */
export function linkShowText(o: Record<string, unknown>): string {
  let s = `${o.id}: ${o.type}  prog ${o.prog_id}  `;
  const at = o.attach_type !== undefined ? `attach_type ${o.attach_type}  ` : '';
  switch (o.type) {
    case 'raw_tracepoint': s += `\n\ttp '${o.tp_name}'  `; break;
    case 'tracing': s += `\n\t${at}`; if (o.target_obj_id || o.target_btf_id) s += `\n\ttarget_obj_id ${o.target_obj_id}  target_btf_id ${o.target_btf_id}  `; break;
    case 'cgroup': s += `\n\tcgroup_id ${o.cgroup_id}  ${at}`; break;
    case 'netns': s += `\n\tnetns_ino ${o.netns_ino}  ${at}`; break;
    case 'netfilter': {
      const pf = ['inet', '', 'ip', 'arp', '', 'netdev', '', 'bridge', '', '', 'ip6'][o.pf as number];
      const hook = ['prerouting', 'input', 'forward', 'output', 'postrouting'][o.hook as number];
      s += pf ? `\n\t${pf}` : `\n\tpf: ${o.pf}`;
      s += hook ? ` ${hook}` : `, hook ${o.hook},`;
      s += ` prio ${o.prio}`;
      if (o.flags) s += ` flags 0x${(o.flags as number).toString(16)}`;
      break;
    }
    case 'tcx': case 'netkit': case 'xdp': {
      const dev = o.ifindex ? (o.devname !== '(unknown)' ? `${o.devname}(${o.ifindex})` : '(unknown)') : '(detached)';
      s += `\n\tifindex ${dev}  ${at}`;
      break;
    }
    case 'perf_event':
      if (o.tracepoint !== undefined) s += `\n\ttracepoint ${o.tracepoint}  `;
      else if (o.file !== undefined) s += `\n\t${o.retprobe ? 'uretprobe' : 'uprobe'} ${o.file}+0x${(o.offset as number).toString(16)}  `;
      else if (o.func !== undefined) s += `\n\t${o.retprobe ? 'kretprobe' : 'kprobe'} ${o.func}${o.offset ? `+0x${(o.offset as number).toString(16)}` : ''}  `;
      else if (o.event_type !== undefined) s += `\n\tevent ${o.event_type}:${o.event_config}  `;
      break;
  }
  for (const p of (o.pinned as string[] | undefined) ?? []) s += `\n\tpinned ${p}`;
  return s;
}

export type ObjKind = 'prog' | 'map' | 'link';

/**
 * bpftool's object selectors: `id N`, `pinned PATH`, `tag TAG` (programs), `name NAME`
 * (programs and maps; several objects may match), or nothing (every object). Returns open fds;
 * the caller closes them.
 */
export function selectFds(kind: ObjKind, words: readonly string[]): number[] {
  if (words.length === 0) return allIds(kind).flatMap((id) => tryFd(kind, id));
  const [how, what] = words;
  if (what === undefined || words.length > 2) throw new BpfError('EINVAL', `expected one of id ID | pinned PATH${kind === 'prog' ? ' | tag TAG' : ''}${kind !== 'link' ? ' | name NAME' : ''}, got '${words.join(' ')}'`);
  if (how === 'id') {
    const id = Number(what);
    if (!Number.isInteger(id) || id <= 0) throw new BpfError('EINVAL', `can't parse ${what} as ID`);
    return [fdById(kind, id)];
  }
  if (how === 'pinned') {
    const fd = objGet(what);
    const want = kind === 'prog' ? 'prog' : kind === 'map' ? 'map' : 'link';
    const got = objectKindOf(fd);
    if (got !== want) {
      closeQuiet(fd);
      throw new BpfError('EINVAL', `${what} is a pinned ${got}, not a ${want}`);
    }
    return [fd];
  }
  if ((how === 'tag' && kind === 'prog') || (how === 'name' && kind !== 'link')) {
    const fds: number[] = [];
    for (const id of allIds(kind)) {
      for (const fd of tryFd(kind, id)) {
        const o = kind === 'prog' ? progShow(fd) : mapShow(fd);
        if ((how === 'tag' ? (o as ProgShow).tag : o.name) === what) fds.push(fd);
        else closeQuiet(fd);
      }
    }
    if (!fds.length) throw new BpfError('ENOENT', `no ${kind} with ${how} ${what} in the kernel`);
    return fds;
  }
  throw new BpfError('EINVAL', `expected id, pinned${kind === 'prog' ? ', tag' : ''}${kind !== 'link' ? ' or name' : ''} before '${what}', got '${how}'`);
}

/** the one object a selector names (bpftool's prog_parse_fd / map_parse_fd: several is an error) */
export function selectOne(kind: ObjKind, words: readonly string[]): number {
  const fds = selectFds(kind, words);
  if (fds.length !== 1) {
    for (const fd of fds) closeQuiet(fd);
    throw new BpfError('EINVAL', `${fds.length} ${kind}s match '${words.join(' ')}': choose one by id (tsbpf ${kind} show ${words.join(' ')})`);
  }
  return fds[0]!;
}

/** an fd for the object, or none when it went away between the id walk and the open */
function tryFd(kind: ObjKind, id: number): number[] {
  try {
    return [fdById(kind, id)];
  } catch (e) {
    if (e instanceof BpfError && e.errno === 'ENOENT') return [];
    throw e;
  }
}

/** which kind of object an fd from BPF_OBJ_GET is: /proc/self/fdinfo has prog_type, map_type or link_type */
export function objectKindOf(fd: number): ObjKind | 'unknown' {
  const i = fdinfo(fd);
  return i.prog_type !== undefined ? 'prog' : i.map_type !== undefined ? 'map' : i.link_type !== undefined ? 'link' : 'unknown';
}

/** the bpffs pins of every object of a kind under a directory (bpftool -f: build_pinned_obj_table) */
export function pinnedPaths(kind: ObjKind, root = '/sys/fs/bpf'): Map<number, string[]> {
  const out = new Map<number, string[]>();
  const walk = (dir: string, depth: number): void => {
    let names: import('node:fs').Dirent[];
    try {
      names = nodeFs().readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const d of names) {
      const p = `${dir}/${d.name}`;
      if (d.isDirectory()) {
        if (depth < 8) walk(p, depth + 1);
        continue;
      }
      let fd = -1;
      try {
        fd = objGet(p);
        if (objectKindOf(fd) !== kind) continue;
        const id = kind === 'prog' ? progShow(fd).id : kind === 'map' ? mapShow(fd).id : linkInfo(fd).id;
        out.set(id, [...(out.get(id) ?? []), p]);
      } catch {
        // not a bpf object, or not ours to open
      } finally {
        if (fd >= 0) closeQuiet(fd);
      }
    }
  };
  walk(root, 0);
  return out;
}
