/** registers the tsbpf trace / bpftrace start-up comparison (bench/trace_startup.ts) with `npm run bench` */
import { registerBench } from './registry.js';
import { benchTraceStartup } from './trace_startup.js';

registerBench({ name: 'trace-startup', run: (o) => benchTraceStartup({ quick: o.quick }) });
