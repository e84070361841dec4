/**
 * What the running kernel supports, probed as bpftool's `feature probe` does through libbpf's
 * libbpf_probe_bpf_prog_type / _map_type / _helper (tools/lib/bpf/libbpf_probes.c): load a
 * two-instruction program of each type, create a minimal map of each type, load a program of
 * each type calling each helper and read the verifier's answer. Attach kinds are probed by the
 * presence of what they need (the kprobe/uprobe PMUs, tracefs, bpf_link kinds).
 */
import { nodeFs } from '../system.js';
import { BpfError } from '../../isa/errors.js';
import { AttachType, MapType, ProgType } from '../../isa/bpf_types.js';
import { HELPER_PROTOS } from '../../helpers/prototypes.js';
import { closeFd, mapCreate, progLoad } from '../../hooks/kernel/bpf.js';
import { mapTypeStr, progTypeStr } from './inspect.js';
import { pmuType } from './perf_event.js';
import { tracefsAvailable } from '../tracefs.js';
import { kernelConfig } from '../system.js';
import { Attr, bpfCmd } from './sys.js';

const RET0 = new Uint8Array([0xb7, 0, 0, 0, 0, 0, 0, 0, 0x95, 0, 0, 0, 0, 0, 0, 0]);

/** what libbpf sets for each type so that a trivial program of it can load */
function probeLoadOpts(type: number): { expectedAttachType?: number; progFlags?: number } {
  switch (type) {
    case ProgType.CGROUP_SOCK_ADDR: return { expectedAttachType: AttachType.CGROUP_INET4_CONNECT };
    case ProgType.CGROUP_SOCKOPT: return { expectedAttachType: AttachType.CGROUP_GETSOCKOPT };
    case ProgType.SK_LOOKUP: return { expectedAttachType: AttachType.SK_LOOKUP };
    case ProgType.LIRC_MODE2: return { expectedAttachType: AttachType.LIRC_MODE2 };
    case ProgType.NETFILTER: return { expectedAttachType: AttachType.NETFILTER };
    case ProgType.SYSCALL: return { progFlags: 1 << 4 /* BPF_F_SLEEPABLE */ };
    default: return {};
  }
}

/** the types whose programs need a BTF attach target: libbpf does not probe them by a plain load */
const NEEDS_BTF_TARGET = new Set<number>([ProgType.TRACING, ProgType.EXT, ProgType.LSM]);

/** load `insns` as a program of `type`: undefined if loaded, else the errno and the verifier log */
function tryLoad(type: number, insns: Uint8Array, log = true): { errno: string; log: string } | undefined {
  try {
    const { fd } = progLoad({ progType: type, insns, license: 'GPL', logLevel: log ? 1 : 0, ...(log ? { logSize: 4096 } : {}), retryWithLog: false, ...probeLoadOpts(type) });
    closeFd(fd);
    return undefined;
  } catch (e) {
    if (e instanceof BpfError) return { errno: e.errno, log: (e as BpfError & { log?: string }).log ?? '' };
    throw e;
  }
}

export function probeProgType(type: number): boolean {
  if (NEEDS_BTF_TARGET.has(type)) return false;
  const r = tryLoad(type, RET0);
  // struct_ops programs need a BTF id too: the kernel knowing the type answers ENOTSUPP (libbpf's exp_err)
  if (type === ProgType.STRUCT_OPS) return r?.errno === 'ENOTSUPP';
  return r === undefined;
}

