import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Btf } from '../../src/btf/btf.js';
import { applyCoreRelocations, CORE_POISON_IMM, calcCoreRelo, essentialName } from '../../src/btf/core.js';
import { BPF_CORE_TYPE_ID_TARGET, BPF_CORE_FIELD_BYTE_OFFSET, BPF_CORE_TYPE_EXISTS } from '../../src/btf/ext.js';
import {
  BTF_KIND_ARRAY, BTF_KIND_DATASEC, BTF_KIND_DECL_TAG, BTF_KIND_FUNC_PROTO, BTF_KIND_INT, BTF_KIND_STRUCT, BTF_KIND_UNION, type BtfType,
} from '../../src/btf/types.js';
import { loadObjectSpec } from '../../src/elf/loader.js';
import { applyObjectCore } from '../../src/elf/core.js';
import { BpfError } from '../../src/isa/errors.js';
import { slotIndices } from '../../src/isa/instruction.js';
import { runRaw } from '../../src/vm/run.js';
import { corpusAvailable, readCorpus } from './corpus.js';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const FIXTURE_DIR = fileURLToPath(new URL('../../../test/fixtures/bpf/', import.meta.url));

const skip = corpusAvailable() ? false : 'shared corpus ../shared/corpora/cilium-elf not present';

/**
 * The same types at other ids: a dummy INT is inserted at id 1 and every reference shifted,
 * so TYPE_ID_TARGET differs from TYPE_ID_LOCAL while every layout stays the same (what
 * cilium/ebpf's relocs.c expects of `bpf_core_type_id_kernel`).
 */
function shifted(btf: Btf): Btf {
  const s = (id: number) => (id === 0 ? 0 : id + 1);
  const types: (BtfType | undefined)[] = [undefined, { id: 1, kind: BTF_KIND_INT, name: 'tsbpf_dummy', size: 4, encoding: 0, bitsOffset: 0, bits: 32 }];
  for (let id = 1; id < btf.typeCount; id++) {
    const t = structuredClone(btf.types[id]!) as BtfType;
    t.id = id + 1;
    if ('type' in t) (t as { type: number }).type = s(t.type);
    if (t.kind === BTF_KIND_ARRAY) t.indexType = s(t.indexType);
    if (t.kind === BTF_KIND_STRUCT || t.kind === BTF_KIND_UNION) for (const m of t.members) m.type = s(m.type);
    if (t.kind === BTF_KIND_FUNC_PROTO) { t.returnType = s(t.returnType); for (const p of t.params) p.type = s(p.type); }
    if (t.kind === BTF_KIND_DATASEC) for (const v of t.vars) v.type = s(v.type);
    if (t.kind === BTF_KIND_DECL_TAG) t.type = s(t.type);
    types.push(t);
  }
  return new Btf(types, btf.strings, btf.bigEndian, 1, undefined, btf.raw);
}

test('CO-RE: relocs.c programs return 0 after relocation against a target with shifted ids', { skip }, () => {
  const spec = loadObjectSpec(readCorpus('btf_testdata_relocs-el.elf'));
  const target = shifted(spec.btf!);
  let ran = 0;
  for (const p of spec.programs) {
    if (p.name.startsWith('err_')) {
      // two candidates ('ambiguous' and 'ambiguous___flavour') with different ids: libbpf's ambiguity error
      assert.throws(() => applyCoreRelocations(p.insns, p.coreRelos, spec.btf!, target, { program: p.name }), (e: unknown) =>
        e instanceof BpfError && e.errno === 'EINVAL' && /ambiguity/.test(e.message) && e.where.insn === p.coreRelos[0]!.insn);
      continue;
    }
    assert.ok(p.coreRelos.length > 0, p.name);
    const r = applyCoreRelocations(p.insns, p.coreRelos, spec.btf!, target, { program: p.name });
    assert.equal(r.results.length, p.coreRelos.length);
    const res = runRaw(r.insns);
    assert.equal(res.r0, 0n, `${p.name} failed the check on source line ${res.r0}`);
    // unrelocated, the id checks fail: the test can detect a missing relocation
    if (p.name === 'type_ids') assert.notEqual(runRaw(p.insns).r0, 0n);
    ran++;
  }
  assert.equal(ran, 4);
});

test('CO-RE: relocs_read (struct members reordered, bitfields, a subprogram) against relocs_read_tgt', { skip }, () => {
  for (const end of ['el', 'eb']) {
    const spec = loadObjectSpec(readCorpus(`btf_testdata_relocs_read-${end}.elf`));
    const tgt = loadObjectSpec(readCorpus(`btf_testdata_relocs_read_tgt-${end}.elf`)).btf!;
    const p = spec.programs.find((x) => x.name === 'reads')!;
    // the relocations live in read_subprog (.text), appended to the program
    assert.ok(p.functions.some((f) => f.name === 'read_subprog'));
    assert.ok(p.coreRelos.every((r) => r.insn >= p.functions.find((f) => f.name === 'read_subprog')!.insn));
    const report = applyObjectCore(spec, tgt);
    assert.ok(report.length > 20);
    assert.ok(report.every((x) => !x.result.poison));
    assert.equal(p.coreRelos.length, 0);
    if (end === 'el') {
      assert.equal(runRaw(p.insns).r0, 0n);
      // against its own types the reordered members read the wrong bytes: the check catches it
      const own = loadObjectSpec(readCorpus(`btf_testdata_relocs_read-${end}.elf`));
      applyObjectCore(own, own.btf!);
      assert.notEqual(runRaw(own.programs[0]!.insns).r0, 0n);
    }
  }
});

