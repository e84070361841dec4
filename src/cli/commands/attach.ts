/**
 * `tsbpf attach OBJ [--program NAME]… [--iface IF] [--cgroup PATH] [--duration S] [--json]
 * [--event-type NAME] [--metrics HOST:PORT] [--ui [HOST:]PORT]`: load OBJ into the running kernel, attach every
 * program (or the named ones) where its section says, print what its ring buffers and perf event
 * arrays produce as it arrives, and when it ends (after --duration seconds, on SIGINT or SIGTERM)
 * print its maps, detach everything and close every fd — nothing stays loaded unless pinned.
 *
 * With --json stdout is one JSON object per line: {"attached": [names]} once every program is
 * attached; {"event": MAP, "data": RECORD} per record (decoded from BTF: kernel/link/runner.ts
 * says how the record type is found; hex bytes when none is); {"maps": {NAME: [{key, value}]}} last.
 *
 * --ui serves `tsbpf ui`'s page (docs/web.md) while attached: the playground with OBJ, and the live
 * dashboard of these programs' maps and records (src/web/kernel_feed.ts, records offered by this
 * runner, which still prints every one).
 */
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { BpfError } from '../../isa/errors.js';
import { bytesToHex } from '../../isa/instruction.js';
import { toJson, type JsValue } from '../../runtime/format.js';
import type { KernelSource } from '../../web/kernel_feed.js';
import { MapType, ProgType } from '../../isa/bpf_types.js';
import { defineCommand } from '../command.js';
import { requireKernel } from '../kernel_run.js';
import { loadObject, type KernelObject } from '../../kernel/index.js';
import type { Link } from '../../kernel/link/link.js';
import { isStateMap, mapEntries, prometheusText, recordType } from '../../kernel/link/runner.js';

export const command = defineCommand({
  name: 'attach',
  // loads into the running kernel and runs until stopped: the CLI fuzz test only checks its argument errors
  live: true,
  summary: 'load an object into the running kernel, attach its programs, print events as they come and its maps at the end',
  args: 'OBJ',
  minArgs: 1,
  maxArgs: 1,
  options: {
    program: { type: 'string', multiple: true, arg: 'NAME', help: 'attach only this program (function name or section)' },
    iface: { type: 'string', arg: 'IF', help: 'network interface for XDP and tc programs' },
    cgroup: { type: 'string', arg: 'PATH', help: 'cgroup v2 directory for cgroup programs' },
    duration: { type: 'string', arg: 'S', help: 'detach and exit after S seconds (default: at SIGINT or SIGTERM)' },
    'event-type': { type: 'string', arg: 'NAME', help: 'decode event records as this struct of the object\'s BTF' },
    metrics: { type: 'string', arg: 'HOST:PORT', help: 'serve the maps as Prometheus text on http://HOST:PORT/metrics while attached' },
    ui: { type: 'string', arg: '[HOST:]PORT', help: 'serve the live dashboard (tsbpf ui\'s page) of these programs on http://HOST:PORT/ while attached (HOST default 127.0.0.1; PORT 0: a free one, printed)' },
    'xdp-mode': { type: 'string', arg: 'MODE', choices: ['native', 'generic'], help: 'XDP attach mode (default: the driver\'s)' },
  },
  description: 'Records: the ring buffer\'s BTF value type, else the struct whose size the programs pass to bpf_ringbuf_reserve/_output or bpf_perf_event_output. Maps at the end: keys and values decoded from BTF (integers as numbers, structs as objects, char arrays as strings). Without --json events print as "MAP: RECORD" lines and maps as @NAME[KEY]: VALUE.',
  examples: ['tsbpf attach examples/execsnoop.bpf.o --json', 'tsbpf attach examples/xdp_count.bpf.o --iface eth0 --duration 10 --metrics 127.0.0.1:9435', 'tsbpf attach examples/read_sizes.bpf.o --ui 8080'],
  run: (a) => attachMain(a.args[0]!, { ...a.values, json: a.json }),
});

interface Opts {
  program: string[];
  iface?: string;
  cgroup?: string;
  duration?: string;
  'event-type'?: string;
  metrics?: string;
  ui?: string;
  'xdp-mode'?: string;
  json: boolean;
}

/** how often the event maps are drained */
const POLL_MS = 20;

const line = (v: unknown) => process.stdout.write(`${toJson(v)}\n`);
const show = (v: unknown): unknown => (v instanceof Uint8Array ? bytesToHex(v) : v);

