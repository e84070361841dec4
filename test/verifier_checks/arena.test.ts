/**
 * BPF_MAP_TYPE_ARENA (test/fixtures/bpf/arena_rules.bpf.c, clang-compiled): the ELF loader gives
 * `.addr_space.1` (the `__arena` globals) to the object's arena map as libbpf does, the verifier
 * follows kernel/bpf/verifier.c (an arena global's lddw is a number, addr_space_cast makes a
 * PTR_TO_ARENA, the arena kfuncs take it as a `__map` argument), and the engines refuse to run
 * addr_space_cast rather than run it wrongly. Programs named ok_* load, bad_* are refused, with the
 * kernel's message; where the running kernel can create an arena, its verdicts must be the same.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadObjectSpec } from '../../src/elf/index.js';
import { loadObject } from '../../src/runtime/object.js';
import { ArenaMap } from '../../src/maps/arena.js';
import { BpfError } from '../../src/isa/errors.js';
import { BPF_PSEUDO_MAP_VALUE } from '../../src/isa/opcodes.js';
import { LDDW } from '../../src/isa/instruction.js';
import { MapType } from '../../src/maps/constants.js';
import { ENGINE_NAMES } from '../../src/vm/engine.js';
import { kernelAvailable, mapCreate, closeFd, KernelError } from '../../src/hooks/kernel/bpf.js';
import { kernelVerdict, tsbpfVerdict } from './object_matrix.js';

const FILE = 'arena_rules.bpf.o';
const bytes = new Uint8Array(readFileSync(fileURLToPath(new URL(`../../../test/fixtures/bpf/${FILE}`, import.meta.url))));
const spec = loadObjectSpec(bytes, { file: FILE, allowUnsupported: true });

/** the kernel's reason for each refusal (kernel/bpf/verifier.c) */
const WHY: Record<string, string> = {
  bad_arena_sign_extending_load: 'sign extending loads from arena are not supported yet',
  bad_arena_cast_bad_space: 'addr_space_cast insn can only convert between address space 1 and 0',
  bad_arena_cast_without_arena: 'addr_space_cast insn can only be used in a program that has an associated arena',
  bad_arena_uncast_deref: "R1 invalid mem access 'scalar'",
  bad_arena_alloc_not_a_map: "pointer in R1 isn't map pointer",
};

test('.addr_space.1 is the arena map\'s data, and __arena globals are lddw of the arena at their offset', () => {
  const arenas = spec.maps.filter((m) => m.type === MapType.ARENA);
  assert.equal(arenas.length, 1);
  const a = arenas[0]!;
  // long counter; int values[16] = { 1, 2, 3 }: 64 + 8 bytes in the order clang laid them out
  assert.equal(a.arenaData?.length, 72);
  const dv = new DataView(a.arenaData!.buffer, a.arenaData!.byteOffset);
  const at = [0, 64].find((o) => dv.getInt32(o, true) === 1 && dv.getInt32(o + 4, true) === 2 && dv.getInt32(o + 8, true) === 3);
  assert.ok(at !== undefined, 'values[] = {1, 2, 3} is in the section data');
  const counterAt = at === 0 ? 64 : 0;
  const idx = spec.maps.indexOf(a);
  const p = spec.programs.find((x) => x.name === 'ok_arena_globals')!;
  const refs = p.insns.filter((i) => i.code === LDDW && i.src === BPF_PSEUDO_MAP_VALUE && i.imm === idx).map((i) => i.imm2);
  assert.ok(refs.length >= 2, `lddw of the arena: ${refs.length}`);
  assert.ok(refs.includes(at) && refs.includes(counterAt), `offsets ${[...new Set(refs)].join(',')}: values at ${at}, counter at ${counterAt}`);
});

test(`${FILE}: ok_* load, bad_* are refused with the kernel's reason`, async () => {
  const names = spec.programs.map((p) => p.name);
  assert.ok(names.filter((n) => n.startsWith('ok_')).length >= 2 && names.filter((n) => n.startsWith('bad_')).length >= 5);
  for (const name of names) {
    const t = await tsbpfVerdict(bytes, FILE, name);
    assert.equal(t.accepted, name.startsWith('ok_'), `${name}: ${t.why ?? 'accepted'}`);
    if (!t.accepted) assert.ok(t.why!.includes(WHY[name]!), `${name}: ${t.why}`);
  }
});

test('the arena programs that load run on both engines with the same arena contents (maps/arena.ts)', async () => {
  const seen: string[] = [];
  for (const engine of ENGINE_NAMES) {
    const o = await loadObject(bytes, { file: FILE, programs: ['ok_arena_globals', 'ok_arena_alloc_free'] });
    try {
      for (const name of ['ok_arena_globals', 'ok_arena_alloc_free']) assert.equal(o.programs.get(name)!.run({ engine }).retval, 0, `${name} on ${engine}`);
      // counter (long) and values[16] = {1, 2, 3}: one run adds i to each
      seen.push(Buffer.from((o.map('arena').map as ArenaMap).read(0, 4096)).toString('hex'));
    } finally {
      o.close();
    }
  }
  assert.equal(seen[0], seen[1]);
  assert.notEqual(seen[0], '00'.repeat(4096));
});

/** the running kernel creates arenas (CAP_SYS_ADMIN, an x86-64/arm64 JIT): else its verdicts cannot be asked */
function kernelArena(): true | string {
  const k = kernelAvailable();
  if (!k.ok) return k.reason;
  try {
    closeFd(mapCreate({ mapType: 33, keySize: 0, valueSize: 0, maxEntries: 1, mapFlags: 1024 }));
    return true;
  } catch (e) {
    return `this kernel refuses BPF_MAP_TYPE_ARENA (${e instanceof KernelError ? e.errno : String(e)})`;
  }
}
const ka = kernelArena();

test('the running kernel gives the same verdicts', { skip: ka === true ? false : ka }, async () => {
  for (const p of spec.programs) {
    const kv = await kernelVerdict(bytes, FILE, p.name);
    assert.equal(kv.accepted, p.name.startsWith('ok_'), `${p.name}: ${kv.why ?? 'accepted'}`);
    if (!kv.accepted) assert.ok(kv.why!.includes(WHY[p.name]!), `${p.name}: the kernel says ${kv.why}`);
  }
});
