/**
 * The playground's running side, without the DOM: a step debugger over the reference interpreter
 * (a BPF_PROG_TEST_RUN context built by progtypes/test_run.ts, then Interpreter.step/continue),
 * a program run over a whole capture (hooks/packet_run.ts runCapture) and classic-versus-extended
 * BPF for a tcpdump expression (hooks/filter compiles, hooks/cbpf dumps and converts as the
 * kernel's bpf_convert_filter does). Browser-safe.
 */
import { BpfError } from '../isa/errors.js';
import { slotIndices, type Instruction } from '../isa/instruction.js';
import { BPF_CALL, BPF_JMP, BPF_PSEUDO_CALL } from '../isa/opcodes.js';
import { loadObjectSync, type BpfObject } from '../runtime/object.js';
import type { BpfProgram } from '../runtime/program.js';
import { toJson } from '../runtime/format.js';
import { mapSet } from '../runtime/map_set.js';
import { MapType } from '../isa/bpf_types.js';
import type { Interpreter } from '../vm/interpreter.js';
import type { EngineName } from '../vm/engine.js';
import { prepareTestRun, type PreparedRun } from '../progtypes/test_run.js';
import { parseCapture } from '../hooks/pcap/decoder.js';
import type { Packet } from '../hooks/pcap/packet.js';
import { runCapture, type PacketVerdict } from '../hooks/packet_run.js';
import { compileFilter } from '../hooks/filter/compile.js';
import { formatClassic } from '../hooks/cbpf/dump.js';
import { convertClassic } from '../hooks/cbpf/convert.js';
import { filterFunction } from '../hooks/filter/engines.js';
import { disassemble } from '../asm/disasm.js';
import { assembleElf } from '../asm/object.js';
import type { PlaygroundObject, PlaygroundProgram } from './playground.js';

/** the runtime objects of a playground object: an ELF object as loadObjectSync makes it */
export function instantiate(o: PlaygroundObject, mapSets: readonly string[] = []): BpfObject {
  if (!o.bytes && o.verifierMaps?.length) {
    throw new BpfError('EOPNOTSUPP', `${o.name}: the debugger runs ELF objects and assembly, not a script's probes with maps; the Script view runs BEGIN and END, tsbpf trace the rest`);
  }
  // a program written in the page is wrapped in an ELF object so it runs through the same loader
  const bytes = o.bytes ?? assembleElf(`.section "${o.programs[0]!.section}","ax"\n.globl ${o.programs[0]!.name}\n${o.programs[0]!.name}:\n${disassemble(o.programs[0]!.insns, { listing: false })}`);
  const obj = loadObjectSync(bytes, { file: o.name, verify: false });
  for (const s of mapSets) mapSet(obj, s);
  return obj;
}

/** the runtime program of a playground program (an assembled one is the object's only program) */
export function programIn(obj: BpfObject, o: PlaygroundObject, prog: PlaygroundProgram): BpfProgram {
  return o.bytes ? obj.program(prog.name) : [...obj.programs.values()][0]!;
}

/** what the page shows of one map: its entries as JSON text (ring buffers and program arrays are skipped) */
export function mapContents(obj: BpfObject): { name: string; type: number; entries: string[] }[] {
  const out: { name: string; type: number; entries: string[] }[] = [];
  for (const [name, m] of obj.maps) {
    if (m.type === MapType.RINGBUF || m.type === MapType.PERF_EVENT_ARRAY || m.type === MapType.PROG_ARRAY) {
      out.push({ name, type: m.type, entries: [] });
      continue;
    }
    const entries: string[] = [];
    for (const [k, v] of m.entries()) {
      if (entries.length >= 256) break;
      entries.push(`${toJson(k instanceof Uint8Array ? Array.from(k) : k)}: ${toJson(v instanceof Uint8Array ? Array.from(v) : v)}`);
    }
    out.push({ name, type: m.type, entries });
  }
  return out;
}

export type DebugState = 'running' | 'exited' | 'error';

