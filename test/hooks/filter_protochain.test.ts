/**
 * `protochain`: the program is libpcap's (gen_protochain's loop with its backward `ja`, the same
 * instructions as `tcpdump -d`), selects what tcpdump selects on packets with chains of IPv6
 * extension headers and AH that tsbpf generates at random, and every engine — the classic
 * interpreter counting backward jumps, the compilers running the unrolled program
 * (cbpf/loops.ts) — gives the same verdict, including on chains deeper than the bound and on an
 * AH header that points back at itself (libpcap loops forever there: never given to tcpdump).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { compileFilter } from '../../src/hooks/filter/compile.js';
import { filterFunction, FILTER_ENGINES } from '../../src/hooks/filter/engines.js';
import { formatClassic } from '../../src/hooks/cbpf/dump.js';
import { checkClassic } from '../../src/hooks/cbpf/validate.js';
import { runClassic } from '../../src/hooks/cbpf/interpreter.js';
import { CLASSIC_BACK_EDGES, hasBackwardJump, unrollClassic } from '../../src/hooks/cbpf/loops.js';
import { parseCapture } from '../../src/hooks/pcap/decoder.js';
import { BpfError } from '../../src/isa/errors.js';
import { NO_TCPDUMP, PCAP_DIR, tcpdumpDump, tcpdumpSelect } from './util.js';
import { tempDir } from '../temp_dir.js';

const EXPRS = ['ip6 protochain 6', 'ip6 protochain 17', 'ip protochain 6', 'protochain 58', 'protochain 51', 'protochain 59', 'not ip6 protochain 6 and ip6',
  'protochain 6 and tcp port 80', 'vlan and ip6 protochain 6'];

test('protochain programs are tcpdump -d instruction for instruction (the loop and its backward ja), on every link type', { skip: NO_TCPDUMP }, () => {
  for (const e of EXPRS) {
    const prog = compileFilter(e);
    assert.equal(formatClassic(prog, 'd'), tcpdumpDump(e, '-d'), e);
    assert.ok(hasBackwardJump(prog), e);
  }
  for (const file of ['raw.pcap', 'sll.pcap', 'sll2.pcap', 'null.pcap', 'loop.pcap']) {
    const { header } = parseCapture(readFileSync(PCAP_DIR + file));
    const i = header.interfaces[0]!;
    for (const e of ['ip6 protochain 17', 'protochain 6']) {
      assert.equal(formatClassic(compileFilter(e, { linkType: i.linkType, snaplen: i.snaplen, nullSwapped: i.linkType === 0 && header.bigEndian }), 'd'), tcpdumpDump(e, '-d', PCAP_DIR + file), `${file}: ${e}`);
    }
  }
});

test('the kernel refuses the loop as it refuses tcpdump\'s; the unrolled program passes its classic checks', () => {
  for (const e of EXPRS) {
    const prog = compileFilter(e);
    assert.throws(() => checkClassic(prog), (x: unknown) => x instanceof BpfError && x.errno === 'EINVAL' && /jumps out of the program/.test(x.message), e);
    const u = unrollClassic(prog);
    checkClassic(u);
    assert.ok(!hasBackwardJump(u) && u.every((i) => i.jt <= 255 && i.jf <= 255), e);
  }
  // a program without backward jumps is its own unrolled form
  const plain = compileFilter('tcp port 80');
  assert.equal(unrollClassic(plain), plain);
});

/** a deterministic generator (xorshift32): the same packets on every run */
function rng(seed: number): (n: number) => number {
  let s = seed >>> 0 || 1;
  return (n) => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s % n;
  };
}

/**
 * Ethernet frames with IPv4 or IPv6 and a chain of headers after it: IPv6 extension headers
 * (hop-by-hop, destination options, routing, fragment) placed one after the other, AH placed
 * where libpcap's walk looks next ((len + 2) * 4 from the network header, sometimes at itself),
 * then TCP, UDP, ICMPv6, "no next header" or something else; sometimes cut short
 */
function packets(count: number, seed: number): Uint8Array[] {
  const r = rng(seed);
  const out: Uint8Array[] = [];
  for (let n = 0; n < count; n++) {
    const v6 = r(4) !== 0;
    const b = new Uint8Array(600);
    b.set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 0);
    const nl = 14;
    let at: number; // offset of the current header from nl
    let nextAt: number; // where the previous header's next-header byte is
    if (v6) {
      b.set([0x86, 0xdd, 0x60], 12);
      nextAt = nl + 6;
      at = 40;
    } else {
      b.set([0x08, 0x00], 12);
      const ihl = 5 + r(2);
      b[nl] = 0x40 | ihl;
      nextAt = nl + 9;
      at = ihl * 4;
    }
    const depth = r(3) === 0 ? 6 + r(10) : r(5);
    for (let d = 0; d < depth && at < 520; d++) {
      const kinds = v6 ? [0, 60, 43, 44, 51] : [51];
      const t = kinds[r(kinds.length)]!;
      b[nextAt] = t;
      nextAt = nl + at;
      if (t === 51) {
        // AH: the walk goes to (len + 2) * 4; mostly past this header, once in a while back to it
        const self = r(12) === 0 && at % 4 === 0 && at >= 8;
        const len = self ? at / 4 - 2 : Math.ceil((at + 8) / 4) - 2 + r(3);
        b[nl + at + 1] = len;
        if (self) {
          // its next header AH again: libpcap's walk never ends
          b[nl + at] = 51;
          nextAt = -1;
          break;
        }
        at = (len + 2) * 4;
      } else {
        const len = r(3);
        b[nl + at + 1] = len;
        at += (len + 1) * 8;
      }
    }
    if (nextAt >= 0) b[nextAt] = [6, 17, 58, 59, 6, 17, 132][r(7)]!;
    const size = Math.min(b.length, nl + at + 20 + r(20));
    out.push(b.subarray(0, r(6) === 0 ? Math.max(14, size - r(40)) : size));
  }
  return out;
}

