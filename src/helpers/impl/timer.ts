/**
 * bpf_timer_init / bpf_timer_set_callback / bpf_timer_start / bpf_timer_cancel
 * (kernel/bpf/helpers.c: bpf_timer_init, __bpf_async_init, __bpf_async_set_callback,
 * bpf_timer_start, bpf_timer_cancel) with the kernel's return codes. The emulator has no clock
 * that runs between programs, so a started timer stays armed and its callback never fires (the
 * verifier checks the callback as the kernel does: verifier/check_call.ts pushAsyncCallback).
 *
 * The state lives in the value's 16-byte `struct bpf_timer`, which programs may not touch
 * (check_map_access): a u32 of flags at +0 and the callback's instruction at +4.
 */
import type { HelperContext, HelperRegistry } from '../api.js';
import { BPF_FUNC } from '../../isa/helper_ids.js';
import { neg } from './util.js';

const INIT = 1;
const CALLBACK = 2;
const ARMED = 4;
/** include/uapi/linux/time.h: the clocks bpf_timer_init accepts (MAX_CLOCKS = 16) */
const CLOCK_REALTIME = 0;
const CLOCK_MONOTONIC = 1;
const CLOCK_BOOTTIME = 7;
/** BPF_F_TIMER_ABS | BPF_F_TIMER_CPU_PIN */
const START_FLAGS = 3n;

function timerArg(h: HelperContext): number {
  const p = h.argPtr(1);
  h.as.check(p, 16, true, h.pc);
  return p;
}
const state = (h: HelperContext, p: number): number => h.as.dv.getUint32(p, true);
const setState = (h: HelperContext, p: number, v: number): void => h.as.dv.setUint32(p, v, true);

/** bpf_timer_init: a clock of CLOCK_MONOTONIC, CLOCK_REALTIME or CLOCK_BOOTTIME; -EBUSY when already initialised */
function timerInit(h: HelperContext): void {
  const p = timerArg(h);
  const flags = h.arg(3);
  const clock = Number(flags & 15n);
  if (flags >= 16n || (clock !== CLOCK_MONOTONIC && clock !== CLOCK_REALTIME && clock !== CLOCK_BOOTTIME)) return h.ret(neg('EINVAL'));
  if (state(h, p) & INIT) return h.ret(neg('EBUSY'));
  setState(h, p, INIT);
  h.as.dv.setUint32(p + 4, 0, true);
  h.ret(0);
}

/** __bpf_async_set_callback: -EINVAL on a timer never initialised */
function timerSetCallback(h: HelperContext): void {
  const p = timerArg(h);
  if (!(state(h, p) & INIT)) return h.ret(neg('EINVAL'));
  setState(h, p, state(h, p) | CALLBACK);
  // the callback's instruction (the engines' BPF_PSEUDO_FUNC convention), + 1 so 0 means none
  h.as.dv.setUint32(p + 4, Number(BigInt.asUintN(32, h.arg(2))) + 1, true);
  h.ret(0);
}

/** bpf_timer_start: -EINVAL for unknown flags, or a timer without a callback */
function timerStart(h: HelperContext): void {
  const p = timerArg(h);
  if (h.arg(3) & ~START_FLAGS) return h.ret(neg('EINVAL'));
  const s = state(h, p);
  if (!(s & INIT) || !(s & CALLBACK)) return h.ret(neg('EINVAL'));
  setState(h, p, s | ARMED);
  h.ret(0);
}

/** bpf_timer_cancel: -EINVAL when never initialised, else hrtimer_cancel's 1 (was armed) or 0 */
function timerCancel(h: HelperContext): void {
  const p = timerArg(h);
  const s = state(h, p);
  if (!(s & INIT)) return h.ret(neg('EINVAL'));
  setState(h, p, s & ~ARMED);
  h.ret(s & ARMED ? 1 : 0);
}

export function registerTimers(r: HelperRegistry): void {
  r.register(BPF_FUNC['timer_init']!, 'bpf_timer_init', timerInit)
    .register(BPF_FUNC['timer_set_callback']!, 'bpf_timer_set_callback', timerSetCallback)
    .register(BPF_FUNC['timer_start']!, 'bpf_timer_start', timerStart)
    .register(BPF_FUNC['timer_cancel']!, 'bpf_timer_cancel', timerCancel);
}
