/**
 * Map definitions in an object file, read as libbpf reads them (tools/lib/bpf/libbpf.c):
 *  - BTF-defined maps in `.maps` (parse_btf_map_def): a VAR of an anonymous struct whose
 *    members encode attributes: `__uint(name, v)` is `int (*name)[v]`, `__type(name, T)` is
 *    `T *name`, `__array(values, struct inner)` is `struct inner *values[]`;
 *  - legacy `struct bpf_map_def` in `maps` (bpf_object__init_user_maps), including iproute2's
 *    larger `struct bpf_elf_map` (its pinning field);
 *  - global data sections as single-entry ARRAY maps (bpf_object__init_global_data_maps).
 */
import { BpfError } from '../isa/errors.js';
import {
  BPF_F_MMAPABLE, BPF_F_NUMA_NODE, BPF_F_RDONLY_PROG, BPF_MAP_TYPE_ARRAY, BPF_MAP_TYPE_ARRAY_OF_MAPS,
  BPF_MAP_TYPE_HASH_OF_MAPS, BPF_MAP_TYPE_PROG_ARRAY, LIBBPF_PIN_BY_NAME, LIBBPF_PIN_NONE, mapTypeName,
} from '../isa/bpf_types.js';
import type { Btf } from '../btf/btf.js';
import {
  BTF_KIND_ARRAY, BTF_KIND_DATASEC, BTF_KIND_ENUM, BTF_KIND_ENUM64, BTF_KIND_FUNC_PROTO, BTF_KIND_PTR, BTF_KIND_STRUCT, BTF_KIND_UNION, BTF_KIND_VAR, kindName,
} from '../btf/types.js';
import type { ElfFile, ElfSection } from './reader.js';
import { STB_LOCAL, STT_SECTION } from './reader.js';
import type { MapSpec } from './spec.js';

export function emptyMap(name: string, section: string, origin: MapSpec['origin']): MapSpec {
  return {
    name, type: 0, keySize: 0, valueSize: 0, maxEntries: 0, flags: 0, pinning: LIBBPF_PIN_NONE, numaNode: 0,
    mapExtra: 0n, keyTypeId: 0, valueTypeId: 0, section, origin, contents: [], freeze: false,
  };
}

interface Ctx {
  file?: string;
}

/** `int (*name)[N]` -> N (libbpf get_map_field_int) */
function fieldInt(btf: Btf, mapName: string, member: { name: string; type: number }, ctx: Ctx): number {
  const t = btf.types[btf.skipModifiers(member.type)];
  if (!t || t.kind !== BTF_KIND_PTR) {
    throw new BpfError('EINVAL', `map '${mapName}': attr '${member.name}': expected PTR, got ${t ? kindName(t.kind) : 'void'}`, { file: ctx.file, section: '.maps' });
  }
  const a = btf.types[t.type];
  if (!a || a.kind !== BTF_KIND_ARRAY) {
    throw new BpfError('EINVAL', `map '${mapName}': attr '${member.name}': type [${t.type}] is not an array`, { file: ctx.file, section: '.maps' });
  }
  return a.nelems;
}

/**
 * `__ulong(name, v)` is `enum { ___x = v } name` (ENUM or ENUM64 with one value); older headers
 * use `__uint` for map_extra (libbpf get_map_field_long)
 */
function fieldLong(btf: Btf, mapName: string, member: { name: string; type: number }, ctx: Ctx): bigint {
  const t = btf.types[btf.skipModifiers(member.type)];
  if (t && (t.kind === BTF_KIND_ENUM || t.kind === BTF_KIND_ENUM64)) {
    if (t.values.length !== 1) throw new BpfError('EINVAL', `map '${mapName}': attr '${member.name}': invalid __ulong (${t.values.length} enumerators)`, { file: ctx.file, section: '.maps' });
    return BigInt.asUintN(64, BigInt(t.values[0]!.value));
  }
  return BigInt(fieldInt(btf, mapName, member, ctx));
}

/** `T *name` -> T (the key/value type) */
function fieldType(btf: Btf, mapName: string, member: { name: string; type: number }, ctx: Ctx): number {
  const t = btf.types[btf.skipModifiers(member.type)];
  if (!t || t.kind !== BTF_KIND_PTR) {
    throw new BpfError('EINVAL', `map '${mapName}': ${member.name} spec is not PTR: ${t ? kindName(t.kind) : 'void'}`, { file: ctx.file, section: '.maps' });
  }
  return t.type;
}

/**
 * Parse one BTF map definition (libbpf parse_btf_map_def). `typeId` is the VAR's type.
 * Returns the spec and, for map-in-map / prog arrays, the bit offset of `values`.
 */
