/**
 * Fast paths for the hot map helpers (issue 6: "helpers as imported functions with fast paths for
 * the hot ones — map lookups on array and hash maps without leaving wasm where the layout
 * allows").
 *
 * 1. Analysis (compile time). A forward must-constant analysis over the program's blocks finds
 *    every `call bpf_map_lookup_elem` (1) and `call bpf_map_update_elem` (2) whose r1 holds the
 *    same constant on every path — the map handle an `lddw rX, map` loaded (BPF_PSEUDO_MAP_FD /
 *    MAP_IDX after relocation: the map's `struct bpf_map *` address, maps/map.ts `handle`). Such a
 *    call site gets the map's slot j (one per distinct constant) and needs no guard on r1.
 *
 * 2. Code (compile time). The module is cached by program bytes and may be instantiated on other
 *    address spaces, so a map's layout is not baked in: each slot j has five mutable i32 globals
 *    (kind, base, max_entries, stride, value_size) that the engine sets before a run. A lookup site emits
 *      kind & INLINE  → the array lookup in wasm, as kernel/bpf/arraymap.c array_map_lookup_elem
 *                       (and its gen_lookup, the kernel JIT's own inline version): index = *(u32 *)key;
 *                       r0 = index < max_entries ? base + index * stride : NULL
 *      kind & HASH_INLINE → `htab_lookup(mirror, key, cpu_off)` in wasm: a preallocated
 *                       HASH / PERCPU_HASH map or an LRU map (whose hit sets the element's ref
 *                       byte in the mirror) with u32-word keys keeps a bucket mirror in the
 *                       address space (maps/hashtab.ts HashMap.mirror), walked as the kernel's
 *                       __htab_map_lookup_elem (htab_map_gen_lookup is the kernel JIT's version)
 *      kind & LOOKUP  → `map_lookup(j, key)`: an import specialised to the map (no spill of the
 *                       registers, no HelperContext: the key pointer goes in, the value pointer out)
 *      otherwise      → the generic helper import (exactly what runs without fast paths)
 *    and an update site `kind & INLINE_UPDATE` (an array, BPF_ANY / BPF_EXIST, the
 *    index in range) → a memory.copy of the value in wasm, else `kind & UPDATE → map_update(j,
 *    key, value, flags)`, else the generic import.
 *
 * 3. Binding (run time, engine side). `MapFastPath.refresh` resolves each slot's constant with the
 *    run's own `env.resolveMap` (what the helper would do) and the maps layer's
 *    `BpfMap.fromPtr`; a slot is enabled only when both name the same map and the registry's
 *    helper 1 / 2 is the standard bpf_map_lookup_elem / bpf_map_update_elem, so a run takes the
 *    fast path exactly when the helper would have done the same thing. Everything else (no
 *    resolver, a foreign helper registry, a constant that is not a map) takes the generic path.
 *
 * Unverified (checked) code takes the hash lookup and the array update in wasm only when the key
 * (and value) lie wholly in the program's own stack region, where the helper would read them too
 * (a key elsewhere would need a region check of its whole, run-time, size: the import does it).
 * What stays out of wasm: hash lookups of maps grown in chunks (BPF_F_NO_PREALLOC) or with keys that are not whole u32 words (the jhash byte variant),
 * and hash updates (element allocation, free lists): all through the specialised import.
 */
import { LDDW } from '../../isa/instruction.js';
import * as op from '../../isa/opcodes.js';
import { HelperRegistry, type ExecEnv, type HelperFn } from '../../helpers/api.js';
import type { BpfMapLike } from '../../helpers/map_iface.js';
import { registerCore } from '../../helpers/impl/core.js';
import { ArrayMap } from '../../maps/array.js';
import { HTAB_DESC, HashMap } from '../../maps/hashtab.js';
import { MapType } from '../../maps/constants.js';
import { BpfMap, E2BIG } from '../../maps/map.js';
import type { AddressSpace } from '../address_space.js';
import type { Sandbox } from '../sandbox.js';
import { I32, MEMORY_COPY, Op, VOID, type Bytes, type GlobalDef, type ValType } from './wasm.js';
import { type Program, Term, nextSlot } from './cfg.js';
import { hintLikely } from './codegen_abi.js';
import { BPF_FUNC_ringbuf_output, BPF_FUNC_ringbuf_reserve, KIND_RING } from './ringbuf_fastpath.js';
import { RingBuf } from '../../maps/ringbuf.js';

export const BPF_FUNC_map_lookup_elem = 1;
export const BPF_FUNC_map_update_elem = 2;
export const BPF_FUNC_map_delete_elem = 3;

/**
 * kind bits of a map slot: INLINE_UPDATE = an array without a bpf_spin_lock whose BPF_ANY /
 * BPF_EXIST update is a copy in wasm (verified code only)
 */
export const KIND_LOOKUP = 1, KIND_UPDATE = 2, KIND_INLINE = 4, KIND_INLINE_UPDATE = 8, KIND_HASH_INLINE = 16;
/** the registry's helper 3 is the kernel's bpf_map_delete_elem: a delete site calls the map_delete import (KIND_RING is 32) */
export const KIND_DELETE = 64;

/** the fields of a slot's globals, in order */
const F_KIND = 0, F_BASE = 1, F_MAX = 2, F_STRIDE = 3;
/**
 * a slot's value size; 0 unless the slot's lookups return NULL or a value of that many bytes
 * (KIND_INLINE or KIND_HASH_INLINE, with KIND_LOOKUP: in wasm or through the map_lookup import, a
 * value of an array or of a preallocated hash map), which checked code's accesses through a
 * lookup's result compare with instead of the region table (ranges.ts mapValueAccesses)
 */
