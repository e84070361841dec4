/**
 * CO-RE for a whole object: resolve every program's relocations against a target BTF (the
 * kernel's /sys/kernel/btf/vmlinux, tsbpf's own context types, or any BTF the caller passes),
 * as libbpf's bpf_object__relocate_core does at load time.
 */
import { BpfError } from '../isa/errors.js';
import type { Btf } from '../btf/btf.js';
import { applyCoreRelocations, type CoreReloResult } from '../btf/core.js';
import type { ObjectSpec, ProgramCoreRelo, ProgramSpec } from './spec.js';

export interface ObjectCoreReport {
  program: string;
  relo: ProgramCoreRelo;
  result: CoreReloResult;
}

/**
 * Patch the instructions of every program (in place) and clear their CO-RE records. Returns
 * what each relocation resolved to (poisoned ones have result.poison set).
 */
export function applyObjectCore(spec: ObjectSpec, target: Btf, programs: ProgramSpec[] = spec.programs, modules: readonly Btf[] = []): ObjectCoreReport[] {
  const report: ObjectCoreReport[] = [];
  for (const p of programs) {
    if (!p.coreRelos.length) continue;
    if (!spec.btf) throw new BpfError('EINVAL', `program '${p.name}' has CO-RE relocations but the object has no BTF`, { file: spec.file, section: p.section });
    const r = applyCoreRelocations(p.insns, p.coreRelos, spec.btf, target, { program: p.name, file: spec.file, section: p.section, modules });
    p.insns = r.insns;
    for (const x of r.results) report.push({ program: p.name, relo: x.relo, result: x.result });
    p.coreRelos = [];
  }
  return report;
}