/** libbpf_probe_bpf_map_type's minimal attributes per type */
export function probeMapType(type: number): boolean {
  let keySize = 4, valueSize = 4, maxEntries = 1, mapFlags = 0, innerMapFd: number | undefined;
  let expect: string | undefined;
  switch (type) {
    case MapType.STACK_TRACE: valueSize = 8; break;
    case MapType.LPM_TRIE: keySize = 8; valueSize = 8; mapFlags = 1; break;
    case MapType.CGROUP_STORAGE: case MapType.PERCPU_CGROUP_STORAGE: keySize = 8; maxEntries = 0; break;
    case MapType.QUEUE: case MapType.STACK: case MapType.BLOOM_FILTER: keySize = 0; break;
    case MapType.RINGBUF: case MapType.USER_RINGBUF: keySize = 0; valueSize = 0; maxEntries = 4096; break;
    case MapType.STRUCT_OPS:
      // btf_vmlinux_value_type_id 1 is no struct_ops type: a kernel with struct_ops maps says ENOTSUPP
      try {
        closeFd(bpfCmd(0 /* BPF_MAP_CREATE */, new Attr(72).u32(0, type).u32(4, 4).u32(8, 4).u32(12, 1).u32(60, 1)).ret);
        return true;
      } catch (e) {
        return e instanceof BpfError && e.errno === 'ENOTSUPP';
      }
    // the storage maps need BTF for their value: without it the kernel says EINVAL when it knows the type
    case MapType.SK_STORAGE: case MapType.INODE_STORAGE: case MapType.TASK_STORAGE: case MapType.CGRP_STORAGE: mapFlags = 1; maxEntries = 0; expect = 'EINVAL'; break;
    case MapType.ARRAY_OF_MAPS: case MapType.HASH_OF_MAPS:
      innerMapFd = mapCreate({ mapType: MapType.ARRAY, keySize: 4, valueSize: 4, maxEntries: 1 });
      break;
    case MapType.ARENA: keySize = 0; valueSize = 0; mapFlags = 1 << 10; break;
  }
  try {
    const fd = mapCreate({ mapType: type, keySize, valueSize, maxEntries, mapFlags, ...(innerMapFd !== undefined ? { innerMapFd } : {}) });
    closeFd(fd);
    return expect === undefined;
  } catch (e) {
    if (!(e instanceof BpfError)) throw e;
    // an unknown map type is EINVAL too: tell them apart by a type number past the kernel's
    if (expect === 'EINVAL') return e.errno === 'EINVAL' && !probeMapTypeUnknown();
    return expect !== undefined && e.errno === expect;
  } finally {
    if (innerMapFd !== undefined) closeFd(innerMapFd);
  }
}

let unknownIsEinval: boolean | undefined;
/** whether this kernel answers EINVAL for a map type it does not know at all (then storage probes say nothing) */
function probeMapTypeUnknown(): boolean {
  if (unknownIsEinval !== undefined) return !unknownIsEinval;
  try {
    closeFd(mapCreate({ mapType: 4096, keySize: 4, valueSize: 4, maxEntries: 1 }));
    unknownIsEinval = false;
  } catch (e) {
    unknownIsEinval = e instanceof BpfError && e.errno === 'EINVAL';
  }
  return false;
}

/**
 * Whether a program of `type` may call helper `id` (libbpf_probe_bpf_helper): load `call id;
 * r0 = 0; exit` and read the log — "invalid func" / "unknown func" say the kernel has no such
 * helper, "cannot call" / "cannot use helper" / "not supported" say this type may not call it;
 * any other verdict (an argument check) means the call itself was accepted.
 */
export function probeHelper(type: number, id: number): boolean {
  const insns = new Uint8Array(24);
  insns.set([0x85, 0, 0, 0], 0);
  new DataView(insns.buffer).setInt32(4, id, true);
  insns.set(RET0, 8);
  const r = tryLoad(type, insns);
  if (!r) return true;
  return !/invalid func|unknown func|cannot call|cannot use helper|not supported|only read is supported|is not allowed/i.test(r.log);
}

export interface FeatureReport {
  syscall_config: { have_bpf_syscall: boolean };
  program_types: Record<string, boolean>;
  map_types: Record<string, boolean>;
  helpers: Record<string, string[]>;
  misc: Record<string, boolean>;
  attach_kinds: Record<string, boolean>;
}

/** every known program type, map type and (optionally) helper, probed against this kernel */
/** helpers whose probe writes to the kernel log: bpftool probes them only in `full` mode */
const NOISY_HELPERS = new Set(['bpf_trace_printk', 'bpf_trace_vprintk', 'bpf_probe_write_user']);

