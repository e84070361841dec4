/**
 * The verifier's compact trace of states (src/verifier/trace.ts, `json: 'trace'`, what the web
 * playground's state view reads) against the formatted JSON trace (`json: true`) step for step:
 * on every committed example and verifier test object (privileged and unprivileged, accepted and
 * refused) and on seeded random programs with branches, stack spills and 32-bit bounds.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './bpf_helpers/kernel.js';
import { openObject, programVerifyOptions } from '../src/web/playground.js';
import { verify } from '../src/verifier/verify.js';
import type { Instruction } from '../src/isa/instruction.js';
import { BpfError } from '../src/isa/errors.js';
import type { JsonStep, VerifyOptions } from '../src/verifier/types.js';
import { randomProgram } from './gen/random_program.js';

const objects = (dir: string): string[] => readdirSync(dir).filter((f) => f.endsWith('.bpf.o')).map((f) => join(dir, f));

/** compare the two traces; read the compact one backwards so no step leans on one read before it */
function same(what: string, insns: readonly Instruction[], opts: VerifyOptions): { steps: number; accepted: boolean } {
  const eager = verify(insns, { ...opts, json: true });
  const compact = verify(insns, { ...opts, json: 'trace' });
  assert.equal(compact.json, undefined, what);
  assert.equal(compact.accepted, eager.accepted, what);
  assert.equal(compact.log, eager.log, `${what}: recording changes nothing the verifier says`);
  // refused before the walk (the CFG check): neither has a trace
  const json = eager.json;
  if (!json) {
    assert.equal(compact.trace, undefined, what);
    return { steps: 0, accepted: eager.accepted };
  }
  const t = compact.trace!;
  assert.equal(t.length, json.length, what);
  for (let k = t.length - 1; k >= 0; k--) {
    const e: JsonStep = json[k]!;
    assert.equal(t.insnAt(k), e.insn, `${what} step ${k}`);
    assert.equal(t.frameAt(k), e.frame, `${what} step ${k}`);
    // the steps as text; JSON.stringify below compares every one (deepEqual per step is slow)
    if (k % 16 === 0) assert.deepEqual(t.get(k), e, `${what} step ${k}`);
  }
  assert.equal(JSON.stringify(t), JSON.stringify(json), what);
  return { steps: t.length, accepted: eager.accepted };
}

test('the compact trace is the formatted one, step for step, on every example and verifier test object', () => {
  let steps = 0;
  let refused = 0;
  const files = [...objects(join(REPO, 'examples')), ...objects(join(REPO, 'examples/refused')), ...objects(join(REPO, 'test/data/verifier_progs'))];
  for (const f of files) {
    let o: ReturnType<typeof openObject>;
    try {
      o = openObject(new Uint8Array(readFileSync(f)), f);
    } catch (e) {
      // programs calling kfuncs need the running kernel's BTF to resolve them: the playground (no
      // kernel) refuses to open them, and so does this test
      if (e instanceof BpfError && e.errno === 'ENOTSUPP') continue;
      throw e;
    }
    for (const p of o.programs) {
      for (const unpriv of [false, true]) {
        // the loop tests reach the 1M-instruction limit: 20,000 keeps them (refused E2BIG) quick
        const r = same(`${f} ${p.name}${unpriv ? ' unpriv' : ''}`, p.insns, { ...programVerifyOptions(o, p), unpriv, insnLimit: 20_000 });
        steps += r.steps;
        if (!r.accepted) refused++;
      }
    }
  }
  assert.ok(files.length >= 10, `${files.length} objects`);
  assert.ok(refused > 0 && steps > 1000, `${steps} steps, ${refused} refusals compared`);
});

test('the compact trace is the formatted one on 60 seeded random programs', () => {
  for (let seed = 1; seed <= 60; seed++) same(`random program ${seed}`, randomProgram(seed).insns, { progType: 'xdp' });
});
