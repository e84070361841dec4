/**
 * The ring buffer in WebAssembly (issue 14: "ring-buffer reserve/submit in wasm"):
 * bpf_ringbuf_reserve, bpf_ringbuf_submit, bpf_ringbuf_discard and bpf_ringbuf_output run inside
 * the compiled module on the ring's own memory, as kernel/bpf/ringbuf.c does them —
 * __bpf_ringbuf_reserve (advance pending_pos past committed records, refuse a record that would
 * lap the consumer or a busy record, write the header with BPF_RINGBUF_BUSY_BIT and its page
 * offset, move producer_pos) and bpf_ringbuf_commit (clear BUSY, set BPF_RINGBUF_DISCARD_BIT for
 * a discard, wake the consumer unless BPF_RB_NO_WAKEUP) — on the layout of maps/ringbuf.ts: the
 * positions in the map's control region (RINGBUF_CTL), records in its data region, the part of a
 * record past the end copied to the start (the kernel's second mapping of the data pages).
 *
 * A call site of bpf_ringbuf_output / bpf_ringbuf_reserve whose r1 is one map constant on every
 * path has that map's slot (map_fastpath.ts mapSites); the slot gets KIND_RING when the run's
 * resolver names a RINGBUF map, its `env.ringbufOf` finds the ring by its records, and the
 * registry's four ring helpers are the kernel's (events.ts) — else every call takes the generic
 * helper import, exactly as before. A submit or discard gets only the record pointer: it is
 * compared with the data range of each ring slot of the module, and a pointer in none of them (or
 * a header a program corrupted) goes to the generic import, which answers as the helper does.
 * The only call out of wasm is `ring_wake(slot)`, when a submit asks for a wakeup and a
 * JavaScript consumer waits (the control region's WAKE word), so a batch of runs fills the ring
 * without one crossing per record. For unverified (checked) code, output's source buffer is
 * region-checked through the `region` import (the helper's EFAULT, word for word) and sizes
 * outside 1..max_entries and pointers with a high half take the generic path.
 */
import { HelperRegistry, type HelperFn } from '../../helpers/api.js';
import { registerEvents } from '../../helpers/impl/events.js';
import { BPF_FUNC } from '../../isa/helper_ids.js';
import { RINGBUF_CTL } from '../../maps/ringbuf.js';
import { BPF_RINGBUF_BUSY_BIT, BPF_RINGBUF_DISCARD_BIT, BPF_RINGBUF_HDR_SZ } from '../../maps/constants.js';
import { EAGAIN, EINVAL } from '../../maps/map.js';
import { Bytes, I32, I64, MEMORY_COPY, Op, VOID, type ValType } from './wasm.js';

export const BPF_FUNC_ringbuf_output = BPF_FUNC['ringbuf_output']!;
export const BPF_FUNC_ringbuf_reserve = BPF_FUNC['ringbuf_reserve']!;
export const BPF_FUNC_ringbuf_submit = BPF_FUNC['ringbuf_submit']!;
export const BPF_FUNC_ringbuf_discard = BPF_FUNC['ringbuf_discard']!;

/** kind bit of a map slot bound to a ring buffer: base = control region, max = max_entries, stride = data[] */
export const KIND_RING = 32;

/** the kernel's ring helpers (events.ts): a slot is bound only when the run's registry has exactly these */
const STD: readonly HelperFn[] = (() => {
  const r = new HelperRegistry();
  registerEvents(r);
  return [BPF_FUNC_ringbuf_output, BPF_FUNC_ringbuf_reserve, BPF_FUNC_ringbuf_submit, BPF_FUNC_ringbuf_discard].map((id) => r.get(id)!.fn);
})();

/** does `helpers` run the kernel's four ring-buffer helpers */
export function standardRingHelpers(helpers: HelperRegistry | undefined): boolean {
  return !!helpers && helpers.get(BPF_FUNC_ringbuf_output)?.fn === STD[0] && helpers.get(BPF_FUNC_ringbuf_reserve)?.fn === STD[1] && helpers.get(BPF_FUNC_ringbuf_submit)?.fn === STD[2] && helpers.get(BPF_FUNC_ringbuf_discard)?.fn === STD[3];
}

