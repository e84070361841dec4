export * from './address_space.js';
export * from './interpreter.js';
export * from './engine.js';
export * from './run.js';
export * from './test_run.js';
export * as jit from './jit/index.js';
