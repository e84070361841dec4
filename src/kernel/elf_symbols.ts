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
import { readElf, SHT_SYMTAB, SHT_DYNSYM, STT_FUNC, STT_OBJECT, SHN_UNDEF } from '../elf/reader.js';

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
  const out = symbolTablesOf(path) ?? symbolsOfWholeFile(path);
  out.sort((a, b) => a.addr - b.addr);
  cache.set(path, out);
  return out;
}

/** a u64 field as a number (addresses and sizes of user binaries fit in 2^53), without a BigInt */
const u64 = (dv: DataView, p: number): number => dv.getUint32(p, true) + dv.getUint32(p + 4, true) * 2 ** 32;

/** one symbol table entry (Elf64_Sym, 24 bytes at `p`), or undefined for what uprobes cannot use */
function functionSymbol(dv: DataView, p: number, sections: readonly ElfSection[], strtab: string, seen: Set<string>, objects = false): UserSymbol | undefined {
  const type = dv.getUint8(p + 4) & 0xf;
  if (type !== STT_FUNC && type !== STT_GNU_IFUNC && !(objects && type === STT_OBJECT)) return undefined;
  const shndx = dv.getUint16(p + 6, true);
  if (shndx === SHN_UNDEF || shndx >= sections.length) return undefined;
  const addr = u64(dv, p + 8);
  if (addr === 0) return undefined;
  const e = dv.getUint32(p, true);
  if (e >= strtab.length) return undefined;
  let end = strtab.indexOf('\0', e);
  if (end < 0) end = strtab.length;
  // versioned names (`getaddrinfo@@GLIBC_2.2.5`) are matched without the version
  const full = strtab.slice(e, end);
  const at = full.indexOf('@');
  const name = at < 0 ? full : full.slice(0, at);
  if (!name || seen.has(name)) return undefined;
  seen.add(name);
  const s = sections[shndx]!;
  return { name, addr, size: u64(dv, p + 16), fileOffset: addr - s.addr + s.offset };
}

interface ElfSection {
  type: number;
  addr: number;
  offset: number;
  link: number;
  size: number;
  /** read on first use */
  data: Buffer | undefined;
}

function symbolsFrom(sections: readonly ElfSection[], dataOf: (s: ElfSection) => Buffer): UserSymbol[] {
  const seen = new Set<string>();
  const out: UserSymbol[] = [];
  for (const sec of sections) {
    if (sec.type !== SHT_SYMTAB && sec.type !== SHT_DYNSYM) continue;
    const str = sections[sec.link];
    if (!str) continue;
    const data = dataOf(sec);
    // one string for the whole table: String.prototype.indexOf/slice are builtins, where
    // Buffer's methods run through Node's JavaScript, interpreted on a cold start
    const strtab = dataOf(str).toString('latin1');
    const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
    for (let p = 24; p + 24 <= data.length; p += 24) {
      const sym = functionSymbol(dv, p, sections, strtab, seen);
      if (sym) out.push(sym);
    }
  }
  return out;
}

/**
 * The symbols through pread of the parts that hold them: the ELF header, the section headers,
 * .symtab/.dynsym and their string tables (libc's are ~100 KB of its 2 MB). Reading and
 * decoding whole libraries was most of the start-up of bpftrace tools with uprobes
 * (gethostlatency.bt, threadsnoop.bt). Undefined for what is not a well-formed ELF64
 * little-endian file: the whole-file reader then says what is wrong with it.
 */
function symbolTablesOf(path: string): UserSymbol[] | undefined {
  return withSymbolSections(path, symbolsFrom);
}

/**
 * `use` on the section headers of the ELF file at `path`, each section's bytes read by pread on
 * first use; undefined for what is not a well-formed ELF64 little-endian file.
 */
