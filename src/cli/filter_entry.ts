/**
 * `tsbpf filter` alone: the entry of the filter's own bundle (scripts/bundle-cli.mjs writes
 * dist/src/cli/bundle-filter.cjs from it; bin/tsbpf.js runs it when the first word is exactly
 * `filter`). The same command module, parsing, errors and exit as through the whole CLI
 * (exit.ts), without the command table, which would pull every other command into the bundle:
 * `tsbpf filter` is often run on small files, where start-up is most of its time.
 */
import { command } from './commands/filter.js';
import { commandCli } from './process_end.js';

/** argv as bin/tsbpf.js has it: ['filter', ...] */
export const runCli = commandCli(command);
