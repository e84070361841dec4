/**
 * may_goto (BPF_JMP | BPF_JCOND, opcode e5, Linux 6.9): a loop bounded by an implicit per-frame
 * counter (BPF_MAX_LOOPS, kept by the kernel in a hidden stack slot each subprogram's prologue
 * sets; do_misc_fixups). Each program is verified by tsbpf and loaded by the running kernel
 * (same verdict, the kernel's words), and the accepted ones run on both of tsbpf's engines and
 * in the kernel (BPF_PROG_TEST_RUN) with the same return value.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assemble } from '../../src/asm/index.js';
import type { Instruction } from '../../src/isa/instruction.js';
import { BPF_MAX_LOOPS } from '../../src/isa/opcodes.js';
import { encodeInstructions } from '../../src/isa/instruction.js';
import { disassemble } from '../../src/asm/index.js';
import { verify } from '../../src/verifier/index.js';
import { runRaw } from '../../src/vm/run.js';
import { kernelAvailable, progLoad, progTestRun, closeFd } from '../../src/hooks/kernel/index.js';

const kernel = kernelAvailable();
const SOCKET_FILTER = 1;

interface Case {
  name: string;
  asm: string;
  /** a line of the kernel's refusal, or the return value of an accepted program */
  refuse?: string;
  retval?: number;
  /**
   * the loop runs until the counter is spent: tsbpf counts BPF_MAX_LOOPS per frame (Linux
   * 6.9-6.14); since 6.15 the x86 JIT refreshes the counter until a time limit passes
   * (arch_bpf_timed_may_goto), so the kernel's count depends on time: it only must be large
   */
  timed?: boolean;
}

const CASES: Case[] = [
  {
    // counts until the counter is spent: BPF_MAX_LOOPS iterations
    name: 'a loop left only by may_goto',
    asm: `r0 = 0
      may_goto +2
      r0 += 1
      goto -3
      exit`,
    retval: BPF_MAX_LOOPS,
    timed: true,
  },
  {
    // each frame has its own counter: two calls count twice
    name: 'may_goto in a subprogram called twice',
    asm: `call pc+4
      r6 = r0
      call pc+2
      r0 += r6
      exit
      r0 = 0
      may_goto +2
      r0 += 1
      goto -3
      exit`,
    retval: 2 * BPF_MAX_LOOPS,
    timed: true,
  },
  {
    // the ordinary bound ends the loop first; the verifier converges on the may_goto
    name: 'a bounded loop with may_goto as a safety net',
    asm: `r0 = 0
      r1 = 0
      may_goto +3
      r0 += r1
      r1 += 1
      if r1 < 100 goto -4
      exit`,
    retval: 4950,
  },
  {
    // the index is precise (it moves a pointer), so iterations are not widened: each is explored
    // until the ninth reads fp+0, above the frame
    name: 'a stack index bounded only by may_goto reads past the frame',
    asm: `r1 = 0
      *(u64 *)(r10 - 8) = 0
      may_goto +2
      r1 += 1
      goto -3
      r2 = r10
      r2 += -8
      r2 += r1
      r0 = *(u8 *)(r2 + 0)
      exit`,
    refuse: 'invalid read from stack R2 off=0 size=1',
  },
  {
    // allowed since 6.14 (LLVM emits it): both ways lead to the next instruction
    name: 'may_goto +0',
    asm: `r0 = 3
      .byte 0xe5, 0, 0, 0, 0, 0, 0, 0
      exit`,
    retval: 3,
  },
  {
    name: 'may_goto with an immediate',
    asm: `r0 = 0
      .byte 0xe5, 0, 1, 0, 7, 0, 0, 0
      r0 = 1
      exit`,
    refuse: 'invalid may_goto imm 7',
  },
  {
    name: 'may_goto with a register',
    asm: `r0 = 0
      .byte 0xe5, 1, 1, 0, 0, 0, 0, 0
      r0 = 1
      exit`,
    refuse: 'invalid may_goto imm 0',
  },
];

/** the program: llvm syntax, with `.byte` lines spliced in as raw slots (reserved fields the assembler refuses) */
function program(c: Case): Instruction[] {
  const lines = c.asm.split('\n').map((l) => l.trim());
  const out: Instruction[] = [];
  for (const l of lines) {
    if (l.startsWith('.byte')) {
      const b = l.slice(5).split(',').map((x) => Number(x.trim()));
      out.push({ code: b[0]!, dst: b[1]! & 15, src: b[1]! >> 4, off: b[2]! | (b[3]! << 8), imm: b[4]! | (b[5]! << 8) | (b[6]! << 16) | (b[7]! << 24) } as Instruction);
    } else out.push(...assemble(l));
  }
  return out;
}

const PACKET = new Uint8Array(64);

for (const c of CASES) {
  test(`tsbpf verifies and runs: ${c.name}`, () => {
    const insns = program(c);
    const r = verify(insns, { progType: SOCKET_FILTER, logLevel: 0 });
    if (c.refuse !== undefined) {
      assert.equal(r.accepted, false, `accepted: ${c.name}`);
      assert.ok(r.message!.includes(c.refuse), `tsbpf: "${r.message}", expected "${c.refuse}"`);
      return;
    }
    assert.equal(r.accepted, true, r.message);
    // the kernel's processed count for a may_goto loop is small: iterations converge
    assert.ok(r.stats.processed < 1000, `processed ${r.stats.processed}`);
    for (const engine of ['interpreter', 'jit'] as const) {
      const run = runRaw(insns, { engine, budget: 100_000_000 });
      assert.equal(Number(run.r0 & 0xffffffffn), c.retval, `${engine}`);
    }
  });

  test(`the kernel agrees: ${c.name}`, { skip: kernel.ok ? false : `the kernel oracle is unavailable: ${kernel.reason}` }, () => {
    let fd = -1;
    try {
      fd = progLoad({ progType: SOCKET_FILTER, insns: program(c), logLevel: 1 }).fd;
    } catch (e) {
      const msg = (e as Error).message;
      assert.ok(c.refuse !== undefined && msg.includes(c.refuse), `kernel refused: ${msg.split('\n').slice(-3).join(' | ')}`);
      return;
    }
    try {
      assert.equal(c.refuse, undefined, 'the kernel accepted it');
      const got = progTestRun(fd, { dataIn: PACKET }).retval >>> 0;
      if (c.timed) assert.ok(got >= 0xffff, `kernel ran ${got} iterations`);
      else assert.equal(got, c.retval);
    } finally {
      closeFd(fd);
    }
  });
}

test('may_goto round-trips through the assembler, the disassembler and the encoding', () => {
  const insns = assemble('may_goto +5');
  assert.equal(insns[0]!.code, 0xe5);
  assert.equal(insns[0]!.off, 5);
  assert.deepEqual([...encodeInstructions(insns)], [0xe5, 0, 5, 0, 0, 0, 0, 0]);
  assert.match(disassemble(insns).trim(), /may_goto \+0x5$/);
});

test('under the 5.10 rules may_goto is an unknown opcode', () => {
  const r = verify(program(CASES[0]!), { progType: SOCKET_FILTER, kernel: '5.10' });
  assert.equal(r.message, 'unknown opcode e5');
});
