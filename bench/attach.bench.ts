/** registers the attach benchmark (bench/attach.ts) with `npm run bench` */
import { registerBench } from './registry.js';
import { benchAttach } from './attach.js';

registerBench({ name: 'attach', run: (o) => benchAttach({ quick: o.quick }) });
