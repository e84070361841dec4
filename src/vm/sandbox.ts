/**
 * The sandbox of one program (docs/sandbox.md): what it owns, as the kernel's verifier would let
 * it reach — its stack frames, the maps it references (the kernel's prog->aux->used_maps, which
 * kernel/bpf/verifier.c resolve_pseudo_ldimm64 fills from the program's map fds), the context
 * and packet its run was given, and memory a helper returned to it during the run (an inner map
 * of a map-in-map, a ring-buffer record, the current task). The engines install it as the address
 * space's AccessPolicy while the program runs; every checked access asks `allows()`.
 *
 * Ownership is by domain (AddressSpace.newDomain): a map's regions share its domain, a test
 * run's context, packet and side structures share one, a program's stack has its own.
 */
import type { AccessPolicy, AddressSpace, Region } from './address_space.js';

export class Sandbox implements AccessPolicy {
  /** domains the program owns for its life: its stack and the maps it references */
  private readonly progOwn: Set<number>;
  /** what the running program owns: progOwn, or a tail-call target's set */
  private own: Set<number>;
  /** domains of the current run: the context and packet the caller set up */
  private readonly runDomains = new Set<number>();
  private readonly byTarget = new WeakMap<object, Set<number>>();

  constructor(private readonly as: AddressSpace, private readonly stack: Region, maps: readonly number[]) {
    this.own = this.progOwn = this.domainsOf(maps);
  }

  /** the owned set of a program referencing the maps whose handles (`struct bpf_map *`) are `maps` */
  private domainsOf(maps: readonly number[]): Set<number> {
    const s = new Set<number>([this.stack.owner]);
    for (const h of maps) {
      const r = this.as.regionAt(h >>> 0);
      if (r) s.add(r.owner);
    }
    return s;
  }

  /** does the running program own the map whose handle is `handle` (map fast paths bind only those) */
  ownsMap(handle: number): boolean {
    const r = this.as.regionAt(handle >>> 0);
    return !!r && this.own.has(r.owner);
  }

  allows(r: Region): boolean {
    return this.own.has(r.owner) || this.runDomains.has(r.owner);
  }

  /**
   * a helper returned a pointer into `r`: its whole object (an inner map's values, keys and
   * handle; the ring; the task) is the program's for the rest of the run
   */
  grant(r: Region): void {
    this.runDomains.add(r.owner);
  }

  /**
   * A run starts: the regions the caller handed the program (r1 — the context or the memory
   * buffer — and the packet bounds in the run's ExecEnv) are its for this run, with everything
   * mapped in their domains; grants of earlier runs are forgotten.
   */
  beginRun(pointers: ReadonlyArray<number | bigint | undefined>): void {
    this.own = this.progOwn;
    this.runDomains.clear();
    for (const p of pointers) {
      if (p === undefined) continue;
      const a = typeof p === 'bigint' ? (p >> 32n === 0n ? Number(p) : -1) : p;
      if (a <= 0 || a >= 0x1_0000_0000) continue;
      const r = this.as.regionAt(a);
      if (r) this.runDomains.add(r.owner);
    }
  }

  /**
   * what the running program owns, to give back with `restore` when a tail-called program
   * returns into a caller frame of the program it replaced (a tail call from a subprogram: the
   * target's exit returns to the subprogram's caller, which runs its own code with its own maps)
   */
  saved(): Set<number> {
    return this.own;
  }

  restore(own: Set<number>): void {
    this.own = own;
  }

  /**
   * a tail call replaced the running program by `target`: it owns the same stack and run, and its
   * own maps (what its loader referenced), not the caller's
   */
  enterTailCall(target: object, maps: readonly number[] | undefined): void {
    let s = this.byTarget.get(target);
    if (!s) this.byTarget.set(target, (s = this.domainsOf(maps ?? [])));
    this.own = s;
  }
}

/** the pointers a run hands its program: r1 and the packet bounds of the ExecEnv */
export function runPointers(r1: number | bigint | undefined, env: { ctx?: number; packet?: { data: number; dataEnd: number; dataMeta?: number } }): Array<number | bigint | undefined> {
  return [r1, env.ctx, env.packet?.data, env.packet?.dataMeta];
}
