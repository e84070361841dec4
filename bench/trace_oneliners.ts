/**
 * bpftrace one-liners written by others (bench/trace_oneliners_corpus.ts: the tutorial, the
 * reference guide, the man page, Brendan Gregg's list) run by `tsbpf trace -f json` and
 * `bpftrace -f json` under `-c TICK DIR`: a workload built here that makes known system calls
 * (opens of known files, reads and writes of known sizes, nanosleeps, a UDP datagram to itself, a
 * TCP connection over loopback, an execve at the end), calls known user functions and fires a usdt
 * probe. Each script is confined to the workload (`pid == cpid` added to the predicate of every
 * probe but BEGIN, END and interval), its output normalised (the workload's pid and directory
 * named) and compared as the entry says (exact, numbers masked, or map names only).
 *
 * `node dist/bench/trace_oneliners.js [-v] [--fixes] [FILTER]` (--fixes: the checks of the fixes it led to): counts per verdict and every script that did
 * not agree. test/lang/bpftrace_oneliners.test.ts runs the same in CI.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWorkload, caseArgs, judge, type CaseResult, type Ran, type Verdict } from './trace_fuzz_gen.js';
import { ONE_LINERS, FIX_CHECKS, type Compare, type OneLiner } from './trace_oneliners_corpus.js';

/**
 * The workload, named tick (the reference guide's usdt examples name their binary and provider
 * tick). argv[1] is a directory holding `data` (5000 bytes); it writes its pid to DIR/pid first.
 * Nothing it does depends on the run but the pid, which the comparison names.
 */
export const TICK_C = `#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sdt.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
struct MyStruct { int y[4]; };
__attribute__((noinline)) int test_struct(struct MyStruct *s) { return s->y[0] + s->y[3]; }
__attribute__((noinline)) long work(int x, const char *s) { return x * 2 + s[0]; }
static char path[4096], buf[8192];
static const char *at(const char *dir, const char *name) { snprintf(path, sizeof path, "%s/%s", dir, name); return path; }
int main(int argc, char **argv) {
  const char *dir = argc > 1 ? argv[1] : ".";
  int fd = open(at(dir, "pid"), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  int n = snprintf(buf, sizeof buf, "%d\\n", getpid());
  if (fd < 0 || write(fd, buf, n) != n) return 1;
  close(fd);
  /* reads of 1000, 1000, 3000 and 0 bytes (EOF) from a 5000-byte file; an open that fails */
  fd = open(at(dir, "data"), O_RDONLY);
  if (fd < 0) return 1;
  const int sizes[] = { 1000, 1000, 4000, 100 };
  for (int i = 0; i < 4; i++) if (read(fd, buf, sizes[i]) < 0) return 1;
  close(fd);
  if (open(at(dir, "missing"), O_RDONLY) >= 0) return 1;
  fd = syscall(SYS_open, at(dir, "data"), O_RDONLY);
  close(fd);
  FILE *f = fopen(at(dir, "data"), "r");
  if (f) fclose(f);
  /* writes of known sizes and text */
  fd = open("/dev/null", O_WRONLY);
  memset(buf, 'x', sizeof buf);
  const int wsizes[] = { 1, 10, 100, 1000, 5000 };
  for (int i = 0; i < 5; i++) if (write(fd, buf, wsizes[i]) < 0) return 1;
  if (write(fd, "hello, world\\n", 13) < 0) return 1;
  close(fd);
  /* sleeps: two nanosleep(2) and two clock_nanosleep(2) of 1 ms */
  struct timespec ts = { 0, 1000000 };
  for (int i = 0; i < 2; i++) syscall(SYS_nanosleep, &ts, NULL);
  for (int i = 0; i < 2; i++) nanosleep(&ts, NULL);
  /* user functions and a usdt probe */
  static const char *names[] = { "even", "odd" };
  long t = 0;
  for (int i = 0; i < 7; i++) t += work(i, names[i % 2]);
  struct MyStruct ms = { { 1, 2, 3, 4 } };
  t += test_struct(&ms);
  for (int i = 1; i <= 5; i++) DTRACE_PROBE2(tick, loop, "my string", i);
  void *p = malloc(1234);
  free(p);
  /* a datagram to itself (sendto, sendmsg), and a TCP connection over loopback */
  int u = socket(AF_INET, SOCK_DGRAM, 0);
  struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
  socklen_t al = sizeof a;
  if (u < 0 || bind(u, (struct sockaddr *)&a, sizeof a) || getsockname(u, (struct sockaddr *)&a, &al)) return 1;
  static const char dgram[] = { 8, 0, '+', (char)0xb9, 'A', 'e', 'n', 0, 1, 2 };
  if (sendto(u, dgram, sizeof dgram, 0, (struct sockaddr *)&a, sizeof a) < 0) return 1;
  struct iovec iov = { (void *)"ping", 4 };
  struct msghdr mh = { .msg_name = &a, .msg_namelen = sizeof a, .msg_iov = &iov, .msg_iovlen = 1 };
  if (sendmsg(u, &mh, 0) < 0) return 1;
  recv(u, buf, sizeof buf, 0);
  recv(u, buf, sizeof buf, 0);
  close(u);
  int l = socket(AF_INET, SOCK_STREAM, 0), c = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in b = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
  socklen_t bl = sizeof b;
  if (l < 0 || c < 0 || bind(l, (struct sockaddr *)&b, sizeof b) || listen(l, 1) || getsockname(l, (struct sockaddr *)&b, &bl)) return 1;
  if (connect(c, (struct sockaddr *)&b, sizeof b)) return 1;
  int s = accept(l, NULL, NULL);
  close(c);
  close(s);
  close(l);
  /* the last act: an execve of /bin/true with arguments (the same pid) */
  if (t == 0) return 1;
  char *args[] = { "true", "a", "b,c", NULL };
  execv("/bin/true", args);
  return 1;
}
`;

