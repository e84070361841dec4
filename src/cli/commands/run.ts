/**
 * `tsbpf run OBJ --pcap FILE [--section S | --program NAME] [--out OUT.pcap] [--engine E] [--json]
 *   [--map-set MAP:KEY=VALUE …] [-c N]`: run a packet program over every packet of a capture, print
 * events as they happen, then a summary of verdicts and the contents of the program's maps.
 */
import { statSync } from 'node:fs';
import { BpfError } from '../../isa/errors.js';
import { bytesToHex } from '../../isa/instruction.js';
import { MapType } from '../../isa/bpf_types.js';
import { loadObject, type BpfObject } from '../../runtime/object.js';
import { KERNEL_INFO_OPTIONS, kernelInfoLoadOptions, type KernelInfoValues } from './kernel_info.js';
import type { BpfProgram } from '../../runtime/program.js';
import { toJson, type ReadableEntry } from '../../runtime/format.js';
import { EVENT_TYPE_OPTION, RecordTypes, entryText } from '../readable.js';
import { mapSet } from '../../runtime/map_set.js';
import { parseEngine, ENGINE_NAMES } from '../../vm/engine.js';
import { defineCommand, mainOf, usageLine, UsageError } from '../command.js';
import { CaptureReader } from '../../hooks/pcap/reader.js';
import { PcapWriter } from '../../hooks/pcap/writer.js';
import { FileSink } from '../../hooks/pcap/file_sink.js';
import { pickProgram } from '../select.js';
import { startProgress } from '../progress.js';
import { BPF_PROG_TYPE } from '../../progtypes/prog_types.js';
import { PACKET_PROG_TYPES, runCapture, type CaptureEvent, type CaptureSummary } from '../../hooks/packet_run.js';

export const command = defineCommand({
  name: 'run',
  summary: 'run a packet program (XDP, tc, socket filter) over every packet of a capture: events, verdicts, maps',
  args: 'OBJ --pcap FILE',
  minArgs: 1,
  maxArgs: 1,
  options: {
    pcap: { type: 'string', arg: 'FILE', help: 'the capture (pcap or pcapng) whose packets the program sees' },
    section: { type: 'string', arg: 'S', help: 'the program in section S' },
    program: { type: 'string', arg: 'NAME', help: 'the program named NAME' },
    out: { type: 'string', short: 'w', arg: 'OUT.pcap', help: 'write the packets the program passes on (as it left them)' },
    engine: { type: 'string', arg: 'E', choices: ENGINE_NAMES, help: 'engine that runs the program' },
    'map-set': { type: 'string', arg: 'MAP:KEY=VALUE', multiple: true, help: 'store an entry before the run; KEY, VALUE: hex bytes, an integer, an IPv4/IPv6 address, CIDR for an LPM trie key (10.0.0.0/8), or JSON through the map\'s BTF type' },
    count: { type: 'string', short: 'c', arg: 'N', help: 'stop after N packets' },
    'event-type': EVENT_TYPE_OPTION,
    quiet: { type: 'boolean', short: 'q', help: 'no progress bar' },
    'no-verify': { type: 'boolean', help: 'run without the verifier (the engines\' run-time checks still apply)' },
    ...KERNEL_INFO_OPTIONS,
  },
  examples: ['tsbpf run examples/xdp_firewall.bpf.o --pcap examples/traffic.pcap --map-set blocklist:203.0.113.7=0'],
  run: (a) => runMain({ ...a.values, json: a.json }, a.args),
});

export const main = mainOf(command);

type RunValues = { pcap?: string; section?: string; program?: string; out?: string; engine?: string; 'map-set': string[]; count?: string; 'event-type'?: string; quiet: boolean; 'no-verify': boolean; json: boolean } & KernelInfoValues;

async function runMain(values: RunValues, positionals: string[]): Promise<number> {
  if (values.pcap === undefined) throw new UsageError('missing --pcap FILE', usageLine(command));
  const engine = parseEngine(values.engine);
  const limit = values.count !== undefined ? Number(values.count) : undefined;
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 0)) throw new BpfError('EINVAL', `-c needs a packet count, got '${values.count}'`);
  const obj = await loadObject(positionals[0]!, { verify: !values['no-verify'], ...kernelInfoLoadOptions(values) });
  const prog = pickProgram(obj, values.section, values.program, PACKET_PROG_TYPES);
  for (const s of values['map-set']!) mapSet(obj, s);
  const records = new RecordTypes(obj, values['event-type']);

  const reader = await CaptureReader.open(values.pcap);
  const linkType = reader.header.interfaces[0]?.linkType ?? 1;
  const sink = values.out !== undefined ? new FileSink(values.out) : undefined;
  const writer = sink ? new PcapWriter(sink, { linkType, nanosecond: reader.header.nanosecond }) : undefined;
  const json = values.json!;
  const progress = !json && !values.quiet ? await startProgress(statSync(values.pcap).size, 'tsbpf run') : undefined;
  const say = (line: string): void => {
    progress?.clear();
    console.log(line);
  };

  const sum = await runCapture(obj, prog, reader, {
    engine,
    ...(limit !== undefined ? { limit } : {}),
    onVerdict: (v, pkt) => {
      // a socket filter that keeps part of a packet cuts it as a snap length does: origLen stays the packet's
      if (v.passed && writer) writer.write({ data: v.passed, origLen: prog.progType === BPF_PROG_TYPE.SOCKET_FILTER ? Math.max(v.len, v.passed.length) : v.passed.length, tsSec: pkt.tsSec, tsNsec: pkt.tsNsec });
      if (json) {
        say(JSON.stringify({ packet: v.index, offset: v.offset, len: v.len, retval: v.retval, action: v.action, insns: v.insns, ...(v.passed ? { passed_len: v.passed.length } : {}), ...(v.error ? { errno: v.error.errno, message: v.error.message } : {}) }));
      } else {
        if (v.error) say(`packet ${v.index}: ${v.error.message}`);
        progress?.update(v.offset, `${v.index + 1} packets`);
      }
    },
    onEvent: (e) => say(json ? toJson(eventJson(e, records)) : eventText(e, records)),
  });
  progress?.stop();
  writer?.flush();
  sink?.close();

  if (json) {
    console.log(toJson({ summary: summaryJson(sum, prog), maps: mapsJson(obj) }));
  } else {
    printSummary(sum, prog, values.out);
    printMaps(obj);
  }
  if (sum.captureError) {
    console.error(`tsbpf run: ${sum.captureError.message}`);
    return 1;
  }
  return 0;
}

