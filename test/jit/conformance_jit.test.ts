/**
 * The BPF conformance suite (../shared/conformance, 313 tests) on the JIT, both with region checks
 * (unverified programs) and without (the verified-program code path), plus the interpreter's
 * instruction counts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeInstructions, hexToBytes } from '../../src/isa/instruction.js';
import { runRaw } from '../../src/vm/run.js';
import { AddressSpace, RegionKind } from '../../src/vm/address_space.js';
import { compile } from '../../src/vm/jit/runtime.js';
import { conformanceHelpers } from '../../src/cli/commands/conformance_plugin.js';
import { conformanceSkip as skip, loadAssembled } from '../helpers/conformance.js';

const cases = loadAssembled();

test('conformance: all 313 tests pass on the JIT with the interpreter\'s instruction counts', { skip }, () => {
  assert.equal(cases.length, 313);
  const failures: string[] = [];
  for (const c of cases) {
    const insns = decodeInstructions(hexToBytes(c.program_hex));
    const mem = c.mem_hex ? hexToBytes(c.mem_hex) : undefined;
    try {
      const j = runRaw(insns, { mem, helpers: conformanceHelpers(), budget: 1_000_000, engine: 'jit' });
      const i = runRaw(insns, { mem, helpers: conformanceHelpers(), budget: 1_000_000, engine: 'interpreter' });
      const want = BigInt(c.expected_result);
      if (j.r0 !== want) failures.push(`${c.file}: got 0x${j.r0.toString(16)}, want 0x${want.toString(16)}`);
      if (j.insns !== i.insns) failures.push(`${c.file}: ${j.insns} instructions, the interpreter counts ${i.insns}`);
    } catch (e) {
      failures.push(`${c.file}: ${(e as Error).message}`);
    }
  }
  assert.deepEqual(failures, []);
});

test('conformance: all 313 tests pass on the JIT\'s unchecked (verified-program) code', { skip }, () => {
  const failures: string[] = [];
  for (const c of cases) {
    const insns = decodeInstructions(hexToBytes(c.program_hex));
    try {
      const as = new AddressSpace();
      const p = compile(insns, { as, helpers: conformanceHelpers(), verified: true, countInstructions: false });
      let r1 = 0;
      const mem = c.mem_hex ? hexToBytes(c.mem_hex) : new Uint8Array(0);
      if (mem.length) {
        const r = as.map(mem.length, RegionKind.Mem, 'mem');
        as.u8.set(mem, r.base);
        r1 = r.base;
      }
      const res = p.run({ r1, r2: mem.length });
      if (res.r0 !== BigInt(c.expected_result)) failures.push(`${c.file}: got 0x${res.r0.toString(16)}`);
    } catch (e) {
      failures.push(`${c.file}: ${(e as Error).message}`);
    }
  }
  assert.deepEqual(failures, []);
});
