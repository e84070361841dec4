/**
 * Attach by section name, as libbpf's section_defs[] auto-attach does (tools/lib/bpf/libbpf.c:
 * attach_tp, attach_raw_tp, attach_trace, attach_kprobe, attach_uprobe, attach_lsm, ...): the
 * SEC() name picks the hook, what follows its '/' names the target, and options supply what the
 * name cannot (the interface of an XDP or tc program, the cgroup of a cgroup program, the socket
 * of a socket filter). Every attach returns a Link; every failure is a BpfError naming the probe
 * and, where the kernel lacks something, the missing feature.
 */
import { nodeFs } from '../system.js';
import { BpfError } from '../../isa/errors.js';
import { AttachType, ProgType } from '../../isa/bpf_types.js';
import { findSectionDef } from '../../elf/section_defs.js';
import { globToRegExp } from '../tracefs.js';
import { Link, MultiLink, type LinkTarget } from './link.js';
import { attachPerfEvent, onlineCpus, openPerfEvent, openProbe, openTracepoint, PERF_COUNT_SW_CPU_CLOCK, PERF_TYPE_SOFTWARE, tracefsRoot } from './perf_event.js';
import { functionsMatching, parseUprobeTarget, resolveBinary } from './uprobe.js';
import { attachUsdt, parseUsdtTarget, type UsdtSpecMap } from './usdt.js';
import { closeQuiet, ifIndex, linkCreate, nativeBytes, O_DIRECTORY, openPath, rawTracepointOpen, setsockoptInt } from './sys.js';

/** what attaching needs to know of a loaded program (KernelProgram has all of it) */
export interface AttachableProgram {
  readonly fd: number;
  readonly name: string;
  /** the SEC() name */
  readonly section: string;
  readonly progType: number;
  readonly expectedAttachType: number;
  /** the object's maps (usdt programs write their argument specs into usdt.bpf.h's maps) */
  readonly objectMaps?: ReadonlyMap<string, UsdtSpecMap>;
}

export interface AttachOptions {
  /** override what the section names: a tracepoint "category/name", a function, "PATH:FUNC" for uprobes */
  target?: string;
  /** xdp, tc/tcx: the interface (name or ifindex) */
  iface?: string | number;
  /** xdp: 'native' (XDP_FLAGS_DRV_MODE), 'generic' (XDP_FLAGS_SKB_MODE), 'offload'; default: the kernel's choice */
  xdpMode?: 'native' | 'generic' | 'offload';
  /** tc/tcx for a plain SEC("tc") / SEC("classifier"): which side */
  direction?: 'ingress' | 'egress';
  /** cgroup programs: a cgroup v2 directory (e.g. /sys/fs/cgroup/unified/my.slice) */
  cgroup?: string;
  /** sk_lookup, flow_dissector: a network namespace file (default /proc/self/ns/net) */
  netns?: string;
  /** socket filters: the socket (an fd, or a Node socket whose handle has one) */
  socket?: number | { _handle?: { fd?: number } };
  /** uprobes: only this process; perf_event: only this process (default: all) */
  pid?: number;
  /** uprobes: the file offset of a USDT semaphore the kernel raises while attached (ref_ctr_offset) */
  refCtrOffset?: number;
  /** perf_event: samples per second per CPU (default 99), or every `period` events */
  frequency?: number;
  period?: number;
  /** perf_event: PERF_TYPE_* and config (default PERF_TYPE_SOFTWARE / PERF_COUNT_SW_CPU_CLOCK) */
  perfType?: number;
  perfConfig?: bigint;
  /** perf_event: which CPUs (default every online CPU) */
  cpus?: number[];
  /** netfilter: protocol family (NFPROTO_IPV4 = 2), hook (NF_INET_LOCAL_IN = 1), priority, flags */
  netfilter?: { pf?: number; hooknum?: number; priority?: number; flags?: number };
  /** BPF cookie (bpf_get_attach_cookie) for perf-event and tracing links; for usdt, what bpf_usdt_cookie() returns */
  cookie?: bigint;
  /** cgroup programs whose section has no attach type (SEC("cgroup/skb")): BPF_CGROUP_* */
  attachType?: number;
}

