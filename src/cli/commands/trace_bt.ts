/**
 * `tsbpf trace -e PROGRAM | FILE.bt [ARGS...]` and `tsbpf trace -l [PATTERN]`: the bpftrace
 * front end, with bpftrace's flags (-e, -c CMD, -p PID, -f text|json, -o FILE, -l, -lv/-l -v,
 * -d, -v, -q, --dry-run). Imports are lazy: listing never loads the compiler, compiling never
 * loads the kernel backend, and BTF is read only by scripts that name kernel types.
 */
import { intOption } from '../numbers.js';
import { readFileSync, readdirSync, openSync, closeSync, existsSync } from 'node:fs';
import { writeAll } from '../../hooks/pcap/file_sink.js';
import { BpfError, systemError } from '../../isa/errors.js';
import { defineCommand, UsageError } from '../command.js';
import { cgroupId } from '../../lang/bpftrace/sysinfo.js';

/**
 * The bytes to write for output text. Text from the kernel (str(), comm, buf, cat) and the script
 * itself are byte strings (a character per byte, latin1, as the compiler encodes literals), so a
 * UTF-8 file name comes out as the bytes the kernel gave, as bpftrace writes them; text with a
 * character past 0xFF (which never was bytes) is written in UTF-8.
 */
function outputBytes(s: string): Buffer {
  return /[^\u0000-\u00ff]/.test(s) ? Buffer.from(s, 'utf8') : Buffer.from(s, 'latin1');
}

/** the script's text as a byte string (see outputBytes): its UTF-8 bytes, a character each, so columns count bytes as bpftrace's do */
const scriptBytes = (utf8Text: string): string => Buffer.from(utf8Text, 'utf8').toString('latin1');

/** stderr as stdout: byte strings written as their bytes (the source line under an error, a warning) */
const writeErr = (s: string): void => writeAll(2, outputBytes(s), 'stderr');

/** `tsbpf list [PATTERN] [-v]`: the same as `tsbpf trace -l [PATTERN] [-v]` */
const GLOBAL_JSON = new Set(['-j', '--json', '-p', '--pretty', '-jp', '-pj']);

export const listCommand = defineCommand({
  name: 'list',
  summary: 'list probes: tracepoints (-v: their fields), kfunc BTF arguments, software events, uprobe:BINARY:*, usdt:BINARY:*',
  args: '[PATTERN] [-v]',
  options: {},
  // the global -j/-p stay global (a JSON list); everything else is trace -l's
  preprocess: (argv) => (argv.includes('--help') || argv.includes('-h') ? argv : [...argv.filter((w) => GLOBAL_JSON.has(w)), '--', ...argv.filter((w) => !GLOBAL_JSON.has(w))]),
  run: (a) => main(['-l', ...(a.pretty ? ['--pretty'] : a.json ? ['-j'] : []), ...a.args]),
});

export const USAGE = `usage: tsbpf trace [options] (-e 'PROGRAM' | FILE.bt) [ARGS...]
       tsbpf trace -l [PATTERN] [-v]
options (as bpftrace's):
  -e PROGRAM     the script text
  -c CMD         run CMD once the probes are attached (cpid is its pid); exit when it ends
  -p PID         trace only this process (uprobes attach to it, other probes filter on its
                 pid; BEGIN, END and interval run as usual); exit when it ends
  -f text|json   output format (default text); -j, --json: -f json
  -o FILE        write output to FILE
  -l [PATTERN]   list probes (tracepoint:*, software:*, kfunc:*, uprobe:BINARY:*, usdt:BINARY:*); -lv / -v adds fields and arguments
  -d             (dry run) print each probe's generated eBPF (kernel verifier-log syntax) to stderr
  -v             run tsbpf's verifier first and print its statistics for each program to stderr
  --verify       run tsbpf's verifier on every program before the kernel's (default: only
                 on a program the kernel refuses, to place the refusal in the script)
  -k             warn when a map update or delete fails at run time (-kk: also memory reads)
  -q             no "Attaching N probes..." line
  --unsafe       allow unsafe builtin functions (signal)
  --dry-run      compile and verify only: nothing is loaded`;

