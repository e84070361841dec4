/**
 * The ring buffer in WebAssembly (src/vm/jit/ringbuf_fastpath.ts) against the interpreter:
 * random programs making bpf_ringbuf_output / reserve / submit / discard / query calls on two
 * rings — sizes in and out of range, flags good and bad, records left busy, submitted twice or
 * through a wrong pointer, sources on the stack, in the caller's memory or wild — run three times
 * and then as one batch (`runRepeat`, the --repeat path), with a JavaScript consumer draining
 * between runs and waiting for a wakeup. r0, the instruction count or the error, every byte of
 * both rings, their positions, the records consumed and whether the waiting consumer was woken must
 * be the same on the interpreter, the checked JIT and (for programs the verifier would accept)
 * the verified JIT. Plus checks that the calls really stay in wasm.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { BpfError } from '../../src/isa/errors.js';
import { bytesToHex, insn as ins, type Instruction } from '../../src/isa/instruction.js';
import { validateInstructions } from '../../src/isa/validate.js';
import { AddressSpace, RegionKind } from '../../src/vm/address_space.js';
import { Interpreter } from '../../src/vm/interpreter.js';
import { compile, jitToWat } from '../../src/vm/jit/index.js';
import { createMap } from '../../src/maps/create.js';
import { MapType } from '../../src/maps/constants.js';
import { RingBuf as RingBufClass, type RingBuf } from '../../src/maps/ringbuf.js';
import { mapResolver, ringbufResolver } from '../../src/runtime/map_like.js';
import { resolveMapRefs } from '../../src/runtime/program.js';
import { defaultHelpers } from '../../src/helpers/impl/index.js';
import type { HelperRegistry } from '../../src/helpers/api.js';
import { verify } from '../../src/verifier/index.js';

const OUTPUT = 130, RESERVE = 131, SUBMIT = 132, DISCARD = 133, QUERY = 134;
const LDDW = 0x18;
const ldMap = (dst: number, k: number): Instruction => ins(LDDW, dst, 1, 0, k);
/** r9 = r9 * 31 + r0: every helper result lands in r9, returned at the end */
const FOLD = [ins(0x27, 9, 0, 0, 31), ins(0x0f, 9, 0)];
const RING_SIZES = [4096, 8192];

type Engine = 'interpreter' | 'jit' | 'jit-verified';

