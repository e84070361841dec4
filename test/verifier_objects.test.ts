/**
 * Real clang-compiled objects through the verifier: every program of the bundled examples, and
 * the loadable cilium/ebpf test objects (../shared/corpora/cilium-elf), via `tsbpf prog verify`'s path.
 */
import { subprogFuncInfo } from '../src/verifier/func_info.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadObjectFile } from '../src/elf/loader.js';
import { verify } from '../src/verifier/index.js';
import { verifierMapOfSpec } from '../src/verifier/object.js';
import { CILIUM_ELF, corpusSkip } from './elf/corpus.js';
import type { ObjectSpec } from '../src/elf/spec.js';

const EXAMPLES = fileURLToPath(new URL('../../examples/', import.meta.url));

function verifyAll(spec: ObjectSpec): { name: string; accepted: boolean; message?: string; processed: number }[] {
  const maps = spec.maps.map(verifierMapOfSpec);
  return spec.programs.map((p) => {
    const r = verify(p.insns, {
      progType: p.type || 1, maps, progFlags: p.flags, expectedAttachType: p.expectedAttachType, logLevel: 0,
      lineInfo: p.lineInfo.map((l) => ({ insnOff: l.insn, line: l.line })),
      funcInfo: subprogFuncInfo(spec.btf, p.funcInfo, p.type, p.expectedAttachType),
    });
    return { name: p.name, accepted: r.accepted, message: r.message, processed: r.stats.processed };
  });
}

test('every example program verifies', async () => {
  const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.bpf.o'));
  assert.ok(files.length >= 5, `examples found: ${files.length}`);
  let n = 0;
  for (const f of files) {
    const spec = await loadObjectFile(EXAMPLES + f);
    for (const r of verifyAll(spec)) {
      n++;
      assert.equal(r.accepted, true, `${f} ${r.name}: ${r.message}`);
      assert.ok(r.processed > 0);
    }
  }
  console.log(`${n} example programs verified`);
});

const CILIUM = CILIUM_ELF;
test('cilium/ebpf test objects: verdicts', { skip: corpusSkip }, async () => {
  let loaded = 0;
  let progs = 0;
  let accepted = 0;
  const reasons = new Map<string, number>();
  for (const f of readdirSync(CILIUM).filter((x) => x.endsWith('-el.elf'))) {
    let spec: ObjectSpec;
    try {
      spec = await loadObjectFile(CILIUM + f);
    } catch {
      continue; // objects meant to fail loading (invalid_*, errors-*) are the ELF reader's business
    }
    loaded++;
    for (const r of verifyAll(spec)) {
      progs++;
      if (r.accepted) accepted++;
      else reasons.set(r.message!.replace(/\d+/g, 'N'), (reasons.get(r.message!.replace(/\d+/g, 'N')) ?? 0) + 1);
    }
  }
  console.log(`cilium-elf: ${loaded} objects loaded, ${accepted}/${progs} programs accepted`);
  for (const [k, v] of [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 10)) console.log(`  ${v} x ${k}`);
  assert.ok(loaded > 10);
  // no verification may crash; the verdict mix is reported (many need kernel BTF, kfuncs or CO-RE targets)
  assert.ok(progs > 0);
});
