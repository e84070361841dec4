/**
 * Registering a struct_ops map with the kernel, as libbpf does:
 * - bpf_map__init_kern_struct_ops lays the map's value out as the kernel's
 *   `struct bpf_struct_ops_<STRUCT>` (its `data` member is the kernel's struct): each member of
 *   the object's struct is matched by name, plain members copied (their sizes must agree),
 *   function-pointer members remembered for their programs;
 * - bpf_map__attach_struct_ops writes each program's fd into its member and updates the one
 *   element (which registers the struct: a congestion control appears in
 *   tcp_available_congestion_control); a `.struct_ops.link` map is then attached with
 *   BPF_LINK_CREATE (BPF_STRUCT_OPS) and detached by closing the link, the others are detached by
 *   deleting the element (bpf_link__detach_struct_ops).
 */
import { BpfError } from '../isa/errors.js';
import { BPF_F_LINK, BPF_STRUCT_OPS } from '../isa/bpf_types.js';
import { BTF_KIND_PTR, BTF_KIND_STRUCT, type BtfStruct } from '../btf/types.js';
import type { Btf } from '../btf/btf.js';
import type { MapSpec } from '../elf/spec.js';
import { kernelStructName } from '../verifier/struct_ops.js';
import { mapDeleteElem, mapUpdateElem } from '../hooks/kernel/bpf.js';
import { linkCreate } from './link/sys.js';
import { Link } from './link/link.js';
import type { KernelMap } from './map.js';
import type { KernelProgram } from './program.js';

/** where each part of the object's struct goes in the kernel's value */
export interface StructOpsLayout {
  struct: string;
  /** the kernel's bpf_struct_ops_<STRUCT>: its BTF id and size */
  vtypeId: number;
  valueSize: number;
  /** the value with the plain members copied (function pointers still 0) */
  value: Uint8Array;
  /** function-pointer members the object fills: the offset in the value and the program */
  funcs: { member: string; off: number; program: string }[];
}

/** bpf_map__init_kern_struct_ops: the kernel value for map `s` of the object whose BTF is `btf` */
export function structOpsLayout(s: MapSpec, btf: Btf, kernel: Btf, where: { file?: string | undefined; section: string }): StructOpsLayout {
  const local = btf.composite(s.valueTypeId ?? 0);
  if (!local) throw new BpfError('EINVAL', `map '${s.name}': its BTF value type is not a struct`, where);
  const struct = kernelStructName(local.name);
  const vtype = kernel.find(`bpf_struct_ops_${struct}`, BTF_KIND_STRUCT) as (BtfStruct & { id: number }) | undefined;
  const ktype = kernel.find(struct, BTF_KIND_STRUCT) as BtfStruct | undefined;
  if (!vtype || !ktype) throw new BpfError('ENOTSUPP', `map '${s.name}': the running kernel's BTF has no struct_ops type 'struct ${struct}'`, where);
  const dataMember = vtype.members.find((m) => m.name === 'data');
  if (!dataMember) throw new BpfError('ENOTSUPP', `map '${s.name}': bpf_struct_ops_${struct} has no 'data' member`, where);
  const dataOff = dataMember.bitOffset / 8;
  const value = new Uint8Array(vtype.size);
  const init = s.contents.find((c) => 'value' in c && c.key === 0);
  const data = init && 'value' in init ? init.value : new Uint8Array(local.size);
  const funcs: StructOpsLayout['funcs'] = [];
  for (const m of local.members) {
    const moff = m.bitOffset / 8;
    const msize = btf.sizeof(m.type);
    const km = ktype.members.find((x) => x.name === m.name);
    const mdata = data.subarray(moff, moff + msize);
    if (!km) {
      // libbpf skips a member the kernel lacks when the object leaves it zero (and its function pointer unset)
      if (mdata.every((b) => b === 0) && !s.structOps?.some((e) => e.member === m.name)) continue;
      throw new BpfError('ENOTSUPP', `map '${s.name}': struct ${struct} in the running kernel has no member '${m.name}'`, where);
    }
    if (m.bitfieldSize || km.bitfieldSize) throw new BpfError('ENOTSUPP', `map '${s.name}': bitfield member '${m.name}' is not supported (libbpf neither)`, where);
    const koff = dataOff + km.bitOffset / 8;
    const lk = btf.types[btf.resolve(m.type)]?.kind;
    const kk = kernel.types[kernel.resolve(km.type)]?.kind;
    if (lk !== kk) throw new BpfError('ENOTSUPP', `map '${s.name}': member '${m.name}' is not the same kind of type as in the kernel's struct ${struct}`, where);
    if (lk === BTF_KIND_PTR) {
      const e = s.structOps?.find((x) => x.member === m.name);
      if (e) funcs.push({ member: m.name, off: koff, program: e.program });
      continue;
    }
    const ksize = kernel.sizeof(km.type);
    if (ksize !== msize) throw new BpfError('ENOTSUPP', `map '${s.name}': member '${m.name}' is ${msize} bytes here and ${ksize} in the kernel's struct ${struct}`, where);
    value.set(mdata, koff);
  }
  return { struct, vtypeId: vtype.id, valueSize: vtype.size, value, funcs };
}

/**
 * bpf_map__attach_struct_ops: register the struct with the kernel, the programs in place. The
 * returned Link unregisters it on close (closes the bpf_link, or deletes the element).
 */
export function attachStructOps(map: KernelMap, layout: StructOpsLayout, programs: ReadonlyMap<string, KernelProgram>): Link {
  const v = layout.value.slice();
  const dv = new DataView(v.buffer);
  for (const f of layout.funcs) {
    const p = programs.get(f.program);
    if (!p) throw new BpfError('ENOENT', `struct_ops map '${map.name}': member '${f.member}' needs program '${f.program}', which is not loaded`);
    dv.setBigUint64(f.off, BigInt(p.fd), true);
  }
  const key = new Uint8Array(4);
  const target = { program: layout.funcs.map((f) => f.program).join(','), target: `struct_ops/${layout.struct}/${map.name}` };
  try {
    mapUpdateElem(map.fd, key, v, 0);
  } catch (e) {
    if (!(e instanceof BpfError)) throw e;
    throw new BpfError(e.errno, `struct_ops map '${map.name}': the kernel refused to register struct ${layout.struct} (${e.message.split('\n')[0]})`);
  }
  if ((map.spec?.flags ?? 0) & BPF_F_LINK) return new Link(linkCreate({ progFd: map.fd, target: 0, attachType: BPF_STRUCT_OPS }), target);
  return new Link(-1, target, [], () => mapDeleteElem(map.fd, key));
}
