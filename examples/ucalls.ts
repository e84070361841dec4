/**
 * ucalls: the calls of a function of a user-space binary or library, with its first two
 * arguments, its return value and its duration (examples/ucalls.bpf.c: a uprobe and a uretprobe;
 * the symbol becomes a file offset through the ELF symbol tables).
 *
 *   node dist/examples/ucalls.js --binary PATH --function NAME [--pid PID] [--duration S] [--json]
 */
import { loadObject } from '../src/kernel/index.js';
import { arg, duration, objectPath, parseArgs, ready, runUntil } from './common.js';

interface CallEvent { pid: number; tid: number; arg0: number | bigint; arg1: number | bigint; ret: number | bigint; ns: number | bigint }

const args = parseArgs();
const binary = arg(args, 'binary');
const fn = arg(args, 'function');
if (!binary || !fn) throw new Error('--binary PATH and --function NAME are required');
const pid = arg(args, 'pid');
const target = `${binary}:${fn}`;
using obj = await loadObject(objectPath('ucalls'), { target: 'kernel' });
using entry = obj.program('ucall_entry').attach({ target, ...(pid ? { pid: Number(pid) } : {}) });
using exit = obj.program('ucall_return').attach({ target, ...(pid ? { pid: Number(pid) } : {}) });
const calls = obj.ringbuf('calls', { type: 'call_event' });
ready(`${entry.target.target}, ${exit.target.target}`);
await runUntil(duration(args), () => {
  for (const c of calls.drain() as CallEvent[]) {
    if (args.has('json')) console.log(JSON.stringify({ pid: c.pid, tid: c.tid, args: [Number(c.arg0), Number(c.arg1)], ret: Number(c.ret), ns: Number(c.ns) }));
    else console.log(`${c.pid}/${c.tid} ${fn}(${c.arg0}, ${c.arg1}) = ${c.ret}  ${(Number(c.ns) / 1000).toFixed(1)} us`);
  }
});
