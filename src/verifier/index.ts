/** verifier/: the kernel's verifier rules, its log, and tsbpf's explanation of rejections */
export { verify, resolveProgTypeId, explain, BPF_COMPLEXITY_LIMIT_INSNS } from './verify.js';
export * from './types.js';
export type { StateTrace } from './trace.js';
export { sanitizeDeadCode } from './sanitize.js';
export { ALL_HELPER_PROTOS, verifierProgType, toVerifierProto } from './kernel_adapter.js';
export * as tnum from './tnum.js';
export { kernelRules, KERNEL_RULES, DEFAULT_KERNEL, type KernelRules, type KernelVersion } from './kernel_rules.js';
