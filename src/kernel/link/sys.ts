/**
 * The system calls attaching needs beyond the map and program commands of hooks/kernel/bpf.ts:
 * the link commands of `bpf()` (BPF_LINK_CREATE, BPF_RAW_TRACEPOINT_OPEN, BPF_PROG_ATTACH and
 * _DETACH, BPF_LINK_DETACH, BPF_OBJ_PIN and BPF_OBJ_GET, the *_GET_NEXT_ID and *_GET_FD_BY_ID
 * walks) with their `union bpf_attr` members as include/uapi/linux/bpf.h lays them out, and from
 * libc `perf_event_open(2)`, `ioctl(2)`, `open(2)`, `socket(2)`, `setsockopt(2)`,
 * `if_nametoindex(3)` — all through the koffi handle hooks/kernel/ffi.ts loaded.
 *
 * Each wrapper throws a KernelError carrying the errno name and the command, so callers add the
 * sentence saying which probe, interface or path it was about.
 */
import { BpfError, ERRNO } from '../../isa/errors.js';
import { bpfSyscall, getFdById, getNextId, KernelError } from '../../hooks/kernel/bpf.js';
import * as U from '../../hooks/kernel/uapi.js';
import { loadNative, type Native, type NativeBuffer } from '../../hooks/kernel/ffi.js';

/** enum bpf_cmd: the commands used here (the rest are in hooks/kernel/uapi.ts) */
export const BPF_PROG_ATTACH = 8;
export const BPF_PROG_DETACH = 9;
export const BPF_OBJ_GET_INFO_BY_FD = 15;
export const BPF_PROG_QUERY = 16;
export const BPF_RAW_TRACEPOINT_OPEN = 17;
export const BPF_LINK_CREATE = 28;
export const BPF_LINK_UPDATE = 29;
export const BPF_LINK_DETACH = 34;

const CMD_NAMES: Record<number, string> = {
  0: 'BPF_MAP_CREATE', 8: 'BPF_PROG_ATTACH', 9: 'BPF_PROG_DETACH', 15: 'BPF_OBJ_GET_INFO_BY_FD', 16: 'BPF_PROG_QUERY',
  17: 'BPF_RAW_TRACEPOINT_OPEN', 28: 'BPF_LINK_CREATE', 29: 'BPF_LINK_UPDATE', 34: 'BPF_LINK_DETACH',
};

/** enum bpf_link_type, under the names bpftool prints */
export const LINK_TYPE_NAMES = ['unspec', 'raw_tracepoint', 'tracing', 'cgroup', 'iter', 'netns', 'xdp', 'perf_event', 'kprobe_multi', 'struct_ops', 'netfilter', 'tcx', 'uprobe_multi', 'netkit', 'sockmap'] as const;
export const BPF_LINK_TYPE = Object.fromEntries(LINK_TYPE_NAMES.map((n, i) => [n.toUpperCase(), i])) as Record<Uppercase<(typeof LINK_TYPE_NAMES)[number]>, number>;

export function native(): Native {
  const l = loadNative();
  if (!l.ok) throw new BpfError('ENOSYS', `the kernel backend is unavailable: ${l.reason}`);
  return l.native;
}

/** A zeroed native buffer holding `bytes` (and a NUL after strings): the kernel is handed its address. */
export function nativeBytes(bytes: Uint8Array | string, size = 0): NativeBuffer {
  const b = typeof bytes === 'string' ? new TextEncoder().encode(bytes + '\0') : bytes;
  const buf = native().alloc(Math.max(size, b.length));
  buf.bytes.set(b);
  return buf;
}

/** an attr of `size` bytes built through a DataView */
export class Attr {
  readonly bytes: Uint8Array;
  readonly dv: DataView;
  constructor(size: number) {
    this.bytes = new Uint8Array(size);
    this.dv = new DataView(this.bytes.buffer);
  }
  u32(off: number, v: number): this {
    this.dv.setUint32(off, v >>> 0, true);
    return this;
  }
  i32(off: number, v: number): this {
    this.dv.setInt32(off, v, true);
    return this;
  }
  u64(off: number, v: bigint): this {
    this.dv.setBigUint64(off, BigInt.asUintN(64, v), true);
    return this;
  }
}

