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

test('an expression with two errors is refused with the one libpcap meets first, as tcpdump says it', { skip: NO_TCPDUMP }, async () => {
  const { compareWithLibpcap, loadCapture } = await import('./filter_diff_lib.js');
  const exprs = [
    // bison reduces `pname` to `pqual` before an address: a syntax error, `ether` never generated
    'ether 00:11:22:33:44:55', 'tr 1.2.3', 'ether ! broadcast', 'link link proto \\ip6',
    // the scanner's errors come when bison reads the token, after the primitives before it
    '(ip and vlan and host 10.0.0.1 or 0)1::2::3and (length != 100)', 'src orff:ff:ff:ff:ffdst net ::1/128',
    'ip6[14]1::2::3- ip[2] or 1', 'vlan and udp port ssh and iso[0:3] & 09 > 2',
    // gen_arth's checks as bison reduces each operation; folded constants only in the optimiser
    'ip[13] >> 100 << ip[13:3] > 100 and 65535', 'len % (4294967295 - 4294967295) < 3 || decnet 2.1000 or 53',
    'len % (5 - 5) < 3 and ip[1:3] = 1', 'len / (5 - 5) < 3 and 1 / (2 - 2) = 0',
    // names and IPv6 addresses under qualifiers that cannot take them
    'ether src foo', 'decnet host foo', 'decnet net foo', 'port 80 and 2001:db8::1', 'ether proto 2001:db8::1',
    'ether net 2001:db8::1', 'port 2001:db8::/129',
  ];
  const caps = ['ethernet.pcap', 'sll.pcap', 'null.pcap'].map((f) => loadCapture(PCAP_DIR + f));
  const r = await compareWithLibpcap(exprs, caps, 2);
  assert.deepEqual([...r.messageMismatch, ...r.refusalMismatch, ...r.selectionMismatch], []);
  assert.ok(r.bothRefused >= exprs.length * 2, `${r.bothRefused} refused by both`);
});
