/**
 * The sandbox (docs/sandbox.md, vm/sandbox.ts): an unverified program touches only what it owns.
 * Property tests generate attacks — forged constant pointers, another map's pointer plus an
 * offset, stack underflow and overflow through r10, helper arguments (probe reads, map updates,
 * map pointers), atomics — against a runtime holding a secret map and another program's stack,
 * and run them on the interpreter and on the checked JIT. The oracle is computed from the region
 * table independently of the sandbox: an access to a range the program does not own must fault
 * with EFAULT naming the instruction (probe reads return -EFAULT and zero the buffer, as
 * copy_from_kernel_nofault does); an access to its own memory must not; the secret never changes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { BpfError } from '../../src/isa/errors.js';
import type { Instruction } from '../../src/isa/instruction.js';
import { GUARD_GAP, RegionKind, type Region } from '../../src/vm/address_space.js';
import { createEngine, type EngineName } from '../../src/vm/engine.js';
import { Bpf } from '../../src/runtime/bpf.js';
import { mapResolver, ringbufResolver } from '../../src/runtime/map_like.js';
import { runtimeHelpers } from '../../src/runtime/stack_helpers.js';
import { MapType } from '../../src/maps/constants.js';
import { ArrayMap } from '../../src/maps/array.js';
import type { BpfMap } from '../../src/maps/map.js';
import { BPF_FUNC } from '../../src/isa/helper_ids.js';
import { BPF_PROG_TYPE } from '../../src/progtypes/prog_types.js';

const ENGINES: readonly EngineName[] = ['interpreter', 'jit'];
const I = (code: number, dst = 0, src = 0, off = 0, imm = 0, imm2 = 0): Instruction => ({ code, dst, src, off, imm, imm2 });
const lddw = (dst: number, v: number, src = 0): Instruction => I(0x18, dst, src, 0, v | 0, 0);
const movi = (dst: number, imm: number): Instruction => I(0xb7, dst, 0, 0, imm);
const mov = (dst: number, src: number): Instruction => I(0xbf, dst, src);
const addi = (dst: number, imm: number): Instruction => I(0x07, dst, 0, 0, imm);
const call = (id: number): Instruction => I(0x85, 0, 0, 0, id);
const EXIT = I(0x95);
const LDX: Record<number, number> = { 1: 0x71, 2: 0x69, 4: 0x61, 8: 0x79 };
const STX: Record<number, number> = { 1: 0x73, 2: 0x6b, 4: 0x63, 8: 0x7b };
const ST: Record<number, number> = { 1: 0x72, 2: 0x6a, 4: 0x62, 8: 0x7a };
const SECRET = 0xa5;

/** a runtime with a secret map, a hash map, the attacker's own array map and a victim program's stack */
function world() {
  const bpf = new Bpf();
  const as = bpf.as;
  const secret = bpf.map(bpf.mapCreate({ mapType: MapType.ARRAY, keySize: 4, valueSize: 64, maxEntries: 4, mapName: 'secret' })) as ArrayMap;
  const hash = bpf.map(bpf.mapCreate({ mapType: MapType.HASH, keySize: 4, valueSize: 32, maxEntries: 8, mapName: 'secret_h' }));
  const mine = bpf.map(bpf.mapCreate({ mapType: MapType.ARRAY, keySize: 4, valueSize: 64, maxEntries: 2, mapName: 'mine' })) as ArrayMap;
  for (let k = 0; k < 4; k++) secret.update(u32(k), new Uint8Array(64).fill(SECRET));
  hash.update(u32(7), new Uint8Array(32).fill(SECRET));
  // a victim program that has run: its stack holds its data
  const victim = createEngine('interpreter', [movi(1, SECRET), I(0x7b, 10, 1, -8), movi(0, 0), EXIT], { as });
  victim.run();
  const victimStack = as.list().find((r) => r.kind === RegionKind.Stack)!;
  const snapshot = (): string => [secret.domain, hash.domain, victimStack.owner].map((d) => Buffer.from(valuesOf(as, d)).toString('hex')).join('|');
  return { bpf, as, secret, hash, mine, snapshot };
}

function valuesOf(as: Bpf['as'], domain: number): Uint8Array {
  const parts = as.list().filter((r) => r.owner === domain).map((r) => as.u8.slice(r.base, r.base + r.size));
  return Uint8Array.from(parts.flatMap((p) => [...p]));
}

function u32(v: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, v, true);
  return b;
}

type World = ReturnType<typeof world>;

