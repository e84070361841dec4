/**
 * `-l [PATTERN]` and `-lv`: the probes this system offers, as bpftrace lists them (src/list.cpp):
 * `tracepoint:CAT:NAME` (with `-v`, the record's fields as `    TYPE NAME`), `rawtracepoint:NAME`,
 * `software:EVENT:` and `hardware:EVENT:`, `kfunc:NAME` from the kernel's BTF (with `-v`, its
 * arguments and `retval`), `kfunc:MODULE:NAME` from a module's split BTF (/sys/kernel/btf/MODULE;
 * bpftrace 0.18's spelling), `uprobe:PATH:SYMBOL` for a binary named in the pattern, and
 * `kprobe:FUNC` where the kernel has kprobes and tracefs lists the functions, and
 * `usdt:PATH:PROVIDER:NAME` from a binary's `.note.stapsdt` notes.
 */
import { readFileSync } from 'node:fs';
import { BpfError } from '../../isa/errors.js';
import { globToRegExp, listTracepoints, tracepointFormat, haveKprobes, tracefsRoot, type TracepointField } from '../../kernel/tracefs.js';
import { SOFTWARE_EVENTS, HARDWARE_EVENTS } from './probes.js';
import type { LazyBtf } from '../../btf/lazy.js';
import * as K from '../../btf/types.js';
import { BtfTypes } from './types.js';
import { noModuleBtf } from './kfunc.js';

export interface ListOptions {
  verbose: boolean;
  btf?: () => LazyBtf | undefined;
  /** the modules with BTF (/sys/kernel/btf/* but vmlinux), for `kfunc:MODULE:*` */
  modules?: () => string[];
  /** a module's split BTF on vmlinux's, or undefined when it has none */
  moduleBtf?: (module: string) => LazyBtf | undefined;
  /** uprobe symbol listing: the functions of a binary */
  userFunctions?: (target: string) => { path: string; names: string[] };
  /** uprobe -lv: `TYPE NAME` of each parameter of a function (from DWARF; [] without) */
  userArgs?: (path: string, fn: string) => string[];
  /** usdt listing: the PROVIDER:NAME probes of a binary's .note.stapsdt */
  usdtProbes?: (target: string) => { path: string; probes: { provider: string; name: string }[] };
}

/** `    const char * filename`: a field as bpftrace -lv prints it */
export function fieldDecl(f: TracepointField): string {
  if (f.dataLoc) return `${f.type} ${f.name}`;
  if (f.arrayLen !== undefined) return `${f.type.replace(/\[\d*\]$/, '')} ${f.name}[${f.arrayLen || ''}]`;
  return `${f.type} ${f.name}`;
}

export function listProbes(pattern: string | undefined, o: ListOptions): string[] {
  // `kfunc:vmlinux:F` names the kernel's own functions, listed as bpftrace 0.17 lists them (`kfunc:F`)
  const pat = pattern && pattern.length ? pattern.replace(/^(kfunc|kretfunc|fentry|fexit):vmlinux:/, '$1:') : '*';
  const kind = pat.includes(':') ? pat.slice(0, pat.indexOf(':')) : '*';
  const kindRe = globToRegExp(kind);
  const full = globToRegExp(pat.includes(':') ? pat : `*${pat}*`);
  const out: string[] = [];
  const want = (k: string): boolean => kindRe.test(k) || (k === 'tracepoint' && kind === 't') || (k === 'uprobe' && kind === 'u');
  if (want('tracepoint')) {
    const alias = kind === 't';
    for (const ev of [...listTracepoints()].sort()) {
      const name = `tracepoint:${ev}`;
      if (!full.test(name) && !(alias && full.test(`t:${ev}`))) continue;
      out.push(name);
      if (o.verbose) {
        const i = ev.indexOf(':');
        try {
          for (const f of tracepointFormat(ev.slice(0, i), ev.slice(i + 1)).fields) if (!f.common) out.push(`    ${fieldDecl(f)}`);
        } catch {
          /* a tracepoint without a readable format: listed without fields */
        }
      }
    }
  }
  if (want('rawtracepoint') && kind !== '*') {
    const seen = new Set<string>();
    for (const ev of listTracepoints()) {
      const n = ev.slice(ev.indexOf(':') + 1);
      if (seen.has(n) || !full.test(`rawtracepoint:${n}`)) continue;
      seen.add(n);
      out.push(`rawtracepoint:${n}`);
    }
  }
  for (const [k, table] of [['software', SOFTWARE_EVENTS], ['hardware', HARDWARE_EVENTS]] as const) {
    if (!want(k)) continue;
    for (const [name, v] of Object.entries(table)) {
      const line = `${k}:${name}:`;
      if (full.test(line) || full.test(`${k}:${name}`) || (v.alias && full.test(`${k}:${v.alias}:`))) out.push(line);
    }
  }
  if ((want('kprobe') && kind !== '*') && haveKprobes()) {
    let text = '';
    try {
      text = readFileSync(`${tracefsRoot()}/available_filter_functions`, 'utf8');
    } catch {
      throw new BpfError('EACCES', `cannot read ${tracefsRoot()}/available_filter_functions`);
    }
    for (const line of text.split('\n')) {
      const fn = line.split(/\s/)[0];
      if (fn && full.test(`kprobe:${fn}`)) out.push(`kprobe:${fn}`);
    }
  }
  if ((want('kfunc') || want('kretfunc')) && kind !== '*') {
    const k = kind === 'kretfunc' ? 'kretfunc' : 'kfunc';
    const parts = pat.split(':');
    if (parts.length === 3) out.push(...listModuleKfuncs(k, parts[1]!, globToRegExp(parts[2]!), o));
    else {
      const btf = o.btf?.();
      if (btf) out.push(...kfuncLines(btf, btf.idsOfKind(K.BTF_KIND_FUNC), (f) => `${k}:${f}`, full, o.verbose));
    }
  }
  if ((kind === 'uprobe' || kind === 'u' || kind === 'uretprobe') && o.userFunctions) {
    const parts = pat.split(':');
    if (parts.length < 3) throw new BpfError('EINVAL', `listing uprobes needs a binary: ${kind}:PATH:PATTERN`);
    const { path, names } = o.userFunctions(parts[1]!);
    const symRe = globToRegExp(parts.slice(2).join(':') || '*');
    for (const n of names) {
      if (!symRe.test(n)) continue;
      out.push(`${kind === 'u' ? 'uprobe' : kind}:${path}:${n}`);
      // -lv: the parameters from the binary's DWARF, as bpftrace lists them (none without -g)
      if (o.verbose && o.userArgs) for (const p of o.userArgs(path, n)) out.push(`    ${p}`);
    }
  }
  if ((kind === 'usdt' || kind === 'U') && o.usdtProbes) out.push(...listUsdt(pat, kind, o.usdtProbes));
  return out;
}

