/**
 * Streaming capture reading from a file (Node): the file is read through one file handle in
 * fixed-size chunks and decoded incrementally, so memory does not grow with the capture.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { BpfError } from '../../isa/errors.js';
import { CaptureDecoder } from './decoder.js';
import type { CaptureHeader, Packet } from './packet.js';

export interface ReadOptions {
  /** bytes per read; default 1 MiB */
  chunkSize?: number;
}

export class CaptureReader implements AsyncIterable<Packet> {
  private readonly dec: CaptureDecoder;
  private pending: Packet[] = [];
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
      const code = (e as NodeJS.ErrnoException).code;
      throw new BpfError(code === 'ENOENT' ? 'ENOENT' : 'EINVAL', `cannot open capture: ${(e as Error).message}`, { file: path });
    }
    const r = new CaptureReader(fh, path, opts.chunkSize ?? 1 << 20);
    try {
      // read until the header is known and the first packet (if any) is decoded
      while (!r.eof && r.pending.length === 0) await r.fill();
    } catch (e) {
      await r.close();
      throw e;
    }
    return r;
  }

  /** the capture's header: format, byte order, interfaces known so far */
  get header(): CaptureHeader {
    return this.dec.header!;
  }

  private async fill(): Promise<void> {
    const buf = new Uint8Array(this.chunkSize);
    const { bytesRead } = await this.fh.read(buf, 0, buf.length, null);
    if (bytesRead === 0) {
      this.eof = true;
      this.dec.end();
    } else {
      this.dec.push(bytesRead === buf.length ? buf : buf.subarray(0, bytesRead));
    }
    this.dec.drain(this.pending);
  }

  /**
   * The packets in batches (one per chunk read). Packet data are views into the chunk; they stay
   * valid. A corrupt or truncated file raises EBADMSG after every good packet has been returned.
   */
  async *batches(): AsyncGenerator<Packet[]> {
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

  async *[Symbol.asyncIterator](): AsyncGenerator<Packet> {
    for await (const b of this.batches()) yield* b;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.fh.close();
  }
}

/** iterate over the packets of a capture file */
export async function* readCapture(path: string, opts: ReadOptions = {}): AsyncGenerator<Packet> {
  const r = await CaptureReader.open(path, opts);
  yield* r;
}
