/**
 * Helper implementations by kernel id. `defaultHelpers()` is the registry engines use unless
 * told otherwise; a caller may clone it and add or replace helpers.
 */
import { HelperRegistry } from '../api.js';
import { registerCore } from './core.js';
import { registerEvents } from './events.js';
import { registerNet } from './net.js';
import { registerKfuncs } from './kfuncs.js';
import { registerDynptr } from './dynptr.js';
import { registerTimers } from './timer.js';

export { MAX_TAIL_CALL_CNT } from './events.js';
export { BPF_MAX_LOOPS, bpfStrtoull } from './core.js';
export { emulatedKfuncId, KFUNC_ID_BASE, EMULATED_KFUNCS } from './kfuncs.js';
export * from './csum.js';
export { parseBpfFormat, formatBpf, MAX_TRACE_PRINTK_VARARGS, MAX_BPRINTF_VARARGS } from './printf.js';
export type { HelperEnv } from './util.js';

let base: HelperRegistry | undefined;

export function defaultHelpers(): HelperRegistry {
  if (!base) {
    base = new HelperRegistry();
    registerCore(base);
    registerEvents(base);
    registerNet(base);
    registerDynptr(base);
    registerTimers(base);
    registerKfuncs(base);
  }
  return base.clone();
}
