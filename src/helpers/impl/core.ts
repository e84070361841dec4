/**
 * Helpers of kernel/bpf/helpers.c and kernel/trace/bpf_trace.c that do not touch packets:
 * map access, time, randomness, CPU, the current task, probe reads, bpf_loop,
 * bpf_for_each_map_elem, strings, spin locks.
 */
import { BpfError } from '../../isa/errors.js';
import { RegionKind } from '../../vm/address_space.js';
import type { HelperContext, HelperRegistry } from '../api.js';
import { BPF_FUNC } from '../../isa/helper_ids.js';
import { canAccess, copyIn, cpuOf, henv, mapArg, needCallback, neg } from './util.js';

const id = (n: string): number => BPF_FUNC[n]!;

// ---- maps -------------------------------------------------------------------------------------

function keyOk(h: HelperContext, addr: number, size: number): void {
  h.as.check(addr, size, false, h.pc);
}

function mapLookupElem(h: HelperContext): void {
  const m = mapArg(h, 1);
  const key = h.argPtr(2);
  keyOk(h, key, m.keySize);
  const v = m.lookupPtr(key, cpuOf(h));
  // the value (or an inner map of a map-in-map) is memory the helper returned to the program
  h.as.grant(v);
  h.ret(v);
}

function mapUpdateElem(h: HelperContext): void {
  const m = mapArg(h, 1);
  const key = h.argPtr(2);
  const value = h.argPtr(3);
  keyOk(h, key, m.keySize);
  h.as.check(value, m.valueSize, false, h.pc);
  h.ret(m.update(key, value, Number(BigInt.asUintN(32, h.arg(4))), cpuOf(h)));
}

function mapDeleteElem(h: HelperContext): void {
  const m = mapArg(h, 1);
  const key = h.argPtr(2);
  keyOk(h, key, m.keySize);
  h.ret(m.delete(key));
}

function mapPushElem(h: HelperContext): void {
  const m = mapArg(h, 1);
  const value = h.argPtr(2);
  h.as.check(value, m.valueSize, false, h.pc);
  h.ret(m.push ? m.push(value, Number(BigInt.asUintN(32, h.arg(3)))) : neg('ENOTSUPP'));
}

function mapPopElem(h: HelperContext): void {
  const m = mapArg(h, 1);
  const value = h.argPtr(2);
  h.as.check(value, m.valueSize, true, h.pc);
  h.ret(m.pop ? m.pop(value) : neg('ENOTSUPP'));
}

function mapPeekElem(h: HelperContext): void {
  const m = mapArg(h, 1);
  const value = h.argPtr(2);
  h.as.check(value, m.valueSize, !!m.pop, h.pc);
  h.ret(m.peek ? m.peek(value) : neg('ENOTSUPP'));
}

/** bpf_map_lookup_percpu_elem: the value of another CPU; NULL for a CPU that does not exist */
function mapLookupPercpuElem(h: HelperContext): void {
  const m = mapArg(h, 1);
  const key = h.argPtr(2);
  keyOk(h, key, m.keySize);
  const cpu = Number(BigInt.asUintN(32, h.arg(3)));
  const ncpus = Number(henv(h).nrCpus ?? 1);
  const v = cpu >= ncpus ? 0 : m.lookupPtr(key, cpu);
  h.as.grant(v);
  h.ret(v);
}

/** BPF_MAX_LOOPS (include/linux/bpf.h) */
export const BPF_MAX_LOOPS = 8 * 1024 * 1024;


/** bpf_for_each_map_elem (kernel/bpf/bpf_iter.c + the map's map_for_each_callback) */
function forEachMapElem(h: HelperContext): void {
  const m = mapArg(h, 1);
  const fn = h.argPtr(2);
  const ctx = h.arg(3);
  if (h.arg(4) !== 0n) return h.ret(neg('EINVAL'));
  if (!m.forEach) return h.ret(neg('ENOTSUPP'));
  const cb = needCallback(h);
  const mapPtr = h.arg(1);
  const n = m.forEach((k, v) => {
    // the key and value pointers are handed to the callback: they are the program's (the sandbox)
    h.as.grant(k);
    h.as.grant(v);
    return Number(BigInt.asUintN(64, cb(fn, mapPtr, BigInt(k), BigInt(v), ctx, 0n)) !== 0n);
  }, cpuOf(h));
  h.ret(n);
}

