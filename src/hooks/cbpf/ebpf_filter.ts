/**
 * A classic filter converted to eBPF (convert.ts) and run on one of tsbpf's eBPF engines
 * (the reference interpreter or the WebAssembly JIT), the way Linux runs a classic socket
 * filter: r1 points to a `struct __sk_buff` (len, protocol, ifindex, mark, vlan fields...), and
 * LD_ABS / LD_IND read the packet the engine's `env.packet` bounds describe.
 */
import { AddressSpace, RegionKind } from '../../vm/address_space.js';
import { createEngine, type Engine, type EngineName } from '../../vm/engine.js';
import type { Instruction } from '../../isa/instruction.js';
import { convertClassic, SKB } from './convert.js';
import type { ClassicAux } from './interpreter.js';
import type { SockFilter } from './program.js';
import { MAXIMUM_SNAPLEN } from '../pcap/linktype.js';

/** sizeof(struct __sk_buff) in current kernels */
const SK_BUFF_SIZE = 192;

export class EbpfClassicFilter {
  readonly insns: Instruction[];
  private readonly as: AddressSpace;
  private readonly engine: Engine;
  private readonly ctx: number;
  private readonly pkt: number;
  private readonly cap: number;
  /** reused for every run: only dataEnd changes */
  private readonly packet: { data: number; dataEnd: number };
  private readonly args: { r1: number; env: { ctx: number; packet: { data: number; dataEnd: number } } };

  constructor(prog: SockFilter[], engine: EngineName = 'interpreter', maxPacket = MAXIMUM_SNAPLEN) {
    this.insns = convertClassic(prog);
    this.as = new AddressSpace({ initialBytes: 1 << 20 });
    this.ctx = this.as.map(SK_BUFF_SIZE, RegionKind.Ctx, '__sk_buff', false).base;
    this.cap = maxPacket;
    this.pkt = this.as.map(maxPacket, RegionKind.Packet, 'packet', false).base;
    this.engine = createEngine(engine, this.insns, { as: this.as });
    this.packet = { data: this.pkt, dataEnd: this.pkt };
    this.args = { r1: this.ctx, env: { ctx: this.ctx, packet: this.packet } };
  }

  /** the filter's verdict for one packet (0 = drop, else bytes to keep) */
  run(data: Uint8Array, wirelen = data.length, aux: ClassicAux = {}): number {
    const n = Math.min(data.length, this.cap);
    const u8 = this.as.u8;
    u8.set(n === data.length ? data : data.subarray(0, n), this.pkt);
    const dv = this.as.dv;
    const c = this.ctx;
    dv.setUint32(c + SKB.len, wirelen, true);
    dv.setUint32(c + SKB.pkt_type, aux.pkttype ?? 0, true);
    dv.setUint32(c + SKB.mark, aux.mark ?? 0, true);
    dv.setUint32(c + SKB.queue_mapping, aux.queue ?? 0, true);
    // __sk_buff.protocol is skb->protocol: network byte order in a little-endian u32
    dv.setUint32(c + SKB.protocol, (((aux.protocol ?? 0) & 0xff) << 8) | (((aux.protocol ?? 0) >> 8) & 0xff), true);
    dv.setUint32(c + SKB.vlan_present, aux.vlanPresent ? 1 : 0, true);
    dv.setUint32(c + SKB.vlan_tci, aux.vlanTci ?? 0, true);
    const tpid = aux.vlanTpid ?? 0x8100;
    dv.setUint32(c + SKB.vlan_proto, aux.vlanPresent ? (((tpid & 0xff) << 8) | (tpid >> 8)) : 0, true);
    dv.setUint32(c + SKB.ifindex, aux.ifindex ?? 0, true);
    dv.setUint32(c + SKB.ingress_ifindex, aux.ifindex ?? 0, true);
    dv.setUint32(c + SKB.hash, aux.rxhash ?? 0, true);
    this.packet.dataEnd = this.pkt + n;
    const r = this.engine.run(this.args);
    return Number(BigInt.asUintN(32, r.r0));
  }
}
