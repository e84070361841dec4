/** registers the map benchmark table (bench/maps.ts) with `npm run bench` */
import { registerBench } from './registry.js';
import { benchMaps } from './maps.js';

registerBench({ name: 'maps', run: (o) => benchMaps({ quick: o.quick }) });
