#!/bin/sh
':' //; [ -z "$NODE_EXTRA_CA_CERTS" ] || { TSBPF_EXTRA_CA_CERTS=$NODE_EXTRA_CA_CERTS; export TSBPF_EXTRA_CA_CERTS; unset NODE_EXTRA_CA_CERTS; }; exec node "$0" "$@"
// The two lines above are both shell and JavaScript. Run as a program (`tsbpf`, the npm bin link),
// /bin/sh reads the second line: it starts node on this file without NODE_EXTRA_CA_CERTS, which
// Node 20 reads and parses at process start, before any of our code (src/node.cc,
// crypto::UseExtraCaCerts; ~45 ms of CPU for a system's CA bundle here, more than the rest of
// Node's start-up): tsbpf makes no TLS connection. The value travels in TSBPF_EXTRA_CA_CERTS and
// is put back below, so the processes tsbpf starts (`trace -c CMD`) see the environment the user
// gave. Node reads the second line as a string and a comment; `node bin/tsbpf.js` skips the shell.
// Start-up. Node 20 resolves, reads and compiles each ES module on its own (~70 for `tsbpf trace`),
// which was most of a command's start-up, and has no module.enableCompileCache (Node >= 22.1). So
// `npm run build` also writes the CLI as one CommonJS file (scripts/bundle-cli.mjs), run here
// through vm.Script with a V8 code cache, as v8-compile-cache does: the first run of a command
// compiles it and saves what V8 compiled (per command, at exit) under $XDG_CACHE_HOME/tsbpf; later
// runs skip parsing and compiling. The cache can only speed a run up: a missing, stale, corrupt or
// unwritable cache, or a bundle older than the last tsc build (dist/.tsbuildinfo), falls back to
// compiling, or to the ES modules. TSBPF_BUNDLE=0 forces the ES modules; TSBPF_CACHE_DIR moves the
// cache, and TSBPF_CACHE_DIR= (empty) turns it off.
// This file is CommonJS (bin/package.json): an ES module entry would start Node's ES module loader
// (node:fs/promises, the package.json scope lookups), ~10% of a bundled run.
'use strict';
if (process.env.TSBPF_EXTRA_CA_CERTS !== undefined) {
  process.env.NODE_EXTRA_CA_CERTS = process.env.TSBPF_EXTRA_CA_CERTS;
  delete process.env.TSBPF_EXTRA_CA_CERTS;
}
const { readFileSync, statSync, writeFileSync, renameSync, mkdirSync, readdirSync, unlinkSync, openSync, fstatSync, readSync, closeSync } = require('node:fs');
const { Script } = require('node:vm');
const { join } = require('node:path');

// The file: 'tsbpfv8', a version byte, a checksum of the rest, the length of the module list, the
// list (the bundle's modules the runs that made the cache initialized, '\n'-separated), the payload
// (V8's cached data). V8 checks its own header (V8 version, source length, flags) but not, in
// release builds, the payload (v8 src/snapshot/code-serializer.cc, verify_snapshot_checksum is a
// debug flag): a damaged file is refused here instead of being deserialized.
const MAGIC = 'tsbpfv8\x03';
/** the commands with a bundle of their own (scripts/bundle-cli.mjs ENTRIES) */
const OWN_BUNDLE = new Set(['filter', 'trace']);
const argv = process.argv.slice(2);
const bundled = process.env.TSBPF_BUNDLE !== '0' && loadBundle();
if (bundled) bundled.runCli(argv);
else {
  // The command's code is the compiled dist/; in a checkout that was never built (or half-built)
  // say how to build it, in one line and with exit 1, instead of Node's module-not-found stack trace.
  const entry = join(__dirname, '../dist/src/cli/exit.js');
  import(entry).then((cli) => cli.runCli(argv), (e) => {
    if (e?.code !== 'ERR_MODULE_NOT_FOUND') throw e;
    process.stderr.write(`tsbpf: ENOENT: ${entry} is missing: build tsbpf first (npm install, or npm run build)\n`);
    process.exit(1);
  });
}

