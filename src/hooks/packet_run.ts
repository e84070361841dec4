/**
 * Programs over captures: every packet of a capture goes through a loaded XDP, tc or socket-filter
 * program with the context its type expects, as BPF_PROG_TEST_RUN would run it; the verdicts are
 * counted in the kernel's names, the packets the program passes on are handed to a writer as the
 * program left them (xdp_adjust_head/tail/meta and rewrites included), and ring-buffer records,
 * perf events and trace_printk lines are delivered as they happen.
 */
import { BpfError } from '../isa/errors.js';
import { MapType } from '../isa/bpf_types.js';
import { BPF_PROG_TYPE as PT } from '../progtypes/prog_types.js';
import { retvalMeaning } from '../progtypes/retval.js';
import { XDP_MD, SK_BUFF, offsetOf } from '../progtypes/ctx_layouts.js';
import { RingBuf } from '../maps/ringbuf.js';
import { PerfEventArrayMap, type PerfReader } from '../maps/perf_event_array.js';
import type { BpfObject } from '../runtime/object.js';
import type { BpfProgram } from '../runtime/program.js';
import type { EngineName } from '../vm/engine.js';
import type { Packet } from './pcap/packet.js';

/** program types that take packets */
export const PACKET_PROG_TYPES: ReadonlySet<number> = new Set([PT.XDP, PT.SCHED_CLS, PT.SCHED_ACT, PT.SOCKET_FILTER, PT.CGROUP_SKB]);

export interface PacketVerdict {
  /** 0-based packet number in the capture */
  index: number;
  /** the packet's record offset in the capture file */
  offset: number;
  len: number;
  retval: number;
  /** the verdict in the kernel's names: XDP_DROP, TC_ACT_SHOT, "keep 64 bytes", or "error" */
  action: string;
  insns: number;
  /** the packet as the program left it, when it passes the packet on; else null */
  passed: Uint8Array | null;
  /** the error the run ended with (EFAULT from a bad access, EINVAL for a packet the type cannot take…) */
  error?: BpfError;
}

export interface CaptureEvent {
  kind: 'ringbuf' | 'perf' | 'trace';
  /** the map the record came from (ringbuf, perf) */
  map?: string;
  cpu?: number;
  /** the packet being processed when the event was produced */
  packet: number;
  data?: Uint8Array;
  line?: string;
}

export interface CaptureRunOptions {
  engine?: EngineName;
  /** called for every packet, in order */
  onVerdict?: (v: PacketVerdict, pkt: Packet) => void;
  /** ring buffer records, perf events and trace_printk lines */
  onEvent?: (e: CaptureEvent) => void;
  /** stop after this many packets */
  limit?: number;
}

export interface CaptureSummary {
  packets: number;
  bytes: number;
  /** verdict name -> packets */
  actions: Map<string, number>;
  passed: number;
  errors: number;
  insns: number;
  events: number;
  /** wall time spent running the program, ns */
  runNs: number;
  /** a truncated or corrupt capture: every good packet before it was processed */
  captureError?: BpfError;
}

/** whether a verdict passes the packet on (and with how many bytes), per program type */
export function passedLength(progType: number, retval: number, len: number): number {
  const v = retval | 0;
  switch (progType) {
    case PT.XDP:
      // XDP_TX and XDP_REDIRECT send the frame on; XDP_PASS gives it to the stack
      return v === 2 || v === 3 || v === 4 ? len : 0;
    case PT.SCHED_CLS:
    case PT.SCHED_ACT:
      // TC_ACT_SHOT (2), TC_ACT_STOLEN (4), TC_ACT_QUEUED (5) and TC_ACT_TRAP (8) consume the packet
      return v === 2 || v === 4 || v === 5 || v === 8 ? 0 : len;
    case PT.CGROUP_SKB:
      return v & 1 ? len : 0;
    default:
      // socket filter: the return value is how many bytes to keep (net/core/sock.c sk_filter_trim_cap)
      return Math.min(retval >>> 0, len);
  }
}

