/**
 * The llvm dialect and the kernel-log form, instruction by instruction: every opcode form
 * prints and reads back to the same bytes, llvm-mc agrees with our spelling, the conformance
 * programs round-trip, random valid instructions round-trip, random text only ever raises
 * BpfError, and bad input names its line and column.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { BpfError } from '../../src/isa/errors.js';
import { type Instruction, LDDW, bytesToHex, decodeInstructions, encodeInstructions, hexToBytes } from '../../src/isa/instruction.js';
import * as op from '../../src/isa/opcodes.js';
import { formatInstruction, parseInstruction } from '../../src/asm/llvm_syntax.js';
import { disassemble } from '../../src/asm/disasm.js';
import { assemble } from '../../src/asm/object.js';
import { HELPER_NAMES, helperId, helperName } from '../../src/isa/helper_ids.js';
import { pathToFileURL } from 'node:url';
import { SHARED_DIR, sharedSkip } from '../shared_data.js';
import { allForms, validInstruction } from './gen.js';

const SHARED = pathToFileURL(SHARED_DIR);

const hex = (insns: readonly Instruction[]): string => bytesToHex(encodeInstructions(insns));

function roundTrip(i: Instruction, style: 'llvm' | 'kernel'): void {
  const text = formatInstruction(i, { style });
  const back = parseInstruction(style === 'kernel' ? `(${i.code.toString(16).padStart(2, '0')}) ${text}` : text);
  assert.equal(hex([back.insn]), hex([i]), `${style}: '${text}' read back as ${JSON.stringify(back.insn)}, want ${JSON.stringify(i)}`);
  assert.equal(back.ref, undefined);
}

test('every opcode form prints in both syntaxes and reads back to the same bytes', () => {
  const forms = allForms();
  assert.ok(forms.length > 200, `only ${forms.length} forms`);
  const codes = new Set(forms.map((i) => i.code));
  assert.ok(codes.size >= 120, `only ${codes.size} distinct opcodes`);
  for (const i of forms) {
    assert.doesNotMatch(formatInstruction(i), /^\.quad/, `valid instruction printed raw: ${JSON.stringify(i)}`);
    roundTrip(i, 'llvm');
    roundTrip(i, 'kernel');
  }
});

test('llvm syntax matches what llvm-objdump prints and what clang -S writes', () => {
  const cases: [Instruction, string][] = [
    [{ code: 0x61, dst: 0, src: 1, off: 4, imm: 0, imm2: 0 }, 'w0 = *(u32 *)(r1 + 0x4)'],
    [{ code: 0x79, dst: 1, src: 10, off: -8, imm: 0, imm2: 0 }, 'r1 = *(u64 *)(r10 - 0x8)'],
    [{ code: 0x0c, dst: 0, src: 1, off: 0, imm: 0, imm2: 0 }, 'w0 += w1'],
    [{ code: 0x25, dst: 1, src: 0, off: 3, imm: 0x10, imm2: 0 }, 'if r1 > 0x10 goto +0x3'],
    [{ code: 0xc6, dst: 1, src: 0, off: -2, imm: -5, imm2: 0 }, 'if w1 s< -0x5 goto -0x2'],
    [{ code: 0xdb, dst: 10, src: 1, off: -8, imm: 0, imm2: 0 }, 'lock *(u64 *)(r10 - 0x8) += r1'],
    [{ code: 0xdb, dst: 1, src: 0, off: 0, imm: 1, imm2: 0 }, 'r0 = atomic_fetch_add((u64 *)(r1 + 0x0), r0)'],
    [{ code: 0xdb, dst: 1, src: 0, off: 0, imm: 0xe1, imm2: 0 }, 'r0 = xchg_64(r1 + 0x0, r0)'],
    [{ code: 0xdb, dst: 1, src: 2, off: 0, imm: 0xf1, imm2: 0 }, 'r0 = cmpxchg_64(r1 + 0x0, r0, r2)'],
    [{ code: 0xc3, dst: 6, src: 2, off: 0, imm: 0xe1, imm2: 0 }, 'w2 = xchg32_32(r6 + 0x0, w2)'],
    [{ code: 0xdc, dst: 1, src: 0, off: 0, imm: 16, imm2: 0 }, 'r1 = be16 r1'],
    [{ code: 0xd7, dst: 1, src: 0, off: 0, imm: 64, imm2: 0 }, 'r1 = bswap64 r1'],
    [{ code: 0xbf, dst: 1, src: 2, off: 8, imm: 0, imm2: 0 }, 'r1 = (s8)r2'],
    [{ code: 0x89, dst: 0, src: 1, off: 2, imm: 0, imm2: 0 }, 'r0 = *(s16 *)(r1 + 0x2)'],
    [{ code: 0x06, dst: 0, src: 0, off: 0, imm: 5, imm2: 0 }, 'gotol +0x5'],
    [{ code: LDDW, dst: 1, src: 0, off: 0, imm: 0x1234, imm2: 0 }, 'r1 = 0x1234 ll'],
    [{ code: 0x85, dst: 0, src: 0, off: 0, imm: 1, imm2: 0 }, 'call 0x1'],
    [{ code: 0x8d, dst: 1, src: 0, off: 0, imm: 0, imm2: 0 }, 'callx r1'],
    [{ code: 0x30, dst: 0, src: 0, off: 0, imm: 12, imm2: 0 }, 'r0 = *(u8 *)skb[0xc]'],
    [{ code: 0x48, dst: 0, src: 1, off: 0, imm: 12, imm2: 0 }, 'r0 = *(u16 *)skb[r1 + 0xc]'],
    [{ code: 0xb7, dst: 1, src: 0, off: 0, imm: -1, imm2: 0 }, 'r1 = -0x1'],
    [{ code: 0x95, dst: 0, src: 0, off: 0, imm: 0, imm2: 0 }, 'exit'],
  ];
  for (const [i, text] of cases) {
    assert.equal(formatInstruction(i), text);
    assert.equal(hex([parseInstruction(text).insn]), hex([i]));
  }
  // clang -S spellings: decimal immediates, r-registers on 32-bit loads, named helpers
  const clangForms: [string, string][] = [
    ['r0 = *(u32 *)(r1 + 4)', 'w0 = *(u32 *)(r1 + 0x4)'],
    ['if w1 s< -5 goto +3', 'if w1 s< -0x5 goto +0x3'],
    ['r1 = 4660 ll', 'r1 = 0x1234 ll'],
    ['r1 = -1', 'r1 = -0x1'],
    ['call bpf_map_lookup_elem#1', 'call 0x1'],
    ['lock *(u32 *)(r6 + 0) += r1', 'lock *(u32 *)(r6 + 0x0) += w1'],
    ['w1 = 0xffffffff', 'w1 = -0x1'],
  ];
  for (const [src, want] of clangForms) assert.equal(formatInstruction(parseInstruction(src).insn), want, src);
});

test('kernel log form is print_bpf_insn format', () => {
  const k = (i: Instruction): string => formatInstruction(i, { style: 'kernel' });
  assert.equal(k({ code: 0x61, dst: 0, src: 1, off: 4, imm: 0, imm2: 0 }), 'r0 = *(u32 *)(r1 +4)');
  assert.equal(k({ code: 0x7b, dst: 10, src: 1, off: -8, imm: 0, imm2: 0 }), '*(u64 *)(r10 -8) = r1');
  assert.equal(k({ code: 0x05, dst: 0, src: 0, off: 3, imm: 0, imm2: 0 }), 'goto pc+3');
  assert.equal(k({ code: 0x85, dst: 0, src: 0, off: 0, imm: 1, imm2: 0 }), 'call bpf_map_lookup_elem#1');
  assert.equal(k({ code: 0x85, dst: 0, src: 1, off: 0, imm: 3, imm2: 0 }), 'call pc+3');
  assert.equal(k({ code: 0x15, dst: 1, src: 0, off: -2, imm: -1, imm2: 0 }), 'if r1 == 0xffffffff goto pc-2');
  assert.equal(k({ code: 0xdb, dst: 1, src: 2, off: 0, imm: 0xf1, imm2: 0 }), 'r0 = atomic64_cmpxchg((u64 *)(r1 +0), r0, r2)');
  assert.equal(k({ code: 0xc3, dst: 1, src: 2, off: 0, imm: 0x41, imm2: 0 }), 'r2 = atomic_fetch_or((u32 *)(r1 +0), r2)');
  assert.equal(k({ code: 0x07, dst: 2, src: 0, off: 0, imm: -4, imm2: 0 }), 'r2 += -4');
  assert.equal(k({ code: LDDW, dst: 1, src: 2, off: 0, imm: 3, imm2: 8 }), 'r1 = map[id:3][0]+8');
  assert.equal(k({ code: 0x30, dst: 0, src: 0, off: 0, imm: 14, imm2: 0 }), 'r0 = *(u8 *)skb[14]');
  const listing = disassemble([{ code: 0xb7, dst: 0, src: 0, off: 0, imm: 2, imm2: 0 }, { code: 0x95, dst: 0, src: 0, off: 0, imm: 0, imm2: 0 }], { syntax: 'kernel' });
  assert.equal(listing, '0: (b7) r0 = 2\n1: (95) exit\n');
});

test('kernel extensions clang-19 emits: may_goto and addr_space_cast', () => {
  const mg: Instruction = { code: 0xe5, dst: 0, src: 0, off: 3, imm: 0, imm2: 0 };
  const cast: Instruction = { code: 0xbf, dst: 1, src: 2, off: 1, imm: 0x10002, imm2: 0 };
  assert.equal(formatInstruction(mg), 'may_goto +0x3');
  assert.equal(formatInstruction(mg, { style: 'kernel' }), 'may_goto pc+3');
  assert.equal(formatInstruction(cast), 'r1 = addr_space_cast(r2, 0x1, 0x2)');
  assert.equal(formatInstruction(cast, { style: 'kernel' }), 'r1 = addr_space_cast(r2, 1, 2)');
  for (const i of [mg, cast]) {
    roundTrip(i, 'llvm');
    roundTrip(i, 'kernel');
  }
  const back = assemble('\tmay_goto out\n\tr0 = 1\nout:\n\texit\n');
  assert.equal(hex(back.slice(0, 1)), 'e500010000000000');
});

test('helper table covers every 6.x helper id', () => {
  assert.equal(HELPER_NAMES.length, 212);
  assert.equal(helperName(1), 'bpf_map_lookup_elem');
  assert.equal(helperName(6), 'bpf_trace_printk');
  assert.equal(helperName(12), 'bpf_tail_call');
  assert.equal(helperName(130), 'bpf_ringbuf_output');
  assert.equal(helperName(211), 'bpf_cgrp_storage_delete');
  assert.equal(helperId('bpf_ktime_get_ns'), 5);
  assert.equal(helperId('map_update_elem'), 2);
  assert.equal(helperName(212), undefined);
  assert.equal(new Set(HELPER_NAMES).size, HELPER_NAMES.length);
});

test('llvm-mc-19 encodes our llvm spelling of every form to the same bytes', (t) => {
  if (spawnSync('llvm-mc-19', ['--version']).status !== 0) return t.skip('llvm-mc-19 not installed');
  // LLVM has no spelling for lddw pseudo sources, local/kfunc calls or LD_IND offsets
  const forms = allForms().filter(
    (i) => !(i.code === 0x06 && Math.abs(i.imm) > 32767) && !(i.code === LDDW && i.src !== 0) && !(i.code === 0x85 && i.src !== 0) && !((i.code & 0xe0) === op.BPF_IND && (i.code & 7) === 0 && i.imm !== 0),
  );
  const dir = mkdtempSync(join(tmpdir(), 'tsbpf-mc-'));
  try {
    // plus the two kernel extensions LLVM 19 knows
    forms.push({ code: 0xe5, dst: 0, src: 0, off: -2, imm: 0, imm2: 0 }, { code: 0xbf, dst: 3, src: 4, off: 1, imm: 0x10000, imm2: 0 });
    writeFileSync(join(dir, 'a.s'), forms.map((i) => '\t' + formatInstruction(i) + '\n').join(''));
    execFileSync('llvm-mc-19', ['-triple', 'bpfel', '-mcpu=v4', '-filetype=obj', '-o', join(dir, 'a.o'), join(dir, 'a.s')]);
    execFileSync('llvm-objcopy-19', ['-O', 'binary', '--only-section=.text', join(dir, 'a.o'), join(dir, 'a.bin')]);
    const got = decodeInstructions(new Uint8Array(readFileSync(join(dir, 'a.bin'))));
    assert.equal(got.length, forms.length);
    for (let k = 0; k < forms.length; k++) assert.equal(hex([got[k]!]), hex([forms[k]!]), `llvm-mc read '${formatInstruction(forms[k]!)}' differently`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('conformance programs: disassemble then assemble gives the same bytes (both syntaxes)', { skip: sharedSkip('conformance/assembled.json') }, () => {
  const all = JSON.parse(readFileSync(new URL('conformance/assembled.json', SHARED), 'utf8')) as { file: string; program_hex: string }[];
  assert.equal(all.length, 313);
  let n = 0;
  for (const t of all) {
    const bytes = hexToBytes(t.program_hex);
    const insns = decodeInstructions(bytes);
    for (const syntax of ['llvm', 'kernel'] as const) {
      const text = disassemble(insns, { syntax });
      const back = encodeInstructions(assemble(text, { file: t.file }));
      assert.equal(bytesToHex(back), t.program_hex.toLowerCase(), `${t.file} (${syntax})\n${text}`);
    }
    n += insns.length;
  }
  assert.ok(n > 2500, `only ${n} instructions`);
});

test('random valid instructions round-trip in both syntaxes (fast-check)', () => {
  fc.assert(
    fc.property(fc.array(validInstruction, { minLength: 1, maxLength: 20 }), (insns) => {
      for (const syntax of ['llvm', 'kernel'] as const) {
        const back = assemble(disassemble(insns, { syntax }));
        assert.equal(hex(back), hex(insns), syntax);
      }
    }),
    { numRuns: 1500 },
  );
});

test('any 8-byte slots survive disassemble/assemble, malformed ones as .quad', () => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 8, maxLength: 8 }), (b) => {
      if (b[0] === LDDW) return;
      const insns = decodeInstructions(b);
      assert.equal(bytesToHex(encodeInstructions(assemble(disassemble(insns)))), bytesToHex(b));
    }),
    { numRuns: 2000 },
  );
});

test('random text into the assembler raises only BpfError', () => {
  const pieces = fc.constantFrom('r1', 'w2', 'r11', '=', '+=', '*(u32 *)', '(r1 + 4)', 'goto', 'if', 'call', 'll', '.section', '.long', 'lock', 'skb[', ']', '0x', '-', '99999999999', 'L1:', ',', '"', '.p2align', 'exit', '\n', ' ', '#', 's>', 'map[id:', 'bswap', '(s8)');
  fc.assert(
    fc.property(fc.oneof(fc.string({ maxLength: 60 }), fc.array(pieces, { maxLength: 12 }).map((a) => a.join(' '))), (s) => {
      try {
        assemble(s);
      } catch (e) {
        assert.ok(e instanceof BpfError, `non-BpfError for ${JSON.stringify(s)}: ${e}`);
      }
    }),
    { numRuns: 3000 },
  );
});

test('bad input: EINVAL with line and column', () => {
  const cases: [string, number, number, RegExp][] = [
    ['\tr0 = 1\n\tfrob r1, r2\n', 2, 2, /unknown instruction 'frob'/],
    ['\tr0 = 0x100000000\n', 1, 7, /out of range/],
    ['\tr0 = 1\n\tr0 += r11\n', 2, 8, /invalid register r11/],
    ['\tif r1 > 2 goto nowhere\n\texit\n', 1, 17, /undefined label 'nowhere'/],
    ['\tr1 = *(u32 *)(r2 + 40000)\n', 1, 21, /out of range/],
    ['\t.frobnicate 1\n', 1, 2, /unknown directive/],
    ['\tw1 = *(u64 *)(r2 + 0)\n', 1, 2, /64-bit destination/],
    ['\tr1 = map_a ll\n\texit\n', 1, 7, /undefined symbol 'map_a'/],
    // symbols the file never names, in a .size expression (the CLI fuzz found a TypeError here)
    ['f:\n\texit\n\t.size f, f-.Lx\n', 3, 11, /undefined symbol '\.Lx' in expression/],
    ['f:\n\texit\n\t.size f, .Ly-f\n', 3, 11, /undefined symbol '\.Ly' in expression/],
  ];
  for (const [src, line, column, re] of cases) {
    assert.throws(() => assemble(src, { file: 'bad.s' }), (e: unknown) => {
      assert.ok(e instanceof BpfError, String(e));
      assert.equal(e.errno, 'EINVAL');
      assert.match(e.message, re);
      assert.equal(e.where.file, 'bad.s', e.message);
      if (e.where.insn === undefined) {
        assert.equal(e.where.line, line, e.message);
        assert.equal(e.where.column, column, e.message);
      }
      return true;
    }, src);
  }
});

test('labels, helper names and local calls in a raw program', () => {
  const insns = assemble(`
	r1 = 0
loop:
	r1 += 1
	if r1 < 10 goto loop
	call bpf_ktime_get_ns
	call sub
	exit
sub:
	r0 = 7
	exit
`);
  assert.equal(formatInstruction(insns[2]!), 'if r1 < 0xa goto -0x2');
  assert.deepEqual([insns[3]!.src, insns[3]!.imm], [0, 5]);
  assert.deepEqual([insns[4]!.src, insns[4]!.imm], [1, 1]);
  // a callback for bpf_loop and a call to a global function, resolved as libbpf would
  const cb = assemble('\t.globl g\n\tr2 = cb ll\n\tcall g\n\texit\ng:\n\tr0 = 1\n\texit\ncb:\n\tr0 = 0\n\texit\n');
  assert.deepEqual([cb[0]!.src, cb[0]!.imm], [4, 5]);
  assert.deepEqual([cb[1]!.src, cb[1]!.imm], [1, 1]);
});

test('hostile input stays bounded: deep nesting, huge fills, backtracking bait', () => {
  const cases: [string, RegExp][] = [
    ['\t.data\n\t.long ' + '('.repeat(5000) + '1' + ')'.repeat(5000) + '\n', /nested too deeply/],
    ['\t.data\n\t.zero 0x7fffffffff\n', /E2BIG/],
    ['\t.file 0 "." "a.c"\n\t.loc 0 1 ' + '3 '.repeat(40) + '!\n', /EINVAL/],
    ['\tr0 = ' + '9'.repeat(400) + '\n', /out of range/],
    ['\t.section ' + 'x'.repeat(100000) + ',"ax",@progbits\n\tif r1 ' + '<'.repeat(5000) + '\n', /EINVAL/],
  ];
  for (const [src, re] of cases) {
    const t0 = Date.now();
    assert.throws(() => assemble(src), (e: unknown) => e instanceof BpfError && re.test(e.message));
    assert.ok(Date.now() - t0 < 2000, `took ${Date.now() - t0} ms`);
  }
});

test('kernel test_verifier programs (1193, Linux 5.10) round-trip through both syntaxes', { skip: sharedSkip('corpora/test_verifier/tests-5.10.jsonl') }, () => {
  const lines = readFileSync(new URL('corpora/test_verifier/tests-5.10.jsonl', SHARED), 'utf8').split('\n').filter(Boolean);
  let progs = 0;
  let slots = 0;
  for (const l of lines) {
    const t = JSON.parse(l) as { descr: string; insns_hex: string | null };
    if (!t.insns_hex) continue;
    const bytes = hexToBytes(t.insns_hex);
    let insns: Instruction[];
    try {
      insns = decodeInstructions(bytes);
    } catch (e) {
      assert.ok(e instanceof BpfError); // a deliberately truncated lddw
      continue;
    }
    for (const syntax of ['llvm', 'kernel'] as const) {
      const back = encodeInstructions(assemble(disassemble(insns, { syntax }), { file: t.descr }));
      assert.equal(bytesToHex(back), bytesToHex(bytes), `${t.descr} (${syntax})`);
    }
    progs++;
    slots += bytes.length / 8;
  }
  assert.ok(progs > 1100 && slots > 10000, `${progs} programs, ${slots} slots`);
});
