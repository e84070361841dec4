/** verifier/: the kernel's verifier rules, its log, and tsbpf's explanation of rejections */
export { verify, resolveProgType, explain, BPF_COMPLEXITY_LIMIT_INSNS } from './verify.js';
export * from './types.js';
export { HELPER_PROTOS, PROG_TYPES, progTypeByName } from './kernel_tables.js';
export * as tnum from './tnum.js';
