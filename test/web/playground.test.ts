/**
 * The playground's model (src/web/playground.ts, session.ts) on real inputs: the committed
 * clang-compiled examples and the bundled capture. The step debugger is checked against the
 * engines' own runs, the verdicts against the running kernel (bpftool), the classic filter
 * against tcpdump, packet lines against tcpdump -nn.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { REPO, kernelSkipReason } from '../bpf_helpers/kernel.js';
import { openObject, assembleProgram, verifyProgram, watOf, failingPath, programVerifyOptions } from '../../src/web/playground.js';
import { DebugSession, runOverCapture, classicVsExtended, packetSummary, instantiate } from '../../src/web/session.js';
import { parseCapture } from '../../src/hooks/pcap/decoder.js';
import { verify } from '../../src/verifier/verify.js';
import { assemble } from '../../src/asm/object.js';

const EX = join(REPO, 'examples');
const read = (p: string): Uint8Array => new Uint8Array(readFileSync(p));
const capture = read(join(EX, 'traffic.pcap'));
const packets = parseCapture(capture).packets;
const FIREWALL_SETS = ['blocklist:203.0.113.7=0', 'blocklist:198.51.100.23=0'];

/** the example objects, the refused one included */
function exampleObjects(): string[] {
  return [
    ...readdirSync(EX).filter((f) => f.endsWith('.bpf.o')).map((f) => join(EX, f)),
    ...readdirSync(join(EX, 'refused')).filter((f) => f.endsWith('.bpf.o')).map((f) => join(EX, 'refused', f)),
  ];
}

test('every example opens: programs, maps, BTF as C; the state view has one row per instruction', () => {
  for (const f of exampleObjects()) {
    const o = openObject(read(f), f);
    assert.ok(o.programs.length > 0, f);
    assert.match(o.btfC, /struct|typedef|enum/, `${f}: BTF printed as C`);
    for (const p of o.programs) {
      const v = verifyProgram(o, p);
      const starts = p.insns.length;
      assert.equal(v.rows.length, starts, `${f} ${p.name}: one row per instruction (lddw once)`);
      // every state the view shows is one the verifier recorded before that instruction
      for (const r of v.rows) {
        if (r.lastStep >= 0) assert.equal(v.steps.get(r.lastStep).insn, r.insn);
        assert.equal(v.stepsAt(r.insn).length, r.visits);
        for (const k of v.stepsAt(r.insn)) assert.equal(v.steps.insnAt(k), r.insn);
      }
      // C source lines from line_info beside instructions
      assert.ok(v.rows.some((r) => r.source), `${f} ${p.name}: some rows carry C source`);
    }
  }
});

test('the state view\'s full log is the kernel-format level-1 log of the same verification', () => {
  const o = openObject(read(join(EX, 'refused/xdp_unchecked.bpf.o')));
  const p = o.programs[0]!;
  const v = verifyProgram(o, p);
  assert.equal(v.fullLog(), verify(p.insns, { ...programVerifyOptions(o, p), logLevel: 1 }).log);
  assert.match(v.fullLog(), /invalid access to packet/);
});

test('the refused example: rejected at the access, the failing path runs from insn 0 to it, explained in plain words', () => {
  const o = openObject(read(join(EX, 'refused/xdp_unchecked.bpf.o')));
  const v = verifyProgram(o, o.programs[0]!);
  assert.equal(v.result.accepted, false);
  assert.equal(v.result.errno, 'EACCES');
  const failing = v.rows.filter((r) => r.failing);
  assert.equal(failing.length, 1);
  assert.equal(failing[0]!.insn, v.result.insn);
  assert.match(failing[0]!.source ?? '', /ip->protocol/);
  assert.match(v.result.explanation ?? '', /compare data \+ N against data_end/);
  // the path: insn 0 .. the failing one, and the branch decisions the verifier reports lie on it
  const onPath = v.rows.filter((r) => r.onFailingPath).map((r) => r.insn);
  assert.equal(onPath[0], 0);
  assert.equal(onPath[onPath.length - 1], v.result.insn);
  for (const m of (v.result.explanation ?? '').matchAll(/insn (\d+): (jump taken|fell through)/g)) assert.ok(onPath.includes(Number(m[1])), `branch at ${m[1]} on the path`);
  // instructions after the failure were never reached
  assert.ok(v.rows.filter((r) => r.insn > v.result.insn!).every((r) => !r.onFailingPath && r.visits === 0));
});

