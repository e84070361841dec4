/**
 * The perf buffer consumer for BPF_MAP_TYPE_PERF_EVENT_ARRAY (bpf_perf_event_output), as libbpf's
 * perf_buffer__new: per online CPU a perf_event_open(PERF_TYPE_SOFTWARE, PERF_COUNT_SW_BPF_OUTPUT,
 * sample_type PERF_SAMPLE_RAW, wakeup_events 1) whose fd goes into the map at that CPU's index, a
 * ring of 1 + 2^n pages mmap'd (struct perf_event_mmap_page, then the data), and epoll on all of
 * them. PERF_RECORD_SAMPLE carries the program's bytes (u32 size, data padded to 8);
 * PERF_RECORD_LOST says how many samples the kernel dropped because the ring was full.
 */
import { BpfError } from '../isa/errors.js';
import { MapType } from '../maps/constants.js';
import { decode, type TypeDesc } from '../runtime/format.js';
import { KernelError, mapDeleteElem, mapUpdateElem } from '../hooks/kernel/bpf.js';
import { Epoll, EpollReader, nativeAlloc, sys } from './epoll.js';
import { MAP_SHARED, PAGE_SIZE, PROT_READ, PROT_WRITE, type KernelMap } from './map.js';
import type { Sys } from '../hooks/kernel/ffi.js';

/** include/uapi/linux/perf_event.h */
export const PERF_TYPE_SOFTWARE = 1;
export const PERF_COUNT_SW_BPF_OUTPUT = 10;
export const PERF_SAMPLE_RAW = 1 << 10;
export const PERF_FLAG_FD_CLOEXEC = 1 << 3;
export const PERF_EVENT_IOC_ENABLE = 0x2400;
export const PERF_EVENT_IOC_DISABLE = 0x2401;
const PERF_RECORD_LOST = 2;
const PERF_RECORD_SAMPLE = 9;
/** struct perf_event_attr, PERF_ATTR_SIZE_VER5 (the kernel accepts any known size) */
export const PERF_ATTR_SIZE = 112;
/** struct perf_event_mmap_page: data_head, data_tail */
const DATA_HEAD = 1024;
const DATA_TAIL = 1032;

/** the fields of struct perf_event_attr a caller sets (offsets in include/uapi/linux/perf_event.h) */
export interface PerfEventAttr {
  type: number;
  config: bigint | number;
  /** sample_period (or sample_freq with `freq`) */
  samplePeriod?: bigint | number;
  sampleType?: bigint | number;
  /** the flag bits at offset 40 (disabled = bit 0, freq = bit 10, ...) */
  flags?: bigint | number;
  wakeupEvents?: number;
  /** config1 (kprobe/uprobe PMUs: the function name or path pointer) */
  config1?: bigint | number;
  config2?: bigint | number;
  bpType?: number;
}

/** perf_event_open(2): the fd (pid -1 = any process on `cpu`; cpu -1 = any CPU of `pid`) */
export function perfEventOpen(attr: PerfEventAttr, pid: number, cpu: number, groupFd = -1, flags = PERF_FLAG_FD_CLOEXEC): number {
  const s = sys();
  if (s.nrPerfEventOpen < 0) throw new BpfError('ENOSYS', 'no perf_event_open syscall number is known for this architecture');
  const buf = nativeAlloc(PERF_ATTR_SIZE);
  try {
    const dv = new DataView(buf.bytes.buffer, buf.bytes.byteOffset, PERF_ATTR_SIZE);
    dv.setUint32(0, attr.type, true);
    dv.setUint32(4, PERF_ATTR_SIZE, true);
    dv.setBigUint64(8, BigInt(attr.config), true);
    dv.setBigUint64(16, BigInt(attr.samplePeriod ?? 0), true);
    dv.setBigUint64(24, BigInt(attr.sampleType ?? 0), true);
    dv.setBigUint64(40, BigInt(attr.flags ?? 0), true);
    dv.setUint32(48, attr.wakeupEvents ?? 0, true);
    dv.setUint32(52, attr.bpType ?? 0, true);
    dv.setBigUint64(56, BigInt(attr.config1 ?? 0), true);
    dv.setBigUint64(64, BigInt(attr.config2 ?? 0), true);
    const r = s.syscall(s.nrPerfEventOpen, buf.addr, pid, cpu, groupFd, flags);
    if (r.ret < 0) throw new KernelError(`perf_event_open(type ${attr.type}, config ${attr.config}, cpu ${cpu})`, r.errno);
    return r.ret;
  } finally {
    buf.free();
  }
}

