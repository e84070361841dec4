/**
 * bpf_timer and bpf_wq (kernel/bpf/helpers.c): the helpers bpf_timer_init / set_callback / start /
 * cancel and the kfuncs bpf_wq_init / bpf_wq_set_callback_impl / bpf_wq_start, with the kernel's
 * return codes, and the queue that fires their callbacks when the runtime's virtual clock passes
 * their expiry (docs/helpers.md, "Timers and workqueues").
 *
 * The state lives in the value's 16-byte `struct bpf_timer` / `struct bpf_wq`, which programs
 * may not touch (check_map_access): a u32 of flags at +0, the callback's slot + 1 at +4 and the
 * id of its AsyncQueue record at +8. A map update or delete zeroes the field (maps/map.ts
 * asyncOffs: the kernel's bpf_obj_free_fields → bpf_timer_cancel_and_free), so a record whose
 * field no longer names it is a freed timer and never fires.
 *
 * Without a queue in the run's ExecEnv (programs run outside a runtime: `runProgram`, the
 * conformance runners) the helpers keep only the state in the value and nothing fires.
 */
import type { HelperContext, HelperFn, HelperRegistry } from '../api.js';
import type { BpfMapLike } from '../map_iface.js';
import { BPF_FUNC } from '../../isa/helper_ids.js';
import { henv, mapArg, neg } from './util.js';
import { nowNs } from './core.js';

const INIT = 1;
const CALLBACK = 2;
const ARMED = 4;
/** include/uapi/linux/time.h: the clocks bpf_timer_init accepts (MAX_CLOCKS = 16) */
const CLOCK_REALTIME = 0;
const CLOCK_MONOTONIC = 1;
const CLOCK_BOOTTIME = 7;
/** BPF_F_TIMER_ABS | BPF_F_TIMER_CPU_PIN */
const BPF_F_TIMER_ABS = 1n;
const START_FLAGS = 3n;

/**
 * Run a callback of the program that set it: `slot` is the callback's first instruction, r1..r3
 * the map, key and value (bpf_timer_cb / bpf_wq_work: callback_fn(map, key, value)). The
 * runtime gives it to runs as ExecEnv.asyncFire (runtime/program.ts).
 */
export type AsyncFire = (slot: number, map: number, key: number, value: number) => void;

interface AsyncRecord {
  readonly id: number;
  readonly kind: 'timer' | 'wq';
  /** the bpf_timer / bpf_wq field */
  readonly field: number;
  readonly map: BpfMapLike | undefined;
  readonly mapPtr: number;
  /** the clock of bpf_timer_init's flags */
  readonly clock: number;
  slot: number;
  fire: AsyncFire | undefined;
  /** expiry on the queue's monotonic clock, while armed */
  expiry: bigint;
  /** start order: timers of equal expiry fire in the order they were started */
  seq: number;
}

/**
 * The pending timers and work items of one runtime (one per AddressSpace: the kernel's hrtimer
 * base and system workqueue as far as BPF sees them). `now` is the runtime's monotonic clock,
 * the one bpf_ktime_get_ns reads in its runs.
 */
export class AsyncQueue {
  private nextId = 1;
  private seq = 0;
  private readonly records = new Map<number, AsyncRecord>();
  /** the record whose callback is running (the kernel's per-CPU hrtimer_running) */
  running: number = 0;
  /** callbacks fired so far */
  fired = 0;

  constructor(readonly as: { dv: DataView }, readonly now: () => bigint) {}

  /** a record for a field bpf_timer_init / bpf_wq_init just initialised; its id */
  create(kind: 'timer' | 'wq', field: number, map: BpfMapLike | undefined, mapPtr: number, clock: number): number {
    const id = this.nextId++;
    this.records.set(id, { id, kind, field, map, mapPtr, clock, slot: 0, fire: undefined, expiry: 0n, seq: 0 });
    return id;
  }

  get(id: number): AsyncRecord | undefined {
    return this.records.get(id);
  }

  arm(r: AsyncRecord, expiry: bigint): void {
    r.expiry = expiry;
    r.seq = this.seq++;
  }

  /** is the record still the live state of its field (not freed by an update, delete or map free) */
  private live(r: AsyncRecord): boolean {
    const dv = this.as.dv;
    if (dv.getUint32(r.field + 8, true) !== r.id) return false;
    // bpf_map_free_timers / bpf_map_free_wq: the last user reference cancels and frees them all
    return !r.map?.userRefs || r.map.userRefs() > 0;
  }

  private armed(r: AsyncRecord): boolean {
    return (this.as.dv.getUint32(r.field, true) & ARMED) !== 0;
  }