/** bpf_loop (kernel/bpf/bpf_iter.c): returns the number of iterations run */
function loop(h: HelperContext): void {
  const nr = h.arg(1);
  const fn = h.argPtr(2);
  const ctx = h.arg(3);
  if (h.arg(4) !== 0n) return h.ret(neg('EINVAL'));
  const n = BigInt.asUintN(32, nr);
  if (n > BigInt(BPF_MAX_LOOPS)) return h.ret(neg('E2BIG'));
  const cb = needCallback(h);
  const count = Number(n);
  for (let i = 0; i < count; i++) {
    const r = cb(fn, BigInt(i), ctx, 0n, 0n, 0n);
    // "return value: 0 - continue, 1 - stop and return"
    if (BigInt.asUintN(64, r) !== 0n) return h.ret(i + 1);
  }
  h.ret(count);
}

// ---- time, randomness, CPU ------------------------------------------------------------------------

/** the run's monotonic clock (ExecEnv.now, else performance.now()) */
export function nowNs(h: HelperContext): bigint {
  const f = henv(h).now;
  if (f) return f();
  return BigInt(Math.round(performance.now() * 1e6));
}

function hz(h: HelperContext): number {
  return henv(h).hz ?? 250;
}

function ktimeGetNs(h: HelperContext): void {
  const f = henv(h).now;
  // performance.now() in ns stays below 2^53 for 104 days: a number is exact, and r0 is set
  // without the three BigInts of nowNs + ret64 (a program that reads the clock per packet or
  // per loop iteration pays them at every call)
  if (f) h.ret64(f());
  else h.ret(Math.round(performance.now() * 1e6));
}
function ktimeGetBootNs(h: HelperContext): void {
  h.ret64(nowNs(h) + (henv(h).bootOffsetNs ?? 0n));
}
/** ktime_get_coarse_ns: the clock as of the last tick */
function ktimeGetCoarseNs(h: HelperContext): void {
  const tick = BigInt(Math.round(1e9 / hz(h)));
  const t = nowNs(h);
  h.ret64(t - (t % tick));
}
function ktimeGetTaiNs(h: HelperContext): void {
  const off = henv(h).taiOffsetNs ?? BigInt(Date.now()) * 1_000_000n - nowNs(h) + 37_000_000_000n;
  h.ret64(nowNs(h) + off);
}
/** get_jiffies_64: INITIAL_JIFFIES (-300 s worth of ticks, as an unsigned 32-bit value) plus ticks since boot */
function jiffies64(h: HelperContext): void {
  const HZ = BigInt(hz(h));
  const initial = BigInt.asUintN(32, -300n * HZ);
  h.ret64(initial + (nowNs(h) * HZ) / 1_000_000_000n);
}

const prandomState = new WeakMap<object, number>();
/** bpf_get_prandom_u32: xorshift32 per run (seeded from env.prandomSeed, else at random) */
function getPrandomU32(h: HelperContext): void {
  let s = prandomState.get(h.env);
  if (s === undefined) {
    const seed = henv(h).prandomSeed;
    s = (seed === undefined ? (Math.random() * 0x100000000) >>> 0 : seed >>> 0) || 0x9e3779b9;
  }
  s ^= s << 13;
  s >>>= 0;
  s ^= s >>> 17;
  s ^= s << 5;
  s >>>= 0;
  prandomState.set(h.env, s);
  h.ret(s);
}

function getSmpProcessorId(h: HelperContext): void {
  h.ret(cpuOf(h));
}
function getNumaNodeId(h: HelperContext): void {
  h.ret(henv(h).numaNode ?? 0);
}

// ---- the current task -----------------------------------------------------------------------------

function task(h: HelperContext): { pid: number; tgid: number; uid: number; gid: number; comm: string } {
  const t = henv(h).task ?? {};
  const pid = t.pid ?? 1;
  return { pid, tgid: t.tgid ?? pid, uid: t.uid ?? 0, gid: t.gid ?? 0, comm: t.comm ?? 'tsbpf' };
}

