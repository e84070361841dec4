/**
 * Wrappers over the real Linux `bpf()` system call: program load and test run, map create,
 * element and batch operations, object info, close. Each fills the command's member of
 * `union bpf_attr` (include/uapi/linux/bpf.h; offsets in ./uapi.ts), calls the kernel and turns
 * a negative return into a `KernelError` carrying the kernel's errno name, so the results of
 * tsbpf and of the kernel can be compared errno for errno.
 *
 * All calls are synchronous: the kernel does them synchronously too, and the differential tests
 * compare results one operation at a time.
 *
 * The system call itself is ./syscall.ts; the map commands are ./map_cmds.ts (re-exported here, so
 * `bpf.js` stays the one import for every command).
 */
import { BpfError, ERRNO, type ErrnoName } from '../../isa/errors.js';
import { loadNative, type Native } from './ffi.js';
import { encodeInstructions, type Instruction } from '../../isa/instruction.js';
import { native, scratch, sys, fail, KernelError, errnoName, CMD_NAMES, cString } from './syscall.js';
import * as U from './uapi.js';

export { errnoName, KernelError, bpfSyscall } from './syscall.js';
export * from './map_cmds.js';

export type KernelAvailability = { ok: true } | { ok: false; reason: string };
let availability: KernelAvailability | undefined;

/**
 * Whether the real bpf() can be used here: Linux, koffi installed, and the kernel lets this
 * process load a program (root or CAP_BPF, no seccomp filter, not
 * kernel.unprivileged_bpf_disabled for a user). Probed once with a two-instruction socket filter.
 * TSBPF_NO_KERNEL=1 in the environment forces `{ok: false}` (to test the fallbacks).
 */
export function kernelAvailable(): KernelAvailability {
  if (availability) return availability;
  availability = probe();
  return availability;
}

function probe(): KernelAvailability {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  if (env?.TSBPF_NO_KERNEL) return { ok: false, reason: 'TSBPF_NO_KERNEL is set' };
  const l = loadNative();
  if (!l.ok) return l;
  // r0 = 0; exit
  const prog = new Uint8Array([0xb7, 0, 0, 0, 0, 0, 0, 0, 0x95, 0, 0, 0, 0, 0, 0, 0]);
  try {
    const { fd } = progLoad({ progType: 'SOCKET_FILTER', insns: prog, retryWithLog: false });
    closeFd(fd);
    return { ok: true };
  } catch (e) {
    const err = e as KernelError;
    const why: Partial<Record<ErrnoName, string>> = {
      EPERM: 'bpf() is not permitted (EPERM): run as root or with CAP_BPF, or set kernel.unprivileged_bpf_disabled=0',
      ENOSYS: 'bpf() is not implemented here (ENOSYS): a kernel without CONFIG_BPF_SYSCALL, or a seccomp filter',
      EACCES: 'bpf() refused a trivial program (EACCES): likely a security module policy',
    };
    return { ok: false, reason: why[err.errno] ?? `bpf() probe failed: ${err.message}` };
  }
}

function toBytes(insns: readonly Instruction[] | Uint8Array): Uint8Array {
  return insns instanceof Uint8Array ? insns : encodeInstructions(insns);
}

export interface ProgLoadOptions {
  /** a BPF_PROG_TYPE number or name (`'XDP'`, `'SOCKET_FILTER'`, ...) */
  progType: number | U.ProgTypeName;
  /** instructions, or their bytes (8 per slot) */
  insns: readonly Instruction[] | Uint8Array;
  /** default 'GPL' (GPL-only helpers need it) */
  license?: string;
  /** 0 (no log), 1 (the verifier's decisions), 2 (every instruction's state); bit 4 = stats */
  logLevel?: number;
  /** log buffer size in bytes (default 1 MiB when a log is asked for; the kernel wants >= 128) */
  logSize?: number;
  /** BPF_F_* prog_flags (BPF_F_ANY_ALIGNMENT, BPF_F_TEST_RND_HI32, ...) */
  progFlags?: number;
  expectedAttachType?: number;
  /** at most 15 bytes; the kernel refuses names with characters other than [A-Za-z0-9_.] */
  progName?: string;
  kernVersion?: number;
  /** map fds the program's BPF_PSEUDO_MAP_IDX instructions index */
  fdArray?: readonly number[];
  /** when the load fails without a log, load again at log level 1 to get the verifier's message (default true) */
  retryWithLog?: boolean;
  /** prog_btf_fd: the object's BTF (BPF_BTF_LOAD), which func_info and line_info refer to */
  progBtfFd?: number;
  /** struct bpf_func_info records (8 bytes each: insn_off in slots, type_id) */
  funcInfo?: Uint8Array;
  /** struct bpf_line_info records (16 bytes each: insn_off, file_name_off, line_off, line_col) */
  lineInfo?: Uint8Array;
  /** attach_btf_id: the kernel BTF id tp_btf/fentry/fexit/lsm/struct_ops programs attach to */
  attachBtfId?: number;
  /** attach_btf_obj_fd: the module BTF fd attachBtfId is in (0: vmlinux) */
  attachBtfObjFd?: number;
  /** attach_prog_fd: the program freplace/fentry programs attach to */
  attachProgFd?: number;
}

