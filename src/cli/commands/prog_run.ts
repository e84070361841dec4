/**
 * `tsbpf prog run`: run a program as BPF_PROG_TEST_RUN does.
 *   tsbpf prog run OBJ [--section S | --program NAME] [--data-in F] [--data-out F] [--ctx-in F] [--ctx-out F] [--repeat N] [--json] [--engine E]
 *   tsbpf prog run --raw P.bin --type xdp --data pkt.bin [--repeat N] [--json] [--engine E]
 *   tsbpf prog run --batch CASES.jsonl --json [--no-verify]
 *   (--engine kernel: --raw and --batch run in the running kernel through bpf(), for comparison)
 * Batch lines are {"id", "type", "insns": hex, "data": hex} (optionally "maps", "unpriv", "prog_flags",
 * and "kernel": "5.10" for that kernel's verifier rules); each output line is
 * {"id", "accepted", "errno", "message", "retval", "data_out"} with retval as the kernel's test run
 * reports it (the low 32 bits of r0).
 */
import { intOption } from '../numbers.js';
import { createInterface } from 'node:readline';
import { createReadStream } from 'node:fs';
import { BpfError, systemError } from '../../isa/errors.js';
import { bytesToHex, decodeInstructions, hexToBytes, type Instruction } from '../../isa/instruction.js';
import { progTypeOf, testRun } from '../../vm/test_run.js';
import { createEngine } from '../../vm/engine.js';
import { defaultHelpers } from '../../helpers/impl/index.js';
import { retvalMeaning } from '../../progtypes/retval.js';
import { Bpf } from '../../runtime/bpf.js';
import type { BpfMap } from '../../maps/map.js';
import { MapType } from '../../isa/bpf_types.js';
import { LDDW } from '../../isa/instruction.js';
import { BPF_PSEUDO_MAP_FD, BPF_PSEUDO_MAP_VALUE } from '../../isa/opcodes.js';
import { verify, kernelRules, sanitizeDeadCode, type VerifierMap } from '../../verifier/index.js';
import { loadObject } from '../../runtime/object.js';
import { KERNEL_INFO_OPTIONS, kernelInfoLoadOptions, type KernelInfoValues } from './kernel_info.js';
import { pickProgram } from '../select.js';
import { EVENT_TYPE_OPTION, RecordTypes } from '../readable.js';
import { TRACING_TYPES, isJsonContext, mapLines, tracingRunOptions } from '../trace_run.js';
import { parseEngine, ENGINE_NAMES, type EngineName } from '../../vm/engine.js';
import { defineCommand, mainOf } from '../command.js';
import { readInput, writeOutput } from '../files.js';
import { kernelRunCase, kernelRunRaw, runFailure } from '../kernel_run.js';
import { batchError, checkBatchCase, type BatchCase, type BatchMap } from '../batch_case.js';