/** the bundle's exports, or undefined where it is absent, stale, or does not load */
function loadBundle() {
  // a command with a bundle of its own (scripts/bundle-cli.mjs ENTRIES: `filter`, `trace`) runs from
  // it when the first word is its name, exactly (a prefix, `-j` first, or no such file: the whole CLI's)
  let file = join(__dirname, '../dist/src/cli/bundle.cjs');
  let code;
  try {
    let built;
    if (OWN_BUNDLE.has(argv[0])) {
      try {
        const own = join(__dirname, `../dist/src/cli/bundle-${argv[0]}.cjs`);
        built = statSync(own).mtimeMs;
        file = own;
      } catch {
        /* not built: the whole CLI's bundle has the command too */
      }
    }
    built ??= statSync(file).mtimeMs;
    // a tsc build after the bundle's (a checkout being worked on): the bundle is stale if tsc wrote
    // one of the modules it holds (tsc's incremental build writes only the outputs of changed
    // sources, so a build that changed other files leaves it equal to the ES modules)
    let compiled = 0;
    try {
      compiled = statSync(join(__dirname, '../dist/.tsbuildinfo')).mtimeMs;
    } catch {
      /* an installed package has no build info: the bundle is what was shipped */
    }
    if (compiled > built) {
      const newer = newerInput(file, built);
      if (newer !== undefined) {
        if (process.env.TSBPF_DEBUG_STARTUP) process.stderr.write(`tsbpf: ES modules (the bundle is older than dist/${newer}: npm run build:cli)\n`);
        return undefined;
      }
    }
    // ASCII (scripts/bundle-cli.mjs): Latin-1 decoding is a copy, UTF-8 decoding is ~40 ms here
    code = readFileSync(file).toString('latin1');
  } catch {
    return undefined;
  }
  const id = /^\/\/ tsbpf-bundle ([0-9a-f]{16})/.exec(code)?.[1];
  if (!id) return undefined;
  const cache = cacheFile(id);
  const cached = cache ? readCache(cache) : undefined;
  const cachedData = cached?.data;
  let script;
  const mod = { exports: {} };
  try {
    script = new Script(`(function (exports, require, module, __filename, __dirname) {${code}\n})`, { filename: file, cachedData });
    const fn = script.runInThisContext();
    fn.call(mod.exports, mod.exports, require('node:module').createRequire(file), mod, file, join(file, '..'));
  } catch {
    return undefined;
  }
  if (typeof mod.exports.runCli !== 'function') return undefined;
  if (process.env.TSBPF_DEBUG_STARTUP) process.stderr.write(`tsbpf: bundle ${id}${file.endsWith('/bundle.cjs') ? '' : ` (${file.slice(file.lastIndexOf('/') + 1)})`}, cache ${cache?.path}: ${!cachedData ? "none" : script.cachedDataRejected ? "rejected" : "used"}\n`);
  // the bundle's modules this run initializes (scripts/bundle-cli.mjs: each rolldown init_* adds its name)
  const inits = globalThis.__tsbpfInits ?? new Set();
  if (cache) {
    // at exit the cache holds every function this command compiled, not only the top level; only
    // after a run that succeeded (a mistyped command word, exit 2, must not leave a cache file).
    // A cache made by a run that used much less of the bundle (`trace --help` before any script:
    // +17 ms of CPU on every later `trace -e` here, compiling the compiler lazily each time) is
    // written again, with what both compiled, when a quarter or more of the modules this run
    // initialized are not in the cache's list. Not for fewer: the cache holds the union, and each
    // 100 KB more of it is ~1.3 ms more to deserialize on every run (a cache grown by every kind of
    // script the tests run was 830 KB against 500 KB), while a few modules compiled lazily cost
    // about as much; and serializing costs ~9 ms at exit.
    const fresh = !cachedData || script.cachedDataRejected;
    process.once('exit', (code) => {
      if (code !== 0) return;
      const known = fresh ? new Set() : cached.mods;
      const added = [...inits].filter((m) => !known.has(m));
      if (!fresh && added.length * 4 < inits.size) return;
      if (!fresh && process.env.TSBPF_DEBUG_STARTUP) process.stderr.write(`tsbpf: cache rewritten: ${added.length} more module${added.length === 1 ? '' : 's'} (${added.slice(0, 3).join(', ')}${added.length > 3 ? ', ...' : ''})\n`);
      writeCache(cache, id, script, new Set([...known, ...inits]));
    });
  }
  return mod.exports;
}

