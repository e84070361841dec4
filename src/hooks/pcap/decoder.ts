/**
 * An incremental decoder for pcap and pcapng captures: feed it chunks of the file as they are
 * read, take the packets whose records are complete, and call `end()` at end of file. Memory
 * stays proportional to one chunk plus one record, whatever the file size.
 *
 * Formats: pcap — draft-ietf-opsawg-pcap (magic 0xa1b2c3d4 microseconds, 0xa1b23c4d
 * nanoseconds, either byte order); pcapng — draft-ietf-opsawg-pcapng (Section Header Block in
 * either byte order, Interface Description Block with if_tsresol / if_tsoffset, Enhanced, Simple
 * and obsolete Packet Blocks; every other block type is skipped by its length).
 *
 * A record that cannot be right (a length field out of range, a block whose trailing length
 * disagrees) or a file that ends inside a record raises EBADMSG naming the record's byte offset;
 * every packet before it has already been delivered.
 */
import { BpfError } from '../../isa/errors.js';
import { MAXIMUM_SNAPLEN } from './linktype.js';
import type { CaptureFormat, CaptureHeader, CaptureInterface, Packet } from './packet.js';

const PCAP_MAGIC_US = 0xa1b2c3d4;
const PCAP_MAGIC_NS = 0xa1b23c4d;
export const PCAPNG_SHB = 0x0a0d0d0a;
export const PCAPNG_IDB = 0x00000001;
export const PCAPNG_PB = 0x00000002; // obsolete Packet Block
export const PCAPNG_SPB = 0x00000003;
export const PCAPNG_EPB = 0x00000006;
export const PCAPNG_BYTE_ORDER_MAGIC = 0x1a2b3c4d;
/** a block larger than this is taken to be corruption rather than buffered (libpcap uses 16 MiB) */
const MAX_BLOCK = 16 * 1024 * 1024;

/**
 * A packet as the decoder delivers it: the bytes stay in the chunk they were read in
 * (`buf[start .. start + caplen)`), and `data` makes a view on demand, so a hot loop that reads
 * `buf`/`start`/`caplen` directly allocates no typed-array view per packet.
 */
export class CapturedPacket implements Packet {
  constructor(
    readonly buf: Uint8Array,
    readonly start: number,
    readonly caplen: number,
    readonly origLen: number,
    readonly tsSec: number,
    readonly tsNsec: number,
    readonly linkType: number,
    readonly ifIndex: number,
    readonly offset: number,
  ) {}
  get data(): Uint8Array {
    return this.buf.subarray(this.start, this.start + this.caplen);
  }
}

/** a record as scan() reports it: bytes buf[start .. start + caplen), wire length, interface, file offset */
export type RecordFn = (buf: Uint8Array, start: number, caplen: number, origLen: number, ifIndex: number, offset: number, tsSec: number, tsNsec: number) => void;

export class CaptureDecoder {
  private buf: Uint8Array = new Uint8Array(0);
  private dv: DataView = new DataView(this.buf.buffer);
  private pos = 0;
  /** file offset of buf[0] */
  private base = 0;
  private le = true;
  private started = false;
  private tsUnitsNs = 1000; // pcap: nanoseconds per fraction unit
  header: CaptureHeader | undefined;
  /** per pcapng interface: units per second, and offset seconds */
  private ifUnits: number[] = [];
  private ifOffset: number[] = [];
  /** name of the file for messages */
  constructor(private readonly file?: string) {}

  /** an error met after some packets of a drain(): raised by the next call */
  private deferred: unknown;

  /** append the next chunk of the file (the decoder keeps a reference; do not reuse the buffer) */
  push(chunk: Uint8Array): void {
    const rest = this.buf.length - this.pos;
    if (rest === 0) {
      this.base += this.buf.length;
      this.buf = chunk;
    } else {
      const b = new Uint8Array(rest + chunk.length);
      b.set(this.buf.subarray(this.pos));
      b.set(chunk, rest);
      this.base += this.pos;
      this.buf = b;
    }
    this.pos = 0;
    this.dv = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
  }

  /** the undecoded tail of the buffer (a reader puts it in front of the next chunk) */
  rest(): Uint8Array {
    return this.buf.subarray(this.pos);
  }