/** a program's building blocks; `safe` ones only (no wild pointers, records written inside their size) when the program must verify */
function arbOp(safe: boolean): fc.Arbitrary<Instruction[]> {
  const map = fc.constantFrom(0, 1);
  const flags = safe
    ? fc.oneof({ weight: 6, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.constantFrom(1, 2, 3) }, { weight: 1, arbitrary: fc.constant(4) })
    : fc.oneof({ weight: 6, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.constantFrom(1, 2, 3) }, { weight: 1, arbitrary: fc.constantFrom(4, -1, 8) });
  const smallSize = fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 1, max: 56 }) }, { weight: 1, arbitrary: fc.constant(0) });
  // output: the source and its size
  type Src = { at: Instruction[]; size: fc.Arbitrary<number> };
  const src: fc.Arbitrary<Src> = safe
    ? fc.constant<Src>({ at: [ins(0xbf, 2, 10), ins(0x07, 2, 0, 0, -64)], size: smallSize })
    : fc.oneof(
      { weight: 6, arbitrary: fc.constant<Src>({ at: [ins(0xbf, 2, 10), ins(0x07, 2, 0, 0, -64)], size: smallSize }) },
      { weight: 2, arbitrary: fc.constant<Src>({ at: [ins(0xbf, 2, 6)], size: fc.integer({ min: 0, max: 80 }) }) },
      { weight: 1, arbitrary: fc.constantFrom<Instruction[]>([ins(0xb7, 2, 0, 0, 0)], [ins(LDDW, 2, 0, 0, 0, 1)], [ins(0xbf, 2, 10)], [ins(0xb7, 2, 0, 0, 0x1000)]).map((at): Src => ({ at, size: fc.integer({ min: 0, max: 16 }) })) },
      { weight: 1, arbitrary: fc.constant<Src>({ at: [ins(0xbf, 2, 10), ins(0x07, 2, 0, 0, -64)], size: fc.constantFrom(4096, 5000, 0x40000000, -1) }) },
    );
  const output = fc.tuple(map, src, flags).chain(([m, s, f]) => s.size.map((size) => [
    ...s.at, ldMap(1, m), ins(0xb7, 3, 0, 0, size), ins(0xb7, 4, 0, 0, f), ins(0x85, 0, 0, 0, OUTPUT), ...FOLD,
  ]));
  // reserve, write into the record, then submit / discard / leave it busy / commit a wrong pointer
  const size = safe ? fc.integer({ min: 8, max: 300 }) : fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 8, max: 300 }) }, { weight: 1, arbitrary: fc.constantFrom(4096, 8192, 0x3fffffff, 0x40000000, -1) });
  const commit = safe
    ? fc.constantFrom('submit', 'discard')
    : fc.oneof({ weight: 8, arbitrary: fc.constantFrom('submit', 'discard') }, { weight: 1, arbitrary: fc.constantFrom('busy', 'twice', 'offset', 'stack', 'null') });
  const reserveFlags = safe ? fc.constant(0) : fc.oneof({ weight: 6, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.constant(1) });
  const reserve = fc.tuple(map, size, reserveFlags, commit, flags).map(([m, sz, rf, c, f]) => {
    // (a verified program may not compute with the record pointer, nor read r0 after a submit)
    const fold = safe ? [] : FOLD;
    const out: Instruction[] = [ldMap(1, m), ins(0xb7, 2, 0, 0, sz), ins(0xb7, 3, 0, 0, rf), ins(0x85, 0, 0, 0, RESERVE), ...fold];
    const body: Instruction[] = [ins(0xbf, 7, 0), ins(0x7b, 7, 9, 0), ins(0x07, 9, 0, 0, sz)];
    const call = (helper: number, ptr: Instruction[]): Instruction[] => [...ptr, ins(0xb7, 2, 0, 0, f), ins(0x85, 0, 0, 0, helper), ...fold];
    const h = c === 'discard' ? DISCARD : SUBMIT;
    if (c === 'submit' || c === 'discard') body.push(...call(h, [ins(0xbf, 1, 7)]));
    else if (c === 'twice') body.push(...call(SUBMIT, [ins(0xbf, 1, 7)]), ...call(DISCARD, [ins(0xbf, 1, 7)]));
    else if (c === 'offset') body.push(...call(SUBMIT, [ins(0xbf, 1, 7), ins(0x07, 1, 0, 0, 8)]));
    else if (c === 'stack') body.push(...call(SUBMIT, [ins(0xbf, 1, 10), ins(0x07, 1, 0, 0, -64)]));
    else if (c === 'null') body.push(...call(DISCARD, [ins(0xb7, 1, 0, 0, 0)]));
    // 'busy': the record stays reserved; the next reserves stop at it
    return [...out, ins(0x15, 0, 0, body.length, 0), ...body];
  });
  const query = fc.tuple(map, fc.constantFrom(0, 1, 2, 3, 9)).map(([m, w]) => [ldMap(1, m), ins(0xb7, 2, 0, 0, w), ins(0x85, 0, 0, 0, QUERY), ...FOLD]);
  return fc.oneof({ weight: 3, arbitrary: output }, { weight: 4, arbitrary: reserve }, { weight: 1, arbitrary: query });
}

function arbRingProgram(safe: boolean): fc.Arbitrary<Instruction[]> {
  return fc.array(arbOp(safe), { minLength: 1, maxLength: 12 }).map((ops) => [
    // r6 = the caller's memory; r9 = 0; 64 bytes of a pattern at r10-64 (the output source)
    ins(0xbf, 6, 1), ins(0xb7, 9, 0, 0, 0),
    ...[-64, -56, -48, -40, -32, -24, -16, -8].map((o) => ins(0x7a, 10, 0, o, o * 0x1357)),
    ...ops.flat(),
    ins(0xbf, 0, 9), ins(0x95),
  ]);
}

/** FNV-1a of a ring's bytes (a mismatch names the ring and the run; the bytes would fill the screen) */
function digest(b: Uint8Array): string {
  let h = 0x811c9dc5;
  for (let k = 0; k < b.length; k++) h = Math.imul(h ^ b[k]!, 0x01000193);
  return (h >>> 0).toString(16);
}

interface World {
  as: AddressSpace;
  rings: RingBuf[];
  mem: number;
  env: Record<string, unknown>;
}

function world(): World {
  const as = new AddressSpace();
  const rings = RING_SIZES.map((n, k) => createMap(as, { mapType: MapType.RINGBUF, keySize: 0, valueSize: 0, maxEntries: n, mapName: `rb${k}` }) as RingBuf);
  const mem = as.map(64, RegionKind.Mem, 'mem').base;
  for (let k = 0; k < 64; k++) as.u8[mem + k] = (k * 29 + 3) & 0xff;
  return { as, rings, mem, env: { resolveMap: mapResolver(as), ringbufOf: ringbufResolver(as) } };
}

