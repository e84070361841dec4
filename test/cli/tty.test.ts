/**
 * What a terminal gets that a pipe does not: colour in the verifier's log (off with NO_COLOR) and
 * a progress bar on stderr for long work. Run under script(1), which gives the command a pty.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const bin = join(root, 'bin/tsbpf.js');
const hasScript = spawnSync('script', ['--version']).status === 0;
const skip = hasScript ? false : 'script(1) (util-linux) is not installed: no pty to run under';
const ESC = '\x1b[';

/** run argv under a pty; stdout and stderr arrive together */
function onTty(args: string[], env: Record<string, string> = {}): string {
  const cmd = [process.execPath, bin, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const base: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm-256color' };
  // CI=… makes Node's tty.getColorDepth() answer 2 colours (no colour) unless it knows the provider:
  // the terminal this test stands for is a user's, not a CI log
  for (const k of ['NO_COLOR', 'FORCE_COLOR', 'NODE_DISABLE_COLORS', 'CI', 'TMUX', 'COLORTERM']) delete base[k];
  const r = spawnSync('script', ['-qec', cmd, '/dev/null'], { encoding: 'utf8', env: { ...base, ...env } });
  return r.stdout;
}

const REJECTED = ['prog', 'verify', '--hex', '61a0000000000000 9500000000000000', '--type', 'xdp'];

test('the verifier log is coloured on a terminal, plain with NO_COLOR and through a pipe', { skip }, () => {
  const tty = onTty(REJECTED);
  assert.ok(tty.includes(`${ESC}31minvalid read from stack R10 off=0 size=4`), JSON.stringify(tty));
  const plain = onTty(REJECTED, { NO_COLOR: '1' });
  assert.ok(!plain.includes(ESC), JSON.stringify(plain));
  const piped = spawnSync(process.execPath, [bin, ...REJECTED], { encoding: 'utf8' });
  assert.ok(!piped.stdout.includes(ESC));
  // the same text, colour aside
  assert.equal(tty.replace(/\x1b\[\d+m/g, ''), plain);
  assert.equal(plain.replace(/\r\n/g, '\n'), piped.stdout);
});

test('a long run shows a progress bar on a terminal\'s stderr, never through a pipe', { skip }, () => {
  const args = ['run', join(root, 'examples/xdp_firewall.bpf.o'), '--pcap', join(root, 'examples/traffic.pcap')];
  // the bar waits a second before it appears; TSBPF_PROGRESS_DELAY_MS=0 makes this short run long enough
  const tty = onTty(args, { TSBPF_PROGRESS_DELAY_MS: '0' });
  assert.match(tty, /tsbpf run \[[=-]+\] +\d+% \d+ packets/);
  const piped = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, TSBPF_PROGRESS_DELAY_MS: '0' } });
  assert.equal(piped.status, 0);
  assert.equal(piped.stderr, '');
  const quiet = onTty([...args, '-q'], { TSBPF_PROGRESS_DELAY_MS: '0' });
  assert.doesNotMatch(quiet, /tsbpf run \[/);
});
