/**
 * The bpf()-shaped object API (kernel/bpf/syscall.c): one `Bpf` per runtime owns an AddressSpace
 * (the kernel's memory), a file-descriptor table and the pins. Commands are methods named after
 * the kernel's: mapCreate (BPF_MAP_CREATE) returns an fd, mapLookupElem/UpdateElem/DeleteElem/
 * GetNextKey/LookupAndDeleteElem, the four batch commands, mapFreeze, objPin, objGet, close.
 * Failures throw BpfError with the errno the kernel would return.
 *
 * Lifetime as the kernel's: a map is refcounted; every fd, pin, program using it and outer map
 * holding it is a reference, and the map's memory is released with the last one. A pin writes the
 * map to the PinStore (a directory playing bpffs) and is rewritten after every change made through
 * this API or a program run, so another process that opens the path (objGet) sees the same
 * contents; before each command on a pinned map the file is checked and reloaded if another
 * process replaced it (last writer wins: processes share the file, not memory).
 */
import { BpfError } from '../isa/errors.js';
import { AsyncQueue } from '../helpers/impl/timer.js';
import { AddressSpace } from '../vm/address_space.js';
import { BPF_F_RDONLY, BPF_F_WRONLY, MapType, type MapAttr } from '../maps/constants.js';
import { createMap } from '../maps/create.js';
import { BpfMap, type BatchOptions, type BatchResult } from '../maps/map.js';
import { BloomFilter } from '../maps/bloom_filter.js';
import { PerfEvent } from '../maps/perf_event_array.js';
import type { TailCallProgram } from '../maps/prog_array.js';
import { decodePin, encodePin, mapFromPin, restoreContents } from './pin_format.js';
import { MemoryPinStore, type PinStore } from './pin_store.js';
import { BpfProgram, type ProgramRunOptions, type ProgramRunResult } from './program.js';
import { runtimeHelpers } from './stack_helpers.js';
import { LDDW, decodeInstructions, type Instruction } from '../isa/instruction.js';
import { BPF_PSEUDO_MAP_FD, BPF_PSEUDO_MAP_VALUE } from '../isa/opcodes.js';
import type { HelperRegistry } from '../helpers/api.js';

export interface BpfOptions {
  /** the memory programs and maps live in (default: a new one) */
  as?: AddressSpace;
  /** emulated CPUs (num_possible_cpus) for per-CPU maps and bpf_get_smp_processor_id; default 1 */
  ncpus?: number;
  /** where pins live; default in memory (use FsPinStore for a directory) */
  pins?: PinStore;
  /**
   * the monotonic clock (ns) runs read as bpf_ktime_get_ns and timers expire on, before
   * advanceTime's offset; default performance.now(). A clock that stands still makes timer
   * firing depend on advanceTime alone.
   */
  clock?: () => bigint;
}

/** BPF_MAP_CREATE attributes; inner_map_fd names the template map of a map-in-map */
export interface MapCreateAttr extends Omit<MapAttr, 'innerMap'> {
  innerMapFd?: number;
}

/** a program as the fd table and PROG_ARRAY see it */
export interface ProgramObject extends TailCallProgram {
  hold(): unknown;
  put(): void;
}

type FdEntry =
  | { kind: 'map'; map: BpfMap; read: boolean; write: boolean }
  | { kind: 'prog'; prog: ProgramObject }
  | { kind: 'perf_event'; ev: PerfEvent };

interface PinEntry {
  kind: 'map' | 'prog';
  map?: BpfMap;
  prog?: ProgramObject;
  /** PinStore stamp after our last write or read */
  stamp?: string;
}

export class Bpf {
  readonly as: AddressSpace;
  readonly ncpus: number;
  readonly pins: PinStore;
  private readonly fds = new Map<number, FdEntry>();
  private readonly pinned = new Map<string, PinEntry>();
  private readonly pathsOf = new Map<BpfMap, Set<string>>();
  private readonly meta = new WeakMap<BpfMap, Record<string, unknown>>();

  constructor(opts: BpfOptions = {}) {
    this.as = opts.as ?? new AddressSpace();
    this.ncpus = Math.max(1, opts.ncpus ?? 1);
    this.pins = opts.pins ?? new MemoryPinStore();
    this.clock = opts.clock ?? (() => BigInt(Math.round(performance.now() * 1e6)));
    this.timers = new AsyncQueue(this.as, () => this.now());
  }

