/**
 * bin/tsbpf.js's start-up path: the bundled CLI (scripts/bundle-cli.mjs) run through vm.Script
 * with a V8 code cache. The cache may only ever speed a run up: these runs meet a missing cache, a
 * good one, a damaged one, a cache directory that cannot be written, a bundle older than the last
 * tsc build and a broken bundle, and each prints what the ES-module path prints.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const BUNDLE = join(root, 'dist/src/cli/bundle.cjs');

function run(bin: string, env: Record<string, string>, ...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, TSBPF_DEBUG_STARTUP: '1', ...env } });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

/** why the bundle cannot be tested here, or undefined: bin/tsbpf.js says which path it took */
function noBundle(): string | undefined {
  if (!existsSync(BUNDLE)) return 'dist/src/cli/bundle.cjs is not built (npm run build:cli)';
  const r = run(join(root, 'bin/tsbpf.js'), { TSBPF_CACHE_DIR: '' }, '--version');
  return /^tsbpf: bundle /m.test(r.err) ? undefined : (/^tsbpf: ES modules \((.*)\)$/m.exec(r.err)?.[1] ?? `the bundle did not run: ${r.err}`);
}

// a command that runs the whole CLI layer, reads package.json beside the code, and prints
const ARGS = ['asm', '--help'];

