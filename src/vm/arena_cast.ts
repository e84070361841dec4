/**
 * addr_space_cast (BPF_ALU64 | BPF_MOV | BPF_X with off BPF_ADDR_SPACE_CAST, Linux 6.9) as the
 * engines run it over an emulated BPF_MAP_TYPE_ARENA (maps/arena.ts). In the kernel the JIT
 * turns `addr_space_cast(r, 0, 1)` (imm 1) into a 32-bit move — the arena pointer becomes an
 * offset from kern_vm_start, where page 0 is at (u32)user_vm_start — and `addr_space_cast(r, 1,
 * 0)` (imm 1 << 16) into `(u32)src ? clear_lo32(user_vm_start) | (u32)src : 0`
 * (arch/x86/net/bpf_jit_comp.c). Here the arena's pages are one region of the address space, so
 * the cast maps a user address to that region and back.
 */

/** what an engine needs for addr_space_cast: where the arena's page 0 is, for the program and in the address space */
export interface ArenaLayout {
  /** the address-space address of page 0 */
  readonly base: number;
  /** bytes mapped from `base` */
  readonly size: number;
  /** the low 32 bits of user_vm_start */
  readonly userLo: number;
  /** the high 32 bits of user_vm_start */
  readonly userHi: number;
  /**
   * the arena's region spans [lo, hi): ARENA_GUARD_SIZE bytes on each side of the pages stand for
   * the kernel's arena addresses without a page. An arena pointer outside the emulated pages is
   * cast into the lower guard's middle, and pointer arithmetic past either end of the pages lands
   * in a guard; the engines give an access there the kernel's fault semantics — a load reads 0, a
   * store is dropped (the exception table of BPF_PROBE_MEM32 accesses, arch/x86/net/bpf_jit_comp.c)
   */
  readonly lo: number;
  readonly hi: number;
}

/** bytes of guard on each side of an arena's pages: every s16 offset from the lower one's middle stays inside */
export const ARENA_GUARD_SIZE = 1 << 17;

/** is [lo + off, + size) (a register's low/high halves and an offset) arena memory without a page: in a guard */
export function inArenaGuard(l: ArenaLayout | undefined, lo: number, hi: number, off: number, size: number): boolean {
  if (!l || hi !== 0) return false;
  const a = (lo >>> 0) + off;
  return a >= l.lo && a + size <= l.hi && !(a >= l.base && a + size <= l.base + l.size);
}

export function arenaCast(l: ArenaLayout, v: bigint, toUser: boolean): bigint {
  const lo = Number(v & 0xffffffffn);
  if (!toUser) {
    // a 32-bit move in the kernel: only the low half counts (and 0 is page 0 when user_vm_start's is 0)
    const o = (lo - l.userLo) >>> 0;
    if (o < l.size) return BigInt(l.base + o);
    return lo === 0 ? 0n : BigInt(l.lo + ARENA_GUARD_SIZE / 2);
  }
  if (lo === 0) return 0n;
  const o = (lo - l.base) >>> 0;
  const ulo = o < l.size ? (l.userLo + o) >>> 0 : lo;
  return (BigInt(l.userHi) << 32n) | BigInt(ulo);
}