async function attachMain(file: string, o: Opts): Promise<number> {
  requireKernel();
  const duration = o.duration === undefined ? undefined : Number(o.duration);
  if (duration !== undefined && !(duration > 0)) throw new BpfError('EINVAL', `--duration ${o.duration}: expected a number of seconds > 0`);
  const ui = o.ui === undefined ? undefined : uiAddress(o.ui);
  const obj = await loadObject(file, { target: 'kernel', ...(o.program.length ? { programs: o.program } : {}) });
  const links: Link[] = [];
  const stop = new AbortController();
  let server: Server | undefined;
  let dashboard: { source: KernelSource; close(): Promise<void> } | undefined;
  const drains: (() => void)[] = [];
  const stopTimers: (() => void)[] = [];
  try {
    for (const p of obj.programs.values()) {
      // struct_ops programs are registered through their map, below
      if (p.progType === ProgType.STRUCT_OPS) continue;
      links.push(p.attach({
        ...(o.iface !== undefined ? { iface: o.iface } : {}),
        ...(o.cgroup !== undefined ? { cgroup: o.cgroup } : {}),
        ...(o['xdp-mode'] ? { xdpMode: o['xdp-mode'] as 'native' | 'generic' } : {}),
      }));
    }
    // struct_ops maps are registered with the kernel (libbpf's skeleton attach, bpftool struct_ops register)
    for (const name of obj.structOpsLayouts.keys()) links.push(obj.attachStructOps(name));
    const names = [...obj.programs.keys()];
    if (o.json) line({ attached: names });
    else console.error(`Attached ${names.length} program${names.length === 1 ? '' : 's'} (${links.map((l) => `${l.target.program} -> ${l.target.target}`).join(', ')}); Ctrl-C to detach`);
    if (ui) dashboard = await serveDashboard(file, obj, links, ui);
    for (const m of obj.maps.values()) {
      if (m.type !== MapType.RINGBUF && m.type !== MapType.PERF_EVENT_ARRAY) continue;
      const type = recordType(obj.spec, m, o['event-type']);
      const print = (data: unknown) => (o.json ? line({ event: m.name, data: show(data) }) : console.log(`${m.name}: ${toJson(show(data))}`));
      const emit = dashboard ? (data: unknown) => { print(data); dashboard!.source.offer(m.name, data as JsValue | Uint8Array); } : print;
      // drained on a timer rather than through the readers' async iteration, so that a burst
      // is consumed in batches and the event loop (signals, --metrics, --duration) stays free
      const r = m.type === MapType.RINGBUF ? obj.ringbuf(m.name, type ? { type } : {}) : obj.perfBuffer(m.name, type ? { type } : {});
      const drain = m.type === MapType.RINGBUF ? () => (r.drain() as unknown[]).forEach(emit) : () => (r.drain() as { data: unknown }[]).forEach((s) => emit(s.data));
      drains.push(drain);
    }
    const timer = setInterval(() => drains.forEach((d) => d()), POLL_MS);
    stopTimers.push(() => clearInterval(timer));
    if (o.metrics) server = await serveMetrics(o.metrics, obj);
    await new Promise<void>((resolve) => {
      const done = () => resolve();
      process.once('SIGINT', done);
      process.once('SIGTERM', done);
      if (duration !== undefined) setTimeout(done, duration * 1000).unref();
      stop.signal.addEventListener('abort', done);
    });
    stop.abort();
    for (const t of stopTimers) t();
    drains.forEach((d) => d());
    printMaps(obj, o.json);
    return 0;
  } finally {
    stop.abort();
    for (const t of stopTimers) t();
    server?.close();
    await dashboard?.close();
    for (const l of links) l.close();
    obj.close();
  }
}

function printMaps(obj: KernelObject, json: boolean): void {
  const maps = [...obj.maps.values()].filter(isStateMap);
  if (json) {
    line({ maps: Object.fromEntries(maps.map((m) => [m.name, mapEntries(m).map((e) => ({ key: show(e.key), value: show(e.value) }))])) });
    return;
  }
  for (const m of maps) {
    const entries = mapEntries(m);
    if (entries.length) console.log('');
    for (const e of entries) console.log(`@${m.name}[${toJson(show(e.key))}]: ${toJson(show(e.value))}`);
  }
}

/** --ui [HOST:]PORT */
function uiAddress(v: string): { host: string; port: number } {
  const m = /^(?:(.*):)?(\d+)$/.exec(v);
  const port = m ? Number(m[2]) : NaN;
  if (!m || port > 65535) throw new BpfError('EINVAL', `--ui ${v}: expected PORT or HOST:PORT (e.g. 8080 or 127.0.0.1:8080; 0 for a free port)`);
  return { host: (m[1] ?? '127.0.0.1').replace(/^\[|\]$/g, ''), port };
}

/** the web page's server with this runner's object as the dashboard's source (records offered by the runner) */
async function serveDashboard(file: string, obj: KernelObject, links: readonly Link[], at: { host: string; port: number }): Promise<{ source: KernelSource; close(): Promise<void> }> {
  const { KernelSource } = await import('../../web/kernel_feed.js');
  const { startUiServer } = await import('../../web/server.js');
  const targets = links.map((l) => `${l.target.program} -> ${l.target.target}`).join(', ');
  const source = new KernelSource(obj, links, `${basename(file)} attached in the kernel (${targets})`, { records: 'offered' });
  const ui = await startUiServer({ ...at, source, objects: [{ name: basename(file), bytes: new Uint8Array(readFileSync(file)) }] });
  console.error(`dashboard on ${ui.url}#dashboard`);
  return { source, close: () => ui.close() };
}

async function serveMetrics(hostPort: string, obj: KernelObject): Promise<Server> {
  const m = /^(.*):(\d+)$/.exec(hostPort);
  if (!m) throw new BpfError('EINVAL', `--metrics ${hostPort}: expected HOST:PORT (e.g. 127.0.0.1:9435)`);
  const maps = [...obj.maps.values()].filter(isStateMap);
  const server = createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end('not found: the metrics are at /metrics\n');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }).end(prometheusText(maps));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e) => reject(new BpfError('EINVAL', `--metrics ${hostPort}: ${(e as Error).message}`)));
    server.listen(Number(m[2]), m[1]!.replace(/^\[|\]$/g, ''), () => resolve());
  });
  console.error(`metrics on http://${hostPort}/metrics`);
  return server;
}
