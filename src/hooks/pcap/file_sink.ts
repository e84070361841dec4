/** A ByteSink writing to a file through one descriptor (Node). */
import { closeSync, openSync, writeSync } from 'node:fs';
import { systemError } from '../../isa/errors.js';
import type { ByteSink } from './writer.js';

const PAUSE = new Int32Array(new SharedArrayBuffer(4));

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
    let o = 0;
    while (o < bytes.length) {
      try {
        o += writeSync(this.fd, bytes, o, bytes.length - o);
      } catch (e) {
        // stdout as a pipe is non-blocking in Node: a slow reader (`| gzip`) fills it and the
        // write says EAGAIN; wait a moment for the reader and go on (a sync writer cannot await)
        if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw systemError(e, this.path === '-' ? 'stdout' : this.path, 'cannot write') ?? e;
        Atomics.wait(PAUSE, 0, 0, 1);
      }
    }
  }
  close(): void {
    if (this.fd !== 1) closeSync(this.fd);
  }
}