/** XDP_FLAGS_* (include/uapi/linux/if_link.h) */
export const XDP_FLAGS_SKB_MODE = 1 << 1;
export const XDP_FLAGS_DRV_MODE = 1 << 2;
export const XDP_FLAGS_HW_MODE = 1 << 3;
/** setsockopt names (include/uapi/asm-generic/socket.h) */
export const SOL_SOCKET = 1;
export const SO_ATTACH_BPF = 50;
export const SO_DETACH_BPF = 27;
export const SO_ATTACH_REUSEPORT_EBPF = 52;

/** what a failure means where the kernel says it (per attach kind), appended to its errno */
function explain(e: unknown, where: string, hints: Partial<Record<string, string>> = {}): unknown {
  if (!(e instanceof BpfError)) return e;
  const hint = hints[e.errno];
  return new BpfError(e.errno, `${where}: ${hint ?? e.reason}`);
}

/** the probe's name as libbpf would print it */
function probeName(p: AttachableProgram): string {
  return p.section || p.name;
}

/** attach `prog` where its section says (and `o` completes) */
export function attachProgram(prog: AttachableProgram, o: AttachOptions = {}): Link {
  const m = findSectionDef(prog.section);
  const kind = m ? m.def.sec.replace(/[+/]$/, '') : '';
  const rest = o.target ?? m?.attachTo ?? '';
  const name = probeName(prog);
  const t = (target: string): LinkTarget => ({ program: prog.name, target });
  switch (prog.progType) {
    case ProgType.TRACEPOINT: {
      const [cat, ...tp] = rest.split(/[/:]/);
      if (!cat || !tp.length) throw new BpfError('EINVAL', `${name}: a tracepoint is named CATEGORY/NAME (SEC("tracepoint/syscalls/sys_enter_execve")), not '${rest}'`);
      const pfd = openTracepoint(cat, tp.join('/'));
      return attachPerfEvent(prog.fd, pfd, t(`tracepoint/${cat}/${tp.join('/')}`), o.cookie);
    }
    case ProgType.RAW_TRACEPOINT:
    case ProgType.RAW_TRACEPOINT_WRITABLE: {
      if (!rest) throw new BpfError('EINVAL', `${name}: a raw tracepoint needs its name (SEC("raw_tp/sched_switch"))`);
      try {
        return new Link(rawTracepointOpen(prog.fd, rest, o.cookie ?? 0n), t(`raw_tracepoint/${rest}`));
      } catch (e) {
        throw explain(e, name, { ENOENT: `the kernel has no raw tracepoint ${rest} (tracefs events/*/${rest})` });
      }
    }
    case ProgType.KPROBE:
      return attachKprobeLike(prog, kind, rest, o, name);
    case ProgType.PERF_EVENT:
      return attachSampling(prog, o, name);
    case ProgType.TRACING:
    case ProgType.LSM:
    case ProgType.EXT:
      return attachBtf(prog, o, name);
    case ProgType.XDP: {
      if (o.iface === undefined) throw new BpfError('EINVAL', `${name}: an XDP program attaches to an interface: give iface (--iface IF)`);
      const ifindex = ifIndex(o.iface);
      const flags = o.xdpMode === 'native' ? XDP_FLAGS_DRV_MODE : o.xdpMode === 'generic' ? XDP_FLAGS_SKB_MODE : o.xdpMode === 'offload' ? XDP_FLAGS_HW_MODE : 0;
      try {
        return new Link(linkCreate({ progFd: prog.fd, target: ifindex, attachType: AttachType.XDP, flags }), t(`xdp/${o.iface}`));
      } catch (e) {
        throw explain(e, `${name} on ${o.iface}`, {
          EBUSY: 'another XDP program is already attached to this interface (ip link set dev IF xdp off, or close its link)',
          EOPNOTSUPP: `the driver has no ${o.xdpMode ?? 'native'} XDP support: try xdpMode 'generic'`,
          EEXIST: 'an XDP program attached without a link (ip link, netlink) is already there',
        });
      }
    }
    case ProgType.SCHED_CLS: {
      if (o.iface === undefined) throw new BpfError('EINVAL', `${name}: a tc program attaches to an interface: give iface (--iface IF)`);
      const dir = o.direction ?? (prog.expectedAttachType === AttachType.TCX_EGRESS || /egress/.test(prog.section) ? 'egress' : /ingress/.test(prog.section) ? 'ingress' : undefined);
      if (!dir) throw new BpfError('EINVAL', `${name}: SEC("${prog.section}") does not say ingress or egress: give direction`);
      const ifindex = ifIndex(o.iface);
      try {
        return new Link(linkCreate({ progFd: prog.fd, target: ifindex, attachType: dir === 'egress' ? AttachType.TCX_EGRESS : AttachType.TCX_INGRESS }), t(`tcx/${dir}/${o.iface}`));
      } catch (e) {
        throw explain(e, `${name} on ${o.iface} ${dir}`, { EINVAL: 'this kernel has no tcx links (Linux 6.6+, CONFIG_NET_XGRESS)' });
      }
    }
    case ProgType.SOCKET_FILTER: {
      const fd = socketFd(o.socket, name);
      try {
        setsockoptInt(fd, SOL_SOCKET, SO_ATTACH_BPF, prog.fd, `SO_ATTACH_BPF on socket ${fd}`);
      } catch (e) {
        throw explain(e, `${name} on socket ${fd}`, { EBADF: `fd ${fd} is not open`, ENOTSOCK: `fd ${fd} is not a socket` });
      }
      return new Link(-1, t(`socket/${fd}`), [], () => {
        try {
          setsockoptInt(fd, SOL_SOCKET, SO_DETACH_BPF, 0, `SO_DETACH_BPF on socket ${fd}`);
        } catch {
          // the socket may already be closed: then its filter went with it
        }
      });
    }
    case ProgType.SK_REUSEPORT: {
      const fd = socketFd(o.socket, name);
      setsockoptInt(fd, SOL_SOCKET, SO_ATTACH_REUSEPORT_EBPF, prog.fd, `SO_ATTACH_REUSEPORT_EBPF on socket ${fd}`);
      return new Link(-1, t(`sk_reuseport/${fd}`));
    }
    case ProgType.CGROUP_SKB:
    case ProgType.CGROUP_SOCK:
    case ProgType.CGROUP_SOCK_ADDR:
    case ProgType.SOCK_OPS:
    case ProgType.CGROUP_DEVICE:
    case ProgType.CGROUP_SYSCTL:
    case ProgType.CGROUP_SOCKOPT: {
      if (!o.cgroup) throw new BpfError('EINVAL', `${name}: a cgroup program attaches to a cgroup v2 directory: give cgroup (--cgroup PATH)`);
      const attachType = o.attachType ?? prog.expectedAttachType;
      if (prog.progType === ProgType.CGROUP_SKB && !m?.def.expectedAttachType && o.attachType === undefined) {
        throw new BpfError('EINVAL', `${name}: SEC("${prog.section}") does not say ingress or egress: use cgroup_skb/ingress or give attachType`);
      }
      const cg = openCgroup(o.cgroup, name);
      try {
        return new Link(linkCreate({ progFd: prog.fd, target: cg, attachType }), t(`cgroup${o.cgroup}`), [cg]);
      } catch (e) {
        closeQuiet(cg);
        throw explain(e, `${name} on cgroup ${o.cgroup}`, { EBADF: `${o.cgroup} is not a cgroup v2 directory (cgroup v1 hierarchies take no BPF programs)` });
      }
    }
    case ProgType.SK_LOOKUP:
    case ProgType.FLOW_DISSECTOR: {
      const nsPath = o.netns ?? '/proc/self/ns/net';
      const ns = openPath(nsPath);
      const attachType = prog.progType === ProgType.SK_LOOKUP ? AttachType.SK_LOOKUP : AttachType.FLOW_DISSECTOR;
      try {
        return new Link(linkCreate({ progFd: prog.fd, target: ns, attachType }), t(`netns${nsPath}`), [ns]);
      } catch (e) {
        closeQuiet(ns);
        throw explain(e, `${name} on network namespace ${nsPath}`, { EEXIST: 'a flow dissector is already attached to this namespace' });
      }
    }
    case ProgType.NETFILTER: {
      const nf = { pf: 2, hooknum: 1, priority: 1, flags: 0, ...o.netfilter };
      try {
        const fd = linkCreate({
          progFd: prog.fd, target: 0, attachType: AttachType.NETFILTER,
          extra: (a) => a.u32(16, nf.pf).u32(20, nf.hooknum).i32(24, nf.priority).u32(28, nf.flags),
        });
        return new Link(fd, t(`netfilter/pf${nf.pf}/hook${nf.hooknum}/prio${nf.priority}`));
      } catch (e) {
        throw explain(e, name, { EOPNOTSUPP: 'this kernel has no netfilter BPF links (CONFIG_NETFILTER_BPF_LINK is off)', ERANGE: `priority ${nf.priority} is reserved (NF_IP_PRI_FIRST/LAST)` });
      }
    }
    default:
      throw new BpfError('EOPNOTSUPP', `${name}: programs of section '${prog.section}' are not attached by section name (${noAutoAttach(prog.progType)})`);
  }
}

