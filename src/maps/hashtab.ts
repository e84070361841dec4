/**
 * BPF_MAP_TYPE_HASH, PERCPU_HASH, LRU_HASH and LRU_PERCPU_HASH (kernel/bpf/hashtab.c).
 *
 * Layout, data-oriented: element i has its key at keyAddr(i) (a read-only region, like the key
 * inside struct htab_elem) and its value at valAddr(i) (per CPU: ncpus values at
 * round_up(value_size, 8) strides). Buckets are singly linked lists of element indices in
 * Int32Arrays; n_buckets = roundup_pow_of_two(max_entries), bucket = jhash & (n_buckets-1) with
 * the kernel's htab_map_hash, and a new element goes to the head of its bucket
 * (hlist_nulls_add_head_rcu) — so get_next_key and batch order are the kernel's once the seed is
 * the same (BPF_F_ZERO_SEED makes it 0 in both).
 *
 * Preallocation as the kernel: all max_entries elements exist from creation; an update of an
 * existing key takes a spare element (the kernel's per-CPU extra_elems) and frees the old one, so
 * replacing works in a full map. BPF_F_NO_PREALLOC grows the pool in chunks of 256 elements
 * instead (freed elements are reused, not returned to the address space).
 *
 * LRU: see lru.ts for how the kernel's bpf_lru_list is approximated.
 */
import { BpfError } from '../isa/errors.js';
import { AddressSpace, RegionKind } from '../vm/address_space.js';
import {
  BPF_EXIST, BPF_F_ACCESS_MASK, BPF_F_LOCK, BPF_F_NO_COMMON_LRU, BPF_F_NO_PREALLOC, BPF_F_NUMA_NODE, BPF_F_RDONLY_PROG,
  BPF_F_ZERO_SEED, BPF_NOEXIST, KMALLOC_MAX_SIZE, MapType, PCPU_MIN_UNIT_SIZE, round8, roundupPow2, type MapAttr,
} from './constants.js';
import { accessFlagsOk } from './array.js';
import { htabHash, randomU32 } from './jhash.js';
import { Lru } from './lru.js';
import { BpfMap, E2BIG, EEXIST, EINVAL, ENOENT, ENOMEM, check, moveBytes, type BatchOptions, type BatchResult, type MapOptions } from './map.js';

const HTAB_CREATE_FLAG_MASK = BPF_F_NO_PREALLOC | BPF_F_NO_COMMON_LRU | BPF_F_NUMA_NODE | BPF_F_ACCESS_MASK | BPF_F_ZERO_SEED;
const CHUNK_SHIFT = 8;

