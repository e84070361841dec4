/**
 * docs/cli-reference.md is what the option tables say (scripts/cli-reference.mjs writes it), so
 * the reference cannot drift from the parser either.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cliReference } from '../../src/cli/reference.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

test('docs/cli-reference.md is current (node scripts/cli-reference.mjs rewrites it)', async () => {
  const want = await cliReference();
  assert.ok(want.includes('## tsbpf prog run') && want.includes('`--batch FILE`'));
  assert.equal(readFileSync(root + 'docs/cli-reference.md', 'utf8'), want, 'docs/cli-reference.md is out of date: run `npx tsc -p . && node scripts/cli-reference.mjs`');
});
