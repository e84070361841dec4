/**
 * The CLI under hostile input (fuzz_lib.ts): a fixed seed, 16 command lines for every command and
 * verb of the tables (allCommands: a new command is fuzzed without a change here), each with a
 * timeout. No run may hang, print a stack trace or an internal error, or exit with a code other than
 * 0, 1 or 2. `npm run bench` runs a larger one (bench/cli_fuzz.bench.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fuzzCli } from './fuzz_lib.js';
import { allCommands } from '../../src/cli/registry.js';
import { commands } from '../../src/cli/main.js';

const PER_COMMAND = 16;

test(`CLI fuzz (seed 1, ${PER_COMMAND} runs per command and verb): no hang, no stack trace, no internal error, exit codes 0/1/2 only`, async () => {
  const cmds = await allCommands(commands);
  const rep = await fuzzCli({ seed: 1, runs: Math.ceil((PER_COMMAND * cmds.length) / 0.95), log: (s) => console.error(s) });
  console.error(`fuzz: ${rep.runs} runs, exit codes ${JSON.stringify(rep.byCode)}, ${(rep.ms / rep.runs).toFixed(1)} ms per run`);
  // the runs reached the commands: usage errors, failures and successes all occur
  assert.ok((rep.byCode['0'] ?? 0) > 10 && (rep.byCode['1'] ?? 0) > 50 && (rep.byCode['2'] ?? 0) > 20, JSON.stringify(rep.byCode));
  for (const c of cmds) {
    const per = rep.byCommand[c.name];
    assert.ok(per && per.runs >= PER_COMMAND - 2, `${c.name}: ${per?.runs ?? 0} runs`);
    // past the option parser into the command itself (exit 0 or 1), except the live commands, which
    // are only given argument errors and --help
    if (!c.live) assert.ok(per.reached > 0, `${c.name}: every run stopped at a usage error`);
  }
  assert.deepEqual(rep.failures.map((f) => `${f.problem}: ${f.argv.join(' ')}`), []);
});