/** htab_map_alloc_check (+ the n_buckets limit of htab_map_alloc) */
export function htabAllocCheck(a: MapAttr): void {
  const f = a.mapFlags ?? 0;
  const percpu = a.mapType === MapType.PERCPU_HASH || a.mapType === MapType.LRU_PERCPU_HASH;
  const lru = a.mapType === MapType.LRU_HASH || a.mapType === MapType.LRU_PERCPU_HASH;
  const percpuLru = (f & BPF_F_NO_COMMON_LRU) !== 0;
  const prealloc = !(f & BPF_F_NO_PREALLOC);
  if ((f & ~HTAB_CREATE_FLAG_MASK) || !accessFlagsOk(f)) throw new BpfError('EINVAL', `hash map: unknown or conflicting map_flags 0x${f.toString(16)}`);
  if (!lru && percpuLru) throw new BpfError('EINVAL', 'hash map: BPF_F_NO_COMMON_LRU is for LRU maps only');
  if (lru && !prealloc) throw new BpfError('ENOTSUPP', 'LRU hash maps are always preallocated: BPF_F_NO_PREALLOC is not supported');
  if ((f & BPF_F_NUMA_NODE) && (percpu || percpuLru)) throw new BpfError('EINVAL', 'hash map: BPF_F_NUMA_NODE with per-CPU storage');
  if (a.maxEntries === 0 || a.keySize === 0 || a.valueSize === 0) throw new BpfError('EINVAL', `hash map: key_size, value_size and max_entries must be nonzero (${a.keySize}/${a.valueSize}/${a.maxEntries})`);
  if (a.keySize + a.valueSize >= KMALLOC_MAX_SIZE - 64) throw new BpfError('E2BIG', `hash map: key_size + value_size ${a.keySize + a.valueSize} too large`);
  if (percpu && round8(a.valueSize) > PCPU_MIN_UNIT_SIZE) throw new BpfError('E2BIG', `per-CPU value_size ${a.valueSize} above ${PCPU_MIN_UNIT_SIZE}`);
  if (a.maxEntries > 0x80000000) throw new BpfError('E2BIG', `hash map: max_entries ${a.maxEntries} too large`);
  // htab_map_alloc: "check for u32 overflow" of the bucket array, n_buckets > U32_MAX /
  // sizeof(struct bucket) (16 bytes: an hlist_nulls_head and a raw_spinlock_t); Linux 6.18 refuses
  // max_entries 2^28 (2^28 buckets) with E2BIG, so the largest hash map has 2^27 entries
  if (roundupPow2(a.maxEntries) > Math.floor(0xffffffff / 16)) throw new BpfError('E2BIG', `hash map: max_entries ${a.maxEntries} needs ${roundupPow2(a.maxEntries)} buckets, more than the kernel's ${Math.floor(0xffffffff / 16)}`);
}

/**
 * The descriptor at the start of a hash map's bucket mirror (HashMap.mirror): i32 fields at these
 * byte offsets; HEADS / NEXT / HASHES hold the absolute addresses of the three arrays after it
 */
export const HTAB_DESC = {
  MASK: 0, SEED: 4, KEY_WORDS: 8, KEY_BASE: 12, KEY_STRIDE: 16, VAL_BASE: 20, VAL_STRIDE: 24, HEADS: 28, NEXT: 32, HASHES: 36,
  /** LRU maps: the address of the elements' ref bytes (lru.ts Lru.useMemory), which a lookup sets; 0 otherwise */
  REF: 40,
  SIZE: 44,
} as const;

export class HashMap extends BpfMap {
  readonly percpu: boolean;
  readonly lruMode: boolean;
  readonly prealloc: boolean;
  readonly nBuckets: number;
  readonly seed: number;
  readonly keyStride: number;
  /** bytes of one element's value area (ncpus strides for per-CPU maps) */
  readonly valStride: number;
  readonly cpuStride: number;
  /** bucket heads, -1 = empty */
  heads: Int32Array;
  /** next element in the bucket list, -1 = end */
  next: Int32Array;
  hashes: Uint32Array;
  /** free-list links and heads per free list (one, or one per CPU for BPF_F_NO_COMMON_LRU) */
  private fnext: Int32Array;
  private fheads: Int32Array;
  /** elements allocated so far, and the most there will ever be */
  private cap = 0;
  private readonly maxCap: number;
  private keyBases: number[] = [];
  private valBases: number[] = [];
  private readonly shift: number;
  private readonly cmask: number;
  private readonly writable: boolean;
  /** live elements */
  count = 0;
  readonly lru: Lru | null;
  /** which free/LRU list an element belongs to (per-CPU LRU) */
  private owner: Uint8Array;
  /**
   * Address of the bucket mirror in the address space (0: none): a read-only region of the map's
   * own domain holding HTAB_DESC (the layout below) and copies of `heads`, `next` and `hashes`,
   * written through by linkHead/unlink, so the JIT looks up keys without leaving wasm
   * (vm/jit/map_fastpath.ts htab_lookup; kernel/bpf/hashtab.c htab_map_gen_lookup is the kernel
   * JIT's equivalent). Only preallocated maps (HASH / PERCPU_HASH without BPF_F_NO_PREALLOC, and
   * every LRU map) with keys of whole u32 words (htab_map_hash's jhash2 case) have one: their pool
   * never moves. An LRU map's ref bits follow the descriptor's arrays (HTAB_DESC.REF), so a hit in
   * wasm sets its element's bit as the JavaScript lookup does (htab_lru_map_lookup_elem).
   */
  readonly mirror: number = 0;
  /** the addresses of the mirror's heads, next and hashes arrays (HTAB_DESC.HEADS...: read once, not per write) */
  private mirrorHeads = 0;
  private mirrorNext = 0;
  private mirrorHashes = 0;