test('CO-RE: 64-bit enum values through lddw (relocs_enum)', { skip }, () => {
  const spec = loadObjectSpec(readCorpus('btf_testdata_relocs_enum-el.elf'));
  const p = spec.programs[0]!;
  const r = applyCoreRelocations(p.insns, p.coreRelos, spec.btf!, shifted(spec.btf!));
  assert.equal(runRaw(r.insns).r0, 0n);
});

test('CO-RE: unresolvable relocations are poisoned with call 0xbad2310, as libbpf does (errors.c)', { skip }, () => {
  for (const end of ['el', 'eb']) {
    const spec = loadObjectSpec(readCorpus(`testdata_errors-${end}.elf`), { allowUnsupported: true });
    // a target that has none of the object's types
    const target = loadObjectSpec(readCorpus(`btf_testdata_relocs_read_tgt-${end}.elf`)).btf!;
    for (const name of ['poisoned_single', 'poisoned_double']) {
      const p = spec.programs.find((x) => x.name === name)!;
      const before = slotIndices(p.insns).at(-1);
      const r = applyCoreRelocations(p.insns, p.coreRelos, spec.btf!, target);
      assert.ok(r.results.some((x) => x.result.poison), name);
      const poisoned = r.insns.filter((i) => i.code === 0x85 && i.imm === CORE_POISON_IMM);
      assert.ok(poisoned.length >= (name === 'poisoned_double' ? 2 : 1), `${name}: ${poisoned.length}`);
      // slot count is unchanged (a poisoned lddw becomes two calls)
      assert.equal(slotIndices(r.insns).at(-1), before);
    }
  }
});

test('CO-RE: essential names, exists/missing types, bad access strings', { skip }, () => {
  assert.equal(essentialName('task_struct___v2'), 'task_struct');
  assert.equal(essentialName('a___b___c'), 'a___b');
  assert.equal(essentialName('plain'), 'plain');
  const spec = loadObjectSpec(readCorpus('btf_testdata_relocs-el.elf'));
  const btf = spec.btf!;
  const s = btf.find('s', BTF_KIND_STRUCT)!;
  const empty = loadObjectSpec(readCorpus('btf_testdata_relocs_read_tgt-el.elf')).btf!;
  const amb = btf.find('ambiguous', BTF_KIND_STRUCT)!;
  assert.equal(calcCoreRelo(btf, empty, { insn: 0, typeId: amb.id, accessStr: '0', kind: BPF_CORE_TYPE_EXISTS }).newVal, 0n);
  assert.equal(calcCoreRelo(btf, btf, { insn: 0, typeId: amb.id, accessStr: '0', kind: BPF_CORE_TYPE_EXISTS }).newVal, 1n);
  assert.equal(calcCoreRelo(btf, btf, { insn: 0, typeId: s.id, accessStr: '0', kind: BPF_CORE_TYPE_ID_TARGET }).newVal, BigInt(s.id));
  assert.equal(calcCoreRelo(btf, btf, { insn: 0, typeId: s.id, accessStr: '0:2', kind: BPF_CORE_FIELD_BYTE_OFFSET }).newVal, 8n);
  assert.throws(() => calcCoreRelo(btf, btf, { insn: 0, typeId: s.id, accessStr: '0:9', kind: BPF_CORE_FIELD_BYTE_OFFSET }), (e: unknown) => e instanceof BpfError && /out of range/.test(e.message));
  assert.throws(() => calcCoreRelo(btf, btf, { insn: 0, typeId: s.id, accessStr: 'x', kind: BPF_CORE_FIELD_BYTE_OFFSET }), (e: unknown) => e instanceof BpfError && /access string/.test(e.message));
  // a missing field is poisoned (not an error)
  assert.equal(calcCoreRelo(btf, empty, { insn: 0, typeId: amb.id, accessStr: '0:1', kind: BPF_CORE_FIELD_BYTE_OFFSET }).poison, true);
});

test('CO-RE: loadObjectSpec({coreTarget}) relocates while loading', { skip }, () => {
  const tgt = loadObjectSpec(readCorpus('btf_testdata_relocs_read_tgt-el.elf')).btf!;
  const spec = loadObjectSpec(readCorpus('btf_testdata_relocs_read-el.elf'), { coreTarget: tgt });
  const p = spec.programs.find((x) => x.name === 'reads')!;
  assert.equal(p.coreRelos.length, 0);
  assert.equal(runRaw(p.insns).r0, 0n);
});

test('CO-RE: an access into an array member keeps its width (bpf_core_patch_insn resizes only when the field size changed)', () => {
  // core_array_field.bpf.c: `((struct priv *)h->priv)->cnt` reads 4 bytes of the 104-byte array
  // `priv`, the relocation names the array (struct_ops' inet_csk_ca(sk) in bpf_cubic/bpf_dctcp).
  // tsbpf resized the load to the field's size and refused: "field size 104 can't be loaded"
  const spec = loadObjectSpec(new Uint8Array(readFileSync(FIXTURE_DIR + 'core_array_field.bpf.o')));
  const p = spec.programs[0]!;
  const byIndex = slotIndices(p.insns);
  const loads = p.coreRelos.map((r) => p.insns[byIndex.indexOf(r.insn)]!).filter((i) => (i.code & 7) === 1 /* BPF_LDX */);
  assert.ok(loads.length > 0, 'the fixture has a relocated load');
  for (const target of [spec.btf!, shifted(spec.btf!)]) {
    const r = applyCoreRelocations(p.insns, p.coreRelos, spec.btf!, target, { program: p.name });
    for (const x of r.results) assert.equal(x.result.newSize, 104);
    for (const [k, relo] of p.coreRelos.entries()) {
      const i = byIndex.indexOf(relo.insn);
      assert.equal(r.insns[i]!.code, p.insns[i]!.code, `relocation ${k} kept the instruction's opcode (its width)`);
    }
  }
});