/** issue a bpf() command whose attr is built; the result, or a KernelError naming the command */
export function bpfCmd(cmd: number, attr: Attr): { ret: number; attr: DataView } {
  const r = bpfSyscall(cmd, attr.bytes);
  if (r.ret < 0) throw new KernelError(CMD_NAMES[cmd] ?? `bpf cmd ${cmd}`, errnoNumberOf(r.errno));
  return { ret: r.ret, attr: new DataView(r.attr.buffer, r.attr.byteOffset, r.attr.byteLength) };
}

function errnoNumberOf(name: string | null): number {
  return name ? (ERRNO_NUM[name] ?? 5) : 5;
}
const ERRNO_NUM = ERRNO as Record<string, number>;

/**
 * union bpf_attr, the BPF_LINK_CREATE struct: prog_fd 0, target_fd/target_ifindex 4, attach_type 8,
 * flags 12, then the per-kind union at 16 (perf_event.bpf_cookie; kprobe_multi {flags, cnt, syms,
 * addrs, cookies}; tracing {target_btf_id, cookie}; netfilter {pf, hooknum, priority, flags};
 * tcx {relative_fd, expected_revision}; uprobe_multi {path, offsets, ref_ctr_offsets, cookies,
 * cnt, flags, pid}).
 */
export const LINK_CREATE = { prog_fd: 0, target_fd: 4, attach_type: 8, flags: 12, union: 16, size: 64 } as const;

export interface LinkCreateArgs {
  progFd: number;
  /** target fd (cgroup, netns, perf event) or ifindex (xdp, tcx) */
  target: number;
  attachType: number;
  flags?: number;
  /** fill the per-kind union at offset 16 */
  extra?: (a: Attr) => void;
}

/** BPF_LINK_CREATE: returns the link's fd */
export function linkCreate(o: LinkCreateArgs): number {
  const a = new Attr(LINK_CREATE.size).u32(0, o.progFd).u32(4, o.target).u32(8, o.attachType).u32(12, o.flags ?? 0);
  o.extra?.(a);
  return bpfCmd(BPF_LINK_CREATE, a).ret;
}

/** BPF_RAW_TRACEPOINT_OPEN: name (NULL for tp_btf/fentry/fexit/lsm, whose target is the BTF id given at load) */
export function rawTracepointOpen(progFd: number, name: string | null, cookie = 0n): number {
  const nameBuf = name === null ? undefined : nativeBytes(name);
  try {
    const a = new Attr(24).u64(0, nameBuf?.addr ?? 0n).u32(8, progFd).u64(16, cookie);
    return bpfCmd(BPF_RAW_TRACEPOINT_OPEN, cookie ? a : trimmed(a, 16)).ret;
  } finally {
    nameBuf?.free();
  }
}

/** an attr cut to its first `size` bytes (older kernels refuse non-zero bytes past what they know) */
function trimmed(a: Attr, size: number): Attr {
  const t = new Attr(size);
  t.bytes.set(a.bytes.subarray(0, size));
  return t;
}

/** BPF_PROG_ATTACH (target_fd 0, attach_bpf_fd 4, attach_type 8, attach_flags 12): the pre-link attach, used by sockmap/lirc/flow dissector */
export function progAttach(progFd: number, target: number, attachType: number, flags = 0): void {
  bpfCmd(BPF_PROG_ATTACH, new Attr(20).u32(0, target).u32(4, progFd).u32(8, attachType).u32(12, flags));
}

export function progDetach(progFd: number, target: number, attachType: number): void {
  bpfCmd(BPF_PROG_DETACH, new Attr(20).u32(0, target).u32(4, progFd).u32(8, attachType));
}

/** BPF_LINK_DETACH: detach without closing (the fd stays, the link becomes defunct) */
export function linkDetach(linkFd: number): void {
  bpfCmd(BPF_LINK_DETACH, new Attr(4).u32(0, linkFd));
}

/** BPF_OBJ_PIN / BPF_OBJ_GET: hooks/kernel/bpf.ts has them (with the bpffs sentences) */
export { objPin, objGet } from '../../hooks/kernel/bpf.js';

const NEXT_ID = { prog: U.BPF_PROG_GET_NEXT_ID, map: U.BPF_MAP_GET_NEXT_ID, link: U.BPF_LINK_GET_NEXT_ID } as const;
const FD_BY_ID = { prog: U.BPF_PROG_GET_FD_BY_ID, map: U.BPF_MAP_GET_FD_BY_ID, link: U.BPF_LINK_GET_FD_BY_ID, btf: U.BPF_BTF_GET_FD_BY_ID } as const;

