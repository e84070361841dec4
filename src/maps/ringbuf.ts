/**
 * BPF_MAP_TYPE_RINGBUF (kernel/bpf/ringbuf.c): a multi-producer single-consumer byte ring of
 * max_entries bytes (a power of two, page aligned). Each record starts with the kernel's 8-byte
 * header struct bpf_ringbuf_hdr { u32 len; u32 pg_off; }: len carries BPF_RINGBUF_BUSY_BIT while
 * reserved and BPF_RINGBUF_DISCARD_BIT when discarded; pg_off is the record's page offset from the
 * start of struct bpf_ringbuf, whose data area begins at page 3 (after the consumer, producer and
 * pending-position pages). Records are padded to 8 bytes.
 *
 * The kernel maps the data pages twice in a row so a record that wraps is contiguous; here the
 * data region is 2*size bytes and the part of a record beyond `size` is copied back to the start
 * on submit/discard, so producers and the consumer see what they would in the kernel.
 *
 * The consumer is JavaScript: `consume(cb)` drains what is committed (libbpf ring_buffer__consume)
 * and `records()` is an async iterator that waits for submits.
 */
import { BpfError } from '../isa/errors.js';
import { AddressSpace, RegionKind } from '../vm/address_space.js';
import {
  BPF_F_NUMA_NODE, BPF_RB_AVAIL_DATA, BPF_RB_CONS_POS, BPF_RB_FORCE_WAKEUP, BPF_RB_NO_WAKEUP, BPF_RB_PROD_POS, BPF_RB_RING_SIZE,
  BPF_RINGBUF_BUSY_BIT, BPF_RINGBUF_DISCARD_BIT, BPF_RINGBUF_HDR_SZ, PAGE_SIZE, type MapAttr,
} from './constants.js';
import { BpfMap, EAGAIN, EINVAL, type MapOptions } from './map.js';

const RINGBUF_CREATE_FLAG_MASK = BPF_F_NUMA_NODE;
/** page of struct bpf_ringbuf where data[] starts */
const RINGBUF_DATA_PGOFF = 3;
/** ringbuf.c: RINGBUF_MAX_RECORD_SZ (UINT_MAX/4) */
const RINGBUF_MAX_RECORD_SZ = 0x3fffffff;

/** ringbuf_map_alloc checks */
export function ringbufAllocCheck(a: MapAttr): void {
  const f = a.mapFlags ?? 0;
  if (f & ~RINGBUF_CREATE_FLAG_MASK) throw new BpfError('EINVAL', `ring buffer: unknown map_flags 0x${f.toString(16)}`);
  const m = a.maxEntries;
  if (a.keySize || a.valueSize || m === 0 || (m & (m - 1)) !== 0 || m % PAGE_SIZE !== 0)
    throw new BpfError('EINVAL', `ring buffer: key_size and value_size must be 0, max_entries a power of 2 and a multiple of ${PAGE_SIZE} (got ${a.keySize}/${a.valueSize}/${m})`);
  if (m > 1 << 30) throw new BpfError('E2BIG', `ring buffer: max_entries ${m} too large`);
}

/** ring buffers by their data region: bpf_ringbuf_submit/discard get only the record pointer */
export const RINGBUF_BY_DATA_REGION = new WeakMap<object, RingBuf>();

export class RingBuf extends BpfMap {
  readonly mask: number;
  readonly dataBase: number;
  consumerPos = 0;
  producerPos = 0;
  pendingPos = 0;
  private waiters: Array<() => void> = [];

  constructor(as: AddressSpace, attr: MapAttr, opts: MapOptions = {}) {
    super(as, attr, opts);
    this.mask = this.maxEntries - 1;
    const r = this.alloc(2 * this.maxEntries, RegionKind.RingBuf, `${this.name || 'ringbuf'} data`, true);
    this.dataBase = r.base;
    RINGBUF_BY_DATA_REGION.set(r, this);
  }

  private hdrLen(off: number): number {
    return this.as.dv.getUint32(this.dataBase + off, true);
  }

  /** __bpf_ringbuf_reserve: pointer to the sample (after its header), 0 when full */
  reserve(size: number, flags = 0): number {
    if (flags) return 0;
    if (size > RINGBUF_MAX_RECORD_SZ) return 0;
    const len = (size + BPF_RINGBUF_HDR_SZ + 7) & ~7;
    if (len > this.maxEntries) return 0;
    // advance pending_pos past committed records (6.x: reserve never laps a busy record)
    while (this.pendingPos < this.producerPos) {
      const l = this.hdrLen(this.pendingPos & this.mask);
      if (l & BPF_RINGBUF_BUSY_BIT) break;
      this.pendingPos += ((l & ~(BPF_RINGBUF_BUSY_BIT | BPF_RINGBUF_DISCARD_BIT)) + BPF_RINGBUF_HDR_SZ + 7) & ~7;
    }
    const next = this.producerPos + len;
    if (next - this.consumerPos > this.mask || next - this.pendingPos > this.mask) return 0;
    const off = this.producerPos & this.mask;
    const hdr = this.dataBase + off;
    const dv = this.as.dv;
    dv.setUint32(hdr, (size | BPF_RINGBUF_BUSY_BIT) >>> 0, true);
    dv.setUint32(hdr + 4, RINGBUF_DATA_PGOFF + (off >>> 12), true);
    this.producerPos = next;
    return hdr + BPF_RINGBUF_HDR_SZ;
  }

