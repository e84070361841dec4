/**
 * The common shape of every map (kernel/bpf/syscall.c + include/linux/bpf.h struct bpf_map_ops).
 *
 * Two faces, as in the kernel:
 * - the program face works on addresses in the AddressSpace: `lookupPtr(keyPtr, cpu)` returns a
 *   pointer to the value (0 = NULL), `updatePtr/deletePtr/pushPtr/popPtr/peekPtr` return 0 or a
 *   negative errno, exactly what the helper hands back in r0;
 * - the syscall face (BPF_MAP_*_ELEM, BPF_MAP_*_BATCH) takes and returns Uint8Array and throws
 *   BpfError with the kernel's errno name. Per-CPU values use the kernel's user layout:
 *   round_up(value_size, 8) bytes per possible CPU (bpf_map_value_size()).
 *
 * Every map also has a `handle`: a small read-only region whose address stands for
 * `struct bpf_map *` — what `lddw rX, map` loads and what an ARRAY_OF_MAPS lookup returns — so
 * helpers find the map from a register with `BpfMap.fromPtr(as, ptr)`.
 */
import { BpfError, ERRNO, type ErrnoName } from '../isa/errors.js';
import { AddressSpace, RegionKind, type Region } from '../vm/address_space.js';
import { BPF_F_LOCK, BPF_F_RDONLY, BPF_F_WRONLY, mapTypeName, round8, type MapAttr } from './constants.js';

export const ENOENT = -2;
export const E2BIG = -7;
export const EAGAIN = -11;
export const ENOMEM = -12;
export const EFAULT = -14;
export const EBUSY = -16;
export const EEXIST = -17;
export const EINVAL = -22;
export const ENOSPC = -28;
export const EPERM = -1;
export const EOPNOTSUPP = -95;
export const ENOTSUPP = -524;

const NAMES: Record<number, ErrnoName> = {};
for (const [k, v] of Object.entries(ERRNO)) NAMES[v] = k as ErrnoName;

/** errno name for a negative kernel return */
export function errnoName(neg: number): ErrnoName {
  return NAMES[-neg] ?? 'EINVAL';
}

/** throw the BpfError for a negative return (the syscall face); the message is built only on failure */
export function check(ret: number, what: () => string): void {
  if (ret < 0) throw new BpfError(errnoName(ret), `${what()}: ${describeErrno(ret)}`);
}

/** what a negative return means for a map operation, in the kernel's terms */
function describeErrno(ret: number): string {
  switch (ret) {
    case ENOENT: return 'no such element';
    case EEXIST: return 'element exists (BPF_NOEXIST)';
    case E2BIG: return 'map is full or index out of range';
    case EINVAL: return 'invalid flags or arguments';
    case ENOSPC: return 'map is full';
    case ENOMEM: return 'no free element';
    default: return errnoName(ret);
  }
}

export interface MapOptions {
  /** number of emulated CPUs (num_possible_cpus) for per-CPU maps; default 1 */
  ncpus?: number;
  /** resolves a file descriptor written as the value of an fd map (PROG_ARRAY, map-in-map, PERF_EVENT_ARRAY) */
  resolveFd?: (fd: number) => unknown;
  /** hash seed (hashrnd) to use instead of a random one — restoring a pinned map keeps its order */
  seed?: number;
}

export interface BatchOptions {
  /** in_batch: where to resume (null = from the start) */
  inBatch?: Uint8Array | null;
  /** how many elements at most (batch.count) */
  count: number;
  /** batch.elem_flags: 0 or BPF_F_LOCK */
  elemFlags?: number;
  /** batch.flags: must be 0 */
  flags?: number;
}

export interface BatchResult {
  /** elements processed (batch.count on return) */
  count: number;
  /** count*key_size bytes */
  keys: Uint8Array;
  /** count*value_size bytes (the user layout) */
  values: Uint8Array;
  /** out_batch: pass it back as inBatch; null when nothing was copied (the kernel leaves it untouched) */
  outBatch: Uint8Array | null;
  /** 'ENOENT' when the iteration reached the end (the kernel returns -ENOENT with the last elements) */
  errno?: ErrnoName;
}

const registry = new WeakMap<AddressSpace, Map<number, BpfMap>>();
let nextMapId = 1;

/** sizeof(struct bpf_timer) == sizeof(struct bpf_wq) */
const ASYNC_FIELD_SIZE = 16;