export const F_VSIZE = 4;
const N_FIELDS = 5;

export interface MapSite {
  /** helper id (1 lookup, 2 update) */
  helper: number;
  /** map slot: index into MapSites.consts */
  slot: number;
}

export interface MapSites {
  /** call slot → site */
  at: Map<number, MapSite>;
  /** the constant (map handle) of each slot */
  consts: number[];
  /** slots of bpf_ringbuf_output / bpf_ringbuf_reserve sites: the rings a submit may name (ringbuf_fastpath.ts) */
  ringSlots: number[];
}

/** helpers whose r1 is a map and whose call sites get a map slot */
function slotHelper(imm: number): boolean {
  return imm === BPF_FUNC_map_lookup_elem || imm === BPF_FUNC_map_update_elem || imm === BPF_FUNC_map_delete_elem || imm === BPF_FUNC_ringbuf_output || imm === BPF_FUNC_ringbuf_reserve;
}

const sitesOf = new WeakMap<Program, MapSites | null>();

// ---------------------------------------------------------------------------------- analysis

/** lattice values of the must-constant analysis: TOP (not reached yet), NAC, or a constant's id */
const TOP = -2, NAC = -1;

/**
 * The map-helper call sites whose r1 is one known constant on every path (null when there are
 * none). Linear in the program for the CFGs compilers emit; runs only for programs that call
 * helper 1 or 2 at all.
 */
export function mapSites(prog: Program): MapSites | null {
  const memo = sitesOf.get(prog);
  if (memo !== undefined) return memo;
  const r = analyse(prog);
  sitesOf.set(prog, r);
  return r;
}

function isMapCall(prog: Program, blockId: number): boolean {
  const b = prog.blocks[blockId]!;
  if (b.term !== Term.HelperCall) return false;
  return slotHelper(prog.slots.imm[b.last]!);
}

function analyse(prog: Program): MapSites | null {
  const blocks = prog.blocks;
  const nb = blocks.length;
  let any = false;
  for (let k = 0; k < nb && !any; k++) any = isMapCall(prog, k);
  if (!any) return null;
  const s = prog.slots;
  // constant values (u32: only a value below 2^32 can be a map handle) and their ids
  const values: number[] = [];
  const idOf = new Map<number, number>();
  const intern = (lo: number, hi: number): number => {
    if (hi !== 0) return NAC;
    const v = lo >>> 0;
    let id = idOf.get(v);
    if (id === undefined) idOf.set(v, (id = values.length)), values.push(v);
    return id;
  };
  // in-states of r0..r9 per block; function entries (and callbacks, tail-call targets at slot 0)
  // start with nothing known
  const R = 10;
  const state = new Int32Array(nb * R).fill(TOP);
  const inWork = new Uint8Array(nb);
  const work: number[] = [];
  for (const e of prog.funcEntries) {
    const id = prog.blockAt[e]!;
    state.fill(NAC, id * R, id * R + R);
    inWork[id] = 1;
    work.push(id);
  }
  const cur = new Int32Array(R);
  const sites = new Map<number, MapSite>();
  const slotOf = new Map<number, number>();
  while (work.length) {
    const id = work.pop()!;
    inWork[id] = 0;
    const blk = blocks[id]!;
    for (let r = 0; r < R; r++) cur[r] = state[id * R + r]!;
    // the instructions before the terminator (a falling-through block has none: all of them)
    const end = blk.term === Term.Fall ? nextSlot(s, blk.last) : blk.last;
    for (let p = blk.start; p < end; p = nextSlot(s, p)) transfer(s, p, cur, intern);
    // the terminator's effect on the registers
    switch (blk.term) {
      case Term.HelperCall: {
        const p = blk.last;
        const imm = s.imm[p]!;
        if (slotHelper(imm)) {
          // recorded at every visit: the last visit sees the fixed point
          const c = cur[1]!;
          if (c >= 0) {
            let slot = slotOf.get(c);
            if (slot === undefined) slotOf.set(c, (slot = slotOf.size));
            sites.set(p, { helper: imm, slot });
          } else sites.delete(p);
        }
        cur[0] = NAC; // helpers set r0 only (both engines leave r1..r5 as they were)
        break;
      }
      case Term.Callx:
        cur[0] = NAC;
        break;
      case Term.LocalCall:
      case Term.LdAbs:
        for (let r = 0; r <= 5; r++) cur[r] = NAC;
        break;
      default:
        break;
    }
    for (const nx of blk.succ) {
      let changed = false;
      for (let r = 0; r < R; r++) {
        const o = state[nx * R + r]!;
        const v = cur[r]!;
        const j = o === TOP ? v : o === v ? o : NAC;
        if (j !== o) {
          state[nx * R + r] = j;
          changed = true;
        }
      }
      if (changed && !inWork[nx]) {
        inWork[nx] = 1;
        work.push(nx);
      }
    }
  }
  if (sites.size === 0) return null;
  // slots in order of first use; a slot no site still uses (dropped after a re-visit) is compacted away
  const used = [...new Set([...sites.values()].map((x) => x.slot))].sort((a, b) => a - b);
  const remap = new Map(used.map((o, k) => [o, k]));
  const byConst = [...slotOf.entries()].sort((a, b) => a[1] - b[1]);
  const consts: number[] = [];
  for (const [c, slot] of byConst) if (remap.has(slot)) consts[remap.get(slot)!] = values[c]!;
  for (const x of sites.values()) x.slot = remap.get(x.slot)!;
  const ringSlots = [...new Set([...sites.values()].filter((x) => x.helper === BPF_FUNC_ringbuf_output || x.helper === BPF_FUNC_ringbuf_reserve).map((x) => x.slot))].sort((a, b) => a - b);
  return { at: sites, consts, ringSlots };
}

