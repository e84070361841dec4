/**
 * `tsbpf ui [--port P] [--host H] [--open] [--feed CAPTURE [--rate N] [--program NAME]]
 *  [--view MAP=KIND]... [OBJ…]`: serve the web playground and live dashboard (docs/web.md) on
 * 127.0.0.1 (the port is printed). The objects are offered to the playground; with `--feed` the
 * first object's packet program runs in the emulator over the capture, looped at N packets per
 * second, and the dashboard shows its maps and ring-buffer records as they change.
 */
import { intOption } from '../numbers.js';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { spawn } from 'node:child_process';
import { BpfError } from '../../isa/errors.js';
import { defineCommand, mainOf } from '../command.js';
import { loadObject } from '../../runtime/object.js';
import { parseCapture } from '../../hooks/pcap/decoder.js';
import { PACKET_PROG_TYPES } from '../../hooks/packet_run.js';
import { EmulatorSource, type DashboardSource, type MapView } from '../../web/feed.js';
import { startUiServer } from '../../web/server.js';
import { attachForDashboard } from '../../web/kernel_feed.js';

const VIEWS = new Set<MapView>(['counter', 'log2', 'linear', 'table', 'records']);

/** --view MAP=KIND, as given */
export function parseViews(list: readonly string[]): Map<string, MapView> {
  const out = new Map<string, MapView>();
  for (const v of list) {
    const m = /^([^=]+)=(\w+)$/.exec(v);
    if (!m || !VIEWS.has(m[2] as MapView)) throw new BpfError('EINVAL', `--view wants MAP=${[...VIEWS].join('|')}, got '${v}'`);
    out.set(m[1]!, m[2] as MapView);
  }
  return out;
}

export const command = defineCommand({
  name: 'ui',
  // serves until stopped: the CLI fuzz test only checks its argument errors
  live: true,
  summary: 'the web playground and live dashboard: verifier states, step debugger, capture runs, maps over time',
  args: '[OBJ...]',
  minArgs: 0,
  options: {
    port: { type: 'string', arg: 'P', help: 'port to listen on (default: a free one, printed)' },
    host: { type: 'string', arg: 'H', help: 'address to listen on (default 127.0.0.1; the page runs any object it is given, expose it deliberately)' },
    open: { type: 'boolean', help: 'open the page in a browser (xdg-open)' },
    feed: { type: 'string', arg: 'CAPTURE', help: 'dashboard: run the first object\'s packet program over this capture in the emulator, looped' },
    rate: { type: 'string', arg: 'N', help: 'dashboard: packets per second of the --feed loop (default 1000)' },
    program: { type: 'string', arg: 'NAME', help: 'dashboard: the program to run (default: the first packet program)' },
    attach: { type: 'boolean', help: 'dashboard: load the first object into the running kernel and attach its programs by section (root)' },
    iface: { type: 'string', arg: 'IF', help: 'with --attach: the interface XDP and tc programs attach to' },
    view: { type: 'string', arg: 'MAP=KIND', multiple: true, help: 'draw MAP as counter, log2, linear, table or records (default: chosen from its type and name)' },
  },
  description: 'Serves the page built by npm run build:web (dist/web). The playground runs entirely in the page; the dashboard reads /api/feed (server-sent events).',
  examples: ['tsbpf ui examples/xdp_firewall.bpf.o', 'tsbpf ui --feed examples/traffic.pcap --rate 10000 examples/pkt_sizes.bpf.o', 'sudo tsbpf ui --attach examples/read_sizes.bpf.o'],
  run: (a) => uiMain(a.values, a.args),
});

export const main = mainOf(command);

async function uiMain(values: { port?: string; host?: string; open: boolean; feed?: string; rate?: string; program?: string; view: string[]; attach: boolean; iface?: string }, positionals: string[]): Promise<number> {
  const port = values.port === undefined ? 0 : intOption(values.port, '--port', 0, 65535, 'a TCP port');
  const rate = values.rate === undefined ? 1000 : Number(values.rate);
  if (!(rate > 0)) throw new BpfError('EINVAL', `--rate wants a positive number of packets per second, got '${values.rate}'`);
  const views = parseViews(values.view);
  const objects = positionals.map((p) => {
    try {
      return { name: basename(p), path: p, bytes: new Uint8Array(readFileSync(p)) };
    } catch (e) {
      throw new BpfError('ENOENT', `cannot read ${p}: ${(e as Error).message}`, { file: p });
    }
  });
  let source: DashboardSource | undefined;
  if (values.attach && values.feed !== undefined) throw new BpfError('EINVAL', '--attach (the running kernel) and --feed (the emulator over a capture) are two different sources: give one');
  if (values.attach) {
    const first = objects[0];
    if (!first) throw new BpfError('EINVAL', '--attach needs an object: tsbpf ui --attach OBJ');
    source = await attachForDashboard(first.path, { ...(values.iface ? { iface: values.iface } : {}), views });
  } else if (values.feed !== undefined) {
    const first = objects[0];
    if (!first) throw new BpfError('EINVAL', '--feed needs an object to run: tsbpf ui --feed CAPTURE OBJ');
    const obj = await loadObject(first.bytes, { file: first.path });
    const progs = [...obj.programs.values()].filter((p) => PACKET_PROG_TYPES.has(p.progType) && (values.program === undefined || p.name === values.program));
    if (progs.length === 0) throw new BpfError('ENOENT', `${first.path} has no packet program${values.program ? ` named ${values.program}` : ''} to run over ${values.feed} (programs: ${[...obj.programs.keys()].join(', ')})`, { file: first.path });
    let capture: Uint8Array;
    try {
      capture = new Uint8Array(readFileSync(values.feed));
    } catch (e) {
      throw new BpfError('ENOENT', `cannot read ${values.feed}: ${(e as Error).message}`, { file: values.feed });
    }
    const packets = parseCapture(capture, values.feed).packets;
    source = new EmulatorSource(obj, progs[0]!, packets, { rate, views, label: `${first.name} (${progs[0]!.name}) over ${basename(values.feed)}, ${rate} packets/s (emulator)` });
  }
  const ui = await startUiServer({ port, ...(values.host ? { host: values.host } : {}), objects, ...(source ? { source } : {}) });
  console.log(`tsbpf ui: serving on ${ui.url}${source ? ` (dashboard: ${ui.url}#dashboard)` : ''}; Ctrl-C stops`);
  if (values.open) {
    const p = spawn('xdg-open', [ui.url], { stdio: 'ignore', detached: true });
    p.on('error', () => console.error(`tsbpf ui: could not start a browser (xdg-open); open ${ui.url} yourself`));
    p.unref();
  }
  await new Promise<void>((resolve) => {
    const stop = (): void => { ui.close().then(resolve, resolve); };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}