function engineFor(e: Engine, insns: Instruction[], w: World, helpers: HelperRegistry) {
  const code = resolveMapRefs(insns, w.rings, 'ring program');
  const owns = w.rings.map((m) => m.handle);
  if (e === 'interpreter') return new Interpreter(code, { as: w.as, helpers, budget: 100000, owns });
  if (e === 'jit') return compile(code, { as: w.as, helpers, budget: 100000, owns });
  return compile(code, { as: w.as, helpers, verified: true, countInstructions: false });
}

async function outcome(insns: Instruction[], e: Engine, helpers = defaultHelpers()): Promise<string[]> {
  const w = world();
  const vm = engineFor(e, insns, w, helpers);
  const log: string[] = [];
  const state = (): void => {
    for (const rb of w.rings) log.push(`${rb.consumerPos}/${rb.producerPos}/${rb.pendingPos} ${digest(w.as.u8.subarray(rb.dataBase, rb.dataBase + 2 * rb.maxEntries))}`);
  };
  const step = async (f: () => { r0: bigint; insns: number }): Promise<void> => {
    // a consumer waits on the first ring: was it woken by this run?
    let woken = false;
    const ac = new AbortController();
    void w.rings[0]!.waitForData(ac.signal).then(() => void (woken = true));
    try {
      const r = f();
      log.push(`r0 ${r.r0.toString(16)}${e === 'jit-verified' ? '' : ` insns ${r.insns}`}`);
    } catch (err) {
      if (!(err instanceof BpfError)) throw err;
      log.push(`${err.errno} ${err.message}`);
    }
    await Promise.resolve();
    await Promise.resolve();
    log.push(`woken ${woken}`);
    ac.abort();
    state();
  };
  const args = { r1: w.mem, r2: 64, env: w.env };
  await step(() => vm.run(args));
  // drain the first ring between runs (a JavaScript consumer moves consumer_pos)
  log.push(`consumed ${w.rings.map((rb) => { const out: string[] = []; rb.consume((r) => out.push(bytesToHex(r))); return out.join(','); }).join(' | ')}`);
  await step(() => vm.run(args));
  await step(() => vm.run(args));
  await step(() => {
    if ('runRepeat' in vm) return vm.runRepeat(args, 4);
    let r = vm.run(args);
    for (let k = 1; k < 4; k++) r = vm.run(args);
    return r;
  });
  return log;
}

const RUNS = Number(process.env.TSBPF_FUZZ_RUNS ?? 300);

test(`ring buffer in wasm: ${RUNS} random programs agree between the interpreter and the checked JIT`, async (t) => {
  const stats = { ok: 0, fault: 0, other: 0 };
  await fc.assert(
    fc.asyncProperty(arbRingProgram(false), async (insns) => {
      validateInstructions(insns);
      const a = await outcome(insns, 'interpreter');
      const j = await outcome(insns, 'jit');
      assert.deepEqual(j, a);
      const first = a[0]!;
      if (first.startsWith('r0')) stats.ok++;
      else if (first.startsWith('EFAULT')) stats.fault++;
      else stats.other++;
    }),
    { numRuns: RUNS },
  );
  t.diagnostic(JSON.stringify(stats));
  assert.ok(stats.ok > RUNS / 3 && stats.fault > 0, JSON.stringify(stats));
});

test(`ring buffer in wasm: random programs the verifier accepts agree on the verified JIT`, async (t) => {
  let accepted = 0;
  await fc.assert(
    fc.asyncProperty(arbRingProgram(true), async (insns) => {
      const w = world();
      const code = resolveMapRefs(insns, w.rings, 'ring program');
      const maps = w.rings.map((m) => ({ type: m.type, keySize: 0, valueSize: 0, maxEntries: m.maxEntries }));
      if (!verify(insns, { progType: 'socket_filter', logLevel: 0, maps }).accepted) return;
      accepted++;
      const a = (await outcome(insns, 'interpreter')).map((l) => l.replace(/ insns \d+$/, ''));
      const v = await outcome(insns, 'jit-verified');
      assert.deepEqual(v, a);
    }),
    { numRuns: Math.max(50, RUNS / 3) },
  );
  t.diagnostic(`${accepted} accepted by the verifier`);
  assert.ok(accepted > 20, `only ${accepted} programs verified`);
});

