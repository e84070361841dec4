/** The Linux kernel backend: the real bpf() through an FFI (optional; see kernelAvailable()). */
export * from './bpf.js';
export * as uapi from './uapi.js';
