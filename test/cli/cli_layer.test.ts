/**
 * The command layer (src/cli/command.ts, main.ts, exit.ts) as a user meets it through bin/tsbpf.js:
 * help from the option tables, usage errors (exit 2), file errors with their errno name and path
 * (exit 1), whole output through a pipe, a closed pipe ending quietly, prefix matching.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { allCommands } from '../../src/cli/registry.js';
import { commands } from '../../src/cli/main.js';
import { parseCommand, usageLine, type OptionTable } from '../../src/cli/command.js';
import { inParallel, tsbpfAsync } from './run_bin.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const bin = join(root, 'bin/tsbpf.js');
const FW = join(root, 'examples/xdp_firewall.bpf.o');

function tsbpf(args: string[], input?: string): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', input, maxBuffer: 1 << 28, timeout: 60_000 });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

test('every command and verb answers --help from its option table, and rejects an unknown option with its usage line and exit 2', async () => {
  const all = await allCommands(commands);
  assert.ok(all.length >= 14, `${all.length} commands`);
  // four processes at a time: each run is mostly the start-up of a process
  await inParallel(4, all, async (c) => {
    const words = c.name.split(' ');
    const [h, u] = await Promise.all([tsbpfAsync([...words, '--help']), c.passUnknown ? undefined : tsbpfAsync([...words, '--no-such-option'])]);
    assert.equal(h.code, 0, `${c.name} --help: ${h.err}`);
    assert.ok(h.out.startsWith(usageLine(c)), `${c.name}: help starts with the usage line`);
    // every option of the table is in the help, and parses
    for (const [name, d] of Object.entries(c.options as OptionTable)) {
      if (d.hidden) continue;
      assert.ok(h.out.includes(`--${name}`), `${c.name} --help lists --${name}`);
      const value = d.type === 'string' ? [d.choices?.[0] ?? d.default ?? 'x'] : [];
      assert.doesNotThrow(() => parseCommand(c, [`--${name}`, ...value, '--help']), `${c.name} parses --${name}`);
    }
    if (!u) return;
    assert.equal(u.code, 2, `${c.name}: unknown option exits 2`);
    assert.match(u.err, /unknown option '--no-such-option'/);
    assert.match(u.err, /\nusage: tsbpf /, `${c.name}: the usage line follows`);
    assert.equal(u.out, '');
  });
});

test('top level: usage, --version, help CMD, prefix matching, ambiguous and unknown commands', () => {
  const none = tsbpf([]);
  assert.equal(none.code, 2);
  assert.match(none.err, /usage: tsbpf/);
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  assert.match(tsbpf(['--version']).out, new RegExp(`^tsbpf v${pkg.version.replace(/\./g, '\\.')}\\n`));
  assert.equal(tsbpf(['help', 'prog', 'run']).out, tsbpf(['prog', 'run', '--help']).out);
  // bpftool's prefixes: `prog ver` is `prog verify`, `p` is ambiguous (prog? no: only prog starts with p)
  assert.equal(tsbpf(['prog', 'ver', '--help']).out, tsbpf(['prog', 'verify', '--help']).out);
  // `prog d` is only `dump`: it reaches dump (whose check of the word `x` fails with EINVAL)
  const one = tsbpf(['prog', 'd', 'x', FW]);
  assert.equal(one.code, 1);
  assert.match(one.err, /^tsbpf prog dump: EINVAL/);
  const am2 = tsbpf(['map', 'd', 'pinned', '/x']);
  assert.equal(am2.code, 2);
  assert.match(am2.err, /ambiguous \(delete, dump\)/);
  const unk = tsbpf(['frobnicate']);
  assert.equal(unk.code, 2);
  assert.match(unk.err, /unknown command 'frobnicate'/);
  // long options by unique prefix, as getopt_long
  const lv = tsbpf(['prog', 'verify', FW, '--log-l', '0']);
  assert.equal(lv.code, 0, lv.err);
  const bad = tsbpf(['prog', 'verify', FW, '--log-level', '7']);
  assert.equal(bad.code, 1);
  assert.match(bad.err, /EINVAL: --log-level '7': expected one of 0, 1, 2/);
  const missing = tsbpf(['prog', 'run', '--raw']);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /option '--raw' needs a value/);
});

test('file errors: ENOENT, EISDIR, ENOTDIR with the path, exit 1, one line, no stack', () => {
  const cases: [string[], string, string][] = [
    [['prog', 'run', '--raw', '/nonexistent/p.bin'], 'ENOENT', '/nonexistent/p.bin'],
    [['prog', 'run', '--batch', '/nonexistent.jsonl'], 'ENOENT', '/nonexistent.jsonl'],
    [['prog', 'run', '--batch', '/tmp'], 'EISDIR', '/tmp'],
    [['prog', 'run', '--raw', '/tmp'], 'EISDIR', '/tmp'],
    [['filter', '-r', '/tmp', 'ip'], 'EISDIR', '/tmp'],
    [['filter', '-r', '/nonexistent.pcap', 'ip'], 'ENOENT', '/nonexistent.pcap'],
    [['prog', 'load', FW, '--pinmaps', '/dev/null/x'], 'ENOTDIR', '/dev/null/x'],
    [['asm', '/tmp'], 'EISDIR', '/tmp'],
    [['disasm', '/nonexistent.o'], 'ENOENT', '/nonexistent.o'],
    [['btf', 'dump', 'file', '/tmp'], 'EISDIR', '/tmp'],
    [['run', FW, '--pcap', '/tmp'], 'EISDIR', '/tmp'],
    [['prog', 'verify', '--raw', '/etc/hostname/x'], 'ENOTDIR', '/etc/hostname/x'],
  ];
  for (const [args, errno, path] of cases) {
    const r = tsbpf(args);
    assert.equal(r.code, 1, `${args.join(' ')}: ${r.err}`);
    assert.ok(r.err.includes(`${errno}: `) && r.err.includes(path), `${args.join(' ')}: ${r.err}`);
    assert.equal(r.err.trim().split('\n').length, 1, `${args.join(' ')}: one line: ${r.err}`);
    assert.doesNotMatch(r.err, /\n\s+at /);
  }
});

test('with -j an error is one JSON object on stdout and nothing on stderr, as bpftool -j prints it', () => {
  for (const args of [['-j', 'map', 'dump', 'pinned', '/nonexistent'], ['map', 'dump', 'pinned', '/nonexistent', '-p'], ['-j', 'prog', 'run', '--raw', '/tmp'], ['-j', 'disasm', '/nonexistent.o']]) {
    const r = tsbpf(args);
    assert.equal(r.code, 1, args.join(' '));
    assert.equal(r.err, '', args.join(' '));
    const o = JSON.parse(r.out) as { error: string; errno: string };
    assert.match(o.errno, /^E[A-Z]+$/);
    assert.ok(o.error.includes(`${o.errno}: `), r.out);
  }
  // usage errors stay a usage line on stderr, exit 2
  const u = tsbpf(['-j', 'prog', 'show', '--bogus']);
  assert.equal(u.code, 2);
  assert.equal(u.out, '');
});

// output through a pipe, byte-equal to output to a file for every command: pipe_output.test.ts

test('a reader that closes the pipe early ends the command quietly', () => {
  const r = spawnSync('sh', ['-c', `"${process.execPath}" "${bin}" btf dump file /sys/kernel/btf/vmlinux format c | head -1; echo "status \${PIPESTATUS:-x}"`], { encoding: 'utf8' });
  assert.equal(r.stdout.split('\n')[0], '#ifndef __VMLINUX_H__');
  assert.equal(r.stderr, '');
});

test('an internal error is one line (the stack only with TSBPF_DEBUG=1), exit 1', () => {
  const d = mkdtempSync(join(tmpdir(), 'tsbpf-int-'));
  try {
    // a command whose run throws a TypeError, run through the same entry as bin/tsbpf.js
    const mod = join(d, 'm.mjs');
    writeFileSync(mod, `import { commands } from ${JSON.stringify(join(root, 'dist/src/cli/main.js'))};
import { runCli } from ${JSON.stringify(join(root, 'dist/src/cli/exit.js'))};
commands.register('boom', 'throws', async () => ({ name: 'boom', summary: 'throws', options: {}, run() { return undefined.x; } }));
runCli(process.argv.slice(2));
`);
    const r = spawnSync(process.execPath, [mod, 'boom'], { encoding: 'utf8' });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^tsbpf boom: internal error: TypeError: Cannot read properties of undefined/);
    assert.equal(r.stderr.trim().split('\n').length, 1);
    const dbg = spawnSync(process.execPath, [mod, 'boom'], { encoding: 'utf8', env: { ...process.env, TSBPF_DEBUG: '1' } });
    assert.equal(dbg.status, 1);
    assert.match(dbg.stderr, /\n\s+at /);
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
});
