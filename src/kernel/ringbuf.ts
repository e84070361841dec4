/**
 * The BPF ring buffer consumer (BPF_MAP_TYPE_RINGBUF), as libbpf's ringbuf.c: the consumer page
 * mmap'd read-write at offset 0 (consumer_pos), the producer page and the data pages mmap'd
 * read-only at offset PAGE_SIZE (producer_pos, then the data area mapped twice in a row so that
 * no record wraps; kernel/bpf/ringbuf.c ringbuf_map_mmap_kern). Each record has an 8-byte header:
 * u32 len with BPF_RINGBUF_BUSY_BIT (not committed yet) and BPF_RINGBUF_DISCARD_BIT, u32 page
 * offset; records are 8-byte aligned. Wake-ups come from epoll on the map fd (ringbuf_map_poll_kern).
 *
 * Three ways to read: `consume(cb)` drains what is committed (zero-copy views, valid during the
 * callback), `poll(timeoutMs)` waits then drains (blocking, for tight loops), and
 * `for await (const rec of reader)` (records decoded from BTF, AbortSignal to stop).
 */
import { BpfError } from '../isa/errors.js';
import { MapType } from '../maps/constants.js';
import { decode, decoderFor, type TypeDesc } from '../runtime/format.js';
import { KernelError } from '../hooks/kernel/bpf.js';
import { Epoll, EpollReader, sys } from './epoll.js';
import { MAP_SHARED, PAGE_SIZE, PROT_READ, PROT_WRITE, type KernelMap } from './map.js';

const BPF_RINGBUF_DISCARD_BIT = 0x40000000;
const BPF_RINGBUF_HDR_SZ = 8;
/** the length bits below BPF_RINGBUF_BUSY_BIT (1 << 31) and BPF_RINGBUF_DISCARD_BIT */
const LEN_MASK = 0x3fffffff;

export interface RingBufOptions {
  /** decode records with this type (default: the map's BTF value type, else raw bytes) */
  type?: TypeDesc;
  /** or with this function (wins over `type`) */
  decode?: (rec: Uint8Array) => unknown;
  /** stop the async iteration */
  signal?: AbortSignal;
}

/** what a record becomes: the decoded value, or a copy of its bytes */
export type RingRecord = unknown;

export class RingBufReader extends EpollReader<RingRecord> {
  readonly map: KernelMap;
  private readonly cons: Uint32Array;
  private readonly prod: Uint32Array;
  private readonly data: Uint8Array;
  private readonly data32: Uint32Array;
  private readonly mask: number;
  private readonly unmaps: (() => void)[] = [];
  protected readonly epoll: Epoll;
  private readonly decodeRec: (rec: Uint8Array) => unknown;
  private readonly decodeAt?: (off: number, len: number) => unknown;
  protected readonly signal?: AbortSignal;

  constructor(map: KernelMap, opts: RingBufOptions = {}) {
    super();
    if (map.type !== MapType.RINGBUF) throw new BpfError('EINVAL', `map '${map.name}' is not a BPF_MAP_TYPE_RINGBUF`);
    this.map = map;
    const size = map.maxEntries;
    const s = sys();
    const c = s.mmap(PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, map.requireFd(), 0);
    if ('errno' in c) throw new KernelError(`mmap of ring buffer '${map.name}' (consumer page)`, c.errno);
    this.unmaps.push(c.unmap);
    const p = s.mmap(PAGE_SIZE + 2 * size, PROT_READ, MAP_SHARED, map.requireFd(), PAGE_SIZE);
    if ('errno' in p) {
      c.unmap();
      throw new KernelError(`mmap of ring buffer '${map.name}' (producer and data pages)`, p.errno);
    }
    this.unmaps.push(p.unmap);
    this.cons = new Uint32Array(c.bytes.buffer, c.bytes.byteOffset, 2);
    this.prod = new Uint32Array(p.bytes.buffer, p.bytes.byteOffset, 2);
    this.data = p.bytes.subarray(PAGE_SIZE);
    this.data32 = new Uint32Array(this.data.buffer, this.data.byteOffset, this.data.byteLength >>> 2);
    this.mask = size - 1;
    this.epoll = new Epoll();
    this.epoll.add(map.requireFd(), 0);
    const t = opts.type ?? map.valueType;
    this.decodeRec = opts.decode ?? (t ? (r) => (r.length >= t.size ? decode(t, r) : r.slice()) : (r) => r.slice());
    // decoded in place from the data area: no view per record
    if (!opts.decode && t) {
      const dec = decoderFor(t);
      this.decodeAt = (off, len) => (len >= t.size ? dec(this.data, off) : this.data.slice(off, off + len));
    }
    if (opts.signal) {
      this.signal = opts.signal;
      opts.signal.addEventListener('abort', () => this.epoll.wake(), { once: true });
    }
  }

