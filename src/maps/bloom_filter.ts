/**
 * BPF_MAP_TYPE_BLOOM_FILTER (kernel/bpf/bloom_filter.c): nr_hash_funcs = map_extra & 0xf
 * (default 5); bit array of roundup_pow_of_two(max_entries * nr_hash_funcs / 5 * 7) bits (at
 * least 64), hash i = jhash2/jhash(value, seed + i) & mask, seed random unless BPF_F_ZERO_SEED.
 * push sets the bits, peek answers 0 (maybe present) or -ENOENT (definitely absent).
 */
import { BpfError } from '../isa/errors.js';
import { AddressSpace, RegionKind } from '../vm/address_space.js';
import { BPF_ANY, BPF_F_ACCESS_MASK, BPF_F_NUMA_NODE, BPF_F_ZERO_SEED, roundupPow2, type MapAttr } from './constants.js';
import { accessFlagsOk } from './array.js';
import { jhash, jhash2, randomU32 } from './jhash.js';
import { BpfMap, EINVAL, ENOENT, EOPNOTSUPP, check, type MapOptions } from './map.js';

const BLOOM_CREATE_FLAG_MASK = BPF_F_NUMA_NODE | BPF_F_ZERO_SEED | BPF_F_ACCESS_MASK;

/** bloom_map_alloc_check */
export function bloomAllocCheck(a: MapAttr): void {
  const f = a.mapFlags ?? 0;
  if (a.keySize !== 0 || a.valueSize === 0 || a.maxEntries === 0 || (f & ~BLOOM_CREATE_FLAG_MASK) || !accessFlagsOk(f) || ((a.mapExtra ?? 0n) & ~0xfn))
    throw new BpfError('EINVAL', `bloom filter: key_size must be 0, value_size and max_entries nonzero, map_extra <= 15 (key_size=${a.keySize} value_size=${a.valueSize} max_entries=${a.maxEntries} map_extra=${a.mapExtra ?? 0n})`);
}

export class BloomFilter extends BpfMap {
  readonly nrHashFuncs: number;
  readonly bitsetMask: number;
  readonly seed: number;
  readonly bitsetBytes: number;
  private readonly alignedU32Count: number;
  private readonly base: number;

  constructor(as: AddressSpace, attr: MapAttr, opts: MapOptions = {}) {
    super(as, attr, opts);
    this.nrHashFuncs = Number(this.mapExtra & 0xfn) || 5;
    const nrBits0 = this.maxEntries * this.nrHashFuncs;
    const nrBits1 = Math.floor(nrBits0 / 5) * 7;
    if (nrBits0 > 0xffffffff || nrBits1 > 0xffffffff || nrBits1 > 2 ** 31) {
      this.bitsetMask = 0xffffffff;
      this.bitsetBytes = 2 ** 29;
    } else {
      const nrBits = nrBits1 <= 64 ? 64 : roundupPow2(nrBits1);
      this.bitsetMask = (nrBits - 1) >>> 0;
      this.bitsetBytes = Math.ceil(nrBits / 8);
    }
    this.bitsetBytes = Math.ceil(this.bitsetBytes / 8) * 8;
    this.alignedU32Count = this.valueSize & 3 ? 0 : this.valueSize >>> 2;
    this.seed = this.flags & BPF_F_ZERO_SEED ? 0 : (opts.seed ?? randomU32()) >>> 0;
    this.base = this.alloc(this.bitsetBytes, RegionKind.MapValue, `${this.name || 'bloom'} bitset`, false).base;
  }

  private hash(b: Uint8Array, off: number, i: number): number {
    const s = (this.seed + i) >>> 0;
    const h = this.alignedU32Count ? jhash2(b, off, this.alignedU32Count, s) : jhash(b, off, this.valueSize, s);
    return (h & this.bitsetMask) >>> 0;
  }

  private push(b: Uint8Array, off: number, flags: number): number {
    if (flags !== BPF_ANY) return EINVAL;
    const u8 = this.as.u8;
    for (let i = 0; i < this.nrHashFuncs; i++) {
      const h = this.hash(b, off, i);
      u8[this.base + (h >>> 3)] |= 1 << (h & 7);
    }
    return 0;
  }

  private peek(b: Uint8Array, off: number): number {
    const u8 = this.as.u8;
    for (let i = 0; i < this.nrHashFuncs; i++) {
      const h = this.hash(b, off, i);
      if (!(u8[this.base + (h >>> 3)]! & (1 << (h & 7)))) return ENOENT;
    }
    return 0;
  }

  override pushPtr(valuePtr: number, flags: number): number {
    this.as.check(valuePtr, this.valueSize, false);
    return this.push(this.as.u8, valuePtr, flags);
  }
  override peekPtr(valuePtr: number): number {
    this.as.check(valuePtr, this.valueSize, false);
    return this.peek(this.as.u8, valuePtr);
  }
  override popPtr(): number {
    return EOPNOTSUPP;
  }
  override deletePtr(): number {
    return EOPNOTSUPP;
  }

  /** the syscall's lookup on a bloom filter is a peek of the value passed in */
  peekValue(value: Uint8Array): boolean {
    if (value.length < this.valueSize) throw new BpfError('EINVAL', `${this.what()}: value is ${value.length} bytes, expected ${this.valueSize}`);
    return this.peek(value, 0) === 0;
  }
  protected override sysLookup(): Uint8Array {
    throw new BpfError('EINVAL', `${this.what()}: a lookup needs the value to test (use peekValue)`);
  }
  protected override sysUpdate(_k: Uint8Array | null, value: Uint8Array, flags: number): void {
    check(this.push(value, 0, flags), () => `${this.what()}: push (flags ${flags})`);
  }
  protected override sysDelete(): void {
    throw new BpfError('EOPNOTSUPP', `${this.what()}: elements cannot be deleted from a bloom filter`);
  }
  protected override sysGetNextKey(): Uint8Array {
    throw new BpfError('EOPNOTSUPP', `${this.what()}: bloom filters have no keys`);
  }
  /** the raw bit array (for pinning) */
  bits(): Uint8Array {
    return this.as.u8.slice(this.base, this.base + this.bitsetBytes);
  }
  setBits(b: Uint8Array): void {
    this.as.u8.set(b.subarray(0, this.bitsetBytes), this.base);
  }
}
