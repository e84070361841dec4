/**
 * What BPF_PROG_LOAD gives the verifier for one program of a clang-compiled object (libbpf's
 * bpf_object_load_prog): the program type and expected attach type from its section, the prog
 * flags the section implies, the license (gpl_only helpers), the maps its lddw instructions name by
 * index, BTF func_info (global functions) and line info so messages can quote the source.
 */
import type { MapSpec, ProgramSpec } from '../elf/spec.js';
import { BPF_F_RDONLY_PROG, MapType } from './types.js';
import type { LineInfo, VerifierMap, VerifyOptions, BtfTypes } from './types.js';
import type { Instruction } from '../isa/instruction.js';
import { resolveKfuncs } from '../elf/kfunc_resolve.js';
import { BTF_KIND_FUNC } from '../btf/types.js';
import type { Btf } from '../btf/btf.js';
import { subprogFuncInfo } from './func_info.js';

/** license_is_gpl_compatible (include/linux/license.h) */
const GPL_COMPATIBLE = new Set(['GPL', 'GPL v2', 'GPL and additional rights', 'Dual BSD/GPL', 'Dual MIT/GPL', 'Dual MPL/GPL']);

export function isGplCompatible(license: string): boolean {
  return GPL_COMPATIBLE.has(license);
}

/**
 * the value the verifier may read constants from (VerifierMap.rdonlyValue) for a map the loader
 * will create from this spec: a one-element ARRAY, BPF_F_RDONLY_PROG, frozen after its initial
 * contents are written (libbpf's `.rodata` and `.kconfig`: bpf_map_is_rdonly in the kernel)
 */
export function rdonlyValueOf(s: MapSpec): Uint8Array | undefined {
  if (s.type !== MapType.ARRAY || s.maxEntries !== 1 || !s.freeze || !(s.flags & BPF_F_RDONLY_PROG)) return undefined;
  const v = new Uint8Array(s.valueSize);
  for (const c of s.contents) if ('value' in c && c.key === 0) v.set(c.value.subarray(0, v.length));
  return v;
}

/** the verifier's view of a map the loader will create from this spec (its inner-map template too) */
export function verifierMapOfSpec(s: MapSpec): VerifierMap {
  const ro = rdonlyValueOf(s);
  return {
    type: s.type, keySize: s.keySize, valueSize: s.valueSize, maxEntries: s.maxEntries, flags: s.flags, name: s.name,
    ...(s.innerMap ? { inner: verifierMapOfSpec(s.innerMap) } : {}),
    ...(ro ? { rdonlyValue: ro } : {}),
    ...mapBtfOfSpec(s),
  };
}

/** the value's BTF type and global data's variable offsets (the verifier's btf_record.ts reads them with VerifyOptions.progBtf) */
export function mapBtfOfSpec(s: MapSpec | undefined): Pick<VerifierMap, 'btfValueTypeId' | 'btfVarOffsets'> {
  return { ...(s?.valueTypeId ? { btfValueTypeId: s.valueTypeId } : {}), ...(s?.varOffsets ? { btfVarOffsets: s.varOffsets } : {}) };
}

export function lineInfoOf(p: ProgramSpec): LineInfo[] {
  return p.lineInfo.map((l) => ({ insnOff: l.insn, line: l.line, fileName: l.fileName, lineNum: l.lineNum, col: l.column }));
}

/**
 * verify() options for a program of an object, given the maps its lddw indices refer to and the
 * object's BTF (func_info: which subprograms are global functions and their argument types)
 */
export function verifyOptionsForProgram(p: ProgramSpec, maps: readonly VerifierMap[], extra: Partial<VerifyOptions> = {}, btf?: Btf): VerifyOptions {
  return {
    funcInfo: subprogFuncInfo(btf, p.funcInfo, p.type, p.expectedAttachType),
    progType: p.type,
    expectedAttachType: p.expectedAttachType,
    progFlags: p.flags | (extra.progFlags ?? 0),
    maps,
    gpl: isGplCompatible(p.license),
    ...(p.attachTo ? { attachTo: p.attachTo } : {}),
    lineInfo: lineInfoOf(p),
    ...(p.rawMapFds ? { rawMapFds: p.rawMapFds } : {}),
    ...(btf ? { progBtf: btf } : {}),
    ...Object.fromEntries(Object.entries(extra).filter(([k]) => k !== 'progFlags')),
  };
}

/**
 * kfunc externs resolved for tsbpf's verifier and emulator (the kernel loader resolves the same
 * program with src/elf/kfunc_resolve.ts too): each call's immediate becomes the FUNC's type id in
 * the kernel's BTF (a kfunc the kernel lacks gets 0, which the verifier refuses only where a path
 * reaches it). Without kernel BTF the calls stay as the ELF loader left them, and the verifier
 * says what is missing.
 */
export function resolveKfuncIds(p: ProgramSpec, btf: BtfTypes | undefined): Instruction[] {
  if (!btf || !p.externs.some((e) => e.kind === 'kfunc')) return p.insns;
  return resolveKfuncs(p, { find: (name) => btf.find(name, BTF_KIND_FUNC) });
}
