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
import { RedirectArrayMap, RedirectHashMap } from '../maps/devmap.js';
import { PerfEventArrayMap, type PerfReader } from '../maps/perf_event_array.js';
import type { BpfObject } from '../runtime/object.js';
import type { BpfProgram } from '../runtime/program.js';
import type { EngineName } from '../vm/engine.js';
import type { ExecEnv } from '../helpers/api.js';
import { Interpreter } from '../vm/interpreter.js';
import { JitProgram } from '../vm/jit/runtime.js';
import { preparePacketRuns, type PacketSetup } from '../progtypes/test_run.js';
import type { Packet } from './pcap/packet.js';
import { ETH_HLEN } from '../isa/packet_layout.js';

/** program types that take packets */
export const PACKET_PROG_TYPES: ReadonlySet<number> = new Set([PT.XDP, PT.SCHED_CLS, PT.SCHED_ACT, PT.SOCKET_FILTER, PT.CGROUP_SKB, PT.SK_SKB]);

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
  /**
   * build the context and packet afresh for every packet (BpfProgram.run per packet: the
   * reference the reused setup is tested against) instead of once for the capture
   */
  freshSetup?: boolean;
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
  /**
   * XDP_REDIRECT / TC_ACT_REDIRECT deliveries by target: "interface N" (bpf_redirect, or a DEVMAP
   * slot's ifindex), "cpu N" (CPUMAP), "xsk N" (XSKMAP slot), "socket N" (SOCKMAP); the simulated
   * interfaces, CPUs and sockets the frames went to
   */
  redirects: Map<string, number>;
  /** bpf_timer / bpf_wq callbacks run (the runtime's clock follows the packets' timestamps, then TIMER_DRAIN_NS more) */
  timersFired: number;
  /** timers still armed at the end */
  timersPending: number;
  /** a timer callback run after the last packet failed (a callback that faults: unverified programs) */
  timerError?: BpfError;
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
    case PT.SK_SKB:
      // SK_PASS (1) hands the skb on (or to the socket it was redirected to); SK_DROP frees it
      return v === 1 ? len : 0;
    case PT.SOCKET_FILTER:
      // the return value is how many bytes of the packet to keep (net/core/sock.c sk_filter_trim_cap),
      // counted from the network header the filter saw; the frame keeps its link-layer header too
      return Math.min(retval >>> 0, len - ETH_HLEN) > 0 ? Math.min(retval >>> 0, len - ETH_HLEN) + ETH_HLEN : 0;
    default:
      return Math.min(retval >>> 0, len);
  }
}

/**
 * The frame a passed packet is written as. A socket filter runs from the network header; the
 * test-run data_out puts a zeroed link-layer header back in front (net/bpf/test_run.c
 * bpf_prog_test_run_skb memsets what __skb_push adds), so the capture gets the frame's own
 * Ethernet header, which a socket filter cannot change, instead.
 */
