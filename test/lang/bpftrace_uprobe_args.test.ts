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

// split DWARF (-gsplit-dwarf): the binary keeps a skeleton unit naming a .dwo file that holds the
// DIEs; DWARF 5 (DW_UT_skeleton / DW_UT_split_compile) and the GNU extension of DWARF 4
// (DW_AT_GNU_dwo_name, DW_FORM_GNU_str_index), from clang-19 and gcc
const SPLIT = COMPILERS.flatMap(([cc, flag]) => (cc === 'gcc' ? [[cc, flag], [cc, '-gdwarf-4']] : [[cc, flag]]));
const dwarfdump = has('llvm-dwarfdump-19') ? 'llvm-dwarfdump-19' : undefined;

function buildSplit(dir: string, cc: string, flag: string, name: string): string {
  const bin = join(dir, name);
  const r = spawnSync(cc, [flag, '-gsplit-dwarf', '-O1', '-o', bin, 'prog.c'], { encoding: 'utf8', cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  return bin;
}

/** each function's parameter names as llvm-dwarfdump prints the DIEs of a .dwo file (an independent reader) */
function dumpParams(dwo: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const text = spawnSync(dwarfdump!, ['--debug-info', dwo], { encoding: 'utf8' }).stdout;
  let fnIndent = -1;
  let params: string[] | undefined;
  let cur: { tag: string; indent: number } | undefined;
  for (const line of text.split('\n')) {
    const tag = /^0x[0-9a-f]+:( +)(DW_TAG_\w+)/.exec(line);
    if (tag) {
      cur = { tag: tag[2]!, indent: tag[1]!.length };
      if (cur.tag === 'DW_TAG_subprogram') {
        fnIndent = cur.indent;
        params = [];
      } else if (cur.indent <= fnIndent) params = undefined;
      continue;
    }
    const name = /^\s+DW_AT_name\s+\("(.*)"\)/.exec(line);
    if (!name || !cur) continue;
    if (cur.tag === 'DW_TAG_subprogram' && params) out.set(name[1]!, params);
    else if (cur.tag === 'DW_TAG_formal_parameter' && cur.indent === fnIndent + 2) params?.push(name[1]!);
  }
  return out;
}

test('split DWARF: parameters from the .dwo file (clang-19 and gcc, DWARF 5 and 4) equal llvm-dwarfdump\'s; a missing or stale .dwo is named', { skip: noCc || (!dwarfdump && 'llvm-dwarfdump-19 is not installed') }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'tlang-dwo-'));
  try {
    writeFileSync(join(dir, 'prog.c'), SOURCE);
    let compared = 0;
    for (const [cc, flag] of SPLIT) {
      const bin = buildSplit(dir, cc!, flag!, `split-${cc}${flag}`);
      const loader = (name: string, compDir: string | undefined) => {
        const file = name.startsWith('/') ? name : join(compDir ?? dir, name);
        return { elf: readElf(new Uint8Array(readFileSync(file))), file };
      };
      const elf = readElf(new Uint8Array(readFileSync(bin)));
      // without the loader only the skeleton is there: no functions
      assert.equal(findSubprogram(readDwarfInfo(elf, bin)!, 'work'), undefined, `${cc} ${flag}: the binary itself holds a skeleton`);
      const d = readDwarfInfo(elf, bin, loader)!;
      assert.equal(d.missingDwo, undefined);
      const want = dumpParams(`${bin}-prog.dwo`);
      for (const fn of ['f1', 'f2', 'f3', 'f4', 'work']) {
        assert.ok(want.get(fn)?.length, `${cc} ${flag}: llvm-dwarfdump lists ${fn}`);
        assert.deepEqual(formalParameters(d, findSubprogram(d, fn)!).map((p) => String(p.attrs.get(DW_AT.name))), want.get(fn), `${cc} ${flag}: ${fn}`);
        compared++;
      }
      // the .dwo gone: the error names it; a .dwo of another build (another dwo_id): named as stale
      rmSync(`${bin}-prog.dwo`);
      assert.throws(() => compile(`uprobe:${bin}:work { @ = args->x; }`), (e: unknown) => e instanceof ScriptError && e.detail.includes(`split-${cc}${flag}-prog.dwo not found`) && e.detail.includes('(split DWARF: '));
    }
    assert.equal(compared, SPLIT.length * 5);
    const [cc, flag] = SPLIT[0]!;
    const a = buildSplit(dir, cc!, flag!, 'stale');
    // one more function: other DIEs, another dwo_id (a hash of the unit's DIEs)
    writeFileSync(join(dir, 'prog.c'), `${SOURCE}\nint extra(int q) { return q + 1; }\n`);
    const other = buildSplit(dir, cc!, flag!, 'other');
    writeFileSync(`${a}-prog.dwo`, readFileSync(`${other}-prog.dwo`));
    assert.throws(() => compile(`uprobe:${a}:work { @ = args->x; }`), (e: unknown) => e instanceof ScriptError && /stale-prog\.dwo \(its dwo_id is not the binary's/.test(e.detail));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// a DWARF package (.dwp): the split units of the whole program in one file, BINARY.dwp, made by
// llvm-dwp-19 from the .dwo files (DWARF 5 .debug_cu_index version 5, the GNU version 2 for DWARF 4)
const dwpTool = has('llvm-dwp-19') ? 'llvm-dwp-19' : undefined;

test('DWARF package: with the .dwo files gone, BINARY.dwp gives every parameter llvm-dwarfdump reads in the .dwo, -lv unchanged; a package of another build is named', { skip: noCc || (!dwarfdump && 'llvm-dwarfdump-19 is not installed') || (!dwpTool && 'llvm-dwp-19 is not installed') }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'tlang-dwp-'));
  try {
    writeFileSync(join(dir, 'prog.c'), SOURCE);
    let compared = 0;
    const lv = (bin: string): string => {
      const r = spawnSync(process.execPath, [tsbpf, 'trace', '-lv', `uprobe:${bin}:*`], { encoding: 'utf8', timeout: 60000 });
      assert.equal(r.status, 0, r.stderr);
      return r.stdout;
    };
    for (const [cc, flag] of SPLIT) {
      const bin = buildSplit(dir, cc!, flag!, `dwp-${cc}${flag}`);
      const want = dumpParams(`${bin}-prog.dwo`);
      const withDwo = lv(bin);
      assert.match(withDwo, /\n {4}const char\* s\n/, `${cc} ${flag}: the .dwo's parameters listed`);
      const r = spawnSync(dwpTool!, ['-e', bin, '-o', `${bin}.dwp`], { encoding: 'utf8', cwd: dir });
      assert.equal(r.status, 0, r.stderr);
      rmSync(`${bin}-prog.dwo`);
      const elf = readElf(new Uint8Array(readFileSync(bin)));
      const pkg = () => ({ elf: readElf(new Uint8Array(readFileSync(`${bin}.dwp`))), file: `${bin}.dwp` });
      const d = readDwarfInfo(elf, bin, undefined, pkg)!;
      assert.equal(d.missingDwo, undefined, `${cc} ${flag}`);
      for (const fn of ['f1', 'f2', 'f3', 'f4', 'work']) {
        assert.deepEqual(formalParameters(d, findSubprogram(d, fn)!).map((p) => String(p.attrs.get(DW_AT.name))), want.get(fn), `${cc} ${flag}: ${fn} from the package`);
        compared++;
      }
      // the command finds BINARY.dwp beside the binary: the listing is the one the .dwo gave
      assert.equal(lv(bin), withDwo, `${cc} ${flag}: -lv from the package`);
    }
    assert.equal(compared, SPLIT.length * 5);
    // another build's package (other dwo_ids) and no .dwo: both places named
    const [cc, flag] = SPLIT[0]!;
    const a = buildSplit(dir, cc!, flag!, 'pkg-stale');
    writeFileSync(join(dir, 'prog.c'), `${SOURCE}\nint extra(int q) { return q + 1; }\n`);
    const other = buildSplit(dir, cc!, flag!, 'pkg-other');
    assert.equal(spawnSync(dwpTool!, ['-e', other, '-o', `${a}.dwp`], { cwd: dir }).status, 0);
    rmSync(`${a}-prog.dwo`);
    assert.throws(() => compile(`uprobe:${a}:work { @ = args->x; }`), (e: unknown) => e instanceof ScriptError && e.detail.includes(`pkg-stale-prog.dwo (not in ${a}.dwp either) not found`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('split DWARF: -lv and a script on a -gsplit-dwarf binary equal bpftrace\'s on the same source built without it (bpftrace 0.17 reads no .dwo)', { skip: runSkip }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'tlang-dwo-'));
  try {
    writeFileSync(join(dir, 'prog.c'), SOURCE);
    for (const [cc, flag] of SPLIT) {
      const split = buildSplit(dir, cc!, flag!, `split-${cc}${flag}`);
      const plain = build(dir, cc!, flag!);
      const list = (cmd: string[], bin: string): string => String(spawnSync(cmd[0]!, [...cmd.slice(1), '-lv', `uprobe:${bin}:*`], { encoding: 'utf8', timeout: 60000 }).stdout).replaceAll(bin, 'BIN');
      const theirs = list(['bpftrace'], plain);
      assert.match(theirs, /\n {4}const char\* s\n/, 'bpftrace lists the plain build\'s parameters');
      // bpftrace 0.17 on the split binary itself: the functions without parameters
      assert.doesNotMatch(list(['bpftrace'], split), /const char\* s/);
      assert.equal(list([process.execPath, tsbpf, 'trace'], split), theirs, `${cc} ${flag} -gsplit-dwarf: -lv`);
      const prog = (bin: string): string => `uprobe:${bin}:work { printf("%d %s %d %d %s\\n", args->x, str(args->s), args->p->x, args->c, str(args->p->name)); }`;
      const lines = (s: string): unknown[] => s.split('\n').filter((l) => l.startsWith('{') && !l.includes('attached_probes')).map((l) => JSON.parse(l));
      const o = spawnSync(process.execPath, [tsbpf, 'trace', '-f', 'json', '-e', prog(split), '-c', split], { encoding: 'utf8', timeout: 60000 });
      const t = spawnSync('bpftrace', ['-f', 'json', '-e', prog(plain), '-c', plain], { encoding: 'utf8', timeout: 60000 });
      assert.equal(o.status, 0, o.stderr);
      assert.equal(lines(o.stdout).length, 7);
      assert.deepEqual(lines(o.stdout), lines(t.stdout), `${cc} ${flag} -gsplit-dwarf`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