export function parseBtfMapDef(btf: Btf, name: string, typeId: number, inner: boolean, ctx: Ctx): { map: MapSpec; valuesOffset: number | undefined } {
  const where = { file: ctx.file, section: '.maps' };
  const def = btf.types[btf.resolve(typeId)];
  if (!def || def.kind !== BTF_KIND_STRUCT) {
    throw new BpfError('EINVAL', `map '${name}': unexpected def kind ${def ? kindName(def.kind) : 'void'}`, where);
  }
  const map = emptyMap(name, '.maps', inner ? 'inner' : 'btf');
  let keySize: number | undefined;
  let valueSize: number | undefined;
  let valuesOffset: number | undefined;
  let valuesMember: { name: string; type: number } | undefined;
  const seen = new Set<string>();
  def.members.forEach((m, i) => {
    if (!m.name) throw new BpfError('EINVAL', `map '${name}': invalid field #${i}`, where);
    if (seen.has(m.name)) throw new BpfError('EINVAL', `map '${name}': duplicate attribute '${m.name}'`, where);
    seen.add(m.name);
    switch (m.name) {
      case 'type': map.type = fieldInt(btf, name, m, ctx); break;
      case 'max_entries': map.maxEntries = fieldInt(btf, name, m, ctx); break;
      case 'map_flags': map.flags = fieldInt(btf, name, m, ctx); break;
      case 'numa_node': map.numaNode = fieldInt(btf, name, m, ctx); map.flags |= BPF_F_NUMA_NODE; break;
      case 'map_extra': map.mapExtra = fieldLong(btf, name, m, ctx); break;
      case 'key_size': case 'value_size': {
        const sz = fieldInt(btf, name, m, ctx);
        const prev = m.name === 'key_size' ? keySize : valueSize;
        if (prev !== undefined && prev !== sz) throw new BpfError('EINVAL', `map '${name}': conflicting ${m.name.replace('_size', '')} size ${prev} != ${sz}`, where);
        if (m.name === 'key_size') keySize = sz;
        else valueSize = sz;
        break;
      }
      case 'key': case 'value': {
        const tid = fieldType(btf, name, m, ctx);
        let sz: number;
        try {
          sz = btf.sizeof(tid);
        } catch (e) {
          throw new BpfError('EINVAL', `map '${name}': can't determine ${m.name} size for type [${tid}]: ${e instanceof BpfError ? e.reason : String(e)}`, where);
        }
        const prev = m.name === 'key' ? keySize : valueSize;
        if (prev !== undefined && prev !== sz) throw new BpfError('EINVAL', `map '${name}': conflicting ${m.name} size ${prev} != ${sz}`, where);
        if (m.name === 'key') { keySize = sz; map.keyTypeId = tid; } else { valueSize = sz; map.valueTypeId = tid; }
        break;
      }
      case 'values': {
        if (inner) throw new BpfError('EINVAL', `map '${name}': multi-level inner maps not supported`, where);
        if (i !== def.members.length - 1) throw new BpfError('EINVAL', `map '${name}': '${m.name}' member should be last`, where);
        valuesOffset = m.bitOffset;
        valuesMember = m;
        break;
      }
      case 'pinning': {
        if (inner) throw new BpfError('EINVAL', `map '${name}': inner def can't be pinned`, where);
        const v = fieldInt(btf, name, m, ctx);
        if (v !== LIBBPF_PIN_NONE && v !== LIBBPF_PIN_BY_NAME) throw new BpfError('EINVAL', `map '${name}': invalid pinning value ${v}`, where);
        map.pinning = v;
        break;
      }
      default:
        // libbpf 1.0 rejects unknown attributes (strict mode)
        throw new BpfError('ENOTSUPP', `map '${name}': unknown field '${m.name}'`, where);
    }
  });
  if (map.type === 0) throw new BpfError('EINVAL', `map '${name}': map type isn't specified`, where);
  if (valuesMember) {
    const isMapInMap = map.type === BPF_MAP_TYPE_ARRAY_OF_MAPS || map.type === BPF_MAP_TYPE_HASH_OF_MAPS;
    const isProgArray = map.type === BPF_MAP_TYPE_PROG_ARRAY;
    if (!isMapInMap && !isProgArray) {
      throw new BpfError('EINVAL', `map '${name}': should be map-in-map or prog-array to have 'values' (is ${mapTypeName(map.type)})`, where);
    }
    const arr = btf.types[btf.skipModifiers(valuesMember.type)];
    if (!arr || arr.kind !== BTF_KIND_ARRAY) throw new BpfError('EINVAL', `map '${name}': 'values' should be an array of pointers`, where);
    const ptr = btf.types[btf.skipModifiers(arr.type)];
    if (!ptr || ptr.kind !== BTF_KIND_PTR) throw new BpfError('EINVAL', `map '${name}': 'values' element should be a pointer`, where);
    const target = btf.types[btf.resolve(ptr.type)];
    if (isProgArray) {
      if (!target || target.kind !== BTF_KIND_FUNC_PROTO) throw new BpfError('EINVAL', `map '${name}': prog-array value def is of unexpected kind ${target ? kindName(target.kind) : 'void'}`, where);
    } else {
      if (!target || target.kind !== BTF_KIND_STRUCT) throw new BpfError('EINVAL', `map '${name}': map-in-map inner def is of unexpected kind ${target ? kindName(target.kind) : 'void'}`, where);
      const innerSpec = parseBtfMapDef(btf, `${name}.inner`, ptr.type, true, ctx).map;
      map.innerMap = innerSpec;
    }
    // values of map-in-map and prog arrays are u32 ids/fds (libbpf sets value_size 4)
    if (valueSize !== undefined && valueSize !== 4) throw new BpfError('EINVAL', `map '${name}': value size ${valueSize} for ${mapTypeName(map.type)} must be 4`, where);
    valueSize = 4;
  }
  map.keySize = keySize ?? 0;
  map.valueSize = valueSize ?? 0;
  return { map, valuesOffset };
}

