/**
 * execsnoop: every exec on the system with its argv (examples/execsnoop.bpf.c), as BCC's
 * execsnoop prints it — or one JSON object per exec with --json.
 *
 *   node dist/examples/execsnoop.js [--duration S] [--json]
 */
import { loadObject } from '../src/kernel/index.js';
import { arg, duration, objectPath, parseArgs, ready, runUntil } from './common.js';

interface ExecEvent { pid: number; ppid: number; uid: number; argc: number; comm: string; filename: string; argv: string[] }

const args = parseArgs();
const json = args.has('json');
using obj = await loadObject(objectPath('execsnoop'), { target: 'kernel' });
using link = obj.program('execsnoop').attach();
const events = obj.ringbuf('events', { type: 'exec_event' });
if (!json) console.log(`${'PCOMM'.padEnd(16)} ${'PID'.padStart(7)} ${'PPID'.padStart(7)} ARGS`);
ready(link.target.target);
await runUntil(duration(args), () => {
  for (const e of events.drain() as ExecEvent[]) {
    if (json) console.log(JSON.stringify({ pid: e.pid, ppid: e.ppid, uid: e.uid, comm: e.comm, filename: e.filename, argv: e.argv.slice(0, e.argc) }));
    else console.log(`${e.comm.padEnd(16)} ${String(e.pid).padStart(7)} ${String(e.ppid).padStart(7)} ${e.argv.slice(0, e.argc).join(' ')}`);
  }
});
const lost = obj.map('lost').get(0);
if (lost) console.error(`${lost} records lost (ring buffer full)`);
