export * from './opcodes.js';
export * from './program.js';
export * from './dump.js';
export * from './interpreter.js';
export * from './jit.js';
export * from './validate.js';
export * from './convert.js';
export * from './ebpf_filter.js';
