/**
 * Attach points: parsing `kind:target:...` (bpftrace src/ast/attachpoint_parser.cpp, with its
 * short aliases t/k/kr/u/ur/p/i/s/h/U/f/fr), expanding wildcards against what the kernel and the
 * binary offer, and the BPF program type each kind loads as. Each concrete target becomes one
 * program (its `args` layout and its `probe` name differ), as bpftrace does for wildcarded
 * tracepoints that use `args`.
 */
import type { AttachPointText } from './ast.js';
import { ScriptError } from './errors.js';
import { matchTracepoints, haveKprobes, globToRegExp, tracepointFormat, type TracepointFormat } from '../../kernel/tracefs.js';
import { resolveBinary, userSymbols, findUserSymbol, type UserSymbol } from '../../kernel/elf_symbols.js';
import { usdtTargets, type UsdtTargetInfo } from './usdt.js';

export type ProbeKind =
  | 'BEGIN' | 'END' | 'tracepoint' | 'rawtracepoint' | 'kprobe' | 'kretprobe' | 'uprobe' | 'uretprobe' | 'usdt'
  | 'profile' | 'interval' | 'software' | 'hardware' | 'kfunc' | 'kretfunc';

const ALIASES: Record<string, ProbeKind> = {
  t: 'tracepoint', k: 'kprobe', kr: 'kretprobe', u: 'uprobe', ur: 'uretprobe', U: 'usdt', p: 'profile', i: 'interval',
  s: 'software', h: 'hardware', f: 'kfunc', fr: 'kretfunc', fentry: 'kfunc', fexit: 'kretfunc',
};
const KINDS = new Set<string>(['BEGIN', 'END', 'tracepoint', 'rawtracepoint', 'kprobe', 'kretprobe', 'uprobe', 'uretprobe', 'usdt', 'profile', 'interval', 'software', 'hardware', 'kfunc', 'kretfunc']);

/** perf software events by bpftrace's names (include/uapi/linux/perf_event.h enum perf_sw_ids) and default periods */
export const SOFTWARE_EVENTS: Record<string, { config: number; alias?: string; period: number }> = {
  'cpu-clock': { config: 0, alias: 'cpu', period: 1000000 },
  'task-clock': { config: 1, period: 1000000 },
  'page-faults': { config: 2, alias: 'faults', period: 100 },
  'context-switches': { config: 3, alias: 'cs', period: 1000 },
  'cpu-migrations': { config: 4, period: 1 },
  'minor-faults': { config: 5, period: 100 },
  'major-faults': { config: 6, period: 1 },
  'alignment-faults': { config: 7, period: 1 },
  'emulation-faults': { config: 8, period: 1 },
  dummy: { config: 9, period: 1 },
  'bpf-output': { config: 10, period: 1 },
};

export const HARDWARE_EVENTS: Record<string, { config: number; alias?: string; period: number }> = {
  'cpu-cycles': { config: 0, alias: 'cycles', period: 1000000 },
  instructions: { config: 1, period: 1000000 },
  'cache-references': { config: 2, period: 1000000 },
  'cache-misses': { config: 3, period: 1000000 },
  'branch-instructions': { config: 4, alias: 'branches', period: 100000 },
  'branch-misses': { config: 5, period: 100000 },
  'bus-cycles': { config: 6, period: 100000 },
  'frontend-stalls': { config: 7, period: 1000000 },
  'backend-stalls': { config: 8, period: 1000000 },
  'ref-cycles': { config: 9, period: 1000000 },
};

/** one concrete place a program attaches */
export interface Target {
  kind: ProbeKind;
  /** the full name, as the `probe` builtin prints it: `tracepoint:syscalls:sys_enter_openat` */
  name: string;
  /** tracepoint */
  category?: string;
  event?: string;
  format?: TracepointFormat;
  /** uprobe/usdt: resolved binary, symbol and file offset */
  path?: string;
  /** usdt: the site's provider, name, argument specs and semaphore (usdt.ts) */
  usdt?: UsdtTargetInfo;
  symbol?: string;
  offset?: number;
  /** kprobe/kfunc/rawtracepoint: the kernel function or tracepoint */
  func?: string;
  /** kfunc:MODULE:F: the module (not vmlinux) whose BTF has the function */
  module?: string;
  /** profile/interval/software/hardware */
  perfType?: number;
  perfConfig?: number;
  period?: number;
  freq?: number;
  /** interval: run on one CPU only */
  oneCpu?: boolean;
}

