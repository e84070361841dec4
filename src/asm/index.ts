/** text layer: the llvm-dialect assembler and disassembler, the ubpf dialect and the program builder */
export { formatInstruction, parseInstruction, type FormatOptions, type ParsedInstruction, type SymbolRef } from './llvm_syntax.js';
export { disassemble, disassembleLines, type DisassembleOptions, type DisasmSymbol, type Syntax } from './disasm.js';
export { disassembleObject, codeSections, type CodeSection, type ObjectDisasmOptions } from './disasm_object.js';
export { assemble, assembleElf, assembleSource, objectToElf } from './object.js';
export { Assembler, type AsmObject, type AsmOptions, type AsmSection, type AsmSymbol } from './assembler.js';
export { loadUbpf } from './dialects.js';
export { assembleUbpf, disassembleUbpf, formatUbpf, type UbpfDisasmOptions } from './ubpf.js';
export * as builder from './builder.js';
