/**
 * Disassembly of clang-compiled objects: golden listings (test/golden/asm-*.txt; refresh with
 * UPDATE_GOLDEN=1 or `--update`), agreement with llvm-objdump-19 -dr --mattr=+alu32 where the
 * syntax overlaps, and listings that assemble back to the objects' section bytes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readElf } from '../../src/elf/reader.js';
import { bytesToHex } from '../../src/isa/instruction.js';
import { disassembleObject } from '../../src/asm/disasm_object.js';
import { CILIUM_ELF, corpusSkip } from '../elf/corpus.js';
import { assembleSource } from '../../src/asm/object.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const DATA = join(ROOT, 'test/data/asm');
const GOLDEN = join(ROOT, 'test/golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1' || process.argv.includes('--update');

const objects = (): string[] => readdirSync(DATA).filter((f) => f.endsWith('.bpf.o') && !f.includes('.g.')).sort();

function golden(name: string, text: string): void {
  const path = join(GOLDEN, name);
  if (UPDATE || !existsSync(path)) {
    if (!UPDATE && process.env.CI) assert.fail(`missing golden file ${name} (run with UPDATE_GOLDEN=1)`);
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(path, text);
    return;
  }
  assert.equal(text, readFileSync(path, 'utf8'), `${name} differs from the golden file (UPDATE_GOLDEN=1 refreshes it)`);
}

test('golden disassembly of the test objects, llvm and kernel syntax', () => {
  const objs = objects();
  assert.ok(objs.length >= 7);
  for (const f of objs) {
    const elf = readElf(new Uint8Array(readFileSync(join(DATA, f))), { file: f });
    const base = f.replace(/\.bpf\.o$/, '');
    golden(`asm-${base}.llvm.txt`, disassembleObject(elf, { file: f }));
    golden(`asm-${base}.kernel.txt`, disassembleObject(elf, { file: f, syntax: 'kernel' }));
  }
});

test('llvm syntax listing equals llvm-objdump-19 -dr --mattr=+alu32 (local calls aside)', (t) => {
  if (spawnSync('llvm-objdump-19', ['--version']).status !== 0) return t.skip('llvm-objdump-19 not installed');
  let lines = 0;
  for (const f of objects()) {
    const path = join(DATA, f);
    const ref = execFileSync('llvm-objdump-19', ['-dr', '--mattr=+alu32', path], { encoding: 'utf8' });
    const elf = readElf(new Uint8Array(readFileSync(path)), { file: path });
    // llvm-objdump spells a BPF-to-BPF call like a helper call (`call 0x4`); we keep them apart (`call pc+0x4`)
    const mine = disassembleObject(elf, { file: path }).replace(/\tcall pc([+-])0x/g, (_m, s: string) => `\tcall ${s === '-' ? '-' : ''}0x`);
    assert.equal(mine, ref, f);
    lines += ref.split('\n').length;
  }
  assert.ok(lines > 400, `only ${lines} lines compared`);
});

test('object listings (both syntaxes) assemble back to the same section bytes', () => {
  let n = 0;
  for (const f of objects()) {
    const elf = readElf(new Uint8Array(readFileSync(join(DATA, f))), { file: f });
    for (const syntax of ['llvm', 'kernel'] as const) {
      const obj = assembleSource(disassembleObject(elf, { file: f, syntax }), { bigEndian: elf.bigEndian, file: `${f} (${syntax} listing)` });
      const code = elf.sections.filter((s) => s.flags & 4 && s.size > 0);
      for (const s of code) {
        const mine = obj.sections.find((m) => m.name === s.name);
        assert.ok(mine, `${f}: section ${s.name} missing from the reassembled listing`);
        assert.equal(bytesToHex(mine.bytes.view()), bytesToHex(s.data), `${f} ${syntax}: section ${s.name}`);
        n++;
      }
    }
  }
  assert.ok(n >= 16, `only ${n} sections`);
});

test('cilium/ebpf corpus (clang 14/17/22, both byte orders): listings assemble back to the code bytes', { skip: corpusSkip }, () => {
  const dir = CILIUM_ELF;
  const files = readdirSync(dir).filter((f) => /\.(o|elf)$/.test(f)).sort();
  assert.ok(files.length >= 90, `only ${files.length} objects`);
  let sections = 0;
  let insns = 0;
  let unreadable = 0;
  for (const f of files) {
    let elf;
    try {
      elf = readElf(new Uint8Array(readFileSync(join(dir, f))), { file: f });
    } catch (e) {
      unreadable++;
      continue; // objects meant to be malformed
    }
    for (const syntax of ['llvm', 'kernel'] as const) {
      const text = disassembleObject(elf, { file: f, syntax });
      const obj = assembleSource(text, { bigEndian: elf.bigEndian, file: `${f} (${syntax} listing)` });
      for (const s of elf.sections.filter((x) => x.flags & 4 && x.size > 0)) {
        const mine = obj.sections.find((m) => m.name === s.name);
        assert.ok(mine, `${f}: ${s.name}`);
        assert.equal(bytesToHex(mine.bytes.view()), bytesToHex(s.data), `${f} ${syntax}: section ${s.name}`);
        if (syntax === 'llvm') {
          sections++;
          insns += s.size / 8;
        }
      }
    }
  }
  assert.ok(unreadable < 10, `${unreadable} objects unreadable`);
  assert.ok(sections > 150 && insns > 5000, `${sections} sections, ${insns} slots`);
});

test('cilium/ebpf corpus: our listing equals llvm-objdump-19 -dr --mattr=+alu32 (CO-RE notes aside)', { skip: corpusSkip }, (t) => {
  if (spawnSync('llvm-objdump-19', ['--version']).status !== 0) return t.skip('llvm-objdump-19 not installed');
  const dir = CILIUM_ELF;
  // one llvm-objdump run per byte order (it decodes a list of files in the first file's order)
  const groups = new Map<boolean, { paths: string[]; mine: string }>([[false, { paths: [], mine: '' }], [true, { paths: [], mine: '' }]]);
  for (const f of readdirSync(dir).filter((x) => /\.(o|elf)$/.test(x)).sort()) {
    const path = join(dir, f);
    let elf;
    try {
      elf = readElf(new Uint8Array(readFileSync(path)), { file: path });
    } catch {
      continue; // malformed on purpose; the reader's tests cover these
    }
    const g = groups.get(elf.bigEndian)!;
    g.mine += disassembleObject(elf, { file: path });
    g.paths.push(path);
  }
  let objects = 0;
  let lines = 0;
  for (const g of groups.values()) {
    const ref = execFileSync('llvm-objdump-19', ['-dr', '--mattr=+alu32', ...g.paths], { encoding: 'utf8', maxBuffer: 64 << 20 });
    // llvm-objdump annotates CO-RE relocations from .BTF.ext; BPF-to-BPF calls: see above
    const refLines = ref.split('\n').filter((l) => !/^\t\t[0-9a-f]{16}:  CO-RE /.test(l));
    const mineLines = g.mine.replace(/\tcall pc([+-])0x/g, (_m, s: string) => `\tcall ${s === '-' ? '-' : ''}0x`).split('\n');
    for (let k = 0; k < refLines.length; k++) if (mineLines[k] !== refLines[k]) assert.equal(mineLines[k], refLines[k], `line ${k + 1}`);
    assert.equal(mineLines.length, refLines.length);
    objects += g.paths.length;
    lines += refLines.length;
  }
  assert.ok(objects >= 95 && lines > 7000, `${objects} objects, ${lines} lines`);
});
