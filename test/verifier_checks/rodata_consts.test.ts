/**
 * check_mem_access's bpf_map_direct_read: a load at a constant offset of a frozen read-only
 * array (.rodata) is a known constant, so `const volatile` settings make code dead before the
 * verifier checks it. test/fixtures/bpf/rodata_consts.bpf.c guards an invalid load by .rodata
 * values: tsbpf's verdict on each program (loadObject, the verifier on) must be the expected one,
 * and the running kernel's (tsbpf's kernel loader) the same, where it can be asked.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadObjectSpec } from '../../src/elf/index.js';
import { verify } from '../../src/verifier/index.js';
import { verifierMapOfSpec, verifyOptionsForProgram } from '../../src/verifier/object.js';
import { kernelAvailable } from '../../src/hooks/kernel/bpf.js';
import { kernelVerdict, tsbpfVerdict } from './object_matrix.js';

const OBJ = fileURLToPath(new URL('../../../test/fixtures/bpf/rodata_consts.bpf.o', import.meta.url));
const bytes = new Uint8Array(readFileSync(OBJ));
const programs = loadObjectSpec(bytes, { file: 'rodata_consts.bpf.o' }).programs.map((p) => p.name);

test('loads from frozen .rodata are constants: dead code is not checked', async () => {
  assert.deepEqual(programs, ['dead_u32', 'live_u32', 'dead_u8', 'dead_u64', 'dead_index', 'live_index']);
  for (const name of programs) {
    const t = await tsbpfVerdict(bytes, 'rodata_consts.bpf.o', name);
    if (name.startsWith('dead_')) assert.equal(t.accepted, true, `${name}: ${t.why}`);
    else assert.match(t.why ?? 'accepted', /invalid mem access 'scalar'/, name);
  }
});

test('without the map contents the same programs are refused (the rule is what accepts them)', () => {
  const spec = loadObjectSpec(bytes, { file: 'rodata_consts.bpf.o' });
  const maps = spec.maps.map((m) => ({ ...verifierMapOfSpec(m), rdonlyValue: undefined }));
  for (const p of spec.programs) {
    const r = verify(p.insns, verifyOptionsForProgram(p, maps, { logLevel: 0 }, spec.btf));
    assert.equal(r.accepted, false, p.name);
  }
});

const k = kernelAvailable();
test('the running kernel gives the same verdicts', { skip: k.ok ? false : k.reason }, async () => {
  for (const name of programs) {
    const k = await kernelVerdict(bytes, 'rodata_consts.bpf.o', name);
    const t = await tsbpfVerdict(bytes, 'rodata_consts.bpf.o', name);
    assert.equal(k.verifier, true, `${name}: the kernel refused it before verification: ${k.why}`);
    assert.equal(t.accepted, k.accepted, `${name}: kernel ${k.accepted ? 'accepts' : `refuses (${k.why})`}, tsbpf ${t.accepted ? 'accepts' : `refuses (${t.why})`}`);
    if (!k.accepted) assert.ok(t.why!.includes(k.why!), `${name}: tsbpf's reason "${t.why}" is not the kernel's "${k.why}"`);
  }
});
