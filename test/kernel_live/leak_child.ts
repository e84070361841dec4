/**
 * Child process of readers.test.ts: loads objects into the kernel (programs, maps, ring and perf
 * readers open), prints the program ids, then ends as argv[2] says — `close` (everything closed),
 * `exit` (process.exit with everything open) or `throw` (an uncaught exception).
 */
import { join } from 'node:path';
import { loadObject } from '../../src/runtime/object.js';
import { REPO } from '../bpf_helpers/kernel.js';

const how = process.argv[2] ?? 'close';
const a = await loadObject(join(REPO, 'examples/tail_calls.bpf.o'), { target: 'kernel' });
const b = await loadObject(join(REPO, 'test/fixtures/bpf/kload_events.bpf.o'), { target: 'kernel' });
b.ringbuf('events');
b.perfBuffer('perf_events');
const progs = [...a.programs.values(), ...b.programs.values()].map((p) => p.id);
process.stdout.write(JSON.stringify({ progs }) + '\n');
if (how === 'close') {
  a.close();
  b.close();
} else if (how === 'exit') process.exit(0);
else throw new Error('the child ends with an uncaught exception, on purpose');