  // ------------------------------------------------------------ time, timers and workqueues

  private readonly clock: () => bigint;
  /** what advanceTime added to the clock */
  private clockOffset = 0n;
  /** the bpf_timer / bpf_wq callbacks pending in this runtime (helpers/impl/timer.ts) */
  readonly timers: AsyncQueue;

  /** the runtime's monotonic time in ns: what bpf_ktime_get_ns returns in its runs */
  now(): bigint {
    return this.clock() + this.clockOffset;
  }

  private setNow = (t: bigint): void => {
    const d = t - this.now();
    if (d > 0n) this.clockOffset += d;
  };

  /**
   * Let `ns` of time pass: every timer that expires meanwhile fires, in expiry order, with the
   * clock at its expiry (a callback may arm timers again; those fire too while inside the window,
   * at most `maxFires` callbacks in all), and queued work items run. Returns the callbacks run.
   */
  advanceTime(ns: number | bigint, maxFires?: number): number {
    const d = BigInt(ns);
    if (d < 0n) throw new BpfError('EINVAL', `advanceTime: ${d} ns is negative; time only moves forward`);
    const until = this.now() + d;
    const n = this.timers.runUntil(until, this.setNow, maxFires);
    this.setNow(until);
    if (n > 0) this.syncAll();
    return n;
  }

  /** fire what is due now (runs do it before they start: the kernel's softirqs ran in between); the callbacks run */
  runTimers(maxFires?: number): number {
    // the common case, no timer was ever initialised: not even a clock read
    if (this.timers.size === 0) return 0;
    return this.timers.runUntil(this.now(), this.setNow, maxFires);
  }

  // ------------------------------------------------------------ fd table

  private allocFd(e: FdEntry): number {
    let fd = 3; // 0-2 are stdio in a real process
    while (this.fds.has(fd)) fd++;
    this.fds.set(fd, e);
    return fd;
  }

  private entry(fd: number): FdEntry {
    const e = this.fds.get(fd);
    if (!e) throw new BpfError('EBADF', `fd ${fd} is not open`);
    return e;
  }

  private mapEntry(fd: number): Extract<FdEntry, { kind: 'map' }> {
    const e = this.entry(fd);
    if (e.kind !== 'map') throw new BpfError('EINVAL', `fd ${fd} is a ${e.kind}, not a map`);
    return e;
  }

  /** the map behind an fd */
  map(fd: number): BpfMap {
    return this.mapEntry(fd).map;
  }

  /** what an fd refers to (map, program or perf event), for fd maps */
  objectOf(fd: number): unknown {
    const e = this.fds.get(fd);
    if (!e) throw new BpfError('EBADF', `fd ${fd} is not open`);
    return e.kind === 'map' ? e.map : e.kind === 'prog' ? e.prog : e.ev;
  }

  /** a new fd for a map that already exists (takes a user reference) */
  mapFd(map: BpfMap, mode: { read?: boolean; write?: boolean } = {}): number {
    if (map.as !== this.as) throw new BpfError('EINVAL', `${map.what()} lives in another runtime`);
    map.hold(true);
    return this.allocFd({ kind: 'map', map, read: mode.read ?? map.sysCanRead, write: mode.write ?? !(map.flags & BPF_F_RDONLY) });
  }

  /** a new fd for a program (takes a reference) */
  progFd(prog: ProgramObject): number {
    prog.hold();
    return this.allocFd({ kind: 'prog', prog });
  }

  /** perf_event_open for CPU `cpu`: an fd to store in a PERF_EVENT_ARRAY */
  perfEventOpen(cpu: number, capacityBytes?: number): number {
    if (cpu < 0 || cpu >= this.ncpus) throw new BpfError('EINVAL', `cpu ${cpu} is not one of the ${this.ncpus} emulated CPUs`);
    return this.allocFd({ kind: 'perf_event', ev: new PerfEvent(cpu, capacityBytes) });
  }

  perfEvent(fd: number): PerfEvent {
    const e = this.entry(fd);
    if (e.kind !== 'perf_event') throw new BpfError('EINVAL', `fd ${fd} is not a perf event`);
    return e.ev;
  }

  /** close(2) */
  close(fd: number): void {
    const e = this.entry(fd);
    this.fds.delete(fd);
    if (e.kind === 'map') e.map.put(true);
    else if (e.kind === 'prog') e.prog.put();
  }