/**
 * BPFTRACE_STRLEN: the bytes of a str() value (bpftrace 0.17: 64 by default, at most 200, the
 * limit its stack-built strings allow)
 */
function envStrlen(): number {
  const v = process.env.BPFTRACE_STRLEN;
  if (v === undefined || v === '') return 64;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new BpfError('EINVAL', `Env var 'BPFTRACE_STRLEN' did not contain a valid uint64_t, or was zero-valued.`);
  if (n > 200) throw new BpfError('EINVAL', `'BPFTRACE_STRLEN' ${n} exceeds the current maximum of 200 bytes.`);
  return n;
}

/** a positive integer from the environment as bpftrace reads it (BPFTRACE_MAP_KEYS_MAX, BPFTRACE_MAX_PROBES), or undefined */
function envPositive(name: string): number | undefined {
  const v = process.env[name];
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new BpfError('EINVAL', `Env var '${name}' did not contain a valid uint64_t, or was zero-valued.`);
  return n;
}
/** BPFTRACE_MAP_KEYS_MAX: the entries of each map (bpftrace 0.17: 4096 by default) */
const envMapKeysMax = (): number | undefined => envPositive('BPFTRACE_MAP_KEYS_MAX');

interface Flags {
  e?: string;
  file?: string;
  c?: string;
  p?: number;
  f: 'text' | 'json';
  /** --pretty: indented JSON (with -l) */
  pretty?: boolean;
  o?: string;
  list?: boolean;
  listPattern?: string;
  verbose: boolean;
  debug: boolean;
  quiet: boolean;
  dryRun: boolean;
  verifyFirst: boolean;
  unsafe: boolean;
  /** -k 1, -kk 2 */
  helperCheck: number;
  positional: string[];
}

export function parseTraceFlags(argv: string[]): Flags {
  const f: Flags = { f: 'text', verbose: false, debug: false, quiet: false, dryRun: false, verifyFirst: false, unsafe: false, helperCheck: 0, positional: [] };
  const need = (i: number, what: string): string => {
    const v = argv[i];
    if (v === undefined) throw new UsageError(`option ${what} requires an argument`, USAGE);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('-') && a.length > 1 && !/^-\d/.test(a) && f.positional.length === 0) {
      switch (a) {
        case '-e': f.e = need(++i, '-e'); continue;
        case '-c': f.c = need(++i, '-c'); continue;
        case '-p': {
          // pid_t; the kernel's PID_MAX_LIMIT is 4194304 (include/linux/threads.h)
          f.p = intOption(need(++i, '-p'), '-p', 1, 4194304, 'a process id');
          continue;
        }
        case '-f': {
          const v = need(++i, '-f');
          if (v !== 'text' && v !== 'json') throw new BpfError('EINVAL', `Invalid output format "${v}"\nValid formats: 'text', 'json'`);
          f.f = v;
          continue;
        }
        case '-o': f.o = need(++i, '-o'); continue;
        // tsbpf's global -j/--json is bpftrace's -f json here (-p is bpftrace's PID, so only --pretty)
        case '-j': case '--json': f.f = 'json'; continue;
        case '--pretty': f.f = 'json'; f.pretty = true; continue;
        case '-l': f.list = true; continue;
        case '-lv': case '-vl': f.list = true; f.verbose = true; continue;
        case '-v': f.verbose = true; continue;
        // bpftrace 0.17: "-d (dry run) debug info": nothing is attached (a user's `-d` on a script
        // with uprobes must not start tracing and wait for Ctrl-C)
        case '-d': case '-dd': f.debug = true; f.dryRun = true; continue;
        case '-q': f.quiet = true; continue;
        case '-k': f.helperCheck = Math.max(f.helperCheck, 1); continue;
        case '-kk': f.helperCheck = 2; continue;
        case '--dry-run': f.dryRun = true; continue;
        case '--verify': f.verifyFirst = true; continue;
        case '--unsafe': f.unsafe = true; continue;
        // bpftrace 0.17 still takes its old --btf / -b ("force BTF", no longer in its --help): BTF is always read here
        case '--btf': case '-b': continue;
        case '-h': case '--help': throw new BpfError('EINVAL', USAGE);
      }
      throw new UsageError(`unknown option '${a}'`, USAGE);
    }
    if (f.list && f.listPattern === undefined) f.listPattern = a;
    else if (f.e === undefined && f.file === undefined && !f.list) f.file = a;
    else f.positional.push(a);
  }
  if (!f.list && f.e === undefined && f.file === undefined) throw new UsageError('no program given', USAGE);
  return f;
}

