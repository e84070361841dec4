/**
 * Random bpftrace one-liners over the language, for comparing `tsbpf trace` with bpftrace 0.17
 * (test/lang/bpftrace_fuzz.test.ts: a bounded fixed-seed run in CI; bench/trace_fuzz.ts: the long
 * run). Every program traces one workload (WORKLOAD_C, built by the caller and run with `-c`)
 * through a fixed set of probes whose values do not depend on the run: the workload's uprobe and
 * uretprobe on `work(a, b, s)`, and its write(2) calls (filtered with `pid == cpid`). Nothing
 * that differs between two runs is printed (pid, time, cpu, addresses). Expressions use every
 * operator, casts, ternaries and comparisons over those values and constants; maps take 1-3 keys
 * and every aggregation; printf takes random conversions, flags, widths and length modifiers.
 */

/** the workload: 12 calls of work() with known, partly negative arguments and 12 writes of known sizes */
export const WORKLOAD_C = `#include <fcntl.h>
#include <string.h>
#include <unistd.h>
static const char *names[] = { "alpha", "be", "gamma-ray", "", "delta" };
__attribute__((noinline)) long work(int a, long b, const char *s) { return a * 3 + b - (long)strlen(s); }
int main(void) {
  static char buf[4096];
  memset(buf, 'x', sizeof buf);
  /* touch every name first: a string a probe reads must be paged in (a fault reads as "") */
  size_t n = 0;
  for (int i = 0; i < 5; i++) n += strlen(names[i]);
  int fd = open("/dev/null", O_WRONLY);
  long t = 0;
  for (int i = 0; i < 12; i++) {
    t += work(i * 7 - 20, (long)i * 1000003 - 5000000, names[i % 5]);
    if (write(fd, buf, (i * 37) % 300 + (i == 5 ? 3000 : 0)) < 0) return 2;
  }
  close(fd);
  return t == 42 && n == 0;
}
`;

type Rng = () => number;

/** xorshift32, so a seed names the same programs on every machine */
export function rng(seed: number): Rng {
  let s = seed >>> 0 || 0x9e3779b9;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 0x100000000;
  };
}

interface ProbeKind {
  /** the attach point, with BIN for the workload's path */
  head: string;
  /** a predicate every use gets (the workload's own events only) */
  pred?: string;
  /** integer values this probe offers */
  ints: string[];
  /** string values this probe offers */
  strs: string[];
}

const PROBES: ProbeKind[] = [
  { head: 'uprobe:BIN:work', ints: ['arg0', 'arg1', '(int32)arg0', '(int64)arg1'], strs: ['str(arg2)', 'comm'] },
  { head: 'uretprobe:BIN:work', ints: ['retval', '(int64)retval'], strs: ['comm'] },
  { head: 'tracepoint:syscalls:sys_enter_write', pred: 'pid == cpid', ints: ['args->count', 'args->fd'], strs: ['comm'] },
  { head: 'tracepoint:syscalls:sys_exit_write', pred: 'pid == cpid', ints: ['args->ret'], strs: ['comm'] },
];

const BINOPS = ['+', '-', '*', '/', '%', '&', '|', '^', '<<', '>>', '==', '!=', '<', '>', '<=', '>=', '&&', '||'];
const CASTS = ['uint8', 'int8', 'uint16', 'int16', 'uint32', 'int32', 'uint64', 'int64'];
const STR_LITS = ['"alpha"', '"be"', '"x"', '""', '"gamma-ray"'];