/** run `insns` as an unverified program that references only `mine`, with r1 = a 64-byte buffer of its own */
function attack(w: World, engine: EngineName, insns: Instruction[]) {
  const mem = w.as.map(64, RegionKind.Mem, 'attacker input');
  const before = new Set(w.as.list());
  const e = createEngine(engine, insns, { as: w.as, helpers: runtimeHelpers(), owns: [w.mine.handle], budget: 10_000 });
  const stack = w.as.list().find((r) => !before.has(r) && r.kind === RegionKind.Stack)!;
  const owned = (r: Region | null): boolean => !!r && (r.owner === w.mine.domain || r.owner === stack.owner || r === mem);
  const env = { resolveMap: mapResolver(w.as), ringbufOf: ringbufResolver(w.as) };
  let out: { ok: true; r0: bigint } | { ok: false; err: unknown };
  try {
    out = { ok: true, r0: e.run({ r1: mem.base, env }).r0 };
  } catch (err) {
    out = { ok: false, err };
  }
  return { out, owned, stack, mem };
}

/** addresses worth attacking: every byte of foreign objects and their guard gaps, own memory, anything */
function targets(w: World): fc.Arbitrary<number> {
  const foreign = w.as.list().filter((r) => r.owner !== w.mine.domain);
  const own = w.as.list().filter((r) => r.owner === w.mine.domain);
  const inRegion = (rs: readonly Region[]) => fc.constantFrom(...rs).chain((r) => fc.integer({ min: r.base - 16, max: r.base + r.size + GUARD_GAP }));
  return fc.oneof(inRegion(foreign), inRegion(own), fc.integer({ min: 0, max: w.as.byteLength + 65536 }), fc.constant(w.secret.elemAddr(1)), fc.constant(w.secret.handle));
}

function expectFault(out: { ok: boolean; err?: unknown }, insn: number, what: string): void {
  assert.equal(out.ok, false, `${what}: the access should fault`);
  const e = (out as { err: unknown }).err;
  assert.ok(e instanceof BpfError, `${what}: ${String(e)}`);
  assert.equal(e.errno, 'EFAULT', `${what}: ${e.message}`);
  assert.equal(e.where?.insn, insn, `${what}: the error names insn ${insn}: ${e.message}`);
}

const SIZES = fc.constantFrom(1, 2, 4, 8);

