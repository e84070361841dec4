/**
 * Shared pieces of helper implementations: negative errno returns, reading the map argument,
 * checked copies in the address space, and the per-run state helpers keep in ExecEnv.
 */
import { BpfError, ERRNO, type ErrnoName } from '../../isa/errors.js';
import type { ExecEnv, HelperContext } from '../api.js';
import type { BpfMapLike } from '../map_iface.js';

/** -errno as helpers return it */
export function neg(e: ErrnoName): number {
  return -ERRNO[e];
}

/** what the caller of a run may put in ExecEnv for helpers (all optional) */
export interface HelperEnv extends ExecEnv {
  /** resolve the value of a map-pointer register (what ld_imm64 BPF_PSEUDO_MAP_FD loaded) to a map */
  resolveMap?: (ptr: number) => BpfMapLike | undefined;
  /** monotonic clock in ns (bpf_ktime_get_ns); default: performance.now() */
  now?: () => bigint;
  /** boot-time offset added for bpf_ktime_get_boot_ns (ns spent suspended); default 0 */
  bootOffsetNs?: bigint;
  /** REALTIME - monotonic offset (bpf_timer_init with CLOCK_REALTIME); default: wall clock - monotonic */
  realOffsetNs?: bigint;
  /** the runtime's timer and workqueue queue (helpers/impl/timer.ts AsyncQueue); none: callbacks never fire */
  asyncQueue?: unknown;
  /** runs a callback of the running program for the queue (helpers/impl/timer.ts AsyncFire) */
  asyncFire?: unknown;
  /** TAI - monotonic offset for bpf_ktime_get_tai_ns; default: wall clock - monotonic + 37 s */
  taiOffsetNs?: bigint;
  /** the "current task" of bpf_get_current_pid_tgid / _uid_gid / _comm */
  task?: { pid?: number; tgid?: number; uid?: number; gid?: number; comm?: string };
  /** cgroup v2 id of the current task (bpf_get_current_cgroup_id); default 1, the root */
  cgroupId?: number | bigint;
  /** ids of the task's cgroup ancestors, root first (bpf_get_current_ancestor_cgroup_id) */
  cgroupAncestors?: ReadonlyArray<number | bigint>;
  /** NUMA node of the emulated CPU */
  numaNode?: number;
  /** seed for bpf_get_prandom_u32 (a deterministic stream per run when set) */
  prandomSeed?: number;
  /** tail calls taken so far in this run (MAX_TAIL_CALL_CNT = 33); engines reset it per run */
  tailCallCnt?: number;
  /** bpf_redirect / bpf_redirect_map target recorded for the hook */
  redirect?: { ifindex: number; flags: number; map?: BpfMapLike; key?: number };
  /** HZ of the emulated kernel for jiffies64 (CONFIG_HZ); default 250 */
  hz?: number;
  /** the ring buffer a bpf_ringbuf_reserve record at `ptr` belongs to (submit/discard get only the pointer) */
  ringbufOf?: (ptr: number) => import("../map_iface.js").RingBufLike | undefined;
  /** bpf_csum_diff returns the raw 32-bit x86 csum_partial value (kernels before 6.13) instead of the 16-bit fold */
  csumDiffUnfolded?: boolean;
  /** number of emulated CPUs (bpf_map_lookup_percpu_elem refuses CPUs beyond it) */
  nrCpus?: number;
  /** spin locks held by the program right now (addresses) */
  locksHeld?: Set<number>;
}

export function henv(h: HelperContext): HelperEnv {
  return h.env as HelperEnv;
}

/** the map passed in argument register `i` (1-based), or a BpfError when the value is not a map */
export function mapArg(h: HelperContext, i: number): BpfMapLike {
  const ptr = h.argPtr(i);
  // the sandbox: the map must be one the program references (or a helper handed it, as an inner
  // map from a map-in-map lookup); a forged `struct bpf_map *` of another map faults. (An address
  // that is no region is no map of the runtime's resolver either: it gets "is not a map" below.)
  if (h.as.policy !== null && h.as.regionAt(ptr) !== null) h.as.check(ptr, 1, false, h.pc);
  const m = henv(h).resolveMap?.(ptr);
  if (!m) throw new BpfError('EINVAL', `helper call at insn ${h.pc}: R${i} (0x${ptr.toString(16)}) is not a map`, { insn: h.pc });
  return m;
}

/** is [addr, addr+len) readable (or writable) memory of the address space that the running program owns */
export function canAccess(h: HelperContext, addr: number, len: number, write: boolean): boolean {
  return h.as.allowed(addr, len, write);
}

/** a checked copy inside the address space: throws EFAULT with the kernel-style sentence when out of bounds */
export function copyIn(h: HelperContext, dst: number, src: number, len: number): void {
  if (len === 0) return;
  h.as.check(src, len, false, h.pc);
  h.as.check(dst, len, true, h.pc);
  h.as.u8.copyWithin(dst, src, src + len);
}

/** read a NUL-terminated string of at most `max` bytes (without the NUL); null if it faults before a NUL */
export function readCString(h: HelperContext, addr: number, max: number): { s: string; bytes: Uint8Array } | null {
  const u8 = h.as.u8;
  const out: number[] = [];
  for (let i = 0; i < max; i++) {
    if (!canAccess(h, addr + i, 1, false)) return null;
    const b = u8[addr + i]!;
    if (b === 0) break;
    out.push(b);
  }
  const bytes = Uint8Array.from(out);
  return { s: String.fromCharCode(...out), bytes };
}

/** the current CPU of the run */
export function cpuOf(h: HelperContext): number {
  return h.env.cpu ?? 0;
}

/** the engine's HelperContext.callback (bpf_loop, for_each, user_ringbuf_drain, bpf_throw's exception callback) */
export function needCallback(h: HelperContext): NonNullable<HelperContext['callback']> {
  if (!h.callback) throw new BpfError('ENOTSUPP', `helper call at insn ${h.pc} needs the engine to call a BPF callback, which this engine does not support`, { insn: h.pc });
  return h.callback.bind(h);
}
