/**
 * The `tsbpf` command: bpftool's object-verb grammar (`tsbpf prog run`, `tsbpf map dump`) plus
 * tool verbs (`asm`, `disasm`, `filter`, `run`, `conformance-plugin`). Each command lives in its
 * own module under cli/commands with its option table (see command.ts for how to add one) and is
 * registered here by name, one line each.
 */
import { UsageError, type Command } from './command.js';
import { report, runCommand, setWhere } from './report.js';
import { CommandGroup, isGroup } from './registry.js';

export { report, setWhere } from './report.js';

/** the top-level table; `prog` and `map` are groups whose verbs register in their modules */
export const commands = new CommandGroup('', 'tsbpf: the eBPF system in TypeScript');

export function registerCommand(name: string, summary: string, load: () => Promise<Command | CommandGroup>): void {
  commands.register(name, summary, load);
}

// --- command table (one line per command; keep sorted) ---
registerCommand('asm', 'assemble a .s file (llvm or ubpf dialect) into an ELF object or raw program', async () => (await import('./commands/asm.js')).command);
registerCommand('attach', 'load an object into the running kernel, attach its programs, stream its events, print its maps at exit (--json, --metrics)', async () => (await import('./commands/attach.js')).command);
registerCommand('btf', 'BTF: dump types of an object or raw BTF file (bpftool btf dump grammar, format raw|c)', async () => (await import('./commands/btf.js')).command);
registerCommand('conformance-plugin', 'run one conformance test (bpf_conformance plugin protocol)', async () => (await import('./commands/conformance_plugin.js')).command);
registerCommand('disasm', 'disassemble a raw program or an ELF object (llvm, kernel or ubpf syntax)', async () => (await import('./commands/disasm.js')).command);
registerCommand('feature', 'what the running kernel supports: program/map types, helpers, attach kinds (bpftool feature probe)', async () => (await import('./commands/feature.js')).featureVerbs);
registerCommand('filter', 'tcpdump-compatible filtering of pcap/pcapng captures (pcap-filter(7) expressions)', async () => (await import('./commands/filter.js')).command);
registerCommand('link', 'links of the running kernel: show, pin, detach (bpftool grammar)', async () => (await import('./commands/link.js')).linkVerbs);
registerCommand('map', 'map objects: dump, lookup, update, delete, getnext, show of pinned maps (bpftool grammar)', async () => (await import('./commands/map.js')).mapVerbs);
registerCommand('prog', 'program objects: run, load, verify, dump (bpftool grammar)', async () => (await import('./commands/prog.js')).progVerbs);
registerCommand('run', 'run a packet program over a capture: verdicts, events, maps (tsbpf run OBJ --pcap FILE)', async () => (await import('./commands/run.js')).command);
registerCommand('trace', "bpftrace-compatible tracing (-e 'PROGRAM' | FILE.bt, -l, -c, -f json); OBJ --data-in F | --pcap FILE: bpf_trace_printk lines", async () => (await import('./commands/trace.js')).command);
registerCommand('ui', 'the web playground and live dashboard: verifier states, step debugger, maps over time (tsbpf ui [--feed CAPTURE] [OBJ...])', async () => (await import('./commands/ui.js')).command);
registerCommand('list', 'list probes: tracepoints (-v: fields), kfunc BTF arguments, software events, uprobe:BINARY:* (tsbpf trace -l)', async () => (await import('./commands/trace_bt.js')).listCommand);

export async function version(): Promise<string> {
  const { readFileSync } = await import('node:fs');
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  return `tsbpf v${pkg.version}\nnode ${process.version}`;
}

/** run one command line; returns the exit code (0, 1 or 2) and never throws */
export async function main(argv: string[]): Promise<number> {
  setWhere('tsbpf');
  try {
    return await dispatch(commands, argv, []);
  } catch (e) {
    return report(e);
  }
}

/** global words before the command: -j, -p, --version, --help */
const LEADING = new Set(['-j', '--json', '-p', '--pretty', '-jp', '-pj']);

async function dispatch(g: CommandGroup, argv: string[], lead: string[]): Promise<number> {
  let k = 0;
  const globals = [...lead];
  for (; k < argv.length && argv[k]!.startsWith('-'); k++) {
    const w = argv[k]!;
    if (w === '--version' || w === '-V') {
      console.log(await version());
      return 0;
    }
    if (w === '-h' || w === '--help') {
      console.log(g.usage());
      return 0;
    }
    if (!LEADING.has(w)) throw new UsageError(`unknown option '${w}'`, g.usage());
    globals.push(w);
  }
  const word = argv[k];
  if (word === undefined) {
    console.error(g.usage());
    return 2;
  }
  if (word === 'help') {
    // `tsbpf help prog run` is `tsbpf prog run --help`
    const rest = argv.slice(k + 1);
    return rest.length ? dispatch(g, [...rest, '--help'], globals) : (console.log(g.usage()), 0);
  }
  const [name, entry] = g.find(word);
  setWhere(`tsbpf${g.name ? ' ' + g.name : ''} ${name}`);
  const target = await entry.load();
  const rest = argv.slice(k + 1);
  if (isGroup(target)) return dispatch(target, rest, globals);
  return runCommand(target, rest, globals);
}
