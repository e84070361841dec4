/**
 * Attaching a program to a USDT probe, as libbpf's usdt_manager_attach_usdt does
 * (tools/lib/bpf/usdt.c): one uprobe per call site of PROVIDER:NAME (kernel/usdt.ts finds them in
 * `.note.stapsdt`), the site's semaphore given to the kernel as the uprobe's ref_ctr_offset so the
 * kernel raises it in every process mapping the file while the probe is attached, and the
 * argument specs written into the object's `__bpf_usdt_specs` array map — the table usdt.bpf.h's
 * bpf_usdt_arg() / bpf_usdt_arg_cnt() / bpf_usdt_cookie() read. Each site's spec id reaches the
 * program as its BPF cookie (bpf_get_attach_cookie, Linux 5.15+); on older kernels it is found by
 * instruction pointer in `__bpf_usdt_ip_to_spec_id` instead.
 */
import { BpfError } from '../../isa/errors.js';
import { linuxVersionCode } from '../system.js';
import { findUsdt, usdtSites, type UsdtSite } from '../usdt.js';
import { resolveBinary } from '../elf_symbols.js';
import { Link, MultiLink } from './link.js';
import { attachPerfEvent, openProbe, uprobeRefCtrSupported } from './perf_event.js';

/** the maps of usdt.bpf.h a program reads (a KernelMap has these) */
export interface UsdtSpecMap {
  readonly name: string;
  readonly valueSize: number;
  readonly shape: { maxEntries: number };
  set(key: Uint8Array, value: Uint8Array): void;
  delete(key: Uint8Array): boolean;
}

export interface UsdtAttachOptions {
  /** the binary or shared library (a name without '/' is looked up as a library or on $PATH) */
  path: string;
  /** the provider ('' matches any provider, as bpftrace's usdt:PATH:NAME) */
  provider: string;
  name: string;
  /** only this process (default: every process running the file) */
  pid?: number;
  /** what bpf_usdt_cookie() returns in the program */
  cookie?: bigint;
}

export interface UsdtProgram {
  readonly fd: number;
  readonly name: string;
  readonly section: string;
  /** the object's maps: `__bpf_usdt_specs` (and `__bpf_usdt_ip_to_spec_id`) come from usdt.bpf.h */
  readonly objectMaps?: ReadonlyMap<string, UsdtSpecMap>;
}

/** sizeof(struct __bpf_usdt_spec) and its field offsets (usdt.bpf.h; libbpf's struct usdt_spec) */
const SPEC_SIZE = 208;
const ARG_SPEC_SIZE = 16;
const SPEC_COOKIE_OFF = 192;
const SPEC_ARG_CNT_OFF = 200;

/** libbpf's usdt_manager: spec ids handed out per specs map, returned when a link closes */
interface SpecIds {
  next: number;
  free: number[];
}
const managers = new WeakMap<UsdtSpecMap, SpecIds>();

/** struct __bpf_usdt_spec for a site: its args, the user's cookie, the arg count */
export function usdtSpecBytes(site: UsdtSite, cookie: bigint): Uint8Array {
  const b = new Uint8Array(SPEC_SIZE);
  const dv = new DataView(b.buffer);
  site.args.forEach((a, i) => {
    const o = i * ARG_SPEC_SIZE;
    dv.setBigUint64(o, BigInt.asUintN(64, a.valOff), true);
    dv.setUint32(o + 8, a.type, true);
    dv.setInt16(o + 12, a.regOff, true);
    dv.setUint8(o + 14, a.signed ? 1 : 0);
    dv.setInt8(o + 15, a.bitshift);
  });
  dv.setBigUint64(SPEC_COOKIE_OFF, BigInt.asUintN(64, cookie), true);
  dv.setInt16(SPEC_ARG_CNT_OFF, site.args.length, true);
  return b;
}

function u32(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n, true);
  return b;
}

function u64(n: number): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt(n), true);
  return b;
}

/** a USDT attachment: the uprobe links of every site; closing it also returns its spec ids */
export class UsdtLink extends MultiLink {
  constructor(
    target: { program: string; target: string },
    links: Link[],
    readonly sites: readonly UsdtSite[],
    private readonly release: () => void,
  ) {
    super(target, links);
  }
  override close(): void {
    if (this.isClosed) return;
    try {
      super.close();
    } finally {
      this.release();
    }
  }
}

/** the "PATH:PROVIDER:NAME" of SEC("usdt/PATH:PROVIDER:NAME") (libbpf attach_usdt's sscanf) */
export function parseUsdtTarget(spec: string, what: string): { path: string; provider: string; name: string } {
  const m = /^(.+):([^:]*):([^:]+)$/.exec(spec);
  if (!m) throw new BpfError('EINVAL', `${what}: a USDT target is PATH:PROVIDER:NAME (SEC("usdt//usr/bin/python3:python:function__entry")), not '${spec}'`);
  return { path: m[1]!, provider: m[2]!, name: m[3]! };
}

