/**
 * A program loaded into the running kernel (BPF_PROG_LOAD of a ProgramSpec): its fd, type and
 * expected attach type, the kernel BTF id it attaches to (tp_btf, fentry/fexit/fmod_ret, lsm,
 * iter), pin/close, info and BPF_PROG_TEST_RUN. Attaching is kernel/attach*.ts's business (links).
 * A rejection is a ProgramLoadError: the kernel's verifier log and, beside it, tsbpf's own
 * verifier's verdict on the same instructions in plain words.
 */
import { BpfError } from '../isa/errors.js';
import type { ProgramSpec } from '../elf/spec.js';
import { closeFd, KernelError, objGet, objPin, progInfo, progTestRun, progXlated, type ProgInfo, type TestRunOptions, type TestRunResult } from '../hooks/kernel/bpf.js';
import { ProgType, AttachType } from '../isa/bpf_types.js';
import { attachProgram, type AttachOptions } from './link/attach.js';
import type { Link } from './link/link.js';
import type { KernelMap } from './map.js';

export interface KernelProgramInit {
  name: string;
  section: string;
  fd: number;
  progType: number;
  expectedAttachType: number;
  attachBtfId?: number;
  attachBtfObjFd?: number;
  spec?: ProgramSpec;
  /** the verifier log of a successful load at the log level asked for ('' by default) */
  log?: string;
  /** the maps of the object the program was loaded from */
  objectMaps?: ReadonlyMap<string, KernelMap>;
}

export class KernelProgram implements Disposable {
  readonly name: string;
  /** the SEC() name (decides how it attaches) */
  readonly section: string;
  /** the program's fd (-1 after close) */
  fd: number;
  /** BPF_PROG_TYPE_* */
  readonly progType: number;
  /** BPF_* attach type given to BPF_PROG_LOAD */
  readonly expectedAttachType: number;
  /** the kernel BTF type the program attaches to (tracing/lsm/iter programs) */
  readonly attachBtfId?: number;
  /** the module BTF fd attachBtfId is in (absent: vmlinux) */
  readonly attachBtfObjFd?: number;
  /** the program as parsed from the object (undefined for programs opened by pin or id) */
  readonly spec?: ProgramSpec;
  readonly log: string;
  /** the maps of the object the program was loaded from (usdt programs write their arg specs there) */
  readonly objectMaps?: ReadonlyMap<string, KernelMap>;

  constructor(init: KernelProgramInit) {
    this.name = init.name;
    this.section = init.section;
    this.fd = init.fd;
    this.progType = init.progType;
    this.expectedAttachType = init.expectedAttachType;
    if (init.attachBtfId) this.attachBtfId = init.attachBtfId;
    if (init.attachBtfObjFd) this.attachBtfObjFd = init.attachBtfObjFd;
    if (init.spec) this.spec = init.spec;
    this.log = init.log ?? '';
    if (init.objectMaps) this.objectMaps = init.objectMaps;
  }

  /** an fd for the program pinned at `path` */
  static fromPin(path: string): KernelProgram {
    const fd = objGet(path);
    try {
      const i = progInfo(fd);
      return new KernelProgram({ name: i.name, section: '', fd, progType: i.type, expectedAttachType: 0 });
    } catch (e) {
      closeFd(fd);
      throw e;
    }
  }

  requireFd(): number {
    if (this.fd < 0) throw new BpfError('EBADF', `program '${this.name}' is closed`);
    return this.fd;
  }

  /** BPF_OBJ_GET_INFO_BY_FD: id, tag, type, jited/xlated sizes */
  info(): ProgInfo {
    return progInfo(this.requireFd());
  }

  /** the kernel's id for the program (bpftool prog show id N) */
  get id(): number {
    return this.info().id;
  }

  /** the instructions as the kernel runs them after verification (bpftool prog dump xlated) */
  xlated(): Uint8Array {
    return progXlated(this.requireFd());
  }

  /** BPF_PROG_TEST_RUN on data / a context */
  run(o: TestRunOptions = {}): TestRunResult {
    return progTestRun(this.requireFd(), o);
  }

  /**
   * Attach where the section says (libbpf's auto-attach): `using link = prog.attach()`;
   * `opts` supplies what the section cannot (iface, cgroup, socket, a uprobe target, ...).
   */
  attach(opts: AttachOptions = {}): Link {
    this.requireFd();
    return attachProgram(this, opts);
  }

