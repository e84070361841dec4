/**
 * USDT probes against the running kernel and against binaries nobody here wrote:
 *  - the `.note.stapsdt` reader agrees with `readelf -n` on every note of /usr/bin/python3, libc (when
 *    built with notes), a shared library
 *    and a <sys/sdt.h> program compiled here, and each site's file offset holds the `nop`
 *    <sys/sdt.h> plants there;
 *  - a libbpf-style program (<bpf/usdt.bpf.h>, test/fixtures/bpf/usdt_probes.bpf.c) attached to
 *    the compiled program's probes sees every argument exactly (registers at -O2, stack slots at
 *    -O0, constants, 1..8-byte signed and unsigned values, 12 arguments, two sites of one probe
 *    with different specs), bpf_usdt_arg_cnt, bpf_usdt_cookie and -ENOENT past the last argument;
 *  - semaphores: the guarded probe fires only while attached (the kernel raises the semaphore
 *    through the uprobe's ref_ctr_offset), and CPython's function__entry / gc__start probes —
 *    all guarded — fire; `gc.collect(1)` seven times gives seven gc__start records with arg0 = 1;
 *  - spec ids return to the pool on close; nothing stays attached; errors name what is wrong.
 * The guarded probe is also read from a shared library (its semaphore in the .so's data segment).
 * Skips saying why without root/bpf(), a C compiler, <sys/sdt.h> (systemtap-sdt-dev) or python3.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadObject, type KernelObject } from '../../src/kernel/index.js';
import { usdtSites, parseUsdtArg, parseUsdtArgs, BPF_USDT_ARG_CONST, BPF_USDT_ARG_REG, BPF_USDT_ARG_REG_DEREF } from '../../src/kernel/usdt.js';
import { allIds, UsdtLink } from '../../src/kernel/link/index.js';
import { BpfError } from '../../src/isa/errors.js';
import { has, kernelSkip, rmrf } from './attach_helpers.js';

const OBJ = new URL('../../../test/fixtures/bpf/usdt_probes.bpf.o', import.meta.url).pathname;
const SRC = new URL('../../../test/fixtures/usdt/', import.meta.url).pathname;
const PYTHON = '/usr/bin/python3';

const cc = has('gcc') ? 'gcc' : has('clang-19') ? 'clang-19' : has('clang') ? 'clang' : undefined;
const sdtHeader = ['/usr/include/sys/sdt.h', '/usr/include/x86_64-linux-gnu/sys/sdt.h', '/usr/include/aarch64-linux-gnu/sys/sdt.h'].some((p) => existsSync(p));
const buildSkip: string | false = !cc ? 'needs gcc or clang to build the USDT target' : !sdtHeader ? 'needs <sys/sdt.h> (Debian: systemtap-sdt-dev)' : process.arch !== 'x64' ? 'the expected argument specs are x86-64 ones' : false;
const readelfSkip: string | false = has('readelf') ? false : 'needs readelf (binutils)';
const pySkip: string | false = existsSync(PYTHON) && usdtSitesOrEmpty(PYTHON).length ? false : `${PYTHON} with USDT notes is not installed`;

function usdtSitesOrEmpty(path: string) {
  try {
    return usdtSites(path).sites;
  } catch {
    return [];
  }
}

let dir = '';
const bins: Record<'O0' | 'O2' | 'so', string> = { O0: '', O2: '', so: '' };
/** the shared library holding tsbpf:guarded in the 'so' build */
let lib = '';
before(() => {
  if (buildSkip) return;
  dir = mkdtempSync(join(tmpdir(), 'usdt-test-'));
  const q: { stdio: ('ignore' | 'pipe')[] } = { stdio: ['ignore', 'pipe', 'pipe'] };
  for (const o of ['O0', 'O2'] as const) {
    bins[o] = join(dir, `usdt_target_${o}`);
    execFileSync(cc!, [`-${o}`, '-o', bins[o], join(SRC, 'usdt_target.c'), join(SRC, 'usdt_guarded.c')], q);
  }
  // the guarded probe and its semaphore in a shared library the program links (found by rpath)
  lib = join(dir, 'libusdtguarded.so');
  execFileSync(cc!, ['-O2', '-shared', '-fPIC', '-o', lib, join(SRC, 'usdt_guarded.c')], q);
  bins.so = join(dir, 'usdt_target_so');
  execFileSync(cc!, ['-O2', '-o', bins.so, join(SRC, 'usdt_target.c'), `-L${dir}`, '-lusdtguarded', `-Wl,-rpath,${dir}`], q);
});
after(() => {
  if (dir) rmrf(dir);
});