/**
 * One debugging session: the program on the interpreter with a test-run context around the given
 * packet (or ctx_in bytes). Step, step over (a bpf-to-bpf call runs to its return), continue to a
 * breakpoint or exit; registers, the frame's stack, the packet and the maps read between steps.
 */
export class DebugSession {
  readonly obj: BpfObject;
  readonly prog: BpfProgram;
  private readonly vm: Interpreter;
  private readonly prep: PreparedRun;
  state: DebugState = 'running';
  error?: BpfError;
  /** registers before the last step (to mark changes) */
  previous: bigint[] = [];
  private readonly insnAt = new Map<number, Instruction>();

  constructor(o: PlaygroundObject, prog: PlaygroundProgram, input: { data?: Uint8Array; ctx?: Uint8Array; mapSets?: readonly string[] }) {
    this.obj = instantiate(o, input.mapSets);
    this.prog = programIn(this.obj, o, prog);
    this.vm = this.prog.engine('interpreter') as Interpreter;
    const slots = slotIndices(this.prog.insns);
    this.prog.insns.forEach((x, k) => this.insnAt.set(slots[k]!, x));
    this.prep = prepareTestRun(this.vm.as, this.prog.progType, { ...(input.data ? { dataIn: input.data } : {}), ...(input.ctx ? { ctxIn: input.ctx } : {}) });
    this.vm.reset({ r1: this.prep.ctx, env: { ...this.prep.env, ...this.prog.runtimeEnv(0), tailCallCnt: 0 } });
    this.previous = this.vm.regs();
  }

  get pc(): number { return this.vm.pc; }
  get depth(): number { return this.vm.depth; }
  get count(): number { return this.vm.count; }
  get breakpoints(): Set<number> { return this.vm.breakpoints; }
  regs(): bigint[] { return this.vm.regs(); }
  stack(): Uint8Array { return this.vm.stackBytes(); }

  /** the packet as the program sees it now (data .. data_end), empty for non-packet programs */
  packet(): Uint8Array {
    const p = this.vm.env.packet;
    return p ? this.vm.as.u8.slice(p.data, p.dataEnd) : new Uint8Array(0);
  }

  get r0(): bigint { return this.vm.r0; }

  private guard(f: () => void): DebugState {
    if (this.state !== 'running') return this.state;
    this.previous = this.vm.regs();
    try {
      f();
      this.state = this.vm.state === 'exited' ? 'exited' : 'running';
    } catch (e) {
      if (!(e instanceof BpfError)) throw e;
      this.state = 'error';
      this.error = e;
    }
    if (this.state !== 'running') this.prep.release();
    return this.state;
  }

  step(): DebugState {
    return this.guard(() => this.vm.step());
  }

  /** a bpf-to-bpf call runs until it returns to the next instruction; anything else is one step */
  stepOver(): DebugState {
    const x = this.insnAt.get(this.vm.pc);
    const isCall = x && (x.code & 7) === BPF_JMP && (x.code & 0xf0) === BPF_CALL && x.src === BPF_PSEUDO_CALL;
    if (!isCall) return this.step();
    const depth = this.vm.depth;
    const next = this.vm.pc + 1;
    return this.guard(() => {
      do this.vm.step();
      while (this.vm.state === 'running' && !(this.vm.depth === depth && this.vm.pc === next) && !this.vm.breakpoints.has(this.vm.pc));
    });
  }

  continue(): DebugState {
    return this.guard(() => this.vm.continue());
  }

  toggleBreakpoint(insn: number): boolean {
    if (this.vm.breakpoints.has(insn)) this.vm.breakpoints.delete(insn);
    else this.vm.breakpoints.add(insn);
    return this.vm.breakpoints.has(insn);
  }
}

export interface CaptureRow {
  index: number;
  len: number;
  action: string;
  insns: number;
  error?: string;
  summary: string;
}

export interface CaptureRunView {
  packets: number;
  counts: [string, number][];
  rows: CaptureRow[];
  events: number;
  errors: number;
}

async function* packetsOf(list: readonly Packet[]): AsyncGenerator<Packet> {
  yield* list;
}

