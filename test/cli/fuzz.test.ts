/**
 * The CLI under hostile input (fuzz_lib.ts): a fixed seed, a few hundred command lines over every
 * command, each with a timeout. No run may hang, print a stack trace or an internal error, or exit
 * with a code other than 0, 1 or 2. `npm run bench` runs a larger one (bench/cli_fuzz.bench.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fuzzCli } from './fuzz_lib.js';

test('CLI fuzz (seed 1, 400 runs): no hang, no stack trace, no internal error, exit codes 0/1/2 only', async () => {
  const rep = await fuzzCli({ seed: 1, runs: 400, log: (s) => console.error(s) });
  // the runs reached the commands: usage errors, failures and successes all occur
  assert.ok((rep.byCode['0'] ?? 0) > 10 && (rep.byCode['1'] ?? 0) > 50 && (rep.byCode['2'] ?? 0) > 20, JSON.stringify(rep.byCode));
  assert.deepEqual(rep.failures.map((f) => `${f.problem}: ${f.argv.join(' ')}`), []);
});
