/**
 * The map commands of `bpf()`: BPF_MAP_CREATE, the element commands (lookup, update, delete,
 * get_next_key, lookup_and_delete, freeze) and the batch commands, each filling its member of
 * `union bpf_attr` (include/uapi/linux/bpf.h; offsets in ./uapi.ts).
 */
import { BpfError, ERRNO } from '../../isa/errors.js';
import { native, scratch, sys, fail, cString } from './syscall.js';
import * as U from './uapi.js';
export interface MapCreateOptions {
  /** a BPF_MAP_TYPE number or name (`'HASH'`, `'ARRAY'`, `'LRU_HASH'`, ...) */
  mapType: number | U.MapTypeName;
  keySize: number;
  valueSize: number;
  maxEntries: number;
  mapFlags?: number;
  innerMapFd?: number;
  numaNode?: number;
  mapName?: string;
  mapIfindex?: number;
  btfFd?: number;
  btfKeyTypeId?: number;
  btfValueTypeId?: number;
  /** BPF_MAP_TYPE_STRUCT_OPS: the kernel's bpf_struct_ops_<struct> type the value follows */
  btfVmlinuxValueTypeId?: number;
  /** BLOOM_FILTER: number of hash functions in the low 4 bits */
  mapExtra?: bigint;
}

/** BPF_MAP_CREATE: returns the map's fd (close it with closeFd) */
export function mapCreate(o: MapCreateOptions): number {
  const n = native();
  const type = typeof o.mapType === 'number' ? o.mapType : U.BPF_MAP_TYPE[o.mapType];
  if (type === undefined) throw new BpfError('EINVAL', `unknown map type ${String(o.mapType)}`);
  scratch.begin(n, 0);
  const A = U.MAP_CREATE;
  scratch.u32(A.map_type, type);
  scratch.u32(A.key_size, o.keySize);
  scratch.u32(A.value_size, o.valueSize);
  scratch.u32(A.max_entries, o.maxEntries);
  scratch.u32(A.map_flags, o.mapFlags ?? 0);
  scratch.u32(A.inner_map_fd, o.innerMapFd ?? 0);
  scratch.u32(A.numa_node, o.numaNode ?? 0);
  if (o.mapName) scratch.name(A.map_name, o.mapName);
  scratch.u32(A.map_ifindex, o.mapIfindex ?? 0);
  scratch.u32(A.btf_fd, o.btfFd ?? 0);
  scratch.u32(A.btf_key_type_id, o.btfKeyTypeId ?? 0);
  scratch.u32(A.btf_value_type_id, o.btfValueTypeId ?? 0);
  scratch.u64(A.map_extra, o.mapExtra ?? 0n);
  if (o.btfVmlinuxValueTypeId) scratch.u32(A.btf_vmlinux_value_type_id, o.btfVmlinuxValueTypeId);
  const r = sys(n, U.BPF_MAP_CREATE, A.size);
  if (r.ret < 0) fail(U.BPF_MAP_CREATE, r.errno);
  return r.ret;
}

/** key/value pointers for the elem commands; a null key passes NULL (queue/stack maps, first get_next_key) */
function elemCall(cmd: number, fd: number, key: Uint8Array | null, value: Uint8Array | null, valueOutSize: number, flags: bigint | number): Uint8Array {
  const n = native();
  scratch.begin(n, (key?.length ?? 0) + Math.max(value?.length ?? 0, valueOutSize) + 16);
  const A = U.MAP_ELEM;
  scratch.u32(A.map_fd, fd);
  if (key) scratch.ptr(A.key, scratch.reserve(key.length, key));
  let vOff = -1;
  const vSize = Math.max(value?.length ?? 0, valueOutSize);
  if (value || valueOutSize) {
    vOff = scratch.reserve(vSize, value ?? undefined);
    scratch.ptr(A.value, vOff);
  }
  scratch.u64(A.flags, BigInt(flags));
  const r = sys(n, cmd, A.size);
  if (r.ret < 0) fail(cmd, r.errno);
  return vOff >= 0 && valueOutSize ? scratch.bytes(vOff, valueOutSize) : new Uint8Array(0);
}

