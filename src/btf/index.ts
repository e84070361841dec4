/** BTF: .BTF and .BTF.ext parsing, type queries, raw and C dumpers, CO-RE relocations. */
export * from './types.js';
export * from './btf.js';
export * from './ext.js';
export * from './load.js';
export { dumpRaw, dumpRawType, dumpJson, jsonType } from './dump_raw.js';
export { dumpC, cDeclaration } from './dump_c.js';
export * from './core.js';
