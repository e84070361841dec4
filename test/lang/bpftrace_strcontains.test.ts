/**
 * strcontains(haystack, needle) on random strings over a small alphabet (so that partial and
 * overlapping matches are common): the needle as a literal and as a variable, against
 * String.prototype.includes and against bpftrace 0.17 on the running kernel.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { kernelAvailable } from '../../src/hooks/kernel/bpf.js';
import { compile } from '../../src/lang/bpftrace/compile.js';
import { verifyAll } from '../../src/lang/bpftrace/verify_programs.js';

const kern = kernelAvailable();
const haveBpftrace = spawnSync('bpftrace', ['--version'], { encoding: 'utf8' }).status === 0;
const tsbpf = new URL('../../../bin/tsbpf.js', import.meta.url).pathname;

/** xorshift32: a fixed seed, the same cases every run */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    return s / 0x100000000;
  };
}

function cases(n: number, seed: number): Array<[string, string]> {
  const r = rng(seed);
  const word = (max: number): string => Array.from({ length: Math.floor(r() * (max + 1)) }, () => 'abc'[Math.floor(r() * 3)]).join('');
  return Array.from({ length: n }, () => {
    const h = word(8);
    // half the needles are cut from the haystack, so that matches are frequent
    const cut = r() < 0.5 && h.length ? h.slice(Math.floor(r() * h.length), Math.floor(r() * h.length) + 1 + Math.floor(r() * 3)) : word(4);
    return [h, cut] as [string, string];
  });
}

function script(cs: Array<[string, string]>): string {
  const lines = cs.map(([h, n], i) => `$h${i} = "${h}"; $n${i} = "${n}"; printf("${i} %d %d\\n", strcontains($h${i}, "${n}"), strcontains($h${i}, $n${i}));`);
  return `BEGIN { ${lines.join(' ')} exit(); }`;
}

const CS = cases(40, 0x5eed);

/** a few cases per script: each variable is a stack area of its own */
const CHUNKS = Array.from({ length: CS.length / 8 }, (_, k) => CS.slice(8 * k, 8 * k + 8));

test('strcontains compiles and passes tsbpf\'s verifier (literal and variable needles)', () => {
  for (const ch of CHUNKS) {
    const c = compile(script(ch));
    verifyAll(c);
    assert.ok(c.probes[0]!.insns.length > 100);
  }
});

test('strcontains agrees with String.includes and with bpftrace', { skip: !kern.ok ? `bpf() unavailable: ${kern.reason}` : process.getuid?.() !== 0 ? 'needs root' : false }, () => {
  const got: string[] = [];
  const theirs: string[] = [];
  for (const ch of CHUNKS) {
    const prog = script(ch);
    const ours = spawnSync(process.execPath, [tsbpf, 'trace', '-q', '-e', prog], { encoding: 'utf8', timeout: 60000 });
    assert.equal(ours.status, 0, ours.stderr);
    got.push(...ours.stdout.trim().split('\n').filter((l) => /^\d+ /.test(l)));
    if (haveBpftrace) theirs.push(...spawnSync('bpftrace', ['-q', '-e', prog], { encoding: 'utf8', timeout: 120000 }).stdout.trim().split('\n').filter((l) => /^\d+ /.test(l)));
  }
  const want = CHUNKS.flatMap((ch) => ch.map(([h, n], i) => `${i} ${+h.includes(n)} ${+h.includes(n)}`));
  assert.deepEqual(got, want);
  assert.ok(want.some((l) => l.endsWith('1 1')) && want.some((l) => l.endsWith('0 0')), 'both answers occur');
  if (haveBpftrace) assert.deepEqual(got, theirs);
});
