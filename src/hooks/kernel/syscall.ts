/**
 * The `bpf()` system call itself, shared by every command wrapper: the native binding (koffi,
 * loaded lazily), one reusable native scratch buffer for `union bpf_attr` and the buffers it points
 * at, the EAGAIN/EINTR retry libbpf does, and `KernelError` with the kernel's errno name.
 */
import { BpfError, ERRNO, type ErrnoName } from '../../isa/errors.js';
import { loadNative, type Native, type NativeBuffer } from './ffi.js';
import * as U from './uapi.js';

const ERRNO_NAMES: Map<number, ErrnoName> = new Map(Object.entries(ERRNO).map(([k, v]) => [v, k as ErrnoName]));

/** the errno name for a positive errno number (EIO for numbers outside tsbpf's table) */
export function errnoName(n: number): ErrnoName {
  return ERRNO_NAMES.get(n) ?? 'EIO';
}

/** A failed bpf() call: the kernel's errno, the command, and for BPF_PROG_LOAD the verifier log. */
export class KernelError extends BpfError {
  /** the errno number the kernel returned (negated) */
  readonly errnoNumber: number;
  readonly cmd: string;
  /** the verifier log (BPF_PROG_LOAD with a log level), '' otherwise */
  readonly log: string;
  /** batch operations: how many elements the kernel processed before failing */
  readonly count?: number;
  constructor(cmd: string, errnoNumber: number, log = '', count?: number) {
    const name = errnoName(errnoNumber);
    const logLine = lastLogLine(log);
    super(name, `${cmd} failed: ${name}${ERRNO_NAMES.has(errnoNumber) ? '' : ` (errno ${errnoNumber})`}${logLine ? `: ${logLine}` : ''}`);
    this.name = 'KernelError';
    this.errnoNumber = errnoNumber;
    this.cmd = cmd;
    this.log = log;
    if (count !== undefined) this.count = count;
  }
}

/** the verifier's error: the last non-empty line of its log that is not the statistics line */
function lastLogLine(log: string): string {
  const lines = log.split('\n').map((l) => l.trim()).filter((l) => l && !/^(processed |verification time|stack depth|mark_read|max_states)/.test(l));
  return lines.length ? lines[lines.length - 1]! : '';
}

export function native(): Native {
  const l = loadNative();
  if (!l.ok) throw new BpfError('ENOSYS', `the kernel backend is unavailable: ${l.reason}`);
  return l.native;
}

/**
 * One native scratch buffer, reused by every call (calls are synchronous and not reentrant):
 * the attr at offset 0, then the buffers the attr points at, each 8-byte aligned.
 */
class Scratch {
  private buf: NativeBuffer | undefined;
  private top = 0;
  dv!: DataView;
  /** start a call needing at most `need` bytes (attr included) */
  begin(n: Native, need: number): void {
    const size = U.ATTR_SIZE + need + 64;
    if (!this.buf || this.buf.size < size) {
      this.buf?.free();
      this.buf = n.alloc(Math.max(size, 1 << 16));
    }
    this.buf.bytes.fill(0, 0, size);
    this.dv = new DataView(this.buf.bytes.buffer, this.buf.bytes.byteOffset, this.buf.bytes.byteLength);
    this.top = U.ATTR_SIZE;
  }
  get attrAddr(): bigint {
    return this.buf!.addr;
  }
  /** reserve `size` bytes (zeroed), copying `init` in: returns the offset in the scratch */
  reserve(size: number, init?: Uint8Array): number {
    const off = this.top;
    this.top = (off + size + 7) & ~7;
    if (init) this.buf!.bytes.set(init.subarray(0, size), off);
    return off;
  }
  /** copy a caller-built attr to offset 0 */
  setAttr(attr: Uint8Array): void {
    this.buf!.bytes.set(attr, 0);
  }
  addr(off: number): bigint {
    return this.buf!.addr + BigInt(off);
  }
  bytes(off: number, size: number): Uint8Array {
    return this.buf!.bytes.slice(off, off + size);
  }
  u32(off: number, v: number): void {
    this.dv.setUint32(off, v >>> 0, true);
  }
  u64(off: number, v: bigint): void {
    this.dv.setBigUint64(off, BigInt.asUintN(64, v), true);
  }
  /** store the address of a reserved buffer into an attr pointer field */
  ptr(field: number, off: number): void {
    this.u64(field, this.addr(off));
  }
  /** an object name (BPF_OBJ_NAME_LEN bytes, NUL-terminated) into the attr at `off` */
  name(off: number, s: string): void {
    this.buf!.bytes.set(cString(s, U.BPF_OBJ_NAME_LEN), off);
  }
  getU32(off: number): number {
    return this.dv.getUint32(off, true);
  }
}
export const scratch = new Scratch();