class Gen {
  private vars: string[] = [];
  constructor(private r: Rng, private p: ProbeKind) {}
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.r() * xs.length)]!;
  }
  chance(p: number): boolean {
    return this.r() < p;
  }
  int(): string {
    const k = this.r();
    if (k < 0.5) return String(Math.floor(this.r() * 20));
    if (k < 0.8) return String(Math.floor(this.r() * 5000) - 1000);
    return String(Math.floor(this.r() * 2 ** 40));
  }
  intExpr(depth: number): string {
    const leaf = depth <= 0 || this.chance(0.3);
    if (leaf) {
      const k = this.r();
      if (k < 0.5) return this.pick(this.p.ints);
      if (k < 0.6 && this.vars.length) return this.pick(this.vars);
      return this.int();
    }
    const k = this.r();
    if (k < 0.55) {
      const op = this.pick(BINOPS);
      // shift amounts past the width are undefined in LLVM (bpftrace's back end): constants 0-31 only
      if (op === '<<' || op === '>>') return `(${this.intExpr(depth - 1)} ${op} ${Math.floor(this.r() * 32)})`;
      // a divisor LLVM can prove zero is undefined behaviour it folds away (bpftrace's `x % (a > a)`
      // took either branch): `| 1` keeps divisors non-zero; division by a run-time zero is tested apart
      if (op === '/' || op === '%') return `(${this.intExpr(depth - 1)} ${op} (${this.intExpr(depth - 1)} | 1))`;
      return `(${this.intExpr(depth - 1)} ${op} ${this.intExpr(depth - 1)})`;
    }
    if (k < 0.7) return `(${this.pick(CASTS)})(${this.intExpr(depth - 1)})`;
    if (k < 0.8) return `(${this.intExpr(depth - 1)} ? ${this.intExpr(depth - 1)} : ${this.intExpr(depth - 1)})`;
    if (k < 0.9) return `${this.pick(['-', '~', '!'])}(${this.intExpr(depth - 1)})`;
    return `(${this.strExpr()} ${this.pick(['==', '!='])} ${this.strExpr()})`;
  }
  strExpr(): string {
    return this.chance(0.6) ? this.pick(this.p.strs) : this.pick(STR_LITS);
  }
  key(): string {
    return this.chance(0.65) ? this.intExpr(1) : this.strExpr();
  }
  printf(): string {
    const n = 1 + Math.floor(this.r() * 3);
    const specs: string[] = [];
    const args: string[] = [];
    for (let i = 0; i < n; i++) {
      const str = this.chance(0.25);
      // bpftrace 0.17 knows the flag `-` and a width's leading 0; now and then another flag, which both must refuse
      const flag = this.chance(0.04) ? this.pick(['+', ' ', '#']) : this.pick(['', '', '-', '0']);
      const width = this.chance(0.5) ? String(1 + Math.floor(this.r() * 12)) : '';
      if (str) {
        specs.push(`%${flag === '-' ? '-' : ''}${width}s`);
        args.push(this.strExpr());
      } else {
        const conv = this.pick(['d', 'u', 'x', 'X', 'o', 'd', 'u', 'c']);
        const len = conv === 'c' ? '' : this.pick(['', '', 'l', 'll', 'h', 'hh']);
        specs.push(`%${flag}${width}${len}${conv}`);
        args.push(this.intExpr(2));
      }
    }
    return `printf("${specs.join(this.pick([' ', '|', ', ']))}\\n", ${args.join(', ')});`;
  }
  mapStmt(name: string): string {
    const nk = Math.floor(this.r() * 4);
    const keys = Array.from({ length: nk }, () => this.key());
    const target = nk ? `${name}[${keys.join(', ')}]` : name;
    const v = this.intExpr(2);
    switch (this.pick(['count', 'sum', 'avg', 'min', 'max', 'stats', 'hist', 'lhist', 'assign', 'assign'])) {
      case 'count': return `${target} = count();`;
      case 'sum': return `${target} = sum(${v});`;
      case 'avg': return `${target} = avg(${v});`;
      case 'min': return `${target} = min(${v});`;
      case 'max': return `${target} = max(${v});`;
      case 'stats': return `${target} = stats(${v});`;
      case 'hist': return `${target} = hist(${v});`;
      case 'lhist': {
        // now and then a negative min, which both must refuse
        const lo = Math.floor(this.r() * 200) - (this.chance(0.05) ? 100 : 0);
        const step = 1 + Math.floor(this.r() * 200);
        return `${target} = lhist(${v}, ${lo}, ${lo + step * (1 + Math.floor(this.r() * 10))}, ${step});`;
      }
      default: return `${target} = ${this.chance(0.2) ? this.strExpr() : v};`;
    }
  }
  body(maps: { n: number }): string {
    const out: string[] = [];
    const n = 1 + Math.floor(this.r() * 3);
    for (let i = 0; i < n; i++) {
      const k = this.r();
      if (k < 0.2) {
        const v = `$v${this.vars.length}`;
        out.push(`${v} = ${this.intExpr(2)};`);
        this.vars.push(v);
      } else if (k < 0.6) out.push(this.mapStmt(`@m${maps.n++}`));
      else if (k < 0.85) out.push(this.printf());
      else out.push(`if (${this.intExpr(2)}) { ${this.mapStmt(`@m${maps.n++}`)} } else { ${this.printf()} }`);
    }
    return out.join(' ');
  }
}