export abstract class BpfMap {
  readonly id: number;
  readonly type: number;
  readonly keySize: number;
  readonly valueSize: number;
  readonly maxEntries: number;
  readonly flags: number;
  readonly name: string;
  readonly mapExtra: bigint;
  readonly ncpus: number;
  readonly as: AddressSpace;
  readonly attr: Readonly<MapAttr>;
  /** offset of the struct bpf_spin_lock in the value, -1 when the value has none */
  readonly spinLockOff: number;
  /**
   * offsets of the value's `struct bpf_timer` and `struct bpf_wq` (16 bytes each): an update
   * writes them as zero and a delete zeroes them — the kernel's copy_map_value skips them and
   * bpf_obj_free_fields then cancels and frees the timer or work (bpf_timer_cancel_and_free,
   * bpf_wq_cancel_and_free), leaving the field as a never-initialised one
   */
  readonly asyncOffs: readonly number[];
  /** BPF_MAP_FREEZE: no more writes from the syscall side */
  frozen = false;
  /** kernel refcnt (programs, fds, pins, outer maps) and usercnt (fds and pins) */
  refcnt = 0;
  usercnt = 0;
  /** the address standing for `struct bpf_map *` */
  readonly handle: number;
  /**
   * the owner domain of every region of this map (vm/sandbox.ts): a program that references the
   * map owns it; no other program can reach its values, keys or handle
   */
  readonly domain: number;
  private readonly owned: Region[] = [];
  private freed = false;
  /** called when the last reference goes (runtime: unpin bookkeeping) */
  onFree?: () => void;

  constructor(as: AddressSpace, attr: MapAttr, opts: MapOptions = {}) {
    this.as = as;
    this.attr = { ...attr };
    this.id = nextMapId++;
    this.type = attr.mapType;
    this.keySize = attr.keySize >>> 0;
    this.valueSize = attr.valueSize >>> 0;
    this.maxEntries = attr.maxEntries >>> 0;
    this.flags = (attr.mapFlags ?? 0) >>> 0;
    this.name = attr.mapName ?? '';
    this.mapExtra = attr.mapExtra ?? 0n;
    this.ncpus = Math.max(1, opts.ncpus ?? 1);
    this.spinLockOff = attr.spinLockOff ?? -1;
    this.asyncOffs = [attr.timerOff ?? -1, attr.wqOff ?? -1].filter((o) => o >= 0 && o + ASYNC_FIELD_SIZE <= this.valueSize);
    this.domain = as.newDomain();
    const h = this.alloc(8, RegionKind.Mem, `map ${this.name || this.id} (struct bpf_map)`, false);
    this.handle = h.base;
    let byAddr = registry.get(as);
    if (!byAddr) registry.set(as, (byAddr = new Map()));
    byAddr.set(this.handle, this);
  }

  /** the map a program's register points at (`struct bpf_map *`), or undefined */
  static fromPtr(as: AddressSpace, ptr: number): BpfMap | undefined {
    return registry.get(as)?.get(ptr);
  }

  get typeName(): string {
    return mapTypeName(this.type);
  }

  /** bpf_map_value_size(): what one value is on the syscall side */
  get userValueSize(): number {
    return this.valueSize;
  }

  /** kernel: the map's own memory — zeroed, owned, unmapped when the map is freed */
  protected alloc(size: number, kind: RegionKind, label: string, writable = true): Region {
    const r = this.as.map(size, kind, label, writable, this.domain);
    this.owned.push(r);
    return r;
  }

  // ---------------------------------------------------------------- lifetime

  /** bpf_map_inc / bpf_map_inc_with_uref */
  hold(uref = false): this {
    if (this.freed) throw new BpfError('EBADF', `map ${this.name || this.id} was freed`);
    this.refcnt++;
    if (uref) this.usercnt++;
    return this;
  }

  /** bpf_map_put / bpf_map_put_with_uref: the last put frees the map */
  put(uref = false): void {
    if (this.freed) return;
    if (uref && --this.usercnt === 0) this.releaseUref();
    if (--this.refcnt <= 0) this.free();
  }

  get isFreed(): boolean {
    return this.freed;
  }

  /** map_release_uref: the last user handle went (PROG_ARRAY clears itself here) */
  protected releaseUref(): void {}

  /** free every region and forget the handle */
  free(): void {
    if (this.freed) return;
    this.freed = true;
    this.releaseRefs();
    registry.get(this.as)?.delete(this.handle);
    for (const r of this.owned) this.as.unmap(r);
    this.owned.length = 0;
    this.onFree?.();
  }

