/**
 * `tsbpf prog <verb>`: bpftool's prog object. Each verb is its own module, registered here.
 */
import type { CommandFn } from '../main.js';

const VERBS: Record<string, { summary: string; load: () => Promise<CommandFn> }> = {
  // run: raw programs and objects, batch form
  // 'run': { summary: '...', load: async () => (await import('./prog_run.js')).main },
};

registerProgVerb('verify', 'run the verifier on a program: the kernel log, then tsbpf\'s explanation', async () => (await import('./prog_verify.js')).main);

export function registerProgVerb(name: string, summary: string, load: () => Promise<CommandFn>): void {
  VERBS[name] = { summary, load };
}

export async function main(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  const v = verb ? VERBS[verb] : undefined;
  if (!v) {
    const names = Object.keys(VERBS).sort();
    const w = Math.max(0, ...names.map((n) => n.length));
    console.error(['usage: tsbpf prog <verb> [args]', '', ...names.map((n) => `  ${n.padEnd(w)}  ${VERBS[n]!.summary}`)].join('\n'));
    return 2;
  }
  return (await v.load())(rest);
}
