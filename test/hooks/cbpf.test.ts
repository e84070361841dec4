import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import * as c from '../../src/hooks/cbpf/opcodes.js';
import { decodeClassic, encodeClassic, sf, stmt, jump, type SockFilter } from '../../src/hooks/cbpf/program.js';
import { formatClassic, parseClassic } from '../../src/hooks/cbpf/dump.js';
import { runClassic } from '../../src/hooks/cbpf/interpreter.js';
import { compileClassicJs } from '../../src/hooks/cbpf/jit.js';
import { checkClassic } from '../../src/hooks/cbpf/validate.js';
import { convertClassic } from '../../src/hooks/cbpf/convert.js';
import { EbpfClassicFilter } from '../../src/hooks/cbpf/ebpf_filter.js';
import { ClassicWasmFilter } from '../../src/hooks/cbpf/wasm.js';
import { hasBackwardJump, unrollClassic } from '../../src/hooks/cbpf/loops.js';
import { parseCapture } from '../../src/hooks/pcap/decoder.js';
import { BpfError } from '../../src/isa/errors.js';
import { ETHERNET_EXPRESSIONS, L3_EXPRESSIONS } from './filter_cases.js';
import { NO_TCPDUMP, PCAP_DIR, tcpdumpDump, tcpdumpSelect } from './util.js';

const RET_A = stmt(c.BPF_RET | c.BPF_A, 0);

test('sock_filter encode/decode round trip', () => {
  const prog = [stmt(c.BPF_LD | c.BPF_H | c.BPF_ABS, 12), jump(c.BPF_JMP | c.BPF_JEQ | c.BPF_K, 0x800, 0, 1), stmt(c.BPF_RET | c.BPF_K, 0xffffffff), stmt(c.BPF_RET | c.BPF_K, 0)];
  const bytes = encodeClassic(prog);
  assert.equal(bytes.length, 32);
  assert.deepEqual([...bytes.subarray(0, 8)], [0x28, 0, 0, 0, 12, 0, 0, 0]);
  assert.deepEqual(decodeClassic(bytes), prog);
  assert.deepEqual(decodeClassic(encodeClassic(prog, { bigEndian: true }), { bigEndian: true }), prog);
  assert.throws(() => decodeClassic(new Uint8Array(12)), /multiple of 8/);
});

test('interpreter: out-of-packet loads end the filter with 0, even under negation', () => {
  const pkt = Uint8Array.from([1, 2, 3, 4, 5, 6]);
  assert.equal(runClassic([stmt(c.BPF_LD | c.BPF_W | c.BPF_ABS, 2), RET_A], pkt), 0x03040506);
  assert.equal(runClassic([stmt(c.BPF_LD | c.BPF_W | c.BPF_ABS, 3), stmt(c.BPF_RET | c.BPF_K, 7)], pkt), 0);
  assert.equal(runClassic([stmt(c.BPF_LDX | c.BPF_IMM, 5), stmt(c.BPF_LD | c.BPF_B | c.BPF_IND, 0), RET_A], pkt), 6);
  assert.equal(runClassic([stmt(c.BPF_LDX | c.BPF_IMM, 5), stmt(c.BPF_LD | c.BPF_H | c.BPF_IND, 0), stmt(c.BPF_RET | c.BPF_K, 9)], pkt), 0);
  assert.equal(runClassic([stmt(c.BPF_LDX | c.BPF_MSH | c.BPF_B, 0), stmt(c.BPF_MISC | c.BPF_TXA, 0), RET_A], pkt), 4);
  assert.equal(runClassic([stmt(c.BPF_LDX | c.BPF_MSH | c.BPF_B, 6), stmt(c.BPF_RET | c.BPF_K, 9)], pkt), 0);
  assert.equal(runClassic([stmt(c.BPF_LD | c.BPF_W | c.BPF_LEN, 0), RET_A], pkt, { wirelen: 1500 }), 1500);
});