  /** continue with a buffer that starts with rest() and goes on with the next bytes of the file */
  pushContinued(buf: Uint8Array): void {
    this.base += this.pos;
    this.buf = buf;
    this.pos = 0;
    this.dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  /**
   * continue at file offset `offset` with `buf` holding the file's bytes from there (a reader that
   * walked the records itself, such as the WebAssembly record loop, hands back the rest)
   */
  resumeAt(buf: Uint8Array, offset: number): void {
    this.pos = 0;
    this.pushContinued(buf);
    this.base = offset;
  }

  /** file offset of the next undecoded byte */
  get offset(): number {
    return this.base + this.pos;
  }

  private fail(msg: string, at: number): never {
    throw new BpfError('EBADMSG', msg, { ...(this.file ? { file: this.file } : {}), offset: at });
  }

  private u32(o: number): number {
    return this.dv.getUint32(o, this.le);
  }

  /**
   * Decode every complete record in the buffer, appending packets to `out` (at most `max`).
   * Returns the number appended.
   */
  drain(out: CapturedPacket[], max = Infinity): number {
    if (this.deferred) throw this.deferred;
    let n = 0;
    if (!this.started && !this.readStart()) return 0;
    try {
      if (this.header!.format === 'pcap') {
        while (n < max) {
          const p = this.nextPcap();
          if (!p) break;
          out.push(p);
          n++;
        }
      } else {
        while (n < max) {
          const p = this.nextBlock();
          if (p === null) break;
          if (p !== undefined) {
            out.push(p);
            n++;
          }
        }
      }
    } catch (e) {
      // the packets before a bad record are delivered first; the error comes with the next call
      if (n === 0) throw e;
      this.deferred = e;
    }
    return n;
  }

  /**
   * Decode every complete record, calling `f` with the record's place in `buf` instead of making a
   * packet object (the allocation-free path for hot loops). pcap only; pcapng records go through
   * drain() first. Returns the number of records.
   */
  scan(f: RecordFn): number {
    if (this.deferred) throw this.deferred;
    if (!this.started && !this.readStart()) return 0;
    if (this.header!.format !== 'pcap') {
      const out: CapturedPacket[] = [];
      this.drain(out);
      for (const p of out) f(p.buf, p.start, p.caplen, p.origLen, p.ifIndex, p.offset, p.tsSec, p.tsNsec);
      return out.length;
    }
    const buf = this.buf;
    const dv = this.dv;
    const le = this.le;
    const end = buf.length;
    const max = Math.max(this.header!.interfaces[0]!.snaplen, MAXIMUM_SNAPLEN);
    const snap = this.snapshot();
    let o = this.pos;
    let n = 0;
    while (end - o >= 16) {
      const caplen = dv.getUint32(o + 8, le);
      if (caplen > max) {
        this.pos = o;
        this.fail(`invalid packet capture length ${caplen}, bigger than the snaplen ${this.header!.interfaces[0]!.snaplen}`, this.base + o);
      }
      if (end - o < 16 + caplen) break;
      f(buf, o + 16, caplen > snap ? snap : caplen, dv.getUint32(o + 12, le), 0, this.base + o, dv.getUint32(o, le), dv.getUint32(o + 4, le) * this.tsUnitsNs);
      o += 16 + caplen;
      n++;
    }
    this.pos = o;
    return n;
  }

  /** at end of file: raise if a partial record is left */
  end(): void {
    if (this.deferred) throw this.deferred;
    const rest = this.buf.length - this.pos;
    if (!this.started) {
      if (rest === 0 && this.base === 0) this.fail('empty capture file', 0);
      this.fail(`truncated capture file header (${rest} bytes)`, this.offset);
    }
    if (rest > 0) this.fail(`capture file ends inside a record (${rest} trailing bytes)`, this.offset);
  }

  private readStart(): boolean {
    const avail = this.buf.length - this.pos;
    if (avail < 4) return false;
    const m = this.dv.getUint32(this.pos, true);
    const mb = this.dv.getUint32(this.pos, false);
    if (m === PCAPNG_SHB) {
      // the SHB's type reads the same in both byte orders; the byte-order magic decides
      this.header = { format: 'pcapng', bigEndian: false, nanosecond: false, interfaces: [] };
      this.started = true;
      return true;
    }
    let le: boolean;
    let ns: boolean;
    if (m === PCAP_MAGIC_US || m === PCAP_MAGIC_NS) {
      le = true;
      ns = m === PCAP_MAGIC_NS;
    } else if (mb === PCAP_MAGIC_US || mb === PCAP_MAGIC_NS) {
      le = false;
      ns = mb === PCAP_MAGIC_NS;
    } else {
      this.fail(`not a pcap or pcapng file (magic 0x${mb.toString(16).padStart(8, '0')})`, this.offset);
    }
    if (avail < 24) return false;
    this.le = le;
    const o = this.pos;
    const major = this.dv.getUint16(o + 4, le);
    if (major !== 2) this.fail(`unsupported pcap version ${major}.${this.dv.getUint16(o + 6, le)}`, this.base + o + 4);
    const snaplen = this.u32(o + 16);
    const linkType = this.u32(o + 20) & 0xffff; // upper bits carry FCS information
    this.header = {
      format: 'pcap' as CaptureFormat,
      bigEndian: !le,
      nanosecond: ns,
      interfaces: [{ linkType, snaplen, tsresol: ns ? 9 : 6 }],
    };
    this.tsUnitsNs = ns ? 1 : 1000;
    this.pos += 24;
    this.started = true;
    return true;
  }

  /**
   * A pcap record longer than the file's snaplen is cut to it, as libpcap's reader does
   * (sf-pcap.c pcap_next_packet: "caplen = p->snapshot"): the filter and the printer see only
   * those bytes. A snaplen of 0 means the largest.
   */
  private snapshot(): number {
    return this.header!.interfaces[0]!.snaplen || MAXIMUM_SNAPLEN;
  }

  private nextPcap(): CapturedPacket | null {
    const o = this.pos;
    if (this.buf.length - o < 16) return null;
    const caplen = this.u32(o + 8);
    const iface = this.header!.interfaces[0]!;
    if (caplen > Math.max(iface.snaplen, MAXIMUM_SNAPLEN)) {
      this.fail(`invalid packet capture length ${caplen}, bigger than the snaplen ${iface.snaplen}`, this.base + o);
    }
    if (this.buf.length - o < 16 + caplen) return null;
    const frac = this.u32(o + 4);
    const p = new CapturedPacket(this.buf, o + 16, Math.min(caplen, this.snapshot()), this.u32(o + 12), this.u32(o), frac * this.tsUnitsNs, iface.linkType, 0, this.base + o);
    this.pos = o + 16 + caplen;
    return p;
  }

  /** one pcapng block: a packet, undefined for a non-packet block, null when incomplete */
  private nextBlock(): CapturedPacket | undefined | null {
    const o = this.pos;
    const avail = this.buf.length - o;
    if (avail < 12) return null;
    const at = this.base + o;
    const type = this.dv.getUint32(o, this.le);
    if (type === PCAPNG_SHB) {
      const bom = this.dv.getUint32(o + 8, true);
      if (bom === PCAPNG_BYTE_ORDER_MAGIC) this.le = true;
      else if (bom === 0x4d3c2b1a) this.le = false;
      else this.fail(`pcapng section header with bad byte-order magic 0x${bom.toString(16)}`, at + 8);
    }
    const len = this.u32(o + 4);
    if (len < 12 || len % 4 !== 0 || len > MAX_BLOCK) this.fail(`pcapng block of type 0x${type.toString(16)} has invalid length ${len}`, at + 4);
    if (avail < len) return null;
    if (this.u32(o + len - 4) !== len) this.fail(`pcapng block of type 0x${type.toString(16)}: trailing length ${this.u32(o + len - 4)} differs from ${len}`, at + len - 4);
    this.pos = o + len;
    const body = o + 8;
    const bodyLen = len - 12;
    switch (type) {
      case PCAPNG_SHB: {
        if (bodyLen < 16) this.fail('pcapng section header block too short', at);
        const major = this.dv.getUint16(body + 4, this.le);
        if (major !== 1) this.fail(`unsupported pcapng version ${major}`, at + 12);
        // a new section: interface ids start again from zero
        this.header = { format: 'pcapng', bigEndian: !this.le, nanosecond: false, interfaces: [] };
        this.ifUnits = [];
        this.ifOffset = [];
        return undefined;
      }
      case PCAPNG_IDB: {
        if (bodyLen < 8) this.fail('pcapng interface description block too short', at);
        const iface: CaptureInterface = {
          linkType: this.dv.getUint16(body, this.le),
          snaplen: this.u32(body + 4),
          tsresol: 6,
        };
        let tsoffset = 0;
        this.forOptions(body + 8, body + bodyLen, at, (code, vo, vl) => {
          if (code === 9 && vl >= 1) iface.tsresol = this.buf[vo]!;
          else if (code === 14 && vl >= 8) tsoffset = Number(this.dv.getBigInt64(vo, this.le));
          else if (code === 2) iface.name = new TextDecoder().decode(this.buf.subarray(vo, vo + vl)).replace(/\0+$/, '');
        });
        const r = iface.tsresol;
        const units = r & 0x80 ? 2 ** (r & 0x7f) : 10 ** r;
        if (!(units >= 1) || !Number.isFinite(units)) this.fail(`pcapng interface has invalid if_tsresol ${r}`, at);
        this.header!.interfaces.push(iface);
        this.ifUnits.push(units);
        this.ifOffset.push(tsoffset);
        return undefined;
      }
      case PCAPNG_EPB:
      case PCAPNG_PB: {
        if (bodyLen < 20) this.fail('pcapng packet block too short', at);
        const id = type === PCAPNG_EPB ? this.u32(body) : this.dv.getUint16(body, this.le);
        const iface = this.header!.interfaces[id];
        if (!iface) this.fail(`pcapng packet block names interface ${id}, but the section has ${this.header!.interfaces.length}`, at + 8);
        const caplen = this.u32(body + 12);
        if (caplen > bodyLen - 20) this.fail(`pcapng packet block: captured length ${caplen} exceeds the block`, at + 20);
        const [sec, nsec] = this.timestamp(id, this.u32(body + 4), this.u32(body + 8));
        return new CapturedPacket(this.buf, body + 20, caplen, this.u32(body + 16), sec, nsec, iface.linkType, id, at);
      }
      case PCAPNG_SPB: {
        if (bodyLen < 4) this.fail('pcapng simple packet block too short', at);
        const iface = this.header!.interfaces[0];
        if (!iface) this.fail('pcapng simple packet block before any interface description', at);
        const origLen = this.u32(body);
        // the captured length is implied: the original length, cut to the snaplen and to the block
        let caplen = Math.min(origLen, bodyLen - 4);
        if (iface.snaplen > 0) caplen = Math.min(caplen, iface.snaplen);
        return new CapturedPacket(this.buf, body + 4, caplen, origLen, 0, 0, iface.linkType, 0, at);
      }
      default:
        return undefined; // comments, statistics, name resolution, custom blocks: skipped
    }
  }

  private forOptions(o: number, end: number, at: number, f: (code: number, vo: number, vl: number) => void): void {
    while (o + 4 <= end) {
      const code = this.dv.getUint16(o, this.le);
      const vl = this.dv.getUint16(o + 2, this.le);
      if (code === 0) return; // opt_endofopt
      if (o + 4 + vl > end) this.fail(`pcapng option ${code} overruns its block`, this.base + o);
      f(code, o + 4, vl);
      o += 4 + ((vl + 3) & ~3);
    }
  }

  private timestamp(id: number, hi: number, lo: number): [number, number] {
    const units = this.ifUnits[id]!;
    const off = this.ifOffset[id]!;
    if (hi < 0x200000) {
      // exact in a double (< 2^53)
      const v = hi * 4294967296 + lo;
      const sec = Math.floor(v / units);
      const rem = v - sec * units;
      return [sec + off, Math.floor((rem * 1e9) / units)];
    }
    const v = (BigInt(hi) << 32n) | BigInt(lo);
    if (Number.isInteger(units) && units <= Number.MAX_SAFE_INTEGER) {
      const u = BigInt(units);
      const sec = v / u;
      const rem = v - sec * u;
      return [Number(sec) + off, Number((rem * 1000000000n) / u)];
    }
    const secs = Number(v) / units;
    return [Math.floor(secs) + off, Math.floor((secs - Math.floor(secs)) * 1e9)];
  }
}

/** decode a whole capture held in memory (browser, tests) */
export function* decodeCapture(bytes: Uint8Array, file?: string): Generator<CapturedPacket, CaptureHeader> {
  const d = new CaptureDecoder(file);
  d.push(bytes);
  const out: CapturedPacket[] = [];
  for (;;) {
    out.length = 0;
    d.drain(out, 256);
    if (out.length === 0) break;
    yield* out;
  }
  d.end();
  return d.header!;
}

/** decode a whole in-memory capture into its header and packets */
export function parseCapture(bytes: Uint8Array, file?: string): { header: CaptureHeader; packets: CapturedPacket[] } {
  const d = new CaptureDecoder(file);
  d.push(bytes);
  const packets: CapturedPacket[] = [];
  d.drain(packets);
  d.end();
  return { header: d.header!, packets };
}
