// A node:test reporter (scripts/run-tests.mjs adds it next to spec): at the end, the test files
// that took longest, by the sum of their top-level tests' durations (a file's imports and
// top-level code are not in it), and the total — what CI's time budget is spent on.
// TSBPF_TEST_TIMES=N lists N files (default 10; 0: none).
import { relative } from 'node:path';

export default async function* testTimes(source) {
  const perFile = new Map();
  for await (const ev of source) {
    if ((ev.type === 'test:pass' || ev.type === 'test:fail') && ev.data.nesting === 0 && ev.data.file) {
      const f = relative(process.cwd(), ev.data.file).replace(/^dist\//, '').replace(/\.js$/, '.ts');
      const e = perFile.get(f) ?? { ms: 0, tests: 0 };
      e.ms += ev.data.details?.duration_ms ?? 0;
      e.tests++;
      perFile.set(f, e);
    }
  }
  const n = Number(process.env.TSBPF_TEST_TIMES ?? 10);
  if (!n || perFile.size < 2) return;
  const rows = [...perFile].sort((a, b) => b[1].ms - a[1].ms);
  const total = rows.reduce((s, [, e]) => s + e.ms, 0);
  yield `\nslowest test files (sum of their top-level tests; ${(total / 1000).toFixed(1)} s in ${rows.length} files):\n`;
  for (const [f, e] of rows.slice(0, n)) yield `${(e.ms / 1000).toFixed(1).padStart(7)} s  ${f} (${e.tests} test${e.tests === 1 ? '' : 's'})\n`;
}
