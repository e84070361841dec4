/**
 * The address space (../shared/DESIGN.md "The address space"): one WebAssembly.Memory is the
 * kernel's memory. Every object a program can point at — stack frames, context, packet data,
 * map values, ring-buffer records, global data — is a region at a stable offset in it. A
 * pointer is that offset (u32, zero-extended to 64 bits). Offset 0 is never mapped, so NULL
 * stays NULL. The region table is what the interpreter (and the JIT for unverified programs)
 * checks every access against.
 *
 * The sandbox (docs/sandbox.md): every region belongs to an owner *domain* (a map and all its
 * regions share one; a program's stack is one; the context and packet a run was set up with
 * share one), and every region is followed by an unmapped guard gap. While a program runs, the
 * engine installs its `AccessPolicy` as `policy`: `check()` — which every engine slow path, helper
 * and map's program face goes through — then also asks "is this region this program's", not
 * only "is it mapped". A forged constant, another map's pointer plus an offset, a stack overflow
 * or a helper argument that names memory the program does not own faults with EFAULT.
 *
 * This file imports only from isa/ so that maps/, helpers/ and progtypes/ can place their
 * objects in the same memory the engines execute on.
 */
import { BpfError } from '../isa/errors.js';

export const enum RegionKind {
  Stack = 1,
  Ctx = 2,
  Packet = 3,
  MapValue = 4,
  MapKey = 5,
  RingBuf = 6,
  Global = 7,
  Mem = 8,
  Scratch = 9,
}

export const REGION_KIND_NAMES: Record<number, string> = {
  1: 'stack', 2: 'ctx', 3: 'packet', 4: 'map_value', 5: 'map_key', 6: 'ringbuf', 7: 'global', 8: 'mem', 9: 'scratch',
};

export interface Region {
  base: number;
  size: number;
  kind: RegionKind;
  writable: boolean;
  /** free-form label for messages (map name, "packet", "frame 0 stack") */
  label: string;
  /** the owner domain (AddressSpace.newDomain): what a program must own to touch the region */
  owner: number;
}

/**
 * What the running program may touch (installed as `AddressSpace.policy` for the length of a run
 * by the engines; vm/sandbox.ts implements it).
 */
export interface AccessPolicy {
  allows(r: Region): boolean;
  /** a helper returned a pointer into `r` to the program (map_lookup_elem, ringbuf_reserve…) */
  grant(r: Region): void;
}

const PAGE = 65536;
/** bytes below this are never mapped: NULL and small offsets from it fault */
const GUARD = 4096;
const ALIGN = 8;
/**
 * unmapped bytes after every region: an overflow past a region's end (a store above r10, a read
 * past a map value) lands in no region, never in the next object, whatever its owner
 */
export const GUARD_GAP = 4096;

export interface AddressSpaceOptions {
  /** initial size in bytes (rounded up to 64 KiB pages); default 1 MiB */
  initialBytes?: number;
  /** maximum size in bytes; default 1 GiB */
  maximumBytes?: number;
}

export class AddressSpace {
  readonly memory: WebAssembly.Memory;
  /** byte view of the memory; replaced when the memory grows, so read it through the field */
  u8: Uint8Array;
  dv: DataView;
  /** region table, sorted by base: parallel arrays for a fast binary search */
  private bases: number[] = [];
  private regions: Region[] = [];
  /** free list of [base, size], sorted by base */
  private free: Array<[number, number]> = [];
  private brk = GUARD;
  /** the most bytes the memory may grow to (maps check their preallocation against it up front) */
  readonly maxBytes: number;
  /** bumped whenever the region table changes, so engines can drop cached lookups */
  generation = 0;
  /** the running program's access policy (null outside runs and for verified JIT runs) */
  policy: AccessPolicy | null = null;
  private nextDomain = 1;

  constructor(opts: AddressSpaceOptions = {}) {
    const initial = Math.max(1, Math.ceil((opts.initialBytes ?? 1 << 20) / PAGE));
    // at most 65535 pages: every region ends below 2^32 - 64 KiB, which the JIT's region checks
    // rely on (vm/jit/codegen_mem.ts NO_HI_MAX_OFF)
    const maximum = Math.min(65535, Math.max(initial, Math.ceil((opts.maximumBytes ?? 1 << 30) / PAGE)));
    this.maxBytes = maximum * PAGE;
    this.memory = new WebAssembly.Memory({ initial, maximum });
    this.u8 = new Uint8Array(this.memory.buffer);
    this.dv = new DataView(this.memory.buffer);
  }

  get byteLength(): number {
    return this.memory.buffer.byteLength;
  }

  /** a new owner domain: regions mapped with it are reachable only by programs that own it */
  newDomain(): number {
    return this.nextDomain++;
  }

  /**
   * map a new region of `size` bytes (zeroed) and return it; `owner` is its domain (a fresh one,
   * owned by nobody yet, when not given)
   */
  map(size: number, kind: RegionKind, label: string, writable = true, owner = this.newDomain()): Region {
    if (!(size >= 0) || !Number.isInteger(size)) throw new BpfError('EINVAL', `cannot map a region of ${size} bytes`);
    const want = spanOf(size);
    let base = -1;
    for (let k = 0; k < this.free.length; k++) {
      const [b, s] = this.free[k]!;
      if (s >= want) {
        base = b;
        if (s === want) this.free.splice(k, 1);
        else this.free[k] = [b + want, s - want];
        break;
      }
    }
    if (base < 0) {
      const end = this.brk + want;
      if (end > this.byteLength) this.grow(end);
      base = this.brk;
      this.brk = end;
    }
    this.u8.fill(0, base, base + want);
    const r: Region = { base, size, kind, writable, label, owner };
    const at = upperBound(this.bases, base);
    this.bases.splice(at, 0, base);
    this.regions.splice(at, 0, r);
    this.generation++;
    return r;
  }

