/**
 * `tsbpf filter EXPR -r IN [-w OUT] [-c N] [-d | -dd | -ddd] [--engine E] [-O]`: tcpdump's
 * filtering of a capture file. The expression (pcap-filter(7)) is compiled to classic BPF for
 * the capture's link type (per interface for a pcapng with several), and run on every packet;
 * the selected packets are listed, or written as a pcap with -w (`-` for stdout). -d/-dd/-ddd
 * print the compiled program exactly as tcpdump does, and exit.
 *
 * Start-up matters (a filter over a small file is mostly start-up): only what the run needs is
 * imported. `-w` on a pcap with the default engine goes through hooks/filter/file_scan.ts (the
 * record loop in WebAssembly); listing, pcapng and the other engines through CaptureReader.scan.
 */
import { BpfError } from '../../isa/errors.js';
import type { DumpFormat } from '../../hooks/cbpf/dump.js';
import type { SockFilter } from '../../hooks/cbpf/program.js';
import { compileFilter } from '../../hooks/filter/compile.js';
import { parseFilterEngine, FILTER_ENGINES } from '../../hooks/filter/engine_names.js';
import type { SliceFilterFn } from '../../hooks/filter/engines.js';
import type { PcapWriter } from '../../hooks/pcap/writer.js';
import type { PacketPrinter } from '../../hooks/pcap/print.js';
import { writeAll, type FileSink } from '../../hooks/pcap/file_sink.js';
import { defineCommand, mainOf, usageLine, UsageError, type Values, type OptionTable } from '../command.js';
import { linkTypeName, LINKTYPE_ETHERNET, LINKTYPE_NULL, MAXIMUM_SNAPLEN, savefileLinkType } from '../../hooks/pcap/linktype.js';

const OPTIONS = {
  read: { type: 'string', short: 'r', arg: 'IN', help: 'the capture to read (pcap or pcapng)' },
  write: { type: 'string', short: 'w', arg: 'OUT', help: 'write the selected packets as a pcap (- for stdout)' },
  count: { type: 'string', short: 'c', arg: 'N', help: 'stop after N selected packets' },
  d: { type: 'boolean', short: 'd', help: 'print the compiled classic BPF as tcpdump -d does, and exit' },
  dd: { type: 'boolean', help: '(-dd) print it as a C array' },
  ddd: { type: 'boolean', help: '(-ddd) print it as decimal numbers' },
  'no-optimize': { type: 'boolean', short: 'O', help: 'do not run the optimizer (tcpdump -O)' },
  engine: { type: 'string', arg: 'E', choices: FILTER_ENGINES, help: 'what runs the filter (default cbpf-wasm)' },
  workers: { type: 'string', arg: 'N', help: 'worker threads for -w on a pcap: 0 or 1 (default: 1 from 2 GiB on three or more CPUs)' },
  nano: { type: 'boolean', help: 'write nanosecond timestamps (tcpdump --nano); default microseconds, as tcpdump' },
  link: { type: 'boolean', short: 'e', help: 'print the link-level header (tcpdump -e)' },
  verbose: { type: 'boolean', short: 'v', help: 'IP header fields and checksums (tcpdump -v)' },
  vv: { type: 'boolean', help: '(-vv) more: DNS authority and additional sections, UDP checksums over IPv4 (tcpdump -vv)' },
  vvv: { type: 'boolean', help: '(-vvv) as tcpdump -vvv' },
  quiet: { type: 'boolean', short: 'q', help: 'quick output: less protocol information (tcpdump -q)' },
} as const satisfies OptionTable;

