export { compileFilter, type FilterOptions } from './compile.js';
export { parseFilter, type Node, type Arith, type Quals } from './parser.js';
export { tokenize, parseIp6, parseMac } from './lexer.js';
export * from './engines.js';