/** run a packet program over every packet of a capture: verdict counts and one row per packet */
export async function runOverCapture(o: PlaygroundObject, prog: PlaygroundProgram, capture: Uint8Array, opts: { engine?: EngineName; mapSets?: readonly string[] } = {}): Promise<CaptureRunView> {
  const obj = instantiate(o, opts.mapSets);
  const p = programIn(obj, o, prog);
  const { packets } = parseCapture(capture);
  const rows: CaptureRow[] = [];
  const onVerdict = (v: PacketVerdict, pkt: Packet): void => {
    const row: CaptureRow = { index: v.index, len: v.len, action: v.action, insns: v.insns, summary: packetSummary(pkt.data) };
    if (v.error) row.error = v.error.message;
    rows.push(row);
  };
  const sum = await runCapture(obj, p, packetsOf(packets), { engine: opts.engine ?? 'jit', onVerdict });
  return { packets: sum.packets, counts: [...sum.actions].sort((a, b) => b[1] - a[1]), rows, events: sum.events, errors: sum.errors };
}

export interface ClassicView {
  /** tcpdump -d */
  classic: string;
  /** the converted eBPF (bpf_convert_filter), llvm dialect */
  extended: string;
  rows: { index: number; len: number; classic: boolean; extended: boolean; summary: string }[];
}

/** a tcpdump expression compiled to classic BPF, converted to eBPF, both run over the capture */
export function classicVsExtended(expr: string, capture: Uint8Array | undefined): ClassicView {
  const prog = compileFilter(expr);
  const ebpf = convertClassic(prog);
  const rows: ClassicView['rows'] = [];
  if (capture) {
    const c = filterFunction(prog, 'cbpf');
    const e = filterFunction(prog, 'interpreter');
    parseCapture(capture).packets.forEach((p, index) => {
      rows.push({ index, len: p.data.length, classic: c(p.data, p.origLen) !== 0, extended: e(p.data, p.origLen) !== 0, summary: packetSummary(p.data) });
    });
  }
  return { classic: formatClassic(prog, 'd'), extended: disassemble(ebpf, { syntax: 'kernel' }), rows };
}

const ipv4 = (b: Uint8Array, o: number): string => `${b[o]}.${b[o + 1]}.${b[o + 2]}.${b[o + 3]}`;
const u16 = (b: Uint8Array, o: number): number => (b[o]! << 8) | b[o + 1]!;
const PROTO: Record<number, string> = { 1: 'ICMP', 6: 'TCP', 17: 'UDP', 58: 'ICMP6' };

/** one line per packet for the tables (Ethernet, IPv4/IPv6, ports): enough to tell packets apart */
export function packetSummary(b: Uint8Array): string {
  if (b.length < 14) return `${b.length} bytes`;
  let type = u16(b, 12);
  let o = 14;
  if (type === 0x8100 && b.length >= 18) { type = u16(b, 16); o = 18; }
  if (type === 0x0806) return 'ARP';
  let proto = -1;
  let src = '';
  let dst = '';
  if (type === 0x0800 && b.length >= o + 20) {
    proto = b[o + 9]!;
    src = ipv4(b, o + 12);
    dst = ipv4(b, o + 16);
    o += (b[o]! & 15) * 4;
  } else if (type === 0x86dd && b.length >= o + 40) {
    proto = b[o + 6]!;
    const h = (k: number): string => Array.from({ length: 8 }, (_, i) => u16(b, k + 2 * i).toString(16)).join(':').replace(/(^|:)0(:0)+(:|$)/, '::');
    src = h(o + 8);
    dst = h(o + 24);
    o += 40;
  } else return `ethertype 0x${type.toString(16).padStart(4, '0')}, ${b.length} bytes`;
  const name = PROTO[proto] ?? `proto ${proto}`;
  if ((proto === 6 || proto === 17) && b.length >= o + 4) return `${src}.${u16(b, o)} > ${dst}.${u16(b, o + 2)}: ${name}`;
  return `${src} > ${dst}: ${name}`;
}
