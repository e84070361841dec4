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
 *
 * The positions live in the address space, not in JavaScript fields: a read-only control region of
 * the map's domain (RINGBUF_CTL) holds consumer_pos, producer_pos and pending_pos (u64, as the
 * kernel's struct bpf_ringbuf keeps them on their own pages), the data base and mask, and a word
 * that says whether a JavaScript consumer waits for a submit. The JIT reserves, submits, discards
 * and outputs records in WebAssembly on that layout (vm/jit/ringbuf_fastpath.ts) and calls out
 * only to wake a waiting consumer, so a JavaScript consumer reads the records a batch of runs
 * produced without one crossing per record.
 */
import { BpfError } from '../isa/errors.js';
import { AddressSpace, RegionKind } from '../vm/address_space.js';
import {
  BPF_F_NUMA_NODE, BPF_RB_AVAIL_DATA, BPF_RB_CONS_POS, BPF_RB_FORCE_WAKEUP, BPF_RB_NO_WAKEUP, BPF_RB_PROD_POS, BPF_RB_RING_SIZE,
  BPF_RINGBUF_BUSY_BIT, BPF_RINGBUF_DISCARD_BIT, BPF_RINGBUF_HDR_SZ, PAGE_SIZE, type MapAttr,
} from './constants.js';
import { BPF_MAP_TYPE_RINGBUF } from '../isa/bpf_types.js';
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

/**
 * The control region (RingBuf.ctl): byte offsets of its fields. CONS/PROD/PEND are u64 positions
 * (ringbuf.c consumer_pos, producer_pos, pending_pos); DATA the address of data[], MASK
 * max_entries - 1, WAKE nonzero while a JavaScript consumer waits (a submit must call out then).
 */
export const RINGBUF_CTL = { CONS: 0, PROD: 8, PEND: 16, DATA: 24, MASK: 28, WAKE: 32, SIZE: 40 } as const;

/** ring buffers by their data region: bpf_ringbuf_submit/discard get only the record pointer */
export const RINGBUF_BY_DATA_REGION = new WeakMap<object, RingBuf>();

/**
 * struct bpf_ringbuf, shared by BPF_MAP_TYPE_RINGBUF and BPF_MAP_TYPE_USER_RINGBUF (./user_ringbuf.ts):
 * the data pages (twice, see above) and the consumer and producer positions
 */
export abstract class RingBase extends BpfMap {
  readonly mask: number;
  readonly dataBase: number;
  /** address of the control region (RINGBUF_CTL): the positions, read and written by the JIT's code too */
  readonly ctl: number;

  constructor(as: AddressSpace, attr: MapAttr, opts: MapOptions = {}) {
    super(as, attr, opts);
    this.mask = this.maxEntries - 1;
    const r = this.alloc(2 * this.maxEntries, RegionKind.RingBuf, `${this.name || 'ringbuf'} data`, true);
    this.dataBase = r.base;
    if (this.type === BPF_MAP_TYPE_RINGBUF) RINGBUF_BY_DATA_REGION.set(r, this as unknown as RingBuf);
    // mapped after the data region, so record addresses are what they were before it existed
    this.ctl = this.alloc(RINGBUF_CTL.SIZE, RegionKind.Mem, `${this.name || 'ringbuf'} positions`, false).base;
    this.as.dv.setUint32(this.ctl + RINGBUF_CTL.DATA, this.dataBase, true);
    this.as.dv.setUint32(this.ctl + RINGBUF_CTL.MASK, this.mask, true);
  }

  /** a u64 position of the control region (below 2^53 for any ring's life) */
  protected pos(field: number): number {
    const dv = this.as.dv;
    return dv.getUint32(this.ctl + field + 4, true) * 4294967296 + dv.getUint32(this.ctl + field, true);
  }
  protected setPos(field: number, v: number): void {
    const dv = this.as.dv;
    dv.setUint32(this.ctl + field, v >>> 0, true);
    dv.setUint32(this.ctl + field + 4, Math.floor(v / 4294967296), true);
  }
  get consumerPos(): number { return this.pos(RINGBUF_CTL.CONS); }
  set consumerPos(v: number) { this.setPos(RINGBUF_CTL.CONS, v); }
  get producerPos(): number { return this.pos(RINGBUF_CTL.PROD); }
  set producerPos(v: number) { this.setPos(RINGBUF_CTL.PROD, v); }
  get pendingPos(): number { return this.pos(RINGBUF_CTL.PEND); }
  set pendingPos(v: number) { this.setPos(RINGBUF_CTL.PEND, v); }

  protected hdrLen(off: number): number {
    return this.as.dv.getUint32(this.dataBase + off, true);
  }
}

export class RingBuf extends RingBase {
  private waiters: Array<() => void> = [];

  /** __bpf_ringbuf_reserve: pointer to the sample (after its header), 0 when full */
  reserve(size: number, flags = 0): number {
    if (flags) return 0;
    if (size > RINGBUF_MAX_RECORD_SZ) return 0;
    const len = (size + BPF_RINGBUF_HDR_SZ + 7) & ~7;
    if (len > this.maxEntries) return 0;
    // advance pending_pos past committed records (6.x: reserve never laps a busy record)
    const prod = this.producerPos;
    let pend = this.pendingPos;
    while (pend < prod) {
      const l = this.hdrLen(pend & this.mask);
      if (l & BPF_RINGBUF_BUSY_BIT) break;
      pend += ((l & ~(BPF_RINGBUF_BUSY_BIT | BPF_RINGBUF_DISCARD_BIT)) + BPF_RINGBUF_HDR_SZ + 7) & ~7;
    }
    this.pendingPos = pend;
    const next = prod + len;
    if (next - this.consumerPos > this.mask || next - pend > this.mask) return 0;
    const off = prod & this.mask;
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
    // only a header an unverified program forged says a record ends past the second copy of the
    // data: no such record was reserved, and copying it back would write past the ring's region
    if (end > 2 * this.maxEntries) return false;
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
    // the callback may produce (a JS producer) or consume: positions are read and written each record
    while (this.consumerPos < this.producerPos && n < limit) {
      const cons = this.consumerPos;
      const off = cons & this.mask;
      const len = dv.getUint32(this.dataBase + off, true);
      if (len & BPF_RINGBUF_BUSY_BIT) break;
      const size = len & ~(BPF_RINGBUF_BUSY_BIT | BPF_RINGBUF_DISCARD_BIT);
      const start = off + BPF_RINGBUF_HDR_SZ;
      this.consumerPos = cons + ((size + BPF_RINGBUF_HDR_SZ + 7) & ~7);
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

  /** a submit asked for a wakeup: resolve the consumers waiting for data (the JIT's code calls this only while WAKE is set) */
  wake(): void {
    if (this.waiters.length === 0) return;
    const w = this.waiters;
    this.waiters = [];
    this.as.dv.setUint32(this.ctl + RINGBUF_CTL.WAKE, 0, true);
    for (const f of w) f();
  }

  /** resolves at the next submit (or when the signal aborts) */
  waitForData(signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      this.waiters.push(resolve);
      this.as.dv.setUint32(this.ctl + RINGBUF_CTL.WAKE, 1, true);
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