/**
 * The current task's `struct task_struct` (bpf_get_current_task returns its address as a number,
 * bpf_get_current_task_btf as a PTR_TO_BTF_ID): a simulated object in the address space — the
 * bytes of env.taskStruct when the caller gives them (a layout written from vmlinux BTF, or a test's
 * fixture), else 4 KiB of zeros — mapped once per address space and handed to the program
 * (docs/sandbox.md: memory a helper returned). Probe reads of it see those bytes.
 */
const TASK_STRUCT_SIZE = 4096;
const taskRegions = new WeakMap<object, { base: number; size: number; bytes: Uint8Array | undefined }>();
export function currentTaskAddr(h: HelperContext): number {
  const bytes = henv(h).taskStruct as Uint8Array | undefined;
  let t = taskRegions.get(h.as);
  if (!t || t.size < (bytes?.length ?? 0)) {
    const r = h.as.privileged(() => h.as.map(Math.max(TASK_STRUCT_SIZE, bytes?.length ?? 0), RegionKind.Global, 'current task_struct', true));
    t = { base: r.base, size: r.size, bytes: undefined };
    taskRegions.set(h.as, t);
  }
  if (bytes && t.bytes !== bytes) {
    h.as.u8.fill(0, t.base, t.base + t.size);
    h.as.u8.set(bytes, t.base);
    // pointers inside (task_struct->real_parent to the parent laid out after it)
    for (const r of (henv(h).taskStructRelocs as Array<{ off: number; target: number }> | undefined) ?? []) h.as.dv.setBigUint64(t.base + r.off, BigInt(t.base + r.target), true);
    t.bytes = bytes;
  }
  h.as.grant(t.base);
  return t.base;
}

function getCurrentTask(h: HelperContext): void {
  h.ret(currentTaskAddr(h));
}

// ---- local storage (maps/local_storage.ts) -------------------------------------------------------

/** bpf_sk_storage_get / task / inode / cgrp_storage_get(map, owner, value, flags): the owner's value or NULL */
function storageGet(h: HelperContext): void {
  const m = mapArg(h, 1);
  const owner = h.argPtr(2);
  const init = h.argPtr(3);
  const flags = Number(BigInt.asUintN(32, h.arg(4)));
  if (!m.storageGet || flags & ~1) return h.ret(0);
  if (init) h.as.check(init, m.valueSize, false, h.pc);
  const v = m.storageGet(owner >= 0x1_0000_0000 ? 0 : owner, init, flags);
  h.as.grant(v);
  h.ret(v);
}

function storageDelete(h: HelperContext): void {
  const m = mapArg(h, 1);
  if (!m.storageDelete) return h.ret(neg('EINVAL'));
  h.ret(m.storageDelete(h.argPtr(2)));
}

/** bpf_get_local_storage(map, flags): the cgroup storage of the run's cgroup (env.cgroupId, default the root, 1) */
function getLocalStorage(h: HelperContext): void {
  const m = mapArg(h, 1);
  if (!m.storageGet) return h.ret(0);
  const v = m.storageGet(Number(henv(h).cgroupId ?? 1), 0, 1);
  h.as.grant(v);
  h.ret(v);
}

function getCurrentPidTgid(h: HelperContext): void {
  const t = task(h);
  h.ret64((BigInt(t.tgid >>> 0) << 32n) | BigInt(t.pid >>> 0));
}
function getCurrentUidGid(h: HelperContext): void {
  const t = task(h);
  h.ret64((BigInt(t.gid >>> 0) << 32n) | BigInt(t.uid >>> 0));
}
/** bpf_get_current_comm: strscpy_pad into buf, NUL-terminated and zero-padded (TASK_COMM_LEN 16) */
function getCurrentComm(h: HelperContext): void {
  const buf = h.argPtr(1);
  const size = Number(BigInt.asUintN(32, h.arg(2)));
  h.as.check(buf, size, true, h.pc);
  const name = task(h).comm.slice(0, 15);
  const u8 = h.as.u8;
  u8.fill(0, buf, buf + size);
  for (let i = 0; i < Math.min(name.length, size - 1); i++) u8[buf + i] = name.charCodeAt(i) & 0xff;
  h.ret(0);
}

