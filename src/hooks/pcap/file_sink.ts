/** A ByteSink writing to a file through one descriptor (Node). */
import { closeSync, openSync, writeSync } from 'node:fs';
import { systemError } from '../../isa/errors.js';
import type { ByteSink } from './writer.js';

const PAUSE = new Int32Array(new SharedArrayBuffer(4));

/**
 * Write all of `bytes` to `fd` before returning. One writeSync is not enough: it returns after a
 * partial write (a pipe takes 64 KiB), and stdout as a pipe is non-blocking in Node, so a slow
 * reader (`| gzip`) fills it and the write says EAGAIN; wait a moment for the reader and go on (a
 * sync writer cannot await). `what` names the file in an error.
 */
export function writeAll(fd: number, bytes: Uint8Array, what: string): void {
  let o = 0;
  while (o < bytes.length) {
    try {
      o += writeSync(fd, bytes, o, bytes.length - o);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw systemError(e, what, 'cannot write') ?? e;
      Atomics.wait(PAUSE, 0, 0, 1);
    }
  }
}

export class FileSink implements ByteSink {
  private fd: number;
  constructor(readonly path: string) {
    try {
      this.fd = path === '-' ? 1 : openSync(path, 'w');
    } catch (e) {
      throw systemError(e, path, 'cannot create') ?? e;
    }
  }
  write(bytes: Uint8Array): void {
    writeAll(this.fd, bytes, this.path === '-' ? 'stdout' : this.path);
  }
  close(): void {
    if (this.fd !== 1) closeSync(this.fd);
  }
}
