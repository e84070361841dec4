/**
 * bpf_get_stackid (27) and bpf_get_stack (67) over the stack the event carries
 * (ExecEnv.stack: the caller of a run supplies it, as a perf event or kprobe would in the kernel).
 * Added to the helper registry a runtime uses, next to the helpers/ implementations.
 */
import { BpfError } from '../isa/errors.js';
import type { HelperRegistry } from '../helpers/api.js';
import { defaultHelpers } from '../helpers/impl/index.js';
import { BpfMap, EINVAL } from '../maps/map.js';
import { StackTraceMap, getStackInto, type EventStack } from '../maps/stackmap.js';

export const BPF_FUNC_get_stackid = 27;
export const BPF_FUNC_get_stack = 67;

export function registerStackHelpers(r: HelperRegistry): HelperRegistry {
  r.register(BPF_FUNC_get_stackid, 'bpf_get_stackid', (h) => {
    const m = BpfMap.fromPtr(h.as, h.argPtr(2));
    if (!(m instanceof StackTraceMap)) throw new BpfError('EINVAL', `bpf_get_stackid: R2 is not a BPF_MAP_TYPE_STACK_TRACE map`, { insn: h.pc });
    const flags = h.arg(3);
    if (flags >> 32n) return h.ret(EINVAL);
    h.ret(m.getStackId(h.env.stack as EventStack | undefined, Number(flags)));
  });
  r.register(BPF_FUNC_get_stack, 'bpf_get_stack', (h) => {
    const buf = h.argPtr(2);
    const size = Number(BigInt.asUintN(32, h.arg(3)));
    const flags = h.arg(4);
    if (flags >> 32n) return h.ret(EINVAL);
    h.ret(getStackInto(h.as.u8, (a, n, w) => h.as.check(a, n, w, h.pc), h.env.stack as EventStack | undefined, buf, size, Number(flags)));
  });
  return r;
}

/** the runtime's default helpers: helpers/ implementations plus get_stackid/get_stack */
export function runtimeHelpers(): HelperRegistry {
  return registerStackHelpers(defaultHelpers());
}