/**
 * BPF_MAP_LOOKUP_ELEM: the value (valueSize bytes; for per-CPU maps pass percpuValueSize(size)).
 * Throws KernelError ENOENT when the key is absent. flags: BPF_F_LOCK.
 */
export function mapLookupElem(fd: number, key: Uint8Array | null, valueSize: number, flags = 0): Uint8Array {
  return elemCall(U.BPF_MAP_LOOKUP_ELEM, fd, key, null, valueSize, flags);
}

/** BPF_MAP_UPDATE_ELEM with BPF_ANY / BPF_NOEXIST / BPF_EXIST (| BPF_F_LOCK); key null for queue/stack push */
export function mapUpdateElem(fd: number, key: Uint8Array | null, value: Uint8Array, flags = U.BPF_ANY): void {
  elemCall(U.BPF_MAP_UPDATE_ELEM, fd, key, value, 0, flags);
}

/** BPF_MAP_DELETE_ELEM: ENOENT when absent, EINVAL for array maps */
export function mapDeleteElem(fd: number, key: Uint8Array): void {
  elemCall(U.BPF_MAP_DELETE_ELEM, fd, key, null, 0, 0);
}

/** BPF_MAP_GET_NEXT_KEY: the key after `key` (null or an absent key: the first key); ENOENT after the last */
export function mapGetNextKey(fd: number, key: Uint8Array | null, keySize: number): Uint8Array {
  return elemCall(U.BPF_MAP_GET_NEXT_KEY, fd, key, null, keySize, 0);
}

/** BPF_MAP_LOOKUP_AND_DELETE_ELEM: pop for queue/stack (key null), lookup-and-delete for hash maps */
export function mapLookupAndDeleteElem(fd: number, key: Uint8Array | null, valueSize: number, flags = 0): Uint8Array {
  return elemCall(U.BPF_MAP_LOOKUP_AND_DELETE_ELEM, fd, key, null, valueSize, flags);
}

/** BPF_MAP_FREEZE: no more writes from user space */
export function mapFreeze(fd: number): void {
  const n = native();
  scratch.begin(n, 0);
  scratch.u32(U.MAP_ELEM.map_fd, fd);
  const r = sys(n, U.BPF_MAP_FREEZE, 4);
  if (r.ret < 0) fail(U.BPF_MAP_FREEZE, r.errno);
}

export interface BatchLookupOptions {
  keySize: number;
  /** per element (percpuValueSize for per-CPU maps) */
  valueSize: number;
  /** how many elements at most */
  count: number;
  /** the out_batch of the previous call, or null to start at the beginning */
  inBatch?: Uint8Array | null;
  /** size of the batch token (u32 bucket index for hash maps, a key for arrays): default max(keySize, 8) */
  batchSize?: number;
  elemFlags?: number;
  flags?: number;
}

export interface BatchLookupResult {
  /** elements returned */
  count: number;
  keys: Uint8Array[];
  values: Uint8Array[];
  /** pass as inBatch to continue */
  outBatch: Uint8Array;
  /** the kernel said ENOENT: the walk is complete (the last elements may still be in this result) */
  done: boolean;
}

