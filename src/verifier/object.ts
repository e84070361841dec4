/**
 * What BPF_PROG_LOAD gives the verifier for one program of a clang-compiled object (libbpf's
 * bpf_object_load_prog): the program type and expected attach type from its section, the prog
 * flags the section implies, the license (gpl_only helpers), the maps its lddw instructions name by
 * index, BTF func_info (global functions) and line info so messages can quote the source.
 */
import type { ProgramSpec } from '../elf/spec.js';
import type { LineInfo, VerifierMap, VerifyOptions } from './types.js';
import type { Btf } from '../btf/btf.js';
import { subprogFuncInfo } from './func_info.js';

/** license_is_gpl_compatible (include/linux/license.h) */
const GPL_COMPATIBLE = new Set(['GPL', 'GPL v2', 'GPL and additional rights', 'Dual BSD/GPL', 'Dual MIT/GPL', 'Dual MPL/GPL']);

export function isGplCompatible(license: string): boolean {
  return GPL_COMPATIBLE.has(license);
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
    lineInfo: lineInfoOf(p),
    ...(p.rawMapFds ? { rawMapFds: p.rawMapFds } : {}),
    ...Object.fromEntries(Object.entries(extra).filter(([k]) => k !== 'progFlags')),
  };
}
