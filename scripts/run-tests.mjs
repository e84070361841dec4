#!/usr/bin/env node
// Runs every compiled test file (dist/test/**/*.test.js) with node's test runner. Node 20's
// `node --test DIR` would also execute the helper modules next to the tests, so list the files.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('../dist/test/', import.meta.url).pathname;
const srcRoot = new URL('../test/', import.meta.url).pathname;
const files = [];
(function walk(d) {
  for (const n of readdirSync(d).sort()) {
    const p = join(d, n);
    if (statSync(p).isDirectory()) walk(p);
    // only compiled tests whose source still exists (tsc leaves outputs of deleted files behind)
    else if (n.endsWith('.test.js') && existsSync(p.replace(root, srcRoot).replace(/\.js$/, '.ts'))) files.push(p);
  }
})(root);
const filter = process.argv.slice(2);
if (filter.includes('--help') || filter.includes('-h')) {
  console.log(`usage: node scripts/run-tests.mjs [SUBSTR...]

Runs the compiled tests (dist/test/**/*.test.js; run \`npx tsc -p .\` first) with node's test runner
and the spec reporter. With SUBSTR words, only the files whose path under dist/test/ contains one.
At the end: the slowest test files by the sum of their top-level tests' durations
(TSBPF_TEST_TIMES=N lists N of them, default 10, 0 none; with two files or more).

environment: TSBPF_FUZZ_RUNS (the random-program runs of test/jit/*, see docs/jit.md), VLOG_FULL=1 (every
pinned verifier log), TSBPF_TEST_TIMES.`);
  process.exit(0);
}
// filters match the path under dist/test/ only: a checkout whose own path contains a filter word
// (a worktree named jit or timer) must not select every file
const chosen = filter.length ? files.filter((f) => filter.some((x) => f.slice(root.length).includes(x.replace(/^(dist\/)?test\//, '')))) : files;
// the conformance suite and the corpora are read from ../shared (test data written by others, never
// copied into this repository); without it those tests cannot run
const shared = new URL('../../shared/', import.meta.url).pathname;
if (!existsSync(shared)) {
  console.error(`warning: ${shared} (the conformance suite and corpora) is missing: the tests that read it are skipped; check tsbpf out next to shared/ to run them`);
}
if (chosen.length === 0) {
  console.error(`no test files match ${filter.join(', ') || '(all)'} under dist/test (run tsc first)`);
  process.exit(1);
}
const times = new URL('./test-times.mjs', import.meta.url).pathname;
const r = spawnSync(process.execPath, ['--test', '--test-reporter=spec', '--test-reporter-destination=stdout', `--test-reporter=${times}`, '--test-reporter-destination=stdout', ...chosen], { stdio: 'inherit' });
process.exit(r.status ?? 1);
