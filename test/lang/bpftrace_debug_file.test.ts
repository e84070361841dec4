/**
 * A stripped binary whose DWARF is in a separate file (objcopy --only-keep-debug), found as libdw
 * finds it for bpftrace: through `.gnu_debuglink` (next to the binary, CRC32 checked) and through
 * the build ID under /usr/lib/debug/.build-id. `-lv` and a script reading `args` against bpftrace.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync, copyFileSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readElf } from '../../src/elf/reader.js';
import { buildId, debugLink, crc32 } from '../../src/elf/debug_file.js';
import { kernelAvailable } from '../../src/hooks/kernel/bpf.js';

const tool = (t: string): boolean => spawnSync(t, ['--version'], { encoding: 'utf8' }).status === 0;
const skipTools = !tool('cc') ? 'no C compiler (cc)' : !tool('objcopy') ? 'no objcopy (binutils)' : false;
const haveBpftrace = tool('bpftrace');
const kern = kernelAvailable();
const tsbpf = new URL('../../../bin/tsbpf.js', import.meta.url).pathname;

const SRC = `struct pt { int x; long y; };
__attribute__((noinline)) int work(int a, const char *name, struct pt *p, unsigned long n) { return a + name[0] + (int)n + p->x; }
int main(void) { struct pt q = {3, 4}; int t = 0; for (int i = 0; i < 5; i++) t += work(i, "nm", &q, 7UL * i); return t == 0; }
`;

function run(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

test('separate debug files: .gnu_debuglink (CRC checked) and the build ID under /usr/lib/debug', { skip: skipTools }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'tlang-dbg-'));
  let idFile: string | undefined;
  try {
    const bin = join(dir, 'w');
    writeFileSync(join(dir, 'w.c'), SRC);
    run('cc', ['-O1', '-g', '-Wl,--build-id', '-o', bin, join(dir, 'w.c')]);
    run('objcopy', ['--only-keep-debug', bin, `${bin}.debug`]);
    run('objcopy', ['--strip-debug', `--add-gnu-debuglink=${bin}.debug`, bin]);
    const elf = readElf(new Uint8Array(readFileSync(bin)));
    assert.equal(elf.section('.debug_info'), undefined, 'the binary is stripped');
    const link = debugLink(elf)!;
    assert.equal(link.name, 'w.debug');
    assert.equal(link.crc, crc32(new Uint8Array(readFileSync(`${bin}.debug`))), "objcopy's CRC32 is ours");
    const want = ['    int a', '    const char* name', '    struct pt* p', '    long unsigned int n'];
    const lv = (): string[] => run(process.execPath, [tsbpf, 'trace', '-lv', `uprobe:${bin}:work`]).trim().split('\n').slice(1);
    assert.deepEqual(lv(), want);
    if (haveBpftrace) assert.deepEqual(spawnSync('bpftrace', ['-lv', `uprobe:${bin}:work`], { encoding: 'utf8' }).stdout.trim().split('\n').slice(1), want);
    // a script's args through the separate file, against bpftrace (root and bpf() needed)
    if (kern.ok && process.getuid?.() === 0 && haveBpftrace) {
      const prog = `uprobe:${bin}:work { @[args->a, args->p->x, args->n] = count(); }`;
      const ours = run(process.execPath, [tsbpf, 'trace', '-f', 'json', '-e', prog, '-c', bin]);
      const theirs = spawnSync('bpftrace', ['-f', 'json', '-e', prog, '-c', bin], { encoding: 'utf8' }).stdout;
      // objects: bpftrace orders equal values in no fixed order
      const maps = (s: string): unknown[] => s.split('\n').filter((l) => l.includes('"map"')).map((l) => JSON.parse(l));
      assert.deepEqual(maps(ours), maps(theirs));
      assert.deepEqual(maps(ours), [{ type: 'map', data: { '@': { '0,3,0': 1, '1,3,7': 1, '2,3,14': 1, '3,3,21': 1, '4,3,28': 1 } } }]);
    }
    // a debug file whose CRC is not the link's is not this binary's: no arguments
    writeFileSync(`${bin}.debug`, Buffer.concat([readFileSync(`${bin}.debug`), Buffer.from([0])]));
    assert.deepEqual(lv(), []);
    // by build ID under /usr/lib/debug/.build-id (root only: the test writes there and removes it)
    const id = buildId(elf);
    if (id && process.getuid?.() === 0) {
      run('objcopy', ['--remove-section=.gnu_debuglink', bin]);
      idFile = `/usr/lib/debug/.build-id/${id.slice(0, 2)}/${id.slice(2)}.debug`;
      if (existsSync(idFile)) idFile = undefined;
      else {
        mkdirSync(join(idFile, '..'), { recursive: true });
        const good = join(dir, 'good.debug');
        run('cc', ['-O1', '-g', '-Wl,--build-id', '-o', join(dir, 'w2'), join(dir, 'w.c')]);
        run('objcopy', ['--only-keep-debug', join(dir, 'w2'), good]);
        // the same source and flags give the same build ID
        assert.equal(buildId(readElf(new Uint8Array(readFileSync(join(dir, 'w2'))))), id);
        copyFileSync(good, idFile);
        assert.deepEqual(lv(), want);
      }
    }
  } finally {
    if (idFile) rmSync(idFile, { force: true });
    rmSync(dir, { recursive: true, force: true });
  }
});
