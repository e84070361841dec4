/** The bpf()-shaped runtime and the high-level object API (Node-only pieces: pin_fs.ts). */
export * from './bpf.js';
export * from './crc32.js';
export * from './format.js';
export * from './map_like.js';
export * from './object.js';
export * from './pin_format.js';
export * from './pin_store.js';
export * from './program.js';
export * from './stack_helpers.js';
export { taskEnv, type SimTask } from './trace_task.js';