test('interpreter: division by X == 0 returns 0; scratch memory; ALU wraps at 32 bits', () => {
  const div = [stmt(c.BPF_LD | c.BPF_IMM, 10), stmt(c.BPF_LDX | c.BPF_IMM, 0), stmt(c.BPF_ALU | c.BPF_DIV | c.BPF_X, 0), stmt(c.BPF_RET | c.BPF_K, 5)];
  assert.equal(runClassic(div, new Uint8Array(0)), 0);
  const mod = [stmt(c.BPF_LD | c.BPF_IMM, 10), stmt(c.BPF_LDX | c.BPF_IMM, 3), stmt(c.BPF_ALU | c.BPF_MOD | c.BPF_X, 0), RET_A];
  assert.equal(runClassic(mod, new Uint8Array(0)), 1);
  const mem = [stmt(c.BPF_LD | c.BPF_IMM, 0xdeadbeef), stmt(c.BPF_ST, 15), stmt(c.BPF_LD | c.BPF_IMM, 1), stmt(c.BPF_LDX | c.BPF_MEM, 15), stmt(c.BPF_MISC | c.BPF_TXA, 0), RET_A];
  assert.equal(runClassic(mem, new Uint8Array(0)), 0xdeadbeef);
  const wrap = [stmt(c.BPF_LD | c.BPF_IMM, 0xffffffff), stmt(c.BPF_ALU | c.BPF_ADD | c.BPF_K, 2), stmt(c.BPF_ALU | c.BPF_MUL | c.BPF_K, 0x80000001), stmt(c.BPF_ALU | c.BPF_NEG, 0), RET_A];
  assert.equal(runClassic(wrap, new Uint8Array(0)), (-Math.imul(1, 0x80000001)) >>> 0);
});

test('interpreter: Linux ancillary loads at SKF_AD_OFF', () => {
  const at = (off: number) => [stmt(c.BPF_LD | c.BPF_W | c.BPF_ABS, c.SKF_AD_OFF + off), RET_A];
  const aux = { protocol: 0x86dd, ifindex: 7, vlanTci: 0x2064, vlanPresent: true, mark: 42, pkttype: 3 };
  assert.equal(runClassic(at(c.SKF_AD_PROTOCOL), new Uint8Array(0), { aux }), 0x86dd);
  assert.equal(runClassic(at(c.SKF_AD_IFINDEX), new Uint8Array(0), { aux }), 7);
  assert.equal(runClassic(at(c.SKF_AD_VLAN_TAG), new Uint8Array(0), { aux }), 0x2064);
  assert.equal(runClassic(at(c.SKF_AD_VLAN_TAG_PRESENT), new Uint8Array(0), { aux }), 1);
  assert.equal(runClassic(at(c.SKF_AD_MARK), new Uint8Array(0), { aux }), 42);
  assert.equal(runClassic(at(c.SKF_AD_PKTTYPE), new Uint8Array(0), { aux }), 3);
  // and the eBPF conversion reads the same values from __sk_buff
  for (const off of [c.SKF_AD_PROTOCOL, c.SKF_AD_IFINDEX, c.SKF_AD_VLAN_TAG, c.SKF_AD_VLAN_TAG_PRESENT, c.SKF_AD_MARK, c.SKF_AD_PKTTYPE]) {
    const f = new EbpfClassicFilter(at(off));
    assert.equal(f.run(new Uint8Array(0), 0, aux), runClassic(at(off), new Uint8Array(0), { aux }), `SKF_AD_OFF + ${off}`);
  }
});