export const command = defineCommand({
  name: 'filter',
  summary: 'tcpdump\'s filtering of a pcap/pcapng capture with a pcap-filter(7) expression',
  args: 'EXPRESSION...',
  forms: ['-r IN [-w OUT] [-c N] [-e] [-q] [-v|-vv] [-O] [--engine E] EXPRESSION...', '[-r IN] -d|-dd|-ddd [-O] EXPRESSION...'],
  // tcpdump spells the dump levels -dd and -ddd
  preprocess: (argv) => argv.map((a) => (a === '-dd' || a === '-ddd' || a === '-vv' || a === '-vvv' ? `-${a}` : a)),
  options: OPTIONS,
  examples: ["tsbpf filter -r trace.pcap -w web.pcap 'tcp port 443'", "tsbpf filter -dd 'ip and udp'"],
  run: (a) => filterMain(a.values, a.args),
});

export const main = mainOf(command);

/**
 * The closing count on stderr, with one write: console.error would create Node's stderr stream
 * first (node:net/node:stream for a pipe, tty for a terminal), 5–15 ms of CPU here, a tenth of
 * a run over a small capture. Nothing else is written to stderr before it.
 */
function summary(line: string): void {
  try {
    writeAll(2, Buffer.from(line + '\n'), 'stderr');
  } catch {
    // stderr closed or full (2>/dev/full): the count is information, the packets went out; tcpdump exits 0 too
  }
}

function workerCount(v: string): number {
  if (v !== '0' && v !== '1') throw new BpfError('EINVAL', `invalid worker count ${v} (0 or 1)`);
  return Number(v);
}