/**
 * The first module of the bundle's list (scripts/bundle-cli.mjs writes FILE.inputs, paths under
 * dist/) that is newer than the bundle or gone, or the list itself when it cannot be read; undefined
 * when every module is older: tsc ran, but wrote none of them.
 */
function newerInput(file, built) {
  let list;
  try {
    list = readFileSync(`${file}.inputs`, 'latin1');
  } catch {
    return `${file.slice(file.lastIndexOf('/') + 1)}.inputs (missing)`;
  }
  const dist = join(__dirname, '../dist/');
  for (const p of list.split('\n')) {
    if (!p) continue;
    const st = statSync(dist + p, { throwIfNoEntry: false });
    if (!st || st.mtimeMs > built) return p;
  }
  return undefined;
}

/** one cache file per bundle, Node version and command: each command's functions, compiled */
function cacheFile(id) {
  const env = process.env;
  const dir = env.TSBPF_CACHE_DIR ?? (env.XDG_CACHE_HOME || (env.HOME ? `${env.HOME}/.cache` : '')) + '/tsbpf';
  if (!dir || dir === '/tsbpf') return undefined;
  const cmd = /^[a-z][a-z-]{0,30}$/.test(argv[0] ?? '') ? argv[0] : 'other';
  return { dir, path: `${dir}/bundle-${id}-${process.version}-${process.arch}-${cmd === 'trace' ? traceMode() : cmd}.v8` };
}

/**
 * `trace` runs that use code a script's run never does keep a cache of their own: tsbpf's verifier
 * (-v, -d, --dry-run, --verify: ~45 modules, a third of bundle-trace.cjs), the probe list (-l) and
 * the object runner (OBJ.o, --pcap, --data-in, --ctx-in). Sharing the scripts' file, one such run made the
 * cache the union of both (the rewrite below), and every later script deserialized it: 523 KB ->
 * 921 KB after a single `--verify` run here. The flags as src/cli/commands/trace_bt.ts
 * parseTraceFlags reads them: the options before the first positional argument, skipping the
 * values of -e -c -p -f -o. A run named wrongly only uses another cache file.
 */
function traceMode() {
  // src/cli/commands/trace.ts isObjectMode (which also reads the first argument's ELF magic)
  if (argv.some((a) => /^--(pcap|data-in|ctx-in)(=|$)/.test(a))) return 'trace-obj';
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-e' || a === '-c' || a === '-p' || a === '-f' || a === '-o') i++;
    else if (a === '-l' || a === '-lv' || a === '-vl') return 'trace-list';
    else if (a === '-v' || a === '-d' || a === '-dd' || a === '--dry-run' || a === '--verify') return 'trace-verify';
    else if (!a.startsWith('-') || a === '-') return a.endsWith('.o') ? 'trace-obj' : 'trace';
  }
  return 'trace';
}