export const command = defineCommand({
  name: 'prog run',
  summary: 'run a program on input as BPF_PROG_TEST_RUN does: an object\'s program, a raw program, or a batch of cases',
  forms: [
    'OBJ [--section S | --program NAME] [--data-in F] [--data-out F] [--ctx-in F] [--ctx-out F] [--repeat N] [--engine E]',
    '--raw P.bin [--type T] [--data-in F] [--repeat N] [--engine E|kernel]',
    '--batch CASES.jsonl|- [--no-verify] [--engine E|kernel]',
  ],
  args: 'OBJ',
  maxArgs: 1,
  options: {
    raw: { type: 'string', arg: 'P.bin', help: 'a raw program (8-byte instruction slots) instead of an object' },
    type: { type: 'string', arg: 'T', default: 'xdp', help: 'program type of a raw program (xdp, socket_filter, sched_cls, …)' },
    'data-in': { type: 'string', arg: 'F', help: 'the packet (or data) the program runs on' },
    data: { type: 'string', arg: 'F', help: 'same as --data-in', hidden: true },
    'data-out': { type: 'string', arg: 'F', help: 'write the packet as the program left it' },
    'ctx-in': { type: 'string', arg: 'F', help: 'the context the program runs on (the program type\'s uapi struct); for tracing programs a .json file of fields by name (docs/tracing-emulator.md)' },
    'tp-format': { type: 'string', arg: 'F', help: 'a tracepoint\'s format file (default: tracefs events/CAT/NAME/format)' },
    'ctx-out': { type: 'string', arg: 'F', help: 'write the context as the program left it' },
    section: { type: 'string', arg: 'S', help: 'the program in section S' },
    program: { type: 'string', arg: 'NAME', help: 'the program named NAME' },
    repeat: { type: 'string', arg: 'N', default: '1', help: 'run N times; the time reported is per run' },
    batch: { type: 'string', arg: 'FILE', help: 'JSON lines of cases ({"id","type","insns","data","maps"…}); - for stdin; one JSON answer per line' },
    'no-verify': { type: 'boolean', help: 'run without the verifier (the engines\' run-time checks still apply)' },
    ...KERNEL_INFO_OPTIONS,
    engine: { type: 'string', arg: 'E', choices: [...ENGINE_NAMES, 'kernel'], help: 'engine; kernel runs --raw and --batch in the running kernel through bpf()' },
    'event-type': EVENT_TYPE_OPTION,
  },
  description: 'Batch lines are {"id", "type", "insns": hex, "data": hex} (optionally "maps", "unpriv", "prog_flags", and "kernel": "5.10" for that kernel\'s verifier rules); each answer line is {"id", "accepted", "errno", "message", "retval", "data_out"} with retval as the kernel\'s test run reports it (the low 32 bits of r0). `accepted` is the load\'s verdict (the verifier\'s, or the kernel\'s with `--engine kernel`): when the program loaded but its run failed, `accepted` stays true, errno and message are the run\'s, and `"run_skipped": true` says the program type has no test run at all (ENOTSUPP: tracepoint, perf_event, kprobe...), as the kernel\'s own test runner loads such programs and skips the run.',
  examples: ['tsbpf prog run examples/xdp_firewall.bpf.o --data-in pkt.bin', 'tsbpf prog run --batch cases.jsonl'],
  run: (a) => runMain({ ...a.values, json: a.json }, a.args),
});

export const main = mainOf(command);

type RunValues = { 'tp-format'?: string; raw?: string; type: string; 'data-in'?: string; data?: string; 'data-out'?: string; 'ctx-in'?: string; 'ctx-out'?: string; section?: string; program?: string; repeat: string; batch?: string; 'no-verify': boolean; engine?: string; 'event-type'?: string; json: boolean } & KernelInfoValues;

