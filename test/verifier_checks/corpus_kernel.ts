/**
 * The kernel's test_verifier corpus (recorded on 5.10) against the verifier of the running
 * kernel: each privileged case is loaded with BPF_PROG_LOAD (its fixup maps created in the
 * kernel, their fds patched into the lddw instructions) and verified by tsbpf under the rules of
 * the given kernel version. Cases the kernel refuses before its verifier runs (no verifier log:
 * program types that need an attach BTF id, maps that need BTF) are not comparable and counted
 * apart.
 */
import { closeFd, mapCreate, progLoad, KernelError } from '../../src/hooks/kernel/index.js';
import { runningKernelBtf } from './objects.js';
import { verify, MapType, type KernelVersion, type VerifierMap } from '../../src/verifier/index.js';
import { caseProgram, loadCases, type Case } from '../verifier_corpus_lib.js';
import { BPF_PSEUDO_MAP_FD, BPF_PSEUDO_MAP_VALUE } from '../../src/isa/opcodes.js';

export interface CorpusKernelCase {
  c: Case;
  /** the kernel's verdict: null = accepted, else its last log line */
  kernel: string | null;
  /** tsbpf's verdict under each rule set asked for: null = accepted, else "ERRNO: message" */
  tsbpf: Partial<Record<KernelVersion, string | null>>;
  /** processed instructions (runCorpusOnKernel's `processed` option): the kernel's (BPF_LOG_STATS, accepted cases) and tsbpf's under each rule set */
  kernelProcessed?: number;
  tsbpfProcessed?: Partial<Record<KernelVersion, number>>;
}

export interface CorpusKernelReport {
  compared: CorpusKernelCase[];
  /** cases the kernel refused before verifying, or whose maps it could not create */
  notComparable: { c: Case; why: string }[];
}

function createMap(m: VerifierMap): number {
  // struct bpf_cgroup_storage_key is 16 bytes with its padding (the verifier does not look at it)
  const keySize = m.type === MapType.CGROUP_STORAGE || m.type === MapType.PERCPU_CGROUP_STORAGE ? 16 : m.keySize;
  return mapCreate({ mapType: m.type, keySize, valueSize: m.valueSize, maxEntries: m.maxEntries, mapFlags: m.flags ?? 0, mapName: m.name ?? '' });
}

/** create the case's maps in the kernel (inner templates first); throws when the kernel refuses one */
function kernelMaps(maps: readonly VerifierMap[], fds: number[]): number[] {
  return maps.map((m) => {
    if (m.spinLockOff !== undefined) throw new Error('a bpf_spin_lock map needs BTF');
    if (!m.inner) { const fd = createMap(m); fds.push(fd); return fd; }
    const inner = createMap(m.inner);
    fds.push(inner);
    const fd = mapCreate({ mapType: m.type, keySize: m.keySize, valueSize: m.valueSize, maxEntries: m.maxEntries, innerMapFd: inner });
    fds.push(fd);
    return fd;
  });
}

export function runCorpusOnKernel(kernels: readonly KernelVersion[], filter?: (c: Case) => boolean, o: { processed?: boolean } = {}): CorpusKernelReport {
  const rep: CorpusKernelReport = { compared: [], notComparable: [] };
  for (const c of loadCases()) {
    if (!c.insns_hex || c.result === 'UNDEF' || (filter && !filter(c))) continue;
    const { bytes, maps, fixups, flags } = caseProgram(c);
    const open: number[] = [];
    try {
      let fdOf: number[];
      try {
        fdOf = kernelMaps(maps, open);
      } catch (e) {
        rep.notComparable.push({ c, why: `maps ${fixups.join(',')}: ${(e as Error).message}` });
        continue;
      }
      // the lddw instructions the fixups point at carry map indices: the kernel wants fds
      const kbytes = bytes.slice();
      const dv = new DataView(kbytes.buffer);
      for (let i = 0; i + 16 <= kbytes.length; i += 8) {
        const src = kbytes[i + 1]! >> 4;
        if (kbytes[i] === 0x18 && (src === BPF_PSEUDO_MAP_FD || src === BPF_PSEUDO_MAP_VALUE)) {
          const idx = dv.getInt32(i + 4, true);
          if (idx >= 0 && idx < fdOf.length) dv.setInt32(i + 4, fdOf[idx]!, true);
          i += 8;
        }
      }
      let k: string | null = null;
      let kernelProcessed: number | undefined;
      const load = { progType: c.prog_type || 1, insns: kbytes, progFlags: flags, expectedAttachType: Number(c.expected_attach_type ?? 0) };
      try {
        try {
          // BPF_LOG_STATS (level 4): the verifier's "processed N insns" line and nothing else
          const r = progLoad({ ...load, retryWithLog: false, ...(o.processed ? { logLevel: 4, logSize: 4096 } : {}) });
          closeFd(r.fd);
          if (o.processed) kernelProcessed = Number(/processed (\d+) insns/.exec(r.log)?.[1] ?? NaN);
        } catch (e) {
          // again with a log, whatever the errno (E2BIG, ENOSPC... come from the verifier too)
          if (!(e instanceof KernelError)) throw e;
          closeFd(progLoad({ ...load, logLevel: 1, retryWithLog: false }).fd);
        }
      } catch (e) {
        if (!(e instanceof KernelError)) throw e;
        if (!e.log.trim()) {
          rep.notComparable.push({ c, why: `the kernel refused the load before verifying: ${e.message}` });
          continue;
        }
        // the error line: the last one that is not statistics or a state dump (infinite loops print cur/old state)
        k = e.log.trim().split('\n').filter((l) => !/^(processed|verification time|stack depth|cur state:|old state:)/.test(l)).at(-1) ?? e.message;
      }
      const t: CorpusKernelCase['tsbpf'] = {};
      const tp: Partial<Record<KernelVersion, number>> = {};
      for (const kernel of kernels) {
        // the kernel verifies with its own BTF: tsbpf gets the same (bpf_map_ptr field reads, bpf_skc_to_tcp_sock)
        const v = verify(bytes, { progType: c.prog_type || 1, maps, progFlags: flags, logLevel: 0, expectedAttachType: Number(c.expected_attach_type ?? 0), kernel, kernelBtf: runningKernelBtf });
        t[kernel] = v.accepted ? null : `${v.errno}: ${v.message}`;
        tp[kernel] = v.stats.processed;
      }
      rep.compared.push({ c, kernel: k, tsbpf: t, ...(o.processed ? { kernelProcessed, tsbpfProcessed: tp } : {}) });
    } finally {
      for (const fd of open) closeFd(fd);
    }
  }
  return rep;
}
