/**
 * BPF_PROG_TEST_RUN for raw programs: build the context the program type expects around a packet,
 * run (optionally repeated), report retval (low 32 bits of r0), the packet afterwards, instructions
 * executed and the time per run.
 */
import { BpfError } from '../isa/errors.js';
import type { Instruction } from '../isa/instruction.js';
import { XdpHarness } from './run.js';
import type { EngineName } from './engine.js';

export const PACKET_RUN_TYPES = ['xdp'] as const;

export interface PacketRunResult {
  retval: number;
  dataOut: Uint8Array;
  insns: number;
  nsPerRun: number;
}

export function runPacket(insns: readonly Instruction[], type: string, data: Uint8Array, repeat = 1, engine: EngineName = 'interpreter'): PacketRunResult {
  if (type !== 'xdp') throw new BpfError('EINVAL', `program type '${type}' cannot be test-run on raw programs yet (supported: ${PACKET_RUN_TYPES.join(', ')})`);
  const h = new XdpHarness(insns, { engine });
  let res = h.run(data);
  const t0 = performance.now();
  for (let k = 1; k < repeat; k++) res = h.run(data);
  const t1 = performance.now();
  const ns = repeat > 1 ? ((t1 - t0) * 1e6) / (repeat - 1) : 0;
  return { ...res, nsPerRun: ns };
}
