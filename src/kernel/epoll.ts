/**
 * Waiting for the kernel without busy-polling: an epoll set over ring-buffer map fds, perf event
 * fds or trace_pipe, plus an eventfd that close() and AbortSignals write to so that a waiter
 * wakes at once. `wait` blocks the thread (for tight synchronous loops, like libbpf's
 * ring_buffer__poll); `waitAsync` runs epoll_wait on koffi's worker thread so Node's event loop
 * keeps running, which is what the AsyncIterable readers use.
 */
import { BpfError } from '../isa/errors.js';
import { KernelError } from '../hooks/kernel/bpf.js';
import { loadNative, type NativeBuffer, type Sys } from '../hooks/kernel/ffi.js';

/** include/uapi/linux/eventpoll.h */
export const EPOLLIN = 0x001;
const EPOLL_CTL_ADD = 1;
/** include/uapi/linux/eventfd.h: EFD_NONBLOCK | EFD_CLOEXEC */
const EFD_FLAGS = 0o4000 | 0o2000000;
/** the data word of the eventfd's epoll entry */
const WAKE = 0xffffffff;

export function sys(): Sys {
  const l = loadNative();
  if (!l.ok) throw new BpfError('ENOSYS', `the live kernel is unavailable: ${l.reason}`);
  return l.native.sys();
}

export function nativeAlloc(size: number): NativeBuffer {
  const l = loadNative();
  if (!l.ok) throw new BpfError('ENOSYS', `the live kernel is unavailable: ${l.reason}`);
  return l.native.alloc(size);
}

export class Epoll {
  private readonly s: Sys;
  private epfd: number;
  private readonly efd: number;
  private readonly events: NativeBuffer;
  private readonly max = 64;
  private readonly one: NativeBuffer;
  private pending: Promise<number> | undefined;
  private closed = false;

  constructor() {
    this.s = sys();
    const ep = this.s.epollCreate();
    if (ep.ret < 0) throw new KernelError('epoll_create1', ep.errno);
    this.epfd = ep.ret;
    const ef = this.s.eventfd(EFD_FLAGS);
    if (ef.ret < 0) {
      this.s.close(this.epfd);
      throw new KernelError('eventfd', ef.errno);
    }
    this.efd = ef.ret;
    this.events = nativeAlloc(this.max * 16);
    this.one = nativeAlloc(8);
    this.add(this.efd, WAKE);
  }

  /** watch fd for EPOLLIN; `data` comes back from wait() for it */
  add(fd: number, data: number): void {
    const r = this.s.epollCtl(this.epfd, EPOLL_CTL_ADD, fd, EPOLLIN, data);
    if (r.ret < 0) throw new KernelError(`epoll_ctl(ADD, fd ${fd})`, r.errno);
  }

  private ready(n: number): number[] {
    const out: number[] = [];
    const size = this.s.epollEventSize;
    const dataOff = size === 12 ? 4 : 8;
    const dv = new DataView(this.events.bytes.buffer, this.events.bytes.byteOffset, this.events.bytes.byteLength);
    for (let i = 0; i < n; i++) {
      const d = dv.getUint32(i * size + dataOff, true);
      if (d === WAKE) this.drainWake();
      else out.push(d);
    }
    return out;
  }

  private drainWake(): void {
    this.s.read(this.efd, this.one, 8);
  }

  /** block up to timeoutMs (-1: forever) for readiness; the data words of the ready fds */
  wait(timeoutMs: number): number[] {
    if (this.closed) return [];
    const r = this.s.epollWait(this.epfd, this.events, this.max, timeoutMs);
    if (r.ret < 0) {
      if (r.errno === 4 /* EINTR */) return [];
      throw new KernelError('epoll_wait', r.errno);
    }
    return this.ready(r.ret);
  }

  /** the same without blocking Node's event loop; woken early by wake() */
  async waitAsync(timeoutMs: number): Promise<number[]> {
    if (this.closed) return [];
    this.pending = this.s.epollWaitAsync(this.epfd, this.events, this.max, timeoutMs);
    let n: number;
    try {
      n = await this.pending;
    } finally {
      this.pending = undefined;
    }
    if (this.closed) {
      this.release();
      return [];
    }
    return n < 0 ? [] : this.ready(n);
  }

  /** wake a waiter now (abort, close) */
  wake(): void {
    const dv = new DataView(this.one.bytes.buffer, this.one.bytes.byteOffset, 8);
    dv.setBigUint64(0, 1n, true);
    this.s.write(this.efd, this.one, 8);
  }

  /** close the epoll set; a pending asynchronous wait is woken first and the fds closed after it returns */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.pending) this.wake();
    else this.release();
  }

  private release(): void {
    if (this.epfd < 0) return;
    this.s.close(this.epfd);
    this.s.close(this.efd);
    this.epfd = -1;
    this.events.free();
    this.one.free();
  }
}

/**
 * A reader woken by epoll: what libbpf's ring_buffer__poll / perf_buffer__poll do, once for the
 * ring buffer, the perf buffer and trace_pipe. A subclass says how to drain what is ready now and
 * how to close; poll() and async iteration are the same for all three.
 */
export abstract class EpollReader<T> implements AsyncIterable<T>, Disposable {
  protected closed = false;
  protected abstract readonly epoll: Epoll;
  protected abstract readonly signal?: AbortSignal;

  /** what is ready now, without waiting */
  abstract drain(): T[];
  /** unmap/close and stop */
  abstract close(): void;

  /** wait up to timeoutMs (-1: forever) for something, then drain */
  poll(timeoutMs: number): T[] {
    const now = this.drain();
    if (now.length || this.closed) return now;
    this.epoll.wait(timeoutMs);
    return this.drain();
  }

  /** items as they arrive; ends on close() or when the signal aborts */
  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    try {
      while (!this.closed && !this.signal?.aborted) {
        const items = this.drain();
        for (const x of items) yield x;
        if (items.length) continue;
        // re-armed every second: a wake-up lost to a race costs a second, never a hang
        await this.epoll.waitAsync(1000);
      }
    } finally {
      if (this.signal?.aborted) this.close();
    }
  }

  [Symbol.dispose](): void {
    this.close();
  }
}
