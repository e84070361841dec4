/**
 * `tsbpf prog <verb>`: bpftool's prog object. Each verb is its own module, registered here.
 */
import type { CommandFn } from '../main.js';

const VERBS: Record<string, { summary: string; load: () => Promise<CommandFn> }> = {
  // run: raw programs and objects, batch form
  run: { summary: 'run a program on input (BPF_PROG_TEST_RUN): --raw P.bin --type T --data F, or --batch CASES.jsonl', load: async () => (await import('./prog_run.js')).main },
};

registerProgVerb('verify', 'run the verifier on a program: the kernel log, then tsbpf\'s explanation', async () => (await import('./prog_verify.js')).main);

export function registerProgVerb(name: string, summary: string, load: () => Promise<CommandFn>): void {
  VERBS[name] = { summary, load };
}

registerProgVerb('load', 'load an object file: list programs and maps, --pinmaps DIR pins its maps (-j JSON)', async () => (await import('./prog_load.js')).main);
registerProgVerb('dump', 'dump jited|xlated FILE: the JIT\'s WebAssembly as WAT, or the instructions as bpftool prints them (--linum, --opcodes, -j)', async () => (await import('./prog_dump.js')).main);

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