/** bpf_get_current_cgroup_id: env.cgroupId, else the root cgroup (id 1) */
function getCurrentCgroupId(h: HelperContext): void {
  h.ret64(BigInt(henv(h).cgroupId ?? 1));
}

/** bpf_get_current_ancestor_cgroup_id(level): env.cgroupAncestors[level] (root first), 0 past the task's depth */
function getCurrentAncestorCgroupId(h: HelperContext): void {
  const anc = henv(h).cgroupAncestors ?? [1];
  const level = Number(BigInt.asUintN(32, h.arg(1)));
  h.ret64(BigInt(anc[level] ?? 0));
}

// ---- probe reads: "kernel" and "user" memory are both the address space in tsbpf ------------------

/** bpf_probe_read_kernel / _user: copy_from_*_nofault; on a fault the buffer is zeroed and -EFAULT returned */
function probeRead(h: HelperContext): void {
  const dst = h.argPtr(1);
  const size = Number(BigInt.asUintN(32, h.arg(2)));
  const src = h.argPtr(3);
  h.as.check(dst, size, true, h.pc);
  if (!canAccess(h, src, size, false)) {
    h.as.u8.fill(0, dst, dst + size);
    return h.ret(neg('EFAULT'));
  }
  copyIn(h, dst, src, size);
  h.ret(0);
}

/**
 * bpf_probe_read_kernel_str / _user_str: strncpy_from_*_nofault. Returns the bytes copied
 * including the NUL; a string longer than size is cut and NUL-terminated (returns size); on a
 * fault the buffer is zeroed and -EFAULT returned; size 0 returns 0.
 */
function probeReadStr(h: HelperContext): void {
  const dst = h.argPtr(1);
  const size = Number(BigInt.asUintN(32, h.arg(2)));
  const src = h.argPtr(3);
  if (size === 0) return h.ret(0);
  h.as.check(dst, size, true, h.pc);
  const u8 = h.as.u8;
  for (let i = 0; i < size; i++) {
    if (!canAccess(h, src + i, 1, false)) {
      u8.fill(0, dst, dst + size);
      return h.ret(neg('EFAULT'));
    }
    const b = u8[src + i]!;
    if (i === size - 1) {
      u8[dst + i] = 0;
      return h.ret(size);
    }
    u8[dst + i] = b;
    if (b === 0) return h.ret(i + 1);
  }
}

// ---- strings ------------------------------------------------------------------------------------

/** bpf_strncmp(s1, s1_sz, s2): strncmp(s1, s2, s1_sz), giving -1, 0 or 1 as lib/string.c */
function strncmp(h: HelperContext): void {
  const s1 = h.argPtr(1);
  const n = Number(BigInt.asUintN(32, h.arg(2)));
  const s2 = h.argPtr(3);
  const u8 = h.as.u8;
  for (let i = 0; i < n; i++) {
    h.as.check(s1 + i, 1, false, h.pc);
    h.as.check(s2 + i, 1, false, h.pc);
    const a = u8[s1 + i]!;
    const b = u8[s2 + i]!;
    if (a !== b) return h.ret(a < b ? -1 : 1);
    if (a === 0) break;
  }
  h.ret(0);
}

const BPF_STRTOX_BASE_MASK = 0x1f;

