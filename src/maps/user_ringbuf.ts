/**
 * BPF_MAP_TYPE_USER_RINGBUF (kernel/bpf/ringbuf.c, Linux 6.1): the ring buffer turned around —
 * user space produces, BPF programs consume with bpf_user_ringbuf_drain. Same struct bpf_ringbuf
 * as BPF_MAP_TYPE_RINGBUF (./ringbuf.ts RingBase: data pages, consumer and producer positions,
 * 8-byte record headers { u32 len; u32 pad; } with BPF_RINGBUF_BUSY_BIT / DISCARD_BIT).
 *
 * The producer is JavaScript, with libbpf's user_ring_buffer API (tools/lib/bpf/ringbuf.c):
 * `reserve(size)` claims the next record (E2BIG past the ring or with a flag bit in `size`,
 * ENOSPC when the consumer has not freed enough), `submit(sample)` / `discard(sample)` publish it,
 * `write(bytes)` does all three. A record that wraps is written contiguously into the second
 * half of the data region, which plays the kernel's second mapping of the data pages.
 *
 * The consumer is the kernel side, `peek()` and `release()` as __bpf_user_ringbuf_peek and
 * __bpf_user_ringbuf_sample_release: a discarded record is skipped (EAGAIN), a busy one or an empty
 * ring ends the drain (ENODATA), a header that claims more than the producer published is EINVAL.
 */
import { BpfError } from '../isa/errors.js';
import type { AddressSpace } from '../vm/address_space.js';
import { RegionKind } from '../vm/address_space.js';
import { BPF_RINGBUF_BUSY_BIT, BPF_RINGBUF_DISCARD_BIT, BPF_RINGBUF_HDR_SZ, type MapAttr } from './constants.js';
import type { MapOptions } from './map.js';
import { RingBase } from './ringbuf.js';

/** include/linux/bpf.h DYNPTR_MAX_SIZE (bpf_dynptr_check_size) */
const DYNPTR_MAX_SIZE = (1 << 24) - 1;

const ENODATA = -61;
const EAGAIN = -11;
const EINVAL = -22;
const E2BIG = -7;

export class UserRingBuf extends RingBase {
  /**
   * the drain's struct bpf_dynptr_kern (16 bytes), which the kernel keeps on its own stack: the
   * callback gets a pointer to it (the map's domain, so the draining program owns it)
   */
  readonly dynptr: number;
  /** rb->busy: one drain at a time (a callback that drains the same ring gets EBUSY) */
  busy = false;

  constructor(as: AddressSpace, attr: MapAttr, opts: MapOptions = {}) {
    super(as, attr, opts);
    this.dynptr = this.alloc(16, RegionKind.Mem, `${this.name || 'user_ringbuf'} dynptr`, true).base;
  }

  /** user_ring_buffer__reserve: the address of a `size`-byte sample (its header says BUSY until submitted) */
  reserve(size: number): number {
    if (!Number.isInteger(size) || size < 0 || size > 0xffffffff || size & (BPF_RINGBUF_BUSY_BIT | BPF_RINGBUF_DISCARD_BIT)) {
      throw new BpfError('E2BIG', `${this.what()}: a sample of ${size} bytes is too large`);
    }
    const prod = this.producerPos;
    const total = (size + BPF_RINGBUF_HDR_SZ + 7) & ~7;
    if (total > this.maxEntries) throw new BpfError('E2BIG', `${this.what()}: a sample of ${size} bytes does not fit in the ${this.maxEntries}-byte ring`);
    if (this.maxEntries - (prod - this.consumerPos) < total) throw new BpfError('ENOSPC', `${this.what()}: no room for ${size} bytes until a program drains the ring`);
    const hdr = this.dataBase + (prod & this.mask);
    const dv = this.as.dv;
    dv.setUint32(hdr, (size | BPF_RINGBUF_BUSY_BIT) >>> 0, true);
    dv.setUint32(hdr + 4, 0, true);
    this.producerPos = prod + total;
    // masked, as libbpf's: a header in the ring's last 8 bytes has its sample at the start
    return this.dataBase + ((prod + BPF_RINGBUF_HDR_SZ) & this.mask);
  }

  /** user_ringbuf_commit: clear BUSY (and set DISCARD) in the header of a reserved sample */
  private commit(sample: number, discard: boolean): void {
    // libbpf user_ringbuf_commit: the header is 8 bytes before the sample, modulo the ring
    const at = sample - this.dataBase;
    const ok = at >= 0 && at < this.maxEntries && !(at & 7);
    const hdr = this.dataBase + ((this.maxEntries + at - BPF_RINGBUF_HDR_SZ) & this.mask);
    const dv = this.as.dv;
    const len = ok ? dv.getUint32(hdr, true) : 0;
    if (!(len & BPF_RINGBUF_BUSY_BIT)) throw new BpfError('EINVAL', `${this.what()}: 0x${sample.toString(16)} is not a reserved sample`);
    dv.setUint32(hdr, ((len & ~BPF_RINGBUF_BUSY_BIT) | (discard ? BPF_RINGBUF_DISCARD_BIT : 0)) >>> 0, true);
  }

  /** user_ring_buffer__submit */
  submit(sample: number): void {
    this.commit(sample, false);
  }

  /** user_ring_buffer__discard */
  discard(sample: number): void {
    this.commit(sample, true);
  }

  /** the bytes of a reserved sample, to fill before submit */
  sampleBytes(sample: number, size: number): Uint8Array {
    return this.as.u8.subarray(sample, sample + size);
  }

  /** reserve, copy and submit one sample; false when the ring has no room (ENOSPC) */
  write(data: Uint8Array): boolean {
    let s: number;
    try {
      s = this.reserve(data.length);
    } catch (e) {
      if (e instanceof BpfError && e.errno === 'ENOSPC') return false;
      throw e;
    }
    this.as.u8.set(data, s);
    this.submit(s);
    return true;
  }

  /** __bpf_user_ringbuf_peek: the next published sample, or a negative errno */
  peek(): { sample: number; size: number } | number {
    const prod = this.producerPos;
    if (prod % 8) return EINVAL;
    const cons = this.consumerPos;
    if (cons >= prod) return ENODATA;
    const len = this.hdrLen(cons & this.mask);
    const flags = len & (BPF_RINGBUF_BUSY_BIT | BPF_RINGBUF_DISCARD_BIT);
    const size = (len & ~flags) >>> 0;
    const total = (size + BPF_RINGBUF_HDR_SZ + 7) & ~7;
    if (total > prod - cons) return EINVAL;
    if (total > this.maxEntries || size > DYNPTR_MAX_SIZE) return E2BIG;
    if (flags & BPF_RINGBUF_DISCARD_BIT) {
      this.consumerPos = cons + total;
      return EAGAIN;
    }
    if (flags & BPF_RINGBUF_BUSY_BIT) return ENODATA;
    return { sample: this.dataBase + ((cons + BPF_RINGBUF_HDR_SZ) & this.mask), size };
  }

  /** __bpf_user_ringbuf_sample_release */
  release(size: number): void {
    this.consumerPos += (size + BPF_RINGBUF_HDR_SZ + 7) & ~7;
  }
}
