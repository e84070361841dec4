/**
 * uprobe `args` from DWARF: a C program compiled here with debug information by clang-19 (DWARF 5
 * and 4) and gcc (DWARF 5), its functions' parameters listed by `-lv` and read by scripts, compared
 * with bpftrace 0.17 (which reads them through libdw) on the same binary: the listing must be equal
 * line for line and the `-f json` output of each script equal. Needs a C compiler; the runs need
 * root, bpf(), tracefs and bpftrace.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kernelAvailable } from '../../src/hooks/kernel/bpf.js';
import { tracefsAvailable } from '../../src/kernel/tracefs.js';
import { compile } from '../../src/lang/bpftrace/compile.js';
import { ScriptError } from '../../src/lang/bpftrace/errors.js';
import { readElf } from '../../src/elf/reader.js';
import { readDwarfInfo, findSubprogram, formalParameters, DW_AT } from '../../src/elf/dwarf_info.js';
import { readFileSync } from 'node:fs';

const tsbpf = new URL('../../../bin/tsbpf.js', import.meta.url).pathname;
const has = (cmd: string): boolean => spawnSync(cmd, ['--version'], { encoding: 'utf8' }).status === 0;
const COMPILERS = [['clang-19', '-g'], ['clang-19', '-gdwarf-4'], ['gcc', '-g']].filter(([cc]) => has(cc!));
const noCc = COMPILERS.length ? false : 'no C compiler (clang-19 or gcc)';
const kern = kernelAvailable();
const tf = tracefsAvailable();
const runSkip = noCc || (!kern.ok ? `bpf() unavailable: ${kern.reason}` : !tf.ok ? tf.reason : !has('bpftrace') ? 'bpftrace is not installed' : process.getuid?.() !== 0 ? 'needs root' : false);

// parameters of many kinds: fixed-width integers and typedefs, enums, unions, struct pointers,
// function pointers, qualified pointers, floating point, more than six arguments
const SOURCE = `#include <stdint.h>
#include <stddef.h>
typedef unsigned long myulong;
enum color { RED, GREEN = 5 };
union u { int i; char c[4]; };
struct s { int a : 3; int b : 5; struct s *next; char name[8]; };
struct point { int x; long y; const char *name; };
typedef int (*cb_t)(int);
__attribute__((noinline)) int f1(uint8_t a, int16_t b, uint32_t c, int64_t d, myulong e, size_t f) { return a + b + c + d + e + f; }
__attribute__((noinline)) int f2(enum color col, union u *uu, struct s *ss, cb_t cb, const volatile int *p, void *v) { return col + (uu ? uu->i : 0) + (ss ? ss->a : 0) + (cb ? 1 : 0) + (p ? *p : 0) + (v != 0); }
__attribute__((noinline)) int f3(char **argv, const char *const *envp, long double *ld, float fl, double db) { return (argv != 0) + (envp != 0) + (ld != 0) + (int)fl + (int)db; }
__attribute__((noinline)) int f4(int a, int b, int c, int d, int e, int f, int g, int h) { return a+b+c+d+e+f+g+h; }
__attribute__((noinline)) int work(int x, const char *s, struct point *p, unsigned char c) { return x * 2 + s[0] + (p ? p->x : 0) + c; }
int main(void) {
  union u uu = { 1 }; struct s ss = { 1, 2, 0, "nm" }; struct point pt = { 3, 4, "pt" }; volatile int t = 0; char *av[2] = { "argv0", 0 };
  t += "odd"[0] + "even"[0] + pt.name[0] + av[0][0]; /* the strings paged in before the probes read them */
  for (int i = 0; i < 3; i++) { t += f1(i, -i, 100 + i, -1000 - i, 7, 8); t += f2(GREEN, &uu, &ss, 0, &t, &uu); t += f3(av, 0, 0, 1.5f, 2.5); t += f4(1,2,3,4,5,6,7,i); }
  for (int i = 0; i < 7; i++) t += work(i, i % 2 ? "odd" : "even", &pt, (unsigned char)(200 + i));
  return t == 0;
}
`;

function build(dir: string, cc: string, flag: string): string {
  const bin = join(dir, `prog-${cc}${flag}`);
  const r = spawnSync(cc, [flag, '-O1', '-o', bin, join(dir, 'prog.c')], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return bin;
}

test('the DWARF reader finds each function\'s parameters, named as the source names them', { skip: noCc }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'tlang-dwarf-'));
  try {
    writeFileSync(join(dir, 'prog.c'), SOURCE);
    for (const [cc, flag] of COMPILERS) {
      const bin = build(dir, cc!, flag!);
      const d = readDwarfInfo(readElf(new Uint8Array(readFileSync(bin))), bin)!;
      assert.ok(d, `${cc} ${flag}: .debug_info read`);
      const names = (fn: string): string[] => formalParameters(d, findSubprogram(d, fn)!).map((p) => String(p.attrs.get(DW_AT.name)));
      assert.deepEqual(names('f1'), ['a', 'b', 'c', 'd', 'e', 'f'], `${cc} ${flag}`);
      assert.deepEqual(names('f4'), ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
      assert.deepEqual(names('work'), ['x', 's', 'p', 'c']);
    }
    // without -g there is no DWARF: a sentence, at the args expression
    const plain = join(dir, 'plain');
    assert.equal(spawnSync(COMPILERS[0]![0]!, ['-O1', '-o', plain, join(dir, 'prog.c')]).status, 0);
    assert.throws(() => compile(`uprobe:${plain}:work { @ = args->x; }`), (e: unknown) => e instanceof ScriptError && /has no DWARF debug information \(\.debug_info\): uprobe args need a binary built with -g/.test(e.detail) && e.loc!.col > 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('uprobe args: -lv and the scripts\' output equal bpftrace\'s on binaries from clang (DWARF 5 and 4) and gcc', { skip: runSkip }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'tlang-dwarf-'));
  try {
    writeFileSync(join(dir, 'prog.c'), SOURCE);
    let compared = 0;
    for (const [cc, flag] of COMPILERS) {
      const bin = build(dir, cc!, flag!);
      const list = (cmd: string[]): string => String(spawnSync(cmd[0]!, [...cmd.slice(1), '-lv', `uprobe:${bin}:*`], { encoding: 'utf8', timeout: 60000 }).stdout);
      const ours = list([process.execPath, tsbpf, 'trace']);
      assert.match(ours, /\n {4}const char\* const\* envp\n/);
      assert.equal(ours, list(['bpftrace']), `${cc} ${flag}: -lv`);
      const scripts = [
        `uprobe:${bin}:f1 { printf("%d %d %u %d %u %u\\n", args->a, args->b, args->c, args->d, args->e, args->f); }`,
        `uprobe:${bin}:f2 { printf("%d %d %d\\n", args->col, args->cb, args->v != 0); } uprobe:${bin}:f3 { printf("%s\\n", str(*args->argv)); }`,
        `uprobe:${bin}:f4 { @[args->a, args->f] = count(); }`,
        `uprobe:${bin}:work { printf("%d %s %d %d %s %d\\n", args->x, str(args->s), args->p->x, args->c, str(args->p->name), args->p->y); @[args->c] = sum(args->x); }`,
      ];
      for (const prog of scripts) {
        const args = ['-f', 'json', '-e', prog, '-c', bin];
        const o = spawnSync(process.execPath, [tsbpf, 'trace', ...args], { encoding: 'utf8', timeout: 60000 });
        const t = spawnSync('bpftrace', args, { encoding: 'utf8', timeout: 60000 });
        const lines = (s: string): unknown[] => s.split('\n').filter((l) => l.startsWith('{') && !l.includes('attached_probes')).map((l) => JSON.parse(l));
        assert.equal(o.status, 0, o.stderr);
        assert.ok(lines(o.stdout).length > 0, `output for ${prog}`);
        assert.deepEqual(lines(o.stdout), lines(t.stdout), `${cc} ${flag}: ${prog}`);
        compared++;
      }
    }
    assert.equal(compared, COMPILERS.length * 4);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