function noAutoAttach(type: number): string {
  switch (type) {
    case ProgType.SCHED_ACT: return 'tc actions are added with `tc action add ... bpf obj`';
    case ProgType.LWT_IN: case ProgType.LWT_OUT: case ProgType.LWT_XMIT: case ProgType.LWT_SEG6LOCAL: return 'lightweight tunnel programs go on a route: `ip route add ... encap bpf`';
    case ProgType.SK_SKB: case ProgType.SK_MSG: return 'they attach to a sockmap or sockhash map';
    case ProgType.STRUCT_OPS: return 'struct_ops programs are registered through their struct_ops map';
    case ProgType.SYSCALL: return 'syscall programs are run with BPF_PROG_TEST_RUN';
    default: return 'libbpf has no auto-attach for this program type either';
  }
}

function socketFd(s: AttachOptions['socket'], name: string): number {
  const fd = typeof s === 'number' ? s : s?._handle?.fd;
  if (fd === undefined || fd < 0) throw new BpfError('EINVAL', `${name}: a socket program attaches to a socket: give socket (an fd or a Node socket)`);
  return fd;
}

function openCgroup(path: string, name: string): number {
  try {
    return openPath(path, O_DIRECTORY);
  } catch (e) {
    throw explain(e, `${name}: cgroup ${path}`, { ENOENT: 'no such directory', ENOTDIR: 'not a directory' });
  }
}

