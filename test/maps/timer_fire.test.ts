/**
 * bpf_timer and bpf_wq callbacks that fire (helpers/impl/timer.ts, Bpf.advanceTime):
 * test/fixtures/bpf/timer_fire.bpf.c arms timers in an array and a hash map and queues a work
 * item; the callbacks write what they saw (key, map, value, return codes, order) into `results`.
 * The running kernel runs the same programs (BPF_PROG_TEST_RUN, then a sleep) and must leave the
 * same results as tsbpf with its clock advanced, on both engines.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadObject, type BpfObject } from '../../src/runtime/object.js';
import { ENGINE_NAMES, type EngineName } from '../../src/vm/engine.js';
import { kernelAvailable } from '../../src/hooks/kernel/index.js';
import { runCapture } from '../../src/hooks/packet_run.js';

const OBJ = fileURLToPath(new URL('../../../test/fixtures/bpf/timer_fire.bpf.o', import.meta.url));
const bytes = new Uint8Array(readFileSync(OBJ));

/** the slots of `results` (timer_fire.bpf.c R_*) */
const R = ['A0_FIRED', 'A0_KEY', 'A0_MAP_OK', 'A0_ARG', 'A0_REINIT', 'A0_SELF_CANCEL', 'A1_FIRED', 'A2_CANCEL', 'A2_FIRED', 'A3_FIRED', 'H_FIRED', 'H_KEY', 'H7_FIRED', 'H9_FIRED', 'WQ_FIRED', 'WQ_KEY', 'WQ_ARG', 'A1_START_RET', 'ORDER'] as const;
type Results = Record<(typeof R)[number], number>;

function packet(): Uint8Array {
  const p = new Uint8Array(64);
  p[12] = 0x08;
  return p;
}

function results(lookup: (k: number) => unknown): Results {
  return Object.fromEntries(R.map((name, k) => [name, Number(lookup(k) as bigint | number)])) as Results;
}

/** a clock that moves only when advanceTime moves it: firing depends on nothing else */
const still = (): bigint => 5_000_000_000n;

async function load(engine: EngineName): Promise<{ o: BpfObject; run: (name: string) => number }> {
  const o = await loadObject(bytes, { file: 'timer_fire.bpf.o', clock: still });
  return { o, run: (name) => o.program(name).run({ engine, ...(name === 'start' ? { data: packet() } : {}) }).retval };
}

async function emulated(engine: EngineName): Promise<Results> {
  const { o, run } = await load(engine);
  try {
    assert.equal(run('start'), 0);
    o.bpf.advanceTime(50_000_000);
    assert.equal(run('start_wq'), 0);
    o.bpf.advanceTime(1_000_000);
    return results((k) => o.map('results').lookup(k));
  } finally {
    o.close();
  }
}

