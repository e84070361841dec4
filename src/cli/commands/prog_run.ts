/**
 * `tsbpf prog run`: run a program as BPF_PROG_TEST_RUN does.
 *   tsbpf prog run OBJ [--section S | --program NAME] [--data-in F] [--data-out F] [--ctx-in F] [--ctx-out F] [--repeat N] [--json] [--engine E]
 *   tsbpf prog run --raw P.bin --type xdp --data pkt.bin [--repeat N] [--json] [--engine E]
 *   tsbpf prog run --batch CASES.jsonl --json [--no-verify]
 * Batch lines are {"id", "type", "insns": hex, "data": hex}; each output line is
 * {"id", "accepted", "errno", "message", "retval", "data_out"} with retval as the kernel's test run
 * reports it (the low 32 bits of r0).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createReadStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { BpfError } from '../../isa/errors.js';
import { bytesToHex, decodeInstructions, hexToBytes, type Instruction } from '../../isa/instruction.js';
import { runProgram } from '../../vm/test_run.js';
import { loadObject } from '../../runtime/object.js';
import { pickProgram } from '../select.js';
import { parseEngine, type EngineName } from '../../vm/engine.js';

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      raw: { type: 'string' },
      type: { type: 'string', default: 'xdp' },
      data: { type: 'string' },
      'data-in': { type: 'string' },
      'data-out': { type: 'string' },
      'ctx-in': { type: 'string' },
      'ctx-out': { type: 'string' },
      section: { type: 'string' },
      program: { type: 'string' },
      repeat: { type: 'string', default: '1' },
      json: { type: 'boolean', short: 'j', default: false },
      batch: { type: 'string' },
      'no-verify': { type: 'boolean', default: false },
      engine: { type: 'string', default: 'interpreter' },
    },
    allowPositionals: true,
  });
  const engine = parseEngine(values.engine);
  if (values.batch !== undefined) return runBatch(values.batch, engine);
  const repeat = Number(values.repeat);
  if (!Number.isInteger(repeat) || repeat < 1) throw new BpfError('EINVAL', `--repeat must be a positive integer, got '${values.repeat}'`);
  const dataPath = values['data-in'] ?? values.data;
  const data = dataPath !== undefined ? new Uint8Array(readFileSync(dataPath)) : undefined;
  const ctxIn = values['ctx-in'] !== undefined ? new Uint8Array(readFileSync(values['ctx-in'])) : undefined;
  let res: { retval: number; dataOut: Uint8Array; ctxOut?: Uint8Array | undefined; insns: number; nsPerRun: number };
  if (positionals.length === 1 && values.raw === undefined) {
    const obj = await loadObject(positionals[0]!);
    const prog = pickProgram(obj, values.section, values.program);
    const r = prog.run({ ...(data ? { data } : {}), ...(ctxIn ? { ctx: ctxIn } : {}), repeat, engine });
    res = { ...r, nsPerRun: r.durationNs };
  } else if (values.raw !== undefined && positionals.length === 0) {
    const insns = decodeInstructions(readFileSync(values.raw));
    res = runProgram(insns, values.type!, { dataIn: data ?? new Uint8Array(64), ...(ctxIn ? { ctxIn } : {}), repeat, engine });
  } else {
    throw new BpfError('EINVAL', 'prog run needs an object file (OBJ), --raw P.bin, or --batch CASES.jsonl');
  }
  if (values['data-out'] !== undefined) writeFileSync(values['data-out'], res.dataOut);
  if (values['ctx-out'] !== undefined && res.ctxOut) writeFileSync(values['ctx-out'], res.ctxOut);
  if (values.json) {
    console.log(JSON.stringify({ retval: res.retval, data_out: bytesToHex(res.dataOut), insns: res.insns, ns_per_run: res.nsPerRun, repeat }));
  } else {
    console.log(`retval: ${res.retval} (0x${res.retval.toString(16)})`);
    console.log(`data out (${res.dataOut.length} bytes): ${bytesToHex(res.dataOut)}`);
    console.log(`instructions executed: ${res.insns}`);
    console.log(`duration: ${res.nsPerRun.toFixed(1)} ns per run (${repeat} run${repeat === 1 ? '' : 's'})`);
  }
  return 0;
}

interface BatchCase { id?: unknown; type?: string; insns?: string; data?: string }

async function runBatch(path: string, engine: EngineName): Promise<number> {
  const rl = createInterface({ input: path === '-' ? process.stdin : createReadStream(path), crlfDelay: Infinity });
  let lineNo = 0;
  for await (const line of rl) {
    lineNo++;
    if (!line.trim()) continue;
    let c: BatchCase;
    try {
      c = JSON.parse(line) as BatchCase;
    } catch {
      console.log(JSON.stringify({ id: null, accepted: false, errno: 'EINVAL', message: `line ${lineNo}: not JSON` }));
      continue;
    }
    console.log(JSON.stringify(runCase(c, engine)));
  }
  return 0;
}

export function runCase(c: BatchCase, engine: EngineName = 'interpreter'): Record<string, unknown> {
  const id = c.id ?? null;
  let insns: Instruction[];
  try {
    insns = decodeInstructions(hexToBytes(c.insns ?? ''));
  } catch (e) {
    return failure(id, e);
  }
  try {
    const res = runProgram(insns, c.type ?? 'xdp', { dataIn: hexToBytes(c.data ?? ''), engine });
    return { id, accepted: true, errno: null, message: null, retval: res.retval, data_out: bytesToHex(res.dataOut) };
  } catch (e) {
    return failure(id, e);
  }
}

function failure(id: unknown, e: unknown): Record<string, unknown> {
  if (e instanceof BpfError) return { id, accepted: e.errno === 'EFAULT' || e.errno === 'ETIMEDOUT', errno: e.errno, message: e.message, retval: null, data_out: null };
  throw e;
}