interface NoteText {
  provider: string;
  name: string;
  loc: number;
  base: number;
  sema: number;
  args: string;
}

/** the stapsdt notes as binutils' readelf -n prints them */
function readelfNotes(path: string): NoteText[] {
  const out = execFileSync('readelf', ['-n', '--wide', path], { maxBuffer: 64 << 20 }).toString();
  const notes: NoteText[] = [];
  const re = /Provider: (\S+)\s+Name: (\S+)\s+Location: (0x[0-9a-f]+), Base: (0x[0-9a-f]+), Semaphore: (0x[0-9a-f]+)\s+Arguments: ?([^\n]*)/g;
  for (let m; (m = re.exec(out));) notes.push({ provider: m[1]!, name: m[2]!, loc: Number(m[3]), base: Number(m[4]), sema: Number(m[5]), args: m[6]!.trim() });
  return notes;
}

function libc(): string | undefined {
  for (const p of ['/lib/x86_64-linux-gnu/libc.so.6', '/usr/lib/x86_64-linux-gnu/libc.so.6', '/lib64/libc.so.6', '/lib/aarch64-linux-gnu/libc.so.6']) if (existsSync(p)) return realpathSync(p);
  return undefined;
}

test('the .note.stapsdt reader agrees with readelf -n, and every site offset holds the nop <sys/sdt.h> plants', { skip: readelfSkip }, () => {
  const files = [PYTHON, libc(), bins.O0, bins.O2, bins.so, lib].filter((p): p is string => !!p && existsSync(p));
  let total = 0;
  for (const f of files) {
    const want = readelfNotes(f);
    const got = usdtSites(f).sites;
    assert.equal(got.length, want.length, `${f}: number of notes`);
    const bytes = readFileSync(f);
    got.forEach((s, i) => {
      const w = want[i]!;
      assert.deepEqual([s.provider, s.name, s.semaAddr, s.argStr], [w.provider, w.name, w.sema, w.args], `${f} note ${i}`);
      // no prelinked file here: the site is where the note says
      assert.equal(s.absIp, w.loc, `${f} ${s.provider}:${s.name} address`);
      assert.equal(bytes[s.fileOffset], 0x90, `${f} ${s.provider}:${s.name}: a nop at file offset 0x${s.fileOffset.toString(16)}`);
      assert.equal(s.argError, undefined, `${f} ${s.provider}:${s.name}: '${s.argStr}' parses`);
      assert.equal(s.args.length, s.argStr ? s.argStr.split(/\s+/).length : 0);
    });
    total += got.length;
  }
  assert.ok(total >= (existsSync(PYTHON) ? 9 : 0), `${total} notes compared`);
});

test('argument specs: the forms libbpf parses, sizes and signs, the pt_regs offsets', () => {
  const a = parseUsdtArg('-4@-1204(%rbp)', 'x64');
  assert.deepEqual([a.type, a.valOff, a.regOff, a.size, a.signed, a.bitshift], [BPF_USDT_ARG_REG_DEREF, -1204n, 32, 4, true, 32]);
  const r = parseUsdtArg('8@%rdi', 'x64');
  assert.deepEqual([r.type, r.regOff, r.signed, r.bitshift], [BPF_USDT_ARG_REG, 112, false, 0]);
  assert.equal(parseUsdtArg('-1@%al', 'x64').regOff, 80);
  assert.equal(parseUsdtArg('2@%r9w', 'x64').regOff, 64);
  assert.deepEqual([parseUsdtArg('8@(%rsp)', 'x64').type, parseUsdtArg('8@(%rsp)', 'x64').regOff], [BPF_USDT_ARG_REG_DEREF, 152]);
  const c = parseUsdtArg('-4@$-9', 'x64');
  assert.deepEqual([c.type, c.valOff], [BPF_USDT_ARG_CONST, -9n]);
  const arm = parseUsdtArgs('-4@[sp, 96] 8@x1 4@5', 'arm64');
  assert.deepEqual(arm.map((x) => [x.type, x.regOff, x.valOff]), [[BPF_USDT_ARG_REG_DEREF, 248, 96n], [BPF_USDT_ARG_REG, 8, 0n], [BPF_USDT_ARG_CONST, 0, 5n]]);
  for (const bad of ['3@%rax', '8@%xyz', '8@foo(%rip)x', 'rax']) {
    assert.throws(() => parseUsdtArg(bad, 'x64'), (e: unknown) => e instanceof BpfError && e.errno === 'EINVAL', bad);
  }
  assert.throws(() => parseUsdtArgs(Array.from({ length: 13 }, () => '8@%rax').join(' '), 'x64'), (e: unknown) => e instanceof BpfError && e.errno === 'E2BIG');
});

