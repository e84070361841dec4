/**
 * Streaming capture reading from a file (Node): the file is read through one file handle in
 * fixed-size chunks and decoded incrementally, so memory does not grow with the capture.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { BpfError, systemError } from '../../isa/errors.js';
import { CaptureDecoder, type CapturedPacket, type RecordFn } from './decoder.js';
import type { CaptureHeader } from './packet.js';

export interface ReadOptions {
  /** bytes per read; default 1 MiB */
  chunkSize?: number;
}

export interface ScanOptions {
  /** the buffer scan() reads into, `bytes` long (its records are passed to the callback in place) */
  buffer?: (bytes: number) => Uint8Array;
}

export class CaptureReader implements AsyncIterable<CapturedPacket> {
  private readonly dec: CaptureDecoder;
  private pending: CapturedPacket[] = [];
  private eof = false;
  private closed = false;

  private constructor(
    private readonly fh: FileHandle,
    readonly path: string,
    private readonly chunkSize: number,
  ) {
    this.dec = new CaptureDecoder(path);
  }

  /** open a capture and read its header (and, for pcapng, the interfaces described up front) */
  static async open(path: string, opts: ReadOptions = {}): Promise<CaptureReader> {
    let fh: FileHandle;
    try {
      fh = await open(path, 'r');
    } catch (e) {
      throw systemError(e, path, 'cannot open capture') ?? e;
    }
    const r = new CaptureReader(fh, path, opts.chunkSize ?? 1 << 20);
    try {
      // read until the header is known and the first packet (if any) is decoded
      while (!r.eof && r.pending.length === 0) await r.fill();
    } catch (e) {
      await r.close();
      // a directory opens, and fails on the first read (EISDIR)
      throw systemError(e, path, 'cannot read capture') ?? e;
    }
    return r;
  }

  /** the capture's header: format, byte order, interfaces known so far */
  get header(): CaptureHeader {
    return this.dec.header!;
  }

  private async fill(): Promise<void> {
    // a fresh buffer per chunk (packets keep views into it), with the undecoded tail of the
    // previous chunk copied in front; not zero-filled, every byte used is read first
    const rest = this.dec.rest();
    const buf = new Uint8Array(Buffer.allocUnsafe(rest.length + this.chunkSize).buffer, 0, rest.length + this.chunkSize);
    buf.set(rest);
    const { bytesRead } = await this.fh.read(buf, rest.length, this.chunkSize, null);
    if (bytesRead === 0) {
      this.eof = true;
      this.dec.end();
    } else {
      this.dec.pushContinued(bytesRead === this.chunkSize ? buf : buf.subarray(0, rest.length + bytesRead));
    }
    this.dec.drain(this.pending);
  }

  /**
   * The packets in batches (one per chunk read). Packet data are views into the chunk; they stay
   * valid. A corrupt or truncated file raises EBADMSG after every good packet has been returned.
   */
  async *batches(): AsyncGenerator<CapturedPacket[]> {
    try {
      for (;;) {
        if (this.pending.length > 0) {
          const b = this.pending;
          this.pending = [];
          yield b;
        }
        if (this.eof) return;
        await this.fill();
      }
    } finally {
      await this.close();
    }
  }

  /**
   * Every record through `f`, without packet objects (the fast path for filtering a pcap);
   * same errors as batches(). Returns the number of records. `opts.buffer` supplies the read
   * buffer (`bytes` long): a filter engine that hands out a view of its own memory then reads
   * the records where they lie, without copying them (EbpfClassicFilter.scanBuffer).
   */
  async scan(f: RecordFn, opts: ScanOptions = {}): Promise<number> {
    let n = 0;
    try {
      for (const p of this.pending) f(p.buf, p.start, p.caplen, p.origLen, p.ifIndex, p.offset, p.tsSec, p.tsNsec);
      n += this.pending.length;
      this.pending = [];
      // one buffer for the whole file: no packet object keeps a view into it, so each chunk is
      // read behind the moved tail of the previous one (no allocation, no garbage)
      let big = opts.buffer?.(this.chunkSize * 2) ?? new Uint8Array(this.chunkSize * 2);
      while (!this.eof) {
        const rest = this.dec.rest();
        const keep = rest.length;
        if (keep + this.chunkSize > big.length) {
          const b = new Uint8Array(keep + this.chunkSize);
          b.set(rest);
          big = b;
        } else if (rest.buffer === big.buffer) {
          big.copyWithin(0, rest.byteOffset - big.byteOffset, rest.byteOffset - big.byteOffset + keep);
        } else {
          big.set(rest);
        }
        const { bytesRead } = await this.fh.read(big, keep, this.chunkSize, null);
        if (bytesRead === 0) {
          this.eof = true;
          this.dec.end();
        } else {
          this.dec.pushContinued(big.subarray(0, keep + bytesRead));
          n += this.dec.scan(f);
        }
      }
      return n;
    } finally {
      await this.close();
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<CapturedPacket> {
    for await (const b of this.batches()) yield* b;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.fh.close();
  }
}

/** iterate over the packets of a capture file */
export async function* readCapture(path: string, opts: ReadOptions = {}): AsyncGenerator<CapturedPacket> {
  const r = await CaptureReader.open(path, opts);
  yield* r;
}
