/**
 * Pins as real files (Node only). Crash safety: every write goes to a temporary file in the same
 * directory, is fsync'ed, then renamed over the pin (rename is atomic on POSIX file systems) and
 * the directory is fsync'ed; a reader therefore finds the old file or the new one, and the
 * checksum in the file (pin_format.ts) catches anything else — a torn copy, a truncated disk.
 */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import type { PinStore } from './pin_store.js';

let tmpCounter = 0;

export class FsPinStore implements PinStore {
  write(path: string, data: Uint8Array): void {
    const dir = nodePath.dirname(path);
    fs.mkdirSync(dir, { recursive: true });
    const tmp = nodePath.join(dir, `.${nodePath.basename(path)}.tmp-${process.pid}-${++tmpCounter}`);
    const fd = fs.openSync(tmp, 'w', 0o600);
    try {
      let off = 0;
      while (off < data.length) off += fs.writeSync(fd, data, off, data.length - off);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    try {
      fs.renameSync(tmp, path);
    } catch (e) {
      fs.rmSync(tmp, { force: true });
      throw e;
    }
    try {
      const dfd = fs.openSync(dir, 'r');
      try {
        fs.fsyncSync(dfd);
      } finally {
        fs.closeSync(dfd);
      }
    } catch {
      // some file systems cannot fsync a directory; the rename is still atomic
    }
  }
  read(path: string): Uint8Array | undefined {
    try {
      return new Uint8Array(fs.readFileSync(path));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  }
  stamp(path: string): string | undefined {
    try {
      const s = fs.statSync(path, { bigint: true });
      return `${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
    } catch {
      return undefined;
    }
  }
  unlink(path: string): boolean {
    try {
      fs.unlinkSync(path);
      return true;
    } catch {
      return false;
    }
  }
  resolve(path: string): string {
    return nodePath.resolve(path);
  }
}