  /** bpf_ringbuf_commit: clear BUSY (and set DISCARD); false when `sample` is not a reserved record */
  commit(sample: number, flags: number, discard: boolean): boolean {
    const hdr = sample - BPF_RINGBUF_HDR_SZ;
    const off = hdr - this.dataBase;
    if (off < 0 || off >= this.maxEntries || off & 7) return false;
    const dv = this.as.dv;
    let len = dv.getUint32(hdr, true);
    if (!(len & BPF_RINGBUF_BUSY_BIT)) return false;
    const size = len & ~(BPF_RINGBUF_BUSY_BIT | BPF_RINGBUF_DISCARD_BIT);
    // the second mapping: bytes past the end belong at the start
    const end = off + BPF_RINGBUF_HDR_SZ + size;
    if (end > this.maxEntries) {
      const u8 = this.as.u8;
      u8.copyWithin(this.dataBase, this.dataBase + this.maxEntries, this.dataBase + end);
    }
    len = (len ^ BPF_RINGBUF_BUSY_BIT) | (discard ? BPF_RINGBUF_DISCARD_BIT : 0);
    dv.setUint32(hdr, len >>> 0, true);
    if (!(flags & BPF_RB_NO_WAKEUP) || (flags & BPF_RB_FORCE_WAKEUP)) this.wake();
    return true;
  }

  /** bpf_ringbuf_output: copy `size` bytes from the address space */
  output(dataPtr: number, size: number, flags: number): number {
    if (flags & ~(BPF_RB_NO_WAKEUP | BPF_RB_FORCE_WAKEUP)) return EINVAL;
    this.as.check(dataPtr, size, false);
    const rec = this.reserve(size, 0);
    if (!rec) return EAGAIN;
    this.as.u8.copyWithin(rec, dataPtr, dataPtr + size);
    this.commit(rec, flags, false);
    return 0;
  }

  /** JS producer (tests, user ring buffers): reserve + copy + submit */
  write(data: Uint8Array, flags = 0): boolean {
    const rec = this.reserve(data.length, 0);
    if (!rec) return false;
    this.as.u8.set(data, rec);
    this.commit(rec, flags, false);
    return true;
  }

  /** bpf_ringbuf_query */
  query(flags: number): number {
    switch (flags) {
      case BPF_RB_AVAIL_DATA: return this.producerPos - this.consumerPos;
      case BPF_RB_RING_SIZE: return this.maxEntries;
      case BPF_RB_CONS_POS: return this.consumerPos;
      case BPF_RB_PROD_POS: return this.producerPos;
      default: return 0;
    }
  }

  /** libbpf ringbuf_process_ring: hand every committed record to cb (discarded ones skipped); stops at a busy one */
  consume(cb: (sample: Uint8Array) => void, limit = Infinity): number {
    let n = 0;
    const dv = this.as.dv;
    while (this.consumerPos < this.producerPos && n < limit) {
      const off = this.consumerPos & this.mask;
      const len = dv.getUint32(this.dataBase + off, true);
      if (len & BPF_RINGBUF_BUSY_BIT) break;
      const size = len & ~(BPF_RINGBUF_BUSY_BIT | BPF_RINGBUF_DISCARD_BIT);
      const start = off + BPF_RINGBUF_HDR_SZ;
      this.consumerPos += (size + BPF_RINGBUF_HDR_SZ + 7) & ~7;
      if (len & BPF_RINGBUF_DISCARD_BIT) continue;
      const out = new Uint8Array(size);
      const u8 = this.as.u8;
      const s0 = start & this.mask;
      const first = Math.min(size, this.maxEntries - s0);
      out.set(u8.subarray(this.dataBase + s0, this.dataBase + s0 + first), 0);
      if (first < size) out.set(u8.subarray(this.dataBase, this.dataBase + size - first), first);
      n++;
      cb(out);
    }
    return n;
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** resolves at the next submit (or when the signal aborts) */
  waitForData(signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      this.waiters.push(resolve);
      signal?.addEventListener('abort', () => resolve(), { once: true });
    });
  }

  /** async iterator over records as they are submitted; ends when `signal` aborts */
  async *records(opts: { signal?: AbortSignal } = {}): AsyncGenerator<Uint8Array> {
    for (;;) {
      const batch: Uint8Array[] = [];
      this.consume((s) => batch.push(s));
      for (const s of batch) yield s;
      if (opts.signal?.aborted) return;
      if (batch.length === 0) await this.waitForData(opts.signal);
    }
  }
}
