/**
 * The verifier's verdicts, statistics and whole logs (levels 0-2, JSON trace) are pinned in
 * test/golden/verifier-logs.digest (see ./log_digest.ts): speed work on src/verifier/ must not
 * change a line. By default a quarter of the runs (every key whose digest falls in one bucket,
 * about 1700 runs, a few seconds); VLOG_FULL=1 runs all of them, and
 * `node dist/test/verifier_checks/log_digest.js [--full]` does the same from the command line
 * (`--update` rewrites the file after a deliberate change of the log).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { digestCases, line, readGolden } from './log_digest.js';
import { sharedSkip } from '../shared_data.js';

const FULL = process.env.VLOG_FULL === '1';
const picked = (key: string): boolean => FULL || createHash('sha1').update(key).digest()[0]! % 4 === 0;

// the pinned set includes the test_verifier corpus and the cilium objects from ../shared
const skip = sharedSkip('corpora/test_verifier/tests-5.10.jsonl') || sharedSkip('corpora/cilium-elf/elf_summary.jsonl');

test('verifier verdicts and logs are the pinned ones', { skip }, () => {
  const golden = readGolden();
  assert.ok(golden.size > 6000, `${golden.size} pinned runs`);
  let n = 0;
  const diffs: string[] = [];
  for (const c of digestCases(false)) {
    if (!picked(c.key)) continue;
    const g = golden.get(c.key);
    assert.ok(g !== undefined, `${c.key} is not in the golden file (run log_digest.js --update after checking it)`);
    let l: string;
    try {
      l = line(c.key, c.run());
    } catch (e) {
      l = `${c.key}\tTHREW ${(e as Error).message.split('\n')[0]}`;
    }
    n++;
    if (l !== g) diffs.push(`golden: ${g}\nnow:    ${l}`);
  }
  assert.ok(n > (FULL ? 6000 : 1200), `${n} runs compared`);
  assert.deepEqual(diffs.slice(0, 10), []);
});