function eventText(e: CaptureEvent, records: RecordTypes): string {
  if (e.kind === 'trace') return `[packet ${e.packet}] trace: ${e.line}`;
  return `[packet ${e.packet}] ${e.kind} ${e.map}${e.cpu !== undefined ? ` cpu ${e.cpu}` : ''}: ${records.text(e.data!)}`;
}

function eventJson(e: CaptureEvent, records: RecordTypes): Record<string, unknown> {
  if (e.kind === 'trace') return { event: 'trace', packet: e.packet, line: e.line };
  const v = records.decode(e.data!);
  return { event: e.kind, map: e.map, packet: e.packet, ...(e.cpu !== undefined ? { cpu: e.cpu } : {}), data: bytesToHex(e.data!), ...(v !== undefined ? { value: v } : {}) };
}

function summaryJson(s: CaptureSummary, prog: BpfProgram): Record<string, unknown> {
  return {
    program: prog.name, section: prog.section, type: prog.typeName, packets: s.packets, bytes: s.bytes,
    actions: Object.fromEntries(s.actions), passed: s.passed, errors: s.errors, events: s.events, insns: s.insns,
    ...(s.redirects.size ? { redirects: Object.fromEntries(s.redirects) } : {}),
    ...(s.timersFired || s.timersPending ? { timers_fired: s.timersFired, timers_pending: s.timersPending } : {}),
    ...(s.timerError ? { timer_error: { errno: s.timerError.errno, message: s.timerError.message } } : {}),
    ns_per_packet: s.packets ? Math.round(s.runNs / s.packets) : 0,
    ...(s.captureError ? { capture_error: { errno: s.captureError.errno, message: s.captureError.message } } : {}),
  };
}

function printSummary(s: CaptureSummary, prog: BpfProgram, out: string | undefined): void {
  console.log(`\n${prog.name} [${prog.section}, ${prog.typeName}] over ${s.packets} packets (${s.bytes} bytes)`);
  const rows = [...s.actions].sort((a, b) => b[1] - a[1]);
  const w = Math.max(6, ...rows.map(([k]) => k.length));
  console.log(`  ${'action'.padEnd(w)}  packets      share`);
  for (const [k, n] of rows) console.log(`  ${k.padEnd(w)}  ${String(n).padStart(7)}  ${((100 * n) / Math.max(1, s.packets)).toFixed(1).padStart(8)}%`);
  if (s.redirects.size) console.log(`  redirected to: ${[...s.redirects].sort((a, b) => b[1] - a[1]).map(([t, n]) => `${t} ${n}`).join(', ')}`);
  console.log(`  events ${s.events}, errors ${s.errors}, instructions ${s.insns} (${s.packets ? (s.insns / s.packets).toFixed(1) : 0} per packet), ${s.packets ? (s.runNs / s.packets).toFixed(0) : 0} ns per packet`);
  if (s.timersFired || s.timersPending) console.log(`  timer and workqueue callbacks run ${s.timersFired} (the clock follows the packets' timestamps, then 1 s more), still armed ${s.timersPending}`);
  if (s.timerError) console.log(`  a timer callback after the last packet failed: ${s.timerError.message}`);
  if (out !== undefined) console.log(`  ${s.passed} packets passed on, written to ${out}`);
}

const SKIP_DUMP = new Set<number>([MapType.RINGBUF, MapType.PERF_EVENT_ARRAY, MapType.PROG_ARRAY, MapType.ARRAY_OF_MAPS, MapType.HASH_OF_MAPS]);

function mapsJson(obj: BpfObject): Record<string, ReadableEntry[]> {
  const out: Record<string, ReadableEntry[]> = {};
  for (const [name, m] of obj.maps) if (!SKIP_DUMP.has(m.type)) out[name] = [...m.readableEntries()];
  return out;
}

function printMaps(obj: BpfObject): void {
  for (const [name, list] of Object.entries(mapsJson(obj))) {
    console.log(`\nmap ${name} (${list.length} entr${list.length === 1 ? 'y' : 'ies'})`);
    for (const e of list.slice(0, 32)) console.log(`  ${entryText(e)}`);
    if (list.length > 32) console.log(`  … ${list.length - 32} more`);
  }
}