/** every id of programs, maps or links now in the kernel, ascending */
export function allIds(kind: 'prog' | 'map' | 'link'): number[] {
  const ids: number[] = [];
  for (let id = getNextId(NEXT_ID[kind], 0); id !== undefined; id = getNextId(NEXT_ID[kind], id)) ids.push(id);
  return ids;
}

/** BPF_{PROG,MAP,LINK,BTF}_GET_FD_BY_ID, with a sentence when there is no such object */
export function fdById(kind: 'prog' | 'map' | 'link' | 'btf', id: number): number {
  try {
    return getFdById(FD_BY_ID[kind], id);
  } catch (e) {
    if (e instanceof BpfError && e.errno === 'ENOENT') throw new BpfError('ENOENT', `there is no ${kind} with id ${id} in the kernel`);
    throw e;
  }
}

/**
 * BPF_OBJ_GET_INFO_BY_FD into a native buffer of `size` bytes that `prepare` may fill first (the
 * caller-supplied array pointers of bpf_prog_info and bpf_link_info); returns the buffer's bytes.
 */
export function objInfoRaw(fd: number, size: number, prepare?: (info: DataView) => void): DataView {
  const buf = native().alloc(size);
  try {
    const dv = new DataView(buf.bytes.buffer, buf.bytes.byteOffset, size);
    prepare?.(dv);
    bpfCmd(BPF_OBJ_GET_INFO_BY_FD, new Attr(16).u32(0, fd).u32(4, size).u64(8, buf.addr));
    return new DataView(buf.bytes.slice(0, size).buffer);
  } finally {
    buf.free();
  }
}

// ---- libc ---------------------------------------------------------------------------------------

interface Libc {
  open(path: string, flags: number): number;
  socket(domain: number, type: number, protocol: number): number;
  setsockopt(fd: number, level: number, name: number, val: bigint, len: number): number;
  if_nametoindex(name: string): number;
  setns(fd: number, nstype: number): number;
  bind(fd: number, addr: bigint, len: number): number;
  recv(fd: number, buf: bigint, len: number, flags: number): number | bigint;
  clock_gettime(clock: number, ts: bigint): number;
  if_indextoname(index: number, buf: bigint): bigint | number | null;
  errno(): number;
}
let libcFns: Libc | undefined;

function libc(): Libc {
  if (libcFns) return libcFns;
  const n = native();
  const f = (sig: string) => n.libc.func(sig);
  libcFns = {
    open: f('int open(const char *path, int flags)') as Libc['open'],
    socket: f('int socket(int domain, int type, int protocol)') as Libc['socket'],
    setsockopt: f('int setsockopt(int fd, int level, int name, uintptr_t val, unsigned int len)') as Libc['setsockopt'],
    if_nametoindex: f('unsigned int if_nametoindex(const char *name)') as Libc['if_nametoindex'],
    setns: f('int setns(int fd, int nstype)') as Libc['setns'],
    bind: f('int bind(int fd, uintptr_t addr, unsigned int len)') as Libc['bind'],
    recv: f('long recv(int fd, uintptr_t buf, unsigned long len, int flags)') as Libc['recv'],
    clock_gettime: f('int clock_gettime(int clock, uintptr_t ts)') as Libc['clock_gettime'],
    if_indextoname: f('uintptr_t if_indextoname(unsigned int index, uintptr_t buf)') as Libc['if_indextoname'],
    errno: () => n.koffi.errno(),
  };
  return libcFns;
}

function sysFail(call: string, what: string): never {
  const errno = libc().errno();
  throw new KernelError(`${call} (${what})`, errno);
}

/** ioctl(2) through the FFI's Sys (hooks/kernel/ffi.ts); `what` names the object for the error */
export function ioctl(fd: number, req: number, arg: number | bigint, what: string): void {
  const r = native().sys().ioctl(fd, req, arg);
  if (r.ret < 0) throw new KernelError(`ioctl (${what})`, r.errno);
}

export const O_RDONLY = 0;
export const O_DIRECTORY = 0o200000;
export const O_CLOEXEC = 0o2000000;

