/** registers the ring-buffer consumer benchmark (bench/ringbuf.ts) with `npm run bench` */
import { registerBench } from './registry.js';
import { benchRingbuf } from './ringbuf.js';

registerBench({ name: 'ringbuf', run: (o) => benchRingbuf({ quick: o.quick }) });