for (const engine of ENGINE_NAMES) {
  test(`timer and wq callbacks fire with the kernel's arguments and return codes (${engine})`, async () => {
    const r = await emulated(engine);
    // bpf_timer_cb: callback_fn(map, key, value) — the array's index, the map, the element
    assert.equal(r.A0_FIRED, 1);
    assert.equal(r.A0_KEY, 0);
    assert.equal(r.A0_MAP_OK, 1);
    assert.equal(r.A0_ARG, 100);
    assert.equal(r.A0_REINIT, -16, 'bpf_timer_init of an initialised timer: -EBUSY');
    assert.equal(r.A0_SELF_CANCEL, -35, 'bpf_timer_cancel from its own callback: -EDEADLK');
    assert.equal(r.A1_FIRED, 5, 'a callback re-arms its timer: 1 + 4 re-arms');
    assert.equal(r.A1_START_RET, 0);
    assert.equal(r.A2_CANCEL, 1, 'cancel of an armed timer: 1');
    assert.equal(r.A2_FIRED, 0, 'a cancelled timer does not fire');
    assert.equal(r.A3_FIRED, 1, 'BPF_F_TIMER_ABS on CLOCK_BOOTTIME');
    assert.equal(r.H_FIRED, 1);
    assert.equal(r.H_KEY, 5, "a hash map's callback gets the element's key");
    assert.equal(r.H7_FIRED, 0, 'a deleted element frees its timer');
    assert.equal(r.H9_FIRED, 0, 'an updated element frees its timer');
    assert.deepEqual([r.WQ_FIRED, r.WQ_KEY, r.WQ_ARG], [1, 1, 42], 'the work item runs with its key and value');
    // expiry order: 1 us (key 1), 1 ms (key 0), 2 ms absolute (key 3), 3 ms (hash key 5)
    assert.equal(r.ORDER, 2134);
  });

  test(`a timer fires only once the clock passes its expiry (${engine})`, async () => {
    const { o, run } = await load(engine);
    try {
      const get = (): Results => results((k) => o.map('results').lookup(k));
      run('start');
      assert.equal(o.bpf.timers.pending, 4, 'keys 0, 1, 3 and hash key 5 (7 and 9 were freed)');
      assert.equal(o.bpf.advanceTime(999_999), 5, 'only key 1 (1 us, re-armed 4 times by 1 us)');
      assert.equal(get().A0_FIRED, 0, 'key 0 expires at 1 ms');
      assert.equal(o.bpf.advanceTime(1), 1);
      assert.equal(get().A0_FIRED, 1);
      // a user-side update of the element frees its timer (array_map_update_elem → bpf_obj_free_fields)
      o.map('atimers').update(3, new Uint8Array(24));
      o.bpf.advanceTime(10_000_000_000n);
      const r = get();
      assert.equal(r.A3_FIRED, 0, 'key 3 was freed by the update before 2 ms');
      assert.equal(r.H_FIRED, 1);
      assert.equal(r.A2_FIRED, 0);
      assert.equal(o.bpf.timers.pending, 0);
      assert.throws(() => o.bpf.advanceTime(-1), /EINVAL/);
    } finally {
      o.close();
    }
  });

  test(`a program run fires what came due since the last run; closing the object frees its timers (${engine})`, async () => {
    let t = 0n;
    const o = await loadObject(bytes, { file: 'timer_fire.bpf.o', clock: () => t });
    try {
      o.program('start').run({ engine, data: packet() });
      t += 1_500_000n;
      // the next run (any program of the runtime) first runs the timers of the last 1.5 ms
      o.program('start_wq').run({ engine });
      const r = results((k) => o.map('results').lookup(k));
      assert.equal(r.A0_FIRED, 1);
      assert.equal(r.A3_FIRED, 0);
      assert.equal(r.WQ_FIRED, 0, 'queued by this run: runs at the next advance');
    } finally {
      o.close();
    }
    assert.equal(o.bpf.advanceTime(10_000_000_000n), 0, 'no user reference holds the maps: every timer was freed');
  });
}

test('tsbpf run: the clock follows the capture, timers started by packets fire', async () => {
  const o = await loadObject(bytes, { file: 'timer_fire.bpf.o', clock: still });
  try {
    // two packets 2 ms apart: the first arms the timers; before the second runs, the clock moves
    // 2 ms (key 1's chain, key 0, key 3 at exactly 2 ms fire); the second re-arms them (hash key
    // 5, due at 3 ms, is pushed to 5 ms), and they fire in the second after the capture
    async function* pkts() {
      for (const [k, ns] of [[0, 0], [1, 2_000_000]] as const) yield { data: packet(), offset: k * 100, ifIndex: 0, tsSec: 1000, tsNsec: ns, origLen: 64 };
    }
    const sum = await runCapture(o, o.program('start'), pkts() as never, { engine: 'interpreter' });
    const r = results((k) => o.map('results').lookup(k));
    assert.equal(sum.packets, 2);
    assert.deepEqual([r.A0_FIRED, r.A1_FIRED, r.A3_FIRED, r.H_FIRED, r.H7_FIRED, r.H9_FIRED], [2, 10, 2, 1, 0, 0]);
    assert.equal(r.ORDER, 213134);
    assert.equal(sum.timersFired, 15);
    assert.equal(sum.timersPending, 0);
  } finally {
    o.close();
  }
});

const k = kernelAvailable();
test('the running kernel leaves the same results', { skip: k.ok ? false : `the kernel is unavailable: ${k.reason}` }, async () => {
  const ko = await loadObject(OBJ, { target: 'kernel' });
  let mine: Results;
  let theirs: Results;
  try {
    assert.equal(ko.program('start').run({ dataIn: packet() }).retval, 0);
    // a softirq runs the timers well within this
    await new Promise((res) => setTimeout(res, 100));
    assert.equal(ko.program('start_wq').run({}).retval, 0);
    await new Promise((res) => setTimeout(res, 100));
    theirs = results((i) => ko.map('results').lookup(i));
  } finally {
    ko.close();
  }
  mine = await emulated('interpreter');
  assert.deepEqual(mine, theirs);
  assert.deepEqual(await emulated('jit'), theirs);
});
