/**
 * How `tsbpf trace` creates its maps in the kernel (lang/bpftrace/kernel_backend.ts): hash maps
 * with BPF_F_NO_PREALLOC from Linux 6.1 on (bpf_mem_alloc; preallocated before), the event ring
 * buffer sized by the CPUs. On the running kernel: the flags the kernel reports for the maps a
 * script gets, a perf_event program (profile) and a tracepoint program counting into such maps,
 * and a full map still refusing a new key with E2BIG (-k).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { kernelAvailable, mapInfo, closeFd, possibleCpus } from '../../src/hooks/kernel/bpf.js';
import { tracefsAvailable } from '../../src/kernel/tracefs.js';
import { linuxVersionCode } from '../../src/kernel/system.js';
import { kernelBackend, mapFlagsFor, ringBufSize } from '../../src/lang/bpftrace/kernel_backend.js';
import { compile } from '../../src/lang/bpftrace/compile.js';

const kern = kernelAvailable();
const tf = tracefsAvailable();
const skip = !kern.ok ? `bpf() unavailable: ${kern.reason}` : !tf.ok ? tf.reason : process.getuid?.() !== 0 ? 'needs root' : false;
const tsbpf = new URL('../../../bin/tsbpf.js', import.meta.url).pathname;
const KV = (a: number, b: number): number => (a << 16) + (b << 8);

test('map flags: BPF_F_NO_PREALLOC for hash maps from Linux 6.1 (bpf_mem_alloc), none before or for other types', () => {
  for (const t of ['HASH', 'PERCPU_HASH'] as const) {
    assert.equal(mapFlagsFor({ mapType: t }, KV(6, 1)), 1, t);
    assert.equal(mapFlagsFor({ mapType: t }, KV(6, 18)), 1, t);
    assert.equal(mapFlagsFor({ mapType: t }, KV(6, 0) + 255), 0, `${t} on 6.0: preallocated (the verifier warns about or refuses run-time allocation in tracing programs)`);
  }
  for (const t of ['PERCPU_ARRAY', 'RINGBUF', 'STACK_TRACE'] as const) assert.equal(mapFlagsFor({ mapType: t }, KV(6, 18)), 0, t);
});

test('ring buffer size: a power of two holding bpftrace\'s 64 pages per CPU, at least 1 MiB', () => {
  for (let n = 1; n <= 1024; n = n * 2 + (n % 3)) {
    const s = ringBufSize(n);
    assert.equal(s & (s - 1), 0, `${n} CPUs: ${s} is a power of two`);
    assert.ok(s >= n * 64 * 4096 && s >= 1 << 20, `${n} CPUs: ${s}`);
    assert.ok(s === 1 << 20 || s / 2 < n * 64 * 4096, `${n} CPUs: ${s} is the smallest such`);
  }
});

test('on the running kernel: the maps a script gets carry those flags; profile and tracepoint programs count into them; a full map is E2BIG', { skip }, () => {
  const c = compile('tracepoint:syscalls:sys_enter_getpid { @[comm] = count(); @s = sum(1); @h = hist(2); @v[1] = 5; printf("x\\n"); }');
  const be = kernelBackend();
  const want = (t: string): number => mapFlagsFor({ mapType: t as 'HASH' }, linuxVersionCode());
  const kinds = new Set<string>();
  for (const def of c.layout.maps) {
    const fd = be.createMap(def);
    try {
      const info = mapInfo(fd);
      assert.equal(info.mapFlags, want(def.mapType), `${def.name} (${def.mapType})`);
      if (def.mapType === 'RINGBUF') assert.equal(info.maxEntries, ringBufSize(possibleCpus()), 'the ring buffer sized by the possible CPUs');
      kinds.add(def.mapType);
    } finally {
      closeFd(fd);
    }
  }
  assert.ok(kinds.has('PERCPU_HASH') && kinds.has('HASH') && kinds.has('RINGBUF'), [...kinds].join(' '));
  // a perf_event program (NMI context) and a tracepoint program updating run-time allocated maps: loaded, run, printed
  const run = (prog: string, env: Record<string, string> = {}): ReturnType<typeof spawnSync> =>
    spawnSync(process.execPath, [tsbpf, 'trace', '-f', 'json', ...prog.startsWith('-') ? prog.split(' ', 1) : [], '-e', prog.replace(/^-\S+ /, '')], { encoding: 'utf8', timeout: 60000, env: { ...process.env, ...env } });
  const p = run('profile:hz:997 { @[cpu] = count(); } tracepoint:syscalls:sys_enter_getpid { @g = count(); } interval:ms:300 { exit(); }');
  assert.equal(p.status, 0, String(p.stderr));
  const maps = String(p.stdout).split('\n').filter((l) => l.startsWith('{"type": "map"')).map((l) => JSON.parse(l) as { data: Record<string, Record<string, number> | number> });
  const perCpu = maps.find((m) => typeof m.data['@'] === 'object')?.data['@'] as Record<string, number> | undefined;
  assert.ok(perCpu && Object.values(perCpu).reduce((a, b) => a + b, 0) > 0, `profile counted: ${p.stdout}`);
  // BPFTRACE_MAP_KEYS_MAX=2: the third key of a per-CPU and of a plain hash map is refused (-k: E2BIG, retcode -7)
  const k = run('-k BEGIN { @c[1] = count(); @c[2] = count(); @c[3] = count(); @v[1] = 1; @v[2] = 2; @v[3] = 3; exit(); }', { BPFTRACE_MAP_KEYS_MAX: '2' });
  assert.equal(k.status, 0, String(k.stderr));
  const errs = String(k.stdout).split('\n').filter((l) => l.includes('"helper_error"')).map((l) => JSON.parse(l) as { helper: string; retcode: number });
  assert.deepEqual(errs.map((e) => [e.helper, e.retcode]), [['map_update_elem', -7], ['map_update_elem', -7]], String(k.stdout));
  const kept = Object.assign({}, ...String(k.stdout).split('\n').filter((l) => l.startsWith('{"type": "map"')).map((l) => (JSON.parse(l) as { data: object }).data));
  assert.deepEqual(kept, { '@c': { 1: 1, 2: 1 }, '@v': { 1: 1, 2: 2 } }, 'the first two keys of each map kept');
});
