/**
 * Pins as real files (Node only). Crash safety: every write goes to a temporary file in the same
 * directory, is fsync'ed, then renamed over the pin (rename is atomic on POSIX file systems) and
 * the directory is fsync'ed; a reader therefore finds the old file or the new one, and the
 * checksum in the file (pin_format.ts) catches anything else — a torn copy, a truncated disk.
 */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { BpfError, systemError } from '../isa/errors.js';
import type { PinStore } from './pin_store.js';

let tmpCounter = 0;

/** the temporary a writer makes next to pin NAME: `.NAME.tmp-PID-N` */
const TMP = /^\.(.+)\.tmp-(\d+)-\d+$/;

/**
 * mkdir -p, one component at a time. Node's `mkdirSync(p, { recursive: true })` loops forever
 * on some paths (under /proc, where mkdir answers ENOENT for a parent that exists); here each
 * component is tried once, so the walk ends after as many steps as the path has components.
 */
export function makeDirs(dir: string): void {
  const abs = nodePath.resolve(dir);
  const parts = abs.split(nodePath.sep).filter(Boolean);
  let cur = nodePath.parse(abs).root;
  for (const part of parts) {
    cur = nodePath.join(cur, part);
    try {
      fs.mkdirSync(cur);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') throw systemError(e, cur, 'cannot create directory') ?? e;
      if (!fs.statSync(cur).isDirectory()) throw new BpfError('ENOTDIR', `cannot create directory ${abs}: ${cur} is not a directory`);
    }
  }
}

/** is the process that wrote a temporary still running? (signal 0 checks without sending) */
function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Remove the temporaries of pin `base` in `dir` that a writer killed mid-write left behind (a
 * writer that is still running keeps its own).
 */
export function sweepTemporaries(dir: string, base: string): void {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const n of names) {
    const m = TMP.exec(n);
    if (m && m[1] === base && !alive(Number(m[2]))) fs.rmSync(nodePath.join(dir, n), { force: true });
  }
}

export class FsPinStore implements PinStore {
  write(path: string, data: Uint8Array): void {
    try {
      this.writeFile(path, data);
    } catch (e) {
      throw systemError(e, path, 'cannot pin') ?? e;
    }
  }
  private writeFile(path: string, data: Uint8Array): void {
    const dir = nodePath.dirname(path);
    makeDirs(dir);
    sweepTemporaries(dir, nodePath.basename(path));
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
    sweepTemporaries(nodePath.dirname(path), nodePath.basename(path));
    try {
      return new Uint8Array(fs.readFileSync(path));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw systemError(e, path, 'cannot read pin') ?? e;
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