/** RINGBUF_MAX_RECORD_SZ (ringbuf.c) */
const MAX_RECORD_SZ = 0x3fffffff;
const LEN_MASK = ~(BPF_RINGBUF_BUSY_BIT | BPF_RINGBUF_DISCARD_BIT) & 0x7fffffff;
/** page of struct bpf_ringbuf where data[] starts (a header's pg_off counts from the struct) */
const DATA_PGOFF = 3;

/** rb_reserve(ctl, size) -> record pointer or 0 */
export const RB_RESERVE_TYPE = { params: [I32, I32] as ValType[], results: [I32] as ValType[] };
/** rb_commit(slot, ctl, rec, flags | discard << 2) -> 0 done, 1 not a record this code can commit (the generic helper decides) */
export const RB_COMMIT_TYPE = { params: [I32, I32, I32, I32] as ValType[], results: [I32] as ValType[] };

// rb_reserve locals: params ctl, size; i32 mask, data, len, l, off, hdr; i64 prod, pend, next
const R_CTL = 0, R_SIZE = 1, R_MASK = 2, R_DATA = 3, R_LEN = 4, R_L = 5, R_OFF = 6, R_HDR = 7, R_PROD = 8, R_PEND = 9, R_NEXT = 10;
export const RB_RESERVE_LOCALS: Array<[number, ValType]> = [[6, I32], [3, I64]];