/** the syscall wrapper prefix of this architecture (libbpf arch_specific_syscall_pfx) */
function syscallPrefix(): string {
  return { x64: '__x64_', arm64: '__arm64_', s390x: '__s390x_', riscv64: '__riscv_', loong64: '' }[process.arch as string] ?? '';
}

function attachKprobeLike(prog: AttachableProgram, kind: string, rest: string, o: AttachOptions, name: string): Link {
  const t = (target: string): LinkTarget => ({ program: prog.name, target });
  if (kind === 'uprobe' || kind === 'uretprobe' || kind === 'uprobe.s' || kind === 'uretprobe.s') {
    if (!rest) throw new BpfError('EINVAL', `${name}: a uprobe needs its target: SEC("uprobe//bin/bash:readline") or target 'PATH:FUNCTION'`);
    const u = parseUprobeTarget(rest, name);
    if (prog.expectedAttachType === AttachType.TRACE_UPROBE_MULTI) {
      // loaded for a uprobe_multi link (the kernel attaches such a program through no other link:
      // bpf_perf_link_attach refuses it); one offset, as bpftrace's uprobes attach on 6.6+
      return uprobeMultiLink(prog, { path: u.path, offsets: [u.offset], ...(o.refCtrOffset ? { refCtrOffsets: [BigInt(o.refCtrOffset)] } : {}), retprobe: kind.startsWith('uret'), session: false, ...(o.pid !== undefined ? { pid: o.pid } : {}) },
        name, `${kind}/${u.path}:${u.func ?? `0x${u.offset.toString(16)}`}`);
    }
    const pfd = openProbe('uprobe', { name, retprobe: kind.startsWith('uret'), target: u.path, offset: u.offset, ...(o.pid !== undefined ? { pid: o.pid } : {}), ...(o.refCtrOffset ? { refCtrOffset: o.refCtrOffset } : {}) });
    return attachPerfEvent(prog.fd, pfd, t(`${kind}/${u.path}:${u.func ?? `0x${u.offset.toString(16)}`}`), o.cookie);
  }
  if (kind === 'kprobe' || kind === 'kretprobe' || kind === 'ksyscall' || kind === 'kretsyscall') {
    if (!rest) throw new BpfError('EINVAL', `${name}: a kprobe needs its function: SEC("kprobe/do_sys_open")`);
    const mm = /^([\w.]+)(?:\+(0x[0-9a-fA-F]+|\d+))?$/.exec(rest);
    if (!mm) throw new BpfError('EINVAL', `${name}: a kprobe target is FUNCTION[+OFFSET], not '${rest}'`);
    const func = kind.endsWith('syscall') ? `${syscallPrefix()}sys_${mm[1]}` : mm[1]!;
    const pfd = openProbe('kprobe', { name, retprobe: kind === 'kretprobe' || kind === 'kretsyscall', target: func, offset: mm[2] ? BigInt(mm[2]) : 0n });
    return attachPerfEvent(prog.fd, pfd, t(`${kind}/${func}`), o.cookie);
  }
  if (kind === 'kprobe.multi' || kind === 'kretprobe.multi' || kind === 'kprobe.session') {
    return attachKprobeMulti(prog, kind, rest, name);
  }
  if (kind.startsWith('uprobe.multi') || kind.startsWith('uretprobe.multi') || kind.startsWith('uprobe.session')) {
    return attachUprobeMulti(prog, kind, rest, o, name);
  }
  if (kind === 'usdt' || kind === 'usdt.s') {
    if (!rest) throw new BpfError('EINVAL', `${name}: a USDT program needs its probe: SEC("usdt/PATH:PROVIDER:NAME") or target 'PATH:PROVIDER:NAME'`);
    return attachUsdt(prog, { ...parseUsdtTarget(rest, name), ...(o.pid !== undefined ? { pid: o.pid } : {}), ...(o.cookie !== undefined ? { cookie: o.cookie } : {}) });
  }
  throw new BpfError('EOPNOTSUPP', `${name}: ${kind || 'this'} probes are not attached by section name`);
}

