/**
 * Output through a pipe is whole, for EVERY command and verb: each command of the tables
 * (allCommands, so a new command fails here until it has a case) runs on a real input twice, once
 * with stdout a file (`tsbpf … > file`) and once into a slow pipe (`tsbpf … | (sleep; cat)`, so the
 * pipe fills and a write that stops at its 64 KiB is caught), and the two outputs must be byte-equal
 * (after timing numbers and pids, which differ from run to run, are masked) with the same exit code.
 * Cases include outputs past 64 KiB and -j. The kernel cases (kernel objects, bpftrace, attach) skip
 * without root and bpf(), saying so.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { allCommands } from '../../src/cli/registry.js';
import { commands } from '../../src/cli/main.js';
import { loadObject } from '../../src/runtime/object.js';
import * as K from '../../src/hooks/kernel/index.js';
import { attachProgram, type Link } from '../../src/kernel/link/index.js';
import { bpffsDir, kernelSkip, rmrf } from '../kernel/attach_helpers.js';
import { inParallel } from './run_bin.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const bin = join(root, 'bin/tsbpf.js');
const ex = (n: string): string => join(root, 'examples', n);
const FW = ex('xdp_firewall.bpf.o');

interface Case {
  argv: string[];
  /** exit code both runs must have (default 0) */
  code?: number;
  /** a file given to stdin */
  stdin?: string;
  /** runs before each of the two runs (a verb that changes what it works on) */
  before?: () => void;
  /** needs the running kernel (root, bpf()) */
  kernel?: boolean;
  /** live output (events as they happen): the two runs cannot be equal; each must be whole JSON lines ending with `last` */
  live?: { last: string };
  /** stdout may be empty (the verb prints nothing on success, as bpftool's) */
  empty?: boolean;
}

const d = mkdtempSync(join(tmpdir(), 'tsbpf-pipe-all-'));
const bpffs = kernelSkip ? '' : bpffsDir();
const fds: number[] = [];
const links: Link[] = [];
after(() => {
  for (const l of links) l.close();
  for (const fd of fds) K.closeFd(fd);
  rmrf(d);
  if (bpffs) rmrf(bpffs);
});

/** the kernel objects the kernel cases name: a program, a link of it, pinned */
function kernelObjects(): { progId: number; linkId: number; linkPin: string; mapId: number } {
  const RET0 = new Uint8Array([0xb7, 0, 0, 0, 0, 0, 0, 0, 0x95, 0, 0, 0, 0, 0, 0, 0]);
  const prog = K.progLoad({ progType: 'TRACEPOINT', insns: RET0, progName: 'cli15_pipe_tp' }).fd;
  fds.push(prog);
  const link = attachProgram({ fd: prog, name: 'cli15_pipe_tp', section: 'tracepoint/syscalls/sys_enter_getppid', progType: 5, expectedAttachType: 0 });
  links.push(link);
  const linkPin = join(bpffs, 'link');
  link.pin(linkPin);
  const map = K.mapCreate({ mapType: 'ARRAY', keySize: 4, valueSize: 8, maxEntries: 2, mapName: 'cli_pipe_map' });
  fds.push(map);
  return { progId: K.progInfo(prog).id, linkId: link.info().id, linkPin, mapId: K.mapInfo(map).id };
}

