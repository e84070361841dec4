/**
 * The documentation as a new user meets it: the README stays short with its six-task tour, every
 * link of the README and docs/ leads to a file of the repository, the topics the docs promise
 * exist, docs/api.md's script runs as written and names every export of src/index.ts, and the npm
 * package ships dist, bin, docs and examples but no tests.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (p: string): string => readFileSync(join(root, p), 'utf8');

test('README: at most 300 lines, the two set-up commands, a tour of six tasks with a command each', () => {
  const readme = read('README.md');
  assert.ok(readme.split('\n').length <= 300, `${readme.split('\n').length} lines`);
  assert.match(readme, /npm install && npm start/);
  assert.match(readme, /npm test/);
  const tour = readme.slice(readme.indexOf('## A five-minute tour'), readme.indexOf('\n## ', readme.indexOf('## A five-minute tour') + 5));
  const tasks = [...tour.matchAll(/^\*\*(\d)\. /gm)].map((m) => Number(m[1]));
  assert.deepEqual(tasks, [1, 2, 3, 4, 5, 6]);
});

test('every relative link of README.md and docs/*.md leads to a file of the repository', () => {
  const files = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
  let links = 0;
  for (const f of files) {
    for (const m of read(f).matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = m[1]!.replace(/#.*$/, '');
      if (/^[a-z]+:/.test(target) || target === '') continue;
      links++;
      assert.ok(existsSync(join(root, dirname(f), target)), `${f}: link to ${m[1]} leads nowhere`);
    }
  }
  assert.ok(links > 30, `${links} links`);
});

test('the docs topics: CLI reference, library API, verifier, JIT, filters, live kernel, tracing language, web UI, architecture, testing and benchmarks', () => {
  const index = read('docs/README.md');
  for (const f of ['cli.md', 'cli-reference.md', 'api.md', 'verifier.md', 'jit.md', 'filter.md', 'kernel.md', 'trace.md', 'web.md', 'architecture.md', 'testing.md', 'tracing-emulator.md']) {
    assert.ok(existsSync(join(root, 'docs', f)), `docs/${f}`);
    assert.ok(index.includes(`(${f})`), `docs/README.md lists ${f}`);
  }
});

test('docs/api.md: its script runs as written, and it names every export of src/index.ts', () => {
  const api = read('docs/api.md');
  const script = /```js\n([\s\S]*?)```/.exec(api)![1]!;
  const d = mkdtempSync(join(tmpdir(), 'tsbpf-api-doc-'));
  try {
    const file = join(d, 'script.mjs');
    writeFileSync(file, script.replace("from 'tsbpf'", `from ${JSON.stringify(pathToFileURL(join(root, 'dist/src/node.js')).href)}`));
    const r = spawnSync(process.execPath, [file], { cwd: root, encoding: 'utf8', timeout: 120_000 });
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    // what the comments of the script say it prints
    assert.equal(lines[0], '1');
    assert.ok(lines.includes('true') && lines.includes('2') && lines.includes('20'), r.stdout);
    assert.equal(lines[lines.length - 1], 'true ENOENT');
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
  const index = read('src/index.ts');
  const names = [...index.matchAll(/export \* as (\w+)/g)].map((m) => m[1]!);
  for (const m of index.matchAll(/export \{([^}]+)\}/g)) names.push(...m[1]!.split(',').map((s) => s.trim().replace(/^type /, '')));
  assert.ok(names.length > 20);
  for (const n of names) assert.ok(api.includes(`\`${n}`), `docs/api.md names ${n}`);
});

test('npm pack ships dist, bin, docs and examples, and no tests or benchmarks', () => {
  const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, r.stderr);
  const files = (JSON.parse(r.stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
  for (const want of ['bin/tsbpf.js', 'dist/src/index.js', 'dist/src/node.js', 'dist/src/cli/main.js', 'docs/api.md', 'docs/cli-reference.md', 'examples/xdp_firewall.bpf.o', 'examples/xdp_firewall.bpf.c', 'README.md']) {
    assert.ok(files.includes(want), `the package has ${want}`);
  }
  assert.deepEqual(files.filter((f) => /^(test|bench|dist\/test|dist\/bench|scripts)\//.test(f) || /\.test\.(js|ts)$/.test(f)), []);
});