/**
 * The kernel functions a kprobe_multi link may name: tracefs available_filter_functions (what
 * ftrace can patch), or where that is not readable the text symbols of /proc/kallsyms — libbpf's
 * two sources (libbpf_available_kprobes_parse / libbpf_available_kallsyms_parse).
 */
function traceableFunctions(): string[] {
  try {
    return nodeFs().readFileSync(`${tracefsRoot()}/available_filter_functions`, 'utf8').split('\n').map((l) => l.split(/\s/)[0]!).filter(Boolean);
  } catch {
    return nodeFs().readFileSync('/proc/kallsyms', 'utf8').split('\n').map((l) => l.split(' ')).filter((f) => f[1] === 't' || f[1] === 'T').map((f) => f[2]!);
  }
}

/** BPF_LINK_CREATE(BPF_TRACE_KPROBE_MULTI) with the functions of available_filter_functions the glob matches */
function attachKprobeMulti(prog: AttachableProgram, kind: string, rest: string, name: string): Link {
  const re = globToRegExp(rest);
  const syms = [...new Set(traceableFunctions().filter((f) => re.test(f)))];
  if (!syms.length) throw new BpfError('ENOENT', `${name}: no traceable kernel function matches '${rest}'`);
  const strs = syms.map((s) => nativeBytes(s));
  const arr = nativeBytes(new Uint8Array(syms.length * 8));
  const dv = new DataView(arr.bytes.buffer, arr.bytes.byteOffset);
  strs.forEach((s, i) => dv.setBigUint64(i * 8, s.addr, true));
  try {
    const fd = linkCreate({
      progFd: prog.fd, target: 0, attachType: kind === 'kprobe.session' ? AttachType.TRACE_KPROBE_SESSION : AttachType.TRACE_KPROBE_MULTI,
      extra: (a) => a.u32(16, kind === 'kretprobe.multi' ? 1 : 0).u32(20, syms.length).u64(24, arr.addr),
    });
    return new Link(fd, { program: prog.name, target: `${kind}/${rest}` });
  } catch (e) {
    throw explain(e, name, { EOPNOTSUPP: 'this kernel has no kprobe_multi links (CONFIG_FPROBE is off)', ENOTSUPP: 'this kernel has no kprobe_multi links (CONFIG_FPROBE is off)' });
  } finally {
    for (const s of strs) s.free();
    arr.free();
  }
}