/** __bpf_ringbuf_reserve on the control region at `ctl` (maps/ringbuf.ts RingBuf.reserve, step for step) */
export const RB_RESERVE_BODY: Uint8Array = (() => {
  const b = new Bytes(256);
  const get = (l: number): Bytes => b.u8(Op.local_get).uleb(l);
  const fail = (): void => void b.u8(Op.if).u8(VOID).u8(Op.i32_const).sleb(0).u8(Op.return).u8(Op.end);
  // a size over RINGBUF_MAX_RECORD_SZ, or a record longer than the ring: NULL
  get(R_SIZE).u8(Op.i32_const).sleb(MAX_RECORD_SZ).u8(Op.i32_gt_u); fail();
  get(R_SIZE).u8(Op.i32_const).sleb(BPF_RINGBUF_HDR_SZ + 7).u8(Op.i32_add).u8(Op.i32_const).sleb(-8).u8(Op.i32_and).u8(Op.local_set).uleb(R_LEN);
  get(R_CTL).u8(Op.i32_load).uleb(2).uleb(RINGBUF_CTL.MASK).u8(Op.local_set).uleb(R_MASK);
  get(R_LEN); get(R_MASK).u8(Op.i32_const).sleb(1).u8(Op.i32_add).u8(Op.i32_gt_u); fail();
  get(R_CTL).u8(Op.i32_load).uleb(2).uleb(RINGBUF_CTL.DATA).u8(Op.local_set).uleb(R_DATA);
  get(R_CTL).u8(Op.i64_load).uleb(3).uleb(RINGBUF_CTL.PROD).u8(Op.local_set).uleb(R_PROD);
  get(R_CTL).u8(Op.i64_load).uleb(3).uleb(RINGBUF_CTL.PEND).u8(Op.local_set).uleb(R_PEND);
  // pending_pos past the committed records (a busy one stops it: reserve never laps it)
  b.u8(Op.block).u8(VOID).u8(Op.loop).u8(VOID);
  get(R_PEND); get(R_PROD).u8(Op.i64_ge_u).u8(Op.br_if).uleb(1);
  get(R_DATA); get(R_PEND).u8(Op.i32_wrap_i64); get(R_MASK).u8(Op.i32_and).u8(Op.i32_add).u8(Op.i32_load).uleb(2).uleb(0).u8(Op.local_tee).uleb(R_L);
  b.u8(Op.i32_const).sleb(BPF_RINGBUF_BUSY_BIT | 0).u8(Op.i32_and).u8(Op.br_if).uleb(1);
  get(R_PEND); get(R_L).u8(Op.i32_const).sleb(LEN_MASK).u8(Op.i32_and).u8(Op.i32_const).sleb(BPF_RINGBUF_HDR_SZ + 7).u8(Op.i32_add).u8(Op.i32_const).sleb(-8).u8(Op.i32_and);
  b.u8(Op.i64_extend_i32_u).u8(Op.i64_add).u8(Op.local_set).uleb(R_PEND);
  b.u8(Op.br).uleb(0).u8(Op.end).u8(Op.end);
  get(R_CTL); get(R_PEND).u8(Op.i64_store).uleb(3).uleb(RINGBUF_CTL.PEND);
  get(R_PROD); get(R_LEN).u8(Op.i64_extend_i32_u).u8(Op.i64_add).u8(Op.local_set).uleb(R_NEXT);
  // the record would lap the consumer, or a record still busy: NULL
  get(R_NEXT); get(R_CTL).u8(Op.i64_load).uleb(3).uleb(RINGBUF_CTL.CONS).u8(Op.i64_sub); get(R_MASK).u8(Op.i64_extend_i32_u).u8(Op.i64_gt_u); fail();
  get(R_NEXT); get(R_PEND).u8(Op.i64_sub); get(R_MASK).u8(Op.i64_extend_i32_u).u8(Op.i64_gt_u); fail();
  // the header: len | BUSY, pg_off; producer_pos = next
  get(R_PROD).u8(Op.i32_wrap_i64); get(R_MASK).u8(Op.i32_and).u8(Op.local_set).uleb(R_OFF);
  get(R_DATA); get(R_OFF).u8(Op.i32_add).u8(Op.local_set).uleb(R_HDR);
  get(R_HDR); get(R_SIZE).u8(Op.i32_const).sleb(BPF_RINGBUF_BUSY_BIT | 0).u8(Op.i32_or).u8(Op.i32_store).uleb(2).uleb(0);
  get(R_HDR); get(R_OFF).u8(Op.i32_const).sleb(12).u8(Op.i32_shr_u).u8(Op.i32_const).sleb(DATA_PGOFF).u8(Op.i32_add).u8(Op.i32_store).uleb(2).uleb(4);
  get(R_CTL); get(R_NEXT).u8(Op.i64_store).uleb(3).uleb(RINGBUF_CTL.PROD);
  get(R_HDR).u8(Op.i32_const).sleb(BPF_RINGBUF_HDR_SZ).u8(Op.i32_add);
  b.u8(Op.end);
  return b.view().slice();
})();

// rb_commit locals: params slot, ctl, rec, fl; i32 data, mask, hdr, off, len, end
const C_SLOT = 0, C_CTL = 1, C_REC = 2, C_FL = 3, C_DATA = 4, C_MASK = 5, C_HDR = 6, C_OFF = 7, C_LEN = 8, C_END = 9;
export const RB_COMMIT_LOCALS: Array<[number, ValType]> = [[6, I32]];

/**
 * bpf_ringbuf_commit (maps/ringbuf.ts RingBuf.commit): 1 (nothing written) when `rec` is not a
 * busy record at an 8-byte offset of the ring, or its header says it ends past the second copy of
 * the data (only a corrupted header can: the generic helper then does what the interpreter does)
 */