  /** drop references this map holds on other objects (inner maps, programs) */
  protected releaseRefs(): void {}

  // ---------------------------------------------------------------- program face

  /** bpf_map_lookup_elem from a program: pointer to the value for the current CPU, 0 when absent */
  lookupPtr(_keyPtr: number, _cpu = 0): number {
    return 0;
  }
  /** bpf_map_update_elem from a program */
  updatePtr(_keyPtr: number, _valuePtr: number, _flags: number, _cpu = 0): number {
    return EINVAL;
  }
  /** bpf_map_delete_elem from a program */
  deletePtr(_keyPtr: number): number {
    return EINVAL;
  }
  /** bpf_map_push_elem */
  pushPtr(_valuePtr: number, _flags: number): number {
    return ENOTSUPP;
  }
  /** bpf_map_pop_elem */
  popPtr(_valuePtr: number): number {
    return ENOTSUPP;
  }
  /** bpf_map_peek_elem */
  peekPtr(_valuePtr: number): number {
    return ENOTSUPP;
  }
  /** bpf_for_each_map_elem: calls fn(keyPtr, valuePtr) for each element until it returns nonzero; returns the number visited */
  forEachPtr(_cpu: number, _fn: (keyPtr: number, valuePtr: number) => number): number {
    return ENOTSUPP;
  }

  // ---------------------------------------------------------------- syscall face

  /** BPF_MAP_LOOKUP_ELEM (flags: 0 or BPF_F_LOCK) */
  lookup(key: Uint8Array | null, flags = 0): Uint8Array {
    this.checkElemFlags(flags, 'lookup');
    this.checkKey(key);
    return this.sysLookup(key, flags);
  }
  /** BPF_MAP_UPDATE_ELEM */
  update(key: Uint8Array | null, value: Uint8Array, flags = 0): void {
    this.checkKey(key);
    if (value.length < this.userValueSize) throw new BpfError('EINVAL', `${this.what()}: value is ${value.length} bytes, expected ${this.userValueSize}`);
    if ((flags & BPF_F_LOCK) && this.spinLockOff < 0) throw new BpfError('EINVAL', `${this.what()}: BPF_F_LOCK on a value without struct bpf_spin_lock`);
    this.sysUpdate(key, value, flags);
  }
  /** BPF_MAP_DELETE_ELEM */
  delete(key: Uint8Array | null): void {
    this.checkKey(key);
    this.sysDelete(key);
  }
  /** BPF_MAP_GET_NEXT_KEY: the key after `key` (null or a missing key: the first) */
  getNextKey(key: Uint8Array | null): Uint8Array {
    if (key) this.checkKey(key);
    return this.sysGetNextKey(key);
  }
  /** BPF_MAP_LOOKUP_AND_DELETE_ELEM */
  lookupAndDelete(key: Uint8Array | null, flags = 0): Uint8Array {
    this.checkKey(key);
    return this.sysLookupAndDelete(key, flags);
  }

  protected sysLookup(_key: Uint8Array | null, _flags: number): Uint8Array {
    throw new BpfError('ENOTSUPP', `${this.what()}: lookup is not supported`);
  }
  protected sysUpdate(_key: Uint8Array | null, _value: Uint8Array, _flags: number): void {
    throw new BpfError('ENOTSUPP', `${this.what()}: update is not supported`);
  }
  protected sysDelete(_key: Uint8Array | null): void {
    throw new BpfError('ENOTSUPP', `${this.what()}: delete is not supported`);
  }
  protected sysGetNextKey(_key: Uint8Array | null): Uint8Array {
    throw new BpfError('ENOTSUPP', `${this.what()}: get_next_key is not supported`);
  }
  protected sysLookupAndDelete(_key: Uint8Array | null, _flags: number): Uint8Array {
    throw new BpfError('ENOTSUPP', `${this.what()}: lookup_and_delete is not supported`);
  }

  // batch ops: the kernel's map_*_batch ops; maps without one answer ENOTSUPP (BPF_DO_BATCH)
  lookupBatch(_o: BatchOptions): BatchResult {
    throw new BpfError('ENOTSUPP', `${this.what()}: BPF_MAP_LOOKUP_BATCH is not supported`);
  }
  lookupAndDeleteBatch(_o: BatchOptions): BatchResult {
    throw new BpfError('ENOTSUPP', `${this.what()}: BPF_MAP_LOOKUP_AND_DELETE_BATCH is not supported`);
  }
  updateBatch(_keys: Uint8Array, _values: Uint8Array, _o: BatchOptions): BatchResult {
    throw new BpfError('ENOTSUPP', `${this.what()}: BPF_MAP_UPDATE_BATCH is not supported`);
  }
  deleteBatch(_keys: Uint8Array, _o: BatchOptions): BatchResult {
    throw new BpfError('ENOTSUPP', `${this.what()}: BPF_MAP_DELETE_BATCH is not supported`);
  }

