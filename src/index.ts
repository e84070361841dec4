/**
 * tsbpf's public API. Each layer is a namespace (`isa`, `asm`, `elf`, `btf`, `maps`, `helpers`,
 * `progtypes`, `verifier`, `vm`, `runtime`, `cbpf`, `pcap`, `filter`); the things most programs need
 * are also exported by name. Everything here runs in a browser too. The live kernel (`kernel`: the
 * running kernel through bpf(), Node with koffi) is added by src/node.ts, which is what
 * `import 'tsbpf'` gives in Node (package.json "exports").
 */
export * as isa from './isa/index.js';
export * as asm from './asm/index.js';
export * as elf from './elf/index.js';
export * as btf from './btf/index.js';
export * as maps from './maps/index.js';
export * as helpers from './helpers/index.js';
export * as progtypes from './progtypes/index.js';
export * as verifier from './verifier/index.js';
export * as vm from './vm/index.js';
export * as runtime from './runtime/index.js';
export * as cbpf from './hooks/cbpf/index.js';
export * as pcap from './hooks/pcap/index.js';
export * as filter from './hooks/filter/index.js';

export { BpfError, type ErrnoName } from './isa/errors.js';
export { type Instruction, decodeInstructions, encodeInstructions } from './isa/instruction.js';
export { Interpreter } from './vm/interpreter.js';
export { AddressSpace } from './vm/address_space.js';
export { createEngine, type EngineName } from './vm/engine.js';
export { runProgram } from './vm/test_run.js';
export { loadObject, loadObjectSync } from './runtime/object.js';
export { verify } from './verifier/index.js';
export { runCapture } from './hooks/packet_run.js';
export { formatValue, recordTypeOf, parseCidrKey, ipv4String, ipv6String, sumValues } from './runtime/format.js';
