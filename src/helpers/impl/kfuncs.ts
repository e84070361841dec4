/**
 * Emulated kernel functions: the kfuncs whose effect the emulator can reproduce without a kernel
 * behind it. The loader turns a verified program's kfunc calls into calls of these (as the
 * kernel's fixup_kfunc_call points each call at the function), under ids above the helpers'
 * (KFUNC_ID_BASE + index in EMULATED_KFUNCS). Kernel sources:
 * - bpf_iter_num_* (kernel/bpf/bpf_iter.c): struct bpf_iter_num_kern { int cur; int end; } in the
 *   program's 8-byte iterator slot; new() refuses start > end (EINVAL) and more than
 *   BPF_MAX_LOOPS elements (E2BIG); next() returns a pointer to cur, or NULL when done;
 * - bpf_rcu_read_lock/unlock, bpf_preempt_disable/enable (kernel/bpf/helpers.c): nothing to do
 *   in a single-threaded emulator;
 * - the dynptr kfuncs (bpf_dynptr_from_skb/xdp, slice, adjust, clone...: ./dynptr.ts);
 * - bpf_throw (BPF exceptions): ends the run through the engine (ProgramThrow);
 * - bpf_wq_init / bpf_wq_set_callback_impl / bpf_wq_start (./timer.ts);
 * - bpf_arena_alloc_pages / bpf_arena_free_pages (maps/arena.ts through BpfMapLike.arena);
 * - bpf_obj_new / drop, bpf_refcount_acquire, bpf_list_*, bpf_rbtree_* and the bpf_kptr_xchg
 *   helper (./alloc_obj.ts), bound to an object's local types when the loader loads it.
 * Other kfuncs (task and cgroup lookups, cpumasks, conntrack...) have no emulated counterpart:
 * a run that reaches one fails with ENOTSUPP naming it.
 */
import type { HelperContext, HelperFn } from '../api.js';
import { HelperRegistry, ProgramThrow } from '../api.js';
import { BPF_MAX_LOOPS } from './core.js';
import { mapArg, needCallback, neg } from './util.js';
import { DYNPTR_KFUNCS } from './dynptr.js';
import { ALLOC_KFUNCS, kptrXchg } from './alloc_obj.js';
import { WQ_KFUNCS } from './timer.js';

/** emulated kfuncs live above every helper id (the kernel's are < 256) */
export const KFUNC_ID_BASE = 0x10000;

/** bpf_iter_num_new(struct bpf_iter_num *it, int start, int end) */
const iterNumNew: HelperFn = (h: HelperContext) => {
  const it = h.argPtr(1);
  h.as.check(it, 8, true, h.pc);
  const start = h.argLo(2);
  const end = h.argLo(3);
  const dv = h.as.dv;
  if (start > end) {
    dv.setInt32(it, 0, true); dv.setInt32(it + 4, 0, true);
    return h.ret(neg('EINVAL'));
  }
  if (end - start > BPF_MAX_LOOPS) {
    dv.setInt32(it, 0, true); dv.setInt32(it + 4, 0, true);
    return h.ret(neg('E2BIG'));
  }
  // the first next() moves cur to start
  dv.setInt32(it, start - 1, true);
  dv.setInt32(it + 4, end, true);
  h.ret(0);
};

/** int *bpf_iter_num_next(struct bpf_iter_num *it) */
const iterNumNext: HelperFn = (h: HelperContext) => {
  const it = h.argPtr(1);
  h.as.check(it, 8, true, h.pc);
  const dv = h.as.dv;
  const cur = dv.getInt32(it, true);
  const end = dv.getInt32(it + 4, true);
  // the kernel compares as s64, so cur + 1 cannot wrap
  if (cur + 1 >= end) {
    dv.setInt32(it, 0, true); dv.setInt32(it + 4, 0, true);
    return h.ret(0);
  }
  dv.setInt32(it, cur + 1, true);
  h.ret(it);
};

