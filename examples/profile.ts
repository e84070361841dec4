/**
 * profile: a sampling CPU profiler writing folded stacks (flamegraph.pl's input): a perf_event
 * program at --frequency Hz on every CPU (examples/profile.bpf.c) records user and kernel stacks
 * in a stack-trace map; at the end each (comm, stacks) line is printed with its sample count,
 * frames outermost first, kernel frames after user frames with a _[k] suffix.
 *
 *   node dist/examples/profile.js [--frequency HZ] [--pid PID] [--duration S]
 */
import { loadObject } from '../src/kernel/index.js';
import { ksym, usym } from '../src/lang/bpftrace/kernel_backend.js';
import { arg, duration, objectPath, parseArgs, ready, runUntil } from './common.js';

interface StackKey { pid: number; user_stack: number; kernel_stack: number; comm: string }

const args = parseArgs();
const pidFilter = arg(args, 'pid') ? Number(arg(args, 'pid')) : undefined;
using obj = await loadObject(objectPath('profile'), { target: 'kernel' });
using link = obj.program('profile').attach({ frequency: Number(arg(args, 'frequency') ?? 99) });
ready(link.target.target);
await runUntil(duration(args));
link.close();
const stacks = obj.map('stacks');
/** the frames of a stack id, innermost first (the kernel's order), zero-terminated */
const frames = (id: number): bigint[] => {
  if (id < 0) return [];
  const raw = stacks.get(id) as unknown;
  const b = raw instanceof Uint8Array ? raw : new Uint8Array(0);
  const out: bigint[] = [];
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  for (let i = 0; i + 8 <= b.length; i += 8) {
    const ip = dv.getBigUint64(i, true);
    if (!ip) break;
    out.push(ip);
  }
  return out;
};
const folded = new Map<string, bigint>();
for (const [k, v] of obj.map('samples').entries()) {
  const key = k as unknown as StackKey;
  if (pidFilter !== undefined && key.pid !== pidFilter) continue;
  const user = frames(key.user_stack).reverse().map((ip) => usym(ip, key.pid, false));
  const kern = frames(key.kernel_stack).reverse().map((ip) => `${ksym(ip, false)}_[k]`);
  const line = [key.comm, ...user, ...kern].join(';');
  folded.set(line, (folded.get(line) ?? 0n) + BigInt(v as number | bigint));
}
for (const [line, n] of [...folded].sort((a, b) => (a[0] < b[0] ? -1 : 1))) console.log(`${line} ${n}`);
