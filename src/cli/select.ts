/**
 * Choosing one program of an object on the command line: `--program NAME` (its function name) or
 * `--section S`, else the only program (of the wanted types) there is.
 */
import { BpfError } from '../isa/errors.js';
import type { BpfObject } from '../runtime/object.js';
import type { BpfProgram } from '../runtime/program.js';

export function pickProgram(obj: BpfObject, section: string | undefined, name: string | undefined, types?: ReadonlySet<number>): BpfProgram {
  if (name !== undefined) return obj.program(name);
  const progs = [...obj.programs.values()];
  const candidates = progs.filter((p) => (section === undefined ? !types || types.has(p.progType) : p.section === section));
  if (candidates.length === 0) {
    throw new BpfError('ENOENT', section !== undefined
      ? `no program in section '${section}' (sections: ${[...new Set(progs.map((p) => p.section))].join(', ')})`
      : `no ${types ? 'packet program (XDP, tc, socket filter)' : 'program'} in the object (programs: ${progs.map((p) => `${p.name} [${p.section}]`).join(', ')})`);
  }
  if (candidates.length > 1) {
    throw new BpfError('EINVAL', `several programs match: ${candidates.map((p) => `${p.name} [${p.section}]`).join(', ')}; choose one with --program NAME`);
  }
  return candidates[0]!;
}