/** attach `prog` to every site of the USDT probe `o.provider:o.name` in `o.path` */
export function attachUsdt(prog: UsdtProgram, o: UsdtAttachOptions): Link {
  const what = `${prog.section || prog.name}`;
  const path = resolveBinary(o.path);
  const probe = `${o.provider || '*'}:${o.name}`;
  const sites = findUsdt(path, o.provider, o.name);
  if (!sites.length) {
    const all = usdtSites(path).sites;
    throw new BpfError('ENOENT', `${what}: ${path} has no USDT probe ${probe} (${all.length ? `it has ${[...new Set(all.map((s) => `${s.provider}:${s.name}`))].slice(0, 8).join(', ')}${all.length > 8 ? ', …' : ''}` : 'no .note.stapsdt notes at all'})`);
  }
  const bad = sites.find((s) => s.argError);
  if (bad) throw new BpfError('EINVAL', `${what}: USDT ${probe} at 0x${bad.absIp.toString(16)} in ${path}: ${bad.argError}`);
  const specs = prog.objectMaps?.get('__bpf_usdt_specs');
  if (!specs) throw new BpfError('EINVAL', `${what}: the object has no __bpf_usdt_specs map: a USDT program includes <bpf/usdt.bpf.h> and reads its arguments with bpf_usdt_arg()`);
  if (specs.valueSize !== SPEC_SIZE) throw new BpfError('EINVAL', `${what}: __bpf_usdt_specs holds ${specs.valueSize}-byte values, not the ${SPEC_SIZE}-byte struct __bpf_usdt_spec of libbpf's usdt.bpf.h`);
  if (sites.some((s) => s.semaAddr) && !uprobeRefCtrSupported()) {
    throw new BpfError('ENOTSUPP', `${what}: USDT ${probe} in ${path} has a semaphore and this kernel's uprobe PMU takes no ref_ctr_offset (Linux 4.20+, /sys/bus/event_source/devices/uprobe/format/ref_ctr_offset)`);
  }
  const hasCookie = linuxVersionCode() >= (5 << 16) + (15 << 8);
  const ipMap = prog.objectMaps?.get('__bpf_usdt_ip_to_spec_id');
  if (!hasCookie && usdtSites(path).dyn) {
    throw new BpfError('EOPNOTSUPP', `${what}: USDT probes in shared libraries and PIE executables need BPF cookies (Linux 5.15+) to tell their sites apart`);
  }
  let ids = managers.get(specs);
  if (!ids) managers.set(specs, (ids = { next: 0, free: [] }));
  const mgr = ids;
  const taken: number[] = [];
  const ipKeys: Uint8Array[] = [];
  const links: Link[] = [];
  const cookie = o.cookie ?? 0n;
  const release = () => {
    for (const k of ipKeys) ipMap?.delete(k);
    mgr.free.push(...taken.splice(0));
  };
  try {
    // libbpf shares one spec id among the sites whose arg spec string is the same
    const byStr = new Map<string, number>();
    for (const site of sites) {
      let id = byStr.get(site.argStr);
      if (id === undefined) {
        if (!mgr.free.length && mgr.next >= specs.shape.maxEntries) {
          throw new BpfError('ENOSPC', `${what}: __bpf_usdt_specs is full (${specs.shape.maxEntries} specs; raise BPF_USDT_MAX_SPEC_CNT)`);
        }
        id = mgr.free.pop() ?? mgr.next++;
        taken.push(id);
        byStr.set(site.argStr, id);
        specs.set(u32(id), usdtSpecBytes(site, cookie));
      }
      if (!hasCookie) {
        if (!ipMap) throw new BpfError('EINVAL', `${what}: the object has no __bpf_usdt_ip_to_spec_id map, which kernels without BPF cookies need`);
        const k = u64(site.absIp);
        ipMap.set(k, u32(id));
        ipKeys.push(k);
      }
      const pfd = openProbe('uprobe', {
        name: what, retprobe: false, target: path, offset: BigInt(site.fileOffset),
        ...(site.semaOffset ? { refCtrOffset: site.semaOffset } : {}),
        ...(o.pid !== undefined ? { pid: o.pid } : {}),
      });
      links.push(attachPerfEvent(prog.fd, pfd, { program: prog.name, target: `usdt/${path}:${site.provider}:${site.name}@0x${site.absIp.toString(16)}` }, hasCookie ? BigInt(id) : 0n));
    }
  } catch (e) {
    for (const l of links) l.close();
    release();
    throw e;
  }
  return new UsdtLink({ program: prog.name, target: `usdt/${path}:${probe}` }, links, sites, release);
}
