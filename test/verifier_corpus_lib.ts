/**
 * Runs the kernel's own verifier tests (../shared/corpora/test_verifier/tests-5.10.jsonl) through
 * tsbpf's verifier, with test_verifier.c's map fixups and prog_flags, privileged and (where the
 * corpus README says) unprivileged. The expectations were recorded on Linux 5.10, so the cases
 * run under tsbpf's 5.10 rules (src/verifier/kernel_rules.ts) unless another kernel is asked for.
 */
import { readFileSync } from 'node:fs';
import { sharedPath, sharedSkip } from './shared_data.js';
import { verify, type VerifyResult, MapType, BPF_F_RDONLY_PROG, BPF_F_WRONLY_PROG, BPF_F_ANY_ALIGNMENT, BPF_F_STRICT_ALIGNMENT, BPF_F_TEST_STATE_FREQ, type VerifierMap, type KernelVersion } from '../src/verifier/index.js';
import { hexToBytes } from '../src/isa/instruction.js';

export const CORPUS = sharedPath('corpora/test_verifier/tests-5.10.jsonl');

/** the skip reason of every test that reads the corpus (false when it is there) */
export const testVerifierSkip = sharedSkip('corpora/test_verifier/tests-5.10.jsonl');

export interface Case {
  idx: number;
  descr: string;
  prog_type: number;
  result: string;
  result_unpriv: string;
  errstr?: string;
  errstr_unpriv?: string;
  flags: number;
  insns_hex: string | null;
  [k: string]: unknown;
}

/** the maps test_verifier.c creates for each fixup kind */
export const FIXUP_MAPS: Record<string, () => VerifierMap> = {
  fixup_map_hash_8b: () => ({ type: MapType.HASH, keySize: 8, valueSize: 8, maxEntries: 1, name: 'hash_8b' }),
  fixup_map_hash_16b: () => ({ type: MapType.HASH, keySize: 8, valueSize: 16, maxEntries: 1, name: 'hash_16b' }),
  fixup_map_hash_48b: () => ({ type: MapType.HASH, keySize: 8, valueSize: 48, maxEntries: 1, name: 'hash_48b' }),
  fixup_map_array_48b: () => ({ type: MapType.ARRAY, keySize: 4, valueSize: 48, maxEntries: 1, name: 'array_48b' }),
  fixup_map_array_ro: () => ({ type: MapType.ARRAY, keySize: 4, valueSize: 48, maxEntries: 1, flags: BPF_F_RDONLY_PROG, name: 'array_ro' }),
  fixup_map_array_wo: () => ({ type: MapType.ARRAY, keySize: 4, valueSize: 48, maxEntries: 1, flags: BPF_F_WRONLY_PROG, name: 'array_wo' }),
  fixup_map_array_small: () => ({ type: MapType.ARRAY, keySize: 4, valueSize: 1, maxEntries: 1, name: 'array_small' }),
  fixup_prog1: () => ({ type: MapType.PROG_ARRAY, keySize: 4, valueSize: 4, maxEntries: 4, name: 'prog1' }),
  fixup_prog2: () => ({ type: MapType.PROG_ARRAY, keySize: 4, valueSize: 4, maxEntries: 8, name: 'prog2' }),
  fixup_map_in_map: () => ({ type: MapType.ARRAY_OF_MAPS, keySize: 4, valueSize: 4, maxEntries: 1, name: 'map_in_map', inner: { type: MapType.ARRAY, keySize: 4, valueSize: 4, maxEntries: 1, name: 'inner' } }),
  fixup_cgroup_storage: () => ({ type: MapType.CGROUP_STORAGE, keySize: 12, valueSize: 64, maxEntries: 0, name: 'cgroup_storage' }),
  fixup_percpu_cgroup_storage: () => ({ type: MapType.PERCPU_CGROUP_STORAGE, keySize: 12, valueSize: 64, maxEntries: 0, name: 'percpu_cgroup_storage' }),
  fixup_map_spin_lock: () => ({ type: MapType.ARRAY, keySize: 4, valueSize: 8, maxEntries: 1, spinLockOff: 4, name: 'spin_lock' }),
  fixup_map_event_output: () => ({ type: MapType.PERF_EVENT_ARRAY, keySize: 4, valueSize: 4, maxEntries: 1, name: 'event_output' }),
  fixup_sk_storage_map: () => ({ type: MapType.SK_STORAGE, keySize: 4, valueSize: 8, maxEntries: 0, name: 'sk_storage' }),
  fixup_map_sockmap: () => ({ type: MapType.SOCKMAP, keySize: 4, valueSize: 4, maxEntries: 1, name: 'sockmap' }),
  fixup_map_sockhash: () => ({ type: MapType.SOCKHASH, keySize: 4, valueSize: 4, maxEntries: 1, name: 'sockhash' }),
  fixup_map_xskmap: () => ({ type: MapType.XSKMAP, keySize: 4, valueSize: 4, maxEntries: 1, name: 'xskmap' }),
  fixup_map_reuseport_array: () => ({ type: MapType.REUSEPORT_SOCKARRAY, keySize: 4, valueSize: 4, maxEntries: 1, name: 'reuseport' }),
  fixup_map_stacktrace: () => ({ type: MapType.STACK_TRACE, keySize: 4, valueSize: 8, maxEntries: 1, name: 'stacktrace' }),
  fixup_map_ringbuf: () => ({ type: MapType.RINGBUF, keySize: 0, valueSize: 0, maxEntries: 4096, name: 'ringbuf' }),
};