async function cases(): Promise<Record<string, Case[]>> {
  // emulator pins: the firewall's maps, the blocklist holding 1000 addresses (a -j dump past 64 KiB)
  const pins = join(d, 'pins');
  const o = await loadObject(FW, { pinMaps: pins, ncpus: 2 });
  for (let i = 0; i < 1000; i++) o.map('blocklist').set(Uint8Array.from([10, 1, i >> 8, i & 255]), BigInt(i));
  o.close();
  const BL = join(pins, 'blocklist');
  // the verbs that change a map work on their own copy, so the cases can run side by side
  const o2 = await loadObject(FW, { pinMaps: join(d, 'pins2') });
  o2.close();
  const BL2 = join(d, 'pins2', 'blocklist');
  writeFileSync(join(d, 'batch.jsonl'), Array.from({ length: 3000 }, (_, i) => JSON.stringify({ id: i, insns: 'b700000002000000 9500000000000000', data: '00'.repeat(64) })).join('\n') + '\n');
  writeFileSync(join(d, 'pkt.bin'), Uint8Array.from({ length: 60 }, (_, i) => (i < 12 ? 0xff : i === 12 ? 8 : i === 14 ? 0x45 : 0)));
  // bpf_conformance's plugin protocol: the program as hex on stdin
  writeFileSync(join(d, 'prog.hex'), 'b7000000020000009500000000000000');
  const asmSrc = join(root, 'test/data/asm/callbacks.g.s');
  const k = kernelSkip ? { progId: 0, linkId: 0, linkPin: '', mapId: 0 } : kernelObjects();
  const kpin = join(bpffs || d, 'pinned-link');
  const kdir = (name: string): string => join(bpffs || d, name);
  const key = ['key', '10', '1', '0', '7'];
  const bigScript = 'BEGIN { $i = 0; while ($i < 3000) { @a[$i] = $i * 3; @b[$i] = $i; $i++; } exit(); }';
  return {
    asm: [{ argv: ['asm', asmSrc, '-o', join(d, 'a.o')], empty: true }, { argv: ['-j', 'asm', join(root, 'test/data/asm/core.g.s'), '--raw', join(d, 'a.bin')], empty: true }],
    attach: [{ argv: ['attach', ex('execsnoop.bpf.o'), '--json', '--duration', '1'], kernel: true, live: { last: '"maps"' } }],
    btf: [{ argv: ['btf', 'dump', 'file', '/sys/kernel/btf/vmlinux', 'format', 'c'] }, { argv: ['-j', 'btf', 'dump', 'file', FW] }],
    'conformance-plugin': [{ argv: ['conformance-plugin', '00'], stdin: join(d, 'prog.hex') }],
    disasm: [{ argv: ['disasm', join(root, 'test/data/asm/callbacks.bpf.o')] }, { argv: ['-j', 'disasm', FW] }],
    'feature probe': [{ argv: ['feature', 'probe'] }, { argv: ['-j', 'feature', 'probe'] }],
    filter: [{ argv: ['filter', '-r', ex('traffic.pcap'), '-w', '-', 'ip'] }, { argv: ['filter', '-r', ex('traffic.pcap'), '-e', '-v', 'tcp or udp'] }, { argv: ['filter', '-ddd', 'tcp port 80'] }],
    'link detach': [{ argv: ['-j', 'link', 'detach', 'pinned', k.linkPin], kernel: true, code: 1 }],
    'link list': [{ argv: ['-j', 'link', 'list', 'id', String(k.linkId)], kernel: true }],
    'link pin': [{ argv: ['link', 'pin', 'id', String(k.linkId), kpin], kernel: true, empty: true, before: () => rmSync(kpin, { force: true }) }],
    'link show': [{ argv: ['link', 'show', 'id', String(k.linkId)], kernel: true }, { argv: ['-p', 'link', 'show', 'pinned', k.linkPin], kernel: true }],
    list: [{ argv: ['list'] }, { argv: ['-j', 'list', '-v', 'tracepoint:syscalls:*'] }],
    'map delete': [{ argv: ['map', 'delete', 'pinned', BL2, ...key], empty: true, before: () => void tsbpf(['map', 'update', 'pinned', BL2, ...key, 'value', '1', '0', '0', '0', '0', '0', '0', '0']) }],
    'map dump': [{ argv: ['map', 'dump', 'pinned', BL] }, { argv: ['-j', 'map', 'dump', 'pinned', BL] }, { argv: ['-p', 'map', 'dump', 'pinned', join(pins, 'stats')] }],
    // a fresh copy of a pin file before each run: a frozen map cannot be frozen again
    'map freeze': [{ argv: ['-j', 'map', 'freeze', 'pinned', join(d, 'freeze', 'stats')], before: () => (mkdirSync(join(d, 'freeze'), { recursive: true }), copyFileSync(join(d, 'pins2', 'stats'), join(d, 'freeze', 'stats'))) }],
    'map getnext': [{ argv: ['map', 'getnext', 'pinned', BL, 'key', '10', '1', '0', '1'] }, { argv: ['-j', 'map', 'getnext', 'pinned', BL] }],
    'map create': [{ argv: ['-j', 'map', 'create', kdir('created'), 'type', 'hash', 'key', '4', 'value', '8', 'entries', '4', 'name', 'cli_pipe_new'], kernel: true, before: () => rmSync(kdir('created'), { force: true }) }],
    'map list': [{ argv: ['map', 'list', 'pinned', BL] }, { argv: ['-j', 'map', 'list', 'pinned', BL] }],
    'map pin': [{ argv: ['map', 'pin', 'id', String(k.mapId), kdir('pinned-map')], kernel: true, empty: true, before: () => rmSync(kdir('pinned-map'), { force: true }) }],
    'map lookup': [{ argv: ['map', 'lookup', 'pinned', BL, 'key', '10', '1', '0', '9'] }, { argv: ['-j', 'map', 'lookup', 'pinned', join(pins, 'stats'), 'key', '1', '0', '0', '0'] }],
    'map show': [{ argv: ['map', 'show', 'pinned', BL] }, { argv: ['-j', 'map', 'show', 'pinned', BL] }],
    'map update': [{ argv: ['map', 'update', 'pinned', BL2, 'key', '10', '1', '0', '9', 'value', '9', '0', '0', '0', '0', '0', '0', '0', 'any'], empty: true }],
    'prog dump': [{ argv: ['prog', 'dump', 'xlated', FW, '--opcodes', '--linum'] }, { argv: ['-j', 'prog', 'dump', 'jited', FW] }],
    'prog list': [{ argv: ['prog', 'list', 'id', String(k.progId)], kernel: true }],
    'prog load': [{ argv: ['prog', 'load', FW, '--pinmaps', join(d, 'load-pins')], before: () => rmSync(join(d, 'load-pins'), { recursive: true, force: true }) }, { argv: ['-j', 'prog', 'load', ex('exec_trace.bpf.o')] }],
    'prog loadall': [{ argv: ['-j', 'prog', 'loadall', ex('exec_trace.bpf.o'), kdir('loadall')], kernel: true, live: { last: '"warnings"' }, before: () => rmSync(kdir('loadall'), { recursive: true, force: true }) }],
    'prog pin': [{ argv: ['prog', 'pin', 'id', String(k.progId), kdir('pinned-prog')], kernel: true, empty: true, before: () => rmSync(kdir('pinned-prog'), { force: true }) }],
    'prog run': [{ argv: ['prog', 'run', '--batch', join(d, 'batch.jsonl')] }, { argv: ['-j', 'prog', 'run', FW, '--data-in', join(d, 'pkt.bin')] }, { argv: ['prog', 'run', ex('exec_trace.bpf.o'), '--ctx-in', ex('exec_trace.ctx.json')] }],
    'prog show': [{ argv: ['-j', 'prog', 'show', 'id', String(k.progId)], kernel: true }],
    'prog verify': [{ argv: ['prog', 'verify', FW, '--log-level', '2'] }, { argv: ['-p', 'prog', 'verify', FW, '--log-level', '2'] }],
    run: [{ argv: ['run', FW, '--pcap', ex('traffic.pcap'), '-j'] }, { argv: ['run', ex('lpm_router.bpf.o'), '--pcap', ex('traffic.pcap'), '--map-set', 'routes:10.0.0.0/8=1'] }],
    trace: [
      { argv: ['trace', '-l'] },
      { argv: ['trace', '-lv', 'tracepoint:sched:*'] },
      { argv: ['trace', ex('trace_printk.bpf.o'), '--pcap', ex('traffic.pcap')] },
      { argv: ['trace', '-e', bigScript], kernel: true },
      { argv: ['trace', '-f', 'json', '-e', bigScript], kernel: true },
    ],
    // ui serves until it is stopped: its output is the page (test/browser), its only finite stdout is the help
    ui: [{ argv: ['ui', '--help'] }],
  };
}