/** void bpf_iter_num_destroy(struct bpf_iter_num *it) */
const iterNumDestroy: HelperFn = (h: HelperContext) => {
  const it = h.argPtr(1);
  h.as.check(it, 8, true, h.pc);
  h.as.dv.setInt32(it, 0, true);
  h.as.dv.setInt32(it + 4, 0, true);
  h.ret(0);
};

/**
 * void bpf_throw(u64 cookie) (kernel/bpf/helpers.c): unwind every frame and end the program with
 * the exception callback's return value, or the cookie itself (the default callback that
 * do_misc_fixups appends: `r0 = r1; exit`). The callback runs on a frame of its own after the
 * thrower's, which the program cannot observe (it sees only its cookie).
 */
const bpfThrow: HelperFn = (h: HelperContext) => {
  const cookie = h.arg(1);
  const cb = h.env.exceptionCb;
  throw new ProgramThrow(cb !== undefined ? needCallback(h)(cb, cookie, 0n, 0n, 0n, 0n) : cookie);
};

const nothing: HelperFn = (h: HelperContext) => h.ret(0);

/**
 * void __arena *bpf_arena_alloc_pages(void *p__map, void __arena *addr__ign, u32 page_cnt, int
 * node_id, u64 flags) (kernel/bpf/arena.c): NULL for another map type, flags, no pages or a node
 * other than NUMA_NO_NODE and the emulator's one node 0; else arena_alloc_pages (maps/arena.ts)
 */
const arenaAllocPages: HelperFn = (h: HelperContext) => {
  const a = mapArg(h, 1).arena;
  const cnt = h.argLo(3) >>> 0;
  const node = h.argLo(4);
  if (!a || h.arg(5) !== 0n || cnt === 0 || (node !== -1 && node !== 0)) return h.ret(0);
  h.ret64(a.allocPages(h.arg(2), cnt));
};

/** void bpf_arena_free_pages(void *p__map, void __arena *ptr__ign, u32 page_cnt): arena_free_pages */
const arenaFreePages: HelperFn = (h: HelperContext) => {
  const a = mapArg(h, 1).arena;
  const cnt = h.argLo(3) >>> 0;
  if (a && cnt !== 0 && h.arg(2) !== 0n) a.freePages(h.arg(2), cnt);
  h.ret(0);
};

/** the kfuncs the emulator runs, by kernel name (their order gives their ids) */
export const EMULATED_KFUNCS: readonly (readonly [string, HelperFn])[] = [
  ['bpf_iter_num_new', iterNumNew],
  ['bpf_iter_num_next', iterNumNext],
  ['bpf_iter_num_destroy', iterNumDestroy],
  ['bpf_rcu_read_lock', nothing],
  ['bpf_rcu_read_unlock', nothing],
  ['bpf_preempt_disable', nothing],
  ['bpf_preempt_enable', nothing],
  // the dynptr kfuncs (./dynptr.ts)
  ...DYNPTR_KFUNCS,
  ['bpf_throw', bpfThrow],
  // allocated objects, lists and rbtrees (./alloc_obj.ts)
  ...ALLOC_KFUNCS,
  // workqueues (./timer.ts)
  ...WQ_KFUNCS,
  ['bpf_arena_alloc_pages', arenaAllocPages],
  ['bpf_arena_free_pages', arenaFreePages],
];

/** the emulator's id for a kfunc, or undefined when it has no emulation */
export function emulatedKfuncId(name: string): number | undefined {
  const k = EMULATED_KFUNCS.findIndex(([n]) => n === name);
  return k < 0 ? undefined : KFUNC_ID_BASE + k;
}

/** add the emulated kfuncs to a registry (ids from emulatedKfuncId) */
export function registerKfuncs(r: HelperRegistry): HelperRegistry {
  EMULATED_KFUNCS.forEach(([name, fn], k) => r.register(KFUNC_ID_BASE + k, name, fn));
  // BPF_FUNC_kptr_xchg (194): the helper that stashes allocated objects in kptr fields
  r.register(194, 'bpf_kptr_xchg', kptrXchg);
  return r;
}
