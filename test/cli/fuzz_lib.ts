/**
 * CLI fuzzing: hostile command lines and inputs for every command, from its own option table.
 * Every run must end (a timeout per run), exit 0, 1 or 2, and print no stack trace and no
 * "internal error". Used by test/cli/fuzz.test.ts (a fixed seed, a few hundred runs, in CI) and
 * bench/cli_fuzz.bench.ts (a larger run in `npm run bench`).
 *
 * The runs happen in a child process (fuzz_worker.ts) that calls the same `main(argv)` as
 * bin/tsbpf.js with stdout and stderr captured, so a few hundred runs take seconds; a run that
 * does not answer within the timeout is a hang: the child is killed and a new one started.
 * Every path the generator names is a copy inside a temporary directory (or a path that cannot
 * be written: /dev/null/x, /proc/x), so nothing outside it is touched.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command, OptionDef } from '../../src/cli/command.js';
import { allCommands } from '../../src/cli/registry.js';
import { commands } from '../../src/cli/main.js';
import { loadObject } from '../../src/runtime/object.js';
import { prng } from '../../src/hooks/pcap/synth.js';
import { readElf } from '../../src/elf/reader.js';
import { crc32 } from '../../src/runtime/crc32.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** the seeded PRNG the capture synthesiser uses (mulberry32), so a seed names one run */
export const rng = prng;

export interface FuzzRun { argv: string[]; code: number | null; ms: number; problem?: string; stderr: string }
export interface FuzzReport {
  runs: number;
  byCode: Record<string, number>;
  /** per command (its words; 'stray' for argv that name none): runs, and runs that got past parsing (exit 0 or 1) */
  byCommand: Record<string, { runs: number; reached: number }>;
  failures: FuzzRun[];
  ms: number;
}

