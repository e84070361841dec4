/**
 * bpftrace one-liners written by others — the one-liner tutorial, the reference guide, the man
 * page, Brendan Gregg's list (bench/trace_oneliners_corpus.ts) — run by `tsbpf trace -f json` and
 * bpftrace 0.17 on a workload that makes known system calls and calls known functions
 * (bench/trace_oneliners.ts: each confined to the workload with `pid == cpid`, its pid and
 * directory named). Each must print what bpftrace prints (compared as its entry says), or be
 * refused by both with the same message, or end as its entry's `expect` says and why. Then the
 * fixes the corpus led to, each on inputs beyond the corpus's. Needs root, bpf(), tracefs,
 * bpftrace, a C compiler and <sys/sdt.h>; skips saying which is missing.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { kernelAvailable } from '../../src/hooks/kernel/bpf.js';
import { tracefsAvailable } from '../../src/kernel/tracefs.js';
import { buildTick, runOneLiner, confine, type Workload } from '../../bench/trace_oneliners.js';
import { ONE_LINERS, FIX_CHECKS, type OneLiner } from '../../bench/trace_oneliners_corpus.js';

const kern = kernelAvailable();
const tf = tracefsAvailable();
const has = (tool: string): boolean => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
const sdt = ['/usr/include/sys/sdt.h', '/usr/include/x86_64-linux-gnu/sys/sdt.h', '/usr/include/aarch64-linux-gnu/sys/sdt.h'].some((p) => existsSync(p));
const skip = !kern.ok ? `bpf() unavailable: ${kern.reason}` : !tf.ok ? tf.reason : process.getuid?.() !== 0 ? 'needs root'
  : !has('bpftrace') ? 'bpftrace is not installed (apt-get install bpftrace)' : !has('cc') ? 'no C compiler (cc) for the workload'
    : !sdt ? 'needs <sys/sdt.h> for the workload (Debian: systemtap-sdt-dev)' : false;
const tsbpf = new URL('../../../bin/tsbpf.js', import.meta.url).pathname;

// one workload for each tracer: the two run at once
let w: Workload | undefined;
let w2: Workload | undefined;
before(() => {
  if (skip) return;
  const a = buildTick();
  if ('error' in a) throw new Error(a.error);
  w = a;
  const b = buildTick();
  if ('error' in b) throw new Error(b.error);
  w2 = b;
});
after(() => {
  for (const x of [w, w2]) if (x) rmSync(x.dir, { recursive: true, force: true });
});

test('confine adds `pid == cpid` to every action block but BEGIN, END and interval, keeping predicates, struct definitions and #include lines', () => {
  const c = 'pid == cpid && comm != "bpftrace" && comm != "sh"';
  assert.equal(confine('BEGIN { @[1] = 2; } END { exit(); } i:ms:10 { @ = hist(rand); }'), 'BEGIN { @[1] = 2; } END { exit(); } i:ms:10 { @ = hist(rand); }');
  assert.equal(confine('t:a:b /args->x > 1/ { if (1) { @ = 1; } } interval:s:1 { exit(); }'), `t:a:b /${c} && (args->x > 1)/ { if (1) { @ = 1; } } interval:s:1 { exit(); }`);
  assert.equal(confine('struct S { int y; } uprobe:/bin/x:f, uprobe:/lib/y:g { @ = "}"; }'), `struct S { int y; } uprobe:/bin/x:f, uprobe:/lib/y:g /${c}/ { @ = "}"; }`);
  assert.match(confine('#include <linux/socket.h>\nt:a:b\n/$1 > 2/\n{ @ = 1; }'), /^#include <linux\/socket\.h>\nt:a:b \/pid == cpid .* && \(\$1 > 2\)\/ \{ @ = 1; \}$/);
});

async function check(entries: OneLiner[]): Promise<{ agreed: number; lines: string[] }> {
  const lines: string[] = [];
  let agreed = 0;
  for (const e of entries) {
    const r = await runOneLiner(e, w!, w2!, tsbpf);
    const ok = r.verdict === 'agree' || r.verdict === 'both refuse alike' || r.verdict === e.expect?.verdict;
    if (r.verdict === 'agree') agreed++;
    if (!ok) lines.push(`[${e.src}] ${r.verdict} (${r.mode}): ${r.prog}\n  ${r.detail ?? ''}${e.expect ? `\n  expected ${e.expect.verdict}: ${e.expect.why}` : ''}`);
  }
  return { agreed, lines };
}

test("one-liners from bpftrace's tutorial, reference guide and man page, and Brendan Gregg's, print what bpftrace 0.17 prints", { skip }, async (t) => {
  // one run of each program (the same one-liner in two sources is compared once)
  const seen = new Set<string>();
  const entries = ONE_LINERS.filter((e) => {
    const k = JSON.stringify([e.prog, e.params, e.env, e.flags]);
    if (e.ci === false || seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  const { agreed, lines } = await check(entries);
  t.diagnostic(`${entries.length} one-liners, ${agreed} print what bpftrace prints`);
  assert.deepEqual(lines, []);
  assert.ok(agreed >= entries.length * 0.6, `only ${agreed} of ${entries.length} agree`);
});


test('the fixes: str()/buf() of a run-time length, kstack/ustack modes and limits, bpftrace 0.17 error words, the end of a -c run, --btf', { skip }, async (t) => {
  const { agreed, lines } = await check(FIX_CHECKS);
  t.diagnostic(`${FIX_CHECKS.length} scripts, ${agreed} print what bpftrace prints`);
  assert.deepEqual(lines, []);
  assert.ok(agreed >= 5, `only ${agreed} agree`);
});
