/**
 * Whole `.s` files from clang-19 -S assemble to the object clang-19 -c writes from the same C:
 * the committed pairs in test/data/asm (scripts/build-test-asm.sh), and, when clang-19 is
 * installed, freshly compiled pairs (with and without -g, both byte orders). Compared section
 * by section (bytes, symbols, relocations), then as whole files, which must be identical:
 * .debug_line and .debug_frame are generated from .loc/.cfi as clang's integrated assembler does.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assembleElf } from '../../src/asm/object.js';
import { compareObjects } from './compare.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const DATA = join(ROOT, 'test/data/asm');

function check(sFile: string, oFile: string, label: string): { sections: number; relocations: number; symbols: number } {
  const src = readFileSync(sFile, 'utf8');
  const mine = assembleElf(src, { file: label, bigEndian: label.includes('.eb.') || label.includes('.bpfeb') });
  const ref = new Uint8Array(readFileSync(oFile));
  // section by section first (for a readable failure), then the whole file
  const r = compareObjects(mine, ref, label);
  assert.ok(Buffer.from(mine).equals(Buffer.from(ref)), `${label}: whole file differs from clang's`);
  return r;
}

test('committed clang-19 .s files assemble to their clang-19 -c objects', () => {
  const files = readdirSync(DATA).filter((f) => f.endsWith('.s')).sort();
  assert.ok(files.length >= 13, `only ${files.length} .s files`);
  let rel = 0;
  let syms = 0;
  for (const f of files) {
    const r = check(join(DATA, f), join(DATA, f.replace(/\.s$/, '.bpf.o')), f);
    rel += r.relocations;
    syms += r.symbols;
  }
  assert.ok(rel > 500, `only ${rel} relocations compared`);
  assert.ok(syms > 100, `only ${syms} symbols compared`);
});

test('live: clang-19 compiles the C programs, we assemble its .s, objects agree', async (t) => {
  if (spawnSync('clang-19', ['--version']).status !== 0) return t.skip('clang-19 not installed');
  const dir = mkdtempSync(join(tmpdir(), 'tsbpf-asm-'));
  const inc = existsSync('/usr/include/x86_64-linux-gnu') ? ['-I', '/usr/include/x86_64-linux-gnu'] : [];
  // every program with -g and without, at the lowest cpu version it compiles for; two big-endian
  const jobs: { c: string; tag: string; args: string[] }[] = [];
  for (const c of readdirSync(DATA).filter((f) => f.endsWith('.c')).sort()) {
    const b = c.slice(0, -2);
    const v4only = /v4|atomics/.test(b);
    const variants: [string, boolean, string][] = [[v4only ? 'v4' : 'v3', true, 'bpfel']];
    if (b !== 'core') variants.push([v4only ? 'v4' : 'v2', false, 'bpfel']); // CO-RE needs -g
    if (b === 'subprog' || b === 'atomics') variants.push(['v4', true, 'bpfeb']);
    for (const [cpu, g, target] of variants) {
      const tag = `${b}.${cpu}${g ? '.g' : ''}.${target}`;
      jobs.push({ c, tag, args: ['-target', target, `-mcpu=${cpu}`, '-O2', ...(g ? ['-g'] : []), ...inc, join(DATA, c)] });
    }
  }
  try {
    // two at a time (the machine has two cores)
    const run = (args: string[]): Promise<void> =>
      new Promise((res, rej) => execFile('clang-19', args, (err) => (err ? rej(err) : res())));
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < jobs.length) {
        const j = jobs[next++]!;
        await run([...j.args, '-S', '-o', join(dir, j.tag + '.s')]);
        await run([...j.args, '-c', '-o', join(dir, j.tag + '.o')]);
        check(join(dir, j.tag + '.s'), join(dir, j.tag + '.o'), j.tag + '.s');
      }
    };
    await Promise.all([worker(), worker()]);
    assert.ok(jobs.length >= 14);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('hand-written assembly: sections, data directives, relocations', () => {
  const src = `
	.section xdp,"ax",@progbits
	.globl prog
	.p2align 3
	.type prog,@function
prog:
	r1 = table ll
	r2 = .Lstr ll
	r3 = ext_var ll
	call helper_fn
	call bpf_get_prandom_u32
	if r0 s< -5 goto .Lout
	gotol .Lout
.Lout:
	exit
.Lend:
	.size prog, .Lend-prog
	.data
	.p2align 3
table:
	.quad prog
	.long .Lout-prog
	.short 0x1234, -1
	.byte 'a', 255
	.zero 4, 0xaa
	.asciz "a\\tb\\x41\\101"
	.section .rodata.str1.1,"aMS",@progbits,1
.Lstr:
	.asciz "hi"
`;
  const elf = assembleElf(src, { file: 'hand.s' });
  const text = new TextDecoder('latin1').decode(elf);
  assert.ok(text.includes('\x7fELF'));
  // read it back through the shared reader
  return import('../../src/elf/reader.js').then(({ readElf, STT_SECTION }) => {
    const e = readElf(elf);
    const xdp = e.section('xdp')!;
    const rel = e.relocationsFor(xdp.index).map((r) => [r.offset, r.type, e.symbols[r.symbol]!.type === STT_SECTION ? e.sections[e.symbols[r.symbol]!.shndx]!.name : e.symbols[r.symbol]!.name]);
    assert.deepEqual(rel, [
      [0, 1, '.data'],
      [16, 1, '.rodata.str1.1'],
      [32, 1, 'ext_var'],
      [48, 10, 'helper_fn'],
    ]);
    const dv = new DataView(xdp.data.buffer, xdp.data.byteOffset);
    assert.equal(dv.getInt32(52, true), -1, 'call to an undefined function: imm -1');
    assert.equal(dv.getInt32(60, true), 7, 'helper by name');
    assert.equal(xdp.data[57], 0, 'helper call has src 0');
    assert.equal(dv.getInt16(66, true), 1, 'jump offset');
    assert.equal(dv.getInt32(76, true), 0, 'gotol offset');
    const data = e.section('.data')!;
    assert.equal(bytesHex(data.data), '0000000000000000' + '50000000' + '3412ffff' + '61ff' + 'aaaaaaaa' + '6109624141' + '00');
    assert.deepEqual(e.relocationsFor(data.index).map((r) => [r.offset, r.type]), [[0, 2]]);
    const prog = e.symbols.find((s) => s.name === 'prog')!;
    assert.equal(prog.size, 88);
    assert.equal(prog.type, 2);
    assert.ok(!e.symbols.some((s) => s.name === '.Lout'), 'temporary labels stay out of the symbol table');
  });
});

function bytesHex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}

test('.set constants: absolute symbols, lddw/call/data uses (byte-identical to llvm-mc-19)', async (t) => {
  const src = '\t.set N, 7\n\t.globl g\n\t.set M, 0x100000002\n\tr1 = N ll\n\tr2 = M ll\n\tcall N\n\texit\n\t.data\n\t.long N+1\n\t.quad M\n';
  const mine = assembleElf(src, { file: 'set.s' });
  const { readElf, SHN_ABS } = await import('../../src/elf/reader.js');
  const e = readElf(mine);
  const n = e.symbols.find((s) => s.name === 'N')!;
  assert.deepEqual([n.shndx, n.value], [SHN_ABS, 7]);
  assert.equal(bytesHex(e.section('.data')!.data), '08000000' + '0200000001000000');
  assert.equal(bytesHex(e.section('.text')!.data).slice(0, 16), '1801000007000000');
  if (spawnSync('llvm-mc-19', ['--version']).status !== 0) return t.skip('llvm-mc-19 not installed');
  const dir = mkdtempSync(join(tmpdir(), 'tsbpf-set-'));
  try {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'set.s'), src);
    spawnSync('llvm-mc-19', ['-triple', 'bpfel', '-filetype=obj', '-o', join(dir, 'set.o'), join(dir, 'set.s')]);
    assert.ok(Buffer.from(mine).equals(readFileSync(join(dir, 'set.o'))));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