/** maps of the `.maps` section, in DATASEC order; with each map's byte offset and `values` offset */
export function readBtfMaps(elf: ElfFile, sec: ElfSection, btf: Btf | undefined, ctx: Ctx): { map: MapSpec; offset: number; size: number; valuesOffset?: number }[] {
  const where = { file: ctx.file, section: sec.name };
  if (!btf) throw new BpfError('EINVAL', `section ${sec.name} needs BTF, but the object has no .BTF`, where);
  const ds = btf.find(sec.name, BTF_KIND_DATASEC);
  if (!ds || ds.kind !== BTF_KIND_DATASEC) throw new BpfError('EINVAL', `DATASEC '${sec.name}' not found in BTF`, where);
  const symOff = new Map<string, number>();
  for (const s of elf.symbols) if (s.shndx === sec.index && s.type !== STT_SECTION && s.name) symOff.set(s.name, s.value);
  const out: { map: MapSpec; offset: number; size: number; valuesOffset?: number }[] = [];
  for (const vi of ds.vars) {
    const v = btf.types[vi.type];
    if (!v || v.kind !== BTF_KIND_VAR) throw new BpfError('EINVAL', `.maps DATASEC entry [${vi.type}] is not a VAR`, where);
    const s = v.type && btf.types[btf.resolve(v.type)];
    if (!s || (s.kind !== BTF_KIND_STRUCT && s.kind !== BTF_KIND_UNION)) {
      throw new BpfError('EINVAL', `map '${v.name}': unexpected var kind ${s ? kindName(s.kind) : 'void'}`, where);
    }
    // clang may leave DATASEC offsets unset; libbpf (btf_fixup_datasec) takes them from the symbols
    const offset = symOff.get(v.name) ?? vi.offset;
    const size = vi.size || s.size;
    if (offset + size > sec.size) throw new BpfError('EINVAL', `map '${v.name}' at ${offset}+${size} lies outside ${sec.name} (${sec.size} bytes)`, { ...where, offset });
    const { map, valuesOffset } = parseBtfMapDef(btf, v.name, v.type, false, ctx);
    map.section = sec.name;
    out.push({ map, offset, size, valuesOffset: valuesOffset === undefined ? undefined : valuesOffset / 8 });
  }
  return out;
}

/** struct bpf_map_def (uapi of old libbpf): type, key_size, value_size, max_entries, map_flags */
const BPF_MAP_DEF_SIZE = 20;
/** iproute2's struct bpf_elf_map adds id, pinning, inner_id, inner_idx */
const BPF_ELF_MAP_SIZE = 36;
/** iproute2 PIN_GLOBAL_NS: pinned under the global namespace by name */
const PIN_GLOBAL_NS = 2;
const PIN_OBJECT_NS = 1;

/**
 * iproute2 map-in-map (lib/bpf_legacy.c bpf_map_attach / bpf_fill_prog_arrays): an outer map's
 * `inner_id` names the maps with that `id`; the first is the inner template, and each is put into
 * the outer map at its own `inner_idx`.
 */
export function linkIproute2InnerMaps(maps: MapSpec[], ctx: Ctx): void {
  for (const outer of maps) {
    const innerId = outer.iproute2?.innerId;
    if (!innerId) continue;
    const inners = maps.filter((m) => m !== outer && m.iproute2?.id === innerId);
    if (!inners.length) throw new BpfError('EINVAL', `map '${outer.name}' (iproute2): inner_id ${innerId} names no map of this object`, { file: ctx.file, section: outer.section });
    if (outer.type !== BPF_MAP_TYPE_ARRAY_OF_MAPS && outer.type !== BPF_MAP_TYPE_HASH_OF_MAPS) throw new BpfError('EINVAL', `map '${outer.name}' (iproute2): inner_id is set but the map is not ARRAY_OF_MAPS or HASH_OF_MAPS`, { file: ctx.file, section: outer.section });
    outer.innerMap = { ...inners[0]!, pinning: 0, contents: [], origin: 'inner' };
    for (const m of inners) outer.contents.push({ key: m.iproute2!.innerIdx, map: m.name });
  }
}