/** the effect of one non-terminator instruction on the known constants */
function transfer(s: Program['slots'], p: number, cur: Int32Array, intern: (lo: number, hi: number) => number): void {
  const c = s.code[p]!;
  const d = s.dst[p]!;
  const cls = c & 7;
  if (c === LDDW) {
    // both engines load imm/imm2 whatever the pseudo source (relocated map handles included)
    if (d < 10) cur[d] = intern(s.imm[p]!, s.imm2[p]!);
    return;
  }
  if (cls === op.BPF_ALU64 || cls === op.BPF_ALU) {
    if (d >= 10) return;
    if ((c & 0xf0) === op.BPF_MOV && s.off[p] === 0) {
      if (c & op.BPF_X) {
        const src = s.src[p]!;
        cur[d] = cls === op.BPF_ALU64 && src < 10 ? cur[src]! : NAC;
      } else {
        const imm = s.imm[p]!;
        cur[d] = cls === op.BPF_ALU64 ? intern(imm, imm >> 31) : intern(imm, 0);
      }
      return;
    }
    cur[d] = NAC;
    return;
  }
  if (cls === op.BPF_LDX) {
    if (d < 10) cur[d] = NAC;
    return;
  }
  if ((cls === op.BPF_STX || cls === op.BPF_ST) && (c & 0xe0) === op.BPF_ATOMIC) {
    const a = s.imm[p]!;
    if (a === op.BPF_CMPXCHG) cur[0] = NAC;
    else if (a & op.BPF_FETCH) {
      const src = s.src[p]!;
      if (src < 10) cur[src] = NAC;
    }
  }
}

// ---------------------------------------------------------------------------------- module pieces

/** import function types: map_lookup(j, key_lo, key_hi, pc) → ptr; map_update(j, key_lo, key_hi, val_lo, val_hi, flags, pc) → ret */
export const MAP_LOOKUP_TYPE = { params: [I32, I32, I32, I32] as ValType[], results: [I32] as ValType[] };
export const MAP_UPDATE_TYPE = { params: [I32, I32, I32, I32, I32, I32, I32] as ValType[], results: [I32] as ValType[] };

/** the mutable globals of `n` map slots (appended after the module's own globals) */
export function mapGlobalDefs(n: number): GlobalDef[] {
  return Array.from({ length: n * N_FIELDS }, () => ({ type: I32, mutable: true, init: 0 }));
}

const FIELD_NAMES = ['kind', 'base', 'max', 'stride', 'vsize'];

/** global index of field `field` of slot j, the slots' globals starting at `first` */
export function mapSlotGlobal(first: number, j: number, field: number): number {
  return first + j * N_FIELDS + field;
}

/** export names of slot j's globals */
export function mapGlobalName(j: number, field: number): string {
  return `map${j}_${FIELD_NAMES[field]}`;
}

/** exports of the globals of `n` slots starting at global index `first` */
export function mapGlobalExports(n: number, first: number): Array<{ name: string; kind: 'global'; index: number }> {
  const out: Array<{ name: string; kind: 'global'; index: number }> = [];
  for (let j = 0; j < n; j++) for (let f = 0; f < N_FIELDS; f++) out.push({ name: mapGlobalName(j, f), kind: 'global', index: first + j * N_FIELDS + f });
  return out;
}

// ---------------------------------------------------------------------------------- emission

/** what the code generator lends the fast-path emitter at one call site */
export interface EmitHooks {
  b: Bytes;
  /** global index of slot 0's first field */
  firstGlobal: number;
  /** function indices of the map_lookup, map_update and map_delete imports */
  fnLookup: number;
  fnUpdate: number;
  fnDelete: number;
  /** an i32 scratch local */
  t32: number;
  /** the program is unverified: its accesses are region-checked */
  checked: boolean;
  /**
   * checked code: the i64 local holding the stack region's base, and the region's size — the
   * in-wasm hash lookup and array update read their key (and value) there only when it lies
   * wholly in the program's own stack (where keys are in practice), the import otherwise
   */
  stackLo: number;
  stackSize: number;
  /** function index of the module's htab_lookup (HTAB_LOOKUP_BODY) */
  fnHtab: number;
  /** push the i32 address of r2 (region-checked for a read of `size` bytes when the program is unverified); returns the memarg offset */
  keyAddress(size: number): number;
  /** r2 points to KEY_IN_FRAME (4) bytes of the caller's frame on every path (ranges.ts): no check of it */
  keyInFrame: boolean;
  /** the generic helper call (spill, HelperContext, tail-call status) */
  generic(): void;
}

function pushLoHi(b: Bytes, r: number): void {
  b.u8(Op.local_get).uleb(r).u8(Op.i32_wrap_i64);
  b.u8(Op.local_get).uleb(r).u8(Op.i64_const).sleb(32).u8(Op.i64_shr_u).u8(Op.i32_wrap_i64);
}