export const CMD_NAMES: Record<number, string> = {
  [U.BPF_MAP_CREATE]: 'BPF_MAP_CREATE',
  [U.BPF_MAP_LOOKUP_ELEM]: 'BPF_MAP_LOOKUP_ELEM',
  [U.BPF_MAP_UPDATE_ELEM]: 'BPF_MAP_UPDATE_ELEM',
  [U.BPF_MAP_DELETE_ELEM]: 'BPF_MAP_DELETE_ELEM',
  [U.BPF_MAP_GET_NEXT_KEY]: 'BPF_MAP_GET_NEXT_KEY',
  [U.BPF_PROG_LOAD]: 'BPF_PROG_LOAD',
  [U.BPF_OBJ_PIN]: 'BPF_OBJ_PIN',
  [U.BPF_OBJ_GET]: 'BPF_OBJ_GET',
  [U.BPF_PROG_TEST_RUN]: 'BPF_PROG_TEST_RUN',
  [U.BPF_OBJ_GET_INFO_BY_FD]: 'BPF_OBJ_GET_INFO_BY_FD',
  [U.BPF_MAP_LOOKUP_AND_DELETE_ELEM]: 'BPF_MAP_LOOKUP_AND_DELETE_ELEM',
  [U.BPF_MAP_FREEZE]: 'BPF_MAP_FREEZE',
  [U.BPF_MAP_LOOKUP_BATCH]: 'BPF_MAP_LOOKUP_BATCH',
  [U.BPF_MAP_LOOKUP_AND_DELETE_BATCH]: 'BPF_MAP_LOOKUP_AND_DELETE_BATCH',
  [U.BPF_MAP_UPDATE_BATCH]: 'BPF_MAP_UPDATE_BATCH',
  [U.BPF_MAP_DELETE_BATCH]: 'BPF_MAP_DELETE_BATCH',
  [U.BPF_PROG_GET_NEXT_ID]: 'BPF_PROG_GET_NEXT_ID',
  [U.BPF_MAP_GET_NEXT_ID]: 'BPF_MAP_GET_NEXT_ID',
  [U.BPF_PROG_GET_FD_BY_ID]: 'BPF_PROG_GET_FD_BY_ID',
  [U.BPF_MAP_GET_FD_BY_ID]: 'BPF_MAP_GET_FD_BY_ID',
  [U.BPF_BTF_LOAD]: 'BPF_BTF_LOAD',
  [U.BPF_BTF_GET_FD_BY_ID]: 'BPF_BTF_GET_FD_BY_ID',
  [U.BPF_BTF_GET_NEXT_ID]: 'BPF_BTF_GET_NEXT_ID',
  [U.BPF_LINK_GET_FD_BY_ID]: 'BPF_LINK_GET_FD_BY_ID',
  [U.BPF_LINK_GET_NEXT_ID]: 'BPF_LINK_GET_NEXT_ID',
};

/** issue the call prepared in the scratch; returns the non-negative result or the errno */
export function sys(n: Native, cmd: number, size: number): { ret: number; errno: number } {
  const r = n.bpf(cmd, scratch.attrAddr, size);
  // the kernel reports EINTR/EAGAIN on a signal or lock contention: retried as libbpf does
  // (sys_bpf_prog_load retries EAGAIN up to 5 times)
  for (let tries = 0; r.ret < 0 && (r.errno === ERRNO.EAGAIN || r.errno === ERRNO.EINTR) && tries < 5; tries++) {
    const again = n.bpf(cmd, scratch.attrAddr, size);
    r.ret = again.ret;
    r.errno = again.errno;
  }
  return r;
}

export function fail(cmd: number, errno: number, log = '', count?: number): never {
  throw new KernelError(CMD_NAMES[cmd] ?? `bpf cmd ${cmd}`, errno, log, count);
}

/**
 * The raw system call for commands without a wrapper: `attr` is copied to native memory (its
 * pointer fields must already hold native addresses) and copied back after the call.
 */
export function bpfSyscall(cmd: number, attr: Uint8Array): { ret: number; errno: ErrnoName | null; attr: Uint8Array } {
  const n = native();
  if (attr.length > U.ATTR_SIZE) throw new BpfError('E2BIG', `attr of ${attr.length} bytes is larger than ${U.ATTR_SIZE}`);
  scratch.begin(n, 0);
  scratch.setAttr(attr);
  const r = sys(n, cmd, attr.length);
  return { ret: r.ret, errno: r.ret < 0 ? errnoName(r.errno) : null, attr: scratch.bytes(0, attr.length) };
}

/** a NUL-terminated copy of `s` of at most `max` bytes, for the attr's name and path fields */
export function cString(s: string, max: number): Uint8Array {
  const b = new TextEncoder().encode(s);
  const out = new Uint8Array(Math.min(b.length, max - 1) + 1);
  out.set(b.subarray(0, out.length - 1));
  return out;
}
