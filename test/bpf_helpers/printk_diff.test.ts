/**
 * bpf_trace_printk against the kernel: for every format in test/fixtures/bpf/printk_diff.bpf.c the
 * return value (the length written, or -EINVAL) and the text in the trace buffer must agree.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { REPO, kernelLoadAll, kernelRun, kernelSkipReason, kernelUnload, objPrograms, traceClear, traceOn, traceRead, traceRestore, traceSkipReason, tsbpfRun } from './kernel.js';

const OBJ = join(REPO, 'test/fixtures/bpf/printk_diff.bpf.o');
const progs = objPrograms(OBJ);
const packet = new Uint8Array(64);

test('tsbpf refuses the formats the kernel refuses', () => {
  for (const p of progs) {
    const lines: string[] = [];
    const r = tsbpfRun(p, packet, undefined, (l) => lines.push(l));
    if (p.name.startsWith('p_bad_')) {
      assert.equal(r.retval | 0, -22, `${p.name} should return -EINVAL`);
      assert.equal(lines.length, 0, `${p.name} printed ${lines[0]}`);
    } else {
      assert.ok((r.retval | 0) > 0, `${p.name} returned ${r.retval | 0}`);
      assert.equal(lines.length, 1);
    }
  }
});

test('formatted text matches expectations written from the kernel rules', () => {
  const out = new Map<string, string>();
  for (const p of progs) tsbpfRun(p, packet, undefined, (l) => out.set(p.name, l));
  assert.equal(out.get('p_int'), 'd=-5 i=42 u=4294967295\n');
  assert.equal(out.get('p_hex'), 'x=beef X=BEEF lx=ffffffffffffffff\n');
  assert.equal(out.get('p_width'), '[   42][42   ][-0042]\n');
  assert.equal(out.get('p_str'), 's=hello c=Z%\n');
  assert.equal(out.get('p_ip4'), 'ip=010.001.002.254 IP=10.1.2.254\n');
  assert.equal(out.get('p_ip6'), '20010db8000000000000000000001234|2001:0db8:0000:0000:0000:0000:0000:1234\n');
  assert.equal(out.get('p_str_fault'), '[]\n');
});

const skip = kernelSkipReason() ?? traceSkipReason();

test('kernel and tsbpf agree on bpf_trace_printk results and text', { skip: skip ?? false }, () => {
  const dir = kernelLoadAll(OBJ);
  const prev = traceOn();
  try {
    for (const p of progs) {
      traceClear();
      const want = kernelRun(dir, p.name, packet);
      const kernelLines = traceRead();
      const lines: string[] = [];
      const got = tsbpfRun(p, packet, undefined, (l) => lines.push(l));
      assert.equal(got.retval | 0, want.retval | 0, `${p.name}: return value`);
      // the trace buffer shows one event per line, so compare without the trailing newline
      assert.deepEqual(lines.map((l) => l.replace(/\n$/, '')), kernelLines, `${p.name}: text`);
    }
  } finally {
    traceRestore(prev);
    kernelUnload(dir);
  }
});