  /** pin at a bpffs path (BPF_OBJ_PIN): the program stays loaded after this process ends */
  pin(path: string): void {
    objPin(this.requireFd(), path);
  }

  /** close the fd: the kernel unloads the program when nothing else (pin, link, prog array) holds it */
  close(): void {
    if (this.fd >= 0) closeFd(this.fd);
    this.fd = -1;
    if (this.attachBtfObjFd) closeFd(this.attachBtfObjFd);
    (this as { attachBtfObjFd?: number }).attachBtfObjFd = undefined;
  }

  [Symbol.dispose](): void {
    this.close();
  }
}

/** what is missing, in a sentence, when the kernel refuses a load for want of a feature or a privilege */
function hint(errno: string, progType: number, attach: number): string {
  const trampoline = [AttachType.TRACE_FENTRY, AttachType.TRACE_FEXIT, AttachType.MODIFY_RETURN].includes(attach as never);
  const root = (globalThis as { process?: { getuid?: () => number } }).process?.getuid?.() === 0;
  if (trampoline && (root || errno !== 'EPERM') && ['EPERM', 'ENOTSUPP', 'EOPNOTSUPP', 'EINVAL'].includes(errno)) {
    return `fentry/fexit/fmod_ret programs need BPF trampolines, which this kernel refuses (${errno}; CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS and a JIT with trampoline support are needed)`;
  }
  if (errno === 'EPERM' && root) return 'the kernel refused it although this process is root: a security policy (lockdown, an LSM) or a feature this kernel lacks for this program type';
  if (errno === 'EPERM') {
    const net = [ProgType.XDP, ProgType.SCHED_CLS, ProgType.SCHED_ACT, ProgType.CGROUP_SKB, ProgType.SK_SKB, ProgType.SK_MSG].includes(progType as never);
    return `loading it needs root or CAP_BPF${net ? ' and CAP_NET_ADMIN' : ' and CAP_PERFMON'}, and kernel.unprivileged_bpf_disabled lets no one else`;
  }
  if (attach === AttachType.LSM_MAC || attach === AttachType.LSM_CGROUP) {
    if (['EPERM', 'ENOTSUPP', 'EOPNOTSUPP', 'EINVAL', 'ENOENT'].includes(errno)) return 'lsm programs need CONFIG_BPF_LSM and "bpf" in the lsm= boot list (/sys/kernel/security/lsm), and BPF trampolines';
  }
  return '';
}

/** BPF_PROG_LOAD refused a program: the kernel's log, and tsbpf's verifier on the same program */
export class ProgramLoadError extends KernelError {
  readonly program: string;
  readonly section: string;
  /** tsbpf's verifier on the same instructions: its message and plain-words explanation (undefined if it accepted) */
  readonly tsbpf?: { message: string; explanation?: string; insn?: number; line?: string };

  constructor(e: KernelError, p: { name: string; section: string; type: number; expectedAttachType: number }, tsbpf?: ProgramLoadError['tsbpf'], file?: string) {
    super(e.cmd, e.errnoNumber, e.log);
    this.name = 'ProgramLoadError';
    this.program = p.name;
    this.section = p.section;
    if (tsbpf) this.tsbpf = tsbpf;
    const lines = e.log.trim().split('\n');
    const tail = lines.slice(-12).join('\n');
    const why = hint(this.errno, p.type, p.expectedAttachType);
    let msg = `${this.errno}: the kernel refused program '${p.name}' (section ${p.section}${file ? `, ${file}` : ''})`;
    msg += why ? `: ${why}` : e.log ? `: ${lastLine(e.log)}` : '';
    if (e.log) msg += `\n--- kernel verifier log${lines.length > 12 ? ` (last 12 of ${lines.length} lines)` : ''} ---\n${tail}`;
    if (tsbpf) {
      msg += `\n--- tsbpf's verifier ---\n${tsbpf.message}${tsbpf.insn !== undefined ? ` (insn ${tsbpf.insn}${tsbpf.line ? `, ${tsbpf.line}` : ''})` : ''}`;
      if (tsbpf.explanation && tsbpf.explanation !== tsbpf.message) msg += `\n${tsbpf.explanation}`;
    } else if (e.log) msg += `\n--- tsbpf's verifier accepts this program: the difference is in the kernel's rules or its features ---`;
    this.message = msg;
  }
}

function lastLine(log: string): string {
  const lines = log.split('\n').map((l) => l.trim()).filter((l) => l && !/^(processed |verification time|stack depth|mark_read|max_states)/.test(l));
  return lines[lines.length - 1] ?? '';
}