/** BPF program type a probe kind loads as (include/uapi/linux/bpf.h enum bpf_prog_type) */
export function progTypeOf(kind: ProbeKind): 'TRACEPOINT' | 'KPROBE' | 'PERF_EVENT' | 'RAW_TRACEPOINT' | 'TRACING' {
  switch (kind) {
    case 'tracepoint': return 'TRACEPOINT';
    case 'kprobe': case 'kretprobe': case 'uprobe': case 'uretprobe': case 'usdt': return 'KPROBE';
    case 'profile': case 'interval': case 'software': case 'hardware': return 'PERF_EVENT';
    case 'kfunc': case 'kretfunc': return 'TRACING';
    // BEGIN/END run once through BPF_PROG_TEST_RUN, which raw tracepoint programs support
    case 'BEGIN': case 'END': case 'rawtracepoint': return 'RAW_TRACEPOINT';
  }
}

/** the functions kfunc probes may name in a module ('vmlinux': the kernel's own), from its BTF; a sentence when there are none */
export type KfuncNames = (module: string) => string[] | string;

/**
 * `kfunc:F`, `kfunc:MODULE:F` (bpftrace 0.18's spelling; `vmlinux` is the kernel itself) and their
 * wildcards (`kfunc:tcp_*`, `kfunc:vmlinux:*`): the BTF FUNCs of the module that match, in BTF order.
 * A name without a wildcard is kept as written (kfunc.ts reports one the BTF lacks, with its reason).
 */
