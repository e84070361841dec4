/**
 * BTF from bytes: a raw BTF blob (/sys/kernel/btf/vmlinux) or an ELF object's `.BTF` section,
 * as bpftool's `btf dump file` accepts either.
 */
import { BpfError } from '../isa/errors.js';
import { readElf } from '../elf/reader.js';
import { type Btf, isRawBtf, parseBtf } from './btf.js';

export function btfFromBytes(bytes: Uint8Array, opts: { file?: string; base?: Btf } = {}): Btf {
  if (isRawBtf(bytes)) return parseBtf(bytes, opts);
  const elf = readElf(bytes, { file: opts.file });
  const sec = elf.section('.BTF');
  if (!sec || sec.data.length === 0) throw new BpfError('ENOENT', 'the object has no .BTF section', { file: opts.file });
  return parseBtf(sec.data, opts);
}

/** read BTF from a file (Node only) */
export async function loadBtfFile(path: string, opts: { base?: Btf } = {}): Promise<Btf> {
  const { readFile } = await import('node:fs/promises');
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new BpfError(code === 'ENOENT' ? 'ENOENT' : 'EIO', `cannot read ${path}: ${(e as Error).message}`, { file: path });
  }
  return btfFromBytes(bytes, { file: path, base: opts.base });
}