  /** the earliest expiry among armed, live records (undefined when none); prunes freed records */
  nextExpiry(): bigint | undefined {
    let best: bigint | undefined;
    for (const r of this.records.values()) {
      if (!this.live(r)) {
        this.records.delete(r.id);
        continue;
      }
      if (this.armed(r) && (best === undefined || r.expiry < best)) best = r.expiry;
    }
    return best;
  }

  /** records (initialised timers and work items, live or not yet found freed) */
  get size(): number {
    return this.records.size;
  }

  /** armed timers and queued work items */
  get pending(): number {
    let n = 0;
    for (const r of this.records.values()) if (this.live(r) && this.armed(r)) n++;
    return n;
  }

  /**
   * Fire, in expiry order, every armed callback whose expiry is at or before `until` on the
   * queue's clock, at most `maxFires` of them (a callback that re-arms its timer with a zero
   * timeout would otherwise never let time move on). `setNow` moves the clock forward to each
   * expiry before its callback runs, so the callback's bpf_ktime_get_ns is past its expiry as in
   * the kernel. Returns how many fired.
   */
  runUntil(until: bigint, setNow: (t: bigint) => void, maxFires = 1_000_000): number {
    let n = 0;
    while (n < maxFires) {
      let next: AsyncRecord | undefined;
      for (const r of this.records.values()) {
        if (!this.live(r) || !this.armed(r) || r.expiry > until) continue;
        if (!next || r.expiry < next.expiry || (r.expiry === next.expiry && r.seq < next.seq)) next = r;
      }
      if (!next) break;
      if (next.expiry > this.now()) setNow(next.expiry);
      const dv = this.as.dv;
      // hrtimer: the timer is no longer enqueued while its callback runs (bpf_timer_start from
      // the callback arms it again); a work item is dequeued before it runs
      dv.setUint32(next.field, dv.getUint32(next.field, true) & ~ARMED, true);
      n++;
      this.fired++;
      if (!next.fire) continue;
      const [key, value] = next.map?.asyncElem?.(next.field) ?? [0, 0];
      const prev = this.running;
      this.running = next.kind === 'timer' ? next.id : 0;
      try {
        next.fire(next.slot, next.mapPtr, key, value);
      } finally {
        this.running = prev;
      }
    }
    return n;
  }
}

// ---- the helpers and kfuncs ------------------------------------------------------------------

function fieldArg(h: HelperContext): number {
  const p = h.argPtr(1);
  h.as.check(p, 16, true, h.pc);
  return p;
}
const state = (h: HelperContext, p: number): number => h.as.dv.getUint32(p, true);
const setState = (h: HelperContext, p: number, v: number): void => h.as.dv.setUint32(p, v, true);
const queueOf = (h: HelperContext): AsyncQueue | undefined => henv(h).asyncQueue as AsyncQueue | undefined;
const recordOf = (h: HelperContext, p: number): AsyncRecord | undefined => queueOf(h)?.get(h.as.dv.getUint32(p + 8, true));

/**
 * __bpf_async_init: -EBUSY when already initialised; -EPERM when no user reference holds the
 * map ("maps with timers must be either held by user space or pinned in bpffs")
 */
function asyncInit(h: HelperContext, kind: 'timer' | 'wq', clock: number): void {
  const p = fieldArg(h);
  if (state(h, p) & INIT) return h.ret(neg('EBUSY'));
  const mapPtr = h.argPtr(2);
  const map = henv(h).resolveMap ? mapArg(h, 2) : undefined;
  if (map?.userRefs && map.userRefs() === 0) return h.ret(neg('EPERM'));
  setState(h, p, INIT);
  h.as.dv.setUint32(p + 4, 0, true);
  const q = queueOf(h);
  const id = q ? q.create(kind, p, map, mapPtr, clock) : 0;
  h.as.dv.setUint32(p + 8, id, true);
  h.ret(0);
}

/** __bpf_async_set_callback: -EINVAL on a field never initialised, -EPERM once user space let go of the map */
function asyncSetCallback(h: HelperContext): void {
  const p = fieldArg(h);
  if (!(state(h, p) & INIT)) return h.ret(neg('EINVAL'));
  const r = recordOf(h, p);
  if (r?.map?.userRefs && r.map.userRefs() === 0) return h.ret(neg('EPERM'));
  setState(h, p, state(h, p) | CALLBACK);
  // the callback's instruction (the engines' BPF_PSEUDO_FUNC convention), + 1 so 0 means none
  const slot = Number(BigInt.asUintN(32, h.arg(2)));
  h.as.dv.setUint32(p + 4, slot + 1, true);
  if (r) {
    r.slot = slot;
    r.fire = henv(h).asyncFire as AsyncFire | undefined;
  }
  h.ret(0);
}

