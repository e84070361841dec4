/**
 * BTF from bytes: a raw BTF blob (/sys/kernel/btf/vmlinux) or an ELF object's `.BTF` section,
 * as bpftool's `btf dump file` accepts either.
 */
import { readBinaryFile } from '../elf/read_file.js';
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
  const bytes = await readBinaryFile(path);
  return btfFromBytes(bytes, { file: path, base: opts.base });
}