export interface ProgLoadResult {
  fd: number;
  /** the verifier log ('' at log level 0) */
  log: string;
}

/** BPF_PROG_LOAD: load (and verify, and JIT) a program; the fd must be closed with closeFd */
export function progLoad(o: ProgLoadOptions): ProgLoadResult {
  const n = native();
  const code = toBytes(o.insns);
  const progType = typeof o.progType === 'number' ? o.progType : U.BPF_PROG_TYPE[o.progType];
  if (progType === undefined) throw new BpfError('EINVAL', `unknown program type ${String(o.progType)}`);
  const logLevel = o.logLevel ?? 0;
  const logSize = logLevel ? (o.logSize ?? 1 << 20) : 0;
  const license = cString(o.license ?? 'GPL', 128);
  const fds = o.fdArray ?? [];
  const fi = o.funcInfo ?? new Uint8Array(0);
  const li = o.lineInfo ?? new Uint8Array(0);
  scratch.begin(n, code.length + license.length + logSize + fds.length * 4 + fi.length + li.length + 64);
  const A = U.PROG_LOAD;
  const insnOff = scratch.reserve(code.length, code);
  const licOff = scratch.reserve(license.length, license);
  scratch.u32(A.prog_type, progType);
  scratch.u32(A.insn_cnt, code.length / 8);
  scratch.ptr(A.insns, insnOff);
  scratch.ptr(A.license, licOff);
  let logOff = 0;
  if (logLevel) {
    logOff = scratch.reserve(logSize);
    scratch.u32(A.log_level, logLevel);
    scratch.u32(A.log_size, logSize);
    scratch.ptr(A.log_buf, logOff);
  }
  scratch.u32(A.kern_version, o.kernVersion ?? 0);
  scratch.u32(A.prog_flags, o.progFlags ?? 0);
  if (o.progName) scratch.name(A.prog_name, o.progName);
  scratch.u32(A.expected_attach_type, o.expectedAttachType ?? 0);
  if (fds.length) {
    const fdOff = scratch.reserve(fds.length * 4);
    fds.forEach((fd, i) => scratch.u32(fdOff + i * 4, fd));
    scratch.ptr(A.fd_array, fdOff);
  }
  if (o.progBtfFd) scratch.u32(A.prog_btf_fd, o.progBtfFd);
  if (fi.length) {
    scratch.u32(A.func_info_rec_size, U.BPF_FUNC_INFO_SIZE);
    scratch.ptr(A.func_info, scratch.reserve(fi.length, fi));
    scratch.u32(A.func_info_cnt, fi.length / U.BPF_FUNC_INFO_SIZE);
  }
  if (li.length) {
    scratch.u32(A.line_info_rec_size, U.BPF_LINE_INFO_SIZE);
    scratch.ptr(A.line_info, scratch.reserve(li.length, li));
    scratch.u32(A.line_info_cnt, li.length / U.BPF_LINE_INFO_SIZE);
  }
  if (o.attachBtfId) scratch.u32(A.attach_btf_id, o.attachBtfId);
  if (o.attachBtfObjFd) scratch.u32(U.PROG_LOAD_ATTACH_BTF_OBJ_FD, o.attachBtfObjFd);
  else if (o.attachProgFd) scratch.u32(A.attach_prog_fd, o.attachProgFd);
  const r = sys(n, U.BPF_PROG_LOAD, A.size);
  const log = logLevel ? readCString(scratch.bytes(logOff, logSize)) : '';
  if (r.ret < 0) {
    if (!logLevel && (o.retryWithLog ?? true) && (r.errno === ERRNO.EACCES || r.errno === ERRNO.EINVAL)) {
      return progLoad({ ...o, logLevel: 1, retryWithLog: false });
    }
    fail(U.BPF_PROG_LOAD, r.errno, log);
  }
  return { fd: r.ret, log };
}