/**
 * The workload's own events: its pid, once it has exec'd. Before its exec the `-c` child is the
 * tracer's (bpftrace 0.17: its own fork, comm `bpftrace`, a read of the go-ahead, close, execve;
 * tsbpf: a shell, comm `sh`, reading a line then exec'ing), whose events no two tracers share.
 */
const CONFINE = 'pid == cpid && comm != "bpftrace" && comm != "sh"';

/** the probes of a header (the text before a top-level `{`), its predicate apart */
function splitHeader(header: string): { probes: string; pred?: string } {
  // a predicate is `/.../` after white space (a path in a probe follows `:`), ending the header
  const m = /^([\s\S]*?\S)\s+\/(?!\/)([\s\S]*)\/\s*$/.exec(header);
  return m ? { probes: m[1]!, pred: m[2]! } : { probes: header };
}

/**
 * The program with CONFINE added to the predicate of every action block whose probes are not
 * all BEGIN, END or interval (those run in no process of the workload's); struct definitions and
 * preprocessor lines are kept as they are.
 */
export function confine(prog: string): string {
  let out = '';
  let depth = 0;
  let start = 0;
  for (let i = 0; i < prog.length; i++) {
    const c = prog[i];
    if (c === '"') {
      for (i++; i < prog.length && prog[i] !== '"'; i++) if (prog[i] === '\\') i++;
    } else if (c === '{') {
      if (depth++ === 0) {
        const header = prog.slice(start, i);
        // lines of the preprocessor and a struct definition stay as they are
        const lines = header.split('\n');
        const pre = lines.filter((l) => l.trimStart().startsWith('#'));
        const rest = lines.filter((l) => !l.trimStart().startsWith('#')).join('\n');
        const { probes, pred } = splitHeader(rest);
        const kinds = probes.split(',').map((p) => p.trim());
        const timed = kinds.every((p) => /^(BEGIN|END|i:|interval:)/.test(p));
        if (/^\s*struct\b/.test(rest) || timed) out += header;
        else out += `${pre.map((l) => `${l}\n`).join('')}${probes.trimEnd()} /${CONFINE}${pred ? ` && (${pred})` : ''}/ `;
        start = i;
      }
    } else if (c === '}') {
      if (--depth === 0) {
        out += prog.slice(start, i + 1);
        start = i + 1;
      }
    }
  }
  return out + prog.slice(start);
}

/** the results as the entry compares them */
export function reducer(mode: Compare): ((r: unknown[]) => unknown[]) | undefined {
  if (mode === 'exact') return undefined;
  // addresses: 0x-prefixed, or the bare 8-16 hex digits of a perf-mode stack frame
  if (mode === 'digits') return (rs) => rs.map((r) => JSON.parse(JSON.stringify(r).replace(/0x[0-9a-f]+|(?<![0-9a-f])[0-9a-f]{8,16}(?![0-9a-f])|-?\d+/g, '0')) as unknown);
  // names: each kind of output once, maps by name
  return (rs) => [...new Set(rs.map((r) => {
    const x = r as { type: string; data?: unknown };
    return x.data && typeof x.data === 'object' && !Array.isArray(x.data) && x.type !== 'printf' ? `${x.type} ${Object.keys(x.data).join(' ')}` : x.type;
  }))].sort();
}

export interface Workload {
  dir: string;
  bin: string;
  cmd: string;
}

/** build the workload in a new directory, with its data file; or why it cannot be */
export function buildTick(): Workload | { error: string } {
  const dir = mkdtempSync(join(tmpdir(), 'tlang-ol-'));
  writeFileSync(join(dir, 'data'), Buffer.alloc(5000, 'd'));
  const bin = buildWorkload(dir, spawnSync, writeFileSync, TICK_C, 'tick');
  if (typeof bin !== 'string') {
    rmSync(dir, { recursive: true, force: true });
    return bin;
  }
  return { dir, bin, cmd: `${bin} ${dir}` };
}

