/**
 * The command layer every `tsbpf` command goes through: one option table per command (or verb)
 * from which both the parser and `--help` are made, so help and parsing never drift.
 *
 * How to add a command (or a verb of `prog`, `map`, …):
 *
 * 1. In its module under src/cli/commands/, describe it with `defineCommand`:
 *
 *        export const command = defineCommand({
 *          name: 'prog show',                       // the words that reach it (for usage lines)
 *          summary: 'show loaded programs (bpftool prog show)',
 *          args: '[id ID | pinned PATH]',           // synopsis of the positionals
 *          minArgs: 0, maxArgs: 2,                  // checked here: a wrong count is a usage error
 *          options: {
 *            engine: { type: 'string', arg: 'E', choices: ['interpreter', 'jit'], help: 'engine to run on' },
 *            count: { type: 'string', short: 'c', arg: 'N', help: 'stop after N packets' },
 *            quiet: { type: 'boolean', short: 'q', help: 'no per-packet lines' },
 *          },
 *          examples: ['tsbpf prog show id 12'],
 *          run(a) {                                 // a.values typed from the table; a.args; a.json; a.pretty
 *            …
 *            return 0;                              // 0 ok; throw BpfError for a failure (exit 1)
 *          },
 *        });
 *
 *    A command that attaches to the running system or runs until stopped (`attach`, `ui`)
 *    says `live: true`, so the CLI fuzz test checks its argument errors but never runs it.
 *
 * 2. Register it in one line: a top-level command in src/cli/main.ts (`registerCommand(name,
 *    summary, load)`), a verb in its group's module (`prog.ts`: `progVerbs.register(…)`). The load
 *    function imports the module lazily, so `tsbpf --help` stays fast.
 *
 * What the layer does for every command, so commands don't: `-h/--help` (and `tsbpf help CMD`);
 * the global `-j/--json` and `-p/--pretty` (bpftool's; `-p` implies `-j`) wherever they appear,
 * unless the command's own table claims the letter (bpftrace's `-p PID`); long options by unique
 * prefix as getopt_long takes them, commands and verbs by unique prefix as bpftool takes them;
 * an unknown option, a missing value or a wrong number of arguments → the usage line on stderr
 * and exit 2; `choices` checked (EINVAL, exit 1). Errors: throw BpfError (exit 1); a Node file
 * error (ENOENT, EISDIR, EACCES, ENOTDIR…) is turned into a BpfError naming the path by main.ts.
 * Output: write with console.log/process.stdout.write; main.ts drains stdout and stderr before
 * the process exits, and a reader that closes the pipe (`| head -1`) ends the command quietly.
 * Exit codes are only 0 (success), 1 (failure) and 2 (usage).
 */
import { BpfError } from '../isa/errors.js';

export interface OptionDef {
  type: 'string' | 'boolean';
  /** one-letter alias (`-c`) */
  short?: string;
  /** the value's name in help (`--count N`) */
  arg?: string;
  /** a string option given several times collects every value */
  multiple?: boolean;
  default?: string;
  /** allowed values: anything else is EINVAL naming them */
  choices?: readonly string[];
  help: string;
  /** parsed but not listed (old spellings kept working) */
  hidden?: boolean;
}
export type OptionTable = Record<string, OptionDef>;

type ValueOf<D extends OptionDef> = D['type'] extends 'boolean' ? boolean : D['multiple'] extends true ? string[] : string;
/** booleans are false and multiples [] when absent; a string is undefined unless it has a default */
export type Values<O extends OptionTable> = {
  [K in keyof O]: O[K]['type'] extends 'boolean' ? boolean : O[K]['multiple'] extends true ? string[] : O[K]['default'] extends string ? ValueOf<O[K]> : ValueOf<O[K]> | undefined;
};

export interface Parsed<O extends OptionTable> {
  values: Values<O>;
  /** the positional words, in order */
  args: string[];
  /** -j/--json (or -p) was given */
  json: boolean;
  /** -p/--pretty was given */
  pretty: boolean;
  /** the options actually written on the command line (not defaulted) */
  given: Set<string>;
}