/**
 * push (i32) whether the `size()` (an i64 pushed by the callback) bytes at register r lie wholly
 * in the stack region: (r - stack_lo) <u stackSize && (r - stack_lo) + size <=u stackSize. The
 * first compare bounds the difference, so the add cannot wrap; a pointer with a nonzero high half
 * is far above the region (the address space stays below 2^32) and fails it.
 */
function inStack(h: EmitHooks, r: number, size: () => void): void {
  const b = h.b;
  b.u8(Op.local_get).uleb(r).u8(Op.local_get).uleb(h.stackLo).u8(Op.i64_sub).u8(Op.i64_const).sleb(h.stackSize).u8(Op.i64_lt_u);
  b.u8(Op.local_get).uleb(r).u8(Op.local_get).uleb(h.stackLo).u8(Op.i64_sub);
  size();
  b.u8(Op.i64_add).u8(Op.i64_const).sleb(h.stackSize).u8(Op.i64_le_u).u8(Op.i32_and);
}

/** emit a map helper call with its fast paths */
export function emitMapHelperCall(h: EmitHooks, site: MapSite, p: number): void {
  const b = h.b;
  const g = (f: number): number => h.firstGlobal + site.slot * N_FIELDS + f;
  // (kind & bit) != 0, as 0 or 1
  const kindIs = (bit: number): void => void b.u8(Op.global_get).uleb(g(F_KIND)).u8(Op.i32_const).sleb(bit).u8(Op.i32_and).u8(Op.i32_const).sleb(0).u8(Op.i32_ne);
  if (site.helper === BPF_FUNC_map_lookup_elem) {
    // inline when the slot is an array and the key pointer fits in 32 bits (a wider one faults in
    // the helper with its own message: the import path gives exactly that; in verified code the
    // key is a pointer the verifier checked, which always fits; so is a key the range analysis
    // proved to lie in the frame, whose address address() then emits without a check)
    kindIs(KIND_INLINE);
    if (h.checked && !h.keyInFrame) b.u8(Op.local_get).uleb(2).u8(Op.i64_const).sleb(32).u8(Op.i64_shr_u).u8(Op.i64_eqz).u8(Op.i32_and);
    // hinted likely (wasm.ts insertBranchHints): TurboFan then makes the other paths (the hash
    // lookup, the import, the generic helper: calls, which preserve no register) deferred blocks,
    // out of line with the spills and reloads their calls need; without the hint it keeps the
    // loop's values in stack slots around the inline lookup too. Measured (bench/jit_maps, one
    // process, interleaved): array loops 1.6-1.8x faster, checked and verified; hash lookups,
    // which then take the deferred path, unchanged (and unchanged with the hash path hinted likely)
    hintLikely(b.len);
    b.u8(Op.if).u8(VOID);
    {
      // array_map_lookup_elem: u32 index = *(u32 *)key; index < max_entries ? value + index * elem_size : NULL
      const mo = h.keyAddress(4);
      b.u8(Op.i32_load).uleb(2).uleb(mo).u8(Op.local_tee).uleb(h.t32);
      b.u8(Op.global_get).uleb(g(F_MAX)).u8(Op.i32_lt_u);
      b.u8(Op.if).u8(0x7e /* i64 */);
      b.u8(Op.global_get).uleb(g(F_BASE)).u8(Op.local_get).uleb(h.t32).u8(Op.global_get).uleb(g(F_STRIDE)).u8(Op.i32_mul).u8(Op.i32_add).u8(Op.i64_extend_i32_u);
      b.u8(Op.else).u8(Op.i64_const).sleb(0);
      b.u8(Op.end);
      b.u8(Op.local_set).uleb(0);
    }
    b.u8(Op.else);
    {
      // a preallocated hash map with a bucket mirror: htab_lookup in wasm (base = the mirror's
      // descriptor, stride = this CPU's offset in a per-CPU value); in checked code only for a
      // key wholly in the stack region (its 4 * KEY_WORDS bytes), which the helper would read too
      kindIs(KIND_HASH_INLINE);
      if (h.checked) {
        inStack(h, 2, () => b.u8(Op.global_get).uleb(g(F_BASE)).u8(Op.i32_load).uleb(2).uleb(HTAB_DESC.KEY_WORDS).u8(Op.i64_extend_i32_u).u8(Op.i64_const).sleb(2).u8(Op.i64_shl));
        b.u8(Op.i32_and);
      }
      b.u8(Op.if).u8(VOID);
      b.u8(Op.global_get).uleb(g(F_BASE)).u8(Op.local_get).uleb(2).u8(Op.i32_wrap_i64).u8(Op.global_get).uleb(g(F_STRIDE));
      b.u8(Op.call).uleb(h.fnHtab).u8(Op.i64_extend_i32_u).u8(Op.local_set).uleb(0);
      b.u8(Op.else);
    }
    kindIs(KIND_LOOKUP);
    b.u8(Op.if).u8(VOID);
    {
      b.u8(Op.i32_const).sleb(site.slot);
      pushLoHi(b, 2);
      b.u8(Op.i32_const).sleb(p).u8(Op.call).uleb(h.fnLookup).u8(Op.i64_extend_i32_u).u8(Op.local_set).uleb(0);
    }
    b.u8(Op.else);
    h.generic();
    b.u8(Op.end);
    b.u8(Op.end);
    b.u8(Op.end);
    return;
  }
  if (site.helper === BPF_FUNC_map_delete_elem) {
    // bpf_map_delete_elem: the map's own delete (hash maps' unlink and free list are JavaScript
    // state) through the import specialised to the map, without the generic call's register spill,
    // registry dispatch and HelperContext
    kindIs(KIND_DELETE);
    b.u8(Op.if).u8(VOID);
    b.u8(Op.i32_const).sleb(site.slot);
    pushLoHi(b, 2);
    b.u8(Op.i32_const).sleb(p).u8(Op.call).uleb(h.fnDelete).u8(Op.i64_extend_i32_s).u8(Op.local_set).uleb(0);
    b.u8(Op.else);
    h.generic();
    b.u8(Op.end);
    return;
  }
  // bpf_map_update_elem
  b.u8(Op.block).u8(VOID);
  {
    // an array: array_map_update_elem (kernel/bpf/arraymap.c) with BPF_ANY or BPF_EXIST and an
    // index in range is a copy of value_size bytes (copy_map_value, a memmove here) and r0 = 0.
    // The verifier proved key and value readable for their sizes; checked code takes this path
    // only when both lie wholly in the program's own stack region. Anything else (other flags, an
    // index out of range: -E2BIG, a key or value elsewhere) goes to the import below, which
    // answers as the helper does.
    kindIs(KIND_INLINE_UPDATE);
    b.u8(Op.local_get).uleb(4).u8(Op.i64_const).sleb(2).u8(Op.i64_or).u8(Op.i64_const).sleb(2).u8(Op.i64_eq).u8(Op.i32_and);
    if (h.checked) {
      inStack(h, 2, () => b.u8(Op.i64_const).sleb(4));
      b.u8(Op.i32_and);
      inStack(h, 3, () => b.u8(Op.global_get).uleb(g(F_VSIZE)).u8(Op.i64_extend_i32_u));
      b.u8(Op.i32_and);
    } else {
      b.u8(Op.local_get).uleb(2).u8(Op.local_get).uleb(3).u8(Op.i64_or).u8(Op.i64_const).sleb(32).u8(Op.i64_shr_u).u8(Op.i64_eqz).u8(Op.i32_and);
    }
    b.u8(Op.if).u8(VOID);
    b.u8(Op.local_get).uleb(2).u8(Op.i32_wrap_i64).u8(Op.i32_load).uleb(2).uleb(0).u8(Op.local_tee).uleb(h.t32);
    b.u8(Op.global_get).uleb(g(F_MAX)).u8(Op.i32_lt_u);
    b.u8(Op.if).u8(VOID);
    b.u8(Op.global_get).uleb(g(F_BASE)).u8(Op.local_get).uleb(h.t32).u8(Op.global_get).uleb(g(F_STRIDE)).u8(Op.i32_mul).u8(Op.i32_add);
    b.u8(Op.local_get).uleb(3).u8(Op.i32_wrap_i64);
    b.u8(Op.global_get).uleb(g(F_VSIZE));
    for (const x of MEMORY_COPY) b.u8(x);
    b.u8(Op.i64_const).sleb(0).u8(Op.local_set).uleb(0);
    b.u8(Op.br).uleb(2);
    b.u8(Op.end);
    b.u8(Op.end);
  }
  kindIs(KIND_UPDATE);
  b.u8(Op.if).u8(VOID);
  b.u8(Op.i32_const).sleb(site.slot);
  pushLoHi(b, 2);
  pushLoHi(b, 3);
  b.u8(Op.local_get).uleb(4).u8(Op.i32_wrap_i64);
  b.u8(Op.i32_const).sleb(p).u8(Op.call).uleb(h.fnUpdate).u8(Op.i64_extend_i32_s).u8(Op.local_set).uleb(0);
  // the region caches stay valid: an update may add regions (BPF_F_NO_PREALLOC pools grow) and
  // grow the memory, but never moves or unmaps one
  b.u8(Op.else);
  h.generic();
  b.u8(Op.end);
  b.u8(Op.end);
}