test("validation follows the kernel's bpf_check_classic", () => {
  const ok = [stmt(c.BPF_LD | c.BPF_IMM, 1), stmt(c.BPF_ST, 0), stmt(c.BPF_LD | c.BPF_MEM, 0), RET_A];
  checkClassic(ok);
  const bad: Array<[SockFilter[], RegExp]> = [
    [[], /length 0/],
    [Array(4097).fill(RET_A), /length 4097/],
    [[stmt(c.BPF_LD | c.BPF_IMM, 1)], /last instruction is not a return/],
    [[stmt(c.BPF_ALU | c.BPF_DIV | c.BPF_K, 0), RET_A], /division by constant zero/],
    [[stmt(c.BPF_ALU | c.BPF_MOD | c.BPF_K, 0), RET_A], /division by constant zero/],
    [[stmt(c.BPF_ALU | c.BPF_LSH | c.BPF_K, 32), RET_A], /shift by 32/],
    [[stmt(c.BPF_ST, 16), RET_A], /scratch memory index 16/],
    [[stmt(c.BPF_LD | c.BPF_MEM, 3), RET_A], /M\[3\] read before it is written/],
    [[jump(c.BPF_JMP | c.BPF_JEQ | c.BPF_K, 1, 0, 5), RET_A], /out of the program/],
    [[stmt(c.BPF_JMP | c.BPF_JA, 1), RET_A], /jumps out/],
    [[stmt(c.BPF_JMP | c.BPF_JA, 0xffffffff), RET_A], /jumps out/],
    [[stmt(c.BPF_LD | c.BPF_W | c.BPF_ABS, c.SKF_AD_OFF + 100), RET_A], /unknown ancillary/],
    [[stmt(0x0e, 0)], /not allowed/],
    [[jump(c.BPF_JMP | c.BPF_JEQ | c.BPF_K, 1, 0, 1), stmt(c.BPF_ST, 2), stmt(c.BPF_LDX | c.BPF_MEM, 2), RET_A], /M\[2\] read before/],
  ];
  for (const [p, re] of bad) assert.throws(() => checkClassic(p), (e: unknown) => e instanceof BpfError && e.errno === 'EINVAL' && re.test(e.message), String(re));
});

test('conversion to eBPF: A in r0, X in r7, ctx in r6, LD_ABS kept, DIV X guarded, big constants through r2', () => {
  const prog = [
    stmt(c.BPF_LDX | c.BPF_IMM, 0), stmt(c.BPF_LD | c.BPF_H | c.BPF_ABS, 12), stmt(c.BPF_ALU | c.BPF_DIV | c.BPF_X, 0),
    jump(c.BPF_JMP | c.BPF_JEQ | c.BPF_K, 0x80000000, 0, 1), stmt(c.BPF_RET | c.BPF_K, 1), RET_A,
  ];
  const e = convertClassic(prog);
  assert.deepEqual(e.slice(0, 3).map((i) => [i.code, i.dst, i.src]), [[0xac, 0, 0], [0xac, 7, 7], [0xbf, 6, 1]]);
  assert.ok(e.some((i) => i.code === 0x28 && i.imm === 12), 'ldh [12] stays a legacy LD_ABS');
  assert.ok(e.some((i) => i.code === 0x55 && i.dst === 7 && i.off === 2), 'X == 0 check before the division');
  assert.ok(e.some((i) => i.code === 0xb4 && i.dst === 2 && i.imm === (0x80000000 | 0)), 'k with the top bit set goes through r2');
  const f = new EbpfClassicFilter(prog);
  assert.equal(f.run(new Uint8Array(20)), 0, 'division by zero returns 0 after conversion too');
});