/** bpf_timer_init: a clock of CLOCK_MONOTONIC, CLOCK_REALTIME or CLOCK_BOOTTIME */
function timerInit(h: HelperContext): void {
  const flags = h.arg(3);
  const clock = Number(flags & 15n);
  if (flags >= 16n || (clock !== CLOCK_MONOTONIC && clock !== CLOCK_REALTIME && clock !== CLOCK_BOOTTIME)) return h.ret(neg('EINVAL'));
  asyncInit(h, 'timer', clock);
}

/** the timer's clock now, on the queue's monotonic time base (ktime_get_boot_ns, ktime_get_real_ns) */
function clockNow(h: HelperContext, clock: number): bigint {
  const mono = nowNs(h);
  if (clock === CLOCK_BOOTTIME) return mono + (henv(h).bootOffsetNs ?? 0n);
  if (clock === CLOCK_REALTIME) return mono + (henv(h).realOffsetNs ?? BigInt(Date.now()) * 1_000_000n - mono);
  return mono;
}

/**
 * bpf_timer_start: -EINVAL for unknown flags or a timer without a callback; the expiry is
 * `nsecs` from now, or the absolute time `nsecs` on the timer's clock with BPF_F_TIMER_ABS
 * (HRTIMER_MODE_ABS: a time already past fires at once)
 */
function timerStart(h: HelperContext): void {
  const p = fieldArg(h);
  const flags = h.arg(3);
  if (flags & ~START_FLAGS) return h.ret(neg('EINVAL'));
  const s = state(h, p);
  if (!(s & INIT) || !(s & CALLBACK)) return h.ret(neg('EINVAL'));
  setState(h, p, s | ARMED);
  const r = recordOf(h, p);
  if (r) {
    const nsecs = h.arg(2);
    const mono = nowNs(h);
    // ktime_t is signed: a huge u64 is a time in the past
    const t = BigInt.asIntN(64, nsecs);
    const expiry = flags & BPF_F_TIMER_ABS ? mono + (t - clockNow(h, r.clock)) : mono + t;
    queueOf(h)!.arm(r, expiry < mono ? mono : expiry);
  }
  h.ret(0);
}

/**
 * bpf_timer_cancel: -EINVAL when never initialised; -EDEADLK from the timer's own callback
 * (hrtimer_cancel would wait for the callback that calls it); else hrtimer_cancel's 1 (it was
 * armed) or 0
 */
function timerCancel(h: HelperContext): void {
  const p = fieldArg(h);
  const s = state(h, p);
  if (!(s & INIT)) return h.ret(neg('EINVAL'));
  const q = queueOf(h);
  if (q && q.running !== 0 && q.running === h.as.dv.getUint32(p + 8, true)) return h.ret(neg('EDEADLK'));
  setState(h, p, s & ~ARMED);
  h.ret(s & ARMED ? 1 : 0);
}

/** bpf_wq_init(wq, map, flags): flags must be 0 */
const wqInit: HelperFn = (h) => {
  if (h.arg(3) !== 0n) return h.ret(neg('EINVAL'));
  asyncInit(h, 'wq', CLOCK_MONOTONIC);
};

/** bpf_wq_set_callback_impl(wq, callback, flags, aux): flags must be 0 */
const wqSetCallback: HelperFn = (h) => {
  if (h.arg(3) !== 0n) return h.ret(neg('EINVAL'));
  asyncSetCallback(h);
};

/** bpf_wq_start(wq, flags): schedule_work — the callback runs as soon as the queue runs, at the current time */
const wqStart: HelperFn = (h) => {
  const p = fieldArg(h);
  if (h.arg(2) !== 0n) return h.ret(neg('EINVAL'));
  const s = state(h, p);
  if (!(s & INIT) || !(s & CALLBACK)) return h.ret(neg('EINVAL'));
  // schedule_work on a work item already pending does nothing (still 0)
  if (s & ARMED) return h.ret(0);
  setState(h, p, s | ARMED);
  const r = recordOf(h, p);
  if (r) queueOf(h)!.arm(r, nowNs(h));
  h.ret(0);
};

/** the wq kfuncs, by name (helpers/impl/kfuncs.ts EMULATED_KFUNCS) */
export const WQ_KFUNCS: ReadonlyArray<readonly [string, HelperFn]> = [
  ['bpf_wq_init', wqInit],
  ['bpf_wq_set_callback_impl', wqSetCallback],
  ['bpf_wq_start', wqStart],
];

export function registerTimers(r: HelperRegistry): void {
  r.register(BPF_FUNC['timer_init']!, 'bpf_timer_init', timerInit)
    .register(BPF_FUNC['timer_set_callback']!, 'bpf_timer_set_callback', asyncSetCallback)
    .register(BPF_FUNC['timer_start']!, 'bpf_timer_start', timerStart)
    .register(BPF_FUNC['timer_cancel']!, 'bpf_timer_cancel', timerCancel);
}