/**
 * htab_lookup(desc, key, cpu_off) -> value pointer or 0: kernel/bpf/hashtab.c
 * __htab_map_lookup_elem on a bucket mirror (maps/hashtab.ts HashMap.mirror, HTAB_DESC): the
 * key's htab_map_hash (jhash2 over its u32 words with the map's seed, include/linux/jhash.h), the
 * bucket's list walked comparing the cached hash and then the key words, and the element's value
 * (plus this CPU's offset in a per-CPU value) — the same element maps/hashtab.ts `find` returns.
 */
export const HTAB_LOOKUP_TYPE = { params: [I32, I32, I32] as ValType[], results: [I32] as ValType[] };
// locals: params desc, key, cpu_off; then a, b, c, len, k, e, hash, ka, i
const L_DESC = 0, L_KEY = 1, L_CPU = 2, L_A = 3, L_B = 4, L_C = 5, L_LEN = 6, L_K = 7, L_E = 8, L_HASH = 9, L_KA = 10, L_I = 11;
export const HTAB_LOOKUP_LOCALS: Array<[number, ValType]> = [[9, I32]];
export const HTAB_LOOKUP_BODY: Uint8Array = (() => {
  const out: number[] = [];
  const u = (...xs: number[]): void => void out.push(...xs);
  const leb = (v: number): number[] => {
    // signed LEB128 of an i32 constant
    const r: number[] = [];
    for (;;) {
      const byte = v & 0x7f;
      v >>= 7;
      if ((v === 0 && !(byte & 0x40)) || (v === -1 && byte & 0x40)) return r.push(byte), r;
      r.push(byte | 0x80);
    }
  };
  const get = (l: number): void => u(Op.local_get, l);
  const set = (l: number): void => u(Op.local_set, l);
  const c = (v: number): void => u(Op.i32_const, ...leb(v));
  const field = (off: number): void => (get(L_DESC), u(Op.i32_load, 2, off));
  /** x op= (y rotl r) pieces of __jhash_mix / __jhash_final */
  const subXorRot = (x: number, y: number, r: number): void => {
    // x -= y; x ^= rol32(y, r)   (mix)   -- used as: a -= c; a ^= rol(c, 4)
    get(x), get(y), u(Op.i32_sub), get(y), c(r), u(Op.i32_rotl), u(Op.i32_xor), set(x);
  };
  const addTo = (x: number, y: number): void => (get(x), get(y), u(Op.i32_add), set(x));
  const xorSubRot = (x: number, y: number, r: number): void => {
    // x ^= y; x -= rol32(y, r)   (final)
    get(x), get(y), u(Op.i32_xor), get(y), c(r), u(Op.i32_rotl), u(Op.i32_sub), set(x);
  };
  const addWord = (x: number, off: number): void => (get(x), get(L_K), u(Op.i32_load, 2, off), u(Op.i32_add), set(x));
  // len = key words; a = b = c = JHASH_INITVAL + (len << 2) + seed
  field(HTAB_DESC.KEY_WORDS), set(L_LEN);
  c(0xdeadbeef | 0), get(L_LEN), c(2), u(Op.i32_shl), u(Op.i32_add), field(HTAB_DESC.SEED), u(Op.i32_add);
  u(Op.local_tee, L_A, Op.local_tee, L_B), set(L_C);
  get(L_KEY), set(L_K);
  // while (len > 3) { a += k[0]; b += k[1]; c += k[2]; __jhash_mix(a, b, c); len -= 3; k += 3; }
  u(Op.block, VOID, Op.loop, VOID);
  get(L_LEN), c(3), u(Op.i32_le_u, Op.br_if, 1);
  addWord(L_A, 0), addWord(L_B, 4), addWord(L_C, 8);
  subXorRot(L_A, L_C, 4), addTo(L_C, L_B);
  subXorRot(L_B, L_A, 6), addTo(L_A, L_C);
  subXorRot(L_C, L_B, 8), addTo(L_B, L_A);
  subXorRot(L_A, L_C, 16), addTo(L_C, L_B);
  subXorRot(L_B, L_A, 19), addTo(L_A, L_C);
  subXorRot(L_C, L_B, 4), addTo(L_B, L_A);
  get(L_LEN), c(3), u(Op.i32_sub), set(L_LEN);
  get(L_K), c(12), u(Op.i32_add), set(L_K);
  u(Op.br, 0, Op.end, Op.end);
  // the last 1..3 words (case 3: c += k[2]; case 2: b += k[1]; case 1: a += k[0]; __jhash_final)
  get(L_LEN), u(Op.if, VOID);
  get(L_LEN), c(3), u(Op.i32_ge_u, Op.if, VOID), addWord(L_C, 8), u(Op.end);
  get(L_LEN), c(2), u(Op.i32_ge_u, Op.if, VOID), addWord(L_B, 4), u(Op.end);
  addWord(L_A, 0);
  xorSubRot(L_C, L_B, 14);
  xorSubRot(L_A, L_C, 11);
  xorSubRot(L_B, L_A, 25);
  xorSubRot(L_C, L_B, 16);
  xorSubRot(L_A, L_C, 4);
  xorSubRot(L_B, L_A, 14);
  xorSubRot(L_C, L_B, 24);
  u(Op.end);
  get(L_C), set(L_HASH);
  // e = heads[hash & mask]
  field(HTAB_DESC.HEADS), get(L_HASH), field(HTAB_DESC.MASK), u(Op.i32_and), c(2), u(Op.i32_shl), u(Op.i32_add), u(Op.i32_load, 2, 0), set(L_E);
  u(Op.loop, VOID);
  // end of the list: NULL
  get(L_E), c(0), u(Op.i32_lt_s, Op.if, VOID), c(0), u(Op.return, Op.end);
  // hashes[e] == hash: compare the key words
  field(HTAB_DESC.HASHES), get(L_E), c(2), u(Op.i32_shl), u(Op.i32_add), u(Op.i32_load, 2, 0), get(L_HASH), u(Op.i32_eq);
  u(Op.if, VOID);
  field(HTAB_DESC.KEY_BASE), get(L_E), field(HTAB_DESC.KEY_STRIDE), u(Op.i32_mul), u(Op.i32_add), set(L_KA);
  c(0), set(L_I);
  u(Op.block, VOID, Op.loop, VOID);
  // all words equal: an LRU map's element is referenced (htab_lru_map_lookup_elem's
  // bpf_lru_node_set_ref: ref[e] = 1 when REF is set); the element's value (+ this CPU's offset)
  get(L_I), field(HTAB_DESC.KEY_WORDS), u(Op.i32_ge_u, Op.if, VOID);
  field(HTAB_DESC.REF), u(Op.local_tee, L_KA, Op.if, VOID), get(L_KA), get(L_E), u(Op.i32_add), c(1), u(Op.i32_store8, 0, 0), u(Op.end);
  field(HTAB_DESC.VAL_BASE), get(L_E), field(HTAB_DESC.VAL_STRIDE), u(Op.i32_mul), u(Op.i32_add), get(L_CPU), u(Op.i32_add), u(Op.return);
  u(Op.end);
  get(L_KA), get(L_I), c(2), u(Op.i32_shl), u(Op.i32_add), u(Op.i32_load, 2, 0);
  get(L_KEY), get(L_I), c(2), u(Op.i32_shl), u(Op.i32_add), u(Op.i32_load, 2, 0);
  u(Op.i32_ne, Op.br_if, 1);
  get(L_I), c(1), u(Op.i32_add), set(L_I);
  u(Op.br, 0, Op.end, Op.end);
  u(Op.end);
  // e = next[e]
  field(HTAB_DESC.NEXT), get(L_E), c(2), u(Op.i32_shl), u(Op.i32_add), u(Op.i32_load, 2, 0), set(L_E);
  u(Op.br, 0, Op.end);
  u(Op.unreachable, Op.end);
  return Uint8Array.from(out);
})();

