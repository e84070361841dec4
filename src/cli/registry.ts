/**
 * Tables of commands: the top-level one (main.ts) and one per object (`prog`, `map`), whose verbs
 * are commands too. Entries load their module lazily. A word reaches its entry by exact name or
 * by unique prefix (`tsbpf prog ver` is `prog verify`, as bpftool takes `bpftool prog sh`).
 */
import { helpText, matchPrefix, UsageError, type Command } from './command.js';

export interface Entry {
  summary: string;
  load: () => Promise<Command | CommandGroup>;
}

export class CommandGroup {
  readonly entries = new Map<string, Entry>();
  /** name: the words before the verb ('' for the top level, 'prog'), for usage lines */
  constructor(readonly name: string, readonly summary: string) {}

  register(name: string, summary: string, load: () => Promise<Command | CommandGroup>): this {
    this.entries.set(name, { summary, load });
    return this;
  }

  usage(): string {
    const names = [...this.entries.keys()].sort();
    const w = Math.max(0, ...names.map((n) => n.length));
    const head = `usage: tsbpf ${this.name ? this.name + ' ' : ''}${this.name ? '{VERB}' : '[-j|-p] [--version] {COMMAND}'} [ARGS] [--help]`;
    return [head, '', ...names.map((n) => `  ${n.padEnd(w)}  ${this.entries.get(n)!.summary}`)].join('\n');
  }

  /** the entry a word names: exact, else the one name it begins; a UsageError otherwise */
  find(word: string): [string, Entry] {
    const m = matchPrefix(word, [...this.entries.keys()]);
    const what = this.name ? `${this.name} verb` : 'command';
    if (m === undefined) throw new UsageError(`unknown ${what} '${word}'`, this.usage());
    if (Array.isArray(m)) throw new UsageError(`${what} '${word}' is ambiguous (${m.join(', ')})`, this.usage());
    return [m, this.entries.get(m)!];
  }
}

export const isGroup = (x: Command | CommandGroup): x is CommandGroup => x instanceof CommandGroup;

/** every command reachable from a group, depth first, sorted (the CLI reference) */
export async function allCommands(g: CommandGroup): Promise<Command[]> {
  const out: Command[] = [];
  for (const name of [...g.entries.keys()].sort()) {
    const c = await g.entries.get(name)!.load();
    if (isGroup(c)) out.push(...(await allCommands(c)));
    else out.push(c);
  }
  return out;
}

export { helpText };
