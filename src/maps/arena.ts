/**
 * BPF_MAP_TYPE_ARENA (kernel/bpf/arena.c): a sparse, page-granular memory region shared by the
 * programs that reference the map (and, in the kernel, user space through mmap). In the kernel
 * the pages sit in a 4 GiB kernel VM area at kern_vm_start + (u32)user address; a program's arena
 * pointers are user addresses (address space 1) that `addr_space_cast(r, 0, 1)` turns into
 * 32-bit offsets into that area, and `addr_space_cast(r, 1, 0)` turns back.
 *
 * In the emulator the arena is one region of the address space, in the map's own domain (the
 * sandbox: only programs referencing the map reach it), holding the first `pages` pages (all of
 * them up to ARENA_EMU_MAX_PAGES). The engines' addr_space_cast maps a user address to
 * `region.base + page offset` and back (ArenaLayout). Pages are allocated and freed by
 * bpf_arena_alloc_pages / bpf_arena_free_pages (first fit, as the kernel's range tree) and by the
 * loader for the `__arena` globals (libbpf's write of `.addr_space.1` faults them in); an
 * allocated page starts zeroed and a freed one is zeroed, so a read of a freed page gives 0 as in
 * the kernel (where the access faults and the JIT's exception table loads 0).
 */
import { BpfError } from '../isa/errors.js';
import { mapTypeName } from '../isa/bpf_types.js';
import type { AddressSpace, Region } from '../vm/address_space.js';
import { RegionKind } from '../vm/address_space.js';
import { BpfMap, type MapOptions } from './map.js';
import { MapType, type MapAttr } from './constants.js';
import { ARENA_GUARD_SIZE, type ArenaLayout } from '../vm/arena_cast.js';

export const ARENA_PAGE = 4096;
/** the most pages tsbpf backs with memory (64 MiB): an arena of more pages has only these */
export const ARENA_EMU_MAX_PAGES = 16384;
/** the user address tsbpf gives an arena created without map_extra */
export const ARENA_USER_VM_START = 0x100_0000_0000n;
const BPF_F_MMAPABLE = 1024;

export class ArenaMap extends BpfMap {
  /**
   * arena->user_vm_start: map_extra, or where libbpf's mmap() would put it (tsbpf has no process
   * to map it in: a fixed 4 GiB-aligned address); an `__arena` global's lddw is this + its offset
   */
  readonly userVmStart: bigint;
  /** pages backed by memory: max_entries, at most ARENA_EMU_MAX_PAGES */
  readonly pages: number;
  private reg: Region | undefined;
  /** 1 per allocated page (the kernel's range tree holds the free ones) */
  private readonly used: Uint8Array;

  constructor(as: AddressSpace, attr: MapAttr, opts: MapOptions = {}) {
    const f = attr.mapFlags ?? 0;
    const name = mapTypeName(MapType.ARENA);
    // arena_map_alloc: no keys or values, max_entries pages, BPF_F_MMAPABLE required, only
    // BPF_F_SEGV_ON_FAULT | BPF_F_MMAPABLE | BPF_F_NO_USER_CONV
    if (attr.keySize || attr.valueSize || attr.maxEntries === 0) throw new BpfError('EINVAL', `${name}: key_size and value_size must be 0 and max_entries (pages) > 0`);
    if (!(f & BPF_F_MMAPABLE)) throw new BpfError('EINVAL', `${name}: BPF_F_MMAPABLE is required`);
    super(as, attr, opts);
    // map_extra page-aligned, the user range within one 4 GiB window
    const extra = attr.mapExtra ?? 0n;
    const range = BigInt(attr.maxEntries) * BigInt(ARENA_PAGE);
    if (extra & BigInt(ARENA_PAGE - 1)) throw new BpfError('EINVAL', `${name}: map_extra (the user address) must be page-aligned`);
    if (range > 1n << 32n) throw new BpfError('E2BIG', `${name}: ${attr.maxEntries} pages are more than 4 GiB`);
    if (extra >> 32n !== (extra + range - 1n) >> 32n) throw new BpfError('ERANGE', `${name}: the user range from map_extra must not cross a 4 GiB boundary`);
    this.userVmStart = extra || ARENA_USER_VM_START;
    this.pages = Math.min(this.maxEntries, ARENA_EMU_MAX_PAGES);
    this.used = new Uint8Array(this.pages);
  }