export function probeFeatures(o: { helpers?: boolean; full?: boolean } = {}): FeatureReport {
  const progTypes = Object.values(ProgType).filter((t) => t > 0);
  const mapTypes = Object.values(MapType).filter((t) => t > 0);
  const program_types: Record<string, boolean> = {};
  const have = new Map<number, boolean>();
  for (const t of progTypes) {
    const ok = probeProgType(t);
    have.set(t, ok);
    program_types[`have_${progTypeStr(t)}_prog_type`] = ok;
  }
  const map_types: Record<string, boolean> = {};
  for (const t of mapTypes) map_types[`have_${mapTypeStr(t)}_map_type`] = probeMapType(t);
  const helpers: Record<string, string[]> = {};
  if (o.helpers ?? true) {
    for (const t of progTypes) {
      const list: string[] = [];
      if (have.get(t) && !NEEDS_BTF_TARGET.has(t) && t !== ProgType.STRUCT_OPS) {
        for (const h of HELPER_PROTOS) if (h && (o.full || !NOISY_HELPERS.has(h.name)) && probeHelper(t, h.id)) list.push(h.name);
      }
      helpers[`${progTypeStr(t)}_available_helpers`] = list;
    }
  }
  return {
    syscall_config: { have_bpf_syscall: true },
    program_types,
    map_types,
    helpers,
    misc: probeMisc(),
    attach_kinds: probeAttachKinds(),
  };
}

/** libbpf's misc probes: the instruction limit, bounded loops, ISA v2/v3 jumps */
function probeMisc(): Record<string, boolean> {
  const loads = (insns: Uint8Array) => tryLoad(ProgType.SOCKET_FILTER, insns, false) === undefined;
  // 4097 instructions (> BPF_MAXINSNS): accepted since 5.2
  const big = new Uint8Array(4097 * 8);
  for (let i = 0; i < 4096; i++) big.set([0xb7, 0, 0, 0, 0, 0, 0, 0], i * 8);
  big.set([0x95], 4096 * 8);
  // r0 = 10; l: r0 -= 1; if r0 != 0 goto l; exit (a back-edge: bounded loops, 5.3)
  const loop = new Uint8Array([0xb7, 0, 0, 0, 10, 0, 0, 0, 0x17, 0, 0, 0, 1, 0, 0, 0, 0x55, 0, 0xfe, 0xff, 0, 0, 0, 0, 0x95, 0, 0, 0, 0, 0, 0, 0]);
  // r0 = 0; if r0 < 1 goto +0 (BPF_JLT, v2); exit
  const v2 = new Uint8Array([0xb7, 0, 0, 0, 0, 0, 0, 0, 0xa5, 0, 0, 0, 1, 0, 0, 0, 0x95, 0, 0, 0, 0, 0, 0, 0]);
  // r0 = 0; if w0 == 1 goto +0 (BPF_JMP32, v3); exit
  const v3 = new Uint8Array([0xb7, 0, 0, 0, 0, 0, 0, 0, 0x16, 0, 0, 0, 1, 0, 0, 0, 0x95, 0, 0, 0, 0, 0, 0, 0]);
  return { have_large_insn_limit: loads(big), have_bounded_loops: loads(loop), have_v2_isa_extension: loads(v2), have_v3_isa_extension: loads(v3) };
}

/** which attach kinds can work here, from what each needs of the kernel */
function probeAttachKinds(): Record<string, boolean> {
  const tracefs = tracefsAvailable().ok;
  const config = kernelConfig();
  return {
    tracepoint: tracefs,
    raw_tracepoint: true,
    kprobe: pmuType('kprobe') !== undefined,
    uprobe: pmuType('uprobe') !== undefined,
    kprobe_multi: config.CONFIG_FPROBE === 'y',
    perf_event: nodeFs().existsSync('/sys/bus/event_source/devices/software'),
    xdp: true,
    tcx: config.CONFIG_NET_XGRESS === 'y',
    netfilter: config.CONFIG_NETFILTER_BPF_LINK === 'y',
    cgroup: nodeFs().existsSync('/sys/fs/cgroup/cgroup.controllers') || nodeFs().existsSync('/sys/fs/cgroup/unified/cgroup.procs'),
    lsm: config.CONFIG_BPF_LSM === 'y' && (readText('/sys/kernel/security/lsm') ?? '').split(',').includes('bpf'),
  };
}

function readText(p: string): string | undefined {
  try {
    return nodeFs().readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
}