function batchLookup(cmd: number, fd: number, o: BatchLookupOptions): BatchLookupResult {
  const n = native();
  const tok = o.batchSize ?? Math.max(o.keySize, 8);
  scratch.begin(n, 2 * tok + o.count * (o.keySize + o.valueSize) + 32);
  const A = U.MAP_BATCH;
  if (o.inBatch) scratch.ptr(A.in_batch, scratch.reserve(tok, o.inBatch));
  const outOff = scratch.reserve(tok);
  scratch.ptr(A.out_batch, outOff);
  const kOff = scratch.reserve(o.count * o.keySize);
  const vOff = scratch.reserve(o.count * o.valueSize);
  scratch.ptr(A.keys, kOff);
  scratch.ptr(A.values, vOff);
  scratch.u32(A.count, o.count);
  scratch.u32(A.map_fd, fd);
  scratch.u64(A.elem_flags, BigInt(o.elemFlags ?? 0));
  scratch.u64(A.flags, BigInt(o.flags ?? 0));
  const r = sys(n, cmd, A.size);
  const done = r.ret < 0 && r.errno === ERRNO.ENOENT;
  const count = scratch.getU32(A.count);
  if (r.ret < 0 && !done) fail(cmd, r.errno, '', count);
  const keys: Uint8Array[] = [];
  const values: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    keys.push(scratch.bytes(kOff + i * o.keySize, o.keySize));
    values.push(scratch.bytes(vOff + i * o.valueSize, o.valueSize));
  }
  return { count, keys, values, outBatch: scratch.bytes(outOff, tok), done };
}

/** BPF_MAP_LOOKUP_BATCH: up to `count` elements from where `inBatch` left off */
export function mapLookupBatch(fd: number, o: BatchLookupOptions): BatchLookupResult {
  return batchLookup(U.BPF_MAP_LOOKUP_BATCH, fd, o);
}

/** BPF_MAP_LOOKUP_AND_DELETE_BATCH: as mapLookupBatch, deleting what it returns */
export function mapLookupAndDeleteBatch(fd: number, o: BatchLookupOptions): BatchLookupResult {
  return batchLookup(U.BPF_MAP_LOOKUP_AND_DELETE_BATCH, fd, o);
}

function concat(parts: readonly Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(parts.length * size);
  parts.forEach((p, i) => out.set(p.subarray(0, size), i * size));
  return out;
}

/**
 * BPF_MAP_UPDATE_BATCH / BPF_MAP_DELETE_BATCH: keys (and values) packed back to back; returns the
 * count the kernel reports (on failure, in KernelError.count: how many were done before it)
 */
function batchWrite(cmd: number, fd: number, keys: readonly Uint8Array[], values: readonly Uint8Array[] | null, o: { keySize: number; valueSize?: number; elemFlags?: number; flags?: number }): number {
  const n = native();
  const kb = concat(keys, o.keySize);
  const vb = values ? concat(values, o.valueSize ?? 0) : null;
  scratch.begin(n, kb.length + (vb?.length ?? 0) + 16);
  const A = U.MAP_BATCH;
  scratch.ptr(A.keys, scratch.reserve(kb.length, kb));
  if (vb) scratch.ptr(A.values, scratch.reserve(vb.length, vb));
  scratch.u32(A.count, keys.length);
  scratch.u32(A.map_fd, fd);
  scratch.u64(A.elem_flags, BigInt(o.elemFlags ?? 0));
  scratch.u64(A.flags, BigInt(o.flags ?? 0));
  const r = sys(n, cmd, A.size);
  const count = scratch.getU32(A.count);
  if (r.ret < 0) fail(cmd, r.errno, '', count);
  return count;
}

/** BPF_MAP_UPDATE_BATCH: returns how many were updated; a failure's KernelError.count says how many were before it */
export function mapUpdateBatch(fd: number, keys: readonly Uint8Array[], values: readonly Uint8Array[], o: { keySize: number; valueSize: number; elemFlags?: number; flags?: number }): number {
  if (keys.length !== values.length) throw new BpfError('EINVAL', `${keys.length} keys but ${values.length} values`);
  return batchWrite(U.BPF_MAP_UPDATE_BATCH, fd, keys, values, o);
}

/** BPF_MAP_DELETE_BATCH: returns how many were deleted */
export function mapDeleteBatch(fd: number, keys: readonly Uint8Array[], o: { keySize: number; elemFlags?: number; flags?: number }): number {
  return batchWrite(U.BPF_MAP_DELETE_BATCH, fd, keys, null, o);
}
