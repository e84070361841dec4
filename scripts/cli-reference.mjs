#!/usr/bin/env node
// Writes docs/cli-reference.md from the CLI's option tables (run `npx tsc -p .` first).
// `--check` exits 1 when the committed file differs from what the tables say.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { cliReference } from '../dist/src/cli/reference.js';

const path = new URL('../docs/cli-reference.md', import.meta.url);
const text = await cliReference();
if (process.argv.includes('--check')) {
  const now = existsSync(path) ? readFileSync(path, 'utf8') : '';
  if (now !== text) {
    console.error('docs/cli-reference.md is out of date: run `node scripts/cli-reference.mjs`');
    process.exit(1);
  }
} else writeFileSync(path, text);
