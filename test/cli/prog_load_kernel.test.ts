/**
 * `tsbpf prog load OBJ PATH` as bpftool's: into the running kernel, pinned on bpffs so it outlives
 * the process; checked with bpftool itself. `--all` is bpftool's loadall; a failed pin leaves no pins.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { bpftoolJson, bpftoolSkip as skip, root, tsbpf } from './run_bin.js';

const base = `/sys/fs/bpf/tsbpf-test-load-${process.pid}`;

test('prog load OBJ PATH pins the program in the kernel; pinmaps pins its maps; bpftool sees both with the same ids', { skip }, () => {
  try {
    const r = tsbpf('-j', 'prog', 'load', join(root, 'examples/xdp_count.bpf.o'), `${base}-prog`, 'pinmaps', `${base}-maps`);
    assert.equal(r.code, 0, r.err);
    const o = JSON.parse(r.out) as { programs: { name: string; id: number; pinned?: string }[]; maps: { name: string; id: number; pinned?: string }[] };
    assert.equal(o.programs[0]!.pinned, `${base}-prog`);
    // the process has exited: only the pins hold the program and maps now
    const p = bpftoolJson('prog', 'show', 'pinned', `${base}-prog`);
    assert.equal(p.id, o.programs[0]!.id);
    assert.equal(p.name, 'xdp_count');
    assert.equal(p.type, 'xdp');
    for (const m of o.maps) {
      assert.equal(m.pinned, `${base}-maps/${m.name}`);
      assert.equal(bpftoolJson('map', 'show', 'pinned', m.pinned).id, m.id);
    }
    assert.deepEqual(p.map_ids.sort(), o.maps.map((m) => m.id).sort());
  } finally {
    rmSync(`${base}-prog`, { force: true });
    rmSync(`${base}-maps`, { recursive: true, force: true });
  }
});

test('prog load --all pins every program at PATH/NAME (bpftool loadall); --kernel alone loads, lists and unloads', { skip }, () => {
  try {
    const r = tsbpf('-j', 'prog', 'load', join(root, 'examples/exec_trace.bpf.o'), `${base}-all`, '--all');
    assert.equal(r.code, 0, r.err);
    const o = JSON.parse(r.out) as { programs: { name: string; id: number }[] };
    assert.deepEqual(readdirSync(`${base}-all`).sort(), o.programs.map((p) => p.name).sort());
    for (const p of o.programs) assert.equal(bpftoolJson('prog', 'show', 'pinned', `${base}-all/${p.name}`).id, p.id);
    const k = tsbpf('-j', 'prog', 'load', join(root, 'examples/execsnoop.bpf.o'), '--kernel');
    assert.equal(k.code, 0, k.err);
    const id = (JSON.parse(k.out) as { programs: { id: number }[] }).programs[0]!.id;
    assert.ok(id > 0);
    // unloaded when the process ended (the kernel frees a program once its last fd closes; allow the RCU grace period)
    let gone = false;
    for (let i = 0; i < 50 && !gone; i++) {
      gone = spawnSync('bpftool', ['prog', 'show', 'id', String(id)]).status !== 0;
      if (!gone) spawnSync('sleep', ['0.1']);
    }
    assert.ok(gone, `program ${id} was unloaded`);
  } finally {
    rmSync(`${base}-all`, { recursive: true, force: true });
  }
});

test('prog load: a pin that cannot be made exits 1 with ENOENT and cleans up; --no-verify is refused for the kernel', { skip }, () => {
  // the maps' directory would be under the program's own pin, a file: ENOTDIR after the program is pinned
  const r = tsbpf('prog', 'load', join(root, 'examples/xdp_count.bpf.o'), `${base}-x`, 'pinmaps', `${base}-x/maps`);
  const left = existsSync(`${base}-x`);
  rmSync(`${base}-x`, { force: true });
  assert.equal(left, false, 'the program pin made before the failure is removed');
  assert.equal(r.code, 1);
  assert.match(r.err, /ENOTDIR|EEXIST/);
  assert.doesNotMatch(r.err, /\n\s+at /);
  const n = tsbpf('prog', 'load', join(root, 'examples/xdp_count.bpf.o'), `${base}-y`, '--no-verify');
  assert.equal(n.code, 1);
  assert.match(n.err, /EINVAL: --no-verify/);
  // the emulator's stand-ins for the kernel's BTF and config are refused, not silently ignored
  for (const o of ['--kconfig', '--btf-vmlinux']) {
    const k = tsbpf('prog', 'load', join(root, 'examples/xdp_count.bpf.o'), `${base}-z`, o, '/dev/null');
    assert.equal(k.code, 1);
    assert.match(k.err, new RegExp(`EINVAL: ${o}: the kernel loads with its own`));
    assert.equal(existsSync(`${base}-z`), false);
  }
});
