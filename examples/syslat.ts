/**
 * syslat: the latency of one syscall for the processes of one command name, as a histogram
 * printed the way bpftrace prints hist() (examples/syslat.bpf.c fills the log2 buckets).
 *
 *   node dist/examples/syslat.js --comm NAME [--syscall NR] [--duration S] [--json]
 *   (default syscall: clock_nanosleep, 230 on x86-64)
 */
import { loadObject } from '../src/kernel/index.js';
import { histText } from '../src/lang/bpftrace/output.js';
import { arg, duration, objectPath, parseArgs, ready, runUntil } from './common.js';

const args = parseArgs();
const comm = arg(args, 'comm');
if (!comm) throw new Error('--comm NAME is required: the command whose syscalls are timed');
const nr = Number(arg(args, 'syscall') ?? 230);
using obj = await loadObject(objectPath('syslat'), { target: 'kernel' });
obj.map('cfg').set(0, { comm, syscall_nr: nr });
using enter = obj.program('syslat_enter').attach();
using exit = obj.program('syslat_exit').attach();
ready(`${enter.target.target}, ${exit.target.target}`);
await runUntil(duration(args));
const usecs = obj.map('usecs');
const buckets = Array.from({ length: 65 }, (_, i) => BigInt(usecs.get(i) as number | bigint));
if (args.has('json')) console.log(JSON.stringify({ type: 'hist', data: { '@usecs': buckets.map(Number) } }));
else process.stdout.write(`@usecs:\n${histText(buckets, 1)}\n`);
