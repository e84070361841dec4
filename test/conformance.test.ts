/**
 * The BPF conformance suite (../shared/conformance, 313 tests) on the interpreter: every test's
 * pre-assembled program (assembled.json) must produce the expected r0.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { conformanceSkip, loadAssembled } from './helpers/conformance.js';
import { decodeInstructions, hexToBytes } from '../src/isa/instruction.js';
import { runRaw } from '../src/vm/run.js';
import { conformanceHelpers } from '../src/cli/commands/conformance_plugin.js';

test('conformance suite: all 313 tests pass on the interpreter', { skip: conformanceSkip }, () => {
  const cases = loadAssembled();
  assert.equal(cases.length, 313);
  const failures: string[] = [];
  for (const c of cases) {
    try {
      const res = runRaw(decodeInstructions(hexToBytes(c.program_hex)), {
        mem: c.mem_hex ? hexToBytes(c.mem_hex) : undefined,
        helpers: conformanceHelpers(),
        budget: 1_000_000,
      });
      const want = BigInt(c.expected_result);
      if (res.r0 !== want) failures.push(`${c.file}: got 0x${res.r0.toString(16)}, want 0x${want.toString(16)}`);
    } catch (e) {
      failures.push(`${c.file}: ${(e as Error).message}`);
    }
  }
  assert.deepEqual(failures, []);
});
