/**
 * What the live-kernel examples share: `--name value` / `--flag` arguments, running until a
 * duration passes or SIGINT/SIGTERM arrives, and draining event readers on a timer meanwhile.
 * Each example is a small program over tsbpf's public kernel API (src/kernel/index.ts).
 */
export function parseArgs(argv = process.argv.slice(2)): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) throw new Error(`unexpected argument '${a}'`);
    const next = argv[i + 1];
    const v = next !== undefined && !next.startsWith('--') ? (i++, next) : 'true';
    out.set(a.slice(2), [...(out.get(a.slice(2)) ?? []), v]);
  }
  return out;
}

export const arg = (m: Map<string, string[]>, k: string): string | undefined => m.get(k)?.[0];

/** resolve after `seconds` (if given) or at SIGINT/SIGTERM; `tick` runs every 20 ms meanwhile */
export function runUntil(seconds: number | undefined, tick: () => void = () => {}): Promise<void> {
  return new Promise((resolve) => {
    const t = setInterval(tick, 20);
    const done = () => {
      clearInterval(t);
      tick();
      resolve();
    };
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
    if (seconds !== undefined) setTimeout(done, seconds * 1000).unref();
  });
}

/** tell a parent (a test, a script) that the probes are in place */
export function ready(what: string): void {
  process.stderr.write(`attached: ${what}\n`);
}

/** the committed object next to this example's source (examples/NAME.bpf.o), from dist/ or examples/ */
export function objectPath(name: string): string {
  return new URL(`./${name}.bpf.o`, import.meta.url.replace('/dist/examples/', '/examples/')).pathname;
}

/** --duration S as a number of seconds, or undefined (run until SIGINT/SIGTERM) */
export function duration(m: Map<string, string[]>): number | undefined {
  const d = arg(m, 'duration');
  return d === undefined ? undefined : Number(d);
}