for (const engine of ENGINES) {
  test(`${engine}: forged constant pointers (loads, stores, atomics) reach only the program's own memory`, () => {
    const w = world();
    const snap = w.snapshot();
    fc.assert(
      fc.property(targets(w), SIZES, fc.integer({ min: -64, max: 64 }), fc.constantFrom('ldx', 'stx', 'st', 'xadd', 'cmpxchg'), (t, size, off, kind) => {
        if (t - off < 0 || t - off >= 2 ** 31) return;
        if ((kind === 'xadd' || kind === 'cmpxchg') && size < 4) size = 4;
        const acc =
          kind === 'ldx' ? I(LDX[size]!, 0, 1, off)
          : kind === 'stx' ? I(STX[size]!, 1, 2, off)
          : kind === 'st' ? I(ST[size]!, 1, 0, off, 0x11)
          : I(size === 4 ? 0xc3 : 0xdb, 1, 2, off, kind === 'xadd' ? 0x00 : 0xf1);
        const insns = [lddw(1, t - off), movi(2, 0x33), movi(0, 0), acc, movi(0, 0), EXIT]; // the access is slot 4
        const { out, owned } = attack(w, engine, insns);
        const write = kind !== 'ldx';
        const r = w.as.find(t, size);
        if (owned(r) && (!write || r!.writable)) assert.ok(out.ok, `${kind} ${size} at own 0x${t.toString(16)} faulted: ${(out as { err?: unknown }).err}`);
        else expectFault(out, 4, `${kind} of ${size} at 0x${t.toString(16)}`);
        assert.equal(w.snapshot(), snap, 'the secret map is unchanged');
      }),
      { numRuns: 400, seed: 13 },
    );
  });

  test(`${engine}: another map's pointer plus an offset faults outside that map`, () => {
    const w = world();
    const snap = w.snapshot();
    const mineValue = w.mine.elemAddr(0);
    fc.assert(
      fc.property(targets(w), SIZES, fc.boolean(), (t, size, write) => {
        const delta = t - mineValue;
        if (delta < -(2 ** 31) || delta >= 2 ** 31) return;
        // r0 = bpf_map_lookup_elem(&mine, &(u32)0); r0 += delta; *(r0) / r0 = *(r0)
        const insns = [
          I(0x62, 10, 0, -4, 0), mov(2, 10), addi(2, -4), lddw(1, w.mine.handle, 1), call(BPF_FUNC.map_lookup_elem!),
          I(0x15, 0, 0, 5, 0), // slot 6: if r0 == 0 goto exit (slot 12)
          lddw(3, delta), I(0x0f, 0, 3),
          write ? I(STX[size]!, 0, 2, 0) : I(LDX[size]!, 1, 0, 0), // slot 10
          movi(0, 0), EXIT,
        ];
        const { out, owned } = attack(w, engine, insns);
        const r = w.as.find(t, size);
        if (owned(r) && (!write || r!.writable)) assert.ok(out.ok, String((out as { err?: unknown }).err));
        else expectFault(out, 10, `${write ? 'write' : 'read'} at mine+${delta}`);
        assert.equal(w.snapshot(), snap);
      }),
      { numRuns: 300, seed: 14 },
    );
  });

  test(`${engine}: r10-relative accesses stay in the program's own stack (underflow and overflow fault)`, () => {
    const w = world();
    const snap = w.snapshot();
    fc.assert(
      fc.property(fc.integer({ min: -32768, max: 32767 }), SIZES, fc.boolean(), (off, size, write) => {
        const insns = [movi(2, 0x44), write ? I(STX[size]!, 10, 2, off) : I(LDX[size]!, 0, 10, off), movi(0, 0), EXIT];
        const { out, owned, stack } = attack(w, engine, insns);
        const top = stack.base + stack.size; // r10 at depth 0
        const r = w.as.find(top + off, size);
        if (off < 0 && off >= -stack.size && off + size <= 0) assert.ok(out.ok, `own stack r10${off}`);
        else if (!owned(r)) expectFault(out, 1, `r10${off >= 0 ? '+' : ''}${off}`);
        assert.equal(w.snapshot(), snap);
      }),
      { numRuns: 300, seed: 15 },
    );
  });

  test(`${engine}: helper arguments naming foreign memory fault (map update value, map pointers) or read nothing (probe reads)`, () => {
    const w = world();
    const snap = w.snapshot();
    const foreignMaps: BpfMap[] = [w.secret, w.hash];
    fc.assert(
      fc.property(targets(w), fc.constantFrom('probe_read_kernel', 'probe_read_kernel_str', 'update_value', 'map_ptr_lookup', 'map_ptr_update', 'ringbuf_submit'), fc.constantFrom(...foreignMaps), (t, kind, victim) => {
        let insns: Instruction[];
        let at: number;
        const key0 = [I(0x62, 10, 0, -4, 0), mov(2, 10), addi(2, -4)];
        switch (kind) {
          case 'probe_read_kernel':
          case 'probe_read_kernel_str':
            // r0 = probe_read(r10-16, 8, t); return *(u64 *)(r10-16) ^ r0 marker
            insns = [I(0x7a, 10, 0, -16, 0x77), mov(1, 10), addi(1, -16), movi(2, 8), lddw(3, t), call(BPF_FUNC[kind]!), I(0x79, 1, 10, -16), I(0x0f, 0, 1), EXIT];
            at = -1;
            break;
          case 'update_value':
            insns = [...key0, lddw(1, w.mine.handle, 1), lddw(3, t), movi(4, 0), call(BPF_FUNC.map_update_elem!), EXIT];
            at = 8;
            break;
          case 'map_ptr_lookup':
            insns = [...key0, lddw(1, victim.handle), call(BPF_FUNC.map_lookup_elem!), EXIT];
            at = 5;
            break;
          case 'map_ptr_update':
            insns = [...key0, mov(3, 10), addi(3, -4), lddw(1, victim.handle), movi(4, 0), call(BPF_FUNC.map_update_elem!), EXIT];
            at = 8;
            break;
          default:
            insns = [lddw(1, t), movi(2, 0), call(BPF_FUNC.ringbuf_submit!), movi(0, 0), EXIT];
            at = 3;
        }
        const { out, owned } = attack(w, engine, insns);
        if (kind.startsWith('probe_read')) {
          assert.ok(out.ok, String((out as { err?: unknown }).err));
          // a foreign source: -EFAULT and a zeroed buffer (r0 = ret + the buffer): nothing comes back
          if (!owned(w.as.regionAt(t))) assert.equal(BigInt.asIntN(64, (out as { r0: bigint }).r0), -14n, `${kind} of 0x${t.toString(16)}`);
        } else if (kind === 'update_value') {
          const r = w.as.find(t, 64);
          if (owned(r)) assert.ok(out.ok);
          else expectFault(out, at, `map update value 0x${t.toString(16)}`);
        } else if (kind === 'ringbuf_submit') {
          if (w.as.regionAt(t) && !owned(w.as.regionAt(t))) expectFault(out, at, `ringbuf_submit(0x${t.toString(16)})`);
        } else {
          expectFault(out, at, `${kind} of ${victim.name}`);
        }
        assert.equal(w.snapshot(), snap, 'the secret maps are unchanged');
      }),
      { numRuns: 300, seed: 16 },
    );
  });
}

