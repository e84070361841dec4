/**
 * A long-lived verification worker: receives {path, index} messages and answers each with the
 * verdict, so that many programs are verified without starting a thread (and loading tsbpf) for
 * each; VerifyServer terminates and replaces it when one verification runs past its budget.
 */
import { parentPort, Worker } from 'node:worker_threads';
import { readFileSync } from 'node:fs';
import { loadObjectSpec, type ObjectSpec } from '../../src/elf/index.js';
import { verifyProgram } from './objects.js';
import { loadObject } from '../../src/runtime/object.js';
import { BpfError } from '../../src/isa/errors.js';

/** the wall-time limit, in budgets (VerifyServer.verify) */
const WALL_FACTOR = 20;

export interface ServerVerdict { accepted: boolean; why?: string; processed?: number; timeUs?: number }

export class VerifyServer {
  private w: Worker | null = null;
  private start(): Worker {
    return (this.w ??= new Worker(new URL(import.meta.url)));
  }
  /**
   * `load`: the program's verdict through the emulator's whole loader (runtime loadObject, verify on:
   * maps created, externs resolved) as object_matrix.ts judges it, instead of the verifier alone
   */
  async verify(path: string, index: number, budgetMs: number, load?: { program: string }): Promise<ServerVerdict & { errno?: string }> {
    const w = this.start();
    let timer: NodeJS.Timeout | undefined;
    const done = new Promise<ServerVerdict>((res, rej) => {
      w.once('message', res);
      w.once('error', rej);
    });
    w.postMessage({ path, index, ...(load ? { program: load.program } : {}) });
    // the budget is CPU time, not wall time: on this 2-core machine under a load of 20 a program
    // that needs 2 s of CPU takes 20 s of wall time (the kernel's own limit is instructions, not
    // time). This thread only waits, so the process's CPU time is the worker's. A wall limit of
    // WALL_FACTOR budgets still ends a worker that somehow stops using CPU.
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    let why = '';
    const r = await Promise.race([done, new Promise<null>((res) => {
      timer = setInterval(() => {
        const c = process.cpuUsage(cpu0);
        if ((c.user + c.system) / 1000 >= budgetMs) why = `not done within the ${budgetMs} ms CPU budget`;
        else if (performance.now() - t0 >= budgetMs * WALL_FACTOR) why = `not done within ${budgetMs * WALL_FACTOR} ms`;
        if (why) res(null);
      }, 100);
    })]);
    clearInterval(timer);
    w.removeAllListeners('message');
    w.removeAllListeners('error');
    if (r) return r;
    await w.terminate();
    this.w = null;
    return { accepted: false, errno: 'ETIME', why };
  }
  async close(): Promise<void> {
    await this.w?.terminate();
    this.w = null;
  }
}

if (parentPort) {
  let cached: { path: string; spec: ObjectSpec } | null = null;
  parentPort.on('message', async ({ path, index, program }: { path: string; index: number; program?: string }) => {
    if (program !== undefined) {
      try {
        const o = await loadObject(new Uint8Array(readFileSync(path)), { file: path.slice(path.lastIndexOf('/') + 1), programs: [program], verify: true });
        o.close();
        parentPort!.postMessage({ accepted: true });
      } catch (e) {
        parentPort!.postMessage({ accepted: false, errno: e instanceof BpfError ? e.errno : 'EFAULT', why: (e instanceof Error ? e.message : String(e)).split('\n')[0] });
      }
      return;
    }
    try {
      if (cached?.path !== path) cached = { path, spec: loadObjectSpec(new Uint8Array(readFileSync(path)), { allowUnsupported: true }) };
      const r = verifyProgram(cached.spec, cached.spec.programs[index]!, { logLevel: 0 });
      parentPort!.postMessage({ accepted: r.accepted, why: r.message, processed: r.stats.processed, timeUs: r.stats.timeUs });
    } catch (e) {
      parentPort!.postMessage({ accepted: false, why: `verifier threw: ${(e as Error).message.split('\n')[0]}` });
    }
  });
}
