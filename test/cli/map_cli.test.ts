/**
 * `tsbpf prog load OBJ --pinmaps DIR` and `tsbpf map … pinned PATH` end to end: real objects,
 * real pin files, bpftool's grammar and JSON.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { CILIUM_ELF, corpusSkip } from '../elf/corpus.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tsbpf } from './run_bin.js';

const corpus = CILIUM_ELF;
const skip = corpusSkip;

test('prog load lists programs and maps (text and --json), pins maps, and says whether it verified', { skip }, () => {
  const d = mkdtempSync(join(tmpdir(), 'tsbpf-cli-'));
  try {
    const obj = join(corpus, 'testdata_btf_map_init-el.elf');
    const j = tsbpf('prog', 'load', obj, '--json', '--pinmaps', d);
    assert.equal(j.code, 0, j.err);
    const o = JSON.parse(j.out) as { programs: { name: string; section: string; type: string; insns: number; maps: string[] }[]; maps: { name: string; type: string; pinned?: string[] }[]; verified: boolean };
    assert.deepEqual(o.programs.map((p) => p.name).sort(), ['tail_1', 'tail_main']);
    const main = o.programs.find((p) => p.name === 'tail_main')!;
    assert.equal(main.type, 'socket_filter');
    assert.deepEqual(main.maps, ['prog_array_init']);
    assert.ok(main.insns > 0);
    assert.deepEqual(o.maps.map((m) => m.type), ['prog_array', 'array', 'array_of_maps']);
    assert.deepEqual(o.maps[1]!.pinned, [join(d, 'inner_map')]);
    // the verifier ran on both programs (loading verifies by default, as BPF_PROG_LOAD)
    assert.equal(o.verified, true);
    const t = tsbpf('prog', 'load', obj, '--no-verify');
    assert.equal(t.code, 0);
    assert.match(t.out, /socket_filter {2}name tail_main {2}section socket\/main {2}insns \d+ {2}maps prog_array_init/);
    assert.match(t.out, /without verification/);
    assert.match(tsbpf('prog', 'load', obj).out, /verified: 2 programs accepted/);
    const bad = tsbpf('prog', 'load', join(corpus, 'testdata_invalid_map-el.elf'));
    assert.equal(bad.code, 1);
    assert.match(bad.err, /EINVAL: map 'invalid_map'/);
    assert.equal(tsbpf('prog', 'load', join(d, 'nope.o')).code, 1);
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
});

test('map update / lookup / getnext / dump / delete on a pinned map, bpftool byte syntax and JSON', { skip }, () => {
  const d = mkdtempSync(join(tmpdir(), 'tsbpf-cli-'));
  try {
    assert.equal(tsbpf('prog', 'load', join(corpus, 'cmd_bpf2go_test_test_bpfel.o'), '--pinmaps', d).code, 0);
    const p = join(d, 'map1');
    let r = tsbpf('map', 'update', 'pinned', p, 'key', '1', '0', '0', '0', 'value', 'hex', '0102030405060708', '01', '00', '00', '00', '00', '00', '00', '00');
    assert.equal(r.code, 0, r.err);
    r = tsbpf('map', 'update', 'pinned', p, 'key', '0x02', '0', '0', '0', 'value', 'hex', '00000000000000000000000000000000', 'noexist');
    assert.equal(r.code, 1, 'max_entries is 1');
    assert.match(r.err, /E2BIG/);
    r = tsbpf('map', 'lookup', 'pinned', p, 'key', '1', '0', '0', '0');
    // the map has BTF: bpftool prints the formatted entry through its pretty json_writer (map_btf_text.test.ts compares with bpftool)
    assert.equal(r.out, '{\n    "key": "FROOD",\n    "value": {\n        "bar": 578437695752307201,\n        "baz": true,\n        "boo": "HOOPY"\n    }\n}\n');
    r = tsbpf('map', 'dump', 'pinned', p, '-j');
    const dump = JSON.parse(r.out) as { key: string[]; value: string[]; formatted: { key: unknown; value: unknown } }[];
    assert.equal(dump.length, 1);
    assert.deepEqual(dump[0]!.key, ['0x01', '0x00', '0x00', '0x00']);
    assert.deepEqual(dump[0]!.formatted, { key: 'FROOD', value: { bar: 578437695752307201, baz: true, boo: 'HOOPY' } });
    r = tsbpf('map', 'getnext', 'pinned', p, '-j');
    assert.deepEqual(JSON.parse(r.out), { key: null, next_key: ['0x01', '0x00', '0x00', '0x00'] });
    r = tsbpf('map', 'getnext', 'pinned', p, 'key', '1', '0', '0', '0');
    assert.equal(r.code, 1);
    assert.match(r.err, /ENOENT/);
    assert.equal(tsbpf('map', 'delete', 'pinned', p, 'key', '01000000').code, 0);
    r = tsbpf('map', 'dump', 'pinned', p);
    assert.equal(r.out, '[]\n', 'an empty map with BTF, as bpftool prints it');
    r = tsbpf('map', 'lookup', 'pinned', p, 'key', '1', '0', '0');
    assert.equal(r.code, 1);
    assert.match(r.err, /key is 3 bytes, the map needs 4/);
    r = tsbpf('map', 'update', 'pinned', join(d, '.rodata'), 'key', '0', '0', '0', '0', 'value', ...Array(56).fill('0'));
    assert.equal(r.code, 1);
    assert.match(r.err, /EPERM.*frozen/);
    r = tsbpf('map', 'show', 'pinned', join(d, '.rodata'), '-j');
    assert.deepEqual(JSON.parse(r.out), { name: '.rodata', type: 'array', bytes_key: 4, bytes_value: 56, max_entries: 1, flags: 0x480, frozen: 1, pinned: [join(d, '.rodata')] });
    assert.equal(tsbpf('map', 'dump', 'pinned', join(d, 'missing')).code, 1);
    assert.equal(tsbpf('map', 'dump', 'nonsense').code, 2);
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
});