function readCache(cache) {
  let fd;
  try {
    fd = openSync(cache.path, 'r');
    const size = fstatSync(fd).size;
    if (size < 16) return undefined;
    // read straight into the hasher's memory: the bytes are touched once, and V8 reads the
    // payload from there (vm.Script does not keep cachedData after compiling)
    const { memory, hash } = hasher(size);
    const b = Buffer.from(memory.buffer, 0, size);
    if (readSync(fd, b, 0, size, 0) !== size || b.toString('latin1', 0, 8) !== MAGIC || size < 20) return undefined;
    if (hash(16, size) !== b.readBigInt64LE(8)) return undefined;
    const n = b.readUInt32LE(16);
    if (20 + n > size) return undefined;
    return { mods: new Set(n ? b.toString('latin1', 20, 20 + n).split('\n') : []), data: b.subarray(20 + n) };
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function writeCache(cache, id, script, mods) {
  try {
    const payload = script.createCachedData();
    const list = Buffer.from([...mods].join('\n'), 'latin1');
    makeDir(cache.dir);
    // written then renamed, so a run starting meanwhile reads the old file or the new one, whole
    const tmp = `${cache.path}.${process.pid}.tmp`;
    const size = 20 + list.length + payload.length;
    const { memory, hash } = hasher(size);
    const b = Buffer.from(memory.buffer, 0, size);
    b.write(MAGIC, 0, 'latin1');
    b.writeUInt32LE(list.length, 16);
    b.set(list, 20);
    b.set(payload, 20 + list.length);
    b.writeBigInt64LE(hash(16, size), 8);
    writeFileSync(tmp, b);
    renameSync(tmp, cache.path);
    // caches of other bundles unused for a week are dead weight (several checkouts may share the
    // directory, each with its own bundle: theirs are left alone while in use)
    const old = Date.now() - 7 * 86400e3;
    for (const n of readdirSync(cache.dir)) {
      const p = `${cache.dir}/${n}`;
      if (n.startsWith('bundle-') && !n.startsWith(`bundle-${id}-`) && statSync(p).atimeMs < old) unlinkSync(p);
    }
  } catch {
    /* a cache that cannot be written costs only the next run's compile time */
  }
}

/** mkdir DIR, and its parent ($HOME/.cache) if need be: not {recursive: true}, which spins forever
 * on a path under /proc in Node 20 */
function makeDir(dir) {
  try {
    mkdirSync(dir);
  } catch (e) {
    if (e.code === 'EEXIST') return;
    if (e.code !== 'ENOENT') throw e;
    mkdirSync(join(dir, '..'));
    mkdirSync(dir);
  }
}

/**
 * The checksum of bytes [start, end) of the returned memory (grown to `size` bytes), as a signed
 * 64-bit value: per 8-byte word h = rotl((h ^ w) * K1, 31), then the odd tail bytes, then a
 * final mix (K0, K1, K2: FNV's offset basis, the golden ratio, murmur3's fmix64 constant). In
 * WebAssembly because the same loop in JavaScript runs in V8's interpreter on a cold start
 * (~14 ms for a 300 KB cache here, against well under 1 ms), and node:crypto costs more to load
 * than that. A Node without WebAssembly (--jitless) throws here: no cache, the run compiles.
 *   (func (param $i i32) (param $end i32) (result i64) (local $h i64)
 *     h = u64(end) ^ K0
 *     while (i + 8 <= end) { h = rotl((h ^ i64.load(i)) * K1, 31); i += 8 }
 *     while (i < end) { h = (h ^ i64.load8_u(i)) * K1; i += 1 }
 *     h = (h ^ h >>> 33) * K2; return h ^ h >>> 29)
 */
function hasher(size) {
  const wasm = Buffer.from('AGFzbQEAAAABBwFgAn9/AX4DAgEABQMBAAAHCQIBbQIAAWgAAAqQAQGNAQEBfiABrUKlxoihyJyn+UuFIQICQANAIABBCGogAUsNASACIAApAwCFQpX4qfqXt96bnn9+Qh+JIQIgAEEIaiEADAALCwJAA0AgACABTw0BIAIgADEAAIVClfip+pe33puef34hAiAAQQFqIQAMAAsLIAIgAkIhiIVCzZnW6v7666h/fiICIAJCHYiFCw==', 'base64');
  const { m, h } = new WebAssembly.Instance(new WebAssembly.Module(wasm)).exports;
  m.grow(Math.ceil(size / 65536));
  return { memory: m, hash: h };
}
