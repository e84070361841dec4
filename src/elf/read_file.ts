/**
 * Reading an object or BTF file from disk (Node only; loaded lazily so the browser build never
 * imports node:fs): the failure keeps the system's errno name (ENOENT, EISDIR, EACCES, ENOTDIR…)
 * and names the file.
 */
import { BpfError, systemError } from '../isa/errors.js';

export async function readBinaryFile(path: string): Promise<Uint8Array> {
  const { readFile } = await import('node:fs/promises');
  try {
    return new Uint8Array(await readFile(path));
  } catch (e) {
    throw systemError(e, path, 'cannot read') ?? new BpfError('EIO', `cannot read ${path}: ${(e as Error).message}`);
  }
}