async function runMain(values: RunValues, positionals: string[]): Promise<number> {
  // --engine kernel: the running kernel through bpf() (raw programs and batch cases)
  const kernel = values.engine === 'kernel';
  const engine = kernel ? 'interpreter' : parseEngine(values.engine);
  // one input at a time: a batch's cases carry their own programs, so an OBJ or --raw beside it
  // would be silently ignored
  if (values.batch !== undefined && (positionals.length || values.raw !== undefined)) throw new BpfError('EINVAL', `--batch ${values.batch} takes its programs from its lines: drop ${values.raw !== undefined ? `--raw ${values.raw}` : positionals[0]}`);
  if (values.raw !== undefined && positionals.length) throw new BpfError('EINVAL', `give an object file (${positionals[0]}) or --raw ${values.raw}, not both`);
  if (values.batch !== undefined) return runBatch(values.batch, engine, values['no-verify']!, kernel);
  // the kernel's test_run takes repeat as a u32 (bpf_test_run_xdp_live, bpf_test_timer)
  const repeat = intOption(String(values.repeat), '--repeat', 1, 0xffffffff);
  const dataPath = values['data-in'] ?? values.data;
  const data = dataPath !== undefined ? readInput(dataPath) : undefined;
  const ctxIn = values['ctx-in'] !== undefined ? readInput(values['ctx-in']) : undefined;
  let res: { retval: number; dataOut: Uint8Array; ctxOut?: Uint8Array | undefined; insns: number; nsPerRun: number; selectedSocket?: number };
  // the engine is made (the JIT compiles) before the timed runs: its cost is reported on its own
  let compileMs: number | undefined;
  let progType: number;
  const printk: string[] = [];
  let maps: string[] | undefined;
  if (kernel && values.raw === undefined) throw new BpfError('EINVAL', '--engine kernel runs --raw programs and --batch cases');
  if (positionals.length === 1 && values.raw === undefined) {
    const obj = await loadObject(positionals[0]!, { verify: !values['no-verify'], ...kernelInfoLoadOptions(values) });
    const prog = pickProgram(obj, values.section, values.program);
    progType = prog.progType;
    const t0 = performance.now();
    prog.engine(engine);
    compileMs = performance.now() - t0;
    // tracing programs: a JSON context of fields by name, the simulated task; printk lines and maps after
    const tracing = TRACING_TYPES.has(prog.progType);
    const traced = tracing && ctxIn && isJsonContext(values['ctx-in']!, ctxIn) ? tracingRunOptions(prog, ctxIn, values['ctx-in']!, values['tp-format']) : ctxIn ? { ctx: ctxIn } : {};
    const r = prog.run({ ...(data ? { data } : {}), ...traced, repeat, engine, trace: (l) => printk.push(l) });
    res = { ...r, nsPerRun: r.durationNs };
    if (tracing) maps = mapLines(obj, new RecordTypes(obj, values['event-type']));
  } else if (values.raw !== undefined && positionals.length === 0) {
    const insns = decodeInstructions(readInput(values.raw));
    progType = progTypeOf(values.type);
    const o = { dataIn: data ?? new Uint8Array(64), ...(ctxIn ? { ctxIn } : {}), repeat };
    if (kernel) res = { ...kernelRunRaw(insns, values.type, o), insns: NaN };
    else {
      const t0 = performance.now();
      const e = createEngine(engine, insns, { helpers: defaultHelpers() });
      compileMs = performance.now() - t0;
      res = testRun(e, progType, o);
    }
  } else {
    throw new BpfError('EINVAL', 'prog run needs an object file (OBJ), --raw P.bin, or --batch CASES.jsonl');
  }
  if (values['data-out'] !== undefined) writeOutput(values['data-out'], res.dataOut);
  if (values['ctx-out'] !== undefined && res.ctxOut) writeOutput(values['ctx-out'], res.ctxOut);
  // the return code in the program type's words (XDP_PASS, TC_ACT_SHOT, SK_PASS…; progtypes/retval.ts)
  const verdict = retvalMeaning(progType, res.retval, data?.length);
  const engineName = kernel ? 'kernel' : engine;
  if (values.json) {
    console.log(JSON.stringify({
      retval: res.retval, verdict, data_out: bytesToHex(res.dataOut), insns: res.insns, ns_per_run: Math.round(res.nsPerRun * 10) / 10, repeat, engine: engineName,
      ...(compileMs !== undefined ? { compile_ms: +compileMs.toFixed(3) } : {}),
      ...(printk.length ? { printk } : {}), ...(maps ? { maps } : {}),
      ...(res.selectedSocket !== undefined ? { selected_socket: res.selectedSocket } : {}),
    }));
  } else {
    console.log(`retval: ${res.retval} (${verdict})`);
    console.log(`data out (${res.dataOut.length} bytes): ${bytesToHex(res.dataOut)}`);
    if (!kernel) console.log(`instructions executed: ${res.insns}`);
    if (res.selectedSocket !== undefined) console.log(`selected socket: ${res.selectedSocket} (bpf_sk_select_reuseport)`);
    if (compileMs !== undefined) console.log(`${engine === 'jit' ? 'JIT compile' : 'engine setup'}: ${fmtNs(compileMs * 1e6)} (once, not in the run time)`);
    for (const l of printk) console.log(`printk: ${l}`);
    for (const l of maps ?? []) console.log(`map ${l}`);
    console.log(`run time: ${fmtNs(res.nsPerRun)} per run (${repeat === 1 ? '1 run: includes first-call costs; --repeat N for the steady state' : `${repeat} runs, after one warm-up run`}; engine ${engineName})`);
  }
  return 0;
}


async function runBatch(path: string, engine: EngineName, noVerify: boolean, kernel = false): Promise<number> {
  // stdin read to its end already (main() called twice in one process): nothing more to answer
  if (path === '-' && process.stdin.readableEnded) return 0;
  try {
    const rl = createInterface({ input: path === '-' ? process.stdin : createReadStream(path), crlfDelay: Infinity });
    let lineNo = 0;
    for await (const line of rl) {
      lineNo++;
      if (!line.trim()) continue;
      console.log(JSON.stringify(answerLine(line, lineNo, engine, noVerify, kernel)));
    }
  } catch (e) {
    throw systemError(e, path === '-' ? 'stdin' : path, 'cannot read') ?? e;
  }
  return 0;
}

