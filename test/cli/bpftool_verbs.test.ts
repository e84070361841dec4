/**
 * The bpftool verbs tsbpf answers to besides its own: `map create`, `map pin`, `map list`,
 * `prog loadall`, `prog pin`, `prog list`, each checked with bpftool itself on what it made, and
 * their bad input (typed errors, exit 1, no stack trace, nothing left pinned).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { bpftoolJson, bpftoolSkip as skip, root, tsbpf } from './run_bin.js';

const dir = `/sys/fs/bpf/tsbpf-test-verbs-${process.pid}`;

test('map create makes the map bpftool sees; map pin and map list agree with bpftool and map show', { skip }, () => {
  mkdirSync(dir, { recursive: true });
  try {
    const name = `tv${process.pid % 100000}`;
    const c = tsbpf('-j', 'map', 'create', `${dir}/m`, 'type', 'lru_hash', 'key', '4', 'value', '0x10', 'entries', '64', 'name', name);
    assert.equal(c.code, 0, c.err);
    assert.equal(c.out.trim(), 'null');
    const m = bpftoolJson('map', 'show', 'pinned', `${dir}/m`);
    assert.deepEqual([m.type, m.bytes_key, m.bytes_value, m.max_entries, m.name], ['lru_hash', 4, 16, 64, name]);
    const p = tsbpf('map', 'pin', 'id', String(m.id), `${dir}/m2`);
    assert.equal(p.code, 0, p.err);
    assert.equal(bpftoolJson('map', 'show', 'pinned', `${dir}/m2`).id, m.id);
    for (const j of [[], ['-j']]) {
      const show = tsbpf(...j, 'map', 'show', 'id', String(m.id));
      const list = tsbpf(...j, 'map', 'list', 'id', String(m.id));
      assert.equal(show.code, 0, show.err);
      assert.equal(list.out, show.out);
      assert.equal(list.code, 0);
    }
    // an array of maps whose inner map is the one just made (inner_map MAP)
    const o = tsbpf('map', 'create', `${dir}/outer`, 'type', 'array_of_maps', 'key', '4', 'value', '4', 'entries', '2', 'name', 'tvouter', 'inner_map', 'pinned', `${dir}/m`);
    assert.equal(o.code, 0, o.err);
    assert.equal(bpftoolJson('map', 'show', 'pinned', `${dir}/outer`).type, 'array_of_maps');
    // the kernel's refusal, bad words: exit 1, ERRNO and a sentence, nothing pinned
    const bad: [string[], string][] = [
      [['type', 'nope', 'key', '4', 'value', '4', 'entries', '1', 'name', 'x'], 'EINVAL: unrecognized map type: nope'],
      [['type', 'hash', 'key', '4', 'value', '4', 'entries', '1'], 'EINVAL: map name not specified'],
      [['type', 'hash', 'key', '4x', 'value', '4', 'entries', '1', 'name', 'x'], "EINVAL: key '4x'"],
      [['type', 'hash', 'key', '4', 'value', '4', 'entries', '1', 'name', 'x', 'colour', 'red'], 'EINVAL: unknown arg colour'],
      [['type', 'hash', 'key', '4', 'value', '4', 'entries', '0', 'name', 'x'], 'EINVAL'],
      [['type', 'hash', 'key', '4', 'value', '4', 'entries', '1', 'name'], 'EINVAL'],
    ];
    for (const [words, want] of bad) {
      const r = tsbpf('map', 'create', `${dir}/bad`, ...words);
      assert.ok(r.code === 1 || r.code === 2, `${words.join(' ')}: exit ${r.code}`);
      assert.ok(r.err.includes(want), `${words.join(' ')}: ${r.err}`);
      assert.doesNotMatch(r.err, /\n\s+at /, 'no stack trace');
      assert.equal(existsSync(`${dir}/bad`), false);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('prog loadall pins every program at PATH/NAME; prog pin and prog list agree with bpftool and prog show', { skip }, () => {
  mkdirSync(dir, { recursive: true });
  try {
    const r = tsbpf('-j', 'prog', 'loadall', join(root, 'examples/exec_trace.bpf.o'), `${dir}/progs`, 'pinmaps', `${dir}/maps`);
    assert.equal(r.code, 0, r.err);
    const o = JSON.parse(r.out) as { programs: { name: string; id: number }[]; maps: { name: string; id: number }[] };
    assert.deepEqual(readdirSync(`${dir}/progs`).sort(), o.programs.map((p) => p.name).sort());
    // bpffs refuses '.' in names: .rodata is pinned as _rodata (libbpf sanitize_pin_path)
    assert.deepEqual(readdirSync(`${dir}/maps`).sort(), o.maps.map((m) => m.name.replace(/\./g, '_')).sort());
    assert.ok(o.maps.some((m) => m.name === '.rodata'), 'exec_trace has a .rodata map');
    const first = o.programs[0]!;
    assert.equal(bpftoolJson('prog', 'show', 'pinned', `${dir}/progs/${first.name}`).id, first.id);
    const p = tsbpf('prog', 'pin', 'pinned', `${dir}/progs/${first.name}`, `${dir}/again`);
    assert.equal(p.code, 0, p.err);
    assert.equal(bpftoolJson('prog', 'show', 'pinned', `${dir}/again`).id, first.id);
    const show = tsbpf('-j', 'prog', 'show', 'id', String(first.id));
    const list = tsbpf('-j', 'prog', 'list', 'id', String(first.id));
    assert.equal(list.code, 0, list.err);
    assert.deepEqual(JSON.parse(list.out).id, JSON.parse(show.out).id);
    // loadall needs its PATH; a selector that names nothing is ENOENT; pin needs a selector and a file
    const noPath = tsbpf('prog', 'loadall', join(root, 'examples/exec_trace.bpf.o'));
    assert.equal(noPath.code, 2, noPath.err);
    const none = tsbpf('prog', 'pin', 'name', 'no_such_prog_tsbpf', `${dir}/x`);
    assert.equal(none.code, 1);
    assert.match(none.err, /ENOENT: no prog with name no_such_prog_tsbpf/);
    assert.equal(tsbpf('map', 'pin', 'id', '1').code, 2);
    assert.equal(existsSync(`${dir}/x`), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('map freeze (bpftool do_freeze): user space can no longer write the map, as the kernel and bpftool see it; a tsbpf pin file keeps it', async () => {
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { loadObject } = await import('../../src/runtime/object.js');
  const d = mkdtempSync(join(tmpdir(), 'tsbpf-freeze-'));
  try {
    (await loadObject(join(root, 'examples/xdp_firewall.bpf.o'), { pinMaps: d })).close();
    const pin = join(d, 'blocklist');
    assert.equal(tsbpf('map', 'update', 'pinned', pin, 'key', '10', '0', '0', '1', 'value', '1', '0', '0', '0', '0', '0', '0', '0').code, 0);
    const f = tsbpf('-j', 'map', 'freeze', 'pinned', pin);
    assert.equal(f.code, 0, f.err);
    assert.equal(f.out.trim(), 'null');
    assert.equal(JSON.parse(tsbpf('-j', 'map', 'show', 'pinned', pin).out).frozen, 1, 'the pin file says frozen');
    const u = tsbpf('map', 'update', 'pinned', pin, 'key', '10', '0', '0', '2', 'value', '1', '0', '0', '0', '0', '0', '0', '0');
    assert.equal(u.code, 1);
    assert.match(u.err, /^tsbpf map update: EPERM: /);
    assert.match(tsbpf('map', 'freeze', 'pinned', pin).err, /EPERM: .*already frozen/);
    assert.match(tsbpf('map', 'freeze', 'pinned', pin, 'key', '1').err, /EINVAL/);
    // reading still works
    assert.match(tsbpf('map', 'dump', 'pinned', pin).out, /"value": 1\b/);
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
});

test('map freeze of a kernel map: BPF_MAP_FREEZE, bpftool shows it frozen, an update is EPERM', { skip }, () => {
  mkdirSync(dir, { recursive: true });
  try {
    assert.equal(tsbpf('map', 'create', `${dir}/f`, 'type', 'array', 'key', '4', 'value', '4', 'entries', '1', 'name', 'tvfreeze').code, 0);
    const f = tsbpf('map', 'freeze', 'pinned', `${dir}/f`);
    assert.equal(f.code, 0, f.err);
    assert.equal(bpftoolJson('map', 'show', 'pinned', `${dir}/f`).frozen, 1);
    const u = tsbpf('map', 'update', 'pinned', `${dir}/f`, 'key', '0', '0', '0', '0', 'value', '1', '0', '0', '0');
    assert.equal(u.code, 1);
    assert.match(u.err, /EPERM/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