type R = () => number;
const pick = <T>(r: R, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

/** flip, insert, delete or truncate bytes of a real input */
function mutate(r: R, b: Uint8Array): Uint8Array {
  const out = [...b];
  const n = 1 + Math.floor(r() * 8);
  for (let i = 0; i < n && out.length; i++) {
    const k = Math.floor(r() * out.length);
    const op = r();
    if (op < 0.5) out[k] = Math.floor(r() * 256);
    else if (op < 0.7) out.splice(k, 1 + Math.floor(r() * 16));
    else if (op < 0.85) out.splice(k, 0, ...Array.from({ length: 1 + Math.floor(r() * 8) }, () => Math.floor(r() * 256)));
    else out.length = k;
  }
  return Uint8Array.from(out);
}

/** bytes flipped inside one section of an ELF object (.BTF, .BTF.ext, symbols, relocations, code, maps) */
function mutateSection(r: R, b: Uint8Array): Uint8Array {
  let secs: { offset: number; size: number }[];
  try {
    secs = readElf(b).sections.filter((x) => x.size > 0 && x.offset + x.size <= b.length && /BTF|symtab|strtab|^\.rel|maps|text|license|data/.test(x.name));
  } catch {
    return mutate(r, b);
  }
  if (!secs.length) return mutate(r, b);
  const out = Uint8Array.from(b);
  const sec = pick(r, secs);
  for (let i = 1 + Math.floor(r() * 6); i > 0; i--) out[sec.offset + Math.floor(r() * sec.size)] = pick(r, [0, 1, 0x7f, 0x80, 0xff, Math.floor(r() * 256)]);
  return out;
}

/** a pin file (runtime/pin_format.ts) with one header field changed and its CRC-32 made right again */
function resealedPin(r: R, b: Uint8Array): Uint8Array {
  const out = Uint8Array.from(b);
  const dv = new DataView(out.buffer);
  if (out.length < 104) return out;
  // map_type, key/value size, max_entries, flags, ncpus, spin lock offset, entry count
  dv.setUint32(pick(r, [24, 28, 32, 36, 40, 44, 64, 72]), pick(r, [0, 1, 2, 8, 0xffff, 0x7fffffff, 0xffffffff, 1 << 24]), true);
  dv.setUint32(out.length - 8, crc32(out, 0, out.length - 8), true);
  return out;
}

/** a line of assembly text with one thing changed (a directive argument, a number, a symbol) */
function mutateText(r: R, text: string): string {
  const lines = text.split('\n');
  const n = 1 + Math.floor(r() * 4);
  const hostile = ['.loc 1 4294967296 0', '.loc 1 3 0', '.loc 99 1 1', '.size nosuch, .Lnope-nosuch', '.size f, f-.Lx', '.file 1 "a" "b"', '.file 4294967297 "x"', 'r0 = 0x1ffffffffffffffff ll', 'goto +2147483647', 'if r1 > 99999999999999999999 goto L', 'call 99999', 'r11 = 0', '.section x,"ax"', '.globl', '.p2align 64', '.byte 300', '.quad -1', '.ascii "\\x', 'L: L:', '.set a, a+1', '.set b, c\n.set c, b', 'r0 = *(u128 *)(r1 + 0)', '.rept 1000000000', '.endr', '.fill 4294967295, 1, 0', '.space 99999999999'];
  for (let i = 0; i < n; i++) {
    const k = Math.floor(r() * (lines.length + 1));
    const op = r();
    if (op < 0.5) lines.splice(k, 0, '\t' + pick(r, hostile));
    else if (op < 0.7 && lines[k]) lines[k] = lines[k]!.replace(/\d+/, () => pick(r, ['0', '-1', '4294967295', '18446744073709551616', '99999999999999999999999']));
    else if (op < 0.85) lines.splice(k, 1);
    else if (lines[k]) lines[k] = lines[k]!.slice(0, Math.floor(r() * lines[k]!.length));
  }
  return lines.join('\n');
}

const BATCH_LINES = [
  'null', '[]', '"x"', '1', '{}', '{"insns":5}', '{"maps":[null]}', '{"maps":{}}', '{"insns":"b700000002000000 9500000000000000","data":"00"}',
  '{"insns":"b700000002000000 9500000000000000","data":"' + '00'.repeat(64) + '"}', '{"type":5,"insns":"9500000000000000"}', '{"type":"nope"}',
  '{"maps":[{"type":"hash","max_entries":4294967295}]}', '{"maps":[{"type":"array_of_maps","inner":{"inner":{}}}]}', '{"kernel":"99.1","insns":"9500000000000000"}',
  '{"insns":"18010000000000000000000000000000 9500000000000000","maps":[{"type":"array"}]}', '{"id":{"a":[1]},"insns":"zz"}', '{', '{"prog_flags":-1}', '{"unpriv":"yes"}',
];

/** the temporary input files the generator names; `dir` holds copies, never originals */
export interface Inputs { dir: string; files: string[]; pins: string[] }

export async function makeInputs(seed: number): Promise<Inputs> {
  const r = rng(seed ^ 0x5eed);
  const dir = mkdtempSync(join(tmpdir(), 'tsbpf-fuzz-'));
  const files: string[] = [];
  const pins: string[] = [];
  const put = (name: string, data: Uint8Array | string): void => {
    writeFileSync(join(dir, name), data);
    files.push(join(dir, name));
  };
  const objs = readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.bpf.o')).sort();
  for (const f of objs) {
    copyFileSync(join(root, 'examples', f), join(dir, f));
    files.push(join(dir, f));
    const b = new Uint8Array(readFileSync(join(root, 'examples', f)));
    put(`mut-${f}`, mutate(r, b));
    put(`sec-${f}`, mutateSection(r, b));
  }
  const pcaps = ['examples/traffic.pcap', 'test/data/pcap/multi.pcapng', 'test/data/pcap/sll.pcap'];
  for (const p of pcaps) {
    const b = readFileSync(join(root, p));
    put(p.replace(/^.*\//, ''), b);
    put(`mut-${p.replace(/^.*\//, '')}`, mutate(r, b));
    put(`trunc-${p.replace(/^.*\//, '')}`, b.subarray(0, Math.floor(r() * b.length)));
  }
  const asmDir = join(root, 'test/data/asm');
  for (const s of readdirSync(asmDir).filter((f) => f.endsWith('.s')).sort().slice(0, 3)) {
    const text = readFileSync(join(asmDir, s), 'utf8');
    put(s, text);
    for (let i = 0; i < 3; i++) put(`mut${i}-${s}`, mutateText(r, text));
  }
  put('random.bin', Uint8Array.from({ length: 64 }, () => Math.floor(r() * 256)));
  put('r0.bin', Uint8Array.from([0xb7, 0, 0, 0, 2, 0, 0, 0, 0x95, 0, 0, 0, 0, 0, 0, 0]));
  put('odd.bin', Uint8Array.from([0xb7, 0, 0]));
  put('empty', new Uint8Array(0));
  put('pkt.bin', Uint8Array.from({ length: 60 }, (_, i) => (i < 12 ? 0xff : i === 12 ? 8 : i === 14 ? 0x45 : 0)));
  put('batch.jsonl', Array.from({ length: 12 }, () => pick(r, BATCH_LINES)).join('\n') + '\n');
  put('batch-bin.jsonl', mutate(r, new TextEncoder().encode(BATCH_LINES.join('\n'))));
  mkdirSync(join(dir, 'subdir'));
  files.push(join(dir, 'subdir'), join(dir, 'nonexistent'), '/dev/null', '/dev/null/x', '/proc/x');
  // real pins for the map verbs: every map of the examples that load
  for (const f of objs) {
    try {
      (await loadObject(join(dir, f), { pinMaps: join(dir, 'pins', f), ncpus: 2 })).close();
    } catch {
      continue;
    }
    if (existsSync(join(dir, 'pins', f))) for (const m of readdirSync(join(dir, 'pins', f))) pins.push(join(dir, 'pins', f, m));
  }
  // copies of real pins with a header field changed and the checksum made right again: only the
  // map code's own checks stand between them and a read past the payload
  for (const p of pins.slice()) {
    const b = resealedPin(r, new Uint8Array(readFileSync(p)));
    writeFileSync(`${p}.resealed`, b);
    pins.push(`${p}.resealed`);
  }
  files.push(...pins);
  return { dir, files, pins };
}

/** a value for a string option: its choices, numbers at the edges, paths, junk */
function value(r: R, d: OptionDef, inputs: Inputs): string {
  const x = r();
  if (d.choices && x < 0.35) return pick(r, d.choices);
  if (x < 0.55) return pick(r, inputs.files);
  if (x < 0.75) return pick(r, ['0', '1', '-1', '2', '65', '1024', '4294967296', '1e309', 'NaN', '0x10', '9999999999999999999999', '3.5']);
  if (x < 0.85) return pick(r, ['', ' ', '-', '--', 'a:b=c', 'blocklist:10.0.0.1=0', 'hash:4:4:1', 'x:1:2:3:4:5', 'BPF_F_STRICT_ALIGNMENT,nope', '%s%n', '\u0000', '../../../../etc/passwd']);
  return Array.from({ length: Math.floor(r() * 12) }, () => String.fromCharCode(32 + Math.floor(r() * 95))).join('');
}

/** a word for a placeholder of a synopsis (FILE, PATH, BYTES, N, EXPRESSION…) */
function placeholder(r: R, w: string, inputs: Inputs): string[] {
  if (w === 'BYTES') return Array.from({ length: Math.floor(r() * 9) }, () => pick(r, ['0', '1', '0x1f', '255', '256', 'hex', '0a', 'ff', '037', '0a000001', 'zz']));
  if (w === 'EXPRESSION') return Array.from({ length: 1 + Math.floor(r() * 5) }, () => pick(r, ['tcp', 'udp', 'port', '80', 'and', 'or', 'not', '(', ')', 'ip', 'host', '10.0.0.1', 'ether', 'src', 'net', '10.0.0.0/8', 'len', '>', '100', '[', ']', 'vlan', 'icmp', '&', '0x1f']));
  if (/^(MEM|HEX)$/.test(w)) return [pick(r, ['00', '0011', 'zz', '', '0'.repeat(33)])];
  // bpftrace programs that end by themselves (no probe waits for an event), and broken ones
  if (w === 'PROGRAM') return [pick(r, ['BEGIN { printf("hi %d\\n", 1); exit(); }', 'BEGIN { @a[1, "x"] = count(); @h = hist(1000); exit(); }', 'BEGIN { exit(); } END { print(@nope); }', 'BEGIN {', 'BEGIN { @x = 1 / 0; exit(); }', 'tracepoint:nope:nope { }', 'kprobe:vfs_read { @ = count(); }', 'BEGIN { printf("%s %d\\n"); exit(); }', 'BEGIN { $x = (uint8)300; print($x); exit(); }', '{', '@', 'BEGIN { while (1) { } }', 'uprobe:/nonexistent:f { }', 'BEGIN { print(ntop(0x0100007f)); exit(); }', ''])];
  // ids of kernel objects: never one that can exist (the fuzz must not touch the machine's programs, maps, links)
  if (/^(ID|FD)$/.test(w)) return [pick(r, ['0', '4294967295', '-1', '4294967296', 'x'])];
  // bpftool's selectors MAP, PROG, LINK: mostly a real pin; an id or a name no kernel object has
  if (/^(MAP|PROG|LINK)$/.test(w)) {
    const x = r();
    if (x < 0.7 && inputs.pins.length) return ['pinned', pick(r, inputs.pins)];
    if (x < 0.8) return ['pinned', pick(r, inputs.files)];
    return x < 0.9 ? ['id', pick(r, ['0', '4294967295', '-1', 'x'])] : ['name', pick(r, ['tsbpf_fuzz_none', '', 'x'.repeat(40)])];
  }
  if (/^(N|NUM)$/.test(w)) return [pick(r, ['0', '1', '-1', '4294967296', 'x'])];
  if (w === 'PATH' && inputs.pins.length && r() < 0.7) return [pick(r, inputs.pins)];
  return [pick(r, inputs.files)];
}

/**
 * The words of a synopsis such as `dump [file] FILE [format raw|c]` or `(id ID | pinned PATH) FILE`:
 * one alternative of each `a | b` (at the top level and inside brackets or parentheses), optional
 * `[…]` parts sometimes left out, `X...` repeated.
 */
export function fromSynopsis(r: R, synopsis: string, inputs: Inputs): string[] {
  const toks = synopsis.match(/\[|\]|\(|\)|\||'[^']*'|[^\s\[\]()|]+(?:\|[^\s\[\]()|]+)*/g) ?? [];
  let at = 0;
  const out: string[] = [];
  // alt := seq ('|' seq)*, seq := item*, item := '[' alt ']' | '(' alt ')' | word; emit into `into` when `on`
  const alt = (on: boolean): void => {
    const starts: number[] = [at];
    // find the alternatives of this level first, then emit only the chosen one
    let depth = 0;
    for (let k = at; k < toks.length; k++) {
      const t = toks[k]!;
      if (t === '[' || t === '(') depth++;
      else if (t === ']' || t === ')') {
        if (depth-- === 0) break;
      } else if (t === '|' && depth === 0) starts.push(k + 1);
    }
    const chosen = Math.floor(r() * starts.length);
    for (let a = 0; a < starts.length; a++) {
      at = starts[a]!;
      seq(on && a === chosen);
    }
  };
  const seq = (on: boolean): void => {
    while (at < toks.length && toks[at] !== '|' && toks[at] !== ']' && toks[at] !== ')') {
      const t = toks[at++]!;
      if (t === '[' || t === '(') {
        alt(on && (t === '(' || r() >= 0.4));
        at++; // the closing bracket
        continue;
      }
      if (on) word(t);
    }
  };
  const word = (t: string): void => {
    const w = pick(r, t.replace(/\.\.\.$/, '').replace(/^'(.*)'$/, '$1').split('|').filter(Boolean));
    if (w === undefined || w === 'OPTIONS' || w === 'ARGS') return;
    const times = t.endsWith('...') ? 1 + Math.floor(r() * 3) : 1;
    for (let k = 0; k < times; k++) {
      if (w.startsWith('-')) out.push(w);
      else if (/^[A-Z][A-Z0-9_.]*$/.test(w) || /^[A-Z]+\.[a-z]+$/.test(w)) out.push(...placeholder(r, w.replace(/\..*$/, ''), inputs));
      else out.push(w);
    }
  };
  alt(true);
  return out;
}

/** one command line for `c` (its words, then options and positionals in random order) */
export function argvFor(r: R, c: Command, inputs: Inputs): string[] {
  const words = c.name.split(' ');
  // sometimes a prefix of a word, as bpftool accepts
  const head = words.map((w) => (r() < 0.15 && w.length > 2 ? w.slice(0, 1 + Math.floor(r() * (w.length - 1))) : w));
  const parts: string[][] = [];
  const opts = Object.entries(c.options as Record<string, OptionDef>);
  const nOpts = Math.floor(r() * r() * 5);
  for (let i = 0; i < nOpts && opts.length; i++) {
    const [name, d] = pick(r, opts);
    const flag = d.short && r() < 0.3 ? `-${d.short}` : `--${name}`;
    if (d.type === 'boolean') parts.push([flag]);
    else if (r() < 0.15) parts.push([`--${name}=${value(r, d, inputs)}`]);
    else parts.push([flag, value(r, d, inputs)]);
  }
  // mostly what the synopsis says (one of its forms), sometimes random words
  if (r() < 0.8) {
    const forms = c.forms ?? [c.args ?? ''];
    // a value after an option in the synopsis stays with it
    const words = fromSynopsis(r, pick(r, forms), inputs);
    // positionals stay in their order (bpftool's keywords pair up: pinned PATH, key BYTES)
    const pos: string[] = [];
    for (let i = 0; i < words.length; i++) {
      if (words[i]!.startsWith('-') && words[i]!.length > 1) parts.push(words[i + 1] !== undefined && !words[i + 1]!.startsWith('-') ? [words[i]!, words[++i]!] : [words[i]!]);
      else pos.push(words[i]!);
    }
    if (pos.length) parts.push(pos);
  } else {
    const keywords = ['dump', 'file', 'format', 'c', 'raw', 'pinned', 'key', 'value', 'hex', 'jited', 'xlated', 'pinmaps', 'any', 'exist', 'noexist', 'tcp', 'port', '80', 'and', 'or', 'not', '(', ')', 'ip', 'host', '10.0.0.1', 'ether', '0x1f', '256'];
    for (let i = Math.floor(r() * 4); i > 0; i--) parts.push([r() < 0.6 ? pick(r, inputs.files) : pick(r, keywords)]);
  }
  if (r() < 0.1) parts.push([pick(r, ['-j', '-p', '--bogus', '-Z', '--', '-', '--help', '-jp'])]);
  // shuffle the groups (options and positionals interleave, as users write them)
  for (let i = parts.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [parts[i], parts[j]] = [parts[j]!, parts[i]!];
  }
  const argv = [...head, ...parts.flat()];
  // a live command (attach, ui) is only checked on its argument errors, never run
  if (c.live) argv.push(pick(r, ['--no-such-option', '--help']));
  return argv;
}

/** argv that are not any command's: unknown words, bare options, prefixes */
function strayArgv(r: R): string[] {
  return pick(r, [[], ['-j'], ['--version'], ['-V', 'x'], ['help'], ['help', 'nope'], ['p'], ['pr', 'r'], ['m', 'd'], ['--'], ['-'], ['\u0000'], ['prog', 'help', 'run'], ['map', 'show'], ['-jp', 'prog'], ['--json=1']]);
}

/**
 * Run `n` command lines (seeded) in a worker process; `timeoutMs` per run. The commands come from
 * the command tables (allCommands), in turn, so every command and verb gets runs/commands of them
 * (a command added to a table is fuzzed with no change here); 5% are stray argv naming no command.
 * Returns counts by exit code and by command, and every run that broke a rule.
 */
export async function fuzzCli(o: { seed: number; runs: number; timeoutMs?: number; log?: (s: string) => void; onRun?: (run: FuzzRun) => void }): Promise<FuzzReport> {
  const t0 = Date.now();
  const r = rng(o.seed);
  const cmds = await allCommands(commands);
  const inputs = await makeInputs(o.seed);
  // a hang is no answer in a minute: `feature probe` and `list -v` take 5 s here when the machine is
  // quiet (probing the kernel, reading 2000 tracepoint formats), more than 10 s under load
  const timeoutMs = o.timeoutMs ?? 60_000;
  const byCode: Record<string, number> = {};
  const byCommand: Record<string, { runs: number; reached: number }> = {};
  let turn = 0;
  const failures: FuzzRun[] = [];
  let child: ChildProcess | undefined;
  const worker = new URL('./fuzz_worker.js', import.meta.url);
  const start = (): ChildProcess => fork(fileURLToPath(worker), [], { cwd: inputs.dir, stdio: ['pipe', 'ignore', 'pipe', 'ipc'], env: { ...process.env, TSBPF_DEBUG: '', NO_COLOR: '1' } });
  try {
    for (let i = 0; i < o.runs; i++) {
      const cmd = r() < 0.05 ? undefined : cmds[turn++ % cmds.length]!;
      const argv = cmd ? argvFor(r, cmd, inputs) : strayArgv(r);
      if (!child) {
        child = start();
        // stdin at its end: `--batch -` and conformance-plugin read nothing, not forever
        child.stdin!.end();
      }
      const c = child;
      const t = Date.now();
      const res = await new Promise<{ code: number | null; stderr: string; problem?: string }>((resolve) => {
        const timer = setTimeout(() => {
          c.kill('SIGKILL');
          resolve({ code: null, stderr: '', problem: `no answer within ${timeoutMs} ms (a hang)` });
        }, timeoutMs);
        const onMsg = (m: { code: number; stderr: string }): void => {
          clearTimeout(timer);
          c.off('exit', onExit);
          resolve(m);
        };
        const onExit = (code: number | null, sig: string | null): void => {
          clearTimeout(timer);
          c.off('message', onMsg);
          resolve({ code: null, stderr: '', problem: `the process ended (exit ${code}, signal ${sig})` });
        };
        c.once('message', onMsg);
        c.once('exit', onExit);
        c.send({ argv });
      });
      if (res.code === null) child = undefined;
      const run: FuzzRun = { argv, code: res.code, ms: Date.now() - t, stderr: res.stderr, ...(res.problem ? { problem: res.problem } : {}) };
      byCode[String(res.code)] = (byCode[String(res.code)] ?? 0) + 1;
      const per = (byCommand[cmd?.name ?? 'stray'] ??= { runs: 0, reached: 0 });
      per.runs++;
      if (res.code === 0 || res.code === 1) per.reached++;
      if (!run.problem) {
        if (res.code !== 0 && res.code !== 1 && res.code !== 2) run.problem = `exit code ${res.code}`;
        else if (/\n\s+at .*:\d+:\d+/.test(res.stderr)) run.problem = 'a stack trace';
        else if (/internal error/.test(res.stderr)) run.problem = 'an internal error';
      }
      o.onRun?.(run);
      if (run.problem) {
        failures.push(run);
        o.log?.(`fuzz: ${run.problem}: tsbpf ${argv.map((a) => JSON.stringify(a)).join(' ')}\n${res.stderr.slice(0, 400)}`);
      }
    }
  } finally {
    child?.kill('SIGKILL');
    rmSync(inputs.dir, { recursive: true, force: true });
  }
  return { runs: o.runs, byCode, byCommand, failures, ms: Date.now() - t0 };
}
