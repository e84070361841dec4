/**
 * xdp_count: packets and bytes arriving on an interface per IP protocol (examples/xdp_count.bpf.c,
 * an XDP link; per-CPU counts summed here). --netns runs the attach inside a network namespace.
 *
 *   node dist/examples/xdp_count.js --iface IF [--netns NAME] [--mode native|generic] [--duration S] [--json]
 */
import { loadObject, withNetns } from '../src/kernel/index.js';
import { arg, duration, objectPath, parseArgs, ready, runUntil } from './common.js';

const PROTOS: Record<number, string> = { 0: 'non-IPv4', 1: 'ICMP', 2: 'IGMP', 6: 'TCP', 17: 'UDP', 47: 'GRE', 50: 'ESP', 58: 'ICMPv6', 132: 'SCTP' };

const args = parseArgs();
const iface = arg(args, 'iface');
if (!iface) throw new Error('--iface IF is required');
const ns = arg(args, 'netns');
const mode = arg(args, 'mode') as 'native' | 'generic' | undefined;
using obj = await loadObject(objectPath('xdp_count'), { target: 'kernel' });
const attach = () => obj.program('xdp_count').attach({ iface, ...(mode ? { xdpMode: mode } : {}) });
using link = ns ? withNetns(ns, attach) : attach();
ready(link.target.target);
await runUntil(duration(args));
const rows: { proto: string; packets: number; bytes: number }[] = [];
for (const [k, perCpu] of obj.map('by_proto').entries()) {
  let packets = 0;
  let bytes = 0;
  for (const c of perCpu as { packets: number | bigint; bytes: number | bigint }[]) {
    packets += Number(c.packets);
    bytes += Number(c.bytes);
  }
  const sum = { packets, bytes };
  if (sum.packets) rows.push({ proto: PROTOS[k as number] ?? `proto ${k}`, ...sum });
}
if (args.has('json')) console.log(JSON.stringify(rows));
else for (const r of rows) console.log(`${r.proto.padEnd(10)} ${String(r.packets).padStart(10)} packets ${String(r.bytes).padStart(12)} bytes`);