/** the online CPUs (/sys/devices/system/cpu/online), where perf events can be opened */
export function onlineCpus(): number[] {
  const text = readSys('/sys/devices/system/cpu/online') ?? '0';
  const out: number[] = [];
  for (const part of text.trim().split(',')) {
    const [a, b] = part.split('-').map(Number);
    for (let c = a!; c <= (b ?? a!); c++) out.push(c);
  }
  return out;
}

function readSys(path: string): string | undefined {
  const p = (globalThis as { process?: { getBuiltinModule?: (n: string) => unknown } }).process;
  const fs = p?.getBuiltinModule?.('node:fs') as { readFileSync(p: string, e: 'utf8'): string } | undefined;
  try {
    return fs?.readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

export interface PerfBufferOptions {
  /** data pages per CPU, a power of two (default 8, as bpftool) */
  pageCount?: number;
  type?: TypeDesc;
  decode?: (rec: Uint8Array) => unknown;
  signal?: AbortSignal;
}

export interface PerfSample {
  cpu: number;
  /** the decoded record (or a copy of its bytes) */
  data: unknown;
}

interface CpuRing {
  cpu: number;
  fd: number;
  header: DataView;
  data: Uint8Array;
  unmap(): void;
}

export class PerfBufferReader extends EpollReader<PerfSample> {
  readonly map: KernelMap;
  /** samples the kernel dropped (PERF_RECORD_LOST), per CPU and in total */
  readonly lostByCpu = new Map<number, number>();
  lost = 0;
  private readonly rings: CpuRing[] = [];
  protected readonly epoll: Epoll;
  private readonly s: Sys;
  private readonly decodeRec: (rec: Uint8Array) => unknown;
  protected readonly signal?: AbortSignal;
  private scratch = new Uint8Array(256);

  constructor(map: KernelMap, opts: PerfBufferOptions = {}) {
    super();
    if (map.type !== MapType.PERF_EVENT_ARRAY) throw new BpfError('EINVAL', `map '${map.name}' is not a BPF_MAP_TYPE_PERF_EVENT_ARRAY`);
    const pages = opts.pageCount ?? 8;
    if (pages < 1 || (pages & (pages - 1)) !== 0) throw new BpfError('EINVAL', `perf buffer page count ${pages} is not a power of two`);
    this.map = map;
    this.s = sys();
    this.epoll = new Epoll();
    const t = opts.type ?? map.valueType;
    this.decodeRec = opts.decode ?? (t ? (r) => (r.length >= t.size ? decode(t, r) : r.slice()) : (r) => r.slice());
    try {
      for (const cpu of onlineCpus()) {
        if (cpu >= map.maxEntries) break;
        const fd = perfEventOpen({ type: PERF_TYPE_SOFTWARE, config: PERF_COUNT_SW_BPF_OUTPUT, samplePeriod: 1, sampleType: PERF_SAMPLE_RAW, wakeupEvents: 1 }, -1, cpu);
        const len = PAGE_SIZE * (pages + 1);
        const m = this.s.mmap(len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
        if ('errno' in m) {
          this.s.close(fd);
          throw new KernelError(`mmap of the perf ring of CPU ${cpu}`, m.errno);
        }
        this.rings.push({ cpu, fd, header: new DataView(m.bytes.buffer, m.bytes.byteOffset, PAGE_SIZE), data: m.bytes.subarray(PAGE_SIZE), unmap: m.unmap });
        const e = this.s.ioctl(fd, PERF_EVENT_IOC_ENABLE, 0);
        if (e.ret < 0) throw new KernelError(`ioctl(PERF_EVENT_IOC_ENABLE) on CPU ${cpu}`, e.errno);
        const key = new Uint8Array(4);
        new DataView(key.buffer).setUint32(0, cpu, true);
        const val = new Uint8Array(4);
        new DataView(val.buffer).setUint32(0, fd, true);
        mapUpdateElem(map.requireFd(), key, val, 0);
        this.epoll.add(fd, this.rings.length - 1);
      }
    } catch (e) {
      this.close();
      throw e;
    }
    if (opts.signal) {
      this.signal = opts.signal;
      opts.signal.addEventListener('abort', () => this.epoll.wake(), { once: true });
    }
  }

  /** drain one CPU's ring (perf_event_read_simple): cb gets each sample's raw bytes (a view) */
  private drainRing(r: CpuRing, cb: (rec: Uint8Array, cpu: number) => void): number {
    const size = r.data.length;
    const h = r.header;
    // data_head is read before the records (smp_load_acquire); a 2^53 byte stream is never reached
    let head = Number(h.getBigUint64(DATA_HEAD, true));
    let tail = Number(h.getBigUint64(DATA_TAIL, true));
    let n = 0;
    while (tail < head) {
      const off = tail % size;
      let rec: Uint8Array;
      const hdrSize = r.data[(off + 6) % size]! | (r.data[(off + 7) % size]! << 8);
      if (off + hdrSize <= size) rec = r.data.subarray(off, off + hdrSize);
      else {
        // the record wraps around the end of the ring: copy it out (libbpf's copy_mem)
        if (this.scratch.length < hdrSize) this.scratch = new Uint8Array(hdrSize * 2);
        const first = size - off;
        this.scratch.set(r.data.subarray(off, size), 0);
        this.scratch.set(r.data.subarray(0, hdrSize - first), first);
        rec = this.scratch.subarray(0, hdrSize);
      }
      if (hdrSize === 0) break;
      const dv = new DataView(rec.buffer, rec.byteOffset, rec.byteLength);
      const type = dv.getUint32(0, true);
      if (type === PERF_RECORD_SAMPLE) {
        const len = dv.getUint32(8, true);
        cb(rec.subarray(12, 12 + len), r.cpu);
        n++;
      } else if (type === PERF_RECORD_LOST) {
        const lost = Number(dv.getBigUint64(16, true));
        this.lost += lost;
        this.lostByCpu.set(r.cpu, (this.lostByCpu.get(r.cpu) ?? 0) + lost);
      }
      tail += hdrSize;
      if (tail >= head) head = Number(h.getBigUint64(DATA_HEAD, true));
    }
    h.setBigUint64(DATA_TAIL, BigInt(tail), true);
    return n;
  }

  /** drain every CPU's ring: cb gets each sample's raw bytes (valid during the call) and its CPU */
  consume(cb: (rec: Uint8Array, cpu: number) => void): number {
    if (this.closed) return 0;
    let n = 0;
    for (const r of this.rings) n += this.drainRing(r, cb);
    return n;
  }

  drain(): PerfSample[] {
    const out: PerfSample[] = [];
    this.consume((rec, cpu) => out.push({ cpu, data: this.decodeRec(rec) }));
    return out;
  }



  /** disable and close the per-CPU events, remove them from the map, unmap */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.epoll.close();
    for (const r of this.rings.splice(0)) {
      this.s.ioctl(r.fd, PERF_EVENT_IOC_DISABLE, 0);
      if (this.map.fd >= 0) {
        const key = new Uint8Array(4);
        new DataView(key.buffer).setUint32(0, r.cpu, true);
        try {
          mapDeleteElem(this.map.fd, key);
        } catch {
          // already removed (the kernel drops the entry when the event's file is released)
        }
      }
      r.unmap();
      this.s.close(r.fd);
    }
  }

}