/** what fire(i) of usdt_target.c passes to each probe */
function expected(i: number): Record<string, bigint[]> {
  const s8 = BigInt(((i - 5) << 24) >> 24);
  return {
    ints: [s8, BigInt(((-300 * i) << 16) >> 16), BigInt((65535 - i) & 0xffff), BigInt(-i * 1000)],
    wide: [4000000000n + BigInt(i), -1234567890123n * BigInt(i + 1), BigInt.asIntN(64, 0xfedcba9876543210n + BigInt(i))],
    twelve: Array.from({ length: 12 }, (_, k) => BigInt(i + k)),
    noargs: [],
    guarded: [BigInt(i)],
  };
}

interface UsdtEvent { pid: number; cnt: number; cookie: number | bigint; args: (number | bigint)[]; rc: number[] }

let loaded: KernelObject | undefined;
async function obj(): Promise<KernelObject> {
  return (loaded ??= await loadObject(OBJ, { target: 'kernel' }));
}
after(() => loaded?.close());

for (const opt of ['O2', 'O0', 'so'] as const) {
  test(`bpf_usdt_arg reads every argument of a <sys/sdt.h> program built ${opt === 'so' ? 'with a shared library' : `at -${opt}`}`, { skip: kernelSkip || buildSkip }, async () => {
    const o = await obj();
    const prog = o.program('usdt_all');
    const names = ['ints', 'wide', 'str', 'twelve', 'noargs', 'multi', 'guarded'];
    // 'so': the guarded probe (and its semaphore) live in a shared library
    const links = names.map((n, k) => prog.attach({ target: `${n === 'guarded' && opt === 'so' ? lib : bins[opt]}:tsbpf:${n}`, cookie: BigInt(100 + k) }));
    const ring = o.ringbuf('events', { type: 'usdt_event' });
    ring.drain();
    const N = 5;
    let out: string;
    try {
      assert.equal((links[5] as UsdtLink).links.length, 2, 'two sites of tsbpf:multi');
      out = execFileSync(bins[opt], [String(N)]).toString();
    } finally {
      for (const l of links) l.close();
    }
    assert.equal(out.trim(), `guarded ${N}`, 'the semaphore was up on every iteration while attached');
    const evs = (ring.drain() as unknown as UsdtEvent[]);
    const by = new Map<string, UsdtEvent[]>();
    for (const e of evs) {
      const n = names[Number(e.cookie) - 100]!;
      by.set(n, [...(by.get(n) ?? []), e]);
    }
    for (const n of names) assert.equal(by.get(n)?.length, n === 'multi' ? 2 * N : N, `${n}: one record per call${n === 'multi' ? ' and site' : ''}`);
    for (let i = 0; i < N; i++) {
      const want = expected(i);
      for (const n of ['ints', 'wide', 'twelve', 'noargs', 'guarded']) {
        const e = by.get(n)![i]!;
        const w = want[n]!;
        assert.equal(e.cnt, w.length, `${n}: bpf_usdt_arg_cnt`);
        assert.deepEqual(e.args.slice(0, w.length).map((v) => BigInt(v)), w, `${n} call ${i}`);
        assert.deepEqual(e.rc.slice(0, w.length), w.map(() => 0));
        assert.ok(e.rc.slice(w.length).every((rc) => rc === -2), `${n}: -ENOENT past the last argument`);
      }
      const str = by.get('str')![i]!;
      assert.equal(BigInt(str.args[1]!), BigInt(i));
      assert.ok(BigInt(str.args[0]!) > 0n, 'a user-space pointer');
    }
    const multi = by.get('multi')!.map((e) => BigInt(e.args[0]!));
    assert.deepEqual(multi, Array.from({ length: N }, (_, i) => [BigInt(i * 3), 7n]).flat(), 'each site with its own spec');
    // detached: the semaphore stays down
    assert.equal(execFileSync(bins[opt], ['3']).toString().trim(), 'guarded 0');
  });
}