/** BPF_LINK_CREATE(BPF_TRACE_UPROBE_MULTI): every function of PATH matching the glob */
function attachUprobeMulti(prog: AttachableProgram, kind: string, rest: string, o: AttachOptions, name: string): Link {
  const i = rest.lastIndexOf(':');
  if (i < 0) throw new BpfError('EINVAL', `${name}: a uprobe.multi target is PATH:GLOB, not '${rest}'`);
  const path = resolveBinary(rest.slice(0, i));
  const re = globToRegExp(rest.slice(i + 1));
  const offsets = [...new Set(functionsMatching(path, re).map((f) => BigInt(f.fileOffset)))];
  if (!offsets.length) throw new BpfError('ENOENT', `${name}: no function of ${path} matches '${rest.slice(i + 1)}'`);
  return uprobeMultiLink(prog, { path, offsets, retprobe: kind.startsWith('uret'), session: kind.startsWith('uprobe.session'), ...(o.pid !== undefined ? { pid: o.pid } : {}) },
    name, `${kind}/${path}:${rest.slice(i + 1)}`);
}

/** where a uprobe_multi link goes: file offsets in one binary, optionally USDT semaphores (one per offset) */
export interface UprobeMultiSpec {
  path: string;
  offsets: bigint[];
  refCtrOffsets?: bigint[];
  retprobe: boolean;
  session: boolean;
  pid?: number;
}

/**
 * One BPF_LINK_CREATE(BPF_TRACE_UPROBE_MULTI) (Linux 6.6+, kernel/trace/bpf_trace.c
 * bpf_uprobe_multi_link_attach): the uprobes are registered with uprobe_register directly — no
 * trace_uprobe event, no event_mutex — and released with one uprobe_unregister_sync for all of
 * them. A perf_event uprobe holds event_mutex while its close waits for that synchronization
 * (perf_uprobe_destroy), so every uprobe perf_event_open on the machine waits behind it.
 */
export function uprobeMultiLink(prog: AttachableProgram, u: UprobeMultiSpec, name: string, target: string): Link {
  const p = nativeBytes(u.path);
  const arr = nativeBytes(new Uint8Array(u.offsets.length * 8));
  const dv = new DataView(arr.bytes.buffer, arr.bytes.byteOffset);
  u.offsets.forEach((v, k) => dv.setBigUint64(k * 8, v, true));
  const ref = u.refCtrOffsets ? nativeBytes(new Uint8Array(u.offsets.length * 8)) : undefined;
  if (ref) {
    const rv = new DataView(ref.bytes.buffer, ref.bytes.byteOffset);
    u.refCtrOffsets!.forEach((v, k) => rv.setBigUint64(k * 8, v, true));
  }
  try {
    const fd = linkCreate({
      progFd: prog.fd, target: 0, attachType: u.session ? AttachType.TRACE_UPROBE_SESSION : AttachType.TRACE_UPROBE_MULTI,
      // uprobe_multi {path 16, offsets 24, ref_ctr_offsets 32, cookies 40, cnt 48, flags 52 (BPF_F_UPROBE_MULTI_RETURN), pid 56}
      extra: (a) => a.u64(16, p.addr).u64(24, arr.addr).u64(32, ref?.addr ?? 0n).u32(48, u.offsets.length).u32(52, u.retprobe ? 1 : 0).u32(56, u.pid ?? 0),
    });
    return new Link(fd, { program: prog.name, target });
  } catch (e) {
    throw explain(e, name, { EOPNOTSUPP: 'this kernel has no uprobe_multi links (Linux 6.6+, CONFIG_UPROBES)' });
  } finally {
    p.free();
    arr.free();
    ref?.free();
  }
}

