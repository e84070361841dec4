/**
 * The page's TypeScript (web/src, with the DOM library) is checked here: the root tsc covers src/,
 * test/ and bench/ only, and `npm run build:web` (Vite) strips types without checking them, so
 * this is where a type error in the page fails `npm test`. Incremental (dist/web.tsbuildinfo).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

test('web/src type-checks (tsc -p web/tsconfig.json)', () => {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', fileURLToPath(new URL('../../../web/tsconfig.json', import.meta.url))], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
});