test('the failing path follows a taken branch and leaves out the branch explored before', () => {
  // the verifier walks the fall-through first (r0 = 1 path exits fine), pops the jump, then fails
  const src = 'r1 = *(u32 *)(r1 + 0)\nif r1 > 5 goto bad\nr0 = 1\nexit\nbad:\nr0 = *(u64 *)(r10 - 8)\nexit\n';
  const o = assembleProgram(src, 'socket_filter');
  // unprivileged: since 6.x a privileged program may read uninitialised stack
  const v = verifyProgram(o, o.programs[0]!, { unpriv: true });
  assert.equal(v.result.accepted, false);
  const path = [...failingPath(v.steps, o.programs[0]!.insns)].sort((a, b) => a - b);
  assert.deepEqual(path, [0, 1, 4]);
  // the same program through verify() directly: the state view adds nothing to the verdict
  const direct = verify(assemble(src), { progType: 'socket_filter', unpriv: true });
  assert.equal(direct.message, v.result.message);
});

test('the debugger stepping instruction by instruction ends where a whole run ends, packet after packet', () => {
  const o = openObject(read(join(EX, 'xdp_firewall.bpf.o')));
  const p = o.programs[0]!;
  for (const pkt of packets.slice(0, 24)) {
    const d = new DebugSession(o, p, { data: pkt.data.slice(), mapSets: FIREWALL_SETS });
    let steps = 0;
    let before = d.regs();
    let changed = 0;
    while (d.step() === 'running') {
      steps++;
      const now = d.regs();
      if (now.some((x, i) => x !== before[i])) changed++;
      before = now;
    }
    assert.equal(d.state, 'exited');
    const whole = instantiate(o, FIREWALL_SETS).program(p.name).run({ data: pkt.data.slice(), engine: 'jit' });
    assert.equal(Number(d.r0 & 0xffffffffn), whole.retval, `packet verdict: ${packetSummary(pkt.data)}`);
    assert.equal(d.count, whole.insns);
    assert.equal(steps + 1, d.count);
    assert.ok(changed > 0, 'registers change while stepping');
    // the program counted the packet in its stats map (the debugger's map view reads it)
    assert.equal(d.packet().length, pkt.data.length);
  }
});

test('breakpoints stop Continue; Step over runs a bpf-to-bpf call to its return', () => {
  const o = openObject(read(join(EX, 'bpf_to_bpf.bpf.o')));
  const p = o.programs[0]!;
  const calls: number[] = [];
  p.insns.forEach((x, k) => { if (x.code === 0x85 && x.src === 1) calls.push(k); });
  assert.ok(calls.length > 0, 'the example makes bpf-to-bpf calls');
  const pkt = packets.find((x) => packetSummary(x.data).includes('UDP'))!.data.slice();
  const ref = new DebugSession(o, p, { data: pkt });
  ref.continue();
  // break on the first call, step over it: same frame, next instruction, more than one insn run
  const d = new DebugSession(o, p, { data: pkt });
  d.toggleBreakpoint(calls[0]!);
  assert.equal(d.continue(), 'running');
  assert.equal(d.pc, calls[0]);
  const before = d.count;
  d.toggleBreakpoint(calls[0]!);
  d.stepOver();
  assert.equal(d.depth, 0);
  assert.equal(d.pc, calls[0]! + 1);
  assert.ok(d.count - before > 1, 'the callee ran');
  d.continue();
  assert.equal(d.state, 'exited');
  assert.equal(d.r0, ref.r0);
  assert.equal(d.count, ref.count);
});