export function rbCommitBody(fnWake: number): Uint8Array {
  const b = new Bytes(256);
  const get = (l: number): Bytes => b.u8(Op.local_get).uleb(l);
  const bail = (): void => void b.u8(Op.if).u8(VOID).u8(Op.i32_const).sleb(1).u8(Op.return).u8(Op.end);
  get(C_CTL).u8(Op.i32_load).uleb(2).uleb(RINGBUF_CTL.DATA).u8(Op.local_set).uleb(C_DATA);
  get(C_CTL).u8(Op.i32_load).uleb(2).uleb(RINGBUF_CTL.MASK).u8(Op.local_set).uleb(C_MASK);
  get(C_REC).u8(Op.i32_const).sleb(BPF_RINGBUF_HDR_SZ).u8(Op.i32_sub).u8(Op.local_tee).uleb(C_HDR);
  get(C_DATA).u8(Op.i32_sub).u8(Op.local_tee).uleb(C_OFF);
  get(C_MASK).u8(Op.i32_gt_u); bail();
  get(C_OFF).u8(Op.i32_const).sleb(7).u8(Op.i32_and); bail();
  get(C_HDR).u8(Op.i32_load).uleb(2).uleb(0).u8(Op.local_tee).uleb(C_LEN).u8(Op.i32_const).sleb(BPF_RINGBUF_BUSY_BIT | 0).u8(Op.i32_and).u8(Op.i32_eqz); bail();
  // end = off + 8 + size; past 2 * max_entries only with a forged header (RingBuf.commit refuses it)
  get(C_OFF).u8(Op.i32_const).sleb(BPF_RINGBUF_HDR_SZ).u8(Op.i32_add); get(C_LEN).u8(Op.i32_const).sleb(LEN_MASK).u8(Op.i32_and).u8(Op.i32_add).u8(Op.local_tee).uleb(C_END);
  get(C_MASK).u8(Op.i32_const).sleb(1).u8(Op.i32_add).u8(Op.i32_const).sleb(1).u8(Op.i32_shl).u8(Op.i32_gt_u); bail();
  // the part past the end belongs at the start (the kernel maps the data pages twice)
  get(C_END); get(C_MASK).u8(Op.i32_const).sleb(1).u8(Op.i32_add).u8(Op.i32_gt_u).u8(Op.if).u8(VOID);
  get(C_DATA); get(C_DATA); get(C_MASK).u8(Op.i32_add).u8(Op.i32_const).sleb(1).u8(Op.i32_add);
  get(C_END); get(C_MASK).u8(Op.i32_sub).u8(Op.i32_const).sleb(1).u8(Op.i32_sub);
  for (const x of MEMORY_COPY) b.u8(x);
  b.u8(Op.end);
  // len ^ BUSY, | DISCARD for a discard
  get(C_HDR); get(C_LEN).u8(Op.i32_const).sleb(BPF_RINGBUF_BUSY_BIT | 0).u8(Op.i32_xor);
  get(C_FL).u8(Op.i32_const).sleb(4).u8(Op.i32_and).u8(Op.i32_const).sleb(28).u8(Op.i32_shl).u8(Op.i32_or).u8(Op.i32_store).uleb(2).uleb(0);
  // wakeup unless BPF_RB_NO_WAKEUP (BPF_RB_FORCE_WAKEUP wins), only when a consumer waits
  get(C_FL).u8(Op.i32_const).sleb(1).u8(Op.i32_and).u8(Op.i32_eqz); get(C_FL).u8(Op.i32_const).sleb(2).u8(Op.i32_and).u8(Op.i32_or).u8(Op.i32_const).sleb(0).u8(Op.i32_ne);
  get(C_CTL).u8(Op.i32_load).uleb(2).uleb(RINGBUF_CTL.WAKE).u8(Op.i32_const).sleb(0).u8(Op.i32_ne).u8(Op.i32_and);
  b.u8(Op.if).u8(VOID); get(C_SLOT).u8(Op.call).uleb(fnWake).u8(Op.end);
  b.u8(Op.i32_const).sleb(0).u8(Op.end);
  return b.view().slice();
}

/** what the code generator lends the ring emitter at one call site */
export interface RingHooks {
  b: Bytes;
  /** global index of the slot's kind, base (control region), max (max_entries) and stride (data[]) */
  g: (slot: number, field: number) => number;
  t32: number;
  checked: boolean;
  fnReserve: number;
  fnCommit: number;
  /** the `region` import (lo, hi, off, size, write, pc) -> base, which throws the helper's EFAULT */
  fnRegion: number;
  /** the global holding the stack region's base (i64), and the region's size */
  gStackLo: number;
  stackSize: number;
  generic(): void;
}

