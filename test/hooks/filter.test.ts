import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { compileFilter } from '../../src/hooks/filter/compile.js';
import { filterFunction, FILTER_ENGINES } from '../../src/hooks/filter/engines.js';
import { formatClassic } from '../../src/hooks/cbpf/dump.js';
import { checkClassic } from '../../src/hooks/cbpf/validate.js';
import { unrollClassic } from '../../src/hooks/cbpf/loops.js';
import { runClassic } from '../../src/hooks/cbpf/interpreter.js';
import { parseCapture } from '../../src/hooks/pcap/decoder.js';
import { BpfError } from '../../src/isa/errors.js';
import { main as filterMain } from '../../src/cli/commands/filter.js';
import { ETHERNET_EXPRESSIONS, L3_EXPRESSIONS } from './filter_cases.js';
import { NO_TCPDUMP, PCAP_DIR, pool, tcpdumpDump, tcpdumpSelectAsync } from './util.js';
import type { Packet } from '../../src/hooks/pcap/packet.js';
import { tempDir } from '../temp_dir.js';

const key = (p: Packet) => `${p.tsSec}.${Math.floor(p.tsNsec / 1000)}:${p.origLen}:${Buffer.from(p.data).toString('hex')}`;

const CAPTURES: Array<[string, readonly string[]]> = [
  ['ethernet.pcap', ETHERNET_EXPRESSIONS],
  ['snaplen64.pcap', ETHERNET_EXPRESSIONS.filter((_, i) => i % 2 === 0)],
  ['ethernet-be-ns.pcap', ETHERNET_EXPRESSIONS.filter((_, i) => i % 8 === 1)],
  ['raw.pcap', L3_EXPRESSIONS],
  ['raw12.pcap', L3_EXPRESSIONS.filter((_, i) => i % 2 === 0)],
  ['raw14.pcap', L3_EXPRESSIONS.filter((_, i) => i % 2 === 1)], // OpenBSD's DLT_RAW number: libpcap on Linux does not know it; compared with raw12.pcap (same packets)
  ['sll.pcap', L3_EXPRESSIONS],
  ['sll2.pcap', L3_EXPRESSIONS],
  ['null.pcap', L3_EXPRESSIONS.filter((_, i) => i % 2 === 0)],
  ['null-be.pcap', L3_EXPRESSIONS],
  ['loop.pcap', L3_EXPRESSIONS],
];

test('the packets tsbpf selects are the packets tcpdump selects (every construct, every link type)', { skip: NO_TCPDUMP }, async () => {
  assert.ok(ETHERNET_EXPRESSIONS.length >= 80);
  let compared = 0;
  let bothRejected = 0;
  const failures: string[] = [];
  for (const [file, exprs] of CAPTURES) {
    const path = PCAP_DIR + file;
    const { header, packets } = parseCapture(readFileSync(path));
    const iface = header.interfaces[0]!;
    const theirs = await pool(exprs, 4, (e) => tcpdumpSelectAsync(path.replace('raw14', 'raw12'), e));
    exprs.forEach((e, i) => {
      const t = theirs[i]!;
      let mine: string[] | undefined;
      let myErr: string | undefined;
      try {
        const prog = compileFilter(e, { linkType: iface.linkType, snaplen: iface.snaplen, nullSwapped: iface.linkType === 0 && header.bigEndian });
        checkClassic(unrollClassic(prog));
        mine = packets.filter((p) => runClassic(prog, p.data, { wirelen: p.origLen }) !== 0).map(key);
      } catch (x) {
        if (!(x instanceof BpfError)) throw x;
        myErr = x.message;
      }
      if (t.error !== undefined || myErr !== undefined) {
        if (t.error !== undefined && myErr !== undefined) bothRejected++;
        else failures.push(`${file} [${e}]: tcpdump ${t.error ?? 'accepts'}, tsbpf ${myErr ?? 'accepts'}`);
        return;
      }
      const want = parseCapture(t.pcap!).packets.map(key);
      if (want.join('|') !== mine!.join('|')) failures.push(`${file} [${e}]: tcpdump selects ${want.length}, tsbpf ${mine!.length}`);
      compared++;
    });
  }
  assert.deepEqual(failures, []);
  assert.ok(compared > 400, `${compared} comparisons`);
  assert.ok(bothRejected < 20, `${bothRejected} expressions both rejected`);
});

