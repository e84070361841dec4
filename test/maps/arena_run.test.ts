/**
 * BPF_MAP_TYPE_ARENA memory on both engines (maps/arena.ts, vm/arena_cast.ts):
 * test/fixtures/bpf/arena_run.bpf.c (globals, a linked list of arena pointers, fixed-address
 * allocations, accesses outside the pages) and the kernel selftests' verifier_arena.c programs
 * with their `__retval` annotations when the selftest corpus is built (/tmp/corpus/progs). This
 * kernel refuses to create arenas (EPERM), so the selftests' annotations are the kernel's word.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadObject } from '../../src/runtime/object.js';
import { ENGINE_NAMES, type EngineName } from '../../src/vm/engine.js';
import { ArenaMap } from '../../src/maps/arena.js';
import { BpfError } from '../../src/isa/errors.js';
import { runProgram } from '../../src/vm/test_run.js';

const OBJ = fileURLToPath(new URL('../../../test/fixtures/bpf/arena_run.bpf.o', import.meta.url));
const bytes = new Uint8Array(readFileSync(OBJ));
const SELFTEST = '/tmp/corpus/progs/verifier_arena.bpf.o';

async function run(name: string, engine: EngineName, times = 1): Promise<{ retval: number; arena: ArenaMap }> {
  const o = await loadObject(bytes, { file: 'arena_run.bpf.o', programs: [name] });
  let retval = -1;
  for (let k = 0; k < times; k++) retval = o.program(name).run({ engine }).retval;
  return { retval, arena: o.map('arena').map as ArenaMap };
}

for (const engine of ENGINE_NAMES) {
  test(`arena programs run: globals, lists of arena pointers, allocation, outside accesses (${engine})`, async () => {
    const g = await run('globals', engine, 2);
    assert.equal(g.retval, 0);
    // .addr_space.1 of the committed object (llvm-objdump -t): values[16] at 0, counter at 0x40,
    // list_sum at 0x48; values = {1, 2, 3} and two runs add 2 * i to each, counter is 2
    const dv = new DataView(g.arena.read(0, 0x50).buffer);
    const values = Array.from({ length: 16 }, (_, i) => dv.getInt32(4 * i, true));
    assert.deepEqual(values, Array.from({ length: 16 }, (_, i) => (i < 3 ? i + 1 : 0) + 2 * i));
    assert.equal(dv.getBigInt64(0x40, true), 2n);
    assert.equal(g.arena.allocated, 1, 'the globals fault in their page');
    for (const name of ['list', 'fixed', 'outside']) {
      const r = await run(name, engine);
      assert.equal(r.retval, 0, `${name}: check ${r.retval} failed`);
    }
    const l = await run('list', engine);
    assert.equal(new DataView(l.arena.read(0x48, 8).buffer).getBigInt64(0, true), 280n, 'list_sum: 0 + 10 + ... + 70');
    assert.equal(l.arena.allocated, 1, 'the list page was freed');
  });
}

test('a program with addr_space_cast but no arena map is refused at run time, naming the instruction', () => {
  const insns = [
    { code: 0xb7, dst: 1, src: 0, off: 0, imm: 0, imm2: 0 },
    { code: 0xbf, dst: 1, src: 1, off: 1, imm: 1, imm2: 0 },
    { code: 0xb7, dst: 0, src: 0, off: 0, imm: 0, imm2: 0 },
    { code: 0x95, dst: 0, src: 0, off: 0, imm: 0, imm2: 0 },
  ];
  for (const engine of ENGINE_NAMES) {
    assert.throws(() => runProgram(insns, 'syscall', { engine }), (e: unknown) => e instanceof BpfError && e.errno === 'EOPNOTSUPP' && /insn 1/.test(e.message));
  }
});

test("the kernel selftests' verifier_arena.c programs return their __retval", { skip: existsSync(SELFTEST) ? false : `the selftest corpus is not built (${SELFTEST})` }, async () => {
  const sel = new Uint8Array(readFileSync(SELFTEST));
  // basic_alloc1/2: __success __retval(0); basic_alloc3 reads struct bpf_map's max_entries
  // through the map pointer, which the emulator's 8-byte map handle does not hold
  for (const name of ['basic_alloc1', 'basic_alloc2']) {
    for (const engine of ENGINE_NAMES) {
      const o = await loadObject(sel, { file: 'verifier_arena.bpf.o', programs: [name] });
      try {
        assert.equal(o.program(name).run({ engine }).retval, 0, `${name} on ${engine}`);
      } finally {
        o.close();
      }
    }
  }
});

test("the sandbox: a program that does not reference the arena map cannot reach the arena's pages", async () => {
  const o = await loadObject(bytes, { file: 'arena_run.bpf.o', programs: ['globals'] });
  try {
    const base = (o.map('arena').map as ArenaMap).base;
    // r1 = <page 0 of the arena, forged>; r0 = *(u64 *)(r1 + 0); exit
    const insns = [
      { code: 0x18, dst: 1, src: 0, off: 0, imm: base | 0, imm2: 0 },
      { code: 0x79, dst: 0, src: 1, off: 0, imm: 0, imm2: 0 },
      { code: 0x95, dst: 0, src: 0, off: 0, imm: 0, imm2: 0 },
    ];
    const { fd } = o.bpf.progLoad({ progType: 31 /* BPF_PROG_TYPE_SYSCALL */, insns });
    for (const engine of ENGINE_NAMES) {
      assert.throws(() => o.bpf.progTestRun(fd, { engine }), (e: unknown) => e instanceof BpfError && e.errno === 'EFAULT' && e.where.insn === 2, engine);
    }
    o.bpf.close(fd);
  } finally {
    o.close();
  }
});