  /** producer_pos, read so that a carry between the halves is never torn */
  private producerPos(): number {
    for (;;) {
      const hi = this.prod[1]!;
      const lo = this.prod[0]!;
      if (this.prod[1] === hi) return hi * 0x100000000 + lo;
    }
  }

  private consumerPos(): number {
    return this.cons[1]! * 0x100000000 + this.cons[0]!;
  }

  /** store consumer_pos: low half first, so a reader between the stores sees less free space, never more */
  private setConsumerPos(pos: number): void {
    this.cons[0] = pos >>> 0;
    const hi = Math.floor(pos / 0x100000000);
    if (this.cons[1] !== hi) this.cons[1] = hi;
  }

  /**
   * Drain the committed records, calling cb with a view of each (valid only during the call).
   * Returns how many were consumed (ringbuf_process_ring).
   */
  consume(cb: (rec: Uint8Array) => void): number {
    const data = this.data;
    return this.consumeRaw((off, len) => cb(data.subarray(off, off + len)));
  }

  /**
   * The allocation-free form of consume: cb(offset, length) of each record in `bytes` (the data
   * area, mapped twice so a record never wraps). consumer_pos is published once per batch of
   * available records rather than per record, which frees the space a little later but keeps
   * the loop to a few loads per record.
   */
  consumeRaw(cb: (offset: number, length: number) => void): number {
    if (this.closed) return 0;
    const d32 = this.data32;
    const mask = this.mask;
    let cons = this.consumerPos();
    let n = 0;
    for (;;) {
      // the loop runs on int32s: offsets within the ring, bytes done in this batch (<= its size)
      const avail = this.producerPos() - cons;
      if (avail <= 0) break;
      let off = cons % (mask + 1) | 0;
      let done = 0;
      while (done < avail) {
        const len = d32[off >>> 2]! | 0;
        // BPF_RINGBUF_BUSY_BIT is the sign bit: not committed yet
        if (len < 0) break;
        const size = len & LEN_MASK;
        const step = (size + BPF_RINGBUF_HDR_SZ + 7) & ~7;
        if ((len & BPF_RINGBUF_DISCARD_BIT) === 0) {
          n++;
          cb(off + BPF_RINGBUF_HDR_SZ, size);
        }
        done += step;
        off = (off + step) & mask;
      }
      cons += done;
      this.setConsumerPos(cons);
      if (done === 0 || done < avail) break;
    }
    return n;
  }

  /** the data area: records are at the offsets consumeRaw reports */
  get bytes(): Uint8Array {
    return this.data;
  }

  /** the committed records, decoded, without waiting */
  drain(): RingRecord[] {
    const out: RingRecord[] = [];
    const at = this.decodeAt;
    if (at) this.consumeRaw((off, len) => out.push(at(off, len) as RingRecord));
    else this.consume((r) => out.push(this.decodeRec(r)));
    return out;
  }



  /** unmap and stop; the map itself stays open (it belongs to its object) */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.epoll.close();
    for (const u of this.unmaps.splice(0)) u();
  }

}