/**
 * `usdt:PATH:[PROVIDER:]NAME` globs, listed as bpftrace does: `usdt:PATH:PROVIDER:NAME`, sorted, each
 * once however many sites it has; with one part after PATH it matches the name under any provider.
 */
function listUsdt(pat: string, kind: string, probes: NonNullable<ListOptions['usdtProbes']>): string[] {
  const parts = pat.split(':');
  if (parts.length < 3) throw new BpfError('EINVAL', `usdt probe type requires 2 or 3 arguments (${kind}:PATH:[PROVIDER:]NAME)`);
  const { path, probes: all } = probes(parts[1]!);
  const provRe = globToRegExp(parts.length > 3 ? parts[2]! : '*');
  const nameRe = globToRegExp(parts.slice(parts.length > 3 ? 3 : 2).join(':') || '*');
  const lines = new Set<string>();
  for (const p of all) if (provRe.test(p.provider) && nameRe.test(p.name)) lines.add(`usdt:${path}:${p.provider}:${p.name}`);
  return [...lines].sort();
}

/**
 * `kfunc:MODULE:FUNC` (bpftrace 0.18's spelling; 0.17 has no module part): the FUNCs of each module
 * whose name matches MODULE (a glob) — its own, not the vmlinux ones its split BTF also reaches —
 * as `kfunc:MODULE:FUNC`; vmlinux, when the glob matches it, as `kfunc:FUNC` (listProbes turns
 * `kfunc:vmlinux:` into that spelling). A module named without a wildcard that has no BTF is an
 * error saying so; the probes themselves are compile.ts's.
 */
function listModuleKfuncs(k: 'kfunc' | 'kretfunc', modGlob: string, fnRe: RegExp, o: ListOptions): string[] {
  const out: string[] = [];
  const modRe = globToRegExp(modGlob);
  const wild = /[*?[]/.test(modGlob);
  if (modRe.test('vmlinux')) {
    const btf = o.btf?.();
    if (btf) out.push(...kfuncLines(btf, btf.idsOfKind(K.BTF_KIND_FUNC), (f) => `${k}:${f}`, fnRe, o.verbose, true));
  }
  const mods = wild ? (o.modules?.() ?? []).filter((m) => m !== 'vmlinux' && modRe.test(m)).sort() : modGlob === 'vmlinux' ? [] : [modGlob];
  for (const m of mods) {
    const btf = o.moduleBtf?.(m);
    if (!btf) {
      if (!wild) throw new BpfError('ENOENT', `${k}:${modGlob}:*: ${noModuleBtf(m)}`);
      continue;
    }
    out.push(...kfuncLines(btf, btf.idsOfKind(K.BTF_KIND_FUNC, true), (f) => `${k}:${m}:${f}`, fnRe, o.verbose, true));
  }
  return out;
}

/**
 * The lines of the FUNCs `ids` of `btf` whose probe name (`name(func)`, or with `byFunc` the bare
 * function name) matches `re`: the name, and with -v each parameter as `    TYPE NAME` and the
 * return value as `    TYPE retval`, as bpftrace -lv prints a kfunc.
 */
function kfuncLines(btf: LazyBtf, ids: number[], name: (func: string) => string, re: RegExp, verbose: boolean, byFunc = false): string[] {
  const out: string[] = [];
  const types = new BtfTypes(btf);
  for (const id of ids) {
    const f = btf.type(id);
    if (f.kind !== K.BTF_KIND_FUNC || !re.test(byFunc ? f.name : name(f.name))) continue;
    out.push(name(f.name));
    if (!verbose) continue;
    const proto = btf.type(f.type);
    if (proto.kind === K.BTF_KIND_FUNC_PROTO) {
      for (const p of proto.params) out.push(`    ${types.of(p.type).name} ${p.name}`);
      const ret = types.of(proto.returnType);
      if (ret.kind !== 'void') out.push(`    ${ret.name} retval`);
    }
  }
  return out;
}
