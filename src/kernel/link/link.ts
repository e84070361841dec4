/**
 * A program attached to a hook: the `Link`. Most attachments are kernel bpf_link objects
 * (kernel/bpf/syscall.c bpf_link_prime): an fd whose release detaches the program, which can be
 * pinned to bpffs to outlive the process, and which BPF_OBJ_GET_INFO_BY_FD describes (struct
 * bpf_link_info). A few hooks have no link object — a socket filter (SO_ATTACH_BPF), a perf event
 * on a kernel without BPF_LINK_CREATE for perf events (PERF_EVENT_IOC_SET_BPF): their Link detaches
 * the same way on close but cannot be pinned. Every Link is Disposable, so
 * `using link = prog.attach()` detaches at the end of the scope; and since each holds only fds,
 * the kernel detaches whatever is left when the process exits.
 */
import { BpfError } from '../../isa/errors.js';
import { attachTypeName } from '../../isa/bpf_types.js';
import { BPF_LINK_TYPE, LINK_TYPE_NAMES, closeQuiet, fdById, linkDetach, nativeBytes, objGet, objInfoRaw, objPin } from './sys.js';
import type { NativeBuffer } from '../../hooks/kernel/ffi.js';

/** enum bpf_perf_event_type, as bpftool names them */
const PERF_EVENT_TYPES = ['unspec', 'uprobe', 'uretprobe', 'kprobe', 'kretprobe', 'tracepoint', 'event'] as const;

/** struct bpf_link_info, decoded per link type */
export interface LinkInfo {
  id: number;
  /** bpftool's name of enum bpf_link_type ('perf_event', 'xdp', 'tcx', ...) */
  type: string;
  progId: number;
  /** raw_tracepoint and perf_event tracepoint links */
  tpName?: string;
  /** tracing, cgroup, netns, tcx: bpftool's attach type name ('trace_fentry', 'cgroup_inet_ingress') */
  attachType?: string;
  targetObjId?: number;
  targetBtfId?: number;
  cgroupId?: bigint;
  netnsIno?: number;
  ifindex?: number;
  /** perf_event links: 'tracepoint' | 'uprobe' | 'uretprobe' | 'kprobe' | 'kretprobe' | 'event' */
  eventType?: string;
  /** perf_event uprobe: the binary; kprobe: the function */
  fileName?: string;
  funcName?: string;
  offset?: number;
  cookie?: bigint;
  /** perf_event 'event' links: perf type and config */
  perfType?: number;
  perfConfig?: bigint;
  /** netfilter */
  pf?: number;
  hooknum?: number;
  priority?: number;
  flags?: number;
}

/** the lowercase uapi name without BPF_, as libbpf_bpf_attach_type_str gives it */
export function attachTypeStr(t: number): string {
  return attachTypeName(t).replace(/^BPF_/, '').toLowerCase();
}

const INFO_SIZE = 96;
const NAME_BUF = 512;

/** BPF_OBJ_GET_INFO_BY_FD on a link fd: struct bpf_link_info (include/uapi/linux/bpf.h) */
export function linkInfo(fd: number): LinkInfo {
  // the name-bearing kinds need a buffer for the string; learn the type first, then ask again
  const first = objInfoRaw(fd, INFO_SIZE);
  const type = first.getUint32(0, true);
  let nameBuf: NativeBuffer | undefined;
  let dv = first;
  const isPerf = type === BPF_LINK_TYPE.PERF_EVENT;
  if (type === BPF_LINK_TYPE.RAW_TRACEPOINT || isPerf) {
    nameBuf = nativeBytes(new Uint8Array(NAME_BUF));
    const ptrOff = isPerf ? 24 : 16;
    dv = objInfoRaw(fd, INFO_SIZE, (d) => {
      d.setBigUint64(ptrOff, nameBuf!.addr, true);
      d.setUint32(ptrOff + 8, NAME_BUF, true);
    });
  }
  const nameAt = (): string => {
    const b = nameBuf!.bytes;
    const end = b.indexOf(0);
    return new TextDecoder().decode(b.subarray(0, end < 0 ? NAME_BUF : end));
  };
  const info: LinkInfo = { id: dv.getUint32(4, true), type: LINK_TYPE_NAMES[type] ?? `type(${type})`, progId: dv.getUint32(8, true) };
  const u32 = (o: number) => dv.getUint32(o, true);
  switch (type) {
    case BPF_LINK_TYPE.RAW_TRACEPOINT:
      info.tpName = nameAt();
      break;
    case BPF_LINK_TYPE.TRACING:
      info.attachType = attachTypeStr(u32(16));
      info.targetObjId = u32(20);
      info.targetBtfId = u32(24);
      break;
    case BPF_LINK_TYPE.CGROUP:
      info.cgroupId = dv.getBigUint64(16, true);
      info.attachType = attachTypeStr(u32(24));
      break;
    case BPF_LINK_TYPE.NETNS:
      info.netnsIno = u32(16);
      info.attachType = attachTypeStr(u32(20));
      break;
    case BPF_LINK_TYPE.XDP:
      info.ifindex = u32(16);
      break;
    case BPF_LINK_TYPE.TCX:
    case BPF_LINK_TYPE.NETKIT:
      info.ifindex = u32(16);
      info.attachType = attachTypeStr(u32(20));
      break;
    case BPF_LINK_TYPE.NETFILTER:
      info.pf = u32(16);
      info.hooknum = u32(20);
      info.priority = dv.getInt32(24, true);
      info.flags = u32(28);
      break;
    case BPF_LINK_TYPE.PERF_EVENT: {
      const et = u32(16);
      info.eventType = PERF_EVENT_TYPES[et] ?? `type(${et})`;
      if (et === 5) {
        info.tpName = nameAt();
        info.cookie = dv.getBigUint64(40, true);
      } else if (et === 1 || et === 2) {
        info.fileName = nameAt();
        info.offset = u32(36);
        info.cookie = dv.getBigUint64(40, true);
      } else if (et === 3 || et === 4) {
        info.funcName = nameAt();
        info.offset = u32(36);
        info.cookie = dv.getBigUint64(56, true);
      } else if (et === 6) {
        info.perfConfig = dv.getBigUint64(24, true);
        info.perfType = u32(32);
        info.cookie = dv.getBigUint64(40, true);
      }
      break;
    }
  }
  nameBuf?.free();
  return info;
}