  constructor(as: AddressSpace, attr: MapAttr, opts: MapOptions = {}) {
    const f = attr.mapFlags ?? 0;
    const lru = attr.mapType === MapType.LRU_HASH || attr.mapType === MapType.LRU_PERCPU_HASH;
    const ncpus = Math.max(1, opts.ncpus ?? 1);
    let max = attr.maxEntries;
    if (lru && (f & BPF_F_NO_COMMON_LRU)) {
      // htab_map_alloc: per-CPU LRU lists get an equal share each
      let m = Math.ceil(max / ncpus) * ncpus;
      if (m < max) m = Math.floor(max / ncpus) * ncpus;
      max = m;
    }
    super(as, { ...attr, maxEntries: max }, opts);
    this.percpu = attr.mapType === MapType.PERCPU_HASH || attr.mapType === MapType.LRU_PERCPU_HASH;
    this.lruMode = lru;
    this.prealloc = !(f & BPF_F_NO_PREALLOC);
    this.nBuckets = roundupPow2(this.maxEntries);
    this.seed = f & BPF_F_ZERO_SEED ? 0 : (opts.seed ?? randomU32()) >>> 0;
    this.keyStride = round8(this.keySize);
    this.cpuStride = round8(this.valueSize);
    this.valStride = this.percpu ? this.cpuStride * this.ncpus : this.cpuStride;
    this.writable = !(f & BPF_F_RDONLY_PROG);
    // the spare element for replacing in a full map (extra_elems); LRU maps have none
    this.maxCap = this.maxEntries + (lru ? 0 : 1);
    // prealloc_init allocates every element up front: elements that cannot fit in the address
    // space fail here, before side tables of max_entries slots are built (seconds for 2^27)
    if (this.prealloc && this.maxCap * (this.keyStride + this.valStride) > as.maxBytes) {
      throw new BpfError('ENOMEM', `hash map: ${this.maxCap} preallocated elements of ${this.keyStride + this.valStride} bytes do not fit in the ${as.maxBytes}-byte address space`);
    }
    this.heads = new Int32Array(this.nBuckets).fill(-1);
    const nLists = lru && (f & BPF_F_NO_COMMON_LRU) ? this.ncpus : 1;
    this.fheads = new Int32Array(nLists).fill(-1);
    if (this.prealloc) {
      this.shift = 31;
      this.cmask = 0x7fffffff;
      this.next = new Int32Array(this.maxCap);
      this.hashes = new Uint32Array(this.maxCap);
      this.fnext = new Int32Array(this.maxCap);
      this.owner = new Uint8Array(this.maxCap);
    } else {
      this.shift = CHUNK_SHIFT;
      this.cmask = (1 << CHUNK_SHIFT) - 1;
      this.next = new Int32Array(0);
      this.hashes = new Uint32Array(0);
      this.fnext = new Int32Array(0);
      this.owner = new Uint8Array(0);
    }
    this.lru = lru ? new Lru(this.maxCap, nLists) : null;
    if (this.prealloc) this.addChunk(this.maxCap, nLists);
    if (this.prealloc && (this.keySize & 3) === 0) this.mirror = this.makeMirror();
  }

