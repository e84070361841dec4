/**
 * Output that cannot be written (`> /dev/full`: every write is ENOSPC, as on a full disk): the
 * command says so once, on stderr, and exits 1. Before, `disasm`, `btf dump` and `prog dump` lost
 * their output and exited 0 (the stream's error came after the exit), and `--help`, `--version`,
 * `map show`, `feature probe` and every `-j` command reported the error, failed writing the report
 * (to stdout under -j, or draining stdout again), and reported that, forever. A stderr that cannot
 * be written changes nothing (tcpdump exits 0 when only its closing count is lost).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, openSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const bin = join(root, 'bin/tsbpf.js');
const ex = (n: string): string => join(root, 'examples', n);
const skip = existsSync('/dev/full') ? false : 'no /dev/full on this system';

function run(argv: string[], to: 'stdout' | 'stderr'): { code: number | null; err: string; out: string } {
  const full = openSync('/dev/full', 'w');
  try {
    const r = spawnSync(process.execPath, [bin, ...argv], {
      stdio: ['ignore', to === 'stdout' ? full : 'pipe', to === 'stderr' ? full : 'pipe'],
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, NO_COLOR: '1', TSBPF_DEBUG: '' },
    });
    return { code: r.status, err: r.stderr ?? '', out: r.stdout ?? '' };
  } finally {
    closeSync(full);
  }
}

test('stdout on a full device: one ENOSPC line naming the command, exit 1, for text and -j, small and large output', { skip }, () => {
  const FW = ex('xdp_firewall.bpf.o');
  const cases: [string[], string][] = [
    [['--help'], 'tsbpf'],
    [['--version'], 'tsbpf'],
    [['disasm', FW], 'tsbpf disasm'],
    [['-j', 'disasm', FW], 'tsbpf disasm'],
    [['prog', 'dump', 'xlated', FW], 'tsbpf prog dump'],
    [['-j', 'prog', 'verify', FW, '--log-level', '2'], 'tsbpf prog verify'],
    [['prog', 'run', ex('exec_trace.bpf.o'), '--ctx-in', ex('exec_trace.ctx.json')], 'tsbpf prog run'],
    [['filter', '-r', ex('traffic.pcap'), '-w', '-'], 'tsbpf filter'],
    [['map', 'show', '--help'], 'tsbpf map show'],
  ];
  if (existsSync('/sys/kernel/btf/vmlinux')) cases.push([['btf', 'dump', 'file', '/sys/kernel/btf/vmlinux', 'format', 'c'], 'tsbpf btf']);
  for (const [argv, who] of cases) {
    const r = run(argv, 'stdout');
    const what = `tsbpf ${argv.join(' ')} > /dev/full`;
    assert.equal(r.code, 1, `${what}: exit ${r.code}, stderr ${r.err.slice(0, 300)}`);
    assert.equal(r.err, `${who}: ENOSPC: cannot write stdout: no space left on device\n`, what);
  }
});

test('stderr on a full device: the exit code is the command\'s (0 for filter\'s lost count, 2 for a usage error, 1 for a failure)', { skip }, () => {
  const f = run(['filter', '-r', ex('traffic.pcap'), '-c', '2'], 'stderr');
  assert.equal(f.code, 0);
  assert.equal(f.out.split('\n').filter(Boolean).length, 2, 'the two packets were printed');
  assert.equal(run(['no-such-command'], 'stderr').code, 2);
  assert.equal(run(['disasm', '/nonexistent/x.o'], 'stderr').code, 1);
  const ok = run(['disasm', ex('xdp_firewall.bpf.o')], 'stderr');
  assert.equal(ok.code, 0);
  assert.match(ok.out, /exit/);
});