function expandKfunc(kind: 'kfunc' | 'kretfunc', parts: string[], wild: boolean, fail: (msg: string, errno?: 'ENOENT' | 'EINVAL' | 'EOPNOTSUPP') => never, kfuncs: KfuncNames | undefined): Target[] {
  if (parts.length > 3) fail(`${kind} probe type takes at most 2 arguments (MODULE:FUNCTION)`);
  const mod = parts.length === 3 ? parts[1]! : 'vmlinux';
  const fn = parts[parts.length - 1]!;
  if (/[*?[]/.test(mod)) fail(`${kind}:${mod}:${fn}: a wildcard in the module name is not supported; name the module (vmlinux for the kernel itself)`);
  if (mod !== 'vmlinux') {
    // a module's BTF is split BTF on top of vmlinux's (/sys/kernel/btf/MODULE), and its functions
    // are loaded with attach_btf_obj_fd naming that BTF object (kernel_backend.ts)
    const names = kfuncs?.(mod);
    if (typeof names === 'string') fail(`${kind}:${mod}:${fn}: ${names}`, 'ENOENT');
    if (!wild) return [{ kind, name: `${kind}:${mod}:${fn}`, func: fn, module: mod }];
    const re = globToRegExp(fn);
    const found = (names ?? []).filter((n) => re.test(n));
    if (!found.length) fail(`No probes matched ${kind}:${mod}:${fn}`, 'ENOENT');
    return found.map((f) => ({ kind, name: `${kind}:${mod}:${f}`, func: f, module: mod }));
  }
  if (!wild) return [{ kind, name: `${kind}:${fn}`, func: fn }];
  const names = kfuncs?.(mod);
  if (names === undefined) fail(`${kind}:${fn}: a wildcard needs the kernel's BTF (/sys/kernel/btf/vmlinux)`, 'ENOENT');
  if (typeof names === 'string') fail(`${kind}:${fn}: ${names}`, 'ENOENT');
  const re = globToRegExp(fn);
  const found = names.filter((n) => re.test(n));
  if (!found.length) fail(`No probes matched ${kind}:${parts.slice(1).join(':')}`, 'ENOENT');
  return found.map((f) => ({ kind, name: `${kind}:${f}`, func: f }));
}

function split(text: string): string[] {
  // a path may hold ':' only in theory; bpftrace splits on ':' too
  return text.split(':');
}

/** expand one attach point into its concrete targets (wildcards matched); ScriptError when none */
export function expandAttachPoint(ap: AttachPointText, opts: { pid?: number; unresolved?: (e: ScriptError) => void; kfuncs?: KfuncNames } = {}): Target[] {
  const parts = split(ap.text);
  const kind = (ALIASES[parts[0]!] ?? parts[0]) as ProbeKind;
  if (!KINDS.has(kind)) throw new ScriptError(`Invalid probe type: ${parts[0]}`, ap.loc);
  const wild = /[*?[]/.test(ap.text);
  const fail = (msg: string, errno: 'ENOENT' | 'EINVAL' | 'EOPNOTSUPP' = 'EINVAL'): never => {
    throw new ScriptError(msg, ap.loc, errno);
  };
  switch (kind) {
    case 'BEGIN': case 'END':
      if (parts.length !== 1) fail(`${kind} probe type takes no arguments`);
      return [{ kind, name: kind }];
    case 'tracepoint': {
      if (parts.length !== 3) fail('tracepoint probe type requires 2 arguments');
      const found = matchTracepoints(parts[1]!, parts[2]!);
      if (!found.length) fail(wild ? `No tracepoints matched ${parts[1]}:${parts[2]}` : `tracepoint not found: ${parts[1]}:${parts[2]}`, 'ENOENT');
      return found.map((f) => ({ kind, name: `tracepoint:${f.category}:${f.name}`, category: f.category, event: f.name, format: tracepointFormat(f.category, f.name) }));
    }
    case 'rawtracepoint': {
      if (parts.length !== 2) fail('rawtracepoint probe type requires 1 argument');
      const ev = parts[1]!;
      const found = matchTracepoints('*', ev);
      if (!found.length) fail(`rawtracepoint not found: ${ev}`, 'ENOENT');
      const names = [...new Set(found.map((f) => f.name))];
      return names.map((n) => ({ kind, name: `rawtracepoint:${n}`, func: n }));
    }
    case 'kfunc': case 'kretfunc': return expandKfunc(kind, parts, wild, fail, opts.kfuncs);
    case 'kprobe': case 'kretprobe': {
      const fn = parts[parts.length - 1]!;
      if (!haveKprobes()) fail(`${kind}:${fn}: this kernel has no kprobes (CONFIG_KPROBES is off: no kprobe PMU and no tracefs kprobe_events)`, 'EOPNOTSUPP');
      return [{ kind, name: `${kind}:${fn}`, func: fn }];
    }
    case 'uprobe': case 'uretprobe': {
      if (parts.length < 3) fail(`${kind} probe type requires 2 arguments`);
      let path: string;
      try {
        path = resolveBinary(parts[1]!);
      } catch (e) {
        return fail((e as Error).message.replace(/^ENOENT: /, ''), 'ENOENT');
      }
      const sym = parts.slice(2).join(':');
      if (/^0x[0-9a-f]+$|^\d+$/i.test(sym)) {
        const addr = Number(sym);
        return [{ kind, name: `${kind}:${path}:${sym}`, path, symbol: sym, offset: addr }];
      }
      const re = globToRegExp(sym);
      const match = (file: string): UserSymbol[] => {
        if (wild) return userSymbols(file).filter((s) => re.test(s.name));
        const one = findUserSymbol(file, sym);
        return one ? [one] : [];
      };
      let matched = match(path);
      let file = path;
      if (!matched.length && /\/libpthread\.so[.\d]*$/.test(path)) {
        // glibc 2.34 moved libpthread into libc and left libpthread.so.0 a stub: its functions are
        // libc's, where bcc (bcc_syms.cc, bcc_resolve_symname) and so bpftrace look next
        try {
          file = resolveBinary('libc');
          matched = match(file);
        } catch {
          /* no libc found: the symbol stays unresolved */
        }
      }
      if (!matched.length) {
        const err = new ScriptError(wild ? `No probes matched ${kind}:${path}:${sym}` : `Could not resolve symbol: ${path}:${sym}`, ap.loc, 'ENOENT');
        // bpftrace 0.17 matches uprobe attach points against the file's symbols and drops the
        // ones that match nothing (sslsnoop.bt names libcrypto functions a build may not export)
        if (opts.unresolved) {
          opts.unresolved(err);
          return [];
        }
        throw err;
      }
      return matched.map((s) => ({ kind, name: `${kind}:${path}:${s.name}`, path: file, symbol: s.name, offset: s.fileOffset }));
    }
    case 'usdt':
      return usdtTargets(parts, ap.loc).map((t) => ({ kind, ...t }));
    case 'profile': case 'interval': {
      if (parts.length !== 3) fail(`${kind} probe type requires 2 arguments`);
      const unit = parts[1]!;
      const n = Number(parts[2]);
      if (!Number.isInteger(n) || n <= 0) fail(`${kind} probe: invalid rate '${parts[2]}'`);
      const name = `${kind}:${unit}:${parts[2]}`;
      const base: Target = { kind, name, perfType: 1, perfConfig: 0, oneCpu: kind === 'interval' };
      switch (unit) {
        case 'hz': return [{ ...base, freq: n }];
        case 's': return [{ ...base, period: n * 1e9 }];
        case 'ms': return [{ ...base, period: n * 1e6 }];
        case 'us': return [{ ...base, period: n * 1e3 }];
        default: return fail(`${kind} probe: invalid unit '${unit}' (hz, s, ms or us)`);
      }
    }
    case 'software': case 'hardware': {
      const table = kind === 'software' ? SOFTWARE_EVENTS : HARDWARE_EVENTS;
      const evName = parts[1] ?? '';
      const entry = Object.entries(table).find(([k, v]) => k === evName || v.alias === evName);
      if (!entry) return fail(`${kind} probe: unknown event '${evName}'`, 'ENOENT');
      const count = parts[2] ? Number(parts[2]) : entry[1].period;
      return [{ kind, name: `${kind}:${evName}:${parts[2] ?? ''}`.replace(/:$/, ''), perfType: kind === 'software' ? 1 : 0, perfConfig: entry[1].config, period: count }];
    }
  }
  void opts;
  return fail(`Invalid probe type: ${parts[0]}`);
}

/** the function names of a binary, sorted (uprobe listings) */
export function functionNames(path: string): string[] {
  return userSymbols(path).map((s) => s.name).sort();
}