/** one program: 1-2 probes from the fixed set, each with a body of 1-3 statements */
export function genProgram(seed: number, bin: string): string {
  const r = rng(seed);
  const maps = { n: 0 };
  const nprobes = 1 + Math.floor(r() * 2);
  const parts: string[] = [];
  const used = new Set<number>();
  for (let i = 0; i < nprobes; i++) {
    let pi = Math.floor(r() * PROBES.length);
    while (used.has(pi)) pi = (pi + 1) % PROBES.length;
    used.add(pi);
    const p = PROBES[pi]!;
    const g = new Gen(r, p);
    const extra = g.chance(0.3) ? g.intExpr(1) : undefined;
    const pred = [p.pred, extra].filter(Boolean).join(' && ');
    parts.push(`${p.head.replace('BIN', bin)} ${pred ? `/${pred}/ ` : ''}{ ${g.body(maps)} }`);
  }
  return parts.join(' ');
}

/** the lines of `-f json` output that carry results, parsed; maps compare as objects (bpftrace sorts equal values in no fixed order) */
export function jsonResults(out: string): unknown[] {
  return out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { type: string }).filter((j) => j.type !== 'attached_probes');
}

export type Verdict = 'agree' | 'both refuse alike' | 'bpftrace 0.17 bug' | 'disagree' | 'tsbpf fails' | 'bpftrace fails' | 'both fail';

/**
 * What bpftrace 0.17 prints wrongly, modelled so that a difference it explains is counted apart
 * (`bpftrace 0.17 bug`) rather than as a disagreement; tsbpf does not reproduce these:
 * - JSON strings: its json_escape sends every byte >= 0x80 (a negative `char`) through the
 *   control-character branch, `\u` and the sign-extended int in hex: `\uffffffc3` for 0xc3. tsbpf
 *   writes the byte (a UTF-8 file name stays UTF-8).
 * - max(): the update is `if (v >= current)` with a missing element read as 0, so a negative value
 *   never creates the element; min() stores `0xffffffff - v` under the same test, so a value above
 *   0xffffffff never does (its codegen's comment: "Store the max of (0xffffffff - val)"). An
 *   element whose every value was so is missing from bpftrace's output.
 * - hist(): its log2 (createLog2Function) halves the value 16, 8, 4, 2, 1 bits at a time, so every
 *   value >= 2^31 lands in the bucket [2G, 4G), which JSON prints with 32-bit bounds
 *   (`{"min": -2147483648, "max": 0}`); tsbpf's buckets go on to 2^63.
 */