/** __bpf_strtoull: [consumed, value, negative] or a negative errno */
export function bpfStrtoull(buf: Uint8Array, flags: bigint): { consumed: number; value: bigint; negative: boolean } | number {
  let base = Number(flags & BigInt(BPF_STRTOX_BASE_MASK));
  if (buf.length === 0) return neg('EINVAL');
  if (base !== 0 && base !== 8 && base !== 10 && base !== 16) return neg('EINVAL');
  if (flags & ~BigInt(BPF_STRTOX_BASE_MASK)) return neg('EINVAL');
  let i = 0;
  while (i < buf.length && (buf[i] === 0x20 || (buf[i]! >= 9 && buf[i]! <= 13))) i++;
  const negative = i < buf.length && buf[i] === 0x2d;
  if (negative) i++;
  let consumed = i;
  if (buf.length - i === 0) return neg('EINVAL');
  // at most 63 bytes are parsed (the kernel copies into char str[64])
  const str = buf.subarray(i, i + Math.min(buf.length - i, 63));
  let s = 0;
  const c = (k: number): number => (k < str.length ? str[k]! : 0);
  const lower = (x: number): number => x | 0x20;
  const isX = (x: number): boolean => (x >= 0x30 && x <= 0x39) || (lower(x) >= 0x61 && lower(x) <= 0x66);
  if (base === 0) {
    if (c(0) === 0x30) base = lower(c(1)) === 0x78 && isX(c(2)) ? 16 : 8;
    else base = 10;
  }
  if (base === 16 && c(0) === 0x30 && lower(c(1)) === 0x78) s = 2;
  // _parse_integer: digits until the first one not valid in base; overflow is -ERANGE
  let v = 0n;
  let n = 0;
  for (let k = s; k < str.length; k++) {
    const ch = str[k]!;
    let d: number;
    if (ch >= 0x30 && ch <= 0x39) d = ch - 0x30;
    else if (lower(ch) >= 0x61 && lower(ch) <= 0x66) d = lower(ch) - 0x61 + 10;
    else break;
    if (d >= base) break;
    v = v * BigInt(base) + BigInt(d);
    if (v > 0xffffffffffffffffn) return neg('ERANGE');
    n++;
  }
  if (n === 0) return neg('EINVAL');
  consumed += s + n;
  return { consumed, value: v, negative };
}

function strtox(h: HelperContext, signed: boolean): void {
  const buf = h.argPtr(1);
  const len = Number(BigInt.asUintN(32, h.arg(2)));
  const flags = h.arg(3);
  const res = h.argPtr(4);
  h.as.check(buf, len, false, h.pc);
  // Linux 6.11+ zeroes *res first, so an error never leaves stale memory there
  h.as.check(res, 8, true, h.pc);
  h.as.dv.setBigUint64(res, 0n, true);
  const r = bpfStrtoull(h.as.u8.slice(buf, buf + len), flags);
  if (typeof r === 'number') return h.ret(r);
  let out: bigint;
  if (signed) {
    if (r.negative) {
      if (BigInt.asIntN(64, -r.value) > 0n) return h.ret(neg('ERANGE'));
      out = BigInt.asUintN(64, -r.value);
    } else {
      if (BigInt.asIntN(64, r.value) < 0n) return h.ret(neg('ERANGE'));
      out = r.value;
    }
  } else {
    if (r.negative) return h.ret(neg('EINVAL'));
    out = r.value;
  }
  h.as.dv.setBigUint64(res, out, true);
  h.ret(r.consumed);
}

// ---- spin locks (struct bpf_spin_lock is one u32) -------------------------------------------------

function spinLock(h: HelperContext): void {
  const p = h.argPtr(1);
  h.as.check(p, 4, true, h.pc);
  const held = (henv(h).locksHeld ??= new Set<number>());
  // one thread of execution: a lock held twice would deadlock the kernel
  if (held.has(p) || h.as.dv.getUint32(p, true) !== 0) throw new BpfError('EDEADLK', `bpf_spin_lock at insn ${h.pc}: lock at 0x${p.toString(16)} is already held`, { insn: h.pc });
  held.add(p);
  h.as.dv.setUint32(p, 1, true);
}

function spinUnlock(h: HelperContext): void {
  const p = h.argPtr(1);
  h.as.check(p, 4, true, h.pc);
  henv(h).locksHeld?.delete(p);
  h.as.dv.setUint32(p, 0, true);
}

