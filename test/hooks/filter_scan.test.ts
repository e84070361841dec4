/**
 * `tsbpf filter -r IN -w OUT` through the WebAssembly record loop (hooks/filter/file_scan.ts):
 * the file it writes is byte for byte the file `tcpdump -r IN -w OUT` writes — on every committed
 * capture, on generated ones (big- and little-endian, micro- and nanosecond, records longer than
 * the snaplen), with and without the worker thread, with chunk boundaries everywhere and with
 * wrong guesses of the worker's first record; bad files give the decoder's errors after the same
 * records.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { filterPcapFile, findRecordStart, type PcapFileFilterOptions } from '../../src/hooks/filter/file_scan.js';
import { compileFilter } from '../../src/hooks/filter/compile.js';
import { ethernetCatalogue } from '../../src/hooks/pcap/catalogue.js';
import { LINKTYPE_NULL } from '../../src/hooks/pcap/linktype.js';
import { main as filterMain } from '../../src/cli/commands/filter.js';
import { tempDir } from '../temp_dir.js';
import { NO_TCPDUMP, PCAP_DIR, pool } from './util.js';

const compile = (expr: string) => (linkType: number, snaplen: number, bigEndian: boolean) =>
  compileFilter(expr, { linkType, snaplen, nullSwapped: linkType === LINKTYPE_NULL && bigEndian });

/** tcpdump's output file (-w -), or its error's last line */
function tcpdump(file: string, expr: string, extra: string[] = []): Promise<{ pcap?: Buffer; error?: string }> {
  return new Promise((resolve) => {
    execFile('tcpdump', ['-r', file, ...extra, '-w', '-', '--', expr], { encoding: 'buffer', maxBuffer: 1 << 28 }, (e, stdout, stderr) => {
      if (e) resolve({ error: String(stderr).trim().split('\n').pop()! });
      else resolve({ pcap: stdout });
    });
  });
}

/** what tcpdump writes before it stops at a bad record (it exits with an error) */
function tcpdumpPartial(file: string, expr: string): Promise<Buffer> {
  return new Promise((resolve) => {
    execFile('tcpdump', ['-r', file, '-w', '-', '--', expr], { encoding: 'buffer', maxBuffer: 1 << 28 }, (_e, stdout) => resolve(stdout));
  });
}

/** the record-loop path on `file`, its output's bytes (or the error), with options */
async function mine(file: string, expr: string, opts: Partial<PcapFileFilterOptions> = {}) {
  const out = `${tempDir('tsbpf-fscan-')}/out.pcap`;
  try {
    const r = await filterPcapFile(file, compile(expr), { out, workers: 0, ...opts });
    return { r, bytes: readFileSync(out) };
  } catch (e) {
    // a refused expression writes no file
    return { error: e as Error, bytes: existsSync(out) ? readFileSync(out) : Buffer.alloc(0) };
  }
}

/** a pcap written record by record (so records can be longer than the snaplen) */
function rawPcap(frames: Uint8Array[], o: { snaplen?: number; bigEndian?: boolean; nanosecond?: boolean; caplen?: (i: number, f: Uint8Array) => number } = {}): Uint8Array {
  const le = !o.bigEndian;
  const parts: Uint8Array[] = [];
  const h = new DataView(new ArrayBuffer(24));
  h.setUint32(0, o.nanosecond ? 0xa1b23c4d : 0xa1b2c3d4, le);
  h.setUint16(4, 2, le);
  h.setUint16(6, 4, le);
  h.setUint32(16, o.snaplen ?? 262144, le);
  h.setUint32(20, 1, le);
  parts.push(new Uint8Array(h.buffer));
  frames.forEach((f, i) => {
    const cap = o.caplen ? o.caplen(i, f) : f.length;
    const r = new DataView(new ArrayBuffer(16));
    r.setUint32(0, 1700000000 + (i >> 10), le);
    r.setUint32(4, ((i * 7919) % 1000) * (o.nanosecond ? 1000123 : 997), le);
    r.setUint32(8, cap, le);
    r.setUint32(12, f.length, le);
    parts.push(new Uint8Array(r.buffer), f.subarray(0, cap));
  });
  return Buffer.concat(parts);
}

/** about `bytes` of Ethernet frames from the catalogue (several seeds, so sizes vary) */
function frames(bytes: number): Uint8Array[] {
  const pool = [...ethernetCatalogue(1), ...ethernetCatalogue(2), ...ethernetCatalogue(3)];
  const out: Uint8Array[] = [];
  let n = 0;
  for (let i = 0; n < bytes; i++) {
    const f = pool[(i * 31) % pool.length]!;
    out.push(f);
    n += f.length + 16;
  }
  return out;
}