  /** open fds, for tests and `tsbpf` listings */
  openFds(): number[] {
    return [...this.fds.keys()].sort((a, b) => a - b);
  }

  // ------------------------------------------------------------ programs

  /**
   * BPF_PROG_LOAD: instructions whose `lddw` map references carry map fds in imm
   * (BPF_PSEUDO_MAP_FD, BPF_PSEUDO_MAP_VALUE with the offset in the second imm), as the kernel
   * takes them. Returns the fd and the log; tsbpf's verifier does not run here yet, which the log says.
   */
  progLoad(o: { progType: number; insns: readonly Instruction[] | Uint8Array; name?: string; license?: string; helpers?: HelperRegistry }): { fd: number; log: string } {
    const insns = o.insns instanceof Uint8Array ? decodeInstructions(o.insns) : o.insns;
    if (insns.length === 0) throw new BpfError('EINVAL', 'BPF_PROG_LOAD: no instructions');
    const maps: BpfMap[] = [];
    const index = new Map<BpfMap, number>();
    const rewritten = insns.map((i, k) => {
      if (i.code !== LDDW || (i.src !== BPF_PSEUDO_MAP_FD && i.src !== BPF_PSEUDO_MAP_VALUE)) return i;
      const e = this.fds.get(i.imm);
      if (!e) throw new BpfError('EBADF', `fd ${i.imm} is not open`, { insn: k });
      if (e.kind !== 'map') throw new BpfError('EINVAL', `fd ${i.imm} is not a map`, { insn: k });
      let n = index.get(e.map);
      if (n === undefined) {
        n = maps.length;
        maps.push(e.map);
        index.set(e.map, n);
      }
      return { ...i, imm: n };
    });
    const prog = new BpfProgram(this, { name: o.name ?? '', progType: o.progType, insns: rewritten, maps, helpers: o.helpers ?? runtimeHelpers() });
    return { fd: this.progFd(prog), log: 'tsbpf: program loaded without verification\n' };
  }

  /** the program behind an fd */
  prog(fd: number): ProgramObject {
    const e = this.entry(fd);
    if (e.kind !== 'prog') throw new BpfError('EINVAL', `fd ${fd} is a ${e.kind}, not a program`);
    return e.prog;
  }

  /** BPF_PROG_TEST_RUN */
  progTestRun(fd: number, o: ProgramRunOptions = {}): ProgramRunResult {
    const p = this.prog(fd);
    if (!(p instanceof BpfProgram)) throw new BpfError('ENOTSUPP', `fd ${fd}: this program cannot be test-run`);
    return p.run(o);
  }

  // ------------------------------------------------------------ maps

  /** BPF_MAP_CREATE */
  mapCreate(attr: MapCreateAttr): number {
    const { innerMapFd, ...rest } = attr;
    const a: MapAttr = { ...rest };
    if (attr.mapType === MapType.ARRAY_OF_MAPS || attr.mapType === MapType.HASH_OF_MAPS) {
      if (innerMapFd === undefined) throw new BpfError('EBADF', 'map-in-map needs inner_map_fd');
      a.innerMap = this.map(innerMapFd);
    }
    const map = createMap(this.as, a, { ncpus: this.ncpus, resolveFd: (fd) => this.objectOf(fd) });
    return this.mapFd(map);
  }

  private readable(fd: number): BpfMap {
    const e = this.mapEntry(fd);
    if (!e.read || !e.map.sysCanRead) throw new BpfError('EPERM', `fd ${fd}: ${e.map.what()} is not readable from user space`);
    this.refresh(e.map);
    return e.map;
  }

  private writable(fd: number): BpfMap {
    const e = this.mapEntry(fd);
    if (!e.write || !e.map.sysCanWrite) throw new BpfError('EPERM', `fd ${fd}: ${e.map.what()} is ${e.map.frozen ? 'frozen' : 'read-only'} for user space`);
    this.refresh(e.map);
    return e.map;
  }

  /** BPF_MAP_LOOKUP_ELEM; for a bloom filter pass the value to test as `value` */
  mapLookupElem(fd: number, key: Uint8Array | null, flags = 0, value?: Uint8Array): Uint8Array {
    const m = this.readable(fd);
    if (m instanceof BloomFilter) {
      if (!value) throw new BpfError('EINVAL', `${m.what()}: lookup needs the value to test`);
      if (!m.peekValue(value)) throw new BpfError('ENOENT', `${m.what()}: value is not in the set`);
      return value.slice(0, m.valueSize);
    }
    return m.lookup(key, flags);
  }