function tsbpf(args: string[]): { code: number | null; out: Buffer } {
  const r = spawnSync(process.execPath, [bin, ...args], { maxBuffer: 1 << 28, timeout: 120_000 });
  return { code: r.status, out: r.stdout };
}

/** numbers that differ from run to run: timings, pids, timestamps */
const stable = (b: Buffer): string =>
  b
    .toString('latin1')
    .replace(/"?(ns_per_run|ns_per_packet|compile_ms|timeUs|duration_ns)"?[:=] ?[\d.e+-]+/g, '$1')
    .replace(/\d+ ns per packet/g, 'N ns per packet')
    .replace(/(run time|JIT compile|engine setup): [\d.]+ [nµm]?s/g, '$1: T')
    .replace(/tsbpf-\d+ +\[(\d+)\] (\S+) +\d+\.\d+:/g, 'tsbpf-PID [$1] $2 T:')
    // the load time from boot time plus the monotonic clock, which can round to the next second
    .replace(/"?loaded_at"?[: ]+[\dT:+-]+/g, 'loaded_at');

/** one run: stdout into a file, or into a pipe whose reader starts late (so the pipe is full when the command writes) */
function runOnce(cs: Case, toFile: string | undefined): Promise<{ code: number | null; out: Buffer; err: string }> {
  return new Promise((resolve, reject) => {
    const stdin = cs.stdin ? openSync(cs.stdin, 'r') : 'ignore';
    const fd = toFile !== undefined ? openSync(toFile, 'w') : undefined;
    const child = toFile !== undefined
      ? spawn(process.execPath, [bin, ...cs.argv], { stdio: [stdin, fd!, 'pipe'] })
      : spawn('bash', ['-c', '"$NODE" "$0" "$@" | { sleep 0.3; cat; }; exit ${PIPESTATUS[0]}', bin, ...cs.argv], { stdio: [stdin, 'pipe', 'pipe'], env: { ...process.env, NODE: process.execPath } });
    const out: Buffer[] = [];
    let err = '';
    child.stdout?.on('data', (b: Buffer) => out.push(b));
    child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (typeof stdin === 'number') closeSync(stdin);
      if (fd !== undefined) closeSync(fd);
      resolve({ code, out: toFile !== undefined ? readFileSync(toFile) : Buffer.concat(out), err });
    });
  });
}