const EXPRS = ['ip', 'tcp port 80 or icmp', 'udp', 'ip6 and tcp', 'len > 100', 'ip[2:2] - ((ip[0]&0xf)<<2) - ((tcp[12]&0xf0)>>2) != 0', 'vlan or arp', 'not ip'];

test('the file written is byte for byte tcpdump -w\'s, on every committed pcap', { skip: NO_TCPDUMP }, async () => {
  // raw14: tcpdump on Linux reads link type 14 as something else (filter.test.ts maps it to raw12)
  const files = readdirSync(PCAP_DIR).filter((f) => f.endsWith('.pcap') && f !== 'raw14.pcap');
  assert.ok(files.length >= 10);
  const cases = files.flatMap((f) => EXPRS.map((e) => [f, e] as const));
  let compared = 0;
  const failures = (await pool(cases, 4, async ([f, e]) => {
    const t = await tcpdump(PCAP_DIR + f, e);
    const m = await mine(PCAP_DIR + f, e);
    if (t.error !== undefined) return m.error ? '' : `${f} [${e}]: tcpdump refuses (${t.error}), tsbpf accepts`;
    if (m.error) return `${f} [${e}]: ${m.error.message}`;
    compared++;
    return Buffer.compare(m.bytes, t.pcap!) === 0 ? '' : `${f} [${e}]: ${m.bytes.length} bytes, tcpdump ${t.pcap!.length}`;
  })).filter(Boolean);
  assert.deepEqual(failures, []);
  assert.ok(compared >= 60, `${compared} comparisons`);
});

test('with the worker thread, small chunks and wrong guesses of its first record: the same bytes', { skip: NO_TCPDUMP }, async () => {
  const dir = tempDir('tsbpf-fscan-');
  const file = `${dir}/gen.pcap`;
  writeFileSync(file, rawPcap(frames(1_500_000)));
  const size = readFileSync(file).length;
  for (const e of ['tcp or udp', 'ip6', 'ether[0] & 1 = 0']) {
    const want = (await tcpdump(file, e)).pcap!;
    const one = await mine(file, e, { chunkSize: 1 << 16 });
    assert.equal(Buffer.compare(one.bytes, want), 0, `${e}: one thread`);
    // the guessed boundary is a record's start: this thread's walk lands on it, the worker is used
    const two = await mine(file, e, { workers: 1, chunkSize: 1 << 16 });
    assert.equal(two.r?.worker, true, `${e}: worker used`);
    assert.equal(two.r?.seen, one.r?.seen);
    assert.equal(Buffer.compare(two.bytes, want), 0, `${e}: two threads`);
  }
  // wrong guesses (inside records, on a header's fields): the worker's walk is dropped
  const fd = openSync(file, 'r');
  const layout = { bigEndian: false, nanosecond: false, outNanosecond: false, snaplen: 262144, maxCaplen: 262144 };
  const good = findRecordStart(fd, Math.floor(size / 3), size, layout)!;
  closeSync(fd);
  const want = (await tcpdump(file, 'tcp')).pcap!;
  for (const split of [good + 1, good + 8, good + 17, size - 3, 25]) {
    const m = await mine(file, 'tcp', { workers: 1, split, chunkSize: 1 << 16 });
    assert.equal(m.r?.worker, false, `split ${split}`);
    assert.equal(Buffer.compare(m.bytes, want), 0, `split ${split}`);
  }
  const m = await mine(file, 'tcp', { workers: 1, split: good, chunkSize: 1 << 16 });
  assert.equal(m.r?.worker, true);
  assert.equal(Buffer.compare(m.bytes, want), 0);
});

test('big-endian, nanosecond, records longer than the snaplen, -c and --nano: tcpdump\'s bytes', { skip: NO_TCPDUMP }, async () => {
  const dir = tempDir('tsbpf-fscan-');
  const fr = frames(200_000);
  for (const [name, o] of [
    ['be-ns', { bigEndian: true, nanosecond: true }],
    ['le-ns-snap96', { nanosecond: true, snaplen: 96 }],
    ['be-us-snap80', { bigEndian: true, snaplen: 80 }],
  ] as const) {
    const file = `${dir}/${name}.pcap`;
    writeFileSync(file, rawPcap(fr, o));
    // ether[90] lies past a snaplen of 80: libpcap filters the record cut to the snaplen
    for (const e of ['ip', 'ether[90] != 0 or arp', 'ether[70] != 0']) {
      const want = (await tcpdump(file, e)).pcap!;
      for (const workers of [0, 1]) {
        const m = await mine(file, e, { workers, workerMinBytes: 0, chunkSize: 1 << 16 });
        assert.equal(Buffer.compare(m.bytes, want), 0, `${name} [${e}] workers ${workers}`);
      }
      const nano = await mine(file, e, { nanosecond: true });
      assert.equal(Buffer.compare(nano.bytes, (await tcpdump(file, e, ['--nano'])).pcap!), 0, `${name} [${e}] --nano`);
      const c = await mine(file, e, { limit: 7 });
      assert.equal(c.r?.stopped, c.r?.selected === 7);
      assert.equal(Buffer.compare(c.bytes, (await tcpdump(file, e, ['-c', '7'])).pcap!), 0, `${name} [${e}] -c 7`);
    }
  }
});