/** open(2) read-only with O_CLOEXEC (cgroup directories, namespace files) */
export function openPath(path: string, flags = 0): number {
  const fd = libc().open(path, O_RDONLY | O_CLOEXEC | flags);
  if (fd < 0) sysFail('open', path);
  return fd;
}

export function socket(domain: number, type: number, protocol: number): number {
  const fd = libc().socket(domain, type, protocol);
  if (fd < 0) sysFail('socket', `domain ${domain} type ${type}`);
  return fd;
}

export function setsockoptInt(fd: number, level: number, name: number, value: number, what: string): void {
  const b = native().alloc(4);
  try {
    new DataView(b.bytes.buffer, b.bytes.byteOffset).setInt32(0, value, true);
    if (libc().setsockopt(fd, level, name, b.addr, 4) < 0) sysFail('setsockopt', what);
  } finally {
    b.free();
  }
}

/** if_nametoindex(3): ENODEV with a sentence when there is no such interface */
export function ifIndex(name: string | number): number {
  if (typeof name === 'number') return name;
  if (/^\d+$/.test(name)) return Number(name);
  const i = libc().if_nametoindex(name);
  if (!i) throw new BpfError('ENODEV', `there is no network interface '${name}' in this network namespace`);
  return i;
}

export function closeQuiet(fd: number): void {
  if (fd >= 0) native().close(fd);
}

/** CLONE_NEWNET (include/uapi/linux/sched.h) */
export const CLONE_NEWNET = 0x40000000;

/**
 * Run `fn` with this thread in another network namespace (setns(2) on the calling thread, which
 * for Node's JavaScript thread is the thread-group leader), then come back. Interfaces, sockets
 * and netfilter/sk_lookup links made inside belong to that namespace and stay there.
 * `ns`: a path (/var/run/netns/NAME, /proc/PID/ns/net) or a name made by `ip netns add`.
 */
export function withNetns<T>(ns: string, fn: () => T): T {
  const path = ns.includes('/') ? ns : `/var/run/netns/${ns}`;
  const home = openPath('/proc/thread-self/ns/net');
  let target: number;
  try {
    target = openPath(path);
  } catch (e) {
    closeQuiet(home);
    throw new BpfError('ENOENT', `network namespace ${ns}: cannot open ${path} (${(e as Error).message})`);
  }
  try {
    if (libc().setns(target, CLONE_NEWNET) < 0) sysFail('setns', path);
    try {
      return fn();
    } finally {
      if (libc().setns(home, CLONE_NEWNET) < 0) sysFail('setns', 'back to the original network namespace');
    }
  } finally {
    closeQuiet(target);
    closeQuiet(home);
  }
}

/** clock_gettime(2) in whole seconds (CLOCK_REALTIME 0, CLOCK_BOOTTIME 7) */
export function clockSeconds(clock: number): number {
  const b = native().alloc(16);
  try {
    libc().clock_gettime(clock, b.addr);
    return Number(new DataView(b.bytes.buffer, b.bytes.byteOffset).getBigInt64(0, true));
  } finally {
    b.free();
  }
}

/** if_indextoname(3): the interface's name in this namespace, or undefined */
export function ifName(index: number): string | undefined {
  const b = native().alloc(32);
  try {
    const r = libc().if_indextoname(index, b.addr);
    if (!r) return undefined;
    const end = b.bytes.indexOf(0);
    return new TextDecoder().decode(b.bytes.subarray(0, end < 0 ? 16 : end));
  } finally {
    b.free();
  }
}

/** bind(2) with a sockaddr already built */
export function bindSocket(fd: number, addr: Uint8Array, what: string): void {
  const b = nativeBytes(addr);
  try {
    if (libc().bind(fd, b.addr, addr.length) < 0) sysFail('bind', what);
  } finally {
    b.free();
  }
}

/** recv(2) without waiting (MSG_DONTWAIT) into `buf`: the length, or -1 when nothing is queued */
export function recvNow(fd: number, buf: { addr: bigint }, len: number): number {
  const n = Number(libc().recv(fd, buf.addr, len, 0x40 /* MSG_DONTWAIT */));
  if (n < 0) {
    const errno = libc().errno();
    if (errno === 11 /* EAGAIN */) return -1;
    throw new KernelError('recv', errno);
  }
  return n;
}