test('output through a pipe is byte-equal to output to a file, for every command and verb (real inputs, past 64 KiB, -j)', async (t) => {
  const all = await allCommands(commands);
  const table = await cases();
  const missing = all.map((c) => c.name).filter((n) => !table[n]?.length);
  assert.deepEqual(missing, [], 'every command has a case here');
  let big = 0;
  let json = 0;
  let ran = 0;
  const jobs: Case[] = [];
  for (const c of all) {
    for (const cs of table[c.name]!) {
      if (cs.kernel && kernelSkip) t.diagnostic(`skipped (${kernelSkip}): tsbpf ${cs.argv.join(' ')}`);
      else jobs.push(cs);
    }
  }
  const check = async (cs: Case, n: number): Promise<void> => {
    const what = `tsbpf ${cs.argv.join(' ')}`;
    cs.before?.();
    const f = await runOnce(cs, join(d, `out${n}`));
    cs.before?.();
    const p = await runOnce(cs, undefined);
    const want = f.out;
    const code = cs.code ?? 0;
    assert.equal(f.code, code, `${what} > file: exit ${f.code}: ${f.err}`);
    assert.equal(p.code, code, `${what} | cat: exit ${p.code}: ${p.err}`);
    if (!cs.empty) assert.ok(want.length > 0, `${what}: no output`);
    if (cs.live) {
      for (const out of [want, p.out]) {
        const lines = out.toString().trimEnd().split('\n');
        for (const l of lines) assert.doesNotThrow(() => JSON.parse(l), `${what}: a whole JSON line: ${l.slice(0, 200)}`);
        assert.ok(lines[lines.length - 1]!.includes(cs.live.last), `${what}: ends with its ${cs.live.last} line`);
      }
    } else {
      assert.equal(stable(p.out), stable(want), `${what}: piped ${p.out.length} bytes differ from the file's ${want.length}`);
    }
    if (cs.argv.some((a) => a === '-j' || a === '-p' || a === '--json' || a === 'json')) json++;
    if (want.length > 64 * 1024) big++;
    ran++;
  };
  // three at a time (each run mostly waits: start-up, the slow reader)
  await inParallel(3, jobs, check);
  t.diagnostic(`${ran} cases over ${all.length} commands and verbs, ${big} past 64 KiB, ${json} with JSON output`);
  assert.ok(big >= 6, `${big} outputs past 64 KiB`);
});
