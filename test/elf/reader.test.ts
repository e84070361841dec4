import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readElf, SHF_EXECINSTR, SHT_REL, SHT_RELA, EM_BPF, ET_REL } from '../../src/elf/reader.js';
import { BpfError } from '../../src/isa/errors.js';
import { corpusAvailable, readCorpus, summary } from './corpus.js';
import { existsSync, readFileSync, realpathSync } from 'node:fs';

const skip = corpusAvailable() ? false : 'shared corpus ../shared/corpora/cilium-elf not present';

test('reader: every corpus object matches elf_summary.jsonl (sections, exec sizes, relocation sections, BTF)', { skip }, () => {
  const entries = summary();
  assert.equal(entries.length, 102);
  for (const e of entries) {
    const elf = readElf(readCorpus(e.file), { file: e.file });
    assert.equal(elf.bigEndian, e.endian === 'eb', e.file);
    assert.equal(elf.type, e.e_type);
    assert.equal(elf.type, ET_REL);
    assert.equal(elf.machine, EM_BPF);
    assert.equal(elf.sections.length, e.n_sections, e.file);
    const exec: Record<string, number> = {};
    for (const s of elf.sections) if (s.flags & SHF_EXECINSTR && s.size > 0) exec[s.name] = s.size / 8;
    assert.deepEqual(exec, e.exec_sections, e.file);
    assert.equal(elf.relocationSections.length, e.n_rel_sections, e.file);
    assert.equal(elf.sections.some((s) => s.name === '.BTF'), e.has_BTF, e.file);
    assert.equal(elf.sections.some((s) => s.name === '.BTF.ext'), e.has_BTF_ext, e.file);
    for (const r of elf.relocationSections) assert.ok(r.section.type === SHT_REL || r.section.type === SHT_RELA);
  }
});

test('reader: both byte orders give the same sections, symbols and relocations', { skip }, () => {
  const entries = summary().filter((e) => e.endian === 'el');
  let pairs = 0;
  for (const el of entries) {
    // only the testdata objects: the examples' bpfel/bpfeb builds target different architectures' headers
    const ebName = el.file.replace(/-el\.elf$/, '-eb.elf');
    if (ebName === el.file || !summary().some((x) => x.file === ebName)) continue;
    const a = readElf(readCorpus(el.file));
    const b = readElf(readCorpus(ebName));
    pairs++;
    assert.deepEqual(a.sections.map((s) => [s.name, s.type, s.size, s.flags]), b.sections.map((s) => [s.name, s.type, s.size, s.flags]), el.file);
    assert.deepEqual(a.symbols, b.symbols, el.file);
    assert.deepEqual(a.relocationSections.map((r) => r.relocations), b.relocationSections.map((r) => r.relocations), el.file);
  }
  assert.ok(pairs >= 33, `only ${pairs} pairs`);
});

function expectBpfError(f: () => unknown, errno: string, re?: RegExp): BpfError {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof BpfError, `expected BpfError, got ${String(e)}`);
    assert.equal(e.errno, errno, e.message);
    if (re) assert.match(e.message, re);
    return e;
  }
  assert.fail('expected an error');
}

test('reader: malformed headers give ENOEXEC/EINVAL with byte offsets', { skip }, () => {
  const good = readCorpus('testdata_loader-clang-17-el.elf');
  expectBpfError(() => readElf(new Uint8Array(0)), 'ENOEXEC', /bad magic/);
  const b32 = good.slice(); b32[4] = 1;
  expectBpfError(() => readElf(b32), 'ENOEXEC', /ELF64/);
  const bd = good.slice(); bd[5] = 3;
  expectBpfError(() => readElf(bd), 'ENOEXEC', /byte order/);
  expectBpfError(() => readElf(good.subarray(0, 40)), 'EINVAL', /truncated/);
  // e_shoff beyond the file
  const bs = good.slice(); new DataView(bs.buffer).setBigUint64(40, BigInt(good.length), true);
  const e = expectBpfError(() => readElf(bs), 'EINVAL', /outside/);
  assert.equal(typeof e.where.offset, 'number');
  // a section whose contents lie outside the file: section 2 (.text) offset field
  const shoff = Number(new DataView(good.buffer, good.byteOffset).getBigUint64(40, true));
  const bo = good.slice(); new DataView(bo.buffer).setBigUint64(shoff + 2 * 64 + 24, 0xffffffn, true);
  const e2 = expectBpfError(() => readElf(bo), 'EINVAL', /section 2 contents/);
  assert.equal(e2.where.offset, shoff + 2 * 64 + 24);
  // truncation anywhere: always a BpfError
  for (let n = 0; n < good.length; n += 97) {
    try { readElf(good.subarray(0, n)); } catch (err) { assert.ok(err instanceof BpfError, String(err)); }
  }
});

test('reader: host executables parse (dynamic relocations skipped); the loader refuses them with ENOEXEC', { skip: existsSync('/bin/ls') ? false : 'no /bin/ls' }, async () => {
  const { loadObjectSpec } = await import('../../src/elf/loader.js');
  const bytes = new Uint8Array(readFileSync(realpathSync('/bin/ls')));
  const elf = readElf(bytes);
  assert.ok(elf.sections.length > 10);
  assert.ok(elf.sections.some((s) => s.name === '.text'));
  assert.throws(() => loadObjectSpec(bytes), (e: unknown) => e instanceof BpfError && e.errno === 'ENOEXEC' && /EM_BPF/.test(e.message));
});