export interface CommandSpec<O extends OptionTable = OptionTable> {
  /** the words that reach it: 'asm', 'prog run' */
  name: string;
  /** the program the words follow (default 'tsbpf'; 'npm run bench --') */
  program?: string;
  summary: string;
  /** synopsis of the positional arguments for the usage line ('OBJ', 'dump [file] FILE [format c|raw]') */
  args?: string;
  /** several usage forms, each printed after `tsbpf NAME` (default: `[OPTIONS] ARGS`) */
  forms?: string[];
  minArgs?: number;
  maxArgs?: number;
  options: O;
  /** more text for --help: what the command does, what its output means */
  description?: string;
  examples?: string[];
  /** leave words that look like options alone (the conformance runner passes its own) */
  passUnknown?: boolean;
  /** rewrite argv before parsing (tcpdump's -dd / -ddd, bpftool's keyword forms) */
  preprocess?: (argv: string[]) => string[];
  /** the command's own -j/-p are not the global ones */
  noGlobals?: boolean;
  /**
   * it attaches to the running kernel, serves, or runs until stopped: the CLI fuzz test
   * (test/cli/fuzz_lib.ts) then checks only its argument errors, never runs it
   */
  live?: boolean;
  run: (a: Parsed<O>) => Promise<number> | number;
}

export type Command = CommandSpec<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** identity with types: the option table's keys and types reach `run`'s `a.values` */
export function defineCommand<const O extends OptionTable>(spec: CommandSpec<O>): CommandSpec<O> {
  return spec;
}