  /** kernel/bpf/syscall.c generic_map_lookup_batch (and its delete twin): walk with get_next_key */
  protected genericLookupBatch(o: BatchOptions, del: boolean): BatchResult {
    // generic_map_lookup_batch checks elem_flags but not batch.flags
    this.checkBatchFlags({ ...o, flags: 0 });
    const max = o.count >>> 0;
    const ks = this.keySize;
    const vs = this.userValueSize;
    if (max === 0) return { count: 0, keys: new Uint8Array(0), values: new Uint8Array(0), outBatch: null };
    const keys = new Uint8Array(max * ks);
    const values = new Uint8Array(max * vs);
    let prev: Uint8Array | null = o.inBatch ? o.inBatch.slice(0, ks) : null;
    if (o.inBatch && o.inBatch.length < ks) throw new BpfError('EFAULT', `${this.what()}: in_batch shorter than the key`);
    let cp = 0;
    let errno: ErrnoName | undefined;
    while (cp < max) {
      let k: Uint8Array;
      try {
        k = this.sysGetNextKey(prev);
      } catch (e) {
        if (e instanceof BpfError) {
          errno = e.errno;
          break;
        }
        throw e;
      }
      const v = this.sysLookup(k, o.elemFlags ?? 0);
      keys.set(k, cp * ks);
      values.set(v, cp * vs);
      if (del) this.sysDelete(k);
      prev = k;
      cp++;
    }
    if (errno && errno !== 'ENOENT') throw new BpfError(errno, `${this.what()}: batch lookup failed`);
    return { count: cp, keys: keys.slice(0, cp * ks), values: values.slice(0, cp * vs), outBatch: cp ? prev : null, ...(errno ? { errno } : {}) };
  }

  /** generic_map_update_batch: stops at the first failing element, which is thrown with the count done */
  protected genericUpdateBatch(keys: Uint8Array, values: Uint8Array, o: BatchOptions): BatchResult {
    // an early failure leaves batch.count as the caller set it (the error has no `count`)
    this.checkBatchFlags({ ...o, flags: 0 });
    const n = o.count >>> 0;
    const ks = this.keySize;
    const vs = this.userValueSize;
    if (keys.length < n * ks || values.length < n * vs) throw new BpfError('EFAULT', `${this.what()}: batch buffers shorter than count`);
    for (let i = 0; i < n; i++) {
      try {
        this.update(keys.subarray(i * ks, (i + 1) * ks), values.subarray(i * vs, (i + 1) * vs), o.elemFlags ?? 0);
      } catch (e) {
        if (e instanceof BpfError) throw Object.assign(e, { count: i });
        throw e;
      }
    }
    return { count: n, keys: new Uint8Array(0), values: new Uint8Array(0), outBatch: null };
  }

  /** generic_map_delete_batch */
  protected genericDeleteBatch(keys: Uint8Array, o: BatchOptions): BatchResult {
    if ((o.elemFlags ?? 0) & ~BPF_F_LOCK) throw new BpfError('EINVAL', `${this.what()}: bad batch elem_flags`);
    const n = o.count >>> 0;
    const ks = this.keySize;
    if (keys.length < n * ks) throw new BpfError('EFAULT', `${this.what()}: batch keys shorter than count`);
    for (let i = 0; i < n; i++) {
      try {
        this.delete(keys.subarray(i * ks, (i + 1) * ks));
      } catch (e) {
        if (e instanceof BpfError) throw Object.assign(e, { count: i });
        throw e;
      }
    }
    return { count: n, keys: new Uint8Array(0), values: new Uint8Array(0), outBatch: null };
  }

  protected checkBatchFlags(o: BatchOptions): void {
    const ef = o.elemFlags ?? 0;
    if (ef & ~BPF_F_LOCK) throw new BpfError('EINVAL', `${this.what()}: batch elem_flags must be 0 or BPF_F_LOCK`);
    if ((ef & BPF_F_LOCK) && this.spinLockOff < 0) throw new BpfError('EINVAL', `${this.what()}: BPF_F_LOCK on a value without struct bpf_spin_lock`);
    if (o.flags) throw new BpfError('EINVAL', `${this.what()}: batch flags must be 0`);
  }