// ---------------------------------------------------------------------------------- binding

const STD = (() => {
  const r = new HelperRegistry();
  registerCore(r);
  return { lookup: r.get(BPF_FUNC_map_lookup_elem)!.fn, update: r.get(BPF_FUNC_map_update_elem)!.fn, delete: r.get(BPF_FUNC_map_delete_elem)!.fn };
})();

type GlobalSet = WebAssembly.Global[];

/** the same map seen by the run's resolver and by the maps layer */
function sameMap(like: BpfMapLike | undefined, m: BpfMap | undefined, k: number): m is BpfMap {
  return !!like && !!m && like.handle === k && like.type === m.type && like.keySize === m.keySize && like.valueSize === m.valueSize && like.maxEntries === m.maxEntries;
}

/**
 * The run-time side of one compiled module's map slots on one engine: which map each slot names
 * for the current run, the globals of every instance of the module, and the two imports.
 */
export class MapFastPath {
  readonly maps: Array<BpfMap | undefined>;
  private readonly kinds: Int32Array;
  private readonly layout: Int32Array;
  private readonly instances: GlobalSet[] = [];
  private cpu = 0;
  private resolver: unknown = null;
  private fnLookup: HelperFn | undefined;
  private fnUpdate: HelperFn | undefined;
  private fnDelete: HelperFn | undefined;
  private ringOk = false;
  private ringOf: unknown = null;
  private fresh = false;
  private generation = -1;

