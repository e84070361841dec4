/**
 * `--engine kernel` for `tsbpf prog run --raw` and `--batch`: the same program in the running
 * kernel, through bpf(2) (BPF_MAP_CREATE, BPF_PROG_LOAD, BPF_PROG_TEST_RUN; hooks/kernel), so a user
 * can compare tsbpf's result with their kernel's from the command line.
 */
import { BpfError } from '../isa/errors.js';
import { LDDW, bytesToHex, decodeInstructions, hexToBytes, type Instruction } from '../isa/instruction.js';
import { BPF_PSEUDO_MAP_FD, BPF_PSEUDO_MAP_VALUE } from '../isa/opcodes.js';
import { MapType } from '../isa/bpf_types.js';
import { closeFd, kernelAvailable, mapCreate, progLoad, progTestRun } from '../hooks/kernel/bpf.js';
import { progTypeOf } from '../vm/test_run.js';
import { batchError, type BatchCase as KernelBatchCase, type BatchMap } from './batch_case.js';

/** throws EPERM / ENOSYS (with kernelAvailable()'s reason) where this process cannot use bpf() */
export function requireKernel(): void {
  const a = kernelAvailable();
  if (a.ok) return;
  const errno = /ENOSYS|not implemented|koffi|not Linux|FFI/i.test(a.reason) ? 'ENOSYS' : 'EPERM';
  throw new BpfError(errno, `--engine kernel: ${a.reason}`);
}

export interface KernelRunResult { retval: number; dataOut: Uint8Array; ctxOut?: Uint8Array; nsPerRun: number }

/** load insns as a program of `type` and test-run it once (or `repeat` times) on data */
export function kernelRunRaw(insns: readonly Instruction[], type: string, o: { dataIn: Uint8Array; ctxIn?: Uint8Array; repeat?: number }): KernelRunResult {
  requireKernel();
  const { fd } = progLoad({ progType: progTypeOf(type), insns });
  try {
    const r = progTestRun(fd, { dataIn: o.dataIn, ...(o.ctxIn ? { ctxIn: o.ctxIn } : {}), repeat: o.repeat ?? 1, dataSizeOut: o.dataIn.length + 256 });
    return { retval: r.retval, dataOut: r.dataOut, ...(o.ctxIn ? { ctxOut: r.ctxOut } : {}), nsPerRun: r.duration };
  } finally {
    closeFd(fd);
  }
}


function mapTypeOf(m: BatchMap, what: string): number {
  const type = typeof m.type === 'number' ? m.type : (MapType as Record<string, number>)[String(m.type ?? 'hash').toUpperCase().replace(/^BPF_MAP_TYPE_/, '')];
  if (type === undefined) throw new BpfError('EINVAL', `${what}: unknown map type '${m.type}'`);
  return type;
}

/** one `prog run --batch` case in the kernel: same input and output shape as the interpreter's runCase */
/**
 * A batch case that loaded but whose test run failed: `accepted` stays the load's verdict (the
 * kernel's test_loader loads such programs and skips the run); errno and message are the run's
 * (a fault, a budget stop, bad input), and `run_skipped` is set when the program type has no test
 * run at all (ENOTSUPP: BPF_PROG_TEST_RUN of tracepoint, perf_event, kprobe ... programs).
 */
export function runFailure(id: unknown, e: unknown): Record<string, unknown> {
  if (!(e instanceof BpfError)) throw e;
  const skipped = e.errno === 'ENOTSUPP' || e.errno === 'EOPNOTSUPP';
  return { id, accepted: true, errno: e.errno, message: e.message, retval: null, data_out: null, ...(skipped ? { run_skipped: true } : {}) };
}

export function kernelRunCase(c: KernelBatchCase): Record<string, unknown> {
  const id = c.id ?? null;
  const fds: number[] = [];
  const create = (m: BatchMap, what: string): number => {
    const inner = m.inner ? create(m.inner, `${what}.inner`) : undefined;
    const fd = mapCreate({
      mapType: mapTypeOf(m, what), keySize: m.key_size ?? 4, valueSize: m.value_size ?? 4, maxEntries: m.max_entries ?? 1,
      ...(m.map_flags ? { mapFlags: m.map_flags } : {}), ...(inner !== undefined ? { innerMapFd: inner } : {}),
    });
    fds.push(fd);
    return fd;
  };
  try {
    requireKernel();
    const insns = decodeInstructions(hexToBytes(c.insns ?? ''));
    const progType = progTypeOf(c.type ?? 'xdp');
    const mapFds = (c.maps ?? []).map((m, k) => create(m, `maps[${k}]`));
    // the case's lddw imm is an index into its map list; BPF_PROG_LOAD wants the map's fd
    const withFds = insns.map((i) => (i.code === LDDW && (i.src === BPF_PSEUDO_MAP_FD || i.src === BPF_PSEUDO_MAP_VALUE) && mapFds[i.imm] !== undefined ? { ...i, imm: mapFds[i.imm]! } : i));
    let prog: number;
    try {
      prog = progLoad({ progType, insns: withFds, ...(c.prog_flags ? { progFlags: c.prog_flags } : {}) }).fd;
    } catch (e) {
      if (e instanceof BpfError) return batchError(id, e.errno, e.message);
      throw e;
    }
    fds.push(prog);
    const data = hexToBytes(c.data ?? '');
    try {
      const r = progTestRun(prog, { dataIn: data, dataSizeOut: data.length + 256 });
      return { id, accepted: true, errno: null, message: null, retval: r.retval, data_out: bytesToHex(r.dataOut) };
    } catch (e) {
      return runFailure(id, e);
    }
  } catch (e) {
    if (e instanceof BpfError) return batchError(id, e.errno, e.message);
    throw e;
  } finally {
    for (const fd of fds.reverse()) closeFd(fd);
  }
}
