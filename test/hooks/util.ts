import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** the repo root, from dist/test/hooks/ */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const PCAP_DIR = ROOT + 'test/data/pcap/';

export const HAVE_TCPDUMP = spawnSync('tcpdump', ['--version']).status === 0;
export const NO_TCPDUMP = HAVE_TCPDUMP ? false : 'tcpdump is not installed';

/** tcpdump's selected packets as a pcap (bytes), or its error message */
export function tcpdumpSelect(file: string, expr: string): { pcap?: Buffer; error?: string } {
  try {
    return { pcap: execFileSync('tcpdump', ['-r', file, '-w', '-', '--', expr], { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 }) };
  } catch (e) {
    return { error: String((e as { stderr?: Buffer }).stderr ?? e).trim().split('\n').pop()! };
  }
}

export function tcpdumpDump(expr: string, flag: '-d' | '-dd' | '-ddd', file?: string): string {
  return execFileSync('tcpdump', [...(file ? ['-r', file] : []), flag, '--', expr], { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
}

/** tcpdumpSelect, asynchronously (tests run several tcpdumps at once) */
export function tcpdumpSelectAsync(file: string, expr: string): Promise<{ pcap?: Buffer; error?: string }> {
  return new Promise((resolve) => {
    execFile('tcpdump', ['-r', file, '-w', '-', '--', expr], { encoding: 'buffer', maxBuffer: 1 << 28 }, (e, stdout, stderr) => {
      if (e) resolve({ error: String(stderr).trim().split('\n').pop()! });
      else resolve({ pcap: stdout });
    });
  });
}

/** run async jobs with bounded concurrency, results in order */
export async function pool<T, R>(items: readonly T[], n: number, f: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await f(items[i]!);
    }
  }));
  return out;
}
