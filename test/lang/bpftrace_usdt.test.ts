/**
 * usdt probes in the bpftrace language, against bpftrace 0.17 on the same scripts and workloads:
 * a <sys/sdt.h> program compiled here at -O0 (arguments on the stack) and -O2 (registers and
 * constants; one probe at two sites with different specs), and CPython's semaphore-guarded
 * probes. The printf lines, maps and probe counts of `-f json` must be equal. Needs root, bpf(),
 * bpftrace, a C compiler and <sys/sdt.h> (systemtap-sdt-dev); skips saying which is missing.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kernelAvailable } from '../../src/hooks/kernel/bpf.js';

const kern = kernelAvailable();
const has = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
const cc = has('gcc') ? 'gcc' : has('clang-19') ? 'clang-19' : has('clang') ? 'clang' : undefined;
const sdt = ['/usr/include/sys/sdt.h', '/usr/include/x86_64-linux-gnu/sys/sdt.h', '/usr/include/aarch64-linux-gnu/sys/sdt.h'].some((p) => existsSync(p));
const skip = !kern.ok ? `bpf() unavailable: ${kern.reason}` : process.getuid?.() !== 0 ? 'needs root'
  : !has('bpftrace') ? 'bpftrace is not installed (apt-get install bpftrace)' : false;
const buildSkip = skip || (!cc ? 'needs gcc or clang' : !sdt ? 'needs <sys/sdt.h> (Debian: systemtap-sdt-dev)' : false);
const PYTHON = '/usr/bin/python3';
const pySkip = skip || (!existsSync(PYTHON) ? `${PYTHON} is not installed` : false);

const tsbpf = new URL('../../../bin/tsbpf.js', import.meta.url).pathname;
const SRC = new URL('../../../test/fixtures/usdt/', import.meta.url).pathname;

let dir = '';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'trace-usdt-'));
  if (buildSkip) return;
  for (const o of ['O0', 'O2']) execFileSync(cc!, [`-${o}`, '-o', join(dir, `t${o}`), join(SRC, 'usdt_target.c'), join(SRC, 'usdt_guarded.c')]);
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** the JSON lines of a run, parsed; maps become objects so that bpftrace's order of equal values does not matter */
function results(out: string): unknown[] {
  return out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as unknown);
}

function both(prog: string, cmd: string): { ours: unknown[]; theirs: unknown[] } {
  const args = ['-f', 'json', '-e', prog, '-c', cmd];
  const o = spawnSync(process.execPath, [tsbpf, 'trace', ...args], { encoding: 'utf8', timeout: 60000 });
  const t = spawnSync('bpftrace', args, { encoding: 'utf8', timeout: 60000 });
  assert.equal(o.status, 0, `tsbpf failed on ${prog}: ${o.stderr}`);
  assert.equal(t.status, 0, `bpftrace failed on ${prog}: ${t.stderr}`);
  return { ours: results(o.stdout), theirs: results(t.stdout) };
}

// bpftrace 0.17's printf prints %d and %u as 32-bit: %ld / %lu show a 64-bit value whole
const C_SCRIPTS = (bin: string) => [
  `usdt:${bin}:tsbpf:ints { printf("%ld %ld %ld %ld\\n", arg0, arg1, arg2, arg3); @[arg0, arg2] = count(); }`,
  `usdt:${bin}:tsbpf:wide { printf("%ld %ld %lu\\n", arg0, arg1, arg2); @w[arg1] = sum(arg0); @h = hist(arg0 - 4000000000); }`,
  `usdt:${bin}:tsbpf:str { printf("%s %d\\n", str(arg0), arg1); @s[str(arg0)] = count(); }`,
  `usdt:${bin}:tsbpf:twelve /arg0 % 2 == 0/ { printf("%d %d %d\\n", arg0, arg3, arg5); @t = stats(arg5); }`, // bpftrace 0.17 allows arg0..arg5 (x86-64 registers) in usdt probes too
  `usdt:${bin}:tsbpf:multi { @m[arg0] = count(); @p[probe] = count(); }`,
  `usdt:${bin}:tsbpf:guarded { @g[arg0] = count(); } usdt:${bin}:tsbpf:noargs { @n = count(); }`,
  `usdt:${bin}:tsbpf:* { @all[probe] = count(); }`,
  `usdt:${bin}:*:i* { @i = count(); } usdt:${bin}:wide { @w = max(arg0); }`,
];

