/**
 * Reading an object or BTF file from disk (Node only; loaded lazily so the browser build never
 * imports node:fs): a missing file is ENOENT, any other failure EIO, both naming the file.
 */
import { BpfError } from '../isa/errors.js';

export async function readBinaryFile(path: string): Promise<Uint8Array> {
  const { readFile } = await import('node:fs/promises');
  try {
    return new Uint8Array(await readFile(path));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new BpfError(code === 'ENOENT' ? 'ENOENT' : 'EIO', `cannot read ${path}: ${(e as Error).message}`, { file: path });
  }
}
