/**
 * Differential against the real kernel verifier (BPF_PROG_LOAD through src/hooks/kernel): random
 * XDP programs from test/gen (valid by construction) and single-change mutants of them (a memory
 * offset moved, a comparison flipped) must get the same verdict from both verifiers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kernelAvailable, progLoad, closeFd } from '../src/hooks/kernel/index.js';
import { randomProgram, Rng } from './gen/random_program.js';
import { verify } from '../src/verifier/index.js';
import type { Instruction } from '../src/isa/instruction.js';
import * as op from '../src/isa/opcodes.js';

const avail = kernelAvailable();

function kernelAccepts(insns: readonly Instruction[]): { ok: boolean; msg: string } {
  try {
    const r = progLoad({ progType: 'XDP', insns, logLevel: 0 });
    closeFd(r.fd);
    return { ok: true, msg: '' };
  } catch (e) {
    return { ok: false, msg: (e as Error).message.split('\n').filter(Boolean).slice(-2).join(' | ') };
  }
}

/** one unsafe-looking change: a memory offset moved, or a conditional jump's sense flipped */
function mutate(insns: readonly Instruction[], r: Rng): Instruction[] {
  const out = insns.map((i) => ({ ...i }));
  const mem = out.map((i, k) => [i, k] as const).filter(([i]) => [op.BPF_LDX, op.BPF_STX, op.BPF_ST].includes(i.code & 7) && (i.code & 0xe0) === op.BPF_MEM);
  const jmp = out.map((i, k) => [i, k] as const).filter(([i]) => (i.code & 7) === op.BPF_JMP && [op.BPF_JGT, op.BPF_JGE, op.BPF_JLT, op.BPF_JLE].includes(i.code & 0xf0));
  if (jmp.length && (r.int(2) === 0 || !mem.length)) {
    const [i] = r.pick(jmp);
    const flip: Record<number, number> = { [op.BPF_JGT]: op.BPF_JLE, [op.BPF_JLE]: op.BPF_JGT, [op.BPF_JGE]: op.BPF_JLT, [op.BPF_JLT]: op.BPF_JGE };
    i.code = (i.code & ~0xf0) | flip[i.code & 0xf0]!;
  } else if (mem.length) {
    const [i] = r.pick(mem);
    i.off += r.pick([8, 16, 64, -8, -512]);
  }
  return out;
}

test('verdicts agree with the kernel verifier on random programs and mutants', { skip: avail.ok ? false : `kernel bpf() not available: ${avail.reason}` }, () => {
  const r = new Rng(0x5eed);
  let total = 0;
  let agree = 0;
  const disagreements: string[] = [];
  for (let seed = 1; seed <= 120; seed++) {
    const p = randomProgram(seed, { maxBranches: 6 });
    for (const insns of [p.insns, mutate(p.insns, r)]) {
      const k = kernelAccepts(insns);
      const t = verify(insns, { progType: 'xdp', logLevel: 0 });
      total++;
      if (k.ok === t.accepted) agree++;
      else disagreements.push(`seed ${seed}: kernel ${k.ok ? 'ACCEPT' : `REJECT (${k.msg})`}, tsbpf ${t.accepted ? 'ACCEPT' : `REJECT (${t.message})`}`);
    }
  }
  console.log(`kernel differential: ${agree}/${total} verdicts agree (${(100 * agree / total).toFixed(1)}%)`);
  for (const d of disagreements.slice(0, 10)) console.log(`  ${d}`);
  // safety: tsbpf must never accept what the kernel rejects
  const unsafe = disagreements.filter((d) => d.includes('tsbpf ACCEPT'));
  assert.equal(unsafe.length, 0, unsafe.join('\n'));
  assert.ok(agree / total >= 0.97, `agreement ${agree}/${total}`);
});
