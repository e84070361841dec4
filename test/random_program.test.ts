/**
 * The random program generator's own guarantees (no kernel needed): deterministic per seed,
 * valid encodings, forward jumps only, stack reads only of written bytes, every instruction
 * reachable, and `deAtomize` an exact equivalent (the kernel differential relies on it).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { bytesToHex, encodeInstructions, slotIndices } from '../src/isa/instruction.js';
import { jumpTarget, validateInstructions } from '../src/isa/validate.js';
import * as op from '../src/isa/opcodes.js';
import { runXdp } from '../src/vm/run.js';
import { arbitraryProgram, assemble, deAtomize, randomProgram, shrinkCandidates, stackReadsInitialised, PACKET_SIZE } from './gen/random_program.js';

test('the same seed gives the same program and packet; different seeds differ', () => {
  const a = randomProgram(42);
  const b = randomProgram(42);
  assert.equal(bytesToHex(encodeInstructions(a.insns)), bytesToHex(encodeInstructions(b.insns)));
  assert.deepEqual(a.data, b.data);
  assert.equal(a.data.length, PACKET_SIZE);
  const c = randomProgram(43);
  assert.notEqual(bytesToHex(encodeInstructions(a.insns)), bytesToHex(encodeInstructions(c.insns)));
});

test('programs are valid, jump only forward, and every slot is reachable (fast-check)', () => {
  fc.assert(
    fc.property(arbitraryProgram(), (p) => {
      validateInstructions(p.insns);
      const slots = slotIndices(p.insns);
      const total = slots[p.insns.length]!;
      const reach = new Uint8Array(total);
      reach[0] = 1;
      for (let k = 0; k < p.insns.length; k++) {
        const i = p.insns[k]!;
        const pc = slots[k]!;
        if (!reach[pc]) return false;
        const t = jumpTarget(i, pc);
        const cls = i.code & 7;
        const isExit = (cls === op.BPF_JMP) && (i.code & 0xf0) === op.BPF_EXIT;
        const isJa = (cls === op.BPF_JMP || cls === op.BPF_JMP32) && (i.code & 0xf0) === op.BPF_JA;
        if (t !== null) {
          if (t <= pc || t >= total) return false; // forward, inside the program
          reach[t] = 1;
        }
        if (!isExit && !isJa && slots[k + 1]! < total) reach[slots[k + 1]!] = 1;
      }
      return stackReadsInitialised(p.body);
    }),
    { numRuns: 300 },
  );
});

test('the generator covers the v4 instructions, atomics, JMP32 and packet stores', () => {
  const seen = new Set<string>();
  for (let s = 0; s < 300; s++) {
    for (const i of randomProgram(s).insns) {
      const cls = i.code & 7;
      const o = i.code & 0xf0;
      if ((cls === op.BPF_ALU || cls === op.BPF_ALU64) && (o === op.BPF_DIV || o === op.BPF_MOD) && i.off === 1) seen.add('sdiv/smod');
      if ((cls === op.BPF_ALU || cls === op.BPF_ALU64) && o === op.BPF_MOV && i.off !== 0) seen.add('movsx');
      if (cls === op.BPF_ALU64 && o === op.BPF_END) seen.add('bswap');
      if (cls === op.BPF_LDX && (i.code & 0xe0) === op.BPF_MEMSX) seen.add('ldsx');
      if (cls === op.BPF_STX && (i.code & 0xe0) === op.BPF_ATOMIC) seen.add(`atomic ${i.imm}`);
      if (cls === op.BPF_JMP32 && o !== op.BPF_JA) seen.add('jmp32');
      if (cls === op.BPF_JMP32 && o === op.BPF_JA) seen.add('gotol');
      if (i.code === op.BPF_LD + op.BPF_IMM + op.BPF_DW) seen.add('lddw');
      if ((cls === op.BPF_ALU || cls === op.BPF_ALU64) && (o === op.BPF_DIV || o === op.BPF_MOD) && (i.code & op.BPF_X)) seen.add('div by register');
      if ((cls === op.BPF_STX || cls === op.BPF_ST) && i.dst === op.BPF_REG_9 && i.off < 56) seen.add('packet store');
    }
  }
  for (const k of ['sdiv/smod', 'movsx', 'bswap', 'ldsx', 'jmp32', 'gotol', 'lddw', 'div by register', 'packet store']) assert.ok(seen.has(k), k);
  for (const a of [op.BPF_ADD, op.BPF_ADD | op.BPF_FETCH, op.BPF_XCHG, op.BPF_CMPXCHG, op.BPF_XOR | op.BPF_FETCH]) assert.ok(seen.has(`atomic ${a}`), `atomic ${a}`);
});

test('deAtomize computes exactly what the atomics did (on the interpreter)', () => {
  let changed = 0;
  for (let s = 0; s < 600; s++) {
    const p = randomProgram(s);
    const alt = assemble(p.init, deAtomize(p.body));
    if (alt.length === p.insns.length) continue;
    changed++;
    const a = runXdp(p.insns, p.data);
    const b = runXdp(alt, p.data);
    assert.equal(b.retval, a.retval, `seed ${s}`);
    assert.deepEqual(b.dataOut, a.dataOut, `seed ${s}`);
  }
  assert.ok(changed > 50, `only ${changed} programs had fetching atomics`);
});

test('shrink candidates are smaller and still lower to valid programs', () => {
  const p = randomProgram(7);
  let n = 0;
  for (const body of shrinkCandidates(p.body)) {
    const insns = assemble(p.init, body);
    assert.ok(insns.length < p.insns.length);
    validateInstructions(insns);
    if (++n > 50) break;
  }
  assert.ok(n > 5);
});