  constructor(
    private readonly as: AddressSpace,
    readonly consts: readonly number[],
    /** the module has ring-buffer sites (its slots may be KIND_RING) */
    readonly hasRing = false,
  ) {
    this.maps = new Array(consts.length).fill(undefined);
    this.kinds = new Int32Array(consts.length);
    this.layout = new Int32Array(consts.length * N_FIELDS);
  }

  /** a new instance of the module: its globals follow this binding */
  attach(exports: Record<string, unknown>): void {
    const gs: GlobalSet = [];
    for (let j = 0; j < this.consts.length; j++) for (let f = 0; f < N_FIELDS; f++) gs.push(exports[mapGlobalName(j, f)] as WebAssembly.Global);
    this.instances.push(gs);
    if (this.fresh) this.write(gs);
  }

  /**
   * Bind the slots for a run: nothing to do when the resolver, the CPU, the helpers and the
   * address space's regions are those of the previous run.
   */
  refresh(env: ExecEnv, lookupFn: HelperFn | undefined, updateFn: HelperFn | undefined, sandbox: Sandbox | null = null, ringOk = false, deleteFn?: HelperFn): void {
    const resolve = (env as { resolveMap?: (ptr: number) => BpfMapLike | undefined }).resolveMap;
    const ringOf = (env as { ringbufOf?: (ptr: number) => unknown }).ringbufOf;
    const cpu = env.cpu ?? 0;
    // a map is created or freed only with a region mapped or unmapped (its handle): the address
    // space's generation says whether any handle may name another map now
    if (this.fresh && resolve === this.resolver && cpu === this.cpu && lookupFn === this.fnLookup && updateFn === this.fnUpdate && deleteFn === this.fnDelete && ringOk === this.ringOk && ringOf === this.ringOf && this.as.generation === this.generation) return;
    this.generation = this.as.generation;
    this.resolver = resolve;
    this.cpu = cpu;
    this.fnLookup = lookupFn;
    this.fnUpdate = updateFn;
    this.fnDelete = deleteFn;
    this.ringOk = ringOk;
    this.ringOf = ringOf;
    const okLookup = lookupFn === STD.lookup, okUpdate = updateFn === STD.update, okDelete = deleteFn === STD.delete;
    for (let j = 0; j < this.consts.length; j++) {
      const k = this.consts[j]!;
      let kind = 0;
      let m: BpfMap | undefined;
      // an unverified program's slot names a map it owns (vm/sandbox.ts), else the generic call faults as the helper does
      let like: BpfMapLike | undefined;
      if (resolve && (okLookup || okUpdate || okDelete || ringOk) && (sandbox === null || sandbox.ownsMap(k))) {
        const cand = BpfMap.fromPtr(this.as, k);
        like = resolve(k);
        if (sameMap(like, cand, k)) m = cand;
      }
      this.layout.fill(0, j * N_FIELDS, j * N_FIELDS + N_FIELDS);
      if (m) {
        if (okLookup) kind |= KIND_LOOKUP;
        if (okUpdate) kind |= KIND_UPDATE;
        if (okDelete) kind |= KIND_DELETE;
        // plain arrays only: the redirect maps (maps/devmap.ts) are arrays whose empty slots look up NULL
        if (okLookup && m instanceof HashMap && m.mirror !== 0 && (m.type === MapType.HASH || m.type === MapType.PERCPU_HASH || m.type === MapType.LRU_HASH || m.type === MapType.LRU_PERCPU_HASH)) {
          kind |= KIND_HASH_INLINE;
          this.layout[j * N_FIELDS + F_BASE] = m.mirror;
          this.layout[j * N_FIELDS + F_STRIDE] = m.percpu ? cpu * m.cpuStride : 0;
          // (htab_lookup and the map_lookup import return NULL or an element's value, which a
          // preallocated map never frees; its value size for ranges.ts's value accesses)
          this.layout[j * N_FIELDS + F_VSIZE] = m.valueSize;
        }
        if (okLookup && m instanceof ArrayMap && (m.type === MapType.ARRAY || m.type === MapType.PERCPU_ARRAY)) {
          const l = m.lookupLayout(cpu);
          // the wasm arithmetic is u32: only when every element's address fits (the helper's
          // pointer would otherwise be a 64-bit value)
          if (l.base >= 0 && l.base + l.maxEntries * l.stride <= 0x1_0000_0000) {
            kind |= KIND_INLINE;
            this.layout[j * N_FIELDS + F_BASE] = l.base | 0;
            this.layout[j * N_FIELDS + F_MAX] = l.maxEntries | 0;
            this.layout[j * N_FIELDS + F_STRIDE] = l.stride | 0;
            this.layout[j * N_FIELDS + F_VSIZE] = m.valueSize;
            if (okUpdate && m.spinLockOff < 0) kind |= KIND_INLINE_UPDATE;
          }
        }
        // a ring buffer whose records the run's env.ringbufOf finds (submit/discard get only the record)
        if (ringOk && m instanceof RingBuf && ringOf && like?.ringbuf && ringOf(m.dataBase) === like.ringbuf && m.dataBase + 2 * m.maxEntries <= 0x1_0000_0000) {
          kind |= KIND_RING;
          this.layout[j * N_FIELDS + F_BASE] = m.ctl;
          this.layout[j * N_FIELDS + F_MAX] = m.maxEntries;
          this.layout[j * N_FIELDS + F_STRIDE] = m.dataBase;
        }
      }
      this.maps[j] = m;
      this.kinds[j] = kind;
      this.layout[j * N_FIELDS + F_KIND] = kind;
    }
    this.fresh = true;
    for (const gs of this.instances) this.write(gs);
  }

