/**
 * BPF_MAP_TYPE_STACK_TRACE (kernel/bpf/stackmap.c): key = stack id (u32), value = up to
 * value_size/8 instruction pointers. bpf_get_stackid hashes the (skipped) stack with
 * jhash2(ips, nr*2, 0), id = hash & (n_buckets-1); a different stack already in that bucket gives
 * -EEXIST unless BPF_F_REUSE_STACKID. The stack itself comes from the event: the caller of a run
 * supplies it (ExecEnv.stack), as a perf event or kprobe would in the kernel.
 */
import { BpfError } from '../isa/errors.js';
import { AddressSpace } from '../vm/address_space.js';
import {
  BPF_F_ACCESS_MASK, BPF_F_FAST_STACK_CMP, BPF_F_NUMA_NODE, BPF_F_REUSE_STACKID, BPF_F_SKIP_FIELD_MASK, BPF_F_STACK_BUILD_ID,
  BPF_F_USER_BUILD_ID, BPF_F_USER_STACK, roundupPow2, type MapAttr,
} from './constants.js';
import { accessFlagsOk } from './array.js';
import { jhash2 } from './jhash.js';
import { BpfMap, EEXIST, EFAULT, EINVAL, ENOMEM, type MapOptions } from './map.js';

const STACK_CREATE_FLAG_MASK = BPF_F_NUMA_NODE | BPF_F_ACCESS_MASK | BPF_F_STACK_BUILD_ID;

/** stack_map_alloc checks */
export function stackmapAllocCheck(a: MapAttr): void {
  const f = a.mapFlags ?? 0;
  if (f & ~STACK_CREATE_FLAG_MASK) throw new BpfError('EINVAL', `stack trace map: unknown map_flags 0x${f.toString(16)}`);
  if (!accessFlagsOk(f)) throw new BpfError('EINVAL', 'stack trace map: conflicting access flags');
  const elem = f & BPF_F_STACK_BUILD_ID ? 32 : 8;
  if (a.maxEntries === 0 || a.keySize !== 4 || a.valueSize < elem || a.valueSize % elem)
    throw new BpfError('EINVAL', `stack trace map: key_size must be 4 and value_size a nonzero multiple of ${elem} (got ${a.keySize}/${a.valueSize})`);
  if (a.maxEntries > 0x80000000) throw new BpfError('E2BIG', `stack trace map: max_entries ${a.maxEntries} too large`);
}

interface Bucket {
  hash: number;
  nr: number;
  ips: BigUint64Array;
}

/** the stacks an event carries (innermost frame first), as perf_callchain would give them */
export interface EventStack {
  kernel?: readonly bigint[];
  user?: readonly bigint[];
}

export class StackTraceMap extends BpfMap {
  readonly nBuckets: number;
  readonly buckets: (Bucket | null)[];
  private freeBuckets: number;

  constructor(as: AddressSpace, attr: MapAttr, opts: MapOptions = {}) {
    super(as, attr, opts);
    this.nBuckets = roundupPow2(this.maxEntries);
    this.buckets = new Array<Bucket | null>(this.nBuckets).fill(null);
    this.freeBuckets = this.maxEntries;
  }

  get maxDepth(): number {
    return this.valueSize / 8;
  }

  /** __bpf_get_stackid */
  getStackId(stack: EventStack | undefined, flags: number): number {
    if (flags & ~(BPF_F_SKIP_FIELD_MASK | BPF_F_USER_STACK | BPF_F_FAST_STACK_CMP | BPF_F_REUSE_STACKID)) return EINVAL;
    const skip = flags & BPF_F_SKIP_FIELD_MASK;
    const trace = (flags & BPF_F_USER_STACK ? stack?.user : stack?.kernel) ?? [];
    if (trace.length <= skip) return EFAULT;
    const nr = Math.min(trace.length - skip, this.maxDepth);
    const ips = new BigUint64Array(nr);
    for (let i = 0; i < nr; i++) ips[i] = BigInt.asUintN(64, trace[skip + i]!);
    const bytes = new Uint8Array(ips.buffer);
    const hash = jhash2(bytes, 0, nr * 2, 0);
    const id = hash & (this.nBuckets - 1);
    const b = this.buckets[id];
    const hashMatches = !!b && b.hash === hash;
    if (hashMatches && flags & BPF_F_FAST_STACK_CMP) return id;
    if (hashMatches && b!.nr === nr && b!.ips.every((v, i) => v === ips[i])) return id;
    if (b && !(flags & BPF_F_REUSE_STACKID)) return EEXIST;
    if (!b) {
      if (this.freeBuckets === 0) return ENOMEM;
      this.freeBuckets--;
    }
    this.buckets[id] = { hash, nr, ips };
    return id;
  }