test('programs match tcpdump -d instruction for instruction for common expressions', { skip: NO_TCPDUMP }, () => {
  const same = ['ip', 'host 10.0.0.1', 'tcp port 80', 'port 80', 'vlan 10 and ip', 'net 10.0.0.0/8 or net 2001:db8::/32', 'ether host 00:11:22:33:44:55',
    'tcp[tcpflags] & (tcp-syn|tcp-ack) = tcp-syn', 'icmp6[0]=128', 'ip6 proto 6', 'mpls 5 and mpls 17 and ip',
    'ether multicast or ether broadcast', 'ip[ip[0]&0xf] = 1', 'not vlan', 'vlan and mpls and host 10.0.0.1',
    // or_pullup / and_pullup and the merge of blocks equal but for redundant loads (optimize.c)
    'port 1 or port 2 or port 3', 'not port 1 and not port 2 and not tcp port 3', 'host 10.0.0.1 or host 10.0.0.2 or host 10.0.0.3',
    Array.from({ length: 30 }, (_, i) => `port ${1000 + i}`).join(' or '),
    // opt_j passes a block whose two ways meet, stores and all, when nobody reads the stored word
    'len < (-tcp[4:4] & 0xff / 134) or not udp portrange 80-79',
    // opt_root keeps the statements of a root whose two ways meet
    'ip and vlan and tcp or not ether src host 00:11:22:33:44:55',
    // gen_arth / gen_relation: the left side waits in its scratch word, the words handed out
    // round robin (alloc_reg)
    'ip[0] + ip[1] + ip[2] = ip[3]', 'ip[0] - (ip[1] - ip[2]) = 1', 'tcp[4] + udp[8] > ip[2:2] * 2', 'ip[0] * (ip[1] + len) - tcp[0] != ip[2]', 'len - (ip[2:2] + 14) > tcp[13] & 2',
    // opt_peep: `and #k; jeq #0` is `jset #k` with its ways swapped
    'vlan 0', 'pppoes 0', 'ip[6] & 0x20 != 0', 'tcp[13] & 2 != 0', 'ip[6:2] & 0x1fff = 0', 'ether[0] & 1 = 0 and ip[16] >= 224'];
  for (const e of same) assert.equal(formatClassic(compileFilter(e), 'd'), tcpdumpDump(e, '-d'), e);
  // unoptimised (-O): gencode.c's own statements for arithmetic, every value in its scratch word
  for (const e of ['ip[0] = 1', 'tcp[13] & 7 != ip[0:2] + 5', 'len - 4 > ether[ip[0]:2]', 'icmp6[0] = 1 and -udp[2:2] < 3', 'ip[-14] = 0']) {
    assert.equal(formatClassic(compileFilter(e, { optimize: false }), 'd'), execFileSync('tcpdump', ['-y', 'EN10MB', '-O', '-d', '--', e], { stdio: ['ignore', 'pipe', 'pipe'] }).toString(), e);
  }
});

test('every engine selects the same packets', () => {
  const { packets } = parseCapture(readFileSync(PCAP_DIR + 'ethernet.pcap'));
  for (const e of ETHERNET_EXPRESSIONS.filter((_, i) => i % 5 === 0)) {
    let prog;
    try {
      prog = compileFilter(e);
    } catch {
      continue;
    }
    const verdicts = FILTER_ENGINES.map((eng) => {
      const f = filterFunction(prog, eng);
      return packets.map((p) => f(p.data, p.origLen)).join(',');
    });
    for (let i = 1; i < verdicts.length; i++) assert.equal(verdicts[i], verdicts[0], `${FILTER_ENGINES[i]}: ${e}`);
  }
});

test('compiled programs pass the kernel classic checks (protochain: its loop unrolled, filter_protochain.test.ts)', () => {
  for (const e of ['protochain 6', 'ip6 protochain 17 or protochain 58', ...ETHERNET_EXPRESSIONS.filter((_, i) => i % 3 === 0)]) {
    let prog;
    try {
      prog = compileFilter(e);
    } catch {
      continue;
    }
    checkClassic(unrollClassic(prog));
  }
});

test("errors are libpcap's messages word for word, with the column", () => {
  const cases: Array<[string, string, number | undefined]> = [
    ['tcp port 80 or', "can't parse filter expression: syntax error", 15],
    ['port 70000', 'illegal port number 70000 > 65535', 6],
    ['host 10.0.0.1 and and', "can't parse filter expression: syntax error", 19],
    ['ip[0] / 0 = 1', 'division by zero', 7],
    ['ip[0:3] = 1', 'data size must be 1, 2, or 4', 1],
    ['tcp or 80', 'syntax error in filter expression', 8],
    ['net 10.0.0.1/8', 'non-network bits set in "10.0.0.1/8"', 5],
    ['vlan 5000', 'VLAN tag 5000 greater than maximum 4095', 1],
    ['ip and vlan', 'expression rejects all packets', undefined],
    ['host foo.example', "unknown host 'foo.example'", 6],
    ['ip[1 = 2', "can't parse filter expression: syntax error", 6],
    ['tcp port 80 $', "can't parse filter expression: syntax error", 13],
    // scanner.l's number rules, and optimize.c's jset peephole (and #0xffffffff; jeq #0 -> never)
    ['ip[0] = 08', 'number 08 contains non-octal digit', 9],
    ['ip[0] = 4294967296', 'number 4294967296 overflows 32 bits', 9],
    ['link[0:1] & 0xFFFFFFFF == 0', 'expression rejects all packets', undefined],
    ['HOST 10.0.0.1', "can't parse filter expression: syntax error", 1],
    ['(('.repeat(6000) + 'ip' + '))'.repeat(6000), "can't parse filter expression: memory exhausted", undefined],
  ];
  for (const [e, msg, col] of cases) {
    assert.throws(() => compileFilter(e), (x: unknown) => x instanceof BpfError && x.errno === 'EINVAL' && x.reason === msg && (col === undefined || x.where.column === col), e.slice(0, 40));
  }
  assert.throws(() => compileFilter('ether host 00:11:22:33:44:55', { linkType: 101 }), /ethernet addresses supported only on ethernet/);
  assert.throws(() => compileFilter('vlan', { linkType: 113 }), /no VLAN support for Linux cooked v1/);
});