// random valid classic programs: the classic interpreter, the JS compiler and the eBPF conversion
// (interpreter and JIT) agree on random packets
const arbInsn = (pc: number, n: number): fc.Arbitrary<SockFilter> => {
  const left = n - pc - 2; // jumps may go to any later instruction but the last ret
  const k = fc.oneof(fc.integer({ min: 0, max: 80 }), fc.integer({ min: 0, max: 0xffffffff }));
  const small = fc.integer({ min: 0, max: 60 });
  const alu = [c.BPF_ADD, c.BPF_SUB, c.BPF_MUL, c.BPF_DIV, c.BPF_MOD, c.BPF_AND, c.BPF_OR, c.BPF_XOR, c.BPF_LSH, c.BPF_RSH];
  const opts: Array<fc.Arbitrary<SockFilter>> = [
    fc.tuple(fc.constantFrom(c.BPF_W, c.BPF_H, c.BPF_B), small).map(([s, k]) => stmt(c.BPF_LD | s | c.BPF_ABS, k)),
    fc.tuple(fc.constantFrom(c.BPF_W, c.BPF_H, c.BPF_B), small).map(([s, k]) => stmt(c.BPF_LD | s | c.BPF_IND, k)),
    k.map((v) => stmt(c.BPF_LD | c.BPF_IMM, v)),
    small.map((v) => stmt(c.BPF_LDX | c.BPF_IMM, v)),
    small.map((v) => stmt(c.BPF_LDX | c.BPF_MSH | c.BPF_B, v)),
    fc.constant(stmt(c.BPF_LD | c.BPF_W | c.BPF_LEN, 0)),
    fc.tuple(fc.constantFrom(...alu), k).map(([o, v]) => stmt(c.BPF_ALU | o | c.BPF_K, o === c.BPF_DIV || o === c.BPF_MOD ? v || 1 : o === c.BPF_LSH || o === c.BPF_RSH ? v % 32 : v)),
    fc.constantFrom(...alu.filter((o) => o !== c.BPF_LSH && o !== c.BPF_RSH)).map((o) => stmt(c.BPF_ALU | o | c.BPF_X, 0)),
    fc.constantFrom(stmt(c.BPF_ALU | c.BPF_NEG, 0), stmt(c.BPF_MISC | c.BPF_TAX, 0), stmt(c.BPF_MISC | c.BPF_TXA, 0)),
  ];
  if (left > 0) {
    const t = fc.integer({ min: 0, max: Math.min(left, 255) });
    opts.push(fc.tuple(fc.constantFrom(c.BPF_JEQ, c.BPF_JGT, c.BPF_JGE, c.BPF_JSET), fc.constantFrom(c.BPF_K, c.BPF_X), k, t, t).map(([o, s, v, a, b]) => sf(c.BPF_JMP | o | s, a, b, v)));
    opts.push(t.map((a) => stmt(c.BPF_JMP | c.BPF_JA, a)));
    opts.push(k.map((v) => stmt(c.BPF_RET | c.BPF_K, v)));
  }
  return fc.oneof(...opts);
};
const arbProg = fc.integer({ min: 2, max: 24 }).chain((n) => fc.tuple(...Array.from({ length: n - 1 }, (_, pc) => arbInsn(pc, n))).map((body) => [...body, RET_A]));

test('differential: classic interpreter = JS compiler = eBPF conversion (interpreter, JIT) on random programs', () => {
  fc.assert(
    fc.property(arbProg, fc.uint8Array({ minLength: 0, maxLength: 70 }), (prog, pkt) => {
      checkClassic(prog);
      const want = runClassic(prog, pkt);
      assert.equal(compileClassicJs(prog)(pkt, pkt.length), want, 'js');
      assert.equal(new EbpfClassicFilter(prog, 'interpreter').run(pkt), want, 'ebpf interpreter');
      assert.equal(new EbpfClassicFilter(prog, 'jit').run(pkt), want, 'ebpf jit');
    }),
    { numRuns: 150 },
  );
});

// random classic programs with backward jumps (loops, several, entered from before them, left
// from inside): the classic interpreter takes CLASSIC_BACK_EDGES of them and then returns 0; the
// compilers run the program unrolled (cbpf/loops.ts), which the kernel's classic checks accept
const arbLoopProg = fc.integer({ min: 3, max: 60 }).chain((n) =>
  fc.tuple(fc.tuple(...Array.from({ length: n - 1 }, (_, pc) => arbInsn(pc, n))), fc.array(fc.tuple(fc.nat(n - 2), fc.nat(n - 2)), { minLength: 1, maxLength: 3 })).map(([body, backs]) => {
    const prog = [...body, RET_A];
    // a `ja` at p back to t <= p
    for (const [a, b] of backs) prog[Math.max(a, b)] = stmt(c.BPF_JMP | c.BPF_JA, (Math.min(a, b) - Math.max(a, b) - 1) >>> 0);
    return prog;
  }),
);