const F_KIND = 0, F_BASE = 1, F_MAX = 2, F_STRIDE = 3;

function kindIsRing(h: RingHooks, slot: number): void {
  h.b.u8(Op.global_get).uleb(h.g(slot, F_KIND)).u8(Op.i32_const).sleb(KIND_RING).u8(Op.i32_and).u8(Op.i32_const).sleb(0).u8(Op.i32_ne);
}

/** bpf_ringbuf_reserve(map, size, flags) at a site whose map is slot `slot`: r0 = record or NULL */
export function emitRingReserve(h: RingHooks, slot: number): void {
  const b = h.b;
  kindIsRing(h, slot);
  b.u8(Op.if).u8(VOID);
  // flags must be 0 (bpf_ringbuf_reserve: NULL otherwise)
  b.u8(Op.local_get).uleb(3).u8(Op.i64_eqz).u8(Op.if).u8(I64);
  b.u8(Op.global_get).uleb(h.g(slot, F_BASE)).u8(Op.local_get).uleb(2).u8(Op.i32_wrap_i64).u8(Op.call).uleb(h.fnReserve).u8(Op.i64_extend_i32_u);
  b.u8(Op.else).u8(Op.i64_const).sleb(0).u8(Op.end).u8(Op.local_set).uleb(0);
  b.u8(Op.else);
  h.generic();
  b.u8(Op.end);
}

/** bpf_ringbuf_output(map, data, size, flags): r0 = 0, -EINVAL (flags), -EAGAIN (no room) */
export function emitRingOutput(h: RingHooks, slot: number, pc: number): void {
  const b = h.b;
  kindIsRing(h, slot);
  if (h.checked) {
    // a source pointer with a high half, or a size the region import cannot take, goes to the helper
    b.u8(Op.local_get).uleb(2).u8(Op.i64_const).sleb(32).u8(Op.i64_shr_u).u8(Op.i64_eqz).u8(Op.i32_and);
    b.u8(Op.local_get).uleb(3).u8(Op.i32_wrap_i64).u8(Op.i32_const).sleb(1).u8(Op.i32_sub).u8(Op.global_get).uleb(h.g(slot, F_MAX)).u8(Op.i32_lt_u).u8(Op.i32_and);
  }
  b.u8(Op.if).u8(VOID);
  b.u8(Op.block).u8(VOID);
  // flags other than BPF_RB_NO_WAKEUP | BPF_RB_FORCE_WAKEUP: -EINVAL, before anything else
  b.u8(Op.local_get).uleb(4).u8(Op.i64_const).sleb(-4).u8(Op.i64_and).u8(Op.i64_eqz).u8(Op.i32_eqz).u8(Op.if).u8(VOID);
  b.u8(Op.i64_const).sleb(EINVAL).u8(Op.local_set).uleb(0).u8(Op.br).uleb(1).u8(Op.end);
  if (h.checked) {
    // the source must be readable memory of this program: inside the stack region (the usual
    // case: size <= STACK and data - stack_lo <= STACK - size), else the helper's check through
    // the region import (and its EFAULT)
    const size64 = (): void => void b.u8(Op.local_get).uleb(3).u8(Op.i32_wrap_i64).u8(Op.i64_extend_i32_u);
    size64(); b.u8(Op.i64_const).sleb(h.stackSize).u8(Op.i64_le_u);
    b.u8(Op.local_get).uleb(2).u8(Op.global_get).uleb(h.gStackLo).u8(Op.i64_sub).u8(Op.i64_const).sleb(h.stackSize); size64(); b.u8(Op.i64_sub).u8(Op.i64_le_u);
    b.u8(Op.i32_and).u8(Op.i32_eqz).u8(Op.if).u8(VOID);
    b.u8(Op.local_get).uleb(2).u8(Op.i32_wrap_i64).u8(Op.i32_const).sleb(0).u8(Op.i32_const).sleb(0);
    b.u8(Op.local_get).uleb(3).u8(Op.i32_wrap_i64).u8(Op.i32_const).sleb(0).u8(Op.i32_const).sleb(pc).u8(Op.call).uleb(h.fnRegion).u8(Op.drop);
    b.u8(Op.end);
  }
  b.u8(Op.global_get).uleb(h.g(slot, F_BASE)).u8(Op.local_get).uleb(3).u8(Op.i32_wrap_i64).u8(Op.call).uleb(h.fnReserve).u8(Op.local_tee).uleb(h.t32);
  b.u8(Op.i32_eqz).u8(Op.if).u8(VOID).u8(Op.i64_const).sleb(EAGAIN).u8(Op.local_set).uleb(0).u8(Op.br).uleb(1).u8(Op.end);
  b.u8(Op.local_get).uleb(h.t32).u8(Op.local_get).uleb(2).u8(Op.i32_wrap_i64).u8(Op.local_get).uleb(3).u8(Op.i32_wrap_i64);
  for (const x of MEMORY_COPY) b.u8(x);
  // a record just reserved: the commit cannot refuse it
  b.u8(Op.i32_const).sleb(slot).u8(Op.global_get).uleb(h.g(slot, F_BASE)).u8(Op.local_get).uleb(h.t32);
  b.u8(Op.local_get).uleb(4).u8(Op.i32_wrap_i64).u8(Op.i32_const).sleb(3).u8(Op.i32_and).u8(Op.call).uleb(h.fnCommit).u8(Op.drop);
  b.u8(Op.i64_const).sleb(0).u8(Op.local_set).uleb(0);
  b.u8(Op.end);
  b.u8(Op.else);
  h.generic();
  b.u8(Op.end);
}

