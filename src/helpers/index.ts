export * from './api.js';
export * from './prototypes.js';
export * from './map_iface.js';
export * from '../isa/helper_ids.js';
export * from './impl/index.js';