export function registerCore(r: HelperRegistry): void {
  r.register(id('map_lookup_elem'), 'bpf_map_lookup_elem', mapLookupElem)
    .register(id('map_update_elem'), 'bpf_map_update_elem', mapUpdateElem)
    .register(id('map_delete_elem'), 'bpf_map_delete_elem', mapDeleteElem)
    .register(id('map_push_elem'), 'bpf_map_push_elem', mapPushElem)
    .register(id('map_pop_elem'), 'bpf_map_pop_elem', mapPopElem)
    .register(id('map_peek_elem'), 'bpf_map_peek_elem', mapPeekElem)
    .register(id('map_lookup_percpu_elem'), 'bpf_map_lookup_percpu_elem', mapLookupPercpuElem)
    .register(id('for_each_map_elem'), 'bpf_for_each_map_elem', forEachMapElem)
    .register(id('loop'), 'bpf_loop', loop)
    .register(id('ktime_get_ns'), 'bpf_ktime_get_ns', ktimeGetNs)
    .register(id('ktime_get_boot_ns'), 'bpf_ktime_get_boot_ns', ktimeGetBootNs)
    .register(id('ktime_get_coarse_ns'), 'bpf_ktime_get_coarse_ns', ktimeGetCoarseNs)
    .register(id('ktime_get_tai_ns'), 'bpf_ktime_get_tai_ns', ktimeGetTaiNs)
    .register(id('jiffies64'), 'bpf_jiffies64', jiffies64)
    .register(id('get_prandom_u32'), 'bpf_get_prandom_u32', getPrandomU32)
    .register(id('get_smp_processor_id'), 'bpf_get_smp_processor_id', getSmpProcessorId)
    .register(id('get_numa_node_id'), 'bpf_get_numa_node_id', getNumaNodeId)
    .register(id('get_current_task'), 'bpf_get_current_task', getCurrentTask)
    .register(id('get_current_task_btf'), 'bpf_get_current_task_btf', getCurrentTask)
    .register(id('sk_storage_get'), 'bpf_sk_storage_get', storageGet)
    .register(id('sk_storage_delete'), 'bpf_sk_storage_delete', storageDelete)
    .register(id('task_storage_get'), 'bpf_task_storage_get', storageGet)
    .register(id('task_storage_delete'), 'bpf_task_storage_delete', storageDelete)
    .register(id('inode_storage_get'), 'bpf_inode_storage_get', storageGet)
    .register(id('inode_storage_delete'), 'bpf_inode_storage_delete', storageDelete)
    .register(id('cgrp_storage_get'), 'bpf_cgrp_storage_get', storageGet)
    .register(id('cgrp_storage_delete'), 'bpf_cgrp_storage_delete', storageDelete)
    .register(id('get_local_storage'), 'bpf_get_local_storage', getLocalStorage)
    .register(id('get_current_pid_tgid'), 'bpf_get_current_pid_tgid', getCurrentPidTgid)
    .register(id('get_current_uid_gid'), 'bpf_get_current_uid_gid', getCurrentUidGid)
    .register(id('get_current_comm'), 'bpf_get_current_comm', getCurrentComm)
    .register(id('get_current_cgroup_id'), 'bpf_get_current_cgroup_id', getCurrentCgroupId)
    .register(id('get_current_ancestor_cgroup_id'), 'bpf_get_current_ancestor_cgroup_id', getCurrentAncestorCgroupId)
    .register(id('probe_read'), 'bpf_probe_read', probeRead)
    .register(id('probe_read_kernel'), 'bpf_probe_read_kernel', probeRead)
    .register(id('probe_read_user'), 'bpf_probe_read_user', probeRead)
    .register(id('probe_read_str'), 'bpf_probe_read_str', probeReadStr)
    .register(id('probe_read_kernel_str'), 'bpf_probe_read_kernel_str', probeReadStr)
    .register(id('probe_read_user_str'), 'bpf_probe_read_user_str', probeReadStr)
    .register(id('strncmp'), 'bpf_strncmp', strncmp)
    .register(id('strtol'), 'bpf_strtol', (h) => strtox(h, true))
    .register(id('strtoul'), 'bpf_strtoul', (h) => strtox(h, false))
    .register(id('spin_lock'), 'bpf_spin_lock', spinLock)
    .register(id('spin_unlock'), 'bpf_spin_unlock', spinUnlock);
}
