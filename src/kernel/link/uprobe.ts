/**
 * Where a uprobe goes: libbpf's uprobe target "PATH:FUNC[+OFFSET]" or "PATH:OFFSET" (attach_uprobe
 * in libbpf.c) turned into the binary's path and the file offset the uprobe PMU wants. The
 * function's offset comes from the ELF symbol tables as libbpf's elf_find_func_offset computes it
 * (.symtab, then .dynsym; st_value - sh_addr + sh_offset of the section holding it), which
 * kernel/elf_symbols.ts reads; a path without '/' is looked up as a library or on $PATH there too.
 */
import { BpfError } from '../../isa/errors.js';
import { resolveBinary, userSymbols, findUserSymbol, type UserSymbol } from '../elf_symbols.js';

export { resolveBinary };

/** the file offset of `func` in the binary at `path` */
export function funcOffset(path: string, func: string): number {
  const s = findUserSymbol(path, func);
  if (!s) throw new BpfError('ENOENT', `uprobe ${path}:${func}: the binary has no function symbol ${func} (neither .symtab nor .dynsym; stripped?)`);
  return s.fileOffset;
}

/** the functions of a binary whose names match `re` (uprobe.multi globs) */
export function functionsMatching(path: string, re: RegExp): UserSymbol[] {
  return userSymbols(path).filter((s) => re.test(s.name));
}

export interface UprobeTarget {
  path: string;
  func?: string;
  offset: bigint;
}

/** parse and resolve a uprobe target; `what` names the probe for errors */
export function parseUprobeTarget(spec: string, what: string): UprobeTarget {
  const m = /^([^:]+):([A-Za-z_.$][\w.$]*)?(?:\+?(0x[0-9a-fA-F]+|\d+))?$/.exec(spec);
  if (!m || (!m[2] && !m[3])) throw new BpfError('EINVAL', `${what}: a uprobe target is PATH:FUNCTION[+OFFSET] or PATH:OFFSET, not '${spec}'`);
  const path = resolveBinary(m[1]!);
  const extra = m[3] ? BigInt(m[3]) : 0n;
  if (!m[2]) return { path, offset: extra };
  return { path, func: m[2], offset: BigInt(funcOffset(path, m[2])) + extra };
}
