/**
 * struct_ops in the running kernel: a TCP congestion control written in BPF
 * (test/fixtures/bpf/struct_ops_cc.bpf.c) is loaded, registered through its `.struct_ops.link`
 * map (KernelObject.attachStructOps, libbpf's bpf_map__attach_struct_ops), chosen by a loopback
 * socket with TCP_CONGESTION, and its programs run for that connection; closing the link
 * unregisters it. Also: the kernel's refusal to register an incomplete tcp_congestion_ops comes
 * back as a sentence. Skips where bpf() is not allowed or python3 is missing (it makes the socket).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { loadObject } from '../../src/runtime/object.js';
import { BpfError } from '../../src/isa/errors.js';
import { kernelAvailable } from '../../src/hooks/kernel/bpf.js';
import { REPO } from '../bpf_helpers/kernel.js';

const avail = kernelAvailable();
const python = spawnSync('python3', ['-c', 'import socket; socket.TCP_CONGESTION'], { encoding: 'utf8' }).status === 0;
const skip = !avail.ok ? avail.reason : !python ? 'python3 with socket.TCP_CONGESTION is needed to open the loopback connection' : false;
const FIX = join(REPO, 'test', 'fixtures', 'bpf');
const available = (): string[] => readFileSync('/proc/sys/net/ipv4/tcp_available_congestion_control', 'utf8').trim().split(/\s+/);

/** a loopback TCP transfer of `bytes` with congestion control `cc`: what arrived, and the socket's cc */
function transfer(cc: string, bytes: number): { received: number; cc: string } {
  const py = `
import socket
s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen(1)
c = socket.socket(); c.setsockopt(socket.IPPROTO_TCP, socket.TCP_CONGESTION, b'${cc}'); c.connect(s.getsockname())
a, _ = s.accept(); c.sendall(b'x' * ${bytes}); c.shutdown(socket.SHUT_WR)
n = 0
while True:
    d = a.recv(65536)
    if not d: break
    n += len(d)
print(n, c.getsockopt(socket.IPPROTO_TCP, socket.TCP_CONGESTION, 16).rstrip(b'\\0').decode())
`;
  const [n, got] = execFileSync('python3', ['-c', py], { encoding: 'utf8', timeout: 30_000 }).trim().split(' ');
  return { received: Number(n), cc: got! };
}

test('a BPF tcp_congestion_ops registers, runs for a loopback connection, and unregisters on close', { skip }, async () => {
  using k = await loadObject(join(FIX, 'struct_ops_cc.bpf.o'), { target: 'kernel' });
  assert.deepEqual([...k.programs.keys()].sort(), ['cc_cong_avoid', 'cc_init', 'cc_ssthresh', 'cc_undo_cwnd']);
  assert.ok(!available().includes('tsbpf_cc'), 'not registered before attachStructOps');
  const link = k.attachStructOps('tsbpf_cc');
  try {
    assert.ok(link.fd > 0, 'a .struct_ops.link map is attached with a bpf_link');
    assert.ok(available().includes('tsbpf_cc'), `registered: ${available().join(' ')}`);
    const t = transfer('tsbpf_cc', 2_000_000);
    assert.equal(t.received, 2_000_000);
    assert.equal(t.cc, 'tsbpf_cc', 'the socket runs the BPF congestion control');
    const bss = k.map('.bss').get(0) as { inits: number | bigint; cong_avoids: number | bigint };
    assert.ok(Number(bss.inits) >= 1, `init ran: ${JSON.stringify(bss, (_k, v) => (typeof v === 'bigint' ? String(v) : v))}`);
    assert.ok(Number(bss.cong_avoids) >= 1, 'cong_avoid ran for the transfer');
  } finally {
    link.close();
  }
  assert.ok(!available().includes('tsbpf_cc'), 'closing the link unregisters it');
});

test('an incomplete tcp_congestion_ops: the kernel refuses to register it, said in a sentence', { skip }, async () => {
  // struct_ops_rules.bpf.o's tsbpf_ok has no undo_cwnd, which tcp_validate_congestion_control requires
  using k = await loadObject(join(FIX, 'struct_ops_rules.bpf.o'), { target: 'kernel', programs: ['ok_ssthresh', 'ok_cong_avoid', 'ok_init_setsockopt'] });
  assert.throws(() => k.attachStructOps('tsbpf_ok'), (e: unknown) => e instanceof BpfError && /struct_ops map 'tsbpf_ok': the kernel refused to register struct tcp_congestion_ops/.test(e.message));
  assert.throws(() => k.attachStructOps('nope'), (e: unknown) => e instanceof BpfError && e.errno === 'ENOENT' && /struct_ops maps: tsbpf_ok, tsbpf_bad/.test(e.message));
  assert.ok(!available().includes('tsbpf_ok'));
});

test('`tsbpf attach` registers the struct_ops maps of an object and unregisters them at exit', { skip }, async () => {
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, [join(REPO, 'bin', 'tsbpf.js'), 'attach', join(FIX, 'struct_ops_cc.bpf.o'), '--duration', '4'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  let seen = false;
  for (let t = 0; t < 150 && !seen; t++) {
    seen = available().includes('tsbpf_cc');
    if (!seen) await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(seen, `tsbpf_cc was never registered; stderr: ${err}`);
  assert.equal(await exited, 0, err);
  assert.match(err, /-> struct_ops\/tcp_congestion_ops\/tsbpf_cc/);
  assert.ok(!available().includes('tsbpf_cc'), 'unregistered when the command ended');
});
