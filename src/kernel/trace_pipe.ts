/**
 * bpf_trace_printk lines from tracefs, as `bpftool prog tracelog` and `cat trace_pipe` show them.
 * trace_pipe is opened non-blocking and waited on with epoll (it supports poll), so reading never
 * blocks Node's event loop nor a thread that cannot be woken. Lines look like
 *   `  <comm>-<pid>  [<cpu>] <flags> <timestamp>: bpf_trace_printk: <message>`
 * (kernel/trace/trace_output.c trace_print_context; the flags column and the "(tgid)" column are
 * optional). Reading trace_pipe consumes what it returns, for every reader of the system: with
 * `instance` the reader gets its own tracefs instance (instances/NAME) with the
 * bpf_trace/bpf_trace_printk event enabled in it, so it sees every line without stealing any.
 */
import { BpfError, ERRNO } from '../isa/errors.js';
import { Epoll, EpollReader } from './epoll.js';

interface NodeFs {
  openSync(p: string, flags: number): number;
  readSync(fd: number, buf: Uint8Array, off: number, len: number, pos: null): number;
  closeSync(fd: number): void;
  existsSync(p: string): boolean;
  mkdirSync(p: string): void;
  rmdirSync(p: string): void;
  writeFileSync(p: string, s: string): void;
  constants: { O_RDONLY: number; O_NONBLOCK: number };
}

function nodeFs(): NodeFs {
  const p = (globalThis as { process?: { getBuiltinModule?: (n: string) => unknown } }).process;
  const fs = p?.getBuiltinModule?.('node:fs') as NodeFs | undefined;
  if (!fs) throw new BpfError('ENOSYS', 'trace_pipe needs Node.js (node:fs)');
  return fs;
}

/** where tracefs is mounted: /sys/kernel/tracing, or the old debugfs place */
export function tracefsRoot(): string {
  const fs = nodeFs();
  for (const d of ['/sys/kernel/tracing', '/sys/kernel/debug/tracing']) if (fs.existsSync(`${d}/trace_pipe`)) return d;
  throw new BpfError('ENOENT', 'tracefs is not mounted (mount -t tracefs nodev /sys/kernel/tracing); bpf_trace_printk output cannot be read');
}

export interface TraceLine {
  comm: string;
  pid: number;
  cpu: number;
  /** the irqs-off/need-resched/hardirq/preempt flags column ('' when the kernel prints none) */
  flags: string;
  /** seconds since boot, as printed */
  timestamp: number;
  /** the event name: bpf_trace_printk for the helper's lines */
  event: string;
  message: string;
  /** the line as the kernel printed it */
  raw: string;
}

const LINE = /^\s*(.*?)-(\d+)\s+(?:\(\s*[-\d]+\)\s+)?\[(\d+)\]\s+(?:([^\s]{4,6})\s+)?(\d+\.\d+):\s+([\w:]+):\s?(.*)$/;

/** parse one trace_pipe line (undefined for lines of another shape, e.g. "CPU:1 [LOST 3 EVENTS]") */
export function parseTraceLine(raw: string): TraceLine | undefined {
  const m = LINE.exec(raw);
  if (!m) return undefined;
  return { comm: m[1]!.trim(), pid: Number(m[2]), cpu: Number(m[3]), flags: m[4] ?? '', timestamp: Number(m[5]), event: m[6]!, message: m[7]!, raw };
}

export interface TracePipeOptions {
  /** read through a private tracefs instance of this name (created, and removed on close) */
  instance?: string;
  signal?: AbortSignal;
}

export class TracePipeReader extends EpollReader<TraceLine> {
  readonly path: string;
  private readonly fs: NodeFs;
  private fd: number;
  protected readonly epoll: Epoll;
  private readonly buf = new Uint8Array(1 << 16);
  private partial = '';
  private readonly instanceDir?: string;
  protected readonly signal?: AbortSignal;

  constructor(opts: TracePipeOptions = {}) {
    super();
    this.fs = nodeFs();
    const root = tracefsRoot();
    let dir = root;
    if (opts.instance) {
      if (!/^[\w.-]+$/.test(opts.instance)) throw new BpfError('EINVAL', `tracefs instance name '${opts.instance}' must be letters, digits, '_', '-' or '.'`);
      dir = `${root}/instances/${opts.instance}`;
      if (!this.fs.existsSync(dir)) this.fs.mkdirSync(dir);
      this.instanceDir = dir;
      this.fs.writeFileSync(`${dir}/events/bpf_trace/bpf_trace_printk/enable`, '1');
    }
    this.path = `${dir}/trace_pipe`;
    this.fd = this.fs.openSync(this.path, this.fs.constants.O_RDONLY | this.fs.constants.O_NONBLOCK);
    this.epoll = new Epoll();
    this.epoll.add(this.fd, 0);
    if (opts.signal) {
      this.signal = opts.signal;
      opts.signal.addEventListener('abort', () => this.epoll.wake(), { once: true });
    }
  }

  /** the complete lines available now, without waiting */
  drain(): TraceLine[] {
    const out: TraceLine[] = [];
    while (!this.closed) {
      let n: number;
      try {
        n = this.fs.readSync(this.fd, this.buf, 0, this.buf.length, null);
      } catch (e) {
        if ((e as { code?: string }).code === 'EAGAIN') break;
        throw e;
      }
      if (n <= 0) break;
      const text = this.partial + new TextDecoder().decode(this.buf.subarray(0, n));
      const lines = text.split('\n');
      this.partial = lines.pop()!;
      for (const l of lines) {
        const t = parseTraceLine(l);
        if (t) out.push(t);
      }
    }
    return out;
  }



  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.epoll.close();
    this.fs.closeSync(this.fd);
    this.fd = -1;
    if (this.instanceDir) {
      try {
        this.fs.writeFileSync(`${this.instanceDir}/events/bpf_trace/bpf_trace_printk/enable`, '0');
        this.fs.rmdirSync(this.instanceDir);
      } catch (e) {
        // EBUSY while another reader still has the instance open: it goes when that one closes
        if ((e as { errno?: number }).errno !== -ERRNO.EBUSY) throw e;
      }
    }
  }

}

/** bpf_trace_printk lines as they arrive (`for await (const l of tracePipe())`) */
export function tracePipe(opts: TracePipeOptions = {}): TracePipeReader {
  return new TracePipeReader(opts);
}