function modelBpftraceBugs(prog: string, ours: unknown[]): { ours: unknown[]; bugs: string[] } {
  const bugs = new Set<string>();
  // the map's assignment in the program: `@m0[...] = min(` (names are @m0, @m1... and never a prefix of another in one statement)
  const aggOf = (name: string): string | undefined => new RegExp(`${name}(?![\\w])(\\[[^;]*?\\])?\\s*=\\s*(min|max)\\(`).exec(prog)?.[2];
  const keep = (agg: string | undefined, v: unknown): boolean => {
    if (typeof v !== 'number') return true;
    if (agg === 'max' && v < 0) return bugs.add('max() of negative values only'), false;
    if (agg === 'min' && v > 0xffffffff) return bugs.add('min() of values above 0xffffffff only'), false;
    return true;
  };
  type Bucket = { min?: number; max: number; count: number };
  const capHist = (bs: Bucket[]): Bucket[] => {
    const at = bs.findIndex((b) => (b.min ?? 0) >= 2 ** 31);
    if (at < 0) return bs;
    const n = bs.slice(at).reduce((t, b) => t + b.count, 0);
    if (n) bugs.add('hist() of values >= 2^31');
    return [...bs.slice(0, at), ...(n ? [{ min: -2147483648, max: 0, count: n }] : [])];
  };
  const out: unknown[] = [];
  for (const r of ours as Array<{ type: string; data: Record<string, unknown> }>) {
    if (r.type === 'hist' && r.data) {
      out.push({ ...r, data: Object.fromEntries(Object.entries(r.data).map(([name, v]) => [name, Array.isArray(v) ? capHist(v as Bucket[]) : Object.fromEntries(Object.entries(v as Record<string, Bucket[]>).map(([k, bs]) => [k, capHist(bs)]))])) });
      continue;
    }
    if (r.type !== 'map' || !r.data) {
      out.push(r);
      continue;
    }
    const data: Record<string, unknown> = {};
    for (const [name, v] of Object.entries(r.data)) {
      const agg = aggOf(name);
      if (v && typeof v === 'object') {
        const kept = Object.fromEntries(Object.entries(v).filter(([, x]) => keep(agg, x)));
        if (Object.keys(kept).length) data[name] = kept;
      } else if (keep(agg, v)) data[name] = v;
    }
    if (Object.keys(data).length) out.push({ ...r, data });
  }
  return { ours: out, bugs: [...bugs] };
}

/** bpftrace 0.17's JSON escape of a byte >= 0x80 (see modelBpftraceBugs) back to the byte, on output read as latin1 */
function unescapeHighBytes(stdout: string): { text: string; found: boolean } {
  let found = false;
  const text = stdout.replace(/\\uffffff([89a-f][0-9a-f])/g, (_m, h: string) => ((found = true), String.fromCharCode(parseInt(h, 16))));
  return { text, found };
}

export interface CaseResult {
  prog: string;
  verdict: Verdict;
  /** the first difference, or the failing tool's first error line */
  detail?: string;
}

/** the first error line a tool printed (bpftrace's RLIMIT_MEMLOCK notice is not one) */
function firstError(stderr: string): string {
  const lines = stderr.split('\n').filter((l) => l.trim() && !l.includes('RLIMIT'));
  const i = lines.findIndex((l) => /ERROR|error/.test(l));
  return (i >= 0 ? lines[i]! : lines.filter((l) => !/WARNING/.test(l))[0] ?? '').slice(0, 300);
}

/** how runCase runs a program: more flags, positional parameters, environment, the output normalised */
export interface CaseOptions {
  /** flags before `-e` (both tracers) */
  flags?: string[];
  /** positional parameters after the program */
  params?: string[];
  /** added to the environment of both */
  env?: Record<string, string>;
  /** applied to each tracer's stdout before it is parsed (a pid named, a path named) */
  normalise?: (stdout: string) => string;
  /** results reduced before they are compared (numbers masked, map names only) */
  reduce?: (results: unknown[]) => unknown[];
}

/** the arguments both tracers get for a program under `-c cmd` */
export function caseArgs(prog: string, cmd: string, opts: CaseOptions = {}): string[] {
  return [...(opts.flags ?? []), '-f', 'json', '-c', cmd, '-e', prog, ...(opts.params ?? [])];
}

/** what a tracer's run left: its exit and its output (stdout already normalised) */
export interface Ran {
  status: number | null;
  signal?: string | null;
  stdout: string;
  stderr: string;
}