function readCString(b: Uint8Array): string {
  const end = b.indexOf(0);
  return new TextDecoder().decode(end < 0 ? b : b.subarray(0, end));
}

export interface TestRunOptions {
  /** packet (or other data) the program sees */
  dataIn?: Uint8Array;
  /** size of the buffer for the data afterwards (default: data_in's size + 256, room for XDP head/tail growth) */
  dataSizeOut?: number;
  /** context in (e.g. struct xdp_md, struct __sk_buff) */
  ctxIn?: Uint8Array;
  /** size of the buffer for the context afterwards (default: ctx_in's size, 0 without ctx_in) */
  ctxSizeOut?: number;
  /** run this many times (the kernel averages `duration` over them); default 1 */
  repeat?: number;
  /** BPF_F_TEST_RUN_ON_CPU, BPF_F_TEST_XDP_LIVE_FRAMES */
  flags?: number;
  cpu?: number;
  batchSize?: number;
}

export interface TestRunResult {
  /** the program's return value as the kernel reports it: the low 32 bits of r0 */
  retval: number;
  /** mean ns per run, as the kernel measured it */
  duration: number;
  /** the data after the run (data_size_out bytes) */
  dataOut: Uint8Array;
  /** the context after the run (ctx_size_out bytes) */
  ctxOut: Uint8Array;
}

/** BPF_PROG_TEST_RUN: run a loaded program on data (and a context) in the kernel */
export function progTestRun(progFd: number, o: TestRunOptions = {}): TestRunResult {
  const n = native();
  const dataIn = o.dataIn ?? new Uint8Array(0);
  const dataOutSize = o.dataSizeOut ?? (dataIn.length ? dataIn.length + 256 : 0);
  const ctxIn = o.ctxIn;
  const ctxOutSize = o.ctxSizeOut ?? (ctxIn ? ctxIn.length : 0);
  scratch.begin(n, dataIn.length + dataOutSize + (ctxIn?.length ?? 0) + ctxOutSize + 32);
  const A = U.PROG_TEST_RUN;
  scratch.u32(A.prog_fd, progFd);
  if (dataIn.length) {
    const inOff = scratch.reserve(dataIn.length, dataIn);
    scratch.u32(A.data_size_in, dataIn.length);
    scratch.ptr(A.data_in, inOff);
  }
  let outOff = 0;
  if (dataOutSize) {
    outOff = scratch.reserve(dataOutSize);
    scratch.u32(A.data_size_out, dataOutSize);
    scratch.ptr(A.data_out, outOff);
  }
  if (ctxIn) {
    const off = scratch.reserve(ctxIn.length, ctxIn);
    scratch.u32(A.ctx_size_in, ctxIn.length);
    scratch.ptr(A.ctx_in, off);
  }
  let ctxOutOff = 0;
  if (ctxOutSize) {
    ctxOutOff = scratch.reserve(ctxOutSize);
    scratch.u32(A.ctx_size_out, ctxOutSize);
    scratch.ptr(A.ctx_out, ctxOutOff);
  }
  // 0 by default: the kernel runs once (bpf_test_run: `if (!repeat) repeat = 1`), and syscall
  // programs refuse any repeat (bpf_prog_test_run_syscall: EINVAL)
  scratch.u32(A.repeat, o.repeat ?? 0);
  scratch.u32(A.flags, o.flags ?? 0);
  scratch.u32(A.cpu, o.cpu ?? 0);
  scratch.u32(A.batch_size, o.batchSize ?? 0);
  const r = sys(n, U.BPF_PROG_TEST_RUN, A.size);
  if (r.ret < 0) fail(U.BPF_PROG_TEST_RUN, r.errno);
  const outLen = Math.min(scratch.getU32(A.data_size_out), dataOutSize);
  const ctxLen = Math.min(scratch.getU32(A.ctx_size_out), ctxOutSize);
  return {
    retval: scratch.getU32(A.retval),
    duration: scratch.getU32(A.duration),
    dataOut: dataOutSize ? scratch.bytes(outOff, outLen) : new Uint8Array(0),
    ctxOut: ctxOutSize ? scratch.bytes(ctxOutOff, ctxLen) : new Uint8Array(0),
  };
}

