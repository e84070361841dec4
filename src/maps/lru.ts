/**
 * The LRU of BPF_MAP_TYPE_LRU_HASH / LRU_PERCPU_HASH, approximating kernel/bpf/bpf_lru_list.c.
 *
 * What the kernel does: elements sit on an active and an inactive list; a program lookup sets a
 * `ref` bit (syscall lookups do not: htab_lru_map_lookup_elem_sys); when a CPU needs a free node
 * and its local free list is empty it refills it from the global free list, and if that is empty
 * it shrinks — rotating the inactive list from the tail, moving referenced nodes to the active
 * list and evicting unreferenced ones, up to LOCAL_FREE_TARGET (128) nodes at once. With
 * BPF_F_NO_COMMON_LRU every CPU has its own lists and its own max_entries/ncpus share.
 *
 * What we do: one list per LRU (per CPU with BPF_F_NO_COMMON_LRU), newest at the head, and a
 * second-chance sweep from the tail when a node is needed: a referenced node loses its bit and
 * goes back to the head, the first unreferenced one is evicted — one node at a time, not in
 * batches of 128, and without per-CPU local free lists (an emulated run is single-threaded, so
 * there is no lock contention for them to avoid). So the same things survive as in the kernel
 * when the working set fits; under pressure the kernel may evict more at once than we do.
 *
 * The ref bits of a map with a bucket mirror (hashtab.ts HashMap.mirror) live in the address space,
 * after the mirror, so the JIT's in-wasm lookup sets them as the kernel's inline LRU lookup does
 * (htab_lru_map_gen_lookup: the `ref` byte of the element's lru node, written with a store).
 */
import type { AddressSpace } from '../vm/address_space.js';

export class Lru {
  readonly prev: Int32Array;
  readonly next: Int32Array;
  private ref: Uint8Array;
  /** the ref bits' address in `refAs` (useMemory), else they are `ref` */
  private refAs: AddressSpace | null = null;
  private refBase = 0;
  readonly onList: Uint8Array;
  readonly heads: Int32Array;
  readonly tails: Int32Array;
  readonly nLists: number;
  private readonly listOf: Uint8Array;

  constructor(cap: number, nLists: number) {
    this.prev = new Int32Array(cap).fill(-1);
    this.next = new Int32Array(cap).fill(-1);
    this.ref = new Uint8Array(cap);
    this.onList = new Uint8Array(cap);
    this.listOf = new Uint8Array(cap);
    this.nLists = nLists;
    this.heads = new Int32Array(nLists).fill(-1);
    this.tails = new Int32Array(nLists).fill(-1);
  }

  /**
   * keep the ref bits at `base` in the address space (one byte per node, the current bits copied
   * there): the map's bucket mirror, where the JIT's htab_lookup sets them
   */
  useMemory(as: AddressSpace, base: number): void {
    as.u8.set(this.ref, base);
    this.refAs = as;
    this.refBase = base;
  }

  private setBit(e: number, v: number): void {
    if (this.refAs) this.refAs.u8[this.refBase + e] = v;
    else this.ref[e] = v;
  }

  isRef(e: number): boolean {
    return (this.refAs ? this.refAs.u8[this.refBase + e]! : this.ref[e]!) !== 0;
  }

  /** a node in use goes to the head of list l, unreferenced */
  pushHead(e: number, l: number): void {
    if (this.onList[e]) this.remove(e);
    this.listOf[e] = l;
    this.onList[e] = 1;
    this.setBit(e, 0);
    this.prev[e] = -1;
    this.next[e] = this.heads[l]!;
    if (this.heads[l]! >= 0) this.prev[this.heads[l]!] = e;
    else this.tails[l] = e;
    this.heads[l] = e;
  }

  setRef(e: number): void {
    this.setBit(e, 1);
  }

  remove(e: number): void {
    if (!this.onList[e]) return;
    const l = this.listOf[e]!;
    const p = this.prev[e]!;
    const n = this.next[e]!;
    if (p >= 0) this.next[p] = n;
    else this.heads[l] = n;
    if (n >= 0) this.prev[n] = p;
    else this.tails[l] = p;
    this.onList[e] = 0;
    this.prev[e] = this.next[e] = -1;
  }

  /** second-chance sweep from the tail of list l; calls unhash(e) for the victim and returns it (-1 when the list is empty) */
  evictOne(l: number, unhash: (e: number) => void): number {
    for (;;) {
      const e = this.tails[l]!;
      if (e < 0) return -1;
      if (this.isRef(e)) {
        this.setBit(e, 0);
        this.remove(e);
        this.pushHeadKeep(e, l);
        continue;
      }
      this.remove(e);
      unhash(e);
      return e;
    }
  }

  private pushHeadKeep(e: number, l: number): void {
    this.pushHead(e, l);
  }
}
