/**
 * `tsbpf trace OBJ [--section S | --program NAME] (--data-in F | --pcap FILE) [--engine E] [-c N]
 *   [--comm NAME] [--cpu N]`: run a program (once on F's bytes, or once per packet of a capture) and print
 * what it writes with bpf_trace_printk, in the kernel's trace_pipe format, as `bpftool prog tracelog`
 * shows it: `<comm>-<pid> [<cpu>] <flags> <timestamp>: bpf_trace_printk: <text>`.
 */
import { intOption } from '../numbers.js';
import { BpfError } from '../../isa/errors.js';
import { openSync, readSync, closeSync } from 'node:fs';
import { defineCommand, mainOf, usageLine, UsageError } from '../command.js';

/** vm/engine.ts ENGINE_NAMES, spelled here so that `tsbpf trace -e` does not load the VM to parse its options */
const ENGINE_NAMES = ['interpreter', 'jit'];

/** marks an argv handed whole to the bpftrace front end (trace_bt.ts), which has bpftrace's own flags */
const BPFTRACE = '\0bpftrace';

/**
 * bpftrace mode unless the first argument is an object file (ELF magic) or --pcap/--data-in is
 * given: `tsbpf trace -e PROGRAM`, `tsbpf trace FILE.bt`, `tsbpf trace -l`.
 */
function isObjectMode(argv: string[]): boolean {
  if (argv.some((a) => /^--(pcap|data-in|ctx-in)(=|$)/.test(a))) return true;
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

export const command = defineCommand({
  name: 'trace',
  summary: 'bpftrace-compatible tracing, or a program\'s bpf_trace_printk lines as the kernel\'s trace_pipe shows them',
  args: 'OBJ (--data-in F | --ctx-in F | --pcap FILE)',
  forms: ["-e 'PROGRAM' | FILE.bt [-c CMD] [-p PID] [-f text|json] [-o FILE] [-d] [-v] [-q] [ARGS...]", '-l [PATTERN] [-v]', '[OPTIONS] OBJ (--data-in F | --ctx-in F | --pcap FILE)'],
  description: 'With a bpftrace program (-e or a .bt file) the flags are bpftrace\'s: see docs/trace.md. With an object file, run it over data or a capture.',
  minArgs: 1,
  preprocess: (argv) => (argv.includes('--help') || argv.includes('-h') || isObjectMode(argv) ? argv : ['--', BPFTRACE, ...argv]),
  options: {
    section: { type: 'string', arg: 'S', help: 'the program in section S' },
    program: { type: 'string', arg: 'NAME', help: 'the program named NAME' },
    'data-in': { type: 'string', arg: 'F', help: 'run once on the bytes of F' },
    'ctx-in': { type: 'string', arg: 'F', help: 'a tracing program\'s context: JSON fields by name and the simulated task ({"fields", "args", "task"}, as prog run takes it) or its bytes; its maps are printed after the run' },
    pcap: { type: 'string', arg: 'FILE', help: 'run once per packet of a capture' },
    engine: { type: 'string', arg: 'E', default: 'interpreter', choices: ENGINE_NAMES, help: 'engine that runs the program' },
    count: { type: 'string', short: 'c', arg: 'N', help: 'stop after N packets' },
    comm: { type: 'string', arg: 'NAME', default: 'tsbpf', help: 'the task name the lines carry' },
    cpu: { type: 'string', arg: 'N', default: '0', help: 'the CPU the program runs on' },
  },
  examples: ['tsbpf trace examples/trace_printk.bpf.o --pcap examples/traffic.pcap -c 3'],
  run: (a) => traceMain(a.values, a.args),
});

export const main = mainOf(command);

async function traceMain(values: { section?: string; program?: string; 'data-in'?: string; 'ctx-in'?: string; pcap?: string; engine: string; count?: string; comm: string; cpu: string }, positionals: string[]): Promise<number> {
  if (positionals[0] === BPFTRACE) return (await import('./trace_bt.js')).main(positionals.slice(1));
  if (positionals.length > 1) throw new UsageError(`unexpected argument '${positionals[1]}'`, usageLine(command));
  // the object runner's modules load only in object mode (the bpftrace front end's start-up counts)
  const [{ readBinaryFile }, { loadObject }, { parseEngine }, { CaptureReader }, { pickProgram }, { traceLine }] = await Promise.all([
    import('../../elf/read_file.js'), import('../../runtime/object.js'), import('../../vm/engine.js'), import('../../hooks/pcap/reader.js'),
    import('../select.js'), import('../format/trace_line.js'),
  ]);
  const given = [values['data-in'], values['ctx-in'], values.pcap].filter((v) => v !== undefined).length;
  if (given !== 1) throw new UsageError('give one of --data-in F, --ctx-in F or --pcap FILE', usageLine(command));
  const engine = parseEngine(values.engine);
  // a CPU number the maps can hold a slot for (loadObject's ncpus is cpu + 1, at most 1024)
  const cpu = intOption(values.cpu!, '--cpu', 0, 1023, 'a CPU number');
  const limit = values.count !== undefined ? intOption(values.count, '-c', 0, undefined, 'a packet count') : Infinity;
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
  if (values['ctx-in'] !== undefined) {
    // a tracing program on the context it is given, as prog run runs it; then its maps
    const [{ TRACING_TYPES, isJsonContext, mapLines, tracingRunOptions }, { RecordTypes }] = await Promise.all([import('../trace_run.js'), import('../readable.js')]);
    const ctxIn = await readBinaryFile(values['ctx-in']);
    const traced = TRACING_TYPES.has(prog.progType) && isJsonContext(values['ctx-in'], ctxIn) ? tracingRunOptions(prog, ctxIn, values['ctx-in']) : { ctx: ctxIn };
    // the trace_pipe line names the current task: the simulated one
    const task = ('env' in traced ? traced.env?.task : undefined) as { comm: string; pid: number } | undefined;
    const taskTrace = task ? (text: string): void => console.log(traceLine({ ...ctx, comm: task.comm, pid: task.pid, ns: process.hrtime.bigint() }, text)) : trace;
    prog.run({ ...traced, trace: taskTrace, engine, cpu });
    for (const l of mapLines(obj, new RecordTypes(obj, undefined))) console.log(`map ${l}`);
    return 0;
  }
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