  /** unmap a region; its bytes are scrubbed so stale pointers read zeros, not old data */
  unmap(r: Region): void {
    const at = upperBound(this.bases, r.base) - 1;
    if (at < 0 || this.regions[at] !== r) throw new BpfError('EINVAL', `region at 0x${r.base.toString(16)} is not mapped`);
    this.bases.splice(at, 1);
    this.regions.splice(at, 1);
    const want = spanOf(r.size);
    this.u8.fill(0, r.base, r.base + want);
    this.release(r.base, want);
    this.generation++;
  }

  /** the region containing [addr, addr+size), or null */
  find(addr: number, size: number): Region | null {
    const at = upperBound(this.bases, addr) - 1;
    if (at < 0) return null;
    const r = this.regions[at]!;
    return addr + size <= r.base + r.size ? r : null;
  }

  /** the region containing addr, even if an access of some size would overrun it */
  regionAt(addr: number): Region | null {
    const at = upperBound(this.bases, addr) - 1;
    if (at < 0) return null;
    const r = this.regions[at]!;
    return addr < r.base + Math.max(r.size, 1) ? r : null;
  }

  /**
   * check an access and throw EFAULT with a sentence when it is outside every region, or (while
   * a program runs) inside a region the program does not own
   */
  check(addr: number, size: number, write: boolean, insn?: number): Region {
    const r = this.find(addr, size);
    if (r && (!write || r.writable) && (this.policy === null || this.policy.allows(r))) return r;
    throw this.fault(addr, size, write, insn);
  }

  /** would check() accept the access (no error built) */
  allowed(addr: number, size: number, write: boolean): boolean {
    if (size === 0) return true;
    const r = this.find(addr, size);
    return !!r && (!write || r.writable) && (this.policy === null || this.policy.allows(r));
  }

  /** a helper hands the program a pointer (its return value): the region it points into becomes the program's */
  grant(ptr: number): void {
    if (this.policy === null || ptr === 0) return;
    const r = this.regionAt(ptr);
    if (r) this.policy.grant(r);
  }

  /**
   * run kernel-side code (a helper working on its own scratch memory, the syscall face) without
   * the running program's policy
   */
  privileged<T>(fn: () => T): T {
    const p = this.policy;
    this.policy = null;
    try {
      return fn();
    } finally {
      this.policy = p;
    }
  }

  fault(addr: number, size: number, write: boolean, insn?: number): BpfError {
    const what = `${write ? 'write' : 'read'} of ${size} byte${size === 1 ? '' : 's'} at 0x${addr.toString(16)}`;
    const r = this.regionAt(addr);
    let why: string;
    if (addr === 0) why = 'NULL pointer dereference';
    else if (r && this.policy !== null && !this.policy.allows(r)) why = `${r.label} is not memory of this program (it belongs to an object the program does not reference)`;
    else if (r && write && !r.writable && addr + size <= r.base + r.size) why = `${r.label} is read-only`;
    else if (r) why = `outside ${r.label} [0x${r.base.toString(16)}, 0x${(r.base + r.size).toString(16)})`;
    else why = 'not inside any mapped region';
    return new BpfError('EFAULT', `invalid memory access: ${what}: ${why}`, insn === undefined ? {} : { insn });
  }

  /** all live regions, by address */
  list(): readonly Region[] {
    return this.regions;
  }

  /** copy bytes in (checked against the region table) */
  write(addr: number, data: Uint8Array): void {
    this.check(addr, data.length, true);
    this.u8.set(data, addr);
  }

  read(addr: number, size: number): Uint8Array {
    this.check(addr, size, false);
    return this.u8.slice(addr, addr + size);
  }

  private grow(end: number): void {
    if (end > this.maxBytes) throw new BpfError('ENOMEM', `address space exhausted: ${end} bytes wanted, maximum ${this.maxBytes}`);
    const need = Math.ceil((end - this.byteLength) / PAGE);
    // grow geometrically so that repeated small maps stay cheap
    const pages = Math.min(Math.max(need, this.byteLength / PAGE), this.maxBytes / PAGE - this.byteLength / PAGE);
    this.memory.grow(Math.max(need, pages));
    this.u8 = new Uint8Array(this.memory.buffer);
    this.dv = new DataView(this.memory.buffer);
  }

  private release(base: number, size: number): void {
    let k = 0;
    while (k < this.free.length && this.free[k]![0] < base) k++;
    this.free.splice(k, 0, [base, size]);
    // coalesce with neighbours
    if (k + 1 < this.free.length && base + size === this.free[k + 1]![0]) {
      this.free[k]![1] += this.free[k + 1]![1];
      this.free.splice(k + 1, 1);
    }
    if (k > 0 && this.free[k - 1]![0] + this.free[k - 1]![1] === base) {
      this.free[k - 1]![1] += this.free[k]![1];
      this.free.splice(k, 1);
    }
    // give the tail back to the bump pointer
    const last = this.free[this.free.length - 1];
    if (last && last[0] + last[1] === this.brk) {
      this.brk = last[0];
      this.free.pop();
    }
  }
}

/** bytes a region of `size` takes: its aligned size and the guard gap after it */
function spanOf(size: number): number {
  return Math.max(ALIGN, Math.ceil(size / ALIGN) * ALIGN) + GUARD_GAP;
}

function upperBound(a: number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if (a[m]! <= x) lo = m + 1;
    else hi = m;
  }
  return lo;
}