  /** BPF_MAP_UPDATE_ELEM (key null for queue/stack/bloom push) */
  mapUpdateElem(fd: number, key: Uint8Array | null, value: Uint8Array, flags = 0): void {
    const m = this.writable(fd);
    m.update(key, value, flags);
    this.sync(m);
  }

  /** BPF_MAP_DELETE_ELEM */
  mapDeleteElem(fd: number, key: Uint8Array | null): void {
    const m = this.writable(fd);
    m.delete(key);
    this.sync(m);
  }

  /** BPF_MAP_GET_NEXT_KEY */
  mapGetNextKey(fd: number, key: Uint8Array | null): Uint8Array {
    return this.readable(fd).getNextKey(key);
  }

  /** BPF_MAP_LOOKUP_AND_DELETE_ELEM (pop for queue/stack) */
  mapLookupAndDeleteElem(fd: number, key: Uint8Array | null, flags = 0): Uint8Array {
    const e = this.mapEntry(fd);
    if (!e.read || !e.write || !e.map.sysCanRead || !e.map.sysCanWrite) throw new BpfError('EPERM', `fd ${fd}: lookup_and_delete needs read and write access`);
    this.refresh(e.map);
    const v = e.map.lookupAndDelete(key, flags);
    this.sync(e.map);
    return v;
  }

  /** BPF_MAP_FREEZE */
  mapFreeze(fd: number): void {
    const e = this.mapEntry(fd);
    if (e.map.type === MapType.STRUCT_OPS || e.map.spinLockOff >= 0) throw new BpfError('ENOTSUPP', `${e.map.what()} cannot be frozen`);
    // map_freeze checks FMODE_CAN_WRITE first, which a frozen map has already lost: EPERM, not EBUSY
    if (!e.write || !e.map.sysCanWrite) throw new BpfError('EPERM', `fd ${fd}: ${e.map.what()} is not writable${e.map.frozen ? ' (already frozen)' : ''}`);
    if (e.map.frozen) throw new BpfError('EBUSY', `${e.map.what()} is already frozen`);
    e.map.frozen = true;
    this.sync(e.map);
  }

  mapLookupBatch(fd: number, o: BatchOptions): BatchResult {
    return this.readable(fd).lookupBatch(o);
  }
  mapLookupAndDeleteBatch(fd: number, o: BatchOptions): BatchResult {
    this.readable(fd);
    const m = this.writable(fd);
    const r = m.lookupAndDeleteBatch(o);
    this.sync(m);
    return r;
  }
  mapUpdateBatch(fd: number, keys: Uint8Array, values: Uint8Array, o: BatchOptions): BatchResult {
    const m = this.writable(fd);
    try {
      return m.updateBatch(keys, values, o);
    } finally {
      this.sync(m);
    }
  }
  mapDeleteBatch(fd: number, keys: Uint8Array, o: BatchOptions): BatchResult {
    const m = this.writable(fd);
    try {
      return m.deleteBatch(keys, o);
    } finally {
      this.sync(m);
    }
  }

  // ------------------------------------------------------------ pins

  /** formatting metadata (BTF type descriptions) stored with a map's pin */
  setMapMeta(map: BpfMap, meta: Record<string, unknown>): void {
    this.meta.set(map, meta);
  }
  mapMeta(map: BpfMap): Record<string, unknown> | undefined {
    return this.meta.get(map);
  }

  /** BPF_OBJ_PIN: the pin holds a reference; for maps the file carries attributes and contents */
  objPin(fd: number, path: string): void {
    const p = this.pins.resolve(path);
    if (this.pinned.has(p) || this.pins.stamp(p) !== undefined) throw new BpfError('EEXIST', `${path}: already pinned`);
    const e = this.entry(fd);
    if (e.kind === 'map') {
      e.map.hold(true);
      this.pinned.set(p, { kind: 'map', map: e.map });
      let s = this.pathsOf.get(e.map);
      if (!s) this.pathsOf.set(e.map, (s = new Set()));
      s.add(p);
      this.writePin(p, e.map);
    } else if (e.kind === 'prog') {
      // programs pin within this runtime only: their code and state are not serialized
      e.prog.hold();
      this.pinned.set(p, { kind: 'prog', prog: e.prog });
    } else throw new BpfError('EINVAL', `fd ${fd}: perf events cannot be pinned`);
  }