/** ns as people read it: 850 ns, 12.3 µs, 1.24 ms */
function fmtNs(ns: number): string {
  return ns < 1e3 ? `${ns.toFixed(0)} ns` : ns < 1e6 ? `${(ns / 1e3).toFixed(1)} µs` : `${(ns / 1e6).toFixed(2)} ms`;
}

/** the answer to one line: its result, or an error object of its own (the batch goes on) */
function answerLine(line: string, lineNo: number, engine: EngineName, noVerify: boolean, kernel: boolean): Record<string, unknown> {
  let x: unknown;
  try {
    x = JSON.parse(line);
  } catch {
    return batchError(null, 'EINVAL', `line ${lineNo}: not JSON`);
  }
  const id = (x as { id?: unknown } | null)?.id ?? null;
  try {
    const c = checkBatchCase(x, lineNo);
    return kernel ? kernelRunCase(c) : runCase(c, engine, noVerify);
  } catch (e) {
    if (e instanceof BpfError) return batchError(id, e.errno, e.message);
    // a fault of tsbpf's on this case: said on its line, the rest of the batch still runs
    return batchError(id, 'EFAULT', `line ${lineNo}: internal error: ${(e as Error)?.message ?? String(e)}`);
  }
}

export function runCase(c: BatchCase, engine: EngineName = 'interpreter', noVerify = false): Record<string, unknown> {
  const id = c.id ?? null;
  let insns: Instruction[];
  try {
    insns = decodeInstructions(hexToBytes(c.insns ?? ''));
    const progType = progTypeOf(c.type ?? 'xdp');
    const bpf = new Bpf();
    const specs = c.maps ?? [];
    const fds = specs.map((m, k) => createBatchMap(bpf, m, `maps[${k}]`));
    if (!noVerify) {
      const v = verify(insns, {
        progType,
        maps: fds.map((fd) => verifierMapOf(bpf.map(fd))),
        ...(c.unpriv ? { unpriv: true } : {}),
        ...(c.prog_flags ? { progFlags: c.prog_flags } : {}),
        // "kernel": "5.10" verifies with that kernel's rules (src/verifier/kernel_rules.ts)
        ...(c.kernel !== undefined ? { kernel: kernelRules(String(c.kernel)) } : {}),
      });
      if (!v.accepted) return batchError(id, v.errno ?? 'EACCES', v.message ?? '');
      insns = sanitizeDeadCode(insns, v.deadInsns);
    }
    // the case's lddw imm is an index into its map list; BPF_PROG_LOAD wants the map's fd
    const withFds = insns.map((i) => (i.code === LDDW && (i.src === BPF_PSEUDO_MAP_FD || i.src === BPF_PSEUDO_MAP_VALUE) && fds[i.imm] !== undefined ? { ...i, imm: fds[i.imm]! } : i));
    const { fd } = bpf.progLoad({ progType, insns: withFds });
    try {
      const res = bpf.progTestRun(fd, { data: hexToBytes(c.data ?? ''), engine });
      return { id, accepted: true, errno: null, message: null, retval: res.retval, data_out: bytesToHex(res.dataOut) };
    } catch (e) {
      return runFailure(id, e);
    }
  } catch (e) {
    if (e instanceof BpfError) return batchError(id, e.errno, e.message);
    throw e;
  }
}

function createBatchMap(bpf: Bpf, m: BatchMap, what: string): number {
  const type = typeof m.type === 'number' ? m.type : (MapType as Record<string, number>)[String(m.type ?? 'hash').toUpperCase().replace(/^BPF_MAP_TYPE_/, '')];
  if (type === undefined) throw new BpfError('EINVAL', `${what}: unknown map type '${m.type}'`);
  const inner = m.inner ? createBatchMap(bpf, m.inner, `${what}.inner`) : undefined;
  return bpf.mapCreate({
    mapType: type, keySize: m.key_size ?? 4, valueSize: m.value_size ?? 4, maxEntries: m.max_entries ?? 1,
    ...(m.map_flags ? { mapFlags: m.map_flags } : {}), ...(inner !== undefined ? { innerMapFd: inner } : {}),
  });
}

function verifierMapOf(m: BpfMap): VerifierMap {
  return { type: m.type, keySize: m.keySize, valueSize: m.valueSize, maxEntries: m.maxEntries, flags: m.flags, name: m.name };
}
