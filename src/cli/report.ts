/**
 * What every command shares once its name is known: running it from its argument words (help,
 * parsing, the exit code) and reporting what it throws (a usage error with exit 2, a BpfError or
 * system error as one sentence with exit 1, bpftool's `{"error": …}` on stdout under -j). A
 * module of its own, apart from the command table (main.ts), so that a command bundled alone
 * (scripts/bundle-cli.mjs, `tsbpf filter`) runs through the same code without the table pulling
 * in every other command.
 */
import { BpfError, systemError } from '../isa/errors.js';
import { helpText, parseCommand, UsageError, type Command } from './command.js';

/** where an error is reported from: 'tsbpf prog run' */
let where = 'tsbpf';
/** -j/-p was given: an error is a JSON object on stdout, as bpftool's json_writer prints it (p_err) */
let jsonErrors = false;

/** the name errors are reported under now ('tsbpf prog run') */
export const whereNow = (): string => where;

/** the command's name for its error messages; errors are text until the command's -j is seen */
export function setWhere(name: string): void {
  where = name;
  jsonErrors = false;
}

/**
 * Parse `argv` (after the command's words; `globals` are -j/-p given before them) and run the
 * command; returns 0, 1 or 2 and throws what the command throws.
 */
export async function runCommand(c: Command, argv: string[], globals: string[] = []): Promise<number> {
  // the leading -j/-p already count for parseCommand's own errors (an EINVAL choice), before a.json exists
  jsonErrors = globals.length > 0;
  const a = parseCommand(c, [...globals, ...argv]);
  jsonErrors = a.json;
  if (a.help) {
    process.stdout.write(helpText(c));
    return 0;
  }
  const code = await c.run(a);
  // 128 + N: ended by signal N, as a shell reports it (trace interrupted by Ctrl-C: 130)
  return code === 0 || code === 1 || code === 2 || (code > 128 && code < 160) ? code : 1;
}

/** the message and exit code for anything a command throws */
export function report(e: unknown): number {
  if (e instanceof UsageError) {
    console.error(`${where}: ${e.message}\n${e.usage}`);
    return 2;
  }
  const err = e instanceof BpfError ? e : systemError(e);
  // the reader closed the pipe: the output is no longer wanted (exit.ts ends quietly for the same reason)
  if (err?.errno === 'EPIPE') return 0;
  if (err) {
    // bpftool -j prints {"error":"…"} on stdout and nothing on stderr, so `… -j | jq` always gets JSON;
    // the errno name travels as its own field
    if (jsonErrors) process.stdout.write(JSON.stringify({ error: `${where}: ${err.message}`, errno: err.errno }) + '\n');
    else console.error(`${where}: ${err.message}`);
    return 1;
  }
  const x = e as Error;
  const text = x && typeof x === 'object' && 'message' in x ? `${x.name}: ${x.message}` : String(e);
  if (process.env.TSBPF_DEBUG === '1' && x?.stack) console.error(x.stack);
  console.error(`${where}: internal error: ${text.split('\n')[0]}${process.env.TSBPF_DEBUG === '1' ? '' : ' (TSBPF_DEBUG=1 prints the stack)'}`);
  return 1;
}