test('a truncated file or an impossible record length: the decoder\'s error, after the records tcpdump writes', { skip: NO_TCPDUMP }, async () => {
  const dir = tempDir('tsbpf-fscan-');
  const good = rawPcap(frames(300_000));
  const cut = `${dir}/cut.pcap`;
  writeFileSync(cut, good.subarray(0, good.length - 7));
  const bad = `${dir}/bad.pcap`;
  const b = Buffer.from(good);
  // the caplen field of a record about two thirds in
  let o = 24;
  while (o < (b.length * 2) / 3) o += 16 + b.readUInt32LE(o + 8);
  b.writeUInt32LE(0x7fffffff, o + 8);
  writeFileSync(bad, b);
  for (const file of [cut, bad]) {
    const general = `${dir}/general.pcap`;
    const log = console.error;
    console.error = () => {};
    let generalError = '';
    try {
      await filterMain(['-r', file, '--engine', 'cbpf', '-w', general, 'ip']);
    } catch (e) {
      generalError = (e as Error).message;
    } finally {
      console.error = log;
    }
    assert.match(generalError, /EBADMSG|capture length|ends inside/);
    for (const workers of [0, 1]) {
      const m = await mine(file, 'ip', { workers, workerMinBytes: 0, chunkSize: 1 << 16 });
      assert.equal(m.error?.message, generalError, `${file} workers ${workers}`);
      assert.equal(Buffer.compare(m.bytes, readFileSync(general)), 0, `${file} workers ${workers}: the general path's records`);
      assert.equal(Buffer.compare(m.bytes, (await tcpdumpPartial(file, 'ip'))), 0, `${file} workers ${workers}: tcpdump's records`);
    }
  }
});

test('-w - into a pipe whose reader starts late (Node\'s stdout pipe is non-blocking: EAGAIN is waited out): tcpdump\'s bytes', { skip: NO_TCPDUMP }, async () => {
  const dir = tempDir('tsbpf-fscan-');
  const file = `${dir}/pipe.pcap`;
  writeFileSync(file, rawPcap(frames(1_000_000)));
  const bin = new URL('../../../bin/tsbpf.js', import.meta.url).pathname;
  const viaPipe = (cmd: string): Promise<string> => new Promise((resolve, reject) => {
    // the reader sleeps first, so the pipe (64 KiB) fills and the writer meets EAGAIN
    execFile('bash', ['-c', `${cmd} | (sleep 0.3; cat) > "$0"; echo "\${PIPESTATUS[0]}"`, `${dir}/out`], (e, stdout) => (e ? reject(e) : resolve(stdout.trim())));
  });
  for (const engine of ['cbpf-wasm', 'cbpf-jit']) {
    assert.equal(await viaPipe(`node "${bin}" filter --engine ${engine} -r "${file}" -w - 'ip or ip6'`), '0', engine);
    const want = (await tcpdump(file, 'ip or ip6')).pcap!;
    assert.ok(want.length > 256 * 1024);
    assert.equal(Buffer.compare(readFileSync(`${dir}/out`), want), 0, engine);
  }
});

test('records longer than a chunk and than the room before the next input slot (it grows): tcpdump\'s bytes', { skip: NO_TCPDUMP }, async () => {
  // 100,000- and 200,000-byte records among small ones, read in 4 KiB chunks: a record's tail
  // outgrows the slot's room (scan_loop.ts grow) many times over; with 64 KiB and 1 MiB chunks
  // the 65,536/65,537-byte records sit on the room's edge
  const sizes = [60, 100000, 70000, 60, 200000, 1500, 65536, 65537, 60, 65520, 65521, 90];
  const list = sizes.map((n, i) => {
    const f = new Uint8Array(n).fill(i);
    f.set([0x08, 0x00, 0x45], 12); // IPv4 after the Ethernet header
    f[23] = i % 2 ? 6 : 17; // TCP, UDP
    return f;
  });
  const dir = tempDir('tsbpf-fscan-');
  const file = `${dir}/long.pcap`;
  writeFileSync(file, rawPcap(list));
  for (const expr of ['tcp', 'udp', 'len > 70000', 'ip']) {
    const want = await tcpdump(file, expr);
    assert.ok(want.pcap, want.error);
    for (const chunkSize of [4096, 1 << 16, 1 << 20]) {
      const m = await mine(file, expr, { chunkSize });
      assert.equal(Buffer.compare(m.bytes, want.pcap!), 0, `[${expr}] chunk ${chunkSize}: ${m.error?.message ?? ''}`);
    }
  }
});