/** run one program under `-c cmd` with both tracers (-f json) and compare what they print */
export function runCase(prog: string, cmd: string, tsbpf: string, spawn: typeof import('node:child_process').spawnSync, opts: CaseOptions = {}): CaseResult {
  const args = caseArgs(prog, cmd, opts);
  const env = opts.env ? { ...process.env, ...opts.env } : undefined;
  const norm = opts.normalise ?? ((x: string) => x);
  // latin1: a byte per character, so that printed bytes >= 0x80 compare as bytes
  const o = spawn(process.execPath, [tsbpf, 'trace', ...args], { encoding: 'latin1', timeout: 120000, env });
  const ours: Ran = { status: o.status, signal: o.signal, stdout: norm(o.stdout ?? ''), stderr: o.stderr ?? '' };
  const t = spawn('bpftrace', args, { encoding: 'latin1', timeout: 120000, env });
  const theirs: Ran = { status: t.status, signal: t.signal, stdout: norm(t.stdout ?? ''), stderr: t.stderr ?? '' };
  return judge(prog, ours, theirs, opts);
}

/** the verdict on one program's two runs */
export function judge(prog: string, ours: Ran, theirs: Ran, opts: CaseOptions = {}): CaseResult {
  const oursOut = ours.stdout;
  const theirsOut = theirs.stdout;
  const okOurs = ours.status === 0;
  const okTheirs = theirs.status === 0 && /attached_probes/.test(theirsOut);
  if (!okOurs && !okTheirs) {
    const [x, y] = [firstError(ours.stderr), firstError(theirs.stderr)];
    // the same error (message and place) from both: agreement on a script bpftrace refuses
    // bpftrace 0.17 words some refusals from its code generator as `Failed to compile: ...` and without a place
    const msg = (l: string): string => l.replace(/^stdin:\d+:\d+-\d+: /, '').replace(/^ERROR: Failed to compile: /, 'ERROR: ');
    return { prog, verdict: msg(x) === msg(y) ? 'both refuse alike' : 'both fail', detail: `tsbpf: ${x}\nbpftrace: ${y}` };
  }
  if (!okTheirs) return { prog, verdict: 'bpftrace fails', detail: firstError(theirs.stderr) || `exit ${theirs.status ?? theirs.signal}` };
  if (!okOurs) return { prog, verdict: 'tsbpf fails', detail: firstError(ours.stderr) || `exit ${ours.status ?? ours.signal}` };
  const reduce = opts.reduce ?? ((x: unknown[]) => x);
  const a = reduce(jsonResults(oursOut));
  const b = reduce(jsonResults(theirsOut));
  const sa = a.map((x) => JSON.stringify(x));
  const sb = b.map((x) => JSON.stringify(x));
  if (JSON.stringify(a) === JSON.stringify(b) || sameMaps(a, b)) return { prog, verdict: 'agree' };
  const esc = unescapeHighBytes(theirsOut);
  const modelled = modelBpftraceBugs(prog, a);
  const bugs = [...(esc.found ? ['JSON escape of bytes >= 0x80'] : []), ...modelled.bugs];
  if (bugs.length && sameMaps(modelled.ours, reduce(jsonResults(esc.text)))) return { prog, verdict: 'bpftrace 0.17 bug', detail: bugs.join('; ') };
  const i = sa.findIndex((x, k) => x !== sb[k]);
  return { prog, verdict: 'disagree', detail: `tsbpf: ${sa[i] ?? '(nothing)'}\nbpftrace: ${sb[i] ?? '(nothing)'}` };
}

/** equal up to the order of a map's keys (bpftrace orders equal values as std::sort leaves them) */
export function sameMaps(a: unknown[], b: unknown[]): boolean {
  if (a.length !== b.length) return false;
  const norm = (x: unknown): string => JSON.stringify(x, (_k, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([p], [q]) => (p < q ? -1 : p > q ? 1 : 0))) : v));
  return a.every((x, i) => norm(x) === norm(b[i]));
}

/** compile a workload (WORKLOAD_C unless given) into dir/NAME with cc (-O1 -g: work() stays a function); the path, or why not */
export function buildWorkload(dir: string, spawn: typeof import('node:child_process').spawnSync, write: (p: string, s: string) => void, source = WORKLOAD_C, name = 'workload'): string | { error: string } {
  const src = `${dir}/${name}.c`;
  const bin = `${dir}/${name}`;
  write(src, source);
  const cc = spawn('cc', ['-O1', '-g', '-o', bin, src], { encoding: 'utf8' });
  if (cc.status !== 0) return { error: `cc failed: ${cc.stderr || cc.error?.message}` };
  return bin;
}
