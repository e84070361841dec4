/**
 * `usdt:PATH:[PROVIDER:]NAME` probes in the bpftrace language. As bpftrace does, each call site is
 * its own program (bpftrace's "one program per location"): the site's argument specs are known
 * at compile time (kernel/usdt.ts reads them from `.note.stapsdt`), so `argN` compiles to a
 * register load from pt_regs, a user-memory read at register+offset, or a constant — no spec table
 * at run time, unlike libbpf's usdt.bpf.h. The site's semaphore, if it has one, is raised by the
 * kernel through the uprobe's ref_ctr_offset while the program is attached.
 */
import * as B from '../../asm/builder.js';
import { R0, R3, R6 } from '../../asm/builder.js';
import { globToRegExp } from '../../kernel/tracefs.js';
import { resolveBinary } from '../../kernel/elf_symbols.js';
import { usdtSites, BPF_USDT_ARG_CONST, BPF_USDT_ARG_REG, type UsdtArg } from '../../kernel/usdt.js';
import { ScriptError } from './errors.js';
import type { Loc } from './ast.js';
import type { Emitter } from './emit.js';

/** what a usdt Target carries besides path and file offset */
export interface UsdtTargetInfo {
  provider: string;
  name: string;
  args: UsdtArg[];
  /** the semaphore's file offset (0: none) */
  semaOffset: number;
}

/** the concrete sites of a usdt attach point (parts: ['usdt', PATH, (PROVIDER,) NAME]) */
export function usdtTargets(parts: string[], loc: Loc): { name: string; path: string; offset: number; usdt: UsdtTargetInfo }[] {
  if (parts.length !== 3 && parts.length !== 4) throw new ScriptError('usdt probe type requires 2 or 3 arguments', loc);
  let path: string;
  try {
    path = resolveBinary(parts[1]!);
  } catch (e) {
    throw new ScriptError((e as Error).message.replace(/^ENOENT: /, '').replace(/^uprobe target/, 'usdt target'), loc, 'ENOENT');
  }
  const provRe = globToRegExp(parts.length === 4 ? parts[2]! : '*');
  const nameRe = globToRegExp(parts[parts.length - 1]!);
  let sites;
  try {
    sites = usdtSites(path).sites.filter((s) => provRe.test(s.provider) && nameRe.test(s.name));
  } catch (e) {
    throw new ScriptError((e as Error).message.replace(/^[A-Z]+: /, ''), loc, 'ENOENT');
  }
  if (!sites.length) throw new ScriptError(`No probes matched ${parts.join(':')}`, loc, 'ENOENT');
  return sites.map((s) => {
    if (s.argError) throw new ScriptError(`usdt ${s.provider}:${s.name} at 0x${s.absIp.toString(16)}: ${s.argError}`, loc);
    return { name: `usdt:${parts[1]}:${s.provider}:${s.name}`, path, offset: s.fileOffset, usdt: { provider: s.provider, name: s.name, args: s.args, semaOffset: s.semaOffset } };
  });
}

/**
 * argN of a usdt site into r0, widened to 64 bits by the spec's size and sign (what libbpf's
 * bpf_usdt_arg does at run time, here at compile time). `readUser` reads `size` bytes of user
 * memory at r3 into r0, sign- or zero-extended.
 */
export function genUsdtArg(e: Emitter, u: UsdtTargetInfo, n: number, loc: Loc | undefined, readUser: (size: number, signed: boolean) => void): void {
  const a = u.args[n];
  if (!a) throw new ScriptError(`couldn't get argument ${n} for ${u.provider}:${u.name} (it has ${u.args.length})`, loc);
  if (a.type === BPF_USDT_ARG_CONST) {
    e.imm(R0, a.valOff);
    e.extend(R0, a.size, a.signed);
  } else if (a.type === BPF_USDT_ARG_REG) {
    e.emit(B.ldxdw(R0, R6, a.regOff));
    e.extend(R0, a.size, a.signed);
  } else {
    e.emit(B.ldxdw(R3, R6, a.regOff));
    if (a.valOff) e.emit(B.add64(R3, Number(a.valOff)));
    readUser(a.size, a.signed);
  }
}
