/**
 * Verifying the programs of an ELF object with tsbpf's verifier: the object's maps as the
 * verifier sees them (sizes, the bpf_spin_lock offset from the value's BTF, the inner map of a
 * map-in-map), the program type and line info from the ELF loader, and the annotations of the
 * kernel's selftests (BTF decl tags "comment:test_expect_failure" ... on the program's function).
 */
import { subprogFuncInfo } from '../../src/verifier/func_info.js';
import { loadObjectSpec, type ObjectSpec, type ProgramSpec, type MapSpec } from '../../src/elf/index.js';
import { BTF_KIND_DECL_TAG, BTF_KIND_STRUCT, BTF_KIND_UNION, BTF_KIND_ARRAY, type Btf } from '../../src/btf/index.js';
import { verify, type VerifierMap, type VerifyResult, type VerifyOptions, type BtfTypes } from '../../src/verifier/index.js';
import { rdonlyValueOf, resolveKfuncIds, mapBtfOfSpec } from '../../src/verifier/object.js';
import { kernelBtfFile } from '../../src/kernel/system.js';
import { applyObjectCore } from '../../src/elf/core.js';
import { spinLockOffset as valueSpinLockOffset } from '../../src/runtime/format.js';

/** the running kernel's BTF, or none (programs that need it are then refused, saying so) */
export function runningKernelBtf(): BtfTypes | undefined {
  try {
    return kernelBtfFile();
  } catch {
    return undefined;
  }
}

/** offset of a struct bpf_spin_lock inside a value type (runtime/format.ts), -1 if none */
export function spinLockOffset(btf: Btf | undefined, typeId: number): number {
  return btf && typeId ? valueSpinLockOffset(btf, typeId) : -1;
}

export function verifierMap(spec: ObjectSpec, m: MapSpec): VerifierMap {
  const v: VerifierMap = { type: m.type, keySize: m.keySize, valueSize: m.valueSize, maxEntries: m.maxEntries, flags: m.flags, name: m.name };
  const lock = spinLockOffset(spec.btf, m.valueTypeId);
  if (lock >= 0) v.spinLockOff = lock;
  if (m.innerMap) v.inner = verifierMap(spec, m.innerMap);
  const ro = rdonlyValueOf(m);
  if (ro) v.rdonlyValue = ro;
  return { ...v, ...mapBtfOfSpec(m) };
}

export function verifierMaps(spec: ObjectSpec): VerifierMap[] {
  return spec.maps.map((m) => verifierMap(spec, m));
}

/**
 * libbpf's bpf_object__relocate_core before BPF_PROG_LOAD: the program's CO-RE relocations resolved
 * against the running kernel's BTF (in place, once), as loadObject and tsbpf's kernel loader do.
 * Unrelocated, a type-id or existence constant (bpf_core_type_id_kernel(), bpf_core_type_exists())
 * keeps the value clang wrote, and the verifier walks other branches than the kernel's did.
 */
export function relocateForKernel(spec: ObjectSpec, p: ProgramSpec): void {
  if (!p.coreRelos.length || !spec.btf) return;
  let target: Btf;
  try {
    target = kernelBtfFile();
  } catch {
    return;
  }
  applyObjectCore(spec, target, [p]);
}

/** run tsbpf's verifier on one program of an object, as BPF_PROG_LOAD would get it from libbpf */
export function verifyProgram(spec: ObjectSpec, p: ProgramSpec, o: Partial<VerifyOptions> = {}): VerifyResult {
  relocateForKernel(spec, p);
  const kfuncs = p.externs.some((e) => e.kind === 'kfunc');
  return verify(kfuncs ? resolveKfuncIds(p, runningKernelBtf()) : p.insns, {
    kernelBtf: runningKernelBtf,
    ...(p.attachTo ? { attachTo: p.attachTo } : {}),
    progType: p.type,
    maps: verifierMaps(spec),
    progFlags: p.flags,
    expectedAttachType: p.expectedAttachType,
    gpl: /GPL|Dual/.test(p.license || spec.license),
    ...(p.rawMapFds ? { rawMapFds: p.rawMapFds } : {}),
    lineInfo: p.lineInfo.map((l) => ({ insnOff: l.insn, line: l.line, fileName: l.fileName, lineNum: l.lineNum, col: l.column })),
    funcInfo: subprogFuncInfo(spec.btf, p.funcInfo, p.type, p.expectedAttachType),
    ...(spec.btf ? { progBtf: spec.btf } : {}),
    logLevel: 1,
    ...o,
  });
}

export function loadSpec(bytes: Uint8Array, file: string): ObjectSpec {
  // kfunc externs stay in the spec: verifyProgram resolves them against the kernel's BTF
  return loadObjectSpec(bytes, { file, allowUnsupported: true });
}

/** what the selftests' annotations ask of one program (tools/testing/selftests/bpf/progs/bpf_misc.h) */
export interface Expectations {
  /** privileged: undefined when not annotated (the kernel's test_loader then expects success) */
  success: boolean;
  msgs: string[];
  retval?: number;
  /** unprivileged: undefined = not tested unprivileged */
  unpriv?: { success: boolean; msgs: string[]; retval?: number };
}

/** the decl tags ("comment:..." strings) on each function of the object's BTF, by function name */
export function declTags(btf: Btf | undefined): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (!btf) return out;
  for (let id = 1; id < btf.typeCount; id++) {
    const t = btf.types[id];
    if (!t || t.kind !== BTF_KIND_DECL_TAG || t.componentIdx !== -1) continue;
    const target = btf.type(t.type);
    const l = out.get(target.name) ?? [];
    l.push(t.name);
    out.set(target.name, l);
  }
  return out;
}

function parseRetval(s: string): number {
  // __retval(val) stringifies its argument: numbers, negative numbers, hex, XDP_PASS-like names are not used here
  const v = Number(s.trim());
  if (!Number.isFinite(v)) throw new Error(`retval '${s}' is not a number`);
  return v >>> 0;
}

export function expectations(tags: readonly string[]): Expectations {
  const e: Expectations = { success: true, msgs: [] };
  let unpriv: NonNullable<Expectations['unpriv']> | undefined;
  const u = (): NonNullable<Expectations['unpriv']> => (unpriv ??= { success: true, msgs: [] });
  for (const tag of tags) {
    const m = /^comment:test_(\w+?)(?:=(.*))?$/s.exec(tag);
    if (!m) continue;
    const [, key, val] = m;
    switch (key) {
      case 'expect_success': e.success = true; break;
      case 'expect_failure': e.success = false; break;
      case 'expect_msg': e.msgs.push(val!); break;
      case 'retval': e.retval = parseRetval(val!); break;
      case 'expect_success_unpriv': u().success = true; break;
      case 'expect_failure_unpriv': u().success = false; break;
      case 'expect_msg_unpriv': u().msgs.push(val!); break;
      case 'retval_unpriv': u().retval = parseRetval(val!); break;
      default: throw new Error(`unknown annotation ${tag}`);
    }
  }
  if (unpriv) e.unpriv = unpriv;
  return e;
}
