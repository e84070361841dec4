/**
 * The bpftrace language without running anything: errors word for word as bpftrace 0.17 prints
 * them (compared live against the installed bpftrace where it exists), printf formatting against
 * the C library's printf(1), and bpftrace's own tools compiled, verified by tsbpf's verifier and
 * (with root) loaded into the kernel, whose verifier must accept them too.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { compile } from '../../src/lang/bpftrace/compile.js';
import { verifyAll } from '../../src/lang/bpftrace/verify_programs.js';
import { ScriptError, formatScriptError } from '../../src/lang/bpftrace/errors.js';
import { formatPrintf } from '../../src/lang/bpftrace/printf.js';
import { tracefsAvailable } from '../../src/kernel/tracefs.js';
import { LazyBtf } from '../../src/btf/lazy.js';
import { BtfTypes } from '../../src/lang/bpftrace/types.js';
import { kernelAvailable, progLoad, mapCreate, closeFd } from '../../src/hooks/kernel/bpf.js';
import { kallsymsByName } from '../../src/lang/bpftrace/kernel_backend.js';

const tracefs = tracefsAvailable();
const tfSkip = tracefs.ok ? false : `tracefs unavailable: ${tracefs.reason}`;
const bpftrace = spawnSync('bpftrace', ['--version'], { encoding: 'utf8' }).status === 0;
const isRoot = process.getuid?.() === 0;
const btfBytes = existsSync('/sys/kernel/btf/vmlinux') ? new LazyBtf(new Uint8Array(readFileSync('/sys/kernel/btf/vmlinux'))) : undefined;
const btfTypes = btfBytes ? new BtfTypes(btfBytes) : undefined;
const btf = (): BtfTypes | undefined => btfTypes;

function errorOf(src: string): string {
  try {
    verifyAll(compile(src, { btf }));
  } catch (e) {
    if (e instanceof ScriptError) return formatScriptError(e, src, 'stdin');
    throw e;
  }
  return '';
}

// scripts with an error bpftrace reports before it loads anything
const BAD = [
  'BEGIN { printf("%d\\n", "a"); }',
  'tracepoint:syscalls:sys_enter_openat { printf("%s\\n", args->nofield); }',
  'BEGIN { $x = 1; $x = "s"; }',
  'BEGIN { @x = $y; }',
  'BEGIN { @x = foo(1); }',
  'tracepoint:nosuch:thing { }',
  'BEGIN { @x = 1; @x = "a"; }',
  'BEGIN { printf("%d %d\\n", 1); }',
  'BEGIN { printf("%+d\\n", 1); }',
  'BEGIN { printf("% 5d|%#x|%-3d\\n", 1, 2, 3); }',
  'BEGIN { @ = lhist(1, 0, 2000, 1); }',
  'BEGIN { @ = lhist(1, -3, 20, 1); }',
  'BEGIN { @ = lhist(1, 0, 10, 20); }',
  'BEGIN { @ = lhist(1, 0, 10, 0); }',
  // a negative length made a map of negative value size (BPF_MAP_CREATE: EINVAL) before
  'BEGIN { @s = str(0, -1); exit(); }',
  'BEGIN { $x = buf("a", -1); exit(); }',
];

test('errors: the message, the location and the carets are bpftrace\'s', { skip: tfSkip }, () => {
  for (const src of BAD) {
    const ours = errorOf(src);
    assert.ok(ours.includes('ERROR:'), `no error for ${src}`);
    assert.match(ours, /^stdin:\d+:\d+-\d+: ERROR: .+\n.+\n *~+$/, ours);
    if (!bpftrace || !isRoot) continue;
    const r = spawnSync('bpftrace', ['-e', src], { encoding: 'utf8', timeout: 20000 });
    const theirs = r.stderr.split('\n').filter((l) => !l.includes('RLIMIT')).join('\n').trim();
    assert.equal(ours.trim(), theirs, `for ${src}`);
  }
});

test('syntax errors point at the unexpected token', () => {
  const e = errorOf('BEGIN { @x = 1 +; }');
  assert.match(e, /^stdin:1:17-18: ERROR: syntax error, unexpected ;/);
  assert.match(errorOf('BEGIN { if (1) { @x = 1 }'), /syntax error, unexpected end of file/);
});

test('kprobes on a kernel without them: a sentence naming the probe and the missing feature', { skip: tfSkip }, () => {
  const e = errorOf('kprobe:do_sys_open { @ = count(); }');
  if (e === '') return; // a kernel with kprobes compiles it
  assert.match(e, /kprobe:do_sys_open: this kernel has no kprobes \(CONFIG_KPROBES/);
});

test('printf formats as the C library does (printf(1) as the reference)', () => {
  // bpftrace 0.17 knows only the flag `-` (and a width's leading 0): `%+d`, `% d`, `%#x` are no specifiers there
  const specs = ['%d', '%5d', '%-5d|', '%05d', '%-05d|', '%x', '%X', '%08x', '%o', '%u', '%8.3d', '%s', '%10s|', '%-10s|', '%.2s', '%c', '%ld', '%llu', '%lx'];
  const ints = [0n, 1n, -1n, 42n, -42n, 255n, 4096n, 123456789n, -9223372036854775807n];
  let checked = 0;
  for (const s of specs) {
    const conv = s[s.length - 1] === '|' ? s[s.length - 2]! : s[s.length - 1]!;
    const args: Array<bigint | string> = conv === 's' ? ['abc', '', 'hello world'] : conv === 'c' ? [65n, 122n] : ints;
    for (const a of args) {
      if ((conv === 'u' || conv === 'x' || conv === 'X' || conv === 'o') && typeof a === 'bigint' && a < 0n) continue;
      const ours = formatPrintf(s + '.', [a]);
      const cs = s.replace(/l+([dux])/, '$1');
      // printf(1) reads every integer as intmax_t; printf(3)'s `%d` (no l) reads an int: its 32 bits
      const int = typeof a === 'bigint' && !/l[dux]/.test(s) && conv !== 'c' ? ('di'.includes(conv) ? BigInt.asIntN(32, a) : BigInt.asUintN(32, a)) : a;
      const arg = conv === 'c' ? String.fromCharCode(Number(a)) : String(int);
      const theirs = execFileSync('printf', [cs.replace('%c', '%s') + '.', arg], { encoding: 'utf8' });
      assert.equal(ours, theirs, `printf('${s}', ${a})`);
      checked++;
    }
  }
  assert.ok(checked > 100);
});

/** bpftrace's tools that use only probe kinds this kernel supports */
function toolScripts(): string[] {
  const dirs = ['/usr/sbin', '/usr/share/bpftrace/tools'];
  const out: string[] = [];
  for (const d of dirs) {
    if (!existsSync(d)) continue;
    for (const n of readdirSync(d)) if (n.endsWith('.bt')) out.push(`${d}/${n}`);
  }
  return out;
}

