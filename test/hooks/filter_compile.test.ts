/**
 * Long expressions: the chain shapes whose optimisation used to be superlinear (thousands of `or`
 * alternatives) compile, and their optimised programs select exactly what the unoptimised ones
 * select on real captures; nesting past bison's depth is a clean EINVAL, however deep.
 * (Their compile times are in the `filter-compile` bench table, against libpcap's.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { compileFilter } from '../../src/hooks/filter/compile.js';
import { parseCapture } from '../../src/hooks/pcap/decoder.js';
import { runClassic, ClassicProgram } from '../../src/hooks/cbpf/interpreter.js';
import { BpfError } from '../../src/isa/errors.js';
import { spawnSync } from 'node:child_process';
import { NO_TCPDUMP, PCAP_DIR } from './util.js';

test('2,000-alternative chains: the optimised program selects what the unoptimised one does', () => {
  const packets = parseCapture(readFileSync(PCAP_DIR + 'ethernet.pcap')).packets;
  const chains = [
    Array.from({ length: 2000 }, (_, i) => `host 10.0.${i >> 8}.${i & 255}`).join(' or '),
    Array.from({ length: 2000 }, (_, i) => `not tcp port ${i + 1}`).join(' and '),
  ];
  for (const e of chains) {
    const prog = compileFilter(e);
    const opt = new ClassicProgram(prog);
    const raw = new ClassicProgram(compileFilter(e, { optimize: false }));
    let selected = 0;
    for (const p of packets) {
      const a = runClassic(opt, p.data, { wirelen: p.origLen });
      assert.equal(a, runClassic(raw, p.data, { wirelen: p.origLen }), `${e.slice(0, 40)}…`);
      if (a) selected++;
    }
    // the chains select something and not everything on this capture
    assert.ok(selected > 0 && selected < packets.length, `${e.slice(0, 40)}…: ${selected}`);
    // the program grows linearly: about a dozen instructions per alternative
    assert.ok(prog.length < 15 * 2000);
  }
});

test('nesting past bison\'s stack (10,000) is EINVAL "memory exhausted", never a stack overflow', () => {
  for (const n of [10000, 100000]) {
    for (const e of ['('.repeat(n) + 'ip' + ')'.repeat(n), 'not '.repeat(n) + 'ip', '('.repeat(n) + 'ip'] as const) {
      assert.throws(() => compileFilter(e), (err: unknown) => err instanceof BpfError && err.errno === 'EINVAL' && /memory exhausted|nests too deeply|syntax error/.test(err.message), `${n}: ${e.slice(0, 12)}`);
    }
  }
});

test('the nesting limit is where tcpdump\'s is: the deepest nest tsbpf accepts tcpdump accepts, one more both refuse with "memory exhausted"', { skip: NO_TCPDUMP }, () => {
  const nests: Array<[string, (n: number) => string]> = [
    ['parentheses', (n) => '('.repeat(n) + 'ip' + ')'.repeat(n)],
    ['not', (n) => 'not '.repeat(n) + 'ip'],
    ['group after and', (n) => 'ip and ' + '('.repeat(n) + 'tcp' + ')'.repeat(n)],
    ['group around and', (n) => '('.repeat(n) + 'ip and tcp' + ')'.repeat(n)],
    ['qualified primitive', (n) => '('.repeat(n) + 'tcp src port 80' + ')'.repeat(n)],
    ['arithmetic', (n) => '('.repeat(n) + '1' + ')'.repeat(n) + ' = 1'],
    ['index', (n) => 'ip[' + '('.repeat(n) + '1' + ')'.repeat(n) + '] = 1'],
    ['right side of a relation', (n) => '1 = ' + '('.repeat(n) + '1' + ')'.repeat(n)],
    ['not before a load with a size', (n) => 'not '.repeat(n) + 'ip[1:2] = 1'],
  ];
  const ok = (e: string): boolean => {
    try {
      compileFilter(e);
      return true;
    } catch (x) {
      if (x instanceof BpfError && x.reason === "can't parse filter expression: memory exhausted") return false;
      throw x;
    }
  };
  for (const [name, f] of nests) {
    // tsbpf's deepest accepted nest, by bisection
    let lo = 1;
    let hi = 20000;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (ok(f(mid))) lo = mid;
      else hi = mid;
    }
    assert.ok(lo > 9000, `${name}: ${lo}`);
    const theirs = (n: number) => spawnSync('tcpdump', ['-d', f(n)], { encoding: 'utf8' });
    const a = theirs(lo);
    assert.equal(a.status, 0, `${name}: tcpdump refuses ${lo} levels: ${a.stderr}`);
    const b = theirs(lo + 1);
    assert.match(b.stderr, /memory exhausted/, `${name}: tcpdump at ${lo + 1} levels`);
  }
});