  /**
   * the arena's memory, mapped at first use (an arena nobody runs costs nothing): the pages with
   * ARENA_GUARD_SIZE bytes of guard on each side (vm/arena_cast.ts); page 0 is at `base`
   */
  private region(): Region {
    return (this.reg ??= this.alloc(this.pages * ARENA_PAGE + 2 * ARENA_GUARD_SIZE, RegionKind.Mem, `arena ${this.name || this.id}`, true));
  }

  /** the address of page 0 */
  get base(): number {
    return this.region().base + ARENA_GUARD_SIZE;
  }

  layout(): ArenaLayout {
    const r = this.region();
    return { base: this.base, size: this.pages * ARENA_PAGE, userLo: Number(this.userVmStart & 0xffffffffn), userHi: Number(this.userVmStart >> 32n), lo: r.base, hi: r.base + r.size };
  }

  /** compute_pgoff: the page of a user address (its low 32 bits against user_vm_start's) */
  private pgoff(uaddr: bigint): number {
    return Number(BigInt.asUintN(32, uaddr - (this.userVmStart & 0xffffffffn))) >>> 12;
  }

  /** the user address of page `pgoff`: clear_lo32(user_vm_start) + (u32)(user_vm_start + pgoff * PAGE_SIZE) */
  private uaddrOf(pgoff: number): bigint {
    return (this.userVmStart & ~0xffffffffn) + BigInt.asUintN(32, this.userVmStart + BigInt(pgoff) * BigInt(ARENA_PAGE));
  }

  /**
   * arena_alloc_pages: `cnt` zeroed pages at `uaddr` (0: the first free range that fits); the
   * user address of the first, or 0 when they do not fit or (at `uaddr`) one is in use
   */
  allocPages(uaddr: bigint, cnt: number): bigint {
    const max = this.maxEntries;
    if (cnt <= 0 || cnt > max) return 0n;
    let first: number;
    if (uaddr !== 0n) {
      if (uaddr & BigInt(ARENA_PAGE - 1)) return 0n;
      first = this.pgoff(uaddr);
      if (first > max - cnt) return 0n;
      if (first + cnt > this.pages) return 0n;
      for (let p = first; p < first + cnt; p++) if (this.used[p]) return 0n;
    } else {
      first = -1;
      let run = 0;
      for (let p = 0; p < this.pages; p++) {
        run = this.used[p] ? 0 : run + 1;
        if (run === cnt) {
          first = p - cnt + 1;
          break;
        }
      }
      if (first < 0) return 0n;
    }
    const base = this.base;
    this.used.fill(1, first, first + cnt);
    this.as.u8.fill(0, base + first * ARENA_PAGE, base + (first + cnt) * ARENA_PAGE);
    return this.uaddrOf(first);
  }

  /** arena_free_pages: the pages from `uaddr` (its low 32 bits, page-aligned down) go back, zeroed */
  freePages(uaddr: bigint, cnt: number): void {
    const lo = BigInt.asUintN(32, uaddr) & ~BigInt(ARENA_PAGE - 1);
    const full = (this.userVmStart & ~0xffffffffn) + lo;
    const end = this.userVmStart + BigInt(this.maxEntries) * BigInt(ARENA_PAGE);
    if (full >= end || full < this.userVmStart) return;
    const first = this.pgoff(lo);
    const n = Math.min(cnt, Number((end - full) >> 12n), this.pages - first);
    if (n <= 0) return;
    const base = this.base;
    this.used.fill(0, first, first + n);
    this.as.u8.fill(0, base + first * ARENA_PAGE, base + (first + n) * ARENA_PAGE);
  }

  /** libbpf init_arena_map_data: the `__arena` globals at the arena's start, their pages allocated */
  writeInitial(data: Uint8Array): void {
    if (data.length === 0) return;
    const n = Math.ceil(data.length / ARENA_PAGE);
    if (n > this.pages) throw new BpfError('E2BIG', `${this.what()}: the __arena globals (${data.length} bytes) do not fit in the ${this.pages} pages tsbpf emulates`);
    const base = this.base;
    this.used.fill(1, 0, n);
    this.as.u8.set(data, base);
  }

  /** `len` bytes from byte `off` of the arena (what user space sees through its mmap) */
  read(off: number, len: number): Uint8Array {
    if (off < 0 || len < 0 || off + len > this.pages * ARENA_PAGE) throw new BpfError('EINVAL', `${this.what()}: bytes ${off}..${off + len} are outside its ${this.pages} pages`);
    const b = this.base;
    return this.as.u8.slice(b + off, b + off + len);
  }

  /** allocated pages */
  get allocated(): number {
    let n = 0;
    for (const u of this.used) n += u;
    return n;
  }
}
