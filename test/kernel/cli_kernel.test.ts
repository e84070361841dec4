/**
 * `tsbpf prog show`, `map show|dump|lookup|getnext|update|delete`, `link show` and `feature probe`
 * on the running kernel, compared with the real bpftool on the same objects, field by field for
 * the fields both print (and the plain text line for line where bpftool knows the object kind).
 * The objects are made here (maps, programs, links); each test skips without root, bpf() or bpftool.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as K from '../../src/hooks/kernel/index.js';
import { attachProgram, type Link } from '../../src/kernel/link/index.js';
import { bpffsDir, has, kernelSkip, rmrf } from './attach_helpers.js';
import { loadObject } from '../../src/kernel/index.js';

const skip = kernelSkip || (!has('bpftool') ? 'needs bpftool' : false);
const BIN = new URL('../../../bin/tsbpf.js', import.meta.url).pathname;
const tsbpf = (...a: string[]) => {
  const r = spawnSync(process.execPath, [BIN, ...a]);
  return { code: r.status, out: r.stdout.toString(), err: r.stderr.toString() };
};
const bpftool = (...a: string[]) => execFileSync('bpftool', a).toString();

/** `mine` with loaded_at taken from `theirs` when the two are at most a second apart (see above) */
function sameSecond<T>(mine: T, theirs: T): T {
  const a = mine as { loaded_at?: number };
  const b = theirs as { loaded_at?: number };
  return a && b && Math.abs((a.loaded_at ?? 0) - (b.loaded_at ?? 0)) <= 1 ? { ...mine, loaded_at: b.loaded_at } : mine;
}

const fds: number[] = [];
const links: Link[] = [];
after(() => {
  for (const l of links) l.close();
  for (const fd of fds) K.closeFd(fd);
});
const RET0 = new Uint8Array([0xb7, 0, 0, 0, 0, 0, 0, 0, 0x95, 0, 0, 0, 0, 0, 0, 0]);
const u32 = (v: number) => new Uint8Array(new Uint32Array([v]).buffer);

let made: { prog: number; hash: number; percpu: number; link: Link } | undefined;
function objects() {
  if (made) return made;
  const hash = K.mapCreate({ mapType: 'HASH', keySize: 4, valueSize: 8, maxEntries: 16, mapName: 'kat_cli_hash' });
  const percpu = K.mapCreate({ mapType: 'PERCPU_ARRAY', keySize: 4, valueSize: 4, maxEntries: 3, mapName: 'kat_cli_pcpu' });
  fds.push(hash, percpu);
  for (let i = 1; i <= 5; i++) K.mapUpdateElem(hash, u32(i * 7), new Uint8Array(8).fill(i));
  const prog = K.progLoad({ progType: 'TRACEPOINT', insns: RET0, progName: 'kat_cli_tp' }).fd;
  fds.push(prog);
  const link = attachProgram({ fd: prog, name: 'kat_cli_tp', section: 'tracepoint/syscalls/sys_enter_getppid', progType: 5, expectedAttachType: 0 });
  links.push(link);
  made = { prog, hash, percpu, link };
  return made;
}

test('prog show: a name the kernel cut at 15 characters is the full name from the program\'s BTF, as bpftool prints it', { skip }, async () => {
  // bpftool get_prog_full_name: csum_diff_to_only (17 characters) is csum_diff_to_on in bpf_prog_info
  const obj = await loadObject(new URL('../../../test/fixtures/bpf/helpers_diff.bpf.o', import.meta.url).pathname, { target: 'kernel' });
  try {
    const id = obj.program('csum_diff_to_only').info().id;
    const mine = JSON.parse(tsbpf('-j', 'prog', 'show', 'id', String(id)).out);
    const theirs = JSON.parse(bpftool('-j', 'prog', 'show', 'id', String(id)));
    assert.equal(theirs.name, 'csum_diff_to_only');
    assert.deepEqual(sameSecond(mine, theirs), theirs);
    const stamp = /loaded_at \S+/;
    assert.equal(tsbpf('prog', 'show', 'id', String(id)).out.replace(stamp, ''), bpftool('prog', 'show', 'id', String(id)).replace(stamp, ''));
  } finally {
    obj.close();
  }
});