/**
 * bpf_ringbuf_submit / bpf_ringbuf_discard(record, flags): the ring whose data range holds the
 * record's header, among the module's ring slots; r0 is left as it was (the helper returns void
 * and the engines leave r0 alone)
 */
export function emitRingCommit(h: RingHooks, ringSlots: readonly number[], discard: boolean): void {
  const b = h.b;
  b.u8(Op.block).u8(VOID);
  b.u8(Op.local_get).uleb(1).u8(Op.i64_const).sleb(32).u8(Op.i64_shr_u).u8(Op.i64_eqz).u8(Op.if).u8(VOID);
  b.u8(Op.local_get).uleb(1).u8(Op.i32_wrap_i64).u8(Op.local_set).uleb(h.t32);
  for (const j of ringSlots) {
    // (rec - 8 - data) <u max_entries
    kindIsRing(h, j);
    b.u8(Op.local_get).uleb(h.t32).u8(Op.i32_const).sleb(BPF_RINGBUF_HDR_SZ).u8(Op.i32_sub).u8(Op.global_get).uleb(h.g(j, F_STRIDE)).u8(Op.i32_sub);
    b.u8(Op.global_get).uleb(h.g(j, F_MAX)).u8(Op.i32_lt_u).u8(Op.i32_and);
    b.u8(Op.if).u8(VOID);
    b.u8(Op.i32_const).sleb(j).u8(Op.global_get).uleb(h.g(j, F_BASE)).u8(Op.local_get).uleb(h.t32);
    b.u8(Op.local_get).uleb(2).u8(Op.i32_wrap_i64).u8(Op.i32_const).sleb(3).u8(Op.i32_and);
    if (discard) b.u8(Op.i32_const).sleb(4).u8(Op.i32_or);
    b.u8(Op.call).uleb(h.fnCommit).u8(Op.i32_eqz).u8(Op.br_if).uleb(2);
    b.u8(Op.end);
  }
  b.u8(Op.end);
  h.generic();
  b.u8(Op.end);
}
