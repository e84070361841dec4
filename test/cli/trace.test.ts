/**
 * `tsbpf trace`: bpf_trace_printk lines in trace_pipe's format, from examples/trace_printk.bpf.o,
 * for one input file and for every packet of a capture; and the same text as the kernel writes to
 * its trace buffer for the same program on the same packets, where bpf() and tracefs work.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root, tsbpf } from './run_bin.js';
import { readCapture } from '../../src/hooks/pcap/reader.js';

const OBJ = join(root, 'examples/trace_printk.bpf.o');
const PCAP = join(root, 'examples/traffic.pcap');
const LINE = /^ {0,16}(\S{1,16})-(\d+) +\[(\d{3})\] (\S{5}) +(\d+)\.(\d{6}): bpf_trace_printk: (.*)$/;

/** an Ethernet + IPv4 + UDP packet from 10.0.1.2 */
function udpPacket(): Uint8Array {
  const p = new Uint8Array(42);
  p.set([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0x11, 0x22, 0x33, 0x44, 0x55, 0x08, 0x00]);
  p.set([0x45, 0, 0, 28, 0, 0, 0, 0, 64, 17, 0, 0, 10, 0, 1, 2, 10, 0, 0, 1], 14);
  return p;
}

test('trace --data-in: trace_pipe lines with the program\'s text, comm, pid, cpu, flags', () => {
  const d = mkdtempSync(join(tmpdir(), 'tsbpf-trace-'));
  try {
    writeFileSync(join(d, 'pkt'), udpPacket());
    const r = tsbpf('trace', OBJ, '--data-in', join(d, 'pkt'), '--cpu', '1');
    assert.equal(r.code, 0, r.err);
    const lines = r.out.trimEnd().split('\n');
    assert.equal(lines.length, 2);
    const m = lines.map((l) => LINE.exec(l));
    assert.ok(m[0] && m[1], r.out);
    assert.equal(m[0]![1], 'tsbpf');
    assert.equal(m[0]![3], '001');
    assert.equal(m[0]![4], 'b..11');
    assert.equal(lines[0]!.indexOf('-'), 16, 'comm is right-aligned in 16 columns');
    assert.equal(m[0]![7], 'len=42 proto=0x0800');
    assert.equal(m[1]![7], 'ipv4 src=10.0.1.2 protocol=17');
    // an XDP test run needs an Ethernet header, as the kernel's (EINVAL)
    writeFileSync(join(d, 'short'), new Uint8Array(6));
    const s = tsbpf('trace', OBJ, '--data-in', join(d, 'short'));
    assert.equal(s.code, 1);
    assert.match(s.err, /EINVAL/);
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
});

test('trace --pcap: one len line per packet (interpreter and JIT agree), -c limits', async () => {
  const pkts: Uint8Array[] = [];
  for await (const p of readCapture(PCAP)) pkts.push(p.data);
  const texts = (out: string) => out.trimEnd().split('\n').map((l) => LINE.exec(l)?.[7]);
  const a = tsbpf('trace', OBJ, '--pcap', PCAP);
  const b = tsbpf('trace', OBJ, '--pcap', PCAP, '--engine', 'jit');
  assert.equal(a.code, 0, a.err);
  assert.deepEqual(texts(a.out), texts(b.out));
  const lens = texts(a.out).filter((t) => t?.startsWith('len=') || t?.startsWith('short'));
  assert.equal(lens.length, pkts.length);
  assert.equal(lens[0], pkts[0]!.length >= 14 ? `len=${pkts[0]!.length} proto=0x${((pkts[0]![12]! << 8) | pkts[0]![13]!).toString(16).padStart(4, '0')}` : `short packet: ${pkts[0]!.length} bytes`);
  const c = tsbpf('trace', OBJ, '--pcap', PCAP, '-c', '1');
  assert.equal(texts(c.out).filter((t) => t?.startsWith('len=')).length, 1);
});

test('trace: usage and errors', () => {
  assert.equal(tsbpf('trace', OBJ).code, 2);
  const r = tsbpf('trace', OBJ, '--data-in', '/nonexistent/x');
  assert.equal(r.code, 1);
  assert.match(r.err, /cannot read/);
});

const TRACE = '/sys/kernel/tracing';
function kernelSkip(): string | false {
  if (process.getuid?.() !== 0) return 'needs root for bpf() and tracefs';
  if (spawnSync('bpftool', ['version']).status !== 0) return 'bpftool not installed';
  if (!existsSync(`${TRACE}/trace`)) spawnSync('mount', ['-t', 'tracefs', 'nodev', TRACE]);
  if (!existsSync(`${TRACE}/trace`)) return 'tracefs is not mounted';
  return false;
}

test('trace text equals the kernel\'s trace buffer for the same program and packets', { skip: kernelSkip() }, async () => {
  const pin = `/sys/fs/bpf/tsbpf_trace_${process.pid}`;
  const d = mkdtempSync(join(tmpdir(), 'tsbpf-trace-'));
  const prev = readFileSync(`${TRACE}/tracing_on`, 'utf8').trim();
  try {
    const l = spawnSync('bpftool', ['prog', 'load', OBJ, pin], { encoding: 'utf8' });
    assert.equal(l.status, 0, l.stderr);
    writeFileSync(`${TRACE}/tracing_on`, '1');
    const pkts: Uint8Array[] = [udpPacket()];
    for await (const p of readCapture(PCAP)) if (pkts.length < 8) pkts.push(p.data);
    for (const [i, p] of pkts.entries()) {
      const f = join(d, `p${i}`);
      writeFileSync(f, p);
      writeFileSync(`${TRACE}/trace`, '');
      const k = spawnSync('bpftool', ['prog', 'run', 'pinned', pin, 'data_in', f], { encoding: 'utf8' });
      assert.equal(k.status, 0, k.stderr);
      const klines = readFileSync(`${TRACE}/trace`, 'utf8').split('\n').filter((x) => x.includes('bpf_trace_printk: '));
      const t = tsbpf('trace', OBJ, '--data-in', f);
      assert.equal(t.code, 0, t.err);
      const tlines = t.out.trimEnd().split('\n');
      // same text; the same layout up to comm, pid, need-resched flag and time
      assert.deepEqual(tlines.map((x) => LINE.exec(x)?.[7]), klines.map((x) => LINE.exec(x)?.[7]), `packet ${i}`);
      for (const x of klines) assert.match(x, LINE);
    }
  } finally {
    writeFileSync(`${TRACE}/tracing_on`, prev);
    rmSync(pin, { force: true });
    rmSync(d, { recursive: true, force: true });
  }
});