/** legacy maps in `maps` (libbpf bpf_object__init_user_maps) */
export function readLegacyMaps(elf: ElfFile, sec: ElfSection, ctx: Ctx): { map: MapSpec; offset: number; size: number }[] {
  const where = { file: ctx.file, section: sec.name };
  const syms = elf.symbols.filter((s) => s.shndx === sec.index && s.type !== STT_SECTION && s.name);
  if (syms.length === 0) return [];
  // the definition size: the symbols' st_size (linked objects leave holes), else section size / count
  const sized = syms.every((s) => s.size > 0);
  if (!sized && (sec.size === 0 || sec.size % syms.length !== 0)) {
    throw new BpfError('EINVAL', `unable to determine legacy map definition size in ${sec.name}: ${sec.size} bytes for ${syms.length} maps`, where);
  }
  const dv = new DataView(sec.data.buffer, sec.data.byteOffset, sec.data.byteLength);
  const le = !elf.bigEndian;
  const out: { map: MapSpec; offset: number; size: number }[] = [];
  for (const s of syms.sort((a, b) => a.value - b.value)) {
    const defSize = sized ? s.size : sec.size / syms.length;
    if (defSize < BPF_MAP_DEF_SIZE) throw new BpfError('EINVAL', `map '${s.name}' (legacy): definition is ${defSize} bytes, less than struct bpf_map_def (${BPF_MAP_DEF_SIZE})`, { ...where, offset: s.value });
    if (s.bind === STB_LOCAL) throw new BpfError('ENOTSUPP', `map '${s.name}' (legacy): static maps are not supported`, { ...where, offset: s.value });
    if (s.value % 4 !== 0 || s.value + defSize > sec.size) throw new BpfError('EINVAL', `map '${s.name}' (legacy) at offset ${s.value} is not a valid bpf_map_def`, { ...where, offset: s.value });
    const o = s.value;
    const map = emptyMap(s.name, sec.name, 'legacy');
    map.type = dv.getUint32(o, le);
    map.keySize = dv.getUint32(o + 4, le);
    map.valueSize = dv.getUint32(o + 8, le);
    map.maxEntries = dv.getUint32(o + 12, le);
    map.flags = dv.getUint32(o + 16, le);
    if (defSize === BPF_ELF_MAP_SIZE) {
      // iproute2 struct bpf_elf_map: id @20, pinning @24, inner_id @28, inner_idx @32
      const pinning = dv.getUint32(o + 24, le);
      if (pinning === PIN_GLOBAL_NS) map.pinning = LIBBPF_PIN_BY_NAME;
      else if (pinning > PIN_GLOBAL_NS) throw new BpfError('ENOTSUPP', `map '${s.name}' (iproute2): pinning type ${pinning} is not supported (PIN_NONE 0, PIN_OBJECT_NS ${PIN_OBJECT_NS}, PIN_GLOBAL_NS ${PIN_GLOBAL_NS})`, { ...where, offset: o + 24 });
      map.iproute2 = { id: dv.getUint32(o + 20, le), pinning, innerId: dv.getUint32(o + 28, le), innerIdx: dv.getUint32(o + 32, le) };
    } else {
      for (let k = o + BPF_MAP_DEF_SIZE; k < o + defSize; k++) {
        if (sec.data[k] !== 0) throw new BpfError('EINVAL', `map '${s.name}' (legacy): unsupported map definition, non-zero byte at ${k - o} past struct bpf_map_def`, { ...where, offset: k });
      }
    }
    out.push({ map, offset: o, size: defSize });
  }
  return out;
}

/** a global data section as a single-element ARRAY map with its initial contents */
export function dataSectionMap(sec: ElfSection, btf: Btf | undefined, origin: 'data' | 'rodata' | 'bss'): MapSpec {
  const map = emptyMap(sec.name, sec.name, origin);
  map.type = BPF_MAP_TYPE_ARRAY;
  map.keySize = 4;
  map.valueSize = sec.size;
  map.maxEntries = 1;
  // libbpf: global data maps are mmapable; .rodata is read-only for programs and frozen after load
  map.flags = BPF_F_MMAPABLE | (origin === 'rodata' ? BPF_F_RDONLY_PROG : 0);
  map.freeze = origin === 'rodata';
  const ds = btf?.find(sec.name, BTF_KIND_DATASEC);
  if (ds) map.valueTypeId = ds.id;
  map.contents = [{ key: 0, value: origin === 'bss' ? new Uint8Array(sec.size) : sec.data.slice() }];
  return map;
}
