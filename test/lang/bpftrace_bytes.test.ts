/**
 * Bytes and integer widths as bpftrace 0.17 has them, found by the random comparison
 * (bench/trace_fuzz.ts): printed strings are the kernel's bytes (a UTF-8 file name is written as
 * UTF-8, not re-encoded), the script's text counts bytes (columns under an error), unary `-`/`~`
 * keep their operand's type (32-bit operands wrap in 32 bits, unsigned stay unsigned), and a sum of
 * an unsigned value prints and sorts as uint64. Compared with the installed bpftrace on the
 * running kernel (root, bpf(), tracefs).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kernelAvailable } from '../../src/hooks/kernel/bpf.js';
import { tracefsAvailable } from '../../src/kernel/tracefs.js';

const kern = kernelAvailable();
const tf = tracefsAvailable();
const haveBpftrace = spawnSync('bpftrace', ['--version'], { encoding: 'utf8' }).status === 0;
const skip = !kern.ok ? `bpf() unavailable: ${kern.reason}` : !tf.ok ? tf.reason : !haveBpftrace ? 'bpftrace is not installed (apt-get install bpftrace)' : process.getuid?.() !== 0 ? 'needs root' : false;
const tsbpf = new URL('../../../bin/tsbpf.js', import.meta.url).pathname;

/** stdout as bytes, bpftrace's RLIMIT notice left out of stderr */
function run(cmd: string, args: string[]): { out: Buffer; err: string; status: number | null } {
  const r = spawnSync(cmd, args, { timeout: 60000 });
  return { out: r.stdout, err: r.stderr.toString('latin1').split('\n').filter((l) => !l.includes('RLIMIT')).join('\n'), status: r.status };
}
const both = (args: string[]) => ({ ours: run(tsbpf, ['trace', ...args]), theirs: run('bpftrace', args) });

test('a UTF-8 file name and a UTF-8 literal print as the same bytes as bpftrace\'s; JSON carries them as UTF-8', { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'tlang-bytes-'));
  try {
    const file = join(dir, 'café-ünï');
    writeFileSync(file, '');
    const prog = 'tracepoint:syscalls:sys_enter_openat /pid == cpid/ { printf("%s → %s\\n", comm, str(args->filename)); @[str(args->filename)] = count(); }';
    const { ours, theirs } = both(['-e', prog, '-c', `/bin/cat ${file}`]);
    assert.equal(ours.status, 0, ours.err);
    const mine = (b: Buffer): string[] => b.toString('latin1').split('\n').filter((l) => l.includes('tlang-bytes')).sort();
    assert.ok(mine(ours.out).length >= 2);
    assert.deepEqual(mine(ours.out), mine(theirs.out));
    assert.ok(ours.out.includes(Buffer.from(`cat → ${file}\n`)), 'the bytes of the name and the literal, unchanged');
    // JSON: the string is the file name; bpftrace 0.17 escapes each byte >= 0x80 as \uffffffXX (its json_escape on a signed char)
    const j = run(tsbpf, ['trace', '-f', 'json', '-e', prog, '-c', `/bin/cat ${file}`]);
    const printed = j.out.toString('utf8').split('\n').filter((l) => l.includes('"printf"')).map((l) => (JSON.parse(l) as { data: string }).data);
    assert.ok(printed.includes(`cat → ${file}\n`), printed.join(''));
    assert.match(run('bpftrace', ['-f', 'json', '-e', prog, '-c', `/bin/cat ${file}`]).out.toString('latin1'), /caf\\uffffffc3\\uffffffa9/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an error after a non-ASCII literal: the column counts bytes, as bpftrace\'s', { skip }, () => {
  const { ours, theirs } = both(['-e', 'BEGIN { printf("é ü %d\\n", $x); }']);
  assert.equal(ours.status, 1);
  assert.equal(ours.err, theirs.err);
  assert.match(ours.err, /^stdin:1:30-32: ERROR/);
});

test('unary - and ~ keep the operand\'s type; a sum of an unsigned value is uint64 — maps and printf equal bpftrace\'s', { skip }, () => {
  const prog = 'BEGIN { $u = (uint64)5; @a = sum(-$u); @b = -$u; @c = sum(-(uint32)5); @d = -(uint32)5; @e = ~(uint32)5; @f = -(int32)5; @g = ~(uint8)1; '
    + '@s[1] = sum((uint64)-5); @s[2] = sum((uint64)3); @t[1] = sum(-5); @t[2] = sum(3); printf("%d %u %lu\\n", -(uint32)5, ~(uint16)1, -(uint64)7); exit() }';
  for (const f of ['text', 'json']) {
    const { ours, theirs } = both(['-f', f, '-e', prog]);
    assert.equal(ours.status, 0, ours.err);
    assert.equal(ours.out.toString('latin1'), theirs.out.toString('latin1'), f);
  }
});
