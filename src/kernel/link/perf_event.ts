/**
 * Perf events as attach points: tracepoints (PERF_TYPE_TRACEPOINT with the id from tracefs),
 * kprobes and uprobes (the dynamic PMUs under /sys/bus/event_source/devices/{kprobe,uprobe}, as
 * libbpf's perf_event_open_probe), and sampling events (PERF_TYPE_SOFTWARE / HARDWARE at a
 * frequency or period, one per CPU). The program goes onto the event with BPF_LINK_CREATE
 * (attach type BPF_PERF_EVENT, kernels since 5.15) or, before that, PERF_EVENT_IOC_SET_BPF —
 * libbpf's bpf_program__attach_perf_event_opts does the same.
 */
import { nodeFs } from '../system.js';
import { pmuType, tracefsRoot } from '../tracefs.js';
export { pmuType, tracefsRoot };
import { BpfError } from '../../isa/errors.js';
import { AttachType } from '../../isa/bpf_types.js';
import { Link, type LinkTarget } from './link.js';
import { closeQuiet, ioctl, linkCreate, nativeBytes } from './sys.js';
import { perfEventOpen, onlineCpus } from '../perf_buffer.js';
export { onlineCpus };

/** include/uapi/linux/perf_event.h */
export const PERF_TYPE_HARDWARE = 0;
export const PERF_TYPE_SOFTWARE = 1;
export const PERF_TYPE_TRACEPOINT = 2;
export const PERF_COUNT_HW_CPU_CYCLES = 0;
export const PERF_COUNT_SW_CPU_CLOCK = 0;
export const PERF_COUNT_SW_TASK_CLOCK = 1;
export const PERF_FLAG_FD_CLOEXEC = 1 << 3;
/** _IO('$', 0), _IO('$', 1), _IOW('$', 8, __u32) */
export const PERF_EVENT_IOC_ENABLE = 0x2400;
export const PERF_EVENT_IOC_DISABLE = 0x2401;
export const PERF_EVENT_IOC_SET_BPF = 0x40042408;
/** the id of tracepoint CATEGORY:NAME (tracefs events/CATEGORY/NAME/id) */
export function tracepointId(category: string, name: string): number {
  const path = `${tracefsRoot()}/events/${category}/${name}/id`;
  let text: string;
  try {
    text = nodeFs().readFileSync(path, 'utf8');
  } catch {
    throw new BpfError('ENOENT', `tracepoint ${category}:${name} does not exist (no ${path}); \`tsbpf list 'tracepoint:${category}:*'\` lists that category`);
  }
  return Number(text.trim());
}

/** where the uprobe PMU takes ref_ctr_offset in attr.config (kernel/trace/trace_uprobe.c, libbpf PERF_UPROBE_REF_CTR_OFFSET_SHIFT) */
const PERF_UPROBE_REF_CTR_OFFSET_SHIFT = 32n;

/** whether the uprobe PMU takes a semaphore offset (sysfs format/ref_ctr_offset, as libbpf's usdt_manager_new probes) */
export function uprobeRefCtrSupported(): boolean {
  return nodeFs().existsSync('/sys/bus/event_source/devices/uprobe/format/ref_ctr_offset');
}

/** the config bit the PMU's `retprobe` format names ("config:0") */
function retprobeBit(pmu: 'kprobe' | 'uprobe'): bigint {
  try {
    const m = /config:(\d+)/.exec(nodeFs().readFileSync(`/sys/bus/event_source/devices/${pmu}/format/retprobe`, 'utf8'));
    return m ? 1n << BigInt(m[1]) : 1n;
  } catch {
    return 1n;
  }
}

/** bit 10 of the flags word: sample_freq instead of sample_period */
const ATTR_FLAG_FREQ = 1n << 10n;

export interface PerfAttr {
  type: number;
  config: bigint;
  /** sample_period, or sample_freq when `freq` */
  sample?: bigint;
  freq?: boolean;
  /** kprobe_func / uprobe_path (a native string pointer) and kprobe_addr / probe_offset */
  config1?: bigint;
  config2?: bigint;
}