function pcap(pkts: Uint8Array[]): Buffer {
  const parts: Buffer[] = [];
  const h = Buffer.alloc(24);
  h.writeUInt32LE(0xa1b2c3d4, 0);
  h.writeUInt16LE(2, 4);
  h.writeUInt16LE(4, 6);
  h.writeUInt32LE(65535, 16);
  h.writeUInt32LE(1, 20);
  parts.push(h);
  pkts.forEach((p, i) => {
    const rh = Buffer.alloc(16);
    rh.writeUInt32LE(1700000000 + i, 0);
    rh.writeUInt32LE(p.length, 8);
    rh.writeUInt32LE(p.length, 12);
    parts.push(rh, Buffer.from(p));
  });
  return Buffer.concat(parts);
}

test('protochain selects what tcpdump selects on generated header chains; every engine agrees, within the bound and past it', { skip: NO_TCPDUMP }, () => {
  const pkts = packets(400, 2026);
  const dir = tempDir('protochain-');
  const stats = { compared: 0, deep: 0, cycles: 0, selected: 0 };
  for (const e of EXPRS) {
    const prog = compileFilter(e);
    // unbounded, as libpcap runs it (a cycle exhausts the instruction budget: ELOOP)
    const unbounded = pkts.map((p) => {
      try {
        return runClassic(prog, p, { backEdges: Infinity, budget: 100_000 });
      } catch (x) {
        if (x instanceof BpfError && x.errno === 'ELOOP') return -1;
        throw x;
      }
    });
    const bounded = pkts.map((p) => runClassic(prog, p));
    for (const eng of FILTER_ENGINES) {
      const f = filterFunction(prog, eng);
      assert.deepEqual(pkts.map((p) => f(p, p.length)), bounded, `${eng}: ${e}`);
    }
    // what tcpdump can be given: no cycle; the verdicts past the bound differ only there
    const safe = pkts.filter((_, i) => unbounded[i] !== -1);
    const file = `${dir}/${stats.compared}.pcap`;
    writeFileSync(file, pcap(safe));
    const t = tcpdumpSelect(file, e);
    assert.equal(t.error, undefined, e);
    const theirs = new Set(parseCapture(t.pcap!).packets.map((p) => p.tsSec - 1700000000));
    const mine = new Set<number>();
    unbounded.filter((v) => v !== -1).forEach((v, i) => v !== 0 && mine.add(i));
    assert.deepEqual([...mine].sort((a, b) => a - b), [...theirs].sort((a, b) => a - b), e);
    stats.compared++;
    stats.selected += mine.size;
    stats.cycles += unbounded.filter((v) => v === -1).length;
    stats.deep += unbounded.filter((v, i) => v !== -1 && v !== bounded[i]).length;
  }
  // the generator reaches every case: selections, cycles, chains past the bound
  assert.ok(stats.selected > 50 && stats.cycles > 5 && stats.deep > 5, JSON.stringify(stats));
});

test(`a run takes at most ${CLASSIC_BACK_EDGES} backward jumps: one more and the filter returns 0`, () => {
  const prog = compileFilter('ip6 protochain 6');
  // Ethernet, IPv6, then n destination-options headers of 8 bytes, then TCP
  const chain = (n: number): Uint8Array => {
    const b = new Uint8Array(14 + 40 + 8 * n + 20);
    b.set([0x86, 0xdd, 0x60], 12);
    b[14 + 6] = n ? 60 : 6;
    for (let i = 0; i < n; i++) b[14 + 40 + 8 * i] = i + 1 < n ? 60 : 6;
    return b;
  };
  for (const eng of FILTER_ENGINES) {
    const f = filterFunction(prog, eng);
    assert.notEqual(f(chain(CLASSIC_BACK_EDGES), 0), 0, eng);
    assert.equal(f(chain(CLASSIC_BACK_EDGES + 1), 0), 0, eng);
  }
  assert.notEqual(runClassic(prog, chain(CLASSIC_BACK_EDGES + 1), { backEdges: CLASSIC_BACK_EDGES + 1 }), 0);
});
