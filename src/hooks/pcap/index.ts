export * from './linktype.js';
export * from './packet.js';
export * from './decoder.js';
export * from './writer.js';
export * from './print.js';
