/**
 * `tsbpf trace OBJ [--section S | --program NAME] (--data-in F | --pcap FILE) [--engine E] [-c N]
 *   [--comm NAME] [--cpu N]`: run a program (once on F's bytes, or once per packet of a capture) and print
 * what it writes with bpf_trace_printk, in the kernel's trace_pipe format, as `bpftool prog tracelog`
 * shows it: `<comm>-<pid> [<cpu>] <flags> <timestamp>: bpf_trace_printk: <text>`.
 */
import { readBinaryFile } from '../../elf/read_file.js';
import { parseArgs } from 'node:util';
import { openSync, readSync, closeSync } from 'node:fs';
import { BpfError } from '../../isa/errors.js';
import { loadObject } from '../../runtime/object.js';
import { parseEngine } from '../../vm/engine.js';
import { CaptureReader } from '../../hooks/pcap/reader.js';
import { pickProgram } from '../select.js';
import { traceLine } from '../format/trace_line.js';

const USAGE = 'usage: tsbpf trace OBJ [--section S | --program NAME] (--data-in F | --pcap FILE) [--engine interpreter|jit] [-c N] [--comm NAME] [--cpu N]';

/**
 * bpftrace mode unless the first argument is an object file (ELF magic) run with --pcap/--data-in:
 * `tsbpf trace -e PROGRAM`, `tsbpf trace FILE.bt`, `tsbpf trace -l`.
 */
function isObjectMode(argv: string[]): boolean {
  if (argv.some((a) => a === '--pcap' || a === '--data-in' || a.startsWith('--pcap=') || a.startsWith('--data-in='))) return true;
  const first = argv[0];
  if (!first || first.startsWith('-')) return false;
  try {
    const fd = openSync(first, 'r');
    const b = Buffer.alloc(4);
    readSync(fd, b, 0, 4, 0);
    closeSync(fd);
    return b[0] === 0x7f && b[1] === 0x45 && b[2] === 0x4c && b[3] === 0x46;
  } catch {
    return false;
  }
}

export async function main(argv: string[]): Promise<number> {
  if (!isObjectMode(argv)) return (await import('./trace_bt.js')).main(argv);
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      section: { type: 'string' },
      program: { type: 'string' },
      'data-in': { type: 'string' },
      pcap: { type: 'string' },
      engine: { type: 'string', default: 'interpreter' },
      count: { type: 'string', short: 'c' },
      comm: { type: 'string', default: 'tsbpf' },
      cpu: { type: 'string', default: '0' },
    },
    allowPositionals: true,
  });
  if (positionals.length !== 1 || (values['data-in'] === undefined) === (values.pcap === undefined)) {
    console.error(USAGE);
    return 2;
  }
  const engine = parseEngine(values.engine);
  const cpu = Number(values.cpu);
  if (!Number.isInteger(cpu) || cpu < 0) throw new BpfError('EINVAL', `--cpu needs a CPU number, got '${values.cpu}'`);
  const limit = values.count !== undefined ? Number(values.count) : Infinity;
  if (!(limit === Infinity || (Number.isInteger(limit) && limit >= 0))) throw new BpfError('EINVAL', `-c needs a packet count, got '${values.count}'`);
  const obj = await loadObject(positionals[0]!, { ncpus: cpu + 1 });
  const prog = pickProgram(obj, values.section, values.program);
  const ctx = { comm: values.comm!, pid: process.pid, cpu, flags: 'b..11' };
  // the kernel stamps an event when bpf_trace_printk runs, with its local clock (time since boot)
  const trace = (text: string): void => {
    console.log(traceLine({ ...ctx, ns: process.hrtime.bigint() }, text));
  };
  const run = (data: Uint8Array): void => {
    prog.run({ data, trace, engine, cpu });
  };
  if (values['data-in'] !== undefined) {
    run(await readBinaryFile(values['data-in']));
    return 0;
  }
  const reader = await CaptureReader.open(values.pcap!);
  try {
    let n = 0;
    for await (const p of reader) {
      if (n++ >= limit) break;
      run(p.data);
    }
  } finally {
    await reader.close();
  }
  return 0;
}
