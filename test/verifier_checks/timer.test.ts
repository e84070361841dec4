/**
 * bpf_timer on the emulator (src/helpers/impl/timer.ts), test/data/verifier_progs/verifier_timer.c:
 * the accepted programs run on both engines and return what the running kernel's
 * BPF_PROG_TEST_RUN returns; the timer's state persists in the map value between runs as in the
 * kernel (a second run finds the timer initialised: bpf_timer_init is -EBUSY, bpf_timer_cancel 0).
 * Callbacks fire when the runtime's clock passes their expiry: test/maps/timer_fire.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadObject } from '../../src/runtime/object.js';
import { ENGINE_NAMES } from '../../src/vm/engine.js';
import { kernelLoader, kernelVerdicts } from './kernel_loader.js';

const OBJ = fileURLToPath(new URL('../../../test/data/verifier_progs/verifier_timer.bpf.o', import.meta.url));
const bytes = new Uint8Array(readFileSync(OBJ));
const RUNS = ['timer_arm', 'timer_rearm', 'timer_cancel_unarmed'];

function packet(): Uint8Array {
  const p = new Uint8Array(64);
  p[12] = 0x08;
  return p;
}

/** first and second run's return value of each program, on one engine, each program in an object of its own */
async function retvals(engine: (typeof ENGINE_NAMES)[number]): Promise<Record<string, [number, number]>> {
  const out: Record<string, [number, number]> = {};
  for (const name of RUNS) {
    const o = await loadObject(bytes, { file: 'verifier_timer.bpf.o', programs: [name] });
    try {
      const p = o.programs.get(name)!;
      const a = Number(p.run({ engine, data: packet() }).retval);
      const b = Number(p.run({ engine, data: packet() }).retval);
      out[name] = [a, b];
    } finally {
      o.close();
    }
  }
  return out;
}

for (const engine of ENGINE_NAMES) {
  test(`timer programs run with the kernel's return codes, the state kept in the value (${engine})`, async () => {
    const r = await retvals(engine);
    assert.deepEqual(r.timer_arm, [0, 0], 'init (then -EBUSY, ignored), set_callback, start: 0');
    assert.deepEqual(r.timer_rearm, [0, 0]);
    // the first run: cancel of a timer never initialised is -EINVAL, then init + cancel of an
    // unarmed timer is 0; the second run finds it initialised, so the first cancel is not -EINVAL
    assert.deepEqual(r.timer_cancel_unarmed, [0, 2]);
  });
}

const loader = kernelLoader();
test('the running kernel returns the same on the first run', { skip: typeof loader === 'string' ? false : loader.reason }, async () => {
  const v = kernelVerdicts(OBJ, { each: true });
  const mine = await retvals('interpreter');
  for (const name of RUNS) {
    const k = v.get(name);
    assert.ok(k?.loaded, `${name}: the kernel refused it: ${k?.log.split('\n').slice(-3).join(' ')}`);
    assert.equal(mine[name]![0], k!.retval, `${name}: kernel ${k!.retval}, tsbpf ${mine[name]![0]}`);
  }
});
