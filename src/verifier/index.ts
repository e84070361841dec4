/** verifier/: the kernel's verifier rules, its log, and tsbpf's explanation of rejections */
export { verify, resolveProgTypeId, explain, BPF_COMPLEXITY_LIMIT_INSNS } from './verify.js';
export * from './types.js';
export { ALL_HELPER_PROTOS, verifierProgType, toVerifierProto } from './kernel_adapter.js';
export * as tnum from './tnum.js';
