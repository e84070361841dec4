/**
 * A bpf_trace_printk event as the kernel's trace buffer shows it (`cat /sys/kernel/tracing/trace_pipe`,
 * `bpftool prog tracelog`): kernel/trace/trace_output.c trace_print_context and
 * trace_print_lat_fmt — `%16s-%-7d [%03d] FLAGS %5lu.%06lu: bpf_trace_printk: TEXT`.
 */
export interface TraceContext {
  /** the task's comm (16 bytes at most, as task_struct.comm) */
  comm: string;
  pid: number;
  cpu: number;
  /**
   * the latency flags: irqs-off/bh-off (`d`, `b`, `.`), need-resched (`n`, `.`), hard/soft irq
   * (`h`, `s`, `.`), preempt depth, migrate-disable depth. A BPF_PROG_TEST_RUN of a packet
   * program runs with bottom halves off, preemption and migration disabled: `b..11`.
   */
  flags: string;
  /** nanoseconds of the trace clock (the kernel's local clock: time since boot) */
  ns: bigint;
}

export function traceLine(ctx: TraceContext, text: string): string {
  const comm = ctx.comm.slice(0, 15).padStart(16);
  const pid = String(ctx.pid).padEnd(7);
  const cpu = String(ctx.cpu).padStart(3, '0');
  const sec = (ctx.ns / 1_000_000_000n).toString().padStart(5);
  const usec = ((ctx.ns % 1_000_000_000n) / 1000n).toString().padStart(6, '0');
  // the kernel prints the message as written; bpf_trace_printk text carries its own newline
  return `${comm}-${pid} [${cpu}] ${ctx.flags} ${sec}.${usec}: bpf_trace_printk: ${text.replace(/\n$/, '')}`;
}
