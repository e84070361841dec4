/**
 * Where the DWARF of a stripped binary lives (GDB's "Debugging Information in Separate Files",
 * which elfutils' libdw — bpftrace's DWARF reader — follows): by build ID,
 * `/usr/lib/debug/.build-id/NN/REST.debug` (the note `.note.gnu.build-id`, NT_GNU_BUILD_ID = 3),
 * and by `.gnu_debuglink` (a file name, NUL-padded to 4 bytes, then its CRC32): next to the
 * binary, in its `.debug/` directory, and under `/usr/lib/debug/` + the binary's directory. Pure
 * functions over a parsed ELF: the caller opens the candidates.
 */
import type { ElfFile } from './reader.js';

/** NT_GNU_BUILD_ID (include/uapi/linux/elf.h, elf(5)) */
const NT_GNU_BUILD_ID = 3;

/** the build ID as lowercase hex, or undefined */
export function buildId(elf: ElfFile): string | undefined {
  for (const s of elf.sections) {
    if (s.type !== 7 /* SHT_NOTE */ || !s.data.length) continue;
    const dv = new DataView(s.data.buffer, s.data.byteOffset, s.data.byteLength);
    let off = 0;
    while (off + 12 <= s.data.length) {
      const namesz = dv.getUint32(off, !elf.bigEndian);
      const descsz = dv.getUint32(off + 4, !elf.bigEndian);
      const type = dv.getUint32(off + 8, !elf.bigEndian);
      const name = off + 12;
      const desc = name + ((namesz + 3) & ~3);
      if (desc + descsz > s.data.length) break;
      if (type === NT_GNU_BUILD_ID && namesz === 4 && String.fromCharCode(...s.data.subarray(name, name + 3)) === 'GNU') {
        return Array.from(s.data.subarray(desc, desc + descsz), (b) => b.toString(16).padStart(2, '0')).join('');
      }
      off = desc + ((descsz + 3) & ~3);
    }
  }
  return undefined;
}

/** `.gnu_debuglink`: the debug file's name and the CRC32 of its contents */
export function debugLink(elf: ElfFile): { name: string; crc: number } | undefined {
  const s = elf.section('.gnu_debuglink');
  if (!s || s.data.length < 8) return undefined;
  const nul = s.data.indexOf(0);
  if (nul <= 0) return undefined;
  const crcAt = (nul + 4) & ~3;
  if (crcAt + 4 > s.data.length) return undefined;
  const crc = new DataView(s.data.buffer, s.data.byteOffset, s.data.byteLength).getUint32(crcAt, !elf.bigEndian);
  return { name: new TextDecoder().decode(s.data.subarray(0, nul)), crc };
}

/** the places to look for `path`'s separate debug file, in GDB's order */
export function debugFileCandidates(path: string, elf: ElfFile, debugRoot = '/usr/lib/debug'): string[] {
  const out: string[] = [];
  const id = buildId(elf);
  if (id && id.length > 2) out.push(`${debugRoot}/.build-id/${id.slice(0, 2)}/${id.slice(2)}.debug`);
  const link = debugLink(elf);
  if (link) {
    const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '.';
    out.push(`${dir}/${link.name}`, `${dir}/.debug/${link.name}`, `${debugRoot}${dir.startsWith('/') ? '' : '/'}${dir}/${link.name}`);
  }
  return out;
}

/** the CRC32 `.gnu_debuglink` carries is zlib's (binutils' bfd_calc_gnu_debuglink_crc32): the pin files' one */
export { crc32 } from '../runtime/crc32.js';