  /** bpf_get_stack: copy up to size/8 frames into the address space; bytes written or -errno (buf zeroed) */
  getStack(stack: EventStack | undefined, bufPtr: number, size: number, flags: number): number {
    const u8 = this.as.u8;
    return getStackInto(u8, this.as.check.bind(this.as), stack, bufPtr, size, flags);
  }

  /** put a stack back under its id (restoring a pin) */
  restore(id: number, ips: BigUint64Array): void {
    if (id >= this.nBuckets) throw new BpfError('E2BIG', `${this.what()}: id ${id} >= n_buckets ${this.nBuckets}`);
    if (!this.buckets[id]) this.freeBuckets--;
    this.buckets[id] = { hash: jhash2(new Uint8Array(ips.buffer, ips.byteOffset, ips.byteLength), 0, ips.length * 2, 0), nr: ips.length, ips };
  }

  protected override sysLookup(key: Uint8Array | null): Uint8Array {
    const id = new DataView(key!.buffer, key!.byteOffset, 4).getUint32(0, true);
    const b = id < this.nBuckets ? this.buckets[id] : null;
    if (!b) throw new BpfError('ENOENT', `${this.what()}: no stack with id ${id}`);
    const out = new Uint8Array(this.valueSize);
    out.set(new Uint8Array(b.ips.buffer, 0, b.nr * 8));
    return out;
  }
  protected override sysUpdate(): void {
    throw new BpfError('EINVAL', `${this.what()}: stacks are added by bpf_get_stackid only`);
  }
  protected override sysDelete(key: Uint8Array | null): void {
    const id = new DataView(key!.buffer, key!.byteOffset, 4).getUint32(0, true);
    if (id >= this.nBuckets) throw new BpfError('E2BIG', `${this.what()}: id ${id} >= n_buckets ${this.nBuckets}`);
    if (!this.buckets[id]) throw new BpfError('ENOENT', `${this.what()}: no stack with id ${id}`);
    this.buckets[id] = null;
    this.freeBuckets++;
  }
  protected override sysGetNextKey(key: Uint8Array | null): Uint8Array {
    let id = 0;
    if (key) {
      id = new DataView(key.buffer, key.byteOffset, 4).getUint32(0, true);
      if (id >= this.nBuckets || !this.buckets[id]) id = 0;
      else id++;
    }
    while (id < this.nBuckets && !this.buckets[id]) id++;
    if (id >= this.nBuckets) throw new BpfError('ENOENT', `${this.what()}: no more stacks`);
    const out = new Uint8Array(4);
    new DataView(out.buffer).setUint32(0, id, true);
    return out;
  }
  protected override sysLookupAndDelete(key: Uint8Array | null): Uint8Array {
    const v = this.sysLookup(key);
    this.sysDelete(key);
    return v;
  }
}

/** bpf_get_stack (kernel/bpf/stackmap.c __bpf_get_stack) over an event's stack */
export function getStackInto(u8: Uint8Array, checkWrite: (a: number, n: number, w: boolean) => unknown, stack: EventStack | undefined, bufPtr: number, size: number, flags: number): number {
  checkWrite(bufPtr, size, true);
  const fail = (r: number): number => {
    u8.fill(0, bufPtr, bufPtr + size);
    return r;
  };
  if (flags & ~(BPF_F_SKIP_FIELD_MASK | BPF_F_USER_STACK | BPF_F_USER_BUILD_ID)) return fail(EINVAL);
  const user = (flags & BPF_F_USER_STACK) !== 0;
  if (!user && flags & BPF_F_USER_BUILD_ID) return fail(EINVAL);
  const elem = flags & BPF_F_USER_BUILD_ID ? 32 : 8;
  if (size % elem) return fail(EINVAL);
  const skip = flags & BPF_F_SKIP_FIELD_MASK;
  const trace = (user ? stack?.user : stack?.kernel) ?? [];
  if (trace.length <= skip) return fail(EFAULT);
  const nr = Math.min(trace.length - skip, size / elem);
  const dv = new DataView(u8.buffer, u8.byteOffset, u8.byteLength);
  for (let i = 0; i < nr; i++) dv.setBigUint64(bufPtr + i * 8, BigInt.asUintN(64, trace[skip + i]!), true);
  const copied = nr * elem;
  if (size > copied) u8.fill(0, bufPtr + copied, bufPtr + size);
  return copied;
}