/** the context a packet of interface `ifIndex` gets: ingress_ifindex = interface number + 1 */
function ctxFor(progType: number, ifindex: number, len: number): Uint8Array | undefined {
  if (ifindex <= 1) return undefined;
  if (progType === PT.XDP) {
    const c = new Uint8Array(XDP_MD.size);
    const dv = new DataView(c.buffer);
    dv.setUint32(4, len, true); // data_end = the data_in size, as BPF_PROG_TEST_RUN requires
    dv.setUint32(offsetOf(XDP_MD, 'ingress_ifindex'), ifindex, true);
    return c;
  }
  const c = new Uint8Array(SK_BUFF.size);
  const dv = new DataView(c.buffer);
  dv.setUint32(offsetOf(SK_BUFF, 'ingress_ifindex'), ifindex, true);
  dv.setUint32(offsetOf(SK_BUFF, 'ifindex'), ifindex, true);
  return c;
}

/** run `prog` of `obj` over every packet of `packets` */
export async function runCapture(obj: BpfObject, prog: BpfProgram, packets: AsyncIterable<Packet>, opts: CaptureRunOptions = {}): Promise<CaptureSummary> {
  if (!PACKET_PROG_TYPES.has(prog.progType)) {
    throw new BpfError('EINVAL', `program ${prog.name} is ${prog.typeName}, which does not take packets (XDP, tc, socket filter and cgroup skb programs do)`);
  }
  const sum: CaptureSummary = { packets: 0, bytes: 0, actions: new Map(), passed: 0, errors: 0, insns: 0, events: 0, runNs: 0 };
  const ringbufs: Array<[string, RingBuf]> = [];
  const perf: Array<[string, PerfReader]> = [];
  for (const [name, m] of obj.maps) {
    if (m.map instanceof RingBuf) ringbufs.push([name, m.map]);
    else if (m.map instanceof PerfEventArrayMap && m.type === MapType.PERF_EVENT_ARRAY) perf.push([name, m.map.openReader()]);
  }
  let index = 0;
  const emit = (e: CaptureEvent): void => {
    sum.events++;
    opts.onEvent?.(e);
  };
  // up to 64 interfaces in a pcapng capture become ifindex 1..64
  const devices = 64;
  try {
    for await (const pkt of packets) {
    if (opts.limit !== undefined && index >= opts.limit) break;
    const i = index++;
    sum.packets++;
    sum.bytes += pkt.data.length;
    const ifindex = Math.min(pkt.ifIndex + 1, devices);
    let v: PacketVerdict;
    const t0 = performance.now();
    try {
      const ctx = ctxFor(prog.progType, ifindex, pkt.data.length);
      const r = prog.run({
        data: pkt.data,
        ...(ctx ? { ctx } : {}),
        devices,
        ...(opts.engine ? { engine: opts.engine } : {}),
        trace: (line) => emit({ kind: 'trace', packet: i, line }),
      });
      const keep = passedLength(prog.progType, r.retval, r.dataOut.length);
      v = {
        index: i, offset: pkt.offset, len: pkt.data.length, retval: r.retval, insns: r.insns,
        action: retvalMeaning(prog.progType, r.r0, pkt.data.length),
        passed: keep > 0 ? r.dataOut.subarray(0, keep) : null,
      };
    } catch (e) {
      if (!(e instanceof BpfError)) throw e;
      v = { index: i, offset: pkt.offset, len: pkt.data.length, retval: 0, insns: 0, action: 'error', passed: null, error: e };
      sum.errors++;
    }
    sum.runNs += (performance.now() - t0) * 1e6;
    sum.insns += v.insns;
    sum.actions.set(v.action, (sum.actions.get(v.action) ?? 0) + 1);
    if (v.passed) sum.passed++;
    opts.onVerdict?.(v, pkt);
    for (const [name, rb] of ringbufs) rb.consume((data) => emit({ kind: 'ringbuf', map: name, packet: i, data: data.slice() }));
    for (const [name, r] of perf) for (const s of r.poll()) emit({ kind: 'perf', map: name, cpu: s.cpu, packet: i, data: s.data });
    }
  } catch (e) {
    if (!(e instanceof BpfError)) throw e;
    sum.captureError = e;
  }
  return sum;
}