export async function main(argv: string[]): Promise<number> {
  const flags = parseTraceFlags(argv);
  const outFd = flags.o ? openSync(flags.o, 'w') : 1;
  // whole: one writeSync to a pipe stops at 64 KiB (`tsbpf trace -l | wc -c` said 65536)
  const write = (s: string): void => writeAll(outFd, outputBytes(s), flags.o ?? 'stdout');
  try {
    if (flags.list) return await list(flags, write);
    return await runTrace(flags, write);
  } finally {
    if (flags.o) closeSync(outFd);
  }
}

/** the kernel's BTF, read on demand (a script that never names a kernel type never reads its 5 MB) */
async function kernelBtfLoader(): Promise<() => import('../../btf/lazy.js').LazyBtf | undefined> {
  const { LazyBtf } = await import('../../btf/lazy.js');
  let btf: import('../../btf/lazy.js').LazyBtf | undefined;
  let done = false;
  return () => {
    if (!done) {
      done = true;
      const path = '/sys/kernel/btf/vmlinux';
      if (existsSync(path)) btf = new LazyBtf(new Uint8Array(readFileSync(path)));
    }
    return btf;
  };
}

/**
 * A module's split BTF on the kernel's (/sys/kernel/btf/MODULE, read by btf/lazy.ts as libbpf's
 * btf__new_split reads it), or undefined when the module has none or the kernel has no BTF.
 */
async function moduleBtfLoader(base: () => import('../../btf/lazy.js').LazyBtf | undefined): Promise<(m: string) => import('../../btf/lazy.js').LazyBtf | undefined> {
  const { LazyBtf } = await import('../../btf/lazy.js');
  return (m) => {
    const path = `/sys/kernel/btf/${m}`;
    const b = base();
    if (!b || /[/.]/.test(m) || !existsSync(path)) return undefined;
    return new LazyBtf(new Uint8Array(readFileSync(path)), b);
  };
}

/** the modules with BTF: /sys/kernel/btf's files but vmlinux */
function btfModules(): string[] {
  try {
    return readdirSync('/sys/kernel/btf').filter((n) => n !== 'vmlinux');
  } catch {
    return [];
  }
}