/** what a Link is attached to, for messages and `attached` lists */
export interface LinkTarget {
  /** the program's name */
  program: string;
  /** 'tracepoint/syscalls/sys_enter_execve', 'xdp/veth0', 'uprobe//bin/bash:readline' ... */
  target: string;
}

export class Link implements Disposable {
  private closed = false;
  /**
   * @param fd the bpf_link fd, or -1 for attachments without a link object
   * @param extraFds fds the attachment holds besides the link (perf events, cgroup/netns fds)
   * @param detachFn how to detach an attachment without a link object (before its fds close)
   */
  constructor(
    readonly fd: number,
    readonly target: LinkTarget,
    private readonly extraFds: number[] = [],
    private readonly detachFn?: () => void,
  ) {}

  /** an fd-backed link from a bpffs pin (BPF_OBJ_GET) */
  static fromPin(path: string): Link {
    const fd = objGet(path);
    return new Link(fd, { program: '', target: path });
  }

  /** a link by its kernel id (BPF_LINK_GET_FD_BY_ID) */
  static fromId(id: number): Link {
    return new Link(fdById('link', id), { program: '', target: `link ${id}` });
  }

  /** the kernel's id of the link (0 for attachments without a link object) */
  get id(): number {
    return this.fd >= 0 ? linkInfo(this.fd).id : 0;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  info(): LinkInfo {
    this.live('read the info of');
    if (this.fd < 0) throw new BpfError('EOPNOTSUPP', `${this.describe()} is not a bpf_link (it was attached without one), so it has no link info`);
    return linkInfo(this.fd);
  }

  /** BPF_OBJ_PIN: the link stays attached, after this process exits, until the pin is removed */
  pin(path: string): void {
    this.live('pin');
    if (this.fd < 0) throw new BpfError('EOPNOTSUPP', `${this.describe()} cannot be pinned: it was attached without a bpf_link (socket filters, perf events on kernels before 5.15)`);
    objPin(this.fd, path);
  }

  /** BPF_LINK_DETACH: detach now even if other fds or pins hold the link (it becomes defunct) */
  detach(): void {
    this.live('detach');
    if (this.fd >= 0) linkDetach(this.fd);
    else this.close();
  }

  /** detach (unless pinned) and release the fds; safe to call twice */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.detachFn?.();
    } finally {
      if (this.fd >= 0) closeQuiet(this.fd);
      for (const fd of this.extraFds) closeQuiet(fd);
    }
  }

  [Symbol.dispose](): void {
    this.close();
  }

  describe(): string {
    return this.target.program ? `the link of ${this.target.program} to ${this.target.target}` : this.target.target;
  }

  private live(what: string): void {
    if (this.closed) throw new BpfError('EBADF', `cannot ${what} ${this.describe()}: it was closed`);
  }
}

/** several links acting as one (a perf_event program sampling on every CPU) */
export class MultiLink extends Link {
  constructor(
    target: LinkTarget,
    readonly links: Link[],
  ) {
    super(-1, target, [], () => {
      for (const l of links) l.close();
    });
  }
  override get id(): number {
    return this.links[0]?.id ?? 0;
  }
  override info(): LinkInfo {
    const l = this.links[0];
    if (!l) throw new BpfError('ENOENT', `${this.describe()} holds no links`);
    return l.info();
  }
  /** pins each link at PATH_<n> (one per CPU) */
  override pin(path: string): void {
    this.links.forEach((l, i) => l.pin(`${path}_${i}`));
  }
  override detach(): void {
    for (const l of this.links) l.detach();
  }
}