function withSymbolSections<T>(path: string, use: (sections: readonly ElfSection[], dataOf: (s: ElfSection) => Buffer) => T): T | undefined {
  const fs = nodeFs();
  let fd: number;
  try {
    fd = fs.openSync(path, 'r');
  } catch {
    throw new BpfError('ENOENT', `could not read binary ${path}`);
  }
  try {
    const pread = (off: number, len: number): Buffer => {
      const b = Buffer.allocUnsafe(len);
      if (fs.readSync(fd, b, 0, len, off) !== len) throw new RangeError('short read');
      return b;
    };
    const eh = pread(0, 64);
    const hv = new DataView(eh.buffer, eh.byteOffset, eh.length);
    // \x7fELF, ELFCLASS64, ELFDATA2LSB (include/uapi/linux/elf.h)
    if (hv.getUint32(0) !== 0x7f454c46 || eh[4] !== 2 || eh[5] !== 1) return undefined;
    const shoff = Number(hv.getBigUint64(0x28, true));
    const shentsize = hv.getUint16(0x3a, true);
    const shnum = hv.getUint16(0x3c, true);
    if (!shnum || shentsize < 64) return undefined;
    const sh = pread(shoff, shnum * shentsize);
    const sv = new DataView(sh.buffer, sh.byteOffset, sh.length);
    const sections: ElfSection[] = [];
    for (let i = 0; i < shnum; i++) {
      const o = i * shentsize;
      sections.push({
        type: sv.getUint32(o + 4, true), addr: Number(sv.getBigUint64(o + 0x10, true)), offset: Number(sv.getBigUint64(o + 0x18, true)),
        size: Number(sv.getBigUint64(o + 0x20, true)), link: sv.getUint32(o + 0x28, true), data: undefined,
      });
    }
    return use(sections, (s) => (s.data ??= pread(s.offset, s.size)));
  } catch {
    return undefined;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * The function symbol `name` of the ELF file at `path` — the one userSymbols(path) lists under
 * that name — without decoding the whole table: the name's bytes are searched in each string
 * table (Buffer.indexOf, every occurrence followed by NUL or `@`: tables share suffixes and
 * version suffixes are dropped), and only the symbols whose st_name is one of those offsets are
 * decoded. A uprobe on one libc function decoded all of libc's ~2,600 symbols, ~10-17 ms of CPU
 * on a cold start (threadsnoop.bt, bashreadline.bt).
 */
export function findUserSymbol(path: string, name: string, objects = false): UserSymbol | undefined {
  const all = cache.get(path);
  const cached = all?.find((s) => s.name === name);
  if (cached || (all && !objects)) return cached;
  if (!name) return undefined;
  const found = withSymbolSections(path, (sections, dataOf) => {
    const needle = Buffer.from(name, 'latin1');
    for (const sec of sections) {
      if (sec.type !== SHT_SYMTAB && sec.type !== SHT_DYNSYM) continue;
      const str = sections[sec.link];
      if (!str) continue;
      const strBuf = dataOf(str);
      const offsets = new Set<number>();
      for (let i = strBuf.indexOf(needle); i >= 0; i = strBuf.indexOf(needle, i + 1)) {
        const after = strBuf[i + needle.length];
        if (after === 0 || after === 0x40) offsets.add(i);
      }
      if (!offsets.size) continue;
      const data = dataOf(sec);
      const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
      const strtab = strBuf.toString('latin1');
      for (let p = 24; p + 24 <= data.length; p += 24) {
        if (!offsets.has(dv.getUint32(p, true))) continue;
        const sym = functionSymbol(dv, p, sections, strtab, new Set(), objects);
        if (sym?.name === name) return sym;
      }
    }
    return null;
  });
  return found === undefined && !objects ? userSymbols(path).find((s) => s.name === name) : found ?? undefined;
}

function symbolsOfWholeFile(path: string): UserSymbol[] {
  let bytes: Uint8Array;
  try {
    bytes = nodeFs().readFileSync(path);
  } catch {
    throw new BpfError('ENOENT', `could not read binary ${path}`);
  }
  const elf = readElf(bytes, { file: path });
  return symbolsFrom(elf.sections.map((s) => ({ type: s.type, addr: s.addr, offset: s.offset, size: s.data.length, link: s.link, data: Buffer.from(s.data.buffer, s.data.byteOffset, s.data.length) })), (s) => s.data!);
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
  let path = resolved.get(target);
  if (path === undefined) resolved.set(target, (path = lookupBinary(target)));
  return path;
}

/**
 * Names already resolved in this process: a script names the same library in many attach points
 * (sslsnoop.bt: 12 uprobes on libssl and libcrypto), and each lookup lists the library
 * directories (/usr/lib/x86_64-linux-gnu: thousands of entries).
 */
const resolved = new Map<string, string>();

/** the names in a library directory, listed once per process (`libpthread`, then `libc` for its functions) */
const listings = new Map<string, string[] | null>();
function listing(dir: string): string[] | null {
  let names = listings.get(dir);
  if (names === undefined) {
    try {
      names = nodeFs().readdirSync(dir);
    } catch {
      names = null;
    }
    listings.set(dir, names);
  }
  return names;
}

function lookupBinary(target: string): string {
  if (target.includes('/')) {
    if (!nodeFs().existsSync(target)) throw new BpfError('ENOENT', `uprobe target file '${target}' does not exist or is not executable`);
    return target;
  }
  if (target.startsWith('lib')) {
    const cached = ldCacheLookup(target);
    if (cached) return cached;
    for (const d of LIB_DIRS) {
      const names = listing(d);
      if (!names) continue;
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

let ldCacheBytes: Buffer | null | undefined;
/** /etc/ld.so.cache, read once per process (threadsnoop.bt names libpthread, then libc has its functions) */
function ldCache(): Buffer | null {
  if (ldCacheBytes === undefined) {
    try {
      ldCacheBytes = nodeFs().readFileSync('/etc/ld.so.cache');
    } catch {
      ldCacheBytes = null;
    }
  }
  return ldCacheBytes;
}

/** ld.so.cache flags of this machine's own libraries (glibc elf/cache.c: FLAG_ELF_LIBC6 | FLAG_X8664_LIB64 / FLAG_AARCH64_LIB64) */
const LD_CACHE_FLAGS: Record<string, number> = { x64: 0x0303, arm64: 0x0a03 };

/**
 * `libc` -> `/lib/x86_64-linux-gnu/libc.so.6` from /etc/ld.so.cache, where bcc (and so bpftrace)
 * looks a library up (bcc_procutils_which_so): the first key, in name order, that starts with
 * `TARGET.so.` among the entries for this machine's architecture (the cache lists i386's too).
 * The glibc 2.x format "glibc-ld.so.cache1.1" (elf/cache.c): a 48-byte header with the entry
 * count, 24-byte entries {flags, key, value, osversion, hwcap}, key and value offsets from the
 * file's start. Undefined when there is no such cache or entry: the library directories are
 * listed instead. One read and a search, where listing /usr/lib/x86_64-linux-gnu (2,000 names)
 * cost 2-4 ms of a cold start.
 */
function ldCacheLookup(target: string): string | undefined {
  const want = LD_CACHE_FLAGS[process.arch];
  if (want === undefined) return undefined;
  const b = ldCache();
  if (!b) return undefined;
  const MAGIC = 'glibc-ld.so.cache1.1';
  if (b.length < 48 || b.toString('latin1', 0, MAGIC.length) !== MAGIC) return undefined;
  const n = b.readUInt32LE(20);
  if (48 + n * 24 > b.length) return undefined;
  const cstr = (at: number): string | undefined => {
    const end = b.indexOf(0, at);
    return at < b.length && end > at ? b.toString('latin1', at, end) : undefined;
  };
  // every place `TARGET.so.` occurs (ldconfig stores a key as the tail of its path when it can:
  // `libc.so.6` inside `/lib/x86_64-linux-gnu/libc.so.6`), then the entries whose key starts at
  // one of them: no string is decoded for the others
  const needle = Buffer.from(`${target}.so.`, 'latin1');
  const keys = new Set<number>();
  for (let i = b.indexOf(needle, 48); i >= 0; i = b.indexOf(needle, i + 1)) keys.add(i);
  const dv = new DataView(b.buffer, b.byteOffset, b.length);
  let best: { key: string; path: string } | undefined;
  for (let i = 0, e = 48; i < n; i++, e += 24) {
    if (!keys.has(dv.getUint32(e + 4, true)) || (dv.getInt32(e, true) & 0xffff) !== want) continue;
    const key = cstr(dv.getUint32(e + 4, true));
    if (!key || (best && best.key <= key)) continue;
    const path = cstr(dv.getUint32(e + 8, true));
    if (path) best = { key, path };
  }
  return best && nodeFs().existsSync(best.path) ? best.path : undefined;
}