test('bundle: no cache, then a cache written at exit and used, with the ES modules\' output', { skip: noBundle() }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsbpf-startup-'));
  try {
    const bin = join(root, 'bin/tsbpf.js');
    const esm = run(bin, { TSBPF_BUNDLE: '0', TSBPF_CACHE_DIR: dir }, ...ARGS);
    assert.equal(esm.code, 0, esm.err);
    assert.doesNotMatch(esm.err, /tsbpf: bundle/, 'TSBPF_BUNDLE=0 runs the ES modules');
    const first = run(bin, { TSBPF_CACHE_DIR: dir }, ...ARGS);
    assert.match(first.err, /tsbpf: bundle [0-9a-f]{16}, cache .*-asm\.v8: none/);
    assert.equal(first.out, esm.out);
    const files = readdirSync(dir).filter((n) => n.endsWith('.v8'));
    assert.equal(files.length, 1, `one cache file for the command: ${readdirSync(dir).join(', ')}`);
    const second = run(bin, { TSBPF_CACHE_DIR: dir }, ...ARGS);
    assert.match(second.err, /: used$/m);
    assert.equal(second.out, esm.out);
    // --version reads ../../../package.json relative to the code: the bundle sits where main.js does
    assert.equal(run(bin, { TSBPF_CACHE_DIR: dir }, '--version').out, run(bin, { TSBPF_BUNDLE: '0' }, '--version').out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bundle: a damaged, truncated or foreign cache file is refused and rewritten', { skip: noBundle() }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsbpf-startup-'));
  try {
    const bin = join(root, 'bin/tsbpf.js');
    const good = run(bin, { TSBPF_CACHE_DIR: dir }, ...ARGS);
    const file = join(dir, readdirSync(dir).find((n) => n.endsWith('.v8'))!);
    const bytes = readFileSync(file);
    const flipped = Buffer.from(bytes);
    for (let i = 64; i < flipped.length; i += 997) flipped[i]! ^= 0x5a;
    for (const bad of [flipped, bytes.subarray(0, bytes.length >> 1), Buffer.from('not a cache'), Buffer.alloc(0)]) {
      writeFileSync(file, bad);
      const r = run(bin, { TSBPF_CACHE_DIR: dir }, ...ARGS);
      assert.equal(r.code, 0, r.err);
      assert.equal(r.out, good.out);
      assert.match(r.err, /: (none|rejected)$/m, 'a damaged cache is not used');
      assert.deepEqual(readFileSync(file).subarray(0, 8), bytes.subarray(0, 8), 'and a good one is written in its place');
      assert.match(run(bin, { TSBPF_CACHE_DIR: dir }, ...ARGS).err, /: used$/m);
    }
    // cache directories that cannot be created (Node 20's recursive mkdir spins forever on the
    // first): the run goes on without a cache
    for (const where of ['/proc/tsbpf-no-such-dir/cache', join(file, 'sub')]) {
      const r = run(bin, { TSBPF_CACHE_DIR: where }, ...ARGS);
      assert.equal(r.code, 0, r.err);
      assert.equal(r.out, good.out);
    }
    // TSBPF_CACHE_DIR= (empty): no cache at all
    assert.match(run(bin, { TSBPF_CACHE_DIR: '' }, ...ARGS).err, /cache undefined: none/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bundle: older than the last tsc build, or broken, falls back to the ES modules', { skip: noBundle() }, () => {
  // a copy of bin/ and the bundle without the ES modules: falling back shows as "build tsbpf first"
  const dir = mkdtempSync(join(tmpdir(), 'tsbpf-startup-'));
  try {
    mkdirSync(join(dir, 'bin'));
    mkdirSync(join(dir, 'dist/src/cli'), { recursive: true });
    for (const f of ['tsbpf.js', 'package.json']) copyFileSync(join(root, 'bin', f), join(dir, 'bin', f));
    writeFileSync(join(dir, 'package.json'), readFileSync(join(root, 'package.json')));
    const bundle = join(dir, 'dist/src/cli/bundle.cjs');
    copyFileSync(BUNDLE, bundle);
    const bin = join(dir, 'bin/tsbpf.js');
    const env = { TSBPF_CACHE_DIR: join(dir, 'cache') };
    // koffi is found from the bundle's place; a help text needs no koffi
    const ok = run(bin, env, ...ARGS);
    assert.equal(ok.code, 0, ok.err);
    assert.match(ok.err, /tsbpf: bundle/);
    // a tsc build after the bundle: the bundle is stale
    writeFileSync(join(dir, 'dist/.tsbuildinfo'), '{}');
    const t = statSync(bundle).mtimeMs / 1000;
    utimesSync(join(dir, 'dist/.tsbuildinfo'), t + 10, t + 10);
    const stale = run(bin, env, ...ARGS);
    assert.equal(stale.code, 1);
    assert.match(stale.err, /ENOENT: .*dist\/src\/cli\/exit\.js is missing: build tsbpf first/);
    assert.match(stale.err, /tsbpf: ES modules \(the bundle is older than dist\/bundle\.cjs\.inputs \(missing\)/);
    // with the list of the bundle's modules (bundle.cjs.inputs): a tsc build that wrote none of them
    // leaves the bundle in use; one that wrote one of them (or removed it) makes it stale
    copyFileSync(`${BUNDLE}.inputs`, `${bundle}.inputs`);
    const inputs = readFileSync(`${bundle}.inputs`, 'latin1').split('\n').filter(Boolean);
    assert.ok(inputs.includes('src/cli/exit.js') && inputs.length > 50, `the bundle's modules: ${inputs.length}`);
    for (const p of inputs) {
      mkdirSync(join(dir, 'dist', p, '..'), { recursive: true });
      writeFileSync(join(dir, 'dist', p), '');
      utimesSync(join(dir, 'dist', p), t - 10, t - 10);
    }
    const fresh = run(bin, env, ...ARGS);
    assert.equal(fresh.code, 0, fresh.err);
    assert.match(fresh.err, /tsbpf: bundle [0-9a-f]{16}, cache/);
    const changed = inputs[inputs.length >> 1]!;
    utimesSync(join(dir, 'dist', changed), t + 5, t + 5);
    const newer = run(bin, env, ...ARGS);
    assert.equal(newer.code, 1);
    assert.match(newer.err, new RegExp(`tsbpf: ES modules \\(the bundle is older than dist/${changed.replace(/[.]/g, '\\.')}:`));
    utimesSync(join(dir, 'dist', changed), t - 10, t - 10);
    rmSync(join(dir, 'dist', inputs[0]!));
    assert.match(run(bin, env, ...ARGS).err, new RegExp(`older than dist/${inputs[0]!.replace(/[.]/g, '\\.')}:`), 'a module gone');
    // the stand-in modules go (the broken bundles below must fall back to no ES modules)
    for (const p of inputs) rmSync(join(dir, 'dist', p), { force: true });
    rmSync(join(dir, 'dist/.tsbuildinfo'));
    // a bundle that throws while loading, and one without its header line
    for (const text of ['// tsbpf-bundle 0123456789abcdef0123\nthrow new Error("broken");', 'exports.runCli = () => process.exit(7);']) {
      writeFileSync(bundle, text);
      const r = run(bin, env, ...ARGS);
      assert.equal(r.code, 1, r.err);
      assert.match(r.err, /build tsbpf first/);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * A command with a bundle of its own (bundle-NAME.cjs, scripts/bundle-cli.mjs ENTRIES) runs from it
 * when the first word is exactly NAME, and prints, on every case, what the ES modules print — with
 * no cache and then with the one the first run wrote.
 */
function ownBundle(name: string, cases: string[][], dir: string, same: (s: string) => string = (s) => s): void {
  const bin = join(root, 'bin/tsbpf.js');
  for (const args of cases) {
    const esm = run(bin, { TSBPF_BUNDLE: '0', TSBPF_CACHE_DIR: dir }, name, ...args);
    assert.doesNotMatch(esm.err, /tsbpf: bundle/);
    for (const pass of ['none', 'used']) {
      const own = run(bin, { TSBPF_CACHE_DIR: dir }, name, ...args);
      assert.match(own.err, new RegExp(`^tsbpf: bundle [0-9a-f]{16} \\(bundle-${name}\\.cjs\\), cache .*-${name}(-[a-z]+)?\\.v8: (none|used|rejected)$`, 'm'), `${name} ${args.join(' ')}`);
      assert.equal(own.code, esm.code, `${name} ${args.join(' ')}: ${own.err}`);
      assert.equal(same(own.out), same(esm.out), `${name} ${args.join(' ')} (${pass})`);
      // TSBPF_DEBUG_STARTUP's lines: which bundle and cache, and a cache written again with more modules
      assert.equal(own.err.replace(/^tsbpf: bundle.*\n/m, '').replace(/^tsbpf: cache rewritten: .*\n/m, ''), esm.err, `${name} ${args.join(' ')} (${pass})`);
    }
  }
  assert.ok(readdirSync(dir).some((n) => n.endsWith(`-${name}.v8`)), `a cache for the ${name} bundle was written`);
}

const notBuilt = (name: string): string | undefined => noBundle() ?? (existsSync(join(root, `dist/src/cli/bundle-${name}.cjs`)) ? undefined : `dist/src/cli/bundle-${name}.cjs is not built (npm run build:cli)`);

test('bundle: `tsbpf filter` runs from its own bundle (bundle-filter.cjs), with what the whole CLI prints', { skip: notBuilt('filter') }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsbpf-startup-'));
  try {
    const bin = join(root, 'bin/tsbpf.js');
    const pcap = join(root, 'test/data/pcap/ethernet.pcap');
    const cases = [
      ['-r', pcap, '-w', '-', 'tcp or vlan'], // the record loop in wasm, bytes to stdout
      ['-r', pcap, '-c', '5', 'ip6'], // tcpdump's lines
      ['-r', pcap, '-w', '-', '--engine', 'cbpf', 'udp'], // the general path
      ['-dd', 'ip and udp'],
      ['--help'],
      ['-r', pcap, 'tcp port'], // a syntax error: exit 1, libpcap's message
      ['-r', pcap, '--workers', '3', '-w', '-', 'ip'], // a bad option value
      ['-r', pcap], // no expression: every packet
      ['-j', '-r', join(dir, 'missing.pcap'), 'ip'], // -j after the command: the error as JSON
      ['--workers', '1', '-r', pcap, '-w', '/dev/null', 'tcp'], // the worker thread's module is found from the bundle too
    ];
    ownBundle('filter', cases, dir);
    assert.match(run(bin, { TSBPF_CACHE_DIR: dir }, 'filter', ...cases.at(-1)!).err, /packets selected of \d+ \(engine cbpf-wasm, 2 threads\)/);
    // a prefix of the word is the whole CLI's business (the command table matches prefixes)
    const prefix = run(bin, { TSBPF_CACHE_DIR: dir }, 'filt', '-dd', 'ip');
    assert.match(prefix.err, /^tsbpf: bundle [0-9a-f]{16}, cache .*-filt\.v8/m);
    assert.equal(prefix.out, run(bin, { TSBPF_BUNDLE: '0' }, 'filter', '-dd', 'ip').out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bundle: `tsbpf trace` runs from its own bundle (bundle-trace.cjs), with what the whole CLI prints', { skip: notBuilt('trace') }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsbpf-startup-'));
  try {
    ownBundle('trace', [
      ['--dry-run', '-d', '-e', 'BEGIN { printf("%d %s\\n", 1 + 2, "x"); @a[1] = count(); }'], // compiled, verified, disassembled, nothing loaded
      ['--dry-run', '-e', 'BEGIN { printf("%d\\n", $y); }'], // a script error: the caret, exit 1
      ['--dry-run', '-e', 'tracepoint:nosuch:probe { }'], // an unknown tracepoint (or no tracefs): the error either way
      ['--help'],
      ['-l', 'software:*'], // the listing, no kernel needed
      [join(root, 'examples/trace_printk.bpf.o'), '--pcap', join(root, 'examples/traffic.pcap'), '-c', '3'], // object mode: the VM, loaded on demand
    ], dir, (s) => s.replace(/tsbpf-\d+ +\[000\] b\.\.11 +[\d.]+:/g, 'tsbpf-PID [000] b..11 TIME:')); // the run's pid and clock in object mode's lines
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** bin/tsbpf.js started as a program (its /bin/sh line), as the npm bin link starts it */
function runAsProgram(env: Record<string, string>, ...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(join(root, 'bin/tsbpf.js'), args, { encoding: 'utf8', timeout: 120_000, env: { ...process.env, ...env } });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

test('launcher: run as a program, node starts without NODE_EXTRA_CA_CERTS (Node 20 parses it before any code runs)', () => {
  // a file that does not exist makes Node say, at start-up, that it read the variable
  const env = { NODE_EXTRA_CA_CERTS: join(tmpdir(), 'tsbpf-no-such-ca-file.pem') };
  const viaNode = run(join(root, 'bin/tsbpf.js'), env, '--version');
  assert.match(viaNode.err, /Ignoring extra certs from/, 'node bin/tsbpf.js: Node reads the variable');
  const direct = runAsProgram(env, '--version');
  assert.equal(direct.code, 0, direct.err);
  assert.equal(direct.out, viaNode.out);
  assert.doesNotMatch(direct.err, /extra certs/);
  // arguments with spaces, quotes, $ and backslashes reach the command unchanged through "$@"
  const args = ['trace', '--dry-run', '-d', '-e', 'BEGIN { printf("$HOME \\"q\\" \\t %d\\n", 1); }'];
  const odd = runAsProgram({}, ...args);
  const ref = run(join(root, 'bin/tsbpf.js'), {}, ...args);
  assert.equal(odd.code, ref.code, odd.err);
  const startup = /^tsbpf: (bundle|ES modules) .*\n/m; // TSBPF_DEBUG_STARTUP's line, which run() asks for
  assert.equal(odd.out + odd.err.replace(startup, ''), ref.out + ref.err.replace(startup, ''));
  assert.match(ref.err, /r[0-9] = /, 'the script compiled');
});

test('launcher: the processes tsbpf starts (trace -c CMD) get NODE_EXTRA_CA_CERTS back', { skip: process.getuid?.() !== 0 ? 'needs root (trace -c attaches a BEGIN probe)' : !existsSync('/sys/kernel/tracing') && !existsSync('/sys/kernel/debug/tracing') ? 'no tracefs' : false }, () => {
  for (const value of ['/etc/ssl/certs/tsbpf-test.pem', undefined]) {
    const env: Record<string, string> = { ...(process.env as Record<string, string>) };
    delete env.NODE_EXTRA_CA_CERTS;
    delete env.TSBPF_EXTRA_CA_CERTS;
    if (value) env.NODE_EXTRA_CA_CERTS = value;
    const r = spawnSync(join(root, 'bin/tsbpf.js'), ['trace', '-q', '-e', 'BEGIN { }', '-c', 'env'], { encoding: 'utf8', timeout: 120_000, env });
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.split('\n');
    assert.deepEqual(lines.filter((l) => l.startsWith('NODE_EXTRA_CA_CERTS=')), value ? [`NODE_EXTRA_CA_CERTS=${value}`] : []);
    assert.deepEqual(lines.filter((l) => l.startsWith('TSBPF_EXTRA_CA_CERTS')), [], 'the carrier variable is gone');
  }
});

// a script run (not --dry-run: that one has the verifier's cache) loads and runs a BEGIN probe
const NO_BEGIN = process.getuid?.() !== 0 ? 'needs root (the script runs a BEGIN probe)' : !existsSync('/sys/kernel/tracing') && !existsSync('/sys/kernel/debug/tracing') ? 'no tracefs' : false;

test('bundle: a cache made by a run that used less of the bundle is written again by one that uses more modules, then left alone', { skip: notBuilt('trace') || NO_BEGIN }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsbpf-startup-'));
  try {
    const bin = join(root, 'bin/tsbpf.js');
    const script = ['-e', 'BEGIN { printf("%d\\n", 1 + 2); @[2] = count(); exit(); }'];
    const help = run(bin, { TSBPF_CACHE_DIR: dir }, 'trace', '--help');
    assert.match(help.err, /cache .*-trace\.v8: none$/m);
    const file = join(dir, readdirSync(dir).find((n) => n.endsWith('-trace.v8'))!);
    const small = readFileSync(file);
    // the compiler's modules were not in --help's run: used, and written again with them
    const more = run(bin, { TSBPF_CACHE_DIR: dir }, 'trace', ...script);
    assert.equal(more.code, 0, more.err);
    assert.match(more.err, /: used$/m);
    assert.match(more.err, /^tsbpf: cache rewritten: \d+ more modules \(/m);
    const grown = readFileSync(file);
    assert.ok(grown.length > small.length + 10_000, `the cache grew: ${small.length} -> ${grown.length} bytes`);
    // the same run again adds no module: the file is left as it is, and the output is the ES modules'
    const again = run(bin, { TSBPF_CACHE_DIR: dir }, 'trace', ...script);
    assert.match(again.err, /: used$/m);
    assert.doesNotMatch(again.err, /cache rewritten/);
    assert.ok(readFileSync(file).equals(grown), 'not written again');
    assert.equal(again.out, run(bin, { TSBPF_BUNDLE: '0', TSBPF_CACHE_DIR: dir }, 'trace', ...script).out);
    // --help again: nothing new either
    assert.doesNotMatch(run(bin, { TSBPF_CACHE_DIR: dir }, 'trace', '--help').err, /cache rewritten/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bundle: trace runs with the verifier, the probe list or the object runner keep caches of their own', { skip: notBuilt('trace') }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsbpf-startup-'));
  try {
    const bin = join(root, 'bin/tsbpf.js');
    const cacheOf = (...args: string[]): string => /^tsbpf: bundle .* cache .*-(trace[a-z-]*)\.v8: /m.exec(run(bin, { TSBPF_CACHE_DIR: dir }, 'trace', ...args).err)?.[1] ?? 'no cache line';
    // a script error: each run ends before loading anything and writes no cache
    const bad = 'BEGIN { printf("%d\\n", $y); }';
    const cases: Array<[string[], string]> = [
      [['-e', bad], 'trace'],
      [['-q', '-f', 'json', '-e', bad], 'trace'],
      [['-v', '-e', bad], 'trace-verify'],
      [['-e', bad, '--verify'], 'trace-verify'],
      [['-d', '-e', bad], 'trace-verify'],
      [['--dry-run', '-e', bad], 'trace-verify'],
      [['-e', '-v'], 'trace'], // -e's value
      [['-c', '-d', '-e', bad], 'trace'], // -c's value
      [['nosuch.bt', '-v'], 'trace'], // an argument of the script
      [['-l', 'nosuch:*'], 'trace-list'],
      [['-lv', 'nosuch:*'], 'trace-list'],
      [['nosuch.o', '-c', '1'], 'trace-obj'],
      [['x', '--pcap=y'], 'trace-obj'],
      [['x', '--data-in', 'y'], 'trace-obj'],
    ];
    for (const [args, want] of cases) assert.equal(cacheOf(...args), want, args.join(' '));
    // a verifier run that succeeds leaves the scripts' cache as it was
    assert.equal(run(bin, { TSBPF_CACHE_DIR: dir }, 'trace', '--help').code, 0);
    const scripts = join(dir, readdirSync(dir).find((n) => n.endsWith('-trace.v8'))!);
    const before = readFileSync(scripts);
    const verified = run(bin, { TSBPF_CACHE_DIR: dir }, 'trace', '--dry-run', '-e', 'BEGIN { printf("%d\\n", 1 + 2); @[2] = count(); }');
    assert.equal(verified.code, 0, verified.err);
    assert.ok(readFileSync(scripts).equals(before), 'the scripts\' cache is unchanged');
    assert.ok(readdirSync(dir).some((n) => n.endsWith('-trace-verify.v8')), 'the verifier run wrote its own');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
