/**
 * Agreement with bpftrace on the running kernel: the same one-liner, the same workload started
 * with -c (dd making writes of known sizes and opening known files), and the map, hist, stats
 * and printf lines of `-f json` must be equal (maps compared as objects: bpftrace's order of equal
 * values is std::sort's, unspecified). Needs root, bpf(), tracefs and bpftrace; skips saying which
 * is missing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { kernelAvailable } from '../../src/hooks/kernel/bpf.js';
import { tracefsAvailable } from '../../src/kernel/tracefs.js';

const kern = kernelAvailable();
const tf = tracefsAvailable();
const haveBpftrace = spawnSync('bpftrace', ['--version'], { encoding: 'utf8' }).status === 0;
const skip = !kern.ok ? `bpf() unavailable: ${kern.reason}` : !tf.ok ? tf.reason : !haveBpftrace ? 'bpftrace is not installed (apt-get install bpftrace)' : process.getuid?.() !== 0 ? 'needs root' : false;

const tsbpf = new URL('../../../bin/tsbpf.js', import.meta.url).pathname;
// status=none: dd's closing statistics (with timings) would make the write sizes vary
const CMD = '/usr/bin/dd if=/dev/zero of=/dev/null bs=1000 count=5 status=none';

/** the JSON lines that carry results (not attached_probes, whose count differs for BEGIN/END), parsed */
function results(out: string): unknown[] {
  return out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { type: string }).filter((j) => j.type !== 'attached_probes');
}

const ONE_LINERS = [
  'tracepoint:syscalls:sys_enter_write /comm == "dd"/ { @[comm] = count(); }',
  'tracepoint:syscalls:sys_enter_write /comm == "dd"/ { @bytes = sum(args->count); @h = hist(args->count); }',
  'tracepoint:syscalls:sys_enter_write /comm == "dd"/ { @s = stats(args->count); @a = avg(args->count); @mn = min(args->count); @mx = max(args->count); }',
  'tracepoint:syscalls:sys_enter_write /comm == "dd"/ { @l = lhist(args->count, 0, 2000, 250); }',
  'tracepoint:syscalls:sys_enter_write /comm == "dd"/ { printf("%s wrote %d bytes to fd %d\\n", comm, args->count, args->fd); }',
  'tracepoint:syscalls:sys_enter_openat /comm == "dd"/ { printf("open %s\\n", str(args->filename)); @[str(args->filename)] = count(); }',
  'tracepoint:syscalls:sys_exit_write /comm == "dd"/ { @ret[args->ret > 100 ? 1 : 0] = count(); }',
  'tracepoint:syscalls:sys_enter_write /comm == "dd" && args->count >= 1000/ { @big = count(); $x = args->count / 10; @div[$x] = count(); }',
  'tracepoint:raw_syscalls:sys_enter /comm == "dd" && args->id == 1/ { @w[args->id] = count(); }',
  'tracepoint:syscalls:sys_enter_write /comm == "dd"/ { if (args->count > 500) { @k["big"] = count(); } else { @k["small"] = count(); } }',
  'tracepoint:syscalls:sys_enter_write /comm == "dd"/ { @t[comm, args->fd] = count(); } END { printf("done\\n"); }',
  'BEGIN { printf("%5d|%-5s|%x|%X|%o|%c|%%\\n", 42, "ab", 255, 255, 8, 65); @x = (uint8)300; @neg = -7; @t = (1, "ab", -3); exit(); }',
];

test('tsbpf trace -f json prints what bpftrace -f json prints', { skip }, () => {
  let agreed = 0;
  for (const prog of ONE_LINERS) {
    const args = ['-f', 'json', '-e', prog, '-c', CMD];
    const ours = spawnSync(process.execPath, [tsbpf, 'trace', ...args], { encoding: 'utf8', timeout: 60000 });
    const theirs = spawnSync('bpftrace', args, { encoding: 'utf8', timeout: 60000 });
    assert.equal(ours.status, 0, `tsbpf failed on ${prog}: ${ours.stderr}`);
    assert.deepEqual(results(ours.stdout), results(theirs.stdout), `for ${prog}`);
    agreed++;
  }
  assert.equal(agreed, ONE_LINERS.length);
});

test('text output: maps at exit in bpftrace\'s order and format', { skip }, () => {
  const prog = 'tracepoint:syscalls:sys_enter_write /comm == "dd"/ { @h = hist(args->count); @s = stats(args->count); @c = count(); }';
  const ours = spawnSync(process.execPath, [tsbpf, 'trace', '-e', prog, '-c', CMD], { encoding: 'utf8', timeout: 60000 });
  const theirs = spawnSync('bpftrace', ['-e', prog, '-c', CMD], { encoding: 'utf8', timeout: 60000 });
  const maps = (s: string): string => s.slice(s.indexOf('\n\n\n'));
  assert.equal(maps(ours.stdout), maps(theirs.stdout));
});
