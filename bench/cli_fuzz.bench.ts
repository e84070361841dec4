/**
 * The larger CLI fuzz run (test/cli/fuzz_lib.ts): 3000 hostile command lines (600 with --quick),
 * the commands and verbs of the tables in turn, seeds 100.. so each run of `npm run bench` covers
 * the same ground. The table counts exit codes, the runs of the command with the fewest, and the
 * rule-breakers (hangs, stack traces, internal errors, exit codes other than 0/1/2), which should be
 * none; the CI test (test/cli/fuzz.test.ts) runs 16 per command with seed 1.
 */
import { registerBench } from './registry.js';
import { fuzzCli } from '../test/cli/fuzz_lib.js';

registerBench({
  name: 'cli-fuzz',
  async run({ quick }) {
    const seeds = quick ? [100] : [100, 101, 102];
    const runs = quick ? 600 : 1000;
    const rows: (string | number)[][] = [];
    const notes: string[] = [];
    for (const seed of seeds) {
      const r = await fuzzCli({ seed, runs });
      const per = Object.entries(r.byCommand).filter(([k]) => k !== 'stray');
      rows.push([seed, r.runs, per.length, Math.min(...per.map(([, v]) => v.runs)), r.byCode['0'] ?? 0, r.byCode['1'] ?? 0, r.byCode['2'] ?? 0, r.failures.length, (r.ms / r.runs).toFixed(1)]);
      for (const f of r.failures.slice(0, 5)) notes.push(`seed ${seed}: ${f.problem}: tsbpf ${f.argv.map((a) => JSON.stringify(a)).join(' ')}`);
    }
    return { title: 'CLI fuzz: hostile command lines over every command (no hang, stack trace, internal error; exit 0/1/2)', columns: ['seed', 'runs', 'commands', 'fewest runs', 'exit 0', 'exit 1', 'exit 2', 'broke a rule', 'ms per run'], rows, notes };
  },
});
