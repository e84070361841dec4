/**
 * tc_drop: drop the UDP datagrams an interface sends to the given ports (examples/tc_drop.bpf.c
 * on tc egress through a tcx link), and print how many were dropped per port.
 *
 *   node dist/examples/tc_drop.js --iface IF --port P [--port P2 ...] [--netns NAME] [--duration S] [--json]
 */
import { loadObject, withNetns } from '../src/kernel/index.js';
import { arg, duration, objectPath, parseArgs, ready, runUntil } from './common.js';

const args = parseArgs();
const iface = arg(args, 'iface');
const ports = (args.get('port') ?? []).map(Number);
if (!iface || !ports.length) throw new Error('--iface IF and at least one --port P are required');
const ns = arg(args, 'netns');
using obj = await loadObject(objectPath('tc_drop'), { target: 'kernel' });
const blocked = obj.map('blocked');
for (const p of ports) blocked.set(p, 0);
const attach = () => obj.program('tc_drop').attach({ iface, direction: 'egress' });
using link = ns ? withNetns(ns, attach) : attach();
ready(link.target.target);
await runUntil(duration(args));
const drops = Object.fromEntries(ports.map((p) => [p, Number(blocked.get(p))]));
if (args.has('json')) console.log(JSON.stringify({ dropped: drops }));
else for (const p of ports) console.log(`udp dport ${p}: ${drops[p]} dropped`);
