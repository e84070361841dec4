/**
 * The `tsbpf` command's entry point (bin/tsbpf.js, the bundle scripts/bundle-cli.mjs builds from
 * here): the whole command table, then the exit that waits for the output (process_end.ts).
 */
import { main } from './main.js';
import { finish, guard } from './process_end.js';

export { runStandalone } from './process_end.js';

/** the bin entry point: run argv, drain output, exit with 0, 1 or 2 */
export async function runCli(argv: string[]): Promise<never> {
  guard();
  return finish(await main(argv));
}
