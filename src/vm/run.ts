/**
 * Convenience runners used by the CLI, tests and harnesses: a program over a memory buffer
 * (the conformance suite's convention) and an XDP program over a packet (BPF_PROG_TEST_RUN's
 * convention: XDP_PACKET_HEADROOM of 256 bytes before the data, retval = low 32 bits of r0).
 */
import type { Instruction } from '../isa/instruction.js';
import type { HelperRegistry } from '../helpers/api.js';
import { AddressSpace, RegionKind, type Region } from './address_space.js';
import { createEngine, type Engine, type EngineName } from './engine.js';

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
  readonly vm: Engine;
  private pkt: Region | null = null;
  private readonly ctx: Region;
  constructor(insns: readonly Instruction[], opts: XdpRunOptions = {}) {
    this.vm = createEngine(opts.engine ?? 'interpreter', insns, opts);
    this.ctx = this.vm.as.map(XDP_MD_SIZE, RegionKind.Ctx, 'xdp_md', false);
  }
  run(data: Uint8Array, ingressIfindex = 1): XdpRunResult {
    const as = this.vm.as;
    // the packet region is kept between runs and only replaced when a larger packet arrives
    const need = XDP_PACKET_HEADROOM + data.length;
    if (!this.pkt || this.pkt.size < need) {
      if (this.pkt) as.unmap(this.pkt);
      this.pkt = as.map(need, RegionKind.Packet, 'packet');
    }
    const pkt = this.pkt;
    const start = pkt.base + XDP_PACKET_HEADROOM;
    as.u8.fill(0, pkt.base, start);
    as.u8.set(data, start);
    const ctx = this.ctx.base;
    const dv = as.dv;
    // struct xdp_md { u32 data, data_end, data_meta, ingress_ifindex, rx_queue_index, egress_ifindex }
    dv.setUint32(ctx, start, true);
    dv.setUint32(ctx + 4, start + data.length, true);
    dv.setUint32(ctx + 8, start, true);
    dv.setUint32(ctx + 12, ingressIfindex, true);
    dv.setUint32(ctx + 16, 0, true);
    dv.setUint32(ctx + 20, 0, true);
    const env = { ctx, packet: { data: start, dataEnd: start + data.length, dataMeta: start } };
    const res = this.vm.run({ r1: ctx, env });
    return { retval: Number(res.r0 & 0xffffffffn), dataOut: as.u8.slice(env.packet.data, env.packet.dataEnd), insns: res.insns };
  }
}

export interface XdpRunOptions {
  helpers?: HelperRegistry;
  budget?: number;
  as?: AddressSpace;
  engine?: EngineName;
}

export function runXdp(insns: readonly Instruction[], data: Uint8Array, opts: XdpRunOptions = {}): XdpRunResult {
  return new XdpHarness(insns, opts).run(data);
}