/** perf_event_open (kernel/perf_buffer.ts); `what` names the probe or event for the error */
export function openPerfEvent(a: PerfAttr, pid: number, cpu: number, what: string): number {
  try {
    return perfEventOpen({ type: a.type, config: a.config, samplePeriod: a.sample ?? 0n, flags: a.freq ? ATTR_FLAG_FREQ : 0n, config1: a.config1 ?? 0n, config2: a.config2 ?? 0n }, pid, cpu);
  } catch (e) {
    if (e instanceof BpfError) throw new BpfError(e.errno, `${what}: perf_event_open failed: ${e.errno}`);
    throw e;
  }
}

let perfLinkUnsupported = false;

/**
 * Put the program on a perf event: BPF_LINK_CREATE(BPF_PERF_EVENT) where the kernel has it
 * (a pinnable bpf_link), else PERF_EVENT_IOC_SET_BPF; then PERF_EVENT_IOC_ENABLE. The Link owns
 * the event fd: closing it detaches the program and destroys the event.
 */
export function attachPerfEvent(progFd: number, pfd: number, target: LinkTarget, cookie = 0n): Link {
  try {
    if (!perfLinkUnsupported) {
      try {
        const lfd = linkCreate({ progFd, target: pfd, attachType: AttachType.PERF_EVENT, extra: (a) => a.u64(16, cookie) });
        ioctl(pfd, PERF_EVENT_IOC_ENABLE, 0, target.target);
        return new Link(lfd, target, [pfd]);
      } catch (e) {
        // EINVAL: a kernel before 5.15 knows no perf_event links; fall back as libbpf does
        if (!(e instanceof BpfError) || e.errno !== 'EINVAL' || cookie) throw e;
        perfLinkUnsupported = true;
      }
    }
    ioctl(pfd, PERF_EVENT_IOC_SET_BPF, progFd, target.target);
    ioctl(pfd, PERF_EVENT_IOC_ENABLE, 0, target.target);
    return new Link(-1, target, [pfd], () => ioctl(pfd, PERF_EVENT_IOC_DISABLE, 0, target.target));
  } catch (e) {
    closeQuiet(pfd);
    throw e;
  }
}

/** a tracepoint event (all CPUs: the program runs before perf's per-CPU filtering) */
export function openTracepoint(category: string, name: string): number {
  const id = tracepointId(category, name);
  return openPerfEvent({ type: PERF_TYPE_TRACEPOINT, config: BigInt(id) }, -1, 0, `tracepoint ${category}:${name}`);
}

export interface ProbeSpec {
  /** the probe as libbpf names it, for errors ("kprobe/do_sys_open") */
  name: string;
  retprobe: boolean;
  /** kprobe: function name; uprobe: binary path */
  target: string;
  /** kprobe: offset in the function; uprobe: file offset of the instruction */
  offset: bigint;
  /** uprobe: only this process (-1: every process) */
  pid?: number;
  /**
   * uprobe: the file offset of a USDT semaphore the kernel increments while the probe is attached
   * (uprobe_register_refctr; the PMU's `ref_ctr_offset` format, config:32-63, Linux 4.20+)
   */
  refCtrOffset?: number;
}

/**
 * A kprobe or uprobe event on the dynamic PMU (perf_event_open_probe in libbpf.c):
 * config1 = function name or binary path, config2 = offset, the retprobe bit in config.
 */
export function openProbe(kind: 'kprobe' | 'uprobe', p: ProbeSpec): number {
  const type = pmuType(kind);
  if (type === undefined) {
    throw new BpfError('ENOTSUPP', kind === 'kprobe'
      ? `${p.name}: this kernel has no kprobe PMU (/sys/bus/event_source/devices/kprobe is missing: CONFIG_KPROBES is off)`
      : `${p.name}: this kernel has no uprobe PMU (/sys/bus/event_source/devices/uprobe is missing: CONFIG_UPROBE_EVENTS is off)`);
  }
  const str = nativeBytes(p.target);
  try {
    const pid = p.pid ?? -1;
    return openPerfEvent(
      { type, config: (p.retprobe ? retprobeBit(kind) : 0n) | (BigInt(p.refCtrOffset ?? 0) << PERF_UPROBE_REF_CTR_OFFSET_SHIFT), config1: str.addr, config2: p.offset },
      pid,
      pid === -1 ? 0 : -1,
      p.name,
    );
  } catch (e) {
    if (e instanceof BpfError && e.errno === 'ENOENT' && kind === 'kprobe') {
      throw new BpfError('ENOENT', `${p.name}: the kernel has no function ${p.target} to probe (not in /proc/kallsyms, or inlined)`);
    }
    throw e;
  } finally {
    str.free();
  }
}