  /** map the bucket mirror and write its descriptor (HTAB_DESC) and empty heads */
  private makeMirror(): number {
    const D = HTAB_DESC;
    const heads = D.SIZE, next = heads + 4 * this.nBuckets, hashes = next + 4 * this.maxCap, ref = hashes + 4 * this.maxCap;
    const base = this.alloc(ref + (this.lru ? this.maxCap : 0), RegionKind.MapKey, `${this.name || 'hash'} buckets`, false).base;
    const dv = this.as.dv;
    const put = (off: number, v: number): void => dv.setInt32(base + off, v, true);
    put(D.MASK, this.nBuckets - 1);
    put(D.SEED, this.seed | 0);
    put(D.KEY_WORDS, this.keySize >>> 2);
    put(D.KEY_BASE, this.keyBases[0]!);
    put(D.KEY_STRIDE, this.keyStride);
    put(D.VAL_BASE, this.valBases[0]!);
    put(D.VAL_STRIDE, this.valStride);
    put(D.HEADS, base + heads);
    put(D.NEXT, base + next);
    put(D.HASHES, base + hashes);
    put(D.REF, this.lru ? base + ref : 0);
    this.mirrorHeads = base + heads;
    this.mirrorNext = base + next;
    this.mirrorHashes = base + hashes;
    this.as.u8.fill(0xff, base + heads, base + next);
    this.lru?.useMemory(this.as, base + ref);
    return base;
  }

  /** the mirror's copy of heads[b] / next[e] / hashes[e] (HTAB_DESC): `field` is its array's HEADS, NEXT or HASHES */
  private mirrorSet(field: number, i: number, v: number): void {
    const a = field === HTAB_DESC.HEADS ? this.mirrorHeads : field === HTAB_DESC.NEXT ? this.mirrorNext : this.mirrorHashes;
    this.as.dv.setInt32(a + 4 * i, v, true);
  }

  override get userValueSize(): number {
    return this.percpu ? this.cpuStride * this.ncpus : this.valueSize;
  }

  /** allocate `n` more elements (the whole pool when preallocated) and put them on the free lists */
  private addChunk(n: number, nLists: number): void {
    const first = this.cap;
    const newCap = first + n;
    if (!this.prealloc) {
      const grow = <T extends Int32Array | Uint32Array | Uint8Array>(a: T, make: (k: number) => T): T => {
        const b = make(newCap);
        b.set(a);
        return b;
      };
      this.next = grow(this.next, (k) => new Int32Array(k));
      this.hashes = grow(this.hashes, (k) => new Uint32Array(k));
      this.fnext = grow(this.fnext, (k) => new Int32Array(k));
      this.owner = grow(this.owner, (k) => new Uint8Array(k));
    }
    const label = this.name || 'hash';
    this.keyBases.push(this.alloc(n * this.keyStride, RegionKind.MapKey, `${label} keys`, false).base);
    this.valBases.push(this.alloc(n * this.valStride, RegionKind.MapValue, `${label} values`, this.writable).base);
    this.cap = newCap;
    // pcpu_freelist_populate / bpf_lru_populate: an equal share per list; push in reverse so
    // element `first` is popped first
    const per = Math.floor(n / nLists);
    for (let i = newCap - 1; i >= first; i--) {
      const l = nLists === 1 ? 0 : Math.min(nLists - 1, Math.floor((i - first) / Math.max(1, per)));
      this.owner[i] = l;
      this.fnext[i] = this.fheads[l]!;
      this.fheads[l] = i;
    }
  }

  keyAddr(i: number): number {
    return this.keyBases[i >>> this.shift]! + (i & this.cmask) * this.keyStride;
  }
  valAddr(i: number, cpu = 0): number {
    return this.valBases[i >>> this.shift]! + (i & this.cmask) * this.valStride + (this.percpu ? cpu * this.cpuStride : 0);
  }

  /** map_key_from_value for a hash map: the element holding `fieldPtr` and the key stored with it */
  override asyncElem(fieldPtr: number): [number, number] | undefined {
    const per = this.cmask + 1;
    for (let c = 0; c < this.valBases.length; c++) {
      const d = fieldPtr - this.valBases[c]!;
      const i = c * per + Math.floor(d / this.valStride);
      if (d >= 0 && d < per * this.valStride && i < this.cap) return [this.keyAddr(i), this.valAddr(i)];
    }
    return undefined;
  }