const tools = toolScripts();

test("bpftrace's tools compile and pass tsbpf's verifier (kprobe tools: only where the kernel has kprobes)", { skip: tools.length === 0 ? 'bpftrace tools are not installed (apt-get install bpftrace)' : tfSkip }, () => {
  let compiled = 0;
  const failures: string[] = [];
  for (const path of tools) {
    const src = readFileSync(path, 'utf8');
    try {
      verifyAll(compile(src, { file: path, btf, kallsyms: kallsymsByName }));
      compiled++;
    } catch (e) {
      if (e instanceof ScriptError && e.errno === 'EOPNOTSUPP') continue;
      if (e instanceof ScriptError && e.errno === 'ENOENT' && /uprobe target|Could not resolve symbol|not found/.test(e.detail)) continue;
      const ours = e instanceof ScriptError ? formatScriptError(e, src, path) : String(e);
      // a tool this kernel breaks (a renamed struct field) is fine when bpftrace fails on it the same way
      if (bpftrace && isRoot && e instanceof ScriptError) {
        const r = spawnSync('bpftrace', [path], { encoding: 'utf8', timeout: 10000 });
        if (r.stderr.includes(e.detail)) continue;
      }
      failures.push(`${path}: ${ours}`);
    }
  }
  assert.deepEqual(failures, []);
  assert.ok(compiled >= 10, `only ${compiled} tools compiled`);
});

const kern = kernelAvailable();

test("the kernel's verifier accepts every program of bpftrace's tools", { skip: !kern.ok ? `bpf() unavailable: ${kern.reason}` : tools.length === 0 ? 'bpftrace tools are not installed' : tfSkip }, () => {
  let loaded = 0;
  for (const path of tools) {
    const src = readFileSync(path, 'utf8');
    let c;
    try {
      c = compile(src, { file: path, btf, kallsyms: kallsymsByName });
    } catch {
      continue;
    }
    const fds = c.layout.maps.map((m) => mapCreate({ mapType: m.mapType, keySize: m.keySize, valueSize: m.valueSize, maxEntries: m.maxEntries }));
    try {
      for (const p of c.probes) {
        const insns = p.insns.map((i) => (i.code === 0x18 && i.src === 1 ? { ...i, imm: fds[i.imm]! } : i));
        const r = progLoad({ progType: p.progType, insns, license: 'GPL' });
        closeFd(r.fd);
        loaded++;
      }
    } finally {
      fds.forEach(closeFd);
    }
  }
  assert.ok(loaded >= 10, `only ${loaded} programs loaded`);
});
