export * from './errors.js';
export * from './opcodes.js';
export * from './instruction.js';
export * from './validate.js';
