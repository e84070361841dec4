/**
 * Verifies one program of an object in a worker thread, so a caller can give a verification a
 * time budget (a synchronous verify() cannot be interrupted otherwise): workerData {path, index}.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readFileSync } from 'node:fs';
import { loadObjectSpec } from '../../src/elf/index.js';
import { verifyProgram } from './objects.js';
import { kernelAvailable, nrCpuIds } from '../../src/hooks/kernel/bpf.js';

const { path, index } = workerData as { path: string; index: number };
const spec = loadObjectSpec(new Uint8Array(readFileSync(path)), { allowUnsupported: true });
const p = spec.programs[index]!;
try {
  // the verdict is compared with this machine's kernel: bpf_get_smp_processor_id is below its nr_cpu_ids
  const r = verifyProgram(spec, p, { logLevel: 0, ...(kernelAvailable().ok ? { nrCpuIds: nrCpuIds() } : {}) });
  parentPort!.postMessage({ accepted: r.accepted, why: r.message, processed: r.stats.processed, timeUs: r.stats.timeUs });
} catch (e) {
  parentPort!.postMessage({ accepted: false, why: `verifier threw: ${(e as Error).message.split('\n')[0]}` });
}
