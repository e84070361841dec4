/**
 * Capture writers: pcap (either byte order, micro- or nanosecond timestamps) and pcapng (one
 * section, any number of interfaces, Enhanced Packet Blocks). Output goes to a `ByteSink` in
 * chunks of up to 1 MiB, so writing is streaming too.
 */
import { BpfError } from '../../isa/errors.js';
import { MAXIMUM_SNAPLEN } from './linktype.js';
import type { CaptureInterface } from './packet.js';

export interface ByteSink {
  write(bytes: Uint8Array): void;
}

/** collects everything written, for in-memory use */
export class MemorySink implements ByteSink {
  private parts: Uint8Array[] = [];
  write(bytes: Uint8Array): void {
    this.parts.push(bytes.slice());
  }
  toBytes(): Uint8Array {
    const n = this.parts.reduce((a, p) => a + p.length, 0);
    const out = new Uint8Array(n);
    let o = 0;
    for (const p of this.parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  }
}

/** what a writer needs of a packet */
export interface PacketRecord {
  data: Uint8Array;
  origLen?: number;
  tsSec: number;
  tsNsec: number;
}

const CHUNK = 1 << 20;

abstract class BufferedWriter {
  protected buf = new Uint8Array(CHUNK);
  protected dv = new DataView(this.buf.buffer);
  protected n = 0;
  constructor(protected readonly sink: ByteSink, protected readonly le: boolean) {}
  protected reserve(k: number): void {
    if (this.n + k <= this.buf.length) return;
    this.flush();
    if (k > this.buf.length) {
      this.buf = new Uint8Array(k);
      this.dv = new DataView(this.buf.buffer);
    }
  }
  flush(): void {
    if (this.n > 0) this.sink.write(this.buf.subarray(0, this.n));
    this.n = 0;
  }
  protected u16(v: number): void {
    this.dv.setUint16(this.n, v, this.le);
    this.n += 2;
  }
  protected u32(v: number): void {
    this.dv.setUint32(this.n, v >>> 0, this.le);
    this.n += 4;
  }
  protected bytes(b: Uint8Array): void {
    this.buf.set(b, this.n);
    this.n += b.length;
  }
  protected pad4(): void {
    while (this.n % 4 !== 0) this.buf[this.n++] = 0;
  }
}

export interface PcapWriterOptions {
  linkType: number;
  snaplen?: number;
  nanosecond?: boolean;
  bigEndian?: boolean;
}

export class PcapWriter extends BufferedWriter {
  readonly nanosecond: boolean;
  readonly snaplen: number;
  count = 0;
  constructor(sink: ByteSink, readonly opts: PcapWriterOptions) {
    super(sink, !opts.bigEndian);
    this.nanosecond = !!opts.nanosecond;
    this.snaplen = opts.snaplen ?? MAXIMUM_SNAPLEN;
    this.u32(this.nanosecond ? 0xa1b23c4d : 0xa1b2c3d4);
    this.u16(2);
    this.u16(4);
    this.u32(0); // thiszone
    this.u32(0); // sigfigs
    this.u32(this.snaplen);
    this.u32(opts.linkType);
  }
  write(p: PacketRecord): void {
    const caplen = Math.min(p.data.length, this.snaplen);
    this.reserve(16 + caplen);
    this.u32(p.tsSec);
    this.u32(this.nanosecond ? p.tsNsec : Math.floor(p.tsNsec / 1000));
    this.u32(caplen);
    this.u32(p.origLen ?? p.data.length);
    this.bytes(caplen === p.data.length ? p.data : p.data.subarray(0, caplen));
    this.count++;
  }
}

export interface PcapngWriterOptions {
  bigEndian?: boolean;
  /** shb_userappl */
  application?: string;
}

/** pcapng writer: a Section Header Block, then IDBs as interfaces are added, then EPBs */
export class PcapngWriter extends BufferedWriter {
  private ifaces: CaptureInterface[] = [];
  private units: number[] = [];
  count = 0;
  constructor(sink: ByteSink, opts: PcapngWriterOptions = {}) {
    super(sink, !opts.bigEndian);
    const app = new TextEncoder().encode(opts.application ?? 'tsbpf');
    const optLen = 4 + ((app.length + 3) & ~3) + 4;
    const len = 28 + optLen;
    this.reserve(len);
    this.u32(0x0a0d0d0a);
    this.u32(len);
    this.u32(0x1a2b3c4d);
    this.u16(1);
    this.u16(0);
    this.u32(0xffffffff); // section length unknown (-1)
    this.u32(0xffffffff);
    this.u16(4); // shb_userappl
    this.u16(app.length);
    this.bytes(app);
    this.pad4();
    this.u32(0); // opt_endofopt
    this.u32(len);
  }
  /** add an interface; returns its id. tsresol as if_tsresol (default 9: nanoseconds) */
  addInterface(iface: { linkType: number; snaplen?: number; tsresol?: number; name?: string }): number {
    const tsresol = iface.tsresol ?? 9;
    if ((tsresol & 0x80) === 0 && tsresol > 9) throw new BpfError('EINVAL', `if_tsresol ${tsresol} finer than nanoseconds is not supported for writing`);
    const name = iface.name !== undefined ? new TextEncoder().encode(iface.name) : undefined;
    const optLen = 8 + (name ? 4 + ((name.length + 3) & ~3) : 0) + 4;
    const len = 20 + optLen;
    this.reserve(len);
    this.u32(1);
    this.u32(len);
    this.u16(iface.linkType);
    this.u16(0);
    this.u32(iface.snaplen ?? 0);
    if (name) {
      this.u16(2);
      this.u16(name.length);
      this.bytes(name);
      this.pad4();
    }
    this.u16(9); // if_tsresol
    this.u16(1);
    this.buf[this.n] = tsresol;
    this.buf[this.n + 1] = this.buf[this.n + 2] = this.buf[this.n + 3] = 0;
    this.n += 4;
    this.u32(0);
    this.u32(len);
    this.ifaces.push({ linkType: iface.linkType, snaplen: iface.snaplen ?? 0, tsresol, ...(iface.name !== undefined ? { name: iface.name } : {}) });
    this.units.push(tsresol & 0x80 ? 2 ** (tsresol & 0x7f) : 10 ** tsresol);
    return this.ifaces.length - 1;
  }
  /** write any other block (type, body padded to 4 bytes): comments, custom blocks */
  writeBlock(type: number, body: Uint8Array): void {
    const len = 12 + ((body.length + 3) & ~3);
    this.reserve(len);
    this.u32(type);
    this.u32(len);
    this.bytes(body);
    this.pad4();
    this.u32(len);
  }
  /** a Simple Packet Block (interface 0, no timestamp) */
  writeSimple(p: PacketRecord): void {
    const len = 16 + ((p.data.length + 3) & ~3);
    this.reserve(len);
    this.u32(3);
    this.u32(len);
    this.u32(p.origLen ?? p.data.length);
    this.bytes(p.data);
    this.pad4();
    this.u32(len);
    this.count++;
  }
  write(p: PacketRecord, ifIndex = 0): void {
    const units = this.units[ifIndex];
    if (units === undefined) throw new BpfError('EINVAL', `pcapng writer: no interface ${ifIndex}`);
    const snap = this.ifaces[ifIndex]!.snaplen;
    const caplen = snap > 0 ? Math.min(p.data.length, snap) : p.data.length;
    const len = 32 + ((caplen + 3) & ~3);
    this.reserve(len);
    // timestamp in the interface's units; BigInt keeps nanosecond stamps exact
    const t = BigInt(p.tsSec) * BigInt(units) + (BigInt(p.tsNsec) * BigInt(units)) / 1000000000n;
    this.u32(6);
    this.u32(len);
    this.u32(ifIndex);
    this.u32(Number(t >> 32n));
    this.u32(Number(t & 0xffffffffn));
    this.u32(caplen);
    this.u32(p.origLen ?? p.data.length);
    this.bytes(caplen === p.data.length ? p.data : p.data.subarray(0, caplen));
    this.pad4();
    this.u32(len);
    this.count++;
  }
}