  /** lookup_elem_raw: element index of the key at buf[off..], or -1 */
  find(buf: Uint8Array, off: number, hash: number): number {
    const ks = this.keySize;
    const u8 = this.as.u8;
    let e = this.heads[hash & (this.nBuckets - 1)]!;
    while (e >= 0) {
      if (this.hashes[e] === hash) {
        const ka = this.keyAddr(e);
        let j = 0;
        while (j < ks && u8[ka + j] === buf[off + j]) j++;
        if (j === ks) return e;
      }
      e = this.next[e]!;
    }
    return -1;
  }

  hashOf(buf: Uint8Array, off: number): number {
    return htabHash(buf, off, this.keySize, this.seed);
  }

  /** pop a free element of list `l` (the kernel's freelist / prealloc_lru_pop); -1 when none */
  private popFree(l: number): number {
    let e = this.fheads[l]!;
    if (e < 0 && !this.prealloc && this.cap < this.maxCap) {
      this.addChunk(Math.min(1 << CHUNK_SHIFT, this.maxCap - this.cap), 1);
      e = this.fheads[l]!;
    }
    if (e < 0) return -1;
    this.fheads[l] = this.fnext[e]!;
    return e;
  }

  private pushFree(e: number): void {
    // free_htab_elem → check_and_free_fields: the element's timer and wq go with it
    if (this.asyncOffs.length) this.freeAsync(this.valAddr(e));
    const l = this.owner[e]!;
    this.fnext[e] = this.fheads[l]!;
    this.fheads[l] = e;
  }

  private linkHead(e: number, hash: number): void {
    const b = hash & (this.nBuckets - 1);
    this.hashes[e] = hash;
    this.next[e] = this.heads[b]!;
    this.heads[b] = e;
    if (this.mirror) {
      this.mirrorSet(HTAB_DESC.HASHES, e, hash);
      this.mirrorSet(HTAB_DESC.NEXT, e, this.next[e]!);
      this.mirrorSet(HTAB_DESC.HEADS, b, e);
    }
  }

  private unlink(e: number): void {
    const b = this.hashes[e]! & (this.nBuckets - 1);
    let p = this.heads[b]!;
    if (p === e) {
      this.heads[b] = this.next[e]!;
      if (this.mirror) this.mirrorSet(HTAB_DESC.HEADS, b, this.heads[b]!);
      return;
    }
    while (p >= 0) {
      const n = this.next[p]!;
      if (n === e) {
        this.next[p] = this.next[e]!;
        if (this.mirror) this.mirrorSet(HTAB_DESC.NEXT, p, this.next[p]!);
        return;
      }
      p = n;
    }
  }

  /** htab_lru_map_delete_node: the LRU evicts element e */
  private evict = (e: number): void => {
    this.freeAsync(this.valAddr(e));
    this.unlink(e);
    this.count--;
  };

  /** a fresh element for list l: free list, or (LRU) evict the least recently used */
  private allocElem(l: number): number {
    let e = this.popFree(l);
    if (e < 0 && this.lru) e = this.lru.evictOne(l, this.evict);
    return e;
  }

  private writeKey(e: number, buf: Uint8Array, off: number): void {
    // callers pass this.as.u8 read after any growth of the pool; a key in the address space (a
    // program's update) is copied in place
    const u8 = this.as.u8;
    if (buf === u8) moveBytes(u8, this.keyAddr(e), off, this.keySize);
    else u8.set(buf.subarray(off, off + this.keySize), this.keyAddr(e));
  }

