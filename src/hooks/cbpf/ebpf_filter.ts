/**
 * A classic filter converted to eBPF (convert.ts) and run on one of tsbpf's eBPF engines
 * (the reference interpreter or the WebAssembly JIT), the way Linux runs a classic socket
 * filter: r1 points to a `struct __sk_buff` (len, protocol, ifindex, mark, vlan fields...), and
 * LD_ABS / LD_IND read the packet the engine's `env.packet` bounds describe.
 *
 * The context and the packet region are mapped once; each run copies the packet in and sets
 * the fields that change (len, data_end). On the JIT the packet loads are inlined (ld_abs.ts)
 * and, for a program the kernel's classic checks accept, it runs without region checks or
 * instruction counting; anything else runs checked.
 */
import { AddressSpace, RegionKind } from '../../vm/address_space.js';
import { createEngine, type Engine, type EngineName } from '../../vm/engine.js';
import { Interpreter } from '../../vm/interpreter.js';
import { JitProgram } from '../../vm/jit/runtime.js';
import { BpfError } from '../../isa/errors.js';
import { checkClassic } from './validate.js';
import type { Instruction } from '../../isa/instruction.js';
import { convertClassic, SKB } from './convert.js';
import { unrollClassic } from './loops.js';
import { inlinePacketLoads } from './ld_abs.js';
import type { ClassicAux } from './interpreter.js';
import type { SockFilter } from './program.js';
import { MAXIMUM_SNAPLEN } from '../pcap/linktype.js';

/** sizeof(struct __sk_buff) in current kernels */
const SK_BUFF_SIZE = 192;
/** offsetof(struct __sk_buff, data), data_end */
const SKB_DATA = 76;
const SKB_DATA_END = 80;

export class EbpfClassicFilter {
  /** the program as bpf_convert_filter gives it */
  readonly insns: Instruction[];
  /** what the engine runs: `insns`, or (JIT) with its packet loads inlined */
  readonly runs: Instruction[];
  /** `runs` is the inlined program of a valid classic filter: the JIT runs it without region checks */
  readonly verified: boolean;
  private readonly as: AddressSpace;
  private readonly engine: Engine;
  private readonly jit: JitProgram | null;
  private readonly interp: Interpreter | null;
  private readonly ctx: number;
  private readonly pkt: number;
  private readonly cap: number;
  /** reused for every run: only dataEnd changes */
  private readonly packet: { data: number; dataEnd: number };
  private readonly args: { r1: number; env: { ctx: number; packet: { data: number; dataEnd: number } } };
  /** the ancillary fields hold values from run(…, aux) that the next runSlice must reset */
  private auxSet = true;
  /** the buffer of the last runSlice and where it lies in the address space (-1: elsewhere) */
  private lastBuf: Uint8Array | null = null;
  private lastBase = -1;
  /** the context as 32-bit words (the address space's memory, re-made if it grows) */
  private ctx32: Int32Array;

  constructor(prog: SockFilter[], engine: EngineName = 'interpreter', maxPacket = MAXIMUM_SNAPLEN) {
    this.insns = convertClassic(prog);
    this.as = new AddressSpace({ initialBytes: 1 << 20 });
    this.ctx = this.as.map(SK_BUFF_SIZE, RegionKind.Ctx, '__sk_buff', false).base;
    this.cap = maxPacket;
    this.pkt = this.as.map(maxPacket, RegionKind.Packet, 'packet', false).base;
    this.ctx32 = new Int32Array(this.as.memory.buffer);
    let runs = this.insns;
    let verified = false;
    if (engine === 'jit') {
      // Linux runs a converted classic filter without the eBPF verifier: what bpf_check_classic
      // accepts is safe once converted (bpf_prepare_filter, bpf_migrate_filter), and the inlined
      // loads check their own bounds; so it runs unchecked. (The tests also pass the inlined
      // programs through tsbpf's verifier.) The interpreter reads LD_ABS as fast as any load.
      const inl = classicOk(unrollClassic(prog)) ? inlinePacketLoads(this.insns) : null;
      if (inl) {
        runs = inl;
        verified = true;
      }
    }
    this.runs = runs;
    this.verified = verified;
    this.engine = createEngine(engine, runs, { as: this.as, verified, countInstructions: !verified });
    this.jit = this.engine instanceof JitProgram ? this.engine : null;
    this.interp = this.engine instanceof Interpreter ? this.engine : null;
    this.packet = { data: this.pkt, dataEnd: this.pkt };
    this.args = { r1: this.ctx, env: { ctx: this.ctx, packet: this.packet } };
  }

  /** the filter's verdict for one packet (0 = drop, else bytes to keep) */
  run(data: Uint8Array, wirelen = data.length, aux: ClassicAux = {}): number {
    const dv = this.as.dv;
    const c = this.ctx;
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
    this.auxSet = true;
    return this.exec(data, 0, data.length, wirelen);
  }

  /**
   * The verdict for the packet in buf[start, start + caplen) with every ancillary field zero
   * (a capture file records none of them): the per-packet path of `tsbpf filter`.
   */
  runSlice(buf: Uint8Array, start: number, caplen: number, wirelen: number): number {
    if (this.auxSet) {
      this.as.u8.fill(0, this.ctx, this.ctx + SK_BUFF_SIZE);
      this.auxSet = false;
    }
    return this.exec(buf, start, caplen, wirelen);
  }

  /**
   * A read-only packet region of `bytes` for CaptureReader.scan() to read the capture into:
   * runSlice() then runs the filter on each record where it lies instead of copying it.
   */
  scanBuffer(bytes: number): Uint8Array {
    const r = this.as.map(bytes, RegionKind.Packet, 'capture buffer', false);
    return new Uint8Array(this.as.memory.buffer, r.base, bytes);
  }

  private exec(buf: Uint8Array, start: number, caplen: number, wirelen: number): number {
    const n = caplen < this.cap ? caplen : this.cap;
    if (buf !== this.lastBuf) {
      this.lastBuf = buf;
      this.lastBase = buf.buffer === this.as.memory.buffer ? buf.byteOffset : -1;
    }
    let data = this.pkt;
    if (this.lastBase >= 0) data = this.lastBase + start;
    else this.as.u8.set(start === 0 && n === buf.length ? buf : buf.subarray(start, start + n), data);
    // a grown memory detaches the old buffer and its views read as empty
    let m = this.ctx32;
    if (m.length === 0) m = this.ctx32 = new Int32Array(this.as.memory.buffer);
    const c = this.ctx >> 2;
    m[c + (SKB.len >> 2)] = wirelen;
    m[c + (SKB_DATA >> 2)] = data;
    m[c + (SKB_DATA_END >> 2)] = data + n;
    const pkt = this.packet;
    pkt.data = data;
    pkt.dataEnd = data + n;
    // a valid classic filter never reads a scratch slot it has not written in the same run
    if (this.jit) return this.jit.runCtx(this.ctx, this.args.env, !this.verified);
    if (this.interp) {
      this.interp.reset(this.args);
      this.interp.continue();
      return this.interp.R[0]! >>> 0;
    }
    return Number(BigInt.asUintN(32, this.engine.run(this.args).r0));
  }
}

/** bpf_check_classic accepts the program */
function classicOk(prog: SockFilter[]): boolean {
  try {
    checkClassic(prog);
    return true;
  } catch (e) {
    if (e instanceof BpfError) return false;
    throw e;
  }
}
