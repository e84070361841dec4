/**
 * Convenience runners used by the CLI, tests and harnesses: a program over a memory buffer
 * (the conformance suite's convention) and an XDP program over a packet (BPF_PROG_TEST_RUN's
 * convention: XDP_PACKET_HEADROOM of 256 bytes before the data, retval = low 32 bits of r0).
 */
import type { Instruction } from '../isa/instruction.js';
import type { HelperRegistry } from '../helpers/api.js';
import { AddressSpace, RegionKind } from './address_space.js';
import { Interpreter } from './interpreter.js';

export interface RawRunOptions {
  mem?: Uint8Array;
  helpers?: HelperRegistry;
  budget?: number;
}

export interface RawRunResult {
  r0: bigint;
  /** the memory after the run */
  mem: Uint8Array;
  insns: number;
}

/** run with r1 = pointer to a writable copy of `mem` and r2 = its length (r1 = r2 = 0 without mem) */
export function runRaw(insns: readonly Instruction[], opts: RawRunOptions = {}): RawRunResult {
  const vm = new Interpreter(insns, { helpers: opts.helpers, budget: opts.budget });
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

/** XDP_PACKET_HEADROOM (include/linux/bpf.h... net/core/dev.c) */
export const XDP_PACKET_HEADROOM = 256;
/** sizeof(struct xdp_md) */
export const XDP_MD_SIZE = 24;

export interface XdpRunResult {
  /** low 32 bits of r0, as BPF_PROG_TEST_RUN reports it */
  retval: number;
  dataOut: Uint8Array;
  insns: number;
}

/** a reusable XDP test-run harness: one interpreter and address space, many packets */
export class XdpHarness {
  readonly vm: Interpreter;
  constructor(insns: readonly Instruction[], opts: { helpers?: HelperRegistry; budget?: number; as?: AddressSpace } = {}) {
    this.vm = new Interpreter(insns, opts);
  }
  run(data: Uint8Array, ingressIfindex = 1): XdpRunResult {
    const as = this.vm.as;
    const pkt = as.map(XDP_PACKET_HEADROOM + data.length, RegionKind.Packet, 'packet');
    const ctx = as.map(XDP_MD_SIZE, RegionKind.Ctx, 'xdp_md', false);
    try {
      const start = pkt.base + XDP_PACKET_HEADROOM;
      as.u8.set(data, start);
      const dv = as.dv;
      // struct xdp_md { u32 data, data_end, data_meta, ingress_ifindex, rx_queue_index, egress_ifindex }
      dv.setUint32(ctx.base, start, true);
      dv.setUint32(ctx.base + 4, start + data.length, true);
      dv.setUint32(ctx.base + 8, start, true);
      dv.setUint32(ctx.base + 12, ingressIfindex, true);
      const env = { ctx: ctx.base, packet: { data: start, dataEnd: start + data.length, dataMeta: start } };
      const res = this.vm.run({ r1: ctx.base, env });
      const d0 = env.packet.data, d1 = env.packet.dataEnd;
      return { retval: Number(res.r0 & 0xffffffffn), dataOut: as.u8.slice(d0, d1), insns: res.insns };
    } finally {
      as.unmap(ctx);
      as.unmap(pkt);
    }
  }
}

export function runXdp(insns: readonly Instruction[], data: Uint8Array, opts: { helpers?: HelperRegistry; budget?: number } = {}): XdpRunResult {
  return new XdpHarness(insns, opts).run(data);
}