test('the escapes issue 13 lists, through the runtime (progLoad without the verifier, then BPF_PROG_TEST_RUN), fault on both engines', () => {
  for (const engine of ENGINES) {
    const bpf = new Bpf();
    const secretFd = bpf.mapCreate({ mapType: MapType.ARRAY, keySize: 4, valueSize: 8, maxEntries: 1, mapName: 'secret' });
    bpf.mapUpdateElem(secretFd, u32(0), new Uint8Array(8).fill(SECRET));
    const secret = bpf.map(secretFd) as ArrayMap;
    const otherFd = bpf.mapCreate({ mapType: MapType.ARRAY, keySize: 4, valueSize: 8, maxEntries: 1, mapName: 'other' });
    const other = bpf.map(otherFd) as ArrayMap;
    const cases: Array<[string, Instruction[], number]> = [
      ['a constant pointer into another map (read)', [lddw(1, secret.elemAddr(0)), I(0x79, 0, 1, 0), EXIT], 2],
      ['a constant pointer into another map (write)', [lddw(1, secret.elemAddr(0)), I(0x7a, 1, 0, 0, 0), movi(0, 2), EXIT], 2],
      ['another map\'s pointer plus an offset', [I(0x62, 10, 0, -4, 0), mov(2, 10), addi(2, -4), lddw(1, otherFd, 1), call(BPF_FUNC.map_lookup_elem!), I(0x15, 0, 0, 4, 0), lddw(1, secret.elemAddr(0) - other.elemAddr(0)), I(0x0f, 0, 1), I(0x79, 0, 0, 0), EXIT], 10],
      ['atomic cmpxchg on another map', [lddw(1, secret.elemAddr(0)), movi(2, 0), movi(0, 0), I(0xdb, 1, 2, 0, 0xf1), EXIT], 4],
      ['a map update whose value is another map\'s', [I(0x62, 10, 0, -4, 0), mov(2, 10), addi(2, -4), lddw(1, otherFd, 1), lddw(3, secret.elemAddr(0)), movi(4, 0), call(BPF_FUNC.map_update_elem!), EXIT], 8],
      ['a store above r10 (next to the packet)', [I(0x7a, 10, 0, 8, 0x55), movi(0, 2), EXIT], 0],
    ];
    for (const [what, insns, at] of cases) {
      const { fd } = bpf.progLoad({ progType: BPF_PROG_TYPE.XDP, insns, name: 'attacker' });
      assert.throws(
        () => bpf.progTestRun(fd, { data: new Uint8Array(64), engine }),
        (e: unknown) => e instanceof BpfError && e.errno === 'EFAULT' && e.where?.insn === at,
        `${engine}: ${what}`,
      );
      bpf.close(fd);
    }
    // probe_read_kernel of another map: -EFAULT, the buffer zeroed, the secret not copied
    const { fd } = bpf.progLoad({ progType: BPF_PROG_TYPE.XDP, insns: [mov(1, 10), addi(1, -8), movi(2, 8), lddw(3, secret.elemAddr(0)), call(BPF_FUNC.probe_read_kernel!), I(0x79, 1, 10, -8), I(0x0f, 0, 1), EXIT], name: 'reader' });
    const r = bpf.progTestRun(fd, { data: new Uint8Array(64), engine });
    assert.equal(BigInt.asIntN(64, r.r0), -14n, `${engine}: probe_read_kernel of another map`);
    assert.deepEqual(bpf.mapLookupElem(secretFd, u32(0)), new Uint8Array(8).fill(SECRET));
  }
});

test('programs still reach what they own: their maps, their packet, memory a helper returned', () => {
  for (const engine of ENGINES) {
    const bpf = new Bpf();
    const fd = bpf.mapCreate({ mapType: MapType.ARRAY, keySize: 4, valueSize: 8, maxEntries: 1, mapName: 'counts' });
    // counts[0] += 1; return XDP_PASS after reading the first packet byte
    const insns = [
      mov(6, 1), I(0x62, 10, 0, -4, 0), mov(2, 10), addi(2, -4), lddw(1, fd, 1), call(BPF_FUNC.map_lookup_elem!),
      I(0x15, 0, 0, 2, 0), movi(1, 1), I(0xdb, 0, 1, 0, 0),
      I(0x61, 2, 6, 0), I(0x71, 3, 2, 0), movi(0, 2), EXIT,
    ];
    const { fd: pfd } = bpf.progLoad({ progType: BPF_PROG_TYPE.XDP, insns, name: 'counter' });
    for (let k = 0; k < 3; k++) assert.equal(bpf.progTestRun(pfd, { data: new Uint8Array(64), engine }).retval, 2);
    assert.equal(new DataView(bpf.mapLookupElem(fd, u32(0)).buffer).getBigUint64(0, true), 3n, engine);
  }
});
