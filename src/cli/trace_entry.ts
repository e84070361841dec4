/**
 * `tsbpf trace` alone: the entry of the trace command's own bundle (scripts/bundle-cli.mjs writes
 * dist/src/cli/bundle-trace.cjs from it; bin/tsbpf.js runs it when the first word is exactly
 * `trace`), as filter_entry.ts is filter's: the start-up of `tsbpf trace -e` is measured against
 * bpftrace's (bench/trace_startup.ts), and reading and deserializing every other command's code
 * was part of it.
 */
import { command } from './commands/trace.js';
import { commandCli } from './process_end.js';

/** argv as bin/tsbpf.js has it: ['trace', ...] */
export const runCli = commandCli(command);