export interface ProgInfo {
  type: number;
  id: number;
  /** the program's tag (sha of its instructions), hex */
  tag: string;
  jitedProgLen: number;
  xlatedProgLen: number;
  name: string;
}

export interface MapInfo {
  type: number;
  id: number;
  keySize: number;
  valueSize: number;
  maxEntries: number;
  mapFlags: number;
  name: string;
}

/**
 * BPF_OBJ_GET_INFO_BY_FD into the info struct already reserved at scratch offset `off` (its
 * pointer members, if any, set by the caller): one place for the attr and the errno.
 */
function getInfoByFd(n: Native, fd: number, off: number, infoLen: number): void {
  scratch.u32(U.OBJ_INFO.bpf_fd, fd);
  scratch.u32(U.OBJ_INFO.info_len, infoLen);
  scratch.ptr(U.OBJ_INFO.info, off);
  const r = sys(n, U.BPF_OBJ_GET_INFO_BY_FD, U.OBJ_INFO.size);
  if (r.ret < 0) fail(U.BPF_OBJ_GET_INFO_BY_FD, r.errno);
}

function objInfo(fd: number, size: number): DataView {
  const n = native();
  scratch.begin(n, size);
  const off = scratch.reserve(size);
  getInfoByFd(n, fd, off, size);
  const b = scratch.bytes(off, size);
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

function nameAt(dv: DataView, off: number): string {
  return readCString(new Uint8Array(dv.buffer, dv.byteOffset + off, U.BPF_OBJ_NAME_LEN));
}

/** BPF_OBJ_GET_INFO_BY_FD on a program */
export function progInfo(fd: number): ProgInfo {
  const I = U.PROG_INFO;
  const dv = objInfo(fd, I.size);
  let tag = '';
  for (let i = 0; i < 8; i++) tag += dv.getUint8(I.tag + i).toString(16).padStart(2, '0');
  return {
    type: dv.getUint32(I.type, true),
    id: dv.getUint32(I.id, true),
    tag,
    jitedProgLen: dv.getUint32(I.jited_prog_len, true),
    xlatedProgLen: dv.getUint32(I.xlated_prog_len, true),
    name: nameAt(dv, I.name),
  };
}

/**
 * The program as the kernel runs it after verification (BPF_OBJ_GET_INFO_BY_FD with
 * xlated_prog_insns): rewritten context accesses, inserted zero-extensions, patched helper calls.
 * What `bpftool prog dump xlated` prints; the way to see why the kernel did what it did.
 */
export function progXlated(fd: number): Uint8Array {
  const len = progInfo(fd).xlatedProgLen;
  const n = native();
  const I = U.PROG_INFO;
  scratch.begin(n, I.size + len);
  const off = scratch.reserve(I.size);
  const buf = scratch.reserve(len);
  scratch.u32(off + I.xlated_prog_len, len);
  scratch.ptr(off + I.xlated_prog_insns, buf);
  getInfoByFd(n, fd, off, I.size);
  return scratch.bytes(buf, Math.min(len, scratch.getU32(off + I.xlated_prog_len)));
}

/** BPF_OBJ_GET_INFO_BY_FD on a map */
export function mapInfo(fd: number): MapInfo {
  const I = U.MAP_INFO;
  const dv = objInfo(fd, I.size);
  return {
    type: dv.getUint32(I.type, true),
    id: dv.getUint32(I.id, true),
    keySize: dv.getUint32(I.key_size, true),
    valueSize: dv.getUint32(I.value_size, true),
    maxEntries: dv.getUint32(I.max_entries, true),
    mapFlags: dv.getUint32(I.map_flags, true),
    name: nameAt(dv, I.name),
  };
}

/** close(2) a program or map fd */
export function closeFd(fd: number): void {
  if (native().close(fd) < 0) throw new BpfError('EBADF', `close(${fd}) failed`);
}

let cpuRanges: number[][] | undefined;
/** /sys/devices/system/cpu/possible as its ranges ("0-3,8" is [[0, 3], [8]]), read once */
function possibleCpuRanges(): number[][] {
  return (cpuRanges ??= (native().readFile('/sys/devices/system/cpu/possible') ?? '0').trim().split(',').map((part) => part.split('-').map(Number)));
}

let cpus: number | undefined;
/** the number of possible CPUs (/sys/devices/system/cpu/possible), which sizes per-CPU values */
export function possibleCpus(): number {
  if (cpus !== undefined) return cpus;
  let count = 0;
  for (const [a, b] of possibleCpuRanges()) count += b === undefined ? 1 : b - a! + 1;
  cpus = Math.max(1, count);
  return cpus;
}

/**
 * nr_cpu_ids: the highest possible CPU's number plus one (kernel/smp.c setup_nr_cpu_ids), which
 * bounds bpf_get_smp_processor_id — not the count of possible CPUs when the list has holes
 */
export function nrCpuIds(): number {
  let max = 0;
  for (const range of possibleCpuRanges()) for (const n of range) if (Number.isFinite(n) && n > max) max = n;
  return max + 1;
}

/** the value buffer size of a per-CPU map lookup: round_up(value_size, 8) * possible CPUs (kernel/bpf/syscall.c) */
export function percpuValueSize(valueSize: number): number {
  return ((valueSize + 7) & ~7) * possibleCpus();
}

/**
 * BPF_BTF_LOAD: hand a BTF blob (header, types, strings) to the kernel; returns its fd. A
 * rejection is retried at log level 1 so the KernelError carries the kernel's BTF checker log
 * (kernel/bpf/btf.c btf_parse), e.g. "[12] VAR foo type_id=3 linkage not supported".
 */
export function btfLoad(btf: Uint8Array, o: { logLevel?: number } = {}): ProgLoadResult {
  const n = native();
  const logLevel = o.logLevel ?? 0;
  const logSize = logLevel ? 1 << 20 : 0;
  scratch.begin(n, btf.length + logSize + 16);
  const A = U.BTF_LOAD;
  scratch.ptr(A.btf, scratch.reserve(btf.length, btf));
  scratch.u32(A.btf_size, btf.length);
  let logOff = 0;
  if (logLevel) {
    logOff = scratch.reserve(logSize);
    scratch.ptr(A.btf_log_buf, logOff);
    scratch.u32(A.btf_log_size, logSize);
    scratch.u32(A.btf_log_level, logLevel);
  }
  const r = sys(n, U.BPF_BTF_LOAD, A.size);
  const log = logLevel ? readCString(scratch.bytes(logOff, logSize)) : '';
  if (r.ret < 0) {
    if (!logLevel) return btfLoad(btf, { logLevel: 1 });
    fail(U.BPF_BTF_LOAD, r.errno, log);
  }
  return { fd: r.ret, log };
}

/** BPF_OBJ_PIN: pin a program, map, link or BTF fd at a bpffs path */
export function objPin(fd: number, path: string): void {
  const n = native();
  const p = cString(path, 4096);
  scratch.begin(n, p.length + 8);
  scratch.ptr(U.OBJ_PIN.pathname, scratch.reserve(p.length, p));
  scratch.u32(U.OBJ_PIN.bpf_fd, fd);
  const r = sys(n, U.BPF_OBJ_PIN, U.OBJ_PIN.size);
  if (r.ret < 0) throw pinError(`BPF_OBJ_PIN ${path}`, r.errno);
}

/** a bpffs failure with the sentence saying what its errno means for a pin path */
function pinError(what: string, errno: number): KernelError {
  const why: Partial<Record<ErrnoName, string>> = {
    ENOENT: 'nothing is pinned there, or its directory does not exist',
    EEXIST: 'something is already pinned there',
    EPERM: 'the path is not on a bpffs mount (mount -t bpf bpf /sys/fs/bpf), or this process lacks CAP_BPF',
    EINVAL: 'the path is not on a bpffs mount (mount -t bpf bpf /sys/fs/bpf)',
    EACCES: 'permission denied',
  };
  const e = new KernelError(what, errno);
  const hint = why[errnoName(errno)];
  if (hint) Object.defineProperty(e, 'message', { value: `${e.message}: ${hint}` });
  return e;
}

/** BPF_OBJ_GET: an fd for the object pinned at a bpffs path (file_flags BPF_F_RDONLY / BPF_F_WRONLY) */
export function objGet(path: string, fileFlags = 0): number {
  const n = native();
  const p = cString(path, 4096);
  scratch.begin(n, p.length + 8);
  scratch.ptr(U.OBJ_PIN.pathname, scratch.reserve(p.length, p));
  scratch.u32(U.OBJ_PIN.file_flags, fileFlags);
  const r = sys(n, U.BPF_OBJ_GET, U.OBJ_PIN.size);
  if (r.ret < 0) throw pinError(`BPF_OBJ_GET ${path}`, r.errno);
  return r.ret;
}

/** BPF_{PROG,MAP,BTF,LINK}_GET_NEXT_ID: the next id after `start`, or undefined after the last */
export function getNextId(cmd: typeof U.BPF_PROG_GET_NEXT_ID | typeof U.BPF_MAP_GET_NEXT_ID | typeof U.BPF_BTF_GET_NEXT_ID | typeof U.BPF_LINK_GET_NEXT_ID, start: number): number | undefined {
  const n = native();
  scratch.begin(n, 0);
  scratch.u32(U.GET_ID.start_id, start);
  const r = sys(n, cmd, U.GET_ID.size);
  if (r.ret < 0) {
    if (r.errno === ERRNO.ENOENT) return undefined;
    fail(cmd, r.errno);
  }
  return scratch.getU32(U.GET_ID.next_id);
}

/** BPF_{PROG,MAP,BTF,LINK}_GET_FD_BY_ID: an fd for the object with this id (ENOENT when there is none) */
export function getFdById(cmd: typeof U.BPF_PROG_GET_FD_BY_ID | typeof U.BPF_MAP_GET_FD_BY_ID | typeof U.BPF_BTF_GET_FD_BY_ID | typeof U.BPF_LINK_GET_FD_BY_ID, id: number, openFlags = 0): number {
  const n = native();
  scratch.begin(n, 0);
  scratch.u32(U.GET_ID.start_id, id);
  scratch.u32(U.GET_ID.open_flags, openFlags);
  const r = sys(n, cmd, U.GET_ID.size);
  if (r.ret < 0) throw new KernelError(`${CMD_NAMES[cmd]} ${id}`, r.errno);
  return r.ret;
}

/** BPF_OBJ_GET_INFO_BY_FD on a map: the BTF ids it was created with */
export function mapBtfInfo(fd: number): { btfId: number; btfKeyTypeId: number; btfValueTypeId: number; btfVmlinuxValueTypeId: number } {
  const dv = objInfo(fd, U.MAP_INFO_BTF.map_extra + 8);
  const B = U.MAP_INFO_BTF;
  return { btfId: dv.getUint32(B.btf_id, true), btfKeyTypeId: dv.getUint32(B.btf_key_type_id, true), btfValueTypeId: dv.getUint32(B.btf_value_type_id, true), btfVmlinuxValueTypeId: dv.getUint32(B.btf_vmlinux_value_type_id, true) };
}

/** BPF_OBJ_GET_INFO_BY_FD on a BTF object: its id, name (module name, "vmlinux", or "") and whether the kernel owns it */
export function btfInfo(fd: number): { id: number; name: string; kernelBtf: boolean } {
  const n = native();
  const I = U.BTF_INFO;
  scratch.begin(n, I.size + 64);
  const off = scratch.reserve(I.size);
  const nameOff = scratch.reserve(64);
  scratch.ptr(off + I.name, nameOff);
  scratch.u32(off + I.name_len, 64);
  getInfoByFd(n, fd, off, I.size);
  return { id: scratch.getU32(off + I.id), name: readCString(scratch.bytes(nameOff, 64)), kernelBtf: scratch.getU32(off + I.kernel_btf) !== 0 };
}

/** the raw bytes of a BTF object the kernel holds (BPF_OBJ_GET_INFO_BY_FD with btf/btf_size) */
export function btfBytes(fd: number): Uint8Array {
  const n = native();
  const I = U.BTF_INFO;
  // first the size (btf_size with no buffer), then the bytes into a buffer of that size
  const size = objInfo(fd, I.size).getUint32(I.btf_size, true);
  scratch.begin(n, I.size + size);
  const off = scratch.reserve(I.size);
  const buf = scratch.reserve(size);
  scratch.ptr(off + I.btf, buf);
  scratch.u32(off + I.btf_size, size);
  getInfoByFd(n, fd, off, I.size);
  return scratch.bytes(buf, size);
}