  protected checkElemFlags(flags: number, op: string): void {
    if (flags & ~BPF_F_LOCK) throw new BpfError('EINVAL', `${this.what()}: ${op} flags must be 0 or BPF_F_LOCK`);
    if ((flags & BPF_F_LOCK) && this.spinLockOff < 0) throw new BpfError('EINVAL', `${this.what()}: BPF_F_LOCK on a value without struct bpf_spin_lock`);
  }

  protected checkKey(key: Uint8Array | null): void {
    if (this.keySize === 0) return;
    if (!key || key.length < this.keySize) throw new BpfError('EINVAL', `${this.what()}: key is ${key ? key.length : 0} bytes, expected ${this.keySize}`);
  }

  /** access checks of the syscall side: BPF_F_RDONLY / BPF_F_WRONLY at create, and freeze */
  get sysCanRead(): boolean {
    return !(this.flags & BPF_F_WRONLY);
  }
  get sysCanWrite(): boolean {
    return !(this.flags & BPF_F_RDONLY) && !this.frozen;
  }

  /**
   * the kernel's copy_map_value: copies a value but never the bpf_spin_lock inside it; a
   * bpf_timer or bpf_wq is freed (written as zero, see asyncOffs)
   */
  protected copyValue(dst: Uint8Array, dOff: number, src: Uint8Array, sOff: number, n = this.valueSize, free = true): void {
    const l = this.spinLockOff;
    if (l < 0 || l >= n) {
      if (dst === src) moveBytes(dst, dOff, sOff, n);
      else dst.set(src.subarray(sOff, sOff + n), dOff);
    } else {
      if (l > 0) dst.set(src.subarray(sOff, sOff + l), dOff);
      if (l + 4 < n) dst.set(src.subarray(sOff + l + 4, sOff + n), dOff + l + 4);
    }
    if (free && this.asyncOffs.length && dst === this.as.u8) this.freeAsync(dOff, n);
  }

  /** bpf_obj_free_fields for the timer and wq of the value at `valuePtr` (an update or delete frees them) */
  protected freeAsync(valuePtr: number, n = this.valueSize): void {
    for (const o of this.asyncOffs) if (o + ASYNC_FIELD_SIZE <= n) this.as.u8.fill(0, valuePtr + o, valuePtr + o + ASYNC_FIELD_SIZE);
  }

  /**
   * The key and value a timer or wq callback gets for the field at `fieldPtr` (kernel/bpf/helpers.c
   * map_key_from_value): the element holding the field, and its key — an array's index (a u32
   * the kernel keeps on its stack), a hash map's key stored with the value; undefined when the
   * address is no element of this map.
   */
  asyncElem(_fieldPtr: number): [key: number, value: number] | undefined {
    return undefined;
  }

  /** copy a value out to the syscall side: special fields read as zero (check_and_init_map_value) */
  protected copyOut(dst: Uint8Array, dOff: number, src: Uint8Array, sOff: number, n = this.valueSize): void {
    dst.set(src.subarray(sOff, sOff + n), dOff);
    const l = this.spinLockOff;
    if (l >= 0 && l + 4 <= n) dst.fill(0, dOff + l, dOff + l + 4);
    for (const o of this.asyncOffs) if (o + ASYNC_FIELD_SIZE <= n) dst.fill(0, dOff + o, dOff + o + ASYNC_FIELD_SIZE);
  }

  /** `BPF_MAP_TYPE_HASH "name"` for messages */
  what(): string {
    return `${this.typeName}${this.name ? ` "${this.name}"` : ''}`;
  }

  /** per-CPU helpers: stride of one CPU's value in the user layout */
  get percpuStride(): number {
    return round8(this.valueSize);
  }
}

/**
 * memmove within one buffer (a program's update: key and value from its memory into the map's),
 * without the subarray object a set() needs; a few bytes that do not overlap are copied in a loop,
 * cheaper than the copyWithin builtin's call for the 4-16 byte keys and values of most maps
 */
export function moveBytes(u8: Uint8Array, dst: number, src: number, n: number): void {
  if (n <= 16 && (dst + n <= src || src + n <= dst)) {
    for (let k = 0; k < n; k++) u8[dst + k] = u8[src + k]!;
  } else u8.copyWithin(dst, src, src + n);
}
