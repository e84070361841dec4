import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { loadObjectSpec } from '../../src/elf/loader.js';
import { hexToBytes } from '../../src/isa/instruction.js';
import { assembleUbpf } from '../../src/asm/ubpf.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const tsbpf = (...args: string[]): string => execFileSync(process.execPath, [root + 'bin/tsbpf.js', ...args], { encoding: 'utf8' });

test('tsbpf prog dump jited prints the WAT of every program of a clang-compiled object', () => {
  const out = tsbpf('prog', 'dump', 'jited', root + 'examples/tail_calls.bpf.o');
  const spec = loadObjectSpec(new Uint8Array(readFileSync(root + 'examples/tail_calls.bpf.o')));
  assert.equal((out.match(/^\(module$/gm) ?? []).length, spec.programs.length);
  for (const p of spec.programs) assert.match(out, new RegExp(`^;; ${p.name} \\(section ${p.section.replace(/[/.]/g, '\\$&')}\\): ${p.insns.length} instructions`, 'm'));
  assert.match(out, /call \$helper/); // bpf_tail_call goes through the helper import
});

test('tsbpf prog dump jited -j gives a valid wasm module; --verified drops the region checks', () => {
  const j = JSON.parse(tsbpf('prog', 'dump', 'jited', root + 'examples/xdp_firewall.bpf.o', '-j')) as { wasm: string; wasm_bytes: number };
  const bytes = hexToBytes(j.wasm);
  assert.equal(bytes.length, j.wasm_bytes);
  assert.ok(WebAssembly.validate(new Uint8Array(bytes)));
  const checked = tsbpf('prog', 'dump', 'jited', root + 'examples/xdp_firewall.bpf.o');
  const verified = tsbpf('prog', 'dump', 'jited', root + 'examples/xdp_firewall.bpf.o', '--verified', '--no-budget');
  assert.match(checked, /call \$region/);
  assert.doesNotMatch(verified, /call \$region/);
  assert.doesNotMatch(verified, /call \$budget/);
});

test('tsbpf prog dump xlated --ubpf prints ubpf-dialect text that assembles back to the program', () => {
  const out = tsbpf('prog', 'dump', 'xlated', root + 'examples/bpf_to_bpf.bpf.o', '--ubpf');
  const spec = loadObjectSpec(new Uint8Array(readFileSync(root + 'examples/bpf_to_bpf.bpf.o')));
  const text = out.split('\n').slice(1).join('\n');
  assert.deepEqual(assembleUbpf(text), spec.programs[0]!.insns);
});

test('tsbpf prog dump: errors are BpfErrors with exit code 1', () => {
  assert.throws(() => execFileSync(process.execPath, [root + 'bin/tsbpf.js', 'prog', 'dump', 'jited', '/nonexistent'], { stdio: 'pipe' }), (e: { status: number; stderr: Buffer }) => e.status === 1 && /ENOENT/.test(String(e.stderr)));
  assert.throws(() => execFileSync(process.execPath, [root + 'bin/tsbpf.js', 'prog', 'dump', 'jited', root + 'examples/xdp_firewall.bpf.o', '--section', 'nope'], { stdio: 'pipe' }), (e: { status: number }) => e.status === 1);
});

test('tsbpf prog dump jited shows the map helper fast paths: the inline array lookup and the specialised import', () => {
  const out = tsbpf('prog', 'dump', 'jited', root + 'examples/xdp_firewall.bpf.o', '--verified', '--no-budget');
  assert.match(out, /\(export "map0_kind" \(global \$g\d+\)\)/);
  // index * stride under the slot's max_entries, else the import, else the generic helper
  assert.match(out, /global\.get \$g\d+\n\s+i32\.lt_u\n\s+if \(result i64\)\n\s+global\.get \$g\d+\n\s+local\.get \$t32\n\s+global\.get \$g\d+\n\s+i32\.mul/);
  assert.match(out, /call \$map_lookup/);
});