/** 64 outputs of 8 bytes, then a reserve + submit pair, in a loop */
const LOOP: Instruction[] = [
  ins(0xb7, 6, 0, 0, 0),
  ins(0x7b, 10, 6, -8),
  ldMap(1, 0), ins(0xbf, 2, 10), ins(0x07, 2, 0, 0, -8), ins(0xb7, 3, 0, 0, 8), ins(0xb7, 4, 0, 0, 0), ins(0x85, 0, 0, 0, OUTPUT),
  ldMap(1, 0), ins(0xb7, 2, 0, 0, 8), ins(0xb7, 3, 0, 0, 0), ins(0x85, 0, 0, 0, RESERVE),
  ins(0x15, 0, 0, 4, 0), ins(0x7b, 0, 6, 0), ins(0xbf, 1, 0), ins(0xb7, 2, 0, 0, 0), ins(0x85, 0, 0, 0, SUBMIT),
  ins(0x07, 6, 0, 0, 1), ins(0xa5, 6, 0, -20, 64),
  ins(0xbf, 0, 6), ins(0x95),
];

/** count the calls of the JavaScript ring (reserve, commit, output) while f runs */
function jsRingCalls(f: () => void): number {
  const P = RingBufClass.prototype;
  const saved = { reserve: P.reserve, commit: P.commit, output: P.output };
  let n = 0;
  P.reserve = function (this: RingBuf, ...a: Parameters<RingBuf['reserve']>) { n++; return saved.reserve.apply(this, a); };
  P.commit = function (this: RingBuf, ...a: Parameters<RingBuf['commit']>) { n++; return saved.commit.apply(this, a); };
  P.output = function (this: RingBuf, ...a: Parameters<RingBuf['output']>) { n++; return saved.output.apply(this, a); };
  try {
    f();
  } finally {
    Object.assign(P, saved);
  }
  return n;
}

test('ring-buffer calls stay in wasm: the JavaScript ring is never called, and the records are the interpreter\'s', () => {
  const wi = world();
  const want: string[] = [];
  assert.equal(jsRingCalls(() => void engineFor('interpreter', LOOP, wi, defaultHelpers()).run({ env: wi.env })), 320, 'the interpreter: output = reserve + commit, 64 times, and 64 reserve + commit pairs');
  wi.rings[0]!.consume((x) => want.push(bytesToHex(x)));
  assert.equal(want.length, 128);
  for (const e of ['jit', 'jit-verified'] as const) {
    const w = world();
    const vm = engineFor(e, LOOP, w, defaultHelpers());
    let r0 = 0n;
    assert.equal(jsRingCalls(() => void (r0 = vm.run({ env: w.env }).r0)), 0, e);
    assert.equal(r0, 64n);
    const recs: string[] = [];
    w.rings[0]!.consume((x) => recs.push(bytesToHex(x)));
    assert.deepEqual(recs, want, e);
  }
  // the WAT shows the in-wasm functions
  const wat = jitToWat(resolveMapRefs(LOOP, world().rings, 'loop'));
  assert.match(wat, /rb_reserve/);
  assert.match(wat, /rb_commit/);
});

test('a foreign ring helper or no env.ringbufOf keeps the generic path, with the same results', async () => {
  const wrapped = defaultHelpers();
  const out = wrapped.get(OUTPUT)!.fn;
  let n = 0;
  wrapped.register(OUTPUT, 'bpf_ringbuf_output', (h) => { n++; out(h); });
  const w = world();
  const r = engineFor('jit', LOOP, w, wrapped).run({ env: w.env });
  assert.equal(r.r0, 64n);
  assert.equal(n, 64, 'a wrapped bpf_ringbuf_output is called for every output');
  // without ringbufOf the helpers cannot find the ring of a record: submit does nothing on both
  // engines, and the consumer stops at the first reserved record, still busy, after one output
  for (const e of ['interpreter', 'jit'] as const) {
    const w2 = world();
    const vm = engineFor(e, LOOP, w2, defaultHelpers());
    assert.equal(vm.run({ env: { resolveMap: mapResolver(w2.as) } }).r0, 64n);
    const rb = w2.rings[0]!;
    let k = 0;
    rb.consume(() => k++);
    assert.equal(k, 1, e);
    assert.equal(rb.producerPos, 64 * 32, e);
  }
});

test('bpf_ringbuf_output from an unowned or unmapped source faults with the helper\'s message on the checked JIT', async () => {
  const bad: Instruction[] = [ldMap(1, 0), ins(0xb7, 2, 0, 0, 0x800), ins(0xb7, 3, 0, 0, 8), ins(0xb7, 4, 0, 0, 0), ins(0x85, 0, 0, 0, OUTPUT), ins(0x95)];
  const a = await outcome(bad, 'interpreter');
  const j = await outcome(bad, 'jit');
  assert.match(a[0]!, /^EFAULT EFAULT: invalid memory access: read of 8 bytes at 0x800: not inside any mapped region \(at insn 5\)/);
  assert.deepEqual(j, a);
});
