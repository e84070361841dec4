/**
 * The `tsbpf` command: bpftool's object-verb grammar (`tsbpf prog run`, `tsbpf map dump`) plus
 * tool verbs (`asm`, `disasm`, `filter`, `run`, `conformance-plugin`). Each command lives in its
 * own module under cli/commands and is registered here by name.
 */
import { BpfError } from '../isa/errors.js';

export type CommandFn = (argv: string[]) => Promise<number> | number;

interface CommandEntry {
  summary: string;
  load: () => Promise<CommandFn>;
}

/** top-level commands; `prog` and `map` dispatch on their second word inside their modules */
const COMMANDS: Record<string, CommandEntry> = {};

export function registerCommand(name: string, summary: string, load: () => Promise<CommandFn>): void {
  COMMANDS[name] = { summary, load };
}

// --- command table (one line per command; keep sorted) ---
registerCommand('filter', 'tcpdump-compatible filtering of pcap/pcapng captures (pcap-filter(7) expressions)', async () => (await import('./commands/filter.js')).main);
registerCommand('btf', 'BTF: dump types of an object or raw BTF file (bpftool btf dump grammar, format raw|c)', async () => (await import('./commands/btf.js')).main);
registerCommand('conformance-plugin', 'run one conformance test (bpf_conformance plugin protocol)', async () => (await import('./commands/conformance_plugin.js')).main);
registerCommand('asm', 'assemble a .s file (llvm or ubpf dialect) into an ELF object or raw program', async () => (await import('./commands/asm.js')).main);
registerCommand('disasm', 'disassemble a raw program or an ELF object (llvm, kernel or ubpf syntax)', async () => (await import('./commands/disasm.js')).main);
registerCommand('map', 'map objects: dump, lookup, update, delete, getnext, show of pinned maps (bpftool grammar)', async () => (await import('./commands/map.js')).main);
registerCommand('run', 'run a packet program over a capture: verdicts, events, maps (tsbpf run OBJ --pcap FILE)', async () => (await import('./commands/run.js')).main);
registerCommand('prog', 'program objects: run, load, verify, dump (bpftool grammar)', async () => (await import('./commands/prog.js')).main);
registerCommand('ui', 'the web playground and live dashboard (tsbpf ui [--port P] [--feed CAPTURE] [OBJ...])', async () => (await import('./commands/ui.js')).main);
registerCommand('trace', 'run a program and print its bpf_trace_printk lines as trace_pipe shows them (--data-in F | --pcap FILE)', async () => (await import('./commands/trace.js')).main);

function usage(): string {
  const names = Object.keys(COMMANDS).sort();
  const w = Math.max(0, ...names.map((n) => n.length));
  return ['usage: tsbpf <command> [args]', '', ...names.map((n) => `  ${n.padEnd(w)}  ${COMMANDS[n]!.summary}`)].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '-h' || name === '--help' || name === 'help') {
    console.log(usage());
    return name ? 0 : 2;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    console.error(`tsbpf: unknown command '${name}'\n${usage()}`);
    return 2;
  }
  try {
    const fn = await entry.load();
    return await fn(rest);
  } catch (e) {
    if (e instanceof BpfError) {
      console.error(`tsbpf ${name}: ${e.message}`);
      return 1;
    }
    throw e;
  }
}