test('differential: backward jumps bounded alike on the classic interpreter, the JS and wasm compilers and the eBPF conversion (fast-check)', () => {
  let looped = 0;
  fc.assert(
    fc.property(arbLoopProg, fc.uint8Array({ minLength: 0, maxLength: 70 }), (prog, pkt) => {
      assert.ok(hasBackwardJump(prog));
      const u = unrollClassic(prog);
      checkClassic(u);
      const want = runClassic(prog, pkt);
      // a backward jump was reached: the program with each one made `ret #sentinel` returns it
      const SENTINEL = 0x5eed1e55;
      const probe = prog.map((i, pc) => (i.code === (c.BPF_JMP | c.BPF_JA) && (i.k | 0) < 0 && pc + 1 + (i.k | 0) >= 0 ? stmt(c.BPF_RET | c.BPF_K, SENTINEL) : i));
      if (runClassic(probe, pkt) === SENTINEL) looped++;
      assert.equal(runClassic(u, pkt), want, 'unrolled, on the interpreter');
      assert.equal(compileClassicJs(prog)(pkt, pkt.length), want, 'js');
      assert.equal(new ClassicWasmFilter(prog).run(pkt, pkt.length), want, 'wasm');
      assert.equal(new EbpfClassicFilter(prog, 'interpreter').run(pkt), want, 'ebpf interpreter');
      assert.equal(new EbpfClassicFilter(prog, 'jit').run(pkt), want, 'ebpf jit');
    }),
    { numRuns: 150 },
  );
  // the loops were taken, not only skipped
  assert.ok(looped > 10, `${looped} runs took a backward jump`);
});

const DUMP_EXPRS = [...new Set([...ETHERNET_EXPRESSIONS.filter((_, i) => i % 4 === 0), 'protochain 6', 'tcp[13] & 0x12 = 0x12', 'ip[2:2] / 2 > 100', 'udp[8:2] + 1 = ip[2:2] * 2', 'ip[ip[0]&0xf] = 1'])].filter((e) => e !== '');

test('-d / -dd / -ddd as printed by tcpdump read back and print identically', { skip: NO_TCPDUMP }, () => {
  let n = 0;
  for (const e of DUMP_EXPRS) {
    for (const flag of ['-d', '-dd', '-ddd'] as const) {
      let text: string;
      try {
        text = tcpdumpDump(e, flag);
      } catch {
        continue;
      }
      const prog = parseClassic(text);
      assert.equal(formatClassic(prog, flag === '-d' ? 'd' : flag === '-dd' ? 'dd' : 'ddd'), text, `${flag} ${e}`);
      n++;
    }
  }
  assert.ok(n > 100, `${n} dumps compared`);
});

test("tcpdump's own programs (-ddd) run by the classic interpreter and by the eBPF conversion select what tcpdump selects", { skip: NO_TCPDUMP }, () => {
  const key = (p: { tsSec: number; tsNsec: number; data: Uint8Array }) => `${p.tsSec}.${Math.floor(p.tsNsec / 1000)}:${Buffer.from(p.data).toString('hex')}`;
  let n = 0;
  for (const [file, exprs] of [['ethernet.pcap', ETHERNET_EXPRESSIONS.filter((_, i) => i % 3 === 0)], ['snaplen64.pcap', ETHERNET_EXPRESSIONS.filter((_, i) => i % 3 === 1)], ['sll.pcap', L3_EXPRESSIONS.filter((_, i) => i % 2 === 0)]] as const) {
    const path = PCAP_DIR + file;
    const { packets } = parseCapture(readFileSync(path));
    for (const e of exprs) {
      let text: string;
      try {
        text = tcpdumpDump(e, '-ddd', path);
      } catch {
        continue;
      }
      const prog = parseClassic(text);
      const want = parseCapture(tcpdumpSelect(path, e).pcap!).packets.map(key);
      const byClassic = packets.filter((p) => runClassic(prog, p.data, { wirelen: p.origLen }) !== 0).map(key);
      assert.deepEqual(byClassic, want, `classic: ${file} ${e}`);
      const f = new EbpfClassicFilter(prog);
      const byEbpf = packets.filter((p) => f.run(p.data, p.origLen) !== 0).map(key);
      assert.deepEqual(byEbpf, want, `eBPF: ${file} ${e}`);
      n++;
    }
  }
  assert.ok(n >= 80, `${n} programs`);
});
