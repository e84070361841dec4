/**
 * A long-lived verification worker: receives {path, index} messages and answers each with the
 * verdict, so that many programs are verified without starting a thread (and loading tsbpf) for
 * each; VerifyServer terminates and replaces it when one verification runs past its budget.
 */
import { parentPort, Worker } from 'node:worker_threads';
import { readFileSync } from 'node:fs';
import { loadObjectSpec, type ObjectSpec } from '../../src/elf/index.js';
import { verifyProgram } from './objects.js';

export interface ServerVerdict { accepted: boolean; why?: string; processed?: number; timeUs?: number }

export class VerifyServer {
  private w: Worker | null = null;
  private start(): Worker {
    return (this.w ??= new Worker(new URL(import.meta.url)));
  }
  async verify(path: string, index: number, budgetMs: number): Promise<ServerVerdict> {
    const w = this.start();
    let timer: NodeJS.Timeout | undefined;
    const done = new Promise<ServerVerdict>((res, rej) => {
      w.once('message', res);
      w.once('error', rej);
    });
    w.postMessage({ path, index });
    const r = await Promise.race([done, new Promise<null>((res) => { timer = setTimeout(() => res(null), budgetMs); })]);
    clearTimeout(timer);
    w.removeAllListeners('message');
    w.removeAllListeners('error');
    if (r) return r;
    await w.terminate();
    this.w = null;
    return { accepted: false, why: `not done within the ${budgetMs} ms budget` };
  }
  async close(): Promise<void> {
    await this.w?.terminate();
    this.w = null;
  }
}

if (parentPort) {
  let cached: { path: string; spec: ObjectSpec } | null = null;
  parentPort.on('message', ({ path, index }: { path: string; index: number }) => {
    try {
      if (cached?.path !== path) cached = { path, spec: loadObjectSpec(new Uint8Array(readFileSync(path)), { allowUnsupported: true }) };
      const r = verifyProgram(cached.spec, cached.spec.programs[index]!, { logLevel: 0 });
      parentPort!.postMessage({ accepted: r.accepted, why: r.message, processed: r.stats.processed, timeUs: r.stats.timeUs });
    } catch (e) {
      parentPort!.postMessage({ accepted: false, why: `verifier threw: ${(e as Error).message.split('\n')[0]}` });
    }
  });
}