/** tp_btf, fentry/fexit/fmod_ret, lsm, freplace: the target was fixed at load (attach_btf_id) */
function attachBtf(prog: AttachableProgram, o: AttachOptions, name: string): Link {
  const t = { program: prog.name, target: prog.section };
  if (prog.expectedAttachType === AttachType.LSM_CGROUP) {
    if (!o.cgroup) throw new BpfError('EINVAL', `${name}: an lsm_cgroup program attaches to a cgroup: give cgroup`);
    const cg = openCgroup(o.cgroup, name);
    return new Link(linkCreate({ progFd: prog.fd, target: cg, attachType: AttachType.LSM_CGROUP }), t, [cg]);
  }
  if (prog.expectedAttachType === AttachType.TRACE_ITER) {
    throw new BpfError('EOPNOTSUPP', `${name}: iterators are created with BPF_LINK_CREATE + BPF_ITER_CREATE and read, not attached`);
  }
  try {
    // libbpf attach_trace/attach_lsm: BPF_LINK_CREATE with the expected attach type (5.17+),
    // BPF_RAW_TRACEPOINT_OPEN with a NULL name before that
    try {
      return new Link(linkCreate({ progFd: prog.fd, target: 0, attachType: prog.expectedAttachType, extra: (a) => a.u64(24, o.cookie ?? 0n) }), t);
    } catch (e) {
      if (!(e instanceof BpfError) || e.errno !== 'EINVAL') throw e;
      return new Link(rawTracepointOpen(prog.fd, null), t);
    }
  } catch (e) {
    throw explain(e, name, {
      ENOTSUPP: `this kernel cannot attach ${prog.progType === ProgType.LSM ? 'LSM programs (CONFIG_BPF_LSM off, or "bpf" missing from the lsm= boot list)' : 'fentry/fexit programs (no BPF trampoline: CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS or the JIT is off)'}`,
      EOPNOTSUPP: 'this kernel has no BPF trampoline for this target',
    });
  }
}

/** perf_event programs: a sampling event per CPU (libbpf has no auto-attach; tools open these themselves) */
function attachSampling(prog: AttachableProgram, o: AttachOptions, name: string): Link {
  const cpus = o.cpus ?? onlineCpus();
  const links: Link[] = [];
  const freq = o.period === undefined;
  const sample = BigInt(o.period ?? o.frequency ?? 99);
  try {
    for (const cpu of cpus) {
      const pfd = openPerfEvent({ type: o.perfType ?? PERF_TYPE_SOFTWARE, config: o.perfConfig ?? BigInt(PERF_COUNT_SW_CPU_CLOCK), sample, freq }, o.pid ?? -1, o.pid !== undefined ? -1 : cpu, `${name} on CPU ${cpu}`);
      links.push(attachPerfEvent(prog.fd, pfd, { program: prog.name, target: `perf_event/cpu${cpu}` }, o.cookie));
      if (o.pid !== undefined) break;
    }
  } catch (e) {
    for (const l of links) l.close();
    throw e;
  }
  return new MultiLink({ program: prog.name, target: `perf_event/${freq ? `${sample}Hz` : `every ${sample}`}` }, links);
}