test('prog show: JSON and plain text equal bpftool\'s for the same program (by id, name and tag)', { skip }, () => {
  const { prog } = objects();
  const id = K.progInfo(prog).id;
  const tag = K.progInfo(prog).tag;
  for (const sel of [['id', String(id)], ['name', 'kat_cli_tp'], ['tag', tag]]) {
    const mine = JSON.parse(tsbpf('-j', 'prog', 'show', ...sel).out);
    const theirs = JSON.parse(bpftool('-j', 'prog', 'show', ...sel));
    const pick = (o: unknown) => (Array.isArray(o) ? o.find((p) => p.id === id) : o);
    assert.deepEqual(sameSecond(pick(mine), pick(theirs)), pick(theirs), `prog show ${sel.join(' ')}`);
  }
  // loaded_at is CLOCK_REALTIME - CLOCK_BOOTTIME in whole seconds plus the load time: two
  // readings (bpftool's and ours) may straddle a second
  const stamp = /loaded_at \S+/;
  assert.equal(tsbpf('prog', 'show', 'id', String(id)).out.replace(stamp, ''), bpftool('prog', 'show', 'id', String(id)).replace(stamp, ''));
  // every program bpftool lists, tsbpf lists with the same fields (programs come and go while we look: compare the common ids)
  const all = JSON.parse(tsbpf('-j', 'prog', 'list').out) as { id: number }[];
  const real = JSON.parse(bpftool('-j', 'prog', 'show')) as { id: number; pids?: unknown }[];
  const mineById = new Map(all.map((p) => [p.id, p]));
  let compared = 0;
  for (const r of real) {
    const m = mineById.get(r.id);
    if (!m) continue;
    delete r.pids;
    assert.deepEqual(sameSecond(m, r), r);
    compared++;
  }
  assert.ok(compared >= 1);
});

test('map show, dump, lookup, getnext on kernel ids and names: bpftool\'s output, JSON and plain', { skip }, () => {
  const { hash, percpu } = objects();
  const hid = String(K.mapInfo(hash).id);
  const pid = String(K.mapInfo(percpu).id);
  for (const argv of [
    ['map', 'show', 'id', hid], ['map', 'dump', 'id', hid], ['map', 'dump', 'name', 'kat_cli_hash'], ['map', 'dump', 'id', pid],
    ['map', 'lookup', 'id', hid, 'key', '14', '0', '0', '0'], ['map', 'getnext', 'id', hid],
  ]) {
    assert.deepEqual(JSON.parse(tsbpf('-j', ...argv).out), JSON.parse(bpftool('-j', ...argv)), argv.join(' '));
    assert.equal(tsbpf(...argv).out, bpftool(...argv), `plain: ${argv.join(' ')}`);
  }
  const r = tsbpf('map', 'lookup', 'id', hid, 'key', '1', '0', '0', '0');
  assert.equal(r.code, 1);
  assert.match(r.err, /ENOENT/);
  assert.match(tsbpf('map', 'show', 'id', '99999999').err, /ENOENT: there is no map with id 99999999/);
});

test('map update and delete change the kernel map (checked with bpftool)', { skip }, () => {
  const { hash } = objects();
  const hid = String(K.mapInfo(hash).id);
  assert.equal(tsbpf('map', 'update', 'id', hid, 'key', '99', '0', '0', '0', 'value', 'hex', '0a', '0b', '0c', '0d', '0e', '0f', '10', '11').code, 0);
  assert.match(bpftool('map', 'lookup', 'id', hid, 'key', '99', '0', '0', '0'), /value: 0a 0b 0c 0d 0e 0f 10 11/);
  assert.match(tsbpf('map', 'update', 'id', hid, 'key', '99', '0', '0', '0', 'value', '1', '2', '3', '4', '5', '6', '7', '8', 'noexist').err, /EEXIST/);
  assert.equal(tsbpf('map', 'delete', 'id', hid, 'key', '99', '0', '0', '0').code, 0);
  assert.notEqual(spawnSync('bpftool', ['map', 'lookup', 'id', hid, 'key', '99', '0', '0', '0']).status, 0);
});