test('the attachment follows a pid, and spec ids return to the pool when links close', { skip: kernelSkip || buildSkip }, async () => {
  const o = await obj();
  const prog = o.program('usdt_all');
  // the spec id is each uprobe link's BPF cookie (struct bpf_link_info perf_event.uprobe.cookie)
  const idsOf = (l: UsdtLink) => l.links.map((x) => x.info().cookie);
  const a = prog.attach({ target: `${bins.O2}:tsbpf:multi` }) as UsdtLink;
  const b = prog.attach({ target: `${bins.O2}:tsbpf:ints` }) as UsdtLink;
  const [ia, ib] = [idsOf(a), idsOf(b)];
  assert.equal(new Set(ia).size, 2, 'two specs for the two sites of tsbpf:multi');
  assert.ok(ib.every((x) => !ia.includes(x)), 'ids in use are not shared');
  a.close();
  const c = prog.attach({ target: `${bins.O2}:tsbpf:multi` }) as UsdtLink;
  assert.deepEqual(new Set(idsOf(c)), new Set(ia), 'the closed link\'s ids are used again');
  b.close();
  c.close();
  const ring = o.ringbuf('events', { type: 'usdt_event' });
  ring.drain();
  using _l = prog.attach({ target: `${bins.O2}:tsbpf:noargs`, pid: 1 });
  execFileSync(bins.O2, ['4']);
  assert.equal(ring.drain().length, 0, 'pid 1 does not run the target');
});

test('SEC("usdt/PATH:PROVIDER:NAME") auto-attaches; CPython\'s semaphore-guarded probes fire', { skip: kernelSkip || pySkip }, async () => {
  const o = await obj();
  const py = o.ringbuf('pyevents', { type: 'py_event' });
  const ring = o.ringbuf('events', { type: 'usdt_event' });
  py.drain();
  ring.drain();
  const before = new Set(allIds('link'));
  let pid = 0;
  {
    using entry = o.program('py_entry').attach();
    using gc = o.program('usdt_all').attach({ target: `${PYTHON}:python:gc__start`, cookie: 9n });
    assert.equal(entry.target.target, `usdt/${PYTHON}:python:function__entry`);
    assert.ok(allIds('link').some((id) => !before.has(id)));
    const r = spawnSync(PYTHON, ['-S', '-c', 'import gc; gc.disable(); [gc.collect(1) for _ in range(7)]']);
    assert.equal(r.status, 0, r.stderr.toString());
    pid = r.pid!;
    void gc;
  }
  assert.deepEqual(allIds('link').filter((id) => !before.has(id)), [], 'every uprobe link is gone');
  const entries = (py.drain() as unknown as { pid: number; line: number; file: string; func: string }[]).filter((e) => e.pid === pid);
  assert.ok(entries.length > 0, 'function__entry fired (its semaphore was raised by the kernel)');
  for (const e of entries) assert.ok(e.file.length > 0 && e.func.length > 0 && e.line > 0, JSON.stringify(e));
  const gcs = (ring.drain() as unknown as UsdtEvent[]).filter((e) => e.pid === pid && Number(e.cookie) === 9);
  // gc__start's generation is the spec `-4@112(%rsp)`: a stack slot read through pt_regs->sp
  assert.equal(gcs.filter((e) => Number(e.args[0]) === 1).length, 7, 'seven gc.collect(1)');
  assert.ok(gcs.every((e) => e.cnt === 1 && [0, 1, 2].includes(Number(e.args[0]))), 'generations are 0, 1 or 2');
});