function passedFrame(progType: number, data: Uint8Array, out: Uint8Array): Uint8Array {
  if (progType !== PT.SOCKET_FILTER || out.length < ETH_HLEN || data.length < ETH_HLEN) return out;
  const f = out.slice();
  f.set(data.subarray(0, ETH_HLEN), 0);
  return f;
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

/**
 * The ExecEnv of one packet's run: made fresh for every packet (helpers keep per-run state in it:
 * the redirect target, the tail-call count, held locks, the prandom state), with one shape.
 */
class PacketEnv implements ExecEnv {
  [key: string]: unknown;
  ctx: number;
  xdp: unknown;
  skb: unknown;
  packet: { data: number; dataEnd: number; dataMeta?: number };
  cpu: number;
  nrCpus: unknown;
  resolveMap: unknown;
  ringbufOf: unknown;
  now: unknown;
  asyncQueue: unknown;
  asyncFire: unknown;
  tailCallCnt = 0;
  trace: (line: string) => void;
  constructor(setup: PacketSetup, rt: Partial<ExecEnv>, trace: (line: string) => void) {
    this.ctx = setup.ctx;
    this.xdp = setup.xdp;
    this.skb = setup.skb;
    // a snapshot of the bounds at entry, as BPF_PROG_TEST_RUN's env always had (only LD_ABS reads it)
    this.packet = setup.packet;
    this.cpu = rt.cpu ?? 0;
    this.nrCpus = rt.nrCpus;
    this.resolveMap = rt.resolveMap;
    this.ringbufOf = rt.ringbufOf;
    this.now = rt.now;
    this.asyncQueue = rt.asyncQueue;
    this.asyncFire = rt.asyncFire;
    this.trace = trace;
  }
}

/** one run per packet on a context and packet mapped once (progtypes preparePacketRuns) */
interface PacketRunner {
  /** run the program on `data` (of interface `ifindex`): r0's low 32 bits; `insns` and the output follow */
  run(data: Uint8Array, ifindex: number): number;
  insns: number;
  /** the last run's redirect target (env.redirect, set by bpf_redirect / bpf_redirect_map) */
  readonly redirect: unknown;
  outLength(): number;
  dataOut(n: number): Uint8Array;
  release(): void;
}

function packetRunner(prog: BpfProgram, engineName: EngineName, devices: number, trace: (line: string) => void): PacketRunner {
  const engine = prog.engine(engineName);
  const setup = preparePacketRuns(engine.as, prog.progType, { devices, verified: prog.verified });
  const rt = prog.runtimeEnv(0, engineName, trace);
  const jit = engine instanceof JitProgram ? engine : null;
  const interp = engine instanceof Interpreter ? engine : null;
  // ctx_in per interface (data_end follows each packet for XDP)
  const ctxIns = new Map<number, Uint8Array>();
  let lastEnv: PacketEnv | undefined;
  const runner: PacketRunner = {
    insns: 0,
    get redirect() {
      return lastEnv?.redirect;
    },
    run(data, ifindex) {
      let ctxIn: Uint8Array | undefined;
      if (ifindex > 1) {
        ctxIn = ctxIns.get(ifindex);
        if (!ctxIn) ctxIns.set(ifindex, (ctxIn = ctxFor(prog.progType, ifindex, data.length)!));
        if (prog.progType === PT.XDP) new DataView(ctxIn.buffer).setUint32(4, data.length, true);
      }
      setup.load(data, ctxIn);
      const env = new PacketEnv(setup, rt, trace);
      lastEnv = env;
      if (jit) {
        // a verified program never reads a register or stack slot it has not written in the same
        // run (the interpreter never clears its stack); an unverified one gets a fresh run's zeros
        const r0 = jit.runCtx(setup.ctx, env, !prog.verified);
        runner.insns = jit.insnCount;
        return r0;
      }
      if (interp) {
        interp.reset({ r1: setup.ctx, env });
        interp.continue();
        runner.insns = interp.count;
        return interp.R[0]! >>> 0;
      }
      const r = engine.run({ r1: setup.ctx, env });
      runner.insns = r.insns;
      return Number(r.r0 & 0xffffffffn);
    },
    outLength: () => setup.outLength(),
    dataOut: (n) => setup.dataOut(n),
    release: () => setup.release(),
  };
  return runner;
}

const XDP_REDIRECT = 4;
const TC_ACT_REDIRECT = 7;

/**
 * where a redirect delivered the frame (helpers/impl/net.ts puts {ifindex, flags, map?, key?} in
 * env.redirect): bpf_redirect's interface, a DEVMAP slot's interface, the CPUMAP slot's CPU, the
 * XSKMAP slot's AF_XDP socket, a SOCKMAP/SOCKHASH socket (maps/devmap.ts holds what was stored)
 */
function redirectTarget(r: unknown, redirectMaps: ReadonlyMap<number, RedirectArrayMap | RedirectHashMap>): string | undefined {
  if (!r || typeof r !== 'object') return undefined;
  const { ifindex, map, key } = r as { ifindex?: number; map?: { handle?: number; type: number }; key?: number };
  if (!map) return ifindex !== undefined ? `interface ${ifindex}` : undefined;
  const k = key ?? 0;
  switch (map.type) {
    case MapType.CPUMAP:
      return `cpu ${k}`;
    case MapType.XSKMAP:
      return `xsk ${k}`;
    case MapType.SOCKMAP:
    case MapType.SOCKHASH:
      // bpf_sk_redirect_map/hash record the socket the slot holds (its fd or cookie), not the slot
      return `socket ${k}`;
    default: {
      // DEVMAP / DEVMAP_HASH: the slot's interface; a broadcast has no single slot
      const own = map.handle !== undefined ? redirectMaps.get(map.handle) : undefined;
      const dev = own?.target(k);
      return dev !== undefined ? `interface ${dev}` : `devmap slot ${k}`;
    }
  }
}

/** a source that yields its packets a chunk at a time (CaptureReader.batches) */
interface Batched {
  batches(): AsyncIterable<Packet[]>;
}

/** `passed` when no onVerdict callback will look at it: the packet was passed on, its bytes not copied */
const PASSED_UNSEEN = new Uint8Array(0);

/** run `prog` of `obj` over every packet of `packets` */
export async function runCapture(obj: BpfObject, prog: BpfProgram, packets: AsyncIterable<Packet>, opts: CaptureRunOptions = {}): Promise<CaptureSummary> {
  if (!PACKET_PROG_TYPES.has(prog.progType)) {
    throw new BpfError('EINVAL', `program ${prog.name} is ${prog.typeName}, which does not take packets (XDP, tc, socket filter and cgroup skb programs do)`);
  }
  const sum: CaptureSummary = { packets: 0, bytes: 0, actions: new Map(), passed: 0, errors: 0, insns: 0, events: 0, runNs: 0, redirects: new Map(), timersFired: 0, timersPending: 0 };
  // timers and workqueues: the runtime's clock moves by the gaps between the packets' timestamps
  // (only for an object with a map holding a bpf_timer or bpf_wq: nothing else can arm one)
  const timed = [...obj.maps.values()].some((m) => m.map.asyncOffs.length > 0);
  let lastTs: bigint | undefined;
  const ringbufs: Array<[string, RingBuf]> = [];
  // the object's redirect maps by handle, to name where frames went
  const redirectMaps = new Map<number, RedirectArrayMap | RedirectHashMap>();
  for (const m of obj.maps.values()) if (m.map instanceof RedirectArrayMap || m.map instanceof RedirectHashMap) redirectMaps.set(m.map.handle, m.map);
  const perf: Array<[string, PerfReader]> = [];
  for (const [name, m] of obj.maps) {
    if (m.map instanceof RingBuf) ringbufs.push([name, m.map]);
    else if (m.map instanceof PerfEventArrayMap && m.type === MapType.PERF_EVENT_ARRAY) perf.push([name, m.map.openReader()]);
  }
  let index = 0;
  let i = 0;
  const emit = (e: CaptureEvent): void => {
    sum.events++;
    opts.onEvent?.(e);
  };
  const trace = (line: string): void => emit({ kind: 'trace', packet: i, line });
  // up to 64 interfaces in a pcapng capture become ifindex 1..64
  const devices = 64;
  const engine = opts.engine ?? 'interpreter';
  const runner = opts.freshSetup ? null : packetRunner(prog, engine, devices, trace);
  // XDP and tc verdicts depend on r0's low 32 bits only: name each once
  const names = prog.progType === PT.XDP || prog.progType === PT.SCHED_CLS || prog.progType === PT.SCHED_ACT ? new Map<number, string>() : null;
  const keepPassed = opts.onVerdict !== undefined;
  /** one packet; false once the limit is reached */
  const one = (pkt: Packet): boolean => {
    if (opts.limit !== undefined && index >= opts.limit) return false;
    i = index++;
    const data = pkt.data;
    const len = data.length;
    sum.packets++;
    sum.bytes += len;
    const ifindex = Math.min(pkt.ifIndex + 1, devices);
    let v: PacketVerdict;
    const t0 = performance.now();
    try {
      if (timed) {
        const ts = BigInt(pkt.tsSec) * 1_000_000_000n + BigInt(pkt.tsNsec);
        sum.timersFired += ts > (lastTs ?? ts) ? obj.bpf.advanceTime(ts - lastTs!) : obj.bpf.runTimers();
        lastTs = ts;
      }
      let retval: number, insns: number, passed: Uint8Array | null;
      if (runner) {
        retval = runner.run(data, ifindex);
        insns = runner.insns;
        // sk_skb: bpf_sk_redirect_map/hash return SK_PASS (1) with the socket recorded
        if (prog.progType === PT.SK_SKB ? retval === 1 && runner.redirect : retval === (prog.progType === PT.XDP ? XDP_REDIRECT : TC_ACT_REDIRECT)) {
          const t = redirectTarget(runner.redirect, redirectMaps);
          if (t) sum.redirects.set(t, (sum.redirects.get(t) ?? 0) + 1);
        }
        const keep = passedLength(prog.progType, retval, runner.outLength());
        // only a caller that sees verdicts needs the bytes
        passed = keep > 0 ? (keepPassed ? passedFrame(prog.progType, data, runner.dataOut(keep)) : PASSED_UNSEEN) : null;
      } else {
        // the reference: a fresh BPF_PROG_TEST_RUN per packet
        const ctx = ctxFor(prog.progType, ifindex, len);
        const r = prog.run({ data, ...(ctx ? { ctx } : {}), devices, engine, trace, sync: false });
        retval = r.retval;
        insns = r.insns;
        const keep = passedLength(prog.progType, r.retval, r.dataOut.length);
        passed = keep > 0 ? passedFrame(prog.progType, data, r.dataOut.subarray(0, keep)) : null;
      }
      let action = names?.get(retval);
      if (action === undefined) {
        action = retvalMeaning(prog.progType, retval, len);
        names?.set(retval, action);
      }
      v = { index: i, offset: pkt.offset, len, retval, insns, action, passed };
    } catch (e) {
      if (!(e instanceof BpfError)) throw e;
      v = { index: i, offset: pkt.offset, len, retval: 0, insns: 0, action: 'error', passed: null, error: e };
      sum.errors++;
    }
    sum.runNs += (performance.now() - t0) * 1e6;
    sum.insns += v.insns;
    sum.actions.set(v.action, (sum.actions.get(v.action) ?? 0) + 1);
    if (v.passed) sum.passed++;
    opts.onVerdict?.(v, pkt);
    for (const [name, rb] of ringbufs) rb.consume((d) => emit({ kind: 'ringbuf', map: name, packet: i, data: d.slice() }));
    for (const [name, r] of perf) for (const s of r.poll()) emit({ kind: 'perf', map: name, cpu: s.cpu, packet: i, data: s.data });
    return true;
  };
  try {
    const batched = packets as Partial<Batched>;
    if (typeof batched.batches === 'function') {
      // a batch per chunk read (CaptureReader): one await per chunk, not per packet
      outer: for await (const batch of batched.batches()) for (const pkt of batch) if (!one(pkt)) break outer;
    } else {
      for await (const pkt of packets) if (!one(pkt)) break;
    }
    if (timed) {
      // the end of the capture: TIMER_DRAIN_NS more pass, so timers started near the end fire
      i = index;
      try {
        sum.timersFired += obj.bpf.advanceTime(TIMER_DRAIN_NS);
      } catch (e) {
        if (!(e instanceof BpfError)) throw e;
        sum.errors++;
        sum.timerError = e;
      }
      for (const [name, rb] of ringbufs) rb.consume((d) => emit({ kind: 'ringbuf', map: name, packet: i, data: d.slice() }));
      for (const [name, r] of perf) for (const s of r.poll()) emit({ kind: 'perf', map: name, cpu: s.cpu, packet: i, data: s.data });
      sum.timersPending = obj.bpf.timers.pending;
    }
  } catch (e) {
    if (!(e instanceof BpfError)) throw e;
    sum.captureError = e;
  } finally {
    runner?.release();
    prog.syncPins();
  }
  return sum;
}

/** how much time passes after the last packet of a capture (`tsbpf run`): timers due within it fire */
export const TIMER_DRAIN_NS = 1_000_000_000n;
