/**
 * The running kernel behind `tsbpf trace`: maps and programs through bpf() (hooks/kernel/bpf.ts),
 * BEGIN/END through BPF_PROG_TEST_RUN of raw-tracepoint programs (bpf_prog_test_run_raw_tp runs
 * them on the calling CPU), map reads with BPF_MAP_GET_NEXT_KEY + LOOKUP (per-CPU values split
 * per possible CPU), and the symbol sources of the output: /proc/kallsyms for ksym and kstack,
 * /proc/PID/maps plus the ELF symbols of each mapped file for usym and ustack, /etc/passwd.
 */
import { close, readFileSync } from 'node:fs';
import os from 'node:os';
import { native } from '../../kernel/link/sys.js';
import { cgroupPaths } from './sysinfo.js';
import { strftime } from './output.js';
import {
  mapCreate, progLoad, progTestRun, mapGetNextKey, mapLookupElem, mapDeleteElem, mapUpdateElem, closeFd, possibleCpus, KernelError,
} from '../../hooks/kernel/bpf.js';
import { BpfError } from '../../isa/errors.js';
import type { Backend } from './run.js';
import type { Compiled, CompiledProbe } from './compile.js';
import { type MapDef, stackMapName } from './layout.js';
import type { MapEntry, Resolver } from './output.js';
import { userSymbols, symbolAt } from '../../kernel/elf_symbols.js';
import { ScriptError } from './errors.js';
import { attachProgram } from '../../kernel/link/attach.js';
import { moduleBtfFd, linuxVersionCode } from '../../kernel/system.js';
import { RingBufReader } from '../../kernel/ringbuf.js';
import { KernelMap } from '../../kernel/map.js';
import { AttachType, ProgType } from '../../isa/bpf_types.js';
import type { Link } from '../../kernel/link/link.js';
import type { Target } from './probes.js';

/** the libbpf section name and attach options that say where a target's program goes */
function attachSpec(t: Target, pid: number | undefined): { section: string; opts: Parameters<typeof attachProgram>[1] } {
  switch (t.kind) {
    case 'tracepoint': return { section: `tracepoint/${t.category}/${t.event}`, opts: {} };
    case 'rawtracepoint': return { section: `raw_tp/${t.func}`, opts: {} };
    case 'uprobe': case 'uretprobe':
      return { section: t.kind, opts: { target: `${t.path}:0x${t.offset!.toString(16)}`, ...(pid !== undefined ? { pid } : {}) } };
    case 'usdt':
      // one uprobe per site; the semaphore raised by the kernel (ref_ctr_offset) while attached
      return { section: 'uprobe', opts: { target: `${t.path}:0x${t.offset!.toString(16)}`, ...(t.usdt?.semaOffset ? { refCtrOffset: t.usdt.semaOffset } : {}), ...(pid !== undefined ? { pid } : {}) } };
    case 'kprobe': case 'kretprobe': return { section: `${t.kind}/${t.func}`, opts: {} };
    case 'kfunc': return { section: `fentry/${t.func}`, opts: {} };
    case 'kretfunc': return { section: `fexit/${t.func}`, opts: {} };
    default:
      return {
        section: 'perf_event',
        opts: { perfType: t.perfType, perfConfig: BigInt(t.perfConfig ?? 0), ...(t.freq ? { frequency: t.freq } : { period: t.period }), ...(t.oneCpu ? { cpus: [0] } : {}) },
      };
  }
}

let kallsyms: { byName: Map<string, bigint>; sorted: Array<[bigint, string]> } | undefined;
function loadKallsyms(): NonNullable<typeof kallsyms> {
  if (kallsyms) return kallsyms;
  const byName = new Map<string, bigint>();
  const sorted: Array<[bigint, string]> = [];
  let text = '';
  try {
    text = readFileSync('/proc/kallsyms', 'utf8');
  } catch {
    /* no symbols: addresses print in hex */
  }
  for (const line of text.split('\n')) {
    const [a, t, name] = line.split(/\s+/);
    if (!name || !t || !/^[tTwW]$/.test(t) && !/^[dDbBrR]$/.test(t)) continue;
    const addr = BigInt('0x' + a);
    if (!byName.has(name)) byName.set(name, addr);
    if (addr) sorted.push([addr, name]);
  }
  sorted.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  kallsyms = { byName, sorted };
  return kallsyms;
}

