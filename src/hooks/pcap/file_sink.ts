/** A ByteSink writing to a file through one descriptor (Node). */
import { closeSync, openSync, writeSync } from 'node:fs';
import { systemError } from '../../isa/errors.js';
import type { ByteSink } from './writer.js';

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
    while (o < bytes.length) o += writeSync(this.fd, bytes, o, bytes.length - o);
  }
  close(): void {
    if (this.fd !== 1) closeSync(this.fd);
  }
}