/** the entry's program for a workload: confined unless it says not, BIN and DIR filled in */
function programFor(e: OneLiner, w: Workload): string {
  return (e.noConfine ? e.prog : confine(e.prog)).replaceAll('BIN', w.bin).replaceAll('DIR', w.dir);
}

/** the workload's pid (it writes it first) and its directory named in a tracer's output: they differ between runs */
function normaliser(w: Workload): (out: string) => string {
  return (out) => {
    let pid = '';
    try {
      pid = readFileSync(join(w.dir, 'pid'), 'utf8').trim();
    } catch { /* the workload did not start */ }
    const named = out.replaceAll(w.dir, 'DIR');
    return pid ? named.replace(new RegExp(`(?<![0-9])${pid}(?![0-9])`, 'g'), 'PID') : named;
  };
}

/** run a tracer to its end, its output read as latin1 (a byte a character) */
function runTracer(cmd: string, args: string[], env: NodeJS.ProcessEnv | undefined): Promise<{ status: number | null; signal: string | null; stdout: string; stderr: string }> {
  return new Promise((res) => {
    const p = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    p.stdout.on('data', (d: Buffer) => out.push(d));
    p.stderr.on('data', (d: Buffer) => err.push(d));
    const timer = setTimeout(() => p.kill('SIGKILL'), 120000);
    p.on('close', (status, signal) => {
      clearTimeout(timer);
      res({ status, signal, stdout: Buffer.concat(out).toString('latin1'), stderr: Buffer.concat(err).toString('latin1') });
    });
    p.on('error', (e) => {
      clearTimeout(timer);
      res({ status: 127, signal: null, stdout: '', stderr: String(e) });
    });
  });
}

/**
 * One entry, compared as it says: tsbpf on workload `ours` and bpftrace on `theirs` (two builds
 * of the same workload in two directories of the same length, so that the program texts, and the
 * columns of an error, are the same once the directory is named), both at once.
 */
export async function runOneLiner(e: OneLiner, ours: Workload, theirs: Workload, tsbpf: string): Promise<CaseResult & { mode: Compare }> {
  const mode = e.compare ?? 'exact';
  const opts = { flags: e.flags, params: e.params, reduce: reducer(mode) };
  const env = e.env ? { ...process.env, ...e.env } : undefined;
  rmSync(join(ours.dir, 'pid'), { force: true });
  rmSync(join(theirs.dir, 'pid'), { force: true });
  const [o, t] = await Promise.all([
    runTracer(process.execPath, [tsbpf, 'trace', ...caseArgs(programFor(e, ours), ours.cmd, opts)], env),
    runTracer('bpftrace', caseArgs(programFor(e, theirs), theirs.cmd, opts), env),
  ]);
  const a: Ran = { ...o, stdout: normaliser(ours)(o.stdout), stderr: o.stderr.replaceAll(ours.dir, 'DIR') };
  const b: Ran = { ...t, stdout: normaliser(theirs)(t.stdout), stderr: t.stderr.replaceAll(theirs.dir, 'DIR') };
  const prog = programFor(e, ours).replaceAll(ours.dir, 'DIR');
  return { ...judge(prog, a, b, opts), mode };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const TSBPF = fileURLToPath(new URL('../../bin/tsbpf.js', import.meta.url));
  const verbose = process.argv.includes('-v');
  const filter = process.argv.slice(2).find((a) => !a.startsWith('-'));
  const w = buildTick();
  const w2 = buildTick();
  if ('error' in w || 'error' in w2) {
    console.error('error' in w ? w.error : (w2 as { error: string }).error);
    process.exitCode = 1;
  } else {
    try {
      const counts: Partial<Record<Verdict, number>> = {};
      const chosen = (process.argv.includes('--fixes') ? FIX_CHECKS : ONE_LINERS).filter((e) => !filter || e.src.includes(filter) || e.prog.includes(filter));
      for (const e of chosen) {
        const r = await runOneLiner(e, w, w2, TSBPF);
        counts[r.verdict] = (counts[r.verdict] ?? 0) + 1;
        if (r.verdict !== 'agree' || verbose) console.log(`[${e.src}] ${r.verdict} (${r.mode}): ${r.prog.replaceAll('DIR/tick', 'BIN')}${r.detail ? `\n  ${r.detail.replaceAll('\n', '\n  ')}` : ''}`);
      }
      console.log(`${chosen.length} one-liners: ${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ')}`);
    } finally {
      rmSync(w.dir, { recursive: true, force: true });
      rmSync(w2.dir, { recursive: true, force: true });
    }
  }
}