export function loadCases(): Case[] {
  return readFileSync(CORPUS, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Case);
}

export interface Outcome {
  c: Case;
  unpriv: boolean;
  expected: 'ACCEPT' | 'REJECT';
  accepted: boolean;
  message?: string;
  log: string;
  errstr?: string;
  errstrMatch?: boolean;
  ms: number;
  /** the whole result (test/verifier_checks/log_digest.ts pins it) */
  result: VerifyResult;
}

/** 5.10 spelled some things differently from the 6.x wording tsbpf prints */
export function normalise510(s: string): string {
  return s.replace(/'inv'/g, "'scalar'").replace(/=inv\b/g, '=scalar');
}

/** the case's program with its map fixups applied (lddw imm = index in `maps`) and its prog_flags */
export function caseProgram(c: Case): { bytes: Uint8Array; maps: VerifierMap[]; fixups: string[]; flags: number } {
  const bytes = hexToBytes(c.insns_hex!);
  const dv = new DataView(bytes.buffer);
  const maps: VerifierMap[] = [];
  const fixups: string[] = [];
  for (const [k, make] of Object.entries(FIXUP_MAPS)) {
    const idxs = c[k] as number[] | undefined;
    if (!idxs) continue;
    const mi = maps.length;
    maps.push(make());
    fixups.push(k);
    for (const i of idxs) dv.setInt32(i * 8 + 4, mi, true);
  }
  let flags = 0;
  if (c.flags & 1) flags |= BPF_F_ANY_ALIGNMENT;
  if (c.flags & 2) flags |= BPF_F_STRICT_ALIGNMENT;
  if (c.flags & 8) flags |= BPF_F_TEST_STATE_FREQ;
  return { bytes, maps, fixups, flags };
}

export function runCase(c: Case, unpriv: boolean, logLevel = 0, kernel: KernelVersion = '5.10'): Outcome | null {
  if (!c.insns_hex) return null;
  const want = unpriv ? c.result_unpriv : c.result;
  if (want === 'UNDEF') return null;
  const { bytes, maps, flags } = caseProgram(c);
  const t0 = performance.now();
  const r = verify(bytes, { progType: c.prog_type || 1, maps, unpriv, progFlags: flags, logLevel, expectedAttachType: Number(c.expected_attach_type ?? 0), kernel });
  const ms = performance.now() - t0;
  const errstr = (unpriv ? c.errstr_unpriv ?? c.errstr : c.errstr) || undefined;
  const o: Outcome = { c, unpriv, expected: want === 'REJECT' ? 'REJECT' : 'ACCEPT', accepted: r.accepted, message: r.message, log: r.log, ms, result: r };
  if (errstr && o.expected === 'REJECT') {
    o.errstr = errstr;
    o.errstrMatch = r.log.includes(normalise510(errstr)) || r.log.includes(errstr);
  }
  return o;
}

export function runAll(kernel: KernelVersion = '5.10'): Outcome[] {
  const out: Outcome[] = [];
  for (const c of loadCases()) {
    const a = runCase(c, false, 0, kernel);
    if (a) out.push(a);
    if ([0, 1, 8].includes(c.prog_type)) {
      const b = runCase(c, true, 0, kernel);
      if (b) out.push(b);
    }
  }
  return out;
}

export function runCaseLog(c: Case, unpriv: boolean, kernel: KernelVersion = '5.10'): string {
  return runCase(c, unpriv, 2, kernel)?.log ?? '(not run)';
}