/** a usage mistake: main.ts prints the message, the usage line, and exits 2 */
export class UsageError extends Error {
  constructor(message: string, readonly usage: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const GLOBAL_OPTIONS: OptionTable = {
  json: { type: 'boolean', short: 'j', help: 'JSON output (bpftool\'s -j)' },
  pretty: { type: 'boolean', short: 'p', help: 'pretty-printed JSON (implies -j)' },
  help: { type: 'boolean', short: 'h', help: 'print this help and exit' },
};

/** the first usage line(s): `usage: tsbpf NAME FORM` */
export function usageLine(c: Command): string {
  const forms = c.forms ?? [`${Object.keys(c.options).some((k) => !c.options[k]!.hidden) ? '[OPTIONS] ' : ''}${c.args ?? ''}`.trim()];
  return forms.map((f, i) => `${i ? '       ' : 'usage: '}${c.program ?? 'tsbpf'} ${c.name}${f ? ' ' + f : ''}`).join('\n');
}

function optionLabel(name: string, d: OptionDef): string {
  const long = `--${name}${d.type === 'string' ? ` ${d.arg ?? 'VALUE'}` : ''}`;
  return d.short ? `-${d.short}, ${long}` : `    ${long}`;
}

function optionHelp(d: OptionDef): string {
  const extra: string[] = [];
  if (d.choices) extra.push(`one of ${d.choices.join(', ')}`);
  if (d.default !== undefined) extra.push(`default ${d.default}`);
  if (d.multiple) extra.push('repeatable');
  return extra.length ? `${d.help} (${extra.join('; ')})` : d.help;
}

/** rows of [label, help] for a table of options (help, the reference doc) */
export function optionRows(table: OptionTable): [string, string][] {
  return Object.entries(table).filter(([, d]) => !d.hidden).map(([n, d]) => [optionLabel(n, d), optionHelp(d)]);
}

export function helpText(c: Command): string {
  const out = [usageLine(c), '', c.summary];
  if (c.description) out.push('', c.description.trim());
  const rows = optionRows(c.options);
  const globals = optionRows(c.noGlobals ? { help: GLOBAL_OPTIONS.help! } : GLOBAL_OPTIONS).filter(([l]) => !rows.some(([m]) => m === l));
  const w = Math.max(0, ...[...rows, ...globals].map(([l]) => l.length));
  if (rows.length) out.push('', 'options:', ...rows.map(([l, h]) => `  ${l.padEnd(w)}  ${h}`));
  out.push('', 'global options:', ...globals.map(([l, h]) => `  ${l.padEnd(w)}  ${h}`));
  if (c.examples?.length) out.push('', 'examples:', ...c.examples.map((e) => `  ${e}`));
  return out.join('\n') + '\n';
}

/** the one entry of `names` that `word` is or begins (bpftool matches commands by prefix) */
export function matchPrefix(word: string, names: readonly string[]): string | undefined | string[] {
  if (names.includes(word)) return word;
  const hits = names.filter((n) => n.startsWith(word)).sort();
  return hits.length === 1 ? hits[0] : hits.length ? hits : undefined;
}

/** parse argv against the command's table (and the global options); throws UsageError */
export function parseCommand<O extends OptionTable>(c: CommandSpec<O>, argv: string[]): Parsed<O> & { help: boolean } {
  const usage = usageLine(c);
  const table: OptionTable = { ...(c.noGlobals ? { help: GLOBAL_OPTIONS.help! } : GLOBAL_OPTIONS), ...c.options };
  const longNames = Object.keys(table);
  const byShort = new Map<string, string>();
  for (const [n, d] of Object.entries(table)) if (d.short) byShort.set(d.short, n);
  const vals: Record<string, unknown> = {};
  const given = new Set<string>();
  const args: string[] = [];
  const words = c.preprocess ? c.preprocess(argv) : argv;
  const set = (name: string, value: string | boolean): void => {
    const d = table[name]!;
    given.add(name);
    if (d.multiple) ((vals[name] ??= []) as string[]).push(value as string);
    else vals[name] = value;
  };
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w === '--') {
      args.push(...words.slice(i + 1));
      break;
    }
    if (w.startsWith('--') && w.length > 2) {
      const eq = w.indexOf('=');
      const key = eq >= 0 ? w.slice(2, eq) : w.slice(2);
      const m = matchPrefix(key, longNames);
      if (m === undefined || Array.isArray(m)) {
        if (c.passUnknown) continue;
        throw new UsageError(Array.isArray(m) ? `option '--${key}' is ambiguous (${m.map((x) => '--' + x).join(', ')})` : `unknown option '--${key}'`, usage);
      }
      const d = table[m]!;
      if (d.type === 'boolean') {
        if (eq >= 0) throw new UsageError(`option '--${m}' takes no value`, usage);
        set(m, true);
      } else if (eq >= 0) set(m, w.slice(eq + 1));
      else {
        if (i + 1 >= words.length) throw new UsageError(`option '--${m}' needs a value (${d.arg ?? 'VALUE'})`, usage);
        set(m, words[++i]!);
      }
      continue;
    }
    if (w.startsWith('-') && w.length > 1 && !/^-\d/.test(w)) {
      // -abc: booleans bundled; a string option takes the rest of the word or the next word
      for (let j = 1; j < w.length; j++) {
        const name = byShort.get(w[j]!);
        if (name === undefined) {
          if (c.passUnknown) break;
          throw new UsageError(`unknown option '-${w[j]}'`, usage);
        }
        if (table[name]!.type === 'boolean') {
          set(name, true);
          continue;
        }
        const rest = w.slice(j + 1);
        if (rest) set(name, rest);
        else {
          if (i + 1 >= words.length) throw new UsageError(`option '-${w[j]}' needs a value (${table[name]!.arg ?? 'VALUE'})`, usage);
          set(name, words[++i]!);
        }
        break;
      }
      continue;
    }
    args.push(w);
  }
  const help = vals.help === true;
  for (const [n, d] of Object.entries(table)) {
    if (vals[n] === undefined) vals[n] = d.type === 'boolean' ? false : d.multiple ? [] : d.default;
    const v = vals[n];
    if (d.choices && v !== undefined && !help) {
      for (const x of Array.isArray(v) ? v : [v]) {
        if (!d.choices.includes(x as string)) throw new BpfError('EINVAL', `--${n} '${x}': expected one of ${d.choices.join(', ')}`);
      }
    }
  }
  if (!help) {
    if (c.minArgs !== undefined && args.length < c.minArgs) throw new UsageError(args.length ? 'too few arguments' : `missing ${c.args ?? 'arguments'}`, usage);
    if (c.maxArgs !== undefined && args.length > c.maxArgs) throw new UsageError(`unexpected argument '${args[c.maxArgs]}'`, usage);
  }
  const own = (n: string): boolean => n in c.options;
  const pretty = !c.noGlobals && !own('pretty') && vals.pretty === true;
  const json = pretty || (!c.noGlobals && !own('json') && vals.json === true) || (own('json') && vals.json === true);
  return { values: vals as Values<O>, args, json, pretty, given, help };
}

/**
 * A command as a function of its words (for tests and programs that call one command in-process):
 * --help prints the help; errors are thrown, as BpfError or UsageError, for the caller to report.
 */
export function mainOf(c: Command): (argv: string[]) => Promise<number> {
  return async (argv) => {
    const a = parseCommand(c, argv);
    if (a.help) {
      process.stdout.write(helpText(c));
      return 0;
    }
    return c.run(a);
  };
}