test('USDT errors name the probe and what is missing', { skip: kernelSkip || buildSkip }, async () => {
  const o = await obj();
  const prog = o.program('usdt_all');
  const err = (f: () => unknown, errno: string, re: RegExp) => assert.throws(f, (e: unknown) => e instanceof BpfError && e.errno === errno && re.test(e.message), String(re));
  err(() => prog.attach({ target: `${bins.O2}:tsbpf:nope` }), 'ENOENT', /has no USDT probe tsbpf:nope \(it has tsbpf:ints/);
  err(() => prog.attach({ target: '/bin/true:tsbpf:x' }), 'ENOENT', /no \.note\.stapsdt notes/);
  err(() => prog.attach({ target: 'tsbpf-nowhere:p:n' }), 'ENOENT', /not found/);
  err(() => prog.attach({ target: `${bins.O2}:ints` }), 'EINVAL', /PATH:PROVIDER:NAME/);
  err(() => prog.attach(), 'EINVAL', /needs its probe/);
  // a program whose object has no usdt.bpf.h maps
  using other = await loadObject(new URL('../../../test/fixtures/bpf/attach_counters.bpf.o', import.meta.url).pathname, { target: 'kernel' });
  const p = [...other.programs.values()].find((x) => x.section.startsWith('uprobe'))!;
  const { attachUsdt } = await import('../../src/kernel/link/usdt.js');
  err(() => attachUsdt(p, { path: bins.O2, provider: 'tsbpf', name: 'ints' }), 'EINVAL', /no __bpf_usdt_specs map/);
});

const haveBpftrace = spawnSync('bpftrace', ['--version']).status === 0;
const tsbpfCli = new URL('../../../bin/tsbpf.js', import.meta.url).pathname;

test('tsbpf list usdt:PATH:… prints what bpftrace -l prints', { skip: !haveBpftrace ? 'bpftrace is not installed' : process.getuid?.() !== 0 ? 'bpftrace -l needs root' : false }, () => {
  const files = [existsSync(PYTHON) ? PYTHON : undefined, libc(), bins.O2 || undefined].filter((p): p is string => !!p);
  let compared = 0;
  for (const f of files) {
    for (const pat of [`usdt:${f}:*_*`, `usdt:${f}:${usdtSites(f).sites[0]?.provider ?? 'x'}:*`]) {
      const ours = spawnSync(process.execPath, [tsbpfCli, 'list', pat], { encoding: 'utf8' });
      const theirs = spawnSync('bpftrace', ['-l', pat], { encoding: 'utf8' });
      assert.equal(ours.status, 0, ours.stderr);
      assert.equal(ours.stdout, theirs.stdout, pat);
      compared += ours.stdout.split('\n').length - 1;
    }
  }
  assert.ok(compared > 0);
  const bad = spawnSync(process.execPath, [tsbpfCli, 'list', `usdt:${PYTHON}`], { encoding: 'utf8' });
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /EINVAL: usdt probe type requires 2 or 3 arguments/);
});

test('tsbpf attach OBJ: a usdt/ section attaches by its name, records arrive, usdt.bpf.h\'s tables are not printed', { skip: kernelSkip || pySkip, timeout: 120_000 }, async () => {
  const child = spawn(process.execPath, [tsbpfCli, 'attach', OBJ, '--program', 'py_entry', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((res) => child.on('exit', (c) => res(c)));
  const until = async (re: RegExp) => {
    const deadline = Date.now() + 60_000;
    while (!re.test(out) && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 50));
    assert.match(out, re, err);
  };
  try {
    await until(/\{"attached":\["py_entry"\]\}/);
    const py = spawnSync(PYTHON, ['-S', '-c', 'pass']);
    await until(new RegExp(`"pid":${py.pid},`));
  } finally {
    child.kill('SIGINT');
  }
  assert.equal(await exited, 0, err);
  const lines = out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  const last = lines.at(-1) as { maps?: Record<string, unknown> };
  assert.ok(last.maps, 'the maps line comes last');
  assert.deepEqual(Object.keys(last.maps).filter((k) => k.startsWith('__bpf_usdt')), []);
  const ev = lines.find((l) => l.event === 'pyevents') as { data: { file: string; func: string; line: number } };
  assert.ok(ev.data.file.length > 0 && ev.data.func.length > 0 && ev.data.line > 0, JSON.stringify(ev));
});
