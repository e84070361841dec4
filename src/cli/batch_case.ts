/**
 * One line of a `prog run --batch` file, checked field by field before anything runs, so a bad
 * line (`null`, a number where hex is wanted, `maps: [null]`) gets its own error answer and the
 * batch goes on. The same case shape feeds the emulator (prog_run.ts) and the kernel (kernel_run.ts).
 */
import { BpfError } from '../isa/errors.js';

/** a map a batch case creates; lddw src=1/2 instructions refer to it by its index in the list */
export interface BatchMap { type?: string | number; key_size?: number; value_size?: number; max_entries?: number; map_flags?: number; inner?: BatchMap }
export interface BatchCase { id?: unknown; type?: string; insns?: string; data?: string; maps?: BatchMap[]; unpriv?: boolean; prog_flags?: number; kernel?: string }

/** the answer line for a case that could not run */
export function batchError(id: unknown, errno: string, message: string): Record<string, unknown> {
  return { id: id ?? null, accepted: false, errno, message, retval: null, data_out: null };
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

function u32(o: Record<string, unknown>, k: string, where: string): void {
  const v = o[k];
  if (v !== undefined && !(typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0xffffffff)) {
    throw new BpfError('EINVAL', `${where}: "${k}" must be an integer 0..4294967295, got ${JSON.stringify(v)?.slice(0, 40)}`);
  }
}

function str(o: Record<string, unknown>, k: string, where: string): void {
  if (o[k] !== undefined && typeof o[k] !== 'string') throw new BpfError('EINVAL', `${where}: "${k}" must be a string, got ${JSON.stringify(o[k])?.slice(0, 40)}`);
}

/** maps nest one level (map-in-map: the kernel refuses an inner map that is itself a map of maps) */
function checkMap(m: unknown, where: string, depth: number): BatchMap {
  if (!isObject(m)) throw new BpfError('EINVAL', `${where} must be an object, got ${JSON.stringify(m)?.slice(0, 40)}`);
  if (m.type !== undefined && typeof m.type !== 'string' && typeof m.type !== 'number') throw new BpfError('EINVAL', `${where}: "type" must be a map type name or number`);
  for (const k of ['key_size', 'value_size', 'max_entries', 'map_flags']) u32(m, k, where);
  if (m.inner !== undefined) {
    if (depth >= 1) throw new BpfError('EINVAL', `${where}.inner: an inner map cannot hold maps itself`);
    checkMap(m.inner, `${where}.inner`, depth + 1);
  }
  return m as BatchMap;
}

/** the parsed JSON of one line as a case, or EINVAL saying which field is wrong */
export function checkBatchCase(x: unknown, lineNo: number): BatchCase {
  const where = `line ${lineNo}`;
  if (!isObject(x)) throw new BpfError('EINVAL', `${where}: a case must be a JSON object, got ${JSON.stringify(x)?.slice(0, 40)}`);
  for (const k of ['type', 'insns', 'data']) str(x, k, where);
  if (x.kernel !== undefined && typeof x.kernel !== 'string' && typeof x.kernel !== 'number') throw new BpfError('EINVAL', `${where}: "kernel" must be a version such as "5.10"`);
  if (x.unpriv !== undefined && typeof x.unpriv !== 'boolean') throw new BpfError('EINVAL', `${where}: "unpriv" must be true or false`);
  u32(x, 'prog_flags', where);
  if (x.maps !== undefined) {
    if (!Array.isArray(x.maps)) throw new BpfError('EINVAL', `${where}: "maps" must be a list`);
    x.maps.forEach((m, k) => checkMap(m, `${where}: maps[${k}]`, 0));
  }
  return x as BatchCase;
}
