/**
 * The failures issue 15 listed, each as a user met it: a batch with bad lines, pin directories
 * that cannot exist, temporaries a killed pin writer left behind, assembler input that used to
 * crash, and errno names on filter/asm/disasm errors.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FsPinStore, makeDirs } from '../../src/runtime/pin_fs.js';
import { BpfError } from '../../src/isa/errors.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const bin = join(root, 'bin/tsbpf.js');
const FW = join(root, 'examples/xdp_firewall.bpf.o');

function tsbpf(args: string[], input?: string): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', input, timeout: 30_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('prog run --batch answers every line: a bad line gets its own error object and the batch goes on', () => {
  const good = '{"id":"ok","insns":"b700000002000000 9500000000000000","data":"' + '00'.repeat(14) + '"}';
  const lines = ['null', '{"id":1,"insns":5}', '{"id":2,"maps":[null]}', '[1,2]', 'not json', '{"id":3,"maps":[{"type":"array_of_maps","inner":{"type":"array_of_maps","inner":{}}}]}', '{"id":4,"data":{"x":1}}', '"str"', good];
  const r = tsbpf(['prog', 'run', '--batch', '-'], lines.join('\n') + '\n');
  assert.equal(r.code, 0, r.err);
  assert.equal(r.err, '');
  const out = r.out.trim().split('\n').map((l) => JSON.parse(l) as { id: unknown; accepted: boolean; errno: string | null; message: string | null; retval: number | null });
  assert.equal(out.length, lines.length);
  for (const o of out.slice(0, -1)) {
    assert.equal(o.accepted, false);
    assert.equal(o.errno, 'EINVAL', JSON.stringify(o));
  }
  assert.deepEqual(out.map((o) => o.id), [null, 1, 2, null, null, 3, 4, null, 'ok']);
  assert.match(out[1]!.message!, /line 2: "insns" must be a string/);
  assert.match(out[2]!.message!, /line 3: maps\[0\] must be an object/);
  assert.match(out[5]!.message!, /inner map cannot hold maps/);
  assert.deepEqual([out[8]!.accepted, out[8]!.retval], [true, 2]);
});

test('--pinmaps under /proc or through a file fails at once with the errno and the path', () => {
  const p = tsbpf(['prog', 'load', FW, '--pinmaps', '/proc/tsbpf-x/y']);
  assert.equal(p.code, 1, 'ends (Node\'s recursive mkdir spins forever here)');
  assert.match(p.err, /ENOENT: cannot create directory \/proc\/tsbpf-x: /);
  const n = tsbpf(['prog', 'load', FW, '--pinmaps', '/dev/null/x']);
  assert.equal(n.code, 1);
  assert.match(n.err, /ENOTDIR: .*\/dev\/null is not a directory/);
  assert.throws(() => makeDirs('/dev/null/a/b'), (e: unknown) => e instanceof BpfError && e.errno === 'ENOTDIR');
});

test('temporaries a killed pin writer left behind are removed on the next open of that pin', () => {
  const d = mkdtempSync(join(tmpdir(), 'tsbpf-tmp-'));
  try {
    const r = tsbpf(['prog', 'load', FW, '--pinmaps', d]);
    assert.equal(r.code, 0, r.err);
    const pin = readdirSync(d).find((n) => !n.startsWith('.'))!;
    // a writer killed between open and rename leaves .NAME.tmp-PID-N; PIDs this high are not running
    const deadPid = 4_000_000 + (process.pid % 1000);
    const stale = join(d, `.${pin}.tmp-${deadPid}-1`);
    const mine = join(d, `.${pin}.tmp-${process.pid}-7`);
    const other = join(d, `.other.tmp-${deadPid}-1`);
    for (const f of [stale, mine, other]) writeFileSync(f, 'partial');
    const s = tsbpf(['map', 'show', 'pinned', join(d, pin)]);
    assert.equal(s.code, 0, s.err);
    assert.equal(existsSync(stale), false, 'the dead writer\'s temporary is gone');
    assert.equal(existsSync(mine), true, 'a running writer\'s temporary stays');
    assert.equal(existsSync(other), true, 'another pin\'s temporaries are left to its own open');
    new FsPinStore().read(join(d, 'other'));
    assert.equal(existsSync(other), false);
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
});

test('assembler: repeated .loc, an undefined symbol in .size, huge numbers: EINVAL with the line, never a crash', () => {
  const d = mkdtempSync(join(tmpdir(), 'tsbpf-asm-'));
  try {
    const cases: [string, RegExp][] = [
      ['\t.file 1 "/tmp" "x.c"\nf:\n\t.loc 1 3 0\n\t.loc 1 3 0\n\t.loc 1 4 0 prologue_end\n\tr0 = 0\n\texit\n.Lend:\n\t.size f, .Lend-f\n', /^$/],
      ['f:\n\tr0 = 0\n\texit\n\t.size g, .Lnope-g\n', /EINVAL: undefined symbol/],
      ['\t.loc 1 2 3\n\t.loc 1 2 3\n\tr0 = 0\n\texit\n', /EINVAL: unassigned file number 1 in \.loc/],
      ['\t.file 1 "a.c"\n\t.loc 1 99999999999999999999 0\n\tr0 = 0\n\texit\n', /EINVAL|^$/],
      ['\tr0 = 99999999999999999999999 ll\n\texit\n', /EINVAL/],
      ['\t.file 4294967297 "x"\n\texit\n', /EINVAL|^$/],
    ];
    cases.forEach(([src, want], i) => {
      writeFileSync(join(d, `${i}.s`), src);
      const r = tsbpf(['asm', join(d, `${i}.s`), '-o', join(d, `${i}.o`)]);
      assert.ok(r.code === 0 || r.code === 1, `case ${i}: exit ${r.code}`);
      assert.match(r.err, want, `case ${i}: ${r.err}`);
      assert.doesNotMatch(r.err, /internal error|\n\s+at /, `case ${i}`);
      if (r.code === 1) assert.match(r.err, new RegExp(`${i}\\.s, line \\d+`), `case ${i} says where`);
    });
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
});

test('filter, asm and disasm errors carry an errno name', () => {
  const d = mkdtempSync(join(tmpdir(), 'tsbpf-errno-'));
  try {
    writeFileSync(join(d, 'bad.s'), 'frobnicate r0\n');
    writeFileSync(join(d, 'odd.bin'), Uint8Array.from([1, 2, 3]));
    mkdirSync(join(d, 'dir'));
    const cases: [string[], RegExp][] = [
      [['filter', '-d', 'tcp port'], /^tsbpf filter: EINVAL: /],
      [['filter', '-d', 'ip and (', 'tcp'], /^tsbpf filter: EINVAL: /],
      [['filter', '-r', join(d, 'dir'), 'ip'], /^tsbpf filter: EISDIR: /],
      [['asm', join(d, 'bad.s')], /^tsbpf asm: EINVAL: .*bad\.s, line 1/],
      [['asm', join(d, 'nope.s')], /^tsbpf asm: ENOENT: /],
      [['disasm', join(d, 'odd.bin')], /^tsbpf disasm: EINVAL: .*odd\.bin/],
      [['disasm', join(d, 'dir')], /^tsbpf disasm: EISDIR: /],
    ];
    for (const [args, want] of cases) {
      const r = tsbpf(args);
      assert.equal(r.code, 1, `${args.join(' ')}: ${r.err}`);
      assert.match(r.err, want);
    }
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
});