  /**
   * The update algorithms of hashtab.c, one core for both faces.
   * src: the key bytes (buf at off); value: vbuf at voff; allCpus: the syscall's per-CPU layout.
   */
  private updateCore(kbuf: Uint8Array, koff: number, vbuf: Uint8Array, voff: number, flags: number, cpu: number, allCpus: boolean, fromAs: boolean): number {
    const lru = this.lruMode;
    if (this.percpu || lru ? flags > BPF_EXIST : (flags & ~BPF_F_LOCK) > BPF_EXIST) return EINVAL;
    const hash = this.hashOf(fromAs ? this.as.u8 : kbuf, koff);
    const l = this.lru && this.lru.nLists > 1 ? cpu % this.lru.nLists : 0;
    const base = flags & ~BPF_F_LOCK;

    if (this.percpu) {
      // __htab_percpu_map_update_elem / __htab_lru_percpu_map_update_elem: in place when present
      let fresh = -1;
      if (lru && flags !== BPF_EXIST) {
        fresh = this.allocElem(l);
        if (fresh < 0) return ENOMEM;
      }
      const old = this.find(fromAs ? this.as.u8 : kbuf, koff, hash);
      const r = checkFlags(old, base);
      if (r) {
        if (fresh >= 0) this.lruFree(fresh);
        return r;
      }
      if (old >= 0) {
        if (lru) this.lru!.setRef(old);
        this.writeValue(old, fromAs ? this.as.u8 : vbuf, voff, cpu, allCpus, false);
        if (fresh >= 0) this.lruFree(fresh);
        return 0;
      }
      if (!lru) {
        if (this.count >= this.maxEntries) return E2BIG;
        fresh = this.popFree(0);
        if (fresh < 0) return E2BIG;
      }
      this.writeKey(fresh, fromAs ? this.as.u8 : kbuf, koff);
      this.writeValue(fresh, fromAs ? this.as.u8 : vbuf, voff, cpu, allCpus, true);
      this.linkHead(fresh, hash);
      this.count++;
      if (lru) this.lru!.pushHead(fresh, l);
      return 0;
    }

    if (lru) {
      // htab_lru_map_update_elem: pop a node first (possibly evicting), then look up
      const fresh = this.allocElem(l);
      if (fresh < 0) return ENOMEM;
      this.writeKey(fresh, fromAs ? this.as.u8 : kbuf, koff);
      this.copyValue(this.as.u8, this.valAddr(fresh), fromAs ? this.as.u8 : vbuf, voff);
      const old = this.find(fromAs ? this.as.u8 : kbuf, koff, hash);
      const r = checkFlags(old, base);
      if (r) {
        this.lruFree(fresh);
        return r;
      }
      this.linkHead(fresh, hash);
      this.count++;
      this.lru!.pushHead(fresh, l);
      if (old >= 0) {
        this.lru!.setRef(fresh);
        this.unlink(old);
        this.count--;
        this.lruFree(old);
      }
      return 0;
    }

    // htab_map_update_elem
    const old = this.find(fromAs ? this.as.u8 : kbuf, koff, hash);
    const r = checkFlags(old, base);
    if (r) return r;
    if (old >= 0 && (flags & BPF_F_LOCK)) {
      // copy_map_value_locked in place: the element and its timer live on
      this.copyValue(this.as.u8, this.valAddr(old), fromAs ? this.as.u8 : vbuf, voff, this.valueSize, false);
      return 0;
    }
    if (old < 0 && this.count >= this.maxEntries) return E2BIG;
    const fresh = this.popFree(0);
    if (fresh < 0) return E2BIG;
    this.writeKey(fresh, fromAs ? this.as.u8 : kbuf, koff);
    const u8 = this.as.u8;
    this.copyValue(u8, this.valAddr(fresh), fromAs ? u8 : vbuf, voff);
    this.linkHead(fresh, hash);
    if (old >= 0) {
      this.unlink(old);
      this.pushFree(old);
    } else this.count++;
    return 0;
  }

  private lruFree(e: number): void {
    // free_htab_elem → check_and_free_fields: the element's timer and wq go with it
    if (this.asyncOffs.length) this.freeAsync(this.valAddr(e));
    this.lru!.remove(e);
    this.pushFree(e);
  }

