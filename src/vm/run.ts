/**
 * Convenience runners used by the CLI, tests and harnesses: a program over a memory buffer
 * (the conformance suite's convention) and an XDP program over a packet (BPF_PROG_TEST_RUN's
 * convention: XDP_PACKET_HEADROOM of 256 bytes before the data, retval = low 32 bits of r0).
 */
import type { Instruction } from '../isa/instruction.js';
import type { HelperRegistry } from '../helpers/api.js';
import { RegionKind } from './address_space.js';
import { runProgram } from './test_run.js';
import { BPF_PROG_TYPE } from '../progtypes/prog_types.js';
import { createEngine, type EngineName } from './engine.js';

export interface RawRunOptions {
  mem?: Uint8Array;
  helpers?: HelperRegistry;
  budget?: number;
  engine?: EngineName;
}

export interface RawRunResult {
  r0: bigint;
  /** the memory after the run */
  mem: Uint8Array;
  insns: number;
}

/** run with r1 = pointer to a writable copy of `mem` and r2 = its length (r1 = r2 = 0 without mem) */
export function runRaw(insns: readonly Instruction[], opts: RawRunOptions = {}): RawRunResult {
  const vm = createEngine(opts.engine ?? 'interpreter', insns, { helpers: opts.helpers, budget: opts.budget });
  let r1 = 0;
  let region = null;
  if (opts.mem && opts.mem.length > 0) {
    region = vm.as.map(opts.mem.length, RegionKind.Mem, 'mem');
    vm.as.u8.set(opts.mem, region.base);
    r1 = region.base;
  }
  const res = vm.run({ r1, r2: opts.mem?.length ?? 0 });
  const mem = region ? vm.as.u8.slice(region.base, region.base + region.size) : new Uint8Array(0);
  return { r0: res.r0, mem, insns: res.insns };
}

export interface XdpRunOptions {
  helpers?: HelperRegistry;
  budget?: number;
  engine?: EngineName;
}

export interface XdpRunResult {
  /** low 32 bits of r0, as BPF_PROG_TEST_RUN reports it */
  retval: number;
  dataOut: Uint8Array;
  insns: number;
}

/** an XDP program over one packet, as BPF_PROG_TEST_RUN runs it */
export function runXdp(insns: readonly Instruction[], data: Uint8Array, opts: XdpRunOptions = {}): XdpRunResult {
  const r = runProgram(insns, BPF_PROG_TYPE.XDP, { ...opts, dataIn: data });
  return { retval: r.retval, dataOut: r.dataOut, insns: r.insns };
}
