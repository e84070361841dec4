/**
 * Ending the process without losing output. On Linux, writes to a pipe are asynchronous: a
 * `process.exit()` right after a large `process.stdout.write` drops whatever the pipe had not
 * taken yet (the first 64 KiB arrived, the rest was lost). So the exit waits until stdout and
 * stderr have handed everything to the kernel. A reader that closes the pipe early (`| head -1`)
 * makes the next write fail with EPIPE: the command's output is no longer wanted, so the process
 * ends quietly instead of raising an error.
 *
 * Also the entry of a command bundled alone (cli/filter_entry.ts) and of `npm run bench`: one
 * command, with the whole CLI's parsing, help, errors and exit.
 */
import { writeSync } from 'node:fs';
import { BpfError, systemError } from '../isa/errors.js';
import type { Command } from './command.js';
import { report, runCommand, setWhere, whereNow } from './report.js';

/** resolve once everything written so far to `s` has left the process */
function drained(s: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (s.destroyed || !s.writable) return resolve();
    s.write('', () => resolve());
  });
}

/** the standard streams something has created (a stream never created holds nothing to drain) */
const created = new Set<NodeJS.WriteStream>();

/**
 * The standard streams a write failed on (ENOSPC: `> /dev/full` or a full disk; EIO), each reported
 * once. Without this the output was lost with exit 0 (the error arrived after the exit), or the
 * report itself failed on the same stream and was reported again, forever (-j writes errors to stdout).
 */
const failed = new Set<NodeJS.WriteStream>();

function streamFailed(s: NodeJS.WriteStream, e: NodeJS.ErrnoException): void {
  // the reader went away: nothing more can be said to it, and nothing went wrong here
  if (e.code === 'EPIPE') process.exit(0);
  if (failed.has(s)) return;
  failed.add(s);
  const name = s === process.stderr ? 'stderr' : 'stdout';
  const err = systemError(e, name, 'cannot write') ?? new BpfError('EIO', `cannot write ${name}: ${e.message}`);
  // straight to fd 2 (a failed stdout cannot carry -j's {"error": …}; a failed stderr gets nothing)
  // nothing can be said; the exit code stays the command's (tcpdump's summary line lost is no failure)
  if (name === 'stderr') return;
  try {
    writeSync(2, `${whereNow()}: ${err.message}\n`);
  } catch {
    // stderr is gone too: the exit code is all that is left
  }
  // the output is lost: stop the command (a long run, a stream of events) now
  void finish(1);
}

export async function finish(code: number): Promise<never> {
  await Promise.all([...created].filter((s) => !failed.has(s)).map(drained));
  // a write that failed after its data was handed over (a file stream reports it a tick later)
  for (const s of created) {
    const e = (s as { errored?: Error | null }).errored;
    if (e && !failed.has(s)) streamFailed(s, e as NodeJS.ErrnoException);
  }
  process.exit(code === 0 && [...failed].some((s) => s !== process.stderr) ? 1 : code);
}

/**
 * `f(process[name])` once something first reads `process[name]`. Node creates the standard
 * streams on first use (lib/internal/bootstrap/switches/is_main_thread.js, getStdout): ~5 ms of
 * CPU for a pipe (node:net, node:stream), which `tsbpf trace`, writing with fs.writeSync, would
 * otherwise pay before attaching its probes.
 */
function whenCreated(name: 'stdout' | 'stderr', f: (s: NodeJS.WriteStream) => void): void {
  const d = Object.getOwnPropertyDescriptor(process, name);
  if (!d?.get || !d.configurable) return f(process[name]);
  Object.defineProperty(process, name, {
    configurable: true,
    enumerable: d.enumerable,
    get() {
      Object.defineProperty(process, name, d);
      const s = process[name];
      f(s);
      return s;
    },
  });
}

/** EPIPE ends quietly, another write error exits 1 once; an error thrown from a callback after a command returned is reported */
export function guard(): void {
  for (const name of ['stdout', 'stderr'] as const) {
    whenCreated(name, (s) => {
      created.add(s);
      s.on('error', (e: NodeJS.ErrnoException) => streamFailed(s, e));
    });
  }
  process.on('uncaughtException', (e) => void finish(report(e)));
  process.on('unhandledRejection', (e) => void finish(report(e)));
}

/** a program with one command (`npm run bench`): the same parsing, help, errors and exit */
export async function runStandalone(c: Command, argv: string[]): Promise<never> {
  guard();
  setWhere(`${c.program ?? 'tsbpf'} ${c.name}`);
  let code: number;
  try {
    code = await runCommand(c, argv);
  } catch (e) {
    code = report(e);
  }
  return finish(code);
}

/**
 * The runCli of a command's own bundle (filter_entry.ts, trace_entry.ts): argv as bin/tsbpf.js has
 * it, the command's name first, run as through the whole CLI.
 */
export const commandCli = (c: Command) => (argv: string[]): Promise<never> => runStandalone(c, argv.slice(1));