for (const o of ['O2', 'O0'] as const) {
  test(`usdt arguments of a <sys/sdt.h> program built at -${o}: tsbpf trace prints what bpftrace prints`, { skip: buildSkip, timeout: 300_000 }, () => {
    const bin = join(dir, `t${o}`);
    let n = 0;
    for (const prog of C_SCRIPTS(bin)) {
      const { ours, theirs } = both(prog, `${bin} 6`);
      assert.deepEqual(ours, theirs, `for ${prog}`);
      assert.ok(ours.length > 1, `${prog}: printed something`);
      n++;
    }
    assert.equal(n, C_SCRIPTS(bin).length);
  });
}

test('CPython\'s semaphore-guarded probes (function__entry, gc__start/gc__done): tsbpf trace agrees with bpftrace', { skip: pySkip, timeout: 300_000 }, () => {
  // a script file: bpftrace -c splits the command at spaces, quotes included
  const gc = join(dir, 'gc.py');
  writeFileSync(gc, 'import gc\ngc.disable()\nfor _ in range(7):\n    gc.collect(1)\n');
  const cases: [string, string][] = [
    // /pid == cpid/: other python3 processes on the machine fire these probes too
    ['usdt:/usr/bin/python3:function__entry /pid == cpid/ { printf("%s %s %d\\n", str(arg0), str(arg1), arg2); }', `${PYTHON} -S -c pass`],
    ['usdt:/usr/bin/python3:python:gc__start /pid == cpid/ { @[arg0] = count(); } usdt:/usr/bin/python3:python:gc__done /pid == cpid/ { @done = count(); @c = sum(arg0 >= 0 ? 1 : 0); }', `${PYTHON} -S ${gc}`],
  ];
  for (const [prog, cmd] of cases) {
    const { ours, theirs } = both(prog, cmd);
    assert.deepEqual(ours, theirs, `for ${prog}`);
    assert.ok(ours.length > 1);
  }
  const { ours } = both(cases[1]![0], cases[1]![1]);
  const gens = ours.find((j) => (j as { data?: Record<string, unknown> }).data?.['@']) as { data: { '@': Record<string, number> } };
  assert.equal(gens.data['@']['1'], 7, 'seven gc.collect(1): the generation read from the stack slot -4@112(%rsp)');
});

test('usdt errors point at the probe', { skip: buildSkip }, () => {
  const bin = join(dir, 'tO2');
  const run = (prog: string) => spawnSync(process.execPath, [tsbpf, 'trace', '--dry-run', '-e', prog], { encoding: 'utf8' });
  const cases: [string, RegExp][] = [
    [`usdt:${bin}:tsbpf:nope { exit(); }`, /ERROR: No probes matched usdt:.*:tsbpf:nope/],
    [`usdt:${bin} { exit(); }`, /ERROR: usdt probe type requires 2 or 3 arguments/],
    [`usdt:${bin}:tsbpf:noargs { print(arg0); }`, /ERROR: couldn't get argument 0 for tsbpf:noargs \(it has 0\)/],
    [`usdt:${join(dir, 'missing')}:a:b { exit(); }`, /ERROR: usdt target file .* does not exist/],
  ];
  for (const [prog, re] of cases) {
    const r = run(prog);
    assert.notEqual(r.status, 0, prog);
    assert.match(r.stderr, re, prog);
    assert.match(r.stderr, /\n\s*~+/, 'a caret line under the place');
  }
});