async function list(flags: Flags, write: (s: string) => void): Promise<number> {
  const { listProbes } = await import('../../lang/bpftrace/list.js');
  const kfunc = /^(kfunc|kretfunc|f|fr)\b/.test(flags.listPattern ?? '');
  const btf = kfunc ? (await kernelBtfLoader())() : undefined;
  const moduleBtf = kfunc ? await moduleBtfLoader(() => btf) : undefined;
  const { functionNames } = await import('../../lang/bpftrace/probes.js');
  const { resolveBinary } = await import('../../kernel/elf_symbols.js');
  const { usdtSites } = await import('../../kernel/usdt.js');
  const { uprobeArgs } = await import('../../lang/bpftrace/uprobe_args.js');
  const lines = listProbes(flags.listPattern, {
    verbose: flags.verbose,
    btf: () => btf,
    modules: btfModules,
    moduleBtf,
    userFunctions: (t) => {
      const path = resolveBinary(t);
      return { path, names: functionNames(path) };
    },
    userArgs: (path, fn) => {
      try {
        return uprobeArgs(path, fn, { line: 0, col: 0, endLine: 0, endCol: 0 }).params.map((p) => `${p.type.name} ${p.name}`);
      } catch {
        return [];
      }
    },
    usdtProbes: (t) => {
      const path = resolveBinary(t);
      return { path, probes: usdtSites(path).sites };
    },
  });
  if (flags.f === 'json') {
    // one JSON document: each probe, with -v its fields or arguments (the indented lines under it)
    const probes: { probe: string; args?: string[] }[] = [];
    for (const l of lines) {
      if (/^\s/.test(l) && probes.length) (probes[probes.length - 1]!.args ??= []).push(l.trim());
      else probes.push({ probe: l });
    }
    write(JSON.stringify(probes, null, flags.pretty ? 2 : undefined) + '\n');
  } else if (lines.length) write(lines.join('\n') + '\n');
  return 0;
}

