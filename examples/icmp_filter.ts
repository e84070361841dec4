/**
 * icmp_filter: a raw AF_PACKET socket that only ever sees ICMP (examples/icmp_filter.bpf.c
 * attached with SO_ATTACH_BPF): prints each packet it receives as "SRC > DST ICMP type T", and
 * the filter's own count of packets kept and dropped.
 *
 *   node dist/examples/icmp_filter.js --iface IF [--netns NAME] [--count N] [--duration S] [--json]
 */
import { loadObject, withNetns } from '../src/kernel/index.js';
import { openPacketSocket } from '../src/kernel/link/socket.js';
import { arg, duration, objectPath, parseArgs, ready, runUntil } from './common.js';

const args = parseArgs();
const iface = arg(args, 'iface');
if (!iface) throw new Error('--iface IF is required');
const ns = arg(args, 'netns');
const count = arg(args, 'count') ? Number(arg(args, 'count')) : Infinity;
using obj = await loadObject(objectPath('icmp_filter'), { target: 'kernel' });
using sock = ns ? withNetns(ns, () => openPacketSocket(iface)) : openPacketSocket(iface);
using link = obj.program('icmp_filter').attach({ socket: sock.fd });
ready(link.target.target);
const ip = (b: Uint8Array, o: number) => `${b[o]}.${b[o + 1]}.${b[o + 2]}.${b[o + 3]}`;
let seen = 0;
const stop = new AbortController();
await Promise.race([
  runUntil(duration(args), () => {
    for (let p = sock.recv(); p && seen < count; p = sock.recv()) {
      seen++;
      const line = { src: ip(p, 26), dst: ip(p, 30), icmpType: p[34], length: p.length };
      console.log(args.has('json') ? JSON.stringify(line) : `${line.src} > ${line.dst} ICMP type ${line.icmpType}, length ${line.length}`);
    }
    if (seen >= count) stop.abort();
  }),
  new Promise((r) => stop.signal.addEventListener('abort', r)),
]);
const v = obj.map('verdicts');
console.error(`filter: ${v.get(1)} kept, ${v.get(0)} dropped`);
process.exit(0);