/** kernel symbol addresses by name (kaddr()) */
export function kallsymsByName(): Map<string, bigint> {
  return loadKallsyms().byName;
}

export function ksym(addr: bigint, withOffset: boolean): string {
  const s = loadKallsyms().sorted;
  let lo = 0;
  let hi = s.length - 1;
  let best = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (s[mid]![0] <= addr) {
      best = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (best < 0) return '0x' + addr.toString(16);
  const [base, name] = s[best]!;
  return withOffset && addr !== base ? `${name}+${addr - base}` : name;
}

/** address → its symbol (and offset into it) and the file mapped there, in a process */
function usymParts(addr: bigint, pid: number): { name?: string; off: number; module?: string } {
  let maps = '';
  try {
    maps = readFileSync(`/proc/${pid}/maps`, 'utf8');
  } catch {
    return { off: 0 };
  }
  for (const line of maps.split('\n')) {
    const m = line.match(/^([0-9a-f]+)-([0-9a-f]+)\s+\S+\s+([0-9a-f]+)\s+\S+\s+\d+\s+(\/.*)$/);
    if (!m) continue;
    const start = BigInt('0x' + m[1]);
    const end = BigInt('0x' + m[2]);
    if (addr < start || addr >= end) continue;
    try {
      const fileOff = Number(addr - start + BigInt('0x' + m[3]));
      const syms = userSymbols(m[4]!);
      const hit = syms.find((s) => fileOff >= s.fileOffset && fileOff < s.fileOffset + Math.max(1, s.size));
      if (hit) return { name: hit.name, off: fileOff - hit.fileOffset, module: m[4]! };
      const near = symbolAt(syms, Number(addr - start));
      if (near) return { name: near.sym.name, off: 0, module: m[4]! };
    } catch {
      /* unreadable file: fall through to the address */
    }
    return { off: 0, module: m[4]! };
  }
  return { off: 0 };
}

/** address → `symbol+off` in a process, through its mappings and the mapped files' symbols */
export function usym(addr: bigint, pid: number, withOffset: boolean): string {
  const p = usymParts(addr, pid);
  if (!p.name) return '0x' + addr.toString(16);
  return withOffset && p.off ? `${p.name}+${p.off}` : p.name;
}

/** a user frame as ustack(perf) prints it (bpftrace 0.17): `symbol+off (module)`, `0xADDR ([unknown])` */
function usymPerf(addr: bigint, pid: number): string {
  const p = usymParts(addr, pid);
  return p.name ? `${p.name}+${p.off} (${p.module})` : `0x${addr.toString(16)} ([unknown])`;
}

/** a kernel frame as kstack(perf) prints it */
function ksymPerf(addr: bigint): string {
  return ksym(addr, true);
}

function username(uid: number): string {
  try {
    for (const line of readFileSync('/etc/passwd', 'utf8').split('\n')) {
      const f = line.split(':');
      if (Number(f[2]) === uid) return f[0]!;
    }
  } catch {
    /* no passwd */
  }
  return String(uid);
}

/** strerror(3) from the C library, so the text is the one bpftrace prints */
let strerrorFn: ((n: number) => string) | undefined;
export function strerror(n: number): string {
  strerrorFn ??= native().libc.func('const char *strerror(int errnum)') as (n: number) => string;
  return strerrorFn(n);
}

/**
 * CLOCK_REALTIME - CLOCK_BOOTTIME in ns: what bpftrace 0.17 adds to a strftime() timestamp
 * (its get_boottime), so `nsecs` since boot becomes wall-clock time
 */
function realtimeMinusBoottime(): bigint {
  const ns = (clock: number): bigint => {
    const b = native().alloc(16);
    try {
      (native().libc.func('int clock_gettime(int clock, uintptr_t ts)') as (c: number, p: bigint) => number)(clock, b.addr);
      const dv = new DataView(b.bytes.buffer, b.bytes.byteOffset, 16);
      return dv.getBigInt64(0, true) * 1000000000n + dv.getBigInt64(8, true);
    } finally {
      b.free();
    }
  };
  // CLOCK_REALTIME 0, CLOCK_BOOTTIME 7 (include/uapi/linux/time.h)
  return ns(0) - ns(7);
}

/**
 * The sentence for a kfunc/kretfunc program the kernel would not load: fentry/fexit need a BPF
 * trampoline (CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS on x86, kernel/bpf/trampoline.c) and the
 * kernel's BTF; without them BPF_PROG_LOAD fails in bpf_check_attach_target or the trampoline
 * setup, and bpftrace reports "kfunc/kretfunc not available for your kernel version".
 */
function kfuncRefused(p: CompiledProbe, e: KernelError): ScriptError {
  const log = e.log.split('\n').filter((l) => l.trim()).slice(-1)[0];
  const errno = e.errno as string;
  const why = errno === 'ENOTSUPP' || errno === 'EOPNOTSUPP' || e.errnoNumber === 524
    ? 'this kernel cannot attach fentry/fexit programs (no BPF trampoline: CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS or CONFIG_FUNCTION_TRACER is off)'
    : errno === 'EPERM' && process.getuid?.() === 0
      ? `this kernel refuses ${p.target.kind === 'kfunc' ? 'fentry' : 'fexit'} programs even to root (a security policy, or no BPF trampoline on this architecture)`
      : `the kernel refused the ${p.target.kind === 'kfunc' ? 'fentry' : 'fexit'} program`;
  return new ScriptError(`${p.target.name}: kfunc/kretfunc not available: ${why} (BPF_PROG_LOAD: ${errno}${log ? `, ${log}` : ''})`, p.loc, e.errno);
}

const PROG_TYPE: Record<CompiledProbe['progType'], 'TRACEPOINT' | 'KPROBE' | 'PERF_EVENT' | 'RAW_TRACEPOINT' | 'TRACING'> = {
  TRACEPOINT: 'TRACEPOINT', KPROBE: 'KPROBE', PERF_EVENT: 'PERF_EVENT', RAW_TRACEPOINT: 'RAW_TRACEPOINT', TRACING: 'TRACING',
};

/** include/uapi/linux/bpf.h */
const BPF_F_NO_PREALLOC = 1;

/**
 * map_flags of a script's map on a kernel of LINUX_VERSION_CODE `version`: BPF_F_NO_PREALLOC for
 * hash maps from Linux 6.1 on. Since 6.1 hash maps allocate their elements through bpf_mem_alloc
 * (kernel/bpf/memalloc.c, the "any context" allocator: safe in NMI, kprobe and tracepoint context)
 * and the verifier no longer warns about, or refuses for perf_event programs, run-time allocation
 * in tracing programs (check_map_prog_compatibility; it did before 6.1, where maps stay
 * preallocated). A preallocated PERCPU_HASH of BPFTRACE_MAP_KEYS_MAX (4096) entries is 4096 x
 * possible-CPUs values allocated at each start and freed at each exit — ~2.4-3.8 ms of kernel CPU
 * per map here, before any probe is attached, for maps that mostly hold a few keys (bpftrace 0.17
 * preallocates). A full map still refuses a new key with E2BIG (htab_map_update_elem), which -k
 * reports the same way.
 */
export function mapFlagsFor(def: Pick<MapDef, 'mapType'>, version: number): number {
  return (def.mapType === 'HASH' || def.mapType === 'PERCPU_HASH') && version >= (6 << 16) + (1 << 8) ? BPF_F_NO_PREALLOC : 0;
}

/**
 * The event ring buffer's size: the power of two that holds as much as bpftrace 0.17's perf
 * buffers (64 pages per possible CPU, BPFTRACE_PERF_RB_PAGES), at least 1 MiB. The kernel
 * allocates and maps all of it when the map is created (kernel/bpf/ringbuf.c
 * bpf_ringbuf_area_alloc): 4 MiB cost ~1.2 ms of CPU here, 1 MiB ~0.3 ms.
 */
export function ringBufSize(ncpu: number): number {
  let size = 1 << 20;
  while (size < ncpu * 64 * 4096 && size < 1 << 30) size *= 2;
  return size;
}

/** uprobes (uprobe, uretprobe, usdt sites): what attaches them through a uprobe_multi link */
const isUprobe = (t: Target): boolean => t.kind === 'uprobe' || t.kind === 'uretprobe' || t.kind === 'usdt';

export function kernelBackend(): Backend {
  const ncpu = possibleCpus();
  const version = linuxVersionCode();
  /**
   * Uprobes attach through BPF_TRACE_UPROBE_MULTI links (one offset each) from Linux 6.6, as
   * libbpf's uprobe.multi does (bpftrace >= 0.19 for wildcards), not a perf_event each: a uprobe perf
   * event's close holds event_mutex through uprobe_unregister_sync's RCU grace periods
   * (kernel/trace/trace_event_perf.c perf_uprobe_destroy, trace_uprobe.c __probe_event_disable),
   * and each uprobe perf_event_open waits for that mutex — 0.2-0.5 s per probe here while another
   * tracer detached its uprobes, 1.2 s to detach sslsnoop.bt's ten. The program must be loaded
   * with that expected attach type (the kernel attaches it through no other link), so a kernel
   * that refuses the link gets the program again, loaded for a perf_event, and no more tries.
   */
  let uprobeMulti = version >= (6 << 16) + (6 << 8);
  /** programs loaded for a uprobe_multi link, with what reloads them for a perf_event */
  const multiLoaded = new Map<number, () => number>();
  const valueBytes = (def: MapDef): number => (def.mapType === 'PERCPU_HASH' || def.mapType === 'PERCPU_ARRAY' ? ((def.valueSize + 7) & ~7) * ncpu : def.valueSize);
  return {
    createMap(def) {
      try {
        return mapCreate({
          mapType: def.mapType, keySize: def.keySize, valueSize: def.valueSize, maxEntries: def.mapType === 'RINGBUF' ? ringBufSize(ncpu) : def.maxEntries,
          mapFlags: mapFlagsFor(def, version), mapName: def.name.replace(/[^A-Za-z0-9_.]/g, '_').slice(0, 15) || 'AT_',
        });
      } catch (e) {
        if (e instanceof KernelError && e.errno === 'EPERM') throw new BpfError('EPERM', 'bpf(BPF_MAP_CREATE) is not permitted: tsbpf trace needs root (CAP_BPF and CAP_PERFMON)');
        throw e;
      }
    },
    loadProgram(p, insns) {
      try {
        const tracing = p.attachBtfId ? { attachBtfId: p.attachBtfId, expectedAttachType: p.expectedAttachType } : {};
        // kfunc:MODULE:F: attachBtfId is an id of the module's split BTF, named by its BTF object's fd
        if (p.attachBtfModule) {
          const objFd = moduleBtfFd(p.attachBtfModule);
          try {
            return progLoad({ progType: PROG_TYPE[p.progType], insns, license: 'GPL', progName: 'bpftrace', retryWithLog: true, ...tracing, attachBtfObjFd: objFd }).fd;
          } finally {
            closeFd(objFd);
          }
        }
        const load = (multi: boolean): number => progLoad({
          progType: PROG_TYPE[p.progType], insns, license: 'GPL', progName: p.target.kind === 'BEGIN' || p.target.kind === 'END' ? p.target.kind : 'bpftrace', retryWithLog: true,
          ...tracing, ...(multi ? { expectedAttachType: AttachType.TRACE_UPROBE_MULTI } : {}),
        }).fd;
        if (!uprobeMulti || !isUprobe(p.target)) return load(false);
        const fd = load(true);
        multiLoaded.set(fd, () => load(false));
        return fd;
      } catch (e) {
        if (e instanceof KernelError && p.attachBtfId) throw kfuncRefused(p, e);
        if (e instanceof KernelError) {
          const line = e.log.split('\n').filter((l) => l.trim() && !/^(processed|verification time|stack depth)/.test(l)).slice(-2).join('\n');
          // the kernel's log names the refused instruction: its script span, when it has one
          const insn = [...e.log.matchAll(/^(\d+): \(/gm)].pop();
          const loc = (insn ? p.slotLocs[Number(insn[1])] : undefined) ?? p.loc;
          throw new ScriptError(`the kernel's verifier refused ${p.target.name} (${e.errno})${line ? `:\n${line}` : ''}`, loc, e.errno);
        }
        throw e;
      }
    },
    async explainRefusal(c, p, err) {
      const { verifyProbe } = await import('./verify_programs.js');
      try {
        // an explanation, not a second verdict: a budget that keeps a runaway loop from taking a minute
        verifyProbe(c, p, 200_000);
      } catch (ours) {
        if (ours instanceof ScriptError && err instanceof ScriptError) return new ScriptError(`${ours.detail}\n(the kernel refused it too: ${err.detail.split('\n').slice(1).join(' ') || err.errno})`, ours.loc, err.errno);
        return ours;
      }
      return err;
    },
    attach(p, progFd, opts) {
      const { section, opts: ao } = attachSpec(p.target, opts.pid);
      const attachAs = (fd: number, multi: boolean): Link => attachProgram({ fd, name: p.target.name, section, progType: ProgType[p.progType], expectedAttachType: multi ? AttachType.TRACE_UPROBE_MULTI : 0 }, ao);
      try {
        const reload = multiLoaded.get(progFd);
        if (reload && uprobeMulti) {
          try {
            const link = attachAs(progFd, true);
            // closed on libuv's thread pool, several at once: each close waits for
            // uprobe_unregister_sync's grace periods (kernel/trace/bpf_trace.c
            // bpf_uprobe_multi_link_release), and overlapping waits share them
            return Object.assign(() => link.close(), { concurrent: () => new Promise<void>((res) => close(link.fd, () => res())) });
          } catch (e) {
            // a kernel without the link (CONFIG_UPROBES off answers EOPNOTSUPP; a backport, EINVAL)
            if (!(e instanceof BpfError) || !['EINVAL', 'EOPNOTSUPP', 'ENOTSUPP'].includes(e.errno)) throw e;
            uprobeMulti = false;
          }
        }
        if (reload) {
          const fd = reload();
          try {
            const link = attachAs(fd, false);
            return () => {
              link.close();
              closeFd(fd);
            };
          } catch (e) {
            closeFd(fd);
            throw e;
          }
        }
        const link = attachAs(progFd, false);
        return () => link.close();
      } catch (e) {
        if (e instanceof BpfError) throw new ScriptError(`Error attaching probe: '${p.target.name}': ${e.message}`, p.loc, e.errno);
        throw e;
      }
    },
    runOnce(progFd) {
      // bpf_prog_test_run_raw_tp refuses data, ctx_out and repeat (net/bpf/test_run.c)
      progTestRun(progFd, { ctxIn: new Uint8Array(8), ctxSizeOut: 0, repeat: 0 });
    },
    openRing(fd) {
      const reader = new RingBufReader(KernelMap.fromFd(fd, 'events'), { decode: (r) => r });
      return {
        poll(ms, cb) {
          const recs = reader.poll(ms) as Uint8Array[];
          for (const r of recs) cb(r);
          return recs.length;
        },
        close: () => reader.close(),
      };
    },
    readMap(def, fd) {
      const out: MapEntry[] = [];
      const vb = valueBytes(def);
      const stride = (def.valueSize + 7) & ~7;
      const percpu = def.mapType === 'PERCPU_HASH' || def.mapType === 'PERCPU_ARRAY';
      let key: Uint8Array | null = null;
      for (let n = 0; n < def.maxEntries + 1; n++) {
        let next: Uint8Array;
        try {
          next = mapGetNextKey(fd, key, def.keySize);
        } catch (e) {
          if (e instanceof KernelError && e.errno === 'ENOENT') break;
          throw e;
        }
        key = next;
        let v: Uint8Array;
        try {
          v = mapLookupElem(fd, next, vb);
        } catch {
          continue;
        }
        const values = percpu ? Array.from({ length: ncpu }, (_, i) => v.subarray(i * stride, i * stride + def.valueSize)) : [v];
        out.push({ key: next, values });
      }
      return out;
    },
    clearMap(def, fd, zero) {
      const keys = this.readMap(def, fd).map((e) => e.key);
      for (const k of keys) {
        if (zero) mapUpdateElem(fd, k, new Uint8Array(valueBytes(def)));
        else {
          try {
            mapDeleteElem(fd, k);
          } catch {
            /* already gone */
          }
        }
      }
    },
    closeFd(fd) {
      try {
        closeFd(fd);
      } catch {
        /* closed already */
      }
    },
    readFile: (path) => {
      try {
        return readFileSync(path);
      } catch (e) {
        throw new Error(strerror(os.constants.errno[(e as { code?: string }).code as keyof typeof os.constants.errno] ?? 0));
      }
    },
    runCommand: (cmd) => {
      // bpftrace runs it with popen(3): /bin/sh -c, output collected, exit status ignored
      // node:child_process is loaded here, on first use, not at start-up (docs/trace.md, Start-up)
      const cp = (process as unknown as { getBuiltinModule(id: string): typeof import('node:child_process') }).getBuiltinModule('node:child_process');
      const r = cp.spawnSync('/bin/sh', ['-c', cmd], { encoding: 'latin1', stdio: ['ignore', 'pipe', 'inherit'] });
      return r.stdout ?? '';
    },
    resolver(c: Compiled, fds: number[]): Resolver {
      const bootNs = realtimeMinusBoottime();
      return {
        strftime: (fmt, ns) => strftime(fmt, new Date(Number((ns + bootNs) / 1000000n))),
        strerror,
        cgroupPath: cgroupPaths,
        probeName: (id) => c.probeNames[id] ?? '',
        ksym: (a) => ksym(a, false),
        usym: (a, pid) => usym(a, pid, false),
        username,
        stack: (id, user, pid, limit, perf) => {
          const stackIdx = c.layout.maps.findIndex((m) => m.name === stackMapName(limit));
          if (stackIdx < 0) return [];
          let raw: Uint8Array;
          try {
            const k = new Uint8Array(4);
            new DataView(k.buffer).setUint32(0, id, true);
            raw = mapLookupElem(fds[stackIdx]!, k, c.layout.maps[stackIdx]!.valueSize);
          } catch {
            return [];
          }
          const dv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
          const frames: string[] = [];
          for (let i = 0; i + 8 <= raw.length; i += 8) {
            const ip = dv.getBigUint64(i, true);
            if (!ip) break;
            // mode perf (bpftrace 0.17 get_stack): the address in hex, the symbol with its offset
            // always, and for a user frame its module (`[unknown]` when unresolved)
            if (perf) frames.push(`${ip.toString(16)} ${user ? usymPerf(ip, pid) : ksymPerf(ip)}`);
            else frames.push(user ? usym(ip, pid, true) : ksym(ip, true));
          }
          return frames;
        },
      };
    },
  };
}
