/**
 * opensnoop: every openat(2) on the system (examples/opensnoop.bpf.c), as BCC's opensnoop:
 * PID, COMM, FLAGS, PATH — or JSON lines with --json; --comm NAME keeps one command's opens.
 *
 *   node dist/examples/opensnoop.js [--comm NAME] [--duration S] [--json]
 */
import { loadObject } from '../src/kernel/index.js';
import { arg, duration, objectPath, parseArgs, ready, runUntil } from './common.js';

interface OpenEvent { pid: number; uid: number; dfd: number; flags: number; comm: string; path: string }

const args = parseArgs();
const json = args.has('json');
const comm = arg(args, 'comm');
using obj = await loadObject(objectPath('opensnoop'), { target: 'kernel' });
using link = obj.program('opensnoop').attach();
const events = obj.ringbuf('events', { type: 'open_event' });
if (!json) console.log(`${'PID'.padStart(7)} ${'COMM'.padEnd(16)} ${'FLAGS'.padStart(8)} PATH`);
ready(link.target.target);
await runUntil(duration(args), () => {
  for (const e of events.drain() as OpenEvent[]) {
    if (comm !== undefined && e.comm !== comm) continue;
    if (json) console.log(JSON.stringify(e));
    else console.log(`${String(e.pid).padStart(7)} ${e.comm.padEnd(16)} ${'0' + (e.flags >>> 0).toString(8).padStart(7, '0')} ${e.path}`);
  }
});