  /** BPF_OBJ_GET: a new fd for the object pinned at `path` (fileFlags: BPF_F_RDONLY / BPF_F_WRONLY) */
  objGet(path: string, fileFlags = 0): number {
    if ((fileFlags & BPF_F_RDONLY) && (fileFlags & BPF_F_WRONLY)) throw new BpfError('EINVAL', 'BPF_F_RDONLY and BPF_F_WRONLY together');
    if (fileFlags & ~(BPF_F_RDONLY | BPF_F_WRONLY)) throw new BpfError('EINVAL', `unknown file_flags 0x${fileFlags.toString(16)}`);
    const p = this.pins.resolve(path);
    const mode = { read: !(fileFlags & BPF_F_WRONLY), write: !(fileFlags & BPF_F_RDONLY) };
    let pe = this.pinned.get(p);
    if (pe?.kind === 'prog') return this.progFd(pe.prog!);
    if (pe?.map) {
      this.refresh(pe.map);
      pe = this.pinned.get(p);
    }
    if (pe?.map) return this.mapFd(pe.map, { read: mode.read && pe.map.sysCanRead, write: mode.write && !(pe.map.flags & BPF_F_RDONLY) });
    // pinned by another process (or an earlier one): load the file
    const bytes = this.pins.read(p);
    if (!bytes) throw new BpfError('ENOENT', `${path}: nothing is pinned there`);
    const info = decodePin(bytes, path);
    const map = mapFromPin(this.as, info, { ncpus: this.ncpus, resolveFd: (fd) => this.objectOf(fd) }, path);
    if (Object.keys(info.meta).length) this.meta.set(map, info.meta);
    map.hold(true);
    this.pinned.set(p, { kind: 'map', map, stamp: this.pins.stamp(p) });
    this.pathsOf.set(map, new Set([p]));
    return this.mapFd(map, { read: mode.read && map.sysCanRead, write: mode.write && !(map.flags & BPF_F_RDONLY) });
  }

  /** unlink(2) of a pin: removes the file and drops the pin's reference */
  unpin(path: string): void {
    const p = this.pins.resolve(path);
    const pe = this.pinned.get(p);
    const existed = this.pins.unlink(p);
    if (!pe && !existed) throw new BpfError('ENOENT', `${path}: nothing is pinned there`);
    if (pe) this.dropPin(p, pe);
  }

  private dropPin(p: string, pe: PinEntry): void {
    this.pinned.delete(p);
    if (pe.map) {
      this.pathsOf.get(pe.map)?.delete(p);
      pe.map.put(true);
    } else pe.prog?.put();
  }

  /** paths `map` is pinned at (in this runtime) */
  pinPaths(map: BpfMap): string[] {
    return [...(this.pathsOf.get(map) ?? [])];
  }

  private writePin(p: string, map: BpfMap): void {
    this.pins.write(p, encodePin(map, this.meta.get(map) ?? {}));
    const pe = this.pinned.get(p);
    if (pe) pe.stamp = this.pins.stamp(p);
  }

  /** rewrite the pins of `map` after a change */
  sync(map: BpfMap): void {
    const s = this.pathsOf.get(map);
    if (!s) return;
    for (const p of s) this.writePin(p, map);
  }

  /** true when some map of this runtime is pinned (program runs then rewrite pins) */
  get hasPins(): boolean {
    return this.pinned.size > 0;
  }

  /** rewrite every pinned map (after a program run, which may have written values in place) */
  syncAll(): void {
    for (const [p, pe] of this.pinned) if (pe.map) this.writePin(p, pe.map);
  }

  /** reload a pinned map whose file another process replaced; drop pins whose file was removed */
  refresh(map: BpfMap): void {
    const s = this.pathsOf.get(map);
    if (!s) return;
    for (const p of [...s]) {
      const pe = this.pinned.get(p)!;
      const now = this.pins.stamp(p);
      if (now === pe.stamp) continue;
      if (now === undefined) {
        this.dropPin(p, pe);
        continue;
      }
      const bytes = this.pins.read(p);
      if (!bytes) continue;
      const info = decodePin(bytes, p);
      restoreContents(map, info, p);
      pe.stamp = this.pins.stamp(p);
    }
  }
}
