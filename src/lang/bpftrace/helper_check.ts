/**
 * `-k` / `-kk`: bpftrace's run-time checks of helper return values (bpftrace 0.17
 * IRBuilderBPF::CreateHelperErrorCond). After a checked helper returns a negative errno, the
 * program sends a `helper_error` record (event id, return value) on the event ring buffer; user
 * space prints it as bpftrace does — text: `stdin:1:17-22: WARNING: Failed to map_update_elem:
 * Argument list too long (-7)` with the source line and carets on stderr; JSON: `{"type":
 * "helper_error", "helper": …, "retcode": -7, "line": 1, "col": 17}` on the output.
 * `-k` checks the helpers whose failure loses data (map updates and deletes, ring-buffer output is
 * left out as bpftrace leaves out its perf output); `-kk` also the memory reads (probe_read*),
 * whose failures bpftrace otherwise hides by returning zeroed bytes.
 */
import * as B from '../../asm/builder.js';
import { R0, R1, R2, R3, R4, FP } from '../../asm/builder.js';
import type { Emitter } from './emit.js';
import type { Layout } from './layout.js';

/** level 1 (-k): failures that lose data */
const LEVEL1 = new Set(['map_update_elem', 'map_delete_elem']);
/** level 2 (-kk) adds the reads whose failure leaves zeroes */
const LEVEL2 = new Set(['probe_read', 'probe_read_str', 'probe_read_kernel', 'probe_read_kernel_str', 'probe_read_user', 'probe_read_user_str']);

export function helperCheck(e: Emitter, layout: Layout, level: number): (name: string) => void {
  let inCheck = false;
  return (name) => {
    if (inCheck || !(LEVEL1.has(name) || (level >= 2 && LEVEL2.has(name)))) return;
    const loc = e.exprLoc ?? e.curLoc;
    if (!loc) return;
    inCheck = true;
    const ok = e.label('hok');
    const m = e.mark();
    const off = e.alloc(16);
    // r0 < 0 (the kernel's helpers return -errno); r0 is kept for whatever reads it next
    e.emit(B.jsge(R0, 0, ok), B.stxdw(FP, off + 8, R0), B.stdw(FP, off, layout.event({ kind: 'helper_error', helper: name, loc })));
    e.mapRef(R1, layout.ringbuf);
    e.fpAddr(R2, off);
    e.emit(B.mov64(R3, 16), B.mov64(R4, 0));
    e.call('ringbuf_output');
    e.emit(B.ldxdw(R0, FP, off + 8));
    e.place(ok);
    e.release(m);
    inCheck = false;
  };
}
