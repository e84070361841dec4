/**
 * Where a uprobe goes: a function of a binary or shared library, named by symbol, turned into
 * the file offset the uprobe PMU wants — libbpf's elf_find_func_offset (tools/lib/bpf/elf.c):
 * look in .symtab, then .dynsym, for an STT_FUNC (or STT_GNU_IFUNC) symbol of that name, prefer a
 * global definition over a weak one, and translate its address into a file offset through the
 * section that holds it (st_value - sh_addr + sh_offset). A path without '/' is searched for as
 * libbpf's resolve_full_path does: libraries (".so") in LD_LIBRARY_PATH and the system library
 * directories, programs in PATH.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BpfError } from '../../isa/errors.js';
import { readElf, SHT_DYNSYM, SHT_SYMTAB, STB_GLOBAL, STB_WEAK, STT_FUNC, type ElfFile } from '../../elf/reader.js';

const STT_GNU_IFUNC = 10;
const SYM_SIZE = 24;

export interface ElfFunc {
  name: string;
  /** st_value: the function's virtual address */
  address: bigint;
  size: number;
  /** the file offset of its first instruction */
  offset: bigint;
  bind: number;
}

/** the multiarch library directories libbpf searches (plus the generic ones) */
function libraryDirs(): string[] {
  const arch = process.arch === 'x64' ? 'x86_64' : process.arch === 'arm64' ? 'aarch64' : process.arch;
  const fromEnv = (process.env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean);
  return [...fromEnv, '/lib64', '/usr/lib64', `/lib/${arch}-linux-gnu`, `/usr/lib/${arch}-linux-gnu`, '/lib', '/usr/lib'];
}

/** a binary or library named without a directory, found as libbpf's resolve_full_path finds it */
export function resolveBinaryPath(file: string): string {
  if (file.includes('/')) {
    if (!existsSync(file)) throw new BpfError('ENOENT', `uprobe target ${file} does not exist`);
    return file;
  }
  const isLib = file.endsWith('.so') || file.includes('.so.');
  const dirs = isLib ? libraryDirs() : (process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin').split(':').filter(Boolean);
  for (const d of dirs) {
    const p = join(d, file);
    if (existsSync(p)) return p;
  }
  throw new BpfError('ENOENT', `uprobe target ${file} was not found in ${isLib ? 'LD_LIBRARY_PATH or the system library directories' : 'PATH'} (${dirs.join(':')})`);
}

function cstr(b: Uint8Array, off: number): string {
  let end = off;
  while (end < b.length && b[end] !== 0) end++;
  return new TextDecoder().decode(b.subarray(off, end));
}

/** the functions of one symbol table (SHT_SYMTAB or SHT_DYNSYM), with their file offsets */
function functionsOf(elf: ElfFile, type: number): ElfFunc[] {
  const out: ElfFunc[] = [];
  for (const sh of elf.sections) {
    if (sh.type !== type) continue;
    const strtab = elf.sections[sh.link];
    if (!strtab) continue;
    const dv = new DataView(sh.data.buffer, sh.data.byteOffset, sh.data.byteLength);
    const le = !elf.bigEndian;
    for (let off = 0; off + SYM_SIZE <= sh.data.length; off += SYM_SIZE) {
      const info = dv.getUint8(off + 4);
      const symType = info & 0xf;
      if (symType !== STT_FUNC && symType !== STT_GNU_IFUNC) continue;
      const shndx = dv.getUint16(off + 6, le);
      const holder = elf.sections[shndx];
      if (!shndx || !holder || shndx >= 0xff00) continue;
      const address = dv.getBigUint64(off + 8, le);
      const name = cstr(strtab.data, dv.getUint32(off, le));
      if (!name) continue;
      out.push({ name, address, size: Number(dv.getBigUint64(off + 16, le)), offset: address - BigInt(holder.addr) + BigInt(holder.offset), bind: info >> 4 });
    }
  }
  return out;
}

const elfCache = new Map<string, ElfFile>();
function elfOf(path: string): ElfFile {
  let e = elfCache.get(path);
  if (!e) {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(path);
    } catch (err) {
      throw new BpfError('ENOENT', `cannot read uprobe target ${path}: ${(err as Error).message}`);
    }
    e = readElf(bytes, { file: path });
    elfCache.set(path, e);
  }
  return e;
}

/** every function symbol of the binary (both tables, deduplicated by name and address) */
export function elfFunctions(path: string): ElfFunc[] {
  const elf = elfOf(path);
  const seen = new Set<string>();
  const out: ElfFunc[] = [];
  for (const f of [...functionsOf(elf, SHT_SYMTAB), ...functionsOf(elf, SHT_DYNSYM)]) {
    const k = `${f.name}@${f.address}`;
    if (!seen.has(k)) {
      seen.add(k);
      out.push(f);
    }
  }
  return out;
}

/** libbpf elf_find_func_offset: the file offset of `func` in the binary at `path` */
export function funcOffset(path: string, func: string): bigint {
  const elf = elfOf(path);
  for (const type of [SHT_SYMTAB, SHT_DYNSYM]) {
    // .symtab names may carry a version ("malloc@@GLIBC_2.2.5"); match the bare name as libbpf does
    const found = functionsOf(elf, type).filter((f) => f.name === func || f.name.startsWith(`${func}@`));
    if (found.length === 0) continue;
    const strong = found.filter((f) => f.bind === STB_GLOBAL);
    const pool = strong.length ? strong : found.filter((f) => f.bind === STB_WEAK).length ? found.filter((f) => f.bind === STB_WEAK) : found;
    const offsets = [...new Set(pool.map((f) => f.offset))];
    if (offsets.length > 1) {
      throw new BpfError('EINVAL', `uprobe ${path}:${func}: the symbol is defined ${offsets.length} times at different addresses; give an offset instead`);
    }
    return offsets[0]!;
  }
  throw new BpfError('ENOENT', `uprobe ${path}:${func}: the binary has no function symbol ${func} (neither .symtab nor .dynsym; stripped?)`);
}

export interface UprobeTarget {
  path: string;
  func?: string;
  offset: bigint;
}

/**
 * Parse libbpf's uprobe section target "PATH:FUNC[+OFFSET]" or "PATH:0xADDR" (attach_uprobe in
 * libbpf.c) and resolve it to a file offset.
 */
export function parseUprobeTarget(spec: string, what: string): UprobeTarget {
  const m = /^([^:]+):([A-Za-z_.$@][\w.$@]*)?(?:\+?(0x[0-9a-fA-F]+|\d+))?$/.exec(spec);
  if (!m || (!m[2] && !m[3])) throw new BpfError('EINVAL', `${what}: a uprobe target is PATH:FUNCTION[+OFFSET] or PATH:OFFSET, not '${spec}'`);
  const path = resolveBinaryPath(m[1]!);
  const extra = m[3] ? BigInt(m[3]) : 0n;
  if (!m[2]) return { path, offset: extra };
  return { path, func: m[2], offset: funcOffset(path, m[2]) + extra };
}
