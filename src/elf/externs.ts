/**
 * Externs of an object (libbpf bpf_object__collect_externs / bpf_object__resolve_externs): the
 * errors for what no object or kernel resolves, and kconfig values encoded in their BTF types.
 */
import { BpfError, type ErrorLocation } from '../isa/errors.js';
import type { Btf } from '../btf/btf.js';
import { BTF_KIND_ARRAY, BTF_KIND_ENUM, BTF_KIND_ENUM64, BTF_KIND_INT } from '../btf/types.js';
import type { ExternRef, ProgramSpec } from './spec.js';

const KERNEL_EXTERNS: readonly ExternRef['kind'][] = ['kfunc', 'ksym', 'kconfig'];

/**
 * an extern function or untyped symbol no object defines: libbpf refuses to load the program
 * (ENOENT) until the objects are linked; the emulator's verifier and the kernel target say so
 */
export function unlinkedExternError(p: ProgramSpec, e: ExternRef, where: ErrorLocation): BpfError {
  return new BpfError('ENOENT', `program '${p.name}': unresolved ${e.kind === 'func' ? 'extern function' : 'symbol'} '${e.name}' (link the objects first, e.g. bpftool gen object)`, { ...where, insn: e.insn });
}

/**
 * ENOTSUPP naming every kfunc / ksym / kconfig extern the program uses (tsbpf has no kernel to
 * resolve them against). With `all`, also extern functions and untyped symbols left unresolved.
 */
export function assertNoKernelExterns(p: ProgramSpec, file?: string, all = false): void {
  const bad = p.externs.filter((e) => all || KERNEL_EXTERNS.includes(e.kind));
  if (!bad.length) return;
  const label = (k: ExternRef['kind']) => (k === 'func' ? 'extern function' : k === 'symbol' ? 'unresolved symbol' : k);
  const names = [...new Set(bad.map((e) => `${label(e.kind)} '${e.name}'`))].join(', ');
  const hint = bad.some((e) => e.kind === 'kconfig') ? ' (give kconfig values with the kconfig option)' : '';
  throw new BpfError('ENOTSUPP', `program '${p.name}' uses ${names}, which tsbpf cannot resolve${hint}`, { file, section: p.section, insn: bad[0]!.insn });
}

/** a kconfig value in the extern's BTF type (libbpf set_kcfg_value_tri / _num / _str) */
export function encodeKconfig(btf: Btf, typeId: number, value: number | bigint | boolean | string, bigEndian: boolean, name: string, loc: ErrorLocation): Uint8Array {
  const t = btf.types[btf.resolve(typeId)];
  const bad = (why: string): never => {
    throw new BpfError('EINVAL', `kconfig '${name}': ${why}`, loc);
  };
  if (t && t.kind === BTF_KIND_ARRAY) {
    if (typeof value !== 'string') return bad('a char array needs a string value');
    const size = btf.sizeof(typeId);
    const enc = new TextEncoder().encode(value);
    const out = new Uint8Array(size);
    out.set(enc.subarray(0, Math.max(0, size - 1)));
    return out;
  }
  if (!t || (t.kind !== BTF_KIND_INT && t.kind !== BTF_KIND_ENUM && t.kind !== BTF_KIND_ENUM64)) return bad('unsupported type');
  let n: bigint;
  if (typeof value === 'boolean') n = value ? 1n : 0n;
  else if (typeof value === 'string') {
    // tristate / bool as Kconfig writes them (enum libbpf_tristate: no 0, yes 1, module 2)
    if (value === 'y') n = 1n;
    else if (value === 'n') n = 0n;
    else if (value === 'm') n = 2n;
    else if (/^-?(0x[0-9a-f]+|\d+)$/i.test(value)) n = BigInt(value);
    else return bad(`cannot store '${value}' in an integer`);
  } else n = BigInt(value);
  const out = new Uint8Array(t.size);
  const dv = new DataView(out.buffer);
  const u = BigInt.asUintN(t.size * 8, n);
  if (t.size === 8) dv.setBigUint64(0, u, !bigEndian);
  else if (t.size === 4) dv.setUint32(0, Number(u), !bigEndian);
  else if (t.size === 2) dv.setUint16(0, Number(u), !bigEndian);
  else if (t.size === 1) dv.setUint8(0, Number(u));
  else bad(`unsupported size ${t.size}`);
  return out;
}
