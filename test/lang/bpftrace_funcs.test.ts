/**
 * Agreement with bpftrace 0.17 for the functions resolved in user space or at compile time —
 * cat, system (--unsafe), strftime, strerror, cgroup_path, cgroupid, macaddr, kptr/uptr, str($1)
 * of a numeric positional parameter — on workloads with known bytes and a cgroup this test
 * creates. Both tools run the same script; their `-f json` result lines must be equal. Needs root,
 * bpf(), tracefs and bpftrace; skips saying which is missing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync, mkdirSync, rmdirSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kernelAvailable } from '../../src/hooks/kernel/bpf.js';
import { tracefsAvailable } from '../../src/kernel/tracefs.js';
import { compile } from '../../src/lang/bpftrace/compile.js';
import { ScriptError } from '../../src/lang/bpftrace/errors.js';
import { cgroupId } from '../../src/lang/bpftrace/sysinfo.js';

const kern = kernelAvailable();
const tf = tracefsAvailable();
const haveBpftrace = spawnSync('bpftrace', ['--version'], { encoding: 'utf8' }).status === 0;
const skip = !kern.ok ? `bpf() unavailable: ${kern.reason}` : !tf.ok ? tf.reason : !haveBpftrace ? 'bpftrace is not installed (apt-get install bpftrace)' : process.getuid?.() !== 0 ? 'needs root' : false;
const tsbpf = new URL('../../../bin/tsbpf.js', import.meta.url).pathname;

function results(out: string): unknown[] {
  return out.split('\n').filter((l) => l.startsWith('{')).map((l) => {
    try {
      return JSON.parse(l) as { type: string };
    } catch {
      // bpftrace 0.17 prints strerror/strftime/macaddr/cgroup_path values unquoted: compare the text
      return { raw: l };
    }
  }).filter((j) => (j as { type?: string }).type !== 'attached_probes');
}

function both(args: string[]): { ours: ReturnType<typeof spawnSync>; theirs: ReturnType<typeof spawnSync> } {
  const ours = spawnSync(process.execPath, [tsbpf, 'trace', ...args], { encoding: 'utf8', timeout: 60000 });
  const theirs = spawnSync('bpftrace', args, { encoding: 'utf8', timeout: 60000 });
  return { ours, theirs };
}

test('cat, system, strerror, strftime, cgroup_path, macaddr, kptr/uptr, str($1): -f json equal to bpftrace\'s', { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'tlang-funcs-'));
  try {
    writeFileSync(join(dir, 'data.txt'), 'first line\nsecond line\n');
    const d = JSON.stringify(dir).slice(1, -1);
    // the shell's echo is a builtin: its one write carries exactly these bytes (a script file:
    // bpftrace splits -c at spaces, without shell quoting)
    writeFileSync(join(dir, 'w.sh'), 'echo ABCDEFGHIJ > /dev/null\n');
    const echo = `/bin/sh ${join(dir, 'w.sh')}`;
    const cases: Array<{ prog: string; cmd?: string; extra?: string[]; pos?: string[] }> = [
      { prog: `BEGIN { cat("${d}/%s.txt", "data"); cat("${d}/missing"); exit(); }` },
      { prog: 'BEGIN { system("echo %d-%s", 42, "x"); exit(); }', extra: ['--unsafe'] },
      { prog: 'BEGIN { printf("%s|%s|%s\\n", strerror(2), strerror(13), strerror(1)); @e = strerror(22); exit(); }' },
      { prog: 'BEGIN { printf("%s\\n", strftime("%Y-%m-%d", nsecs)); @y = strftime("%Y", nsecs); print(strftime("%m", nsecs)); exit(); }' },
      { prog: 'BEGIN { printf("[%s]\\n", cgroup_path(1)); printf("[%s]\\n", cgroup_path(1, "unified")); printf("[%s]\\n", cgroup_path(1, "c*")); @c = cgroup_path(1, "mem*"); exit(); }' },
      { prog: 'tracepoint:syscalls:sys_enter_write /pid == cpid/ { @[macaddr(args->buf)] = count(); printf("%s\\n", macaddr(uptr(args->buf))); }', cmd: echo },
      { prog: 'BEGIN { printf("%d %s %s %d\\n", $#, str($1), str($2), $1 + 1); exit(); }', pos: ['7', 'hello'] },
      // a 280-byte record: built in the per-CPU scratch value, not on the stack
      { prog: 'tracepoint:syscalls:sys_enter_write /pid == cpid/ { printf("%s|%s|%s|%s|%d\\n", str(args->buf), comm, str(args->buf, 4), str(args->buf), args->count); }', cmd: echo },
      { prog: 'BEGIN { @p = kptr(0); @q = uptr(5); exit(); }' },
      { prog: 'BEGIN { $a = pton("192.168.0.1"); printf("%d %d %s %s\\n", $a[0], $a[3], ntop(pton("10.1.2.3")), ntop(pton("fe80::1:2"))); print(pton("1.2.3.4")); @a = pton("::2"); exit(); }' },
    ];
    for (const c of cases) {
      const args = [...(c.extra ?? []), '-f', 'json', '-e', c.prog, ...(c.cmd ? ['-c', c.cmd] : []), ...(c.pos ?? [])];
      const { ours, theirs } = both(args);
      assert.equal(ours.status, 0, `tsbpf failed on ${c.prog}: ${ours.stderr}`);
      const r = results(String(ours.stdout));
      assert.ok(r.length > 0, `no output for ${c.prog}`);
      assert.deepEqual(r, results(String(theirs.stdout)), `for ${c.prog}`);
      // a file cat() cannot open is an ERROR line on stderr in both
      if (c.prog.includes('missing')) assert.match(String(ours.stderr), /ERROR: failed to open file '.*missing': No such file or directory/);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('printf records larger than the stack (BPFTRACE_STRLEN=200, ten strings: 2 KB) arrive whole', { skip }, () => {
  // bpftrace 0.17 cannot compile this one (its LLVM build exceeds the 512-byte stack); tsbpf builds
  // the record in a per-CPU array value
  const dir = mkdtempSync(join(tmpdir(), 'tlang-big-'));
  try {
    writeFileSync(join(dir, 'w.sh'), `echo ${'x'.repeat(150)} > /dev/null\n`);
    const s = Array.from({ length: 10 }, () => 'str(args->buf)').join(', ');
    const prog = `tracepoint:syscalls:sys_enter_write /pid == cpid/ { printf("${Array(10).fill('%s').join('|')} %d\\n", ${s}, args->count); }`;
    const r = spawnSync(process.execPath, [tsbpf, 'trace', '-f', 'json', '-e', prog, '-c', `/bin/sh ${join(dir, 'w.sh')}`], { encoding: 'utf8', timeout: 60000, env: { ...process.env, BPFTRACE_STRLEN: '200' } });
    assert.equal(r.status, 0, r.stderr);
    const line = `${'x'.repeat(150)}\n`;
    assert.deepEqual(results(r.stdout), [{ type: 'printf', data: `${Array(10).fill(line).join('|')} 151\n` }]);
    const tooLong = spawnSync(process.execPath, [tsbpf, 'trace', '-e', 'BEGIN { exit(); }'], { encoding: 'utf8', env: { ...process.env, BPFTRACE_STRLEN: '201' } });
    assert.notEqual(tooLong.status, 0);
    assert.match(tooLong.stderr, /'BPFTRACE_STRLEN' 201 exceeds the current maximum of 200 bytes/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const v2 = '/sys/fs/cgroup/unified';
const haveV2 = existsSync(join(v2, 'cgroup.procs')) || (existsSync('/sys/fs/cgroup/cgroup.procs') && readFileSync('/proc/self/mountinfo', 'utf8').includes(' /sys/fs/cgroup rw'));

test('cgroupid(): the workload moved into a cgroup this test creates is counted there, as bpftrace counts it', { skip: skip || (!haveV2 && 'no cgroup v2 hierarchy at /sys/fs/cgroup/unified or /sys/fs/cgroup') }, () => {
  const root = existsSync(join(v2, 'cgroup.procs')) ? v2 : '/sys/fs/cgroup';
  const cg = join(root, `tlang-test-${process.pid}`);
  mkdirSync(cg);
  const dir = mkdtempSync(join(tmpdir(), 'tlang-cg-'));
  try {
    // the shell joins the cgroup, then execs dd: its five writes happen inside it
    writeFileSync(join(dir, 'cg.sh'), `echo $$ > ${cg}/cgroup.procs\nexec /usr/bin/dd if=/dev/zero of=/dev/null bs=100 count=5 status=none\n`);
    const cmd = `/bin/sh ${join(dir, 'cg.sh')}`;
    const prog = `tracepoint:syscalls:sys_enter_write /comm == "dd"/ { @in[cgroup == cgroupid("${cg}")] = count(); printf("%s\\n", cgroup_path(cgroup, "unified")); }`;
    const { ours, theirs } = both(['-f', 'json', '-e', prog, '-c', cmd]);
    assert.equal(ours.status, 0, String(ours.stderr));
    const r = results(String(ours.stdout));
    assert.deepEqual(r, results(String(theirs.stdout)));
    const name = cg.slice(root.length);
    const line = { type: 'printf', data: `unified:${name}\n` };
    assert.deepEqual(r, [line, line, line, line, line, { type: 'map', data: { '@in': { 1: 5 } } }]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    // the cgroup is empty again once dd has exited
    for (let i = 0; i < 50 && existsSync(cg); i++) {
      try {
        rmdirSync(cg);
      } catch {
        spawnSync('sleep', ['0.1']);
      }
    }
  }
});

test('errors of these functions are bpftrace\'s', () => {
  const err = (src: string, opts: Parameters<typeof compile>[1] = {}): string => {
    try {
      compile(src, opts);
    } catch (e) {
      if (e instanceof ScriptError) return e.detail;
      throw e;
    }
    return '';
  };
  assert.equal(err('BEGIN { system("ls"); }'), 'system() is an unsafe function being used in safe mode');
  assert.equal(err('BEGIN { system("ls"); }', { unsafe: true }), '');
  assert.equal(err('BEGIN { printf("%s", macaddr("abcdef")); }'), 'macaddr() does not support literal string arguments');
  assert.equal(err('BEGIN { $x = (1, 2); printf("%s", macaddr($x)); }'), 'macaddr() only supports array or pointer arguments');
  assert.equal(err('BEGIN { cat("%d %d", 1); }'), 'cat: Not enough arguments for format string (1 supplied, 2 expected)');
  // the host's cgroup ids are given by the caller (the CLI passes sysinfo's); without them, a sentence
  assert.match(err('BEGIN { print(cgroupid("/sys/fs/cgroup")); }'), /cgroupid\(\) needs the host's/);
  assert.match(err('BEGIN { print(cgroupid("/nonexistent/tlang")); }', { cgroupId }), /^Failed to get `cgroupid` for path: "\/nonexistent\/tlang": No such file or directory$/);
  assert.equal(err('BEGIN { print(strftime(1, 2)); }'), 'strftime() expects a string literal as first argument');
  assert.equal(err('BEGIN { print(pton("1.2.3")); }'), 'pton() expects a valid IPv4/IPv6 address, got 1.2.3');
  assert.equal(err('BEGIN { print(pton("1::2::3")); }'), 'pton() expects a valid IPv4/IPv6 address, got 1::2::3');
});
