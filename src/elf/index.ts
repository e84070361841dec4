/** ELF objects: the ELF64 reader and the libbpf-convention object loader (ELF -> ObjectSpec). */
export * from './reader.js';
export * from './writer.js';
export * from './spec.js';
export * from './section_defs.js';
export { loadObjectSpec, loadObjectFile, type LoadOptions } from './loader.js';
export { assertNoKernelExterns } from './externs.js';
export { parseBtfMapDef, dataSectionMap } from './maps.js';
export { applyObjectCore } from './core.js';