  private write(gs: GlobalSet): void {
    for (let k = 0; k < gs.length; k++) gs[k]!.value = this.layout[k]!;
  }

  /** the `ring_wake` import: a submit asked for a wakeup while a JavaScript consumer waits */
  wake(j: number): void {
    (this.maps[j] as RingBuf).wake();
  }

  /** the `map_lookup` import: bpf_map_lookup_elem's checks and the map's lookup, without the HelperContext */
  lookup(j: number, lo: number, hi: number, pc: number): number {
    const m = this.maps[j]!;
    const key = hi === 0 ? lo >>> 0 : 0x1_0000_0000;
    const as = this.as;
    // an unverified program's sandbox (vm/sandbox.ts): the map must be one it references, and what
    // the lookup returns (an inner map of a map-in-map) becomes its own; verified runs have no policy
    if (as.policy !== null) as.check(this.consts[j]!, 1, false, pc);
    as.check(key, m.keySize, false, pc);
    const v = m.lookupPtr(key, this.cpu);
    if (as.policy !== null) as.grant(v);
    return v;
  }

  /** the `map_delete` import: bpf_map_delete_elem's checks (core.ts mapDeleteElem) and the map's delete */
  delete(j: number, lo: number, hi: number, pc: number): number {
    const m = this.maps[j]!;
    const key = hi === 0 ? lo >>> 0 : 0x1_0000_0000;
    const as = this.as;
    if (as.policy !== null) as.check(this.consts[j]!, 1, false, pc);
    as.check(key, m.keySize, false, pc);
    return m.deletePtr(key);
  }

  /** the `map_update` import: bpf_map_update_elem's checks (in the helper's order) and the map's update */
  update(j: number, klo: number, khi: number, vlo: number, vhi: number, flags: number, pc: number): number {
    const m = this.maps[j]!;
    const key = khi === 0 ? klo >>> 0 : 0x1_0000_0000;
    const value = vhi === 0 ? vlo >>> 0 : 0x1_0000_0000;
    const as = this.as;
    if (as.policy !== null) as.check(this.consts[j]!, 1, false, pc);
    as.check(key, m.keySize, false, pc);
    as.check(value, m.valueSize, false, pc);
    if (flags === 0 && this.kinds[j]! & KIND_INLINE && m.spinLockOff < 0) {
      // BPF_ANY on an array without a spin lock: array_map_update_elem (and the per-CPU
      // variant) reduce to the index check and a copy of value_size bytes (memmove, as
      // ArrayMap.updatePtr's copy) — without its second pair of region look-ups
      const index = as.dv.getUint32(key, true);
      const o = j * N_FIELDS;
      if (index >= this.layout[o + F_MAX]! >>> 0) return E2BIG;
      const dst = (this.layout[o + F_BASE]! >>> 0) + index * (this.layout[o + F_STRIDE]! >>> 0);
      as.u8.copyWithin(dst, value, value + m.valueSize);
      return 0;
    }
    return m.updatePtr(key, value, flags >>> 0, this.cpu);
  }
}
