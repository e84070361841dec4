/**
 * The tracing language's compiler and runner (src/lang/bpftrace) use Node's `Buffer` for latin1
 * strings; in the page the npm `buffer` package (the same API) stands in. `process.arch` (the
 * pt_regs layout of kprobe arguments) is fixed to x86-64 at build time (vite.config.ts `define`).
 * Imported first by main.ts.
 */
import { Buffer } from 'buffer';

const g = globalThis as { Buffer?: unknown };
g.Buffer ??= Buffer;