test('map verbs on a real bpffs pin; pinned PATH picks the kernel, not the emulator', { skip }, () => {
  const { hash } = objects();
  const dir = bpffsDir();
  try {
    execFileSync('bpftool', ['map', 'pin', 'id', String(K.mapInfo(hash).id), `${dir}/hash`]);
    assert.deepEqual(JSON.parse(tsbpf('-j', 'map', 'dump', 'pinned', `${dir}/hash`).out), JSON.parse(bpftool('-j', 'map', 'dump', 'pinned', `${dir}/hash`)));
    const shown = JSON.parse(tsbpf('-j', 'map', 'show', 'pinned', `${dir}/hash`).out);
    assert.deepEqual(shown.pinned, [`${dir}/hash`]);
    assert.equal(shown.id, K.mapInfo(hash).id);
  } finally {
    rmrf(dir);
  }
});

test('link show: the fields bpftool prints agree; a link pinned by tsbpf is found by bpftool', { skip }, () => {
  const { link } = objects();
  const id = link.info().id;
  const mine = JSON.parse(tsbpf('-j', 'link', 'show', 'id', String(id)).out);
  const theirs = JSON.parse(bpftool('-j', 'link', 'show', 'id', String(id)));
  for (const k of Object.keys(theirs)) if (k !== 'pids') assert.deepEqual(mine[k], theirs[k], k);
  assert.equal(mine.tracepoint, 'sys_enter_getppid');
  assert.match(tsbpf('link', 'show', 'id', String(id)).out, new RegExp(`^${id}: perf_event  prog ${mine.prog_id}  \\n\\ttracepoint sys_enter_getppid  \\n$`));
  const dir = bpffsDir();
  try {
    assert.equal(tsbpf('link', 'pin', 'id', String(id), `${dir}/l`).code, 0);
    assert.equal(JSON.parse(bpftool('-j', 'link', 'show', 'pinned', `${dir}/l`)).id, id);
    assert.deepEqual(JSON.parse(tsbpf('-j', 'link', 'show', '-f').out).find((l: { id: number }) => l.id === id).pinned, [`${dir}/l`]);
  } finally {
    rmrf(dir);
  }
});

test('feature probe: program and map types and misc features equal bpftool\'s; helpers a subset of what bpftool lists', { skip }, () => {
  const mine = JSON.parse(tsbpf('-j', 'feature', 'probe', 'kernel').out);
  const theirs = JSON.parse(bpftool('-j', 'feature', 'probe', 'kernel'));
  for (const sec of ['program_types', 'map_types', 'misc']) {
    for (const [k, v] of Object.entries(theirs[sec] as Record<string, boolean>)) assert.equal(mine[sec][k], v, `${sec}.${k}`);
  }
  let checked = 0;
  for (const [k, list] of Object.entries(theirs.helpers as Record<string, string[]>)) {
    const known = new Set(list);
    // helpers newer than bpftool's table are the only ones it may not list
    for (const h of mine.helpers[k] as string[]) if (known.size) assert.ok(known.has(h) || /cgrp_storage/.test(h), `${k}: ${h}`);
    checked += (mine.helpers[k] as string[]).length;
  }
  assert.ok(checked > 1000);
  // a type-specific refusal: only packet programs move the packet's head
  assert.ok(mine.helpers.xdp_available_helpers.includes('bpf_xdp_adjust_head'));
  assert.ok(!mine.helpers.kprobe_available_helpers.includes('bpf_xdp_adjust_head'));
  assert.ok(!mine.helpers.kprobe_available_helpers.includes('bpf_trace_printk'), 'noisy helpers only with full');
  assert.equal(mine.attach_kinds.uprobe, true);
});
