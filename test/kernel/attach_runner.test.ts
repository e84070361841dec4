/**
 * `tsbpf attach` (the runner) on the running kernel with examples/execsnoop.bpf.o: the JSON line
 * protocol ({"attached"}, {"event"} records decoded from BTF, {"maps"} last), a controlled workload
 * of spawned processes whose records must all arrive with their argv and pid, detach on SIGTERM,
 * and nothing of the object left loaded once the runner has exited.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { request } from 'node:http';
import { allIds } from '../../src/kernel/link/index.js';
import { progShow } from '../../src/kernel/link/inspect.js';
import { fdById, closeQuiet } from '../../src/kernel/link/sys.js';
import { kernelSkip } from './attach_helpers.js';

const BIN = new URL('../../../bin/tsbpf.js', import.meta.url).pathname;
const EXAMPLES = new URL('../../../examples/', import.meta.url).pathname;

/** the runner as a child; lines of its stdout as parsed JSON, in order */
function runner(args: string[]): { child: ChildProcessWithoutNullStreams; lines: Record<string, unknown>[]; next(pred: (l: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> } {
  const child = spawn(process.execPath, [BIN, 'attach', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  const lines: Record<string, unknown>[] = [];
  const waiters: { pred: (l: Record<string, unknown>) => boolean; resolve: (l: Record<string, unknown>) => void }[] = [];
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  createInterface({ input: child.stdout }).on('line', (s) => {
    const l = JSON.parse(s) as Record<string, unknown>;
    lines.push(l);
    for (const w of waiters.splice(0)) (w.pred(l) ? w.resolve(l) : waiters.push(w));
  });
  return {
    child,
    lines,
    next: (pred) => new Promise((resolve, reject) => {
      const hit = lines.find(pred);
      if (hit) return resolve(hit);
      waiters.push({ pred, resolve });
      child.once('exit', (code) => setTimeout(() => reject(new Error(`runner exited (${code}) first: ${err}`)), 100));
    }),
  };
}

/** the ids of programs named `name` now in the kernel */
function progIdsNamed(name: string): number[] {
  return allIds('prog').filter((id) => {
    try {
      const fd = fdById('prog', id);
      try {
        return progShow(fd).name === name;
      } finally {
        closeQuiet(fd);
      }
    } catch {
      return false;
    }
  });
}

test('tsbpf attach execsnoop --json: every exec of the workload arrives with its argv, maps last, nothing left loaded', { skip: kernelSkip, timeout: 120_000 }, async () => {
  const before = new Set(progIdsNamed('execsnoop'));
  const r = runner([`${EXAMPLES}execsnoop.bpf.o`, '--json', '--duration', '100']);
  const attached = await r.next((l) => 'attached' in l);
  assert.deepEqual(attached, { attached: ['execsnoop'] });
  const mine = progIdsNamed('execsnoop').filter((id) => !before.has(id));
  assert.equal(mine.length, 1, 'the runner loaded one execsnoop program');
  const marker = `kattach-${process.pid}`;
  const pids: number[] = [];
  for (let i = 0; i < 25; i++) {
    const c = spawnSync('/bin/true', [marker, String(i), 'x'.repeat(i)]);
    assert.equal(c.status, 0);
    pids.push(c.pid!);
  }
  await r.next((l) => (l.data as { argv?: string[] } | undefined)?.argv?.[2] === '24');
  r.child.kill('SIGTERM');
  const maps = await r.next((l) => 'maps' in l);
  const code = await new Promise<number | null>((res) => (r.child.exitCode !== null ? res(r.child.exitCode) : r.child.once('exit', (c) => res(c))));
  assert.equal(code, 0);
  const recs = r.lines.filter((l) => l.event === 'events' && (l.data as { argv: string[] }).argv[1] === marker).map((l) => l.data as { pid: number; ppid: number; argc: number; filename: string; argv: string[]; comm: string });
  assert.equal(recs.length, 25, 'one record per exec, none lost');
  recs.forEach((e, i) => {
    assert.equal(e.pid, pids[i]);
    assert.equal(e.ppid, process.pid, 'ppid read through CO-RE (task->real_parent->tgid)');
    assert.equal(e.filename, '/bin/true');
    assert.equal(e.argc, 4);
    assert.deepEqual(e.argv.slice(0, 4), ['/bin/true', marker, String(i), 'x'.repeat(i)]);
  });
  assert.deepEqual(maps, { maps: { lost: [{ key: 0, value: 0 }] } });
  assert.equal(r.lines[r.lines.length - 1], maps, 'maps come last');
  for (let i = 0; i < 100 && progIdsNamed('execsnoop').some((id) => mine.includes(id)); i++) await new Promise((res) => setTimeout(res, 20));
  assert.deepEqual(progIdsNamed('execsnoop').filter((id) => mine.includes(id)), [], 'the program is gone');
});

test('tsbpf attach --metrics serves the maps as Prometheus text; a bad object fails with the errno', { skip: kernelSkip, timeout: 120_000 }, async () => {
  const port = 19000 + (process.pid % 1000);
  const r = runner([`${EXAMPLES}execsnoop.bpf.o`, '--json', '--duration', '100', '--metrics', `127.0.0.1:${port}`]);
  await r.next((l) => 'attached' in l);
  const get = (path: string) => new Promise<{ status: number; body: string; type: string }>((resolve, reject) => {
    request({ host: '127.0.0.1', port, path }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, body, type: String(res.headers['content-type']) }));
    }).on('error', reject).end();
  });
  let m = await get('/metrics').catch(() => undefined);
  for (let i = 0; !m && i < 50; i++) {
    await new Promise((res) => setTimeout(res, 100));
    m = await get('/metrics').catch(() => undefined);
  }
  assert.ok(m);
  assert.equal(m.status, 200);
  assert.match(m.type, /^text\/plain; version=0\.0\.4/);
  assert.equal(m.body, '# HELP tsbpf_lost BPF map lost\n# TYPE tsbpf_lost gauge\ntsbpf_lost{key="0"} 0\n');
  assert.equal((await get('/other')).status, 404);
  r.child.kill('SIGINT');
  await r.next((l) => 'maps' in l);
  const bad = spawnSync(process.execPath, [BIN, 'attach', '/nonexistent/kattach.bpf.o']);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr.toString(), /ENOENT/);
});
