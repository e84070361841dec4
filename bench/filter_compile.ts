/**
 * Filter compile time on long expressions: tsbpf's compileFilter (in this process, CPU time, after
 * one warm-up compile) against libpcap's (`tcpdump -d EXPR`, the child's CPU time, with a time
 * limit) in the same run, for the chain shapes that used to be superlinear, and the program sizes.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { compileFilter } from '../src/hooks/filter/compile.js';

export const COMPILE_CASES: Array<[string, string]> = [
  ['100 × port N', Array.from({ length: 100 }, (_, i) => `port ${1000 + i}`).join(' or ')],
  ['500 × host A', Array.from({ length: 500 }, (_, i) => `host 10.0.${i >> 8}.${i & 255}`).join(' or ')],
  ['2000 × host A', Array.from({ length: 2000 }, (_, i) => `host 10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`).join(' or ')],
  ['2000 × tcp port N', Array.from({ length: 2000 }, (_, i) => `tcp port ${i + 1}`).join(' or ')],
  ['2000 × not host A (and)', Array.from({ length: 2000 }, (_, i) => `not host 10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`).join(' and ')],
  ['10000 nested ( )', '('.repeat(10000) + 'ip' + ')'.repeat(10000)],
];

export interface CompileRow {
  name: string;
  /** CPU ms, or the error */
  tsbpfMs: number;
  tsbpfInsns: number | string;
  /** CPU ms of tcpdump -d, undefined past the limit */
  libpcapMs?: number;
  libpcapInsns?: number | string;
}

/** CPU seconds of `tcpdump -d EXPR` (bash's time), its instruction count or error; undefined past `limit` s */
function libpcap(expr: string, limit: number): { ms: number; insns: number | string } | undefined {
  const r = spawnSync('bash', ['-c', 'TIMEFORMAT="%U %S"; time timeout "$1" tcpdump -d -- "$2" 2>&1 | tail -1 >&2', 'bash', String(limit), expr], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const m = /(.*)\n([\d.]+) ([\d.]+)\s*$/s.exec(r.stderr);
  if (!m) return undefined;
  const last = m[1]!.trim().split('\n').pop()!;
  const n = /^\((\d+)\)/.exec(last);
  if (!n && !/tcpdump:/.test(last)) return undefined; // killed by the time limit
  return { ms: (Number(m[2]) + Number(m[3])) * 1000, insns: n ? Number(n[1]) + 1 : last.replace(/^tcpdump: /, '') };
}

export function benchCompile(opts: { limit?: number; log?: (l: string) => void } = {}): CompileRow[] {
  const log = opts.log ?? (() => {});
  const haveTcpdump = spawnSync('tcpdump', ['--version']).status === 0;
  compileFilter('tcp port 80 or host 10.0.0.1 or udp');
  const rows: CompileRow[] = [];
  for (const [name, expr] of COMPILE_CASES) {
    const c0 = process.cpuUsage();
    let insns: number | string;
    try {
      insns = compileFilter(expr).length;
    } catch (e) {
      insns = (e as Error).message;
    }
    const c = process.cpuUsage(c0);
    const row: CompileRow = { name, tsbpfMs: (c.user + c.system) / 1000, tsbpfInsns: insns };
    const l = haveTcpdump ? libpcap(expr, opts.limit ?? 30) : undefined;
    if (l) {
      row.libpcapMs = l.ms;
      row.libpcapInsns = l.insns;
    }
    rows.push(row);
    log(`${name.padEnd(26)} tsbpf ${row.tsbpfMs.toFixed(0).padStart(6)} ms ${String(insns).slice(0, 50).padEnd(8)}  libpcap ${l ? `${l.ms.toFixed(0).padStart(6)} ms ${String(l.insns).slice(0, 50)}` : `> ${opts.limit ?? 30} s (or no tcpdump)`}`);
  }
  return rows;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) benchCompile({ log: (l) => console.log(l) });
