/**
 * Function symbols of a user-space binary or shared library, for uprobes: name, address and the
 * file offset the kernel's uprobe wants (perf_event_open's `config2` / uprobe_register's offset
 * is an offset in the file, not a virtual address: st_value - sh_addr + sh_offset of the
 * symbol's section, as libbpf's elf_sym_offset computes it). Both .symtab and .dynsym are read
 * (distribution libraries are stripped down to .dynsym). Also: resolving a library name
 * (`libc`) to a path the way bpftrace does, and address → symbol for usym()/ustack.
 */
import { nodeFs } from './system.js';
import { BpfError } from '../isa/errors.js';
import { readElf, SHT_SYMTAB, SHT_DYNSYM, STT_FUNC, SHN_UNDEF } from '../elf/reader.js';

/** STT_GNU_IFUNC: glibc's indirect functions (memcpy, strlen) are probe-able like functions */
const STT_GNU_IFUNC = 10;

export interface UserSymbol {
  name: string;
  /** st_value (virtual address in the file's own layout) */
  addr: number;
  size: number;
  /** the offset in the file the kernel's uprobe takes */
  fileOffset: number;
}

const cache = new Map<string, UserSymbol[]>();

/** every defined function symbol of an ELF file, sorted by address, duplicates (symtab+dynsym) once */
export function userSymbols(path: string): UserSymbol[] {
  const hit = cache.get(path);
  if (hit) return hit;
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(nodeFs().readFileSync(path));
  } catch {
    throw new BpfError('ENOENT', `could not read binary ${path}`);
  }
  const elf = readElf(bytes, { file: path });
  const seen = new Set<string>();
  const out: UserSymbol[] = [];
  for (const sec of elf.sections) {
    if (sec.type !== SHT_SYMTAB && sec.type !== SHT_DYNSYM) continue;
    const strtab = elf.sections[sec.link];
    if (!strtab) continue;
    const dv = new DataView(sec.data.buffer, sec.data.byteOffset, sec.data.byteLength);
    for (let p = 24; p + 24 <= sec.data.length; p += 24) {
      const info = dv.getUint8(p + 4);
      const type = info & 0xf;
      if (type !== STT_FUNC && type !== STT_GNU_IFUNC) continue;
      const shndx = dv.getUint16(p + 6, true);
      if (shndx === SHN_UNDEF || shndx >= elf.sections.length) continue;
      const addr = Number(dv.getBigUint64(p + 8, true));
      if (addr === 0) continue;
      let e = dv.getUint32(p, true);
      let name = '';
      while (e < strtab.data.length && strtab.data[e] !== 0) name += String.fromCharCode(strtab.data[e++]!);
      // versioned names (`getaddrinfo@@GLIBC_2.2.5`) are matched without the version
      name = name.replace(/@.*$/, '');
      if (!name || seen.has(name)) continue;
      seen.add(name);
      const s = elf.sections[shndx]!;
      out.push({ name, addr, size: Number(dv.getBigUint64(p + 16, true)), fileOffset: addr - s.addr + s.offset });
    }
  }
  out.sort((a, b) => a.addr - b.addr);
  cache.set(path, out);
  return out;
}

/** the symbol containing `addr` (an address in the file's own layout), with the offset into it */
export function symbolAt(syms: readonly UserSymbol[], addr: number): { sym: UserSymbol; off: number } | undefined {
  let lo = 0;
  let hi = syms.length - 1;
  let best = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (syms[mid]!.addr <= addr) {
      best = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (best < 0) return undefined;
  const s = syms[best]!;
  if (s.size && addr >= s.addr + s.size) return undefined;
  return { sym: s, off: addr - s.addr };
}

const LIB_DIRS = ['/lib/x86_64-linux-gnu', '/usr/lib/x86_64-linux-gnu', '/lib/aarch64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/lib64', '/usr/lib64', '/lib', '/usr/lib'];

/**
 * The file a uprobe target names: an absolute path as is; `libc` or `libcrypto` as the shared
 * library (`libc.so.6`) in the system library directories; a bare program name through $PATH.
 */
export function resolveBinary(target: string): string {
  if (target.includes('/')) {
    if (!nodeFs().existsSync(target)) throw new BpfError('ENOENT', `uprobe target file '${target}' does not exist or is not executable`);
    return target;
  }
  if (target.startsWith('lib')) {
    for (const d of LIB_DIRS) {
      let names: string[];
      try {
        names = nodeFs().readdirSync(d);
      } catch {
        continue;
      }
      // the versioned file is the ELF object (libc.so itself is a linker script)
      const exact = names.filter((n) => n.startsWith(`${target}.so.`)).sort();
      if (exact.length) return `${d}/${exact[0]}`;
    }
  }
  for (const d of (process.env.PATH ?? '/usr/bin:/bin').split(':')) {
    const p = `${d}/${target}`;
    try {
      if (nodeFs().statSync(p).isFile()) return p;
    } catch {
      /* not here */
    }
  }
  throw new BpfError('ENOENT', `uprobe target '${target}' was not found as a library or on $PATH`);
}