async function filterMain(o: Values<typeof OPTIONS>, positionals: string[]): Promise<number> {
  const expr = positionals.join(' ');
  const engine = parseFilterEngine(o.engine, 'cbpf-wasm');
  const dump: DumpFormat | undefined = o.ddd ? 'ddd' : o.dd ? 'dd' : o.d ? 'd' : undefined;
  const limit = o.count !== undefined ? Number(o.count) : Infinity;
  // tcpdump: "invalid packet count" for anything but a positive number
  if (!(limit >= 1) || (o.count !== undefined && !/^\d+$/.test(o.count))) throw new BpfError('EINVAL', `invalid packet count ${o.count}`);
  const optimize = !o['no-optimize'];

  if (!o.read) {
    if (!dump) throw new UsageError('no capture to read (-r FILE); tsbpf filters capture files', usageLine(command));
    // like tcpdump -d without an interface: Ethernet
    const { formatClassic } = await import('../../hooks/cbpf/dump.js');
    process.stdout.write(formatClassic(compileFilter(expr, { linkType: LINKTYPE_ETHERNET, optimize }), dump));
    return 0;
  }

  const compile = (linkType: number, snaplen: number, bigEndian: boolean): SockFilter[] =>
    compileFilter(expr, { linkType, snaplen: snaplen || MAXIMUM_SNAPLEN, optimize, nullSwapped: linkType === LINKTYPE_NULL && bigEndian });
  if (o.write !== undefined && !dump && engine === 'cbpf-wasm') {
    const { filterPcapFile } = await import('../../hooks/filter/file_scan.js');
    const r = await filterPcapFile(o.read, compile, {
      out: o.write,
      limit: Number.isFinite(limit) ? limit : 0,
      nanosecond: o.nano === true,
      ...(o.workers !== undefined ? { workers: workerCount(o.workers) } : {}),
    });
    if (r) {
      const how = `engine ${engine}${r.worker ? ', 2 threads' : ''}`;
      if (o.write !== '-') summary(r.stopped ? `${r.selected} packets selected (stopped by -c; ${how})` : `${r.selected} packets selected of ${r.seen} (${how})`);
      return 0;
    }
  }

  const [{ CaptureReader }, { sliceFilterFunction }] = await Promise.all([import('../../hooks/pcap/reader.js'), import('../../hooks/filter/engines.js')]);
  const reader = await CaptureReader.open(o.read);
  const h = reader.header;
  if (dump) {
    const { formatClassic } = await import('../../hooks/cbpf/dump.js');
    const first = h.interfaces[0];
    await reader.close();
    if (!first) throw new BpfError('EINVAL', 'the capture describes no interface', { file: o.read });
    process.stdout.write(formatClassic(compile(first.linkType, first.snaplen, h.bigEndian), dump));
    return 0;
  }
  // one compiled program per interface (pcapng interfaces may differ in link type)
  const fns: SliceFilterFn[] = [];
  let section = reader.header;
  const fnFor = (ifIndex: number): SliceFilterFn => {
    // a new pcapng section numbers its interfaces afresh
    if (reader.header !== section) {
      section = reader.header;
      fns.length = 0;
    }
    let f = fns[ifIndex];
    if (!f) {
      const i = reader.header.interfaces[ifIndex]!;
      f = fns[ifIndex] = sliceFilterFunction(compile(i.linkType, i.snaplen, h.bigEndian), engine);
    }
    return f;
  };
  let writer: PcapWriter | undefined;
  let sink: FileSink | undefined;
  let kept = 0;
  let printer: PacketPrinter | undefined;
  const out: string[] = [];
  const flushLines = () => {
    if (out.length) process.stdout.write(out.join('\n') + '\n');
    out.length = 0;
  };
  const STOP = Symbol('stop');
  let seen = 0;
  const { FileSink } = o.write !== undefined ? await import('../../hooks/pcap/file_sink.js') : { FileSink: undefined };
  const { PcapWriter } = o.write !== undefined ? await import('../../hooks/pcap/writer.js') : { PcapWriter: undefined };
  const { PacketPrinter } = o.write === undefined ? await import('../../hooks/pcap/print.js') : { PacketPrinter: undefined };
  const { hostIfName } = o.write === undefined ? await import('../../hooks/pcap/if_names.js') : { hostIfName: undefined };
  try {
    // the allocation-free path: records are visited in place; only selected ones are copied out
    // the eBPF engines filter the records in place when the read buffer is their memory
    // (compiled ahead of the first packet; an error is left for that packet to raise, as before)
    let first: SliceFilterFn | undefined;
    try {
      first = reader.header.interfaces.length ? fnFor(0) : undefined;
    } catch (e) {
      if (!(e instanceof BpfError)) throw e;
    }
    seen = await reader.scan((buf, start, caplen, origLen, ifIndex, offset, tsSec, tsNsec) => {
      if (fnFor(ifIndex)(buf, start, caplen, origLen) === 0) return;
      kept++;
      const linkType = reader.header.interfaces[ifIndex]!.linkType;
      if (o.write !== undefined) {
        if (!writer) {
          sink = new FileSink!(o.write);
          writer = new PcapWriter!(sink, { linkType: savefileLinkType(linkType), snaplen: h.interfaces[ifIndex]?.snaplen || MAXIMUM_SNAPLEN, nanosecond: o.nano === true });
        } else if (writer.opts.linkType !== savefileLinkType(linkType)) {
          throw new BpfError('EINVAL', `cannot write ${linkTypeName(linkType)} packets into a ${linkTypeName(writer.opts.linkType)} pcap`, { file: o.write, offset });
        }
        writer.write({ data: buf.subarray(start, start + caplen), origLen, tsSec, tsNsec });
      } else {
        // one line per packet as `tcpdump -n` prints it
        printer ??= new PacketPrinter!({ link: o.link === true, quick: o.quiet === true, verbose: o.vvv ? 3 : o.vv ? 2 : o.verbose ? 1 : 0, nullSwapped: h.bigEndian, ifName: hostIfName });
        out.push(printer.line(linkType, buf.subarray(start, start + caplen), origLen, tsSec, tsNsec));
        if (out.length >= 256) flushLines();
      }
      if (kept >= limit) throw STOP;
    }, { buffer: first?.scanBuffer });
  } catch (e) {
    if (e !== STOP) throw e;
    seen = -1;
  } finally {
    flushLines();
    writer?.flush();
    sink?.close();
    await reader.close();
  }
  if (o.write !== '-') summary(seen >= 0 ? `${kept} packets selected of ${seen} (engine ${engine})` : `${kept} packets selected (stopped by -c; engine ${engine})`);
  return 0;
}