test('a run over the capture gives the CLI\'s verdict counts (tsbpf run --json)', async () => {
  const o = openObject(read(join(EX, 'xdp_firewall.bpf.o')));
  const r = await runOverCapture(o, o.programs[0]!, capture, { mapSets: FIREWALL_SETS });
  const cli = spawnSync(process.execPath, [join(REPO, 'bin/tsbpf.js'), 'run', join(EX, 'xdp_firewall.bpf.o'), '--pcap', join(EX, 'traffic.pcap'), '--json',
    ...FIREWALL_SETS.flatMap((s) => ['--map-set', s])], { encoding: 'utf8' });
  assert.equal(cli.status, 0, cli.stderr);
  const summary = JSON.parse(cli.stdout.trim().split('\n').pop()!).summary as { packets: number; actions: Record<string, number> };
  assert.equal(r.packets, summary.packets);
  assert.deepEqual(Object.fromEntries(r.counts), summary.actions);
  assert.equal(r.rows.length, packets.length);
  assert.ok(r.counts.length >= 2, 'drops and passes');
});

const tcpdump = spawnSync('tcpdump', ['--version']).status === 0;

test('classic vs extended: both select the same packets, and as many as tcpdump does', { skip: tcpdump ? false : 'tcpdump is not installed' }, () => {
  for (const expr of ['udp or tcp port 80', 'icmp', 'src net 10.0.0.0/8 and tcp', 'greater 100', 'ip[9] = 17 and udp dst port 53', 'vlan or arp or ip6']) {
    const v = classicVsExtended(expr, capture);
    for (const r of v.rows) assert.equal(r.classic, r.extended, `${expr}: packet ${r.index}`);
    const t = spawnSync('tcpdump', ['-nn', '-r', join(EX, 'traffic.pcap'), expr], { encoding: 'utf8' });
    assert.equal(v.rows.filter((r) => r.classic).length, t.stdout.trim().split('\n').filter(Boolean).length, expr);
  }
  // the -d listing is libpcap's instruction for instruction where the optimisers agree (they do
  // not always: libpcap keeps a repeated `jeq #0x11` for `ip[9] = 17 and udp`)
  for (const expr of ['udp or tcp port 80', 'icmp', 'src net 10.0.0.0/8 and tcp', 'greater 100']) {
    const d = spawnSync('tcpdump', ['-d', '-r', join(EX, 'traffic.pcap'), expr], { encoding: 'utf8' });
    assert.equal(classicVsExtended(expr, undefined).classic.trim(), d.stdout.trim(), `${expr}: -d listing`);
  }
});

test('packet lines name the same endpoints as tcpdump -nn', { skip: tcpdump ? false : 'tcpdump is not installed' }, () => {
  const lines = spawnSync('tcpdump', ['-nn', '-r', join(EX, 'traffic.pcap')], { encoding: 'utf8' }).stdout.trim().split('\n');
  assert.equal(lines.length, packets.length);
  packets.forEach((p, i) => {
    const ours = packetSummary(p.data).split(':')[0]!;
    assert.ok(lines[i]!.includes(ours), `packet ${i}: '${ours}' in '${lines[i]}'`);
  });
});

test('the JIT view is the WebAssembly text of the program', () => {
  const o = openObject(read(join(EX, 'xdp_firewall.bpf.o')));
  const wat = watOf(o.programs[0]!.insns.map((x) => (x.code === 0x18 && x.src !== 0 ? { ...x, src: 0 } : x)), false);
  assert.match(wat, /^\(module/);
  assert.match(wat, /\(func /);
  assert.match(wat, /i64\./);
});

test('the playground\'s verdicts are the kernel\'s for every example (loaded through src/kernel)', { skip: kernelSkipReason() ?? false }, async () => {
  const { loadKernelObject } = await import('../../src/kernel/object.js');
  const { ProgramLoadError } = await import('../../src/kernel/program.js');
  let compared = 0;
  for (const f of exampleObjects()) {
    const o = openObject(read(f), f);
    const ours = o.programs.every((p) => verifyProgram(o, p).result.accepted);
    let kernel: boolean;
    try {
      (await loadKernelObject(f)).close();
      kernel = true;
    } catch (e) {
      // a refusal by the kernel's verifier; anything else (a feature this kernel lacks) is no verdict
      if (!(e instanceof ProgramLoadError)) continue;
      kernel = false;
    }
    compared++;
    assert.equal(ours, kernel, `${f}: tsbpf ${ours ? 'accepts' : 'refuses'}, the kernel ${kernel ? 'accepts' : 'refuses'}`);
  }
  assert.ok(compared >= 10, `${compared} examples compared`);
});