async function runTrace(flags: Flags, write: (s: string) => void): Promise<number> {
  const { compile } = await import('../../lang/bpftrace/compile.js');
  const { ScriptError, formatScriptError } = await import('../../lang/bpftrace/errors.js');
  const file = flags.e !== undefined ? 'stdin' : flags.file!;
  let source: string;
  // the script as bytes (scriptBytes): a literal "café" is the 5 bytes bpftrace stores
  if (flags.e !== undefined) source = scriptBytes(flags.e);
  else {
    try {
      source = readFileSync(flags.file!, 'latin1');
    } catch (e) {
      // bpftrace's words for a missing script; any other failure (EISDIR, EACCES) by its own errno
      if ((e as { code?: unknown }).code === 'ENOENT') throw new BpfError('ENOENT', `failed to open file '${flags.file}': No such file or directory`);
      throw systemError(e, flags.file!, 'cannot read') ?? e;
    }
    // an object file where a script was expected (`trace -q OBJ`): say so rather than print its bytes as a syntax error
    if (source.startsWith('\x7fELF')) throw new BpfError('EINVAL', `${flags.file} is an ELF object, not a bpftrace script: run an object with tsbpf trace OBJ --data-in F | --pcap FILE`);
  }
  // BTF only when the script names kernel types (curtask, struct casts, args pointers into structs)
  let btfTypes: import('../../lang/bpftrace/types.js').BtfTypes | undefined;
  let btfLoaded = false;
  const loadBtf = await kernelBtfLoader();
  const { BtfTypes } = await import('../../lang/bpftrace/types.js');
  const btf = (): typeof btfTypes => {
    if (!btfLoaded) {
      btfLoaded = true;
      const b = loadBtf();
      btfTypes = b ? new BtfTypes(b) : undefined;
    }
    return btfTypes;
  };
  // kfunc:MODULE:F: the module's split BTF on vmlinux's, read when a probe names the module
  const moduleBtf = await moduleBtfLoader(loadBtf);
  const moduleBtfs = new Map<string, InstanceType<typeof BtfTypes> | undefined>();
  const loadModuleBtf = (m: string): InstanceType<typeof BtfTypes> | undefined => {
    const b = moduleBtf(m);
    return b ? new BtfTypes(b) : undefined;
  };
  let child: import('../../lang/bpftrace/child.js').Child | undefined;
  if (flags.c && !flags.dryRun) {
    const { Child } = await import('../../lang/bpftrace/child.js');
    // only a script that reads cpid needs the pid before compiling; otherwise the command is
    // started once the probes are attached, as bpftrace lets it run then
    child = /\bcpid\b/.test(source) ? Child.spawnPaused(flags.c) : Child.later(flags.c);
  }
  const backendMod = flags.dryRun ? undefined : await import('../../lang/bpftrace/kernel_backend.js');
  // a script error (compile or verify) ends the run with its caret-pointed message and the -c child gone
  const failed = (e: unknown): number => {
    child?.kill();
    if (!(e instanceof ScriptError)) throw e;
    writeErr(formatScriptError(e, source, file) + '\n');
    return 1;
  };
  let compiled;
  try {
    compiled = compile(source, {
      file, positional: flags.positional.map(scriptBytes), cpid: child?.pid ?? 0, btf, filterPid: flags.p, strlen: envStrlen(),
      unsafe: flags.unsafe, helperCheck: flags.helperCheck, mapKeysMax: envMapKeysMax(), maxProbes: envPositive('BPFTRACE_MAX_PROBES'),
      moduleBtf: (m) => moduleBtfs.get(m) ?? moduleBtfs.set(m, loadModuleBtf(m)).get(m),
      warn: (m) => writeErr(m + '\n'),
      startNs: process.hrtime.bigint(), kallsyms: () => backendMod?.kallsymsByName() ?? new Map(),
      cgroupId,
    });
  } catch (e) {
    return failed(e);
  }
  // tsbpf's verifier before the kernel's when asked, or when there is no kernel to ask
  if (flags.verifyFirst || flags.verbose || flags.dryRun) {
    const { verifyAll } = await import('../../lang/bpftrace/verify_programs.js');
    try {
      verifyAll(compiled);
    } catch (e) {
      return failed(e);
    }
  }
  if (flags.debug || flags.verbose) {
    const { disassemble } = await import('../../asm/disasm.js');
    for (const p of compiled.probes) {
      if (flags.debug) writeErr(`${p.target.name} (BPF_PROG_TYPE_${p.progType}, ${p.insns.length} insns):\n${disassemble(p.insns, { syntax: 'kernel' })}\n`);
      if (flags.verbose && p.stats) writeErr(`${p.target.name}: processed ${p.stats.processed} insns (limit 1000000) max_states_per_insn ${p.stats.maxStatesPerInsn} total_states ${p.stats.totalStates} peak_states ${p.stats.peakStates} mark_read ${p.stats.markRead}\n`);
    }
  }
  if (flags.dryRun) return 0;
  const { runScript } = await import('../../lang/bpftrace/run.js');
  const ac = new AbortController();
  const onSig = (sig: NodeJS.Signals): void => ac.abort(sig);
  // Until the probes are attached, SIGINT and SIGTERM keep their default action: a Ctrl-C while
  // the kernel verifies a program (one BPF_PROG_LOAD can take seconds, and koffi's call does not
  // return to the event loop until it ends) ends the process at once, silently, with the status a
  // shell reports as 130; the kernel frees the maps, programs and perf links with the process's
  // fds, and the held -c command never starts (its read of the go-ahead fails). bpftrace 0.17
  // instead finishes every load and attach, starts -c and only then stops (measured: 24-26 s for
  // `tracepoint:syscalls:sys_enter_*` here). After attaching, Ctrl-C ends the run as bpftrace's
  // does: END, then the maps.
  const arm = (): void => {
    process.once('SIGINT', onSig);
    process.once('SIGTERM', onSig);
  };
  try {
    return await runScript(compiled, backendMod!.kernelBackend(), {
      format: flags.f, write, quiet: flags.quiet, pid: flags.p, child, signal: ac.signal, attached: arm,
      warnAt: (msg, loc) => writeErr(formatScriptError(new ScriptError(msg, loc), source, file, 'WARNING') + '\n'),
    });
  } catch (e) {
    if (e instanceof ScriptError) {
      writeErr(formatScriptError(e, source, file) + '\n');
      return 1;
    }
    throw e;
  } finally {
    process.off('SIGINT', onSig);
    process.off('SIGTERM', onSig);
    child?.kill();
  }
}
