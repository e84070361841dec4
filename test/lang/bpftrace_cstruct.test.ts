/**
 * Struct and union definitions written in a script: their layout against the C compiler's (random
 * definitions — integers of every width and signedness, pointers, arrays, bit-fields, unions,
 * structs nested by value — each sizeof and offsetof compared with what a C program compiled from
 * the same text prints), and a uprobe reading a user structure through a script-defined type,
 * compared with bpftrace.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from '../../src/lang/bpftrace/parser.js';
import { layoutStructs } from '../../src/lang/bpftrace/cstruct.js';
import { findMember } from '../../src/lang/bpftrace/types.js';
import { kernelAvailable } from '../../src/hooks/kernel/bpf.js';
import { tracefsAvailable } from '../../src/kernel/tracefs.js';

const cc = ['clang-19', 'gcc', 'cc'].find((c) => spawnSync(c, ['--version']).status === 0);
const tsbpf = new URL('../../../bin/tsbpf.js', import.meta.url).pathname;

/** a small deterministic generator (xorshift) so a failure reproduces */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x100000000;
  };
}

const SCALARS = ['char', 'signed char', 'unsigned char', 'short', 'unsigned short', 'int', 'unsigned int', 'long', 'unsigned long', 'long long', 'unsigned long long', '_Bool', 'uint8_t', 'int16_t', 'uint32_t', 'int64_t', 'size_t'];
const BITS = ['int', 'unsigned int', 'unsigned char', 'unsigned short', 'unsigned long'];

function genDefs(seed: number, n: number): { text: string; fields: Array<[string, string]> } {
  const r = rng(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)]!;
  const defs: string[] = [];
  const fields: Array<[string, string]> = [];
  const names: string[] = [];
  for (let i = 0; i < n; i++) {
    const kw = r() < 0.2 ? 'union' : 'struct';
    const name = `${kw} T${i}`;
    const members: string[] = [];
    const count = 1 + Math.floor(r() * 6);
    for (let j = 0; j < count; j++) {
      const m = `m${j}`;
      const k = r();
      if (k < 0.15 && kw === 'struct') {
        const t = pick(BITS);
        const max = t.includes('char') ? 8 : t.includes('short') ? 16 : t.includes('long') ? 64 : 32;
        members.push(`${t} ${m} : ${1 + Math.floor(r() * (max - 1))};`);
        continue; // no offsetof of a bit-field
      }
      if (k < 0.3 && names.length) members.push(`${pick(names)} ${m};`);
      else if (k < 0.45) members.push(`${pick(SCALARS)} *${m};`);
      else if (k < 0.6) members.push(`${pick(SCALARS)} ${m}[${1 + Math.floor(r() * 5)}];`);
      else members.push(`${pick(SCALARS)} ${m};`);
      fields.push([name, m]);
    }
    defs.push(`${name} { ${members.join(' ')} };`);
    names.push(name);
  }
  return { text: defs.join('\n'), fields };
}

test('script struct/union layouts equal the C compiler\'s (60 random definitions, 3 seeds)', { skip: !cc && 'no C compiler' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'tlang-cstruct-'));
  try {
    for (const seed of [1, 2, 3]) {
      const { text, fields } = genDefs(seed, 20);
      const structs = layoutStructs(parse(`${text}\nBEGIN { exit(); }`).program.structs!, () => undefined);
      const names = [...new Set(fields.map((f) => f[0]))];
      const c = `#include <stdio.h>\n#include <stdint.h>\n#include <stddef.h>\n${text}\nint main(void) {\n`
        + names.map((n) => `  printf("sizeof ${n} %zu\\n", sizeof(${n}));\n`).join('')
        + fields.map(([n, m]) => `  printf("offsetof ${n} ${m} %zu\\n", offsetof(${n}, ${m}));\n`).join('')
        + '  return 0;\n}\n';
      writeFileSync(join(dir, 'l.c'), c);
      const bin = join(dir, 'l');
      const b = spawnSync(cc!, ['-o', bin, join(dir, 'l.c')], { encoding: 'utf8' });
      assert.equal(b.status, 0, b.stderr);
      const expected = spawnSync(bin, { encoding: 'utf8' }).stdout;
      const ours = names.map((n) => `sizeof ${n} ${structs.get(n)!.size}\n`).join('')
        + fields.map(([n, m]) => `offsetof ${n} ${m} ${findMember(structs.get(n)!, m)!.offset}\n`).join('');
      assert.equal(ours, expected, `seed ${seed}:\n${text}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const kern = kernelAvailable();
const tf = tracefsAvailable();
const haveBpftrace = spawnSync('bpftrace', ['--version']).status === 0;
const runSkip = !cc ? 'no C compiler' : !kern.ok ? `bpf() unavailable: ${kern.reason}` : !tf.ok ? tf.reason : !haveBpftrace ? 'bpftrace is not installed' : process.getuid?.() !== 0 ? 'needs root' : false;

test('a uprobe reads a user structure through a type the script defines, as bpftrace does', { skip: runSkip }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'tlang-cstruct-'));
  try {
    writeFileSync(join(dir, 'p.c'), 'struct point { char tag; int x; long y; const char *name; short v[3]; };\n'
      + 'int __attribute__((noinline)) work(int i, struct point *p) { return i + p->x + p->v[2]; }\n'
      + 'int main(void) { volatile int t = 0; struct point pt = { 7, 3, -4, "pt", { 1, 2, 3 } }; t += pt.name[0]; for (int i = 0; i < 5; i++) { pt.x = i * 10; t += work(i, &pt); } return t == 0; }\n');
    const bin = join(dir, 'p');
    assert.equal(spawnSync(cc!, ['-O1', '-o', bin, join(dir, 'p.c')]).status, 0);
    const prog = `struct point { char tag; int x; long y; const char *name; short v[3]; }
uprobe:${bin}:work { $p = (struct point *)arg1; printf("%d %d %d %s %d %d\\n", $p->tag, $p->x, $p->y, str($p->name), $p->v[2], sizeof(struct point)); @[$p->x] = count(); }`;
    const args = ['-f', 'json', '-e', prog, '-c', bin];
    const ours = spawnSync(process.execPath, [tsbpf, 'trace', ...args], { encoding: 'utf8', timeout: 60000 });
    const theirs = spawnSync('bpftrace', args, { encoding: 'utf8', timeout: 60000 });
    const lines = (s: string): unknown[] => s.split('\n').filter((l) => l.startsWith('{') && !l.includes('attached_probes')).map((l) => JSON.parse(l));
    assert.equal(ours.status, 0, ours.stderr);
    assert.equal(lines(ours.stdout).length, 6);
    assert.deepEqual(lines(ours.stdout), lines(theirs.stdout));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