test('qualifier inheritance and precedence follow libpcap', () => {
  const same = (a: string, b: string) => assert.equal(formatClassic(compileFilter(a)), formatClassic(compileFilter(b)), `${a} == ${b}`);
  same('host 10.0.0.1 or 10.0.0.2', 'host 10.0.0.1 or host 10.0.0.2');
  same('src host 10.0.0.1 and not 10.0.0.2', 'src host 10.0.0.1 and not src host 10.0.0.2');
  same('tcp port 80 or 443', 'tcp port 80 or tcp port 443');
  same('host 10.0.0.1 and (10.0.0.2 or 10.0.0.3)', 'host 10.0.0.1 and (host 10.0.0.2 or host 10.0.0.3)');
  same('tcp or udp and ip', '(tcp or udp) and ip'); // and/or: equal precedence, left to right
  same('not tcp and udp', '(not tcp) and udp');
  same('ip[2:2] ^ 1 | 2 > 3', 'ip[2:2] ^ 3 > 3'); // ^ takes everything to its right
  same('ip[0] + 2 * 3 = 9', 'ip[0] + 6 = 9');
});

test('tsbpf filter -w writes the packets tcpdump -w writes; -c stops early; -ddd prints tcpdump -ddd', { skip: NO_TCPDUMP }, async () => {
  const dir = tempDir('tsbpf-');
  // a pcap holds one link type: a pcapng mixing Ethernet and raw IP cannot be written as one
  await assert.rejects(async () => {
    const log = console.error;
    console.error = () => {};
    try {
      await filterMain(['-r', PCAP_DIR + 'multi.pcapng', '-w', `${dir}/multi.pcap`, 'tcp']);
    } finally {
      console.error = log;
    }
  }, /cannot write RAW packets into a EN10MB pcap/);
  for (const [file, expr] of [['ethernet.pcap', 'tcp port 80 or icmp'], ['ethernet-be-ns.pcap', 'ether host 00:11:22:33:44:55 or ip and 1 = 1'], ['sll2.pcap', 'udp']] as const) {
    const out = `${dir}/${file}.out.pcap`;
    const log = console.error;
    console.error = () => {};
    try {
      assert.equal(await filterMain(['-r', PCAP_DIR + file, '-w', out, expr]), 0);
    } finally {
      console.error = log;
    }
    const mine = parseCapture(readFileSync(out)).packets;
    const src = parseCapture(readFileSync(PCAP_DIR + file)).packets;
    const f = (p: Packet) => runClassic(compileFilter(expr, { linkType: p.linkType }), p.data, { wirelen: p.origLen }) !== 0;
    assert.deepEqual(mine.map(key), src.filter(f).map(key), file);
    if (file.endsWith('.pcap')) {
      const t = await tcpdumpSelectAsync(PCAP_DIR + file, expr);
      assert.deepEqual(mine.map(key), parseCapture(t.pcap!).packets.map(key));
    }
  }
  const out = `${dir}/c.pcap`;
  const log = console.error;
  console.error = () => {};
  try {
    await filterMain(['-r', PCAP_DIR + 'ethernet.pcap', '-c', '3', '-w', out, 'ip']);
  } finally {
    console.error = log;
  }
  assert.equal(parseCapture(readFileSync(out)).packets.length, 3);
  const chunks: string[] = [];
  const w = process.stdout.write.bind(process.stdout);
  (process.stdout as { write: unknown }).write = (s: string) => (chunks.push(s), true);
  try {
    await filterMain(['-r', PCAP_DIR + 'sll.pcap', '-ddd', 'tcp port 22']);
  } finally {
    (process.stdout as { write: unknown }).write = w;
  }
  assert.equal(chunks.join(''), tcpdumpDump('tcp port 22', '-ddd', PCAP_DIR + 'sll.pcap'));
});

test('long programs: far targets go through ja trampolines and still select what tcpdump selects', { skip: NO_TCPDUMP }, async () => {
  const e = Array.from({ length: 250 }, (_, i) => `host 10.0.${Math.floor(i / 250)}.${(i % 250) + 1}`).join(' or ') + ' or port 53';
  const prog = compileFilter(e);
  assert.ok(prog.length > 1000);
  assert.ok(prog.some((i) => i.code === 0x05), 'uses ja');
  for (const i of prog) assert.ok(i.jt <= 255 && i.jf <= 255);
  checkClassic(prog);
  const { packets } = parseCapture(readFileSync(PCAP_DIR + 'ethernet.pcap'));
  const t = await tcpdumpSelectAsync(PCAP_DIR + 'ethernet.pcap', e);
  assert.deepEqual(packets.filter((p) => runClassic(prog, p.data, { wirelen: p.origLen }) !== 0).map(key), parseCapture(t.pcap!).packets.map(key));
});