  /** pcpu_copy_value / pcpu_init_value */
  private writeValue(e: number, vbuf: Uint8Array, voff: number, cpu: number, allCpus: boolean, init: boolean): void {
    const u8 = this.as.u8;
    if (allCpus) {
      for (let c = 0; c < this.ncpus; c++) this.copyValue(u8, this.valAddr(e, c), vbuf, voff + c * this.cpuStride);
      return;
    }
    if (init) u8.fill(0, this.valAddr(e, 0), this.valAddr(e, 0) + this.valStride);
    this.copyValue(u8, this.valAddr(e, cpu), vbuf, voff);
  }

  private deleteAt(e: number): void {
    this.unlink(e);
    this.count--;
    if (this.lru) this.lruFree(e);
    else this.pushFree(e);
  }

  // ---------------------------------------------------------------- program face

  override lookupPtr(keyPtr: number, cpu = 0): number {
    this.as.check(keyPtr, this.keySize, false);
    const u8 = this.as.u8;
    const e = this.find(u8, keyPtr, this.hashOf(u8, keyPtr));
    if (e < 0) return 0;
    if (this.lru) this.lru.setRef(e); // htab_lru_map_lookup_elem: bpf_lru_node_set_ref
    return this.valAddr(e, cpu);
  }

  override updatePtr(keyPtr: number, valuePtr: number, flags: number, cpu = 0): number {
    this.as.check(keyPtr, this.keySize, false);
    this.as.check(valuePtr, this.valueSize, false);
    return this.updateCore(this.as.u8, keyPtr, this.as.u8, valuePtr, flags, cpu, false, true);
  }

  override deletePtr(keyPtr: number): number {
    this.as.check(keyPtr, this.keySize, false);
    const u8 = this.as.u8;
    const e = this.find(u8, keyPtr, this.hashOf(u8, keyPtr));
    if (e < 0) return ENOENT;
    this.deleteAt(e);
    return 0;
  }

  override forEachPtr(cpu: number, fn: (keyPtr: number, valuePtr: number) => number): number {
    let n = 0;
    for (let b = 0; b < this.nBuckets; b++) {
      for (let e = this.heads[b]!; e >= 0; ) {
        const nx = this.next[e]!;
        n++;
        if (fn(this.keyAddr(e), this.valAddr(e, cpu))) return n;
        e = nx;
      }
    }
    return n;
  }

  // ---------------------------------------------------------------- syscall face

  protected override sysLookup(key: Uint8Array | null, _flags: number): Uint8Array {
    const e = this.find(key!, 0, this.hashOf(key!, 0));
    if (e < 0) throw new BpfError('ENOENT', `${this.what()}: no such key`);
    return this.readValue(e);
  }

  private readValue(e: number, out = new Uint8Array(this.userValueSize), off = 0): Uint8Array {
    const u8 = this.as.u8;
    if (!this.percpu) this.copyOut(out, off, u8, this.valAddr(e));
    else for (let c = 0; c < this.ncpus; c++) this.copyOut(out, off + c * this.cpuStride, u8, this.valAddr(e, c));
    return out;
  }

  protected override sysUpdate(key: Uint8Array | null, value: Uint8Array, flags: number): void {
    check(this.updateCore(key!, 0, value, 0, flags, 0, this.percpu, false), () => `${this.what()}: update (flags ${flags})`);
  }

  protected override sysDelete(key: Uint8Array | null): void {
    const e = this.find(key!, 0, this.hashOf(key!, 0));
    if (e < 0) throw new BpfError('ENOENT', `${this.what()}: no such key`);
    this.deleteAt(e);
  }

  protected override sysLookupAndDelete(key: Uint8Array | null, flags: number): Uint8Array {
    this.checkElemFlags(flags, 'lookup_and_delete');
    const e = this.find(key!, 0, this.hashOf(key!, 0));
    if (e < 0) throw new BpfError('ENOENT', `${this.what()}: no such key`);
    const v = this.readValue(e);
    this.deleteAt(e);
    return v;
  }

