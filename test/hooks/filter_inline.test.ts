/**
 * The eBPF engines' fast path for filters: converted classic programs with their packet loads
 * inlined (cbpf/ld_abs.ts) run unchecked on the JIT, and `tsbpf filter` reads records where they
 * lie in the filter's memory (CaptureReader.scan with EbpfClassicFilter.scanBuffer). Checked here:
 * the inlined programs pass tsbpf's verifier as tc programs (the JIT runs them unchecked); loads
 * at every offset (negative LD_IND offsets, past the packet, beyond the verifier's 64 KiB packet range, in
 * packets over 64 KiB) give the classic interpreter's answers; and in-place filtering of the
 * test captures (small read chunks, so records straddle reads) selects what the classic
 * interpreter selects.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import fc from 'fast-check';
import * as c from '../../src/hooks/cbpf/opcodes.js';
import { stmt, type SockFilter } from '../../src/hooks/cbpf/program.js';
import { runClassic } from '../../src/hooks/cbpf/interpreter.js';
import { convertClassic } from '../../src/hooks/cbpf/convert.js';
import { inlinePacketLoads } from '../../src/hooks/cbpf/ld_abs.js';
import { EbpfClassicFilter } from '../../src/hooks/cbpf/ebpf_filter.js';
import { compileFilter } from '../../src/hooks/filter/compile.js';
import { sliceFilterFunction } from '../../src/hooks/filter/engines.js';
import { CaptureReader } from '../../src/hooks/pcap/reader.js';
import { LINKTYPE_NULL } from '../../src/hooks/pcap/linktype.js';
import { verify } from '../../src/verifier/verify.js';
import { BPF_PROG_TYPE } from '../../src/progtypes/prog_types.js';
import { ETHERNET_EXPRESSIONS } from './filter_cases.js';
import { PCAP_DIR } from './util.js';

const compiles = (e: string): SockFilter[] | null => {
  try {
    return compileFilter(e);
  } catch {
    return null;
  }
};

test('inlined filters pass the verifier as tc programs, and the JIT runs them unchecked', () => {
  let n = 0;
  for (const e of ['protochain 6', 'tcp port 80', ...ETHERNET_EXPRESSIONS.filter((_, i) => i % 3 === 0)]) {
    const prog = compiles(e);
    if (!prog) continue;
    const inl = inlinePacketLoads(convertClassic(prog));
    if (!inl) continue; // no packet loads (e.g. `len`-only expressions)
    const r = verify(inl, { progType: BPF_PROG_TYPE.SCHED_CLS, logLevel: 0 });
    assert.ok(r.accepted, `${e}: ${r.message}`);
    assert.equal(new EbpfClassicFilter(prog, 'jit').verified, true, e);
    n++;
  }
  assert.ok(n > 40, `${n} programs`);
});

test('inlined loads at any offset give the classic answer (fast-check)', () => {
  const { BPF_LD, BPF_LDX, BPF_ABS, BPF_IND, BPF_IMM, BPF_W, BPF_H, BPF_B, BPF_RET, BPF_A } = c;
  const size = fc.constantFrom(BPF_W, BPF_H, BPF_B);
  const offset = fc.oneof(fc.integer({ min: -70, max: 200 }), fc.integer({ min: 65400, max: 70100 }), fc.integer({ min: -0x7fffffff, max: 0x7fffffff }));
  fc.assert(
    fc.property(size, offset, fc.integer({ min: 0, max: 0xffffffff }), fc.boolean(), fc.integer({ min: 14, max: 70200 }), (sz, k0, x, ind, len) => {
      // a negative LD_ABS offset is an ancillary or SKF_NET_OFF/SKF_LL_OFF load, not a packet read
      const k = ind ? k0 : Math.abs(k0);
      // the load, then a second one so a load's result also feeds the next
      const prog: SockFilter[] = ind
        ? [stmt(BPF_LDX | BPF_IMM, x), stmt(BPF_LD | BPF_IND | sz, k), stmt(BPF_LD | BPF_ABS | BPF_B, 12), stmt(BPF_RET | BPF_A, 0)]
        : [stmt(BPF_LD | BPF_ABS | sz, k), stmt(c.BPF_MISC | c.BPF_TAX, 0), stmt(BPF_LD | BPF_IND | BPF_H, 1), stmt(BPF_RET | BPF_A, 0)];
      const pkt = new Uint8Array(len);
      for (let i = 0; i < len; i += 97) pkt[i] = (i * 31 + 7) & 0xff;
      pkt[len - 1] = 0xa5;
      const f = new EbpfClassicFilter(prog, 'jit');
      assert.equal(f.verified, true);
      assert.equal(f.run(pkt), runClassic(prog, pkt) >>> 0);
    }),
    { numRuns: 300, seed: 7 },
  );
});

test('filtering records in place (scan buffer in the filter memory) selects what the classic interpreter selects', async () => {
  const files = readdirSync(PCAP_DIR).filter((f) => f.startsWith('ethernet') || f.startsWith('snaplen'));
  assert.ok(files.length >= 2);
  let checked = 0;
  for (const file of files) {
    for (const e of ETHERNET_EXPRESSIONS.filter((_, i) => i % 4 === 0)) {
      const prog = compiles(e);
      if (!prog) continue;
      for (const engine of ['jit', 'interpreter'] as const) {
        const f = sliceFilterFunction(prog, engine);
        assert.ok(f.scanBuffer);
        const mine: number[] = [];
        const want: number[] = [];
        let k = 0;
        // 4 KiB reads: records straddle them, and the undecoded tail moves to the buffer's front
        const r = await CaptureReader.open(PCAP_DIR + file, { chunkSize: 4096 });
        assert.notEqual(r.header.interfaces[0]?.linkType, LINKTYPE_NULL);
        await r.scan((buf, start, caplen, origLen) => {
          mine.push(f(buf, start, caplen, origLen));
          want.push(runClassic(prog, buf.slice(start, start + caplen), { wirelen: origLen }) >>> 0);
          k++;
        }, { buffer: f.scanBuffer });
        assert.deepEqual(mine, want, `${file} [${engine}]: ${e}`);
        assert.ok(k > 0);
        checked++;
      }
    }
  }
  assert.ok(checked > 50, `${checked} runs`);
});