  /** htab_map_get_next_key: next in the bucket, else the first of the next non-empty bucket */
  protected override sysGetNextKey(key: Uint8Array | null): Uint8Array {
    let i = 0;
    if (key) {
      const hash = this.hashOf(key, 0);
      const e = this.find(key, 0, hash);
      if (e >= 0) {
        const n = this.next[e]!;
        if (n >= 0) return this.keyBytes(n);
        i = (hash & (this.nBuckets - 1)) + 1;
      }
    }
    for (; i < this.nBuckets; i++) {
      const h = this.heads[i]!;
      if (h >= 0) return this.keyBytes(h);
    }
    throw new BpfError('ENOENT', `${this.what()}: no more keys`);
  }

  keyBytes(e: number): Uint8Array {
    const a = this.keyAddr(e);
    return this.as.u8.slice(a, a + this.keySize);
  }

  override lookupBatch(o: BatchOptions): BatchResult {
    return this.htabBatch(o, false);
  }
  override lookupAndDeleteBatch(o: BatchOptions): BatchResult {
    return this.htabBatch(o, true);
  }
  override updateBatch(keys: Uint8Array, values: Uint8Array, o: BatchOptions): BatchResult {
    return this.genericUpdateBatch(keys, values, o);
  }
  override deleteBatch(keys: Uint8Array, o: BatchOptions): BatchResult {
    return this.genericDeleteBatch(keys, o);
  }

  /** __htab_map_lookup_and_delete_batch: the cursor is a bucket index; whole buckets or nothing */
  private htabBatch(o: BatchOptions, del: boolean): BatchResult {
    this.checkBatchFlags(o);
    const max = o.count >>> 0;
    const empty = { count: 0, keys: new Uint8Array(0), values: new Uint8Array(0), outBatch: null };
    if (max === 0) return empty;
    let batch = 0;
    if (o.inBatch) {
      if (o.inBatch.length < 4) throw new BpfError('EFAULT', `${this.what()}: in_batch must hold a u32 bucket index`);
      batch = new DataView(o.inBatch.buffer, o.inBatch.byteOffset, 4).getUint32(0, true);
    }
    if (batch >= this.nBuckets) return { ...empty, errno: 'ENOENT' };
    const ks = this.keySize;
    const vs = this.userValueSize;
    const keys = new Uint8Array(max * ks);
    const values = new Uint8Array(max * vs);
    let total = 0;
    let end = true;
    for (; batch < this.nBuckets; batch++) {
      let cnt = 0;
      for (let e = this.heads[batch]!; e >= 0; e = this.next[e]!) cnt++;
      if (cnt === 0) continue;
      if (cnt > max - total) {
        if (total === 0) throw new BpfError('ENOSPC', `${this.what()}: bucket ${batch} holds ${cnt} elements, more than count ${max}`);
        end = false;
        break;
      }
      for (let e = this.heads[batch]!; e >= 0; ) {
        const nx = this.next[e]!;
        keys.set(this.keyBytes(e), total * ks);
        this.readValue(e, values, total * vs);
        if (del) this.deleteAt(e);
        total++;
        e = nx;
      }
    }
    const out = new Uint8Array(4);
    new DataView(out.buffer).setUint32(0, batch, true);
    return { count: total, keys: keys.slice(0, total * ks), values: values.slice(0, total * vs), outBatch: out, ...(end ? { errno: 'ENOENT' as const } : {}) };
  }

  /** fast JS path: value address of a key (for typed access and benchmarks), 0 when absent */
  lookupAddr(key: Uint8Array, cpu = 0): number {
    const e = this.find(key, 0, this.hashOf(key, 0));
    return e < 0 ? 0 : this.valAddr(e, cpu);
  }
}

/** hashtab.c check_flags */
function checkFlags(old: number, flags: number): number {
  if (old >= 0 && flags === BPF_NOEXIST) return EEXIST;
  if (old < 0 && flags === BPF_EXIST) return ENOENT;
  return 0;
}
